"""Numbered reference entries glued onto one line.

A PDF reader can join several entries of a numbered list into one line ("... Free Full Text
40 Okafor N, ..."); a number there opens an entry only when it is the next label of the list
and an author list (family name with initials, or a group author) follows it.  Volumes, pages,
years, DOI fragments and counts in titles stay inside their entry.
"""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.references import extract_references
from extractor.references.lists import find_reference_region, split_entries
from refs_context import make_context


def _split(text: str) -> list[tuple[str, str]]:
    region = find_reference_region(text)
    assert region is not None
    return [(e.label, " ".join(e.raw.split())) for e in split_entries(text, region)]


F1000_LIKE = (
    "References\n"
    "1. Okafor N, Brandt L: Odorant-binding proteins of a biting midge. Insect Mol Biol. "
    "2013; 22(4): 318–27. PubMed Abstract | Publisher Full Text\n"
    "2. Hayes DT, Perrault J, Lund CW: An odorant receptor of a sand fly. "
    "J Chem Ecol. 2009; 35(6): 612–19. PubMed Abstract | Publisher Full Text | Free Full Text "
    "3 Marchetti S, Ruiz P, Chen Y, et al.: Crystal structure of an odorant-binding protein from a sand fly. "
    "Insect Biochem Mol Biol. 2014; 44(3): 205–14. PubMed Abstract | Publisher Full Text "
    "4. Lindqvist C, Amari W: Binding of plant volatiles by a pheromone-binding protein. Structure. "
    "2008; 16(7): 1032–41. PubMed Abstract | Free Full Text "
    "5. World Health Organization: Handbook for integrated vector management. Geneva: WHO; 2012.\n"
)


def test_glued_numbered_entries_split_at_the_next_label():
    got = _split(F1000_LIKE)
    assert [lab for lab, _ in got] == ["1", "2", "3", "4", "5"]
    assert got[1][1].endswith("Free Full Text")
    assert got[2][1].startswith("3 Marchetti S, Ruiz P")
    assert got[2][1].endswith("PubMed Abstract | Publisher Full Text")
    assert got[4][1].startswith("5. World Health Organization")


def test_glued_entries_parse_and_link_callouts():
    text = "Binding was measured as before^2,3 and in the field^5.\n" + F1000_LIKE
    refs, cites = extract_references(make_context(text))
    assert [r.label for r in refs] == ["1", "2", "3", "4", "5"]
    assert [r.year for r in refs] == [2013, 2009, 2014, 2008, 2012]
    assert refs[2].authors[0]["family"] == "Marchetti"
    assert refs[2].volume == "44"
    assert sorted({c.ref_ordinal for c in cites}) == [2, 3, 5]


def test_group_author_after_a_glued_label():
    text = ("References\n"
            "1. Adams B, Cole D: Vector control in Africa. Lancet. 2010; 376: 12–20. PubMed Abstract "
            "2 World Health Organization. Global malaria report. Geneva: WHO; 2015.\n")
    assert [lab for lab, _ in _split(text)] == ["1", "2"]


def test_volume_page_and_year_equal_to_the_next_label_do_not_split():
    text = ("References\n"
            "1. Smith J, Doe A: Fluids in shock. Crit Care. 2010; 2 Suppl: 100–9. PubMed Abstract\n"
            "2. Lee K, Park S: Early antibiotics: 3 Trials compared. BMJ. 2011; 3: 3 Pages. "
            "doi: 10.1136/bmj.3 Publisher Full Text\n"
            "3. Adams B: Outcomes in Table 4 Patients treated early. Chest. 2012; 4(4): 4–9.\n"
            "4. Brown C, Green D: Sepsis bundles. JAMA. 2013; 309: 1–8.\n")
    got = _split(text)
    assert [lab for lab, _ in got] == ["1", "2", "3", "4"]
    assert got[1][1].endswith("doi: 10.1136/bmj.3 Publisher Full Text")
    assert "Table 4 Patients treated early" in got[2][1]


def test_mid_line_label_yields_to_the_same_label_at_a_line_start():
    text = ("References\n"
            "1. Smith J, Doe A: Fluids in shock. Crit Care. 2010; 14: 100–9.\n"
            "2. Lee K, Park S: Sepsis in the elderly, as in reference 3 Smith J, et al. "
            "BMJ. 2011; 343: d1–d9.\n"
            "3. Adams B: Steroids in septic shock. Chest. 2012; 141: 4–9.\n")
    got = _split(text)
    assert [lab for lab, _ in got] == ["1", "2", "3"]
    assert got[2][1].startswith("3. Adams B")


def test_unnumbered_text_is_not_numbered_by_mid_line_numbers():
    text = ("References\n"
            "Adams J, Doe A (2003) Sepsis in 2 Smith J cohorts. Oxford University Press\n"
            "Lee K (2010) Another title. J Biol Chem 5: 1–10\n")
    assert all(lab is None for lab, _ in _split(text))


_FAMS = ["Okafor", "Brandt", "Hughes", "Marchetti", "Lindqvist", "Amari", "Chen", "Ruiz", "Vogel"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_FAMS), st.sampled_from(_FAMS), st.sampled_from("ABKLM"),
                          st.integers(1990, 2024), st.integers(1, 12), st.integers(1, 12),
                          st.integers(1, 12), st.sampled_from(["", ".", "[]"]),
                          st.sampled_from(["PubMed Abstract", "Free Full Text", "Wiley", ""])),
                min_size=2, max_size=9))
