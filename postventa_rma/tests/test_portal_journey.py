"""The case page while an RMA is under way: the next step is the unit's return,
and the customer cannot close the case, neither on the page nor by the route."""

import re

from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ExchangeCase


@tagged("post_install", "-at_install")
class TestRmaPortalJourney(ExchangeCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.user = new_test_user(
            env, "pv_rma_journey", groups="base.group_portal", name="Rosa Giménez"
        )
        cls.customer = cls.user.partner_id
        cls.team = env["helpdesk.ticket.team"].create({"name": "RMA journey team"})
        cls.done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.done.close_from_portal = True
        cls.warehouse.partner_id.write(
            {"street": "Av. España 1450", "street2": False, "city": "Asunción"}
        )

    def _close(self, ticket):
        page = self.url_open("/my/account").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        return self.url_open(
            "/ticket/close",
            data={
                "csrf_token": token,
                "ticket_id": str(ticket.id),
                "stage_id": str(self.done.id),
                "reason": "I give up",
            },
        )

    def test_rma_under_way_next_step_and_no_closing(self):
        rma = self._rma(200, "JOURNEY-RMA-1", team_id=self.team.id)
        rma.operation_id = self.env.ref("rma.rma_operation_return")
        ticket = rma.ticket_id
        self.assertTrue(
            ticket._postventa_portal_can_close(), "a draft RMA is no return"
        )
        rma.action_confirm()
        step = ticket._postventa_portal_next_step()
        self.assertEqual(step["key"], "rma_return")
        self.assertIn(rma.name, step["text"])
        self.assertIn("Av. España 1450, Asunción", step["text"])
        self.assertNotRegex(step["text"], r",\s*,")

        self.assertFalse(ticket._postventa_portal_can_close())
        with self.assertRaisesRegex(UserError, "cannot be closed from the portal"):
            ticket._postventa_portal_close(self.done.id, "x", self.customer)

        self.authenticate("pv_rma_journey", "pv_rma_journey")
        page = self.url_open(f"/my/ticket/{ticket.id}").text
        self.assertIn("o_case_next_step_rma_return", page)
        self.assertNotIn("o_case_close", page)
        self.assertIn('class="mb-4 o_case_rmas"', page)
        self.assertNotIn("open", re.search(r"<details[^>]*o_case_rmas[^>]*>", page)[0])
        response = self._close(ticket)
        self.assertEqual(response.status_code, 200)
        self.env.invalidate_all()
        self.assertFalse(ticket.closed, "the route refuses it too")

        rma.action_cancel()
        self.assertTrue(ticket._postventa_portal_can_close())
        self._close(ticket)
        self.env.invalidate_all()
        self.assertTrue(ticket.closed)
