"""Find an article's reference list and cut it into entries.

The list is the part after a heading such as "References", "Bibliography" or "Literature cited"
(a ``references`` section when the reader found one), up to the next back-matter heading
("Figure legends", "Tables", "Appendix", ...) or the end of the text; without a heading, a run
of sequentially numbered entries at the end of the document that read as references.

PDF text breaks entries across lines (and pages); lines are joined into entries by numbering
(``1.``, ``[1]``, ``1)``, ``(1)``, Lancet-style ``1 Smith``; the numbers must run in sequence, so a
volume or page number at a line start does not open an entry), by blank lines when the list
has them, or, for author–year lists, by a line that starts with an author name after a line that
closed an entry.  Running heads and page numbers inside the list are skipped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .parser import parse_authors, parse_reference

__all__ = ["Entry", "find_reference_region", "split_entries", "HEADING_RE"]

HEADING_RE = re.compile(
    r"^[ \t]*(?:\d{1,2}\.?\s+)?(?P<h>References(?: and [Nn]otes)?|REFERENCES(?: AND NOTES)?|Reference [Ll]ist|"
    r"Bibliography|BIBLIOGRAPHY|Literature [Cc]ited|LITERATURE CITED|Works [Cc]ited|Notes and [Rr]eferences|"
    r"Cited [Ll]iterature|Sources|Key references|Further reading)[ \t]*:?[ \t]*$",
    re.M,
)
END_RE = re.compile(
    r"^[ \t]*(?:Figure [Ll]egends?|FIGURE LEGENDS|Figures?|Tables?|Table \d+[.:]?|Appendix|APPENDIX|"
    r"Supplementary (?:[Mm]aterials?|[Ii]nformation|[Dd]ata)|Supporting [Ii]nformation|"
    r"Additional files?|Abbreviations|Acknowledge?ments?|Author [Cc]ontributions|"
    r"Competing [Ii]nterests|Conflicts? of [Ii]nterest|Funding|Footnotes|Notes)[ \t]*:?[ \t]*$",
    re.M,
)
_NOISE = re.compile(
    r"^\s*(?:Page \d+ of \d+|\d{1,4}|\d+\s*\|\s*.*|.*\bet al\.?\s+[A-Z][\w ]+ \d{4}, \d+:\d+\s*|"
    r"(?:https?://)?(?:www\.)?\S+\.(?:com|org)/\S*\s*)$")
_NUM = re.compile(r"^\s*(?:\[(?P<a>\d{1,4})\]|(?P<b>\d{1,4})[.)](?=\s|$)|\((?P<c>\d{1,4})\)|(?P<d>\d{1,3})\s+(?=[A-Z]))")
_YEAR = re.compile(r"\b(?:1[89]\d{2}|20\d{2})\b")


@dataclass(frozen=True)
class Entry:
    """One reference-list entry: its character range in the text and its joined string."""

    start: int
    end: int
    raw: str  # the lines joined (page furniture left out)
    label: Optional[str] = None


def find_reference_region(text: str, sections=()) -> Optional[tuple[int, int]]:
    """The ``(start, end)`` of the reference list in ``text`` (after its heading), or ``None``."""
    start = None
    for sec in sections or ():
        if (sec.name or "").lower() in ("references", "bibliography", "reference list"):
            start = sec.prov.char_start
            h = HEADING_RE.match(text, start)
            if h:
                start = h.end()
    if start is None:
        heads = list(HEADING_RE.finditer(text))
        if heads:
            start = heads[-1].end()
    if start is None:
        return _trailing_numbered_run(text)
    end_m = END_RE.search(text, start)
    end = end_m.start() if end_m else len(text)
    return start, end


def _trailing_numbered_run(text: str) -> Optional[tuple[int, int]]:
    """A run of entries numbered 1..N at the end of a document that has no heading."""
    lines = list(re.finditer(r"[^\n]*", text))
    firsts = [m for m in lines if (n := _num(m.group(0))) == "1"]
    for m in reversed(firsts):
        entries = split_entries(text, (m.start(), len(text)))
        good = sum(1 for e in entries if _YEAR.search(e.raw) and parse_reference(e.raw).locus)
        if len(entries) >= 3 and good >= 0.6 * len(entries):
            return m.start(), len(text)
    return None


def _num(line: str) -> Optional[str]:
    m = _NUM.match(line)
    if not m:
        return None
    return m.group("a") or m.group("b") or m.group("c") or m.group("d")


def split_entries(text: str, region: tuple[int, int]) -> list[Entry]:
    """Cut ``text[region]`` into reference entries (see the module docstring)."""
    start, end = region
    lines = [(m.start() + start, m.end() + start, m.group(0))
             for m in re.finditer(r"[^\n]+", text[start:end])]
    lines = [ln for ln in lines if ln[2].strip()]
    if not lines:
        return []
    numbered = _numbered_starts(lines)
    if numbered:
        groups = _group(lines, numbered)
    elif _blank_separated(text, start, end):
        groups = [[ln] for ln in _paragraphs(text, start, end)]
    else:
        groups = _group(lines, _author_year_starts(lines))
    out = []
    for g in groups:
        kept = [ln for ln in g if not _NOISE.match(ln[2]) or ln is g[0]]
        raw = "\n".join(ln[2] for ln in kept).strip()
        if len(raw) < 12 or not re.search(r"[A-Za-z]{3}", raw):
            continue
        label = _num(g[0][2]) if numbered else None
        s, e = g[0][0], kept[-1][1]
        while e > s and text[e - 1].isspace():
            e -= 1
        while s < e and text[s].isspace():
            s += 1
        out.append(Entry(s, e, raw, label))
    return out


def _numbered_starts(lines) -> list[int]:
    """Indices of lines that open entries numbered in sequence (empty if fewer than two)."""
    starts: list[int] = []
    expected = None
    for i, (_, _, line) in enumerate(lines):
        n = _num(line)
        if n is None:
            continue
        v = int(n)
        if expected is None:
            if v in (1, 0) or (i == 0 and v < 500):
                starts.append(i)
                expected = v + 1
        elif v == expected:
            starts.append(i)
            expected = v + 1
    return starts if len(starts) >= 2 else []


def _blank_separated(text: str, start: int, end: int) -> bool:
    chunk = text[start:end].strip("\n")
    paras = [p for p in re.split(r"\n[ \t]*\n", chunk) if p.strip()]
    return len(paras) >= 2 and sum("\n" in p.strip() for p in paras) < len(paras)


def _paragraphs(text: str, start: int, end: int):
    for m in re.finditer(r"(?:[^\n]|\n(?![ \t]*\n))+", text[start:end]):
        if m.group(0).strip():
            yield (m.start() + start, m.end() + start, m.group(0))


def _author_year_starts(lines) -> list[int]:
    starts = []
    for i, (_, _, line) in enumerate(lines):
        if i == 0:
            starts.append(0)
            continue
        prev = lines[i - 1][2].rstrip()
        closed = bool(re.search(r"(?:[.)\]]|\d|[a-z]{2,}/\S*)$", prev))
        names, endpos, _ = parse_authors(line.strip())
        opens = bool(names) and (endpos > 6) and not re.match(r"\s*[a-z]", line)
        has_year_soon = bool(_YEAR.search(line)) or len(line.strip()) > 40
        if closed and opens and has_year_soon:
            starts.append(i)
    return starts


def _group(lines, starts: list[int]):
    if not starts:
        return [lines]
    groups = []
    for k, s in enumerate(starts):
        e = starts[k + 1] if k + 1 < len(starts) else len(lines)
        groups.append(lines[s:e])
    return groups
