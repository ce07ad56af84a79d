"""A document's own bibliographic data (extractor.metadata): JATS, HTML meta tags and JSON-LD,
a PDF's information dictionary and first page, a text's front matter."""
from __future__ import annotations

import json

import lxml.html
import pytest
from fpdf import FPDF

from extractor.metadata import (document_metadata, front_matter, html_metadata, normalize,
                                parse_byline, parse_person, pdf_info_metadata)
from extractor.pipeline import extract_source
from extractor.readers.html import html_source
from extractor.readers.jats import read_jats
from extractor.source import Source

JATS = """<?xml version="1.0"?>
<article article-type="research-article"><front>
<journal-meta><journal-id journal-id-type="nlm-ta">Trial Rep Cardiol</journal-id>
<journal-title-group><journal-title>Trial Reports in Cardiology</journal-title>
<abbrev-journal-title abbrev-type="iso-abbrev">Trial Rep. Cardiol.</abbrev-journal-title>
</journal-title-group></journal-meta>
<article-meta>
<article-id pub-id-type="pmid">33012345</article-id>
<article-id pub-id-type="pmc">8123456</article-id>
<article-id pub-id-type="doi">10.5555/trc.2021.0145</article-id>
<title-group><article-title>Nightly zinc lozenges and influenza-like illness in older adults</article-title></title-group>
<contrib-group>
<contrib contrib-type="author"><name><surname>Kowalska</surname><given-names>Anna M</given-names></name><xref ref-type="aff" rid="a1">1</xref></contrib>
<contrib contrib-type="author"><name><surname>O'Neill</surname><given-names>Brian</given-names></name></contrib>
<contrib contrib-type="editor"><name><surname>Editor</surname><given-names>Ed</given-names></name></contrib>
<contrib contrib-type="author"><collab>ZINC-OLD Investigators</collab></contrib>
</contrib-group>
<pub-date pub-type="epub"><day>2</day><month>12</month><year>2020</year></pub-date>
<pub-date pub-type="ppub"><month>3</month><year>2021</year></pub-date>
<volume>12</volume><issue>3</issue><fpage>145</fpage><lpage>152</lpage>
<abstract><sec><title>Background</title><p>Zinc may shorten respiratory infections.</p></sec>
<sec><title>Results</title><p>Fewer illnesses occurred with zinc than with placebo.</p></sec></abstract>
</article-meta></front>
<body><sec><title>Introduction</title><p>Influenza-like illness is common.</p></sec></body>
</article>"""


def test_jats_article_meta():
    src = read_jats(JATS.encode(), "a.xml", None)
    a = extract_source(src, path="a.xml", use_nlp=False)
    assert a.authors == ({"family": "Kowalska", "given": "Anna M"}, {"family": "O'Neill", "given": "Brian"},
                         {"literal": "ZINC-OLD Investigators"})
    assert (a.year, a.journal, a.journal_iso, a.volume, a.issue, a.first_page, a.last_page) == \
        (2021, "Trial Reports in Cardiology", "Trial Rep Cardiol", "12", "3", "145", "152")
    assert (a.pmid, a.pmcid, a.doi) == ("33012345", "PMC8123456", "10.5555/trc.2021.0145")
    assert a.abstract == ("Background: Zinc may shorten respiratory infections. "
                          "Results: Fewer illnesses occurred with zinc than with placebo.")
    assert "bibliographic" not in a.meta


HTML = """<html><head><title>Nightly zinc lozenges | Trial Reports</title>
<meta name="citation_title" content="Nightly zinc lozenges and influenza-like illness in older adults">
<meta name="citation_author" content="Kowalska, Anna M.">
<meta name="citation_author" content="Brian O'Neill">
<meta name="citation_publication_date" content="2021/03/15">
<meta name="citation_journal_title" content="Trial Reports in Cardiology">
<meta name="citation_journal_abbrev" content="Trial Rep Cardiol">
<meta name="citation_volume" content="12"><meta name="citation_issue" content="3">
<meta name="citation_firstpage" content="145"><meta name="citation_lastpage" content="52">
<meta name="citation_doi" content="doi:10.5555/trc.2021.0145">
<meta name="dc.description" content="Short.">
</head><body><h1>Nightly zinc lozenges and influenza-like illness in older adults</h1>
<p>Influenza-like illness is common.</p></body></html>"""


