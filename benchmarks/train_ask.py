"""Train the shipped models of ``evidence ask`` from ei-dev ``train`` prompts only.

* **Sentence ranker** — logistic regression over :func:`extractor.compare.model.rank_features`
  of every candidate sentence of a question's article; a sentence is a positive when it
  overlaps an annotator's evidence string with token F1 >= 0.5.
* **Re-ranker** — gradient-boosted trees over
  :func:`extractor.compare.model.rerank_features` of the rules' best ``MAX_CANDIDATES``
  candidates, with the same positives: pointwise (scikit-learn's
  ``HistGradientBoostingClassifier``) or a ranker of each question's candidates (LightGBM's
  LambdaMART, ``"objective": "lambdarank"``); the learner and its settings are chosen among
  ``RERANK_GRID`` by evidence top-1 in grouped cross-validation (printed by fold), the trees
  are exported as plain JSON either way, and it orders the sentences the classifier reads.
* **Direction classifier** — multinomial logistic regression over
  :func:`extractor.compare.model.direction_features` (the rule reading's structured parts —
  significance, comparative and how its subject arm was found, each arm's value ("a vs b" given
  to the arms by their names, the comparison's subject or the order they are named in; values
  in written order when no arm is named), the effect estimate's side of its null — word n-grams
  with the arms and outcome masked, and the stored effect's finding for the question's outcome,
  apart when the sentence is significant without a direction) of the annotators' evidence
  strings and of the stored sentences that match them, labelled with the prompt's majority label.
* **Combination** — how many of the best-ranked sentences are read (``top_k``), how their
  readings are weighted (``temperature`` over the rank scores) and how much the stored
  effect's finding adds (``stored_weight``), chosen on out-of-fold predictions.

Everything is chosen by 5-fold cross-validation grouped by article, within ``train``
(``validation`` is never read here); the script prints the cross-validated figures (evidence
top-1 and recall@3, macro-F1, per-label F1, share answered).  The weights are written as JSON
(feature names and coefficients, rounded; small features pruned) to
``extractor/data/compare/model.json``.

Needs the ``[train]`` extra (scikit-learn, LightGBM).  Usage:
``python benchmarks/train_ask.py [--reuse] [--out PATH] [--errors N] [--no-write]``
"""
from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import math
import os
import pickle
import random
import sys
import time
from collections import Counter
from pathlib import Path

# one thread for scikit-learn's OpenMP loops: on a shared machine two spinning threads per
# process are slower than one (set OMP_NUM_THREADS to use more)
os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ask import ei_store, label_scores, prompts, question  # noqa: E402
from benchstore import doc_ids  # noqa: E402

from corpus.ask import Asker  # noqa: E402
from extractor.compare import model as M  # noqa: E402
from extractor.compare.direction import LABELS  # noqa: E402
from extractor.compare.text import token_f1  # noqa: E402

MAX_CANDIDATES = 120
FOLDS = 5


def collect(store, items, ids):
    """One record per answerable train prompt: the candidates' ranking features and whether
    each is evidence, the question's terms, the stored finding, and direction rows."""
    asker = Asker(store, model=None)
    asker.all_features = True
    recs = []
    for p in items:
        if p["article"] not in ids:
            continue
        q = question(p, ids)
        idx = asker.index(int(q.doc))
        ctx = asker.prepare(idx, q)
        cands = []
        for _, s, f in ctx["ranked"][:MAX_CANDIDATES]:
            hit = max((token_f1(s.text, g) for g in p["evidence"]), default=0.0)
            cands.append({"x": M.rank_features(f, s.section, s.text), "pos": int(hit >= 0.5),
                          "xr": M.rerank_features(f, s.section, s.text), "text": s.text,
                          "sec": s.section, "header": s.header})
        stored = ctx["stored"][0] if ctx["stored"] is not None else None
        recs.append({"p": p, "group": p["article"], "terms": ctx["terms"], "cands": cands,
                     "stored": stored})
    return recs


FLIP = {"significantly increased": "significantly decreased",
        "significantly decreased": "significantly increased"}


