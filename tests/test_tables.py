"""Reviewer tables of the effects: computed from stored numbers only, refused otherwise."""
import csv
import io
import math

import pytest
from hypothesis import given, settings, strategies as st

from corpus import tables
from graph_helpers import StoreBuilder


def seed_like_store():
    """The shared example's trial rows (as the gold file describes them) plus a second study with
    means/SDs and ratio estimates with confidence intervals."""
    b = StoreBuilder()
    conn = b.conn
    d = b.document("msc-long-covid-news.txt", title="MSC therapy in severe COVID-19: 3-year follow-up",
                   sentences=["x."], kind="news")
    s = conn.execute("INSERT INTO studies (document_id, design, n_randomized) VALUES (?, 'rct', 100)", (d,)).lastrowid
    msc = conn.execute("INSERT INTO arms (study_id, label, role, n_analyzed) VALUES (?, 'MSC', 'intervention', 49)", (s,)).lastrowid
    pbo = conn.execute("INSERT INTO arms (study_id, label, role, n_analyzed) VALUES (?, 'placebo', 'control', 29)", (s,)).lastrowid

    def outcome(name, kind, timepoint=None, subgroup=None):
        return conn.execute("INSERT INTO outcomes (study_id, name, kind, timepoint, subgroup) VALUES (?,?,?,?,?)",
                            (s, name, kind, timepoint, subgroup)).lastrowid

    def res(o, arm, stat, value, derived=0, derivation=None, unit=None):
        conn.execute("INSERT INTO arm_results (outcome_id, arm_id, statistic, value, derived, derivation, unit) "
                     "VALUES (?,?,?,?,?,?,?)", (o, arm, stat, value, derived, derivation, unit))

    def eff(o, measure=None, value=None, lo=None, hi=None, p=None, sig=None, direction=None):
        conn.execute("INSERT INTO effects (outcome_id, measure, value, ci_low, ci_high, p_value, p_relation, "
                     "significant, direction) VALUES (?,?,?,?,?,?,?,?,?)",
                     (o, measure, value, lo, hi, p, "=" if p is not None else None, sig, direction))

    ct = outcome("normal lung CT", "binary", "month 36")
    res(ct, msc, "percent", 46.94)
    res(ct, pbo, "percent", 34.48)
    res(ct, msc, "events", 23, 1, "23/49 = 46.94% (only integer fit)")
    res(ct, msc, "total", 49, 1, "arm n analysed")
    res(ct, pbo, "events", 10, 1, "10/29 = 34.48%")
    res(ct, pbo, "total", 29, 1, "arm n analysed")
    eff(ct, "OR", 1.68, p=0.2819, sig=0)
    walk = outcome("6-minute walking distance", "continuous")
    res(walk, msc, "median", 430, unit="m")
    res(walk, pbo, "median", 420, unit="m")
    eff(walk, sig=0, direction="no_difference")
    tum = outcome("tumorigenesis", "binary")
    res(tum, msc, "events", 22)
    res(tum, pbo, "events", 21)
    hosp = outcome("hospitalization", "binary")
    res(hosp, msc, "percent", 11.54)
    res(hosp, pbo, "percent", 5.26)

    d2 = b.document("trial2.xml", title="UC-MSCs for post-COVID fatigue", sentences=["y."])
    s2 = conn.execute("INSERT INTO studies (document_id, design) VALUES (?, 'rct')", (d2,)).lastrowid
    a1 = conn.execute("INSERT INTO arms (study_id, label, role, n_analyzed) VALUES (?, 'UC-MSC', 'intervention', 40)", (s2,)).lastrowid
    a2 = conn.execute("INSERT INTO arms (study_id, label, role, n_analyzed) VALUES (?, 'saline', 'control', 20)", (s2,)).lastrowid
    s = s2
    fat = outcome("fatigue score", "continuous", "week 12")
    res(fat, a1, "mean", 21.5)
    res(fat, a1, "sd", 6.2)
    res(fat, a2, "mean", 25.0)
    res(fat, a2, "sd", 7.1)
    eff(fat, "MD", -3.5, -7.1, 0.1, 0.06)
    rec = outcome("recovery", "time-to-event")
    eff(rec, "HR", 1.45, 0.98, 2.15)
    return b.commit(), {"ct": ct, "walk": walk, "tum": tum, "hosp": hosp, "fat": fat, "rec": rec}


