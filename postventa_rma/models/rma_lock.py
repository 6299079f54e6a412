import psycopg2

from odoo import models
from odoo.exceptions import UserError
from odoo.tools import SQL


class Rma(models.Model):
    """One approval at a time: the actions that create moves lock their RMAs
    first (no create/write override)."""

    _inherit = "rma"

    def _postventa_lock(self):
        """Lock the RMAs for this transaction: two users pressing the same button
        at once must not create two sets of moves."""
        if not self.ids:
            return
        try:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM %s WHERE id IN %s FOR UPDATE NOWAIT",
                    SQL.identifier(self._table),
                    tuple(self.ids),
                )
            )
        except psycopg2.errors.LockNotAvailable:
            raise UserError(
                self.env._(
                    "Someone else is processing these RMAs right now: try again in a "
                    "moment."
                )
            ) from None
        # what the other transaction committed before we got the lock
        self.invalidate_recordset(["state"])

    def action_confirm(self):
        self._postventa_lock()
        return super().action_confirm()
