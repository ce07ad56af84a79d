"""Every graph writer round-trips: written, read back (networkx or a parser), compared."""
import csv
import io
import json
import re
import shutil
import subprocess

import networkx as nx
import numpy as np
import pytest
from lxml import etree, html as lhtml

import graph
from graph import writers as W
from graph.errors import UnknownFormat
from graph.topics import tag_works
from graph_helpers import manifest_store

GEXF = "{http://gexf.net/1.3}"
VIZ = "{http://gexf.net/1.3/viz}"


@pytest.fixture(scope="module", params=["citation", "cocitation"])
def G(request):
    conn = manifest_store()
    tag_works(conn)
    return graph.citation_graph(conn, request.param)


def _edges(H):
    return {(str(u), str(v)) if H.is_directed() else tuple(sorted((str(u), str(v)))): float(d.get("weight", 1))
            for u, v, d in H.edges(data=True)}


def test_registry_by_name_and_suffix(tmp_path):
    assert W.format_for("review.HTML").name == "html"
    assert W.format_for("x.pajek").name == "net"
    assert W.format_for("x.out", "gexf").name == "gexf"
    with pytest.raises(UnknownFormat) as e:
        W.format_for("review.docx")
    assert e.value.code == "E071" and "graphml" in e.value.hint
    assert set(W.FORMATS) == {"html", "gexf", "graphml", "json", "csv", "net", "svg", "png"}


def test_gexf_13_round_trip(G, tmp_path):
    (path,) = W.write(G, tmp_path / "g.gexf")
    root = etree.parse(str(path)).getroot()
    assert root.tag == GEXF + "gexf" and root.get("version") == "1.3"
    g = root.find(GEXF + "graph")
    assert g.get("defaultedgetype") == ("directed" if G.is_directed() else "undirected")
    titles = {a.get("id"): (a.get("title"), a.get("type")) for a in g.iter(GEXF + "attribute")}
    nodes = {}
    for n in g.iter(GEXF + "node"):
        vals = {titles[v.get("for")][0]: v.get("value") for v in n.iter(GEXF + "attvalue")}
        pos, col, size = n.find(VIZ + "position"), n.find(VIZ + "color"), n.find(VIZ + "size")
        assert pos is not None and col is not None and size is not None
        nodes[n.get("id")] = (n.get("label"), vals, float(pos.get("x")), int(col.get("r")))
    assert set(nodes) == set(map(str, G.nodes))
    for n, a in G.nodes(data=True):
        label, vals, x, _ = nodes[str(n)]
        assert label == a["label"] and vals.get("title") == a.get("title")
        assert vals["topics"] == ";".join(a["topics"]) if a["topics"] else "topics" not in vals
        assert x == pytest.approx(a["x"] * 1000, abs=0.01)
    edges = {}
    for e in g.iter(GEXF + "edge"):
        key = (e.get("source"), e.get("target"))
        edges[key if G.is_directed() else tuple(sorted(key))] = float(e.get("weight"))
    assert edges == _edges(G)
    assert {t for t, _ in titles.values()} >= {"cross_topic", "cluster", "topic"}


def test_graphml_round_trip(G, tmp_path):
    (path,) = W.write(G, tmp_path / "g.graphml")
    H = nx.read_graphml(path)
    assert set(H) == set(map(str, G)) and _edges(H) == _edges(G)
    for n, a in G.nodes(data=True):
        assert H.nodes[str(n)]["label"] == a["label"]
        assert H.nodes[str(n)].get("topics", "") == ";".join(a["topics"])
        assert H.nodes[str(n)]["cluster"] == a["cluster"]


def test_json_node_link_round_trip(G, tmp_path):
    (path,) = W.write(G, tmp_path / "g.json")
    H = nx.node_link_graph(json.loads(path.read_text()), edges="edges")
    assert H.is_directed() == G.is_directed()
    assert set(H) == set(G) and _edges(H) == _edges(G)
    for n, a in G.nodes(data=True):
        assert H.nodes[n]["topics"] == a["topics"] and H.nodes[n]["year"] == a.get("year")
    for u, v, d in G.edges(data=True):
        assert H[u][v] == d


def test_csv_two_files_round_trip(G, tmp_path):
    paths = W.write(G, tmp_path / "review.csv")
    assert [p.name for p in paths] == ["review-nodes.csv", "review-edges.csv"]
    nodes = {r["id"]: r for r in csv.DictReader(io.StringIO(paths[0].read_text()))}
    assert set(nodes) == set(map(str, G))
    for n, a in G.nodes(data=True):
        assert nodes[n]["label"] == a["label"] and nodes[n]["topic"] == (a["topic"] or "")
        assert float(nodes[n]["x"]) == a["x"]
    edges = list(csv.DictReader(io.StringIO(paths[1].read_text())))
    got = {(r["source"], r["target"]) if G.is_directed() else tuple(sorted((r["source"], r["target"]))):
           float(r["weight"]) for r in edges}
    assert got == _edges(G) and len(edges) == G.number_of_edges()


def test_pajek_round_trip(G, tmp_path):
    (path,) = W.write(G, tmp_path / "g.net")
    H = nx.read_pajek(path)
    assert set(H) == set(map(str, G))
    got = {}
    for u, v, d in H.edges(data=True):
        key = (u, v) if G.is_directed() else tuple(sorted((u, v)))
        got[key] = float(d["weight"])
    assert got == _edges(G)


