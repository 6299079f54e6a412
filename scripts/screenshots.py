"""Retake the screenshots of README.md from a running postventa demo.

    .venv/bin/python scripts/screenshots.py --url http://localhost:8069 \
        [--only intake case-warranty ...]

Needs a demo database served at --url (`make run`), headless Chromium (`chromium`, or
--chromium PATH) and, from the virtualenv, `requests`, `websocket-client` and `Pillow`.
Each picture is taken as the demo user who does that job (passwords = logins), at
1280x800, and saved as an optimised PNG in docs/screenshots/ (--out to change).

It logs in with a `session_id` cookie obtained through /web/login and drives Chromium
through its DevTools protocol. A screenshot that shows the login page, an error dialog
or a red notification is reported and the script ends with status 1.

The quality-control picture needs a repair waiting for QC: the first run walks the
demo's Kodak lab repair (Jorge's case "Error de atasco de papel a los cuatro meses",
under repair) that far as the lab technician bl_tech would (describe the work and the
tests, send it to quality control). That is the only change the script makes to the
database.
"""

import argparse
import base64
import io
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import requests
import websocket
from PIL import Image

_logger = logging.getLogger(__name__)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WIDTH, HEIGHT = 1280, 800
MAX_BYTES = 150 * 1024

# the web client has settled: no pending RPC, no blocking overlay
BACKEND_IDLE = (
    "!!document.querySelector('.o_action_manager') && "
    "!document.querySelector('.o_loading_indicator, .o_blockUI')"
)
# what must never be in a screenshot
BROKEN = r"""(() => {
    if (document.querySelector('form.oe_login_form')) return 'the login page';
    const dialog = document.querySelector(
        '.o_error_dialog, .o_dialog .modal-title');
    if (dialog && /error|invalid|validation/i.test(dialog.textContent))
        return 'an error dialog: ' + dialog.textContent;
    const note = document.querySelector(
        '.o_notification.border-danger, .o_notification .text-danger');
    if (note) return 'an error notification: ' + note.textContent;
    const h1 = document.querySelector('h1');
    const title = document.title + ' ' + (h1 ? h1.textContent : '');
    if (/\b(404|403|500)\b|Page not found|Internal Server Error|Forbidden/.test(title))
        return title;
    return '';
})()"""


def read(path):
    with open(path) as file:
        return file.read()


