"""Find an article's reference list and cut it into entries.

The list is the part after a heading such as "References", "Bibliography" or "Literature cited"
(a ``references`` section when the reader found one), up to the next back-matter heading
("Figure legends", "Tables", "Appendix", ...) or the end of the text; without a heading, a run
of sequentially numbered entries at the end of the document that read as references.

PDF text breaks entries across lines (and pages); lines are joined into entries by numbering
(``1.``, ``[1]``, ``1)``, ``(1)``, Lancet-style ``1 Smith``; the numbers must run in sequence, so a
volume or page number at a line start does not open an entry), by blank lines when the list
has them, or, for author–year lists, by a line that starts with an author name after a line that
closed an entry.  Running heads and page numbers inside the list are skipped.  Inside a numbered
list, a number mid-line opens an entry when it is the next label and an author list follows it
("... Free Full Text 40 Okafor N, ..."); a run of undecodable lines (a symbol font) ends the list.

One-line author–year entries (no hanging indent, no blank line, the previous entry ending in a
word: "... Oxford University Press") are split at each line that has the author-then-year shape
("Lee K (2010)", "Lee, K., & Park, S. (2010).", "Davies R 2018.", a group author before its
year) unless the previous line ends mid-entry (a hyphen, comma, colon, "and"/"&", an open
parenthesis, a function word such as "of" or "edited by");
as the previous line closed nothing, the first authors must also keep alphabetical order.  Line
starts are the ``\n`` of the text or, for readers that join a paragraph's lines with spaces,
the offsets the caller passes in ``line_starts`` (see :func:`visual_line_starts`).
"""
from __future__ import annotations

import re
import statistics
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from typing import Optional

from .. import fastre
from .parser import normalize_raw, parse_authors, parse_reference

__all__ = ["Entry", "cut_at_headings", "find_reference_region", "indent_starts", "split_entries", "visual_line_starts",
           "HEADING_RE"]

HEADING_RE = fastre.lazy(
    r"^[ \t]*(?:\d{1,2}\.?\s+)?(?P<h>References(?: and [Nn]otes)?|REFERENCES(?: AND NOTES)?|Reference [Ll]ist|"
    r"Bibliography|BIBLIOGRAPHY|Literature [Cc]ited|LITERATURE CITED|Works [Cc]ited|Notes and [Rr]eferences|"
    r"Cited [Ll]iterature|Sources|Key references|Further reading)[ \t]*:?[ \t]*$",
    re.M,
)
# "References 1. Auger C, ..." — a PDF line that carries the heading and the first entry.
INLINE_HEADING_RE = fastre.compile(
    r"(?:^|\n)[ \t]*(?:References|REFERENCES|Bibliography|BIBLIOGRAPHY|Literature [Cc]ited)[ \t]+"
    r"(?=\[1\]|1[.)]\s|\(1\)|1\s+[A-Z])")
END_INLINE_RE = fastre.lazy(
    r"(?:\n|^)[^\n]{0,80}?(?=(?:doi:\s*\S+\s+)?Cite this article as:)|Submit your next manuscript|"
    r"Submit your manuscript|Publisher[’']s Note\b|Springer Nature remains neutral")
END_RE = fastre.lazy(
    r"^[ \t]*(?:Figure [Ll]egends?|FIGURE LEGENDS|Figures?|Tables?|Table \d+[.:]?|Appendix|APPENDIX|"
    r"Supplementary (?:[Mm]aterials?|[Ii]nformation|[Dd]ata)|Supporting [Ii]nformation|"
    r"Additional files?|Abbreviations|Acknowledge?ments?|Author [Cc]ontributions|"
    r"Competing [Ii]nterests|Conflicts? of [Ii]nterest|Funding|Footnotes|Notes)[ \t]*:?[ \t]*$",
    re.M,
)
_NOISE = fastre.lazy(
    r"^\s*(?:.*\bPage \d+ of \d+|\d{1,4}|\d+\s*\|\s*.*|.*\bet al\.?\s+[A-Z][\w ]+ \d{4}, \d+:\d+\s*|"
    r"(?:https?://)?(?:www\.)?\S+\.(?:com|org)/\S*\s*|"
    r"(?:PubMed Abstract|Publisher Full Text|Free Full Text|Reference Source)(?:\s*\|\s*\w[\w ]*)*\s*)$")
