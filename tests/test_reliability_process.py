"""Interrupted, concurrent and parallel batches, run as real ``evidence extract`` processes.

* SIGINT (Ctrl-C) mid-batch: exit 130 with ``interrupted; N documents stored, re-run to
  resume`` and no traceback; SIGKILL mid-batch: nothing to say, but nothing half-written either.
  After either, a re-run resumes and the store equals one from an uninterrupted run.
* Two processes on the same store with overlapping files: both finish, every document is
  stored exactly once.
* ``--workers 2`` gives the same store as ``--workers 1``.

Stores are compared by :func:`reliability_helpers.canonical_dump`: documents by sha256 with the
number of rows each has in every table (ids and timestamps ignored).
"""
from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

import badfiles
from reliability_helpers import (canonical_dump, evidence_command, half_written, rows,
                                 run_cli)

N_FILES = 32  # a few of them bad (see badfiles.make_batch)

pytestmark = pytest.mark.slow  # real processes: about 20 s for the module


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("batch")
    good, bad = badfiles.make_batch(d, N_FILES, bad_every=6)
    assert len(good) + len(bad) == N_FILES and bad
    return d


@pytest.fixture(scope="module")
def reference_run(batch_dir, tmp_path_factory) -> tuple[Path, dict]:
    """An uninterrupted ``--workers 1`` run over the whole batch: its store and canonical dump."""
    db = tmp_path_factory.mktemp("ref") / "ref.db"
    proc = run_cli("extract", batch_dir, "--db", db, "--quiet", "--workers", "1")
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 0, proc.stderr  # failures listed, batch done
    dump = canonical_dump(db)
    n_good = sum(1 for k in dump if not k.startswith("_"))
    assert n_good == N_FILES - len(dump["_failures"]) and dump["_failures"], proc.stderr
    assert not dump["_duplicates"]
    return db, dump


@pytest.fixture(scope="module")
def reference(reference_run) -> dict:
    return reference_run[1]


