"""Batch reliability benchmark: a 1,000-file synthetic batch, killed once midway, resumed.

Generates good trial reports (text, HTML, PDF; every one with its own numbers, so its own
sha256) mixed with bad files (zero-byte, corrupt and truncated PDFs, binary ``.txt``, malformed
JATS), runs ``evidence extract --workers 2`` in a subprocess, kills it (SIGKILL to its process
group, workers included) once about half the good files are stored, re-runs the same command to
resume, and prints:

* documents stored / expected, failures recorded / bad files, documents lost (must be 0),
  duplicates (must be 0), half-written documents (must be 0);
* documents/s over both runs (wall time, process start-up included) and for the resume alone;
* peak memory: the largest resident set of the whole process tree (sampled with psutil every
  50 ms) and the largest single process (``getrusage(RUSAGE_CHILDREN)`` of the resume run).

Usage::

    .venv/bin/python benchmarks/bench_batch.py [--n 1000] [--workers 2] [--signal KILL|INT]

Exit status 1 when a document was lost, duplicated or half-written.
"""
from __future__ import annotations

import argparse
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import badfiles  # noqa: E402  (tests/badfiles.py: the fixture generator)
from reliability_helpers import evidence_command, half_written  # noqa: E402


def count(db: Path, sql: str) -> int:
    try:
        conn = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True, timeout=2)
        try:
            return conn.execute(sql).fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def tree_rss(proc: psutil.Process) -> int:
    """Resident bytes of ``proc`` and all its descendants (0 for those already gone)."""
    total = 0
    try:
        procs = [proc] + proc.children(recursive=True)
    except psutil.Error:
        return 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def run(cmd: list[str], db: Path, *, stop_at: int | None = None, sig: int = signal.SIGKILL):
    """Run ``cmd``; when ``stop_at`` documents are stored, send ``sig`` to its process group.

    Returns (seconds, exit code, stderr tail, peak tree RSS in bytes, interrupted?).
    """
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    ps = psutil.Process(proc.pid)
    peak = 0
    interrupted = False
    while proc.poll() is None:
        peak = max(peak, tree_rss(ps))
        if stop_at is not None and not interrupted and count(
                db, "SELECT count(*) FROM documents") >= stop_at:
            os.killpg(proc.pid, sig)
            interrupted = True
        time.sleep(0.05)
    err = proc.stderr.read()
    return time.perf_counter() - t0, proc.returncode, err[-600:], peak, interrupted


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="files in the batch (default 1000)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--bad-every", type=int, default=10, help="every Nth file is bad")
    ap.add_argument("--signal", choices=["KILL", "INT"], default="KILL")
    ap.add_argument("--dir", type=Path,
                    help="where to write the batch and store (kept; default: a temp dir, removed)")
    args = ap.parse_args(argv)
    if args.dir is None:
        with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
            return bench(args, Path(tmp))
    return bench(args, args.dir)


def bench(args, work: Path) -> int:
    """Generate the batch in ``work``, run, kill, resume, print the figures."""

    files = work / "files"
    db = work / "bench.db"
    if db.exists():
        db.unlink()
    t = time.perf_counter()
    good, bad = badfiles.make_batch(files, args.n, bad_every=args.bad_every)
    kinds = {}
    for p in good + bad:
        kinds[p.suffix] = kinds.get(p.suffix, 0) + 1
    print(f"batch: {len(good)} good + {len(bad)} bad files {dict(sorted(kinds.items()))} "
          f"in {files} (generated in {time.perf_counter() - t:.1f} s)")

    cmd = evidence_command() + ["extract", str(files), "--db", str(db), "--quiet",
                                "--workers", str(args.workers)]
    sig = signal.SIGKILL if args.signal == "KILL" else signal.SIGINT
    s1, rc1, err1, peak1, interrupted = run(cmd, db, stop_at=len(good) // 2, sig=sig)
    at_kill = count(db, "SELECT count(*) FROM documents")
    print(f"run 1: {'killed (SIG' + args.signal + ')' if interrupted else 'finished'} after "
          f"{s1:.1f} s with {at_kill} documents stored, exit {rc1}")
    if "Traceback" in err1:
        print(err1)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    s2, rc2, err2, peak2, _ = run(cmd, db)
    child_max = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"run 2 (resume): finished in {s2:.1f} s, exit {rc2}")
    if "Traceback" in err2:
        print(err2)

    shas = {sha_of(p) for p in good}
    stored_shas = {r for (r,) in sqlite3.connect(db).execute("SELECT sha256 FROM documents")}
    conn = sqlite3.connect(db)
    docs = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    dups = conn.execute("SELECT count(*) FROM (SELECT sha256 FROM documents GROUP BY sha256 "
                        "HAVING count(*) > 1)").fetchone()[0]
    fail_paths = {p for (p,) in conn.execute("SELECT DISTINCT path FROM failures")}
    fail_rows = conn.execute("SELECT count(*) FROM failures").fetchone()[0]
    codes = dict(conn.execute("SELECT code, count(DISTINCT path) FROM failures GROUP BY code"))
    conn.close()
    lost = len(shas - stored_shas)
    wrongly_failed = len(fail_paths - {str(p) for p in bad})
    halves = len(half_written(db))
    total = s1 + s2

    print()
    print(f"documents stored      {docs} / {len(good)} good files")
    print(f"failures recorded     {len(fail_paths)} files / {len(bad)} bad files "
          f"({fail_rows} rows; by code {dict(sorted(codes.items()))})")
    print(f"good files failed     {wrongly_failed}")
    print(f"documents lost        {lost}")
    print(f"duplicates            {dups}")
    print(f"half-written          {halves}")
    print(f"documents/s           {docs / total:.1f} over both runs ({total:.1f} s wall, "
          f"start-up included); resume alone {(len(good) - at_kill) / s2:.1f}/s")
    print(f"peak memory           {max(peak1, peak2) / 2**20:.0f} MB process tree "
          f"(run 1 {peak1 / 2**20:.0f} MB, run 2 {peak2 / 2**20:.0f} MB); largest single "
          f"process {max(child_max, before) / 1024:.0f} MB (ru_maxrss)")
    return 1 if (lost or dups or halves) else 0


def sha_of(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


if __name__ == "__main__":
    sys.exit(main())
