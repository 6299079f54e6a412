from dateutil.relativedelta import relativedelta

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError
from odoo.models import parse_read_group_spec
from odoo.tools import SQL

MANAGER = "helpdesk_mgmt.group_helpdesk_manager"


def months_between(later, earlier):
    """SQL: whole months from ``earlier`` to ``later`` (both SQL date expressions)."""
    return SQL(
        "(EXTRACT(YEAR FROM age(%(later)s, %(earlier)s)) * 12"
        " + EXTRACT(MONTH FROM age(%(later)s, %(earlier)s)))::int",
        later=later,
        earlier=earlier,
    )


class ProductTemplate(models.Model):
    _inherit = "product.template"

    postventa_failure_threshold = fields.Float(
        string="Failure rate alert (%)",
        digits=(16, 2),
        help="Monthly failure rate (failures ÷ units in service) above which the "
        "product manager is alerted. Empty: the category's.",
    )
    postventa_product_manager_id = fields.Many2one(
        "res.users",
        string="Product manager",
        domain=[("share", "=", False)],
        help="Alerted when the failure rate rises. Empty: the category's, else the "
        "leader of the team handling the cases.",
    )

    def _postventa_failure_threshold(self):
        self.ensure_one()
        return (
            self.postventa_failure_threshold
            or self.categ_id._postventa_failure_setting("postventa_failure_threshold")
            or 0.0
        )

    def _postventa_product_manager(self):
        self.ensure_one()
        return (
            self.postventa_product_manager_id
            or self.categ_id._postventa_failure_setting("postventa_product_manager_id")
        )


class ProductCategory(models.Model):
    _inherit = "product.category"

    postventa_failure_threshold = fields.Float(
        string="Failure rate alert (%)",
        digits=(16, 2),
        help="Monthly failure rate above which the product manager is alerted, for "
        "the products of this category (and its subcategories) that set none.",
    )
    postventa_product_manager_id = fields.Many2one(
        "res.users",
        string="Product manager",
        domain=[("share", "=", False)],
        help="Alerted when the failure rate of a product of this category rises.",
    )

    def _postventa_failure_setting(self, field_name):
        """The value of ``field_name`` on the nearest category that sets it."""
        categ = self
        while categ:
            if categ[field_name]:
                return categ[field_name]
            categ = categ.parent_id
        return self.browse()[field_name]  # empty: 0.0 or no user


class PostventaComponent(models.Model):
    _inherit = "postventa.component"

    failure_threshold = fields.Float(
        string="Failure rate alert (%)",
        digits=(16, 2),
        help="Monthly failure rate of this component in any product above which the "
        "product manager is alerted. Empty: the product's threshold.",
    )


