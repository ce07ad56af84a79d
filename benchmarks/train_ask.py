"""Train the shipped models of ``evidence ask`` from ei-dev ``train`` prompts only.

* **Sentence ranker** — logistic regression over :func:`extractor.compare.model.rank_features`
  of every candidate sentence of a question's article; a sentence is a positive when it
  overlaps an annotator's evidence string with token F1 >= 0.5.
* **Direction classifier** — multinomial logistic regression over
  :func:`extractor.compare.model.direction_features` (arms and outcome masked) of the
  annotators' evidence strings and of the stored sentences that match them, labelled with the
  prompt's majority label.

Regularisation is chosen by 5-fold cross-validation grouped by article, within ``train``
(``validation`` is never read here).  The weights are written as JSON (feature names and
coefficients, rounded; small features pruned) to ``extractor/data/compare/model.json``.

Needs the ``[train]`` extra (scikit-learn).  Usage:
``python benchmarks/train_ask.py [--reuse] [--out PATH] [--cv]``
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ask import ei_store, prompts, question  # noqa: E402
from benchstore import doc_ids  # noqa: E402

from corpus.ask import Asker  # noqa: E402
from extractor.compare import model as M  # noqa: E402
from extractor.compare.direction import LABELS  # noqa: E402
from extractor.compare.text import token_f1  # noqa: E402


def collect(store, items, ids):
    asker = Asker(store, model=None)
    rank_rows, dir_rows = [], []
    for p in items:
        if p["article"] not in ids:
            continue
        q = question(p, ids)
        idx = asker.index(int(q.doc))
        ai, ac, _ = __import__("corpus.ask", fromlist=["_match_arms"])._match_arms(idx, q)
        terms = asker._terms(idx, q, ai, ac)
        ranked = asker.rank(idx, q, terms)
        group = p["article"]
        best = None
        for score, s, f in ranked[:60]:
            pos = max((token_f1(s.text, g) for g in p["evidence"]), default=0.0)
            x = M.rank_features(f, s.section, s.text)
            rank_rows.append((x, int(pos >= 0.5), group, p["prompt_id"]))
            if pos >= 0.5 and (best is None or pos > best[0]):
                best = (pos, s.text)
        texts = list(dict.fromkeys(p["evidence"]))
        if best is not None and best[1] not in texts:
            texts.append(best[1])
        for t in texts:
            dir_rows.append((M.direction_features(t, terms, p["outcome"]), p["label"], group, p["prompt_id"]))
    return rank_rows, dir_rows


def fit_ranker(rows, C):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    X = vec.fit_transform([r[0] for r in rows])
    y = [r[1] for r in rows]
    clf = LogisticRegression(C=C, max_iter=2000, class_weight="balanced")
    clf.fit(X, y)
    return vec, clf


def fit_direction(rows, C):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    X = vec.fit_transform([r[0] for r in rows])
    y = [r[1] for r in rows]
    clf = LogisticRegression(C=C, max_iter=3000)
    clf.fit(X, y)
    return vec, clf


def cv_ranker(rows, Cs):
    """Top-1 hit rate per question of each C, 5 folds grouped by article."""
    from sklearn.model_selection import GroupKFold

    groups = [r[2] for r in rows]
    out = {}
    for C in Cs:
        hits = total = 0
        for tr, te in GroupKFold(5).split(rows, groups=groups):
            vec, clf = fit_ranker([rows[i] for i in tr], C)
            test = [rows[i] for i in te]
            sc = clf.decision_function(vec.transform([r[0] for r in test]))
            best = {}
            for r, s in zip(test, sc):
                if r[3] not in best or s > best[r[3]][0]:
                    best[r[3]] = (s, r[1])
            hits += sum(v[1] for v in best.values())
            total += len(best)
        out[C] = hits / max(total, 1)
    return out


def cv_direction(rows, Cs):
    """Macro-F1 on the annotators' evidence strings, 5 folds grouped by article."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import GroupKFold

    groups = [r[2] for r in rows]
    out = {}
    for C in Cs:
        ys, ps = [], []
        for tr, te in GroupKFold(5).split(rows, groups=groups):
            vec, clf = fit_direction([rows[i] for i in tr], C)
            test = [rows[i] for i in te]
            ps += list(clf.predict(vec.transform([r[0] for r in test])))
            ys += [r[1] for r in test]
        out[C] = f1_score(ys, ps, average="macro")
    return out


