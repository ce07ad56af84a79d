"""Patterns compiled on first use (:func:`lazy`), and patterns that also skip the stretches
of a text where they cannot match (:func:`compile`).

A module's patterns compiled at import cost every process their compilation, whether it
reads a document that needs them or not; :class:`LazyPattern` compiles on first use, from
the program cached on disk by an earlier process when there is one (:mod:`extractor.recache`).

Python's regex engine tries a pattern at every position of the text it searches, and a pattern
that opens with a word boundary, a case-insensitive word or a lookbehind gets none of its
literal-prefix shortcuts: scanning a 30,000-character article costs about as much per pattern
whether it matches or not.  Most rule patterns, though, contain a word every match must hold
("placebo", "NCT", "randomi", "assigned").  :func:`compile` reads that word (or the set of
words one of which every match holds, for an alternation) from the parsed pattern, with the
longest stretch of text that can stand before it in a match; a search first looks for the
word with ``str.find`` (on the lower-cased text for a case-insensitive pattern) and

* returns no match when none of the words is in the searched stretch;
* when the words stand near the start of a match and occur rarely, tries an anchored match at
  each position a match can start from (an occurrence less the longest stretch before it), in
  order, and returns the first that matches;
* when the words can stand far into a match ("120 adult patients were randomised") and the
  pattern consumes only some characters (no ``.`` or negated class), tries an anchored match
  only at the positions, within the run of such characters ending at each occurrence, holding
  a character a match can start with (a digit), occurrences in order, each position once;
* otherwise starts the regex search where the earliest possible match can begin (the first
  occurrence of a word less the longest stretch before it) instead of at ``pos``.

The matches are exactly the plain pattern's: the search finds the leftmost match by trying
the same positions in the same order less those where no match can begin (word boundaries,
lookbehinds and ``^`` see the whole text whatever the start; the end bound is unchanged);
``finditer`` and ``findall`` find each next match the same way from where the last one ended
(the first few; then the plain scan goes on), as the plain pattern's scan does.  Texts
shorter than a few hundred characters, and stretches of a text that short (a sentence searched
between ``pos`` and ``endpos``), are searched plainly once they hold the pattern's words (a
stretch of a long text whose words can stand far into a match is searched as a long text).  A text holding a character that
case-insensitive matching equates with an ASCII letter outside ASCII ("ſ", the Kelvin sign,
dotted and dotless i) is searched plainly.  Patterns without such a word, and every method
other than ``search``/``finditer``/``findall``, behave as the plain compiled pattern.
"""
from __future__ import annotations

import heapq
import os
import re
import sys
from functools import lru_cache
from typing import Optional

from . import recache

__all__ = ["compile", "lazy", "search", "FastPattern", "LazyPattern", "PatternSet", "required_words", "start_class", "lead"]

_MAX = sys.maxsize
# characters re.IGNORECASE matches with an ASCII letter (or whose lower case is longer)
_ODD = re.compile("[\u0130\u0131\u017f\u212a]")
_MIN_TEXT = 256  # shorter texts are searched plainly (the look-up costs more than it saves)
_GUARD_MIN = 48  # stretches shorter than this are searched plainly, whatever the pattern
_WINDOW = 48  # words at most this far into a match are looked for occurrence by occurrence
_ATTEMPT = 16  # one anchored match attempt costs about as much as scanning this many characters
_FEW = 16  # matches found by the guarded search before the plain scan goes on
_RUN_COST = 64  # looking back over the run before an occurrence costs about this many characters' scan
_UNREAD = object()
# (text, its lower case or None when it cannot be used), most recent first: a document's
# text and the longer pieces of it that rules search in turn (a sentence, a clause)
_recent: list[tuple[str, Optional[str]]] = []
_RECENT = 4


def _lowered(text: str) -> Optional[str]:
    """``text.lower()`` when offsets and ASCII letters correspond one to one, else None
    (cached for the last few texts: a document's text is searched between its pieces)."""
    for i, (t, low) in enumerate(_recent):
        if t is text:
            if i:
                _recent.insert(0, _recent.pop(i))
            return low
    low = None if _ODD.search(text) else text.lower()
    if low is not None and len(low) != len(text):
        low = None
    _recent.insert(0, (text, low))
    del _recent[_RECENT:]
    return low


