"""JATS → self-contained HTML as a journal prints it, plus the gold the JATS itself gives.

:func:`render` turns one PMC JATS article into one HTML page (title block, abstract, sections,
tables with real ``<table>`` markup and their row/column spans, figures drawn as small inline
SVG charts with axis labels and a legend, footnotes, the reference list) in a one-, two- or
three-column CSS layout:

* the title block and abstract span the page; the body and the reference list flow in columns;
* tables and figures span every column (``column-span: all``), long tables repeat their header
  row on the next page (Chromium repeats ``thead``);
* a rotated running title sits in the left margin of every page (``position: fixed``);
* tables are ruled differently per layout (booktabs rules, a full grid, or no rules at all)
  and reference labels differ (``1.``, ``[1]``, author–year lists with a hanging indent).

Nothing is fetched: no images, fonts or scripts.  The gold returned beside the HTML is what a
reader should get back from the printed PDF: the body text in reading order, every table as a
grid of cells, and every reference as printed with its JATS fields.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import lxml.etree as etree

from extractor.readers.jats import DROP, _vancouver, citation_fields

__all__ = ["Rendered", "GoldTable", "GoldRef", "render", "LAYOUTS"]

LAYOUTS = (1, 2, 3)
_WS = re.compile(r"\s+")
_MML = "{http://www.w3.org/1998/Math/MathML}"


@dataclass
class GoldTable:
    label: Optional[str]
    caption: str
    footnotes: str
    n_rows: int = 0
    n_cols: int = 0
    #: (row, col, row_span, col_span, is_header, text) with ``^`` before superscript runs
    cells: list[tuple[int, int, int, int, bool, str]] = field(default_factory=list)


@dataclass
class GoldRef:
    label: Optional[str]
    text: str  # the entry as printed (label included)
    fields: dict  # JATS citation fields (citation_fields)


@dataclass
class Rendered:
    article: str
    columns: int
    html: str
    title: str
    #: the running text in reading order (title, authors, abstract, headings, paragraphs,
    #: table and figure captions and footnotes), one block a line; no table cells, no figure
    #: internals, no margin banner, no reference entries
    body: list[str]
    tables: list[GoldTable]
    refs: list[GoldRef]


def _local(el) -> str:
    t = el.tag
    return t.rsplit("}", 1)[-1] if isinstance(t, str) else ""


def _child(el, name):
    for c in el:
        if _local(c) == name:
            return c
    return None


def _text(el) -> str:
    return _WS.sub(" ", "".join(el.itertext())).strip() if el is not None else ""


class _Inline:
    """Inline JATS content to HTML and to plain gold text (``^`` before superscripts)."""

    def __init__(self, spacey: bool = False):
        self.h: list[str] = []
        self.t: list[str] = []
        # in a mixed citation, elements that touch ("<surname>Kim</surname><given-names>JY")
        # are printed with a space between them, as journals print them
        self.spacey = spacey

    def text(self, s: Optional[str]) -> None:
        if s:
            s = _WS.sub(" ", s)
            self.h.append(html.escape(s, quote=False))
            self.t.append(s)

    def walk(self, el) -> None:
        tag = _local(el)
        if not tag or tag in DROP or tag in ("fn", "table-wrap", "fig", "disp-formula", "list", "def-list"):
            self.text(el.tail)
            return
        if self.spacey and tag not in ("sup", "sub") and self.t and self.t[-1][-1:].isalnum():
            first = "".join(el.itertext())[:1]
            if first.isalnum():
                self.h.append(" ")
                self.t.append(" ")
        if tag == "sup":
            inner = _Inline()
            inner.walk_children(el)
            raw = "".join(inner.t)
            t = raw.strip()
            if t:
                lead = " " if raw[:1].isspace() else ""
                trail = " " if raw[-1:].isspace() else ""
                self.h.append(lead + "<sup>" + "".join(inner.h).strip() + "</sup>" + trail)
                self.t.append(lead + "^" + t + trail)
        elif tag == "sub":
            inner = _Inline()
            inner.walk_children(el)
            self.h.append("<sub>" + "".join(inner.h) + "</sub>")
            self.t.append("".join(inner.t))
        elif tag in ("italic", "bold", "sc", "underline", "monospace"):
            h = {"italic": "i", "bold": "b", "sc": "span", "underline": "u", "monospace": "code"}[tag]
            self.h.append(f"<{h}>")
            self.walk_children(el)
            self.h.append(f"</{h}>")
        elif tag == "break":
            self.h.append("<br>")
            self.t.append(" ")
        elif tag == "label" and el.getparent() is not None and _local(el.getparent()) in ("disp-formula",):
            self.walk_children(el)
        else:
            self.walk_children(el)
        self.text(el.tail)

    def walk_children(self, el) -> None:
        self.text(el.text)
        for c in el:
            self.walk(c)

    @property
    def html(self) -> str:
        return "".join(self.h).strip()

    @property
    def plain(self) -> str:
        return _WS.sub(" ", "".join(self.t)).strip()


def _inline(el, spacey: bool = False) -> _Inline:
    w = _Inline(spacey)
    if el is not None:
        w.walk_children(el)
    return w


_SVG_SERIES = (("Control", "#777"), ("Intervention", "#222"))


def _figure_svg(k: int) -> str:
    """A small bar chart with tick labels, axis titles and a legend (figure-internal text)."""
    bars = []
    heights = [(30 + (k * 17 + j * 23) % 60, 25 + (k * 11 + j * 31) % 65) for j in range(4)]
    for j, (a, b) in enumerate(heights):
        x = 60 + j * 70
        bars.append(f'<rect x="{x}" y="{150 - a}" width="22" height="{a}" fill="#777"/>')
        bars.append(f'<rect x="{x + 24}" y="{150 - b}" width="22" height="{b}" fill="#222"/>')
        bars.append(f'<text x="{x + 23}" y="166" font-size="9" text-anchor="middle">Week {4 * (j + 1)}</text>')
    ticks = "".join(f'<text x="44" y="{153 - v}" font-size="9" text-anchor="end">{v}</text>' for v in (0, 25, 50, 75, 100))
    legend = "".join(
        f'<rect x="{330}" y="{20 + 14 * i}" width="9" height="9" fill="{c}"/>'
        f'<text x="{343}" y="{28 + 14 * i}" font-size="9">{n}</text>'
        for i, (n, c) in enumerate(_SVG_SERIES)
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="420" height="190" viewBox="0 0 420 190">'
        '<line x1="50" y1="150" x2="340" y2="150" stroke="#000"/><line x1="50" y1="150" x2="50" y2="40" stroke="#000"/>'
        f'{ticks}{"".join(bars)}{legend}'
        '<text x="195" y="184" font-size="10" text-anchor="middle">Time since randomisation</text>'
        '<text x="14" y="100" font-size="10" text-anchor="middle" transform="rotate(-90 14 100)">Mean score</text>'
        "</svg>"
    )


class _Renderer:
    def __init__(self, columns: int):
        self.columns = columns
        self.out: list[str] = []
        self.body: list[str] = []
        self.tables: list[GoldTable] = []
        self.refs: list[GoldRef] = []
        self.figures = 0
        self.ref_style = {1: "{}.", 2: "[{}]", 3: "{}."}[columns]
        self.rules = {1: "booktabs", 2: "grid", 3: "none"}[columns]

    def emit(self, s: str) -> None:
        self.out.append(s)

    def para(self, el, tag: str = "p", cls: str = "") -> None:
        w = _inline(el)
        if not w.plain:
            return
        c = f' class="{cls}"' if cls else ""
        self.emit(f"<{tag}{c}>{w.html}</{tag}>")
        self.body.append(w.plain)

    # -- block content ---------------------------------------------------------------------
    def block(self, el, depth: int) -> None:
        tag = _local(el)
        if not tag or tag in DROP:
            return
        if tag in ("sec", "ack", "app", "notes", "glossary", "fn-group", "boxed-text"):
            self.section(el, depth)
        elif tag == "p":
            self.p(el, depth)
        elif tag == "table-wrap":
            self.table_wrap(el)
        elif tag == "fig":
            self.fig(el)
        elif tag in ("list", "def-list"):
            self.list(el, depth)
        elif tag == "disp-formula":
            self.para(el, "p", "formula")
        elif tag in ("fn",):
            for c in el:
                self.block(c, depth)
        elif tag in ("table-wrap-group", "fig-group", "floats-group", "body", "back", "app-group", "sec-meta"):
            for c in el:
                self.block(c, depth)
        elif tag in ("ref-list",):
            self.ref_list(el)
        elif tag in ("title", "label"):
            self.para(el, "p", "label")
        elif tag in ("disp-quote", "statement", "speech", "verse-group", "def", "term", "list-item", "caption", "attrib"):
            for c in el:
                self.block(c, depth)
            if el.text and el.text.strip():
                self.para(el)
        elif tag == "supplementary-material":
            cap = _child(el, "caption")
            if cap is not None:
                for c in cap:
                    self.block(c, depth)
        else:
            self.para(el)

    def p(self, el, depth: int) -> None:
        """A paragraph; tables, figures and lists nested in it follow it."""
        self.para(el)
        for c in el:
            if _local(c) in ("table-wrap", "fig", "list", "def-list", "disp-formula", "table-wrap-group", "fig-group"):
                self.block(c, depth)

    def section(self, sec, depth: int) -> None:
        title, label = _child(sec, "title"), _child(sec, "label")
        if title is not None and _text(title):
            w = _inline(title)
            lab = (_text(label) + " ") if label is not None and _text(label) else ""
            h = min(depth + 1, 4)
            self.emit(f"<h{h}>{html.escape(lab)}{w.html}</h{h}>")
            self.body.append(_WS.sub(" ", lab + w.plain).strip())
        for c in sec:
            if c is not title and c is not label:
                self.block(c, depth + 1)

    def list(self, el, depth: int) -> None:
        tag = "ol" if (el.get("list-type") or "").startswith(("order", "alpha", "roman")) else "ul"
        self.emit(f"<{tag}>")
        k = 0
        for item in el:
            if _local(item) not in ("list-item", "def-item"):
                continue
            k += 1
            self.emit("<li>")
            first = len(self.body)
            for c in item:
                if _local(c) == "label":
                    continue
                self.block(c, depth)
            if tag == "ol" and len(self.body) > first:  # the printed number is text too
                self.body[first] = f"{k}. {self.body[first]}"
            self.emit("</li>")
        self.emit(f"</{tag}>")

    # -- floats ------------------------------------------------------------------------------
    def caption(self, el) -> tuple[Optional[str], str, str]:
        label = _child(el, "label")
        cap = _child(el, "caption")
        lab = _text(label) or None
        ch, ct = [], []
        if cap is not None:
            for c in cap:
                w = _inline(c)
                if w.plain:
                    ch.append(w.html)
                    ct.append(w.plain)
            if not len(cap):
                w = _inline(cap)
                ch.append(w.html)
                ct.append(w.plain)
        return lab, " ".join(ch), " ".join(ct)

    def table_wrap(self, tw) -> None:
        lab, cap_html, cap_text = self.caption(tw)
        self.emit(f'<div class="float table-float rules-{self.rules}">')
        head = ((f"<b>{html.escape(lab)}</b> " if lab else "") + cap_html).strip()
        if head:
            self.emit(f'<p class="caption">{head}</p>')
            self.body.append(((lab + " ") if lab else "") + cap_text)
        tables = [t for t in tw.iter() if _local(t) == "table"]
        gold = GoldTable(lab, cap_text, "")
        row0 = 0
        for t in tables:
            row0 = self.table(t, gold, row0)
        # columns where no cell holds text (an empty column the stubs span into) are invisible
        # in print, like empty rows: the gold grid leaves them out
        used = sorted({c for _, c, *_ in gold.cells})
        if used and used[-1] + 1 != len(used):
            at = {c: k for k, c in enumerate(used)}
            gold.cells = [(r, at[c], rs, max(1, sum(1 for u in used if c <= u < c + cs)), h, t)
                          for r, c, rs, cs, h, t in gold.cells]
            gold.n_cols = len(used)
        foot_html, foot_text = [], []
        for foot in (c for c in tw if _local(c) == "table-wrap-foot"):
            for el in foot.iter():
                if _local(el) in ("p", "title") or (_local(el) == "fn" and not any(_local(c) == "p" for c in el)):
                    w = _inline(el)
                    if w.plain:
                        foot_html.append(f'<p class="tfoot">{w.html}</p>')
                        foot_text.append(w.plain)
        for h in foot_html:
            self.emit(h)
        self.body.extend(foot_text)
        gold.footnotes = " ".join(foot_text)
        self.emit("</div>")
        if tables:
            self.tables.append(gold)
        else:
            self.tables.append(gold)  # an image-only table: caption, no cells

    def table(self, t, gold: GoldTable, row0: int) -> int:
        groups = {"thead": [], "tbody": [], "tfoot": []}
        loose = []
        for c in t:
            tag = _local(c)
            if tag in groups:
                groups[tag].append(c)
            elif tag == "tr":
                loose.append(c)
        parts = [("thead", r) for g in groups["thead"] for r in g if _local(r) == "tr"]
        parts += [("tbody", r) for g in groups["tbody"] for r in g if _local(r) == "tr"]
        parts += [("tbody", r) for r in loose]
        parts += [("tfoot", r) for g in groups["tfoot"] for r in g if _local(r) == "tr"]
        taken: set = set()
        n_cols = 0
        out = ["<table>"]
        cur = None
        for r, (grp, tr) in enumerate(parts):
            if grp != cur:
                if cur:
                    out.append(f"</{cur}>")
                out.append(f"<{grp}>")
                cur = grp
            out.append("<tr>")
            col = 0
            for cell in tr:
                tag = _local(cell)
                if tag not in ("td", "th"):
                    continue
                while (r, col) in taken:
                    col += 1
                rs = max(1, int(cell.get("rowspan") or 1)) if (cell.get("rowspan") or "1").isdigit() else 1
                cs = max(1, int(cell.get("colspan") or 1)) if (cell.get("colspan") or "1").isdigit() else 1
                rs = min(rs, len(parts) - r)
                for i in range(r, r + rs):
                    for j in range(col, col + cs):
                        taken.add((i, j))
                w = _inline(cell)
                header = grp == "thead" or tag == "th"
                attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
                align = cell.get("align")
                if align in ("left", "center", "right"):
                    attrs += f' style="text-align:{align}"'
                h = "th" if header else "td"
                out.append(f"<{h}{attrs}>{w.html}</{h}>")
                if w.plain:
                    gold.cells.append((row0 + r, col, rs, cs, header, w.plain))
                col += cs
                n_cols = max(n_cols, col)
            out.append("</tr>")
        if cur:
            out.append(f"</{cur}>")
        out.append("</table>")
        self.emit("".join(out))
        # rows without any text (a rule drawn as a row: <tr><td colspan="5"><hr/></td></tr>) are
        # invisible in print: the gold grid leaves them out
        seen = sorted({r for r, *_ in gold.cells if r >= row0})
        shown = {r: row0 + k for k, r in enumerate(seen)}
        gold.cells = [(shown.get(r, r), c, rs, cs, h, t) for r, c, rs, cs, h, t in gold.cells]
        parts = parts[:len(seen)]
        gold.n_cols = max(gold.n_cols, n_cols, max((j for _, j in taken), default=-1) + 1)
        return row0 + len(parts)

    def fig(self, fig) -> None:
        lab, cap_html, cap_text = self.caption(fig)
        self.figures += 1
        self.emit('<div class="float figure">' + _figure_svg(self.figures))
        head = ((f"<b>{html.escape(lab)}</b> " if lab else "") + cap_html).strip()
        if head:
            self.emit(f'<p class="caption">{head}</p>')
            self.body.append(((lab + " ") if lab else "") + cap_text)
        self.emit("</div>")

    # -- references ----------------------------------------------------------------------------
    def ref_list(self, rl) -> None:
        title = _child(rl, "title")
        name = _text(title) or "References"
        self.emit(f'<h2 class="refs-head">{html.escape(name)}</h2>')
        self.body.append(name)
        numbered = any(_text(_child(r, "label")) for r in rl if _local(r) == "ref")
        self.emit(f'<div class="refs {"numbered" if numbered else "authoryear"}">')
        for ref in rl:
            if _local(ref) == "ref-list":
                self.emit("</div>")
                self.ref_list(ref)
                self.emit('<div class="refs">')
                continue
            if _local(ref) != "ref":
                continue
            label = _text(_child(ref, "label")).rstrip(".") or None
            cits = [c for c in ref if _local(c) in ("mixed-citation", "element-citation", "citation", "nlm-citation")]
            hs, ts = [], []
            fields: dict = {}
            for cit in cits:
                f = citation_fields(cit)
                fields = fields or f
                if _local(cit) == "element-citation":
                    v = _vancouver(f)
                    hs.append(html.escape(v, quote=False))
                    ts.append(v)
                else:
                    w = _inline(cit, spacey=True)
                    hs.append(w.html)
                    ts.append(w.plain)
            text = " ".join(t for t in ts if t).strip()
            if not text:
                continue
            lab = self.ref_style.format(label) if label else ""
            self.emit(f'<p class="ref">' + (f'<span class="lab">{html.escape(lab)}</span> ' if lab else "")
                      + " ".join(hs) + "</p>")
            self.refs.append(GoldRef(label, (lab + " " + text).strip(), fields))
        self.emit("</div>")


_CSS = """
@page { size: Letter; margin: 16mm 14mm 16mm 10mm; }
html { font-family: "DejaVu Serif", "Liberation Serif", serif; font-size: %(fs)s; line-height: 1.28; }
body { margin: 0; padding-left: 14mm; }
.banner { position: fixed; left: 2mm; top: 62%%; width: 0; height: 0; }
.banner span { display: block; white-space: nowrap; transform: rotate(-90deg); transform-origin: 0 0;
  font-family: "DejaVu Sans", sans-serif; font-size: 7pt; color: #555; letter-spacing: 0.02em; }
header h1 { font-family: "DejaVu Sans", sans-serif; font-size: 17pt; line-height: 1.2; margin: 0 0 6pt; }
header .authors { font-size: 9.5pt; margin: 0 0 10pt; }
.abstract { border-top: 0.8pt solid #000; border-bottom: 0.8pt solid #000; padding: 4pt 0; margin-bottom: 10pt; }
.abstract h2 { font-size: 10pt; margin: 2pt 0; } .abstract h3 { font-size: 9pt; margin: 3pt 0 0; }
.abstract p { margin: 0 0 3pt; font-size: 9pt; }
main { %(cols)s }
h2 { font-family: "DejaVu Sans", sans-serif; font-size: 11pt; margin: 10pt 0 4pt; break-after: avoid; }
h3 { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; margin: 8pt 0 3pt; break-after: avoid; }
h4 { font-size: 9.5pt; font-style: italic; margin: 6pt 0 2pt; break-after: avoid; }
p { margin: 0 0 5pt; text-align: justify; overflow-wrap: anywhere; }
main p + p { text-indent: 1.2em; margin-top: -5pt; }
sup, sub { font-size: 70%%; line-height: 0; }
.float { column-span: all; margin: 8pt 0 10pt; font-family: "DejaVu Sans", sans-serif; }
.float p { text-indent: 0 !important; margin: 0 0 3pt !important; }
.caption { font-size: 8.5pt; text-align: left; }
.figure svg { display: block; margin: 4pt auto; }
table { border-collapse: collapse; font-size: 7.5pt; width: 100%%; margin: 3pt 0; }
th, td { padding: 1.5pt 4pt; vertical-align: top; text-align: left; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.rules-booktabs table { border-top: 1pt solid #000; border-bottom: 1pt solid #000; }
.rules-booktabs thead { border-bottom: 0.6pt solid #000; }
.rules-booktabs th { font-weight: bold; }
.rules-grid th, .rules-grid td { border: 0.5pt solid #000; }
.rules-grid th { background: #e8e8e8; }
.rules-none th { font-weight: bold; }
.tfoot { font-size: 7pt; }
.refs { font-size: 8pt; }
.refs p.ref { text-indent: 0; margin: 0 0 2.5pt; text-align: left; }
.refs.authoryear p.ref { padding-left: 1.6em; text-indent: -1.6em !important; }
.refs.numbered p.ref { padding-left: 2.2em; text-indent: -2.2em !important; }
.refs .lab { display: inline-block; min-width: 1.9em; white-space: nowrap; text-indent: 0; }
ul, ol { margin: 0 0 5pt; padding-left: 1.4em; } li p { text-indent: 0 !important; margin: 0 !important; }
"""


def render(nxml: str | Path, columns: int = 2) -> Rendered:
    """Render the JATS article ``nxml`` in a ``columns``-column layout (1, 2 or 3)."""
    if columns not in LAYOUTS:
        raise ValueError(f"columns must be one of {LAYOUTS}")
    path = Path(nxml)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True, recover=True)
    root = etree.fromstring(path.read_bytes(), parser)
    article = root if _local(root) == "article" else next(e for e in root.iter() if _local(e) == "article")
    r = _Renderer(columns)
    front = _child(article, "front")
    meta = _child(front, "article-meta") if front is not None else None
    group = _child(meta, "title-group") if meta is not None else None
    title_el = _child(group, "article-title") if group is not None else None
    title = _inline(title_el)
    journal = ""
    if front is not None:
        jm = _child(front, "journal-meta")
        if jm is not None:
            jt = next((e for e in jm.iter() if _local(e) == "journal-title"), None)
            journal = _text(jt)
    short = title.plain if len(title.plain) < 90 else title.plain[:87].rsplit(" ", 1)[0] + "…"
    banner = f"{journal or 'Clinical Trials'} · {short}"
    r.emit(f'<div class="banner"><span>{html.escape(banner)}</span></div>')
    r.emit("<header>")
    if title.plain:
        r.emit(f"<h1>{title.html}</h1>")
        r.body.append(title.plain)
    if meta is not None:
        names = []
        for c in meta.iter():
            if _local(c) == "contrib" and c.get("contrib-type", "author") == "author":
                n = _child(c, "name")
                if n is not None:
                    given, fam = _text(_child(n, "given-names")), _text(_child(n, "surname"))
                    names.append(f"{given} {fam}".strip())
                elif _child(c, "collab") is not None:
                    names.append(_text(_child(c, "collab")))
        if names:
            line = ", ".join(n for n in names if n)
            r.emit(f'<p class="authors">{html.escape(line)}</p>')
            r.body.append(line)
        for ab in (c for c in meta if _local(c) == "abstract"):
            if (ab.get("abstract-type") or "") in ("graphical", "teaser", "toc"):
                continue
            t = _child(ab, "title")
            name = _text(t) or "Abstract"
            r.emit(f'<section class="abstract"><h2>{html.escape(name)}</h2>')
            r.body.append(name)
            for c in ab:
                if c is t:
                    continue
                if _local(c) == "sec":
                    r.section(c, 2)
                else:
                    r.block(c, 2)
            r.emit("</section>")
    r.emit("</header><main>")
    body = _child(article, "body")
    if body is not None:
        for c in body:
            r.block(c, 1)
    floats = _child(article, "floats-group")
    if floats is not None:
        for c in floats:
            r.block(c, 1)
    back = _child(article, "back")
    if back is not None:
        lists = [c for c in back if _local(c) == "ref-list"]
        for c in back:
            if _local(c) != "ref-list":
                r.block(c, 1)
        for c in lists:
            r.ref_list(c)
    r.emit("</main>")
    cols = "" if columns == 1 else f"column-count: {columns}; column-gap: {7 if columns == 3 else 9}mm;"
    css = _CSS % {"cols": cols, "fs": {1: "10pt", 2: "9.5pt", 3: "8.5pt"}[columns]}
    doc = (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title.plain)}</title><style>{css}</style></head><body>\n"
        + "\n".join(r.out)
        + "\n</body></html>\n"
    )
    return Rendered(article=path.stem, columns=columns, html=doc, title=title.plain, body=[b for b in r.body if b],
                    tables=r.tables, refs=r.refs)
