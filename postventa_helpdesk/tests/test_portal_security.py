"""Customers in the portal: each sees their own cases and nothing of anyone else's,
whatever the URL, token or RPC call tried."""

import base64
import re

from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPortalSecurity(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.user_a = new_test_user(
            env, "pv_portal_a", groups="base.group_portal", name="Customer A"
        )
        cls.user_b = new_test_user(
            env, "pv_portal_b", groups="base.group_portal", name="Customer B"
        )
        team = env["helpdesk.ticket.team"].create({"name": "Portal security team"})
        cls.done = env["helpdesk.ticket.stage"].search([("closed", "=", True)], limit=1)
        cls.done.close_from_portal = True
        cls.ticket_b = env["helpdesk.ticket"].create(
            {
                "name": "B's secret printer case",
                "description": "<p>B only</p>",
                "team_id": team.id,
                "partner_id": cls.user_b.partner_id.id,
            }
        )
        cls.ticket_a = env["helpdesk.ticket"].create(
            {
                "name": "A's own case",
                "description": "<p>A</p>",
                "team_id": team.id,
                "partner_id": cls.user_a.partner_id.id,
            }
        )
        cls.attachment_b = env["ir.attachment"].create(
            {
                "name": "invoice-b.pdf",
                "datas": base64.b64encode(b"%PDF-1.4 B's invoice"),
                "res_model": "helpdesk.ticket",
                "res_id": cls.ticket_b.id,
            }
        )
        cls.ticket_b._portal_ensure_token()

    def _rpc(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def test_other_customers_ticket_page_is_out_of_reach(self):
        self.authenticate("pv_portal_a", "pv_portal_a")
        own = self.url_open(f"/my/ticket/{self.ticket_a.id}")
        self.assertIn("A&#39;s own case", own.text)
        for url in (
            f"/my/ticket/{self.ticket_b.id}",
            f"/my/ticket/{self.ticket_b.id}?access_token=wrong-token",
        ):
            response = self.url_open(url)
            self.assertNotIn("secret printer case", response.text)
            self.assertTrue(response.url.endswith("/my"), url)
        listing = self.url_open("/my/tickets").text
        self.assertIn(self.ticket_a.number, listing)
        self.assertNotIn(self.ticket_b.number, listing)

    def test_the_right_token_opens_the_page_without_login(self):
        response = self.url_open(
            f"/my/ticket/{self.ticket_b.id}?access_token={self.ticket_b.access_token}"
        )
        self.assertIn("secret printer case", response.text)

    def _close(self, ticket):
        token = re.search(
            r'name="csrf_token" value="([^"]+)"', self.url_open("/my/account").text
        ).group(1)
        return self.url_open(
            "/ticket/close",
            data={
                "csrf_token": token,
                "ticket_id": str(ticket.id),
                "stage_id": str(self.done.id),
                "reason": "Solved",
            },
        )

    def test_closing_someone_elses_ticket_is_refused(self):
        self.authenticate("pv_portal_a", "pv_portal_a")
        self._close(self.ticket_b)
        self.ticket_b.invalidate_recordset()
        self.assertFalse(self.ticket_b.closed, "A closed B's case")
        self._close(self.ticket_a)
        self.ticket_a.invalidate_recordset()
        self.assertTrue(self.ticket_a.closed, "a customer may close their own case")

    def test_attachments_and_rpc_beyond_the_rules(self):
        self.authenticate("pv_portal_a", "pv_portal_a")
        content = self.url_open(f"/web/content/{self.attachment_b.id}")
        self.assertNotIn(b"B's invoice", content.content)
        self.assertIn(content.status_code, (403, 404))
        rows = self._rpc(
            "helpdesk.ticket", "search_read", [], fields=["name", "description"]
        )
        self.assertEqual([row["id"] for row in rows], self.ticket_a.ids)
        with self.assertRaises(JsonRpcException):
            self._rpc("helpdesk.ticket", "read", self.ticket_b.ids, ["name"])
        with self.assertRaises(JsonRpcException):
            self._rpc("helpdesk.ticket", "write", self.ticket_a.ids, {"priority": "3"})
        for model in ("postventa.doa.authorization", "postventa.visit"):
            with self.assertRaises(JsonRpcException, msg=model):
                self._rpc(model, "search_read", [], fields=["display_name"])
        # units: none of anyone else's (with postventa_rma a customer reads their
        # own, for the spare parts of /my/units; A has none)
        try:
            units = self._rpc("postventa.unit", "search_read", [], fields=["serial"])
        except JsonRpcException:
            units = []
        self.assertEqual(units, [])