class PostventaFailureRate(models.Model):
    """Failure rate by product (and failing component), purchase cohort and month
    in service, recomputed in one SQL statement (cron or button).

    A row: the units of ``product_id`` bought in the ``cohort`` month that have
    reached their ``month_in_service``-th month (month 1: the first 30 days or so
    after purchase), and the cases opened on them in that month of their life.
    Rows without a component count every failure of the product; rows with one,
    the failures of that component (over the same units)."""

    _name = "postventa.failure.rate"
    _description = "Failure rate by product, component and month in service"
    _order = "product_id, component_id, cohort, month_in_service"
    # a table of our own, without foreign keys: recomputed wholesale, its rows
    # are a report (like a materialised view), and constraint triggers would
    # double the time of the recomputation
    _auto = False
    _log_access = True  # when the rows were computed, and by whom
    _max_months = 60  # the analysis follows units for five years

    product_id = fields.Many2one("product.product", readonly=True)
    product_tmpl_id = fields.Many2one(
        "product.template", string="Product template", readonly=True
    )
    categ_id = fields.Many2one("product.category", string="Category", readonly=True)
    component_id = fields.Many2one(
        "postventa.component", string="Failing component", readonly=True
    )
    company_id = fields.Many2one("res.company", readonly=True)
    cohort = fields.Date(
        string="Month of purchase",
        readonly=True,
        help="First day of the month the units were bought in.",
    )
    month_in_service = fields.Integer(readonly=True, aggregator=None)
    period = fields.Date(
        string="Calendar month",
        readonly=True,
        help="The month in which this cohort's units began that month in service.",
    )
    units = fields.Integer(
        string="Units in service",
        readonly=True,
        help="Registered units of the cohort that reached this month in service.",
    )
    failures = fields.Integer(readonly=True)
    failure_rate = fields.Float(
        string="Failure rate (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 2),
        help="Failures ÷ units in service, in percent; in groups, the failures of "
        "the group ÷ its units.",
    )

    def init(self):
        cr = self.env.cr
        cr.execute(
            SQL(
                """
            CREATE TABLE IF NOT EXISTS %s (
                id serial PRIMARY KEY,
                product_id integer,
                product_tmpl_id integer,
                categ_id integer,
                component_id integer,
                company_id integer,
                cohort date,
                month_in_service integer,
                period date,
                units integer,
                failures integer,
                failure_rate double precision,
                create_uid integer,
                create_date timestamp,
                write_uid integer,
                write_date timestamp
            )""",
                SQL.identifier(self._table),
            )
        )
        tools.create_index(
            cr,
            "postventa_failure_rate_product_index",
            self._table,
            ["product_id", "component_id"],
        )

    def _read_group_select(self, aggregate_spec, query):
        """Group rates are weighted: sum of failures ÷ sum of units, not the mean
        of the rows' rates."""
        if aggregate_spec != "__count":
            fname, __, func = parse_read_group_spec(aggregate_spec)
            if fname == "failure_rate" and func in ("avg", "sum", "max", "min"):
                return SQL(
                    "(100.0 * SUM(%s) / NULLIF(SUM(%s), 0))::float8",
                    self._field_to_sql(self._table, "failures", query),
                    self._field_to_sql(self._table, "units", query),
                )
        return super()._read_group_select(aggregate_spec, query)

    def action_recompute(self):
        """Button of the analysis: managers recompute the rates now."""
        if not self.env.user.has_group(MANAGER):
            raise AccessError(
                self.env._("Only helpdesk managers can recompute the failure rates.")
            )
        # plain SQL over every company's units and cases: the rows are read
        # back through the company rules
        self._recompute()
        return {"type": "ir.actions.client", "tag": "reload"}

    @api.model
    def _recompute(self, today=None):
        """Replace every row in two statements, whatever the number of products,
        units and cases. Cancelled cases and archived units or cases are no
        failures; units without a purchase date are not counted."""
        today = today or fields.Date.context_today(self)
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(SQL("DELETE FROM %s", SQL.identifier(self._table)))
        # one planned statement: JIT compilation would cost more than it saves
        cr.execute("SELECT current_setting('jit'), set_config('jit', 'off', true)")
        jit = cr.fetchone()[0]
        cr.execute(self._recompute_query(today))
        count = cr.rowcount
        cr.execute(SQL("SELECT set_config('jit', %s, true)", jit))
        self.invalidate_model()
        return count

    @api.model
    def _units_cte(self, columns, until):
        """SQL: the CTE ``unit``, the units in service: active, bought before
        ``until`` (a date, excluded). Its columns: ``id``, ``product_id``,
        ``company_id``, ``purchase_date`` and the caller's ``columns`` (SQL on
        ``u``, the unit)."""
        return SQL(
            """unit AS (
                SELECT u.id, u.product_id, u.company_id, u.purchase_date, %(columns)s
                  FROM postventa_unit u
                 WHERE u.active AND u.purchase_date IS NOT NULL
                   AND u.purchase_date < %(until)s
            )""",
            columns=columns,
            until=until,
        )

    @api.model
    def _failures_cte(self, columns, until, since=None):
        """SQL: the CTE ``failure``, the failures of the units of ``unit``: their
        cases opened from the purchase date (and from ``since``, a date, if
        given) to before ``until`` (a date, excluded). Cancelled and archived
        cases are no failures. Its columns: ``product_id``, ``company_id``,
        ``component_key`` (the failing component, 0 for none) and the caller's
        ``columns`` (SQL on ``t``, the case, and ``unit``)."""
        since = SQL("AND t.opening_date >= %s", since) if since else SQL()
        return SQL(
            """failure AS (
                SELECT unit.product_id, unit.company_id,
                       COALESCE(t.failed_component_id, 0) AS component_key,
                       %(columns)s
                  FROM helpdesk_ticket t
                  JOIN unit ON unit.id = t.unit_id
                  LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
                 WHERE t.active
                   AND t.opening_date::date >= unit.purchase_date
                   %(since)s
                   AND t.opening_date < %(until)s
                   AND s.postventa_kind IS DISTINCT FROM 'cancelled'
            )""",
            columns=columns,
            since=since,
            until=until,
        )

    @api.model
    def _failure_count_cte(self, keys, aggregates):
        """SQL: the CTE ``failure_count``, the rows of ``failure`` aggregated
        (``aggregates``, SQL) per ``keys`` (column names) for the product as a
        whole (``component_key`` 0), then per ``keys`` and failing component."""
        keys = SQL(", ").join(SQL.identifier(key) for key in keys)
        return SQL(
            """failure_count AS (
                SELECT %(keys)s, 0 AS component_key, %(aggregates)s
                  FROM failure
                 GROUP BY %(keys)s
                 UNION ALL
                SELECT %(keys)s, component_key, %(aggregates)s
                  FROM failure
                 WHERE component_key != 0
                 GROUP BY %(keys)s, component_key
            )""",
            keys=keys,
            aggregates=aggregates,
        )

    @api.model
    def _get_recompute_ctes(self, today):
        """The CTEs of :meth:`_recompute_query` a neighbour may extend:
        {"units": the units in service with their cohort and the months reached
        by ``today``, "failures": their failures with the month in service,
        "failure_count": failures per product, company, cohort and month}."""
        until = today + relativedelta(days=1)
        units = self._units_cte(
            SQL(
                "date_trunc('month', u.purchase_date)::date AS cohort,"
                " LEAST(%s, %s + 1) AS reached",
                self._max_months,
                months_between(SQL("%s::date", today), SQL("u.purchase_date")),
            ),
            until,
        )
        failures = self._failures_cte(
            SQL(
                "unit.cohort, %s + 1 AS month_in_service",
                months_between(SQL("t.opening_date::date"), SQL("unit.purchase_date")),
            ),
            until,
        )
        failure_count = self._failure_count_cte(
            ["product_id", "company_id", "cohort", "month_in_service"],
            SQL("count(*) AS failures"),
        )
        return {
            "units": units,
            "failures": failures,
            "failure_count": failure_count,
        }

    @api.model
    def _recompute_query(self, today):
        """SQL: every failure rate row as of ``today``, inserted in one
        statement."""
        return SQL(
            """
            WITH %(units)s, reach AS (
                SELECT product_id, company_id, cohort, reached, count(*) AS units
                  FROM unit
                 GROUP BY product_id, company_id, cohort, reached
            ), exposure AS (
                SELECT r.product_id, r.company_id, r.cohort, m.n AS month_in_service,
                       SUM(r.units)::int AS units
                  FROM reach r
                 CROSS JOIN LATERAL generate_series(1, r.reached) AS m(n)
                 GROUP BY r.product_id, r.company_id, r.cohort, m.n
            ), %(failures)s, %(failure_count)s, component AS (
                SELECT DISTINCT product_id, company_id, component_key
                  FROM failure
                 WHERE component_key != 0
            ), scope AS (
                SELECT e.*, 0 AS component_key
                  FROM exposure e
                 UNION ALL
                SELECT e.*, c.component_key
                  FROM exposure e
                  JOIN component c
                    ON c.product_id = e.product_id AND c.company_id = e.company_id
            )
            INSERT INTO postventa_failure_rate (
                product_id, product_tmpl_id, categ_id, component_id, company_id,
                cohort, month_in_service, period, units, failures, failure_rate,
                create_uid, create_date, write_uid, write_date)
            SELECT e.product_id, pp.product_tmpl_id, pt.categ_id,
                   NULLIF(e.component_key, 0), e.company_id, e.cohort,
                   e.month_in_service,
                   (e.cohort + (e.month_in_service - 1) * interval '1 month')::date,
                   e.units, COALESCE(f.failures, 0),
                   100.0 * COALESCE(f.failures, 0) / e.units,
                   %(uid)s, now() AT TIME ZONE 'UTC', %(uid)s, now() AT TIME ZONE 'UTC'
              FROM scope e
              LEFT JOIN failure_count f
                ON f.product_id = e.product_id AND f.company_id = e.company_id
               AND f.cohort = e.cohort AND f.month_in_service = e.month_in_service
               AND f.component_key = e.component_key
              JOIN product_product pp ON pp.id = e.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
            """,
            uid=self.env.uid,
            **self._get_recompute_ctes(today),
        )
