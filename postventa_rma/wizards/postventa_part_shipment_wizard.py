from odoo import api, fields, models
from odoo.exceptions import UserError


class PostventaPartShipmentWizard(models.TransientModel):
    """Front Line sends parts (PSU, cable, battery, consumables): one delivery order
    to the customer, linked to the case."""

    _name = "postventa.part.shipment.wizard"
    _description = "Ship parts to the customer"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True)
    partner_id = fields.Many2one(related="ticket_id.partner_id", string="Customer")
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        required=True,
        compute="_compute_warehouse_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    line_ids = fields.One2many(
        "postventa.part.shipment.wizard.line", "wizard_id", string="Parts"
    )

    @api.depends("ticket_id")
    def _compute_warehouse_id(self):
        for wizard in self:
            company = wizard.ticket_id.company_id or self.env.company
            wizard.warehouse_id = self.env["stock.warehouse"].search(
                [("company_id", "=", company.id)], limit=1
            )

    def action_ship(self):
        self.ensure_one()
        ticket = self.ticket_id
        if not ticket.partner_id:
            raise UserError(
                self.env._(
                    "Case %(case)s has no customer to ship to.", case=ticket.number
                )
            )
        if not self.line_ids:
            raise UserError(self.env._("List the parts to ship."))
        for line in self.line_ids:
            if line.quantity <= 0:
                raise UserError(
                    self.env._(
                        "Ship a positive quantity of %(part)s.",
                        part=line.product_id.display_name,
                    )
                )
            if line.product_id.type != "consu":
                raise UserError(
                    self.env._(
                        "%(part)s is a service: it cannot be shipped.",
                        part=line.product_id.display_name,
                    )
                )
        # Front Line agents are no stock users: the delivery order is created for
        # them, for this case's customer only, once they may edit the case
        ticket.check_access("write")
        # the delivery is created as superuser: only from the case's company
        if self.warehouse_id.company_id != (ticket.company_id or self.env.company):
            raise UserError(
                self.env._(
                    "Warehouse %(warehouse)s is not one of %(company)s's.",
                    warehouse=self.warehouse_id.name,
                    company=(ticket.company_id or self.env.company).name,
                )
            )
        picking_type = self.warehouse_id.out_type_id
        customers = self.env.ref("stock.stock_location_customers")
        source = picking_type.default_location_src_id or self.warehouse_id.lot_stock_id
        picking = (
            self.env["stock.picking"]
            .sudo()
            .create(
                {
                    "picking_type_id": picking_type.id,
                    "partner_id": ticket.partner_id.id,
                    "location_id": source.id,
                    "location_dest_id": customers.id,
                    "origin": ticket.number,
                    "postventa_ticket_id": ticket.id,
                    "company_id": self.warehouse_id.company_id.id,
                    "move_ids": [
                        fields.Command.create(
                            {
                                "name": line.product_id.display_name,
                                "product_id": line.product_id.id,
                                "product_uom_qty": line.quantity,
                                "product_uom": line.product_id.uom_id.id,
                                "location_id": source.id,
                                "location_dest_id": customers.id,
                                "origin": ticket.number,
                            }
                        )
                        for line in self.line_ids
                    ],
                }
            )
        )
        picking.action_confirm()
        picking.action_assign()
        code = self.env.ref(
            "postventa_helpdesk.resolution_part_shipment", raise_if_not_found=False
        )
        if code and not ticket.resolution_code_id:
            ticket.resolution_code_id = code
        ticket._postventa_note(
            self.env._(
                "Parts shipped to the customer: %(picking)s (%(parts)s).",
                picking=picking.name,
                parts=", ".join(
                    f"{line.quantity:g} × {line.product_id.display_name}"
                    for line in self.line_ids
                ),
            ),
        )
        return {"type": "ir.actions.act_window_close"}


class PostventaPartShipmentWizardLine(models.TransientModel):
    _name = "postventa.part.shipment.wizard.line"
    _description = "Part to ship"

    wizard_id = fields.Many2one(
        "postventa.part.shipment.wizard", required=True, ondelete="cascade"
    )
    product_id = fields.Many2one("product.product", string="Part", required=True)
    quantity = fields.Float(default=1.0, required=True)
