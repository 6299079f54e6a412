from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

EXCHANGE_REASONS = [
    ("repair_impossible", "Repair impossible"),
    ("missing_parts", "Parts not available"),
    ("customer_satisfaction", "Customer satisfaction"),
]


class Rma(models.Model):
    """Replacement units: DOA exchanges from new units, warranty exchanges from the
    exchange pool, on OCA rma's replacement procurement; received DOA units to the
    parts harvest (no create/write override)."""

    _inherit = "rma"

    exchange_source = fields.Selection(
        [("new_units", "New units (DOA)"), ("exchange_pool", "Exchange pool")],
        compute="_compute_exchange_source",
        store=True,
        readonly=False,
        tracking=True,
        help="Where the replacement comes from: new units for a DOA, the refurbished "
        "pool for a warranty exchange.",
    )
    exchange_reason = fields.Selection(EXCHANGE_REASONS, tracking=True)
    postventa_harvest_move_id = fields.Many2one(
        "stock.move",
        string="To parts harvest",
        readonly=True,
        copy=False,
        help="The received DOA unit's move to the parts harvest.",
    )
    exchange_lot_ids = fields.Many2many(
        "stock.lot", compute="_compute_exchange_lot_ids", string="Units handed out"
    )

    @api.depends("warranty_state")
    def _compute_exchange_source(self):
        for rma in self:
            if rma.warranty_state == "doa":
                rma.exchange_source = "new_units"
            elif rma.warranty_state in ("in_warranty", "partial"):
                rma.exchange_source = "exchange_pool"
            else:
                rma.exchange_source = False

    @api.depends("delivery_move_ids.move_line_ids.lot_id")
    def _compute_exchange_lot_ids(self):
        for rma in self:
            rma.exchange_lot_ids = rma.delivery_move_ids.move_line_ids.lot_id

    # ------------------------------------------------------------------------
    # Exchange units
    # ------------------------------------------------------------------------
    def _postventa_exchange_location(self):
        self.ensure_one()
        warehouse = self.warehouse_id
        if self.exchange_source == "new_units":
            return warehouse.postventa_new_units_loc_id
        return warehouse.postventa_exchange_pool_loc_id

    def action_postventa_exchange(self):
        """Hand out a replacement unit: from new units for a DOA, from the exchange
        pool (with the reason) for a warranty exchange; a delivery order with the
        serial reserved, made by OCA rma's replacement procurement."""
        self._postventa_lock()
        for rma in self:
            if rma.delivery_move_ids.filtered(lambda m: m.state != "cancel"):
                raise UserError(
                    self.env._("RMA %(rma)s already has its replacement.", rma=rma.name)
                )
            if rma.state not in ("confirmed", "received"):
                raise UserError(
                    self.env._(
                        "RMA %(rma)s must be confirmed (approved) before an exchange.",
                        rma=rma.name,
                    )
                )
            if not rma.exchange_source:
                raise UserError(
                    self.env._(
                        "Choose where the replacement of RMA %(rma)s comes from.",
                        rma=rma.name,
                    )
                )
            if rma.exchange_source == "exchange_pool" and not rma.exchange_reason:
                raise UserError(
                    self.env._(
                        "Say why RMA %(rma)s is exchanged instead of repaired.",
                        rma=rma.name,
                    )
                )
            source = rma._postventa_exchange_location()
            available, enough = rma._postventa_available_at(source)
            if not enough:
                other = (
                    rma.warehouse_id.postventa_exchange_pool_loc_id
                    if rma.exchange_source == "new_units"
                    else rma.warehouse_id.postventa_new_units_loc_id
                )
                raise UserError(
                    self.env._(
                        "%(location)s has no %(product)s to hand out (%(available)s "
                        "available). "
                        "Use the %(other)s if the case allows it, or purchase a unit.",
                        location=source.display_name,
                        product=rma.product_id.display_name,
                        available=available,
                        other=other.name,
                    )
                )
            rma._postventa_create_exchange_delivery(source)
        return True

    def _postventa_available_at(self, source):
        """The free (unreserved) quantity of this RMA's product at ``source``, and
        whether it covers the RMA's quantity."""
        self.ensure_one()
        available = self.env["stock.quant"]._get_available_quantity(
            self.product_id, source
        )
        enough = (
            float_compare(
                available,
                self.product_uom_qty,
                precision_rounding=self.product_uom.rounding,
            )
            >= 0
        )
        return available, enough

    def _postventa_create_exchange_delivery(self, source, recipient=None):
        """The replacement, on OCA rma's replacement procurement
        (``_prepare_replace_procurements`` -> ``_prepare_replace_procurement_vals``,
        that extensions such as rma_sale or rma_lot extend) routed from ``source``
        (``_postventa_exchange_procurement``), then the state ``create_replace``
        writes.

        ``create_replace`` itself is not called: its guards assume the unit is
        back before the replacement leaves (``_ensure_can_be_replaced`` follows the
        operation's delivery timing, rma_lot wants the customer's serial in our
        stock), while a DOA or advance exchange ships first; the checks of
        ``action_postventa_exchange`` stand for them.

        ``recipient``: the store that already gave the customer a unit (store DOA
        exchange) instead of the customer; the unit goes into the store's own
        stock (``_postventa_replenishment_location``), not to a customer."""
        self.ensure_one()
        moves_before = self.delivery_move_ids
        procurements = [
            self._postventa_exchange_procurement(procurement, source, recipient)
            for procurement in self._prepare_replace_procurements(
                self.warehouse_id,
                fields.Datetime.now(),
                self.product_id,
                self.product_uom_qty,
                self.product_uom,
            )
        ]
        if procurements:
            self.env["procurement.group"].run(procurements)
        picking = (self.delivery_move_ids - moves_before).picking_id
        destination = self._postventa_replenishment_location(recipient)
        if destination:
            picking.write({"location_dest_id": destination.id})
            picking.move_ids.write(
                {
                    "location_dest_id": destination.id,
                    "location_final_id": destination.id,
                }
            )
        picking.action_assign()
        self._postventa_action_write({"state": "waiting_replacement"})
        self._postventa_note(
            self.env._(
                "Replacement from %(location)s: delivery %(picking)s.",
                location=source.display_name,
                picking=", ".join(picking.mapped("name")),
            ),
        )
        return picking

    def _postventa_replenishment_location(self, recipient=None):
        """Where a replacement for ``recipient`` lands: a store's own stock
        (``res.partner.postventa_stock_location_id``, where its clerk hands
        units out from), or nothing (the procurement's: the customer)."""
        self.ensure_one()
        if not recipient:
            return self.env["stock.location"]
        return recipient.commercial_partner_id.postventa_stock_location_id

    def _postventa_exchange_procurement(self, procurement, source, recipient=None):
        """OCA rma's replacement ``procurement`` (its values from
        ``_prepare_replace_procurement_vals``) made an exchange: from ``source``,
        on the warehouse's route for it, and to ``recipient`` (in a procurement
        group of its own) when given."""
        self.ensure_one()
        vals = dict(procurement.values)
        warehouse = vals.get("warehouse_id") or self.warehouse_id
        vals["route_ids"] = (
            warehouse.postventa_new_units_route_id
            if source == warehouse.postventa_new_units_loc_id
            else warehouse.postventa_exchange_pool_route_id
        )
        origin = procurement.origin
        if recipient:
            group = self.env["procurement.group"].create(
                dict(self._prepare_procurement_group_vals(), partner_id=recipient.id)
            )
            vals.update(group_id=group, partner_id=recipient.id)
            origin = group.name
        return procurement._replace(origin=origin, values=vals)

    def _postventa_send_to_harvest(self):
        """A received DOA unit goes to the parts harvest: its parts may serve
        repairs. An internal transfer of its own: no upstream hook moves a received
        unit on (a push rule on the RMA location would move every received unit,
        not only the DOA ones)."""
        for rma in self:
            warehouse = rma.warehouse_id
            received = rma.reception_move_id.filtered(lambda m: m.state == "done")
            if not received or rma.postventa_harvest_move_id:
                continue
            picking = rma._postventa_transfer(
                warehouse.postventa_internal_type_id,
                received.location_dest_id,
                warehouse.postventa_harvest_loc_id,
                qty=received.quantity,
                uom=received.product_uom,
            )
            rma.postventa_harvest_move_id = picking.move_ids
            if rma.lot_id:
                picking.move_ids.lot_ids = rma.lot_id  # that very unit, reserved
            else:
                picking.action_assign()
            rma._postventa_note(
                self.env._(
                    "The DOA unit goes to the parts harvest: %(picking)s.",
                    picking=picking.name,
                ),
            )
