"""Where the per-arm gold numbers are, and whether the store holds them (recall yardstick).

For every complete, scored record of the per-arm gold (``perarm/gold``) of a split row, the
script says where the gold locates the record's values (events on both arms, or mean and SD on
both arms): ``table`` (every value in a table), ``sentence`` (every value in text) or ``mixed``;
and whether the article's store holds them among its ``arm_results``:

* ``stored`` — every gold value is stored under its statistic (events as ``events``, a mean as
  ``mean``, an SD as ``sd``) somewhere in the article;
* ``other-stat`` — every gold value is stored, some under another statistic;
* ``partial`` — some gold values are stored, not all;
* ``missing`` — none is.

``--ask`` also asks ``evidence ask`` each record's question and counts the ``stored`` records
it answers exactly (scored as ``bench_perarm.py`` scores them): the rest of the stored ones are
the selection's gap, the others the readers'.

``--misses`` lists each record of the chosen location (``--where table``, the default, or
``sentence``) that is not ``stored``: a table-located one with the gold's table, row, column and
cell quote and what the store holds in that cell (the cell found by its quote in
``table_cells``); a sentence-located one with the gold's quote and a coarse name for the
sentence's structure ("respectively" list, "x vs y", a parenthesised list, ...).  These are the
lists a reviewer classifies by cause.  Held-out draws (``held_out`` in ``articles.json``) and
validation are counted only, never listed.

Usage: ``python benchmarks/perarm_causes.py [--store benchmarks/out/perarm-jats-<fp>.db]
[--articles train_more10] [--ask] [--misses [--where table|sentence]]``
"""
from __future__ import annotations

import argparse
import collections
import re
import sqlite3
import sys
from pathlib import Path
from typing import Optional

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_perarm import _num, article_list, ei_gold, held_out, score_record  # noqa: E402

NUM = r"[-−]?\d+(?:\.\d+)?"

VALUE_FIELDS = {"binary": (("events", "events"),),
                "continuous": (("mean", "mean"), ("standard_deviation", "sd"))}


def newest_store() -> Optional[Path]:
    old = sorted((HERE / "out").glob("perarm-jats-*.db"), key=lambda p: p.stat().st_mtime)
    return old[-1] if old else None


def where(rec: dict) -> str:
    """``table``, ``sentence`` or ``mixed``: where the gold locates the record's values."""
    kinds = set()
    wanted = {f"{side}_{f}" for side in ("intervention", "comparator")
              for f, _ in VALUE_FIELDS[rec["outcome_type"]]}
    for loc in rec.get("locations") or []:
        if wanted & set(loc.get("fields") or []):
            kinds.add("table" if loc.get("where") == "table" else "sentence")
    if not kinds:
        return "unknown"
    return kinds.pop() if len(kinds) == 1 else "mixed"


def status(rec: dict, stored: dict[str, set[float]]) -> str:
    hits = []
    for side in ("intervention", "comparator"):
        for f, stat in VALUE_FIELDS[rec["outcome_type"]]:
            v = _num(rec.get(f"{side}_{f}"))
            key = round(v, 4)
            if key in stored.get(stat, set()):
                hits.append("stat")
            elif any(key in vs for vs in stored.values()):
                hits.append("other")
            else:
                hits.append("none")
    if all(h == "stat" for h in hits):
        return "stored"
    if all(h != "none" for h in hits):
        return "other-stat"
    return "partial" if any(h != "none" for h in hits) else "missing"


def sentence_structure(quotes: list[str]) -> str:
    """A coarse name for the structure of the sentence(s) holding a record's values."""
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


def _quotes(rec: dict, kind: str) -> list:
    """The gold's locations of ``kind`` (table or sentence) that hold the record's values."""
    wanted = {f"{side}_{f}" for side in ("intervention", "comparator")
              for f, _ in VALUE_FIELDS[rec["outcome_type"]]}
    return [loc for loc in rec.get("locations") or []
            if (loc.get("where") == "table") == (kind == "table") and wanted & set(loc.get("fields") or [])]


