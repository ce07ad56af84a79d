"""Precision audit of stored per-arm values: every ``arm_results`` row of a sample of articles.

The yardstick "≥ 0.95 of stored per-arm values correct" is checked by hand: a reviewer reads
each article and judges every per-arm number the tool stored for it.  This script does the
bookkeeping around that reading.

``dump`` draws ``--n`` articles (default 10) from a list of ``perarm/articles.json``
(``--articles``, default ``validation``) with a fixed seed (``--seed``, default :data:`SEED`:
the listed ids sorted, ``random.Random(seed).sample(ids, n)``), extracts their JATS into a fresh
store with the current extractor (``--db``; a temporary file by default) and writes one TSV row
per stored per-arm value (``arm_results``), in document order:

    article  outcome  timepoint  subgroup  arm  statistic  value  unit  derived  derivation
    quote  char_start  char_end  page  context  verdict  note

``quote`` is ``documents.text[char_start:char_end]`` as stored; ``context`` is up to
:data:`CONTEXT` characters either side of it (newlines shown as ``⏎``), to find the place in
the article.  ``verdict`` and ``note`` are left empty for the reviewer; a stored quote that is not
``documents.text[char_start:char_end]`` is reported on stderr.

``totals`` reads a TSV whose ``verdict`` column is filled with one of :data:`VERDICTS` and
prints the counts: values audited, correct, and each kind of error, overall and per statistic
(``--by-article`` adds a line per article).  An unknown or empty verdict is an error (exit 1)
naming the line.

Verdicts: ``correct`` — the article prints this number for this arm, outcome and time point;
``wrong_arm`` — the number is printed for this outcome but for another arm (or for both arms
pooled); ``wrong_outcome`` — printed for this arm but for another outcome, time point or
subgroup; ``wrong_number`` — the right place but not the printed number (a CI bound for a mean,
a p-value, a mis-read cell, a statistic mislabelled: an IQR stored as SD, a change as a
final value); ``not_result`` — not a per-arm result at all (a baseline characteristic stored as
an outcome, a number of another trial, a dose, a year).

Usage::

    python benchmarks/audit_values.py dump [--articles validation] [--n 10] [--seed 1203]
        [--db FILE] [--out audit.tsv]
    python benchmarks/audit_values.py totals audit.tsv [--by-article]
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from benchstore import ROOT, SHARED  # noqa: E402

EI = SHARED / "corpus" / "ei-dev"
SEED = 1203
CONTEXT = 160
VERDICTS = ("correct", "wrong_arm", "wrong_outcome", "wrong_number", "not_result")
COLUMNS = ("article", "outcome", "timepoint", "subgroup", "arm", "statistic", "value", "unit", "derived",
           "derivation", "quote", "char_start", "char_end", "page", "context", "verdict", "note")


def sample(key: str, n: int, seed: int) -> list[str]:
    """``n`` article ids of the list ``key`` of ``perarm/articles.json``, drawn with ``seed``."""
    listed = json.loads((HERE / "perarm" / "articles.json").read_text(encoding="utf-8"))
    ids = listed.get(key)
    if not isinstance(ids, list):
        sys.exit(f"no article list {key!r} in perarm/articles.json")
    return random.Random(seed).sample(sorted(ids), min(n, len(ids)))


def _flat(s: str | None) -> str:
    return "" if s is None else str(s).replace("\t", " ").replace("\r", "").replace("\n", "⏎")


def rows(store, pmcid: str) -> list[dict]:
    """One dict per stored per-arm value of the document ``pmcid``, in document order."""
    c = store.conn
    doc = c.execute("SELECT id, text FROM documents WHERE pmcid = ? OR path LIKE ?",
                    (pmcid, f"%{pmcid}.nxml")).fetchone()
    if doc is None:
        return []
    did, text = doc[0], doc[1] or ""
    out = []
    q = ("SELECT o.name, o.timepoint, o.subgroup, a.label, r.statistic, r.value, r.unit, r.derived, r.derivation,"
         " r.quote, r.char_start, r.char_end, r.page, r.id"
         " FROM arm_results r JOIN outcomes o ON o.id = r.outcome_id JOIN arms a ON a.id = r.arm_id"
         " JOIN studies s ON s.id = o.study_id WHERE s.document_id = ?"
         " ORDER BY coalesce(r.char_start, 1e12), r.id")
    for (name, tp, sub, arm, stat, value, unit, derived, derivation, quote, cs, ce, page, _rid) in c.execute(q, (did,)):
        ctx = ""
        if cs is not None and ce is not None and text[cs:ce] != quote:
            print(f"{pmcid}: arm_results {_rid}: quote {quote!r} is not text[{cs}:{ce}] {text[cs:ce]!r}",
                  file=sys.stderr)
        if cs is not None and ce is not None:
            ctx = text[max(0, cs - CONTEXT):cs] + "[[" + text[cs:ce] + "]]" + text[ce:ce + CONTEXT]
        out.append({"article": pmcid, "outcome": name, "timepoint": tp, "subgroup": sub, "arm": arm,
                    "statistic": stat, "value": "" if value is None else f"{value:g}", "unit": unit,
                    "derived": derived or 0, "derivation": derivation, "quote": quote,
                    "char_start": cs, "char_end": ce, "page": page, "context": ctx, "verdict": "", "note": ""})
    return out


def dump(args) -> None:
    from corpus import Store
    from corpus.ingest import ingest

    ids = sample(args.articles, args.n, args.seed)
    db = Path(args.db) if args.db else Path(tempfile.mkdtemp(prefix="audit-")) / "audit.db"
    if db.exists():
        sys.exit(f"{db} exists: the audit extracts into a fresh store")
    store = Store(db)
    paths = [str(EI / "nxml" / f"{a}.nxml") for a in ids]
    ingest(paths, store, workers=1)
    out = open(args.out, "w", encoding="utf-8", newline="") if args.out else sys.stdout
    w = csv.DictWriter(out, fieldnames=COLUMNS, delimiter="\t", quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    w.writeheader()
    counts = {}
    for a in ids:
        rs = rows(store, a)
        counts[a] = len(rs)
        for r in rs:
            w.writerow({k: _flat(v) for k, v in r.items()})
    if args.out:
        out.close()
    import extractor
    print(f"{len(ids)} articles ({args.articles}, seed {args.seed}), {sum(counts.values())} values,"
          f" extractor {extractor.__version__}, store {db}", file=sys.stderr)
    for a in ids:
        print(f"  {a}: {counts[a]}", file=sys.stderr)


def totals(args) -> int:
    with open(args.tsv, encoding="utf-8", newline="") as f:
        data = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_MINIMAL))
    bad = [(i + 2, r.get("verdict")) for i, r in enumerate(data) if (r.get("verdict") or "").strip() not in VERDICTS]
    if bad:
        for line, v in bad[:20]:
            print(f"line {line}: verdict {v!r} is not one of {', '.join(VERDICTS)}", file=sys.stderr)
        return 1
    n = len(data)
    every = Counter(r["verdict"].strip() for r in data)
    arts = sorted({r["article"] for r in data})
    print(f"{n} values audited in {len(arts)} articles")
    for v in VERDICTS:
        print(f"  {v:14s} {every[v]:5d}  {every[v] / n if n else 0:.3f}")
    by_stat: dict[str, Counter] = defaultdict(Counter)
    for r in data:
        by_stat[r["statistic"]][r["verdict"].strip()] += 1
    print("per statistic (correct/audited):")
    for s in sorted(by_stat, key=lambda s: -sum(by_stat[s].values())):
        c = by_stat[s]
        print(f"  {s:12s} {c['correct']:4d}/{sum(c.values()):<4d}  " +
              "  ".join(f"{v} {c[v]}" for v in VERDICTS[1:] if c[v]))
    if args.by_article:
        by_art: dict[str, Counter] = defaultdict(Counter)
        for r in data:
            by_art[r["article"]][r["verdict"].strip()] += 1
        print("per article (correct/audited):")
        for a in arts:
            c = by_art[a]
            print(f"  {a:12s} {c['correct']:4d}/{sum(c.values()):<4d}")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump", help="extract the sample and write the values to audit")
    d.add_argument("--articles", default="validation", help="list of perarm/articles.json to draw from")
    d.add_argument("--n", type=int, default=10)
    d.add_argument("--seed", type=int, default=SEED)
    d.add_argument("--db", help="a new store file (default: a temporary one)")
    d.add_argument("--out", help="the TSV to write (default: stdout)")
    t = sub.add_parser("totals", help="count the verdicts of a filled TSV")
    t.add_argument("tsv")
    t.add_argument("--by-article", action="store_true")
    args = ap.parse_args(argv)
    if args.cmd == "dump":
        dump(args)
        return 0
    return totals(args)


if __name__ == "__main__":
    sys.exit(main())
