"""Unit and property tests of the reference-string parser, identifiers and journal names."""
import re

import pytest
from hypothesis import given, settings, strategies as st

from extractor.references import journals
from extractor.references.callouts import expand_numbers
from extractor.references.identifiers import clean_doi, find_doi, find_pmcid, find_pmid, find_trial_ids, is_doi
from extractor.references.parser import expand_pages, parse_authors, parse_reference


@pytest.mark.parametrize("text,doi", [
    ("Lancet. 2020;395:1054-62. doi:10.1016/S0140-6736(20)30566-3.", "10.1016/S0140-6736(20)30566-3"),
    ("https://doi.org/10.1186/s13287-025-\n04148-1]", "10.1186/s13287-025-04148-1"),
    ("DOI: 10.1002/(SICI)1097-0258(19980815)17:15<1661::AID-SIM968>3.0.CO;2-2.",
     "10.1002/(SICI)1097-0258(19980815)17:15<1661::AID-SIM968>3.0.CO;2-2"),
    ("(doi:10.1001/jama.2020.12839)", "10.1001/jama.2020.12839"),
    ("http://dx.doi.org/10.1371/journal.pone.0099111,", "10.1371/journal.pone.0099111"),
    ("no identifier 10.12/x here", None),
])
def test_doi_forms(text, doi):
    assert find_doi(text) == doi


def test_pmid_pmcid_and_trial_ids():
    assert find_pmid("Epub 2020. PMID: 32171076; PMCID: PMC7270045.") == "32171076"
    assert find_pmcid("PMCID: PMC 7270045") == "PMC7270045"
    assert find_trial_ids("NCT04288102 and ChiCTR2000029606, again NCT04288102; ISRCTN12345678") == [
        "NCT04288102", "ChiCTR2000029606", "ISRCTN12345678"]


@pytest.mark.parametrize("printed,iso", [
    ("The Lancet", "Lancet"), ("Lancet.", "Lancet"), ("LANCET", "Lancet"),
    ("The Lancet Respiratory Medicine", "Lancet Respir Med"), ("Lancet Respir. Med.", "Lancet Respir Med"),
    ("Annals of Oncology", "Ann Oncol"), ("Ann. Surg. Oncol.", "Ann Surg Oncol"),
    ("New England Journal of Medicine", "N Engl J Med"), ("N. Engl. J. Med.", "N Engl J Med"),
    ("Journal of the American Medical Association", "JAMA"), ("Stem Cell Research & Therapy", "Stem Cell Res Ther"),
    ("Stem Cell Research and Therapy", "Stem Cell Res Ther"), ("PLOS ONE", "PLoS One"),
    ("Signal Transduction and Targeted Therapy", "Signal Transduct Target Ther"),
    # not in the curated list: ISO 4 rules from the LTWA
    ("Journal of Regenerative Immunotherapy Research", "J Regen Immunother Res"),
    ("Aging Dis", "Aging Dis"),
])
def test_journal_normalisation(printed, iso):
    assert journals.iso(printed) == iso


SIBLINGS = [("Lancet", "Lancet Respir Med"), ("Lancet", "Lancet Oncol"), ("Ann Oncol", "Ann Surg Oncol"),
            ("JAMA", "JAMA Intern Med"), ("Nat Med", "Nature"), ("Stem Cells", "Stem Cell Res"),
            ("BMJ", "BMJ Open"), ("Cell", "Cell Stem Cell"), ("Thorax", "Chest")]


@pytest.mark.parametrize("a,b", SIBLINGS)
def test_siblings_never_merge(a, b):
    assert journals.iso(a) != journals.iso(b)


def test_journal_list_has_no_conflicting_forms():
    seen = {}
    for line in journals.JOURNALS_TSV.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("title\t"):
            continue
        cols = line.split("\t")
        assert len(cols) >= 3 and all(c.strip() for c in cols[:3]), line
        for form in [cols[0], cols[1], cols[2], *(cols[3].split("|") if len(cols) > 3 and cols[3] else [])]:
            key = journals.journal_key(form)
            assert seen.setdefault(key, cols[2]) == cols[2], f"{form!r} maps to {seen[key]} and {cols[2]}"
    assert len({v for v in seen.values()}) >= 300


