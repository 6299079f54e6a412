from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PostventaSparePart(models.Model):
    """A spare part sold for a product: what the customer of a unit of that product
    may order from the portal (Hibertek's procedure)."""

    _name = "postventa.spare.part"
    _description = "Spare part sold for a product"
    _order = "product_tmpl_id, sequence, id"

    sequence = fields.Integer(default=10)
    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Product",
        required=True,
        ondelete="cascade",
        index=True,
    )
    product_id = fields.Many2one(
        "product.product",
        string="Spare part",
        required=True,
        ondelete="restrict",
        domain=[("sale_ok", "=", True)],
    )
    quantity = fields.Float(
        string="Quantity in the unit",
        default=1.0,
        digits="Product Unit of Measure",
        help="How many of this part the product has (for information).",
    )
    notes = fields.Char(help="Shown to the customer next to the part.")
    company_id = fields.Many2one(related="product_tmpl_id.company_id")

    _sql_constraints = [
        (
            "part_unique",
            "UNIQUE(product_tmpl_id, product_id)",
            "A spare part is listed once per product.",
        ),
    ]

    @api.constrains("product_id", "product_tmpl_id")
    def _check_product(self):
        for line in self:
            if not line.product_id.sale_ok:
                raise ValidationError(
                    self.env._(
                        "Spare part %(part)s is not sold: mark it as 'Can be sold' "
                        "first.",
                        part=line.product_id.display_name,
                    )
                )
            if line.product_id.product_tmpl_id == line.product_tmpl_id:
                raise ValidationError(
                    self.env._(
                        "Product %(product)s cannot be a spare part of itself.",
                        product=line.product_tmpl_id.display_name,
                    )
                )


class ProductTemplate(models.Model):
    _inherit = "product.template"

    postventa_spare_part_ids = fields.One2many(
        "postventa.spare.part",
        "product_tmpl_id",
        string="Spare parts",
        help="Parts sold for this product: the customers of its registered units may "
        "ask for a quotation of them from their portal.",
    )
