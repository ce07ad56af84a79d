"""Shared fixtures.  Tests never touch user data: the store always lives in ``tmp_path``."""
from pathlib import Path

import pytest

pytest.register_assert_rewrite("golden_files")  # show the differing items of a golden mismatch
from golden_files import GOLDEN_ROOT, Golden  # noqa: E402

DATA = Path(__file__).parent / "data"
EXAMPLE_FORMATS = {
    "txt": DATA / "msc-long-covid-news.txt",
    "html": DATA / "msc-long-covid-news.html",
    "pdf": DATA / "msc-long-covid-news.pdf",
    "2col.pdf": DATA / "msc-long-covid-news-2col.pdf",
}


def pytest_configure(config):
    """Tables the tool caches on disk (the LTWA rows) go to a folder of this run, never the
    user's cache."""
    import os
    import tempfile

    config._evidence_cache = tempfile.mkdtemp(prefix="evidence-test-cache-")
    os.environ["EVIDENCE_CACHE_DIR"] = config._evidence_cache


def pytest_unconfigure(config):
    import shutil

    if getattr(config, "_evidence_cache", None):
        shutil.rmtree(config._evidence_cache, ignore_errors=True)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/* from the current output (review the diff)")
    parser.addoption("--golden-dir", default=None,
                     help="read and write golden files under this folder instead of tests/golden")


@pytest.fixture
def update_golden(request) -> bool:
    """True when the run was asked to rewrite golden files (``pytest --update-golden``)."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def golden(request) -> Golden:
    """Every golden-file test compares through this: ``golden.check("trials/x.json", got)``.
    A missing golden file fails; only ``--update-golden`` writes one."""
    root = request.config.getoption("--golden-dir")
    return Golden(Path(root) if root else GOLDEN_ROOT, bool(request.config.getoption("--update-golden")))


@pytest.fixture(autouse=True)
def _strict_extraction(monkeypatch):
    """An unexpected error in an extraction stage fails the test that met it (users get an
    ``extraction_incomplete`` flag and the rest of the document instead)."""
    monkeypatch.setenv("EVIDENCE_STRICT", "1")


@pytest.fixture(autouse=True)
def _isolated_store(tmp_path, monkeypatch):
    """Point the default store at a temporary file so no test can write ./evidence.db."""
    monkeypatch.setenv("EVIDENCE_DB", str(tmp_path / "evidence.db"))
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture(params=list(EXAMPLE_FORMATS), ids=list(EXAMPLE_FORMATS))
def example_path(request) -> Path:
    """The shared example article, once per format."""
    return EXAMPLE_FORMATS[request.param]
