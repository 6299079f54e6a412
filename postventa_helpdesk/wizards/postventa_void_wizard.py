from odoo import fields, models


class PostventaVoidWizard(models.TransientModel):
    _name = "postventa.void.wizard"
    _description = "Void a warranty"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True)
    allowed_reason_ids = fields.Many2many(
        related="ticket_id.warranty_policy_id.void_reason_ids"
    )
    void_reason_id = fields.Many2one(
        "postventa.void.reason",
        string="Reason",
        required=True,
        domain="allowed_reason_ids and [('id', 'in', allowed_reason_ids)] or []",
    )
    customer_explanation = fields.Text(related="void_reason_id.customer_explanation")
    evidence = fields.Text(required=True, help="What was found, where and by whom.")
    attachment_ids = fields.Many2many("ir.attachment", string="Photos and documents")

    def action_void(self):
        self.ensure_one()
        self.ticket_id._postventa_void(
            self.void_reason_id, self.evidence, self.attachment_ids
        )
        return {"type": "ir.actions.act_window_close"}
