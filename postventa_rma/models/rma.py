from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from odoo.addons.postventa_helpdesk.models.postventa_link import check_link_access


class Rma(models.Model):
    """The RMA of a helpdesk case: the case, the customer's serial, where to send
    the unit, and the after-sales transfers. The other concerns each have their
    file: ``rma_lock`` (one approval at a time), ``rma_exchange`` (replacement
    units), ``rma_lab`` (intake, repair, service report), ``rma_store`` (store
    DOA exchange and credit note). Only this file overrides create and write:
    an RMA of a case is made or moved by someone who may change the case."""

    _inherit = "rma"
    # its case and serial are of its company
    _check_company_auto = True

    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Helpdesk case",
        index=True,
        copy=False,
        tracking=True,
        check_company=True,
    )
    unit_id = fields.Many2one(related="ticket_id.unit_id")
    warranty_state = fields.Selection(related="ticket_id.warranty_state")
    service_type_id = fields.Many2one(related="ticket_id.service_type_id")
    # The very field OCA rma_lot adds (same name, comodel, stored, computed from the
    # product and writable): with rma_lot installed beside postventa both
    # definitions merge into one column. postventa does not depend on rma_lot: it
    # pulls in stock_restrict_lot, stock_picking_return_restricted_qty and
    # stock_picking_return_lot, which change how every restricted move reserves.
    lot_id = fields.Many2one(
        comodel_name="stock.lot",
        string="Serial number",
        compute="_compute_lot_id",
        store=True,
        readonly=False,
        copy=False,
        tracking=True,
        domain="[('product_id', '=', product_id)]",
        check_company=True,
        help="The customer's unit, traced through every move.",
    )
    postventa_shipping_instructions = fields.Html(
        string="Shipping instructions",
        compute="_compute_postventa_shipping_instructions",
        help="Where and how the customer sends the unit, printed on the RMA.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        """An RMA for a case is opened by someone who may change the case (or by
        an action that checked it). No side effect here."""
        check_link_access(self, vals_list, ["ticket_id"])
        return super().create(vals_list)

    def write(self, vals):
        """Moving an RMA to another case needs the right to change that case; its
        customer stays the one it was confirmed for. No side effect here."""
        check_link_access(self, [vals], ["ticket_id"])
        self._postventa_check_customer_kept(vals)
        return super().write(vals)

    def _postventa_check_customer_kept(self, vals):
        """The customer of an RMA past its draft, and the address its replacement
        goes to, are the ones it was approved for: OCA rma's form locks them, a
        plain write (any RMA user: the lab, quality control, logistics) moved the
        unit and its replacement to another customer (attack report F7)."""
        for fname in ("partner_id", "partner_shipping_id"):
            if fname not in vals:
                continue
            moved = self.sudo().filtered(
                lambda rma, fname=fname: rma.state != "draft"
                and rma[fname].id != (vals[fname] or False)
            )
            if moved:
                raise AccessError(
                    self.env._(
                        "The customer and the shipping address of RMA %(rma)s "
                        "change only while it is a draft.",
                        rma=moved[0].name,
                    )
                )

    @api.depends("product_id")
    def _compute_lot_id(self):
        """As OCA rma_lot: another product forgets the serial."""
        for rma in self:
            if rma.lot_id.product_id != rma.product_id:
                rma.lot_id = False

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
                    # one line, without the empty parts (no street2: no ", ,")
                    address=address._postventa_address_line(without_company=False),
                ),
                self.env._("Enclose a copy of the proof of purchase."),
            ]
            rma.postventa_shipping_instructions = Markup("<ul>%s</ul>") % Markup(
                ""
            ).join(Markup("<li>%s</li>") % line for line in lines)

    @api.constrains("lot_id", "product_id")
    def _check_lot_product(self):
        for rma in self:
            # a consistency check whoever writes (Back Line, who orders RMAs
            # without stock rights, reads serials: postventa_rma's access rights)
            lot = rma.lot_id
            if lot and lot.product_id != rma.product_id:
                raise ValidationError(
                    self.env._(
                        "Serial %(lot)s belongs to %(product)s, not to the RMA's "
                        "product.",
                        lot=lot.name,
                        product=lot.product_id.display_name,
                    )
                )

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
