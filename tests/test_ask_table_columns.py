"""A table row as evidence: ``evidence ask`` binds the row's value columns to the question's arms
by the table's column headings, so the row alone gives the direction.  The article is written
for this test."""
from pathlib import Path

import pytest

from corpus import Store
from corpus.ask import Asker, Question
from extractor.pipeline import extract

ARTICLE = """<html><head><title>Enoxaparin versus unfractionated heparin after hip fracture surgery:
a randomised trial</title></head><body>
<h1>Enoxaparin versus unfractionated heparin after hip fracture surgery: a randomised trial</h1>
<h2>Methods</h2>
<p>Adults undergoing hip fracture surgery were randomly assigned to subcutaneous enoxaparin 40 mg
once daily (n = 120) or unfractionated heparin 5000 IU three times daily (n = 118) for ten days.</p>
<h2>Results</h2>
<p>Outcomes at day 30 are shown in Table 2.</p>
<table><caption>Table 2. Outcomes at day 30</caption>
<thead><tr><th>Outcome</th><th>Heparin (n = 118)</th><th>Enoxaparin (n = 120)</th><th>P</th></tr></thead>
<tbody>
<tr><td>Wound haematoma</td><td>13 (11.0%)</td><td>4 (3.3%)</td><td>0.02</td></tr>
<tr><td>Length of stay, days</td><td>9.1 (3.2)</td><td>8.8 (3.0)</td><td>0.45</td></tr>
</tbody></table>
<h2>Discussion</h2>
<p>Enoxaparin is given once daily.</p>
</body></html>
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    d = tmp_path_factory.mktemp("columns")
    (d / "trial.html").write_text(ARTICLE, encoding="utf-8")
    s = Store(d / "s.db")
    s.save(extract(d / "trial.html"))
    yield s
    s.close()


def test_table_rows_carry_their_column_headings(store):
    idx = Asker(store, model=None).index(1)
    rows = {s.text.split("\t")[0]: s.header for s in idx.sentences if "\t" in s.text}
    assert rows["Wound haematoma"] == ("Outcome", "Heparin (n = 118)", "Enoxaparin (n = 120)", "P")
    assert rows["Outcome"] is None  # the heading row itself


@pytest.mark.parametrize("intervention, comparator, answer", [
    ("enoxaparin", "unfractionated heparin", "significantly decreased"),
    ("unfractionated heparin", "enoxaparin", "significantly increased"),
])
def test_the_rules_read_the_direction_from_the_columns(store, intervention, comparator, answer):
    a = Asker(store, model=None).answer(Question("1", "wound haematoma", intervention, comparator))
    assert a["answer"] == answer
    assert "table's columns" in a["why"]
    assert a["evidence"][0]["quote"].startswith("Wound haematoma")
