from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_datetime

HELPDESK_USER = "helpdesk_mgmt.group_helpdesk_user_own"


class HelpdeskTicket(models.Model):
    """The satisfaction survey taken by phone (CPS's procedure, step 8): an agent of the
    contact centre answers it with the customer, in Odoo survey's own form."""

    _inherit = "helpdesk.ticket"

    team_survey_id = fields.Many2one(
        related="team_id.survey_id", string="Team survey", groups="base.group_user"
    )
    survey_channel = fields.Selection(
        related="survey_user_input_id.postventa_channel", groups="base.group_user"
    )
    survey_phone_agent_id = fields.Many2one(
        related="survey_user_input_id.postventa_phone_agent_id",
        groups="base.group_user",
    )

    def action_postventa_survey_by_phone(self):
        """Open the team's survey for the customer of this closed case, to be
        answered by the agent during the call. The pending mailed invitation is
        reused (its link then shows the survey done); an answered one is not asked
        again."""
        self.ensure_one()
        user = self.env.user
        if not user._is_internal() or not user.has_group(HELPDESK_USER):
            raise AccessError(
                self.env._("Only helpdesk agents can take a survey by phone.")
            )
        self.check_access("write")
        # checked above: an agent who may write the case; agents are not survey
        # officers, the customer's answer is read and written as superuser
        ticket_sudo = self.sudo()
        ticket_sudo._postventa_check_survey_by_phone()
        answer = ticket_sudo._get_postventa_phone_survey_answer(user)
        self.message_post(
            body=Markup("<p>%s</p>")
            % self.env._(
                "%(agent)s takes the satisfaction survey by phone with the customer.",
                agent=user.name,
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return {
            "type": "ir.actions.act_url",
            "url": answer.get_start_url(),
            "target": "new",
        }

    def _postventa_check_survey_by_phone(self):
        """Refuse the phone survey of a case not closed, of a team without survey,
        without customer, or whose customer already answered."""
        self.ensure_one()
        if not self.closed:
            raise UserError(
                self.env._(
                    "Case %(case)s is not closed: the survey is taken once the case "
                    "is solved.",
                    case=self.number,
                )
            )
        if not self.team_id.survey_id:
            raise UserError(
                self.env._(
                    "The team %(team)s has no satisfaction survey.",
                    team=self.team_id.display_name,
                )
            )
        if not self.partner_id:
            raise UserError(
                self.env._("Case %(case)s has no customer.", case=self.number)
            )
        answer = self.survey_user_input_id
        if answer.state == "done":
            raise UserError(
                self.env._(
                    "The customer already answered the survey of case %(case)s "
                    "(%(channel)s, %(date)s): they are not asked twice.",
                    case=self.number,
                    channel=dict(
                        answer._fields["postventa_channel"]._description_selection(
                            self.env
                        )
                    ).get(answer.postventa_channel)
                    or self.env._("By mail"),
                    date=format_datetime(
                        self.env, answer.end_datetime or answer.write_date
                    ),
                )
            )

    def _get_postventa_phone_survey_answer(self, agent):
        """The answer ``agent`` fills in with the customer: the pending mailed
        invitation (marked as taken by phone), or a new one linked to the case."""
        self.ensure_one()
        survey = self.team_id.survey_id
        answer = self.survey_user_input_id
        phone = {"postventa_channel": "phone", "postventa_phone_agent_id": agent.id}
        if (
            answer
            and answer.survey_id == survey
            and answer.partner_id == self.partner_id
        ):
            answer.write(phone)
            return answer
        answer = survey._create_answer(
            partner=self.partner_id,
            check_attempts=False,
            postventa_ticket_id=self.id,
            **phone,
        )
        self._postventa_action_write({"survey_user_input_id": answer.id})
        return answer
