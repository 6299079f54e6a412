"""Warranty-claims benchmark: preparing the claim lines of closed warranty repairs
(labour, parts and checks, in batch) and exporting one claim in the
manufacturer's format (CSV and XLSX), in a transaction that is rolled back.

Each operation runs twice, on a tenth of the records and on all of them: the
queries per line must not grow (no N+1), so the total queries stay nearly flat.
The seconds are wall-clock and this process's CPU time: on a shared machine the
wall-clock time grows with the load (waiting for a core), the CPU time with the
work (about 10x for 10x lines).

    bash scripts/bench.sh bench/claims.py          # or directly:
    python bench/claims.py --config .local/odoo.conf --postventa-db DB -n 10000
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from common import bench_parser, configure, environment  # noqa: E402

from odoo import Command, fields  # noqa: E402


def parse():
    parser = bench_parser(__doc__, vanilla=None, n=1000)
    parser.add_argument(
        "--export",
        type=int,
        default=0,
        help="lines of the claim exported (default n/2)",
    )
    return configure(parser)


def setup(env):
    company = env.company
    categ = env["product.category"].create({"name": "Bench printers"})
    product = env["product.product"].create(
        {"name": "Bench printer", "is_storable": True, "categ_id": categ.id}
    )
    part = env["product.product"].create(
        {"name": "Bench head", "default_code": "BH", "standard_price": 10.0}
    )
    maker = env["res.partner"].create({"name": "Bench maker", "is_company": True})
    programme = env["postventa.claim.programme"].create(
        {
            "name": "Bench programme",
            "manufacturer_id": maker.id,
            "company_id": company.id,
            "product_categ_ids": [Command.set(categ.ids)],
            "labour_rate": 30.0,
            "parts_policy": "ship_back",
            "require_purchase_proof": True,
            "labour_operation_ids": [
                Command.create(
                    {"code": "D", "name": "Diagnosis", "standard_hours": 0.5}
                ),
                Command.create(
                    {
                        "code": "H",
                        "name": "Head",
                        "trigger": "part",
                        "trigger_product_ids": [Command.set(part.ids)],
                        "fee_type": "flat",
                        "flat_fee": 20.0,
                    }
                ),
            ],
        }
    )
    unit = env["postventa.unit"].create({"serial": "BENCH-0", "product_id": product.id})
    ticket = env["helpdesk.ticket"].create(
        {
            "name": "Bench",
            "description": "<p>x</p>",
            "unit_id": unit.id,
            "partner_id": maker.id,
        }
    )
    rma = env["rma"].browse(ticket.action_create_rma()["res_id"])
    return programme, product, part, rma


def make_repairs(env, count, product, part, rma, start):
    """``count`` closed warranty repairs with a part each (made in batch, marked
    done in SQL: the lab's flow is benchmarked elsewhere)."""
    lots = env["stock.lot"].create(
        [{"product_id": product.id, "name": f"BENCH-{start}-{i}"} for i in range(count)]
    )
    repairs = env["repair.order"].create(
        [
            {
                "product_id": product.id,
                "lot_id": lot.id,
                "rma_id": rma.id,
                "partner_id": rma.partner_id.id,
                "under_warranty": True,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": part.id,
                            "product_uom_qty": 1,
                            "repair_line_type": "add",
                        }
                    )
                ],
            }
            for lot in lots
        ]
    )
    env.flush_all()
    env.cr.execute(
        "UPDATE repair_order SET state = 'done' WHERE id = ANY(%s)", [repairs.ids]
    )
    repairs.invalidate_recordset(["state"])
    return repairs


def timed(env, operation):
    env.invalidate_all()
    cr = env.cr
    before, began, cpu = cr.sql_log_count, time.perf_counter(), time.process_time()
    result = operation()
    env.flush_all()
    return (
        result,
        cr.sql_log_count - before,
        (time.perf_counter() - began, time.process_time() - cpu),
    )


def main():
    args = parse()
    n = args.n
    n_export = args.export or n // 2
    with environment(args.postventa_db) as env:
        env = env(context=dict(env.context, tracking_disable=True, mail_notrack=True))
        programme, product, part, rma = setup(env)
        Line = env["postventa.claim.line"]
        print(
            f"\nWarranty claims: {n} closed warranty repairs, "
            f"a claim of {n_export} lines"
        )
        print(
            f"{'operation':48} {'records':>8} {'queries':>8} {'q/record':>9} "
            f"{'s':>8} {'cpu s':>8}"
        )
        rows = []
        all_lines = Line
        for count in (max(n // 10, 1), n):
            repairs = make_repairs(env, count, product, part, rma, count)
            lines, queries, seconds = timed(
                env, lambda r=repairs: Line._postventa_prepare_from_repairs(r)
            )
            assert len(lines) == count, len(lines)
            all_lines |= lines
            rows.append(
                ("prepare claim lines (labour, parts, checks)", count, queries, seconds)
            )
        lines = all_lines[:n_export]
        claim = env["postventa.claim"].create(
            {
                "programme_id": programme.id,
                "company_id": programme.company_id.id,
                "period": fields.Date.today().replace(day=1),
            }
        )
        for count in (max(n_export // 10, 1), n_export):
            lines[:count]._postventa_action_write({"claim_id": claim.id})
            for file_format in ("csv", "xlsx"):
                (content, _name), queries, seconds = timed(
                    env, lambda f=file_format: claim._postventa_export(f)
                )
                rows.append(
                    (f"export the claim ({file_format})", count, queries, seconds)
                )
            lines[:count]._postventa_action_write({"claim_id": False})
        for label, count, queries, (seconds, cpu) in rows:
            print(
                f"{label:48} {count:8d} {queries:8d} "
                f"{queries / count:9.3f} {seconds:8.2f} {cpu:8.2f}"
            )
        small, big = rows[0], rows[1]
        print(
            f"prepare: queries per line {small[2] / small[1]:.2f} at {small[1]} and "
            f"{big[2] / big[1]:.2f} at {big[1]}; "
            f"{big[1] / big[3][0]:.0f} lines/s; "
            f"CPU x{big[3][1] / max(small[3][1], 1e-6):.1f} and wall-clock "
            f"x{big[3][0] / max(small[3][0], 1e-6):.1f} for x{big[1] / small[1]:.0f} "
            "lines"
        )


if __name__ == "__main__":
    main()
