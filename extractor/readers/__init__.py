"""Readers: a file in, a :class:`~extractor.source.Source` out.

Readers are chosen from a registry keyed by format name; the format comes from the file's
content first (a PDF named ``.txt`` is still a PDF) and from its suffix second.  An unknown
format raises :class:`~extractor.errors.UnsupportedFormat` listing what is supported.

>>> sniff(b"%PDF-1.7 ...")
'pdf'
>>> sniff(b'<?xml version="1.0"?><article article-type="research-article">')
'jats'
>>> sniff(b"<!doctype html><html><body><p>Hi</p>")
'html'
>>> sniff(b"Plain words.") is None
True
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Mapping
from importlib import import_module
from typing import Callable, Optional

from ..errors import CorruptFile, EmptyFile, FileMissing, TooLarge, UnsupportedFormat
from ..source import Source

__all__ = ["READERS", "SUFFIXES", "ReadOptions", "sniff", "detect_format", "load", "read"]

#: Default limits; raise them with ``extract(..., max_pages=, max_mb=)`` (CLI ``--max-pages``).
DEFAULT_MAX_PAGES = 1000
DEFAULT_MAX_MB = 200.0


@dataclass(frozen=True)
class ReadOptions:
    """Limits a reader enforces (pages for PDFs, megabytes for every format)."""

    max_pages: int = DEFAULT_MAX_PAGES
    max_mb: float = DEFAULT_MAX_MB


Reader = Callable[[bytes, str, ReadOptions], Source]

#: file suffix -> format name (what the user's file names say)
SUFFIXES: dict[str, str] = {
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xml": "jats",
    ".nxml": "jats",
    ".jats": "jats",
    ".txt": "text",
    ".text": "text",
    ".md": "text",
}

_JATS_DOCTYPE = re.compile(rb"<!DOCTYPE\s+article|JATS|NLM//DTD|jats", re.I)
_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<(?:p|div|h[1-6]|title|meta)[\s>/]", re.I)


def sniff(head: bytes) -> Optional[str]:
    """The format the first bytes of a file show (``None`` when they show none).

    PDF: ``%PDF`` in the first kilobyte; JATS: an ``<article`` root element (or a JATS/NLM
    doctype); HTML: an html doctype or common HTML tags.
    """
    if b"%PDF-" in head[:1024]:
        return "pdf"
    body = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if body.startswith(b"\xff\xfe") or body.startswith(b"\xfe\xff"):
        try:  # UTF-16 markup
            enc = "utf-16"
            body = body.decode(enc, errors="ignore").encode("utf-8")
        except Exception:  # pragma: no cover - decode(errors="ignore") does not raise
            return None
    if not body.startswith(b"<"):
        return None
    window = body[:8192]
    if re.search(rb"<!doctype\s+html|<html[\s>]", window, re.I):
        return "html"
    # the root element: skip the XML declaration, processing instructions, comments, doctype
    prolog = re.sub(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>", b"", window, flags=re.S | re.I)
    root = re.match(rb"\s*<([A-Za-z_][\w.:-]*)", prolog)
    if root and root.group(1).split(b":")[-1] == b"article":
        return "jats"
    if body.startswith(b"<?xml") and _JATS_DOCTYPE.search(window):
        return "jats"
    if _HTML.search(window):
        return "html"
    return None

def _supported() -> str:
    return ", ".join(sorted(SUFFIXES))


def detect_format(path: str | Path, data: bytes) -> str:
    """The format of ``data`` (read from ``path``): content first, suffix second.

    Raises
    ------
    UnsupportedFormat
        Neither the content nor the suffix names a supported format.
    CorruptFile
        The suffix says PDF but the content is not one.
    """
    sniffed = sniff(data[:8192])
    suffix = Path(path).suffix.lower()
    by_suffix = SUFFIXES.get(suffix)
    if sniffed is not None:
        if by_suffix == "text" and sniffed in ("html", "jats"):
            return "text"  # a .txt that happens to start with a tag is still text
        return sniffed
    if by_suffix == "pdf":
        raise CorruptFile(f"{path} is named .pdf but is not a PDF (no %PDF header)", path=str(path))
    if by_suffix in ("html", "jats"):
        # markup without recognisable tags: let the reader try (it raises a coded error)
        return by_suffix
    if by_suffix == "text":
        return "text"
    raise UnsupportedFormat(
        f"{path}: unsupported format {suffix or '(no suffix)'}",
        f"supported suffixes are {_supported()} (or content that is PDF, HTML or JATS XML)",
        path=str(path),
    )


def load(path: str | Path, options: ReadOptions = ReadOptions()) -> tuple[bytes, str]:
    """Read the bytes of ``path`` and detect its format, enforcing the size limit.

    Raises
    ------
    FileMissing, EmptyFile, TooLarge, UnsupportedFormat, CorruptFile
    """
    p = Path(path)
    if not p.exists():
        raise FileMissing(f"{path} does not exist", path=str(path))
    if p.is_dir():
        raise FileMissing(f"{path} is a directory, not a file", "pass the files in it (or a glob such as DIR/*.pdf)", path=str(path))
    size = p.stat().st_size
    if size == 0:
        raise EmptyFile(f"{path} is empty (0 bytes)", path=str(path))
    if size > options.max_mb * 1024 * 1024:
        raise TooLarge(
            f"{path} is {size / 1048576:.1f} MB, over the {options.max_mb:g} MB limit",
            "split the file, or raise the limit with --max-mb (extract(..., max_mb=N))",
            path=str(path),
        )
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise FileMissing(f"{path} cannot be read: {exc.strerror}", "check its permissions", path=str(path)) from None
    return data, detect_format(p, data)


def read(path: str | Path, *, max_pages: int = DEFAULT_MAX_PAGES, max_mb: float = DEFAULT_MAX_MB) -> Source:
    """Read ``path`` into a :class:`Source` with the reader its format calls for."""
    options = ReadOptions(max_pages=max_pages, max_mb=max_mb)
    data, fmt = load(path, options)
    return READERS[fmt](data, str(path), options)


# The registry: format name -> reader ``(data, path, options) -> Source``.  A reader module is
# imported when its format is first read (the PDF reader's numpy and pdfium cost a text or
# JATS batch nothing); ``extractor.warm_up`` imports them all before worker processes fork.
class _Readers(Mapping):
    _where = {"pdf": ("pdf", "read_pdf"), "html": ("html", "read_html"),
              "jats": ("jats", "read_jats"), "text": ("text", "read_text")}

    def __init__(self) -> None:
        self._loaded: dict[str, Reader] = {}

    def __getitem__(self, fmt: str) -> Reader:
        reader = self._loaded.get(fmt)
        if reader is None:
            module, name = self._where[fmt]
            reader = self._loaded[fmt] = getattr(import_module(f"{__name__}.{module}"), name)
        return reader

    def __iter__(self):
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)


READERS: Mapping[str, Reader] = _Readers()
