"""The checks against a seeded bed of realistic trial reports, clean and with injected errors."""
import collections

import pytest

import checkbed


@pytest.fixture(scope="module")
def result():
    return checkbed.evaluate(checkbed.generate(n_clean=150, n_error=150, seed=20261125))


def test_bed_is_large_balanced_and_deterministic():
    a = checkbed.generate(20, 22, seed=7)
    b = checkbed.generate(20, 22, seed=7)
    assert [c.article.text for c in a] == [c.article.text for c in b]
    kinds = collections.Counter(c.kind for c in a)
    assert kinds["clean"] == 20 and set(kinds) - {"clean"} == set(checkbed.ERRORS)


def test_every_case_keeps_provenance():
    for c in checkbed.generate(10, 11, seed=3):
        for st in c.article.studies:
            recs = list(st.arms) + list(st.outcomes)
            for o in st.outcomes:
                recs += list(o.results) + list(o.effects)
            for r in recs:
                p = r.prov
                assert c.article.text[p.char_start:p.char_end] == p.quote


def test_sensitivity_and_specificity(result):
    assert result["cases"] == 300
    assert result["specificity"] >= 0.99, result["false_positives"]
    assert result["sensitivity"] >= 0.95, result["missed"]


def test_every_error_kind_is_caught_mostly(result):
    for kind, frac in result["per_error"].items():
        hit, n = map(int, frac.split("/"))
        assert n >= 10 and hit / n >= 0.85, (kind, frac)
