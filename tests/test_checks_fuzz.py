"""run_checks never raises, whatever numbers the extractor stores (hypothesis)."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus import Store
from corpus.checks import run_checks
from extractor.model import Arm, ArmResult, Article, Effect, Outcome, Provenance, Study

P = Provenance(0, 4, "1.5%")
numbers = st.one_of(st.none(), st.integers(-5, 2000),
                    st.floats(-1e6, 1e9, allow_nan=False, allow_infinity=False),
                    st.sampled_from([0.0, 0.5, 1.0, 100.0, 1e-12]))
counts = st.one_of(st.none(), st.integers(-2, 600))
quotes = st.sampled_from(["1.5%", "p=0278", "OR 2.10 (1.30 to 3.39)", "", "46·94", "−0.5",
                          "4×107 cells", "23 of 49 (46.9%)"])
stat_names = st.sampled_from(["percent", "events", "total", "mean", "sd", "se", "median",
                              "iqr_low", "n", "count", "value"])
measures = st.sampled_from([None, "OR", "RR", "RD", "HR", "MD", "difference", "aOR", "SMD",
                            "median difference", "IRR", "weird"])
labels = st.sampled_from(["A", "B", "C"])


@st.composite
def articles(draw):
    arms = tuple(
        Arm(lab, P, role=draw(st.sampled_from([None, "intervention", "control"])),
            n_randomized=draw(counts), n_analyzed=draw(counts),
            dose=draw(st.sampled_from([None, "4×107 cells/kg", "2 x 105 mg", "3×10^6 cells"])),
            dose_unit=draw(st.sampled_from([None, "cells", "mg"])))
        for lab in draw(st.lists(labels, min_size=0, max_size=3, unique=True)))
    outcomes = []
    for i in range(draw(st.integers(0, 3))):
        results = tuple(ArmResult(draw(labels), draw(stat_names), draw(numbers) or 0.0,
                                  Provenance(0, 4, draw(quotes) or "x"),
                                  derived=draw(st.booleans()))
                        for _ in range(draw(st.integers(0, 6))))
        effects = tuple(Effect(draw(measures), Provenance(0, 4, draw(quotes) or "x"),
                               value=draw(numbers), ci_low=draw(numbers), ci_high=draw(numbers),
                               ci_level=draw(st.sampled_from([None, 0.95, 95, 0.9, 1.5])),
                               p_value=draw(numbers),
                               p_relation=draw(st.sampled_from([None, "=", "<", ">", "≤"])),
                               significant=draw(st.sampled_from([None, True, False])),
                               direction=draw(st.sampled_from([None, "no_difference"])),
                               comparison=draw(st.sampled_from([None, ("A", "B"), ("B", "C")])))
                        for _ in range(draw(st.integers(0, 2))))
        outcomes.append(Outcome(f"o{i}", P, kind=draw(st.sampled_from(
            [None, "binary", "continuous", "time-to-event"])), results=results, effects=effects))
    study = Study(P, n_randomized=draw(counts), n_analyzed=draw(counts),
                  allocation_ratio=draw(st.sampled_from([None, "1:1", "2:1", "1:1:1", "x"])),
                  arms=arms, outcomes=tuple(outcomes))
    return Article(path="f.txt", sha256="f" * 64, format="text", text="1.5% of them",
                   studies=(study,))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_run_checks_never_raises(article):
    store = Store(":memory:")
    doc = store.save(article).document_id
    rows = store.transaction(lambda conn: run_checks(conn, doc))
    assert all(r["status"] in ("pass", "flag", "fail") for r in rows)
    assert all(r["message"] for r in rows)
