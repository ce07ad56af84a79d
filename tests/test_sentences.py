"""Sentence and section splitting."""
import re

import pytest
from hypothesis import given, settings, strategies as st

from extractor.sentences import find_sections, sentence_bounds, split_sentences
from extractor.source import Source, SourceBuilder


def sents(line):
    return [line[a:b] for a, b in sentence_bounds(line)]


@pytest.mark.parametrize(
    "line, expected",
    [
        ("MSC vs. placebo was better. It was safe.", ["MSC vs. placebo was better.", "It was safe."]),
        ("As shown by Smith et al. in 2020, it works. Then it failed.", ["As shown by Smith et al. in 2020, it works.", "Then it failed."]),
        ("Smith et al. Reported it first.", ["Smith et al. Reported it first."]),
        ("See Fig. 2 for details. Table 1 lists them.", ["See Fig. 2 for details.", "Table 1 lists them."]),
        ("Some drugs, e.g. statins, help. Others i.e. none do.", ["Some drugs, e.g. statins, help.", "Others i.e. none do."]),
        ("The OR was 1.68 (p=0.2819). The GH score rose.", ["The OR was 1.68 (p=0.2819).", "The GH score rose."]),
        ("Tumorigenesis (n=22 vs 21) was rare. None died.", ["Tumorigenesis (n=22 vs 21) was rare.", "None died."]),
        ("Reported by J. A. Smith and colleagues. Good.", ["Reported by J. A. Smith and colleagues.", "Good."]),
        ("Trial No. 5 ended early. No. It did not.", ["Trial No. 5 ended early.", "No.", "It did not."]),
        ("Mean age was 64.5 years. 40 patients were women.", ["Mean age was 64.5 years.", "40 patients were women."]),
        ("In the U.S. trials were larger.", ["In the U.S. trials were larger."]),
        ("“It works,” they said. “Really?” Yes.", ["“It works,” they said.", "“Really?”", "Yes."]),
        (
            "Median follow-up was 1,106 days. [Stem Cell Res Ther 2025;doi:10.1186/s13287-025-04148-1] Next one.",
            ["Median follow-up was 1,106 days. [Stem Cell Res Ther 2025;doi:10.1186/s13287-025-04148-1]", "Next one."],
        ),
        ("It was fine (see below). (Data not shown.) Done.", ["It was fine (see below).", "(Data not shown.)", "Done."]),
        ("P < .001 for all. Good.", ["P < .001 for all.", "Good."]),
        ("  Leading and trailing spaces.  ", ["Leading and trailing spaces."]),
    ],
)
def test_sentence_bounds(line, expected):
    assert sents(line) == expected


def _source(blocks):
    """blocks: list of (kind, text) with kind 'h' (heading) or 'p' (paragraph)."""
    b = SourceBuilder("html")
    for kind, text in blocks:
        s, e = b.add(text)
        b.mark(s, e, "heading" if kind == "h" else "paragraph", level=2)
        b.newline()
    return b.build()


def test_sentences_never_cross_lines_or_headings():
    src = _source([("p", "First paragraph without a period"), ("h", "Methods"), ("p", "Patients were enrolled. Then randomised")])
    out = split_sentences(src)
    assert [s.text for s in out] == ["First paragraph without a period", "Methods", "Patients were enrolled.", "Then randomised"]
    assert [s.section for s in out] == [None, "methods", "methods", "methods"]
    for s in out:
        assert src.text[s.prov.char_start:s.prov.char_end] == s.text == s.prov.quote


def test_sections_normalised_and_subheadings_inherit():
    src = _source([
        ("h", "Abstract"), ("p", "Short."),
        ("h", "2. Materials and Methods"), ("p", "We did it."),
        ("h", "Study design"), ("p", "Randomised."),
        ("h", "RESULTS"), ("p", "It worked."),
        ("h", "Acknowledgements"), ("p", "Thanks."),
        ("h", "Reinfection rate"), ("p", "Low."),
        ("h", "References"), ("p", "1. Smith J. A paper. Lancet. 2020;1:1-2."),
    ])
    secs = find_sections(src)
    assert [(s.name, s.heading) for s in secs] == [
        ("abstract", "Abstract"), ("methods", "2. Materials and Methods"), ("methods", "Study design"),
        ("results", "RESULTS"), ("other", "Acknowledgements"), ("other", "Reinfection rate"),
        ("references", "References"),
    ]
    out = split_sentences(src, secs)
    # a reference entry is one sentence, however many periods it has
    assert out[-1].text == "1. Smith J. A paper. Lancet. 2020;1:1-2." and out[-1].section == "references"


def test_title_is_not_a_section():
    b = SourceBuilder("html")
    s, e = b.add("A title")
    b.mark(s, e, "heading", level=1)
    b.mark(s, e, "title")
    b.newline()
    b.add("Body text.")
    src = b.build()
    assert [(x.name, x.heading) for x in find_sections(src)] == [(None, None)]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab Z.?!\n[]()“”0.9 e.g. vs. al.")), max_size=200))
def test_sentences_are_exact_trimmed_slices(text):
    src = Source.from_text(text)
    out = split_sentences(src)
    prev_end = 0
    for s in out:
        assert text[s.prov.char_start:s.prov.char_end] == s.text
        assert s.text == s.text.strip() and s.text
        assert "\n" not in s.text
        assert s.prov.char_start >= prev_end
        prev_end = s.prov.char_end
    # every letter and digit is in exactly one sentence (pure punctuation is no sentence)
    covered = sum(len(re.findall(r"\w", s.text)) for s in out)
    assert covered == len(re.findall(r"\w", text))
