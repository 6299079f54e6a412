"""The case page while the courier carries the unit: the pickup is the one next
step (before the RMA's "send it to..."), and the case cannot be closed."""

import re

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
