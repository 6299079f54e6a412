from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.sale.controllers.portal import CustomerPortal as SaleCustomerPortal


class UnitPortal(CustomerPortal):
    """The customer's units (``/my/units``) with their spare parts, prices and
    availability, and the request that makes a quotation (Hibertek's procedure).
    Everything is read as the user (the portal record rule on units); the quotation is
    made by the model, which checks the request first."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "postventa_unit_count" in counters:
            Unit = request.env["postventa.unit"]
            values["postventa_unit_count"] = (
                Unit.search_count([]) if Unit.has_access("read") else 0
            )
        return values

    def _postventa_unit_or_none(self, unit_id):
        try:
            unit = request.env["postventa.unit"].browse(int(unit_id)).exists()
            if unit:
                unit.check_access("read")
        except (AccessError, MissingError, ValueError):
            return None
        return unit or None

    @http.route(
        ["/my/units", "/my/units/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_units(self, page=1, **kw):
        Unit = request.env["postventa.unit"]
        if not Unit.has_access("read"):
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        count = Unit.search_count([])
        pager = portal_pager(
            url="/my/units", total=count, page=page, step=self._items_per_page
        )
        units = Unit.search([], limit=self._items_per_page, offset=pager["offset"])
        values.update(
            {
                "units": units,
                "page_name": "postventa_units",
                "pager": pager,
                "default_url": "/my/units",
            }
        )
        return request.render("postventa_rma.portal_my_units", values)

    def _postventa_unit_page(self, unit, ticket_id=None, error=None, status=200):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "unit": unit,
                "offer": unit._postventa_spare_part_offer(),
                "ticket_id": ticket_id,
                "error": error,
                "page_name": "postventa_unit",
            }
        )
        return request.render("postventa_rma.portal_my_unit", values, status=status)

    @http.route("/my/units/<int:unit_id>", type="http", auth="user", website=True)
    def portal_my_unit(self, unit_id, ticket_id=None, **kw):
        unit = self._postventa_unit_or_none(unit_id)
        if not unit:
            return request.not_found()
        if ticket_id and not str(ticket_id).isdigit():
            ticket_id = None
        return self._postventa_unit_page(unit, ticket_id=ticket_id)

    @http.route(
        "/my/units/<int:unit_id>/spare-parts",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_unit_spare_parts(self, unit_id, ticket_id=None, **kw):
        unit = self._postventa_unit_or_none(unit_id)
        if not unit:
            return request.not_found()
        quantities = {
            key[len("qty_") :]: value.strip()
            for key, value in kw.items()
            if key.startswith("qty_") and value.strip() not in ("", "0")
        }
        try:
            with request.env.cr.savepoint():
                order = unit.postventa_request_spare_parts(
                    quantities, ticket_id=ticket_id
                )
        except (UserError, ValidationError, AccessError) as error:
            return self._postventa_unit_page(
                unit, ticket_id=ticket_id, error=error.args[0], status=400
            )
        return request.redirect(order.sudo().get_portal_url())


class SalePortalDecline(SaleCustomerPortal):
    @http.route()
    def portal_quote_decline(
        self, order_id, access_token=None, decline_message=None, **kw
    ):
        """The customer's reason reaches the case of a change quotation (the state
        change hook reads it). In the context: it is read behind sale's own
        controller and ``sale.order`` cancellation, which carry no parameter for
        it."""
        if decline_message:
            request.update_context(postventa_decline_reason=decline_message)
        return super().portal_quote_decline(
            order_id, access_token=access_token, decline_message=decline_message, **kw
        )
