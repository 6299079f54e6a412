from odoo import fields, models


class PostventaClaimLabourOperation(models.Model):
    """A labour operation the manufacturer pays, with its standard time or flat fee."""

    _name = "postventa.claim.labour.operation"
    _description = "Warranty labour operation"
    _order = "programme_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    programme_id = fields.Many2one(
        "postventa.claim.programme", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="programme_id.company_id", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(related="programme_id.currency_id")
    code = fields.Char(required=True, help="The manufacturer's operation code.")
    name = fields.Char(required=True, translate=True)
    fee_type = fields.Selection(
        [("hourly", "Standard time at the hourly rate"), ("flat", "Flat fee")],
        required=True,
        default="hourly",
    )
    standard_hours = fields.Float(help="Hours the manufacturer pays for it.")
    flat_fee = fields.Monetary()
    trigger = fields.Selection(
        [
            ("repair", "Every warranty repair"),
            ("doa", "Every DOA exchange"),
            ("part_shipment", "Every part shipped"),
            ("part", "When one of its parts is replaced"),
        ],
        required=True,
        default="repair",
        help="When the operation goes on a claim line.",
    )
    trigger_product_ids = fields.Many2many(
        "product.product", string="Parts", help="For operations done on these parts."
    )

    def _postventa_amount(self, hours):
        self.ensure_one()
        if self.fee_type == "flat":
            return self.flat_fee
        return hours * self.programme_id.labour_rate
