"""JATS XML reader (lxml): title, abstract, body sections, tables, citations and the reference list.

JATS (the NISO Journal Article Tag Suite: PubMed Central, publisher XML) carries the structure a
PDF only shows, so this reader keeps it:

* ``<article-title>`` is the first line (``title`` and ``heading`` spans); the DOI comes from
  ``<article-id pub-id-type="doi">``.
* Each ``<abstract>`` starts with an ``Abstract`` heading line (inserted: JATS has no such
  text), each ``<sec>`` title is a ``heading`` span whose ``level`` is its depth.
* ``<table-wrap>``: label and caption as one line, then one line per ``<tr>`` with cells
  separated by tabs (``table``, ``table_row``, ``table_cell`` spans), then its notes; the
  tables are also kept as data in ``Source.tables``.  Tables in ``<floats-group>`` are read
  after the back matter.
* ``<sup>`` is written ``^run`` with a ``sup`` span; ``<xref ref-type="bibr" rid="B3">`` is an
  ``xref`` span with ``attrs["rid"]`` (the target ids, space-separated as in the XML) and
  ``attrs["rids"]`` (a list).
* ``<ref-list>``: each ``<ref>`` is one line (``label. citation``) with a ``ref`` span whose
  attrs carry ``id``, ``label`` and the fields read from ``<element-citation>`` or
  ``<mixed-citation>``: ``authors`` (``[{"family", "given"}]``), ``article-title``,
  ``source``, ``year``, ``volume``, ``issue``, ``fpage``, ``lpage``, ``elocation-id``,
  ``doi``, ``pmid``, ``pmcid``.  A mixed citation is written as printed; an element citation
  (no punctuation in the XML) is written in Vancouver style.

Named entities (``&ndash;``, ``&equals;``...) come from the bundled table of
:mod:`.entities` (the JATS DTD is never loaded, nothing is fetched); an external or undeclared
entity is left out of the text and reported by an ``unresolved_entity`` flag.  Elements may
nest as deep as libxml2 allows (2,048 levels; deeper is :class:`~extractor.errors.TooLarge`).
XML that is not well-formed raises :class:`~extractor.errors.MalformedXML`.
"""
from __future__ import annotations

import re
from typing import Optional

import lxml.etree as etree

from ..errors import MalformedXML, TooLarge
from ..metadata import jats_metadata
from ..source import Source, SourceBuilder, Span
from .entities import entity_flag, resolve_entities
from .html import MAX_DEPTH, Writer
from .tables import PendingTable
from .text import LIGATURES
from .treewalk import Walk, run

__all__ = ["read_jats", "citation_fields"]

_WS = re.compile(r"\s+")

# elements whose text is not part of the article's running text
DROP = {
    "object-id", "processing-meta", "graphic", "inline-graphic", "media", "alternatives-graphic",
    "tex-math", "permissions", "funding-group", "counts", "custom-meta-group", "history",
    "pub-date", "contrib-group", "aff", "author-notes", "article-categories", "journal-meta",
    "self-uri", "related-article", "supplementary-material-media",
}
BLOCK = {
    "p", "sec", "title", "label", "caption", "list", "list-item", "def-list", "def-item", "term",
    "def", "disp-quote", "fig", "fig-group", "table-wrap-foot", "fn", "fn-group", "ack", "app",
    "app-group", "boxed-text", "statement", "speech", "verse-group", "verse-line", "notes",
    "glossary", "disp-formula", "attrib", "supplementary-material", "body", "back",
}


def _local(el) -> str:
    t = el.tag
    if not isinstance(t, str):
        return ""
    return t[t.rfind("}") + 1:]


def _text(el) -> str:
    return _WS.sub(" ", "".join(el.itertext())).strip() if el is not None else ""


def _fn_marker(el) -> bool:
    """A link to a table footnote whose text is a marker (``a``, ``*``, ``†``, ``1``), not a
    citation or words."""
    return el.get("ref-type") in ("table-fn", "fn") and re.fullmatch(r"[^\s]{1,3}", _text(el)) is not None


def _child(el, name: str):
    for c in el:
        if _local(c) == name:
            return c
    return None


