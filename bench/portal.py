"""Portal benchmark: p50/p95 latency of the portal's ticket lists with 100 000
tickets in the database, served by Odoo on loopback and loaded with ApacheBench
(``ab``, Debian's apache2-utils):

* vanilla ``helpdesk_mgmt``'s ``/my/tickets`` for a customer with 50 tickets;
* the same page on a full postventa install (postventa_courier: all three addons);
* the store list (``/my/store``) of a store portal user whose store sold the units
  of 5 000 cases.

Each database is populated once (SQL clones of one ORM-made ticket and unit, over
2 000 customers, 5 teams, 20 stores, all stages) and reused on later runs. The two
servers run side by side, each with the same number of workers; the three pages are
loaded in turn, round after round, so that machine drift weighs on all alike. The
servers log every request with its SQL query count and time, whose medians the
table shows too (SQL ms; other ms: the rest of the server's time, Python and QWeb).

    bash scripts/bench.sh bench/portal.py
"""

import configparser
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict

import requests

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry

sys.path.insert(0, os.path.dirname(__file__))
from common import add_workers, bench_parser, clone, configure  # noqa: E402
from courier import start_server  # noqa: E402

TARGET = 1.2  # postventa p95 / vanilla p95
CUSTOMERS = 2000
TEAMS = 5
STORES = 20  # the units of 1 ticket in STORES were bought at each store...
STORELESS = 4  # ...but at no known store for these many of them
MY_TICKETS = 50
PREFIX = "BPO-"
DESCRIPTION = (
    "The printer stopped printing this morning. The paper jam light blinks although "
    "there is no "
    "paper inside; I switched it off and on and cleaned the rollers as the manual "
    "says, with no "
    "change. It had printed"
)
CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "no_reset_password": True,
}


def ids_array(records):
    return f"ARRAY[{','.join(str(i) for i in records.ids)}]"


def populate(env, n, postventa):
    """Tickets ``PREFIX`` 1..n; the portal customer owns 1..MY_TICKETS; in postventa,
    every ticket has its own unit, and the bench store sold those of g % STORES == 0."""
    cr = env.cr
    cr.execute(
        "SELECT count(*) FROM helpdesk_ticket WHERE number LIKE %s", [PREFIX + "%"]
    )
    existing = cr.fetchone()[0]
    if existing == n:
        return False
    if existing:
        raise SystemExit(
            f"{env.cr.dbname} holds another number of bench tickets: drop it and run "
            f"again"
        )
    env = env(context=dict(env.context, **CONTEXT))
    Partner = env["res.partner"]
    teams = env["helpdesk.ticket.team"].create(
        [
            {
                "name": f"Bench team {k}",
                **({"acknowledge_new_cases": False} if postventa else {}),
            }
            for k in range(TEAMS)
        ]
    )
    categories = env["helpdesk.ticket.category"].create(
        [{"name": f"Bench category {k}"} for k in range(8)]
    )
    stages = env["helpdesk.ticket.stage"].search([])
    closed = stages.filtered("closed")
    customers = Partner.create(
        [
            {"name": f"Bench customer {k}", "email": f"customer{k}@bench.example.com"}
            for k in range(CUSTOMERS)
        ]
    )
    me = (
        env["res.users"]
        .create(
            {
                "name": "Bench portal customer",
                "login": "bpo_customer",
                "password": "bpo_customer",
                "email": "me@bench.example.com",
                "groups_id": [(6, 0, [env.ref("base.group_portal").id])],
            }
        )
        .partner_id
    )
    # customer x.partner: the portal customer for the first tickets, then 2000 others
    # in turn
    joins = (
        f"CROSS JOIN LATERAL (SELECT CASE WHEN g <= {MY_TICKETS} THEN {me.id} "
        f"ELSE ({ids_array(customers)})[1 + g % {CUSTOMERS}] END AS partner) x "
    )
    values = {
        "partner_id": "x.partner",
        "number": f"'{PREFIX}' || lpad(g::text, 6, '0')",
        "name": "'Printer does not print (' || g || ')'",
        # a portal description: a paragraph of a few sentences
        "description": f"'<p>{DESCRIPTION} (' || g % 40 || ' pages.)</p>'",
        "team_id": f"({ids_array(teams)})[1 + g % {TEAMS}]",
        "stage_id": f"({ids_array(stages)})[1 + g % {len(stages)}]",
        "category_id": f"({ids_array(categories)})[1 + g % {len(categories)}]",
        "create_date": "now() - (g % 730) * interval '1 day' - (g % 1440) * interval "
        "'1 minute'",
        "write_date": "now() - (g % 30) * interval '1 day'",
        "last_stage_update": "now() - (g % 30) * interval '1 day'",
        "closed_date": f"CASE WHEN ({ids_array(stages)})[1 + g % {len(stages)}] "
        f"= ANY({ids_array(closed)}) "
        "THEN now() - (g % 30) * interval '1 day' END",
        "access_token": "NULL",
    }
    if postventa:
        stores = Partner.create(
            [
                {
                    "name": f"Bench store {k}",
                    "is_company": True,
                    "is_postventa_store": True,
                }
                for k in range(STORES)
            ]
        )
        clerk = env["res.users"].create(
            {
                "name": "Bench store clerk",
                "login": "bpo_store",
                "password": "bpo_store",
                "groups_id": [
                    (6, 0, [env.ref("postventa_helpdesk.group_portal_store").id])
                ],
            }
        )
        clerk.partner_id.parent_id = stores[0]
        products = env["product.product"].create(
            [{"name": f"Bench printer {k}"} for k in range(20)]
        )
        unit = env["postventa.unit"].create(
            {"serial": "BPO-TEMPLATE", "product_id": products[0].id}
        )
        clone(
            cr,
            "postventa_unit",
            unit.id,
            n,
            {
                "serial": f"'{PREFIX}' || g",
                "product_id": f"({ids_array(products)})[1 + g % 20]",
                "owner_id": "x.partner",
                "store_id": f"CASE WHEN g % {STORES} < {STORES - STORELESS} "
                f"THEN ({ids_array(stores)})[1 + g % {STORES}] END",
                "purchase_date": "current_date - (g % 900)",
            },
            joins,
        )
        joins += f"JOIN postventa_unit u ON u.serial = '{PREFIX}' || g "
        values.update(
            {
                "unit_id": "u.id",
                "unit_product_id": "u.product_id",
                "warranty_state": "(ARRAY['doa', 'in_warranty', 'partial', "
                "'out_of_warranty', 'void'])[1 + g % 5]",
                "days_since_purchase": "g % 900",
                "opening_date": "now() - (g % 730) * interval '1 day'",
            }
        )
    template = env["helpdesk.ticket"].create(
        {
            "name": "Template",
            "description": "<p>x</p>",
            "partner_id": customers[0].id,
            "team_id": teams[0].id,
            **({"unit_id": unit.id} if postventa else {}),
        }
    )
    env.flush_all()
    values.update(
        commercial_partner_id="p.id", partner_name="p.name", partner_email="p.email"
    )
    clone(
        cr,
        "helpdesk_ticket",
        template.id,
        n,
        values,
        joins + "JOIN res_partner p ON p.id = x.partner ",
    )
    template.unlink()
    if postventa:
        unit.unlink()
    cr.execute(f"""
        -- the customer follows its tickets, as when opened from the portal or by mail
        INSERT INTO mail_followers (res_model, res_id, partner_id)
             SELECT 'helpdesk.ticket', id, partner_id FROM helpdesk_ticket
              WHERE number LIKE '{PREFIX}%'
        ON CONFLICT DO NOTHING;
    """)
    env.invalidate_all()
    return True