def swapped(terms):
    """The question asked the other way round: intervention and comparator exchanged."""
    return dataclasses.replace(terms, I=terms.C, C=terms.I, c_is_control=terms.i_is_control,
                               i_is_control=terms.c_is_control, i_labels=terms.c_labels,
                               c_labels=terms.i_labels)


def direction_rows(recs, augment=False, near=0, near_weight=0.3):
    """Direction rows ``(features, label, article, weight)`` of the evidence strings and
    matching candidates; with ``augment`` each also asked the other way round (arms exchanged,
    an increase read as a decrease); ``near`` adds the best-ranked candidates that are not
    evidence (weighted ``near_weight``): the classifier reads such sentences when answering."""
    rows = []
    for r in recs:
        p = r["p"]
        texts = dict.fromkeys(p["evidence"])
        for c in r["cands"]:
            if c["pos"] and c["text"] not in texts:
                texts[c["text"]] = c.get("header")
        for t, header in texts.items():
            rows.append((M.direction_features(t, r["terms"], p["outcome"], header, r["stored"]), p["label"],
                         r["group"], 1.0))
            if augment and (r["terms"].I or r["terms"].C):
                rows.append((M.direction_features(t, swapped(r["terms"]), p["outcome"], header,
                                                  FLIP.get(r["stored"], r["stored"])),
                             FLIP.get(p["label"], p["label"]), r["group"], 1.0))
        if near:
            for i, c in enumerate([c for c in r["cands"] if not c["pos"]][:near]):
                rows.append((_dir_x(r, r["cands"].index(c)), p["label"], r["group"], near_weight))
    return rows


def fit(X_dicts, y, C, balanced=False, weights=None):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    X = vec.fit_transform(X_dicts)
    clf = LogisticRegression(C=C, max_iter=3000, class_weight="balanced" if balanced else None)
    clf.fit(X, y, sample_weight=weights)
    return vec, clf


BALANCED = False  # --balanced: the direction classes weighted by their inverse frequency


def fit_direction(rows, C):
    return fit([d[0] for d in rows], [d[1] for d in rows], C, balanced=BALANCED,
               weights=[d[3] for d in rows])


