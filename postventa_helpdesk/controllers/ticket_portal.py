import json

import werkzeug

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import Response, content_disposition, request
from odoo.tools import consteq

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController
from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk

from .portal_organisation import portal_organisation

# the longest text a portal field that names one thing (a serial, a code) takes
MAX_KEY_LENGTH = 64


def bad_request(message):
    """Stop the request with a 400 and ``message`` (JSON for a JSON route, text
    otherwise): what a client sent is not what the door takes. Never a
    traceback."""
    if request.dispatcher.routing_type == "json":
        response = Response(
            json.dumps({"error": {"code": 400, "message": message}}),
            status=400,
            content_type="application/json",
        )
    else:
        response = Response(message, status=400, content_type="text/plain")
    werkzeug.exceptions.abort(response)


def text_param(value, name, max_length=MAX_KEY_LENGTH, required=False):
    """``value`` as a string from a client: None or a string of at most
    ``max_length`` characters, else a 400."""
    if value is None or value == "":
        if required:
            bad_request(request.env._("%(name)s is required.", name=name))
        return value
    # a NUL character is no text PostgreSQL stores or compares (a 500)
    if not isinstance(value, str) or "\x00" in value:
        bad_request(request.env._("%(name)s must be text.", name=name))
    if len(value) > max_length:
        bad_request(
            request.env._(
                "%(name)s may be up to %(max)s characters long.",
                name=name,
                max=max_length,
            )
        )
    return value


