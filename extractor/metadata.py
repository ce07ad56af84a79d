"""A document's own bibliographic data: authors, year, journal, volume, issue, pages, ids, abstract.

Read, most trusted first, from

1. the reader's structured metadata (``Source.meta["bibliographic"]``): JATS ``article-meta``
   and ``journal-meta`` (:func:`jats_metadata`), HTML ``citation_*`` / ``dc.*`` / ``prism.*``
   meta tags and a JSON-LD ``ScholarlyArticle`` (:func:`html_metadata`);
2. a PDF's document information (``/Author``, ``/Subject``: :func:`pdf_info_metadata`);
3. the front matter as printed (:func:`front_matter`): the by-line under the title, a journal
   line (``Trial Rep Cardiol 2021;12(3):145-52``), a "Cite this article as" line, PMID/PMCID
   and publication-date lines — on page 1 of a PDF, in the first 3,000 characters otherwise.

Every field is optional; nothing is guessed.  Journal names are normalised
(:func:`normalize`): ``journal`` is the full title when the journal table knows it (else the
name as printed when it is not an abbreviation) and ``journal_iso`` the NLM/ISO 4 abbreviation.
Cues (section and banner words that never make a name, degrees, name particles) are data:
``extractor/data/metadata.json``.

>>> parse_person("Kowalska, Anna M.")
{'family': 'Kowalska', 'given': 'Anna M.'}
>>> parse_person("Anna van der Berg")
{'family': 'van der Berg', 'given': 'Anna'}
>>> parse_person("O'Neill BJ")
{'family': "O'Neill", 'given': 'BJ'}
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Optional

from . import fastre

__all__ = ["BIB_FIELDS", "parse_person", "parse_byline", "jats_metadata", "html_metadata",
           "pdf_info", "pdf_info_metadata", "front_matter", "normalize", "document_metadata",
           "abstract_from_sentences"]

#: the fields this module fills (besides the title and DOI, which the readers set)
BIB_FIELDS = ("authors", "year", "journal", "journal_iso", "volume", "issue", "first_page",
              "last_page", "pmid", "pmcid", "abstract")

DATA = Path(__file__).resolve().parent / "data" / "metadata.json"
FRONT_CHARS = 3000
_WS = fastre.lazy(r"\s+")
_YEAR = fastre.lazy(r"\b(1[89]\d{2}|20\d{2})\b")


@lru_cache(maxsize=1)
def _cues() -> dict:
    d = json.loads(DATA.read_text(encoding="utf-8"))
    return {"not_name": frozenset(d["not_name_words"]), "degrees": frozenset(d["degrees"]),
            "particles": frozenset(d["particles"]), "published": tuple(d["published_cues"])}


def _clean(s: Optional[str]) -> Optional[str]:
    if s is None:
        return None
    s = _WS.sub(" ", str(s)).strip()
    return s or None


# -- names -------------------------------------------------------------------------------------
_WORD = fastre.lazy(r"^[A-ZÀ-ÖØ-Þ][\w'’.-]*$")
_INITIALS = fastre.lazy(r"^(?:[A-Z]\.?-?){1,3}$")


def parse_person(s: str) -> Optional[dict]:
    """One personal name as a CSL name (``{"family", "given"}``), or ``None``.

    Accepts ``Family, Given``, ``Given [Middle] Family`` (particles kept with the family) and
    ``Family INITIALS`` (Vancouver).  Degrees (``MD``, ``PhD``) are dropped.
    """
    s = _clean(s)
    if not s:
        return None
    cues = _cues()
    if "," in s:
        fam, _, giv = s.partition(",")
        giv_words = [w for w in giv.replace(",", " ").split() if w.strip(".") not in cues["degrees"]]
        fam, giv = _clean(fam), _clean(" ".join(giv_words))
        if fam and all(_WORD.match(w) or w in cues["particles"] for w in fam.split()):
            return {"family": fam, "given": giv} if giv else {"family": fam}
        return None
    words = [w for w in s.split() if w.strip(".") not in cues["degrees"]]
    if not words:
        return None
    if len(words) >= 2 and _INITIALS.match(words[-1]) and "." not in words[-1] \
            and all(_WORD.match(w) or w in cues["particles"] for w in words[:-1]):
        return {"family": " ".join(words[:-1]), "given": words[-1]}  # Vancouver: Smith JA
    if len(words) == 1:
        return {"family": words[0]} if _WORD.match(words[0]) else None
    # given-first: the family is the last word with the particles before it
    i = len(words) - 1
    while i > 1 and words[i - 1] in cues["particles"]:
        i -= 1
    family, given = " ".join(words[i:]), " ".join(words[:i])
    if not given:
        return {"family": family}
    return {"family": family, "given": given}


def _name_like(piece: str) -> Optional[dict]:
    """A by-line piece that reads as one person's name (stricter than :func:`parse_person`)."""
    cues = _cues()
    words = piece.split()
    words = [w for w in words if w.strip(".") not in cues["degrees"]]
    if not 2 <= len(words) <= 5:
        return None
    for w in words:
        if w in cues["particles"]:
            continue
        if not _WORD.match(w) or any(c.isdigit() for c in w) or w.strip(".,") in cues["not_name"]:
            return None
    if words[-1] in cues["particles"]:
        return None
    return parse_person(" ".join(words))


