"""Cross-addon scenario (HP Paraguay's procedure): a customer's case for a printer in
warranty, its RMA, the courier pickup, the lab, the courier delivery back, the automatic
closure and the satisfaction survey invitation."""

from datetime import date, timedelta

from odoo.addons.postventa_courier.tests.common import CourierSimulatorMixin
from odoo.addons.postventa_rma.tests.common import (
    lab_intake,
    lab_user,
    return_without_repair,
    validate,
)

from .common import ScenarioCase


class TestCaseToCourierAndSurvey(CourierSimulatorMixin, ScenarioCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        return_without_repair(cls.env)
        cls.setUpCourier()
        env = cls.env
        cls.survey = env["survey.survey"].create(
            {
                "title": "Scenario satisfaction",
                "access_mode": "token",
                "question_and_page_ids": [
                    (
                        0,
                        0,
                        {"title": "How was the service?", "question_type": "text_box"},
                    )
                ],
            }
        )
        cls.team.survey_id = cls.survey
        cls.product = env["product.product"].create(
            {
                "name": "Scenario laser printer",
                "is_storable": True,
                "tracking": "serial",
            }
        )
        env["postventa.warranty.policy"].create(
            {
                "name": "Scenario 12 months",
                "product_tmpl_id": cls.product.product_tmpl_id.id,
                "doa_days": 15,
                "warranty_months": 12,
                "proof_required": False,
            }
        )
        cls.lab = lab_user(env, "pv_scn_lab")

    def test_repair_case_travels_both_ways_and_ends_with_the_survey(self):
        env = self.env
        unit = env["postventa.unit"].create(
            {
                "product_id": self.product.id,
                "serial": "SCN-COURIER-1",
                "owner_id": self.customer.id,
                "purchase_date": date.today() - timedelta(days=120),
            }
        )
        ticket = env["helpdesk.ticket"].create(
            {
                "name": "Paper jam after four months",
                "description": "<p>Jams on every page.</p>",
                "partner_id": self.customer.id,
                "unit_id": unit.id,
                "team_id": self.team.id,
            }
        )
        self.assertEqual(ticket.warranty_state, "in_warranty")
        self.assertEqual(ticket.zone_id, self.zone)

        rma = env["rma"].browse(ticket.action_create_rma()["res_id"])
        rma.operation_id = env.ref("rma.rma_operation_return")
        rma.action_confirm()
        pickup = env["postventa.courier.order"].browse(
            ticket.with_user(self.logistics).action_courier_pickup()["res_id"]
        )
        self._process_outbox()
        self._track(pickup, "picked_up", "in_transit", "delivered")
        self.assertEqual(pickup.state, "delivered")

        validate(rma.reception_move_id.picking_id)
        self.assertEqual(rma.state, "received")
        intake = lab_intake(rma, self.lab, "Power cable", condition="Good")
        self.assertTrue(intake.name)

        rma.create_return(date.today(), rma.product_uom_qty, rma.product_uom)
        delivery = env["postventa.courier.order"].browse(
            rma.with_user(self.logistics).action_courier_delivery()["res_id"]
        )
        self._process_outbox()
        self._track(delivery, "picked_up", "in_transit")
        self.assertFalse(ticket.closed)
        self.assertFalse(ticket.survey_user_input_id)
        self._track(delivery, "delivered")

        self.assertTrue(ticket.closed)
        self.assertTrue(ticket.survey_user_input_id, "the survey goes out on closure")
        invitation = ticket.message_ids.filtered(
            lambda m: self.customer in m.partner_ids
            and "/survey/start/" in (m.body or "")
        )
        self.assertEqual(len(invitation), 1)
        self.assertEqual(
            [o.state for o in ticket.courier_order_ids.sorted("id")],
            ["delivered", "delivered"],
        )
        self.assertEqual(
            len(self.sim.shipments), 2, "one shipment each way, no duplicate"
        )
