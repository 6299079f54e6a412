import logging
from datetime import timedelta

import psycopg2.errors

from odoo import api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

KEEP_DAYS = 30  # an early event whose order never comes is dropped after this


class PostventaCourierEarlyEvent(models.Model):
    """A signed event pushed for a tracking number no order has yet: the courier
    booked the shipment and sent its first events before Odoo recorded the booking's
    answer (the outbox commits it after the call). Kept here, answered 202, and
    moved to the order's events when its tracking number arrives."""

    _name = "postventa.courier.early.event"
    _description = "Courier event for a tracking number not known yet"
    _order = "id"

    carrier_id = fields.Many2one("delivery.carrier", required=True, ondelete="cascade")
    tracking_number = fields.Char(required=True, index=True)
    external_id = fields.Char(string="Event id", required=True)
    status = fields.Char(required=True)
    occurred_at = fields.Datetime(required=True)
    detail = fields.Char()

    _sql_constraints = [
        (
            "external_id_unique",
            "unique(carrier_id, external_id)",
            "This courier event was already recorded.",
        ),
    ]

    @api.model
    def _postventa_store(self, carrier_id, tracking_number, values):
        """Store one early event; replays are skipped. Returns "accepted" or
        "duplicate"."""
        self.env.cr.execute(
            SQL(
                "INSERT INTO %s (carrier_id, tracking_number, external_id, status, "
                "occurred_at, detail, create_uid, write_uid, create_date, write_date) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, now() at time zone 'UTC', "
                "now() at time zone 'UTC') "
                "ON CONFLICT (carrier_id, external_id) DO NOTHING RETURNING id",
                SQL.identifier(self._table),
                carrier_id,
                tracking_number,
                values["external_id"],
                values["status"],
                values["occurred_at"],
                values["detail"],
                self.env.uid,
                self.env.uid,
            ),
            # a replay stored by another server meanwhile: Odoo retries the request
            log_exceptions=False,
        )
        return "accepted" if self.env.cr.fetchone() else "duplicate"

    @api.model
    def _postventa_adopt(self, order_ids=None):
        """Move the early events whose order now has their tracking number to that
        order's events (pending: applied as pushed events are). Returns the ids of
        the orders that got events."""
        Event = self.env["postventa.courier.event"]
        Order = self.env["postventa.courier.order"]
        self.env.flush_all()
        try:
            with self.env.cr.savepoint(flush=False):
                adopted = self._postventa_adopt_query(Event, Order, order_ids)
        except psycopg2.errors.TransactionRollbackError:
            # another transaction (the apply job, the booking's answer, a replay)
            # moved or wrote them since this one began: a handled conflict, they
            # are adopted by the next apply run
            _logger.info("courier early events: moved concurrently, adopted later")
            return set()
        self.invalidate_model()
        Event.invalidate_model()
        return adopted

    def _postventa_adopt_query(self, Event, Order, order_ids):
        where = SQL("TRUE")
        if order_ids is not None:
            where = SQL("o.id = ANY(%s)", list(order_ids))
        self.env.cr.execute(
            SQL(
                "WITH early AS (DELETE FROM %(early)s e USING %(order)s o "
                " WHERE o.carrier_id = e.carrier_id "
                " AND o.tracking_number = e.tracking_number AND %(where)s "
                " RETURNING o.id AS order_id, e.*) "
                "%(insert)s RETURNING order_id",
                early=SQL.identifier(self._table),
                order=SQL.identifier(Order._table),
                where=where,
                insert=Event._postventa_insert(
                    SQL(
                        "SELECT order_id, carrier_id, external_id, status, "
                        "occurred_at, detail, 'webhook', false, true, create_uid, "
                        "write_uid, create_date, write_date FROM early"
                    )
                ),
            ),
            log_exceptions=False,
        )
        return {row[0] for row in self.env.cr.fetchall()}

    @api.model
    def _postventa_drop_stale(self):
        """Early events older than KEEP_DAYS whose order never came."""
        self.env.cr.execute(
            SQL(
                "DELETE FROM %s WHERE create_date < %s",
                SQL.identifier(self._table),
                fields.Datetime.now() - timedelta(days=KEEP_DAYS),
            )
        )
