"""Carriers without webhooks are asked for their tracking, in batches."""

from odoo.tests.common import TransactionCase

from .common import CourierSimulatorMixin


class TestPolling(CourierSimulatorMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpCourier(tracking_mode="poll")

    def test_polling_applies_new_events_once(self):
        orders = self._pickup() | self._pickup() | self._pickup()
        self._process_outbox()
        first, second, third = orders
        self.sim.emit(first.tracking_number, "picked_up")
        self.sim.emit(first.tracking_number, "in_transit")
        self.sim.emit(second.tracking_number, "failed", "Nobody at home")
        Order = self.env["postventa.courier.order"]
        Order._cron_poll_tracking(batch_size=2)
        self.assertEqual(orders.mapped("state"), ["in_transit", "failed", "scheduled"])
        self.assertEqual(second.attempt_count, 1)
        counts = [len(o.event_ids) for o in orders]
        Order._cron_poll_tracking()
        self.assertEqual(
            [len(o.event_ids) for o in orders], counts, "nothing recorded twice"
        )
        self.assertEqual(second.attempt_count, 1)
        self.assertEqual(
            first.event_ids.filtered(lambda e: e.source == "poll" and e.applied)
            .sorted("id")
            .mapped("status"),
            ["picked_up", "in_transit"],
        )
        self.assertEqual(third.state, "scheduled")

    def test_courier_down_while_polling_changes_nothing(self):
        order = self._pickup()
        self._process_outbox()
        self.sim.emit(order.tracking_number, "picked_up")
        self.sim.inject("5xx", path="/v1/tracking")
        with self.assertLogs(
            "odoo.addons.postventa_courier.models.postventa_courier_order", "WARNING"
        ):
            self.env["postventa.courier.order"]._cron_poll_tracking()
        self.assertEqual(order.state, "scheduled")
        self.env["postventa.courier.order"]._cron_poll_tracking()
        self.assertEqual(order.state, "picked_up")

    def test_refresh_button_asks_now(self):
        order = self._pickup()
        self._process_outbox()
        self.sim.emit(order.tracking_number, "in_transit")
        order.with_user(self.logistics).action_refresh_tracking()
        self.assertEqual(order.state, "in_transit")
        self.sim.inject("timeout", seconds=1.0, path="/v1/tracking")
        from odoo.exceptions import UserError

        with self.assertRaisesMessage(UserError, "does not answer right now"):
            order.action_refresh_tracking()
