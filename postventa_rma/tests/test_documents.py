"""The lab's documents (intake receipt, service report, RMA) in the customer's
language and with searchable text; the RMA list and the lab's steps in the RMA's
history."""

import io

from freezegun import freeze_time
from lxml import etree
from PyPDF2 import PdfReader

from odoo.tests import HttpCase, tagged

from .common import ExchangeCase, lab_intake, lab_user, qc_user


class LabDocumentCase(ExchangeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lab_tech = lab_user(cls.env, "pv_doc_lab_tech")
        cls.qc_tech = qc_user(cls.env, "pv_doc_qc_tech")

    def _intake(self, rma):
        return lab_intake(rma, self.lab_tech, "Power cable")

    def _html(self, report, records):
        return (
            self.env["ir.actions.report"]
            ._render_qweb_html(report, records.ids)[0]
            .decode()
        )


class TestLabDocuments(LabDocumentCase):
    def test_in_the_customer_language_whoever_prints(self):
        rma = self._received_rma(200, "DOCS-ES-1")
        intake = self._intake(rma)
        self.env["res.lang"]._activate_lang("es_419")
        self.env["ir.module.module"].search(
            [("name", "in", ("postventa_rma", "rma"))]
        )._update_translations(["es_419"])
        self.customer.lang = "es_419"
        intake_html = self._html("postventa_rma.action_report_lab_intake", intake)
        self.assertIn("Comprobante de ingreso", intake_html)
        self.assertNotIn("Intake receipt", intake_html)
        service_html = self._html("postventa_rma.action_report_service", rma)
        self.assertIn("Informe de servicio", service_html)
        self.assertIn("Falla reportada", service_html)
        # dated where the customer is, in his format (es_419: day/month/year):
        # 2 am in UTC is 11 pm of the day before in Asunción (UTC-3)
        self.customer.tz = "America/Asuncion"
        with freeze_time("2026-03-02 02:00:00"):
            service_html = self._html("postventa_rma.action_report_service", rma)
        self.assertRegex(
            service_html, r"<th>Fecha</th><td><span[^>]*>01/03/2026</span>"
        )
        self.customer.lang = "en_US"
        self.assertIn(
            "Intake receipt",
            self._html("postventa_rma.action_report_lab_intake", intake),
        )

    def test_no_paper_format_forced(self):
        for xmlid in (
            "postventa_rma.action_report_lab_intake",
            "postventa_rma.action_report_service",
            "rma.report_rma_action",
        ):
            self.assertFalse(self.env.ref(xmlid).paperformat_id, xmlid)

    def test_rma_history_tells_the_lab_steps(self):
        rma = self._received_rma(200, "DOCS-HIST-1")
        self._intake(rma)
        action = rma.with_user(self.lab_tech).action_postventa_create_repair()
        repair = self.env["repair.order"].browse(action["res_id"])
        repair = repair.with_user(self.lab_tech)
        repair.action_validate()
        repair.action_repair_start()
        repair.write({"work_done": "<p>Cleaned heads</p>"})
        repair.action_send_to_qc()
        repair.with_user(self.qc_tech).action_qc_pass()
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")
        history = " | ".join(reversed(rma.message_ids.mapped("body")))
        steps = [
            "Lab intake",
            f"Repair {repair.name} opened in the lab (in warranty, no charge)",
            f"Repair {repair.name} started by Lab technician",
            f"Repair {repair.name} finished, quality control passed",
        ]
        positions = [history.find(step) for step in steps]
        self.assertNotIn(-1, positions, history)
        self.assertEqual(positions, sorted(positions))
        # notes of the staff, not messages to the customer
        notes = rma.message_ids.filtered(lambda m: "Repair" in (m.body or ""))
        self.assertTrue(
            all(m.subtype_id == self.env.ref("mail.mt_note") for m in notes)
        )
        self.assertFalse(notes.partner_ids)

    def test_rma_list_shows_serial_and_warranty_state(self):
        arch = etree.fromstring(
            self.env["rma"].get_views([(False, "list")])["views"]["list"]["arch"]
        )
        shown = [
            f.get("name")
            for f in arch.iter("field")
            if f.get("optional") != "hide"
            and f.get("column_invisible") not in ("1", "True")
        ]
        self.assertIn("lot_id", shown)
        self.assertIn("warranty_state", shown)
        for name in ("name", "partner_id", "product_id", "state"):
            self.assertIn(name, shown)


@tagged("post_install", "-at_install")
class TestLabPdf(LabDocumentCase, HttpCase):
    def test_intake_receipt_pdf_is_searchable_with_letterhead(self):
        if self.env["ir.actions.report"].get_wkhtmltopdf_state() != "ok":
            self.skipTest("wkhtmltopdf is not installed")
        rma = self._received_rma(200, "DOCS-PDF-1")
        intake = self._intake(rma)
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("postventa_rma.action_report_lab_intake", intake.ids)
        )
        self.assertEqual(kind, "pdf")
        text = " ".join(
            " ".join(page.extract_text().split())
            for page in PdfReader(io.BytesIO(pdf)).pages
        )
        for expected in (
            rma.company_id.name,
            f"Intake receipt {intake.name}",
            "Power cable",
            "DOCS-PDF-1",
        ):
            self.assertIn(expected, text)
