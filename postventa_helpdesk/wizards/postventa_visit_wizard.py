from odoo import api, fields, models


class PostventaVisitWizard(models.TransientModel):
    """Schedule visit: proposes the technician's first free slot in business hours;
    the agent may move it before the proposal is mailed to the customer."""

    _name = "postventa.visit.wizard"
    _description = "Schedule an on-site visit"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True)
    technician_id = fields.Many2one(
        "res.users",
        string="Technician",
        required=True,
        domain=[("share", "=", False)],
        compute="_compute_technician_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    duration = fields.Float(string="Duration (hours)", default=1.0, required=True)
    earliest = fields.Datetime(
        string="Not before",
        default=fields.Datetime.now,
        required=True,
        help="The search for a free slot starts here.",
    )
    start = fields.Datetime(
        string="Proposed time",
        compute="_compute_start",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )

    @api.depends("ticket_id")
    def _compute_technician_id(self):
        for wizard in self:
            wizard.technician_id = wizard.ticket_id.user_id or self.env.user

    @api.depends("technician_id", "duration", "earliest")
    def _compute_start(self):
        Visit = self.env["postventa.visit"]
        for wizard in self:
            if wizard.technician_id and wizard.duration > 0 and wizard.earliest:
                wizard.start = Visit._first_free_slot(
                    wizard.technician_id,
                    wizard.duration,
                    wizard.earliest,
                    wizard.ticket_id,
                )
            else:
                wizard.start = False

    def action_propose(self):
        self.ensure_one()
        visit = self.env["postventa.visit"].create(
            {
                "ticket_id": self.ticket_id.id,
                "technician_id": self.technician_id.id,
                "start": self.start,
                "duration": self.duration,
            }
        )
        visit.action_propose()
        return {"type": "ir.actions.act_window_close"}
