"""Cutting author-year reference lists into entries when each entry fits on one line.

Without a hanging indent or a blank line, an entry that ends in a word ("Oxford University
Press") gives no closing cue; the next line opens an entry when it has the author-then-year
shape, the previous line does not end mid-entry, and the first authors keep alphabetical order.
"""
from __future__ import annotations

from fpdf import FPDF
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.references import extract_references
from extractor.references.lists import find_reference_region, split_entries, visual_line_starts
from extractor.source import SourceBuilder
from refs_context import make_context

PLAIN = [
    "Adams J, Doe A (2003) Sepsis in older adults. Oxford University Press",
    "Lee K (2010) Another title. J Biol Chem 5: 1–10",
    "Mills P, Ortega R (2012) Fluids in shock. In: Critical care handbook",
    "World Health Organization (2014) Guidelines on sepsis care. WHO Press",
    "Young S, Zhang W (2019) Early antibiotics in the emergency department. Cambridge University Press",
]
APA = [
    "Smith, J. (2003). Title of the first book. Academic Press",
    "Taylor, K., & Park, S. (2010). Handbook of trial methods. Springer",
    "van der Berg, H. (2011). Vitamin D and falls. Routledge",
    "Wilson, R. J., Ng, T., & Ortiz, M. (2016). Pragmatic trials in primary care. Wiley-Blackwell",
]


def _entries(text: str, line_starts=()) -> list[str]:
    region = find_reference_region(text)
    assert region is not None
    return [" ".join(e.raw.split()) for e in split_entries(text, region, line_starts)]


def test_plain_text_one_line_entries_split():
    text = "Body text (Lee 2010).\nReferences\n" + "\n".join(PLAIN) + "\n"
    assert _entries(text) == PLAIN


def test_apa_one_line_entries_split():
    text = "Body (Smith, 2003).\n\nReferences\n" + "\n".join(APA) + "\n"
    assert _entries(text) == APA


def test_one_line_entries_link_their_callouts():
    text = "Sepsis is common (Adams and Doe 2003; Young and Zhang 2019).\nReferences\n" + "\n".join(PLAIN) + "\n"
    refs, cites = extract_references(make_context(text))
    assert [r.year for r in refs] == [2003, 2010, 2012, 2014, 2019]
    assert [r.title for r in refs][-1] == "Early antibiotics in the emergency department"
    assert sorted(c.ref_ordinal for c in cites) == [1, 5]


MIXED = (
    "References\n"
    "Abbott R, Banerjee S (2008) Outcomes of early goal-directed therapy in the emergency department\n"
    "and beyond. Journal of Emergency Medicine 12: 3–4\n"
    "Baker T (2015) Early mobilisation after cardiac surgery. Wiley\n"
    "Carter M, Dunn P, Evans Q, Fox R, Green S, Hill T,\n"
    "Ivers U (2009) Oxytocin release and restraint stress. Hormones and Behavior 55: 10–20\n"
    "Davies R, Ellis H, and\n"
    "Foster G (2018) Long-term outcomes of sepsis survivors. PhD thesis, University of Bristol\n"
    "Evans L (2011) A study of the National Health Service in\n"
    "England (1948) and Wales. Health Policy 3: 1–9\n"
    "Fischer G, Kowalski P (2011) Hydrocortisone in septic shock: a cohort study. Chest 139: 1000–1011\n"
    "Garcia M (2020) Title wrapped onto a line that names the journal\n"
    "Critical Care Medicine 2020, 48: 1–9\n"
    "Hughes N (2021) Aspirin in sepsis. Oxford University Press\n"
)
MIXED_FIRST_AUTHORS = ["Abbott", "Baker", "Carter", "Davies", "Evans", "Fischer", "Garcia", "Hughes"]


def test_mixed_one_line_and_wrapped_entries():
    text = "Body.\n" + MIXED
    refs, _ = extract_references(make_context(text))
    assert [r.authors[0]["family"] for r in refs] == MIXED_FIRST_AUTHORS
    assert [r.authors[-1]["family"] for r in refs][2:4] == ["Ivers", "Foster"]
    assert refs[0].raw.endswith("Journal of Emergency Medicine 12: 3–4")
    assert "England (1948) and Wales" in refs[4].raw
    assert [a["family"] for a in refs[5].authors] == ["Fischer", "Kowalski"]
    assert refs[6].raw.endswith("Critical Care Medicine 2020, 48: 1–9")


