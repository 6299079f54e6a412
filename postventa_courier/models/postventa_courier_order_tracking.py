import threading
import uuid

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..courier_client import CourierError
from .postventa_courier_order import FINAL_STATES, OPEN_STATES, RANKS, _logger


# one concern per file, as the model's docstring lists them
class PostventaCourierOrder(models.Model):
    """The tracking state machine: courier events (pushed, polled, or told by a
    drop-off centre, a store or our staff) recorded once and applied in the order
    they happened; failed attempts, return to sender, delivery."""

    _inherit = "postventa.courier.order"  # pylint: disable=R8180

    # ------------------------------------------------------------------------
    # Tracking events
    # ------------------------------------------------------------------------
    def _postventa_log(self, status, detail, source="user", applied=False):
        """One event of this order, told by us (not the courier). Events are
        written by the order's actions alone (no group creates them: a forged
        pending event would move the order), after the action checked its user."""
        self.ensure_one()
        events_sudo = self.env["postventa.courier.event"].sudo()
        return events_sudo.create(
            {
                "order_id": self.id,
                "carrier_id": self.carrier_id.id,
                "external_id": f"local-{uuid.uuid4().hex}",
                "status": status,
                "occurred_at": fields.Datetime.now(),
                "detail": detail,
                "source": source,
                "applied": applied,
            }
        )

    @api.model
    def _postventa_tracking_fields(self):
        """What deciding on and applying an event reads: fetched with the order."""
        return [
            "state",
            "kind",
            "handover",
            "carrier_id",
            "last_event_at",
            "attempt_count",
            "ticket_id",
        ]

    def _postventa_record_events(self, values_list, source):
        """Record courier events of these orders, each once (by event id), and apply
        them. ``values_list``: event values, each with ``order_id`` unless ``self``
        is one order. Returns {event id: applied | stale | duplicate}."""
        rows = [
            dict(values, order_id=values.get("order_id") or self.id, source=source)
            for values in values_list
        ]
        carriers = {order.id: order.carrier_id.id for order in self}
        for row in rows:
            row["carrier_id"] = carriers[row["order_id"]]
        Event = self.env["postventa.courier.event"]
        inserted = Event._postventa_store(rows)
        self._postventa_apply_pending()
        applied = set(
            Event.search_fetch(
                [("id", "in", list(inserted.values())), ("applied", "=", True)],
                ["external_id"],
            ).mapped("external_id")
        )
        return {
            row["external_id"]: "duplicate"
            if row["external_id"] not in inserted
            else "applied"
            if row["external_id"] in applied
            else "stale"
            for row in rows
        }

    def _postventa_apply_pending(self):
        """Apply the events recorded but not yet applied of these orders, oldest
        first: each moves its order only if it is news (see _postventa_is_news).
        Run as superuser: by the crons, and by the actions that record events
        (_postventa_staff_sudo, the booking's answer)."""
        Event = self.env["postventa.courier.event"]
        self.invalidate_recordset(["event_ids"])
        events = Event.search_fetch(
            [("pending", "=", True), ("order_id", "in", self.ids)],
            ["order_id", "status", "occurred_at", "detail"],
            order="occurred_at, id",
        )
        events.order_id.fetch(self._postventa_tracking_fields())
        applied_ids = []
        for event in events:
            order = event.order_id
            order = order.with_context(lang=order._postventa_staff_lang())
            if order._postventa_is_news(event.status, event.occurred_at):
                order._postventa_apply_status(
                    event.status, event.occurred_at, event.detail
                )
                applied_ids.append(event.id)
        applied = Event.browse(applied_ids)
        applied.write({"pending": False, "applied": True})
        (events - applied).write({"pending": False})
        return events

    def _postventa_is_news(self, status, occurred_at):
        """Whether an event should move the order: never once it is delivered,
        returned or cancelled; otherwise a later event wins, and among events of
        the same time the one further along."""
        self.ensure_one()
        if self.state in FINAL_STATES or (
            status == "scheduled" and self.state != "requested"
        ):
            return False
        if not self.last_event_at or occurred_at > self.last_event_at:
            return True
        if occurred_at < self.last_event_at:
            return False
        ranks = RANKS[self.kind]
        target = self._postventa_target(status)
        return target not in ranks or ranks.index(target) > ranks.index(self.state)

    def _postventa_target(self, status):
        """The order state a courier status means: a delivery to a drop-off centre
        is delivered once the customer collects it, not when the courier leaves it."""
        if status == "delivered" and self.kind == "delivery" and self.handover == "doc":
            return "at_doc"
        return status

    def _postventa_apply_status(self, status, occurred_at, detail):
        self.ensure_one()
        target = self._postventa_target(status)
        values = {"last_event_at": occurred_at, "last_detail": detail, "state": target}
        if target == "at_doc":
            values["doc_received_at"] = occurred_at
        if target == "failed":
            values["attempt_count"] = self.attempt_count + 1
            if values["attempt_count"] >= self.max_attempts:
                values["state"] = "returned"
        self._postventa_action_write(values)
        if target == "failed":
            self._postventa_attempt_failed(detail)
        elif target == "returned":
            self._postventa_notify_returned(detail)
        elif target == "delivered":
            self._postventa_delivered()
        elif target == "picked_up" and self.kind == "delivery":
            self._postventa_tell_rma(
                self.env._(
                    "Courier %(order)s: the unit left with the courier (%(number)s).",
                    order=self.name,
                    number=self.tracking_number or "-",
                )
            )
        elif target == "picked_up":
            self._postventa_tell_rma(
                self.env._(
                    "Courier %(order)s: the courier picked the unit up (%(number)s).",
                    order=self.name,
                    number=self.tracking_number or "-",
                )
            )

    def _postventa_attempt_failed(self, detail):
        if self.state == "returned":
            return self._postventa_notify_returned(detail)
        user = self.user_id or self.env.ref("base.user_admin")
        # in the words of whoever does it (a courier's webhook has no language)
        self.activity_schedule(
            "mail.mail_activity_data_call",
            summary=self.with_context(lang=user.lang).env._(
                "Re-coordinate with the customer (attempt %(n)s of %(max)s)",
                n=self.attempt_count,
                max=self.max_attempts,
            ),
            note=detail,
            user_id=user.id,
        )
        self._postventa_tell_case(
            self.env._(
                "Courier %(order)s: attempt %(n)s failed (%(detail)s). Logistics will "
                "call the customer.",
                order=self.name,
                n=self.attempt_count,
                detail=detail or "-",
            )
        )

    def _postventa_notify_returned(self, detail):
        user = self.user_id or self.env.ref("base.user_admin")
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.with_context(lang=user.lang).env._(
                "Unit returned to sender after %(n)s attempts", n=self.attempt_count
            ),
            note=detail,
            user_id=user.id,
        )
        self._postventa_tell_case(
            self.env._(
                "Courier %(order)s: returned to sender after %(n)s failed attempts.",
                order=self.name,
                n=self.attempt_count,
            )
        )

    # ------------------------------------------------------------------------
    # Status set by logistics, on carriers without tracking
    # ------------------------------------------------------------------------
    def _postventa_set_status(self, status, detail=None):
        """Logistics tells what the courier said on the phone: an event like the
        courier API's, through the same state machine (failed attempts,
        re-coordination, return to sender, delivery and the case). Only on
        carriers whose tracking is manual: elsewhere the courier's events rule."""
        self._postventa_check_staff()
        self.check_access("write")
        labels = dict(self._fields["state"]._description_selection(self.env))
        for order in self:
            if order.tracking_mode != "manual":
                raise UserError(
                    self.env._(
                        "%(carrier)s tracks its orders itself: its events move "
                        "order %(order)s.",
                        carrier=order.carrier_id.name,
                        order=order.name,
                    )
                )
            if order.state in FINAL_STATES:
                raise UserError(
                    self.env._(
                        "Order %(order)s is %(state)s: its status no longer changes.",
                        order=order.name,
                        state=labels[order.state],
                    )
                )
            result = order._postventa_staff_sudo()._postventa_record_events(
                [
                    {
                        "external_id": f"local-{uuid.uuid4().hex}",
                        "status": status,
                        "occurred_at": fields.Datetime.now(),
                        "detail": detail
                        or self.env._("Set by %(user)s", user=self.env.user.name),
                    }
                ],
                "user",
            )
            if "applied" not in result.values():
                raise UserError(
                    self.env._(
                        "Order %(order)s is already further along (%(state)s).",
                        order=order.name,
                        state=labels[order.state],
                    )
                )
        return True

    def action_courier_picked_up(self):
        return self._postventa_set_status("picked_up")

    def action_courier_in_transit(self):
        return self._postventa_set_status("in_transit")

    def action_courier_failed(self):
        return self._postventa_set_status(
            "failed",
            self.env._("Attempt failed, told by %(user)s", user=self.env.user.name),
        )

    def action_courier_delivered(self):
        return self._postventa_set_status("delivered")

    def action_courier_returned(self):
        return self._postventa_set_status("returned")

    # ------------------------------------------------------------------------
    # Asking the courier (polling)
    # ------------------------------------------------------------------------
    def action_refresh_tracking(self):
        """Ask the courier now (with the carrier's timeouts) instead of waiting:
        our staff who see the orders. Orders of carriers without tracking have
        nobody to ask."""
        self._postventa_check_staff()
        self.check_access("read")
        for carrier, orders in (
            self.filtered(lambda o: o.tracking_number and o.tracking_mode != "manual")
            .grouped("carrier_id")
            .items()
        ):
            try:
                shipments = carrier._postventa_track(orders.mapped("tracking_number"))
            except CourierError as error:
                raise UserError(
                    self.env._(
                        "%(carrier)s does not answer right now (%(error)s). The "
                        "tracking will be "
                        "updated automatically.",
                        carrier=carrier.name,
                        error=error,
                    )
                ) from error
            # what the courier says is applied as the crons would, whoever asked
            for order in orders:
                order._postventa_staff_sudo("read")._postventa_ingest_shipments(
                    shipments, "poll"
                )
        return True

    def _postventa_ingest_shipments(self, shipments, source):
        by_number = {order.tracking_number: order for order in self}
        Event = self.env["postventa.courier.event"]
        values_list = []
        for shipment in shipments:
            order = by_number.get(shipment.get("tracking_number"))
            if not order:
                continue
            for event in shipment.get("events") or []:
                try:
                    values = Event._postventa_values_from_api(event)
                except (ValueError, TypeError, KeyError) as error:
                    _logger.warning(
                        "courier %s: unreadable event skipped: %s",
                        order.carrier_id.name,
                        error,
                    )
                    continue
                values_list.append(dict(values, order_id=order.id))
        return self._postventa_record_events(values_list, source) if values_list else {}

    @api.model
    def _cron_poll_tracking(self, batch_size=500):
        """Tracking of open orders of carriers that do not push events."""
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        carriers = (
            self.env["delivery.carrier"]
            .search([])
            .filtered(lambda c: c._postventa_tracking_mode() == "poll")
        )
        for carrier in carriers:
            orders = self.search(
                [
                    ("carrier_id", "=", carrier.id),
                    ("state", "in", OPEN_STATES),
                    ("tracking_number", "!=", False),
                ],
                order="id",
            )
            for start in range(0, len(orders), batch_size):
                batch = orders[start : start + batch_size]
                try:
                    shipments = carrier._postventa_track(
                        batch.mapped("tracking_number")
                    )
                except CourierError as error:
                    _logger.warning(
                        "courier %s: polling stopped: %s", carrier.name, error
                    )
                    break
                batch._postventa_ingest_shipments(shipments, "poll")
                if auto_commit:
                    # each batch is kept once applied, as Odoo's own batch crons do
                    self.env.cr.commit()  # pylint: disable=invalid-commit
                    self.env.invalidate_all()
