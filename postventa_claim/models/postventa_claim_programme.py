from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PostventaClaimProgramme(models.Model):
    """A manufacturer's warranty programme as the service provider works it: what it
    covers, what it pays and what it wants back (no such model in Odoo or OCA)."""

    _name = "postventa.claim.programme"
    _description = "Warranty programme"
    _inherit = ["mail.thread"]
    _order = "name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    manufacturer_id = fields.Many2one(
        "res.partner",
        string="Manufacturer",
        required=True,
        tracking=True,
        index=True,
        help="Who pays the warranty work and receives the claims.",
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
        tracking=True,
        help="The currency the manufacturer pays in.",
    )
    product_categ_ids = fields.Many2many(
        "product.category",
        string="Product categories covered",
        help="Units of these categories (and their subcategories) are claimed to "
        "this programme.",
    )
    product_ids = fields.Many2many(
        "product.product",
        "postventa_claim_programme_product_rel",
        string="Products covered",
        help="Units of these products are claimed to this programme, besides the "
        "categories.",
    )
    part_ids = fields.Many2many(
        "product.product",
        "postventa_claim_programme_part_rel",
        string="Parts reimbursed",
        help="The parts the manufacturer pays for; empty: every part.",
    )
    labour_rate = fields.Monetary(
        string="Rate per hour", help="Paid per standard hour of labour."
    )
    labour_operation_ids = fields.One2many(
        "postventa.claim.labour.operation", "programme_id", string="Labour operations"
    )
    parts_basis = fields.Selection(
        [
            ("cost", "Cost"),
            ("list_price", "List price"),
            ("percentage", "Percentage of the list price"),
        ],
        string="Parts reimbursed at",
        required=True,
        default="cost",
    )
    parts_percentage = fields.Float(string="Percentage", default=100.0)
    travel_allowance = fields.Monetary(
        help="Paid per claim line whose case had an on-site visit."
    )
    freight_allowance = fields.Monetary(
        help="Paid per claim line whose unit came to the lab by courier."
    )
    require_purchase_proof = fields.Boolean(string="Proof of purchase required")
    require_serial_photo = fields.Boolean(string="Photo of the serial required")
    require_failed_part_photo = fields.Boolean(
        string="Photo of the failed part required"
    )
    claim_deadline_days = fields.Integer(
        string="Claim deadline (days)",
        default=30,
        help="Days after the work within which the claim must reach the manufacturer.",
    )
    repeat_days = fields.Integer(
        string="Repeat window (days)",
        default=90,
        help="The same service number claimed again within these days waits for a "
        "person.",
    )
    parts_policy = fields.Selection(
        [
            ("ship_back", "Ship back"),
            ("scrap_photo", "Scrap with a photo"),
            ("keep", "Keep"),
        ],
        string="Replaced parts",
        required=True,
        default="keep",
    )
    return_days = fields.Integer(
        string="Return deadline (days)",
        default=30,
        help="Days after the work within which a part must be shipped back.",
    )
    file_format = fields.Selection(
        [("csv", "CSV"), ("xlsx", "Excel (XLSX)")],
        required=True,
        default="csv",
        help="The format of the files exchanged with the manufacturer.",
    )
    column_ids = fields.One2many(
        "postventa.claim.column", "programme_id", string="File columns"
    )
    invoice_journal_id = fields.Many2one(
        "account.journal",
        domain="[('type', '=', 'sale'), ('company_id', '=', company_id)]",
        check_company=True,
        help="Where the invoices to the manufacturer are made; empty: the first "
        "sales journal.",
    )

    @api.constrains("parts_percentage", "claim_deadline_days", "repeat_days")
    def _check_numbers(self):
        for programme in self:
            if programme.parts_percentage < 0 or programme.parts_percentage > 100:
                raise ValidationError(
                    self.env._("The parts percentage goes from 0 to 100.")
                )
            if programme.claim_deadline_days < 0 or programme.repeat_days < 0:
                raise ValidationError(self.env._("Days cannot be negative."))

    def _postventa_covers(self, product):
        """Whether this programme covers units of ``product``."""
        self.ensure_one()
        if product in self.product_ids:
            return True
        path = product.categ_id.parent_path or ""
        return any(
            path.startswith(categ.parent_path) for categ in self.product_categ_ids
        )

    @api.model
    def _postventa_programme_for(self, product, company, programmes=None):
        """The programme covering ``product`` in ``company`` (the first by name)."""
        if programmes is None:
            programmes = self.search([("company_id", "=", company.id)])
        for programme in programmes:
            if programme.company_id == company and programme._postventa_covers(product):
                return programme
        return self.browse()

    def _postventa_part_price(self, product):
        """What the manufacturer pays for one ``product`` (company currency)."""
        self.ensure_one()
        if self.parts_basis == "cost":
            return product.standard_price
        if self.parts_basis == "list_price":
            return product.lst_price
        return product.lst_price * self.parts_percentage / 100.0

    def _postventa_columns(self):
        """The file's columns: the programme's mapping, or the default one."""
        self.ensure_one()
        Column = self.env["postventa.claim.column"]
        if self.column_ids:
            return [(c.field_key, c.header) for c in self.column_ids]
        labels = dict(Column._fields["field_key"]._description_selection(self.env))
        return [(key, labels[key]) for key in Column._default_keys()]
