from odoo import api, fields, models


class PostventaDoaAuthorization(models.Model):
    """The numbered document a customer takes to the store to have a dead-on-arrival
    unit exchanged; stores verify it by number."""

    _name = "postventa.doa.authorization"
    _description = "DOA authorisation"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(string="Number", required=True, readonly=True, copy=False, index=True)
    ticket_id = fields.Many2one("helpdesk.ticket", required=True, readonly=True, index=True)
    unit_id = fields.Many2one("postventa.unit", required=True, readonly=True)
    partner_id = fields.Many2one(related="ticket_id.partner_id", string="Customer", store=True)
    product_id = fields.Many2one(related="unit_id.product_id", string="Product")
    serial = fields.Char(related="unit_id.serial")
    purchase_date = fields.Date(related="unit_id.purchase_date")
    store_id = fields.Many2one(related="unit_id.store_id", string="Store")
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)
    issue_date = fields.Date(required=True, readonly=True, default=fields.Date.context_today)
    valid_until = fields.Date(required=True, readonly=True)
    state = fields.Selection(
        [("issued", "Issued"), ("used", "Used"), ("cancelled", "Cancelled")],
        default="issued",
        required=True,
        tracking=True,
    )
    is_expired = fields.Boolean(compute="_compute_is_expired", string="Expired")

    _sql_constraints = [
        ("name_unique", "UNIQUE(name)", "DOA authorisation numbers are unique."),
    ]

    @api.depends("valid_until", "state")
    def _compute_is_expired(self):
        today = fields.Date.context_today(self)
        for doa in self:
            doa.is_expired = doa.state == "issued" and doa.valid_until < today

    def action_cancel(self):
        self.write({"state": "cancelled"})
