"""Stores built apart: ``evidence merge`` of two halves equals the whole; Dask workers give the
same store as a local run, row for row."""
from __future__ import annotations

import socket
import sqlite3
import warnings

import pytest

from corpus import Store
from corpus.ingest import ingest
from corpus.merge import merge_stores
from graph.topics import tag_works
from graph_helpers import GRAPH_DATA

VOLATILE = {"documents": {"extracted_at"}, "failures": {"at"}}


def dump(path) -> dict[str, list[tuple]]:
    """Every row of every table of the store (ids included), without the times of writing."""
    conn = sqlite3.connect(str(path))
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'sentences_fts%' AND name != '_migrations' ORDER BY name")]
        out = {}
        for t in tables:
            cols = [r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')
                    if r[1] not in VOLATILE.get(t, ())]
            names = ", ".join(f'"{c}"' for c in cols)
            out[t] = conn.execute(f'SELECT {names} FROM "{t}" ORDER BY id').fetchall()
        return out
    finally:
        conn.close()


def corpus_files(tmp_path, n=8):
    files = sorted(str(p) for p in GRAPH_DATA.iterdir() if p.suffix in (".txt", ".html", ".xml"))[:n]
    bad = tmp_path / "broken.xml"
    bad.write_text("<article><body><p>unclosed</body>", encoding="utf-8")
    return files[: n // 2] + [str(bad)] + files[n // 2:]


def build(db, files, **kw):
    store = Store(str(db))
    report = ingest(files, store, **kw)
    tag_works(store, works=report.works)
    store.conn.close()
    return report


def test_merge_of_two_halves_equals_the_whole(tmp_path):
    files = corpus_files(tmp_path)
    half = len(files) // 2
    build(tmp_path / "whole.db", files)
    build(tmp_path / "a.db", files[:half])
    build(tmp_path / "b.db", files[half:])
    out = Store(str(tmp_path / "merged.db"))
    report = merge_stores(out, [str(tmp_path / "a.db"), str(tmp_path / "b.db")])
    tag_works(out, works=report.works)
    assert report.documents == len(files) - 1 and report.failures == 1
    out.conn.close()
    whole, merged = dump(tmp_path / "whole.db"), dump(tmp_path / "merged.db")
    assert merged.keys() == whole.keys()
    for table in whole:
        assert merged[table] == whole[table], table
    assert whole["documents"] and whole["refs"] and whole["work_topics"] and whole["citations"]

    again = Store(str(tmp_path / "merged.db"))  # idempotent: every document is already there
    second = merge_stores(again, [str(tmp_path / "a.db"), str(tmp_path / "b.db")])
    assert (second.documents, second.skipped, second.failures) == (0, len(files) - 1, 0)
    again.conn.close()
    assert dump(tmp_path / "merged.db") == merged


def test_merge_cli(tmp_path):
    from click.testing import CliRunner

    import cli

    files = corpus_files(tmp_path, 4)
    build(tmp_path / "a.db", files[:2])
    build(tmp_path / "b.db", files[2:])
    res = CliRunner().invoke(cli.cli, ["merge", str(tmp_path / "all.db"), str(tmp_path / "a.db"),
                                       str(tmp_path / "b.db")])
    assert res.exit_code == 0, res.output
    assert res.output == "4 documents merged (0 already present), 1 failures copied\n"
    res = CliRunner().invoke(cli.cli, ["merge", str(tmp_path / "all.db"), str(tmp_path / "none.db")])
    assert res.exit_code == 1 and "[E023]" in res.output


@pytest.mark.slow
def test_dask_local_cluster_gives_the_local_store(tmp_path):
    pytest.importorskip("distributed")
    files = corpus_files(tmp_path, 6) + [str(tmp_path / "missing.txt")]
    local = build(tmp_path / "local.db", files)
    # another cluster's port (Dask's default HTTP port held, here or by another process): the
    # local cluster takes a free port, without a clash or a warning
    held = socket.socket()
    try:
        held.bind(("127.0.0.1", 8787))
        held.listen()
    except OSError:
        pass  # already held by another process: the same situation
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("error", message=".*[Pp]ort 8787")
            dask = build(tmp_path / "dask.db", files, dask="local", workers=2)
    finally:
        held.close()
    assert [i["status"] for i in dask.items] == [i["status"] for i in local.items]
    assert dump(tmp_path / "dask.db") == dump(tmp_path / "local.db")
    again = build(tmp_path / "dask.db", files, dask="local", workers=2)  # resumes: all known
    assert again.stored == 0 and again.unchanged == local.stored
