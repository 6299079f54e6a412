"""The simulator as `make run` and the Docker demo start it: from its command line,
in a process of its own."""

import json
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from odoo.tests.common import BaseCase

SIMULATOR = Path(__file__).parents[1] / "simulator" / "courier_simulator.py"


class TestSimulatorCommandLine(BaseCase):
    def start(self, *args):
        process = subprocess.Popen(
            [sys.executable, str(SIMULATOR), "--port", "0", *args],
            stderr=subprocess.PIPE,
            text=True,
        )
        self.addCleanup(process.kill)
        self.addCleanup(process.stderr.close)
        # "courier simulator on http://127.0.0.1:PORT, links on ... (webhooks: off)"
        line = process.stderr.readline()
        self.assertIn("courier simulator on http://127.0.0.1:", line)
        return process, line.split()[3].rstrip(",")

    def create_shipment(self, url):
        request = urllib.request.Request(
            f"{url}/v1/shipments",
            data=json.dumps(
                {"kind": "pickup", "address": {"street": "Calle 1", "city": "Luque"}}
            ).encode(),
            method="POST",
            headers={
                "Authorization": "Bearer demo-key",
                "Idempotency-Key": "cli-test",
                "Content-Type": "application/json",
            },
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)

    def test_links_use_the_public_url(self):
        process, url = self.start(
            "--prefix", "CLI", "--public-url", "http://localhost:8070/"
        )
        shipment = self.create_shipment(url)
        number = shipment["tracking_number"]
        self.assertTrue(number.startswith("CLI"))
        self.assertEqual(
            shipment["tracking_url"], f"http://localhost:8070/track/{number}"
        )
        self.assertEqual(
            shipment["label_url"],
            f"http://localhost:8070/v1/shipments/{number}/label",
        )

    def test_links_default_to_the_listening_address(self):
        process, url = self.start()
        shipment = self.create_shipment(url)
        self.assertEqual(
            shipment["tracking_url"], f"{url}/track/{shipment['tracking_number']}"
        )

    def test_sigterm_stops_it_at_once(self):
        # what `docker compose down` sends to PID 1 (10 s before SIGKILL)
        for stop in (signal.SIGTERM, signal.SIGINT):
            process, _url = self.start()
            started = time.monotonic()
            process.send_signal(stop)
            self.assertEqual(process.wait(timeout=5), 0)
            self.assertLess(time.monotonic() - started, 3)
