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

One file per engine and code version (:func:`cache_path`): it is named by the Python version,
the engine's ``MAGIC`` and the version of the code that derives data from patterns (this
module and :mod:`extractor.fastre`), so a program is only ever read by the engine that made it
and a process reads only what its own code uses, not what other installed versions compiled.
The file records, per entry, the last save (a generation) of a process that used it: entries
no process used over the last :data:`_KEEP_GENERATIONS` saves are dropped (patterns the rules
no longer build), and files of other code versions untouched for :data:`_STALE_DAYS` days are
removed.  Entries compiled by a process are added when it exits (a worker process of a pool
too, when the pool ends it): under a lock on the folder, the file is read again, merged with
what this process added and replaced atomically, so concurrent writers lose nothing and a
reader sees a whole file or the previous one.  A cache that cannot be read (a damaged file is
ignored and written again whole) or written, an interpreter whose ``re`` is built differently
(checked on a probe pattern at import), or a pattern that ``re.compile`` would refuse fall back
on ``re.compile`` itself (the same pattern or error).  ``$EVIDENCE_NO_RE_CACHE`` set to
anything turns the cache off.

:func:`memo` keeps other data derived from a pattern in the same file (what
:mod:`extractor.fastre` reads from a parsed pattern), keyed by the deriving code's version.
"""
from __future__ import annotations

import atexit
import os
import re
import sys
import threading
import time
from functools import lru_cache
from pathlib import Path
from typing import Optional

__all__ = ["compile", "memo", "install", "cache_dir", "cache_path", "save", "CACHE_ENV"]

#: the folder tables computed once are kept in for later processes (default: the user's cache)
CACHE_ENV = "EVIDENCE_CACHE_DIR"
_OFF_ENV = "EVIDENCE_NO_RE_CACHE"
_FORMAT = 2
#: entries kept at most: past this the least recently used are dropped
_MAX_ENTRIES = 20_000
#: an entry no process used over this many saves of the file is dropped
_KEEP_GENERATIONS = 64
#: a process whose entries were last stamped this many saves ago stamps them again at exit
_RESTAMP_AFTER = _KEEP_GENERATIONS // 2
#: files of other code versions not written (nor read, see :func:`_read`) for this long are removed
_STALE_DAYS = 14
#: how long a save waits for another process's save to end before it gives up (seconds)
_LOCK_WAIT = 2.0
#: files of the code being used are touched (their time set to now) when older than this
_TOUCH_SECONDS = 86_400

# re-entrant: a module imported while it is held may compile a pattern (install's hook)
_LOCK = threading.RLock()
_entries: Optional[dict] = None  # (pattern, flags) -> (flags, code bytes, groups, groupindex, indexgroup)
_stamps: dict = {}  # key -> generation of the last save by a process that used it (as read)
_generation = 0  # saves of the file so far (as read)
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


def _program(parser, compiler, typecode, pattern: str, flags: int) -> tuple[tuple, list]:
    """What ``re._compiler.compile`` hands ``_sre.compile`` for ``pattern``, as a cache entry
    ``(flags, code bytes, groups, groupindex, indexgroup)``, and the code as a list."""
    from array import array

    parsed = parser.parse(pattern, flags)
    code = compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    entry = (flags | parsed.state.flags, array(typecode, code).tobytes(), parsed.state.groups - 1,
             groupindex, tuple(indexgroup))
    return entry, code


def _pattern(sre, typecode, pattern: str, entry: tuple, code: Optional[list] = None) -> re.Pattern:
    """The pattern ``_sre.compile`` builds from a cache entry (its code list, when at hand)."""
    if code is None:
        from array import array

        code = array(typecode, entry[1]).tolist()
    final, _, groups, groupindex, indexgroup = entry
    return sre.compile(pattern, final, code, groups, groupindex, tuple(indexgroup))


def _probe(sre, parser, compiler, typecode) -> bool:
    """Whether a pattern built from a cache entry (:func:`_program`, read back from its bytes by
    :func:`_pattern`) is the pattern ``re.compile`` gives, on a pattern with named groups, a
    class and flags."""
    try:
        pattern, flags = r"(?P<a>x[0-9]+)\b(?:y|z)*(?P=a)", int(re.IGNORECASE)
        rx = _pattern(sre, typecode, pattern, _program(parser, compiler, typecode, pattern, flags)[0])
        return rx == re.compile(pattern, flags) and rx.groupindex == {"a": 1}
    except Exception:  # noqa: BLE001 - another signature: re.compile alone
        return False


def _engine():
    """``(_sre, re._parser, re._compiler, array code)`` when this interpreter's ``re`` compiles
    as :func:`compile` expects (Python 3.11 and later: ``_sre.compile(pattern, flags, code,
    groups - 1, groupindex, indexgroup)``, checked on a probe pattern), else None."""
    try:
        import _sre
        from array import array
        from re import _compiler, _parser
    except ImportError:  # pragma: no cover - Python before 3.11
        return None
    typecode = next((t for t in "IL" if array(t).itemsize == getattr(_sre, "CODESIZE", 0)), None)
    if typecode is None or not hasattr(_compiler, "_code") or not hasattr(_parser, "parse"):
        return None  # pragma: no cover
    if not _probe(_sre, _parser, _compiler, typecode):
        return None  # pragma: no cover
    return _sre, _parser, _compiler, typecode


_ENGINE = _engine()
# flags re.compile treats apart (a debug listing, the deprecated template mode)
_PLAIN_FLAGS = int(re.DEBUG) | int(getattr(re, "TEMPLATE", 0))


@lru_cache(maxsize=1)
def _code_version() -> str:
    """The version of the code whose data the file holds: this module's and
    :mod:`extractor.fastre`'s files as they are (size and time)."""
    here = Path(__file__).resolve().parent
    parts = []
    for name in ("recache.py", "fastre.py"):
        try:
            st = os.stat(here / name)
            parts.append(f"{st.st_size}-{st.st_mtime_ns}")
        except OSError:  # pragma: no cover - run from a zip or frozen
            parts.append("?")
    import zlib  # (hashlib costs an evidence --help 3 ms more)

    tag = "|".join(parts).encode()
    return f"{zlib.crc32(tag):08x}{zlib.adler32(tag):08x}"


