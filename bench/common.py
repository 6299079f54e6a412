"""Helpers for the benchmarks: open an Odoo database in-process and measure
operations by wall time and by SQL queries, in a transaction that is rolled back."""

import argparse
import os
import statistics
import sys
import time
from contextlib import contextmanager

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry


def bench_parser(description, vanilla="database with helpdesk_mgmt only", n=None):
    """The arguments scripts/bench.sh gives every benchmark: the configuration and
    the two databases (``vanilla=None``: the benchmark compares with no vanilla
    database and takes the argument only for that common interface), ``-n``
    with ``n`` as its default when given. Add the benchmark's own, then call
    :func:`configure`."""
    parser = argparse.ArgumentParser(description=description.split("\n\n")[0])
    parser.add_argument("--config", required=True, help="Odoo configuration file")
    parser.add_argument("--postventa-db", required=True)
    if vanilla:
        parser.add_argument("--vanilla-db", required=True, help=vanilla)
    else:
        parser.add_argument("--vanilla-db", help="unused (common interface)")
    if n is not None:
        parser.add_argument("-n", type=int, default=n, help="operations per side")
    return parser


def add_workers(parser, what="Odoo HTTP worker processes"):
    parser.add_argument(
        "--workers", type=int, default=2, help=f"{what} (0: one threaded process)"
    )


def configure(parser):
    """Parsed arguments, with Odoo's configuration read from --config."""
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "--log-level=warn"])
    return args


def parse_args(description, default_n):
    return configure(bench_parser(description, n=default_n))


def clone(cr, table, template_id, count, overrides, joins=""):
    """Insert ``count`` copies of row ``template_id`` of ``table`` (``g`` runs from 1
    to count); ``overrides`` maps a column to an SQL expression, the other columns
    keep the template's value."""
    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
        "AND column_name != 'id'",
        [table],
    )
    columns = [name for (name,) in cr.fetchall()]
    exprs = [overrides.get(column, f"t.{column}") for column in columns]
    cr.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(exprs)} "  # noqa: S608
        f"FROM generate_series(1, {int(count)}) g CROSS JOIN {table} t {joins} "
        f"WHERE t.id = {int(template_id)} "
        "ORDER BY g"
    )


def odoo_server_command():
    """The command that starts an Odoo server: the ``odoo`` script next to this
    Python. Not ``python -m odoo``: with --workers, the master starts its gevent
    (websocket) process again from its own command line, which ``-m`` breaks, and
    respawns it endlessly."""
    script = os.path.join(os.path.dirname(sys.executable), "odoo")
    if not os.path.exists(script):
        raise SystemExit(f"no odoo script at {script}: install Odoo into this venv")
    return [script]


@contextmanager
def environment(db):
    registry = Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": False})
        try:
            yield env
        finally:
            cr.rollback()


def measure(sides, n, warmup=20, chunk=25):
    """Run each side's ``operation(env, i)`` n times after a warm-up, each call
    flushed to the database; the sides alternate by chunks so that machine drift
    (frequency, other load) weighs on both alike.

    :param sides: {label: (env, operation)}
    :return: {label: (queries per op, ms per op median, ms per op mean)}
    """
    for env, operation in sides.values():
        for i in range(warmup):
            operation(env, -1 - i)
            env.flush_all()
    timings = {label: [] for label in sides}
    queries = dict.fromkeys(sides, 0)
    for start in range(0, n, chunk):
        for label, (env, operation) in sides.items():
            cr = env.cr
            for i in range(start, min(start + chunk, n)):
                before = cr.sql_log_count
                began = time.perf_counter()
                operation(env, i)
                env.flush_all()
                timings[label].append((time.perf_counter() - began) * 1000)
                queries[label] += cr.sql_log_count - before
    return {
        label: (
            queries[label] / n,
            statistics.median(timings[label]),
            statistics.fmean(timings[label]),
        )
        for label in sides
    }


def report(title, rows, target, compare=None):
    """rows: {label: (queries, median_ms, mean_ms)}; ``compare`` names the
    (baseline, candidate) rows held to the target, by default the first two."""
    print(f"\n{title}")
    print(f"{'':40} {'queries/op':>11} {'ms/op (median)':>15} {'ms/op (mean)':>13}")
    for label, (q, med, mean) in rows.items():
        print(f"{label:40} {q:11.1f} {med:15.2f} {mean:13.2f}")
    baseline, candidate = compare or list(rows)[:2]
    (vq, vmed, _), (pq, pmed, _) = rows[baseline], rows[candidate]
    q_ratio, t_ratio = pq / vq, pmed / vmed
    verdict = "OK" if q_ratio <= target and t_ratio <= target else "OVER TARGET"
    print(
        f"ratio postventa/vanilla: queries {q_ratio:.2f}x, time {t_ratio:.2f}x "
        f"(target <= {target}x): {verdict}"
    )
    return q_ratio, t_ratio
