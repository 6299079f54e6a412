from odoo import fields, models


class PostventaZone(models.Model):
    _inherit = "postventa.zone"

    pickup_carrier_id = fields.Many2one(
        "delivery.carrier",
        string="Pickups by",
        help="Courier that collects units at customers' addresses in this zone.",
    )
    delivery_carrier_id = fields.Many2one(
        "delivery.carrier",
        string="Deliveries by",
        help="Courier that brings repaired or exchanged units back in this zone.",
    )
