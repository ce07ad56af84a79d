"""Graph benchmark: a synthetic store of 10,000 documents / 300,000 references, three graphs and
every export, with seconds and peak memory per step.

    .venv/bin/python benchmarks/bench_graph.py [--docs 10000] [--refs-per-doc 30] [--out DIR]
        [--reuse-store] [--pair-sizes]

The store is filled directly with sqlite3 (the contract tables after the real migrations):
documents with sentences, references resolved to works (20 % of them corpus documents, the rest
drawn from a pool of external works with Zipf-like popularity), one or two callouts per
reference, topic-flavoured titles and citing sentences.  Steps: topic tagging, the citation graph
(with Leiden clusters), co-citation and coupling graphs (``--pair-min-weight``, default 2: at
weight 1 they hold millions of one-off pairs; ``--pair-sizes`` prints their sizes at weight 1),
metrics, layout, and every writer for the citation graph plus GEXF/GraphML/CSV/HTML for the pair
graphs.  The graphs are the maps ``evidence graph`` writes (``graph.shown.shown_graph``: corpus
articles and references cited at least twice, the 250 heaviest co-citation and coupling links),
built straight from the store; ``--full`` builds and writes the whole graphs
(``graph.citation_graph``) instead.  The graphs are built one at a time, each laid out, written
and released before the next, as ``evidence graph`` does.  The machine's load (``uptime``) is printed before and after.

Caps (documented in graph/): the HTML shows the 2,000 best-connected nodes, SVG/PNG figures the
1,500 best-connected, the force layout runs on the 2,000 best-connected nodes (others are placed
beside a neighbour).  Memory is the process's peak resident set size during each step (sampled
every 20 ms with psutil) and how much the step added to it; the process's CPU seconds (user +
system) are printed beside the wall time, as they vary less with the machine's load.
"""
from __future__ import annotations

import argparse
import gc
import hashlib
import random
import sqlite3
import sys
import tempfile
import time
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus.migrations import migrate  # noqa: E402

WORDS = {
    "msc": ["Mesenchymal stem cells", "Umbilical cord MSCs", "MSC-derived exosomes",
            "Bone marrow mesenchymal stromal cells", "Stem cell therapy"],
    "long-covid": ["Long COVID", "Post-COVID-19 condition", "Post-acute sequelae of SARS-CoV-2",
                   "Persistent symptoms after COVID-19", "PASC"],
    "covid-19": ["Severe COVID-19", "SARS-CoV-2 pneumonia", "COVID-19 ARDS"],
    "none": ["Sepsis", "Heart failure", "Type 2 diabetes", "Asthma", "Stroke rehabilitation"],
}
TAILS = ["a randomized trial", "a cohort study", "a systematic review", "one-year outcomes",
         "a multicentre study", "mechanisms and biomarkers"]
JOURNALS = ["Stem Cell Res Ther", "Lancet", "Nat Med", "JAMA", "BMJ", "Cytotherapy",
            "Lancet Respir Med", "N Engl J Med", "Signal Transduct Target Ther", "EClinicalMedicine"]


