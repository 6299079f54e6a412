import logging
import secrets
import threading
import time
import uuid

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..courier_client import CourierError
from .postventa_courier_event import COURIER_STATUSES

_logger = logging.getLogger(__name__)

# the courier's statuses, before them our request, and the drop-off centre's hands
STATES = [
    ("requested", "Requested"),
    COURIER_STATUSES[0],
    ("at_doc", "At drop-off centre"),
    *COURIER_STATUSES[1:],
]
OPEN_STATES = ("requested", "scheduled", "at_doc", "picked_up", "in_transit", "failed")
FINAL_STATES = ("delivered", "returned", "cancelled")
# How far along each status is: a courier event never takes an order back to a
# lower rank, unless it happened later than the last one we applied. A unit goes
# through the drop-off centre before the courier on a pickup, after it on a delivery.
RANKS = {
    "pickup": (
        "requested",
        "scheduled",
        "at_doc",
        "picked_up",
        "in_transit",
        "failed",
        "delivered",
    ),
    "delivery": (
        "requested",
        "scheduled",
        "picked_up",
        "in_transit",
        "failed",
        "at_doc",
        "delivered",
    ),
}
# Wrong drop-off codes per (database, user, centre): times of the recent ones. Kept
# in memory, as Odoo keeps failed logins: it outlives the rollback of the refused
# request whatever the door (portal page or RPC); each worker counts its own.
_DOC_CODE_FAILURES = {}
_DOC_CODE_FAILURES_LOCK = threading.Lock()
DROP_OFF_ALPHABET = (
    "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone
)


