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
        order = orders[:1]
        key = self._get_postventa_courier_step_key(order)
        return {"key": key, "text": self._get_postventa_courier_step_text(order, key)}

    def _get_postventa_courier_step_key(self, order):
        """Which step of ``order`` (the case's first open courier order) the
        customer is at."""
        if order.state == "failed":
            return "courier_failed"
        if order.kind == "delivery":
            return "courier_delivery"
        if order.state in ("picked_up", "in_transit"):
            return "courier_in_transit"
        if order.handover == "doc" and order.state != "at_doc":
            return "courier_drop_off"
        if order.handover == "store" or order.state == "at_doc":
            return "courier_waiting"
        return "courier_pickup"

    def _get_postventa_courier_step_text(self, order, key):
        """What the customer reads for the step ``key`` of ``order``."""
        _ = self.env._
        when = (
            self.partner_id._postventa_format_date(order.scheduled_date)
            if order.scheduled_date
            else _("the date we agree with you")
        )
        if key == "courier_failed":
            return _(
                "The courier could not reach you: we will call you to agree a new "
                "date.",
            )
        if key == "courier_delivery":
            return _(
                "Your unit is on its way back to you (%(order)s): the courier "
                "brings it to %(address)s.",
                order=order.tracking_number or order.name,
                address=order.partner_id._postventa_address_line()
                or order.partner_id.name,
            )
        if key == "courier_in_transit":
            return _(
                "The courier has your unit and is bringing it to our service "
                "centre: nothing to do on your side for now."
            )
        if key == "courier_drop_off":
            return _(
                "Take the unit, well packed, to %(centre)s (%(address)s) and give "
                "the code %(code)s.",
                centre=order.doc_id.name,
                address=order.doc_id._postventa_address_line(),
                code=order.drop_off_code or "-",
            )
        if key == "courier_waiting":
            return _(
                "The courier collects your unit from %(place)s on %(date)s: "
                "nothing to do on your side.",
                place=(order.doc_id or order.store_id).name or "-",
                date=when,
            )
        return _(
            "Have the unit packed: the courier picks it up at %(address)s on "
            "%(date)s.",
            address=order.partner_id._postventa_address_line() or order.partner_id.name,
            date=when,
        )
