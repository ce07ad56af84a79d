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

    ``doc`` may hold a spaCy ``Doc`` over ``source.text`` (:func:`extractor.nlp.make_doc`); the
    pipeline leaves it ``None``, as no extractor reads it (building one costs a third of a
    document's time).  ``abbreviations`` maps each short form found in the text to its long form
    (``{"6MWD": "6-minute walking distance"}``), as scispacy's abbreviation detector finds them.
    """

    source: Source
    sentences: list[Sentence] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    doc: Optional[Any] = None
    abbreviations: dict[str, str] = field(default_factory=dict)

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
