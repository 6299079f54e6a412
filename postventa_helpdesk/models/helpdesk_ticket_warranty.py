import pytz
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command

from .helpdesk_ticket import INTERNAL, WARRANTY_STATES


class HelpdeskTicket(models.Model):
    """The unit's warranty on the day the case opened: DOA, void, referral."""

    _inherit = "helpdesk.ticket"

    opening_date = fields.Datetime(
        default=fields.Datetime.now,
        required=True,
        readonly=True,
        copy=False,
        help="When the customer reported the failure: warranty is evaluated on this "
        "day.",
    )
    warranty_purchase_date = fields.Date(
        string="Warranty evaluated with",
        compute="_compute_warranty_purchase_date",
        store=True,
        precompute=True,
        readonly=True,
        copy=False,
        help="The unit's purchase date the warranty was evaluated with: taken when "
        "the case opens, and again only when an agent re-evaluates the warranty.",
    )
    warranty_policy_id = fields.Many2one(
        "postventa.warranty.policy",
        compute="_compute_warranty_policy_id",
        store=True,
        precompute=True,
    )
    days_since_purchase = fields.Integer(
        compute="_compute_warranty", store=True, precompute=True
    )
    warranty_state = fields.Selection(
        WARRANTY_STATES,
        compute="_compute_warranty",
        store=True,
        precompute=True,
        tracking=True,
        index=True,
    )
    warranty_line_ids = fields.One2many(
        "postventa.warranty.line",
        "ticket_id",
        compute="_compute_warranty",
        store=True,
        precompute=True,
        string="Component coverage",
    )
    void_reason_id = fields.Many2one(
        "postventa.void.reason", tracking=True, readonly=True, copy=False
    )
    void_evidence = fields.Text(readonly=True, copy=False, groups=INTERNAL)
    doa_authorization_ids = fields.One2many(
        "postventa.doa.authorization", "ticket_id", string="DOA authorisations"
    )
    doa_exchanged = fields.Boolean(
        compute="_compute_doa_exchanged",
        string="Exchanged under DOA",
        help="The store exchanged the unit under one of this case's DOA "
        "authorisations: no other DOA is issued.",
    )
    is_out_of_scope = fields.Boolean(related="warranty_policy_id.out_of_scope")
    failed_component_id = fields.Many2one(
        "postventa.component",
        string="Failing component",
        tracking=True,
        help="The component found faulty: failure analysis by product and component.",
    )

    @api.depends("doa_authorization_ids.state")
    def _compute_doa_exchanged(self):
        for ticket in self:
            ticket.doa_exchanged = any(
                doa.state == "used" for doa in ticket.doa_authorization_ids
            )

    @api.depends("unit_id.product_id", "company_id")
    def _compute_warranty_policy_id(self):
        policy_model = self.env["postventa.warranty.policy"]
        for ticket in self:
            ticket.warranty_policy_id = policy_model._find_for_product(
                ticket.unit_id.product_id, ticket.company_id
            )

    def _postventa_opening_day(self):
        """Opening date as a day in the company's time zone (what the customer sees)."""
        self.ensure_one()
        tz = pytz.timezone(self.company_id.partner_id.tz or "UTC")
        return pytz.utc.localize(self.opening_date).astimezone(tz).date()

    @api.depends("unit_id")
    def _compute_warranty_purchase_date(self):
        # on "unit_id" alone: a later change of the unit's data does not re-evaluate
        # the warranty of its earlier cases (see action_reevaluate_warranty)
        for ticket in self:
            ticket.warranty_purchase_date = ticket.unit_id.purchase_date

    @api.depends(
        "warranty_policy_id", "warranty_purchase_date", "opening_date", "void_reason_id"
    )
    def _compute_warranty(self):
        for ticket in self:
            state, lines, days = "not_applicable", [], 0
            purchase = ticket.warranty_purchase_date
            if purchase and ticket.opening_date:
                opened = ticket._postventa_opening_day()
                days = (opened - purchase).days
                if ticket.warranty_policy_id:
                    state, lines = ticket.warranty_policy_id._evaluate(purchase, opened)
            if ticket.void_reason_id:
                state = "void"
            ticket.days_since_purchase = days
            ticket.warranty_state = state
            commands = [Command.create(line) for line in lines]
            if ticket.warranty_line_ids:
                commands.insert(0, Command.clear())
            ticket.warranty_line_ids = commands

    def _postventa_reevaluate_warranty(self):
        """Evaluate the warranty again with the unit's current data; the chatter
        says what changed. Runs with the rights of its caller, who may write the
        case (Re-evaluate warranty, a purchase date changed, declared data
        accepted)."""
        labels = dict(self._fields["warranty_state"]._description_selection(self.env))
        for ticket in self:
            before = ticket.warranty_state
            ticket._postventa_action_write(
                {"warranty_purchase_date": ticket.unit_id.purchase_date}
            )
            if ticket.warranty_state != before:
                ticket._postventa_note(
                    self.env._(
                        "Warranty re-evaluated by %(user)s: %(before)s → %(after)s.",
                        user=self.env.user.name,
                        before=labels.get(before, "-"),
                        after=labels.get(ticket.warranty_state, "-"),
                    )
                )

    def action_reevaluate_warranty(self):
        """The agent re-evaluates the warranty after the unit's data changed."""
        if not self.env.user.has_group("helpdesk_mgmt.group_helpdesk_user_own"):
            raise AccessError(
                self.env._("Only helpdesk staff can re-evaluate a warranty.")
            )
        self.check_access("write")
        self._postventa_reevaluate_warranty()
        return True

    def _postventa_failure_covered(self):
        """Whether the warranty pays for this failure: a DOA or in-warranty unit, or
        a partly covered one whose failing component is still covered."""
        self.ensure_one()
        if self.warranty_state in ("doa", "in_warranty"):
            return True
        return self.warranty_state == "partial" and any(
            line.covered and line.component_id == self.failed_component_id
            for line in self.warranty_line_ids
        )

    def action_issue_doa(self):
        """Issue the numbered DOA authorisation the customer takes to the store."""
        self.ensure_one()
        self._postventa_check_doa_issue()
        self.check_access("write")
        doa = self.env["postventa.doa.authorization"]._postventa_action_create(
            self._prepare_doa_authorization_vals()
        )
        self.resolution_code_id = self._postventa_resolution("resolution_doa")
        self._postventa_note(
            Markup("<p>%s</p>")
            % self.env._(
                "DOA authorisation %(number)s issued, valid until %(date)s: the store "
                "exchanges unit %(serial)s.",
                number=doa.name,
                date=self.company_id.partner_id._postventa_format_date(doa.valid_until),
                serial=self.serial,
            ),
        )
        return self.env.ref(
            "postventa_helpdesk.action_report_doa_authorization"
        ).report_action(doa, config=False)

    def _prepare_doa_authorization_vals(self):
        """The DOA authorisation this case issues: numbered, dated on the
        company's day (not the server's UTC one), valid for the policy's days."""
        self.ensure_one()
        today = self.company_id.partner_id._postventa_today()
        return {
            "name": self.env["ir.sequence"].next_by_code("postventa.doa.authorization"),
            "ticket_id": self.id,
            "unit_id": self.unit_id.id,
            "issue_date": today,
            "valid_until": fields.Date.add(
                today, days=self.warranty_policy_id.doa_validity_days
            ),
        }

    def _postventa_check_doa_issue(self):
        """Refuse a DOA authorisation for a case without its unit and policy, out
        of the DOA window, without the proof the policy requires, or whose unit
        was already exchanged or has a valid authorisation."""
        self.ensure_one()
        policy = self.warranty_policy_id
        if not self.unit_id or not policy:
            raise UserError(
                self.env._(
                    "Register the unit and its product before issuing a DOA "
                    "authorisation."
                )
            )
        if self.warranty_state == "void":
            raise UserError(
                self.env._(
                    "The warranty of this unit is void (%(reason)s): no DOA exchange.",
                    reason=self.void_reason_id.name,
                )
            )
        if self.warranty_state != "doa":
            if not self.purchase_date:
                raise UserError(
                    self.env._("Record the purchase date to check the DOA window.")
                )
            raise UserError(
                self.env._(
                    "Not a DOA case: %(days)s days have passed since the purchase and "
                    "the "
                    "DOA window of %(policy)s is %(window)s days.",
                    days=self.days_since_purchase,
                    policy=policy.name,
                    window=policy.doa_days,
                )
            )
        if policy.proof_required and not self.has_proof_of_purchase:
            raise UserError(
                self.env._(
                    "%(policy)s requires the proof of purchase: attach it to the unit "
                    "before issuing the DOA authorisation.",
                    policy=policy.name,
                )
            )
        self._postventa_check_no_doa_yet()

    def _postventa_check_no_doa_yet(self):
        """Refuse a second DOA: the unit was exchanged, or an authorisation is
        still valid."""
        self.ensure_one()
        used = self.doa_authorization_ids.filtered(lambda d: d.state == "used")
        if used:
            raise UserError(
                self.env._(
                    "The unit was already exchanged under DOA authorisation "
                    "%(number)s: no second DOA exchange.",
                    number=used[0].name,
                )
            )
        current = self.doa_authorization_ids.filtered(
            lambda d: d.state == "issued" and not d.is_expired
        )
        if current:
            raise UserError(
                self.env._(
                    "DOA authorisation %(number)s is already valid for this case.",
                    number=current[0].name,
                )
            )

    def _postventa_void(self, reason, evidence, attachments=None):
        """Void the warranty for ``reason``; the customer is told why."""
        self.ensure_one()
        policy = self.warranty_policy_id
        if policy.void_reason_ids and reason not in policy.void_reason_ids:
            raise UserError(
                self.env._(
                    "%(reason)s is not a void reason of %(policy)s.",
                    reason=reason.name,
                    policy=policy.name,
                )
            )
        if not (evidence or "").strip():
            raise UserError(
                self.env._("Describe the evidence that voids the warranty.")
            )
        self._postventa_action_write(
            {"void_reason_id": reason.id, "void_evidence": evidence}
        )
        if attachments:
            attachments.write({"res_model": self._name, "res_id": self.id})
        # the customer reads the notice in their language, from the company
        reader = self._postventa_in_reader_lang(self.partner_id)
        self.message_post(
            body=Markup("<p>%s</p><p>%s</p>")
            % (
                reader.env._(
                    "The warranty of your unit %(serial)s is void.",
                    serial=self.serial or "",
                ),
                reason.with_env(reader.env).customer_explanation,
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.partner_id.ids,
            attachment_ids=attachments.ids if attachments else [],
            **self._postventa_company_author(),
        )

    def action_refer(self):
        """Out-of-scope product: tell the customer where to go and close as referred."""
        for ticket in self:
            policy = ticket.warranty_policy_id
            if not policy.out_of_scope:
                raise UserError(
                    self.env._(
                        "We service %(product)s: only out-of-scope products are "
                        "referred.",
                        product=ticket.unit_product_id.display_name or "-",
                    )
                )
            centre = policy.referral_partner_id
            address = centre._postventa_address_line() or "-"
            # the customer reads the notice in their language, from the company
            reader = ticket._postventa_in_reader_lang(ticket.partner_id)
            body = Markup(
                "<p>%s</p><ul><li><b>%s</b></li><li>%s</li><li>%s</li></ul>"
            ) % (
                reader.env._(
                    "We do not service %(product)s. Please contact the authorised "
                    "service centre:",
                    product=reader.unit_product_id.display_name,
                ),
                centre.name,
                address,
                reader.env._(
                    "Phone: %(phone)s", phone=centre.phone or centre.mobile or "-"
                ),
            )
            instructions = policy.with_env(reader.env).referral_instructions
            if instructions:
                body += Markup("<p>%s</p>") % instructions
            ticket.message_post(
                body=body,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=ticket.partner_id.ids,
                **ticket._postventa_company_author(),
            )
            ticket._postventa_set_stage(
                "done",
                {
                    "resolution_code_id": self._postventa_resolution(
                        "resolution_referred"
                    ).id
                },
            )

    def action_open_void_wizard(self):
        return self._postventa_wizard(
            "postventa.void.wizard", self.env._("Void warranty")
        )

    def write(self, vals):
        """Side effect: a staff change of the purchase date re-evaluates the
        warranty of these cases (not of the unit's other cases) and notes it in
        their chatter (:meth:`_postventa_reevaluate_warranty`)."""
        result = super().write(vals)
        if "purchase_date" in vals:
            self._postventa_reevaluate_warranty()
        return result

    def _postventa_action_owned_touched(self, vals):
        """The opening date is given when the case is opened (phone intake, portal,
        mail): the warranty and the SLA are computed from it, so it changes no
        more afterwards (a later date would turn a case into a DOA unseen)."""
        touched = super()._postventa_action_owned_touched(vals)
        if self and "opening_date" in vals:
            touched["opening_date"] = self.env._("opening the case")
        return touched

    def _postventa_action_owned_fields(self):
        evaluate = self.env._("Re-evaluate warranty")
        return super()._postventa_action_owned_fields() | {
            "warranty_purchase_date": evaluate,
            "warranty_policy_id": evaluate,
            "days_since_purchase": evaluate,
            "warranty_state": evaluate,
            "warranty_line_ids": evaluate,
            "void_reason_id": self.env._("Void warranty"),
            "void_evidence": self.env._("Void warranty"),
        }
