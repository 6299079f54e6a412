import logging
import threading
import uuid
from urllib.parse import urlsplit

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.postventa_helpdesk.models.postventa_link import check_link_access

from .postventa_courier_event import COURIER_STATUSES

# one logger for the order, whichever of its files logs
_logger = logging.getLogger(__name__)

# the courier's statuses, before them our request, and the drop-off centre's hands
STATES = [
    ("requested", "Requested"),
    COURIER_STATUSES[0],
    ("at_doc", "At drop-off centre"),
    *COURIER_STATUSES[1:],
]
# what an order points at and acts on: who links it must be able to change it
LINKS = ("ticket_id", "rma_id", "picking_id")
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


def format_address(partner):
    """``partner``'s address in its country's format, without the empty parts
    ("Av. Larco 345, , Lima  , " reads "Av. Larco 345, Lima")."""
    lines = []
    for line in partner._display_address(without_company=True).splitlines():
        parts = [" ".join(part.split()) for part in line.split(",")]
        line = ", ".join(part for part in parts if part)
        if line:
            lines.append(line)
    return "\n".join(lines) or False


class PostventaCourierOrder(models.Model):
    """A pickup at, or a delivery to, the customer's address (or a drop-off centre)
    by a courier. Calls to the courier go through the outbox; its answers and
    tracking events come back as :class:`postventa.courier.event`.

    This file holds the record and its states; the other concerns extend it:
    booking and calls to the courier (``postventa_courier_order_booking``), the
    tracking state machine and polling (``postventa_courier_order_tracking``),
    drop-off centres, stores and the case (``postventa_courier_order_handover``),
    and the transfer (``postventa_courier_order_picking``). What is particular to
    a provider lives on ``delivery.carrier``."""

    _name = "postventa.courier.order"
    _inherit = ["mail.thread", "mail.activity.mixin", "postventa.action.owned.mixin"]
    _description = "Courier order"
    _order = "id desc"
    # its case, RMA, transfer, zone, courier, store and centre are of its company
    _check_company_auto = True

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
        "helpdesk.ticket", string="Case", index=True, readonly=True, check_company=True
    )
    rma_id = fields.Many2one(
        "rma", string="RMA", index="btree_not_null", readonly=True, check_company=True
    )
    picking_id = fields.Many2one(
        "stock.picking",
        string="Transfer",
        index="btree_not_null",
        readonly=True,
        check_company=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer address",
        required=True,
        help="Where the courier picks the unit up or delivers it (unless a drop-off "
        "centre is used).",
    )
    partner_address = fields.Text(
        string="Address",
        compute="_compute_partner_address",
        help="The customer's address as the courier reads it.",
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
        check_company=True,
        help="The store the courier picks the unit up from: it confirms the handover.",
    )
    doc_id = fields.Many2one(
        "res.partner",
        string="Drop-off centre",
        domain=[("is_postventa_doc", "=", True)],
        check_company=True,
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
    zone_id = fields.Many2one("postventa.zone", readonly=True, check_company=True)
    carrier_id = fields.Many2one(
        "delivery.carrier",
        string="Courier",
        required=True,
        check_company=True,
        help="Any shipping method: the courier API's, or one of another provider "
        "(a fixed-price courier booked by phone is moved by hand).",
    )
    tracking_mode = fields.Selection(
        [
            ("push", "The courier pushes events"),
            ("poll", "We ask the courier"),
            ("manual", "Set by logistics"),
        ],
        compute="_compute_tracking_mode",
        help="How the order's status comes back, as its carrier's provider allows.",
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

    @api.depends(
        "partner_id.street",
        "partner_id.street2",
        "partner_id.zip",
        "partner_id.city",
        "partner_id.state_id",
        "partner_id.country_id",
    )
    def _compute_partner_address(self):
        for order in self:
            order.partner_address = (
                format_address(order.partner_id) if order.partner_id else False
            )

    @api.depends("partner_id.phone", "partner_id.mobile")
    def _compute_phone(self):
        for order in self:
            order.phone = order.partner_id.mobile or order.partner_id.phone

    @api.depends("carrier_id")
    def _compute_tracking_mode(self):
        for order in self:
            order.tracking_mode = (
                order.carrier_id._postventa_tracking_mode()
                if order.carrier_id
                else False
            )

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

    @api.model_create_multi
    def create(self, vals_list):
        """Create names the orders from their sequence; it books nothing (see
        action_book). An order for a case or an RMA is made by someone who may
        change that case or RMA (delivering it closes the case): the actions check
        it (see _postventa_request)."""
        check_link_access(self, vals_list, LINKS)
        sequence = self.env["ir.sequence"]
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = sequence.next_by_code("postventa.courier.order") or "/"
        return super().create(vals_list)

    def write(self, vals):
        """Pointing an order at another case, RMA or transfer needs the right to
        change it (and it must be of the order's company). No side effect here."""
        check_link_access(self, [vals], LINKS)
        return super().write(vals)

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
        drop-off centre), the zone of the address, and the zone's courier. Each
        is a ``_get_postventa_*`` hook a neighbour addon may extend."""
        handover = self._get_postventa_handover(ticket)
        doc, store = self._get_postventa_handover_partners(ticket, handover)
        # the courier of the zone it goes to or from: the centre's, or the address's
        zone = self._get_postventa_zone(ticket, doc or store or partner)
        carrier = self._get_postventa_carrier(zone, kind)
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
    def _get_postventa_handover(self, ticket):
        """Where the unit changes hands, as the case says (home without a case);
        a unit the customer brings to our office needs no courier."""
        handover = ticket.courier_handover if ticket else "home"
        if handover == "office":
            raise UserError(
                self.env._(
                    "Case %(case)s: the customer brings the unit to our office, no "
                    "courier is needed.",
                    case=ticket.number,
                )
            )
        return handover

    @api.model
    def _get_postventa_handover_partners(self, ticket, handover):
        """(drop-off centre, store) of the order: the case's, for that handover."""
        Partner = self.env["res.partner"]
        doc = ticket.courier_doc_id if ticket and handover == "doc" else Partner
        store = ticket.store_id if ticket and handover == "store" else Partner
        return doc, store

    @api.model
    def _get_postventa_zone(self, ticket, address):
        """The service zone of ``address``, else the case's."""
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
        return zone

    @api.model
    def _get_postventa_carrier(self, zone, kind):
        """The zone's courier for pickups or deliveries."""
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
        return carrier

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
        return self._postventa_request(values)

    @api.model
    def _postventa_request(self, values):
        """Create the order ``values`` describe, for a case, an RMA or a transfer,
        and book it (action_book): the caller checked that its user may change
        that record. Staff whose groups
        create courier orders (logistics) create it as themselves; other staff (an
        agent asking a pickup for her case) through this flow's one superuser
        door. Portal users ask nothing of the courier."""
        self._postventa_check_staff()
        if self.has_access("create"):
            order = self.create(values)
            order.action_book()
            return order
        order_sudo = self.sudo().create(values)
        order_sudo.action_book()
        return order_sudo

    # ------------------------------------------------------------------------
    # What only the order's actions set
    # ------------------------------------------------------------------------
    def _postventa_action_owned_fields(self):
        """The order's state and its tracking events' traces move only through the
        tracking state machine: the courier's events (pushed or polled), a drop-off
        centre's or a store's handover, and logistics' actions (the status buttons
        on carriers tracked by hand, Cancel, Re-coordinate)."""
        actions = self.env._(
            "the courier's tracking events, or the order's buttons (Picked up, "
            "In transit, Attempt failed, Delivered, Returned to sender, Cancel, "
            "Re-coordinate)"
        )
        return super()._postventa_action_owned_fields() | dict.fromkeys(
            ("state", "attempt_count", "last_event_at", "doc_received_at"), actions
        )

    def _postventa_action_owned_touched(self, vals):
        """And the tracking number where the courier sends it."""
        touched = super()._postventa_action_owned_touched(vals)
        if "tracking_number" in vals and any(
            order.tracking_mode != "manual" for order in self
        ):
            touched["tracking_number"] = self.env._(
                "the courier's answer to the booking (its courier sends it)"
            )
        return touched

    # ------------------------------------------------------------------------
    # Staff actions
    # ------------------------------------------------------------------------
    @api.model
    @api.model
    def _postventa_web_url(self, url):
        """``url`` when it is a web address (http or https), else False: the
        tracking link is rendered as a link on the customer's portal page, where
        a ``javascript:`` or ``data:`` address would run in her session."""
        try:
            scheme = urlsplit(url or "").scheme.lower()
        except ValueError:
            return False
        return url if scheme in ("http", "https") else False

    @api.constrains("tracking_url")
    def _check_tracking_url(self):
        for order in self:
            if order.tracking_url and not self._postventa_web_url(order.tracking_url):
                raise ValidationError(
                    self.env._(
                        "The tracking link of %(order)s must be a web address "
                        "(http:// or https://).",
                        order=order.name,
                    )
                )

    def _postventa_check_staff(self):
        """Portal users (customers, stores, drop-off centres) make no call to the
        courier, whatever orders they see."""
        if not self.env.su and self.env.user.share:
            raise AccessError(
                self.env._(
                    "Only our staff ask the courier about an order or change it."
                )
            )

    def _postventa_staff_sudo(self, operation="write"):
        """This order as superuser, for our staff who may ``operation`` it (checked
        here: staff, then the access rights and record rules of ``operation``).
        What follows writes what no group writes by hand: the tracking events and
        the state machine they move, the courier's account (its API key)."""
        self.ensure_one()
        self._postventa_check_staff()
        self.check_access(operation)
        return self.sudo()

    def _postventa_handover_sudo(self):
        """This order as superuser, for the drop-off centre or store (or logistics)
        confirming its handover: the caller found it as its user, through the
        record rules (the orders announced to the user's centre, the pickups at
        the user's store), and it is checked again here. Portal users write no
        order: the handover moves it through its action."""
        self.ensure_one()
        self.check_access("read")
        return self.sudo()

    def _postventa_staff_lang(self):
        """The language of what the order writes for our staff (notes on the case
        and the RMA, its events, activities): its company's. The crons and the
        courier's webhooks run as OdooBot, whose language is nobody's."""
        self.ensure_one()
        return self.company_id.partner_id.lang or self.env.lang

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
