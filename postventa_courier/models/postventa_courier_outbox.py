import logging
import threading
from datetime import timedelta

from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..courier_client import CourierRejected, CourierUnavailable

_logger = logging.getLogger(__name__)

MAX_TRIES = 10
FIRST_DELAY = 60  # seconds; doubles with every failure, up to an hour
MAX_DELAY = 3600


class PostventaCourierOutbox(models.Model):
    """One call to make to a courier. Written in the user's transaction, made by a
    cron outside it: a courier outage delays calls and loses none, and a retry
    sends the same idempotency key, so the courier never opens a second shipment.

    A cron-driven outbox rather than OCA queue_job: it needs no extra addon, no
    job runner and no server-wide module, so it works as is on the official
    image and on any number of workers (rows are taken with SKIP LOCKED)."""

    _name = "postventa.courier.outbox"
    _description = "Courier outbox"
    _order = "id"

    order_id = fields.Many2one(
        "postventa.courier.order", required=True, ondelete="cascade", index=True
    )
    # the order's, for the multi-company rule
    company_id = fields.Many2one(
        related="order_id.company_id", store=True, index="btree_not_null"
    )
    operation = fields.Selection(
        [
            ("create", "Create shipment"),
            ("reschedule", "New attempt"),
            ("cancel", "Cancel"),
            ("label", "Fetch label"),
        ],
        required=True,
    )
    idempotency_key = fields.Char(required=True)
    state = fields.Selection(
        [
            ("pending", "Pending"),
            ("done", "Done"),
            ("failed", "Failed"),
            ("cancelled", "Cancelled"),
        ],
        default="pending",
        required=True,
        index=True,
    )
    tries = fields.Integer()
    next_try_at = fields.Datetime(default=fields.Datetime.now, required=True)
    last_error = fields.Char()
    done_at = fields.Datetime()

    def init(self):
        tools.create_index(
            self.env.cr,
            "postventa_courier_outbox_due_idx",
            self._table,
            ["next_try_at", "id"],
            where="state = 'pending'",
        )

    @api.model
    def _cron_process(self, limit=200):
        """Make the due calls, oldest first; each one in its own transaction."""
        auto_commit = not getattr(threading.current_thread(), "testing", False)
        due = self.search(
            [("state", "=", "pending"), ("next_try_at", "<=", fields.Datetime.now())],
            limit=limit,
        )
        blocked = set()  # orders whose earlier call is still pending: keep their order
        for call_id in due.ids:
            call = self._lock_pending(call_id)
            if not call or call.order_id.id in blocked:
                continue
            if self.search_count(
                [
                    ("order_id", "=", call.order_id.id),
                    ("state", "=", "pending"),
                    ("id", "<", call.id),
                ],
                limit=1,
            ):
                blocked.add(call.order_id.id)
                continue
            try:
                with self.env.cr.savepoint():
                    done = call._run()
            except Exception as error:  # a bug must not stop the other calls
                _logger.exception("courier call %s failed unexpectedly", call.id)
                call._postpone(f"{type(error).__name__}: {error}")
                done = False
            if not done:
                blocked.add(call.order_id.id)
            if auto_commit:
                # the courier's side already happened: keep its record whatever follows
                self.env.cr.commit()  # pylint: disable=invalid-commit
        return len(due)

    def _lock_pending(self, call_id):
        # another worker may be sending it right now: skip it rather than wait
        self.env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE id = %s AND state = 'pending' "
                "FOR UPDATE SKIP LOCKED",
                SQL.identifier(self._table),
                call_id,
            )
        )
        return self.browse(call_id) if self.env.cr.fetchone() else self.browse()

    def _run(self):
        """Make the call; True when done, False when it stays pending or failed."""
        self.ensure_one()
        order = self.order_id
        carrier = order.carrier_id
        try:
            if self.operation == "create":
                order._postventa_created(
                    carrier._postventa_book(order, self.idempotency_key)
                )
            elif self.operation == "reschedule":
                carrier._postventa_reschedule(order, self.idempotency_key)
                if order.state == "requested":
                    order._postventa_action_write({"state": "scheduled"})
            elif self.operation == "cancel":
                carrier._postventa_cancel(order, self.idempotency_key)
            elif self.operation == "label":
                order._postventa_attach_label(carrier._postventa_label(order))
        except CourierUnavailable as error:
            self._postpone(str(error))
            return False
        except (CourierRejected, UserError, ValidationError) as error:
            # a courier API's refusal, or another provider's (they raise these)
            self._give_up(str(error))
            return False
        self.write(
            {
                "state": "done",
                "tries": self.tries + 1,
                "done_at": fields.Datetime.now(),
                "last_error": False,
            }
        )
        return True

    def _postpone(self, error):
        tries = self.tries + 1
        _logger.info(
            "courier call %s (%s) for %s failed, try %s: %s",
            self.id,
            self.operation,
            self.order_id.name,
            tries,
            error,
        )
        if tries >= MAX_TRIES:
            return self._give_up(error)
        delay = min(FIRST_DELAY * 2 ** (tries - 1), MAX_DELAY)
        self.write(
            {
                "tries": tries,
                "last_error": error[:500],
                "next_try_at": fields.Datetime.now() + timedelta(seconds=delay),
            }
        )

    def _give_up(self, error):
        """A person takes over: the call stays visible with its error."""
        self.write(
            {"state": "failed", "tries": self.tries + 1, "last_error": error[:500]}
        )
        order = self.order_id
        order.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._(
                "The courier refused or never answered: %(operation)s",
                operation=dict(
                    self._fields["operation"]._description_selection(self.env)
                )[self.operation],
            ),
            note=error[:500],
            user_id=order.user_id.id or self.env.ref("base.user_admin").id,
        )

    def action_retry(self):
        """Try a failed call again (same idempotency key)."""
        self.filtered(lambda c: c.state == "failed").write(
            {"state": "pending", "next_try_at": fields.Datetime.now(), "tries": 0}
        )
        self.env.ref("postventa_courier.ir_cron_courier_outbox")._trigger()
        return True
