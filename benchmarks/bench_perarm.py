"""Per-arm numbers benchmark: what ``evidence ask`` returns against hand-annotated gold.

For every gold record (``benchmarks/perarm/gold/<PMCID>.json``, see ``perarm/README.md``; and
``../shared/corpus/rct-dev/gold.jsonl``) the record's question (outcome, intervention,
comparator) is asked of the stored article and the per-arm numbers of the answer are scored:

* **exact** — over records whose gold is complete: binary records need events and group size
  on both arms, continuous records mean, SD and group size on both arms, all equal to the gold
  (group size: the answer's ``total`` for the outcome, else the arm's analysed n, else its
  randomised n — the order the annotation rules use);
* **values** — the same records with the values alone exact (events, or mean and SD, on both
  arms), group sizes aside: how much of the gap is the group size;
* **no guess** — over records whose gold leaves some of those numbers empty (the article does
  not report them): the share for which the answer returns no number for any empty field;
* **value precision** — of every number the answer returns for a scored field, the share equal
  to the gold (an empty gold field counts a returned number as wrong).

Records marked ``excluded`` in the gold (composite or pooled questions) are only counted.

Scores are printed per split (``train``, ``validation``; rct-dev is ``dev``) and per format.
Formats are pluggable (:data:`FORMATS`): ``jats`` (the ei-dev JATS in place), ``rct-text``
(rct-dev's text), and ``html``/``pdf``/``pdf-2col`` when ``benchmarks/printed`` (the renderer
that prints the JATS as HTML and PDF) is present.  Extraction is cached per format by the
file's sha256 and the extractor fingerprint (:mod:`benchstore`).

``--diff`` prints each train or dev record that is not exact (gold against answer, field by
field).  Validation prints totals only: it is a frozen check, never read to write rules.  So do
the train draws named under ``held_out`` in ``articles.json`` (when any are): they are
scored as their own ``held-out`` row, an unseen check of rules written on the other train
articles, and ``--diff`` never shows them.

``--articles KEY`` scores only the articles listed under ``KEY`` in ``perarm/articles.json``
(``train`` and ``validation``: the first draw; ``train_more``, ``train_more2`` ...: the further
train draws), e.g. to compare the train articles rules were written
on with train articles added later.

Usage: ``python benchmarks/bench_perarm.py [--format jats,rct-text] [--split train] [--articles train_more] [--diff] [--reuse]``
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import math
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from benchstore import ROOT, SHARED, corpus_store, doc_ids, uptime  # noqa: E402

from corpus.ask import Asker, Question  # noqa: E402

GOLD_DIRS = [HERE / "perarm" / "gold"] + ([Path(os.environ["PERARM_GOLD"])] if os.environ.get("PERARM_GOLD") else [])
EI = SHARED / "corpus" / "ei-dev"
RCT = SHARED / "corpus" / "rct-dev"

BINARY = ("events", "group_size")
CONTINUOUS = ("mean", "standard_deviation", "group_size")
#: gold field -> key of an answer's arm
KEY = {"events": "events", "mean": "mean", "standard_deviation": "sd"}


# --------------------------------------------------------------------------------------------
# Gold
# --------------------------------------------------------------------------------------------
def ei_gold() -> list[dict]:
    """The per-arm gold articles of ei-dev (the first gold folder that has files)."""
    for d in GOLD_DIRS:
        files = sorted(d.glob("PMC*.json")) if d.is_dir() else []
        if files:
            return [json.loads(f.read_text(encoding="utf-8")) for f in files]
    return []


def rct_gold() -> list[dict]:
    out = []
    with open(RCT / "gold.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                out.append({"article": d["id"], "split": "dev", "records": d["records"],
                            "text_file": d["text_file"]})
    return out


# --------------------------------------------------------------------------------------------
# Formats
# --------------------------------------------------------------------------------------------
@dataclass
class Format:
    """One input format: which gold it scores and where each article's file is."""

    name: str
    gold: Callable[[], list[dict]]
    path: Callable[[dict], Optional[Path]]  # a gold article -> its file in this format
    prepare: Optional[Callable[[list[dict]], None]] = None  # e.g. print the PDFs first