class Odoo:
    """A logged-in session on the demo, for its cookie and a few RPC calls."""

    def __init__(self, url, login, password=None):
        self.url = url.rstrip("/")
        self.login = login
        self.http = requests.Session()
        page = self.http.get(f"{self.url}/web/login", timeout=30)
        page.raise_for_status()
        csrf = re.search(r'name="csrf_token"\s+value="([^"]+)"', page.text)
        if not csrf:
            sys.exit(f"{self.url}/web/login has no login form: is the demo running?")
        self.http.post(
            f"{self.url}/web/login",
            timeout=30,
            data={
                "login": login,
                "password": password or login,
                "csrf_token": csrf.group(1),
                "redirect": "/odoo",
            },
        )
        info = self.rpc_url("/web/session/get_session_info", {})
        if not info.get("uid"):
            sys.exit(f"could not log in as {login}")
        self.uid = info["uid"]

    @property
    def session_id(self):
        return self.http.cookies["session_id"]

    def rpc_url(self, path, params):
        answer = self.http.post(
            f"{self.url}{path}",
            timeout=60,
            json={"jsonrpc": "2.0", "method": "call", "params": params},
        ).json()
        if "error" in answer:
            raise RuntimeError(
                f"{self.login}: {path}: {answer['error']['data']['message']}"
            )
        return answer["result"]

    def call(self, model, method, *args, **kwargs):
        return self.rpc_url(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def ref(self, xmlid):
        module, name = xmlid.split(".")
        return self.call("ir.model.data", "check_object_reference", module, name)[1]

    def search_one(self, model, domain):
        ids = self.call(model, "search", domain, limit=1)
        if not ids:
            raise RuntimeError(
                f"no {model} matches {domain}: is this the demo database?"
            )
        return ids[0]


class Browser:
    """Headless Chromium driven through the DevTools protocol (one page)."""

    def __init__(self, binary):
        self.profile = tempfile.mkdtemp(prefix="postventa-shots-")
        self.process = subprocess.Popen(
            [
                binary,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--no-first-run",
                "--disable-extensions",
                "--mute-audio",
                "--lang=en-US",
                f"--window-size={WIDTH},{HEIGHT}",
                "--force-device-scale-factor=1",
                "--remote-debugging-port=0",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        for _i in range(200):
            if os.path.exists(port_file) and read(port_file).count("\n") >= 1:
                break
            time.sleep(0.1)
        else:
            self.close()
            sys.exit(f"{binary} did not start its DevTools endpoint")
        port = int(read(port_file).split()[0])
        for _i in range(50):
            pages = [
                t
                for t in requests.get(
                    f"http://127.0.0.1:{port}/json/list", timeout=5
                ).json()
                if t["type"] == "page"
            ]
            if pages:
                break
            time.sleep(0.1)
        self.ws = websocket.create_connection(
            pages[0]["webSocketDebuggerUrl"], timeout=60, suppress_origin=True
        )
        self.next_id = 0
        self.send("Page.enable")
        self.send("Network.enable")
        self.zoom(1.0)
        # the demo's people work in Paraguay: show times as their browsers would
        self.send("Emulation.setTimezoneOverride", timezoneId="America/Asuncion")

    def zoom(self, factor=1.0):
        """Like the browser's zoom: the page laid out in WIDTH/factor CSS pixels."""
        self.factor = factor
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=round(WIDTH / factor),
            height=round(HEIGHT / factor),
            deviceScaleFactor=factor,
            mobile=False,
        )

    def send(self, method, **params):
        self.next_id += 1
        self.ws.send(
            json.dumps({"id": self.next_id, "method": method, "params": params})
        )
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.send(
            "Runtime.evaluate",
            expression=expression,
            awaitPromise=True,
            returnByValue=True,
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:80]}…: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression, timeout=30, what=None):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.evaluate(
                f"(() => {{ try {{ return !!({expression}); }} "
                "catch (e) { return false; } })()"
            ):
                return
            time.sleep(0.25)
        raise RuntimeError(f"timed out waiting for {what or expression}")

    def log_in(self, url, session_id):
        self.send("Network.clearBrowserCookies")
        self.send(
            "Network.setCookie",
            name="session_id",
            value=session_id,
            url=url,
            path="/",
            httpOnly=True,
        )

    def open(self, url):
        self.send("Page.navigate", url=url)
        time.sleep(0.5)
        self.wait_for("document.readyState === 'complete'", what=f"{url} to load")

    def screenshot(self):
        data = self.send("Page.captureScreenshot", format="png")["data"]
        image = Image.open(io.BytesIO(base64.b64decode(data)))
        if image.size != (WIDTH, HEIGHT):
            image = image.resize((WIDTH, HEIGHT), Image.LANCZOS)
        return image

    def close(self):
        try:
            self.ws.close()
        except websocket.WebSocketException:
            _logger.debug("DevTools connection already closed")
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def optimise(image):
    """A palette PNG (UI pictures have few colours), under MAX_BYTES if it can be."""
    image = image.convert("RGB")
    for colours in (256, 128, 64):
        out = io.BytesIO()
        image.quantize(
            colors=colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        ).save(out, "PNG", optimize=True)
        if out.tell() <= MAX_BYTES:
            break
    return out.getvalue()


# ---------------------------------------------------------------------------
# What each picture shows
# ---------------------------------------------------------------------------
def backend(browser, odoo, path, ready, then=None):
    """Open a web-client URL, wait for `ready` (a JS condition), run `then`, settle."""
    browser.open(f"{odoo.url}{path}")
    browser.wait_for(f"{BACKEND_IDLE} && ({ready})", what=ready)
    if then:
        browser.evaluate(then)
        time.sleep(0.3)
        browser.wait_for(BACKEND_IDLE)
    time.sleep(0.8)


def click_tab(name):
    return f"document.querySelector('.o_notebook a.nav-link[name=\"{name}\"]').click()"