class PostventaCourierOrder(models.Model):
    """A pickup at, or a delivery to, the customer's address (or a drop-off centre)
    by a courier. Calls to the courier go through the outbox; its answers and
    tracking events come back as :class:`postventa.courier.event`."""

    _name = "postventa.courier.order"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Courier order"
    _order = "id desc"

    name = fields.Char(required=True, readonly=True, copy=False, default="/")
    kind = fields.Selection(
        [("pickup", "Pickup"), ("delivery", "Delivery")], required=True, readonly=True
    )
    state = fields.Selection(
        STATES,
        default="requested",
        required=True,
        readonly=True,
        index=True,
        copy=False,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Case", index=True, readonly=True
    )
    rma_id = fields.Many2one("rma", string="RMA", index="btree_not_null", readonly=True)
    picking_id = fields.Many2one(
        "stock.picking", string="Transfer", index="btree_not_null", readonly=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer address",
        required=True,
        help="Where the courier picks the unit up or delivers it (unless a drop-off "
        "centre is used).",
    )
    phone = fields.Char(compute="_compute_phone", help="Given to the courier.")
    handover = fields.Selection(
        [
            ("home", "At the customer's address"),
            ("doc", "At a drop-off centre"),
            ("store", "At the store of purchase"),
        ],
        required=True,
        default="home",
    )
    store_id = fields.Many2one(
        "res.partner",
        string="Store",
        index="btree_not_null",
        readonly=True,
        help="The store the courier picks the unit up from: it confirms the handover.",
    )
    doc_id = fields.Many2one(
        "res.partner",
        string="Drop-off centre",
        domain=[("is_postventa_doc", "=", True)],
    )
    drop_off_code = fields.Char(
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Given to the customer and to the drop-off centre: the centre "
        "only takes a unit whose code was announced to it.",
    )
    doc_received_at = fields.Datetime(
        string="At drop-off centre since", readonly=True, copy=False
    )
    packaging_instructions = fields.Html(
        related="carrier_id.postventa_packaging_instructions"
    )
    zone_id = fields.Many2one("postventa.zone", readonly=True)
    carrier_id = fields.Many2one(
        "delivery.carrier",
        string="Courier",
        required=True,
        domain=[("delivery_type", "=", "postventa_rest")],
    )
    scheduled_date = fields.Date(
        string="Date", required=True, default=fields.Date.context_today, tracking=True
    )
    tracking_number = fields.Char(readonly=True, copy=False, index="btree_not_null")
    tracking_url = fields.Char(string="Tracking link", readonly=True, copy=False)
    label_id = fields.Many2one(
        "ir.attachment", string="Label", readonly=True, copy=False
    )
    attempt_count = fields.Integer(string="Failed attempts", readonly=True, copy=False)
    max_attempts = fields.Integer(related="carrier_id.postventa_max_attempts")
    last_event_at = fields.Datetime(readonly=True, copy=False)
    last_detail = fields.Char(string="Last news", readonly=True, copy=False)
    user_id = fields.Many2one(
        "res.users",
        string="Logistics",
        default=lambda self: self.env.user,
        help="Calls the customer when an attempt fails.",
    )
    event_ids = fields.One2many(
        "postventa.courier.event", "order_id", string="Tracking events"
    )
    outbox_ids = fields.One2many(
        "postventa.courier.outbox", "order_id", string="Calls to the courier"
    )
    outbox_pending = fields.Boolean(compute="_compute_outbox_pending")
    idempotency_key = fields.Char(
        readonly=True, copy=False, required=True, default=lambda self: uuid.uuid4().hex
    )

    _sql_constraints = [
        (
            "idempotency_key_unique",
            "unique(idempotency_key)",
            "An order's idempotency key is its own.",
        ),
        (
            "tracking_unique",
            "unique(carrier_id, tracking_number)",
            "This tracking number already belongs to another order of this courier.",
        ),
    ]

    @api.depends("partner_id.phone", "partner_id.mobile")
    def _compute_phone(self):
        for order in self:
            order.phone = order.partner_id.mobile or order.partner_id.phone

    @api.depends("outbox_ids.state")
    def _compute_outbox_pending(self):
        for order in self:
            order.outbox_pending = any(
                call.state == "pending" for call in order.outbox_ids
            )

    @api.constrains("handover", "doc_id", "partner_id")
    def _check_address(self):
        for order in self:
            if order.handover == "doc":
                if not order.doc_id.is_postventa_doc:
                    raise ValidationError(
                        self.env._(
                            "Choose the drop-off centre for order %(order)s.",
                            order=order.name,
                        )
                    )
            elif not (order.partner_id.street and order.partner_id.city):
                raise ValidationError(
                    self.env._(
                        "The courier needs a street and a city for %(partner)s (order "
                        "%(order)s).",
                        partner=order.partner_id.display_name,
                        order=order.name,
                    )
                )

    @api.constrains("carrier_id")
    def _check_carrier(self):
        for order in self:
            if order.carrier_id.delivery_type != "postventa_rest":
                raise ValidationError(
                    self.env._(
                        "%(carrier)s is not connected to a courier API.",
                        carrier=order.carrier_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        sequence = self.env["ir.sequence"]
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = sequence.next_by_code("postventa.courier.order") or "/"
            if vals.get("handover") == "doc":
                vals["drop_off_code"] = "".join(
                    secrets.choice(DROP_OFF_ALPHABET) for _i in range(8)
                )
            if vals.get("tracking_number"):  # booked with the courier by phone
                vals.setdefault("state", "scheduled")
        orders = super().create(vals_list)
        for order in orders:
            if not order.tracking_number:
                order._postventa_enqueue("create")
            if order.handover == "doc":
                order._postventa_announce_to_doc()
        return orders

    def _postventa_portal_status(self):
        """The status as the customer reads it: a pickup "delivered" has reached
        our service centre, not the customer."""
        self.ensure_one()
        if self.kind == "pickup" and self.state == "delivered":
            return self.env._("Received at our service centre")
        if self.kind == "pickup" and self.state == "picked_up":
            return self.env._("Collected by the courier")
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    # ------------------------------------------------------------------------
    # Opening orders from a case, an RMA or a delivery order
    # ------------------------------------------------------------------------
    @api.model
    def _postventa_prepare(
        self, kind, ticket, partner, picking=None, rma=None, scheduled_date=None
    ):
        """Values of a new order: the customer's choice on the case (home or
        drop-off centre), the zone of the address, and the zone's courier."""
        handover = ticket.courier_handover if ticket else "home"
        if handover == "office":
            raise UserError(
                self.env._(
                    "Case %(case)s: the customer brings the unit to our office, no "
                    "courier is needed.",
                    case=ticket.number,
                )
            )
        doc = (
            ticket.courier_doc_id
            if ticket and handover == "doc"
            else self.env["res.partner"]
        )
        store = (
            ticket.store_id
            if ticket and handover == "store"
            else self.env["res.partner"]
        )
        # the courier of the zone it goes to or from: the centre's, or the address's
        address = doc or store or partner
        zone = self.env["postventa.zone"]._find_for_partner(address) or (
            ticket.zone_id if ticket else False
        )
        if not zone:
            raise UserError(
                self.env._(
                    "No service zone matches the address of %(partner)s: complete its "
                    "country and "
                    "city, or add a zone in Helpdesk > Configuration > After-sales > "
                    "Zones.",
                    partner=address.display_name,
                )
            )
        carrier = (
            zone.pickup_carrier_id if kind == "pickup" else zone.delivery_carrier_id
        )
        if not carrier:
            raise UserError(
                self.env._(
                    "Zone %(zone)s has no courier for %(kind)s: set one on the zone.",
                    zone=zone.name,
                    kind=dict(self._fields["kind"]._description_selection(self.env))[
                        kind
                    ],
                )
            )
        return {
            "kind": kind,
            "ticket_id": ticket.id if ticket else False,
            "rma_id": rma.id if rma else False,
            "picking_id": picking.id if picking else False,
            "partner_id": (store or partner).id,
            "handover": handover,
            "doc_id": doc.id,
            "store_id": store.id,
            "zone_id": zone.id,
            "carrier_id": carrier.id,
            "company_id": (ticket or picking).company_id.id
            if (ticket or picking)
            else self.env.company.id,
            "scheduled_date": scheduled_date or fields.Date.context_today(self),
        }

    @api.model
    def _postventa_for_picking(self, picking, carrier):
        """The open order of a transfer, or a new one with this carrier."""
        existing = picking.courier_order_ids.filtered(lambda o: o.state in OPEN_STATES)
        if existing:
            return existing[:1]
        ticket = picking.postventa_ticket_id
        kind = "pickup" if picking.picking_type_code == "incoming" else "delivery"
        values = self._postventa_prepare(
            kind, ticket, picking.partner_id, picking=picking
        )
        values["carrier_id"] = carrier.id
        return self.sudo().create(values)

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

    def _postventa_payload(self):
        self.ensure_one()
        address = self.doc_id if self.handover == "doc" else self.partner_id
        return {
            "kind": self.kind,
            "reference": self.name,
            "date": fields.Date.to_string(self.scheduled_date),
            "address": {
                "name": address.display_name,
                "street": address.street,
                "street2": address.street2 or "",
                "city": address.city,
                "state": address.state_id.name or "",
                "country": address.country_id.code or "",
                "zip": address.zip or "",
                "phone": self.phone or "",
                "contact": self.partner_id.name,
            },
            "drop_off_code": self.drop_off_code or None,
            "notes": self.ticket_id.number or "",
        }

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
        if self.picking_id:
            self.picking_id.sudo().carrier_tracking_ref = self.tracking_number
        self._postventa_log(
            "scheduled",
            self.env._(
                "Accepted by the courier: %(number)s", number=self.tracking_number
            ),
            source="api",
        )
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
    # Tracking events
    # ------------------------------------------------------------------------
    def _postventa_log(self, status, detail, source="user", applied=False):
        self.ensure_one()
        now = fields.Datetime.now()
        return (
            self.env["postventa.courier.event"]
            .sudo()
            .create(
                {
                    "order_id": self.id,
                    "carrier_id": self.carrier_id.id,
                    "external_id": f"local-{uuid.uuid4().hex}",
                    "status": status,
                    "occurred_at": now,
                    "detail": detail,
                    "source": source,
                    "applied": applied,
                }
            )
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
        first: each moves its order only if it is news (see _postventa_is_news)."""
        Event = self.env["postventa.courier.event"].sudo()
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
        self.write(values)
        if target == "failed":
            self._postventa_attempt_failed(detail)
        elif target == "returned":
            self._postventa_notify_returned(detail)
        elif target == "delivered":
            self._postventa_delivered()

    def _postventa_attempt_failed(self, detail):
        if self.state == "returned":
            return self._postventa_notify_returned(detail)
        self.activity_schedule(
            "mail.mail_activity_data_call",
            summary=self.env._(
                "Re-coordinate with the customer (attempt %(n)s of %(max)s)",
                n=self.attempt_count,
                max=self.max_attempts,
            ),
            note=detail,
            user_id=self.user_id.id or self.env.ref("base.user_admin").id,
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
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._(
                "Unit returned to sender after %(n)s attempts", n=self.attempt_count
            ),
            note=detail,
            user_id=self.user_id.id or self.env.ref("base.user_admin").id,
        )
        self._postventa_tell_case(
            self.env._(
                "Courier %(order)s: returned to sender after %(n)s failed attempts.",
                order=self.name,
                n=self.attempt_count,
            )
        )

    def _postventa_delivered(self):
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
        ticket = self.ticket_id.sudo()
        if (
            ticket
            and not ticket.closed
            and ticket.team_id.courier_close_on_delivery
            and not ticket.courier_order_ids.filtered(lambda o: o.state in OPEN_STATES)
        ):
            ticket._postventa_set_stage("done")

    def _postventa_tell_case(self, body):
        """A note on the case, where people look (the order's events already say it)."""
        if self.ticket_id:
            self.ticket_id.sudo()._postventa_note(
                body,
            )

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
        order = self.sudo().search(
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
        now = fields.Datetime.now()
        if step == "receipt":
            if order.doc_received_at:
                raise UserError(
                    self.env._(
                        "Order %(order)s is already at the drop-off centre.",
                        order=order.name,
                    )
                )
            order.write({"doc_received_at": now, "state": "at_doc"})
            detail = self.env._("Received at %(doc)s", doc=doc.name)
        else:
            if not order.doc_received_at:
                raise UserError(
                    self.env._(
                        "Order %(order)s has not reached the drop-off centre yet.",
                        order=order.name,
                    )
                )
            order.state = "picked_up" if order.kind == "pickup" else "delivered"
            detail = self.env._("Handed over by %(doc)s", doc=doc.name)
        order.last_event_at = now
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
    def _postventa_store_handover(self, store, order_id):
        """A store handed a unit left there by a walk-in customer to the courier.
        ``order_id`` as the form sent it: anything but an order id is refused as an
        order not waiting there."""
        order_id = str(order_id or "").strip()
        order_id = int(order_id) if order_id.isascii() and order_id.isdigit() else 0
        order = self.sudo().search(
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
        now = fields.Datetime.now()
        detail = self.env._("Handed to the courier by %(store)s", store=store.name)
        order.write({"state": "picked_up", "last_event_at": now})
        order._postventa_log("picked_up", detail, source="store", applied=True)
        order._postventa_tell_case(
            self.env._("Courier %(order)s: %(detail)s", order=order.name, detail=detail)
        )
        return order

    # ------------------------------------------------------------------------
    # Staff actions
    # ------------------------------------------------------------------------
    @api.model
    def _postventa_check_staff(self):
        """Portal users (customers, stores, drop-off centres) make no call to the
        courier, whatever orders they see."""
        if not self.env.su and self.env.user.share:
            raise AccessError(
                self.env._(
                    "Only our staff ask the courier about an order or change it."
                )
            )

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

    def action_refresh_tracking(self):
        """Ask the courier now (with the carrier's timeouts) instead of waiting:
        our staff who see the orders."""
        self._postventa_check_staff()
        self.check_access("read")
        for carrier, orders in (
            self.filtered("tracking_number").grouped("carrier_id").items()
        ):
            try:
                shipments = carrier._postventa_client().track(
                    orders.mapped("tracking_number")
                )
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
            orders.sudo()._postventa_ingest_shipments(shipments, "poll")
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
        carriers = self.env["delivery.carrier"].search(
            [
                ("delivery_type", "=", "postventa_rest"),
                ("postventa_tracking_mode", "=", "poll"),
            ]
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
            client = carrier._postventa_client()
            for start in range(0, len(orders), batch_size):
                batch = orders[start : start + batch_size]
                try:
                    shipments = client.track(batch.mapped("tracking_number"))
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

    def _postventa_open(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
        }

    def action_print_label(self):
        self.ensure_one()
        if not self.label_id:
            raise UserError(
                self.env._(
                    "The courier has not sent the label of %(order)s yet.",
                    order=self.name,
                )
            )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.label_id.id}?download=true",
            "target": "new",
        }
