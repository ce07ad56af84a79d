"""Benchmark of trial extraction, each set labelled by how it was used.

1. Precision/recall per field on written passages scored against their hand-written
   expectations (``*.expect.json``, see :mod:`extractor.trials.evaluate`):

   - ``tests/data/trials``: the development fixtures, written with the rules and tuned against
     them (a regression check, not an estimate);
   - ``tests/data/trials/heldout``, ``heldout2``, ``heldout3``: passage sets written as held-out
     sets, each scored once when it was added and then used to change rules, so they are
     *tuned* now. Their scores are printed as tuned; the estimate of how the rules generalise
     is each set's first run (the rules as they were when the set was added, the expectations
     as written then), recorded below with its commit. The expectations are those written
     with each set.
2. Throughput: documents/s for the whole pipeline (read, sentences, spaCy, trials, references)
   and for ``extract_studies`` alone on prepared contexts.
3. Exact-match rates on the rct-dev corpus of real RCT reports with per-arm gold (default
   ``../shared/corpus/rct-dev``, read in place), a development corpus the rules were read
   against (tuned): a binary record matches when both arms' events and group sizes are
   extracted on the right arms; a continuous record when both arms' mean, SD and group size are.

From now on the honest figures come from frozen splits that no rule is written against (ei-dev
validation, the validation half of ``benchmarks/perarm``); this script does not score them.

Usage: ``python benchmarks/bench_trials.py [--corpus DIR] [--repeat N] [--verbose]``
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.context import Context  # noqa: E402
from extractor.model import Study  # noqa: E402
from extractor.pipeline import extract  # noqa: E402
from extractor.trials import extract_studies  # noqa: E402
from extractor.trials.evaluate import compare, tally  # noqa: E402

FIXTURES = ROOT / "tests" / "data" / "trials"
HELDOUT = FIXTURES / "heldout"
HELDOUT2 = FIXTURES / "heldout2"
HELDOUT3 = FIXTURES / "heldout3"
sys.path.insert(0, str(Path(__file__).resolve().parent))
from devcorpus import shared_dir  # noqa: E402

DEFAULT_CORPUS = shared_dir() / "corpus" / "rct-dev"


# How each passage set was used, and the first-run score of the tuned sets: the rules at the
# commit that added the set, scored against the set's expectations as written (all fields).
PASSAGE_SETS = [
    (FIXTURES, "development fixtures (tuned: written with the rules; a regression check, not an estimate)", None),
    (HELDOUT, "passage set 1 (tuned: rules changed after it was scored)",
     {"commit": "28f23d0", "tp": 170, "fp": 42, "fn": 107}),
    (HELDOUT2, "passage set 2 (tuned: rules changed after it was scored)",
     {"commit": "8df93e9", "tp": 198, "fp": 5, "fn": 43}),
    (HELDOUT3, "passage set 3 (tuned: rules changed after it was scored)",
     {"commit": "74fd88d", "tp": 140, "fp": 1, "fn": 25}),
]


def first_run_line(fr: dict) -> str:
    p = fr["tp"] / (fr["tp"] + fr["fp"])
    r = fr["tp"] / (fr["tp"] + fr["fn"])
    return (f"{'estimate (first run)':26s} {p:6.3f} {r:6.3f} {fr['tp']:5d} {fr['fp']:4d} {fr['fn']:4d}"
            f"   rules at {fr['commit']}, before any change made for this set")


def fixture_docs(folder: Path = FIXTURES) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".html", ".xml", ".pdf"))


def bench_fixtures(verbose: bool, folder: Path = FIXTURES, title: str = "fixtures",
                   first_run: dict | None = None) -> list:
    """Print precision/recall per field for the documents in ``folder`` against their
    ``*.expect.json`` (and the set's recorded first-run score); return the scored items."""
    items = []
    docs = fixture_docs(folder)
    for doc in docs:
        exp = json.loads((folder / f"{doc.stem}.expect.json").read_text(encoding="utf-8"))
        got = compare(extract(doc).studies, exp)
        items += got
        if verbose:
            for i in got:
                if i.outcome != "tp":
                    print(f"  {doc.name}: {i.field} {i.outcome} {i.detail}")
    print(f"== {title}: {len(docs)} documents, field precision/recall")
    print(f"{'field':26s} {'P':>6s} {'R':>6s} {'tp':>5s} {'fp':>4s} {'fn':>4s}")
    for f, r in tally(items).items():
        print(f"{f:26s} {r['precision']:6.3f} {r['recall']:6.3f} {r['tp']:5d} {r['fp']:4d} {r['fn']:4d}")
    tp = sum(i.outcome == "tp" for i in items)
    fp = sum(i.outcome == "fp" for i in items)
    fn = sum(i.outcome == "fn" for i in items)
    label = "all fields (tuned)" if first_run is not None else "all fields"
    print(f"{label:26s} {tp / max(tp + fp, 1):6.3f} {tp / max(tp + fn, 1):6.3f} {tp:5d} {fp:4d} {fn:4d}")
    if first_run is not None:
        print(first_run_line(first_run))
    return items


def bench_throughput(repeat: int) -> None:
    docs = fixture_docs()
    t0 = time.perf_counter()
    articles = []
    for _ in range(repeat):
        articles = [extract(d) for d in docs]
    t_pipe = time.perf_counter() - t0
    contexts = []
    for d, a in zip(docs, articles):
        from extractor.source import Source
        src = Source.from_text(a.text)
        contexts.append(Context(source=src, sentences=list(a.sentences), sections=list(a.sections),
                                abbreviations=dict(a.meta.get("abbreviations", {}))))
    t0 = time.perf_counter()
    n = 0
    for _ in range(repeat * 5):
        for c in contexts:
            extract_studies(c)
            n += 1
    t_tr = time.perf_counter() - t0
    chars = sum(len(a.text) for a in articles)
    print(f"== throughput ({len(docs)} documents, {chars:,} characters)")
    print(f"whole pipeline:   {repeat * len(docs) / t_pipe:8.1f} docs/s")
    print(f"extract_studies:  {n / t_tr:8.1f} docs/s  ({n * chars / len(docs) / t_tr / 1e3:,.0f} kchars/s)")


# -- development corpus -----------------------------------------------------------------------
def _num(x):
    if x in ("", None):
        return None
    try:
        return float(x)
    except ValueError:
        return None


def _close(a, b):
    return a is not None and b is not None and math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)


