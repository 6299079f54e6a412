import hashlib
import hmac
import json
import time

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, ValidationError

from ..courier_client import CourierClient
from .delivery_carrier import _logger


class DeliveryCarrier(models.Model):
    """The ``postventa_rest`` provider: a courier reached through the postventa
    REST API (the simulator speaks it too): its account, its timeouts, how
    tracking comes back (webhooks or polling), and its side of the courier
    order's calls (see ``delivery_carrier.py`` for the provider-neutral API)."""

    _inherit = ["delivery.carrier", "postventa.cached.config.mixin"]
    _name = "delivery.carrier"

    delivery_type = fields.Selection(
        selection_add=[("postventa_rest", "Courier API (postventa)")],
        ondelete={"postventa_rest": "set default"},
    )
    postventa_code = fields.Char(
        string="Webhook code",
        copy=False,
        help="Short name of this courier in its webhook address: "
        "/postventa/courier/<code>/webhook.",
    )
    postventa_api_url = fields.Char(
        string="API URL", help="e.g. https://api.courier.example/"
    )
    postventa_api_key = fields.Char(
        string="API key", groups="base.group_system", copy=False
    )
    postventa_webhook_secret = fields.Char(
        string="Webhook secret",
        groups="base.group_system",
        copy=False,
        help="Shared secret the courier signs its tracking events with (HMAC-SHA256).",
    )
    postventa_connect_timeout = fields.Float(string="Connect timeout (s)", default=3.0)
    postventa_read_timeout = fields.Float(string="Answer timeout (s)", default=10.0)
    postventa_tracking_mode = fields.Selection(
        [
            ("webhook", "The courier pushes events (webhooks)"),
            ("poll", "We ask the courier (polling)"),
        ],
        string="Tracking",
        default="webhook",
        required=True,
    )
    postventa_webhook_window = fields.Integer(
        string="Webhook time window (s)",
        default=300,
        help="Signed events older or newer than this many seconds are refused "
        "(replays).",
    )
    postventa_webhook_url = fields.Char(
        string="Webhook address", compute="_compute_postventa_webhook_url"
    )

    _sql_constraints = [
        (
            "postventa_code_unique",
            "unique(postventa_code)",
            "Another courier already uses this webhook code.",
        ),
    ]

    def write(self, vals):
        """The API key goes, as a bearer token, to the API URL: moving the URL of a
        courier that has a key is refused to whoever may not see the key (only
        system administrators may), rather than clearing the key. No side effect
        here."""
        if (
            "postventa_api_url" in vals
            and not self.env.su
            and not self.env.user.has_group("base.group_system")
        ):
            # the key is read (not shown) to tell whether one is sent
            carriers_sudo = self.sudo()
            moved = carriers_sudo.filtered(
                lambda c: c.postventa_api_key
                and (c.postventa_api_url or "") != (vals["postventa_api_url"] or "")
            )
            if moved:
                raise AccessError(
                    self.env._(
                        "Only a system administrator may change the API URL of "
                        "%(carrier)s: its API key is sent there.",
                        carrier=moved[0].name,
                    )
                )
        return super().write(vals)

    @api.depends("postventa_code")
    def _compute_postventa_webhook_url(self):
        base = self.browse().get_base_url() or ""
        for carrier in self:
            carrier.postventa_webhook_url = (
                f"{base}/postventa/courier/{carrier.postventa_code}/webhook"
                if carrier.postventa_code
                else False
            )

    @api.constrains(
        "delivery_type",
        "postventa_code",
        "postventa_api_url",
        "postventa_connect_timeout",
        "postventa_read_timeout",
        "postventa_webhook_window",
    )
    def _check_postventa_settings(self):
        for carrier in self.filtered(lambda c: c.delivery_type == "postventa_rest"):
            if not carrier.postventa_code or not carrier.postventa_api_url:
                raise ValidationError(
                    self.env._(
                        "Courier %(carrier)s needs a webhook code and an API URL.",
                        carrier=carrier.name,
                    )
                )
            if not carrier.postventa_code.replace("-", "").replace("_", "").isalnum():
                raise ValidationError(
                    self.env._(
                        "The webhook code of %(carrier)s may only have letters, "
                        "digits, '-' and '_'.",
                        carrier=carrier.name,
                    )
                )
            if not (
                0 < carrier.postventa_connect_timeout <= 60
                and 0 < carrier.postventa_read_timeout <= 120
            ):
                raise ValidationError(
                    self.env._(
                        "Timeouts of %(carrier)s must be above 0 s (at most 60 s to "
                        "connect and "
                        "120 s to answer): a call to the courier must never hang.",
                        carrier=carrier.name,
                    )
                )
            if carrier.postventa_webhook_window < 30:
                raise ValidationError(
                    self.env._(
                        "The webhook time window of %(carrier)s must be at least 30 "
                        "seconds.",
                        carrier=carrier.name,
                    )
                )

    def _postventa_client(self):
        """The courier's API with this carrier's account: its key is read as
        superuser, by the calls to the courier alone (the outbox cron, and staff
        asking for news: see _postventa_staff_sudo)."""
        self.ensure_one()
        carrier_sudo = self.sudo()
        return CourierClient(
            carrier_sudo.postventa_api_url,
            carrier_sudo.postventa_api_key,
            carrier_sudo.postventa_connect_timeout,
            carrier_sudo.postventa_read_timeout,
        )

    # ------------------------------------------------------------------------
    # The courier order's calls (see delivery_carrier.py), made by the outbox
    # ------------------------------------------------------------------------
    def _postventa_rest_postventa_tracking_mode(self):
        return "push" if self.postventa_tracking_mode == "webhook" else "poll"

    def _postventa_rest_postventa_calls_out(self):
        return True

    def _postventa_rest_postventa_payload(self, order):
        """The shipment the courier API is asked for."""
        address = order.doc_id if order.handover == "doc" else order.partner_id
        return {
            "kind": order.kind,
            "reference": order.name,
            "date": fields.Date.to_string(order.scheduled_date),
            "address": {
                "name": address.display_name,
                "street": address.street,
                "street2": address.street2 or "",
                "city": address.city,
                "state": address.state_id.name or "",
                "country": address.country_id.code or "",
                "zip": address.zip or "",
                "phone": order.phone or "",
                "contact": order.partner_id.name,
            },
            "drop_off_code": order.drop_off_code or None,
            "notes": order.ticket_id.number or "",
        }

    def _postventa_rest_postventa_book(self, order, idempotency_key):
        answer = self._postventa_client().create_shipment(
            self._postventa_rest_postventa_payload(order), idempotency_key
        )
        return {
            "tracking_number": answer["tracking_number"],
            "tracking_url": answer.get("tracking_url") or False,
            "label": True,
        }

    def _postventa_rest_postventa_reschedule(self, order, idempotency_key):
        self._postventa_client().reschedule(
            order.tracking_number,
            {"date": fields.Date.to_string(order.scheduled_date)},
            idempotency_key,
        )
        return True

    def _postventa_rest_postventa_cancel(self, order, idempotency_key):
        if order.tracking_number:
            self._postventa_client().cancel(order.tracking_number, idempotency_key)

    def _postventa_rest_postventa_tracking_link(self, order):
        return order.tracking_url

    def _postventa_rest_postventa_label(self, order):
        return self._postventa_client().label(order.tracking_number)

    def _postventa_rest_postventa_track(self, tracking_numbers):
        return self._postventa_client().track(tracking_numbers)

    # ------------------------------------------------------------------------
    # stock_delivery provider API: a delivery order validated with this carrier
    # becomes a courier order (sent through the outbox, never inline).
    # ------------------------------------------------------------------------
    def postventa_rest_rate_shipment(self, order):
        return {
            "success": True,
            "price": self.fixed_price,
            "error_message": False,
            "warning_message": False,
        }

    def postventa_rest_send_shipping(self, pickings):
        orders = self.env["postventa.courier.order"]
        for picking in pickings:
            orders._postventa_for_picking(picking, self)
        # the tracking number comes back through the outbox, onto the picking
        return [
            {"exact_price": self.fixed_price, "tracking_number": False}
            for _p in pickings
        ]

    def postventa_rest_get_tracking_link(self, picking):
        return picking.courier_order_ids[-1:].tracking_url or False

    def postventa_rest_cancel_shipment(self, pickings):
        pickings.courier_order_ids.filtered(
            lambda o: o.state not in ("delivered", "returned", "cancelled")
        ).action_cancel()

    # ------------------------------------------------------------------------
    # Webhooks
    # ------------------------------------------------------------------------
    @tools.ormcache("code")
    def _postventa_webhook_settings(self, code):
        """(carrier id, secret, window) of a webhook code: read on every tracking
        event, kept in the registry cache (cleared when a carrier changes)."""
        carrier = self.sudo().search_fetch(
            [("delivery_type", "=", "postventa_rest"), ("postventa_code", "=", code)],
            ["postventa_webhook_secret", "postventa_webhook_window"],
            limit=1,
        )
        return (
            (
                carrier.id,
                carrier.postventa_webhook_secret,
                carrier.postventa_webhook_window,
            )
            if carrier
            else None
        )

    @api.model
    def _postventa_receive_webhook(self, code, body, timestamp, signature):
        """One signed tracking event for the courier of webhook ``code``, recorded
        to be applied by the cron. Returns (HTTP status, answer): 404 for an unknown
        courier, 401 and nothing stored on a bad signature, 200 for an event
        accepted or already known (duplicate), 202 for an event of a tracking
        number no order has yet (kept until the booking's answer gives it to an
        order). A database that cannot store answers 503 (http_unavailable)."""
        settings = self._postventa_webhook_settings(code)
        if not settings:
            return 404, {"error": "unknown courier"}
        carrier_id, secret, window = settings
        if not self._postventa_signature_ok(secret, window, body, timestamp, signature):
            _logger.warning(
                "courier %s: webhook refused (bad or expired signature)", code
            )
            return 401, {"error": "bad signature"}
        try:
            event = json.loads(body)
            values = self.env["postventa.courier.event"]._postventa_values_from_api(
                event
            )
            number = event["tracking_number"]
            # a number or a text, as the courier gave it ("None" is no number)
            if isinstance(number, bool) or not isinstance(number, int | str):
                raise TypeError(f"bad tracking number {number!r}"[:200])
            number = str(number)
            if not number or "\x00" in number:
                raise ValueError(f"bad tracking number {number!r}"[:200])
        except (ValueError, TypeError, AttributeError, KeyError) as error:
            _logger.warning("courier %s: unreadable webhook: %s", code, error)
            return 400, {"error": "unreadable event"}
        result = self.env["postventa.courier.event"]._postventa_store_webhook(
            carrier_id, number, values
        )
        if not result:
            # the courier booked it, Odoo has not recorded the booking's answer
            # yet: kept, and applied when that answer (its tracking number) comes
            result = self.env["postventa.courier.early.event"]._postventa_store(
                carrier_id, number, values
            )
            _logger.info(
                "courier %s: event %s for tracking number %s, not known yet: kept",
                code,
                values["external_id"],
                number,
            )
            return 202, {"result": result, "tracking_number": "not known yet"}
        return 200, {"result": result}

    @staticmethod
    def _postventa_signature_ok(secret, window, body, timestamp, signature):
        """HMAC-SHA256 over "<timestamp>." + body, sent within ``window`` seconds."""
        try:
            sent_at = int(timestamp)
        except (TypeError, ValueError):
            return False
        if not secret or not signature or abs(time.time() - sent_at) > window:
            return False
        expected = (
            "sha256="
            + hmac.new(
                secret.encode(), str(sent_at).encode() + b"." + body, hashlib.sha256
            ).hexdigest()
        )
        return hmac.compare_digest(expected, signature)