def fit_ranker(recs, C, pairwise=False, neg_per_pos=8, seed=0):
    """The sentence ranker: pointwise (every candidate a row, evidence positive) or pairwise
    (the difference of an evidence candidate and another candidate of the same question)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    if not pairwise:
        return fit([c["x"] for r in recs for c in r["cands"]], [c["pos"] for r in recs for c in r["cands"]],
                   C, balanced=True)
    vec = DictVectorizer()
    vec.fit([c["x"] for r in recs for c in r["cands"]])
    rng = random.Random(seed)
    rows_a, rows_b = [], []
    for r in recs:
        pos = [c for c in r["cands"] if c["pos"]]
        neg = [c for c in r["cands"] if not c["pos"]]
        if not pos or not neg:
            continue
        for c in pos:
            for n in rng.sample(neg, min(len(neg), neg_per_pos)):
                rows_a.append(c["x"])
                rows_b.append(n["x"])
    A, B = vec.transform(rows_a), vec.transform(rows_b)
    import scipy.sparse as sp

    X = sp.vstack([A - B, B - A])
    y = [1] * A.shape[0] + [0] * A.shape[0]
    clf = LogisticRegression(C=C, max_iter=3000, fit_intercept=False)
    clf.fit(X, y)
    return vec, clf


RERANK_GRID = ({"max_iter": 100, "max_leaf_nodes": 15, "learning_rate": 0.1, "min_samples_leaf": 40},
               {"max_iter": 200, "max_leaf_nodes": 7, "learning_rate": 0.1, "min_samples_leaf": 40},
               {"max_iter": 150, "max_leaf_nodes": 15, "learning_rate": 0.05, "min_samples_leaf": 80},
               {"objective": "lambdarank", "n_estimators": 150, "num_leaves": 15, "learning_rate": 0.05,
                "min_child_samples": 40, "lambdarank_truncation_level": 10})
# the pointwise trees and the ranker, their scores summed (index 4 and 5 of the grid)
RERANK_GRID += ({"blend": [(0.5, RERANK_GRID[0]), (0.5, RERANK_GRID[3])]},
                {"blend": [(0.25, RERANK_GRID[0]), (0.75, RERANK_GRID[3])]})


def fit_reranker(recs, params: dict, seed: int = 0):
    """The re-ranker: gradient-boosted trees over
    :func:`extractor.compare.model.rerank_features` of every candidate, evidence positive —
    scikit-learn's histogram gradient boosting (pointwise, log-loss), or with
    ``"objective": "lambdarank"`` LightGBM's ranker, which learns the order of the candidates
    of each question (LambdaMART: pairs of an evidence sentence and another one, weighted by
    how much exchanging them moves the evidence up the list)."""
    from sklearn.feature_extraction import DictVectorizer

    if "blend" in params:
        # a weighted sum of ensembles over the same features is one ensemble
        parts = [(w, fit_reranker(recs, p, seed)) for w, p in params["blend"]]
        return parts[0][1][0], Blend([(w, clf) for w, (_, clf) in parts])
    vec = DictVectorizer(sparse=False)
    X = vec.fit_transform([c["xr"] for r in recs for c in r["cands"]])
    y = [c["pos"] for r in recs for c in r["cands"]]
    if params.get("objective") == "lambdarank":
        import lightgbm

        clf = lightgbm.LGBMRanker(verbose=-1, n_jobs=1, random_state=seed, **params)
        clf.fit(X, y, group=[len(r["cands"]) for r in recs if r["cands"]])
        return vec, clf
    from sklearn.ensemble import HistGradientBoostingClassifier

    clf = HistGradientBoostingClassifier(early_stopping=False, random_state=seed, **params)
    clf.fit(X, y)
    return vec, clf


@dataclasses.dataclass
class Blend:
    """Ensembles whose scores are summed with weights (``[(weight, fitted model)]``)."""
    parts: list


def export_lightgbm(vec, clf) -> dict:
    """A LightGBM ensemble in the same plain JSON as :func:`export_trees` (LightGBM's leaf
    values already carry the learning rate; a sample goes left when its value is <= the
    threshold, as in :class:`extractor.compare.model.Trees`; no feature is ever missing)."""
    trees, depth = [], 0
    for info in clf.booster_.dump_model()["tree_info"]:
        t = {"feature": [], "threshold": [], "left": [], "right": [], "leaf": [], "value": []}

        def walk(node, d):
            nonlocal depth
            k = len(t["feature"])
            for key in t:
                t[key].append(0)
            if "leaf_value" in node:
                t["leaf"][k], t["value"][k] = 1, round(float(node["leaf_value"]), 6)
                t["threshold"][k] = 0.0
                depth = max(depth, d)
                return k
            assert node["decision_type"] == "<=", node["decision_type"]
            t["feature"][k], t["threshold"][k] = int(node["split_feature"]), float(node["threshold"])
            t["value"][k] = 0.0
            t["left"][k] = walk(node["left_child"], d + 1)
            t["right"][k] = walk(node["right_child"], d + 1)
            return k

        walk(info["tree_structure"], 0)
        trees.append(t)
    return {"features": list(vec.get_feature_names_out()), "depth": max(depth, 1), "baseline": 0.0,
            "trees": trees}


def export_trees(vec, clf) -> dict:
    """The fitted ensemble as plain JSON (:class:`extractor.compare.model.Trees`): per tree the
    nodes' feature, threshold, children, leaf flag and leaf value (learning rate applied)."""
    if isinstance(clf, Blend):
        out = {"features": list(vec.get_feature_names_out()), "depth": 1, "baseline": 0.0, "trees": []}
        for w, part in clf.parts:
            d = export_trees(vec, part)
            out["depth"] = max(out["depth"], d["depth"])
            out["baseline"] = round(out["baseline"] + w * d["baseline"], 6)
            for t in d["trees"]:
                t["value"] = [round(w * v, 6) for v in t["value"]]
                out["trees"].append(t)
        return out
    if hasattr(clf, "booster_"):
        return export_lightgbm(vec, clf)
    trees, depth = [], 0
    for (pred,) in clf._predictors:
        nd = pred.nodes
        leaf = [bool(v) for v in nd["is_leaf"]]
        trees.append({"feature": [int(v) for v in nd["feature_idx"]],
                      "threshold": [round(float(v), 6) if not lf else 0.0 for v, lf in zip(nd["num_threshold"], leaf)],
                      "left": [int(v) for v in nd["left"]], "right": [int(v) for v in nd["right"]],
                      "leaf": [int(v) for v in leaf],
                      "value": [round(float(v), 5) if lf else 0.0 for v, lf in zip(nd["value"], leaf)]})
        depth = max(depth, int(nd["depth"].max()))
    return {"features": list(vec.get_feature_names_out()), "depth": depth,
            "baseline": round(float(clf._baseline_prediction.ravel()[0]), 6), "trees": trees}


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
            "ranker": ranker, "direction": direction, "top_k": 1, "temperature": 1.0,
            "stored_weight": 0.0}


