import base64

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user

from .common import PostventaCase


class TestIntake(PostventaCase):
    def _intake(self, user=None, **values):
        vals = {
            "partner_name": "Constructora Ybytú S.A.",
            "contract_number": "CT-2025-044",
            "product_id": self.kodak.id,
            "serial": "t765432",
            "location": "Planta 2, oficina de compras",
            "contact_name": "Luis Gómez",
            "contact_phone": "+595 981 000 111",
            "contact_email": "luis@ybytu.example.com",
            "name": "Printer shows error 3527",
            "description": "<p>Error 3527 after a paper jam.</p>",
            "purchase_date": self.d(2025, 5, 1),
            "proof_of_purchase": base64.b64encode(b"receipt"),
            "proof_of_purchase_filename": "factura.pdf",
            "store_id": self.store.id,
            "team_id": self.front_line.id,
            "severity": "high",
            "urgency": "critical",
        }
        vals.update(values)
        wizard = self.env["postventa.intake.wizard"].with_user(user or self.env.user)
        action = wizard.create(vals).action_register()
        return self.env["helpdesk.ticket"].browse(action["res_id"])

    def test_phone_intake_registers_everything(self):
        ticket = self._intake()
        unit = ticket.unit_id
        self.assertEqual(unit.serial, "T765432")
        self.assertEqual(unit.product_id, self.kodak)
        self.assertEqual(unit.contract_number, "CT-2025-044")
        self.assertEqual(unit.location, "Planta 2, oficina de compras")
        self.assertEqual(unit.store_id, self.store)
        self.assertEqual(unit.proof_of_purchase_filename, "factura.pdf")
        self.assertEqual(ticket.partner_id.name, "Luis Gómez")
        self.assertEqual(ticket.partner_id.parent_id.name, "Constructora Ybytú S.A.")
        self.assertEqual(unit.owner_id, ticket.partner_id.parent_id)
        self.assertEqual(ticket.partner_phone, "+595 981 000 111")
        self.assertEqual(ticket.partner_email, "luis@ybytu.example.com")
        self.assertEqual(
            ticket.channel_id,
            self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_phone"),
        )
        self.assertEqual(ticket.priority, "3")
        self.assertEqual(ticket.warranty_policy_id, self.policy_kodak)
        self.assertTrue(ticket.has_proof_of_purchase)

    def test_second_case_reuses_unit_and_shows_history(self):
        first = self._intake()
        self.assertEqual(first.unit_history_count, 0)
        second = self._intake(
            name="Again error 3527",
            partner_id=first.partner_id.id,
            purchase_date=False,
            proof_of_purchase=False,
        )
        self.assertEqual(second.unit_id, first.unit_id)
        self.assertEqual(
            second.unit_id.purchase_date, self.d(2025, 5, 1), "known data kept"
        )
        self.assertEqual(second.unit_history_count, 1)
        self.assertEqual(second.unit_history_ids, first)
        first.invalidate_recordset(["unit_history_ids", "unit_history_count"])
        self.assertEqual(first.unit_history_count, 1)
        self.assertEqual(first.unit_id.ticket_count, 2)
        self.assertEqual(
            self.env["res.partner"].search_count([("name", "=", "Luis Gómez")]), 1
        )
        wizard = self.env["postventa.intake.wizard"].new(
            {"product_id": self.kodak.id, "serial": " t765432"}
        )
        self.assertEqual(
            wizard.unit_id, first.unit_id, "the agent sees the unit while typing"
        )

    def test_known_caller_found_by_email_as_the_portal_finds_them(self):
        """The agent who does not pick the customer finds them by e-mail, the
        address compared as the portal compares it (normalised)."""
        first = self._intake()
        second = self._intake(
            serial="T765433",
            partner_name="Ybytú",
            contact_email="Luis Gómez <LUIS@ybytu.example.com>",
        )
        customer = first.partner_id.commercial_partner_id
        self.assertEqual(second.partner_id.commercial_partner_id, customer)
        self.assertEqual(
            self.env["res.partner"]._postventa_find_by_email(" Luis@Ybytu.example.com"),
            customer,
        )
        self.assertFalse(self.env["res.partner"]._postventa_find_by_email("luis"))

    def test_malformed_serial_stores_nothing(self):
        partners = self.env["res.partner"].search_count([])
        # no savepoint here: whatever the wizard wrote before refusing would stay
        try:
            self._intake(serial="K99")
        except ValidationError as err:
            self.assertIn("Expected form", str(err))
        else:
            self.fail("a malformed serial was accepted")
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
        self.assertFalse(self.env["postventa.unit"].search([("serial", "=", "K99")]))

    def test_customer_name_required(self):
        with self.assertRaisesRegex(UserError, "full name"):
            self._intake(partner_name=False)

    def test_register_case_needs_product_and_serial_together(self):
        with self.assertRaisesRegex(UserError, "both the product and its serial"):
            self.env["helpdesk.ticket"]._postventa_register_case(
                {"name": "x", "description": "x", "serial": "T000000"}
            )

    def test_phone_cases_start_on_the_agents_front_line(self):
        wizard = self.env["postventa.intake.wizard"].with_user(self.agent)
        self.assertEqual(wizard.new({})._default_team(), self.front_line)
        ticket = self._intake(team_id=False)
        self.assertFalse(ticket.team_id, "a cleared team stays cleared")
        ticket = self._intake(serial="T765433")
        self.assertEqual(ticket.team_id, self.front_line)
        self.assertEqual(
            ticket.escalation_team_id, self.back_line, "and can be escalated"
        )

    def test_a_front_line_agent_registers_new_and_known_callers(self):
        """The contact centre's job (group_front_line only): a new caller's contact is
        created, a known one's edited (her new address), by the agent herself."""
        agent = new_test_user(
            self.env,
            "pv_intake_fl",
            groups="base.group_user,postventa_helpdesk.group_front_line",
        )
        self.front_line.user_ids = [Command.link(agent.id)]
        first = self._intake(user=agent, proof_of_purchase=False)
        self.assertEqual(first.partner_id.create_uid, agent)
        self.assertEqual(first.partner_id.parent_id.name, "Constructora Ybytú S.A.")
        known = first.partner_id.parent_id
        second = self._intake(
            user=agent,
            partner_id=known.id,
            partner_name=False,
            contact_name=False,
            street="Av. España 1200",
            serial="t765433",
            proof_of_purchase=False,
        )
        self.assertEqual(second.partner_id, known)
        self.assertEqual(known.street, "Av. España 1200")
