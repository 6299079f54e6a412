from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import PostventaCase


class TestSurveyOnClosure(PostventaCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Survey = cls.env["survey.survey"]
        cls.survey = Survey.create(
            {
                "title": "Satisfaction (test)",
                "access_mode": "token",
                "scoring_type": "scoring_without_answers",
                "question_and_page_ids": [
                    (
                        0,
                        0,
                        {
                            "title": "How was the attention?",
                            "question_type": "simple_choice",
                            "suggested_answer_ids": [
                                (0, 0, {"value": str(n), "answer_score": n})
                                for n in range(1, 6)
                            ],
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "title": "How was the solution?",
                            "question_type": "simple_choice",
                            "suggested_answer_ids": [
                                (0, 0, {"value": str(n), "answer_score": n})
                                for n in range(1, 6)
                            ],
                        },
                    ),
                ],
            }
        )
        cls.front_line.write({"survey_id": cls.survey.id, "survey_reminder_days": 3})

    def _invitations(self, ticket):
        return ticket.message_ids.filtered(
            lambda m: m.message_type == "comment"
            and self.customer in m.partner_ids
            and "/survey/start/" in (m.body or "")
        )

    def test_one_invitation_on_closure_linked_and_scored(self):
        ticket = self._ticket()
        self.assertFalse(ticket.survey_user_input_id)
        ticket.stage_id = self.stage_done
        answer = ticket.survey_user_input_id
        self.assertTrue(answer)
        self.assertEqual(answer.postventa_ticket_id, ticket)
        self.assertEqual(answer.partner_id, self.customer)
        invitations = self._invitations(ticket)
        self.assertEqual(len(invitations), 1)
        self.assertIn(answer.access_token, invitations.body)
        self.assertEqual(
            self.env["mail.mail"].search_count(
                [("mail_message_id", "=", invitations.id)]
            ),
            1,
            "mailed to the customer",
        )
        # the customer answers 5 and 3: 8 of 10 points
        attention, solution = self.survey.question_ids
        answer._save_lines(attention, attention.suggested_answer_ids[4].id)
        answer._save_lines(solution, solution.suggested_answer_ids[2].id)
        answer._mark_done()
        self.assertEqual(ticket.survey_state, "done")
        self.assertEqual(ticket.csat_score, 80.0)

    def test_the_store_that_sold_the_unit_cannot_answer_for_the_customer(self):
        # attack report F3: a store reads the cases of the units bought there,
        # and followed this one; the invitation's link answers without a login
        self.store.is_company = True
        clerk = new_test_user(
            self.env, "pv_survey_clerk", groups="postventa_helpdesk.group_portal_store"
        )
        clerk.partner_id.parent_id = self.store
        unit = self._unit(self.hp, "SURVEY-AT-STORE", date(2025, 5, 1))
        ticket = self._ticket(unit)
        ticket.with_user(clerk).check_access("read")
        ticket.with_user(clerk).message_subscribe(partner_ids=clerk.partner_id.ids)
        ticket.stage_id = self.stage_done
        answer = ticket.survey_user_input_id
        invitation = self._invitations(ticket)
        self.assertEqual(len(invitation), 1)
        # the customer gets it, and only the customer
        mails = self.env["mail.mail"].search([("mail_message_id", "=", invitation.id)])
        self.assertEqual(mails.recipient_ids, self.customer)
        self.assertIn(answer.access_token, mails.body_html)
        # the store reads the case, not the invitation
        Message = self.env["mail.message"].with_user(clerk)
        seen = Message.search(
            [("model", "=", ticket._name), ("res_id", "=", ticket.id)]
        )
        self.assertNotIn(invitation, seen)
        self.assertFalse(
            [m for m in seen.sudo() if answer.access_token in (m.body or "")]
        )
        with self.assertRaises(AccessError):
            invitation.with_user(clerk).read(["body"])
        # the customer still finds the link on the case page
        self.assertIn(
            answer.access_token,
            ticket._postventa_portal_survey_url(self.customer),
        )
        self.assertFalse(ticket._postventa_portal_survey_url(clerk.partner_id))

    def test_not_again_when_a_reopened_case_closes(self):
        ticket = self._ticket()
        ticket.stage_id = self.stage_done
        first = ticket.survey_user_input_id
        first._mark_done()
        ticket.action_reopen()
        ticket.stage_id = self.stage_done
        self.assertEqual(ticket.survey_user_input_id, first)
        self.assertEqual(len(self._invitations(ticket)), 1)
        # unless the team says so
        self.front_line.survey_on_reopen = True
        ticket.action_reopen()
        ticket.stage_id = self.stage_done
        self.assertNotEqual(ticket.survey_user_input_id, first)
        self.assertEqual(len(self._invitations(ticket)), 2)

    def test_no_survey_without_team_survey_or_email(self):
        no_survey = self._ticket(team_id=self.back_line.id)
        no_survey.stage_id = self.stage_done
        self.assertFalse(no_survey.survey_user_input_id)
        self.customer.email = False
        no_email = self._ticket()
        no_email.stage_id = self.stage_done
        self.assertFalse(no_email.survey_user_input_id)

    def test_no_survey_for_a_cancelled_case(self):
        cancelled = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled")
        self.assertTrue(cancelled.closed)
        self.assertEqual(cancelled.postventa_kind, "cancelled")
        ticket = self._ticket()
        ticket.stage_id = cancelled
        self.assertFalse(ticket.survey_user_input_id)
        self.assertFalse(self._invitations(ticket))

    def test_one_reminder_after_the_delay(self):
        with freeze_time("2025-06-02 10:00:00"):
            ticket = self._ticket(opened=datetime(2025, 6, 2, 9, 0))
            ticket.stage_id = self.stage_done
        Ticket = self.env["helpdesk.ticket"]
        with freeze_time("2025-06-04 10:00:00"):
            self.assertEqual(Ticket._cron_survey_reminders(), 0, "too early")
        with freeze_time("2025-06-05 10:00:01"):
            self.assertEqual(Ticket._cron_survey_reminders(), 1)
            self.assertEqual(Ticket._cron_survey_reminders(), 0, "only once")
        self.assertTrue(ticket.survey_reminder_sent)
        reminders = ticket.message_ids.filtered(
            lambda m: "Reminder" in (m.subject or "")
        )
        self.assertEqual(len(reminders), 1)
