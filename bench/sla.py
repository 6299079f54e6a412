"""SLA benchmark: recompute the SLA deadlines of 100k cases, in batches of 1000.

Cases are inserted with SQL (that is set-up, not measured), opened over five months
that cross the 1 June season change of a seasonal calendar with a holiday; then each
batch recomputes first-response, resolution and at-risk moments through the ORM and
writes them back. Prints seconds in all and queries per 1000 cases.

    bash scripts/bench.sh bench/sla.py
"""

import os
import sys
import time
from datetime import datetime

sys.path.insert(0, os.path.dirname(__file__))
from common import environment, parse_args  # noqa: E402

TARGET_SECONDS = 60
BATCH = 1000


def setup(env, n):
    # the seasonal hours of postventa_helpdesk's tests (Aserti's: the 1 June change)
    from odoo.addons.postventa_helpdesk.tests.common import aserti_hours

    hours = aserti_hours(env, "Bench hours")
    env["resource.calendar.leaves"].create(
        {
            "name": "Bench holiday",
            "calendar_id": False,
            "date_from": datetime(2025, 5, 1, 0, 0),
            "date_to": datetime(2025, 5, 1, 21, 59),
        }
    )
    policy = env["postventa.sla.policy"]
    response = policy.create(
        {
            "name": "Bench first contact",
            "target": "first_response",
            "hours": 1,
            "calendar_id": hours.id,
        }
    )
    resolution = policy.create(
        {
            "name": "Bench resolution",
            "target": "resolution",
            "hours": 24,
            "calendar_id": hours.id,
        }
    )
    team = env["helpdesk.ticket.team"].create({"name": "Bench SLA team"})
    stage = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
    env.flush_all()
    env.cr.execute(
        """
        INSERT INTO helpdesk_ticket (number, name, description, company_id, active,
            opening_date, priority, severity, urgency, stage_id, team_id,
            sla_response_policy_id, sla_resolution_policy_id, sla_paused_hours,
            last_stage_update, sequence, kanban_state,
            approval_state, warranty_state, days_since_purchase,
            create_uid, write_uid, create_date, write_date)
        SELECT 'SLA' || g, 'Bench case ' || g, '<p>x</p>', %s, true,
               timestamp '2025-03-03 07:00' + (g %% 3600) * interval '61 minutes',
               '1', 'medium', 'medium', %s, %s, %s, %s, (g %% 7) * 0.5,
               now(), 10, 'normal',
               'not_required', 'not_applicable', 0, 1, 1, now(), now()
        FROM generate_series(1, %s) g
        RETURNING id
        """,
        (env.company.id, stage.id, team.id, response.id, resolution.id, n),
    )
    return [row[0] for row in env.cr.fetchall()]


def main():
    args = parse_args(__doc__, default_n=100_000)
    with environment(args.postventa_db) as env:
        ids = setup(env, args.n)
        tickets = env["helpdesk.ticket"]
        fields_ = [
            tickets._fields[name]
            for name in (
                "sla_response_deadline",
                "sla_resolution_deadline",
                "sla_resolution_risk_date",
            )
        ]
        queries = []
        started = time.perf_counter()
        for start in range(0, len(ids), BATCH):
            batch = tickets.browse(ids[start : start + BATCH])
            before = env.cr.sql_log_count
            for field in fields_:
                env.add_to_compute(field, batch)
            batch.flush_recordset()
            queries.append(env.cr.sql_log_count - before)
            env.invalidate_all()
        elapsed = time.perf_counter() - started
        env.cr.execute(
            "SELECT count(*) FROM helpdesk_ticket WHERE id = ANY(%s) "
            "AND sla_resolution_deadline > opening_date",
            (ids,),
        )
        done = env.cr.fetchone()[0]
    print(
        f"\nSLA deadlines recomputed for {args.n} cases in {elapsed:.1f} s "
        f"({elapsed / args.n * 1000:.2f} ms per case), target <= {TARGET_SECONDS} s: "
        f"{'OK' if elapsed <= TARGET_SECONDS else 'OVER TARGET'}"
    )
    # a batch reads the cases, the policies and, per calendar and season run in
    # the batch's time span, attendances and holidays: it does not grow with the cases
    print(
        f"queries per batch of {BATCH} cases: min {min(queries)}, max {max(queries)}, "
        f"mean {sum(queries) / len(queries):.1f} ({sum(queries) / args.n:.3f} per case)"
    )
    print(f"cases with a resolution deadline after their opening: {done}/{args.n}")


if __name__ == "__main__":
    main()
