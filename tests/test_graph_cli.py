"""`evidence graph` in-process, and the seed example's topic items in every format."""
import json
import sqlite3

import pytest
from click.testing import CliRunner

from cli import cli
from graph.topics import tag_works
from graph_helpers import manifest_store, topic_names


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "graph.db"
    conn = manifest_store(path)
    tag_works(conn)
    conn.close()
    return str(path)


def test_graph_command_writes_the_format_of_the_suffix(db, tmp_path):
    out = tmp_path / "review.gexf"
    r = CliRunner().invoke(cli, ["graph", "--db", db, "-o", str(out)])
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0] == "citation graph: 36 nodes, 124 edges, 4 clusters, 54 cross-topic edges"
    assert lines[1] == "  shown: 24 corpus articles and 12 references cited by at least 2 of them; 124 citations"
    assert lines[2].startswith("  most cited: ")
    assert lines[-1] == f"wrote {out}"
    assert out.read_text().startswith('<?xml version="1.0" encoding="UTF-8"?>\n<gexf xmlns="http://gexf.net/1.3"')


def test_graph_command_json_summary_topics_and_csv(db, tmp_path):
    out = tmp_path / "msc.csv"
    r = CliRunner().invoke(cli, ["graph", "--db", db, "--kind", "cocitation", "--topic", "msc",
                                 "--min-weight", "2", "-o", str(out), "--json"])
    assert r.exit_code == 0, r.output
    rep = json.loads(r.output)
    assert rep["files"] == [str(tmp_path / "msc-nodes.csv"), str(tmp_path / "msc-edges.csv")]
    assert rep["kind"] == "cocitation" and rep["topics"] == ["msc"] and rep["min_weight"] == 2
    assert rep["edges"] == sum(1 for _ in open(tmp_path / "msc-edges.csv")) - 1


def test_graph_command_errors_are_coded(db, tmp_path):
    r = CliRunner().invoke(cli, ["graph", "--db", db, "-o", str(tmp_path / "x.docx")])
    assert r.exit_code == 1
    assert r.output.startswith("Error: [E071] unknown graph format '.docx': use one of: csv, gexf, graphml")
    r = CliRunner().invoke(cli, ["graph", "--db", db, "--topic", "oncology", "-o", str(tmp_path / "x.svg")])
    assert r.exit_code == 1 and "[E070] unknown topic(s): oncology" in r.output
    r = CliRunner().invoke(cli, ["graph", "--db", db, "--kind", "nope", "-o", "x.svg"])
    assert r.exit_code == 2


@pytest.mark.slow
def test_seed_example_topic_items(example_path, tmp_path):
    """What seed-score checks: the four topic-bearing references of the shared example."""
    from corpus import Store

    store = Store(str(tmp_path / "seed.db"))
    store.save(__import__("extractor.pipeline", fromlist=["extract"]).extract(example_path))
    tag_works(store)
    want = {("Stem Cell Res Ther", 2025): "msc", ("Lancet", 2024): "long-covid",
            ("Signal Transduct Target Ther", 2022): "msc", ("Signal Transduct Target Ther", 2021): "msc"}
    refs = store.conn.execute("SELECT journal_iso, year, work_id FROM refs").fetchall()
    for (journal, year), topic in want.items():
        (work,) = [w for j, y, w in refs if j == journal and y == year]
        assert work is not None and topic in topic_names(store.conn, work), (journal, year)
