from datetime import date, datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase


class TestTicketRma(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.product = cls.env["product.product"].create(
            {"name": "Test Hibertek AIO", "is_storable": True}
        )
        cls.customer = cls.env["res.partner"].create({"name": "Hibertek customer"})
        cls.unit = cls.env["postventa.unit"].create(
            {
                "product_id": cls.product.id,
                "serial": "AIO-RMA-1",
                "purchase_date": date(2025, 1, 5),
            }
        )

    def _ticket(self, **values):
        return self.env["helpdesk.ticket"].create(
            dict(
                {
                    "name": "Screen flickers",
                    "description": "<p>LCD flickers after boot.</p>",
                    "partner_id": self.customer.id,
                    "unit_id": self.unit.id,
                    "opening_date": datetime(2025, 6, 1, 10, 0),
                },
                **values,
            )
        )

    def test_rma_from_case_carries_unit_and_customer(self):
        ticket = self._ticket()
        action = ticket.action_create_rma()
        rma = self.env["rma"].browse(action["res_id"])
        self.assertEqual(rma.state, "draft")
        self.assertEqual(rma.ticket_id, ticket)
        self.assertEqual(rma.partner_id, self.customer)
        self.assertEqual(rma.product_id, self.product)
        self.assertEqual(rma.origin, ticket.number)
        self.assertEqual(rma.unit_id, self.unit)
        self.assertEqual(ticket.rma_count, 1)
        self.assertEqual(
            self.env["rma"].search(ticket.action_view_rmas()["domain"]), rma
        )

    def test_case_without_unit_refused(self):
        ticket = self._ticket(unit_id=False)
        with self.assertRaises(UserError):
            ticket.action_create_rma()
        self.assertEqual(
            self.env["rma"].search_count([("ticket_id", "=", ticket.id)]), 0
        )

    def test_lab_intake_resolution_opens_the_rma(self):
        ticket = self._ticket()
        agent = new_test_user(
            self.env, "pv_rma_agent", groups="helpdesk_mgmt.group_helpdesk_user"
        )
        ticket.with_user(agent).resolution_code_id = self.env.ref(
            "postventa_helpdesk.resolution_lab"
        )
        # setting the resolution has no side effect: its action opens the RMA
        self.assertFalse(ticket.rma_ids)
        self.assertTrue(ticket.with_user(agent).resolution_creates_rma)
        ticket.with_user(agent).action_postventa_apply_resolution()
        self.assertEqual(len(ticket.rma_ids), 1)
        self.assertEqual(ticket.rma_ids.product_id, self.product)
        # applying it again does not open a second one
        ticket.resolution_code_id = self.env.ref("postventa_helpdesk.resolution_remote")
        ticket.with_user(agent).action_postventa_apply_resolution()
        ticket.resolution_code_id = self.env.ref("postventa_helpdesk.resolution_lab")
        ticket.with_user(agent).action_postventa_apply_resolution()
        self.assertEqual(len(ticket.rma_ids), 1)

    def test_apply_resolution_needs_the_right_to_change_the_case(self):
        ticket = self._ticket()
        ticket.resolution_code_id = self.env.ref("postventa_helpdesk.resolution_lab")
        portal = new_test_user(self.env, "pv_rma_portal", groups="base.group_portal")
        with self.assertRaises(AccessError):
            ticket.with_user(portal).action_postventa_apply_resolution()
        self.assertFalse(ticket.rma_ids)

    def test_rma_document_tells_where_to_send_the_unit(self):
        rma = self.env["rma"].browse(self._ticket().action_create_rma()["res_id"])
        rma.warehouse_id.partner_id.write(
            {"street": "Palma 550", "street2": False, "city": "Asunción"}
        )
        self.assertIn(rma.name, rma.postventa_shipping_instructions)
        self.assertIn("Palma 550, Asunción", rma.postventa_shipping_instructions)
        self.assertNotIn(", ,", rma.postventa_shipping_instructions)
        self.assertIn(
            rma.warehouse_id.partner_id.name, rma.postventa_shipping_instructions
        )
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("rma.report_rma_action", rma.ids)[0]
            .decode()
        )
        self.assertIn("How to send us the unit", html)
