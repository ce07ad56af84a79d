"""Sentences and sections of a :class:`~extractor.source.Source`.

Sentences never cross a line of the source text: readers end paragraphs, headings, table rows
and reference entries with ``"\\n"``, so a line is the largest unit a sentence can span (except
a ``paragraph`` span that runs over line breaks: hard-wrapped plain text).
Inside a line, a sentence ends at ``.``, ``!`` or ``?`` (with any closing quotes or brackets)
followed by whitespace and a capital letter, an opening quote or bracket, or a number — unless
the word before the period is an abbreviation (``extractor/data/abbreviations.txt``: "vs.",
"et al.", "Fig. 2", "e.g."), an initial ("J. Smith") or a dotted acronym ("U.S.").  A bracketed
or superscript citation right after a sentence (``... 1,106 days. [Stem Cell Res Ther 2025;...]``,
``... inconclusive.^3–5``) stays with that sentence.  Headings, table rows and reference-list entries are one sentence each.

>>> from extractor.source import Source
>>> src = Source.from_text("Results were similar (p=0.03 vs. 0.2819; Fig. 2). Smith et al. agreed. No. 5 was e.g. fine.\\n")
>>> [s.text for s in split_sentences(src)]
['Results were similar (p=0.03 vs. 0.2819; Fig. 2).', 'Smith et al. agreed.', 'No. 5 was e.g. fine.']
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Iterable, Iterator, Optional

from .model import Section, SectionList, Sentence, SentenceList
from .readers.headings import section_name
from .source import Source

__all__ = ["sentence_bounds", "split_sentences", "find_sections", "segment"]

_DATA = Path(__file__).resolve().parent / "data" / "abbreviations.txt"


@lru_cache(maxsize=1)
def _abbreviations() -> tuple[frozenset, frozenset]:
    always, before_digit = set(), set()
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, _, cond = line.partition("\t")
        (before_digit if cond.strip() == "digit" else always).add(word.strip().lower())
    return frozenset(always), frozenset(before_digit)


# terminal punctuation, closing quotes/brackets, then whitespace
_BOUNDARY = re.compile(r"[.!?]+[\"'”’»)\]]*(?:\^[\w–−-]+(?:,\s?[\w–−-]+)*)?(?=\s)")
_OPENERS = "“‘\"'«([{"
_WORD_BEFORE = re.compile(r"([^\s(\[{“\"']*)$")
_LONGEST_WORD = 64  # no abbreviation, initial or dotted acronym is this long
_DOTTED = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")  # U.S, e.g, i.e


def _is_abbreviation(line: str, punct_start: int, next_char: str, lo: int = 0) -> bool:
    """Whether the period at ``punct_start`` ends an abbreviation, an initial or a dotted
    acronym (the line starts at ``lo``)."""
    if line[punct_start] != ".":
        return False
    # the word before the period, looked for in a bounded window (a search from the start of
    # the line made every period cost the whole line: quadratic on one-line texts)
    window = max(lo, punct_start - _LONGEST_WORD)
    m = _WORD_BEFORE.search(line, window, punct_start)
    word = m.group(1) if m else ""
    if not word or (m.start(1) == window and window > lo):  # empty, or longer than any abbreviation
        return False
    low = word.lower()
    always, before_digit = _abbreviations()
    if low in always:
        return True
    if low in before_digit and next_char.isdigit():
        return True
    if len(word) == 1 and word.isupper():  # an initial: "J. Smith"
        return True
    if _DOTTED.match(word):
        return True
    return False


def _bracket_end(line: str, i: int, hi: Optional[int] = None) -> Optional[int]:
    """If ``line[i]`` opens a bracket closed before ``hi`` (within 400 chars), the index after it."""
    close = {"[": "]", "(": ")"}.get(line[i])
    if not close:
        return None
    depth = 0
    for j in range(i, min(len(line) if hi is None else hi, i + 400)):
        c = line[j]
        if c == line[i]:
            depth += 1
        elif c == close:
            depth -= 1
            if depth == 0:
                return j + 1
    return None


def _skip_space(text: str, k: int, hi: int) -> int:
    while k < hi and text[k].isspace():
        k += 1
    return k


def _trim(text: str, lo: int, hi: int) -> tuple[int, int]:
    """``text[lo:hi]`` without its surrounding whitespace, as offsets (no copy of the text)."""
    m = _NONSPACE.search(text, lo, hi)
    if m is None:
        return hi, hi
    a, b = m.start(), hi
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _bounds(text: str, lo: int, hi: int) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each sentence of the line ``text[lo:hi]`` (offsets into ``text``).

    Works on the text in place: a line of many megabytes is never copied.
    """
    start = lo
    for m in _BOUNDARY.finditer(text, lo, hi):
        end = m.end()
        if end <= start:
            continue
        k = _skip_space(text, end, hi)
        if k >= hi:
            break
        nxt = text[k]
        if _is_abbreviation(text, m.start(), nxt, lo):
            continue
        if nxt == "[" or (nxt == "(" and k + 1 < hi and not text[k + 1].isalpha()):
            # a citation bracket after the period belongs to the sentence it follows
            b_end = _bracket_end(text, k, hi)
            if b_end is not None:
                r = _skip_space(text, b_end, hi)
                if r >= hi or text[r].isupper() or text[r] in _OPENERS:
                    end = b_end
                    k = r
                    if k >= hi:
                        break
                    nxt = text[k]
                else:
                    continue
        if not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS):
            continue
        yield _trim(text, start, end)[0], end
        start = k
    a, b = _trim(text, start, hi)
    if a < b:
        yield a, b


