from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    postventa_default_team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Default team for new cases",
        domain="[('company_id', 'in', [False, id])]",
        help="Team of this company that takes new cases (portal, store, JSON-RPC) "
        "that no route of Helpdesk > Configuration > After-sales > Case routing "
        "sends elsewhere.",
    )

    @api.constrains("postventa_default_team_id")
    def _check_postventa_default_team(self):
        for company in self:
            team_company = company.postventa_default_team_id.company_id
            if team_company and team_company != company:
                raise ValidationError(
                    self.env._(
                        "The default team of %(company)s must be one of its own teams, "
                        "not %(team)s of %(team_company)s.",
                        company=company.name,
                        team=company.postventa_default_team_id.display_name,
                        team_company=team_company.name,
                    )
                )
