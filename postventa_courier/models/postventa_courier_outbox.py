import logging
import threading
import time
from datetime import timedelta

import psycopg2.errors

from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..courier_client import CourierRejected, CourierUnavailable

_logger = logging.getLogger(__name__)

MAX_TRIES = 10
FIRST_DELAY = 60  # seconds; doubles with every failure, up to an hour
MAX_DELAY = 3600
# seconds a claimed call is left to the sender that claimed it (longer than a
# call's timeouts, 3 + 10 s): another sender takes it after that only if its sender
# died; one that is merely slow still holds the order's lock, so the other skips it
LEASE = 120
CONFLICT_DELAY = 5  # seconds; a call whose answer met a concurrent write
# a run claims no call after this: Odoo kills a cron worker whose round of jobs
# outlasts limit_time_real (120 s by default)
RUN_SECONDS = 30


class PostventaCourierOutbox(models.Model):
    """One call to make to a courier. Written in the user's transaction, made by a
    cron outside it: a courier outage delays calls and loses none, and a retry
    sends the same idempotency key, so the courier never opens a second shipment.

    A cron-driven outbox rather than OCA queue_job: it needs no extra addon, no
    job runner and no server-wide module, so it works as is on the official
    image and on any number of workers and servers (calls are claimed one at a
    time, see _cron_process)."""

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
        """Make the due calls, oldest first; each one in its own transaction.

        Any number of these jobs may run at once, on any server (the outbox cron and
        its copies, see _postventa_trigger_senders): each call is claimed in a short
        transaction of its own (_postventa_claim), which moves its next try past the
        time the call may take, so no other sender takes it meanwhile, a call that
        just failed waits for its back-off, and a sender killed mid-call leaves the
        call to be taken again once that lease ends (same idempotency key)."""
        testing = getattr(threading.current_thread(), "testing", False)
        # the calls queued by this run's own calls (a label after a booking) wait
        # for the next run, as before
        self.env.cr.execute(SQL("SELECT max(id) FROM %s", SQL.identifier(self._table)))
        last_id = self.env.cr.fetchone()[0] or 0
        if not testing:
            # this transaction's snapshot must begin after each claim: a row claimed
            # (written) by another transaction after it could not be written here
            self.env.cr.commit()  # pylint: disable=invalid-commit
        claimed = []
        deadline = time.monotonic() + RUN_SECONDS
        while len(claimed) < limit and time.monotonic() < deadline:
            call = self._postventa_claim(last_id, claimed, separate=not testing)
            if not call:
                break
            claimed.append(call.id)
            if not testing and not call._postventa_lock_order():
                continue
            try:
                with self.env.cr.savepoint():
                    call._run()
            except psycopg2.errors.TransactionRollbackError as error:
                # another transaction wrote the same order (a tracking event, the
                # poll): the courier's answer is asked for again, soon, with the
                # same idempotency key. A handled conflict, not an error.
                _logger.info("courier call %s: concurrent update, retried", call.id)
                call._postpone(f"{type(error).__name__}: {error}", delay=CONFLICT_DELAY)
            except Exception as error:  # a bug must not stop the other calls
                _logger.exception("courier call %s failed unexpectedly", call.id)
                call._postpone(f"{type(error).__name__}: {error}")
            if not testing:
                # the courier's side already happened: keep its record whatever follows
                self.env.cr.commit()  # pylint: disable=invalid-commit
        if len(claimed) >= limit or time.monotonic() >= deadline:
            # due calls may be left: this job again, in the cron worker's next
            # round (not within this one, which Odoo's time limit covers whole)
            # the crons run as superuser (data/ir_cron_data.xml)
            cron = self.env["ir.cron"].browse(self.env.context.get("cron_id"))
            if cron:
                cron._trigger()
            else:
                self._postventa_trigger_senders()
        return len(claimed)

    @api.model
    def _postventa_claim(self, last_id=None, exclude=(), separate=True, call_ids=None):
        """Claim the oldest due call (id up to ``last_id``, not in ``exclude``) whose
        order has no earlier call pending, in one statement: its row is locked
        with SKIP LOCKED (a call another sender is claiming is skipped, not waited
        for), its due time is checked on the row as committed, and its next try is
        moved LEASE seconds ahead. With ``separate``, in a short READ COMMITTED
        transaction of its own, committed at once (no serialization error, whatever
        the other senders committed meanwhile). Returns the call or an empty
        recordset. ``call_ids`` limits the claim to these calls."""
        now = fields.Datetime.now()
        table = SQL.identifier(self._table)
        query = SQL(
            "UPDATE %(table)s SET next_try_at = %(lease)s WHERE id = ("
            " SELECT call.id FROM %(table)s call"
            " WHERE call.state = 'pending' AND call.next_try_at <= %(now)s"
            " AND call.id <= %(last_id)s AND NOT (call.id = ANY(%(exclude)s))"
            " AND %(among)s"
            " AND NOT EXISTS (SELECT 1 FROM %(table)s earlier"
            "  WHERE earlier.order_id = call.order_id AND earlier.state = 'pending'"
            "  AND earlier.id < call.id)"
            " ORDER BY call.next_try_at, call.id LIMIT 1"
            " FOR NO KEY UPDATE SKIP LOCKED"
            ") AND state = 'pending' AND next_try_at <= %(now)s RETURNING id",
            table=table,
            lease=now + timedelta(seconds=LEASE),
            now=now,
            last_id=last_id if last_id is not None else 2**31 - 1,
            exclude=list(exclude),
            among=SQL("call.id = ANY(%s)", list(call_ids))
            if call_ids is not None
            else SQL("TRUE"),
        )
        if separate:
            with self.env.registry.cursor() as cr:
                cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
                cr.execute(query)
                row = cr.fetchone()
                cr.commit()  # pylint: disable=invalid-commit
        else:
            self.env.flush_all()
            self.env.cr.execute(query)
            row = self.env.cr.fetchone()
        if not row:
            return self.browse()
        call = self.browse(row[0])
        call.invalidate_recordset()
        return call

    def _postventa_lock_order(self):
        """Lock this claimed call's order for this transaction, which has just
        begun: nothing else writes it while the call is made and its answer
        recorded (the apply job skips it, a user's write waits), so recording the
        answer meets no concurrent update. An order another transaction holds
        now: the call is left for a few seconds (no try counted). Returns whether
        the order is locked."""
        self.ensure_one()
        order_id = self.read(["order_id"], load=None)[0]["order_id"]
        try:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM %s WHERE id = %s FOR NO KEY UPDATE SKIP LOCKED",
                    SQL.identifier(self.env["postventa.courier.order"]._table),
                    order_id,
                ),
                log_exceptions=False,
            )
            if self.env.cr.fetchone():
                return True
        except psycopg2.errors.TransactionRollbackError as error:
            # written since this transaction's snapshot: a handled conflict
            _logger.debug("courier call %s: %s", self.id, error)
        self.env.cr.rollback()
        _logger.info("courier call %s: its order is busy, taken again soon", self.id)
        self.write(
            {"next_try_at": fields.Datetime.now() + timedelta(seconds=CONFLICT_DELAY)}
        )
        self.env.cr.commit()  # pylint: disable=invalid-commit
        return False

    @api.model
    def _postventa_trigger_senders(self):
        """Wake every sender: the outbox cron and its active copies (a copy of the
        cron is one more call made at a time, on whichever server runs it)."""
        # woken by logistics too (a new call, a retry): crons are the system's
        crons_sudo = (
            self.env["ir.cron"]
            .sudo()
            .search(
                [
                    ("model_id.model", "=", self._name),
                    ("code", "=like", "model._cron_process(%"),
                ]
            )
        )
        for cron_sudo in crons_sudo:
            cron_sudo._trigger()

    def _run(self):
        """Make the call; True when done, False when it stays pending or failed."""
        self.ensure_one()
        # what the answer writes (events, notes) in the staff's language
        order = self.order_id.with_context(lang=self.order_id._postventa_staff_lang())
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

    def _postpone(self, error, delay=None):
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
        if delay is None:
            delay = min(FIRST_DELAY * 2 ** (tries - 1), MAX_DELAY)
        self.write(
            {
                "tries": tries,
                "last_error": error[:500],
                "next_try_at": fields.Datetime.now() + timedelta(seconds=delay),
            }
        )

    def _give_up(self, error):
        """A person takes over: the call stays visible with its error, and the
        order's logistics gets an activity (in the staff's language)."""
        self.write(
            {"state": "failed", "tries": self.tries + 1, "last_error": error[:500]}
        )
        order = self.order_id.with_context(lang=self.order_id._postventa_staff_lang())
        order.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=order.env._(
                "The courier refused or never answered: %(operation)s",
                operation=dict(
                    self._fields["operation"]._description_selection(order.env)
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
        self._postventa_trigger_senders()
        return True
