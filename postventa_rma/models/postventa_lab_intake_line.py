from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PostventaLabIntakeLine(models.Model):
    """A supply or accessory received with the unit: numbered on intake, and
    confirmed as packed back (or an exception documented) before it leaves."""

    _name = "postventa.lab.intake.line"
    _inherit = ["postventa.action.owned.mixin"]
    _description = "Supply or accessory received"
    _order = "intake_id, sequence, id"

    intake_id = fields.Many2one(
        "postventa.lab.intake", required=True, ondelete="cascade", index=True
    )
    # the intake's, for the multi-company rule
    company_id = fields.Many2one(
        related="intake_id.company_id", store=True, index="btree_not_null"
    )
    sequence = fields.Integer(default=10)
    intake_number = fields.Char(readonly=True, copy=False, default="/")
    name = fields.Char(string="Description", required=True)
    product_id = fields.Many2one("product.product", string="Product")
    quantity = fields.Float(default=1.0, required=True)
    serial = fields.Char(string="Serial number")
    packed = fields.Boolean(string="Packed back", copy=False)
    packing_exception = fields.Text(
        copy=False,
        help="Why it does not go back to the customer (e.g. kept as faulty part).",
    )

    _sql_constraints = [
        (
            "quantity_positive",
            "CHECK(quantity > 0)",
            "A received quantity must be positive.",
        ),
    ]

    def _postventa_action_owned_fields(self):
        """Each item's intake number comes from its sequence on intake."""
        return super()._postventa_action_owned_fields() | {
            "intake_number": self.env._("Receive at the lab (the intake's numbering)")
        }

    @api.model_create_multi
    def create(self, vals_list):
        """Numbers each line (its sequence: ``intake_number`` is the action's);
        side effect: lines added to an existing intake are noted on its RMA
        (``_postventa_note_received``, later)."""
        self._postventa_check_action_owned(
            [
                {k: v for k, v in vals.items() if k != "intake_number" or v != "/"}
                for vals in vals_list
            ],
            defaults=True,
        )
        Sequence = self.env["ir.sequence"]
        for vals in vals_list:
            vals["intake_number"] = (
                Sequence.next_by_code("postventa.lab.intake.line") or "/"
            )
        with self._postventa_action_scope(["intake_number"]):
            lines = super().create(vals_list)
        # lines created with their intake are told by the intake's own note
        if not self.env.context.get("postventa_intake_creating"):
            for intake in lines.intake_id:
                added = lines.filtered_domain([("intake_id", "=", intake.id)])
                intake._postventa_note_received(added, later=True)
        return lines

    @api.onchange("product_id")
    def _onchange_product_id(self):
        if self.product_id and not self.name:
            self.name = self.product_id.display_name

    @api.constrains("packed", "packing_exception")
    def _check_packed_or_exception(self):
        for line in self:
            if line.packed and (line.packing_exception or "").strip():
                raise ValidationError(
                    self.env._(
                        "%(item)s is either packed or an exception, not both.",
                        item=line.name,
                    )
                )

    def _is_settled(self):
        return self.packed or bool((self.packing_exception or "").strip())
