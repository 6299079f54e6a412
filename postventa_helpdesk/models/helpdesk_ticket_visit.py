from odoo import api, fields, models


class HelpdeskTicket(models.Model):
    """On-site visits of a case."""

    _inherit = "helpdesk.ticket"

    visit_ids = fields.One2many("postventa.visit", "ticket_id", string="On-site visits")
    visit_count = fields.Integer(compute="_compute_visit_count", string="Visits")

    @api.depends("visit_ids")
    def _compute_visit_count(self):
        for ticket in self:
            ticket.visit_count = len(ticket.visit_ids)

    def action_schedule_visit(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "postventa_helpdesk.postventa_visit_wizard_action"
        )
        action["context"] = {"default_ticket_id": self.id}
        return action

    def action_view_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "postventa_helpdesk.postventa_visit_action"
        )
        action.update(
            domain=[("ticket_id", "=", self.id)], context={"default_ticket_id": self.id}
        )
        return action