def complete(rec: dict) -> bool:
    if rec.get("excluded") or rec.get("outcome_type") not in VALUE_FIELDS:
        return False
    fields = ("events", "group_size") if rec["outcome_type"] == "binary" else (
        "mean", "standard_deviation", "group_size")
    return all(_num(rec.get(f"{s}_{f}")) is not None for s in ("intervention", "comparator") for f in fields)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", type=Path, default=None)
    ap.add_argument("--articles", metavar="KEY")
    ap.add_argument("--ask", action="store_true", help="count the stored records `ask` answers exactly")
    ap.add_argument("--misses", action="store_true")
    ap.add_argument("--where", choices=("table", "sentence"), default="table",
                    help="the location whose misses --misses lists")
    ap.add_argument("--validation", action="store_true", help="count the validation articles too (totals)")
    args = ap.parse_args(argv)
    store = args.store or newest_store()
    db = sqlite3.connect(store)
    asker = None
    if args.ask:
        sys.path.insert(0, str(HERE.parent))
        from corpus import Store
        from corpus.ask import Asker, Question
        asker = Asker(Store(str(store)))
    only = article_list(args.articles) if args.articles else None
    unseen = held_out()
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    misses = []
    for art in ei_gold():
        if only is not None and art["article"] not in only:
            continue
        split = art.get("split", "train")
        if split == "validation" and not args.validation:
            continue
        if split == "train" and art["article"] in unseen:
            split = "held-out"
        row = db.execute("select id from documents where pmcid=?", (art["article"],)).fetchone()
        stored: dict[str, set[float]] = collections.defaultdict(set)
        if row:
            for stat, v in db.execute(
                    "select r.statistic, r.value from arm_results r join outcomes o on o.id=r.outcome_id"
                    " join studies s on s.id=o.study_id where s.document_id=? and r.value is not null", row):
                stored[stat].add(round(v, 4))
        for rec in art["records"]:
            if not complete(rec):
                continue
            w, st = where(rec), status(rec, stored)
            if asker is not None and st == "stored" and row:
                ans = asker.answer(Question(str(row[0]), rec["outcome"], rec["intervention"], rec["comparator"]))
                st = "stored+exact" if score_record(rec, ans)["exact"] else "stored"
            counts[f"{split:10s} {rec['outcome_type']:10s}"][(w, st)] += 1
            if split == "train" and w == args.where and not st.startswith("stored"):
                misses.append((art["article"], row[0] if row else None, rec, st))
    for key in sorted(counts):
        c = counts[key]
        print(f"{key} " + "  ".join(f"{w}/{s} {n}" for (w, s), n in sorted(c.items())))
    if args.misses:
        for pmc, did, rec, st in misses:
            print(f"\n- {pmc} [{rec['outcome_type']}] {st}: {rec['outcome']} | {rec['intervention']} | "
                  f"{rec['comparator']} ({rec.get('timepoint')})")
            vals = [f"{s[:3]} " + " ".join(str(rec.get(f'{s}_{f}')) for f, _ in VALUE_FIELDS[rec['outcome_type']])
                    for s in ("intervention", "comparator")]
            print("  gold: " + "; ".join(vals))
            if args.where == "sentence":
                quotes = [loc.get("quote") or "" for loc in _quotes(rec, "sentence")]
                print(f"  structure: {sentence_structure(quotes)}")
                for q in quotes:
                    print(f"    > {q}")
                continue
            for loc in _quotes(rec, "table"):
                print(f"  {loc.get('table')!s} | row {loc.get('row')!r} | col {loc.get('column')!r} | {loc.get('quote')!r}")
                q = (loc.get("quote") or "").strip()
                if did is None or not q:
                    continue
                cells = db.execute(
                    "select c.char_start, c.char_end, c.text from table_cells c join tables t on t.id=c.table_id"
                    " where t.document_id=? and c.text like ?", (did, f"%{q[:40]}%")).fetchall()
                for cs, ce, text in cells[:2]:
                    got = db.execute(
                        "select r.statistic, r.value, o.name, a.label from arm_results r join outcomes o on"
                        " o.id=r.outcome_id join studies s on s.id=o.study_id left join arms a on a.id=r.arm_id"
                        " where s.document_id=? and r.char_start>=? and r.char_end<=?", (did, cs, ce)).fetchall()
                    print(f"    cell {text!r}: " + ("; ".join(f"{s}={v:g} [{o} / {a}]" for s, v, o, a in got)
                                                    or "nothing stored"))


if __name__ == "__main__":
    main()
