"""The garbage collector paused while a process loads what it keeps (extractor.pipeline.warm_up,
the first document of a one-process batch) is on again afterwards, whatever happened."""
import gc
from pathlib import Path

import pytest

from corpus import Store
from corpus.ingest import ingest
from extractor.pipeline import collector_paused

DATA = Path(__file__).resolve().parent / "data"


def test_the_collector_is_paused_in_the_block_and_restored_after():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError):
        with collector_paused():
            raise ValueError("boom")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # left off by the caller: stays off
    finally:
        gc.enable()


@pytest.mark.parametrize("first_fails", [False, True])
def test_a_one_process_batch_leaves_the_collector_on_and_nothing_frozen(tmp_path, first_fails):
    files = [str(DATA / "msc-long-covid-news.txt")]
    if first_fails:
        files.insert(0, str(tmp_path / "missing.txt"))
        (tmp_path / "empty.txt").write_text("", encoding="utf-8")
        files.insert(1, str(tmp_path / "empty.txt"))  # read, and fails: the first extraction
    store = Store(str(tmp_path / "x.db"))
    report = ingest(files, store)
    assert report.stored == 1 and report.failed == (2 if first_fails else 0)
    assert gc.isenabled() and gc.get_freeze_count() == 0