def _engine_tag() -> str:
    return "-".join((sys.implementation.name, "%d.%d.%d" % sys.version_info[:3],
                     str(_ENGINE[0].MAGIC), str(_ENGINE[0].CODESIZE), f"f{_FORMAT}"))


def cache_path() -> Optional[Path]:
    """The cache file of this interpreter's regex engine and this code version, or None when
    the cache is off."""
    if _ENGINE is None or os.environ.get(_OFF_ENV):
        return None
    return cache_dir() / f"re-{_engine_tag()}-{_code_version()}.marshal"


def _read(path: Optional[Path], touch: bool = False) -> tuple[int, dict, dict]:
    """``(generation, entries, stamps)`` of the file at ``path``; empty when it is missing,
    damaged or of another format.  ``touch``: a file not written for a day has its time set
    to now (it is in use: not stale for other versions' saves)."""
    if path is None:
        return 0, {}, {}
    import marshal

    try:
        with open(path, "rb") as f:
            # read whole, then decoded: ``marshal.load`` on a file reads it a call per object
            # (the programs' lists of integers: 10 ms more per process)
            raw = f.read()
            if touch and time.time() - os.fstat(f.fileno()).st_mtime > _TOUCH_SECONDS:
                try:
                    os.utime(path)
                except OSError:
                    pass
        data = marshal.loads(raw)
    except Exception:  # noqa: BLE001 - missing, unreadable or damaged: rebuilt
        return 0, {}, {}
    if not (isinstance(data, tuple) and len(data) == 4 and data[0] == _FORMAT
            and isinstance(data[1], int) and isinstance(data[2], dict) and isinstance(data[3], dict)):
        return 0, {}, {}
    return data[1], data[2], data[3]


def _load() -> dict:
    global _entries, _stamps, _generation
    if _entries is None:
        _generation, _entries, _stamps = _read(cache_path(), touch=True)
        if _entries:  # entries used are stamped again at exit when they grow old
            _register()
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
            rx = _pattern(sre, typecode, pattern, entry)
            _used.add(key)
            return rx
        except Exception:  # a damaged entry: compiled again below
            pass
    try:
        entry, code = _program(parser, compiler, typecode, pattern, flags)
        rx = _pattern(sre, typecode, pattern, entry, code)
    except Exception:
        return _plain(pattern, flags)  # the error re.compile raises, or its pattern
    _remember(key, entry)
    return rx


#: ``re._compiler.compile`` as this module found it, once :func:`install` replaced it
_ORIGINAL = None
#: patterns ``re`` compiles plainly before :func:`install`'s hook reads the file
_HOOK_PLAIN = 24


def _plain(pattern, flags):
    """``re.compile``'s compilation, without the disk cache."""
    return re.compile(pattern, flags) if _ORIGINAL is None else _ORIGINAL(pattern, flags)