def test_svg_is_byte_identical_and_has_a_legend(G, tmp_path):
    a = W.generate_svg(G)
    b = W.generate_svg(graph.citation_graph(manifest_store_tagged(), G.graph["kind"]))
    assert a == b
    root = etree.fromstring(a.encode())
    assert root.tag.endswith("svg")
    assert "MSC therapy" in a and "Long COVID" in a
    assert "<dc:date>" not in a


def manifest_store_tagged():
    conn = manifest_store()
    tag_works(conn)
    return conn


def test_png_draws_nodes(G, tmp_path):
    from PIL import Image

    (path,) = W.write(G, tmp_path / "g.png")
    img = np.asarray(Image.open(path).convert("RGB")).astype(int)
    assert img.shape[:2] == (1500, 2400)  # 16 x 10 inches at 150 dpi
    blue = int(((img[..., 2] > 150) & (img[..., 0] < 80)).sum())  # MSC-coloured pixels
    assert blue > 200


def test_html_is_self_contained(G, tmp_path):
    (path,) = W.write(G, tmp_path / "g.html")
    text = path.read_text()
    doc = lhtml.fromstring(text)
    for el in doc.iter():
        for attr in ("src", "href"):
            assert not re.match(r"\s*(https?:)?//", el.get(attr) or ""), (el.tag, el.get(attr))
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", text)
    assert "<link" not in text and "@import" not in text and "url(" not in text
    data = json.loads(doc.get_element_by_id("graph-data").text)
    assert len(data["nodes"]) == G.number_of_nodes() and len(data["edges"]) == G.number_of_edges()
    assert {n["id"] for n in data["nodes"]} == set(map(str, G))


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _chromium(args, tmp_path):
    """Run headless Chromium once more with a fresh profile if a run hangs (a browser that stalls
    on start-up on a loaded machine is not a fault of the page)."""
    for attempt in (1, 2):
        try:
            return subprocess.run(
                [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={tmp_path / f'profile{attempt}'}", "--window-size=1200,800", *args],
                capture_output=True, text=True, timeout=90)
        except subprocess.TimeoutExpired:
            if attempt == 2:
                raise


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (CI installs the Debian package)")
def test_html_renders_offline_in_headless_chromium(tmp_path):
    from PIL import Image

    conn = manifest_store_tagged()
    G = graph.citation_graph(conn)
    (path,) = W.write(G, tmp_path / "g.html")
    shot = tmp_path / "shot.png"
    _chromium([f"--screenshot={shot}", path.as_uri()], tmp_path)
    img = Image.open(shot).convert("RGB")
    assert img.size == (1200, 800)
    stage = np.asarray(img.crop((270, 0, 1200, 780))).astype(int)  # the canvas, right of the side bar
    colours = {"#1f77b4": (31, 119, 180), "#d62728": (214, 39, 40)}
    for name, rgb in colours.items():
        n = int((np.abs(stage - np.array(rgb)).sum(axis=2) < 40).sum())
        assert n > 100, f"no {name} nodes drawn"
    dom = _chromium(["--dump-dom", path.as_uri()], tmp_path).stdout
    m = re.search(r'id="status" data-rendered-nodes="(\d+)" data-rendered-edges="(\d+)"', dom)
    assert m, dom[-500:]
    assert int(m.group(1)) == G.number_of_nodes() and int(m.group(2)) == G.number_of_edges()


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (CI installs the Debian package)")
def test_html_panel_shows_a_corpus_study(tmp_path):
    """Opening ``#node=ID`` shows the node's metadata and its extracted arms, outcomes, effects."""
    conn = manifest_store_tagged()
    doc = conn.execute("SELECT id FROM documents WHERE path = 'b02.xml'").fetchone()[0]
    s = conn.execute("INSERT INTO studies (document_id, design, n_randomized, blinding) "
                     "VALUES (?, 'rct', 60, 'double-blind')", (doc,)).lastrowid
    a1 = conn.execute("INSERT INTO arms (study_id, label, role, n_analyzed) VALUES (?, 'UC-MSC', 'intervention', 40)", (s,)).lastrowid
    conn.execute("INSERT INTO arms (study_id, label, role, n_analyzed) VALUES (?, 'saline placebo', 'control', 20)", (s,))
    o = conn.execute("INSERT INTO outcomes (study_id, name, timepoint) VALUES (?, '6-minute walk distance', 'week 12')", (s,)).lastrowid
    conn.execute("INSERT INTO arm_results (outcome_id, arm_id, statistic, value, unit) VALUES (?, ?, 'mean', 412, 'm')", (o, a1))
    conn.execute("INSERT INTO effects (outcome_id, measure, value, ci_low, ci_high, p_value, p_relation) "
                 "VALUES (?, 'MD', 31.5, 4.2, 58.8, 0.024, '=')", (o,))
    conn.commit()
    out = tmp_path / "g.html"
    rep = graph.export_graph(conn, out)
    node = next(n for n, d in graph.citation_graph(conn).nodes(data=True) if d.get("document_id") == doc)
    dom = _chromium(["--dump-dom", out.as_uri() + "#node=" + node], tmp_path).stdout
    panel = lhtml.fromstring(dom).get_element_by_id("info").text_content()
    assert "Umbilical cord mesenchymal stem cells improve exercise capacity" in panel
    assert "UC-MSC" in panel and "saline placebo" in panel and "6-minute walk distance" in panel
    assert "MD" in panel and "31.5 [4.2, 58.8] p=0.024" in panel
    assert "Cites" in panel and rep["nodes"] == 36
