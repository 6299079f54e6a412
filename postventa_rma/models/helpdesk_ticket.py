from odoo import api, fields, models
from odoo.exceptions import UserError


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    rma_ids = fields.One2many("rma", "ticket_id", string="RMAs")
    rma_count = fields.Integer(compute="_compute_rma_count", string="RMA count")
    resolution_creates_rma = fields.Boolean(
        related="resolution_code_id.creates_rma", string="Resolution opens an RMA"
    )
    part_shipment_ids = fields.One2many(
        "stock.picking", "postventa_ticket_id", string="Part shipments"
    )
    part_shipment_count = fields.Integer(compute="_compute_part_shipment_count")

    @api.depends("part_shipment_ids")
    def _compute_part_shipment_count(self):
        for ticket in self:
            ticket.part_shipment_count = len(ticket.part_shipment_ids)

    def action_open_part_shipment_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Ship parts"),
            "res_model": "postventa.part.shipment.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def action_view_part_shipments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "stock.action_picking_tree_all"
        )
        action.update(
            domain=[("postventa_ticket_id", "=", self.id)], context={"create": False}
        )
        return action

    @api.depends("rma_ids")
    def _compute_rma_count(self):
        counts = dict(
            self.env["rma"]._read_group(
                [("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"]
            )
        )
        for ticket in self:
            ticket.rma_count = counts.get(ticket, 0)

    def _postventa_resolution_opens_rma(self):
        """Whether the case's resolution (e.g. "lab intake": the unit comes to us)
        opens the RMA of its unit, which it has not yet."""
        self.ensure_one()
        return bool(
            self.resolution_code_id.creates_rma
            and self.unit_id
            and self.partner_id
            and not self.rma_ids
        )

    def action_postventa_apply_resolution(self):
        """Apply the case's resolution: one that creates an RMA (lab intake)
        opens the RMA of the case's unit, once (the case form's "Open the
        resolution's RMA", shown while the resolution is one that opens an RMA).

        Rule: whoever may change the case applies its resolution; the agent
        deciding it needs no RMA rights, so the RMA is created as superuser
        after that check, one case at a time."""
        self._postventa_apply_resolution()
        return True

    def _postventa_apply_resolution(self):
        """The RMAs ``action_postventa_apply_resolution`` opened."""
        self.check_access("write")
        rmas = self.env["rma"]
        for ticket in self:
            ticket_sudo = ticket.sudo()
            if ticket_sudo._postventa_resolution_opens_rma():
                rmas |= ticket_sudo._postventa_create_one_rma()
        return rmas

    def action_create_rma(self):
        """Open a draft RMA for the case's unit."""
        self.ensure_one()
        rma = self._postventa_create_rma()
        return {
            "type": "ir.actions.act_window",
            "res_model": "rma",
            "res_id": rma.id,
            "view_mode": "form",
        }

    def _postventa_create_rma(self):
        rmas = self.env["rma"]
        for ticket in self:
            rmas |= ticket._postventa_create_one_rma()
        return rmas

    def _postventa_create_one_rma(self):
        self.ensure_one()
        if not self.unit_id:
            raise UserError(
                self.env._(
                    "Register the unit of case %(case)s first.", case=self.number
                )
            )
        if not self.partner_id:
            raise UserError(
                self.env._("Case %(case)s has no customer.", case=self.number)
            )
        rma = self.env["rma"].create(
            {
                "partner_id": self.partner_id.id,
                "product_id": self.unit_id.product_id.id,
                "lot_id": self.unit_id._postventa_lot().id,
                "operation_id": self._postventa_rma_operation().id,
                "origin": self.number,
                "ticket_id": self.id,
                "description": self.description,
                "company_id": self.company_id.id,
            }
        )
        self._postventa_note(
            self.env._(
                "RMA %(rma)s opened for unit %(serial)s.",
                rma=rma.name,
                serial=self.unit_id.serial,
            ),
        )
        return rma

    def _postventa_rma_operation(self):
        """The service type's operation; a DOA is always a replacement."""
        if self.warranty_state == "doa":
            return self.env.ref("rma.rma_operation_replace", raise_if_not_found=False)
        return self.service_type_id.rma_operation_id

    def action_view_rmas(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("rma.rma_action")
        action.update(
            domain=[("ticket_id", "=", self.id)], context={"default_ticket_id": self.id}
        )
        return action

    def _postventa_portal_documents(self):
        """The lab's intake receipts, and the service report once the repair is done."""
        documents = super()._postventa_portal_documents()
        # the caller shows the documents of a case its user may read
        self.check_access("read")
        ticket_sudo = self.sudo()
        intakes = ticket_sudo.env["postventa.lab.intake"].search(
            [("ticket_id", "=", self.id)]
        )
        documents += [
            {
                "key": f"intake-{intake.id}",
                "label": self.env._("Intake receipt"),
                "name": intake.name,
                "record": intake,
                "report": "postventa_rma.action_report_lab_intake",
            }
            for intake in intakes
        ]
        repaired = ticket_sudo.rma_ids.filtered(
            lambda rma: any(
                repair.state == "done" for repair in rma.postventa_repair_ids
            )
        )
        documents += [
            {
                "key": f"service-{rma.id}",
                "label": self.env._("Service report"),
                "name": rma.name,
                "record": rma,
                "report": "postventa_rma.action_report_service",
            }
            for rma in repaired
        ]
        return documents
