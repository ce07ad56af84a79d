"""Where a batch's wall time goes, process by process: ``evidence extract`` run with its stages timed.

Runs ``evidence extract FOLDER --workers N`` in this process with the extraction stages wrapped
(start-up imports, file hashing, warm-up, read-ahead, reader, sentences, abbreviations (NLP),
trial rules, references, the rest of ``extract_source``, store writes), every process appending
``(stage, start, end, cpu)`` records to a file of its own; at the end it prints, per process,
its busy time by stage, its CPU time and its idle time inside the batch, and a coarse timeline
(one character per ``--step`` seconds: the stage that took most of that slice).

    .venv/bin/python benchmarks/bench_timeline.py FOLDER [--workers 2] [--step 0.1] [--db X.db]

Timings are wall seconds on a shared machine: the load (``uptime``) is printed with them.
"""
from __future__ import annotations

import time

T0 = time.monotonic()  # before any import of the tool

import argparse  # noqa: E402
import collections  # noqa: E402
import functools  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LOG_DIR: Path = Path(".")
LETTERS = {"import": "i", "hash": "h", "warm-up": "W", "reader": "r",
           "sentences": "s", "nlp": "n", "trials": "t", "references": "f", "rest": "o",
           "save": "S", "stop": "k", "tags": "g"}


def log(stage: str, start: float, end: float, cpu: float) -> None:
    with open(LOG_DIR / f"{os.getpid()}.jsonl", "a") as f:
        f.write(json.dumps([stage, start, end, cpu, time.process_time()]) + "\n")


def timed(stage: str, fn):
    @functools.wraps(fn)
    def wrapper(*a, **kw):
        t, c = time.monotonic(), time.process_time()
        try:
            return fn(*a, **kw)
        finally:
            log(stage, t, time.monotonic(), time.process_time() - c)
    return wrapper


def instrument() -> None:
    """Wrap the stages (the imports this needs are logged as start-up)."""
    t, c = time.monotonic(), time.process_time()
    import cli  # noqa: F401
    import extractor.pipeline as pl
    import corpus.ingest as ing
    from corpus.store import Store
    log("import", T0, time.monotonic(), time.process_time() - c + (t - T0) * 0)

    pl.segment = timed("sentences", pl.segment)
    pl.analyse = timed("nlp", pl.analyse)
    orig_stage = pl._stage

    def stage(name, run, empty, flags):
        return timed("trials" if name.startswith("trial") else "references", orig_stage)(name, run, empty, flags)
    pl._stage = stage

    if hasattr(pl, "_read_loaded"):
        pl._read_loaded = timed("reader", pl._read_loaded)
    else:  # a version without the read-ahead: the reader is looked up in READERS
        readers = pl.READERS

        class Timed(dict):
            def __getitem__(self, k):
                return timed("reader", readers[k])
        pl.READERS = Timed(readers)
    pl._extract_loaded = timed("rest", pl._extract_loaded)  # nested stages are subtracted below
    if hasattr(pl, "read"):
        pl.read = timed("rest", pl.read)
    pl.extract_source = timed("rest", pl.extract_source)
    pl.warm_up = timed("warm-up", pl.warm_up)
    ing.file_sha256 = timed("hash", ing.file_sha256)
    Store.save = timed("save", Store.save)
    hook = cli.optional_hook

    def optional_hook(module, function):
        fn = hook(module, function)
        return timed("tags", fn) if fn is not None else None
    cli.optional_hook = optional_hook
    if hasattr(ing, "_ReadAhead"):
        ing._ReadAhead.stop = timed("stop", ing._ReadAhead.stop)


def innermost(recs, t: float):
    """The stage running at ``t``: the shortest record holding it (a warm-up counts whole)."""
    best = None
    for stage, a, b, *_ in recs:
        if a <= t < b:
            if stage == "warm-up":
                return stage
            if best is None or b - a < best[1]:
                best = (stage, b - a)
    return best[0] if best else None


