from odoo.exceptions import AccessError, UserError, ValidationError

from .common import PostventaCase


class TestTriage(PostventaCase):
    def test_priority_matrix_cells(self):
        expected = {
            ("low", "low"): "0",
            ("low", "critical"): "1",
            ("medium", "medium"): "1",
            ("medium", "critical"): "2",
            ("high", "high"): "2",
            ("critical", "low"): "1",
            ("critical", "high"): "3",
            ("critical", "critical"): "3",
        }
        for (severity, urgency), priority in expected.items():
            with self.subTest(severity=severity, urgency=urgency):
                ticket = self._ticket(severity=severity, urgency=urgency)
                self.assertEqual(ticket.priority, priority)
        self.assertEqual(self.env["postventa.priority.rule"].search_count([]), 16)

    def test_matrix_is_configurable_and_followed(self):
        ticket = self._ticket(severity="low", urgency="low")
        self.assertEqual(ticket.priority, "0")
        cell = self.env.ref("postventa_helpdesk.priority_low_low")
        cell.priority = "2"
        self.assertEqual(self._ticket(severity="low", urgency="low").priority, "2")
        ticket.urgency = "medium"
        self.assertEqual(ticket.priority, "0")

    def _tracked(self, ticket, field_name):
        """(old, new) values of the tracked changes of ``field_name``, oldest
        first."""
        self.env.cr.precommit.run()  # tracking values are written at commit
        values = ticket.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == field_name
        )
        return [
            (value.old_value_char, value.new_value_char)
            for value in values.sorted("id")
        ]

    def test_other_writers_set_priority_and_it_is_tracked(self):
        """An import, a mail rule or another addon writes the priority: accepted
        and tracked; a later triage change makes the matrix propose again."""
        ticket = self._ticket(severity="low", urgency="low").with_context(
            tracking_disable=False, mail_notrack=False
        )
        self.env.cr.precommit.run()  # the case was opened before, then it is written
        self.assertEqual(ticket.priority, "0")
        ticket.write({"priority": "3"})
        self.assertEqual(ticket.priority, "3")
        self.assertFalse(ticket.priority_override_reason)
        self.assertEqual(self._tracked(ticket, "priority"), [("Low", "Very High")])
        ticket.severity = "critical"
        self.assertEqual(ticket.priority, "1", "critical × low, from the matrix")
        self.assertEqual(
            self._tracked(ticket, "priority"),
            [("Low", "Very High"), ("Very High", "Medium")],
        )
        # severity and priority written together: the written priority is kept
        ticket.write({"severity": "low", "priority": "2"})
        self.assertEqual(ticket.priority, "2")

    def test_override_wizard_records_the_reason_and_holds(self):
        ticket = self._ticket(severity="low", urgency="low").with_context(
            tracking_disable=False, mail_notrack=False
        )
        self.env.cr.precommit.run()
        Wizard = self.env["postventa.priority.override.wizard"]
        blank = Wizard.create({"ticket_id": ticket.id, "priority": "3", "reason": " "})
        with self.assertRaisesRegex(UserError, "Give the reason"):
            blank.action_override()
        self.assertEqual(ticket.priority, "0")
        wizard = Wizard.with_context(tracking_disable=False, mail_notrack=False).create(
            {
                "ticket_id": ticket.id,
                "priority": "3",
                "reason": "Customer's production line is down",
            }
        )
        wizard.action_override()
        self.assertEqual(ticket.priority, "3")
        self.assertEqual(
            ticket.priority_override_reason, "Customer's production line is down"
        )
        self.assertEqual(self._tracked(ticket, "priority"), [("Low", "Very High")])
        self.assertEqual(
            self._tracked(ticket, "priority_override_reason"),
            [(False, "Customer's production line is down")],
        )
        ticket.write({"severity": "medium", "urgency": "medium"})
        self.assertEqual(
            ticket.priority, "3", "a priority overridden with a reason stays"
        )

    def test_escalation_needs_reason_and_moves_to_back_line(self):
        ticket = self._ticket()
        with self.assertRaisesRegex(UserError, "why the case is escalated"):
            ticket._postventa_escalate("   ")
        self.assertEqual(ticket.team_id, self.front_line)
        wizard = self.env["postventa.escalate.wizard"].create(
            {"ticket_id": ticket.id, "reason": "Printer head fails remote tests"}
        )
        self.assertEqual(wizard.team_id, self.back_line)
        wizard.action_escalate()
        self.assertEqual(ticket.team_id, self.back_line)
        self.assertEqual(ticket.stage_id.postventa_kind, "escalated")
        self.assertEqual(ticket.escalation_count, 1)
        self.assertEqual(ticket.escalation_reason, "Printer head fails remote tests")
        self.assertIn("Printer head fails remote tests", ticket.message_ids[0].body)

    def test_escalation_without_back_line_refused(self):
        ticket = self._ticket(team_id=self.back_line.id)
        with self.assertRaisesRegex(UserError, "no Back Line team"):
            ticket._postventa_escalate("needs lab")

    def test_security_access_needs_manager_approval_before_work(self):
        security = self.env.ref("postventa_helpdesk.classification_security")
        ticket = self._ticket(classification_id=security.id)
        self.assertEqual(ticket.approval_state, "pending")
        as_agent = ticket.with_user(self.agent)
        with self.assertRaisesRegex(
            ValidationError, "must approve it before work starts"
        ):
            as_agent.stage_id = self.stage_in_progress
        with self.assertRaisesRegex(AccessError, "Only a helpdesk manager"):
            as_agent.action_approve()
        self.assertEqual(ticket.approval_state, "pending")
        ticket.with_user(self.manager).action_approve()
        self.assertEqual(ticket.approval_state, "approved")
        self.assertEqual(ticket.approved_by_id, self.manager)
        self.assertTrue(ticket.approved_date)
        as_agent.stage_id = self.stage_in_progress
        self.assertEqual(ticket.stage_id, self.stage_in_progress)

    def test_work_cannot_start_at_creation_before_approval(self):
        security = self.env.ref("postventa_helpdesk.classification_security")
        with self.assertRaisesRegex(ValidationError, "must approve"):
            self._ticket(
                classification_id=security.id, stage_id=self.stage_in_progress.id
            )

    def test_other_classes_need_no_approval(self):
        hardware = self.env.ref("postventa_helpdesk.classification_hardware")
        ticket = self._ticket(classification_id=hardware.id)
        self.assertEqual(ticket.approval_state, "not_required")
        ticket.stage_id = self.stage_in_progress
        self.assertEqual(self.env["postventa.classification"].search_count([]), 7)

    def test_reopen_closed_case(self):
        ticket = self._ticket()
        with self.assertRaisesRegex(UserError, "is not closed"):
            ticket.action_reopen()
        ticket.stage_id = self.stage_done
        self.assertTrue(ticket.closed_date)
        ticket.action_reopen()
        self.assertEqual(
            ticket.stage_id, self.env.ref("postventa_helpdesk.stage_reopened")
        )
        self.assertFalse(ticket.closed_date)
        self.assertEqual(ticket.reopen_count, 1)

    def test_referral_of_out_of_scope_product(self):
        unit = self._unit(self.camera, "CAM1", self.d(2025, 3, 1))
        ticket = self._ticket(unit)
        self.assertEqual(ticket.warranty_state, "not_applicable")
        ticket.action_refer()
        self.assertTrue(ticket.closed)
        self.assertEqual(ticket.resolution_code_id.code, "referred")
        message = ticket.message_ids.filtered(lambda m: m.message_type == "comment")[:1]
        for expected in (
            "G&amp;N Digital",
            "Av. Larco 123",
            "+51 1 555 0101",
            "with its receipt",
        ):
            self.assertIn(expected, message.body)
        self.assertIn(self.customer, message.partner_ids)

    def test_in_scope_product_not_referred(self):
        ticket = self._ticket(self._unit(self.hp, "HPREF", self.d(2025, 3, 1)))
        with self.assertRaisesRegex(UserError, "only out-of-scope products"):
            ticket.action_refer()
        self.assertFalse(ticket.closed)
