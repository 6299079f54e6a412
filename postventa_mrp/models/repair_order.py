from odoo import fields, models


class RepairOrder(models.Model):
    _inherit = "repair.order"

    postventa_harvested_lot_ids = fields.Many2many(
        "stock.lot",
        compute="_compute_postventa_harvested_lot_ids",
        string="Harvested parts",
        help="The parts fitted in this repair that came from a disassembled unit.",
    )

    def _compute_postventa_harvested_lot_ids(self):
        for repair in self:
            repair.postventa_harvested_lot_ids = repair.move_ids.filtered(
                lambda m: m.repair_line_type == "add" and m.state != "cancel"
            ).move_line_ids.lot_id.filtered("postventa_source_unit_id")
