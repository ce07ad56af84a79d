"""The spaCy pipeline: ``spacy.blank("en")`` + scispacy's abbreviation detector, cached per process.

No model is downloaded: tokenisation is spaCy's rule-based English tokenizer, sentence
boundaries are ours (:mod:`extractor.sentences`) and are set on the ``Doc`` before the
components run, and abbreviations come from scispacy's ``abbreviation_detector``
(Schwartz & Hearst 2003) — ``"6-minute walking distance (6MWD)"`` gives ``{"6MWD": ...}``.
spaCy objects never leave :mod:`extractor`.

The pipeline's only output the extractors read is the abbreviation map, so
:func:`find_abbreviations` computes exactly that map without a whole-document ``Doc``: it
tokenises only the stretches of text around parentheses and looks for the detector's
``( … )`` candidates itself, in time linear in the length of the text (the detector's own
matcher pairs every ``(`` with every later ``)``: quadratic).  :func:`make_doc` and
:func:`abbreviation_map` still build and read a whole ``Doc`` for callers that want one.
"""
from __future__ import annotations

import threading
import warnings
from bisect import bisect_right
from functools import lru_cache
from typing import Sequence

from .model import Sentence

__all__ = ["get_nlp", "make_doc", "abbreviation_map", "find_abbreviations"]

_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _nlp():
    import spacy
    from scispacy.abbreviation import AbbreviationDetector  # noqa: F401  (registers the factory)

    nlp = spacy.blank("en")
    nlp.add_pipe("abbreviation_detector")
    return nlp


def get_nlp():
    """The process-wide pipeline (built on first use, then reused by every document)."""
    with _LOCK:
        return _nlp()


def make_doc(text: str, sentences: Sequence[Sentence]):
    """A ``Doc`` over ``text`` whose sentence starts are the starts of ``sentences``.

    Tokens outside every sentence (the line breaks between them) attach to the previous
    sentence, as spaCy's whitespace tokens always do.
    """
    import numpy
    from spacy.attrs import SENT_START

    nlp = get_nlp()
    doc = nlp.make_doc(text)
    if len(doc):
        # one array write (setting Token.is_sent_start one by one is quadratic in spaCy)
        starts = {s.prov.char_start for s in sentences}
        flags = numpy.fromiter((1 if tok.idx in starts else -1 for tok in doc), dtype=numpy.int64, count=len(doc))
        flags[0] = 1
        doc.from_array([SENT_START], flags.astype(numpy.uint64).reshape(-1, 1))  # spaCy stores -1 as uint64
    with warnings.catch_warnings():
        # scispacy's detector warns on every document that its optional global matcher is empty
        warnings.filterwarnings("ignore", message=r".*\[W036\]")
        for _, proc in nlp.pipeline:
            doc = proc(doc)
    return doc


def abbreviation_map(doc) -> dict[str, str]:
    """``{short form: long form}`` for the abbreviations the detector found (first definition wins)."""
    out: dict[str, str] = {}
    for abrv in getattr(doc._, "abbreviations", []) or []:
        short = abrv.text
        long_form = abrv._.long_form.text if abrv._.long_form is not None else None
        if long_form and short not in out:
            out[short] = long_form
    return out


# Context the detector reads around a "(" token (scispacy.abbreviation.filter_matches): the
# bracketed text is at most 8 tokens; a short form inside is at most 3 tokens of 2-9
# characters (short_form_filter), so its long-form candidate is at most min(L + 5, 2L) <= 32
# tokens before the "(".  Every run of non-space characters is at least one token, so runs
# count tokens from below.
_RUNS_BEFORE = 33
_RUNS_AFTER = 10
@lru_cache(maxsize=1)
def _space_codes():
    """The code points ``str.isspace`` (and so spaCy's tokenizer) treats as whitespace."""
    import numpy

    return numpy.array([c for c in range(0x3001) if chr(c).isspace()], dtype=numpy.uint32)


def _windows(text: str) -> list[tuple[int, int]]:
    """Character ranges holding every ``(`` of ``text`` with the tokens the detector reads
    around it; each range starts and ends at a boundary between whitespace and a run of
    non-space characters (spaCy tokenises such runs independently, so a range tokenises into
    exactly the tokens the whole text has there).  Vectorised over the code points."""
    import numpy

    codes = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
    space = numpy.isin(codes, _space_codes())
    edge = numpy.diff(numpy.concatenate(([True], space, [True])).astype(numpy.int8))
    starts = numpy.flatnonzero(edge == -1)  # a run of non-space characters starts here
    ends = numpy.flatnonzero(edge == 1)  # ... and ends before here
    k = numpy.searchsorted(starts, numpy.flatnonzero(codes == 40), side="right") - 1  # "("
    lo = numpy.maximum(k - _RUNS_BEFORE, 0)
    hi = numpy.minimum(k + _RUNS_AFTER, len(starts) - 1)
    reach = numpy.maximum.accumulate(hi)
    first = numpy.flatnonzero(numpy.concatenate(([True], lo[1:] > reach[:-1] + 1)))
    last = numpy.concatenate((first[1:] - 1, [len(k) - 1]))
    # a range from the first run starts at offset 0 (leading whitespace tokenises as in the text)
    return [(0 if a == 0 else int(starts[a]), int(ends[b]))
            for a, b in zip(lo[first].tolist(), reach[last].tolist())]


def find_abbreviations(text: str) -> dict[str, str]:
    """``{short form: long form}``: what :func:`abbreviation_map` gives for a whole ``Doc``
    of ``text``, in linear time.

    The same candidates in the same order as scispacy's detector (its matcher reports a
    ``( … )`` match by end, then by start from the right), filtered and matched by scispacy's
    own ``filter_matches`` and ``find_abbreviation``; a long or short form seen before is
    skipped, as the detector does.

    >>> find_abbreviations("Health-related quality of life (HRQoL) improved.")
    {'HRQoL': 'Health-related quality of life'}
    """
    if "(" not in text:
        return {}
    from scispacy.abbreviation import filter_matches, find_abbreviation

    import numpy
    from spacy.attrs import ORTH

    nlp = get_nlp()
    open_id, close_id = nlp.vocab.strings.add("("), nlp.vocab.strings.add(")")
    out: dict[str, str] = {}
    seen_long: set[str] = set()
    for a, b in _windows(text):
        doc = nlp.make_doc(text[a:b])
        orth = doc.to_array(ORTH)
        opens = numpy.flatnonzero(orth == open_id).tolist()
        closes = numpy.flatnonzero(orth == close_id).tolist()
        if not opens or not closes:
            continue
        # the matcher's "(" + ")" pairs with at most 8 tokens inside, brackets removed
        matches = sorted(((0, i + 1, j) for i in opens
                          for j in closes[bisect_right(closes, i + 1):bisect_right(closes, i + 9)]),
                         key=lambda m: (m[2], -m[1]))
        for long_c, short_c in filter_matches(matches, doc):
            short, long = find_abbreviation(long_c, short_c)
            if long is None or long.text in seen_long or short.text in out:
                continue
            seen_long.add(long.text)
            out[short.text] = long.text
    return out
