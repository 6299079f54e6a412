"""Courier benchmark: webhook events ingested per second by Odoo's HTTP server
(signature checked, idempotency on: 10 % of the events are replays), and the
time to poll 10 000 open shipments from the courier simulator.

Set-up (carriers, orders with their tracking numbers, simulator shipments) is
committed before measuring and deleted afterwards; it is not measured.

    bash scripts/bench.sh bench/courier.py
"""

import json
import os
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import requests

import odoo
import odoo.sql_db
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry

sys.path.insert(
    0, os.path.join(os.path.dirname(__file__), "..", "postventa_courier", "simulator")
)
from courier_simulator import CourierSimulator, sign  # noqa: E402

sys.path.insert(0, os.path.dirname(__file__))
from common import (  # noqa: E402
    add_workers,
    bench_parser,
    configure,
    odoo_server_command,
)

WEBHOOK_TARGET = 200  # events per second
POLL_TARGET = 60  # seconds for 10k shipments
SECRET = "bench-secret"


def queries():
    """Queries run by this process so far (the crons commit: a cursor's own count
    restarts)."""
    return odoo.sql_db.sql_counter


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def setup(env, sim, webhook_orders, poll_orders):
    leftovers = env["delivery.carrier"].search(
        [("postventa_code", "in", ("bench-push", "bench-poll"))]
    )
    if leftovers:  # an interrupted run
        cleanup(
            env,
            leftovers,
            leftovers.product_id,
            env["res.partner"].search([("name", "=", "Bench customer")]),
        )
    product = env["product.product"].create(
        {"name": "Bench courier service", "type": "service"}
    )
    common = {
        "delivery_type": "postventa_rest",
        "product_id": product.id,
        "postventa_api_key": "bench-key",
    }
    pushed = env["delivery.carrier"].create(
        dict(
            common,
            name="Bench webhook courier",
            postventa_code="bench-push",
            postventa_api_url=sim.url,
            postventa_webhook_secret=SECRET,
            postventa_webhook_window=3600,
        )
    )
    polled = env["delivery.carrier"].create(
        dict(
            common,
            name="Bench polled courier",
            postventa_code="bench-poll",
            postventa_api_url=sim.url,
            postventa_tracking_mode="poll",
        )
    )
    partner = env["res.partner"].create(
        {"name": "Bench customer", "street": "Calle 1", "city": "Asunción"}
    )
    Order = env["postventa.courier.order"].with_context(
        tracking_disable=True, mail_create_nolog=True
    )

    def orders(carrier, numbers):
        for start in range(0, len(numbers), 1000):
            Order.create(
                [
                    {
                        "kind": "delivery",
                        "partner_id": partner.id,
                        "carrier_id": carrier.id,
                        "tracking_number": number,
                    }
                    for number in numbers[start : start + 1000]
                ]
            )
            env.flush_all()
            env.invalidate_all()

    orders(pushed, [f"BW{i:07d}" for i in range(webhook_orders)])
    orders(polled, sim.seed(poll_orders, "in_transit"))
    return pushed, polled, product, partner


def cleanup(env, carriers, product, partner):
    env.cr.execute(
        "DELETE FROM postventa_courier_order WHERE carrier_id = ANY(%s)", [carriers.ids]
    )
    carriers.unlink()
    product.unlink()
    partner.unlink()


