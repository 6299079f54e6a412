from odoo.exceptions import AccessError

from .common import ExchangeCase, demo_users_to_their_jobs, return_without_repair


class TestRmaState(ExchangeCase):
    """An RMA moves only through its actions (attack report F7: quality control
    and logistics moved a confirmed RMA to ``replaced`` with a plain write)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        demo_users_to_their_jobs(cls.env)
        return_without_repair(cls.env)
        cls.qc = cls.env.ref("postventa_rma.user_qc")
        cls.demo_logistics = cls.env.ref("postventa_rma.user_logistics")

    def test_staff_cannot_write_the_state(self):
        rma = self._rma(3, "F7-0001")
        rma.action_confirm()
        self.assertEqual(rma.state, "confirmed")
        for user in (self.qc, self.demo_logistics):
            for state in ("replaced", "received", "finished", "draft"):
                with self.assertRaisesRegex(AccessError, "Replace.*Unlock"):
                    rma.with_user(user).write({"state": state})
        self.assertEqual(rma.state, "confirmed")
        values = {
            "partner_id": self.customer.id,
            "product_id": self.product.id,
            "location_id": rma.location_id.id,
        }
        for user in (self.qc, self.demo_logistics):
            with self.assertRaisesRegex(AccessError, "change only through"):
                self.env["rma"].with_user(user).create(dict(values, state="received"))
            with self.assertRaisesRegex(AccessError, "change only through"):
                self.env["rma"].with_user(user).with_context(
                    default_state="replaced"
                ).create(values)
        # upstream's contract: other addons' server code (superuser) may set it
        other = rma.copy({"state": "confirmed"})
        self.assertEqual(other.state, "confirmed")
        other.write({"state": "cancelled"})
        self.assertEqual(other.state, "cancelled")
        # a new RMA starts in draft, said or not
        self.assertEqual(self.env["rma"].create(values).state, "draft")
        self.assertEqual(
            self.env["rma"].create(dict(values, state="draft")).state, "draft"
        )

    def test_the_actions_still_move_the_state(self):
        rma = self._rma(3, "F7-0002")
        rma.action_cancel()
        self.assertEqual(rma.state, "cancelled")
        rma.action_draft()
        self.assertEqual(rma.state, "draft")
        rma = self._received_rma(3, "F7-0003")
        self.assertEqual(rma.state, "received")
        rma.action_lock()
        self.assertEqual(rma.state, "locked")
        rma.action_unlock()
        self.assertEqual(rma.state, "received")
        # the return's delivery (done: returned) is the stock moves' wrapped
        # _action_done, as the receipt above; not repeated here, where rma_lot
        # (a neighbour) asks the serial's stock of a return
        other = self._received_rma(3, "F7-0004")
        wizard = (
            self.env["rma.finalization.wizard"]
            .with_context(active_ids=other.ids)
            .create(
                {
                    "finalization_id": self.env["rma.finalization"]
                    .create({"name": "Customer keeps the unit"})
                    .id
                }
            )
        )
        wizard.action_finish()
        self.assertEqual(other.state, "finished")
