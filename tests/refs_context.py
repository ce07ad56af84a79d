"""A plain-text Context for reference tests (sentences from a simple rule splitter).

Used until/besides ``extractor.pipeline.extract``: the reference extractor needs only the text,
its spans and sentences with provenance.
"""
import re

from extractor.context import Context
from extractor.model import Sentence
from extractor.source import Source, Span

_SPLIT = re.compile(r"(?<=[.!?])[\"”]?\s+(?=[A-Z\[“\"(^])|\n+")


_SUP = re.compile(r"\^(?P<run>\d+(?:[-–,]\d+)*)")


def make_context(text: str, source: Source | None = None) -> Context:
    """A Context over ``text``; ``^run`` superscripts become ``sup`` spans as a reader marks them."""
    if source is None:
        sups = [Span(m.start("run"), m.end("run"), "sup") for m in _SUP.finditer(text)]
        source = Source.from_text(text, spans={"sup": sups} if sups else {})
    src = source
    sents = []
    pos = 0
    for m in list(_SPLIT.finditer(src.text)) + [None]:
        end = m.start() if m else len(src.text)
        chunk = src.text[pos:end]
        lead = len(chunk) - len(chunk.lstrip())
        s, e = pos + lead, pos + len(chunk.rstrip())
        if e > s:
            sents.append(Sentence(seq=len(sents), text=src.text[s:e], prov=src.provenance(s, e)))
        pos = m.end() if m else end
    return Context(source=src, sentences=sents)


_JATS_FIELDS = {"article-title": "title", "source": "journal", "year": "year", "volume": "volume",
                "issue": "issue", "fpage": "first_page", "lpage": "last_page",
                "elocation-id": "article_number"}


def jats_source(path) -> Source:
    """A Source for a JATS file with ``ref`` spans (structured ``attrs``) and ``xref`` spans.

    Mirrors what a JATS reader records: body text with ``<sup>`` as ``^run`` and ``xref``
    spans carrying ``rid``; one ``ref`` span per ``<ref>`` whose attrs hold ``id``, ``label``,
    ``authors`` (CSL names), ``title``, ``journal``, ``year``, ``volume``, ``issue``,
    ``first_page``, ``last_page``, ``article_number``, ``doi``, ``pmid``.
    """
    from lxml import etree

    from extractor.source import SourceBuilder

    root = etree.parse(str(path)).getroot()
    b = SourceBuilder("jats")

    def walk(el):
        tag = etree.QName(el).localname
        if tag == "xref":
            s, e = b.add(el.text or "")
            b.mark(s, e, "xref", rid=el.get("rid"))
        elif tag == "sup":
            b.add_sup("".join(el.itertext()))
        else:
            b.add(el.text or "")
            for ch in el:
                walk(ch)
        if el.tail:
            b.add(el.tail)

    title = root.find(".//front//article-title")
    if title is not None:
        s, e = b.add("".join(title.itertext()).strip())
        b.mark(s, e, "title")
        b.newline()
    for sec in root.iter("sec"):
        t = sec.find("title")
        if t is not None:
            s, e = b.add(t.text)
            b.mark(s, e, "heading")
            b.newline()
        for p in sec.findall("p"):
            b.add(p.text or "")
            for ch in p:
                walk(ch)
            b.newline()
    b.add("References")
    b.newline()
    for ref in root.iter("ref"):
        cit = ref.find("element-citation")
        if cit is None:
            cit = ref.find("mixed-citation")
        label = ref.findtext("label")
        attrs = {"id": ref.get("id"), "label": label}
        names = []
        for n in cit.iter("name", "collab"):
            if n.tag == "collab":
                names.append({"literal": n.text, "collab": True})
            else:
                names.append({"family": n.findtext("surname"), "given": n.findtext("given-names")})
        attrs["authors"] = names
        for tag, key in _JATS_FIELDS.items():
            v = cit.findtext(tag)
            if v:
                attrs[key] = v
        for pid in cit.iter("pub-id"):
            attrs[pid.get("pub-id-type")] = pid.text
        if cit.tag == "mixed-citation":
            text = "".join(cit.itertext())
        else:
            parts = [", ".join(f"{n.get('family') or n.get('literal')} {n.get('given') or ''}".strip()
                               for n in names)]
            parts.append(attrs.get("title", ""))
            loc = f"{attrs.get('journal', '')}. {attrs.get('year', '')};{attrs.get('volume', '')}"
            if attrs.get("issue"):
                loc += f"({attrs['issue']})"
            if attrs.get("first_page"):
                loc += f":{attrs['first_page']}-{attrs.get('last_page', '')}".rstrip("-")
            elif attrs.get("article_number"):
                loc += f":{attrs['article_number']}"
            parts.append(loc)
            text = ". ".join(p for p in parts if p) + "."
        s, e = b.add(f"{label}. {text}" if label else text)
        b.spans.setdefault("ref", []).append(Span(s, e, "ref", attrs))
        b.newline()
    return b.build()