def macro_f1(pairs):
    per = {lab: v[2] for lab, v in label_scores(pairs).items()}
    return sum(per.values()) / len(per), per


def combine(scores, probs, stored, classes, k, t, sw):
    """The label :meth:`extractor.compare.model.Model.decide` would give (same arithmetic)."""
    if not scores:
        return None
    top_s, top_p = scores[:k], probs[:k]
    m = max(top_s)
    ws = [math.exp((s - m) / max(t, 1e-6)) for s in top_s]
    z = sum(ws)
    total = [0.0] * len(classes)
    for w, p in zip(ws, top_p):
        total = [a + w / z * b for a, b in zip(total, p)]
    if stored in classes:
        total[classes.index(stored)] += sw
    return classes[max(range(len(total)), key=total.__getitem__)]


def cv_direction(dir_rows, recs, C):
    """Macro-F1 of the classifier alone on each prompt's first evidence string, 5 folds
    grouped by article (trained on the other folds' direction rows)."""
    from sklearn.model_selection import GroupKFold

    arts = sorted({r["group"] for r in recs})
    pairs = []
    for tr, te in GroupKFold(FOLDS).split(arts, groups=arts):
        train_arts = {arts[i] for i in tr}
        dtr = [d for d in dir_rows if d[2] in train_arts]
        vec, clf = fit_direction(dtr, C)
        test = [r for r in recs if r["group"] not in train_arts]
        X = vec.transform([M.direction_features(r["p"]["evidence"][0], r["terms"], r["p"]["outcome"],
                                                stored=r["stored"]) for r in test])
        pairs += list(zip([r["p"]["label"] for r in test], clf.predict(X)))
    return macro_f1(pairs)[0]


def _dir_x(r, i):
    """The direction features of candidate ``i`` of record ``r`` (computed once)."""
    c = r["cands"][i]
    if "dx" not in c:
        c["dx"] = M.direction_features(c["text"], r["terms"], r["p"]["outcome"], c.get("header"), r["stored"])
    return c["dx"]


def fold_groups(recs) -> list[set]:
    """The articles held out by each of the ``FOLDS`` folds (the grouped split every
    cross-validation here uses)."""
    from sklearn.model_selection import GroupKFold

    arts = sorted({r["group"] for r in recs})
    return [{arts[i] for i in te} for _, te in GroupKFold(FOLDS).split(arts, groups=arts)]


def by_fold(recs, value) -> list[float]:
    """``value(records)`` of each fold's held-out records (a change should help on every fold)."""
    return [value([r for r in recs if r["group"] in held]) for held in fold_groups(recs)]