def type_into(field, value):
    """Type into a field of the open form as a user would (the onchange follows)."""
    return (
        "(() => { const i = document.querySelector("
        f"'.modal .o_field_widget[name={field}] input, "
        f".modal .o_field_widget[name={field}] textarea'); "
        f"i.focus(); i.value = {json.dumps(value)}; "
        "i.dispatchEvent(new Event('input', {bubbles: true})); "
        "i.dispatchEvent(new Event('change', {bubbles: true})); })()"
    )


def shot_intake(browser, users):
    """Phone intake as the Front Line agent: the serial of a known unit brings its
    owner, purchase date and earlier cases (Jorge calls Kodak Peru again about the
    ESP 5 whose warranty was voided for refilled cartridges)."""
    odoo, admin = users["fl_agent"], users["admin"]
    serial = admin.call(
        "postventa.unit",
        "read",
        [admin.ref("postventa_helpdesk.unit_kodak_void")],
        ["serial"],
    )[0]["serial"]
    context = {
        "default_product_id": admin.ref("postventa_helpdesk.product_kodak_esp5"),
        "default_name": "Sigue imprimiendo con rayas",
        "default_description": "<p>Con cartuchos originales nuevos las hojas siguen "
        "saliendo con rayas.</p>",
        "default_team_id": admin.ref("postventa_helpdesk.team_kodak_call_center"),
        "default_severity": "medium",
        "default_urgency": "high",
    }
    browser.zoom(0.8)  # the whole dialog, with the unit's history, as at 80 % zoom
    # the agent answers for Kodak Perú: its company is the current one
    kodak = admin.ref("postventa_helpdesk.company_kodak_peru")
    browser.send(
        "Network.setCookie", name="cids", value=f"{kodak}", url=odoo.url, path="/"
    )
    backend(
        browser,
        odoo,
        "/odoo/action-helpdesk_mgmt.helpdesk_ticket_action",
        "document.querySelector('.o_list_view, .o_kanban_view')",
    )
    browser.evaluate(
        "odoo.__WOWL_DEBUG__.root.env.services.action.doAction("
        "'postventa_helpdesk.postventa_intake_wizard_action', "
        f"{{additionalContext: {json.dumps(context)}}})"
    )
    browser.wait_for(
        f"{BACKEND_IDLE} && "
        "document.querySelector('.modal .o_field_widget[name=serial] input')",
        what="the intake wizard",
    )
    browser.evaluate(type_into("serial", serial))
    browser.wait_for(
        f"{BACKEND_IDLE} && document.querySelector('.modal .o_form_view "
        ".o_field_widget[name=unit_ticket_ids] .o_data_row')",
        what="the unit's history in the intake wizard",
    )
    time.sleep(0.8)


def scroll_to(selector):
    """Scroll `selector` to the top once the page has laid out what was just opened."""
    return (
        "new Promise(done => setTimeout(() => { document.querySelector("
        f"'{selector}').scrollIntoView({{block: 'start'}}); done(); }}, 500))"
    )


def shot_case_warranty(browser, users):
    """A partial warranty: component terms, one covered, one not."""
    odoo = users["bl_tech"]
    ticket = odoo.ref("postventa_helpdesk.ticket_aio_partial")
    backend(
        browser,
        odoo,
        f"/odoo/action-helpdesk_mgmt.helpdesk_ticket_action/{ticket}",
        "document.querySelector('.o_form_view .o_notebook')",
        click_tab("postventa_unit") + "; " + scroll_to(".o_form_view .o_notebook"),
    )


def shot_case_sla(browser, users):
    """The promise: SLA policies, deadlines, status, times in business hours."""
    odoo = users["fl_agent"]
    ticket = odoo.ref("postventa_helpdesk.ticket_hp_doa")
    backend(
        browser,
        odoo,
        f"/odoo/action-helpdesk_mgmt.helpdesk_ticket_action/{ticket}",
        "document.querySelector('.o_form_view .o_notebook')",
        click_tab("postventa_sla") + "; " + scroll_to(".o_form_view .o_notebook"),
    )


