"""Plain-text reader: detect the encoding, refuse binary data, keep every character.

The text is decoded (byte-order mark, then UTF-8, then charset-normalizer's best guess) and
only its newlines are normalised (``\\r\\n`` and ``\\r`` become ``\\n``), so offsets stay stable.
Short standalone lines between paragraphs ("Methods", "Reinfection rate") are marked as
``heading`` spans; every other non-empty line is a ``paragraph``.
"""
from __future__ import annotations

import codecs
import re
from itertools import islice
import unicodedata
from typing import Optional

from ..errors import UndecodableText
from ..source import Source, SourceBuilder
from . import headings
from .texttables import LONG_LINE

__all__ = ["decode_bytes", "read_text", "text_source"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _printable_ratio(text: str) -> float:
    if not text:
        return 1.0
    sample = text[:20000]
    # each distinct character is looked up once
    bad = sum(sample.count(ch) for ch in set(sample) if ch not in "\n\r\t\f"
              and (unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") or ch == "\ufffd"))
    return 1.0 - bad / len(sample)


def decode_bytes(data: bytes, path: str = "", *, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data`` to text; return ``(text, encoding)``.

    Tries a byte-order mark, the ``declared`` encoding (e.g. an HTML meta charset), UTF-8, then
    charset-normalizer.  Binary data (NUL bytes without a UTF-16/32 mark, or mostly unprintable
    characters) raises :class:`UndecodableText`.

    >>> decode_bytes("Le patient a reçu un traitement à l'hôpital.".encode("latin-1"))
    ("Le patient a reçu un traitement à l'hôpital.", 'cp1252')
    >>> decode_bytes(codecs.BOM_UTF8 + b"x")
    ('x', 'utf-8')
    """
    text = enc = None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text, enc = data[len(bom):].decode(name), name
            except UnicodeDecodeError:
                raise UndecodableText(f"{path or 'data'} has a {name} byte-order mark but is not {name}", path=path) from None
            break
    if text is None:
        if b"\x00" in data[:65536]:
            raise UndecodableText(f"{path or 'data'} looks like binary data (NUL bytes), not text", path=path)
        candidates = [declared] if declared else []
        candidates.append("utf-8")
        for name in candidates:
            try:
                text, enc = data.decode(name), name
                break
            except (UnicodeDecodeError, LookupError):
                continue
    if text is None:
        from charset_normalizer import from_bytes

        # Without NUL bytes the data is not UTF-16/32 (short inputs fool the detector there).
        # Among the equally good guesses prefer cp1252, the usual legacy encoding of
        # English-language literature.
        matches = [m for m in from_bytes(data) if not m.encoding.startswith(("utf_16", "utf_32"))]
        if matches:
            top = matches[0]
            ties = [m for m in matches if m.chaos <= top.chaos and m.coherence >= top.coherence - 0.01]
            pick = next((m for m in ties if m.encoding == "cp1252"), top)
            text, enc = str(pick), pick.encoding
        else:
            try:
                text, enc = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                raise UndecodableText(f"{path or 'data'} is not text in any encoding we recognise", path=path) from None
    if _printable_ratio(text) < 0.9:
        raise UndecodableText(f"{path or 'data'} looks like binary data (mostly unprintable characters)", path=path)
    return text, enc


_NEWLINES = re.compile(r"\r\n?")

#: Latin ligature code points (U+FB00–U+FB06) as their letters, so "ﬁndings" is searchable as
#: "findings" (the PDF reader gets letters from pdfium already; the offsets of the other
#: readers are into the text they build, so expanding keeps provenance exact)
LIGATURES = {0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl", 0xFB05: "st", 0xFB06: "st"}


_NONSPACE = re.compile(r"\S")
_LIGATURE = re.compile("[\ufb00-\ufb06]")
_TABLE_GAP = re.compile(r"\S(?: {2,}|\t)\S")
_RULE = re.compile(r"^\s*[-=+:| ]{3,}\s*$")
_FENCE = re.compile(r"^\s*:{3,}")
_MD_HEADING = re.compile(r"(?:^|(?<=\s))(#{1,6}) +(?=[\w(\[*])")
_PANDOC_SUP = re.compile(r"\^([^\s^]{1,20})\^")
_CAPITALISED = re.compile(r"^[A-Z][a-z]")
_CONNECTORS = {"AND", "OF", "&", "/", "-", "–", "IN", "FOR", "THE", "ON", "TO", "WITH"}


def _is_table_row(line: str) -> bool:
    """Aligned columns: two or more gaps of 2+ spaces (or tabs) between words."""
    return len(_TABLE_GAP.findall(line)) >= 2 or (line.startswith("  ") and len(_TABLE_GAP.findall(line)) >= 1)


def _heading_extent(text: str, start: int, line_end: int) -> int:
    """End of a Markdown heading that starts at ``start`` (after ``#`` marks).

    Pandoc output often runs the heading and its text together on one line ("## Study
    participants Of the 4,411 patients ..."): the heading ends at a colon, after a known
    section name, after a run of capitals ("RESEARCH DESIGN AND METHODS"), or before the first
    capitalised word that starts the text.
    """
    rest = text[start:min(line_end, start + LONG_LINE)]  # 16 words are well within
    nxt = re.search(r"(?:^|\s)#{1,6} ", rest)  # the next heading mark ends this one
    if nxt:
        rest = rest[: nxt.start()]
    words = list(islice(re.finditer(r"\S+", rest), 16))
    if not words:
        return start
    # a known section name followed by the text
    for k in range(min(6, len(words)), 0, -1):
        cand = rest[: words[k - 1].end()]
        if headings.exact_section_name(cand) is not None and (k == len(words) or not words[k].group()[:1].islower()):
            return start + words[k - 1].end()
    # "Background: Hernia is ..." / "Trial registration ClinicalTrials.gov Identifier: NCT..."
    for k, w in enumerate(words[:8]):
        if w.group().endswith(":"):
            return start + w.end()
    first = words[0].group()
    k = 1
    if re.fullmatch(r"(?:\d+\.)+\d*\.?|[IVX]+\.", first) and len(words) > 1:  # "3.3." numbering
        k = 2
    if words[k - 1].group().isupper() and len(words[k - 1].group()) >= 2:
        while k < len(words):
            w = words[k].group().strip(",;")
            if (w.isupper() and len(w) >= 2) or w in _CONNECTORS:
                k += 1
            else:
                break
        return start + words[k - 1].end()
    while k < len(words):
        w = words[k].group()
        if _CAPITALISED.match(w) or w.startswith(("[", "*", "(")) and k >= 1 and _CAPITALISED.match(w.lstrip("[*(")):
            break
        if w.endswith((".", "?", "!")) and not re.fullmatch(r"[\d.]+", w):
            return start  # a sentence, not a heading
        k += 1
    if k >= 14:
        return start
    return start + words[k - 1].end()


def text_source(text: str, format: str = "text", **meta) -> Source:
    """A :class:`Source` over already decoded text, with paragraph, heading and table spans.

    * Markdown headings (``# Results``), also when Pandoc ran them into the text on one line
      (``# Abstract ## Background New graduates ...``), and short standalone heading lines.
    * Lines of aligned columns (two or more gaps of 2+ spaces) are ``table_row`` spans with
      ``table_cell`` spans; ruler lines (``-----  ----``) and Pandoc fences (``:::``) are
      ``markup`` spans that hold no sentence.
    * A block of hard-wrapped lines (all but the last long) is one ``paragraph`` span across
      its line breaks, so sentences may continue on the next line.
    * Pandoc superscripts (``10^7^``, ``Immunosuppressed^a^``) are ``sup`` spans over the run.
    * Tables (pipe, grid, pandoc simple and multiline, tab-separated, space-aligned) are read as
      data into :attr:`Source.tables` (:mod:`extractor.readers.texttables`).
    """
    text = _NEWLINES.sub("\n", text)
    if _LIGATURE.search(text):  # translate() copies the whole text: only when there is one
        text = text.translate(LIGATURES)
    b = SourceBuilder(format)
    b.add(text)
    # (start, end, line) of every line; a line longer than LONG_LINE is running text (no
    # heading, rule or table row is that long) and is kept as offsets only, never copied
    lines: list[tuple[int, int, Optional[str]]] = []
    pos = 0
    while True:
        k = text.find("\n", pos)
        end = len(text) if k < 0 else k
        lines.append((pos, end, text[pos:end] if end - pos <= LONG_LINE else None))
        if k < 0:
            break
        pos = k + 1

    def view(x: int) -> str:
        """Line ``x`` (the first LONG_LINE characters of a long one)."""
        s_, e_, t_ = lines[x]
        return t_ if t_ is not None else text[s_:s_ + LONG_LINE]

    kinds: list[str] = []
    for s, e, t in lines:
        if t is None:
            kinds.append("text" if _NONSPACE.search(text, s, e) else "blank")
        elif not t.strip():
            kinds.append("blank")
        elif _RULE.match(t) or _FENCE.match(t):
            kinds.append("markup")
        elif _is_table_row(t):
            kinds.append("row")
        else:
            kinds.append("text")
    nonblank = [i for i, k in enumerate(kinds) if k != "blank"]
    rank = {x: k for k, x in enumerate(nonblank)}
    markdown = any(_MD_HEADING.match(view(x)) for x in range(len(lines)))
    i = 0
    while i < len(lines):
        s, e, t = lines[i]
        kind = kinds[i]
        if kind == "blank":
            i += 1
            continue
        s2, e2 = _trim(text, s, e)
        if kind == "markup":
            b.mark(s2, e2, "markup")
            i += 1
            continue
        if kind == "row":
            b.mark(s2, e2, "table_row")
            col = 0
            for m in re.finditer(r"\S+(?: \S+)*", t):
                b.mark(s + m.start(), s + m.end(), "table_cell", column=col)
                col += 1
            i += 1
            continue
        md = list(_MD_HEADING.finditer(text, s, e))
        if md:
            for m in md:
                hs = m.end()
                he = _heading_extent(text, hs, e)
                if he > hs:
                    b.mark(hs, he, "heading", level=len(m.group(1)), markdown=True)
            i += 1
            continue
        k = rank[i]
        prev_line = view(nonblank[k - 1]) if k else None
        next_line = view(nonblank[k + 1]) if k + 1 < len(nonblank) else None
        # a document that marks its headings (Markdown) is not second-guessed from short lines
        if (
            not markdown
            and t is not None
            and headings.looks_like_heading(t.strip(), prev_line, next_line)
            and not (next_line and _is_wrapped_pair(t, next_line))
        ):
            b.mark(s2, e2, "heading", level=2)
            i += 1
            continue
        # a hard-wrapped paragraph: following text lines while the current one is long
        j = i
        block_end = i
        while block_end + 1 < len(lines) and kinds[block_end + 1] == "text" and block_end - i < 50:
            block_end += 1
        width = max(_trim(text, lines[x][0], lines[x][1])[1] - lines[x][0]
                    for x in range(i, block_end + 1))
        while (
            j + 1 < len(lines)
            and kinds[j + 1] == "text"
            and lines[j][2] is not None
            and _is_wrapped_line(lines[j][2], width)
            and not _MD_HEADING.match(view(j + 1))
            and not headings.known_heading(view(j + 1).strip())
        ):
            j += 1
        end = _trim(text, lines[j][0], lines[j][1])[1]
        b.mark(s2, end, "paragraph")
        i = j + 1
    for m in _PANDOC_SUP.finditer(text):
        b.mark(m.start(1), m.end(1), "sup", pandoc=True)
    src = b.build(meta=dict(meta))
    from .texttables import text_tables

    src.tables = text_tables(src)
    return src


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``text[start:end]`` without surrounding whitespace, as offsets (the line is not copied);
    an all-blank stretch gives ``(start + its length, start)``, as the string arithmetic did."""
    m = _NONSPACE.search(text, start, end)
    if m is None:
        return end, start
    b = end
    while b > m.start() and text[b - 1].isspace():
        b -= 1
    return m.start(), b


def _is_wrapped_line(line: str, width: int) -> bool:
    """A line broken by hard wrapping: long (close to the block's width) and 40+ characters."""
    t = line.rstrip()
    return len(t) >= 40 and len(t) >= 0.7 * width and width <= 100


def _is_wrapped_pair(line: str, next_line: str) -> bool:
    return _is_wrapped_line(line, max(len(line), len(next_line))) and next_line[:1].islower()


def read_text(data: bytes, path: str, options) -> Source:
    """Read a plain-text file (see the module docstring)."""
    text, enc = decode_bytes(data, path)
    return text_source(text, "text", encoding=enc)
