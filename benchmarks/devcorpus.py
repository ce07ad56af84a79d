"""The development documents, read in place from ``../shared`` (never copied into the project).

One document per:

- ``rct-dev/<PMC>``: an article text of ``corpus/rct-dev/txt``;
- ``refs-dev/refs/<id>``: a labelled reference string of ``corpus/refs-dev/refs.jsonl``;
- ``refs-dev/pdfs/<name>``: the text of a PDF of ``corpus/refs-dev/pdfs`` (pypdfium2);
- ``ei-dev/<PMC>``: the text of an ``ei-dev`` article (its JATS XML without markup), ``train``
  split only unless ``validation=True`` (the validation split is a frozen check: it is read here
  only by scripts that report which test text matches which document, never to write rules);
- ``examples/msc-long-covid-news``: the shared example article (its text version).

Used by ``audit_fit.py`` (rule literals that occur in exactly one development document) and
``scan_test_texts.py`` (test texts that resemble a corpus document).
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    """``../shared`` next to the repository (or one level further up for a worktree)."""
    for cand in (ROOT.parent / "shared", ROOT.parent.parent / "shared"):
        if (cand / "corpus").is_dir():
            return cand
    return ROOT.parent / "shared"


def _jats_text(path: Path) -> str:
    from lxml import etree
    tree = etree.parse(str(path), etree.XMLParser(recover=True, resolve_entities=False, no_network=True))
    parts = []
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        if el.text:
            parts.append(el.text)
        if el.tag in ("p", "title", "td", "th", "tr", "sec", "caption", "article-title", "ref", "mixed-citation",
                      "element-citation", "label", "abstract", "table-wrap", "fig", "list-item"):
            parts.append("\n")
        if el.tail:
            parts.append(el.tail)
    return re.sub(r"[ \t]+", " ", "".join(parts))


def _pdf_text(path: Path) -> str:
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def unseen_articles() -> set[str]:
    """ei-dev train articles no benchmark may open: the draws named under ``held_out`` in
    ``perarm/articles.json`` and the ids listed (one a line) in the files of
    ``$EVIDENCE_UNSEEN_IDS`` (paths separated by ``os.pathsep``), e.g. draws being annotated."""
    out: set[str] = set()
    listed = ROOT / "benchmarks" / "perarm" / "articles.json"
    if listed.exists():
        data = json.loads(listed.read_text(encoding="utf-8"))
        for key in data.get("held_out", []):
            out.update(data.get(key, []))
    for path in filter(None, os.environ.get("EVIDENCE_UNSEEN_IDS", "").split(os.pathsep)):
        out.update(Path(path).read_text(encoding="utf-8").split())
    return out


def ei_splits(shared: Path) -> dict[str, str]:
    """``{PMC id: split}`` from ``ei-dev/prompts.jsonl``."""
    out = {}
    for line in (shared / "corpus" / "ei-dev" / "prompts.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            out[rec["article"]] = rec["split"]
    return out


def documents(shared: Path | None = None, validation: bool = False) -> Iterator[tuple[str, str]]:
    """``(document id, text)`` for every development document (see the module docstring)."""
    shared = shared or shared_dir()
    corpus = shared / "corpus"
    for p in sorted((corpus / "rct-dev" / "txt").glob("*.txt")):
        yield f"rct-dev/{p.stem}", p.read_text(encoding="utf-8", errors="replace")
    refs = corpus / "refs-dev" / "refs.jsonl"
    if refs.exists():
        for line in refs.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                yield f"refs-dev/refs/{rec['id']}", rec["raw"]
    for p in sorted((corpus / "refs-dev" / "pdfs").glob("*.pdf")):
        yield f"refs-dev/pdfs/{p.stem}", _pdf_text(p)
    nxml = corpus / "ei-dev" / "nxml"
    if nxml.is_dir():
        splits = ei_splits(shared)
        for p in sorted(nxml.glob("*.nxml")):
            split = splits.get(p.stem)
            if split == "train" or (validation and split == "validation"):
                yield f"ei-dev/{p.stem}" + ("" if split == "train" else " (validation)"), _jats_text(p)
    ex = shared / "examples" / "msc-long-covid-news.txt"
    if ex.exists():
        yield "examples/msc-long-covid-news", ex.read_text(encoding="utf-8")
