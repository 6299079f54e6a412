"""Customers follow their returns from the case page: the RMA, the lab's intake
receipt, the service report; never another customer's."""

from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged

from .common import ExchangeCase, lab_intake, lab_user


@tagged("post_install", "-at_install")
class TestRmaPortal(ExchangeCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.user_a = new_test_user(
            env, "pv_rma_a", groups="base.group_portal", name="Rosa Giménez"
        )
        cls.user_b = new_test_user(
            env, "pv_rma_b", groups="base.group_portal", name="Bruno Ayala"
        )
        cls.lab_tech = lab_user(env, "pv_rma_lab")

    def _received(self, user, serial):
        self.customer = user.partner_id
        rma = self._received_rma(200, serial)
        return rma, lab_intake(rma, self.lab_tech)

    def test_customer_follows_the_return_and_downloads_the_intake_receipt(self):
        rma_a, intake_a = self._received(self.user_a, "PORTAL-RMA-A")
        rma_b, intake_b = self._received(self.user_b, "PORTAL-RMA-B")
        case_a, case_b = rma_a.ticket_id, rma_b.ticket_id
        self.authenticate("pv_rma_a", "pv_rma_a")
        page = self.url_open(f"/my/ticket/{case_a.id}").text
        self.assertIn(rma_a.name, page)
        self.assertIn("o_case_rma_state", page)
        self.assertIn(f"/document/intake-{intake_a.id}", page)
        self.assertNotIn(
            "/document/service-", page, "no service report before the repair is done"
        )
        receipt = self.url_open(f"/my/ticket/{case_a.id}/document/intake-{intake_a.id}")
        self.assertEqual(receipt.headers["Content-Type"], "application/pdf")
        self.assertIn("Scratched lid", receipt.text)

        for url in (
            f"/my/ticket/{case_a.id}/document/intake-{intake_b.id}",
            f"/my/ticket/{case_b.id}/document/intake-{intake_b.id}",
        ):
            self.assertEqual(self.url_open(url).status_code, 404, url)

    def test_another_customers_rma_is_out_of_reach(self):
        rma_a, _intake = self._received(self.user_a, "PORTAL-RMA-C")
        rma_b, _intake = self._received(self.user_b, "PORTAL-RMA-D")
        rma_b._portal_ensure_token()
        self.authenticate("pv_rma_a", "pv_rma_a")
        self.assertIn(rma_a.name, self.url_open(f"/my/rmas/{rma_a.id}").text)
        for url in (f"/my/rmas/{rma_b.id}", f"/my/rmas/{rma_b.id}?access_token=wrong"):
            response = self.url_open(url)
            self.assertNotIn(rma_b.name, response.text, url)
        listing = self.url_open("/my/rmas").text
        self.assertIn(rma_a.name, listing)
        self.assertNotIn(rma_b.name, listing)
        rows = self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": "rma",
                "method": "search_read",
                "args": [[]],
                "kwargs": {"fields": ["name"]},
            },
        )
        self.assertEqual([row["id"] for row in rows], rma_a.ids)
        for model, ids in (("rma", rma_b.ids), ("postventa.lab.intake", _intake.ids)):
            with self.assertRaises(JsonRpcException, msg=model):
                self.make_jsonrpc_request(
                    "/web/dataset/call_kw",
                    {
                        "model": model,
                        "method": "read",
                        "args": [ids, ["name"]],
                        "kwargs": {},
                    },
                )

    def test_rma_transfer_pdf_only_of_that_rma(self):
        rma_a, _intake = self._received(self.user_a, "PORTAL-RMA-E")
        rma_b, _intake = self._received(self.user_b, "PORTAL-RMA-F")
        receipt_a = rma_a.reception_move_id.picking_id
        receipt_b = rma_b.reception_move_id.picking_id
        token = rma_a._portal_ensure_token()
        for login in ("pv_rma_a", None):
            if login:
                self.authenticate(login, login)
            else:
                self.logout()
            own = self.url_open(
                f"/my/rma/picking/pdf/{rma_a.id}/{receipt_a.id}?access_token={token}"
            )
            self.assertEqual(own.headers["Content-Type"], "application/pdf", login)
            self.assertIn(receipt_a.name, own.text)
            # the token of one's own RMA opens no other transfer
            for url in (
                f"/my/rma/picking/pdf/{rma_a.id}/{receipt_b.id}?access_token={token}",
                f"/my/rma/picking/pdf/{rma_b.id}/{receipt_b.id}?access_token={token}",
                f"/my/rma/picking/pdf/{rma_a.id}/99999999999?access_token={token}",
                f"/my/rma/picking/pdf/99999999999/{receipt_b.id}",
            ):
                response = self.url_open(url)
                self.assertNotEqual(
                    response.headers.get("Content-Type"), "application/pdf", url
                )
                self.assertNotIn(receipt_b.name, response.text, url)
                self.assertNotIn("Bruno Ayala", response.text, url)
        # without the token, the customer's own RMA still gives its transfers
        self.authenticate("pv_rma_a", "pv_rma_a")
        own = self.url_open(f"/my/rma/picking/pdf/{rma_a.id}/{receipt_a.id}")
        self.assertEqual(own.headers["Content-Type"], "application/pdf")

    def test_rma_list_survives_bad_sorting_and_dates(self):
        rma_a, _intake = self._received(self.user_a, "PORTAL-RMA-G")
        self.authenticate("pv_rma_a", "pv_rma_a")
        for query in (
            "sortby=nonsense",
            "date_begin=abc&date_end=2030-01-01",
            "date_begin=2020-01-01&date_end=2099-01-01&sortby=name",
        ):
            response = self.url_open(f"/my/rmas?{query}")
            self.assertEqual(response.status_code, 200, query)
            self.assertIn(rma_a.name, response.text, query)
