"""Maps a meeting can read, on a made-up corpus of 30 articles (tests/maps_corpus.py): what is
shown, labels, legend, user topics, the year layout, and the HTML map and SVG/PNG figures as
headless Chromium renders them (labels of every corpus article, no two labels overlapping,
legend present, no request leaving the file)."""
import json
import re
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import graph
import maps_corpus
from chromium import CHROMIUM, HTML_BOXES, SVG_BOXES, Browser
from cli import cli
from graph import writers as W
from graph.export import export_graph
from graph.labels import overlaps
from graph.layout import prepare
from graph.view import select_view

PT_AT_1600 = 10 * 96 / 72  # 10 pt in CSS pixels: the smallest label a slide at 1600 px may show


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    d = tmp_path_factory.mktemp("maps")
    conn, docs = maps_corpus.build(str(d / "maps30.db"))
    conn.close()
    return d / "maps30.db", docs, maps_corpus.topics_file(d / "topics.toml")


@pytest.fixture(scope="module")
def conn(built):
    import sqlite3

    c = sqlite3.connect(str(built[0]))
    yield c
    c.close()


@pytest.fixture(scope="module")
def view(conn):
    return select_view(graph.citation_graph(conn, clusters=False))


def test_the_corpus_has_thirty_labelled_articles(conn, built):
    _, docs, _ = built
    assert len(docs) == 30
    assert [r[0] for r in conn.execute("SELECT label FROM documents ORDER BY id")] == [d["label"] for d in docs]
    assert {"Okafor 2019a", "Okafor 2019b", "Lindqvist 2021a", "Lindqvist 2021b"} <= {d["label"] for d in docs}


def test_corpus_articles_always_shown_references_when_cited_twice(conn, view):
    G = graph.citation_graph(conn, clusters=False)
    corpus = {n for n, d in G.nodes(data=True) if d["in_corpus"]}
    twice = {n for n, d in G.nodes(data=True) if not d["in_corpus"] and d["cited_by"] >= 2}
    assert len(corpus) == 30 and set(view) == corpus | twice
    assert view.graph["view_note"] == ("30 corpus articles and 52 references cited by at least 2 of them "
                                       "(7 references cited fewer times hidden); 318 citations")
    for n, d in view.nodes(data=True):  # size: corpus articles citing the node in the map
        assert d["citations"] == view.in_degree(n)
        assert d["size"] == pytest.approx(4 + 3 * d["citations"] ** 0.5, abs=1e-3)
    everything = select_view(G, min_cited=1)
    assert everything.number_of_nodes() == G.number_of_nodes()
    assert everything.number_of_edges() == G.number_of_edges()


@pytest.mark.parametrize("kind,note", [
    ("cocitation", "74 works; the 231 heaviest of 924 co-citation links (weight \u2265 2)"),
    ("coupling", "30 articles; the 90 heaviest of 286 coupling links (weight \u2265 4)"),
])
def test_pair_maps_keep_the_heaviest_links(conn, kind, note):
    G = graph.citation_graph(conn, kind, clusters=False)
    H = select_view(G)
    assert H.graph["view_note"] == note
    kept = {frozenset(e) for e in H.edges()}
    dropped = [d["weight"] for u, v, d in G.edges(data=True) if frozenset((u, v)) not in kept
               and u in H and v in H]
    assert min(d["weight"] for _, _, d in H.edges(data=True)) >= max(dropped)
    assert select_view(G, top_edges=0).number_of_edges() <= G.number_of_edges()
    assert select_view(G, top_edges=10).number_of_edges() == 10


def test_labels_are_the_store_author_year_labels(view, built):
    _, docs, _ = built
    by_doi = {d["doi"]: d["label"] for d in docs}
    labels = [d["label"] for _, d in view.nodes(data=True)]
    assert len(labels) == len(set(labels))  # unique on the map
    for _, d in view.nodes(data=True):
        if d["in_corpus"]:
            assert d["label"] == by_doi[d["doi"]]
        else:
            assert re.fullmatch(r"[A-Z][a-z]+ (19|20)\d\d[a-z]?", d["label"]), d["label"]


