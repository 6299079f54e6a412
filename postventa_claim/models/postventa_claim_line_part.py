from odoo import api, fields, models


class PostventaClaimLinePart(models.Model):
    """A part replaced under warranty: reimbursed, and shipped back when the
    programme wants it."""

    _name = "postventa.claim.line.part"
    _inherit = ["postventa.action.owned.mixin"]
    _description = "Claim line part"
    _order = "line_id, id"
    _check_company_auto = True

    line_id = fields.Many2one(
        "postventa.claim.line", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="line_id.company_id", store=True, index=True, precompute=True
    )
    claim_id = fields.Many2one(related="line_id.claim_id", store=True, index=True)
    currency_id = fields.Many2one(related="line_id.currency_id")
    product_id = fields.Many2one("product.product", string="Part", required=True)
    qty = fields.Float(string="Quantity", default=1.0)
    lot_id = fields.Many2one(
        "stock.lot",
        string="Failed part's lot/serial",
        help="The replaced (failed) part, traced when it ships back.",
    )
    unit_amount = fields.Monetary(string="Unit price")
    amount = fields.Monetary(compute="_compute_amount", store=True, precompute=True)
    return_required = fields.Boolean(string="Ship back", readonly=True)
    return_deadline = fields.Date(readonly=True)
    return_move_id = fields.Many2one("stock.move", readonly=True, copy=False)
    return_picking_id = fields.Many2one(
        related="return_move_id.picking_id", string="Return transfer", store=True
    )
    return_state = fields.Selection(
        [
            ("not_required", "Not required"),
            ("to_ship", "To ship back"),
            ("shipped", "Shipped back"),
            ("inspected", "Inspected"),
        ],
        compute="_compute_return_state",
        store=True,
    )
    inspection_result = fields.Selection(
        [("confirmed", "Failure confirmed"), ("not_confirmed", "No fault found")],
        readonly=True,
        copy=False,
    )
    inspection_note = fields.Text(readonly=True, copy=False)
    return_overdue = fields.Boolean(
        compute="_compute_return_overdue", search="_search_return_overdue"
    )

    @api.depends("qty", "unit_amount")
    def _compute_amount(self):
        for part in self:
            part.amount = part.qty * part.unit_amount

    @api.depends("return_required", "return_move_id.state", "inspection_result")
    def _compute_return_state(self):
        for part in self:
            if not part.return_required:
                part.return_state = "not_required"
            elif part.inspection_result:
                part.return_state = "inspected"
            elif part.return_move_id.state == "done":
                part.return_state = "shipped"
            else:
                part.return_state = "to_ship"

    @api.depends("return_state", "return_deadline")
    def _compute_return_overdue(self):
        today = fields.Date.context_today(self)
        for part in self:
            part.return_overdue = (
                part.return_state == "to_ship"
                and bool(part.return_deadline)
                and part.return_deadline < today
            )

    def _search_return_overdue(self, operator, value):
        today = fields.Date.context_today(self)
        domain = [("return_state", "=", "to_ship"), ("return_deadline", "<", today)]
        if (operator == "=") == bool(value):
            return domain
        return ["!", "&"] + domain

    def _postventa_action_owned_fields(self):
        """A part is the work's; it ships back and is inspected through the
        claim's actions."""
        _ = self.env._
        work = _("the work (warranty repair, DOA exchange, part shipped)")
        inspection = _("the manufacturer's inspection")
        return (
            super()._postventa_action_owned_fields()
            | dict.fromkeys(
                (
                    "line_id",
                    "company_id",
                    "claim_id",
                    "product_id",
                    "qty",
                    "lot_id",
                    "unit_amount",
                    "amount",
                    "return_required",
                    "return_deadline",
                    "return_picking_id",
                    "return_state",
                ),
                work,
            )
            | {
                "return_move_id": _("Ship parts back"),
                "inspection_result": inspection,
                "inspection_note": inspection,
            }
        )

    def action_record_inspection(self, result, note=None):
        """The manufacturer's inspection of a returned part."""
        self.line_id._postventa_check_user(
            "postventa_claim.group_postventa_claim_clerk"
        )
        # parts are the work's: who may write their lines records the inspection
        self.line_id.check_access("write")
        self._postventa_action_write(
            {"inspection_result": result, "inspection_note": note}
        )
        return True