def _children(el, name: str):
    return [c for c in el if _local(c) == name]


def _descendants(el, name: str):
    return [c for c in el.iter() if _local(c) == name]


def citation_fields(cit) -> dict:
    """Structured fields of an ``<element-citation>`` / ``<mixed-citation>`` element.

    >>> xml = ('<element-citation><person-group person-group-type="author"><name><surname>Shi'
    ...        '</surname><given-names>L</given-names></name></person-group><article-title>MSC for '
    ...        'COVID-19</article-title><source>Signal Transduct Target Ther</source><year>2021'
    ...        '</year><volume>6</volume><elocation-id>339</elocation-id></element-citation>')
    >>> f = citation_fields(etree.fromstring(xml))
    >>> f["authors"], f["source"], f["year"], f["elocation-id"]
    ([{'family': 'Shi', 'given': 'L'}], 'Signal Transduct Target Ther', '2021', '339')
    """
    out: dict = {}
    authors = []
    # the first child and every element below of each name, read in one pass each
    child: dict = {}
    for c in cit:
        child.setdefault(_local(c), c)
    below: dict = {}
    for c in cit.iter():
        below.setdefault(_local(c), []).append(c)
    groups = below.get("person-group", [])
    author_groups = [g for g in groups if g.get("person-group-type", "author") == "author"] or ([] if groups else [cit])
    for g in author_groups:
        for person in g:
            tag = _local(person)
            if tag in ("name", "string-name"):
                family = _text(_child(person, "surname"))
                given = _text(_child(person, "given-names"))
                if not family and not given:
                    family = _text(person)
                name = {"family": family}
                if given:
                    name["given"] = given
                suffix = _text(_child(person, "suffix"))
                if suffix:
                    name["suffix"] = suffix
                authors.append(name)
            elif tag == "collab":
                authors.append({"literal": _text(person)})
            elif tag == "etal":
                out["etal"] = True
    if authors:
        out["authors"] = authors
    for field in ("article-title", "chapter-title", "source", "year", "volume", "issue", "fpage", "lpage",
                  "elocation-id", "publisher-name", "edition", "comment"):
        el = child.get(field)
        if el is None and field in ("article-title", "source", "year"):
            found = below.get(field)
            el = found[0] if found else None
        if el is not None:
            value = _text(el)
            if value:
                out[field] = value
    if "year" in out:
        m = re.search(r"\d{4}", out["year"])
        if m:
            out["year"] = m.group(0)
    for pid in below.get("pub-id", ()):
        kind = (pid.get("pub-id-type") or "").lower()
        value = _text(pid)
        if kind in ("doi", "pmid", "pmcid") and value:
            out[kind] = value
        elif kind == "pmc" and value:
            out["pmcid"] = value if value.upper().startswith("PMC") else "PMC" + value
    for link in below.get("ext-link", ()):
        href = link.get("{http://www.w3.org/1999/xlink}href") or _text(link)
        m = re.search(r"10\.\d{4,9}/\S+", href or "")
        if m and "doi" not in out:
            out["doi"] = m.group(0).rstrip(".,;")
    return out


def _vancouver(f: dict) -> str:
    """A readable citation line for an ``<element-citation>`` (which has no punctuation)."""
    parts = []
    names = []
    for a in f.get("authors", []):
        if "literal" in a:
            names.append(a["literal"])
        else:
            names.append((a.get("family", "") + (" " + a["given"] if a.get("given") else "")).strip())
    if names:
        parts.append(", ".join(names) + (", et al." if f.get("etal") else "."))
    title = f.get("article-title") or f.get("chapter-title")
    if title:
        parts.append(title if title.endswith((".", "?", "!")) else title + ".")
    if f.get("source"):
        parts.append(f["source"] + ".")
    tail = f.get("year", "")
    if f.get("volume"):
        tail += f";{f['volume']}"
        if f.get("issue"):
            tail += f"({f['issue']})"
    pages = f.get("fpage", "")
    if f.get("lpage"):
        pages += "-" + f["lpage"]
    if not pages and f.get("elocation-id"):
        pages = f["elocation-id"]
    if pages:
        tail += f":{pages}"
    if tail:
        parts.append(tail + ".")
    if f.get("doi"):
        parts.append(f"doi:{f['doi']}")
    if f.get("pmid"):
        parts.append(f"PMID: {f['pmid']}.")
    return " ".join(parts)