def test_author_year_line_out_of_alphabetical_order_stays_a_continuation():
    """After a line that ends in a word, a name-and-year line that breaks the alphabetical order
    of first authors is read as part of the entry (a wrapped title quoting a study)."""
    text = ("References\n"
            "Quinn P (2012) Replication of the trial reported by\n"
            "Baker T (2009) in older adults. Lancet 380: 1–9\n"
            "Roberts S (2013) Fluids. BMJ 346: f1\n")
    assert [e.split(" ")[0] for e in _entries(text)] == ["Quinn", "Roberts"]


def test_line_after_a_function_word_continues_the_entry():
    """'... edited by\nSmith J (2003)' and '... a re-analysis of\nTaylor K (2001)' go on."""
    text = ("References\n"
            "Abbott R (2005) Sepsis. In: Critical care, edited by\n"
            "Smith J (2003 edn). Oxford University Press\n"
            "Baker T (2008) A re-analysis of\n"
            "Taylor K (2001) trial data. Wiley\n"
            "Chen L (2010) Fluids. BMJ 340: c1\n")
    assert [e.split(" ")[0] for e in _entries(text)] == ["Abbott", "Baker", "Chen"]


def test_numbered_list_unchanged():
    text = ("References\n"
            "1. Smith J, Doe A (2003) Title of the paper. Oxford University Press\n"
            "2. Lee K (2010) Another title. J Biol Chem 5: 1–10\n"
            "3. Adams B (2011) Third title. Wiley\n")
    region = find_reference_region(text)
    entries = split_entries(text, region)
    assert [e.label for e in entries] == ["1", "2", "3"]


def _glued_source(lines: list[str]):
    """A PDF-like Source: the printed lines joined with reader-inserted spaces (box None)."""
    b = SourceBuilder("pdf", paged=True)
    b.add("References", [(60.0, 100.0, 62.0, 110.0)] * len("References"))
    b.newline()
    for k, line in enumerate(lines):
        if k:
            b.space()
        top = 112.0 + 11.5 * k
        b.add(line, [(60.0 + 4 * i, top, 64.0 + 4 * i, top + 10) for i in range(len(line))])
    b.newline()
    return b.build()


def test_pdf_like_lines_joined_with_spaces():
    src = _glued_source(PLAIN)
    region = find_reference_region(src.text)
    starts = visual_line_starts(src.text, src.boxes, *region)
    assert len(starts) == len(PLAIN) - 1
    assert _entries(src.text, starts) == PLAIN
    refs, _ = extract_references(make_context(src.text, src))
    assert [" ".join(r.raw.split()) for r in refs] == PLAIN


def test_real_pdf_mixed_layout(tmp_path):
    from extractor import extract

    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)
    pdf.set_xy(60, 60)
    pdf.cell(0, 11, "Sepsis outcomes were studied (Abbott and Banerjee 2008; Hughes 2021).")
    pdf.set_font("Helvetica", "B", 10)
    pdf.set_xy(60, 80)
    pdf.cell(0, 12, "References")
    pdf.set_font("Helvetica", size=9)
    lines = MIXED.replace("\u2013", "-").splitlines()[1:]
    for k, line in enumerate(lines):
        pdf.set_xy(60, 98 + 11.5 * k)
        pdf.cell(0, 11, line)
    path = tmp_path / "mixed.pdf"
    path.write_bytes(bytes(pdf.output()))
    refs = extract(path).references
    assert [r.authors[0]["family"] for r in refs] == MIXED_FIRST_AUTHORS


_FAMILIES = ["Abbott", "Baker", "Chen", "Dunn", "Ellis", "Fischer", "Garcia", "Hughes", "Ito",
             "Jones", "Khan", "Lopez", "Moreau", "Nguyen", "Okafor", "Patel", "Quinn", "Rossi"]
_ENDINGS = ["Oxford University Press", "Wiley, London", "PhD thesis, University of Bristol",
            "Lancet 380: 1–9", "Available at www.who.int", "In: Hormones and behaviour",
            "Journal of Emergency Medicine"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_FAMILIES), st.sampled_from("ABCDKLM"),
                          st.integers(1950, 2024), st.sampled_from(_ENDINGS),
                          st.sampled_from(["paren", "apa", "bare"])),
                min_size=2, max_size=8))
