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

from ..errors import CorruptFile
from ..metadata import html_metadata
from ..source import Source, SourceBuilder, Span
from .text import LIGATURES, decode_bytes

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

    def table(self, table, tag: Callable, write_cell: Callable) -> None:
        """Write ``table`` as tab-separated rows with ``table``/``table_row``/``table_cell`` spans.

        ``tag(el)`` names an element (``tr``, ``td``, ``th``); ``write_cell(cell)`` writes one
        cell's content on one line.  HTML and JATS tables share this layout.
        """
        self.end_line()
        tstart = self.b.offset
        for tr in table.iter():
            if tag(tr) != "tr":
                continue
            cells = [c for c in tr if tag(c) in ("td", "th")]
            if not cells:
                continue
            self.end_line()
            rstart = self.b.offset
            for i, cell in enumerate(cells):
                if i:
                    self.b.add("\t")
                cstart = self.b.offset
                write_cell(cell)
                self.b.mark(cstart, max(cstart, self.trimmed_end(cstart)), "table_cell",
                            column=i, header=tag(cell) == "th")
            self.b.mark(rstart, self.trimmed_end(rstart), "table_row")
            self.b.newline()
        if self.b.offset > tstart:
            end = self.b.offset - 1 if self.b.last_char() == "\n" else self.b.offset
            self.b.mark(tstart, end, "table")
        self.end_line()


def _tag(el) -> str:
    t = el.tag
    if not isinstance(t, str):
        return ""
    return t.rsplit("}", 1)[-1].lower()


class _HTMLWalker:
    def __init__(self, builder: SourceBuilder, ref_ids: frozenset = frozenset()):
        self.b = builder
        self.w = Writer(builder)
        self.first_h1: Optional[tuple[int, int]] = None
        self.ref_ids = ref_ids  # ids of reference-list entries: links to them are citations

    def walk(self, el) -> None:
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
            self.children(el)
            self._xref(el, start, self._end_of_text(start))
        elif tag == "table":
            self.table(el)
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.w.end_line()
            start = self.b.offset
            self.children(el)
            end = self._end_of_text(start)
            if end > start:
                self.b.mark(start, end, "heading", level=int(tag[1]))
                if tag == "h1" and self.first_h1 is None:
                    self.first_h1 = (start, end)
            self.w.end_line()
        elif tag == "br":
            self.w.end_line()
        elif tag == "ol":
            self.ordered_list(el)
        elif tag in BLOCK:
            self.w.end_line()
            start = self.b.offset
            self.children(el)
            if tag in ("p", "li", "blockquote", "dd", "dt", "figcaption", "caption", "pre"):
                end = self._end_of_text(start)
                if end > start:
                    self.b.mark(start, end, "paragraph")
            self.w.end_line()
        else:
            self.children(el)
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
        (its title block, its footnotes) and is kept.
        """
        if el.get("hidden") is not None or el.get("aria-hidden") == "true":
            return True
        role = (el.get("role") or "").lower()
        chrome = tag in ("header", "footer") or role in ("banner", "contentinfo")
        if chrome:
            return not any(_tag(a) in ("article", "main") for a in el.iterancestors())
        return tag in DROP or role in ("navigation", "complementary", "search")

    def ordered_list(self, ol) -> None:
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
                self.walk(child)
                continue
            if child.get("value", "").strip().lstrip("-").isdigit():
                n = int(child.get("value"))
            self.w.end_line()
            start = self.b.offset
            self.b.add(f"{n}. ")  # inserted, as the browser renders it
            self.children(child)
            end = self._end_of_text(start)
            if end > start:
                self.b.mark(start, end, "paragraph")
            self.w.end_line()
            self.w.text(child.tail)
            n += step
        self.w.end_line()

    def _end_of_text(self, start: int) -> int:
        return self.w.trimmed_end(start)

    def children(self, el) -> None:
        self.w.text(el.text)
        for child in el:
            self.walk(child)

    def table(self, el) -> None:
        self.w.table(el, _tag, self.children_inline)

    def children_inline(self, el) -> None:
        """Cell content on one line: block children become spaces, not line breaks."""
        self.w.text(el.text)
        for child in el:
            tag = _tag(child)
            if tag in DROP or not tag:
                self.w.text(child.tail)
                continue
            if tag == "sup":
                self.w.sup(child.text_content())
            elif tag == "br" or tag in BLOCK:
                if self.b.last_char() not in ("", " ", "\t"):
                    self.b.add(" ")
                self.children_inline(child)
            else:
                self.children_inline(child)
            self.w.text(child.tail)


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


def html_source(data: bytes, path: str = "") -> Source:
    """Parse HTML bytes into a :class:`Source` (see the module docstring)."""
    text, enc = decode_bytes(data, path, declared=_encoding(data))
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise CorruptFile(f"{path or 'data'} is not readable HTML ({exc})", "check the file is the page you meant", path=path) from None
    b = SourceBuilder("html")
    walker = _HTMLWalker(b, _reference_ids(root))
    body = root.find(".//body")
    walker.walk(body if body is not None else root)
    title_el = root.find(".//title")
    title = _WS.sub(" ", title_el.text_content()).strip() if title_el is not None else ""
    src = b.build(meta={"encoding": enc, "bibliographic": html_metadata(root)})
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
