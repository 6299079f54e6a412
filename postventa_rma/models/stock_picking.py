from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.postventa_helpdesk.models.postventa_link import check_link_access


class StockPicking(models.Model):
    _inherit = "stock.picking"

    postventa_ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Helpdesk case",
        index=True,
        copy=False,
        check_company=True,
        help="The case this part shipment answers.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        """A transfer for a case is made by someone who may change the case (or by
        an action that checked it). No side effect here."""
        check_link_access(self, vals_list, ["postventa_ticket_id"])
        return super().create(vals_list)

    def write(self, vals):
        """Pointing a transfer at another case needs the right to change it. No
        side effect here."""
        check_link_access(self, [vals], ["postventa_ticket_id"])
        return super().write(vals)

    def button_validate(self):
        self._postventa_check_packing()
        return super().button_validate()

    def _action_done(self):
        result = super()._action_done()
        # the repaired unit left: the customer gets the service report
        returned = self.filtered(
            lambda p: p.state == "done" and p.picking_type_code == "outgoing"
        )
        returned.move_ids.rma_id.filtered(
            "postventa_repair_ids"
        )._postventa_send_service_report()
        return result

    def _postventa_check_packing(self):
        """The unit going back to the customer: only after quality control passed,
        with every accessory received packed back or its exception documented."""
        for picking in self.filtered(lambda p: p.picking_type_code == "outgoing"):
            for rma in picking.move_ids.rma_id:
                repairs = rma.postventa_repair_ids.filtered(
                    lambda r: r.state != "cancel"
                )
                if repairs and any(r.qc_state != "passed" for r in repairs):
                    raise UserError(
                        self.env._(
                            "The unit of %(rma)s has not passed quality control: it "
                            "cannot "
                            "be packed.",
                            rma=rma.name,
                        )
                    )
                pending = rma.lab_intake_ids.line_ids.filtered(
                    lambda line: not line._is_settled()
                )
                if pending:
                    raise UserError(
                        self.env._(
                            "Confirm these items as packed, or document why they stay, "
                            "before "
                            "%(picking)s leaves: %(items)s",
                            picking=picking.name,
                            items=", ".join(
                                f"{line.intake_number} {line.name}" for line in pending
                            ),
                        )
                    )
