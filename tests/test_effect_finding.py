"""``effects.finding``: the outcome in the intervention arm relative to the control, computed at
extraction (extractor.compare.direction.finding), stored, and filled in older stores by the
migration m007.  Texts and numbers are written for these tests."""
import sqlite3
from pathlib import Path

import pytest

from corpus import Store
from corpus.migrations import MIGRATIONS, migrate
from extractor.compare.direction import DECREASED, INCREASED, NO_DIFF, finding
from extractor.pipeline import extract

ARTICLE = Path(__file__).parent / "data" / "ask" / "zinc-trial.txt"


@pytest.mark.parametrize("args, kwargs, expected", [
    # ratio measures: below 1 is a decrease of the outcome in the intervention arm
    (("HR", 0.72, 0.58, 0.89, None, None), {}, DECREASED),
    (("OR", 1.9, 1.2, 3.0, 0.004, "="), {}, INCREASED),
    (("RR", 0.9, 0.7, 1.15, None, None), {}, NO_DIFF),
    # differences: the sign of the estimate
    (("MD", -3.4, -5.9, -0.9, None, None), {}, DECREASED),
    (("difference", 2.0, None, None, 0.31, "="), {}, NO_DIFF),
    # no estimate: the arms' values with the p-value
    ((None, None, None, None, 0.001, "<"), {"inter": 18.0, "ctrl": 31.0}, DECREASED),
    ((None, None, None, None, 0.02, "="), {"inter": 44.0, "ctrl": 29.0}, INCREASED),
    # the words: significance stated, the higher arm named
    ((None, None, None, None, None, None), {"significant": True, "higher": True}, INCREASED),
    # favours_* with an outcome whose better way is known
    ((None, None, None, None, None, None),
     {"significant": True, "direction": "favours_control", "outcome": "treatment failure"}, INCREASED),
    ((None, None, None, None, None, None), {"direction": "no_difference"}, NO_DIFF),
    # significant with no way to tell which way: no finding
    ((None, None, None, None, 0.01, "="), {}, None),
    # the p-value decides over the words
    ((None, None, None, None, 0.4, "="), {"significant": True, "inter": 3.0, "ctrl": 2.0}, NO_DIFF),
])
def test_finding(args, kwargs, expected):
    assert finding(*args, **kwargs) == expected


def test_finding_is_stored_at_extraction(tmp_path):
    store = Store(tmp_path / "s.db")
    store.save(extract(ARTICLE))
    rows = store.conn.execute(
        "SELECT o.name, e.p_value, e.direction, e.finding FROM effects e "
        "JOIN outcomes o ON o.id = e.outcome_id WHERE e.p_value IS NOT NULL ORDER BY e.id").fetchall()
    assert rows == [("Antibiotic prescriptions", 0.63, "no_difference", NO_DIFF),
                    ("Nausea", 0.02, "favours_control", INCREASED),
                    ("Total symptom scores on day 3", 0.44, "no_difference", NO_DIFF)]
    # the direction keeps its own vocabulary
    assert {r[0] for r in store.conn.execute("SELECT DISTINCT direction FROM effects")} <= {
        "favours_intervention", "favours_control", "no_difference", None}


def test_migration_fills_the_finding_of_an_older_store():
    db = sqlite3.connect(":memory:", isolation_level=None)
    before = [(n, fn) for n, fn in MIGRATIONS if n < "m007"]
    for name, fn in before:
        fn(db)
        db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
        db.execute("INSERT INTO _migrations VALUES (?, 'then')", (name,))
    db.execute("INSERT INTO documents (sha256, text) VALUES ('x', 'text')")
    db.execute("INSERT INTO studies (document_id) VALUES (1)")
    db.execute("INSERT INTO arms (study_id, label, role) VALUES (1, 'drug', 'intervention'), "
               "(1, 'placebo', 'control')")
    db.execute("INSERT INTO outcomes (study_id, name) VALUES (1, 'wound healing'), (1, 'relapse'), "
               "(1, 'serum sodium'), (1, 'itch')")
    db.execute("INSERT INTO arm_results (outcome_id, arm_id, statistic, value) VALUES "
               "(1, 1, 'percent', 81.0), (1, 2, 'percent', 62.0), (3, 1, 'mean', 139.0), (3, 2, 'mean', 141.0)")
    db.execute("INSERT INTO effects (outcome_id, measure, value, ci_low, ci_high, p_value, p_relation, "
               "significant, direction, intervention_arm_id, control_arm_id) VALUES "
               "(1, NULL, NULL, NULL, NULL, 0.01, '=', 1, NULL, 1, 2), "
               "(2, 'HR', 0.61, 0.45, 0.83, NULL, NULL, 1, 'favours_intervention', 1, 2), "
               "(3, NULL, NULL, NULL, NULL, 0.52, '=', 0, 'no_difference', 1, 2), "
               "(4, NULL, NULL, NULL, NULL, 0.03, '=', 1, NULL, NULL, NULL)")
    ran = migrate(db)
    assert "m007_effect_finding" in ran
    assert db.execute("SELECT finding FROM effects ORDER BY id").fetchall() == [
        (INCREASED,), (DECREASED,), (NO_DIFF,), (None,)]
