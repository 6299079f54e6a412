from odoo import fields, models


class PostventaServiceType(models.Model):
    _inherit = "postventa.service.type"

    rma_operation_id = fields.Many2one(
        "rma.operation",
        string="RMA operation",
        help="Operation proposed on the RMAs of cases of this service type.",
    )
