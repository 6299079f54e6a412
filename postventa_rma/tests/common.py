"""Builders of postventa_rma's tests, reused by the addons above it
(postventa_courier, postventa_mrp, postventa_claim, postventa_tests): the lab and
QC people, a received RMA, a lab intake, a serial-tracked printer in the
after-sales stock."""

from datetime import date, timedelta

from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase

from odoo.addons.postventa_helpdesk.tests import common as helpdesk_common

HELPDESK_JOBS = helpdesk_common.DEMO_JOBS

# the demo's staff logins and the groups their demo record gives them (their job),
# postventa_rma's people (the lab, QC, logistics) included
DEMO_JOBS = dict(
    HELPDESK_JOBS,
    **{
        "postventa_helpdesk.user_back_line": HELPDESK_JOBS[
            "postventa_helpdesk.user_back_line"
        ]
        + ["postventa_rma.group_postventa_lab"],
        "postventa_rma.user_qc": ["postventa_rma.group_postventa_qc"],
        "postventa_rma.user_logistics": ["postventa_rma.group_postventa_logistics"],
    },
)


def demo_users_to_their_jobs(env):
    """The demo's staff, postventa_rma's people included, with only their job's
    groups (see postventa_helpdesk's tests/common.py)."""
    helpdesk_common.demo_users_to_their_jobs(env, DEMO_JOBS)


def lab_user(env, login, name="Lab technician", groups=""):
    """A lab technician: intake, repair, packing."""
    groups = ",".join(filter(None, ["postventa_rma.group_postventa_lab", groups]))
    return new_test_user(env, login, groups=groups, name=name)


def qc_user(env, login, name="QC technician"):
    """A quality control technician (someone other than who repaired)."""
    return new_test_user(
        env, login, groups="postventa_rma.group_postventa_qc", name=name
    )


def return_without_repair(env):
    """OCA rma_repair, when installed, makes the Repair operation open a repair on
    confirm and hold the return until it is done: the unit of these tests goes
    back without a repair order."""
    operation = env.ref("rma.rma_operation_return")
    if "action_create_repair" in operation._fields:
        operation.action_create_repair = False


def validate(picking):
    """The transfer done, every move picked as the warehouse would."""
    picking.move_ids.picked = True
    picking.button_validate()
    return picking


def receive_rma(rma):
    """The return confirmed and its receipt validated: the unit is in."""
    rma.operation_id = rma.env.ref("rma.rma_operation_return")
    rma.action_confirm()
    if not rma.reception_move_id:
        rma.action_create_receipt()
    validate(rma.reception_move_id.picking_id)
    return rma


def lab_intake(rma, user, *accessories, condition="Scratched lid", origin="courier"):
    """The lab's intake of a received unit by ``user``, with the accessories that
    came with it (names, or line values such as ``{"name": …, "serial": …}``)."""
    lines = [
        (0, 0, accessory if isinstance(accessory, dict) else {"name": accessory})
        for accessory in accessories
    ]
    values = {"rma_id": rma.id, "origin": origin, "condition": condition}
    if lines:
        values["line_ids"] = lines
    return rma.env["postventa.lab.intake"].with_user(user).create(values)


def lab_repair(rma, user):
    """The repair order the lab opens for a received unit, as ``user``."""
    action = rma.with_user(user).action_postventa_create_repair()
    return rma.env["repair.order"].browse(action["res_id"]).with_user(user)


class ExchangeCase(TransactionCase):
    """A serial-tracked printer with units in the after-sales locations of the main
    warehouse; quantities are read from stock.quant, serials from the move lines."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.warehouse = env.ref("stock.warehouse0")
        cls.customers = env.ref("stock.stock_location_customers")
        cls.product = env["product.product"].create(
            {"name": "Exchange printer", "is_storable": True, "tracking": "serial"}
        )
        env["postventa.warranty.policy"].create(
            {
                "name": "Exchange DOA 15",
                "product_tmpl_id": cls.product.product_tmpl_id.id,
                "doa_days": 15,
                "warranty_months": 12,
                "proof_required": False,
            }
        )
        cls.customer = env["res.partner"].create(
            {"name": "Rosa Giménez", "email": "rosa@example.com"}
        )
        cls.new_units = cls.warehouse.postventa_new_units_loc_id
        cls.pool = cls.warehouse.postventa_exchange_pool_loc_id
        cls.harvest = cls.warehouse.postventa_harvest_loc_id
        cls.logistics = new_test_user(
            env, "pv_logistics", groups="postventa_rma.group_postventa_logistics"
        )

    @classmethod
    def _stock(cls, location, *serials):
        """Count units in, as the warehouse would with an inventory adjustment."""
        Quant = cls.env["stock.quant"].with_context(inventory_mode=True)
        for serial in serials:
            lot = cls.env["stock.lot"].create(
                {"product_id": cls.product.id, "name": serial}
            )
            Quant.create(
                {
                    "product_id": cls.product.id,
                    "location_id": location.id,
                    "lot_id": lot.id,
                    "inventory_quantity": 1,
                }
            ).action_apply_inventory()

    @classmethod
    def _store_stock(cls, store, *serials):
        """The store's own stock, with these units: what its clerk hands out."""
        if not store.postventa_stock_location_id:
            store.postventa_stock_location_id = cls.env["stock.location"].create(
                {
                    "name": store.name,
                    "usage": "internal",
                    "location_id": cls.env.ref("stock.stock_location_locations").id,
                }
            )
        cls._stock(store.postventa_stock_location_id, *serials)

    def _qty(self, location, serial=None):
        domain = [
            ("product_id", "=", self.product.id),
            ("location_id", "=", location.id),
        ]
        if serial:
            domain.append(("lot_id.name", "=", serial))
        return sum(self.env["stock.quant"].search(domain).mapped("quantity"))

    def _reserved(self, location):
        return sum(
            self.env["stock.quant"]
            .search(
                [
                    ("product_id", "=", self.product.id),
                    ("location_id", "=", location.id),
                ]
            )
            .mapped("reserved_quantity")
        )

    def _rma(self, purchase_days_ago, serial, **ticket_values):
        unit = self.env["postventa.unit"].create(
            {
                "product_id": self.product.id,
                "serial": serial,
                "owner_id": self.customer.id,
                "purchase_date": date.today() - timedelta(days=purchase_days_ago),
            }
        )
        ticket = self.env["helpdesk.ticket"].create(
            dict(
                {
                    "name": "Does not power on",
                    "description": "<p>Dead.</p>",
                    "partner_id": self.customer.id,
                    "unit_id": unit.id,
                },
                **ticket_values,
            )
        )
        return self.env["rma"].browse(ticket.action_create_rma()["res_id"])

    _validate = staticmethod(validate)

    def _received_rma(self, purchase_days_ago, serial, **ticket_values):
        """A case's RMA whose unit the warehouse has received."""
        return receive_rma(self._rma(purchase_days_ago, serial, **ticket_values))
