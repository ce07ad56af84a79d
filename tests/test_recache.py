"""The regex programs cached on disk (extractor.recache) give the patterns re.compile gives."""
import os
import re
import subprocess
import sys

import pytest

from extractor import recache

PATTERNS = [
    (r"\b(?P<n>\d+)\s*(?:patients|participants)\b", 0),
    (r"(?<=EudraCT )\d{4}-\d{6}-\d{2}", 0),
    (r"randomi[sz]ed|allocated|assigned", re.I),
    (r"(?i)placebo(?:-controlled)?", 0),
    (r"^\s*(\d+)\.\s+(.+)$", re.M),
    (r"[\u2010-\u2015−-]\s*(\d+(?:\.\d+)?)", re.UNICODE),
    (r"(?x) (\d+) \s* ± \s* (\d+)  # mean ± SD", 0),
    (r"(a)(b)?(?(2)c|d)", re.S),
    ("ſ|K|İ", re.I),
]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(recache.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv("EVIDENCE_NO_RE_CACHE", raising=False)
    hooked = recache._ORIGINAL is not None
    recache.uninstall()  # re.compile below is the plain compilation the cache is checked against
    recache._forget()
    yield tmp_path / "cache"
    recache._forget()
    if hooked:
        recache.install()


def same(a: re.Pattern, b: re.Pattern) -> None:
    # Pattern equality compares the source, the flags and the engine's program
    assert a == b
    assert (a.pattern, a.flags, a.groups, a.groupindex) == (b.pattern, b.flags, b.groups, b.groupindex)


@pytest.mark.parametrize("pattern,flags", PATTERNS)
def test_compiled_then_read_back_equals_re_compile(cache, pattern, flags):
    want = re.compile(pattern, flags)
    same(recache.compile(pattern, flags), want)  # compiled here
    recache.save()
    assert len(list(cache.glob("re-*.marshal"))) == 1
    recache._forget()
    assert (pattern, int(flags)) in recache._load()
    got = recache.compile(pattern, flags)  # built from the file
    same(got, want)
    text = "12 patients were randomised (EudraCT 2020-001234-56); 3 ± 1 ſ\n4. placebo-controlled −2.5"
    assert [m.span() for m in got.finditer(text)] == [m.span() for m in want.finditer(text)]


def test_processes_add_to_one_file(cache):
    recache.compile("first", 0)
    recache.save()
    recache._forget()
    recache._entries = {}  # a process that read the file before the first one wrote it
    recache.compile("second", re.I)
    recache.save()
    recache._forget()
    assert {("first", 0), ("second", int(re.I))} <= set(recache._load())


def test_bad_patterns_raise_what_re_raises(cache):
    with pytest.raises(re.error, match="missing \\)"):
        recache.compile("(unclosed", 0)
    recache.save()
    assert not list(cache.glob("re-*.marshal"))  # nothing compiled, nothing written


def test_damaged_or_unwritable_cache_costs_only_time(cache, tmp_path, monkeypatch):
    recache.compile(PATTERNS[0][0], 0)
    recache.save()
    path = recache.cache_path()
    path.write_bytes(b"not marshal data")
    recache._forget()
    same(recache.compile(PATTERNS[0][0], 0), re.compile(PATTERNS[0][0]))
    recache._forget()
    recache._entries = {(PATTERNS[0][0], 0): ("damaged",)}
    same(recache.compile(PATTERNS[0][0], 0), re.compile(PATTERNS[0][0]))
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv(recache.CACHE_ENV, str(blocker / "cache"))
    recache._forget()
    same(recache.compile(PATTERNS[1][0], 0), re.compile(PATTERNS[1][0]))
    recache.save()  # the folder cannot be made: nothing written, no error


def test_switched_off(cache, monkeypatch):
    monkeypatch.setenv("EVIDENCE_NO_RE_CACHE", "1")
    same(recache.compile(PATTERNS[2][0], re.I), re.compile(PATTERNS[2][0], re.I))
    recache.save()
    assert recache.cache_path() is None and not cache.exists()


def test_every_rule_pattern_of_an_extraction_reads_back_equal(cache, tmp_path):
    """The programs of every pattern an extraction of the shared example compiles (rules, topic
    terms, the alternatives a fast pattern narrows a search to), written by that process,
    build the pattern re.compile builds."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, recache.CACHE_ENV: str(cache)}
    subprocess.run([sys.executable, "-c", "import sys, cli; sys.exit(cli.main())", "extract",
                    str(root / "tests" / "data" / "msc-long-covid-news.txt"), "--db", str(tmp_path / "x.db"),
                    "-q"], cwd=root, env=env, check=True)
    from extractor import fastre

    entries = recache._load()
    patterns = [k for k in entries if len(k) == 2]
    assert len(patterns) > 100
    for pattern, flags in patterns:
        same(recache.compile(pattern, flags), re.compile(pattern, flags))
    # what the fast patterns read from a pattern, kept beside the programs, is what it reads now
    requirements = [k for k in entries if k[0] == "fastre.requirements"]
    assert len(requirements) > 50
    for _, version, pattern, flags in requirements:
        assert version == fastre._code_version()
        assert entries[("fastre.requirements", version, pattern, flags)] == \
            fastre._read_requirements(pattern, flags)


def test_memo_keeps_data_and_computes_the_rest(cache):
    calls = []

    def compute(value):
        calls.append(value)
        return value

    assert recache.memo("test", ("a", 1), lambda: compute([("w", 3, True)])) == [("w", 3, True)]
    unstorable = object()
    assert recache.memo("test", ("b",), lambda: compute(unstorable)) is unstorable
    recache.save()
    recache._forget()
    assert recache.memo("test", ("a", 1), lambda: compute("again")) == [("w", 3, True)]
    assert recache.memo("test", ("b",), lambda: compute(None)) is None
    assert calls == [[("w", 3, True)], unstorable, None]


def test_the_file_is_named_by_the_code_version(cache, monkeypatch):
    """Another version of the code (its files changed) reads and writes a file of its own."""
    recache.compile("mine", 0)
    recache.save()
    first = recache.cache_path()
    assert first.exists() and first.parent == cache
    recache._forget()
    monkeypatch.setattr(recache, "_code_version", lambda: "another")
    assert recache.cache_path() != first
    assert ("mine", 0) not in recache._load()
    recache.compile("theirs", 0)
    recache.save()
    assert recache.cache_path().exists() and first.exists()


def test_entries_no_process_uses_are_dropped_after_some_saves(cache, monkeypatch):
    monkeypatch.setattr(recache, "_KEEP_GENERATIONS", 3)
    monkeypatch.setattr(recache, "_RESTAMP_AFTER", 1)
    recache.compile("old rule", 0)
    recache.compile("kept rule", 0)
    recache.save()
    for i in range(3):  # later processes use one of the two, and each adds a pattern
        recache._forget()
        recache.compile("kept rule", 0)
        recache.compile(f"new rule {i}", 0)
        recache.save()
    recache._forget()
    entries = recache._load()
    assert ("kept rule", 0) in entries and ("new rule 2", 0) in entries
    assert ("old rule", 0) not in entries
    # a process that only reads stamps what it used again when those stamps grow old
    for i in range(2):
        recache._forget()
        recache.compile(f"other {i}", 0)
        recache.save()
    recache._forget()
    recache.compile("kept rule", 0)
    assert recache._stale_used() and not recache._added
    recache.save()
    recache._forget()
    recache._load()
    assert recache._stamps[("kept rule", 0)] == recache._generation


def test_files_of_other_versions_left_unused_are_removed(cache):
    import os
    import time

    cache.mkdir(parents=True)
    tag = "-".join(recache._engine_tag().split("-")[:-1])
    old = cache / f"re-{tag}-f1.marshal"
    recent = cache / f"re-{tag}-f2-0123456789ab.marshal"
    other_tool = cache / "ltwa-0123.marshal"
    for p in (old, recent, other_tool):
        p.write_bytes(b"x")
    long_ago = time.time() - (recache._STALE_DAYS + 1) * 86_400
    os.utime(old, (long_ago, long_ago))
    os.utime(other_tool, (long_ago, long_ago))
    recache.compile("a rule", 0)
    recache.save()
    assert not old.exists() and recent.exists() and other_tool.exists()


def test_a_damaged_file_is_ignored_and_written_again(cache):
    recache.compile(PATTERNS[0][0], 0)
    recache.save()
    path = recache.cache_path()
    for damage in (b"\x00garbage", path.read_bytes()[:-40], b""):
        path.write_bytes(damage)
        recache._forget()
        same(recache.compile(PATTERNS[1][0], 0), re.compile(PATTERNS[1][0]))
        recache.save()
        recache._forget()
        assert (PATTERNS[1][0], 0) in recache._load()  # a whole file again


_WRITER = """
import sys
from extractor import recache
n = int(sys.argv[1])
for i in range(40):
    recache.compile(f"writer {n} rule {i}", 0)
"""


def test_concurrent_writers_lose_nothing(cache):
    """Processes that read the file before any of them wrote it, and save at the same time:
    every addition is in the file afterwards, and the file is whole."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, recache.CACHE_ENV: str(cache)}
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, str(n)], cwd=root, env=env)
             for n in range(4)]
    assert all(p.wait() == 0 for p in procs)
    entries = recache._load()
    assert {(f"writer {n} rule {i}", 0) for n in range(4) for i in range(40)} <= set(entries)
    assert not list(cache.glob("*.tmp"))


