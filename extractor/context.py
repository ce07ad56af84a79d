"""What every extraction step sees: the source, its sentences and sections, and the spaCy doc."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from .model import Section, Sentence
from .source import Source

__all__ = ["Context"]


@dataclass
class Context:
    """The shared input of the trial and reference extractors.

    ``abbreviations`` maps each short form found in the text to its long form
    (``{"6MWD": "6-minute walking distance"}``); ``abbreviation_spans`` are the definitions
    with their offsets (:class:`extractor.nlp.Abbreviation`).  Both come from spaCy
    (``spacy.blank("en")`` + scispacy's abbreviation detector), which the pipeline runs on
    bounded stretches of the text around parentheses (:func:`extractor.nlp.analyse`) and does
    not keep, so ``doc`` is ``None`` unless a caller supplies a ``Doc`` of a short text.
    """

    source: Source
    sentences: list[Sentence] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    doc: Optional[Any] = None
    abbreviations: dict[str, str] = field(default_factory=dict)
    abbreviation_spans: list = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.source.text

    def sentence_at(self, offset: int) -> Optional[Sentence]:
        """The sentence containing character ``offset`` (``None`` between sentences)."""
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if offset < s.prov.char_start:
                hi = mid - 1
            elif offset >= s.prov.char_end:
                lo = mid + 1
            else:
                return s
        return None
