from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user
from odoo.tools import mute_logger

from .common import ExchangeCase, lab_intake, lab_repair, lab_user, qc_user


class TestLab(ExchangeCase):
    """HP Paraguay's procedure: intake with numbered accessories, repair (free in
    warranty, quoted otherwise), quality control by someone else, packing check, service
    report."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.lab_tech = lab_user(env, "pv_lab_tech")
        cls.qc_tech = qc_user(env, "pv_qc_tech")
        cls.fuser = env["product.product"].create(
            {"name": "Fuser unit", "is_storable": True}
        )
        Quant = env["stock.quant"].with_context(inventory_mode=True)
        Quant.create(
            {
                "product_id": cls.fuser.id,
                "location_id": cls.warehouse.lot_stock_id.id,
                "inventory_quantity": 3,
            }
        ).action_apply_inventory()
        cls.customer.email = "rosa@example.com"

    def _intake(self, rma):
        return lab_intake(
            rma,
            self.lab_tech,
            "Power cable",
            {"name": "Black cartridge", "serial": "CRT-1"},
        )

    def _repair(self, rma):
        return lab_repair(rma, self.lab_tech)

    def test_intake_numbers_each_accessory_and_prints_a_receipt(self):
        rma = self._received_rma(200, "LAB-001")
        intake = self._intake(rma)
        numbers = intake.line_ids.mapped("intake_number")
        self.assertEqual(len(set(numbers)), 2)
        self.assertTrue(all(n.startswith("ACC-") for n in numbers))
        self.assertTrue(intake.name.startswith("LAB/"))
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("postventa_rma.action_report_lab_intake", intake.ids)[0]
            .decode()
        )
        for number in numbers:
            self.assertIn(number, html)
        self.assertIn("Scratched lid", html)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                intake.line_ids[0].quantity = 0
        with self.assertRaisesRegex(ValidationError, "either packed or an exception"):
            intake.line_ids[0].write({"packed": True, "packing_exception": "Kept"})

    def test_intake_note_counts_what_came_with_the_unit(self):
        rma = self._received_rma(200, "LAB-NOTE-1")
        intake = self._intake(rma)
        self.assertIn(
            f"Lab intake {intake.name}: supplies and accessories received (2): "
            "Power cable, Black cartridge.",
            rma.message_ids.mapped("body")[0],
        )
        # received first, its accessories listed afterwards (the form's lines
        # saved later, or data loaded that way)
        rma = self._received_rma(200, "LAB-NOTE-2")
        intake = (
            self.env["postventa.lab.intake"]
            .with_user(self.lab_tech)
            .create({"rma_id": rma.id, "condition": "Dusty"})
        )
        self.env["postventa.lab.intake.line"].with_user(self.lab_tech).with_context(
            lang="es_419"
        ).create([{"intake_id": intake.id, "name": "Cable"}])
        bodies = " ".join(rma.message_ids.mapped("body"))
        self.assertIn("the unit came without supplies or accessories", bodies)
        self.assertIn(
            "también se recibió Cable (insumos y accesorios en total: 1)", bodies
        )
        self.assertNotIn("0 supplies", bodies)

    def test_warranty_repair_consumes_parts_and_needs_qc_by_someone_else(self):
        rma = self._received_rma(200, "LAB-002")
        repair = self._repair(rma)
        self.assertTrue(repair.under_warranty)
        self.assertEqual(repair.lot_id.name, "LAB-002")
        repair.write(
            {
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.fuser.id,
                            "product_uom_qty": 1,
                            "repair_line_type": "add",
                        },
                    )
                ]
            }
        )
        repair.action_validate()
        repair.action_repair_start()
        with self.assertRaisesRegex(UserError, "Describe the work done"):
            repair.action_send_to_qc()
        repair.write(
            {"work_done": "<p>Fuser replaced</p>", "user_id": self.lab_tech.id}
        )
        repair.action_send_to_qc()
        with self.assertRaisesRegex(UserError, "must pass quality control"):
            repair.action_repair_end()
        with self.assertRaisesRegex(UserError, "Only quality control technicians"):
            repair.action_qc_pass()
        self.assertEqual(repair.repaired_by_ids, self.lab_tech)
        repair.with_user(self.qc_tech).action_qc_fail("Paper still jams")
        self.assertEqual(repair.qc_state, "failed")
        self.assertEqual(repair.qc_check_ids.result, "failed")
        self.assertIn("Paper still jams", repair.sudo().activity_ids.note)
        repair.action_send_to_qc()
        repair.with_user(self.qc_tech).action_qc_pass()
        self.assertEqual(
            repair.qc_check_ids.sorted("id").mapped("result"), ["failed", "passed"]
        )
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")
        self.assertEqual(
            self._qty(self.warehouse.lot_stock_id), 0, "no printer in stock"
        )
        self.assertEqual(
            sum(
                self.env["stock.quant"]
                .search(
                    [
                        ("product_id", "=", self.fuser.id),
                        ("location_id", "=", self.warehouse.lot_stock_id.id),
                    ]
                )
                .mapped("quantity")
            ),
            2,
            "the fuser was consumed through a stock move",
        )

    def test_repair_consumes_a_harvested_part(self):
        Quant = self.env["stock.quant"].with_context(inventory_mode=True)
        Quant.create(
            {
                "product_id": self.fuser.id,
                "location_id": self.harvest.id,
                "inventory_quantity": 1,
            }
        ).action_apply_inventory()
        rma = self._received_rma(200, "LAB-003")
        repair = self._repair(rma)
        repair.write(
            {
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.fuser.id,
                            "product_uom_qty": 1,
                            "repair_line_type": "add",
                            "location_id": self.harvest.id,
                        },
                    )
                ]
            }
        )
        repair.action_validate()
        repair.action_repair_start()
        repair.write({"work_done": "<p>Harvested fuser fitted</p>"})
        repair.action_send_to_qc()
        repair.with_user(self.qc_tech).action_qc_pass()
        repair.action_repair_end()
        harvest_fusers = self.env["stock.quant"].search(
            [("product_id", "=", self.fuser.id), ("location_id", "=", self.harvest.id)]
        )
        self.assertEqual(sum(harvest_fusers.mapped("quantity")), 0)

    def test_out_of_warranty_waits_for_the_accepted_quotation(self):
        rma = self._received_rma(800, "LAB-004")
        self.assertEqual(rma.warranty_state, "out_of_warranty")
        repair = self._repair(rma)
        self.assertFalse(repair.under_warranty)
        repair.write(
            {
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.fuser.id,
                            "product_uom_qty": 1,
                            "repair_line_type": "add",
                        },
                    )
                ]
            }
        )
        repair.action_validate()
        with self.assertRaisesRegex(UserError, "accept the quotation"):
            repair.action_repair_start()
        repair.sudo().action_create_sale_order()
        self.assertEqual(rma.ticket_id.stage_id.postventa_kind, "change")
        self.assertEqual(repair.sale_order_id.order_line.product_id, self.fuser)
        repair.sale_order_id.sudo().action_confirm()
        repair.action_repair_start()
        self.assertEqual(repair.state, "under_repair")

    def test_packing_check_blocks_the_delivery_until_complete(self):
        rma = self._received_rma(200, "LAB-005")
        intake = self._intake(rma)
        repair = self._repair(rma)
        repair.action_validate()
        repair.action_repair_start()
        # with OCA rma_repair installed, its repair is the lab's and the unit may
        # go back only once that repair is done; otherwise the delivery may be
        # prepared first and the packing check holds it
        with_rma_repair = "repair_id" in rma._fields

        def create_return():
            rma.sudo().create_return(
                fields.Datetime.now(), rma.product_uom_qty, rma.product_uom
            )
            delivery = rma.delivery_move_ids.picking_id
            delivery.move_ids.lot_ids = rma.lot_id
            return delivery

        if with_rma_repair:
            self.assertEqual(rma.repair_id, repair.sudo(), "one repair per RMA")
            self.assertFalse(rma.can_be_returned)
        else:
            delivery = create_return()
            with self.assertRaisesRegex(UserError, "not passed quality control"):
                self._validate(delivery)
        repair.write({"work_done": "<p>Cleaned heads</p>"})
        repair.action_send_to_qc()
        repair.with_user(self.qc_tech).action_qc_pass()
        repair.action_repair_end()
        if with_rma_repair:
            delivery = create_return()
        with self.assertRaisesRegex(UserError, "Power cable"):
            self._validate(delivery)
        self.assertNotEqual(delivery.state, "done")
        intake.line_ids[0].packed = True
        intake.line_ids[
            1
        ].packing_exception = "Cartridge empty, discarded with the customer's consent"
        self._validate(delivery)
        self.assertEqual(delivery.state, "done")
        # that very unit left the RMA location for the customer
        self.assertEqual(delivery.move_line_ids.lot_id.name, "LAB-005")
        self.assertEqual(self._qty(self.warehouse.rma_loc_id, "LAB-005"), 0)
        report_mail = rma.message_ids.filtered(lambda m: self.customer in m.partner_ids)
        self.assertEqual(len(report_mail), 1)
        # the service report is attached (rendered as HTML while testing, PDF in
        # production)
        self.assertTrue(
            report_mail.attachment_ids.name.startswith(
                f"Service report {rma.name.replace('/', '-')}"
            )
        )
        self.assertIn(b"Cleaned heads", report_mail.attachment_ids.raw)

    def test_only_lab_staff_register_intakes(self):
        rma = self._received_rma(200, "LAB-006")
        outsider = new_test_user(
            self.env, "pv_outsider", groups="rma.rma_group_user_all"
        )
        with self.assertRaises(AccessError):
            self.env["postventa.lab.intake"].with_user(outsider).create(
                {"rma_id": rma.id, "condition": "ok"}
            )

    def test_partial_warranty_repairs_free_only_a_covered_component(self):
        # Hibertek's procedure: chassis 3 years, mainboard 1 year
        chassis, mainboard = self.env["postventa.component"].create(
            [{"name": "Chassis (lab)"}, {"name": "Mainboard (lab)"}]
        )
        policy = self.env["postventa.warranty.policy"].search(
            [("product_tmpl_id", "=", self.product.product_tmpl_id.id)]
        )
        policy.term_ids = [
            (0, 0, {"component_id": chassis.id, "months": 36}),
            (0, 0, {"component_id": mainboard.id, "months": 12}),
        ]
        for serial, component, free in (
            ("LAB-P1", chassis, True),
            ("LAB-P2", mainboard, False),
            ("LAB-P3", self.env["postventa.component"], False),
        ):
            rma = self._received_rma(500, serial)
            self.assertEqual(rma.warranty_state, "partial")
            rma.ticket_id.failed_component_id = component
            self.assertEqual(self._repair(rma).under_warranty, free, serial)

    def _repair_at_qc(self, serial, technician):
        """A repair ``technician`` started, described and sent to quality control."""
        repair = self._repair(self._received_rma(200, serial)).with_user(technician)
        repair.action_validate()
        repair.action_repair_start()
        repair.write({"work_done": "<p>Rollers replaced</p>"})
        repair.action_send_to_qc()
        return repair

    def test_qc_results_change_only_through_the_qc_actions(self):
        repair = self._repair_at_qc("LAB-QC1", self.lab_tech)
        logistics = new_test_user(
            self.env,
            "pv_lab_logistics",
            groups="postventa_rma.group_postventa_logistics",
        )
        for user in (logistics, self.lab_tech, self.qc_tech):
            as_user = repair.with_user(user)
            for values in (
                {"qc_state": "passed"},
                {"qc_check_ids": [(0, 0, {"result": "passed"})]},
                {"repaired_by_ids": [(5,)]},
            ):
                with self.assertRaises(AccessError, msg=(user.login, values)):
                    as_user.write(values)
            with self.assertRaises(AccessError, msg=user.login):
                self.env["postventa.qc.check"].with_user(user).create(
                    {"repair_id": repair.id, "result": "passed"}
                )
        with self.assertRaises(AccessError):
            self.env["repair.order"].with_user(self.lab_tech).create(
                {"product_id": self.product.id, "qc_state": "passed"}
            )
        self.assertEqual(repair.qc_state, "pending")
        self.assertFalse(repair.qc_check_ids)
        repair.with_user(self.qc_tech).action_qc_pass()
        self.assertEqual(repair.qc_state, "passed")
        self.assertEqual(repair.qc_check_ids.user_id, self.qc_tech)

    def test_the_lab_does_not_hand_a_received_unit_to_another_customer(self):
        # attack report F7: quality control wrote the RMA's customer (and its
        # replacement's address) with a plain write
        rma = self._received_rma(10, "LAB-OTHER-CUSTOMER")
        stranger = self.env["res.partner"].create({"name": "Someone else"})
        for user in (self.qc_tech, self.lab_tech):
            as_user = rma.with_user(user)
            for fname in ("partner_id", "partner_shipping_id"):
                with self.assertRaises(AccessError, msg=(user.login, fname)):
                    as_user.write({fname: stranger.id})
            # the form saves the address it shows (force_save): unchanged passes
            as_user.write({"partner_shipping_id": rma.partner_shipping_id.id})
        self.assertEqual(rma.partner_id, self.customer)
        self.assertNotEqual(rma.partner_shipping_id, stranger)
        # a draft still takes another customer
        draft = self._rma(10, "LAB-DRAFT-CUSTOMER")
        draft.write({"partner_id": stranger.id})
        self.assertEqual(draft.partner_id, stranger)

    def test_who_repaired_is_recorded_by_the_work_not_the_responsible(self):
        # a QC technician who starts a repair cannot pass it, whoever is named
        # responsible of it
        repair = self._repair_at_qc("LAB-QC2", self.qc_tech)
        self.assertEqual(repair.repaired_by_ids, self.qc_tech)
        repair.user_id = self.lab_tech
        with self.assertRaisesRegex(ValidationError, "someone else must check it"):
            repair.with_user(self.qc_tech).action_qc_pass()
        with self.assertRaisesRegex(ValidationError, "someone else must check it"):
            repair.with_user(self.qc_tech).action_qc_fail("Does not print")
        # describing the work done is repair work too
        other_qc = new_test_user(
            self.env, "pv_qc_other", groups="postventa_rma.group_postventa_qc"
        )
        repair = self._repair_at_qc("LAB-QC3", self.lab_tech)
        repair.with_user(self.qc_tech).action_qc_fail("Still jams")
        repair.with_user(other_qc).write({"work_done": "<p>Pad replaced too</p>"})
        repair.action_send_to_qc()
        self.assertEqual(repair.repaired_by_ids, self.lab_tech | other_qc)
        with self.assertRaisesRegex(ValidationError, "someone else must check it"):
            repair.with_user(other_qc).action_qc_pass()
        repair.with_user(self.qc_tech).action_qc_pass()
        self.assertEqual(repair.qc_state, "passed")

    def test_a_repair_is_not_done_by_writing_its_state_while_qc_is_pending(self):
        # issue "one access model": a technician wrote state = done with QC pending
        repair = self._repair_at_qc("LAB-QC4", self.lab_tech)
        self.assertEqual(repair.qc_state, "pending")
        for call in (
            lambda: repair.write({"state": "done"}),
            # upstream's action_repair_done is public too: the same refusal
            lambda: repair.action_repair_done(),
        ):
            with self.assertRaisesRegex(AccessError, "Pass QC, then End Repair"):
                call()
        with self.assertRaisesRegex(UserError, "must pass quality control"):
            repair.action_repair_end()
        self.assertEqual(repair.state, "under_repair")
        repair.with_user(self.qc_tech).action_qc_pass()
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")
