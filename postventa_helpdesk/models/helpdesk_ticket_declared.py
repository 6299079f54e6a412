from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import AccessError, UserError

# What a customer or a store may declare about a unit that is already registered:
# the unit keeps its data until an agent accepts what was declared.
DECLARED_FIELDS = {
    "purchase_date": "declared_purchase_date",
    "store_id": "declared_store_id",
    "proof_of_purchase": "declared_proof_of_purchase",
    "proof_of_purchase_filename": "declared_proof_of_purchase_filename",
}


class HelpdeskTicket(models.Model):
    """What the customer or the store declared for a known unit that differs from
    what is registered: kept on the case for an agent to accept or reject."""

    _inherit = "helpdesk.ticket"

    declared_purchase_date = fields.Date(
        string="Declared purchase date",
        readonly=True,
        copy=False,
        groups="base.group_user",
    )
    declared_store_id = fields.Many2one(
        "res.partner",
        string="Declared store",
        readonly=True,
        copy=False,
        groups="base.group_user",
        check_company=True,
    )
    declared_proof_of_purchase = fields.Binary(
        string="Declared proof of purchase",
        attachment=True,
        readonly=True,
        copy=False,
        groups="base.group_user",
    )
    declared_proof_of_purchase_filename = fields.Char(
        string="Declared proof file name",
        readonly=True,
        copy=False,
        groups="base.group_user",
    )
    unit_discrepancy = fields.Boolean(
        string="Unit data to review",
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="The customer or the store declared data for this unit that differs "
        "from what is registered: an agent accepts or rejects it.",
    )

    def _postventa_declared_values(self, unit, unit_values):
        """The case values recording what was declared for the registered ``unit``
        and differs from its data (empty when nothing differs)."""
        declared = {}
        for unit_field, case_field in DECLARED_FIELDS.items():
            value = unit_values.get(unit_field)
            if unit_field == "proof_of_purchase_filename" or not value:
                continue
            if unit._differs(unit_field, value):
                declared[case_field] = value
                if unit_field == "proof_of_purchase":
                    declared["declared_proof_of_purchase_filename"] = unit_values.get(
                        "proof_of_purchase_filename"
                    )
        if declared:
            declared["unit_discrepancy"] = True
        return declared

    def _postventa_flag_discrepancy(self):
        """Tell the agent: a note with both versions and an activity to review.
        Runs on the case the portal registration opened as superuser (the
        customer reads neither the unit nor its other data)."""
        activity_type = self.env.ref(
            "postventa_helpdesk.mail_activity_unit_discrepancy"
        )
        for ticket in self:
            unit = ticket.unit_id
            rows = []
            if ticket.declared_purchase_date:
                rows.append(
                    (
                        self.env._("Purchase date"),
                        ticket._postventa_format_date(unit.purchase_date),
                        ticket._postventa_format_date(ticket.declared_purchase_date),
                    )
                )
            if ticket.declared_store_id:
                rows.append(
                    (
                        self.env._("Store of purchase"),
                        unit.store_id.display_name or "-",
                        ticket.declared_store_id.display_name,
                    )
                )
            if ticket.declared_proof_of_purchase:
                rows.append(
                    (
                        self.env._("Proof of purchase"),
                        unit.proof_of_purchase_filename or "-",
                        ticket.declared_proof_of_purchase_filename or "-",
                    )
                )
            body = Markup("<p>%s</p><ul>%s</ul>") % (
                self.env._(
                    "Unit %(serial)s is registered with other data than declared for "
                    "this case; the case keeps the registered data until an agent "
                    "accepts the declared one.",
                    serial=unit.serial,
                ),
                Markup("").join(Markup("<li>%s: %s → %s</li>") % row for row in rows),
            )
            ticket._postventa_note(body)
            user = (
                ticket.user_id
                or ticket.team_id.user_id
                or ticket.team_id.user_ids[:1]
                or self.env.ref("base.user_admin")
            )
            ticket.activity_schedule(
                activity_type_id=activity_type.id,
                user_id=user.id,
                summary=self.env._(
                    "Review the data declared for unit %(serial)s", serial=unit.serial
                ),
            )

    def _postventa_format_date(self, value):
        return fields.Date.to_string(value) if value else "-"

    def _postventa_check_discrepancy_reviewer(self):
        if not self.env.user.has_group("helpdesk_mgmt.group_helpdesk_user_own"):
            raise AccessError(
                self.env._("Only helpdesk staff can review the data of a unit.")
            )
        self.check_access("write")
        for ticket in self:
            if not ticket.unit_discrepancy:
                raise UserError(
                    self.env._(
                        "Case %(case)s has no declared unit data to review.",
                        case=ticket.number,
                    )
                )

    def _postventa_clear_declared(self):
        """The reviewer (checked by the review's actions) clears the declared data
        with her own rights."""
        self._postventa_action_write(
            dict.fromkeys(DECLARED_FIELDS.values(), False) | {"unit_discrepancy": False}
        )
        self.activity_feedback(["postventa_helpdesk.mail_activity_unit_discrepancy"])

    def action_accept_declared_unit_data(self):
        """The unit takes the declared data (its chatter keeps the old values) and
        this case's warranty is evaluated again with it."""
        self._postventa_check_discrepancy_reviewer()
        for ticket in self:
            unit = ticket.unit_id
            values = {
                unit_field: ticket[case_field]
                for unit_field, case_field in DECLARED_FIELDS.items()
                if ticket[case_field]
            }
            if values.get("proof_of_purchase"):
                old = unit.with_context(bin_size=False).proof_of_purchase
                if old:
                    attachment = self.env["ir.attachment"].create(
                        {
                            "name": unit.proof_of_purchase_filename
                            or self.env._("Previous proof of purchase"),
                            "datas": old,
                            "res_model": unit._name,
                            "res_id": unit.id,
                        }
                    )
                    unit._postventa_note(
                        self.env._("The previous proof of purchase, replaced."),
                        attachment_ids=attachment.ids,
                    )
            if "store_id" in values:
                values["store_id"] = values["store_id"].id
            unit.write(values)
            ticket._postventa_note(
                self.env._(
                    "%(user)s accepted the declared data of unit %(serial)s.",
                    user=self.env.user.name,
                    serial=unit.serial,
                )
            )
        self._postventa_clear_declared()
        self._postventa_reevaluate_warranty()
        return True

    def action_reject_declared_unit_data(self):
        """The unit keeps its registered data."""
        self._postventa_check_discrepancy_reviewer()
        for ticket in self:
            ticket._postventa_note(
                self.env._(
                    "%(user)s rejected the declared data of unit %(serial)s: the "
                    "registered data stays.",
                    user=self.env.user.name,
                    serial=ticket.unit_id.serial,
                )
            )
        self._postventa_clear_declared()
        return True

    def _postventa_action_owned_fields(self):
        """The declared unit data: recorded by the portal registration, cleared
        by the review (Accept / Reject declared data)."""
        declared = self.env._(
            "the portal registration; Accept or Reject declared unit data"
        )
        return super()._postventa_action_owned_fields() | dict.fromkeys(
            (*DECLARED_FIELDS.values(), "unit_discrepancy"), declared
        )
