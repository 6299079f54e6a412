from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.postventa_helpdesk.models.postventa_link import check_link_access


class RepairOrder(models.Model):
    """A repair from an RMA: free in warranty, on an accepted quotation otherwise;
    quality control passes it before the unit is packed (HP Paraguay's procedure)."""

    _name = "repair.order"
    _inherit = ["repair.order", "postventa.action.owned.mixin"]

    rma_id = fields.Many2one(
        "rma", string="RMA", index=True, copy=False, readonly=True, check_company=True
    )
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
    repaired_by_ids = fields.Many2many(
        "res.users",
        "repair_order_postventa_repaired_by_rel",
        "repair_id",
        "user_id",
        string="Repaired by",
        readonly=True,
        copy=False,
        help="Who started the repair, described the work done or sent it to quality "
        "control: none of them may pass or fail it.",
    )
    quotation_accepted = fields.Boolean(compute="_compute_quotation_accepted")

    @api.depends("under_warranty", "sale_order_id.state")
    def _compute_quotation_accepted(self):
        for repair in self:
            repair.quotation_accepted = (
                repair.under_warranty or repair.sale_order_id.state == "sale"
            )

    def _postventa_action_owned_fields(self):
        """Quality control results change only through the QC actions (which check
        who may); who repaired is recorded by the repair work itself."""
        qc = self.env._("Send to quality control, Pass QC, Fail QC")
        return super()._postventa_action_owned_fields() | {
            "qc_state": qc,
            "qc_check_ids": qc,
            "repaired_by_ids": self.env._("the repair work (Start, Work done)"),
        }

    def _postventa_action_owned_touched(self, vals):
        """And an RMA's repair is done only once quality control passed it (End
        Repair), whatever the door (a write, upstream's action_repair_done)."""
        touched = super()._postventa_action_owned_touched(vals)
        if vals.get("state") == "done" and any(
            repair.rma_id and repair.qc_state != "passed" for repair in self
        ):
            touched["state"] = self.env._("Pass QC, then End Repair")
        return touched

    @api.model_create_multi
    def create(self, vals_list):
        """Refuses an RMA the user may not change. No side effect here."""
        check_link_access(self, vals_list, ["rma_id"])
        return super().create(vals_list)

    def write(self, vals):
        """Side effect: work done written on a repair under way records who
        repaired it (``_postventa_repaired_by``); an RMA the user may not change
        is refused."""
        check_link_access(self, [vals], ["rma_id"])
        result = super().write(vals)
        if "work_done" in vals:
            self.filtered(lambda r: r.state == "under_repair")._postventa_repaired_by()
        return result

    def _creation_message(self):
        # Odoo's "<model name> created" reads the model's name, which is not
        # translated yet while the demo is installed
        return self.env._("Repair order %(repair)s created", repair=self.name)

    def _postventa_repaired_by(self):
        """The current user did repair work on these repairs (the repair work:
        written with the user's own rights on the repairs)."""
        if self.env.user._is_superuser():
            return
        self._postventa_action_write(
            {"repaired_by_ids": [fields.Command.link(self.env.uid)]}
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
        result = super().action_repair_start()
        self._postventa_repaired_by()
        for repair in self.filtered(lambda r: r.rma_id and r.state == "under_repair"):
            repair._postventa_tell_rma(
                self.env._(
                    "Repair %(repair)s started by %(user)s.",
                    repair=repair.name,
                    user=self.env.user.name,
                )
            )
        return result

    def action_repair_done(self):
        result = super().action_repair_done()
        for repair in self.filtered(lambda r: r.rma_id and r.state == "done"):
            repair._postventa_tell_rma(
                self.env._(
                    "Repair %(repair)s finished, quality control passed: the unit "
                    "is ready to go back.",
                    repair=repair.name,
                )
            )
        return result

    def _postventa_tell_rma(self, body):
        """A step of the lab in the RMA's history (lab and quality control staff
        see every RMA: ``rma.rma_group_user_all``)."""
        self.ensure_one()
        self.rma_id._postventa_note(body)

    def action_create_sale_order(self):
        action = super().action_create_sale_order()
        # the case waits for the customer's decision on the quotation
        for ticket in self.rma_id.ticket_id:
            ticket.stage_id = ticket.team_id._postventa_stage("change")
        return action

    def action_send_to_qc(self):
        self.check_access("write")
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
        self._postventa_repaired_by()
        self._postventa_action_write({"qc_state": "pending"})
        return True

    def _check_qc_user(self):
        self.check_access("write")
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
            # who repaired it as recorded by the repair work, not the (writable)
            # responsible of the repair
            if self.env.user in repair.repaired_by_ids:
                raise ValidationError(
                    self.env._(
                        "You repaired %(repair)s: someone else must check it.",
                        repair=repair.name,
                    )
                )

    def action_qc_pass(self):
        self._check_qc_user()
        # quality control records its checks (its access right to create them)
        self.env["postventa.qc.check"]._postventa_action_create(
            [{"repair_id": r.id, "result": "passed"} for r in self]
        )
        self._postventa_action_write({"qc_state": "passed"})
        return True

    def action_qc_fail(self, reason):
        if not (reason or "").strip():
            raise UserError(self.env._("Say what failed, for the technician."))
        self._check_qc_user()
        self.env["postventa.qc.check"]._postventa_action_create(
            [{"repair_id": r.id, "result": "failed", "reason": reason} for r in self]
        )
        self._postventa_action_write({"qc_state": "failed"})
        for repair in self:
            repair._postventa_note(
                Markup("<p>%s</p><p>%s</p>")
                % (self.env._("Quality control failed: back to repair."), reason),
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
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Fail quality control of %(repair)s", repair=self.name),
            "res_model": "postventa.qc.fail.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_repair_id": self.id},
        }
