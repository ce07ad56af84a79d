"""PDF layout benchmark: printed ei-dev articles against their JATS, refs-dev PDFs, and speed.

Usage::

    .venv/bin/python benchmarks/bench_pdf_layout.py [--train 40] [--validation 20] [--repeat 2]
                                                    [--json OUT.json] [--details]

1. **Printed articles.**  ``--train`` full-text articles of ei-dev's ``train`` split and
   ``--validation`` of its ``validation`` split (a fixed-seed draw, :func:`printed.draw`) are
   rendered from their JATS in one-, two- and three-column CSS (title block over the columns,
   tables and figures spanning the columns, a rotated running title in the margin) and printed
   with headless Chromium (cached under ``benchmarks/out/printed/``).  Each PDF goes through
   the reader and the rest of the pipeline, and is scored against the JATS:

   * **body text** in reading order: token-sequence precision, recall and F1 (the longest
     common subsequence of word tokens, NFKC and case folded) of the running text — the PDF's
     text less the table cells, the reference-list section and text the reader marks as
     figure-internal or margin text — against the JATS title, authors, abstract, headings,
     paragraphs, captions and table footnotes;
   * **table cells**: micro-F1 of ``(row, column, text)`` triples (text without white space or
     ``^``) of each JATS table against the PDF table of the same label (else the same position);
     ``cell text F1`` scores the texts alone (structure aside);
   * **references**: share of articles whose reference count equals the JATS count, and field
     micro-F1 (``bench_refs`` fields: authors, title, journal, year, volume, issue, pages, DOI)
     against the JATS citation fields, by position — beside the same score of the project's
     reference parser on the reference strings as printed (the text baseline).

   ``validation`` is reported as the frozen figure: aggregates only, never per article.
2. **refs-dev PDFs** with gold lists (``bench_refs.pdf_lists``): references found against gold,
   field micro-F1 by position.
3. **Speed**, side by side in one run per file (CPU seconds of this process, one core, best of
   ``--repeat``): raw pypdfium2 text extraction, the reader alone, and the whole extraction
   (reader + sentences + spaCy + trial and reference extraction, without the store); pages/s.

``--details`` writes per-article train scores to ``benchmarks/out/pdf_layout_details.json``
(``pdf_layout_details-KofN.json`` for ``--part K/N``; beside the ``--state`` file when one is
given); ``--skip N`` scores the train draw from
its N-th article on (``--train 80 --skip 40``: forty articles after the first forty).
"""
from __future__ import annotations

import argparse
import gc
import json
import re
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from rapidfuzz.distance import LCSseq  # noqa: E402

from bench_readers import raw_pdfium  # noqa: E402
from bench_refs import Scores, field_values, pdf_lists  # noqa: E402
from extractor.pipeline import extract_source  # noqa: E402
from extractor.readers import read  # noqa: E402
from extractor.references.parser import parse_reference  # noqa: E402
from printed import LAYOUTS, draw, printed  # noqa: E402

OUT = REPO / "benchmarks" / "out"
_TOKEN = re.compile(r"\w+")
#: spans a reader may set over text that is not running text (kept searchable, not scored)
NOT_BODY = ("figure_text", "margin")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).casefold())


def prf(tp: float, n_pred: float, n_gold: float) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def cell_key(text: str) -> str:
    return re.sub(r"[\s^]+", "", unicodedata.normalize("NFKC", text)).replace("\u2212", "-").replace("\u2013", "-")


def table_key(label) -> str:
    return re.sub(r"\W+", "", (label or "").casefold())


def body_text(src, art) -> str:
    """The article's running text: everything but table cells, the reference list and
    text spans the reader marks as not running text."""
    cut = []
    for t in art.tables:
        for c in t.cells:
            cut.append((c.prov.char_start, c.prov.char_end))
    for s in art.sections:
        if s.name == "references":
            cut.append((s.prov.char_start, s.prov.char_end))
    for r in art.references:
        cut.append((r.prov.char_start, r.prov.char_end))
    for label in NOT_BODY:
        cut.extend((sp.start, sp.end) for sp in src.spans_of(label))
    text = art.text
    keep = bytearray(b"\x01") * len(text)
    for a, b in cut:
        keep[a:b] = b"\x00" * (b - a)
    return "".join(ch if k else " " for ch, k in zip(text, keep))


