import re

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from .common import ExchangeCase


class TestPartShipment(ExchangeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.psu = env["product.product"].create(
            {"name": "Power supply 24 V", "is_storable": True}
        )
        cls.cable = env["product.product"].create(
            {"name": "USB cable", "is_storable": True}
        )
        cls.remote = env["product.product"].create(
            {"name": "Remote support hour", "type": "service"}
        )
        Quant = env["stock.quant"].with_context(inventory_mode=True)
        for product in cls.psu | cls.cable:
            Quant.create(
                {
                    "product_id": product.id,
                    "location_id": cls.warehouse.lot_stock_id.id,
                    "inventory_quantity": 10,
                }
            ).action_apply_inventory()
        cls.agent = new_test_user(
            env, "pv_fl_parts", groups="helpdesk_mgmt.group_helpdesk_user"
        )
        cls.ticket = env["helpdesk.ticket"].create(
            {
                "name": "Printer dead, PSU suspected",
                "description": "<p>x</p>",
                "partner_id": cls.customer.id,
            }
        )

    def _ship(self, lines, user=None):
        wizard = (
            self.env["postventa.part.shipment.wizard"]
            .with_user(user or self.agent)
            .create(
                {
                    "ticket_id": self.ticket.id,
                    "line_ids": [
                        (0, 0, {"product_id": p.id, "quantity": q}) for p, q in lines
                    ],
                }
            )
        )
        return wizard.action_ship()

    def test_front_line_ships_parts_to_the_customer(self):
        self._ship([(self.psu, 1), (self.cable, 2)])
        picking = self.ticket.part_shipment_ids
        self.assertEqual(len(picking), 1)
        self.assertEqual(picking.partner_id, self.customer)
        self.assertEqual(picking.picking_type_id, self.warehouse.out_type_id)
        self.assertEqual(picking.origin, self.ticket.number)
        self.assertEqual(picking.state, "assigned")
        self.assertEqual(
            self.ticket.resolution_code_id,
            self.env.ref("postventa_helpdesk.resolution_part_shipment"),
        )
        self._validate(picking)
        stock = self.warehouse.lot_stock_id
        for product, left in ((self.psu, 9), (self.cable, 8)):
            self.assertEqual(
                sum(
                    self.env["stock.quant"]
                    .search(
                        [
                            ("product_id", "=", product.id),
                            ("location_id", "=", stock.id),
                        ]
                    )
                    .mapped("quantity")
                ),
                left,
            )

    def test_bad_shipments_store_nothing(self):
        with self.assertRaisesRegex(UserError, "List the parts"):
            self._ship([])
        with self.assertRaisesRegex(UserError, "positive quantity"):
            self._ship([(self.psu, 0)])
        with self.assertRaisesRegex(UserError, "is a service"):
            self._ship([(self.remote, 1)])
        self.assertFalse(self.ticket.part_shipment_ids)

    def test_parts_leave_only_from_the_cases_company(self):
        other = self.env["res.company"].create({"name": "Other service company"})
        foreign = self.env["stock.warehouse"].search(
            [("company_id", "=", other.id)], limit=1
        )
        wizard = (
            self.env["postventa.part.shipment.wizard"]
            .with_user(self.agent)
            .create(
                {
                    "ticket_id": self.ticket.id,
                    "warehouse_id": foreign.id,
                    "line_ids": [(0, 0, {"product_id": self.psu.id, "quantity": 1})],
                }
            )
        )
        with self.assertRaisesRegex(UserError, "is not one of"):
            wizard.action_ship()
        self.assertFalse(self.ticket.part_shipment_ids)

    def test_an_agent_who_cannot_edit_the_case_cannot_ship(self):
        outsider = new_test_user(
            self.env, "pv_own_only", groups="helpdesk_mgmt.group_helpdesk_user_own"
        )
        self.ticket.user_id = self.agent
        with self.assertRaises(AccessError):
            self._ship([(self.psu, 1)], user=outsider)
        self.assertFalse(self.ticket.part_shipment_ids)


class TestStoreExchange(ExchangeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.store = cls.env["res.partner"].create(
            {"name": "Tienda Centro", "is_postventa_store": True}
        )
        cls.product.lst_price = 120.0

    def _store_rma(self, serial, days=3):
        rma = self._rma(days, serial)
        rma.unit_id.store_id = self.store
        rma.action_confirm()
        return rma

    def test_store_swap_replenishes_the_store_and_takes_back_the_unit(self):
        self._stock(self.new_units, "NEW-S1")
        self._store_stock(self.store, "STORE-777")
        rma = self._store_rma("CUS-S1")
        rma.with_user(self.logistics).action_postventa_store_exchange("STORE-777")
        self.assertEqual(rma.store_handed_lot_id.name, "STORE-777")
        receipt = rma.reception_move_id.picking_id
        self.assertEqual(receipt.partner_id, self.store)
        self.assertEqual(receipt.move_line_ids.lot_id, rma.lot_id)
        delivery = rma.delivery_move_ids.picking_id
        self.assertEqual(delivery.partner_id, self.store)
        self.assertEqual(delivery.location_id, self.new_units)
        self.assertEqual(delivery.move_line_ids.lot_id.name, "NEW-S1")
        self._validate(delivery)
        self._validate(receipt)
        self._validate(rma.postventa_harvest_move_id.picking_id)
        self.assertEqual(self._qty(self.new_units), 0)
        self.assertEqual(self._qty(self.harvest, "CUS-S1"), 1)
        pickings = self.env["stock.picking"].search([("origin", "=", rma.name)])
        self.assertEqual(
            len(pickings.filtered(lambda p: p.state != "cancel")),
            4,
            "the unit handed out by the store, receipt from the store, "
            "replenishment, harvest",
        )
        # the unit handed out left the store's stock, the replenishment is in it
        store_stock = self.store.postventa_stock_location_id
        self.assertEqual(delivery.location_dest_id, store_stock)
        self.assertEqual(self._qty(store_stock, "STORE-777"), 0)
        self.assertEqual(self._qty(store_stock, "NEW-S1"), 1)
        self.assertEqual(self._qty(self.customers, "NEW-S1"), 0)
        self.assertEqual(
            pickings.filtered(lambda p: p.state == "cancel").partner_id,
            self.customer,
            "the receipt expected from the customer is cancelled",
        )

    def test_store_exchange_refusals(self):
        rma = self._store_rma("CUS-S2")
        with self.assertRaisesRegex(
            # the location is named in the company's language
            UserError,
            rf"{re.escape(self.new_units.name)}.*no Exchange printer.*replenish",
        ):
            rma.action_postventa_store_exchange("STORE-1")
        self._stock(self.new_units, "NEW-S2")
        with self.assertRaisesRegex(UserError, "serial number of the unit"):
            rma.action_postventa_store_exchange("  ")
        not_doa = self._rma(200, "CUS-S3")
        not_doa.unit_id.store_id = self.store
        not_doa.operation_id = self.env.ref("rma.rma_operation_replace")
        not_doa.action_confirm()
        with self.assertRaisesRegex(UserError, "not a DOA case"):
            not_doa.action_postventa_store_exchange("STORE-2")
        no_store = self._rma(2, "CUS-S4")
        no_store.action_confirm()
        with self.assertRaisesRegex(UserError, "no store of purchase"):
            no_store.action_postventa_store_exchange("STORE-3")
        self.assertFalse((rma | not_doa | no_store).delivery_move_ids)

    def test_failed_at_sale_credits_the_store(self):
        rma = self._store_rma("CUS-S5", days=0)
        with self.assertRaisesRegex(UserError, "invoicing users"):
            rma.with_user(self.logistics).action_postventa_store_credit_note()
        accountant = new_test_user(
            self.env,
            "pv_accountant",
            groups="account.group_account_invoice,postventa_rma.group_postventa_logistics",
        )
        rma.with_user(accountant).action_postventa_store_credit_note()
        refund = rma.refund_id
        self.assertEqual(refund.move_type, "out_refund")
        self.assertEqual(refund.partner_id, self.store)
        self.assertEqual(refund.amount_untaxed, 120.0)
        receipt = rma.reception_move_id.picking_id
        self.assertEqual(receipt.partner_id, self.store)
        self._validate(receipt)
        self.assertEqual(
            self._qty(self.warehouse.rma_loc_id, "CUS-S5")
            + self._qty(self.harvest, "CUS-S5"),
            1,
        )