def id_param(value, name):
    """``value`` as a record id from a client (an integer, or a string of
    digits, within PostgreSQL's integers), else a 400. None stays None."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        bad_request(request.env._("%(name)s must be a number.", name=name))
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) < 2**31:
        bad_request(request.env._("%(name)s must be a number.", name=name))
    return int(text)


def uploaded_files(field_name):
    """(filename, bytes) of each file sent in ``field_name``."""
    return [
        (upload.filename, upload.read())
        for upload in request.httprequest.files.getlist(field_name)
        if upload.filename
    ]


class CaseForm(HelpdeskTicketController):
    """helpdesk_mgmt's "new ticket" form becomes the after-sales case form:
    product, serial (checked while typing), purchase, proof and failure."""

    def _get_create_new_ticket_values(self, **kw):
        values = super()._get_create_new_ticket_values(**kw)
        values.update(
            request.env["helpdesk.ticket"]._postventa_portal_form_values(), form=kw
        )
        return values

    def _prepare_submit_ticket_vals(self, **kw):
        """helpdesk_mgmt reads the category and team ids with int() (a bad one was a
        server error) and browses any category: only those the form offers count."""
        for key in ("category", "team"):
            try:
                kw[key] = str(int(kw.get(key) or 0) or "")
            except (TypeError, ValueError):
                kw[key] = ""
        categories = self._get_categories(**kw)
        if kw["category"] and int(kw["category"]) not in categories.ids:
            kw["category"] = ""
        vals = super()._prepare_submit_ticket_vals(**kw)
        if not vals.get("team_id"):
            # the customer chose no team: the company's routing decides
            Ticket = request.env["helpdesk.ticket"]
            company = request.env["res.company"].browse(vals["company_id"])
            product = Ticket._postventa_portal_products(company).filtered(
                lambda p: str(p.id) == str(kw.get("product_id") or "")
            )
            vals.update(Ticket._postventa_portal_team_values(company, product, vals))
        return vals

    @http.route(
        "/submitted/ticket",
        type="http",
        auth="user",
        website=True,
        csrf=True,
        methods=["POST"],
    )
    def submit_ticket(self, **kw):
        """An after-sales case (its unit checked, registered or found), or, for a
        category that needs no unit and a form that names none, helpdesk_mgmt's
        plain ticket. Uploads are checked either way; nothing is kept on error."""
        user = request.env.user
        if not request.env["helpdesk.ticket"]._postventa_portal_needs_unit(kw):
            return self._submit_ticket_without_unit(**kw)
        try:
            proof = uploaded_files("proof")[:1]
            ticket = request.env["helpdesk.ticket"]._postventa_register_portal_case(
                kw,
                user.partner_id,
                proof=proof[0] if proof else None,
                attachments=uploaded_files("attachment"),
                defaults=self._prepare_submit_ticket_vals(**kw),
            )
        except UserError as error:  # nothing of the case is kept
            request.env.cr.rollback()
            values = self._get_create_new_ticket_values(**kw)
            values["error"] = error.args[0]
            return request.render("helpdesk_mgmt.portal_create_ticket", values)
        return werkzeug.utils.redirect(f"/my/ticket/{ticket.id}")

    def _submit_ticket_without_unit(self, **kw):
        Ticket = request.env["helpdesk.ticket"]
        try:
            for upload in request.httprequest.files.getlist("attachment"):
                if upload.filename:
                    Ticket._postventa_check_portal_upload(
                        upload.filename, upload.read()
                    )
                    upload.seek(0)  # helpdesk_mgmt reads it again
        except UserError as error:
            values = self._get_create_new_ticket_values(**kw)
            values["error"] = error.args[0]
            return request.render("helpdesk_mgmt.portal_create_ticket", values)
        # acknowledged like every case the customer opens
        request.update_context(postventa_acknowledge=True)
        return super().submit_ticket(**kw)

    @http.route("/my/tickets/serial-check", type="json", auth="user")
    def serial_check(self, product_id=None, serial=None, **kw):
        """The pattern check of a serial while the customer types: it says whether
        the serial has the product's form, never whether it is registered."""
        product_id = id_param(product_id, "product_id")
        serial = text_param(serial, "serial")
        Ticket = request.env["helpdesk.ticket"]
        # the products of the form that asks: a store's walk-in form offers its
        # company's
        store = portal_organisation("postventa_helpdesk.group_portal_store")
        company = Ticket._postventa_portal_company(store)
        product = Ticket._postventa_portal_products(company).filtered(
            lambda p: p.id == product_id
        )
        return {
            "message": Ticket._postventa_portal_serial_check(product, serial)
            if product
            else ""
        }

    @http.route(
        "/ticket/close", type="http", auth="user", website=True, methods=["POST"]
    )
    def support_ticket_close(self, ticket_id=None, stage_id=None, reason=None, **kw):
        """helpdesk_mgmt's version changes, on a plain GET, the stage of whatever
        ticket id it is given. Here it is a POST with its CSRF token, by the case's
        customer, to a stage its team lets customers close to. The page's
        confirmation asks for the reason; a client that gives none (helpdesk_mgmt's
        own contract) still closes, and the case says no reason was given."""
        try:
            ticket = request.env["helpdesk.ticket"].browse(int(ticket_id))
            ticket.check_access("read")
            stage_id = int(stage_id)
        except (AccessError, MissingError, TypeError, ValueError, OverflowError):
            return request.redirect("/my")
        # read access checked above: the case page's methods run as superuser
        ticket_sudo = ticket.sudo()
        try:
            ticket_sudo._postventa_portal_close(
                stage_id, reason, request.env.user.partner_id
            )
        except (AccessError, UserError):
            request.env.cr.rollback()
            # only a crafted request gets here: the page offers the allowed stages
            return werkzeug.utils.redirect(f"/my/ticket/{ticket.id}")
        return werkzeug.utils.redirect(f"/my/ticket/{ticket.id}")


