from odoo import fields, models

from ..models.postventa_priority_rule import PRIORITIES


class PostventaPriorityOverrideWizard(models.TransientModel):
    _name = "postventa.priority.override.wizard"
    _description = "Override a case's priority"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True)
    priority = fields.Selection(PRIORITIES, required=True)
    reason = fields.Char(required=True)

    def action_override(self):
        self.ensure_one()
        self.ticket_id.write(
            {"priority": self.priority, "priority_override_reason": self.reason}
        )
        return {"type": "ir.actions.act_window_close"}
