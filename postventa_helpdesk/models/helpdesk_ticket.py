from datetime import timedelta

import pytz
from markupsafe import Markup

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command

from .helpdesk_ticket_portal import HelpdeskTicketPortal
from .helpdesk_ticket_stage import KINDS_BEFORE_APPROVAL
from .postventa_priority_rule import LEVELS
from .postventa_visit import WAITING_FOR_CUSTOMER

# Fields of the case's internals (escalation, approval, SLA clock, survey token):
# employees only, so that portal users read none of them on any door (RPC too).
INTERNAL = "base.group_user"
# Fields only the case's own actions write (approve, escalate, the SLA clock and its
# cron, the survey, the warranty re-evaluation): those check who may, then write as
# superuser. Any other door (a form, JSON-RPC, an import) is refused.
ACTION_FIELDS = frozenset(
    {
        "approved_by_id",
        "approved_date",
        "escalation_reason",
        "escalated_by_id",
        "escalated_date",
        "escalation_count",
        "reopen_count",
        "first_response_date",
        "sla_pause_start",
        "sla_paused_hours",
        "sla_response_breached",
        "sla_resolution_breached",
        "survey_user_input_id",
        "survey_sent_date",
        "survey_reminder_sent",
        "warranty_purchase_date",
    }
)

WARRANTY_STATES = [
    ("doa", "Dead on arrival"),
    ("in_warranty", "In warranty"),
    ("partial", "Partial (some components)"),
    ("out_of_warranty", "Out of warranty"),
    ("void", "Void"),
    ("not_applicable", "Not applicable"),
]


