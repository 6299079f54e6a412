from odoo import fields, models


class PostventaWarrantyLine(models.Model):
    _name = "postventa.warranty.line"
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
