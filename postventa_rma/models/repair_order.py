from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class RepairOrder(models.Model):
    """A repair from an RMA: free in warranty, on an accepted quotation otherwise;
    quality control passes it before the unit is packed (seed 000)."""

    _inherit = "repair.order"

    rma_id = fields.Many2one("rma", string="RMA", index=True, copy=False, readonly=True)
    ticket_id = fields.Many2one(related="rma_id.ticket_id", string="Case")
    diagnosis = fields.Html(help="What the technician found.")
    work_done = fields.Html(help="What was repaired or replaced.")
    tests_done = fields.Html(string="Tests", help="Tests run after the repair.")
    qc_state = fields.Selection(
        [
            ("none", "Not sent"),
            ("pending", "Awaiting QC"),
            ("passed", "Passed"),
            ("failed", "Failed"),
        ],
        string="Quality control",
        default="none",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    qc_check_ids = fields.One2many(
        "postventa.qc.check", "repair_id", string="QC history"
    )
    quotation_accepted = fields.Boolean(compute="_compute_quotation_accepted")

    @api.depends("under_warranty", "sale_order_id.state")
    def _compute_quotation_accepted(self):
        for repair in self:
            repair.quotation_accepted = (
                repair.under_warranty or repair.sale_order_id.state == "sale"
            )

    def action_repair_start(self):
        for repair in self.filtered("rma_id"):
            if not repair.quotation_accepted:
                raise UserError(
                    self.env._(
                        "Repair %(repair)s is out of warranty: the customer must "
                        "accept the "
                        "quotation before the repair starts.",
                        repair=repair.name,
                    )
                )
        return super().action_repair_start()

    def action_create_sale_order(self):
        action = super().action_create_sale_order()
        # the case waits for the customer's decision on the quotation
        for ticket in self.rma_id.ticket_id:
            ticket.stage_id = ticket.team_id._postventa_stage("change")
        return action

    def action_send_to_qc(self):
        for repair in self:
            if repair.state != "under_repair":
                raise UserError(
                    self.env._("Only a repair under way can go to quality control.")
                )
            if not repair.work_done or not repair.work_done.striptags().strip():
                raise UserError(
                    self.env._(
                        "Describe the work done on %(repair)s before quality control.",
                        repair=repair.name,
                    )
                )
        self.write({"qc_state": "pending"})
        return True

    def _check_qc_user(self):
        if not self.env.user.has_group("postventa_rma.group_postventa_qc"):
            raise UserError(
                self.env._("Only quality control technicians pass or fail repairs.")
            )
        for repair in self:
            if repair.qc_state != "pending":
                raise UserError(
                    self.env._(
                        "Repair %(repair)s is not waiting for quality control.",
                        repair=repair.name,
                    )
                )
            if repair.user_id == self.env.user:
                raise ValidationError(
                    self.env._(
                        "You repaired %(repair)s: someone else must check it.",
                        repair=repair.name,
                    )
                )

    def action_qc_pass(self):
        self._check_qc_user()
        self.env["postventa.qc.check"].create(
            [{"repair_id": r.id, "result": "passed"} for r in self]
        )
        self.write({"qc_state": "passed"})
        return True

    def action_qc_fail(self, reason):
        if not (reason or "").strip():
            raise UserError(self.env._("Say what failed, for the technician."))
        self._check_qc_user()
        self.env["postventa.qc.check"].create(
            [{"repair_id": r.id, "result": "failed", "reason": reason} for r in self]
        )
        self.write({"qc_state": "failed"})
        for repair in self:
            repair.message_post(
                body=Markup("<p>%s</p><p>%s</p>")
                % (self.env._("Quality control failed: back to repair."), reason),
                subtype_xmlid="mail.mt_note",
            )
            repair.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=repair.user_id.id or self.env.uid,
                summary=self.env._("Quality control failed"),
                note=reason,
            )
        return True

    def action_repair_end(self):
        for repair in self.filtered("rma_id"):
            if repair.qc_state != "passed":
                raise UserError(
                    self.env._(
                        "Repair %(repair)s must pass quality control before it ends.",
                        repair=repair.name,
                    )
                )
        return super().action_repair_end()

    def action_open_qc_fail_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": "postventa.qc.fail.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_repair_id": self.id},
        }