def ref_fields(f: dict) -> dict:
    """JATS citation fields in ``bench_refs`` record form."""
    authors = []
    for a in f.get("authors", []):
        authors.append({"family": a["literal"]} if "literal" in a else {"family": a.get("family", "")})
    title = f.get("article-title") or f.get("chapter-title")
    journal = f.get("source")
    if not title and journal and not (f.get("volume") or f.get("fpage")):
        title, journal = journal, None  # a book: its name is the title
    return {"authors": authors, "title": title, "journal": journal, "year": f.get("year"),
            "volume": f.get("volume"), "issue": f.get("issue"),
            "first_page": f.get("fpage") or f.get("elocation-id"), "last_page": f.get("lpage"), "doi": f.get("doi")}


def score_article(gold, src, art) -> dict:
    # body text
    g_tok = tokens("\n".join(gold.body))
    p_tok = tokens(body_text(src, art))
    lcs = LCSseq.similarity(g_tok, p_tok) if g_tok and p_tok else 0
    # table cells
    by_label = {table_key(t.label): t for t in art.tables if t.label}
    used = set()
    tp = n_gold = n_pred = 0
    txt_tp = 0
    for k, gt in enumerate(gold.tables):
        g = {(r, c, cell_key(t)) for r, c, _, _, _, t in gt.cells if cell_key(t)}
        n_gold += len(g)
        pt = by_label.get(table_key(gt.label)) if gt.label else None
        if pt is None and not gt.label and k < len(art.tables):
            pt = art.tables[k]
        if pt is None or id(pt) in used:
            continue
        used.add(id(pt))
        p = {(c.row, c.col, cell_key(c.text)) for c in pt.cells if cell_key(c.text)}
        tp += len(g & p)
        gt_texts = defaultdict(int)
        for _, _, t in g:
            gt_texts[t] += 1
        for _, _, t in p:
            if gt_texts[t] > 0:
                gt_texts[t] -= 1
                txt_tp += 1
    for pt in art.tables:
        n_pred += len({(c.row, c.col, cell_key(c.text)) for c in pt.cells if cell_key(c.text)})
    # references
    pdf_scores, text_scores, agree = Scores(), Scores(), Scores()
    for k, g in enumerate(gold.refs):
        gv = field_values(ref_fields(g.fields), gold=True)
        tv = field_values(parse_reference(g.text).__dict__, gold=False)
        text_scores.add(gv, tv)
        pv = field_values(art.references[k].to_dict(), gold=False) if k < len(art.references) else {}
        pdf_scores.add(gv, pv)
        agree.add(tv, pv)
    for r in art.references[len(gold.refs):]:
        pdf_scores.add({}, field_values(r.to_dict(), gold=False))
    return {
        "body": {"lcs": lcs, "gold": len(g_tok), "pred": len(p_tok)},
        "cells": {"tp": tp, "gold": n_gold, "pred": n_pred, "text_tp": txt_tp},
        "refs": {"gold": len(gold.refs), "found": len(art.references)},
        "_ref_scores": (pdf_scores, text_scores, agree),
    }


def merge_scores(dst: Scores, src: Scores) -> None:
    dst.tp.update(src.tp)
    dst.fp.update(src.fp)
    dst.fn.update(src.fn)


def cpu(fn):
    gc.collect()
    t = time.process_time()
    out = fn()
    return time.process_time() - t, out


def timed(path: Path, repeat: int, nlp: bool = True):
    """Best CPU seconds of raw pdfium, the reader, and reader + the rest (without the spaCy
    pipeline when ``nlp`` is false); the last source and article."""
    best = [float("inf")] * 3
    src = art = None
    pages = 0
    for _ in range(repeat):
        t_raw, pages = cpu(lambda: raw_pdfium(path))
        t_read, src = cpu(lambda: read(path))
        t_rest, art = cpu(lambda: extract_source(src, path=str(path), use_nlp=nlp))
        best = [min(best[0], t_raw), min(best[1], t_read), min(best[2], t_read + t_rest)]
    return pages, best, src, art


