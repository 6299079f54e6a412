from datetime import date, timedelta

from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase

from odoo.addons.postventa_rma.tests.common import (
    lab_intake,
    lab_repair,
    lab_user,
    qc_user,
    receive_rma,
)


class ClaimCase(TransactionCase):
    """Builders: a manufacturer's programme, a lot-tracked spare part in stock, and
    warranty repairs done through the lab's own actions (intake, repair, QC)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = env.company
        cls.warehouse = env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.lab = cls.warehouse.postventa_lab_loc_id
        cls.categ = env["product.category"].create({"name": "Claim printers"})
        cls.product = env["product.product"].create(
            {
                "name": "Claim printer",
                "is_storable": True,
                "tracking": "serial",
                "categ_id": cls.categ.id,
            }
        )
        env["postventa.warranty.policy"].create(
            {
                "name": "Claim printer 12 months",
                "product_tmpl_id": cls.product.product_tmpl_id.id,
                "doa_days": 15,
                "warranty_months": 12,
                "proof_required": False,
            }
        )
        cls.head = env["product.product"].create(
            {
                "name": "Print head",
                "default_code": "PH-1",
                "is_storable": True,
                "tracking": "lot",
                "standard_price": 30.0,
                "lst_price": 50.0,
            }
        )
        cls.belt = env["product.product"].create(
            {
                "name": "Belt",
                "default_code": "BT-1",
                "is_storable": True,
                "standard_price": 5.0,
            }
        )
        Quant = env["stock.quant"].with_context(inventory_mode=True)
        new_lot = env["stock.lot"].create({"product_id": cls.head.id, "name": "PH-NEW"})
        for product, lot, qty in ((cls.head, new_lot, 50), (cls.belt, None, 50)):
            Quant.create(
                {
                    "product_id": product.id,
                    "location_id": cls.warehouse.lot_stock_id.id,
                    "lot_id": lot.id if lot else False,
                    "inventory_quantity": qty,
                }
            ).action_apply_inventory()
        cls.manufacturer = env["res.partner"].create(
            {"name": "Claim Maker Inc.", "is_company": True}
        )
        cls.customer = env["res.partner"].create({"name": "Rosa Giménez"})
        cls.programme = env["postventa.claim.programme"].create(
            {
                "name": "Claim Maker warranty",
                "manufacturer_id": cls.manufacturer.id,
                "product_categ_ids": [(6, 0, cls.categ.ids)],
                "labour_rate": 40.0,
                "parts_basis": "percentage",
                "parts_percentage": 80.0,
                "freight_allowance": 7.0,
                "claim_deadline_days": 30,
                "repeat_days": 90,
                "parts_policy": "ship_back",
                "return_days": 20,
                "labour_operation_ids": [
                    (
                        0,
                        0,
                        {
                            "code": "DIAG",
                            "name": "Diagnosis",
                            "trigger": "repair",
                            "fee_type": "hourly",
                            "standard_hours": 0.5,
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "code": "HEAD",
                            "name": "Print head replacement",
                            "trigger": "part",
                            "trigger_product_ids": [(6, 0, cls.head.ids)],
                            "fee_type": "flat",
                            "flat_fee": 25.0,
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "code": "DOA",
                            "name": "DOA exchange",
                            "trigger": "doa",
                            "fee_type": "flat",
                            "flat_fee": 12.0,
                        },
                    ),
                ],
            }
        )
        cls.clerk = new_test_user(
            env,
            "pv_claim_clerk",
            groups="postventa_claim.group_postventa_claim_clerk",
            name="Claims clerk",
        )
        cls.manager = new_test_user(
            env,
            "pv_claim_manager",
            groups="postventa_claim.group_postventa_claim_manager,account.group_account_invoice",
            name="Claims manager",
        )
        cls.lab_tech = lab_user(env, "pv_claim_lab")
        cls.qc_tech = qc_user(env, "pv_claim_qc")

    @classmethod
    def _received_rma(cls, serial, purchase_days_ago=200, product=None):
        env = cls.env
        product = product or cls.product
        unit = env["postventa.unit"].create(
            {
                "product_id": product.id,
                "serial": serial,
                "owner_id": cls.customer.id,
                "purchase_date": date.today() - timedelta(days=purchase_days_ago),
            }
        )
        ticket = env["helpdesk.ticket"].create(
            {
                "name": "Paper jam error",
                "description": "<p>Error 3527.</p>",
                "partner_id": cls.customer.id,
                "unit_id": unit.id,
            }
        )
        return receive_rma(env["rma"].browse(ticket.action_create_rma()["res_id"]))

    @classmethod
    def _done_repair(
        cls,
        serial,
        head=True,
        belt=False,
        purchase_days_ago=200,
        failed_lot=None,
        product=None,
    ):
        """A warranty repair done through the lab's actions; with ``head`` a new
        print head goes in and the failed one (its lot) goes to the lab."""
        env = cls.env
        rma = cls._received_rma(serial, purchase_days_ago, product)
        lab_intake(rma, cls.lab_tech, condition="Fine")
        repair = lab_repair(rma, cls.lab_tech).with_env(env)
        repair.recycle_location_id = cls.lab
        moves = []
        if head:
            lot = env["stock.lot"].create(
                {"product_id": cls.head.id, "name": failed_lot or f"PH-FAIL-{serial}"}
            )
            moves += [
                (
                    0,
                    0,
                    {
                        "product_id": cls.head.id,
                        "product_uom_qty": 1,
                        "repair_line_type": "add",
                    },
                ),
                (
                    0,
                    0,
                    {
                        "product_id": cls.head.id,
                        "product_uom_qty": 1,
                        "repair_line_type": "recycle",
                    },
                ),
            ]
        if belt:
            moves.append(
                (
                    0,
                    0,
                    {
                        "product_id": cls.belt.id,
                        "product_uom_qty": 1,
                        "repair_line_type": "add",
                    },
                )
            )
        if moves:
            repair.write({"move_ids": moves})
        repair = repair.with_user(cls.lab_tech)
        repair.action_validate()
        repair.action_repair_start()
        if head:
            recycle = repair.sudo().move_ids.filtered(
                lambda m: m.repair_line_type == "recycle"
            )
            recycle.move_line_ids.unlink()
            recycle.write(
                {
                    "move_line_ids": [
                        (
                            0,
                            0,
                            {
                                "product_id": cls.head.id,
                                "lot_id": lot.id,
                                "quantity": 1,
                                "location_id": recycle.location_id.id,
                                "location_dest_id": recycle.location_dest_id.id,
                            },
                        )
                    ],
                    "picked": True,
                }
            )
        repair.write({"work_done": "<p>Print head replaced</p>"})
        repair.action_send_to_qc()
        repair.with_user(cls.qc_tech).action_qc_pass()
        repair.action_repair_end()
        assert repair.state == "done", repair.state
        return repair

    @classmethod
    def _line(cls, repair):
        return cls.env["postventa.claim.line"].search([("repair_id", "=", repair.id)])
