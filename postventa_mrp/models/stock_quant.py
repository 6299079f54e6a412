from odoo import fields, models


class StockQuant(models.Model):
    _inherit = "stock.quant"

    postventa_source_unit_id = fields.Many2one(
        related="lot_id.postventa_source_unit_id",
        string="Harvested from",
        store=True,
        index="btree_not_null",
    )
