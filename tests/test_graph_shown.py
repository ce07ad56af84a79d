"""The map built straight from the store (graph.shown) equals the map selected from the whole
graph (graph.view.select_view over graph.citation_graph): same nodes, edges, attributes and
order, so every export is the same file."""
import random

import networkx as nx
import pytest

import graph
from graph import writers
from graph.build import citation_graph
from graph.layout import prepare
from graph.shown import load_link_arrays, shown_graph
from graph.topics import tag_works
from graph.view import select_view
from graph_helpers import StoreBuilder, manifest_store

FORMATS = ("gexf", "graphml", "json", "csv", "net")

TITLES = ["Mesenchymal stem cells for acute respiratory distress", "Long COVID fatigue at one year",
          "Umbilical cord stromal cells in severe COVID-19 pneumonia", "Heart failure readmissions",
          "Post-acute sequelae of SARS-CoV-2 infection in children", "Exosomes from stem cells in sepsis"]


def random_store(seed: int = 7, docs: int = 40, pool: int = 70):
    """A store with corpus articles citing each other and a pool of outside works, some popular;
    one article stored twice (a copy naming the first's work), two documents without a work,
    references without a work, and references never called out."""
    rng = random.Random(seed)
    b = StoreBuilder()
    no_work = (5, 17)  # no work points to these: nodes d<id>
    plans = []  # per citing document: [(("doc", i) or ("ext", j), callouts)]
    for i in range(docs + 1):  # the last one is a copy of article 3
        earlier = [("doc", j) for j in range(min(i, docs)) if j not in no_work]
        cited = set(rng.sample(earlier, min(len(earlier), rng.randint(0, 4))))
        while len(cited) < rng.randint(3, 9):
            cited.add(("ext", min(int(rng.paretovariate(1.2)) - 1, pool - 1)) if rng.random() < 0.5
                      else ("ext", rng.randrange(pool)))
        plans.append([(c, rng.choice((0, 1, 1, 2, 3))) for c in sorted(cited)])
    doc_ids, doc_works = [], []
    for i, plan in enumerate(plans):
        title = f"{rng.choice(TITLES)}: trial {i}" if i < docs else None
        sentences = [f"{title or 'The same article as a PDF'} was studied."]
        sentences += [f"Earlier work agrees [{k}]." for k, (_, n) in enumerate(plan, 1) for _ in range(n)]
        d = b.document(f"a{i}.txt" if i < docs else "a3.pdf", title=title, doi=f"10.9999/a{i}" if i < docs else None,
                       fmt="text" if i < docs else "pdf", sentences=sentences)
        doc_ids.append(d)
        if i < docs:
            doc_works.append(None if i in no_work else
                             b.work(f"doi:10.9999/a{i}", doi=f"10.9999/a{i}", journal_iso="Trials J",
                                    year=2010 + i % 12, document_id=d))
    b.conn.execute("UPDATE documents SET work_id = ? WHERE id = ?", (doc_works[3], doc_ids[-1]))
    outside = [b.work(f"doi:10.8888/x{j}", doi=f"10.8888/x{j}",
                      title=rng.choice(TITLES) if j % 3 else None, journal_iso="Ext J", year=2000 + j % 20)
               for j in range(pool)]
    for d, plan in zip(doc_ids, plans):
        for k, ((where, j), n) in enumerate(plan, 1):
            r = b.ref(d, k, doc_works[j] if where == "doc" else outside[j], raw=f"{k}. ref")
            for occ in range(n):
                b.cite(d, r, f"[{k}]", occ)
        b.ref(d, 99, None, raw="99. unparsed reference")
    conn = b.commit()
    tag_works(conn)
    return conn


def _old_map(conn, kind, **kw):
    view = {k: kw.pop(k) for k in ("min_cited", "top_edges") if k in kw}
    G = citation_graph(conn, kind, clusters=False, **kw)
    return select_view(G, **view)


def _files(G, tmp_path, stem):
    prepare(G)
    out = {}
    for f in FORMATS:
        for p in writers.write(G, tmp_path / f"{stem}.{f}", force=True):
            out[p.name.replace(stem, "")] = p.read_bytes()
    return out


def _same_map(conn, tmp_path, kind, **kw):
    old = _old_map(conn, kind, **dict(kw))
    new = shown_graph(conn, kind, **kw)
    assert list(new.nodes(data=True)) == list(old.nodes(data=True))
    assert list(new.edges(data=True)) == list(old.edges(data=True))
    assert new.graph == old.graph
    assert _files(new, tmp_path, "new") == _files(old, tmp_path, "old")
    return new


