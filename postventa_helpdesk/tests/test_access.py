from datetime import datetime

from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import PostventaCase


class TestAccess(PostventaCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee = new_test_user(cls.env, "pv_employee", groups="base.group_user")
        cls.portal = new_test_user(cls.env, "pv_portal", groups="base.group_portal")
        cls.unit = cls._unit(cls.hp, "HPACC1", cls.d(2025, 3, 1))

    def test_agent_registers_units_but_not_policies(self):
        Unit = self.env["postventa.unit"].with_user(self.agent)
        unit = Unit.create({"product_id": self.aio.id, "serial": "AIO-AG"})
        self.assertEqual(unit.create_uid, self.agent)
        with self.assertRaises(AccessError):
            unit.unlink()
        with self.assertRaises(AccessError):
            self.policy_hp.with_user(self.agent).write({"doa_days": 60})
        with self.assertRaises(AccessError):
            self.env["postventa.priority.rule"].with_user(self.agent).search([]).write(
                {"priority": "3"}
            )
        with self.assertRaises(AccessError):
            self.env["postventa.resolution.code"].with_user(self.agent).create(
                {"name": "x", "code": "x"}
            )
        self.assertEqual(self.policy_hp.doa_days, 15)

    def test_manager_configures_policies(self):
        self.policy_hp.with_user(self.manager).write({"doa_days": 20})
        self.assertEqual(self.policy_hp.doa_days, 20)
        self.env["postventa.resolution.code"].with_user(self.manager).create(
            {"name": "Firmware update", "code": "firmware"}
        )

    def test_employee_outside_helpdesk_cannot_touch_units(self):
        with self.assertRaises(AccessError):
            self.unit.with_user(self.employee).read(["serial"])
        with self.assertRaises(AccessError):
            self.env["postventa.unit"].with_user(self.employee).create(
                {"product_id": self.hp.id, "serial": "HPX"}
            )

    def test_portal_user_sees_no_units_policies_or_doa(self):
        for model in ("postventa.warranty.policy", "postventa.doa.authorization"):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.portal).search([])
        # no one else's unit (with postventa_rma a customer reads their own, for the
        # spare parts of /my/units; this user owns none)
        try:
            units = self.env["postventa.unit"].with_user(self.portal).search([])
        except AccessError:
            units = self.env["postventa.unit"]
        self.assertFalse(units)

    def test_agent_issues_doa_but_cannot_delete_it(self):
        ticket = self._ticket(
            self._unit(self.hp, "HPACC2", self.d(2025, 3, 1)),
            opened=datetime(2025, 3, 5),
        )
        ticket.with_user(self.agent).action_issue_doa()
        doa = ticket.doa_authorization_ids
        self.assertEqual(doa.create_uid, self.agent)
        with self.assertRaises(AccessError):
            doa.with_user(self.agent).unlink()

    def test_other_company_units_hidden(self):
        other = self.env["res.company"].create({"name": "Kodak Perú (test)"})
        foreign = self.env["postventa.unit"].create(
            {"product_id": self.aio.id, "serial": "FOREIGN", "company_id": other.id}
        )
        visible = (
            self.env["postventa.unit"]
            .with_user(self.agent)
            .search([("serial", "=", "FOREIGN")])
        )
        self.assertFalse(visible)
        self.assertTrue(foreign.exists())
