"""Pickup → lab → delivery on the RMA's own transfers."""

from datetime import date

from odoo.exceptions import UserError

from odoo.addons.postventa_rma.tests.common import ExchangeCase, return_without_repair

from .common import CourierSimulatorMixin


class TestCourierFlow(CourierSimulatorMixin, ExchangeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        return_without_repair(cls.env)
        cls.setUpCourier()
        cls._in_montevideo(cls.customer)

    def test_pickup_to_lab_then_delivery_closes_the_case(self):
        rma, pickup = self._rma_with_pickup("FLOW-1")
        ticket = rma.ticket_id
        receipt = rma.reception_move_id.picking_id
        self.assertEqual(
            (pickup.rma_id, pickup.picking_id, pickup.kind), (rma, receipt, "pickup")
        )
        self._process_outbox()
        self.assertEqual(receipt.carrier_tracking_ref, pickup.tracking_number)
        self._track(pickup, "picked_up")
        self.assertEqual(pickup._postventa_portal_status(), "Collected by the courier")
        self._track(pickup, "in_transit", "delivered")
        self.assertEqual(pickup.state, "delivered")
        # the customer reads where the unit is, not the courier's word
        self.assertEqual(
            pickup._postventa_portal_status(), "Received at our service centre"
        )
        self.assertIn("arrived at the lab", ticket.message_ids[0].body)
        self.assertFalse(ticket.closed, "a pickup does not close the case")

        self._validate(receipt)
        self.assertEqual(rma.state, "received")
        rma.create_return(date.today(), rma.product_uom_qty, rma.product_uom)
        delivery_picking = rma.delivery_move_ids.picking_id
        action = rma.with_user(self.logistics).action_courier_delivery()
        delivery = self.env["postventa.courier.order"].browse(action["res_id"])
        self.assertEqual(
            (delivery.kind, delivery.picking_id, delivery.ticket_id),
            ("delivery", delivery_picking, ticket),
        )
        self._process_outbox()
        self.assertEqual(
            self.sim.shipments[delivery.tracking_number]["kind"], "delivery"
        )
        self._track(delivery, "picked_up", "in_transit")
        self.assertFalse(ticket.closed)
        self._track(delivery, "delivered")
        self.assertTrue(ticket.closed, "delivered back: the case closes")
        self.assertEqual(delivery._postventa_portal_status(), "Delivered")
        self.assertEqual(ticket.stage_id.postventa_kind, "done")
        self.assertEqual(len(self.sim.shipments), 2)

    def test_team_may_keep_the_case_open(self):
        self.team.courier_close_on_delivery = False
        ticket = self._ticket()
        Order = self.env["postventa.courier.order"].with_user(self.logistics)
        order = Order.create(
            Order._postventa_prepare("delivery", ticket, self.customer)
        )
        order.action_book()
        self._process_outbox()
        self._track(order, "delivered")
        self.assertEqual(order.state, "delivered")
        self.assertFalse(ticket.closed)

    def test_validated_delivery_order_with_the_courier_books_it(self):
        """stock_delivery's path: a delivery order with this carrier, validated."""
        self._stock(self.warehouse.lot_stock_id, "SHIP-1")
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.out_type_id.id,
                "partner_id": self.customer.id,
                "carrier_id": self.carrier.id,
                "location_id": self.warehouse.lot_stock_id.id,
                "location_dest_id": self.customers.id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "unit",
                            "product_id": self.product.id,
                            "product_uom_qty": 1,
                            "location_id": self.warehouse.lot_stock_id.id,
                            "location_dest_id": self.customers.id,
                        },
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        self._validate(picking)
        order = picking.courier_order_ids
        self.assertEqual(
            (order.kind, order.carrier_id, order.state),
            ("delivery", self.carrier, "requested"),
        )
        self._process_outbox()
        self.assertEqual(picking.carrier_tracking_ref, order.tracking_number)
        self.assertEqual(self.carrier.get_tracking_link(picking), order.tracking_url)
        picking.cancel_shipment()
        self._process_outbox()
        self.assertEqual(order.state, "cancelled")
        self.assertEqual(
            self.sim.shipments[order.tracking_number]["status"], "cancelled"
        )

    def test_creating_an_order_books_nothing_until_action_book(self):
        """Booking is an action: a created order waits for it, and is booked once."""
        ticket = self._ticket()
        Order = self.env["postventa.courier.order"].with_user(self.logistics)
        order = Order.create(Order._postventa_prepare("pickup", ticket, self.customer))
        self.assertFalse(order.booked)
        self.assertFalse(order.sudo().outbox_ids)
        self._process_outbox()
        self.assertEqual((order.state, self.sim.shipments), ("requested", {}))
        order.action_book()
        self.assertTrue(order.booked)
        self.assertEqual(order.outbox_ids.mapped("operation"), ["create"])
        with self.assertRaisesMessage(UserError, "booked already"):
            order.action_book()
        self._process_outbox()
        self.assertEqual(order.state, "scheduled")
        self.assertTrue(order.tracking_number)
        self.assertEqual(len(self.sim.shipments), 1)
