from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError

from .common import ClaimCase


class TestClaimLines(ClaimCase):
    def test_warranty_repair_done_prepares_a_line_with_the_programme_amounts(self):
        repair = self._done_repair("CLM-T000001")
        line = self._line(repair)
        self.assertEqual(len(line), 1)
        self.assertEqual(line.source, "repair")
        self.assertEqual(line.serial, "CLM-T000001")
        self.assertEqual(line.manufacturer_id, self.manufacturer)
        self.assertEqual(
            (line.rma_id, line.ticket_id), (repair.rma_id, repair.rma_id.ticket_id)
        )
        self.assertEqual(line.unit_id.serial, "CLM-T000001")
        self.assertEqual(
            sorted(line.labour_ids.operation_id.mapped("code")), ["DIAG", "HEAD"]
        )
        # 0.5 h x 40 + flat 25; the head at 80 % of its list price 50; freight 7
        self.assertAlmostEqual(line.labour_amount, 45.0)
        self.assertAlmostEqual(line.parts_amount, 40.0)
        self.assertAlmostEqual(line.allowance_amount, 7.0)
        self.assertAlmostEqual(line.amount, 92.0)
        self.assertEqual(line.part_ids.lot_id.name, "PH-FAIL-CLM-T000001")
        self.assertTrue(line.part_ids.return_required)
        self.assertEqual(line.state, "ready", line.review_reasons)

    def test_same_serial_again_waits_for_a_person(self):
        self._done_repair("CLM-T000002")
        # the same service number on another model of the manufacturer
        other = self.env["product.product"].create(
            {
                "name": "Claim printer II",
                "is_storable": True,
                "tracking": "serial",
                "categ_id": self.categ.id,
            }
        )
        self.env["postventa.warranty.policy"].create(
            {
                "name": "II",
                "product_tmpl_id": other.product_tmpl_id.id,
                "doa_days": 15,
                "warranty_months": 12,
                "proof_required": False,
            }
        )
        second = self._line(
            self._done_repair("CLM-T000002", failed_lot="PH-2B", product=other)
        )
        self.assertEqual(second.state, "to_review")
        self.assertIn("already claimed within 90 days", second.review_reasons)

    def test_labour_over_standard_time_and_override_by_a_manager(self):
        line = self._line(self._done_repair("CLM-T000003"))
        diag = line.labour_ids.filtered(lambda ln: ln.operation_id.code == "DIAG")
        diag.with_user(self.clerk).hours = 2.0
        self.assertEqual(line.state, "to_review")
        self.assertIn("over its standard time of 0.5 h", line.review_reasons)
        # the manufacturer pays the standard time at most
        self.assertAlmostEqual(diag.amount, 20.0)
        with self.assertRaises(AccessError):
            line.with_user(self.clerk).action_override("Complex repair")
        with self.assertRaisesRegex(UserError, "Say why"):
            line.with_user(self.manager).action_override(" ")
        line.with_user(self.manager).action_override("Complex repair, agreed by phone")
        self.assertEqual(line.state, "ready")
        self.assertEqual(line.overridden_by_id, self.manager)

    def test_missing_proof_deadline_and_parts_off_the_programme(self):
        self.programme.write(
            {
                "require_purchase_proof": True,
                "require_serial_photo": True,
                "part_ids": [(6, 0, self.belt.ids)],
            }
        )
        line = self._line(self._done_repair("CLM-T000004"))
        reasons = line.review_reasons
        self.assertEqual(line.state, "to_review")
        self.assertIn("proof of purchase of the unit is missing", reasons)
        self.assertIn("photo of the service number is missing", reasons)
        self.assertIn("Part [PH-1] Print head", reasons)
        self.assertIn("is not on programme", reasons)
        line._postventa_action_write(
            {"work_date": fields.Date.today() - timedelta(days=40)}
        )
        line.with_user(self.clerk).action_check()
        self.assertIn("claim deadline passed", line.review_reasons)
        # the clerk adds the photo: that reason goes
        line.with_user(self.clerk).serial_photo = "iVBORw0KGgo="
        line.with_user(self.clerk).action_check()
        self.assertNotIn("photo of the service number", line.review_reasons)

    def test_out_of_warranty_work_is_not_claimed(self):
        line = self._line(self._done_repair("CLM-T000005"))
        line.ticket_id.sudo()._postventa_action_write(
            {"warranty_state": "out_of_warranty"}
        )
        line.with_user(self.clerk).action_check()
        self.assertIn("not in warranty", line.review_reasons)

    def test_lines_change_only_through_their_actions(self):
        line = self._line(self._done_repair("CLM-T000006"))
        with self.assertRaises(AccessError):
            line.with_user(self.clerk).write({"state": "approved"})
        with self.assertRaises(AccessError):
            line.with_user(self.manager).write({"approved_amount": 1000})
        with self.assertRaises(AccessError):
            line.with_user(self.clerk).write({"allowance_amount": 500})
        with self.assertRaises(AccessError):
            line.part_ids.with_user(self.clerk).write({"unit_amount": 500})
        with self.assertRaises(AccessError):
            line.labour_ids[0].with_user(self.clerk).write({"operation_id": False})
        with self.assertRaises(AccessError):
            self.env["postventa.claim.line"].with_user(self.manager).create(
                {
                    "programme_id": self.programme.id,
                    "company_id": self.company.id,
                    "source": "repair",
                    "serial": "X",
                    "work_date": fields.Date.today(),
                }
            )

    def test_ready_lines_grouped_into_a_claim_per_programme_and_month(self):
        lines = self._line(self._done_repair("CLM-T000007")) | self._line(
            self._done_repair("CLM-T000008")
        )
        Line = self.env["postventa.claim.line"].with_user(self.clerk)
        Line.action_create_claims(lines.with_user(self.clerk))
        claim = lines.claim_id
        self.assertEqual(len(claim), 1)
        self.assertEqual(claim.state, "draft")
        self.assertEqual(claim.line_count, 2)
        self.assertAlmostEqual(claim.amount_claimed, sum(lines.mapped("amount")))
        self.assertEqual(claim.period, fields.Date.today().replace(day=1))

    def test_reasons_read_in_the_readers_language(self):
        self.programme.require_purchase_proof = True
        line = self._line(self._done_repair("CLM-T000009"))
        self.env["res.lang"]._activate_lang("es_419")
        self.assertIn(
            "Falta el comprobante de compra de la unidad.",
            line.with_context(lang="es_419").review_reasons,
        )
        self.assertIn(
            "The proof of purchase of the unit is missing.",
            line.with_context(lang="en_US").review_reasons,
        )
