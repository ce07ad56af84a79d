"""A readable, plain-text summary of one stored document (what ``evidence show`` prints).

The data comes from :meth:`corpus.store.Store.summary`; this module only words it.  Values are
printed as stored (``%g``), derived numbers are marked ``(derived)``, and nothing is printed
for a field the extractor left empty.
"""
from __future__ import annotations

from typing import Optional

__all__ = ["render", "study_line", "arm_line", "effect_line", "source", "citation_line"]


def _num(v) -> str:
    if v is None:
        return "?"
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return f"{v:g}" if isinstance(v, float) else str(v)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def study_line(st: dict) -> str:
    """The design of a study on one line.

    >>> study_line({"design": "rct", "randomized": 1, "blinding": "double-blind",
    ...             "control": "placebo", "allocation_ratio": "2:1", "n_randomized": 98})
    'rct, randomized, double-blind, placebo control, allocation 2:1, 98 randomized'
    """
    parts = [st.get("design")]
    if st.get("randomized") is not None:
        parts.append("randomized" if st["randomized"] else "not randomized")
    parts += [st.get("blinding"), st.get("control") and f"{st['control']} control",
              st.get("allocation_ratio") and f"allocation {st['allocation_ratio']}",
              st.get("phase") and f"phase {st['phase']}",
              st.get("n_randomized") is not None and f"{st['n_randomized']} randomized",
              st.get("n_analyzed") is not None and f"{st['n_analyzed']} analysed",
              st.get("follow_up") and f"follow-up {st['follow_up']}",
              st.get("registration")]
    return ", ".join(p for p in parts if p) or "design not stated"


def arm_line(arm: dict) -> str:
    """``MSCs (intervention): n=66, umbilical cord MSCs, 4×10^7 cells, IV, days 0, 3 and 6``."""
    head = arm.get("label") or "?"
    if arm.get("role"):
        head += f" ({arm['role']})"
    n = arm.get("n_randomized")
    parts = [n is not None and f"n={n}",
             arm.get("n_analyzed") is not None and arm.get("n_analyzed") != n
             and f"{arm['n_analyzed']} analysed",
             arm.get("intervention"), arm.get("dose"), arm.get("route"), arm.get("schedule")]
    body = ", ".join(str(p) for p in parts if p)
    return f"{head}: {body}" if body else head


def effect_line(e: dict) -> str:
    """One effect in words.

    >>> effect_line({"measure": "OR", "value": 2.27, "ci_low": 0.91, "ci_high": 5.66,
    ...              "ci_level": 0.95, "p_value": 0.08, "p_relation": "=", "significant": 0})
    'OR 2.27 (95% CI 0.91 to 5.66), p = 0.08, not significant'
    >>> effect_line({"measure": None, "reported_as": "similar", "significant": 0,
    ...              "direction": "no_difference"})
    "claim 'similar', not significant, no difference"
    """
    parts = []
    head = " ".join(x for x in (e.get("measure"), e.get("value") is not None
                                and _num(e["value"])) if x)
    if e.get("ci_low") is not None or e.get("ci_high") is not None:
        level = f"{_num(e['ci_level'] * 100 if (e.get('ci_level') or 0) <= 1 else e['ci_level'])}% " \
            if e.get("ci_level") else ""
        head += f" ({level}CI {_num(e.get('ci_low'))} to {_num(e.get('ci_high'))})"
    if head.strip():
        parts.append(head.strip())
    else:  # a verbal claim with no estimate ("no significant differences", "similar")
        parts.append(f"claim {e['reported_as']!r}" if e.get("reported_as") else "claim")
    if e.get("p_value") is not None:
        parts.append(f"p {e.get('p_relation') or '='} {_num(e['p_value'])}")
    if e.get("significant") is not None:
        parts.append("significant" if e["significant"] else "not significant")
    if e.get("direction"):
        parts.append(e["direction"].replace("_", " "))
    return ", ".join(parts)


def source(row: dict) -> str:
    """Where a stored value was read: ``<- p.1 "46.94%"`` (derived values show their formula).

    >>> source({"quote": "OR 1.68", "page": 2})
    '<- p.2 "OR 1.68"'
    >>> source({"quote": "46.94%", "page": None, "derived": 1, "derivation": "46.94% x 49 = 23"})
    '<- derived: 46.94% x 49 = 23, from "46.94%"'
    """
    quote = " ".join(str(row.get("quote") or "").split())
    if len(quote) > 80:
        quote = quote[:77] + "..."
    where = f"p.{row['page']} " if row.get("page") else ""
    if row.get("derived"):
        return f"<- derived: {row.get('derivation') or '?'}, from {where}\"{quote}\""
    return f"<- {where}\"{quote}\""


