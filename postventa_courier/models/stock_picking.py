from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    courier_order_ids = fields.One2many(
        "postventa.courier.order", "picking_id", string="Courier orders"
    )
