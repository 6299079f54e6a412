"""More of a working day as each role of the demo (issue 23): logistics, the
drop-off centre, a customer on the portal and the service manager, as the demo's
own logins in Chromium in Spanish. The tours
(postventa_courier/static/tests/tours/role_tours.js) assert what the person reads,
these tests what was recorded."""

from odoo import Command

from .common import RoleTourCase


class TestRoleToursMore(RoleTourCase):
    # logistics -------------------------------------------------------------
    def test_logistics_reads_its_courier_orders(self):
        self.start_tour(
            "/odoo/action-stock.stock_picking_type_action",
            "postventa_role_logistics_courier_orders",
            login="logistics",
        )

    def test_logistics_hands_out_an_exchange_unit(self):
        rma = self.env["rma"].search([("name", "=", "HPPY/RMA/00001")])
        self.assertEqual((rma.state, rma.exchange_source), ("confirmed", "new_units"))
        self.start_tour(
            f"/odoo/m-rma/{rma.id}",
            "postventa_role_logistics_exchange_unit",
            login="logistics",
        )
        move = rma.delivery_move_ids
        self.assertTrue(move, "a replacement delivery")
        self.assertEqual(move.location_id, rma.warehouse_id.postventa_new_units_loc_id)
        self.assertTrue(move.move_line_ids.lot_id, "the serial handed out is reserved")

    def test_logistics_delivers_a_part_shipment(self):
        env = self.env
        ticket = env.ref("postventa_helpdesk.ticket_hp_escalated")
        self.assertEqual(ticket.partner_id.name, "Sofía Ramírez")
        part = env["product.product"].create(
            {"name": "Cable de alimentación", "type": "consu"}
        )
        wizard = (
            env["postventa.part.shipment.wizard"]
            .with_user(self._user("fl_agent"))
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
        picking = env["stock.picking"].search([("postventa_ticket_id", "=", ticket.id)])
        self.assertEqual(len(picking), 1)
        self.start_tour(
            f"/odoo/action-stock.action_picking_tree_all/{picking.id}",
            "postventa_role_logistics_ships_a_part",
            login="logistics",
        )
        self.assertEqual(picking.state, "done")

    # the drop-off centre ---------------------------------------------------
    def test_drop_off_centre_receives_a_pre_announced_unit(self):
        order = self.env.ref("postventa_courier.order_lucia_doc")
        order.sudo().drop_off_code = "CDE4242"
        self.start_tour(
            "/my/drop-off", "postventa_role_doc_receives_a_unit", login="doc_cde"
        )
        self.assertEqual(order.state, "picked_up")
        self.assertTrue(order.doc_received_at)

    # a customer ------------------------------------------------------------
    def test_customer_opens_and_follows_a_case(self):
        ana = self._user("ana").partner_id
        self.start_tour(
            "/new/ticket", "postventa_role_customer_opens_and_follows", login="ana"
        )
        ticket = self.env["helpdesk.ticket"].search(
            [("unit_id.serial", "=", "CN99887766")]
        )
        self.assertEqual(ticket.partner_id, ana)
        self.assertEqual(ticket.warranty_state, "in_warranty")

    def test_customer_answers_the_survey_and_reopens_her_case(self):
        ticket = self.env.ref("postventa_helpdesk.ticket_hp_doa")
        ticket.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        answer = ticket.survey_user_input_id
        self.assertTrue(answer, "closing the case invites her to the survey")
        self.start_tour(
            ticket._postventa_survey_url()[len(ticket.get_base_url()) :],
            "postventa_role_customer_answers_survey",
            login="ana",
        )
        self.assertEqual(answer.state, "done")
        self.assertEqual(ticket.survey_state, "done")
        self.start_tour(
            f"/my/ticket/{ticket.id}", "postventa_role_customer_reopens", login="ana"
        )
        self.assertEqual(
            (ticket.stage_id.postventa_kind, ticket.reopen_count), ("reopened", 1)
        )
        self.assertTrue(
            ticket.message_ids.filtered(
                lambda m: "Volvió a fallar desde ayer." in (m.body or "")
            ),
            "her reason is on the case",
        )

    # the service manager ---------------------------------------------------
    def test_manager_reports_follow_the_company_switcher(self):
        Report = self.env["postventa.case.report"]
        hp = self.env.ref("base.main_company")
        kodak = self.env.ref("postventa_helpdesk.company_kodak_peru")
        for company, present, absent, total in (
            (hp, "HP DeskJet 2775", "Kodak ESP 3", 8),
            (kodak, "Kodak ESP 3", "HP DeskJet 2775", 14),
        ):
            rows = Report.search([("company_id", "=", company.id)])
            # the figures the tour reads: the demo's cases of each company
            self.assertEqual(sum(rows.mapped("case_count")), total, company.name)
            names = rows.product_id.mapped("name")
            self.assertIn(present, names)
            self.assertNotIn(absent, names)
        self.start_tour(
            "/odoo/action-postventa_helpdesk.postventa_case_report_action_failures",
            "postventa_role_manager_reports_by_company",
            login="manager",
        )
