"""Documents a store trusts: the DOA authorisation and the visit report carry the
letterhead of the case's company, its paper, the customer's language, text a
reader can search, and (the DOA) signature lines and a QR code to the store's
verification page; the store's verification takes the number in either form."""

import io
import re
from datetime import date, timedelta
from urllib.parse import quote

from lxml import etree
from PyPDF2 import PdfReader

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import PostventaCase

A4 = (595, 842)  # points
REPORTS = (
    "postventa_helpdesk.action_report_doa_authorization",
    "postventa_helpdesk.action_report_visit",
)


def pdf_text(pdf):
    """The text of a PDF, words separated by single spaces (wkhtmltopdf places
    each word on its own)."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


class DocumentCase(PostventaCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company = env["res.company"].create(
            {
                "name": "Test Impresoras del Sur S.A.",
                "street": "Avenida Mariscal López 3333",
                "city": "Asunción",
                "country_id": env.ref("base.py").id,
                "paperformat_id": env.ref("base.paperformat_euro").id,
            }
        )
        cls.team = env["helpdesk.ticket.team"].create(
            {"name": "Test HP Paraguay FL", "company_id": cls.company.id}
        )
        cls.policy_hp.company_id = cls.company
        cls.store.is_company = True
        # a case's unit is of the case's company
        unit = cls._unit(
            cls.hp,
            "CN12345DOC",
            date.today() - timedelta(days=3),
            company_id=cls.company.id,
        )
        cls.ticket = cls._ticket(
            unit,
            opened=date.today(),
            team_id=cls.team.id,
            company_id=cls.company.id,
        )
        cls.ticket.action_issue_doa()
        cls.doa = cls.ticket.doa_authorization_ids

    def _html(self, report, records):
        return (
            self.env["ir.actions.report"]
            ._render_qweb_html(report, records.ids)[0]
            .decode()
        )


class TestDoaDocument(DocumentCase):
    def test_letterhead_is_the_case_company_not_the_printing_user(self):
        self.assertNotEqual(self.env.company, self.company)
        html = self._html("postventa_helpdesk.report_doa_authorization", self.doa)
        header = html[html.index('class="header') : html.index('class="article')]
        self.assertIn("Test Impresoras del Sur S.A.", header)
        self.assertIn("Avenida Mariscal López 3333", header)
        self.assertNotIn(self.env.company.name, header)

    def test_signature_lines_and_qr_code_to_the_verification_page(self):
        url = self.doa._postventa_verify_url()
        self.assertEqual(
            url,
            f"{self.doa.get_base_url()}/my/store?number="
            + quote(self.doa.name, safe=""),
        )
        html = self._html("postventa_helpdesk.report_doa_authorization", self.doa)
        for expected in (
            self.doa.name,
            "Store clerk",
            "Name, signature and store stamp",
            "Name, signature and identity document",
            url.replace("&", "&amp;"),
        ):
            self.assertIn(expected, html)
        qr = re.search(r'id="postventa_doa_qr".*?<img ([^>]*)>', html, re.S)
        self.assertTrue(qr, "the QR code is an image")
        self.assertIn('src="data:image/png;base64,', qr.group(1))
        self.assertIn(quote(self.doa.name, safe=""), qr.group(1))

    def test_the_file_name_is_the_number_the_store_types(self):
        action = self.env.ref("postventa_helpdesk.action_report_doa_authorization")
        file_number = self.doa.name.replace("/", "-")
        file_name = safe_eval(action.print_report_name, {"object": self.doa})
        self.assertEqual(file_name, f"DOA authorisation {file_number}")
        for typed in (self.doa.name, file_number):
            found, verdict = self.doa._postventa_lookup_for_store(self.store, typed)
            self.assertEqual((found, verdict), (self.doa, "valid"), typed)

    def test_no_paper_format_forced_the_company_paper_is_used(self):
        for xmlid in REPORTS:
            action = self.env.ref(xmlid)
            self.assertFalse(action.paperformat_id, xmlid)
        action = self.env.ref(REPORTS[0]).with_company(self.company)
        self.assertEqual(
            action.get_paperformat(), self.env.ref("base.paperformat_euro")
        )

    def test_in_the_customer_language(self):
        self.env["res.lang"]._activate_lang("es_419")
        self.env["ir.module.module"].search(
            [("name", "=", "postventa_helpdesk")]
        )._update_translations(["es_419"])
        self.customer.lang = "es_419"
        # printed by an English-speaking user
        html = self._html(
            "postventa_helpdesk.report_doa_authorization",
            self.doa.with_context(lang="en_US"),
        )
        self.assertIn("Qué debe hacer la tienda", html)
        self.assertNotIn("What the store must do", html)
        self.customer.lang = "en_US"
        html = self._html("postventa_helpdesk.report_doa_authorization", self.doa)
        self.assertIn("What the store must do", html)


class TestDoaNumberForms(DocumentCase):
    def test_both_forms_spaces_and_case(self):
        number = self.doa.name  # DOA/2026/00001
        Doa = self.env["postventa.doa.authorization"]
        self.assertIn(number, Doa._postventa_number_forms(number.replace("/", "-")))
        for typed in (
            number,
            number.replace("/", "-"),
            number.lower().replace("/", " "),
            f"  {number.replace('/', ' - ')}  ",
            number.replace("/", "."),
        ):
            self.assertEqual(
                Doa._postventa_lookup_for_store(self.store, typed),
                (self.doa, "valid"),
                typed,
            )

    def test_garbage_is_not_found(self):
        Doa = self.env["postventa.doa.authorization"]
        for typed in (
            None,
            "",
            "   ",
            "---",
            "!!!###",
            "%",
            "DOA/%",
            "<script>x</script>",
            "DOA/" + "9" * 500,
            12345,
            ["DOA/2026/00001"],
        ):
            self.assertEqual(
                Doa._postventa_lookup_for_store(self.store, typed),
                (Doa, "not_found"),
                typed,
            )

    def test_another_store_does_not_find_it_in_either_form(self):
        other = self.env["res.partner"].create(
            {"name": "Other store", "is_postventa_store": True, "is_company": True}
        )
        Doa = self.env["postventa.doa.authorization"]
        for typed in (self.doa.name, self.doa.name.replace("/", "-")):
            self.assertEqual(
                Doa._postventa_lookup_for_store(other, typed), (Doa, "not_found")
            )


@tagged("post_install", "-at_install")
class TestDoaPdf(DocumentCase, HttpCase):
    """The PDF itself, through wkhtmltopdf (assets fetched from the test server)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = new_test_user(
            cls.env, "pv_doc_clerk", groups="postventa_helpdesk.group_portal_store"
        )
        cls.clerk.partner_id.parent_id = cls.store

    def _pdf(self, report, records):
        if self.env["ir.actions.report"].get_wkhtmltopdf_state() != "ok":
            self.skipTest("wkhtmltopdf is not installed")
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report, records.ids)
        )
        self.assertEqual(kind, "pdf")
        return pdf

    def test_pdf_text_is_searchable_with_letterhead_and_on_a4(self):
        # printed by a user of another company, on US Letter
        self.env.company.paperformat_id = self.env.ref("base.paperformat_us")
        pdf = self._pdf("postventa_helpdesk.report_doa_authorization", self.doa)
        text = pdf_text(pdf)
        for expected in (
            "Test Impresoras del Sur S.A.",
            "Avenida Mariscal López 3333",
            f"DOA authorisation {self.doa.name}",
            "CN12345DOC",
            "Ana Benítez",
            "What the store must do",
            "Store clerk",
        ):
            self.assertIn(expected, text)
        # the link may wrap at the end of a line
        self.assertIn(self.doa._postventa_verify_url(), text.replace(" ", ""))
        page = PdfReader(io.BytesIO(pdf)).pages[0]
        images = page["/Resources"]["/XObject"].values()
        self.assertTrue(
            any(image.get_object()["/Subtype"] == "/Image" for image in images),
            "the QR code is printed",
        )
        page = page.mediabox
        self.assertEqual((round(float(page.width)), round(float(page.height))), A4)

    def test_the_qr_link_opens_the_verdict_for_the_store(self):
        url = self.doa._postventa_verify_url()
        self.authenticate("pv_doc_clerk", "pv_doc_clerk")
        page = self.url_open(url[len(self.doa.get_base_url()) :]).text
        self.assertIn("o_doa_valid", page)
        self.assertIn("CN12345DOC", page)
        # the file name's form, typed in the box, is the same authorisation
        dashed = self.doa.name.replace("/", "-")
        page = self.url_open(f"/my/store?number={dashed}").text
        self.assertIn("o_doa_valid", page)
        page = self.url_open("/my/store?number=!!!%23%23%23").text
        self.assertIn("o_doa_not_found", page)


class TestTicketList(PostventaCase):
    def test_six_columns_by_default_the_rest_optional(self):
        arch = etree.fromstring(
            self.env["helpdesk.ticket"]
            .with_user(self.agent)
            .get_views([(False, "list")])["views"]["list"]["arch"]
        )
        shown = [
            f.get("name")
            for f in arch.iter("field")
            if f.get("optional") != "hide"
            and f.get("column_invisible") not in ("1", "True")
            and f.get("widget") != "handle"
        ]
        default = [
            "priority",
            "number",
            "name",
            "partner_id",
            "sla_resolution_deadline",
            "stage_id",
        ]
        # neighbouring addons (helpdesk_type, helpdesk_mgmt_sla...) may add theirs
        self.assertEqual([name for name in shown if name in default], default)
        optional = {f.get("name") for f in arch.iter("field") if f.get("optional")}
        for name in (
            "serial",
            "warranty_state",
            "sla_status",
            "user_id",
            "tag_ids",
            "partner_name",
        ):
            self.assertIn(name, optional)
            self.assertNotIn(name, shown)