def test_property_alphabetical_one_line_lists_split(items):
    items = sorted(items)
    lines = []
    for fam, ini, year, ending, style in items:
        if style == "paren":
            lines.append(f"{fam} {ini} ({year}) A study of sepsis care. {ending}")
        elif style == "apa":
            lines.append(f"{fam}, {ini}. ({year}). A study of sepsis care. {ending}")
        else:
            lines.append(f"{fam} {ini} {year}. A study of sepsis care. {ending}")
    text = "References\n" + "\n".join(lines) + "\n"
    assert _entries(text) == lines


def test_group_author_opening_with_an_initial():
    """'R Development Core Team (2008)' opens an entry; initials after a broken family name
    ('Zimmerman\\nRR, ...') still do not."""
    text = ("References\n"
            "Pardo PM, Tanaka SD (2004) Nest site fidelity in terns. Behav Ecol Sociobiol 56:311–320 "
            "R Development Core Team (2009) R: a language and environment for statistical computing. "
            "R Foundation for Statistical Computing, Vienna, http://www.R-project.org "
            "Rasmussen K (2003) Kinship and spacing in breeding terns. PhD dissertation, "
            "University of Aberdeen Rivera JJ, Falk MA, Zimmer\n"
            "RR (1995) Energy use during long fasts. Am J Physiol 268:R44–R51\n")
    assert [e.split(" (")[0] for e in _entries(text)] == [
        "Pardo PM, Tanaka SD", "R Development Core Team", "Rasmussen K", "Rivera JJ, Falk MA, Zimmer RR"]


VANCOUVER_UNNUMBERED = (
    "References\n"
    "Okafor N, Lind T, Berg A, et al. Oral fluids after day surgery: a pilot study. Anaesthesia.\n"
    "2016;71:55-61. PMID: 26511093.\n"
    "Tanaka H, Weiss R. Sealed envelopes in nursing trials. Trials. 2012;13:102.\n"
    "World Health Organization. Surgical safety checklist. Geneva: WHO; 2009.\n"
    "Moreau P. Thirst after anaesthesia. J Perianesth Nurs. 2018;33:14-22.\n"
)


def test_unnumbered_vancouver_entries_split_at_reader_paragraphs():
    """A PDF reader sets each hanging-indent entry apart as a paragraph (one line of text): an
    author list after a line that closed an entry opens the next one, with or without a year
    beside the names; a line opening with a number continues its entry."""
    text = VANCOUVER_UNNUMBERED
    region = (text.index("Okafor"), len(text))
    entries = split_entries(text, region, paragraphs=True)
    assert [e.raw.split(".")[0] for e in entries] == [
        "Okafor N, Lind T, Berg A, et al", "Tanaka H, Weiss R", "World Health Organization", "Moreau P"]
    assert entries[0].raw.endswith("2016;71:55-61. PMID: 26511093.")
    for e in entries:
        assert text[e.start:e.end].replace("\n", " ") == e.raw


# One entry per paragraph (a PDF whose reader set each entry apart), in a style without
# punctuation between fields; one entry has no author at all and one a group author run into
# its title. Written for this test.
PARAGRAPH_ENTRIES = """References
Halvorsen K Mbeki T Early mobilisation after hip fracture surgery Injury 2011 42 101 107 21111111
Quist A Ferreira L Pain scores after knee replacement Knee 2009 16 12 18 19191919
Bone Health Society Recommendations for the management of fragility fractures: 2005 update Osteoporos Int 2005 16 77 85
Ostafen(R) tablets: prescribing information
Laine R Okoro C Osei D Gastrointestinal outcomes of two analgesics BMJ 2004 328 1 5 15151515
Novak P Ibrahim S A trial of early physiotherapy Physiotherapy 2012 98 44 50 22222222
Tamm E Rossi G Falls after discharge Age Ageing 2010 39 300 305 20202020
Varga Z Lund M Delirium in older surgical patients J Am Geriatr Soc 2008 56 20 26 18181818
Wright J Chen Y Osteoporosis treatment gaps Bone 2013 52 70 75 23232323
Yildiz A Moreau P Rehabilitation intensity Clin Rehabil 2014 28 9 15 24242424
"""


def test_one_entry_per_paragraph_opens_entries_without_an_author_list():
    text = PARAGRAPH_ENTRIES
    region = (text.index("Halvorsen"), len(text))
    entries = split_entries(text, region, paragraphs=True)
    assert [e.raw.split(" ")[0] for e in entries] == [
        "Halvorsen", "Quist", "Bone", "Ostafen(R)", "Laine", "Novak", "Tamm", "Varga", "Wright", "Yildiz"]
    for e in entries:
        assert text[e.start:e.end].replace("\n", " ") == e.raw
    # without the reader's paragraphs the lines are only lines: the two entries without an
    # author list run on from the entry before them
    assert len(split_entries(text, region)) < 10