# Undecodable glyphs (a PDF font without a Unicode map: "\x13·½»\x03ˀ\x03Å¼"): no reference
# text has three control characters on a line.  One such line is a page footer; three in a row
# are a following part of the document in that font (a peer-review report), which ends the list.
_UNREADABLE_LINE = r"(?:[^\n\x00-\x08\x0e-\x1f]*[\x00-\x08\x0e-\x1f]){3}[^\n]*"
_UNREADABLE = fastre.lazy(rf"(?m)^{_UNREADABLE_LINE}(?:\n{_UNREADABLE_LINE}){{2}}$")
_NUM = fastre.lazy(r"^\s*(?:\[(?P<a>\d{1,4})\]|(?P<b>\d{1,4})[.)](?=\s|$)|\((?P<c>\d{1,4})\)|(?P<d>\d{1,3})\s+(?=[A-Z]))")
_YEAR = fastre.lazy(r"\b(?:1[89]\d{2}|20\d{2})\b")


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
    # (name, start) of each section, from the offsets when the sections keep them (a record
    # per section would copy each section's text)
    bounds = ((n, a) for n, _, a, _ in sections.bounds()) if hasattr(sections, "bounds") else \
        ((sec.name, sec.prov.char_start) for sec in sections or ())
    for name, sec_start in bounds:
        # the first section the reader named "references" (later blocks may inherit the name)
        if (name or "").lower() in ("references", "bibliography", "reference list"):
            start = sec_start
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
    end = _extend_numbered(text, start, end)
    garbled = _UNREADABLE.search(text, start, end)
    return start, garbled.start() if garbled else end


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


def split_entries(text: str, region: tuple[int, int], line_starts=(), paragraphs: bool = False,
                  opens: Optional[list[int]] = None) -> list[Entry]:
    """Cut ``text[region]`` into reference entries (see the module docstring).

    Parameters
    ----------
    text : str
        The document text.
    region : tuple of int
        ``(start, end)`` of the reference list.
    line_starts : collection of int, optional
        Offsets where a printed line begins although the text has a space there (a PDF
        paragraph joined by the reader); offsets after a ``\n`` need not be listed.
    paragraphs : bool, optional
        The text's lines are the reader's paragraphs (a PDF reader that set each hanging-indent
        entry apart): a line that opens with an author list after a line that closed an entry
        opens an entry even without a year next to the names (Vancouver-style lists without
        numbers: "Yeni PG, Hammer SM, et al. Treatment for ... JAMA. 2004;292:251-65.").

    Returns
    -------
    list of Entry
    """
    start, end = region
    numbered = _numbered_starts(text, start, end, line_starts)
    if numbered:
        bounds = [(a, numbered[k + 1][0] if k + 1 < len(numbered) else end, lab)
                  for k, (a, lab) in enumerate(numbered)]
    elif opens:
        bounds = [(a, opens[k + 1] if k + 1 < len(opens) else end, None) for k, a in enumerate(opens)]
    else:
        if _blank_separated(text, start, end):
            paras = list(_paragraphs(text, start, end))
        else:
            idx = _author_year_char_starts(text, start, end, line_starts, paragraphs)
            paras = [(a, idx[k + 1] if k + 1 < len(idx) else end, "") for k, a in enumerate(idx)]
        bounds = [(a, b, None) for a, b, _ in paras]
    # an entry the list's numbering or printed geometry opens is one however short ("[20] 2011.",
    # a web resource printed as its name: "PubMed")
    marked = bool(numbered) or bool(opens)
    return [e for e in (_entry(text, a, b, lab, marked) for a, b, lab in bounds) if e is not None]


def _entry(text: str, a: int, b: int, label: Optional[str], marked: bool = False) -> Optional[Entry]:
    """The entry printed in ``text[a:b]`` (page furniture after its first line left out), or
    ``None`` when the range holds no reference text: less than 12 characters or no word of three
    letters — unless the entry is ``marked`` (opened by a label in sequence or by the list's
    printed geometry), when a word or number besides its label is enough, and the entry is no
    page furniture ("Page 3 of 9", a page number)."""
    lines = [m for m in re.finditer(r"[^\n]+", text[a:b]) if m.group(0).strip()]
    kept = []
    for m in lines:
        line = m.group(0)
        # page furniture after the first line is left out; a web address the line before
        # points to ("Available from:", "accessed here:") is the entry's own
        if kept and _NOISE.match(line) and not (_WEB_LINE.match(line) and _POINTS_TO.search(kept[-1].group(0))):
            continue
        kept.append(m)
    if not kept:
        return None
    raw = normalize_raw("\n".join(m.group(0) for m in kept), doc=text)
    if len(raw) < 12 or not re.search(r"[A-Za-z]{3}", raw):
        rest = raw[len(label) + 2:] if label and raw[:1] in "[(" else raw[len(label) + 1:] if label else raw
        if not (marked and re.search(r"\w", rest) and not _NOISE.match(raw)):
            return None
    s, e = a + kept[0].start(), a + kept[-1].end()
    while e > s and text[e - 1].isspace():
        e -= 1
    while s < e and text[s].isspace():
        s += 1
    return Entry(s, e, raw, label)


