"""Intake benchmark: N cases through the full postventa intake (unit lookup or
registration, warranty evaluation, priority from the matrix, SLA deadlines, case
history) against N plain helpdesk_mgmt ticket creations, in one run, each on its
own database. The ratio compares like with like: neither side mails the customer.
A third line shows what the acknowledgement mail (issue 4) adds on top, for the
record; vanilla has no such mail to compare it with.

    bash scripts/bench.sh          # creates both databases, then runs this
"""

import os
import sys
from datetime import date, timedelta

sys.path.insert(0, os.path.dirname(__file__))
from common import environment, measure, parse_args, report  # noqa: E402

TARGET = 1.25


def vanilla_setup(env, **team_values):
    team = env["helpdesk.ticket.team"].create({"name": "Bench team", **team_values})
    partner = env["res.partner"].create(
        {"name": "Bench customer", "email": "bench@example.com"}
    )
    return team, partner


def main():
    args = parse_args(__doc__, default_n=500)
    with (
        environment(args.vanilla_db) as vanilla_env,
        environment(args.postventa_db) as env,
    ):
        v_team, v_partner = vanilla_setup(vanilla_env)

        def vanilla_create(env, i):
            env["helpdesk.ticket"].create(
                {
                    "name": f"Printer does not print {i}",
                    "description": "<p>Paper jam light blinks.</p>",
                    "partner_id": v_partner.id,
                    "team_id": v_team.id,
                }
            )

        team, partner = vanilla_setup(env, acknowledge_new_cases=False)
        acknowledging_team = env["helpdesk.ticket.team"].create(
            {"name": "Bench team with acknowledgement", "acknowledge_new_cases": True}
        )
        categ = env["product.category"].create(
            {
                "name": "Bench ESP",
                "postventa_serial_regex": r"[TC]\d{6}",
                "postventa_serial_example": "T123456",
            }
        )
        products = env["product.product"].create(
            [{"name": f"Bench printer {k}", "categ_id": categ.id} for k in range(5)]
        )
        env["postventa.warranty.policy"].create(
            {
                "name": "Bench DOA 30",
                "categ_id": categ.id,
                "doa_days": 30,
                "warranty_months": 12,
            }
        )
        today = date.today()

        def postventa_intake(env, i, team=team):
            # every other case is a unit seen before: lookup instead of registration
            serial = "T%06d" % (abs(i) // 2)
            product = products[(abs(i) // 2) % 5]
            ticket = env["helpdesk.ticket"]._postventa_register_case(
                {
                    "name": f"Printer does not print {i}",
                    "description": "<p>Paper jam light blinks.</p>",
                    "partner_id": partner.id,
                    "team_id": team.id,
                    "severity": "high",
                    "urgency": "critical",
                    "product_id": product.id,
                    "serial": serial,
                    "purchase_date": today - timedelta(days=(abs(i) // 2) % 60),
                }
            )
            # what the agent sees at intake
            ticket.warranty_state, ticket.priority, ticket.unit_history_count  # noqa: B018

        rows = measure(
            {
                "vanilla helpdesk_mgmt": (vanilla_env, vanilla_create),
                "postventa intake": (env, postventa_intake),
            },
            args.n,
        )
        # measured apart, so that its mail queue does not weigh on the comparison
        rows.update(
            measure(
                {
                    "postventa intake + acknowledgement mail": (
                        env,
                        lambda env, i: postventa_intake(
                            env, 100000 + i, acknowledging_team
                        ),
                    ),
                },
                args.n,
            )
        )
    report(f"Intake, {args.n} cases per side", rows, TARGET)


if __name__ == "__main__":
    main()
