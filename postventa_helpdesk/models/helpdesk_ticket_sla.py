from datetime import timedelta

from odoo import api, fields, models

from .helpdesk_ticket import INTERNAL
from .postventa_visit import WAITING_FOR_CUSTOMER


class HelpdeskTicket(models.Model):
    """The promise: zone, SLA deadlines in business hours, the clock that waits
    for the customer, first response, breaches."""

    _inherit = "helpdesk.ticket"

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
        precompute=True,
        groups=INTERNAL,
    )
    sla_resolution_policy_id = fields.Many2one(
        "postventa.sla.policy",
        string="Resolution SLA",
        compute="_compute_sla_policies",
        store=True,
        precompute=True,
        groups=INTERNAL,
    )
    sla_response_deadline = fields.Datetime(
        string="First response due",
        compute="_compute_sla_deadlines",
        store=True,
        precompute=True,
    )
    sla_resolution_deadline = fields.Datetime(
        string="Resolution due",
        compute="_compute_sla_deadlines",
        store=True,
        precompute=True,
        index=True,
    )
    sla_resolution_risk_date = fields.Datetime(
        string="Resolution at risk from",
        compute="_compute_sla_deadlines",
        store=True,
        precompute=True,
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
    attention_business_hours = fields.Float(
        string="Attention time (business hours)",
        compute="_compute_case_times",
        store=True,
        precompute=True,
        help="From opening to the first response.",
        aggregator="avg",
        groups=INTERNAL,
    )
    attention_calendar_hours = fields.Float(
        string="Attention time (hours)",
        compute="_compute_case_times",
        store=True,
        precompute=True,
        aggregator="avg",
        groups=INTERNAL,
    )
    resolution_business_hours = fields.Float(
        string="Resolution time (business hours)",
        compute="_compute_case_times",
        store=True,
        precompute=True,
        help="From opening to closing.",
        aggregator="avg",
        groups=INTERNAL,
    )
    resolution_calendar_hours = fields.Float(
        string="Resolution time (hours)",
        compute="_compute_case_times",
        store=True,
        precompute=True,
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

    def _postventa_sla_calendar(self, policy):
        """The business hours a promise of ``policy`` is planned in: the team's
        (where the team serves: a promise always falls within its hours), else the
        policy's."""
        self.ensure_one()
        team_calendar = self.team_id.business_calendar_id
        return (team_calendar if team_calendar.season_ids else None) or (
            policy.calendar_id
        )

    @api.depends(
        "opening_date",
        "sla_response_policy_id.hours",
        "sla_resolution_policy_id.hours",
        "sla_resolution_policy_id.at_risk_percent",
        # the case's team (its hours), not later edits of a calendar: a change of
        # business hours does not rewrite the promises already made
        "team_id",
        "sla_paused_hours",
    )
    def _compute_sla_deadlines(self):
        """Deadlines in business hours: the team's, else the policy's. One timeline
        per calendar serves the whole batch, so a recompute costs the same few
        queries for 1 or 1000 cases."""
        timelines = {}
        opened = [t.opening_date for t in self if t.opening_date]
        policies = self.sla_response_policy_id | self.sla_resolution_policy_id
        if opened and policies:
            longest = max(policies.mapped("hours")) + max(
                self.mapped("sla_paused_hours") or [0]
            )
            span = (min(opened), max(opened) + timedelta(days=14 + int(longest / 4)))
            calendars = policies.calendar_id | self.team_id.business_calendar_id
            for calendar in calendars.filtered("season_ids"):
                timelines[calendar] = calendar._timeline(*span)

        for ticket in self:

            def plan(start, policy, hours, ticket=ticket):
                calendar = ticket._postventa_sla_calendar(policy)
                return calendar._plan_hours(start, hours, timelines.get(calendar))

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

    def _postventa_opening_label(self):
        """Opening date and time in the customer's time zone."""
        self.ensure_one()
        return self.partner_id._postventa_format_datetime(
            self.opening_date, tz=self._postventa_customer_tz()
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
            # a case moved to a closing stage in the form has no closed date yet
            # (it is set on save)
            resolution_end = (ticket.closed_date or now) if ticket.closed else now
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

    def _postventa_waits_for_customer(self):
        """Whether the ball is in the customer's court: a stage that waits for them,
        or a visit proposal they have not answered yet."""
        self.ensure_one()
        return self.stage_id.postventa_kind == "customer" or any(
            visit.state in WAITING_FOR_CUSTOMER for visit in self.visit_ids
        )

    def _postventa_sync_sla_clock(self):
        """Stop the SLA clock while the case waits for the customer; when it starts
        again, the business hours it stood still push the deadlines back.

        The clock belongs to the case, not to who moved it: it runs after a
        stage change (by whoever may write the case) or a visit's (by its
        technician, who may not write the case), so each case's clock is written
        as superuser, one case at a time."""
        now = fields.Datetime.now()
        for ticket in self:
            ticket_sudo = ticket.sudo()
            waits = ticket_sudo._postventa_waits_for_customer()
            if waits and not ticket_sudo.sla_pause_start:
                ticket_sudo._postventa_action_write({"sla_pause_start": now})
            elif not waits and ticket_sudo.sla_pause_start:
                calendar = ticket_sudo._postventa_sla_calendar(
                    ticket_sudo.sla_resolution_policy_id
                )
                paused = (
                    calendar._business_hours(ticket_sudo.sla_pause_start, now)
                    if calendar
                    else 0.0
                )
                ticket_sudo._postventa_action_write(
                    {
                        "sla_pause_start": False,
                        "sla_paused_hours": ticket_sudo.sla_paused_hours + paused,
                    }
                )

    def _postventa_record_first_response(self, when=None):
        """The first response of these cases, written with the caller's rights
        (the caller checked who may)."""
        self.filtered(lambda t: not t.first_response_date)._postventa_action_write(
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
            # an agent who may post on the case (checked by message_post) answered
            # it: its clock records that, whether or not she may write the case
            ticket_sudo = self.sudo()
            ticket_sudo._postventa_record_first_response(message.date)
        return message

    def action_log_call(self):
        """The agent called the customer: that is a first response too."""
        self.check_access("write")  # the agent writes the first response herself
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
        # the cron's user (superuser) flags every company's cases
        late_response._postventa_action_write({"sla_response_breached": True})
        late_resolution._postventa_action_write({"sla_resolution_breached": True})
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        for tickets in (late_response, late_resolution):
            for ticket in tickets:
                leader = ticket.team_id.user_id or ticket.user_id or self.env.user
                # the cron has no reader: the note is in the company's language
                # and time zone, as the team reads it
                company_partner = ticket.company_id.partner_id
                env = ticket.with_context(
                    lang=self.env["res.lang"]._postventa_active_code(
                        company_partner.lang
                    )
                ).env
                text = env._(
                    "SLA breached: the %(what)s was due on %(deadline)s.",
                    what=env._("first response")
                    if tickets is late_response
                    else env._("resolution"),
                    deadline=company_partner._postventa_format_datetime(
                        ticket.sla_response_deadline
                        if tickets is late_response
                        else ticket.sla_resolution_deadline,
                    ),
                )
                ticket._postventa_note(
                    text,
                )
                ticket.activity_schedule(
                    activity_type_id=activity_type.id, summary=text, user_id=leader.id
                )
        return len(late_response) + len(late_resolution)

    def write(self, vals):
        """Side effect: a stage change stops the SLA clock while the case waits for
        the customer, and starts it again after (:meth:`_postventa_sync_sla_clock`,
        action-owned fields written as the clock)."""
        result = super().write(vals)
        if "stage_id" in vals:
            self._postventa_sync_sla_clock()
        return result

    def _postventa_action_owned_fields(self):
        clock = self.env._("the service level clock (stages and replies)")
        return super()._postventa_action_owned_fields() | dict.fromkeys(
            (
                "first_response_date",
                "sla_pause_start",
                "sla_paused_hours",
                "sla_response_breached",
                "sla_resolution_breached",
            ),
            clock,
        )
