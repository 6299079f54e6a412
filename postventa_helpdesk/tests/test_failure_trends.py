from datetime import date, datetime

from psycopg2.errors import UniqueViolation

from odoo.exceptions import AccessError
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase
from odoo.tools import mute_logger


class FailureTrendCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(cls.env.context, tracking_disable=True, mail_notrack=True)
        )
        env = cls.env
        cls.lcd = env["postventa.component"].create({"name": "Trend LCD"})
        cls.mainboard = env["postventa.component"].create({"name": "Trend mainboard"})
        cls.categ = env["product.category"].create({"name": "Trend all-in-ones"})
        cls.customer = env["res.partner"].create({"name": "Trend customer"})
        cls.leader = new_test_user(
            env, login="trend_leader", groups="helpdesk_mgmt.group_helpdesk_user"
        )
        cls.team = env["helpdesk.ticket.team"].create(
            {"name": "Trend team", "user_id": cls.leader.id}
        )
        cls.cancelled = env["helpdesk.ticket.stage"].create(
            {"name": "Trend cancelled", "closed": True, "postventa_kind": "cancelled"}
        )
        cls.serial = 0

    @classmethod
    def _product(cls, name, **values):
        return cls.env["product.product"].create(
            {"name": name, "categ_id": cls.categ.id, **values}
        )

    @classmethod
    def _units(cls, product, purchased, count):
        units = cls.env["postventa.unit"]
        for __ in range(count):
            cls.serial += 1
            units |= units.create(
                {
                    "product_id": product.id,
                    "serial": f"TR{cls.serial:05d}",
                    "purchase_date": purchased,
                    "owner_id": cls.customer.id,
                }
            )
        return units

    @classmethod
    def _case(cls, unit, opened, component=None, **values):
        return cls.env["helpdesk.ticket"].create(
            {
                "name": "It fails",
                "description": "<p>It fails.</p>",
                "partner_id": cls.customer.id,
                "team_id": cls.team.id,
                "unit_id": unit.id,
                "opening_date": opened,
                "failed_component_id": component.id if component else False,
                **values,
            }
        )


