from datetime import datetime

from odoo.exceptions import UserError

from .common import PostventaCase


class TestDoaAuthorization(PostventaCase):
    def test_issue_doa_numbers_logs_and_prints(self):
        unit = self._unit(self.hp, "HPDOA1", self.d(2025, 3, 1))
        ticket = self._ticket(unit, opened=datetime(2025, 3, 10, 12, 0))
        action = ticket.action_issue_doa()
        doa = ticket.doa_authorization_ids
        self.assertEqual(len(doa), 1)
        self.assertTrue(doa.name.startswith("DOA/"))
        self.assertEqual(doa.state, "issued")
        self.assertEqual(doa.serial, "HPDOA1")
        self.assertEqual(
            (doa.valid_until - doa.issue_date).days, self.policy_hp.doa_validity_days
        )
        self.assertEqual(
            ticket.resolution_code_id, self.env.ref("postventa_helpdesk.resolution_doa")
        )
        self.assertIn(doa.name, ticket.message_ids[0].body)
        self.assertEqual(
            action["report_name"], "postventa_helpdesk.report_doa_authorization"
        )
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("postventa_helpdesk.report_doa_authorization", doa.ids)[
                0
            ]
            .decode()
        )
        for expected in (
            doa.name,
            "HPDOA1",
            "Ana Benítez",
            "Tienda Centro",
            "What the store must do",
        ):
            self.assertIn(expected, html)

    def test_second_doa_gets_next_number_and_duplicate_refused(self):
        first = self._ticket(
            self._unit(self.hp, "HPDOA2", self.d(2025, 3, 1)),
            opened=datetime(2025, 3, 10, 12, 0),
        )
        second = self._ticket(
            self._unit(self.hp, "HPDOA3", self.d(2025, 3, 1)),
            opened=datetime(2025, 3, 10, 12, 0),
        )
        first.action_issue_doa()
        second.action_issue_doa()
        self.assertNotEqual(
            first.doa_authorization_ids.name, second.doa_authorization_ids.name
        )
        with self.assertRaisesRegex(UserError, "already valid"):
            first.action_issue_doa()

    def test_outside_window_message_gives_days_and_window(self):
        unit = self._unit(self.hp, "HPDOA4", self.d(2025, 3, 1))
        ticket = self._ticket(unit, opened=datetime(2025, 3, 17, 12, 0))
        with self.assertRaises(UserError) as err:
            ticket.action_issue_doa()
        self.assertIn("16 days", str(err.exception))
        self.assertIn("15 days", str(err.exception))
        self.assertFalse(ticket.doa_authorization_ids)

    def test_proof_required(self):
        unit = self._unit(self.kodak, "T111111", self.d(2025, 3, 1), proof=False)
        ticket = self._ticket(unit, opened=datetime(2025, 3, 10, 12, 0))
        self.assertEqual(ticket.warranty_state, "doa")
        with self.assertRaisesRegex(UserError, "requires the proof of purchase"):
            ticket.action_issue_doa()
        self.assertFalse(ticket.doa_authorization_ids)
        unit.proof_of_purchase = b"cHJvb2Y="
        ticket.invalidate_recordset(["has_proof_of_purchase"])
        ticket.action_issue_doa()
        self.assertEqual(len(ticket.doa_authorization_ids), 1)

    def test_void_unit_gets_no_doa(self):
        unit = self._unit(self.kodak, "T222222", self.d(2025, 3, 1))
        ticket = self._ticket(unit, opened=datetime(2025, 3, 10, 12, 0))
        ticket._postventa_void(self.refilled, "Refilled cartridge found")
        with self.assertRaisesRegex(UserError, "void"):
            ticket.action_issue_doa()

    def test_expired_doa_flagged(self):
        unit = self._unit(self.hp, "HPDOA5", self.d(2025, 3, 1))
        ticket = self._ticket(unit, opened=datetime(2025, 3, 10, 12, 0))
        ticket.action_issue_doa()
        doa = ticket.doa_authorization_ids
        self.assertFalse(doa.is_expired)
        doa.with_context(tracking_disable=True).sudo()._postventa_action_write(
            {"valid_until": self.d(2025, 3, 20)}
        )
        doa.invalidate_recordset(["is_expired"])
        self.assertTrue(doa.is_expired)
