from odoo import fields, models
from odoo.exceptions import UserError

from ..models.postventa_priority_rule import PRIORITIES


class PostventaPriorityOverrideWizard(models.TransientModel):
    _name = "postventa.priority.override.wizard"
    _description = "Override a case's priority"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True)
    priority = fields.Selection(PRIORITIES, required=True)
    reason = fields.Char(required=True)

    def action_override(self):
        """Set the priority a person chose and the reason (both tracked): the
        matrix no longer changes it when the severity or the urgency change."""
        self.ensure_one()
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for the priority."))
        self.ticket_id.write(
            {"priority": self.priority, "priority_override_reason": reason}
        )
        return {"type": "ir.actions.act_window_close"}