def cross_validate(recs, dir_rows, rank_c, dir_c, grid, keep=8, pairwise=False, rerank=None):
    """Out-of-fold rank scores and class probabilities of the ``keep`` best candidates of
    every question; evidence top-1/recall@3; macro-F1 of every combination in ``grid``."""
    from sklearn.model_selection import GroupKFold

    arts = sorted({r["group"] for r in recs})
    oof = {}
    for tr, te in GroupKFold(FOLDS).split(arts, groups=arts):
        train_arts = {arts[i] for i in tr}
        rv, rclf = fit_ranker([r for r in recs if r["group"] in train_arts], rank_c, pairwise)
        dtr = [d for d in dir_rows if d[2] in train_arts]
        dv, dclf = fit_direction(dtr, dir_c)
        data = export(rv, rclf, dv, dclf)
        if rerank is not None:
            data["reranker"] = export_trees(*fit_reranker([r for r in recs if r["group"] in train_arts], rerank))
        model = M.Model(data)
        for r in recs:
            if r["group"] in train_arts:
                continue
            if not r["cands"]:
                oof[r["p"]["prompt_id"]] = ([], [], [])
                continue
            if rerank is not None:
                sc = list(model.reranker.scores(model.reranker.matrix([c["xr"] for c in r["cands"]])))
            else:
                sc = [model.rank_score_x(c["x"]) for c in r["cands"]]
            order = sorted(range(len(sc)), key=lambda i: -sc[i])
            best = order[:keep]
            probs = [model.probabilities(_dir_x(r, i)) for i in best]
            oof[r["p"]["prompt_id"]] = ([sc[i] for i in best], probs,
                                        [r["cands"][i]["pos"] for i in order[:3]])
            for c in r["cands"]:
                c.pop("_top", None)
            for i in best[:2]:
                r["cands"][i]["_top"] = True
        classes = model.classes
    top1 = sum(1 for v in oof.values() if v[2][:1] == [1]) / max(len(recs), 1)
    rec3 = sum(1 for v in oof.values() if 1 in v[2][:3]) / max(len(recs), 1)
    folds = by_fold(recs, lambda rs: sum(1 for r in rs if oof[r["p"]["prompt_id"]][2][:1] == [1]) / max(len(rs), 1))
    print("  evidence top-1 by fold: " + " ".join(f"{v:.3f}" for v in folds))
    results = {}
    for k, t, sw in grid:
        pairs = [(r["p"]["label"], combine(oof[r["p"]["prompt_id"]][0], oof[r["p"]["prompt_id"]][1],
                                           r["stored"], classes, k, t, sw)) for r in recs]
        results[(k, t, sw)] = macro_f1(pairs)
    return top1, rec3, results, oof, classes


def cv_rerank(recs, params: dict) -> tuple[float, float]:
    """Evidence top-1 and recall@3 of the re-ranker with ``params``, 5 folds grouped by article;
    the trees are scored through their JSON export (as answering does)."""
    from sklearn.model_selection import GroupKFold

    arts = sorted({r["group"] for r in recs})
    hit1 = hit3 = 0
    folds = []
    for tr, te in GroupKFold(FOLDS).split(arts, groups=arts):
        train_arts = {arts[i] for i in tr}
        trees = M.Trees(export_trees(*fit_reranker([r for r in recs if r["group"] in train_arts], params)))
        f_hit = f_n = 0
        for r in recs:
            if r["group"] in train_arts:
                continue
            f_n += 1
            if not r["cands"]:
                continue
            sc = trees.scores(trees.matrix([c["xr"] for c in r["cands"]]))
            order = sorted(range(len(sc)), key=lambda i: -sc[i])
            hit1 += r["cands"][order[0]]["pos"]
            f_hit += r["cands"][order[0]]["pos"]
            hit3 += any(r["cands"][i]["pos"] for i in order[:3])
        folds.append(f_hit / max(f_n, 1))
    print("  evidence top-1 by fold: " + " ".join(f"{v:.3f}" for v in folds))
    return hit1 / max(len(recs), 1), hit3 / max(len(recs), 1)


