import logging
import threading
from datetime import datetime, timezone

import psycopg2.errors

from odoo import api, fields, models, tools
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

COURIER_STATUSES = [
    ("scheduled", "Scheduled"),
    ("picked_up", "Picked up"),
    ("in_transit", "In transit"),
    ("failed", "Attempt failed"),
    ("delivered", "Delivered"),
    ("returned", "Returned to sender"),
    ("cancelled", "Cancelled"),
]


class PostventaCourierEvent(models.Model):
    """What the courier (or a drop-off centre, or we) said about an order, once:
    the event id is unique per carrier, so replays are recognised.

    Webhooks only record the event (pending) and answer; a cron applies pending
    events, oldest first, so that a burst of tracking events, or a delivery that
    closes a case and mails its survey, never keeps the courier waiting."""

    _name = "postventa.courier.event"
    _description = "Courier tracking event"
    _order = "occurred_at desc, id desc"

    order_id = fields.Many2one(
        "postventa.courier.order", required=True, ondelete="cascade", index=True
    )
    carrier_id = fields.Many2one("delivery.carrier", required=True, ondelete="cascade")
    # the order's, for the multi-company rule; not stored: events are written
    # with one INSERT on the webhook's path (below), which knows no company
    company_id = fields.Many2one(related="order_id.company_id")
    external_id = fields.Char(string="Event id", required=True)
    status = fields.Selection(
        COURIER_STATUSES + [("at_doc", "At drop-off centre"), ("note", "Note")],
        required=True,
    )
    occurred_at = fields.Datetime(required=True)
    detail = fields.Char()
    source = fields.Selection(
        [
            ("webhook", "Webhook"),
            ("poll", "Polling"),
            ("api", "Courier API"),
            ("doc", "Drop-off centre"),
            ("store", "Store"),
            ("user", "Staff"),
        ],
        required=True,
    )
    applied = fields.Boolean(
        help="Whether this event moved the order's status (late or "
        "repeated events are kept but change nothing)."
    )
    pending = fields.Boolean(help="Recorded, not applied yet.")

    _sql_constraints = [
        (
            "external_id_unique",
            "unique(carrier_id, external_id)",
            "This courier event was already recorded.",
        ),
    ]

    def init(self):
        tools.create_index(
            self.env.cr,
            "postventa_courier_event_pending_idx",
            self._table,
            ["order_id"],
            where="pending",
        )

    # Events are written with INSERT ... ON CONFLICT DO NOTHING: one statement that
    # both stores an event and tells a replay (same carrier and event id), even
    # when two deliveries of it arrive at once. This is the webhook's hot path.
    def _postventa_insert(self, rows):
        """INSERT INTO this table, before its VALUES or SELECT ``rows``."""
        return SQL(
            "INSERT INTO %s (order_id, carrier_id, external_id, status, occurred_at, "
            "detail, source, applied, pending, create_uid, write_uid, create_date, "
            "write_date) %s ON CONFLICT (carrier_id, external_id) DO NOTHING",
            SQL.identifier(self._table),
            rows,
        )

    @api.model
    def _postventa_store(self, rows):
        """Store events (dicts with order_id, carrier_id, external_id, status,
        occurred_at, detail, source) as pending; replays are skipped.
        Returns {external id: new event id} of the events stored."""
        if not rows:
            return {}
        self.env.flush_all()
        uid = self.env.uid
        values = SQL(", ").join(
            SQL(
                "(%s, %s, %s, %s, %s, %s, %s, false, true, %s, %s, "
                "now() at time zone 'UTC', now() at time zone 'UTC')",
                row["order_id"],
                row["carrier_id"],
                row["external_id"],
                row["status"],
                fields.Datetime.to_datetime(row["occurred_at"]),
                row["detail"],
                row["source"],
                uid,
                uid,
            )
            for row in rows
        )
        self.env.cr.execute(
            SQL(
                "%s RETURNING external_id, id",
                self._postventa_insert(SQL("VALUES %s", values)),
            )
        )
        inserted = self.env.cr.fetchall()
        self.invalidate_model()
        return dict(inserted)

    @api.model
    def _postventa_store_webhook(self, carrier_id, tracking_number, values):
        """Store one pushed event for the order with this tracking number.
        Returns "accepted", "duplicate", or None when no order has that number."""
        self.env.flush_all()
        Order = self.env["postventa.courier.order"]
        self.env.cr.execute(
            SQL(
                "%s RETURNING id",
                self._postventa_insert(
                    SQL(
                        "SELECT id, carrier_id, %s, %s, %s, %s, 'webhook', false, "
                        "true, %s, %s, now() at time zone 'UTC', "
                        "now() at time zone 'UTC' FROM %s "
                        "WHERE carrier_id = %s AND tracking_number = %s",
                        values["external_id"],
                        values["status"],
                        values["occurred_at"],
                        values["detail"],
                        self.env.uid,
                        self.env.uid,
                        SQL.identifier(Order._table),
                        carrier_id,
                        tracking_number,
                    )
                ),
            ),
            # a replay of this event stored by another server after this request's
            # snapshot is a serialization failure: Odoo retries the whole request
            # (and then sees the duplicate), an expected conflict, not an error
            log_exceptions=False,
        )
        if self.env.cr.fetchone():
            return "accepted"
        known = Order.sudo().search_count(
            [
                ("carrier_id", "=", carrier_id),
                ("tracking_number", "=", tracking_number),
            ],
            limit=1,
        )
        return "duplicate" if known else None

    @api.model
    def _cron_apply_pending(self, batch_size=500):
        """Apply the events pushed by webhooks, a batch of orders at a time, each
        order on its own: an order another transaction holds (the poll, a user, this
        job on another server) is skipped and applied by the next run, and one that
        meets a concurrent write is rolled back alone, so a conflict delays that
        order, not its batch."""
        testing = getattr(threading.current_thread(), "testing", False)
        self._postventa_adopt_early()
        if not testing:
            self.env.cr.commit()  # pylint: disable=invalid-commit
        self.env.cr.execute(
            SQL(
                "SELECT DISTINCT order_id FROM %s WHERE pending",
                SQL.identifier(self._table),
            )
        )
        order_ids = [row[0] for row in self.env.cr.fetchall()]
        if not testing:
            # each batch below starts a transaction (and a snapshot) of its own
            self.env.cr.commit()  # pylint: disable=invalid-commit
        Order = self.env["postventa.courier.order"]
        applied = 0
        for start in range(0, len(order_ids), batch_size):
            batch = order_ids[start : start + batch_size]
            for order_id in self._postventa_lock_orders(batch):
                try:
                    with self.env.cr.savepoint():
                        Order.browse(order_id)._postventa_apply_pending()
                    applied += 1
                except psycopg2.errors.TransactionRollbackError:
                    # written by another transaction since this batch began: its
                    # events stay pending for the next run. Handled, not an error.
                    _logger.info(
                        "courier order %s: concurrent update, events applied later",
                        order_id,
                    )
            if not testing:
                # each batch is kept once applied, as Odoo's own batch crons do
                self.env.cr.commit()  # pylint: disable=invalid-commit
        return applied

    @api.model
    def _postventa_adopt_early(self):
        """Events pushed before their order's tracking number was known, given to
        the orders that have it now (those the booking's answer missed, in a race),
        and the stale ones dropped."""
        # the apply cron's, as superuser (data/ir_cron_data.xml)
        Early = self.env["postventa.courier.early.event"]
        Early._postventa_adopt()
        Early._postventa_drop_stale()

    @api.model
    def _postventa_lock_orders(self, order_ids, attempts=3):
        """The ids of these orders that no other transaction holds, locked until the
        transaction ends (SKIP LOCKED: held ones are left for the next run). An
        order committed by another transaction after this one's snapshot cannot be
        locked under REPEATABLE READ: the transaction starts again (outside tests,
        where each batch has a transaction of its own)."""
        Order = self.env["postventa.courier.order"]
        query = SQL(
            "SELECT id FROM %s WHERE id = ANY(%s) ORDER BY id "
            "FOR NO KEY UPDATE SKIP LOCKED",
            SQL.identifier(Order._table),
            list(order_ids),
        )
        testing = getattr(threading.current_thread(), "testing", False)
        for attempt in range(attempts):
            try:
                with self.env.cr.savepoint(flush=False):
                    self.env.cr.execute(query, log_exceptions=False)
                    return [row[0] for row in self.env.cr.fetchall()]
            except psycopg2.errors.TransactionRollbackError:
                if testing or attempt == attempts - 1:
                    _logger.info("courier events: orders busy, applied next run")
                    return []
                self.env.cr.rollback()  # a new snapshot
        return []

    @api.model
    def _postventa_values_from_api(self, event):
        """Validated values of one API event (webhook body or tracking answer)."""
        status = event["status"]
        if (
            status not in dict(COURIER_STATUSES)
            or not event.get("event_id")
            # PostgreSQL stores no NUL character: a 500, not an event
            or "\x00" in str(event["event_id"])
        ):
            raise ValueError(f"bad event {event!r}"[:200])
        try:
            occurred = datetime.fromisoformat(
                str(event["occurred_at"]).replace("Z", "+00:00")
            )
            if occurred.tzinfo:
                occurred = occurred.astimezone(timezone.utc).replace(tzinfo=None)
        except OverflowError as error:  # year 1 or 9999 moved to UTC
            raise ValueError(f"bad time {event['occurred_at']!r}"[:200]) from error
        return {
            "external_id": str(event["event_id"])[:64],
            "status": status,
            "occurred_at": occurred,
            "detail": str(event.get("detail") or "").replace("\x00", "")[:256],
        }
