from odoo import models


class MrpBom(models.Model):
    """A product's parts list is its ordinary bill of materials, of type *normal*
    (*Manufacture this product*), not a kit: ``mrp.unbuild``, which disassembles a
    harvested unit, only takes normal bills of materials (its ``bom_id`` domain and
    ``_bom_find``), and a kit would explode the unit into its components in every
    delivery and receipt, so the unit itself could never be in stock as a serial.
    The same bill of materials serves a workshop that also assembles the product;
    no dedicated type or field is needed.

    The parts of a bill of materials used to disassemble units must be tracked by
    lots (or serials), so that each harvested part keeps, in its lot, the unit it
    came from (``stock.lot.postventa_source_unit_id``)."""

    _inherit = "mrp.bom"

    def _postventa_parts(self, product):
        """The parts one unit of ``product`` is made of: ``[(bom_line, qty)]`` in
        the unit of measure of each line (kits among the parts exploded)."""
        self.ensure_one()
        factor = product.uom_id._compute_quantity(1, self.product_uom_id) / (
            self.product_qty or 1
        )
        lines = self.explode(product, factor)[1]
        return [(line, line_data["qty"]) for line, line_data in lines]
