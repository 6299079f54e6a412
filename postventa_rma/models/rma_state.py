from odoo import models


class Rma(models.Model):
    """The RMA's state is its actions' (attack report F7: any RMA user moved a
    confirmed RMA to ``replaced`` with a plain write). A create in draft (the
    default) passes; every other write or create of ``state`` is refused outside
    the upstream actions wrapped here, each in
    :meth:`_postventa_action_scope`."""

    _name = "rma"
    _inherit = ["rma", "postventa.action.owned.mixin"]

    def _postventa_action_owned_fields(self):
        return super()._postventa_action_owned_fields() | {
            "state": self.env._(
                "Confirm, Receive (the receipt), Replace, Return to customer, "
                "Refund, Finish, Split, Cancel, Back to draft, Lock, Unlock"
            )
        }

    def _postventa_action_owned_touched(self, vals):
        touched = super()._postventa_action_owned_touched(vals)
        # a new RMA starts in draft (self is empty on create)
        if not self and vals.get("state") == "draft":
            touched.pop("state", None)
        # Unlike postventa's own state machines, OCA rma's state is upstream's
        # standard field: other addons' server code may set it (OCA rma's own
        # tests build RMAs with copy(default={"state": ...})). Superuser code
        # passes; what a user sends (JSON-RPC, forms, onchange) never runs as
        # superuser, and no controller of postventa writes an RMA's state.
        if self.env.su:
            touched.pop("state", None)
        return touched

    def _postventa_state_scope(self):
        return self.env["rma"]._postventa_action_scope(["state"])

    def action_confirm(self):
        with self._postventa_state_scope():
            return super().action_confirm()

    def _action_refund_after_hook(self):
        with self._postventa_state_scope():
            return super()._action_refund_after_hook()

    def action_finish(self):
        with self._postventa_state_scope():
            return super().action_finish()

    def action_cancel(self):
        with self._postventa_state_scope():
            return super().action_cancel()

    def action_draft(self):
        with self._postventa_state_scope():
            return super().action_draft()

    def action_lock(self):
        with self._postventa_state_scope():
            return super().action_lock()

    def action_unlock(self):
        with self._postventa_state_scope():
            return super().action_unlock()

    def extract_quantity(self, qty, uom):
        with self._postventa_state_scope():
            return super().extract_quantity(qty, uom)

    def create_return(self, scheduled_date, qty=None, uom=None):
        with self._postventa_state_scope():
            return super().create_return(scheduled_date, qty=qty, uom=uom)

    def create_replace(self, scheduled_date, warehouse, product, qty, uom):
        with self._postventa_state_scope():
            return super().create_replace(scheduled_date, warehouse, product, qty, uom)


class StockMove(models.Model):
    """The receipt and the deliveries move their RMAs: done (received, replaced,
    returned), cancelled or removed (back to draft, received)."""

    _inherit = "stock.move"

    def unlink(self):
        with self.env["rma"]._postventa_action_scope(["state"]):
            return super().unlink()

    def _action_cancel(self):
        with self.env["rma"]._postventa_action_scope(["state"]):
            return super()._action_cancel()

    def _action_done(self, cancel_backorder=False):
        with self.env["rma"]._postventa_action_scope(["state"]):
            return super()._action_done(cancel_backorder=cancel_backorder)


class AccountMove(models.Model):
    """Removing an RMA's credit note takes the RMA back to received."""

    _inherit = "account.move"

    def unlink(self):
        with self.env["rma"]._postventa_action_scope(["state"]):
            return super().unlink()


class RmaFinalizationWizard(models.TransientModel):
    """Finish with a reason."""

    _inherit = "rma.finalization.wizard"

    def action_finish(self):
        with self.env["rma"]._postventa_action_scope(["state"]):
            return super().action_finish()
