"""End to end: extract the graph corpus (text, HTML, JATS, PDF) and compare the three graphs'
edge sets with the manifest's, exactly."""
import pytest

import graph
from graph.topics import tag_works
from graph_helpers import GRAPH_DATA, expected_edges, graph_edges_by_doi, load_manifest

pytestmark = pytest.mark.slow

FORMATS = {"all": ("txt", "html", "jats", "pdf"), "pdf-less": ("txt", "html", "jats")}


def _name(path):
    return path.replace("\\", "/").rsplit("/", 1)[-1]


@pytest.fixture(scope="module", params=list(FORMATS))
def extracted(request, tmp_path_factory):
    from corpus import Store
    from corpus.ingest import expand, ingest

    docs = [d for d in load_manifest()["documents"] if d["format"] in FORMATS[request.param]]
    store = Store(str(tmp_path_factory.mktemp("graph") / "evidence.db"))
    ingest(expand([str(GRAPH_DATA / d["file"]) for d in docs]), store)
    tag_works(store)
    conn = store.conn
    stored = {_name(r[0]) for r in conn.execute("SELECT path FROM documents")}
    unavailable = {_name(r[0]) for r in conn.execute(
        "SELECT path FROM failures WHERE message LIKE '%not available yet%'")}
    return request.param, store, docs, stored, unavailable  # pdf-less: PDFs are cited, not stored


def test_every_document_is_stored(extracted):
    _, _, docs, stored, unavailable = extracted
    files = {d["file"] for d in docs}
    assert stored == files and not unavailable


@pytest.mark.parametrize("kind", graph.KINDS)
def test_edge_sets_equal_the_manifest(extracted, kind):
    formats, store, docs, stored, _ = extracted
    doi_of_file = {d["file"]: d["doi"] for d in docs}
    citing = {d["doi"] for d in docs if d["file"] in stored}
    G = graph.citation_graph(store, kind)
    got = graph_edges_by_doi(G, doi_of_file)
    want = expected_edges(kind, citing=citing)
    assert set(got) == set(want), (sorted(set(want) - set(got))[:5], sorted(set(got) - set(want))[:5])


def test_citation_weights_are_callout_counts(extracted):
    formats, store, docs, stored, _ = extracted
    doi_of_file = {d["file"]: d["doi"] for d in docs}
    citing = {d["doi"] for d in docs if d["file"] in stored}
    got = graph_edges_by_doi(graph.citation_graph(store), doi_of_file)
    assert got == expected_edges("citation", citing=citing)


def test_topics_of_extracted_corpus_documents(extracted):
    _, store, docs, stored, _ = extracted
    G = graph.citation_graph(store)
    by_file = {_name(d["path"]): d for _, d in G.nodes(data=True) if d.get("path")}
    for doc in docs:
        if doc["file"] in stored:
            assert set(doc["topics"]) <= set(by_file[doc["file"]]["topics"]), doc["file"]
