"""What logistics reads on a courier order (address, tracking link, label) and
the steps of the unit on the road in its RMA's history."""

from datetime import date

from lxml import etree

from odoo.exceptions import ValidationError

from odoo.addons.postventa_rma.tests.common import ExchangeCase, return_without_repair

from .common import CourierSimulatorMixin


class TestCourierOrderForm(CourierSimulatorMixin, ExchangeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        return_without_repair(cls.env)
        cls.setUpCourier()
        cls._in_montevideo(cls.customer)

    def _notes(self, rma):
        return [m.body for m in rma.message_ids if "Courier" in (m.body or "")]

    def test_address_without_empty_parts(self):
        ticket = self._ticket()
        order = (
            self.env["postventa.courier.order"]
            .sudo()
            .create(
                self.env["postventa.courier.order"]._postventa_prepare(
                    "pickup", ticket, self.customer
                )
            )
        )
        self.assertEqual(
            order.partner_address, "Av. 18 de Julio 1234\nMontevideo\nUruguay"
        )
        # a country writing its address on one line with commas
        self.env.ref("base.uy").address_format = (
            "%(street)s, %(street2)s, %(city)s %(state_name)s, %(zip)s, "
            "%(country_name)s"
        )
        order.invalidate_recordset(["partner_address"])
        self.assertEqual(
            order.partner_address, "Av. 18 de Julio 1234, Montevideo, Uruguay"
        )

    def test_rma_history_tells_the_road(self):
        rma, pickup = self._rma_with_pickup("HIST-1")
        self._process_outbox()
        self._track(pickup, "picked_up", "in_transit", "delivered")
        self._validate(rma.reception_move_id.picking_id)
        rma.create_return(date.today(), rma.product_uom_qty, rma.product_uom)
        delivery = self.env["postventa.courier.order"].browse(
            rma.with_user(self.logistics).action_courier_delivery()["res_id"]
        )
        self._process_outbox()
        self._track(delivery, "picked_up", "in_transit", "delivered")
        notes = " | ".join(reversed(self._notes(rma)))
        steps = [
            f"Courier {pickup.name}: pickup requested from {self.carrier.name}",
            f"Courier {pickup.name}: the courier picked the unit up "
            f"({pickup.tracking_number})",
            f"Courier {pickup.name}: the unit arrived at the lab",
            f"Courier {delivery.name}: delivery requested from {self.carrier.name}",
            f"Courier {delivery.name}: the unit left with the courier "
            f"({delivery.tracking_number})",
            f"Courier {delivery.name}: the unit was delivered to the customer",
        ]
        positions = [notes.find(step) for step in steps]
        self.assertNotIn(-1, positions, notes)
        self.assertEqual(positions, sorted(positions), "in the order they happened")

    def test_views_for_logistics(self):
        Order = self.env["postventa.courier.order"].with_user(self.logistics)
        arch = etree.fromstring(
            Order.get_views([(False, "list")])["views"]["list"]["arch"]
        )
        shown = [
            f.get("name")
            for f in arch.iter("field")
            if f.get("optional") != "hide"
            and f.get("column_invisible") not in ("1", "True")
        ]
        self.assertEqual(
            shown,
            ["name", "kind", "partner_id", "carrier_id", "scheduled_date", "state"],
        )
        self.assertEqual(arch.xpath("//field[@name='state']")[0].get("widget"), "badge")
        form = etree.fromstring(
            Order.get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertTrue(form.xpath("//field[@name='partner_address']"))
        self.assertEqual(
            form.xpath("//field[@name='tracking_url']")[0].get("widget"), "url"
        )
        self.assertTrue(form.xpath("//button[@name='action_print_label']"))
        # where the README sends logistics: Inventory > Operations > Courier
        # orders (the Helpdesk app is the agents')
        menu = self.env.ref("postventa_courier.menu_postventa_courier_orders_stock")
        visible = self.env["ir.ui.menu"].with_user(self.logistics)._visible_menu_ids()
        self.assertIn(menu.id, visible)
        self.assertEqual(
            menu.parent_id.parent_id, self.env.ref("stock.menu_stock_warehouse_mgmt")
        )
        self.assertIn(menu.parent_id.parent_id.id, visible)

    def test_tracking_link_is_a_web_address(self):
        """Attack report F8: the tracking link is a link on the customer's page;
        logistics may not store a script there, nor may a courier's answer."""
        order = (
            self.env["postventa.courier.order"]
            .sudo()
            .create(
                self.env["postventa.courier.order"]._postventa_prepare(
                    "pickup", self._ticket(), self.customer
                )
            )
        )
        with self.assertRaises(ValidationError), self.cr.savepoint():
            order._postventa_action_write({"tracking_url": "javascript:alert(1)"})
        order._postventa_created(
            {"tracking_number": "AERO-F8", "tracking_url": "JavaScript:alert(1)"}
        )
        self.assertEqual(order.tracking_number, "AERO-F8")
        self.assertNotIn("javascript", (order.tracking_url or "").lower())
        order._postventa_action_write({"tracking_url": "https://aeromar.example/t/1"})
        self.assertEqual(order.tracking_url, "https://aeromar.example/t/1")
