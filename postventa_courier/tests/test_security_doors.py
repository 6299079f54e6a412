"""Every rule of the courier holds at every door: JSON-RPC as each role would call
it, the portal pages with bad input, and the webhook."""

import json
import re

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged

from odoo.addons.postventa_courier.models import postventa_courier_order

from .common import CourierCase, CourierSimulatorMixin


class TestCarrierAddress(CourierCase):
    def test_api_url_of_a_carrier_with_a_key_is_for_system_administrators(self):
        stock_manager = new_test_user(
            self.env, "pv_stock_manager", groups="stock.group_stock_manager"
        )
        admin = new_test_user(
            self.env,
            "pv_sys_admin",
            groups="base.group_system,stock.group_stock_manager",
        )
        carrier = self.carrier.with_user(stock_manager)
        with self.assertRaisesMessage(AccessError, "its API key is sent there"):
            carrier.write({"postventa_api_url": "https://evil.example/"})
        self.assertEqual(self.carrier.postventa_api_url, self.sim.url)
        # the rest of the carrier stays theirs, and the same address is no change
        carrier.write(
            {"postventa_read_timeout": 2.0, "postventa_api_url": self.sim.url}
        )
        self.assertEqual(self.carrier.postventa_read_timeout, 2.0)
        # a carrier without a key sends none
        keyless = self.carrier.copy({"postventa_code": "test-keyless"})
        self.assertFalse(keyless.postventa_api_key)
        keyless.with_user(stock_manager).postventa_api_url = "https://other.example/"
        self.assertEqual(keyless.postventa_api_url, "https://other.example/")
        self.carrier.with_user(admin).postventa_api_url = "https://courier.example/"
        self.assertEqual(self.carrier.postventa_api_url, "https://courier.example/")


