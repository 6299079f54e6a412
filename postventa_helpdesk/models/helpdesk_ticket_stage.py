from odoo import fields, models

STAGE_KINDS = [
    ("new", "New"),
    ("progress", "In progress"),
    ("escalated", "Blocked awaiting escalation"),
    ("customer", "Blocked awaiting customer"),
    ("change", "Change management"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
    ("reopened", "Reopened"),
]
# Stages a case awaiting a manager's approval may be in: no work happens there.
KINDS_BEFORE_APPROVAL = ("new", "cancelled")


class HelpdeskTicketStage(models.Model):
    _inherit = "helpdesk.ticket.stage"

    postventa_kind = fields.Selection(
        STAGE_KINDS,
        string="Meaning",
        help="What this stage means for the postventa flows (escalation, reopening, "
        "approval, SLA); actions look stages up by this, not by name.",
    )
