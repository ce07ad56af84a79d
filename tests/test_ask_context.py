"""Candidate evidence sentences of ``evidence ask`` that do not spell out the outcome: a sentence
that refers back to the outcome of the sentence before it in its paragraph (or of the heading
above it), and a sentence that names the outcome by an acronym.  The article was written for
these tests."""
import pytest

from corpus import Store
from corpus.ask import Asker, Question, _heading
from extractor.compare.text import acronyms
from extractor.pipeline import extract

ARTICLE = """Oral gabapentin for itch after burns: a randomised trial

Abstract

Methods: We randomly assigned 90 adults with healing burns to oral gabapentin or placebo for four weeks. The primary outcome was the itch severity score; adverse effects were recorded at every visit.

Results

The itch severity score fell in both groups over the four weeks of treatment. The fall was greater with gabapentin than with placebo (4.1 vs 2.2 points). This difference was significant (P = 0.008).

Sleep quality improved in 30 patients.

Safety

Headache was reported by 6 patients. AEs were reported for 12 of 45 gabapentin and 10 of 45 placebo patients (P = 0.61). The mean SD of the itch score was similar.

Wound closure

Closure was complete in 40 gabapentin and 39 placebo patients at week 4 (P = 0.74).
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("context")
    path = tmp / "itch.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    st = Store(tmp / "s.db")
    st.save(extract(path))
    st.close()
    return Store(tmp / "s.db", readonly=True)


def ranked(store, outcome, intervention="oral gabapentin", comparator="placebo", wide=True):
    """The candidates' features; ``wide``: as a re-ranker sees them (all features)."""
    asker = Asker(store, model=None)
    asker.all_features = wide
    q = Question("1", outcome, intervention, comparator)
    idx = asker.index(asker.resolve(q.doc))
    return idx, {s.text: f for _, s, f in asker.prepare(idx, q)["ranked"]}


def test_sentences_know_their_paragraph(store):
    idx, _ = ranked(store, "itch severity score")
    by_text = {s.text: s for s in idx.sentences}
    assert by_text["This difference was significant (P = 0.008)."].cont
    assert by_text["The fall was greater with gabapentin than with placebo (4.1 vs 2.2 points)."].cont
    assert not by_text["The itch severity score fell in both groups over the four weeks of treatment."].cont
    assert not by_text["Sleep quality improved in 30 patients."].cont


def test_a_sentence_referring_back_takes_the_outcome_of_its_paragraph(store):
    _, feats = ranked(store, "itch severity score")
    back = feats["This difference was significant (P = 0.008)."]
    assert back["back"] == 1.0 and back["o"] == 0.0 and back["o_back"] == pytest.approx(1.0)
    fall = feats["The fall was greater with gabapentin than with placebo (4.1 vs 2.2 points)."]
    assert fall["back"] == 1.0
    # a sentence of the next paragraph, and one stating no comparison, take nothing
    assert "Sleep quality improved in 30 patients." not in feats
    assert not any("four weeks. The primary" in t for t in feats)
    # the rules alone do not weigh them: such candidates are left out
    _, rules = ranked(store, "itch severity score", wide=False)
    assert "This difference was significant (P = 0.008)." not in rules


def test_a_heading_naming_the_outcome_lends_it_to_the_first_sentence_under_it(store):
    _, feats = ranked(store, "wound closure")
    closure = feats["Closure was complete in 40 gabapentin and 39 placebo patients at week 4 (P = 0.74)."]
    assert closure["o"] > 0  # "closure" is a word of the outcome: a candidate of its own
    _, feats = ranked(store, "complete wound healing")
    f = feats.get("Closure was complete in 40 gabapentin and 39 placebo patients at week 4 (P = 0.74).")
    assert f is not None and f["o"] > 0
    assert _heading("Wound closure") and _heading("Effects on vascular mortality and morbidity")
    assert not _heading("Closure was complete in 40 patients.")
    assert not _heading("A long sentence that goes on and on without ever stopping for breath in any way")


def test_an_acronym_names_the_outcome_it_spells(store):
    _, feats = ranked(store, "adverse effects")
    f = feats["AEs were reported for 12 of 45 gabapentin and 10 of 45 placebo patients (P = 0.61)."]
    assert f["abbr"] == 1.0 and f["o"] == pytest.approx(1.0)
    # a statistical acronym is never read from the outcome's initials ("SD" of "scale ...
    # depression"); here the sentence is a candidate by "itch" and "score" only
    _, feats = ranked(store, "symptom scale for depression")
    assert "The mean SD of the itch score was similar." not in feats
    assert acronyms("AEs and hs-CRP were lower") == ["AEs", "hs-CRP"]


def test_the_shipped_model_still_answers_with_the_new_candidates(store):
    asker = Asker(store)
    a = asker.answer(Question("1", "itch severity score", "oral gabapentin", "placebo"))
    assert a["answer"] in ("significantly decreased", "significantly increased", "no significant difference")
    assert a["evidence"]
