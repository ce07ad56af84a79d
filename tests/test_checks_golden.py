"""Golden check reports: the shared example (as the extractor stores it) and one test-bed case
of each error kind.  Regenerate with ``pytest --update-golden`` and review the diff."""
import checkbed
from corpus import Store
from corpus.checks import run_checks
from test_checks import example_article


def _rows(store, doc_id):
    rows = store.transaction(lambda conn: run_checks(conn, doc_id))
    return [{k: r[k] for k in ("subject", "check", "status", "expected", "reported", "message")}
            for r in rows]


def test_golden_example(golden):
    store = Store(":memory:")
    doc = store.save(example_article()).document_id
    golden.check("checks/msc-long-covid-news.json", _rows(store, doc))


def test_golden_one_case_per_error_kind(golden):
    cases = checkbed.generate(2, 2 * len(checkbed.ERRORS), seed=11)
    store = Store(":memory:")
    got = {}
    for c in cases:
        key = f"{c.id:02d}-{c.kind}"
        doc = store.save(c.article).document_id
        got[key] = {"text": c.article.text, "note": c.note, "checks": _rows(store, doc)}
    golden.check("checks/test-bed-seed-11.json", got)
