"""What a customer or a store reads (issue 23): every mail and notice in the
reader's language and written by the company, dates as dd/mm/yyyy HH:MM in the
reader's zone (documents in the company's), customer-facing stage names, and the
reader's own company on every portal page."""

import re
from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import HttpCase, new_test_user
from odoo.tools import html2plaintext

from .common import PostventaCase, company_user

# sentences of postventa's English mails and notices: none may reach a Spanish reader
ENGLISH = re.compile(
    r"\b(Hello|Your case|We have registered|Opened on|Please|is void|We do not|"
    r"Thank you|Answer the survey|How did we do|In Progress|Done|Received|"
    r"Solved|We aim|Change management)\b"
)
SECONDS = re.compile(r"\b\d{1,2}:\d{2}:\d{2}\b")
ZONE_NAME = re.compile(r"\b(America|Europe)/\w+")


class ReaderCase(PostventaCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env["res.lang"]._activate_lang("es_419")
        env["ir.module.module"]._load_module_terms(
            ["postventa_helpdesk"], ["es_419"], overwrite=True
        )
        cls.company = env.company
        cls.company.partner_id.write(
            {"tz": "America/Asuncion", "email": "soporte@hp.example.com"}
        )
        cls.customer.write({"lang": "es_419", "tz": "America/Asuncion"})
        cls.front_line.acknowledge_new_cases = True

    def _customer_messages(self, ticket):
        return ticket.message_ids.filtered(
            lambda m: m.message_type == "comment" and self.customer in m.partner_ids
        )

    def assertReadsSpanish(self, text):  # noqa: N802
        self.assertFalse(ENGLISH.search(text), f"English for a Spanish reader: {text}")
        self.assertFalse(SECONDS.search(text), f"seconds in: {text}")
        self.assertFalse(ZONE_NAME.search(text), f"a zone database name in: {text}")


class TestReaderMails(ReaderCase):
    def test_acknowledgement_in_spanish_from_the_company_in_the_customers_zone(self):
        # 02:40 UTC on the 7th is 23:40 on the 6th in Asunción
        ticket = self._ticket(opened=datetime(2026, 12, 7, 2, 40))
        ack = self._customer_messages(ticket)
        self.assertEqual(len(ack), 1)
        self.assertEqual(ack.author_id, self.company.partner_id)
        self.assertIn("soporte@hp.example.com", ack.email_from)
        self.assertEqual(ack.subject, f"Caso {ticket.number} registrado")
        text = html2plaintext(ack.body)
        self.assertIn("Hola Ana Benítez", text)
        self.assertIn("06/12/2026 23:40", text)
        self.assertReadsSpanish(text)

    def test_a_customer_in_caracas_reads_caracas_time(self):
        self.customer.tz = "America/Caracas"
        ticket = self._ticket(opened=datetime(2026, 12, 7, 2, 40))
        text = html2plaintext(self._customer_messages(ticket).body)
        self.assertIn("06/12/2026 22:40", text)
        self.assertNotIn("Asuncion", text)
        self.assertReadsSpanish(text)

    def test_void_and_referral_notices_in_spanish_from_the_company(self):
        self.front_line.acknowledge_new_cases = False
        unit = self._unit(self.kodak, "C120044", date(2026, 9, 1))
        ticket = self._ticket(unit, opened=datetime(2026, 12, 1, 12, 0))
        # written by an agent whose language is English
        ticket.with_user(self.agent).with_context(lang="en_US")._postventa_void(
            self.refilled, "Chips show a third-party refill."
        )
        notice = self._customer_messages(ticket)
        self.assertEqual(notice.author_id, self.company.partner_id)
        text = html2plaintext(notice.body)
        self.assertIn("La garantía de su unidad C120044 ha sido anulada", text)
        self.assertReadsSpanish(text)

        camera = self._unit(self.camera, "KCM-1", date(2026, 9, 1))
        referred = self._ticket(camera, opened=datetime(2026, 12, 1, 12, 0))
        referred.with_context(lang="en_US").action_refer()
        notice = self._customer_messages(referred)
        self.assertEqual(notice.author_id, self.company.partner_id)
        text = html2plaintext(notice.body)
        self.assertIn("G&N Digital", text)
        self.assertNotIn("We do not service", text)

    def test_stage_names_the_customer_reads(self):
        ticket = self._ticket().with_context(lang="es_419")
        escalated = self.env["helpdesk.ticket.stage"].search(
            [("postventa_kind", "=", "escalated")], limit=1
        )
        self.assertTrue(escalated)
        # an internal stage ("Blocked awaiting escalation") is work in progress
        self.assertEqual(
            escalated.with_context(lang="es_419")._postventa_customer_name(),
            self.stage_in_progress.with_context(
                lang="es_419"
            )._postventa_customer_name(),
        )
        template = self.env.ref("postventa_helpdesk.mail_template_stage_update")
        ticket.stage_id = escalated
        values = template._generate_template(ticket.ids, ["subject", "body_html"])[
            ticket.id
        ]
        for text in (values["subject"], html2plaintext(values["body_html"])):
            self.assertNotIn(escalated.name, text)
            self.assertReadsSpanish(text)
        self.assertIn("En progreso", values["subject"])

    def test_a_cancelled_case_reads_as_cancelled(self):
        ticket = self._ticket().with_context(lang="es_419")
        cancelled = self.env["helpdesk.ticket.stage"].search(
            [("postventa_kind", "=", "cancelled")], limit=1
        )
        ticket.stage_id = cancelled
        promise = ticket._postventa_portal_promise()
        self.assertIn("se canceló", promise)
        self.assertNotIn("resolvió", promise)

    def test_a_cancelled_case_is_mailed_as_cancelled_by_the_company(self):
        self.front_line.acknowledge_new_cases = False
        ticket = self._ticket()
        self.env.flush_all()
        self.env.cr.precommit.run()
        cancelled = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled")
        ticket.with_user(self.agent).with_context(
            tracking_disable=False, mail_notrack=False
        ).stage_id = cancelled
        self.env.flush_all()
        self.env.cr.precommit.run()
        mail = ticket.message_ids.filtered(lambda m: ticket.number in (m.subject or ""))
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.author_id, self.company.partner_id)
        text = html2plaintext(mail.body) + mail.subject
        self.assertIn("Cancelado", text)
        self.assertNotIn("ticket", text.lower())
        self.assertReadsSpanish(text)

    def test_the_resolution_promise_is_never_before_an_agreed_visit(self):
        ticket = self._ticket(opened=datetime(2026, 12, 7, 12, 0)).with_context(
            lang="es_419"
        )
        technician = new_test_user(
            self.env, "pv_reader_tech", groups="helpdesk_mgmt.group_helpdesk_user"
        )
        visit = self.env["postventa.visit"].create(
            {
                "ticket_id": ticket.id,
                "technician_id": technician.id,
                # 10:00 in Asunción, after the SLA's deadline
                "start": datetime(2026, 12, 20, 13, 0),
                "duration": 1.0,
            }
        )
        visit.action_customer_accept()  # agreed: scheduled
        deadline = ticket.sla_resolution_deadline
        self.assertLess(deadline, visit.start)
        promise = ticket._postventa_portal_promise()
        self.assertIn("20/12/2026 10:00", promise)
        self.assertNotIn(self.customer._postventa_format_date(deadline), promise)

    def test_doa_is_issued_on_the_companys_day(self):
        self.front_line.acknowledge_new_cases = False
        unit = self._unit(self.kodak, "T654321", date(2026, 12, 1))
        with freeze_time("2026-12-07 02:40:00"):  # 06/12 23:40 in Asunción
            ticket = self._ticket(unit, opened=datetime(2026, 12, 7, 2, 40))
            ticket.with_user(self.manager).action_issue_doa()
        doa = ticket.doa_authorization_ids
        self.assertEqual(doa.issue_date, date(2026, 12, 6))

    def test_nobody_but_a_person_of_the_company_is_in_charge(self):
        self.company.helpdesk_mgmt_ticket_auto_assign = True
        Ticket = self.env["helpdesk.ticket"]
        # OdooBot (mail gateway, crons, the demo) is not assigned what it creates
        self.assertFalse(Ticket.default_get(["user_id"]).get("user_id"))
        customer = new_test_user(self.env, "pv_reader_cust", groups="base.group_portal")
        self.assertFalse(
            Ticket.with_user(customer).default_get(["user_id"]).get("user_id")
        )
        ticket = self._ticket(user_id=self.agent.id)
        self.assertEqual(ticket._postventa_portal_assignee(), self.agent)
        ticket.sudo().user_id = self.env.ref("base.user_root")
        self.assertFalse(ticket._postventa_portal_assignee())

    def test_one_format_for_every_reader(self):
        partner = self.customer
        moment = datetime(2026, 12, 7, 2, 40, 39)
        self.assertEqual(partner._postventa_format_datetime(moment), "06/12/2026 23:40")
        self.assertEqual(partner._postventa_format_date(moment), "06/12/2026")
        self.assertEqual(
            partner._postventa_format_datetime(moment, tz="Europe/Madrid"),
            "07/12/2026 03:40",
        )
        self.assertEqual(partner._postventa_format_date(date(2026, 1, 2)), "02/01/2026")
        self.assertEqual(partner._postventa_format_datetime(False), "")