_reversed_recent: list[tuple[str, str]] = [("", "")]


def _reversed(text: str) -> str:
    """``text[::-1]`` (the last text's is kept: a document's text is searched by one pattern
    after another)."""
    t, rev = _reversed_recent[0]
    if t is not text:
        rev = text[::-1]
        _reversed_recent[0] = (text, rev)
    return rev


_short_recent: list[tuple[str, Optional[str]]] = [("", "")]


def _lowered_short(text: str) -> Optional[str]:
    """``text.lower()``, or None when it holds a character case-insensitive matching equates
    with an ASCII letter; the last short text's is kept (a sentence is searched by one rule
    pattern after another)."""
    t, low = _short_recent[0]
    if t is text:
        return low
    low = None if _ODD.search(text) else text.lower()
    _short_recent[0] = (text, low)
    return low


def required_words(pattern: str, flags: int = 0) -> Optional[tuple[tuple[str, int], ...]]:
    """``((word, most characters before it, case-insensitive), ...)``: every match of
    ``pattern`` holds one of the words (lower-cased where matched case-insensitively) at most
    that many characters from its start (``sys.maxsize`` when unbounded); None when no word is
    required.

    >>> required_words(r"\\bNCT\\d{8}\\b", re.I)
    (('nct', 0, True),)
    >>> required_words(r"\\b(?:an?\\s)?placebo", re.I)
    (('placebo', 3, True),)
    >>> required_words(r"(?:HR|hazard ratio)\\s*=")
    (('HR', 0, False), ('hazard ratio', 0, False))
    >>> required_words(r"\\d+(?:mg|g)?") is None
    True
    """
    best = _best(_requirements(pattern, flags))
    return tuple(best) if best else None


def _best(reqs):
    """The requirement whose shortest word is longest (bounded offsets first on ties)."""
    if not reqs:
        return None
    return max(reqs, key=lambda r: (min(len(w) for w, _, _ in r), -sum(o == _MAX for _, o, _ in r)))


def _add(a: int, b: int) -> int:
    return _MAX if a >= _MAX or b >= _MAX else a + b


def _width(item, P, C) -> int:
    hi = P.SubPattern(P.State(), [item]).getwidth()[1]
    return _MAX if hi >= C.MAXREPEAT else hi


def _sequence(items, icase: bool, P, C):
    """``(requirements, widest)`` of a sequence of parsed items: each requirement a list of
    ``(word, offset)`` one of which every match holds."""
    reqs: list[list[tuple[str, int]]] = []
    run: list[str] = []
    run_at = 0
    at = 0  # the most characters the items so far can take

    def flush():
        if run:
            reqs.append([("".join(run), run_at, icase)])
        run.clear()

    for item in items:
        op, av = item
        if op is C.LITERAL and (not icase or av < 128):
            if not run:
                run_at = at
            run.append(chr(av).lower() if icase else chr(av))
            at = _add(at, 1)
            continue
        flush()
        inner = None
        if op is C.ASSERT and av[0] < 0 and at == 0:
            # "(?<=EudraCT )\d{4}": a literal lookbehind at the start: the word ends where the
            # match starts (a negative offset: the characters it stands before the match)
            sub = av[1].data
            if sub and all(o is C.LITERAL and (not icase or a < 128) for o, a in sub):
                word = "".join(chr(a).lower() if icase else chr(a) for _, a in sub)
                reqs.append([(word, -len(word), icase)])
            continue
        if op is C.SUBPATTERN:
            _, add_flags, del_flags, sub = av
            case = icase
            if add_flags & re.IGNORECASE:
                case = True
            if del_flags & re.IGNORECASE:
                case = False
            inner = _sequence(sub.data, case, P, C)[0]
        elif op is C.ATOMIC_GROUP:
            inner = _sequence(av.data, icase, P, C)[0]
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, _, sub = av
            if lo >= 1:
                inner = _sequence(sub.data, icase, P, C)[0]
        elif op is C.BRANCH:
            alts = []
            for branch in av[1]:
                best = _best(_sequence(branch.data, icase, P, C)[0])
                if best is None:
                    alts = None
                    break
                alts.extend(best)
            if alts:
                inner = [alts]
        if inner:
            # a word that ends where the match starts only when nothing can stand before it
            reqs.extend([(w, _add(o, at), c) for w, o, c in r] for r in inner
                        if at == 0 or all(o >= 0 for _, o, _ in r))
        at = _add(at, _width(item, P, C))
    flush()
    return reqs, at


