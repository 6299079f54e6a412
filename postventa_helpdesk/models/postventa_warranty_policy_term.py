from odoo import fields, models


class PostventaWarrantyPolicyTerm(models.Model):
    _name = "postventa.warranty.policy.term"
    _description = "Warranty term of one component"
    _order = "policy_id, months desc, id"

    policy_id = fields.Many2one(
        "postventa.warranty.policy", required=True, ondelete="cascade", index=True
    )
    component_id = fields.Many2one(
        "postventa.component", required=True, ondelete="restrict"
    )
    months = fields.Integer(required=True)

    _sql_constraints = [
        (
            "months_positive",
            "CHECK(months > 0)",
            "A component term is at least one month.",
        ),
        (
            "component_unique",
            "UNIQUE(policy_id, component_id)",
            "A component appears once per warranty policy.",
        ),
    ]
