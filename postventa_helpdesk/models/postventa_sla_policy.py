from odoo import api, fields, models, tools

from .postventa_priority_rule import PRIORITIES


class PostventaSlaPolicy(models.Model):
    """A promise in business hours: first contact by priority (CPS's procedure),
    resolution by service type and zone (Kodak Perú's procedure)."""

    _name = "postventa.sla.policy"
    _inherit = ["postventa.cached.config.mixin"]
    _description = "SLA policy"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    target = fields.Selection(
        [("first_response", "First response"), ("resolution", "Resolution")],
        required=True,
        default="resolution",
    )
    hours = fields.Float(string="Business hours", required=True)
    calendar_id = fields.Many2one(
        "postventa.business.calendar", string="Business hours calendar", required=True
    )
    at_risk_percent = fields.Integer(
        string="At risk below (%)",
        default=25,
        help="The case is at risk when less than this share of the target is left.",
    )
    # criteria: empty means any; the most specific matching policy wins
    priority = fields.Selection(PRIORITIES)
    service_type_id = fields.Many2one("postventa.service.type")
    zone_id = fields.Many2one("postventa.zone")
    team_id = fields.Many2one("helpdesk.ticket.team")

    _sql_constraints = [
        (
            "hours_positive",
            "CHECK(hours > 0)",
            "An SLA target is a positive number of hours.",
        ),
        (
            "at_risk_range",
            "CHECK(at_risk_percent BETWEEN 0 AND 100)",
            "The at-risk share is a percentage.",
        ),
    ]

    _CRITERIA = ("priority", "service_type_id", "zone_id", "team_id")

    @tools.ormcache("company_id")
    def _rules(self, company_id):
        """Policies of a company as plain tuples, most specific first."""
        rules = []
        for policy in self.sudo().search([("company_id", "in", [company_id, False])]):
            criteria = (
                policy.priority or None,
                policy.service_type_id.id or None,
                policy.zone_id.id or None,
                policy.team_id.id or None,
            )
            specificity = sum(c is not None for c in criteria)
            rules.append(
                (policy.target, criteria, -specificity, policy.sequence, policy.id)
            )
        rules.sort(key=lambda r: (r[2], r[3], r[4]))
        return tuple(rules)

    @api.model
    def _match(self, target, company_id, priority, service_type_id, zone_id, team_id):
        """Id of the most specific policy for these case values, or False."""
        values = (priority, service_type_id or None, zone_id or None, team_id or None)
        for rule_target, criteria, _spec, _seq, policy_id in self._rules(company_id):
            if rule_target == target and all(
                c is None or c == v for c, v in zip(criteria, values, strict=False)
            ):
                return policy_id
        return False
