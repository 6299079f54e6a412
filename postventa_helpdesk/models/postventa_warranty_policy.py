from dateutil.relativedelta import relativedelta

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError


class PostventaWarrantyPolicy(models.Model):
    _name = "postventa.warranty.policy"
    _inherit = ["postventa.cached.config.mixin"]
    _description = "Warranty policy of a product or product category"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    product_tmpl_id = fields.Many2one(
        "product.template", string="Product", ondelete="cascade", index=True
    )
    categ_id = fields.Many2one(
        "product.category", string="Product category", ondelete="cascade", index=True
    )
    doa_days = fields.Integer(
        string="DOA window (days)",
        help="Calendar days after the purchase during which a failing unit is "
        "dead on arrival and is exchanged. 0: no DOA exchange.",
    )
    doa_validity_days = fields.Integer(
        string="DOA authorisation validity (days)",
        default=7,
        help="Days the customer has to present a DOA authorisation at the store.",
    )
    warranty_months = fields.Integer(
        string="Warranty (months)",
        help="Warranty of the whole unit, used when no component terms are given.",
    )
    term_ids = fields.One2many(
        "postventa.warranty.policy.term",
        "policy_id",
        string="Component terms",
        copy=True,
    )
    void_reason_ids = fields.Many2many(
        "postventa.void.reason",
        string="Void reasons",
        help="Reasons that void this warranty (e.g. refilled cartridges).",
    )
    proof_required = fields.Boolean(
        string="Proof of purchase required",
        default=True,
        help="A DOA authorisation or warranty service needs the proof of purchase.",
    )
    out_of_scope = fields.Boolean(
        help="We do not service these products: the customer is referred to an "
        "authorised partner.",
    )
    referral_partner_id = fields.Many2one(
        "res.partner",
        string="Referral partner",
        help="Authorised service centre the customer is referred to.",
    )
    referral_instructions = fields.Text(translate=True)

    _sql_constraints = [
        (
            "doa_days_positive",
            "CHECK(doa_days >= 0)",
            "The DOA window cannot be negative.",
        ),
        (
            "warranty_months_positive",
            "CHECK(warranty_months >= 0)",
            "The warranty term cannot be negative.",
        ),
        (
            "target_set",
            "CHECK((product_tmpl_id IS NULL) != (categ_id IS NULL))",
            "A warranty policy applies to either a product or a product category.",
        ),
    ]

    @api.constrains("out_of_scope", "referral_partner_id")
    def _check_referral_partner(self):
        for policy in self:
            if policy.out_of_scope and not policy.referral_partner_id:
                raise ValidationError(
                    self.env._(
                        "Policy %(policy)s is out of scope: name the partner customers "
                        "are referred to.",
                        policy=policy.name,
                    )
                )

    @api.constrains("product_tmpl_id", "categ_id", "company_id", "active")
    def _check_single_policy(self):
        for policy in self.filtered("active"):
            domain = [
                ("id", "!=", policy.id),
                ("company_id", "in", [policy.company_id.id, False]),
            ]
            if policy.product_tmpl_id:
                domain.append(("product_tmpl_id", "=", policy.product_tmpl_id.id))
            else:
                domain.append(("categ_id", "=", policy.categ_id.id))
            if self.search_count(domain, limit=1):
                raise ValidationError(
                    self.env._(
                        "%(target)s already has a warranty policy.",
                        target=(policy.product_tmpl_id or policy.categ_id).display_name,
                    )
                )

    @api.model
    def _find_for_product(self, product, company=None):
        """The policy of ``product``: its own, else the nearest category's."""
        if not product:
            return self.browse()
        template = product.product_tmpl_id
        policy_id = self._lookup_policy_id(
            template.id,
            template.categ_id.parent_path or "",
            (company or self.env.company).id,
        )
        return self.browse(policy_id)

    @tools.ormcache("template_id", "categ_path", "company_id")
    def _lookup_policy_id(self, template_id, categ_path, company_id):
        categ_ids = [int(c) for c in categ_path.split("/") if c]
        policies = self.sudo().search(
            [
                ("company_id", "in", [company_id, False]),
                "|",
                ("product_tmpl_id", "=", template_id),
                ("categ_id", "in", categ_ids),
            ]
        )
        if not policies:
            return False

        def rank(policy):  # the product's own first, then the deepest category
            if policy.product_tmpl_id:
                return (0, 0)
            return (1, -categ_ids.index(policy.categ_id.id))

        return min(policies, key=rank).id

    def _evaluate(self, purchase_date, on_date):
        """Warranty of a unit bought on ``purchase_date`` for a case opened on
        ``on_date``.

        :return: (state, per-component line values); a unit is DOA while the days
                 since purchase are at most the DOA window (day 15 of 15 is DOA).
        """
        self.ensure_one()
        if self.out_of_scope or not purchase_date or not on_date:
            return "not_applicable", []
        lines = []
        if self.term_ids:
            for term in self.term_ids:
                until = purchase_date + relativedelta(months=term.months)
                lines.append(
                    {
                        "component_id": term.component_id.id,
                        "months": term.months,
                        "covered_until": until,
                        "covered": on_date <= until,
                    }
                )
            covered = [line["covered"] for line in lines]
            in_warranty = all(covered)
            state = (
                "in_warranty"
                if in_warranty
                else "partial"
                if any(covered)
                else "out_of_warranty"
            )
        else:
            until = purchase_date + relativedelta(months=self.warranty_months)
            state = "in_warranty" if on_date <= until else "out_of_warranty"
        if self.doa_days and (on_date - purchase_date).days <= self.doa_days:
            state = "doa"
        return state, lines
