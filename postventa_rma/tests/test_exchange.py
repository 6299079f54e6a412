import re
from datetime import date, timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from .common import ExchangeCase


class TestExchange(ExchangeCase):
    def test_locations_named_in_english_take_the_company_language(self):
        self.env["res.lang"]._activate_lang("es_419")
        self.warehouse.company_id.partner_id.lang = "es_419"
        self.pool.name = "Exchange pool"  # as created before Spanish was loaded
        self.warehouse._postventa_localise_after_sales_names()
        self.assertEqual(self.pool.name, "Stock de intercambio")

    def test_every_warehouse_has_the_after_sales_stock(self):
        new_wh = self.env["stock.warehouse"].create(
            {"name": "Ciudad del Este", "code": "CDE"}
        )
        for warehouse in self.warehouse | new_wh:
            locations = (
                warehouse.postventa_new_units_loc_id
                | warehouse.postventa_exchange_pool_loc_id
                | warehouse.postventa_harvest_loc_id
                | warehouse.postventa_lab_loc_id
            )
            self.assertEqual(len(locations), 4)
            self.assertEqual(set(locations.mapped("usage")), {"internal"})
            self.assertEqual(locations.warehouse_id, warehouse)
            self.assertEqual(warehouse.postventa_exchange_type_id.code, "outgoing")
            self.assertEqual(warehouse.postventa_internal_type_id.code, "internal")

    def test_a_warehouse_without_its_after_sales_stock_gets_it_again(self):
        """Warehouses made before the module get the after-sales stock through the
        same warehouse hooks; what is there is kept."""
        warehouse = self.env["stock.warehouse"].create(
            {"name": "Encarnación", "code": "ENC"}
        )
        pool = warehouse.postventa_exchange_pool_loc_id
        warehouse.write(
            {
                "postventa_new_units_loc_id": False,
                "postventa_exchange_type_id": False,
                "postventa_new_units_route_id": False,
            }
        )
        warehouse._postventa_install_after_sales_stock()
        self.assertEqual(warehouse.postventa_exchange_pool_loc_id, pool)
        self.assertEqual(warehouse.postventa_new_units_loc_id.usage, "internal")
        self.assertEqual(warehouse.postventa_exchange_type_id.code, "outgoing")
        rule = warehouse.postventa_new_units_route_id.rule_ids
        self.assertEqual(rule.location_src_id, warehouse.postventa_new_units_loc_id)
        self.assertEqual(rule.picking_type_id, warehouse.postventa_exchange_type_id)

    def test_a_company_in_an_inactive_language_gets_its_after_sales_stock(self):
        """A database made by an earlier release may have companies whose language
        is not active (es_419 on 18.0.1.3.0's demo): the upgrade names their
        after-sales locations in the closest active language instead of stopping
        with "Invalid language code"."""
        Lang = self.env["res.lang"].with_context(active_test=False)
        Lang._activate_lang("es_419")
        company = self.env["res.company"].create({"name": "Lima Servicios"})
        # a language that exists but is not active: es_PE falls back to es_419,
        # Brazilian Portuguese (no active Portuguese) to English
        for code, expected in (("es_PE", "es_419"), ("pt_BR", "en_US")):
            self.assertFalse(Lang.search([("code", "=", code)]).active)
            self.env.cr.execute(
                "UPDATE res_partner SET lang = %s WHERE id = %s",
                [code, company.partner_id.id],
            )
            company.partner_id.invalidate_recordset(["lang"])
            self.assertEqual(Lang._postventa_active_code(code), expected)
            names = self.env["stock.warehouse"]._postventa_location_names(company)
            self.assertEqual(
                names["postventa_lab_loc_id"],
                self.env["stock.warehouse"].with_context(lang=expected).env._("Lab"),
            )
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", company.id)]
        )
        warehouse.write({"postventa_lab_loc_id": False})
        self.env["stock.warehouse"]._postventa_install_after_sales_stock()
        self.assertTrue(warehouse.postventa_lab_loc_id)

    def test_the_exchange_is_rmas_replacement_procurement(self):
        """The replacement goes through OCA rma's procurement: the RMA's group and
        the warehouse's exchange route, as rma_sale-style extensions expect."""
        self._stock(self.new_units, "NEW-HOOK")
        rma = self._rma(3, "CUS-HOOK")
        rma.action_confirm()
        rma.action_postventa_exchange()
        move = rma.delivery_move_ids
        self.assertEqual(move.group_id, rma.procurement_group_id)
        self.assertEqual(
            move.rule_id.route_id, self.warehouse.postventa_new_units_route_id
        )
        self.assertEqual(move.picking_id.partner_id, rma.partner_shipping_id)
        self.assertEqual(rma.state, "waiting_replacement")

    def test_doa_swap_end_to_end(self):
        self._stock(self.new_units, "NEW-001")
        rma = self._rma(3, "CUS-001")
        self.assertEqual(rma.lot_id.name, "CUS-001")
        self.assertEqual(rma.warranty_state, "doa")
        self.assertEqual(rma.exchange_source, "new_units")
        self.assertEqual(rma.operation_id, self.env.ref("rma.rma_operation_replace"))
        rma.action_confirm()
        # new unit out to the customer
        rma.with_user(self.logistics).action_postventa_exchange()
        delivery = rma.delivery_move_ids.picking_id
        self.assertEqual(delivery.location_id, self.new_units)
        self.assertEqual(
            delivery.move_line_ids.lot_id.name, "NEW-001", "the serial is reserved"
        )
        self._validate(delivery)
        self.assertEqual(self._qty(self.new_units), 0)
        self.assertEqual(self._qty(self.customers, "NEW-001"), 1)
        self.assertEqual(rma.exchange_lot_ids.name, "NEW-001")
        # the customer's unit comes in, with its own serial, and goes to the harvest
        if not rma.reception_move_id:
            rma.action_create_receipt()
        receipt = rma.reception_move_id.picking_id
        self.assertEqual(receipt.move_line_ids.lot_id, rma.lot_id)
        self._validate(receipt)
        harvest_move = rma.postventa_harvest_move_id
        self.assertEqual(harvest_move.location_dest_id, self.harvest)
        self.assertEqual(harvest_move.move_line_ids.lot_id.name, "CUS-001")
        self._validate(harvest_move.picking_id)
        self.assertEqual(self._qty(self.harvest, "CUS-001"), 1)
        self.assertEqual(self._qty(self.warehouse.rma_loc_id), 0)
        # traceability of the customer's serial: customer -> RMA -> harvest
        lines = self.env["stock.move.line"].search(
            [("lot_id", "=", rma.lot_id.id)], order="id"
        )
        self.assertEqual(
            lines.mapped("location_dest_id"), self.warehouse.rma_loc_id | self.harvest
        )

    def test_warranty_exchange_comes_from_the_pool(self):
        self._stock(self.pool, "REF-001")
        self._stock(self.new_units, "NEW-002")
        rma = self._rma(200, "CUS-002")
        self.assertEqual(rma.warranty_state, "in_warranty")
        self.assertEqual(rma.exchange_source, "exchange_pool")
        rma.operation_id = self.env.ref("rma.rma_operation_replace")
        rma.action_confirm()
        with self.assertRaisesRegex(UserError, "instead of repaired"):
            rma.action_postventa_exchange()
        rma.exchange_reason = "missing_parts"
        rma.action_postventa_exchange()
        delivery = rma.delivery_move_ids.picking_id
        self._validate(delivery)
        self.assertEqual(self._qty(self.pool), 0)
        self.assertEqual(self._qty(self.new_units), 1, "new units are kept for DOA")
        self.assertEqual(self._qty(self.customers, "REF-001"), 1)
        self.assertEqual(rma.state, "replaced")

    def test_an_empty_pool_is_refused_with_a_way_out(self):
        self._stock(self.new_units, "NEW-003")
        rma = self._rma(200, "CUS-003")
        rma.write(
            {
                "operation_id": self.env.ref("rma.rma_operation_replace").id,
                "exchange_reason": "repair_impossible",
            }
        )
        rma.action_confirm()
        with self.assertRaisesRegex(
            UserError,
            # the locations are named in the company's language
            rf"{re.escape(self.pool.name)}.*no Exchange printer"
            rf".*{re.escape(self.new_units.name)}.*purchase",
        ):
            rma.action_postventa_exchange()
        self.assertFalse(rma.delivery_move_ids)
        self.assertEqual(rma.state, "confirmed")

    def test_a_cancelled_rma_leaves_no_reserved_stock(self):
        self._stock(self.new_units, "NEW-004")
        rma = self._rma(2, "CUS-004")
        rma.action_confirm()
        rma.action_postventa_exchange()
        self.assertEqual(self._reserved(self.new_units), 1)
        rma.action_cancel()
        self.assertEqual(self._reserved(self.new_units), 0)
        self.assertEqual(self._qty(self.new_units), 1)
        self.assertEqual(set(rma.delivery_move_ids.mapped("state")), {"cancel"})

    def test_exchange_needs_an_approved_rma(self):
        self._stock(self.new_units, "NEW-005")
        rma = self._rma(2, "CUS-005")
        with self.assertRaisesRegex(UserError, "confirmed"):
            rma.action_postventa_exchange()
        rma.action_confirm()
        rma.action_postventa_exchange()
        with self.assertRaisesRegex(UserError, "already has its replacement"):
            rma.action_postventa_exchange()
        self.assertEqual(len(rma.delivery_move_ids), 1)

    def test_only_stock_users_hand_out_units(self):
        self._stock(self.new_units, "NEW-006")
        rma = self._rma(2, "CUS-006")
        rma.action_confirm()
        rma_only = new_test_user(
            self.env, "pv_rma_only", groups="rma.rma_group_user_all"
        )
        with self.assertRaises(AccessError):
            rma.with_user(rma_only).action_postventa_exchange()
        self.assertFalse(rma.delivery_move_ids)


