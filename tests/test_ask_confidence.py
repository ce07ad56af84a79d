"""The confidence of ``evidence ask``'s per-arm numbers (:mod:`corpus.confidence`): its features
on stored outcomes and arms written for these tests, the decision and its stated reason, the
shipped model file, and an answer whose numbers are withheld (a store written for the test)."""
import json
import math

import pytest

from corpus import Store
from corpus.ask import Asker, Question
from corpus.confidence import (FEATURES, MODEL_PATH, Confidence, _arithmetic_checks, _reason, features, load,
                               strip_numbers)

from ask_helpers import Idx


class _S:
    def __init__(self, text, at):
        self.text = text
        self.tab = False
        self.char_start = at


class SIdx(Idx):
    """The stand-in index with table rows (tab-separated cells) at offsets 1000 and after."""

    def sentence_at(self, offset):
        return _S("Glucose\t7.1 (1.2)\t7.9 (1.4)", offset) if offset >= 1000 else _S("Glucose was 7.0 and 8.0.", 0)


def outcome(i, name, results, timepoint=None, subgroup=None, primary=None):
    return dict(id=i, study_id=1, name=name, timepoint=timepoint, subgroup=subgroup, is_primary=primary,
                results=[dict(arm_id=a, statistic=k, value=v, derived=d, char_start=at)
                         for a, k, v, d, at in results], effects=[])


def arm(i, label, role="intervention"):
    return dict(id=i, study_id=1, label=label, role=role, n_randomized=None, n_analyzed=None,
                intervention=label, dose=None)


ARMS = [arm(1, "metformin"), arm(2, "placebo", role="control")]
TABLE = [(1, "mean", 7.1, 0, 1000), (1, "sd", 1.2, 0, 1000), (1, "total", 40, 0, 1000),
         (2, "mean", 7.9, 0, 1010), (2, "sd", 1.4, 0, 1010), (2, "total", 41, 0, 1010)]
PROSE = [(1, "mean", 7.0, 0, 10), (2, "mean", 8.0, 0, 10)]


def q(out, i="metformin", c="placebo"):
    return Question(doc="1", outcome=out, intervention=i, comparator=c)


def numbers(o):
    ai = {"arm_id": 1, "label": "metformin"}
    ac = {"arm_id": 2, "label": "placebo"}
    for r in o["results"]:
        (ai if r["arm_id"] == 1 else ac)[r["statistic"]] = r["value"]
    return ai, ac


def test_features_of_a_table_reading_named_in_full():
    o = outcome(1, "fasting plasma glucose", TABLE, timepoint="12 weeks")
    idx = SIdx([o], ARMS)
    f = features(idx, q("fasting plasma glucose at 12 weeks"), [(0.95, o)], o, o, *ARMS, numbers(o))
    assert set(f) == set(FEATURES)
    assert f["score"] == pytest.approx(0.95)
    assert f["margin"] == 0.5  # no other candidate
    assert f["miss_words"] == 0 and f["q_words"] == 3 and f["miss_share"] == 0
    assert f["table"] == 1.0 and f["sentence"] == 0.0
    assert f["sides_named"] == 2 and f["many_arms"] == 0
    assert f["own_total"] == 1 and f["whole"] == 1 and f["continuous"] == 1
    assert f["time_asked"] == 1 and f["time_agree"] == 1
    assert f["size_ratio"] == pytest.approx(40 / 41) and f["size_off"] == 0
    assert f["spread"] == pytest.approx(math.log1p(1.4 / 7.9))
    assert f["mean_ratio"] == pytest.approx(math.log(7.9 / 7.1))
    assert f["places"] == 2  # the two arms' rows (offsets 1000 and 1010 here)
    assert f["same_name"] == 0


def test_arithmetic_checks_of_counts_and_percentages():
    ai = {"events": 12, "total": 40, "percent": 30.0}
    ac = {"events": 9, "total": 41, "percent": 25.0}  # 9/41 is 22.0%: another denominator
    stored = (dict(n_randomized=40), dict(n_randomized=50))
    c = _arithmetic_checks((ai, ac), stored)
    assert c["pct_fits"] == 0.5 and c["pct_off"] == 0.5
    assert c["size_off"] == pytest.approx(9 / 50)  # 41 analysed of 50 randomised
    assert c["spread"] == 0 and c["mean_ratio"] == 0


def test_features_of_a_sentence_reading_with_a_rival_and_missing_words():
    o = outcome(1, "glucose", PROSE)
    other = outcome(2, "glucose", TABLE, subgroup="women")
    idx = SIdx([o, other], ARMS + [arm(3, "diet")])
    f = features(idx, q("fasting plasma glucose", "drug", "placebo"), [(0.6, o), (0.55, other)], o, o,
                 *ARMS, numbers(o))
    assert f["miss_words"] == 2 and f["miss_share"] == pytest.approx(2 / 3)
    assert f["margin"] == pytest.approx(0.05)  # another reading with other numbers fits nearly as well
    assert f["sentence"] == 1.0 and f["table"] == 0.0
    assert f["sides_named"] == 1  # "drug" names no stored arm
    assert f["many_arms"] == 1 and f["own_total"] == 0 and f["whole"] == 0
    assert f["time_asked"] == 0
    assert f["places"] == 1
    assert f["same_name"] == pytest.approx(math.log(2))  # the women's reading, with other numbers


