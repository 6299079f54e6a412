from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .postventa_courier_order import OPEN_STATES


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    courier_handover = fields.Selection(
        [
            ("home", "Courier at the customer's address"),
            ("office", "Customer comes to our office"),
            ("doc", "Drop-off centre"),
            ("store", "Left at the store of purchase"),
        ],
        string="Unit travels",
        compute="_compute_courier_handover",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="The customer's choice for pickup and delivery of the unit; proposed "
        "from the customer's zone (and the case's warranty).",
    )
    courier_doc_id = fields.Many2one(
        "res.partner",
        string="Drop-off centre",
        domain=[("is_postventa_doc", "=", True)],
        tracking=True,
        check_company=True,
    )
    courier_order_ids = fields.One2many(
        "postventa.courier.order", "ticket_id", string="Courier orders"
    )
    courier_order_count = fields.Integer(compute="_compute_courier_order_count")
    courier_open = fields.Boolean(
        compute="_compute_courier_order_count", string="Unit on the road"
    )

    @api.depends("zone_id.repair_handover", "warranty_state")
    def _compute_courier_handover(self):
        """The procedure decides: a DOA unit is always picked up; another unit
        travels as its zone says (Kodak Perú: the customer brings it in Lima, the
        centre has it picked up in the provinces). A drop-off centre or the store
        chosen for the case stays, and so does the way of a closed case or of one
        whose unit the courier already carries."""
        for ticket in self:
            if ticket.courier_handover in ("doc", "store") or (
                ticket.id and (ticket.closed or ticket.courier_order_ids)
            ):
                continue
            if ticket.warranty_state == "doa":
                ticket.courier_handover = "home"
            else:
                ticket.courier_handover = ticket.zone_id.repair_handover or "home"

    @api.depends("courier_order_ids.state")
    def _compute_courier_order_count(self):
        for ticket in self:
            ticket.courier_order_count = len(ticket.courier_order_ids)
            ticket.courier_open = any(
                o.state in OPEN_STATES for o in ticket.courier_order_ids
            )

    @api.constrains("courier_handover", "courier_doc_id", "unit_id")
    def _check_courier_doc(self):
        for ticket in self:
            if ticket.courier_handover == "doc" and not ticket.courier_doc_id:
                raise ValidationError(
                    self.env._(
                        "Case %(case)s: choose the drop-off centre the customer will "
                        "use.",
                        case=ticket.number or ticket.name,
                    )
                )
            if ticket.courier_handover == "store" and not ticket.store_id:
                raise ValidationError(
                    self.env._(
                        "Case %(case)s: the unit was left at the store of purchase, "
                        "but the case "
                        "names no store.",
                        case=ticket.number or ticket.name,
                    )
                )

    @api.model
    def _postventa_portal_case_values(self, form, store):
        """A store's walk-in customer may leave the unit there for the courier."""
        values = super()._postventa_portal_case_values(form, store)
        if store and form.get("left_at_store"):
            values["courier_handover"] = "store"
        return values

    @api.model
    def _postventa_left_at_store(self, store):
        """The open cases whose unit the customer left at ``store`` for the
        courier and for which no pickup is under way yet (the store's list shows
        them until logistics books the courier). ``store``: the user's store,
        checked by the caller."""
        # the store's own cases, through its record rule
        tickets = self.search(
            [
                ("courier_handover", "=", "store"),
                ("unit_store_id", "=", store.id),
                ("stage_id.closed", "=", False),
            ],
            order="id",
        )
        return tickets.filtered(
            lambda t: not t.courier_order_ids.filtered(
                lambda o: o.kind == "pickup" and o.state != "cancelled"
            )
        )

    def action_courier_pickup(self):
        """Send a courier for the unit (linked to the case's RMA receipt if any)."""
        self.ensure_one()
        self.check_access("write")
        # whoever may change it, as long as they are staff (checked again by
        # _postventa_request): the order created below calls the courier
        # the case's RMA, for staff who read RMAs (an agent who does not asks a
        # pickup of the unit alone)
        rmas = self.rma_ids if self.env["rma"].has_access("read") else self.env["rma"]
        rma = rmas.filtered(lambda r: r.state not in ("cancelled", "locked"))[-1:]
        picking = rma.reception_move_id.picking_id if rma else False
        partner = (rma.partner_id if rma else False) or self.partner_id
        Order = self.env["postventa.courier.order"]
        order = Order._postventa_request(
            Order._postventa_prepare("pickup", self, partner, picking=picking, rma=rma)
        )
        return order._postventa_open()

    def action_view_courier_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "postventa_courier.postventa_courier_order_action"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"default_ticket_id": self.id, "create": False}
        return action
