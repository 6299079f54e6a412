"""Portal journeys that end right: routing of cases without a team, promises in
the team's business hours, closing from the portal, the one next step, product
lists per company, addresses without empty parts, the phone intake's address and
identification, HP serial numbers."""

import re
from datetime import date, datetime, timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import PostventaCase, attendance


class JourneyCase(PostventaCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company = env.company
        cls.other_company = env["res.company"].create({"name": "Kodak Perú (test)"})
        Team = env["helpdesk.ticket.team"]
        cls.kodak_team = Team.create({"name": "Test Kodak call center"})
        cls.kodak_agent = new_test_user(
            env, "pv_kodak_agent", groups="helpdesk_mgmt.group_helpdesk_user"
        )
        cls.kodak_agent_2 = new_test_user(
            env, "pv_kodak_agent_2", groups="helpdesk_mgmt.group_helpdesk_user"
        )
        cls.kodak_team.user_ids = cls.kodak_agent | cls.kodak_agent_2
        cls.foreign_team = Team.create(
            {"name": "Test foreign team", "company_id": cls.other_company.id}
        )
        cls.foreign_product = env["product.product"].create(
            {
                "name": "Test foreign printer",
                "categ_id": cls.categ_kodak.id,
                "company_id": cls.other_company.id,
            }
        )
        Route = env["postventa.team.route"]
        cls.route_kodak = Route.create(
            {"categ_id": cls.categ_printers.id, "team_id": cls.kodak_team.id}
        )
        cls.route_hp = Route.create(
            {
                "product_id": cls.hp.id,
                "team_id": cls.front_line.id,
                "sequence": 99,
            }
        )
        cls.web = env.ref("helpdesk_mgmt.helpdesk_ticket_channel_web")


class TestRouting(JourneyCase):
    def test_most_specific_route_wins(self):
        Ticket = self.env["helpdesk.ticket"]
        team, user = Ticket._postventa_route(self.company, self.kodak)
        self.assertEqual(team, self.kodak_team, "the category's route (child_of)")
        self.assertEqual(user, self.kodak_agent, "the member with fewest open cases")
        team, _user = Ticket._postventa_route(self.company, self.hp)
        self.assertEqual(team, self.front_line, "the product's route")
        self.assertFalse(
            Ticket._postventa_route(self.company, self.aio)[0],
            "no route and no default team: no team",
        )
        # a deeper category beats a shallower one, a product beats both
        deeper = self.env["postventa.team.route"].create(
            {"categ_id": self.categ_kodak.id, "team_id": self.back_line.id}
        )
        self.assertEqual(
            Ticket._postventa_route(self.company, self.kodak)[0], deeper.team_id
        )
        product_route = self.env["postventa.team.route"].create(
            {"product_id": self.kodak.id, "team_id": self.front_line.id, "sequence": 50}
        )
        self.assertEqual(
            Ticket._postventa_route(self.company, self.kodak)[0], product_route.team_id
        )
        # a channel breaks the tie between otherwise equal routes
        web_route = self.env["postventa.team.route"].create(
            {
                "product_id": self.kodak.id,
                "channel_id": self.web.id,
                "team_id": self.back_line.id,
                "sequence": 60,
            }
        )
        self.assertEqual(
            Ticket._postventa_route(self.company, self.kodak, self.web)[0],
            web_route.team_id,
        )
        self.assertEqual(
            Ticket._postventa_route(self.company, self.kodak)[0], self.front_line
        )

    def test_a_route_follows_its_team_to_another_company(self):
        team = self.env["helpdesk.ticket.team"].create({"name": "Test cameras"})
        route = self.env["postventa.team.route"].create(
            {"product_id": self.camera.id, "team_id": team.id}
        )
        self.assertEqual(route.company_id, self.company, "the team's company")
        team.company_id = self.other_company
        self.assertEqual(route.company_id, self.other_company)
        Ticket = self.env["helpdesk.ticket"]
        self.assertEqual(
            Ticket._postventa_route(self.other_company, self.camera)[0], team
        )
        self.assertFalse(Ticket._postventa_route(self.company, self.camera)[0])

    def test_routes_are_per_company_and_fall_back_to_its_default_team(self):
        Ticket = self.env["helpdesk.ticket"]
        self.assertFalse(
            Ticket._postventa_route(self.other_company, self.kodak)[0],
            "the routes of one company do not route another's cases",
        )
        self.other_company.postventa_default_team_id = self.foreign_team
        self.assertEqual(
            Ticket._postventa_route(self.other_company, self.kodak)[0],
            self.foreign_team,
        )
        with self.assertRaises(ValidationError):
            self.company.postventa_default_team_id = self.foreign_team
        with self.assertRaises(ValidationError):
            self.env["postventa.team.route"].create(
                {"company_id": self.company.id, "team_id": self.foreign_team.id}
            )
        with self.assertRaises(ValidationError):
            self.env["postventa.team.route"].create(
                {"product_id": self.foreign_product.id, "team_id": self.kodak_team.id}
            )

    def test_create_without_team_is_routed_assigned_and_acknowledged(self):
        self.kodak_team.acknowledge_new_cases = True
        unit = self._unit(self.kodak, "T100001", self.d(2025, 5, 1))
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Routed",
                "description": "<p>x</p>",
                "partner_id": self.customer.id,
                "unit_id": unit.id,
            }
        )
        self.assertEqual(ticket.team_id, self.kodak_team)
        self.assertEqual(ticket.user_id, self.kodak_agent)
        self.assertIn(ticket.stage_id, self.kodak_team._get_applicable_stages())
        self.assertTrue(
            ticket.message_ids.filtered(
                lambda m: self.customer in m.partner_ids and ticket.number in m.body
            ),
            "acknowledged like a phone or mail case",
        )
        # the next one goes to the other member (fewest open cases)
        second = self.env["helpdesk.ticket"].create(
            {
                "name": "Routed 2",
                "description": "<p>x</p>",
                "partner_id": self.customer.id,
                "unit_id": unit.id,
            }
        )
        self.assertEqual(second.user_id, self.kodak_agent_2)
        # a team given is kept
        kept = self.env["helpdesk.ticket"].create(
            {
                "name": "Kept",
                "description": "<p>x</p>",
                "partner_id": self.customer.id,
                "unit_id": unit.id,
                "team_id": self.back_line.id,
            }
        )
        self.assertEqual(kept.team_id, self.back_line)
        self.assertNotIn(kept.user_id, self.kodak_team.user_ids)

    def test_default_team_of_the_company(self):
        self.company.postventa_default_team_id = self.back_line
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "No product",
                "description": "<p>x</p>",
                "partner_id": self.customer.id,
            }
        )
        self.assertEqual(ticket.team_id, self.back_line)
        other = (
            self.env["helpdesk.ticket"]
            .with_company(self.other_company)
            .create(
                {
                    "name": "Other company",
                    "description": "<p>x</p>",
                    "user_id": False,
                    "partner_id": self.customer.id,
                    "company_id": self.other_company.id,
                }
            )
        )
        self.assertFalse(other.team_id, "never another company's default team")


