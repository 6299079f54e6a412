"""Stories of issue "one access model" (part A): fields only an action sets are
refused at every door, and a form never shows a record its user may not read."""

from datetime import date, datetime

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import new_test_user

from .common import PostventaCase


class TestActionOwnedFields(PostventaCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.security = cls.env["postventa.classification"].create(
            {"name": "Test security/access", "requires_approval": True}
        )

    def test_front_line_cannot_approve_by_writing_the_state(self):
        ticket = self._ticket(classification_id=self.security.id)
        as_agent = ticket.with_user(self.agent)
        with self.assertRaisesRegex(AccessError, "Approve"):
            as_agent.write({"approval_state": "approved"})
        with self.assertRaisesRegex(AccessError, "Approve"):
            as_agent.onchange(
                {"approval_state": "approved"}, ["approval_state"], {"name": {}}
            )
        with self.assertRaisesRegex(AccessError, "Approve"):
            self.env["helpdesk.ticket"].with_user(self.agent).with_context(
                default_approval_state="approved"
            ).create({"name": "Approved by context", "partner_id": self.customer.id})
        ticket.invalidate_recordset()
        self.assertEqual(ticket.approval_state, "pending")
        self.assertFalse(ticket.sudo().approved_by_id)
        # the action still works, and records who approved
        ticket.with_user(self.manager).action_approve()
        self.assertEqual(ticket.approval_state, "approved")
        self.assertEqual(ticket.approved_by_id, self.manager)

    def test_an_eight_month_old_unit_is_no_doa_by_writing_the_state(self):
        unit = self._unit(self.hp, "EIGHT-MONTHS", date(2024, 10, 1))
        ticket = self._ticket(unit)  # opened 2025-06-01: 8 months after purchase
        self.assertEqual(ticket.warranty_state, "in_warranty")
        as_agent = ticket.with_user(self.agent)
        with self.assertRaisesRegex(AccessError, "Re-evaluate warranty"):
            as_agent.write({"warranty_state": "doa"})
        with self.assertRaisesRegex(AccessError, "Re-evaluate warranty"):
            as_agent.write({"warranty_purchase_date": date(2025, 5, 30)})
        ticket.invalidate_recordset()
        self.assertEqual(ticket.warranty_state, "in_warranty")
        with self.assertRaisesRegex(UserError, "Not a DOA case"):
            as_agent.action_issue_doa()
        # nor a DOA authorisation made by hand
        with self.assertRaisesRegex(AccessError, "Issue DOA authorisation"):
            self.env["postventa.doa.authorization"].with_user(self.agent).create(
                {
                    "name": "DOA/FORGED/1",
                    "ticket_id": ticket.id,
                    "unit_id": unit.id,
                    "valid_until": date(2025, 7, 1),
                }
            )
        self.assertFalse(ticket.doa_authorization_ids)

    def test_no_doa_and_no_later_promise_by_writing_what_they_are_computed_from(self):
        # attack report F4: the opening date is the warranty's and the SLA's
        # input, the deadlines are computed; none of them is the agent's to write
        unit = self._unit(self.hp, "EIGHT-MONTHS-OPENED", date(2024, 10, 1))
        ticket = self._ticket(unit)  # opened 2025-06-01: 8 months after purchase
        self.assertEqual(ticket.warranty_state, "in_warranty")
        deadline = ticket.sla_resolution_deadline
        as_agent = ticket.with_user(self.agent)
        with self.assertRaisesRegex(AccessError, "opening the case"):
            as_agent.write({"opening_date": datetime(2024, 10, 2, 12, 0)})
        for vals in (
            {"sla_response_deadline": datetime(2030, 1, 1)},
            {"sla_resolution_deadline": datetime(2030, 1, 1)},
            {"sla_resolution_policy_id": False},
            {"resolution_business_hours": 0.1},
        ):
            with self.assertRaisesRegex(AccessError, "its computation"):
                as_agent.write(vals)
        with self.assertRaisesRegex(AccessError, "its computation"):
            self.env["helpdesk.ticket"].with_user(self.agent).create(
                {
                    "name": "A promise of my own",
                    "partner_id": self.customer.id,
                    "sla_resolution_deadline": datetime(2030, 1, 1),
                }
            )
        ticket.invalidate_recordset()
        self.assertEqual(ticket.opening_date, datetime(2025, 6, 1, 12, 0))
        self.assertEqual(ticket.warranty_state, "in_warranty")
        self.assertEqual(ticket.sla_resolution_deadline, deadline)
        with self.assertRaisesRegex(UserError, "Not a DOA case"):
            as_agent.action_issue_doa()

    def test_declared_unit_data_is_reviewed_through_its_actions(self):
        # attack report F4: the flag that an agent must review what the customer
        # declared is cleared by Accept or Keep, not by a write
        unit = self._unit(self.hp, "DECLARED-ELSEWHERE", date(2025, 5, 1))
        ticket = self._ticket(unit)
        # what the portal registration records
        ticket._postventa_action_write(
            {"declared_purchase_date": date(2025, 5, 20), "unit_discrepancy": True}
        )
        as_agent = ticket.with_user(self.agent)
        for vals in (
            {"unit_discrepancy": False},
            {"declared_purchase_date": False},
        ):
            with self.assertRaisesRegex(AccessError, "Reject declared unit data"):
                as_agent.write(vals)
        ticket.invalidate_recordset()
        self.assertTrue(ticket.unit_discrepancy)
        as_agent.action_reject_declared_unit_data()
        self.assertFalse(ticket.unit_discrepancy)
        self.assertFalse(ticket.declared_purchase_date)
        self.assertEqual(unit.purchase_date, date(2025, 5, 1))

    def test_a_real_doa_is_issued_and_used_through_its_actions(self):
        unit = self._unit(self.hp, "REAL-DOA", date(2025, 5, 25))
        ticket = self._ticket(unit)
        self.assertEqual(ticket.warranty_state, "doa")
        ticket.with_user(self.agent).action_issue_doa()
        doa = ticket.doa_authorization_ids
        self.assertEqual(doa.state, "issued")
        with self.assertRaisesRegex(AccessError, "Cancel"):
            doa.with_user(self.agent).write({"state": "used"})
        doa.with_user(self.agent).action_cancel()
        self.assertEqual(doa.state, "cancelled")

    def test_component_coverage_is_the_evaluation_s_alone(self):
        # the mainboard's 12 months are over, the LCD's 24 are not
        unit = self._unit(self.aio, "AIO-PARTIAL", date(2024, 3, 1))
        ticket = self._ticket(unit)
        self.assertEqual(ticket.warranty_state, "partial")
        expired = ticket.warranty_line_ids.filtered(
            lambda line: line.component_id == self.mainboard
        )
        self.assertFalse(expired.covered)
        Line = self.env["postventa.warranty.line"].with_user(self.agent)
        with self.assertRaisesRegex(AccessError, "Re-evaluate warranty"):
            expired.with_user(self.agent).write({"covered": True})
        with self.assertRaisesRegex(AccessError, "Re-evaluate warranty"):
            Line.create(
                {
                    "ticket_id": ticket.id,
                    "component_id": self.mainboard.id,
                    "months": 99,
                    "covered": True,
                }
            )
        with self.assertRaisesRegex(AccessError, "Re-evaluate warranty"):
            ticket.with_user(self.agent).write(
                {
                    "warranty_line_ids": [
                        Command.create(
                            {"component_id": self.mainboard.id, "covered": True}
                        )
                    ]
                }
            )
        with self.assertRaisesRegex(AccessError, "Re-evaluate warranty"):
            expired.with_user(self.agent).unlink()
        ticket.invalidate_recordset()
        self.assertEqual(len(ticket.warranty_line_ids), 3)
        self.assertFalse(expired.covered)
        # the evaluation itself makes the lines again
        ticket.with_user(self.agent).action_reevaluate_warranty()
        self.assertEqual(len(ticket.warranty_line_ids), 3)

    def test_superuser_code_paths_are_no_bypass(self):
        # sudo() is reached by RPC users through controllers and actions: only
        # the action's own method sets the field
        ticket = self._ticket(classification_id=self.security.id)
        with self.assertRaises(AccessError):
            ticket.sudo().write({"approved_date": datetime(2025, 6, 2)})
        ticket.sudo()._postventa_action_write({"approved_date": datetime(2025, 6, 2)})
        self.assertEqual(ticket.approval_state, "approved")


class TestOnchangeReads(PostventaCase):
    """A form given the id of a record its user may not read shows nothing of it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create(
            {"name": "Test other service company"}
        )
        cls.other_unit = cls.env["postventa.unit"].create(
            {
                "product_id": cls.hp.id,
                "serial": "OTHER-CO-001",
                "purchase_date": date(2025, 1, 10),
                "contract_number": "SECRET-CONTRACT",
                "location": "Secret warehouse, 3rd floor",
                "company_id": cls.other_company.id,
            }
        )
        cls.other_ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Another company's case",
                "description": "<p>Secret.</p>",
                "partner_id": cls.customer.id,
                "unit_id": cls.other_unit.id,
                "company_id": cls.other_company.id,
            }
        )
        cls.portal = new_test_user(
            cls.env, "pv_portal_reader", groups="base.group_portal", name="Portal"
        )

    def _onchange(self, user, model, values, names):
        spec = dict.fromkeys(
            (
                "unit_id",
                "serial",
                "contract_number",
                "purchase_date",
                "equipment_location",
            ),
            {},
        )
        spec = {key: value for key, value in spec.items() if key in self.env[model]}
        return self.env[model].with_user(user).onchange(values, names, spec)

    def test_portal_user_gets_nothing_of_another_company_s_unit(self):
        for user in (self.portal, self.agent):
            with self.assertRaises(AccessError):
                self._onchange(
                    user,
                    "helpdesk.ticket",
                    {"unit_id": self.other_unit.id},
                    ["unit_id"],
                )
            # nor on the first call of a new form
            with self.assertRaises(AccessError):
                self._onchange(
                    user, "helpdesk.ticket", {"unit_id": self.other_unit.id}, []
                )

    def test_own_unit_still_fills_the_form(self):
        unit = self._unit(self.hp, "MINE-001", date(2025, 5, 1), location="Office")
        result = self._onchange(
            self.agent, "helpdesk.ticket", {"unit_id": unit.id}, ["unit_id"]
        )
        self.assertEqual(result["value"]["serial"], "MINE-001")
        self.assertEqual(result["value"]["equipment_location"], "Office")

    def test_visit_and_doa_forms_refuse_another_company_s_records(self):
        for model, values in (
            ("postventa.visit", {"ticket_id": self.other_ticket.id}),
            ("postventa.doa.authorization", {"unit_id": self.other_unit.id}),
            ("postventa.doa.authorization", {"ticket_id": self.other_ticket.id}),
        ):
            for user in (self.portal, self.agent):
                with self.assertRaises(AccessError):
                    self.env[model].with_user(user).onchange(
                        values,
                        list(values),
                        {"partner_id": {}, **dict.fromkeys(values, {})},
                    )

    def test_group_fields_are_not_read_through_onchange(self):
        ticket = self._ticket(classification_id=False)
        with self.assertRaises(AccessError):
            ticket.with_user(self.portal).onchange(
                {}, [], {"approved_by_id": {}, "escalation_reason": {}}
            )

    def test_forms_of_every_model_of_the_addon_refuse_unreadable_ids(self):
        """Not only the mixin's models: a wizard this addon defines and an upstream
        model it extends (a partner's company) refuse them too."""
        for model, values, spec in (
            (
                "postventa.escalate.wizard",
                {"ticket_id": self.other_ticket.id},
                {"team_id": {}},
            ),
            (
                "postventa.visit.wizard",
                {"ticket_id": self.other_ticket.id},
                {"ticket_id": {}},
            ),
            (
                "res.partner",
                {"company_id": self.other_company.id},
                {"company_id": {}},
            ),
        ):
            with self.assertRaises(AccessError, msg=model):
                self.env[model].with_user(self.agent).onchange(
                    values, list(values), spec
                )
        # an upstream model no addon here extends keeps Odoo's own onchange
        self.assertFalse(self.env["res.country"]._postventa_reads_checked())
