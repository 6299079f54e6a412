from odoo import fields, models
from odoo.exceptions import UserError


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    postventa_tier = fields.Selection(
        [("front", "Front Line"), ("back", "Back Line")],
        string="Support tier",
    )
    escalation_team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Escalate to",
        help="Back Line team that receives this team's escalated cases.",
    )

    survey_id = fields.Many2one(
        "survey.survey",
        string="Satisfaction survey",
        help="Mailed to the customer once when a case of this team closes.",
    )
    survey_on_reopen = fields.Boolean(
        string="Survey again after reopening",
        help="Invite the customer again when a reopened case closes.",
    )
    survey_reminder_days = fields.Integer(
        default=3,
        help="Days after the invitation to remind an unanswered survey once "
        "(0: never).",
    )

    business_calendar_id = fields.Many2one(
        "postventa.business.calendar",
        string="Business hours",
        help="Outside these hours, urgent mail alerts the on-call user.",
    )
    on_call_user_id = fields.Many2one(
        "res.users",
        string="On-call user",
        domain=[("share", "=", False)],
        help="Alerted (activity and mail) when urgent mail arrives out of hours.",
    )
    portal_reopen_days = fields.Integer(
        string="Reopen from the portal (days)",
        default=15,
        help="Days after closing during which the customer may reopen a case from the "
        "portal, giving a reason (0: not from the portal).",
    )
    portal_customer_close = fields.Boolean(
        string="Customers close from the portal",
        default=True,
        help="The customer may close or cancel an open case of this team from the "
        "portal (to the stages marked so), giving a reason; never while the unit is "
        "on its way to us or in our hands.",
    )
    acknowledge_new_cases = fields.Boolean(
        help="Mail the customer the case number and opening date and time when a case "
        "opens.",
    )

    def _postventa_stage(self, kind):
        """First stage of meaning ``kind`` this team may use (any team if empty)."""
        stage = self._get_applicable_stages().filtered(
            lambda s: s.postventa_kind == kind
        )[:1]
        if not stage:
            kinds = dict(
                self.env["helpdesk.ticket.stage"]
                ._fields["postventa_kind"]
                ._description_selection(self.env)
            )
            raise UserError(
                self.env._(
                    "No stage meaning '%(kind)s' is available to team %(team)s: set it "
                    "on a stage in Helpdesk > Configuration > Stages.",
                    kind=kinds[kind],
                    team=self.display_name or "-",
                )
            )
        return stage

    def _postventa_next_assignee(self):
        """The team member with the fewest open cases of this team (the lowest id
        on a tie), or no one."""
        users = self.user_ids.filtered(lambda u: u.active and not u.share)
        if not users:
            return self.env["res.users"]
        counts = dict(
            self.env["helpdesk.ticket"]
            .sudo()
            ._read_group(
                [
                    ("team_id", "=", self.id),
                    ("user_id", "in", users.ids),
                    ("stage_id.closed", "=", False),
                ],
                ["user_id"],
                ["__count"],
            )
        )
        return min(users, key=lambda u: (counts.get(u, 0), u.id))
