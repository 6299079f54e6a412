from odoo import fields, models


class PostventaResolutionCode(models.Model):
    _name = "postventa.resolution.code"
    _description = "How a case was resolved"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "UNIQUE(code)", "Resolution codes must be unique."),
    ]
