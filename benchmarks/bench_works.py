"""Reference-to-work linking at scale: milliseconds per document as the corpus grows.

Saves ``N`` synthetic articles through :meth:`corpus.store.Store.save` (hooks on: linking and
checks run inside the save transaction, as in ``evidence extract``) into one file store, and
prints the cost per document *at* each checkpoint corpus size (the mean over the last
``--window`` documents before the checkpoint), so a cost that grows with the corpus shows up as
a growing number.  Also prints the time spent in :func:`corpus.works.link_document` alone, the
works created, how many references were merged by each rule, and the peak resident memory.

The corpus grows like a citation network (Price's model): each article cites ~30 works, about
40% of them already cited by earlier articles (picked in proportion to how often they were
cited: a few classics are cited everywhere), the rest new.  Each citation is written in one of
the styles reviewers meet: full (DOI + journal/year/volume/page + title), DOI only, PMID + title,
journal/year/volume/page only, title + year (+ journal) only; titles are re-punctuated and
re-cased, sometimes with a typo, so fuzzy matches happen.

Usage::

    .venv/bin/python benchmarks/bench_works.py [--sizes 200,1000,5000] [--window 100] [--seed 7]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpus.store import Store  # noqa: E402
from extractor.model import Article, Provenance, Reference  # noqa: E402

WORDS = ("mesenchymal stromal stem cell therapy acute respiratory distress syndrome covid-19 "
         "long covid post-acute sequelae sars-cov-2 infection randomized controlled trial "
         "double-blind placebo multicentre phase outcomes patients adults children elderly "
         "severe critical pneumonia mortality hospitalization cohort study systematic review "
         "meta-analysis efficacy safety lung injury fibrosis inflammation cytokine storm "
         "interleukin-6 tocilizumab dexamethasone remdesivir vaccine antibody response "
         "fatigue dyspnoea cognitive impairment follow-up one-year three-year six-month "
         "rehabilitation exercise capacity quality of life umbilical cord bone marrow adipose "
         "derived exosomes extracellular vesicles immunomodulation treatment prevention "
         "intensive care ventilation oxygen a an the in of for with and versus after among").split()
JOURNALS = [f"{a} {b}" for a in ("Lancet", "JAMA", "BMJ", "N Engl J Med", "Stem Cell Res Ther",
                                 "Am J Respir Crit Care Med", "Crit Care", "Nat Med", "Clin Infect Dis",
                                 "PLoS One", "Sci Rep", "Front Immunol", "Cell Stem Cell", "Chest",
                                 "Eur Respir J", "Thorax", "J Infect", "Ann Intern Med")
            for b in ("", "Respir Med", "Infect Dis", "Netw Open", "Open", "Res", "Rev")]
STYLES = (("full", 0.30), ("doi", 0.15), ("pmid_title", 0.10), ("jvp", 0.20),
          ("title", 0.15), ("title_journal", 0.10))
PROV = Provenance(0, 1, "x")


def make_work(rng: random.Random, i: int) -> dict:
    n = rng.randint(6, 22)
    title = " ".join(rng.choice(WORDS) for _ in range(n))
    title = title[0].upper() + title[1:] + f" {rng.choice(['study', 'trial', 'report'])} {i}"
    year = min(2025, max(1985, int(rng.gauss(2017, 6))))
    return {"title": title, "year": year, "journal_iso": rng.choice(JOURNALS).strip(),
            "volume": str(rng.randint(1, 400)), "first_page": str(rng.randint(1, 3000)),
            "doi": f"10.{1000 + i % 9000}/ev.{i}" if rng.random() < 0.75 else None,
            "pmid": str(30_000_000 + i) if rng.random() < 0.6 else None}


def variant_title(rng: random.Random, t: str) -> str:
    r = rng.random()
    if r < 0.4:
        return t
    if r < 0.6:
        return t.upper().replace(" ", " - ", 1)
    if r < 0.8:
        return t.lower().replace(" ", ", ", 2) + "."
    k = rng.randrange(len(t))  # a one-character typo (OCR, hyphenation)
    return t[:k] + rng.choice("aeiou") + t[k + 1:]


def cite(rng: random.Random, w: dict) -> dict:
    style = rng.choices([s for s, _ in STYLES], [p for _, p in STYLES])[0]
    title = variant_title(rng, w["title"])
    jvp = {k: w[k] for k in ("journal_iso", "year", "volume", "first_page")}
    if style == "full":
        rec = dict(jvp, title=title, doi=w["doi"], pmid=w["pmid"])
    elif style == "doi":
        rec = {"doi": w["doi"], "year": w["year"]} if w["doi"] else dict(jvp)
    elif style == "pmid_title":
        rec = {"pmid": w["pmid"], "title": title, "year": w["year"]}
    elif style == "jvp":
        rec = jvp
    elif style == "title":
        rec = {"title": title, "year": w["year"]}
    else:
        rec = {"title": title, "year": w["year"], "journal_iso": w["journal_iso"]}
    return {k: v for k, v in rec.items() if v is not None}


def corpus(n_docs: int, seed: int, refs_per_doc: int = 30, reuse: float = 0.4):
    """Yield ``n_docs`` articles citing a growing pool of works (preferential attachment)."""
    rng = random.Random(seed)
    pool: list[dict] = []
    cited: list[int] = []  # one entry per earlier citation: picking from it is preferential
    for d in range(n_docs):
        n = max(5, int(rng.gauss(refs_per_doc, 8)))
        picks: list[int] = []
        for _ in range(n):
            if cited and rng.random() < reuse:
                i = rng.choice(cited)
            else:
                pool.append(make_work(rng, len(pool)))
                i = len(pool) - 1
            if i not in picks:
                picks.append(i)
        cited.extend(picks)
        refs = tuple(Reference(ordinal=k + 1, raw=f"[{k + 1}] {pool[i]['title']}", prov=PROV,
                               **cite(rng, pool[i])) for k, i in enumerate(picks))
        yield Article(path=f"/bench/d{d}.txt", sha256=hashlib.sha256(f"bench{d}".encode()).hexdigest(),
                      format="text", text="x", references=refs, extractor_version="bench")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(sizes: list[int], window: int, seed: int, db: Path) -> dict:
    store = Store(db)
    store._load_hooks()
    link = store._link
    spent = {"link": 0.0}

    def timed_link(conn, doc_id):
        t = time.perf_counter()
        link(conn, doc_id)
        spent["link"] += time.perf_counter() - t

    store._link = timed_link
    sizes = sorted(sizes)
    marks, per_doc, per_link = {}, [], []
    t_start = time.perf_counter()
    for d, art in enumerate(corpus(sizes[-1], seed), start=1):
        before = spent["link"]
        t = time.perf_counter()
        store.save(art)
        per_doc.append(time.perf_counter() - t)
        per_link.append(spent["link"] - before)
        if d in sizes:
            w = min(window, d)
            marks[d] = {"save_ms_per_doc": 1000 * sum(per_doc[-w:]) / w,
                        "link_ms_per_doc": 1000 * sum(per_link[-w:]) / w,
                        "elapsed_s": time.perf_counter() - t_start,
                        "peak_rss_mb": peak_rss_mb()}
            print(f"  {d:>6} documents: save {marks[d]['save_ms_per_doc']:7.2f} ms/doc, "
                  f"link {marks[d]['link_ms_per_doc']:7.2f} ms/doc (last {w}), "
                  f"{marks[d]['elapsed_s']:7.1f} s so far, peak RSS {marks[d]['peak_rss_mb']:.0f} MB",
                  file=sys.stderr, flush=True)
    c = store.conn
    by = Counter()
    for (reasons,) in c.execute("SELECT merge_reasons FROM works"):
        for r in json.loads(reasons or "[]"):
            by[r.get("by")] += 1
    out = {"checkpoints": marks,
           "refs": c.execute("SELECT count(*) FROM refs").fetchone()[0],
           "works": c.execute("SELECT count(*) FROM works").fetchone()[0],
           "merges_by": dict(by), "peak_rss_mb": peak_rss_mb()}
    store.close()
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="200,1000,5000")
    ap.add_argument("--window", type=int, default=100)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    sizes = [int(s) for s in a.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        res = run(sizes, a.window, a.seed, Path(tmp) / "works.db")
    if a.json:
        print(json.dumps(res, indent=1))
        return 0
    print(f"{'documents':>10} {'save ms/doc':>12} {'link ms/doc':>12} {'peak RSS MB':>12}")
    for n, m in res["checkpoints"].items():
        print(f"{n:>10} {m['save_ms_per_doc']:12.2f} {m['link_ms_per_doc']:12.2f} {m['peak_rss_mb']:12.0f}")
    print(f"references {res['refs']}, works {res['works']}, merges by rule {res['merges_by']}")
    print(f"peak resident memory {res['peak_rss_mb']:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
