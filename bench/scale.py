"""Several Odoo servers on one database: courier bookings and tracking events,
with one server and with two, then under faults.

Each server is the ``odoo`` script with HTTP workers and cron workers (as in
production; ``python -m odoo --workers`` makes the master respawn its gevent
process endlessly). A courier simulator answers the bookings (with a latency, as a
real API has) and pushes signed events to the servers' webhooks, some before Odoo
has recorded the booking's answer.

  1. bookings/s: orders booked by the outbox senders of one server, then of two
  2. events/s: webhooks to one server, then to both; Odoo's /web/health on the
     same server as the reference for the webhook's ingest
  3. faults: orders booked while the courier fails calls (5xx) and then refuses
     connections, one server is killed (kill -9) and started again, and
     PostgreSQL restarts (--pg-restart: a command that restarts the cluster the
     database is on; never a shared one)

It prints orders booked once (lost, duplicated), events stored once, the state
per order, retries made before the back-off, the webhook's answers (never a 404
or a 500) and the error lines of the servers' logs. Set-up is committed and
deleted afterwards.

    bash scripts/bench.sh bench/scale.py
    python bench/scale.py --config .local/odoo.conf --postventa-db DB \\
        --pg-restart 'pg_ctl -D /path/to/data -m fast restart'
"""

import collections
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import requests

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry

sys.path.insert(
    0, os.path.join(os.path.dirname(__file__), "..", "postventa_courier", "simulator")
)
sys.path.insert(0, os.path.dirname(__file__))
from common import bench_parser, configure, odoo_server_command  # noqa: E402
from courier_simulator import CourierSimulator, Handler, sign  # noqa: E402

SECRET = "scale-secret"
CODE = "bench-scale"
FIRST_DELAY = 60  # the outbox's first back-off (postventa_courier_outbox.py)
STATUSES = ("picked_up", "in_transit", "delivered")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---------------------------------------------------------------- the courier
class ScaleHandler(Handler):
    def _dispatch(self, method):
        sim = self.server.simulator
        sim.local.key = self.headers.get("Idempotency-Key")
        if sim.latency and self.path.startswith("/v1/"):
            time.sleep(sim.latency)
        super()._dispatch(method)


class ScaleSimulator(CourierSimulator):
    """Records every booking attempt (time, idempotency key, refused with a 5xx?)
    and, for the orders of the fault phase, pushes their events as soon as it
    answers a booking, before Odoo has recorded the answer."""

    def __init__(self, **kw):
        super().__init__(**kw)
        self.local = threading.local()
        self.latency = 0.0
        self.attempts = []  # (time, key, refused)
        self.on_booked = None  # callable(tracking number, reference)

    def _take_fault(self, path, kinds):
        fault = super()._take_fault(path, kinds)
        if path == "/v1/shipments" and "5xx" in kinds:
            refused = bool(fault and fault["kind"] == "5xx")
            self.attempts.append(
                (time.time(), getattr(self.local, "key", None), refused)
            )
        return fault

    def create_shipment(self, payload, idempotency_key):
        known = idempotency_key in self.by_key
        code, body = super().create_shipment(payload, idempotency_key)
        if code == 201 and not known and self.on_booked:
            self.on_booked(body["tracking_number"], payload.get("reference"))
        return code, body

    def start(self, port=0, host="127.0.0.1"):
        from http.server import ThreadingHTTPServer

        self.server = ThreadingHTTPServer((host, port), ScaleHandler)
        self.server.daemon_threads = True
        self.server.simulator = self
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self


# ---------------------------------------------------------------- the servers
class Server:
    def __init__(self, args, name):
        self.args, self.name = args, name
        self.port = free_port()
        self.log = os.path.abspath(f"{args.log_dir}/scale-{name}.log")
        self.process = None

    def start(self):
        command = odoo_server_command() + [
            "-c",
            self.args.config,
            "-d",
            self.args.postventa_db,
            f"--http-port={self.port}",
            f"--gevent-port={free_port()}",
            f"--workers={self.args.workers}",
            f"--max-cron-threads={self.args.cron_threads}",
            "--log-level=warn",
            f"--logfile={self.log}",
        ]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        for _i in range(240):
            try:
                if requests.get(self.url("/web/health"), timeout=1).ok:
                    return self
            except requests.RequestException:
                time.sleep(0.5)
        raise SystemExit(f"server {self.name} did not start (log: {self.log})")

    def kill(self):
        """kill -9 the master and its workers, as a crash would."""
        for pid in [self.process.pid] + children(self.process.pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"


def children(pid):
    out = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True
    ).stdout
    pids = [int(p) for p in out.split()]
    return pids + [c for p in pids for c in children(p)]


