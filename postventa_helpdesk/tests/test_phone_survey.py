"""The satisfaction survey taken by phone (CPS's procedure, step 8): the contact
centre's agent answers the team's survey with the customer in Odoo survey's own form."""

from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged

from .common import PostventaCase


class PhoneSurveyCase(PostventaCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        choices = [(0, 0, {"value": str(n), "answer_score": n}) for n in range(1, 6)]
        cls.survey = cls.env["survey.survey"].create(
            {
                "title": "Satisfaction (phone test)",
                "access_mode": "token",
                "scoring_type": "scoring_without_answers",
                "questions_layout": "one_page",
                "question_and_page_ids": [
                    (
                        0,
                        0,
                        {
                            "title": "How was the attention?",
                            "question_type": "simple_choice",
                            "suggested_answer_ids": choices,
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
        cls.attention, cls.solution = cls.survey.question_ids

    def _closed_case(self, **values):
        ticket = self._ticket(**values)
        ticket.stage_id = self.stage_done
        return ticket

    def _answer(self, answer, attention=5, solution=3):
        answer._save_lines(
            self.attention, self.attention.suggested_answer_ids[attention - 1].id
        )
        answer._save_lines(
            self.solution, self.solution.suggested_answer_ids[solution - 1].id
        )
        answer._mark_done()


class TestPhoneSurvey(PhoneSurveyCase):
    def test_reuses_the_mailed_invitation_and_stops_the_reminder(self):
        with freeze_time("2025-06-02 10:00"):
            ticket = self._closed_case()
        mailed = ticket.survey_user_input_id
        self.assertEqual(mailed.postventa_channel, "mail")
        with freeze_time("2025-06-03 11:00"):
            action = ticket.with_user(self.agent).action_postventa_survey_by_phone()
        # the same answer, now taken by phone by the agent: nothing asked twice
        self.assertEqual(ticket.survey_user_input_id, mailed)
        self.assertEqual(
            self.survey.user_input_ids.filtered(
                lambda a: a.postventa_ticket_id == ticket
            ),
            mailed,
        )
        self.assertEqual(mailed.postventa_channel, "phone")
        self.assertEqual(mailed.postventa_phone_agent_id, self.agent)
        self.assertEqual(ticket.survey_channel, "phone")
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(action["url"], mailed.get_start_url())
        self.assertIn(f"answer_token={mailed.access_token}", action["url"])
        self.assertIn(
            "takes the satisfaction survey by phone",
            ticket.message_ids[0].body,
        )
        # three days after the mail, still unanswered during the call: no reminder
        with freeze_time("2025-06-06 12:00"):
            self.assertEqual(self.env["helpdesk.ticket"]._cron_survey_reminders(), 0)
        self.assertFalse(ticket.survey_reminder_sent)

    def test_without_invitation_creates_the_customers_answer(self):
        # the customer has no email: no survey was mailed
        self.customer.email = False
        ticket = self._closed_case()
        self.assertFalse(ticket.survey_user_input_id)
        mails = self.env["mail.mail"].search_count([])
        ticket.with_user(self.agent).action_postventa_survey_by_phone()
        answer = ticket.survey_user_input_id
        self.assertEqual(answer.partner_id, self.customer)
        self.assertEqual(answer.postventa_ticket_id, ticket)
        self.assertEqual(answer.survey_id, self.survey)
        self.assertEqual(answer.postventa_channel, "phone")
        self.assertEqual(answer.postventa_phone_agent_id, self.agent)
        self.assertEqual(self.env["mail.mail"].search_count([]), mails, "no mail")
        self._answer(answer, 4, 4)
        self.assertEqual(ticket.survey_state, "done")
        self.assertEqual(ticket.csat_score, 80.0)

    def test_answered_survey_is_refused(self):
        ticket = self._closed_case()
        self._answer(ticket.survey_user_input_id)
        with self.assertRaisesRegex(UserError, "already answered"):
            ticket.with_user(self.agent).action_postventa_survey_by_phone()
        self.assertEqual(ticket.survey_user_input_id.postventa_channel, "mail")

    def test_only_closed_cases_of_a_team_with_a_survey(self):
        ticket = self._ticket()
        with self.assertRaisesRegex(UserError, "not closed"):
            ticket.with_user(self.agent).action_postventa_survey_by_phone()
        other = self._ticket(team_id=self.back_line.id)
        other.stage_id = self.stage_done
        with self.assertRaisesRegex(UserError, "no satisfaction survey"):
            other.with_user(self.agent).action_postventa_survey_by_phone()
        self.assertFalse(other.survey_user_input_id)

    def test_only_helpdesk_agents(self):
        ticket = self._closed_case()
        employee = new_test_user(
            self.env, "pv_plain_employee", groups="base.group_user"
        )
        with self.assertRaises(AccessError):
            ticket.with_user(employee).action_postventa_survey_by_phone()
        self.assertEqual(ticket.survey_user_input_id.postventa_channel, "mail")
        self.assertFalse(ticket.survey_user_input_id.postventa_phone_agent_id)

    def test_fields_only_through_the_action(self):
        ticket = self._closed_case()
        with self.assertRaises(AccessError):
            ticket.with_user(self.agent).write({"survey_user_input_id": False})


@tagged("post_install", "-at_install")
class TestPhoneSurveyHttp(PhoneSurveyCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            "pv_phone_customer",
            groups="base.group_portal",
            name="Ana Portal",
            email="ana.phone@example.com",
        )
        cls.ticket = cls._ticket(
            opened=datetime.now(), partner_id=cls.portal_user.partner_id.id
        )
        cls.ticket.stage_id = cls.stage_done
        cls.mailed = cls.ticket.survey_user_input_id

    def test_agent_answers_in_the_survey_form_and_the_link_shows_it_done(self):
        self.authenticate("pv_agent", "pv_agent")
        action = self._rpc_action()
        # the survey's own form, for the customer's answer, in the agent's browser
        page = self.url_open(action["url"])
        self.assertEqual(page.status_code, 200)
        self.assertIn(
            f"/survey/{self.survey.access_token}/{self.mailed.access_token}", page.url
        )
        self.assertIn(f'data-answer-token="{self.mailed.access_token}"', page.text)
        self.assertIn("Start Survey", page.text)
        base = f"{self.survey.access_token}/{self.mailed.access_token}"
        begin = self.make_jsonrpc_request(f"/survey/begin/{base}", {})
        self.assertNotIn("error", begin[1])
        self.assertIn("How was the attention?", str(begin[1]))
        result = self.make_jsonrpc_request(
            f"/survey/submit/{base}",
            {
                str(self.attention.id): str(self.attention.suggested_answer_ids[4].id),
                str(self.solution.id): str(self.solution.suggested_answer_ids[2].id),
                "token": self.mailed.access_token,
            },
        )
        self.assertNotIn("error", result[1])
        self.env.invalidate_all()
        # the case shows the answer and its score, taken by phone by the agent
        self.assertEqual(self.ticket.survey_state, "done")
        self.assertEqual(self.ticket.csat_score, 80.0)
        self.assertEqual(self.ticket.survey_channel, "phone")
        self.assertEqual(self.ticket.survey_phone_agent_id, self.agent)
        self.assertEqual(
            self.mailed.user_input_line_ids.suggested_answer_id.mapped("value"),
            ["5", "3"],
        )
        # the customer's mailed link: the survey is done, nothing to answer
        self.logout()
        done = self.url_open(self.ticket._postventa_survey_url())
        self.assertEqual(done.status_code, 200)
        self.assertIn("o_survey_finished", done.text)
        self.assertNotIn("Start Survey", done.text)
        # and the portal case page no longer offers it
        self.authenticate("pv_phone_customer", "pv_phone_customer")
        case_page = self.url_open(f"/my/ticket/{self.ticket.id}").text
        self.assertNotIn("o_case_survey", case_page)
        # calling the action again: refused, the answer stays as it is
        self.authenticate("pv_agent", "pv_agent")
        with self.assertRaises(JsonRpcException):
            self._rpc_action()

    def test_another_agent_cannot_open_the_customers_answer(self):
        self.authenticate("pv_agent", "pv_agent")
        self._rpc_action()
        new_test_user(
            self.env, "pv_other_agent", groups="helpdesk_mgmt.group_helpdesk_user"
        )
        self.authenticate("pv_other_agent", "pv_other_agent")
        page = self.url_open(
            f"/survey/{self.survey.access_token}/{self.mailed.access_token}"
        )
        self.assertNotIn(self.mailed.access_token, page.text)

    def test_portal_user_is_refused_over_json_rpc(self):
        self.authenticate("pv_phone_customer", "pv_phone_customer")
        with self.assertRaises(JsonRpcException) as caught:
            self._rpc_action()
        self.assertIn("AccessError", str(caught.exception))
        self.env.invalidate_all()
        self.assertEqual(self.mailed.postventa_channel, "mail")
        self.assertFalse(self.mailed.postventa_phone_agent_id)

    def _rpc_action(self):
        return self.make_jsonrpc_request(
            "/web/dataset/call_button",
            {
                "model": "helpdesk.ticket",
                "method": "action_postventa_survey_by_phone",
                "args": [self.ticket.ids],
                "kwargs": {},
            },
        )