def test_property_glued_numbered_lists_split_only_at_labels(items):
    """Volumes, issues and pages drawn from the same small numbers as the labels never split
    an entry; every label followed by its authors does, wherever it sits on the line."""
    parts = []
    for k, (fam, fam2, ini, year, vol, iss, page, form, tail) in enumerate(items, 1):
        label = f"[{k}]" if form == "[]" else f"{k}{form}"
        if k == 1:
            label = "1."
        parts.append(f"{label} {fam} {ini}, {fam2} {ini}: A study of {vol} odorant receptors. "
                     f"J Chem Ecol. {year}; {vol}({iss}): {page}–{page + 3}. {tail}".rstrip())
    text = "References\n" + " ".join(parts) + "\n"
    got = _split(text)
    assert [lab for lab, _ in got] == [str(k) for k in range(1, len(items) + 1)]
    assert [raw for _, raw in got] == parts


def test_list_ends_before_a_run_of_undecodable_lines():
    """Three lines of glyphs without a Unicode map (a review report in a symbol font) end the
    list; one such line between entries (a page footer) does not."""
    footer = "\x13\xb7\xbd\xbb\x03\u02c0\x03\xc5\xbc\x03\u02b8\u02bb"
    text = ("References\n"
            "1. Smith J, Doe A: Fluids in shock. Crit Care. 2010; 14: 100–9.\n"
            f"{footer}\n"
            "2. Lee K, Park S: Sepsis in the elderly. BMJ. 2011; 343: d1–d9. Data Source\n"
            f"{footer}\n\x12\xc6\xbb\xc4\x03\x13\xbb\xbb\xc8\x03\x15\xbb\n\x06\xcb\xc8\x03\x15\xbb\x03\x16\xca\n"
            "Version 3\nReferee Report 14 March 2016\n")
    got = _split(text)
    assert [lab for lab, _ in got] == ["1", "2"]
    assert got[1][1].endswith("d1–d9. Data Source")


def test_bracketed_label_after_an_identifier_opens_an_entry_whatever_follows():
    """In a list labelled "[1]", "[2]", the next bracketed label mid-line opens an entry even
    when a web address or names without commas follow it (a PubMed id closes the entry before)."""
    text = ("References\n"
            "[1] Nadal P Ortiz R Bone density testing rates Osteoporos Int 2004 19 783 790 "
            "Nadal P, Ortiz R. Bone density testing rates. Osteoporos Int. 2004;19:783–90. 15209594 "
            "[2] http://www.example.org/osteoporosis/measures.htm accessed May 2, 2006. "
            "[3] Harlow JT Brook SB Fracture patients are not treated Arthritis Care Res 2002 47 651 654\n")
    got = _split(text)
    assert [lab for lab, _ in got] == ["1", "2", "3"]
    assert got[1][1] == "[2] http://www.example.org/osteoporosis/measures.htm accessed May 2, 2006."


def test_label_opening_a_printed_line_the_reader_joined_opens_an_entry():
    """A reader that joins a paragraph's printed lines with spaces passes the line starts: a
    label there opens an entry whatever follows it (a web address, names without commas)."""
    entries = ["1. Nadal P Ortiz R Bone density testing rates Osteoporos Int 2004 19 783 790 15209594",
               "2. http://www.example.org/osteoporosis/measures.htm accessed May 2, 2006.",
               "3. Harlow JT Brook SB Fracture patients are not treated Arthritis Care Res 2002 47 651 654",
               "4. Quist LM Marra M Corticosteroid induced bone loss Arthritis Rheum 1999 42 1736 1739"]
    text = "References\n" + " ".join(entries) + "\n"
    region = find_reference_region(text)
    starts = [text.index(e) for e in entries[1:]]
    assert [lab for lab, _ in _split(text)] != ["1", "2", "3", "4"]  # no cue without the line starts
    got = [(e.label, e.raw) for e in split_entries(text, region, starts)]
    assert got == [(str(k), e) for k, e in enumerate(entries, 1)]


def test_numbers_left_out_of_a_list_do_not_end_it():
    """A list renumbered after entries were dropped (6, then 9) goes on at a label up to three
    further on when it opens a line in the list's own form; a bare number at a line start (a
    volume run over) does not skip ahead."""
    text = ("References\n"
            "1. Smith J, Doe A. Fluids in shock. Crit Care. 2010;14:100-9.\n"
            "2. Lee K, Park S. Sepsis in the elderly. BMJ. 2011;343:d1-d9.\n"
            "5. Adams B. Steroids in septic shock. Chest. 2012;141:4-9.\n"
            "6. Brown C, Green D. Sepsis bundles. JAMA. 2013;309:1-8.\n")
    got = _split(text)
    assert [lab for lab, _ in got] == ["1", "2", "5", "6"]
    bare = ("References\n"
            "1 Smith J, Doe A. Fluids in shock. Crit Care. 2010;14:100-9. Suppl\n"
            "2 Lee K, Park S. Sepsis in the elderly. BMJ. Vol\n"
            "4 Trials compared. 2011;343:d1-d9.\n")
    assert [lab for lab, _ in _split(bare)] == ["1", "2"]


def test_skipped_number_printed_later_is_waited_for():
    """A label further on is no skip when the number expected is printed at a line start later."""
    text = ("References\n"
            "1. Smith J, Doe A. Fluids in shock. Crit Care. 2010;14:100-9.\n"
            "2. Lee K, Park S. Sepsis in the elderly. BMJ. 2011;343:d1-d9. Cited in\n"
            "4. Adams B. Steroids. Chest. 2012;141:4-9.\n"
            "3. Brown C, Green D. Sepsis bundles. JAMA. 2013;309:1-8.\n"
            "4. Adams B, White E. Steroids in septic shock. Chest. 2014;145:4-9.\n")
    got = _split(text)
    assert [lab for lab, _ in got] == ["1", "2", "3", "4"]
    assert got[1][1].endswith("Cited in 4. Adams B. Steroids. Chest. 2012;141:4-9.")
