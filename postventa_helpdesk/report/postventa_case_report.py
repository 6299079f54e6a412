from odoo import fields, models, tools

from ..models.helpdesk_ticket import WARRANTY_STATES


class PostventaCaseReport(models.Model):
    """Case analysis for managers: a SQL view over cases, their unit, SLA and survey."""

    _name = "postventa.case.report"
    _description = "After-sales case analysis"
    _auto = False
    _order = "opening_date desc"

    ticket_id = fields.Many2one("helpdesk.ticket", string="Case", readonly=True)
    opening_date = fields.Datetime(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    team_id = fields.Many2one("helpdesk.ticket.team", string="Team", readonly=True)
    product_id = fields.Many2one("product.product", string="Product", readonly=True)
    failed_component_id = fields.Many2one(
        "postventa.component", string="Failing component", readonly=True
    )
    service_type_id = fields.Many2one("postventa.service.type", readonly=True)
    classification_id = fields.Many2one("postventa.classification", readonly=True)
    zone_id = fields.Many2one("postventa.zone", readonly=True)
    warranty_state = fields.Selection(WARRANTY_STATES, readonly=True)
    closed = fields.Boolean(readonly=True)
    case_count = fields.Integer(string="Cases", readonly=True, aggregator="sum")
    sla_compliance = fields.Float(
        string="SLA compliance (%)",
        readonly=True,
        aggregator="avg",
        help="Of the cases with a resolution SLA that are closed or breached: 100 met, "
        "0 not.",
    )
    resolution_business_hours = fields.Float(
        string="Time to resolution (business hours)", readonly=True, aggregator="avg"
    )
    resolution_calendar_hours = fields.Float(
        string="Time to resolution (hours)", readonly=True, aggregator="avg"
    )
    csat_score = fields.Float(
        string="Satisfaction (%)", readonly=True, aggregator="avg"
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT t.id AS id,
                       t.id AS ticket_id,
                       t.opening_date,
                       t.company_id,
                       t.team_id,
                       t.unit_product_id AS product_id,
                       t.failed_component_id,
                       t.service_type_id,
                       t.classification_id,
                       t.zone_id,
                       t.warranty_state,
                       (t.closed_date IS NOT NULL) AS closed,
                       1 AS case_count,
                       CASE
                           WHEN t.sla_resolution_deadline IS NULL THEN NULL
                           WHEN t.closed_date IS NOT NULL
                                THEN CASE
                                     WHEN t.closed_date <= t.sla_resolution_deadline
                                     THEN 100.0 ELSE 0.0 END
                           WHEN t.sla_resolution_breached THEN 0.0
                       END AS sla_compliance,
                       CASE WHEN t.closed_date IS NOT NULL
                            THEN t.resolution_business_hours END
                           AS resolution_business_hours,
                       CASE WHEN t.closed_date IS NOT NULL
                            THEN t.resolution_calendar_hours END
                           AS resolution_calendar_hours,
                       CASE WHEN answer.state = 'done'
                            THEN answer.scoring_percentage END AS csat_score
                  FROM helpdesk_ticket t
                  LEFT JOIN survey_user_input answer
                         ON answer.id = t.survey_user_input_id
                 WHERE t.active
            )
        """)