class Group:
    def __init__(self):
        self.body = [0, 0, 0]
        self.cells = [0, 0, 0, 0]
        self.count_ok = self.n = 0
        self.pdf, self.text, self.agree = Scores(), Scores(), Scores()
        self.pages = 0
        self.t = [0.0, 0.0, 0.0]
        self.worst_ratio = 0.0

    def add(self, s: dict, pages: int, t) -> None:
        self.n += 1
        b, c, r = s["body"], s["cells"], s["refs"]
        self.body = [self.body[0] + b["lcs"], self.body[1] + b["pred"], self.body[2] + b["gold"]]
        self.cells = [self.cells[0] + c["tp"], self.cells[1] + c["pred"], self.cells[2] + c["gold"], self.cells[3] + c["text_tp"]]
        self.count_ok += r["found"] == r["gold"]
        for dst, src in zip((self.pdf, self.text, self.agree), s["_ref_scores"]):
            merge_scores(dst, src)
        self.pages += pages
        self.t = [a + b for a, b in zip(self.t, t)]
        self.worst_ratio = max(self.worst_ratio, t[1] / t[0] if t[0] else 0.0)

    def state(self) -> dict:
        return {"body": self.body, "cells": self.cells, "count_ok": self.count_ok, "n": self.n, "pages": self.pages,
                "t": self.t, "worst_ratio": self.worst_ratio,
                "scores": [[dict(sc.tp), dict(sc.fp), dict(sc.fn)] for sc in (self.pdf, self.text, self.agree)]}

    def merge(self, st: dict) -> None:
        self.body = [a + b for a, b in zip(self.body, st["body"])]
        self.cells = [a + b for a, b in zip(self.cells, st["cells"])]
        self.count_ok += st["count_ok"]
        self.n += st["n"]
        self.pages += st["pages"]
        self.t = [a + b for a, b in zip(self.t, st["t"])]
        self.worst_ratio = max(self.worst_ratio, st["worst_ratio"])
        for sc, (tp, fp, fn) in zip((self.pdf, self.text, self.agree), st["scores"]):
            sc.tp.update(tp)
            sc.fp.update(fp)
            sc.fn.update(fn)

    def summary(self) -> dict:
        bp, br, bf = prf(*self.body)
        cp, cr, cf = prf(*self.cells[:3])
        _, _, tf = prf(self.cells[3], self.cells[1], self.cells[2])
        return {
            "articles": self.n, "pages": self.pages,
            "body_p": bp, "body_r": br, "body_f1": bf,
            "cells_p": cp, "cells_r": cr, "cells_f1": cf, "cell_text_f1": tf, "gold_cells": self.cells[2],
            "ref_count_ok": self.count_ok / self.n if self.n else 0.0,
            "ref_f1_pdf": self.pdf.table()["micro"]["f1"], "ref_f1_text": self.text.table()["micro"]["f1"],
            "ref_agree_f1": self.agree.table()["micro"]["f1"],
            "raw_pages_s": self.pages / self.t[0] if self.t[0] else 0.0,
            "reader_pages_s": self.pages / self.t[1] if self.t[1] else 0.0,
            "extract_pages_s": self.pages / self.t[2] if self.t[2] else 0.0,
            "reader_x_raw": self.t[1] / self.t[0] if self.t[0] else 0.0, "worst_reader_x_raw": self.worst_ratio,
        }


#: CPU seconds per printed file (raw pdfium, reader): speed is reported per file for both splits
SPEED: list = []


def printed_run(split: str, n: int, repeat: int, details: list | None, nlp: bool = True, part=(0, 1),
                states: dict | None = None, skip: int = 0) -> dict:
    groups: dict = defaultdict(Group)
    for k, pmcid in enumerate(draw(split, n)):
        if k < skip or k % part[1] != part[0]:
            continue
        for cols in LAYOUTS:
            p = printed(pmcid, cols)
            pages, t, src, art = timed(p.pdf, repeat, nlp)
            s = score_article(p.gold, src, art)
            groups[cols].add(s, pages, t)
            groups["all"].add(s, pages, t)
            SPEED.append({"file": p.pdf.name, "split": split, "pages": pages, "raw_s": t[0], "reader_s": t[1],
                          "reader_x_raw": t[1] / t[0] if t[0] else None})
            if details is not None:
                d = {k: v for k, v in s.items() if not k.startswith("_")}
                details.append({"article": pmcid, "columns": cols, "pages": pages, **d,
                                "ref_f1_pdf": s["_ref_scores"][0].table()["micro"]["f1"],
                                "ref_f1_text": s["_ref_scores"][1].table()["micro"]["f1"],
                                "reader_x_raw": t[1] / t[0] if t[0] else None})
            print(f"  {split} {pmcid} {cols}col: {pages} pages", file=sys.stderr)
    if states is not None:
        states[split] = {str(k): g.state() for k, g in groups.items()}
        states["speed"] = SPEED
    return {str(k): g.summary() for k, g in groups.items()}


