from odoo import models
from odoo.exceptions import UserError


class PostventaDoaAuthorization(models.Model):
    _inherit = "postventa.doa.authorization"

    def _postventa_store_stock_lots(self, store):
        """The units (serials) of this authorisation's product in the store's own
        stock (its location, see ``res.partner.postventa_stock_location_id``).

        Rule: the store clerk (a portal user, no stock rights) reads the stock of
        the store of an authorisation she may read; read as superuser after that
        check."""
        self.ensure_one()
        self.check_access("read")
        doa_sudo = self.sudo()
        store_sudo = doa_sudo.env["res.partner"].browse(store.commercial_partner_id.id)
        location = store_sudo.postventa_stock_location_id
        if not location:
            return self.env["stock.lot"]
        quants = doa_sudo.env["stock.quant"].search(
            [
                ("product_id", "=", doa_sudo.product_id.id),
                ("location_id", "child_of", location.id),
                ("lot_id", "!=", False),
                ("quantity", ">", 0),
            ]
        )
        return quants.filtered(lambda q: q.quantity > q.reserved_quantity).lot_id

    def _postventa_store_stock_serials(self, store):
        """The store chooses the unit it hands out from its own stock."""
        self.ensure_one()
        return sorted(self._postventa_store_stock_lots(store).mapped("name"))

    def _postventa_store_exchanged(self, store, handed_serial):
        """The store's exchange starts the RMA's store flow: the defective unit comes
        back from the store and the store is replenished. When that cannot happen
        now (no new unit in stock...), the exchange stays recorded and logistics is
        asked to finish it."""
        doa = super()._postventa_store_exchanged(store, handed_serial)
        ticket_sudo = doa.ticket_id.sudo()
        rma = (
            ticket_sudo.rma_ids.filtered(
                lambda r: r.state in ("draft", "confirmed", "received")
            )[:1]
            or ticket_sudo._postventa_create_one_rma()
        )
        try:
            with self.env.cr.savepoint():
                if rma.state == "draft":
                    rma.action_confirm()
                rma.action_postventa_store_exchange(handed_serial)
        except UserError as error:
            ticket_sudo.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._(
                    "Finish the store exchange of RMA %(rma)s", rma=rma.name
                ),
                note=str(error.args[0]),
                user_id=ticket_sudo.user_id.id or self.env.ref("base.user_admin").id,
            )
        return doa
