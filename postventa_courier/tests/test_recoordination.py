"""Failed attempts: the logistics call, a new date, and return after the last one."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError

from .common import CourierCase


class TestRecoordination(CourierCase):
    def setUp(self):
        super().setUp()
        self.order = self._pickup()
        self._process_outbox()
        self.number = self.order.tracking_number

    def _fail(self, detail="Nobody at home"):
        event = self.sim.emit(self.number, "failed", detail, send=False)
        values = self.env["postventa.courier.event"]._postventa_values_from_api(event)
        self.order._postventa_record_events([values], "webhook")

    def _recoordinate(self, days=1, note="Afternoon, ring twice"):
        wizard = (
            self.env["postventa.courier.recoordinate.wizard"]
            .with_user(self.logistics)
            .with_context(active_id=self.order.id)
            .create(
                {"new_date": fields.Date.today() + timedelta(days=days), "note": note}
            )
        )
        wizard.action_confirm()
        self._process_outbox()

    def test_events_applied_by_the_crons_write_in_the_company_language(self):
        """OdooBot (the crons, the webhook) has no language of its own: the call
        activity is in the language of the logistics person who calls, the case's
        note of a failed attempt in the company's."""
        self.env["res.lang"]._activate_lang("es_419")
        self.order.company_id.partner_id.lang = "es_419"
        self.order.user_id.lang = "es_419"
        self._fail("Nadie en casa")
        activity = self.order.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_call")
        )
        self.assertEqual(
            activity.summary, "Recoordinar con el cliente (intento 1 de 3)"
        )
        self.assertIn(
            "el intento 1 falló (Nadie en casa)",
            self.order.ticket_id.message_ids[0].body,
        )

    def test_failed_attempts_cycle_until_returned(self):
        call = self.env.ref("mail.mail_activity_data_call")
        self._fail()
        self.assertEqual((self.order.state, self.order.attempt_count), ("failed", 1))
        activity = self.order.activity_ids.filtered(
            lambda a: a.activity_type_id == call
        )
        self.assertEqual(
            activity.user_id, self.logistics, "the order's logistics person calls"
        )
        self.assertIn("attempt 1 of 3", activity.summary)
        self.assertIn("attempt 1 failed", self.order.ticket_id.message_ids[0].body)

        self._recoordinate(days=2)
        self.assertEqual(self.order.state, "scheduled")
        self.assertEqual(
            self.order.scheduled_date, fields.Date.today() + timedelta(days=2)
        )
        self.assertFalse(
            self.order.activity_ids.filtered(lambda a: a.activity_type_id == call),
            "the call is done",
        )
        shipment = self.sim.shipments[self.number]
        self.assertEqual(
            (shipment["status"], shipment["scheduled_date"]),
            ("scheduled", str(fields.Date.today() + timedelta(days=2))),
        )
        self.assertEqual(
            len(self.sim.shipments), 1, "a new attempt, not a new shipment"
        )

        self._fail("Wrong address")
        self.assertEqual(self.order.attempt_count, 2)
        self._recoordinate()
        self._fail("Refused by the customer")
        self.assertEqual((self.order.state, self.order.attempt_count), ("returned", 3))
        self.assertIn(
            "returned to sender after 3", self.order.ticket_id.message_ids[0].body
        )
        self.assertTrue(
            self.order.activity_ids.filtered(
                lambda a: "Unit returned to sender" in a.summary
            )
        )
        with self.assertRaisesMessage(UserError, "Only an order whose attempt failed"):
            self.order.action_recoordinate(fields.Date.today())

    def test_retried_reschedule_is_one_new_attempt(self):
        self._fail()
        self.sim.inject(
            "timeout", seconds=1.5, path=f"/v1/shipments/{self.number}/reschedule"
        )
        self._recoordinate()
        self.assertEqual(
            self.order.state, "requested", "waiting for the courier's answer"
        )
        self._process_outbox()
        self.assertEqual(self.order.state, "scheduled")
        scheduled = [
            e
            for e in self.sim.shipments[self.number]["events"]
            if e["status"] == "scheduled"
        ]
        self.assertEqual(
            len(scheduled), 2, "registered + one new attempt, despite the retry"
        )

    def test_new_date_must_not_be_in_the_past(self):
        self._fail()
        with self.assertRaisesMessage(UserError, "from today on"):
            self.order.action_recoordinate(fields.Date.today() - timedelta(days=1))
        self.assertEqual(self.order.state, "failed")
        self.assertEqual(self.order.outbox_ids.mapped("operation"), ["create", "label"])
