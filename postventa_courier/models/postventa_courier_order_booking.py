from odoo import api, fields, models
from odoo.exceptions import UserError

from .postventa_courier_order import STATES


class PostventaCourierOrder(models.Model):
    """Booking a courier order with its carrier, and the calls that follow (a new
    attempt, a cancellation, the label): made by the outbox, outside the user's
    transaction; what the courier answers is applied here."""

    _inherit = "postventa.courier.order"

    @api.model_create_multi
    def create(self, vals_list):
        """Create books the orders: a call in the outbox (none when a tracking
        number is given: booked with the courier by phone, so scheduled)."""
        for vals in vals_list:
            if vals.get("tracking_number"):  # booked with the courier by phone
                vals.setdefault("state", "scheduled")
        orders = super().create(vals_list)
        for order in orders:
            if not order.tracking_number:
                order._postventa_enqueue("create")
        return orders

    # ------------------------------------------------------------------------
    # Calls to the courier (through the outbox)
    # ------------------------------------------------------------------------
    def _postventa_enqueue(self, operation, key=None):
        self.ensure_one()
        call = (
            self.env["postventa.courier.outbox"]
            .sudo()
            .create(
                {
                    "order_id": self.id,
                    "operation": operation,
                    "idempotency_key": key or f"{self.idempotency_key}-{operation}",
                }
            )
        )
        self.env.ref("postventa_courier.ir_cron_courier_outbox").sudo()._trigger()
        return call

    def _postventa_created(self, answer):
        """The courier accepted the order: its tracking number, link and label."""
        self.ensure_one()
        values = {
            "tracking_number": answer["tracking_number"],
            "tracking_url": answer.get("tracking_url") or False,
        }
        if self.state == "requested":
            values["state"] = "scheduled"
        self.write(values)
        self._postventa_log(
            "scheduled",
            self.env._(
                "Accepted by the courier: %(number)s", number=self.tracking_number
            ),
            source="api",
        )
        if answer.get("label"):
            self._postventa_enqueue("label")

    def _postventa_attach_label(self, content):
        self.ensure_one()
        self.label_id = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": f"{self.name.replace('/', '-')}-{self.tracking_number}.pdf",
                    "raw": content,
                    "mimetype": "application/pdf",
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
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
            pending = order.sudo().outbox_ids.filtered(lambda c: c.state == "pending")
            pending.write({"state": "cancelled"})
            create_pending = any(call.operation == "create" for call in pending)
            if order.tracking_number or not create_pending:
                # the courier may already have it (even without our knowing its number)
                order._postventa_enqueue("cancel")
            order.state = "cancelled"
            order._postventa_log(
                "cancelled",
                self.env._("Cancelled by %(user)s", user=self.env.user.name),
            )
        return True

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
        self.write(
            {
                "scheduled_date": new_date,
                "state": "requested",
                "last_event_at": fields.Datetime.now(),
            }
        )
        self._postventa_enqueue(
            "reschedule", key=f"{self.idempotency_key}-reschedule-{self.attempt_count}"
        )
        self.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_call")
        ).action_feedback(
            feedback=note or self.env._("New attempt on %(date)s", date=new_date)
        )
        self._postventa_log(
            "note",
            self.env._(
                "Re-coordinated for %(date)s. %(note)s", date=new_date, note=note or ""
            ),
        )
        return True
