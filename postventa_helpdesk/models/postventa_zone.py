from odoo import api, fields, models


class PostventaZone(models.Model):
    """Service zone (capital vs provinces): deadlines and couriers depend on it."""

    _name = "postventa.zone"
    _description = "Service zone"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10, help="Zones are tried in this order.")
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    country_id = fields.Many2one("res.country", required=True)
    state_ids = fields.Many2many("res.country.state", string="States")
    cities = fields.Char(
        help="City names, separated by commas, that belong to this zone "
        "(e.g. Asunción, Lambaré, Luque).",
    )
    is_fallback = fields.Boolean(
        string="Rest of the country",
        help="Addresses of this country that match no other zone fall here "
        "(provinces, interior).",
    )
    active = fields.Boolean(default=True)

    def _city_set(self):
        return {c.strip().casefold() for c in (self.cities or "").split(",") if c.strip()}

    @api.model
    def _find_for_partner(self, partner, zones=None):
        """The zone of ``partner``'s address: state or city match first, then the
        country's fallback zone."""
        address = partner.commercial_partner_id if not partner.city and not partner.state_id else partner
        if not address.country_id:
            return self.browse()
        zones = zones if zones is not None else self.search([])
        city = (address.city or "").strip().casefold()
        candidates = zones.filtered(lambda z: z.country_id == address.country_id)
        for zone in candidates:
            if (address.state_id and address.state_id in zone.state_ids) or (
                city and city in zone._city_set()
            ):
                return zone
        return candidates.filtered("is_fallback")[:1]