class TestPromise(JourneyCase):
    def test_resolution_promise_falls_within_the_teams_business_hours(self):
        env = self.env
        lima = env["resource.calendar"].create(
            {
                "name": "Lima hours",
                "tz": "America/Lima",
                "attendance_ids": [(5, 0, 0)]
                + [attendance(d, 9, 13) for d in range(5)]
                + [attendance(d, 14, 18) for d in range(5)],
            }
        )
        team_hours = env["postventa.business.calendar"].create(
            {
                "name": "Kodak Lima",
                "season_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "All year",
                            "resource_calendar_id": lima.id,
                            "from_month": "1",
                            "from_day": 1,
                            "to_month": "12",
                            "to_day": 31,
                        },
                    )
                ],
            }
        )
        madrid = self._create_aserti_hours()
        # a fallback SLA planned in another company's (Madrid's) hours
        env["postventa.sla.policy"].search([]).active = False
        env["postventa.sla.policy"].create(
            {
                "name": "Fallback 40 h",
                "target": "resolution",
                "hours": 40,
                "calendar_id": madrid.id,
                "sequence": 1,
            }
        )
        self.kodak_team.business_calendar_id = team_hours
        ticket = self._ticket(
            # Tuesday 18:00 in Lima: after hours, the clock starts on Wednesday
            opened=datetime(2026, 12, 1, 23, 0),
            team_id=self.kodak_team.id,
        )
        deadline = ticket.sla_resolution_deadline
        self.assertTrue(deadline)
        self.assertTrue(
            team_hours._is_open(deadline),
            f"{deadline} (UTC) is within Lima's 9-13, 14-18",
        )
        self.assertAlmostEqual(
            team_hours._business_hours(ticket.opening_date, deadline), 40, places=3
        )
        # the customer reads it in their time zone, within the team's hours
        self.customer.tz = "America/Lima"
        promise = ticket.with_context(lang="en_US")._postventa_portal_promise()
        self.assertIn(
            "08/12/2026 18:00", promise, "Tuesday 18:00 in Lima, 40 hours later"
        )


