from odoo import fields, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.rma.controllers.main import PortalRma

SORTINGS = ("date", "name", "state")


class PostventaPortalRma(PortalRma):
    """OCA rma's portal, with the checks its routes leave out."""

    def _picking_check_access(self, rma_id, picking_id, access_token=None):
        """The RMA must be the user's (or its token given), and the transfer one of
        that RMA's: its receipt or one of its deliveries. Upstream checks the
        token against the RMA but takes any transfer."""
        try:
            rma_sudo = self._document_check_access("rma", rma_id, access_token)
        except MissingError as error:
            raise AccessError(error.args[0]) from error
        pickings = (
            rma_sudo.reception_move_id.picking_id
            | rma_sudo.delivery_move_ids.picking_id
        )
        picking_sudo = pickings.filtered(lambda p: p.id == picking_id)
        if not picking_sudo:
            raise AccessError(
                request.env._(
                    "This transfer is not one of the transfers of %(rma)s.",
                    rma=rma_sudo.name,
                )
            )
        return picking_sudo

    @http.route()
    def portal_my_rmas(self, page=1, date_begin=None, date_end=None, sortby=None, **kw):
        # upstream indexes its sortings with ``sortby`` and filters by the dates as
        # given: an unknown sorting or a date that is none would be a server error
        if sortby not in SORTINGS:
            sortby = None
        try:
            date_begin = date_begin and fields.Datetime.to_datetime(date_begin)
            date_end = date_end and fields.Datetime.to_datetime(date_end)
        except ValueError:
            date_begin = date_end = None
        response = super().portal_my_rmas(
            page=page, date_begin=date_begin, date_end=date_end, sortby=sortby, **kw
        )
        # The RMAs listed are those the user's own search found (record rules
        # applied); their page is rendered as the detail page is, as superuser, so
        # that templates added by other addons (OCA rma_lot reads
        # ``rma.product_id.tracking``) read the products a portal user cannot.
        qcontext = getattr(response, "qcontext", None)
        if qcontext and qcontext.get("rmas"):
            qcontext["rmas"] = qcontext["rmas"].sudo()
        return response
