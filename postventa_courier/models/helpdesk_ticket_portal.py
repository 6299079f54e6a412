from odoo import models

from .postventa_courier_order import OPEN_STATES


class HelpdeskTicket(models.Model):
    """The case page while the courier carries the unit: the customer's next step
    is the pickup (or the drop-off, or the delivery), and a case whose unit is
    on the road cannot be closed from the portal."""

    _inherit = "helpdesk.ticket"

    def _postventa_courier_open_orders(self):
        """The open courier orders of this case, for its page: the customer reads
        the case (checked here), not the courier orders (superuser)."""
        self.ensure_one()
        self.check_access("read")
        ticket_sudo = self.sudo()
        return ticket_sudo.courier_order_ids.filtered(
            lambda o: o.state in OPEN_STATES
        ).sorted("id")

    def _postventa_portal_can_close(self):
        return super()._postventa_portal_can_close() and not (
            self._postventa_courier_open_orders()
        )

    def _postventa_portal_next_step(self):
        self.ensure_one()
        orders = self._postventa_courier_open_orders()
        if self.closed or not orders:
            return super()._postventa_portal_next_step()
        _ = self.env._
        order = orders[:1]
        when = (
            self.partner_id._postventa_format_date(order.scheduled_date)
            if order.scheduled_date
            else _("the date we agree with you")
        )
        if order.state == "failed":
            return {
                "key": "courier_failed",
                "text": _(
                    "The courier could not reach you: we will call you to agree a new "
                    "date.",
                ),
            }
        if order.kind == "delivery":
            return {
                "key": "courier_delivery",
                "text": _(
                    "Your unit is on its way back to you (%(order)s): the courier "
                    "brings it to %(address)s.",
                    order=order.tracking_number or order.name,
                    address=order.partner_id._postventa_address_line()
                    or order.partner_id.name,
                ),
            }
        if order.state in ("picked_up", "in_transit"):
            return {
                "key": "courier_in_transit",
                "text": _(
                    "The courier has your unit and is bringing it to our service "
                    "centre: nothing to do on your side for now."
                ),
            }
        if order.handover == "doc" and order.state != "at_doc":
            return {
                "key": "courier_drop_off",
                "text": _(
                    "Take the unit, well packed, to %(centre)s (%(address)s) and give "
                    "the code %(code)s.",
                    centre=order.doc_id.name,
                    address=order.doc_id._postventa_address_line(),
                    code=order.drop_off_code or "-",
                ),
            }
        if order.handover == "store" or order.state == "at_doc":
            return {
                "key": "courier_waiting",
                "text": _(
                    "The courier collects your unit from %(place)s on %(date)s: "
                    "nothing to do on your side.",
                    place=(order.doc_id or order.store_id).name or "-",
                    date=when,
                ),
            }
        return {
            "key": "courier_pickup",
            "text": _(
                "Have the unit packed: the courier picks it up at %(address)s on "
                "%(date)s.",
                address=order.partner_id._postventa_address_line()
                or order.partner_id.name,
                date=when,
            ),
        }