def shot_doa_pdf(browser, users):
    """The DOA authorisation the customer takes to the store (the PDF's HTML)."""
    odoo = users["fl_agent"]
    ticket = odoo.ref("postventa_helpdesk.ticket_hp_doa")
    doa = odoo.search_one("postventa.doa.authorization", [("ticket_id", "=", ticket)])
    report = users["admin"].call(
        "ir.actions.report",
        "search_read",
        [("report_name", "ilike", "doa")],
        ["report_name"],
        limit=1,
    )[0]
    browser.open(f"{odoo.url}/report/html/{report['report_name']}/{doa}")
    browser.wait_for(
        "document.querySelector('.page, main, article')", what="the report page"
    )
    # the HTML rendering of the PDF, framed like a sheet of paper
    browser.evaluate("""(() => {
        const sheet = document.createElement('div');
        sheet.append(...document.body.childNodes);
        Object.assign(sheet.style, {
            background: 'white', maxWidth: '920px', margin: '24px auto',
            padding: '32px 56px', boxShadow: '0 2px 12px rgba(0,0,0,.25)'});
        document.body.append(sheet);
        document.body.style.background = '#e9ecef';
    })()""")
    time.sleep(0.8)


def shot_rma_exchange(browser, users):
    """The DOA RMA, approved: hand out the exchange unit, or the store swaps it."""
    odoo = users["logistics"]
    ticket = users["admin"].ref("postventa_helpdesk.ticket_hp_doa")
    rma = users["admin"].search_one("rma", [("ticket_id", "=", ticket)])
    backend(
        browser,
        odoo,
        f"/odoo/action-rma.rma_action/{rma}",
        "document.querySelector('.o_form_view button[name=action_postventa_exchange]')",
    )


def shot_lab_intake(browser, users):
    """The unit received in the lab: condition, origin, numbered accessories."""
    odoo = users["bl_tech"]
    intake = odoo.ref("postventa_rma.lab_intake_kodak")
    backend(
        browser,
        odoo,
        f"/odoo/action-postventa_rma.postventa_lab_intake_action/{intake}",
        "document.querySelector("
        "'.o_form_view .o_field_widget[name=line_ids] .o_data_row')",
    )


def repair_waiting_for_qc(users):
    """The demo's Kodak lab repair, walked to quality control by bl_tech (once)."""
    tech, admin = users["bl_tech"], users["admin"]
    ticket = admin.ref("postventa_helpdesk.ticket_kodak_warranty")
    repair = admin.search_one("repair.order", [("rma_id.ticket_id", "=", ticket)])
    values = admin.call("repair.order", "read", [repair], ["state", "qc_state"])[0]
    state, qc_state = values["state"], values["qc_state"]
    if qc_state == "pending":
        return repair
    if qc_state == "passed" or state in ("done", "cancel"):
        raise RuntimeError(
            "the demo's lab repair is past quality control: take this picture "
            "on a new demo database"
        )
    tech.call(
        "repair.order",
        "write",
        [repair],
        {
            "work_done": "<p>Paper sensor flag replaced; paper path cleaned.</p>",
            "tests_done": "<p>20 pages from the tray and 5 photos: no error 3527."
            "</p>",
        },
    )
    if state == "draft":
        tech.call("repair.order", "action_validate", [repair])
        state = admin.call("repair.order", "read", [repair], ["state"])[0]["state"]
    if state == "confirmed":
        tech.call("repair.order", "action_repair_start", [repair])
    tech.call("repair.order", "action_send_to_qc", [repair])
    return repair


def shot_quality_control(browser, users):
    """QC as another technician: pass, or fail with a reason."""
    odoo = users["qc_tech"]
    repair = repair_waiting_for_qc(users)
    backend(
        browser,
        odoo,
        f"/odoo/action-repair.action_repair_order_tree/{repair}",
        "document.querySelector('.o_form_view button[name=action_qc_pass]')",
        click_tab("postventa_lab"),
    )


def shot_courier_order(browser, users):
    """A failed courier attempt: tracking events and the Re-coordinate button."""
    odoo = users["logistics"]
    order = users["admin"].ref("postventa_courier.order_carlos_pickup")
    backend(
        browser,
        odoo,
        f"/odoo/action-postventa_courier.postventa_courier_order_action/{order}",
        "document.querySelector("
        "'.o_form_view .o_field_widget[name=event_ids] .o_data_row')",
    )


