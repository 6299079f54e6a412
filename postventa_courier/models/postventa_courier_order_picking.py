from odoo import models


class PostventaCourierOrder(models.Model):
    """The transfer an order carries (the RMA's receipt or delivery, or a delivery
    order validated with the carrier) follows the order."""

    _inherit = "postventa.courier.order"

    def write(self, vals):
        """Write copies a new tracking number onto the transfer."""
        result = super().write(vals)
        if vals.get("tracking_number"):
            for order in self.filtered("picking_id"):
                order.picking_id.sudo().carrier_tracking_ref = order.tracking_number
        return result
