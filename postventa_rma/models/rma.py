import psycopg2
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

EXCHANGE_REASONS = [
    ("repair_impossible", "Repair impossible"),
    ("missing_parts", "Parts not available"),
    ("customer_satisfaction", "Customer satisfaction"),
]


class Rma(models.Model):
    _inherit = "rma"

    ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Helpdesk case", index=True, copy=False, tracking=True
    )
    unit_id = fields.Many2one(related="ticket_id.unit_id")
    warranty_state = fields.Selection(related="ticket_id.warranty_state")
    service_type_id = fields.Many2one(related="ticket_id.service_type_id")
    lot_id = fields.Many2one(
        "stock.lot",
        string="Serial number",
        copy=False,
        tracking=True,
        domain="[('product_id', '=', product_id)]",
        check_company=True,
        help="The customer's unit, traced through every move.",
    )
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
    postventa_shipping_instructions = fields.Html(
        string="Shipping instructions",
        compute="_compute_postventa_shipping_instructions",
        help="Where and how the customer sends the unit, printed on the RMA.",
    )
    store_handed_lot_id = fields.Many2one(
        "stock.lot",
        string="Unit handed by the store",
        copy=False,
        readonly=True,
        help="The new unit the store gave the customer from its own stock (store DOA "
        "exchange).",
    )
    lab_intake_ids = fields.One2many(
        "postventa.lab.intake", "rma_id", string="Lab intakes"
    )
    postventa_repair_ids = fields.One2many("repair.order", "rma_id", string="Repairs")
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

    @api.depends("warehouse_id.partner_id", "name", "partner_id.lang")
    def _compute_postventa_shipping_instructions(self):
        for rma in self:
            address = rma.warehouse_id.partner_id
            if not address:
                rma.postventa_shipping_instructions = False
                continue
            lines = [
                self.env._(
                    "Pack the unit well, with every accessory and supply you told us "
                    "about, and write %(rma)s on the box.",
                    rma=rma.name,
                ),
                self.env._(
                    "Send it to: %(address)s.",
                    # one line, without the empty ones (no street2: no ", ,")
                    address=", ".join(
                        part.strip()
                        for part in address._display_address().split("\n")
                        if part.strip()
                    ),
                ),
                self.env._("Enclose a copy of the proof of purchase."),
            ]
            rma.postventa_shipping_instructions = Markup("<ul>%s</ul>") % Markup(
                ""
            ).join(Markup("<li>%s</li>") % line for line in lines)

    @api.depends("delivery_move_ids.move_line_ids.lot_id")
    def _compute_exchange_lot_ids(self):
        for rma in self:
            rma.exchange_lot_ids = rma.delivery_move_ids.move_line_ids.lot_id

    @api.constrains("lot_id", "product_id")
    def _check_lot_product(self):
        for rma in self:
            if rma.lot_id and rma.lot_id.product_id != rma.product_id:
                raise ValidationError(
                    self.env._(
                        "Serial %(lot)s belongs to %(product)s, not to the RMA's "
                        "product.",
                        lot=rma.lot_id.name,
                        product=rma.lot_id.product_id.display_name,
                    )
                )

    # ------------------------------------------------------------------------
    # One approval at a time
    # ------------------------------------------------------------------------
    def _postventa_lock(self):
        """Lock the RMAs for this transaction: two users pressing the same button
        at once must not create two sets of moves."""
        if not self.ids:
            return
        try:
            self.env.cr.execute(
                "SELECT id FROM rma WHERE id IN %s FOR UPDATE NOWAIT", [tuple(self.ids)]
            )
        except psycopg2.errors.LockNotAvailable:
            raise UserError(
                self.env._(
                    "Someone else is processing these RMAs right now: try again in a "
                    "moment."
                )
            ) from None
        # what the other transaction committed before we got the lock
        self.invalidate_recordset(["state"])

    def action_confirm(self):
        self._postventa_lock()
        return super().action_confirm()

    # ------------------------------------------------------------------------
    # Exchange units
    # ------------------------------------------------------------------------
    def _postventa_exchange_location(self):
        self.ensure_one()
        warehouse = self.warehouse_id
        if not warehouse.postventa_exchange_pool_loc_id:
            warehouse._postventa_ensure_exchange_stock()
        if self.exchange_source == "new_units":
            return warehouse.postventa_new_units_loc_id
        return warehouse.postventa_exchange_pool_loc_id

    def action_postventa_exchange(self):
        """Hand out a replacement unit: from new units for a DOA, from the exchange
        pool (with the reason) for a warranty exchange; a delivery order with the
        serial reserved."""
        self._postventa_lock()
        Quant = self.env["stock.quant"]
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
            available = Quant._get_available_quantity(rma.product_id, source)
            if (
                float_compare(
                    available,
                    rma.product_uom_qty,
                    precision_rounding=rma.product_uom.rounding,
                )
                < 0
            ):
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

    def _postventa_transfer(
        self,
        picking_type,
        source,
        destination,
        partner=None,
        qty=None,
        uom=None,
        **move_values,
    ):
        """One confirmed picking moving this RMA's product (the unit) from ``source``
        to ``destination``: every after-sales move goes through here."""
        self.ensure_one()
        common = {"origin": self.name, "company_id": self.company_id.id}
        picking = self.env["stock.picking"].create(
            dict(
                common,
                picking_type_id=picking_type.id,
                partner_id=partner.id if partner else False,
                location_id=source.id,
                location_dest_id=destination.id,
                move_ids=[
                    fields.Command.create(
                        dict(
                            common,
                            name=self.product_id.display_name,
                            product_id=self.product_id.id,
                            product_uom_qty=qty or self.product_uom_qty,
                            product_uom=(uom or self.product_uom).id,
                            location_id=source.id,
                            location_dest_id=destination.id,
                            **move_values,
                        )
                    )
                ],
            )
        )
        picking.action_confirm()
        return picking

    def _postventa_create_exchange_delivery(self, source):
        self.ensure_one()
        # the customer, or the store that already gave the customer a unit
        recipient = (
            self.env.context.get("postventa_deliver_to") or self.partner_shipping_id
        )
        picking = self._postventa_transfer(
            self.warehouse_id.postventa_exchange_type_id,
            source,
            self._get_location_final(),
            partner=recipient,
            rma_id=self.id,
        )
        picking.action_assign()
        self.write({"state": "waiting_replacement"})
        self._postventa_note(
            self.env._(
                "Replacement from %(location)s: delivery %(picking)s.",
                location=source.display_name,
                picking=picking.name,
            ),
        )
        return picking

    def _create_receipt(self):
        """The receipt expects the customer's very serial."""
        result = super()._create_receipt()
        for rma in self.filtered("lot_id"):
            move = rma.sudo().reception_move_id
            if (
                move.state not in ("done", "cancel")
                and move.product_id.tracking == "serial"
            ):
                move.lot_ids = rma.lot_id
        return result

    def _postventa_send_to_harvest(self):
        """A received DOA unit goes to the parts harvest: its parts may serve
        repairs."""
        for rma in self:
            warehouse = rma.warehouse_id
            if not warehouse.postventa_harvest_loc_id:
                warehouse._postventa_ensure_exchange_stock()
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

    # ------------------------------------------------------------------------
    # Lab: intake, repair, service report
    # ------------------------------------------------------------------------
    def action_postventa_lab_intake(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "postventa.lab.intake",
            "view_mode": "form",
            "context": {"default_rma_id": self.id},
        }

    def action_postventa_create_repair(self):
        """A repair order in the lab: free in warranty, quoted otherwise."""
        self.ensure_one()
        if self.state not in ("received", "confirmed"):
            raise UserError(
                self.env._("RMA %(rma)s has no unit to repair.", rma=self.name)
            )
        if self.postventa_repair_ids.filtered(lambda r: r.state != "cancel"):
            raise UserError(
                self.env._("RMA %(rma)s already has a repair.", rma=self.name)
            )
        warehouse = self.warehouse_id
        picking_type = self.env["stock.picking.type"].search(
            [("code", "=", "repair_operation"), ("warehouse_id", "=", warehouse.id)],
            limit=1,
        )
        repair = self.env["repair.order"].create(
            {
                "rma_id": self.id,
                "product_id": self.product_id.id,
                "lot_id": self.lot_id.id,
                "partner_id": self.partner_id.id,
                "picking_type_id": picking_type.id,
                # parts from the warehouse stock; the unit stays where it was received
                "location_id": warehouse.lot_stock_id.id,
                "product_location_src_id": self.location_id.id,
                "product_location_dest_id": self.location_id.id,
                # the warranty state is the case's: no case, no warranty
                "under_warranty": bool(self.ticket_id)
                and self.ticket_id._postventa_failure_covered(),
                "repair_request": self.ticket_id.description
                and self.ticket_id.description.striptags()
                or self.ticket_id.name,
                "company_id": self.company_id.id,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "repair.order",
            "res_id": repair.id,
            "view_mode": "form",
        }

    def _postventa_send_service_report(self):
        template = self.env.ref("postventa_rma.mail_template_service_report")
        for rma in self.filtered(
            lambda r: r.postventa_repair_ids and r.partner_id.email
        ):
            rma.message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=rma.partner_id.ids,
            )

    # ------------------------------------------------------------------------
    # Store DOA exchange (seed 001)
    # ------------------------------------------------------------------------
    def _postventa_store(self):
        """The store of a DOA case, or a clear refusal."""
        self.ensure_one()
        if self.warranty_state != "doa":
            raise UserError(
                self.env._(
                    "RMA %(rma)s is not a DOA case: the store does not exchange it.",
                    rma=self.name,
                )
            )
        store = self.ticket_id.store_id
        if not store or not store.is_postventa_store:
            raise UserError(
                self.env._(
                    "The unit of RMA %(rma)s has no store of purchase.", rma=self.name
                )
            )
        if self.state not in ("confirmed", "received"):
            raise UserError(
                self.env._(
                    "RMA %(rma)s must be confirmed (approved) first.", rma=self.name
                )
            )
        return store

    def _postventa_receive_from_store(self, store):
        """The defective unit comes back from the store (not from the customer)."""
        self.ensure_one()
        warehouse = self.warehouse_id
        customers = self.env.ref("stock.stock_location_customers")
        pending = self.reception_move_id.filtered(
            lambda m: m.state not in ("done", "cancel")
        )
        pending.picking_id.action_cancel()
        picking = self._postventa_transfer(
            warehouse.rma_in_type_id, customers, warehouse.rma_loc_id, partner=store
        )
        self.reception_move_id = picking.move_ids
        if self.lot_id and self.product_id.tracking == "serial":
            picking.move_ids.lot_ids = self.lot_id
        return picking

    def action_postventa_store_exchange(self, handed_serial):
        """The store swapped the unit from its own stock: receive the defective unit
        from the store and replenish the store with a new unit."""
        self._postventa_lock()
        self.ensure_one()
        store = self._postventa_store()
        handed_serial = (handed_serial or "").strip()
        if not handed_serial:
            raise UserError(
                self.env._("Give the serial number of the unit the store handed out.")
            )
        if self.delivery_move_ids.filtered(lambda m: m.state != "cancel"):
            raise UserError(
                self.env._("RMA %(rma)s already has its replacement.", rma=self.name)
            )
        self.exchange_source = "new_units"
        source = self._postventa_exchange_location()
        available = self.env["stock.quant"]._get_available_quantity(
            self.product_id, source
        )
        if (
            float_compare(
                available,
                self.product_uom_qty,
                precision_rounding=self.product_uom.rounding,
            )
            < 0
        ):
            raise UserError(
                self.env._(
                    "%(location)s has no %(product)s to replenish %(store)s: purchase "
                    "a unit or "
                    "transfer one from another warehouse.",
                    location=source.display_name,
                    product=self.product_id.display_name,
                    store=store.name,
                )
            )
        Lot = self.env["stock.lot"]
        handed = Lot.search(
            [("product_id", "=", self.product_id.id), ("name", "=", handed_serial)],
            limit=1,
        ) or Lot.create(
            {
                "product_id": self.product_id.id,
                "name": handed_serial,
                "company_id": self.company_id.id,
            }
        )
        self.store_handed_lot_id = handed
        receipt = self._postventa_receive_from_store(store)
        delivery = self.with_context(
            postventa_deliver_to=store
        )._postventa_create_exchange_delivery(source)
        self._postventa_note(
            self.env._(
                "Store exchange: %(store)s handed out %(serial)s; defective unit back "
                "with "
                "%(receipt)s, replenishment %(delivery)s.",
                store=store.name,
                serial=handed.name,
                receipt=receipt.name,
                delivery=delivery.name,
            ),
        )
        return True

    def action_postventa_store_credit_note(self):
        """The unit failed at the moment of sale: the store gets a credit note and
        the unit comes back from it."""
        self._postventa_lock()
        self.ensure_one()
        store = self._postventa_store()
        if not self.env.user.has_group("account.group_account_invoice"):
            raise UserError(self.env._("Only invoicing users issue credit notes."))
        if self.refund_id:
            raise UserError(
                self.env._(
                    "RMA %(rma)s already has credit note %(refund)s.",
                    rma=self.name,
                    refund=self.refund_id.name,
                )
            )
        refund = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": store.id,
                "company_id": self.company_id.id,
                "invoice_origin": self.name,
                "invoice_line_ids": [
                    fields.Command.create(
                        {
                            "product_id": self.product_id.id,
                            "quantity": self.product_uom_qty,
                            "price_unit": self.product_id.lst_price,
                        }
                    )
                ],
            }
        )
        receipt = self._postventa_receive_from_store(store)
        self.write(
            {"refund_id": refund.id, "refund_line_id": refund.invoice_line_ids[:1].id}
        )
        self._postventa_note(
            self.env._(
                "Credit note %(refund)s for %(store)s; the unit comes back with "
                "%(receipt)s.",
                refund=refund.display_name,
                store=store.name,
                receipt=receipt.name,
            ),
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": refund.id,
            "view_mode": "form",
        }
