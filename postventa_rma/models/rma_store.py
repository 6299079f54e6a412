from odoo import fields, models
from odoo.exceptions import UserError


class Rma(models.Model):
    """The store DOA exchange (Kodak Perú's procedure): the store swapped the unit from
    its own stock and is replenished, or it is credited; the defective unit comes back
    from the store (no create/write override)."""

    _inherit = "rma"

    store_handed_lot_id = fields.Many2one(
        "stock.lot",
        string="Unit handed by the store",
        copy=False,
        readonly=True,
        help="The new unit the store gave the customer from its own stock (store DOA "
        "exchange).",
    )

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
        """The defective unit comes back from the store (not from the customer):
        the pending receipt is cancelled and OCA rma's receipt
        (``_create_receipt``) made again, from the store."""
        self.ensure_one()
        pending = self.reception_move_id.filtered(
            lambda m: m.state not in ("done", "cancel")
        )
        pending.picking_id.action_cancel()
        self.with_context(postventa_receive_from_id=store.id)._create_receipt()
        return self.reception_move_id.picking_id

    def _prepare_reception_procurement_vals(self, group=None):
        """A receipt from the store goes in a procurement group of its own, whose
        partner (the store) the picking takes. The store comes in the context:
        this hook is reached through OCA rma's ``_create_receipt``, which has no
        parameter for it (and whose end, assignment and automatic reception, must
        not be copied here)."""
        store_id = self.env.context.get("postventa_receive_from_id")
        if store_id:
            group = self.env["procurement.group"].create(
                dict(self._prepare_procurement_group_vals(), partner_id=store_id)
            )
        return super()._prepare_reception_procurement_vals(group=group)

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
        if not self._postventa_available_at(source)[1]:
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
        handed = self._postventa_store_stock_lot(store, handed_serial)
        self.store_handed_lot_id = handed
        self._postventa_hand_out_from_store(store, handed)
        receipt = self._postventa_receive_from_store(store)
        delivery = self._postventa_create_exchange_delivery(source, recipient=store)
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

    def _postventa_store_stock_lot(self, store, serial):
        """The unit ``serial`` of this RMA's product in the store's own stock, or
        a clear refusal: a store hands out only a unit it has."""
        self.ensure_one()
        location = store.commercial_partner_id.postventa_stock_location_id
        quant = (
            self.env["stock.quant"].search(
                [
                    ("product_id", "=", self.product_id.id),
                    ("location_id", "child_of", location.id),
                    ("lot_id.name", "=", serial),
                    ("quantity", ">", 0),
                ],
                limit=1,
            )
            if location
            else self.env["stock.quant"]
        )
        if not quant:
            raise UserError(
                self.env._(
                    "%(serial)s is not a unit of %(product)s in the stock of "
                    "%(store)s.",
                    serial=serial,
                    product=self.product_id.display_name,
                    store=store.name,
                )
            )
        return quant.lot_id

    def _postventa_hand_out_from_store(self, store, lot):
        """The unit the store gave the customer leaves the store's stock (done at
        once: the customer took it home)."""
        self.ensure_one()
        location = (
            self.env["stock.quant"]
            .search(
                [
                    ("lot_id", "=", lot.id),
                    (
                        "location_id",
                        "child_of",
                        store.commercial_partner_id.postventa_stock_location_id.id,
                    ),
                    ("quantity", ">", 0),
                ],
                limit=1,
            )
            .location_id
        )
        warehouse = self.warehouse_id
        picking = self._postventa_transfer(
            warehouse.postventa_exchange_type_id or warehouse.out_type_id,
            location,
            self.partner_id.property_stock_customer
            or self.env.ref("stock.stock_location_customers"),
            partner=self.partner_id,
            qty=1,
        )
        move = picking.move_ids
        move.move_line_ids.unlink()
        self.env["stock.move.line"].create(
            {
                "move_id": move.id,
                "picking_id": picking.id,
                "product_id": move.product_id.id,
                "product_uom_id": move.product_uom.id,
                "lot_id": lot.id,
                "quantity": 1,
                "location_id": location.id,
                "location_dest_id": move.location_dest_id.id,
            }
        )
        move.picked = True
        picking._action_done()
        return picking

    def action_postventa_store_credit_note(self):
        """The unit failed at the moment of sale: the store gets a credit note and
        the unit comes back from it.

        The credit note is made from OCA rma's refund hooks
        (``_prepare_refund_vals`` / ``_prepare_refund_line_vals``, which rma_sale
        and the like extend), made out to the store. ``action_refund`` itself is
        not called: it waits for the operation's refund timing, bills the RMA's
        invoice address and ends the RMA as refunded, while here the store is
        credited and the RMA goes on (the unit still comes back from the store)."""
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
        refund_vals = self._prepare_refund_vals(origin=self.name)
        refund_vals.update(partner_id=store.id, partner_shipping_id=store.id)
        refund_vals["invoice_line_ids"].append(
            fields.Command.create(self._prepare_refund_line_vals())
        )
        refund = self.env["account.move"].create(refund_vals)
        receipt = self._postventa_receive_from_store(store)
        self.write(
            {
                "refund_id": refund.id,
                "refund_line_id": refund.invoice_line_ids.filtered(
                    lambda line: line.rma_id == self
                )[:1].id,
            }
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
