from odoo import api, fields, models
from odoo.tools import float_compare


class StockMove(models.Model):
    """A repair's part comes from the parts harvest when the harvest has it (the
    parts of disassembled DOA units first), or from the repair's own stock when the
    lab unticks *From harvest* on the line."""

    _inherit = "stock.move"

    postventa_from_harvest = fields.Boolean(
        string="From harvest",
        compute="_compute_postventa_from_harvest",
        store=True,
        precompute=True,
        readonly=False,
        copy=False,
        help="Take this part from the parts harvest (the parts of disassembled DOA "
        "units) instead of the repair's stock: set when a part is added and the "
        "harvest has it.",
    )

    def _postventa_repair_harvest(self):
        """The parts harvest a repair's part line may come from."""
        self.ensure_one()
        if not self.repair_id or self.repair_line_type != "add":
            return self.env["stock.location"]
        return self.repair_id.picking_type_id.warehouse_id.postventa_harvest_loc_id

    @api.depends("product_id", "repair_id", "repair_line_type")
    def _compute_postventa_from_harvest(self):
        # a repair's user (a stock user) reads the harvest's quants
        Quant = self.env["stock.quant"]
        for move in self:
            harvest = move._postventa_repair_harvest()
            if not harvest or not move.product_id.is_storable:
                move.postventa_from_harvest = False
                continue
            if move.state in ("done", "cancel"):
                move.postventa_from_harvest = move.postventa_from_harvest
                continue
            available = Quant._get_available_quantity(move.product_id, harvest)
            move.postventa_from_harvest = (
                float_compare(
                    available, 0, precision_rounding=move.product_id.uom_id.rounding
                )
                > 0
            )

    @api.depends("postventa_from_harvest")
    def _compute_location_id(self):
        result = super()._compute_location_id()
        self._postventa_harvest_location()
        return result

    def _postventa_harvest_location(self):
        for move in self:
            if move.postventa_from_harvest and move.state not in ("done", "cancel"):
                harvest = move._postventa_repair_harvest()
                if harvest:
                    move.location_id = harvest

    def _set_repair_locations(self):
        result = super()._set_repair_locations()
        self._postventa_harvest_location()
        return result

    def write(self, vals):
        """Side effect: a repair's part line whose ``postventa_from_harvest``
        changes is unreserved and reserved again where it now comes from (the
        harvest or the repair's stock), as the form's switch promises."""
        result = super().write(vals)
        if "postventa_from_harvest" in vals:
            moves = self.filtered(
                lambda m: m.repair_id
                and m.state in ("confirmed", "partially_available", "assigned")
            )
            if moves:
                moves._do_unreserve()
                moves._action_assign()
        return result
