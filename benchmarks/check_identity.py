"""Identity check: a fixed set of documents extracted by a base revision and by the working tree
gives the same store, table by table and row by row.

The set: every article fixture under ``tests/data`` (PDF, HTML, JATS XML, text), the 10 rct-dev
texts, the first 30 ei-dev ``train`` JATS articles (the unseen draws of
``devcorpus.unseen_articles`` left out) and 3 refs-dev PDFs (corpora read in place
from ``../shared``).  Each side runs ``evidence extract FILES --db X -q`` in a fresh process from
its own source tree (the base is ``git archive``'d into a temporary folder, its store kept in
the cache folder by commit, so a second check reuses it).  Every table of the store is then
compared row for row by :func:`compare_stores.compare` (the columns that hold a time left out);
the tables that differ are printed with their first rows.

    .venv/bin/python benchmarks/check_identity.py [--base REV] [--cache /tmp/evidence-identity]
                                                  [--keep]

Exit status 0 when the stores are equal, 1 otherwise.  Used before every change meant to make
extraction faster without changing what it extracts.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from compare_stores import compare  # noqa: E402
from devcorpus import shared_dir, unseen_articles  # noqa: E402

SUFFIXES = {".pdf", ".html", ".htm", ".xml", ".nxml", ".txt"}


def fixtures() -> list[Path]:
    """The article fixtures of ``tests/data`` (expected outputs and notes left out)."""
    out = []
    for p in sorted((ROOT / "tests" / "data").rglob("*")):
        if not p.is_file() or p.suffix.lower() not in SUFFIXES:
            continue
        if any(part in ("golden", "expected") for part in p.parts) or p.name.endswith((".expected.txt", ".gold.txt")):
            continue
        out.append(p)
    return out


def document_set(shared: Path) -> list[Path]:
    corpus = shared / "corpus"
    files = fixtures()
    files += sorted((corpus / "rct-dev" / "txt").glob("*.txt"))[:10]
    arts = set()
    with open(corpus / "ei-dev" / "prompts.jsonl", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r.get("split") == "train":
                arts.add(r["article"])
    arts -= unseen_articles()
    files += [corpus / "ei-dev" / "nxml" / f"{a}.nxml" for a in sorted(arts)[:30]]
    files += sorted((corpus / "refs-dev" / "pdfs").glob("*.pdf"))[:3]
    return [f for f in files if f.exists()]


def extract(tree: Path, files: list[Path], db: Path) -> float:
    """``evidence extract`` of ``files`` into ``db`` with the code of ``tree``; CPU seconds."""
    for p in db.parent.glob(db.name + "*"):
        p.unlink()
    listing = db.with_suffix(".files")
    listing.write_text("\n".join(str(f) for f in files), encoding="utf-8")
    code = ("import sys; sys.path.insert(0, %r); import cli; "
            "files = open(%r, encoding='utf-8').read().split('\\n'); "
            "sys.exit(cli.main(['extract', *files, '--db', %r, '-q']))") % (str(tree), str(listing), str(db))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    before = os.times()
    res = subprocess.run([sys.executable, "-c", code], cwd=str(tree), env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    after = os.times()
    if res.returncode not in (0, 1):  # 1: some files failed (their failures are compared too)
        sys.stderr.write(res.stderr[-4000:])
        raise SystemExit(f"extract with {tree} ended with status {res.returncode}")
    return (after.children_user - before.children_user) + (after.children_system - before.children_system)


def stats(db: Path) -> str:
    conn = sqlite3.connect(str(db))
    count = 'SELECT count(*) FROM "%s"'
    return ", ".join(f"{t} {conn.execute(count % t).fetchone()[0]}"
                     for t in ("documents", "sentences", "studies", "arms", "outcomes", "arm_results",
                               "effects", "checks", "refs", "citations", "works", "failures"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", default=None,
                    help="the revision compared against (default: where this branch left main)")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "evidence-identity")
    ap.add_argument("--shared", type=Path, default=None)
    ap.add_argument("--keep", action="store_true", help="keep the new store (printed)")
    a = ap.parse_args(argv)
    shared = a.shared or shared_dir()
    files = document_set(shared)
    base = a.base or subprocess.run(["git", "merge-base", "HEAD", "main"], cwd=ROOT, capture_output=True,
                                    text=True, check=True).stdout.strip()
    commit = subprocess.run(["git", "rev-parse", base], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout.strip()
    a.cache.mkdir(parents=True, exist_ok=True)
    tree = a.cache / f"tree-{commit[:12]}"
    if not (tree / "cli.py").exists():
        tree.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", commit], cwd=ROOT, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    base_db = a.cache / f"base-{commit[:12]}-{len(files)}.db"
    print(f"{len(files)} documents; base {base} ({commit[:12]})", flush=True)
    if not base_db.exists():
        tmp = base_db.with_suffix(".tmp.db")
        t = time.perf_counter()
        cpu = extract(tree, files, tmp)
        for suffix in ("", "-wal", "-shm"):
            src = Path(str(tmp) + suffix)
            if src.exists():
                src.rename(str(base_db) + suffix)
        print(f"base:   {time.perf_counter() - t:.1f} s wall, {cpu:.1f} s cpu", flush=True)
    else:
        print(f"base:   reused {base_db}", flush=True)
    new_db = Path(tempfile.mkdtemp(prefix="identity-")) / "new.db"
    t = time.perf_counter()
    cpu = extract(ROOT, files, new_db)
    print(f"new:    {time.perf_counter() - t:.1f} s wall, {cpu:.1f} s cpu", flush=True)
    print("rows:  ", stats(new_db))
    report = io.StringIO()
    same = compare(str(base_db), str(new_db), out=report)
    for line in report.getvalue().splitlines():
        if not line.endswith(", equal"):  # the tables that differ, with their first rows
            print(line)
    if a.keep:
        print("new store:", new_db)
    else:
        for p in new_db.parent.glob("*"):
            p.unlink()
        new_db.parent.rmdir()
    print("IDENTICAL" if same else "DIFFERENT")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
