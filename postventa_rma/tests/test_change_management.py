"""Aserti's Change Management Centre: a change is evaluated (what, effort,
planned date, who), quoted from the case with sale's own quotation, and the
customer's answer moves the case on from sale.order's state change, whatever door
changed it. The SLA clock waits while the quotation is with the customer."""

import re
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import TransactionCase

from odoo.addons.postventa_helpdesk.tests.common import PostventaCase

from .test_spare_parts import SIGNATURE


class ChangeCase(PostventaCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env.company.portal_confirmation_pay = False
        env["postventa.sla.policy"].search([]).active = False
        cls.hours = cls._create_aserti_hours()
        cls.policy = env["postventa.sla.policy"].create(
            {
                "name": "Change: 5 days",
                "target": "resolution",
                "hours": 40,
                "calendar_id": cls.hours.id,
            }
        )
        cls.stage_change = env.ref("postventa_helpdesk.stage_change_management")
        cls.stage_awaiting = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting")
        cls.coordinator = new_test_user(
            env,
            "pv_change_sales",
            groups="helpdesk_mgmt.group_helpdesk_user,sales_team.group_sale_salesman",
            name="Change coordinator",
        )
        cls.technician = new_test_user(
            env,
            "pv_change_tech",
            groups="helpdesk_mgmt.group_helpdesk_user",
            name="Change technician",
        )
        cls.customer_user = new_test_user(
            env, "pv_change_customer", groups="base.group_portal", name="ERP customer"
        )
        cls.customer = cls.customer_user.partner_id
        cls.service = env["product.product"].create(
            {"name": "Test development hour", "type": "service", "list_price": 60}
        )

    def _change_case(self, evaluated=True):
        ticket = self._ticket(
            name="ERP update to 2025.2",
            opened=datetime(2025, 10, 20, 7, 0),
            stage_id=self.stage_change.id,
        )
        if evaluated:
            ticket.write(
                {
                    "change_description": "<p>Update the ERP and migrate reports.</p>",
                    "change_effort_hours": 16,
                    "change_planned_date": "2025-11-03",
                    "change_evaluated_by_id": self.technician.id,
                }
            )
        return ticket

    def _quote(self, ticket):
        action = ticket.with_user(self.coordinator).action_create_change_quotation()
        order = self.env["sale.order"].browse(action["res_id"])
        order.order_line = [
            fields.Command.create(
                {"product_id": self.service.id, "product_uom_qty": 16}
            )
        ]
        return order

    def _send(self, ticket):
        action = ticket.with_user(self.coordinator).action_send_change_quotation()
        composer = (
            self.env["mail.compose.message"]
            .with_user(self.coordinator)
            .with_context(**action["context"])
            .create({})
        )
        composer.action_send_mail()


class TestChangeManagement(ChangeCase, TransactionCase):
    def test_the_evaluation_comes_before_the_quotation_is_sent(self):
        ticket = self._change_case(evaluated=False)
        order = self._quote(ticket)
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.postventa_ticket_id, ticket)
        self.assertEqual(order.postventa_purpose, "change")
        self.assertEqual(order.company_id, ticket.company_id)
        with self.assertRaisesRegex(UserError, "the estimated effort"):
            ticket.with_user(self.coordinator).action_send_change_quotation()
        # whatever door: marking it sent or confirming it directly
        with self.assertRaises(UserError):
            order.with_user(self.coordinator).action_quotation_sent()
        with self.assertRaises(UserError):
            order.with_user(self.coordinator).action_confirm()
        self.assertEqual(order.state, "draft")
        with self.assertRaises(UserError):
            ticket.with_user(self.coordinator).action_create_change_quotation()

    def test_sent_pauses_the_sla_and_confirming_moves_the_case_on(self):
        ticket = self._change_case()
        order = self._quote(ticket)
        with freeze_time("2025-10-21 08:00:00"):  # Tue 10:00 Madrid
            self._send(ticket)
            self.assertEqual(order.state, "sent")
            self.assertEqual(ticket.sla_pause_start, datetime(2025, 10, 21, 8, 0))
            self.assertEqual(ticket.sla_status, "paused")
        mail = order.message_ids.filtered(lambda m: m.message_type == "comment")[:1]
        self.assertIn(order.name, mail.subject or "")
        deadline = ticket.sla_resolution_deadline
        with freeze_time("2025-10-22 08:00:00"):  # Wed 10:00 Madrid
            # the backend door: a salesman confirms it on the customer's word
            order.with_user(self.coordinator).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(ticket.stage_id, self.stage_in_progress)
        self.assertFalse(ticket.sla_pause_start)
        self.assertAlmostEqual(ticket.sla_paused_hours, 8.5)
        self.assertGreater(ticket.sla_resolution_deadline, deadline)
        activity = ticket.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.technician)
        self.assertEqual(str(activity.date_deadline), "2025-11-03")
        self.assertIn(order.name, activity.summary)

    def test_the_evaluation_of_a_quoted_change_stays_complete(self):
        ticket = self._change_case()
        self._quote(ticket)
        self._send(ticket)
        with self.assertRaises(ValidationError):
            ticket.change_effort_hours = 0

    def test_cancelled_quotation_sends_the_case_back_to_the_customer(self):
        ticket = self._change_case()
        order = self._quote(ticket)
        self._send(ticket)
        order.with_context(disable_cancel_warning=True).action_cancel()
        self.assertEqual(ticket.stage_id, self.stage_awaiting)
        self.assertIn(f"Quotation {order.name} cancelled", ticket.message_ids[0].body)
        self.assertTrue(ticket.sla_pause_start, "the customer has the ball")
        # a new quotation can be made and sent: back to change management
        order2 = self._quote(ticket)
        self._send(ticket)
        self.assertEqual(order2.state, "sent")
        self.assertEqual(ticket.stage_id, self.stage_change)

    def test_expired_quotation_moves_the_case_once(self):
        ticket = self._change_case()
        order = self._quote(ticket)
        self._send(ticket)
        order.validity_date = fields.Date.today() - timedelta(days=1)
        SaleOrder = self.env["sale.order"]
        self.assertEqual(SaleOrder._cron_postventa_expire_change_quotations(), 1)
        self.assertEqual(ticket.stage_id, self.stage_awaiting)
        self.assertIn("expired", ticket.message_ids[0].body)
        notes = len(ticket.message_ids)
        self.assertEqual(SaleOrder._cron_postventa_expire_change_quotations(), 0)
        # the agent takes it up again: the expired quotation no longer holds the
        # clock
        ticket.stage_id = self.stage_in_progress
        self.assertFalse(ticket.sla_pause_start)
        order.with_context(disable_cancel_warning=True).action_cancel()
        self.assertEqual(len(ticket.message_ids), notes, "moved once")
        self.assertEqual(ticket.stage_id, self.stage_in_progress)

    def test_spare_parts_and_repair_quotations_leave_the_case_alone(self):
        ticket = self._change_case(evaluated=False)
        order = self.env["sale.order"].create(
            {"partner_id": self.customer.id, "postventa_ticket_id": ticket.id}
        )
        order.action_quotation_sent()
        order.action_confirm()
        self.assertEqual(ticket.stage_id, self.stage_change)


