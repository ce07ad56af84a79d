"""Train the confidence model of ``evidence ask``'s per-arm numbers (``corpus/data/numbers_confidence.json``).

Reads the table of ``confidence_dump.py`` (one row per per-arm train gold question whose answer
returns numbers; re-dumped first unless ``--no-dump``), keeps the rows with numbers the gold
scores, and fits a logistic regression (scikit-learn, the ``[train]`` extra; L2, standardised
features) of ``right`` (every returned number equals the gold) on a handful of features
(:data:`USE`).

The threshold is chosen on **out-of-fold** predictions of a 5-fold cross-validation grouped by
article (an article's questions are all in one fold), by a criterion fixed before any result was
seen: the threshold that maximises

    numbers right kept  -  K * numbers wrong kept        (K = 3)

over the answers kept (a wrong number costs a reviewer three right ones: it must be found and
undone; a withheld one is looked up).  The final model is fitted on every row and shipped with
that threshold, lowered if need be so that no answer of rct-dev's text whose numbers are exact
is withheld (``rct-dev`` must not lose exact answers: a constraint, not a target; it can only
withhold less).  The script prints the CV curve (threshold -> value precision, numbers kept,
exact records kept) and the per-fold figures at the chosen threshold.

Validation and the held-out train draws are never dumped nor read here.

Usage: ``python benchmarks/train_confidence.py [--no-dump] [--out corpus/data/numbers_confidence.json]``
(retrain after the extractor or ask change: the dump reads the newest cached JATS store, so
run ``bench_perarm.py --format jats`` first to refresh it).
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

#: the features the model reads (of :data:`corpus.confidence.FEATURES`), fixed before fitting
USE = ("score", "margin", "miss_share", "table", "sentence", "derived", "sides_named", "many_arms", "own_total",
       "whole", "continuous", "pct_fits", "size_off", "spread", "mean_ratio", "places", "same_name")
K = 3.0
FOLDS = 5
SEED = 0


def load(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    for r in rows:
        for k in ("returned", "returned_ok", "right", "complete", "exact"):
            r[k] = int(r[k])
        for k in USE:
            r[k] = float(r[k])
    return [r for r in rows if r["returned"] > 0]


def utility(rows, probs, t) -> tuple[float, int, int, int]:
    ok = sum(r["returned_ok"] for r, p in zip(rows, probs) if p >= t)
    bad = sum(r["returned"] - r["returned_ok"] for r, p in zip(rows, probs) if p >= t)
    exact = sum(r["exact"] for r, p in zip(rows, probs) if p >= t)
    return ok - K * bad, ok, bad, exact


def fit(X, y):
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    sc = StandardScaler().fit(X)
    lr = LogisticRegression(C=1.0, max_iter=2000).fit(sc.transform(X), y)
    return sc, lr


def dev_cap(prob) -> float | None:
    """Just below the lowest confidence ``prob`` gives an rct-dev text answer whose numbers are
    exact (None when there is none)."""
    import bench_perarm as B
    from benchstore import corpus_store, doc_ids

    from corpus.ask import Asker, Question

    fmt = B.formats()["rct-text"]
    arts = fmt.gold()
    store = corpus_store("perarm-rct-text", [fmt.path(a) for a in arts], reuse=True, quiet=True)
    ids = doc_ids(store)
    asker = Asker(store, confidence=None)
    low = None
    for a in arts:
        did = ids.get(Path(fmt.path(a)).stem)
        for rec in a["records"] if did is not None else ():
            ans = asker.answer(Question(str(did), rec["outcome"], rec["intervention"], rec["comparator"]))
            if asker.last_features is not None and B.score_record(rec, ans)["exact"]:
                p = prob(asker.last_features)
                low = p if low is None else min(low, p)
    return None if low is None else low - 1e-3


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--table", default=str(HERE / "out" / "confidence-train.tsv"))
    ap.add_argument("--no-dump", action="store_true", help="read the existing table")
    ap.add_argument("--out", default=str(ROOT / "corpus" / "data" / "numbers_confidence.json"))
    args = ap.parse_args(argv)
    if not args.no_dump:
        import confidence_dump

        confidence_dump.main(["--out", args.table])
    import numpy as np

    rows = load(Path(args.table))
    X = np.array([[r[k] for k in USE] for r in rows])
    y = np.array([r["right"] for r in rows])
    groups = np.array([r["article"] for r in rows])
    # folds of whole articles, shuffled by a fixed seed
    arts = sorted(set(groups))
    rng = np.random.default_rng(SEED)
    rng.shuffle(arts)
    fold_of = {a: i % FOLDS for i, a in enumerate(arts)}
    fold = np.array([fold_of[a] for a in groups])
    oof = np.zeros(len(rows))
    for k in range(FOLDS):
        tr, te = fold != k, fold == k
        sc, lr = fit(X[tr], y[tr])
        oof[te] = lr.predict_proba(sc.transform(X[te]))[:, 1]
    total_ok = sum(r["returned_ok"] for r in rows)
    total = sum(r["returned"] for r in rows)
    exact_all = sum(r["exact"] for r in rows)
    print(f"{len(rows)} answers with scored numbers from {len(arts)} train articles: "
          f"{sum(y)} right; numbers {total_ok}/{total} = {total_ok / total:.3f}; exact records {exact_all}")
    print("CV (out-of-fold, grouped by article): threshold -> value precision, numbers kept, exact kept, utility")
    best = (utility(rows, oof, 0.0)[0], 0.0)
    for t in [i / 20 for i in range(0, 20)]:
        u, ok, bad, ex = utility(rows, oof, t)
        prec = ok / (ok + bad) if ok + bad else float("nan")
        print(f"  {t:4.2f}  precision {ok}/{ok + bad} = {prec:.3f}   exact {ex}/{exact_all}   utility {u:+.0f}")
    for t in sorted(set(np.round(oof, 4))):
        u = utility(rows, oof, t)[0]
        if u > best[0]:
            best = (u, float(t))
    # the middle of the gap between the chosen cut and the prediction just below it
    below = [p for p in oof if p < best[1]]
    thr = (best[1] + max(below)) / 2 if below else 0.0
    u, ok, bad, ex = utility(rows, oof, thr)
    print(f"chosen threshold {thr:.3f} (criterion: right - {K:g} x wrong numbers kept, on CV): "
          f"precision {ok}/{ok + bad} = {ok / max(ok + bad, 1):.3f}, exact {ex}/{exact_all}, utility {u:+.0f} "
          f"(keep all: {utility(rows, oof, 0.0)[0]:+.0f})")
    print("per fold at that threshold: kept precision / exact kept (all: precision / exact)")
    for k in range(FOLDS):
        fr = [r for r, f in zip(rows, fold) if f == k]
        fp = [p for p, f in zip(oof, fold) if f == k]
        _, ok, bad, ex = utility(fr, fp, thr)
        _, ok0, bad0, ex0 = utility(fr, fp, 0.0)
        print(f"  fold {k}: {ok}/{ok + bad} = {ok / max(ok + bad, 1):.3f}, exact {ex}/{ex0}   "
              f"(all {ok0}/{ok0 + bad0} = {ok0 / max(ok0 + bad0, 1):.3f})")
    sc, lr = fit(X, y)
    cap = dev_cap(lambda f: float(lr.predict_proba(sc.transform(np.array([[f[k] for k in USE]])))[0, 1]))
    if cap is not None and cap <= thr:
        thr = cap
        u, ok, bad, ex = utility(rows, oof, thr)
        print(f"threshold lowered to {thr:.3f} (an exact rct-dev answer scores {cap + 1e-3:.3f}): CV precision "
              f"{ok}/{ok + bad} = {ok / max(ok + bad, 1):.3f}, exact {ex}/{exact_all}, utility {u:+.0f}")
    for name, c in sorted(zip(USE, lr.coef_[0]), key=lambda x: x[1]):
        print(f"  {name:14s} {c:+.3f}")
    data = {
        "about": "evidence ask: confidence that the per-arm numbers of an answer are right; logistic regression "
                 "trained by benchmarks/train_confidence.py on the per-arm gold of ei-dev train",
        "features": list(USE),
        "mean": [round(float(x), 6) for x in sc.mean_],
        "scale": [round(float(x), 6) for x in sc.scale_],
        "coef": [round(float(x), 6) for x in lr.coef_[0]],
        "intercept": round(float(lr.intercept_[0]), 6),
        "threshold": round(thr, 4),
        "trained": {"date": time.strftime("%Y-%m-%d"), "rows": len(rows), "articles": len(arts),
                    "right": int(sum(y)), "criterion": f"max right - {K:g} x wrong numbers kept, "
                    f"{FOLDS}-fold CV grouped by article (seed {SEED}); lowered to withhold no exact "
                    f"rct-dev text answer" if cap is not None and cap <= best[1] else
                    f"max right - {K:g} x wrong numbers kept, {FOLDS}-fold CV grouped by article (seed {SEED})",
                    "cv_at_threshold": {"numbers_right": ok, "numbers_wrong": bad, "exact_kept": ex,
                                        "exact_all": exact_all, "numbers_right_all": total_ok,
                                        "numbers_all": total}},
    }
    Path(args.out).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"-> {args.out}")


if __name__ == "__main__":
    main()