def test_clusters_are_named_by_title_terms(view):
    names = view.graph["cluster_labels"]
    assert len(names) == 3
    assert sorted(names.values()) == ["cells, mesenchymal, stem", "failure, heart, ejection",
                                      "training, home-based, covid"] or len(set(names.values())) == 3
    for _, d in view.nodes(data=True):
        assert d["cluster_label"] == names[d["cluster"]]
        assert not {"and", "the", "in", "of", "a", "trial", "study"} & set(d["cluster_label"].split(", "))


def test_year_layout_puts_years_in_columns(conn):
    H = select_view(graph.citation_graph(conn, clusters=False))
    prepare(H, layout="year")
    assert H.graph["layout"] == "year"
    x_of: dict = {}
    for _, d in H.nodes(data=True):
        x_of.setdefault(d["year"], set()).add(d["x"])
    assert all(len(xs) == 1 for xs in x_of.values())  # one column per year
    years = sorted(x_of)
    xs = [x_of[y].pop() for y in years]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)


# --- user topics ------------------------------------------------------------------------------
def test_topics_file_tags_and_colours_the_map(built, tmp_path):
    db, docs, topics = built
    from corpus import Store

    out = tmp_path / "map.json"
    rep = export_graph(Store(str(db)), out, topics_file=str(topics))
    data = json.loads(out.read_text())
    by_doi = {n["doi"]: n for n in data["nodes"]}
    colours = {"sglt2": "#e15759", "msc": "#4e79a7", "rehab": "#59a14f"}
    for d in docs:
        node = by_doi[d["doi"]]
        assert node["topic"] == d["subject"], (d["label"], d["title"], node.get("topics"))
        assert node["colour"] == colours[d["subject"]]
    rehab_refs = [n for n in data["nodes"] if n["doi"].startswith("10.5555/evmaps.rehab.")]
    assert rehab_refs and all("rehab" in n["topics"] for n in rehab_refs)  # the DOI rule
    assert rep["nodes"] == len(data["nodes"])


def test_add_topic_on_the_command_line(built, tmp_path):
    db, docs, _ = built
    out = tmp_path / "map.json"
    r = CliRunner().invoke(cli, ["graph", "--db", str(db), "--add-topic", "sglt#123456=empagliflozin,dapagliflozin",
                                 "--topic", "sglt", "-o", str(out), "--json"])
    assert r.exit_code == 0, r.output
    nodes = json.loads(out.read_text())["nodes"]
    assert nodes and all(n["topic"] == "sglt" and n["colour"] == "#123456" for n in nodes)
    titles = {d["title"] for d in docs if re.search("empagliflozin|dapagliflozin", d["title"], re.I)}
    assert titles <= {n["title"] for n in nodes}


@pytest.mark.parametrize("name,text,message", [
    ("t.toml", "[[topics]]\nname = 'x'\ncolor = 'red'\nkeywords = ['a']\n",
     "t.toml: topic 1 ('x'): 'colour' must be #rrggbb, not 'red'"),
    ("t.toml", "[[topics]]\nname = 'x'\nkeyword = ['a']\n",
     "t.toml: topic 1 ('x'): unknown key(s) 'keyword'; known: name, label, colour, color, cooccurrence, "
     "terms, keywords, abbreviations, synonyms, mesh, dois, journals"),
    ("t.toml", "[[topics]]\nname = 'x'\nlabel = 'X'\n",
     "t.toml: topic 1 ('x'): no rule: give at least one of terms, keywords, abbreviations, synonyms, mesh, "
     "dois, journals"),
    ("t.toml", "[[topics]]\nname = 'Heart Failure'\nkeywords = ['a']\n",
     "t.toml: topic 1 ('Heart Failure'): 'name' must be lower-case letters, digits, '-' or '_' (e.g. \"sglt2\")"),
    ("t.toml", "[[topics]]\nname = 'x'\nkeywords = 'a'\n",
     "t.toml: topic 1 ('x'): 'keywords' must be a list of strings, not str"),
    ("t.toml", "[[topics]]\nname = 'x'\nkeywords = ['a']\n[[topics]]\nname = 'x'\nmesh = ['B']\n",
     "t.toml: topic name 'x' is defined twice"),
    ("t.json", '{"topics": [{"name": "x", "keywords": ["a"]}],}',
     "t.json: not valid JSON (Expecting property name enclosed in double quotes: line 1 column 47 (char 46)); "
     "use a .toml suffix for TOML"),
    ("t.json", '{"topic": []}', "t.json: expected a non-empty list 'topics' ([[topics]] tables in TOML)"),
])
def test_topics_file_mistakes_are_coded_errors(built, tmp_path, monkeypatch, name, text, message):
    db = built[0]
    monkeypatch.chdir(tmp_path)
    Path(name).write_text(text, encoding="utf-8")
    r = CliRunner().invoke(cli, ["graph", "--db", str(db), "--topics", name, "-o", "x.svg"])
    assert r.exit_code == 1
    assert r.output.splitlines()[0] == f"Error: [E073] {message}: see 'Topics' in the README for the file " \
                                       "format (graph/data/topics.json is an example)"
    assert not Path("x.svg").exists()


