"""Regular expressions compiled once per machine: the engine's code of each pattern cached on
disk, so a later process builds the pattern without parsing and compiling it again.

A compiled ``re.Pattern`` cannot be stored (it pickles as its source and is compiled again on
load), but what the compilation makes of a pattern is data: Python's ``re`` parses the source
(``re._parser``), turns the parse into a list of integers (the engine's program,
``re._compiler._code``) and hands that list with the pattern's flags and group names to
``_sre.compile``.  :func:`compile` keeps those arguments per ``(pattern, flags)`` in a file
under the user's cache folder (:func:`cache_dir`) and, for a pattern found there, calls
``_sre.compile`` with them directly: the same ``Pattern`` (equal to ``re.compile``'s, same
program, flags and groups), without the pure-Python parse and compile that cost a process
about 0.1–0.2 s of CPU for the rules a document needs.

The file is named by the Python version and the engine's ``MAGIC``, so a program is only ever
read by the engine that made it; entries compiled by a process are added when it exits (whole
files, replaced atomically; another process's additions are merged, not lost).  A cache that
cannot be read or written, an interpreter whose ``re`` is built differently, or a pattern that
``re.compile`` would refuse fall back on ``re.compile`` itself (the same pattern or error).
``$EVIDENCE_NO_RE_CACHE`` set to anything turns the cache off.

:func:`memo` keeps other data derived from a pattern in the same file (what
:mod:`extractor.fastre` reads from a parsed pattern), keyed by the deriving code's version.
"""
from __future__ import annotations

import atexit
import os
import re
import sys
import threading
from pathlib import Path
from typing import Optional

__all__ = ["compile", "memo", "cache_dir", "cache_path", "save", "CACHE_ENV"]

#: the folder tables computed once are kept in for later processes (default: the user's cache)
CACHE_ENV = "EVIDENCE_CACHE_DIR"
_OFF_ENV = "EVIDENCE_NO_RE_CACHE"
_FORMAT = 1
#: entries kept at most: past this a file keeps only the patterns its last process used
_MAX_ENTRIES = 20_000

_LOCK = threading.Lock()
_entries: Optional[dict] = None  # (pattern, flags) -> (flags, code bytes, groups, groupindex, indexgroup)
_used: set = set()  # keys read or added by this process
_added: dict = {}  # entries compiled by this process, not yet on disk
_registered = False


def cache_dir() -> Path:
    """The folder tables computed once are cached in: ``$EVIDENCE_CACHE_DIR``, else the user's
    cache folder (``$XDG_CACHE_HOME`` or ``~/.cache``; ``%LOCALAPPDATA%`` on Windows), under
    ``trialevidence``."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or (
        os.environ.get("LOCALAPPDATA") if sys.platform == "win32" else None)
    return Path(base or Path.home() / ".cache") / "trialevidence"


def _engine():
    """``(_sre, re._parser, re._compiler, array code)`` when this interpreter's ``re`` compiles
    as :func:`compile` expects (Python 3.11 and later: ``_sre.compile(pattern, flags, code,
    groups - 1, groupindex, indexgroup)``), else None."""
    try:
        import _sre
        from array import array
        from re import _compiler, _parser
    except ImportError:  # pragma: no cover - Python before 3.11
        return None
    typecode = next((t for t in "IL" if array(t).itemsize == getattr(_sre, "CODESIZE", 0)), None)
    if typecode is None or not hasattr(_compiler, "_code") or not hasattr(_parser, "parse"):
        return None  # pragma: no cover
    return _sre, _parser, _compiler, typecode


_ENGINE = _engine()
# flags re.compile treats apart (a debug listing, the deprecated template mode)
_PLAIN_FLAGS = int(re.DEBUG) | int(getattr(re, "TEMPLATE", 0))


def cache_path() -> Optional[Path]:
    """The cache file of this interpreter's regex engine, or None when the cache is off."""
    if _ENGINE is None or os.environ.get(_OFF_ENV):
        return None
    tag = "-".join((sys.implementation.name, "%d.%d.%d" % sys.version_info[:3],
                    str(_ENGINE[0].MAGIC), str(_ENGINE[0].CODESIZE), f"f{_FORMAT}"))
    return cache_dir() / f"re-{tag}.marshal"


def _read(path: Optional[Path]) -> dict:
    if path is None:
        return {}
    import marshal

    try:
        with open(path, "rb") as f:
            data = marshal.load(f)
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return data if isinstance(data, dict) else {}


def _load() -> dict:
    global _entries
    if _entries is None:
        _entries = _read(cache_path())
    return _entries


def compile(pattern, flags=0) -> re.Pattern:
    """``re.compile(pattern, flags)``, built from the disk cache's program when it holds it."""
    flags = int(flags)
    if _ENGINE is None or not isinstance(pattern, str) or flags & _PLAIN_FLAGS:
        return re.compile(pattern, flags)
    key = (pattern, flags)
    sre, parser, compiler, typecode = _ENGINE
    with _LOCK:
        entry = _load().get(key)
    if entry is not None:
        try:
            from array import array

            final, code, groups, groupindex, indexgroup = entry
            rx = sre.compile(pattern, final, array(typecode, code).tolist(), groups, groupindex,
                             tuple(indexgroup))
            _used.add(key)
            return rx
        except Exception:  # a damaged entry: compiled again below
            pass
    try:
        # what re._compiler.compile does, keeping its arguments to _sre.compile
        parsed = parser.parse(pattern, flags)
        code = compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        from array import array

        entry = (flags | parsed.state.flags, array(typecode, code).tobytes(),
                 parsed.state.groups - 1, groupindex, tuple(indexgroup))
        rx = sre.compile(pattern, entry[0], code, entry[2], groupindex, entry[4])
    except Exception:
        return re.compile(pattern, flags)  # the error re.compile raises, or its pattern
    _remember(key, entry)
    return rx


def memo(name: str, key: tuple, compute):
    """``compute()``, kept in the same cache file under ``(name, *key)``: data a process derives
    from a pattern (``marshal``-able: numbers, strings, tuples, lists, dicts, None).  ``key``
    must name everything the value depends on, the deriving code's version included."""
    full = (name, *key)
    with _LOCK:
        entries = _load()
        if full in entries:
            _used.add(full)
            return entries[full]
    value = compute()
    if cache_path() is not None:
        import marshal

        try:
            marshal.dumps(value)
        except ValueError:  # not data marshal stores: computed by every process
            return value
        _remember(full, value)
    return value


def _remember(key, entry) -> None:
    global _registered
    with _LOCK:
        _load()[key] = entry
        _added[key] = entry
        _used.add(key)
        if not _registered:
            _registered = True
            atexit.register(save)


def save() -> None:
    """Write the patterns this process compiled to the cache file (merged with what other
    processes wrote since it was read; whole or absent: replaced atomically)."""
    path = cache_path()
    with _LOCK:
        if path is None or not _added:
            return
        import marshal

        merged = _read(path)
        merged.update(_added)
        if len(merged) > _MAX_ENTRIES:
            merged = {k: v for k, v in merged.items() if k in _used or k in _added}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            with open(tmp, "wb") as f:
                marshal.dump(merged, f)
            os.replace(tmp, path)
        except (OSError, ValueError):
            return
        _added.clear()


def _forget() -> None:
    """Drop what this process read and compiled (the next :func:`compile` reads the file again)."""
    global _entries
    with _LOCK:
        _entries = None
        _used.clear()
        _added.clear()
