from datetime import datetime, timedelta

import pytz
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_datetime

# a proposal waits for the customer: the SLA clock stops (CPS's procedure)
WAITING_FOR_CUSTOMER = ("proposed",)
# states that hold the technician's time
HOLDING = ("proposed", "counter_proposed", "scheduled")
SLOT_STEP = timedelta(minutes=30)
SEARCH_DAYS = 30
# how far ahead a customer may propose a visit, and how long their note may be
MAX_PROPOSAL_AHEAD = timedelta(days=3653)
MAX_NOTE_LENGTH = 2000


def _round_up(moment, step=SLOT_STEP):
    epoch = datetime(2000, 1, 1)
    steps = -(-(moment - epoch) // step)  # ceiling division
    return epoch + steps * step


class PostventaVisit(models.Model):
    """A technician's visit to the customer's site (CPS's procedure): proposed, agreed
    by the customer from the mail or the portal, put in the calendar, reported."""

    _name = "postventa.visit"
    _description = "On-site visit"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "portal.mixin",
        "postventa.action.owned.mixin",
    ]
    _order = "start desc, id desc"

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Case", required=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one(
        related="ticket_id.partner_id", string="Customer", store=True
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)
    technician_id = fields.Many2one(
        "res.users",
        string="Technician",
        required=True,
        tracking=True,
        domain=[("share", "=", False)],
    )
    address = fields.Text(
        compute="_compute_address",
        store=True,
        readonly=False,
        help="Where the technician goes: the equipment's location or the customer's "
        "address.",
    )
    start = fields.Datetime(required=True, tracking=True)
    duration = fields.Float(string="Duration (hours)", default=1.0, required=True)
    stop = fields.Datetime(compute="_compute_stop", store=True)
    state = fields.Selection(
        [
            ("proposed", "Awaiting the customer"),
            ("counter_proposed", "Customer proposed another time"),
            ("scheduled", "Scheduled"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        default="proposed",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    customer_proposal = fields.Datetime(
        string="Time proposed by the customer", readonly=True, copy=False
    )
    customer_note = fields.Text(string="Customer's message", readonly=True, copy=False)
    calendar_event_id = fields.Many2one("calendar.event", readonly=True, copy=False)
    # --- visit report --------------------------------------------------------
    work_done = fields.Html()
    arrival = fields.Datetime(string="Arrived at")
    departure = fields.Datetime(string="Left at")
    time_on_site = fields.Float(
        string="Time on site (hours)", compute="_compute_time_on_site", store=True
    )
    signed_by = fields.Char(
        string="Customer's name", help="Who received the work on site."
    )
    signature = fields.Binary(
        string="Customer's signature", attachment=True, copy=False
    )

    _sql_constraints = [
        (
            "duration_positive",
            "CHECK(duration > 0)",
            "A visit lasts more than zero hours.",
        ),
    ]

    @api.depends("ticket_id.equipment_location", "partner_id")
    def _compute_address(self):
        for visit in self:
            if visit.address:
                continue
            partner = visit.partner_id
            parts = [visit.ticket_id.equipment_location]
            if partner:
                parts.append(partner._postventa_address_line())
            visit.address = "\n".join(p for p in parts if p and p.strip(", ")) or False

    @api.depends("start", "duration")
    def _compute_stop(self):
        for visit in self:
            visit.stop = visit.start and visit.start + timedelta(hours=visit.duration)

    @api.depends("arrival", "departure")
    def _compute_time_on_site(self):
        for visit in self:
            if visit.arrival and visit.departure and visit.departure > visit.arrival:
                visit.time_on_site = (
                    visit.departure - visit.arrival
                ).total_seconds() / 3600
            else:
                visit.time_on_site = 0.0

    @api.constrains("arrival", "departure")
    def _check_times_on_site(self):
        for visit in self:
            if visit.arrival and visit.departure and visit.departure <= visit.arrival:
                raise ValidationError(
                    self.env._(
                        "The technician must leave after arriving (visit %(visit)s).",
                        visit=visit.name,
                    )
                )

    @api.constrains("technician_id", "start", "duration", "state")
    def _check_technician_free(self):
        for visit in self.filtered(lambda v: v.state in HOLDING):
            clash = self.search(
                [
                    ("id", "!=", visit.id),
                    ("technician_id", "=", visit.technician_id.id),
                    ("state", "in", HOLDING),
                    ("start", "<", visit.stop),
                    ("stop", ">", visit.start),
                ],
                limit=1,
            )
            if clash:
                raise ValidationError(
                    self.env._(
                        "%(technician)s already has visit %(other)s at that time "
                        "(%(start)s): choose another slot.",
                        technician=visit.technician_id.name,
                        other=clash.name,
                        start=format_datetime(self.env, clash.start),
                    )
                )

    def _postventa_action_owned_fields(self):
        """The visit's state machine: proposed (Propose), counter-proposed by
        the customer (portal or mail link), scheduled with its calendar event
        (the customer accepts, or staff accept the customer's time), done (the
        report), cancelled."""
        answer = self.env._("the customer's answer (another time)")
        return super()._postventa_action_owned_fields() | {
            "state": self.env._(
                "Send proposal, the customer's answer, Accept the customer's time, "
                "Close with report, Cancel visit"
            ),
            "customer_proposal": answer,
            "customer_note": answer,
            "calendar_event_id": self.env._(
                "the visit's scheduling (the customer's acceptance, Accept the "
                "customer's time)"
            ),
        }

    @api.model_create_multi
    def create(self, vals_list):
        """Numbers the visits and, side effect, syncs their cases' SLA clock (a
        proposal waiting for the customer stops it)."""
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("postventa.visit") or "/"
                )
        visits = super().create(vals_list)
        visits.ticket_id._postventa_sync_sla_clock()
        return visits

    def write(self, vals):
        """Side effect: a change of state syncs the cases' SLA clock (a proposal
        waiting for the customer stops it, an answer starts it again)."""
        result = super().write(vals)
        if "state" in vals:
            self.ticket_id._postventa_sync_sla_clock()
        return result

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for visit in self:
            visit.access_url = f"/postventa/visit/{visit.id}"
        return result

    # ------------------------------------------------------------------------
    # Slots
    # ------------------------------------------------------------------------
    @api.model
    def _first_free_slot(self, technician, duration, earliest, ticket=None):
        """First start, from naive-UTC ``earliest``, where ``technician`` is free for
        ``duration`` hours within business hours (the team's, else the company's)."""
        earliest = _round_up(max(earliest, fields.Datetime.now()))
        horizon = earliest + timedelta(days=SEARCH_DAYS)
        length = timedelta(hours=duration)
        busy = self._busy_intervals(technician, earliest, horizon)
        for begin, end in self._working_intervals(ticket, earliest, horizon):
            candidate = _round_up(max(begin, earliest))
            while candidate + length <= end:
                overlap = next(
                    (
                        b_end
                        for b_start, b_end in busy
                        if b_start < candidate + length and b_end > candidate
                    ),
                    None,
                )
                if overlap is None:
                    return candidate
                candidate = _round_up(overlap)
        raise UserError(
            self.env._(
                "%(technician)s has no free %(hours)s h slot in business hours in the "
                "next "
                "%(days)s days.",
                technician=technician.name,
                hours=duration,
                days=SEARCH_DAYS,
            )
        )

    @api.model
    def _working_intervals(self, ticket, start, end):
        calendar = ticket and ticket.team_id.business_calendar_id
        if calendar:
            return calendar._work_intervals(start, end)
        resource_calendar = (
            ticket and ticket.company_id or self.env.company
        ).resource_calendar_id
        if not resource_calendar:
            return [(start, end)]
        found = resource_calendar._work_intervals_batch(
            pytz.utc.localize(start), pytz.utc.localize(end)
        )[False]
        return sorted(
            (
                s.astimezone(pytz.utc).replace(tzinfo=None),
                e.astimezone(pytz.utc).replace(tzinfo=None),
            )
            for s, e, _rec in found
        )

    @api.model
    def _busy_intervals(self, technician, start, end):
        """The technician's calendar events and the visits that hold their time.
        Read as superuser whoever plans (the technician's other cases and private
        events are not the planner's): only the busy intervals come out."""
        visits_sudo = self.sudo()
        events = visits_sudo.env["calendar.event"].search(
            [
                ("partner_ids", "in", technician.partner_id.ids),
                ("show_as", "=", "busy"),
                ("start", "<", end),
                ("stop", ">", start),
            ]
        )
        visits = visits_sudo.search(
            [
                ("technician_id", "=", technician.id),
                ("state", "in", HOLDING),
                ("calendar_event_id", "=", False),
                ("start", "<", end),
                ("stop", ">", start),
            ]
        )
        return sorted(
            [(e.start, e.stop) for e in events] + [(v.start, v.stop) for v in visits]
        )

    # ------------------------------------------------------------------------
    # Customer's time zone
    # ------------------------------------------------------------------------
    def _customer_tz(self):
        # the visit's customer and company are its case's
        self.ensure_one()
        return self.ticket_id._postventa_customer_tz(
            fallback=self.technician_id.tz or "UTC"
        )

    def _customer_local_input(self, moment):
        """``moment`` as a browser's datetime-local value in the customer's zone."""
        self.ensure_one()
        local = pytz.utc.localize(moment).astimezone(pytz.timezone(self._customer_tz()))
        return local.strftime("%Y-%m-%dT%H:%M")

    def _format_for_customer(self, moment):
        self.ensure_one()
        return self.partner_id._postventa_format_datetime(
            moment, tz=self._customer_tz()
        )

    # ------------------------------------------------------------------------
    # State machine
    # ------------------------------------------------------------------------
    def action_propose(self):
        """Mail the proposal to the customer, who accepts or proposes another time."""
        template = self.env.ref("postventa_helpdesk.mail_template_visit_proposal")
        for visit in self:
            if visit.state not in ("proposed", "counter_proposed"):
                raise UserError(
                    self.env._(
                        "Only a visit not agreed yet can be proposed "
                        "(visit %(visit)s).",
                        visit=visit.name,
                    )
                )
            if not visit.partner_id.email:
                raise UserError(
                    self.env._(
                        "The customer of case %(case)s has no email to send the "
                        "proposal to.",
                        case=visit.ticket_id.number,
                    )
                )
            if visit.start <= fields.Datetime.now():
                raise UserError(self.env._("Propose a time in the future."))
            visit._postventa_action_write(
                {"state": "proposed", "customer_proposal": False}
            )
            visit._portal_ensure_token()
            visit.message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=visit.partner_id.ids,
                **visit._postventa_company_author(),
            )
            visit.ticket_id._postventa_note(
                self.env._(
                    "On-site visit %(visit)s proposed to the customer: %(start)s with "
                    "%(technician)s. The SLA clock waits for the customer's answer.",
                    visit=visit.name,
                    start=visit._format_for_customer(visit.start),
                    technician=visit.technician_id.name,
                ),
            )
        return True

    def action_customer_accept(self):
        """The customer agrees: the visit goes into the technician's calendar."""
        for visit in self:
            if visit.state != "proposed":
                raise UserError(
                    self.env._("This visit is not waiting for your answer any more.")
                )
            visit._schedule()
            visit.ticket_id._postventa_note(
                self.env._(
                    "The customer accepted the visit %(visit)s on %(start)s.",
                    visit=visit.name,
                    start=visit._format_for_customer(visit.start),
                ),
            )
        return True

    def action_customer_propose(self, local_time, note=False):
        """The customer proposes another time, given in their own time zone
        (``YYYY-MM-DDTHH:MM`` as a browser sends it)."""
        self.ensure_one()
        if self.state != "proposed":
            raise UserError(
                self.env._("This visit is not waiting for your answer any more.")
            )
        if note and (not isinstance(note, str) or len(note) > MAX_NOTE_LENGTH):
            raise ValidationError(
                self.env._(
                    "Your note may be up to %(max)s characters long.",
                    max=MAX_NOTE_LENGTH,
                )
            )
        moment = self._get_customer_proposal_moment(local_time)
        self._postventa_action_write(
            {
                "state": "counter_proposed",
                "customer_proposal": moment,
                "customer_note": note or False,
            }
        )
        text = self.env._(
            "The customer proposes another time for visit %(visit)s: %(start)s.",
            visit=self.name,
            start=self._format_for_customer(moment),
        )
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=self.ticket_id.user_id.id or self.technician_id.id,
            summary=self.env._("Answer the customer's proposal"),
            note=Markup("<p>%s</p><p>%s</p>") % (text, note or ""),
        )
        self.ticket_id._postventa_note(
            text,
        )
        return True

    def _get_customer_proposal_moment(self, local_time):
        """The customer's ``local_time`` (``YYYY-MM-DDTHH:MM`` in the customer's
        zone) as a UTC datetime, checked: a time, in the future, within the
        next years."""
        self.ensure_one()
        if not isinstance(local_time, str) or len(local_time) > 32:
            local_time = ""  # from JSON-RPC anything may come: not a time
        try:
            local = datetime.fromisoformat(local_time.strip())
        except ValueError:
            raise ValidationError(
                self.env._(
                    "Give the date and time you prefer, for example 2026-03-02 10:00."
                )
            ) from None
        local = local.replace(tzinfo=None)
        # a visit is agreed for the coming months, not for year 9999 nor year 1
        # (whose times in UTC do not even exist east or west of Greenwich)
        if local > datetime.now() + MAX_PROPOSAL_AHEAD:
            raise ValidationError(
                self.env._("Propose a time within the next %(years)s years.", years=10)
            )
        past = ValidationError(
            self.env._("The time you propose must be in the future.")
        )
        if local < datetime.now() - timedelta(days=1):  # past in any time zone
            raise past
        tz = pytz.timezone(self._customer_tz())
        moment = tz.localize(local).astimezone(pytz.utc).replace(tzinfo=None)
        if moment <= fields.Datetime.now():
            raise past
        return moment

    def action_accept_customer_proposal(self):
        for visit in self:
            if visit.state != "counter_proposed" or not visit.customer_proposal:
                raise UserError(
                    self.env._(
                        "Visit %(visit)s has no proposal from the customer.",
                        visit=visit.name,
                    )
                )
            visit.start = visit.customer_proposal
            visit._schedule()
            visit.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def _schedule(self):
        """The technician's calendar event, created by whoever schedules the visit
        (staff create calendar events; a customer accepting a proposal from the
        portal acts on the visit as its page holds it)."""
        self.ensure_one()
        event = self.env["calendar.event"].create(self._prepare_calendar_event_vals())
        self._postventa_action_write(
            {"state": "scheduled", "calendar_event_id": event.id}
        )

    def _prepare_calendar_event_vals(self):
        """The calendar event holding the technician's time for this visit."""
        self.ensure_one()
        ticket = self.ticket_id
        return {
            # the invitation the customer receives: in the customer's words
            "name": self.with_context(lang=self.partner_id.lang).env._(
                "On-site visit %(visit)s: %(case)s",
                visit=self.name,
                case=ticket.display_name,
            ),
            "start": self.start,
            "stop": self.stop,
            "user_id": self.technician_id.id,
            "partner_ids": [
                (6, 0, (self.technician_id.partner_id | self.partner_id).ids)
            ],
            "location": (self.address or "").replace("\n", ", "),
            "description": ticket.name,
            "res_model_id": self.env["ir.model"]._get_id(ticket._name),
            "res_id": ticket.id,
        }

    def action_cancel(self):
        self.check_access("write")
        for visit in self:
            if visit.state == "done":
                raise UserError(
                    self.env._(
                        "Visit %(visit)s is done: it cannot be cancelled.",
                        visit=visit.name,
                    )
                )
        # the visit's own calendar event, unlinked with the canceller's rights
        self.calendar_event_id.unlink()
        self._postventa_action_write({"state": "cancelled"})
        return True

    def action_done(self):
        """Close the visit with its report: work done, time on site, and the
        customer's signature or name."""
        for visit in self:
            if visit.state != "scheduled":
                raise UserError(
                    self.env._(
                        "Only a scheduled visit can be reported (visit %(visit)s).",
                        visit=visit.name,
                    )
                )
            missing = []
            if not visit.work_done or not visit.work_done.striptags().strip():
                missing.append(self.env._("the work done"))
            if not visit.time_on_site:
                missing.append(self.env._("the arrival and departure times"))
            if not visit.signature and not (visit.signed_by or "").strip():
                missing.append(self.env._("the customer's signature or name"))
            if missing:
                raise ValidationError(
                    self.env._(
                        "The report of visit %(visit)s needs %(missing)s.",
                        visit=visit.name,
                        missing=", ".join(missing),
                    )
                )
        self._postventa_action_write({"state": "done"})
        for visit in self:
            visit.ticket_id._postventa_note(
                Markup("<p>%s</p>%s<p>%s</p>")
                % (
                    self.env._(
                        "Visit report %(visit)s, %(hours)s on site with "
                        "%(technician)s:",
                        visit=visit.name,
                        hours=visit.ticket_id._postventa_duration_label(
                            visit.time_on_site
                        ),
                        technician=visit.technician_id.name,
                    ),
                    visit.work_done,
                    self.env._(
                        "Received by %(name)s.",
                        name=visit.signed_by or visit.partner_id.name,
                    ),
                ),
            )
        return True

    def action_print_report(self):
        return self.env.ref("postventa_helpdesk.action_report_visit").report_action(
            self
        )
