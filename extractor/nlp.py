"""The spaCy pipeline: ``spacy.blank("en")`` + scispacy's abbreviation detector, cached per process.

No model is downloaded: tokenisation is spaCy's rule-based English tokenizer (the pipeline is
``spacy.blank("en")``'s, built without its configuration work: :func:`_tokenizer`), sentence
boundaries are ours (:mod:`extractor.sentences`) and are set on the ``Doc`` before the
components run, and abbreviations come from scispacy's ``abbreviation_detector``
(Schwartz & Hearst 2003) — ``"6-minute walking distance (6MWD)"`` gives ``{"6MWD": ...}``.
spaCy objects never leave :mod:`extractor`.

The pipeline's only output the extractors read is the abbreviations, so :func:`analyse` finds
exactly the definitions the detector accepts over the whole text without a whole-text ``Doc``:
it tokenises only the stretches around parentheses, each at most :data:`PIECE_CHARS`
characters (memory stays flat and spaCy's ``max_length`` never refuses a document), and orders
the detector's candidates as its matcher would; the work is linear in the text's length.  What
it yields keeps offsets into the whole text (:class:`Abbreviation`).  :func:`make_doc` and
:func:`pieces` build ``Doc`` objects for callers that want them.
"""
from __future__ import annotations

import threading
import warnings
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator, Sequence

from .model import Sentence, SentenceList

__all__ = ["get_nlp", "make_doc", "pieces", "analyse", "abbreviation_map", "find_abbreviations",
           "Abbreviation", "PIECE_CHARS"]

_LOCK = threading.Lock()

#: The largest piece of text given to spaCy at once (characters).
PIECE_CHARS = 200_000


class _Parentheses:
    """scispacy's ``( + )`` pattern, bounded to the 8 tokens its filter keeps.

    The detector matches every ``(`` with every later ``)`` (``{"OP": "+"}``), then drops the
    matches with more than 8 tokens inside: quadratic in the number of parentheses (a table
    of ``12 (40.0)`` cells took seconds per thousand rows).  Fixed-length patterns for 1 to 8
    inner tokens find exactly the matches that survive that filter, returned in the order the
    original matcher gives them (by end, then later start first), so the abbreviations found
    are the same, in linear time.
    """

    MAX_INNER = 8  # scispacy.abbreviation.filter_matches ignores longer parentheses

    def __init__(self, vocab):
        from spacy.matcher import Matcher

        self.matcher = Matcher(vocab)
        self.matcher.add("parenthesis", [[{"ORTH": "("}, *([{}] * k), {"ORTH": ")"}]
                                         for k in range(1, self.MAX_INNER + 1)])

    def __call__(self, doc):
        return sorted(self.matcher(doc), key=lambda m: (m[2], -m[1]))


def _import_spacy():
    """``import spacy`` without its command-line package.

    ``spacy/__init__.py`` imports ``spacy.cli.info`` for its ``spacy.info`` helper, and with it
    the whole command line (``spacy.cli``: project tools, HTTP clients, templates): 360 modules,
    about 40% of the import's time, none of which the tokenizer or the detector use.  While
    spaCy is imported, ``spacy.cli`` is a bare package and ``spacy.cli.info`` a module whose
    ``info`` imports the real one when called; both are removed from ``sys.modules`` after,
    so a later ``import spacy.cli`` imports the real package.
    """
    import sys

    if "spacy" in sys.modules:
        import spacy

        return spacy
    import importlib.util
    import os
    import types

    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.origin:  # pragma: no cover - the dependency is declared
        import spacy

        return spacy
    cli = types.ModuleType("spacy.cli")
    cli.__path__ = [os.path.join(os.path.dirname(spec.origin), "cli")]
    cli.__package__ = "spacy.cli"
    info_module = types.ModuleType("spacy.cli.info")

    def info(*args, **kwargs):
        from spacy.cli.info import info as real_info

        return real_info(*args, **kwargs)
    info_module.info = info
    placeholders = {"spacy.cli": cli, "spacy.cli.info": info_module}
    for name, module in placeholders.items():
        sys.modules.setdefault(name, module)
    try:
        import spacy
    finally:
        for name, module in placeholders.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
        spacy_module = sys.modules.get("spacy")
        if spacy_module is not None and getattr(spacy_module, "cli", None) is cli:
            del spacy_module.cli  # ``spacy.cli`` is imported for real when asked for
    return spacy


