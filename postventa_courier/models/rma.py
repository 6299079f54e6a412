from odoo import fields, models


class Rma(models.Model):
    _inherit = "rma"

    courier_order_ids = fields.One2many(
        "postventa.courier.order", "rma_id", string="Courier orders"
    )

    def action_courier_delivery(self):
        """Send the repaired or exchanged unit back with the zone's courier."""
        self.ensure_one()
        self.check_access("write")
        # whoever may change it, as long as they are staff (checked again by
        # _postventa_request): the order created below calls the courier
        pickings = (
            self.delivery_move_ids.picking_id
            | self.reception_move_id.picking_id.return_ids
        ).filtered(lambda p: p.picking_type_code == "outgoing" and p.state != "cancel")
        picking = pickings[-1:]
        partner = self.partner_shipping_id or self.partner_id
        Order = self.env["postventa.courier.order"]
        values = Order._postventa_prepare(
            "delivery", self.ticket_id, partner, picking=picking, rma=self
        )
        return Order._postventa_request(values)._postventa_open()
