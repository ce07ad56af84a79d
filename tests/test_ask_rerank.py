"""The learned re-ranking of candidate evidence sentences in ``evidence ask``: its features on
sentences written for these tests, the tree ensemble's arithmetic on hand-made trees, loading
(with and without a re-ranker in the weights file) and the fallbacks to the linear ranker and to
the rules.

The article (``tests/data/ask/zinc-trial.txt``) was written for these tests."""
import json
from pathlib import Path

import numpy as np
import pytest

from corpus import Store
from corpus.ask import Asker, Question
from extractor.compare import model as M
from extractor.pipeline import extract

ARTICLE = Path(__file__).parent / "data" / "ask" / "zinc-trial.txt"
BASE = {"o": 1.0, "o_all": 1.0, "i": 0.0, "c": 0.0, "o_bi": 0.0, "o_rel": 1.0, "bi_rel": 1.0,
        "p": 0.0, "sig": 0.0, "cmp": 0.0, "tab": 0.0, "row": 0.0, "sec": 0.8, "len": 0.2,
        "nums": 0.0, "pos": 0.5}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("rerank") / "s.db"
    st = Store(path)
    st.save(extract(ARTICLE))
    st.close()
    return Store(path, readonly=True)


def feats(text, section="results"):
    return M.rerank_features(dict(BASE), section, text)


def test_rerank_features_read_what_a_sentence_prints():
    x = feats("Wound infection was less frequent with the silver dressing than with gauze "
              "(6% vs 15%; OR 0.36, 95% CI 0.15 to 0.88; P = 0.02).")
    assert x["p_low"] == 1.0 and x["p_high"] == 0.0 and x["n_p"] == 0.2
    assert x["ci"] == 1.0 and x["measure"] == 1.0 and x["pct"] > 0
    assert x["neg"] == 0.0 and x["legend"] == 0.0 and x["defs"] == 0.0
    y = feats("Time to healing did not differ between the two groups (median 21 vs 23 days, p = 0.41).")
    assert y["p_low"] == 0.0 and y["p_high"] == 1.0
    assert y["neg"] == 1.0 and y["between"] == 1.0 and y["groups"] == 1.0
    # a glossary of abbreviations under a table
    g = feats("BMI, body mass index; LOS, length of stay; SSI, surgical site infection; "
              "VAS, visual analogue scale")
    assert g["defs"] >= 0.5 and g["p_low"] == 0.0
    assert feats("Table 3 Secondary outcomes at 30 days")["legend"] == 1.0
    assert feats("Values are presented as mean ± SD.")["legend"] == 1.0
    assert feats("Earlier trials have reported similar rates of infection (Moreau et al).")["others"] == 1.0
    assert feats("Dressings might reduce costs when used early.")["hedge"] == 1.0
    assert feats("Wound scores did not differ between the groups at baseline.")["baseline"] == 1.0
    assert feats("We examined whether early dressing changes shorten healing.")["purpose"] == 1.0
    assert feats("Abbreviations: SSI, surgical site infection.")["legend"] == 1.0
    # the ranker's features are kept
    assert {"o", "o2", "sec_results", "vs"} <= set(x)


def two_trees():
    """Tree 0: f "a" <= 0.5 -> 1.0, else ("b" <= 2 -> -1.0, else 3.0); tree 1: a stump on "b"."""
    return {"features": ["a", "b"], "baseline": 0.5, "depth": 2, "candidates": 50,
            "trees": [{"feature": [0, 0, 1, 0, 0], "threshold": [0.5, 0, 2.0, 0, 0],
                       "left": [1, 0, 3, 0, 0], "right": [2, 0, 4, 0, 0], "leaf": [0, 1, 0, 1, 1],
                       "value": [0, 1.0, 0, -1.0, 3.0]},
                      {"feature": [1, 0, 0], "threshold": [10.0, 0, 0], "left": [1, 0, 0],
                       "right": [2, 0, 0], "leaf": [0, 1, 1], "value": [0, 0.25, -0.25]}]}


