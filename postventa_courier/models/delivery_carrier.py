import logging

from odoo import fields, models

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

    def _postventa_provider(self, operation):
        """The provider's own method for ``operation``, or None (whoever asks:
        staff who see courier orders need not see shipping methods)."""
        self.ensure_one()
        delivery_type = self.sudo().delivery_type
        return getattr(self, f"{delivery_type}_postventa_{operation}", None)

    def _postventa_tracking_mode(self):
        """How the news of its orders comes back: "push" (the courier sends
        events), "poll" (we ask for them) or "manual" (our staff set them)."""
        provider = self._postventa_provider("tracking_mode")
        return provider() if provider else "manual"

    def _postventa_calls_out(self):
        """Whether booking and cancelling call the provider's system: then they
        go through the outbox, never inside the user's transaction."""
        provider = self._postventa_provider("calls_out")
        return provider() if provider else False

    def _postventa_book(self, order, idempotency_key):
        """Book ``order``: {"tracking_number", "tracking_url", "label"} (whether a
        label is to be fetched)."""
        return self._postventa_provider("book")(order, idempotency_key)

    def _postventa_reschedule(self, order, idempotency_key):
        """Ask for a new attempt on the same shipment; True when the courier was
        asked (the order waits for it), False when there is nothing to ask."""
        provider = self._postventa_provider("reschedule")
        return provider(order, idempotency_key) if provider else False

    def _postventa_cancel(self, order, idempotency_key):
        return self._postventa_provider("cancel")(order, idempotency_key)

    def _postventa_label(self, order):
        """The label of a booked order (PDF bytes)."""
        return self._postventa_provider("label")(order)

    def _postventa_track(self, tracking_numbers):
        """The shipments of these tracking numbers, each with its ``events`` (the
        courier API's shape), for carriers that are polled."""
        return self._postventa_provider("track")(tracking_numbers)