def exclusive(recs):
    """Per stage: wall and CPU seconds not spent in a record nested inside (a warm-up's nested
    stages count as warm-up)."""
    wall, cpu = collections.Counter(), collections.Counter()
    order = sorted(recs, key=lambda r: (r[1], -r[2]))
    stack: list = []  # [stage, a, b, cpu, child wall, child cpu]
    out = []

    def close(fr):
        out.append(fr)
        if stack:
            stack[-1][4] += fr[2] - fr[1]
            stack[-1][5] += fr[3]

    for stage, a, b, c, *_ in order:
        while stack and stack[-1][2] <= a:
            close(stack.pop())
        if stack and stack[-1][0] == "warm-up":
            continue  # absorbed
        stack.append([stage, a, b, c, 0.0, 0.0])
    while stack:
        close(stack.pop())
    for stage, a, b, c, cw, cc in out:  # noqa: B007
        wall[stage] += (b - a) - cw
        cpu[stage] += c - cc
    return wall, cpu


def estimate(procs) -> None:
    """Wall time the batch would take on two idle cores, from CPU seconds: the batch process
    alone until its workers start (the read-ahead beside it), then everything else on two."""
    parent = min(procs, key=lambda p: min(r[1] for r in procs[p]))
    recs = procs[parent]
    total = {p: max(r[4] for r in rs) for p, rs in procs.items()}
    if len(procs) == 1:
        print(f"estimate on two idle cores: {total[parent]:.2f} s (one process: its CPU time)")
        return
    warm = [r for r in recs if r[0] in ("warm-up", "stop")]
    serial = max(r[4] for r in warm)  # the parent's CPU when its workers start
    late = [p for p in procs if p != parent and min(r[1] for r in procs[p]) >= max(r[2] for r in warm) - 0.01]
    early = [p for p in procs if p != parent and p not in late]
    parallel = (total[parent] - serial) + sum(total[p] for p in late)
    spill = max(0.0, sum(total[p] for p in early) - serial)
    print(f"estimate on two idle cores: {serial + (parallel + spill) / 2:.2f} s = batch process "
          f"{serial:.2f} s before its workers start (read ahead beside it: "
          f"{sum(total[p] for p in early):.2f} s cpu) + {parallel + spill:.2f} s cpu after, on two "
          f"cores (no idle core, no tail counted)")


def report(step: float) -> None:
    procs = {}
    for f in sorted(LOG_DIR.glob("*.jsonl")):
        procs[int(f.stem)] = [json.loads(line) for line in f.read_text().splitlines()]
    end = max(r[2] for recs in procs.values() for r in recs)
    print(f"batch wall {end - T0:.2f} s (from this process's start); {uptime()}")
    total_cpu = 0.0
    for pid, recs in sorted(procs.items(), key=lambda kv: min(r[1] for r in kv[1])):
        wall, cpu = exclusive(recs)
        first = min(r[1] for r in recs)
        last = max(r[2] for r in recs)
        busy = sum(wall.values())
        total_cpu += sum(cpu.values())
        print(f"\npid {pid}: {first - T0:.2f}..{last - T0:.2f} s, in stages {busy:.2f} s wall "
              f"{sum(cpu.values()):.2f} s cpu, between them {(last - first) - busy:.2f} s; "
              f"process cpu {max(r[4] for r in recs):.2f} s")
        for stage, w in wall.most_common():
            if w > 0.0005:
                print(f"  {stage:<11} {w:6.2f} s wall  {cpu[stage]:6.2f} s cpu")
        line = []
        for k in range(int((end - T0) / step) + 1):
            votes = collections.Counter(innermost(recs, T0 + (k + (j + 0.5) / 5) * step) for j in range(5))
            stage = votes.most_common(1)[0][0]
            line.append(LETTERS.get(stage, "?") if stage else ".")
        print("  " + "".join(line))
    print(f"\ncpu in stages, all processes: {total_cpu:.2f} s")
    estimate(procs)
    print("key: " + ", ".join(f"{v}={k}" for k, v in LETTERS.items()) + ", .=none"
          f" (one character per {step} s)")


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def main() -> int:
    global LOG_DIR
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--step", type=float, default=0.1)
    ap.add_argument("--db", default=None)
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="timeline-"))
    LOG_DIR = tmp
    try:
        instrument()
        import cli
        db = a.db or str(tmp / "t.db")
        try:
            cli.main(["extract", a.folder, "--db", db, "-q", "--workers", str(a.workers)])
        except SystemExit as exc:
            if exc.code:
                print(f"exit {exc.code}", file=sys.stderr)
        report(a.step)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
