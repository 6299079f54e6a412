from odoo import fields, models


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    courier_close_on_delivery = fields.Boolean(
        string="Close when delivered",
        default=True,
        help="Close the case (and send the satisfaction survey) when the courier "
        "delivers "
        "the unit back and no other courier order of the case is open.",
    )
