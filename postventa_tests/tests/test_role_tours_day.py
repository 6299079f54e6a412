"""More of a working day as each role of the demo (issue 23), HP Paraguay's
procedure: Back Line fixing an escalated case remotely and ordering the lab for one
it cannot fix; the lab's day from the intake to the service report (intake with
numbered accessories, repair, quality control by another technician, packing check,
the unit dispatched, the report the customer receives). The demo's own logins in
Chromium in Spanish; the tours (postventa_rma/static/tests/tours/role_tours_day.js)
assert what the person reads, these tests what was recorded."""

from datetime import date, timedelta

from odoo import fields

from .common import RoleTourCase


class TestRoleToursDay(RoleTourCase):
    def _case(self, serial, name, description):
        env = self.env
        ana = self._user("ana").partner_id
        unit = env["postventa.unit"].create(
            {
                "product_id": env.ref("postventa_helpdesk.product_hp_deskjet").id,
                "serial": serial,
                "owner_id": ana.id,
                "store_id": env.ref("postventa_helpdesk.store_tienda_centro").id,
                "purchase_date": date.today() - timedelta(days=120),
                "proof_of_purchase": b"UERG",
                "proof_of_purchase_filename": "factura.pdf",
            }
        )
        return env["helpdesk.ticket"].create(
            {
                "name": name,
                "description": f"<p>{description}</p>",
                "partner_id": ana.id,
                "team_id": env.ref("postventa_helpdesk.team_back_line").id,
                "unit_id": unit.id,
            }
        )

    # Back Line -------------------------------------------------------------
    def test_back_line_fixes_an_escalated_case_remotely(self):
        ticket = self.env.ref("postventa_helpdesk.ticket_hp_escalated")
        self.assertEqual(ticket.team_id.name, "HP Paraguay - Back Line")
        self.start_tour(
            f"/odoo/helpdesk.ticket/{ticket.id}",
            "postventa_role_day_bl_remote_fix",
            login="bl_tech",
        )
        self.assertTrue(ticket.closed)
        self.assertEqual(
            ticket.resolution_code_id,
            self.env.ref("postventa_helpdesk.resolution_remote"),
        )
        # the customer keeps the case's number for her records (seed 000, 3.b.i)
        closing = ticket.message_ids.filtered(
            lambda m: m.subject == f"Caso {ticket.number} cerrado"
        )
        self.assertTrue(closing, "the customer is told her case closed, by number")
        mail = (
            self.env["mail.mail"]
            .sudo()
            .search([("mail_message_id", "in", closing.ids)])
        )
        self.assertTrue(mail)
        self.assertNotIn(
            "Ticket", mail[0].body_html, "a case, in the mail's layout too"
        )
        self.assertEqual(
            ticket.with_context(lang="es_419")._get_model_description(ticket._name),
            "caso",
        )

    def test_back_line_orders_the_lab_for_a_case_it_cannot_fix(self):
        ticket = self._case(
            "CN20BL0001", "No calienta", "Las pruebas remotas no lo resuelven."
        )
        self.start_tour(
            f"/odoo/helpdesk.ticket/{ticket.id}",
            "postventa_role_day_bl_orders_the_lab",
            login="bl_tech",
        )
        rma = ticket.rma_ids
        self.assertEqual(len(rma), 1)
        self.assertEqual(rma.lot_id.name, "CN20BL0001")
        self.assertEqual(rma.create_uid, self._user("bl_tech"))
        self.assertEqual(rma.state, "confirmed")
        self.assertEqual(rma.operation_id.name, "Repair")

    # the lab ---------------------------------------------------------------
    def test_lab_day_from_intake_to_the_service_report(self):
        env = self.env
        ticket = self._case(
            "CN20LAB002", "Mancha las hojas", "Cada hoja sale con una franja negra."
        )
        ana = ticket.partner_id
        rma = env["rma"].browse(ticket.action_create_rma()["res_id"])
        rma.operation_id = env.ref("rma.rma_operation_return")
        rma.action_confirm()
        receipt = rma.reception_move_id.picking_id
        receipt.move_ids.picked = True
        receipt.button_validate()
        self.assertEqual(rma.state, "received")
        bl_tech = self._user("bl_tech")

        # intake, with every accessory numbered
        self.start_tour(
            f"/odoo/m-rma/{rma.id}", "postventa_role_day_lab_intake", login="bl_tech"
        )
        intake = rma.lab_intake_ids
        self.assertEqual(len(intake.line_ids), 2)
        self.assertTrue(
            all(n.startswith("ACC-") for n in intake.line_ids.mapped("intake_number"))
        )
        self.assertEqual(intake.create_uid, bl_tech)

        # repair, then quality control by another technician (tests/test_role_tours)
        self.start_tour(
            f"/odoo/m-rma/{rma.id}", "postventa_role_lab_repairs", login="bl_tech"
        )
        repair = rma.postventa_repair_ids
        self.start_tour(
            f"/odoo/repair.order/{repair.id}",
            "postventa_role_qc_passes",
            login="qc_tech",
        )
        self.assertEqual(repair.qc_state, "passed")
        repair.with_user(bl_tech).action_repair_end()

        # logistics prepares the way back; the lab may not let it leave unpacked
        rma.with_user(self._user("logistics")).create_return(
            fields.Datetime.now(), rma.product_uom_qty, rma.product_uom
        )
        delivery = rma.delivery_move_ids.picking_id
        delivery.move_ids.lot_ids = rma.lot_id
        delivery_url = f"/odoo/action-stock.action_picking_tree_all/{delivery.id}"
        self.start_tour(
            delivery_url, "postventa_role_day_lab_packing_held", login="bl_tech"
        )
        self.assertNotEqual(delivery.state, "done")
        self.start_tour(
            f"/odoo/action-postventa_rma.postventa_lab_intake_action/{intake.id}",
            "postventa_role_day_lab_packs",
            login="bl_tech",
        )
        cable, cartridge = intake.line_ids.sorted("sequence")
        self.assertTrue(cable.packed)
        self.assertIn("consentimiento", cartridge.packing_exception)
        self.start_tour(
            delivery_url, "postventa_role_day_lab_dispatches", login="bl_tech"
        )
        self.assertEqual(delivery.state, "done")

        # the customer receives the service report, in Spanish
        mail = rma.message_ids.filtered(lambda m: ana in m.partner_ids)
        self.assertEqual(len(mail), 1)
        self.assertIn("vuelve a usted", mail.subject)
        self.assertIn("control de calidad", mail.body)
        self.assertTrue(mail.attachment_ids.name.startswith("Informe de servicio"))
        report = mail.attachment_ids.raw.decode()
        for text in (
            "Informe de servicio",
            "Ana Benítez",
            "CN20LAB002",
            "(en garantía, sin cargo)",
            "Falla reportada",
            "Diagnóstico",
            "Fusor dañado",
            "Trabajo realizado",
            "Se reemplazó el fusor",
            "Pruebas",
            "20 páginas de prueba",
            "Control de calidad",
            "Aprobado",
        ):
            self.assertIn(text, report)
        self.start_tour(
            f"/my/ticket/{ticket.id}",
            "postventa_role_day_customer_reads_service_report",
            login="ana",
        )
