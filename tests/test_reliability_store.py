"""A store that cannot be used gives a coded error and exit 1, never a traceback: a file that is
not SQLite (E020), a read-only file or folder (E021), a store locked by another writer beyond the
busy timeout (E022).  ``evidence sql`` is read-only unless ``--write``; SQL errors are coded.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

import badfiles
from corpus.errors import NotADatabase, StoreLocked, StoreReadOnly
from corpus.store import Store
from reliability_helpers import assert_clean_error, invoke, rows, run_cli

GOOD = Path(__file__).parent / "data" / "msc-long-covid-news.txt"


@contextmanager
def read_only(path: Path):
    """Make ``path`` (file or folder) unwritable, even for root (immutable attribute)."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(path)],
                                        capture_output=True).returncode != 0:
        pytest.skip("running as root where chattr +i is unavailable: nothing is read-only")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(path)], check=True)


def make_store(path: Path) -> Path:
    Store(path).close()
    return path


# -- not a database -------------------------------------------------------------------------


def test_not_sqlite_library(tmp_path):
    path = badfiles.make_not_sqlite(tmp_path / "notes.db")
    with pytest.raises(NotADatabase) as info:
        Store(path)
    assert info.value.code == "E020"
    assert path.read_bytes().startswith(b"this is a notes file")  # untouched


@pytest.mark.parametrize("command", [["extract", str(GOOD)], ["documents"],
                                     ["sql", "select 1"]])
def test_not_sqlite_cli(tmp_path, command):
    path = badfiles.make_not_sqlite(tmp_path / "notes.db")
    before = path.read_bytes()
    result = invoke(*command, "--db", path)
    assert result.exit_code == 1
    assert_clean_error(result.stderr, "E020")
    assert path.read_bytes() == before