_SUP = fastre.lazy(r"\^[\w,*†‡§¶#–\- ]*?(?=\s[A-Z]|,\s|\s(?:and|&)\s|$)")
_MARKS = fastre.lazy(r"(?<=[^\W\d_])\d+(?:[,–-]\d+)*|[*†‡§¶#✉]+")
_SPLIT = fastre.lazy(r"\s*(?:,|;|\band\b|&)\s*")


def parse_byline(line: str) -> list[dict]:
    """The authors of a printed by-line (``Anna Kowalska^1, Brian O'Neill^2* and Wei Chen``).

    Returns ``[]`` unless most pieces read as personal names (a heading, a sentence or an
    affiliation line is no by-line).

    >>> [a["family"] for a in parse_byline("Anna M. Kowalska^1,2, Brian O'Neill^2* and Wei Chen^3")]
    ['Kowalska', "O'Neill", 'Chen']
    >>> parse_byline("Department of Cardiology, University Hospital, Kraków")
    []
    >>> parse_byline("By Jane Smith and Ravi Patel")
    [{'family': 'Smith', 'given': 'Jane'}, {'family': 'Patel', 'given': 'Ravi'}]
    >>> [a["family"] for a in parse_byline("Kowalska A, O'Neill B, Chen W")]
    ['Kowalska', "O'Neill", 'Chen']
    """
    if len(line) > 400 or not line.strip():
        return []
    s = re.sub(r"^\s*(?:by|written\s+by|authors?\s*:)\s+", "", line, flags=re.I)  # "By Jane Smith"
    s = _SUP.sub("", s)
    s = _MARKS.sub("", s)
    pieces = [p.strip(" .") for p in _SPLIT.split(s) if p and p.strip(" .")]
    cues = _cues()
    pieces = [p for p in pieces if not all(w.strip(".") in cues["degrees"] for w in p.split())]
    if not pieces:
        return []
    names = []
    for p in pieces:
        vanc = re.fullmatch(r"((?:[A-Z][\w'’-]+\s)+)([A-Z]{1,3})", p)
        n = parse_person(p) if vanc else _name_like(p)
        if n is not None:
            names.append(n)
    if not names or len(names) < 0.7 * len(pieces):
        return []
    return names


# -- JATS --------------------------------------------------------------------------------------
def _local(el) -> str:
    tag = getattr(el, "tag", None)
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _kids(el, name: str) -> list:
    return [c for c in el if _local(c) == name] if el is not None else []


def _kid(el, name: str):
    k = _kids(el, name)
    return k[0] if k else None


def _desc(el, name: str) -> list:
    return [c for c in el.iter() if _local(c) == name] if el is not None else []


