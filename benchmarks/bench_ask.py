"""Benchmark of ``evidence ask`` on Evidence Inference (``../shared/corpus/ei-dev``).

Extracts the ei-dev articles (PMC JATS, read in place; the store is cached under
``benchmarks/out/`` by extractor fingerprint, see :mod:`benchstore`), answers every prompt
(outcome, intervention, comparator) and prints, for ``train`` and ``validation`` separately:

* macro-F1 over the three labels, every question counted (an unanswered one is wrong);
* evidence top-1: the first evidence quote overlaps an annotator's evidence string with token
  F1 >= 0.5; recall@3: one of the first three does;
* per-label precision and recall, and the share of questions answered;

then the time to answer a batch of 250 questions over about 90 stored articles on one core
(a fresh :class:`corpus.ask.Asker`, documents read from the store as a user's batch would).

``validation`` is frozen: scored, never read.  ``--errors N`` prints N wrong train answers
(never validation ones).  The train figures are in-sample for the shipped model (it was
trained on train); ``benchmarks/train_ask.py`` prints the cross-validated ones.

Usage: ``python benchmarks/bench_ask.py [--no-model] [--reuse] [--errors N] [--workers N]``
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchstore import SHARED, corpus_store, doc_ids, uptime  # noqa: E402

from corpus.ask import Asker, Question  # noqa: E402
from extractor.compare.direction import LABELS  # noqa: E402
from extractor.compare.text import token_f1  # noqa: E402

EI = SHARED / "corpus" / "ei-dev"


def prompts() -> list[dict]:
    with open(EI / "prompts.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def ei_store(workers: int = 1, reuse: bool = False):
    return corpus_store("ei-dev", sorted((EI / "nxml").glob("*.nxml")), workers=workers, reuse=reuse)


def question(p: dict, ids: dict[str, int]) -> Question:
    return Question(str(ids[p["article"]]), p["outcome"], p["intervention"], p["comparator"],
                    {"prompt_id": p["prompt_id"]})


def evidence_hit(answer: dict, gold: list[str], k: int = 1) -> bool:
    """One of the first ``k`` evidence quotes overlaps an annotator's evidence string with
    token F1 >= 0.5."""
    ev = (answer.get("evidence") or [])[:k]
    return any(token_f1(e["quote"], g) >= 0.5 for e in ev for g in gold)


def label_scores(pairs) -> dict:
    """``{label: (precision, recall, F1, n gold)}`` of ``(gold, answer)`` pairs; an unanswered
    question (``None``) counts against its gold label's recall."""
    tp, fp, fn = Counter(), Counter(), Counter()
    for gold, got in pairs:
        if got == gold:
            tp[gold] += 1
        else:
            fn[gold] += 1
            if got is not None:
                fp[got] += 1
    per = {}
    for lab in LABELS:
        prec = tp[lab] / (tp[lab] + fp[lab]) if tp[lab] + fp[lab] else 0.0
        rec = tp[lab] / (tp[lab] + fn[lab]) if tp[lab] + fn[lab] else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[lab] = (prec, rec, f1, tp[lab] + fn[lab])
    return per


def score(rows: list[tuple[dict, dict]]) -> dict:
    """Macro-F1 (unanswered = wrong), per-label P/R, answered share, evidence top-1."""
    per = label_scores((p["label"], a.get("answer")) for p, a in rows)
    n = max(len(rows), 1)
    right = sum(a.get("answer") == p["label"] for p, a in rows)
    return {"n": len(rows), "macro_f1": sum(v[2] for v in per.values()) / len(per),
            "accuracy": right / n, "answered": sum(a.get("answer") is not None for _, a in rows) / n,
            "evidence_top1": sum(evidence_hit(a, p["evidence"]) for p, a in rows) / n,
            "evidence_recall3": sum(evidence_hit(a, p["evidence"], 3) for p, a in rows) / n,
            "per_label": per}


def print_score(name: str, s: dict) -> None:
    print(f"== {name}: {s['n']} questions")
    print(f"  macro-F1 {s['macro_f1']:.3f}   accuracy {s['accuracy']:.3f}   answered {s['answered']:.3f}"
          f"   evidence top-1 {s['evidence_top1']:.3f}   recall@3 {s['evidence_recall3']:.3f}")
    for lab, (p, r, f, n) in s["per_label"].items():
        print(f"  {lab:28s} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (n={n})")


def run(asker: Asker, items: list[dict], ids: dict[str, int]) -> list[tuple[dict, dict]]:
    out = []
    for p in items:
        if p["article"] not in ids:
            out.append((p, {}))
            continue
        out.append((p, asker.answer(question(p, ids))))
    return out


def speed(store, items: list[dict], ids: dict[str, int], model) -> None:
    """250 questions over about 90 articles, answered from a fresh Asker."""
    by_article = defaultdict(list)
    for p in items:
        if p["article"] in ids:
            by_article[p["article"]].append(p)
    arts = sorted(by_article)
    random.Random(7).shuffle(arts)
    batch, used = [], 0
    for a in arts:
        if len(batch) >= 250:
            break
        batch += by_article[a]
        used += 1
    batch = batch[:250]
    asker = Asker(store, model=model)
    t0 = time.perf_counter()
    for p in batch:
        asker.answer(question(p, ids))
    dt = time.perf_counter() - t0
    print(f"== speed: {len(batch)} questions over {used} articles in {dt:.2f} s "
          f"({len(batch) / dt:.1f} questions/s, one process; {uptime()})")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--no-model", action="store_true", help="rules only")
    ap.add_argument("--reuse", action="store_true", help="reuse the newest cached store")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--errors", type=int, default=0, help="print N wrong train answers")
    ap.add_argument("--split", choices=("train", "validation", "both"), default="both")
    ap.add_argument("--json", help="write the per-question train answers here")
    args = ap.parse_args(argv)
    store = ei_store(args.workers, args.reuse)
    ids = doc_ids(store)
    model = None if args.no_model else "auto"
    asker = Asker(store, model=model)
    if asker.model is None and not args.no_model:
        print("note: no shipped model found; rules only", file=sys.stderr)
    all_p = prompts()
    print(f"store {Path(store.path).name}: {len(ids)} documents; model: "
          f"{'none (rules)' if asker.model is None else 'shipped'}")
    for split in ("train", "validation"):
        if args.split not in (split, "both"):
            continue
        items = [p for p in all_p if p["split"] == split]
        t0 = time.perf_counter()
        rows = run(asker, items, ids)
        print_score(split, score(rows))
        print(f"  ({time.perf_counter() - t0:.1f} s)")
        if split == "train" and args.errors:
            wrong = [(p, a) for p, a in rows if a.get("answer") != p["label"]]
            random.Random(1).shuffle(wrong)
            for p, a in wrong[:args.errors]:
                ev = (a.get("evidence") or [{}])[0].get("quote", "") if a.get("evidence") else ""
                print(f"\n- {p['prompt_id']} {p['article']}: {p['outcome']} | {p['intervention']} | {p['comparator']}")
                print(f"  gold {p['label']}; got {a.get('answer')} ({a.get('why')})")
                print(f"  top: {' '.join(ev.split())[:300]}")
                print(f"  gold ev: {' '.join(p['evidence'][0].split())[:300]}")
        if split == "train" and args.json:
            with open(args.json, "w", encoding="utf-8") as fh:
                for p, a in rows:
                    fh.write(json.dumps({"prompt": p, "answer": a}, ensure_ascii=False) + "\n")
    speed(store, [p for p in all_p if p["split"] == "validation"] + [p for p in all_p if p["split"] == "train"],
          ids, model)


if __name__ == "__main__":
    main()