def start_server(config, db, port, workers):
    server = subprocess.Popen(
        # one database by -d and no --db-filter: Odoo then serves it without listing
        # the server's databases (a new connection) on every request without a session
        # the odoo script, not python -m odoo (its gevent process would respawn)
        odoo_server_command()
        + [
            "-c",
            config,
            "-d",
            db,
            f"--http-port={port}",
            f"--gevent-port={free_port()}",
            "--max-cron-threads=0",
            "--log-level=warn",
            f"--workers={workers}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _i in range(120):
        try:
            if requests.get(f"http://127.0.0.1:{port}/web/health", timeout=1).ok:
                return server
        except requests.RequestException:
            time.sleep(0.5)
    server.kill()
    raise SystemExit("the Odoo server did not start")


def blast(requests_, concurrency):
    """Send (method, url, body, headers) requests from ``concurrency`` threads;
    returns (seconds, status codes)."""
    local = threading.local()

    def send(item):
        session = (
            getattr(local, "session", None)
            or setattr(local, "session", requests.Session())
            or local.session
        )
        method, url, body, headers = item
        return session.request(
            method, url, data=body, headers=headers, timeout=30
        ).status_code

    with ThreadPoolExecutor(concurrency) as pool:
        started = time.perf_counter()
        codes = list(pool.map(send, requests_))
    return time.perf_counter() - started, codes


def webhook_requests(url, n_orders):
    base = datetime(2030, 1, 1, 8, 0)
    events = []
    for i in range(n_orders):
        for step, status in enumerate(("picked_up", "in_transit", "delivered")):
            events.append(
                {
                    "event_id": f"bench-{i}-{step}",
                    "tracking_number": f"BW{i:07d}",
                    "status": status,
                    "occurred_at": (base + timedelta(minutes=step)).isoformat() + "Z",
                    "detail": status,
                }
            )
    events += events[::10]  # replays: idempotency must hold them off
    now = int(time.time())
    out = []
    for event in events:
        body = json.dumps(event).encode()
        out.append(
            (
                "POST",
                url,
                body,
                {
                    "Content-Type": "application/json",
                    "X-Courier-Timestamp": str(now),
                    "X-Courier-Signature": sign(SECRET, now, body),
                },
            )
        )
    return out


def main():
    parser = bench_parser(__doc__, vanilla=None)
    parser.add_argument(
        "--orders", type=int, default=2000, help="orders receiving webhook events"
    )
    parser.add_argument(
        "--poll", type=int, default=10_000, help="open shipments to poll"
    )
    parser.add_argument("--concurrency", type=int, default=8)
    add_workers(parser)
    args = configure(parser)
    db = args.postventa_db
    sim = CourierSimulator(api_key="bench-key").start()
    registry = Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        pushed, polled, product, partner = setup(env, sim, args.orders, args.poll)
        cr.commit()
    port = free_port()
    server = start_server(args.config, db, port, args.workers)
    try:
        # --- webhooks, next to Odoo's lightest public route on the same server
        health = [("GET", f"http://127.0.0.1:{port}/web/health", None, {})] * 2000
        blast(health[:200], args.concurrency)  # warm-up
        base_seconds, _codes = blast(health, args.concurrency)
        url = f"http://127.0.0.1:{port}/postventa/courier/bench-push/webhook"
        batch = webhook_requests(url, args.orders)
        seconds, codes = blast(batch, args.concurrency)
        # what the cron does next: apply the recorded events
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            before, started = queries(), time.perf_counter()
            env["postventa.courier.event"]._cron_apply_pending()
            apply_seconds, apply_queries = (
                time.perf_counter() - started,
                queries() - before,
            )
        with registry.cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM postventa_courier_event e JOIN "
                "postventa_courier_order o "
                "ON o.id = e.order_id WHERE o.carrier_id = %s",
                [pushed.id],
            )
            stored = cr.fetchone()[0]
            cr.execute(
                "SELECT count(*) FROM postventa_courier_order WHERE carrier_id = %s "
                "AND state = 'delivered'",
                [pushed.id],
            )
            delivered = cr.fetchone()[0]
        rate = len(batch) / seconds
        mode = (
            f"{args.workers} Odoo workers" if args.workers else "threaded Odoo server"
        )
        print(
            f"\nWebhooks: {len(batch)} signed events ({len(batch) - 3 * args.orders} "
            "replays), "
            f"{args.concurrency} clients, {mode}"
        )
        print(
            f"  ingested {rate:.0f} events/s ({seconds:.1f} s); Odoo's /web/health on "
            "the same server: "
            f"{len(health) / base_seconds:.0f} requests/s"
        )
        print(
            f"  answers: {sorted({c: codes.count(c) for c in set(codes)}.items())}; "
            f"events stored {stored} "
            f"(expected {3 * args.orders})"
        )
        print(
            f"  the cron then applied them in {apply_seconds:.1f} s "
            f"({apply_queries / (3 * args.orders) * 1000:.0f} "
            f"queries per 1000 events); orders delivered {delivered}/{args.orders}"
        )
        print(
            f"  target >= {WEBHOOK_TARGET}/s: "
            f"{'OK' if rate >= WEBHOOK_TARGET else 'OVER TARGET'}"
        )

        # --- polling
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            Order = env["postventa.courier.order"]
            before, started = queries(), time.perf_counter()
            Order._cron_poll_tracking()
            first = time.perf_counter() - started
            first_queries = queries() - before
            before, started = queries(), time.perf_counter()
            Order._cron_poll_tracking()
            again = time.perf_counter() - started
            again_queries = queries() - before
            cr.execute(
                "SELECT count(*) FROM postventa_courier_order WHERE carrier_id = %s "
                "AND state = 'in_transit'",
                [polled.id],
            )
            in_transit = cr.fetchone()[0]
        print(f"\nPolling {args.poll} open shipments (batches of 500):")
        print(
            f"  first poll (2 new events each) {first:.1f} s, "
            f"{first_queries / args.poll * 1000:.0f} "
            "queries per 1000 shipments; orders now in transit: "
            f"{in_transit}/{args.poll}"
        )
        print(
            f"  next poll (nothing new) {again:.1f} s, "
            f"{again_queries / args.poll * 1000:.0f} queries "
            f"per 1000 shipments"
        )
        print(
            f"  target <= {POLL_TARGET} s: "
            f"{'OK' if max(first, again) <= POLL_TARGET else 'OVER TARGET'}"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cleanup(
                env,
                env["delivery.carrier"].browse((pushed | polled).ids),
                product.with_env(env),
                partner.with_env(env),
            )
        sim.stop()


if __name__ == "__main__":
    main()
