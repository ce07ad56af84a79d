"""The spaCy pipeline: ``spacy.blank("en")`` + scispacy's abbreviation detector, cached per process.

No model is downloaded: tokenisation is spaCy's rule-based English tokenizer, sentence
boundaries are ours (:mod:`extractor.sentences`) and are set on the ``Doc`` before the
components run, and abbreviations come from scispacy's ``abbreviation_detector``
(Schwartz & Hearst 2003) — ``"6-minute walking distance (6MWD)"`` gives ``{"6MWD": ...}``.
spaCy objects never leave :mod:`extractor`.
"""
from __future__ import annotations

import threading
import warnings
from functools import lru_cache
from typing import Sequence

import numpy
from spacy.attrs import SENT_START

from .model import Sentence

__all__ = ["get_nlp", "make_doc", "abbreviation_map"]

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