@tagged("post_install", "-at_install")
class TestCourierDoors(CourierSimulatorMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpCourier()
        env = cls.env
        cls.other_doc = cls.doc.copy({"name": "DOC Carrasco"})
        new_test_user(
            env, "pv_door_doc", groups="postventa_courier.group_portal_doc"
        ).partner_id.parent_id = cls.doc
        new_test_user(
            env, "pv_door_other_doc", groups="postventa_courier.group_portal_doc"
        ).partner_id.parent_id = cls.other_doc
        cls.store = env["res.partner"].create(
            {
                "name": "Tienda Puertas",
                "street": "Av. Italia 3100",
                "city": "Montevideo",
                "country_id": env.ref("base.uy").id,
                "is_postventa_store": True,
                "is_company": True,
            }
        )
        new_test_user(
            env, "pv_door_store", groups="postventa_helpdesk.group_portal_store"
        ).partner_id.parent_id = cls.store
        cls.agent = new_test_user(
            env, "pv_door_agent", groups="helpdesk_mgmt.group_helpdesk_user"
        )
        cls.customer_user = new_test_user(
            env, "pv_door_customer", groups="base.group_portal"
        )
        cls.stock_manager = new_test_user(
            env, "pv_door_stock_manager", groups="stock.group_stock_manager"
        )

    def setUp(self):
        super().setUp()
        # wrong drop-off codes are counted in memory: each test starts afresh
        postventa_courier_order._DOC_CODE_FAILURES.clear()
        self.env["ir.config_parameter"].set_param(
            "postventa_courier.doc_code_max_failures", "3"
        )

    def _call(self, model, method, args, kwargs=None):
        """A JSON-RPC call as the web client makes it; a refusal raises
        JsonRpcException with the error's name and the message the user reads."""
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {
                        "model": model,
                        "method": method,
                        "args": args,
                        "kwargs": kwargs or {},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        response.raise_for_status()
        answer = response.json()
        if "error" in answer:
            data = answer["error"]["data"]
            raise JsonRpcException(
                answer["error"]["code"], f"{data['name']}: {data['message']}"
            )
        return answer["result"]

    def _csrf(self, url):
        page = self.url_open(url).text
        found = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert found, page[-3000:]
        return found.group(1)

    def _announced(self, doc):
        order = self._pickup(
            self._ticket(courier_handover="doc", courier_doc_id=doc.id)
        )
        self._process_outbox()  # the order
        self._process_outbox()  # its label
        return order

    def test_only_logistics_and_the_centre_confirm_by_rpc(self):
        order = self._announced(self.doc)
        for login in ("pv_door_agent", "pv_door_other_doc", "pv_door_customer"):
            self.authenticate(login, login)
            for method in (
                "postventa_doc_confirm_receipt",
                "postventa_doc_confirm_handover",
            ):
                with self.assertRaises(JsonRpcException, msg=(login, method)):
                    self._call(
                        "res.partner", method, [self.doc.ids, order.drop_off_code]
                    )
        order.invalidate_recordset()
        self.assertEqual((order.state, order.doc_received_at), ("scheduled", False))
        self.authenticate("pv_door_doc", "pv_door_doc")
        self._call(
            "res.partner",
            "postventa_doc_confirm_receipt",
            [self.doc.ids, order.drop_off_code],
        )
        order.invalidate_recordset()
        self.assertEqual(order.state, "at_doc")
        self.authenticate(self.logistics.login, self.logistics.login)
        self._call(
            "res.partner",
            "postventa_doc_confirm_handover",
            [self.doc.ids, order.drop_off_code],
        )
        order.invalidate_recordset()
        self.assertEqual(order.state, "picked_up")

    def test_wrong_drop_off_codes_are_limited_per_user_and_centre(self):
        order = self._announced(self.doc)
        theirs = self._announced(self.other_doc)
        self.authenticate("pv_door_doc", "pv_door_doc")
        for attempt in range(3):
            page = self.url_open(
                "/my/drop-off/confirm",
                data={
                    "csrf_token": self._csrf("/my/drop-off"),
                    "code": f"WRONG{attempt}",
                    "step": "receipt",
                },
            )
            self.assertIn("only takes units announced to it", page.text)
        # the right code now waits, at the page as by RPC
        page = self.url_open(
            "/my/drop-off/confirm",
            data={
                "csrf_token": self._csrf("/my/drop-off"),
                "code": order.drop_off_code,
                "step": "receipt",
            },
        )
        self.assertEqual(page.status_code, 200)
        self.assertIn("Too many wrong drop-off codes for DOC Pocitos", page.text)
        with self.assertRaises(JsonRpcException) as refused:
            self._call(
                "res.partner",
                "postventa_doc_confirm_receipt",
                [self.doc.ids, order.drop_off_code],
            )
        self.assertIn("Too many wrong drop-off codes", str(refused.exception))
        order.invalidate_recordset()
        self.assertEqual((order.state, order.doc_received_at), ("scheduled", False))
        # another centre's user is not held back by them
        self.authenticate("pv_door_other_doc", "pv_door_other_doc")
        self._call(
            "res.partner",
            "postventa_doc_confirm_receipt",
            [self.other_doc.ids, theirs.drop_off_code],
        )
        theirs.invalidate_recordset()
        self.assertEqual(theirs.state, "at_doc")

    def test_portal_users_make_no_call_to_the_courier(self):
        doc_order = self._announced(self.doc)
        ticket = self._ticket(partner_id=self.customer_user.partner_id.id)
        self.sim.requests.clear()
        for login, method, args in (
            ("pv_door_doc", "action_refresh_tracking", []),
            ("pv_door_doc", "action_cancel", []),
            ("pv_door_doc", "action_recoordinate", ["2030-01-01"]),
        ):
            self.authenticate(login, login)
            with self.assertRaises(JsonRpcException, msg=(login, method)) as refused:
                self._call("postventa.courier.order", method, [doc_order.ids, *args])
            self.assertIn("Only our staff", str(refused.exception))
        self.authenticate("pv_door_customer", "pv_door_customer")
        with self.assertRaises(JsonRpcException):
            self._call("helpdesk.ticket", "action_courier_pickup", [ticket.ids])
        self.assertFalse(ticket.courier_order_ids)
        self._process_outbox()
        self.assertEqual(self.sim.requests, [], "no call reached the courier")
        doc_order.invalidate_recordset()
        self.assertEqual(doc_order.state, "scheduled")
        # staff who see the order may ask
        self.authenticate("pv_door_agent", "pv_door_agent")
        self.sim.emit(doc_order.tracking_number, "picked_up")
        self._call(
            "postventa.courier.order", "action_refresh_tracking", [doc_order.ids]
        )
        doc_order.invalidate_recordset()
        self.assertEqual(doc_order.state, "picked_up")

    def test_carrier_address_is_not_moved_by_rpc(self):
        self.authenticate("pv_door_stock_manager", "pv_door_stock_manager")
        with self.assertRaises(JsonRpcException) as refused:
            self._call(
                "delivery.carrier",
                "write",
                [self.carrier.ids, {"postventa_api_url": "https://evil.example/"}],
            )
        self.assertIn("its API key is sent there", str(refused.exception))
        self.carrier.invalidate_recordset()
        self.assertEqual(self.carrier.postventa_api_url, self.sim.url)

    def test_store_handover_answers_bad_input_with_its_page(self):
        self.authenticate("pv_door_store", "pv_door_store")
        for order_id in ("abc", "99999999999", "-1", "1e3", "²", "", "0"):
            response = self.url_open(
                "/my/store/handover",
                data={
                    "csrf_token": self._csrf("/my/store/case"),
                    "order_id": order_id,
                },
            )
            self.assertEqual(response.status_code, 200, order_id)
            self.assertIn("is not waiting at Tienda Puertas", response.text, order_id)
            self.assertNotIn("invalid literal", response.text, order_id)
        self.assertEqual(self.url_open("/my/store/handover").status_code, 405)
