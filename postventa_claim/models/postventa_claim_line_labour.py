from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class PostventaClaimLineLabour(models.Model):
    """A labour operation done on a claimed unit, with the hours it took."""

    _name = "postventa.claim.line.labour"
    _description = "Claim line labour"
    _order = "line_id, id"

    line_id = fields.Many2one(
        "postventa.claim.line", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="line_id.company_id", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(related="line_id.currency_id")
    operation_id = fields.Many2one(
        "postventa.claim.labour.operation", required=True, ondelete="restrict"
    )
    hours = fields.Float(help="The time the work took.")
    amount = fields.Monetary(compute="_compute_amount", store=True, precompute=True)

    @api.depends("operation_id", "hours")
    def _compute_amount(self):
        for labour in self:
            operation = labour.operation_id
            labour.amount = operation and operation._postventa_amount(
                min(labour.hours, operation.standard_hours)
                if operation.fee_type == "hourly"
                else labour.hours
            )

    def write(self, vals):
        if not self.env.su and set(vals) - {"hours"}:
            raise AccessError(
                self.env._("Only the hours of a labour operation are corrected.")
            )
        if not self.env.su and any(
            labour.line_id.state not in ("to_review", "ready") for labour in self
        ):
            raise UserError(self.env._("The labour of a claimed line cannot change."))
        result = super().write(vals)
        if "hours" in vals and not self.env.su:
            # the checks run again: more hours than the standard wait for a person
            self.line_id.filtered(
                lambda ln: not ln.override_note
            )._postventa_action_write({"state": "to_review"})
            self.line_id._postventa_run_checks()
        return result
