"""Per-arm numbers against the annotators' evidence sentences of ``../shared/corpus/ei-dev``.

A larger and rougher check than the hand-made per-arm gold (``bench_perarm.py``): for each
``train`` question whose evidence sentences print numbers for the comparison (two or more
numbers that are not p-values, interval bounds, years or group sizes), it reads what
``evidence ask`` returned (``bench_ask.py --json FILE`` writes the answers) and counts

* ``with numbers``: both arms got a value (mean, median, percent or events);
* ``in evidence``: both of those values are printed in the evidence sentences;
* ``other``: at least one returned value is not in them (another outcome, time point or
  statistic; sometimes a value the annotators did not quote).

Only ``train`` answers are read (``bench_ask.py --json`` writes train answers only).

    python benchmarks/bench_ask.py --split train --json /tmp/ask-train.jsonl
    python benchmarks/bench_evidence_numbers.py /tmp/ask-train.jsonl
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extractor.trials.numbers import parse_number  # noqa: E402

_NUM = re.compile(r"(?<![\w.])[-−–]?\d+(?:[.·]\d+)?(?![\w.]*\d)")
_SKIP_BEFORE = re.compile(r"(?:\bp\s*[=<>≤≥]\s*|\bn\s*=\s*|CI[^\d]{0,6}|[-–]\s*|\bto\s+|\byears?\s+)$", re.I)
MAIN = ("mean", "median", "percent", "events")


def evidence_numbers(sentences: list[str]) -> list[float]:
    """Numbers that can be an arm's value: not a p-value, a size, an interval's upper bound."""
    out = []
    for s in sentences:
        for m in _NUM.finditer(s):
            before = s[max(0, m.start() - 12):m.start()]
            if _SKIP_BEFORE.search(before):
                continue
            try:
                v = parse_number(m.group(0))
            except ValueError:
                continue
            if 1900 <= v <= 2100 and "." not in m.group(0):
                continue
            out.append(v)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("answers", help="JSON lines written by bench_ask.py --json")
    args = ap.parse_args(argv)
    c: Counter = Counter()
    for line in Path(args.answers).read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        q, a = rec["prompt"], rec["answer"]
        if q.get("split") != "train":
            continue
        nums = evidence_numbers(q.get("evidence") or [])
        if len(set(nums)) < 2:
            continue
        c["questions"] += 1
        vals = []
        for side in ("intervention_arm", "comparator_arm"):
            arm = a.get(side) or {}
            v = next((arm[k] for k in MAIN if arm.get(k) is not None), None)
            vals.append(v)
        if None in vals:
            continue
        c["with numbers"] += 1
        if all(any(abs(v - n) <= 1e-6 * max(1, abs(n)) for n in nums) for v in vals):
            c["in evidence"] += 1
        else:
            c["other"] += 1
    n = c["questions"] or 1
    print(f"train questions whose evidence prints numbers: {c['questions']}")
    for k in ("with numbers", "in evidence", "other"):
        print(f"  {k:<14} {c[k]:5d}  {c[k] / n:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
