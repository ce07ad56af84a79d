"""The review corpus (tests/data/review): one trial report as JATS, HTML, text and PDF, and the
articles citing it — the exact works, labels, metadata and merge reasons.

``tests/golden/review/corpus.json`` holds the whole picture; it is written only by
``pytest --update-golden`` (a missing file fails the test: the shared ``golden`` helper).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus import Store
from corpus.ingest import ingest

DATA = Path(__file__).parent / "data" / "review"
FILES = ["moreau.html", "news.txt", "statin.xml", "zinc.html", "zinc.pdf", "zinc.txt", "zinc.xml"]


@pytest.fixture(scope="module")
def review_store(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("review") / "review.db")
    report = ingest([str(DATA / f) for f in FILES], store)
    assert report.failed == 0
    return store


def corpus_picture(store) -> dict:
    """Documents (metadata, label, work) and works (documents, merge reasons) by file name."""
    name = {r["id"]: Path(r["path"]).name for r in store.rows("SELECT id, path FROM documents")}
    refs = {r["id"]: (name[r["document_id"]], r["ordinal"])
            for r in store.rows("SELECT id, document_id, ordinal FROM refs")}
    docs = store.rows("SELECT id, format, label, work_id, title, doi, authors, year, journal,"
                      " journal_iso, volume, issue, first_page, last_page, pmid, pmcid, abstract"
                      " FROM documents ORDER BY path")
    works = store.rows("SELECT id, key, document_id, merge_reasons FROM works ORDER BY id")
    work_no = {w["id"]: i for i, w in enumerate(works, 1)}
    out_docs = {}
    for d in docs:
        d = dict(d)
        file = name[d.pop("id")]
        d["authors"] = json.loads(d["authors"]) if d["authors"] else None
        d["work"] = work_no.get(d.pop("work_id"))
        out_docs[file] = d
    out_works = []
    for w in works:
        reasons = []
        for r in json.loads(w["merge_reasons"] or "[]"):
            r = dict(r)
            if "ref_id" in r:
                r["ref"] = list(refs.get(r.pop("ref_id"), ("?", None)))
            for k in ("document_id", "copy_of"):
                if k in r:
                    r[k] = name.get(r[k], r[k])
            if "merged_work_id" in r:
                r.pop("merged_work_id")
            reasons.append(r)
        out_works.append({"work": work_no[w["id"]], "key": w["key"],
                          "document": name.get(w["document_id"]),
                          "copies": sorted(f for f, d in out_docs.items() if d["work"] == work_no[w["id"]]),
                          "merge_reasons": reasons})
    return {"documents": out_docs, "works": out_works}


def test_golden_review_corpus(review_store, golden):
    golden.check("review/corpus.json", corpus_picture(review_store))


def test_one_work_per_article_whatever_the_format(review_store):
    got = corpus_picture(review_store)
    docs = got["documents"]
    zinc = {docs[f]["work"] for f in ("zinc.html", "zinc.pdf", "zinc.txt", "zinc.xml")}
    assert len(zinc) == 1
    assert len({d["work"] for d in docs.values()}) == 4  # zinc, statin, moreau, news
    work = next(w for w in got["works"] if w["work"] in zinc)
    by_doc = {r["document_id"]: r["by"] for r in work["merge_reasons"] if r.get("self") and r["by"] != "merge"}
    assert by_doc == {"zinc.html": "doi", "zinc.pdf": "title+year+first author",
                      "zinc.txt": "journal/year/volume/page", "zinc.xml": "doi"}
    # the statin article cited the trial by PMID only; the JATS copy's PMID joined that work
    merge = [r for r in work["merge_reasons"] if r["by"] == "merge"]
    assert [(m["via"], m["merged_key"]) for m in merge] == [("pmid", "pmid:33012345")]
    cited = {tuple(r["ref"]) for r in work["merge_reasons"] if "ref" in r}
    assert cited == {("moreau.html", 1), ("news.txt", 1), ("statin.xml", 1)}


def test_labels(review_store):
    labels = {f: d["label"] for f, d in corpus_picture(review_store)["documents"].items()}
    assert labels == {"moreau.html": "Moreau 2022", "news.txt": "Zinc lozenges may n.d.",
                      "statin.xml": "Kowalska 2021a", "zinc.html": "Kowalska 2021b",
                      "zinc.pdf": "Kowalska 2021b", "zinc.txt": "Kowalska 2021b",
                      "zinc.xml": "Kowalska 2021b"}


def test_metadata_of_every_copy(review_store):
    docs = corpus_picture(review_store)["documents"]
    for f in ("zinc.html", "zinc.pdf", "zinc.txt", "zinc.xml"):
        d = docs[f]
        assert [a["family"] for a in d["authors"]] == ["Kowalska", "O'Neill", "Chen"], f
        assert d["year"] == 2021, f
        assert d["title"].startswith("Nightly zinc lozenges"), f
        assert d["abstract"].startswith("Zinc may shorten respiratory infections"), f
    for f in ("zinc.html", "zinc.txt", "zinc.xml"):
        assert (docs[f]["journal"], docs[f]["journal_iso"], docs[f]["volume"], docs[f]["issue"],
                docs[f]["first_page"], docs[f]["last_page"]) == (
            "Trial Reports in Cardiology", "Trial Rep Cardiol", "12", "3", "145", "152"), f
    assert (docs["zinc.xml"]["pmid"], docs["zinc.xml"]["pmcid"]) == ("33012345", "PMC8123456")
    assert docs["moreau.html"]["journal"] == "BMC Geriatrics"
    assert docs["moreau.html"]["journal_iso"] == "BMC Geriatr"
    assert docs["statin.xml"]["journal_iso"] == "J Am Geriatr Soc"


# -- bibliographic exports -----------------------------------------------------------------------
SCHEMA = Path(__file__).parent / "data" / "schema" / "csl-data.json"


def _export(store, to, **options) -> tuple[int, str]:
    import io

    from corpus.exports import export

    buf = io.StringIO()
    n = export(store.conn, to, buf, **options)
    return n, buf.getvalue()


@pytest.mark.parametrize("references", [False, True])
def test_csl_json_is_valid_against_the_csl_schema(review_store, references):
    import jsonschema

    n, text = _export(review_store, "csl-json", references=references)
    items = json.loads(text)
    jsonschema.validate(items, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert n == len(items) == (4 if not references else 4 + 2)
    assert all(i.get("title") for i in items)
    assert len({i["id"] for i in items}) == n
    assert "note" not in {k for i in items for k in i}


def test_corpus_articles_once_each_with_abstracts_and_one_journal_name(review_store):
    items = {i["id"]: i for i in json.loads(_export(review_store, "csl-json")[1])}
    assert sorted(items) == ["kowalska2021a", "kowalska2021b", "moreau2022", "zinclozengesmaynd"]
    zinc = items["kowalska2021b"]
    assert zinc["container-title"] == "Trial Reports in Cardiology"
    assert zinc["container-title-short"] == "Trial Rep Cardiol"
    assert (zinc["PMID"], zinc["PMCID"], zinc["DOI"], zinc["page"], zinc["issue"]) == (
        "33012345", "PMC8123456", "10.5555/trc.2021.0145", "145-152", "3")
    assert zinc["abstract"].startswith("Zinc may shorten")
    assert [a["family"] for a in zinc["author"]] == ["Kowalska", "O'Neill", "Chen"]
    assert items["moreau2022"]["container-title"] == "BMC Geriatrics"


def test_ris_round_trip_with_references(review_store):
    import rispy

    from corpus.bibliography import bibliography_items

    n, text = _export(review_store, "ris", references=True)
    entries = rispy.loads(text)
    items = bibliography_items(review_store.conn, references=True)
    assert len(entries) == n == len(items) == 6
    for e, it in zip(entries, items):
        assert e["id"] == it["id"] and e["title"] == it["title"]
        assert e.get("journal_name") == it.get("container-title")
        assert e.get("alternate_title1") == it.get("container-title-short")
        assert e.get("abstract") == it.get("abstract")
        assert e.get("accession_number") == it.get("PMID")
        assert "notes" not in e and "note" not in e
    zinc = next(e for e in entries if e["id"] == "kowalska2021b")
    assert (zinc["journal_name"], zinc["alternate_title1"], zinc["start_page"], zinc["end_page"]) == (
        "Trial Reports in Cardiology", "Trial Rep Cardiol", "145", "152")
    assert "JO  - Trial Reports in Cardiology\nJ2  - Trial Rep Cardiol\n" in text


def test_bibtex_round_trip_with_references(review_store):
    import bibtexparser
    from pylatexenc.latex2text import LatexNodes2Text

    from corpus.bibliography import bibliography_items

    n, text = _export(review_store, "bibtex", references=True)
    lib = bibtexparser.parse_string(text)
    assert not lib.failed_blocks
    items = bibliography_items(review_store.conn, references=True)
    assert len(lib.entries) == n == len(items)
    dec = LatexNodes2Text().latex_to_text
    for e, it in zip(lib.entries, items):
        f = e.fields_dict
        assert e.key == it["id"]
        assert dec(f["title"].value) == it["title"]
        assert (dec(f["journal"].value) if "journal" in f else None) == it.get("container-title")
        assert (f["shortjournal"].value if "shortjournal" in f else None) == it.get("container-title-short")
        assert (dec(f["abstract"].value) if "abstract" in f else None) == it.get("abstract")
    zinc = next(e for e in lib.entries if e.key == "kowalska2021b").fields_dict
    assert zinc["author"].value == "Kowalska, Anna M and O'Neill, Brian and Chen, Wei"
    assert zinc["pages"].value == "145--152"


def test_bibtex_escapes_keep_braces_balanced():
    import bibtexparser
    from bibtexparser.model import Entry, Field

    from corpus.bibliography import bibtex_escape

    nasty = "Effects of {IL-6} & TNF-α on 50% of C_1 cells ~ $5 #3 \\ back}"
    lib = bibtexparser.Library()
    lib.add(Entry("article", "k", [Field("title", bibtex_escape(nasty)), Field("year", "2020")]))
    text = bibtexparser.write_string(lib)
    parsed = bibtexparser.parse_string(text)
    assert not parsed.failed_blocks
    value = parsed.entries[0].fields_dict["title"].value
    assert value.count("{") == value.count("}")  # BibTeX counts every brace, escaped or not
    inverse = {r"{\textbackslash}": "\\", r"{\textbraceleft}": "{", r"{\textbraceright}": "}",
               r"{\textasciitilde}": "~", r"{\textasciicircum}": "^", r"\&": "&", r"\%": "%",
               r"\$": "$", r"\#": "#", r"\_": "_"}
    import re

    back = re.sub("|".join(re.escape(k) for k in inverse), lambda m: inverse[m.group(0)], value)
    assert back == nasty
    assert parsed.entries[0].fields_dict["year"].value == "2020"


# -- meta-analysis exports ---------------------------------------------------------------------
def _csv_rows(text: str) -> list[dict]:
    import csv
    import io

    return list(csv.DictReader(io.StringIO(text)))


def _key(r):
    return (r["slab"], r["outcome"].casefold(), r["timepoint"], r["subgroup"], r["comparison"].casefold())


def test_metafor_rows_unique_by_study_outcome_timepoint_comparison(review_store):
    """Four copies of one trial give each of its comparisons once, labelled by the study."""
    n, text = _export(review_store, "metafor")
    rows = _csv_rows(text)
    assert n == len(rows) == 3
    assert len({_key(r) for r in rows}) == len(rows)
    assert {(r["slab"], r["outcome"].casefold(), r["timepoint"]) for r in rows} == {
        ("Kowalska 2021b", "influenza-like illness", "3 months"),
        ("Kowalska 2021b", "influenza-like illness", "6 months"),
        ("Kowalska 2021b", "days with symptoms", "")}
    six = next(r for r in rows if r["timepoint"] == "6 months")
    assert (six["ai"], six["n1i"], six["ci"], six["n2i"], six["n_source"]) == ("18", "58", "27", "59", "outcome")
    assert all(r["direction"] for r in rows)


@pytest.mark.parametrize("measure, expected", [("OR", 2), ("RR", 2), ("MD", 1), ("SMD", 0)])
def test_per_measure_files(review_store, measure, expected):
    n, text = _export(review_store, "metafor", measure=measure)
    rows = _csv_rows(text)
    assert n == len(rows) == expected
    assert len({_key(r) for r in rows}) == len(rows)
    for r in rows:
        assert r["slab"] == "Kowalska 2021b" and float(r["vi"]) > 0


def test_forest_preview(review_store, tmp_path):
    n, svg = _export(review_store, "forest")
    assert n == 3
    assert svg.count("Kowalska 2021b") == 3
    assert svg == _export(review_store, "forest")[1]
