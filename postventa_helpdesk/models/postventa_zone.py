from odoo import api, fields, models, tools


class PostventaZone(models.Model):
    """Service zone (capital vs provinces): deadlines and couriers depend on it."""

    _name = "postventa.zone"
    _inherit = ["postventa.cached.config.mixin"]
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

    @tools.ormcache("company_id")
    def _rules(self, company_id):
        """Zones as plain tuples, in order: (id, country, states, cities, fallback)."""
        return tuple(
            (
                zone.id,
                zone.country_id.id,
                frozenset(zone.state_ids.ids),
                frozenset(
                    c.strip().casefold()
                    for c in (zone.cities or "").split(",")
                    if c.strip()
                ),
                zone.is_fallback,
            )
            for zone in self.sudo().search([("company_id", "in", [company_id, False])])
        )

    @api.model
    def _find_for_partner(self, partner, company=None):
        """The zone of ``partner``'s address: state or city match first, then the
        country's fallback zone."""
        address = (
            partner
            if (partner.city or partner.state_id)
            else partner.commercial_partner_id
        )
        country = address.country_id.id
        if not country:
            return self.browse()
        city = (address.city or "").strip().casefold()
        fallback = False
        for zone_id, zone_country, states, cities, is_fallback in self._rules(
            (company or self.env.company).id
        ):
            if zone_country != country:
                continue
            if address.state_id.id in states or (city and city in cities):
                return self.browse(zone_id)
            if is_fallback and not fallback:
                fallback = zone_id
        return self.browse(fallback)
