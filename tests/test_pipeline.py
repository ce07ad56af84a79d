"""``extract()`` end to end on the shared example in every format."""
import re

import pytest

from extractor import extract
from extractor.errors import FileMissing
from extractor.pipeline import extract_source, find_doi
from extractor.source import Source
from tests.conftest import EXAMPLE_FORMATS

BODY_START = "A recent study suggests patients"


def _body(article):
    """Body sentences (from the first body sentence on), whitespace-normalised, exponent caret removed."""
    texts = [re.sub(r"\s+", " ", s.text) for s in article.sentences]
    start = next(i for i, t in enumerate(texts) if t.startswith(BODY_START))
    return [t.replace("10^7", "107") for t in texts[start:]]


FORMATS = EXAMPLE_FORMATS


@pytest.fixture(scope="module")
def articles():
    return {name: extract(path) for name, path in FORMATS.items()}


@pytest.mark.parametrize("name", list(FORMATS))
def test_provenance_holds_for_every_sentence(name):
    article = extract(FORMATS[name])
    assert article.sentences
    for s in article.sentences:
        p = s.prov
        assert article.text[p.char_start:p.char_end] == p.quote == s.text
        if article.format == "pdf":
            assert p.page in range(1, article.pages + 1)
            assert p.bbox is not None
        else:
            assert p.page is None


def test_body_sentences_agree_across_formats(articles):
    reference = _body(articles["txt"])
    assert len(reference) == 31
    for name, article in articles.items():
        assert _body(article) == reference, name


def test_document_fields(articles):
    for name, a in articles.items():
        assert a.kind == "news", name
        assert a.format == ("text" if name == "txt" else name.split(".")[-1])
        assert len(a.sha256) == 64 and a.extractor_version
        assert a.meta["abbreviations"]["QoL"] == "quality of life"
        # the DOI printed in the text is the cited study's, not this article's
        assert a.doi is None
    for name in set(articles) - {"txt"}:
        assert articles[name].title == "MSC therapy shows long-term benefits in severe COVID-19"
        assert "4×10^7 cells/dose" in articles[name].text
    assert "4×107 cells/dose" in articles["txt"].text


def test_sections_of_example(articles):
    for name, a in articles.items():
        heads = [(s.name, s.heading) for s in a.sections if s.heading]
        assert heads == [("other", "Reinfection rate"), ("other", "New treatment modalities warranted")], name


def test_missing_file():
    with pytest.raises(FileMissing):
        extract("does-not-exist.pdf")


def test_doi_of_research_article_front_matter():
    text = "Effect of drug X on mortality\nJ Smith, A Doe\nTrials 2019, 20:733 doi:10.1186/s13063-019-3811-2.\nBackground\nWe did a trial. [Other 2020;doi:10.1/xyz]\n"
    a = extract_source(Source.from_text(text), use_nlp=False)
    assert a.doi == "10.1186/s13063-019-3811-2"
    assert find_doi("see https://doi.org/10.1056/NEJMoa2021436).") == "10.1056/NEJMoa2021436"


def test_spacy_doc_sentences_match_ours(data_dir):
    from extractor.nlp import abbreviation_map, make_doc
    from extractor.readers import read
    from extractor.sentences import segment

    src = read(data_dir / "msc-long-covid-news.html")
    sentences, _ = segment(src)
    doc = make_doc(src.text, sentences)
    assert [s.start_char for s in doc.sents] == [s.prov.char_start for s in sentences]
    assert abbreviation_map(doc)["GH"] == "general health"


@pytest.mark.parametrize(
    "title, text, headings, kind",
    [
        ("Early mobilisation after hip fracture: study protocol for a randomised controlled trial",
         "Participants will be randomised 1:1 using a web-based system. Outcomes will be assessed at 12 weeks.",
         ["Background", "Methods/design", "Trial status"], "protocol"),
        ("Corticosteroids for community-acquired pneumonia: a systematic review and meta-analysis",
         "We searched MEDLINE, Embase and CENTRAL. Included trials were pooled with a random-effects model (PRISMA).",
         ["Introduction", "Methods", "Results", "Discussion"], "review"),
        ("Dexamethasone in hospitalized patients with Covid-19",
         "We randomly assigned 6425 patients. In this controlled, open-label trial, mortality was lower. Reporter gene assays were not used.",
         ["Methods", "Results", "Discussion"], "primary"),
        ("Statin use tied to lower dementia risk",
         "“These results are encouraging,” said the researchers. The investigators noted that the study, published in JAMA Neurology, was observational.",
         [], "news"),
    ],
)
def test_document_kind(title, text, headings, kind):
    from extractor.kind import classify

    assert classify(title, text, headings) == kind


