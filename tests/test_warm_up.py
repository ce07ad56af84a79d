"""What ``extractor.warm_up`` loads before ``--workers N`` forks its workers.

A worker forked from the warmed batch process shares what was loaded; whatever the warm-up
leaves to first use (a module, a table) is built again in every worker.  Checked in a fresh
interpreter: after the warm-up, extracting one file of every kind imports no further module of
the extractor and fills no further table built on first use.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from extractor import pipeline

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
FILES = ["msc-long-covid-news.pdf", "msc-long-covid-news-2col.pdf", "msc-long-covid-news.html",
         "msc-long-covid-news.txt", "jats/vitd-icu-trial.xml", "graph/m03.xml", "graph/b03.pdf",
         "graph/l01.txt", "graph/m02.html"]

PROBE = r"""
import json, sys
import extractor
from extractor import pipeline
extractor.warm_up()
modules = {m for m in sys.modules if m.startswith("extractor")}
for path in sys.argv[1:]:
    extractor.extract(path)
print(json.dumps({"modules": sorted({m for m in sys.modules if m.startswith("extractor")} - modules),
                  "tables": pipeline.load_tables()}))
"""


def test_warm_up_leaves_no_module_or_table_to_the_workers():
    out = subprocess.run([sys.executable, "-c", PROBE, *[str(DATA / f) for f in FILES]],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert found == {"modules": [], "tables": []}


def test_load_tables_fills_argumentless_once_cached_functions_only(monkeypatch):
    import functools
    import types

    calls = []
    mod = types.ModuleType("extractor._probe_tables")

    @functools.lru_cache(maxsize=1)
    def table():
        calls.append("table")
        return frozenset({"a"})

    @functools.lru_cache(maxsize=1)
    def keyed(name):  # a cache of one answer, not a table
        calls.append(name)

    @functools.lru_cache(maxsize=None)
    def words():  # unbounded: a per-word cache, not a table
        calls.append("words")

    @functools.lru_cache(maxsize=1)
    def broken():
        raise OSError("missing data file")

    for fn in (table, keyed, words, broken):
        fn.__module__ = mod.__name__
        setattr(mod, fn.__name__, fn)
    monkeypatch.setitem(sys.modules, mod.__name__, mod)
    filled = pipeline.load_tables()
    assert "extractor._probe_tables.table" in filled
    assert not any(f.startswith("extractor._probe_tables.") and f != "extractor._probe_tables.table"
                   for f in filled)
    assert calls == ["table"]
    assert "extractor._probe_tables.table" not in pipeline.load_tables()  # filled once