def _tokenizer(nlp):
    """The tokenizer ``spacy.blank("en")`` makes (spaCy's registered ``spacy.Tokenizer.v1``):
    the language's exceptions, prefixes, suffixes and infixes, the prefix, suffix and infix
    expressions joined as ``spacy.util.compile_*_regex`` joins them, compiled from the programs
    cached on disk (:mod:`extractor.recache`: their 30,000 characters of alternatives cost a
    process about 35 ms to compile).  ``Tokenizer.to_bytes()`` is the same (test)."""
    from spacy.tokenizer import Tokenizer

    from . import recache

    defaults = nlp.Defaults
    prefixes, suffixes, infixes = defaults.prefixes, defaults.suffixes, defaults.infixes
    return Tokenizer(
        nlp.vocab,
        rules=defaults.tokenizer_exceptions,
        prefix_search=recache.compile("|".join("^" + p for p in prefixes if p.strip())).search
        if prefixes else None,
        suffix_search=recache.compile("|".join(p + "$" for p in suffixes if p.strip())).search
        if suffixes else None,
        infix_finditer=recache.compile("|".join(p for p in infixes if p.strip())).finditer
        if infixes else None,
        token_match=defaults.token_match,
        url_match=defaults.url_match,
    )


@lru_cache(maxsize=1)
def _nlp():
    _import_spacy()
    from scispacy.abbreviation import AbbreviationDetector  # noqa: F401  (registers the factory)
    from spacy.lang.en import English

    # ``spacy.blank("en")`` less its configuration work (a default config resolved and
    # validated through the registry): English with the same tokenizer
    nlp = English(create_tokenizer=_tokenizer)
    # A word's lexical attributes (lower case, norm, shape, is_alpha, like_num, ...) are
    # computed when the vocabulary first meets it, about a third of tokenising a new text;
    # nothing reads them (the tokenizer splits on strings, the detector reads token texts),
    # so lexemes are made without them.
    nlp.vocab.lex_attr_getters = {}
    detector = nlp.add_pipe("abbreviation_detector")
    detector.matcher = _Parentheses(nlp.vocab)
    return nlp


def get_nlp():
    """The process-wide pipeline (built on first use, then reused by every document)."""
    with _LOCK:
        return _nlp()


def make_doc(text: str, sentences: Sequence[Sentence], offset: int = 0):
    """A ``Doc`` over ``text`` whose sentence starts are the starts of ``sentences``.

    ``offset`` is where ``text`` starts in the document the sentences' offsets refer to (a
    piece of it, see :func:`pieces`).  Tokens outside every sentence (the line breaks between
    them) attach to the previous sentence, as spaCy's whitespace tokens always do.
    """
    return _doc(text, {s.prov.char_start - offset for s in sentences})


def _doc(text: str, starts: set[int]):
    """The pipeline's ``Doc`` over ``text``, sentences starting at the offsets ``starts``."""
    nlp = get_nlp()
    import numpy
    from spacy.attrs import SENT_START

    doc = nlp.make_doc(text)
    if len(doc):
        # one array write (setting Token.is_sent_start one by one is quadratic in spaCy)
        flags = numpy.fromiter((1 if tok.idx in starts else -1 for tok in doc), dtype=numpy.int64, count=len(doc))
        flags[0] = 1
        doc.from_array([SENT_START], flags.astype(numpy.uint64).reshape(-1, 1))  # spaCy stores -1 as uint64
    with warnings.catch_warnings():
        # scispacy's detector warns on every document that its optional global matcher is empty
        warnings.filterwarnings("ignore", message=r".*\[W036\]")
        for _, proc in nlp.pipeline:
            doc = proc(doc)
    return doc