class TestStoreExchangeFromThePortal(ExchangeCase):
    """A store's confirmation in its portal (postventa_helpdesk) starts the RMA's
    store flow; without stock to replenish it, logistics is asked to finish it."""

    def _doa(self, serial, store=None):
        store = store or self.env["res.partner"].create(
            {"name": "Tienda Norte", "is_postventa_store": True}
        )
        self._store_stock(store, f"STORE-{serial}")
        unit = self.env["postventa.unit"].create(
            {
                "product_id": self.product.id,
                "serial": serial,
                "owner_id": self.customer.id,
                "purchase_date": date.today() - timedelta(days=3),
                "store_id": store.id,
            }
        )
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Dead on arrival",
                "description": "<p>x</p>",
                "partner_id": self.customer.id,
                "unit_id": unit.id,
            }
        )
        ticket.action_issue_doa()
        return ticket.doa_authorization_ids, store

    def test_confirmed_exchange_replenishes_the_store(self):
        self._stock(self.new_units, "NEW-PORTAL-1")
        doa, store = self._doa("DEAD-PORTAL-1")
        doa._postventa_store_exchanged(store, "STORE-DEAD-PORTAL-1")
        rma = doa.ticket_id.rma_ids
        self.assertEqual(
            rma.state, "waiting_replacement", "approved, replacement on its way"
        )
        self.assertEqual(rma.store_handed_lot_id.name, "STORE-DEAD-PORTAL-1")
        self.assertEqual(
            self._qty(store.postventa_stock_location_id),
            0,
            "the unit handed out left the store's stock",
        )
        delivery = rma.delivery_move_ids.picking_id
        self.assertEqual(delivery.partner_id, store, "the store is replenished")
        self.assertEqual(
            rma.reception_move_id.picking_id.partner_id,
            store,
            "the dead unit comes from the store",
        )

    def test_without_stock_the_exchange_stays_recorded_for_logistics(self):
        doa, store = self._doa("DEAD-PORTAL-2")
        doa._postventa_store_exchanged(store, "STORE-DEAD-PORTAL-2")
        self.assertEqual(doa.state, "used")
        rma = doa.ticket_id.rma_ids
        self.assertFalse(rma.delivery_move_ids)
        activity = doa.ticket_id.activity_ids
        self.assertIn("Finish the store exchange", activity.summary)
        self.assertIn("to replenish", activity.note)

    def test_a_unit_not_in_the_stores_stock_is_refused(self):
        self._stock(self.new_units, "NEW-PORTAL-3")
        doa, store = self._doa("DEAD-PORTAL-3")
        with self.assertRaisesRegex(UserError, "not a unit of Exchange printer"):
            doa._postventa_store_exchanged(store, "NEW-PORTAL-3")
        self.assertEqual(doa.state, "issued")
        doa._postventa_store_exchanged(store, "STORE-DEAD-PORTAL-3")
        with self.assertRaisesRegex(UserError, "already used"):
            doa._postventa_store_exchanged(store, "STORE-DEAD-PORTAL-3")
        with self.assertRaisesRegex(UserError, "already exchanged"):
            doa.ticket_id.action_issue_doa()

    def test_store_clerk_exchange_replenishes_the_store_stock(self):
        """The demo's store clerk (store_centro, Tienda Centro Asunción)
        exchanges a DOA unit from the store's own stock: the unit handed out
        leaves the store's stock, and the replenishment lands back in it (not
        at a customer's)."""
        clerk = self.env.ref("postventa_helpdesk.user_store_clerk")
        store = self.env.ref("postventa_helpdesk.store_tienda_centro")
        store_stock = store.postventa_stock_location_id
        self.assertEqual(store_stock.usage, "internal")
        self._stock(self.new_units, "NEW-CLERK-1")
        doa, _store = self._doa("CLERK-1", store=store)
        ticket = doa.ticket_id
        doa, _verdict = (
            self.env["postventa.doa.authorization"]
            .with_user(clerk)
            ._postventa_lookup_for_store(store, doa.name)
        )
        self.assertEqual(
            doa.with_user(clerk)._postventa_store_stock_serials(store),
            ["STORE-CLERK-1"],
        )
        doa.with_user(clerk)._postventa_store_exchanged(store, "STORE-CLERK-1")
        self.assertEqual(self._qty(store_stock, "STORE-CLERK-1"), 0)
        rma = ticket.rma_ids
        delivery = rma.delivery_move_ids.picking_id
        self.assertEqual(delivery.partner_id, store)
        self.assertEqual(delivery.location_dest_id, store_stock)
        self.assertEqual(rma.delivery_move_ids.location_dest_id, store_stock)
        # logistics ships it: the new unit is in the store's stock, for the next
        # customer, and nothing of it went to a customers location
        delivery = delivery.with_user(self.logistics)
        delivery.move_ids.picked = True
        delivery.button_validate()
        self.assertEqual(delivery.state, "done")
        self.assertEqual(self._qty(store_stock, "NEW-CLERK-1"), 1)
        self.assertEqual(self._qty(self.customers, "NEW-CLERK-1"), 0)
        self.assertEqual(self._qty(self.new_units), 0)
        self.assertIn(
            "NEW-CLERK-1", doa.with_user(clerk)._postventa_store_stock_serials(store)
        )
