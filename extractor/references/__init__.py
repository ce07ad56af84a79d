"""References and in-text citations of one article.

:func:`extract_references` reads, from a :class:`~extractor.context.Context`:

1. the reference list — JATS/HTML ``ref`` spans (their structured ``attrs`` win over parsing),
   else the list after a "References"-like heading or a numbered run at the end of the text,
   cut into entries (:mod:`.lists`) and parsed (:mod:`.parser`);
2. news-style bracketed citations in the body (:mod:`.brackets`), each group a reference in
   order of first appearance, each bracket one callout per reference it names;
3. in-text callouts (:mod:`.callouts`): ``xref`` links, numeric brackets and parentheses,
   superscripts, author–year.

Every record carries provenance from ``ctx.source.provenance`` (quote == text slice).

Structured input a reader may record (all optional): ``ref`` spans over each printed entry,
whose ``attrs`` may hold ``id``, ``label`` (or ``ref_label``), ``authors`` (CSL names or
"Smith J" strings), ``title``/``article-title``, ``journal``/``source``, ``year``, ``volume``,
``issue``, ``first_page``/``fpage``, ``last_page``/``lpage``, ``article_number``/``elocation-id``,
``doi``, ``pmid``, ``pmcid``; ``xref`` spans over callouts with ``attrs["rid"]`` naming a ref
``id`` (several ids separated by spaces); ``sup`` spans over superscript runs.

>>> from extractor.source import Source
>>> from extractor.context import Context
>>> ctx = Context(Source.from_text("High mortality. [Lancet 2024;404:707-724] Then [MSC] arms."))
>>> refs, cites = extract_references(ctx)
>>> [(r.ordinal, r.journal_iso, r.volume, r.first_page, r.last_page) for r in refs]
[(1, 'Lancet', '404', '707', '724')]
>>> [(c.ref_ordinal, c.marker) for c in cites]
[(1, '[Lancet 2024;404:707-724]')]
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from typing import Optional

from ..model import Citation, Flag, Reference
from . import journals
from .brackets import find_groups
from .callouts import (Callout, author_year_callouts, author_year_index, numeric_callouts,
                       superscript_callouts)
from .identifiers import clean_doi, is_doi
from .lists import cut_at_headings, find_reference_region, indent_starts, split_entries, visual_line_starts
from .parser import ParsedReference, expand_pages, normalize_raw, parse_reference

__all__ = ["extract_references", "parse_reference", "ParsedReference"]


@dataclass
class _Ref:
    start: int
    end: int
    parsed: ParsedReference
    label: Optional[str]
    rid: Optional[str] = None
    ordinal: int = 0

    # the attributes the author-year index reads
    @property
    def authors(self):
        return self.parsed.authors

    @property
    def year(self):
        return self.parsed.year

    @property
    def year_suffix(self):
        return self.parsed.year_suffix


def extract_references(ctx) -> tuple[list[Reference], list[Citation]]:
    """The article's references and in-text citations.

    Parameters
    ----------
    ctx : extractor.context.Context
        Source text with spans, sentences and sections.

    Returns
    -------
    (list of Reference, list of Citation)
        References in list order (``ordinal`` 1-based; news brackets numbered by first
        appearance after any list entries) and one citation per (callout, reference) pair.
    """
    src = ctx.source
    text = src.text
    refs: list[_Ref] = []
    region: Optional[tuple[int, int]] = None
    ref_spans = src.spans_of("ref")
    if ref_spans:
        for sp in ref_spans:
            parsed = _with_attrs(parse_reference(text[sp.start:sp.end]), sp.attrs)
            label = sp.attrs.get("label") or sp.attrs.get("ref_label") or parsed.label
            refs.append(_Ref(sp.start, sp.end, parsed, label, sp.attrs.get("id")))
        region = (min(s.start for s in ref_spans), max(s.end for s in ref_spans))
    else:
        region = find_reference_region(text, ctx.sections)
        if region:
            listed = _without_aside(src, text, *region)
            lines = visual_line_starts(listed, src.boxes, *region)
            opens = indent_starts(listed, src.boxes, *region, lines) if src.format == "pdf" else None
            entries = split_entries(listed, region, lines, paragraphs=src.format == "pdf", opens=opens)
            heads = _headings_in(src, *region)
            for e in cut_at_headings(listed, entries, heads, lines, paragraphs=src.format == "pdf"):
                parsed = parse_reference(e.raw)
                refs.append(_Ref(e.start, e.end, parsed, e.label or parsed.label))
    for i, r in enumerate(refs, 1):
        r.ordinal = i
    body = [(0, region[0]), (region[1], len(text))] if region else [(0, len(text))]
    body = [(a, b) for a, b in body if b > a]

    callouts: list[Callout] = []
    # 1. links the reader kept (JATS/HTML xref)
    by_rid = {r.rid: r.ordinal for r in refs if r.rid}
    for x in src.spans_of("xref"):
        rids = str(x.attrs.get("rid", "")).split()
        ords = tuple(by_rid[rid] for rid in rids if rid in by_rid)
        if ords and x.end > x.start:
            callouts.append(Callout(x.start, x.end, text[x.start:x.end], ords))
    # 2. numeric and superscript callouts against the list labels
    labels = {r.label: r.ordinal for r in refs if r.label}
    numbered = len(labels) >= max(1, len(refs) // 2) and bool(refs)
    if numbered:
        sups = [(s.start, s.end) for s in src.spans_of("sup")]
        callouts += numeric_callouts(text, body, labels, parentheses=True)
        callouts += superscript_callouts(text, sups, body, labels)
    elif refs:
        callouts += author_year_callouts(text, body, author_year_index(refs))
    # 3. news-style bracketed citations in the body
    news_key: dict[tuple, int] = {}
    bracket_ords: dict[tuple[int, int], list[int]] = {}
    for a, b in body:
        for bs, be, gs, ge, parsed in find_groups(text, a, b):
            key = _news_key(parsed)
            if key not in news_key:
                r = _Ref(gs, ge, parsed, None, ordinal=len(refs) + 1)
                refs.append(r)
                news_key[key] = r.ordinal
            bracket_ords.setdefault((bs, be), []).append(news_key[key])
    for (bs, be), ords in bracket_ords.items():
        callouts.append(Callout(bs, be, text[bs:be], tuple(ords)))

    references = [_reference(src, r, numbered) for r in refs]
    citations = []
    taken: list[tuple[int, int]] = []
    for c in sorted(callouts, key=lambda c: (c.start, -(c.end - c.start))):
        if any(s < c.end and c.start < e for s, e in taken):
            continue  # one callout read twice (an xref that is also "[3]")
        taken.append((c.start, c.end))
        prov = src.provenance(c.start, c.end)
        seq = _sentence_seq(ctx, c.start, c.end)
        for o in c.ordinals:
            citations.append(Citation(ref_ordinal=o, marker=c.marker, prov=prov, sentence_seq=seq))
    return references, citations


def _headings_in(src, start: int, end: int) -> list[tuple[int, int, Optional[bool]]]:
    """The headings a reader marked inside ``[start, end)``, each with whether it is set larger
    than the text around it (its size against the median glyph height of the range; ``None``
    without page geometry)."""
    heads = [h for h in src.spans_of("heading") if start < h.start < end]
    if not heads:
        return []
    boxes = src.boxes
    heights = sorted(b[3] - b[1] for b in (boxes[i] for i in range(start, min(end, len(boxes)), 7))
                     if b is not None) if boxes else []
    typical = heights[len(heights) // 2] if heights else 0.0
    if not typical:
        return [(h.start, h.end, None) for h in heads]
    return [(h.start, h.end, (h.attrs.get("size") or 0) > 1.15 * typical) for h in heads]


#: spans a reader sets over text outside the running text (a turned margin banner, the labels
#: inside a figure): written where the page ends, they may fall inside a reference list
ASIDE = ("margin", "figure_text")


def _without_aside(src, text: str, start: int, end: int) -> str:
    """``text`` with the aside spans (and the line break after each) inside ``[start, end)``
    blanked out, offsets unchanged."""
    cut = sorted((max(sp.start, start), min(sp.end, end)) for label in ASIDE for sp in src.spans_of(label)
                 if sp.start < end and sp.end > start)
    if not cut:
        return text
    parts, pos = [], 0
    for a, b in cut:
        if b < len(text) and text[b] == "\n":
            b += 1
        if b <= pos:
            continue
        a = max(a, pos)
        parts += [text[pos:a], " " * (b - a)]
        pos = b
    parts.append(text[pos:])
    return "".join(parts)


def _news_key(p: ParsedReference) -> tuple:
    return ((p.journal_iso or "").lower(), p.year, p.volume, p.first_page or p.article_number,
            (p.doi or "").lower())


def _reference(src, r: _Ref, numbered: bool) -> Reference:
    p = r.parsed
    flags = []
    if not p.locus and not p.doi and not p.pmid and p.journal is None and p.title is None:
        flags.append(Flag("reference_parse", "flag",
                          "no journal, locator or identifier could be read from this reference"))
    if p.doi and not is_doi(p.doi):
        flags.append(Flag("doi_syntax", "flag", f"{p.doi!r} is not a valid DOI"))
    return Reference(
        ordinal=r.ordinal,
        raw=p.raw,
        prov=src.provenance(r.start, r.end),
        authors=tuple(p.authors),
        title=p.title,
        journal=p.journal,
        journal_iso=p.journal_iso,
        year=p.year,
        volume=p.volume,
        issue=p.issue,
        first_page=p.first_page,
        last_page=p.last_page,
        article_number=p.article_number,
        doi=p.doi,
        pmid=p.pmid,
        pmcid=p.pmcid,
        label=r.label,
        flags=tuple(flags),
    )


def _sentence_seq(ctx, start: int, end: int) -> Optional[int]:
    """The sentence a callout belongs to (a callout opening a sentence belongs to the one before)."""
    s = ctx.sentence_at(start)
    if s is not None:
        if start <= s.prov.char_start + 1 and s.prov.char_start > 0:
            prev = _before(ctx, s.prov.char_start)
            if prev is not None:
                return prev.seq
        return s.seq
    prev = _before(ctx, start)
    return prev.seq if prev is not None else None


def _before(ctx, offset: int):
    """The last sentence ending at or before ``offset`` (sentences are in text order, so a
    binary search over their ends; a scan per callout was quadratic on long documents)."""
    sents = ctx.sentences
    ends = getattr(sents, "ends", None)
    if ends is None:
        ends = [s.prov.char_end for s in sents]
    k = bisect_right(ends, offset) - 1
    return sents[k] if k >= 0 else None


_ATTR_KEYS = {
    "title": ("title", "article-title", "article_title"),
    "journal": ("journal", "source", "container-title", "container_title"),
    "year": ("year",),
    "volume": ("volume",),
    "issue": ("issue",),
    "first_page": ("first_page", "fpage"),
    "last_page": ("last_page", "lpage"),
    "article_number": ("article_number", "elocation-id", "elocation_id"),
    "doi": ("doi",),
    "pmid": ("pmid",),
    "pmcid": ("pmcid",),
}


def _with_attrs(p: ParsedReference, attrs: dict) -> ParsedReference:
    """Fields from a structured reference (JATS ``element-citation``) override the parse."""
    if not attrs:
        return p
    upd: dict = {}
    for field, keys in _ATTR_KEYS.items():
        for k in keys:
            v = attrs.get(k)
            if v not in (None, "", []):
                upd[field] = v
                break
    if "year" in upd:
        m = re.search(r"\d{4}", str(upd["year"]))
        upd["year"] = int(m.group(0)) if m else p.year
    for k in ("volume", "issue", "first_page", "last_page", "article_number", "pmid"):
        if k in upd:
            upd[k] = str(upd[k]).strip()
    if "doi" in upd:
        d = clean_doi(str(upd["doi"]))
        upd["doi"] = d if is_doi(d) else p.doi
    if upd.get("first_page") and upd.get("last_page"):
        upd["last_page"] = expand_pages(upd["first_page"], upd["last_page"])
    if "journal" in upd:
        upd["journal_iso"] = journals.iso(upd["journal"])
    names = attrs.get("authors")
    if names:
        upd["authors"] = tuple(_name(n) for n in names)
    if upd.get("first_page") and not upd.get("last_page") and p.article_number == upd["first_page"]:
        upd["article_number"] = None
    return replace(p, **upd)


def _name(n) -> dict:
    if isinstance(n, dict):
        return {k: v for k, v in n.items() if v not in (None, "")}
    s = str(n).strip()
    m = re.match(r"^(.*?)\s+([A-Z]{1,3})$", s)
    if m:
        return {"family": m.group(1), "given": m.group(2)}
    if "," in s:
        fam, giv = s.split(",", 1)
        return {"family": fam.strip(), "given": giv.strip()}
    return {"literal": s}