_WEB_LINE = fastre.lazy(r"\s*(?:https?://|www\.)\S+\s*$")
_POINTS_TO = fastre.lazy(r"(?::|\b(?:at|from|via|online))\s*$", re.I)

#: a sub-list heading: a few words, no digits, no full stop ("Further reading",
#: "Studies excluded from the review", "Pre-publication history")
_SUBHEAD = fastre.lazy(r"[^\W\d_][^\d.\n]{2,58}")


#: back matter that is no list of references ("Multimedia Appendix", "Author contributions")
_NOT_A_LIST = fastre.lazy(r"\b(?:Appendix|Appendices|Supplementa|Supporting|Additional file|Acknowledg|Funding|"
                          r"Competing|Conflicts?|Abbreviations|Author|Figure|Table|Notes?\b)", re.I)
_DANGLING_END = fastre.lazy(r"\b(?:and|or|of|the|a|an|in|for|to|with|by|on|at|from|as|vs)$", re.I)
_ENTRY_CLOSED = fastre.lazy(r"(?:[.)\]]|\d[a-z]?|\b10\.\d{4,9}/\S+|(?:https?://|www\.)\S+)$")


def _sub_heading(text: str, a: int, b: int, larger: Optional[bool] = None) -> bool:
    """Whether the heading a reader marked at ``text[a:b]`` heads a part of a reference list: a
    line of its own, a few words without digits or a full stop, not ending in a function word
    (a title's line a reader set apart: "Safety and accuracy of"), not naming back matter, and
    set ``larger`` than the list — or, when sizes are unknown (``None``: a text without page
    geometry), after a line that closed an entry."""
    h = text[a:b].strip(" \t:")
    if not (a == 0 or text[a - 1] == "\n") or not (b >= len(text) or text[b] == "\n"):
        return False
    if not _SUBHEAD.fullmatch(h) or _DANGLING_END.search(h) or _NOT_A_LIST.search(h):
        return False
    if larger is not None:
        return larger
    return bool(_ENTRY_CLOSED.search(text[max(0, a - 80):a].rstrip()))


def cut_at_headings(text: str, entries: list[Entry], heads, line_starts=(), paragraphs: bool = False) -> list[Entry]:
    """Entries with the sub-list headings the reader marked inside the list left out.

    A list may go on under a heading of its own ("Further reading", "Studies excluded",
    "Pre-publication history"): the heading closes the entry it falls in, and the text after it
    is cut into entries on its own (an unnumbered note after a numbered list is one entry).
    Inside a numbered list whose numbers go on after it, a heading and its text are other
    matter set between two entries (a page's "Author contributions" in a two-column layout):
    the numbers alone cut the list there.

    Parameters
    ----------
    text : str
    entries : list of Entry
        The list cut by :func:`split_entries`.
    heads : iterable of (int, int) or (int, int, bool or None)
        Ranges of the headings a reader marked, and whether each is set larger than the list
        (``None``: unknown); only those that read as a sub-list's heading are taken (see
        :func:`_sub_heading`).
    line_starts, paragraphs
        As for :func:`split_entries`, for the text after a heading.

    Returns
    -------
    list of Entry
    """
    cuts = sorted((h[0], h[1]) for h in heads if _sub_heading(text, h[0], h[1], h[2] if len(h) > 2 else None))
    if not cuts or not entries:
        return entries
    out: list[Entry] = []
    for n, e in enumerate(entries):
        inside = [(a, b) for a, b in cuts if a < e.end and b > e.start]
        if not inside or (e.label and any(x.label for x in entries[n + 1:])):
            # a numbered list whose numbers go on after the heading: other matter set between
            # two entries ("Author contributions" in a two-column layout), cut by the numbers
            # alone, as without the heading
            out.append(e)
            continue
        pieces, pos = [], e.start
        for a, b in inside:
            pieces.append((pos, a))
            pos = max(pos, b)
        pieces.append((pos, e.end))
        for k, (a, b) in enumerate(pieces):
            if b <= a:
                continue
            if k == 0:  # the entry the heading closes keeps its label
                piece = _entry(text, a, b, e.label)
                out.extend([piece] if piece else [])
            else:
                out.extend(split_entries(text, (a, b), line_starts, paragraphs=paragraphs))
    return out


