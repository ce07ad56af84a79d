"""Plain-text reader: detect the encoding, refuse binary data, keep every character.

The text is decoded (byte-order mark, then UTF-8, then charset-normalizer's best guess) and
only its newlines are normalised (``\\r\\n`` and ``\\r`` become ``\\n``), so offsets stay stable.
Short standalone lines between paragraphs ("Methods", "Reinfection rate") are marked as
``heading`` spans; every other non-empty line is a ``paragraph``.
"""
from __future__ import annotations

import codecs
import re
import unicodedata

from ..errors import UndecodableText
from ..source import Source, SourceBuilder
from . import headings

__all__ = ["decode_bytes", "read_text", "text_source"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _printable_ratio(text: str) -> float:
    if not text:
        return 1.0
    sample = text[:20000]
    bad = 0
    for ch in sample:
        if ch in "\n\r\t\f":
            continue
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cs", "Co", "Cn") or ch == "\ufffd":
            bad += 1
    return 1.0 - bad / len(sample)


def decode_bytes(data: bytes, path: str = "", *, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data`` to text; return ``(text, encoding)``.

    Tries a byte-order mark, the ``declared`` encoding (e.g. an HTML meta charset), UTF-8, then
    charset-normalizer.  Binary data (NUL bytes without a UTF-16/32 mark, or mostly unprintable
    characters) raises :class:`UndecodableText`.

    >>> decode_bytes("Le patient a reçu un traitement à l'hôpital.".encode("latin-1"))
    ("Le patient a reçu un traitement à l'hôpital.", 'cp1252')
    >>> decode_bytes(codecs.BOM_UTF8 + b"x")
    ('x', 'utf-8')
    """
    text = enc = None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text, enc = data[len(bom):].decode(name), name
            except UnicodeDecodeError:
                raise UndecodableText(f"{path or 'data'} has a {name} byte-order mark but is not {name}", path=path) from None
            break
    if text is None:
        if b"\x00" in data[:65536]:
            raise UndecodableText(f"{path or 'data'} looks like binary data (NUL bytes), not text", path=path)
        candidates = [declared] if declared else []
        candidates.append("utf-8")
        for name in candidates:
            try:
                text, enc = data.decode(name), name
                break
            except (UnicodeDecodeError, LookupError):
                continue
    if text is None:
        from charset_normalizer import from_bytes

        # Without NUL bytes the data is not UTF-16/32 (short inputs fool the detector there).
        # Among the equally good guesses prefer cp1252, the usual legacy encoding of
        # English-language literature.
        matches = [m for m in from_bytes(data) if not m.encoding.startswith(("utf_16", "utf_32"))]
        if matches:
            top = matches[0]
            ties = [m for m in matches if m.chaos <= top.chaos and m.coherence >= top.coherence - 0.01]
            pick = next((m for m in ties if m.encoding == "cp1252"), top)
            text, enc = str(pick), pick.encoding
        else:
            try:
                text, enc = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                raise UndecodableText(f"{path or 'data'} is not text in any encoding we recognise", path=path) from None
    if _printable_ratio(text) < 0.9:
        raise UndecodableText(f"{path or 'data'} looks like binary data (mostly unprintable characters)", path=path)
    return text, enc


_NEWLINES = re.compile(r"\r\n?")


def text_source(text: str, format: str = "text", **meta) -> Source:
    """A :class:`Source` over already decoded text, with paragraph and heading spans."""
    text = _NEWLINES.sub("\n", text)
    b = SourceBuilder(format)
    b.add(text)
    lines = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line), line))
        pos += len(line) + 1
    nonblank = [(s, e, t) for s, e, t in lines if t.strip()]
    for i, (s, e, t) in enumerate(nonblank):
        lead = len(t) - len(t.lstrip())
        s2, e2 = s + lead, s + len(t.rstrip())
        prev_line = nonblank[i - 1][2] if i else None
        next_line = nonblank[i + 1][2] if i + 1 < len(nonblank) else None
        if headings.looks_like_heading(t.strip(), prev_line, next_line):
            b.mark(s2, e2, "heading", level=2)
        else:
            b.mark(s2, e2, "paragraph")
    return b.build(meta=dict(meta))


def read_text(data: bytes, path: str, options) -> Source:
    """Read a plain-text file (see the module docstring)."""
    text, enc = decode_bytes(data, path)
    return text_source(text, "text", encoding=enc)
