"""The spaCy pipeline: ``spacy.blank("en")`` + scispacy's abbreviation detector, cached per process.

No model is downloaded: tokenisation is spaCy's rule-based English tokenizer, sentence
boundaries are ours (:mod:`extractor.sentences`) and are set on the ``Doc`` before the
components run, and abbreviations come from scispacy's ``abbreviation_detector``
(Schwartz & Hearst 2003) — ``"6-minute walking distance (6MWD)"`` gives ``{"6MWD": ...}``.
spaCy objects never leave :mod:`extractor`.

A text is given to spaCy in pieces of at most :data:`PIECE_CHARS` characters, cut at sentence
starts (:func:`pieces`), and each piece's ``Doc`` is dropped once read: a text of any length is
processed with memory bounded by the piece size, and spaCy's ``max_length`` never refuses a
document.  What the pieces yield keeps offsets into the whole text (:class:`Abbreviation`).
An article shorter than a piece is one piece, processed exactly as a whole.
"""
from __future__ import annotations

import threading
import warnings
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator, Sequence

import numpy
from spacy.attrs import SENT_START

from .model import Sentence, SentenceList

__all__ = ["get_nlp", "make_doc", "pieces", "analyse", "abbreviation_map", "Abbreviation",
           "PIECE_CHARS"]

_LOCK = threading.Lock()

#: The largest piece of text given to spaCy at once (characters).
PIECE_CHARS = 200_000


class _Parentheses:
    """scispacy's ``( + )`` pattern, bounded to the 8 tokens its filter keeps.

    The detector matches every ``(`` with every later ``)`` (``{"OP": "+"}``), then drops the
    matches with more than 8 tokens inside: quadratic in the number of parentheses (a table
    of ``12 (40.0)`` cells took seconds per thousand rows).  Fixed-length patterns for 1 to 8
    inner tokens find exactly the matches that survive that filter, returned in the order the
    original matcher gives them (by end, then later start first), so the abbreviations found
    are the same, in linear time.
    """

    MAX_INNER = 8  # scispacy.abbreviation.filter_matches ignores longer parentheses

    def __init__(self, vocab):
        from spacy.matcher import Matcher

        self.matcher = Matcher(vocab)
        self.matcher.add("parenthesis", [[{"ORTH": "("}, *([{}] * k), {"ORTH": ")"}]
                                         for k in range(1, self.MAX_INNER + 1)])

    def __call__(self, doc):
        return sorted(self.matcher(doc), key=lambda m: (m[2], -m[1]))


@lru_cache(maxsize=1)
def _nlp():
    import spacy
    from scispacy.abbreviation import AbbreviationDetector  # noqa: F401  (registers the factory)

    nlp = spacy.blank("en")
    detector = nlp.add_pipe("abbreviation_detector")
    detector.matcher = _Parentheses(nlp.vocab)
    return nlp


def get_nlp():
    """The process-wide pipeline (built on first use, then reused by every document)."""
    with _LOCK:
        return _nlp()


def make_doc(text: str, sentences: Sequence[Sentence], offset: int = 0):
    """A ``Doc`` over ``text`` whose sentence starts are the starts of ``sentences``.

    ``offset`` is where ``text`` starts in the document the sentences' offsets refer to (a
    piece of it, see :func:`pieces`).  Tokens outside every sentence (the line breaks between
    them) attach to the previous sentence, as spaCy's whitespace tokens always do.
    """
    return _doc(text, {s.prov.char_start - offset for s in sentences})


def _doc(text: str, starts: set[int]):
    """The pipeline's ``Doc`` over ``text``, sentences starting at the offsets ``starts``."""
    nlp = get_nlp()
    doc = nlp.make_doc(text)
    if len(doc):
        # one array write (setting Token.is_sent_start one by one is quadratic in spaCy)
        flags = numpy.fromiter((1 if tok.idx in starts else -1 for tok in doc), dtype=numpy.int64, count=len(doc))
        flags[0] = 1
        doc.from_array([SENT_START], flags.astype(numpy.uint64).reshape(-1, 1))  # spaCy stores -1 as uint64
    with warnings.catch_warnings():
        # scispacy's detector warns on every document that its optional global matcher is empty
        warnings.filterwarnings("ignore", message=r".*\[W036\]")
        for _, proc in nlp.pipeline:
            doc = proc(doc)
    return doc


