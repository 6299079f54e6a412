"""Stores hand the units their walk-in customers left there to the courier
(Kodak Perú's procedure, provinces: the lab has the unit picked up from the store)."""

import re
from datetime import date, timedelta

from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged

from .common import CourierSimulatorMixin


@tagged("post_install", "-at_install")
class TestStoreHandover(CourierSimulatorMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpCourier()
        env = cls.env
        address = {
            "street": "Av. Italia 3000",
            "city": "Montevideo",
            "country_id": env.ref("base.uy").id,
            "is_postventa_store": True,
            "is_company": True,
        }
        cls.store = env["res.partner"].create(dict(address, name="Tienda Pocitos"))
        cls.other_store = env["res.partner"].create(
            dict(address, name="Tienda Carrasco")
        )
        new_test_user(
            env, "pv_store_pocitos", groups="postventa_helpdesk.group_portal_store"
        ).partner_id.parent_id = cls.store
        new_test_user(
            env, "pv_store_carrasco", groups="postventa_helpdesk.group_portal_store"
        ).partner_id.parent_id = cls.other_store
        cls.product = env["product.product"].create({"name": "Store handover printer"})
        env["postventa.warranty.policy"].create(
            {
                "name": "Store handover printers",
                "warranty_months": 12,
                "product_tmpl_id": cls.product.product_tmpl_id.id,
                "proof_required": False,
            }
        )
        cls.team.show_in_portal = True

    def _csrf(self, url):
        return re.search(
            r'name="csrf_token" value="([^"]+)"', self.url_open(url).text
        ).group(1)

    def _left_at(self, store, serial):
        unit = self.env["postventa.unit"].create(
            {
                "product_id": self.product.id,
                "serial": serial,
                "store_id": store.id,
                "purchase_date": date.today(),
            }
        )
        order = self._pickup(self._ticket(unit_id=unit.id, courier_handover="store"))
        self._process_outbox()
        return order

    def _hand_over(self, order):
        return self.url_open(
            "/my/store/handover",
            data={"csrf_token": self._csrf("/my/store"), "order_id": str(order.id)},
        )

    def test_walk_in_customer_leaves_the_unit_and_the_store_hands_it_over(self):
        self.authenticate("pv_store_pocitos", "pv_store_pocitos")
        self.url_open(
            "/my/store/case",
            data={
                "csrf_token": self._csrf("/my/store/case"),
                "customer_name": "Martín Díaz",
                "customer_email": "martin@example.com",
                "product_id": str(self.product.id),
                "serial": "SH-0001",
                "purchase_date": str(date.today() - timedelta(days=40)),
                "description": "Does not print.",
                "left_at_store": "1",
            },
        )
        ticket = self.env["helpdesk.ticket"].search([("serial", "=", "SH-0001")])
        self.assertEqual(
            (ticket.courier_handover, ticket.store_id), ("store", self.store)
        )

        order = self._pickup(ticket)
        self.assertEqual(
            (order.handover, order.store_id, order.partner_id),
            ("store", self.store, self.store),
            "the courier picks the unit up at the store's address",
        )
        self._process_outbox()
        order.invalidate_recordset()
        self.assertEqual(
            self.sim.shipments[order.tracking_number]["address"]["street"],
            "Av. Italia 3000",
        )
        self.assertEqual(order.state, "scheduled")
        page = self.url_open("/my/store").text
        self.assertIn(order.name, page)
        self.assertIn("o_store_handover", page)

        self._hand_over(order)
        order.invalidate_recordset()
        self.assertEqual(order.state, "picked_up")
        self.assertEqual(
            order.event_ids.filtered(lambda e: e.source == "store").mapped("detail"),
            ["Handed to the courier by Tienda Pocitos"],
        )
        self.assertTrue(
            ticket.message_ids.filtered(
                lambda m: "Handed to the courier" in (m.body or "")
            )
        )
        self.assertNotIn("o_store_handover", self.url_open("/my/store").text)

    def test_a_unit_left_at_the_store_is_listed_until_the_courier_takes_it(self):
        self.authenticate("pv_store_pocitos", "pv_store_pocitos")
        self.url_open(
            "/my/store/case",
            data={
                "csrf_token": self._csrf("/my/store/case"),
                "customer_name": "Lucía Pérez",
                "phone": "+598 99 123 456",
                "product_id": str(self.product.id),
                "serial": "SH-0010",
                "purchase_date": str(date.today() - timedelta(days=40)),
                "description": "Does not print.",
                "left_at_store": "1",
            },
        )
        ticket = self.env["helpdesk.ticket"].search([("serial", "=", "SH-0010")])
        self.assertEqual(ticket.courier_handover, "store")
        page = self.url_open("/my/store").text
        self.assertIn("o_store_left_unit", page)
        self.assertIn(ticket.number, page)
        self.assertNotIn("No unit is waiting for the courier", page)
        # the other store does not see it
        self.authenticate("pv_store_carrasco", "pv_store_carrasco")
        self.assertNotIn(ticket.number, self.url_open("/my/store").text)
        # logistics books the courier: the row becomes the pickup's
        order = self._pickup(ticket)
        self._process_outbox()
        self.authenticate("pv_store_pocitos", "pv_store_pocitos")
        page = self.url_open("/my/store").text
        self.assertNotIn("o_store_left_unit", page)
        self.assertIn(order.name, page)

    def test_other_stores_and_unscheduled_pickups_are_refused(self):
        mine, theirs = (
            self._left_at(self.store, "SH-0002"),
            self._left_at(self.other_store, "SH-0003"),
        )
        self.authenticate("pv_store_pocitos", "pv_store_pocitos")
        page = self.url_open("/my/store").text
        self.assertIn(mine.name, page)
        self.assertNotIn(theirs.name, page)
        self.assertIn("is not waiting at Tienda Pocitos", self._hand_over(theirs).text)
        theirs.invalidate_recordset()
        self.assertEqual(theirs.state, "scheduled")
        rows = self._call_courier_orders("search_read", [], fields=["name", "state"])
        self.assertEqual([row["id"] for row in rows], mine.ids)
        with self.assertRaises(JsonRpcException):
            self._call_courier_orders("write", mine.ids, {"state": "picked_up"})

        # the courier is down: the pickup stays "requested"
        self.sim.inject("5xx", count=99)
        waiting = self._left_at(self.store, "SH-0004")
        self.assertEqual(waiting.state, "requested")
        self.assertIn("is not waiting at Tienda Pocitos", self._hand_over(waiting).text)
        waiting.invalidate_recordset()
        self.assertEqual(waiting.state, "requested")

    def test_a_case_left_at_the_store_needs_the_store(self):
        unit = self.env["postventa.unit"].create(
            {"product_id": self.product.id, "serial": "SH-0005"}
        )
        with self.assertRaisesMessage(Exception, "names no store"):
            self._ticket(unit_id=unit.id, courier_handover="store")
