from odoo import fields, models


class PostventaQcFailWizard(models.TransientModel):
    _name = "postventa.qc.fail.wizard"
    _description = "Fail quality control"

    repair_id = fields.Many2one("repair.order", required=True)
    reason = fields.Text(required=True)

    def action_fail(self):
        self.ensure_one()
        self.repair_id.action_qc_fail(self.reason)
        return {"type": "ir.actions.act_window_close"}