def pieces(text: str, sentences: Sequence[Sentence], limit: int = PIECE_CHARS
           ) -> Iterator[tuple[int, int, list[int]]]:
    """``(start, end, sentence starts)`` of consecutive pieces of ``text``, each at most
    ``limit`` characters, that together cover the text.  A piece ends at the last sentence
    start that keeps it within the limit; where no sentence starts in that stretch (one very
    long sentence, a data dump), at its last space, or else at the limit.  Each piece carries
    the offsets of the sentences that start in it.

    >>> from extractor.model import Provenance
    >>> def s(a, b): return Sentence(0, "x", Provenance(a, b, "x"))
    >>> list(pieces("x" * 30, [s(0, 9), s(10, 19), s(20, 29)], 20))
    [(0, 20, [0, 10]), (20, 30, [20])]
    >>> [(a, b) for a, b, _ in pieces("word " * 10, [], 20)]
    [(0, 20), (20, 40), (40, 50)]
    """
    limit = max(1, limit)
    if isinstance(sentences, SentenceList):  # offsets in text order: no record per sentence
        starts = sentences.starts
    else:
        starts = sorted(s.prov.char_start for s in sentences)
    cuts = [0]
    while len(text) - cuts[-1] > limit:
        pos = cuts[-1]
        k = bisect_right(starts, pos + limit) - 1
        cuts.append(starts[k] if k >= 0 and starts[k] > pos else _space_before(text, pos, pos + limit))
    cuts.append(len(text))
    for a, b in zip(cuts, cuts[1:]):
        lo = bisect_left(starts, a) if a else 0
        hi = len(starts) if b == len(text) else bisect_left(starts, b)
        yield a, b, starts[lo:hi]


def _space_before(text: str, start: int, end: int) -> int:
    """A cut at the last whitespace in ``text[start:end]`` (past its first half), else ``end``."""
    k = max(text.rfind(" ", start + (end - start) // 2, end), text.rfind("\n", start + (end - start) // 2, end))
    return k + 1 if k > start else end


@dataclass(frozen=True)
class Abbreviation:
    """An abbreviation defined in the text: ``short`` stands for ``long``; offsets are into the
    whole text (``text[short_start:short_end] == short``)."""

    short: str
    long: str
    short_start: int
    short_end: int
    long_start: int
    long_end: int


def analyse(text: str, sentences: Sequence[Sentence], limit: int = PIECE_CHARS) -> list[Abbreviation]:
    """The abbreviations defined in ``text``, read piece by piece (:func:`pieces`), in text order.

    Pieces are never longer than the pipeline's ``max_length``, whatever the text's length.
    """
    limit = min(limit, get_nlp().max_length)
    found: list[Abbreviation] = []
    for start, end, group in pieces(text, sentences, limit):
        doc = _doc(text[start:end], {s - start for s in group})
        for abrv in getattr(doc._, "abbreviations", []) or []:
            long_form = abrv._.long_form
            if long_form is None:
                continue
            found.append(Abbreviation(abrv.text, long_form.text, start + abrv.start_char,
                                      start + abrv.end_char, start + long_form.start_char,
                                      start + long_form.end_char))
        del doc
    return found


def abbreviation_map(found) -> dict[str, str]:
    """``{short form: long form}`` (first definition wins) from :func:`analyse`'s list or from
    a ``Doc`` that went through the pipeline."""
    out: dict[str, str] = {}
    if not isinstance(found, list):  # a Doc
        found = [Abbreviation(a.text, a._.long_form.text, 0, 0, 0, 0)
                 for a in getattr(found._, "abbreviations", []) or [] if a._.long_form is not None]
    for a in found:
        if a.long and a.short not in out:
            out[a.short] = a.long
    return out
