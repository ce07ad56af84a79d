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

from .parser import normalize_raw, parse_authors, parse_reference

__all__ = ["Entry", "find_reference_region", "split_entries", "HEADING_RE"]

HEADING_RE = re.compile(
    r"^[ \t]*(?:\d{1,2}\.?\s+)?(?P<h>References(?: and [Nn]otes)?|REFERENCES(?: AND NOTES)?|Reference [Ll]ist|"
    r"Bibliography|BIBLIOGRAPHY|Literature [Cc]ited|LITERATURE CITED|Works [Cc]ited|Notes and [Rr]eferences|"
    r"Cited [Ll]iterature|Sources|Key references|Further reading)[ \t]*:?[ \t]*$",
    re.M,
)
# "References 1. Auger C, ..." — a PDF line that carries the heading and the first entry.
INLINE_HEADING_RE = re.compile(
    r"(?:^|\n)[ \t]*(?:References|REFERENCES|Bibliography|BIBLIOGRAPHY|Literature [Cc]ited)[ \t]+"
    r"(?=\[1\]|1[.)]\s|\(1\)|1\s+[A-Z])")
END_INLINE_RE = re.compile(
    r"(?:\n|^)[^\n]{0,80}?(?=(?:doi:\s*\S+\s+)?Cite this article as:)|Submit your next manuscript|"
    r"Submit your manuscript|Publisher[’']s Note\b|Springer Nature remains neutral")
END_RE = re.compile(
    r"^[ \t]*(?:Figure [Ll]egends?|FIGURE LEGENDS|Figures?|Tables?|Table \d+[.:]?|Appendix|APPENDIX|"
    r"Supplementary (?:[Mm]aterials?|[Ii]nformation|[Dd]ata)|Supporting [Ii]nformation|"
    r"Additional files?|Abbreviations|Acknowledge?ments?|Author [Cc]ontributions|"
    r"Competing [Ii]nterests|Conflicts? of [Ii]nterest|Funding|Footnotes|Notes)[ \t]*:?[ \t]*$",
    re.M,
)
_NOISE = re.compile(
    r"^\s*(?:.*\bPage \d+ of \d+|\d{1,4}|\d+\s*\|\s*.*|.*\bet al\.?\s+[A-Z][\w ]+ \d{4}, \d+:\d+\s*|"
    r"(?:https?://)?(?:www\.)?\S+\.(?:com|org)/\S*\s*|"
    r"(?:PubMed Abstract|Publisher Full Text|Free Full Text|Reference Source)(?:\s*\|\s*\w[\w ]*)*\s*)$")
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
        # the first section the reader named "references" (later blocks may inherit the name)
        if (sec.name or "").lower() in ("references", "bibliography", "reference list"):
            start = sec.prov.char_start
            h = HEADING_RE.match(text, start) or INLINE_HEADING_RE.match(text, start)
            if h:
                start = h.end()
            break
    if start is None:
        heads = [(m.end(), m) for m in HEADING_RE.finditer(text)]
        heads += [(m.end(), m) for m in INLINE_HEADING_RE.finditer(text)]
        if heads:
            start = max(h[0] for h in heads)
    if start is None:
        return _trailing_numbered_run(text)
    end_m = END_RE.search(text, start)
    end = end_m.start() if end_m else len(text)
    inline = END_INLINE_RE.search(text, start, end)
    if inline:
        end = inline.start()
    return start, _extend_numbered(text, start, end)


