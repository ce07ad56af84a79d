"""Fuzzing the readers: random bytes under every suffix, and real files truncated or with bytes
flipped, raise nothing but the project's coded errors and finish in bounded time.

A reader either returns a :class:`~extractor.source.Source` whose text is a ``str`` (and whose
character map covers it), or raises an :class:`~extractor.errors.EvidenceError` with a code.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from extractor import readers
from extractor.errors import EvidenceError
from fuzzing import FUZZ, FUZZ_SLOW, bounded

DATA = Path(__file__).parent / "data"
REAL = {
    "pdf": (DATA / "msc-long-covid-news.pdf").read_bytes(),
    "html": (DATA / "msc-long-covid-news.html").read_bytes(),
    "txt": (DATA / "msc-long-covid-news.txt").read_bytes(),
}
SUFFIXES = sorted(readers.SUFFIXES) + [".bin", ""]


def _read(data: bytes, suffix: str, reader=None):
    """Write ``data`` to a temporary file named ``*suffix`` and read it; return the Source or
    the coded error raised."""
    fd, name = tempfile.mkstemp(suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        with bounded(what=f"reading {len(data)} bytes as {suffix or '(no suffix)'}"):
            try:
                source = (reader or readers.read)(name)
            except EvidenceError as exc:
                assert exc.code.startswith("E") and len(exc.code) == 4, exc.code
                assert str(exc).startswith(f"[{exc.code}] ")
                return exc
        assert isinstance(source.text, str)
        return source
    finally:
        os.unlink(name)


@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(SUFFIXES))
@example(data=b"", suffix=".pdf")
@example(data=b"%PDF-1.4\n", suffix=".txt")
@example(data=b"\xff\xfe<\x00h\x00t\x00m\x00l\x00>\x00", suffix=".html")
@example(data=b"<?xml version='1.0'?><article><body><p>x", suffix=".xml")
@example(data=b"\x00" * 100, suffix=".txt")
def test_readers_on_random_bytes(data, suffix):
    _read(data, suffix)


_MARKUP = st.lists(st.sampled_from([
    "<p>", "</p>", "<sup>", "</sup>", "<script>", "</script>", "<table>", "<tr><td>", "</td>",
    "<article>", "<body>", "<sec>", "<ref-list>", "<ref id='r1'>", "<xref rid='r1'>", "</xref>",
    "&amp;", "&#x0;", "&nbsp;", "<![CDATA[", "]]>", "<!--", "-->", "<?xml version='1.0'?>",
    "<meta charset='shift_jis'>", "<meta charset='nonsense'>", "46.9%", "p<0.05", "\u00b1",
    "\x00", "\ud7ff", "text ", "\n",
]), max_size=60).map("".join)


@FUZZ
@given(markup=_MARKUP, suffix=st.sampled_from([".html", ".xml", ".nxml", ".txt"]),
       encoding=st.sampled_from(["utf-8", "utf-16", "latin-1", "shift_jis"]))
def test_readers_on_random_markup(markup, suffix, encoding):
    _read(markup.encode(encoding, errors="replace"), suffix)


@FUZZ_SLOW
@given(kind=st.sampled_from(sorted(REAL)), cut=st.floats(0.0, 1.0),
       flips=st.lists(st.tuples(st.floats(0.0, 1.0, exclude_max=True), st.integers(0, 255)),
                      max_size=8))
def test_readers_on_mutated_real_files(kind, cut, flips):
    data = bytearray(REAL[kind][: int(len(REAL[kind]) * cut)])
    for where, byte in flips:
        if data:
            data[int(where * len(data))] = byte
    _read(bytes(data), "." + kind)


@pytest.mark.parametrize("kind", sorted(REAL))
def test_unmutated_real_files_read(kind):
    """The fuzz baseline: the real files themselves read without error."""
    source = _read(REAL[kind], "." + kind)
    assert not isinstance(source, EvidenceError), source
    assert "Long COVID" in source.text or "long COVID" in source.text


@FUZZ_SLOW
@given(kind=st.sampled_from(sorted(REAL)), cut=st.floats(0.05, 1.0),
       flips=st.lists(st.tuples(st.floats(0.0, 1.0, exclude_max=True), st.integers(0, 255)),
                      max_size=4))
def test_pipeline_on_mutated_real_files(kind, cut, flips):
    """The whole extraction (readers, sentences, trials, references) on damaged files."""
    import extractor

    data = bytearray(REAL[kind][: int(len(REAL[kind]) * cut)])
    for where, byte in flips:
        if data:
            data[int(where * len(data))] = byte
    result = _read(bytes(data), "." + kind, reader=extractor.extract)
    if not isinstance(result, EvidenceError):
        text = result.text
        for s in result.sentences:
            assert text[s.prov.char_start:s.prov.char_end] == s.prov.quote


LONG_RUNS = {
    "digits": "1234567890" * 5000,  # a data dump in a text layer: was quadratic (minutes)
    "letters": "ACGT" * 12500,  # a sequence listing without spaces
    "base64": "QmFzZTY0IGJsb2I+" * 1250,  # an embedded image as text (20,000 characters)
    "decimals": "1." * 25000,
    "comma-list": "1," * 25000,  # a CSV row
    "spaced-numbers": "1 " * 10000,  # a flattened table row
}


@pytest.mark.parametrize("kind", sorted(LONG_RUNS))
def test_pipeline_on_long_runs(kind, tmp_path):
    """A run of up to 50,000 characters without spaces in a normal article finishes (no
    pattern may backtrack over it from every position)."""
    import extractor

    path = tmp_path / f"{kind}.txt"
    path.write_text(REAL["txt"].decode("utf-8") + f"\n\nSupplementary data: {LONG_RUNS[kind]}\n",
                    encoding="utf-8")
    with bounded(what=f"extracting an article with a long run of {kind}"):
        article = extractor.extract(path)
    assert LONG_RUNS[kind] in article.text


# -- depth and size: nothing after the deepest point, or the thousandth row, is lost -----------
_HTML_WRAPPERS = ["div", "font", "span", "b", "i", "section", "center", "blockquote", "strong"]
_JATS_WRAPPERS = ["sec", "p", "bold", "italic", "disp-quote", "boxed-text", "list-item", "sc"]


@FUZZ
@given(depth=st.integers(0, 3000), tags=st.lists(st.sampled_from(_HTML_WRAPPERS), min_size=1,
                                                  max_size=3),
       closed=st.booleans(), paras=st.integers(0, 400), rows=st.integers(0, 400))
@example(depth=400, tags=["font"], closed=False, paras=5, rows=0)  # legacy unclosed <font>s
@example(depth=3000, tags=["div"], closed=True, paras=0, rows=3)
def test_html_depth_and_size(depth, tags, closed, paras, rows):
    opens = "".join(f"<{tags[i % len(tags)]}>" for i in range(depth))
    closes = "".join(f"</{tags[i % len(tags)]}>" for i in reversed(range(depth))) if closed else ""
    body = "".join(f"<p>Para {k} end.</p>" for k in range(paras))
    table = "<table>" + "".join(f"<tr><td>Row {k}</td><td>{k}/60</td></tr>" for k in range(rows)) + "</table>"
    page = (f"<html><body><p>First words.</p>{opens}<p>DEEPMARK here.</p>{closes}{body}{table}"
            "<p>LASTMARK here.</p></body></html>")
    source = _read(page.encode(), ".html")
    assert not isinstance(source, EvidenceError), source  # wrappers can always be unwrapped
    text = source.text
    for mark in ("First words.", "DEEPMARK here.", "LASTMARK here."):
        assert mark in text, mark
    assert sum(f"Para {k} end." in text for k in range(paras)) == paras
    assert len(source.spans_of("table_row")) == rows


@FUZZ
@given(depth=st.integers(0, 2600), tags=st.lists(st.sampled_from(_JATS_WRAPPERS), min_size=1,
                                                  max_size=3),
       paras=st.integers(0, 400), rows=st.integers(0, 400))
@example(depth=700, tags=["sec", "p"], paras=1, rows=1)  # was a RecursionError (E099)
@example(depth=2040, tags=["bold"], paras=0, rows=0)
def test_jats_depth_and_size(depth, tags, paras, rows):
    opens = "".join(f"<{tags[i % len(tags)]}>" for i in range(depth))
    closes = "".join(f"</{tags[i % len(tags)]}>" for i in reversed(range(depth)))
    body = "".join(f"<p>Para {k} end.</p>" for k in range(paras))
    table = ("<table-wrap><table>" + "".join(f"<tr><td>Row {k}</td><td>{k}/60</td></tr>"
                                             for k in range(rows)) + "</table></table-wrap>")
    xml = (f"<article><body><p>First words.</p>{opens}<p>DEEPMARK here.</p>{closes}{body}{table}"
           "<p>LASTMARK here.</p></body></article>")
    source = _read(xml.encode(), ".xml")
    if isinstance(source, EvidenceError):  # only nesting beyond libxml2's 2,048 levels
        assert source.code == "E017" and depth + 4 > 2048, source
        return
    text = source.text
    for mark in ("First words.", "DEEPMARK here.", "LASTMARK here."):
        assert mark in text, mark
    assert sum(f"Para {k} end." in text for k in range(paras)) == paras
    assert len(source.spans_of("table_row")) == rows