def _txt(el) -> Optional[str]:
    return _clean("".join(el.itertext())) if el is not None else None


def jats_metadata(article) -> dict:
    """Bibliographic fields of a JATS ``<article>`` element (``front/article-meta`` and
    ``journal-meta``)."""
    front = _kid(article, "front")
    meta, jmeta = _kid(front, "article-meta"), _kid(front, "journal-meta")
    out: dict[str, Any] = {}
    if meta is None:
        return out
    authors = []
    for group in _kids(meta, "contrib-group"):
        for contrib in _kids(group, "contrib"):
            if (contrib.get("contrib-type") or "author") != "author":
                continue
            name = _kid(contrib, "name")
            name = name if name is not None else _kid(contrib, "string-name")
            collab = _kid(contrib, "collab")
            if name is not None:
                fam, giv = _txt(_kid(name, "surname")), _txt(_kid(name, "given-names"))
                if fam or giv:
                    n = {"family": fam or giv}
                    if fam and giv:
                        n["given"] = giv
                    authors.append(n)
            elif collab is not None and _txt(collab):
                authors.append({"literal": _txt(collab)})
    if authors:
        out["authors"] = authors
    dates = _kids(meta, "pub-date")
    rank = {"ppub": 0, "collection": 1, "pub": 2, "epub": 3, "epub-ppub": 0}
    dates.sort(key=lambda d: rank.get(d.get("pub-type") or d.get("date-type") or "", 5))
    for d in dates:
        y = _txt(_kid(d, "year"))
        if y and _YEAR.search(y):
            out["year"] = int(_YEAR.search(y).group(1))
            break
    if jmeta is not None:
        group = _kid(jmeta, "journal-title-group")
        title = _txt(_kid(group, "journal-title")) if group is not None else None
        title = title or _txt(_kid(jmeta, "journal-title"))
        abbrevs = _kids(group, "abbrev-journal-title") if group is not None else []
        abbrevs += _kids(jmeta, "abbrev-journal-title")
        abbrevs.sort(key=lambda a: {"nlm-ta": 0, "iso-abbrev": 1}.get(a.get("abbrev-type") or "", 2))
        if not abbrevs:
            abbrevs = [j for j in _kids(jmeta, "journal-id") if j.get("journal-id-type") in ("nlm-ta", "iso-abbrev")]
        if title:
            out["journal"] = title
        if abbrevs and _txt(abbrevs[0]):
            out["journal_iso"] = _txt(abbrevs[0])
    for field, tag in (("volume", "volume"), ("issue", "issue"), ("first_page", "fpage"),
                       ("last_page", "lpage")):
        v = _txt(_kid(meta, tag))
        if v:
            out[field] = v
    if "first_page" not in out and _txt(_kid(meta, "elocation-id")):
        out["first_page"] = _txt(_kid(meta, "elocation-id"))
    for aid in _kids(meta, "article-id"):
        kind, v = (aid.get("pub-id-type") or "").lower(), _txt(aid)
        if not v:
            continue
        if kind == "pmid":
            out["pmid"] = v
        elif kind in ("pmc", "pmcid"):
            out["pmcid"] = v if v.upper().startswith("PMC") else "PMC" + v
        elif kind == "doi":
            out["doi"] = v
    for ab in _kids(meta, "abstract"):
        if (ab.get("abstract-type") or "") in ("graphical", "teaser", "toc"):
            continue
        parts = []
        for el in ab.iter():
            if _local(el) == "p":
                t = _txt(el)
                sec = el.getparent()
                head = _txt(_kid(sec, "title")) if _local(sec) == "sec" else None
                if head and _kids(sec, "p")[0] is el:
                    t = f"{head.rstrip(':.')}: {t}"
                if t:
                    parts.append(t)
        if not parts and _txt(ab):
            parts = [_txt(ab)]
        if parts:
            out["abstract"] = " ".join(parts)
            break
    return out