_LABEL_AT = fastre.lazy(
    r"(?:(?<=\n)|^|(?<=[.)\]>] ))[ \t]*(?:\[(?P<a>\d{1,4})\]|(?P<b>\d{1,4})[.)](?=\s)|"
    r"\((?P<c>\d{1,4})\)|(?P<d>\d{1,3})(?=[ \t]+[A-Z]))")


# A label anywhere after a space ("... Free Full Text 40 Okafor N, ..."): taken only when it is
# the next number of the list and an author list follows (see :func:`_numbered_starts`).
_LABEL_MID = fastre.lazy(
    r"(?<=[ \t])(?:\[(?P<a>\d{1,4})\][ \t]+(?=[^\s\d])|(?:(?P<b>\d{1,4})[.)]?|\((?P<c>\d{1,4})\))[ \t]+(?=[A-ZÀ-Þ]))")


_LABEL_LINE = fastre.lazy(r"\[(?P<a>\d{1,4})\]|(?P<b>\d{1,4})[.)](?=\s)|\((?P<c>\d{1,4})\)(?=\s)|(?P<d>\d{1,3})(?=[ \t]+[A-Z])")


def _label_value(m: re.Match) -> str:
    g = m.groupdict()
    return g.get("a") or g.get("b") or g.get("c") or g.get("d")


def _opens_with_authors(s: str) -> bool:
    """Whether ``s`` opens with an author list: a family name with initials ("Okafor N,",
    "Smith, J. A.") or a group author ("World Health Organization.")."""
    names, end, _ = parse_authors(s)
    if not names or end < 3:
        return False
    first = names[0]
    if first.get("collab"):
        return True
    given = (first.get("given") or "").replace(".", "").replace("-", "").replace(" ", "")
    return bool(first.get("family")) and 0 < len(given) <= 3 and given.isupper()


def _numbered_starts(text: str, start: int, end: int, line_starts=()) -> list[tuple[int, str]]:
    """Offsets (and labels) of entries numbered in sequence, at a line start or after a
    sentence end (PDF lines that carry two entries); empty if fewer than two.  A label at one
    of ``line_starts`` (a printed line the reader joined to the one before) counts as at a line
    start.

    Inside a list, a number elsewhere in a line ("... Free Full Text 40 Okafor N, ...") also
    opens an entry when it is the next label expected and an author list (family name with
    initials, or a group author) follows it; a volume, page, year or DOI fragment is not the
    next label followed by names.  Such a mid-line label yields to the same number printed at
    a line start further on (before the number after it).
    """
    chunk = text[start:end]
    printed = {i - start for i in line_starts or () if start <= i < end}
    strong = []
    for m in _LABEL_AT.finditer(chunk):
        n = _label_value(m)
        at = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
        line_start = m.start() == 0 or chunk[m.start() - 1] == "\n" or at in printed
        strong.append((at, n, line_start or m.start() < 3, True, m.end()))
    strong_at = {c[0] for c in strong}
    for i in sorted(printed):
        if i not in strong_at:
            m = _LABEL_LINE.match(chunk, i)  # a label opening a printed line the reader joined
            if m:
                strong.append((m.start(), _label_value(m), True, True, m.end()))
                strong_at.add(m.start())
    weak = [(m.start(), _label_value(m), False, False, m.end()) for m in _LABEL_MID.finditer(chunk)
            if m.start() not in strong_at]
    strong_pos: dict[int, list[int]] = {}
    for at, n, *_ in strong:
        strong_pos.setdefault(int(n), []).append(at)

    def _later(v: int, pos: int) -> Optional[int]:
        return next((p for p in strong_pos.get(v, ()) if p > pos), None)

    starts: list[tuple[int, str]] = []
    expected = None
    bracketed = False  # the list's labels are "[1]", "[2]": one mid-line needs no author list
    form = " "  # the labels' form: "[", "(", "." or ")" after the number, or " " (a bare number)
    for at, n, first_ok, is_strong, body_at in sorted(strong + weak):
        v = int(n)
        if expected is None:
            if is_strong and v in (0, 1) and first_ok:
                starts.append((start + at, n))
                expected = v + 1
                bracketed = chunk[at] == "["
                form = _form(chunk, at)
            continue
        if v != expected:
            # numbers left out of the list (a list renumbered after entries were dropped: 12, 14):
            # a label up to three further on opens an entry at a line start, in the list's own
            # form, when none of the numbers skipped is printed further on
            if not (is_strong and first_ok and expected < v <= expected + 3 and _form(chunk, at) == form
                    and form != " " and all(_later(u, at) is None for u in range(expected, v))):
                continue
        if not is_strong:
            same, nxt = _later(v, at), _later(v + 1, at)
            if same is not None and (nxt is None or same < nxt):
                continue  # the label is printed at a line start further on
            if not (bracketed and chunk[at] == "[") and not _opens_with_authors(chunk[body_at:body_at + 600]):
                continue
        starts.append((start + at, n))
        expected = v + 1
    return starts if len(starts) >= 2 else []


