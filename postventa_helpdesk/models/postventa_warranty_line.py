from odoo import api, fields, models
from odoo.exceptions import AccessError


class PostventaWarrantyLine(models.Model):
    """One component's coverage on a case: made by the case's warranty evaluation
    (the computation of ``helpdesk.ticket.warranty_line_ids``) and by nobody
    else. A line added, removed or marked covered by hand is a free repair."""

    _name = "postventa.warranty.line"
    _inherit = ["postventa.action.owned.mixin"]
    _description = "Warranty coverage of one component on a case"
    _order = "ticket_id, months desc, id"

    ticket_id = fields.Many2one(
        "helpdesk.ticket", required=True, ondelete="cascade", index=True
    )
    component_id = fields.Many2one(
        "postventa.component", required=True, ondelete="restrict"
    )
    months = fields.Integer(string="Term (months)")
    covered_until = fields.Date()
    covered = fields.Boolean()

    def _postventa_action_owned_fields(self):
        evaluate = self.env._("Re-evaluate warranty")
        return super()._postventa_action_owned_fields() | dict.fromkeys(
            ("ticket_id", "component_id", "months", "covered_until", "covered"),
            evaluate,
        )

    def _postventa_evaluating(self, tickets):
        """Whether the warranty evaluation of ``tickets`` is running (the ORM
        protects the computed field while it computes or stores it)."""
        field = tickets._fields["warranty_line_ids"]
        return all(self.env.is_protected(field, ticket) for ticket in tickets)

    def _postventa_action_owned_bypassed(self):
        return super()._postventa_action_owned_bypassed() or bool(
            self and self._postventa_evaluating(self.sudo().ticket_id)
        )

    @api.model_create_multi
    def create(self, vals_list):
        """Lets the warranty evaluation of the lines' cases create them (the
        mixin refuses every other creator); no other effect."""
        tickets = self.env["helpdesk.ticket"].browse(
            {vals["ticket_id"] for vals in vals_list if vals.get("ticket_id")}
        )
        if tickets and self._postventa_evaluating(tickets):
            with self._postventa_action_scope(self._postventa_action_owned_fields()):
                return super().create(vals_list)
        return super().create(vals_list)

    def unlink(self):
        """Only the evaluation removes a line (it makes the case's lines again)."""
        if not self._postventa_action_owned_bypassed():
            raise AccessError(
                self.env._(
                    "Component coverage changes only through its action: %(action)s.",
                    action=self.env._("Re-evaluate warranty"),
                )
            )
        return super().unlink()
