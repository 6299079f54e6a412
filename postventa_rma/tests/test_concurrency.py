from datetime import date, timedelta

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.tests.common import BaseCase, get_db_name


class TestTwoUsersApproveAtOnce(BaseCase):
    """Two users confirm (approve) the same RMA at the same moment, each in their own
    transaction: exactly one set of moves comes out. Runs on committed data, so it
    cleans up after itself."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            product = env["product.product"].create(
                {"name": "Race printer", "is_storable": True, "tracking": "serial"}
            )
            customer = env["res.partner"].create({"name": "Race customer"})
            unit = env["postventa.unit"].create(
                {
                    "product_id": product.id,
                    "serial": "RACE-1",
                    "owner_id": customer.id,
                    "purchase_date": date.today() - timedelta(days=100),
                }
            )
            ticket = env["helpdesk.ticket"].create(
                {
                    "name": "Race",
                    "description": "<p>x</p>",
                    "partner_id": customer.id,
                    "unit_id": unit.id,
                }
            )
            rma = env["rma"].browse(ticket.action_create_rma()["res_id"])
            rma.operation_id = env.ref("rma.rma_operation_replace")
            self.ids = {
                "rma": rma.id,
                "ticket": ticket.id,
                "unit": unit.id,
                "product": product.id,
                "customer": customer.id,
            }
        self.addCleanup(self._clean)

    def _clean(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            rma = env["rma"].browse(self.ids["rma"])
            pickings = (
                rma.reception_move_id.picking_id | rma.delivery_move_ids.picking_id
            )
            rma.action_cancel()
            pickings.action_cancel()
            rma.unlink()
            pickings.unlink()
            env["helpdesk.ticket"].browse(self.ids["ticket"]).unlink()
            env["postventa.unit"].browse(self.ids["unit"]).unlink()
            env["stock.lot"].search([("product_id", "=", self.ids["product"])]).unlink()
            env["product.product"].browse(
                self.ids["product"]
            ).product_tmpl_id.active = False

    def _reception_moves(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            return env["stock.move"].search_count(
                [("rma_receiver_ids", "in", [self.ids["rma"]])]
            )

    def test_second_approval_waits_its_turn_and_adds_nothing(self):
        cr1, cr2 = self.registry.cursor(), self.registry.cursor()
        try:
            env1 = api.Environment(cr1, SUPERUSER_ID, {})
            env2 = api.Environment(cr2, SUPERUSER_ID, {})
            # without the RMA's own lock, the second would wait on the first's row
            # update: fail fast instead of hanging
            cr2.execute("SET lock_timeout = '3s'")
            env1["rma"].browse(self.ids["rma"]).action_confirm()
            # the first transaction is not committed yet: the second is told so
            with self.assertRaisesRegex(UserError, "Someone else is processing"):
                env2["rma"].browse(self.ids["rma"]).action_confirm()
            cr2.rollback()
            cr1.commit()
            # trying again after the first committed: already confirmed, nothing new
            rma2 = env2["rma"].browse(self.ids["rma"])
            rma2.action_confirm()
            cr2.commit()
            self.assertEqual(rma2.state, "confirmed")
        finally:
            cr1.close()
            cr2.close()
        self.assertEqual(self._reception_moves(), 1)
