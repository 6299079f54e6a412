"""Calls to the courier: never inside the user's transaction, retried through
courier faults, and never a lost or a second shipment."""

from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import UserError, ValidationError
from odoo.modules.registry import Registry
from odoo.tests.common import BaseCase, get_db_name

from odoo.addons.postventa_courier.models.postventa_courier_outbox import LEASE

from .common import CourierCase


class TestCourierOutbox(CourierCase):
    def assertOneShipment(self, order):
        self.assertEqual(order.state, "scheduled")
        shipments = [
            s for s in self.sim.shipments.values() if s["reference"] == order.name
        ]
        self.assertEqual(len(shipments), 1, "exactly one shipment at the courier")
        self.assertEqual(order.tracking_number, shipments[0]["tracking_number"])
        self.assertEqual(
            order.outbox_ids.filtered(lambda c: c.operation == "create").state, "done"
        )

    def test_request_makes_no_call_until_the_outbox_runs(self):
        calls_before = len(self.sim.requests)
        order = self._pickup()
        self.assertEqual(order.state, "requested")
        self.assertEqual(order.carrier_id, self.carrier)
        self.assertEqual(order.zone_id, self.zone)
        self.assertEqual(
            len(self.sim.requests),
            calls_before,
            "no network call in the user's transaction",
        )
        self.assertEqual(order.outbox_ids.mapped("operation"), ["create"])
        self._process_outbox()
        self.assertOneShipment(order)
        shipment = self.sim.shipments[order.tracking_number]
        self.assertEqual(shipment["kind"], "pickup")
        self.assertEqual(shipment["address"]["street"], "Av. 18 de Julio 1234")
        self.assertEqual(shipment["address"]["phone"], "+598 94 123 456")
        self.assertTrue(order.tracking_url.endswith(order.tracking_number))
        # the label comes in a second call, as a PDF attached to the order
        self.assertTrue(order.outbox_pending)
        self._process_outbox()
        self.assertFalse(order.outbox_pending)
        self.assertTrue(order.label_id.raw.startswith(b"%PDF"))
        self.assertEqual(order.label_id.res_id, order.id)
        self.assertEqual(order.event_ids.mapped("source"), ["api"])

    def test_courier_down_5xx_then_back(self):
        self.sim.inject("5xx", count=2, path="/v1/shipments")
        order = self._pickup()
        call = order.outbox_ids
        delays = []
        for _i in range(2):
            before = fields.Datetime.now()
            self._process_outbox()
            delays.append((call.next_try_at - before).total_seconds())
        self.assertEqual(
            (order.state, call.state, call.tries), ("requested", "pending", 2)
        )
        self.assertIn("503", call.last_error)
        self.assertFalse(self.sim.shipments)
        self.assertAlmostEqual(delays[0], 60, delta=2)
        self.assertAlmostEqual(delays[1], 120, delta=2, msg="the delay doubles")
        self._process_outbox()
        self.assertOneShipment(order)

    def test_timeout_after_the_courier_created_it_is_not_a_second_shipment(self):
        # the courier does the work but answers after our read timeout (0.5 s)
        self.sim.inject("timeout", seconds=1.5, path="/v1/shipments")
        order = self._pickup()
        self._process_outbox()
        self.assertEqual(order.state, "requested")
        self.assertIn("timeout", order.outbox_ids.last_error)
        self.assertEqual(len(self.sim.shipments), 1, "the courier has it already")
        self._process_outbox()
        self.assertOneShipment(order)
        self.assertEqual(
            len(self.sim.by_key), 1, "the retry reused the idempotency key"
        )

    def test_malformed_answer_then_retry(self):
        self.sim.inject("malformed", path="/v1/shipments")
        order = self._pickup()
        self._process_outbox()
        self.assertEqual(order.state, "requested")
        self.assertIn("unreadable", order.outbox_ids.last_error)
        self._process_outbox()
        self.assertOneShipment(order)

    def test_latency_within_the_timeout_is_fine(self):
        self.sim.inject("latency", seconds=0.2, path="/v1/shipments")
        order = self._pickup()
        self._process_outbox()
        self.assertOneShipment(order)
        self.assertEqual(
            order.outbox_ids.filtered(lambda c: c.operation == "create").tries, 1
        )

    def test_courier_unreachable(self):
        self.carrier.postventa_api_url = "http://127.0.0.1:9"  # nothing listens there
        order = self._pickup()
        self._process_outbox()
        self.assertIn("connection failed", order.outbox_ids.last_error)
        self.assertEqual(order.outbox_ids.state, "pending")
        self.carrier.postventa_api_url = self.sim.url
        self._process_outbox()
        self.assertOneShipment(order)

    def test_refused_call_stops_and_asks_a_person(self):
        self.carrier.postventa_api_key = "wrong-key"
        order = self._pickup()
        self._process_outbox()
        call = order.outbox_ids
        self.assertEqual(call.state, "failed")
        self.assertIn("401", call.last_error)
        self.assertIn("refused or never answered", order.activity_ids.summary)
        self._process_outbox()
        self.assertEqual(call.tries, 1, "a refused call is not retried by itself")
        self.carrier.postventa_api_key = "test-key"
        call.action_retry()
        self._process_outbox()
        self.assertOneShipment(order)

    def test_gives_up_after_max_tries(self):
        self.sim.inject("5xx", count=50, path="/v1/shipments")
        order = self._pickup()
        for _i in range(10):
            self._process_outbox()
        self.assertEqual(order.outbox_ids.state, "failed")
        self.assertEqual(order.outbox_ids.tries, 10)
        self.assertFalse(self.sim.shipments)
        self.assertTrue(order.activity_ids)

    def test_cancel_before_sending_makes_no_call(self):
        order = self._pickup()
        order.with_user(self.logistics).action_cancel()
        self.assertEqual(order.state, "cancelled")
        self._process_outbox()
        self.assertFalse(self.sim.shipments, "nothing was ever sent")
        self.assertEqual(order.outbox_ids.mapped("state"), ["cancelled"])

    def test_cancel_after_sending_tells_the_courier(self):
        order = self._pickup()
        self._process_outbox()
        order.action_cancel()
        self._process_outbox()
        self.assertEqual(
            self.sim.shipments[order.tracking_number]["status"], "cancelled"
        )

    def test_delivered_order_cannot_be_cancelled(self):
        order = self._pickup()
        self._process_outbox()
        order._postventa_record_events(
            [
                {
                    "external_id": "x1",
                    "status": "delivered",
                    "occurred_at": "2030-01-01 10:00:00",
                    "detail": "ok",
                }
            ],
            "webhook",
        )
        with self.assertRaisesMessage(UserError, "can no longer be cancelled"):
            order.action_cancel()
        self.assertEqual(order.state, "delivered")
        self.assertEqual(order.outbox_ids.mapped("operation"), ["create", "label"])

    def test_calls_of_an_order_keep_their_order(self):
        """The label call waits for the create call it depends on."""
        self.sim.inject("5xx", count=2, path="/v1/shipments")
        order = self._pickup()
        order._postventa_enqueue("label")
        self._process_outbox()
        create, label = order.outbox_ids.sorted("id")
        self.assertEqual(
            (create.tries, label.tries), (1, 0), "the label call was not tried"
        )
        self._process_outbox()
        self.assertEqual((create.state, label.state), ("pending", "pending"))
        self._process_outbox()
        self.assertEqual((create.state, label.state), ("done", "done"))
        self.assertTrue(order.label_id)

    def test_no_zone_or_no_courier_is_a_clear_error(self):
        stranger = self.customer.copy(
            {"country_id": self.env.ref("base.is").id, "city": "Reykjavík"}
        )
        with self.assertRaisesMessage(UserError, "No service zone matches"):
            self._pickup(self._ticket(partner_id=stranger.id))
        self.zone.pickup_carrier_id = False
        with self.assertRaisesMessage(UserError, "has no courier for Pickup"):
            self._pickup()
        self.assertFalse(
            self.env["postventa.courier.order"].search(
                [("partner_id", "=", self.customer.id)]
            )
        )

    def test_office_handover_needs_no_courier(self):
        ticket = self._ticket(courier_handover="office")
        with self.assertRaisesMessage(UserError, "brings the unit to our office"):
            self._pickup(ticket)

    def test_carrier_settings_are_checked(self):
        with self.assertRaisesMessage(ValidationError, "must never hang"):
            self.carrier.postventa_read_timeout = 0
        with self.assertRaisesMessage(ValidationError, "letters, digits"):
            self.carrier.postventa_code = "a/b"
        with self.assertRaisesMessage(ValidationError, "at least one attempt"):
            self.carrier.postventa_max_attempts = 0
        self.assertEqual(
            (self.carrier.postventa_read_timeout, self.carrier.postventa_code),
            (0.5, "test-webhook"),
        )


