"""Helpers shared by the reliability tests: run the CLI, read a store, compare two stores."""
from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

CODED_LINE = re.compile(r"\[(E\d{3})\] \S.*: \S")
"""A coded error line with a next step: ``[E012] message: what to do``."""


def evidence_command() -> list[str]:
    """The installed ``evidence`` script next to this interpreter, else ``python -c``."""
    script = Path(sys.executable).with_name("evidence")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from cli import main; sys.exit(main())"]


def run_cli(*args: str, env: dict | None = None, timeout: float = 300,
            cwd: str | os.PathLike | None = None) -> subprocess.CompletedProcess:
    """Run ``evidence ARGS`` in a subprocess and return the completed process (text mode)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(evidence_command() + [str(a) for a in args], capture_output=True,
                          text=True, env=full_env, timeout=timeout, cwd=cwd)


def invoke(*args: str, env: dict | None = None):
    """Run ``evidence ARGS`` in-process with click's runner (stdout and stderr kept apart)."""
    from click.testing import CliRunner

    import cli

    command = getattr(cli, "cli", None) or cli.main
    return CliRunner().invoke(command, [str(a) for a in args], env=env,
                              catch_exceptions=False)


def assert_clean_error(stderr: str, code: str, *, about: str | None = None) -> str:
    """Assert ``stderr`` holds a coded one-line error ``code`` (about ``about``) with a next step.

    Returns the matching line.  No traceback may appear anywhere.
    """
    assert "Traceback" not in stderr, stderr
    lines = [ln for ln in stderr.splitlines() if f"[{code}]" in ln
             and (about is None or about in ln)]
    assert lines, f"no [{code}] line{' about ' + about if about else ''} in stderr:\n{stderr}"
    assert CODED_LINE.search(lines[0]), f"not 'code message: next step': {lines[0]!r}"
    return lines[0]


def rows(db: str | os.PathLike, sql: str, params=()) -> list[tuple]:
    """Rows of ``sql`` read from the store file with a plain read-only connection."""
    if not Path(db).exists():
        return []
    conn = sqlite3.connect(Path(db).resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def failures(db) -> dict[str, str]:
    """``{file name: code}`` of the store's failures table."""
    return {Path(p).name: c for p, c in rows(db, "SELECT path, code FROM failures")}


def stored_names(db) -> set[str]:
    """File names of the stored documents."""
    return {Path(p).name for (p,) in rows(db, "SELECT path FROM documents")}


# Tables whose rows hang off one document, and how to reach its document id.
PER_DOCUMENT = {
    "sentences": "SELECT document_id, count(*) FROM sentences GROUP BY 1",
    "studies": "SELECT document_id, count(*) FROM studies GROUP BY 1",
    "arms": "SELECT s.document_id, count(*) FROM arms a JOIN studies s ON s.id = a.study_id "
            "GROUP BY 1",
    "outcomes": "SELECT s.document_id, count(*) FROM outcomes o JOIN studies s "
                "ON s.id = o.study_id GROUP BY 1",
    "arm_results": "SELECT s.document_id, count(*) FROM arm_results r JOIN outcomes o "
                   "ON o.id = r.outcome_id JOIN studies s ON s.id = o.study_id GROUP BY 1",
    "effects": "SELECT s.document_id, count(*) FROM effects e JOIN outcomes o "
               "ON o.id = e.outcome_id JOIN studies s ON s.id = o.study_id GROUP BY 1",
    "refs": "SELECT document_id, count(*) FROM refs GROUP BY 1",
    "citations": "SELECT document_id, count(*) FROM citations GROUP BY 1",
    "checks": "SELECT document_id, count(*) FROM checks GROUP BY 1",
}


def canonical_dump(db) -> dict[str, dict]:
    """The store reduced to what must not depend on ids, timing or worker order.

    ``{sha256: {"path", "format", "title", "pages", "text_len", <table>: row count, ...,
    "sentences_text": hash of the ordered sentence texts}}`` plus ``"_failures"``: sorted
    ``(file name, code)`` pairs and ``"_duplicates"``: shas stored more than once.
    """
    import hashlib

    dump: dict[str, dict] = {}
    by_id = {}
    for doc_id, sha, path, fmt, title, pages, n in rows(
            db, "SELECT id, sha256, path, format, title, pages, length(text) FROM documents"):
        by_id[doc_id] = sha
        dump[sha] = {"path": Path(path).name, "format": fmt, "title": title, "pages": pages,
                     "text_len": n}
    for table, sql in PER_DOCUMENT.items():
        try:
            counts = dict(rows(db, sql))
        except sqlite3.OperationalError:  # a table a later migration adds
            continue
        for doc_id, sha in by_id.items():
            dump[sha][table] = counts.get(doc_id, 0)
    for doc_id, sha in by_id.items():
        texts = rows(db, "SELECT text FROM sentences WHERE document_id = ? ORDER BY seq",
                     (doc_id,))
        dump[sha]["sentences_text"] = hashlib.sha256(
            "\x1e".join(t for (t,) in texts).encode()).hexdigest()[:16]
    dump["_failures"] = sorted({(Path(p).name, c) for p, c in
                                rows(db, "SELECT path, code FROM failures")})
    dump["_duplicates"] = rows(db, "SELECT sha256, count(*) FROM documents GROUP BY 1 "
                                   "HAVING count(*) > 1")
    return dump


def half_written(db) -> list[str]:
    """Shas of documents stored without their sentences (a half-written document)."""
    return [sha for (sha,) in rows(
        db, "SELECT sha256 FROM documents d WHERE length(d.text) > 0 AND NOT EXISTS "
            "(SELECT 1 FROM sentences s WHERE s.document_id = d.id)")]

