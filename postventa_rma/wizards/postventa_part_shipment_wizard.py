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
        """One delivery order of the listed parts to the case's customer, as
        superuser after the checks of ``_check_part_shipment`` (Front Line
        agents are no stock users); the case records it."""
        self.ensure_one()
        ticket = self.ticket_id
        self._check_part_shipment()
        picking_sudo = (
            self.env["stock.picking"].sudo().create(self._prepare_part_shipment_vals())
        )
        picking_sudo.action_confirm()
        picking_sudo.action_assign()
        code = self._get_part_shipment_resolution()
        if code and not ticket.resolution_code_id:
            ticket.resolution_code_id = code
        ticket._postventa_note(self._get_part_shipment_note(picking_sudo))
        return {"type": "ir.actions.act_window_close"}

    def _check_part_shipment(self):
        """The case has a customer, the lines ship positive quantities of goods,
        the user may edit the case and the warehouse is the case's company's:
        the delivery is then created for them, for this case's customer only."""
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

    def _get_part_shipment_locations(self):
        """(source, destination) of the part shipment: the warehouse's delivery
        operation's source (or its stock) to the customers."""
        self.ensure_one()
        picking_type = self.warehouse_id.out_type_id
        source = picking_type.default_location_src_id or self.warehouse_id.lot_stock_id
        return source, self.env.ref("stock.stock_location_customers")

    def _prepare_part_shipment_vals(self):
        """The delivery order's values, with one move per line
        (``_prepare_part_shipment_move_vals``)."""
        self.ensure_one()
        ticket = self.ticket_id
        source, destination = self._get_part_shipment_locations()
        return {
            "picking_type_id": self.warehouse_id.out_type_id.id,
            "partner_id": ticket.partner_id.id,
            "location_id": source.id,
            "location_dest_id": destination.id,
            "origin": ticket.number,
            "postventa_ticket_id": ticket.id,
            "company_id": self.warehouse_id.company_id.id,
            "move_ids": [
                fields.Command.create(
                    self._prepare_part_shipment_move_vals(line, source, destination)
                )
                for line in self.line_ids
            ],
        }

    def _prepare_part_shipment_move_vals(self, line, source, destination):
        self.ensure_one()
        return {
            "name": line.product_id.display_name,
            "product_id": line.product_id.id,
            "product_uom_qty": line.quantity,
            "product_uom": line.product_id.uom_id.id,
            "location_id": source.id,
            "location_dest_id": destination.id,
            "origin": self.ticket_id.number,
        }

    def _get_part_shipment_resolution(self):
        """The resolution a case without one takes when parts are shipped."""
        return self.env.ref(
            "postventa_helpdesk.resolution_part_shipment", raise_if_not_found=False
        )

    def _get_part_shipment_note(self, picking):
        self.ensure_one()
        return self.env._(
            "Parts shipped to the customer: %(picking)s (%(parts)s).",
            picking=picking.name,
            parts=", ".join(
                f"{line.quantity:g} × {line.product_id.display_name}"
                for line in self.line_ids
            ),
        )


class PostventaPartShipmentWizardLine(models.TransientModel):
    _name = "postventa.part.shipment.wizard.line"
    _description = "Part to ship"

    wizard_id = fields.Many2one(
        "postventa.part.shipment.wizard", required=True, ondelete="cascade"
    )
    product_id = fields.Many2one("product.product", string="Part", required=True)
    quantity = fields.Float(default=1.0, required=True)
