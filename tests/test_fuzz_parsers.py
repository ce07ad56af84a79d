"""Fuzzing the text parsers: numbers, p-values, confidence intervals, effect sizes, values,
doses, design, sentences, DOIs and other identifiers, journal names, references.

Property: on any text (random Unicode, and random sequences of the tokens trial reports are
made of) every parser returns normally or raises an :class:`~extractor.errors.EvidenceError`,
in bounded time; offsets it returns lie inside the text.  Functions whose contract is to parse a
single token (``parse_number``, ``parse_value``) are fed what their finder regexes match.
"""
from __future__ import annotations

import importlib
import math

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from extractor.errors import EvidenceError
from fuzzing import FUZZ, bounded

# The tokens of trial reports and reference lists, glued in random order: far more likely than
# random Unicode to reach deep into the patterns.
TOKENS = [
    "p", "P", "=", "<", ">", "≤", "≥", " ", " ", " ", "  ", "\n", "0", "1", "2", "7", "9", "0.05",
    ".001", "0·03", "46.94", "1,234", "−", "-", "–", "—", "+", "±", "×", "x", "10", "^", "⁷", "⁻⁴",
    "e-4", "(", ")", "[", "]", ";", ",", ":", "/", "%", "95%", "CI", "confidence interval", "OR",
    "RR", "HR", "odds ratio", "hazard ratio", "mean difference", "difference", "vs", "vs.",
    "versus", "and", "respectively", "n=", "N =", "of", "patients", "IQR", "SD", "median", "mean",
    "to", "cells/kg", "mg", "days", "weeks", "months", "randomized", "randomised", "double-blind",
    "placebo", "2:1", "NCT0", "NCT04288102", "ChiCTR2000029990", "ISRCTN", "doi:", "DOI",
    "10.1056/NEJMoa2035002", "https://doi.org/", "10.", "PMID:", "33301246", "PMC", "PMC7", "et al",
    "et al.", "Lancet", "N Engl J Med", "J Am Med Assoc", "2021", ";", "397", "(10270)", ":101-110",
    "e068993", "Fig.", "Table 2", "^1", "^1,2", "^1–3", "[1]", "[2-4]", "\u00ad", "\ufffd", "\x00",
    "\u200b", "ﬁ", "İ", "ß", "µ", "µg", "1e308", "9" * 40, "." * 30, "(" * 20, "0." + "0" * 50,
    "²", "¹⁰", "١٢", "٫", "½", "Ⅻ",  # digits to str.isdigit()/isnumeric() that int() may refuse
]
trial_text = st.lists(st.sampled_from(TOKENS), max_size=80).map("".join)
any_text = st.one_of(st.text(max_size=300), trial_text)

TEXT_EXAMPLES = [
    "", " ", "p", "p=", "p = .", "95% CI –", "(95% CI, 0.91 to 5.66; p=0.08)", "OR 2.27 (0.91–5.66)",
    "p = 2.1×10−4", "P < .001", "4×10^7 cells", "4 x 10(7) cells", "4×107 cells/kg",
    "46.94% vs 28.13%", "23/49 (46.9%)", "12.5 ± 3.1", "median 7 (IQR 4–12)", "HR −0.5",
    "OR 1e308", "CI 1e308 to 1e309", "difference of -", "doi:10.1000/((((((", "10." + "1" * 60,
    "(" * 200 + "p<0.05" + ")" * 200, "1" * 1000, "a. " * 500, "²", "[1²]", "1,²-3", "١٢",
    "[" + "1" * 4400 + "]",  # past int()'s 4,300-digit limit
    "p = 0." + "0" * 1000 + "1", "4×10^" + "7" * 1000 + " cells",
]


def _entry(path: str):
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def _offsets_inside(result, text: str) -> None:
    """Every ``(start, end, ...)`` tuple or object with ``start``/``end`` lies inside ``text``."""
    items = result if isinstance(result, (list, tuple)) else [result]
    for item in items:
        if isinstance(item, tuple) and len(item) >= 2 and all(isinstance(x, int) for x in item[:2]) \
                and not isinstance(item[0], bool):
            start, end = item[:2]
        elif hasattr(item, "start") and hasattr(item, "end") and isinstance(
                getattr(item, "start"), int):
            start, end = item.start, item.end
        else:
            continue
        assert 0 <= start <= end <= len(text), (item, len(text))


# name -> call(text) ; each must accept any str.
TEXT_PARSERS = {
    "extractor.trials.effects:find_p_values": None,
    "extractor.trials.effects:find_cis": lambda f, t: f(t, bare=True),
    "extractor.trials.effects:find_effects": None,
    "extractor.trials.values:find_values": None,
    "extractor.trials.numbers:find_doses": None,
    "extractor.trials.design:find_design": None,
    "extractor.trials.text:split_sentences": None,
    "extractor.trials.text:find_abbreviations": None,
    "extractor.readers.texttables:find_tables": None,
    "extractor.sentences:sentence_bounds": None,
    "extractor.references.identifiers:find_dois": lambda f, t: list(f(t)),
    "extractor.references.identifiers:find_doi": None,
    "extractor.references.identifiers:find_pmid": None,
    "extractor.references.identifiers:find_pmcid": None,
    "extractor.references.identifiers:find_trial_ids": None,
    "extractor.references.identifiers:clean_doi": None,
    "extractor.references.identifiers:is_doi": None,
    "extractor.references.journals:iso": None,
    "extractor.references.journals:lookup": None,
    "extractor.references.journals:journal_key": None,
    "extractor.kind:classify": lambda f, t: f(t[:80], t, [t[:20]]),
    "extractor.references.parser:parse_reference": None,
    "extractor.references.parser:parse_authors": None,
    "extractor.references.parser:normalize_raw": None,
    "extractor.references.callouts:expand_numbers": None,
    "extractor.references.brackets:find_groups": None,
    "extractor.references.lists:find_reference_region": None,
    "extractor.references.lists:split_entries":
        lambda f, t: f(t, (0, len(t))),
}