# -- the document DOI: printed near the start, never a cited work's ---------------------------------


@pytest.mark.parametrize("header", [
    "Medical news, 2021. doi:10.5555/evgraph.n01",
    "Medical news, 2021. DOI 10.5555/evgraph.n01",
    "Medical news, 2021. https://doi.org/10.5555/evgraph.n01.",
    "Medical news, 2021 (doi.org/10.5555/evgraph.n01)",
])
def test_doi_printed_in_text_header(header):
    text = f"Stem cell therapy shows promise in severe COVID-19\n\n{header}\n\nWe evaluated MSC therapy in 40 patients.\n"
    assert extract_source(Source.from_text(text), use_nlp=False).doi == "10.5555/evgraph.n01"


def test_doi_printed_in_text_header_of_graph_news(data_dir):
    assert extract(data_dir / "graph" / "n01.txt").doi == "10.5555/evgraph.n01"


def test_doi_printed_in_text_header_not_from_citations_or_references():
    body = "A trial found benefits [Stem Cell Res Ther 2025;doi:10.1186/s13287-025-04148-1]. More text follows here.\n"
    # a bracketed citation of another work, a reference list, a DOI far into the text
    assert extract_source(Source.from_text("News title\n\n" + body), use_nlp=False).doi is None
    refs = "News title\n\nShort piece.\n\nReferences\n1. Smith J. A trial. Lancet. 2020;1:1-2. doi:10.1016/abc\n"
    assert extract_source(Source.from_text(refs), use_nlp=False).doi is None
    listed = "News title\n\n1. Smith J. A trial. Lancet. 2020;1:1-2. doi:10.1016/abc\n2. Doe A. Another. BMJ. 2019;2:3.\n"
    assert extract_source(Source.from_text(listed), use_nlp=False).doi is None
    late = "News title\n\n" + "Plain sentence of the story. " * 100 + "\nSee doi:10.1016/abc\n"
    assert extract_source(Source.from_text(late), use_nlp=False).doi is None


def test_doi_printed_in_text_header_cite_this_article():
    text = ("Title of the trial\n\nBackground\nWe did it.\n\nReferences\n1. Smith J. A trial. Lancet. 2020;1:1-2.\n"
            "doi:10.1186/s13063-021-05123-9\nCite this article as: Okafor et al.: Home visits after discharge. Trials 2021, 22:140\n")
    assert extract_source(Source.from_text(text), use_nlp=False).doi == "10.1186/s13063-021-05123-9"


def test_doi_printed_in_text_header_of_pdf_first_page(tmp_path):
    from tests.pdfmaker import one_column_pdf

    path = tmp_path / "news.pdf"
    path.write_bytes(one_column_pdf(["Stem cell therapy shows promise", "Medical news, 2021. doi:10.5555/evgraph.n01",
                                     "We evaluated MSC therapy in patients with severe COVID-19."]))
    assert extract(path).doi == "10.5555/evgraph.n01"


def test_shared_example_has_no_doi_of_its_own(articles):
    # the example cites [Stem Cell Res Ther 2025;doi:10.1186/s13287-025-04148-1]: a cited work
    for name, a in articles.items():
        assert "10.1186/s13287-025-04148-1" in a.text, name
        assert a.doi is None, name


def test_a_failing_stage_keeps_the_rest_of_the_document(monkeypatch, tmp_path):
    """An unexpected error in trial extraction stores the document (text, sentences,
    references) with an ``extraction_incomplete`` flag in ``checks``; strict mode raises."""
    import extractor.trials
    from click.testing import CliRunner

    import cli
    from corpus import Store

    def broken(ctx):
        raise IndexError("tuple index out of range")

    monkeypatch.setattr(extractor.trials, "extract_studies", broken)
    with pytest.raises(IndexError):
        extract(EXAMPLE_FORMATS["txt"])  # the test suite runs strict (EVIDENCE_STRICT=1)
    monkeypatch.delenv("EVIDENCE_STRICT")
    db = tmp_path / "s.db"
    result = CliRunner().invoke(cli.cli, ["extract", str(EXAMPLE_FORMATS["txt"]), "--db", str(db), "-q"])
    assert result.exit_code == 0, result.output
    store = Store(db)
    conn = store.conn
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM failures").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM studies").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM refs").fetchone()[0] > 0
    (msg,) = conn.execute("SELECT message FROM checks WHERE subject = 'documents'"
                          " AND \"check\" = 'extraction_incomplete' AND status = 'flag'").fetchone()
    assert msg.startswith("trial extraction stopped on an unexpected error (IndexError: tuple index out of range)")
