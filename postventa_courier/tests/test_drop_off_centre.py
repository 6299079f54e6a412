from odoo.exceptions import UserError, ValidationError

from .common import CourierCase


class TestDropOffCentre(CourierCase):
    def test_drop_off_centre_needs_an_address(self):
        with self.assertRaises(ValidationError) as err:
            self.env["res.partner"].create(
                {"name": "DOC Encarnación", "is_postventa_doc": True}
            )
        self.assertIn("needs a street and a city", str(err.exception))
        self.assertFalse(
            self.env["res.partner"].search([("name", "=", "DOC Encarnación")])
        )
        doc = self.env["res.partner"].create(
            {
                "name": "DOC Encarnación",
                "is_postventa_doc": True,
                "street": "Av. Irrazábal 1200",
                "city": "Encarnación",
            }
        )
        with self.assertRaises(ValidationError):
            doc.street = False
        self.assertEqual(doc.street, "Av. Irrazábal 1200")

    def _doc_order(self, **values):
        ticket = self._ticket(
            courier_handover="doc", courier_doc_id=self.doc.id, **values
        )
        return self._pickup(ticket)

    def test_case_choosing_a_doc_must_name_it(self):
        with self.assertRaisesMessage(ValidationError, "choose the drop-off centre"):
            self._ticket(courier_handover="doc")

    def test_announced_order_gets_a_code_and_packaging_instructions(self):
        order = self._doc_order()
        self.assertRegex(order.drop_off_code, r"^[A-Z2-9]{8}$")
        mail = order.message_ids.filtered(
            lambda m: order.drop_off_code in (m.subject or "")
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.partner_ids, self.customer | self.doc)
        self.assertIn("Original box, no cartridges", mail.body)
        self.assertIn("DOC Pocitos", mail.body)
        self._process_outbox()
        shipment = self.sim.shipments[order.tracking_number]
        self.assertEqual(
            shipment["address"]["street"],
            "Bvar. España 2500",
            "the courier goes to the DOC",
        )
        self.assertEqual(shipment["drop_off_code"], order.drop_off_code)

    def test_doc_refuses_unannounced_orders(self):
        order = self._doc_order()
        other_doc = self.doc.copy({"name": "DOC Carrasco"})
        with self.assertRaisesMessage(UserError, "only takes units announced to it"):
            self.doc.postventa_doc_confirm_receipt("ZZZZ9999")
        with self.assertRaisesMessage(UserError, "only takes units announced to it"):
            other_doc.postventa_doc_confirm_receipt(order.drop_off_code)
        home_order = self._pickup()
        with self.assertRaisesMessage(UserError, "only takes units announced to it"):
            self.doc.postventa_doc_confirm_receipt(home_order.drop_off_code or "")
        with self.assertRaisesMessage(ValidationError, "is not a drop-off centre"):
            self.customer.postventa_doc_confirm_receipt(order.drop_off_code)
        self.assertFalse(order.doc_received_at)
        self.assertEqual(order.state, "requested")

    def test_doc_receives_then_hands_over_to_the_courier(self):
        order = self._doc_order()
        self._process_outbox()
        with self.assertRaisesMessage(UserError, "not reached the drop-off centre"):
            self.doc.postventa_doc_confirm_handover(order.drop_off_code)
        self.doc.postventa_doc_confirm_receipt(order.drop_off_code.lower() + " ")
        self.assertEqual(order.state, "at_doc")
        self.assertTrue(order.doc_received_at)
        with self.assertRaisesMessage(UserError, "already at the drop-off centre"):
            self.doc.postventa_doc_confirm_receipt(order.drop_off_code)
        self.doc.postventa_doc_confirm_handover(order.drop_off_code)
        self.assertEqual(order.state, "picked_up")
        self.assertEqual(
            order.event_ids.filtered(lambda e: e.source == "doc")
            .sorted("id")
            .mapped("status"),
            ["at_doc", "picked_up"],
        )

    def test_courier_of_the_centre_zone_goes_there(self):
        other_courier = self.carrier.copy(
            {"name": "Courier del Este", "postventa_code": "test-east"}
        )
        east = self.env["postventa.zone"].create(
            {
                "name": "Canelones",
                "sequence": 0,
                "country_id": self.env.ref("base.uy").id,
                "cities": "Canelones",
                "pickup_carrier_id": other_courier.id,
                "delivery_carrier_id": other_courier.id,
            }
        )
        doc_east = self.doc.copy({"name": "DOC Canelones", "city": "Canelones"})
        order = self._pickup(
            self._ticket(courier_handover="doc", courier_doc_id=doc_east.id)
        )
        self.assertEqual((order.zone_id, order.carrier_id), (east, other_courier))
        self.assertEqual(
            order.ticket_id.zone_id, self.zone, "the customer's own zone is another"
        )
