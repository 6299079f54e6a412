from odoo import api, fields, models

from .product_template import check_serial_regex


class ProductCategory(models.Model):
    _inherit = "product.category"

    postventa_serial_regex = fields.Char(
        string="Serial pattern",
        help="Regular expression every serial/service number of this category's "
        "products must match in full (products may set their own).",
    )
    postventa_serial_example = fields.Char(
        string="Serial example",
        translate=True,
        help="The expected form in words, shown when a serial is refused.",
    )

    @api.constrains("postventa_serial_regex")
    def _check_postventa_serial_regex(self):
        for categ in self:
            check_serial_regex(categ.env, categ.postventa_serial_regex)

    def _postventa_serial_rule(self):
        """(regex, example) of the nearest category that defines one."""
        self.ensure_one()
        categ = self
        while categ:
            if categ.postventa_serial_regex:
                return categ.postventa_serial_regex, categ.postventa_serial_example
            categ = categ.parent_id
        return False, False
