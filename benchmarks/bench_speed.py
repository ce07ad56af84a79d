"""Speed and scale benchmark: every throughput figure of the tool side by side, in one run.

Prints, with the machine's load (``uptime``) before and after:

* ``evidence --help`` wall and CPU time, and a process's fixed cost (``evidence extract`` of a
  one-line text file into a new store: imports, tables, pipeline, store creation), with the
  tool's disk caches (LTWA rows, regex programs) in a folder of the run, filled by a first run;
* whole-extract throughput on one core (``ingest`` into a fresh store plus the topic update
  ``evidence extract`` runs after a batch, in a warmed process pinned to one core): PDF
  pages/s (refs-dev and the generated example PDFs) with the reader alone and raw pypdfium2
  text beside it (reader ÷ raw per file, the worst file shown), JATS documents/s (ei-dev
  train), Yun-style text documents/s (rct-dev) and the shared example as text and HTML
  (100 distinct copies each);
* ``--workers 1`` against ``--workers 2`` on batches of 50 PDF (the generated example PDFs, and
  refs-dev's real articles), JATS and text documents (``evidence extract`` subprocesses on two
  cores; by default as an installed tool after its first run: byte code and the tool's disk
  caches in folders of the run, filled by an untimed run; ``--workers-env env`` runs them in
  this environment as it is);
* the cost of extracting one document into a 10,000-document store against an empty one;
* ``bench_graph.py`` at 10,000 documents (all three graphs and every export: time, peak RSS);
* Dask: documents/s with 1 and 2 local Dask workers (when the ``dask`` extra is installed).

Timings are medians of ``--repeat`` runs; wall and CPU seconds are both shown (the machine is
shared: CPU time is the steadier figure under load).  Corpora are read in place from
``../shared/corpus``.

    .venv/bin/python benchmarks/bench_speed.py [--repeat 3] [--cpu 1] [--skip graph,dask,...]
                                               [--graph-docs 10000] [--batch 50] [--shared DIR]
                                               [--workers-env installed|env]
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from devcorpus import shared_dir, unseen_articles  # noqa: E402

SECTIONS = ("startup", "single", "reader", "workers", "store", "graph", "dask")
EVIDENCE = [sys.executable, "-c", "import sys, cli; sys.exit(cli.main())"]
ROWS: list[tuple[str, str, str, str]] = []  # (figure, value, target, note)


def row(figure: str, value: str, target: str = "", note: str = "") -> None:
    ROWS.append((figure, value, target, note))
    print(f"  {figure:<46} {value:>18}  {target:<14} {note}", flush=True)


def uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return "load %.2f %.2f %.2f" % os.getloadavg()


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def timed_run(cmd, cpus: str, env=None, cwd=None) -> tuple[float, float]:
    """Wall and CPU seconds (user + system of the process tree) of one subprocess."""
    before = os.times()
    t = time.perf_counter()
    subprocess.run(["taskset", "-c", cpus] + cmd, check=True, env=env, cwd=cwd,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu


def in_process(fn, repeat: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``fn()`` in this (pinned, warmed) process."""
    walls, cpus = [], []
    for _ in range(repeat):
        gc.collect()
        t, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return median(walls), median(cpus)


