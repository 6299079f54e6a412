from odoo import fields, models


class Rma(models.Model):
    _inherit = "rma"

    postventa_can_disassemble = fields.Boolean(
        compute="_compute_postventa_can_disassemble",
        string="Unit in the parts harvest",
    )

    def _compute_postventa_can_disassemble(self):
        for rma in self:
            unit = rma.sudo().unit_id
            rma.postventa_can_disassemble = bool(
                unit and unit._postventa_harvest_quant()
            )

    def action_postventa_open_disassembly(self):
        """Disassemble the RMA's unit, once it is in the parts harvest."""
        self.ensure_one()
        return self.unit_id.action_postventa_open_disassembly()
