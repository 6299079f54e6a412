"""The demo is Spanish-first (issue 16): five companies, each in its country's
Spanish, time zone and A4 paper; English stays; a Spanish browser on the login
page gets Spanish; OCA's English demo is out of sight."""

from odoo.tests import HttpCase, tagged

from .common import ScenarioCase

COMPANIES = {
    "base.main_company": ("HP Paraguay", "PY"),
    "postventa_helpdesk.company_kodak_peru": ("Kodak Perú (ATSAC)", "PE"),
    "postventa_helpdesk.company_hibertek": ("Hibertek Chile", "CL"),
    "postventa_helpdesk.company_cps": ("CPS (Venezuela, Colombia, México)", "VE"),
    "postventa_helpdesk.company_aserti": ("Aserti España", "ES"),
}

LOGINS = {
    # login: (company, language, time zone)
    "ana": ("base.main_company", "es_419", "America/Asuncion"),
    "store_centro": ("base.main_company", "es_419", "America/Asuncion"),
    "doc_cde": ("base.main_company", "es_419", "America/Asuncion"),
    "fl_agent": ("base.main_company", "es_419", "America/Asuncion"),
    "manager": ("base.main_company", "es_419", "America/Asuncion"),
    "jorge": ("postventa_helpdesk.company_kodak_peru", "es_419", "America/Lima"),
    "store_lima": ("postventa_helpdesk.company_kodak_peru", "es_419", "America/Lima"),
    "andes": ("postventa_helpdesk.company_hibertek", "es_419", "America/Santiago"),
    "ybytu": ("postventa_helpdesk.company_cps", "es_419", "America/Caracas"),
    "conservas": ("postventa_helpdesk.company_aserti", "es_ES", "Europe/Madrid"),
}


class TestSpanishDemo(ScenarioCase):
    def test_five_companies_each_in_its_country_with_a4_paper_and_a_logo(self):
        active = self.env["res.company"].search([])
        for xmlid, (name, country) in COMPANIES.items():
            company = self.env.ref(xmlid)
            self.assertIn(company, active)
            self.assertEqual(
                (company.name, company.country_id.code), (name, country), xmlid
            )
            self.assertEqual(company.paperformat_id.format, "A4", name)
            self.assertTrue(company.logo, name)
        # stock's "My Company (Chicago)" is archived, not a sixth company
        self.assertEqual(len(active), 5)

    def test_every_demo_login_has_its_company_language_and_time_zone(self):
        langs = dict(self.env["res.lang"].get_installed())
        self.assertTrue({"en_US", "es_419", "es_ES"} <= set(langs))
        for login, (company, lang, tz) in LOGINS.items():
            user = self.env["res.users"].search([("login", "=", login)])
            self.assertEqual(
                (user.company_id, user.lang, user.tz),
                (self.env.ref(company), lang, tz),
                login,
            )

    def test_each_company_has_its_own_cases_teams_and_products(self):
        Ticket = self.env["helpdesk.ticket"]
        for xmlid in COMPANIES:
            company = self.env.ref(xmlid)
            self.assertTrue(Ticket.search_count([("company_id", "=", company.id)]))
            teams = self.env["helpdesk.ticket.team"].search(
                [("company_id", "=", company.id)]
            )
            self.assertTrue(teams, company.name)
        kodak = self.env.ref("postventa_helpdesk.product_kodak_esp3")
        self.assertEqual(
            kodak.company_id, self.env.ref("postventa_helpdesk.company_kodak_peru")
        )
        # a Kodak case lives in the Kodak company, with its team
        ticket = Ticket.search([("unit_id.product_id", "=", kodak.id)], limit=1)
        self.assertEqual(ticket.company_id, kodak.company_id)
        self.assertEqual(ticket.team_id.company_id, kodak.company_id)

    def test_oca_english_demo_is_archived(self):
        for i in range(1, 9):
            self.assertFalse(self.env.ref(f"helpdesk_mgmt.helpdesk_ticket_{i}").active)
        for i in range(1, 4):
            self.assertFalse(self.env.ref(f"helpdesk_mgmt.helpdesk_team_{i}").active)
        self.assertNotEqual(self.env.ref("base.partner_admin").name, "Mitchell Admin")

    def test_a_store_clerk_reads_postventa_in_spanish(self):
        clerk = self.env["res.users"].search([("login", "=", "store_centro")])
        stage = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        # postventa's own terms are loaded for both Spanish variants
        label = (
            self.env["ir.model.fields"]
            .with_context(lang=clerk.lang)
            ._get("helpdesk.ticket", "unit_id")
            .field_description
        )
        self.assertEqual(label, "Unidad")
        self.assertTrue(stage.with_context(lang="es_ES").name)


@tagged("post_install", "-at_install")
class TestSpanishBrowser(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a test database loads Spanish for postventa's terms only (make run loads
        # every addon's, --load-language): the login page's terms are web's
        web = cls.env["ir.module.module"].search([("name", "=", "web")])
        web._update_translations(["es_419", "es_ES"])

    def _login_page(self, accept_language):
        response = self.url_open(
            "/web/login", headers={"Accept-Language": accept_language}
        )
        self.assertEqual(response.status_code, 200)
        return response.text

    def test_a_paraguayan_browser_gets_spanish(self):
        # es_PY is not loaded: the visitor gets es_419, not English
        self.assertIn('placeholder="Contraseña"', self._login_page("es-PY,es;q=0.9"))

    def test_a_spanish_browser_gets_spanish(self):
        self.assertIn('placeholder="Contraseña"', self._login_page("es-ES,es;q=0.9"))

    def test_an_english_browser_keeps_english(self):
        self.assertIn('placeholder="Password"', self._login_page("en-US,en;q=0.9"))
