from odoo import fields, models

FIELD_KEYS = [
    ("line", "Line number"),
    ("claim", "Claim number"),
    ("serial", "Service number"),
    ("product", "Product code"),
    ("work_date", "Work date"),
    ("source", "Work"),
    ("case", "Case"),
    ("operations", "Labour operations"),
    ("hours", "Labour hours"),
    ("labour_amount", "Labour amount"),
    ("parts", "Parts"),
    ("parts_amount", "Parts amount"),
    ("allowance_amount", "Allowances"),
    ("amount", "Amount claimed"),
    ("currency", "Currency"),
    ("decision", "Decision"),
    ("approved_amount", "Approved amount"),
    ("reason_code", "Reason code"),
]


class PostventaClaimColumn(models.Model):
    """One column of the manufacturer's file format, both ways (export and answer)."""

    _name = "postventa.claim.column"
    _description = "Claim file column"
    _order = "programme_id, sequence, id"

    sequence = fields.Integer(default=10)
    programme_id = fields.Many2one(
        "postventa.claim.programme", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="programme_id.company_id", store=True, index=True, precompute=True
    )
    header = fields.Char(required=True, help="The column's title in the file.")
    field_key = fields.Selection(FIELD_KEYS, string="Data", required=True)

    def _default_keys(self):
        return [key for key, _label in FIELD_KEYS]
