from odoo import fields, models


class Rma(models.Model):
    _inherit = "rma"

    postventa_can_disassemble = fields.Boolean(
        compute="_compute_postventa_can_disassemble",
        string="Unit in the parts harvest",
    )

    def _compute_postventa_can_disassemble(self):
        for rma in self:
            # only a unit the user may read (the lab's, logistics', the agents')
            unit = rma.unit_id
            rma.postventa_can_disassemble = bool(
                unit and unit.has_access("read") and unit._postventa_harvest_quant()
            )

    def action_postventa_open_disassembly(self):
        """Disassemble the RMA's unit, once it is in the parts harvest."""
        self.ensure_one()
        return self.unit_id.action_postventa_open_disassembly()
