"""Staff screens and what the procedures decide by themselves (issue 23), as the
demo's people do their job: the manager's analyses follow the company switcher,
a phone intake of a private person, the case list, mail to a company's general
address."""

from datetime import timedelta

from odoo import fields
from odoo.tests.common import TransactionCase

from .common import company_user, demo_users_to_their_jobs

GENERAL_MAIL = """From: Rosa Villalba <rosa.villalba@example.com>
To: HP Paraguay <{to}>
Subject: La impresora no imprime
Message-ID: <{msgid}@example.com>
Date: Tue, 21 Oct 2025 10:00:00 +0000
Content-Type: text/plain; charset="utf-8"

La impresora no toma el papel.
"""


class TestStaffScreens(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        demo_users_to_their_jobs(cls.env)
        env = cls.env
        cls.hp = env.ref("base.main_company")
        cls.hibertek = env.ref("postventa_helpdesk.company_hibertek")
        cls.fl_agent = env.ref("postventa_helpdesk.user_front_line")
        cls.bl_tech = env.ref("postventa_helpdesk.user_back_line")
        # the service manager of both companies
        cls.manager = company_user(
            env,
            "pv_staff_manager",
            "helpdesk_mgmt.group_helpdesk_manager,base.group_multi_company",
            cls.hp,
            cls.hibertek,
        )

    def test_analyses_follow_the_company_switcher(self):
        env = self.env
        env["postventa.failure.rate"]._recompute()
        Report = env["postventa.case.report"].with_user(self.manager)
        Rate = env["postventa.failure.rate"].with_user(self.manager)
        for company in (self.hp, self.hibertek):
            with self.subTest(company=company.name):
                rows = Report.with_context(allowed_company_ids=company.ids).search([])
                self.assertTrue(rows)
                self.assertEqual(rows.company_id, company)
        # Hibertek's components: the case analysis and the failure rate by
        # component count the same failures
        in_hibertek = {"allowed_company_ids": self.hibertek.ids}
        cases = {
            component: count
            for component, count in Report.with_context(**in_hibertek)._read_group(
                [("failed_component_id", "!=", False)],
                ["failed_component_id"],
                ["case_count:sum"],
            )
        }
        rates = {
            component: failures
            for component, failures in Rate.with_context(**in_hibertek)._read_group(
                [("component_id", "!=", False)], ["component_id"], ["failures:sum"]
            )
        }
        self.assertTrue(cases)
        self.assertEqual(rates, cases)
        # in HP Paraguay's, neither shows Hibertek's
        in_hp = {"allowed_company_ids": self.hp.ids}
        self.assertFalse(
            Report.with_context(**in_hp).search([("company_id", "=", self.hibertek.id)])
        )
        self.assertFalse(
            Rate.with_context(**in_hp).search([("company_id", "=", self.hibertek.id)])
        )

    def test_a_private_person_is_identified_by_the_national_document(self):
        peru = self.env.ref("base.pe")
        dni = self.env["res.partner"]._postventa_person_id_type(peru)
        self.assertTrue(dni)
        self.assertFalse(dni.is_vat)
        wizard = (
            self.env["postventa.intake.wizard"]
            .with_user(self.fl_agent)
            .new({"partner_name": "Carmen Rojas", "country_id": peru.id})
        )
        wizard._onchange_country_id()
        self.assertEqual(wizard.identification_type_id, dni)
        # whoever registers a person without saying the document
        person = self.env["res.partner"].create(
            {"name": "Carmen Rojas", "country_id": peru.id}
        )
        self.assertEqual(person.l10n_latam_identification_type_id, dni)
        company = self.env["res.partner"].create(
            {"name": "Colegio San Andrés", "country_id": peru.id, "is_company": True}
        )
        self.assertTrue(company.l10n_latam_identification_type_id.is_vat)

    def test_case_list_and_form_for_the_agent(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.fl_agent)
        arch = Ticket.get_views([(False, "list")])["views"]["list"]["arch"]
        self.assertIn('name="partner_id"', arch)
        notes = Ticket.with_context(lang="es_419").fields_get(["notes"])["notes"]
        self.assertEqual(notes["string"], "Notas internas")

    def _general_mail(self, to, msgid):
        thread_id = self.env["mail.thread"].message_process(
            "helpdesk.ticket", GENERAL_MAIL.format(to=to, msgid=msgid)
        )
        return self.env["helpdesk.ticket"].browse(thread_id)

    def test_mail_to_the_general_address_follows_the_email_routes(self):
        back_line = self.env.ref("postventa_helpdesk.team_back_line")
        email = self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email")
        if not self.env.ref(
            "postventa_helpdesk.route_hp_email", raise_if_not_found=False
        ):
            self.env["postventa.team.route"].create(
                {
                    "company_id": self.hp.id,
                    "channel_id": email.id,
                    "team_id": back_line.id,
                }
            )
        ticket = self._general_mail(self.hp.partner_id.email, "general1")
        self.assertEqual(ticket.company_id, self.hp)
        self.assertEqual(ticket.channel_id, email)
        self.assertEqual(ticket.team_id, back_line, "HP: e-mail cases go to Back Line")
        self.assertIn(ticket.user_id, back_line.user_ids)
        self.assertNotEqual(ticket.user_id, self.env.ref("base.user_root"))

        # sent to another company's general address: that company's case
        hibertek = self._general_mail(self.hibertek.partner_id.email, "general2")
        self.assertEqual(hibertek.company_id, self.hibertek)
        self.assertEqual(hibertek.team_id.company_id, self.hibertek)
        self.assertNotEqual(hibertek.user_id, self.env.ref("base.user_root"))

    def test_acknowledgement_is_queued_not_sent_in_the_request(self):
        team = self.env.ref("postventa_helpdesk.team_front_line")
        team.acknowledge_new_cases = True
        customer = self.env["res.partner"].create(
            {"name": "Rosa Villalba", "email": "rosa.villalba@example.com"}
        )
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.fl_agent)
            .create(
                {
                    "name": "No imprime",
                    "description": "<p>No toma el papel.</p>",
                    "partner_id": customer.id,
                    "team_id": team.id,
                }
            )
        )
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)])
        )
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.state, "outgoing", "waits for the mail queue")
        self.assertLessEqual(
            mails.create_date, fields.Datetime.now() + timedelta(seconds=1)
        )