def _form(chunk: str, at: int) -> str:
    """The form of the label at ``at``: its opening bracket, else what follows its digits."""
    if chunk[at] in "[(":
        return chunk[at]
    k = at
    while k < len(chunk) and chunk[k].isdigit():
        k += 1
    return chunk[k] if k < len(chunk) and chunk[k] in ".)" else " "


def _blank_separated(text: str, start: int, end: int) -> bool:
    chunk = text[start:end].strip("\n")
    paras = [p for p in re.split(r"\n[ \t]*\n", chunk) if p.strip()]
    return len(paras) >= 2 and sum("\n" in p.strip() for p in paras) < len(paras)


def _paragraphs(text: str, start: int, end: int):
    for m in re.finditer(r"(?:[^\n]|\n(?![ \t]*\n))+", text[start:end]):
        if m.group(0).strip():
            yield (m.start() + start, m.end() + start, m.group(0))


_YEAR_AFTER_NAMES = fastre.lazy(r"\s*[.,]?\s*\(?(?:1[89]|20)\d{2}[a-z]?\)?(?:[.,:;]|\s|$)")
_MID_ENTRY_END = fastre.lazy(  # a line that ends here goes on: a name, a list, a phrase broken
    r"(?:[-‐‑–—,&;:(]|\b(?:and|und|et|In|by|of|the|in|for|with|to|on|a|an|from|at|edited))$")
_PARTICLES = fastre.lazy(r"^(?:(?:de|van|von|der|den|da|di|del|la|le|du|dos|ter|ten|the)\s+)+", re.I)
_PARTICLE_HEAD = fastre.lazy(r"\b(?:Van|Von|De|Der|Den|Da|Di|Del|La|Le|Du|Dos|Ten|Ter)$")
_LINE_SHAPE_SPAN = 120  # the year must follow the names within a line's first characters


def _sort_letters(name: Optional[dict]) -> list[str]:
    """The letters a first author may be filed under ("van der Berg" under B or V, "Émile"
    under E); empty when unknown."""
    if not name:
        return []
    fam = (name.get("family") or name.get("literal") or "").strip()
    out = []
    for form in (_PARTICLES.sub("", fam), fam):
        letters = [c for c in unicodedata.normalize("NFKD", form) if c.isalpha()]
        if letters and letters[0].casefold() not in out:
            out.append(letters[0].casefold())
    return sorted(out)


def _in_order(letters: list[str], last: str) -> Optional[str]:
    """The letter that keeps alphabetical order after ``last`` (``None`` if none does)."""
    if not letters or not last:
        return (letters or [last])[0]
    return next((c for c in letters if c >= last), None)


def _initials_tail(head: str, names: list[dict]) -> bool:
    """Whether text opening with ``head`` is initials whose family name ended the previous line
    ("Zimmerman\nRR, ..."), not a group author that opens with one ("R Development Core Team")."""
    if not re.match(r"[A-Z]{1,3}[,\s]", head):
        return False
    return not (names and names[0].get("collab") and " " in names[0].get("literal", ""))


