from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user

from .common import PostventaCase

# Aserti's hours (Europe/Madrid, UTC+2 in October): Tue 21 Oct 2025, 8:30-14:00,
# 15:00-18:00
NOW = "2025-10-21 06:00:00"  # 8:00 Madrid


class TestVisit(PostventaCase):
    """On-site visit (CPS's procedure): a free slot is proposed, the customer agrees,
    then the calendar event exists; the SLA clock waits for the customer's answer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env["postventa.sla.policy"].search([]).active = False
        cls.hours = cls._create_aserti_hours()
        cls.front_line.business_calendar_id = cls.hours
        env["postventa.sla.policy"].create(
            {
                "name": "8 h",
                "target": "resolution",
                "hours": 8,
                "calendar_id": cls.hours.id,
            }
        )
        cls.technician = new_test_user(
            env,
            "pv_field_tech",
            groups="helpdesk_mgmt.group_helpdesk_user_own",
            name="Field technician",
            tz="Europe/Madrid",
        )
        cls.customer.write(
            {"tz": "Europe/Madrid", "street": "Calle Mayor 1", "city": "Madrid"}
        )

    def _case(self):
        return self._ticket(opened=datetime(2025, 10, 21, 6, 0))

    def _propose(self, ticket, duration=1.0, technician=None):
        wizard = self.env["postventa.visit.wizard"].create(
            {
                "ticket_id": ticket.id,
                "technician_id": (technician or self.technician).id,
                "duration": duration,
            }
        )
        start = wizard.start
        wizard.action_propose()
        visit = ticket.visit_ids.filtered(
            lambda v: v.start == start and v.state == "proposed"
        )
        self.assertEqual(len(visit), 1)
        return visit

    def _busy(self, start, stop, technician=None):
        return self.env["calendar.event"].create(
            {
                "name": "Another customer",
                "start": start,
                "stop": stop,
                "partner_ids": [(6, 0, (technician or self.technician).partner_id.ids)],
            }
        )

    @freeze_time(NOW)
    def test_first_free_slot_skips_busy_time_and_the_break(self):
        # busy 8:30-12:30 Madrid: 12:30-14:00 is too short for 2 h, 15:00 is next
        self._busy(datetime(2025, 10, 21, 6, 30), datetime(2025, 10, 21, 10, 30))
        visit = self._propose(self._case(), duration=2.0)
        self.assertEqual(visit.start, datetime(2025, 10, 21, 13, 0))
        # a 1 h visit still fits before the break, and the first proposal holds its slot
        second = self._propose(
            self._ticket(opened=datetime(2025, 10, 21, 6, 0)), duration=1.0
        )
        self.assertEqual(second.start, datetime(2025, 10, 21, 10, 30))
        third = self._propose(
            self._ticket(opened=datetime(2025, 10, 21, 6, 0)), duration=2.0
        )
        self.assertEqual(third.start, datetime(2025, 10, 22, 6, 30), "Wed 8:30 Madrid")

    @freeze_time(NOW)
    def test_proposal_mails_the_customer_and_pauses_the_sla(self):
        ticket = self._case()
        self.assertEqual(ticket.sla_resolution_deadline, datetime(2025, 10, 21, 15, 30))
        visit = self._propose(ticket)
        self.assertEqual(visit.state, "proposed")
        self.assertFalse(
            visit.calendar_event_id, "no calendar event before the customer agrees"
        )
        self.assertIn("Calle Mayor 1", visit.address)
        mail = visit.message_ids.filtered(lambda m: self.customer in m.partner_ids)
        self.assertEqual(len(mail), 1)
        self.assertIn(
            f"/postventa/visit/{visit.id}?access_token={visit.access_token}", mail.body
        )
        self.assertIn("8:30", mail.body, "the time is shown in the customer's zone")
        self.assertEqual(ticket.sla_pause_start, datetime(2025, 10, 21, 6, 0))
        self.assertEqual(ticket.sla_status, "paused")

    def test_acceptance_creates_the_event_and_resumes_the_sla(self):
        with freeze_time(NOW):
            ticket = self._case()
            visit = self._propose(ticket)
        # 11:00 Madrid: 2.5 business hours waited
        with freeze_time("2025-10-21 09:00:00"):
            visit.sudo().action_customer_accept()
        self.assertEqual(visit.state, "scheduled")
        event = visit.calendar_event_id
        self.assertEqual((event.start, event.stop), (visit.start, visit.stop))
        self.assertEqual(event.partner_ids, self.technician.partner_id | self.customer)
        self.assertFalse(ticket.sla_pause_start)
        self.assertAlmostEqual(ticket.sla_paused_hours, 2.5)
        # 8 h from Tue 8:30 Madrid end Tue 17:30; 2.5 h waited push it to Wed 10:30
        self.assertEqual(ticket.sla_resolution_deadline, datetime(2025, 10, 22, 8, 30))
        with self.assertRaisesRegex(Exception, "not waiting for your answer"):
            visit.sudo().action_customer_accept()

    def test_customer_proposes_another_time(self):
        with freeze_time(NOW):
            ticket = self._case()
            visit = self._propose(ticket)
            with self.assertRaisesRegex(ValidationError, "for example"):
                visit.sudo().action_customer_propose("next thursday")
            with self.assertRaisesRegex(ValidationError, "future"):
                visit.sudo().action_customer_propose("2025-10-20T10:00")
            # the ends of the calendar, which have no time in UTC east of
            # Greenwich (year 1) or west of it (year 9999): refused, not a crash
            for tz in ("Asia/Tokyo", "America/Asuncion"):
                self.customer.tz = tz
                with self.assertRaisesRegex(ValidationError, "future"):
                    visit.sudo().action_customer_propose("0001-01-01T00:00")
                with self.assertRaisesRegex(ValidationError, "next 10 years"):
                    visit.sudo().action_customer_propose("9999-12-31T23:59")
            self.customer.tz = "Europe/Madrid"
            self.assertEqual(visit.state, "proposed")
            visit.sudo().action_customer_propose(
                "2025-10-23T10:00", "Better on Thursday"
            )
        # 10:00 Madrid is 8:00 UTC; the ball is in our court again: the clock runs
        self.assertEqual(visit.customer_proposal, datetime(2025, 10, 23, 8, 0))
        self.assertEqual(visit.state, "counter_proposed")
        self.assertFalse(ticket.sla_pause_start)
        activity = visit.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertIn("Better on Thursday", activity.note)
        with freeze_time("2025-10-21 10:00:00"):
            visit.action_accept_customer_proposal()
        self.assertEqual(visit.state, "scheduled")
        self.assertEqual(visit.calendar_event_id.start, datetime(2025, 10, 23, 8, 0))
        self.assertFalse(visit.activity_ids)

    @freeze_time(NOW)
    def test_a_technician_is_not_booked_twice(self):
        visit = self._propose(self._case())
        other = self._ticket(opened=datetime(2025, 10, 21, 6, 0))
        with self.assertRaisesRegex(ValidationError, "already has visit"):
            self.env["postventa.visit"].create(
                {
                    "ticket_id": other.id,
                    "technician_id": self.technician.id,
                    "start": visit.start,
                    "duration": 0.5,
                }
            )
        self.assertFalse(other.visit_ids, "nothing half-stored")

    def test_report_closes_the_visit(self):
        with freeze_time(NOW):
            ticket = self._case()
            visit = self._propose(ticket)
            visit.sudo().action_customer_accept()
        with self.assertRaisesRegex(
            ValidationError, "work done.*arrival.*signature or name"
        ):
            visit.action_done()
        self.assertEqual(visit.state, "scheduled")
        with self.assertRaisesRegex(ValidationError, "leave after arriving"):
            visit.write(
                {
                    "arrival": datetime(2025, 10, 21, 9, 0),
                    "departure": datetime(2025, 10, 21, 8, 0),
                }
            )
        visit.write(
            {
                "arrival": datetime(2025, 10, 21, 6, 30),
                "departure": datetime(2025, 10, 21, 8, 0),
                "work_done": "<p>Replaced the fuser; printed 20 test pages.</p>",
                "signed_by": "Ana Benítez",
            }
        )
        visit.action_done()
        self.assertEqual(visit.state, "done")
        self.assertAlmostEqual(visit.time_on_site, 1.5)
        note = ticket.message_ids[:1]
        self.assertIn("Replaced the fuser", note.body)
        self.assertIn("1 h 30 min", note.body)
        self.assertIn("Ana Benítez", note.body)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("postventa_helpdesk.action_report_visit", visit.ids)[0]
            .decode()
        )
        self.assertIn("Replaced the fuser", html)
        self.assertIn("Ana Benítez", html)

    @freeze_time(NOW)
    def test_cancelling_frees_the_calendar_and_the_clock(self):
        ticket = self._case()
        visit = self._propose(ticket)
        self.assertTrue(ticket.sla_pause_start)
        visit.action_cancel()
        self.assertFalse(ticket.sla_pause_start)
        visit2 = self._propose(ticket)
        visit2.sudo().action_customer_accept()
        event = visit2.calendar_event_id
        visit2.action_cancel()
        self.assertFalse(event.exists())

    @freeze_time(NOW)
    def test_who_sees_visits(self):
        visit = self._propose(self._case())
        portal = new_test_user(
            self.env,
            "pv_visit_portal",
            groups="base.group_portal",
            partner_id=self.customer.id,
        )
        with self.assertRaises(AccessError):
            visit.with_user(portal).read(["start"])
        # an own-cases agent of another team does not see it; the technician does
        stranger = new_test_user(
            self.env,
            "pv_visit_stranger",
            groups="helpdesk_mgmt.group_helpdesk_user_own",
        )
        self.assertFalse(
            self.env["postventa.visit"]
            .with_user(stranger)
            .search([("id", "=", visit.id)])
        )
        self.assertEqual(
            self.env["postventa.visit"]
            .with_user(self.technician)
            .search([("id", "=", visit.id)]),
            visit,
        )
