from datetime import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError

from .postventa_courier_order import STATES


# one concern per file, as the model's docstring lists them
class PostventaCourierOrder(models.Model):
    """Booking a courier order with its carrier, and the calls that follow (a new
    attempt, a cancellation, the label). A carrier whose provider calls out (the
    courier API, an OCA carrier module) is called by the outbox, outside the
    user's transaction; one that calls nobody (Odoo's fixed-price and rule-based
    carriers, booked by phone) is booked at once. See delivery_carrier.py."""

    _inherit = "postventa.courier.order"  # pylint: disable=R8180

    booked = fields.Boolean(
        compute="_compute_booked",
        help="Whether the order was booked with its courier (Book): asked of the "
        "courier, or booked by phone.",
    )

    @api.depends("state", "tracking_number", "outbox_ids.operation")
    def _compute_booked(self):
        for order in self:
            order.booked = bool(
                order.state != "requested"
                or order.tracking_number
                or order.outbox_ids.filtered(
                    lambda c: c.operation == "create" and c.state != "cancelled"
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        """Create books nothing (see action_book): an order given its tracking
        number (booked with the courier by phone) is created scheduled. No side
        effect here."""
        self._postventa_check_action_owned(vals_list, defaults=True)
        for vals in vals_list:
            if vals.get("tracking_number"):  # booked with the courier by phone
                vals["state"] = "scheduled"
        with self._postventa_action_scope(["state"]):
            return super().create(vals_list)

    def action_book(self):
        """Book these orders with their courier: a call in the outbox (made by its
        cron, outside this transaction, with the order's idempotency key) for
        carriers that call out, or at once for those that call nobody (Odoo's
        fixed and rule-based carriers: stock_delivery's ``send_shipping`` on the
        transfer). Our staff who may change the orders; each is booked once."""
        self._postventa_check_staff()
        self.check_access("write")
        for order in self:
            if order.booked:
                raise UserError(
                    self.env._(
                        "Order %(order)s is booked already: follow it with its "
                        "tracking, or retry its call to the courier.",
                        order=order.name,
                    )
                )
        for order in self:
            if order.carrier_id._postventa_calls_out():
                order._postventa_enqueue("create")
            else:
                order._postventa_created(
                    order.carrier_id._postventa_book(
                        order, f"{order.idempotency_key}-create"
                    ),
                    source="user",
                )
        return True

    def write(self, vals):
        """Side effect: a tracking number written on a carrier tracked by hand sets
        the order's tracking link (where the courier sends it, see
        _postventa_action_owned_touched)."""
        result = super().write(vals)
        if "tracking_number" in vals and "tracking_url" not in vals:
            for order in self.filtered(lambda o: o.tracking_mode == "manual"):
                order.tracking_url = order.carrier_id._postventa_tracking_link(order)
        return result

    # ------------------------------------------------------------------------
    # Calls to the courier (through the outbox)
    # ------------------------------------------------------------------------
    def _postventa_enqueue(self, operation, key=None):
        self.ensure_one()
        # logistics queues its calls itself; others reach here as superuser, after
        # their own checks (a case's pickup, a store's exchange, the outbox cron)
        call = self.env["postventa.courier.outbox"].create(
            {
                "order_id": self.id,
                "operation": operation,
                "idempotency_key": key or f"{self.idempotency_key}-{operation}",
            }
        )
        self.env["postventa.courier.outbox"]._postventa_trigger_senders()
        return call

    def _postventa_created(self, answer, source="api"):
        """The courier accepted the order: its tracking number, link and label
        (the number may come later, typed by logistics, on carriers booked by
        phone)."""
        self.ensure_one()
        values = {"tracking_number": answer["tracking_number"] or False}
        # a courier's link that is no web address is not shown to customers
        url = self._postventa_web_url(answer.get("tracking_url"))
        if url:
            values["tracking_url"] = url
        if self.state == "requested":
            values["state"] = "scheduled"
        self._postventa_action_write(values)
        if self.tracking_number:
            detail = self.env._(
                "Accepted by the courier: %(number)s", number=self.tracking_number
            )
        else:
            detail = self.env._(
                "Booked with %(carrier)s; its tracking number is typed here when "
                "the courier gives it.",
                carrier=self.carrier_id.name,
            )
        self._postventa_log("scheduled", detail, source=source)
        if answer.get("label"):
            self._postventa_enqueue("label")
        # events the courier pushed before this answer was recorded (left to the
        # apply job if another transaction is moving them right now). Pushed events
        # come only for carriers that call out: their answer is recorded by the
        # outbox cron, as superuser.
        if self.tracking_number and self.env[
            "postventa.courier.early.event"
        ]._postventa_adopt(self.ids):
            self._postventa_apply_pending()

    def _postventa_attach_label(self, content):
        self.ensure_one()
        # made by the outbox cron (as superuser)
        self.label_id = self.env["ir.attachment"].create(
            {
                "name": f"{self.name.replace('/', '-')}-{self.tracking_number}.pdf",
                "raw": content,
                "mimetype": "application/pdf",
                "res_model": self._name,
                "res_id": self.id,
            }
        )

    # ------------------------------------------------------------------------
    # Staff actions
    # ------------------------------------------------------------------------
    def action_cancel(self):
        self._postventa_check_staff()
        self.check_access("write")
        for order in self:
            if order.state in ("delivered", "returned"):
                raise UserError(
                    self.env._(
                        "Order %(order)s is %(state)s: it can no longer be cancelled.",
                        order=order.name,
                        state=dict(STATES)[order.state],
                    )
                )
            if order.state == "cancelled":
                continue
            pending = order.outbox_ids.filtered(lambda c: c.state == "pending")
            pending.write({"state": "cancelled"})
            create_pending = any(call.operation == "create" for call in pending)
            if not order.carrier_id._postventa_calls_out():
                order.carrier_id._postventa_cancel(
                    order, f"{order.idempotency_key}-cancel"
                )
            elif order.tracking_number or not create_pending:
                # the courier may already have it (even without our knowing its number)
                order._postventa_enqueue("cancel")
            order._postventa_action_write({"state": "cancelled"})
            order._postventa_log(
                "cancelled",
                self.env._("Cancelled by %(user)s", user=self.env.user.name),
            )
        return True

    def _postventa_when(self, value):
        """A date (or date and time) of this order as its reader sees it: in the
        reader's language, a time in the customer's time zone (else the company's)."""
        self.ensure_one()
        tz = self.partner_id.tz or self.company_id.partner_id.tz or "UTC"
        if not isinstance(value, datetime):
            return self.partner_id._postventa_format_date(value)
        return self.partner_id._postventa_format_datetime(value, tz=tz)

    def action_recoordinate(self, new_date, note=None):
        """A new attempt, agreed with the customer on the phone."""
        self.ensure_one()
        self._postventa_check_staff()
        self.check_access("write")
        if self.state != "failed":
            raise UserError(
                self.env._("Only an order whose attempt failed can be re-coordinated.")
            )
        if not new_date or new_date < fields.Date.context_today(self):
            raise UserError(
                self.env._("Choose a date from today on for the new attempt.")
            )
        # a new attempt is asked of the courier's system, or agreed by phone
        asks = self.carrier_id._postventa_can_reschedule()
        self._postventa_action_write(
            {
                "scheduled_date": new_date,
                "state": "requested" if asks else "scheduled",
                "last_event_at": fields.Datetime.now(),
            }
        )
        if asks:
            self._postventa_enqueue(
                "reschedule",
                key=f"{self.idempotency_key}-reschedule-{self.attempt_count}",
            )
        self.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_call")
        ).action_feedback(
            feedback=note
            or self.env._(
                "New attempt on %(date)s", date=self._postventa_when(new_date)
            )
        )
        self._postventa_log(
            "note",
            self.env._(
                "Re-coordinated for %(date)s. %(note)s",
                date=self._postventa_when(new_date),
                note=note or "",
            ),
        )
        return True
