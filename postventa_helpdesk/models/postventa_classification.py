from odoo import fields, models


class PostventaClassification(models.Model):
    _name = "postventa.classification"
    _description = "Case classification"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    requires_approval = fields.Boolean(
        help="Work on these cases starts only after a helpdesk manager approves "
        "them (e.g. security and access requests).",
    )
    active = fields.Boolean(default=True)
