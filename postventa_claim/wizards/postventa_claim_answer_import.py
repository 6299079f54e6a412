import base64

from odoo import fields, models


class PostventaClaimAnswerImport(models.TransientModel):
    _name = "postventa.claim.answer.import"
    _description = "Import a manufacturer's answer"

    claim_id = fields.Many2one("postventa.claim", required=True)
    file = fields.Binary(required=True)
    filename = fields.Char()

    def action_import(self):
        self.ensure_one()
        name = (self.filename or "").lower()
        file_format = (
            "xlsx"
            if name.endswith(".xlsx")
            else "csv"
            if name.endswith(".csv")
            else None
        )
        self.claim_id._postventa_import_answer(base64.b64decode(self.file), file_format)
        return {"type": "ir.actions.act_window_close"}
