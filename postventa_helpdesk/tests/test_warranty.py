from datetime import datetime

from odoo.exceptions import UserError, ValidationError

from .common import PostventaCase


class TestWarranty(PostventaCase):
    def test_doa_window_15_days_inclusive(self):
        unit = self._unit(self.hp, "HP0001", self.d(2025, 3, 1))
        day_15 = self._ticket(unit, opened=datetime(2025, 3, 16, 12, 0))
        day_16 = self._ticket(unit, opened=datetime(2025, 3, 17, 12, 0))
        self.assertEqual(day_15.days_since_purchase, 15)
        self.assertEqual(day_15.warranty_state, "doa")
        self.assertEqual(day_16.days_since_purchase, 16)
        self.assertEqual(day_16.warranty_state, "in_warranty")

    def test_doa_window_30_days_from_category_policy(self):
        unit = self._unit(self.kodak, "T123456", self.d(2025, 1, 1))
        day_30 = self._ticket(unit, opened=datetime(2025, 1, 31, 9, 0))
        day_31 = self._ticket(unit, opened=datetime(2025, 2, 1, 9, 0))
        self.assertEqual(day_30.warranty_policy_id, self.policy_kodak)
        self.assertEqual(day_30.warranty_state, "doa")
        self.assertEqual(day_31.warranty_state, "in_warranty")

    def test_opening_day_in_company_time_zone(self):
        # 02:00 UTC on 17 March is still 16 March in Asunción: day 15, DOA.
        self.env.company.partner_id.tz = "America/Asuncion"
        unit = self._unit(self.hp, "HP0002", self.d(2025, 3, 1))
        ticket = self._ticket(unit, opened=datetime(2025, 3, 17, 2, 0))
        self.assertEqual(ticket.days_since_purchase, 15)
        self.assertEqual(ticket.warranty_state, "doa")

    def test_all_in_one_partial_at_18_months(self):
        unit = self._unit(self.aio, "AIO-18", self.d(2024, 1, 10))
        ticket = self._ticket(unit, opened=datetime(2025, 7, 10, 12, 0))
        self.assertEqual(ticket.warranty_state, "partial")
        coverage = {
            line.component_id: line.covered for line in ticket.warranty_line_ids
        }
        self.assertEqual(
            coverage, {self.chassis: True, self.lcd: True, self.mainboard: False}
        )
        mainboard = ticket.warranty_line_ids.filtered(
            lambda line: line.component_id == self.mainboard
        )
        self.assertEqual(mainboard.covered_until, self.d(2025, 1, 10))

    def test_all_in_one_out_of_warranty_at_37_months(self):
        unit = self._unit(self.aio, "AIO-37", self.d(2022, 9, 1))
        ticket = self._ticket(unit, opened=datetime(2025, 10, 1, 12, 0))
        self.assertEqual(ticket.warranty_state, "out_of_warranty")
        self.assertFalse(any(ticket.warranty_line_ids.mapped("covered")))
        self.assertEqual(len(ticket.warranty_line_ids), 3)

    def test_all_in_one_in_warranty_within_a_year(self):
        unit = self._unit(self.aio, "AIO-06", self.d(2025, 1, 10))
        ticket = self._ticket(unit, opened=datetime(2025, 7, 10, 12, 0))
        self.assertEqual(ticket.warranty_state, "in_warranty")

    def test_recomputed_when_purchase_date_changes(self):
        unit = self._unit(self.aio, "AIO-RC", self.d(2024, 1, 10))
        ticket = self._ticket(unit, opened=datetime(2025, 7, 10, 12, 0))
        self.assertEqual(ticket.warranty_state, "partial")
        ticket.purchase_date = self.d(2022, 1, 10)
        self.assertEqual(ticket.warranty_state, "out_of_warranty")
        self.assertEqual(
            len(ticket.warranty_line_ids), 3, "lines are replaced, not added"
        )
        self.assertEqual(
            self.env["postventa.warranty.line"].search_count(
                [("ticket_id", "=", ticket.id)]
            ),
            3,
        )

    def test_void_reason_voids_warranty(self):
        unit = self._unit(self.kodak, "C654321", self.d(2025, 3, 1))
        ticket = self._ticket(unit, opened=datetime(2025, 6, 1, 12, 0))
        self.assertEqual(ticket.warranty_state, "in_warranty")
        wizard = self.env["postventa.void.wizard"].create(
            {
                "ticket_id": ticket.id,
                "void_reason_id": self.refilled.id,
                "evidence": "Cartridge chips show third-party refill.",
            }
        )
        wizard.action_void()
        self.assertEqual(ticket.warranty_state, "void")
        self.assertEqual(
            ticket.void_evidence, "Cartridge chips show third-party refill."
        )
        customer_message = ticket.message_ids.filtered(
            lambda m: m.message_type == "comment" and self.customer in m.partner_ids
        )
        self.assertIn(
            "Refilled cartridges void the warranty.", customer_message[:1].body
        )

    def test_void_needs_evidence_and_policy_reason(self):
        liquid = self.env["postventa.void.reason"].create(
            {
                "name": "Liquid damage",
                "customer_explanation": "Liquid damage is not covered.",
            }
        )
        kodak = self._ticket(self._unit(self.kodak, "T333333", self.d(2025, 3, 1)))
        with self.assertRaisesRegex(
            UserError, "Liquid damage is not a void reason of Kodak inkjet"
        ):
            kodak._postventa_void(liquid, "found liquid")
        with self.assertRaisesRegex(UserError, "Describe the evidence"):
            kodak._postventa_void(self.refilled, "  ")
        self.assertFalse(kodak.void_reason_id)
        # a policy that lists no reasons accepts any documented one
        hp = self._ticket(self._unit(self.hp, "HP0003", self.d(2025, 3, 1)))
        hp._postventa_void(liquid, "Corrosion on the mainboard")
        self.assertEqual(hp.warranty_state, "void")

    def test_future_purchase_date_refused(self):
        with self.assertRaisesRegex(ValidationError, "is in the future"):
            self._unit(self.hp, "HP0004", self.d(2099, 1, 1))

    def test_no_policy_not_applicable(self):
        unit = self._unit(self.cable, "CAB-1", self.d(2025, 3, 1))
        ticket = self._ticket(unit)
        self.assertFalse(ticket.warranty_policy_id)
        self.assertEqual(ticket.warranty_state, "not_applicable")

    def test_product_policy_beats_category_policy(self):
        own = self.env["postventa.warranty.policy"].create(
            {
                "name": "Kodak ESP 3 special",
                "product_tmpl_id": self.kodak.product_tmpl_id.id,
                "doa_days": 5,
                "warranty_months": 6,
            }
        )
        unit = self._unit(self.kodak, "T000001", self.d(2025, 1, 1))
        ticket = self._ticket(unit, opened=datetime(2025, 1, 20, 12, 0))
        self.assertEqual(ticket.warranty_policy_id, own)
        self.assertEqual(ticket.warranty_state, "in_warranty")

    def test_one_policy_per_product(self):
        with self.assertRaisesRegex(ValidationError, "already has a warranty policy"):
            self.env["postventa.warranty.policy"].create(
                {"name": "Second HP", "product_tmpl_id": self.hp.product_tmpl_id.id}
            )

    def test_out_of_scope_needs_referral_partner(self):
        with self.assertRaisesRegex(ValidationError, "name the partner customers"):
            self.env["postventa.warranty.policy"].create(
                {
                    "name": "Scanners",
                    "product_tmpl_id": self.cable.product_tmpl_id.id,
                    "out_of_scope": True,
                }
            )