def read_csv(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_metafor_columns_from_counts_means_and_cis():
    conn, _ = seed_like_store()
    out, err = io.StringIO(), io.StringIO()
    n = tables.write_metafor(conn, out, err=err)
    rows = {r["outcome"]: r for r in read_csv(out.getvalue())}
    assert n == 3 and set(rows) == {"normal lung CT", "fatigue score", "recovery"}
    ct = rows["normal lung CT"]
    assert (ct["ai"], ct["bi"], ct["ci"], ct["di"], ct["n1i"], ct["n2i"]) == ("23", "26", "10", "19", "49", "29")
    assert ct["derived"] == "1" and "23/49" in ct["derivation"]
    assert ct["yi"] == ""  # OR without a CI: no yi/vi
    fat = rows["fatigue score"]
    assert (fat["m1i"], fat["sd1i"], fat["n1i"], fat["m2i"], fat["sd2i"], fat["n2i"]) == ("21.5", "6.2", "40", "25", "7.1", "20")
    assert float(fat["yi"]) == -3.5
    assert float(fat["sei"]) == pytest.approx(7.2 / (2 * 1.959964), rel=1e-5)
    hr = rows["recovery"]
    assert float(hr["yi"]) == pytest.approx(math.log(1.45))
    assert float(hr["sei"]) == pytest.approx((math.log(2.15) - math.log(0.98)) / (2 * 1.959964), rel=1e-5)
    assert float(hr["vi"]) == pytest.approx(float(hr["sei"]) ** 2, rel=1e-6)
    assert hr["measure"] == "log HR" and hr["comparison"] == "UC-MSC vs saline"
    refused = err.getvalue().splitlines()
    assert len(refused) == 3
    assert any("6-minute" in r and "medians only" in r for r in refused)
    assert any("tumorigenesis" in r and "without per-arm totals" in r for r in refused)
    assert any("hospitalization" in r and "percentages without event counts" in r for r in refused)


def test_effects_csv_has_every_comparison_with_reported_numbers():
    conn, _ = seed_like_store()
    out = io.StringIO()
    assert tables.write_effects_csv(conn, out) == 6
    rows = {r["outcome"]: r for r in read_csv(out.getvalue())}
    assert rows["normal lung CT"]["measure"] == "OR" and rows["normal lung CT"]["value"] == "1.68"
    assert rows["normal lung CT"]["int_percent"] == "46.94" and rows["normal lung CT"]["ctl_events"] == "10"
    assert rows["6-minute walking distance"]["direction"] == "no_difference"
    assert rows["6-minute walking distance"]["int_median"] == "430"
    assert "medians only" in rows["6-minute walking distance"]["not_computable"]
    assert rows["tumorigenesis"]["comparison"] == "MSC vs placebo"
    assert list(read_csv(out.getvalue())[0]) == tables.EFFECT_COLUMNS


def test_revman_rows_per_data_type():
    conn, _ = seed_like_store()
    out = io.StringIO()
    tables.write_revman(conn, out, err=io.StringIO())
    rows = read_csv(out.getvalue())
    kinds = sorted((r["Outcome"], r["Data type"]) for r in rows)
    assert kinds == [("fatigue score", "Continuous"), ("fatigue score", "Generic inverse variance"),
                     ("normal lung CT", "Dichotomous"), ("recovery", "Generic inverse variance")]
    d = next(r for r in rows if r["Data type"] == "Dichotomous")
    assert (d["Experimental events"], d["Experimental total"], d["Control events"], d["Control total"]) == ("23", "49", "10", "29")
    assert d["Derived"] == "yes"


def test_pythonmeta_round_trip():
    conn, _ = seed_like_store()
    out = io.StringIO()
    assert tables.write_pythonmeta(conn, out, err=io.StringIO()) == 4
    recs = tables.parse_pythonmeta(out.getvalue())
    by = {(r["outcome"], r["type"]): r for r in recs}
    assert by[("normal lung CT", "binary")]["values"] == [23, 49, 10, 29]
    assert by[("fatigue score", "continuous")]["values"] == [40, 21.5, 6.2, 20, 25, 7.1]
    assert by[("recovery", "generic:log HR")]["values"][0] == pytest.approx(math.log(1.45))
    assert by[("normal lung CT", "binary")]["timepoint"] == "month 36"


def test_markdown_table_lists_refusals():
    conn, _ = seed_like_store()
    out = io.StringIO()
    assert tables.write_markdown(conn, out) == 3
    text = out.getvalue()
    lines = text.splitlines()
    assert lines[0].startswith("| Study | Outcome |") and lines[1].startswith("|---|")
    assert "| 23/49* (n=" not in text and "23/49*" in text
    assert "**Refused" in text and "medians only" in text
    assert all(line.count("|") == lines[0].count("|") for line in lines if line.startswith("| "))


def test_selected_documents_only():
    conn, _ = seed_like_store()
    out = io.StringIO()
    assert tables.write_metafor(conn, out, [2], err=io.StringIO()) == 2
    assert {r["document_id"] for r in read_csv(out.getvalue())} == {"2"}


def test_registered_in_the_export_registry():
    exports = pytest.importorskip("corpus.exports")
    for name in ("effects-csv", "metafor", "revman", "pythonmeta", "markdown"):
        assert name in exports.WRITERS
    conn, _ = seed_like_store()
    out = io.StringIO()
    assert exports.export(conn, "metafor", out) == 3


def test_no_arms_is_refused_with_a_reason():
    b = StoreBuilder()
    d = b.document("x.txt", sentences=["x."])
    s = b.conn.execute("INSERT INTO studies (document_id) VALUES (?)", (d,)).lastrowid
    b.conn.execute("INSERT INTO outcomes (study_id, name) VALUES (?, 'mortality')", (s,))
    conn = b.commit()
    comps, refused = tables.effect_table(conn)
    assert comps == [] and "no intervention and control arms" in refused[0].reason


@settings(max_examples=40, deadline=None)
@given(st.floats(0.05, 20), st.floats(1.01, 5), st.floats(1.01, 5))
def test_ratio_cis_give_log_scale_se(value, down, up):
    b = StoreBuilder()
    d = b.document("p.txt", sentences=["x."])
    c = b.conn
    s = c.execute("INSERT INTO studies (document_id) VALUES (?)", (d,)).lastrowid
    c.execute("INSERT INTO arms (study_id, label, role) VALUES (?, 'A', 'intervention')", (s,))
    c.execute("INSERT INTO arms (study_id, label, role) VALUES (?, 'B', 'control')", (s,))
    o = c.execute("INSERT INTO outcomes (study_id, name) VALUES (?, 'y')", (s,)).lastrowid
    lo, hi = value / down, value * up
    c.execute("INSERT INTO effects (outcome_id, measure, value, ci_low, ci_high) VALUES (?, 'RR', ?, ?, ?)",
              (o, value, lo, hi))
    (comp,), refused = tables.effect_table(c)
    assert not refused
    assert comp.metafor["yi"] == pytest.approx(math.log(value), abs=1e-9)
    assert comp.metafor["sei"] == pytest.approx((math.log(hi) - math.log(lo)) / (2 * 1.959963984540054), rel=1e-6)
    assert comp.metafor["vi"] == pytest.approx(comp.metafor["sei"] ** 2, rel=1e-6)


def three_arm_store():
    """Two intervention arms against one placebo; one OR named for neither pair, one per pair."""
    b = StoreBuilder()
    c = b.conn
    d = b.document("three.txt", title="Two doses against placebo", sentences=["x."])
    s = c.execute("INSERT INTO studies (document_id) VALUES (?)", (d,)).lastrowid
    lo = c.execute("INSERT INTO arms (study_id, label, role, n_randomized) VALUES (?, 'low dose', 'intervention', 50)", (s,)).lastrowid
    hi = c.execute("INSERT INTO arms (study_id, label, role, n_randomized) VALUES (?, 'high dose', 'intervention', 50)", (s,)).lastrowid
    pl = c.execute("INSERT INTO arms (study_id, label, role, n_randomized, n_analyzed) VALUES (?, 'placebo', 'control', 50, 48)", (s,)).lastrowid
    o = c.execute("INSERT INTO outcomes (study_id, name, kind, timepoint) VALUES (?, 'relapse', 'binary', 'week 12')", (s,)).lastrowid
    c.execute("INSERT INTO effects (outcome_id, measure, value, ci_low, ci_high) VALUES (?, 'OR', 0.5, 0.2, 1.25)", (o,))
    o2 = c.execute("INSERT INTO outcomes (study_id, name, kind, timepoint) VALUES (?, 'pain score', 'continuous', 'week 12')", (s,)).lastrowid
    for arm, mean, sd in ((lo, 3.1, 1.2), (hi, 2.8, 1.1), (pl, 3.9, 1.3)):
        c.execute("INSERT INTO arm_results (outcome_id, arm_id, statistic, value) VALUES (?, ?, 'mean', ?)", (o2, arm, mean))
        c.execute("INSERT INTO arm_results (outcome_id, arm_id, statistic, value) VALUES (?, ?, 'sd', ?)", (o2, arm, sd))
    c.execute("INSERT INTO arm_results (outcome_id, arm_id, statistic, value) VALUES (?, ?, 'total', 47)", (o2, lo))
    return b.commit()


def test_an_effect_naming_no_arms_is_never_repeated_under_invented_comparisons():
    conn = three_arm_store()
    comps, _ = tables.effect_table(conn, keep_refused=True)
    relapse = [c for c in comps if c.outcome == "relapse"]
    assert sorted(c.label for c in relapse) == ["high dose vs placebo", "low dose vs placebo"]
    assert all(c.effect is None for c in relapse)  # the OR belongs to neither pair for sure


def test_n_comes_from_the_outcome_else_the_arms_analysed_n_never_the_randomised_n():
    conn = three_arm_store()
    comps, _ = tables.effect_table(conn, keep_refused=True)
    pain = {c.label: c for c in comps if c.outcome == "pain score"}
    low, high = pain["low dose vs placebo"], pain["high dose vs placebo"]
    assert (low.arm1_n, low.arm2_n, low.n_source) == (47, 48, "outcome; arm analysed")
    assert (high.arm1_n, high.n_source) == (None, "arm analysed")
    assert "m1i" in low.metafor and "m1i" not in high.metafor


def test_metafor_rows_have_slab_adjusted_and_direction_columns():
    conn, _ = seed_like_store()
    out = io.StringIO()
    tables.write_metafor(conn, out, err=io.StringIO())
    rows = read_csv(out.getvalue())
    assert list(rows[0])[:9] == ["slab", "study", "document_id", "outcome", "timepoint", "subgroup",
                                 "comparison", "adjusted", "direction"]
    # documents written without a label (this hand-built store) fall back to their titles
    assert {r["slab"] for r in rows} == {"MSC therapy in severe COVID-19: 3-year follow-up",
                                         "UC-MSCs for post-COVID fatigue"}


@pytest.mark.parametrize("measure, cols", [("OR", ["ai", "bi", "ci", "di", "n1i", "n2i"]),
                                           ("MD", ["m1i", "sd1i", "n1i", "m2i", "sd2i", "n2i"])])
def test_one_measure_per_file(measure, cols):
    from extractor import stats

    conn, _ = seed_like_store()
    out, err = io.StringIO(), io.StringIO()
    n = tables.write_metafor(conn, out, err=err, measure=measure)
    rows = read_csv(out.getvalue())
    assert n == len(rows) == 1
    r = rows[0]
    assert set(cols) <= set(r) and r["source"] in ("counts", "means")
    if measure == "OR":
        assert float(r["yi"]) == pytest.approx(math.log(stats.odds_ratio(23, 26, 10, 19).value))
    else:
        assert float(r["yi"]) == pytest.approx(-3.5)
        assert float(r["vi"]) == pytest.approx(6.2 ** 2 / 40 + 7.1 ** 2 / 20)
    assert "not usable for " + measure in err.getvalue()


def test_unknown_measure_is_a_coded_error():
    from corpus.exports import ExportOptionError

    conn, _ = seed_like_store()
    with pytest.raises(ExportOptionError):
        tables.write_metafor(conn, io.StringIO(), err=io.StringIO(), measure="HR")


def test_forest_svg_is_deterministic_and_labels_the_studies():
    from corpus.forest import write_forest

    conn, _ = seed_like_store()
    a, b = io.StringIO(), io.StringIO()
    n = write_forest(conn, a, err=io.StringIO())
    write_forest(conn, b, err=io.StringIO())
    assert n == 2 and a.getvalue() == b.getvalue()
    svg = a.getvalue()
    assert svg.startswith("<?xml") and "UC-MSCs for post-COVID fatigue" in svg
    assert "fatigue score" in svg and "normal lung CT" in svg


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(-3, 3), st.floats(0.01, 2)), min_size=1, max_size=8))
def test_pooling_properties(studies):
    """Fixed effect lies within the estimates; random effects are never narrower than fixed;
    identical estimates pool to themselves with tau² = 0 (Cochrane Handbook 10.3, 10.10.4)."""
    from extractor.stats import pool_inverse_variance

    yi, vi = [s[0] for s in studies], [s[1] for s in studies]
    fe = pool_inverse_variance(yi, vi, random=False)
    re_ = pool_inverse_variance(yi, vi, random=True)
    assert min(yi) - 1e-9 <= fe.value <= max(yi) + 1e-9
    assert re_.se >= fe.se - 1e-12 and re_.tau2 >= 0 and 0 <= re_.i2 <= 1
    same = pool_inverse_variance([yi[0]] * len(yi), vi, random=True)
    assert same.value == pytest.approx(yi[0]) and same.tau2 == pytest.approx(0, abs=1e-12)