def _damage(db: Path, table: str) -> None:
    """Overwrite the root page of ``table`` with garbage (a disk fault, a bad copy)."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                           (table,)).fetchone()
    conn.close()
    with open(db, "r+b") as f:
        f.seek((root - 1) * size)
        f.write(b"\xab" * size)


@pytest.mark.parametrize("command", [["documents"], ["show", "1"],
                                     ["extract", str(GOOD.with_suffix(".html"))]])
def test_damaged_store(tmp_path, command):
    """A SQLite file with a damaged page: E020 with a way to salvage it, for reads and writes."""
    db = tmp_path / "damaged.db"
    assert invoke("extract", GOOD, "--db", db, "--quiet").exit_code == 0
    _damage(db, "documents")
    result = invoke(*command, "--db", db)
    assert result.exit_code == 1
    line = assert_clean_error(result.stderr, "E020")
    assert "damaged" in line and ".recover" in line


def test_damaged_schema(tmp_path):
    db = tmp_path / "schema.db"
    Store(db).close()
    data = bytearray(db.read_bytes())
    data[100:4096] = b"\xab" * (4096 - 100)  # page 1 after the file header: the schema table
    db.write_bytes(bytes(data))
    for command in (["documents"], ["extract", str(GOOD)]):
        result = invoke(*command, "--db", db)
        assert result.exit_code == 1
        assert "Traceback" not in result.output
        assert "[E020]" in result.stderr


def test_folder_as_store(tmp_path):
    result = invoke("extract", GOOD, "--db", tmp_path)
    assert "Traceback" not in result.output
    if result.exit_code == 2:  # refused as a usage error by the option's type
        assert "is a directory" in result.stderr
    else:
        assert result.exit_code == 1
        assert_clean_error(result.stderr, "E020")


# -- read-only ------------------------------------------------------------------------------


def test_read_only_store_file(tmp_path):
    db = make_store(tmp_path / "ro.db")
    with read_only(db):
        with pytest.raises(StoreReadOnly):
            with Store(db) as store:
                store.record_failure("x.pdf", None, ValueError("x"))
        result = invoke("extract", GOOD, "--db", db)
        assert result.exit_code == 1
        assert_clean_error(result.stderr, "E021")
    assert rows(db, "SELECT count(*) FROM documents") == [(0,)]


def test_read_only_store_folder(tmp_path):
    folder = tmp_path / "locked-folder"
    folder.mkdir()
    with read_only(folder):
        result = invoke("extract", GOOD, "--db", folder / "new.db")
        assert result.exit_code == 1
        assert_clean_error(result.stderr, "E021")
    assert not (folder / "new.db").exists()


def test_store_in_missing_folder(tmp_path):
    result = invoke("extract", GOOD, "--db", tmp_path / "no" / "such" / "x.db")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "[E02" in result.stderr


# -- locked ---------------------------------------------------------------------------------


def test_locked_store_library(tmp_path):
    db = make_store(tmp_path / "busy.db")
    holder = badfiles.lock_store(db)
    try:
        store = Store(db, timeout=0.1)
        with pytest.raises(StoreLocked) as info:
            store.record_failure("x.pdf", None, ValueError("x"))
        assert info.value.code == "E022"
        store.close()
    finally:
        holder.rollback()
        holder.close()


def test_locked_store_cli(tmp_path):
    """Another process holds the write lock past the busy timeout: E022, exit 1, nothing lost."""
    db = make_store(tmp_path / "busy.db")
    holder = badfiles.lock_store(db)
    try:
        proc = run_cli("extract", GOOD, "--db", db, "--quiet",
                       env={"EVIDENCE_BUSY_TIMEOUT": "0.2"}, timeout=120)
    finally:
        holder.rollback()
        holder.close()
    assert proc.returncode == 1, proc.stderr
    assert_clean_error(proc.stderr, "E022")
    # Once the lock is gone the same command succeeds.
    proc = run_cli("extract", GOOD, "--db", db, "--quiet", env={"EVIDENCE_BUSY_TIMEOUT": "5"})
    assert proc.returncode == 0, proc.stderr
    assert rows(db, "SELECT count(*) FROM documents") == [(1,)]


def test_busy_store_waits_for_a_short_lock(tmp_path):
    """A lock released within the busy timeout is waited for, not reported."""
    import threading

    db = make_store(tmp_path / "wait.db")
    holder = badfiles.lock_store(db)
    timer = threading.Timer(0.5, lambda: (holder.rollback(), holder.close()))
    timer.start()
    try:
        with Store(db, timeout=10) as store:
            store.record_failure("x.pdf", None, ValueError("x"))
    finally:
        timer.join()
    assert rows(db, "SELECT count(*) FROM failures") == [(1,)]


def _open_at(path: str, start: float) -> None:
    """Open the store at ``path`` once the clock reaches ``start`` (in a forked process);
    exit status 1 on a coded error."""
    import time

    while time.time() < start:
        pass
    try:
        Store(path, timeout=10).close()
    except StoreLocked:
        os._exit(1)
    os._exit(0)


def test_processes_creating_one_store_at_once_all_open_it(tmp_path):
    """Two processes opening a new store at the same instant (two batches started together):
    both open it; switching to write-ahead logging waits for the other as a busy lock does."""
    import multiprocessing
    import time

    ctx = multiprocessing.get_context("fork")
    for k in range(12):
        path, start = str(tmp_path / f"new{k}.db"), time.time() + 0.3
        procs = [ctx.Process(target=_open_at, args=(path, start)) for _ in range(2)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(30)
        assert [p.exitcode for p in procs] == [0, 0], f"attempt {k}"


# -- evidence sql ---------------------------------------------------------------------------


@pytest.fixture
def filled(tmp_path) -> Path:
    db = tmp_path / "filled.db"
    result = invoke("extract", GOOD, "--db", db, "--quiet")
    assert result.exit_code == 0, result.stderr
    return db


@pytest.mark.parametrize("statement", [
    "DELETE FROM documents",
    "UPDATE documents SET title = 'x'",
    "DROP TABLE sentences",
    "INSERT INTO failures (path, code) VALUES ('x', 'E000')",
    "CREATE TABLE scratch (x)",
])
def test_sql_is_read_only_without_write(filled, statement):
    before = rows(filled, "SELECT count(*), max(title) FROM documents")
    result = invoke("sql", statement, "--db", filled)
    assert result.exit_code == 1
    line = assert_clean_error(result.stderr, "E030")
    assert "--write" in line
    assert rows(filled, "SELECT count(*), max(title) FROM documents") == before
    assert rows(filled, "SELECT count(*) FROM sentences")[0][0] > 0


def test_sql_write_is_allowed_with_write(filled):
    result = invoke("sql", "DELETE FROM failures", "--db", filled, "--write")
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("statement", ["SELEC * FROM documents", "SELECT * FROM no_such_table",
                                       "SELECT nosuchcolumn FROM documents", "SELECT ("])
def test_sql_errors_are_coded(filled, statement):
    result = invoke("sql", statement, "--db", filled)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert_clean_error(result.stderr, "E030")


def test_sql_never_creates_a_store(tmp_path):
    db = tmp_path / "absent.db"
    result = invoke("sql", "select 1", "--db", db)
    assert result.exit_code == 1
    assert_clean_error(result.stderr, "E023")
    assert not db.exists()


def test_sql_reads_while_a_writer_holds_the_lock(filled):
    """WAL: readers are not blocked by a writer."""
    holder = badfiles.lock_store(filled)
    try:
        result = invoke("sql", "SELECT count(*) AS n FROM documents", "--db", filled, "--json")
    finally:
        holder.rollback()
        holder.close()
    assert result.exit_code == 0, result.stderr
    assert '"n": 1' in result.stdout.replace('"n":1', '"n": 1')


# -- evidence sql under the authorizer --------------------------------------------------------


@pytest.fixture
def small(tmp_path) -> Path:
    """A store holding the hand-made article (no extraction: fast)."""
    from handmade import article

    db = tmp_path / "small.db"
    with Store(db, hooks=False) as store:
        store.save(article())
    return db


@pytest.mark.parametrize("write", [False, True])
@pytest.mark.parametrize("statement, creates", [
    ("VACUUM INTO '{dir}/copy.db'", "copy.db"),
    ("ATTACH '{dir}/attached.db' AS x", "attached.db"),
    ("ATTACH ':memory:' AS m", None),
    ("SELECT fts3_tokenizer('simple')", None),
    ("SELECT fts3_tokenizer('simple', x'0000000000000000')", None),
    ("PRAGMA writable_schema = 1", None),
])
def test_sql_refuses_statements_that_escape_the_store(small, tmp_path, statement, creates, write):
    before = small.read_bytes()
    result = invoke("sql", statement.format(dir=tmp_path), "--db", small,
                    *(["--write"] if write else []))
    assert result.exit_code == 1, result.output
    assert_clean_error(result.stderr, "E032")
    if creates:
        assert not (tmp_path / creates).exists()
    if not write:
        assert small.read_bytes() == before


@pytest.mark.parametrize("statement", ["PRAGMA user_version = 7", "PRAGMA journal_mode = DELETE",
                                       "PRAGMA query_only = 0"])
def test_sql_read_only_refuses_pragma_changes(small, statement):
    result = invoke("sql", statement, "--db", small)
    assert result.exit_code == 1
    assert_clean_error(result.stderr, "E032")
    assert rows(small, "PRAGMA user_version") == [(0,)]


@pytest.mark.parametrize("statement", [
    "SELECT count(*) FROM documents",
    "SELECT name FROM pragma_table_info('documents') LIMIT 1",
    "PRAGMA table_info(documents)",
    "PRAGMA user_version",
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3) SELECT * FROM c",
    "SELECT text FROM sentences_fts WHERE sentences_fts MATCH 'placebo' LIMIT 1",
    "SELECT * FROM effects_view",
    "EXPLAIN QUERY PLAN SELECT * FROM documents",
])
def test_sql_reads_are_still_allowed(small, statement):
    result = invoke("sql", statement, "--db", small, "--json")
    assert result.exit_code == 0, result.output


# -- another application's database, read-only folders ---------------------------------------


@pytest.fixture
def foreign(tmp_path) -> Path:
    db = tmp_path / "notes.sqlite"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('hello')")
    conn.commit()
    conn.close()
    return db


@pytest.mark.parametrize("command", [["documents"], ["show", "1"], ["failures"], ["refs"],
                                     ["export", "--to", "ris"], ["export", "--to", "metafor"],
                                     ["check", "--stored"], ["check"], ["graph", "-o", "g.json"]])
def test_read_commands_on_another_applications_database(foreign, command):
    before = foreign.read_bytes()
    result = invoke(*command, "--db", foreign)
    assert result.exit_code == 1
    assert_clean_error(result.stderr, "E025")
    assert foreign.read_bytes() == before


def test_sql_still_reads_another_applications_database(foreign):
    result = invoke("sql", "SELECT body FROM notes", "--db", foreign, "--csv")
    assert (result.exit_code, result.stdout) == (0, "body\nhello\n")


def test_read_commands_on_an_empty_database(tmp_path):
    db = tmp_path / "empty.db"
    db.write_bytes(b"")
    result = invoke("documents", "--db", db)
    assert result.exit_code == 1
    assert_clean_error(result.stderr, "E023")


@pytest.mark.parametrize("command", [["documents"], ["show", "1"], ["failures"], ["refs"],
                                     ["sql", "SELECT count(*) FROM documents"],
                                     ["export", "--to", "ris"], ["check", "--stored"]])
def test_read_commands_on_a_store_in_a_read_only_folder(small, command):
    folder = small.parent / "archive"
    folder.mkdir()
    db = folder / "store.db"
    with Store(small, readonly=True) as s:  # copy it as a WAL store without its -shm file
        s.conn.execute(f"VACUUM INTO '{db}'")
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    assert not (folder / "store.db-shm").exists()
    with read_only(folder):
        result = invoke(*command, "--db", db)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()