def _printed(kind: str) -> Optional[Callable[[dict], Optional[Path]]]:
    """A path function from ``benchmarks/printed`` (``printed.path(article_id, kind)``)."""
    if importlib.util.find_spec("printed") is None:
        return None
    import printed  # type: ignore

    fn = getattr(printed, "path", None)
    if fn is None:
        return None
    return lambda art: fn(EI / "nxml" / f"{art['article']}.nxml", kind)


def formats() -> dict[str, Format]:
    out = {
        "jats": Format("jats", ei_gold, lambda a: EI / "nxml" / f"{a['article']}.nxml"),
        "rct-text": Format("rct-text", rct_gold, lambda a: RCT / a["text_file"]),
    }
    for kind in ("html", "pdf", "pdf-2col"):
        fn = _printed(kind)
        if fn is not None:
            out[kind] = Format(kind, ei_gold, fn)
    return out


# --------------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------------
def _num(s) -> Optional[float]:
    if s is None:
        return None
    if isinstance(s, (int, float)):
        return float(s)
    t = str(s).strip().replace(",", "").replace("−", "-").replace("+", "")
    if not t:
        return None
    try:
        return float(t)
    except ValueError:
        return None


def _same(g: float, v: Optional[float]) -> bool:
    return v is not None and math.isclose(g, v, rel_tol=1e-9, abs_tol=1e-9)


def got_value(arm: Optional[dict], field: str) -> Optional[float]:
    if not arm:
        return None
    if field == "group_size":
        for k in ("total", "n_analyzed", "n_randomized"):
            if arm.get(k) is not None:
                return float(arm[k])
        return None
    v = arm.get(KEY[field])
    return None if v is None else float(v)


def score_record(rec: dict, ans: dict) -> dict:
    """Per-field comparison of one gold record with one answer."""
    fields = BINARY if rec.get("outcome_type") == "binary" else CONTINUOUS
    rows = []
    for side in ("intervention", "comparator"):
        arm = ans.get(f"{side}_arm")
        for f in fields:
            g = _num(rec.get(f"{side}_{f}"))
            v = got_value(arm, f)
            # a group size that is only the arm's size is a number of the arm, not of the outcome
            rows.append((f"{side}_{f}", g, v))
    excluded = bool(rec.get("excluded"))
    complete = all(g is not None for _, g, _ in rows) and not excluded
    empty = any(g is None for _, g, _ in rows) and not excluded
    exact = complete and all(_same(g, v) for _, g, v in rows)
    # the values alone (events, or mean and SD, on both arms), group sizes aside
    values_exact = complete and all(_same(g, v) for n, g, v in rows if not n.endswith("group_size"))
    returned = [(n, g, v) for n, g, v in rows if v is not None]
    return {"complete": complete, "empty": empty, "exact": exact, "values_exact": values_exact, "excluded": excluded,
            "silent": empty and not any(g is None and v is not None for _, g, v in rows),
            "returned": len(returned), "returned_ok": sum(g is not None and _same(g, v) for _, g, v in returned),
            "rows": rows}


def article_list(key: str) -> set[str]:
    """The article ids listed under ``key`` in ``perarm/articles.json``."""
    listed = json.loads((HERE / "perarm" / "articles.json").read_text(encoding="utf-8"))
    ids = listed.get(key)
    if not isinstance(ids, list):
        keys = ", ".join(k for k, v in listed.items() if isinstance(v, list))
        sys.exit(f"no article list {key!r} in perarm/articles.json (lists: {keys})")
    return set(ids)


def held_out() -> set[str]:
    """Train articles kept as an unseen check (the lists named under ``held_out`` in
    ``perarm/articles.json``): scored as their own ``held-out`` row, never shown by ``--diff``."""
    listed = json.loads((HERE / "perarm" / "articles.json").read_text(encoding="utf-8"))
    out: set[str] = set()
    for key in listed.get("held_out", []):
        out.update(listed.get(key, []))
    return out


