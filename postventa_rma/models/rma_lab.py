from odoo import fields, models
from odoo.exceptions import UserError


class Rma(models.Model):
    """The lab: intake, repair order (free in warranty, quoted otherwise) and the
    service report (no create/write override).

    OCA rma_repair was weighed for repair-from-RMA and is not built on (see
    readme/DESCRIPTION.md); installed beside postventa, the repair it makes when
    an RMA is confirmed is the one the lab completes, so an RMA has one repair and
    rma_repair's ``repair_id`` is it."""

    _inherit = "rma"

    lab_intake_ids = fields.One2many(
        "postventa.lab.intake", "rma_id", string="Lab intakes"
    )
    postventa_repair_ids = fields.One2many("repair.order", "rma_id", string="Repairs")

    def _postventa_customer_today(self):
        """Today where the customer is (his time zone, else the company's): the
        date a document for the customer carries, whoever prints it."""
        self.ensure_one()
        tz = self.partner_id.tz or self.company_id.partner_id.tz or "UTC"
        return fields.Date.context_today(self.with_context(tz=tz))

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
        self._postventa_check_can_create_repair()
        values = self._prepare_postventa_repair_vals()
        # OCA rma_repair, when installed, may have made the RMA's repair on confirm:
        # the lab completes that one rather than make a second
        repair = self._get_postventa_upstream_repair()
        if repair:
            repair.write(values)
        else:
            repair = self.env["repair.order"].create(values)
        self._postventa_note(
            self.env._(
                "Repair %(repair)s opened in the lab (%(terms)s).",
                repair=repair.name,
                terms=self.env._("in warranty, no charge")
                if repair.under_warranty
                else self.env._("quoted to the customer"),
            )
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "repair.order",
            "res_id": repair.id,
            "view_mode": "form",
        }

    def _postventa_check_can_create_repair(self):
        """The unit is ours (or on its way) and has no repair yet."""
        self.ensure_one()
        if self.state not in ("received", "confirmed"):
            raise UserError(
                self.env._("RMA %(rma)s has no unit to repair.", rma=self.name)
            )
        if self.postventa_repair_ids.filtered(lambda r: r.state != "cancel"):
            raise UserError(
                self.env._("RMA %(rma)s already has a repair.", rma=self.name)
            )

    def _get_postventa_repair_picking_type(self):
        """The repair operation of the RMA's warehouse."""
        self.ensure_one()
        return self.env["stock.picking.type"].search(
            [
                ("code", "=", "repair_operation"),
                ("warehouse_id", "=", self.warehouse_id.id),
            ],
            limit=1,
        )

    def _prepare_postventa_repair_vals(self):
        """The lab's repair order of this RMA's unit."""
        self.ensure_one()
        warehouse = self.warehouse_id
        return {
            "rma_id": self.id,
            "product_id": self.product_id.id,
            "lot_id": self.lot_id.id,
            "partner_id": self.partner_id.id,
            "picking_type_id": self._get_postventa_repair_picking_type().id,
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

    def _get_postventa_upstream_repair(self):
        """The draft repair OCA rma_repair made on confirm, if installed."""
        self.ensure_one()
        if "repair_id" not in self._fields:
            return self.env["repair.order"]
        return self.repair_id.filtered(lambda r: r.state == "draft" and not r.rma_id)

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
                **rma._postventa_company_author(),
            )
