from odoo import models

# The transfer's OCA delivery_state (module delivery_state, when installed) for
# each order state; a pickup "delivered" reached our warehouse, a delivery the
# customer. None: the transfer keeps what it has.
DELIVERY_STATES = {
    "requested": None,
    "scheduled": "shipping_recorded_in_carrier",
    "at_doc": "in_transit",
    "picked_up": "in_transit",
    "in_transit": "in_transit",
    "failed": "incident",
    "returned": "incident",
    "cancelled": "canceled_shipment",
}


# one concern per file, as the model's docstring lists them
class PostventaCourierOrder(models.Model):
    """The transfer an order carries (the RMA's receipt or delivery, or a delivery
    order validated with the carrier) follows the order: its tracking reference
    and, with OCA delivery_state installed, its delivery state."""

    _inherit = "postventa.courier.order"  # pylint: disable=R8180

    def write(self, vals):
        """Write copies a new tracking number onto the transfer, and a new state
        onto its delivery_state (OCA delivery_state, when installed). Whoever
        writes them may write the transfer: logistics (stock users) or the order's
        actions as superuser."""
        result = super().write(vals)
        if vals.get("tracking_number"):
            for order in self.filtered("picking_id"):
                order.picking_id.carrier_tracking_ref = order.tracking_number
        if "state" in vals:
            self.filtered("picking_id")._postventa_sync_delivery_state()
        return result

    def _postventa_delivery_state(self):
        """The transfer's delivery_state for this order's state, or None."""
        self.ensure_one()
        if self.state == "delivered":
            return (
                "warehouse_delivered" if self.kind == "pickup" else "customer_delivered"
            )
        return DELIVERY_STATES.get(self.state)

    def _postventa_sync_delivery_state(self):
        Picking = self.env["stock.picking"]
        if "delivery_state" not in Picking._fields:
            return
        allowed = dict(
            Picking._fields["delivery_state"]._description_selection(self.env)
        )
        for order in self:
            value = order._postventa_delivery_state()
            picking = order.picking_id
            if value in allowed and picking.delivery_state != value:
                picking.delivery_state = value
