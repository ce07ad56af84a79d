"""Benchmark of tables as data on real JATS articles (``../shared/corpus/ei-dev``, read in place).

For every article the JATS reader runs once; the script counts the tables it found, those with
cells, image-only tables, cells and header rows, and checks the records against the XML: for
each ``<table-wrap>`` (and bare ``<table>``), the number of ``<td>``/``<th>`` in its tables
equals the number of cells in its record, and the row and column spans in the record are the
XML's (after the reader's clamping).  It prints the time per document (reading and building the
records).  ``--split train`` limits the articles; any inspection of single articles belongs to
the train split only (``--show`` refuses the others).

Usage: ``python benchmarks/bench_tables.py [--corpus DIR] [--split train|validation|all] [--show PMC…]``
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import lxml.etree as etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor.readers import read  # noqa: E402
from extractor.readers.tables import MAX_COL_SPAN, span_value  # noqa: E402

DEFAULT_CORPUS = next((p for p in (ROOT.parent / "shared" / "corpus" / "ei-dev",
                       ROOT.parent.parent / "shared" / "corpus" / "ei-dev") if p.exists()),
                      ROOT.parent / "shared" / "corpus" / "ei-dev")


def _local(el) -> str:
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def xml_tables(path: Path) -> list[dict]:
    """Per table-wrap (or bare table), in reading order: cells and (rowspan, colspan) counts."""
    root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)).getroot()
    out = []
    containers = []
    for part in ("body", "back", "floats-group"):
        for el in root.iter():
            if _local(el) == part:
                containers.append(el)
                break
    for box in containers:
        for el in box.iter():
            tag = _local(el)
            if tag == "table-wrap" or (tag == "table" and not any(_local(a) in ("table-wrap", "table") for a in el.iterancestors())):
                tables = [el] if tag == "table" else [t for t in el.iter() if _local(t) == "table" and _outer(t, el)]
                spans = Counter()
                cells = 0
                for t in tables:
                    for tr in _rows(t):
                        for c in tr:
                            if _local(c) in ("td", "th"):
                                cells += 1
                                cs = span_value(c.get("colspan"), MAX_COL_SPAN)
                                spans[(c.get("rowspan") not in (None, "1"), cs)] += 1
                out.append({"cells": cells, "spans": spans, "tables": len(tables)})
    return out


def _outer(t, wrap) -> bool:
    a = t.getparent()
    while a is not None and a is not wrap:
        if _local(a) == "table":
            return False
        a = a.getparent()
    return True


def _rows(table):
    for child in table:
        tag = _local(child)
        if tag in ("thead", "tbody", "tfoot"):
            yield from (r for r in child if _local(r) == "tr")
        elif tag == "tr":
            yield child


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--split", choices=("train", "validation", "all"), default="all")
    ap.add_argument("--show", nargs="*", default=[], help="print the tables of these train articles")
    args = ap.parse_args()
    splits = {}
    for line in (args.corpus / "prompts.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        splits[d["article"]] = d["split"]
    for pmc in args.show:
        if splits.get(pmc) != "train":
            sys.exit(f"{pmc}: only train articles may be inspected")
        for t in read(args.corpus / "nxml" / f"{pmc}.nxml").tables:
            print(f"{t.label}: {t.caption} ({t.n_rows} x {t.n_cols}); notes: {t.footnotes}")
            for row in t.grid():
                print("   ", " | ".join((c.text if c else "·") for c in row))
        return
    arts = sorted(a for a, s in splits.items() if args.split in ("all", s))
    n = Counter()
    times = []
    mismatches = []
    for pmc in arts:
        path = args.corpus / "nxml" / f"{pmc}.nxml"
        t0 = time.perf_counter()
        src = read(path)
        times.append(time.perf_counter() - t0)
        n["documents"] += 1
        tables = src.tables
        n["tables"] += len(tables)
        n["with cells"] += sum(1 for t in tables if t.cells)
        n["image only"] += sum(1 for t in tables if not t.cells)
        n["cells"] += sum(len(t.cells) for t in tables)
        n["with label"] += sum(1 for t in tables if t.label)
        n["with footnotes"] += sum(1 for t in tables if t.footnotes)
        for t in tables:
            heads = {c.row for c in t.cells if c.is_header}
            rows = {c.row for c in t.cells}
            full = [r for r in heads if all(c.is_header for c in t.cells if c.row == r)]
            n["header rows"] += len(full)
            n["tables with a header row"] += bool(full)
            n["rows"] += len(rows)
            n["multi-line header"] += len(full) > 1
            n["spanning cells"] += sum(1 for c in t.cells if c.row_span > 1 or c.col_span > 1)
        expected = xml_tables(path)
        if len(expected) != len(tables):
            mismatches.append((pmc, f"{len(expected)} tables in the XML, {len(tables)} records"))
            n["documents with a table-count mismatch"] += 1
            continue
        for k, (x, t) in enumerate(zip(expected, tables)):
            got = Counter((c.row_span > 1, c.col_span) for c in t.cells)
            n["tables checked"] += 1
            if x["cells"] != len(t.cells):
                mismatches.append((pmc, f"table {k + 1}: {x['cells']} XML cells, {len(t.cells)} in the record"))
                n["cell-count mismatches"] += 1
            elif got != x["spans"]:
                mismatches.append((pmc, f"table {k + 1}: spans differ"))
                n["span mismatches"] += 1
            n["split tables (several <table>)"] += x["tables"] > 1
    print(f"== ei-dev JATS tables ({args.split}: {n['documents']} articles)")
    for key in ("tables", "with cells", "image only", "with label", "with footnotes", "cells", "rows",
                "header rows", "tables with a header row", "multi-line header", "spanning cells",
                "split tables (several <table>)", "tables checked", "cell-count mismatches", "span mismatches",
                "documents with a table-count mismatch"):
        print(f"{key:40s} {n[key]:>8,}")
    times.sort()
    total = sum(times)
    print(f"time per document: mean {1000 * total / max(1, len(times)):.1f} ms, median "
          f"{1000 * times[len(times) // 2]:.1f} ms, max {1000 * times[-1]:.1f} ms ({len(times) / total:.1f} docs/s)")
    for pmc, why in mismatches[:10]:
        if splits.get(pmc) == "train":
            print(f"  mismatch {pmc}: {why}")
    hidden = sum(1 for pmc, _ in mismatches if splits.get(pmc) != "train")
    if hidden:
        print(f"  ({hidden} mismatches in validation articles, not listed)")


if __name__ == "__main__":
    main()