class TestOutboxClaimedByManySenders(BaseCase):
    """Several senders (cron jobs on any server) take calls at once, each in its
    own transaction: on committed rows, cleaned up afterwards."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["postventa.courier.order"].search([], limit=4, order="id")
            if len(orders) < 4:
                self.skipTest("needs the demo's courier orders")
            now = fields.Datetime.now()
            Outbox = env["postventa.courier.outbox"]
            self.due = Outbox.create(
                [
                    {
                        "order_id": order.id,
                        "operation": "label",
                        "idempotency_key": f"claim-test-{order.id}",
                        "next_try_at": now - timedelta(seconds=5),
                    }
                    for order in orders[:3]
                ]
            ).ids
            # failed a moment ago: waits for its back-off
            self.backing_off = Outbox.create(
                {
                    "order_id": orders[3].id,
                    "operation": "label",
                    "idempotency_key": f"claim-test-{orders[3].id}",
                    "tries": 1,
                    "next_try_at": now + timedelta(seconds=60),
                }
            ).id
        self.addCleanup(self._clean)

    def _clean(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["postventa.courier.outbox"].browse(
                [*self.due, self.backing_off]
            ).unlink()

    def _claim(self, env, exclude=()):
        """One claim, as a sender does, among this test's calls only."""
        Outbox = env["postventa.courier.outbox"]
        ids = [*self.due, self.backing_off]
        return Outbox._postventa_claim(exclude=exclude, call_ids=ids, separate=False)

    def test_two_senders_claim_disjoint_calls_and_respect_the_back_off(self):
        cr1, cr2 = self.registry.cursor(), self.registry.cursor()
        try:
            # the sender's claim transaction: READ COMMITTED, as _postventa_claim's own
            for cr in (cr1, cr2):
                cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
            env1 = api.Environment(cr1, SUPERUSER_ID, {})
            env2 = api.Environment(cr2, SUPERUSER_ID, {})
            # both claim while the other's claim is not committed: SKIP LOCKED
            first = self._claim(env1)
            second = self._claim(env2)
            self.assertTrue(first and second)
            self.assertNotEqual(first.id, second.id)
            cr1.commit()
            cr2.commit()
            third = self._claim(env1)
            cr1.commit()
            self.assertEqual(sorted([first.id, second.id, third.id]), sorted(self.due))
            # nothing left: the claimed calls are leased, the last one backs off
            self.assertFalse(self._claim(env2))
            cr2.commit()
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                calls = env["postventa.courier.outbox"].browse(self.due)
                now = fields.Datetime.now()
                for call in calls:
                    self.assertGreater(
                        call.next_try_at, now + timedelta(seconds=LEASE - 60)
                    )
                self.assertEqual(
                    env["postventa.courier.outbox"].browse(self.backing_off).tries, 1
                )
        finally:
            cr1.close()
            cr2.close()

    def test_a_call_is_not_claimed_before_its_next_try(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            claimed = env["postventa.courier.outbox"].browse()
            for _i in range(4):
                claimed |= self._claim(env, exclude=claimed.ids)
            self.assertEqual(sorted(claimed.ids), sorted(self.due))
            self.assertNotIn(self.backing_off, claimed.ids)
            cr.rollback()