def test_missing_topics_file_and_bad_add_topic(built, tmp_path):
    db = built[0]
    r = CliRunner().invoke(cli, ["graph", "--db", str(db), "--topics", str(tmp_path / "no.toml"), "-o",
                                 str(tmp_path / "x.svg")])
    assert r.exit_code == 1 and r.output.startswith(f"Error: [E073] topics file not found: {tmp_path / 'no.toml'}")
    r = CliRunner().invoke(cli, ["graph", "--db", str(db), "--add-topic", "sglt2", "-o", str(tmp_path / "x.svg")])
    assert r.exit_code == 1 and r.output.startswith("Error: [E073] --add-topic 'sglt2': expected NAME=TERM[,TERM...]")


# --- the CLI states what it shows -----------------------------------------------------------------
def test_cli_states_the_selection_and_cluster_names(built, tmp_path):
    db = built[0]
    out = tmp_path / "c.svg"
    r = CliRunner().invoke(cli, ["graph", "--db", str(db), "--kind", "coupling", "--layout", "year", "-o", str(out)])
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[1] == "  shown: 30 articles; the 90 heaviest of 286 coupling links (weight \u2265 4)"
    assert [x for x in lines if x.startswith("  cluster ")]
    assert lines[-1] == f"wrote {out}"
    r = CliRunner().invoke(cli, ["graph", "--db", str(db), "--min-cited", "1", "--top-edges", "0", "-o",
                                 str(tmp_path / "all.svg")])
    assert r.exit_code == 0
    _, docs, _ = built
    cites = [c for d in docs for c in d["cites"]]  # every reference of every article
    refs = {c for c in cites if not c.startswith("10.5555/evmaps.a")}
    assert (len(cites), len(refs)) == (325, 59)
    assert r.output.splitlines()[1] == "  shown: 30 corpus articles and 59 references cited by at least 1 of them; 325 citations"


# --- static figures (matplotlib's own text extents) ---------------------------------------------
@pytest.fixture(scope="module")
def prepared(view):
    H = view.copy()
    prepare(H)
    return H


def _figure_labels(fig):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    r = FigureCanvasAgg(fig).get_renderer()
    texts = [t for t in fig.axes[0].texts if (t.get_gid() or "").startswith("label-")]
    return [(t.get_gid()[6:], t.get_text(), t.get_fontsize(), tuple(t.get_window_extent(r).extents))
            for t in texts], r


@pytest.mark.parametrize("layout", ["force", "year"])
def test_figure_labels_every_corpus_article_without_overlaps(view, layout):
    H = view.copy()
    prepare(H, layout=layout)
    fig = W._figure(H)
    labels, _ = _figure_labels(fig)
    corpus = {n for n, d in H.nodes(data=True) if d["in_corpus"]}
    assert corpus <= {n for n, _, _, _ in labels}
    assert fig.evidence_labels["corpus_unlabelled"] == []
    assert min(size for _, _, size, _ in labels) >= 10  # pt, on a 16-inch-wide figure
    assert overlaps([box for *_, box in labels]) == []
    assert tuple(fig.get_size_inches()) == (16.0, 10.0)
    gids = {a.get_gid() for a in fig.axes[0].get_children() if a.get_gid()}
    assert {"legend", "title", "arrows", "nodes"} <= gids
    assert any(g.startswith("legend-topic-") for g in gids) and "legend-size-13" in gids


