"""The CLI in-process (click's CliRunner): exact output for small outputs, exact exit codes."""
import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import cli
import corpus.ingest
import extractor
from corpus import Store
from handmade import TEXT, article
from test_ingest import fake_extract


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def stand_in(monkeypatch):
    """The hand-made article for any good file; the clock frozen so summaries are exact."""
    monkeypatch.setattr(extractor, "extract", fake_extract)
    monkeypatch.setattr(corpus.ingest.time, "perf_counter", lambda: 0.0)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "s.db"
    store = Store(path, hooks=False)  # exact output: no checks beyond the article's flags
    store.save(article(path="papers/trial.txt", extra_flag=True))
    store.close()
    return str(path)


def run(runner, *args):
    return runner.invoke(cli.cli, [str(a) for a in args], catch_exceptions=False)


def test_version_and_help(runner):
    r = run(runner, "--version")
    assert r.exit_code == 0 and r.stdout.startswith("evidence, version ")
    r = run(runner, "--help")
    assert r.exit_code == 0
    for name, command in cli.cli.commands.items():
        assert name in r.stdout
        assert command.help and command.get_short_help_str(80).strip()


def test_usage_error_exits_2(runner):
    assert run(runner, "extract").exit_code == 2
    assert run(runner, "sql").exit_code == 2
    assert run(runner, "nope").exit_code == 2
    assert run(runner, "extract", "x", "--workers", "0").exit_code == 2


def test_extract_one_file(runner, stand_in, tmp_path):
    p = tmp_path / "trial.txt"
    p.write_text(TEXT)
    r = run(runner, "extract", p, "--db", tmp_path / "s.db")
    assert (r.exit_code, r.stdout) == (0, "")
    assert r.stderr == "1 document stored (0 unchanged), 1 page, 8 sentences, 0 failures in 0.0 s\n"
    r = run(runner, "extract", p, "--db", tmp_path / "s.db")
    assert r.stderr == "0 documents stored (1 unchanged), 0 pages, 0 sentences, 0 failures in 0.0 s\n"
    r = run(runner, "extract", p, "--db", tmp_path / "s.db", "--force", "--quiet")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "", "")
    assert Store(tmp_path / "s.db").rows("select path from documents") == [{"path": str(p)}]


def test_extract_uses_evidence_db(runner, stand_in, tmp_path):
    p = tmp_path / "trial.txt"
    p.write_text(TEXT)
    assert run(runner, "extract", p, "-q").exit_code == 0
    assert len(Store(tmp_path / "evidence.db").documents()) == 1  # $EVIDENCE_DB (conftest)