# ---------------------------------------------------------------- the database
def environment(registry):
    cr = registry.cursor()
    return api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})


def query(registry, sql, params=None):
    for attempt in range(60):  # PostgreSQL may be restarting
        try:
            with registry.cursor() as cr:
                cr.execute(sql, params)
                return cr.fetchall()
        except Exception:  # noqa: BLE001
            if attempt == 59:
                raise
            time.sleep(1)
    return []


def setup(registry, sim, senders):
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        cleanup_env(env)
        product = env["product.product"].create(
            {"name": "Bench scale courier", "type": "service"}
        )
        carrier = env["delivery.carrier"].create(
            {
                "name": "Bench scale courier",
                "delivery_type": "postventa_rest",
                "product_id": product.id,
                "postventa_code": CODE,
                "postventa_api_key": "scale-key",
                "postventa_api_url": sim.url,
                "postventa_webhook_secret": SECRET,
                "postventa_webhook_window": 3600,
            }
        )
        partner = env["res.partner"].create(
            {"name": "Bench scale customer", "street": "Calle 1", "city": "Asunción"}
        )
        # one cron job per sender (the module has two): copies of the outbox cron
        cron = env.ref("postventa_courier.ir_cron_courier_outbox")
        existing = env["ir.cron"].search(
            [("model_id.model", "=", "postventa.courier.outbox")]
        )
        for i in range(len(existing), senders):
            cron.copy({"name": f"Bench scale sender {i + 1}"})
        return carrier.id, partner.id


def cleanup_env(env):
    carriers = env["delivery.carrier"].search([("postventa_code", "=", CODE)])
    if carriers:
        env.cr.execute(
            "DELETE FROM ir_attachment WHERE res_model = 'postventa.courier.order' "
            "AND res_id IN (SELECT id FROM postventa_courier_order "
            "WHERE carrier_id = ANY(%s))",
            [carriers.ids],
        )
        env.cr.execute(
            "DELETE FROM postventa_courier_order WHERE carrier_id = ANY(%s)",
            [carriers.ids],
        )
        products = carriers.product_id
        carriers.unlink()
        products.unlink()
    env["res.partner"].search([("name", "=", "Bench scale customer")]).unlink()
    env["ir.cron"].search([("name", "like", "Bench scale sender")]).unlink()