# -- inputs ----------------------------------------------------------------------------------
def copies(sources: list[Path], n: int, folder: Path) -> list[Path]:
    """``n`` files cycling over ``sources``, each with distinct bytes (so a batch stores every
    one): a trailing comment (XML, HTML, PDF) or line (text)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        src = sources[i % len(sources)]
        data = src.read_bytes()
        suffix = src.suffix.lower()
        if suffix == ".pdf":
            data += f"\n%copy {i}\n".encode()
        elif suffix in (".html", ".htm", ".xml", ".nxml"):
            data += f"\n<!-- copy {i} -->\n".encode()
        else:
            data += f"\n\nCopy {i}.\n".encode()
        p = folder / f"{i:04d}-{src.name}"
        p.write_bytes(data)
        out.append(p)
    return out


def ei_train(shared: Path, n: int) -> list[Path]:
    arts = set()
    with open(shared / "corpus" / "ei-dev" / "prompts.jsonl", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r.get("split") == "train":
                arts.add(r["article"])
    arts -= unseen_articles()
    return [shared / "corpus" / "ei-dev" / "nxml" / f"{a}.nxml" for a in sorted(arts)[:n]]


def example_pdfs(shared: Path) -> list[Path]:
    ex = shared / "examples"
    return [ex / "msc-long-covid-news.pdf", ex / "msc-long-covid-news-2col.pdf"] + \
        sorted((ROOT / "tests" / "data" / "graph").glob("*.pdf"))


# -- sections --------------------------------------------------------------------------------
def startup(a, tmp: Path) -> None:
    print("start-up (one core, fresh processes)")
    # the tables and regex programs the tool caches on disk go to a folder of this run, filled
    # by the warm-up run below (as an installed tool's cache is after its first run)
    base = {k: v for k, v in os.environ.items() if k != "EVIDENCE_CACHE_DIR"}
    base["EVIDENCE_CACHE_DIR"] = str(tmp / "cache")
    helps = [timed_run(EVIDENCE + ["--help"], a.cpu, env=base, cwd=ROOT) for _ in range(a.repeat)]
    row("evidence --help", f"{median([w for w, _ in helps]):.3f} s", "<= 0.15 s",
        f"cpu {median([c for _, c in helps]):.3f} s")
    tiny = tmp / "tiny.txt"
    tiny.write_text("A randomised trial of nothing in particular.\n", encoding="utf-8")
    # an installed tool runs from cached byte code after its first run; an environment that
    # sets PYTHONDONTWRITEBYTECODE compiles every module in every process: both are shown
    cached = {k: v for k, v in base.items() if k != "PYTHONDONTWRITEBYTECODE"}
    pycache = tmp / "pycache"
    cached["PYTHONPYCACHEPREFIX"] = str(pycache)
    timed_run(EVIDENCE + ["extract", str(tiny), "--db", str(tmp / "warm.db"), "-q"], a.cpu, env=cached, cwd=ROOT)
    for label, env in (("byte code cached", cached), ("no byte-code cache", base)):
        walls, cpus = [], []
        for i in range(a.repeat):
            db = tmp / f"fixed{i}-{len(label)}.db"
            w, c = timed_run(EVIDENCE + ["extract", str(tiny), "--db", str(db), "-q"], a.cpu, env=env, cwd=ROOT)
            walls.append(w)
            cpus.append(c)
        row(f"fixed cost: extract 1 tiny file, new store ({label})", f"{median(walls):.3f} s", "<= 0.5 s",
            f"cpu {median(cpus):.3f} s")


def _ingest_fn(files, tmp: Path):
    from corpus import Store
    from corpus.ingest import ingest

    tag = _after_batch()
    k = [0]

    def run():
        k[0] += 1
        db = tmp / f"single-{os.getpid()}-{k[0]}.db"
        store = Store(str(db))
        report = ingest([str(f) for f in files], store)
        tag(store, report)
        store.conn.close()
        for p in tmp.glob(db.name + "*"):
            p.unlink()
        assert report.failed == 0, report.items
        return report
    return run


def _after_batch():
    """What ``evidence extract`` runs after a batch (the topic update)."""
    from graph.topics import tag_works

    def after(store, report):
        if report.stored or report.replaced:
            works = getattr(report, "works", None)
            tag_works(store) if works is None else tag_works(store, works=works)
    return after


def single(a, tmp: Path, shared: Path) -> None:
    print(f"whole extract on one core (cpu {a.cpu}, warmed process, median of {a.repeat})")
    from extractor import extract

    extract(str(ROOT / "tests" / "data" / "msc-long-covid-news.txt"))  # warm the pipeline
    refs_pdfs = sorted((shared / "corpus" / "refs-dev" / "pdfs").glob("*.pdf"))
    sets = [
        ("PDF refs-dev", refs_pdfs, "pages", 20),
        ("PDF examples (generated)", example_pdfs(shared), "pages", 20),
        ("JATS ei-dev train", ei_train(shared, a.jats), "docs", 10),
        ("text rct-dev (Yun-style)", sorted((shared / "corpus" / "rct-dev" / "txt").glob("*.txt")), "docs", None),
        ("example .txt x100", copies([ROOT / "tests/data/msc-long-covid-news.txt"], 100, tmp / "ex-txt"), "docs", 100),
        ("example .html x100", copies([ROOT / "tests/data/msc-long-covid-news.html"], 100, tmp / "ex-html"), "docs", 100),
    ]
    for name, files, unit, target in sets:
        files = [f for f in files if f.exists()]
        if not files:
            row(name, "missing", "", "corpus not found")
            continue
        fn = _ingest_fn(files, tmp)
        report = fn()  # warm (tables of this format) and count
        wall, cpu = in_process(fn, a.repeat)
        n = report.pages if unit == "pages" else len(files)
        tgt = f">= {target} {unit}/s" if target else ""
        row(f"{name} ({len(files)} files, {n} {unit})", f"{n / wall:.1f} {unit}/s", tgt,
            f"cpu {n / cpu:.1f} {unit}/s")


def reader(a, shared: Path) -> None:
    print("PDF reader against raw pypdfium2 text (CPU, best of repeats)")
    from bench_readers import raw_pdfium

    from extractor import extract
    from extractor.readers import read

    def best(fn):
        ts = []
        for _ in range(a.repeat):
            gc.collect()
            t = time.process_time()
            fn()
            ts.append(time.process_time() - t)
        return min(ts)

    for label, files in (("refs-dev", sorted((shared / "corpus" / "refs-dev" / "pdfs").glob("*.pdf"))),
                         ("examples", example_pdfs(shared))):
        pages = t_raw = t_read = t_whole = 0.0
        worst = (0.0, "")
        for f in files:
            n = raw_pdfium(f)
            r = best(lambda: raw_pdfium(f))
            rd = best(lambda: read(str(f)))
            wh = best(lambda: extract(str(f)))
            pages += n
            t_raw += r
            t_read += rd
            t_whole += wh
            worst = max(worst, (rd / r, f.name))
        row(f"PDF {label}: reader alone", f"{pages / t_read:.1f} pages/s", "",
            f"raw pdfium {pages / t_raw:.1f} pages/s; worst reader/raw {worst[0]:.1f}x ({worst[1]})")
        row(f"PDF {label}: after the reader (NLP..store rows)", f"{pages / max(t_whole - t_read, 1e-9):.1f} pages/s",
            "", f"extract() alone {pages / t_whole:.1f} pages/s")


def workers_env(a, tmp: Path) -> "dict | None":
    """The environment of the ``--workers`` runs: ``installed`` (default) is an installed tool
    after its first run, as in the start-up section: byte code cached (in a folder of this run,
    whatever PYTHONDONTWRITEBYTECODE says) and the tool's disk caches (regex programs, LTWA
    rows) in a folder of this run, both filled by an untimed run of each batch; ``env`` is this
    environment as it is (its byte-code setting, the user's shared cache folder)."""
    if a.workers_env == "env":
        return None
    env = {k: v for k, v in os.environ.items() if k not in ("EVIDENCE_CACHE_DIR", "PYTHONDONTWRITEBYTECODE")}
    env["EVIDENCE_CACHE_DIR"] = str(tmp / "w-cache")
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "w-pycache")
    return env


