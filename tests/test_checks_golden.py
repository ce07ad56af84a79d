"""Golden check reports: the shared example (as the extractor stores it) and one test-bed case
of each error kind.  Regenerate with ``pytest --update-golden`` and review the diff."""
import json
from pathlib import Path

import pytest

import checkbed
from corpus import Store
from corpus.checks import run_checks
from test_checks import example_article

GOLDEN = Path(__file__).parent / "golden" / "checks"


def _rows(store, doc_id):
    rows = store.transaction(lambda conn: run_checks(conn, doc_id))
    return [{k: r[k] for k in ("subject", "check", "status", "expected", "reported", "message")}
            for r in rows]


def _compare(name, got, update_golden):
    path = GOLDEN / f"{name}.json"
    text = json.dumps(got, indent=1, ensure_ascii=False) + "\n"
    if update_golden or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if not update_golden:
            pytest.fail(f"wrote new golden file {path}; review it and re-run")
    assert json.loads(path.read_text(encoding="utf-8")) == got


def test_golden_example(update_golden):
    store = Store(":memory:")
    doc = store.save(example_article()).document_id
    _compare("msc-long-covid-news", _rows(store, doc), update_golden)


def test_golden_one_case_per_error_kind(update_golden):
    cases = checkbed.generate(2, 2 * len(checkbed.ERRORS), seed=11)
    store = Store(":memory:")
    got = {}
    for c in cases:
        key = f"{c.id:02d}-{c.kind}"
        doc = store.save(c.article).document_id
        got[key] = {"text": c.article.text, "note": c.note, "checks": _rows(store, doc)}
    _compare("test-bed-seed-11", got, update_golden)
