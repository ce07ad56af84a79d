"""Regenerate the review test corpus: one made-up trial report in four formats, plus articles
and a news item citing it.

    .venv/bin/python tests/data/review/make_corpus.py

* ``zinc.xml``, ``zinc.html``, ``zinc.txt``, ``zinc.pdf`` — one trial report (Kowalska et al.
  2021, nightly zinc lozenges in older adults) as JATS with full metadata, as HTML with
  Highwire ``citation_*`` tags (same DOI), as plain text with a journal line but no DOI, and as
  a PDF drawn with fpdf2 with neither DOI nor journal line (title, by-line, publication date);
* ``statin.xml`` — another Kowalska 2021 article (a label clash) citing the trial by PMID;
* ``moreau.html`` — a 2022 article with JSON-LD metadata, citing the trial by DOI and the
  statin article by journal/volume/page;
* ``news.txt`` — a news item without authors, citing the trial news-style in brackets.

Everything is invented for the tests; DOIs use the 10.5555 test prefix.  The PDF is
deterministic (fixed creation date).  Review ``git diff`` after regenerating.
"""
from __future__ import annotations

import datetime
from html import escape
from pathlib import Path

HERE = Path(__file__).parent

TITLE = "Nightly zinc lozenges and influenza-like illness in older adults: a randomised trial"
AUTHORS = [("Kowalska", "Anna M", "Anna M. Kowalska"), ("O'Neill", "Brian", "Brian O'Neill"),
           ("Chen", "Wei", "Wei Chen")]
DOI = "10.5555/trc.2021.0145"
ABSTRACT = ("Zinc may shorten respiratory infections, but its value for older adults living at "
            "home is uncertain. We randomly assigned 120 adults aged 65 years or older to nightly "
            "zinc lozenges or placebo for one winter season.")
BODY = [
    ("Methods", [
        "In this double-blind, placebo-controlled trial, we randomly assigned 120 adults aged 65 "
        "years or older to nightly zinc lozenges (n=60) or placebo (n=60). Vitamin supplements "
        "were allowed [1].",
    ]),
    ("Results", [
        "Influenza-like illness at 3 months occurred in 12 of 60 participants (20.0%) in the zinc "
        "group and 21 of 60 participants (35.0%) in the placebo group (odds ratio 0.46, 95% CI "
        "0.20 to 1.07; p=0.07).",
        "At 6 months, influenza-like illness had occurred in 18 of 58 participants (31.0%) in the "
        "zinc group and 27 of 59 participants (45.8%) in the placebo group (odds ratio 0.53, 95% "
        "CI 0.25 to 1.13; p=0.10).",
        "Days with symptoms were a mean of 4.1 (SD 2.0) in the zinc group and 5.3 (SD 2.4) in the "
        "placebo group (mean difference -1.2, 95% CI -2.0 to -0.4) [2].",
    ]),
    ("Discussion", [
        "Nightly zinc did not clearly reduce influenza-like illness in older adults [1,2].",
    ]),
]
REFS = [
    ("Hemila", "H", "Zinc lozenges and the common cold: a meta-analysis comparing zinc acetate and "
     "zinc gluconate", "JRSM Open", 2017, "8", "5", "2054270417694291", "", "10.5555/jrsm.2017.0001"),
    ("Prasad", "AS", "Duration and severity of symptoms and levels of plasma interleukin-1 receptor "
     "antagonist in the common cold treated with zinc acetate", "J Infect Dis", 2008, "197", "6",
     "795", "802", ""),
]


def _ref_line(i: int, r) -> str:
    fam, giv, title, journal, year, vol, iss, fp, lp, doi = r
    pages = f"{fp}-{lp}" if lp else fp
    line = f"{i}. {fam} {giv}, et al. {title}. {journal}. {year};{vol}({iss}):{pages}."
    return line + (f" doi:{doi}" if doi else "")


def jats(path: Path) -> None:
    contribs = "".join(
        f'<contrib contrib-type="author"><name><surname>{f}</surname><given-names>{g}</given-names>'
        f'</name></contrib>' for f, g, _ in AUTHORS)
    body = "".join(f"<sec><title>{h}</title>" + "".join(f"<p>{escape(p)}</p>" for p in ps) + "</sec>"
                   for h, ps in BODY)
    refs = "".join(f'<ref id="r{i}"><label>{i}</label><mixed-citation>{escape(_ref_line(i, r)[3:])}'
                   f'</mixed-citation></ref>' for i, r in enumerate(REFS, 1))
    body = body.replace("[1]", '[<xref ref-type="bibr" rid="r1">1</xref>]').replace(
        "[2]", '[<xref ref-type="bibr" rid="r2">2</xref>]').replace(
        "[1,2]", '[<xref ref-type="bibr" rid="r1">1</xref>,<xref ref-type="bibr" rid="r2">2</xref>]')
    path.write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<article article-type="research-article">
