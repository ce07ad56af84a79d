"""JATS XML reader: structure, citations, references, bad XML."""
import re

import pytest

from extractor import extract
from extractor.errors import MalformedXML
from extractor.readers import read


@pytest.fixture(scope="module")
def trial(tmp_path_factory):
    from pathlib import Path

    return read(Path(__file__).parent / "data" / "jats" / "vitd-icu-trial.xml")


def test_title_doi_and_headings(trial):
    assert trial.format == "jats"
    assert trial.title.startswith("High-dose vitamin D3 versus placebo in critically ill adults")
    assert trial.doi == "10.1186/s13063-019-3456-7"
    heads = [(trial.text[h.start:h.end], h.attrs["level"]) for h in trial.spans["heading"]]
    assert heads[:3] == [(trial.title, 1), ("Abstract", 2), ("Background", 3)]
    assert ("Study design and participants", 3) in heads and ("References", 2) in heads
    # front matter that is not article text is dropped
    assert "Karolinska" not in trial.text and "Okafor" not in trial.text


def test_sections_and_structured_abstract():
    a = extract(__import__("pathlib").Path(__file__).parent / "data" / "jats" / "vitd-icu-trial.xml")
    by_heading = [(s.heading, s.name) for s in a.sections]
    assert by_heading[:4] == [("Abstract", "abstract"), ("Background", "abstract"), ("Methods", "abstract"), ("Results", "abstract")]
    assert ("Study design and participants", "methods") in by_heading
    assert ("Statistical analysis", "methods") in by_heading
    assert ("Discussion", "discussion") in by_heading and ("References", "references") in by_heading
    assert a.kind == "primary"
    refs = [s for s in a.sentences if s.section == "references"]
    assert len(refs) == 9  # the heading and eight entries, one sentence each
    for s in a.sentences:
        assert a.text[s.prov.char_start:s.prov.char_end] == s.text


def test_table_rows_and_cells(trial):
    t = trial.text
    assert "Table 1 Outcomes by study group\n" in t
    assert "Outcome\tVitamin D3 (n = 317)\tPlacebo (n = 158)\tP value\n28-day mortality, n (%)\t69 (21.9)\t45 (28.5)\t0.12\n" in t
    assert len(trial.spans["table"]) == 1 and len(trial.spans["table_row"]) == 4
    cells = [t[c.start:c.end] for c in trial.spans["table_cell"]]
    assert cells[4:8] == ["28-day mortality, n (%)", "69 (21.9)", "45 (28.5)", "0.12"]


def test_xrefs_and_superscripts(trial):
    t = trial.text
    bibr = [(t[x.start:x.end], x.attrs["rids"]) for x in trial.spans["xref"] if x.attrs["ref_type"] == "bibr"]
    assert bibr == [("1", ["CR1"]), ("2", ["CR2"]), ("3", ["CR3"]), ("5", ["CR5"]), ("3, 4", ["CR3", "CR4"]),
                    ("6", ["CR6"]), ("7", ["CR7"]), ("8", ["CR8"])]
    assert "inconclusive.^3–5 A cohort of 4×10^3 patients" in t
    assert [t[s.start:s.end] for s in trial.spans["sup"]] == ["3–5", "3"]


def test_reference_list_fields(trial):
    t = trial.text
    refs = trial.spans["ref"]
    assert [r.attrs["id"] for r in refs] == [f"CR{i}" for i in range(1, 9)]
    first = refs[0].attrs
    assert first["label"] == "1." and first["etal"] is True
    assert first["authors"][:2] == [{"family": "Amrein", "given": "K"}, {"family": "Schnedl", "given": "C"}]
    assert (first["source"], first["year"], first["volume"], first["issue"], first["fpage"], first["lpage"]) == (
        "JAMA", "2014", "312", "15", "1520", "1530")
    assert first["doi"] == "10.1001/jama.2014.13204" and first["pmid"] == "25268295"
    # a mixed citation is written as printed
    assert t[refs[1].start:refs[1].end] == (
        "2. Braun A, Chang D, Mahadevappa K. Association of low serum 25-hydroxyvitamin D levels and mortality "
        "in the critically ill. Crit Care Med. 2011;39(4):671–677. doi:10.1097/CCM.0b013e318206ccdf")
    assert refs[1].attrs["issue"] == "4" and refs[1].attrs["doi"] == "10.1097/CCM.0b013e318206ccdf"
    assert refs[3].attrs["pmcid"] == "PMC5412345" and refs[7].attrs["pmcid"] == "PMC5512345"
    assert refs[4].attrs["authors"] == [{"literal": "The ADDRESS Study Group"}] and refs[4].attrs["elocation-id"] == "254"
    assert refs[5].attrs["source"] == "Fundamentals of clinical trials" and "article-title" not in refs[5].attrs
    for r in refs:
        assert "\n" not in t[r.start:r.end]


