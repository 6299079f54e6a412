from odoo import fields, models

PART_STATES = [
    ("harvested", "In the harvest"),
    ("missing", "Missing"),
    ("broken", "Broken (scrapped)"),
]


class PostventaHarvestPart(models.Model):
    """What the disassembly of a unit gave, part by part: the parts put into the
    harvest (with their lot, which names the unit), and those the lab found
    missing or broken, with the reason. Written only by the disassembly
    (``postventa.unit.postventa_disassemble``)."""

    _name = "postventa.harvest.part"
    _description = "Part of a disassembled unit"
    _order = "unbuild_id desc, id"

    unit_id = fields.Many2one(
        "postventa.unit", string="Unit", required=True, index=True, readonly=True
    )
    unbuild_id = fields.Many2one(
        "mrp.unbuild",
        string="Disassembly",
        required=True,
        index=True,
        readonly=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="unbuild_id.company_id", store=True)
    bom_line_id = fields.Many2one(
        "mrp.bom.line", string="Parts list line", readonly=True
    )
    product_id = fields.Many2one(
        "product.product", string="Part", required=True, readonly=True
    )
    quantity = fields.Float(digits="Product Unit of Measure", readonly=True)
    product_uom_id = fields.Many2one("uom.uom", string="Unit of Measure", readonly=True)
    state = fields.Selection(PART_STATES, required=True, readonly=True)
    reason = fields.Char(readonly=True, help="Why the part is missing or broken.")
    lot_id = fields.Many2one("stock.lot", string="Lot", readonly=True)
    move_id = fields.Many2one("stock.move", string="Stock move", readonly=True)
    repair_ids = fields.Many2many(related="lot_id.postventa_repair_ids")
