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

import hashlib
import marshal
import os
import re
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Optional

from ..recache import CACHE_ENV, cache_dir  # noqa: F401  (the folder every cache of the tool uses)

__all__ = ["iso", "lookup", "is_known", "full_title", "journal_key", "load_journals", "JOURNALS_TSV"]

JOURNALS_TSV = Path(__file__).resolve().parent.parent / "data" / "journals.tsv"


@lru_cache(maxsize=1 << 16)
def journal_key(name: str) -> str:
    """The normalised form used for exact matching (remembered for the last 65,536 names:
    a batch looks up the same journal names reference after reference).

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
    only the nodes searched are ever built.  A pattern is held as the line of its arguments
    (:func:`_ltwa_rows`) until a search first returns it.
    """

    __slots__ = ("items", "children")

    def __init__(self, items: list) -> None:
        self.items = items
        self.children: Optional[dict] = None

    def search(self, word: str, position: int = 0) -> list:
        items = self.items
        if len(items) <= _MAX_OBJS:
            if any(type(obj) is str for _, obj in items):
                items[:] = [(key, _pattern(obj) if type(obj) is str else obj) for key, obj in items]
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
_LTWA_CACHE_FORMAT = 2


def _pattern(row: str):
    """The ``ltwa.Pattern`` of a row of :func:`_ltwa_rows` (``pattern\treplacement\tlanguages``)."""
    from pyiso4.ltwa import Pattern

    pattern, replacement, langs = row.split("\t")
    return Pattern(pattern, replacement, langs.split())


def _disk_cached(prefix: str, key: tuple, build, valid):
    """``build()``, kept in a ``marshal`` file under :func:`cache_dir` for later processes: the
    file is named by ``prefix`` and a hash of ``key``, which names everything the value depends
    on (the source files' sizes and times, the Python and ``marshal`` versions, the format of
    the value).  A file that cannot be read or holds no ``valid`` value is built again; one that
    cannot be written is skipped (the value is still returned).  Written whole or not at all:
    another process never reads half a file."""
    tag = hashlib.sha256(repr(key).encode()).hexdigest()[:16]
    path = cache_dir() / f"{prefix}-{tag}.marshal"
    try:
        # read whole first: ``marshal.load`` on a file reads it piece by piece, a call per
        # object (30 ms more for a set of 40,000 words)
        value = marshal.loads(path.read_bytes())
        if valid(value):
            return value
    except (OSError, EOFError, ValueError, TypeError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            marshal.dump(value, f)
        os.replace(tmp, path)
    except OSError:
        pass
    return value


def _file_key(*files: str) -> tuple:
    """The files, their sizes and modification times, and the Python and ``marshal`` versions:
    a cache of data read from them is stale when one changes."""
    stats = [os.stat(f) for f in files]
    return (*files, [(s.st_size, s.st_mtime_ns) for s in stats], sys.version_info[:2], marshal.version)


def _ltwa_rows(ltwa_file: str, stopwords_file: str) -> tuple[str, str, str, str, list]:
    """pyiso4's LTWA as ``Abbreviate.create`` reads it: ``(prefix keys, prefix rows, suffix
    keys, suffix rows, stopwords)``, the keys and rows of each tree one per line, a row being
    the arguments of the ``ltwa.Pattern`` that ``Pattern.from_line`` makes of an LTWA line
    (``pattern\treplacement\tlanguages``; its Unicode normalisation of 56,000 lines costs
    about 0.4 s).

    They are cached (``marshal``: five objects, read in milliseconds) under :func:`cache_dir`,
    the file named by the LTWA files' sizes and times and the Python version; a cache that
    cannot be read is rebuilt, one that cannot be written is skipped.
    """
    def build():
        from pyiso4 import ltwa

        trees: tuple[list, list, list, list] = ([], [], [], [])  # prefix keys, rows, suffix keys, rows
        with open(ltwa_file) as f:  # the lines Abbreviate.create reads, read the same way
            for line in f.readlines()[1:]:
                if line == "\n":
                    continue
                pattern = ltwa.Pattern.from_line(line)
                key = pattern.to_key()
                row = "\t".join((pattern.pattern, pattern.replacement, " ".join(pattern.langs)))
                if pattern.start_with_dash:
                    trees[2].append(key[::-1])
                    trees[3].append(row)
                else:
                    trees[0].append(key)
                    trees[1].append(row)
        with open(stopwords_file) as f:
            stopwords = [w.strip() for w in f.readlines()]
        return (*("\n".join(t) for t in trees), stopwords)

    return _disk_cached("ltwa", (*_file_key(ltwa_file, stopwords_file), _LTWA_CACHE_FORMAT), build,
                        lambda rows: isinstance(rows, tuple) and len(rows) == 5)


_LTWA_SETS_FORMAT = 1


@lru_cache(maxsize=1)
def ltwa_word_sets() -> tuple[frozenset, frozenset]:
    """``(words, abbreviations)`` of the LTWA shipped by pyiso4, case-folded: its whole words
    (``journal``, ``medical``: full forms, never abbreviations; the first column of a row not
    ending in a hyphen) and its abbreviations (``biomech.``, ``philos.``: the second column of
    a row where it ends in a period).  Built from the 56,000 lines in about 0.08 s of CPU, they
    are cached on disk (:func:`_disk_cached`, read in milliseconds); two empty sets without
    pyiso4."""
    try:
        import pyiso4

        path = str(Path(pyiso4.__file__).resolve().parent / "LTWA_20210702.csv")
        key = _file_key(path)
    except (ImportError, OSError):  # pragma: no cover - the dependency is declared
        return frozenset(), frozenset()

    def build():
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()[1:]
        except OSError:  # pragma: no cover - removed since it was looked at
            return frozenset(), frozenset()
        words = frozenset(line.split("\t", 1)[0].casefold() for line in lines
                          if line and not line.split("\t", 1)[0].endswith("-"))
        abbreviations = set()
        for line in lines:
            cols = line.split("\t")
            if len(cols) > 1 and cols[1].endswith("."):
                abbreviations.add(cols[1].strip().casefold())
        return words, frozenset(abbreviations)

    return _disk_cached("ltwasets", (*key, _LTWA_SETS_FORMAT), build,
                        lambda v: isinstance(v, tuple) and len(v) == 2
                        and all(isinstance(x, frozenset) for x in v))


@lru_cache(maxsize=1)
def _abbreviator():
    """pyiso4's ``Abbreviate`` over the LTWA (``Abbreviate.create()``), its prefix trees
    built lazily (:class:`_LazyNode`) from rows cached on disk (:func:`_ltwa_rows`)."""
    global _MAX_OBJS
    try:
        from pyiso4 import ltwa
        from pyiso4.prefix_tree import Node
    except ImportError:  # pragma: no cover - the dependency is declared
        return None
    _MAX_OBJS = Node.MAX_OBJS
    defaults = ltwa.Abbreviate.create.__func__.__defaults__  # (ltwa file, stopwords file)
    pkeys, prows, skeys, srows, stopwords = _ltwa_rows(str(defaults[0]), str(defaults[1]))

    def items(keys: str, rows: str) -> list:
        return list(zip(keys.split("\n"), rows.split("\n"))) if keys else []
    return ltwa.Abbreviate(_LazyTree(items(pkeys, prows)), _LazyTree(items(skeys, srows)), list(stopwords))


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
