from odoo import fields, models


class Rma(models.Model):
    _inherit = "rma"

    ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Helpdesk case", index=True, copy=False, tracking=True
    )
    unit_id = fields.Many2one(related="ticket_id.unit_id")
    warranty_state = fields.Selection(related="ticket_id.warranty_state")
