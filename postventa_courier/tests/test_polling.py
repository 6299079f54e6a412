"""Carriers without webhooks are asked for their tracking, in batches; events are
applied order by order."""

from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields
from odoo.modules.registry import Registry
from odoo.tests.common import BaseCase, TransactionCase, get_db_name

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


class TestEventsAppliedOrderByOrder(BaseCase):
    """The apply job takes each order on its own: an order another transaction
    holds (the poll, a user, the same job on another server) waits for the next
    run, and the other orders are applied now. On committed events, cleaned up;
    what the job applies is rolled back."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["postventa.courier.order"].search(
                [("state", "in", ("scheduled", "picked_up", "in_transit"))],
                limit=2,
                order="id",
            )
            if len(orders) < 2:
                self.skipTest("needs two open courier orders of the demo")
            self.order_ids = orders.ids
            when = fields.Datetime.now() + timedelta(days=1)
            self.event_ids = list(
                env["postventa.courier.event"]
                ._postventa_store(
                    [
                        {
                            "order_id": order.id,
                            "carrier_id": order.carrier_id.id,
                            "external_id": f"isolation-test-{order.id}",
                            "status": "in_transit",
                            "occurred_at": when,
                            "detail": "On its way",
                            "source": "webhook",
                        }
                        for order in orders
                    ]
                )
                .values()
            )
        self.addCleanup(self._clean)

    def _clean(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["postventa.courier.event"].browse(self.event_ids).unlink()

    def test_a_held_order_waits_and_the_others_are_applied(self):
        holder, job = self.registry.cursor(), self.registry.cursor()
        try:
            # another transaction holds the first order (a user's write, the poll)
            holder.execute(
                "SELECT id FROM postventa_courier_order WHERE id = %s FOR UPDATE",
                [self.order_ids[0]],
            )
            env = api.Environment(job, SUPERUSER_ID, {})
            Event = env["postventa.courier.event"]
            Event._cron_apply_pending()
            held, free = Event.browse(self.event_ids)
            self.assertEqual((held.pending, held.applied), (True, False))
            self.assertEqual((free.pending, free.applied), (False, True))
            self.assertEqual(free.order_id.state, "in_transit")
            holder.rollback()
            # the next run applies it
            Event._cron_apply_pending()
            Event.invalidate_model()
            self.assertEqual((held.pending, held.applied), (False, True))
            job.rollback()
        finally:
            holder.close()
            job.close()