def enqueue(registry, carrier_id, partner_id, count, tag):
    """``count`` pickups booked through the outbox; returns {order id: name}."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        orders = env["postventa.courier.order"].create(
            [
                {"kind": "pickup", "partner_id": partner_id, "carrier_id": carrier_id}
                for _i in range(count)
            ]
        )
        # booking is an action: it queues each order's call in the outbox
        orders.action_book()
        names = dict(zip(orders.ids, orders.mapped("name"), strict=True))
        cr.commit()
    return names


def wait_calls_done(registry, order_ids, timeout):
    started = time.time()
    while time.time() - started < timeout:
        left = query(
            registry,
            "SELECT count(*) FROM postventa_courier_outbox WHERE order_id = ANY(%s) "
            "AND state != 'done'",
            [list(order_ids)],
        )[0][0]
        if not left:
            return time.time() - started
        time.sleep(0.25)
    return None


# ---------------------------------------------------------------- webhooks
def signed(event):
    body = json.dumps(event).encode()
    now = int(time.time())
    return body, {
        "Content-Type": "application/json",
        "X-Courier-Timestamp": str(now),
        "X-Courier-Signature": sign(SECRET, now, body),
    }


class Pusher:
    """Sends events to the servers' webhooks, in turn, as a courier does: a 503
    or a refused connection is retried (on the next server), anything else is
    final. Counts every answer."""

    def __init__(self, servers, concurrency):
        self.servers = servers
        self.answers = collections.Counter()
        self.lock = threading.Lock()
        self.pool = ThreadPoolExecutor(concurrency)
        self.turn = 0
        self.local = threading.local()

    def _session(self):
        if not hasattr(self.local, "session"):
            self.local.session = requests.Session()
        return self.local.session

    def send(self, event, retries=120):
        body, headers = signed(event)
        for _attempt in range(retries):
            with self.lock:
                self.turn += 1
                server = self.servers[self.turn % len(self.servers)]
            try:
                response = self._session().post(
                    server.url(f"/postventa/courier/{CODE}/webhook"),
                    data=body,
                    headers=headers,
                    timeout=30,
                )
                code = response.status_code
            except requests.RequestException:
                code = "refused"
            with self.lock:
                self.answers[code] += 1
            if code not in (503, "refused"):
                return code
            time.sleep(0.5)
        return code

    def blast(self, events):
        started = time.perf_counter()
        codes = list(self.pool.map(self.send, events))
        return time.perf_counter() - started, codes

    def submit(self, event):
        return self.pool.submit(self.send, event)


def events_of(number, base):
    return [
        {
            "event_id": f"scale-{number}-{step}",
            "tracking_number": number,
            "status": status,
            "occurred_at": (base + timedelta(minutes=step + 1))
            .isoformat()
            .replace("+00:00", "Z"),
            "detail": status,
        }
        for step, status in enumerate(STATUSES)
    ]


def rate_of(server, path, n, concurrency):
    session_local = threading.local()

    def get(_i):
        if not hasattr(session_local, "s"):
            session_local.s = requests.Session()
        return session_local.s.get(server.url(path), timeout=30).status_code

    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(get, range(min(100, n))))  # warm-up
        started = time.perf_counter()
        list(pool.map(get, range(n)))
    return n / (time.perf_counter() - started)


LOG_ENTRY = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},\d{3} ")


def restarted_cron_worker(entry):
    """Odoo's own: a cron worker waiting on its LISTEN connection when PostgreSQL
    restarts exits with this error, and Odoo's master starts it again."""
    return (
        "Worker WorkerCron" in entry
        and "Exception occurred, exiting" in entry
        and "in sleep" in entry
        and "psycopg2.OperationalError" in entry
    )


def log_errors(servers):
    """The servers' ERROR and CRITICAL entries (each with its traceback), as
    (unhandled, cron workers restarted by Odoo after PostgreSQL restarted)."""
    entries = []
    for server in servers:
        try:
            with open(server.log, encoding="utf-8", errors="replace") as log:
                for line in log:
                    if LOG_ENTRY.match(line):
                        entries.append([server.name, line])
                    elif entries:
                        entries[-1][1] += line
        except OSError:
            pass
    errors = [
        (name, entry)
        for name, entry in entries
        if re.search(r" (ERROR|CRITICAL) ", entry.split("\n", 1)[0])
    ]
    unhandled = [
        f"{name}: {entry.strip()[:200]}"
        for name, entry in errors
        if not restarted_cron_worker(entry)
    ]
    return unhandled, len(errors) - len(unhandled)


