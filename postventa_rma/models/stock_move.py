from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_done(self, cancel_backorder=False):
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        # a received DOA unit goes on to the parts harvest, whatever the RMA's state
        received = self.filtered(lambda m: m.state == "done").sudo().rma_receiver_ids
        received.filtered(
            lambda r: r.exchange_source == "new_units"
        )._postventa_send_to_harvest()
        return moves
