"""The portal in headless Chromium: the JavaScript the customer and the store
run (serial check before submit, forms, downloads) and the pages they land on."""

from datetime import date, timedelta

from odoo.tests import HttpCase, new_test_user, tagged

from .common import PostventaCase


@tagged("post_install", "-at_install")
class TestPortalTours(PostventaCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.printer = env["product.product"].create(
            {"name": "Tour inkjet printer", "categ_id": cls.categ_kodak.id}
        )
        env["postventa.warranty.policy"].create(
            {
                "name": "Tour printers",
                "product_tmpl_id": cls.printer.product_tmpl_id.id,
                "doa_days": 30,
                "warranty_months": 12,
                "proof_required": False,
            }
        )
        cls.store.write({"name": "Tour store", "is_company": True})
        cls.customer_user = new_test_user(
            env,
            "pv_tour_customer",
            groups="base.group_portal",
            name="Tour customer",
            email="tour.customer@example.com",
        )
        cls.clerk = new_test_user(
            env, "pv_tour_store", groups="postventa_helpdesk.group_portal_store"
        )
        cls.clerk.partner_id.parent_id = cls.store
        cls.front_line.write({"show_in_portal": True, "acknowledge_new_cases": True})
        env.company.helpdesk_mgmt_portal_select_team = False

    def test_customer_opens_a_case_and_downloads_the_doa_authorisation(self):
        self.start_tour(
            "/new/ticket", "postventa_customer_opens_case", login="pv_tour_customer"
        )
        ticket = self.env["helpdesk.ticket"].search(
            [("partner_id", "=", self.customer_user.partner_id.id)]
        )
        self.assertEqual(len(ticket), 1)
        self.assertEqual(
            (ticket.unit_id.serial, ticket.store_id, ticket.warranty_state),
            ("T123456", self.store, "doa"),
        )
        self.assertEqual(ticket.purchase_date, date.today())
        ticket.with_user(self.agent).write({"team_id": self.front_line.id})
        ticket.with_user(self.agent).action_issue_doa()
        self.start_tour(
            f"/my/ticket/{ticket.id}",
            "postventa_customer_downloads_doa",
            login="pv_tour_customer",
        )

    def test_store_verifies_the_doa_and_confirms_the_exchange(self):
        unit = self._unit(self.hp, "TOUR-DOA-1", date.today() - timedelta(days=3))
        ticket = self._ticket(unit, opened=date.today())
        ticket.action_issue_doa()
        doa = ticket.doa_authorization_ids
        doa._postventa_action_write({"name": "DOA-TOUR-0001"})
        self._store_stock(self.store, self.hp, "NEW-UNIT-0042")
        self.start_tour(
            "/my/store", "postventa_store_exchanges_doa", login="pv_tour_store"
        )
        self.assertEqual((doa.state, doa.handed_serial), ("used", "NEW-UNIT-0042"))

    def test_customer_reopens_a_closed_case(self):
        ticket = self._ticket(
            partner_id=self.customer_user.partner_id.id, opened=date.today()
        )
        ticket.stage_id = self.stage_done
        self.start_tour(
            f"/my/ticket/{ticket.id}",
            "postventa_customer_reopens_case",
            login="pv_tour_customer",
        )
        self.assertEqual(
            (ticket.stage_id.postventa_kind, ticket.reopen_count), ("reopened", 1)
        )
        self.assertTrue(
            ticket.message_ids.filtered(
                lambda m: "It fails again since yesterday" in (m.body or "")
            )
        )


@tagged("post_install", "-at_install")
class TestPortalToursSpanish(PostventaCase, HttpCase):
    """The main journeys in Spanish (es_419, as the demo's customers and stores read
    them): opening a case, and the store's verification from the DOA's QR code."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env["res.lang"]._activate_lang("es_419")
        cls.printer = env["product.product"].create(
            {"name": "Impresora de prueba", "categ_id": cls.categ_kodak.id}
        )
        env["postventa.warranty.policy"].create(
            {
                "name": "Impresoras de prueba",
                "product_tmpl_id": cls.printer.product_tmpl_id.id,
                "doa_days": 30,
                "warranty_months": 12,
                "proof_required": False,
            }
        )
        cls.store.write({"name": "Tienda de prueba", "is_company": True})
        cls.customer_user = new_test_user(
            env,
            "pv_tour_cliente",
            groups="base.group_portal",
            name="Cliente de prueba",
            email="cliente.prueba@example.com",
            lang="es_419",
        )
        cls.clerk = new_test_user(
            env,
            "pv_tour_tienda",
            groups="postventa_helpdesk.group_portal_store",
            lang="es_419",
        )
        cls.clerk.partner_id.parent_id = cls.store
        cls.front_line.write({"show_in_portal": True, "acknowledge_new_cases": True})
        env.company.helpdesk_mgmt_portal_select_team = False

    def test_customer_opens_a_case_in_spanish(self):
        self.start_tour(
            "/new/ticket", "postventa_es_customer_opens_case", login="pv_tour_cliente"
        )
        ticket = self.env["helpdesk.ticket"].search(
            [("partner_id", "=", self.customer_user.partner_id.id)]
        )
        self.assertEqual(
            (ticket.unit_id.serial, ticket.warranty_state), ("T123456", "doa")
        )

    def test_store_verifies_a_doa_from_its_qr_code_in_spanish(self):
        unit = self._unit(self.hp, "TOUR-ES-DOA", date.today() - timedelta(days=3))
        ticket = self._ticket(unit, opened=date.today())
        ticket.action_issue_doa()
        doa = ticket.doa_authorization_ids
        self._store_stock(self.store, self.hp, "NUEVA-0042")
        url = doa._postventa_verify_url()
        # the QR code's link, as the clerk's phone opens it
        path = url[len(doa.get_base_url()) :]
        self.start_tour(
            path, "postventa_es_store_verifies_doa_by_qr", login="pv_tour_tienda"
        )
        self.assertEqual((doa.state, doa.handed_serial), ("used", "NUEVA-0042"))