<front>
<journal-meta>
<journal-id journal-id-type="nlm-ta">Trial Rep Cardiol</journal-id>
<journal-title-group><journal-title>Trial Reports in Cardiology</journal-title>
<abbrev-journal-title abbrev-type="nlm-ta">Trial Rep Cardiol</abbrev-journal-title></journal-title-group>
</journal-meta>
<article-meta>
<article-id pub-id-type="pmid">33012345</article-id>
<article-id pub-id-type="pmc">8123456</article-id>
<article-id pub-id-type="doi">{DOI}</article-id>
<title-group><article-title>{TITLE}</article-title></title-group>
<contrib-group>{contribs}</contrib-group>
<pub-date pub-type="epub"><day>14</day><month>12</month><year>2020</year></pub-date>
<pub-date pub-type="ppub"><month>3</month><year>2021</year></pub-date>
<volume>12</volume><issue>3</issue><fpage>145</fpage><lpage>152</lpage>
<abstract><p>{ABSTRACT}</p></abstract>
</article-meta>
</front>
<body>{body}</body>
<back><ref-list><title>References</title>{refs}</ref-list></back>
</article>
""", encoding="utf-8")


def html(path: Path) -> None:
    metas = [("citation_title", TITLE)] + [("citation_author", f"{f}, {g}") for f, g, _ in AUTHORS] + [
        ("citation_publication_date", "2021/03/15"), ("citation_journal_title", "Trial Reports in Cardiology"),
        ("citation_journal_abbrev", "Trial Rep Cardiol"), ("citation_volume", "12"), ("citation_issue", "3"),
        ("citation_firstpage", "145"), ("citation_lastpage", "152"), ("citation_doi", DOI),
        ("citation_abstract", ABSTRACT)]
    head = "\n".join(f'<meta name="{n}" content="{escape(v)}">' for n, v in metas)
    body = "".join(f"<h2>{h}</h2>" + "".join(f"<p>{escape(p)}</p>" for p in ps) for h, ps in BODY)
    refs = "".join(f"<li>{escape(_ref_line(i, r)[3:])}</li>" for i, r in enumerate(REFS, 1))
    path.write_text(f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(TITLE)} | Trial Reports in Cardiology</title>
{head}
</head><body><article>
<h1>{escape(TITLE)}</h1>
<p class="byline">{", ".join(n for _, _, n in AUTHORS)}</p>
<h2>Abstract</h2><p>{escape(ABSTRACT)}</p>
{body}
<h2>References</h2><ol>{refs}</ol>
</article></body></html>
""", encoding="utf-8")


