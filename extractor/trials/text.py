"""Text helpers for trial extraction: a fallback sentence splitter, a fallback abbreviation
finder (Schwartz & Hearst 2003), parenthesis-aware splitting, and the table cell that trial
extraction reads (tables themselves come from the readers).

The pipeline normally supplies sentences and abbreviations in the :class:`Context`; these
fallbacks keep :func:`extractor.trials.extract_studies` usable on a bare ``Source``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["split_sentences", "find_abbreviations", "split_top", "Cell"]

_NO_BREAK = re.compile(
    r"(?:\b(?:vs|v|et al|Fig|Figs|Tab|No|Nos|e\.g|i\.e|cf|approx|Dr|Mr|Mrs|Ms|St|ca|resp|Ref|Refs|Suppl|min|max|mo|yr|wk|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.|\b[A-Z]\.)$"
)
_BREAK = re.compile(r"(?<=[.!?])[\"”’)\]]*\s+(?=[\"“(\[]?[A-Z0-9])|\n+")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence ranges of ``text[start:end]`` (abbreviation- and decimal-safe).

    >>> t = "Mean age was 54.2 vs. 55.1 years (Smith et al. 2020). Results follow.\\nNext line"
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['Mean age was 54.2 vs. 55.1 years (Smith et al. 2020).', 'Results follow.', 'Next line']
    """
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    pos = start
    for m in _BREAK.finditer(text, start, end):
        if m.group(0).strip() and "\n" not in m.group(0):
            pass
        if "\n" not in m.group(0) and _NO_BREAK.search(text[max(pos, m.start() - 12):m.start()]):
            continue
        a, b = pos, m.start()
        # keep closing quotes/brackets with the sentence they end
        while b < m.end() and text[b] in "\"”’)]":
            b += 1
        _push(text, a, b, out)
        pos = m.end()
    _push(text, pos, end, out)
    return out


def _push(text: str, a: int, b: int, out: list) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a:
        out.append((a, b))


# "(6MWD)", and a short form followed by the group's size: "(LNS; n = 160)"
_SHORT = re.compile(r"\(\s*(?P<short>[A-Za-z][A-Za-z0-9\-]{0,9}[A-Za-z0-9]s?|[0-9][A-Za-z0-9\-]{1,9})\s*(?:\)|[;,]\s*(?=[nN]\s*=))")


def find_abbreviations(text: str) -> dict[str, str]:
    """``{short: long}`` for "long form (SHORT)" definitions (Schwartz & Hearst 2003 matching).

    >>> find_abbreviations("The 6-minute walking distance (6MWD) and quality of life (QoL).")
    {'6MWD': '6-minute walking distance', 'QoL': 'quality of life'}
    """
    out: dict[str, str] = {}
    for m in _SHORT.finditer(text):
        short = m["short"]
        if not any(c.isupper() for c in short) or short.isdigit():
            continue
        words = list(re.finditer(r"[^\s(),;:\[\]]+", text[max(0, m.start() - 200):m.start()]))
        base = max(0, m.start() - 200)
        limit = min(len(short) + 5, 2 * len(short))
        words = words[-limit:]
        for k in range(1, len(words) + 1):
            cand = text[base + words[-k].start(): base + words[-1].end()]
            if _sh_match(short.rstrip("s") if short.endswith("s") and short[:-1].isupper() else short, cand):
                if short not in out:
                    out[short] = cand
                break
    return out


def _sh_match(short: str, long: str) -> bool:
    """Schwartz-Hearst: every character of ``short`` appears in ``long`` right to left, the
    first one at the start of a word of ``long``."""
    s = short.lower()
    lg = long.lower()
    si, li = len(s) - 1, len(lg) - 1
    while si >= 0:
        c = s[si]
        if not c.isalnum():
            si -= 1
            continue
        while li >= 0 and (lg[li] != c or (si == 0 and li > 0 and lg[li - 1].isalnum())):
            li -= 1
        if li < 0:
            return False
        si -= 1
        li -= 1
    return len(long) > len(short)


def split_top(text: str, seps: re.Pattern) -> list[tuple[int, int]]:
    """Ranges of ``text`` split at ``seps`` matches that are outside parentheses/brackets."""
    # Read from bracket to bracket: outside brackets, the leftmost separator before the next
    # bracket (``seps.search``) is the first a character-by-character ``seps.match`` finds
    # (an empty match is skipped, as there); inside, only brackets count.
    depth = 0
    out: list[tuple[int, int]] = []
    pos = 0
    i = 0
    n = len(text)
    while i < n:
        b = _BRACKET.search(text, i)
        k = b.start() if b else n
        if depth == 0:
            m = seps.search(text, i)
            if m is not None and m.start() < k:
                if m.end() > m.start():
                    out.append((pos, m.start()))
                    pos = i = m.end()
                else:
                    i = m.start() + 1
                continue
        if k >= n:
            break
        depth = depth + 1 if text[k] in "([" else max(0, depth - 1)
        i = k + 1
    out.append((pos, len(text)))
    return [(a, b) for a, b in out if text[a:b].strip()]


_BRACKET = re.compile(r"[()\[\]]")


@dataclass(frozen=True)
class Cell:
    """One table cell: its trimmed text and offsets in the source text."""

    text: str
    start: int
    end: int
