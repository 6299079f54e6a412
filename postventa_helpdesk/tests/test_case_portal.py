"""Customers open and follow their cases in the portal: the case form (serial,
purchase, proof), the case page (warranty, timeline, promise, documents) and
reopening a closed case."""

import re
from datetime import date, datetime, timedelta

from odoo import fields
from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged

from .common import PostventaCase

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF"
HTML = (
    b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
)


@tagged("post_install", "-at_install")
class TestCasePortal(PostventaCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.user_a = new_test_user(
            env,
            "pv_case_a",
            groups="base.group_portal",
            name="Ana Benítez",
            email="ana.portal@example.com",
        )
        cls.user_b = new_test_user(
            env,
            "pv_case_b",
            groups="base.group_portal",
            name="Bruno Gómez",
            email="bruno.portal@example.com",
        )
        cls.partner_a, cls.partner_b = cls.user_a.partner_id, cls.user_b.partner_id
        cls.front_line.write(
            {
                "acknowledge_new_cases": True,
                "portal_reopen_days": 15,
                "show_in_portal": True,
            }
        )
        env.company.helpdesk_mgmt_portal_select_team = True
        cls.aio_unit = env["postventa.unit"].create(
            {
                "product_id": cls.aio.id,
                "serial": "HBK-PORTAL-1",
                "owner_id": cls.partner_a.id,
                "purchase_date": date.today() - timedelta(days=500),
            }
        )
        cls.case_a = cls._ticket(
            cls.aio_unit,
            opened=datetime.now(),
            partner_id=cls.partner_a.id,
            name="AIO does not boot",
        )
        cls.case_b = cls._ticket(
            opened=datetime.now(), partner_id=cls.partner_b.id, name="B's case"
        )

    def _csrf(self, url="/my/account"):
        return re.search(
            r'name="csrf_token" value="([^"]+)"', self.url_open(url).text
        ).group(1)

    def _submit(self, files=None, **form):
        data = {
            "csrf_token": self._csrf("/new/ticket"),
            "product_id": str(self.kodak.id),
            "serial": "t123456",
            "purchase_date": str(date.today() - timedelta(days=10)),
            "store_id": str(self.store.id),
            "subject": "Paper jam",
            "description": "The paper jams <b>every</b> page.",
            "location": "Home office, 2nd floor",
            "phone": "+595 981 000 111",
            "team": str(self.front_line.id),
        }
        data.update(form)
        if files is None:
            files = {"proof": ("invoice.pdf", PDF, "application/pdf")}
        return self.url_open("/submitted/ticket", data=data, files=files)

    def _counts(self):
        return (
            self.env["helpdesk.ticket"].search_count([]),
            self.env["postventa.unit"].search_count([]),
            self.env["ir.attachment"].search_count(
                [("res_model", "in", ("helpdesk.ticket", "postventa.unit"))]
            ),
        )

    # --- the form -------------------------------------------------------------
    def test_customer_opens_a_case_with_unit_purchase_and_proof(self):
        self.authenticate("pv_case_a", "pv_case_a")
        form = self.url_open("/new/ticket").text
        self.assertIn(
            f'<option value="{self.kodak.id}"', form, "covered products are offered"
        )
        self.assertNotIn(self.cable.name, form, "a product without policy is not")
        self.assertIn(self.store.name, form)

        response = self._submit()
        ticket = self.env["helpdesk.ticket"].search(
            [("partner_id", "=", self.partner_a.id), ("name", "=", "Paper jam")]
        )
        self.assertEqual(len(ticket), 1)
        self.assertTrue(response.url.endswith(f"/my/ticket/{ticket.id}"))
        unit = ticket.unit_id
        self.assertEqual(
            (unit.product_id, unit.serial, unit.owner_id, unit.store_id),
            (self.kodak, "T123456", self.partner_a, self.store),
        )
        self.assertEqual(unit.location, "Home office, 2nd floor")
        self.assertEqual(unit.proof_of_purchase_filename, "invoice.pdf")
        self.assertTrue(ticket.has_proof_of_purchase)
        self.assertEqual(
            ticket.warranty_state,
            "doa",
            "10 days after purchase, within Kodak's 30 DOA days",
        )
        self.assertEqual(ticket.partner_phone, "+595 981 000 111")
        self.assertIn(
            "&lt;b&gt;every&lt;/b&gt;",
            ticket.description,
            "the description is text, not HTML",
        )
        self.assertIn(self.partner_a, ticket.message_partner_ids)
        self.assertTrue(
            ticket.message_ids.filtered(
                lambda m: self.partner_a in m.partner_ids
                and ticket.number in (m.body or "")
            ),
            "the acknowledgement with the case number",
        )

    def test_serial_is_checked_before_submit_and_again_on_submit(self):
        self.authenticate("pv_case_a", "pv_case_a")
        check = self.make_jsonrpc_request(
            "/my/tickets/serial-check", {"product_id": self.kodak.id, "serial": "X99"}
        )
        self.assertIn(
            "Expected form: T or C followed by 6 digits (T123456)", check["message"]
        )
        self.assertEqual(
            self.make_jsonrpc_request(
                "/my/tickets/serial-check",
                {"product_id": self.kodak.id, "serial": " c654321 "},
            )["message"],
            "",
        )
        self.assertEqual(
            self.make_jsonrpc_request(
                "/my/tickets/serial-check",
                {"product_id": self.cable.id, "serial": "X99"},
            )["message"],
            "",
            "a product outside the form says nothing",
        )

        before = self._counts()
        page = self._submit(serial="X99").text
        self.assertIn("o_case_form_error", page)
        self.assertIn("Expected form: T or C followed by 6 digits", page)
        self.assertIn('value="X99"', page, "what the customer typed is kept")
        self.assertIn("Home office, 2nd floor", page)
        self.assertEqual(self._counts(), before, "nothing stored")

    def test_bad_input_is_refused_with_a_message_and_nothing_stored(self):
        self.authenticate("pv_case_a", "pv_case_a")
        before = self._counts()
        cases = [
            (
                {"purchase_date": str(date.today() + timedelta(days=3))},
                None,
                "is in the future",
            ),
            ({"purchase_date": "yesterday"}, None, "Give the purchase date"),
            ({"product_id": str(self.cable.id)}, None, "Choose the product"),
            ({"description": "  "}, None, "Describe the failure"),
            ({}, {}, "needs a proof of purchase"),
            (
                {},
                {"proof": ("invoice.pdf", HTML, "application/pdf")},
                "is not a file we accept",
            ),
            (
                {},
                {
                    "proof": ("invoice.pdf", PDF, "application/pdf"),
                    "attachment": ("photo.html", HTML, "text/html"),
                },
                "photo.html is not a file we accept",
            ),
        ]
        for form, files, message in cases:
            with self.subTest(message=message):
                page = self._submit(files=files, **form).text
                self.assertIn(message, page)
        self.assertEqual(self._counts(), before)

    def test_oversize_upload(self):
        self.env["ir.config_parameter"].set_param(
            "postventa_helpdesk.portal_upload_max_mb", "0.1"
        )
        self.authenticate("pv_case_a", "pv_case_a")
        before = self._counts()
        big = PDF + b"0" * 200_000
        page = self._submit(files={"proof": ("scan.pdf", big, "application/pdf")}).text
        self.assertIn("scan.pdf is 0.2 MB: files may be up to 0.1 MB.", page)
        self.assertEqual(self._counts(), before)

    def test_another_customers_unit_is_not_touched(self):
        unit_b = self.env["postventa.unit"].create(
            {
                "product_id": self.kodak.id,
                "serial": "T555555",
                "owner_id": self.partner_b.id,
                "purchase_date": date(2025, 1, 10),
            }
        )
        self.authenticate("pv_case_a", "pv_case_a")
        before = self._counts()
        page = self._submit(serial="T555555").text
        self.assertIn("is registered to another customer", page)
        self.assertEqual(self._counts(), before)
        self.assertEqual(
            (unit_b.owner_id, unit_b.purchase_date, unit_b.store_id),
            (self.partner_b, date(2025, 1, 10), self.env["res.partner"]),
        )

    def test_category_without_unit_opens_helpdesk_mgmt_ticket(self):
        Category = self.env["helpdesk.ticket.category"]
        question = Category.create({"name": "Billing question"})
        repair = Category.create({"name": "Repair", "postventa_requires_unit": True})
        self.env.company.helpdesk_mgmt_portal_select_category = True
        self.authenticate("pv_case_a", "pv_case_a")
        form = self.url_open("/new/ticket").text
        select = form[form.index('name="category"') :]
        select = select[: select.index("</select>")]
        options = {
            int(value): tag
            for tag, value in re.findall(r'(<option[^>]*value="(\d+)"[^>]*>)', select)
        }
        self.assertIn('data-requires-unit="1"', options[repair.id])
        self.assertNotIn("data-requires-unit", options[question.id])
        no_unit = {"product_id": "", "serial": "", "purchase_date": "", "store_id": ""}
        before = self._counts()
        page = self._submit(
            files={"attachment": ("photo.html", HTML, "text/html")},
            category=str(question.id),
            **no_unit,
        ).text
        self.assertIn("photo.html is not a file we accept", page)
        page = self._submit(files={}, category=str(repair.id), **no_unit).text
        self.assertIn("Choose the product the case is about", page)
        page = self._submit(
            files={}, category=str(question.id), **dict(no_unit, serial="T123456")
        ).text
        self.assertIn(
            "Choose the product the case is about", page, "a serial names a unit"
        )
        self.assertEqual(self._counts(), before, "nothing stored")

        response = self._submit(
            files={"attachment": ("invoice.pdf", PDF, "application/pdf")},
            category=str(question.id),
            subject="Copy of my invoice",
            **no_unit,
        )
        ticket = self.env["helpdesk.ticket"].search(
            [
                ("partner_id", "=", self.partner_a.id),
                ("name", "=", "Copy of my invoice"),
            ]
        )
        self.assertEqual(len(ticket), 1)
        self.assertTrue(response.url.endswith(f"/my/ticket/{ticket.id}"))
        self.assertEqual(ticket.category_id, question)
        self.assertFalse(ticket.unit_id)
        self.assertEqual(
            self.env["ir.attachment"]
            .search([("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)])
            .mapped("raw"),
            [PDF],
        )

    # --- the case page ----------------------------------------------------------
    def test_case_page_warranty_timeline_promise(self):
        self.case_a.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        self.env.cr.precommit.run()
        self.case_a.with_context(
            tracking_disable=False, mail_notrack=False
        ).stage_id = self.stage_in_progress
        self.env.cr.precommit.run()  # tracking values are written at commit
        self.authenticate("pv_case_a", "pv_case_a")
        page = self.url_open(f"/my/ticket/{self.case_a.id}").text
        self.assertIn("HBK-PORTAL-1", page)
        coverage = page[page.index("o_case_coverage") : page.index("o_case_timeline")]
        for component in ("Chassis", "LCD", "Mainboard"):
            self.assertIn(component, coverage)
        self.assertEqual(
            coverage.count("text-success"),
            2,
            "chassis (36) and LCD (24 months) covered at 500 days",
        )
        timeline = page[page.index("o_case_timeline") :]
        # the stages' customer-facing names, not the staff's
        self.assertLess(timeline.index("Received"), timeline.index("In progress"))
        self.assertIn("o_case_promise", page)
        self.assertIn(
            self.case_a.with_context(lang="en_US")
            ._postventa_portal_promise()
            .replace("'", "&#39;"),
            page,
        )

    def test_promise_in_words(self):
        # in the reader's language (the company's is Spanish)
        ticket = self.case_a.with_context(lang="en_US")
        ticket._postventa_action_write(
            {"sla_resolution_deadline": datetime(2030, 3, 4, 15, 0)}
        )
        self.partner_a.tz = "America/Asuncion"
        self.assertIn(
            "We aim to solve your case by 04/03/2030 12:00",
            ticket._postventa_portal_promise(),
        )
        ticket._postventa_action_write({"sla_pause_start": fields.Datetime.now()})
        self.assertIn("waiting for your answer", ticket._postventa_portal_promise())
        ticket.stage_id = self.stage_done
        self.assertIn("Your case was solved on", ticket._postventa_portal_promise())

    def test_doa_authorisation_download_is_the_customers_only(self):
        unit = self.env["postventa.unit"].create(
            {
                "product_id": self.hp.id,
                "serial": "HP-PORTAL-DOA",
                "owner_id": self.partner_a.id,
                "purchase_date": date.today() - timedelta(days=3),
                "proof_of_purchase": "JVBERi0=",
                "store_id": self.store.id,
            }
        )
        ticket = self._ticket(unit, opened=datetime.now(), partner_id=self.partner_a.id)
        ticket.action_issue_doa()
        doa = ticket.doa_authorization_ids
        url = f"/my/ticket/{ticket.id}/document/doa-{doa.id}"

        self.authenticate("pv_case_a", "pv_case_a")
        self.assertIn(url, self.url_open(f"/my/ticket/{ticket.id}").text)
        response = self.url_open(url)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn(
            doa.name.replace("/", "-"), response.headers["Content-Disposition"]
        )
        self.assertIn(
            doa.name, response.text, "the authorisation (rendered as HTML in test mode)"
        )
        self.assertEqual(
            self.url_open(
                f"/my/ticket/{ticket.id}/document/doa-{doa.id + 1}"
            ).status_code,
            404,
        )

        self.authenticate("pv_case_b", "pv_case_b")
        self.assertEqual(self.url_open(url).status_code, 404)
        self.assertEqual(
            self.url_open(
                f"/my/ticket/{self.case_b.id}/document/doa-{doa.id}"
            ).status_code,
            404,
            "another case's document key",
        )
        self.authenticate(None, None)
        ticket._portal_ensure_token()
        self.assertEqual(self.url_open(f"{url}?access_token=wrong").status_code, 404)
        self.assertEqual(
            self.url_open(f"{url}?access_token={ticket.access_token}").headers[
                "Content-Type"
            ],
            "application/pdf",
            "the mail's link works without logging in",
        )

    # --- reopening ----------------------------------------------------------
    def _reopen(self, ticket, reason):
        return self.url_open(
            f"/my/ticket/{ticket.id}/reopen",
            data={"csrf_token": self._csrf(), "reason": reason},
        )

    def test_customer_reopens_a_closed_case_with_a_reason(self):
        self.case_a.stage_id = self.stage_done
        self.authenticate("pv_case_a", "pv_case_a")
        self.assertIn(
            "o_case_reopen_form", self.url_open(f"/my/ticket/{self.case_a.id}").text
        )
        self.assertIn("Tell us why", self._reopen(self.case_a, "   ").text)
        self.assertTrue(self.case_a.closed)

        self._reopen(self.case_a, "It fails again after one day.")
        self.assertEqual(self.case_a.stage_id.postventa_kind, "reopened")
        self.assertEqual(self.case_a.reopen_count, 1)
        message = self.case_a.message_ids.filtered(
            lambda m: "It fails again" in (m.body or "")
        )
        self.assertEqual(
            (message.author_id, message.message_type), (self.partner_a, "comment")
        )
        self.assertNotIn(
            "o_case_reopen_form", self.url_open(f"/my/ticket/{self.case_a.id}").text
        )

    def test_reopening_is_limited_in_time_and_to_the_customer(self):
        self.case_a.stage_id = self.stage_done
        self.case_b.stage_id = self.stage_done
        self.authenticate("pv_case_a", "pv_case_a")
        self.assertTrue(self._reopen(self.case_b, "Not mine").url.endswith("/my"))
        self.assertTrue(self.case_b.closed, "A cannot reopen B's case")

        self.case_a.closed_date = fields.Datetime.now() - timedelta(days=16)
        self.assertNotIn(
            "o_case_reopen_form", self.url_open(f"/my/ticket/{self.case_a.id}").text
        )
        self.assertIn(
            "can no longer be reopened", self._reopen(self.case_a, "Too late?").text
        )
        self.assertTrue(self.case_a.closed)
        self.front_line.portal_reopen_days = 0
        self.case_a.closed_date = fields.Datetime.now()
        self.assertIn(
            "can no longer be reopened", self._reopen(self.case_a, "Not allowed").text
        )
        self.assertEqual(self.case_a.reopen_count, 0)

    # --- the satisfaction survey ------------------------------------------------
    def _survey_case(self):
        survey = self.env["survey.survey"].create(
            {
                "title": "Satisfaction (portal test)",
                "access_mode": "token",
                "question_and_page_ids": [
                    (
                        0,
                        0,
                        {
                            "title": "How was the attention?",
                            "question_type": "simple_choice",
                            "suggested_answer_ids": [(0, 0, {"value": "Good"})],
                        },
                    )
                ],
            }
        )
        self.front_line.survey_id = survey
        self.case_a.stage_id = self.stage_done
        url = self.case_a._postventa_survey_url()
        return self.case_a.survey_user_input_id, url[url.index("/survey/start/") :]

    def test_survey_link_works_logged_in_and_with_the_token_only(self):
        answer, path = self._survey_case()
        token_only = self.url_open(path)
        self.assertIn("o_survey_start", token_only.text)
        self.assertIn("Satisfaction (portal test)", token_only.text)

        self.authenticate("pv_case_a", "pv_case_a")
        self.assertIn(
            path.replace("&", "&amp;"),
            self.url_open(f"/my/ticket/{self.case_a.id}").text,
            "the case page offers the survey",
        )
        logged_in = self.url_open(path)
        self.assertIn("o_survey_start", logged_in.text)
        self.assertNotIn("Survey Access Error", logged_in.text)

        answer._mark_done()
        self.assertNotIn(
            "/survey/start/",
            self.url_open(f"/my/ticket/{self.case_a.id}").text,
            "no survey button once answered",
        )

    def test_another_customer_cannot_open_or_read_the_answer(self):
        answer, path = self._survey_case()
        self.authenticate("pv_case_b", "pv_case_b")
        response = self.url_open(path)
        self.assertIn("Survey Access Error", response.text)
        self.assertNotIn("o_survey_start", response.text)
        printed = self.url_open(f"/survey/print/{answer.survey_id.access_token}")
        self.assertNotIn(
            "How was the attention?",
            printed.text,
            "no answers without the answer's token",
        )
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw",
                {
                    "model": "survey.user_input",
                    "method": "search_read",
                    "args": [[]],
                    "kwargs": {"fields": ["partner_id", "scoring_percentage"]},
                },
            )