def test_png_draws_every_placed_label(prepared, tmp_path):
    from PIL import Image

    png = tmp_path / "m.png"
    W.write(prepared, png)
    img = np.asarray(Image.open(png).convert("L")).astype(int)
    assert img.shape == (1500, 2400)
    labels, _ = _figure_labels(W._figure(prepared))
    for node, text, _, (x0, y0, x1, y1) in labels:  # window extents at 100 dpi, y up; the PNG is 150 dpi
        crop = img[int(1500 - y1 * 1.5):int(1500 - y0 * 1.5), int(x0 * 1.5):int(x1 * 1.5)]
        assert (crop < 100).sum() > 20, (node, text)  # dark text pixels inside the label's box


def test_svg_is_deterministic_with_labels_as_text(prepared):
    a = W.generate_svg(prepared)
    assert a == W.generate_svg(prepared)
    assert 'id="label-' in a and 'id="legend"' in a and "Citation map of 30 corpus articles" in a
    assert "Okafor 2019a" in a and "SGLT2 inhibitors" not in a  # topics of this store: the shipped ones


# --- headless Chromium ------------------------------------------------------------------------------
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (CI installs the Debian package)")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    pytest.importorskip("websocket", reason="websocket-client (test extra) drives Chromium")
    with Browser(tmp_path_factory.mktemp("chromium")) as b:
        yield b


@pytest.fixture(scope="module")
def pictures(built, tmp_path_factory):
    db, _, topics = built
    from corpus import Store

    out = tmp_path_factory.mktemp("pictures")
    for layout, formats in (("force", ("html", "svg", "png")), ("year", ("html", "svg"))):
        for fmt in formats:
            export_graph(Store(str(db)), out / f"map-{layout}.{fmt}", layout=layout, topics_file=str(topics))
    return out


def _check_boxes(labels, legend_box=None):
    boxes = [tuple(x["box"]) for x in labels]
    assert overlaps(boxes, tol=0.5) == [], [(labels[i]["text"], labels[j]["text"]) for i, j in overlaps(boxes, 0.5)]
    if legend_box:
        lx0, ly0, lx1, ly1 = legend_box
        for x in labels:
            x0, y0, x1, y1 = x["box"]
            assert x1 <= lx0 or x0 >= lx1 or y1 <= ly0 or y0 >= ly1, f"label {x['text']!r} under the legend"


@needs_chromium
@pytest.mark.parametrize("layout", ["force", "year"])
def test_html_map_in_chromium(browser, pictures, built, layout):
    page = pictures / f"map-{layout}.html"
    browser.open(page.as_uri(), 1600, 1000)
    shot = browser.screenshot(pictures / f"map-{layout}-html.png")
    res = browser.evaluate(HTML_BOXES)
    labels = res["labels"]
    labelled = {x["node"] for x in labels}
    assert len(res["corpus"]) == 30 and set(res["corpus"]) <= labelled  # every corpus article labelled
    _check_boxes(labels, res["legend"]["box"])
    assert min(x["font"] for x in labels) >= PT_AT_1600
    legend = res["legend"]["text"]
    for words in ("Colour: topic", "SGLT2 inhibitors", "Stromal cell therapy", "Rehabilitation",
                  "Size: corpus articles citing it", "corpus article", "Edges", "cites"):
        assert words in legend
    assert res["status"]["corpusLabelled"] == "30"
    assert browser.requests == [page.as_uri()]  # zero external requests
    from PIL import Image

    img = np.asarray(Image.open(shot).convert("RGB")).astype(int)
    assert img.shape == (1000, 1600, 3)
    red = (np.abs(img - np.array((225, 87, 89))).sum(axis=2) < 30).sum()
    assert red > 500  # SGLT2-coloured nodes drawn


