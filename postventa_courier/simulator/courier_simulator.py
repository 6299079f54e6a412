#!/usr/bin/env python3
"""A courier that lives on loopback: the postventa courier REST API (v1), served
by the standard library alone, with fault injection for tests, demo and benchmarks.

    python3 postventa_courier/simulator/courier_simulator.py --port 8070 \
        --api-key demo-key --webhook-secret demo-secret \
        --webhook-url http://localhost:8069/postventa/courier/aeromar/webhook \
        --autopilot 60

In a container, bind every interface and give the address the browser reaches it
at, for the tracking links it hands out: ``--host 0.0.0.0 --public-url
http://localhost:8070``. SIGTERM and SIGINT stop it at once.

The API is documented in postventa_courier/readme/CONFIGURE.md. Routes under
/_sim/ are the simulator's own controls (faults, courier events, seeding); a real
courier has none of them.
"""

import argparse
import contextlib
import hashlib
import hmac
import itertools
import json
import logging
import re
import signal
import threading
import time
import urllib.error
import urllib.request
import uuid
from datetime import date, datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STATUSES = (
    "scheduled",
    "picked_up",
    "in_transit",
    "delivered",
    "failed",
    "returned",
    "cancelled",
)
# the autopilot's next step for a shipment in each status
NEXT_STATUS = {
    "scheduled": "picked_up",
    "picked_up": "in_transit",
    "in_transit": "delivered",
}
FAULT_KINDS = ("5xx", "timeout", "malformed", "latency", "drop_webhook")
TRACK_BATCH_LIMIT = 500


def sign(secret, timestamp, body):
    """The webhook signature: hex HMAC-SHA256 over ``"<timestamp>." + body``."""
    message = str(timestamp).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def label_pdf(text):
    """A one-page PDF with ``text`` on it: enough for a printer and for a test."""
    content = f"BT /F1 18 Tf 40 760 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def utcnow():
    return datetime.now(timezone.utc).replace(microsecond=0)