def _sim(arm, name: str) -> float:
    """How well an extracted arm (label or long form) names a gold arm ("White Grape Juice (WGJ)")."""
    from rapidfuzz import fuzz
    names = {name.lower(), re.sub(r"\(.*?\)", "", name).lower()}
    names |= {m.lower() for m in re.findall(r"\(([^)]+)\)", name)}
    mine = {arm.label.lower(), (arm.intervention or arm.label).lower()}
    return max(fuzz.token_set_ratio(a, b) for a in mine for b in names)


def _arm_numbers(study: Study):
    """Per outcome, per arm: {statistic: value} with group sizes filled from the arm."""
    sizes = {a.label: (a.n_analyzed or a.n_randomized) for a in study.arms}
    for o in study.outcomes:
        per: dict[str, dict[str, float]] = {}
        for r in o.results:
            per.setdefault(r.arm, {}).setdefault(r.statistic, r.value)
        for arm, d in per.items():
            d.setdefault("total", sizes.get(arm))
        yield o, per


def _orient(study: Study, rec: dict, a1: str, a2: str) -> bool:
    """True when arm ``a1`` is the record's intervention and ``a2`` its comparator."""
    arms = {a.label: a for a in study.arms}
    x1, x2 = arms[a1], arms[a2]
    s11, s22 = _sim(x1, rec["intervention"]), _sim(x2, rec["comparator"])
    s12, s21 = _sim(x1, rec["comparator"]), _sim(x2, rec["intervention"])
    if abs((s11 + s22) - (s12 + s21)) >= 10:
        return s11 + s22 > s12 + s21
    roles = {a.label: a.role for a in study.arms}
    return roles.get(a1) != "control" and roles.get(a2) == "control"


