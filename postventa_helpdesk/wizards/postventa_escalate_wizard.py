from odoo import api, fields, models


class PostventaEscalateWizard(models.TransientModel):
    _name = "postventa.escalate.wizard"
    _description = "Escalate a case to Back Line"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True)
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Back Line team",
        required=True,
        compute="_compute_team_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    reason = fields.Text(required=True)

    @api.depends("ticket_id")
    def _compute_team_id(self):
        for wizard in self:
            wizard.team_id = wizard.ticket_id.team_id.escalation_team_id or self.env[
                "helpdesk.ticket.team"
            ].search([("postventa_tier", "=", "back")], limit=1)

    def action_escalate(self):
        self.ensure_one()
        self.ticket_id._postventa_escalate(self.reason, self.team_id)
        return {"type": "ir.actions.act_window_close"}
