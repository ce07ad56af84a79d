"""Golden files: whole outputs kept under ``tests/golden`` and compared as JSON.

A golden file is written only by an explicit ``pytest --update-golden`` run; a test whose golden
file is missing fails (a new fixture never passes on its first run whatever its output).
``--golden-dir DIR`` reads and writes the golden files under DIR instead of ``tests/golden``.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

GOLDEN_ROOT = Path(__file__).parent / "golden"


class Golden:
    """Compares an output with its golden file ``root/<relpath>``."""

    def __init__(self, root: Path = GOLDEN_ROOT, update: bool = False):
        self.root = Path(root)
        self.update = update

    def path(self, relpath: str) -> Path:
        return self.root / relpath

    def check(self, relpath: str, got: Any, **dumps: Any) -> None:
        """Assert that ``got`` equals the golden file ``relpath`` (JSON, compared as data).

        With ``update`` the file is (re)written from ``got`` first (``dumps`` are keyword
        arguments of :func:`json.dumps`, ``indent=1`` and ``ensure_ascii=False`` by default);
        without it a missing file fails the test and nothing is written."""
        dumps = {"indent": 1, "ensure_ascii": False, **dumps}
        text = json.dumps(got, **dumps) + "\n"
        path = self.path(relpath)
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
        elif not path.exists():
            pytest.fail(f"golden file missing: {path}; write it with `pytest --update-golden` "
                        f"and review it before committing", pytrace=False)
        want = json.loads(path.read_text(encoding="utf-8"))
        assert json.loads(text) == want, f"output differs from {path} (pytest --update-golden rewrites it)"
