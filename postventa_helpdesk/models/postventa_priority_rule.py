from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

LEVELS = [
    ("low", "Low"),
    ("medium", "Medium"),
    ("high", "High"),
    ("critical", "Critical"),
]
# helpdesk_mgmt's own priority values
PRIORITIES = [("0", "Low"), ("1", "Medium"), ("2", "High"), ("3", "Very High")]


class PostventaPriorityRule(models.Model):
    """One cell of the severity × urgency matrix that sets a case's priority."""

    _name = "postventa.priority.rule"
    _inherit = ["postventa.cached.config.mixin"]
    _description = "Priority matrix cell"
    _order = "severity, urgency"

    severity = fields.Selection(LEVELS, required=True)
    urgency = fields.Selection(LEVELS, required=True)
    priority = fields.Selection(PRIORITIES, required=True)
    company_id = fields.Many2one("res.company", help="Empty: every company.")

    @api.constrains("company_id", "severity", "urgency")
    def _check_cell_unique(self):
        for rule in self:
            if self.search_count(
                [
                    ("id", "!=", rule.id),
                    ("company_id", "=", rule.company_id.id),
                    ("severity", "=", rule.severity),
                    ("urgency", "=", rule.urgency),
                ],
                limit=1,
            ):
                raise ValidationError(
                    self.env._("The matrix has one priority per severity and urgency.")
                )

    @tools.ormcache("company_id")
    def _matrix(self, company_id):
        matrix = {}
        # company-specific cells override the shared ones
        rules = self.sudo().search([("company_id", "in", [company_id, False])])
        for rule in rules.sorted(lambda r: not r.company_id):
            matrix.setdefault((rule.severity, rule.urgency), rule.priority)
        return matrix

    @api.model
    def _priority_for(self, severity, urgency, company=None):
        company = company or self.env.company
        return self._matrix(company.id).get((severity, urgency))