def export(rank_vec, rank_clf, dir_vec, dir_clf, *, prune: float = 0.01) -> dict:
    names = rank_vec.get_feature_names_out()
    ranker = {"features": list(names), "coef": [round(float(w), 5) for w in rank_clf.coef_[0]],
              "intercept": round(float(rank_clf.intercept_[0]), 5)}
    classes = list(dir_clf.classes_)
    W = dir_clf.coef_  # classes x features
    feats, coefs = [], []
    for j, name in enumerate(dir_vec.get_feature_names_out()):
        col = [float(W[k, j]) for k in range(len(classes))]
        if max(abs(c) for c in col) < prune:
            continue
        feats.append(name)
        coefs.append([round(c, 4) for c in col])
    direction = {"classes": classes, "features": feats, "coef": coefs,
                 "intercept": [round(float(b), 5) for b in dir_clf.intercept_]}
    return {"about": "evidence ask: sentence ranker and direction classifier, logistic regression "
                     "trained by benchmarks/train_ask.py on ei-dev train prompts",
            "ranker": ranker, "direction": direction, "top_k": 1, "min_confidence": 0.0}


def cv_pipeline(store, items, ids, rank_rows, dir_rows, rank_c, dir_c,
                modes=(("model", 1), ("model", 2), ("model", 3), ("rules_first", 1))):
    """End-to-end macro-F1 and evidence top-1 of each answering mode, 5 folds grouped by
    article within train: the models of a fold never saw its articles."""
    from sklearn.model_selection import GroupKFold

    from bench_ask import run, score

    arts = sorted({p["article"] for p in items})
    folds = list(GroupKFold(5).split(arts, groups=arts))
    res = {m: [] for m in modes}
    for tr, te in folds:
        train_arts = {arts[i] for i in tr}
        rv, rclf = fit_ranker([r for r in rank_rows if r[2] in train_arts], rank_c)
        dv, dclf = fit_direction([r for r in dir_rows if r[2] in train_arts], dir_c)
        data = export(rv, rclf, dv, dclf)
        test = [p for p in items if p["article"] not in train_arts]
        for mode in modes:
            data["mode"], data["top_k"] = mode
            asker = Asker(store, model=M.Model(data))
            res[mode] += run(asker, test, ids)
    for mode, rows in res.items():
        s = score(rows)
        print(f"CV pipeline {str(mode):18s}: macro-F1 {s['macro_f1']:.3f} answered {s['answered']:.3f} "
              f"evidence top-1 {s['evidence_top1']:.3f}")
    return res


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reuse", action="store_true")
    ap.add_argument("--cv", action="store_true", help="choose C by grouped cross-validation")
    ap.add_argument("--rank-c", type=float, default=1.0)
    ap.add_argument("--dir-c", type=float, default=1.0)
    ap.add_argument("--out", default=str(M.MODEL_PATH))
    ap.add_argument("--cv-pipeline", action="store_true", help="score answering end to end by CV")
    ap.add_argument("--mode", default="model", choices=("model", "rules_first"))
    ap.add_argument("--top-k", type=int, default=1, help="sentences the classifier reads")
    args = ap.parse_args(argv)
    store = ei_store(reuse=args.reuse)
    ids = doc_ids(store)
    items = [p for p in prompts() if p["split"] == "train"]
    t0 = time.perf_counter()
    rank_rows, dir_rows = collect(store, items, ids)
    print(f"{len(rank_rows)} ranking rows ({sum(r[1] for r in rank_rows)} positive), "
          f"{len(dir_rows)} direction rows {dict(Counter(r[1] for r in dir_rows))} "
          f"in {time.perf_counter() - t0:.0f} s")
    rank_c, dir_c = args.rank_c, args.dir_c
    if args.cv:
        rc = cv_ranker(rank_rows, [0.1, 1.0, 10.0])
        print("ranker CV top-1:", {k: round(v, 3) for k, v in rc.items()})
        rank_c = max(rc, key=rc.get)
        dc = cv_direction(dir_rows, [0.03, 0.1, 0.3])
        print("direction CV macro-F1:", {k: round(v, 3) for k, v in dc.items()})
        dir_c = max(dc, key=dc.get)
    if args.cv_pipeline:
        cv_pipeline(store, items, ids, rank_rows, dir_rows, rank_c, dir_c)
    rv, rclf = fit_ranker(rank_rows, rank_c)
    dv, dclf = fit_direction(dir_rows, dir_c)
    data = export(rv, rclf, dv, dclf)
    data["mode"], data["top_k"] = args.mode, args.top_k
    data["trained"] = {"rank_c": rank_c, "dir_c": dir_c, "prompts": len(items)}
    Path(args.out).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {args.out}: {len(data['direction']['features'])} direction features, "
          f"{Path(args.out).stat().st_size / 1024:.0f} KiB; classes {LABELS}")


if __name__ == "__main__":
    main()
