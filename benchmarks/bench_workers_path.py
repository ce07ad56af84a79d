"""Where the CPU of ``evidence extract --workers N`` goes, and the speed-up it allows on idle cores.

Wall-clock ratios of ``--workers 2`` against ``--workers 1`` mean nothing on a shared machine
(``bench_speed.py`` prints them); CPU seconds per step do not depend much on the load.  This
runs ``evidence extract DIR --db X -q --workers N`` (N = 1, then 2, ...) in a fresh process per
run, with :mod:`corpus.ingest`'s steps wrapped to log a timestamp and the process's CPU seconds
(``time.process_time``) at their start and end (in the batch's process and in the read-ahead and
extraction processes forked from it), and prints for each batch:

* ``pre``: the batch's process before the pool's warm-up (imports, store, file hashing);
* ``warm``: the warm-up before any worker starts (:func:`corpus.ingest._load_for_pool`: the
  language pipeline, the rules, readers, tables), and the CPU the read-ahead process(es) spent
  reading beside it (``read``: what fills the other core meanwhile);
* ``extract``: the extraction processes' CPU per document (documents read ahead, and whole);
* ``parent``: the batch's process after the warm-up (saving, receiving results, the topic update);
* ``serial``: the whole tree's CPU with ``--workers 1`` (everything in one process);
* ``bound``: the speed-up the CPU allows on N idle cores, ``serial / (pre + warm + (extract +
  parent) / N)``: the steps before the first worker runs are one process's, the rest is spread
  over N cores (the read-ahead's reads run beside the warm-up when they fit in it).

Idle time (a worker waiting for work or for the writer, the writer waiting for the head of the
window) is not in the bound; the wall-clock figures are printed beside it: the whole run with 1
and N workers, when the warm-up ran and the first document reached a worker (seconds from the
process start), and each worker's wall time between its documents.  On a busy machine they
include waiting for a core.

    .venv/bin/python benchmarks/bench_workers_path.py [--batch 50] [--workers 2] [--repeat 1]
                                                      [--only text,pdf,jats,example]

Batches (``--batch`` distinct copies, as ``bench_speed.py`` makes them): ``text`` (rct-dev),
``example`` (the shared example as text), ``pdf`` (the generated example PDFs), ``jats`` (ei-dev
train).  Run as an installed tool after its first runs (byte code and the tool's disk caches in
folders of the run, filled by untimed runs of each batch with 1 and N workers).
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_speed import copies, ei_train, example_pdfs  # noqa: E402
from devcorpus import shared_dir  # noqa: E402

# run in the child: `evidence extract` with corpus.ingest's steps logged (JSON lines)
_TRACED = r'''
import json, os, sys, time
T0 = time.monotonic()
LOG = sys.argv[1]
def log(ev, **kw):
    with open(LOG, "a") as f:
        f.write(json.dumps({"t": time.monotonic() - T0, "pid": os.getpid(), "ev": ev,
                            "cpu": time.process_time(), **kw}) + "\n")
log("start")
import cli
from corpus import ingest as ing
def wrap(owner, name, tag, flag=None):
    fn = getattr(owner, name)
    def inner(*a, **k):
        log(tag + "0")
        try:
            return fn(*a, **k)
        finally:
            log(tag + "1", **({"pre": flag(a, k)} if flag else {}))
    # pickled by name when submitted to the pool: found where the original was
    inner.__module__, inner.__qualname__ = fn.__module__, fn.__qualname__
    setattr(owner, name, inner)
wrap(ing, "_extract", "x", lambda a, k: (a[3] if len(a) > 3 else k.get("read")) is not None)
wrap(ing, "_read", "r")
wrap(ing, "_load_for_pool", "w")
wrap(ing.Store, "save", "s")
try:
    cli.main(["extract"] + sys.argv[2:])
finally:
    log("end")
'''


def run(folder: Path, workers: int, db: Path, log: Path, env: dict) -> tuple[float, dict]:
    """One traced run; (tree CPU seconds, steps)."""
    for p in db.parent.glob(db.name + "*"):
        p.unlink()
    log.unlink(missing_ok=True)
    before = os.times()
    subprocess.run([sys.executable, "-c", _TRACED, str(log), str(folder), "--db", str(db), "-q",
                    "--workers", str(workers)], check=True, cwd=ROOT, env=env,
                   stdout=subprocess.DEVNULL)
    after = os.times()
    cpu = after.children_user - before.children_user + after.children_system - before.children_system
    return cpu, steps(log)


def steps(log: Path) -> dict:
    ev = [json.loads(line) for line in log.read_text().splitlines()]
    parent = ev[0]["pid"]
    open_: dict = {}
    cpu = collections.Counter()
    n = collections.Counter()
    last: dict = {}
    for e in ev:
        last[e["pid"]] = e
        kind, edge = e["ev"][:-1], e["ev"][-1]
        if edge == "0":
            open_[(e["pid"], kind)] = e
        elif edge == "1" and (e["pid"], kind) in open_:
            a = open_.pop((e["pid"], kind))
            key = kind + ("-pre" if e.get("pre") else "")
            cpu[key] += e["cpu"] - a["cpu"]
            n[key] += 1
    warm = [e for e in ev if e["pid"] == parent and e["ev"] in ("w0", "w1")]
    end = last[parent]
    out = {"n": dict(n), "cpu": dict(cpu), "parent_total": end["cpu"], "wall": end["t"]}
    if len(warm) == 2:
        out["pre"] = warm[0]["cpu"]
        out["warm"] = warm[1]["cpu"] - warm[0]["cpu"]
        out["parent_after"] = end["cpu"] - warm[1]["cpu"]
        out["warm_wall"] = (warm[0]["t"], warm[1]["t"])
    # extraction processes: their CPU from their start (a forked process starts at 0), when
    # each began its first document, and the wall time between its documents (waiting for work
    # or for the writer; on a busy machine also for a core)
    spans = collections.defaultdict(list)
    for e in ev:
        if e["pid"] != parent and e["ev"] in ("x0", "x1"):
            spans[e["pid"]].append(e)
    out["workers_cpu"] = sorted(last[pid]["cpu"] for pid in spans)
    out["first_extract"] = min((es[0]["t"] for es in spans.values()), default=None)
    out["worker_gaps"] = sorted(round(sum(b["t"] - a["t"] for a, b in zip(es[1::2], es[2::2])), 2)
                                for es in spans.values())
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--batch", type=int, default=50)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=1, help="runs of each; medians shown")
    ap.add_argument("--only", default="text,example,pdf,jats")
    ap.add_argument("--shared", type=Path, default=None)
    a = ap.parse_args(argv)
    shared = a.shared or shared_dir()
    tmp = Path(tempfile.mkdtemp(prefix="bench-workers-path-"))
    env = {k: v for k, v in os.environ.items() if k not in ("EVIDENCE_CACHE_DIR", "PYTHONDONTWRITEBYTECODE")}
    env["EVIDENCE_CACHE_DIR"] = str(tmp / "cache")
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    makers = {
        "text": lambda: sorted((shared / "corpus" / "rct-dev" / "txt").glob("*.txt")),
        "example": lambda: [ROOT / "tests" / "data" / "msc-long-covid-news.txt"],
        "pdf": lambda: example_pdfs(shared),
        "jats": lambda: ei_train(shared, a.batch),
    }
    print(f"machine: {os.cpu_count()} cpus; load {' '.join('%.2f' % x for x in os.getloadavg())}")
    print(f"{'batch':<8} {'serial':>7} {'pre':>6} {'warm':>6} {'read':>6} {'extract/doc':>12} "
          f"{'parent':>7} {'tree N':>7} {'bound':>6}  wall 1 / N (load-dependent)")
    try:
        for name in filter(None, a.only.split(",")):
            folder = tmp / name
            copies(makers[name](), a.batch, folder)
            for w in (1, a.workers):  # fill the caches (a pool's warm-up compiles more rules)
                run(folder, w, tmp / "first.db", tmp / "first.log", env)
            res = {1: [], a.workers: []}
            for _ in range(a.repeat):
                for w in res:
                    res[w].append(run(folder, w, tmp / f"{name}-{w}.db", tmp / f"{name}-{w}.log", env))
            serial = statistics.median(c for c, _ in res[1])
            tree = statistics.median(c for c, _ in res[a.workers])
            st = res[a.workers][len(res[a.workers]) // 2][1]
            wall1 = statistics.median(s["wall"] for _, s in res[1])
            wallN = statistics.median(s["wall"] for _, s in res[a.workers])
            ext = st["cpu"].get("x", 0) + st["cpu"].get("x-pre", 0)
            ndoc = st["n"].get("x", 0) + st["n"].get("x-pre", 0)
            read = st["cpu"].get("r", 0)
            pre, warm, after = st.get("pre", 0), st.get("warm", 0), st.get("parent_after", 0)
            # reads beyond the warm-up's length are left for the spread part
            spill = max(0.0, read / max(1, a.workers - 1) - warm) * max(1, a.workers - 1)
            bound = serial / (pre + warm + (ext + after + spill) / a.workers)
            print(f"{name:<8} {serial:7.2f} {pre:6.2f} {warm:6.2f} {read:6.2f} "
                  f"{1000 * ext / max(1, ndoc):9.1f} ms {after:7.2f} {tree:7.2f} {bound:5.2f}x  "
                  f"{wall1:.1f} / {wallN:.1f} s ({wall1 / wallN:.2f}x); "
                  f"read ahead {st['n'].get('x-pre', 0)}/{ndoc}; worker CPU "
                  f"{' / '.join(f'{c:.2f}' for c in st['workers_cpu'])} s; warm-up "
                  f"{st['warm_wall'][0]:.2f}-{st['warm_wall'][1]:.2f} s, first document in a worker at "
                  f"{st['first_extract']:.2f} s, workers' gaps between documents {st['worker_gaps']} s",
                  flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"load after: {' '.join('%.2f' % x for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
