from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.postventa_helpdesk.controllers.store_portal import StorePortal


class StoreCourierPortal(StorePortal):
    """A store hands the units its walk-in customers left there to the courier."""

    def _store_page(self, store, **values):
        # record rules keep the list to pickups at this store
        values["pickups"] = request.env["postventa.courier.order"].search(
            [("kind", "=", "pickup"), ("state", "in", ("requested", "scheduled"))],
            order="scheduled_date, id",
        )
        # units left here whose pickup logistics has not booked yet
        values["left_at_store"] = request.env[
            "helpdesk.ticket"
        ]._postventa_left_at_store(store)
        return super()._store_page(store, **values)

    @http.route(
        "/my/store/handover", type="http", auth="user", website=True, methods=["POST"]
    )
    def store_handover(self, order_id=None, **kw):
        store = self._store_partner()
        if not store:
            return request.redirect("/my")
        try:
            request.env["postventa.courier.order"]._postventa_store_handover(
                store, order_id
            )
        except UserError as error:
            request.env.cr.rollback()
            return self._store_page(store, error=error.args[0])
        return request.redirect("/my/store")
