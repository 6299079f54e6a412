"""A working day as each role of the demo (issue 23): the demo's own logins, each
holding only its job's group, do their job in Chromium in Spanish; the tours
(postventa_*/static/tests/tours/role_tours.js) assert what the person reads,
these tests what was recorded."""

from datetime import date, timedelta

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.postventa_rma.tests.common import receive_rma

from .common import RoleTourCase

JOBS = {
    # login: the job's group (beside base.group_user and multi-company)
    "fl_agent": "postventa_helpdesk.group_front_line",
    "bl_tech": "postventa_helpdesk.group_back_line",
    "qc_tech": "postventa_rma.group_postventa_qc",
    "logistics": "postventa_rma.group_postventa_logistics",
    "manager": "postventa_helpdesk.group_service_manager",
    "store_centro": "postventa_helpdesk.group_portal_store",
    "store_lima": "postventa_helpdesk.group_portal_store",
    "doc_cde": "postventa_courier.group_portal_doc",
    "ana": "base.group_portal",
}


class TestRoleTours(RoleTourCase):
    def test_each_demo_login_holds_its_job(self):
        for login, xmlid in JOBS.items():
            user = self._user(login)
            self.assertTrue(user.has_group(xmlid), login)
            if user.share:
                continue
            self.assertFalse(
                user.has_group("base.group_system"), f"{login} is no administrator"
            )
        fl_agent = self._user("fl_agent")
        self.assertTrue(fl_agent.has_group("base.group_partner_manager"))
        self.assertFalse(fl_agent.has_group("helpdesk_mgmt.group_helpdesk_manager"))
        self.assertFalse(fl_agent.has_group("stock.group_stock_user"))
        self.assertTrue(self._user("manager").has_group("rma.rma_group_manager"))

    def test_front_line_registers_a_new_caller_and_issues_the_doa(self):
        self.start_tour(
            "/odoo/action-postventa_helpdesk.postventa_intake_wizard_action",
            "postventa_role_fl_new_caller_doa",
            login="fl_agent",
        )
        ticket = self.env["helpdesk.ticket"].search(
            [("unit_id.serial", "=", "CN11223344")]
        )
        self.assertEqual(ticket.partner_id.name, "Rosa Caballero")
        self.assertEqual(ticket.partner_id.phone, "+595 981 444 555")
        self.assertEqual(ticket.warranty_state, "doa")
        self.assertEqual(ticket.doa_authorization_ids.state, "issued")
        self.assertEqual(ticket.create_uid, self._user("fl_agent"))

    def test_front_line_registers_a_known_caller_and_escalates(self):
        ana = self._user("ana").partner_id
        self.start_tour(
            "/odoo/action-postventa_helpdesk.postventa_intake_wizard_action",
            "postventa_role_fl_known_caller_escalates",
            login="fl_agent",
        )
        ticket = self.env["helpdesk.ticket"].search(
            [("unit_id.serial", "=", "CN55667788")]
        )
        self.assertEqual(ticket.partner_id, ana)
        self.assertEqual(
            self.env["res.partner"].search_count([("name", "=", "Ana Benítez")]), 1
        )
        self.assertEqual(ticket.team_id.name, "HP Paraguay - Back Line")

    def test_store_verifies_a_typed_doa_and_exchanges_a_unit_of_its_stock(self):
        ticket = self.env.ref("postventa_helpdesk.ticket_hp_doa")
        doa = ticket.doa_authorization_ids
        doa._postventa_action_write({"name": "DOA/TIENDA/00042"})
        self.start_tour(
            "/my/store", "postventa_role_store_exchanges_doa", login="store_centro"
        )
        self.assertEqual((doa.state, doa.handed_serial), ("used", "CN50TC0001"))
        self.assertEqual(ticket.stage_id.postventa_kind, "progress")
        self.assertTrue(ticket.doa_exchanged)
        self.assertFalse(
            ticket.courier_order_ids.filtered(
                lambda o: o.kind == "pickup" and o.state != "cancelled"
            ),
            "no courier comes for the unit the store took back",
        )
        store = self.env.ref("postventa_helpdesk.store_tienda_centro")
        self.assertEqual(
            self.env["stock.quant"]
            .search(
                [
                    ("location_id", "=", store.postventa_stock_location_id.id),
                    ("lot_id.name", "=", "CN50TC0001"),
                ]
            )
            .quantity,
            0,
            "the unit handed out left the store's stock",
        )
        self.start_tour(
            f"/my/ticket/{ticket.id}",
            "postventa_role_customer_after_store_exchange",
            login="ana",
        )

    def test_store_verifies_a_doa_by_its_qr_code(self):
        env = self.env(
            context=dict(
                self.env.context,
                allowed_company_ids=[
                    self.env.ref("postventa_helpdesk.company_kodak_peru").id
                ],
            )
        )
        unit = env["postventa.unit"].create(
            {
                "product_id": env.ref("postventa_helpdesk.product_kodak_esp3").id,
                "serial": "T777001",
                "owner_id": env.ref("postventa_helpdesk.customer_elena").id,
                "store_id": env.ref("postventa_helpdesk.store_kodak_miraflores").id,
                "purchase_date": date.today() - timedelta(days=2),
                "proof_of_purchase": b"UERG",
                "proof_of_purchase_filename": "boleta.pdf",
            }
        )
        ticket = (
            env["helpdesk.ticket"]
            .with_company(unit.company_id)
            .create(
                {
                    "name": "No enciende",
                    "description": "<p>Nueva, no enciende.</p>",
                    "partner_id": unit.owner_id.id,
                    "team_id": env.ref("postventa_helpdesk.team_kodak_call_center").id,
                    "unit_id": unit.id,
                }
            )
        )
        ticket.with_user(self._user("fl_agent")).with_company(
            ticket.company_id
        ).action_issue_doa()
        doa = ticket.doa_authorization_ids
        url = doa._postventa_verify_url()
        self.start_tour(
            url[len(doa.get_base_url()) :],
            "postventa_role_store_verifies_doa_by_qr",
            login="store_lima",
        )
        self.assertEqual((doa.state, doa.handed_serial), ("used", "T900778"))

    def test_lab_repairs_and_another_technician_passes_quality_control(self):
        env = self.env
        ana = self._user("ana").partner_id
        unit = env["postventa.unit"].create(
            {
                "product_id": env.ref("postventa_helpdesk.product_hp_deskjet").id,
                "serial": "CN20LAB001",
                "owner_id": ana.id,
                "store_id": env.ref("postventa_helpdesk.store_tienda_centro").id,
                "purchase_date": date.today() - timedelta(days=120),
                "proof_of_purchase": b"UERG",
                "proof_of_purchase_filename": "factura.pdf",
            }
        )
        ticket = env["helpdesk.ticket"].create(
            {
                "name": "Mancha las hojas",
                "description": "<p>Cada hoja sale con una franja negra.</p>",
                "partner_id": ana.id,
                "team_id": env.ref("postventa_helpdesk.team_back_line").id,
                "unit_id": unit.id,
            }
        )
        rma = env["rma"].browse(ticket.action_create_rma()["res_id"])
        receive_rma(rma)
        self.assertEqual(rma.state, "received")
        self.start_tour(
            f"/odoo/m-rma/{rma.id}", "postventa_role_lab_repairs", login="bl_tech"
        )
        repair = rma.postventa_repair_ids
        self.assertEqual(repair.qc_state, "pending")
        self.assertIn(self._user("bl_tech"), repair.repaired_by_ids)
        self.start_tour(
            f"/odoo/repair.order/{repair.id}",
            "postventa_role_qc_passes",
            login="qc_tech",
        )
        self.assertEqual(repair.qc_state, "passed")
        self.assertEqual(repair.qc_check_ids.user_id, self._user("qc_tech"))

    def test_back_line_alone_fixes_remotely_or_orders_the_lab(self):
        """Back Line's job without the lab's: resolve an escalated case remotely, or
        order the lab repair (the RMA) of a unit it cannot fix."""
        env = self.env
        back_line = new_test_user(
            env,
            "pv_role_bl",
            groups="base.group_user,postventa_helpdesk.group_back_line",
            company_id=env.ref("base.main_company").id,
        )
        self.assertFalse(back_line.has_group("postventa_rma.group_postventa_lab"))
        escalated = env.ref("postventa_helpdesk.ticket_hp_escalated").with_user(
            back_line
        )
        escalated.write(
            {
                "resolution_code_id": env.ref(
                    "postventa_helpdesk.resolution_remote"
                ).id,
                "stage_id": env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done").id,
            }
        )
        self.assertTrue(escalated.closed)
        ticket = env["helpdesk.ticket"].create(
            {
                "name": "No calienta",
                "description": "<p>Las pruebas remotas no lo resuelven.</p>",
                "partner_id": self._user("ana").partner_id.id,
                "team_id": env.ref("postventa_helpdesk.team_back_line").id,
                "unit_id": env.ref("postventa_helpdesk.unit_hp_doa").id,
            }
        )
        rma = env["rma"].browse(
            ticket.with_user(back_line).action_create_rma()["res_id"]
        )
        self.assertEqual(rma.ticket_id, ticket)

    def test_front_line_ships_a_part(self):
        env = self.env
        fl_agent = self._user("fl_agent")
        ticket = env.ref("postventa_helpdesk.ticket_hp_escalated")
        part = env["product.product"].create(
            {"name": "Cable de alimentación", "type": "consu"}
        )
        wizard = (
            env["postventa.part.shipment.wizard"]
            .with_user(fl_agent)
            .create(
                {
                    "ticket_id": ticket.id,
                    "line_ids": [
                        Command.create({"product_id": part.id, "quantity": 1})
                    ],
                }
            )
        )
        wizard.action_ship()
        self.assertEqual(ticket.part_shipment_count, 1)
