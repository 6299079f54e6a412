from odoo import fields, models


class PostventaClaimReason(models.Model):
    """A manufacturer's rejection reason code, read from its answers."""

    _name = "postventa.claim.reason"
    _description = "Claim rejection reason"
    _order = "code"
    _rec_names_search = ["code", "name"]

    code = fields.Char(required=True, index=True)
    name = fields.Char(string="Description", required=True, translate=True)
    manufacturer_id = fields.Many2one("res.partner", string="Manufacturer", index=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    _sql_constraints = [
        (
            "code_unique",
            "UNIQUE(company_id, manufacturer_id, code)",
            "A reason code is given once per manufacturer.",
        )
    ]

    def _compute_display_name(self):
        for reason in self:
            reason.display_name = f"[{reason.code}] {reason.name}"