# -- HTML --------------------------------------------------------------------------------------
_META_FIELDS = {
    "citation_title": "title", "dc.title": "title",
    "citation_journal_title": "journal", "prism.publicationname": "journal", "dc.source": "journal",
    "citation_journal_abbrev": "journal_iso",
    "citation_volume": "volume", "prism.volume": "volume",
    "citation_issue": "issue", "prism.number": "issue", "prism.issueidentifier": "issue",
    "citation_firstpage": "first_page", "prism.startingpage": "first_page",
    "citation_lastpage": "last_page", "prism.endingpage": "last_page",
    "citation_doi": "doi", "prism.doi": "doi", "dc.identifier": "doi",
    "citation_pmid": "pmid", "citation_pmcid": "pmcid",
    "citation_abstract": "abstract", "dc.description": "abstract", "description": "abstract",
    "citation_publication_date": "date", "citation_date": "date", "citation_online_date": "date",
    "citation_year": "date", "prism.publicationdate": "date", "dc.date": "date",
    "dc.date.issued": "date", "article:published_time": "date",
}
_AUTHOR_TAGS = ("citation_author", "dc.creator", "dc.contributor", "author")


def html_metadata(root) -> dict:
    """Bibliographic fields of an HTML page: Highwire ``citation_*`` tags (Google Scholar's),
    Dublin Core ``dc.*``, PRISM ``prism.*``, and a JSON-LD ``ScholarlyArticle``."""
    out: dict[str, Any] = {}
    authors: list[dict] = []
    for m in root.iter("meta"):
        name = (m.get("name") or m.get("property") or "").strip().lower()
        content = _clean(m.get("content"))
        if not name or not content:
            continue
        if name in _AUTHOR_TAGS:
            if name == "author" and authors:
                continue
            for piece in (content.split(";") if name != "citation_author" else [content]):
                p = parse_person(piece)
                if p:
                    authors.append(p)
            continue
        field = _META_FIELDS.get(name)
        if field is None or field in out:
            continue
        if field == "doi":
            m2 = re.search(r"10\.\d{4,9}/\S+", content)
            if not m2:
                continue
            content = m2.group(0).rstrip(".,;")
        if field == "date":
            y = _YEAR.search(content)
            if not y:
                continue
            out["year"] = int(y.group(1))
            out["date"] = content
            continue
        out[field] = content
    if authors:
        out["authors"] = authors
    out.pop("date", None)
    ld = _json_ld(root)
    for k, v in ld.items():
        out.setdefault(k, v)
    if "abstract" in out and len(out["abstract"]) < 80:  # a site blurb, not an abstract
        del out["abstract"]
    return out


_LD_TYPES = {"ScholarlyArticle", "MedicalScholarlyArticle", "Article", "NewsArticle",
             "Report", "MedicalStudy"}


def _json_ld(root) -> dict:
    """The fields of the first JSON-LD article object of the page."""
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        for obj in _ld_objects(data):
            types = obj.get("@type")
            types = set(types) if isinstance(types, list) else {types}
            if types & _LD_TYPES:
                return _ld_fields(obj)
    return {}


def _ld_objects(data) -> Iterable[dict]:
    if isinstance(data, list):
        for d in data:
            yield from _ld_objects(d)
    elif isinstance(data, dict):
        yield data
        if isinstance(data.get("@graph"), list):
            yield from _ld_objects(data["@graph"])


