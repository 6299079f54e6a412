from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_postventa_store = fields.Boolean(
        string="Store",
        help="A store that sells the units we service: customers name it as the "
        "place of purchase and it performs DOA exchanges.",
    )
