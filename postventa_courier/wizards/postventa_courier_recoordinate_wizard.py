from odoo import fields, models


class PostventaCourierRecoordinateWizard(models.TransientModel):
    """Logistics called the customer after a failed attempt and agreed a new date."""

    _name = "postventa.courier.recoordinate.wizard"
    _description = "Re-coordinate a courier order"

    order_id = fields.Many2one(
        "postventa.courier.order",
        required=True,
        default=lambda self: self.env.context.get("active_id"),
    )
    attempt_count = fields.Integer(related="order_id.attempt_count")
    max_attempts = fields.Integer(related="order_id.max_attempts")
    last_detail = fields.Char(
        related="order_id.last_detail", string="What the courier said"
    )
    phone = fields.Char(related="order_id.phone")
    new_date = fields.Date(string="New date", required=True)
    note = fields.Char(string="Agreed with the customer")

    def action_confirm(self):
        self.ensure_one()
        self.order_id.action_recoordinate(self.new_date, self.note)
        return {"type": "ir.actions.act_window_close"}
