"""Store and batch-ingest benchmark: how fast documents are written, and what workers buy.

Prints

* ``save``: milliseconds per document for :meth:`corpus.Store.save` of an extracted article
  (the shipped example PDF, given a new sha256 each time), with and without the in-transaction
  hooks (reference linking, consistency checks), to a file store in WAL mode;
* ``re-save``: milliseconds per document when the bytes are already stored (the resume path);
* ``ingest``: documents/s of :func:`corpus.ingest.ingest` on a generated batch of text, HTML and
  PDF trial reports (``tests/badfiles.make_batch``, bad files included) with 1 and N workers,
  whether both stores hold the same rows, and the peak resident memory of this process.

Usage::

    .venv/bin/python benchmarks/bench_store.py [--docs 200] [--batch 60] [--workers 2]
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from corpus import Store  # noqa: E402
from corpus.ingest import ingest  # noqa: E402
from extractor import extract  # noqa: E402

EXAMPLE = ROOT / "tests" / "data" / "msc-long-covid-news.pdf"


def bench_save(tmp: Path, n: int, hooks: bool) -> tuple[float, float]:
    article = extract(EXAMPLE)
    copies = [dataclasses.replace(article, sha256=hashlib.sha256(f"{i}".encode()).hexdigest(),
                                  path=f"copy-{i}.pdf") for i in range(n)]
    store = Store(tmp / f"save-{hooks}.db", hooks=hooks)
    t0 = time.perf_counter()
    for a in copies:
        store.save(a)
    first = (time.perf_counter() - t0) / n * 1000
    t0 = time.perf_counter()
    for a in copies:
        assert store.save(a).status == "unchanged"
    again = (time.perf_counter() - t0) / n * 1000
    store.close()
    return first, again


def dump(path: Path) -> list:
    store = Store(path, readonly=True)
    return store.rows("SELECT d.sha256, count(s.id) AS n FROM documents d "
                      "LEFT JOIN sentences s ON s.document_id = d.id GROUP BY d.id ORDER BY d.id")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--docs", type=int, default=200, help="articles saved in the save benchmark")
    p.add_argument("--batch", type=int, default=60, help="files in the generated batch")
    p.add_argument("--workers", type=int, default=2)
    a = p.parse_args(argv)
    import badfiles

    with tempfile.TemporaryDirectory(prefix="bench-store-") as d:
        tmp = Path(d)
        for hooks in (False, True):
            first, again = bench_save(tmp, a.docs, hooks)
            print(f"save      {first:7.2f} ms/doc   ({a.docs} docs, hooks {'on ' if hooks else 'off'})"
                  f"   re-save (unchanged) {again:5.2f} ms/doc")
        good, bad = badfiles.make_batch(tmp / "batch", a.batch, bad_every=10)
        results = {}
        for workers in (1, a.workers):
            db = tmp / f"ingest-{workers}.db"
            store = Store(db)
            t0 = time.perf_counter()
            report = ingest([tmp / "batch"], store, workers=workers)
            secs = time.perf_counter() - t0
            store.close()
            results[workers] = dump(db)
            print(f"ingest    {len(good) / secs:7.2f} docs/s  (workers={workers}: "
                  f"{report.stored} stored, {report.failed} failed of {report.inputs} files "
                  f"in {secs:.1f} s)")
        same = results[1] == results[a.workers]
        print(f"workers=1 and workers={a.workers} stores identical: {same}")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory {peak:.0f} MB (this process; workers not included)")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
