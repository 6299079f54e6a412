from odoo import api, fields, models

from odoo.addons.postventa_helpdesk.models.postventa_link import check_link_access

INTAKE_ORIGINS = [
    ("customer", "Customer"),
    ("store", "Store"),
    ("drop_off", "Drop-off centre"),
    ("courier", "Courier"),
]


class PostventaLabIntake(models.Model):
    """What arrives at the lab with a unit (HP Paraguay's procedure): its condition, the
    supplies and accessories that came with it (each with its own intake number, to be
    packed back), where it came from, and photos."""

    _name = "postventa.lab.intake"
    _description = "Lab intake"
    _inherit = ["mail.thread", "postventa.action.owned.mixin"]
    _order = "received_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Intake number", readonly=True, copy=False, default="/")
    rma_id = fields.Many2one(
        "rma", string="RMA", required=True, ondelete="cascade", index=True
    )
    ticket_id = fields.Many2one(related="rma_id.ticket_id", store=True, string="Case")
    partner_id = fields.Many2one(related="rma_id.partner_id", string="Customer")
    product_id = fields.Many2one(related="rma_id.product_id")
    lot_id = fields.Many2one(related="rma_id.lot_id", string="Serial number")
    company_id = fields.Many2one(related="rma_id.company_id", store=True)
    received_date = fields.Datetime(default=fields.Datetime.now, required=True)
    received_by_id = fields.Many2one(
        "res.users",
        string="Received by",
        default=lambda self: self.env.user,
        required=True,
    )
    origin = fields.Selection(
        INTAKE_ORIGINS, string="Comes from", required=True, default="customer"
    )
    condition = fields.Text(
        required=True, help="Visible state of the unit: marks, missing covers, damage."
    )
    photo_ids = fields.Many2many(
        "ir.attachment",
        "postventa_lab_intake_photo_rel",
        "intake_id",
        "attachment_id",
        string="Photos",
    )
    line_ids = fields.One2many(
        "postventa.lab.intake.line",
        "intake_id",
        string="Supplies and accessories",
        copy=True,
    )

    def _postventa_action_owned_fields(self):
        """The intake number comes from its sequence when the unit is received."""
        return super()._postventa_action_owned_fields() | {
            "name": self.env._("Receive at the lab (the intake's numbering)")
        }

    @api.model_create_multi
    def create(self, vals_list):
        """Numbers the intake (its sequence); side effect: what came with the
        unit is noted on the RMA (``_postventa_note_received``), which the user
        must be able to change."""
        self._postventa_check_action_owned(
            [
                {k: v for k, v in vals.items() if k != "name" or v != "/"}
                for vals in vals_list
            ],
            defaults=True,
        )
        check_link_access(self, vals_list, ["rma_id"])
        for vals in vals_list:
            vals["name"] = (
                self.env["ir.sequence"].next_by_code("postventa.lab.intake") or "/"
            )
        with self._postventa_action_scope(["name"]):
            intakes = (
                super(
                    PostventaLabIntake,
                    self.with_context(postventa_intake_creating=True),
                )
                .create(vals_list)
                .with_env(self.env)
            )
        for intake in intakes:
            intake._postventa_note_received(intake.line_ids)
        return intakes

    def write(self, vals):
        """Moving an intake to another RMA needs the right to change that RMA. No
        side effect here."""
        check_link_access(self, [vals], ["rma_id"])
        return super().write(vals)

    def _creation_message(self):
        return self.env._("Lab intake %(intake)s created", intake=self.name)

    def _postventa_note_received(self, lines, later=False):
        """The RMA's history says what came with the unit: on intake, and again
        when supplies or accessories are added to the intake afterwards."""
        self.ensure_one()
        _ = self.env._
        if later:
            body = _(
                "Lab intake %(intake)s: %(items)s received too (supplies and "
                "accessories in all: %(count)s).",
                intake=self.name,
                items=", ".join(lines.mapped("name")),
                count=len(self.line_ids),
            )
        elif lines:
            body = _(
                "Lab intake %(intake)s: supplies and accessories received "
                "(%(count)s): %(items)s.",
                intake=self.name,
                count=len(lines),
                items=", ".join(lines.mapped("name")),
            )
        else:
            body = _(
                "Lab intake %(intake)s: the unit came without supplies or "
                "accessories.",
                intake=self.name,
            )
        self.rma_id._postventa_note(body)

    def action_print_receipt(self):
        return self.env.ref("postventa_rma.action_report_lab_intake").report_action(
            self
        )