class LazyPattern:
    """A pattern compiled on first use: a process that never uses it never pays for its
    compilation.  ``pattern`` is there before (for patterns built from it); the first use of
    anything else compiles, and the plain ``re.Pattern``'s methods and attributes become the
    instance's own (later uses cost what they cost on it)."""

    _PLAIN = ("search", "finditer", "findall", "match", "fullmatch", "sub", "subn", "split",
              "flags", "groups", "groupindex", "scanner")

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern = pattern
        self._flags = flags

    def __getattr__(self, name: str):
        if name != "_rx" and name not in self._PLAIN:
            raise AttributeError(name)
        rx = recache.compile(self.pattern, self._flags)
        self._rx = rx
        for attr in self._PLAIN:
            setattr(self, attr, getattr(rx, attr))
        return getattr(self, name)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.pattern!r}, {self._flags})"

    @property
    def plain(self) -> re.Pattern:
        """The compiled ``re.Pattern`` (same matches): for a stretch already known to hold the
        pattern's words (:meth:`PatternSet.candidates` gave it), without looking again."""
        return self._rx

    def __eq__(self, other) -> bool:
        return self._rx == (other._rx if isinstance(other, LazyPattern) else other)

    def __hash__(self) -> int:
        return hash(self._rx)


def _split_branches(pattern: str) -> Optional[list[str]]:
    """The top-level alternatives of ``pattern`` (``"a|(?:b|c)"`` -> ``["a", "(?:b|c)"]``), or
    None when it has fewer than two or could hide one (verbose mode, comments, inline flags)."""
    if "(?#" in pattern or re.match(r"\(\?[aiLmsux]+\)", pattern):
        return None
    parts, depth, start, i, n = [], 0, 0, 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":  # a class: "]" first (after "^") is a member
            i += 1
            if i < n and pattern[i] == "^":
                i += 1
            if i < n and pattern[i] == "]":
                i += 1
            while i < n and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts if len(parts) >= 2 and depth == 0 else None


def _requirements(pattern: str, flags: int):
    """Every requirement of ``pattern`` (lists of ``(word, offset, icase)``, one word of each
    list in every match), or None when it cannot be read; read once per machine (kept on disk
    with the compiled programs, :func:`extractor.recache.memo`, keyed by this module's file)."""
    return recache.memo("fastre.requirements", (_code_version(), pattern, int(flags)),
                        lambda: _read_requirements(pattern, flags))


@lru_cache(maxsize=1)
def _code_version() -> str:
    """This module's file as it is (size and time): requirements read by other code are not used."""
    try:
        st = os.stat(__file__)
        return f"{st.st_size}-{st.st_mtime_ns}"
    except OSError:  # pragma: no cover
        return "unknown"


def _read_requirements(pattern: str, flags: int):
    try:
        from re import _constants as C, _parser as P

        parsed = P.parse(pattern, flags)
        return _sequence(parsed.data, bool(parsed.state.flags & re.IGNORECASE), P, C)[0]
    except Exception:  # an engine without the parser this reads: plain searches
        return None


def _spans(pattern: str, flags: int):
    """``(every character a match can consume, every character a match can start with)`` as
    character-class sources (supersets: read case-insensitively), or None when a match can
    consume any character or be empty; read once per machine like :func:`_requirements`."""
    return recache.memo("fastre.spans", (_code_version(), pattern, int(flags)),
                        lambda: _read_spans(pattern, flags))


class _Unknown(Exception):
    """A character set :func:`_read_spans` cannot tell (any character, a negated class)."""


