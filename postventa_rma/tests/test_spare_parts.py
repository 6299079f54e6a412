"""Hibertek's procedure: the spare parts of a unit's product, with prices and
availability on the customer's portal page of the unit; asking for some makes a
quotation that the customer accepts like any Odoo quotation."""

import re

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged
from odoo.tests.common import TransactionCase

from odoo.addons.postventa_helpdesk.tests.common import PostventaCase

# a 1x1 PNG: the customer's signature on the quotation
SIGNATURE = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAA"
    "AABJRU5ErkJggg=="
)


class SparePartsCase(PostventaCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company = env.company
        # quotations confirm on the customer's signature (with online payment they
        # confirm when paid: sale's own flow, same hooks)
        cls.company.portal_confirmation_pay = False
        Product = env["product.product"]
        cls.lcd_part = Product.create(
            {"name": "Test AIO LCD panel", "list_price": 150.0, "is_storable": True}
        )
        cls.keyboard_part = Product.create(
            {"name": "Test AIO keyboard", "list_price": 20.0, "is_storable": True}
        )
        cls.not_sold = Product.create({"name": "Test AIO screw", "sale_ok": False})
        stock = env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        env["stock.quant"]._update_available_quantity(
            cls.lcd_part, stock.lot_stock_id, 3
        )
        Line = env["postventa.spare.part"]
        cls.line_lcd = Line.create(
            {
                "product_tmpl_id": cls.aio.product_tmpl_id.id,
                "product_id": cls.lcd_part.id,
                "notes": "24-inch panel with its cable",
            }
        )
        cls.line_keyboard = Line.create(
            {
                "product_tmpl_id": cls.aio.product_tmpl_id.id,
                "product_id": cls.keyboard_part.id,
            }
        )
        # a part of another product: not for this unit
        cls.line_other = Line.create(
            {
                "product_tmpl_id": cls.hp.product_tmpl_id.id,
                "product_id": cls.lcd_part.id,
            }
        )
        # the customer's pricelist: 10 % off
        cls.pricelist = env["product.pricelist"].create(
            {
                "name": "Test schools",
                "currency_id": cls.company.currency_id.id,
                "item_ids": [
                    (
                        0,
                        0,
                        {
                            "applied_on": "3_global",
                            "compute_price": "percentage",
                            "percent_price": 10,
                        },
                    )
                ],
            }
        )
        cls.customer_user = new_test_user(
            env, "pv_parts_a", groups="base.group_portal", name="Parts customer A"
        )
        cls.customer = cls.customer_user.partner_id
        cls.customer.with_company(
            cls.company
        ).property_product_pricelist = cls.pricelist
        cls.other_user = new_test_user(
            env, "pv_parts_b", groups="base.group_portal", name="Parts customer B"
        )
        cls.store_user = new_test_user(
            env,
            "pv_parts_store",
            groups="postventa_helpdesk.group_portal_store",
            name="Store clerk",
        )
        cls.store_user.partner_id.parent_id = cls.store
        cls.unit = cls._unit(cls.aio, "HBT-PARTS-0001", cls.d(2025, 1, 10))
        cls.case = cls._ticket(cls.unit, name="Screen flickers")

    def _orders(self):
        return self.env["sale.order"].search([("postventa_unit_id", "=", self.unit.id)])


class TestSpareParts(SparePartsCase, TransactionCase):
    def test_offer_shows_prices_of_the_customers_pricelist_and_availability(self):
        offer = self.unit.with_user(self.customer_user)._postventa_spare_part_offer()
        by_product = {part["product"]: part for part in offer}
        self.assertEqual(set(by_product), {self.lcd_part, self.keyboard_part})
        self.assertAlmostEqual(by_product[self.lcd_part]["price"], 135.0)
        self.assertAlmostEqual(by_product[self.keyboard_part]["price"], 18.0)
        self.assertEqual(
            by_product[self.lcd_part]["currency"], self.company.currency_id
        )
        self.assertTrue(by_product[self.lcd_part]["in_stock"])
        self.assertFalse(by_product[self.keyboard_part]["in_stock"], "on order")

    def test_request_makes_a_sent_quotation_for_the_owner(self):
        order = self.unit.with_user(self.customer_user).postventa_request_spare_parts(
            {str(self.line_lcd.id): "2", self.line_keyboard.id: 1},
            ticket_id=self.case.id,
        )
        order = order.sudo()
        self.assertEqual(order.state, "sent")
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.company_id, self.unit.company_id)
        self.assertEqual(order.postventa_unit_id, self.unit)
        self.assertEqual(order.postventa_ticket_id, self.case)
        self.assertEqual(order.postventa_purpose, "spare_parts")
        self.assertTrue(order.access_token)
        self.assertIn(self.customer, order.message_partner_ids)
        lines = {line.product_id: line for line in order.order_line}
        self.assertEqual(lines[self.lcd_part].product_uom_qty, 2)
        self.assertAlmostEqual(lines[self.lcd_part].price_unit, 135.0)
        self.assertEqual(lines[self.keyboard_part].product_uom_qty, 1)
        # the customer reads their quotation as themselves
        self.assertEqual(
            order.with_user(self.customer_user).read(["name"])[0]["name"], order.name
        )
        # staff see the requests on the unit and the case
        self.assertEqual(self.unit.spare_part_order_count, 1)
        self.assertEqual(self.case.postventa_sale_order_count, 1)

    def test_quantities_are_whole_bounded_and_of_listed_parts_only(self):
        Unit = self.unit.with_user(self.customer_user)
        for quantities in (
            {},
            {self.line_lcd.id: 0},
            {self.line_lcd.id: -1},
            {self.line_lcd.id: 100},
            {self.line_lcd.id: "2.5"},
            {self.line_lcd.id: 2.0},
            {self.line_lcd.id: True},
            {self.line_lcd.id: "abc"},
            {self.line_other.id: 1},
            {"x": 1},
            [self.line_lcd.id],
        ):
            with self.assertRaises(UserError, msg=quantities):
                Unit.postventa_request_spare_parts(quantities)
        with self.assertRaises(UserError):
            Unit.postventa_request_spare_parts({self.line_lcd.id: 1}, ticket_id=999999)
        other_case = self._ticket(name="Another unit's case")
        with self.assertRaises(UserError):
            Unit.postventa_request_spare_parts(
                {self.line_lcd.id: 1}, ticket_id=other_case.id
            )
        self.assertFalse(self._orders(), "nothing half-stored")

    def test_another_customer_and_a_store_are_refused(self):
        for user in (self.other_user, self.store_user):
            with self.assertRaises(AccessError, msg=user.login):
                self.unit.with_user(user).postventa_request_spare_parts(
                    {self.line_lcd.id: 1}
                )
            self.assertFalse(
                self.env["postventa.unit"]
                .with_user(user)
                .search([("id", "=", self.unit.id)]),
                user.login,
            )
        self.assertFalse(self._orders())
        # the customer reads theirs, and only theirs
        self.assertEqual(
            self.env["postventa.unit"].with_user(self.customer_user).search([]),
            self.unit,
        )

    def test_only_sold_products_are_spare_parts(self):
        with self.assertRaises(ValidationError):
            self.env["postventa.spare.part"].create(
                {
                    "product_tmpl_id": self.aio.product_tmpl_id.id,
                    "product_id": self.not_sold.id,
                }
            )
        with self.assertRaises(ValidationError):
            self.env["postventa.spare.part"].create(
                {
                    "product_tmpl_id": self.aio.product_tmpl_id.id,
                    "product_id": self.aio.id,
                }
            )


