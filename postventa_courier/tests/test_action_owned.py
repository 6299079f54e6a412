"""Issue "one access model" (part A): an order's state moves only through the
tracking state machine, whoever writes it and however."""

from odoo.exceptions import AccessError

from .common import CourierCase


class TestCourierStateIsTheActionsAlone(CourierCase):
    def test_logistics_cannot_write_a_courier_order_state(self):
        order = self._pickup()
        self._process_outbox()
        self.assertEqual(order.state, "scheduled")
        as_logistics = order.with_user(self.logistics)
        for values in (
            {"state": "delivered"},
            {"state": "cancelled"},
            {"attempt_count": 0},
            {"last_event_at": "2030-01-01 00:00:00"},
            {"tracking_number": "FORGED-1"},
        ):
            with self.assertRaisesMessage(
                AccessError, "change only through its actions"
            ):
                as_logistics.write(values)
        with self.assertRaisesMessage(AccessError, "tracking events"):
            as_logistics.onchange({"state": "delivered"}, ["state"], {"state": {}})
        with self.assertRaisesMessage(AccessError, "tracking events"):
            self.env["postventa.courier.order"].with_user(self.logistics).create(
                {
                    "kind": "pickup",
                    "state": "delivered",
                    "ticket_id": order.ticket_id.id,
                    "partner_id": self.customer.id,
                    "carrier_id": self.carrier.id,
                }
            )
        # nor as superuser: sudo()'d code paths are reached by RPC users too
        with self.assertRaises(AccessError):
            order.sudo().write({"state": "delivered"})
        self.assertEqual(order.state, "scheduled")
        self.assertFalse(order.ticket_id.closed)
        # the state machine still moves it: the courier's events, logistics' Cancel
        order.with_user(self.logistics).action_cancel()
        self.assertEqual(order.state, "cancelled")