def _names_cross_line(chunk: str, pos: int, e: int, start: int, sorted_starts) -> bool:
    """Whether a line begins inside ``chunk[pos:pos + e]`` with an author list and its year, after
    a line that does not carry an author list on (a comma, "and", "&", a hyphen)."""
    cuts = [pos + k + 1 for k, c in enumerate(chunk[pos:pos + e]) if c == "\n"]
    i = bisect_left(sorted_starts, start + pos + 1)
    while i < len(sorted_starts) and sorted_starts[i] < start + pos + e:
        cuts.append(sorted_starts[i] - start)
        i += 1
    for c in cuts:
        before = chunk[pos:c].rstrip()
        if not before or _MID_ENTRY_END.search(before) or not (
                chunk[c:c + 1].isupper() or (_PARTICLES.match(chunk[c:c + 12]) and not _PARTICLE_HEAD.search(before))):
            continue
        names, k, _ = parse_authors(chunk[c:c + 600])
        if (names and _YEAR_AFTER_NAMES.match(chunk[c + k:c + k + 24])
                and not _initials_tail(chunk[c:c + 4], names)):
            return True  # the line start opens an entry of its own
    return False


#: an entry's end no title or author list has: a number (pages, a PMID), a DOI or a URL (a
#: paragraph after "... et al." or a title's period may be the same entry run on to a new column)
_CLOSED_HARD = fastre.lazy(r"(?:\d[a-z]?|\b10\.\d{4,9}/\S+|(?:https?://|www\.)\S+)$")


def _one_entry_per_paragraph(chunk: str) -> bool:
    """Whether a list the reader set apart by paragraphs holds one entry per paragraph: at
    least five paragraphs, four in five of them opening with an author list."""
    paras = [p.strip() for p in chunk.split("\n") if p.strip()]
    if len(paras) < 5:
        return False
    opening = 0
    for p in paras:
        names, e, _ = parse_authors(p[:300])
        if names and e >= 4 and ((names[0].get("family") and (len(names) >= 2 or names[0].get("given")))
                                 or names[0].get("collab")):
            opening += 1
    return opening >= 0.8 * len(paras)


