"""HTML reader (lxml): visible article text with headings, superscripts and tables kept.

Scripts, styles, navigation, page headers/footers and asides are dropped.  Block elements end
lines; runs of whitespace collapse to one space (as a browser shows them).  ``<sup>`` becomes
``^run`` with a ``sup`` span, ``<h1>``–``<h6>`` are ``heading`` spans (``attrs["level"]``), and
a ``<table>`` is written row by row (cells separated by tabs) with ``table``, ``table_row`` and
``table_cell`` spans; ``<ol>`` items carry the numbers a browser shows (``1. ``).  The title is ``<title>`` (or the first ``<h1>``).
"""
from __future__ import annotations

import re
from typing import Callable, Optional

import lxml.etree as etree
import lxml.html

from ..errors import CorruptFile, TooLarge
from ..metadata import html_metadata
from ..source import Source, SourceBuilder, Span
from .entities import declared_names, entity_flag
from .tables import MAX_COL_SPAN, MAX_ROW_SPAN, PendingTable, span_value
from .text import LIGATURES, decode_bytes
from .treewalk import Walk, run

__all__ = ["read_html", "html_source", "Writer"]

DROP = {
    "script", "style", "nav", "header", "footer", "aside", "noscript", "template", "head",
    "svg", "math", "button", "form", "iframe", "object", "select", "option", "textarea", "menu",
}
BLOCK = {
    "p", "div", "section", "article", "main", "blockquote", "pre", "ul", "ol", "li", "dl", "dt",
    "dd", "figure", "figcaption", "caption", "address", "hr", "br", "h1", "h2", "h3", "h4", "h5",
    "h6", "table", "tr", "thead", "tbody", "tfoot", "body", "html", "details", "summary",
    "fieldset", "legend",
}
_WS = re.compile(r"[ \t\n\r\f\v\u00a0\u200b]+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


class Writer:
    """Append collapsed text to a :class:`SourceBuilder` the way a browser lays it out."""

    def __init__(self, builder: SourceBuilder):
        self.b = builder

    def text(self, s: Optional[str]) -> None:
        if not s:
            return
        s = _WS.sub(" ", s).translate(LIGATURES)
        last = self.b.last_char()
        if not last or last in " \n\t":
            s = s.lstrip(" ")
        if s:
            self.b.add(s)

    def sup(self, s: str) -> None:
        s = _WS.sub(" ", s).strip().translate(LIGATURES)
        if s:
            self.b.add_sup(s)

    def end_line(self) -> None:
        self.b.newline()

    def trimmed_end(self, start: int) -> int:
        """End of the text written since ``start``; spans never end on a collapsed space."""
        end = self.b.offset
        return end - 1 if end > start and self.b.last_char() == " " else end

    def table(self, table, tag: Callable, write_cell: Callable, pending: Optional[PendingTable] = None) -> Walk:
        """Write ``table`` as tab-separated rows with ``table``/``table_row``/``table_cell`` spans.

        ``tag(el)`` names an element (``tr``, ``td``, ``th``); ``write_cell(cell)`` is the walk
        that writes one cell's content on one line (:mod:`.treewalk`: this is a walk too, run
        with ``run`` or yielded from another walk).  HTML and JATS tables share this layout.  Rows come in
        their groups' order (``thead``, ``tbody``, loose ``tr``) with ``tfoot`` last, as a
        browser shows them; rows of a nested table stay inside their cell.  With ``pending``,
        each cell is also placed on its grid (``rowspan``/``colspan``, header flag for ``th``
        and ``thead`` cells), and a ``tfoot`` of notes (one filled cell a row) is written as
        note lines after the rows and kept as the table's footnotes.
        """
        self.end_line()
        tstart = self.b.offset
        grid = pending.grid if pending is not None else None
        notes = []
        if grid is not None:
            # row spans reach across thead/tbody (publishers span a stub header into the body)
            # and end with the <table> element
            grid.start_group()
        for kind, rows in _row_groups(table, tag):
            if kind == "tfoot" and pending is not None and _note_rows(rows, tag):
                notes.extend(rows)
                continue
            for tr in rows:
                cells = [c for c in tr if tag(c) in ("td", "th")]
                if not cells:
                    continue
                self.end_line()
                rstart = self.b.offset
                if grid is not None:
                    grid.start_row()
                for i, cell in enumerate(cells):
                    if i:
                        self.b.add("\t")
                    cstart = self.b.offset
                    yield write_cell(cell)
                    cend = max(cstart, self.trimmed_end(cstart))
                    header = tag(cell) == "th" or kind == "thead"
                    self.b.mark(cstart, cend, "table_cell", column=i, header=header)
                    if grid is not None:
                        rs = cell.get("rowspan")
                        grid.add(cstart, cend, header=header, col_span=span_value(cell.get("colspan"), MAX_COL_SPAN),
                                 row_span=span_value(rs, MAX_ROW_SPAN), to_group_end=(rs or "").strip() == "0")
                self.b.mark(rstart, self.trimmed_end(rstart), "table_row")
                self.b.newline()
        if self.b.offset > tstart:
            end = self.b.offset - 1 if self.b.last_char() == "\n" else self.b.offset
            self.b.mark(tstart, end, "table")
            if pending is not None:
                pending.rows_start, pending.rows_end = tstart, end
                pending.extend(tstart, end)
        for tr in notes:
            for cell in tr:
                if tag(cell) not in ("td", "th"):
                    continue
                self.end_line()
                start = self.b.offset
                yield write_cell(cell)
                end = self.trimmed_end(start)
                if end > start:
                    self.b.mark(start, end, "paragraph")
                    pending.footnotes.append((start, end))
                    pending.extend(start, end)
        self.end_line()


def _row_groups(table, tag: Callable) -> list[tuple[str, list]]:
    """``[(kind, rows)]`` of a table: ``thead``/``tbody`` groups and runs of loose ``tr`` in
    document order, then the ``tfoot`` groups (a browser draws the foot last)."""
    groups: list[tuple[str, list]] = []
    feet: list[tuple[str, list]] = []
    for child in table:
        t = tag(child)
        if t in ("thead", "tbody"):
            groups.append((t, [r for r in child if tag(r) == "tr"]))
        elif t == "tfoot":
            feet.append((t, [r for r in child if tag(r) == "tr"]))
        elif t == "tr":
            if groups and groups[-1][0] == "tr":
                groups[-1][1].append(child)
            else:
                groups.append(("tr", [child]))
    return groups + feet


def _note_rows(rows: list, tag: Callable) -> bool:
    """Rows of notes: each has exactly one cell with text (a totals row has several)."""
    if not rows:
        return False
    for tr in rows:
        filled = [c for c in tr if tag(c) in ("td", "th") and "".join(c.itertext()).strip()]
        if len(filled) != 1:
            return False
    return True


def _tag(el) -> str:
    t = el.tag
    if not isinstance(t, str):
        return ""
    return t.rsplit("}", 1)[-1].lower()


class _HTMLWalker:
    """Writes an HTML tree into a :class:`SourceBuilder`.

    The methods that descend into children are walks (generators, :mod:`.treewalk`): a child
    is walked by ``yield``-ing its walk, so nesting as deep as the parser allows needs no
    recursion.
    """

    def __init__(self, builder: SourceBuilder, ref_ids: frozenset = frozenset()):
        self.b = builder
        self.w = Writer(builder)
        self.first_h1: Optional[tuple[int, int]] = None
        self.ref_ids = ref_ids  # ids of reference-list entries: links to them are citations
        self.tables: list[PendingTable] = []
        # id(element) -> the element (kept alive, so its id names no other element) and the
        # tables it wraps
        self._wrappers: dict[int, tuple[object, list[PendingTable]]] = {}

    def walk(self, el) -> Walk:
        tag = _tag(el)
        if not tag:  # comments, processing instructions
            self.w.text(el.tail)
            return
        if self._dropped(el, tag):
            self.w.text(el.tail)
            return
        if tag == "sup":
            self.sup(el)
        elif tag == "a" and (el.get("href") or "").startswith("#"):
            start = self.b.offset
            yield self.children(el)
            self._xref(el, start, self._end_of_text(start))
        elif tag == "table":
            yield self.table(el)
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.w.end_line()
            start = self.b.offset
            yield self.children(el)
            end = self._end_of_text(start)
            if end > start:
                self.b.mark(start, end, "heading", level=int(tag[1]))
                if tag == "h1" and self.first_h1 is None:
                    self.first_h1 = (start, end)
            self.w.end_line()
        elif tag == "br":
            self.w.end_line()
        elif tag == "ol":
            yield self.ordered_list(el)
        elif tag in BLOCK:
            self.w.end_line()
            start = self.b.offset
            yield self.children(el)
            if tag in ("p", "li", "blockquote", "dd", "dt", "figcaption", "caption", "pre"):
                end = self._end_of_text(start)
                if end > start:
                    self.b.mark(start, end, "paragraph")
            self.w.end_line()
        else:
            yield self.children(el)
        if self._wrappers and id(el) in self._wrappers:
            for p in self._wrappers.pop(id(el))[1]:
                p.wrapper_end = self._end_of_text(p.rows_end or self.b.offset)
        self.w.text(el.tail)

    def sup(self, el) -> None:
        """``^run`` with a ``sup`` span; in-page links inside (``<sup><a href="#B3">3</a></sup>``)
        keep ``xref`` spans."""
        start = self.b.offset
        self.w.sup(el.text_content())
        if self.b.offset == start:
            return
        run_start = start + 1  # after the caret
        content = _WS.sub(" ", el.text_content()).strip()
        pos = 0
        for a in el.iter():
            if _tag(a) != "a" or not (a.get("href") or "").startswith("#"):
                continue
            t = _WS.sub(" ", a.text_content()).strip()
            k = content.find(t, pos) if t else -1
            if k >= 0:
                self._xref(a, run_start + k, run_start + k + len(t))
                pos = k + len(t)

    def _xref(self, a, start: int, end: int) -> None:
        if end <= start:
            return
        rid = (a.get("href") or "")[1:]
        kind = "bibr" if rid in self.ref_ids else None
        self.b.mark(start, end, "xref", rid=rid, rids=[rid], ref_type=kind)

    def _dropped(self, el, tag: str) -> bool:
        """Page chrome: scripts, navigation, site header/footer, asides, hidden elements.

        A ``<header>`` or ``<footer>`` inside ``<article>``/``<main>`` belongs to the article
        (its title block, its footnotes) and is kept, and so is one that holds the abstract
        (an article's title block printed outside any ``<article>`` element).
        """
        if el.get("hidden") is not None or el.get("aria-hidden") == "true":
            return True
        role = (el.get("role") or "").lower()
        chrome = tag in ("header", "footer") or role in ("banner", "contentinfo")
        if chrome:
            return not any(_tag(a) in ("article", "main") for a in el.iterancestors()) and not _holds_abstract(el)
        return tag in DROP or role in ("navigation", "complementary", "search")

    def ordered_list(self, ol) -> Walk:
        """``<ol>`` items with the numbers a browser shows ("1. ", honouring ``start``,
        ``reversed`` and ``value``): reference lists are numbered this way, and the numbers
        are what in-text callouts point at."""
        self.w.end_line()
        items = [li for li in ol if _tag(li) == "li"]
        try:
            n = int(ol.get("start")) if ol.get("start") else (len(items) if ol.get("reversed") is not None else 1)
        except ValueError:
            n = 1
        step = -1 if ol.get("reversed") is not None else 1
        self.w.text(ol.text)
        for child in ol:
            if _tag(child) != "li":
                yield self.walk(child)
                continue
            if child.get("value", "").strip().lstrip("-").isdigit():
                n = int(child.get("value"))
            self.w.end_line()
            start = self.b.offset
            self.b.add(f"{n}. ")  # inserted, as the browser renders it
            yield self.children(child)
            end = self._end_of_text(start)
            if end > start:
                self.b.mark(start, end, "paragraph")
            self.w.end_line()
            self.w.text(child.tail)
            n += step
        self.w.end_line()

    def _end_of_text(self, start: int) -> int:
        return self.w.trimmed_end(start)

    def children(self, el) -> Walk:
        self.w.text(el.text)
        for child in el:
            yield self.walk(child)

    def table(self, el) -> Walk:
        """A table as rows (see :meth:`Writer.table`) and as data: its ``<caption>`` is
        written as a line above the rows; label, caption and notes found around the table are
        settled once the text is complete (:func:`_settle_tables`)."""
        pending = PendingTable()
        self.w.end_line()
        cap = next((c for c in el if _tag(c) == "caption"), None)
        if cap is not None:
            start = self.b.offset
            yield self.children_inline(cap)
            end = self._end_of_text(start)
            if end > start:
                self.b.mark(start, end, "paragraph")
                pending.caption = (start, end)
                pending.extend(start, end)
            self.w.end_line()
        yield self.w.table(el, _tag, self.children_inline, pending)
        wrapper = _table_wrapper(el)
        if wrapper is not None:
            self._wrappers.setdefault(id(wrapper), (wrapper, []))[1].append(pending)
        self.tables.append(pending)

    def children_inline(self, el) -> Walk:
        """Cell content on one line: block children become spaces, not line breaks."""
        self.w.text(el.text)
        for child in el:
            tag = _tag(child)
            if tag in DROP or not tag:
                self.w.text(child.tail)
                continue
            if tag == "sup":
                self.w.sup(child.text_content())
            elif tag == "br" or tag in BLOCK or tag in ("td", "th"):  # a nested table's cells too
                if self.b.last_char() not in ("", " ", "\t"):
                    self.b.add(" ")
                yield self.children_inline(child)
            else:
                yield self.children_inline(child)
            self.w.text(child.tail)


_WRAPPER = re.compile(r"(?i)(?<![a-z])(?:table|tbl|tab)(?:[-_]?(?:wrap\w*|container|box|group|panel|figure|fig|content|holder))?(?![a-z])")
#: a line of notes under a table: a footnote mark, a superscript mark, or a notes lead word
_NOTE = re.compile(r"(?:\^?[*†‡§¶#‖]|\^[a-z0-9]{1,3}\b|\(?[a-h]\)?\s+[A-Z(]|\(\d{1,2}\)\s|(?:Notes?|Abbreviations?|Sources?|Key|Legend|"
                   r"Data (?:are|were|is)|Values (?:are|were)|Results (?:are|were)|Figures are|All values|Footnotes?)\b)")


def _table_wrapper(table):
    """The element that holds this table with its caption and notes: the outermost
    ``<figure>`` or block whose class or id names a table (``table-wrap``, ``tbl-container``),
    at most three levels up, that holds no other table."""
    found = None
    anc = table.getparent()
    for _ in range(3):
        if anc is None or _tag(anc) in ("body", "html", "td", "th", "tr", "table", "article", "main"):
            break
        if _tag(anc) == "figure" or _WRAPPER.search(f"{anc.get('class') or ''} {anc.get('id') or ''}"):
            n = 0
            for t in anc.iter():
                if _tag(t) == "table":
                    n += 1
            if n > 1:
                break
            found = anc
        anc = anc.getparent()
    return found


def _lines_before(text: str, pos: int, floor: int, k: int) -> list[tuple[int, int]]:
    """Up to ``k`` non-empty lines ending before ``pos`` (nearest first), none before ``floor``."""
    out = []
    end = pos
    while len(out) < k and end > floor:
        e = end - 1 if end > 0 and text[end - 1] == "\n" else end
        s = text.rfind("\n", floor, e) + 1
        s = max(s, floor)
        if text[s:e].strip():
            out.append((s, e))
        if s <= floor:
            break
        end = s
    return out


def _settle_tables(src: Source, pending: list[PendingTable]) -> list:
    """Table records of an HTML page: a ``<caption>`` starting with "Table 2." gives the
    label; without one, a line right above the table that starts with a table label (or a
    label line above a caption line) gives label and caption; notes are the ``<tfoot>`` notes,
    the rest of the table's wrapper (``<figure>``, ``div.table-wrap``) after the rows, or the
    lines right under the table that open with a footnote mark or a notes word."""
    from .tables import split_label

    text = src.text
    out = []
    floor = 0
    heads = {h.start for h in src.spans_of("heading")}
    for k, p in enumerate(pending):
        if p.rows_start is None and p.caption is None:
            continue
        nxt = next((q.start for q in pending[k + 1:] if q.start is not None), len(text))
        label = None
        if p.caption is not None:
            a, b = p.caption
            lab, rest = split_label(text[a:b])
            if lab:
                label = lab
                p.caption = (b - len(rest), b) if rest.strip() else None
                p.label = (a, a + len(lab))
        else:
            before = _lines_before(text, p.start, floor, 2)
            if before:
                a, b = before[0]
                lab, rest = split_label(text[a:b])
                if lab and b - a < 400:
                    label = lab
                    p.label = (a, a + len(lab))
                    p.caption = (b - len(rest), b) if rest.strip() else None
                    p.extend(a, b)
                elif len(before) > 1 and b - a < 600:
                    a2, b2 = before[1]
                    lab2, rest2 = split_label(text[a2:b2])
                    if lab2 and not rest2.strip():
                        label = lab2
                        p.label = (a2, a2 + len(lab2))
                        p.caption = (a, b)
                        p.extend(a2, b)
        end = p.end
        if p.wrapper_end is not None and p.wrapper_end > end and p.wrapper_end <= nxt:
            a, b = end, p.wrapper_end
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            first_end = text.find("\n", a, b)
            first_end = b if first_end < 0 else first_end
            lab, rest = split_label(text[a:first_end])
            if lab and label is None:  # a <figcaption> under the table
                label = lab
                p.label = (a, a + len(lab))
                p.caption = (first_end - len(rest), first_end) if rest.strip() else None
                p.extend(a, first_end)
                a = first_end
                while a < b and text[a].isspace():
                    a += 1
            if b > a:
                p.footnotes.append((a, b))
                p.extend(a, b)
        elif p.rows_end is not None:
            pos = end
            for _ in range(12):
                s = pos + 1 if pos < len(text) and text[pos] == "\n" else pos
                e = text.find("\n", s)
                e = len(text) if e < 0 else e
                line = text[s:e]
                if not line.strip() or e > nxt or s in heads or not _NOTE.match(line) or split_label(line)[0]:
                    break
                p.footnotes.append((s, e))
                p.extend(s, e)
                pos = e
        table = p.build(src, label_text=label)
        if table is not None:
            out.append(table)
        floor = max(floor, p.end or 0)
    return out


_REF_CONTAINER = re.compile(r"(?i)(?<![a-z])(?:refs?|references?|ref-list|reflist|bib|biblio|bibliography|citations?)(?![a-z])")


def _reference_ids(root) -> frozenset:
    """Ids of elements in the reference list: inside a container whose class or id says so
    (``ref-list``, ``references``, ``bibliography``), or items of a list right after a
    "References" heading."""
    from .headings import section_name

    ids = set()
    for el in root.iter():
        if not isinstance(el.tag, str) or not el.get("id"):
            continue
        for anc in [el, *el.iterancestors()]:
            if anc is not el and _REF_CONTAINER.search(f"{anc.get('class') or ''} {anc.get('id') or ''}"):
                ids.add(el.get("id"))
                break
            if _tag(anc) in ("ol", "ul"):
                prev = anc.getprevious()
                while prev is not None and not isinstance(prev.tag, str):
                    prev = prev.getprevious()
                if prev is not None and _tag(prev) in ("h1", "h2", "h3", "h4", "h5", "h6") and section_name(prev.text_content()) == "references":
                    ids.add(el.get("id"))
                    break
    return frozenset(ids)


def _encoding(data: bytes) -> Optional[str]:
    m = _META_CHARSET.search(data[:4096])
    if m:
        name = m.group(1).decode("ascii", "ignore").lower()
        return {"iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252"}.get(name, name)
    return None


#: libxml2's nesting limit with its "huge" option (256 without it): deeper markup is cut off
MAX_DEPTH = 2048
# An internal DTD subset is XML, not HTML: a browser shows "]>" as text, and the entities it
# declares (often an XXE probe, <!ENTITY xxe SYSTEM "file:...">) are never defined in HTML.
_DOCTYPE_SUBSET = re.compile(r"\A(\s*(?:<!--.*?-->\s*)*)<!DOCTYPE([^\[>]*)\[(.*?)\]\s*>", re.I | re.S)
# Wrappers that only style or group (legacy pages leave them unclosed, one inside the other):
# unwrapped when a page nests deeper than MAX_DEPTH, block wrappers ending a line.
_ATTRS = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""
_INLINE_WRAPPERS = re.compile(rf"</?(?:font|span|b|i|u|s|strike|em|strong|small|big|tt|mark|nobr)\b{_ATTRS}>", re.I)
_BLOCK_WRAPPERS = re.compile(rf"</?(?:div|center|section|blockquote)\b{_ATTRS}>", re.I)


def _strip_internal_subset(text: str) -> tuple[str, list[str]]:
    """``text`` without a DOCTYPE's internal subset, and without references to the entities it
    declared; returns the references removed."""
    m = _DOCTYPE_SUBSET.match(text)
    if not m:
        return text, []
    names = declared_names(m.group(3))
    text = m.group(1) + f"<!DOCTYPE{m.group(2).rstrip()}>" + text[m.end():]
    dropped: list[str] = []
    if names:
        refs = re.compile("&(" + "|".join(map(re.escape, names)) + ");")
        dropped = [f"&{n}; (declared in a DTD subset, not HTML)" for n in refs.findall(text)]
        text = refs.sub("", text)
    return text, dropped


def _parse(text: str, path: str):
    """The lxml tree of ``text``; nesting beyond :data:`MAX_DEPTH` is never silently cut off.

    libxml2 stops reading at that depth and returns the part before it.  Such a page is read
    again with its styling and grouping wrappers (``<font>``, ``<span>``, ``<div>``...)
    unwrapped, which keeps every word; a page still too deep is refused (E017).
    """
    def parse(markup: str):
        parser = lxml.html.HTMLParser(huge_tree=True)
        try:
            root = lxml.html.document_fromstring(markup, parser=parser)
        except (etree.ParserError, ValueError) as exc:
            raise CorruptFile(f"{path or 'data'} is not readable HTML ({exc})", "check the file is the page you meant", path=path) from None
        return root, any("Excessive depth" in e.message for e in parser.error_log)

    root, cut = parse(text)
    if cut:
        flat = _BLOCK_WRAPPERS.sub("<br>", _INLINE_WRAPPERS.sub("", text))
        root, cut = parse(flat)
        if cut:
            raise TooLarge(f"{path or 'data'} nests its markup deeper than {MAX_DEPTH} levels, even "
                           "without its styling and grouping tags",
                           "save the page again from a browser (File > Save as, or print to PDF) "
                           "and extract that", path=path)
    return root


def html_source(data: bytes, path: str = "") -> Source:
    """Parse HTML bytes into a :class:`Source` (see the module docstring)."""
    text, enc = decode_bytes(data, path, declared=_encoding(data))
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    text, dropped = _strip_internal_subset(text)
    root = _parse(text, path)
    b = SourceBuilder("html")
    walker = _HTMLWalker(b, _reference_ids(root))
    body = root.find(".//body")
    run(walker.walk(body if body is not None else root))
    title_el = root.find(".//title")
    title = _WS.sub(" ", title_el.text_content()).strip() if title_el is not None else ""
    src = b.build(meta={"encoding": enc, "bibliographic": html_metadata(root)})
    src.tables = _settle_tables(src, walker.tables)
    if dropped:
        src.meta["flags"] = [entity_flag(dropped)]
    if walker.first_h1:
        s, e = walker.first_h1
        h1 = src.text[s:e].strip()
        # <title> often carries a site suffix ("... | Journal"); the h1 is the article's own
        if h1 and (not title or title.lower().startswith(h1.lower()) or h1.lower() in title.lower()):
            title = h1
            src.spans.setdefault("title", []).append(Span(s, e, "title"))
    src.title = title or None
    return src


def read_html(data: bytes, path: str, options) -> Source:
    """Read an HTML file (see the module docstring)."""
    return html_source(data, path)


_ABSTRACT_HEADING = re.compile(r"\s*(?:abstract|summary)\s*:?\s*$", re.I)


def _holds_abstract(el) -> bool:
    """An element holding an abstract: one whose class or id says so, or a heading
    "Abstract"/"Summary" (site chrome never does)."""
    for d in el.iter():
        if not isinstance(d.tag, str):
            continue
        if "abstract" in f"{d.get('class') or ''} {d.get('id') or ''}".lower():
            return True
        if _tag(d) in ("h1", "h2", "h3", "h4", "h5", "h6") and _ABSTRACT_HEADING.match(d.text_content() or ""):
            return True
    return False
