"""`evidence check`: exact report lines, --json, exit status 3 on a failed check."""
import dataclasses
import json

from click.testing import CliRunner

import cli
from corpus import Store
from test_checks import example_article


def _store(path, article):
    with Store(path) as s:
        s.save(article)


def test_check_reports_flags_and_exits_0(tmp_path):
    db = tmp_path / "e.db"
    _store(db, example_article())
    r = CliRunner().invoke(cli.cli, ["check", "--db", str(db)])
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0] == "document 1  msc-long-covid-news n.d.  msc-long-covid-news.text  —  0 fail, 7 flag, 11 pass"
    assert "  outcome: SARS-CoV-2 reinfection" in lines
    assert lines[-1] == "1 document(s): 0 fail, 7 flag, 11 pass"
    assert not any(line.strip().startswith("PASS") for line in lines)
    r = CliRunner().invoke(cli.cli, ["check", "--db", str(db), "--all", "1"])
    assert any(line.strip().startswith("PASS  effect_recomputed") for line in r.output.splitlines())


def test_check_exits_3_on_failure_and_json(tmp_path):
    a = example_article()
    st = a.studies[0]
    ct = st.outcomes[0]
    bad = dataclasses.replace(ct.results[0], value=146.94)  # a percentage above 100
    ct = dataclasses.replace(ct, results=(bad,) + ct.results[1:])
    a = dataclasses.replace(a, studies=(dataclasses.replace(st, outcomes=(ct,) + st.outcomes[1:]),))
    db = tmp_path / "f.db"
    _store(db, a)
    r = CliRunner().invoke(cli.cli, ["check", "--db", str(db), "--json"])
    assert r.exit_code == 3
    data = json.loads(r.output)
    assert data["failed"] is True and data["counts"]["fail"] >= 1
    fails = [c for d in data["documents"] for g in d["groups"] for c in g["checks"]
             if c["status"] == "fail"]
    assert fails[0]["check"] == "number_format" and "outside 0–100" in fails[0]["message"]


def test_check_unknown_document_is_a_coded_error(tmp_path):
    db = tmp_path / "e.db"
    _store(db, example_article())
    r = CliRunner().invoke(cli.cli, ["check", "--db", str(db), "nothing-like-this"])
    assert r.exit_code == 1 and "Error: [E024]" in r.output


def test_check_stored_reads_a_read_only_store(tmp_path):
    import os
    import stat

    db = tmp_path / "e.db"
    _store(db, example_article())
    os.chmod(db, stat.S_IRUSR)
    try:
        r = CliRunner().invoke(cli.cli, ["check", "--db", str(db), "--stored", "--json"])
    finally:
        os.chmod(db, stat.S_IRUSR | stat.S_IWUSR)
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["counts"] == {"pass": 11, "flag": 7, "fail": 0}
