"""Summary of scripts/test-neighbours.sh: a line per suite, then the verdict.

    python neighbours_compare.py WITH_POSTVENTA.jsonl VANILLA.jsonl POSTVENTA_SUITES

A failure fails the run when it is postventa's, or when it is a neighbour's test that
passes on the vanilla database (the neighbours without postventa)."""

import json
import sys
from collections import defaultdict


def load(path):
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def main(with_postventa, vanilla, postventa_suites):
    ours = set(postventa_suites.split(","))
    tests = load(with_postventa)
    passed_on_vanilla = {
        test["id"] for test in load(vanilla) if test["outcome"] == "passed"
    }
    counts = defaultdict(lambda: defaultdict(int))
    broken = []
    for test in tests:
        counts[test["suite"]][test["outcome"]] += 1
        if test["outcome"] != "failed":
            continue
        if test["suite"] in ours or test["id"] in passed_on_vanilla:
            broken.append(test["id"])
    for suite in sorted(counts, key=lambda s: (s not in ours, s)):
        count = counts[suite]
        label = suite if suite in ours else f"neighbours/{suite}"
        line = f"{label}: {count['passed']} passed, {count['failed']} failed"
        if count["skipped"]:
            line += f", {count['skipped']} skipped"
        print(line)
    total = defaultdict(int)
    for count in counts.values():
        for outcome, number in count.items():
            total[outcome] += number
    for test_id in broken:
        print(f"BROKEN with postventa: {test_id}")
    known = total["failed"] - len(broken)
    if known:
        print(f"{known} failing without postventa too (not counted)")
    print(f"{total['passed']} passed, {len(broken)} failed")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
