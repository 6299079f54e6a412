"""The closing summary of scripts/test.sh: one line per run, then the totals.

Each run is given as NAME=JUNIT_XML:EXIT_CODE (pytest's --junitxml and its exit
code; an empty JUNIT_XML when the run could not start, e.g. its install failed).
A run compared with a reference (--compare upstream=vanilla) fails only on the
tests that pass in the reference and fail in the run: upstream's own failures on
a vanilla database are shown, not counted. A reference run (--reference vanilla)
is shown and not counted in the totals.

Exits 1 when a run failed, else 0. The last line is "N passed, M failed".
"""

import argparse
import sys
import xml.etree.ElementTree as ET


def results(path):
    """{test id: "passed" | "failed" | "skipped"} of a pytest junit file."""
    outcome = {}
    for case in ET.parse(path).iter("testcase"):
        test_id = f"{case.get('classname')}::{case.get('name')}"
        tags = {child.tag for child in case}
        if tags & {"failure", "error"}:
            state = "failed"
        elif "skipped" in tags:
            state = "skipped"
        else:
            state = "passed"
        if outcome.get(test_id) != "failed":  # a teardown error fails a passed test
            outcome[test_id] = state
    return outcome


def count(outcome, state):
    return sum(1 for value in outcome.values() if value == state)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("runs", nargs="+", metavar="NAME=JUNIT:RC")
    parser.add_argument("--compare", action="append", default=[], metavar="RUN=REF")
    parser.add_argument("--reference", action="append", default=[], metavar="RUN")
    args = parser.parse_args()
    compare = dict(item.split("=", 1) for item in args.compare)

    runs = {}
    for item in args.runs:
        name, rest = item.split("=", 1)
        path, rc = rest.rsplit(":", 1)
        if path.startswith("@"):  # counts a script printed: "@PASSED,FAILED"
            n_passed, n_failed = (int(n) for n in path[1:].split(","))
            outcome = {f"{name}#{i}": "passed" for i in range(n_passed)}
            outcome.update({f"{name}#f{i}": "failed" for i in range(n_failed)})
            runs[name] = (outcome, int(rc))
            continue
        try:
            outcome = results(path) if path else None
        except (OSError, ET.ParseError):
            outcome = None
        runs[name] = (outcome, int(rc))

    lines, ok, passed, failed = [], True, 0, 0
    for name, (outcome, rc) in runs.items():
        if outcome is None:
            lines.append(f"{name}: 0 passed, 1 failed (did not run: see above)")
            ok = False
            failed += 1
            continue
        n_passed, n_failed = count(outcome, "passed"), count(outcome, "failed")
        line = f"{name}: {n_passed} passed, {n_failed} failed"
        skipped = count(outcome, "skipped")
        if skipped:
            line += f", {skipped} skipped"
        counted_failures = n_failed
        reference = runs.get(compare.get(name), (None, 0))[0]
        if name in compare:
            if reference is None:
                line += f" (no {compare[name]} run to compare with)"
                run_ok = rc == 0
            else:
                new = sorted(
                    test
                    for test, state in outcome.items()
                    if state == "failed" and reference.get(test) == "passed"
                )
                known = n_failed - len(new)
                missing = sorted(set(reference) - set(outcome))
                counted_failures = len(new)
                if known:
                    line += f"; {known} also failing on {compare[name]}"
                if new:
                    line += f"; {len(new)} passing on {compare[name]}: " + ", ".join(
                        new
                    )
                if missing:
                    line += f"; {len(missing)} not run: " + ", ".join(missing)
                run_ok = not new and not missing and rc in (0, 1)
        else:
            run_ok = rc == 0 and n_passed > 0
            if rc not in (0, 1):
                line += f" (pytest exit code {rc})"
        if name in args.reference:
            line += " (reference, not counted)"
        else:
            ok = ok and run_ok
            passed += n_passed
            failed += counted_failures if run_ok or counted_failures else 1
        lines.append(line)
    lines.append(f"{passed} passed, {failed} failed")
    print("\n".join(lines))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
