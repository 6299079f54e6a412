"""What the procedure decides by itself (Kodak Perú's inkjet service scheme): a unit to
repair in warranty is brought by the customer in Lima, picked up by the service centre
in the provinces; a DOA unit is always picked up."""

from datetime import date, timedelta

from odoo.tests.common import TransactionCase


class TestZoneHandover(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.kodak = env.ref("postventa_helpdesk.company_kodak_peru")
        cls.lima = env.ref("postventa_helpdesk.zone_lima")
        cls.provinces = env.ref("postventa_helpdesk.zone_pe_provinces")
        cls.lima.repair_handover = "office"
        cls.provinces.repair_handover = "home"
        cls.team = env.ref("postventa_helpdesk.team_kodak_call_center")
        cls.product = env.ref("postventa_helpdesk.product_kodak_esp3")
        Partner = env["res.partner"]
        peru = env.ref("base.pe")
        cls.carmen = Partner.create(
            {"name": "Carmen (Lima)", "city": "Lima", "country_id": peru.id}
        )
        cls.jorge = Partner.create(
            {"name": "Jorge (Arequipa)", "city": "Arequipa", "country_id": peru.id}
        )

    def _case(self, customer, serial, bought_days_ago):
        return (
            self.env["helpdesk.ticket"]
            .with_company(self.kodak)
            ._postventa_register_case(
                {
                    "name": "No imprime",
                    "description": "<p>No toma el papel.</p>",
                    "partner_id": customer.id,
                    "team_id": self.team.id,
                    "product_id": self.product.id,
                    "serial": serial,
                    "purchase_date": date.today() - timedelta(days=bought_days_ago),
                }
            )
        )

    def test_warranty_repair_in_lima_is_brought_by_the_customer(self):
        ticket = self._case(self.carmen, "T700001", 200)
        self.assertEqual(ticket.zone_id, self.lima)
        self.assertEqual(ticket.warranty_state, "in_warranty")
        self.assertEqual(ticket.courier_handover, "office")

    def test_warranty_repair_in_the_provinces_is_picked_up(self):
        ticket = self._case(self.jorge, "T700002", 200)
        self.assertEqual(ticket.zone_id, self.provinces)
        self.assertEqual(ticket.courier_handover, "home")

    def test_doa_is_picked_up_in_lima_too(self):
        ticket = self._case(self.carmen, "T700003", 5)
        self.assertEqual(ticket.warranty_state, "doa")
        self.assertEqual(ticket.courier_handover, "home")

    def test_a_zone_set_up_later_proposes_for_open_cases_only(self):
        self.lima.repair_handover = False
        open_case = self._case(self.carmen, "T700006", 200)
        closed_case = self._case(self.carmen, "T700007", 200)
        closed_case.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        self.assertEqual(open_case.courier_handover, "home")
        self.lima.repair_handover = "office"
        self.assertEqual(open_case.courier_handover, "office")
        self.assertEqual(closed_case.courier_handover, "home", "history stays")

    def test_the_zone_decides_only_where_nobody_chose(self):
        ticket = self._case(self.carmen, "T700004", 200)
        ticket.courier_handover = "home"  # the customer asked for the courier
        self.assertEqual(ticket.courier_handover, "home")
        self.lima.repair_handover = False
        jorge_case = self._case(self.jorge, "T700005", 200)
        self.assertEqual(jorge_case.courier_handover, "home")
