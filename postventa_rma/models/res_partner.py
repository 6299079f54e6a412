from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    postventa_stock_location_id = fields.Many2one(
        "stock.location",
        string="Store's stock",
        domain=[("usage", "=", "internal")],
        help="Where the units this store keeps for DOA exchanges are: the clerk "
        "chooses the unit handed to the customer among them, and it leaves this "
        "location when the exchange is recorded.",
    )
