from odoo import fields, models


class PostventaResolutionCode(models.Model):
    _inherit = "postventa.resolution.code"

    creates_rma = fields.Boolean(
        string="Creates an RMA",
        help="Setting this resolution on a case with a unit opens its RMA (e.g. lab "
        "intake).",
    )
