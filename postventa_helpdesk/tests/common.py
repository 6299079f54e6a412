import base64
from contextlib import contextmanager
from datetime import date, datetime

from odoo import Command
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase

PROOF = base64.b64encode(b"%PDF-1.4 proof of purchase")

# The demo's staff logins and the groups their demo record gives them (their job);
# postventa_rma's tests/common.py adds the lab's, QC's and logistics'.
DEMO_JOBS = {
    "postventa_helpdesk.user_front_line": ["postventa_helpdesk.group_front_line"],
    "postventa_helpdesk.user_back_line": ["postventa_helpdesk.group_back_line"],
    "postventa_helpdesk.user_service_manager": [
        "postventa_helpdesk.group_service_manager"
    ],
}


def demo_users_to_their_jobs(env, jobs=None):
    """Give the demo's staff only their job's groups again. Odoo gives every
    existing employee the groups an app adds to the default user template when the
    app is installed later (``res.users.write`` on ``base.default_user``): the test
    databases install the addons one after the other, `make run` at once.
    ``jobs``: {user xmlid: [group xmlids]}, DEMO_JOBS by default."""
    for user_xmlid, groups in (jobs or DEMO_JOBS).items():
        user = env.ref(user_xmlid, raise_if_not_found=False)
        if not user:
            continue
        base = ["base.group_user", "base.group_multi_company"]
        ids = [
            group.id
            for group in (env.ref(x, raise_if_not_found=False) for x in base + groups)
            if group
        ]
        user.sudo().write({"groups_id": [Command.set(ids)]})


def company_user(env, login, groups, company, *other_companies, **values):
    """A user working for ``company`` today who may switch to ``other_companies``
    (the set-up of the tests across companies)."""
    companies = company.union(*other_companies)
    return new_test_user(
        env,
        login,
        groups=groups,
        company_id=company.id,
        company_ids=[Command.set(companies.ids)],
        **values,
    )


def attendance(day, hour_from, hour_to):
    return (
        0,
        0,
        {
            "name": f"{day} {hour_from}",
            "dayofweek": str(day),
            "hour_from": hour_from,
            "hour_to": hour_to,
            "day_period": "morning" if hour_from < 12 else "afternoon",
        },
    )


def aserti_hours(env, name="Aserti"):
    """Aserti's seasonal business hours in Europe/Madrid: regular 16 Sep-31 May
    (Mon-Fri 8:30-14, Mon-Thu 15-18), summer 1 Jun-15 Sep (Mon-Fri 8-15)."""
    Calendar = env["resource.calendar"]
    regular = Calendar.create(
        {
            "name": f"{name} regular",
            "tz": "Europe/Madrid",
            "attendance_ids": [(5, 0, 0)]
            + [attendance(d, 8.5, 14) for d in range(5)]
            + [attendance(d, 15, 18) for d in range(4)],
        }
    )
    summer = Calendar.create(
        {
            "name": f"{name} summer",
            "tz": "Europe/Madrid",
            "attendance_ids": [(5, 0, 0)] + [attendance(d, 8, 15) for d in range(5)],
        }
    )
    return env["postventa.business.calendar"].create(
        {
            "name": name,
            "season_ids": [
                (
                    0,
                    0,
                    {
                        "name": "Regular",
                        "resource_calendar_id": regular.id,
                        "from_month": "9",
                        "from_day": 16,
                        "to_month": "5",
                        "to_day": 31,
                    },
                ),
                (
                    0,
                    0,
                    {
                        "name": "Summer",
                        "resource_calendar_id": summer.id,
                        "from_month": "6",
                        "from_day": 1,
                        "to_month": "9",
                        "to_day": 15,
                    },
                ),
            ],
        }
    )


