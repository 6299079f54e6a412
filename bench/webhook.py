"""Webhook ingest next to Odoo's /web/health, on one server, in the same run.

Two measures, each a ratio of the webhook to /web/health so that the machine's
load weighs on both alike:

  1. in this process, through Odoo's WSGI application (no socket): SQL queries
     and CPU milliseconds per request, for /web/health and for a signed webhook
     post of a new event (each a request of its own, committed);
  2. over HTTP, one Odoo server (the ``odoo`` script): requests/s of /web/health
     and of signed webhook posts of new events, in alternating rounds of the same
     size from the same clients; the ratio of each round, then their median.

Target: webhook >= 0.9x /web/health (requests/s). Set-up (a courier, its orders)
is committed before measuring and deleted afterwards, with the events stored.

    bash scripts/bench.sh bench/webhook.py
"""

import json
import os
import statistics
import sys
import time
from datetime import datetime, timedelta

import odoo
import odoo.sql_db
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry

sys.path.insert(
    0, os.path.join(os.path.dirname(__file__), "..", "postventa_courier", "simulator")
)
sys.path.insert(0, os.path.dirname(__file__))
from common import add_workers, bench_parser, configure  # noqa: E402
from courier import blast, free_port, start_server  # noqa: E402
from courier_simulator import sign  # noqa: E402

TARGET = 0.9
SECRET = "bench-webhook-secret"
CODE = "bench-webhook"


def setup(env, orders):
    leftovers = env["delivery.carrier"].search([("postventa_code", "=", CODE)])
    if leftovers:  # an interrupted run
        cleanup(env, leftovers)
    product = env["product.product"].create(
        {"name": "Bench webhook service", "type": "service"}
    )
    carrier = env["delivery.carrier"].create(
        {
            "name": "Bench webhook courier",
            "delivery_type": "postventa_rest",
            "product_id": product.id,
            "postventa_api_key": "bench-key",
            "postventa_code": CODE,
            "postventa_api_url": "http://127.0.0.1:9",
            "postventa_webhook_secret": SECRET,
            "postventa_webhook_window": 3600,
        }
    )
    partner = env["res.partner"].create(
        {"name": "Bench webhook customer", "street": "Calle 1", "city": "Asunción"}
    )
    Order = env["postventa.courier.order"].with_context(
        tracking_disable=True, mail_create_nolog=True
    )
    for start in range(0, orders, 1000):
        Order.create(
            [
                {
                    "kind": "delivery",
                    "partner_id": partner.id,
                    "carrier_id": carrier.id,
                    "tracking_number": f"WH{i:07d}",
                }
                for i in range(start, min(start + 1000, orders))
            ]
        )
    env.flush_all()
    return carrier


def cleanup(env, carriers):
    env.cr.execute(
        "DELETE FROM postventa_courier_event WHERE carrier_id = ANY(%s)", [carriers.ids]
    )
    env.cr.execute(
        "DELETE FROM postventa_courier_order WHERE carrier_id = ANY(%s)", [carriers.ids]
    )
    product, partner = (
        carriers.product_id,
        env["res.partner"].search([("name", "=", "Bench webhook customer")]),
    )
    carriers.unlink()
    product.unlink()
    partner.unlink()


class Events:
    """Signed posts of new events, spread over the orders (a few per order)."""

    def __init__(self, orders, tag):
        self.orders, self.tag, self.count = orders, tag, 0
        self.base = datetime(2030, 1, 1, 8, 0)

    def next(self):
        i = self.count
        self.count += 1
        event = {
            "event_id": f"{self.tag}-{i}",
            "tracking_number": f"WH{i % self.orders:07d}",
            "status": "in_transit",
            "occurred_at": (self.base + timedelta(seconds=i)).isoformat() + "Z",
            "detail": "in transit",
        }
        body = json.dumps(event).encode()
        now = int(time.time())
        headers = {
            "Content-Type": "application/json",
            "X-Courier-Timestamp": str(now),
            "X-Courier-Signature": sign(SECRET, now, body),
        }
        return body, headers


def backends_cpu(registry):
    """CPU seconds used so far by PostgreSQL's backends of this database (on this
    machine), for the server side of the in-process requests."""
    with registry.cursor() as cr:
        cr.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
        )
        pids = [row[0] for row in cr.fetchall()]
    tick, total = os.sysconf("SC_CLK_TCK"), 0.0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:  # another host, or gone
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def in_process(db, orders, n):
    """Queries, CPU ms of this process and of PostgreSQL per request, through
    Odoo's WSGI application."""
    from werkzeug.test import Client

    odoo.tools.config["db_name"] = db
    client = Client(odoo.http.root)
    events = Events(orders, f"inproc-{int(time.time())}")

    def health():
        return client.get("/web/health").status_code

    def webhook():
        body, headers = events.next()
        return client.post(
            f"/postventa/courier/{CODE}/webhook", data=body, headers=headers
        ).status_code

    rows = {}
    for _label, call in (("/web/health", health), ("webhook", webhook)):
        for _i in range(20):  # warm-up
            call()
    for label, call in (("/web/health", health), ("webhook", webhook)):
        codes = set()
        registry = Registry(db)
        db_began = backends_cpu(registry)
        queries, began = odoo.sql_db.sql_counter, time.process_time()
        for _i in range(n):
            codes.add(call())
        cpu = (time.process_time() - began) / n * 1000
        queries = (odoo.sql_db.sql_counter - queries) / n
        rows[label] = (
            queries,
            cpu,
            (backends_cpu(registry) - db_began) / n * 1000,
            sorted(codes),
        )
    return rows


