import werkzeug

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController


class TicketClosePortal(HelpdeskTicketController):
    """helpdesk_mgmt's /ticket/close changes the stage of whatever ticket id it is
    given: here it first checks that the user may see that ticket, and that the
    stage is one of the ticket's team that customers may close to."""

    @http.route("/ticket/close", type="http", auth="user")
    def support_ticket_close(self, ticket_id=None, stage_id=None, **kw):
        try:
            ticket = request.env["helpdesk.ticket"].browse(int(ticket_id))
            ticket.check_access("read")
            stage_id = int(stage_id)
        except (AccessError, MissingError, TypeError, ValueError):
            return request.redirect("/my")
        stage = ticket.team_id._get_applicable_stages().filtered(
            lambda s: s.id == stage_id and s.close_from_portal)
        if stage:
            ticket.sudo().stage_id = stage
        return werkzeug.utils.redirect(f"/my/ticket/{ticket.id}")