def pieces(text: str, sentences: Sequence[Sentence], limit: int = PIECE_CHARS
           ) -> Iterator[tuple[int, int, list[int]]]:
    """``(start, end, sentence starts)`` of consecutive pieces of ``text``, each at most
    ``limit`` characters, that together cover the text.  A piece ends at the last sentence
    start that keeps it within the limit; where no sentence starts in that stretch (one very
    long sentence, a data dump), at its last space, or else at the limit.  Each piece carries
    the offsets of the sentences that start in it.

    >>> from extractor.model import Provenance
    >>> def s(a, b): return Sentence(0, "x", Provenance(a, b, "x"))
    >>> list(pieces("x" * 30, [s(0, 9), s(10, 19), s(20, 29)], 20))
    [(0, 20, [0, 10]), (20, 30, [20])]
    >>> [(a, b) for a, b, _ in pieces("word " * 10, [], 20)]
    [(0, 20), (20, 40), (40, 50)]
    """
    limit = max(1, limit)
    if isinstance(sentences, SentenceList):  # offsets in text order: no record per sentence
        starts = sentences.starts
    else:
        starts = sorted(s.prov.char_start for s in sentences)
    cuts = [0]
    while len(text) - cuts[-1] > limit:
        pos = cuts[-1]
        k = bisect_right(starts, pos + limit) - 1
        cuts.append(starts[k] if k >= 0 and starts[k] > pos else _space_before(text, pos, pos + limit))
    cuts.append(len(text))
    for a, b in zip(cuts, cuts[1:]):
        lo = bisect_left(starts, a) if a else 0
        hi = len(starts) if b == len(text) else bisect_left(starts, b)
        yield a, b, starts[lo:hi]


