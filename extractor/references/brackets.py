"""News-style bracketed citations: ``[Lancet Respir Med 2020;8:475-481; JAMA 2020;324:782-793]``.

News write-ups cite inline, in square brackets (sometimes parentheses), one or more groups
separated by semicolons, each ``journal year;volume:pages`` or ``journal year;doi:...``.  The
same brackets also mark editorial insertions inside quotes (``[The current]``, ``[MSC]``,
``[Our]``, ``[suggest that]``), which are never references: a group counts only when it has the
shape of a citation — a journal name (one of the journal list, or abbreviation-like capitalised
words) followed by a year and by a volume/pages/article number or a DOI.  Brackets and DOIs may
be broken across lines (PDF columns).

>>> groups = list(find_groups("risk. [Lancet Respir Med 2020;8:475-481; JAMA\\n2020;324:782-793] Next"))
>>> [(g.journal_iso, g.volume, g.first_page) for _, _, _, _, g in groups]
[('Lancet Respir Med', '8', '475'), ('JAMA', '324', '782')]
>>> list(find_groups('"[The current] findings" and 49 [MSC] vs 29 [placebo]'))
[]
"""
from __future__ import annotations

import re
from typing import Iterator, Optional

from . import journals
from .parser import ParsedReference, parse_reference

__all__ = ["find_groups", "is_citation_shaped"]

_BRACKET = re.compile(r"\[(?P<b>[^\[\]]{6,700}?)\]|\((?P<p>[A-Z][^()]{6,400}?(?:\([^()]{1,20}\)[^()]{0,200}?)?)\)")
# A new group starts after ";" when a capitalised word follows (not "2020;8:475" nor "; doi:").
_SPLIT = re.compile(r";\s*(?=(?:The\s+)?[A-Z][A-Za-z&]*[\s.])")
_JOURNAL_WORD = re.compile(r"^(?:[A-Z][A-Za-z'’\-]*\.?|[A-Z]{2,}|and|of|the|&|in|de|der|für|la)$")


def is_citation_shaped(p: ParsedReference) -> bool:
    """A journal name, a year, and a volume/pages/article number or a DOI."""
    if not p.journal or p.year is None:
        return False
    if not (p.volume or p.first_page or p.article_number or p.doi):
        return False
    if journals.is_known(p.journal):
        return True
    words = p.journal.replace(".", ". ").split()
    return 0 < len(words) <= 10 and all(_JOURNAL_WORD.match(w) for w in words) and \
        not re.search(r"\d", p.journal) and not re.search(r"\bet al\b", p.journal)


def find_groups(text: str, start: int = 0, end: Optional[int] = None
                ) -> Iterator[tuple[int, int, int, int, ParsedReference]]:
    """Yield ``(bracket_start, bracket_end, group_start, group_end, parsed)`` for each group.

    Offsets are into ``text``; the bracket range includes the brackets themselves.  Only
    citation-shaped groups are yielded (see the module docstring).
    """
    end = len(text) if end is None else end
    for m in _BRACKET.finditer(text, start, end):
        key = "b" if m.group("b") is not None else "p"
        inner_start = m.start(key)
        inner = m.group(key)
        if not re.search(r"(?:1[89]|20)\d{2}", inner):
            continue
        pieces = []
        pos = 0
        for sm in _SPLIT.finditer(inner):
            pieces.append((pos, sm.start()))
            pos = sm.end()
        pieces.append((pos, len(inner)))
        for a, b in pieces:
            seg = inner[a:b]
            lead = len(seg) - len(seg.lstrip())
            seg_s = inner_start + a + lead
            seg_e = inner_start + b - (len(seg) - len(seg.rstrip()))
            if seg_e <= seg_s:
                continue
            parsed = parse_reference(text[seg_s:seg_e], news=True)
            if is_citation_shaped(parsed):
                yield m.start(), m.end(), seg_s, seg_e, parsed
