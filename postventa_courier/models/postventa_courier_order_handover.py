import secrets
import time

from odoo import api, fields, models
from odoo.exceptions import UserError

from .postventa_courier_order import (
    _DOC_CODE_FAILURES,
    _DOC_CODE_FAILURES_LOCK,
    DROP_OFF_ALPHABET,
    OPEN_STATES,
)


# one concern per file, as the model's docstring lists them
class PostventaCourierOrder(models.Model):
    """Handovers that are not the courier's: drop-off centres (codes, receipt,
    handover), stores of purchase, and the case the order tells and closes."""

    _inherit = "postventa.courier.order"  # pylint: disable=R8180

    @api.model_create_multi
    def create(self, vals_list):
        """Create gives drop-off orders their code. Side effects: the code is
        mailed, with the packaging instructions, to the customer and the centre,
        and the RMA notes the request (the courier is asked by action_book)."""
        for vals in vals_list:
            if vals.get("handover") == "doc":
                vals["drop_off_code"] = "".join(
                    secrets.choice(DROP_OFF_ALPHABET) for _i in range(8)
                )
        orders = super().create(vals_list)
        for order in orders.filtered(lambda o: o.handover == "doc"):
            order._postventa_announce_to_doc()
        for order in orders:
            message = (
                self.env._(
                    "Courier %(order)s: pickup requested from %(carrier)s.",
                    order=order.name,
                    carrier=order.carrier_id.name,
                )
                if order.kind == "pickup"
                else self.env._(
                    "Courier %(order)s: delivery requested from %(carrier)s.",
                    order=order.name,
                    carrier=order.carrier_id.name,
                )
            )
            order._postventa_tell_rma(message)
        return orders

    # ------------------------------------------------------------------------
    # The case
    # ------------------------------------------------------------------------
    def _postventa_delivered(self):
        """The case is told, and closed if its team says so. Reached as superuser
        only: the tracking state machine and the handovers move orders through
        _postventa_staff_sudo and _postventa_handover_sudo."""
        if self.kind == "pickup":
            self._postventa_tell_case(
                self.env._(
                    "Courier %(order)s: the unit arrived at the lab.", order=self.name
                )
            )
            return
        self._postventa_tell_case(
            self.env._(
                "Courier %(order)s: the unit was delivered to the customer.",
                order=self.name,
            )
        )
        ticket = self.ticket_id
        if (
            ticket
            and not ticket.closed
            and ticket.team_id.courier_close_on_delivery
            and not ticket.courier_order_ids.filtered(lambda o: o.state in OPEN_STATES)
        ):
            ticket._postventa_set_stage("done")

    def _postventa_tell_case(self, body):
        """A note on the case and on the RMA, where people look (the order's events
        already say it). As the tracking state machine runs: as superuser."""
        if self.ticket_id:
            self.ticket_id._postventa_note(body)
        self._postventa_tell_rma(body)

    def _postventa_tell_rma(self, body):
        """A step of the unit on the road in its RMA's history (by whoever may
        change the RMA: logistics, or the order's actions as superuser)."""
        if self.rma_id:
            self.rma_id._postventa_note(body)

    # ------------------------------------------------------------------------
    # Drop-off centres
    # ------------------------------------------------------------------------
    def _postventa_announce_to_doc(self):
        """The customer and the centre get the code and how to pack the unit."""
        template = self.env.ref(
            "postventa_courier.mail_template_courier_doc_announcement"
        )
        self.message_post_with_source(
            template,
            subtype_xmlid="mail.mt_comment",
            partner_ids=(self.partner_id | self.doc_id).ids,
            **self._postventa_company_author(),
        )

    def _postventa_doc_code_limits(self):
        """(wrong codes allowed, in how many minutes) per user and centre."""
        param = self.env["ir.config_parameter"].sudo().get_param
        try:
            failures = int(param("postventa_courier.doc_code_max_failures", 5))
            minutes = int(param("postventa_courier.doc_code_failure_minutes", 15))
        except ValueError:
            failures, minutes = 5, 15
        return max(failures, 1), max(minutes, 1)

    def _postventa_doc_code_failures(self, doc, record=False):
        """The wrong codes this user gave for ``doc`` lately (one more if
        ``record``)."""
        _failures, minutes = self._postventa_doc_code_limits()
        key = (self.env.cr.dbname, self.env.uid, doc.id)
        now = time.time()
        with _DOC_CODE_FAILURES_LOCK:
            recent = [
                at for at in _DOC_CODE_FAILURES.get(key, ()) if now - at < minutes * 60
            ]
            if record:
                recent.append(now)
            if recent:
                _DOC_CODE_FAILURES[key] = recent
            else:
                _DOC_CODE_FAILURES.pop(key, None)
        return len(recent)

    def _postventa_doc_confirm(self, doc, code, step):
        """A drop-off centre confirms it received the unit, or handed it over,
        for an order announced to it (found by its code). Repeated wrong codes of
        a user for a centre are refused for a while (guessing codes)."""
        code = (code or "").strip().upper()
        order = self._get_postventa_doc_order(doc, code)
        order = order._postventa_handover_sudo()
        values, detail = order._prepare_postventa_doc_step_vals(doc, step)
        order._postventa_action_write(values)
        order._postventa_log(
            "at_doc" if step == "receipt" else order.state,
            detail,
            source="doc",
            applied=True,
        )
        order._postventa_tell_case(
            self.env._("Courier %(order)s: %(detail)s", order=order.name, detail=detail)
        )
        if order.state == "delivered":
            order._postventa_delivered()
        return order

    @api.model
    def _get_postventa_doc_order(self, doc, code):
        """The open order announced to ``doc`` with drop-off ``code``, found as the
        user (the orders announced to the user's centre; logistics: all of them).
        A wrong code counts against the user for that centre, and too many are
        refused for a while."""
        throttled = not self.env.user._is_superuser()
        max_failures, minutes = self._postventa_doc_code_limits()
        if throttled and self._postventa_doc_code_failures(doc) >= max_failures:
            raise UserError(
                self.env._(
                    "Too many wrong drop-off codes for %(doc)s: try again in "
                    "%(minutes)s minutes, or call logistics.",
                    doc=doc.name,
                    minutes=minutes,
                )
            )
        order = self.search(
            [
                ("doc_id", "=", doc.id),
                ("drop_off_code", "=", code),
                ("state", "in", OPEN_STATES),
            ],
            limit=1,
        )
        if not code or not order:
            if throttled:
                self._postventa_doc_code_failures(doc, record=True)
            raise UserError(
                self.env._(
                    "No order with drop-off code %(code)s is announced to %(doc)s: a "
                    "drop-off "
                    "centre only takes units announced to it.",
                    code=code or "-",
                    doc=doc.name,
                )
            )
        return order

    def _prepare_postventa_doc_step_vals(self, doc, step):
        """(values, detail) of this order's receipt at ``doc``, or its handover
        there (to the courier on a pickup, to the customer on a delivery)."""
        self.ensure_one()
        now = fields.Datetime.now()
        if step == "receipt":
            if self.doc_received_at:
                raise UserError(
                    self.env._(
                        "Order %(order)s is already at the drop-off centre.",
                        order=self.name,
                    )
                )
            values = {"doc_received_at": now, "state": "at_doc"}
            detail = self.env._("Received at %(doc)s", doc=doc.name)
        else:
            if not self.doc_received_at:
                raise UserError(
                    self.env._(
                        "Order %(order)s has not reached the drop-off centre yet.",
                        order=self.name,
                    )
                )
            values = {"state": "picked_up" if self.kind == "pickup" else "delivered"}
            detail = self.env._("Handed over by %(doc)s", doc=doc.name)
        values["last_event_at"] = now
        return values, detail

    @api.model
    def _postventa_store_handover(self, store, order_id):
        """A store handed a unit left there by a walk-in customer to the courier.
        ``order_id`` as the form sent it: anything but an order id is refused as an
        order not waiting there."""
        order_id = str(order_id or "").strip()
        order_id = int(order_id) if order_id.isascii() and order_id.isdigit() else 0
        # found as its user: the pickups at the user's store
        order = self.search(
            [
                # ids are PostgreSQL integers: a larger number is no order
                ("id", "=", order_id if 0 < order_id < 2**31 else 0),
                ("store_id", "=", store.id),
                ("kind", "=", "pickup"),
                ("state", "=", "scheduled"),
            ]
        )
        if not order:
            raise UserError(
                self.env._(
                    "This courier pickup is not waiting at %(store)s: only a scheduled "
                    "pickup of a unit "
                    "left at your store can be handed over.",
                    store=store.name,
                )
            )
        order = order._postventa_handover_sudo()
        now = fields.Datetime.now()
        detail = self.env._("Handed to the courier by %(store)s", store=store.name)
        order._postventa_action_write({"state": "picked_up", "last_event_at": now})
        order._postventa_log("picked_up", detail, source="store", applied=True)
        order._postventa_tell_case(
            self.env._("Courier %(order)s: %(detail)s", order=order.name, detail=detail)
        )
        return order