class _JatsWalker:
    def __init__(self, builder: SourceBuilder):
        self.b = builder
        self.w = Writer(builder)
        self.tables: list[PendingTable] = []

    # -- inline and block content --------------------------------------------------------------
    def walk(self, el, depth: int = 1) -> Walk:
        tag = _local(el)
        if not tag:
            self.w.text(el.tail)
            return
        if tag in DROP:
            self.w.text(el.tail)
            return
        if tag == "sup":
            yield self._sup(el)
        elif tag == "xref":
            start = self.b.offset
            yield self.inline(el)
            self._mark_xref(el, start)
        elif tag in ("sec", "ack", "app", "notes", "glossary", "fn-group"):
            self.w.end_line()
            yield self.section(el, depth)
        elif tag == "table-wrap":
            yield self.table_wrap(el)
        elif tag == "table":  # a <table> outside any table-wrap: an unlabelled table
            yield self._bare_table(el)
        elif tag == "ref-list":
            yield self.ref_list(el, depth)
        elif tag in ("title", "label") and _local(el.getparent()) not in ("sec", "abstract", "ack", "app", "ref-list"):
            self.w.end_line()
            yield self.inline(el)
            self.w.end_line()
        elif tag in BLOCK:
            self.w.end_line()
            start = self.b.offset
            yield self.inline(el, depth)
            if tag in ("p", "list-item", "caption", "fn", "disp-quote", "def", "term", "statement"):
                end = self._trimmed_end(start)
                if end > start and not self._has_block_child(el):
                    self.b.mark(start, end, "paragraph")
            self.w.end_line()
        else:
            yield self.inline(el, depth)
        self.w.text(el.tail)

    def _has_block_child(self, el) -> bool:
        return any(_local(c) in BLOCK or _local(c) in ("table-wrap", "sec") for c in el)

    def inline(self, el, depth: int = 1) -> Walk:
        self.w.text(el.text)
        for child in el:
            yield self.walk(child, depth)

    def _sup(self, el) -> Walk:
        """``<sup>`` as ``^run``; an ``<xref>`` inside keeps its own ``xref`` span."""
        content = _WS.sub(" ", "".join(el.itertext())).strip()
        if not content:
            return
        self.b.add("^")
        start = self.b.offset
        yield self._sup_inline(el)
        end = self._trimmed_end(start)
        if end > start:
            self.b.mark(start, end, "sup")

    def _sup_inline(self, el) -> Walk:
        if el.text:
            self._sup_text(el.text)
        for child in el:
            if _local(child) == "xref":
                start = self.b.offset
                yield self._sup_inline(child)
                self._mark_xref(child, start)
            elif _local(child) not in DROP:
                yield self._sup_inline(child)
            if child.tail:
                self._sup_text(child.tail)

    def _sup_text(self, s: str) -> None:
        s = _WS.sub(" ", s).translate(LIGATURES)
        if self.b.last_char() in ("^", " "):
            s = s.lstrip()
        if s:
            self.b.add(s)

    def _mark_xref(self, el, start: int) -> None:
        end = self._trimmed_end(start)
        if end <= start:
            return
        rid = el.get("rid") or ""
        self.b.mark(start, end, "xref", rid=rid, rids=rid.split(), ref_type=el.get("ref-type"))

    def _trimmed_end(self, start: int) -> int:
        return self.w.trimmed_end(start)

    def heading(self, text_el, level: int, label=None) -> Walk:
        self.w.end_line()
        start = self.b.offset
        if label is not None:
            yield self.inline(label)
            self.w.text(" ")
        yield self.inline(text_el)
        end = self._trimmed_end(start)
        if end > start:
            self.b.mark(start, end, "heading", level=level)
        self.w.end_line()

    def section(self, sec, depth: int) -> Walk:
        title = _child(sec, "title")
        label = _child(sec, "label")
        if title is not None and _text(title):
            yield self.heading(title, min(depth + 1, 6), label)
        for child in sec:
            if child is title or child is label:
                continue
            yield self.walk(child, depth + 1)
        self.w.end_line()

    def abstract(self, ab) -> Walk:
        title = _child(ab, "title")
        self.w.end_line()
        start = self.b.offset
        if title is not None and _text(title):
            yield self.inline(title)
        else:
            self.b.add("Abstract")  # inserted: the XML marks the abstract, it does not title it
        self.b.mark(start, self._trimmed_end(start), "heading", level=2)
        self.w.end_line()
        for child in ab:
            if child is title:
                continue
            if _local(child) == "sec":  # structured abstract: Background/Methods/... as sub-headings
                yield self.section(child, 2)
            else:
                yield self.walk(child, 2)
        self.w.end_line()

    # -- tables ---------------------------------------------------------------------------------
    def table_wrap(self, tw) -> Walk:
        """Label and caption as one line, the rows of every ``<table>`` inside (a table split
        into several parts reads as one), then the ``table-wrap-foot`` notes; kept as data in
        :attr:`tables` (an image-only table keeps its label and caption, no cells)."""
        self.w.end_line()
        pending = PendingTable()
        label, caption = _child(tw, "label"), _child(tw, "caption")
        if label is not None or caption is not None:
            start = self.b.offset
            if label is not None:
                yield self.inline(label)
                lend = self._trimmed_end(start)
                if lend > start:
                    pending.label = (start, lend)
                self.w.text(" ")
            if caption is not None:
                cstart = self.b.offset
                for k, c in enumerate(caption):
                    if k:
                        self.w.text(" ")
                    yield self.inline(c)
                if not len(caption):
                    yield self.inline(caption)
                cend = self._trimmed_end(cstart)
                if cend > cstart:
                    pending.caption = (cstart, cend)
            end = self._trimmed_end(start)
            if end > start:
                self.b.mark(start, end, "paragraph")
                pending.extend(start, end)
            self.w.end_line()
        for table in _outer_tables(tw):
            yield self.table(table, pending)
        for foot in _children(tw, "table-wrap-foot"):
            self.w.end_line()
            start = self.b.offset
            yield self.walk(foot)
            end = self._trimmed_end(start)
            while end > start and self.b.last_char() == "\n" and end == self.b.offset:
                end -= 1
            if end > start:
                pending.footnotes.append((start, end))
                pending.extend(start, end)
        self.w.end_line()
        self.tables.append(pending)

    def _bare_table(self, table) -> Walk:
        self.w.end_line()
        pending = PendingTable()
        yield self.table(table, pending)
        self.tables.append(pending)

    def table(self, table, pending: Optional[PendingTable] = None) -> Walk:
        yield self.w.table(table, _local, self._cell, pending)

    def _cell(self, el) -> Walk:
        self.w.text(el.text)
        for child in el:
            tag = _local(child)
            if tag == "sup":
                yield self._sup(child)
            elif tag == "xref" and _fn_marker(child):
                # "episodes<xref ref-type="table-fn">d</xref>": a footnote marker printed raised,
                # written "^d" as a <sup> is, never glued to the word ("episodesd")
                start = self.b.offset
                yield self._sup(child)
                self._mark_xref(child, start + 1 if self.b.offset > start else start)
            elif tag == "xref":
                start = self.b.offset
                yield self._cell(child)
                self._mark_xref(child, start)
            elif tag in ("break", "p") or tag in BLOCK:
                if self.b.last_char() not in ("", " ", "\t"):
                    self.b.add(" ")
                yield self._cell(child)
            elif tag not in DROP:
                yield self._cell(child)
            self.w.text(child.tail)

    # -- references -----------------------------------------------------------------------------
    def ref_list(self, rl, depth: int) -> Walk:
        title = _child(rl, "title")
        self.w.end_line()
        start = self.b.offset
        if title is not None and _text(title):
            yield self.inline(title)
        else:
            self.b.add("References")  # inserted, as for the abstract
        self.b.mark(start, self._trimmed_end(start), "heading", level=min(depth + 1, 6))
        self.w.end_line()
        for ref in rl:
            tag = _local(ref)
            if tag == "ref":
                yield self.ref(ref)
            elif tag == "ref-list":
                yield self.ref_list(ref, depth + 1)
        self.w.end_line()

    def ref(self, ref) -> Walk:
        label = _text(_child(ref, "label"))
        cits = [c for c in ref if _local(c) in ("mixed-citation", "element-citation", "citation", "nlm-citation")]
        self.w.end_line()
        start = self.b.offset
        if label:
            self.b.add(label if label.endswith((".", ")", "]")) else label + ".")
            self.b.add(" ")
        fields: dict = {}
        for k, cit in enumerate(cits):
            if k:
                self.w.text(" ")
            f = citation_fields(cit)
            fields = fields or f
            if _local(cit) == "element-citation":
                self.w.text(_vancouver(f))
            else:
                yield self.inline(cit)
        end = self._trimmed_end(start)
        if end > start:
            attrs = dict(fields)
            attrs["id"] = ref.get("id")
            attrs["label"] = label or None
            # ``label`` is also mark()'s own parameter name: build the span directly
            self.b.spans.setdefault("ref", []).append(Span(start, end, "ref", attrs))
        self.w.end_line()