class TestAddress(JourneyCase):
    def test_address_line_has_no_empty_parts(self):
        centre = self.env["res.partner"].create(
            {
                "name": "G&N Digital",
                "street": "Av. Larco 345",
                "city": "Lima",
                "country_id": self.env.ref("base.pe").id,
            }
        )
        line = centre._postventa_address_line()
        self.assertEqual(line, "Av. Larco 345, Lima, Peru")
        self.assertNotRegex(line, r",\s*,|\s{2}|,\s*$")
        bare = self.env["res.partner"].create({"name": "Nowhere"})
        self.assertEqual(bare._postventa_address_line(), "")

    def test_referral_message_reads_cleanly(self):
        self.camera_centre.write(
            {"street": "Av. Larco 345", "street2": False, "zip": False}
        )
        unit = self._unit(self.camera, "CAM-1", self.d(2025, 5, 1))
        ticket = self._ticket(unit)
        ticket.action_refer()
        body = ticket.message_ids.filtered(lambda m: "Av. Larco 345" in m.body)[:1].body
        self.assertIn("Av. Larco 345, Lima", body)
        self.assertNotRegex(body, r",\s*,|Lima\s+,")


class TestIntakeAddress(JourneyCase):
    def _intake(self, **values):
        vals = {
            "partner_name": "Jorge Quispe",
            "contact_email": "jorge.quispe@example.com",
            "product_id": self.kodak.id,
            "serial": "T300300",
            "name": "Paper jam",
            "description": "<p>Paper jam</p>",
            "team_id": self.front_line.id,
            "street": "Calle Mercaderes 120",
            "city": "Arequipa",
            "country_id": self.env.ref("base.pe").id,
            "identification_type_id": self.env.ref("l10n_latam_base.it_fid").id,
            "vat": "40123456",
        }
        vals.update(values)
        wizard = self.env["postventa.intake.wizard"].create(vals)
        return self.env["helpdesk.ticket"].browse(wizard.action_register()["res_id"])

    def test_phone_intake_writes_address_and_identification(self):
        ticket = self._intake()
        customer = ticket.partner_id.commercial_partner_id
        self.assertEqual(
            (customer.street, customer.city, customer.country_id.code),
            ("Calle Mercaderes 120", "Arequipa", "PE"),
        )
        self.assertEqual(
            customer.l10n_latam_identification_type_id,
            self.env.ref("l10n_latam_base.it_fid"),
        )
        self.assertEqual(customer.vat, "40123456")
        # an existing customer: prefilled, and what the agent changes is written
        wizard = self.env["postventa.intake.wizard"].new({"partner_id": customer.id})
        wizard._onchange_partner_id()
        self.assertEqual(wizard.city, "Arequipa")
        self.assertEqual(wizard.vat, "40123456")
        again = self._intake(
            partner_id=customer.id, partner_name=False, city="Cusco", serial="T300301"
        )
        self.assertEqual(again.partner_id.commercial_partner_id, customer)
        self.assertEqual(customer.city, "Cusco")
        self.assertEqual(customer.street, "Calle Mercaderes 120", "kept")

    def test_phone_intake_offers_and_accepts_only_the_teams_company_products(self):
        wizard = self.env["postventa.intake.wizard"].new(
            {"team_id": self.front_line.id}
        )
        self.assertEqual(wizard.company_id, self.company)
        domain = self.env["postventa.intake.wizard"]._fields["product_id"].domain
        self.assertIn("company_id", domain)
        before = self.env["helpdesk.ticket"].search_count([])
        with self.assertRaisesRegex(UserError, "does not service it"):
            self._intake(product_id=self.foreign_product.id)
        self.assertEqual(self.env["helpdesk.ticket"].search_count([]), before)


class TestHpSerial(JourneyCase):
    def test_demo_hp_pattern(self):
        hp = self.env.ref(
            "postventa_helpdesk.product_hp_deskjet", raise_if_not_found=False
        )
        if not hp:
            self.skipTest("without demo data")
        for serial in ("12345", "!!!###", "CN1234567", "CN12345678X"):
            with self.subTest(serial=serial), self.assertRaises(ValidationError):
                self._unit(hp, serial, self.d(2025, 5, 1))
        for serial in ("CN12345678", "5cd1234xyz"):
            unit = self._unit(hp, serial, self.d(2025, 5, 1))
            self.assertEqual(unit.serial, serial.upper())


