from odoo import fields, models


class PostventaComponent(models.Model):
    _name = "postventa.component"
    _description = "Unit component with its own warranty term"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
