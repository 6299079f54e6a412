from odoo import api, fields, models


class StockLot(models.Model):
    _name = "stock.lot"
    _inherit = ["stock.lot", "postventa.action.owned.mixin"]

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

    def _postventa_action_owned_fields(self):
        return super()._postventa_action_owned_fields() | {
            "postventa_source_unit_id": self.env._(
                "Disassemble (on the harvested unit)"
            )
        }

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
