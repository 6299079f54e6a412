from odoo import fields, models


class StockLocation(models.Model):
    _inherit = "stock.location"

    postventa_is_harvest = fields.Boolean(
        string="Parts harvest",
        compute="_compute_postventa_is_harvest",
        search="_search_postventa_is_harvest",
        help="The parts harvest of a warehouse (or a location inside it).",
    )

    def _postventa_harvest_locations(self):
        """The parts harvests of the warehouses the user sees (every internal
        user reads warehouses and locations, in her companies)."""
        warehouses = self.env["stock.warehouse"].search([])
        return self.search(
            [("id", "child_of", warehouses.postventa_harvest_loc_id.ids)]
        )

    def _compute_postventa_is_harvest(self):
        harvest = self._postventa_harvest_locations()
        for location in self:
            location.postventa_is_harvest = location in harvest

    def _search_postventa_is_harvest(self, operator, value):
        if operator not in ("=", "!="):
            return NotImplemented
        positive = (operator == "=") == bool(value)
        ids = self._postventa_harvest_locations().ids
        return [("id", "in" if positive else "not in", ids)]
