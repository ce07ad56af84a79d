"""The README's command-line session runs as written, from the repository root of a fresh copy.

Every ```console block of README.md is read; its ``$ `` lines are run in order by bash in a
temporary copy of the repository (the files git tracks, or the checkout without ``.venv``,
``.git`` and stores), with the installed ``evidence`` on the PATH and no ``$EVIDENCE_DB``, so
they share ``./evidence.db`` as a reader following the README would.  Each must exit 0 and
print no traceback.  (Lines without ``$ `` — the set-up commands and shown output — are not run.)
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def console_commands(text: str) -> list[str]:
    """The ``$ `` lines of the ```console blocks, in order (trailing ``# comments`` kept: bash
    ignores them).

    >>> console_commands("x\\n```console\\n$ evidence documents\\nid\\n```\\n```sh\\n$ no\\n```\\n")
    ['evidence documents']
    """
    out = []
    for block in re.findall(r"^```console\n(.*?)^```", text, flags=re.S | re.M):
        out += [line[2:] for line in block.splitlines() if line.startswith("$ ")]
    return out


def fresh_copy(dest: Path) -> Path:
    """The repository's tracked files copied to ``dest`` (git ls-files; else the tree without
    virtualenvs, caches and stores)."""
    try:
        files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                               check=True).stdout.decode().split("\0")
    except (OSError, subprocess.CalledProcessError):
        files = None
    if files:
        for f in filter(None, files):
            src = ROOT / f
            if src.is_file():
                (dest / f).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dest / f)
    else:
        shutil.copytree(ROOT, dest, dirs_exist_ok=True, ignore=shutil.ignore_patterns(
            ".venv", ".git", "*.db", "*.db-*", "__pycache__", ".hypothesis", "out"))
    return dest


def test_readme_has_a_console_session():
    cmds = console_commands(README.read_text(encoding="utf-8"))
    assert len(cmds) >= 10 and cmds[0].startswith("evidence extract tests/data/")


@pytest.mark.slow
def test_readme_commands_run_from_the_repository_root(tmp_path):
    cmds = console_commands(README.read_text(encoding="utf-8"))
    repo = fresh_copy(tmp_path / "repo")
    env = {k: v for k, v in os.environ.items() if k != "EVIDENCE_DB"}
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    assert shutil.which("evidence", path=env["PATH"]), "the evidence command is not installed"
    for cmd in cmds:
        r = subprocess.run(["bash", "-c", cmd], cwd=repo, env=env, capture_output=True, text=True,
                           timeout=600)
        assert r.returncode == 0, f"{cmd!r} exited {r.returncode}:\n{r.stdout[-2000:]}\n{r.stderr[-2000:]}"
        assert "Traceback" not in r.stderr, f"{cmd!r} printed a traceback:\n{r.stderr[-3000:]}"
    assert (repo / "evidence.db").exists()


def test_stores_are_ignored_by_git():
    """The README's set-up command leaves ``example.db`` (and its WAL files) in the checkout."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    for name in ("example.db", "example.db-wal", "example.db-shm", "evidence.db", "sub/x.db"):
        r = subprocess.run(["git", "check-ignore", "--no-index", "-q", name], cwd=ROOT)
        assert r.returncode == 0, f"{name} is not ignored by .gitignore"
