"""``extract(path) -> Article``: the whole extractor, one file at a time.

path → reader (:mod:`extractor.readers`) → :class:`~extractor.source.Source` → sentences and
sections (:mod:`extractor.sentences`) → the abbreviations the text defines (scispacy's
detector over spaCy tokens of the stretches around parentheses, :mod:`extractor.nlp`) →
:class:`~extractor.context.Context` → trial extraction
(``extractor.trials.extract_studies``) and reference extraction
(``extractor.references.extract_references``) → :class:`~extractor.model.Article`.

The spaCy pipeline is built once per process and reused, so worker processes pay for it once.
"""
from __future__ import annotations

import contextlib
import gc
import hashlib
import importlib
import os
import re
from pathlib import Path
from typing import Callable, Iterable, Optional

from . import __version__
from .context import Context
from .errors import EmptyFile
from .kind import classify
from .metadata import BIB_FIELDS, document_metadata, pdf_info
from .model import Article, Citation, Flag, Reference, Study
from .nlp import abbreviation_map, analyse
from .readers.headings import section_name
from .readers import DEFAULT_MAX_MB, DEFAULT_MAX_PAGES, READERS, ReadOptions, detect_format, load
from .sentences import segment
from .source import Source, Span

__all__ = ["extract", "extract_data", "extract_source", "find_doi", "load_tables", "read", "warm_up"]

_NONSPACE = re.compile(r"\S")
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>\]\[]+)", re.I)


def find_doi(text: str) -> Optional[str]:
    """The first DOI printed in ``text`` (trailing punctuation removed), lower-cased prefix kept.

    >>> find_doi("Stem Cell Res Ther 2025;doi:10.1186/s13287-025-04148-1]")
    '10.1186/s13287-025-04148-1'
    >>> find_doi("https://doi.org/10.1056/NEJMoa2021436.") 
    '10.1056/NEJMoa2021436'
    """
    m = _DOI.search(text)
    if not m:
        return None
    doi = m.group(1).rstrip(".,;:)")
    if doi.count("(") < doi.count(")"):
        doi = doi.rstrip(")")
    return doi


def _optional(module: str, name: str) -> Optional[Callable]:
    """``module.name`` if the module exists (extractors are optional until they land)."""
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and (module == exc.name or module.startswith(exc.name + ".")):
            return None
        raise
    return getattr(mod, name, None)


_FRONT_DOI = re.compile(r"(?:\bdoi\s*:?\s*|\b(?:https?://)?(?:dx\.)?doi\.org/)(10\.\d{4,9}/\S+)", re.I)
# a line that starts a reference-list entry: "1. ", "[1] ", "12) "
_LIST_ENTRY = re.compile(r"\s*(?:\[\d{1,3}\]|\d{1,3}[.)])\s")
_CITE_THIS = re.compile(r"\bdoi\s*:?\s*(10\.\d{4,9}/\S+)\s*\n?\s*Cite this article(?: as)?\s*:", re.I)
#: how far into a document without page 1 (text, HTML) its own DOI is looked for
FRONT_CHARS = 2000