def check_fold(store, ids, recs, dir_rows, rc, dc, k, t, sw, pairwise=False, oof=None, classes=None):
    """End to end on one held-out fold: a model trained on the other folds answers the fold's
    questions through :class:`corpus.ask.Asker` (what ``evidence ask`` does), scored like
    ``bench_ask.py``; the figures should match the harness's out-of-fold ones."""
    from sklearn.model_selection import GroupKFold

    from bench_ask import run, score

    arts = sorted({r["group"] for r in recs})
    tr, te = next(iter(GroupKFold(FOLDS).split(arts, groups=arts)))
    train_arts = {arts[i] for i in tr}
    rv, rclf = fit_ranker([r for r in recs if r["group"] in train_arts], rc, pairwise)
    dv, dclf = fit_direction([d for d in dir_rows if d[2] in train_arts], dc)
    data = export(rv, rclf, dv, dclf)
    data.update(top_k=k, temperature=t, stored_weight=sw)
    test = [r["p"] for r in recs if r["group"] not in train_arts]
    sc = score(run(Asker(store, model=M.Model(data)), test, ids))
    print(f"end to end through Asker on held-out fold 1 ({len(test)} questions): macro-F1 "
          f"{sc['macro_f1']:.3f} answered {sc['answered']:.3f} evidence top-1 {sc['evidence_top1']:.3f}")
    if oof is not None:
        held = [r for r in recs if r["group"] not in train_arts]
        f1 = macro_f1([(r["p"]["label"], combine(oof[r["p"]["prompt_id"]][0], oof[r["p"]["prompt_id"]][1],
                                                  r["stored"], classes, k, t, sw)) for r in held])[0]
        top1 = sum(1 for r in held if oof[r["p"]["prompt_id"]][2][:1] == [1]) / max(len(held), 1)
        print(f"  the same fold out of the harness: macro-F1 {f1:.3f} evidence top-1 {top1:.3f}")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reuse", action="store_true")
    ap.add_argument("--rank-c", type=float, nargs="+", default=[0.1, 1.0])
    ap.add_argument("--dir-c", type=float, nargs="+", default=[0.01, 0.03, 0.1])
    ap.add_argument("--out", default=str(M.MODEL_PATH))
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--balanced", action="store_true", help="direction classes weighted by inverse frequency")
    ap.add_argument("--check", action="store_true", help="answer one held-out fold end to end through Asker")
    ap.add_argument("--pairwise", action="store_true", help="train the ranker on pairs of candidates")
    ap.add_argument("--no-rerank", action="store_true", help="no tree re-ranker (the linear ranker orders)")
    ap.add_argument("--rerank-grid", type=int, nargs="+", help="try only these entries of RERANK_GRID")
    ap.add_argument("--near", type=int, default=0, help="direction rows from the N best non-evidence candidates")
    ap.add_argument("--augment", action="store_true", help="add arm-exchanged copies of the direction rows")
    ap.add_argument("--cache", help="keep the collected candidates in this pickle (development runs)")
    ap.add_argument("--errors", type=int, default=0, help="print N wrong out-of-fold answers")
    args = ap.parse_args(argv)
    global BALANCED
    BALANCED = args.balanced
    store = ei_store(reuse=args.reuse)
    ids = doc_ids(store)
    items = [p for p in prompts() if p["split"] == "train"]
    t0 = time.perf_counter()
    if args.cache and Path(args.cache).exists():
        with open(args.cache, "rb") as fh:
            recs = pickle.load(fh)
    else:
        recs = collect(store, items, ids)
        if args.cache:
            with open(args.cache, "wb") as fh:
                pickle.dump(recs, fh)
    dir_rows = direction_rows(recs, augment=args.augment, near=args.near)
    for dc in args.dir_c:
        print(f"direction classifier alone, CV on the annotators' evidence strings, C={dc}: "
              f"macro-F1 {cv_direction(dir_rows, recs, dc):.3f}")
    n_missing = len(items) - len(recs)
    print(f"{len(recs)} questions ({n_missing} without a stored article), "
          f"{sum(len(r['cands']) for r in recs)} candidates "
          f"({sum(c['pos'] for r in recs for c in r['cands'])} evidence), {len(dir_rows)} direction rows "
          f"{dict(Counter(d[1] for d in dir_rows))} in {time.perf_counter() - t0:.0f} s")
    rerank = None
    if not args.no_rerank:
        grid_r = [RERANK_GRID[i] for i in (args.rerank_grid or range(len(RERANK_GRID)))]
        if len(grid_r) == 1:  # nothing to choose: the cross-validation below scores it
            grid_r, rerank = [], (0.0, grid_r[0])
        for params in grid_r:
            t1 = time.perf_counter()
            top1, rec3 = cv_rerank(recs, params)
            print(f"CV re-ranker {params}: evidence top-1 {top1:.3f} recall@3 {rec3:.3f} "
                  f"({time.perf_counter() - t1:.0f} s)", flush=True)
            if rerank is None or top1 > rerank[0]:
                rerank = (top1, params)
        rerank = rerank[1]
    grid = list(itertools.product((1, 2, 3, 5, 8), (0.5, 1.0, 2.0, 4.0), (0.0, 0.15, 0.3, 0.5)))
    best = None
    for rc, dc in itertools.product(args.rank_c, args.dir_c):
        top1, rec3, res, oof, classes = cross_validate(recs, dir_rows, rc, dc, grid, pairwise=args.pairwise,
                                                       rerank=rerank)
        (k, t, sw), (f1, per) = max(res.items(), key=lambda kv: kv[1][0])
        f1_1 = res[(1, 1.0, 0.0)][0]
        by_k = {}
        for (kk, _, _), (v, _) in res.items():
            by_k[kk] = max(by_k.get(kk, 0.0), v)
        print("  best macro-F1 by the number of sentences read: "
              + ", ".join(f"top-{kk} {v:.3f}" for kk, v in sorted(by_k.items())), flush=True)
        print(f"CV rank C={rc} dir C={dc}: evidence top-1 {top1:.3f} recall@3 {rec3:.3f}; "
              f"macro-F1 top-1 alone {f1_1:.3f}; best {f1:.3f} at top_k={k} T={t} stored={sw} "
              + " ".join(f"{lab.split()[-1]} {v:.3f}" for lab, v in per.items()), flush=True)
        if best is None or f1 > best[0]:
            best = (f1, rc, dc, k, t, sw, oof, classes)
    f1, rc, dc, k, t, sw, oof, classes = best
    folds = by_fold(recs, lambda rs: macro_f1([(r["p"]["label"], combine(
        oof[r["p"]["prompt_id"]][0], oof[r["p"]["prompt_id"]][1], r["stored"], classes, k, t, sw)) for r in rs])[0])
    print(f"macro-F1 by fold at top_k={k} T={t} stored={sw}: " + " ".join(f"{v:.3f}" for v in folds))
    if args.errors:
        wrong = []
        for r in recs:
            sc, pr, _ = oof[r["p"]["prompt_id"]]
            got = combine(sc, pr, r["stored"], classes, k, t, sw)
            if got != r["p"]["label"]:
                wrong.append((r, got))
        random.Random(1).shuffle(wrong)
        for r, got in wrong[:args.errors]:
            p = r["p"]
            print(f"\n- {p['prompt_id']} {p['article']}: {p['outcome']} | {p['intervention']} | {p['comparator']}")
            print(f"  gold {p['label']}; got {got}; stored {r['stored']}; top-3 evidence {oof[p['prompt_id']][2]}")
            top = [c for c in r["cands"] if c.get("_top")]
            for c in top[:2]:
                print(f"  top: {' '.join(c['text'].split())[:300]}")
            print(f"  gold ev: {' '.join(p['evidence'][0].split())[:300]}")
    if args.check:
        check_fold(store, ids, recs, dir_rows, rc, dc, k, t, sw, args.pairwise, oof, classes)
    if args.no_write:
        return
    rv, rclf = fit_ranker(recs, rc, args.pairwise)
    dv, dclf = fit_direction(dir_rows, dc)
    data = export(rv, rclf, dv, dclf)
    data.update(top_k=k, temperature=t, stored_weight=sw)
    data["trained"] = {"rank_c": rc, "dir_c": dc, "prompts": len(recs), "cv_macro_f1": round(f1, 4)}
    if rerank is not None:
        data["reranker"] = export_trees(*fit_reranker(recs, rerank))
        data["reranker"]["candidates"] = MAX_CANDIDATES
        data["trained"]["reranker"] = rerank
    Path(args.out).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {args.out}: {len(data['direction']['features'])} direction features, "
          f"{Path(args.out).stat().st_size / 1024:.0f} KiB; top_k={k} T={t} stored_weight={sw}")


if __name__ == "__main__":
    main()
