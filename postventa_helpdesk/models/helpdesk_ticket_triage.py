from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .helpdesk_ticket import INTERNAL
from .helpdesk_ticket_stage import KINDS_BEFORE_APPROVAL
from .postventa_priority_rule import LEVELS


class HelpdeskTicket(models.Model):
    """Triage: severity × urgency priority, classification and approval,
    escalation, reopening."""

    _inherit = "helpdesk.ticket"

    severity = fields.Selection(LEVELS, default="medium", required=True, tracking=True)
    urgency = fields.Selection(LEVELS, default="medium", required=True, tracking=True)
    priority = fields.Selection(
        default=None,  # the matrix decides, not helpdesk_mgmt's "Medium"
        compute="_compute_priority",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
    )
    priority_override_reason = fields.Char(
        tracking=True,
        copy=False,
        help="Why a person set another priority than the severity × urgency "
        "matrix's (the override wizard): while it is set, a change of severity or "
        "urgency leaves the priority as it is.",
        groups=INTERNAL,
    )
    classification_id = fields.Many2one("postventa.classification", tracking=True)
    service_type_id = fields.Many2one("postventa.service.type", tracking=True)
    resolution_code_id = fields.Many2one(
        "postventa.resolution.code", tracking=True, copy=False
    )
    approval_state = fields.Selection(
        [
            ("not_required", "Not required"),
            ("pending", "Awaiting approval"),
            ("approved", "Approved"),
        ],
        compute="_compute_approval_state",
        store=True,
        precompute=True,
    )
    approved_by_id = fields.Many2one(
        "res.users", readonly=True, copy=False, tracking=True, groups=INTERNAL
    )
    approved_date = fields.Datetime(readonly=True, copy=False, groups=INTERNAL)
    escalation_reason = fields.Text(readonly=True, copy=False, groups=INTERNAL)
    escalated_by_id = fields.Many2one(
        "res.users", readonly=True, copy=False, groups=INTERNAL
    )
    escalated_date = fields.Datetime(readonly=True, copy=False, groups=INTERNAL)
    escalation_count = fields.Integer(readonly=True, copy=False, groups=INTERNAL)
    escalation_team_id = fields.Many2one(
        related="team_id.escalation_team_id", string="Escalates to"
    )
    reopen_count = fields.Integer(readonly=True, copy=False)

    @api.depends("severity", "urgency", "company_id")
    def _compute_priority(self):
        """The severity × urgency matrix proposes the priority; it refuses nothing.

        Anyone may write another priority (an import, a mail rule, another addon, a
        JSON-RPC client): it is kept and tracked, and the matrix proposes again when
        the severity or the urgency changes. A priority a person overrode with a
        reason (the override wizard of the form) stays, whatever the matrix says,
        until someone overrides it again."""
        rules = self.env["postventa.priority.rule"]
        for ticket in self:
            if ticket.priority_override_reason and ticket.priority:
                ticket.priority = ticket.priority
                continue
            ticket.priority = (
                rules._priority_for(ticket.severity, ticket.urgency, ticket.company_id)
                or ticket.priority
                or "1"
            )

    @api.depends("classification_id.requires_approval", "approved_date")
    def _compute_approval_state(self):
        for ticket in self:
            if not ticket.classification_id.requires_approval:
                ticket.approval_state = "not_required"
            else:
                ticket.approval_state = (
                    "approved" if ticket.approved_date else "pending"
                )

    @api.constrains("stage_id", "approval_state")
    def _check_approval_before_work(self):
        for ticket in self:
            if (
                ticket.approval_state == "pending"
                and ticket.stage_id.postventa_kind not in KINDS_BEFORE_APPROVAL
            ):
                raise ValidationError(
                    self.env._(
                        "Case %(case)s is a %(classification)s request: a helpdesk "
                        "manager "
                        "must approve it before work starts.",
                        case=ticket.number,
                        classification=ticket.classification_id.name,
                    )
                )

    def _postventa_check_reclassification(self, classification_id):
        """A case that needs a manager's approval keeps it: only a manager moves it
        to a classification that needs none."""
        if self.env.su or self.env.user.has_group(
            "helpdesk_mgmt.group_helpdesk_manager"
        ):
            return
        new = self.env["postventa.classification"].browse(classification_id)
        for ticket in self:
            if (
                ticket.classification_id.requires_approval
                and ticket.classification_id != new
                and not (new.requires_approval and ticket.approval_state == "pending")
            ):
                raise AccessError(
                    self.env._(
                        "Case %(case)s is a %(classification)s request, which needs "
                        "a manager's approval: only a helpdesk manager can reclassify "
                        "it.",
                        case=ticket.number,
                        classification=ticket.classification_id.name,
                    )
                )

    def action_approve(self):
        if not self.env.user.has_group("helpdesk_mgmt.group_helpdesk_manager"):
            raise AccessError(
                self.env._(
                    "Only a helpdesk manager can approve security and access requests."
                )
            )
        pending = self.filtered(lambda t: t.approval_state == "pending")
        # the approver writes the case herself (her rights, its record rules)
        pending.check_access("write")
        pending._postventa_action_write(
            {"approved_by_id": self.env.uid, "approved_date": fields.Datetime.now()}
        )
        for ticket in pending:
            ticket._postventa_note(
                self.env._("Approved by %(user)s.", user=self.env.user.name),
            )

    def _postventa_escalate(self, reason, team=None):
        """Hand the case to Back Line, blocked until a specialist takes it."""
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the case is escalated."))
        for ticket in self:
            target = team or ticket.team_id.escalation_team_id
            if not target:
                raise UserError(
                    self.env._(
                        "Team %(team)s has no Back Line team to escalate to.",
                        team=ticket.team_id.display_name or "-",
                    )
                )
            ticket.check_access("write")
            ticket._postventa_action_write(
                {
                    "escalation_reason": reason,
                    "escalated_by_id": self.env.uid,
                    "escalated_date": fields.Datetime.now(),
                    "escalation_count": ticket.escalation_count + 1,
                }
            )
            ticket.write(
                {
                    "team_id": target.id,
                    "stage_id": target._postventa_stage("escalated").id,
                }
            )
            ticket._postventa_note(
                Markup("<p>%s</p><p>%s</p>")
                % (self.env._("Escalated to %(team)s.", team=target.name), reason),
            )

    def action_reopen(self):
        for ticket in self:
            if not ticket.closed:
                raise UserError(
                    self.env._("Case %(case)s is not closed.", case=ticket.number)
                )
            ticket.check_access("write")
            ticket._postventa_action_write({"reopen_count": ticket.reopen_count + 1})
            ticket._postventa_set_stage("reopened", {"closed_date": False})

    def action_open_escalate_wizard(self):
        return self._postventa_wizard(
            "postventa.escalate.wizard", self.env._("Escalate to Back Line")
        )

    def action_open_priority_override_wizard(self):
        return self._postventa_wizard(
            "postventa.priority.override.wizard", self.env._("Override priority")
        )

    def write(self, vals):
        """Refuses a reclassification away from an approval by a non-manager; no
        other effect."""
        if "classification_id" in vals:
            self._postventa_check_reclassification(vals["classification_id"])
        return super().write(vals)

    def _postventa_action_owned_fields(self):
        approve = self.env._("Approve")
        escalate = self.env._("Escalate to Back Line")
        return super()._postventa_action_owned_fields() | {
            "approval_state": approve,
            "approved_by_id": approve,
            "approved_date": approve,
            "escalation_reason": escalate,
            "escalated_by_id": escalate,
            "escalated_date": escalate,
            "escalation_count": escalate,
            "reopen_count": self.env._("Reopen"),
        }