def sentence_bounds(line: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence in one line of text (whitespace trimmed)."""
    return list(_bounds(line, 0, len(line)))


def _lines(text: str) -> Iterable[tuple[int, str]]:
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


class _Cover:
    """Whether some span of a list contains ``[start, end]``, answered by binary search (a scan
    of every heading and table row for every line was quadratic on long tables).

    >>> from extractor.source import Span
    >>> cover = _Cover([Span(0, 10, "x"), Span(5, 30, "x"), Span(40, 50, "x")])
    >>> cover(6, 25), cover(12, 31), cover(41, 50), cover(35, 36)
    (True, False, True, False)
    """

    def __init__(self, spans):
        ordered = sorted(spans, key=lambda s: s.start)
        self.starts = [s.start for s in ordered]
        self.reach = list(accumulate((s.end for s in ordered), max))  # furthest end so far

    def __bool__(self) -> bool:
        return bool(self.starts)

    def __call__(self, start: int, end: int) -> bool:
        k = bisect_right(self.starts, start) - 1
        return k >= 0 and self.reach[k] >= end


def find_sections(source: Source) -> SectionList:
    """Sections from the source's ``heading`` spans (the document title is not a section).

    Where heading levels are reliable (JATS, HTML, Markdown) a subsection takes the name of
    the named section enclosing it ("Study population" under Results is ``results``), except
    back matter and references.  In flat formats (PDF, plain text) a heading that names no
    known section continues the named section before it ("Study design" after Methods);
    otherwise it starts an ``other`` section.  Text before the first heading is a section
    named ``None``.  Returned as a :class:`~extractor.model.SectionList` (offsets: the records
    and their quotes, whole sections of text, are made when read).
    """
    text = source.text
    titles = {(s.start, s.end) for s in source.spans_of("title")}
    heads = sorted((h for h in source.spans_of("heading") if (h.start, h.end) not in titles), key=lambda h: h.start)
    sections = SectionList(text)
    paged, boxed = source.pages is not None, source.boxes is not None

    def add(name, heading, a: int, b: int) -> None:
        sections.add(name, heading, a, b, source.page_of(a) if paged else None,
                     source.bbox(a, b) if boxed else None)

    body_start = max((e for _, e in titles), default=0)
    first = heads[0].start if heads else len(text)
    a, b = _trim(text, body_start, first)
    if a < b:
        add(None, None, a, b)
    current: Optional[str] = None
    current_level = 99
    stack: list[tuple[int, str]] = []  # (level, name) of the enclosing headings (structured formats)
    for i, h in enumerate(heads):
        end = heads[i + 1].start if i + 1 < len(heads) else len(text)
        heading = text[h.start:h.end].strip()
        name = section_name(heading)
        level = h.attrs.get("level", 2) if h.attrs else 2
        structured = source.format in ("jats", "html") or (h.attrs or {}).get("markdown")
        if structured:
            # levels are reliable: a subsection belongs to its enclosing named section
            # ("Study population" under Results is results; "Methods" in an abstract is abstract)
            while stack and stack[-1][0] >= level:
                stack.pop()
            parent = stack[-1][1] if stack else None
            if parent not in (None, "other") and not (name == "references" or (name == "other" and parent != "abstract")):
                name = parent
            elif name is None:
                name = "other"
            stack.append((level, name))
        else:
            if name is None:
                # flat formats (PDF, plain text): an unknown heading continues the named
                # section it sits in ("Study design" inside Methods); nothing continues an abstract
                deeper = level >= current_level and current != "abstract"
                name = current if current not in (None, "other") and deeper else "other"
            else:
                current, current_level = name, level
            if name == "other":
                current, current_level = "other", level
        b = end
        while b > h.start and text[b - 1].isspace():  # the section's text, trailing space cut
            b -= 1
        add(name, heading, h.start, b)
    return sections


def _units(source: Source) -> list[tuple[int, int]]:
    """The ranges a sentence may not cross: lines, except that a paragraph span running over
    line breaks (hard-wrapped plain text) is one unit, and a heading that starts inside a line
    (a Markdown heading run into its text) is a unit of its own."""
    text = source.text
    joined = set()
    for span in source.spans_of("paragraph"):
        k = text.find("\n", span.start, span.end)
        while k != -1:
            joined.add(k)
            k = text.find("\n", k + 1, span.end)
    cuts = sorted({h.start for h in source.spans_of("heading")} | {h.end for h in source.spans_of("heading")})
    units = []
    start = 0
    for k in [m.start() for m in _NEWLINE.finditer(text) if m.start() not in joined] + [len(text)]:
        units.append((start, k))
        start = k + 1
    if not cuts:
        return units
    out = []
    for a, b in units:
        inner = cuts[bisect_right(cuts, a):bisect_left(cuts, b)]  # a < c < b
        for c in inner:
            out.append((a, c))
            a = c
        out.append((a, b))
    return out


def split_sentences(source: Source, sections: Optional[list[Section]] = None) -> SentenceList:
    """The sentences of ``source`` in text order, each with provenance and section name.

    Returned as a :class:`~extractor.model.SentenceList` (offsets; a record per sentence is
    made when read), so a text of any length costs a few bytes per sentence.
    """
    if sections is None:
        sections = find_sections(source)
    text = source.text
    whole_lines = _Cover(
        source.spans_of("heading") + source.spans_of("table_row") + source.spans_of("ref") + source.spans_of("title")
    )
    skip = _Cover(source.spans_of("markup"))
    sec_bounds = [(a, name) for name, _, a, _ in sections.bounds()] \
        if isinstance(sections, SectionList) else [(s.prov.char_start, s.name) for s in sections]
    out = SentenceList(text)
    paged, boxed = source.pages is not None, source.boxes is not None
    si = -1
    for ua, ub in _units(source):
        ls, le = _trim(text, ua, ub)
        if ls == le:
            continue
        while si + 1 < len(sec_bounds) and sec_bounds[si + 1][0] <= ls:
            si += 1
        sec = sec_bounds[si][1] if si >= 0 else None
        if skip and skip(ls, le):
            continue
        if sec == "references" or (whole_lines and whole_lines(ls, le)):
            bounds = iter([(ls, le)])
        else:
            bounds = _bounds(text, ua, ub)
        for a, b in bounds:
            if not _ALNUM.search(text, a, b):
                continue  # "##", "---": markup, not a sentence
            out.add(a, b, source.page_of(a) if paged else None,
                    source.bbox(a, b) if boxed else None, sec)
    return out


_ALNUM = re.compile(r"\w")
_NONSPACE = re.compile(r"\S")
_NEWLINE = re.compile("\n")


def segment(source: Source) -> tuple[SentenceList, SectionList]:
    """Sections and sentences of ``source`` (what :func:`extractor.pipeline.extract` needs)."""
    sections = find_sections(source)
    return split_sentences(source, sections), sections