@pytest.mark.parametrize("name", sorted(TEXT_PARSERS))
def test_text_parser_never_crashes(name):
    fn = _entry(name)
    call = TEXT_PARSERS[name] or (lambda f, t: f(t))

    def check(text):
        with bounded(what=f"{name} on {len(text)} characters"):
            try:
                result = call(fn, text)
            except EvidenceError:
                return
        _offsets_inside(result, text)

    for text in TEXT_EXAMPLES:  # the fixed examples first, always
        check(text)
    FUZZ(given(text=any_text)(check))()


@FUZZ
@given(text=any_text)
def test_every_number_found_parses(text):
    """``parse_number`` accepts whatever the number patterns find, and gives a float."""
    from extractor.trials.numbers import NUM_RX, SCI_RX, parse_number

    with bounded(what="number patterns"):
        for rx in (NUM_RX, SCI_RX):
            for m in rx.finditer(text):
                value = parse_number(m.group(0))
                assert isinstance(value, float)


@FUZZ
@given(text=any_text)
def test_every_value_found_parses(text):
    from extractor.trials.values import VALUE_RX, parse_value

    with bounded(what="value patterns"):
        for m in VALUE_RX().finditer(text):
            if m.group(0).strip() and any(c.isdigit() for c in m.group(0)):
                parse_value(m.group(0))


@FUZZ
@given(text=any_text)
def test_p_values_are_probabilities(text):
    from extractor.trials.effects import find_p_values

    for start, end, p, relation in find_p_values(text):
        assert 0 <= p <= 1 and not math.isnan(p)
        assert relation in ("=", "<", ">"), relation


@FUZZ
@given(text=any_text)
@example("see doi:10.1056/NEJMoa2035002.")
@example("https://doi.org/10.1016/S0140-6736(21)00001-1)")
def test_dois_are_clean_and_quoted(text):
    from extractor.references.identifiers import clean_doi, find_dois, is_doi

    for doi, start, end in find_dois(text):
        assert is_doi(doi)
        assert clean_doi(doi) == doi  # cleaning is idempotent
        assert 0 <= start < end <= len(text)


REFERENCE_PARTS = st.lists(st.sampled_from([
    "Smith J", "Lee K", "van der Berg A-M", "O'Neil P", "Zhang W", "et al", "WHO", ", ", ". ",
    "; ", ": ", " ", "(", ")", "Long COVID outcomes", "A randomized trial", "N Engl J Med",
    "Lancet", "BMJ", "Stem Cell Res Ther", "2021", "2022a", "1899", "9999", ";397", "(10270)",
    ":101-110", ":e068993", "101–9", "doi:", "https://doi.org/", "10.1016/S0140-6736(21)00001-1",
    "10.1186/s13287-022-03", "PMID: ", "33301246", "PMCID: PMC8", "[1]", "1.", "12)", "Epub",
    "Available from: https://example.org", "\n", "\u00ad", "-", "–", "—",
]), max_size=40).map("".join)


@FUZZ
@given(raw=st.one_of(REFERENCE_PARTS, any_text), news=st.booleans())
@example(raw="1. Smith J, Lee K. Stem cells. Lancet. 2021;397(10270):101-110. "
             "doi:10.1016/S0140-6736(21)00001-1", news=False)
def test_parsed_references_are_well_formed(raw, news):
    """``parse_reference`` keeps the raw string, and what it finds has the right shape."""
    from extractor.references.identifiers import is_doi
    from extractor.references.parser import parse_reference

    with bounded(what="parse_reference"):
        ref = parse_reference(raw, news=news)
    assert ref.raw is not None
    if ref.doi is not None:
        assert is_doi(ref.doi), ref.doi
    if ref.pmid is not None:
        assert ref.pmid.isdigit(), ref.pmid
    if ref.year is not None:
        assert 1000 <= ref.year <= 2999, ref.year
    for author in ref.authors:
        assert isinstance(author, dict) and set(author) <= {"family", "given", "literal",
                                                           "suffix", "dropping-particle",
                                                           "non-dropping-particle"}, author


def test_reference_and_trial_extractors_on_random_articles():
    """``extract_studies`` and ``extract_references`` on a Context of random text."""
    from extractor.context import Context
    from extractor.sentences import segment
    from extractor.source import Source

    entries = []
    for path in ("extractor.trials:extract_studies", "extractor.references:extract_references"):
        try:
            entries.append((path, _entry(path)))
        except (ImportError, AttributeError):
            pass
    assert len(entries) == 2, "extract_studies or extract_references is not importable"

    try:
        from extractor.nlp import make_doc
    except ImportError:  # pragma: no cover
        make_doc = None

    @FUZZ
    @given(text=trial_text)
    def run(text):
        source = Source.from_text(text)
        sentences, sections = segment(source)
        doc = make_doc(text, sentences) if make_doc else None
        ctx = Context(source=source, sentences=list(sentences), sections=list(sections),
                      doc=doc)
        for name, fn in entries:
            with bounded(what=f"{name} on {len(text)} characters"):
                try:
                    fn(ctx)
                except EvidenceError:
                    pass

    run()
