"""Tracking events pushed by the courier to Odoo's real HTTP server."""

import json
import time
from unittest.mock import patch

import psycopg2

from odoo import http
from odoo.tests import HttpCase, tagged

from odoo.addons.postventa_courier.simulator.courier_simulator import sign

from .common import CourierSimulatorMixin


@tagged("post_install", "-at_install")
class TestCourierWebhook(CourierSimulatorMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpCourier()

    def setUp(self):
        super().setUp()
        self.sim.webhook_url = (
            f"{self.base_url()}/postventa/courier/{self.carrier.postventa_code}/webhook"
        )
        self.sim.duplicate_webhooks = self.sim.reorder_webhooks = False
        self.order = self._pickup()
        self._process_outbox()
        self.assertTrue(self.order.tracking_number)

    def _post(self, event, timestamp=None, secret="test-secret", code=None, body=None):
        body = body if body is not None else json.dumps(event).encode()
        timestamp = int(time.time()) if timestamp is None else timestamp
        return self.url_open(
            f"/postventa/courier/{code or self.carrier.postventa_code}/webhook",
            data=body,
            headers={
                "Content-Type": "application/json",
                "X-Courier-Timestamp": str(timestamp),
                "X-Courier-Signature": sign(secret, timestamp, body),
            },
        )

    def _apply(self):
        """What the cron does a minute later."""
        self.env["postventa.courier.event"]._cron_apply_pending()
        self.order.invalidate_recordset()

    def _event(self, status, event_id, occurred_at="2030-05-01T10:00:00Z", number=None):
        return {
            "event_id": event_id,
            "tracking_number": number or self.order.tracking_number,
            "status": status,
            "occurred_at": occurred_at,
            "detail": status,
        }

    def test_simulator_pushes_events_through_the_webhook(self):
        self.sim.emit(self.order.tracking_number, "picked_up", "Collected")
        self.sim.emit(self.order.tracking_number, "in_transit", "To the lab")
        self.assertEqual([code for code, _e in self.sim.webhook_log], [200, 200])
        self.order.invalidate_recordset()
        self.assertEqual(self.order.state, "scheduled", "recorded, applied by the cron")
        self.assertEqual(
            self.order.event_ids.filtered("pending").mapped("status"),
            ["in_transit", "picked_up"],
        )
        self._apply()
        self.assertEqual(self.order.state, "in_transit")
        self.assertFalse(self.order.event_ids.filtered("pending"))
        self.assertEqual(self.order.last_detail, "To the lab")
        self.assertEqual(
            self.order.event_ids.filtered(lambda e: e.source == "webhook").mapped(
                "status"
            ),
            ["in_transit", "picked_up"],
        )

    def test_replayed_event_is_stored_once(self):
        event = self._event("picked_up", "evt-1")
        first, second = self._post(event), self._post(event)
        self.assertEqual((first.status_code, second.status_code), (200, 200))
        self.assertEqual(
            (first.json()["result"], second.json()["result"]), ("accepted", "duplicate")
        )
        self._apply()
        self.assertEqual(
            self._post(event).json()["result"], "duplicate", "also once applied"
        )
        self.assertEqual(
            len(self.order.event_ids.filtered(lambda e: e.external_id == "evt-1")), 1
        )
        self.assertEqual(self.order.state, "picked_up")

    def test_simulator_duplicates_and_reorders(self):
        self.sim.duplicate_webhooks = self.sim.reorder_webhooks = True
        number = self.order.tracking_number
        self.sim.emit(number, "in_transit", occurred_at=None)
        time.sleep(1.1)  # the courier's clock has second precision
        self.sim.emit(number, "delivered")  # sent now, newest first, each twice
        sent = [(event["status"], code) for code, event in self.sim.webhook_log]
        self.assertEqual(sent, [("delivered", 200)] * 2 + [("in_transit", 200)] * 2)
        self._apply()
        self.assertEqual(
            self.order.state, "delivered", "the older in_transit did not move it back"
        )
        webhook_events = self.order.event_ids.filtered(lambda e: e.source == "webhook")
        self.assertEqual(len(webhook_events), 2, "duplicates stored once")
        self.assertEqual(
            webhook_events.sorted("occurred_at").mapped("status"),
            ["in_transit", "delivered"],
            "a burst is applied in the order it happened, not in the order it came",
        )
        self.assertTrue(all(webhook_events.mapped("applied")))

    def test_out_of_order_events_never_move_backwards(self):
        def applied(event_id):
            return self.order.event_ids.filtered(
                lambda e: e.external_id == event_id
            ).applied

        self._post(self._event("in_transit", "e2", "2030-05-01T10:00:00Z"))
        self._apply()
        self._post(self._event("picked_up", "e1", "2030-05-01T09:00:00Z"))
        self._post(self._event("picked_up", "e1b", "2030-05-01T10:00:00Z"))
        self._apply()
        self.assertEqual(self.order.state, "in_transit")
        self.assertTrue(applied("e2"))
        self.assertFalse(applied("e1"), "older: kept, not applied")
        self.assertFalse(applied("e1b"), "same time: the one further along wins")
        # arriving in one burst, newest first: applied in the order they happened
        self._post(self._event("failed", "e4", "2030-05-01T13:00:00Z"))
        self._post(self._event("delivered", "e3", "2030-05-01T12:00:00Z"))
        self._apply()
        self.assertEqual(
            self.order.state, "delivered", "a delivered order stays delivered"
        )
        self.assertEqual(self.order.attempt_count, 0)
        self.assertEqual((applied("e3"), applied("e4")), (True, False))

    def test_bad_signature_is_refused_and_nothing_stored(self):
        before = len(self.order.event_ids)
        wrong_secret = self._post(self._event("delivered", "bad-1"), secret="guess")
        self.assertEqual(wrong_secret.status_code, 401)
        body = json.dumps(self._event("delivered", "bad-2")).encode()
        timestamp = int(time.time())
        tampered = self.url_open(
            f"/postventa/courier/{self.carrier.postventa_code}/webhook",
            data=body.replace(b"bad-2", b"bad-3"),
            headers={
                "X-Courier-Timestamp": str(timestamp),
                "X-Courier-Signature": sign("test-secret", timestamp, body),
            },
        )
        self.assertEqual(tampered.status_code, 401)
        unsigned = self.url_open(
            f"/postventa/courier/{self.carrier.postventa_code}/webhook", data=body
        )
        self.assertEqual(unsigned.status_code, 401)
        self._apply()
        self.assertEqual(len(self.order.event_ids), before)
        self.assertEqual(self.order.state, "scheduled")

    def test_expired_or_future_timestamp_is_refused(self):
        old = self._post(
            self._event("delivered", "old-1"), timestamp=int(time.time()) - 900
        )
        future = self._post(
            self._event("delivered", "fut-1"), timestamp=int(time.time()) + 900
        )
        self.assertEqual((old.status_code, future.status_code), (401, 401))
        self._apply()
        self.assertEqual(self.order.state, "scheduled")
        self.assertFalse(
            self.order.event_ids.filtered(lambda e: e.external_id in ("old-1", "fut-1"))
        )

    def test_unknown_courier_is_not_found(self):
        events = self.env["postventa.courier.event"].search_count([])
        self.assertEqual(
            self._post(self._event("delivered", "u-2"), code="nobody").status_code, 404
        )
        self.assertEqual(self.env["postventa.courier.event"].search_count([]), events)

    def test_event_before_the_booking_answer_is_kept_and_applied(self):
        """The courier booked the shipment and pushes its first event before Odoo
        recorded the booking's answer: 202, kept, applied when the answer comes
        (never a 404 a courier could take as final)."""
        order = self._pickup()  # booked at the courier, answer not recorded yet
        event = self._event("picked_up", "early-1", number="EARLY-1")
        first = self._post(event)
        self.assertEqual((first.status_code, first.json()["result"]), (202, "accepted"))
        replay = self._post(event)
        self.assertEqual(
            (replay.status_code, replay.json()["result"]), (202, "duplicate")
        )
        self.assertFalse(self._events(order).filtered(lambda e: e.source == "webhook"))
        order._postventa_created({"tracking_number": "EARLY-1"})
        order.invalidate_recordset()
        self.assertEqual(order.state, "picked_up")
        webhook = self._events(order).filtered(lambda e: e.source == "webhook")
        self.assertEqual((webhook.external_id, webhook.applied), ("early-1", True))
        self.assertFalse(self.env["postventa.courier.early.event"].search([]))
        # a replay now is a duplicate of the order's event
        again = self._post(event)
        self.assertEqual(
            (again.status_code, again.json()["result"]), (200, "duplicate")
        )

    def test_early_event_missed_by_the_answer_is_applied_by_the_cron(self):
        """The answer was recorded while the early event was being stored (a race
        between two transactions): the apply cron gives it to its order."""
        order = self._pickup()
        self.assertEqual(
            self._post(
                self._event("in_transit", "early-2", number="EARLY-2")
            ).status_code,
            202,
        )
        order.sudo()._postventa_action_write(
            {"tracking_number": "EARLY-2", "state": "scheduled"}
        )
        self.env["postventa.courier.event"]._cron_apply_pending()
        order.invalidate_recordset()
        self.assertEqual(order.state, "in_transit")
        self.assertFalse(self.env["postventa.courier.early.event"].search([]))

    def test_cannot_store_is_503_with_retry_after(self):
        """The database is unreachable (PostgreSQL restarting, the registry failing
        to load): 503 with Retry-After, which a courier retries, never a 404 or a
        500."""
        Carrier = type(self.env["delivery.carrier"])
        event = self._event("picked_up", "down-1")

        def lost_connection(*args, **kwargs):
            raise psycopg2.OperationalError("server closed the connection unexpectedly")

        with patch.object(Carrier, "_postventa_receive_webhook", lost_connection):
            with self.assertLogs(
                "odoo.addons.postventa_courier.http_unavailable", "WARNING"
            ):
                response = self._post(event)
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.headers["Retry-After"], "30")
        self.assertEqual(response.json()["error"], "temporarily unavailable")

        def no_registry(request):
            raise http.RegistryError("Cannot get registry")

        with patch.object(http.Request, "_open_registry", no_registry):
            with self.assertLogs(
                "odoo.addons.postventa_courier.http_unavailable", "WARNING"
            ):
                response = self._post(event)
        self.assertEqual(
            (response.status_code, response.headers["Retry-After"]), (503, "30")
        )
        # stored once it can
        self.assertEqual(self._post(event).status_code, 200)

    def test_signed_garbage_is_a_bad_request(self):
        with self.assertLogs(
            "odoo.addons.postventa_courier.models.delivery_carrier", "WARNING"
        ):
            response = self._post(None, body=b'{"event_id": 1, "status": "teleported"}')
        self.assertEqual(response.status_code, 400)
        no_number = dict(self._event("delivered", "n-1"))
        del no_number["tracking_number"]
        with self.assertLogs(
            "odoo.addons.postventa_courier.models.delivery_carrier", "WARNING"
        ):
            response = self._post(no_number)
        self.assertEqual(response.status_code, 400)

    def test_signed_events_out_of_range_are_bad_requests_not_errors(self):
        # attack report F1: a signed event with a time that has no UTC, or a NUL
        # character, was a 500; a null tracking number was stored as "None"
        bad = [
            self._event("in_transit", "r-1", occurred_at="0001-01-01T00:00:00+14:00"),
            self._event("in_transit", "r-2", occurred_at="9999-12-31T23:59:59-14:00"),
            self._event("in_transit", "r-3\x00"),
            dict(self._event("in_transit", "r-4"), tracking_number=None),
            dict(self._event("in_transit", "r-5"), tracking_number="AERO\x00X"),
        ]
        for event in bad:
            with self.assertLogs(
                "odoo.addons.postventa_courier.models.delivery_carrier", "WARNING"
            ):
                response = self._post(event)
            self.assertEqual(response.status_code, 400, event)
        # a NUL in the detail is dropped, the event kept
        response = self._post(dict(self._event("in_transit", "r-6"), detail="a\x00b"))
        self.assertEqual(response.status_code, 200)
        Event = self.env["postventa.courier.event"]
        self.assertEqual(Event.search([("external_id", "=", "r-6")]).detail, "ab")
        self.assertFalse(
            Event.search([("external_id", "in", ["r-1", "r-2", "r-4", "r-5"])])
        )

    def test_oversized_body_is_refused_before_any_work(self):
        event = self._event("picked_up", "evt-big")
        event["detail"] = "x" * (1024 * 1024)
        for secret in ("test-secret", "wrong"):
            response = self._post(event, secret=secret)
            self.assertEqual(response.status_code, 413, secret)
            self.assertEqual(response.json(), {"error": "body too large"})
        self.order.invalidate_recordset()
        self.assertFalse(self.order.event_ids.filtered(lambda e: e.source == "webhook"))
        # a body just under the limit is read and judged as usual
        event["detail"] = "x" * 1000
        self.assertEqual(self._post(event).status_code, 200)
