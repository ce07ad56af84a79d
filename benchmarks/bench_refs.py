"""Reference extraction benchmark: field-level precision/recall/F1, list extraction, callouts.

Usage::

    .venv/bin/python benchmarks/bench_refs.py [--refs-dev ../shared/corpus/refs-dev] [--json]

Prints, for

1. the project's hand-annotated fixtures (``tests/data/refs/*.gold.json``): per-field precision,
   recall and F1 (strict exact match after normalisation), callout-linking F1, and sibling-journal
   confusions;
2. the refs-dev reference strings (``refs.jsonl``, read in place): the same per-field scores,
   overall, for the biomedical subset and per source;
3. the refs-dev PDFs that have gold: references found vs gold and the title match rate;
4. throughput (reference strings parsed per second).

Comparison (as the refs-dev README suggests): strings NFKC-normalised, casefolded, punctuation
dropped, whitespace collapsed; authors as the ordered list of family names; pages as
``first_page`` (or the article number) plus ``last_page`` (``extra.last_page_printed`` accepted);
DOI case-insensitive; DOI and PMID scored only where the gold has them.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from extractor.references import extract_references, journals  # noqa: E402
from extractor.references.parser import parse_reference  # noqa: E402

FIELDS = ("authors", "title", "journal", "year", "volume", "issue", "pages", "doi")
SCORE_ONLY_IF_GOLD = {"doi", "pmid"}


def norm(s) -> str:
    if s is None:
        return ""
    s = unicodedata.normalize("NFKC", str(s)).casefold()
    s = re.sub(r"[^\w\s]|_", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def field_values(rec: dict, *, gold: bool) -> dict:
    """Comparable values of one record (a gold ``fields`` dict or a parsed reference dict)."""
    out = {}
    names = rec.get("authors") or []
    fams = [norm(a.get("family") or a.get("literal") or "") if isinstance(a, dict) else norm(a) for a in names]
    out["authors"] = tuple(fams) if fams else None
    for f in ("title", "journal", "volume", "issue"):
        out[f] = norm(rec.get(f)) or None
    out["year"] = str(rec["year"]) if rec.get("year") else None
    fp = rec.get("first_page") or rec.get("article_number")
    lp = rec.get("last_page")
    out["pages"] = (norm(fp), norm(lp)) if fp else None
    out["doi"] = (rec.get("doi") or "").lower() or None
    out["pmid"] = rec.get("pmid") or None
    return out


class Scores:
    def __init__(self):
        self.tp, self.fp, self.fn = Counter(), Counter(), Counter()

    def add(self, gold: dict, pred: dict, alt_pages=None):
        for f in FIELDS:
            g, p = gold.get(f), pred.get(f)
            if f == "pages" and alt_pages and p and g and p != g and p == alt_pages:
                p = g
            if g is None and f in SCORE_ONLY_IF_GOLD:
                continue
            if g is not None and p == g:
                self.tp[f] += 1
            else:
                if g is not None:
                    self.fn[f] += 1
                if p is not None:
                    self.fp[f] += 1

    def table(self) -> dict:
        out = {}
        for f in FIELDS:
            tp, fp, fn = self.tp[f], self.fp[f], self.fn[f]
            p = tp / (tp + fp) if tp + fp else 1.0
            r = tp / (tp + fn) if tp + fn else 1.0
            out[f] = {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
                      "support": tp + fn}
        tp, fp, fn = (sum(c.values()) for c in (self.tp, self.fp, self.fn))
        p, r = tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0
        out["micro"] = {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
                        "support": tp + fn}
        return out


def sibling_confusion(gold_journal: str | None, pred_iso: str | None) -> bool:
    """A predicted journal that is a different journal of the same family (Lancet / Lancet Oncol)."""
    if not gold_journal or not pred_iso:
        return False
    g = journals.iso(gold_journal)
    if not g or norm(g) == norm(pred_iso):
        return False
    gw, pw = norm(g).split(), norm(pred_iso).split()
    return bool(gw and pw and gw[0] == pw[0] and (journals.is_known(g) or journals.is_known(pred_iso)))


def fixtures() -> dict:
    from refs_context import jats_source, make_context

    data = REPO / "tests" / "data" / "refs"
    scores, callouts = Scores(), Counter()
    confusions = 0
    for gold_path in sorted(data.glob("*.gold.json")):
        name = gold_path.name[: -len(".gold.json")]
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        xml = data / f"{name}.xml"
        if xml.exists():
            src = jats_source(xml)
            ctx = make_context(src.text, src)
        else:
            ctx = make_context((data / f"{name}.txt").read_text(encoding="utf-8"))
        refs, cites = extract_references(ctx)
        for k, g in enumerate(gold["references"]):
            pred = refs[k].to_dict() if k < len(refs) else {}
            gv = field_values(dict(g, authors=[{"family": a} for a in g.get("authors", [])]), gold=True)
            scores.add(gv, field_values(pred, gold=False))
            confusions += sibling_confusion(g.get("journal"), pred.get("journal_iso"))
        for r in refs[len(gold["references"]):]:
            scores.add({}, field_values(r.to_dict(), gold=False))
        got = Counter((c.marker, c.ref_ordinal) for c in cites)
        want = Counter((m, o) for m, ords in gold["callouts"] for o in ords)
        callouts["tp"] += sum((got & want).values())
        callouts["fp"] += sum((got - want).values())
        callouts["fn"] += sum((want - got).values())
    tp, fp, fn = callouts["tp"], callouts["fp"], callouts["fn"]
    p, r = tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0
    return {"fields": scores.table(), "callouts": {"precision": p, "recall": r,
            "f1": 2 * p * r / (p + r) if p + r else 0.0, "support": tp + fn},
            "sibling_confusions": confusions, "documents": len(list(data.glob("*.gold.json")))}


def refs_dev(root: Path) -> dict:
    recs = [json.loads(l) for l in (root / "refs.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    groups: dict[str, Scores] = defaultdict(Scores)
    confusions = 0
    t0 = time.perf_counter()
    parsed = [parse_reference(r["raw"]).__dict__ for r in recs]
    secs = time.perf_counter() - t0
    for rec, pred in zip(recs, parsed):
        gf = rec["fields"]
        gv = field_values(gf, gold=True)
        pv = field_values(pred, gold=False)
        alt = None
        lpp = (rec.get("extra") or {}).get("last_page_printed")
        if lpp and gf.get("first_page"):
            alt = (norm(gf["first_page"]), norm(lpp))
        keys = ["all", f"source:{rec['source']}"] + (["biomedical"] if rec.get("biomed") else [])
        for k in keys:
            groups[k].add(gv, pv, alt)
        confusions += sibling_confusion(gf.get("journal"), pred.get("journal_iso"))
    out = {k: v.table() for k, v in sorted(groups.items())}
    out["sibling_confusions"] = confusions
    out["refs_per_second"] = len(recs) / secs if secs else None
    out["count"] = len(recs)
    return out


def pdf_lists(root: Path) -> dict:
    from rapidfuzz import fuzz

    from extractor.pipeline import extract

    out = {}
    for gold_path in sorted((root / "pdfs").glob("*.refs.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        pdf = gold_path.with_name(gold["pdf"])
        t0 = time.perf_counter()
        try:
            art = extract(pdf)
        except Exception as exc:  # a reader failure is a result, not a crash of the benchmark
            out[pdf.name] = {"error": str(exc)}
            continue
        secs = time.perf_counter() - t0
        titles = [norm(r.title) for r in art.references if r.title]
        raws = [norm(r.raw) for r in art.references]
        exact = fuzzy = n = 0
        scores = Scores()
        for k, g in enumerate(gold["references"]):
            gt = norm(g["fields"].get("title"))
            if gt:
                n += 1
                exact += gt in titles
                fuzzy += any(fuzz.ratio(gt, t) >= 90 for t in titles) or any(gt in r for r in raws)
            if k < len(art.references):
                pred = art.references[k].to_dict()
                lpp = (g.get("extra") or {}).get("last_page_printed")
                alt = (norm(g["fields"].get("first_page")), norm(lpp)) if lpp and g["fields"].get("first_page") else None
                scores.add(field_values(g["fields"], gold=True), field_values(pred, gold=False), alt)
        out[pdf.name] = {"gold": gold["n_references"], "found": len(art.references),
                         "title_exact": exact / n if n else None, "title_fuzzy90_or_in_raw": fuzzy / n if n else None,
                         "field_micro_f1_by_position": scores.table()["micro"]["f1"],
                         "callouts": len(art.citations), "seconds": secs}
    return out


def works_linking(n_docs: int = 200, refs_per_doc: int = 40, pool: int = 3000) -> dict:
    """Store ``n_docs`` synthetic articles citing a shared pool of works; time the linking."""
    import hashlib
    import random
    import tempfile

    from corpus.store import Store
    from extractor.model import Article, Provenance, Reference

    rng = random.Random(7)
    words = ("cell stem lung injury trial randomized covid mesenchymal therapy outcome patients severe "
             "placebo safety efficacy cohort analysis review acute chronic").split()
    works = [dict(title=" ".join(rng.choice(words) for _ in range(10)) + f" {i}", year=rng.randint(2000, 2024),
                  journal_iso=rng.choice(["Lancet", "JAMA", "BMJ", "N Engl J Med"]),
                  volume=str(rng.randint(1, 400)), first_page=str(rng.randint(1, 2000)),
                  doi=f"10.1000/{i}" if i % 2 else None) for i in range(pool)]
    prov = Provenance(0, 1, "x")
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "works.db")
        t0 = time.perf_counter()
        drawn: set[int] = set()
        for d in range(n_docs):
            picks = [rng.randrange(pool) for _ in range(refs_per_doc)]
            drawn.update(picks)
            refs = tuple(Reference(ordinal=k + 1, raw="r", prov=prov, **works[i]) for k, i in enumerate(picks))
            store.save(Article(path=f"d{d}", sha256=hashlib.sha256(str(d).encode()).hexdigest(),
                               format="text", text="x", references=refs, extractor_version="b"))
        secs = time.perf_counter() - t0
        n_works = store.conn.execute("SELECT count(*) FROM works WHERE document_id IS NULL").fetchone()[0]
        distinct = len(drawn)
    return {"documents": n_docs, "refs": n_docs * refs_per_doc, "seconds": secs,
            "refs_per_second": n_docs * refs_per_doc / secs, "works_created": n_works, "pool": distinct}


def fmt_table(title: str, table: dict) -> str:
    lines = [title, f"  {'field':<10} {'P':>6} {'R':>6} {'F1':>6} {'n':>5}"]
    for f in (*FIELDS, "micro"):
        v = table[f]
        lines.append(f"  {f:<10} {v['precision']:6.3f} {v['recall']:6.3f} {v['f1']:6.3f} {v['support']:5d}")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--refs-dev", default=str(REPO.parent / "shared" / "corpus" / "refs-dev"))
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--no-pdf", action="store_true", help="skip the PDF list extraction")
    a = ap.parse_args(argv)
    result = {"fixtures": fixtures(), "works_linking": works_linking()}
    root = Path(a.refs_dev)
    if (root / "refs.jsonl").exists():
        result["refs_dev"] = refs_dev(root)
        if not a.no_pdf:
            result["refs_dev_pdfs"] = pdf_lists(root)
    if a.json:
        print(json.dumps(result, indent=1))
        return 0
    fx = result["fixtures"]
    print(fmt_table(f"Own fixtures ({fx['documents']} reference lists), field level:", fx["fields"]))
    c = fx["callouts"]
    print(f"  callout linking: P {c['precision']:.3f} R {c['recall']:.3f} F1 {c['f1']:.3f} (n={c['support']})")
    print(f"  sibling-journal confusions: {fx['sibling_confusions']}")
    wl = result["works_linking"]
    print(f"\nWorks linking (store.save with dedup): {wl['refs']} refs of {wl['documents']} documents in "
          f"{wl['seconds']:.1f}s ({wl['refs_per_second']:.0f} refs/s), {wl['works_created']} works "
          f"for {wl['pool']} distinct works cited (equal: no false merge, no split)")
    if "refs_dev" in result:
        rd = result["refs_dev"]
        print()
        for k in ("all", "biomedical", "source:plos", "source:grobid", "source:anystyle"):
            if k in rd:
                print(fmt_table(f"refs-dev refs.jsonl [{k}]:", rd[k]))
        print(f"  sibling-journal confusions: {rd['sibling_confusions']}")
        print(f"  parse throughput: {rd['refs_per_second']:.0f} reference strings/s ({rd['count']} strings)")
    if "refs_dev_pdfs" in result:
        print("\nrefs-dev PDFs with gold (reference-list extraction):")
        for name, v in result["refs_dev_pdfs"].items():
            if "error" in v:
                print(f"  {name}: error {v['error']}")
                continue
            print(f"  {name}: found {v['found']}/{v['gold']}, title exact {v['title_exact']:.2f}, "
                  f"title fuzzy>=90 {v['title_fuzzy90_or_in_raw']:.2f}, field micro-F1 by position "
                  f"{v['field_micro_f1_by_position']:.3f}, callouts {v['callouts']}, {v['seconds']:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
