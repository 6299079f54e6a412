from odoo import models


class PostventaDoaAuthorization(models.Model):
    _inherit = "postventa.doa.authorization"

    def _postventa_store_exchanged(self, store, handed_serial):
        """The store exchanged the unit: the defective unit is at the store now, so
        the courier no longer collects it from the customer (the pickups still
        waiting for it are cancelled; the customer is not asked to pack it)."""
        doa = super()._postventa_store_exchanged(store, handed_serial)
        # the exchange above was checked for this store (valid authorisation)
        orders_sudo = doa.ticket_id.sudo().courier_order_ids.filtered(
            lambda o: o.kind == "pickup"
            and o.handover != "store"
            and o.state in ("requested", "scheduled", "failed")
        )
        if orders_sudo:
            orders_sudo.action_cancel()
        return doa
