"""The abbreviation map computed around parentheses equals scispacy's detector over a whole Doc."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.nlp import _windows, abbreviation_map, analyse, find_abbreviations
from extractor.readers import read
from extractor.sentences import segment

pytestmark = pytest.mark.filterwarnings("ignore:.*W036")  # the shipped detector's empty matcher


@pytest.fixture(scope="module")
def detector():
    """scispacy's detector as shipped (its own matcher), over one Doc of the whole text."""
    import spacy
    from scispacy.abbreviation import AbbreviationDetector  # noqa: F401

    nlp = spacy.blank("en")
    nlp.add_pipe("abbreviation_detector")
    return lambda text: abbreviation_map(nlp(text))


def whole_doc(text: str) -> dict[str, str]:
    import spacy
    from scispacy.abbreviation import AbbreviationDetector  # noqa: F401

    nlp = spacy.blank("en")
    nlp.add_pipe("abbreviation_detector")
    return abbreviation_map(nlp(text))


def segment_text(text: str):
    from extractor.source import Source

    return segment(Source.from_text(text))


@pytest.mark.parametrize("name", ["msc-long-covid-news.txt", "msc-long-covid-news.html",
                                  "msc-long-covid-news.pdf", "msc-long-covid-news-2col.pdf"])
def test_shared_example_same_map(data_dir, name, detector):
    src = read(data_dir / name)
    expected = detector(src.text)
    assert find_abbreviations(src.text) == expected
    assert expected["GH"] == "general health"
    for ab in analyse(src.text):
        assert src.text[ab.short_start:ab.short_end] == ab.short
        assert src.text[ab.long_start:ab.long_end] == ab.long


def test_written_definitions():
    text = ("Patients walked further in the six-minute walk test (6MWT) after 12 weeks. "
            "Health-related quality of life (HRQoL) improved (p = 0.03; 95% CI 1.2 to 3.4). "
            "The forced vital capacity (FVC) and the (FEV1) were unchanged; FVC rose in (a) only.\n"
            "Interleukin 6 (IL-6) fell (n = 40), as did C-reactive protein (CRP).")
    assert find_abbreviations(text) == whole_doc(text)
    assert find_abbreviations(text)["HRQoL"] == "Health-related quality of life"
    assert find_abbreviations("no brackets here") == {}


def test_first_definition_wins_and_long_forms_are_unique():
    text = ("The mean arterial pressure (MAP) fell. Later the MAP rose. "
            "A different mean arterial pressure (MAP) value and the mean arterial pressure (MAPx).")
    assert find_abbreviations(text) == whole_doc(text) == {"MAP": "mean arterial pressure"}


def test_long_form_inside_the_brackets():
    text = "We measured CRP (C reactive protein) and the BMI (body mass index) at baseline."
    assert find_abbreviations(text) == whole_doc(text)


def test_windows_cover_each_bracket_with_its_context():
    words = " ".join(f"w{i}" for i in range(200))
    text = f"{words} (A) {words} (B) tail"
    wins = _windows(text)
    assert len(wins) == 2
    for a, b, own_lo, own_hi in wins:
        assert not text[a].isspace() and not text[b - 1].isspace()
        assert a <= own_lo < own_hi and text[own_lo] == "("
    assert _windows("(x) at the start")[0][0] == 0


def test_windows_within_the_limit_give_the_same_map(detector):
    text = " ".join(f"the {w} regimen ({w[:2].upper()}R) and ( x ( y ) z ) mean ({i})"
                    for i, w in enumerate(["alpha", "gamma", "omega", "sigma", "delta"] * 20))
    assert all(b - a <= 400 for a, b, _, _ in _windows(text, 400))
    assert abbreviation_map(analyse(text, limit=400)) == detector(text) == find_abbreviations(text)


