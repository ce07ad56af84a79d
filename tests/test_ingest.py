"""Batch ingest with a stand-in extractor (the real one is exercised in test_cli and reliability).

The stand-in reads the file and returns the hand-made article for its bytes, or raises what the
first bytes ask for, so these tests are about the batch logic alone: expansion, resume,
failures, strictness and workers.
"""
import os
from pathlib import Path

import pytest

import extractor
from corpus import Store
from corpus.ingest import Input, expand, ingest
from extractor.errors import CorruptFile
from handmade import TEXT, article


def fake_extract(path, **options):
    data = Path(path).read_bytes()
    if data.startswith(b"BAD"):
        raise CorruptFile(f"cannot parse {path}")
    if data.startswith(b"BOOM"):
        raise ZeroDivisionError("division by zero")
    if data.startswith(b"CRASH"):
        os._exit(3)  # a worker dying in native code
    if "max_pages" in options and options["max_pages"] < 1:
        raise AssertionError("options passed through")
    return article(path=str(path), text=data.decode(), version=extractor.__version__)


@pytest.fixture(autouse=True)
def stand_in(monkeypatch):
    calls = []

    def extract(path, **options):
        calls.append(str(path))
        return fake_extract(path, **options)

    monkeypatch.setattr(extractor, "extract", extract)
    return calls


def write(folder: Path, name: str, content: str) -> str:
    p = folder / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(content, encoding="utf-8")
    return str(p)


@pytest.fixture
def batch(tmp_path):
    d = tmp_path / "papers"
    files = [write(d, "a.txt", TEXT + "a"), write(d, "b.txt", "BAD bytes"),
             write(d, "sub/c.html", TEXT + "c"), write(d, "notes.docx", "ignored"),
             write(d, ".hidden/d.txt", TEXT + "d")]
    return d, files


def test_expand_files_folders_globs_in_order(batch, tmp_path):
    d, files = batch
    got = expand([files[2], str(d), str(tmp_path / "papers" / "*.txt"), "missing.pdf"])
    assert [i.path for i in got] == [files[2], files[0], files[1], "missing.pdf"]
    assert got[-1].error.code == "E001"
    empty = tmp_path / "empty"
    empty.mkdir()
    (e,) = expand([empty])
    assert e.error.code == "E002" and "no supported file in folder" in e.error.message
    (g,) = expand([str(tmp_path / "*.nothing")])
    assert g.error.code == "E001" and "no file matches" in g.error.message


def test_batch_goes_on_after_a_bad_file(batch, tmp_path):
    d, files = batch
    store = Store(tmp_path / "s.db")
    seen = []
    report = ingest([d, "missing.pdf"], store, progress=seen.append)
    assert (report.stored, report.unchanged, report.failed) == (2, 0, 2)
    assert (report.pages, report.sentences) == (2, 16)
    assert [i["status"] for i in seen] == ["stored", "failed", "stored", "failed"]
    assert [f["code"] for f in store.failures()] == ["E013", "E001"]
    assert store.failures()[0]["message"].startswith(f"[E013] cannot parse {files[1]}")
    assert report.summary().startswith(
        "2 documents stored (0 unchanged), 2 pages, 16 sentences, 2 failures in ")


def test_rerun_skips_stored_bytes_without_extracting(batch, tmp_path, stand_in):
    d, files = batch
    store = Store(tmp_path / "s.db")
    ingest([d], store)
    stand_in.clear()
    report = ingest([d], store)
    assert (report.stored, report.unchanged, report.failed) == (0, 2, 1)
    assert stand_in == [files[1]]  # only the bad file is tried again
    forced = ingest([d], store, force=True)
    assert (forced.replaced, forced.failed) == (2, 1)
    assert store.conn.execute("select count(*) from documents").fetchone()[0] == 2


def test_new_extractor_version_is_re_extracted(batch, tmp_path, monkeypatch, stand_in):
    d, files = batch
    store = Store(tmp_path / "s.db")
    ingest([files[0]], store)
    monkeypatch.setattr(extractor, "__version__", "9.9.9")
    stand_in.clear()
    report = ingest([files[0]], store)
    assert report.replaced == 1 and stand_in == [files[0]]


def test_unexpected_exception_is_recorded_as_internal_error(tmp_path):
    store = Store(tmp_path / "s.db")
    p = write(tmp_path, "boom.txt", "BOOM")
    report = ingest([p, write(tmp_path, "ok.txt", TEXT)], store)
    assert (report.stored, report.failed) == (1, 1)
    (f,) = store.failures()
    assert f["code"] == "E099" and "ZeroDivisionError: division by zero" in f["message"]
    assert f["sha256"] == report.items[0]["sha256"] and len(f["sha256"]) == 64