def install() -> bool:
    """Let the patterns ``re`` compiles for its callers (``re.compile``, and ``re.search``,
    ``re.sub``... with a pattern string) come from the disk cache too: the compilation ``re``
    runs when a pattern is not in its own in-memory cache (``re._compiler.compile``) is
    replaced by :func:`compile`, which gives the same pattern.  A process then parses none of
    the patterns an earlier process compiled, and a pattern ``re`` drops from its in-memory
    cache (it keeps 512) is rebuilt from the program instead of compiled again.  Nothing is
    replaced when the cache is off or the engine is not the one :func:`compile` knows; True
    when the cache is in place.  The file is not read for the first :data:`_HOOK_PLAIN` patterns (a
    process that compiles no more than a help screen's few does not read it at all)."""
    global _ORIGINAL
    if _ENGINE is None or os.environ.get(_OFF_ENV):
        return False
    if _ORIGINAL is not None:
        return True
    compiler = _ENGINE[2]
    original = compiler.compile

    plain = [0]

    def cached_compile(p, flags=0):
        if isinstance(p, str) and not int(flags) & _PLAIN_FLAGS:
            if _entries is not None or plain[0] >= _HOOK_PLAIN:
                return compile(p, flags)
            plain[0] += 1
        return original(p, flags)

    cached_compile.__wrapped__ = original
    _ORIGINAL = original
    compiler.compile = cached_compile
    return True


def uninstall() -> None:
    """Undo :func:`install`."""
    global _ORIGINAL
    if _ORIGINAL is not None:
        _ENGINE[2].compile = _ORIGINAL
        _ORIGINAL = None


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
    with _LOCK:
        _load()[key] = entry
        _added[key] = entry
        _used.add(key)
        _register()


def _register() -> None:
    """Save at exit: ``atexit`` in a process that exits normally, and a finalizer in a
    ``multiprocessing`` child (a pool's worker ends with ``os._exit``, after its finalizers)."""
    global _registered
    if _registered:
        return
    _registered = True
    atexit.register(save)
    mp = sys.modules.get("multiprocessing")
    if mp is not None and mp.parent_process() is not None:
        from multiprocessing import util

        util.Finalize(None, save, exitpriority=0)


def _after_fork() -> None:
    """In a forked child: what the parent compiled is the parent's to save; the child saves
    only what it adds itself (its exit hooks are registered at its first addition)."""
    global _registered
    _added.clear()
    _registered = False


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork)


def _locked(path: Path):
    """An exclusive lock on ``path``'s folder's lock file for this engine (an open file to
    close when done), None when the system has no ``fcntl`` (saves then only replace whole
    files, and one of two concurrent savers' additions may be lost), False when another
    process keeps it longer than :data:`_LOCK_WAIT`."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return None
    lock = open(path.with_name(f"re-{_engine_tag()}.lock"), "a+b")
    deadline = time.monotonic() + _LOCK_WAIT
    while True:
        try:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return lock
        except OSError:
            if time.monotonic() > deadline:
                lock.close()
                return False
            time.sleep(0.01)


def _stale_used() -> bool:
    """Whether entries this process used were stamped so long ago that they may soon be
    dropped (a process that only reads stamps them again when it exits)."""
    limit = _generation - _RESTAMP_AFTER
    return any(_stamps.get(k, 0) < limit for k in _used) if limit > 0 else False


def save() -> None:
    """Write the patterns this process compiled to the cache file (merged with what other
    processes wrote since it was read; whole or absent: replaced atomically), stamping the
    entries it used and dropping those no process used over the last saves."""
    path = cache_path()
    with _LOCK:
        if path is None or _entries is None or not (_added or _stale_used()):
            return
        import marshal

        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            lock = _locked(path)
        except OSError:
            return
        if lock is False:
            return
        try:
            generation, entries, stamps = _read(path)
            generation += 1
            entries.update(_added)
            for k in _used:
                if k in entries:
                    stamps[k] = generation
            oldest = generation - _KEEP_GENERATIONS
            keep = [k for k in entries if stamps.get(k, generation) > oldest]
            if len(keep) > _MAX_ENTRIES:
                keep.sort(key=lambda k: stamps.get(k, generation), reverse=True)
                del keep[_MAX_ENTRIES:]
            entries = {k: entries[k] for k in keep}
            stamps = {k: stamps.get(k, generation) for k in keep}
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            with open(tmp, "wb") as f:
                marshal.dump((_FORMAT, generation, entries, stamps), f)
            os.replace(tmp, path)
            _added.clear()
            _prune_stale(path)
        except (OSError, ValueError):
            return
        finally:
            if lock is not None:
                lock.close()


def _prune_stale(path: Path) -> None:
    """Remove the cache files of other code versions (and formats) of this engine untouched
    for :data:`_STALE_DAYS` days, and temporary files left by processes that died writing."""
    prefix = f"re-{'-'.join(_engine_tag().split('-')[:-1])}-"
    cutoff = time.time() - _STALE_DAYS * 86_400
    try:
        names = os.listdir(path.parent)
    except OSError:
        return
    for name in names:
        if not name.startswith(prefix) or name == path.name or name.endswith(".lock"):
            continue
        other = path.parent / name
        try:
            if other.stat().st_mtime < cutoff:
                other.unlink()
        except OSError:
            pass


def _forget() -> None:
    """Drop what this process read and compiled (the next :func:`compile` reads the file again)."""
    global _entries, _stamps, _generation
    with _LOCK:
        _entries = None
        _stamps = {}
        _generation = 0
        _used.clear()
        _added.clear()
