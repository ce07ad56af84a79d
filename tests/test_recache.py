"""The regex programs cached on disk (extractor.recache) give the patterns re.compile gives."""
import re

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
    recache._forget()
    yield tmp_path / "cache"
    recache._forget()


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