def test_html_citation_tags():
    src = html_source(HTML.encode(), "a.html")
    a = extract_source(src, path="a.html", use_nlp=False)
    assert [n["family"] for n in a.authors] == ["Kowalska", "O'Neill"]
    assert a.authors[1] == {"family": "O'Neill", "given": "Brian"}
    assert (a.year, a.journal, a.journal_iso, a.volume, a.issue, a.first_page, a.last_page, a.doi) == \
        (2021, "Trial Reports in Cardiology", "Trial Rep Cardiol", "12", "3", "145", "152",
         "10.5555/trc.2021.0145")
    assert a.abstract is None  # "Short." is a site blurb, not an abstract


def test_html_json_ld_scholarly_article():
    ld = {"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, {
        "@type": "ScholarlyArticle", "headline": "Zinc",
        "author": [{"@type": "Person", "givenName": "Anna", "familyName": "Kowalska"},
                   {"@type": "Person", "name": "Brian O'Neill"},
                   {"@type": "Organization", "name": "ZINC-OLD Investigators"}],
        "datePublished": "2021-03-15", "pageStart": 145, "pageEnd": "152",
        "sameAs": "https://doi.org/10.5555/trc.2021.0145",
        "isPartOf": {"@type": "PublicationIssue", "issueNumber": "3", "isPartOf": {
            "@type": "PublicationVolume", "volumeNumber": "12",
            "isPartOf": {"@type": "Periodical", "name": "Trial Reports in Cardiology"}}}}]}
    root = lxml.html.document_fromstring(
        f'<html><head><script type="application/ld+json">{json.dumps(ld)}</script></head><body><p>x</p></body></html>')
    md = normalize(html_metadata(root))
    assert md["authors"] == [{"family": "Kowalska", "given": "Anna"}, {"family": "O'Neill", "given": "Brian"},
                             {"literal": "ZINC-OLD Investigators"}]
    assert (md["year"], md["volume"], md["issue"], md["first_page"], md["last_page"], md["journal"],
            md["journal_iso"]) == (2021, "12", "3", "145", "152", "Trial Reports in Cardiology", "Trial Rep Cardiol")


def test_text_front_matter_byline_and_journal_line():
    text = ("Trial Reports in Cardiology 2021;12(3):145-152\n"
            "Nightly zinc lozenges and influenza-like illness in older adults\n"
            "Anna M. Kowalska^1,2, Brian O'Neill^2* and Wei Chen^3\n"
            "^1Department of Geriatrics, University Hospital, Kraków, Poland\n"
            "Abstract\nZinc may shorten respiratory infections in older adults living at home.\n"
            "Introduction\nInfluenza-like illness is common [1].\n"
            "References\n1. Smith J, Doe A. Colds. Lancet. 2001;357:1-9.\n")
    start = text.index("Nightly")
    src = Source.from_text(text, title="Nightly zinc lozenges and influenza-like illness in older adults")
    from extractor.source import Span
    src.spans["title"] = [Span(start, start + 64, "title")]
    md = normalize(front_matter(src))
    assert [a["family"] for a in md["authors"]] == ["Kowalska", "O'Neill", "Chen"]
    assert md["authors"][0] == {"family": "Kowalska", "given": "Anna M."}
    assert (md["journal"], md["journal_iso"], md["year"], md["volume"], md["issue"], md["first_page"],
            md["last_page"]) == ("Trial Reports in Cardiology", "Trial Rep Cardiol", 2021, "12", "3", "145", "152")


def test_a_reference_entry_is_not_the_articles_journal_line():
    text = "Some title of a report\n\n1. Smith J, Doe A. Colds. Lancet. 2001;357:1-9.\n"
    md = front_matter(Source.from_text(text))
    assert md == {"title": "Some title of a report", "title_span": (0, 22)}  # no journal, no year


@pytest.mark.parametrize("text, title", [
    ("Trial Reports in Cardiology 2021;12(3):145-152\n\nNightly zinc and colds\n\nAbstract\n", "Nightly zinc and colds"),
    ("Abstract\nWe studied zinc.\n", None),
    ("We randomly assigned 120 adults. Zinc was given nightly.\n", None),
    ("Zinc\n", None),
])
def test_a_text_articles_title_line(text, title):
    from extractor.metadata import text_title

    span = text_title(Source.from_text(text))
    assert (text[span[0]:span[1]] if span else None) == title


@pytest.mark.parametrize("line", [
    "Department of Cardiology, University Hospital, Kraków, Poland",
    "Original Research Article",
    "We randomly assigned 120 adults, aged 65 or older, to zinc or placebo.",
    "Abstract",
])
def test_lines_that_are_no_byline(line):
    assert parse_byline(line) == []