@tagged("post_install", "-at_install")
class TestChangePortal(ChangeCase, HttpCase):
    def test_customer_accepts_in_the_portal(self):
        ticket = self._change_case()
        order = self._quote(ticket)
        self._send(ticket)
        self.authenticate("pv_change_customer", "pv_change_customer")
        result = self.make_jsonrpc_request(
            f"/my/orders/{order.id}/accept",
            {
                "access_token": order.access_token,
                "name": "ERP customer",
                "signature": SIGNATURE,
            },
        )
        self.assertNotIn("error", result)
        self.env.invalidate_all()
        self.assertEqual(order.state, "sale")
        self.assertEqual(ticket.stage_id, self.stage_in_progress)
        self.assertEqual(ticket.activity_ids.user_id, self.technician)
        self.assertFalse(ticket.sla_pause_start)

    def test_customer_declines_in_the_portal_with_a_reason(self):
        ticket = self._change_case()
        order = self._quote(ticket)
        self._send(ticket)
        self.authenticate("pv_change_customer", "pv_change_customer")
        response = self.url_open(
            f"/my/orders/{order.id}/decline",
            data={
                "access_token": order.access_token,
                "decline_message": "Too expensive for this quarter",
                "csrf_token": self._csrf(order),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.env.invalidate_all()
        self.assertEqual(order.state, "cancel")
        self.assertEqual(ticket.stage_id, self.stage_awaiting)
        note = ticket.message_ids.filtered(
            lambda m: "Too expensive for this quarter" in (m.body or "")
        )
        self.assertEqual(len(note), 1)
        self.assertTrue(note.is_internal)

    def _csrf(self, order):
        page = self.url_open(order.get_portal_url()).text
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
