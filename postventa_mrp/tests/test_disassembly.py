from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user
from odoo.tools.safe_eval import safe_eval

from .common import DisassemblyCase


class TestDisassembly(DisassemblyCase):
    # ------------------------------------------------------------------------
    # tests
    # ------------------------------------------------------------------------
    def test_doa_unit_disassembled_into_traced_parts_in_the_harvest(self):
        # a DOA exchange: the customer's unit comes in and goes to the harvest
        self._stock(self.new_units, "NEW-M1")
        rma = self._rma(3, "DOA-M1")
        rma.action_confirm()
        rma.with_user(self.logistics).action_postventa_exchange()
        self._validate(rma.delivery_move_ids.picking_id)
        if not rma.reception_move_id:
            rma.action_create_receipt()
        self._validate(rma.reception_move_id.picking_id)
        unit = rma.unit_id
        self.assertFalse(
            unit.postventa_harvest_location_id, "on its way to the harvest: not yet"
        )
        with self.assertRaisesRegex(UserError, "not in a parts harvest"):
            unit.with_user(self.lab_tech).postventa_disassemble()
        self.assertFalse(rma.postventa_can_disassemble)
        self._validate(rma.postventa_harvest_move_id.picking_id)
        unit.invalidate_recordset(["postventa_harvest_location_id"])
        rma.invalidate_recordset(["postventa_can_disassemble"])
        self.assertTrue(rma.postventa_can_disassemble)
        action = rma.with_user(self.lab_tech).action_postventa_open_disassembly()
        self.assertEqual(action["res_model"], "postventa.disassemble.wizard")
        self.assertEqual(action["context"], {"default_unit_id": unit.id})
        unit_lot = rma.lot_id
        self.assertEqual(unit.postventa_harvest_location_id, self.harvest)
        self.assertEqual(self._qty_of(self.product, self.harvest, unit_lot), 1)
        for part in (self.head, self.roller, self.psu):
            self.assertEqual(self._qty_of(part, self.harvest), 0)

        unit.with_user(self.lab_tech).postventa_disassemble()

        unbuild = unit.postventa_unbuild_ids
        self.assertEqual(unbuild.state, "done")
        self.assertEqual(unbuild.bom_id, self.bom)
        self.assertEqual(unbuild.lot_id, unit_lot)
        # the unit's serial consumed from the harvest, its parts put there
        self.assertEqual(self._qty_of(self.product, self.harvest, unit_lot), 0)
        self.assertEqual(self._qty_of(self.head, self.harvest), 1)
        self.assertEqual(self._qty_of(self.roller, self.harvest), 2)
        self.assertEqual(self._qty_of(self.psu, self.harvest), 1)
        unit.invalidate_recordset(["postventa_harvest_location_id"])
        self.assertFalse(unit.postventa_harvest_location_id)
        # each part under a lot that names the unit and records it
        part_lots = unit.postventa_harvest_part_ids.lot_id
        self.assertEqual(len(part_lots), 3)
        self.assertEqual(part_lots.postventa_source_unit_id, unit)
        self.assertEqual(set(part_lots.mapped("name")), {"DOA-M1"})
        quants = self.env["stock.quant"].search(
            [("location_id", "=", self.harvest.id), ("lot_id", "in", part_lots.ids)]
        )
        self.assertEqual(quants.postventa_source_unit_id, unit)
        self.assertEqual(
            set(unit.postventa_harvest_part_ids.mapped("state")), {"harvested"}
        )
        # stock's traceability: the unit's consumed line produced the parts' lines
        consumed = unbuild.produce_line_ids.filtered(
            lambda m: m.product_id == self.product
        ).move_line_ids
        self.assertEqual(consumed.lot_id, unit_lot)
        self.assertEqual(consumed.produce_line_ids.lot_id, part_lots)
        self.assertEqual(
            (unbuild.produce_line_ids - consumed.move_id).location_dest_id,
            self.harvest,
            "all the parts to the harvest",
        )
        # it cannot be disassembled twice
        with self.assertRaisesRegex(UserError, "not in a parts harvest"):
            unit.with_user(self.lab_tech).postventa_disassemble()

    def test_missing_and_broken_parts_are_recorded_not_stocked(self):
        unit = self._harvested_unit("DOA-M2")
        unit.with_user(self.logistics).postventa_disassemble(
            [
                {
                    "bom_line_id": self.line_psu.id,
                    "missing_qty": 1,
                    "reason": "Taken out by the customer",
                },
                {
                    "bom_line_id": self.line_roller.id,
                    "broken_qty": 1,
                    "reason": "Cracked",
                },
            ]
        )
        self.assertEqual(self._qty_of(self.psu, self.harvest), 0)
        self.assertEqual(self._qty_of(self.roller, self.harvest), 1)
        self.assertEqual(self._qty_of(self.head, self.harvest), 1)
        self.assertEqual(self._qty_of(self.roller, self.scrap), 1, "broken: scrapped")
        self.assertEqual(self._qty_of(self.psu, self.scrap), 0)
        parts = unit.postventa_harvest_part_ids
        missing = parts.filtered(lambda p: p.state == "missing")
        broken = parts.filtered(lambda p: p.state == "broken")
        self.assertEqual(missing.product_id, self.psu)
        self.assertEqual(missing.reason, "Taken out by the customer")
        self.assertFalse(missing.lot_id, "a missing part has no stock")
        self.assertEqual(broken.product_id, self.roller)
        self.assertEqual(broken.quantity, 1)
        self.assertEqual(broken.reason, "Cracked")
        harvested = parts.filtered(lambda p: p.state == "harvested")
        self.assertEqual(
            {(p.product_id, p.quantity) for p in harvested},
            {(self.head, 1), (self.roller, 1)},
        )

    def test_serial_parts_get_a_serial_each(self):
        self.line_psu.product_qty = 2
        unit = self._harvested_unit("DOA-M3")
        unit.with_user(self.lab_tech).postventa_disassemble()
        psu_lots = unit.postventa_harvest_part_ids.filtered(
            lambda p: p.product_id == self.psu
        ).lot_id
        self.assertEqual(sorted(psu_lots.mapped("name")), ["DOA-M3", "DOA-M3-2"])
        self.assertEqual(self._qty_of(self.psu, self.harvest), 2)

    def test_repair_takes_harvested_parts_first_and_keeps_the_trace(self):
        unit = self._harvested_unit("DOA-M4")
        unit.with_user(self.lab_tech).postventa_disassemble()
        head_lot = unit.postventa_harvest_part_ids.filtered(
            lambda p: p.product_id == self.head
        ).lot_id
        # new parts in the warehouse stock too
        Quant = self.env["stock.quant"].with_context(inventory_mode=True)
        for product, lot_name in ((self.head, "NEW-HEAD"), (self.roller, "NEW-ROLL")):
            lot = self.env["stock.lot"].create(
                {"product_id": product.id, "name": lot_name}
            )
            Quant.create(
                {
                    "product_id": product.id,
                    "location_id": self.stock.id,
                    "lot_id": lot.id,
                    "inventory_quantity": 5,
                }
            ).action_apply_inventory()
        other = self.env["product.product"].create(
            {"name": "Screw kit", "is_storable": True}
        )
        Quant.create(
            {
                "product_id": other.id,
                "location_id": self.stock.id,
                "inventory_quantity": 3,
            }
        ).action_apply_inventory()

        repair = self._repair("LAB-M4")
        repair.write(
            {
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": product.id,
                            "product_uom_qty": 1,
                            "repair_line_type": "add",
                        },
                    )
                    for product in (self.head, self.roller, other)
                ]
            }
        )
        head_move, roller_move, other_move = repair.move_ids.sorted("id")
        # the harvest has the head and the roller: they come from there first
        self.assertTrue(head_move.postventa_from_harvest)
        self.assertEqual(head_move.location_id, self.harvest)
        self.assertTrue(roller_move.postventa_from_harvest)
        self.assertFalse(other_move.postventa_from_harvest, "not in the harvest")
        self.assertEqual(other_move.location_id, self.stock)
        # the lab chooses a new roller instead
        roller_move.postventa_from_harvest = False
        self.assertEqual(roller_move.location_id, self.stock)

        repair.action_validate()
        repair.action_repair_start()
        self.assertEqual(head_move.move_line_ids.lot_id, head_lot, "reserved")
        repair.write({"work_done": "<p>Harvested print head fitted</p>"})
        repair.action_send_to_qc()
        repair.with_user(self.qc_tech).action_qc_pass()
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")

        # quants after the repair: the harvested head consumed, the new roller too
        self.assertEqual(self._qty_of(self.head, self.harvest), 0)
        self.assertEqual(self._qty_of(self.head, self.stock), 5)
        self.assertEqual(self._qty_of(self.roller, self.harvest), 2)
        self.assertEqual(self._qty_of(self.roller, self.stock), 4)
        # the trace: unit -> part -> repair
        self.assertEqual(head_move.move_line_ids.lot_id.postventa_source_unit_id, unit)
        # (computed from the move lines, not stored: read afresh as a new request)
        self.env.invalidate_all()
        self.assertEqual(head_lot.postventa_repair_ids, repair)
        self.assertEqual(repair.postventa_harvested_lot_ids, head_lot)
        self.assertEqual(unit.postventa_part_repair_ids, repair)
        # and the repaired unit's own move consumed it (stock's traceability)
        self.assertIn(
            head_move.move_line_ids, repair.move_id.move_line_ids.consume_line_ids
        )

    def test_only_lab_and_logistics_disassemble(self):
        unit = self._harvested_unit("DOA-M5")
        before = self._counts()
        with self.assertRaises(AccessError):
            unit.with_user(self.stock_user).postventa_disassemble()
        with self.assertRaises(AccessError):
            unit.with_user(self.stock_user).action_postventa_open_disassembly()
        # nor through the records the disassembly writes
        with self.assertRaises(AccessError):
            self.env["stock.lot"].with_user(self.stock_user).create(
                {
                    "product_id": self.head.id,
                    "name": "FAKE",
                    "postventa_source_unit_id": unit.id,
                }
            )
        mrp_user = new_test_user(self.env, "pv_mrp_mrp", groups="mrp.group_mrp_user")
        with self.assertRaises(AccessError):
            self.env["mrp.unbuild"].with_user(mrp_user).create(
                {
                    "product_id": self.product.id,
                    "bom_id": self.bom.id,
                    "location_id": self.harvest.id,
                    "location_dest_id": self.harvest.id,
                    "postventa_unit_id": unit.id,
                }
            )
        self.assertEqual(self._counts(), before)
        self.assertEqual(unit.postventa_harvest_location_id, self.harvest)
        unit.with_user(self.logistics).postventa_disassemble()
        self.assertEqual(self._qty_of(self.head, self.harvest), 1)

    def test_a_unit_not_in_the_harvest_is_refused(self):
        self._stock(self.stock, "STK-M6")
        unit = self._unit("STK-M6")
        nowhere = self._unit("NOWHERE-M6")
        before = self._counts()
        for candidate in (unit, nowhere):
            with self.assertRaisesRegex(UserError, "is not in a parts harvest"):
                candidate.with_user(self.lab_tech).postventa_disassemble()
            with self.assertRaisesRegex(UserError, "is not in a parts harvest"):
                candidate.with_user(self.lab_tech).action_postventa_open_disassembly()
        self.assertEqual(self._counts(), before)
        self.assertEqual(self._qty(self.stock, "STK-M6"), 1)

    def test_bad_input_leaves_nothing_half_stored(self):
        unit = self._harvested_unit("DOA-M7")
        before = self._counts()
        tech = unit.with_user(self.lab_tech)
        with self.assertRaisesRegex(UserError, "cannot be more"):
            tech.postventa_disassemble(
                [
                    {
                        "bom_line_id": self.line_roller.id,
                        "missing_qty": 2,
                        "broken_qty": 1,
                        "reason": "x",
                    }
                ]
            )
        with self.assertRaisesRegex(UserError, "Say why"):
            tech.postventa_disassemble(
                [{"bom_line_id": self.line_head.id, "broken_qty": 1}]
            )
        with self.assertRaisesRegex(UserError, "not in the parts list"):
            tech.postventa_disassemble([{"bom_line_id": -1}])
        with self.assertRaisesRegex(UserError, "as numbers"):
            tech.postventa_disassemble(
                [{"bom_line_id": self.line_head.id, "missing_qty": "one"}]
            )
        with self.assertRaisesRegex(UserError, "list of lines"):
            tech.postventa_disassemble("doors")
        self.line_head.product_id = self.env["product.product"].create(
            {"name": "Untracked head", "is_storable": True}
        )
        with self.assertRaisesRegex(UserError, "Track Untracked head by lots"):
            tech.postventa_disassemble()
        self.bom.active = False
        with self.assertRaisesRegex(UserError, "has no parts list"):
            tech.postventa_disassemble()
        self.assertEqual(self._counts(), before)
        self.assertEqual(self._qty(self.harvest, "DOA-M7"), 1)
        self.assertEqual(unit.postventa_harvest_location_id, self.harvest)

    def test_wizard_lists_the_parts_list(self):
        unit = self._harvested_unit("DOA-M8")
        action = unit.with_user(self.lab_tech).action_postventa_open_disassembly()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.lab_tech)
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual(wizard.location_id, self.harvest)
        self.assertEqual(wizard.bom_id, self.bom)
        self.assertEqual(
            [(line.product_id, line.quantity) for line in wizard.line_ids],
            [(self.head, 1), (self.roller, 2), (self.psu, 1)],
        )
        psu_line = wizard.line_ids.filtered(lambda line: line.product_id == self.psu)
        psu_line.write({"missing_qty": 1, "reason": "Not there"})
        wizard.action_confirm()
        self.assertEqual(self._qty_of(self.psu, self.harvest), 0)
        self.assertEqual(self._qty_of(self.roller, self.harvest), 2)
        self.assertEqual(
            unit.postventa_harvest_part_ids.filtered(
                lambda p: p.state == "missing"
            ).reason,
            "Not there",
        )

    def test_harvest_stock_report(self):
        unit = self._harvested_unit("DOA-M9")
        self._harvested_unit("DOA-M10")  # still whole
        unit.with_user(self.lab_tech).postventa_disassemble()
        self._stock(self.stock, "STK-M9")  # not in the harvest
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "postventa_mrp.stock_quant_action_harvest"
        )
        Quant = self.env["stock.quant"].with_user(self.lab_tech)
        quants = Quant.search(safe_eval(action["domain"]))
        self.assertEqual(quants.location_id, self.harvest)
        self.assertNotIn("STK-M9", quants.lot_id.mapped("name"))
        groups = Quant.read_group(
            [("id", "in", quants.ids)],
            ["quantity:sum"],
            ["product_id", "postventa_source_unit_id"],
            lazy=False,
        )
        by_key = {
            (
                g["product_id"][0],
                g["postventa_source_unit_id"] and g["postventa_source_unit_id"][0],
            ): g["quantity"]
            for g in groups
        }
        self.assertEqual(by_key[(self.roller.id, unit.id)], 2)
        self.assertEqual(by_key[(self.head.id, unit.id)], 1)
        self.assertEqual(by_key[(self.product.id, False)], 1, "the whole unit DOA-M10")

    def test_a_disassembly_stays_in_its_units_company(self):
        other = self.env["res.company"].create({"name": "Other after-sales"})
        unit = self._harvested_unit("DOA-M-CO")
        unit.with_user(self.lab_tech).postventa_disassemble()
        unbuild = unit.postventa_unbuild_ids
        self.assertEqual(unbuild.company_id, unit.company_id or self.env.company)
        unit.company_id = other
        with self.assertRaisesRegex(ValidationError, "company of unit"):
            unbuild._postventa_action_write({"postventa_unit_id": unit.id})
        # Manufacturing's own unbuilds (no unit) are mrp's business
        mrp_unbuild = self.env["mrp.unbuild"].new(
            {"product_id": self.product.id, "bom_id": self.bom.id}
        )
        self.assertFalse(mrp_unbuild.postventa_unit_id)
        mrp_unbuild._check_postventa_unit_company()

    def test_lab_sees_only_postventas_unbuilds(self):
        unit = self._harvested_unit("DOA-M-RULE")
        unit.with_user(self.lab_tech).postventa_disassemble()
        Unbuild = self.env["mrp.unbuild"].with_user(self.lab_tech)
        self.assertEqual(
            Unbuild.search([("product_id", "=", self.product.id)]),
            unit.postventa_unbuild_ids,
        )
        self._stock(self.stock, "MRP-OWN-1")
        own = self.env["mrp.unbuild"].create(
            {
                "product_id": self.product.id,
                "bom_id": self.bom.id,
                "product_qty": 1,
                "lot_id": self.env["stock.lot"].search([("name", "=", "MRP-OWN-1")]).id,
                "location_id": self.stock.id,
                "location_dest_id": self.stock.id,
            }
        )
        self.assertNotIn(own, Unbuild.search([]))
        with self.assertRaises(AccessError):
            own.with_user(self.lab_tech).read(["name"])