def _span_readers(C):
    """``(one, consumed, first)``: the readers of parsed items :func:`_read_spans` and
    :func:`start_class` share (``C`` is the engine's ``re._constants``)."""
    cats = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_SPACE: r"\s",
            C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_WORD: r"\w", C.CATEGORY_NOT_WORD: r"\W"}

    def one(op, av) -> list:
        if op is C.LITERAL:
            return [f"\\U{av:08x}"]
        if op is C.RANGE:
            return [f"\\U{av[0]:08x}-\\U{av[1]:08x}"]
        if op is C.CATEGORY and av in cats:
            return [cats[av]]
        if op is C.IN:
            return [x for o, a in av for x in one(o, a)]
        raise _Unknown  # any character, a negated class or set, a category of lines

    zero = (C.AT, C.ASSERT, C.ASSERT_NOT, C.FAILURE)

    def consumed(items, out: list) -> None:
        for op, av in items:
            if op in zero or op is C.GROUPREF:  # a group's text is consumed where it is
                continue
            if op is C.SUBPATTERN:
                consumed(av[3].data, out)
            elif op is C.ATOMIC_GROUP:
                consumed(av.data, out)
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
                consumed(av[2].data, out)
            elif op is C.BRANCH:
                for b in av[1]:
                    consumed(b.data, out)
            elif op is C.GROUPREF_EXISTS:
                consumed(av[1].data, out)
                if av[2] is not None:
                    consumed(av[2].data, out)
            else:
                out.extend(one(op, av))

    def first(items, out: list) -> bool:
        """Adds the characters the sequence can start with; True when it can be empty."""
        for op, av in items:
            if op in zero:
                continue
            if op is C.SUBPATTERN:
                empty = first(av[3].data, out)
            elif op is C.ATOMIC_GROUP:
                empty = first(av.data, out)
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
                empty = first(av[2].data, out) or av[0] == 0
            elif op is C.BRANCH:
                empty = False
                for b in av[1]:
                    empty = first(b.data, out) or empty
            elif op in (C.GROUPREF, C.GROUPREF_EXISTS):
                raise _Unknown
            else:
                out.extend(one(op, av))
                empty = False
            if not empty:
                return False
        return True

    return one, consumed, first


def _read_spans(pattern: str, flags: int):
    try:
        from re import _constants as C, _parser as P

        parsed = P.parse(pattern, flags)
    except Exception:  # an engine without the parser this reads
        return None
    _, consumed, first = _span_readers(C)
    try:
        every: list = []
        consumed(parsed.data, every)
        starts: list = []
        if first(parsed.data, starts) or not every:
            return None
    except _Unknown:
        return None
    return "[" + "".join(dict.fromkeys(every)) + "]*", "[" + "".join(dict.fromkeys(starts)) + "]"


def _adds_ignorecase(items, C) -> bool:
    """Whether a group of the parsed items turns case-insensitive matching on."""
    for op, av in items:
        if op is C.SUBPATTERN:
            if av[1] & re.IGNORECASE or _adds_ignorecase(av[3].data, C):
                return True
        elif op is C.ATOMIC_GROUP:
            if _adds_ignorecase(av.data, C):
                return True
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            if _adds_ignorecase(av[2].data, C):
                return True
        elif op is C.BRANCH:
            if any(_adds_ignorecase(b.data, C) for b in av[1]):
                return True
        elif op in (C.ASSERT, C.ASSERT_NOT):
            if _adds_ignorecase(av[1].data, C):
                return True
        elif op is C.GROUPREF_EXISTS:
            if _adds_ignorecase(av[1].data, C) or av[2] is not None and _adds_ignorecase(av[2].data, C):
                return True
    return False