class CourierSimulator:
    """The courier's state and behaviour; :class:`Handler` only speaks HTTP for it.

    Tests drive it in-process (``inject``, ``emit``, ``shipments``); ``make run`` and
    the benchmarks drive it over HTTP (/_sim/ routes)."""

    def __init__(
        self,
        api_key="demo-key",
        webhook_secret="demo-secret",
        webhook_url=None,
        prefix="SIM",
        public_url=None,
    ):
        self.api_key = api_key
        # the base of the tracking and label links (what a browser reaches);
        # None: the address the server listens on
        self.public_url = public_url.rstrip("/") if public_url else None
        self.webhook_secret = webhook_secret
        self.webhook_url = webhook_url
        self.prefix = prefix
        self.shipments = {}  # tracking number -> shipment dict
        self.by_key = {}  # idempotency key -> tracking number
        self.faults = []  # [{"kind", "count", "seconds", "path"}], consumed in order
        self.webhook_log = []  # (status code or error, payload) of every webhook sent
        self.requests = []  # (method, path) of every API call, for tests
        self.duplicate_webhooks = False
        self.reorder_webhooks = False
        self._held = []  # webhooks held back to be sent in reverse order
        self._lock = threading.RLock()
        self._numbers = itertools.count(100001)
        self.server = None

    def reset(self):
        """Forget every shipment, fault and webhook (between tests)."""
        with self._lock:
            self.shipments.clear()
            self.by_key.clear()
            self.faults.clear()
            self.webhook_log.clear()
            self.requests.clear()
            self._held.clear()
            self.duplicate_webhooks = self.reorder_webhooks = False

    # ------------------------------------------------------------------ faults
    def inject(self, kind, count=1, seconds=0.0, path=""):
        """Make the next ``count`` API calls whose path starts with ``path`` fail:
        5xx (503 before doing anything), timeout (does the work, answers after
        ``seconds``), malformed (does the work, answers broken JSON), latency (answers
        correctly after ``seconds``), drop_webhook (the next webhooks are not sent)."""
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault {kind!r}; one of {FAULT_KINDS}")
        with self._lock:
            self.faults.append(
                {
                    "kind": kind,
                    "count": int(count),
                    "seconds": float(seconds),
                    "path": path,
                }
            )

    def _take_fault(self, path, kinds):
        with self._lock:
            for fault in self.faults:
                if fault["kind"] in kinds and path.startswith(fault["path"]):
                    fault["count"] -= 1
                    if fault["count"] <= 0:
                        self.faults.remove(fault)
                    return fault
        return None

    # ----------------------------------------------------------------- the API
    def create_shipment(self, payload, idempotency_key):
        kind = payload.get("kind")
        if kind not in ("pickup", "delivery"):
            return 422, {"error": "kind must be 'pickup' or 'delivery'"}
        address = payload.get("address") or {}
        if not (address.get("street") and address.get("city")):
            return 422, {"error": "address.street and address.city are required"}
        with self._lock:
            if idempotency_key in self.by_key:
                return 200, self._public(self.shipments[self.by_key[idempotency_key]])
            number = f"{self.prefix}{next(self._numbers)}"
            shipment = {
                "tracking_number": number,
                "kind": kind,
                "reference": payload.get("reference"),
                "address": address,
                "drop_off_code": payload.get("drop_off_code"),
                "scheduled_date": payload.get("date") or date.today().isoformat(),
                "status": "scheduled",
                "events": [],
                "idempotency_key": idempotency_key,
            }
            self.shipments[number] = shipment
            self.by_key[idempotency_key] = number
            self._add_event(shipment, "scheduled", "Shipment registered")
            return 201, self._public(shipment)

    def reschedule(self, number, payload, idempotency_key):
        with self._lock:
            shipment = self.shipments.get(number)
            if not shipment:
                return 404, {"error": "unknown tracking number"}
            if shipment["status"] in ("delivered", "returned", "cancelled"):
                return 409, {"error": f"shipment is {shipment['status']}"}
            if self.by_key.get(idempotency_key) != number:
                self.by_key[idempotency_key] = number
                shipment["scheduled_date"] = (
                    payload.get("date") or shipment["scheduled_date"]
                )
                shipment["status"] = "scheduled"
                self._add_event(
                    shipment,
                    "scheduled",
                    f"New attempt on {shipment['scheduled_date']}",
                )
            return 200, self._public(shipment)

    def cancel(self, number):
        with self._lock:
            shipment = self.shipments.get(number)
            if not shipment:
                return 404, {"error": "unknown tracking number"}
            if shipment["status"] in ("delivered", "returned"):
                return 409, {"error": f"shipment is {shipment['status']}"}
            if shipment["status"] != "cancelled":
                shipment["status"] = "cancelled"
                self._add_event(shipment, "cancelled", "Cancelled by the sender")
            return 200, self._public(shipment)

    def track(self, numbers):
        if not isinstance(numbers, list) or len(numbers) > TRACK_BATCH_LIMIT:
            return 422, {
                "error": f"tracking_numbers: a list of at most {TRACK_BATCH_LIMIT}"
            }
        with self._lock:
            found = [
                self._public(self.shipments[n], events=True)
                for n in numbers
                if n in self.shipments
            ]
        return 200, {"shipments": found}

    def _public(self, shipment, events=False):
        result = {
            key: shipment[key]
            for key in (
                "tracking_number",
                "kind",
                "reference",
                "status",
                "scheduled_date",
            )
        }
        base = self.public_url or self.url
        result["tracking_url"] = f"{base}/track/{shipment['tracking_number']}"
        result["label_url"] = f"{base}/v1/shipments/{shipment['tracking_number']}/label"
        if events:
            result["events"] = shipment["events"]
        return result

    def _add_event(self, shipment, status, detail, occurred_at=None):
        event = {
            "event_id": uuid.uuid4().hex,
            "tracking_number": shipment["tracking_number"],
            "status": status,
            "occurred_at": (occurred_at or utcnow()).isoformat().replace("+00:00", "Z"),
            "detail": detail,
        }
        shipment["events"].append(event)
        return event

    # ------------------------------------------------------- courier's events
    def emit(self, number, status, detail="", occurred_at=None, send=True):
        """The courier reports ``status`` for a shipment: recorded for tracking
        and, with a webhook URL, pushed (duplicated / reordered when asked)."""
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        with self._lock:
            shipment = self.shipments[number]
            shipment["status"] = status
            event = self._add_event(
                shipment, status, detail or status.replace("_", " "), occurred_at
            )
        if send and self.webhook_url:
            self.push(event)
        return event

    def push(self, event):
        """Send one event to the webhook, honouring the webhook faults."""
        if self._take_fault("/webhook", ("drop_webhook",)):
            self.webhook_log.append(("dropped", event))
            return
        if self.reorder_webhooks:
            self._held.append(event)
            if len(self._held) < 2:
                return
            batch, self._held = list(reversed(self._held)), []
        else:
            batch = [event]
        for item in batch:
            for _copy in range(2 if self.duplicate_webhooks else 1):
                self.webhook_log.append((self.send_webhook(item), item))

    def flush(self):
        """Send the webhooks held back for reordering."""
        batch, self._held = list(reversed(self._held)), []
        for item in batch:
            self.webhook_log.append((self.send_webhook(item), item))

    def send_webhook(self, event, timestamp=None, secret=None):
        body = json.dumps(event).encode()
        timestamp = int(timestamp if timestamp is not None else time.time())
        request = urllib.request.Request(
            self.webhook_url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "X-Courier-Timestamp": str(timestamp),
                "X-Courier-Signature": sign(
                    secret or self.webhook_secret, timestamp, body
                ),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError as error:
            return str(error)

    def seed(self, count, status="in_transit", kind="delivery"):
        """``count`` shipments already on the road (benchmarks)."""
        numbers = []
        for i in range(count):
            code, body = self.create_shipment(
                {
                    "kind": kind,
                    "reference": f"SEED-{i}",
                    "address": {"street": "Calle 1", "city": "Asunción"},
                },
                f"seed-{uuid.uuid4().hex}",
            )
            if status != "scheduled":
                self.emit(body["tracking_number"], status, send=False)
            numbers.append(body["tracking_number"])
        return numbers

    def autopilot(self, seconds):
        """Move every open shipment one step every ``seconds`` (demo)."""

        def run():
            while self.server:
                time.sleep(seconds)
                for number, shipment in list(self.shipments.items()):
                    step = NEXT_STATUS.get(shipment["status"])
                    if step:
                        self.emit(number, step)

        threading.Thread(target=run, daemon=True, name="courier-autopilot").start()

    # ------------------------------------------------------------------ server
    @property
    def url(self):
        host, port = self.server.server_address[:2] if self.server else ("127.0.0.1", 0)
        return f"http://{host}:{port}"

    def start(self, port=0, host="127.0.0.1"):
        self.server = ThreadingHTTPServer((host, port), Handler)
        self.server.daemon_threads = True
        self.server.simulator = self
        threading.Thread(
            target=self.server.serve_forever, daemon=True, name="courier-sim"
        ).start()
        return self

    def stop(self):
        if self.server:
            server, self.server = self.server, None
            server.shutdown()
            server.server_close()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "PostventaCourierSimulator/1"

    ROUTES = [
        ("POST", r"/v1/shipments", "api_create"),
        ("POST", r"/v1/shipments/(?P<number>[\w-]+)/reschedule", "api_reschedule"),
        ("POST", r"/v1/shipments/(?P<number>[\w-]+)/cancel", "api_cancel"),
        ("GET", r"/v1/shipments/(?P<number>[\w-]+)", "api_get"),
        ("GET", r"/v1/shipments/(?P<number>[\w-]+)/label", "api_label"),
        ("POST", r"/v1/tracking", "api_track"),
        ("GET", r"/track/(?P<number>[\w-]+)", "public_track"),
        ("POST", r"/_sim/faults", "sim_faults"),
        ("POST", r"/_sim/webhooks", "sim_webhooks"),
        ("POST", r"/_sim/shipments/(?P<number>[\w-]+)/events", "sim_event"),
        ("POST", r"/_sim/seed", "sim_seed"),
        ("GET", r"/_sim/shipments", "sim_list"),
    ]

    def log_message(self, *args):  # quiet: tests and benchmarks make thousands of calls
        pass

    @property
    def sim(self):
        return self.server.simulator

    def do_GET(self):
        self._dispatch("GET")

    def do_POST(self):
        self._dispatch("POST")

    def _dispatch(self, method):
        path = self.path.split("?", 1)[0]
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        for route_method, pattern, name in self.ROUTES:
            match = re.fullmatch(pattern, path)
            if match and route_method == method:
                handler = getattr(self, name)
                break
        else:
            return self._send(404, {"error": "no such route"})
        self.sim.requests.append((method, path))
        if path.startswith("/v1/"):
            if self.headers.get("Authorization") != f"Bearer {self.sim.api_key}":
                return self._send(401, {"error": "bad API key"})
            fault = self.sim._take_fault(
                path, ("5xx", "timeout", "malformed", "latency")
            )
        else:
            fault = None
        if fault and fault["kind"] == "5xx":
            return self._send(503, {"error": "courier is down (simulated)"})
        try:
            payload = json.loads(raw) if raw else {}
        except ValueError:
            return self._send(400, {"error": "body is not JSON"})
        code, body = handler(payload, **match.groupdict())
        if fault and fault["kind"] in ("timeout", "latency"):
            time.sleep(fault["seconds"])
        if fault and fault["kind"] == "malformed":
            return self._send(
                code, b'{"tracking_number": "', content_type="application/json"
            )
        return self._send(code, body)

    def _send(self, code, body, content_type=None):
        if isinstance(body, dict | list):
            body, content_type = json.dumps(body).encode(), "application/json"
        # the client may have given up (its timeout): the work is done all the same
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.send_response(code)
            self.send_header("Content-Type", content_type or "application/octet-stream")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    # API
    def api_create(self, payload):
        key = self.headers.get("Idempotency-Key")
        if not key:
            return 400, {"error": "Idempotency-Key header is required"}
        return self.sim.create_shipment(payload, key)

    def api_reschedule(self, payload, number):
        key = self.headers.get("Idempotency-Key")
        if not key:
            return 400, {"error": "Idempotency-Key header is required"}
        return self.sim.reschedule(number, payload, key)

    def api_cancel(self, payload, number):
        return self.sim.cancel(number)

    def api_get(self, payload, number):
        shipment = self.sim.shipments.get(number)
        if not shipment:
            return 404, {"error": "unknown tracking number"}
        return 200, self.sim._public(shipment, events=True)

    def api_label(self, payload, number):
        shipment = self.sim.shipments.get(number)
        if not shipment:
            return 404, {"error": "unknown tracking number"}
        text = (
            f"{number} - {shipment['address'].get('city', '')} - "
            f"{shipment['reference'] or ''}"
        )
        return 200, label_pdf(text)

    def api_track(self, payload):
        return self.sim.track(payload.get("tracking_numbers"))

    def public_track(self, payload, number):
        shipment = self.sim.shipments.get(number)
        if not shipment:
            return 404, {"error": "unknown tracking number"}
        return 200, {
            "tracking_number": number,
            "status": shipment["status"],
            "events": [
                {k: e[k] for k in ("status", "occurred_at", "detail")}
                for e in shipment["events"]
            ],
        }

    # simulator controls
    def sim_faults(self, payload):
        for fault in payload.get("faults", []):
            self.sim.inject(
                fault["kind"],
                fault.get("count", 1),
                fault.get("seconds", 0),
                fault.get("path", ""),
            )
        return 200, {"faults": self.sim.faults}

    def sim_webhooks(self, payload):
        for key in ("duplicate", "reorder"):
            if key in payload:
                setattr(self.sim, f"{key}_webhooks", bool(payload[key]))
        if "url" in payload:
            self.sim.webhook_url = payload["url"]
        return 200, {
            "duplicate": self.sim.duplicate_webhooks,
            "reorder": self.sim.reorder_webhooks,
            "url": self.sim.webhook_url,
        }

    def sim_event(self, payload, number):
        if number not in self.sim.shipments:
            return 404, {"error": "unknown tracking number"}
        status = payload.get("status")
        if status not in STATUSES:
            return 422, {"error": f"status: one of {STATUSES}"}
        event = self.sim.emit(number, status, payload.get("detail", ""), send=False)
        threading.Thread(target=self.sim.push, args=(event,), daemon=True).start()
        return 200, event

    def sim_seed(self, payload):
        return 200, {
            "tracking_numbers": self.sim.seed(
                int(payload.get("count", 1)), payload.get("status", "in_transit")
            )
        }

    def sim_list(self, payload):
        return 200, {
            "count": len(self.sim.shipments),
            "shipments": [self.sim._public(s) for s in self.sim.shipments.values()],
        }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8070)
    parser.add_argument("--api-key", default="demo-key")
    parser.add_argument("--webhook-secret", default="demo-secret")
    parser.add_argument(
        "--webhook-url", help="where to push tracking events (none: poll only)"
    )
    parser.add_argument("--prefix", default="SIM", help="tracking number prefix")
    parser.add_argument(
        "--public-url",
        help="base of the tracking and label links it hands out, as a browser "
        "reaches it (default: http://HOST:PORT it listens on)",
    )
    parser.add_argument(
        "--autopilot",
        type=float,
        default=0,
        help="seconds between automatic steps of every open shipment (0: off)",
    )
    args = parser.parse_args()
    simulator = CourierSimulator(
        args.api_key,
        args.webhook_secret,
        args.webhook_url,
        args.prefix,
        public_url=args.public_url,
    )
    # as PID 1 in a container a process gets no default SIGTERM handler: without
    # this one `docker compose down` waits 10 s, then kills it
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_args: stopping.set())
    signal.signal(signal.SIGINT, lambda *_args: stopping.set())
    simulator.start(args.port, args.host)
    if args.autopilot:
        simulator.autopilot(args.autopilot)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger(__name__).info(
        "courier simulator on %s, links on %s (webhooks: %s)",
        simulator.url,
        simulator.public_url or simulator.url,
        args.webhook_url or "off",
    )
    stopping.wait()
    simulator.stop()


if __name__ == "__main__":
    main()