@needs_chromium
@pytest.mark.parametrize("layout", ["force", "year"])
def test_svg_figure_in_chromium(browser, pictures, built, layout):
    svg = pictures / f"map-{layout}.svg"
    browser.open(svg.as_uri(), 1600, 1000)
    browser.screenshot(pictures / f"map-{layout}-svg.png")
    res = browser.evaluate(SVG_BOXES)
    labels = res["labels"]
    _, docs, _ = built
    texts = {x["text"] for x in labels}
    assert {d["label"] for d in docs} <= texts  # every corpus article labelled
    _check_boxes(labels, res["legend"]["box"])
    scale = 1600 / res["size"][0]  # as shown 1600 px wide
    assert min(x["font"] for x in labels) * scale >= PT_AT_1600 - 0.01
    assert {"SGLT2 inhibitors", "Stromal cell therapy", "Rehabilitation", "cites (arrow: cited work)"} <= set(
        res["legend"]["entries"])
    assert res["title"] == "Citation map of 30 corpus articles"
    assert browser.requests == [svg.as_uri()]


@needs_chromium
def test_png_figure_in_chromium(browser, pictures):
    png = pictures / "map-force.png"
    browser.open(png.as_uri(), 1600, 1000)
    size = browser.evaluate("[document.images[0].naturalWidth, document.images[0].naturalHeight]")
    assert size == [2400, 1500]
    from PIL import Image

    shot = browser.screenshot(pictures / "map-force-png.png")
    img = np.asarray(Image.open(shot).convert("L")).astype(int)
    assert (img < 100).sum() > 5000  # the figure is on the screen: text, outlines, arrows


@needs_chromium
def test_html_labels_are_text_never_markup(browser, tmp_path):
    """A label or title carrying markup is shown as written and runs nothing."""
    from graph_helpers import StoreBuilder

    b = StoreBuilder(tmp_path / "x.db")
    evil = "<img src=x onerror=\"window.__pwned=1\">"
    d1 = b.document("a.txt", title="A </script><b>bold</b> title", sentences=["Intro [1].", "More [2]."])
    d2 = b.document("b.txt", title="Second", sentences=["See [1]."])
    b.conn.execute("UPDATE documents SET label = ? WHERE id = ?", (evil, d1))
    b.conn.execute("UPDATE documents SET label = 'Jones 2021' WHERE id = ?", (d2,))
    w1 = b.work("doi:1", doi="10.1/1", title="Shared", year=2019)
    b.work("doi:a", doi="10.1/a", document_id=d1, title="A <b>bold</b> title")
    b.work("doi:b", doi="10.1/b", document_id=d2, title="Second")
    for doc, k in ((d1, 1), (d2, 1)):
        b.cite(doc, b.ref(doc, k, w1, raw="Shared"), "[1]")
    b.commit()
    out = tmp_path / "x.html"
    export_graph(b.conn, out)
    browser.open(out.as_uri(), 1600, 1000)
    got = browser.evaluate("[[...document.querySelectorAll('#labels .lbl')].map(e => e.textContent), "
                           "document.images.length, window.__pwned || 0]")
    assert evil in got[0] and got[1:] == [0, 0]
    assert browser.requests == [out.as_uri()]


def test_untagged_map_is_coloured_by_cluster(built, tmp_path):
    db = built[0]
    from corpus import Store

    topics = tmp_path / "t.toml"
    topics.write_text("[[topics]]\nname = 'oncology'\nkeywords = ['carcinoma']\n", encoding="utf-8")
    rep = export_graph(Store(str(db)), tmp_path / "m.svg", topics_file=str(topics))
    assert rep["colour_by"] == "cluster"
    svg = (tmp_path / "m.svg").read_text()
    assert "Colour: cluster (top title terms)" in svg and "no topic" not in svg
    rep = export_graph(Store(str(db)), tmp_path / "t.svg", topics_file=str(built[2]))
    assert rep["colour_by"] == "topic"
