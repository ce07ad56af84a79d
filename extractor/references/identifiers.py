"""Bibliographic identifiers: DOI, PMID, PMCID and trial registration ids, validated by syntax.

DOIs are found in any of their printed forms (``doi:10.1/x``, ``https://doi.org/10.1/x``,
``DOI 10.1/x``), also when a line break split them (``10.1186/s13287-025-\\n04148-1``).  Trailing
sentence punctuation is not part of a DOI; a closing parenthesis or bracket is kept only when
the DOI opened it (SICI forms such as ``10.1002/(SICI)1097-0258(19980815)17:15<1661::AID-SIM968>3.0.CO;2-2``).

>>> find_doi("Lancet. 2020;395:1054-62. doi:10.1016/S0140-6736(20)30566-3.")
'10.1016/S0140-6736(20)30566-3'
>>> find_doi("see https://doi.org/10.1186/s13287-025-\\n04148-1]")
'10.1186/s13287-025-04148-1'
>>> find_pmid("PMID: 32171076"), find_pmcid("PMCID: PMC7270045")
('32171076', 'PMC7270045')
"""
from __future__ import annotations

import re
from typing import Iterator, Optional

__all__ = [
    "DOI_RE",
    "clean_doi",
    "find_doi",
    "find_dois",
    "find_pmid",
    "find_pmcid",
    "find_trial_ids",
    "is_doi",
    "ID_TAIL_RE",
]

# A DOI body: no whitespace, except a line break right after a hyphen, slash or dot (PDF wrap).
_DOI_CHARS = r"[^\s\"<>{}\[\]]"
DOI_RE = re.compile(
    r"(?:(?:https?://)?(?:dx\.)?doi\.org/|\bdoi\s*[:.]?\s*|\bDOI\s*[:.]?\s*)?"
    r"(?P<doi>10\.\d{4,9}/(?:" + _DOI_CHARS + r"|(?<=[-/.])\n(?=\w)|<(?=[^>\s]*>)|>)+)",
    re.I,
)
_VALID = re.compile(r"^10\.\d{4,9}/\S+$")
_TRAIL = ".,;:'’\"”"

PMID_RE = re.compile(r"\bPMID\s*:?\s*(?P<id>\d{1,9})\b", re.I)
PMCID_RE = re.compile(r"\b(?:PMCID\s*:?\s*)?(?P<id>PMC\s?\d{4,9})\b")
TRIAL_RE = re.compile(
    r"\b(?P<id>NCT\d{8}|ISRCTN\d{8}|ChiCTR[-A-Z0-9]{6,20}\d|ACTRN\d{14}|"
    r"EudraCT\s?\d{4}-\d{6}-\d{2}|\d{4}-\d{6}-\d{2}(?=\b)|CTRI/\d{4}/\d{2,3}/\d{6}|"
    r"DRKS\d{8}|JPRN-[A-Za-z]+\d+|IRCT\d+N\d+|KCT\d{7}|NTR\d{3,5}|UMIN\d{9})"
)
# Where the identifiers/links of a reference string start (used to cut them off the locator).
ID_TAIL_RE = re.compile(
    r"(?:\s*(?:\[?(?:PubMed|PMID|PMCID|PMC\d|doi|DOI|https?://|www\.|Available (?:from|at)|"
    r"Epub|\[Epub|Accessed|\[cited|Google Scholar|CrossRef|Crossref|PubMed Abstract|Publisher Full Text|"
    r"Free Full Text)))"
)


def clean_doi(doi: str) -> str:
    """Normalise a printed DOI: drop line breaks, trailing punctuation and unbalanced closers."""
    d = doi.replace("\n", "").replace("\u00ad", "").strip()
    while d:
        if d[-1] in _TRAIL:
            d = d[:-1]
        elif d[-1] in ")]" and d.count(d[-1]) > d.count("(" if d[-1] == ")" else "["):
            d = d[:-1]
        elif d[-1] == ">" and d.count(">") > d.count("<"):
            d = d[:-1]
        else:
            break
    return d


def is_doi(s: str) -> bool:
    """True when ``s`` has the syntax of a DOI (``10.<registrant>/<suffix>``)."""
    return bool(_VALID.match(s or ""))


def find_dois(text: str) -> Iterator[tuple[str, int, int]]:
    """Yield ``(doi, start, end)`` for each DOI in ``text`` (offsets of the printed form)."""
    for m in DOI_RE.finditer(text):
        d = clean_doi(m.group("doi"))
        if is_doi(d) and len(d) > 8:
            yield d, m.start(), m.start("doi") + _printed_len(m.group("doi"), d)


def _printed_len(printed: str, clean: str) -> int:
    n = 0
    k = 0
    for ch in printed:
        if k >= len(clean):
            break
        n += 1
        if ch == clean[k]:
            k += 1
    return n


def find_doi(text: str) -> Optional[str]:
    """The first DOI in ``text`` (normalised), or ``None``."""
    for d, _, _ in find_dois(text):
        return d
    return None


def find_pmid(text: str) -> Optional[str]:
    """The PMID printed as ``PMID: 123`` (digits only), or ``None``."""
    m = PMID_RE.search(text)
    return m.group("id") if m else None


def find_pmcid(text: str) -> Optional[str]:
    """The PMCID (``PMC`` + digits), or ``None``."""
    m = PMCID_RE.search(text)
    return m.group("id").replace(" ", "") if m else None


def find_trial_ids(text: str) -> list[str]:
    """Trial registration ids (NCT, ISRCTN, ChiCTR, ACTRN, EudraCT, ...) in order, unique."""
    out: list[str] = []
    for m in TRIAL_RE.finditer(text):
        v = m.group("id").replace(" ", "")
        if v not in out:
            out.append(v)
    return out
