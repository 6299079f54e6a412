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
    repair_handover = fields.Selection(
        [
            ("home", "Courier at the customer's address"),
            ("office", "Customer comes to our office"),
        ],
        string="Units to repair travel",
        help="How the unit of a case that is not a DOA reaches the service centre "
        "in this zone, proposed on the case (e.g. Kodak Perú: in Lima the customer "
        "brings it, in the provinces the centre has it picked up). DOA units are "
        "always picked up. Empty: picked up.",
    )
