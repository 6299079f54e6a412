"""The lab's screens as its demo people use them (issue 23): the after-sales
repairs and those awaiting quality control, numbers that tell the company, the
quality control dialog."""

from datetime import date, datetime

from lxml import etree

from odoo.tests.common import TransactionCase
from odoo.tools.safe_eval import safe_eval

from .common import demo_users_to_their_jobs


class TestStaffScreens(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        demo_users_to_their_jobs(env)
        cls.bl_tech = env.ref("postventa_helpdesk.user_back_line")
        cls.qc_tech = env.ref("postventa_rma.user_qc")
        cls.product = env["product.product"].create(
            {"name": "Staff screens printer", "is_storable": True}
        )
        cls.customer = env["res.partner"].create({"name": "Staff screens customer"})
        unit = env["postventa.unit"].create(
            {
                "product_id": cls.product.id,
                "serial": "STAFF-001",
                "purchase_date": date(2025, 1, 5),
            }
        )
        ticket = env["helpdesk.ticket"].create(
            {
                "name": "Does not print",
                "description": "<p>Paper jam.</p>",
                "partner_id": cls.customer.id,
                "unit_id": unit.id,
                "opening_date": datetime(2025, 6, 1, 10, 0),
            }
        )
        cls.rma = env["rma"].browse(ticket.action_create_rma()["res_id"])
        cls.repair = env["repair.order"].create(
            {
                "product_id": cls.product.id,
                "rma_id": cls.rma.id,
                "partner_id": cls.customer.id,
            }
        )
        # the state the repair reaches when its technician sends it to QC
        cls.repair.sudo()._postventa_action_write({"qc_state": "pending"})
        cls.upstream_repair = env["repair.order"].create({"product_id": cls.product.id})

    def _action_records(self, xmlid, user):
        """The repairs ``user`` sees in the action's list, with its default
        filters of the search view applied."""
        action = self.env.ref(xmlid)
        Repair = self.env["repair.order"].with_user(user)
        domain = list(safe_eval(action.domain or "[]"))
        arch = etree.fromstring(
            Repair.get_views([(action.search_view_id.id, "search")])["views"]["search"][
                "arch"
            ]
        )
        for key in safe_eval(action.context or "{}"):
            if key.startswith("search_default_"):
                name = key[len("search_default_") :]
                node = arch.find(f".//filter[@name='{name}']")
                self.assertIsNotNone(node, name)
                domain += safe_eval(node.get("domain"))
        return Repair.search(domain)

    def test_quality_control_finds_the_repairs_awaiting_it(self):
        menu = self.env.ref("postventa_rma.menu_postventa_repair_awaiting_qc")
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu, Menu.with_user(self.qc_tech).search([("id", "=", menu.id)]))
        self.assertNotIn(
            menu, Menu.with_user(self.bl_tech).search([("id", "=", menu.id)])
        )
        found = self._action_records(
            "postventa_rma.repair_order_action_awaiting_qc", self.qc_tech
        )
        self.assertIn(self.repair, found)
        self.assertFalse(found.filtered(lambda r: r.qc_state != "pending"))
        self.assertNotIn(self.upstream_repair, found)

    def test_lab_list_leaves_out_repairs_that_are_not_after_sales(self):
        found = self._action_records(
            "postventa_rma.repair_order_action_postventa", self.bl_tech
        )
        self.assertIn(self.repair, found)
        self.assertNotIn(self.upstream_repair, found)
        furniture = self.env.ref("repair.repair_r1", raise_if_not_found=False)
        if furniture:
            self.assertNotIn(furniture, found)

    def test_quality_control_fail_dialog_has_a_title(self):
        action = (
            self.repair.with_user(self.qc_tech)
            .with_context(lang="es_419")
            .action_open_qc_fail_wizard()
        )
        self.assertIn(self.repair.name, action["name"])
        self.assertTrue(action["name"].startswith("Rechazar"), action["name"])

    def test_repair_creation_note_in_the_technicians_language(self):
        repair = (
            self.env["repair.order"]
            .with_user(self.bl_tech)
            .with_context(lang="es_419", tracking_disable=False)
            .create({"product_id": self.product.id, "rma_id": self.rma.id})
        )
        bodies = " ".join(repair.message_ids.mapped("body"))
        self.assertIn(f"Orden de reparación {repair.name} creada", bodies)
        self.assertNotIn("Repair Order", bodies)