def test_text_a_reader_sets_aside_stays_out_of_the_entries():
    """Labels drawn inside a figure and a margin banner, written where their page ends, fall
    between entries: they belong to no entry."""
    b = SourceBuilder("pdf", paged=True)
    b.new_page()
    b.add("References", [(60.0, 100.0, 62.0, 110.0)] * len("References"))
    b.newline()
    y = 112.0
    for k, line in enumerate(PLAIN):
        if k == 2:
            for label, aside in (("figure_text", "Week 4 Week 8 Control Intervention"),
                                 ("margin", "Journal of Ambulatory Care · Fluids")):
                a, e = b.add(aside, [(300.0, 400.0, 304.0, 410.0)] * len(aside))
                b.mark(a, e, label)
                b.newline()
        b.add(line, [(60.0 + 4 * i, y, 64.0 + 4 * i, y + 10) for i in range(len(line))])
        b.newline()
        y += 11.5
    src = b.build()
    refs, _ = extract_references(make_context(src.text, src))
    assert [" ".join(r.raw.split()) for r in refs] == PLAIN


# A numbered list, then headings of the list's own: a reading list without numbers and a note
# on the review history.  Written for this test.
SUBLISTS = """References
1. Okafor N, Lind T. Oral fluids after day surgery: a pilot study. Anaesthesia. 2016;71:55-61.
2. Tanaka H, Weiss R. Sealed envelopes in nursing trials. Trials. 2012;13:102.
Web resources
Hart L (2009) Recovery ward nursing. Oxford: Blackwell Scientific
Moreau P (2018) Thirst after anaesthesia. J Perianesth Nurs 33:14-22
Review history
The review history of this article is available from:
https://www.example.org/reviews/fluids-2016
"""


def _with_headings(text: str, heads: list[str]):
    b = SourceBuilder("text")
    b.add(text)
    for h in heads:
        a = text.index("\n" + h + "\n") + 1
        b.mark(a, a + len(h), "heading", level=2)
    return b.build()


def test_headings_inside_a_list_close_entries_and_are_left_out():
    src = _with_headings(SUBLISTS, ["Web resources", "Review history"])
    refs, _ = extract_references(make_context(src.text, src))
    assert [" ".join(r.raw.split()) for r in refs] == [
        "1. Okafor N, Lind T. Oral fluids after day surgery: a pilot study. Anaesthesia. 2016;71:55-61.",
        "2. Tanaka H, Weiss R. Sealed envelopes in nursing trials. Trials. 2012;13:102.",
        "Hart L (2009) Recovery ward nursing. Oxford: Blackwell Scientific",
        "Moreau P (2018) Thirst after anaesthesia. J Perianesth Nurs 33:14-22",
        "The review history of this article is available from: https://www.example.org/reviews/fluids-2016",
    ]
    for r in refs:
        assert src.text[r.prov.char_start:r.prov.char_end] == r.prov.quote


def test_a_heading_span_over_reference_text_cuts_nothing():
    """A span a reader marked as a heading over text with digits or a full stop (a bold year and
    volume line) is no sub-list heading: the entry stays whole."""
    text = ("References\n1. Okafor N, Lind T. Oral fluids after day surgery.\nAnaesthesia 2016;71:55-61.\n"
            "2. Tanaka H, Weiss R. Sealed envelopes in nursing trials. Trials. 2012;13:102.\n")
    src = _with_headings(text, ["Anaesthesia 2016;71:55-61."])
    refs, _ = extract_references(make_context(src.text, src))
    assert [" ".join(r.raw.split()) for r in refs] == [
        "1. Okafor N, Lind T. Oral fluids after day surgery. Anaesthesia 2016;71:55-61.",
        "2. Tanaka H, Weiss R. Sealed envelopes in nursing trials. Trials. 2012;13:102."]


