"""Stores in the portal (Kodak Perú's procedure): DOA authorisations of their own units
only."""

import re
from datetime import date, timedelta

from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged

from .common import PostventaCase


@tagged("post_install", "-at_install")
class TestStorePortal(PostventaCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.store.is_company = True
        cls.other_store = env["res.partner"].create(
            {
                "name": "Tienda Shopping del Sol",
                "is_postventa_store": True,
                "is_company": True,
            }
        )
        cls.clerk = new_test_user(
            env, "pv_store_centro", groups="postventa_helpdesk.group_portal_store"
        )
        cls.clerk.partner_id.parent_id = cls.store
        new_test_user(
            env, "pv_store_sol", groups="postventa_helpdesk.group_portal_store"
        ).partner_id.parent_id = cls.other_store
        cls.ticket = cls._doa_case("DOA-PORTAL-1", cls.store)
        cls.other_ticket = cls._doa_case("DOA-PORTAL-2", cls.other_store)
        cls.doa = cls.ticket.doa_authorization_ids
        cls.other_doa = cls.other_ticket.doa_authorization_ids
        cls._store_stock(cls.store, cls.hp, "NEW-SN-777", "NEW-SN-778")
        cls._store_stock(cls.other_store, cls.hp, "NEW-SN-1")

    @classmethod
    def _doa_case(cls, serial, store):
        unit = cls._unit(cls.hp, serial, date(2025, 5, 28))
        unit.store_id = store
        ticket = cls._ticket(unit)
        ticket.action_issue_doa()
        return ticket

    def _verify(self, number):
        return self.url_open(f"/my/store?number={number}").text

    def _exchange(self, number, serial, confirmed=True):
        """Choose the unit, then (``confirmed``) confirm it on the next page."""
        token = re.search(
            r'name="csrf_token" value="([^"]+)"',
            self._verify(number) + self.url_open("/my/account").text,
        ).group(1)
        data = {"csrf_token": token, "number": number, "serial": serial}
        response = self.url_open("/my/store/exchange", data=data)
        if not confirmed or "o_doa_exchange_confirm" not in response.text:
            return response
        return self.url_open("/my/store/exchange", data=dict(data, confirmed="1"))

    def test_store_verifies_its_doa_and_confirms_the_exchange(self):
        self.authenticate("pv_store_centro", "pv_store_centro")
        page = self._verify(self.doa.name.lower())
        self.assertIn("o_doa_valid", page)
        self.assertIn("DOA-PORTAL-1", page)
        self.assertIn("o_doa_exchange_form", page)

        confirm = self._exchange(self.doa.name, "NEW-SN-777", confirmed=False)
        self.assertIn("o_doa_exchange_confirm", confirm.text)
        self.assertIn("NEW-SN-777", confirm.text)
        self.assertEqual(self.doa.state, "issued", "nothing recorded before confirming")

        response = self._exchange(self.doa.name, "NEW-SN-777")
        self.assertIn("/my/store/exchanged", response.url)
        self.assertIn("o_doa_exchange_done", response.text)
        self.assertIn("NEW-SN-777", response.text)
        self.assertEqual(
            (self.doa.state, self.doa.handed_serial), ("used", "NEW-SN-777")
        )
        self.assertTrue(self.ticket.doa_exchanged)
        self.assertEqual(self.ticket.stage_id.postventa_kind, "progress")
        self.assertEqual(
            self.ticket._postventa_portal_next_step()["key"], "doa_exchanged"
        )
        self.assertTrue(
            self.ticket.message_ids.filtered(
                lambda m: "handed out serial NEW-SN-777" in m.body
            )
        )

        again = self._exchange(self.doa.name, "NEW-SN-778")
        self.assertIn("already used", again.text)
        self.assertEqual(self.doa.handed_serial, "NEW-SN-777")

    def test_the_unit_handed_out_is_checked_before_anything_is_recorded(self):
        self.authenticate("pv_store_centro", "pv_store_centro")
        refused = {
            "": "Give the serial number",
            "DOA-PORTAL-1": "the defective unit itself",
        }
        if "postventa_stock_location_id" in self.env["res.partner"]._fields:
            # the store's stock is known: only a unit of it
            refused["NEW-SN-1"] = "not a unit of Test HP DeskJet in your store"
            self.assertIn("NEW-SN-778", self._verify(self.doa.name))
            self.assertNotIn("NEW-SN-1", self._verify(self.doa.name))
        for serial, message in refused.items():
            page = self._exchange(self.doa.name, serial).text
            self.assertIn(message, page, serial)
            self.assertNotIn("o_doa_exchange_confirm", page)
        self.assertEqual(self.doa.state, "issued")

    def test_other_stores_and_bad_numbers_are_not_found(self):
        self.authenticate("pv_store_centro", "pv_store_centro")
        for number in (self.other_doa.name, "DOA/9999/99999", "<script>x</script>"):
            page = self._verify(number)
            self.assertIn("o_doa_not_found", page, number)
            self.assertNotIn("DOA-PORTAL-2", page)
        self.assertNotIn("<script>x</script>", page, "the number is escaped")
        refused = self._exchange(self.other_doa.name, "NEW-SN-1")
        self.assertIn("not one of your store", refused.text)
        self.assertEqual(self.other_doa.state, "issued")

    def test_expired_doa(self):
        self.doa._postventa_action_write(
            {"valid_until": date.today() - timedelta(days=1)}
        )
        self.authenticate("pv_store_centro", "pv_store_centro")
        self.assertIn("o_doa_expired", self._verify(self.doa.name))
        self.assertIn("expired on", self._exchange(self.doa.name, "NEW-SN-2").text)
        self.assertEqual(self.doa.state, "issued")

    def test_store_sees_only_its_cases(self):
        self.authenticate("pv_store_centro", "pv_store_centro")
        page = self._verify("")
        self.assertIn(self.ticket.number, page)
        self.assertNotIn(self.other_ticket.number, page)
        rows = self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": "helpdesk.ticket",
                "method": "search_read",
                "args": [[]],
                "kwargs": {"fields": ["number"]},
            },
        )
        self.assertEqual([row["id"] for row in rows], self.ticket.ids)
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw",
                {
                    "model": "postventa.doa.authorization",
                    "method": "read",
                    "args": [self.other_doa.ids, ["serial"]],
                    "kwargs": {},
                },
            )
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw",
                {
                    "model": "helpdesk.ticket",
                    "method": "write",
                    "args": [self.ticket.ids, {"name": "changed by the store"}],
                    "kwargs": {},
                },
            )

    def test_customers_have_no_store_page(self):
        new_test_user(self.env, "pv_store_customer", groups="base.group_portal")
        self.authenticate("pv_store_customer", "pv_store_customer")
        self.assertTrue(
            self.url_open(f"/my/store?number={self.doa.name}").url.endswith("/my")
        )

    def _walk_in(self, **form):
        data = {
            "csrf_token": re.search(
                r'name="csrf_token" value="([^"]+)"',
                self.url_open("/my/store/case").text,
            ).group(1),
            "customer_name": "Rosa Villalba",
            "customer_email": "Rosa.Villalba@Example.com",
            "phone": "+595 981 222 333",
            "product_id": str(self.aio.id),
            "serial": "HBK-WALKIN-1",
            "purchase_date": str(date.today() - timedelta(days=4)),
            "description": "No image.",
            "subject": "Blank screen",
        }
        data.update(form)
        return self.url_open("/my/store/case", data=data)

    def test_store_opens_a_case_for_a_walk_in_customer(self):
        self.authenticate("pv_store_centro", "pv_store_centro")
        response = self._walk_in()
        ticket = self.env["helpdesk.ticket"].search([("serial", "=", "HBK-WALKIN-1")])
        self.assertEqual(len(ticket), 1)
        self.assertIn("o_store_case_opened", response.text)
        self.assertIn(
            ticket.number, response.text, "the store reads the number to the customer"
        )
        customer = ticket.partner_id
        self.assertEqual(
            (customer.name, customer.email),
            ("Rosa Villalba", "rosa.villalba@example.com"),
        )
        self.assertEqual(
            ticket.store_id, self.store, "bought at the store that opened it"
        )
        self.assertEqual(
            ticket.channel_id,
            self.env.ref("postventa_helpdesk.helpdesk_ticket_channel_store"),
        )
        acknowledgement = ticket.message_ids.filtered(
            lambda m: customer in m.partner_ids and ticket.number in (m.body or "")
        )
        self.assertEqual(
            len(acknowledgement), 1, "the customer gets the acknowledgement"
        )
        self.assertEqual(
            self.env["mail.mail"].search_count(
                [
                    ("mail_message_id", "=", acknowledgement.id),
                    ("recipient_ids", "in", customer.ids),
                ]
            ),
            1,
            "one mail to the customer (the assignee, a follower, gets a copy)",
        )

        # the same customer comes back: found by e-mail, not registered twice
        self._walk_in(customer_email="rosa.villalba@example.com", serial="HBK-WALKIN-2")
        second = self.env["helpdesk.ticket"].search([("serial", "=", "HBK-WALKIN-2")])
        self.assertEqual(second.partner_id, customer)

    def test_walk_in_customer_who_gives_only_a_phone(self):
        self.authenticate("pv_store_centro", "pv_store_centro")
        response = self._walk_in(
            customer_email="", serial="HBK-WALKIN-TEL", phone="+595 981 444 555"
        )
        ticket = self.env["helpdesk.ticket"].search([("serial", "=", "HBK-WALKIN-TEL")])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(
            (ticket.partner_id.name, ticket.partner_id.email, ticket.partner_id.phone),
            ("Rosa Villalba", False, "+595 981 444 555"),
        )
        self.assertIn("o_store_case_number_to_give", response.text)
        self.assertIn(ticket.number, response.text)
        # she comes back with another unit: the same customer
        self._walk_in(
            customer_email="", serial="HBK-WALKIN-TEL2", phone="+595 981 444 555"
        )
        second = self.env["helpdesk.ticket"].search(
            [("serial", "=", "HBK-WALKIN-TEL2")]
        )
        self.assertEqual(second.partner_id, ticket.partner_id)
        # neither e-mail nor phone: refused, nothing stored
        response = self._walk_in(customer_email="", phone="", serial="HBK-WALKIN-NO")
        self.assertIn("o_case_form_error", response.text)
        self.assertFalse(
            self.env["helpdesk.ticket"].search([("serial", "=", "HBK-WALKIN-NO")])
        )

    def test_walk_in_case_bad_input_stores_nothing(self):
        self.authenticate("pv_store_centro", "pv_store_centro")
        partners = self.env["res.partner"].search_count([])
        for form, message in (
            ({"customer_email": "not-an-email"}, "e-mail address"),
            ({"customer_name": " "}, "customer&#39;s name"),
            ({"serial": ""}, "serial number"),
        ):
            self.assertIn(message, self._walk_in(**form).text)
        self.assertFalse(
            self.env["helpdesk.ticket"].search([("serial", "=", "HBK-WALKIN-1")])
        )
        self.assertEqual(self.env["res.partner"].search_count([]), partners)

    def test_customers_cannot_open_store_cases(self):
        new_test_user(self.env, "pv_store_customer2", groups="base.group_portal")
        self.authenticate("pv_store_customer2", "pv_store_customer2")
        self.assertTrue(self.url_open("/my/store/case").url.endswith("/my"))

    def test_store_reads_no_internal_note(self):
        self.ticket.message_post(
            body="Repair cost 150 USD, margin 40 %", subtype_xmlid="mail.mt_note"
        )
        self.ticket.message_post(
            body="Your exchange is authorised.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.authenticate("pv_store_centro", "pv_store_centro")
        page = self.url_open(f"/my/ticket/{self.ticket.id}").text
        self.assertIn(self.ticket.number, page)
        self.assertNotIn("Repair cost", page)
        result = self.make_jsonrpc_request(
            "/mail/thread/messages",
            {"thread_model": "helpdesk.ticket", "thread_id": self.ticket.id},
        )
        bodies = " ".join(
            str(message.get("body"))
            for message in result["data"].get("mail.message", [])
        )
        self.assertIn("Your exchange is authorised.", bodies)
        self.assertNotIn("Repair cost", bodies)
        self.assertNotIn(
            self.other_ticket.number,
            self.url_open(f"/my/ticket/{self.other_ticket.id}").text,
        )
