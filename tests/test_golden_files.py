"""Golden files fail when missing and are written only by ``--update-golden``: the helper on its
own, and a real pytest run of one test of every golden-file module against an empty folder."""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from golden_files import GOLDEN_ROOT, Golden

HERE = Path(__file__).parent

# one test of each module that compares with tests/golden/<folder>/
ONE_PER_FOLDER = {
    "trials": ("test_trials_fixtures.py::test_golden[01-nejm-abstract]", "trials/01-nejm-abstract.json"),
    "refs": ("test_references.py::test_golden[ama_superscript]", "refs/ama_superscript.json"),
    "readers": ("test_readers_golden.py::test_reader_golden[news-txt]", "readers/news-txt.json"),
    "graph": ("test_graph.py::test_golden_summary_of_the_three_graphs", "graph/corpus-graphs.json"),
    "checks": ("test_checks_golden.py::test_golden_example", "checks/msc-long-covid-news.json"),
    "tables": ("test_tables_readers.py::test_tables_golden[text-tables]", "tables/text-tables.json"),
    "review": ("test_review_corpus.py::test_golden_review_corpus", "review/corpus.json"),
    "pdf_layouts": ("test_readers_pdf_layouts.py::test_layout_golden[superscripts]", "pdf_layouts/superscripts.json"),
}


def test_a_missing_golden_file_fails_and_is_not_written(tmp_path):
    g = Golden(tmp_path, update=False)
    with pytest.raises(pytest.fail.Exception, match="golden file missing"):
        g.check("trials/new.json", {"a": 1})
    assert not (tmp_path / "trials" / "new.json").exists()


def test_update_writes_then_the_file_is_the_expectation(tmp_path):
    Golden(tmp_path, update=True).check("x/out.json", {"a": [1, 2]}, sort_keys=True)
    assert json.loads((tmp_path / "x" / "out.json").read_text(encoding="utf-8")) == {"a": [1, 2]}
    Golden(tmp_path).check("x/out.json", {"a": [1, 2]})
    with pytest.raises(AssertionError, match="output differs"):
        Golden(tmp_path).check("x/out.json", {"a": [1, 3]})


def test_every_golden_folder_is_covered_here():
    assert {p.name for p in GOLDEN_ROOT.iterdir() if p.is_dir()} == set(ONE_PER_FOLDER)


def test_no_test_writes_golden_files_by_itself():
    """Golden paths are built only by the shared helper (so no test can write a missing file)."""
    for f in HERE.glob("test_*.py"):
        src = f.read_text(encoding="utf-8")
        assert not re.search(r"""["']golden["']\s*\)?\s*/|/\s*["']golden["']""", src), f.name


def _run(*args, cwd):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "--rootdir", str(HERE.parent), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_golden_tests_fail_on_an_empty_golden_folder_and_write_nothing(tmp_path):
    """One real test of every golden-file module, run against an empty golden folder: each
    fails with 'golden file missing' and none writes a file (only --update-golden does, as
    the helper's own tests show)."""
    empty = tmp_path / "g"
    empty.mkdir()
    ids = [str(HERE / t) for t, _ in ONE_PER_FOLDER.values()]
    run = _run(*ids, f"--golden-dir={empty}", cwd=tmp_path)
    assert run.returncode == 1, run.stdout + run.stderr
    assert f"{len(ids)} failed" in run.stdout, run.stdout
    assert run.stdout.count("golden file missing") >= len(ids), run.stdout
    assert not any(empty.rglob("*")), "a run without --update-golden wrote golden files"
