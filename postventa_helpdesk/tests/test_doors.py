"""The case's rules hold at every door, not only behind their buttons: JSON-RPC,
upstream routes, a store's session, a plain GET (issue: every rule at every door)."""

import re
from datetime import date, datetime, timedelta

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged

from .common import PostventaCase

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF"


class TestCaseInvariants(PostventaCase):
    """Backend roles: fields only actions write, approval, warranty."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.security = cls.env["postventa.classification"].create(
            {"name": "Test security/access", "requires_approval": True}
        )
        cls.other_class = cls.env["postventa.classification"].create(
            {"name": "Test incident"}
        )

    def test_approval_fields_change_only_through_the_approve_action(self):
        ticket = self._ticket(classification_id=self.security.id)
        self.assertEqual(ticket.approval_state, "pending")
        as_agent = ticket.with_user(self.agent)
        for vals in (
            {"approved_date": datetime.now(), "approved_by_id": self.manager.id},
            {"approved_by_id": self.agent.id},
            {"escalation_reason": "forged", "escalated_by_id": self.manager.id},
            {"sla_pause_start": datetime.now()},
            {"first_response_date": datetime.now()},
        ):
            with self.assertRaisesRegex(AccessError, "only through its actions"):
                as_agent.write(vals)
        with self.assertRaises(AccessError):
            self.env["helpdesk.ticket"].with_user(self.agent).create(
                {"name": "Pre-approved", "approved_date": datetime.now()}
            )
        self.assertEqual(ticket.approval_state, "pending")
        with self.assertRaisesRegex(AccessError, "helpdesk manager"):
            as_agent.action_approve()
        ticket.with_user(self.manager).action_approve()
        self.assertEqual(ticket.approval_state, "approved")
        self.assertEqual(ticket.approved_by_id, self.manager)

    def test_reclassifying_away_from_approval_needs_a_manager(self):
        ticket = self._ticket(classification_id=self.security.id)
        with self.assertRaisesRegex(AccessError, "only a helpdesk manager"):
            ticket.with_user(self.agent).write({"classification_id": False})
        with self.assertRaisesRegex(AccessError, "only a helpdesk manager"):
            ticket.with_user(self.agent).classification_id = self.other_class
        self.assertEqual(ticket.classification_id, self.security)
        # into an approval is fine for anyone; out of it, for a manager
        plain = self._ticket(classification_id=self.other_class.id)
        plain.with_user(self.agent).classification_id = self.security
        self.assertEqual(plain.approval_state, "pending")
        ticket.with_user(self.manager).classification_id = self.other_class
        self.assertEqual(ticket.approval_state, "not_required")

    def test_escalation_still_records_who_and_why(self):
        ticket = self._ticket()
        ticket.with_user(self.agent)._postventa_escalate("Needs a specialist")
        self.assertEqual(ticket.escalated_by_id, self.agent)
        self.assertEqual(ticket.escalation_count, 1)
        self.assertEqual(ticket.team_id, self.back_line)

    def test_warranty_is_the_one_evaluated_on_opening(self):
        unit = self._unit(self.hp, "FROZEN-1", date(2025, 5, 25))
        ticket = self._ticket(unit)  # opened 2025-06-01: 7 days, DOA
        self.assertEqual(ticket.warranty_state, "doa")
        unit.purchase_date = date(2023, 1, 1)
        self.assertEqual(
            ticket.warranty_state, "doa", "another door changed the unit's data"
        )
        self.assertEqual(ticket.warranty_purchase_date, date(2025, 5, 25))
        ticket.with_user(self.agent).action_reevaluate_warranty()
        self.assertEqual(ticket.warranty_state, "out_of_warranty")
        self.assertIn(
            "Warranty re-evaluated", ticket.message_ids[:1].body, "said in the chatter"
        )
        # an agent correcting the date on the case re-evaluates that case only
        second = self._ticket(unit)
        ticket.with_user(self.agent).purchase_date = date(2025, 5, 30)
        self.assertEqual(ticket.warranty_state, "doa")
        self.assertEqual(second.warranty_state, "out_of_warranty")

    def test_notes_are_internal_comments(self):
        ticket = self._ticket()
        ticket.with_user(self.agent)._postventa_escalate("Needs a specialist")
        note = ticket.message_ids.filtered(lambda m: "Escalated" in (m.body or ""))
        self.assertTrue(note.is_internal)
        self.assertEqual(note.message_type, "comment")
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))


@tagged("post_install", "-at_install")
class TestPortalDoors(PostventaCase, HttpCase):
    """Customers and stores at the portal's doors."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.user = new_test_user(
            env,
            "pv_door_customer",
            groups="base.group_portal",
            name="Ana Benítez",
            email="ana.door@example.com",
        )
        cls.partner = cls.user.partner_id
        cls.store.is_company = True
        cls.other_store = env["res.partner"].create(
            {"name": "Tienda del Sol", "is_postventa_store": True, "is_company": True}
        )
        cls.clerk = new_test_user(
            env, "pv_door_store", groups="postventa_helpdesk.group_portal_store"
        )
        cls.clerk.partner_id.parent_id = cls.store
        cls.other_clerk = new_test_user(
            env, "pv_door_sol", groups="postventa_helpdesk.group_portal_store"
        )
        cls.other_clerk.partner_id.parent_id = cls.other_store
        cls.front_line.write({"show_in_portal": True, "portal_reopen_days": 15})
        cls.done = cls.stage_done
        cls.done.close_from_portal = True
        cls.unit = cls._unit(
            cls.hp, "DOOR-1", date.today() - timedelta(days=5), owner_id=cls.partner.id
        )
        cls.unit.owner_id = cls.partner
        cls.case = cls._ticket(
            cls.unit, opened=datetime.now(), partner_id=cls.partner.id
        )

    def _csrf(self, url="/my/account"):
        return re.search(
            r'name="csrf_token" value="([^"]+)"', self.url_open(url).text
        ).group(1)

    def _rpc(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def _close(self, reason="Solved by restarting it", csrf=True, ticket=None):
        data = {
            "ticket_id": str((ticket or self.case).id),
            "stage_id": str(self.done.id),
            "reason": reason,
        }
        if csrf:
            data["csrf_token"] = self._csrf()
        return self.url_open("/ticket/close", data=data)

    def _state(self):
        self.env.invalidate_all()
        return self.case.stage_id, self.case.closed

    # --- closing from the portal ------------------------------------------------
    def test_a_plain_link_closes_nothing(self):
        before = self._state()
        self.authenticate("pv_door_customer", "pv_door_customer")
        response = self.url_open(
            f"/ticket/close?ticket_id={self.case.id}&stage_id={self.done.id}"
        )
        self.assertEqual(response.status_code, 405)
        self.assertEqual(self._state(), before)
        response = self._close(csrf=False)
        self.assertEqual(response.status_code, 400, "no CSRF token")
        self.assertEqual(self._state(), before)

    def test_customer_confirms_closing_with_a_reason(self):
        self.authenticate("pv_door_customer", "pv_door_customer")
        page = self.url_open(f"/my/ticket/{self.case.id}").text
        self.assertIn("o_case_close", page)
        self.assertIn('action="/ticket/close"', page)
        self.assertIn('name="reason"', page, "the confirmation asks why")
        self._close()
        self.assertTrue(self.case.closed)
        self.assertTrue(
            self.case.message_ids.filtered(
                lambda m: "Solved by restarting it" in (m.body or "")
                and m.author_id == self.partner
            )
        )

    def test_stores_read_cases_and_change_none(self):
        self.unit.store_id = self.store
        self.authenticate("pv_door_store", "pv_door_store")
        listing = self.url_open("/my/tickets")
        self.assertEqual(listing.status_code, 200, "the store's Tickets link works")
        self.assertIn(self.case.number, listing.text)
        page = self.url_open(f"/my/ticket/{self.case.id}").text
        self.assertIn(self.case.number, page, "the store reads its customer's case")
        self.assertNotIn("o_case_close", page)
        before = self._state()
        self._close()
        self.assertEqual(self._state(), before, "a store closed its customer's case")
        # closed by the customer's side: the store neither reopens it nor sees
        # the survey link (it opens the answer without a login)
        self.case.stage_id = self.done
        survey = self.env["survey.survey"].create(
            {"title": "Door survey", "access_mode": "token"}
        )
        self.front_line.survey_id = survey
        self.case._postventa_send_survey()
        self.assertTrue(self.case.survey_user_input_id)
        page = self.url_open(f"/my/ticket/{self.case.id}").text
        self.assertNotIn(self.case.survey_user_input_id.access_token, page)
        self.assertNotIn("o_case_reopen_form", page)
        response = self.url_open(
            f"/my/ticket/{self.case.id}/reopen",
            data={"csrf_token": self._csrf(), "reason": "Store says no"},
        )
        self.assertNotEqual(response.status_code, 500)
        self.env.invalidate_all()
        self.assertTrue(self.case.closed, "a store reopened its customer's case")
        with self.assertRaises(JsonRpcException):
            self._rpc(
                "helpdesk.ticket", "read", self.case.ids, ["survey_user_input_id"]
            )
        # the customer does see the link
        self.authenticate("pv_door_customer", "pv_door_customer")
        page = self.url_open(f"/my/ticket/{self.case.id}").text
        self.assertIn(self.case.survey_user_input_id.access_token, page)

    # --- what portal users read -----------------------------------------------
    def test_internal_notes_and_fields_stay_internal(self):
        self.case._postventa_escalate("Specialist needed: margin 40 %")
        note = self.case.message_ids.filtered(lambda m: "margin 40" in (m.body or ""))
        self.assertTrue(note)
        self.authenticate("pv_door_customer", "pv_door_customer")
        with self.assertRaises(JsonRpcException):
            self._rpc("mail.message", "read", note.ids, ["body"])
        for field in (
            "escalation_reason",
            "escalated_by_id",
            "approved_by_id",
            "priority_override_reason",
            "sla_paused_hours",
            "sla_response_breached",
            "sla_resolution_policy_id",
            "survey_user_input_id",
        ):
            with self.assertRaises(JsonRpcException, msg=field):
                self._rpc("helpdesk.ticket", "read", self.case.ids, [field])
        rows = self._rpc("helpdesk.ticket", "read", self.case.ids, ["name", "number"])
        self.assertEqual(rows[0]["number"], self.case.number)
        page = self.url_open(f"/my/ticket/{self.case.id}").text
        self.assertIn(self.case.number, page, "the case page still renders")
        self.assertNotIn("margin 40", page)

    def test_bad_list_parameters_give_a_clean_page(self):
        self.authenticate("pv_door_customer", "pv_door_customer")
        for query in (
            "sortby=bogus",
            "groupby=bogus",
            "date_begin=x&date_end=y",
            "search_in=bogus&search=print",
            "page=abc",
            "filterby=999999",
        ):
            response = self.url_open(f"/my/tickets?{query}")
            self.assertEqual(response.status_code, 200, query)
            self.assertNotIn("Traceback", response.text, query)
            self.assertIn(self.case.number, response.text, query)

    # --- what customers and stores declare about a known unit -------------------
    def _submit(self, **form):
        data = {
            "csrf_token": self._csrf("/new/ticket"),
            "product_id": str(self.hp.id),
            "serial": "DOOR-1",
            "purchase_date": str(date.today() - timedelta(days=2)),
            "store_id": str(self.other_store.id),
            "subject": "Again",
            "description": "It fails again.",
            "team": str(self.front_line.id),
        }
        data.update(form)
        return self.url_open(
            "/submitted/ticket",
            data=data,
            files={"proof": ("new-invoice.pdf", PDF, "application/pdf")},
        )

    def test_customer_declares_other_purchase_data_for_a_known_unit(self):
        self.unit.store_id = self.store
        registered = (self.unit.purchase_date, self.unit.store_id)
        earlier = self._ticket(self.unit, opened=datetime.now() - timedelta(days=1))
        earlier_state = earlier.warranty_state
        self.authenticate("pv_door_customer", "pv_door_customer")
        self._submit(purchase_date=str(date.today() - timedelta(days=400)))
        case = self.env["helpdesk.ticket"].search(
            [("unit_id", "=", self.unit.id), ("name", "=", "Again")]
        )
        self.assertEqual(len(case), 1)
        self.env.invalidate_all()
        self.assertEqual((self.unit.purchase_date, self.unit.store_id), registered)
        self.assertEqual(earlier.warranty_state, earlier_state)
        self.assertEqual(case.warranty_state, "doa", "evaluated on registered data")
        self.assertTrue(case.unit_discrepancy)
        self.assertEqual(
            case.declared_purchase_date, date.today() - timedelta(days=400)
        )
        self.assertEqual(case.declared_store_id, self.other_store)
        self.assertTrue(case.declared_proof_of_purchase)
        activity = case.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("postventa_helpdesk.mail_activity_unit_discrepancy")
        )
        self.assertEqual(len(activity), 1)
        self.assertFalse(activity.user_id.share, "an agent reviews it")

        # the agent accepts: the unit changes, its chatter keeps the old values
        case.with_user(self.agent).action_accept_declared_unit_data()
        self.assertEqual(self.unit.purchase_date, date.today() - timedelta(days=400))
        self.assertEqual(self.unit.store_id, self.other_store)
        self.assertEqual(case.warranty_state, "out_of_warranty")
        self.assertFalse(case.unit_discrepancy)
        self.assertFalse(case.activity_ids)
        self.assertEqual(earlier.warranty_state, earlier_state)

    def test_store_cannot_take_another_stores_unit(self):
        self.unit.store_id = self.other_store
        doa = self._ticket(self.unit)
        doa.action_issue_doa()
        authorisation = doa.doa_authorization_ids
        self.authenticate("pv_door_store", "pv_door_store")
        data = {
            "csrf_token": self._csrf("/my/store/case"),
            "customer_name": "Ana Benítez",
            "customer_email": self.partner.email,
            "product_id": str(self.hp.id),
            "serial": "DOOR-1",
            "purchase_date": str(date.today() - timedelta(days=1)),
            "description": "Walk-in with someone else's unit.",
        }
        self.url_open(
            "/my/store/case",
            data=data,
            files={"proof": ("receipt.pdf", PDF, "application/pdf")},
        )
        self.env.invalidate_all()
        self.assertEqual(self.unit.store_id, self.other_store, "unit's store rewritten")
        case = self.env["helpdesk.ticket"].search(
            [("unit_id", "=", self.unit.id), ("declared_store_id", "=", self.store.id)]
        )
        self.assertEqual(len(case), 1, "the case records what the store declared")
        page = self.url_open(f"/my/store?number={authorisation.name}").text
        self.assertNotIn("o_doa_valid", page)
        with self.assertRaises(JsonRpcException):
            self._rpc(
                "postventa.doa.authorization", "read", authorisation.ids, ["name"]
            )

    # --- public methods called over JSON-RPC -----------------------------------
    def test_portal_users_call_no_case_action(self):
        self.unit.store_id = self.store
        for login in ("pv_door_customer", "pv_door_store"):
            self.authenticate(login, login)
            for method in (
                "action_log_call",
                "action_reopen",
                "action_approve",
                "action_reevaluate_warranty",
                "action_refer",
                "action_issue_doa",
                "action_accept_declared_unit_data",
            ):
                with self.assertRaises(JsonRpcException, msg=f"{login} {method}"):
                    self._rpc("helpdesk.ticket", method, self.case.ids)
        self.env.invalidate_all()
        self.assertFalse(self.case.first_response_date)
        self.assertFalse(self.case.doa_authorization_ids)

    def test_stores_post_nothing_on_their_customers_cases(self):
        self.unit.store_id = self.store
        self.authenticate("pv_door_store", "pv_door_store")
        messages = len(self.case.message_ids)
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": "helpdesk.ticket",
                    "thread_id": self.case.id,
                    "post_data": {"body": "From the store", "message_type": "comment"},
                },
            )
        self.env.invalidate_all()
        self.assertEqual(len(self.case.message_ids), messages)
        # the customer writes on their own case
        self.authenticate("pv_door_customer", "pv_door_customer")
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "helpdesk.ticket",
                "thread_id": self.case.id,
                "post_data": {"body": "From the customer", "message_type": "comment"},
            },
        )
        self.env.invalidate_all()
        self.assertEqual(len(self.case.message_ids), messages + 1)