def citation_line(s: dict) -> str:
    """Authors, journal, year, volume(issue):pages and ids of a document, as one line.

    >>> citation_line({"authors": [{"family": "Kowalska", "given": "Anna"}, {"family": "Chen"}],
    ...                "journal_iso": "Trial Rep Cardiol", "year": 2021, "volume": "12",
    ...                "issue": "3", "first_page": "145", "last_page": "152", "pmid": "1"})
    'Kowalska A, Chen. Trial Rep Cardiol 2021;12(3):145-152. PMID 1'
    """
    names = []
    for a in s.get("authors") or []:
        if a.get("literal"):
            names.append(a["literal"])
        else:
            initials = "".join(w[0] for w in (a.get("given") or "").replace("-", " ").split() if w[:1].isalpha())
            names.append(" ".join(x for x in (a.get("family"), initials) if x))
    who = ", ".join(names[:3]) + (", et al" if len(names) > 3 else "")
    where = " ".join(str(x) for x in (s.get("journal_iso") or s.get("journal"), s.get("year")) if x)
    if s.get("volume"):
        where += f";{s['volume']}" + (f"({s['issue']})" if s.get("issue") else "")
    if s.get("first_page"):
        where += f":{s['first_page']}" + (f"-{s['last_page']}" if s.get("last_page") else "")
    ids = " ".join(f"{k.upper()} {s[k]}" for k in ("pmid", "pmcid") if s.get(k))
    return ". ".join(x for x in (who, where, ids) if x)


def _results_lines(results: list[dict], quotes: bool = False) -> list[str]:
    """Per-arm values: one line per arm, or with ``quotes`` one line per value and its source."""
    lines: list[str] = []
    by_arm: dict[Optional[str], list[str]] = {}
    for r in results:
        text = f"{r['statistic']} {_num(r['value'])}"
        if r.get("unit"):
            text += f" {r['unit']}"
        if r.get("derived"):
            text += " (derived)"
        if quotes:
            lines.append(f"{r.get('arm') or '(arm not identified)'}: {text}  {source(r)}")
        else:
            by_arm.setdefault(r.get("arm"), []).append(text)
    return lines or [f"{arm or '(arm not identified)'}: {'; '.join(v)}"
                     for arm, v in by_arm.items()]


def table_line(t: dict) -> str:
    """``Table 2: Outcomes by group (4 × 4, 16 cells, page 5)``; an image-only table says so.

    >>> table_line({"label": "Table 1", "caption": "Baseline", "n_rows": 0, "n_cols": 0, "cells": 0})
    'Table 1: Baseline (image only, no cells)'
    """
    caption = " ".join((t.get("caption") or "").split())
    if len(caption) > 80:
        caption = caption[:79].rstrip() + "…"
    head = ": ".join(x for x in (t.get("label") or f"table {t.get('seq', '?')}", caption) if x)
    if not t.get("cells"):
        size = "image only, no cells"
    else:
        size = f"{t['n_rows']} × {t['n_cols']}, {_plural(t['cells'], 'cell')}"
    if t.get("page") is not None:
        size += f", page {t['page']}"
    return f"{head} ({size})"


def render(s: dict, *, quotes: bool = False) -> str:
    """The summary of :meth:`corpus.store.Store.summary` as indented plain text.

    ``quotes`` adds, after every value, the page and the exact text it was read from.
    """
    def q(row: dict) -> str:
        return f"  {source(row)}" if quotes else ""

    lines = [s.get("title") or "(untitled)"]
    facts = [f"document {s['id']}", s.get("label"), s.get("format"), s.get("kind"),
             s.get("pages") is not None and _plural(s["pages"], "page"),
             _plural(s["sentences"], "sentence"), f"sha256 {s['sha256'][:12]}"]
    lines.append("  " + " · ".join(str(f) for f in facts if f))
    lines.append(f"  path: {s['path']}")
    cite = citation_line(s)
    if cite:
        lines.append(f"  {cite}")
    if s.get("doi"):
        lines.append(f"  doi: {s['doi']}")
    if s.get("copies"):
        lines.append("  same article as document" + ("s " if len(s["copies"]) > 1 else " ")
                     + ", ".join(str(c) for c in s["copies"]))
    if not s["studies"]:
        lines.append("No study design, arms or outcomes extracted.")
    for i, st in enumerate(s["studies"], 1):
        lines.append(f"Study {i}: {study_line(st)}{q(st)}")
        if st["arms"]:
            lines.append("  Arms:")
            lines += [f"    {arm_line(a)}{q(a)}" for a in st["arms"]]
        if st["outcomes"]:
            lines.append("  Outcomes:")
        for o in st["outcomes"]:
            tags = [t for t in (o.get("kind"), o.get("is_primary") == 1 and "primary",
                                o.get("is_primary") == 0 and "secondary") if t]
            name = o.get("name") or "?"
            if o.get("timepoint"):
                name += f" at {o['timepoint']}"
            if o.get("subgroup"):
                name += f" ({o['subgroup']})"
            lines.append(f"    {name}" + (f" [{', '.join(tags)}]" if tags else "") + q(o))
            lines += [f"      {x}" for x in _results_lines(o["results"], quotes)]
            lines += [f"      {effect_line(e)}{q(e)}" for e in o["effects"]]
    if s.get("tables"):
        lines.append("Tables:")
        lines += [f"  {table_line(t)}" for t in s["tables"]]
    lines.append(f"{_plural(s['refs'], 'reference')}, {_plural(s['citations'], 'citation')}, "
                 f"{_plural(s['checks'], 'check')} ({s['flagged']} flagged, {s['failed']} failed)")
    return "\n".join(lines)
