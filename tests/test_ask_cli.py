"""``evidence ask``: exact output and exit codes, question files (.jsonl/.csv) with pass-through
fields and bad lines, JSON/CSV shape, and the learned model (loaded offline) against the rules.

The article (``tests/data/ask/zinc-trial.txt``) was written for these tests."""
import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
from corpus import Store
from corpus.ask import CSV_COLUMNS, Asker, Question, read_questions
from corpus.errors import QuestionError
from extractor.compare import model as M
from extractor.pipeline import extract

ARTICLE = Path(__file__).parent / "data" / "ask" / "zinc-trial.txt"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("ask") / "s.db"
    store = Store(path)
    store.save(extract(ARTICLE))
    store.close()
    return str(path)


def run(*args):
    return CliRunner().invoke(cli.cli, [str(a) for a in args], catch_exceptions=False)


NAUSEA = ("--outcome", "nausea", "--intervention", "zinc acetate lozenges", "--comparator", "placebo")


def test_one_question_readable(db):
    r = run("ask", "--db", db, "--doc", "zinc-trial", *NAUSEA, "--no-model")
    assert r.exit_code == 0
    assert r.stdout == (
        "nausea — zinc acetate lozenges vs placebo (document 1)\n"
        "  answer: significantly increased — read from the sentence: more; P = 0.02\n"
        "  outcome: Nausea (outcome 2)\n"
        "  intervention: zinc acetate lozenges: events 14, total 60\n"
        "  comparator: placebo lozenges: events 4, total 60\n"
        "  effect: p = 0.02\n"
        "  evidence (chars 772-857): Nausea was reported more often with zinc than with placebo "
        "(14/60 vs 4/60, P = 0.02).\n")


def test_numbers_withheld_when_the_question_names_no_stored_arm(db):
    # two doses of zinc: the trial compared zinc with placebo, so no arm's numbers answer
    r = run("ask", "--db", db, "--doc", "zinc-trial", "--outcome", "nausea", "--intervention", "zinc acetate 13 mg",
            "--comparator", "zinc gluconate 26 mg", "--no-model")
    assert r.exit_code == 0
    assert r.stdout == (
        "nausea — zinc acetate 13 mg vs zinc gluconate 26 mg (document 1)\n"
        "  answer: significantly increased — read from the sentence: more; P = 0.02\n"
        "  outcome: Nausea (outcome 2)\n"
        "  intervention: zinc acetate lozenges\n"
        "  comparator: placebo lozenges\n"
        "  numbers withheld: the question's comparator names the stored arm 'zinc acetate lozenges' of the other "
        "side, not 'placebo lozenges'\n"
        "  effect: p = 0.02\n"
        "  evidence (chars 772-857): Nausea was reported more often with zinc than with placebo "
        "(14/60 vs 4/60, P = 0.02).\n")
    a = json.loads(run("ask", "--db", db, "--doc", "1", *NAUSEA, "--json", "--no-model").stdout)
    assert a["numbers_withheld"] is None and a["intervention_arm"]["events"] == 14


def test_one_question_json(db):
    r = run("ask", "--db", db, "--doc", "1", "--outcome", "Antibiotic prescription",
            "--intervention", "zinc", "--comparator", "placebo", "--json", "--no-model")
    assert r.exit_code == 0
    a = json.loads(r.stdout)
    assert a["answer"] == "no significant difference"
    assert a["outcome_name"] == "Antibiotic prescriptions" and a["timepoint"] is None
    assert {k: a["intervention_arm"][k] for k in ("events", "total")} == {"events": 9, "total": 60}
    assert {k: a["comparator_arm"][k] for k in ("events", "total")} == {"events": 11, "total": 60}
    for absent in ("mean", "sd", "median", "iqr_low", "iqr_high"):
        assert absent not in a["intervention_arm"]  # never a guess
    assert a["effect"] == {"p_value": 0.63, "p_relation": "="}
    ev = a["evidence"][0]
    text = ARTICLE.read_text(encoding="utf-8")
    assert text[ev["char_start"]:ev["char_end"]] == ev["quote"]
    assert ev["quote"].startswith("Antibiotic prescriptions were similar")


def test_flipped_question(db):
    r = run("ask", "--db", db, "--doc", "1", "--outcome", "nausea", "--intervention", "placebo",
            "--comparator", "zinc acetate lozenges", "--json", "--no-model")
    a = json.loads(r.stdout)
    assert a["answer"] == "significantly decreased"
    assert a["intervention_arm"]["label"].startswith("placebo")
    assert a["intervention_arm"]["events"] == 4


def test_unstated_outcome_is_null_with_why(db):
    r = run("ask", "--db", db, "--doc", "1", "--outcome", "sleep quality", "--intervention", "zinc",
            "--comparator", "placebo", "--json", "--no-model")
    a = json.loads(r.stdout)
    assert a["answer"] is None and a["why"]
    assert a["outcome_id"] is None