@tagged("post_install", "-at_install")
class TestJourneysPortal(JourneyCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.user_portal = new_test_user(
            env,
            "pv_journey",
            groups="base.group_portal",
            name="Rosa Mamani",
            email="rosa.portal@example.com",
        )
        cls.partner = cls.user_portal.partner_id
        env.company.helpdesk_mgmt_portal_select_team = True
        cls.done = cls.stage_done
        cls.done.close_from_portal = True
        cls.kodak_team.show_in_portal = True
        cls.kodak_team.acknowledge_new_cases = False

    def _csrf(self, url="/my/account"):
        return re.search(
            r'name="csrf_token" value="([^"]+)"', self.url_open(url).text
        ).group(1)

    def _submit(self, **form):
        data = {
            "csrf_token": self._csrf("/new/ticket"),
            "product_id": str(self.kodak.id),
            "serial": "t123450",
            "purchase_date": str(date.today() - timedelta(days=10)),
            "subject": "Paper jam",
            "description": "The paper jams.",
        }
        data.update(form)
        return self.url_open(
            "/submitted/ticket",
            data=data,
            files={"proof": ("invoice.pdf", b"%PDF-1.4 x", "application/pdf")},
        )

    def test_portal_case_without_team_is_routed_assigned_and_acknowledged(self):
        self.authenticate("pv_journey", "pv_journey")
        self._submit()
        ticket = self.env["helpdesk.ticket"].search(
            [("partner_id", "=", self.partner.id)]
        )
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.team_id, self.kodak_team)
        self.assertEqual(ticket.user_id, self.kodak_agent)
        self.assertIn(ticket.stage_id, self.kodak_team._get_applicable_stages())
        self.assertTrue(
            ticket.message_ids.filtered(
                lambda m: self.partner in m.partner_ids and ticket.number in m.body
            ),
            "acknowledged although the team does not ask for it",
        )

    def test_json_rpc_create_without_team_is_routed(self):
        self.authenticate("pv_agent", "pv_agent")
        unit = self._unit(self.kodak, "T100009", self.d(2025, 5, 1))
        ticket_id = self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": "helpdesk.ticket",
                "method": "create",
                "args": [
                    {
                        "name": "By RPC",
                        "description": "<p>x</p>",
                        "partner_id": self.customer.id,
                        "unit_id": unit.id,
                    }
                ],
                "kwargs": {},
            },
        )
        ticket = self.env["helpdesk.ticket"].browse(ticket_id)
        self.assertEqual(ticket.team_id, self.kodak_team)
        self.assertTrue(ticket.user_id)

    def test_portal_offers_only_its_companys_products_and_refuses_others(self):
        self.authenticate("pv_journey", "pv_journey")
        form = self.url_open("/new/ticket").text
        self.assertIn(f'<option value="{self.kodak.id}"', form)
        self.assertNotIn(self.foreign_product.name, form)
        before = self.env["helpdesk.ticket"].search_count([])
        page = self._submit(product_id=str(self.foreign_product.id), serial="T999999")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Choose the product the case is about", page.text)
        self.assertEqual(self.env["helpdesk.ticket"].search_count([]), before)
        check = self.make_jsonrpc_request(
            "/my/tickets/serial-check",
            {"product_id": self.foreign_product.id, "serial": "X"},
        )
        self.assertEqual(check["message"], "", "a foreign product is not checked")

    def test_serial_check_while_typing(self):
        self.hp.product_tmpl_id.write(
            {
                "postventa_serial_regex": "[A-Z0-9]{10}",
                "postventa_serial_example": "10 letters or digits, e.g. CN12345678",
            }
        )
        self.authenticate("pv_journey", "pv_journey")
        for serial in ("12345", "!!!###"):
            message = self.make_jsonrpc_request(
                "/my/tickets/serial-check", {"product_id": self.hp.id, "serial": serial}
            )["message"]
            self.assertIn("10 letters or digits", message)
        self.assertEqual(
            self.make_jsonrpc_request(
                "/my/tickets/serial-check",
                {"product_id": self.hp.id, "serial": "cn12345678"},
            )["message"],
            "",
        )
        page = self._submit(product_id=str(self.hp.id), serial="!!!###").text
        self.assertIn("10 letters or digits", page)

    def _case(self, **values):
        unit = self._unit(
            self.hp, values.pop("serial", "JRN-1"), date.today() - timedelta(days=3)
        )
        unit.owner_id = self.partner
        return self._ticket(
            unit, opened=datetime.now(), partner_id=self.partner.id, **values
        )

    def _close(self, ticket):
        return self.url_open(
            "/ticket/close",
            data={
                "csrf_token": self._csrf(),
                "ticket_id": str(ticket.id),
                "stage_id": str(self.done.id),
                "reason": "Solved",
            },
        )

    def test_closing_only_where_the_team_allows_it(self):
        case = self._case()
        self.front_line.portal_customer_close = False
        self.authenticate("pv_journey", "pv_journey")
        page = self.url_open(f"/my/ticket/{case.id}").text
        self.assertNotIn("o_case_close", page)
        response = self._close(case)
        self.assertEqual(response.status_code, 200)
        self.env.invalidate_all()
        self.assertFalse(case.closed, "the route refuses it")
        with self.assertRaisesRegex(UserError, "cannot be closed from the portal"):
            case._postventa_portal_close(self.done.id, "x", self.partner)
        self.front_line.portal_customer_close = True
        self.assertIn("o_case_close", self.url_open(f"/my/ticket/{case.id}").text)
        self._close(case)
        self.env.invalidate_all()
        self.assertTrue(case.closed)

    def test_doa_case_shows_one_next_step(self):
        case = self._case(serial="JRN-DOA")
        case.unit_id.store_id = self.store
        self.store.write({"street": "Palma 550", "city": "Asunción"})
        case.action_issue_doa()
        doa = case.doa_authorization_ids
        step = case._postventa_portal_next_step()
        self.assertEqual(step["key"], "doa_document")
        self.assertIn(doa.name, step["text"])
        self.assertIn("Tienda Centro (Palma 550, Asunción)", step["text"])
        self.authenticate("pv_journey", "pv_journey")
        page = self.url_open(f"/my/ticket/{case.id}").text
        self.assertEqual(page.count("o_case_next_step "), 1)
        self.assertIn("o_case_next_step_doa_document", page)
        # once the store exchanged the unit, the customer reads that it is done
        doa._postventa_action_write(
            {"state": "used", "used_date": fields.Datetime.now()}
        )
        step = case._postventa_portal_next_step()
        self.assertEqual(step["key"], "doa_exchanged")
        self.assertIn("Tienda Centro", step["text"])
        self.assertIn(doa.name, step["text"])
        page = self.url_open(f"/my/ticket/{case.id}").text
        self.assertNotIn("o_case_next_step_doa_document", page)

    def test_store_case_offers_the_stores_company_products_and_is_routed(self):
        store = self.env["res.partner"].create(
            {
                "name": "Tienda Miraflores",
                "is_postventa_store": True,
                "is_company": True,
                "company_id": self.other_company.id,
            }
        )
        clerk = new_test_user(
            self.env,
            "pv_journey_store",
            groups="postventa_helpdesk.group_portal_store",
        )
        clerk.partner_id.parent_id = store
        self.other_company.postventa_default_team_id = self.foreign_team
        self.env["postventa.warranty.policy"].create(
            {
                "name": "Foreign inkjet",
                "company_id": self.other_company.id,
                "product_tmpl_id": self.foreign_product.product_tmpl_id.id,
                "doa_days": 30,
                "warranty_months": 12,
            }
        )
        self.authenticate("pv_journey_store", "pv_journey_store")
        form = self.url_open("/my/store/case").text
        self.assertIn(self.foreign_product.name, form, "the store's company's product")
        check = self.make_jsonrpc_request(
            "/my/tickets/serial-check",
            {"product_id": self.foreign_product.id, "serial": "X1"},
        )
        self.assertIn("Expected form", check["message"], "checked while typing")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        self.url_open(
            "/my/store/case",
            data={
                "csrf_token": token,
                "customer_name": "Lucía Rojas",
                "customer_email": "lucia.rojas@example.com",
                "product_id": str(self.foreign_product.id),
                "serial": "T777777",
                "purchase_date": str(date.today() - timedelta(days=4)),
                "description": "No power.",
            },
            files={"proof": ("invoice.pdf", b"%PDF-1.4 x", "application/pdf")},
        )
        ticket = self.env["helpdesk.ticket"].search([("serial", "=", "T777777")])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.team_id, self.foreign_team, "the company's default")
        self.assertEqual(ticket.company_id, self.other_company)
        # the customer's form of the main company does not offer that product
        self.authenticate("pv_journey", "pv_journey")
        self.assertNotIn(self.foreign_product.name, self.url_open("/new/ticket").text)

    def test_acknowledgement_carries_the_promise(self):
        self.authenticate("pv_journey", "pv_journey")
        self._submit()
        ticket = self.env["helpdesk.ticket"].search(
            [("partner_id", "=", self.partner.id)]
        )
        self.assertTrue(ticket.sla_response_deadline or ticket.sla_resolution_deadline)
        acknowledgement = ticket.message_ids.filtered(
            lambda m: ticket.number in m.body and self.partner in m.partner_ids
        )
        self.assertIn(
            ticket._postventa_portal_promise().split(" by ")[0],
            acknowledgement.body,
        )