def text(path: Path) -> None:
    lines = ["Trial Reports in Cardiology 2021;12(3):145-152", "", TITLE, "",
             ", ".join(n for _, _, n in AUTHORS[:-1]) + " and " + AUTHORS[-1][2], "",
             "Abstract", "", ABSTRACT, ""]
    for h, ps in BODY:
        lines += [h, ""] + [p + "\n" for p in ps]
    lines += ["References", ""] + [_ref_line(i, r) for i, r in enumerate(REFS, 1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def pdf(path: Path) -> None:
    from fpdf import FPDF

    doc = FPDF(unit="pt", format="A4")
    doc.set_creation_date(datetime.datetime(2021, 3, 15, tzinfo=datetime.timezone.utc))
    doc.set_auto_page_break(True, margin=60)
    doc.add_page()
    doc.set_font("Helvetica", "B", 17)
    doc.set_xy(56, 60)
    doc.multi_cell(480, 21, TITLE.replace("-", "-"))
    doc.set_font("Helvetica", "", 11)
    doc.set_x(56)
    doc.ln(8)
    doc.set_x(56)
    doc.cell(0, 14, ", ".join(n for _, _, n in AUTHORS[:-1]) + " and " + AUTHORS[-1][2],
             new_x="LMARGIN", new_y="NEXT")
    doc.set_font("Helvetica", "", 9)
    doc.set_x(56)
    doc.cell(0, 12, "Published: 15 March 2021", new_x="LMARGIN", new_y="NEXT")
    doc.ln(10)

    def para(t: str, bold: bool = False, size: int = 10) -> None:
        doc.set_font("Helvetica", "B" if bold else "", size + (2 if bold else 0))
        doc.set_x(56)
        doc.multi_cell(480, size * 1.35, t, new_x="LMARGIN", new_y="NEXT")
        doc.ln(4)

    para("Abstract", bold=True)
    para(ABSTRACT)
    for h, ps in BODY:
        para(h, bold=True)
        for p in ps:
            para(p)
    para("References", bold=True)
    for i, r in enumerate(REFS, 1):
        para(_ref_line(i, r), size=9)
    doc.output(str(path))


STATIN = """<?xml version="1.0" encoding="UTF-8"?>
<article article-type="research-article">
<front>
<journal-meta><journal-title-group><journal-title>Journal of the American Geriatrics Society</journal-title></journal-title-group></journal-meta>
<article-meta>
<article-id pub-id-type="doi">10.5555/jags.2021.0077</article-id>
<title-group><article-title>Atorvastatin and falls in community-dwelling older adults: a cohort study</article-title></title-group>
<contrib-group>
<contrib contrib-type="author"><name><surname>Kowalska</surname><given-names>Anna M</given-names></name></contrib>
<contrib contrib-type="author"><name><surname>Dubois</surname><given-names>Claire</given-names></name></contrib>
</contrib-group>
<pub-date pub-type="ppub"><year>2021</year></pub-date>
<volume>69</volume><issue>8</issue><fpage>2210</fpage><lpage>2218</lpage>
<abstract><p>Statins are widely used in older adults. We followed 4,210 adults aged 70 years or older for three years and compared the rate of falls between statin users and non-users.</p></abstract>
</article-meta>
</front>
<body>
<sec><title>Introduction</title><p>Falls are common in later life and respiratory infections add to the risk [<xref ref-type="bibr" rid="s1">1</xref>].</p></sec>
<sec><title>Methods</title><p>We used the records of a regional cohort of community-dwelling adults.</p></sec>
</body>
<back><ref-list><title>References</title>
<ref id="s1"><label>1</label><element-citation publication-type="journal"><person-group person-group-type="author"><name><surname>Kowalska</surname><given-names>AM</given-names></name><name><surname>O'Neill</surname><given-names>B</given-names></name><name><surname>Chen</surname><given-names>W</given-names></name></person-group><article-title>Nightly zinc lozenges and influenza-like illness in older adults</article-title><source>Trial Rep Cardiol</source><year>2021</year><pub-id pub-id-type="pmid">33012345</pub-id></element-citation></ref>
</ref-list></back>
</article>
"""

MOREAU = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Respiratory infections and falls in older adults: a narrative review</title>
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "ScholarlyArticle",
 "headline": "Respiratory infections and falls in older adults: a narrative review",
 "author": [{"@type": "Person", "givenName": "Camille", "familyName": "Moreau"},
            {"@type": "Person", "givenName": "Jonas", "familyName": "Berg"}],
 "datePublished": "2022-06-01",
 "isPartOf": {"@type": "PublicationVolume", "volumeNumber": "51",
              "isPartOf": {"@type": "Periodical", "name": "BMC Geriatrics"}},
 "pageStart": "88", "sameAs": "https://doi.org/10.5555/bmcg.2022.0088",
 "abstract": "Respiratory infections and falls both weigh on older adults. We review trials of zinc, vitamin D and statins and what they tell clinicians about preventing both."}
</script></head><body>
<h1>Respiratory infections and falls in older adults: a narrative review</h1>
<h2>Introduction</h2>
<p>Zinc lozenges were tested in a recent randomised trial of older adults [1]. Statin use was not linked to fewer falls [2].</p>
<h2>References</h2>
<ol>
<li>Kowalska AM, O'Neill B, Chen W. Nightly zinc lozenges and influenza-like illness in older adults: a randomised trial. Trial Rep Cardiol. 2021;12(3):145-52. doi:10.5555/trc.2021.0145</li>
<li>Kowalska AM, Dubois C. Atorvastatin and falls in community-dwelling older adults. J Am Geriatr Soc. 2021;69(8):2210-8.</li>
</ol>
</body></html>
"""

NEWS = """Zinc lozenges may curb flu-like illness in older adults

Older adults who sucked a zinc lozenge every night had fewer bouts of influenza-like illness over a winter, although the difference could have been chance, a small trial suggests.

In the trial, 120 people aged 65 years or older were randomised to zinc or placebo. At 3 months, 20.0 percent of the zinc group and 35.0 percent of the placebo group had an influenza-like illness. [Trial Rep Cardiol 2021;12:145-152]

The researchers said larger trials are needed.
"""


def main() -> None:
    jats(HERE / "zinc.xml")
    html(HERE / "zinc.html")
    text(HERE / "zinc.txt")
    pdf(HERE / "zinc.pdf")
    (HERE / "statin.xml").write_text(STATIN, encoding="utf-8")
    (HERE / "moreau.html").write_text(MOREAU, encoding="utf-8")
    (HERE / "news.txt").write_text(NEWS, encoding="utf-8")


if __name__ == "__main__":
    main()
