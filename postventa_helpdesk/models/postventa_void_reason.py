from odoo import fields, models


class PostventaVoidReason(models.Model):
    _name = "postventa.void.reason"
    _description = "Reason that voids a warranty"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    customer_explanation = fields.Text(
        required=True,
        translate=True,
        help="What the customer is told when the warranty is voided for this reason.",
    )
    active = fields.Boolean(default=True)