def test_names():
    assert parse_person("Kowalska A") == {"family": "Kowalska", "given": "A"}
    assert parse_person("Ludwig van Beethoven") == {"family": "van Beethoven", "given": "Ludwig"}
    assert parse_person("Anna Kowalska, MD, PhD") is None or parse_person("Anna Kowalska, MD, PhD")
    assert parse_byline("Anna Kowalska, MD, PhD, and Brian O'Neill, MSc") == [
        {"family": "Kowalska", "given": "Anna"}, {"family": "O'Neill", "given": "Brian"}]


def test_pdf_info_author_and_subject():
    md = normalize(pdf_info_metadata({"Author": "Anna Kowalska; Brian O'Neill",
                                      "Subject": "Trial Rep Cardiol 2021;12(3):145-52"}))
    assert md["authors"] == [{"family": "Kowalska", "given": "Anna"}, {"family": "O'Neill", "given": "Brian"}]
    assert (md["journal_iso"], md["year"], md["volume"], md["first_page"], md["last_page"]) == \
        ("Trial Rep Cardiol", 2021, "12", "145", "152")
    assert pdf_info_metadata({"Author": "admin"}) == {}


def _front_page_pdf(path):
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_creation_date(__import__("datetime").datetime(2021, 1, 1, tzinfo=__import__("datetime").timezone.utc))
    pdf.add_page()
    pdf.set_font("Helvetica", "", 8)
    pdf.set_xy(50, 30)
    pdf.cell(0, 10, "Trial Reports in Cardiology 2021;12(3):145-152")
    pdf.set_font("Helvetica", "B", 18)
    pdf.set_xy(50, 70)
    pdf.multi_cell(480, 22, "Nightly zinc lozenges and influenza-like illness in older adults")
    pdf.set_font("Helvetica", "", 11)
    pdf.set_xy(50, 130)
    pdf.cell(0, 14, "Anna M. Kowalska, Brian O'Neill and Wei Chen")
    pdf.set_xy(50, 150)
    pdf.set_font("Helvetica", "", 9)
    pdf.cell(0, 12, "Department of Geriatrics, University Hospital, Krakow, Poland")
    pdf.set_font("Helvetica", "", 10)
    pdf.set_xy(50, 190)
    pdf.multi_cell(480, 13, "We randomly assigned 120 adults aged 65 years or older to nightly zinc "
                            "lozenges or placebo and followed them for one winter season.")
    pdf.output(str(path))


def test_pdf_first_page(tmp_path):
    from extractor import extract

    _front_page_pdf(tmp_path / "z.pdf")
    a = extract(tmp_path / "z.pdf")
    assert a.title == "Nightly zinc lozenges and influenza-like illness in older adults"
    assert [n["family"] for n in a.authors] == ["Kowalska", "O'Neill", "Chen"]
    assert (a.journal, a.journal_iso, a.year, a.volume, a.issue, a.first_page, a.last_page) == \
        ("Trial Reports in Cardiology", "Trial Rep Cardiol", 2021, "12", "3", "145", "152")


def test_structured_metadata_wins_and_journal_fields_come_from_one_layer():
    src = Source.from_text("Trial Reports in Cardiology 2021;12(3):145-152\nA title\n",
                           meta={"bibliographic": {"journal": "Other Journal", "year": 2020}})
    md = document_metadata(src)
    assert md["journal"] == "Other Journal" and md["year"] == 2020 and md["volume"] == "12"
    assert md["journal_iso"] == "Other J"


def test_one_name_per_journal():
    a, b = normalize({"journal": "PLoS ONE"}), normalize({"journal": "PLOS One"})
    assert a == b == {"journal": "PLOS ONE", "journal_iso": "PLoS One"}
    assert normalize({"journal": "Diab Care"}) == normalize({"journal": "Diabetes Care"})


def test_the_articles_own_cite_this_article_line_on_a_later_page():
    """BioMed Central prints the article's citation on its last page, not on page 1."""
    text = ("A protocol for a core outcome set\nAnna Kowalska and Brian O'Neill\nAbstract\n"
            "Background: we plan a Delphi study of outcomes in low back pain in adults.\n"
            "Cite this article as: Kowalska et al.: A protocol for a core outcome set.\n"
            "Trials 2014 15:511. Submit your next manuscript to a journal and take advantage of it.\n")
    src = Source.from_text(text, format="pdf", pages=2, page_starts=[text.index("Cite")])
    md = normalize(front_matter(src))
    assert (md["journal"], md["journal_iso"], md["year"], md["volume"], md["first_page"]) == (
        "Trials", "Trials", 2014, "15", "511")
    assert [a["family"] for a in md["authors"]] == ["Kowalska", "O'Neill"]
