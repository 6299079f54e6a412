from odoo import fields, models


class HelpdeskTicketCategory(models.Model):
    _inherit = "helpdesk.ticket.category"

    postventa_requires_unit = fields.Boolean(
        string="Cases need a unit",
        help="Customers who open a case of this category in the portal must give "
        "the product, its serial number and the purchase date. Without a category "
        "the portal form always asks for them; with a category that needs no unit "
        "they are optional, and a ticket without them is helpdesk_mgmt's plain "
        "ticket.",
    )
