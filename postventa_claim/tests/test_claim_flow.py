import base64
import csv
import io

import openpyxl
import xlsxwriter

from odoo import fields
from odoo.exceptions import AccessError, UserError

from odoo.addons.postventa_helpdesk.tests.common import company_user

from .common import ClaimCase


class TestClaimFlow(ClaimCase):
    """A claim submitted in the manufacturer's format, answered, appealed,
    invoiced and paid; the failed parts shipped back from the lab."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.repairs = [cls._done_repair(f"CLM-F00000{i}") for i in range(3)]
        cls.lines = cls.env["postventa.claim.line"].search(
            [("repair_id", "in", [r.id for r in cls.repairs])], order="id"
        )
        cls.env["postventa.claim.line"].with_user(cls.clerk).action_create_claims(
            cls.lines.with_user(cls.clerk)
        )
        cls.claim = cls.lines.claim_id
        cls.env["postventa.claim.reason"].create(
            {
                "code": "R12",
                "name": "Serial photo unreadable",
                "manufacturer_id": cls.manufacturer.id,
            }
        )

    def _answer_rows(self, header, rows):
        """The manufacturer's answer: the first line approved, the second partly
        (30), the third rejected with R12."""
        index = {h: i for i, h in enumerate(header)}
        decisions = [
            ("approved", "", ""),
            ("partial", "30", "R07"),
            ("rejected", "", "R12"),
        ]
        answered = []
        for row, (decision, amount, code) in zip(rows, decisions, strict=False):
            row = list(row)
            row[index["Decision"]] = decision
            row[index["Approved amount"]] = amount
            row[index["Reason code"]] = code
            answered.append(row)
        return answered

    def _check_answer(self):
        first, second, third = self.lines
        self.assertEqual(first.state, "approved")
        self.assertAlmostEqual(first.approved_amount, first.amount)
        self.assertEqual((second.state, second.approved_amount), ("partial", 30.0))
        self.assertEqual(second.reason_id.code, "R07")
        self.assertEqual((third.state, third.reason_id.code), ("rejected", "R12"))
        self.assertEqual(self.claim.state, "answered")

    def test_only_managers_submit_import_and_invoice(self):
        claim = self.claim.with_user(self.clerk)
        with self.assertRaises(AccessError):
            claim.action_submit()
        with self.assertRaises(AccessError):
            claim.write({"submit_date": fields.Date.today()})
        self.claim.with_user(self.manager).action_submit()
        with self.assertRaises(AccessError):
            claim._postventa_import_answer(b"x", "csv")
        with self.assertRaises(AccessError):
            claim.action_invoice()

    def test_csv_round_trip(self):
        claim = self.claim.with_user(self.manager)
        claim.action_submit()
        self.assertEqual(claim.state, "submitted")
        self.assertEqual(set(self.lines.mapped("state")), {"claimed"})
        text = base64.b64decode(claim.export_file).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
        header, body = rows[0], rows[1:]
        self.assertEqual(len(body), 3)
        self.assertIn("CLM-F000000", text)
        self.assertEqual(body[0][header.index("Line number")], self.lines[0].name)
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        writer.writerow(header)
        writer.writerows(self._answer_rows(header, body))
        claim._postventa_import_answer(out.getvalue().encode(), "csv")
        self._check_answer()
        # the rejected line appealed, answered again in the next file
        third = self.lines[2]
        with self.assertRaises(AccessError):
            third.with_user(self.clerk).action_appeal("The photo is attached")
        third.with_user(self.manager).action_appeal("The photo is attached again")
        self.assertEqual((third.state, claim.state), ("appealed", "submitted"))
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["Line number", "Decision", "Approved amount", "Reason code"])
        writer.writerow([third.name, "aprobado", "", ""])
        claim._postventa_import_answer(out.getvalue().encode(), "csv")
        self.assertEqual(third.state, "approved")
        self.assertEqual(self.lines[0].state, "approved", "answers stand")

    def test_xlsx_round_trip(self):
        self.programme.file_format = "xlsx"
        claim = self.claim.with_user(self.manager)
        claim.action_submit()
        self.assertTrue(claim.export_filename.endswith(".xlsx"))
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(claim.export_file)))
        rows = list(book.active.iter_rows(values_only=True))
        header, body = list(rows[0]), rows[1:]
        self.assertEqual(len(body), 3)
        out = io.BytesIO()
        answer = xlsxwriter.Workbook(out, {"in_memory": True})
        sheet = answer.add_worksheet()
        sheet.write_row(0, 0, header)
        for i, row in enumerate(self._answer_rows(header, body), start=1):
            sheet.write_row(i, 0, ["" if v is None else v for v in row])
        answer.close()
        wizard = (
            self.env["postventa.claim.answer.import"]
            .with_user(self.manager)
            .create(
                {
                    "claim_id": claim.id,
                    "file": base64.b64encode(out.getvalue()),
                    "filename": "answer.xlsx",
                }
            )
        )
        wizard.action_import()
        self._check_answer()

    def test_bad_answers_are_refused_whole(self):
        claim = self.claim.with_user(self.manager)
        claim.action_submit()
        data = (
            "Line number;Decision;Approved amount;Reason code\n"
            f"{self.lines[0].name};approved;;\n"
            f"{self.lines[1].name};partial;9999;X\n"
            f"{self.lines[2].name};rejected;;\n"
        ).encode()
        with self.assertRaisesRegex(Exception, "not between 0 and the amount claimed"):
            claim._postventa_import_answer(data, "csv")
        self.assertEqual(self.lines[0].state, "claimed")

    def test_invoice_to_the_manufacturer_and_its_payment(self):
        claim = self.claim.with_user(self.manager)
        claim.action_submit()
        data = (
            "Line number;Decision;Approved amount;Reason code\n"
            + "".join(f"{line.name};approved;;\n" for line in self.lines[:2])
            + f"{self.lines[2].name};rejected;;R12\n"
        )
        claim._postventa_import_answer(data.encode(), "csv")
        claim.action_invoice()
        invoice = claim.invoice_ids
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.partner_id, self.manufacturer)
        self.assertEqual(invoice.state, "posted")
        self.assertAlmostEqual(
            invoice.amount_total, sum(self.lines[:2].mapped("amount"))
        )
        self.assertEqual(claim.state, "invoiced")
        self.assertGreaterEqual(claim.days_owed, 0)
        self.assertAlmostEqual(claim.amount_owed, invoice.amount_total)
        with self.assertRaisesRegex(UserError, "nothing approved to invoice"):
            claim.action_invoice()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(claim.state, "paid")
        self.assertEqual(claim.days_to_payment, 0)
        self.env.flush_all()
        report = self.env["postventa.claim.report"].search(
            [("claim_id", "=", claim.id)]
        )
        self.assertAlmostEqual(sum(report.mapped("amount_paid")), invoice.amount_total)
        self.assertEqual(sum(report.mapped("rejected_count")), 1)

    def test_failed_parts_ship_back_from_the_lab_with_their_lots(self):
        claim = self.claim.with_user(self.manager)
        claim.action_submit()
        self.claim.with_user(self.clerk).action_return_parts()
        picking = self.claim.return_picking_ids
        self.assertEqual(len(picking), 1)
        self.assertEqual(picking.location_id, self.lab)
        self.assertEqual(picking.partner_id, self.manufacturer)
        self.assertEqual(picking.picking_type_code, "outgoing")
        self.assertEqual(
            set(picking.move_line_ids.lot_id.mapped("name")),
            {f"PH-FAIL-CLM-F00000{i}" for i in range(3)},
        )
        with self.assertRaisesRegex(UserError, "no part to ship back"):
            self.claim.with_user(self.clerk).action_return_parts()
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "postventa_claim.action_report_claim_return_tags", self.claim.ids
            )[0]
            .decode()
        )
        for line in self.lines:
            self.assertIn(line.name, html)
        self.assertIn(self.claim.name, html)
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        parts = self.lines.part_ids
        self.assertEqual(set(parts.mapped("return_state")), {"shipped"})
        lot = parts[0].lot_id
        self.assertEqual(
            sum(
                self.env["stock.quant"]
                .search([("lot_id", "=", lot.id), ("location_id", "=", self.lab.id)])
                .mapped("quantity")
            ),
            0,
        )
        parts[0].with_user(self.clerk).action_record_inspection(
            "confirmed", "Nozzle burnt"
        )
        self.assertEqual(parts[0].return_state, "inspected")

    def test_part_not_returned_by_its_deadline_is_flagged(self):
        part = self.lines[0].part_ids
        self.assertFalse(self.lines[0].part_return_overdue)
        part._postventa_action_write(
            {"return_deadline": fields.Date.subtract(fields.Date.today(), days=1)}
        )
        self.lines.invalidate_recordset()
        self.assertTrue(self.lines[0].part_return_overdue)
        overdue = self.env["postventa.claim.line"].search(
            [("part_return_overdue", "=", True), ("id", "in", self.lines.ids)]
        )
        self.assertEqual(overdue, self.lines[0])

    def test_another_companys_claims_are_unreachable(self):
        other = self.env["res.company"].create({"name": "Other provider"})
        stranger = company_user(
            self.env,
            "pv_claim_other",
            "base.group_user,postventa_claim.group_postventa_claim_manager",
            other,
            name="Other clerk",
        )
        Claim = self.env["postventa.claim"].with_user(stranger)
        self.assertFalse(Claim.search([("id", "=", self.claim.id)]))
        self.assertFalse(
            self.env["postventa.claim.line"]
            .with_user(stranger)
            .search([("id", "in", self.lines.ids)])
        )
        with self.assertRaises(AccessError):
            self.claim.with_user(stranger).read(["name"])
        with self.assertRaises(AccessError):
            self.claim.with_user(stranger).action_submit()
