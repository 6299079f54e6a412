from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.postventa_priority_rule import LEVELS


class PostventaIntakeWizard(models.TransientModel):
    """Phone intake: every datum the contact centre asks for (CPS's procedure)."""

    _name = "postventa.intake.wizard"
    _description = "Register a case by phone"

    partner_id = fields.Many2one("res.partner", string="Customer")
    partner_name = fields.Char(string="Full name")
    contract_number = fields.Char()
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        help="The team's company: the case, its products and its customer's.",
    )
    product_id = fields.Many2one(
        "product.product",
        required=True,
        domain="[('company_id', 'in', [False, company_id])]",
    )
    # where the customer is: the zone, and so the SLA and the courier, follow it
    street = fields.Char()
    street2 = fields.Char()
    city = fields.Char()
    zip = fields.Char()
    state_id = fields.Many2one(
        "res.country.state",
        string="State",
        domain="[('country_id', '=?', country_id)]",
    )
    country_id = fields.Many2one("res.country", string="Country")
    identification_type_id = fields.Many2one(
        "l10n_latam.identification.type",
        string="Identification type",
        domain="['|', ('country_id', '=', False), ('country_id', '=', country_id)]",
    )
    vat = fields.Char(string="Identification number")
    serial = fields.Char(string="Serial / service number", required=True)
    location = fields.Char(string="Equipment location")
    contact_name = fields.Char(string="Contact name")
    contact_phone = fields.Char(string="Contact phone")
    contact_email = fields.Char(string="Contact email")
    name = fields.Char(string="Subject", required=True)
    description = fields.Html(string="Failure description", required=True)
    purchase_date = fields.Date()
    proof_of_purchase = fields.Binary()
    proof_of_purchase_filename = fields.Char()
    store_id = fields.Many2one(
        "res.partner",
        string="Store of purchase",
        domain=[("is_postventa_store", "=", True)],
    )
    team_id = fields.Many2one(
        "helpdesk.ticket.team", string="Team", default=lambda self: self._default_team()
    )
    severity = fields.Selection(LEVELS, default="medium", required=True)
    urgency = fields.Selection(LEVELS, default="medium", required=True)
    classification_id = fields.Many2one("postventa.classification")
    service_type_id = fields.Many2one("postventa.service.type")
    unit_id = fields.Many2one(
        "postventa.unit", compute="_compute_unit_id", string="Known unit"
    )
    unit_ticket_ids = fields.One2many(
        related="unit_id.ticket_ids", string="Case history"
    )

    @api.model
    def _default_team(self):
        """The agent's Front Line team: phone cases start there."""
        teams = self.env["helpdesk.ticket.team"].search(
            [("postventa_tier", "=", "front")], order="sequence, id"
        )
        return teams.filtered(lambda t: self.env.user in t.user_ids)[:1] or teams[:1]

    @api.depends("team_id")
    def _compute_company_id(self):
        for wizard in self:
            wizard.company_id = wizard.team_id.company_id or self.env.company

    @api.depends("product_id", "serial")
    def _compute_unit_id(self):
        units = self.env["postventa.unit"]
        for wizard in self:
            unit = units
            if wizard.product_id and wizard.serial:
                unit = units.search(
                    [
                        ("product_id", "=", wizard.product_id.id),
                        ("serial", "=", units._normalize_serial(wizard.serial)),
                    ],
                    limit=1,
                )
            wizard.unit_id = unit

    @api.onchange("unit_id")
    def _onchange_unit_id(self):
        unit = self.unit_id
        if unit:
            self.partner_id = self.partner_id or unit.owner_id
            self.purchase_date = self.purchase_date or unit.purchase_date
            self.store_id = self.store_id or unit.store_id
            self.contract_number = self.contract_number or unit.contract_number
            self.location = self.location or unit.location

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if self.partner_id:
            self.partner_name = self.partner_id.commercial_partner_id.name
            self.contact_name = self.contact_name or self.partner_id.name
            self.contact_phone = self.contact_phone or self.partner_id.phone
            self.contact_email = self.contact_email or self.partner_id.email
            customer = self.partner_id.commercial_partner_id
            address = self.partner_id if self.partner_id.street else customer
            for name in ("street", "street2", "city", "zip", "state_id", "country_id"):
                self[name] = address[name]
            self.identification_type_id = customer.l10n_latam_identification_type_id
            self.vat = customer.vat

    @api.onchange("country_id")
    def _onchange_country_id(self):
        if self.state_id and self.state_id.country_id != self.country_id:
            self.state_id = False
        if self.identification_type_id.country_id and (
            self.identification_type_id.country_id != self.country_id
        ):
            self.identification_type_id = False
        if not self.identification_type_id and not self.partner_id.is_company:
            # a caller is a private person unless said otherwise
            self.identification_type_id = self.env[
                "res.partner"
            ]._postventa_person_id_type(self.country_id)

    def _address_values(self):
        """The address and identification asked on the phone, as partner values
        (only what the agent filled in: nothing known is erased)."""
        values = {
            name: self[name].id if name.endswith("_id") else self[name]
            for name in ("street", "street2", "city", "zip", "state_id", "country_id")
            if self[name]
        }
        if self.vat:
            values["vat"] = self.vat.strip()
        if self.identification_type_id:
            values["l10n_latam_identification_type_id"] = self.identification_type_id.id
        return values

    def _get_or_create_partner(self):
        """The contact in charge of the case, under the customer when they differ.
        The address and the identification go on the customer (its contacts share
        its address and identification)."""
        partners = self.env["res.partner"]
        customer = self.partner_id.commercial_partner_id
        if customer:
            values = self._address_values()
            if values:
                # the contact centre edits the customer it talks to
                customer.write(values)
                if self.partner_id != customer and self.partner_id.type != "contact":
                    self.partner_id.write(
                        {k: v for k, v in values.items() if k not in ("vat",)}
                    )
        if not customer:
            if not (self.partner_name or "").strip():
                raise UserError(self.env._("Give the customer's full name."))
            customer = partners._postventa_find_by_email(self.contact_email)
            if customer:
                customer.write(self._address_values())
            customer = customer or partners.create(
                {
                    "name": self.partner_name,
                    "phone": self.contact_phone,
                    "email": self.contact_email,
                    **self._address_values(),
                }
            )
        contact_name = (self.contact_name or "").strip()
        if not contact_name or contact_name == customer.name:
            return customer
        contact = customer.child_ids.filtered(lambda c: c.name == contact_name)[:1]
        return contact or partners.create(
            {
                "parent_id": customer.id,
                "type": "contact",
                "name": contact_name,
                "phone": self.contact_phone,
                "email": self.contact_email,
            }
        )

    def action_register(self):
        self.ensure_one()
        company = self.company_id
        if self.product_id.company_id and self.product_id.company_id != company:
            raise UserError(
                self.env._(
                    "%(product)s is a product of %(product_company)s: team %(team)s "
                    "of %(company)s does not service it.",
                    product=self.product_id.display_name,
                    product_company=self.product_id.company_id.name,
                    team=self.team_id.display_name or "-",
                    company=company.name,
                )
            )
        # refuse a malformed serial before anything is written
        self.product_id.product_tmpl_id._postventa_check_serial(
            self.env["postventa.unit"]._normalize_serial(self.serial)
        )
        contact = self._get_or_create_partner()
        channel = self.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_channel_phone", raise_if_not_found=False
        )
        ticket = self.env["helpdesk.ticket"]._postventa_register_case(
            {
                "name": self.name,
                "description": self.description,
                "partner_id": contact.id,
                "partner_name": contact.name,
                "partner_email": self.contact_email or contact.email,
                "partner_phone": self.contact_phone or contact.phone,
                "team_id": self.team_id.id,
                "channel_id": channel.id if channel else False,
                "severity": self.severity,
                "urgency": self.urgency,
                "classification_id": self.classification_id.id,
                "service_type_id": self.service_type_id.id,
                "product_id": self.product_id.id,
                "serial": self.serial,
                "purchase_date": self.purchase_date,
                "store_id": self.store_id.id,
                "contract_number": self.contract_number,
                "location": self.location,
                "proof_of_purchase": self.proof_of_purchase,
                "proof_of_purchase_filename": self.proof_of_purchase_filename,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": ticket.id,
            "view_mode": "form",
        }