def test_news_example_as_jats_matches_text(data_dir):
    jats = extract(data_dir / "jats" / "msc-long-covid-news.xml")
    txt = extract(data_dir / "msc-long-covid-news.txt")
    assert jats.title == "MSC therapy shows long-term benefits in severe COVID-19"
    assert jats.kind == "news"
    body = [re.sub(r"\s+", " ", s.text).replace("10^7", "107") for s in jats.sentences[1:]]
    assert body == [s.text for s in txt.sentences]
    assert [(s.name, s.heading) for s in jats.sections if s.heading] == [
        ("other", "Reinfection rate"), ("other", "New treatment modalities warranted")]


@pytest.mark.parametrize(
    "content",
    [
        b'<?xml version="1.0"?><article><body><p>Unclosed paragraph</body></article>',
        b'<?xml version="1.0"?><article><body><p>Bad &undefined; entity</p></body></article>',
        b'<article><front><article-meta><title-group><article-title>T</article-title></title-group></article-meta></front>',
    ],
)
def test_malformed_xml(tmp_path, content):
    f = tmp_path / "bad.xml"
    f.write_bytes(content)
    with pytest.raises(MalformedXML) as info:
        read(f)
    assert info.value.code == "E016" and "line" in str(info.value)


def test_jats_dtd_entities_are_resolved_from_the_bundled_table(tmp_path):
    """``&ndash;``, ``&equals;``, ``&percnt;`` of the JATS DTD (never loaded) keep the numbers."""
    import extractor

    path = tmp_path / "zinc.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal '
        'Publishing DTD v1.2 20190208//EN" "JATS-journalpublishing1.dtd">\n<article><front>'
        "<article-meta><title-group><article-title>Zinc for recurrent otitis media: a randomized "
        "trial</article-title></title-group></article-meta></front><body><sec><title>Methods"
        "</title><p>In this double-blind trial, 120 children were randomly assigned to zinc "
        "(n&equals;60) or placebo (n&equals;60).</p></sec><sec><title>Results</title><p>Recurrence "
        "occurred in 12 of 60 children (20&percnt;) in the zinc group and 18 of 60 (30&percnt;) in "
        "the placebo group (odds ratio 0.58, 95&percnt; CI 0.25&ndash;1.34; p&equals;0.20)."
        "</p></sec></body></article>", encoding="utf-8")
    a = extractor.extract(path)
    assert "(odds ratio 0.58, 95% CI 0.25–1.34; p=0.20)" in a.text
    (effect,) = [e for st in a.studies for o in st.outcomes for e in o.effects]
    assert (effect.measure, effect.value, effect.ci_low, effect.ci_high, effect.p_value) == \
        ("OR", 0.58, 0.25, 1.34, 0.20)


def test_entity_table_is_the_generated_one():
    """The shipped table equals what its generator makes (regenerate: python -m
    extractor.readers.entities)."""
    from extractor.readers import entities

    assert entities.TABLE_PATH.read_text(encoding="utf-8") == entities.generate()
    t = entities.table()
    assert (t["ndash"], t["equals"], t["le"], t["agr"], t["OHacgr"], t["b.Omega"]) == \
        ("–", "=", "≤", "α", "Ώ", "𝛀")
    assert "lt" not in t and "amp" not in t  # XML's own five are the parser's


def test_table_footnote_links_in_cells_are_raised_markers(tmp_path):
    """``episodes<xref ref-type="table-fn">b</xref>``: the marker is written ``^b`` as a
    ``<sup>`` is, never glued to the word or number it follows; a citation stays as printed."""
    path = tmp_path / "fn.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<article><front><article-meta><title-group><article-title>Zinc for '
        "diarrhoea</article-title></title-group></article-meta></front><body><sec><title>Results</title>"
        '<table-wrap id="T1"><label>Table 1</label><caption><p>Morbidity</p></caption><table><thead><tr>'
        "<th/><th>Zinc (n = 80)</th><th>Placebo (n = 80)</th></tr></thead><tbody><tr>"
        '<td>Diarrhoea episodes<xref ref-type="table-fn" rid="fn2">b</xref></td>'
        '<td>41<xref ref-type="table-fn" rid="fn1">a</xref></td><td>57</td></tr><tr>'
        '<td>Stool output <xref ref-type="bibr" rid="R4">4</xref></td><td>210</td><td>260</td></tr>'
        '</tbody></table><table-wrap-foot><fn id="fn1"><p>a Actual numbers.</p></fn></table-wrap-foot>'
        "</table-wrap></sec></body></article>", encoding="utf-8")
    doc = read(path)
    t = doc.text
    assert "Diarrhoea episodes^b\t41^a\t57\n" in t
    assert "Stool output 4\t210" in t
    fn = [(t[x.start:x.end], x.attrs["rids"]) for x in doc.spans["xref"] if x.attrs["ref_type"] == "table-fn"]
    assert fn == [("b", ["fn2"]), ("a", ["fn1"])]
