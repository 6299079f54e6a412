from odoo import fields, models, tools


class PostventaClaimReport(models.Model):
    """Claimed, approved and paid per manufacturer, month, product, component and
    rejection reason (a SQL view over the claim lines)."""

    _name = "postventa.claim.report"
    _description = "Warranty claim analysis"
    _auto = False
    _order = "work_date desc"

    company_id = fields.Many2one("res.company", readonly=True)
    manufacturer_id = fields.Many2one(
        "res.partner", string="Manufacturer", readonly=True
    )
    programme_id = fields.Many2one("postventa.claim.programme", readonly=True)
    claim_id = fields.Many2one("postventa.claim", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    component_id = fields.Many2one(
        "postventa.component", string="Failing component", readonly=True
    )
    reason_id = fields.Many2one(
        "postventa.claim.reason", string="Rejection reason", readonly=True
    )
    source = fields.Selection(
        [
            ("repair", "Warranty repair"),
            ("doa", "DOA exchange"),
            ("part_shipment", "Part shipped"),
        ],
        string="Work",
        readonly=True,
    )
    state = fields.Selection(
        [
            ("to_review", "To review"),
            ("ready", "Ready"),
            ("claimed", "Claimed"),
            ("approved", "Approved"),
            ("partial", "Partly approved"),
            ("rejected", "Rejected"),
            ("appealed", "Appealed"),
            ("cancel", "Cancelled"),
        ],
        readonly=True,
    )
    work_date = fields.Date(readonly=True)
    line_count = fields.Integer(string="Lines", readonly=True)
    rejected_count = fields.Integer(string="Rejected lines", readonly=True)
    rejection_rate = fields.Float(
        string="Rejection rate (%)", readonly=True, aggregator="avg"
    )
    amount_claimed = fields.Monetary(readonly=True)
    amount_approved = fields.Monetary(readonly=True)
    amount_paid = fields.Monetary(readonly=True)
    labour_amount = fields.Monetary(readonly=True)
    parts_amount = fields.Monetary(readonly=True)
    days_to_payment = fields.Float(readonly=True, aggregator="avg")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE VIEW {self._table} AS (
                SELECT l.id, l.company_id, l.manufacturer_id, l.programme_id,
                       l.claim_id, l.currency_id, l.product_id, l.component_id,
                       l.reason_id, l.source, l.state, l.work_date,
                       1 AS line_count,
                       CASE WHEN l.state = 'rejected' THEN 1 ELSE 0 END
                           AS rejected_count,
                       CASE WHEN l.state = 'rejected' THEN 100.0 ELSE 0.0 END
                           AS rejection_rate,
                       l.amount AS amount_claimed,
                       COALESCE(l.approved_amount, 0) AS amount_approved,
                       CASE WHEN c.state = 'paid' AND l.invoiced
                            THEN COALESCE(l.approved_amount, 0) ELSE 0
                       END AS amount_paid,
                       l.labour_amount, l.parts_amount,
                       CASE WHEN c.state = 'paid' THEN c.days_to_payment END
                           AS days_to_payment
                  FROM postventa_claim_line l
             LEFT JOIN postventa_claim c ON c.id = l.claim_id
                 WHERE l.state != 'cancel'
            )
            """
        )