WORDS = ["(", ")", "a", "Bb", "CD", "walking", "distance", "6MWD", "(QoL)", "quality", "of", "life",
         "\n", "  ", "x(y)", "IL-6", "p", "=", "0.03", ";", "95%", "CI", "-", "GH", "general",
         "health", "(GH)", "Health", "(SF-36)", "short", "form"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=80), st.sampled_from(["", " ", "\n", "  "]),
       st.sampled_from([60, 200, 200_000]))
def test_same_map_as_whole_doc_detector(detector, words, lead, limit):
    text = lead + " ".join(words)
    assert abbreviation_map(analyse(text, limit=limit)) == detector(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab()\u00a0\u2009 \n\t.")), max_size=60), st.integers(1, 9))
def test_runs_found_a_block_at_a_time_equal_the_whole_text(text, block):
    from extractor.nlp import _runs

    whole = [a.tolist() for a in _runs(text, block=len(text) + 1)]
    assert [a.tolist() for a in _runs(text, block=block)] == whole
    # and what they mean: runs of characters that are not str.isspace
    starts = [i for i, c in enumerate(text) if not c.isspace() and (i == 0 or text[i - 1].isspace())]
    ends = [i for i in range(1, len(text) + 1) if not text[i - 1].isspace() and (i == len(text) or text[i].isspace())]
    assert whole == [starts, ends, [i for i, c in enumerate(text) if c == "("]]


def test_pipeline_built_directly_equals_spacy_blank():
    """The pipeline made without spacy.blank's configuration work tokenises as spacy.blank("en")
    does: the same tokenizer and vocabulary bytes, components and tokens."""
    import spacy

    from extractor.nlp import _nlp, _Parentheses

    ours = _nlp.__wrapped__()  # a new one: the process's pipeline has read other texts
    blank = spacy.blank("en")
    blank.add_pipe("abbreviation_detector").matcher = _Parentheses(blank.vocab)
    assert ours.tokenizer.to_bytes() == blank.tokenizer.to_bytes()
    assert ours.vocab.to_bytes() == blank.vocab.to_bytes()
    assert (ours.pipe_names, ours.max_length) == (blank.pipe_names, blank.max_length)
    text = ("Six-minute walk distance (6MWD) rose by 41.5 m (95% CI, 12.3–70.7; P=.006) vs. "
            "placebo; see https://example.org/a?b=1 and e-mail x@y.org, don't (n = 12/40).")
    assert [(t.text, t.idx, t.whitespace_) for t in ours.make_doc(text)] == \
        [(t.text, t.idx, t.whitespace_) for t in blank.make_doc(text)]


def test_brackets_that_define_nothing_are_not_read():
    # a number first, and the word before not spelt inside: no definition, no range tokenised
    stats = "Pain fell (95% CI 1.2 to 3.4; p = 0.03) in 40 adults (20%) [1]. No close (12"
    assert _windows(stats) == []
    assert find_abbreviations(stats) == whole_doc(stats) == {}
    text = stats + (" The body mass index (BMI) and CRP (C reactive protein) and the 6MWT "
                    "(6-minute walk test) were read.")
    assert _windows(text)
    assert find_abbreviations(text)["BMI"] == "body mass index"
    assert find_abbreviations(text) == whole_doc(text)


STATS = ["(", ")", "(95%", "CI", "1.2", "to", "3.4)", "(n", "=", "40)", "(20%)", "[1]", "OR", "odds",
         "ratio", "(odds", "ratio)", "(OR)", "CRP", "(C", "reactive", "protein)", "HR", "hazard", "12",
         "(12", "weeks)", "6MWT", "(6-minute", "walk", "test)", "(6MWT)", "x(1)", "w(", "\n"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(STATS), min_size=1, max_size=80), st.sampled_from([60, 200_000]))
def test_statistics_and_definitions_same_map_as_whole_doc_detector(detector, words, limit):
    text = " ".join(words)
    assert abbreviation_map(analyse(text, limit=limit)) == detector(text)