def _compile_in_worker(pattern):
    from extractor import recache

    recache.compile(pattern, 0)
    return pattern


def test_patterns_compiled_in_pool_workers_reach_the_file(cache):
    """A forked pool's workers exit without ``atexit``: what they compiled is saved by their
    finalizers; what the parent compiled before forking is saved once, by the parent."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork here")
    recache.compile("parent rule", 0)
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
        assert list(pool.map(_compile_in_worker, [f"worker rule {i}" for i in range(6)]))
    assert ("parent rule", 0) in recache._added  # not saved by the workers
    recache.save()
    recache._forget()
    entries = recache._load()
    assert {("parent rule", 0)} | {(f"worker rule {i}", 0) for i in range(6)} <= set(entries)


def test_an_engine_that_builds_another_pattern_is_not_used():
    import _sre
    from re import _compiler, _parser

    typecode = next(t for t in "IL" if __import__("array").array(t).itemsize == _sre.CODESIZE)
    assert recache._probe(_sre, _parser, _compiler, typecode)

    class Other:
        MAGIC = _sre.MAGIC

        @staticmethod
        def compile(pattern, flags, code, *rest):
            return _sre.compile(pattern, flags, code[:-1] + [0], *rest)

    assert not recache._probe(Other, _parser, _compiler, typecode)


def test_patterns_re_compiles_come_from_the_cache_once_installed(cache):
    """With the hook in place, re.compile and re.search with a pattern string give the plain
    compilation's patterns, written to the file and read back by a later process; a process
    compiling only a few patterns does not read the file; refused patterns raise as before."""
    plain = [re.compile(p, f) for p, f in PATTERNS]
    try:
        assert recache.install()
        for i in range(recache._HOOK_PLAIN):  # a help screen's few: compiled plainly
            re.compile(f"first few {i}")
        assert recache._entries is None
        re.purge()
        for (p, f), want in zip(PATTERNS, plain):
            same(re.compile(p, f), want)
        assert re.search("ab+c", "xxabbbc").span() == (2, 7)
        with pytest.raises(re.error):
            re.compile("(unclosed")
        assert re.compile(re.compile("x")) == re.compile("x")
        assert ("ab+c", 0) in recache._added
        recache.save()
        recache._forget()
        re.purge()
        for (p, f), want in zip(PATTERNS, plain):
            same(re.compile(p, f), want)
        assert not recache._added and ("ab+c", 0) in recache._entries
    finally:
        recache.uninstall()
        re.purge()


def test_a_pattern_compiled_while_the_cache_is_busy_does_not_wait_for_it(cache):
    """A module imported while the cache holds its lock (reading or writing the file) may
    compile a pattern: through the hook, in the same thread, that must not deadlock."""
    import threading

    try:
        recache.install()
        for i in range(recache._HOOK_PLAIN):
            re.compile(f"warm {i}")
        done = []

        def inner():
            with recache._LOCK:
                done.append(re.compile("compiled (while|when) busy", re.I))

        t = threading.Thread(target=inner, daemon=True)
        t.start()
        t.join(10)
        assert done and done[0] == recache._plain("compiled (while|when) busy", re.I)
    finally:
        recache.uninstall()
        re.purge()


def test_only_the_command_hooks_re():
    """Importing the library leaves ``re`` as it is; the ``evidence`` command's module hooks it."""
    probe = ("import re, sys; before = re._compiler.compile; import {mod}; "
             "sys.stdout.write(str(re._compiler.compile is not before))")
    env = {k: v for k, v in os.environ.items() if k != "EVIDENCE_NO_RE_CACHE"}
    out = {mod: subprocess.run([sys.executable, "-c", probe.format(mod=mod)], capture_output=True,
                               text=True, env=env, check=True).stdout
           for mod in ("extractor", "extractor.pipeline", "cli")}
    assert out == {"extractor": "False", "extractor.pipeline": "False", "cli": "True"}