def server_config(config, db, folder):
    """``config`` plus a log file of every request with its query count."""
    parser = configparser.ConfigParser()
    parser.read(config)
    logfile = os.path.join(folder, f"{db}.log")
    parser.set("options", "logfile", logfile)
    parser.set("options", "log_handler", "werkzeug:INFO")
    path = os.path.join(folder, f"{db}.conf")
    with open(path, "w") as out:
        parser.write(out)
    return path, logfile


def login(base, user):
    session = requests.Session()
    page = session.get(f"{base}/web/login", timeout=30).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    session.post(
        f"{base}/web/login",
        timeout=30,
        data={"login": user, "password": user, "csrf_token": token, "redirect": "/my"},
    )
    if "session_id" not in session.cookies:
        raise SystemExit(f"could not log {user} in at {base}")
    return session


def ab(url, session_id, n, concurrency, folder):
    """Latencies in ms of n GET requests, ``concurrency`` at a time, by ApacheBench."""
    data = os.path.join(folder, "ab.tsv")
    out = subprocess.run(
        [
            "ab",
            "-q",
            "-l",
            "-n",
            str(n),
            "-c",
            str(concurrency),
            "-C",
            f"session_id={session_id}",
            "-g",
            data,
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    failed = int(re.search(r"Failed requests:\s+(\d+)", out).group(1))
    non_2xx = re.search(r"Non-2xx responses:\s+(\d+)", out)
    if failed or non_2xx:
        raise SystemExit(
            f"{url}: {failed} failed, {non_2xx and non_2xx.group(1)} non-2xx "
            f"responses\n{out}"
        )
    with open(data) as lines:
        next(lines)  # starttime seconds ctime dtime ttime wait
        return [int(line.split("\t")[4]) for line in lines]


def percentile(values, p):
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def logged_requests(logfile, path):
    """(queries, SQL ms, other server ms) of each request to ``path`` the server
    logged (werkzeug's line ends: 200 - queries sql_seconds other_seconds)."""
    pattern = re.compile(
        rf'"GET {re.escape(path)} HTTP/[\d.]+" 200 - (\d+) ([\d.]+) ([\d.]+)'
    )
    with open(logfile) as lines:
        return [
            (int(m.group(1)), float(m.group(2)) * 1000, float(m.group(3)) * 1000)
            for line in lines
            if (m := pattern.search(line))
        ]


def main():
    parser = bench_parser(__doc__)
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("-n", type=int, default=100, help="requests per page and round")
    parser.add_argument("--concurrency", type=int, default=2)
    add_workers(parser, "Odoo HTTP workers of each server")
    parser.add_argument(
        "--ports",
        default="8271,8272",
        help="HTTP ports of the vanilla and postventa servers",
    )
    args = configure(parser)
    if not shutil.which("ab"):
        raise SystemExit("ApacheBench is missing: apt-get install apache2-utils")
    if args.tickets % STORES:
        raise SystemExit(f"--tickets must be a multiple of {STORES}")
    for db, postventa in ((args.vanilla_db, False), (args.postventa_db, True)):
        with Registry(db).cursor() as cr:
            if populate(api.Environment(cr, SUPERUSER_ID, {}), args.tickets, postventa):
                cr.commit()
                print(f"{db}: {args.tickets} tickets created", file=sys.stderr)
            cr.commit()
            cr._cnx.autocommit = (
                True  # VACUUM: what autovacuum does to a table after bulk inserts
            )
            cr.execute("VACUUM ANALYZE helpdesk_ticket")
            if postventa:
                cr.execute("VACUUM ANALYZE postventa_unit")
                cr.execute("""SELECT count(*) FROM helpdesk_ticket t
                              JOIN postventa_unit u ON u.id = t.unit_id
                              JOIN res_users c ON c.login = 'bpo_store'
                              JOIN res_partner p ON p.id = c.partner_id
                              WHERE u.store_id = p.commercial_partner_id""")
                store_cases = cr.fetchone()[0]
            cr.commit()

    folder = tempfile.mkdtemp(prefix="bench-portal-")
    ports = dict(
        zip(
            (args.vanilla_db, args.postventa_db),
            map(int, args.ports.split(",")),
            strict=True,
        )
    )
    servers, logs = [], {}
    try:
        for db, port in ports.items():
            config, logs[db] = server_config(args.config, db, folder)
            servers.append(start_server(config, db, port, args.workers))
        base = {db: f"http://127.0.0.1:{port}" for db, port in ports.items()}
        pages = {  # label: (db, user, path, rows expected in the list)
            "vanilla /my/tickets": (
                args.vanilla_db,
                "bpo_customer",
                "/my/tickets",
                MY_TICKETS,
            ),
            "postventa /my/tickets": (
                args.postventa_db,
                "bpo_customer",
                "/my/tickets",
                MY_TICKETS,
            ),
            "postventa /my/store": (args.postventa_db, "bpo_store", "/my/store", 20),
        }
        sessions = {}
        for label, (db, user, path, rows) in pages.items():
            session = login(base[db], user)
            text = session.get(base[db] + path, timeout=60).text
            shown = len(set(re.findall(r'href="/my/ticket/(\d+)', text)))
            if shown != rows:
                raise SystemExit(
                    f"{label}: {shown} tickets in the list, {rows} expected"
                )
            sessions[label] = session.cookies["session_id"]
            ab(
                base[db] + path, sessions[label], 20, args.concurrency, folder
            )  # warm-up
        latencies = defaultdict(list)
        for _round in range(args.rounds):
            for label, (db, _user, path, _rows) in pages.items():
                latencies[label] += ab(
                    base[db] + path, sessions[label], args.n, args.concurrency, folder
                )
    except BaseException:
        print(f"the servers' logs are kept in {folder}", file=sys.stderr)
        raise
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)

    mode = f"{args.workers} Odoo workers" if args.workers else "threaded Odoo"
    print(
        f"\nPortal lists, {args.tickets} tickets per database, {mode} per server, ab "
        f"with "
        f"{args.concurrency} concurrent clients, {args.rounds} rounds of {args.n} "
        f"requests per page; "
        f"the store list shows 20 of the store's {store_cases} cases"
    )
    print(
        f"{'page':24} {'requests':>8} {'p50 ms':>7} {'p95 ms':>7} {'p95 ratio':>9} "
        f"{'queries/request':>15} "
        f"{'SQL ms':>6} {'other ms':>8}"
    )
    vanilla_p95 = percentile(latencies["vanilla /my/tickets"], 95)
    verdicts = []
    for label, (db, _user, path, _rows) in pages.items():
        values = latencies[label]
        p95 = percentile(values, 95)
        logged = logged_requests(
            logs[db], path
        )  # medians: the warm-up's first requests compile templates
        counts = [q for q, _sql, _other in logged]
        queries = f"{statistics.median(counts):.0f}"
        if min(counts) != max(counts):
            queries += f" ({min(counts)}-{max(counts)})"
        sql, other = (
            statistics.median(column) for column in list(zip(*logged, strict=True))[1:]
        )
        ratio = p95 / vanilla_p95
        print(
            f"{label:24} {len(values):8} {statistics.median(values):7.0f} {p95:7.0f} "
            f"{ratio:8.2f}x {queries:>15} "
            f"{sql:6.0f} {other:8.0f}"
        )
        if not label.startswith("vanilla"):
            verdicts.append(ratio <= TARGET)
    print(
        f"target p95 <= {TARGET}x vanilla's: {'OK' if all(verdicts) else 'OVER TARGET'}"
    )
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
