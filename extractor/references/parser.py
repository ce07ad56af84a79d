"""Parse one printed reference into fields (authors, title, journal, year, volume, pages, ids).

A careful rule-based parser for the styles met in clinical and biomedical literature:

* Vancouver / AMA / NLM: ``Smith J, Doe A. Title. Lancet. 2020;395(10229):1054-62. doi:...``
* Lancet / BMJ: ``Smith J, Doe A. Title. Lancet 2020; 395: 1054–62.`` / ``BMJ 2020;368:m1091``
* PLOS (NLM names, year in parentheses): ``Smith J, Doe A (2003) Title. J Abbr 5: 1–10.``
* APA / Harvard: ``Smith, J., & Doe, A. (2020). Title. Journal, 5(2), 1–10.``
* Nature / Science: ``Smith, J. & Doe, A. Title. Nature 5, 1–10 (2020).``
* news-style citations: ``Lancet Respir Med 2020;8:475-481``, ``Stem Cell Res Ther 2025;doi:...``

The parser locates the *locus* (year; volume(issue): pages) with a small set of patterns, the
journal just before it (the longest run of words that is a known journal, else the last
sentence-like segment, dotted abbreviations kept together), the authors from the start (three
name grammars tried, the one that reads most names wins), and the title in between.
Identifiers are read with :mod:`.identifiers`.  No field is guessed: what is not printed stays
``None``.

>>> f = parse_reference("1. Smith J, Doe AB, et al. Remdesivir for severe COVID-19. "
...                     "Lancet. 2020;395(10236):1569-78. doi:10.1016/S0140-6736(20)31022-9")
>>> [a["family"] for a in f.authors], f.title, f.journal_iso, f.year
(['Smith', 'Doe'], 'Remdesivir for severe COVID-19', 'Lancet', 2020)
>>> f.volume, f.issue, f.first_page, f.last_page, f.label
('395', '10236', '1569', '1578', '1')
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Optional

from .. import fastre
from . import journals
from .identifiers import ID_TAIL_RE, find_doi, find_pmcid, find_pmid

__all__ = ["ParsedReference", "parse_reference", "parse_authors", "expand_pages",
           "normalize_raw", "LABEL_RE"]

YEAR = r"(?:1[6-9]\d{2}|20\d{2})"
MONTHS = (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|"
          r"April|June|July|August|September|October|November|December|Spring|Summer|Autumn|"
          r"Fall|Winter)")
DASH = r"[-–—‐‑−]"
PAGE = r"[A-Za-z]{0,4}\d+[A-Za-z]?"
PAGES = rf"(?P<fp>{PAGE})(?:\s*{DASH}\s*(?P<lp>{PAGE}))?"
VOL = r"(?P<vol>\d+[A-Za-z]?(?:\s*(?:Suppl|Pt)\.?\s*\d*[A-Za-z]?)?)"
ISSUE = r"\((?P<iss>[^()]{1,24})\)"
DATE = rf"(?:\s+{MONTHS}\.?(?:\s*\d{{1,2}})?(?:\s*{DASH}\s*(?:{MONTHS}\.?)?\s*\d{{0,2}})?)?"

# year;vol(issue):pages — Vancouver, AMA, Lancet, BMJ, news brackets.
_LOCUS_VANCOUVER = fastre.lazy(
    rf"(?P<year>{YEAR})[a-z]?{DATE}\s*;\s*(?:{VOL})?\s*(?:{ISSUE})?\s*(?:(?::|,\s*(?:pages?\s+|pp?\.\s*))\s*{PAGES})?(?=[\s.,;]|$)")
# journal year, vol(issue): pages — BMC ("Trials 2019, 20:118").
_LOCUS_BMC = fastre.lazy(
    rf"(?<=\s)(?P<year>{YEAR})[a-z]?\s*,\s*{VOL}\s*(?:{ISSUE})?\s*:\s*{PAGES}(?=[\s.,;]|$)")
# journal year, vol(issue), pages — ACS / chemistry ("Nutrients 2018, 10, 1203–1210").
_LOCUS_ACS = fastre.lazy(
    rf"(?<=\s)(?P<year>{YEAR})[a-z]?\s*,\s*{VOL}\s*(?:{ISSUE})?\s*,\s*{PAGES}(?=[\s.,;]|$)")
# journal (year) vol(issue): pages — "J Infect Dis (1996) 93:1201-9"
_LOCUS_PAREN_YEAR = fastre.lazy(
    rf"(?<=\s)\((?P<year>{YEAR})\)[a-z]?\s*{VOL}\s*(?:{ISSUE})?\s*[:,]\s*{PAGES}(?=[\s.,;]|$)")
# journal vol(issue), pages (year) — Nature, Science, Cell.
_LOCUS_NATURE = fastre.lazy(
    rf"(?<=\s){VOL}\s*(?:{ISSUE})?\s*,\s*{PAGES}\s*\((?P<year>{YEAR})\)")
# journal, vol(issue), pages — APA, Harvard.
_LOCUS_APA = fastre.lazy(
    rf",\s*(?:[Vv]ol\.?\s*)?{VOL}\s*(?:{ISSUE})?\s*,\s*(?:[Pp]{{1,2}}\.\s*|[Pp]{{1,2}}\s+|[Aa]rticle\s+)?{PAGES}(?=[\s.,;]|$)")
# journal vol(issue): pages — PLOS/NLM with the year after the authors.
_LOCUS_PLOS = fastre.lazy(rf"(?<=\s){VOL}\s*(?:{ISSUE})?\s*:\s*{PAGES}(?=[\s.,;]|$)")
# journal vol(issue), pages — Harvard/Elsevier without a comma before the volume.
_LOCUS_HARVARD = fastre.lazy(
    rf"(?<=\s){VOL}\s*(?:{ISSUE})?\s*,\s*(?:[Pp]{{1,2}}\.\s*|[Pp]{{1,2}}\s+)?{PAGES}(?=[\s.,;]|$)")
# journal year; (nothing else printed: an identifier followed and was cut off)
_LOCUS_YEAR_ONLY = fastre.lazy(rf"(?<=\s)(?P<year>{YEAR})[a-z]?{DATE}\s*[;.]?\s*$")

LABEL_RE = fastre.lazy(r"^\s*(?:\[(?P<a>\d{1,4})\]|(?P<b>\d{1,4})[.)](?!\d)|\((?P<c>\d{1,4})\))\s*")

UP = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĢĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽ"
LOW = "a-zß-öø-ÿāăąćčďđēėęěğģīįıķĺļľłńņňōőœŕřśşšţťūůűųźżž"
_PARTICLE = r"(?:(?:van|von|de|der|den|da|di|del|della|dos|das|du|la|le|ter|ten|zu|olde|op|St\.?|al|el|bin|ibn)\s+)"
_FAMW = rf"(?:[{UP}](?:[{LOW}'’]|[{UP}](?=[{LOW}]))*[{LOW}{UP}]*(?:[-'’][{UP}{LOW}][{LOW}{UP}]*)*|[{UP}]{{2,}})"
_INNER_PARTICLES = r"(?:\s+(?:de|van|der|den|von|la|le|du|da|di|del|dos|das)(?=\s))*"
_FAM = rf"(?P<fam>{_PARTICLE}*{_FAMW}{_INNER_PARTICLES}(?:[\s-]{_FAMW})?)"
_FAM1 = rf"(?P<fam>{_PARTICLE}*{_FAMW}(?:-{_FAMW})?)"
_INITS_DOT = rf"(?:[{UP}]\.?[{LOW}]?\.(?:\s?-?[{UP}][{LOW}]?\.)*)"
_SUFFIX = r"(?:,?\s+(?P<suf>Jr|Sr|II|III|IV)\.?)?"
_NAME_STYLES = {
    # Smith JA, van der Berg H-J, Garcia Lopez J
    "nlm": fastre.lazy(rf"{_FAM}\s+(?P<giv>[{UP}]{{1,3}}(?:-[{UP}])?|(?:[{UP}]\.){{1,3}}){_SUFFIX}(?=[\s,;:.&(]|$)"),
    # Smith, J. A. / Smith, J.-P. / Smith, John
    "inverted": fastre.lazy(rf"{_FAM},\s*(?P<giv>{_INITS_DOT}|[{UP}][{LOW}]+(?:\s+[{UP}]\.)?){_SUFFIX}(?=[\s,;:.&(]|$)"),
    # J. A. Smith
    "given_first": fastre.lazy(rf"(?P<giv>{_INITS_DOT})\s*{_FAM1}{_SUFFIX}(?=[\s,;:.&(]|$)"),
}
_SEP = fastre.lazy(r"\s*(?:,\s*(?:&|and)\s+|,\s*|\s+(?:&|and)\s+|;\s*)")
_ETAL = fastre.lazy(r",?\s*(?:et\.?\s*al\.?|and others|et al)", re.I)
_GROUP_WORDS = fastre.lazy(
    r"\b(?:Group|Collaborat\w*|Consortium|Committee|Organi[sz]ation|Association|Society|"
    r"Investigators|Network|Council|Institute|Agency|Team|Working|Task Force|Foundation|"
    r"Centers?|Centres?|Department|Ministry|Office|College|Board|Academy|Initiative|Programm?e?|"
    r"Trialists|Registry|Partnership|Alliance|Panel|Authors|WHO|CDC|NICE|FDA|EMA)\b")


@dataclass(frozen=True)
class ParsedReference:
    """The fields of one reference string (all optional but ``raw``)."""

    raw: str
    label: Optional[str] = None
    authors: tuple = ()
    etal: bool = False
    title: Optional[str] = None
    journal: Optional[str] = None
    journal_iso: Optional[str] = None
    year: Optional[int] = None
    volume: Optional[str] = None
    issue: Optional[str] = None
    first_page: Optional[str] = None
    last_page: Optional[str] = None
    article_number: Optional[str] = None
    doi: Optional[str] = None
    pmid: Optional[str] = None
    pmcid: Optional[str] = None
    year_suffix: str = ""
    locus: bool = False  # a year;volume:pages-like locator was found
    notes: tuple = field(default=())


@lru_cache(maxsize=1)
def _hyphen_prefixes() -> frozenset[str]:
    path = journals.JOURNALS_TSV.parent / "hyphen_prefixes.txt"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


def normalize_raw(text: str, doc: Optional[str] = None) -> str:
    r"""Join the lines of a printed reference into one string.

    A hyphen at a line end between two lower-case letters is a word break and goes, unless the
    first part is a prefix that keeps its hyphen (``extractor/data/hyphen_prefixes.txt``:
    ``double-\nblind``) or the hyphenated word occurs elsewhere in ``doc`` (``cord-\nderived``
    when "cord-derived" is printed elsewhere).  Any other hyphen (``COVID-\n19``, DOIs,
    ``s13287-025-\n04148-1``) stays.  Whitespace collapses.

    >>> normalize_raw("Remdesivir in adults with se-\nvere COVID-\n19. Lancet")
    'Remdesivir in adults with severe COVID-19. Lancet'
    >>> normalize_raw("a double-\nblind, cord-\nderived trial", doc="umbilical cord-derived cells")
    'a double-blind, cord-derived trial'
    """
    s = text.replace("\u00ad\n", "").replace("\u00ad", "")

    def join(m: re.Match) -> str:
        left, right = m.group(1), m.group(2)
        if left.lower() in _hyphen_prefixes() or (doc and f"{left}-{right}" in doc):
            return f"{left}-{right}"
        return left + right

    if "\n" in s:  # (both patterns match at a line break only)
        s = re.sub(r"(\w*[a-z])-\n([a-z]\w*)", join, s)
        s = re.sub(r"(?<=[-/])\n(?=\S)", "", s)
    s = re.sub(r"\(cid:\d+\)", "", s)
    return re.sub(r"\s+", " ", s).strip()


def expand_pages(fp: str, lp: Optional[str]) -> Optional[str]:
    """The full last page of a range printed short (``1054-62`` → ``1062``).

    >>> expand_pages("1054", "62"), expand_pages("e101", "e109"), expand_pages("S12", "5")
    ('1062', 'e109', 'S15')
    """
    if not lp:
        return None
    mf = re.match(r"^([A-Za-z]*)(\d+)([A-Za-z]?)$", fp)
    ml = re.match(r"^([A-Za-z]*)(\d+)([A-Za-z]?)$", lp)
    if not mf or not ml:
        return lp
    pre, num = mf.group(1), mf.group(2)
    lnum = ml.group(2)
    if len(lnum) < len(num) and not ml.group(1):
        full = num[: len(num) - len(lnum)] + lnum
        if int(full) >= int(num):
            return pre + full
    return lp if ml.group(1) or not pre else pre + lnum


def parse_authors(s: str) -> tuple[list[dict], int, bool]:
    """Read the author list at the start of ``s``.

    Returns ``(names, end, etal)``: CSL-JSON names (``{"family", "given"}``, ``"suffix"`` when
    printed, ``{"literal": ..., "collab": True}`` for a group author), the offset where the list
    ends, and whether "et al." closed it.

    >>> parse_authors("Smith JA, van der Berg H, et al. Title")[0][1]
    {'family': 'van der Berg', 'given': 'H'}
    >>> [n["family"] for n in parse_authors("Smith, J. A., & Doe, B. (2020). T")[0]]
    ['Smith', 'Doe']
    """
    best: tuple[list[dict], int] = ([], 0)
    for style, rx in _NAME_STYLES.items():
        names: list[dict] = []
        pos = 0
        end = 0
        while True:
            m = rx.match(s, pos)
            if not m or _looks_like_title_start(m.group("fam")):
                break
            name = {"family": m.group("fam").strip(), "given": m.group("giv").strip()}
            if m.groupdict().get("suf"):
                name["suffix"] = m.group("suf")
            names.append(name)
            end = m.end()
            sep = _SEP.match(s, end)
            if not sep:
                break
            pos = sep.end()
        if len(names) > len(best[0]):
            best = (names, end)
    names, end = best
    etal = False
    m = _ETAL.match(s, end)
    if names and m:
        etal, end = True, m.end()
    bmc = re.match(r",\s*(?P<rest>[^.:()]{2,200}?):\s", s[end:]) if names else None
    if bmc and not re.search(r"\d", bmc.group("rest")):
        # BMC style "..., Kostanjsek, de Bie R: Title" — every segment up to the colon is an author
        for seg in re.split(r",\s*", bmc.group("rest")):
            seg = seg.strip()
            nm = _NAME_STYLES["nlm"].fullmatch(seg)
            if nm:
                names.append({"family": nm.group("fam").strip(), "given": nm.group("giv").strip()})
            elif seg:
                names.append({"literal": seg, "collab": True} if _GROUP_WORDS.search(seg)
                             else {"family": seg})
        end += bmc.end() - 1
    ed = re.match(r",?\s*\(?(?:editors?|eds?)\.?\)?(?=[\s.,:;]|$)", s[end:]) if names else None
    if ed:
        # "Higgins JPT, Thomas J, editors." — editors, not authors
        return [], end + ed.end(), False
    if names:
        # "..., Karlson EW, et al; RECOVER Consortium." — a group closing the list
        g = re.match(r";\s*(?P<g>(?:[^.;(]|\((?!\d{4})[^()]{1,40}\)){3,160}?)(?=\.\s|\.$|\s*\((?=\d{4}))", s[end:])
        if g and _GROUP_WORDS.search(g.group("g")):
            names.append({"literal": g.group("g").strip(" ,;"), "collab": True})
            end += g.end("g")
    else:
        # A group author: the first segment, when it reads as an organisation; names may follow
        # after a semicolon ("RECOVERY Collaborative Group; Horby P, Lim WS, ...").
        m = re.match(r"^(?P<g>(?:[^.(;]|\((?!\d{4})[^()]{1,40}\)){3,160}?)(?:\.\s|;\s*|\s*\((?=\d{4})|,\s*(?=\d{4}))", s)
        if m and _GROUP_WORDS.search(m.group("g")) and not _LOCUS_LIKE.search(m.group("g")):
            names = [{"literal": m.group("g").strip(" ,;"), "collab": True}]
            end = m.end("g")
            if s[end:end + 1] == ";":
                more, mend, etal = parse_authors(s[end + 1:].lstrip())
                if more and more[0].get("family"):
                    names += more
                    end = end + 1 + (len(s[end + 1:]) - len(s[end + 1:].lstrip())) + mend
    return names, end, etal


_LOCUS_LIKE = fastre.lazy(r"\d+\s*[:;]\s*\d|\d+\s*[-–]\s*\d+|\b(?:1[89]|20)\d{2}\b")

_TITLE_WORDS = {"The", "A", "An", "In", "On", "Of", "For", "Effect", "Effects", "Use", "How",
                "Why", "What", "When", "Is", "Are", "Does", "Do", "Can", "New", "Long"}


def _looks_like_title_start(fam: str) -> bool:
    return fam in _TITLE_WORDS


@lru_cache(maxsize=1)
def _abbrev_tokens() -> frozenset[str]:
    """Dotted words of the ISO abbreviations in the journal list (``Engl.``, ``Respir.``)."""
    out = set()
    for line in journals.JOURNALS_TSV.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) > 1 and not line.startswith("#"):
            out.update(w for w in cols[1].split() if w.endswith("."))
    return frozenset(out)


def _ltwa_abbreviations() -> frozenset[str]:
    """The abbreviations of the LTWA shipped by pyiso4 ("biomech.", "philos.", "immunol.",
    case-folded; :func:`journals.ltwa_word_sets`, cached on disk)."""
    return journals.ltwa_word_sets()[1]


def _abbrev_like(tok: str) -> bool:
    """A word that is an abbreviation in a journal title (``J.``, ``Engl.``, ``Biomech.``)."""
    if tok in _abbrev_tokens() or (tok[:1].isupper() and tok.casefold() in _ltwa_abbreviations()):
        return True
    core = tok.rstrip(".")
    return bool(re.fullmatch(rf"[{UP}][{LOW}]{{0,3}}|[{UP}](?:\.[{UP}])+|[{UP}]{{1,2}}", core))


def _split_journal(prefix: str) -> tuple[int, Optional[str]]:
    """Find the journal at the end of ``prefix``: ``(start offset, journal)``."""
    body = prefix.rstrip(" ,.;:")
    toks = [(m.start(), m.end()) for m in re.finditer(r"\S+", body)]
    if not toks:
        return len(prefix), None
    # 1. the longest tail of words that is a known journal, not crossing a sentence end.
    for k in range(min(12, len(toks)), 0, -1):
        start = toks[-k][0]
        cand = body[start:]
        if journals.is_known(cand) and not _crosses_sentence(cand):
            if k < len(toks) and not re.search(r"[.?!:\"'”’)\]]$", body[: start].rstrip()):
                # "Title. Lancet" is a journal, and so is "...variation Mol Biol Evol" after a
                # lower-case word; "Indian Journal of Gastroenterology" only holds one
                prev = body[toks[-k - 1][0]: toks[-k - 1][1]]
                if not prev[:1].islower() or prev.lower() in ("of", "and", "for", "in", "the", "on", "&", "de"):
                    continue
            return start, cand.strip()
    # 2. the last sentence-like segment (dotted abbreviations stay together).
    i = len(toks) - 1
    while i > 0:
        tok = body[toks[i - 1][0]: toks[i - 1][1]]
        if re.search(r"[.?!]['\"”’]?$", tok) and not _abbrev_like(tok):
            break
        if re.search(r"[\"”’]$", tok) or tok.endswith(","):
            break
        i -= 1
    start = toks[i][0]
    cand = body[start:].strip()
    if i == 0 or not cand:
        return len(prefix), None
    return start, cand


def _crosses_sentence(cand: str) -> bool:
    words = cand.split()
    for w in words[:-1]:
        if re.search(r"[.?!]$", w) and not _abbrev_like(w):
            return True
    return False


def _clean_title(t: str) -> Optional[str]:
    t = t.strip().strip(",;:").strip()
    t = re.sub(r"^[\"“‘'«]+|[\"”’'»]+$", "", t).strip()
    t = re.sub(r"\s*\[(?:Internet|online|Online)\]\s*$", "", t)
    t = t.rstrip(".").rstrip(",").strip()
    t = re.sub(r"^[\"“‘'«]+|[\"”’'»]+$", "", t).strip()
    return t or None


def parse_reference(raw: str, *, news: bool = False) -> ParsedReference:
    """Parse one reference string (any of the styles in the module docstring).

    ``news=True`` reads a bracketed news-style citation (``Lancet 2024;404:707-724``), which
    has no authors or title: everything before the year is the journal.
    """
    s = full = normalize_raw(raw)
    label = None
    m = LABEL_RE.match(s)
    if m and not news:
        label = m.group("a") or m.group("b") or m.group("c")
        s = s[m.end():]
    elif not news:
        m = re.match(r"^(?P<n>\d{1,3})\s+(?=[A-Z])", s)  # Lancet style "12 Smith J, ..."
        if m:
            label, s = m.group("n"), s[m.end():]
    doi, pmid, pmcid = find_doi(s), find_pmid(s), find_pmcid(s)
    cut = ID_TAIL_RE.search(s, 10 if not news else 0)
    body = s[: cut.start()] if cut else s
    body = re.sub(r"\s*\[(?:PubMed|PMC free article|Google Scholar|CrossRef)[^\]]*\]", "", body)
    body = body.rstrip(" .;,")
    if news:
        body = body + ";" if not body.endswith(";") else body

    out = ParsedReference(raw=full, label=label, doi=doi, pmid=pmid,
                          pmcid=pmcid)
    names, a_end, etal = ([], 0, False) if news else parse_authors(body)
    head = bool(names) or a_end > 0  # an author (or editor) list was read
    if head:
        a_end += len(re.match(r"[\s.,:;]*", body[a_end:]).group(0))
    rest_start = a_end
    year = None
    ysuf = ""
    # Year right after the authors: "(2003)", "(2020a).", ", 2020.", "(2020, March 3)."
    ym = re.match(rf"\((?P<y>{YEAR})(?P<s>[a-z]?)(?:,[^)]*)?\)[.,:]?\s*|(?P<y2>{YEAR})(?P<s2>[a-z]?)[.,]\s+",
                  body[a_end:]) if head else None
    if ym:
        year = int(ym.group("y") or ym.group("y2"))
        ysuf = ym.group("s") or ym.group("s2") or ""
        rest_start = a_end + ym.end()
    rest = body[rest_start:]

    loc = None
    for rx in (_LOCUS_VANCOUVER, _LOCUS_BMC, _LOCUS_ACS, _LOCUS_PAREN_YEAR, _LOCUS_NATURE, _LOCUS_APA, _LOCUS_PLOS, _LOCUS_HARVARD,
               _LOCUS_YEAR_ONLY):
        for mm in rx.finditer(rest):
            if rx is _LOCUS_VANCOUVER and not (mm.group("vol") or mm.group("fp")) and \
                    not (doi or news):
                continue
            if rx is _LOCUS_YEAR_ONLY and not (doi or pmid or news):
                continue
            loc = mm
        if loc:
            break
    fields: dict = {}
    if loc is not None:
        gd = loc.groupdict()
        prefix = rest[: loc.start()]
        if news:
            jstart, journal = 0, prefix.strip(" ,.;") or None
        else:
            jstart, journal = _split_journal(prefix)
        if journal:
            fields["journal"] = journal.rstrip(",;: ") if not _dotted(journal) else journal.rstrip(",;: ")
            fields["journal_iso"] = journals.iso(journal)
        if gd.get("year") and year is None:
            year = int(gd["year"])
        vol = gd.get("vol")
        if vol:
            fields["volume"] = re.sub(r"\s+", " ", vol)
        if gd.get("iss"):
            fields["issue"] = gd["iss"].strip()
        fp, lp = gd.get("fp"), gd.get("lp")
        if fp and lp and fp.startswith("0") and re.fullmatch(r"(?:19|20)\d{2}", lp):
            fp, lp = f"{fp}-{lp}", None  # an article id such as ERJ Open Res "00108-2021"
        if fp:
            if lp:
                fields["first_page"], fields["last_page"] = fp, expand_pages(fp, lp)
            else:
                fields["article_number"] = fp
        if not news and head:
            title = _clean_title(rest[:jstart])
            if title:
                fields["title"] = title
        out = replace(out, locus=True)
    elif not news:
        # Book, report or web page: the title is the first segment after the authors (or the
        # first segment of all when no author is printed: "The ICHOM Standard Set. [http://...]").
        seg = re.match(r"(?P<t>.+?[^A-Z.][.?!])(?:\s|$)", rest + " ")
        if seg and (head or not re.search(rf"\b{YEAR}\b", seg.group("t"))):
            fields["title"] = _clean_title(seg.group("t"))
    if year is None:
        ys = re.findall(rf"(?<![\d/.-])({YEAR})(?![\d])", body)
        if not ys:  # "... 20, 41-47, doi: 10.1016/j.ceb.2007.11.006 (2008)."
            ys = re.findall(rf"\(({YEAR})\)", s.replace(doi or "\0", " "))
        if ys:
            year = int(ys[-1]) if not names else int(ys[0])
    return replace(out, authors=tuple(names), etal=etal, year=year, year_suffix=ysuf, **fields)


def _dotted(j: str) -> bool:
    return "." in j[:-1]