def test_trees_score_as_the_nodes_say():
    t = M.Trees(two_trees())
    X = t.matrix([{"a": 0.0, "b": 0.0}, {"a": 1.0, "b": 1.0}, {"a": 1.0, "b": 5.0},
                  {"a": 0.2, "b": 20.0, "unknown": 7.0}, {}])
    assert np.allclose(t.scores(X), [0.5 + 1.0 + 0.25, 0.5 - 1.0 + 0.25, 0.5 + 3.0 + 0.25,
                                     0.5 + 1.0 - 0.25, 0.5 + 1.0 + 0.25])
    assert t.scores(t.matrix([])).shape == (0,)


def shipped() -> dict:
    return json.loads(M.MODEL_PATH.read_text(encoding="utf-8"))


def test_shipped_weights_carry_a_reranker_that_loads_offline():
    model = M.load()
    assert model is not None and model.reranker is not None
    assert model.rerank_candidates >= 20
    data = shipped()
    assert data["reranker"]["trees"] and data["reranker"]["depth"] >= 1
    # a weights file without a re-ranker still loads: the linear ranker orders
    data.pop("reranker")
    assert M.Model(data).reranker is None


def ranked_texts(asker, store, q):
    idx = asker.index(asker.resolve(q.doc))
    return [s.text for _, s, _ in asker.prepare(idx, q)["ranked"]]


def test_reranker_orders_and_fallbacks_still_answer(store, tmp_path):
    q = Question("1", "total symptom score", "zinc acetate lozenges", "placebo")
    # a re-ranker that only likes sentences printing a p-value of 0.05 or more
    data = shipped()
    data["reranker"] = {"features": ["p_high"], "baseline": 0.0, "depth": 1, "candidates": 120,
                        "trees": [{"feature": [0, 0, 0], "threshold": [0.5, 0, 0], "left": [1, 0, 0],
                                   "right": [2, 0, 0], "leaf": [0, 1, 1], "value": [0, -1.0, 1.0]}]}
    path = tmp_path / "m.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    custom = Asker(store, model=M.load(path))
    top = ranked_texts(custom, store, q)[0]
    assert "p = 0.44" in top
    answer = custom.answer(q)
    assert answer["evidence"][0]["quote"] == top
    # the same weights without the re-ranker: the linear ranker; no weights: the rules
    data.pop("reranker")
    path.write_text(json.dumps(data), encoding="utf-8")
    linear = Asker(store, model=M.load(path))
    rules = Asker(store, model=None)
    for asker in (linear, rules):
        texts = ranked_texts(asker, store, q)
        assert any("Total symptom scores on day 3" in t for t in texts[:2])
        assert asker.answer(q)["answer"] == "no significant difference"


def test_context_features_of_the_candidates(store):
    asker = Asker(store, model=None)
    asker.all_features = True
    q = Question("1", "cough duration (days)", "zinc acetate lozenges", "placebo")
    idx = asker.index(asker.resolve(q.doc))
    ranked = asker.prepare(idx, q)["ranked"]
    assert ranked
    for _, s, f in ranked:
        assert {"o_stem", "o_n", "rule", "rule_rank", "o_rank", "prev_o", "next_o", "n_cands"} <= set(f)
        assert f["o_stem"] >= f["o"] - 1e-9
        assert 0 < f["rule_rank"] <= 1
    assert max(f["rule_rank"] for _, _, f in ranked) == 1.0
    # "ZAL" (defined in the abstract) names the zinc acetate lozenges arm in full
    idx.abbrev = {"ZAL": "zinc acetate lozenges"}
    ranked = asker.prepare(idx, q)["ranked"]
    zal = next(f for _, s, f in ranked if "in the ZAL group" in s.text)
    assert zal["i"] < 1.0 and zal["i_x"] == pytest.approx(1.0)
    assert all(f["o_x"] >= f["o"] - 1e-9 for _, _, f in ranked)
    # without the flag and without a re-ranker, the rules' features only
    plain = Asker(store, model=None).prepare(idx, q)["ranked"]
    assert "rule_rank" not in plain[0][2]