def _outer_tables(tw) -> list:
    """The ``<table>`` elements of a table-wrap, without tables nested inside their cells."""
    out = []
    for t in tw.iter():
        if _local(t) != "table":
            continue
        anc = t.getparent()
        while anc is not None and anc is not tw and _local(anc) != "table":
            anc = anc.getparent()
        if anc is tw or anc is None:
            out.append(t)
    return out


def read_jats(data: bytes, path: str, options) -> Source:
    """Read a JATS XML article (see the module docstring)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True, recover=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        if "Excessive depth" in str(exc.msg):
            raise TooLarge(f"{path or 'data'} nests its elements deeper than {MAX_DEPTH} levels (line {exc.lineno})",
                           "no article needs that depth: check the file is the article's XML", path=path) from None
        raise MalformedXML(f"{path or 'data'} is not well-formed XML (line {exc.lineno}: {exc.msg})", path=path) from None
    except ValueError as exc:
        raise MalformedXML(f"{path or 'data'} cannot be parsed as XML ({exc})", path=path) from None
    # named entities of the JATS DTD (never loaded) from the bundled table; external and
    # undeclared ones are left out and reported
    dropped = resolve_entities(root)
    article = root if _local(root) == "article" else next((e for e in root.iter() if _local(e) == "article"), root)
    b = SourceBuilder("jats")
    walker = _JatsWalker(b)
    front = _child(article, "front")
    meta = None
    if front is not None:
        meta = _child(front, "article-meta")
    title_el = None
    doi = None
    if meta is not None:
        group = _child(meta, "title-group")
        if group is not None:
            title_el = _child(group, "article-title")
        for aid in _children(meta, "article-id"):
            if (aid.get("pub-id-type") or "").lower() == "doi":
                doi = _text(aid)
    title = None
    if title_el is not None and _text(title_el):
        start = b.offset
        run(walker.inline(title_el))
        end = walker._trimmed_end(start)
        b.mark(start, end, "heading", level=1)
        b.mark(start, end, "title")
        title = _text(title_el)
        walker.w.end_line()
    if meta is not None:
        for ab in _children(meta, "abstract"):
            if (ab.get("abstract-type") or "") in ("graphical", "teaser", "toc"):
                continue
            run(walker.abstract(ab))
    body = _child(article, "body")
    if body is not None:
        run(walker.walk(body, 1))
    back = _child(article, "back")
    if back is not None:
        run(walker.walk(back, 1))
    floats = _child(article, "floats-group")
    if floats is not None:  # tables kept apart from the body (PMC): read after the back matter
        for el in floats:
            if _local(el) in ("table-wrap", "table-wrap-group"):
                run(walker.walk(el, 1))
    if body is None and front is None:  # not a JATS article: read whatever text there is
        run(walker.walk(article, 1))
    b.newline()
    src = b.build(title=title, doi=doi, meta={"root": _local(root),
                                              "bibliographic": jats_metadata(article)})
    src.tables = [t for t in (p.build(src) for p in walker.tables) if t is not None]
    if dropped:
        src.meta["flags"] = [entity_flag(dropped)]
    return src
