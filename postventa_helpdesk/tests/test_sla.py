from datetime import datetime

from freezegun import freeze_time

from .common import PostventaCase


class TestSla(PostventaCase):
    """Aserti's seasonal hours, Europe/Madrid: regular 16 Sep-31 May
    Mon-Thu 8:30-14 and 15-18, Fri 8:30-14; summer 1 Jun-15 Sep Mon-Fri 8-15."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        # the rules below are the only ones: set aside any configured (demo) ones
        env["postventa.sla.policy"].search([]).active = False
        env["postventa.zone"].search([]).active = False
        cls.hours = cls._create_aserti_hours()
        # a public holiday: company-wide time off, Monday 8 December 2025
        env["resource.calendar.leaves"].create(
            {
                "name": "Inmaculada Concepción",
                "date_from": datetime(2025, 12, 7, 23, 0),
                "date_to": datetime(2025, 12, 8, 22, 59, 59),
                "calendar_id": False,
                "resource_id": False,
            }
        )
        cls.py = env.ref("base.py")
        Zone = env["postventa.zone"]
        cls.capital = Zone.create(
            {
                "name": "Asunción",
                "country_id": cls.py.id,
                "cities": "Asunción, Lambaré",
                "sequence": 1,
            }
        )
        cls.interior = Zone.create(
            {"name": "Interior", "country_id": cls.py.id, "is_fallback": True}
        )
        Policy = env["postventa.sla.policy"]
        cls.resolution_4h = Policy.create(
            {
                "name": "4 h",
                "target": "resolution",
                "hours": 4,
                "calendar_id": cls.hours.id,
                "sequence": 50,
            }
        )

    def _case(self, opened, **values):
        return self._ticket(opened=opened, **values)

    def test_friday_afternoon_runs_into_monday(self):
        # Fri 17 Oct 2025 13:00 Madrid (11:00 UTC): 1 h on Friday, 3 h on Monday from
        # 8:30
        ticket = self._case(datetime(2025, 10, 17, 11, 0))
        self.assertEqual(ticket.sla_resolution_policy_id, self.resolution_4h)
        self.assertEqual(ticket.sla_resolution_deadline, datetime(2025, 10, 20, 9, 30))

    def test_lunch_break_is_skipped(self):
        self.resolution_4h.hours = 1
        # Tue 21 Oct 13:30 Madrid: 30 min before the break, 30 min after 15:00
        ticket = self._case(datetime(2025, 10, 21, 11, 30))
        self.assertEqual(ticket.sla_resolution_deadline, datetime(2025, 10, 21, 13, 30))

    def test_season_boundary_31_may_to_1_june(self):
        # Fri 31 May 2024 13:00 Madrid (UTC+2): 1 h regular, then summer Monday from
        # 8:00
        ticket = self._case(datetime(2024, 5, 31, 11, 0))
        self.assertEqual(ticket.sla_resolution_deadline, datetime(2024, 6, 3, 9, 0))

    def test_season_boundary_15_to_16_september(self):
        self.resolution_4h.hours = 3
        # Mon 15 Sep 2025 14:00 Madrid: 1 h of summer hours, then regular Tuesday from
        # 8:30
        ticket = self._case(datetime(2025, 9, 15, 12, 0))
        self.assertEqual(ticket.sla_resolution_deadline, datetime(2025, 9, 16, 8, 30))

    def test_public_holiday_is_skipped(self):
        # Fri 5 Dec 2025 13:00 Madrid (UTC+1): 1 h Friday, Monday is a holiday, 3 h
        # Tuesday
        ticket = self._case(datetime(2025, 12, 5, 12, 0))
        self.assertEqual(ticket.sla_resolution_deadline, datetime(2025, 12, 9, 10, 30))

    def test_pause_while_awaiting_customer(self):
        self.resolution_4h.hours = 8
        awaiting = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting")
        # Tue 21 Oct 9:00 Madrid: due Tue 18:00 Madrid
        ticket = self._case(datetime(2025, 10, 21, 7, 0))
        self.assertEqual(ticket.sla_resolution_deadline, datetime(2025, 10, 21, 16, 0))
        with freeze_time("2025-10-21 08:00:00"):  # 10:00 Madrid, 7 h left
            ticket.stage_id = awaiting
            self.assertEqual(ticket.sla_pause_start, datetime(2025, 10, 21, 8, 0))
            self.assertEqual(ticket.sla_status, "paused")
        with freeze_time("2025-10-22 08:00:00"):  # Wed 10:00 Madrid
            ticket.stage_id = self.stage_in_progress
        self.assertFalse(ticket.sla_pause_start)
        self.assertAlmostEqual(ticket.sla_paused_hours, 8.5)
        # the 7 h left: Wed 10-14 and 15-18
        self.assertEqual(ticket.sla_resolution_deadline, datetime(2025, 10, 22, 16, 0))

    def test_capital_and_province_deadlines(self):
        doa = self.env.ref("postventa_helpdesk.service_type_exchange")
        Policy = self.env["postventa.sla.policy"]
        capital = Policy.create(
            {
                "name": "DOA capital",
                "target": "resolution",
                "hours": 8,
                "service_type_id": doa.id,
                "zone_id": self.capital.id,
                "calendar_id": self.hours.id,
            }
        )
        province = Policy.create(
            {
                "name": "DOA interior",
                "target": "resolution",
                "hours": 24,
                "service_type_id": doa.id,
                "zone_id": self.interior.id,
                "calendar_id": self.hours.id,
            }
        )
        in_capital = self.env["res.partner"].create(
            {"name": "Cliente capital", "city": "asunción ", "country_id": self.py.id}
        )
        in_province = self.env["res.partner"].create(
            {
                "name": "Cliente Encarnación",
                "city": "Encarnación",
                "country_id": self.py.id,
            }
        )
        opened = datetime(2025, 10, 20, 7, 0)  # Monday 9:00 Madrid
        a = self._case(opened, partner_id=in_capital.id, service_type_id=doa.id)
        b = self._case(opened, partner_id=in_province.id, service_type_id=doa.id)
        c = self._case(opened, partner_id=in_province.id)
        self.assertEqual(
            (a.zone_id, a.sla_resolution_policy_id), (self.capital, capital)
        )
        self.assertEqual(
            (b.zone_id, b.sla_resolution_policy_id), (self.interior, province)
        )
        self.assertEqual(
            c.sla_resolution_policy_id, self.resolution_4h, "no service type: generic"
        )
        # Mon 18:00
        self.assertEqual(a.sla_resolution_deadline, datetime(2025, 10, 20, 16, 0))
        # 24 h: Mon 8 h, Tue 8.5 h, Wed 8:30-14 and 15-17
        self.assertEqual(b.sla_resolution_deadline, datetime(2025, 10, 22, 15, 0))

    def test_first_response_by_priority_and_recording(self):
        Policy = self.env["postventa.sla.policy"]
        Policy.create(
            {
                "name": "Urgent first contact",
                "target": "first_response",
                "hours": 1,
                "priority": "3",
                "calendar_id": self.hours.id,
            }
        )
        Policy.create(
            {
                "name": "First contact",
                "target": "first_response",
                "hours": 4,
                "calendar_id": self.hours.id,
                "sequence": 99,
            }
        )
        urgent = self._case(
            datetime(2025, 10, 21, 7, 0), severity="critical", urgency="critical"
        )
        normal = self._case(datetime(2025, 10, 21, 7, 0))
        self.assertEqual(urgent.sla_response_deadline, datetime(2025, 10, 21, 8, 0))
        self.assertEqual(normal.sla_response_deadline, datetime(2025, 10, 21, 11, 0))
        normal.with_user(self.agent).message_post(
            body="Internal note", subtype_xmlid="mail.mt_note"
        )
        self.assertFalse(normal.first_response_date)
        normal.with_user(self.agent).message_post(
            body="We are looking at it",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertTrue(normal.first_response_date)
        urgent.with_user(self.agent).action_log_call()
        self.assertTrue(urgent.first_response_date)

    def test_status_and_breach_flagged_once(self):
        # due 11:00 UTC (13:00 Madrid)
        ticket = self._case(datetime(2025, 10, 21, 7, 0))
        ticket.team_id.user_id = self.manager
        with freeze_time("2025-10-21 08:00:00"):
            ticket.invalidate_recordset(["sla_status"])
            self.assertEqual(ticket.sla_status, "on_track")
        with freeze_time("2025-10-21 10:30:00"):
            ticket.invalidate_recordset(["sla_status"])
            self.assertEqual(ticket.sla_status, "at_risk")
        with freeze_time("2025-10-21 12:00:00"):
            ticket.invalidate_recordset(["sla_status"])
            self.assertEqual(ticket.sla_status, "breached")
            Ticket = self.env["helpdesk.ticket"]
            # the cron writes in the company's language
            ticket.company_id.partner_id.lang = "en_US"
            Ticket._cron_flag_sla_breaches()
            Ticket._cron_flag_sla_breaches()
        self.assertTrue(ticket.sla_resolution_breached)
        activities = ticket.activity_ids.filtered(
            lambda a: "SLA breached" in (a.summary or "")
        )
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.manager)
        notes = ticket.message_ids.filtered(lambda m: "SLA breached" in (m.body or ""))
        self.assertEqual(len(notes), 1)

    def test_closed_in_time_is_met(self):
        ticket = self._case(datetime(2025, 10, 21, 7, 0))
        with freeze_time("2025-10-21 09:00:00"):
            ticket.stage_id = self.stage_done
            ticket.invalidate_recordset(["sla_status"])
            self.assertEqual(ticket.sla_status, "met")