def test_authors_styles():
    names, end, etal = parse_authors("Garcia Lopez JM, van der Berg H-J, O'Brien K Jr, et al. Title")
    assert names == [{"family": "Garcia Lopez", "given": "JM"}, {"family": "van der Berg", "given": "H-J"},
                     {"family": "O'Brien", "given": "K", "suffix": "Jr"}]
    assert etal
    names, _, _ = parse_authors("J. A. Smith, B. Doe and C.-W. Lin, Title words. Science 1, 2 (2000).")
    assert [n["family"] for n in names] == ["Smith", "Doe", "Lin"]


@pytest.mark.parametrize("raw,expect", [
    ("Smith J, Doe A. Title here. BMJ 2020;368:m1091.", {"article_number": "m1091", "journal_iso": "BMJ"}),
    ("Smith J. Title here. Lancet 2020; 395 (10229): 1054–62.", {"issue": "10229", "last_page": "1062"}),
    ("Smith J. Title here. Lancet Oncol. 2019;20(Suppl 1):S12-5.", {"issue": "Suppl 1", "first_page": "S12", "last_page": "S15"}),
    ("Smith J. Title here. PLoS Med. 2020 Mar 3;17(3):e1003012.", {"year": 2020, "article_number": "e1003012"}),
    ("Smith J. Title here. Trials 2014, 15:511.", {"volume": "15", "article_number": "511"}),
    ("Smith J (2003) Title here. J Immunol 170: 1–10. PMID: 12345678", {"year": 2003, "pmid": "12345678"}),
])
def test_locator_styles(raw, expect):
    r = parse_reference(raw)
    assert {k: getattr(r, k) for k in expect} == expect


def test_book_has_title_and_no_journal():
    r = parse_reference("3. Higgins JPT, Thomas J, editors. Cochrane handbook for systematic reviews of "
                        "interventions. 2nd ed. Chichester: Wiley; 2019.")
    assert r.label == "3" and r.journal is None and r.year == 2019
    assert r.title.startswith("Cochrane handbook")


@pytest.mark.parametrize("fp,lp,full", [("1054", "62", "1062"), ("99", "105", "105"), ("1569", "78", "1578"),
                                         ("e192", "e197", "e197"), ("123", "9", "129")])
def test_expand_pages(fp, lp, full):
    assert expand_pages(fp, lp) == full


@given(st.integers(1, 99999), st.integers(0, 99999))
def test_expanded_last_page_is_never_before_the_first(first, last):
    lp = str(last)[: len(str(first))]
    full = expand_pages(str(first), lp)
    if full.isdigit() and len(lp) < len(str(first)):
        assert int(full) >= first or int(full) == int(lp)


@given(st.lists(st.integers(1, 300), min_size=1, max_size=6))
def test_expand_numbers_roundtrip(nums):
    text = ",".join(map(str, nums))
    assert expand_numbers(text) == list(dict.fromkeys(nums))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_parser_never_raises(text):
    r = parse_reference(text)
    assert r.doi is None or is_doi(r.doi)
    assert r.year is None or 1600 <= r.year <= 2099


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"10\.[0-9]{4,6}/[A-Za-z0-9.()\-;:]{0,29}[A-Za-z0-9]", fullmatch=True),
       st.sampled_from(["", ".", ",", ";", ")", "]"]))
def test_found_doi_has_no_trailing_punctuation(doi, tail):
    found = find_doi(f"see doi:{doi}{tail} next")
    assert found is not None and is_doi(found)
    assert not re.search(r"[.,;:]$", found)
    assert clean_doi(found) == found


_PIECES = st.sampled_from([
    "[1]", "[2,3]", "[1-4]", "^1", "^2,3", "10^9/L", "(1)", "(Smith et al., 2020)", "Smith J, Doe A.",
    "Lancet. 2020;395:1-10.", "[Lancet 2024;404:707-724]", "[The current]", "doi:10.1000/xyz.",
    "\nReferences\n", "\n1. ", "\n2. ", "et al.", " (2019) ", "Title words here. ", "\n", " ", "JAMA",
    "BMJ 2020;370:m3026", "PMID: 123", "; ", "[", "]", "(", ")", "Kim, J. A., & Lee, B. (2021). ",
])