def _author_year_char_starts(text: str, start: int, end: int, line_starts=(), paragraphs: bool = False) -> list[int]:
    """Offsets where an author-year entry opens: an author list followed by its year, at the
    start of the list or right after the end of the previous entry (pages, a period, a DOI) —
    on a new line or, when the reader glued the entries into one paragraph, within the line;
    and at a line start (``\n`` or one of ``line_starts``) whose previous line does not end
    mid-entry, when the first authors keep alphabetical order (one-line entries ending in a
    word)."""
    chunk = text[start:end]
    first = len(chunk) - len(chunk.lstrip())
    starts = [start + first]
    line_starts = set(line_starts or ())
    sorted_starts = sorted(line_starts)
    last_letter = (_sort_letters(next(iter(parse_authors(chunk[first:first + 600])[0]), None)) or [""])[0]
    weak = None  # (pos, names end, first family's end, letter before) of an entry opened on weak cues
    para_entries = paragraphs and _one_entry_per_paragraph(chunk)
    for m in re.finditer(r"(?<=\s)(?=[A-ZÀ-Þ]|(?:de|van|von|der|den|da|di|del|la|le|du|dos)\s)", chunk):
        pos = m.start()
        if pos <= first:
            continue
        prev = chunk[max(0, pos - 40):pos].rstrip()
        closed = re.search(r"(?:\d[a-z]?|[.)\]]|[a-z]{2,}/\S*|(?:https?://|www\.)\S+|[A-Za-z]\d+|\b10\.\d{4,9}/\S+)$", prev)
        if re.search(r"(?:[,&;(]|\band|[A-Za-z][-‐‑])$", prev):
            continue  # inside an author list, or a name broken at a hyphen ("Smith-\nJones A")
        if re.search(r"\b(?:de|van|von|der|den|da|di|del|la|le|du|dos|ter|ten)$", prev):
            continue  # "van der\nBerg H": the particle belongs to this name
        at_line = chunk[pos - 1] == "\n" or start + pos in line_starts
        if para_entries and chunk[pos - 1] == "\n" and _CLOSED_HARD.search(prev):
            # paragraphs are entries here: one after a closed entry opens the next, with or
            # without an author list ("Celebrex capsules: prescribing information", a group
            # author run into its title)
            starts.append(start + pos)
            weak = None
            continue
        if chunk[pos].islower() and re.search(r"[A-Z][a-z]+$", prev) and (not at_line or _PARTICLE_HEAD.search(prev)):
            continue  # "Van\nde Kar LD": a name broken across lines
        stop = pos + 600
        if paragraphs:  # the reader set entries apart: names never run over a paragraph's end
            nl = chunk.find("\n", pos, stop)
            stop = nl if nl >= 0 else stop
        names, e, _ = parse_authors(chunk[pos:stop])
        if not names or e < 4:
            continue
        if _initials_tail(chunk[pos:pos + 4], names):
            continue  # initials whose family name ended the previous line ("Zimmerman\nRR, ...")
        if not at_line and _names_cross_line(chunk, pos, e, start, sorted_starts):
            continue  # "University of Bristol\nEllis, H. (2020)": the names run over a line start
        after = chunk[pos + e:pos + e + 24]
        inverted = re.match(r"[^\s,]+,\s", chunk[pos:pos + 60])  # "Martínez, B. J." may be a name's tail
        year_next = _YEAR_AFTER_NAMES.match(after)
        inside = weak is not None and weak[0] < pos < weak[2] and weak[1] == pos + e
        letter = _in_order(_sort_letters(names[0]), weak[3] if inside else last_letter)
        opened = False
        if (re.match(r"\s*\((?:1[89]|20)\d{2}[a-z]?\)", after) and names[0].get("family") and not inverted
                and (closed or (letter is not None and not _MID_ENTRY_END.search(prev)))):
            opened = True  # "Wood S (2006b)": names then a year in parentheses
        elif closed and year_next:
            opened = True
        elif (paragraphs and chunk[pos - 1] == "\n" and (closed or not _MID_ENTRY_END.search(prev))
              and ((names[0].get("family") and (len(names) >= 2 or names[0].get("given"))) or names[0].get("collab"))):
            opened = True  # a paragraph of its own that opens with an author list
        elif (year_next and e <= _LINE_SHAPE_SPAN
              and at_line
              and not _MID_ENTRY_END.search(prev)
              and ((names[0].get("family") and names[0].get("given")) or names[0].get("collab"))
              and letter is not None):
            opened = True  # a one-line entry after one that ended in a word ("... Press\nLee K (2010)")
        if opened and inside:
            # "... University of St Andrews Reilly JJ, ... (1991)": the shorter author list after
            # a place name wins over a multi-word family name opened without a closing cue
            starts[-1] = start + pos
            last_letter = letter or weak[3]
            weak = None
        elif opened:
            starts.append(start + pos)
            weak = ((pos, pos + e, pos + len(names[0].get("family") or ""), last_letter)
                    if not closed and not at_line and " " in (names[0].get("family") or "") else None)
            last_letter = letter or last_letter
    return starts


def visual_line_starts(text: str, boxes, start: int, end: int) -> list[int]:
    """Offsets in ``text[start:end]`` where a printed line begins after a reader-inserted space.

    A character that follows whitespace begins a new line when its box sits lower or higher
    than the last boxed character before it by more than half that character's height (a
    wrapped line, a new column or page), or when a tab comes before it (the reader set lines
    of two columns side by side, as a table row).

    Parameters
    ----------
    text : str
    boxes : sequence of (x0, top, x1, bottom) or None
        One entry per character of ``text`` (``Source.boxes``), or ``None``.
    start, end : int
        The range to look at.

    Returns
    -------
    list of int

    >>> b = [(0, 0, 5, 10)] * 3 + [None] + [(0, 12, 5, 22)] * 3
    >>> visual_line_starts("abc def", b, 0, 7)
    [4]
    """
    if not boxes:
        return []
    out = []
    for m in re.finditer(r"\s+(?=\S)", text[start:end]):
        i = start + m.end()
        bi = boxes[i] if i < len(boxes) else None
        j = start + m.start() - 1
        while j >= start and boxes[j] is None:
            j -= 1
        if bi is None or j < start:
            continue
        if "\t" in m.group(0):  # lines of two columns the reader set side by side as a row
            out.append(i)
            continue
        bj = boxes[j]
        height = max(bj[3] - bj[1], 1.0)
        if abs(bi[1] - bj[1]) > 0.5 * height:
            out.append(i)
    return out


