from werkzeug.urls import url_encode

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from .portal_organisation import portal_organisation
from .ticket_portal import uploaded_files


class StorePortal(CustomerPortal):
    """A store's portal (Kodak Perú's procedure): verify a DOA authorisation by its
    number, and confirm the exchange made under it with the serial handed out."""

    def _store_partner(self):
        return portal_organisation("postventa_helpdesk.group_portal_store")

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "store_case_count" in counters:
            store = self._store_partner()
            # the record rules keep it to the cases this user may read (the
            # store's, in the user's companies)
            values["store_case_count"] = (
                request.env["helpdesk.ticket"].search_count(
                    [("unit_store_id", "=", store.id)]
                )
                if store
                else 0
            )
        return values

    def _store_page(self, store, **values):
        page = self._prepare_portal_layout_values()
        page.update(
            values,
            store=store,
            page_name="store",
            # record rules, not a superuser's domain: the store's cases in the
            # companies the user works for
            cases=request.env["helpdesk.ticket"].search(
                [("unit_store_id", "=", store.id)], limit=20
            ),
        )
        return request.render("postventa_helpdesk.portal_store_page", page)

    @http.route("/my/store", type="http", auth="user", website=True, methods=["GET"])
    def store_page(self, number=None, case=None, **kw):
        store = self._store_partner()
        if not store:
            return request.redirect("/my")
        values = {}
        if case and isinstance(case, str) and len(case) <= 64:
            # just opened for a walk-in customer: its number, once the case is
            # one this store opened (for a unit registered elsewhere the clerk
            # may not read the case, which is under review: only its number)
            opened_sudo = (
                request.env["helpdesk.ticket"]
                .sudo()
                .search(
                    [
                        ("number", "=", case),
                        "|",
                        ("unit_store_id", "=", store.id),
                        ("declared_store_id", "=", store.id),
                    ],
                    limit=1,
                )
            )
            values["opened_number"] = opened_sudo.number
            values["opened_mailed"] = bool(opened_sudo.partner_id.email)
        if number:
            values.update(number=number, **self._store_verdict(store, number))
        return self._store_page(store, **values)

    def _store_doa(self, store, number):
        number = number if isinstance(number, str) else None
        doa, _verdict = request.env[
            "postventa.doa.authorization"
        ]._postventa_lookup_for_store(store, number)
        if not doa:
            raise UserError(
                request.env._(
                    "DOA authorisation %(number)s is not one of your store's.",
                    number=number or "-",
                )
            )
        return doa

    @http.route(
        "/my/store/exchange", type="http", auth="user", website=True, methods=["POST"]
    )
    def store_exchange(self, number=None, serial=None, confirmed=None, **kw):
        """Two steps: the clerk chooses the unit she hands out, reads what will be
        recorded and confirms it; the exchange itself (and every rule of it) is
        the authorisation's."""
        store = self._store_partner()
        if not store:
            return request.redirect("/my")
        serial = serial if isinstance(serial, str) else None
        try:
            doa = self._store_doa(store, number)
            if not confirmed:
                doa, serial = doa._postventa_store_exchange_check(store, serial)
                page = self._prepare_portal_layout_values()
                page.update(store=store, doa=doa, serial=serial, page_name="store")
                return request.render(
                    "postventa_helpdesk.portal_store_exchange_confirm", page
                )
            doa._postventa_store_exchanged(store, serial)
        except UserError as error:
            request.env.cr.rollback()
            return self._store_page(
                store,
                number=number if isinstance(number, str) else None,
                serial=serial,
                error=error.args[0],
                **self._store_verdict(store, number),
            )
        return request.redirect(
            "/my/store/exchanged?" + url_encode({"number": doa.name})
        )

    def _store_verdict(self, store, number):
        if not isinstance(number, str) or not number:
            return {}
        doa, verdict = request.env[
            "postventa.doa.authorization"
        ]._postventa_lookup_for_store(store, number)
        return {
            "doa": doa,
            "verdict": verdict,
            "stock_serials": doa._postventa_store_stock_serials(store)
            if doa and verdict == "valid"
            else None,
        }

    @http.route(
        "/my/store/exchanged", type="http", auth="user", website=True, methods=["GET"]
    )
    def store_exchanged(self, number=None, **kw):
        """The exchange is recorded: what the clerk did, and what happens next."""
        store = self._store_partner()
        if not store:
            return request.redirect("/my")
        doa, verdict = request.env[
            "postventa.doa.authorization"
        ]._postventa_lookup_for_store(store, number)
        if verdict != "used":
            return request.redirect(f"/my/store?{url_encode({'number': number or ''})}")
        page = self._prepare_portal_layout_values()
        page.update(store=store, doa=doa, page_name="store")
        return request.render("postventa_helpdesk.portal_store_exchange_done", page)

    @http.route(
        "/my/store/case",
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def store_case(self, **kw):
        """A case for a walk-in customer; the unit was bought at this store."""
        store = self._store_partner()
        if not store:
            return request.redirect("/my")
        Ticket = request.env["helpdesk.ticket"]
        values = self._prepare_portal_layout_values()
        values.update(
            Ticket._postventa_portal_form_values(
                Ticket._postventa_portal_company(store)
            ),
            store=store,
            form=kw,
            page_name="store",
        )
        if request.httprequest.method == "POST":
            try:
                proof = uploaded_files("proof")[:1]
                ticket = Ticket._postventa_register_store_case(
                    store,
                    kw,
                    proof=proof[0] if proof else None,
                    attachments=uploaded_files("attachment"),
                )
            except UserError as error:
                request.env.cr.rollback()
                values["error"] = error.args[0]
            else:
                return request.redirect(f"/my/store?case={ticket.number}")
        return request.render("postventa_helpdesk.portal_store_case_form", values)