def shot_analysis(browser, users):
    """After-sales analysis for managers: cases by product, failing component and
    warranty state."""
    odoo = users["admin"]
    backend(
        browser,
        odoo,
        f"/odoo/action-{ANALYSIS}",
        "document.querySelector("
        "'.o_pivot table .o_pivot_cell_value, .o_graph_renderer canvas')",
    )


ANALYSIS = "postventa_helpdesk.postventa_case_report_action_failures"


def portal(browser, odoo, path, what):
    browser.open(f"{odoo.url}{path}")
    browser.wait_for("document.querySelector('#wrap, main')", what=what)
    time.sleep(1.0)


def shot_portal_case(browser, users):
    """The customer's case page in the portal."""
    ticket = users["admin"].ref("postventa_helpdesk.ticket_hp_doa")
    portal(browser, users["ana"], f"/my/ticket/{ticket}", "the case page")


def shot_portal_store(browser, users):
    """A store verifies the DOA authorisation the customer brings."""
    admin = users["admin"]
    ticket = admin.ref("postventa_helpdesk.ticket_hp_doa")
    number = admin.call(
        "postventa.doa.authorization",
        "search_read",
        [("ticket_id", "=", ticket)],
        ["name"],
        limit=1,
    )[0]["name"]
    portal(
        browser, users["store_centro"], f"/my/store?number={number}", "the store page"
    )


def shot_portal_drop_off(browser, users):
    """A drop-off centre: the orders announced to it, confirmed by code."""
    portal(browser, users["doc_cde"], "/my/drop-off", "the drop-off page")


SHOTS = [  # (file name, who, function)
    ("01-phone-intake", "fl_agent", shot_intake),
    ("02-case-warranty", "bl_tech", shot_case_warranty),
    ("03-case-sla", "fl_agent", shot_case_sla),
    ("04-doa-authorisation", "fl_agent", shot_doa_pdf),
    ("05-rma-exchange", "logistics", shot_rma_exchange),
    ("06-lab-intake", "bl_tech", shot_lab_intake),
    ("07-quality-control", "qc_tech", shot_quality_control),
    ("08-courier-order", "logistics", shot_courier_order),
    ("09-analysis", "admin", shot_analysis),
    ("10-portal-case", "ana", shot_portal_case),
    ("11-portal-store", "store_centro", shot_portal_store),
    ("12-portal-drop-off", "doc_cde", shot_portal_drop_off),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--out", default=os.path.join(ROOT, "docs", "screenshots"))
    parser.add_argument(
        "--chromium",
        default=shutil.which("chromium")
        or shutil.which("chromium-browser")
        or shutil.which("google-chrome")
        or "chromium",
    )
    parser.add_argument(
        "--only", nargs="*", help="file names (without .png) or parts of them"
    )
    args = parser.parse_args()

    shots = [s for s in SHOTS if not args.only or any(o in s[0] for o in args.only)]
    os.makedirs(args.out, exist_ok=True)
    users = {"admin": Odoo(args.url, "admin")}
    for _name, login, _fn in shots:
        if login not in users:
            users[login] = Odoo(args.url, login)
    if "fl_agent" not in users and any(s[2] is shot_intake for s in shots):
        users["fl_agent"] = Odoo(args.url, "fl_agent")
    for login in ("bl_tech",):  # the QC picture prepares its repair as bl_tech
        if any(s[2] is shot_quality_control for s in shots) and login not in users:
            users[login] = Odoo(args.url, login)

    browser = Browser(args.chromium)
    failed = []
    try:
        for name, login, function in shots:
            try:
                browser.zoom(1.0)
                browser.log_in(args.url, users[login].session_id)
                function(browser, users)
                problem = browser.evaluate(BROKEN)
                if problem:
                    raise RuntimeError(f"the page shows {problem.strip()[:200]}")
                png = optimise(browser.screenshot())
            except Exception as error:  # noqa: BLE001 - report each picture, go on
                failed.append(name)
                print(f"FAILED {name} ({login}): {error}", file=sys.stderr)
                continue
            path = os.path.join(args.out, f"{name}.png")
            with open(path, "wb") as out:
                out.write(png)
            print(f"{path}  {len(png) // 1024} KB  ({login})")
    finally:
        browser.close()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
