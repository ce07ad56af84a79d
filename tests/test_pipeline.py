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
    text = "Effect of drug X on mortality\nJ Smith, A Doe\nTrials 2014, 15:486 doi:10.1186/1745-6215-15-486.\nBackground\nWe did a trial. [Other 2020;doi:10.1/xyz]\n"
    a = extract_source(Source.from_text(text), use_nlp=False)
    assert a.doi == "10.1186/1745-6215-15-486"
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