def test_a_lightgbm_ranker_exports_to_trees_that_score_alike():
    """The training script's export of a LightGBM ranker (LambdaMART) gives the same scores
    through :class:`extractor.compare.model.Trees` as LightGBM itself (the weights are read
    without it)."""
    pytest.importorskip("lightgbm")
    import sys

    from sklearn.feature_extraction import DictVectorizer

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import train_ask

    rng = np.random.default_rng(3)
    recs = []
    for q in range(40):
        cands = []
        for k in range(12):
            x = {"o": float(rng.random()), "p_low": float(rng.integers(0, 2)), "pos": float(rng.random())}
            cands.append({"xr": x, "pos": int(x["o"] > 0.6 and x["p_low"] == 1.0)})
        recs.append({"cands": cands})
    params = {"objective": "lambdarank", "n_estimators": 20, "num_leaves": 7, "learning_rate": 0.1,
              "min_child_samples": 5}
    vec, clf = train_ask.fit_reranker(recs, params)
    assert isinstance(vec, DictVectorizer)
    data = train_ask.export_trees(vec, clf)
    assert data["baseline"] == 0.0 and len(data["trees"]) == 20
    data = json.loads(json.dumps(data))  # what is shipped is plain JSON
    t = M.Trees(data)
    xs = [c["xr"] for r in recs[:5] for c in r["cands"]]
    assert np.allclose(t.scores(t.matrix(xs)), clf.predict(vec.transform(xs), raw_score=True), atol=1e-4)
    # pointwise trees and the ranker summed with weights are one ensemble of both
    point = {"max_iter": 10, "max_leaf_nodes": 7, "learning_rate": 0.1, "min_samples_leaf": 5}
    _, a = train_ask.fit_reranker(recs, point)
    vec_b, blend = train_ask.fit_reranker(recs, {"blend": [(0.25, point), (0.75, params)]})
    both = M.Trees(json.loads(json.dumps(train_ask.export_trees(vec_b, blend))))
    X = vec_b.transform(xs)
    want = 0.25 * a.decision_function(X) + 0.75 * clf.predict(X, raw_score=True)
    assert np.allclose(both.scores(both.matrix(xs)), want, atol=1e-4)


def test_training_folds_are_grouped_by_article():
    """The training script's figures by fold hold out whole articles, each once."""
    pytest.importorskip("sklearn")
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import train_ask

    recs = [{"group": f"a{k % 13}", "v": k} for k in range(60)]
    folds = train_ask.fold_groups(recs)
    assert len(folds) == train_ask.FOLDS
    assert set().union(*folds) == {r["group"] for r in recs}
    assert sum(len(f) for f in folds) == 13
    sizes = train_ask.by_fold(recs, len)
    assert sum(sizes) == len(recs) and min(sizes) > 0


BASELINE_ARTICLE = """Nasal saline irrigation for chronic rhinosinusitis: a randomised trial

Abstract

Methods: We randomly assigned 80 adults with chronic rhinosinusitis to daily nasal saline irrigation or usual care for 12 weeks. The primary outcome was the nasal symptom score.

Results: At baseline, the nasal symptom score did not differ significantly between the nasal saline irrigation and usual care groups (p = 0.71).

Results

The nasal symptom score differed significantly among the three visits (p < 0.001).
At week 12 the score was lower with irrigation than with usual care (nasal symptom score 22 vs 35, p = 0.003).
"""


def test_rules_order_puts_the_result_above_a_statement_at_baseline(tmp_path):
    path = tmp_path / "saline.txt"
    path.write_text(BASELINE_ARTICLE, encoding="utf-8")
    st = Store(tmp_path / "b.db")
    st.save(extract(path))
    st.close()
    store = Store(tmp_path / "b.db", readonly=True)
    rules = Asker(store, model=None)
    q = Question("1", "nasal symptom score", "nasal saline irrigation", "usual care")
    texts = ranked_texts(rules, store, q)
    idx = rules.index(rules.resolve(q.doc))
    feats_of = {s.text: f for _, s, f in rules.prepare(idx, q)["ranked"]}
    assert [f["base_nd"] for t, f in feats_of.items() if "At baseline" in t] == [1.0]
    first = next(t for t in texts if "baseline" in t or "week 12 the" in t)
    assert first.startswith("At week 12")
    answer = rules.answer(q)
    assert answer["answer"] == "significantly decreased"
    assert answer["evidence"][0]["quote"].startswith("At week 12")
