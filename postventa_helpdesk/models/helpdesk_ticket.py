from odoo import api, fields, models
from odoo.exceptions import UserError

from .postventa_link import check_link_access

# Fields of the case's internals (escalation, approval, SLA clock, survey token):
# employees only, so that portal users read none of them on any door (RPC too).
INTERNAL = "base.group_user"

WARRANTY_STATES = [
    ("doa", "Dead on arrival"),
    ("in_warranty", "In warranty"),
    ("partial", "Partial (some components)"),
    ("out_of_warranty", "Out of warranty"),
    ("void", "Void"),
    ("not_applicable", "Not applicable"),
]


class HelpdeskTicket(models.Model):
    """The case's unit and its intake; the fields only the case's actions write."""

    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "postventa.action.owned.mixin"]
    # a case's unit, store, RMAs... are of the case's company
    _check_company_auto = True

    # helpdesk_mgmt's label, redeclared so that postventa translates it
    notes = fields.Html(string="Internal notes")
    # helpdesk_mgmt's stored computes, precomputed: a new case is written by its
    # INSERT alone, with no UPDATE of the new row after it (an UPDATE that touches
    # an indexed column rewrites every index of the table). The same computes, on
    # the record before it is inserted; what a create gives is kept as before.
    # team_id and user_id depend on each other: both or neither.
    # (compute or related and store restated: Odoo checks each declaration alone)
    team_id = fields.Many2one(compute="_compute_team_id", store=True, precompute=True)
    user_id = fields.Many2one(compute="_compute_user_id", store=True, precompute=True)
    stage_id = fields.Many2one(compute="_compute_stage_id", store=True, precompute=True)
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, precompute=True
    )
    unattended = fields.Boolean(
        related="stage_id.unattended", store=True, precompute=True
    )
    unit_id = fields.Many2one(
        "postventa.unit",
        string="Unit",
        tracking=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    serial = fields.Char(related="unit_id.serial", string="Serial number")
    # precomputed (here and below): written by the case's INSERT, not by an UPDATE
    # of the new row after it (a second write that also updates its indexes)
    unit_product_id = fields.Many2one(
        related="unit_id.product_id",
        string="Product",
        store=True,
        index=True,
        precompute=True,
    )
    purchase_date = fields.Date(related="unit_id.purchase_date", readonly=False)
    store_id = fields.Many2one(
        related="unit_id.store_id", string="Store", readonly=False
    )
    # stored for the stores' record rule: a rule through unit_id would make every
    # search of a store's user read postventa.unit, which stores may not
    unit_store_id = fields.Many2one(
        related="unit_id.store_id",
        string="Unit's store",
        store=True,
        index=True,
        precompute=True,
    )
    contract_number = fields.Char(related="unit_id.contract_number", readonly=False)
    equipment_location = fields.Char(related="unit_id.location", readonly=False)
    has_proof_of_purchase = fields.Boolean(compute="_compute_has_proof_of_purchase")
    partner_phone = fields.Char(string="Phone")
    unit_history_ids = fields.Many2many(
        "helpdesk.ticket", compute="_compute_unit_history", string="Case history"
    )
    unit_history_count = fields.Integer(
        compute="_compute_unit_history", string="Other cases"
    )

    @api.depends("unit_id")
    def _compute_has_proof_of_purchase(self):
        for ticket in self:
            ticket.has_proof_of_purchase = bool(
                ticket.unit_id.with_context(bin_size=True).proof_of_purchase
            )

    @api.depends("unit_id.ticket_ids")
    def _compute_unit_history(self):
        # through the unit's cases: one query for a whole list of tickets, none
        # for a unit registered in this transaction (its cases are in the cache)
        for ticket in self:
            history = ticket.unit_id.ticket_ids - ticket._origin
            ticket.unit_history_ids = history
            ticket.unit_history_count = len(history)

    def _postventa_customer_tz(self, fallback="UTC"):
        """The customer's time zone; failing that, the team's business hours' (where
        the team serves), then the company's, then ``fallback``."""
        self.ensure_one()
        return (
            self.partner_id.tz
            or self.team_id.business_calendar_id.tz
            or self.company_id.partner_id.tz
            or fallback
        )

    @api.model
    def _postventa_register_case(self, values):
        """Register a case as the contact centre takes it by phone (CPS's procedure).

        ``values``: ticket fields plus ``product_id``, ``serial`` and the unit data
        (``purchase_date``, ``store_id``, ``contract_number``, ``location``,
        ``proof_of_purchase``, ``proof_of_purchase_filename``). The unit is found by
        product and serial, or registered; its owner is the case's customer.
        """
        values = dict(values)
        unit_fields = (
            "purchase_date",
            "store_id",
            "contract_number",
            "location",
            "proof_of_purchase",
            "proof_of_purchase_filename",
        )
        unit_values = {key: values.pop(key) for key in unit_fields if key in values}
        product = self.env["product.product"].browse(values.pop("product_id", False))
        serial = values.pop("serial", False)
        if product and serial:
            partner = self.env["res.partner"].browse(values.get("partner_id"))
            unit_values["owner_id"] = partner.commercial_partner_id.id
            # a new unit is of the case's company
            company = self.env["res.company"].browse(values.get("company_id"))
            values["unit_id"] = (
                self.env["postventa.unit"]
                ._find_or_register(product, serial, unit_values, company=company)
                .id
            )
        elif product or serial:
            raise UserError(self.env._("Give both the product and its serial number."))
        return self.create(values)

    def _postventa_set_stage(self, kind, extra=None):
        for ticket in self:
            stage = ticket.team_id._postventa_stage(kind)
            ticket.write(dict(extra or {}, stage_id=stage.id))

    def _postventa_resolution(self, xmlid):
        return self.env.ref(f"postventa_helpdesk.{xmlid}", raise_if_not_found=False)

    def _postventa_wizard(self, model, name):
        self.ensure_one()
        return {
            "name": name,
            "type": "ir.actions.act_window",
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def action_view_unit_history(self):
        self.ensure_one()
        return self.unit_id.action_view_tickets()

    @api.model_create_multi
    def create(self, vals_list):
        """Refuses a unit the user may not change (its company is checked by
        ``check_company``); no other effect."""
        check_link_access(self, vals_list, ["unit_id"])
        return super().create(vals_list)

    def write(self, vals):
        """Refuses a unit the user may not change; no other effect."""
        check_link_access(self, [vals], ["unit_id"])
        return super().write(vals)

    def _postventa_action_owned_fields(self):
        """Fields only the case's own actions write (each concern adds its own):
        they check who may, then write through ``_postventa_action_write``. Any
        other door (a form, JSON-RPC, an import, an onchange) is refused."""
        return super()._postventa_action_owned_fields()