def start_class(pattern: str, flags: int = 0) -> Optional[str]:
    """A character class (its source) holding every character a match of ``pattern`` can
    start with, to be read with the pattern's own flags (a superset: a case-insensitive
    pattern's class is read case-insensitively too); None when a match can be empty or start
    with any character.  ``(?=CLASS)`` before the pattern matches where it does and lets the
    engine leave every other position after one look at a character.

    >>> print(start_class(r"(?:mg|kg)/d|%"))
    [\\U0000006d\\U0000006b\\U00000025]
    >>> start_class(r"a?") is None
    True
    """
    try:
        from re import _constants as C, _parser as P

        parsed = P.parse(pattern, flags)
    except Exception:  # an engine without the parser this reads
        return None
    if not parsed.state.flags & re.IGNORECASE and _adds_ignorecase(parsed.data, C):
        return None  # "(?i:a)" in a case-sensitive pattern: "[a]" would not hold "A"
    _, _, first = _span_readers(C)
    starts: list = []
    try:
        if first(parsed.data, starts) or not starts:
            return None
    except _Unknown:
        return None
    return "[" + "".join(dict.fromkeys(starts)) + "]"


def lead(pattern: str, flags: int = 0) -> str:
    """Zero-width tests every match of ``pattern`` passes where it starts, as pattern source to
    put before it: ``\\b`` when each of its top-level alternatives opens with one, then
    ``(?=CLASS)`` of :func:`start_class`; "" when neither can be told.  ``lead(p) + "(?:" + p +
    ")"`` matches exactly what ``p`` matches, and the engine leaves a position failing them
    after one look instead of trying each alternative there.

    >>> lead(r"\\bodds\\s+ratio|\\bOR\\b")
    '\\\\b(?=[\\\\U0000006f\\\\U0000004f])'
    """
    parts = _split_branches(pattern) or [pattern]
    bound = r"\b" if all(p.startswith(r"\b") for p in parts) else ""
    first = start_class(pattern, flags)
    return bound + (f"(?={first})" if first else "")


def _telling(reqs) -> list:
    """The requirements worth looking for in a sentence, fewest words first: not those one of
    whose words nearly every sentence holds (a letter or two: "or", "a", "HR" in any case)."""
    def common(word: str, icase: bool) -> bool:
        return word.isalpha() and (len(word) <= 2 if icase else len(word) <= 1)
    return sorted((r for r in reqs if not any(common(w, c) for w, _, c in r)), key=len)


class _Guard:
    """What a short stretch must hold for ``pattern`` to match there: every requirement of the
    whole pattern, and for a pattern without groups made of alternatives, the requirements of
    each alternative (a stretch is searched with the alternatives it can hold, in their order:
    the leftmost match, and at one position the first alternative matching, are the same).
    Stretches shorter than :data:`_GUARD_MIN` are searched plainly (looking costs more)."""

    __slots__ = ("reqs", "words", "branches", "sources", "flags", "subsets", "back")

    def __init__(self, pattern: str, flags: int, groups: int):
        reqs = _telling(_requirements(pattern, flags) or ())
        # a word standing before the match (a lookbehind) may start before the stretch
        self.back = max((-o for r in reqs for _, o, _ in r if o < 0), default=0)
        self.reqs = [tuple((w, c) for w, _, c in r) for r in reqs]
        self.words: tuple = ()
        self.branches = self.sources = None
        self.flags = flags
        self.subsets: dict[tuple[int, ...], re.Pattern] = {}
        parts = _split_branches(pattern) if groups == 0 and not flags & re.VERBOSE else None
        if parts and len(parts) >= 3:
            reqs = [_requirements(p, flags) for p in parts]
            reqs = [None if r is None else _telling(r) for r in reqs]
            if all(r is not None for r in reqs) and sum(bool(r) for r in reqs) >= 2:
                words: dict[tuple[str, bool], int] = {}
                self.branches = [[tuple(words.setdefault((w, c), len(words)) for w, _, c in req)
                                  for req in r] for r in reqs]
                self.back = max([self.back] + [-o for r in reqs for req in r for _, o, _ in req if o < 0])
                self.words = tuple(words)
                self.sources = parts

    def pattern_for(self, rx: re.Pattern, string: str, pos: int, endpos: int):
        """``rx``, the alternatives of it the stretch can hold, or None when it holds no match."""
        n = len(string)
        end = n if endpos > n else endpos
        pos = 0 if pos < 0 else pos
        if end - pos < _GUARD_MIN or not (self.reqs or self.branches):
            return rx
        back = pos - self.back if pos > self.back else 0
        if n >= _MIN_TEXT:
            low = _lowered(string)
            if low is None:
                return rx
            lo, hi = back, end
        else:
            s = string[back:end]
            low = _lowered_short(s)
            if low is None:
                return rx
            string, lo, hi = s, 0, len(s)
        for req in self.reqs:
            for word, icase in req:
                if (low if icase else string).find(word, lo, hi) >= 0:
                    break
            else:
                return None
        branches = self.branches
        if branches is None:
            return rx
        present = [(low if icase else string).find(word, lo, hi) >= 0 for word, icase in self.words]
        keep = []
        for i, reqs in enumerate(branches):
            for req in reqs:
                for w in req:
                    if present[w]:
                        break
                else:
                    break
            else:
                keep.append(i)
        if not keep:
            return None
        if len(keep) == len(branches):
            return rx
        keep = tuple(keep)
        sub = self.subsets.get(keep)
        if sub is None:
            sub = self.subsets[keep] = recache.compile("|".join(self.sources[i] for i in keep), self.flags)
        return sub


