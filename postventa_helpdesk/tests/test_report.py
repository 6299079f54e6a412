from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import PostventaCase


class TestCaseReport(PostventaCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env["postventa.sla.policy"].search([]).active = False
        cls.hours = cls._create_aserti_hours()
        env["postventa.sla.policy"].create(
            {
                "name": "4 h",
                "target": "resolution",
                "hours": 4,
                "calendar_id": cls.hours.id,
            }
        )
        cls.front_line.business_calendar_id = cls.hours
        cls.survey = env["survey.survey"].create(
            {
                "title": "CSAT (report test)",
                "access_mode": "token",
                "scoring_type": "scoring_without_answers",
                "question_and_page_ids": [
                    (
                        0,
                        0,
                        {
                            "title": "Overall?",
                            "question_type": "simple_choice",
                            "suggested_answer_ids": [
                                (0, 0, {"value": str(n), "answer_score": n})
                                for n in range(1, 6)
                            ],
                        },
                    )
                ],
            }
        )
        cls.front_line.survey_id = cls.survey
        unit = cls._unit(cls.aio, "AIO-REP", cls.d(2025, 1, 10))
        opened = datetime(2025, 10, 21, 7, 0)  # Tue 9:00 Madrid, due 13:00 Madrid
        cls.in_time = cls._ticket(
            unit, opened=opened, failed_component_id=cls.mainboard.id
        )
        cls.late = cls._ticket(
            unit, opened=opened, failed_component_id=cls.mainboard.id
        )
        cls.open_case = cls._ticket(unit, opened=opened, failed_component_id=cls.lcd.id)
        with freeze_time("2025-10-21 10:00:00"):
            cls.in_time.stage_id = cls.stage_done
        with freeze_time("2025-10-21 12:00:00"):
            cls.late.stage_id = cls.stage_done
        answer = cls.in_time.survey_user_input_id
        question = cls.survey.question_ids
        answer._save_lines(question, question.suggested_answer_ids[3].id)  # 4 of 5
        answer._mark_done()
        cls.env.flush_all()
        cls.ids = (cls.in_time | cls.late | cls.open_case).ids

    def _report(self, user, groupby):
        return (
            self.env["postventa.case.report"]
            .with_user(user)
            ._read_group(
                [("ticket_id", "in", self.ids)],
                groupby,
                [
                    "case_count:sum",
                    "sla_compliance:avg",
                    "resolution_business_hours:avg",
                    "csat_score:avg",
                ],
            )
        )

    def test_manager_sees_compliance_mttr_and_csat_by_team(self):
        [(team, count, compliance, mttr, csat)] = self._report(
            self.manager, ["team_id"]
        )
        self.assertEqual(team, self.front_line)
        self.assertEqual(count, 3)
        self.assertAlmostEqual(
            compliance, 50.0, msg="one met, one late; the open one is not judged yet"
        )
        self.assertAlmostEqual(mttr, 4.0, msg="3 h and 5 h of business time")
        self.assertAlmostEqual(csat, 80.0, msg="only answered surveys count")

    def test_failures_by_product_and_component(self):
        rows = self._report(self.manager, ["product_id", "failed_component_id"])
        counts = {
            (product, component): count for product, component, count, *_rest in rows
        }
        self.assertEqual(
            counts, {(self.aio, self.mainboard): 2, (self.aio, self.lcd): 1}
        )

    def test_agents_and_portal_users_cannot_read_it(self):
        portal = new_test_user(self.env, "pv_portal_report", groups="base.group_portal")
        for user in (self.agent, portal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["postventa.case.report"].with_user(user).search([])
