from odoo import api, fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    postventa_claim_id = fields.Many2one(
        "postventa.claim",
        string="Warranty claim",
        readonly=True,
        copy=False,
        index=True,
        help="The claim whose failed parts this transfer ships back.",
    )

    def _action_done(self):
        """A DOA exchange handed out or a part shipped under warranty prepares its
        claim line (as superuser: logistics has no rights on claims)."""
        result = super()._action_done()
        self.env["postventa.claim.line"]._postventa_create_lines_sudo(self)
        return result


class StockMove(models.Model):
    _inherit = "stock.move"

    postventa_claim_part_id = fields.Many2one(
        "postventa.claim.line.part",
        string="Claimed part",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )

    @api.model
    def _prepare_merge_moves_distinct_fields(self):
        """Each failed part returned keeps its own move (and lot)."""
        return super()._prepare_merge_moves_distinct_fields() + [
            "postventa_claim_part_id"
        ]