def merged(files: list[Path]) -> dict:
    """Summaries of printed-article runs made in parts (``--part k/n --state FILE``)."""
    out: dict = {}
    for split in ("train", "validation"):
        groups: dict = defaultdict(Group)
        for f in files:
            st = json.loads(Path(f).read_text()).get(split, {})
            if split == "train":
                speed = json.loads(Path(f).read_text()).get("speed", [])
                out.setdefault("speed", []).extend(speed)
            for k, g in st.items():
                groups[k].merge(g)
        if groups:
            out[split] = {k: g.summary() for k, g in groups.items()}
    return out


def refs_dev_run(root: Path, repeat: int) -> dict:
    out = {"lists": pdf_lists(root), "speed": {}}
    for pdf in sorted((root / "pdfs").glob("*.pdf")):
        pages, t, _, _ = timed(pdf, repeat)
        out["speed"][pdf.name] = {"pages": pages, "raw_s": t[0], "reader_s": t[1], "extract_s": t[2]}
    return out


def fmt_printed(name: str, res: dict) -> str:
    lines = [f"{name}: {res['all']['articles'] // len(LAYOUTS)} articles × {len(LAYOUTS)} layouts",
             f"  {'layout':7} {'pages':>5} {'body P':>7} {'body R':>7} {'body F1':>7} {'cell F1':>7} {'cellP':>6} {'cellR':>6} "
             f"{'txtF1':>6} {'#refs=':>6} {'refF1':>6} {'txtRef':>6} {'agree':>6} {'raw p/s':>8} {'read p/s':>8} {'ext p/s':>8} {'×raw':>5} {'worst':>5}"]
    for k in [str(c) for c in LAYOUTS] + ["all"]:
        v = res[k]
        lines.append(
            f"  {k + ('col' if k != 'all' else ''):7} {v['pages']:5d} {v['body_p']:7.3f} {v['body_r']:7.3f} {v['body_f1']:7.3f} "
            f"{v['cells_f1']:7.3f} {v['cells_p']:6.3f} {v['cells_r']:6.3f} {v['cell_text_f1']:6.3f} {v['ref_count_ok']:6.2f} "
            f"{v['ref_f1_pdf']:6.3f} {v['ref_f1_text']:6.3f} {v['ref_agree_f1']:6.3f} {v['raw_pages_s']:8.1f} {v['reader_pages_s']:8.1f} "
            f"{v['extract_pages_s']:8.1f} {v['reader_x_raw']:5.2f} {v['worst_reader_x_raw']:5.2f}")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--train", type=int, default=40)
    ap.add_argument("--validation", type=int, default=20)
    ap.add_argument("--skip", type=int, default=0,
                    help="score train articles from this position of the draw on (a fresh sample: --train 80 --skip 40)")
    ap.add_argument("--repeat", type=int, default=1, help="timing runs per printed PDF (best taken)")
    ap.add_argument("--refs-repeat", type=int, default=3, help="timing runs per refs-dev PDF")
    ap.add_argument("--refs-dev", type=Path, default=REPO.parent.parent / "shared" / "corpus" / "refs-dev")
    ap.add_argument("--json", type=Path, help="write every figure to this JSON file")
    ap.add_argument("--details", action="store_true", help="per-article train scores to benchmarks/out/")
    ap.add_argument("--printed-no-nlp", action="store_true",
                    help="score printed articles without the spaCy pipeline (faster; 'ext p/s' then excludes it)")
    ap.add_argument("--no-refs-dev", action="store_true", help="skip the refs-dev PDFs")
    ap.add_argument("--part", default="0/1", help="k/n: only every n-th article from the k-th (runs in parallel)")
    ap.add_argument("--state", type=Path, help="write the part's raw counts here (for --merge)")
    ap.add_argument("--merge", type=Path, nargs="+", help="print the summary of parts' --state files")
    a = ap.parse_args(argv)
    if a.merge:
        res = merged(a.merge)
        for split in ("train", "validation"):
            if split in res:
                print(fmt_printed(f"printed ei-dev {split}" + (" (frozen: scored, never read)" if split == "validation" else ""), res[split]))
                print()
        speed = sorted(res.get("speed", []), key=lambda r: -(r["reader_x_raw"] or 0))
        if speed:
            over = [r for r in speed if (r["reader_x_raw"] or 0) > 3.0]
            print(f"reader × raw pypdfium2 per printed file: {len(over)}/{len(speed)} over 3×; slowest:")
            for r in speed[:8]:
                print(f"  {r['file']:28} {r['pages']:3d} pages  raw {r['raw_s']:6.3f}s  reader {r['reader_s']:6.3f}s  {r['reader_x_raw']:5.2f}×")
        if a.json:
            a.json.write_text(json.dumps(res, indent=1))
        return 0
    part = tuple(int(x) for x in a.part.split("/"))
    states: dict = {}
    if not a.refs_dev.exists():
        a.refs_dev = REPO.parent / "shared" / "corpus" / "refs-dev"
    result = {}
    details: list = [] if a.details else None
    from extractor.source import Source

    extract_source(Source.from_text("Warm-up. Patients were randomised to A (n = 10) or B (n = 12)."))  # load spaCy once
    if a.train:
        result["train"] = printed_run("train", a.train, a.repeat, details, not a.printed_no_nlp, part, states, a.skip)
    if a.validation:
        result["validation"] = printed_run("validation", a.validation, a.repeat, None, not a.printed_no_nlp, part, states)
    if a.state:
        a.state.write_text(json.dumps(states))
    if (a.refs_dev / "pdfs").exists() and not a.no_refs_dev:
        result["refs_dev"] = refs_dev_run(a.refs_dev, a.refs_repeat)
    for split in ("train", "validation"):
        if split in result:
            if a.printed_no_nlp:
                print("(printed articles: 'ext p/s' is the extraction without the spaCy pipeline)")
            print(fmt_printed(f"printed ei-dev {split}" + (" (frozen: scored, never read)" if split == "validation" else ""), result[split]))
            print()
    if "refs_dev" in result:
        rd = result["refs_dev"]
        print("refs-dev PDFs:")
        print(f"  {'file':38} {'pages':>5} {'refs':>9} {'fieldF1':>7} {'raw s':>7} {'read s':>7} {'ext s':>7} {'×raw':>5} {'read p/s':>8} {'ext p/s':>8}")
        tot = [0, 0.0, 0.0, 0.0]
        for name, sp in rd["speed"].items():
            lst = rd["lists"].get(name, {})
            refs = f"{lst['found']}/{lst['gold']}" if "found" in lst else "-"
            f1 = f"{lst['field_micro_f1_by_position']:7.3f}" if "found" in lst else f"{'-':>7}"
            print(f"  {name[:38]:38} {sp['pages']:5d} {refs:>9} {f1} {sp['raw_s']:7.3f} {sp['reader_s']:7.3f} {sp['extract_s']:7.3f} "
                  f"{sp['reader_s'] / sp['raw_s']:5.2f} {sp['pages'] / sp['reader_s']:8.1f} {sp['pages'] / sp['extract_s']:8.1f}")
            tot = [tot[0] + sp["pages"], tot[1] + sp["raw_s"], tot[2] + sp["reader_s"], tot[3] + sp["extract_s"]]
        if tot[1]:
            print(f"  {'total':38} {tot[0]:5d} {'':>9} {'':>7} {tot[1]:7.3f} {tot[2]:7.3f} {tot[3]:7.3f} {tot[2] / tot[1]:5.2f} "
                  f"{tot[0] / tot[2]:8.1f} {tot[0] / tot[3]:8.1f}")
    with open("/proc/loadavg") as f:
        print(f"\nload average while measuring: {f.read().split()[:3]}")
    if a.json:
        a.json.write_text(json.dumps(result, indent=1))
    if details is not None:
        OUT.mkdir(exist_ok=True)
        name = f"pdf_layout_details{'-' + a.part.replace('/', 'of') if a.part != '0/1' else ''}.json"
        (a.state.with_suffix(".details.json") if a.state else OUT / name).write_text(json.dumps(details, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
