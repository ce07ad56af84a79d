"""Per-arm numbers that the gold locates in sentences: are they stored, and are they answered?

For every complete per-arm gold record (``perarm/gold``, train split unless ``--split``) whose
locations put the value fields (events, or mean) in a ``"where": "sentence"`` quote, this prints
how many records have both arms' values

* **exact** — ``evidence ask`` answers them exactly (as ``bench_perarm.py`` scores it);
* **store** — both values are among the document's stored ``arm_results`` (the selection in
  ``ask`` is then the gap);
* **miss** — at least one value is not stored (a recall gap of the sentence readers),

and classifies each *miss* by the structure of the gold's sentence (``--misses`` lists them
with their quotes; validation prints totals only and never lists).

Usage: ``python benchmarks/bench_prose.py [--reuse] [--articles KEY] [--misses]``
"""
from __future__ import annotations

import argparse
import collections
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bench_perarm as bp  # noqa: E402
from benchstore import corpus_store, doc_ids  # noqa: E402

from corpus.ask import Asker, Question  # noqa: E402

NUM = r"[-−]?\d+(?:\.\d+)?"


def sentence_quotes(rec: dict) -> list[str]:
    """The gold's sentence quotes that hold the record's values (events or mean)."""
    want = ("intervention_events", "comparator_events") if rec["outcome_type"] == "binary" else (
        "intervention_mean", "comparator_mean")
    out = []
    for loc in rec.get("locations") or []:
        if loc.get("where") == "sentence" and any(f in (loc.get("fields") or []) for f in want):
            out.append(loc.get("quote") or "")
    return out


def classify(quotes: list[str], rec: dict) -> str:
    """A coarse name for the sentence structure holding the values."""
    q = " ".join(quotes)
    ql = q.lower()
    if len(quotes) > 1:
        return "split over sentences"
    if "respectively" in ql:
        return "respectively list"
    if re.search(r"\bfrom\s+" + NUM + r".{0,40}?\bto\s+" + NUM, ql):
        return "from x to y (change)"
    if re.search(NUM + r"\s*/\s*" + NUM, q):
        return "x/n fraction"
    if re.search(r"\b(?:vs\.?|versus|compared (?:with|to)|as compared)\b", ql):
        return "x vs y comparison"
    if re.search(r"\((?:[^()]*;){1,}[^()]*\)", q) or re.search(r"\([^()]*:\s*" + NUM, q):
        return "parenthesised list"
    if re.search(r"\bin (?:the )?(?:\w+ ){0,4}(?:group|arm)s?\b", ql):
        return "number + 'in the X group'"
    return "other"


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reuse", action="store_true")
    ap.add_argument("--split", default="train", choices=("train", "validation"))
    ap.add_argument("--articles", metavar="KEY")
    ap.add_argument("--misses", action="store_true", help="list each train miss with its quote")
    args = ap.parse_args(argv)
    only = bp.article_list(args.articles) if args.articles else None
    unseen = bp.held_out()
    fmt = bp.formats()["jats"]
    arts = [a for a in fmt.gold() if a.get("split") == args.split and a["article"] not in unseen
            and (only is None or a["article"] in only)]
    paths = {a["article"]: fmt.path(a) for a in bp.ei_gold()}
    store = corpus_store("perarm-jats", sorted(p for p in paths.values() if p.is_file()), reuse=args.reuse)
    ids = doc_ids(store)
    asker = Asker(store)
    db = store.conn
    counts: collections.Counter = collections.Counter()
    causes: collections.Counter = collections.Counter()
    misses = []
    for a in arts:
        did = ids.get(paths[a["article"]].stem)
        vals = set()
        if did is not None:
            vals = {round(v, 4) for (v,) in db.execute(
                "select r.value from arm_results r join outcomes o on o.id=r.outcome_id "
                "join studies s on s.id=o.study_id where s.document_id=?", (did,)) if v is not None}
        for rec in a["records"]:
            if rec.get("excluded"):
                continue
            qs = sentence_quotes(rec)
            if not qs:
                continue
            kind = rec["outcome_type"]
            keys = ("events",) if kind == "binary" else ("mean",)
            try:
                gv = [float(bp._num(rec[f"{s}_{k}"])) for s in ("intervention", "comparator") for k in keys]
            except (TypeError, ValueError):
                continue
            ans = {} if did is None else asker.answer(Question(str(did), rec["outcome"], rec["intervention"],
                                                               rec["comparator"]))
            sc = bp.score_record(rec, ans)
            if not sc["complete"]:
                continue
            stored = all(round(v, 4) in vals for v in gv)
            state = "exact" if sc["exact"] else ("store" if stored else "miss")
            counts[(kind, state)] += 1
            if state == "miss":
                c = classify(qs, rec)
                causes[(kind, c)] += 1
                misses.append((a["article"], kind, c, rec, qs))
    print(f"== sentence-located complete records ({args.split}{', ' + args.articles if args.articles else ''})")
    for kind in ("binary", "continuous"):
        tot = sum(v for (k, _), v in counts.items() if k == kind)
        print(f"  {kind:11s} total {tot:4d}  exact {counts[(kind, 'exact')]:4d}  store {counts[(kind, 'store')]:4d}"
              f"  miss {counts[(kind, 'miss')]:4d}")
    if args.split == "validation":
        return
    print("== misses by sentence structure")
    for (kind, c), n in sorted(causes.items(), key=lambda kv: (kv[0][0], -kv[1])):
        print(f"  {kind:11s} {c:32s} {n:4d}")
    if args.misses:
        for art, kind, c, rec, qs in misses:
            f = ("events", "group_size") if kind == "binary" else ("mean", "standard_deviation", "group_size")
            g = " | ".join(f"{s[:1]}:" + ",".join(str(rec.get(f'{s}_{k}')) for k in f) for s in ("intervention", "comparator"))
            print(f"\n- {art} [{kind}] {c}: {rec['outcome']} | {rec['intervention']} | {rec['comparator']}  [{g}]")
            for q in qs:
                print(f"    > {q}")


if __name__ == "__main__":
    main()