def model(threshold=0.5):
    # a model reading two features: the share of missing words lowers the confidence
    return Confidence({"features": ["miss_share", "table"], "mean": [0.0, 0.0], "scale": [1.0, 1.0],
                       "coef": [-4.0, 1.0], "intercept": 1.0, "threshold": threshold})


def test_decision_and_its_stated_reason():
    m = model()
    sure = m.judge({"miss_share": 0.0, "table": 1.0, "q_words": 3, "miss_words": 0})
    assert not sure.withhold and sure.reason is None and sure.p > 0.8
    low = m.judge({"miss_share": 0.75, "table": 1.0, "q_words": 4, "miss_words": 3})
    assert low.withhold and low.p < 0.5
    assert low.reason == f"low confidence ({low.p:.2f} < 0.50): the outcome name matched on 1 of 4 words"
    # the threshold decides
    assert not model(threshold=0.0).judge({"miss_share": 0.75, "table": 0.0, "q_words": 4, "miss_words": 3}).withhold


def test_every_feature_has_a_reason_in_words():
    f = {k: 0.5 for k in FEATURES} | {"q_words": 4.0, "miss_words": 1.0, "sides_named": 1.0, "mean_ratio": math.log(3)}
    for k in FEATURES:
        assert _reason(k, f) != k
    assert _reason("mean_ratio", f) == "the two arms' means are 3.0 times apart"


def test_strip_numbers_keeps_the_arm():
    a = {"arm_id": 1, "label": "x", "events": 3, "total": 10, "percent": 30.0, "n_analyzed": 10, "derived": ["total"]}
    strip_numbers(a)
    assert a == {"arm_id": 1, "label": "x"}
    strip_numbers(None)


def test_shipped_model_file_is_complete():
    if not MODEL_PATH.is_file():
        pytest.skip("no confidence model shipped")
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    n = len(data["features"])
    assert n and set(data["features"]) <= set(FEATURES)
    assert len(data["mean"]) == len(data["scale"]) == len(data["coef"]) == n
    assert 0.0 <= data["threshold"] < 1.0 and "criterion" in data["trained"]
    assert load() is not None
    assert load(MODEL_PATH.with_name("absent.json")) is None


ARTICLE = """<html><head><title>Metformin or placebo in prediabetes: a randomised trial</title></head><body>
<h1>Metformin or placebo in prediabetes: a randomised trial</h1>
<h2>Methods</h2>
<p>Adults with prediabetes were randomly assigned to metformin 850 mg twice daily (n = 40) or a
matching placebo (n = 41) for twelve weeks.</p>
<h2>Results</h2>
<p>Outcomes at week 12 are shown in Table 2.</p>
<table><caption>Table 2. Outcomes at week 12, mean (SD)</caption>
<thead><tr><th>Outcome</th><th>Metformin (n = 40)</th><th>Placebo (n = 41)</th><th>P</th></tr></thead>
<tbody>
<tr><td>Fasting plasma glucose, mmol/L</td><td>5.9 (0.6)</td><td>6.4 (0.7)</td><td>0.001</td></tr>
</tbody></table>
<h2>Discussion</h2>
<p>Metformin lowered fasting glucose.</p>
</body></html>
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from extractor.pipeline import extract

    d = tmp_path_factory.mktemp("confidence")
    (d / "trial.html").write_text(ARTICLE, encoding="utf-8")
    s = Store(d / "s.db")
    s.save(extract(d / "trial.html"))
    yield s
    s.close()


def test_an_answer_below_the_threshold_withholds_its_numbers_and_says_why(store):
    question = Question("1", "fasting plasma glucose", "metformin", "placebo")
    free = Asker(store, model=None, confidence=None).answer(question)
    assert free["intervention_arm"]["mean"] == 5.9 and free["numbers_withheld"] is None
    never = Confidence({"features": ["table"], "mean": [0.0], "scale": [1.0], "coef": [0.0],
                       "intercept": -5.0, "threshold": 0.5})
    asker = Asker(store, model=None, confidence=never)
    a = asker.answer(question)
    assert asker.last_features is not None
    assert "mean" not in a["intervention_arm"] and "sd" not in a["comparator_arm"]
    assert a["intervention_arm"]["label"] == free["intervention_arm"]["label"]
    assert a["numbers_withheld"].startswith("low confidence (0.01 < 0.50)")
    # the outcome, the direction and the evidence are kept
    assert a["outcome_id"] == free["outcome_id"] and a["answer"] == free["answer"]
    assert a["evidence"] == free["evidence"]