def test_strict_stops_at_the_first_failure(batch, tmp_path):
    d, files = batch
    store = Store(tmp_path / "s.db")
    report = ingest([d], store, strict=True)
    assert report.stopped and [i["status"] for i in report.items] == ["stored", "failed"]
    assert store.conn.execute("select count(*) from documents").fetchone()[0] == 1


def test_failures_cleared_when_the_path_later_succeeds(tmp_path):
    store = Store(tmp_path / "s.db")
    p = write(tmp_path, "x.txt", "BAD")
    ingest([p], store)
    assert len(store.failures()) == 1
    write(tmp_path, "x.txt", TEXT)
    assert ingest([p], store).stored == 1
    assert store.failures() == []


def test_options_reach_the_extractor(tmp_path):
    store = Store(tmp_path / "s.db")
    p = write(tmp_path, "x.txt", TEXT)
    report = ingest([p], store, options={"max_pages": 0, "max_mb": None})
    assert report.items[0]["code"] == "E099" and "options passed through" in report.items[0]["message"]


def snapshot(store):
    q = store.conn.execute
    return (q("select id, sha256, path from documents order by id").fetchall(),
            q("select document_id, seq, text from sentences order by id").fetchall(),
            q("select path, code from failures order by id").fetchall())


def test_workers_give_the_same_store_as_one_process(tmp_path):
    files = [write(tmp_path / "in", f"{i:02}.txt", "BAD" if i % 4 == 1 else TEXT + str(i))
             for i in range(10)]
    one, two = Store(tmp_path / "one.db"), Store(tmp_path / "two.db")
    r1 = ingest(files, one, workers=1)
    r2 = ingest(files, two, workers=2)
    strip = [{k: v for k, v in i.items()} for i in r1.items]
    assert [i["status"] for i in r2.items] == [i["status"] for i in strip]
    assert snapshot(one) == snapshot(two)
    assert (r2.stored, r2.failed) == (7, 3)


def test_a_worker_that_dies_is_recorded_and_the_batch_goes_on(tmp_path):
    files = [write(tmp_path, f"{i}.txt", TEXT + str(i)) for i in range(3)]
    files.insert(1, write(tmp_path, "crash.txt", "CRASH"))
    store = Store(tmp_path / "s.db")
    report = ingest([Input(f) for f in files], store, workers=2)
    assert [i["status"] for i in report.items] == ["stored", "failed", "stored", "stored"]
    assert report.items[1]["code"] == "E099" and "process died" in report.items[1]["message"]


def test_links_in_a_folder_stay_in_it(tmp_path, stand_in):
    """A link to a file inside the folder is read; one leading outside it or in a loop (E018)
    and a broken one (E001) get a failures row each; links to folders are not descended."""
    import os

    d = tmp_path / "papers"
    inside = write(d, "a.txt", TEXT + "a")
    outside = write(tmp_path / "private", "secret.txt", TEXT + "secret")
    os.symlink("a.txt", d / "same.txt")  # the same file twice: read once
    (d / "sub").mkdir()
    os.symlink("../a.txt", d / "sub" / "inner.txt")
    os.symlink(outside, d / "leak.txt")
    os.symlink("nowhere.txt", d / "dangling.txt")
    os.symlink("loop-b.txt", d / "loop-a.txt")
    os.symlink("loop-a.txt", d / "loop-b.txt")
    os.symlink(tmp_path / "private", d / "linked-folder")
    store = Store(tmp_path / "s.db")
    report = ingest([d], store)
    assert stand_in == [inside]
    assert report.stored == 1
    got = {Path(f["path"]).name: f["code"] for f in store.failures()}
    assert got == {"dangling.txt": "E001", "leak.txt": "E018", "loop-a.txt": "E018",
                   "loop-b.txt": "E018"}
    leak = next(f for f in store.failures() if f["path"].endswith("leak.txt"))
    assert "outside the folder" in leak["message"] and "secret" not in stand_in[0]
    # named on the command line, the same link is the user's choice and is read
    stand_in.clear()
    ingest([d / "leak.txt"], store)
    assert stand_in == [str(d / "leak.txt")]


def test_one_process_freezes_what_the_first_document_loaded_for_the_batch_only(tmp_path):
    import gc

    files = [write(tmp_path / "in", f"{i:02}.txt", "BAD" if i == 0 else TEXT + str(i)) for i in range(4)]
    seen = []
    assert gc.get_freeze_count() == 0
    report = ingest(files, Store(tmp_path / "one.db"), workers=1,
                    progress=lambda item: seen.append((item["status"], gc.get_freeze_count() > 0)))
    # not after a failure (nothing may be loaded yet); once the first document is stored
    assert seen == [("failed", False), ("stored", False), ("stored", True), ("stored", True)]
    assert report.stored == 3 and gc.get_freeze_count() == 0
