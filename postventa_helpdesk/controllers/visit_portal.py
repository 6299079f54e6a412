from werkzeug.utils import redirect

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from .ticket_portal import text_param


class VisitPortal(CustomerPortal):
    """The customer answers a visit proposal from the mail's link (access token) or
    from the portal: accept it, or propose another time."""

    def _visit_or_none(self, visit_id, access_token):
        try:
            visit = self._document_check_access(
                "postventa.visit", visit_id, access_token
            )
        except (AccessError, MissingError):
            return None
        # answers and messages in the customer's language
        return visit.with_context(
            lang=request.env["res.lang"]._postventa_active_code(
                visit.partner_id.lang or request.env.lang
            )
        )

    def _visit_page(self, visit, access_token, **values):
        return request.render(
            "postventa_helpdesk.portal_visit_page",
            dict(values, visit=visit, access_token=access_token),
        )

    @http.route(
        "/postventa/visit/<int:visit_id>", type="http", auth="public", methods=["GET"]
    )
    def visit_page(self, visit_id, access_token=None, answer=None, **kw):
        visit = self._visit_or_none(visit_id, access_token)
        if visit is None:
            return request.not_found()
        return self._visit_page(visit, access_token, answer=answer)

    @http.route(
        "/postventa/visit/<int:visit_id>/answer",
        type="http",
        auth="public",
        methods=["POST"],
    )
    def visit_answer(
        self, visit_id, access_token=None, decision=None, when=None, note=None, **kw
    ):
        access_token = text_param(access_token, "access_token", max_length=128)
        when = text_param(when, "when", max_length=32)
        note = text_param(note, "note", max_length=2000)
        visit = self._visit_or_none(visit_id, access_token)
        if visit is None:
            return request.not_found()
        try:
            if decision == "accept":
                visit.action_customer_accept()
            elif decision == "propose":
                visit.action_customer_propose(when, note)
            else:
                return request.not_found()
        except (UserError, ValidationError) as error:
            request.env.cr.rollback()
            return self._visit_page(
                visit, access_token, error=error.args[0], when=when, note=note
            )
        return redirect(
            f"/postventa/visit/{visit.id}?access_token={access_token}&answer={decision}",
            code=303,
        )
