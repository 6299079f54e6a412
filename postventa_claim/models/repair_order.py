from odoo import models


class RepairOrder(models.Model):
    _inherit = "repair.order"

    def action_repair_done(self):
        """A warranty repair done prepares its claim line for the manufacturer
        (made as superuser: the lab has no rights on claims; the repair's own
        action checked who may end it)."""
        result = super().action_repair_done()
        self.env["postventa.claim.line"]._postventa_create_lines_sudo(self)
        return result