class FastPattern(LazyPattern):
    """A :class:`LazyPattern` whose ``search``, ``finditer`` and ``findall`` skip text that
    cannot hold a match (see the module)."""

    _PLAIN = ("match", "fullmatch", "sub", "subn", "split", "flags", "groups", "groupindex",
              "scanner")

    def __init__(self, pattern: str, flags: int = 0):
        super().__init__(pattern, flags)
        self._words = _UNREAD  # read from the pattern on the first search of a long text
        self._guard = None  # read from the pattern on the first search of a short stretch
        self._span = _UNREAD  # (run of consumable characters, start character) or None
        self._far_words = _UNREAD  # whether the words can stand far into a match (see _far)

    def _short(self, string: str, pos: int, endpos: int):
        guard = self._guard
        if guard is None:
            guard = self._guard = _Guard(self.pattern, self._flags, self._rx.groups)
        return guard.pattern_for(self._rx, string, pos, endpos)

    def _far(self, rx, n: int, pos: int, endpos: int) -> bool:
        """Whether a short stretch of a long text holding the pattern's words is searched as a
        long text is: when its words can stand far into a match (see :meth:`_runs`)."""
        if rx is not self._rx or n < _MIN_TEXT or (n if endpos > n else endpos) - pos < _GUARD_MIN * 2:
            return False
        far = self._far_words
        if far is _UNREAD:
            words = self._words
            if words is _UNREAD:
                words = self._words = required_words(self.pattern, self._flags)
            far = self._far_words = bool(words) and any(b > _WINDOW for _, b, _ in words) and \
                all(b >= 0 for _, b, _ in words)
        return far

    def search(self, string: str, pos: int = 0, endpos: int = _MAX):
        n = len(string)
        if (n if endpos > n else endpos) - pos < _MIN_TEXT:  # a short text, or a short stretch of one
            rx = self._short(string, pos, endpos)
            if rx is None:
                return None
            if not self._far(rx, n, pos, endpos):
                return rx.search(string, pos, endpos)
        words = self._words
        if words is _UNREAD:
            words = self._words = required_words(self.pattern, self._flags)
        if not words:
            return self._rx.search(string, pos, endpos)
        end = min(endpos, n)
        pos = max(pos, 0)
        found = []  # (first window start, word, before, haystack, occurrence)
        for word, before, icase in words:
            hay = _lowered(string) if icase else string
            if hay is None:
                return self._rx.search(string, pos, endpos)
            k = hay.find(word, pos if before >= 0 else max(0, pos + before), end)
            if k >= 0:
                found.append((k - before if before < _MAX else pos, word, before, hay, k))
        if not found:
            return None
        first = max(pos, min(f[0] for f in found))
        if any(f[2] > _WINDOW for f in found):
            if all(f[2] >= 0 for f in found) and \
                    sum(f[3].count(f[1], f[4], end) for f in found) * _RUN_COST <= end - first:
                span = self._span
                if span is _UNREAD:
                    span = _spans(self.pattern, self._flags)
                    span = self._span = None if span is None else \
                        (recache.compile(span[0], re.IGNORECASE).match, recache.compile(span[1], re.IGNORECASE).finditer)
                if span is not None:
                    return self._runs(string, pos, endpos, end, found, span)
            return self._rx.search(string, first, endpos)
        if sum(f[3].count(f[1], f[4], end) * (max(f[2], 0) + 1) for f in found) * _ATTEMPT > end - first:
            return self._rx.search(string, first, endpos)
        # few short windows: try a match at each position a match can start from, in order
        heap = [(max(pos, s), k, word, before, hay) for s, word, before, hay, k in found]
        heapq.heapify(heap)
        tried = pos - 1
        match = self._rx.match
        while heap:
            s, k, word, before, hay = heapq.heappop(heap)
            # a match holding this occurrence starts from k - before up to k (or, for a word
            # standing before the match, exactly where the word ends)
            last = k if before >= 0 else k - before
            for x in range(max(s, tried + 1), last + 1):
                m = match(string, x, endpos)
                if m is not None:
                    return m
            tried = max(tried, last)
            k = hay.find(word, k + 1, end)
            if k >= 0:
                heapq.heappush(heap, (max(pos, k - before), k, word, before, hay))
        return None

    def _runs(self, string: str, pos: int, endpos: int, end: int, found, span):
        """The leftmost match from ``pos``, tried only where one can start: every match holds
        an occurrence of a word, and consists of characters the pattern can consume, so it
        starts within the run of such characters ending at an occurrence, at a character the
        pattern can start with (occurrences taken in order, each position tried once)."""
        run, starts = span
        rev = _reversed(string)
        n = len(string)
        heap = [(k, word, hay) for _, word, _, hay, k in found]
        heapq.heapify(heap)
        tried = pos  # the first position not tried yet
        match = self._rx.match
        while heap:
            k, word, hay = heapq.heappop(heap)
            if k >= tried:
                lo = k - run(rev, n - k).end() + (n - k)
                for sm in starts(string, lo if lo > tried else tried, k + 1):
                    m = match(string, sm.start(), endpos)
                    if m is not None:
                        return m
                tried = k + 1
            k = hay.find(word, k + 1, end)
            if k >= 0:
                heapq.heappush(heap, (k, word, hay))
        return None

    def finditer(self, string: str, pos: int = 0, endpos: int = _MAX):
        n = len(string)
        if (n if endpos > n else endpos) - pos < _MIN_TEXT:
            rx = self._short(string, pos, endpos)
            if rx is None:
                return iter(())
            if not self._far(rx, n, pos, endpos):
                return rx.finditer(string, pos, endpos)
        m = self.search(string, pos, endpos)
        return iter(()) if m is None else self._matches(string, m, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = _MAX):
        n = len(string)
        if (n if endpos > n else endpos) - pos < _MIN_TEXT:
            rx = self._short(string, pos, endpos)
            return [] if rx is None else rx.findall(string, pos, endpos)
        m = self.search(string, pos, endpos)
        if m is None:
            return []
        groups = self._rx.groups
        if groups == 0:
            return [m.group() for m in self._matches(string, m, endpos)]
        if groups == 1:
            return [m.groups("")[0] for m in self._matches(string, m, endpos)]
        return [m.groups("") for m in self._matches(string, m, endpos)]

    def _matches(self, string: str, m, endpos: int):
        """The matches from ``m`` (the first) on, as the plain ``finditer`` yields them.

        The next match after a non-empty one is the leftmost from where it ended, so
        :meth:`search` finds it (skipping the text without the pattern's words); after
        :data:`_FEW` matches, or at an empty one, the plain scan goes on from the match's start
        (the leftmost match from there is that match itself)."""
        for _ in range(_FEW):
            if m.end() == m.start():
                break
            yield m
            m = self.search(string, m.end(), endpos)
            if m is None:
                return
        yield from self._rx.finditer(string, m.start(), endpos)