def workers(a, tmp: Path, shared: Path) -> None:
    env = workers_env(a, tmp)
    print(f"--workers 1 vs 2 (evidence extract subprocesses on cpus 0,1; batches of {a.batch}; "
          f"{'installed: byte code and disk caches filled by a first run' if env else 'this environment as it is'})")
    batches = [
        ("PDF", copies(example_pdfs(shared), a.batch, tmp / "w-pdf")),
        ("PDF articles", copies(sorted((shared / "corpus" / "refs-dev" / "pdfs").glob("*.pdf")), a.batch,
                                tmp / "w-pdf-articles")),
        ("JATS", copies(ei_train(shared, a.batch), a.batch, tmp / "w-jats")),
        ("text", copies(sorted((shared / "corpus" / "rct-dev" / "txt").glob("*.txt")), a.batch, tmp / "w-txt")),
    ]
    for name, files in batches:
        folder = files[0].parent
        if env is not None:  # the first run of an installed tool fills its caches
            timed_run(EVIDENCE + ["extract", str(folder), "--db", str(tmp / f"w-{name}-first.db"), "-q"],
                      "0,1", env=env, cwd=ROOT)
        load = uptime().split("load average:")[-1].strip()
        res = {}
        for n in (1, 2):
            walls, cpus = [], []
            for i in range(a.repeat):
                db = tmp / f"w-{name}-{n}-{i}.db"
                w, c = timed_run(EVIDENCE + ["extract", str(folder), "--db", str(db), "-q",
                                             "--workers", str(n)], "0,1", env=env, cwd=ROOT)
                walls.append(w)
                cpus.append(c)
            res[n] = (median(walls), median(cpus))
        row(f"{name} x{len(files)}: --workers 1 / 2", f"{res[1][0]:.1f} / {res[2][0]:.1f} s",
            ">= 1.7x", f"speed-up {res[1][0] / res[2][0]:.2f}x; cpu {res[1][1]:.1f} / {res[2][1]:.1f} s; "
            f"load {load} before, {uptime().split('load average:')[-1].strip()} after")