class TestFailureRate(FailureTrendCase):
    """Two made-up cohorts of one product, rates computed on 15 April 2026."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.aio = cls._product("Trend AIO")
        january = cls._units(cls.aio, date(2026, 1, 10), 10)
        february = cls._units(cls.aio, date(2026, 2, 20), 5)
        # January cohort: two failures in month 1, one in month 2
        cls._case(january[0], datetime(2026, 1, 25, 10), cls.lcd)
        cls._case(january[1], datetime(2026, 2, 15, 10), cls.mainboard)
        cls._case(january[2], datetime(2026, 2, 9, 10))  # 30 days: still month 1
        # February cohort: one failure in month 2, one cancelled case (no failure)
        cls._case(february[0], datetime(2026, 3, 25, 10), cls.lcd)
        cls._case(
            february[1], datetime(2026, 3, 1, 10), cls.lcd, stage_id=cls.cancelled.id
        )
        # a unit without a purchase date is not counted, nor are its cases
        undated = cls.env["postventa.unit"].create(
            {"product_id": cls.aio.id, "serial": "TRUNDATED"}
        )
        cls._case(undated, datetime(2026, 3, 2, 10), cls.lcd)
        cls.Rate = cls.env["postventa.failure.rate"]
        cls.Rate._recompute(today=date(2026, 4, 15))

    def _cells(self, domain, groupby):
        # month labels in English, whatever the company's language
        groups = self.Rate.with_context(lang="en_US").read_group(
            [("product_id", "=", self.aio.id), *domain],
            ["failure_rate:avg", "failures:sum", "units:sum"],
            groupby,
            lazy=False,
        )
        return {
            tuple(
                group[g][0] if isinstance(group[g], tuple) else group[g]
                for g in groupby
            ): (group["failures"], group["units"], round(group["failure_rate"], 4))
            for group in groups
        }

    def test_rows_by_cohort_and_month_in_service(self):
        rows = self.Rate.search(
            [("product_id", "=", self.aio.id), ("component_id", "=", False)]
        )
        self.assertEqual(
            [
                (r.cohort, r.month_in_service, r.units, r.failures, r.failure_rate)
                for r in rows
            ],
            [
                # the January units reached their 4th month (3 months 5 days old)
                (date(2026, 1, 1), 1, 10, 2, 20.0),
                (date(2026, 1, 1), 2, 10, 1, 10.0),
                (date(2026, 1, 1), 3, 10, 0, 0.0),
                (date(2026, 1, 1), 4, 10, 0, 0.0),
                # the February ones their 2nd (1 month 26 days old)
                (date(2026, 2, 1), 1, 5, 0, 0.0),
                (date(2026, 2, 1), 2, 5, 1, 20.0),
            ],
        )
        self.assertEqual(rows[1].period, date(2026, 2, 1))
        self.assertEqual(rows[1].categ_id, self.categ)
        self.assertEqual(rows[1].product_tmpl_id, self.aio.product_tmpl_id)

    def test_rate_by_month_in_service_is_weighted(self):
        # failures of the cohorts ÷ the units that reached that month
        self.assertEqual(
            self._cells([("component_id", "=", False)], ["month_in_service"]),
            {
                (1,): (2, 15, 13.3333),
                (2,): (2, 15, 13.3333),
                (3,): (0, 10, 0.0),
                (4,): (0, 10, 0.0),
            },
        )

    def test_rate_by_component(self):
        self.assertEqual(
            self._cells(
                [("component_id", "!=", False)], ["component_id", "month_in_service"]
            ),
            {
                (self.lcd.id, 1): (1, 15, 6.6667),
                (self.lcd.id, 2): (1, 15, 6.6667),
                (self.lcd.id, 3): (0, 10, 0.0),
                (self.lcd.id, 4): (0, 10, 0.0),
                (self.mainboard.id, 1): (0, 15, 0.0),
                (self.mainboard.id, 2): (1, 15, 6.6667),
                (self.mainboard.id, 3): (0, 10, 0.0),
                (self.mainboard.id, 4): (0, 10, 0.0),
            },
        )

    def test_cohort_view(self):
        """By month of purchase: each cohort's rate per month in service, and its
        mean monthly rate (failures ÷ unit-months)."""
        cells = self._cells(
            [("component_id", "=", False)], ["cohort:month", "month_in_service"]
        )
        self.assertEqual(cells[("January 2026", 1)], (2, 10, 20.0))
        self.assertEqual(cells[("February 2026", 2)], (1, 5, 20.0))
        self.assertEqual(len(cells), 6)
        cohorts = self._cells([("component_id", "=", False)], ["cohort:month"])
        self.assertEqual(
            cohorts,
            {("January 2026",): (3, 40, 7.5), ("February 2026",): (1, 10, 10.0)},
        )
        action = self.env.ref("postventa_helpdesk.postventa_failure_rate_action_cohort")
        self.assertIn("cohort:month", action.context)
        views = self.Rate.get_views([(False, "pivot"), (False, "graph")])
        self.assertIn("failure_rate", views["views"]["pivot"]["arch"])
        self.assertIn("month_in_service", views["views"]["graph"]["arch"])

    def test_recompute_replaces_rows(self):
        count = self.Rate.search_count([("product_id", "=", self.aio.id)])
        self.assertEqual(count, 18)  # 6 cells: the product, the LCD, the mainboard
        self.Rate._recompute(today=date(2026, 4, 15))
        self.assertEqual(self.Rate.search_count([("product_id", "=", self.aio.id)]), 18)
        # in May the January units reach their 5th month
        self.Rate._recompute(today=date(2026, 5, 15))
        self.assertEqual(
            self.Rate.search_count(
                [("product_id", "=", self.aio.id), ("component_id", "=", False)]
            ),
            8,
        )

    def test_only_managers_recompute(self):
        agent = new_test_user(
            self.env, login="trend_agent", groups="helpdesk_mgmt.group_helpdesk_user"
        )
        with self.assertRaises(AccessError):
            self.Rate.with_user(agent).action_recompute()
        manager = new_test_user(
            self.env,
            login="trend_manager",
            groups="helpdesk_mgmt.group_helpdesk_manager",
        )
        self.assertEqual(
            self.Rate.with_user(manager).action_recompute()["tag"], "reload"
        )
        self.assertTrue(
            self.Rate.with_user(manager).search([("product_id", "=", self.aio.id)])
        )


class TestFailureAlert(FailureTrendCase):
    """March 2026, checked on 3 April 2026."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env, login="trend_pm", groups="helpdesk_mgmt.group_helpdesk_user"
        )
        cls.categ.postventa_product_manager_id = cls.manager
        cls.lcd.failure_threshold = 5.0
        # Q: 20 units in service since September; 3 failures over the six months
        # before March (120 unit-months: 2.5 %), then 2 LCD failures in March (10 %)
        cls.q = cls._product("Trend Q")
        q_units = cls._units(cls.q, date(2025, 9, 5), 20)
        for unit, opened in zip(
            q_units,
            [datetime(2025, 10, 3), datetime(2025, 12, 10), datetime(2026, 1, 20)],
            strict=False,
        ):
            cls._case(unit, opened)
        cls._case(q_units[5], datetime(2026, 3, 4, 9), cls.lcd)
        cls._case(q_units[6], datetime(2026, 3, 30, 9), cls.lcd)
        # R: 1 failure over 100 units (1 %), below the category's 5 %
        cls.categ.postventa_failure_threshold = 5.0
        cls.r = cls._product("Trend R")
        r_units = cls._units(cls.r, date(2025, 12, 1), 100)
        cls._case(r_units[0], datetime(2026, 3, 10, 9))
        # S: its own 5 % threshold and no manager anywhere: the team's leader
        cls.categ_s = cls.env["product.category"].create({"name": "Trend S"})
        cls.s = cls._product(
            "Trend S", categ_id=cls.categ_s.id, postventa_failure_threshold=5.0
        )
        s_units = cls._units(cls.s, date(2026, 1, 10), 10)
        cls._case(s_units[0], datetime(2026, 3, 12, 9))
        cls.Alert = cls.env["postventa.failure.alert"]
        cls.mine = [("product_id", "in", (cls.q | cls.r | cls.s).ids)]

    def test_rates_above_threshold_or_baseline_alert_once(self):
        alerts = self.Alert._check_failure_rates(today=date(2026, 4, 3))
        alerts = alerts.filtered_domain(self.mine)
        self.assertEqual(
            sorted(
                (
                    a.product_id.name,
                    a.component_id.name or "",
                    a.period,
                    a.failures,
                    a.units,
                    round(a.failure_rate, 2),
                    round(a.baseline_rate, 2),
                    a.threshold,
                    a.reason,
                    a.user_id,
                )
                for a in alerts
            ),
            [
                # the product: twice its baseline (10 % > 2 x 2.5 %), and above the
                # category's threshold too
                (
                    "Trend Q",
                    "",
                    date(2026, 3, 1),
                    2,
                    20,
                    10.0,
                    2.5,
                    5.0,
                    "both",
                    self.manager,
                ),
                # its LCD: no failure before (no baseline), above its threshold
                (
                    "Trend Q",
                    "Trend LCD",
                    date(2026, 3, 1),
                    2,
                    20,
                    10.0,
                    0.0,
                    5.0,
                    "threshold",
                    self.manager,
                ),
                (
                    "Trend S",
                    "",
                    date(2026, 3, 1),
                    1,
                    10,
                    10.0,
                    0.0,
                    5.0,
                    "threshold",
                    self.leader,
                ),
            ],
        )
        activities = alerts.activity_ids
        self.assertEqual(len(activities), 3)
        self.assertEqual(
            activities.activity_type_id,
            self.env.ref("postventa_helpdesk.mail_activity_type_failure_alert"),
        )
        q_lcd = alerts.filtered("component_id")
        self.assertEqual(q_lcd.activity_ids.user_id, self.manager)
        self.assertEqual(
            q_lcd.activity_ids.summary,
            "Failure rate of Trend Q, component Trend LCD in 2026-03: 10.00%",
        )
        self.assertIn("2 failures over 20 units", q_lcd.activity_ids.note)
        # the cron runs every day: no second alert, no second activity
        again = self.Alert._check_failure_rates(today=date(2026, 4, 4))
        self.assertFalse(again.filtered_domain(self.mine))
        self.assertEqual(self.Alert.search_count(self.mine), 3)
        self.assertEqual(len(self.Alert.search(self.mine).activity_ids), 3)
        # April is another period: nothing failed, nothing raised
        self.assertFalse(
            self.Alert._check_failure_rates(today=date(2026, 5, 2)).filtered_domain(
                self.mine
            )
        )

    def test_cron_recomputes_and_alerts(self):
        self.Alert._cron_failure_trends()
        # the real date: the rates of the made-up units are there
        self.assertTrue(
            self.env["postventa.failure.rate"].search_count(
                [("product_id", "=", self.q.id)]
            )
        )
        cron = self.env.ref("postventa_helpdesk.ir_cron_failure_trends")
        self.assertEqual(cron.code, "model._cron_failure_trends()")

    @mute_logger("odoo.sql_db")
    def test_one_alert_per_product_component_and_month(self):
        self.Alert._check_failure_rates(today=date(2026, 4, 3))
        alert = self.Alert.search(self.mine + [("component_id", "=", False)], limit=1)
        with self.assertRaises(UniqueViolation), self.env.cr.savepoint():
            alert.copy()
            self.env.flush_all()


class TestFailureTrendQueries(FailureTrendCase):
    def _queries(self, operation):
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        operation()
        return self.env.cr.sql_log_count - before

    def test_queries_do_not_grow_with_products(self):
        Rate = self.env["postventa.failure.rate"]
        Alert = self.env["postventa.failure.alert"]

        def recompute():
            Rate._recompute(today=date(2026, 4, 15))

        def check():
            Alert._check_failure_rates(today=date(2026, 4, 3))

        def add_products(count):
            for k in range(count):
                product = self._product(f"Trend N{k}")
                units = self._units(product, date(2026, 1, 10), 50)
                self._case(units[0], datetime(2026, 3, 10, 9), self.lcd)

        check()  # whatever the demo data raises for that month, raised once
        add_products(1)
        one = self._queries(recompute), self._queries(check)
        add_products(5)
        six = self._queries(recompute), self._queries(check)
        self.assertEqual(one, six)
        self.assertLessEqual(one[0], 6)