def synthetic_store(path: Path, docs: int, refs_per_doc: int, seed: int = 1) -> dict:
    rng = random.Random(seed)
    conn = sqlite3.connect(str(path))
    migrate(conn)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")
    topics = ["msc", "long-covid", "covid-19", "none"]
    weights = [0.35, 0.35, 0.15, 0.15]
    n_ext = docs * 6
    doc_topic = rng.choices(topics, weights, k=docs)
    ext_topic = rng.choices(topics, weights, k=n_ext)

    def title(t):
        return f"{rng.choice(WORDS[t])}: {rng.choice(TAILS)}"

    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO documents (id, sha256, path, format, title, doi, kind, text) VALUES (?,?,?,?,?,?,?,?)",
        ((i + 1, hashlib.sha256(str(i).encode()).hexdigest(), f"synthetic/{i + 1}.txt", "text",
          title(doc_topic[i]), f"10.5555/syn.d{i + 1}", rng.choice(["primary", "primary", "review", "news"]), "")
         for i in range(docs)))
    conn.executemany(
        "INSERT INTO works (id, key, doi, title, journal_iso, year, document_id) VALUES (?,?,?,?,?,?,?)",
        ((i + 1, f"doi:10.5555/syn.d{i + 1}", f"10.5555/syn.d{i + 1}", None, rng.choice(JOURNALS),
          2015 + i * 10 // docs, i + 1) for i in range(docs)))
    # External works: half with a title (tagged from it), half known only from citing sentences.
    conn.executemany(
        "INSERT INTO works (id, key, doi, title, journal_iso, year) VALUES (?,?,?,?,?,?)",
        ((docs + j + 1, f"doi:10.5555/syn.x{j + 1}", f"10.5555/syn.x{j + 1}",
          title(ext_topic[j]) if j % 2 == 0 else None, rng.choice(JOURNALS), rng.randint(2000, 2025))
         for j in range(n_ext)))
    # Zipf-like popularity of external works (cumulative weights: O(log n) draws).
    cum, acc = [], 0.0
    for r in range(n_ext):
        acc += 1.0 / (r + 1) ** 0.8
        cum.append(acc)
    ext_ids = range(n_ext)
    ref_id = cit_id = sent_id = 0
    refs, cits, sents = [], [], []
    for i in range(docs):
        d = i + 1
        n_corpus = int(refs_per_doc * 0.2) if i > 50 else 0
        cited = set(rng.sample(range(1, i + 1), min(n_corpus, i))) if n_corpus else set()
        while len(cited) < refs_per_doc:
            cited.add(docs + 1 + rng.choices(ext_ids, cum_weights=cum)[0] if rng.random() < 0.5
                      else docs + 1 + rng.randrange(n_ext))
        for k, w in enumerate(sorted(cited), 1):
            ref_id += 1
            refs.append((ref_id, d, k, f"{k}. reference", w))
            t = ext_topic[w - docs - 1] if w > docs else doc_topic[w - 1]
            for _ in range(1 if rng.random() < 0.8 else 2):
                sent_id += 1
                cit_id += 1
                text = f"{rng.choice(WORDS[t])} were studied before [{k}]."
                sents.append((sent_id, d, len(sents), 0, len(text), text))
                cits.append((cit_id, d, ref_id, sent_id, f"[{k}]"))
        if len(refs) > 50000:
            _flush(conn, refs, cits, sents)
    _flush(conn, refs, cits, sents)
    conn.execute("COMMIT")
    conn.close()
    return {"documents": docs, "works": docs + n_ext, "refs": ref_id, "citations": cit_id, "sentences": sent_id}


def _flush(conn, refs, cits, sents):
    conn.executemany("INSERT INTO sentences (id, document_id, seq, char_start, char_end, text) VALUES (?,?,?,?,?,?)", sents)
    conn.executemany("INSERT INTO refs (id, document_id, ordinal, raw, work_id) VALUES (?,?,?,?,?)", refs)
    conn.executemany("INSERT INTO citations (id, document_id, ref_id, sentence_id, marker) VALUES (?,?,?,?,?)", cits)
    refs.clear()
    cits.clear()
    sents.clear()


class Steps:
    """Times each step and samples the process's resident memory every 20 ms while it runs."""

    def __init__(self):
        self.rows = []

    def run(self, name, fn, *args, **kw):
        import psutil

        gc.collect()
        proc = psutil.Process()
        base = proc.memory_info().rss
        peak = [base]
        done = threading.Event()

        def sample():
            while not done.wait(0.02):
                peak[0] = max(peak[0], proc.memory_info().rss)

        th = threading.Thread(target=sample, daemon=True)
        th.start()
        c0 = sum(proc.cpu_times()[:2])
        t0 = time.perf_counter()
        try:
            out = fn(*args, **kw)
        finally:
            dt = time.perf_counter() - t0
            cpu = sum(proc.cpu_times()[:2]) - c0
            done.set()
            th.join()
        peak[0] = max(peak[0], proc.memory_info().rss)
        self.rows.append((name, dt, peak[0] / 2**20, (peak[0] - base) / 2**20, cpu))
        print(f"{name:<40} {dt:8.2f} s ({cpu:7.2f} s cpu)   peak RSS {peak[0] / 2**20:7.0f} MiB "
              f"(+{(peak[0] - base) / 2**20:6.0f} MiB in the step)", flush=True)
        return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--refs-per-doc", type=int, default=30)
    ap.add_argument("--pair-min-weight", type=int, default=2)
    ap.add_argument("--out", type=Path, default=None, help="keep the store and exports here")
    ap.add_argument("--reuse-store", action="store_true",
                    help="use OUT/synthetic.db when it exists instead of building it again")
    ap.add_argument("--formats", default=None,
                    help="comma-separated writers to run (default: every format for the citation graph, "
                         "gexf,graphml,csv,html for the pair graphs)")
    ap.add_argument("--full", action="store_true",
                    help="build and write the whole graphs (graph.citation_graph) instead of the maps "
                         "evidence graph writes (graph.shown.shown_graph)")
    ap.add_argument("--pair-sizes", action="store_true",
                    help="also count the co-citation and coupling pairs at weight 1 (not timed)")
    a = ap.parse_args(argv)

    import graph
    from graph import writers
    from graph.build import load_citations, pair_count
    from graph.layout import prepare
    from graph.shown import shown_graph
    from graph.topics import tag_works

    out = a.out or Path(tempfile.mkdtemp(prefix="bench-graph-"))
    out.mkdir(parents=True, exist_ok=True)
    db = out / "synthetic.db"
    print(f"machine load before: {uptime()}", flush=True)
    s = Steps()
    if a.reuse_store and db.exists():
        print(f"store: reusing {db}")
    else:
        if db.exists():
            db.unlink()
        sizes = s.run("synthetic store (sqlite3 inserts)", synthetic_store, db, a.docs, a.refs_per_doc)
        print(f"  store: {sizes}")
    conn = sqlite3.connect(str(db))
    tagged = s.run("tag_works (topics, corpus-wide)", tag_works, conn)
    print(f"  tagged: {tagged['tagged']} work-topic rows {tagged['per_topic']}")
    if a.pair_sizes:
        data = load_citations(conn)
        for kind in ("cocitation", "coupling"):
            print(f"  {kind} pairs: {pair_count(data, kind, 1)} at weight >= 1, "
                  f"{pair_count(data, kind, a.pair_min_weight)} at weight >= {a.pair_min_weight}")
        del data
    # One graph at a time: built, measured, laid out, written, released before the next.
    wanted = set(a.formats.split(",")) if a.formats else set(writers.FORMATS)
    for label in ("citation", "cocitation", "coupling"):
        mw = 1 if label == "citation" else a.pair_min_weight
        if a.full:
            G = s.run(f"{label} graph, whole (min weight {mw}, + Leiden)", graph.citation_graph, conn,
                      label, min_weight=mw)
        else:
            G = s.run(f"{label} map (min weight {mw}, + Leiden)", shown_graph, conn, label, min_weight=mw)
        print(f"  {label}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges, "
              f"{len(set(nx_attr(G, 'cluster')))} clusters" + (f"; {G.graph['view_note']}" if not a.full else ""))
        if label == "citation":
            m = s.run("metrics (most cited, bridges)", graph.metrics, G)
            print(f"  most cited: {m['most_cited'][0]['label']!r} ({m['most_cited'][0]['cited_by']}); "
                  f"cross-topic edges {m['cross_topic_edges']}")
            del m
        s.run(f"layout {label}", prepare, G)
        names = writers.FORMATS if label == "citation" else ("gexf", "graphml", "csv", "html")
        for name in [f for f in names if f in wanted]:
            s.run(f"write {label} .{name}", writers.write, G, out / f"{label}.{name}", force=True)
        del G
    total = sum(r[1] for r in s.rows)
    graph_rows = [r for r in s.rows if not r[0].startswith(("synthetic store", "tag_works"))]
    print(f"graphs and exports: {sum(r[1] for r in graph_rows):.1f} s ({sum(r[4] for r in graph_rows):.1f} s cpu), "
          f"peak RSS {max(r[2] for r in graph_rows):.0f} MiB (store building and topic tagging apart)")
    target = [r for r in graph_rows if not r[0].startswith("write ") or r[0].endswith((".html", ".gexf", ".graphml"))]
    print(f"three graphs + HTML/GEXF/GraphML: {sum(r[1] for r in target):.1f} s ({sum(r[4] for r in target):.1f} s cpu), "
          f"peak RSS {max(r[2] for r in target):.0f} MiB")
    print(f"total {total:.1f} s ({sum(r[4] for r in s.rows):.1f} s cpu); peak RSS {max(r[2] for r in s.rows):.0f} MiB; files in {out}")
    print(f"machine load after: {uptime()}")
    print("caps: HTML 2,000 nodes (by degree), SVG/PNG 1,500 nodes, force layout 2,000 nodes")
    return 0


def uptime() -> str:
    import os
    import subprocess

    try:
        return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return "load %.2f %.2f %.2f" % os.getloadavg()


def nx_attr(G, key):
    return [d.get(key) for _, d in G.nodes(data=True)]


if __name__ == "__main__":
    sys.exit(main())