class TestReaderPortal(PostventaCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Company = cls.env["res.company"]
        cls.company_a = Company.create({"name": "Lector Uno S.A."})
        cls.company_b = Company.create({"name": "Lector Dos S.R.L."})
        cls.reader_a = company_user(
            cls.env, "pv_reader_a", "base.group_portal", cls.company_a
        )
        cls.reader_b = company_user(
            cls.env, "pv_reader_b", "base.group_portal", cls.company_b
        )

    def _footer(self, login):
        self.authenticate(login, login)
        page = self.url_open("/my").text
        footer = page[page.index('id="bottom"') :]
        return footer

    def test_every_portal_page_shows_the_readers_company(self):
        # consecutive requests of readers of two companies: each reads their own
        for _round in range(2):
            for login, mine, other in (
                ("pv_reader_a", self.company_a, self.company_b),
                ("pv_reader_b", self.company_b, self.company_a),
            ):
                footer = self._footer(login)
                self.assertIn(mine.name, footer, login)
                self.assertNotIn(other.name, footer, login)

    def test_the_portals_own_texts_come_in_spanish_with_usted(self):
        self.env["res.lang"]._activate_lang("es_419")
        response = self.url_open("/website/translations/reader?lang=es_419")
        strings = {
            message["id"]: message["string"]
            for module in response.json()["modules"].values()
            for message in module["messages"]
        }
        # the portal's chatter is mail's
        self.assertIn("conversación", strings["The conversation is empty."])
        self.assertEqual(strings["Upload your file"], "Suba su archivo")

    def test_a_company_contact_opens_the_survey_of_her_companys_case(self):
        survey = self.env["survey.survey"].create(
            {
                "title": "Satisfacción",
                "access_mode": "token",
                "question_and_page_ids": [
                    (
                        0,
                        0,
                        {"title": "¿Cómo le atendimos?", "question_type": "text_box"},
                    )
                ],
            }
        )
        company = self.env["res.partner"].create(
            {"name": "Constructora Lectora", "is_company": True, "email": "c@x.example"}
        )
        contact_user = new_test_user(
            self.env, "pv_reader_contact", groups="base.group_portal"
        )
        contact_user.partner_id.parent_id = company
        self.front_line.survey_id = survey
        ticket = self._ticket(partner_id=company.id)
        ticket._postventa_send_survey()
        url = ticket._postventa_survey_url()
        self.assertTrue(url)
        self.authenticate("pv_reader_contact", "pv_reader_contact")
        path = url[len(ticket.get_base_url()) :]
        page = self.url_open(path).text
        self.assertNotIn("Survey Access Error", page)
        self.assertIn("Satisfacción", page)
        # a logged-in stranger still gets the error
        new_test_user(self.env, "pv_reader_stranger", groups="base.group_portal")
        self.authenticate("pv_reader_stranger", "pv_reader_stranger")
        self.assertIn("Survey Access Error", self.url_open(path).text)
