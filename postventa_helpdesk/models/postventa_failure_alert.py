from dateutil.relativedelta import relativedelta

from odoo import api, fields, models, tools
from odoo.tools import SQL

from .postventa_failure_rate import months_between

ALERT_REASONS = [
    ("threshold", "Above its threshold"),
    ("baseline", "Above its baseline"),
    ("both", "Above its threshold and its baseline"),
]


class PostventaFailureAlert(models.Model):
    """A product's (or one of its components') failure rate that rose in a month:
    above its configured threshold or twice its trailing 6-month rate. One per
    product, component, company and month; its manager gets an activity."""

    _name = "postventa.failure.alert"
    _description = "Failure rate alert"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "period desc, failure_rate desc"

    _baseline_months = 6
    _baseline_factor = 2.0

    product_id = fields.Many2one("product.product", required=True, readonly=True)
    component_id = fields.Many2one(
        "postventa.component", string="Failing component", readonly=True
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    period = fields.Date(
        string="Month", required=True, readonly=True, help="First day of the month."
    )
    failures = fields.Integer(readonly=True)
    units = fields.Integer(string="Units in service", readonly=True)
    failure_rate = fields.Float(
        string="Failure rate (%)", digits=(16, 2), readonly=True
    )
    baseline_rate = fields.Float(
        string="Baseline (%)",
        digits=(16, 2),
        readonly=True,
        help="Monthly failure rate over the six months before.",
    )
    threshold = fields.Float(string="Threshold (%)", digits=(16, 2), readonly=True)
    reason = fields.Selection(ALERT_REASONS, required=True, readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Product manager", readonly=True, tracking=True
    )
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        readonly=True,
        help="The team that handled most of the month's failures.",
    )

    def init(self):
        tools.create_unique_index(
            self.env.cr,
            "postventa_failure_alert_once_per_period",
            self._table,
            ["product_id", "COALESCE(component_id, 0)", "company_id", "period"],
        )

    @api.depends("product_id", "component_id", "period")
    def _compute_display_name(self):
        for alert in self:
            what = alert.product_id.display_name
            if alert.component_id:
                what = f"{what} / {alert.component_id.name}"
            alert.display_name = (
                f"{what} ({alert.period and alert.period.strftime('%Y-%m')})"
            )

    @api.model
    def _cron_failure_trends(self):
        """Daily: recompute the analysis, then alert on last month's rates."""
        self.env["postventa.failure.rate"]._recompute()
        return self._check_failure_rates()

    @api.model
    def _failure_rate_rows(self, period):
        """One query: per product and company (component_id None) and per product,
        company and failing component, the month's failures and units in service,
        the trailing failures and unit-months, and the busiest team."""
        period_end = period + relativedelta(months=1)
        trailing_start = period - relativedelta(months=self._baseline_months)
        Rate = self.env["postventa.failure.rate"]
        units = Rate._units_cte(
            SQL(
                "LEAST(%s, GREATEST(0, %s)) AS trailing_months",
                self._baseline_months,
                months_between(
                    SQL("%s::date", period), SQL("date_trunc('month', u.purchase_date)")
                ),
            ),
            period_end,
        )
        failures = Rate._failures_cte(
            SQL("t.team_id, t.opening_date >= %s AS in_period", period),
            period_end,
            since=trailing_start,
        )
        failure_count = Rate._failure_count_cte(
            ["product_id", "company_id"],
            SQL(
                "count(*) FILTER (WHERE in_period) AS failures,"
                " count(*) FILTER (WHERE NOT in_period) AS trailing_failures,"
                " mode() WITHIN GROUP (ORDER BY team_id)"
                " FILTER (WHERE in_period) AS team_id"
            ),
        )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            WITH %(units)s, exposure AS (
                SELECT product_id, company_id, count(*) AS units,
                       SUM(trailing_months) AS unit_months
                  FROM unit
                 GROUP BY product_id, company_id
            ), %(failures)s, %(failure_count)s
            SELECT f.product_id, f.company_id, NULLIF(f.component_key, 0),
                   f.failures, e.units, f.trailing_failures, e.unit_months, f.team_id
              FROM failure_count f
              JOIN exposure e
                ON e.product_id = f.product_id AND e.company_id = f.company_id
             WHERE f.failures > 0
             ORDER BY f.product_id, f.company_id, f.component_key
            """,
                units=units,
                failures=failures,
                failure_count=failure_count,
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _check_failure_rates(self, today=None):
        """Alert on the last complete month: a constant number of queries whatever
        the number of products; alerts already raised for the month are kept as
        they are (the cron may run every day). Every company's products are
        checked, whoever runs it: the alerts are read and created as superuser
        (managers may not create them)."""
        alerts_sudo = self.sudo()
        today = today or fields.Date.context_today(self)
        period = today.replace(day=1) - relativedelta(months=1)
        rows = self._failure_rate_rows(period)
        if not rows:
            return self
        records = alerts_sudo._get_failure_alert_records(rows)
        existing = {
            (alert.product_id.id, alert.component_id.id, alert.company_id.id)
            for alert in alerts_sudo.search(
                [("period", "=", period), ("product_id", "in", list(records[0]))]
            )
        }
        values = []
        for row in rows:
            product_id, company_id, component_id = row[:3]
            if (product_id, component_id or False, company_id) in existing:
                continue
            vals = alerts_sudo._prepare_failure_alert_vals(row, period, *records)
            if vals:
                values.append(vals)
        alerts_sudo = alerts_sudo.with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True
        ).create(values)
        alerts_sudo._postventa_notify_manager()
        return alerts_sudo

    @api.model
    def _get_failure_alert_records(self, rows):
        """({id: product}, {id: component}, {id: team}) of the failure rate
        ``rows``, browsed together: records taken from their recordsets keep one
        prefetch for all (a constant number of queries whatever the number of
        products)."""
        products = {
            product.id: product
            for product in self.env["product.product"].browse({row[0] for row in rows})
        }
        components = {
            component.id: component
            for component in self.env["postventa.component"].browse(
                {row[2] for row in rows if row[2]}
            )
        }
        teams = {
            team.id: team
            for team in self.env["helpdesk.ticket.team"].browse(
                {row[7] for row in rows if row[7]}
            )
        }
        return products, components, teams

    @api.model
    def _prepare_failure_alert_vals(self, row, period, products, components, teams):
        """The alert of a failure rate ``row`` of ``period`` (see
        :meth:`_failure_rate_rows`), or None when its rate is above neither the
        threshold (the component's, else the product's) nor the trailing
        baseline; the alert goes to the product's manager, else the team's
        leader."""
        (
            product_id,
            company_id,
            component_id,
            failures,
            units,
            trailing_failures,
            unit_months,
            team_id,
        ) = row
        template = products[product_id].product_tmpl_id
        threshold = template._postventa_failure_threshold()
        if component_id:
            threshold = components[component_id].failure_threshold or threshold
        rate = 100.0 * failures / units
        baseline = (
            100.0 * trailing_failures / unit_months
            if trailing_failures and unit_months
            else 0.0
        )
        above_threshold = bool(threshold) and rate > threshold
        above_baseline = bool(baseline) and rate > self._baseline_factor * baseline
        if not (above_threshold or above_baseline):
            return None
        manager = template._postventa_product_manager()
        if not manager and team_id:
            manager = teams[team_id].user_id
        return {
            "product_id": product_id,
            "component_id": component_id,
            "company_id": company_id,
            "period": period,
            "failures": failures,
            "units": units,
            "failure_rate": rate,
            "baseline_rate": baseline,
            "threshold": threshold,
            "reason": "both"
            if above_threshold and above_baseline
            else ("threshold" if above_threshold else "baseline"),
            "user_id": manager.id,
            "team_id": team_id,
        }

    def _postventa_summary(self):
        self.ensure_one()
        what = self.product_id.display_name
        if self.component_id:
            what = self.env._(
                "%(product)s, component %(component)s",
                product=what,
                component=self.component_id.name,
            )
        # numbers formatted beforehand: babel's extractor cannot read an f-string
        # inside _() and would skip the whole file
        month = self.period.strftime("%Y-%m")
        rate = f"{self.failure_rate:.2f}"
        return self.env._(
            "Failure rate of %(what)s in %(month)s: %(rate)s%%",
            what=what,
            month=month,
            rate=rate,
        )

    def _postventa_notify_manager(self):
        """An activity for each alert's manager (created in one batch), on the
        alerts as the failure rate check holds them (superuser: the managers are
        of every company)."""
        activity_type = self.env.ref(
            "postventa_helpdesk.mail_activity_type_failure_alert"
        )
        model_id = self.env["ir.model"]._get_id(self._name)
        reasons = dict(self._fields["reason"]._description_selection(self.env))
        today = fields.Date.context_today(self)
        values = []
        for alert in self.filtered("user_id"):
            rate, threshold, baseline = (
                f"{alert.failure_rate:.2f}",
                f"{alert.threshold:.2f}",
                f"{alert.baseline_rate:.2f}",
            )
            note = self.env._(
                "%(failures)s failures over %(units)s units in service "
                "(%(rate)s%%): %(reason)s. Threshold: %(threshold)s%%; "
                "monthly rate over the previous six months: %(baseline)s%%.",
                failures=alert.failures,
                units=alert.units,
                rate=rate,
                reason=reasons[alert.reason].lower(),
                threshold=threshold,
                baseline=baseline,
            )
            values.append(
                {
                    "res_model_id": model_id,
                    "res_id": alert.id,
                    "activity_type_id": activity_type.id,
                    "user_id": alert.user_id.id,
                    "summary": alert._postventa_summary(),
                    "note": note,
                    "date_deadline": today,
                }
            )
        return self.env["mail.activity"].create(values)

    def action_view_rates(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "postventa_helpdesk.postventa_failure_rate_action"
        )
        action["domain"] = [
            ("product_id", "=", self.product_id.id),
            ("component_id", "=", self.component_id.id),
        ]
        return action
