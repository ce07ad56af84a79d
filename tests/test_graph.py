"""Citation, co-citation and coupling graphs over the graph corpus (store filled row by row)."""
import math

import networkx as nx
import pytest

import graph
from graph.errors import GraphError
from graph.topics import tag_works
from graph_helpers import (StoreBuilder, expected_edges, graph_edges_by_doi, load_manifest,
                           manifest_store)


@pytest.fixture(scope="module")
def store():
    conn = manifest_store()
    tag_works(conn)
    return conn


@pytest.mark.parametrize("kind", graph.KINDS)
def test_edges_and_weights_equal_the_manifest(store, kind):
    G = graph.citation_graph(store, kind)
    assert graph_edges_by_doi(G) == expected_edges(kind)
    assert G.is_directed() == (kind == "citation")


@pytest.mark.parametrize("kind", graph.KINDS)
def test_min_weight_drops_light_edges(store, kind):
    G = graph.citation_graph(store, kind, min_weight=2)
    assert graph_edges_by_doi(G) == expected_edges(kind, 2)
    assert all(d["weight"] >= 2 for _, _, d in G.edges(data=True))


def test_salton_cosine(store):
    G = graph.citation_graph(store, "cocitation")
    for u, v, d in G.edges(data=True):
        assert d["salton"] == pytest.approx(
            d["weight"] / math.sqrt(G.nodes[u]["cited_by"] * G.nodes[v]["cited_by"]), abs=1e-6)
        assert 0 < d["salton"] <= 1
    C = graph.citation_graph(store, "coupling")
    for u, v, d in C.edges(data=True):
        assert d["salton"] == pytest.approx(
            d["weight"] / math.sqrt(C.nodes[u]["references"] * C.nodes[v]["references"]), abs=1e-6)


def test_nodes_carry_metadata_and_degrees(store):
    G = graph.citation_graph(store)
    m = load_manifest()
    corpus = {d["doi"]: d for d in m["documents"]}
    by_doi = {a["doi"]: n for n, a in G.nodes(data=True)}
    assert set(corpus) <= set(by_doi)  # every corpus document is a node
    for doi, d in corpus.items():
        a = G.nodes[by_doi[doi]]
        assert a["in_corpus"] and a["kind"] == d["kind"] and a["title"] == d["title"]
        assert a["out_degree"] == len(d["cites"]) == G.out_degree(by_doi[doi])
        assert set(d["topics"]) <= set(a["topics"])
    ext = {x["doi"]: x for x in m["external"]}
    for doi in ext:
        if doi in by_doi:
            assert G.nodes[by_doi[doi]]["kind"] == "external"
            assert not G.nodes[by_doi[doi]]["in_corpus"]


def test_topic_filter_and_cross_topic_links(store):
    G = graph.citation_graph(store, topics=["msc"])
    assert len(G) and all("msc" in a["topics"] for _, a in G.nodes(data=True))
    both = graph.citation_graph(store, topics=["msc", "long-covid"])
    assert set(G) < set(both)
    cross = [(u, v) for u, v, d in both.edges(data=True) if d["cross_topic"]]
    assert cross
    for u, v in cross:
        assert both.nodes[u]["topic"] != both.nodes[v]["topic"]
        assert both[u][v]["topic_link"] == f"{both.nodes[u]['topic']}->{both.nodes[v]['topic']}"
    with pytest.raises(GraphError) as e:
        graph.citation_graph(store, topics=["oncology"])
    assert e.value.code == "E070" and "msc" in e.value.hint


def test_clusters_are_deterministic_and_metrics_name_bridges(store):
    a = graph.citation_graph(store, seed=3)
    b = graph.citation_graph(store, seed=3)
    assert nx.get_node_attributes(a, "cluster") == nx.get_node_attributes(b, "cluster")
    assert min(nx.get_node_attributes(a, "cluster").values()) == 0
    m = graph.metrics(a, top=5)
    assert m["nodes"] == a.number_of_nodes() and m["edges"] == a.number_of_edges()
    top = m["most_cited"][0]
    assert top["cited_by"] == max(d["cited_by"] for _, d in a.nodes(data=True))
    assert m["cross_topic_edges"] > 0 and m["bridges"][0]["cross_topic_edges"] > 0
    assert any(k in m["topic_links"] for k in ("msc->long-covid", "long-covid->msc"))