def test_a_short_entry_the_numbering_opens_is_kept():
    """An entry whose label is next in sequence is one however little it holds; page numbers
    and short text without a label in an unnumbered list stay out."""
    text = ("References\n1. Okafor N, Lind T. Oral fluids after day surgery. Anaesthesia. 2016;71:55-61.\n"
            "2. 2011.\n3. Tanaka H, Weiss R. Sealed envelopes in nursing trials. Trials. 2012;13:102.\n")
    assert [e.raw for e in split_entries(text, find_reference_region(text))] == [
        "1. Okafor N, Lind T. Oral fluids after day surgery. Anaesthesia. 2016;71:55-61.", "2. 2011.",
        "3. Tanaka H, Weiss R. Sealed envelopes in nursing trials. Trials. 2012;13:102."]
    text = "References\n\nAdams J (2003) Sepsis in older adults. Lancet 2: 1-9\n\n12\n\nLee K (2010) Fluids. BMJ 5: 1-10\n"
    assert [e.raw for e in split_entries(text, find_reference_region(text))] == [
        "Adams J (2003) Sepsis in older adults. Lancet 2: 1-9", "Lee K (2010) Fluids. BMJ 5: 1-10"]


def test_one_line_set_further_in_does_not_turn_continuation_lines_into_entries():
    """A hanging-indent list (entries at x 0, their further lines at x 14) with one continuation
    line set 13 points further in (a line opening with a wide glyph): the lines at x 14 still
    continue their entries."""
    from extractor.references.lists import indent_starts

    rows = [(0, "Alder K (2015) Fluid balance after"), (14, "ambulatory surgery. Br J Anaesth 114"),
            (0, "Casey M, Dunn R (2016) Early drinking"), (14, "and nausea in day surgery: a cohort"),
            (27, "“study”. Anaesthesia 71:55-61"), (0, "Fahey T (2017) Discharge criteria in"),
            (14, "ambulatory care. Curr Opin 30:702-7"), (0, "Gould D (2018) Thirst and comfort"),
            (14, "in the recovery ward. J Nurs 33:14-22")]
    text = "\n".join(t for _, t in rows)
    boxes, y = [], 0.0
    for x, t in rows:
        boxes += [(x + 4.0 * i, y, x + 4.0 * i + 4, y + 10) for i in range(len(t))] + [None]
        y += 12
    opens = indent_starts(text, boxes[:len(text)], 0, len(text))
    assert [text[o:o + 5] for o in opens] == ["Alder", "Casey", "Fahey", "Gould"]


def test_a_tab_between_two_columns_lines_opens_a_line():
    """The tail of an entry in the left column and the last entry in the right one, set side by
    side by the reader as one row ("...\tTanaka H ..."): the right one opens an entry (a hanging
    list: entries at x 60 and 330, their further lines 14 points in)."""
    from extractor.references.lists import indent_starts

    rows = [[(60, "References")], [(60, "Okafor N Lind T Oral fluids after day surgery Anaesthesia 2016 71")],
            [(74, "55 61 26511093"), (330, "Tanaka H Weiss R Sealed envelopes in nursing trials")],
            [(344, "Trials 2012 13 102")]]
    text, boxes, y = "", [], 0.0
    for row in rows:
        for k, (x, part) in enumerate(row):
            if k:
                text += "\t"
                boxes.append(None)
            text += part
            boxes += [(x + 4.0 * i, y, x + 4.0 * i + 4, y + 10) for i in range(len(part))]
        text += "\n"
        boxes.append(None)
        y += 12
    region = find_reference_region(text)
    starts = visual_line_starts(text, boxes, *region)
    assert text.index("Tanaka") in starts
    opens = indent_starts(text, boxes, *region, starts)
    entries = split_entries(text, region, starts, paragraphs=True, opens=opens)
    assert [e.raw.split(" ")[0] for e in entries] == ["Okafor", "Tanaka"]


def test_a_heading_between_numbered_entries_does_not_cut_the_list():
    """Other matter set between entries 2 and 3 of a numbered list ("Author contributions" at
    the foot of a column): the numbers go on after it, so the numbers alone cut the list."""
    text = ("References\n1. Okafor N, Lind T. Oral fluids after day surgery. Anaesthesia. 2016;71:55-61.\n"
            "2. Tanaka H, Weiss R. Sealed envelopes in nursing trials.\nAuthor contributions\n"
            "NO designed the study and wrote the manuscript.\nTrials. 2012;13:102.\n"
            "3. Moreau P. Thirst after anaesthesia. J Perianesth Nurs. 2018;33:14-22.\n")
    src = _with_headings(text, ["Author contributions"])
    refs, _ = extract_references(make_context(src.text, src))
    assert [r.label for r in refs] == ["1", "2", "3"]
    assert refs[1].raw.endswith("Trials. 2012;13:102.")
