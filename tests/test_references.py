"""Reference lists, news brackets and in-text callouts on hand-annotated fixtures.

Each fixture ``tests/data/refs/NAME.txt`` (or ``.xml``) is a realistic article fragment in one
citation style; ``NAME.gold.json`` holds what a reviewer reads off it (written by hand); the
extractor must reproduce every gold field exactly.  ``tests/golden/refs/NAME.json`` keeps the
full output for review in diffs (``pytest --update-golden``).
"""
import json
from collections import Counter
from pathlib import Path

import pytest

from extractor.model import to_dict
from extractor.references import extract_references
from refs_context import jats_source, make_context

DATA = Path(__file__).parent / "data" / "refs"
FIXTURES = sorted(p.name[: -len(".gold.json")] for p in DATA.glob("*.gold.json"))
FIELDS = ("label", "title", "journal", "journal_iso", "year", "volume", "issue", "first_page",
          "last_page", "article_number", "doi", "pmid")


def load(name):
    xml = DATA / f"{name}.xml"
    if xml.exists():
        src = jats_source(xml)
        ctx = make_context(src.text, src)
    else:
        ctx = make_context((DATA / f"{name}.txt").read_text(encoding="utf-8"))
    refs, cites = extract_references(ctx)
    return ctx, refs, cites


def family_names(ref):
    return [a.get("family") or a.get("literal") for a in ref.authors]


@pytest.fixture(scope="module", params=FIXTURES)
def case(request):
    name = request.param
    gold = json.loads((DATA / f"{name}.gold.json").read_text(encoding="utf-8"))
    return name, gold, *load(name)


def test_fixture_count():
    assert len(FIXTURES) >= 10


def test_reference_fields(case):
    name, gold, ctx, refs, cites = case
    assert len(refs) == len(gold["references"])
    for ref, g in zip(refs, gold["references"]):
        got = {f: getattr(ref, f) for f in FIELDS}
        want = {f: g.get(f) for f in FIELDS}
        if "journal" in g:  # a trailing period is part of a dotted abbreviation or not printed
            got["journal"] = (got["journal"] or "").rstrip(".")
            want["journal"] = want["journal"].rstrip(".")
        if "label" not in g:
            got["label"] = None
        assert got == want, f"{name} #{ref.ordinal}: {ref.raw}"
        assert family_names(ref) == g.get("authors", []), f"{name} #{ref.ordinal}"


def test_callouts(case):
    name, gold, ctx, refs, cites = case
    got = Counter((c.marker, c.ref_ordinal) for c in cites)
    want = Counter((m, o) for m, ords in gold["callouts"] for o in ords)
    assert got == want


def test_provenance(case):
    name, gold, ctx, refs, cites = case
    for rec in [*refs, *cites]:
        p = rec.prov
        assert ctx.text[p.char_start:p.char_end] == p.quote
    for c in cites:
        assert c.sentence_seq is not None
        assert c.ref_ordinal in {r.ordinal for r in refs}


def test_golden(case, golden):
    name, gold, ctx, refs, cites = case
    out = {"references": to_dict(refs), "citations": to_dict(cites)}
    golden.check(f"refs/{name}.json", out, sort_keys=True)


# -- small, exact cases ------------------------------------------------------------------------
def refs_of(text):
    return extract_references(make_context(text))


@pytest.mark.parametrize("text", [
    "“[The current] findings suggest that MSC therapy holds promise,” they said.",
    "The follow-up evaluated 78 patients (49 [MSC] and 29 [placebo]).",
    "“[Our] previous follow-ups [suggest that] MSC therapy works,” said the researchers.",
    "The effect was large [sic] and [emphasis added] in 2020.",
    "Patients [n = 49, 2020 cohort] were followed.",
    "Results from the trial (Smith et al., 2020) were reported [see Table 2].",
])
def test_editorial_brackets_are_never_references(text):
    assert refs_of(text) == ([], [])


def test_bracket_broken_across_lines_and_columns():
    text = ("Median follow-up was 1,106 days. [Stem Cell Res Ther 2025;doi:10.1186/s13287-025-\n"
            "04148-1]\nAt month 36 ... prognoses. [Lancet Respir Med\n2020;8:475-481; JAMA 2020;324:782-793]")
    refs, cites = refs_of(text)
    assert [(r.journal_iso, r.year, r.volume, r.first_page, r.last_page, r.doi) for r in refs] == [
        ("Stem Cell Res Ther", 2025, None, None, None, "10.1186/s13287-025-04148-1"),
        ("Lancet Respir Med", 2020, "8", "475", "481", None),
        ("JAMA", 2020, "324", "782", "793", None),
    ]
    assert [c.ref_ordinal for c in cites] == [1, 2, 3]
    assert cites[1].marker == "[Lancet Respir Med\n2020;8:475-481; JAMA 2020;324:782-793]"