def over_http(config, db, orders, rounds, size, concurrency, workers):
    port = free_port()
    server = start_server(config, db, port, workers)
    events = Events(orders, f"http-{int(time.time())}")
    url = f"http://127.0.0.1:{port}/postventa/courier/{CODE}/webhook"
    health = [("GET", f"http://127.0.0.1:{port}/web/health", None, {})]
    try:
        blast(health * 200, concurrency)  # warm-up
        blast([("POST", url, *events.next()) for _i in range(100)], concurrency)
        ratios, rates, codes = [], {"health": [], "webhook": []}, []
        for _r in range(rounds):
            seconds, _codes = blast(health * size, concurrency)
            health_rate = size / seconds
            batch = [("POST", url, *events.next()) for _i in range(size)]
            seconds, round_codes = blast(batch, concurrency)
            codes += round_codes
            webhook_rate = size / seconds
            rates["health"].append(health_rate)
            rates["webhook"].append(webhook_rate)
            ratios.append(webhook_rate / health_rate)
        return ratios, rates, codes, events.count
    finally:
        server.terminate()
        server.wait(timeout=30)


def main():
    parser = bench_parser(__doc__, vanilla=None)
    parser.add_argument("--orders", type=int, default=2000)
    parser.add_argument("-n", type=int, default=300, help="in-process requests")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--size", type=int, default=400, help="requests per round")
    parser.add_argument("--concurrency", type=int, default=8)
    add_workers(parser)
    args = configure(parser)
    db = args.postventa_db
    registry = Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        carrier = setup(env, args.orders)
        carrier_id = carrier.id
        cr.commit()
    load = os.getloadavg()
    try:
        rows = in_process(db, args.orders, args.n)
        ratios, rates, codes, sent = over_http(
            args.config,
            db,
            args.orders,
            args.rounds,
            args.size,
            args.concurrency,
            args.workers,
        )
        with registry.cursor() as cr:
            cr.execute(
                "SELECT count(*), count(DISTINCT external_id) "
                "FROM postventa_courier_event WHERE carrier_id = %s "
                "AND external_id LIKE 'http-%%'",
                [carrier_id],
            )
            stored, distinct = cr.fetchone()
    finally:
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cleanup(env, env["delivery.carrier"].browse(carrier_id))
    load = (load, os.getloadavg())
    (hq, hcpu, hdb, hcodes), (wq, wcpu, wdb, wcodes) = (
        rows["/web/health"],
        rows["webhook"],
    )
    print(
        f"\nWebhook ingest vs /web/health (load {load[0][0]:.1f} -> {load[1][0]:.1f})"
    )
    print(
        f"in process, {args.n} requests each (queries, CPU ms of Odoo and of "
        "PostgreSQL per request):"
    )
    for label, q, cpu, dbcpu, answers in (
        ("/web/health", hq, hcpu, hdb, hcodes),
        ("webhook (new)", wq, wcpu, wdb, wcodes),
    ):
        print(
            f"  {label:14} {q:4.1f} queries  Odoo {cpu:5.2f} ms  PostgreSQL "
            f"{dbcpu:5.2f} ms  answers {answers}"
        )
    print(
        f"  CPU ratio health/webhook: {(hcpu + hdb) / (wcpu + wdb):.2f} "
        f"(Odoo alone {hcpu / wcpu:.2f})"
    )
    mode = f"{args.workers} Odoo workers" if args.workers else "threaded Odoo server"
    print(
        f"over HTTP, {mode}, {args.concurrency} clients, {args.rounds} rounds of "
        f"{args.size} requests each:"
    )
    print(
        "  /web/health " + " ".join(f"{r:.0f}" for r in rates["health"]) + " requests/s"
    )
    print(
        "  webhook     " + " ".join(f"{r:.0f}" for r in rates["webhook"]) + " events/s"
    )
    print(
        f"  ratio per round {' '.join(f'{r:.2f}' for r in ratios)}; "
        f"median {statistics.median(ratios):.2f}x (target >= {TARGET}x): "
        f"{'OK' if statistics.median(ratios) >= TARGET else 'UNDER TARGET'}"
    )
    print(
        f"  answers {sorted({c: codes.count(c) for c in set(codes)}.items())}; "
        f"events stored {stored} ({distinct} distinct) of {sent} sent "
        "(100 of them in the warm-up)"
    )


if __name__ == "__main__":
    main()
