from werkzeug.urls import url_encode

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.postventa_helpdesk.controllers.portal_organisation import (
    portal_organisation,
)
from odoo.addons.postventa_helpdesk.controllers.ticket_portal import text_param

from ..models.postventa_courier_order import OPEN_STATES


class DropOffCentrePortal(CustomerPortal):
    """A drop-off centre's portal: the orders announced to it, and receipt or
    handover of a unit confirmed by its drop-off code."""

    def _doc_partner(self):
        return portal_organisation("postventa_courier.group_portal_doc")

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "doc_order_count" in counters:
            values["doc_order_count"] = (
                request.env["postventa.courier.order"].search_count(
                    [("state", "in", OPEN_STATES)]
                )
                if self._doc_partner()
                else 0
            )
        return values

    def _doc_page(self, doc, **values):
        # record rules keep the list to the orders announced to this centre
        orders = request.env["postventa.courier.order"].search(
            [("state", "in", OPEN_STATES)], order="scheduled_date, id"
        )
        page = self._prepare_portal_layout_values()
        page.update(values, doc=doc, orders=orders, page_name="drop_off")
        return request.render("postventa_courier.portal_doc_orders", page)

    @http.route("/my/drop-off", type="http", auth="user", website=True, methods=["GET"])
    def doc_orders(self, done=None, **kw):
        done = text_param(done, "done")
        doc = self._doc_partner()
        if not doc:
            return request.redirect("/my")
        last = (
            request.env["postventa.courier.order"].search(
                [("name", "=", done)], limit=1
            )
            if done
            else None
        )
        return self._doc_page(doc, done=last)

    @http.route(
        "/my/drop-off/confirm", type="http", auth="user", website=True, methods=["POST"]
    )
    def doc_confirm(self, code=None, step=None, **kw):
        code = text_param(code, "code")
        doc = self._doc_partner()
        if not doc or step not in ("receipt", "handover"):
            return request.redirect("/my")
        try:
            # the centre's own user: the model checks it, then confirms as superuser
            order = doc._postventa_doc_confirm(code, step)
        except (UserError, ValidationError) as error:
            request.env.cr.rollback()
            return self._doc_page(doc, error=error.args[0], code=code)
        return request.redirect("/my/drop-off?" + url_encode({"done": order.name}))
