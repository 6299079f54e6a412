"""Drop-off centres in the portal (HP Paraguay's procedure): only the orders announced
to them."""

import re

from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged

from .common import CourierSimulatorMixin


@tagged("post_install", "-at_install")
class TestDropOffCentrePortal(CourierSimulatorMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpCourier()
        env = cls.env
        cls.other_doc = cls.doc.copy({"name": "DOC Carrasco"})
        cls.doc_user = new_test_user(
            env, "pv_doc_pocitos", groups="postventa_courier.group_portal_doc"
        )
        cls.doc_user.partner_id.parent_id = cls.doc
        cls.other_doc_user = new_test_user(
            env, "pv_doc_carrasco", groups="postventa_courier.group_portal_doc"
        )
        cls.other_doc_user.partner_id.parent_id = cls.other_doc
        cls.portal_customer = new_test_user(
            env, "pv_doc_customer", groups="base.group_portal"
        )

    def _announced(self, doc):
        return self._pickup(self._ticket(courier_handover="doc", courier_doc_id=doc.id))

    def _confirm(self, code, step):
        page = self.url_open("/my/drop-off").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        return self.url_open(
            "/my/drop-off/confirm",
            data={"csrf_token": token, "code": code, "step": step},
        )

    def test_a_nul_character_is_a_bad_request_not_an_error(self):
        # attack report F9: a NUL in a code or a search reached PostgreSQL (500)
        mine = self._announced(self.doc)
        self.authenticate("pv_doc_pocitos", "pv_doc_pocitos")
        self.assertEqual(
            self._confirm("\x00" + mine.drop_off_code, "receipt").status_code, 400
        )
        self.assertEqual(self.url_open("/my/drop-off?done=%00").status_code, 400)
        mine.invalidate_recordset()
        self.assertFalse(mine.doc_received_at)
        self.authenticate("pv_doc_customer", "pv_doc_customer")
        self.assertEqual(
            self.url_open("/my/tickets?search=%00&search_in=name").status_code, 200
        )

    def test_centre_sees_and_confirms_only_its_orders(self):
        mine, theirs = self._announced(self.doc), self._announced(self.other_doc)
        self.authenticate("pv_doc_pocitos", "pv_doc_pocitos")
        page = self.url_open("/my/drop-off").text
        self.assertIn(mine.name, page)
        self.assertIn(mine.drop_off_code, page)
        self.assertNotIn(theirs.name, page)
        self.assertNotIn(theirs.drop_off_code, page)

        refused = self._confirm(theirs.drop_off_code, "receipt")
        self.assertIn("only takes units announced to it", refused.text)
        unknown = self._confirm("NOTACODE", "receipt")
        self.assertIn("only takes units announced to it", unknown.text)
        theirs.invalidate_recordset()
        self.assertFalse(theirs.doc_received_at)

        received = self._confirm(mine.drop_off_code.lower(), "receipt")
        self.assertIn("o_doc_done", received.text)
        mine.invalidate_recordset()
        self.assertEqual(mine.state, "at_doc")
        self._confirm(mine.drop_off_code, "handover")
        mine.invalidate_recordset()
        self.assertEqual(mine.state, "picked_up")
        self.assertEqual(
            mine.event_ids.filtered(lambda e: e.source == "doc").mapped("detail"),
            ["Handed over by DOC Pocitos", "Received at DOC Pocitos"],
        )

    def test_rpc_and_other_users_are_kept_out(self):
        mine, theirs = self._announced(self.doc), self._announced(self.other_doc)
        self.authenticate("pv_doc_pocitos", "pv_doc_pocitos")
        rows = self._call_courier_orders(
            "search_read", [], fields=["name", "drop_off_code"]
        )
        self.assertEqual([row["id"] for row in rows], mine.ids)
        with self.assertRaises(JsonRpcException):
            self._call_courier_orders("write", mine.ids, {"state": "delivered"})
        with self.assertRaises(JsonRpcException):
            self._call_courier_orders("read", theirs.ids, ["drop_off_code"])

        self.authenticate("pv_doc_customer", "pv_doc_customer")
        response = self.url_open("/my/drop-off")
        self.assertTrue(response.url.endswith("/my"), "a customer has no drop-off page")
        token = re.search(
            r'name="csrf_token" value="([^"]+)"', self.url_open("/my/account").text
        ).group(1)
        refused = self.url_open(
            "/my/drop-off/confirm",
            data={"csrf_token": token, "code": mine.drop_off_code, "step": "receipt"},
        )
        self.assertTrue(
            refused.url.endswith("/my"),
            "a valid request, refused for not being a centre",
        )
        mine.invalidate_recordset()
        self.assertEqual(mine.state, "requested")
        with self.assertRaises(JsonRpcException):
            self._call_courier_orders("search_read", [], fields=["name"])