def _ld_fields(obj: dict) -> dict:
    out: dict[str, Any] = {}
    authors = obj.get("author") or []
    authors = authors if isinstance(authors, list) else [authors]
    names = []
    for a in authors:
        if isinstance(a, str):
            p = parse_person(a)
        elif isinstance(a, dict):
            if a.get("familyName"):
                p = {"family": _clean(a["familyName"])}
                if a.get("givenName"):
                    p["given"] = _clean(a["givenName"])
            elif a.get("@type") == "Organization" and a.get("name"):
                p = {"literal": _clean(a["name"])}
            else:
                p = parse_person(a.get("name") or "")
        else:
            p = None
        if p:
            names.append(p)
    if names:
        out["authors"] = names
    for key in ("datePublished", "dateCreated"):
        y = _YEAR.search(str(obj.get(key) or ""))
        if y:
            out["year"] = int(y.group(1))
            break
    if obj.get("pageStart"):
        out["first_page"] = str(obj["pageStart"])
    if obj.get("pageEnd"):
        out["last_page"] = str(obj["pageEnd"])
    if isinstance(obj.get("abstract"), str):
        out["abstract"] = _clean(obj["abstract"])
    part = obj.get("isPartOf")
    for _ in range(4):  # issue -> volume -> periodical
        if not isinstance(part, dict):
            break
        types = part.get("@type")
        types = set(types) if isinstance(types, list) else {types}
        if "PublicationIssue" in types and part.get("issueNumber"):
            out.setdefault("issue", str(part["issueNumber"]))
        if "PublicationVolume" in types and part.get("volumeNumber"):
            out.setdefault("volume", str(part["volumeNumber"]))
        if "Periodical" in types and part.get("name"):
            out.setdefault("journal", _clean(part["name"]))
        part = part.get("isPartOf")
    for ident in [obj.get("identifier"), obj.get("sameAs"), obj.get("@id")]:
        for v in (ident if isinstance(ident, list) else [ident]):
            v = v.get("value") if isinstance(v, dict) else v
            m = re.search(r"10\.\d{4,9}/\S+", str(v or ""))
            if m:
                out.setdefault("doi", m.group(0).rstrip(".,;"))
    return out


# -- PDF document information --------------------------------------------------------------------
def pdf_info(data: bytes) -> dict:
    """The PDF's document-information dictionary (``Title``, ``Author``, ``Subject``...)."""
    try:
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(data)
        try:
            return {k: v for k, v in doc.get_metadata_dict().items() if v}
        finally:
            doc.close()
    except Exception:  # a damaged info dictionary loses the metadata, never the document
        return {}


def pdf_info_metadata(info: dict) -> dict:
    """Fields from a PDF's ``/Author`` (names split on ``;``, ``,`` pairs or `` and ``) and a
    ``/Subject`` that is a citation line (``Trial Rep Cardiol 2021;12:145-52``)."""
    out: dict[str, Any] = {}
    author = _clean(info.get("Author"))
    if author and not re.search(r"\.(docx?|tex)\b|^(user|admin|owner)$", author, re.I):
        pieces = re.split(r"\s*;\s*|\s+and\s+", author)
        if len(pieces) == 1 and author.count(",") >= 2:
            pieces = author.split(",")
        names = [p for p in (parse_person(x) for x in pieces) if p and p.get("given")]
        if names and len(names) == len([p for p in pieces if p.strip()]):
            out["authors"] = names
    subject = _clean(info.get("Subject"))
    if subject:
        out.update(_locus_line(subject))
    return out


# -- the printed front matter --------------------------------------------------------------------
_CITE_AS = fastre.lazy(r"^\s*(?:please\s+)?cite\s+this\s+article(?:\s+as)?\s*:?\s*|^\s*citation\s*:\s*", re.I)
_PMID = fastre.lazy(r"\bPMID\s*:?\s*(\d{1,9})\b")
_PMCID = fastre.lazy(r"\bPMCID\s*:?\s*(PMC\s?\d{4,9})\b|\b(PMC\d{5,9})\b")


def _locus_line(line: str) -> dict:
    """Journal, year, volume, issue and pages of a short journal line, or ``{}``."""
    from .references.parser import LABEL_RE, parse_reference

    line = _clean(line) or ""
    if not line or len(line) > 200 or line.startswith("[") or "](" in line:
        return {}
    if LABEL_RE.match(line):
        return {}  # an entry of a numbered list (a reference), not the article's own line
    if sum(c.isdigit() for c in line) < 4:
        return {}  # no four-digit year (the parser reads the year from digits only): no need to parse it
    cite = _CITE_AS.match(line)
    p = parse_reference(line[cite.end():] if cite else line)
    if not (p.journal and p.locus):
        p = parse_reference(line, news=True)  # a journal header: all before the year is the name
        cite = None
    if not (p.locus and p.year and p.volume and (p.first_page or p.article_number)):
        return {}
    journal = _clean(p.journal)
    if not journal or any(c.isdigit() for c in journal) or len(journal.split()) > 12 \
            or not journal[0].isupper() or "," in journal or " al " in f" {journal} ":
        return {}
    out = {"journal": journal.rstrip(" .,;"), "year": p.year, "volume": p.volume,
           "first_page": p.first_page or p.article_number}
    if p.issue:
        out["issue"] = p.issue
    if p.last_page:
        out["last_page"] = p.last_page
    if p.authors:
        out["authors"] = [dict(a) for a in p.authors if not a.get("collab")]
    return out