def indent_starts(text: str, boxes, start: int, end: int, line_starts=()) -> Optional[list[int]]:
    r"""Offsets where entries open in a list set with a hanging (or first-line) indent, read
    from the printed geometry; ``None`` when the lines show no such indent.

    Each printed line of ``text[start:end]`` (after a ``\n`` or at one of ``line_starts``)
    is placed by the left edge of its first glyph.  Left edges that recur in pairs a fixed
    distance apart (the indent: 0.7 to 4 line heights, the same in every column and on every
    page) make an outer and an inner position per column.  The list's first line says which
    of the two opens an entry: the outer one in a hanging-indent list (continuation lines set
    in), the inner one when entries open with an indented first line.  Lines at a left edge
    with no partner open entries when several lines share it (a column of one-line entries),
    and continue the entry otherwise (a stray position: a glyph set out of line).  An edge with
    partners on both sides, one of them a single line, pairs with the other only, so one line set
    further in than the continuation lines does not make them open entries.

    >>> t = "Lee K A\ntitle\nTan L B\nmore"
    >>> x = {0: 0, 1: 14, 2: 0, 3: 14}
    >>> row = [t[:i].count("\n") for i in range(len(t))]
    >>> b = [None if c == "\n" else (x[r], 12 * r, x[r] + 5, 12 * r + 10) for c, r in zip(t, row)]
    >>> indent_starts(t, b, 0, len(t))
    [0, 14]
    """
    if not boxes:
        return None
    n = min(end, len(boxes))
    firsts = []  # (offset of the line, x0 of its first glyph, glyph height)
    seen = set()
    cands = [start] + [start + m.end() for m in re.finditer(r"\n", text[start:end])] + \
        [i for i in line_starts if start <= i < end]
    for i in sorted(set(cands)):
        k = i
        while k < n and (text[k].isspace() or boxes[k] is None):
            if text[k] == "\n" and k > i:
                break
            k += 1
        if k >= n or text[k] == "\n" or k in seen:
            continue
        b = boxes[k]
        seen.add(k)
        firsts.append((k, b[0], b[3] - b[1]))
    if len(firsts) < 4:
        return None
    h = statistics.median(f[2] for f in firsts)
    if h <= 0:
        return None
    tol = 0.25 * h
    # left-edge clusters: (x, count)
    xs = sorted(f[1] for f in firsts)
    clusters: list[list[float]] = []
    for x in xs:
        if clusters and x - clusters[-1][-1] <= tol:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    cx = [(statistics.median(c), len(c)) for c in clusters]
    # the indent: the gap between paired clusters, weighted by the lines the pair holds
    gaps: list[tuple[float, int]] = []
    for i, (a, na) in enumerate(cx):
        for b, nb in cx[i + 1:]:
            if b - a > 4 * h:
                break
            if b - a >= 0.7 * h:
                gaps.append((b - a, min(na, nb)))
    if not gaps:
        return None
    best_d, best_w = 0.0, 0
    for d, _ in gaps:
        w = sum(wt for g, wt in gaps if abs(g - d) <= tol)
        if w > best_w:
            best_d, best_w = d, w
    if not best_w:
        return None

    def near(x: float) -> Optional[int]:
        for j, (c, _) in enumerate(cx):
            if abs(c - x) <= tol:
                return j
        return None

    role = []  # per cluster: "outer", "inner" or None
    for c, cnt in cx:
        i_j, o_j = near(c - best_d), near(c + best_d)
        if i_j is not None and o_j is not None and min(cx[i_j][1], cx[o_j][1]) == 1 < max(cx[i_j][1], cx[o_j][1]):
            # partners on both sides, one a single line (a line set further in than the
            # continuation lines): the edge pairs with the one several lines share
            i_j, o_j = (i_j, None) if cx[o_j][1] == 1 else (None, o_j)
        inner, outer = i_j is not None, o_j is not None
        role.append("inner" if inner and not outer else "outer" if outer and not inner else
                    ("both" if inner else None))
    first_role = role[near(firsts[0][1])]
    if first_role not in ("outer", "inner"):
        return None
    opens = []
    for k, x, _ in firsts:
        j = near(x)
        r = role[j]
        if r == first_role or (r is None and cx[j][1] >= 2) or (r == "both" and first_role == "outer"):
            opens.append(k)
    # the first line opens the list whatever its position
    if not opens or opens[0] != firsts[0][0]:
        opens.insert(0, firsts[0][0])
    return opens
