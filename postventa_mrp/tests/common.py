"""Builders of postventa_mrp's tests: a serial-tracked printer with its bill of
materials (print head, feed rollers, power supply) on postventa_rma's exchange
set-up, the lab and QC people, units in the parts harvest, a lab repair."""

from odoo.tests import new_test_user

from odoo.addons.postventa_rma.tests.common import (
    ExchangeCase,
    lab_repair,
    lab_user,
    qc_user,
)


class DisassemblyCase(ExchangeCase):
    """Kodak Perú's procedure: the parts of the DOA units in the parts harvest serve
    repairs. Quantities are read from stock.quant, traces from lots and move lines."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.lab_tech = lab_user(env, "pv_mrp_lab")
        cls.qc_tech = qc_user(env, "pv_mrp_qc")
        cls.stock_user = new_test_user(
            env, "pv_mrp_stock", groups="stock.group_stock_user"
        )
        Product = env["product.product"]
        cls.head = Product.create(
            {"name": "Print head", "is_storable": True, "tracking": "lot"}
        )
        cls.roller = Product.create(
            {"name": "Feed roller", "is_storable": True, "tracking": "lot"}
        )
        cls.psu = Product.create(
            {"name": "Power supply", "is_storable": True, "tracking": "serial"}
        )
        cls.bom = env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.product.product_tmpl_id.id,
                "product_id": cls.product.id,
                "type": "normal",
                "bom_line_ids": [
                    (0, 0, {"product_id": cls.head.id, "product_qty": 1}),
                    (0, 0, {"product_id": cls.roller.id, "product_qty": 2}),
                    (0, 0, {"product_id": cls.psu.id, "product_qty": 1}),
                ],
            }
        )
        cls.line_head, cls.line_roller, cls.line_psu = cls.bom.bom_line_ids
        cls.stock = cls.warehouse.lot_stock_id
        cls.scrap = env["stock.location"].search(
            [("scrap_location", "=", True), ("company_id", "in", [env.company.id])],
            limit=1,
        )

    # ------------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------------
    def _unit(self, serial):
        return self.env["postventa.unit"].create(
            {"product_id": self.product.id, "serial": serial}
        )

    def _harvested_unit(self, serial):
        """A unit counted into the parts harvest (the end of a DOA exchange)."""
        self._stock(self.harvest, serial)
        return self._unit(serial)

    def _qty_of(self, product, location, lot=None):
        domain = [("product_id", "=", product.id), ("location_id", "=", location.id)]
        if lot is not None:
            domain.append(("lot_id", "=", lot.id))
        return sum(self.env["stock.quant"].search(domain).mapped("quantity"))

    def _counts(self):
        return {
            model: self.env[model].search_count([])
            for model in (
                "mrp.unbuild",
                "stock.move",
                "stock.lot",
                "postventa.harvest.part",
            )
        }

    def _repair(self, serial):
        """A warranty repair in the lab of a received unit."""
        return lab_repair(self._received_rma(200, serial), self.lab_tech)
