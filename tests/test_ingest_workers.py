"""``--workers 2`` on real documents of every kind: the same store as one process, row for row.

With several workers, files are read (reader, sentences) in a light process while the batch's
own process loads the language pipeline and the rules, and the warmed workers finish them;
these tests make that process read the whole batch first (``read_all``), or nothing, so both
ways of handing a file on are checked against a plain one-process run: every table, every
row (ids included: input order gives ids), failures with their codes and messages, and a batch
resumed after a partial run.
"""
from __future__ import annotations

import concurrent.futures
import json
import shutil
import sqlite3
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
import corpus.ingest

DATA = Path(__file__).parent / "data"
#: one file of every kind the readers take, and files that fail at each step of reading
KINDS = ["msc-long-covid-news.pdf", "msc-long-covid-news-2col.pdf", "msc-long-covid-news.html",
         "msc-long-covid-news.txt", "jats/vitd-icu-trial.xml", "graph/m03.xml", "graph/b03.pdf",
         "graph/l01.txt", "graph/m02.html"]
#: columns that hold the time a row was written
CLOCK = {"extracted_at", "applied_at", "at"}


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("kinds")
    for i, name in enumerate(KINDS):
        shutil.copy(DATA / name, d / f"{i:02d}-{Path(name).name}")
    (d / "03a-truncated.pdf").write_bytes((DATA / "msc-long-covid-news.pdf").read_bytes()[:900])
    (d / "04a-empty.html").write_text("<html><head><script>var x = 1;</script></head><body> </body></html>")
    (d / "05a-nothing.txt").write_text("   \n\n  \t\n")
    return d


def dump(db: Path) -> dict[str, list]:
    """Every table's rows (ordered by their columns, ids first), without the columns that hold a clock time."""
    conn = sqlite3.connect(db)
    try:
        out = {}
        tables = [t for (t,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")]
        for t in tables:
            cols = [f'"{c[1]}"' for c in conn.execute(f'PRAGMA table_info("{t}")')
                    if c[1] not in CLOCK]
            order = ", ".join(str(i + 1) for i in range(len(cols)))
            out[t] = conn.execute(f'SELECT {", ".join(cols)} FROM "{t}" ORDER BY {order}').fetchall()
        return out
    finally:
        conn.close()


def extract(*args) -> tuple[int, str]:
    r = CliRunner().invoke(cli.cli, ["extract", *map(str, args), "-q"], catch_exceptions=False)
    return r.exit_code, r.output


@pytest.fixture(scope="module")
def serial(batch, tmp_path_factory) -> tuple[Path, dict]:
    db = tmp_path_factory.mktemp("serial") / "one.db"
    code, out = extract(batch, "--db", db, "--workers", "1")
    assert code == 0, out
    d = dump(db)
    assert len(d["documents"]) == len(KINDS)
    assert len(d["failures"]) == 3, d["failures"]
    return db, d


@pytest.fixture
def read_ahead(monkeypatch, tmp_path):
    """How much the read-ahead reads before the warmed workers start: ``"all"`` or ``"none"``;
    returns the number of files it handed on.  With ``"none"`` its reads wait until the files
    not started yet are cancelled (however long the warm-up takes on a loaded machine), so only
    the few already handed to its process are read."""
    handed: list[int] = []
    pending: list[int] = []
    mode = {"value": "all"}
    stop = corpus.ingest._ReadAhead.stop
    read = corpus.ingest._read
    go = tmp_path / "read-ahead-may-read"

    def held(path, options):  # runs in the read-ahead's (forked) process
        while mode["value"] != "all" and not go.exists():
            time.sleep(0.005)
        return read(path, options)
    held.__module__, held.__qualname__ = read.__module__, read.__qualname__  # pickled by name

    def controlled(self, finish=False):
        if mode["value"] == "all":
            concurrent.futures.wait(self.futures)
        elif mode["value"] == "none":
            for fut in self.futures:
                fut.cancel()
            go.touch()
        stop(self, finish)
        handed.append(len(self.results))
        pending.append(len(self.pending))
        go.touch()  # "late": the reads in progress end after the workers started

    monkeypatch.setattr(corpus.ingest._ReadAhead, "stop", controlled)
    monkeypatch.setattr(corpus.ingest, "_read", held)
    return mode, handed, pending


@pytest.mark.parametrize("mode", ["all", "none", "late"])
def test_workers_store_equals_one_process_row_for_row(batch, serial, read_ahead, mode, tmp_path):
    setting, handed, pending = read_ahead
    setting["value"] = mode
    db = tmp_path / "two.db"
    code, out = extract(batch, "--db", db, "--workers", "2")
    assert code == 0, out
    assert dump(db) == serial[1]
    # every file was read ahead (the three bad ones too), or next to none: both hand-overs ran;
    # "late": nothing read when the workers start, the reads in progress then handed on as
    # they end (not waited for)
    if mode == "all":
        assert handed == [len(KINDS) + 3] and pending == [0]
    elif mode == "none":
        assert handed[0] <= 3
    else:
        assert handed == [0] and 1 <= pending[0] <= 3


def test_an_interrupted_batch_resumes_to_the_same_store(batch, serial, read_ahead, tmp_path):
    from reliability_helpers import canonical_dump

    files = sorted(batch.iterdir())
    db = tmp_path / "resumed.db"
    code, out = extract(*files[::2], "--db", db, "--workers", "2")  # stopped half-way
    assert code == 0, out
    r = CliRunner().invoke(cli.cli, ["extract", str(batch), "--db", str(db), "--workers", "2",
                                     "--json", "-q"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    first = [f for f in files[::2] if "a-" not in f.name]  # the good files of the first run
    assert report["unchanged"] == len(first)  # nothing stored is read again
    assert report["stored"] == len(KINDS) - len(first) and report["failed"] == 3
    assert canonical_dump(db) == canonical_dump(serial[0])


def test_a_pdf_read_ahead_unpickles_without_the_pdf_reader(tmp_path):
    """A worker finishing a PDF the read-ahead read does not import the PDF reader (pypdfium2
    and the layout code, about 0.2 s in each worker when every file was read ahead): the
    source's per-character boxes are a class of :mod:`extractor.source`."""
    import pickle
    import subprocess
    import sys

    from extractor.pipeline import read

    source, sha256, segmented = read(str(DATA / "msc-long-covid-news.pdf"))
    assert source.boxes is not None and type(source.boxes).__module__ == "extractor.source"
    (tmp_path / "read.pickle").write_bytes(pickle.dumps((source, sha256, segmented), pickle.HIGHEST_PROTOCOL))
    code = ("import pickle, sys; source, _, _ = pickle.load(open(sys.argv[1], 'rb')); "
            "print(len(source.boxes), sum(b is not None for b in source.boxes[:200]), "
            "'extractor.readers.pdf' in sys.modules, 'pypdfium2' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "read.pickle")], cwd=str(DATA.parent.parent),
                         capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == str(len(source.boxes)) and out[1] == str(sum(b is not None for b in source.boxes[:200]))
    assert out[2:] == ["False", "False"]