def test_unknown_kind_is_a_coded_error(store):
    with pytest.raises(GraphError) as e:
        graph.citation_graph(store, "bibliometric")
    assert e.value.code == "E070"


def test_document_without_work_is_a_node_and_callouts_count():
    b = StoreBuilder()
    d = b.document("x.txt", title="Mesenchymal stem cells in long COVID",
                   sentences=["MSCs may help [1].", "Again [1] and [2]."])
    w1 = b.work("doi:1", title="A trial")
    w2 = b.work("doi:2", title="Another")
    r1 = b.ref(d, 1, w1)
    b.cite(d, r1, "[1]")
    b.cite(d, r1, "[1]", 1)
    b.ref(d, 2, w2)  # listed but never called out: weight 1
    b.ref(d, 3, None, raw="unparsed")  # not linked to a work: not an edge
    conn = b.commit()
    G = graph.citation_graph(conn)
    assert G["d1"]["w1"]["weight"] == 2 and G["d1"]["w2"]["weight"] == 1
    assert G.nodes["d1"]["topics"][:2] == ["msc", "long-covid"]
    assert G.graph["unlinked_refs"] == 1


def test_empty_store_gives_empty_graphs():
    conn = StoreBuilder().commit()
    for kind in graph.KINDS:
        assert graph.citation_graph(conn, kind).number_of_nodes() == 0


def test_golden_summary_of_the_three_graphs(store, golden):
    """Topics, clusters and topic links of the corpus graphs (regenerate: pytest --update-golden)."""
    got = {}
    for kind in graph.KINDS:
        G = graph.citation_graph(store, kind)
        m = graph.metrics(G, top=5)
        got[kind] = {
            "nodes": {d["doi"]: {"topics": d["topics"], "topic": d["topic"], "cluster": d["cluster"],
                                 "cited_by": d["cited_by"], "references": d["references"]}
                      for _, d in sorted(G.nodes(data=True), key=lambda x: x[1]["doi"])},
            "edges": G.number_of_edges(), "clusters": m["clusters"], "topic_links": m["topic_links"],
            "most_cited": [x["label"] for x in m["most_cited"]],
            "bridges": [x["label"] for x in m["bridges"]],
        }
    golden.check("graph/corpus-graphs.json", got, sort_keys=True)


def test_sampled_betweenness_does_not_depend_on_string_hashing():
    """Above BETWEENNESS_NODES nodes the bridges' betweenness is sampled on the best-connected
    nodes: two processes with different string hashing give the same numbers."""
    import subprocess
    import sys
    from pathlib import Path

    code = ("import networkx as nx\n"
            "from graph.cluster import metrics, BETWEENNESS_NODES\n"
            "G = nx.gnm_random_graph(3 * BETWEENNESS_NODES, 20000, seed=3, directed=True)\n"
            "G = nx.relabel_nodes(G, {n: f'w{n}' for n in G})\n"
            "for u, v, d in G.edges(data=True):\n"
            "    d['cross_topic'] = (int(u[1:]) + int(v[1:])) % 3 == 0\n"
            "print([(b['node'], b['betweenness']) for b in metrics(G)['bridges']])\n")
    root = str(Path(__file__).resolve().parent.parent)
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True,
                           env={**__import__("os").environ, "PYTHONHASHSEED": seed, "PYTHONPATH": root}).stdout
            for seed in ("1", "2", "3")}
    assert len(outs) == 1 and "w" in outs.pop()


def test_nodes_kept_have_the_attributes_every_node_is_read_with(store):
    """A graph reads the attributes of the nodes it keeps only: they equal those of a read of
    every node (graph.build.load_citations)."""
    from graph.build import load_citations

    data = load_citations(store)
    for kind in graph.KINDS:
        G = graph.citation_graph(store, kind, clusters=False)
        assert G.number_of_nodes() > 0
        for n, d in G.nodes(data=True):
            assert {k: d[k] for k in data.nodes[n]} == data.nodes[n]
            assert (n in data.in_corpus) == d["in_corpus"]
