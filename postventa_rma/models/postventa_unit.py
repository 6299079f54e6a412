from odoo import models


class PostventaUnit(models.Model):
    _inherit = "postventa.unit"

    def _postventa_lot(self, create=True):
        """The unit's serial as a stock lot of the unit's company (or of none), so
        that stock moves trace that very unit: created on first need, unless
        ``create`` is false. None for products not tracked by serial."""
        self.ensure_one()
        product = self.product_id
        if not self.serial or product.tracking == "none":
            return self.env["stock.lot"]
        lot_sudo = self.env["stock.lot"].sudo()
        company = self.company_id or self.env.company
        lot = lot_sudo.search(
            [
                ("product_id", "=", product.id),
                ("name", "=", self.serial),
                ("company_id", "in", [company.id, False]),
            ],
            limit=1,
        )
        if lot or not create:
            return lot
        return lot_sudo.create(
            {"product_id": product.id, "name": self.serial, "company_id": company.id}
        )
