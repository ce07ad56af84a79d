"""The trial-extraction rules, loaded once from ``extractor/data/trials/*.json``.

Every pattern a reviewer may want to extend (blinding words, control cues, routes, measures,
"lower is better" outcome words, negative contexts...) lives in those files; this module only
compiles them.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import fastre

__all__ = ["DATA_DIR", "load", "rx", "rx_any", "rx_list", "pairs"]

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "trials"
FLAGS = re.IGNORECASE


@lru_cache(maxsize=None)
def load(name: str) -> dict[str, Any]:
    """The data file ``name`` (``design``, ``arms`` or ``results``) as a dict."""
    with open(DATA_DIR / f"{name}.json", encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=None)
def rx(name: str, key: str, flags: int = FLAGS) -> re.Pattern:
    """One compiled pattern ``key`` of data file ``name``."""
    return fastre.compile(load(name)[key], flags)


@lru_cache(maxsize=None)
def rx_any(name: str, key: str, flags: int = FLAGS) -> re.Pattern:
    """A list of patterns compiled as one alternation."""
    return fastre.compile("|".join(f"(?:{p})" for p in load(name)[key]), flags)


@lru_cache(maxsize=None)
def rx_list(name: str, key: str, flags: int = FLAGS) -> tuple[re.Pattern, ...]:
    """A list of patterns compiled one by one (order kept: earlier wins)."""
    return tuple(fastre.compile(p, flags) for p in load(name)[key])


@lru_cache(maxsize=None)
def pairs(name: str, key: str, flags: int = FLAGS) -> tuple[tuple[str, re.Pattern], ...]:
    """A list of ``[value, pattern]`` pairs, compiled (order kept: earlier wins)."""
    return tuple((v, fastre.compile(p, flags)) for v, p in load(name)[key])
