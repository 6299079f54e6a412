"""Cross-addon scenario: a phone case for a dead-on-arrival unit, then its RMA."""

from datetime import date, timedelta

from .common import ScenarioCase


class TestCaseToRma(ScenarioCase):
    def test_phone_case_doa_then_rma(self):
        env = self.env
        product = env["product.product"].create(
            {"name": "Scenario printer", "is_storable": True}
        )
        env["postventa.warranty.policy"].create(
            {
                "name": "Scenario DOA 15",
                "product_tmpl_id": product.product_tmpl_id.id,
                "doa_days": 15,
                "warranty_months": 12,
                "proof_required": False,
            }
        )
        front = env["helpdesk.ticket.team"].create(
            {"name": "Scenario FL", "postventa_tier": "front"}
        )
        wizard = env["postventa.intake.wizard"].create(
            {
                "partner_name": "María Duarte",
                "contact_email": "maria@example.com",
                "product_id": product.id,
                "serial": "SCN-001",
                "purchase_date": date.today() - timedelta(days=3),
                "name": "Does not power on",
                "description": "<p>Dead out of the box.</p>",
                "team_id": front.id,
            }
        )
        ticket = env["helpdesk.ticket"].browse(wizard.action_register()["res_id"])
        self.assertEqual(ticket.warranty_state, "doa")
        ticket.action_issue_doa()
        self.assertEqual(ticket.doa_authorization_ids.state, "issued")
        rma = env["rma"].browse(ticket.action_create_rma()["res_id"])
        self.assertEqual(rma.ticket_id, ticket)
        self.assertEqual(rma.unit_id.serial, "SCN-001")
        self.assertEqual(rma.warranty_state, "doa")