def _documents(db: Path) -> int:
    try:
        conn = sqlite3.connect(db.resolve().as_uri() + "?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def _foreground() -> None:
    # A job started in the foreground: Ctrl-C is delivered (a runner started in the background
    # by a shell without job control passes SIGINT on as ignored)
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start(batch_dir: Path, db: Path, *extra: str) -> subprocess.Popen:
    # A session of its own, like a shell job: a signal to the group reaches the workers too.
    return subprocess.Popen(
        evidence_command() + ["extract", str(batch_dir), "--db", str(db), "--quiet", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        preexec_fn=_foreground)


def _interrupt(proc: subprocess.Popen, db: Path, sig: int, after: int = 3) -> tuple[int, str]:
    """Send ``sig`` to the process group once ``after`` documents are stored."""
    deadline = time.monotonic() + 240
    while _documents(db) < after:
        if proc.poll() is not None:
            pytest.fail(f"the batch ended before it could be interrupted:\n{proc.stderr.read()}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the batch stored nothing in 240 s")
        time.sleep(0.02)
    os.killpg(proc.pid, sig)
    _, err = proc.communicate(timeout=120)
    return proc.returncode, err


def _assert_consistent_subset(db: Path, reference: dict) -> dict:
    """Every stored document is complete: the same rows as in the uninterrupted run."""
    assert half_written(db) == []
    dump = canonical_dump(db)
    assert not dump["_duplicates"]
    for sha, doc in dump.items():
        if not sha.startswith("_"):
            assert doc == reference[sha], f"{doc['path']} differs from the uninterrupted run"
    return dump


def _resume_and_compare(batch_dir: Path, db: Path, reference: dict, *extra: str) -> None:
    proc = run_cli("extract", batch_dir, "--db", db, "--quiet", *extra)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 0, proc.stderr  # failures listed, batch done
    assert canonical_dump(db) == reference


def test_sigint_exits_cleanly_and_resumes(batch_dir, reference, tmp_path):
    db = tmp_path / "sigint.db"
    proc = _start(batch_dir, db, "--workers", "1")
    code, err = _interrupt(proc, db, signal.SIGINT)
    assert code == 130, err
    assert "Traceback" not in err, err
    stored = _documents(db)
    assert 0 < stored < len([k for k in reference if not k.startswith("_")]), \
        "the interrupt came too late to test anything"
    said = re.search(r"interrupted; (\d+) documents? stored, re-run to resume", err)
    assert said, err
    # The count may miss the one document committed in the instant the signal arrived.
    assert stored - 1 <= int(said.group(1)) <= stored, err
    _assert_consistent_subset(db, reference)
    _resume_and_compare(batch_dir, db, reference)


def test_sigint_with_workers(batch_dir, reference, tmp_path):
    db = tmp_path / "sigint2.db"
    proc = _start(batch_dir, db, "--workers", "2")
    code, err = _interrupt(proc, db, signal.SIGINT)
    assert code == 130, err
    assert "Traceback" not in err, err
    assert "re-run to resume" in err
    _assert_consistent_subset(db, reference)
    _resume_and_compare(batch_dir, db, reference, "--workers", "2")


def test_sigkill_leaves_nothing_half_written(batch_dir, reference, tmp_path):
    db = tmp_path / "sigkill.db"
    proc = _start(batch_dir, db, "--workers", "2")
    code, _ = _interrupt(proc, db, signal.SIGKILL, after=5)
    assert code == -signal.SIGKILL
    stored = _documents(db)
    assert 0 < stored < len([k for k in reference if not k.startswith("_")])
    _assert_consistent_subset(db, reference)
    _resume_and_compare(batch_dir, db, reference, "--workers", "2")


def test_two_processes_on_one_store(batch_dir, reference, tmp_path):
    """Overlapping batches at the same time: both finish, each document is stored once."""
    files = sorted(str(p) for p in batch_dir.iterdir())
    db = tmp_path / "shared.db"
    half = len(files) // 2
    first = files[: half + 10]
    second = files[half - 10:][::-1]  # from the other end, so they meet in the middle
    procs = [subprocess.Popen(evidence_command() + ["extract", *chunk, "--db", str(db),
                                                    "--quiet"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for chunk in (first, second)]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (_, err) in zip(procs, outs):
        assert "Traceback" not in err, err
        assert "[E022]" not in err, err
        assert p.returncode == 0, err
    dump = canonical_dump(db)
    assert dump == reference


def test_workers_give_the_same_store(batch_dir, reference_run, tmp_path):
    ref_db, reference = reference_run
    db = tmp_path / "workers2.db"
    proc = run_cli("extract", batch_dir, "--db", db, "--quiet", "--workers", "2")
    assert "Traceback" not in proc.stderr, proc.stderr
    assert canonical_dump(db) == reference
    # The same input order gives the same ids, so joins written against ids agree too.
    assert rows(db, "SELECT id, sha256 FROM documents ORDER BY id") == \
        rows(ref_db, "SELECT id, sha256 FROM documents ORDER BY id")
    # A re-run is a no-op: nothing re-extracted, nothing rewritten.
    before = rows(db, "SELECT id, sha256, extracted_at FROM documents ORDER BY id")
    proc = run_cli("extract", batch_dir, "--db", db, "--quiet", "--workers", "2")
    assert "Traceback" not in proc.stderr, proc.stderr
    assert rows(db, "SELECT id, sha256, extracted_at FROM documents ORDER BY id") == before
    assert canonical_dump(db) == reference


def _not_tracker(child) -> bool:
    """Whether a child process is not multiprocessing's resource tracker (a child that ended
    between being listed and being asked, such as a read-ahead process, counts as none)."""
    import psutil

    try:
        return "resource_tracker" not in " ".join(child.cmdline())
    except psutil.Error:
        return False


def test_workers_die_with_a_killed_parent(batch_dir, tmp_path):
    """SIGKILL to the parent alone (not its group): no worker is left running after 5 s."""
    import psutil

    db = tmp_path / "orphans.db"
    proc = _start(batch_dir, db, "--workers", "2", "--force")
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 120
    workers: list = []
    while len(workers) < 2 or _documents(db) < 1:
        if proc.poll() is not None:
            pytest.fail(f"the batch ended before the workers started:\n{proc.stderr.read()}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("no worker started in 120 s")
        workers = [c for c in parent.children(recursive=True) if _not_tracker(c)]
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)  # not communicate(): surviving workers would hold its pipes open
    proc.stdout.close()
    proc.stderr.close()

    def alive():
        out = []
        for w in workers:
            try:
                if w.status() != psutil.STATUS_ZOMBIE:
                    out.append(w)
            except psutil.NoSuchProcess:
                pass
        return out

    end = time.monotonic() + 5
    while alive() and time.monotonic() < end:
        time.sleep(0.1)
    left = alive()
    for w in left:  # do not leave them running if the test fails
        w.kill()
    assert not left, f"{len(left)} worker(s) outlived their parent"
