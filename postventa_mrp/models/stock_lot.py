from odoo import api, fields, models
from odoo.exceptions import AccessError


class StockLot(models.Model):
    _inherit = "stock.lot"

    postventa_source_unit_id = fields.Many2one(
        "postventa.unit",
        string="Harvested from",
        readonly=True,
        index="btree_not_null",
        copy=False,
        help="The DOA unit this part was taken from when it was disassembled.",
    )
    postventa_repair_ids = fields.Many2many(
        "repair.order",
        compute="_compute_postventa_repair_ids",
        string="Used in repairs",
        help="The repairs that take (or took) this lot as a part.",
    )

    def _postventa_check_source(self, vals_list):
        if not self.env.su and any(
            "postventa_source_unit_id" in vals for vals in vals_list
        ):
            raise AccessError(
                self.env._(
                    "The unit a part came from is set only by disassembling the unit."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._postventa_check_source(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._postventa_check_source([vals])
        return super().write(vals)

    @api.depends("postventa_source_unit_id")
    def _compute_postventa_repair_ids(self):
        lines = self.env["stock.move.line"].search(
            [
                ("lot_id", "in", self.ids),
                ("move_id.repair_id", "!=", False),
                ("move_id.repair_line_type", "=", "add"),
                ("state", "!=", "cancel"),
            ]
        )
        for lot in self:
            lot.postventa_repair_ids = lines.filtered(
                lambda line, lot=lot: line.lot_id == lot
            ).move_id.repair_id