def test_doc_matching_nothing_is_a_coded_error(db):
    r = run("ask", "--db", db, "--doc", "no-such-paper", *NAUSEA)
    assert r.exit_code == 1
    assert r.stdout == ""
    assert r.stderr == ("Error: [E024] no document matches 'no-such-paper': list the documents with "
                        "`evidence documents` and pass an id, a sha256 prefix or a path fragment\n")


def test_usage_errors_exit_2(db, tmp_path):
    assert run("ask", "--db", db, "--doc", "1").exit_code == 2
    q = tmp_path / "q.jsonl"
    q.write_text("")
    assert run("ask", "--db", db, "--from", q, "--doc", "1").exit_code == 2


def test_question_file_with_a_bad_line(db, tmp_path):
    q = tmp_path / "q.jsonl"
    q.write_text(
        json.dumps({"qid": "a1", "doc": "1", "outcome": "nausea", "intervention": "zinc",
                    "comparator": "placebo", "reviewer": "JM"}) + "\n"
        + "{not json\n"
        + json.dumps({"qid": "a3", "doc": "1", "outcome": "antibiotic prescriptions"}) + "\n"
        + json.dumps({"qid": "a4", "doc": "999", "outcome": "nausea", "intervention": "zinc",
                      "comparator": "placebo"}) + "\n"
        + json.dumps({"qid": "a5", "doc": "1", "outcome": "total symptom score", "intervention": "zinc",
                      "comparator": "placebo"}) + "\n", encoding="utf-8")
    r = run("ask", "--db", db, "--from", q, "--json", "--no-model")
    assert r.exit_code == 1
    lines = r.stdout.splitlines()
    assert len(lines) == 2  # the good lines, one JSON object each
    first, last = json.loads(lines[0]), json.loads(lines[1])
    assert (first["qid"], first["reviewer"], first["answer"]) == ("a1", "JM", "significantly increased")
    assert (last["qid"], last["answer"]) == ("a5", "no significant difference")
    err = r.stderr.splitlines()
    assert err[0] == f"Error: [E031] {q} line 2: not JSON (Expecting property name enclosed in double quotes): " \
                     + QuestionError.hint
    assert err[1] == f"Error: [E031] {q} line 3: missing intervention, comparator: " + QuestionError.hint
    assert err[2].startswith("Error: line 4: [E024] no document matches '999'")
    assert err[3] == ("Error: [E031] 3 of 5 questions could not be answered (lines 2, 3, 4): fix those "
                      "lines and ask again; the other answers are above")


def test_csv_questions_and_csv_output(db, tmp_path):
    q = tmp_path / "q.csv"
    q.write_text("qid,doc,outcome,intervention,comparator,note\n"
                 "q1,1,nausea,zinc,placebo,\"first, with comma\"\n"
                 "q2,1,antibiotic prescriptions,zinc\n"
                 "q3,zinc-trial,Antibiotic prescriptions,zinc lozenges,placebo,x\n", encoding="utf-8")
    r = run("ask", "--db", db, "--from", q, "--csv", "--no-model")
    assert r.exit_code == 1
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert list(rows[0]) == ["qid", "note"] + CSV_COLUMNS
    assert [(x["qid"], x["note"], x["answer"]) for x in rows] == [
        ("q1", "first, with comma", "significantly increased"), ("q3", "x", "no significant difference")]
    assert rows[0]["intervention_events"] == "14" and rows[0]["comparator_total"] == "60"
    assert rows[1]["evidence_quote"].startswith("Antibiotic prescriptions were similar")
    assert "line 3: 4 fields where the header has 6" in r.stderr


def test_read_questions_rejects_other_suffixes(tmp_path):
    p = tmp_path / "q.txt"
    p.write_text("x")
    with pytest.raises(QuestionError) as e:
        list(read_questions(p))
    assert e.value.code == "E031"


def test_model_loads_offline_and_rules_work_without_it(db, tmp_path, monkeypatch):
    model = M.load()
    assert model is not None, "the shipped model (extractor/data/compare/model.json) is missing"
    assert set(model.classes) == {"significantly increased", "significantly decreased",
                                  "no significant difference"}
    store = Store(db, readonly=True)
    q = Question("1", "nausea", "zinc acetate lozenges", "placebo")
    with_model = Asker(store).answer(q)
    assert with_model["answer"] in model.classes
    # without the weights file the rules answer alone
    monkeypatch.setattr(M, "MODEL_PATH", tmp_path / "absent.json")
    assert M.load() is None
    rules = Asker(store).answer(q)
    assert rules["answer"] == "significantly increased"
    assert rules["why"].startswith("read from the sentence")
    # a copy of the weights anywhere loads the same model
    shutil.copy(Path(M.__file__).parent.parent / "data" / "compare" / "model.json", tmp_path / "m.json")
    assert M.load(tmp_path / "m.json").classes == model.classes
