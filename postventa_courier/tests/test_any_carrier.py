"""Courier orders on a carrier that is not the courier API: a fixed-price carrier
booked by phone. Booking is immediate (no call leaves Odoo), logistics types the
tracking number and moves the order by hand, through the same state machine the
courier API's events go through."""

from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import UserError

from odoo.addons.postventa_rma.tests.common import ExchangeCase, return_without_repair

from .common import CourierCase, CourierSimulatorMixin


class FixedCarrierMixin:
    @classmethod
    def setUpFixedCarrier(cls):
        cls.fixed = cls.env["delivery.carrier"].create(
            {
                "name": "Moto Express (by phone)",
                "delivery_type": "fixed",
                "fixed_price": 150.0,
                "product_id": cls.carrier.product_id.id,
                "tracking_url": "https://moto.example/track/<shipmenttrackingnumber>",
                "postventa_max_attempts": 2,
                "postventa_packaging_instructions": "<p>In a plastic bag.</p>",
            }
        )
        cls.zone.write(
            {"pickup_carrier_id": cls.fixed.id, "delivery_carrier_id": cls.fixed.id}
        )

    def _move(self, order, *statuses):
        for status in statuses:
            getattr(order.with_user(self.logistics), f"action_courier_{status}")()


class TestFixedCarrier(FixedCarrierMixin, CourierCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpFixedCarrier()

    def test_pickup_booked_at_once_then_moved_by_hand(self):
        self.assertEqual(self.fixed._postventa_tracking_mode(), "manual")
        ticket = self._ticket()
        order = self._pickup(ticket)
        self.assertEqual((order.carrier_id, order.state), (self.fixed, "scheduled"))
        self.assertFalse(order.outbox_ids, "booked at once: no call to make")
        self.assertFalse(self.sim.shipments, "nothing went to the courier API")
        self.assertEqual(order.tracking_mode, "manual")
        # logistics types the number the courier gave on the phone
        order.with_user(self.logistics).tracking_number = "MX-1001"
        self.assertEqual(order.tracking_url, "https://moto.example/track/MX-1001")

        self._move(order, "picked_up")
        self.assertEqual(order._postventa_portal_status(), "Collected by the courier")
        self._move(order, "in_transit", "failed")
        self.assertEqual((order.state, order.attempt_count), ("failed", 1))
        call = self.env.ref("mail.mail_activity_data_call")
        self.assertTrue(
            order.activity_ids.filtered(lambda a: a.activity_type_id == call)
        )
        self.assertIn("attempt 1 failed", ticket.message_ids[0].body)

        new_date = fields.Date.today() + timedelta(days=1)
        order.with_user(self.logistics).action_recoordinate(new_date, "Ring twice")
        self.assertEqual(
            (order.state, order.scheduled_date),
            ("scheduled", new_date),
            "nobody to ask: the new attempt is booked by phone",
        )
        self.assertFalse(order.outbox_ids)
        self.assertFalse(
            order.activity_ids.filtered(lambda a: a.activity_type_id == call)
        )

        self._move(order, "picked_up", "in_transit", "delivered")
        self.assertEqual(order.state, "delivered")
        self.assertIn("arrived at the lab", ticket.message_ids[0].body)
        self.assertFalse(ticket.closed, "a pickup does not close the case")
        self.assertEqual(
            order.event_ids.filtered(lambda e: e.source == "user" and e.applied)
            .sorted("id")
            .mapped("status"),
            [
                "picked_up",
                "in_transit",
                "failed",
                "picked_up",
                "in_transit",
                "delivered",
            ],
        )
        with self.assertRaisesMessage(UserError, "no longer changes"):
            order.with_user(self.logistics).action_courier_failed()

    def test_delivery_closes_the_case_when_the_team_says_so(self):
        Order = self.env["postventa.courier.order"]
        ticket = self._ticket()
        order = Order.sudo().create(
            Order._postventa_prepare("delivery", ticket, self.customer)
        )
        order.with_user(self.logistics).action_book()
        self.assertEqual(order.state, "scheduled")
        self._move(order, "picked_up", "in_transit", "delivered")
        self.assertIn("delivered to the customer", ticket.message_ids[0].body)
        self.assertTrue(ticket.closed)
        self.assertEqual(ticket.stage_id.postventa_kind, "done")

        self.team.courier_close_on_delivery = False
        other = self._ticket()
        order = Order.sudo().create(
            Order._postventa_prepare("delivery", other, self.customer)
        )
        order.with_user(self.logistics).action_book()
        self._move(order, "delivered")
        self.assertEqual(order.state, "delivered")
        self.assertFalse(other.closed)

    def test_attempts_run_out_and_the_unit_returns(self):
        order = self._pickup()
        self._move(order, "failed")
        order.with_user(self.logistics).action_recoordinate(fields.Date.today())
        self._move(order, "failed")
        self.assertEqual((order.state, order.attempt_count), ("returned", 2))
        self.assertIn("returned to sender after 2", order.ticket_id.message_ids[0].body)

    def test_drop_off_centre_on_a_fixed_carrier(self):
        ticket = self._ticket(courier_handover="doc", courier_doc_id=self.doc.id)
        order = self._pickup(ticket)
        self.assertRegex(order.drop_off_code, r"^[A-Z2-9]{8}$")
        mail = order.message_ids.filtered(
            lambda m: order.drop_off_code in (m.subject or "")
        )
        self.assertEqual(mail.partner_ids, self.customer | self.doc)
        self.assertIn("In a plastic bag", mail.body)
        self.doc.postventa_doc_confirm_receipt(order.drop_off_code)
        self.assertEqual(order.state, "at_doc")
        self.doc.postventa_doc_confirm_handover(order.drop_off_code)
        self.assertEqual(order.state, "picked_up")
        self._move(order, "in_transit", "delivered")
        self.assertEqual(order.state, "delivered")
        self.assertIn("arrived at the lab", ticket.message_ids[0].body)

    def test_cancel_and_the_courier_api_s_word(self):
        order = self._pickup()
        order.with_user(self.logistics).action_cancel()
        self.assertEqual(order.state, "cancelled")
        self.assertFalse(order.outbox_ids, "nothing to call")
        # on the courier API's carrier the courier's events move the order, not us
        self.zone.pickup_carrier_id = self.carrier
        rest_order = self._pickup()
        self.assertEqual(rest_order.tracking_mode, "push")
        with self.assertRaisesMessage(UserError, "tracks its orders itself"):
            rest_order.with_user(self.logistics).action_courier_picked_up()
        with self.assertRaisesMessage(UserError, "its courier sends it"):
            rest_order.with_user(self.logistics).tracking_number = "TYPED-1"
        self.assertEqual(rest_order.state, "requested")


class TestFixedCarrierTransfers(FixedCarrierMixin, CourierSimulatorMixin, ExchangeCase):
    """The RMA's own transfers, booked through stock_delivery's send_shipping."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpCourier()
        cls.setUpFixedCarrier()
        cls._in_montevideo(cls.customer)

    def test_rma_pickup_and_delivery_on_the_transfers(self):
        has_delivery_state = "delivery_state" in self.env["stock.picking"]._fields
        return_without_repair(self.env)
        rma, pickup = self._rma_with_pickup("FIXED-1")
        ticket = rma.ticket_id
        receipt = rma.reception_move_id.picking_id
        self.assertEqual((pickup.picking_id, pickup.state), (receipt, "scheduled"))
        self.assertEqual(receipt.carrier_id, self.fixed, "booked with send_shipping")
        self.assertEqual(receipt.carrier_price, 150.0)
        pickup.with_user(self.logistics).tracking_number = "MX-2001"
        self.assertEqual(receipt.carrier_tracking_ref, "MX-2001")
        self.assertEqual(receipt.carrier_tracking_url, pickup.tracking_url)
        if has_delivery_state:
            self.assertEqual(receipt.delivery_state, "shipping_recorded_in_carrier")
        self._move(pickup, "picked_up", "in_transit")
        if has_delivery_state:
            self.assertEqual(receipt.delivery_state, "in_transit")
        self._move(pickup, "delivered")
        if has_delivery_state:
            self.assertEqual(receipt.delivery_state, "warehouse_delivered")

        self._validate(receipt)
        rma.create_return(date.today(), rma.product_uom_qty, rma.product_uom)
        delivery = self.env["postventa.courier.order"].browse(
            rma.with_user(self.logistics).action_courier_delivery()["res_id"]
        )
        picking = delivery.picking_id
        self.assertEqual(picking.carrier_id, self.fixed)
        self._move(delivery, "picked_up", "failed")
        if has_delivery_state:
            self.assertEqual(picking.delivery_state, "incident")
        delivery.with_user(self.logistics).action_recoordinate(date.today())
        self._move(delivery, "in_transit", "delivered")
        if has_delivery_state:
            self.assertEqual(picking.delivery_state, "customer_delivered")
        self.assertTrue(ticket.closed, "delivered back: the case closes")
        self.assertFalse(self.sim.shipments, "nothing went to the courier API")
