"""The case page while the courier carries the unit: the pickup is the one next
step (before the RMA's "send it to..."), and the case cannot be closed."""

import re
from datetime import date, datetime, timedelta

from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import CourierSimulatorMixin


@tagged("post_install", "-at_install")
class TestCourierPortalJourney(CourierSimulatorMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpCourier()
        env = cls.env
        cls.user = new_test_user(
            env, "pv_courier_journey", groups="base.group_portal", name="Sofía"
        )
        cls.user.partner_id.write(
            {
                "street": "Av. 18 de Julio 1234",
                "city": "Montevideo",
                "country_id": env.ref("base.uy").id,
            }
        )
        cls.customer = cls.user.partner_id
        cls.done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.done.close_from_portal = True

    def test_pickup_is_the_next_step_and_closing_is_refused(self):
        ticket = self._ticket()
        self.assertTrue(ticket._postventa_portal_can_close())
        order = self._pickup(ticket)
        step = ticket._postventa_portal_next_step()
        self.assertEqual(step["key"], "courier_pickup")
        self.assertIn("Av. 18 de Julio 1234, Montevideo", step["text"])
        self.assertFalse(ticket._postventa_portal_can_close())
        with self.assertRaisesRegex(UserError, "cannot be closed from the portal"):
            ticket._postventa_portal_close(self.done.id, "x", self.customer)

        self.authenticate("pv_courier_journey", "pv_courier_journey")
        page = self.url_open(f"/my/ticket/{ticket.id}").text
        self.assertEqual(page.count("o_case_next_step "), 1, "one next step")
        self.assertIn("o_case_next_step_courier_pickup", page)
        self.assertNotIn("o_case_close", page)
        token = re.search(
            r'name="csrf_token" value="([^"]+)"', self.url_open("/my/account").text
        ).group(1)
        self.url_open(
            "/ticket/close",
            data={
                "csrf_token": token,
                "ticket_id": str(ticket.id),
                "stage_id": str(self.done.id),
                "reason": "x",
            },
        )
        self.env.invalidate_all()
        self.assertFalse(ticket.closed, "the route refuses it too")

        order.with_user(self.logistics).action_cancel()
        self.assertIsNone(ticket._postventa_portal_next_step())
        self.assertTrue(ticket._postventa_portal_can_close())

    def test_doa_case_with_pickup_shows_only_the_pickup(self):
        product = self.env["product.product"].create({"name": "Journey DOA printer"})
        self.env["postventa.warranty.policy"].create(
            {
                "name": "Journey DOA 15",
                "product_tmpl_id": product.product_tmpl_id.id,
                "doa_days": 15,
                "warranty_months": 12,
                "proof_required": False,
            }
        )
        unit = self.env["postventa.unit"].create(
            {
                "product_id": product.id,
                "serial": "JOURNEY-DOA-1",
                "owner_id": self.customer.id,
                "purchase_date": date.today() - timedelta(days=3),
            }
        )
        ticket = self._ticket(unit_id=unit.id, opening_date=datetime.now())
        ticket.action_issue_doa()
        self.assertEqual(
            ticket._postventa_portal_next_step()["key"], "doa_document", "before"
        )
        self._pickup(ticket)
        self.assertEqual(ticket._postventa_portal_next_step()["key"], "courier_pickup")
        self.authenticate("pv_courier_journey", "pv_courier_journey")
        page = self.url_open(f"/my/ticket/{ticket.id}").text
        self.assertEqual(page.count("o_case_next_step "), 1)
        self.assertNotIn("o_case_next_step_doa_document", page)
        self.assertIn("o_case_document", page, "the DOA document stays downloadable")

    def test_a_spanish_customer_follows_the_pickup(self):
        self.env["res.lang"]._activate_lang("es_419")
        self.customer.lang = "es_419"
        ticket = self._ticket()
        self._pickup(ticket)
        self.start_tour(
            f"/my/ticket/{ticket.id}",
            "postventa_es_customer_follows_pickup",
            login="pv_courier_journey",
        )