def _cite_line(line: str) -> dict:
    """Journal, year, volume and pages of an article's own "Cite this article as:" line, which
    may run on into other text (``... BMC Medicine 2014 12:161. Submit your next ...``).

    >>> _cite_line("Cite this article as: Dodd et al.: The effects of advice: the LIMIT trial. "
    ...            "BMC Medicine 2014 12:161. Submit your next manuscript to BioMed Central")
    {'journal': 'BMC Medicine', 'year': 2014, 'volume': '12', 'first_page': '161'}
    """
    from .references.parser import parse_reference

    body = _CITE_AS.sub("", _clean(line) or "", count=1)
    m = re.search(r"\b((?:1[89]|20)\d{2})[;,]?\s+(\d+)(?:\s*\(([^)]{1,12})\))?\s*:\s*([A-Za-z]{0,2}\d+)"
                  r"(?:\s*[-–]\s*([A-Za-z]{0,2}\d+))?", body)
    if not m:
        p = parse_reference(body)
        if not (p.journal and p.year and p.volume and (p.first_page or p.article_number)):
            return {}
        journal = re.sub(r"\s+(?:1[89]|20)\d{2}$", "", p.journal).strip(" .,;")
        out = {"journal": journal, "year": p.year, "volume": p.volume,
               "first_page": p.first_page or p.article_number}
        if p.last_page:
            out["last_page"] = p.last_page
        return out
    # the journal: the words before the year, after the title's closing period
    before = body[:m.start()].rstrip(" .,;")
    journal = re.split(r"[.?!:]\s+", before)[-1].strip(" .,;")
    if not journal or len(journal.split()) > 12 or not journal[0].isupper() or any(c.isdigit() for c in journal):
        return {}
    out = {"journal": journal, "year": int(m.group(1)), "volume": m.group(2), "first_page": m.group(4)}
    if m.group(3):
        out["issue"] = m.group(3)
    if m.group(5):
        out["last_page"] = m.group(5)
    return out


def _front_text(source) -> tuple[int, str]:
    """Where the front matter is read: page 1 of a PDF, else the first 3,000 characters, and
    never past the reference list (nor, without pages, past the first body section)."""
    from .readers.headings import section_name

    text = source.text
    heads = [(h.start, section_name(text[h.start:h.end])) for h in source.spans_of("heading")]
    if source.page_starts or source.pages == 1:
        limits = [source.page_starts[0] if source.page_starts else len(text)]
        limits += [start for start, name in heads if name == "references"]
    else:
        limits = [FRONT_CHARS, len(text)]
        limits += [start for start, name in heads if name not in (None, "abstract")]
    end = min(limits)
    return end, text[:end]


def text_title(source) -> Optional[tuple[int, int]]:
    """The title of a plain-text article: its first line, when that reads as a title (3 to 40
    words, no sentence inside, not a journal line, a DOI or a heading such as "Abstract")."""
    from .readers.headings import section_name

    text = source.text
    pos = 0
    for line in text[:FRONT_CHARS].split("\n"):
        start, pos = pos, pos + len(line) + 1
        stripped = line.strip()
        if not stripped:
            continue
        if _locus_line(stripped) or re.search(r"\b10\.\d{4,9}/|https?://|©|\bdoi\b", stripped, re.I):
            continue  # a journal header line above the title
        words = stripped.split()
        if not 3 <= len(words) <= 40 or re.search(r"[.!?]\s+[A-Z]", stripped) \
                or stripped.endswith(".") or section_name(stripped) not in (None, "other"):
            return None
        a = start + (len(line) - len(line.lstrip()))
        return a, a + len(stripped)
    return None


