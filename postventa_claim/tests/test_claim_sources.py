from datetime import date, timedelta

from odoo.tests import new_test_user

from .common import ClaimCase


class TestClaimSources(ClaimCase):
    """Besides repairs, a DOA exchange handed out and a part shipped under warranty
    make their claim lines; work that is not the manufacturer's makes none."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.logistics = new_test_user(
            cls.env,
            "pv_claim_logistics",
            groups="postventa_rma.group_postventa_logistics",
            name="Logistics",
        )

    def _ticket(self, serial, days_ago):
        unit = self.env["postventa.unit"].create(
            {
                "product_id": self.product.id,
                "serial": serial,
                "owner_id": self.customer.id,
                "purchase_date": date.today() - timedelta(days=days_ago),
            }
        )
        return self.env["helpdesk.ticket"].create(
            {
                "name": "Dead",
                "description": "<p>Dead.</p>",
                "partner_id": self.customer.id,
                "unit_id": unit.id,
            }
        )

    def test_doa_exchange_handed_out_makes_a_line(self):
        lot = self.env["stock.lot"].create(
            {"product_id": self.product.id, "name": "NEW-DOA-1"}
        )
        self.env["stock.quant"].with_context(inventory_mode=True).create(
            {
                "product_id": self.product.id,
                "location_id": self.warehouse.postventa_new_units_loc_id.id,
                "lot_id": lot.id,
                "inventory_quantity": 1,
            }
        ).action_apply_inventory()
        ticket = self._ticket("CLM-DOA-1", 3)
        self.assertEqual(ticket.warranty_state, "doa")
        rma = self.env["rma"].browse(ticket.action_create_rma()["res_id"])
        rma.operation_id = self.env.ref("rma.rma_operation_replace")
        rma.action_confirm()
        rma.with_user(self.logistics).action_postventa_exchange()
        delivery = rma.delivery_move_ids.picking_id
        line = self.env["postventa.claim.line"].search([("rma_id", "=", rma.id)])
        self.assertFalse(line, "nothing is claimed before the unit is handed out")
        delivery.move_ids.picked = True
        delivery.with_user(self.logistics).button_validate()
        line = self.env["postventa.claim.line"].search([("rma_id", "=", rma.id)])
        self.assertEqual(line.source, "doa")
        self.assertEqual(line.picking_id, delivery)
        self.assertEqual(line.serial, "CLM-DOA-1")
        self.assertEqual(line.labour_ids.operation_id.code, "DOA")
        self.assertAlmostEqual(line.amount, 12.0)

    def test_part_shipped_under_warranty_makes_a_line(self):
        ticket = self._ticket("CLM-PART-1", 200)
        wizard = self.env["postventa.part.shipment.wizard"].create(
            {
                "ticket_id": ticket.id,
                "line_ids": [(0, 0, {"product_id": self.belt.id, "quantity": 2})],
            }
        )
        wizard.action_ship()
        picking = ticket.part_shipment_ids
        picking.move_ids.picked = True
        picking.button_validate()
        line = self.env["postventa.claim.line"].search(
            [("picking_id", "=", picking.id)]
        )
        self.assertEqual(line.source, "part_shipment")
        self.assertEqual(line.part_ids.product_id, self.belt)
        # 2 belts at 80 % of their list price
        self.assertAlmostEqual(line.parts_amount, 2 * self.belt.lst_price * 0.8)

    def test_out_of_warranty_repair_and_other_brands_make_no_line(self):
        other = self.env["product.product"].create(
            {"name": "Other brand printer", "is_storable": True, "tracking": "serial"}
        )
        self.env["postventa.warranty.policy"].create(
            {
                "name": "Other",
                "product_tmpl_id": other.product_tmpl_id.id,
                "doa_days": 15,
                "warranty_months": 12,
                "proof_required": False,
            }
        )
        repair = self._done_repair("CLM-OTHER-1", head=False, product=other)
        self.assertFalse(self._line(repair), "no programme covers it")