def store_cost(a, tmp: Path) -> None:
    print("one document into an empty store vs a 10,000-document store (in-process, one core)")
    from bench_graph import synthetic_store

    import cli

    big = tmp / "store-10k.db"
    t = time.perf_counter()
    synthetic_store(big, 10_000, 30)
    import sqlite3

    from graph.topics import tag_works

    from corpus.labels import relabel_all

    conn = sqlite3.connect(str(big))
    tag_works(conn)  # a store built by evidence extract has its works tagged
    with conn:
        relabel_all(conn)  # ... and its documents labelled (the generator writes no labels)
    conn.close()
    # and its works normalised for lookups (works.title_norm...): one document extracted into
    # it does that once for the rows the generator wrote directly
    cli.cli.main(["extract", str(ROOT / "tests" / "data" / "msc-long-covid-news.html"), "--db", str(big),
                  "-q"], standalone_mode=False)
    print(f"  (10,000-document synthetic store built in {time.perf_counter() - t:.0f} s)")
    doc = ROOT / "tests" / "data" / "msc-long-covid-news.txt"
    cli.cli.main(["extract", str(doc), "--db", str(tmp / "warm.db"), "-q"], standalone_mode=False)

    def once(base):
        db = tmp / "target.db"
        for p in tmp.glob("target.db*"):
            p.unlink()
        if base is not None:
            shutil.copyfile(base, db)
        gc.collect()
        t, c = time.perf_counter(), time.process_time()
        cli.cli.main(["extract", str(doc), "--db", str(db), "-q"], standalone_mode=False)
        return time.perf_counter() - t, time.process_time() - c

    res = {}
    for label, base in (("empty", None), ("10k", big)):
        runs = [once(base) for _ in range(a.repeat)]
        res[label] = (median([r[0] for r in runs]), median([r[1] for r in runs]))
    ratio = res["10k"][0] / res["empty"][0]
    row("one document: empty / 10,000-doc store", f"{res['empty'][0]:.2f} / {res['10k'][0]:.2f} s",
        "ratio <= 1.1", f"ratio {ratio:.2f} (cpu {res['10k'][1] / res['empty'][1]:.2f})")