def test_repeated_bracket_is_one_reference_two_callouts():
    refs, cites = refs_of("A [Lancet 2024;404:707-724]. B again [Lancet 2024;404:707-724].")
    assert len(refs) == 1 and [c.ref_ordinal for c in cites] == [1, 1]


@pytest.mark.parametrize("text", [
    "Cells were given at 4×10^7 cells/dose.^1",
    "Platelets below 150×10^9/L and BMI above 30 kg/m^2 were excluded.^1",
    "The area was 2 m^2 in each room.^1",
])
def test_exponents_and_units_are_not_callouts(text):
    text += "\nReferences\n1. Smith J, Doe A. A trial. Lancet. 2020;395:1-10.\n2. Lee B. Another. BMJ. 2019;365:l123.\n"
    refs, cites = refs_of(text)
    assert len(refs) == 2
    assert [c.marker for c in cites] == ["^1"]


def test_numbers_in_parentheses_that_are_not_callouts():
    text = ("Fatigue was common (1). Of 211 patients, 26 (12%) were breathless (n = 211) as in "
            "Figure (2) and table 2 (3).\nReferences\n1 Smith J. A trial. BMJ 2020;370:m1.\n"
            "2 Doe A. B trial. BMJ 2020;370:m2.\n3 Lee C. C trial. BMJ 2020;370:m3.\n")
    refs, cites = refs_of(text)
    assert [c.marker for c in cites] == ["(1)"]


def test_affiliation_superscripts_are_not_callouts():
    text = ("Maria K Lindqvist^1,2*, Tomasz P Kowalski^2 and Ruth Okafor^1\n"
            "^1Department of Clinical Pharmacology, Uppsala, Sweden. ^2Jagiellonian University, Kraków.\n"
            "Adverse drug events are common.^1,2\nReferences\n"
            "1. Smith J. A trial. Lancet. 2020;395:1-10.\n2. Doe A. B trial. Lancet. 2020;395:11-20.\n")
    refs, cites = refs_of(text)
    assert [(c.marker, c.ref_ordinal) for c in cites] == [("^1,2", 1), ("^1,2", 2)]


def test_reference_list_heading_on_the_same_line_and_two_entries_per_line():
    text = ("Body [1-3].\nReferences 1. Haddad R, Lindgren P. Handover checklists on surgical wards. BMJ Qual Saf. "
            "2016;25:410–18.\n2. Lindgren P, Haddad R. Electronic alerts for drug interactions. JAMA Intern Med. "
            "2017;177:1201–3. 3. Mbeki T, Ortiz L, et al. A cluster trial of pharmacist review. J Am Med Inform Assoc. "
            "2012;19:540–7.\nCite this article as: Haddad et al.: Medication review. Trials 2018 19:55.\n")
    refs, cites = refs_of(text)
    assert [(r.label, r.journal_iso, r.last_page) for r in refs] == [
        ("1", "BMJ Qual Saf", "418"), ("2", "JAMA Intern Med", "1203"),
        ("3", "J Am Med Inform Assoc", "547")]
    assert len(cites) == 3


def test_numbered_list_without_heading_at_the_end():
    text = ("Discussion text [2].\n1. Smith J, Doe A. A trial. Lancet. 2020;395:1-10.\n"
            "2. Lee B, Kim C. Another trial. BMJ. 2019;365:l123.\n3. Wu D. Third. JAMA. 2018;320:5-9.\n")
    refs, cites = refs_of(text)
    assert len(refs) == 3 and [(c.marker, c.ref_ordinal) for c in cites] == [("[2]", 2)]


def test_author_year_entries_glued_into_one_pdf_paragraph():
    text = ("Recognition was studied in goats (Moreau et al. 2011; Whitaker 2004b).\nReferences\n"
            "Abbott KL, Brenner MT (2012) Social bonds in herd animals: a review. Front Zool 9:211 "
            "Moreau J, Santos PA, Falk DR (2011) Vocal signatures of kids and their mothers in a dairy "
            "herd. Anim Behav 82:905–912 Nolan R, Ibsen C, Van\nde Velde LJ, Osei EK (2010) Plasma "
            "cortisol after weaning. Physiol Behav 99:12–19 Whitaker S (2004a) Mixed models for field data: "
            "a primer with R. Springer, New York Whitaker S (2004b) Penalised splines for repeated "
            "measures. Biometrics 60:811–822\n")
    refs, cites = refs_of(text)
    assert [r.authors[0]["family"] for r in refs] == ["Abbott", "Moreau", "Nolan", "Whitaker", "Whitaker"]
    assert [r.authors[-1]["family"] for r in refs][2] == "Osei"
    assert [(c.marker, c.ref_ordinal) for c in cites] == [("Moreau et al. 2011", 2), ("Whitaker 2004b", 5)]
