"""Failure-trend benchmark: the recomputation of the failure rates (by product,
failing component, purchase cohort and month in service) and the monthly alert
check, over 100 000 cases on 50 000 registered units, in a transaction that is
rolled back.

The units and cases are SQL copies of one unit and one case made by the ORM:
units of PRODUCTS products bought over three years, cases opened on them at
every age, a third with one of COMPONENTS failing components. Both operations
are timed and their SQL queries counted, once with a tenth of the products and
once with all of them: the query count must not grow with the number of
products (no N+1), and the recomputation must finish under TARGET_S seconds.

    bash scripts/bench.sh bench/trends.py
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from common import clone, environment, parse_args  # noqa: E402

TARGET_S = 30.0
UNITS = 50000
CASES = 100000
PRODUCTS = 100
COMPONENTS = 5
PREFIX = "BTR-"


def ids_array(records):
    return f"ARRAY[{','.join(str(i) for i in records.ids)}]::int[]"


def populate(env, products, components, team):
    cr = env.cr
    unit = env["postventa.unit"].create(
        {"serial": PREFIX + "TEMPLATE", "product_id": products[0].id}
    )
    clone(
        cr,
        "postventa_unit",
        unit.id,
        UNITS,
        {
            "serial": f"'{PREFIX}' || g",
            "product_id": f"({ids_array(products)})[1 + g % {len(products)}]",
            "purchase_date": "current_date - 1 - (g % 1095)",
        },
    )
    ticket = env["helpdesk.ticket"].create(
        {
            "name": "Template",
            "description": "<p>x</p>",
            "team_id": team.id,
            "unit_id": unit.id,
        }
    )
    env.flush_all()
    # case g on unit g % UNITS, opened some days after its purchase (before today)
    clone(
        cr,
        "helpdesk_ticket",
        ticket.id,
        CASES,
        {
            "number": f"'{PREFIX}' || g",
            "name": "'It fails (' || g || ')'",
            "unit_id": "u.id",
            "unit_product_id": "u.product_id",
            "opening_date": "u.purchase_date + LEAST(current_date - 1 - "
            "u.purchase_date, (g * 7919) % 1095) + interval '10 hours'",
            "failed_component_id": f"CASE WHEN g % 3 = 0 THEN "
            f"({ids_array(components)})[1 + g % {len(components)}] END",
            "access_token": "NULL",
        },
        f"JOIN postventa_unit u ON u.serial = '{PREFIX}' || (1 + g % {UNITS})",
    )
    ticket.unlink()
    unit.unlink()
    cr.execute("ANALYZE postventa_unit; ANALYZE helpdesk_ticket")


def timed(env, operation):
    env.invalidate_all()
    cr = env.cr
    before = cr.sql_log_count
    began = time.perf_counter()
    result = operation()
    env.flush_all()
    return time.perf_counter() - began, cr.sql_log_count - before, result


def main():
    args = parse_args(__doc__, default_n=1)
    with environment(args.postventa_db) as env:
        env = env(context=dict(env.context, tracking_disable=True))
        categ = env["product.category"].create(
            {"name": "Bench trends", "postventa_failure_threshold": 1.0}
        )
        products = env["product.product"].create(
            [{"name": f"Bench AIO {k}", "categ_id": categ.id} for k in range(PRODUCTS)]
        )
        components = env["postventa.component"].create(
            [{"name": f"Bench part {k}"} for k in range(COMPONENTS)]
        )
        leader = env["res.users"].create(
            {"name": "Bench team leader", "login": "btr_leader"}
        )
        team = env["helpdesk.ticket.team"].create(
            {"name": "Bench trends team", "user_id": leader.id}
        )
        began = time.perf_counter()
        populate(env, products, components, team)
        populated = time.perf_counter() - began
        print(
            f"\nFailure trends: {UNITS} units, {CASES} cases, {PRODUCTS} products, "
            f"{COMPONENTS} components (populated in {populated:.1f} s)"
        )
        Rate = env["postventa.failure.rate"]
        Alert = env["postventa.failure.alert"]
        rows = {}
        # first with the units of a tenth of the products only (the others
        # archived), then with all of them: same data shape, ten times the products
        few = products[: PRODUCTS // 10]
        for label, active in (("10% of the products", few), ("all products", products)):
            env.cr.execute(
                "UPDATE postventa_unit SET active = (product_id = ANY(%s)) "
                "WHERE serial LIKE %s",
                [active.ids, PREFIX + "%"],
            )
            Alert.search([("product_id", "in", products.ids)]).unlink()
            rates = timed(env, Rate._recompute)
            alerts = timed(env, Alert._check_failure_rates)
            rows[label] = (len(active), rates, alerts)
        print(
            f"{'':22} {'products':>8} {'rates s':>8} {'queries':>8} {'rows':>7} "
            f"{'alerts s':>9} {'queries':>8} {'alerts':>7}"
        )
        for label, (n, (rs, rq, rn), (a_s, aq, alerts)) in rows.items():
            print(
                f"{label:22} {n:8} {rs:8.2f} {rq:8} {rn:7} {a_s:9.2f} {aq:8} "
                f"{len(alerts):7}"
            )
        (n1, (__, q1, __), (__, aq1, a1)), (n2, (r2, q2, __), (a_s2, aq2, a2)) = (
            rows.values()
        )
        # the rates: the same statements whatever the number of products; the alert
        # check: one query for the rates, then the alerts and their activities
        # (batched; mail notifies each assignee), so its queries follow the alerts
        constant = q1 == q2
        verdict = "OK" if r2 + a_s2 <= TARGET_S and constant else "OVER TARGET"
        print(
            f"recompute + alert check over all products: {r2 + a_s2:.2f} s (target "
            f"<= {TARGET_S:.0f} s); recompute: {q2} queries with {n2} products, {q1} "
            f"with {n1}; alert check: {aq2 / n2:.1f} queries per product "
            f"({aq2 / max(len(a2), 1):.1f} per alert) with {n2} products, "
            f"{aq1 / n1:.1f} ({aq1 / max(len(a1), 1):.1f}) with {n1}: {verdict}"
        )


if __name__ == "__main__":
    main()