def _space_before(text: str, start: int, end: int) -> int:
    """A cut at the last whitespace in ``text[start:end]`` (past its first half), else ``end``."""
    k = max(text.rfind(" ", start + (end - start) // 2, end), text.rfind("\n", start + (end - start) // 2, end))
    return k + 1 if k > start else end


@dataclass(frozen=True)
class Abbreviation:
    """An abbreviation defined in the text: ``short`` stands for ``long``; offsets are into the
    whole text (``text[short_start:short_end] == short``)."""

    short: str
    long: str
    short_start: int
    short_end: int
    long_start: int
    long_end: int


def analyse(text: str, sentences: Sequence[Sentence] = (), limit: int = PIECE_CHARS) -> list[Abbreviation]:
    """The abbreviations defined in ``text`` (the definitions scispacy's detector accepts over
    the whole text, in its order), with offsets into ``text``; linear in the text's length.

    Only the stretches of text around parentheses are tokenised (:func:`_windows`), each at
    most ``limit`` characters (and never more than the pipeline's ``max_length``), so a text of
    any length is read with flat memory.  The detector's ``( … )`` candidates are found in
    them and ordered as its matcher orders them over the whole text (by closing bracket, then
    later opening first); each is filtered and matched by scispacy's own ``filter_matches``
    and ``find_abbreviation``; a long or short form accepted before is skipped, as the
    detector does.  The map (:func:`abbreviation_map`) equals the whole-text detector's.
    ``sentences`` is accepted for callers of the piecewise reader and not needed.
    """
    if "(" not in text:
        return []
    nlp = get_nlp()  # imports spaCy first (:func:`_import_spacy`)
    import numpy
    from scispacy.abbreviation import filter_matches, find_abbreviation
    from spacy.attrs import ORTH

    limit = max(1, min(limit, nlp.max_length))
    open_id, close_id = nlp.vocab.strings.add("("), nlp.vocab.strings.add(")")
    candidates = []  # (close end, -open start, short, long, offsets) in any window order
    for a, b, own_lo, own_hi in _windows(text, limit):
        if b - a > nlp.max_length:
            continue  # a single run of characters longer than spaCy reads: no definition there
        doc = nlp.make_doc(text[a:b])
        orth = doc.to_array(ORTH)
        opens = numpy.flatnonzero(orth == open_id).tolist()
        closes = numpy.flatnonzero(orth == close_id).tolist()
        for i in opens:
            start_char = a + doc[i].idx
            if not own_lo <= start_char < own_hi:
                continue  # a "(" of the neighbouring window, read there
            for j in closes[bisect_right(closes, i + 1):bisect_right(closes, i + 9)]:
                for long_c, short_c in filter_matches([(0, i + 1, j)], doc):
                    short, long = find_abbreviation(long_c, short_c)
                    if long is None:
                        continue
                    candidates.append((a + doc[j].idx + 1, -start_char, Abbreviation(
                        short.text, long.text, a + short.start_char, a + short.end_char,
                        a + long.start_char, a + long.end_char)))
        del doc
    candidates.sort(key=lambda c: (c[0], c[1]))
    found: list[Abbreviation] = []
    seen_long: set[str] = set()
    seen_short: set[str] = set()
    for _, _, ab in candidates:
        if ab.long in seen_long or ab.short in seen_short:
            continue
        seen_long.add(ab.long)
        seen_short.add(ab.short)
        found.append(ab)
    return found


def find_abbreviations(text: str) -> dict[str, str]:
    """``{short form: long form}`` as scispacy's detector finds them over the whole text.

    >>> find_abbreviations("Health-related quality of life (HRQoL) improved.")
    {'HRQoL': 'Health-related quality of life'}
    """
    return abbreviation_map(analyse(text))


# Context the detector reads around a "(" token (scispacy.abbreviation.filter_matches): the
# bracketed text is at most 8 tokens; a short form inside is at most 3 tokens of 2-9
# characters (short_form_filter), so its long-form candidate is at most min(L + 5, 2L) <= 32
# tokens before the "(".  Every run of non-space characters is at least one token, so runs
# count tokens from below.
_RUNS_BEFORE = 33
_RUNS_AFTER = 10


@lru_cache(maxsize=1)
def _space_codes():
    """The code points ``str.isspace`` (and so spaCy's tokenizer) treats as whitespace."""
    import numpy

    return numpy.array([c for c in range(0x3001) if chr(c).isspace()], dtype=numpy.uint32)


#: characters whose code points are held at once while runs are found (4 bytes each)
RUN_BLOCK = 1 << 20


def _runs(text: str, block: int = RUN_BLOCK):
    """``(starts, ends, opens)``: where each run of non-space characters of ``text`` starts and
    ends (before), and the offsets of its ``(``, found ``block`` characters at a time (so the
    code points of at most one block are held; offsets are int32 for texts under 2 GiB).

    >>> [a.tolist() for a in _runs("ab (cd) e", block=4)]
    [[0, 3, 8], [2, 7, 9], [3]]
    """
    import numpy

    n = len(text)
    dtype = numpy.int32 if n < 2 ** 31 - 1 else numpy.int64
    spaces = _space_codes()
    parts: tuple[list, list, list] = ([], [], [])
    before = numpy.ones(1, dtype=bool)  # the text starts after a space
    for a in range(0, n, block):
        b = min(n, a + block)
        codes = numpy.frombuffer(text[a:b].encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
        space = numpy.isin(codes, spaces)
        # the boundary before each character of the block (and, in the last block, the end)
        tail = [True] if b == n else []
        edge = numpy.diff(numpy.concatenate((before, space, tail)).astype(numpy.int8))
        parts[0].append((numpy.flatnonzero(edge == -1) + a).astype(dtype))
        parts[1].append((numpy.flatnonzero(edge == 1) + a).astype(dtype))
        parts[2].append((numpy.flatnonzero(codes == 40) + a).astype(dtype))  # "("
        before = space[-1:]
        del codes, space, edge
    if not n:
        return tuple(numpy.zeros(0, dtype=dtype) for _ in range(3))
    return tuple(numpy.concatenate(p) for p in parts)


def _letters_in(short: str, inner: str) -> bool:
    """Whether the letters and digits of ``short`` occur in ``inner`` in order, compared as
    scispacy's ``find_abbreviation`` compares them (each character lower-cased alone)."""
    chars = iter(inner)
    for c in short:
        c = c.lower()
        if not c.isalnum():
            continue
        for x in chars:
            if x.lower() == c:
                break
        else:
            return False
    return True


def _may_define(text: str, pos: int, end: int, starts, run: int) -> bool:
    """False when the ``(`` at ``pos`` can begin no definition the detector accepts, whatever
    the tokens around it (a cheap test on characters, so most of the text around statistics
    and citations is never tokenised); ``end`` is where the tokens it reads after it end,
    ``starts[run]`` where the run of non-space characters holding it starts.

    The detector's two cases (``scispacy.abbreviation.filter_matches``) need a ``)`` within
    them and either a short form inside the brackets, whose first character (right after the
    ``(``) is a letter, or the token before the ``(`` as the short form: 2 to 9 characters,
    the first a letter, at least half letters, whose letters and digits ``find_abbreviation``
    finds in order inside the brackets.  That token is a tail of the characters before the
    ``(`` in its run, else of the run before; each such tail is tried (a superset of the
    tokens spaCy can make there, and of the bracketed text: never a definition lost).
    """
    close = text.find(")", pos + 1, end)
    if close < 0:
        return False
    nxt = text[pos + 1] if pos + 1 < len(text) else ""
    if nxt.isalpha() or nxt.isspace():
        return True
    # the characters before the "(" that the short form can be a tail of
    if starts[run] < pos:
        before = text[starts[run]:pos]
    elif run > 0:
        b = pos
        while b > 0 and text[b - 1].isspace():
            b -= 1
        before = text[starts[run - 1]:b]
    else:
        return False
    inner = text[pos + 1:text.rfind(")", pos + 1, end)]
    for size in range(2, min(9, len(before)) + 1):
        tail = before[-size:]
        if tail[0].isalpha() and 2 * sum(c.isalpha() for c in tail) >= size and _letters_in(tail, inner):
            return True
    return False


def _windows(text: str, limit: int = PIECE_CHARS) -> list[tuple[int, int, int, int]]:
    """``(start, end, own_start, own_end)``: character ranges holding the ``(`` of ``text``
    at offsets ``own_start <= i < own_end`` with the tokens the detector reads around each.

    A range starts and ends at a boundary between whitespace and a run of non-space
    characters (spaCy tokenises such runs independently, so a range tokenises into exactly the
    tokens the whole text has there); overlapping ranges are joined up to ``limit``
    characters, beyond which the next range starts (with its own context).  Vectorised over
    the code points.
    """
    import numpy

    starts, ends, opens = _runs(text)
    if not len(opens):
        return []
    k = numpy.searchsorted(starts, opens, side="right") - 1
    lo = numpy.maximum(k - _RUNS_BEFORE, 0)
    hi = numpy.minimum(k + _RUNS_AFTER, len(starts) - 1)
    # a range from the first run starts at offset 0 (leading whitespace tokenises as in the text)
    lo_char = numpy.where(lo == 0, 0, starts[lo]).tolist()
    hi_char = ends[hi].tolist()
    out: list[tuple[int, int, int, int]] = []
    a = b = own = None
    for i, pos in enumerate(opens.tolist()):
        if not _may_define(text, pos, hi_char[i], starts, k[i]):
            continue  # no definition whatever its tokens: no range read for it
        if a is not None and lo_char[i] <= b and max(b, hi_char[i]) - a <= limit:
            b = max(b, hi_char[i])
            continue
        if a is not None:
            out.append((a, b, own, pos))
        a, b, own = lo_char[i], hi_char[i], pos
    if a is not None:
        out.append((a, b, own, len(text)))
    return out


def abbreviation_map(found) -> dict[str, str]:
    """``{short form: long form}`` (first definition wins) from :func:`analyse`'s list or from
    a ``Doc`` that went through the pipeline."""
    out: dict[str, str] = {}
    if not isinstance(found, list):  # a Doc
        found = [Abbreviation(a.text, a._.long_form.text, 0, 0, 0, 0)
                 for a in getattr(found._, "abbreviations", []) or [] if a._.long_form is not None]
    for a in found:
        if a.long and a.short not in out:
            out[a.short] = a.long
    return out
