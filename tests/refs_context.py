"""A plain-text Context for reference tests (sentences from a simple rule splitter).

Used until/besides ``extractor.pipeline.extract``: the reference extractor needs only the text,
its spans and sentences with provenance.
"""
import re

from extractor.context import Context
from extractor.model import Sentence
from extractor.source import Source

_SPLIT = re.compile(r"(?<=[.!?])[\"”]?\s+(?=[A-Z\[“\"(^])|\n+")


def make_context(text: str, source: Source | None = None) -> Context:
    src = source or Source.from_text(text)
    sents = []
    pos = 0
    for m in list(_SPLIT.finditer(src.text)) + [None]:
        end = m.start() if m else len(src.text)
        chunk = src.text[pos:end]
        lead = len(chunk) - len(chunk.lstrip())
        s, e = pos + lead, pos + len(chunk.rstrip())
        if e > s:
            sents.append(Sentence(seq=len(sents), text=src.text[s:e], prov=src.provenance(s, e)))
        pos = m.end() if m else end
    return Context(source=src, sentences=sents)
