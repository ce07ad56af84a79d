"""Journal names normalised to their NLM / ISO 4 abbreviation (``refs.journal_iso``).

Two sources, both offline:

1. ``extractor/data/journals.tsv`` — a curated list of clinical and biomedical journals (full
   title, ISO 4 abbreviation, NLM abbreviation, printed variants).  Every form is indexed under a
   normalised key (case, punctuation, ``&``/``and`` and a leading "The" ignored) and looked up
   **exactly**: siblings such as ``Lancet`` and ``Lancet Respir Med`` never meet.
2. For titles not in the list, the ISO 4 rules with the LTWA (List of Title Word Abbreviations)
   shipped by the ``pyiso4`` package, loaded lazily on first use; periods are dropped so the
   result has the NLM form.  A name that is already abbreviated keeps its words.

>>> iso("The Lancet")
'Lancet'
>>> iso("Lancet Respir. Med."), iso("The Lancet Respiratory Medicine")
('Lancet Respir Med', 'Lancet Respir Med')
>>> iso("Ann Surg Oncol") == iso("Ann Oncol")
False
>>> is_known("J Clin Oncol"), is_known("The Current")
(True, False)
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Optional

__all__ = ["iso", "lookup", "is_known", "full_title", "journal_key", "load_journals", "JOURNALS_TSV"]

JOURNALS_TSV = Path(__file__).resolve().parent.parent / "data" / "journals.tsv"


def journal_key(name: str) -> str:
    """The normalised form used for exact matching.

    >>> journal_key("The Journal of Infectious Diseases.") == journal_key("journal of infectious diseases")
    True
    """
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.casefold().replace("&", " and ")
    s = re.sub(r"[.,:;'’()\[\]\-–/]", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"^the ", "", s)
    return s.replace(" and ", " ")


@lru_cache(maxsize=1)
def _entries() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """``(full title, NLM abbreviation, every written form)`` per row of the curated TSV."""
    out = []
    for line in JOURNALS_TSV.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("title\t"):
            continue
        cols = line.split("\t")
        title, iso4, nlm = (cols + ["", "", ""])[:3]
        variants = cols[3].split("|") if len(cols) > 3 and cols[3] else []
        forms = tuple(f for f in (title, iso4, nlm, *variants) if f.strip())
        out.append((title.strip(), nlm.strip(), forms))
    return tuple(out)


@lru_cache(maxsize=1)
def load_journals() -> dict[str, str]:
    """``{normalised form: NLM abbreviation}`` from the curated TSV (loaded once)."""
    table: dict[str, str] = {}
    for _title, nlm, forms in _entries():
        for form in forms:
            table.setdefault(journal_key(form), nlm)
    return table


def lookup(name: Optional[str]) -> Optional[str]:
    """The NLM abbreviation of a journal in the curated list, or ``None``."""
    if not name:
        return None
    key = journal_key(name)
    table = load_journals()
    if key in table:
        return table[key]
    # "Lancet (London, England)" / "Spine (Phila Pa 1976)": try without the qualifier.
    bare = journal_key(re.sub(r"\s*\([^)]*\)\s*$", "", name))
    return table.get(bare)


@lru_cache(maxsize=1)
def _full_titles() -> dict[str, str]:
    """``{normalised form: full title}`` from the curated TSV (loaded once)."""
    table: dict[str, str] = {}
    for title, _nlm, forms in _entries():
        if title:
            for form in forms:
                table.setdefault(journal_key(form), title)
    return table


def full_title(name: Optional[str]) -> Optional[str]:
    """The full title of a journal of the curated list, from any printed form, or ``None``.

    >>> full_title("Lancet Respir Med"), full_title("PLoS ONE"), full_title("The Current")
    ('The Lancet Respiratory Medicine', 'PLOS ONE', None)
    """
    if not name:
        return None
    table = _full_titles()
    key = journal_key(name)
    if key in table:
        return table[key]
    return table.get(journal_key(re.sub(r"\s*\([^)]*\)\s*$", "", name)))


def is_known(name: Optional[str]) -> bool:
    """True when ``name`` is a journal of the curated list (any printed form)."""
    return lookup(name) is not None


class _LazyNode:
    """A node of pyiso4's LTWA prefix tree that splits into children when first searched.

    pyiso4 inserts the 56,000 LTWA patterns one by one into a tree whose nodes hold at most
    ``Node.MAX_OBJS`` patterns before splitting by the next character of their keys (about
    0.7 s per process).  A node here holds its patterns in insertion order and, when searched
    holding more than that, splits them by the same character (``""`` past a key's end) in
    the same order: every search returns what pyiso4's tree returns, in the same order, and
    only the nodes searched are ever built.
    """

    __slots__ = ("items", "children")

    def __init__(self, items: list) -> None:
        self.items = items
        self.children: Optional[dict] = None

    def search(self, word: str, position: int = 0) -> list:
        items = self.items
        if len(items) <= _MAX_OBJS:
            return [obj for _, obj in items]
        children = self.children
        if children is None:
            groups: dict[str, list] = {}
            for key, obj in items:
                groups.setdefault(key[position] if position < len(key) else "", []).append((key, obj))
            children = self.children = {c: _LazyNode(v) for c, v in groups.items()}
        results = []
        if "" in children:  # patterns ending here match any continuation
            results.extend(children[""].search(word, position + 1))
        c = word[position] if position < len(word) else ""
        if c in children:
            results.extend(children[c].search(word, position + 1))
        return results


_MAX_OBJS = 5  # pyiso4.prefix_tree.Node.MAX_OBJS (read when the tree is built)


@lru_cache(maxsize=1)
def _abbreviator():
    """pyiso4's ``Abbreviate`` over the LTWA (``Abbreviate.create()``), its prefix trees
    built lazily (:class:`_LazyNode`)."""
    global _MAX_OBJS
    try:
        from pyiso4 import ltwa
        from pyiso4.prefix_tree import Node
    except ImportError:  # pragma: no cover - the dependency is declared
        return None
    _MAX_OBJS = Node.MAX_OBJS
    defaults = ltwa.Abbreviate.create.__func__.__defaults__  # (ltwa file, stopwords file)
    prefix: list = []
    suffix: list = []
    with open(defaults[0]) as f:  # the lines Abbreviate.create reads, read the same way
        for line in f.readlines()[1:]:
            if line == "\n":
                continue
            pattern = ltwa.Pattern.from_line(line)
            key = pattern.to_key()
            if pattern.start_with_dash:
                suffix.append((key[::-1], pattern))
            else:
                prefix.append((key, pattern))
    with open(defaults[1]) as f:
        stopwords = [w.strip() for w in f.readlines()]
    return ltwa.Abbreviate(_LazyTree(prefix), _LazyTree(suffix), stopwords)


class _LazyTree:
    """``pyiso4.prefix_tree.PrefixTree``'s ``search`` over :class:`_LazyNode` nodes."""

    __slots__ = ("root",)

    def __init__(self, items: list) -> None:
        self.root = _LazyNode(items)

    def search(self, word: str) -> list:
        return self.root.search(word)


_ABBREV_WORD = re.compile(r"^[A-Z][a-z]{0,6}\.?$|^[A-Z]{2,}$|^[a-z]{1,3}$")


@lru_cache(maxsize=4096)
def iso(name: Optional[str]) -> Optional[str]:
    """The NLM-style abbreviation (ISO 4 without periods) of a printed journal name."""
    if not name:
        return None
    name = re.sub(r"\s+", " ", name).strip().strip(",;:")
    if not name:
        return None
    hit = lookup(name)
    if hit:
        return hit
    words = name.replace(".", ". ").split()
    # Already an abbreviation (every word short or dotted): keep the words, drop the periods.
    if all(_ABBREV_WORD.match(w) for w in words):
        return _dotless(name)
    ab = _abbreviator()
    if ab is None:  # pragma: no cover
        return _dotless(name)
    try:
        out = ab(re.sub(r"^(?i:the)\s+", "", name), remove_part=True)
    except Exception:  # pyiso4 raises on odd input; keep the printed name then
        out = name
    return _dotless(out)


def _dotless(s: str) -> str:
    s = re.sub(r"\.(?=\S)", " ", s).replace(".", "")
    return re.sub(r"\s+", " ", s).strip()