class TestCompanyNumbers(TransactionCase):
    """Two companies' RMAs and repairs never share a number: each company's
    start with its own prefix (the administrator sets it up)."""

    def test_each_company_numbers_with_its_prefix(self):
        env = self.env
        hp = env.ref("base.main_company")
        kodak = env.ref("postventa_helpdesk.company_kodak_peru")
        Sequence = env["ir.sequence"]
        hp_rma = Sequence.with_company(hp).next_by_code("rma")
        kodak_rma = Sequence.with_company(kodak).next_by_code("rma")
        self.assertTrue(hp_rma.startswith(f"{hp.postventa_code}/RMA/"), hp_rma)
        self.assertTrue(kodak_rma.startswith(f"{kodak.postventa_code}/RMA/"), kodak_rma)
        self.assertNotEqual(hp.postventa_code, kodak.postventa_code)
        for company in hp | kodak:
            warehouse = env["stock.warehouse"].search(
                [("company_id", "=", company.id)], order="id", limit=1
            )
            self.assertEqual(
                warehouse.repair_type_id.sequence_id.prefix,
                f"{company.postventa_code}/RO/",
            )

    def test_a_new_company_gets_a_prefix_and_a_second_warehouse_its_code(self):
        env = self.env
        company = env["res.company"].create({"name": "Técnica Sur"})
        self.assertEqual(company.postventa_code, "TECNI")
        rma_sequence = env["ir.sequence"].search(
            [("code", "=", "rma"), ("company_id", "=", company.id)]
        )
        self.assertEqual(rma_sequence.prefix, "TECNI/RMA/")
        first = env["stock.warehouse"].search([("company_id", "=", company.id)])
        self.assertEqual(first.repair_type_id.sequence_id.prefix, "TECNI/RO/")
        second = (
            env["stock.warehouse"]
            .with_company(company)
            .create({"name": "Sur - Norte", "code": "NORTE", "company_id": company.id})
        )
        self.assertEqual(second.repair_type_id.sequence_id.prefix, "TECNI/NORTE/RO/")
        # a company of the same name gets another prefix
        twin = env["res.company"].create({"name": "Técnica Sur 2"})
        self.assertNotEqual(twin.postventa_code, company.postventa_code)
        # the administrator changes the prefix: new numbers follow it
        company.postventa_code = "tsur"
        self.assertEqual(company.postventa_code, "TSUR")
        self.assertEqual(rma_sequence.prefix, "TSUR/RMA/")
        self.assertEqual(first.repair_type_id.sequence_id.prefix, "TSUR/RO/")
        self.assertEqual(second.repair_type_id.sequence_id.prefix, "TSUR/NORTE/RO/")

    def test_existing_companies_get_their_warehouse_code(self):
        """What the 18.0.1.6.0 migration does for the companies of a database."""
        env = self.env
        kodak = env.ref("postventa_helpdesk.company_kodak_peru")
        warehouse = env["stock.warehouse"].search(
            [("company_id", "=", kodak.id)], order="id", limit=1
        )
        env.cr.execute(
            "UPDATE res_company SET postventa_code = NULL WHERE id = %s", [kodak.id]
        )
        kodak.invalidate_recordset(["postventa_code"])
        env["ir.sequence"].search(
            [("code", "=", "rma"), ("company_id", "=", kodak.id)]
        ).prefix = "RMA"
        kodak._postventa_set_codes()
        self.assertEqual(kodak.postventa_code, warehouse.code)
        self.assertTrue(
            env["ir.sequence"]
            .with_company(kodak)
            .next_by_code("rma")
            .startswith(f"{warehouse.code}/RMA/")
        )
