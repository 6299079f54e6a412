from odoo import api, models


class HelpdeskTicket(models.Model):
    """Routing: a case that arrives without a team (the portal, a store, JSON-RPC)
    goes to the team the company's routes name for its product and channel, or to
    the company's default team; never to a team of another company. It is
    assigned to the route's user or to the team member with the fewest open
    cases."""

    _inherit = "helpdesk.ticket"

    @api.model
    def _postventa_route(self, company, product=None, channel=None):
        """(team, user) for a new case of ``company`` about ``product`` arriving by
        ``channel``; empty recordsets when nothing is configured.

        Routing is the company's decision, not the caller's: a customer or a
        store opening a case reads neither the routes nor the teams, so the
        company's configuration is read as superuser (only the team and user
        chosen come out)."""
        company_sudo = company.sudo()
        route = company_sudo.env["postventa.team.route"]._postventa_match(
            company_sudo, product, channel
        )
        team = route.team_id or company_sudo.postventa_default_team_id
        if team.company_id and team.company_id != company_sudo:
            # never another company's team
            team = company_sudo.env["helpdesk.ticket.team"]
        user = route.user_id if route.user_id in team.user_ids else None
        return team, user or team._postventa_next_assignee()

    def _postventa_route_values(self, vals):
        """Complete ``vals`` of a new case without a team with the routed team, its
        first stage and the assignee (an explicit user is kept)."""
        company = self.env["res.company"].browse(vals.get("company_id")).exists()
        product = self.env["product.product"]
        if vals.get("unit_id"):
            # only its product, to route by: whether the unit may be linked is
            # the case's own check
            unit_sudo = self.env["postventa.unit"].sudo().browse(vals["unit_id"])
            product = unit_sudo.product_id
        elif vals.get("product_id"):
            product = product.browse(vals["product_id"]).exists()
        company = company or product.company_id or self.env.company
        channel = self.env["helpdesk.ticket.channel"].browse(vals.get("channel_id"))
        team, user = self._postventa_route(company, product, channel.exists())
        if not team:
            return vals
        vals["team_id"] = team.id
        vals["company_id"] = team.company_id.id or company.id
        stages = team._get_applicable_stages()
        if not vals.get("stage_id") or vals["stage_id"] not in stages.ids:
            vals["stage_id"] = stages[:1].id
        if not vals.get("user_id") and user:
            vals["user_id"] = user.id
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        """A case created without a team (any door: the portal, JSON-RPC...) is
        routed: its team, company, first stage and assignee are filled in
        (``postventa_no_routing`` skips it); no other effect."""
        if not self.env.context.get("postventa_no_routing"):
            for vals in vals_list:
                if not vals.get("team_id"):
                    self._postventa_route_values(vals)
        return super().create(vals_list)
