import logging

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# one logger for the carrier, whichever of its files logs
_logger = logging.getLogger(__name__)


class DeliveryCarrier(models.Model):
    """What a courier order asks of its carrier, whatever its provider.

    Each ``_postventa_*`` method below dispatches to ``<delivery_type>_postventa_*``
    when the provider defines it (the way stock_delivery dispatches
    ``<delivery_type>_send_shipping``); the ``postventa_rest`` provider defines
    them all (``delivery_carrier_postventa_rest.py``)."""

    _inherit = "delivery.carrier"

    postventa_max_attempts = fields.Integer(
        string="Attempts before return",
        default=3,
        help="Failed pickup or delivery attempts after which the unit goes back to the "
        "sender.",
    )
    postventa_packaging_instructions = fields.Html(
        string="Packaging instructions",
        translate=True,
        help="Sent to the customer with the drop-off code when an order is announced "
        "to "
        "a drop-off centre.",
    )

    @api.constrains("postventa_max_attempts")
    def _check_postventa_max_attempts(self):
        for carrier in self:
            if carrier.postventa_max_attempts < 1:
                raise ValidationError(
                    self.env._(
                        "Courier %(carrier)s needs at least one attempt before "
                        "returning a unit.",
                        carrier=carrier.name,
                    )
                )

    def _postventa_provider(self, operation):
        """The provider's own method for ``operation``, or None (staff who see
        courier orders read their carriers: see ir.model.access.csv)."""
        self.ensure_one()
        return getattr(self, f"_{self.delivery_type}_postventa_{operation}", None)

    def _postventa_tracking_mode(self):
        """How the news of its orders comes back: "push" (the courier sends
        events), "poll" (we ask for them) or "manual" (logistics sets the status:
        a carrier booked by phone, or a provider without tracking)."""
        provider = self._postventa_provider("tracking_mode")
        return provider() if provider else "manual"

    def _postventa_calls_out(self):
        """Whether booking and cancelling call the provider's system: then they
        go through the outbox, never inside the user's transaction. Odoo's own
        fixed and rule-based carriers call nobody: they are booked at once."""
        provider = self._postventa_provider("calls_out")
        if provider:
            return provider()
        return self.delivery_type not in ("fixed", "base_on_rule")

    def _postventa_can_reschedule(self):
        """Whether a new attempt is asked of the provider (else it is agreed with
        the courier by phone, and the order is scheduled again at once)."""
        return bool(self._postventa_provider("reschedule"))

    def _postventa_book(self, order, idempotency_key):
        """Book ``order``: {"tracking_number", "tracking_url", "label"} (whether a
        label is to be fetched). Other providers book the order's transfer with
        stock_delivery's ``send_shipping`` (labels, if any, go on the transfer);
        an order without a transfer is booked by phone, its number typed later."""
        provider = self._postventa_provider("book")
        if provider:
            return provider(order, idempotency_key)
        number = False
        # booked by logistics (stock users) or by the outbox cron
        picking = order.picking_id
        if picking:
            # the courier order decides who carries the unit (a default carrier
            # for returns, rma_delivery's say, gives way), unless the transfer
            # was booked already
            if picking.state not in ("done", "cancel") and not (
                picking.carrier_tracking_ref
            ):
                picking.carrier_id = self
            if picking.carrier_id == self:
                result = self.send_shipping(picking)[0]
                number = result.get("tracking_number") or False
                picking.carrier_price = self._apply_margins(
                    result.get("exact_price") or 0.0
                )
        return {"tracking_number": number, "tracking_url": False, "label": False}

    def _postventa_reschedule(self, order, idempotency_key):
        """Ask the provider for a new attempt on the same shipment."""
        return self._postventa_provider("reschedule")(order, idempotency_key)

    def _postventa_cancel(self, order, idempotency_key):
        """Tell the provider the order is cancelled: stock_delivery's
        ``cancel_shipment`` on its transfer, when the provider has one (Odoo's
        fixed and rule-based carriers have none: nobody to tell)."""
        provider = self._postventa_provider("cancel")
        if provider:
            return provider(order, idempotency_key)
        picking = order.picking_id
        if picking.carrier_id == self and picking.carrier_tracking_ref:
            try:
                self.cancel_shipment(picking)
            except NotImplementedError:
                _logger.info(
                    "courier %s cancels nothing through its provider: %s",
                    self.name,
                    order.name,
                )
        return True

    def _postventa_label(self, order):
        """The label of a booked order (PDF bytes)."""
        return self._postventa_provider("label")(order)

    def _postventa_track(self, tracking_numbers):
        """The shipments of these tracking numbers, each with its ``events`` (the
        courier API's shape), for carriers that are polled."""
        return self._postventa_provider("track")(tracking_numbers)

    def _postventa_tracking_link(self, order):
        """The public tracking link of an order: the provider's
        ``get_tracking_link`` on its transfer, or the carrier's tracking link with
        the number in place of ``<shipmenttrackingnumber>``."""
        provider = self._postventa_provider("tracking_link")
        if provider:
            return provider(order)
        picking = order.picking_id
        if picking.carrier_id == self and picking.carrier_tracking_ref:
            link = self.get_tracking_link(picking)
            if link:
                return link
        if self.tracking_url and order.tracking_number:
            return self.tracking_url.replace(
                "<shipmenttrackingnumber>", order.tracking_number
            )
        return False