@settings(max_examples=80, deadline=None)
@given(st.lists(_PIECES, max_size=40))
def test_extract_references_on_random_documents(pieces):
    """Any mix of citation-like pieces: no exception, provenance exact, callouts point at refs."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from refs_context import make_context
    from extractor.references import extract_references

    text = "".join(pieces)
    ctx = make_context(text)
    refs, cites = extract_references(ctx)
    ords = {r.ordinal for r in refs}
    assert [r.ordinal for r in refs] == list(range(1, len(refs) + 1))
    for rec in [*refs, *cites]:
        assert text[rec.prov.char_start:rec.prov.char_end] == rec.prov.quote
    assert all(c.ref_ordinal in ords for c in cites)


LTWA_NAMES = ["Journal of Regenerative Immunotherapy Research", "Revista Española de Cardiología Clínica",
              "Zeitschrift für Gastroenterologie und Hepatologie", "International Journal of Nursing Studies",
              "Acta Paediatrica Scandinavica", "Biomedicine & Pharmacotherapy", "Annals of Tropical Paediatrics"]


def _abbreviations(ab):
    out = []
    for name in LTWA_NAMES:
        try:
            out.append(ab(name, remove_part=True))
        except Exception as exc:  # noqa: BLE001 - pyiso4 fails on some names; both must fail alike
            out.append(repr(exc))
    return out


def test_ltwa_cache_gives_pyiso4s_abbreviations(tmp_path, monkeypatch):
    """The LTWA rows cached on disk give the abbreviations pyiso4's own tree gives, whether
    the cache is written, read back, or unreadable (rebuilt)."""
    from pyiso4.ltwa import Abbreviate

    monkeypatch.setenv(journals.CACHE_ENV, str(tmp_path / "cache"))
    want = _abbreviations(Abbreviate.create())
    try:
        journals._abbreviator.cache_clear()
        assert _abbreviations(journals._abbreviator()) == want  # built, then written
        files = list((tmp_path / "cache").glob("ltwa-*.marshal"))
        assert len(files) == 1
        journals._abbreviator.cache_clear()
        assert _abbreviations(journals._abbreviator()) == want  # read back
        files[0].write_bytes(b"not marshal data")
        journals._abbreviator.cache_clear()
        assert _abbreviations(journals._abbreviator()) == want  # rebuilt
    finally:
        journals._abbreviator.cache_clear()


def test_ltwa_word_sets_cached_on_disk(tmp_path, monkeypatch):
    """The LTWA's whole words and abbreviations are the same sets whether built from pyiso4's
    file, read back from the cache on disk, or rebuilt from an unreadable cache file."""
    from pathlib import Path

    import pyiso4

    lines = (Path(pyiso4.__file__).resolve().parent / "LTWA_20210702.csv").read_text(
        encoding="utf-8").splitlines()[1:]
    words = {ln.split("\t", 1)[0].casefold() for ln in lines if ln and not ln.split("\t", 1)[0].endswith("-")}
    abbreviations = {c[1].strip().casefold() for c in (ln.split("\t") for ln in lines)
                     if len(c) > 1 and c[1].endswith(".")}
    assert "journal" in words and "biomech." in abbreviations
    monkeypatch.setenv(journals.CACHE_ENV, str(tmp_path / "cache"))
    try:
        for step in ("built", "read back", "rebuilt"):
            journals.ltwa_word_sets.cache_clear()
            assert journals.ltwa_word_sets() == (frozenset(words), frozenset(abbreviations)), step
            files = list((tmp_path / "cache").glob("ltwasets-*.marshal"))
            assert len(files) == 1, step
            if step == "read back":
                files[0].write_bytes(b"not marshal data")
    finally:
        journals.ltwa_word_sets.cache_clear()


def test_ltwa_cache_folder_unwritable(tmp_path, monkeypatch):
    """A cache folder that cannot be created costs the build, never the abbreviation."""
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv(journals.CACHE_ENV, str(blocker / "cache"))
    try:
        journals._abbreviator.cache_clear()
        assert _abbreviations(journals._abbreviator())[0] == "J. Regen. Immunother. Res."
    finally:
        journals._abbreviator.cache_clear()
