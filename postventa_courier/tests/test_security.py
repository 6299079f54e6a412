from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import CourierCase


class TestCourierSecurity(CourierCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.agent = new_test_user(
            env, "pv_courier_agent", groups="helpdesk_mgmt.group_helpdesk_user_own"
        )
        cls.other_agent = new_test_user(
            env, "pv_courier_other", groups="helpdesk_mgmt.group_helpdesk_user_own"
        )
        cls.team.user_ids = cls.agent
        cls.portal = new_test_user(env, "pv_courier_portal", groups="base.group_portal")

    def test_agent_requests_a_pickup_for_a_case_they_work_on(self):
        ticket = self._ticket(user_id=self.agent.id)
        order_id = ticket.with_user(self.agent).action_courier_pickup()["res_id"]
        order = (
            self.env["postventa.courier.order"].with_user(self.agent).browse(order_id)
        )
        self.assertEqual(order.state, "requested")
        with self.assertRaises(AccessError):
            order.scheduled_date = "2030-01-01"
        with self.assertRaises(AccessError):
            self.env["postventa.courier.recoordinate.wizard"].with_user(
                self.agent
            ).create({"order_id": order.id, "new_date": "2030-01-01"})
        with self.assertRaises(AccessError):
            self.env["postventa.courier.outbox"].with_user(self.agent).search([])
        # asking the courier for news is open to whoever sees the order
        self._process_outbox()
        self.sim.emit(order.tracking_number, "picked_up")
        order.action_refresh_tracking()
        self.assertEqual(order.state, "picked_up")

    def test_agents_do_not_see_orders_of_cases_they_cannot_see(self):
        ticket = self._ticket(user_id=self.agent.id)
        order = self._pickup(ticket)
        Order = self.env["postventa.courier.order"]
        self.assertEqual(
            Order.with_user(self.agent).search([("id", "=", order.id)]), order
        )
        self.assertFalse(
            Order.with_user(self.other_agent).search([("id", "=", order.id)])
        )
        with self.assertRaises(AccessError):
            Order.with_user(self.other_agent).browse(order.id).read(["tracking_number"])
        with self.assertRaises(AccessError):
            ticket.with_user(self.other_agent).action_courier_pickup()
        self.assertEqual(len(ticket.courier_order_ids), 1)

    def test_portal_users_and_agents_never_read_courier_secrets(self):
        order = self._pickup()
        with self.assertRaises(AccessError):
            self.env["postventa.courier.order"].with_user(self.portal).browse(
                order.id
            ).read(["name"])
        carrier = self.carrier.with_user(self.logistics)
        self.assertEqual(carrier.name, "Test courier")
        with self.assertRaises(AccessError):
            carrier.read(["postventa_api_key"])
        with self.assertRaises(AccessError):
            carrier.read(["postventa_webhook_secret"])