def test_extract_lenient_batch_warns_and_exits_0(runner, stand_in, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(TEXT)
    (tmp_path / "in" / "b.txt").write_text("BAD")
    r = run(runner, "extract", tmp_path / "in", "--db", tmp_path / "s.db", "--json")
    bad = tmp_path / "in" / "b.txt"
    assert r.exit_code == 0
    assert r.stderr == (
        f"warning: {bad}: [E013] cannot parse {bad}: the file is damaged or truncated; "
        "re-download it or repair it (for example `qpdf in.pdf out.pdf`)\n"
        "1 document stored (0 unchanged), 1 page, 8 sentences, 1 failure in 0.0 s\n")
    report = json.loads(r.stdout)
    assert [(d["status"], Path(d["path"]).name) for d in report["documents"]] == [
        ("stored", "a.txt"), ("failed", "b.txt")]
    assert (report["stored"], report["failed"], report["sentences"]) == (1, 1, 8)


def test_extract_strict_exits_1(runner, stand_in, tmp_path):
    (tmp_path / "a.txt").write_text("BAD")
    (tmp_path / "b.txt").write_text(TEXT)
    r = run(runner, "extract", tmp_path / "a.txt", tmp_path / "b.txt", "--db", tmp_path / "s.db",
            "--strict", "-q")
    assert r.exit_code == 1
    assert r.stderr.splitlines()[-1] == "Error: stopped at the first failure (--strict)"
    assert Store(tmp_path / "s.db").documents() == []


def test_extract_all_failed_exits_1(runner, stand_in, tmp_path):
    r = run(runner, "extract", "missing.pdf", "--db", tmp_path / "s.db")
    assert r.exit_code == 1
    assert r.stderr == (
        "warning: missing.pdf: [E001] no such file: missing.pdf: check the path (folders and "
        "globs are accepted too)\n"
        "0 documents stored (0 unchanged), 0 pages, 0 sentences, 1 failure in 0.0 s\n"
        "Error: no input could be read (1 failed; see the warnings above)\n")
    assert [f["code"] for f in Store(tmp_path / "s.db").failures()] == ["E001"]


def test_extract_calls_topic_tagging_after_a_batch(runner, stand_in, tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(cli, "optional_hook",
                        lambda m, f: (lambda store: calls.append((m, f, store.path))))
    (tmp_path / "a.txt").write_text(TEXT)
    run(runner, "extract", tmp_path / "a.txt", "--db", tmp_path / "s.db", "-q")
    assert calls == [("graph.topics", "tag_works", str(tmp_path / "s.db"))]
    run(runner, "extract", tmp_path / "a.txt", "--db", tmp_path / "s.db", "-q")
    assert len(calls) == 1  # nothing new stored: nothing to re-tag


def test_extract_into_a_file_that_is_not_sqlite(runner, tmp_path):
    bad = tmp_path / "paper.pdf"
    bad.write_bytes(b"%PDF-1.4\n" + b"x" * 2000)
    r = run(runner, "extract", "a.txt", "--db", bad)
    assert r.exit_code == 1
    assert r.stderr == (f"Error: [E020] {bad} is not a SQLite database: point --db (or "
                        "$EVIDENCE_DB) at an evidence store, or at a new file name to create one\n")


def test_documents_table_and_formats(runner, db):
    r = run(runner, "documents", "--db", db)
    assert r.exit_code == 0
    assert r.stdout == (
        "  id  label                     format    kind       pages  title                                                   path              copies\n"
        "----  ------------------------  --------  -------  -------  ------------------------------------------------------  ----------------  --------\n"
        "   1  Umbilical cord MSCs n.d.  text      primary        1  Umbilical cord MSCs for long COVID: a randomized trial  papers/trial.txt\n")
    title = "Umbilical cord MSCs for long COVID: a randomized trial"
    assert run(runner, "documents", "--db", db, "--csv").stdout == (
        "id,label,format,kind,pages,title,path,copies\n"
        f"1,Umbilical cord MSCs n.d.,text,primary,1,{title},papers/trial.txt,\n")
    assert run(runner, "documents", "--db", db, "--tsv").stdout == (
        "id\tlabel\tformat\tkind\tpages\ttitle\tpath\tcopies\n"
        f"1\tUmbilical cord MSCs n.d.\ttext\tprimary\t1\t{title}\tpapers/trial.txt\t\n")
    row = {"id": 1, "label": "Umbilical cord MSCs n.d.", "format": "text", "kind": "primary",
           "pages": 1, "title": title, "path": "papers/trial.txt", "copies": None}
    assert json.loads(run(runner, "documents", "--db", db, "--json").stdout) == [row]
    assert run(runner, "documents", "--db", db, "--nl").stdout == json.dumps(row) + "\n"


def test_documents_without_a_store(runner, tmp_path):
    r = run(runner, "documents", "--db", tmp_path / "none.db")
    assert r.exit_code == 1 and r.stderr.startswith(f"Error: [E023] no store at {tmp_path}")
    assert not (tmp_path / "none.db").exists()


def test_sql_read_only_by_default(runner, db):
    r = run(runner, "sql", "select label, n_randomized from arms order by id", "--db", db)
    assert r.stdout == ("label      n_randomized\n"
                        "-------  --------------\n"
                        "MSCs                 66\n"
                        "placebo              32\n")
    r = run(runner, "sql", "select label from arms where n_randomized > :n", "-p", "n", "40",
            "--db", db, "--json")
    assert r.stdout == '[{"label": "MSCs"}]\n'
    r = run(runner, "sql", "delete from arms", "--db", db)
    assert r.exit_code == 1
    assert r.stderr == ("Error: [E030] attempt to write a readonly database: the store is opened "
                        "read-only; add --write to modify it\n")
    r = run(runner, "sql", "update arms set route = 'IV'", "--db", db, "--write")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "", "2 row(s) changed\n")


def test_sql_errors_are_coded(runner, db):
    r = run(runner, "sql", "selec 1", "--db", db)
    assert r.exit_code == 1
    assert r.stderr == ('Error: [E030] near "selec": syntax error: check the SQL '
                        "(the README lists the tables and columns)\n")
    r = run(runner, "sql", "select * from nope", "--db", db)
    assert r.stderr.startswith("Error: [E030] no such table: nope")


def test_sql_empty_result_keeps_the_header(runner, db):
    r = run(runner, "sql", "select id, label from arms where 0", "--db", db, "--csv")
    assert r.stdout == "id,label\n"


def test_show(runner, db):
    expected = """\
Umbilical cord MSCs for long COVID: a randomized trial
  document 1 · Umbilical cord MSCs n.d. · text · primary · 1 page · 8 sentences · sha256 {sha}
  path: papers/trial.txt
Study 1: rct, randomized, double-blind, placebo control, allocation 2:1, 98 randomized
  Arms:
    MSCs (intervention): n=66, umbilical cord MSCs, 4×10^7 cells, days 0, 3 and 6
    placebo (control): n=32, placebo
  Outcomes:
    fatigue improved [binary, primary]
      MSCs: percent 46.94 %; events 31 (derived)
      placebo: percent 28.13 %
      OR 2.27 (95% CI 0.91 to 5.66), p = 0.08, not significant
2 references, 2 citations, 3 checks (1 flagged, 0 failed)
"""
    sha = article().sha256
    for ref in ("1", sha[:10], "trial.txt"):
        r = run(runner, "show", ref, "--db", db)
        assert (r.exit_code, r.stdout) == (0, expected.format(sha=sha[:12]))
    data = json.loads(run(runner, "show", "1", "--db", db, "--json").stdout)
    assert data["studies"][0]["outcomes"][0]["effects"][0]["value"] == 2.27


def test_show_unknown_document(runner, db):
    r = run(runner, "show", "nothing", "--db", db)
    assert r.exit_code == 1
    assert r.stderr == ("Error: [E024] no document matches 'nothing': list the documents with "
                        "`evidence documents` and pass an id, a sha256 prefix or a path fragment\n")


# -- the real extractor on the shipped example, in every format -------------------------------
DATA = Path(__file__).parent / "data"
EXAMPLES = sorted(DATA.glob("msc-long-covid-news*"))
PROVENANCE_TABLES = ("studies", "arms", "outcomes", "arm_results", "effects", "refs", "citations")


@pytest.fixture
def frozen_clock(monkeypatch):
    monkeypatch.setattr(corpus.ingest.time, "perf_counter", lambda: 0.0)


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_extract_the_example(runner, frozen_clock, tmp_path, path):
    db = tmp_path / "x.db"
    r = run(runner, "extract", path, "--db", db)
    assert (r.exit_code, r.stdout) == (0, "")
    store = Store(db, readonly=True)
    (doc,) = store.rows("SELECT id, pages, text, extractor_version FROM documents")
    n = store.rows("SELECT count(*) AS n FROM sentences")[0]["n"]
    pages = doc["pages"] or 0
    assert r.stderr == (f"1 document stored (0 unchanged), {pages} page{'s' * (pages != 1)}, "
                        f"{n} sentences, 0 failures in 0.0 s\n")
    assert n > 20 and doc["extractor_version"] == extractor.__version__
    # every stored row of every table points at its own quote in the stored text
    text, checked = doc["text"], 0
    for table in PROVENANCE_TABLES:
        for row in store.rows(f"SELECT char_start, char_end, quote, derived FROM {table}"
                              if table == "arm_results" else
                              f"SELECT char_start, char_end, quote FROM {table}"):
            assert text[row["char_start"]:row["char_end"]] == row["quote"], (table, row)
            checked += 1
    assert checked > 20
    for s in store.rows("SELECT char_start, char_end, text FROM sentences"):
        assert text[s["char_start"]:s["char_end"]] == s["text"]
    # the same bytes again: nothing re-extracted, nothing rewritten
    before = store.rows("SELECT id, extracted_at FROM documents")
    r = run(runner, "extract", path, "--db", db)
    assert r.stderr == "0 documents stored (1 unchanged), 0 pages, 0 sentences, 0 failures in 0.0 s\n"
    assert store.rows("SELECT id, extracted_at FROM documents") == before


def test_extract_the_examples_with_workers(runner, frozen_clock, tmp_path):
    import shutil
    folder = tmp_path / "in"
    folder.mkdir()
    for p in EXAMPLES:
        shutil.copy(p, folder)
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    assert run(runner, "extract", folder, "--db", one, "-q").exit_code == 0
    assert run(runner, "extract", folder, "--db", two, "-q", "--workers", "2").exit_code == 0
    dump = ("SELECT d.path, s.seq, s.text, s.char_start FROM sentences s "
            "JOIN documents d ON d.id = s.document_id ORDER BY d.id, s.seq")
    a, b = Store(one, readonly=True), Store(two, readonly=True)
    assert a.rows(dump) == b.rows(dump) and len(a.documents()) == len(EXAMPLES)
    for table in PROVENANCE_TABLES + ("checks",):
        q = f"SELECT count(*) AS n FROM {table}"
        assert a.rows(q) == b.rows(q), table


def test_failures_lists_the_files_failing_now(runner, stand_in, tmp_path, monkeypatch):
    monkeypatch.setattr(corpus.store, "utcnow", lambda: "2026-11-25T17:00:00+00:00")
    db = tmp_path / "s.db"
    (tmp_path / "a.txt").write_text("BAD")
    run(runner, "extract", tmp_path / "a.txt", "missing.pdf", "--db", db, "-q")
    run(runner, "extract", "missing.pdf", "--db", db, "-q")  # fails again: still one row
    r = run(runner, "failures", "--db", db, "--csv")
    assert r.stdout == (
        "path,code,message,at\n"
        f"{tmp_path / 'a.txt'},E013,[E013] cannot parse {tmp_path / 'a.txt'}: the file is damaged "
        "or truncated; re-download it or repair it (for example `qpdf in.pdf out.pdf`),"
        "2026-11-25T17:00:00+00:00\n"
        "missing.pdf,E001,[E001] no such file: missing.pdf: check the path (folders and globs are "
        "accepted too),2026-11-25T17:00:00+00:00\n")
    (tmp_path / "a.txt").write_text(TEXT)
    run(runner, "extract", tmp_path / "a.txt", "--db", db, "-q")
    assert run(runner, "failures", "--db", db, "--tsv").stdout.splitlines()[1:] == [
        "missing.pdf\tE001\t[E001] no such file: missing.pdf: check the path (folders and globs "
        "are accepted too)\t2026-11-25T17:00:00+00:00"]


def test_extract_into_a_missing_folder(runner, tmp_path):
    db = tmp_path / "no" / "such" / "s.db"
    r = run(runner, "extract", "a.txt", "--db", db)
    assert r.exit_code == 1
    assert r.stderr == (f"Error: [E023] cannot create {db}: folder {db.parent} does not exist: "
                        "create the folder first, or choose another --db path\n")


def test_show_quotes(runner, db):
    r = run(runner, "show", "1", "--db", db, "--quotes")
    assert r.exit_code == 0
    assert r.stdout.splitlines()[3:13] == [
        'Study 1: rct, randomized, double-blind, placebo control, allocation 2:1, 98 randomized'
        '  <- "double-blind trial"',
        "  Arms:",
        '    MSCs (intervention): n=66, umbilical cord MSCs, 4×10^7 cells, days 0, 3 and 6'
        '  <- "MSCs (n=66)"',
        '    placebo (control): n=32, placebo  <- "placebo (n=32)"',
        "  Outcomes:",
        '    fatigue improved [binary, primary]  <- "Fatigue improved"',
        '      MSCs: percent 46.94 %  <- "46.94%"',
        '      placebo: percent 28.13 %  <- "28.13%"',
        '      MSCs: events 31 (derived)  <- derived: round(46.94% × 66) = 31, from "46.94%"',
        '      OR 2.27 (95% CI 0.91 to 5.66), p = 0.08, not significant'
        '  <- "OR 2.27, 95% CI 0.91–5.66; p=0.08"',
    ]


def test_extract_into_another_applications_database(runner, tmp_path):
    import sqlite3
    db = tmp_path / "app.sqlite"
    sqlite3.connect(db).execute("CREATE TABLE t (x)").connection.commit()
    r = run(runner, "extract", "a.txt", "--db", db)
    assert r.exit_code == 1
    assert r.stderr == (f"Error: [E025] {db} is a SQLite database of another application: choose "
                        "another --db path (a new file name creates a store); evidence never writes "
                        "into another application's database\n")
    assert run(runner, "sql", "select count(*) as n from t", "--db", db, "--csv").stdout == "n\n0\n"


def test_every_command_is_documented():
    """Each command has a help text and appears in the README (datasette's docs coverage)."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for name, command in cli.cli.commands.items():
        assert command.help and command.help.strip(), name
        assert f"evidence {name}" in readme, f"`evidence {name}` is not in the README"
        for param in command.params:
            if isinstance(param, click.Option) and not param.hidden:
                assert param.help, f"evidence {name} {param.opts[0]} has no help text"