class CasePage(CustomerPortalHelpdesk):
    """The case page: warranty, where the case stands, what we promise, the
    documents to download; reopening a closed case."""

    def _ticket_get_page_view_values(self, ticket, access_token, **kwargs):
        values = super()._ticket_get_page_view_values(ticket, access_token, **kwargs)
        # the case's customer, logged in or following the token mailed to them
        user = request.env.user
        partner = (
            ticket.partner_id
            if user._is_public()
            and access_token
            and ticket.access_token
            and consteq(ticket.access_token, access_token)
            else user.partner_id
        )
        is_customer = ticket._postventa_portal_is_customer(partner)
        reopen_until = is_customer and ticket._postventa_portal_reopen_until()
        values.update(
            closed_stages=ticket._postventa_portal_close_stages(user.partner_id),
            next_step=ticket._postventa_portal_next_step(),
            timeline=ticket._postventa_portal_timeline(),
            promise=ticket._postventa_portal_promise(),
            documents=ticket._postventa_portal_documents(),
            reopen_until=reopen_until,
            reopen_note=reopen_until
            and request.env._(
                "You may reopen this case until %(date)s.",
                date=ticket._postventa_portal_when(reopen_until),
            ),
            survey_url=ticket._postventa_portal_survey_url(partner),
            is_customer=is_customer,
            access_token=access_token,
            reopen_error=kwargs.get("reopen_error"),
        )
        return values

    @http.route()
    def portal_my_tickets(
        self,
        page=1,
        date_begin=None,
        date_end=None,
        sortby=None,
        filterby=None,
        search=None,
        search_in=None,
        groupby=None,
        **kw,
    ):
        """helpdesk_mgmt's list takes its sort, grouping and dates from the URL as
        they come (an unknown one was a server error): unknown values fall back to
        the defaults."""
        if sortby not in self._ticket_get_searchbar_sortings():
            sortby = None
        if groupby not in self._ticket_get_searchbar_groupby():
            groupby = None
        if search_in not in self._ticket_get_searchbar_inputs():
            search_in = None
        if not isinstance(search, str) or "\x00" in search:
            search = None
        try:
            page = max(int(page), 1)
        except (TypeError, ValueError):
            page = 1
        try:
            date_begin = date_begin and fields.Datetime.to_datetime(date_begin)
            date_end = date_end and fields.Datetime.to_datetime(date_end)
        except ValueError:
            date_begin = date_end = None
        response = super().portal_my_tickets(
            page=page,
            date_begin=date_begin,
            date_end=date_end,
            sortby=sortby,
            filterby=filterby,
            search=search,
            search_in=search_in,
            groupby=groupby,
            **kw,
        )
        filters = getattr(response, "qcontext", {}).get("searchbar_filters")
        if filters:
            response.qcontext["searchbar_filters"] = self._postventa_stage_filters(
                filters, filterby
            )
        return response

    def _postventa_stage_filters(self, filters, filterby):
        """helpdesk_mgmt filters by every stage of every team, by its internal name
        ("Bloqueada esperando escalado"): the customer gets each customer-facing
        stage name once (the chosen filter stays)."""
        Stage = request.env["helpdesk.ticket.stage"]
        kept, labels = {}, set()
        for key, value in filters.items():
            stage = Stage.browse(int(key)).exists() if key.isdigit() else Stage
            if not stage:
                kept[key] = value
                continue
            label = stage._postventa_customer_name()
            if key != filterby and (
                label in labels or stage.postventa_kind in ("escalated", "change")
            ):
                continue
            labels.add(label)
            kept[key] = dict(value, label=label)
        return kept

    def _case_or_none(self, ticket_id, access_token):
        try:
            return self._document_check_access(
                "helpdesk.ticket", ticket_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return None

    @http.route(
        "/my/ticket/<int:ticket_id>/document/<string:key>", type="http", auth="public"
    )
    def case_document(self, ticket_id, key, access_token=None, **kw):
        ticket = self._case_or_none(ticket_id, access_token)
        # only the documents the case page offers: the key names the record
        document = (
            next(
                (d for d in ticket._postventa_portal_documents() if d["key"] == key),
                None,
            )
            if ticket
            else None
        )
        if not document:
            return request.not_found()
        # one of the documents of a case the user may read (checked above),
        # printed as superuser: the customer reads neither the report nor the
        # record's company
        record_sudo = document["record"].sudo()
        pdf = (
            record_sudo.env["ir.actions.report"]
            .with_company(record_sudo.company_id)
            ._render_qweb_pdf(document["report"], record_sudo.ids)[0]
        )
        filename = f"{document['label']} {document['name']}.pdf".replace("/", "-")
        return request.make_response(
            pdf,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", len(pdf)),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )

    @http.route(
        "/my/ticket/<int:ticket_id>/reopen",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def case_reopen(self, ticket_id, reason=None, access_token=None, **kw):
        ticket = self._case_or_none(ticket_id, access_token)
        if not ticket:
            return request.redirect("/my")
        try:
            ticket._postventa_portal_reopen(reason, request.env.user.partner_id)
        except UserError as error:
            request.env.cr.rollback()
            values = self._ticket_get_page_view_values(
                ticket, access_token, reopen_error=error.args[0]
            )
            return request.render("helpdesk_mgmt.portal_helpdesk_ticket_page", values)
        return request.redirect(f"/my/ticket/{ticket.id}")