def _document_doi(source: Source, sentences) -> Optional[str]:
    """The article's own DOI: reader metadata, else one printed near the start.

    Near the start is page 1 of a PDF, otherwise the first 2,000 characters, and never past
    the first body section (Introduction, Methods, ...) or the reference list.  Forms:
    ``doi:10.x/y``, ``DOI 10.x/y``, ``https://doi.org/10.x/y``.  A DOI inside a citation bracket
    (``[Stem Cell Res Ther 2025;doi:10.1186/...]``) or on a reference-list entry's line is a
    cited work's, never the article's.  Failing that, a DOI printed right before the article's
    own "Cite this article as:" line (BioMed Central's last page) is taken.
    """
    if source.doi:
        return source.doi
    text = source.text
    heads = [(h.start, section_name(text[h.start:h.end])) for h in source.spans_of("heading")]
    refs = [start for start, name in heads if name == "references"]
    if source.page_starts:
        limit = min([source.page_starts[0]] + refs)
    else:
        body = [start for start, name in heads if name not in (None, "abstract")]
        limit = min(body + [FRONT_CHARS])
    head = text[:limit]
    for m in _FRONT_DOI.finditer(head):
        before = head[max(0, m.start() - 200): m.start()]
        if before.rfind("[") > before.rfind("]"):
            continue  # a bracketed citation, not the article's own DOI
        line_start = head.rfind("\n", 0, m.start()) + 1
        if _LIST_ENTRY.match(head, line_start):
            continue  # an entry of a reference list
        return find_doi(m.group(1))
    # BioMed Central prints the article's DOI once, on the last page, next to its own
    # "Cite this article as:" line (after the reference list)
    m = _CITE_THIS.search(text)
    if m:
        return find_doi(m.group(1))
    return None


#: set (to anything but "" or "0") to let an unexpected error in an extraction stage propagate
#: instead of being recorded (the test suite and rule development use it)
STRICT_ENV = "EVIDENCE_STRICT"