class HelpdeskTicket(HelpdeskTicketPortal, models.Model):
    _inherit = "helpdesk.ticket"

    # --- the unit -----------------------------------------------------------
    unit_id = fields.Many2one(
        "postventa.unit", string="Unit", tracking=True, index=True, ondelete="restrict"
    )
    serial = fields.Char(related="unit_id.serial", string="Serial number")
    unit_product_id = fields.Many2one(
        related="unit_id.product_id", string="Product", store=True, index=True
    )
    purchase_date = fields.Date(related="unit_id.purchase_date", readonly=False)
    store_id = fields.Many2one(
        related="unit_id.store_id", string="Store", readonly=False
    )
    contract_number = fields.Char(related="unit_id.contract_number", readonly=False)
    equipment_location = fields.Char(related="unit_id.location", readonly=False)
    has_proof_of_purchase = fields.Boolean(compute="_compute_has_proof_of_purchase")
    partner_phone = fields.Char(string="Phone")
    unit_history_ids = fields.Many2many(
        "helpdesk.ticket", compute="_compute_unit_history", string="Case history"
    )
    unit_history_count = fields.Integer(
        compute="_compute_unit_history", string="Other cases"
    )

    # --- warranty -----------------------------------------------------------
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
    is_out_of_scope = fields.Boolean(related="warranty_policy_id.out_of_scope")
    failed_component_id = fields.Many2one(
        "postventa.component",
        string="Failing component",
        tracking=True,
        help="The component found faulty: failure analysis by product and component.",
    )

    # --- triage -------------------------------------------------------------
    severity = fields.Selection(LEVELS, default="medium", required=True, tracking=True)
    urgency = fields.Selection(LEVELS, default="medium", required=True, tracking=True)
    priority = fields.Selection(
        default=None,  # the matrix decides, not helpdesk_mgmt's "Medium"
        compute="_compute_priority",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
    )
    priority_override_reason = fields.Char(
        tracking=True,
        copy=False,
        help="Why a person set another priority than the severity × urgency "
        "matrix's (the override wizard): while it is set, a change of severity or "
        "urgency leaves the priority as it is.",
        groups=INTERNAL,
    )
    classification_id = fields.Many2one("postventa.classification", tracking=True)
    service_type_id = fields.Many2one("postventa.service.type", tracking=True)
    resolution_code_id = fields.Many2one(
        "postventa.resolution.code", tracking=True, copy=False
    )
    approval_state = fields.Selection(
        [
            ("not_required", "Not required"),
            ("pending", "Awaiting approval"),
            ("approved", "Approved"),
        ],
        compute="_compute_approval_state",
        store=True,
        precompute=True,
    )
    approved_by_id = fields.Many2one(
        "res.users", readonly=True, copy=False, tracking=True, groups=INTERNAL
    )
    approved_date = fields.Datetime(readonly=True, copy=False, groups=INTERNAL)
    escalation_reason = fields.Text(readonly=True, copy=False, groups=INTERNAL)
    escalated_by_id = fields.Many2one(
        "res.users", readonly=True, copy=False, groups=INTERNAL
    )
    escalated_date = fields.Datetime(readonly=True, copy=False, groups=INTERNAL)
    escalation_count = fields.Integer(readonly=True, copy=False, groups=INTERNAL)
    escalation_team_id = fields.Many2one(
        related="team_id.escalation_team_id", string="Escalates to"
    )
    reopen_count = fields.Integer(readonly=True, copy=False)

    # --- SLA ----------------------------------------------------------------
    zone_id = fields.Many2one(
        "postventa.zone",
        compute="_compute_zone_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
    )
    sla_response_policy_id = fields.Many2one(
        "postventa.sla.policy",
        string="First response SLA",
        compute="_compute_sla_policies",
        store=True,
        groups=INTERNAL,
    )
    sla_resolution_policy_id = fields.Many2one(
        "postventa.sla.policy",
        string="Resolution SLA",
        compute="_compute_sla_policies",
        store=True,
        groups=INTERNAL,
    )
    sla_response_deadline = fields.Datetime(
        string="First response due", compute="_compute_sla_deadlines", store=True
    )
    sla_resolution_deadline = fields.Datetime(
        string="Resolution due",
        compute="_compute_sla_deadlines",
        store=True,
        index=True,
    )
    sla_resolution_risk_date = fields.Datetime(
        string="Resolution at risk from",
        compute="_compute_sla_deadlines",
        store=True,
        groups=INTERNAL,
    )
    first_response_date = fields.Datetime(readonly=True, copy=False, tracking=True)
    sla_pause_start = fields.Datetime(
        readonly=True,
        copy=False,
        help="Set while the case waits for the customer: the SLA clock is stopped.",
        groups=INTERNAL,
    )
    sla_paused_hours = fields.Float(
        string="Paused business hours", readonly=True, copy=False, groups=INTERNAL
    )
    sla_response_breached = fields.Boolean(readonly=True, copy=False, groups=INTERNAL)
    sla_resolution_breached = fields.Boolean(readonly=True, copy=False, groups=INTERNAL)
    # --- on-site visits ------------------------------------------------------
    visit_ids = fields.One2many("postventa.visit", "ticket_id", string="On-site visits")
    visit_count = fields.Integer(compute="_compute_visit_count", string="Visits")
    # --- satisfaction survey -------------------------------------------------
    survey_user_input_id = fields.Many2one(
        "survey.user_input",
        string="Survey answer",
        readonly=True,
        copy=False,
        groups=INTERNAL,
    )
    survey_sent_date = fields.Datetime(readonly=True, copy=False, groups=INTERNAL)
    survey_reminder_sent = fields.Boolean(readonly=True, copy=False, groups=INTERNAL)
    survey_state = fields.Selection(
        related="survey_user_input_id.state", string="Survey", groups=INTERNAL
    )
    csat_score = fields.Float(
        string="Satisfaction (%)",
        related="survey_user_input_id.scoring_percentage",
        store=True,
        aggregator="avg",
        groups=INTERNAL,
    )
    attention_business_hours = fields.Float(
        string="Attention time (business hours)",
        compute="_compute_case_times",
        store=True,
        help="From opening to the first response.",
        aggregator="avg",
        groups=INTERNAL,
    )
    attention_calendar_hours = fields.Float(
        string="Attention time (hours)",
        compute="_compute_case_times",
        store=True,
        aggregator="avg",
        groups=INTERNAL,
    )
    resolution_business_hours = fields.Float(
        string="Resolution time (business hours)",
        compute="_compute_case_times",
        store=True,
        help="From opening to closing.",
        aggregator="avg",
        groups=INTERNAL,
    )
    resolution_calendar_hours = fields.Float(
        string="Resolution time (hours)",
        compute="_compute_case_times",
        store=True,
        aggregator="avg",
        groups=INTERNAL,
    )
    sla_status = fields.Selection(
        [
            ("on_track", "On track"),
            ("at_risk", "At risk"),
            ("breached", "Breached"),
            ("paused", "Paused"),
            ("met", "Met"),
        ],
        string="SLA",
        compute="_compute_sla_status",
    )

    # ------------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------------
    @api.depends("unit_id")
    def _compute_has_proof_of_purchase(self):
        for ticket in self:
            ticket.has_proof_of_purchase = bool(
                ticket.unit_id.with_context(bin_size=True).proof_of_purchase
            )

    @api.depends("visit_ids")
    def _compute_visit_count(self):
        for ticket in self:
            ticket.visit_count = len(ticket.visit_ids)

    @api.depends("unit_id.ticket_ids")
    def _compute_unit_history(self):
        # through the unit's cases: one query for a whole list of tickets, none
        # for a unit registered in this transaction (its cases are in the cache)
        for ticket in self:
            history = ticket.unit_id.ticket_ids - ticket._origin
            ticket.unit_history_ids = history
            ticket.unit_history_count = len(history)

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

    @api.depends("severity", "urgency", "company_id")
    def _compute_priority(self):
        """The severity × urgency matrix proposes the priority; it refuses nothing.

        Anyone may write another priority (an import, a mail rule, another addon, a
        JSON-RPC client): it is kept and tracked, and the matrix proposes again when
        the severity or the urgency changes. A priority a person overrode with a
        reason (the override wizard of the form) stays, whatever the matrix says,
        until someone overrides it again."""
        rules = self.env["postventa.priority.rule"]
        for ticket in self:
            if ticket.priority_override_reason and ticket.priority:
                ticket.priority = ticket.priority
                continue
            ticket.priority = (
                rules._priority_for(ticket.severity, ticket.urgency, ticket.company_id)
                or ticket.priority
                or "1"
            )

    @api.depends("classification_id.requires_approval", "approved_date")
    def _compute_approval_state(self):
        for ticket in self:
            if not ticket.classification_id.requires_approval:
                ticket.approval_state = "not_required"
            else:
                ticket.approval_state = (
                    "approved" if ticket.approved_date else "pending"
                )

    @api.depends(
        "partner_id.city", "partner_id.state_id", "partner_id.country_id", "company_id"
    )
    def _compute_zone_id(self):
        zones = self.env["postventa.zone"]
        for ticket in self:
            if ticket.partner_id:
                ticket.zone_id = zones._find_for_partner(
                    ticket.partner_id, ticket.company_id
                )

    @api.depends("priority", "service_type_id", "zone_id", "team_id", "company_id")
    def _compute_sla_policies(self):
        policies = self.env["postventa.sla.policy"]
        for ticket in self:
            values = (
                ticket.company_id.id,
                ticket.priority,
                ticket.service_type_id.id,
                ticket.zone_id.id,
                ticket.team_id.id,
            )
            ticket.sla_response_policy_id = policies._match("first_response", *values)
            ticket.sla_resolution_policy_id = policies._match("resolution", *values)

    @api.depends(
        "opening_date",
        "sla_response_policy_id.hours",
        "sla_resolution_policy_id.hours",
        "sla_resolution_policy_id.at_risk_percent",
        "sla_paused_hours",
    )
    def _compute_sla_deadlines(self):
        """Deadlines in business hours. One timeline per calendar serves the whole
        batch, so a recompute costs the same few queries for 1 or 1000 cases."""
        timelines = {}
        opened = [t.opening_date for t in self if t.opening_date]
        policies = self.sla_response_policy_id | self.sla_resolution_policy_id
        if opened and policies:
            longest = max(policies.mapped("hours")) + max(
                self.mapped("sla_paused_hours") or [0]
            )
            span = (min(opened), max(opened) + timedelta(days=14 + int(longest / 4)))
            for calendar in policies.calendar_id:
                timelines[calendar] = calendar._timeline(*span)

        def plan(start, policy, hours):
            calendar = policy.calendar_id
            return calendar._plan_hours(start, hours, timelines.get(calendar))

        for ticket in self:
            response, resolution = (
                ticket.sla_response_policy_id,
                ticket.sla_resolution_policy_id,
            )
            ticket.sla_response_deadline = (
                plan(ticket.opening_date, response, response.hours)
                if response and ticket.opening_date
                else False
            )
            if resolution and ticket.opening_date:
                paused = ticket.sla_paused_hours
                ticket.sla_resolution_deadline = plan(
                    ticket.opening_date, resolution, resolution.hours + paused
                )
                safe_share = 1 - resolution.at_risk_percent / 100
                ticket.sla_resolution_risk_date = plan(
                    ticket.opening_date,
                    resolution,
                    resolution.hours * safe_share + paused,
                )
            else:
                ticket.sla_resolution_deadline = ticket.sla_resolution_risk_date = False

    @api.depends(
        "opening_date",
        "first_response_date",
        "closed_date",
        "sla_resolution_policy_id.calendar_id",
        "team_id.business_calendar_id",
    )
    def _compute_case_times(self):
        for ticket in self:
            calendar = (
                ticket.team_id.business_calendar_id
                or ticket.sla_resolution_policy_id.calendar_id
            )
            for end, business, elapsed in (
                (
                    ticket.first_response_date,
                    "attention_business_hours",
                    "attention_calendar_hours",
                ),
                (
                    ticket.closed_date,
                    "resolution_business_hours",
                    "resolution_calendar_hours",
                ),
            ):
                start = ticket.opening_date
                if start and end and end > start:
                    ticket[elapsed] = (end - start).total_seconds() / 3600
                    ticket[business] = (
                        calendar._business_hours(start, end)
                        if calendar
                        else ticket[elapsed]
                    )
                else:
                    ticket[elapsed] = ticket[business] = 0.0

    def _postventa_duration_label(self, hours):
        """'2 h 05 min', or '3 d 4 h' past a day, for mails and reports."""
        minutes = round(hours * 60)
        if minutes >= 24 * 60:
            return self.env._(
                "%(days)s d %(hours)s h",
                days=minutes // 1440,
                hours=minutes % 1440 // 60,
            )
        return self.env._(
            "%(hours)s h %(minutes)02d min", hours=minutes // 60, minutes=minutes % 60
        )

    def _postventa_customer_tz(self, fallback="UTC"):
        """The customer's time zone; failing that, the team's business hours' (where
        the team serves), then the company's, then ``fallback``."""
        self.ensure_one()
        return (
            self.partner_id.tz
            or self.team_id.business_calendar_id.tz
            or self.company_id.partner_id.tz
            or fallback
        )

    def _postventa_opening_label(self):
        """Opening date and time in the customer's time zone."""
        self.ensure_one()
        tz = self._postventa_customer_tz()
        return (
            tools.format_datetime(
                self.env, self.opening_date, tz=tz, dt_format="medium"
            )
            + f" ({tz})"
        )

    @api.depends(
        "sla_response_deadline",
        "sla_resolution_deadline",
        "sla_resolution_risk_date",
        "first_response_date",
        "closed_date",
        "stage_id",
        "sla_pause_start",
    )
    def _compute_sla_status(self):
        now = fields.Datetime.now()
        for ticket in self:
            if not (ticket.sla_resolution_deadline or ticket.sla_response_deadline):
                ticket.sla_status = False
                continue
            late_response = ticket.sla_response_deadline and (
                (ticket.first_response_date or now) > ticket.sla_response_deadline
            )
            resolution_end = ticket.closed_date if ticket.closed else now
            late_resolution = ticket.sla_resolution_deadline and (
                resolution_end > ticket.sla_resolution_deadline
                and not ticket.sla_pause_start
            )
            if late_response or late_resolution or ticket.sla_resolution_breached:
                ticket.sla_status = "breached"
            elif ticket.closed:
                ticket.sla_status = "met"
            elif ticket.sla_pause_start:
                ticket.sla_status = "paused"
            elif (
                ticket.sla_resolution_risk_date
                and now >= ticket.sla_resolution_risk_date
            ):
                ticket.sla_status = "at_risk"
            else:
                ticket.sla_status = "on_track"

    # ------------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------------
    @api.constrains("stage_id", "approval_state")
    def _check_approval_before_work(self):
        for ticket in self:
            if (
                ticket.approval_state == "pending"
                and ticket.stage_id.postventa_kind not in KINDS_BEFORE_APPROVAL
            ):
                raise ValidationError(
                    self.env._(
                        "Case %(case)s is a %(classification)s request: a helpdesk "
                        "manager "
                        "must approve it before work starts.",
                        case=ticket.number,
                        classification=ticket.classification_id.name,
                    )
                )

    # ------------------------------------------------------------------------
    # Intake
    # ------------------------------------------------------------------------
    @api.model
    def _postventa_register_case(self, values):
        """Register a case as the contact centre takes it by phone (seed 003).

        ``values``: ticket fields plus ``product_id``, ``serial`` and the unit data
        (``purchase_date``, ``store_id``, ``contract_number``, ``location``,
        ``proof_of_purchase``, ``proof_of_purchase_filename``). The unit is found by
        product and serial, or registered; its owner is the case's customer.
        """
        values = dict(values)
        unit_fields = (
            "purchase_date",
            "store_id",
            "contract_number",
            "location",
            "proof_of_purchase",
            "proof_of_purchase_filename",
        )
        unit_values = {key: values.pop(key) for key in unit_fields if key in values}
        product = self.env["product.product"].browse(values.pop("product_id", False))
        serial = values.pop("serial", False)
        if product and serial:
            partner = self.env["res.partner"].browse(values.get("partner_id"))
            unit_values["owner_id"] = partner.commercial_partner_id.id
            values["unit_id"] = (
                self.env["postventa.unit"]
                ._find_or_register(product, serial, unit_values)
                .id
            )
        elif product or serial:
            raise UserError(self.env._("Give both the product and its serial number."))
        return self.create(values)

    # ------------------------------------------------------------------------
    # SLA clock
    # ------------------------------------------------------------------------
    def write(self, vals):
        """Refuses the fields only actions write and a reclassification away from an
        approval a non-manager would dodge. A staff change of the purchase date
        re-evaluates the warranty of these cases (not of the unit's other cases); a
        closing stage mails the survey; stage changes start or stop the SLA clock."""
        self._postventa_check_action_fields(vals)
        if "classification_id" in vals:
            self._postventa_check_reclassification(vals["classification_id"])
        result = super().write(vals)
        if "purchase_date" in vals:
            self._postventa_reevaluate_warranty()
        if "stage_id" in vals:
            stage = self.env["helpdesk.ticket.stage"].browse(vals["stage_id"])
            # a cancelled case got no service to rate
            if stage.closed and stage.postventa_kind != "cancelled":
                self._postventa_send_survey()
            self._postventa_sync_sla_clock()
        return result

    def _postventa_check_action_fields(self, vals):
        if self.env.su:
            return
        touched = ACTION_FIELDS.intersection(vals)
        if touched:
            raise AccessError(
                self.env._(
                    "%(fields)s of a case change only through its actions (approve, "
                    "escalate, reopen, re-evaluate the warranty...).",
                    fields=", ".join(
                        sorted(
                            self._fields[name].get_description(self.env)["string"]
                            for name in touched
                        )
                    ),
                )
            )

    def _postventa_check_reclassification(self, classification_id):
        """A case that needs a manager's approval keeps it: only a manager moves it
        to a classification that needs none."""
        if self.env.su or self.env.user.has_group(
            "helpdesk_mgmt.group_helpdesk_manager"
        ):
            return
        new = self.env["postventa.classification"].browse(classification_id)
        for ticket in self:
            if (
                ticket.classification_id.requires_approval
                and ticket.classification_id != new
                and not (new.requires_approval and ticket.approval_state == "pending")
            ):
                raise AccessError(
                    self.env._(
                        "Case %(case)s is a %(classification)s request, which needs "
                        "a manager's approval: only a helpdesk manager can reclassify "
                        "it.",
                        case=ticket.number,
                        classification=ticket.classification_id.name,
                    )
                )

    def _postventa_reevaluate_warranty(self):
        """Evaluate the warranty again with the unit's current data; the chatter
        says what changed."""
        labels = dict(self._fields["warranty_state"]._description_selection(self.env))
        for ticket in self:
            before = ticket.warranty_state
            ticket.sudo().warranty_purchase_date = ticket.unit_id.purchase_date
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

    def _postventa_waits_for_customer(self):
        """Whether the ball is in the customer's court: a stage that waits for them,
        or a visit proposal they have not answered yet."""
        self.ensure_one()
        return self.stage_id.postventa_kind == "customer" or any(
            visit.state in WAITING_FOR_CUSTOMER for visit in self.visit_ids
        )

    def _postventa_sync_sla_clock(self):
        """Stop the SLA clock while the case waits for the customer; when it starts
        again, the business hours it stood still push the deadlines back."""
        now = fields.Datetime.now()
        for ticket in self:
            waits = ticket._postventa_waits_for_customer()
            if waits and not ticket.sla_pause_start:
                ticket.sudo().sla_pause_start = now
            elif not waits and ticket.sla_pause_start:
                calendar = ticket.sla_resolution_policy_id.calendar_id
                paused = (
                    calendar._business_hours(ticket.sla_pause_start, now)
                    if calendar
                    else 0.0
                )
                ticket.sudo().write(
                    {
                        "sla_pause_start": False,
                        "sla_paused_hours": ticket.sla_paused_hours + paused,
                    }
                )

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

    def _postventa_send_survey(self):
        """Invite the customer to the team's survey: once per case, or again after a
        reopening when the team asks for it. The answer is linked to the case."""
        template = self.env.ref("postventa_helpdesk.mail_template_survey_invitation")
        for ticket in self:
            team = ticket.team_id
            if not team.survey_id or not ticket.partner_id.email:
                continue
            if ticket.survey_user_input_id and not (
                team.survey_on_reopen and ticket.reopen_count
            ):
                continue
            if (
                ticket.survey_user_input_id
                and ticket.survey_user_input_id.state != "done"
            ):
                continue  # still waiting for the first answer
            answer = team.survey_id.sudo()._create_answer(
                partner=ticket.partner_id,
                check_attempts=False,
                postventa_ticket_id=ticket.id,
            )
            ticket.sudo().write(
                {
                    "survey_user_input_id": answer.id,
                    "survey_sent_date": fields.Datetime.now(),
                    "survey_reminder_sent": False,
                }
            )
            ticket.message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=ticket.partner_id.ids,
            )

    def _postventa_survey_url(self):
        self.ensure_one()
        answer = self.sudo().survey_user_input_id
        return f"{self.get_base_url()}{answer.get_start_url()}" if answer else ""

    @api.model
    def _cron_survey_reminders(self):
        """One reminder per unanswered invitation, after the team's delay."""
        template = self.env.ref("postventa_helpdesk.mail_template_survey_reminder")
        now = fields.Datetime.now()
        pending = self.search(
            [
                ("survey_user_input_id", "!=", False),
                ("survey_user_input_id.state", "!=", "done"),
                ("survey_reminder_sent", "=", False),
                ("team_id.survey_reminder_days", ">", 0),
            ]
        )
        due = pending.filtered(
            lambda t: t.survey_sent_date
            and t.survey_sent_date + timedelta(days=t.team_id.survey_reminder_days)
            <= now
        )
        for ticket in due:
            ticket.message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=ticket.partner_id.ids,
            )
        due.sudo().write({"survey_reminder_sent": True})
        return len(due)

    @api.model_create_multi
    def create(self, vals_list):
        """Refuses the fields only actions write; acknowledges the new cases whose
        team asks for it (or a store's walk-in case)."""
        for vals in vals_list:
            self._postventa_check_action_fields(vals)
        tickets = super().create(vals_list)
        # e.g. a store's walk-in case
        forced = self.env.context.get("postventa_acknowledge")
        to_acknowledge = tickets.filtered(
            lambda t: (forced or t.team_id.acknowledge_new_cases) and t.partner_id.email
        )
        if to_acknowledge:
            template = self.env.ref(
                "postventa_helpdesk.mail_template_case_acknowledgement"
            )
            for ticket in to_acknowledge:
                ticket.message_post_with_source(
                    template,
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                    partner_ids=ticket.partner_id.ids,
                )
        return tickets

    @api.model
    def message_new(self, msg, custom_values=None):
        """Subject keywords (URGENTE, GRAVE, CRÍTICA...) set severity and urgency;
        urgent mail out of business hours alerts the team's on-call user."""
        custom_values = dict(custom_values or {})
        severity, urgency = self.env["postventa.mail.keyword"]._levels_for(
            msg.get("subject")
        )
        if severity:
            custom_values.setdefault("severity", severity)
        if urgency:
            custom_values.setdefault("urgency", urgency)
        ticket = super().message_new(msg, custom_values=custom_values)
        if severity or urgency:
            ticket._postventa_alert_on_call()
        return ticket

    def _postventa_alert_on_call(self):
        now = fields.Datetime.now()
        for ticket in self:
            team = ticket.team_id
            if not team.on_call_user_id or not team.business_calendar_id:
                continue
            if team.business_calendar_id._is_open(now):
                continue
            ticket.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=team.on_call_user_id.id,
                summary=self.env._(
                    "Urgent case out of hours: %(case)s", case=ticket.number
                ),
                note=ticket.name,
            )

    def _postventa_record_first_response(self, when=None):
        self.filtered(lambda t: not t.first_response_date).sudo().write(
            {"first_response_date": when or fields.Datetime.now()}
        )

    def message_post(self, **kwargs):
        message = super().message_post(**kwargs)
        # the first public answer of an agent is the first response
        if (
            message.message_type == "comment"
            and not message.is_internal
            and message.subtype_id == self.env.ref("mail.mt_comment")
            and not self.env.user.share
            and message.author_id == self.env.user.partner_id
        ):
            self.sudo()._postventa_record_first_response(message.date)
        return message

    def action_log_call(self):
        """The agent called the customer: that is a first response too."""
        self.check_access("write")  # it writes the first response as superuser
        for ticket in self:
            ticket._postventa_record_first_response()
            ticket._postventa_note(
                self.env._(
                    "Call with the customer logged by %(user)s.",
                    user=self.env.user.name,
                ),
            )

    @api.model
    def _cron_flag_sla_breaches(self, limit=1000):
        """Flag each breach once: a note on the case and an activity for the team
        leader."""
        now = fields.Datetime.now()
        open_domain = [("stage_id.closed", "=", False), ("sla_pause_start", "=", False)]
        late_response = self.search(
            open_domain
            + [
                ("first_response_date", "=", False),
                ("sla_response_deadline", "<", now),
                ("sla_response_breached", "=", False),
            ],
            limit=limit,
        )
        late_resolution = self.search(
            open_domain
            + [
                ("sla_resolution_deadline", "<", now),
                ("sla_resolution_breached", "=", False),
            ],
            limit=limit,
        )
        late_response.sudo().write({"sla_response_breached": True})
        late_resolution.sudo().write({"sla_resolution_breached": True})
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        for tickets, what in (
            (late_response, self.env._("first response")),
            (late_resolution, self.env._("resolution")),
        ):
            for ticket in tickets:
                leader = ticket.team_id.user_id or ticket.user_id or self.env.user
                text = self.env._(
                    "SLA breached: the %(what)s was due on %(deadline)s.",
                    what=what,
                    deadline=fields.Datetime.to_string(
                        ticket.sla_response_deadline
                        if tickets is late_response
                        else ticket.sla_resolution_deadline
                    ),
                )
                ticket._postventa_note(
                    text,
                )
                ticket.activity_schedule(
                    activity_type_id=activity_type.id, summary=text, user_id=leader.id
                )
        return len(late_response) + len(late_resolution)

    # ------------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------------
    def _postventa_set_stage(self, kind, extra=None):
        for ticket in self:
            stage = ticket.team_id._postventa_stage(kind)
            ticket.write(dict(extra or {}, stage_id=stage.id))

    def _postventa_resolution(self, xmlid):
        return self.env.ref(f"postventa_helpdesk.{xmlid}", raise_if_not_found=False)

    def action_issue_doa(self):
        """Issue the numbered DOA authorisation the customer takes to the store."""
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
        today = fields.Date.context_today(self)
        doa = self.env["postventa.doa.authorization"].create(
            {
                "name": self.env["ir.sequence"].next_by_code(
                    "postventa.doa.authorization"
                ),
                "ticket_id": self.id,
                "unit_id": self.unit_id.id,
                "issue_date": today,
                "valid_until": fields.Date.add(today, days=policy.doa_validity_days),
            }
        )
        self.resolution_code_id = self._postventa_resolution("resolution_doa")
        self._postventa_note(
            Markup("<p>%s</p>")
            % self.env._(
                "DOA authorisation %(number)s issued, valid until %(date)s: the store "
                "exchanges unit %(serial)s.",
                number=doa.name,
                date=doa.valid_until,
                serial=self.serial,
            ),
        )
        return self.env.ref(
            "postventa_helpdesk.action_report_doa_authorization"
        ).report_action(doa, config=False)

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
        self.write({"void_reason_id": reason.id, "void_evidence": evidence})
        if attachments:
            attachments.write({"res_model": self._name, "res_id": self.id})
        self.message_post(
            body=Markup("<p>%s</p><p>%s</p>")
            % (
                self.env._(
                    "The warranty of your unit %(serial)s is void.",
                    serial=self.serial or "",
                ),
                reason.customer_explanation,
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.partner_id.ids,
            attachment_ids=attachments.ids if attachments else [],
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
            address = centre._display_address(without_company=True).replace("\n", ", ")
            body = Markup(
                "<p>%s</p><ul><li><b>%s</b></li><li>%s</li><li>%s</li></ul>"
            ) % (
                self.env._(
                    "We do not service %(product)s. Please contact the authorised "
                    "service centre:",
                    product=ticket.unit_product_id.display_name,
                ),
                centre.name,
                address,
                self.env._(
                    "Phone: %(phone)s", phone=centre.phone or centre.mobile or "-"
                ),
            )
            if policy.referral_instructions:
                body += Markup("<p>%s</p>") % policy.referral_instructions
            ticket.message_post(
                body=body,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=ticket.partner_id.ids,
            )
            ticket._postventa_set_stage(
                "done",
                {
                    "resolution_code_id": self._postventa_resolution(
                        "resolution_referred"
                    ).id
                },
            )

    def action_approve(self):
        if not self.env.user.has_group("helpdesk_mgmt.group_helpdesk_manager"):
            raise AccessError(
                self.env._(
                    "Only a helpdesk manager can approve security and access requests."
                )
            )
        pending = self.filtered(lambda t: t.approval_state == "pending")
        pending.check_access("write")
        pending.sudo().write(
            {"approved_by_id": self.env.uid, "approved_date": fields.Datetime.now()}
        )
        for ticket in pending:
            ticket._postventa_note(
                self.env._("Approved by %(user)s.", user=self.env.user.name),
            )

    def _postventa_escalate(self, reason, team=None):
        """Hand the case to Back Line, blocked until a specialist takes it."""
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the case is escalated."))
        for ticket in self:
            target = team or ticket.team_id.escalation_team_id
            if not target:
                raise UserError(
                    self.env._(
                        "Team %(team)s has no Back Line team to escalate to.",
                        team=ticket.team_id.display_name or "-",
                    )
                )
            ticket.check_access("write")
            ticket.sudo().write(
                {
                    "escalation_reason": reason,
                    "escalated_by_id": self.env.uid,
                    "escalated_date": fields.Datetime.now(),
                    "escalation_count": ticket.sudo().escalation_count + 1,
                }
            )
            ticket.write(
                {
                    "team_id": target.id,
                    "stage_id": target._postventa_stage("escalated").id,
                }
            )
            ticket._postventa_note(
                Markup("<p>%s</p><p>%s</p>")
                % (self.env._("Escalated to %(team)s.", team=target.name), reason),
            )

    def action_reopen(self):
        for ticket in self:
            if not ticket.closed:
                raise UserError(
                    self.env._("Case %(case)s is not closed.", case=ticket.number)
                )
            ticket.check_access("write")
            ticket.sudo().reopen_count = ticket.sudo().reopen_count + 1
            ticket._postventa_set_stage("reopened", {"closed_date": False})

    def action_open_escalate_wizard(self):
        return self._postventa_wizard(
            "postventa.escalate.wizard", self.env._("Escalate to Back Line")
        )

    def action_open_void_wizard(self):
        return self._postventa_wizard(
            "postventa.void.wizard", self.env._("Void warranty")
        )

    def action_open_priority_override_wizard(self):
        return self._postventa_wizard(
            "postventa.priority.override.wizard", self.env._("Override priority")
        )

    def _postventa_wizard(self, model, name):
        self.ensure_one()
        return {
            "name": name,
            "type": "ir.actions.act_window",
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def action_schedule_visit(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "postventa_helpdesk.postventa_visit_wizard_action"
        )
        action["context"] = {"default_ticket_id": self.id}
        return action

    def action_view_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "postventa_helpdesk.postventa_visit_action"
        )
        action.update(
            domain=[("ticket_id", "=", self.id)], context={"default_ticket_id": self.id}
        )
        return action

    def action_view_unit_history(self):
        self.ensure_one()
        return self.unit_id.action_view_tickets()
