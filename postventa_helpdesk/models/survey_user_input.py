from odoo import fields, models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    postventa_ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Helpdesk case",
        index="btree_not_null",
        ondelete="set null",
    )
