from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PostventaTeamRoute(models.Model):
    """Which team a new case goes to when nobody chose one (the portal, a store,
    JSON-RPC): by company, product or product category, and channel. The most
    specific matching route wins; without one, the company's default team."""

    _name = "postventa.team.route"
    _description = "Case routing"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
        help="The company whose new cases this route sends: the team's.",
    )
    product_id = fields.Many2one(
        "product.product",
        string="Product",
        domain="[('company_id', 'in', [False, company_id])]",
        help="Empty: any product.",
    )
    categ_id = fields.Many2one(
        "product.category",
        string="Product category",
        help="Products of this category and its subcategories. Empty: any.",
    )
    channel_id = fields.Many2one(
        "helpdesk.ticket.channel",
        string="Channel",
        help="Empty: any channel (portal, store, phone, mail...).",
    )
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Team",
        required=True,
        ondelete="cascade",
        domain="[('company_id', 'in', [False, company_id])]",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Assign to",
        domain="[('share', '=', False), ('id', 'in', team_user_ids)]",
        help="Empty: the team member with the fewest open cases.",
    )
    team_user_ids = fields.Many2many(related="team_id.user_ids", string="Team users")

    @api.depends("team_id.company_id")
    def _compute_company_id(self):
        # a team moved to another company takes its routes along
        for route in self:
            route.company_id = (
                route.team_id.company_id or route.company_id or self.env.company
            )

    @api.constrains("company_id", "team_id", "user_id", "product_id")
    def _check_company(self):
        for route in self:
            team_company = route.team_id.company_id
            if team_company and team_company != route.company_id:
                raise ValidationError(
                    self.env._(
                        "Team %(team)s belongs to %(team_company)s: a route of "
                        "%(company)s sends its cases to a team of %(company)s.",
                        team=route.team_id.display_name,
                        team_company=team_company.name,
                        company=route.company_id.name,
                    )
                )
            product_company = route.product_id.company_id
            if product_company and product_company != route.company_id:
                raise ValidationError(
                    self.env._(
                        "Product %(product)s belongs to %(product_company)s, not to "
                        "%(company)s.",
                        product=route.product_id.display_name,
                        product_company=product_company.name,
                        company=route.company_id.name,
                    )
                )
            if route.user_id and route.user_id not in route.team_id.user_ids:
                raise ValidationError(
                    self.env._(
                        "%(user)s is not a member of team %(team)s.",
                        user=route.user_id.name,
                        team=route.team_id.display_name,
                    )
                )

    def _specificity(self, product):
        """Sort key: a product beats a category, a deeper category a shallower
        one, a channel breaks ties; then the sequence."""
        self.ensure_one()
        depth = 0
        if self.categ_id:
            depth = len((self.categ_id.parent_path or "").strip("/").split("/"))
        return (
            0 if self.product_id else 1,
            -depth,
            0 if self.channel_id else 1,
            self.sequence,
            self.id,
        )

    @api.model
    def _postventa_match(self, company, product=None, channel=None):
        """The most specific active route of ``company`` for ``product`` (a
        product.product) and ``channel``, or an empty recordset."""
        if not company:
            return self.browse()
        routes = self.search(
            [
                ("company_id", "=", company.id),
                ("product_id", "in", [False, product.id] if product else [False]),
                ("channel_id", "in", [False, channel.id] if channel else [False]),
            ]
        )
        categories = product.categ_id if product else self.env["product.category"]

        def fits(route):
            if not route.categ_id:
                return True
            return bool(categories) and (categories.parent_path or "").startswith(
                route.categ_id.parent_path or "/"
            )

        matching = routes.filtered(fits)
        if not matching:
            return matching
        return min(matching, key=lambda route: route._specificity(product))