OPTIONS = [{}, {"min_cited": 1}, {"min_cited": 3}, {"top_edges": 0}, {"top_edges": 7},
           {"min_weight": 2}, {"min_weight": 2, "top_edges": 0}, {"topics": ["msc"]},
           {"topics": ["long-covid", "covid-19"], "min_cited": 1}]


@pytest.fixture(scope="module")
def rstore():
    return random_store()


@pytest.mark.parametrize("kind", graph.KINDS)
@pytest.mark.parametrize("opts", OPTIONS, ids=lambda o: ",".join(f"{k}={v}" for k, v in o.items()) or "defaults")
def test_map_equals_the_view_of_the_whole_graph(rstore, tmp_path, kind, opts):
    H = _same_map(rstore, tmp_path, kind, **opts)
    assert H.number_of_nodes() > 0


@pytest.mark.parametrize("kind", graph.KINDS)
def test_map_of_the_graph_corpus(tmp_path, kind):
    conn = manifest_store()
    tag_works(conn)
    for opts in ({}, {"min_cited": 1, "top_edges": 0}, {"top_edges": 3}):
        _same_map(conn, tmp_path, kind, **opts)


def test_cut_among_equal_weights_follows_cosine_then_ids(tmp_path):
    """Four articles each citing the same three works: every co-citation pair has weight 4 and
    cosine 1, so the cut keeps the pairs first by the node ids as text (w10 before w9)."""
    b = StoreBuilder()
    works = [b.work(f"doi:x{j}", title=f"Work {j}") for j in range(1, 12)]
    for i in range(4):
        d = b.document(f"c{i}.txt", title=f"Citing {i}", sentences=["Text [1] [2] [3]."])
        for k, w in enumerate((works[8], works[9], works[10]), 1):
            b.cite(d, b.ref(d, k, w), f"[{k}]")
    conn = b.commit()
    H = _same_map(conn, tmp_path, "cocitation", top_edges=2)
    assert {frozenset(e) for e in H.edges()} == {frozenset(("w10", "w11")), frozenset(("w9", "w10"))}
    assert H.graph["view"]["cut_weight"] == 4 and H.graph["view"]["edges_before_cut"] == 3


def test_links_as_arrays(rstore):
    links = load_link_arrays(rstore)
    G = citation_graph(rstore, clusters=False, min_weight=1)
    got = {(links.names[s], links.names[t]): w for s, t, w in
           zip(links.src.tolist(), links.dst.tolist(), links.weight.tolist())}
    # the whole graph drops isolated works outside the corpus only: its edges are every link
    assert got == {(u, v): d["weight"] for u, v, d in G.edges(data=True)}
    assert links.names == sorted(links.names, key=lambda n: (n[0], int(n[1:])))


def test_empty_store_gives_empty_maps():
    conn = StoreBuilder().commit()
    for kind in graph.KINDS:
        H = shown_graph(conn, kind)
        assert H.number_of_nodes() == 0 and H.graph["view"]["corpus_nodes"] == 0


def test_export_builds_the_map_without_the_whole_graph(rstore, tmp_path, monkeypatch):
    import graph.build

    def whole(*a, **k):
        raise AssertionError("the whole graph was built")

    monkeypatch.setattr(graph.build, "citation_graph", whole)
    for kind in graph.KINDS:
        summary = graph.export_graph(rstore, tmp_path / f"{kind}.gexf", kind)
        assert summary["nodes"] > 0
    assert isinstance(shown_graph(rstore), nx.DiGraph)


def test_title_stop_words_are_spacys_list():
    from spacy.lang.en.stop_words import STOP_WORDS

    from graph.cluster import _stop_words_file

    assert _stop_words_file() == STOP_WORDS


@pytest.mark.parametrize("kind", ("cocitation", "coupling"))
def test_small_blocks_give_the_same_map(rstore, tmp_path, monkeypatch, kind):
    """Blocks cut by the number of products (down to one row) give the same pairs and cut."""
    import graph.shown

    whole = shown_graph(rstore, kind, top_edges=9, clusters=False)
    monkeypatch.setattr(graph.shown, "PAIR_BLOCK_PRODUCTS", 25)
    small = shown_graph(rstore, kind, top_edges=9, clusters=False)
    assert list(small.edges(data=True)) == list(whole.edges(data=True))
    assert small.graph == whole.graph and list(small.nodes(data=True)) == list(whole.nodes(data=True))
    assert len(list(graph.shown._row_blocks(*_operands(rstore, kind)))) > 5


def _operands(conn, kind):
    from scipy import sparse
    import numpy as np

    links = load_link_arrays(conn)
    rows = np.unique(links.src, return_inverse=True)[1]
    cols = np.unique(links.dst, return_inverse=True)[1]
    A = sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)))
    return (A.T.tocsr(), A) if kind == "cocitation" else (A, A.T.tocsr())
