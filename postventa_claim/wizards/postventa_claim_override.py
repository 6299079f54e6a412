from odoo import fields, models


class PostventaClaimOverride(models.TransientModel):
    _name = "postventa.claim.override"
    _description = "Override or appeal claim lines"

    line_ids = fields.Many2many("postventa.claim.line", required=True)
    mode = fields.Selection(
        [("override", "Claim despite the checks"), ("appeal", "Appeal the rejection")],
        required=True,
        default="override",
    )
    note = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        if self.mode == "appeal":
            self.line_ids.action_appeal(self.note)
        else:
            self.line_ids.action_override(self.note)
        return {"type": "ir.actions.act_window_close"}
