"""Bad input never stops a batch: each bad file gets a coded one-line error with a next step on
stderr and a ``failures`` row, and the good files of the same batch are stored.

One batch runs every generated fixture (:mod:`badfiles`) together with a good file, in-process;
the cases that need an option (page and size limits) run on their own.
"""
from __future__ import annotations

from pathlib import Path

import pytest

import badfiles
from corpus.output import terminal_safe
from corpus.store import storable
from reliability_helpers import assert_clean_error, failures, invoke, rows, stored_names

DATA = Path(__file__).parent / "data"
GOOD = DATA / "msc-long-covid-news.txt"

@pytest.fixture(scope="module")
def bad_dir(tmp_path_factory) -> tuple[Path, dict]:
    d = tmp_path_factory.mktemp("bad")
    return d, badfiles.make_bad_inputs(d)


@pytest.fixture(scope="module")
def batch(bad_dir, tmp_path_factory):
    """One lenient batch over every case that needs no option, plus a good file at the end."""
    d, cases = bad_dir
    db = tmp_path_factory.mktemp("store") / "batch.db"
    paths = [c.path for c in cases.values() if not c.options] + [GOOD]
    result = invoke("extract", *paths, "--db", db, "--quiet")
    return result, db, cases


def _case_names(with_options: bool) -> list[str]:
    """Case names, known before the files are written (test ids at collection time)."""
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        return [n for n, c in badfiles.make_bad_inputs(d).items()
                if bool(c.options) == with_options]


@pytest.mark.parametrize("name", _case_names(False))
def test_bad_input_in_a_batch(batch, name):
    result, db, cases = batch
    case = cases[name]
    assert "Traceback" not in result.output
    name = storable(name)  # as the store keeps it (a non-UTF-8 file name gets \\x escapes)
    if case.code is None:  # awkward but valid: stored, with the right text
        assert name in stored_names(db), result.stderr
        (text,) = rows(db, "SELECT text FROM documents WHERE path LIKE ?", (f"%{name}",))[0]
        for s in case.contains:
            assert s in text, f"{s!r} missing from the text of {name}"
        for s in case.absent:
            assert s not in text, f"{s!r} leaked into the text of {name}"
        assert name not in failures(db)
    else:
        assert_clean_error(result.stderr, case.code, about=terminal_safe(name))
        assert failures(db).get(name) == case.code
        assert name not in stored_names(db)


def test_batch_goes_on_after_bad_files(batch):
    result, db, cases = batch
    assert GOOD.name in stored_names(db)
    # A lenient batch with failures still finishes; the summary reports them.
    n_bad = sum(1 for c in cases.values() if c.code and not c.options)
    assert len(failures(db)) == n_bad
    assert result.exit_code == 0, result.stderr  # a lenient batch with failures is done
    assert "Traceback" not in result.output


def test_strict_stops_at_the_first_bad_file(bad_dir, tmp_path):
    d, cases = bad_dir
    db = tmp_path / "strict.db"
    result = invoke("extract", cases["zero-byte.pdf"].path, GOOD, "--db", db, "--strict",
                    "--quiet")
    assert result.exit_code == 1
    assert_clean_error(result.stderr, "E011", about="zero-byte.pdf")
    assert GOOD.name not in stored_names(db)


@pytest.mark.parametrize("name", _case_names(True))
def test_limits_are_coded_and_can_be_raised(bad_dir, tmp_path, name):
    d, cases = bad_dir
    case = cases[name]
    db = tmp_path / "limits.db"
    result = invoke("extract", case.path, GOOD, "--db", db, "--quiet", *case.options)
    line = assert_clean_error(result.stderr, case.code, about=name)
    option = case.options[0]
    assert option in line, f"the error should name {option} to raise the limit: {line!r}"
    assert failures(db).get(name) == case.code
    assert GOOD.name in stored_names(db)
    # Raising the limit lets the same file through, and its failure row is cleared.
    raised = invoke("extract", case.path, "--db", db, "--quiet", option, "1000")
    assert raised.exit_code == 0, raised.stderr
    assert name in stored_names(db)
    assert name not in failures(db)


def test_a_directory_is_expanded_and_an_empty_one_is_reported(tmp_path):
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "nested").mkdir()
    (folder / "nested" / GOOD.name).write_bytes(GOOD.read_bytes())
    empty = tmp_path / "empty.pdf"  # a folder whose name looks like a file
    empty.mkdir()
    db = tmp_path / "dirs.db"
    result = invoke("extract", folder, empty, "--db", db, "--quiet")
    assert "Traceback" not in result.output
    assert GOOD.name in stored_names(db)
    assert "empty.pdf" in result.stderr


def test_missing_path_alone_exits_1(tmp_path):
    result = invoke("extract", tmp_path / "nope.pdf", "--db", tmp_path / "x.db", "--quiet")
    assert result.exit_code == 1
    assert_clean_error(result.stderr, "E001", about="nope.pdf")


def test_rerun_of_a_fixed_file_clears_its_failure(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(b"")
    db = tmp_path / "fix.db"
    invoke("extract", path, "--db", db, "--quiet")
    assert failures(db) == {"report.txt": "E011"}
    path.write_bytes(GOOD.read_bytes())
    result = invoke("extract", path, "--db", db, "--quiet")
    assert result.exit_code == 0, result.stderr
    assert failures(db) == {}
    assert stored_names(db) == {"report.txt"}


def test_escape_sequences_in_file_names_stay_off_the_terminal(batch):
    result, db, cases = batch
    assert not set(result.output) & {"\x1b", "\x07"}
    assert "esc\\x1b]0;owned\\x07" in result.stderr  # the warning names the file, visibly
    names = {Path(p).name for (p,) in rows(db, "SELECT path FROM failures")}
    assert badfiles.ESCAPE_NAME + ".pdf" in names  # the store keeps the real name


def test_left_out_entities_are_flagged(batch):
    """An entity that cannot be resolved is left out of the text and named in a check row."""
    result, db, cases = batch
    for name, expected in (("undeclared-entity.xml", "&nosuch; (undefined)"),
                           ("doctype-subset.html", "&xxe;")):
        (message,) = rows(db, "SELECT c.message FROM checks c JOIN documents d "
                              "ON d.id = c.document_id WHERE d.path LIKE ? "
                              "AND c.\"check\" = 'unresolved_entity'", (f"%{name}",))[0]
        assert expected in message and "never read" in message
    flagged = rows(db, "SELECT d.path FROM checks c JOIN documents d ON d.id = c.document_id "
                       "WHERE c.\"check\" = 'unresolved_entity'")
    assert not any(p.endswith("jats-entities.xml") for (p,) in flagged)
