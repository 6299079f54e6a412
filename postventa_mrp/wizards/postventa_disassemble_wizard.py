from odoo import api, fields, models


class PostventaDisassembleWizard(models.TransientModel):
    """The lab disassembles a harvested unit: the lines of its parts list, with the
    parts it found missing or broken and why."""

    _name = "postventa.disassemble.wizard"
    _description = "Disassemble a harvested unit"

    unit_id = fields.Many2one("postventa.unit", string="Unit", required=True)
    location_id = fields.Many2one(
        "stock.location",
        compute="_compute_unit_data",
        string="Parts harvest",
    )
    bom_id = fields.Many2one(
        "mrp.bom", compute="_compute_unit_data", string="Parts list"
    )
    line_ids = fields.One2many(
        "postventa.disassemble.wizard.line",
        "wizard_id",
        string="Parts",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
    )

    @api.depends("unit_id")
    def _compute_unit_data(self):
        for wizard in self:
            unit = wizard.unit_id
            quant = unit._postventa_harvest_quant() if unit else False
            wizard.location_id = quant and quant.location_id
            wizard.bom_id = quant and unit._postventa_parts_bom(
                quant.location_id.company_id
            )

    @api.depends("unit_id")
    def _compute_line_ids(self):
        for wizard in self:
            bom = wizard.bom_id
            lines = bom._postventa_parts(wizard.unit_id.product_id) if bom else []
            wizard.line_ids = [fields.Command.clear()] + [
                fields.Command.create(
                    {
                        "bom_line_id": line.id,
                        "product_id": line.product_id.id,
                        "quantity": qty,
                        "product_uom_id": line.product_uom_id.id,
                    }
                )
                for line, qty in lines
            ]

    def action_confirm(self):
        self.ensure_one()
        self.unit_id.postventa_disassemble(
            [
                {
                    "bom_line_id": line.bom_line_id.id,
                    "missing_qty": line.missing_qty,
                    "broken_qty": line.broken_qty,
                    "reason": line.reason,
                }
                for line in self.line_ids
            ]
        )
        return {"type": "ir.actions.act_window_close"}


class PostventaDisassembleWizardLine(models.TransientModel):
    _name = "postventa.disassemble.wizard.line"
    _description = "Part of a unit to disassemble"

    wizard_id = fields.Many2one(
        "postventa.disassemble.wizard", required=True, ondelete="cascade"
    )
    bom_line_id = fields.Many2one("mrp.bom.line", required=True, readonly=True)
    product_id = fields.Many2one("product.product", string="Part", readonly=True)
    quantity = fields.Float(digits="Product Unit of Measure", readonly=True)
    product_uom_id = fields.Many2one("uom.uom", string="Unit of Measure", readonly=True)
    missing_qty = fields.Float(
        string="Missing", digits="Product Unit of Measure", help="Not in the unit."
    )
    broken_qty = fields.Float(
        string="Broken",
        digits="Product Unit of Measure",
        help="In the unit but unusable: scrapped.",
    )
    reason = fields.Char(help="Why the part is missing or broken.")