class PostventaCase(TransactionCase):
    """Products, policies and teams shaped like the companies' procedures (HP, Kodak,
    Hibertek)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.env = env(
            context=dict(env.context, tracking_disable=True, mail_notrack=True)
        )
        env = cls.env
        Component = env["postventa.component"]
        cls.chassis = Component.create({"name": "Chassis", "sequence": 1})
        cls.lcd = Component.create({"name": "LCD", "sequence": 2})
        cls.mainboard = Component.create({"name": "Mainboard", "sequence": 3})
        cls.refilled = env["postventa.void.reason"].create(
            {
                "name": "Refilled cartridges",
                "customer_explanation": "Refilled cartridges void the warranty.",
            }
        )
        cls.categ_printers = env["product.category"].create(
            {"name": "Test inkjet printers"}
        )
        cls.categ_kodak = env["product.category"].create(
            {
                "name": "Test Kodak ESP",
                "parent_id": cls.categ_printers.id,
                "postventa_serial_regex": r"[TC]\d{6}",
                "postventa_serial_example": "T or C followed by 6 digits (T123456)",
            }
        )
        Product = env["product.product"]
        cls.hp = Product.create({"name": "Test HP DeskJet"})
        cls.kodak = Product.create(
            {"name": "Test Kodak ESP 3", "categ_id": cls.categ_kodak.id}
        )
        cls.aio = Product.create({"name": "Test Hibertek AIO"})
        cls.camera = Product.create({"name": "Test Kodak camera"})
        cls.cable = Product.create({"name": "Test USB cable"})
        cls.camera_centre = env["res.partner"].create(
            {
                "name": "G&N Digital",
                "street": "Av. Larco 123",
                "city": "Lima",
                "phone": "+51 1 555 0101",
            }
        )
        Policy = env["postventa.warranty.policy"]
        cls.policy_hp = Policy.create(
            {
                "name": "HP 15-day DOA",
                "product_tmpl_id": cls.hp.product_tmpl_id.id,
                "doa_days": 15,
                "warranty_months": 12,
            }
        )
        cls.policy_kodak = Policy.create(
            {
                "name": "Kodak inkjet",
                "categ_id": cls.categ_printers.id,
                "doa_days": 30,
                "warranty_months": 12,
                "void_reason_ids": [(6, 0, cls.refilled.ids)],
            }
        )
        cls.policy_aio = Policy.create(
            {
                "name": "Hibertek all-in-one",
                "product_tmpl_id": cls.aio.product_tmpl_id.id,
                "proof_required": False,
                "term_ids": [
                    (0, 0, {"component_id": cls.chassis.id, "months": 36}),
                    (0, 0, {"component_id": cls.lcd.id, "months": 24}),
                    (0, 0, {"component_id": cls.mainboard.id, "months": 12}),
                ],
            }
        )
        cls.policy_camera = Policy.create(
            {
                "name": "Cameras: authorised centres",
                "product_tmpl_id": cls.camera.product_tmpl_id.id,
                "out_of_scope": True,
                "referral_partner_id": cls.camera_centre.id,
                "referral_instructions": "Bring the camera with its receipt.",
            }
        )
        Team = env["helpdesk.ticket.team"]
        cls.back_line = Team.create(
            {"name": "Test Back Line", "postventa_tier": "back"}
        )
        cls.front_line = Team.create(
            {
                "name": "Test Front Line",
                "postventa_tier": "front",
                "escalation_team_id": cls.back_line.id,
            }
        )
        cls.customer = env["res.partner"].create(
            {
                "name": "Ana Benítez",
                "email": "ana@example.com",
                "phone": "+595 21 555 000",
            }
        )
        cls.store = env["res.partner"].create(
            {"name": "Tienda Centro", "is_postventa_store": True}
        )
        cls.agent = new_test_user(
            env, "pv_agent", groups="helpdesk_mgmt.group_helpdesk_user", name="FL agent"
        )
        cls.manager = new_test_user(
            env,
            "pv_manager",
            groups="helpdesk_mgmt.group_helpdesk_manager",
            name="Manager",
        )
        cls.front_line.user_ids = cls.agent
        cls.stage_in_progress = env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_in_progress"
        )
        cls.stage_done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")

    @classmethod
    def _create_aserti_hours(cls):
        """Aserti's seasonal hours in Europe/Madrid."""
        return aserti_hours(cls.env)

    @classmethod
    def _unit(cls, product, serial, purchase_date, proof=True, **values):
        return cls.env["postventa.unit"].create(
            dict(
                values,
                product_id=product.id,
                serial=serial,
                owner_id=cls.customer.id,
                purchase_date=purchase_date,
                proof_of_purchase=PROOF if proof else False,
                store_id=cls.store.id,
            )
        )

    @classmethod
    def _store_stock(cls, store, product, *serials):
        """Give ``store`` these units of ``product`` in its own stock, where the
        store's stock is known (postventa_rma installed); without it the clerk
        types the serial she hands out."""
        env = cls.env
        if "postventa_stock_location_id" not in env["res.partner"]._fields:
            return
        if not store.postventa_stock_location_id:
            store.postventa_stock_location_id = env["stock.location"].create(
                {
                    "name": store.name,
                    "usage": "internal",
                    "location_id": env.ref("stock.stock_location_locations").id,
                    "company_id": env.company.id,
                }
            )
        product.write({"is_storable": True, "tracking": "serial"})
        for serial in serials:
            lot = env["stock.lot"].create({"name": serial, "product_id": product.id})
            env["stock.quant"]._update_available_quantity(
                product, store.postventa_stock_location_id, 1, lot_id=lot
            )

    @classmethod
    def _ticket(cls, unit=None, opened=datetime(2025, 6, 1, 12, 0), **values):
        vals = {
            "name": "It does not print",
            "description": "<p>Paper jam light blinks.</p>",
            "partner_id": cls.customer.id,
            "team_id": cls.front_line.id,
            "unit_id": unit.id if unit else False,
            "opening_date": opened,
        }
        vals.update(values)
        return cls.env["helpdesk.ticket"].create(vals)

    @contextmanager
    def assertRaisesRegex(self, exception, regex):  # noqa: N802
        """Like Odoo's assertRaises (rolled back to a savepoint), checking the
        message."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), regex)

    @staticmethod
    def d(*args):
        return date(*args)