# ---------------------------------------------------------------- main
def main():  # noqa: C901
    sys.stdout.reconfigure(line_buffering=True)
    parser = bench_parser(__doc__, vanilla=None)
    parser.add_argument("--orders", type=int, default=60, help="orders per booking run")
    parser.add_argument(
        "--event-orders", type=int, default=200, help="orders per webhook run"
    )
    parser.add_argument("--fault-orders", type=int, default=60, help="0: no fault run")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cron-threads", type=int, default=2)
    parser.add_argument(
        "--senders", type=int, default=4, help="outbox cron jobs (copies)"
    )
    parser.add_argument(
        "--latency", type=float, default=0.1, help="the courier API's, in seconds"
    )
    parser.add_argument("--outage", type=float, default=10, help="courier refusing, s")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--pg-restart", help="shell command restarting PostgreSQL")
    parser.add_argument("--log-dir", default=".local")
    args = configure(parser)
    registry = Registry(args.postventa_db)
    sim = ScaleSimulator(api_key="scale-key", webhook_secret=SECRET).start()
    sim.latency = args.latency
    carrier_id, partner_id = setup(registry, sim, args.senders)
    one, two = Server(args, "one"), Server(args, "two")
    servers = [one, two]
    for server in servers:
        if os.path.exists(server.log):
            os.unlink(server.log)
    all_orders = {}
    try:
        print(
            f"Odoo servers: the odoo script, {args.workers} HTTP workers and "
            f"{args.cron_threads} cron workers each, one database; "
            f"{args.senders} outbox senders (cron jobs); courier latency "
            f"{args.latency * 1000:.0f} ms"
        )
        # 1. bookings, one server then two
        one.start()
        bookings = {}
        for label, running in (("one server", [one]), ("two servers", [one, two])):
            if two in running and two.process is None:
                two.start()
            orders = enqueue(registry, carrier_id, partner_id, args.orders, label)
            all_orders.update(orders)
            seconds = wait_calls_done(registry, orders, 600)
            bookings[label] = args.orders / seconds if seconds else 0.0
            print(
                f"  bookings with {label}: {args.orders} orders (booking + label "
                f"calls) in {seconds or float('nan'):.1f} s: "
                f"{bookings[label]:.1f} bookings/s"
            )
        # 2. events, to one server then to both
        numbers = [
            row[0]
            for row in query(
                registry,
                "SELECT tracking_number FROM postventa_courier_order "
                "WHERE id = ANY(%s) ORDER BY id",
                [list(all_orders)],
            )
        ]
        base = datetime.now(timezone.utc)
        rates = {}
        half = min(args.event_orders, len(numbers) // 2)
        for label, targets, chunk in (
            ("one server", [one], numbers[:half]),
            ("two servers", [one, two], numbers[half : 2 * half]),
        ):
            events = [e for n in chunk for e in events_of(n, base)]
            events += events[::10]  # replays
            pusher = Pusher(targets, args.concurrency)
            seconds, codes = pusher.blast(events)
            rates[label] = len(events) / seconds
            print(
                f"  webhook events to {label}: {len(events)} (10 % replays) in "
                f"{seconds:.1f} s: {rates[label]:.0f} events/s; answers "
                f"{dict(sorted(collections.Counter(codes).items(), key=str))}"
            )
        health = rate_of(one, "/web/health", 1000, args.concurrency)
        ratio = rates["one server"] / health
        print(
            f"  Odoo's /web/health on the same server: {health:.0f} requests/s; "
            f"webhook ingest {ratio:.2f}x of it (target >= 0.9x)"
        )

        if not args.fault_orders:
            print(
                f"\nThroughput: bookings/s one server {bookings['one server']:.1f}, "
                f"two {bookings['two servers']:.1f}; events/s one server "
                f"{rates['one server']:.0f}, two {rates['two servers']:.0f}"
            )
            return

        # 3. faults
        print(
            f"\nFaults: {args.fault_orders} orders booked while the courier fails "
            f"calls (5xx) then refuses connections for {args.outage:.0f} s, server "
            f"two is killed (kill -9) and started again, PostgreSQL "
            f"{'restarts' if args.pg_restart else 'stays up (no --pg-restart given)'}; "
            "the courier pushes each booked order's 3 events (and replays) at once, "
            "to both servers"
        )
        pusher = Pusher(servers, args.concurrency)
        pushed, futures = {}, []
        fault_base = base + timedelta(hours=1)

        def on_booked(number, reference):
            events = events_of(number, fault_base)
            pushed[number] = events
            for event in events + events[:1]:  # and a replay
                futures.append(pusher.submit(event))

        sim.on_booked = on_booked
        sim.attempts.clear()
        sim.inject("5xx", count=max(1, args.fault_orders // 5), path="/v1/shipments")
        orders = enqueue(registry, carrier_id, partner_id, args.fault_orders, "faults")
        all_orders.update(orders)
        started = time.time()
        time.sleep(2)
        port = sim.server.server_address[1]
        sim.stop()  # connections refused
        time.sleep(args.outage)
        sim.start(port=port)
        two.kill()
        print(f"  server two killed at {time.time() - started:.0f} s")
        time.sleep(3)
        two.start()
        if args.pg_restart:
            time.sleep(2)
            restarted = time.time()
            # no pipes: the new postmaster would keep them open
            subprocess.run(
                args.pg_restart,
                shell=True,
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            print(
                f"  PostgreSQL restarted at {restarted - started:.0f} s "
                f"({time.time() - restarted:.1f} s)"
            )
        seconds = wait_calls_done(registry, orders, 900)
        for future in list(futures):
            future.result()
        # the event cron applies what the webhooks stored: wait for it
        deadline = time.time() + 300
        while time.time() < deadline:
            pending = query(
                registry,
                "SELECT (SELECT count(*) FROM postventa_courier_event WHERE pending "
                " AND order_id = ANY(%s)) + "
                "(SELECT count(*) FROM postventa_courier_early_event e "
                " JOIN delivery_carrier c ON c.id = e.carrier_id "
                " WHERE c.postventa_code = %s)",
                [list(orders), CODE],
            )[0][0]
            if not pending:
                break
            time.sleep(1)
        print(
            f"  all calls done after {seconds or float('nan'):.0f} s; events "
            f"applied after {time.time() - started:.0f} s"
        )

        # checks
        by_reference = collections.Counter(
            shipment["reference"] for shipment in sim.shipments.values()
        )
        booked = [by_reference.get(name, 0) for name in all_orders.values()]
        print("\nResults")
        print(
            f"  orders booked once: {booked.count(1)}/{len(booked)}; lost "
            f"{booked.count(0)}, duplicated {sum(1 for b in booked if b > 1)}"
        )
        sent = {e["event_id"] for events in pushed.values() for e in events}
        stored = query(
            registry,
            "SELECT external_id, count(*) FROM postventa_courier_event "
            "WHERE external_id = ANY(%s) GROUP BY 1",
            [list(sent)],
        )
        print(
            f"  events stored once: {sum(1 for _e, n in stored if n == 1)}/"
            f"{len(sent)}; lost {len(sent) - len(stored)}, duplicated "
            f"{sum(1 for _e, n in stored if n > 1)}"
        )
        states = dict(
            query(
                registry,
                "SELECT state, count(*) FROM postventa_courier_order "
                "WHERE id = ANY(%s) GROUP BY 1",
                [list(orders)],
            )
        )
        print(
            f"  state per order (fault phase, last event 'delivered'): {states}; "
            f"at their last event {states.get('delivered', 0)}/{len(orders)}"
        )
        early = 0
        last_refused = {}
        for moment, key, refused in sorted(sim.attempts, key=lambda a: a[0]):
            if key in last_refused and moment - last_refused[key] < 0.9 * FIRST_DELAY:
                early += 1
            if refused:
                last_refused[key] = moment
            else:
                last_refused.pop(key, None)
        refused = sum(1 for a in sim.attempts if a[2])
        print(
            f"  retries before the back-off: {early} (of {refused} refused "
            "booking calls)"
        )
        answers = dict(sorted(pusher.answers.items(), key=str))
        bad = sum(n for code, n in pusher.answers.items() if code in (404, 500))
        print(f"  webhook answers: {answers}; 404 or 500: {bad}")
        errors, cron_restarts = log_errors(servers)
        print(
            f"  unhandled errors (ERROR/CRITICAL in the servers' logs): {len(errors)}"
        )
        for line in errors[:10]:
            print(f"    {line}")
        print(
            f"  Odoo's own: {cron_restarts} cron workers exited when PostgreSQL "
            "restarted (their LISTEN connection closed; Odoo starts them again)"
        )
        print(
            f"\nThroughput: bookings/s one server {bookings['one server']:.1f}, two "
            f"{bookings['two servers']:.1f}; events/s one server "
            f"{rates['one server']:.0f}, two {rates['two servers']:.0f}"
        )
    finally:
        for server in servers:
            server.stop()
        sim.stop()
        with registry.cursor() as cr:
            cleanup_env(api.Environment(cr, SUPERUSER_ID, {}))
            cr.commit()


if __name__ == "__main__":
    main()
