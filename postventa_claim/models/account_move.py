from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    postventa_claim_id = fields.Many2one(
        "postventa.claim",
        string="Warranty claim",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