def front_matter(source) -> dict:
    """Fields printed on the first page (PDF) or at the start of the text (text, HTML); for a
    plain-text article without a title, its title line too (``title`` and ``title_span``)."""
    end, head = _front_text(source)
    out: dict[str, Any] = {}
    lines = head.split("\n")
    # the by-line: one of the few lines right after the title
    titles = source.spans_of("title")
    start = titles[0].end if titles else 0
    if not titles and not source.title and source.format == "text":
        span = text_title(source)
        if span:
            out["title"] = source.text[span[0]:span[1]]
            out["title_span"] = span
            start = span[1]
    after = source.text[start:end].split("\n")
    seen = 0
    for line in after:
        if not line.strip():
            continue
        seen += 1
        if seen > 6 or len(line) > 400:
            break
        names = parse_byline(line)
        if names:
            out["authors"] = names
            break
    for line in lines:
        if not line.strip():
            continue
        loc = _locus_line(line)
        if loc:
            if _CITE_AS.match(line) or "journal" not in out:
                for k, v in loc.items():
                    if k == "authors" and "authors" in out:
                        continue
                    out[k] = v
            if _CITE_AS.match(line):
                break
    if "journal" not in out:
        # BioMed Central prints the article's own citation on its last page
        for m in re.finditer(r"\bcite\s+this\s+article(?:\s+as)?\s*:", source.text, re.I):
            loc = _cite_line(source.text[m.start():m.end() + 600].replace("\n", " "))
            if loc:
                for k, v in loc.items():
                    if k != "authors" or "authors" not in out:
                        out[k] = v
                break
    m = _PMID.search(head)
    if m:
        out["pmid"] = m.group(1)
    m = _PMCID.search(head)
    if m:
        out["pmcid"] = (m.group(1) or m.group(2)).replace(" ", "")
    if "year" not in out:
        cues = "|".join(re.escape(c) for c in _cues()["published"])
        m = re.search(rf"(?:{cues})[^\n]{{0,40}}?\b(1[89]\d{{2}}|20\d{{2}})\b", head)
        if m:
            out["year"] = int(m.group(1))
    return out


# -- merging and normalising -------------------------------------------------------------------
def abstract_from_sentences(sentences) -> Optional[str]:
    """The text of the first run of sentences in the ``abstract`` section."""
    parts, started = [], False
    for s in sentences:
        if s.section == "abstract":
            started = True
            parts.append(s.text.strip())
        elif started:
            break
    text = _clean(" ".join(parts))
    if text:
        text = re.sub(r"^(?:abstract|summary)\b\s*[:.]?\s*", "", text, flags=re.I)
    return text if text and len(text) >= 80 else None


