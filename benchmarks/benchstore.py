"""Stores of extracted benchmark corpora, cached under ``benchmarks/out/`` (git-ignored).

A corpus is extracted once per *extractor fingerprint*: the extractor version plus a sha256 over
the extractor's source and data files, so any change to the rules re-extracts and an unchanged
extractor reuses the store.  Inside a store each file is keyed by its sha256 (``Store.save``
skips bytes already stored by the same version), so adding files to a corpus extracts only
the new ones.

>>> len(fingerprint()) == 12
True
"""
from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import Iterable, Optional

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
SHARED = Path(os.environ.get("EVIDENCE_SHARED") or ROOT.parent / "shared")
if not SHARED.is_dir():  # a worktree under /work/wt/<name>
    SHARED = ROOT.parent.parent / "shared"
sys.path.insert(0, str(ROOT))

import extractor  # noqa: E402


def fingerprint() -> str:
    """12 hex digits naming the extractor's code and data (version included)."""
    h = hashlib.sha256(extractor.__version__.encode())
    base = ROOT / "extractor"
    for p in sorted(base.rglob("*")):
        if p.is_file() and p.suffix in (".py", ".json", ".txt", ".tsv") and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(base)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:12]


def corpus_store(name: str, paths: Iterable[Path], *, workers: int = 1, reuse: bool = False,
                 quiet: bool = False):
    """The :class:`corpus.Store` holding ``paths`` extracted by the current extractor.

    ``benchmarks/out/<name>-<fingerprint>.db``; with ``reuse`` the newest existing store of
    that name is taken whatever its fingerprint (quick runs while the rules change), or the
    one named by ``$BENCH_STORE_<NAME>`` (``BENCH_STORE_EI_DEV``).
    """
    from corpus import Store
    from corpus.ingest import ingest

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}-{fingerprint()}.db"
    pinned = os.environ.get(f"BENCH_STORE_{name.upper().replace('-', '_')}")
    if reuse and pinned:
        path = Path(pinned)  # e.g. BENCH_STORE_EI_DEV=benchmarks/out/ei-dev-<fingerprint>.db
    elif reuse and not path.exists():
        old = sorted(OUT.glob(f"{name}-*.db"), key=lambda p: p.stat().st_mtime)
        if old:
            path = old[-1]
    store = Store(path)
    paths = [str(p) for p in paths]
    known = {r[0] for r in store.conn.execute("SELECT path FROM documents")}
    todo = [p for p in paths if p not in known]
    if todo and not (reuse and known):
        if not quiet:
            print(f"extracting {len(todo)} files into {path.name} ...", file=sys.stderr)
        ingest(todo, store, workers=workers)
    if not quiet:
        # a stage that stopped on an error is a bug to fix, not a score to take
        failed = store.conn.execute("SELECT count(*) FROM failures").fetchone()[0]
        partial = store.conn.execute("SELECT count(DISTINCT document_id) FROM checks"
                                     " WHERE \"check\" = 'extraction_incomplete'").fetchone()[0]
        if failed or partial:
            print(f"warning: {failed} files failed, {partial} documents stored without a stage"
                  " (extraction_incomplete)", file=sys.stderr)
    return store


def doc_ids(store, key: str = "pmcid") -> dict[str, int]:
    """``{file stem: document id}`` of a store (``PMC123`` for ``.../PMC123.nxml``)."""
    out = {}
    for did, path in store.conn.execute("SELECT id, path FROM documents"):
        out[Path(path).stem] = did
    return out


def uptime() -> str:
    """The machine's load averages, for timing reports."""
    try:
        return "load " + " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "load unknown"
