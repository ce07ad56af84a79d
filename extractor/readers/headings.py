"""Headings: which lines are headings, and which section a heading names.

The synonyms live in ``extractor/data/sections.json`` (loaded once), so a reviewer can add a
journal's wording without touching code.

>>> section_name("2. Materials and Methods")
'methods'
>>> section_name("RESULTS")
'results'
>>> section_name("Reinfection rate") is None
True
>>> looks_like_heading("Reinfection rate", "A long paragraph ending here.", "Compared with the placebo arm, the MSC arm had a lower rate.")
True
>>> looks_like_heading("The trial was stopped.", None, None)
False
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Optional

__all__ = ["section_name", "known_heading", "looks_like_heading", "SECTION_NAMES"]

_DATA = Path(__file__).resolve().parent.parent / "data" / "sections.json"
SECTION_NAMES = ("abstract", "introduction", "methods", "results", "discussion", "conclusion", "references", "other")


@lru_cache(maxsize=1)
def _synonyms() -> tuple[dict[str, str], re.Pattern]:
    """Exact synonyms, and one pattern for "synonym and ...", "synonym: ..." (longest first)."""
    raw = json.loads(_DATA.read_text(encoding="utf-8"))
    exact = {syn.lower(): name for name, syns in raw.items() if not name.startswith("_") for syn in syns}
    alternation = "|".join(re.escape(k) for k in sorted(exact, key=len, reverse=True))
    prefix = re.compile(rf"^({alternation})(?::| and | of |/| & | - )")
    return exact, prefix


_NUMBERING = re.compile(r"^(?:(?:\d+(?:\.\d+)*|[ivxlc]+|[a-h])[.)]?\s+)", re.I)


def _normalise(heading: str) -> str:
    h = heading.strip().lower()
    h = _NUMBERING.sub("", h)
    h = re.sub(r"[\s\u00a0]+", " ", h)
    return h.strip(" .:;-–—")


@lru_cache(maxsize=4096)
def section_name(heading: str) -> Optional[str]:
    """The normalised section a heading names, or ``None`` when it names none of them."""
    if len(heading) > 120:
        return None
    h = _normalise(heading)
    if not h:
        return None
    exact, prefix = _synonyms()
    if h in exact:
        return exact[h]
    m = prefix.match(h)
    return exact[m.group(1)] if m else None


def exact_section_name(heading: str) -> Optional[str]:
    """The section a heading names only when it is exactly a synonym ("Methods", "2. Results:").

    >>> exact_section_name("Results Of the 91 participants") is None
    True
    """
    return _synonyms()[0].get(_normalise(heading))


def known_heading(line: str) -> bool:
    """``True`` when ``line`` is exactly a heading we know ("Methods", "2. Results:")."""
    return len(line) <= 60 and section_name(line) is not None


_END_PUNCT = tuple(".,;!?\"”’)]")
_DANGLING = {"and", "or", "of", "the", "a", "an", "in", "for", "to", "with", "by", "on", "at", "from", "as", "vs"}


def looks_like_heading(line: str, prev_line: Optional[str], next_line: Optional[str]) -> bool:
    """Whether a standalone line of plain text is a heading.

    A known section heading always is.  Otherwise: short (≤ 12 words, ≤ 90 characters), starts
    with a capital letter or a section number, does not end like a sentence or a list item,
    and is followed by a longer line (a heading introduces text).
    """
    s = line.strip()
    if not s:
        return False
    if known_heading(s):
        return True
    if len(s) > 90:  # before split(): a megabyte line is not split into words to say no
        return False
    words = s.split()
    if len(words) > 12 or len(s) > 90 or s.endswith(_END_PUNCT) or s.endswith(":") and len(words) > 6:
        return False
    # captions, footnotes and data lines, not headings
    if re.search(r"[.;] |\+/-|±|=|%|\|", s) or words[-1].lower() in _DANGLING:
        return False
    if next_line is not None and next_line.strip()[:1].islower():
        return False
    first = _NUMBERING.sub("", s)[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    if not re.search(r"[A-Za-z]{3}", s) or "|" in s or "\t" in s:
        return False
    if next_line is None or len(next_line.strip()) <= len(s):
        return False
    return True