def match_record(studies: list[Study], rec: dict) -> bool:
    binary = rec["outcome_type"] == "binary"
    want = ([_num(rec["intervention_events"]), _num(rec["intervention_group_size"])],
            [_num(rec["comparator_events"]), _num(rec["comparator_group_size"])]) if binary else (
        [_num(rec["intervention_mean"]), _num(rec["intervention_standard_deviation"]), _num(rec["intervention_group_size"])],
        [_num(rec["comparator_mean"]), _num(rec["comparator_standard_deviation"]), _num(rec["comparator_group_size"])])
    keys = ("events", "total") if binary else ("mean", "sd", "total")
    for s in studies:
        for o, per in _arm_numbers(s):
            for a1 in per:
                for a2 in per:
                    if a1 == a2 or not _orient(s, rec, a1, a2):
                        continue
                    if all(_close(per[a1].get(k), w) for k, w in zip(keys, want[0])) and \
                            all(_close(per[a2].get(k), w) for k, w in zip(keys, want[1])):
                        return True
    return False


def complete(rec: dict) -> bool:
    if rec["outcome_type"] == "binary":
        f = ("intervention_events", "intervention_group_size", "comparator_events", "comparator_group_size")
    else:
        f = ("intervention_mean", "intervention_standard_deviation", "intervention_group_size",
             "comparator_mean", "comparator_standard_deviation", "comparator_group_size")
    return all(_num(rec[k]) is not None for k in f)


def bench_corpus(corpus: Path, verbose: bool) -> None:
    gold = corpus / "gold.jsonl"
    if not gold.exists():
        print(f"== rct-dev: {gold} not found (pass --corpus)")
        return
    stats = {"binary": [0, 0], "continuous": [0, 0]}
    t0 = time.perf_counter()
    ndocs = 0
    for line in gold.read_text(encoding="utf-8").splitlines():
        art = json.loads(line)
        try:
            a = extract(corpus / art["text_file"])
        except Exception as exc:  # noqa: BLE001 - a benchmark reports and goes on
            print(f"  FAIL {art['id']}: {type(exc).__name__}: {exc}")
            continue
        ndocs += 1
        for rec in art["records"]:
            if not complete(rec):
                continue
            kind = rec["outcome_type"]
            ok = match_record(list(a.studies), rec)
            stats[kind][0] += ok
            stats[kind][1] += 1
            if verbose:
                print(f"  {'OK  ' if ok else 'MISS'} {art['id']} {kind} {rec['outcome'][:60]}")
    dt = time.perf_counter() - t0
    print(f"== rct-dev, development corpus (tuned: rules were read against these articles); {ndocs} articles, "
          f"records with complete gold numbers; {ndocs / dt:.1f} docs/s")
    for k, (ok, n) in stats.items():
        rate = ok / n if n else float("nan")
        print(f"{k:11s} exact match {ok}/{n} = {rate:.3f}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args(argv)
    extract(fixture_docs()[0])  # load the spaCy pipeline once before timing
    for folder, title, first_run in PASSAGE_SETS:
        if folder.is_dir():
            bench_fixtures(a.verbose, folder, title, first_run)
    bench_throughput(a.repeat)
    bench_corpus(a.corpus, a.verbose)
    print("== estimates of how the rules generalise: the first runs above; from now on the frozen splits no rule "
          "is written against (ei-dev validation, the validation half of benchmarks/perarm), which this script "
          "does not score")
    return 0


if __name__ == "__main__":
    sys.exit(main())
