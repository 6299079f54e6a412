from datetime import timedelta

from odoo import api, fields, models

from .helpdesk_ticket import INTERNAL


class HelpdeskTicket(models.Model):
    """The satisfaction survey mailed when a case closes, and its reminder."""

    _inherit = "helpdesk.ticket"

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
        precompute=True,
        aggregator="avg",
        groups=INTERNAL,
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
            # agents are not survey officers: the case's one answer is created
            # as superuser, for its customer, by whoever closes the case
            survey_sudo = team.survey_id.sudo()
            answer = survey_sudo._create_answer(
                partner=ticket.partner_id,
                check_attempts=False,
                postventa_ticket_id=ticket.id,
                postventa_channel="mail",
            )
            ticket._postventa_action_write(
                {
                    "survey_user_input_id": answer.id,
                    "survey_sent_date": fields.Datetime.now(),
                    "survey_reminder_sent": False,
                }
            )
            ticket._postventa_post_survey_mail(template)

    def _postventa_post_survey_mail(self, template):
        """Mail the survey invitation (or its reminder) to the case's customer.

        Its link answers the survey without a login: the message is a note (of
        the note subtype), mailed to the customer it names and readable by staff
        only. A comment would be readable by every portal reader of the case (a
        store reads the cases of units bought there) and mailed to its portal
        followers, any of whom could answer for the customer. The customer finds
        the link on the case page too."""
        self.ensure_one()
        return self.message_post_with_source(
            template,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            partner_ids=self.partner_id.ids,
            **self._postventa_company_author(),
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
                # being answered by phone: the customer is not asked again
                ("survey_user_input_id.postventa_channel", "!=", "phone"),
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
            ticket._postventa_post_survey_mail(template)
        # the cron's user (superuser) reminds every company's customers
        due._postventa_action_write({"survey_reminder_sent": True})
        return len(due)

    def write(self, vals):
        """Side effect: a closing stage (not a cancellation) invites the customer
        to the team's survey (:meth:`_postventa_send_survey`: the answer is
        created and the invitation mailed). It stays in ``write`` because the
        answer must exist as soon as the stage is written (demo seeds and the
        doors suites read it in the same transaction); the stage mails'
        ``_track_template`` runs only at commit, and not at all for a case
        opened and closed in one transaction or under ``mail_notrack``."""
        result = super().write(vals)
        if "stage_id" in vals:
            stage = self.env["helpdesk.ticket.stage"].browse(vals["stage_id"])
            # a cancelled case got no service to rate
            if stage.closed and stage.postventa_kind != "cancelled":
                self._postventa_send_survey()
        return result

    def _postventa_action_owned_fields(self):
        survey = self.env._("the closure survey (closing the case)")
        return super()._postventa_action_owned_fields() | dict.fromkeys(
            ("survey_user_input_id", "survey_sent_date", "survey_reminder_sent"),
            survey,
        )