_held: tuple = (None, {})  # (a long text, {(word, icase): whether the text holds it})


def _words_in(string: str) -> dict:
    """Which words ``string`` holds, as far as asked (kept for the last long text: the rule
    lists of a document share many words)."""
    global _held
    last = _held
    if last[0] is not string:
        last = _held = (string, {})
    return last[1]


def _holds(held: dict, string: str, low: str, word: str, icase: bool) -> bool:
    got = held.get((word, icase))
    if got is None:
        got = held[(word, icase)] = (low if icase else string).find(word) >= 0
    return got


class PatternSet:
    """Patterns searched one after another over the same stretch of a text (every rule of a
    list over a sentence): the words each of them needs (as a short stretch's search reads
    them, :class:`_Guard`) are looked for once for all of them, and :meth:`candidates` gives,
    in their order, only the patterns whose words the stretch holds (a pattern that needs no
    word is always given).  What a given pattern then finds there is what it finds anyway; a
    pattern left out has no match there.  For the stretches of one long text (a document's
    sentences) the words the whole text lacks are set aside once, with the patterns that need
    them: a sentence is then looked at only for the patterns the document can match."""

    __slots__ = ("patterns", "_needs", "_last")

    def __init__(self, patterns):
        self.patterns = tuple(patterns)
        self._needs = None  # per pattern: (pattern, reach before the stretch, requirements)
        self._last = (None, ())  # (a long text, what _for_text kept for it)

    def _read(self) -> None:
        needs = []
        for p in self.patterns:
            flags = p._flags if isinstance(p, LazyPattern) else p.flags
            reqs = _telling(_requirements(p.pattern, flags) or ())
            # a word standing before the match (a lookbehind) may start before the stretch
            back = max([0] + [-o for r in reqs for _, o, _ in r if o < 0])
            needs.append((p, back, tuple(tuple((w, c) for w, _, c in r) for r in reqs)))
        self._needs = tuple(needs)

    def _for_text(self, string: str, low: str) -> tuple:
        """The patterns ``string`` can match somewhere, each with the requirements left once
        the words ``string`` lacks are set aside (kept for the last long text)."""
        last = self._last
        if last[0] is not string:
            held = _words_in(string)
            kept = []
            for p, back, reqs in self._needs:
                left = []
                for req in reqs:
                    req = tuple((w, c) for w, c in req if _holds(held, string, low, w, c))
                    if not req:
                        break
                    left.append(req)
                else:
                    kept.append((p, back, tuple(left)))
            last = self._last = (string, tuple(kept))
        return last[1]

    def candidates(self, string: str, pos: int = 0, endpos: int = _MAX) -> list:
        """The patterns that can match in ``string[pos:endpos]``, in order."""
        if self._needs is None:
            self._read()
        n = len(string)
        end = n if endpos > n else endpos
        pos = 0 if pos < 0 else pos
        if n >= _MIN_TEXT:
            low = _lowered(string)
            if low is None:
                return list(self.patterns)
            todo = self._for_text(string, low)
        else:
            low = _lowered_short(string)
            if low is None:
                return list(self.patterns)
            todo = self._needs
        out = []
        for p, back, reqs in todo:
            lo = pos - back if pos > back else 0
            for req in reqs:
                for w, icase in req:
                    if (low if icase else string).find(w, lo, end) >= 0:
                        break
                else:
                    break
            else:
                out.append(p)
        return out

def compile(pattern: str, flags: int = 0) -> FastPattern:
    """``re.compile(pattern, flags)`` as a :class:`FastPattern`: compiled on first use (a
    process that never uses it never pays for it), then searched as the module says."""
    return FastPattern(pattern, flags)


@lru_cache(maxsize=1024)
def _kept(pattern: str, flags: int) -> FastPattern:
    return FastPattern(pattern, flags)


def search(pattern: str, string: str, flags: int = 0):
    """``re.search(pattern, string, flags)`` through a :class:`FastPattern` kept per process (as
    ``re`` keeps the patterns its functions compile): the same match, for a pattern written
    where it is used."""
    return _kept(pattern, flags).search(string)


def lazy(pattern: str, flags: int = 0) -> LazyPattern:
    """``re.compile(pattern, flags)`` compiled on first use (:class:`LazyPattern`)."""
    return LazyPattern(pattern, flags)
