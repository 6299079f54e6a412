from odoo.tests.common import TransactionCase


class TestKodakDemo(TransactionCase):
    """The demo of Kodak Perú's procedure: Carmen's DOA unit disassembled, its paper
    sensor flag in Jorge's repair."""

    def setUp(self):
        super().setUp()
        self.unit = self.env.ref(
            "postventa_helpdesk.unit_kodak_doa_lima", raise_if_not_found=False
        )
        if not self.env.ref("postventa_mrp.bom_kodak_esp3", raise_if_not_found=False):
            self.skipTest("no demo data")

    def test_the_kodak_doa_unit_went_into_parts_and_a_repair(self):
        parts = self.unit.postventa_harvest_part_ids
        self.assertEqual(
            {(p.product_id.default_code, p.state) for p in parts},
            {
                ("KESP-HEAD", "broken"),
                ("KESP-FLAG", "harvested"),
                ("KESP-ROLL", "harvested"),
                ("KESP-PSU", "missing"),
            },
        )
        self.assertTrue(all(p.reason for p in parts if p.state != "harvested"))
        flag = parts.filtered(lambda p: p.product_id.default_code == "KESP-FLAG")
        repair = self.env["repair.order"].search(
            [
                (
                    "rma_id.ticket_id",
                    "=",
                    self.env.ref("postventa_helpdesk.ticket_kodak_warranty").id,
                )
            ]
        )
        self.assertEqual(flag.lot_id.postventa_repair_ids, repair)
        self.assertEqual(self.unit.postventa_part_repair_ids, repair)
        line = repair.move_ids.filtered(lambda m: m.product_id == flag.product_id)
        self.assertTrue(line.postventa_from_harvest)
        self.assertEqual(line.move_line_ids.lot_id, flag.lot_id, "reserved")