@tagged("post_install", "-at_install")
class TestSparePartsPortal(SparePartsCase, HttpCase):
    def _call_kw(self, unit, quantities):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": "postventa.unit",
                "method": "postventa_request_spare_parts",
                "args": [unit.ids, quantities],
                "kwargs": {},
            },
        )

    def _csrf(self, url):
        page = self.url_open(url).text
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def test_customer_asks_for_parts_and_accepts_the_quotation(self):
        self.authenticate("pv_parts_a", "pv_parts_a")
        listing = self.url_open("/my/units")
        self.assertEqual(listing.status_code, 200)
        self.assertIn("HBT-PARTS-0001", listing.text)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["postventa_unit_count"]}
        )
        self.assertEqual(counters["postventa_unit_count"], 1)
        url = f"/my/units/{self.unit.id}"
        page = self.url_open(url).text
        self.assertIn("Test AIO LCD panel", page)
        self.assertIn("24-inch panel with its cable", page)
        self.assertIn("135.00", page)
        self.assertIn("In stock", page)
        self.assertIn("On order", page)
        response = self.url_open(
            f"{url}/spare-parts",
            data={
                "csrf_token": self._csrf(url),
                f"qty_{self.line_lcd.id}": "1",
                f"qty_{self.line_keyboard.id}": "0",
            },
        )
        order = self._orders()
        self.assertEqual(len(order), 1)
        self.assertEqual(response.status_code, 200)
        self.assertIn(f"/my/orders/{order.id}", response.url)
        self.assertIn(order.name, response.text)
        self.assertEqual(order.order_line.product_id, self.lcd_part)
        # sale's own accept route, with the customer's signature
        result = self.make_jsonrpc_request(
            f"/my/orders/{order.id}/accept",
            {
                "access_token": order.access_token,
                "name": "Parts customer A",
                "signature": SIGNATURE,
            },
        )
        self.assertNotIn("error", result)
        self.env.invalidate_all()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.signed_by, "Parts customer A")

    def test_asked_from_the_case_page_the_quotation_is_the_cases_too(self):
        self.authenticate("pv_parts_a", "pv_parts_a")
        case_page = self.url_open(f"/my/ticket/{self.case.id}").text
        link = f"/my/units/{self.unit.id}?ticket_id={self.case.id}"
        self.assertIn(link, case_page)
        unit_page = self.url_open(link).text
        self.assertIn(f'name="ticket_id" value="{self.case.id}"', unit_page)
        self.url_open(
            f"/my/units/{self.unit.id}/spare-parts",
            data={
                "csrf_token": self._csrf(link),
                "ticket_id": str(self.case.id),
                f"qty_{self.line_keyboard.id}": "3",
            },
        )
        order = self._orders()
        self.assertEqual(order.postventa_ticket_id, self.case)
        self.assertEqual(order.order_line.product_uom_qty, 3)
        # a store sees the case (the unit was bought there), not the unit
        self.authenticate("pv_parts_store", "pv_parts_store")
        store_page = self.url_open(f"/my/ticket/{self.case.id}")
        self.assertEqual(store_page.status_code, 200)
        self.assertNotIn("/my/units/", store_page.text)

    def test_bad_quantities_get_a_clean_page(self):
        self.authenticate("pv_parts_a", "pv_parts_a")
        url = f"/my/units/{self.unit.id}"
        token = self._csrf(url)
        for data in (
            {f"qty_{self.line_lcd.id}": "-3"},
            {f"qty_{self.line_lcd.id}": "1000"},
            {f"qty_{self.line_lcd.id}": "two"},
            {f"qty_{self.line_other.id}": "1"},
            {},
            {f"qty_{self.line_lcd.id}": "1", "ticket_id": "abc"},
        ):
            response = self.url_open(
                f"{url}/spare-parts", data=dict(data, csrf_token=token)
            )
            self.assertEqual(response.status_code, 400, data)
            self.assertIn("o_postventa_unit_error", response.text, data)
        self.assertFalse(self._orders())

    def test_another_customer_a_store_and_anonymous_are_refused(self):
        url = f"/my/units/{self.unit.id}"
        for login in ("pv_parts_b", "pv_parts_store"):
            self.authenticate(login, login)
            self.assertEqual(self.url_open(url).status_code, 404, login)
            self.assertNotIn("HBT-PARTS-0001", self.url_open("/my/units").text)
            token = self._csrf("/my")
            response = self.url_open(
                f"{url}/spare-parts",
                data={"csrf_token": token, f"qty_{self.line_lcd.id}": "1"},
            )
            self.assertEqual(response.status_code, 404, login)
            with self.assertRaises(JsonRpcException, msg=login):
                self._call_kw(self.unit, {str(self.line_lcd.id): 1})
            rows = self.make_jsonrpc_request(
                "/web/dataset/call_kw",
                {
                    "model": "postventa.unit",
                    "method": "search_read",
                    "args": [[("id", "=", self.unit.id)]],
                    "kwargs": {"fields": ["serial"]},
                },
            )
            self.assertEqual(rows, [], login)
        self.authenticate(None, None)
        response = self.url_open(url)
        self.assertIn("/web/login", response.url)
        with self.assertRaises(JsonRpcException):
            self._call_kw(self.unit, {str(self.line_lcd.id): 1})
        self.assertFalse(self._orders())
