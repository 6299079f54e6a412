from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.postventa_helpdesk.models.helpdesk_ticket import INTERNAL

SALESMAN = "sales_team.group_sale_salesman"


class HelpdeskTicket(models.Model):
    """Change management (Aserti's procedure, "Centro de Gestión de Cambios"): the
    technical and economic evaluation of a change, its quotation sent from the case, and
    the case moving on with the customer's answer. The SLA clock waits while the
    quotation is with the customer."""

    _inherit = "helpdesk.ticket"

    postventa_stage_kind = fields.Selection(
        related="stage_id.postventa_kind", string="Stage meaning"
    )
    change_description = fields.Html(
        string="Change to make",
        groups=INTERNAL,
        help="What changes, as evaluated by the technician.",
    )
    change_effort_hours = fields.Float(
        string="Estimated effort (hours)", groups=INTERNAL, tracking=True
    )
    change_planned_date = fields.Date(
        string="Planned date",
        groups=INTERNAL,
        tracking=True,
        help="When the change will be made once the customer accepts the quotation.",
    )
    change_evaluated_by_id = fields.Many2one(
        "res.users",
        string="Evaluated by",
        domain=[("share", "=", False)],
        groups=INTERNAL,
        tracking=True,
        help="The technician who evaluated the change; the planned work is "
        "scheduled for them when the customer accepts.",
    )
    postventa_sale_order_ids = fields.One2many(
        "sale.order",
        "postventa_ticket_id",
        string="Quotations",
        groups=SALESMAN,
    )
    postventa_sale_order_count = fields.Integer(
        compute="_compute_postventa_sale_order_count",
        string="Quotations count",
        groups=SALESMAN,
    )

    @api.depends("postventa_sale_order_ids")
    def _compute_postventa_sale_order_count(self):
        counts = dict(
            self.env["sale.order"]._read_group(
                [("postventa_ticket_id", "in", self.ids)],
                ["postventa_ticket_id"],
                ["__count"],
            )
        )
        for ticket in self:
            ticket.postventa_sale_order_count = counts.get(ticket, 0)

    def _postventa_change_orders_sudo(self):
        """These cases' change quotations, read as superuser: the SLA clock and
        the evaluation's constraint run for users without sales rights (a
        technician evaluating the change); they only read the quotations'
        states, never return them to the user."""
        return (
            self.env["sale.order"]
            .sudo()
            .search(
                [
                    ("postventa_ticket_id", "in", self.ids),
                    ("postventa_purpose", "=", "change"),
                ]
            )
        )

    def _postventa_change_quotes_with_customer(self):
        """The cases whose change quotation the customer has (sent, or
        accepted), and those waiting for the customer's answer (sent, not
        expired)."""
        orders_sudo = self._postventa_change_orders_sudo()
        quoted = orders_sudo.filtered(lambda o: o.state in ("sent", "sale"))
        waiting = orders_sudo.filtered(
            lambda o: o.state == "sent" and not o.postventa_expiry_handled
        )
        return quoted.postventa_ticket_id, waiting.postventa_ticket_id

    # --- evaluation --------------------------------------------------------------
    def _postventa_check_change_evaluation(self):
        """The evaluation is complete: what changes, the effort, the planned date and
        who evaluated it (read by the agent sending the quotation, or by the
        quotation's constraint)."""
        for ticket in self:
            missing = []
            if not ticket.change_description or not (
                ticket.change_description.striptags().strip()
            ):
                missing.append(self.env._("what changes"))
            if ticket.change_effort_hours <= 0:
                missing.append(self.env._("the estimated effort"))
            if not ticket.change_planned_date:
                missing.append(self.env._("the planned date"))
            if not ticket.change_evaluated_by_id:
                missing.append(self.env._("the technician who evaluated it"))
            if missing:
                raise ValidationError(
                    self.env._(
                        "Evaluate the change of case %(case)s before its quotation "
                        "goes to the customer: %(missing)s missing.",
                        case=ticket.number,
                        missing=", ".join(missing),
                    )
                )

    @api.constrains(
        "change_description",
        "change_effort_hours",
        "change_planned_date",
        "change_evaluated_by_id",
    )
    def _check_change_evaluation_kept(self):
        """An evaluation the customer has (or accepted) a quotation for stays
        complete."""
        quoted = self._postventa_change_quotes_with_customer()[0]
        quoted._postventa_check_change_evaluation()

    # --- actions -----------------------------------------------------------------
    def action_create_change_quotation(self):
        """A draft quotation for the change, for the commercial department to
        price (created with the user's own sales rights)."""
        self.ensure_one()
        self.check_access("write")
        if not self.partner_id:
            raise UserError(
                self.env._("Case %(case)s has no customer.", case=self.number)
            )
        open_quote = self.env["sale.order"].search(
            [
                ("postventa_ticket_id", "=", self.id),
                ("postventa_purpose", "=", "change"),
                ("state", "in", ("draft", "sent")),
            ],
            limit=1,
        )
        if open_quote:
            raise UserError(
                self.env._(
                    "Case %(case)s already has quotation %(order)s open.",
                    case=self.number,
                    order=open_quote[0].name,
                )
            )
        lines = []
        if self.change_description and self.change_description.striptags().strip():
            lines.append(
                Command.create(
                    {
                        "display_type": "line_note",
                        "name": self.change_description.striptags().strip(),
                    }
                )
            )
        # postventa_* fields are readonly in the form, set here once
        order = self.env["sale.order"].create(
            {
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "origin": self.number,
                "postventa_ticket_id": self.id,
                "postventa_unit_id": self.unit_id.id,
                "postventa_purpose": "change",
                "order_line": lines,
            }
        )
        self._postventa_note(
            self.env._("Change quotation %(order)s drafted.", order=order.name)
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": order.id,
            "view_mode": "form",
        }

    def action_send_change_quotation(self):
        """Send the open change quotation with sale's own mail (in the customer's
        language); the evaluation must be complete."""
        self.ensure_one()
        self._postventa_check_change_evaluation()
        order = self.env["sale.order"].search(
            [
                ("postventa_ticket_id", "=", self.id),
                ("postventa_purpose", "=", "change"),
                ("state", "in", ("draft", "sent")),
            ],
            limit=1,
        )
        if not order:
            raise UserError(
                self.env._(
                    "Case %(case)s has no open change quotation: create one first.",
                    case=self.number,
                )
            )
        return order.action_quotation_send()

    def action_view_postventa_sale_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale.action_quotations_with_onboarding"
        )
        action.update(
            domain=[("postventa_ticket_id", "=", self.id)],
            context={"create": False},
        )
        return action

    # --- the customer's answer -------------------------------------------------------
    def _postventa_waits_for_customer(self):
        """A change quotation with the customer stops the SLA clock too."""
        return super()._postventa_waits_for_customer() or bool(
            self._postventa_change_quotes_with_customer()[1]
        )

    def _postventa_change_order_moved(self, order):
        """The state of change quotation ``order`` changed (sale.order.write,
        which checked that whoever moved it may change this case, or the portal's
        doors, as superuser once sale checked the customer's token)."""
        self.ensure_one()
        ticket = self
        if order.state == "sent":
            stage = ticket.team_id._postventa_stage("change")
            if ticket.stage_id != stage:
                ticket.stage_id = stage
        elif order.state == "sale":
            ticket._postventa_change_order_accepted(order)
        elif order.state == "cancel" and not order.postventa_expiry_handled:
            # (an expired quotation already sent its case back, once)
            reason = self.env.context.get("postventa_decline_reason") or self.env._(
                "Quotation %(order)s cancelled.", order=order.name
            )
            ticket._postventa_change_order_refused(order, reason)
        ticket._postventa_sync_sla_clock()

    def _postventa_change_order_accepted(self, order):
        self.ensure_one()
        ticket = self
        ticket.stage_id = ticket.team_id._postventa_stage("progress")
        technician = ticket.change_evaluated_by_id
        user = technician or ticket.user_id or self.env.ref("base.user_root")
        # the customer accepted it on the portal: the technician's words, not hers
        ticket.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=ticket.change_planned_date or fields.Date.context_today(self),
            user_id=user.id,
            summary=self.with_context(lang=user.lang).env._(
                "Make the change accepted in %(order)s", order=order.name
            ),
            note=ticket.change_description,
        )
        ticket._postventa_note(
            self.env._(
                "The customer accepted change quotation %(order)s: the work is planned "
                "for %(date)s.",
                order=order.name,
                date=ticket.change_planned_date,
            )
        )

    def _postventa_change_order_refused(self, order, reason):
        """Declined, cancelled or expired: the case goes back to the customer (the
        clock stays stopped) with the reason, for the agent to agree on a new
        quotation or to close it."""
        self.ensure_one()
        ticket = self
        stage = ticket.team_id._postventa_stage("customer")
        if ticket.stage_id != stage:
            ticket.stage_id = stage
        ticket._postventa_note(
            Markup("<p>%s</p><p>%s</p>")
            % (
                self.env._(
                    "Change quotation %(order)s was not accepted: the case waits for "
                    "the customer.",
                    order=order.name,
                ),
                reason,
            )
        )
        ticket._postventa_sync_sla_clock()
