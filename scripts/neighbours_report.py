"""pytest plugin for scripts/test-neighbours.sh: one JSON line per test, with the
suite it belongs to (the addon; postventa_tests for the cross-addon tests) and an
id that is the same whichever folder the addon was installed in, so that a run
with postventa can be compared test by test with a vanilla run.

Enabled with ``-p neighbours_report``; writes to $NEIGHBOURS_REPORT."""

import json
import os
from pathlib import Path

import pytest

_outcomes = {}


def _suite_and_id(item):
    path = Path(str(item.path)).resolve()
    parts = path.parts
    if "addons" in parts:  # .../odoo/addons/<addon>/tests/test_x.py
        index = len(parts) - 1 - parts[::-1].index("addons")
        inside = parts[index + 1 :]
    else:  # <checkout>/<addon>/tests/test_x.py
        root = Path(os.environ.get("NEIGHBOURS_ROOT", os.getcwd())).resolve()
        inside = path.relative_to(root).parts
    name = item.nodeid.split("::", 1)[1] if "::" in item.nodeid else item.name
    return inside[0], "/".join(inside) + "::" + name


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    suite, test_id = _suite_and_id(item)
    previous = _outcomes.get(test_id, (suite, "passed"))[1]
    if report.failed:
        state = "failed"
    elif report.skipped and previous != "failed":
        state = "skipped"
    else:
        state = previous
    _outcomes[test_id] = (suite, state)


def pytest_sessionfinish(session, exitstatus):
    target = os.environ.get("NEIGHBOURS_REPORT")
    if not target:
        return
    with open(target, "w", encoding="utf-8") as report:
        for test_id, (suite, state) in sorted(_outcomes.items()):
            report.write(
                json.dumps({"suite": suite, "id": test_id, "outcome": state}) + "\n"
            )