def _stage(name: str, run: Callable, empty, flags: list):
    """``run()``, or ``empty`` with an ``extraction_incomplete`` flag when it stops on an
    unexpected error: the document's text, its other parts and the reason are still stored
    (a bug in one stage never loses a whole document)."""
    try:
        return run()
    except (MemoryError, KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:
        if os.environ.get(STRICT_ENV, "") not in ("", "0"):
            raise
        flags.append(Flag(check="extraction_incomplete", status="flag",
                          message=f"{name} stopped on an unexpected error ({type(exc).__name__}: "
                                  f"{str(exc)[:200]}); the rest of the document is stored without it "
                                  f"— please report this file and message"))
        return empty


def extract_source(source: Source, *, path: str = "", sha256: str = "", use_nlp: bool = True,
                   segmented: Optional[tuple] = None) -> Article:
    """Run everything after the reader on ``source`` (useful for tests and other readers);
    ``segmented`` is ``segment(source)`` when it was already run (see :func:`read`)."""
    sentences, sections = segmented if segmented is not None else segment(source)
    # spaCy tokenises bounded stretches around parentheses only (any length, flat memory, linear
    # time); what it finds keeps offsets into the whole text
    found = analyse(source.text, sentences) if use_nlp else []
    abbreviations = abbreviation_map(found)
    # short forms a table's caption or footnotes define ("VAS = visual analogue scale")
    from .trials.headers import legend_abbreviations
    for short, long in legend_abbreviations(source.tables).items():
        abbreviations.setdefault(short, long)
    ctx = Context(source=source, sentences=sentences, sections=sections,
                  abbreviations=abbreviations, abbreviation_spans=found)

    studies: list[Study] = []
    references: list[Reference] = []
    citations: list[Citation] = []
    incomplete: list[Flag] = []
    extract_studies = _optional("extractor.trials", "extract_studies")
    if extract_studies is not None:
        studies = _stage("trial extraction", lambda: list(extract_studies(ctx)), [], incomplete)
    extract_references = _optional("extractor.references", "extract_references")
    if extract_references is not None:
        refs, cites = _stage("reference extraction", lambda: extract_references(ctx), ((), ()), incomplete)
        references, citations = list(refs), list(cites)

    bib = source.meta.get("bibliographic") or {}
    if not source.title and bib.get("title"):
        source.title = bib["title"]
    if not source.doi and bib.get("doi"):
        source.doi = bib["doi"]
    info = source.meta.pop("pdf_info", None)
    md = document_metadata(source, sentences, info)
    if not source.title and md.get("title"):  # a plain-text article's title line
        source.title = md["title"]
        a, b = md["title_span"]
        source.spans.setdefault("title", []).append(Span(a, b, "title"))
    headings = [source.text[h.start:h.end] for h in source.spans_of("heading")]
    kind = classify(source.title, source.text, headings)
    flags = tuple(f for f in source.meta.get("flags", ()) if isinstance(f, Flag)) + tuple(incomplete)
    meta = {k: v for k, v in source.meta.items() if k not in ("flags", "bibliographic")}
    if abbreviations:
        meta["abbreviations"] = abbreviations
    return Article(
        path=path,
        sha256=sha256,
        format=source.format,
        text=source.text,
        pages=source.pages,
        title=source.title,
        doi=_document_doi(source, sentences),
        kind=kind,
        extractor_version=__version__,
        sentences=sentences,  # a SentenceList: offsets, records made when read
        sections=sections,  # a SectionList: offsets, records made when read
        studies=tuple(studies),
        references=tuple(references),
        citations=tuple(citations),
        tables=tuple(source.tables),
        flags=flags,
        meta=meta,
        authors=tuple(md.get("authors") or ()),
        **{k: md.get(k) for k in BIB_FIELDS if k != "authors"},
    )


def extract(path: str | Path, *, max_pages: int = DEFAULT_MAX_PAGES, max_mb: float = DEFAULT_MAX_MB) -> Article:
    """Read ``path`` and return everything extracted from it.

    Parameters
    ----------
    path
        A PDF, HTML, JATS XML or plain-text file (the format is detected from the content
        first, the suffix second).
    max_pages, max_mb
        Limits above which :class:`~extractor.errors.TooLarge` is raised.

    Returns
    -------
    Article
        Text, sentences, sections, studies, references and citations, each with provenance.

    Raises
    ------
    extractor.errors.InputError
        A coded error (missing, unsupported, empty, corrupt, encrypted, no text layer,
        undecodable, malformed XML, too large); never a raw library traceback.
    """
    options = ReadOptions(max_pages=max_pages, max_mb=max_mb)
    # no reference to the bytes is kept here: the reader's caller frees them early
    return _extract_loaded(*load(path, options), str(path), options)


def extract_data(data: bytes, path: str, *, max_pages: int = DEFAULT_MAX_PAGES,
                 max_mb: float = DEFAULT_MAX_MB) -> Article:
    """:func:`extract` for the bytes of a file read elsewhere (a Dask worker receives a
    document's bytes, not its file); ``path`` names it (format by suffix, the article's path).
    The caller has read the file and checked its size (:func:`extractor.readers.load`)."""
    options = ReadOptions(max_pages=max_pages, max_mb=max_mb)
    return _extract_loaded(data, detect_format(path, data), path, options)


def read(path: str | Path, *, max_pages: int = DEFAULT_MAX_PAGES,
         max_mb: float = DEFAULT_MAX_MB) -> tuple[Source, str, tuple]:
    """The first half of :func:`extract`: the file's :class:`~extractor.source.Source`, the
    sha256 of its bytes and its sentences and sections; ``extract_source(source, path=path,
    sha256=sha256, segmented=segmented)`` finishes it.  The two halves need not run in the same
    process: reading needs only the readers, not the language pipeline or the rules.

    Raises what :func:`extract` raises for a file that cannot be read.
    """
    options = ReadOptions(max_pages=max_pages, max_mb=max_mb)
    source, sha256 = _read_loaded(*load(path, options), str(path), options)
    return source, sha256, segment(source)


def _read_loaded(data: bytes, fmt: str, path: str, options: ReadOptions) -> tuple[Source, str]:
    sha256 = hashlib.sha256(data).hexdigest()
    source = READERS[fmt](data, str(path), options)
    if fmt == "pdf":  # the document information dictionary (/Author, /Subject)
        source.meta["pdf_info"] = pdf_info(data)
    if not _NONSPACE.search(source.text):  # markup, scripts or whitespace only: nothing to store
        raise EmptyFile(f"{path} has no text ({fmt}: only markup, scripts or whitespace)",
                        "check it is the article itself (not a landing page or a frame); "
                        "save the full text and retry", path=str(path))
    return source, sha256


def _extract_loaded(data: bytes, fmt: str, path: str, options: ReadOptions) -> Article:
    source, sha256 = _read_loaded(data, fmt, path, options)
    del data  # the bytes are not needed past this point (a large file is freed before the rest)
    return extract_source(source, path=str(path), sha256=sha256)


# A short article touching every step that loads something on first use: the spaCy tokenizer
# (a parenthesised abbreviation), the trial rules (design, arms, results, effects), the reference
# parser and the ISO 4 abbreviation of a journal outside the curated list (the LTWA tree).
WARM_UP_TEXT = """Warm-up trial of drug A in adults
Abstract
In this randomised, double-blind, placebo-controlled trial, 90 adults were randomly assigned 2:1 \
to drug A (n = 60) or placebo (n = 30). Quality of life (QoL) improved more with drug A \
(mean 12.5, SD 3.1 vs 10.2, SD 2.9; OR 1.52, 95% CI 1.10 to 2.10; p = 0.01) [1].
References
1. Smith J, Doe A. A randomised trial. Journal of Applied Warming Methodology. 2020;12(3):45-67. \
doi:10.5555/warm.1
"""


@contextlib.contextmanager
def collector_paused():
    """The cyclic garbage collector off for the block (and on again after it, when it was):
    for a process loading what it keeps for its whole life (modules, spaCy, rules, tables).

    Those loads allocate a few hundred thousand objects and free next to none, so the
    collections they trigger go over ever more live objects and find almost nothing: about a
    fifth of the CPU of :func:`warm_up`.  What the block leaves as garbage is collected by the
    first collection after it (or stays, a few thousand objects, when the loaded objects are
    frozen, ``gc.freeze``, before the collector is on again).
    """
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def warm_up(formats: Optional[Iterable[str]] = None) -> None:
    """Load what extraction reads once per process: the readers of ``formats`` (every reader
    when None), the spaCy tokenizer, the trial and reference rules (the results-table reader
    too), the journal tables and the LTWA tree (the garbage collector paused meanwhile,
    :func:`collector_paused`).

    Worker processes forked afterwards (``evidence extract --workers N``) start with all of
    it loaded instead of paying for it each.
    """
    with collector_paused():
        for fmt in READERS if formats is None else formats:
            if fmt in READERS:
                READERS[fmt]  # imports the reader module
        extract_source(Source.from_text(WARM_UP_TEXT))
        importlib.import_module("extractor.trials.tablereader")  # results tables (none above)
        load_tables()


def load_tables() -> list[str]:
    """Fill every table the loaded extractor modules build on first use and the warm-up
    document did not reach; return their names (``module.function``).

    A table built on first use is a function without arguments cached once
    (``functools.lru_cache(maxsize=1)``: word lists, LTWA sets, compiled table patterns, the
    PDF library's bindings).  Left empty, each worker process forked after :func:`warm_up`
    builds its own copy at its first document that needs it (about 0.1 s per process on a
    JATS or PDF batch); filled here, the workers share the parent's.  Only modules already
    imported are looked at (a reader or command not loaded stays unloaded).
    """
    import inspect
    import sys

    filled = []
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "extractor" or name.startswith("extractor.")):
            continue
        for attr, fn in list(vars(module).items()):
            info = getattr(fn, "cache_info", None)
            if info is None or getattr(fn, "__module__", None) != name or not isinstance(
                    getattr(fn, "__wrapped__", None), type(load_tables)):
                continue
            cached = info()
            if cached.maxsize != 1 or cached.currsize:
                continue
            try:
                params = inspect.signature(fn.__wrapped__).parameters.values()
            except (TypeError, ValueError):  # pragma: no cover - a builtin wrapped
                continue
            if any(p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
                   for p in params):
                continue  # needs arguments: not a table
            try:
                fn()
            except Exception:  # noqa: BLE001 - left to fail (and be reported) where it is used
                continue
            filled.append(f"{name}.{attr}")
    return filled
