from odoo import _lt, fields, models

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


# What a customer or a store reads for a stage of each kind: the staff's stages
# (escalation, change management) are work in progress for them.
CUSTOMER_STAGE_NAMES = {
    "new": _lt("Received"),
    "progress": _lt("In progress"),
    "escalated": _lt("In progress"),
    "customer": _lt("Waiting for your answer"),
    "change": _lt("In progress"),
    "done": _lt("Solved"),
    "cancelled": _lt("Cancelled"),
    "reopened": _lt("Reopened"),
}


class HelpdeskTicketStage(models.Model):
    _inherit = "helpdesk.ticket.stage"

    postventa_kind = fields.Selection(
        STAGE_KINDS,
        string="Meaning",
        help="What this stage means for the postventa flows (escalation, reopening, "
        "approval, SLA); actions look stages up by this, not by name.",
    )

    def _postventa_customer_name(self):
        """The stage's name as a customer or a store reads it, in the reader's
        language: by its meaning, never an internal stage's name."""
        self.ensure_one()
        label = CUSTOMER_STAGE_NAMES.get(self.postventa_kind)
        return label._translate(self.env.lang or "en_US") if label else self.name

    def _postventa_portal_close_label(self):
        """What the customer's button to close the case into this stage says: what
        it means for them, not the stage's bare name."""
        self.ensure_one()
        if self.postventa_kind == "cancelled":
            return self.env._("I no longer need help: cancel the case")
        if self.postventa_kind == "done":
            return self.env._("My problem is solved: close the case")
        return self._postventa_customer_name()