def _extend_numbered(text: str, start: int, end: int) -> int:
    """Follow a numbered list past a back-matter heading that interrupted it.

    Two-column PDFs can put the end of the body or a "Data availability" block between
    entries 6 and 7; the list goes on while the next number in sequence opens a line.
    """
    starts = _numbered_starts(text, start, end)
    if not starts:
        return end
    expected = int(starts[-1][1]) + 1
    last = None
    pos = end
    while True:
        m = re.compile(rf"(?m)^[ \t]*(?:\[{expected}\]|{expected}[.)]|\({expected}\))\s+(?=\S)").search(text, pos)
        if not m or m.start() - pos > 20000:
            break
        last, pos, expected = m.start(), m.end(), expected + 1
    if last is None:
        return end
    stop = END_RE.search(text, last)
    inline = END_INLINE_RE.search(text, last)
    ends = [x.start() for x in (stop, inline) if x] + [len(text)]
    return min(ends)


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
    numbered = _numbered_starts(text, start, end)
    if numbered:
        bounds = [(a, numbered[k + 1][0] if k + 1 < len(numbered) else end, lab)
                  for k, (a, lab) in enumerate(numbered)]
    else:
        if _blank_separated(text, start, end):
            paras = list(_paragraphs(text, start, end))
        else:
            idx = _author_year_char_starts(text, start, end)
            paras = [(a, idx[k + 1] if k + 1 < len(idx) else end, "") for k, a in enumerate(idx)]
        bounds = [(a, b, None) for a, b, _ in paras]
    out = []
    for a, b, lab in bounds:
        lines = [m for m in re.finditer(r"[^\n]+", text[a:b]) if m.group(0).strip()]
        kept = [m for k, m in enumerate(lines) if k == 0 or not _NOISE.match(m.group(0))]
        if not kept:
            continue
        raw = normalize_raw("\n".join(m.group(0) for m in kept), doc=text)
        if len(raw) < 12 or not re.search(r"[A-Za-z]{3}", raw):
            continue
        s, e = a + kept[0].start(), a + kept[-1].end()
        while e > s and text[e - 1].isspace():
            e -= 1
        while s < e and text[s].isspace():
            s += 1
        out.append(Entry(s, e, raw, lab))
    return out


_LABEL_AT = re.compile(
    r"(?:(?<=\n)|^|(?<=[.)\]>] ))[ \t]*(?:\[(?P<a>\d{1,4})\]|(?P<b>\d{1,4})[.)](?=\s)|"
    r"\((?P<c>\d{1,4})\)|(?P<d>\d{1,3})(?=[ \t]+[A-Z]))")


def _numbered_starts(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """Offsets (and labels) of entries numbered in sequence, at a line start or after a
    sentence end (PDF lines that carry two entries); empty if fewer than two."""
    starts: list[tuple[int, str]] = []
    expected = None
    chunk = text[start:end]
    for m in _LABEL_AT.finditer(chunk):
        n = m.group("a") or m.group("b") or m.group("c") or m.group("d")
        v = int(n)
        at = start + m.start() + len(m.group(0)) - len(m.group(0).lstrip())
        line_start = m.start() == 0 or chunk[m.start() - 1] == "\n"
        if expected is None:
            if v in (0, 1) and (line_start or m.start() < 3):
                starts.append((at, n))
                expected = v + 1
        elif v == expected:
            starts.append((at, n))
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


def _author_year_char_starts(text: str, start: int, end: int) -> list[int]:
    """Offsets where an author-year entry opens: an author list followed by its year, at the
    start of the list or right after the end of the previous entry (pages, a period, a DOI) —
    on a new line or, when the reader glued the entries into one paragraph, within the line."""
    chunk = text[start:end]
    first = len(chunk) - len(chunk.lstrip())
    starts = [start + first]
    for m in re.finditer(r"(?<=\s)(?=[A-ZÀ-Þ]|(?:de|van|von|der|den|da|di|del|la|le|du|dos)\s)", chunk):
        pos = m.start()
        if pos <= first:
            continue
        prev = chunk[max(0, pos - 40):pos].rstrip()
        closed = re.search(r"(?:\d[a-z]?|[.)\]]|[a-z]{2,}/\S*|(?:https?://|www\.)\S+|[A-Za-z]\d+)$", prev)
        if re.search(r"(?:[,&;]|\band)$", prev):
            continue  # inside an author list
        if re.match(r"[A-Z]{1,3}[,\s]", chunk[pos:pos + 4]):
            continue  # initials whose family name ended the previous line ("Zimmerman\nRR, ...")
        if re.search(r"\b(?:de|van|von|der|den|da|di|del|la|le|du|dos|ter|ten)$", prev):
            continue  # "van der\nBerg H": the particle belongs to this name
        if chunk[pos].islower() and re.search(r"[A-Z][a-z]+$", prev):
            continue  # "Van\nde Kar LD": a name broken across lines
        names, e, _ = parse_authors(chunk[pos:pos + 600])
        if not names or e < 4:
            continue
        after = chunk[pos + e:pos + e + 24]
        inverted = re.match(r"[^\s,]+,\s", chunk[pos:pos + 60])  # "Martínez, B. J." may be a name's tail
        if re.match(r"\s*\((?:1[89]|20)\d{2}[a-z]?\)", after) and names[0].get("family") and not inverted:
            starts.append(start + pos)  # "Wood S (2006b)": names then a year in parentheses
        elif closed and re.match(r"\s*[.,]?\s*\(?(?:1[89]|20)\d{2}[a-z]?\)?(?:[.,:;]|\s|$)", after):
            starts.append(start + pos)
    return starts
