from odoo import fields, models


class PostventaServiceType(models.Model):
    _name = "postventa.service.type"
    _description = "Type of after-sales service"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "UNIQUE(code)", "Service type codes must be unique."),
    ]