def graph(a, tmp: Path) -> None:
    print(f"bench_graph.py --docs {a.graph_docs} (subprocess)")
    out = tmp / "graph"
    t = time.perf_counter()
    p = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_graph.py"), "--docs",
                        str(a.graph_docs), "--out", str(out)], capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - t
    lines = [ln for ln in p.stdout.splitlines() if ln.startswith(("graphs and exports", "total"))]
    for ln in lines:
        print("  " + ln)
    summary = next((ln for ln in lines if ln.startswith("graphs and exports")), None)
    if p.returncode != 0:
        row(f"graph {a.graph_docs} docs", "failed", "", p.stderr.strip().splitlines()[-1][:80] if p.stderr else "")
    elif summary:
        row(f"graph {a.graph_docs} docs: 3 graphs + exports", summary.split(":", 1)[1].strip(),
            "<= 60 s, 400 MB", f"subprocess {wall:.0f} s")
    else:
        row(f"graph {a.graph_docs} docs", lines[-1] if lines else "?", "<= 60 s, 400 MB",
            f"subprocess {wall:.0f} s (store building included)")
    shutil.rmtree(out, ignore_errors=True)


def dask_section(a, tmp: Path, shared: Path) -> None:
    print("Dask (LocalCluster on this machine)")
    try:
        import distributed  # noqa: F401
    except ImportError:
        row("dask", "not installed", "", "pip install -e '.[dask]'")
        return
    files = copies(sorted((shared / "corpus" / "rct-dev" / "txt").glob("*.txt")), a.batch, tmp / "d-txt")
    for n in (1, 2):
        walls = []
        for i in range(a.repeat):
            db = tmp / f"dask-{n}-{i}.db"
            walls.append(timed_run(EVIDENCE + ["extract", str(files[0].parent), "--db", str(db), "-q",
                                               "--dask", "local", "--workers", str(n)], "0,1", cwd=ROOT)[0])
        row(f"text x{len(files)}: --dask local, {n} worker(s)", f"{len(files) / median(walls):.1f} docs/s",
            "", f"{median(walls):.1f} s wall, cluster start-up included")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--cpu", default="1", help="the core single-core figures are pinned to")
    ap.add_argument("--skip", default="", help=f"comma-separated sections to skip: {', '.join(SECTIONS)}")
    ap.add_argument("--only", default="", help="comma-separated sections to run")
    ap.add_argument("--graph-docs", type=int, default=10_000)
    ap.add_argument("--batch", type=int, default=50, help="documents per --workers batch")
    ap.add_argument("--workers-env", choices=("installed", "env"), default="installed",
                    help="--workers runs as an installed tool after its first run, or in this environment as it is")
    ap.add_argument("--jats", type=int, default=50, help="ei-dev train articles for the JATS rate")
    ap.add_argument("--shared", type=Path, default=None, help="the shared folder (default: next to the repository)")
    a = ap.parse_args(argv)
    skip = set(filter(None, a.skip.split(",")))
    only = set(filter(None, a.only.split(",")))
    run = [s for s in SECTIONS if s not in skip and (not only or s in only)]
    shared = a.shared or shared_dir()
    print(f"machine: {os.cpu_count()} cpus; {uptime()}")
    tmp = Path(tempfile.mkdtemp(prefix="bench-speed-"))
    try:
        if "startup" in run:
            startup(a, tmp)
        if "workers" in run:
            workers(a, tmp, shared)
        if "graph" in run:
            graph(a, tmp)
        if "dask" in run:
            dask_section(a, tmp, shared)
        if {"single", "reader", "store"} & set(run):
            os.sched_setaffinity(0, {int(a.cpu)})
            if "single" in run:
                single(a, tmp, shared)
            if "reader" in run:
                reader(a, shared)
            if "store" in run:
                store_cost(a, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"\nmachine load after: {uptime()}")
    print("\n| figure | value | target | note |\n|---|---|---|---|")
    for r in ROWS:
        print("| " + " | ".join(r) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