def normalize(meta: dict) -> dict:
    """Clean values and give one name per journal.

    ``journal`` becomes the full title of the journal table when the journal is known there
    (whatever form was printed), else the printed name unless it is an abbreviation;
    ``journal_iso`` the NLM/ISO 4 abbreviation.  Years are ints; pages are expanded
    (``145-52`` → ``145``, ``152``).

    >>> n = normalize({"journal": "PLoS ONE", "year": "2020", "first_page": "1415", "last_page": "22"})
    >>> n["journal"], n["journal_iso"], n["year"], n["last_page"]
    ('PLOS ONE', 'PLoS One', 2020, '1422')
    """
    from .references import journals
    from .references.parser import expand_pages

    out = {k: v for k, v in meta.items() if v not in (None, "", [], ())}
    for k in ("volume", "issue", "first_page", "last_page", "pmid", "pmcid"):
        if k in out:
            out[k] = _clean(str(out[k]))
    if "year" in out:
        y = _YEAR.search(str(out["year"]))
        if y:
            out["year"] = int(y.group(1))
        else:
            del out["year"]
    if out.get("first_page") and out.get("last_page"):
        out["last_page"] = expand_pages(out["first_page"], out["last_page"]) or out["last_page"]
    printed = out.get("journal") or out.get("journal_iso")
    if printed:
        iso = journals.lookup(printed) or (
            journals.iso(out["journal_iso"]) if out.get("journal_iso") else _iso(printed))
        full = journals.full_title(printed) or journals.full_title(out.get("journal_iso"))
        if full is None and out.get("journal") and not _abbreviated(out["journal"]):
            full = _clean(out["journal"])
        out["journal"] = full
        out["journal_iso"] = iso
        if out["journal"] is None:
            del out["journal"]
    if out.get("pmcid") and not out["pmcid"].upper().startswith("PMC"):
        out["pmcid"] = "PMC" + out["pmcid"]
    if out.get("abstract"):
        out["abstract"] = _clean(out["abstract"])
    if out.get("authors"):
        out["authors"] = [dict(a) for a in out["authors"]]
    return out


def _abbreviated(name: str) -> bool:
    """True for a journal name printed as an abbreviation: dotted (``N. Engl. J. Med.``), or with
    a single letter or a word that is an abbreviation of the LTWA (``J Clin Oncol``).

    >>> _abbreviated("Trial Rep Cardiol"), _abbreviated("Medical News Weekly"), _abbreviated("Trials")
    (True, False, False)
    """
    from .references.parser import _ltwa_abbreviations

    words = re.findall(r"[^\W\d_]+", name)
    ltwa, full = _ltwa_abbreviations(), _ltwa_words()
    return bool(words) and ("." in name or any(
        (len(w) == 1 and w.isupper())
        or (w[0].isupper() and w.casefold() + "." in ltwa and w.casefold() not in full)
        for w in words))


def _ltwa_words() -> frozenset:
    """Whole words of the LTWA (``journal``, ``medical``): full forms, never abbreviations
    (:func:`extractor.references.journals.ltwa_word_sets`, cached on disk)."""
    from .references.journals import ltwa_word_sets

    return ltwa_word_sets()[0]


def _iso(name: str) -> Optional[str]:
    """The NLM/ISO 4 abbreviation: the journal table's, else the LTWA rules for a full title,
    else the printed abbreviation without periods."""
    from .references import journals

    hit = journals.lookup(name)
    if hit or _abbreviated(name):
        return hit or journals.iso(name)
    ab = journals._abbreviator()
    if ab is None:  # pragma: no cover - the dependency is declared
        return journals.iso(name)
    try:
        out = ab(re.sub(r"^(?i:the)\s+", "", name), remove_part=True)
    except Exception:  # pyiso4 raises on odd input; keep the printed name then
        return journals.iso(name)
    return journals._dotless(out)


def document_metadata(source, sentences=(), pdf_information: Optional[dict] = None) -> dict:
    """The document's bibliographic fields (see the module docstring), normalised.

    Structured metadata wins field by field over the PDF's information dictionary, which wins
    over the printed front matter; the abstract falls back to the text of the abstract section.
    """
    layers = [dict(source.meta.get("bibliographic") or {})]
    if pdf_information:
        layers.append(pdf_info_metadata(pdf_information))
    layers.append(front_matter(source))
    out: dict[str, Any] = {}
    for layer in layers:
        for k, v in layer.items():
            if k in BIB_FIELDS and v not in (None, "", [], ()) and k not in out:
                out[k] = v
    # a journal and its abbreviation come from one layer, never mixed across layers
    for layer in layers:
        if layer.get("journal") or layer.get("journal_iso"):
            out["journal"], out["journal_iso"] = layer.get("journal"), layer.get("journal_iso")
            break
    front = layers[-1]
    if front.get("title"):
        out["title"], out["title_span"] = front["title"], front["title_span"]
    if "abstract" not in out:
        ab = abstract_from_sentences(sentences)
        if ab:
            out["abstract"] = ab
    return normalize(out)