def run_format(fmt: Format, *, reuse: bool, workers: int, diff: bool, limit_split: Optional[str],
               only: Optional[set[str]] = None) -> list[dict]:
    arts = fmt.gold()
    unseen = held_out()
    if not arts:
        print(f"== {fmt.name}: no gold found ({', '.join(str(d) for d in GOLD_DIRS)})")
        return []
    if fmt.prepare:
        fmt.prepare(arts)
    paths = {}
    for a in arts:
        p = fmt.path(a)
        if p is not None and Path(p).is_file():
            paths[a["article"]] = Path(p)
    store = corpus_store(f"perarm-{fmt.name}", sorted(paths.values()), workers=workers, reuse=reuse)
    ids = doc_ids(store)
    asker = Asker(store)
    results = []
    t0 = time.perf_counter()
    nq = 0
    for a in arts:
        split = a.get("split", "dev")
        if limit_split and split != limit_split:
            continue
        if split == "train" and a["article"] in unseen:
            split = "held-out"
        if only is not None and a["article"] not in only:
            continue
        did = ids.get(Path(paths[a["article"]]).stem) if a["article"] in paths else None
        for rec in a["records"]:
            if did is None:
                ans = {}
            else:
                ans = asker.answer(Question(str(did), rec["outcome"], rec["intervention"], rec["comparator"]))
                nq += 1
            s = score_record(rec, ans)
            s.update(split=split, article=a["article"], kind=rec.get("outcome_type"), rec=rec, ans=ans,
                     format=fmt.name)
            results.append(s)
    dt = time.perf_counter() - t0
    report(fmt.name, results)
    print(f"  ({nq} questions answered in {dt:.1f} s; {uptime()})")
    if diff:
        print_diffs([r for r in results if r["split"] not in ("validation", "held-out")])
    return results


def report(name: str, results: list[dict]) -> None:
    splits = [s for s in ("train", "held-out", "validation", "dev") if any(r["split"] == s for r in results)]
    print(f"== {name}")
    print(f"  {'split':11s} {'kind':11s} {'exact':>14s} {'values':>14s} {'no-guess':>14s} {'value-prec':>14s} {'excluded':>9s}")
    for sp in splits:
        for kind in ("binary", "continuous"):
            every = [r for r in results if r["split"] == sp and r["kind"] == kind]
            rs = [r for r in every if not r["excluded"]]
            if not every:
                continue
            comp = [r for r in rs if r["complete"]]
            emp = [r for r in rs if r["empty"]]
            ret = sum(r["returned"] for r in rs)
            ok = sum(r["returned_ok"] for r in rs)
            ex = sum(r["exact"] for r in comp)
            vx = sum(r["values_exact"] for r in comp)
            si = sum(r["silent"] for r in emp)
            print(f"  {sp:11s} {kind:11s} {_rate(ex, len(comp)):>14s} {_rate(vx, len(comp)):>14s} {_rate(si, len(emp)):>14s} "
                  f"{_rate(ok, ret):>14s} {len(every) - len(rs):>9d}")


def _rate(a: int, b: int) -> str:
    return f"{a}/{b} {a / b:.3f}" if b else "-"


def print_diffs(results: list[dict]) -> None:
    for r in results:
        if r["excluded"] or r["exact"] or (r["empty"] and r["silent"]):
            continue
        rec, ans = r["rec"], r["ans"]
        print(f"\n- {r['article']} [{r['kind']}] {rec['outcome']} | {rec['intervention']} | {rec['comparator']}")
        o = ans.get("outcome_name")
        print(f"  matched outcome: {o!r} at {ans.get('timepoint')!r}; arms: "
              f"{(ans.get('intervention_arm') or {}).get('label')!r} vs {(ans.get('comparator_arm') or {}).get('label')!r}")
        for name, g, v in r["rows"]:
            mark = "ok" if (g is None and v is None) or (g is not None and _same(g, v)) else "XX"
            print(f"    {mark} {name:34s} gold {'' if g is None else f'{g:g}':>10s}   got {'' if v is None else f'{v:g}':>10s}")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--format", default=None, help="comma-separated formats (default: all available)")
    ap.add_argument("--diff", action="store_true", help="print the train/dev records that are not exact")
    ap.add_argument("--reuse", action="store_true", help="reuse the newest cached stores")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--split", choices=("train", "validation", "dev"))
    ap.add_argument("--articles", metavar="KEY",
                    help="score only the articles listed under KEY in perarm/articles.json (e.g. train, train_more, train_more4)")
    args = ap.parse_args(argv)
    only = article_list(args.articles) if args.articles else None
    fmts = formats()
    names = args.format.split(",") if args.format else list(fmts)
    for n in names:
        if n not in fmts:
            sys.exit(f"unknown format {n!r} (available: {', '.join(fmts)})")
        run_format(fmts[n], reuse=args.reuse, workers=args.workers, diff=args.diff,
                   limit_split=args.split, only=only)


if __name__ == "__main__":
    main()
