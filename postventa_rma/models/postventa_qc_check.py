from odoo import fields, models


class PostventaQcCheck(models.Model):
    """One quality control verdict on a repair: the history of passes and fails.
    Quality control technicians create them (their access right), only through
    Pass QC and Fail QC: every field is the action's."""

    _name = "postventa.qc.check"
    _inherit = ["postventa.action.owned.mixin"]
    _description = "Quality control check"
    _order = "date desc, id desc"

    repair_id = fields.Many2one(
        "repair.order", required=True, ondelete="cascade", index=True
    )
    # the repair's, for the multi-company rule
    company_id = fields.Many2one(
        related="repair_id.company_id", store=True, index="btree_not_null"
    )
    result = fields.Selection(
        [("passed", "Passed"), ("failed", "Failed")], required=True
    )
    reason = fields.Text(help="What failed, for the technician who repairs it again.")
    user_id = fields.Many2one(
        "res.users",
        string="Checked by",
        required=True,
        default=lambda self: self.env.user,
    )
    date = fields.Datetime(default=fields.Datetime.now, required=True)

    def _postventa_action_owned_fields(self):
        qc = self.env._("Pass QC, Fail QC")
        return super()._postventa_action_owned_fields() | dict.fromkeys(
            ("repair_id", "result", "reason", "user_id", "date"), qc
        )
