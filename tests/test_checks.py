"""corpus.checks on hand-built stores: the shared example's numbers and single-check cases."""
import json
import re
from pathlib import Path

import pytest

from corpus import Store
from corpus.checks import CHECK_NAMES, run_checks
from corpus.checkreport import check_store
from extractor.model import (Arm, ArmResult, Article, Effect, Flag, Outcome, Provenance,
                             Study)

from conftest import DATA


class Quoter:
    """Provenance for quotes of one text (each quote found after the previous one)."""

    def __init__(self, text: str):
        self.text = text

    def __call__(self, quote: str, after: str = "") -> Provenance:
        start = self.text.index(after) if after else 0
        i = self.text.index(quote, start)
        return Provenance(i, i + len(quote), quote)


def example_article(fmt: str = "text") -> Article:
    """The shared example as the trial extractor is meant to store it (issue 4's gold)."""
    text = (DATA / "msc-long-covid-news.txt").read_text(encoding="utf-8")
    q = Quoter(text)
    msc, pbo = "MSC", "placebo"
    dose_flags = (Flag("exponent_loss", "flag", "dose '4×107' read as 4×10^7: the superscript "
                       "exponent was lost", "4×10^7", "4×107"),) if fmt == "text" else ()
    arms = (
        Arm(msc, q("49 [MSC]"), role="intervention", n_analyzed=49, intervention="MSC",
            dose="4×107 cells/dose", dose_value=4e7, dose_unit="cells", route="IV",
            schedule="days 0, 3, and 6", flags=dose_flags),
        Arm(pbo, q("29 [placebo]"), role="control", n_analyzed=29, intervention="placebo"),
    )

    def res(arm, stat, value, quote, after="", derived=None, **kw):
        return ArmResult(arm, stat, value, q(quote, after), derived=derived is not None,
                         derivation=derived, **kw)

    def rebuilt(arm, pct, quote, events, total, after):
        f = f"{pct}% × {total} = {events}/{total}"
        return (res(arm, "percent", pct, quote, after),
                res(arm, "events", events, quote, after, f),
                res(arm, "total", total, quote, after, f))

    outcomes = (
        Outcome("normal CT images", q("normal CT images"), timepoint="month 36", kind="binary",
                results=rebuilt(msc, 46.94, "46.94 percent", 23, 49, "")
                + rebuilt(pbo, 34.48, "34.48 percent", 10, 29, ""),
                effects=(Effect("OR", q("odds ratio (OR) of 1.68 (p=0.2819)"), value=1.68,
                                p_value=0.2819, p_relation="=", significant=False,
                                comparison=(msc, pbo)),)),
        Outcome("time to lung CT normalization", q("lung CT normalization"),
                results=(res(msc, "median", 3, "3 vs 18 months", unit="months"),
                         res(pbo, "median", 18, "18 months", unit="months"))),
        Outcome("6-minute walking distance", q("6-minute walking distance"), kind="continuous",
                results=(res(msc, "median", 430, "430 vs 420 m", unit="m"),
                         res(pbo, "median", 420, "420 m", unit="m")),
                effects=(Effect(None, q("not statistically significant"), significant=False,
                                direction="no_difference", comparison=(msc, pbo)),)),
        Outcome("general health (GH) score", q("general health (GH) score"),
                kind="continuous",
                results=(res(msc, "median", 67, "67 vs 50"), res(pbo, "median", 50, "50;")),
                effects=(Effect("difference", q("difference, 12.86; p=0.0278"), value=12.86,
                                p_value=0.0278, p_relation="=", significant=True,
                                direction="favours_intervention", comparison=(msc, pbo)),)),
        Outcome("general health (GH) score", q("aged ≥65 years"), subgroup="aged ≥65 years",
                kind="continuous",
                results=(res(msc, "median", 70, "70 vs 42.5"), res(pbo, "median", 42.5, "42.5;")),
                effects=(Effect("difference", q("difference, 25.47; p=0.0031"), value=25.47,
                                p_value=0.0031, p_relation="=", significant=True,
                                direction="favours_intervention", comparison=(msc, pbo)),)),
        Outcome("new-onset complications including tumorigenesis", q("tumorigenesis"),
                kind="binary",
                results=(res(msc, "events", 22, "n=22 vs 21"), res(pbo, "events", 21, "21)")),
                effects=(Effect(None, q("There were no significant differences"),
                                significant=False, direction="no_difference",
                                comparison=(msc, pbo)),)),
        Outcome("SARS-CoV-2 reinfection", q("reinfection rate"), kind="binary",
                results=rebuilt(msc, 53.06, "53.06 percent", 26, 49, "")
                + rebuilt(pbo, 67.86, "67.86 percent", 19, 28, ""),
                effects=(Effect("OR", q("OR, 0.54"), value=0.54, comparison=(msc, pbo)),)),
        Outcome("hospitalization", q("hospitalization rate"), kind="binary",
                results=rebuilt(msc, 11.54, "11.54 percent", 3, 26, "")
                + rebuilt(pbo, 5.26, "5.26 percent", 1, 19, "")),
    )
    study = Study(q("randomized, double-blind, placebo-controlled"), design="rct",
                  randomized=True, blinding="double-blind", control="placebo",
                  allocation_ratio="2:1", n_randomized=100, n_analyzed=78,
                  follow_up="1,106 days", follow_up_days=1106, arms=arms, outcomes=outcomes)
    return Article(path=f"msc-long-covid-news.{fmt}", sha256=f"{fmt:0>64}", format=fmt,
                   text=text, kind="news", studies=(study,))


@pytest.fixture
def example_store(tmp_path):
    store = Store(tmp_path / "ex.db")
    store.save(example_article())
    return store


def checks_of(store, **where):
    rows = store.rows('SELECT * FROM checks ORDER BY id')
    return [r for r in rows if all(r[k] == v for k, v in where.items())]


def about(store, name_like):
    """Check rows whose subject belongs to an outcome whose name matches ``name_like``."""
    rows = store.rows(
        "SELECT c.*, o.name AS outcome FROM checks c "
        "LEFT JOIN arm_results ar ON c.subject='arm_results' AND ar.id=c.subject_id "
        "LEFT JOIN effects ef ON c.subject='effects' AND ef.id=c.subject_id "
        "LEFT JOIN outcomes o ON o.id = coalesce(ar.outcome_id, ef.outcome_id)")
    return [r for r in rows if r["outcome"] and re.search(name_like, r["outcome"], re.I)]


def test_example_or_and_p_reproduced(example_store):
    ct = about(example_store, "normal CT")
    orr = [r for r in ct if r["check"] == "effect_recomputed"]
    assert [r["status"] for r in orr] == ["pass"]
    assert "1.68" in orr[0]["message"] and "(23×19)/(26×10)" in orr[0]["message"]
    p = [r for r in ct if r["check"] == "p_recomputed"]
    assert [r["status"] for r in p] == ["pass"]
    assert "χ² without continuity correction" in p[0]["message"]
    assert "0.2819" in p[0]["message"]


def test_example_reinfection_denominator_28(example_store):
    rows = [r for r in about(example_store, "reinfection") if r["status"] != "pass"]
    assert [(r["check"], r["status"]) for r in rows] == [("denominator_change", "flag")]
    assert "19/28" in rows[0]["message"] and "n=29" in rows[0]["message"]
    orr = [r for r in about(example_store, "reinfection") if r["check"] == "effect_recomputed"]
    assert orr[0]["status"] == "pass"  # 26/49 vs 19/28 -> 0.5355


def test_example_hospitalization_conditional_denominators(example_store):
    rows = [r for r in about(example_store, "hospitali") if r["status"] != "pass"]
    assert {r["check"] for r in rows} == {"conditional_denominator"}
    msgs = " ".join(r["message"] for r in rows)
    assert "3/26" in msgs and "1/19" in msgs


def test_example_gh_difference_is_not_median_difference(example_store):
    rows = [r for r in about(example_store, "general health")
            if r["check"] == "difference_of_summaries"]
    assert [r["status"] for r in rows] == ["flag", "flag"]
    assert "67 − 50 = 17" in rows[0]["message"]
    assert "70 − 42.5 = 27.5" in rows[1]["message"]


def test_example_tumorigenesis_is_ambiguous_not_failed(example_store):
    rows = [r for r in about(example_store, "tumorigenesis") if r["check"] == "significance_claim"]
    assert [r["status"] for r in rows] == ["flag"]
    assert "22/49 vs 21/29" in rows[0]["message"] and "not stated" in rows[0]["message"]


def test_example_design_checks_and_no_failures(example_store):
    rows = checks_of(example_store)
    assert not [r for r in rows if r["status"] == "fail"]
    sizes = [r for r in rows if r["check"] == "arm_sizes_total"]
    assert [(r["status"], r["message"]) for r in sizes] == [("pass", "arms 49 + 29 = 78 = 78 analysed")]
    alloc = [r for r in rows if r["check"] == "allocation_ratio"]
    assert alloc[0]["status"] == "pass"
    # the extractor's exponent flag is kept, and not duplicated by the dose check
    exp = [r for r in rows if "exponent" in (r["message"] or "")]
    assert [r["check"] for r in exp] == ["exponent_loss"]


def test_rerun_replaces_own_rows_and_keeps_extraction_flags(example_store):
    before = checks_of(example_store)
    ours = [r for r in before if r["check"] in CHECK_NAMES]
    theirs = [r for r in before if r["check"] not in CHECK_NAMES]
    assert theirs and ours
    example_store.transaction(lambda conn: run_checks(conn, 1))
    example_store.transaction(lambda conn: run_checks(conn, 1))
    after = checks_of(example_store)
    assert len(after) == len(before)
    assert [r["id"] for r in after if r["check"] not in CHECK_NAMES] == [r["id"] for r in theirs]


def test_html_format_has_no_exponent_flag(tmp_path):
    store = Store(tmp_path / "h.db")
    a = example_article("html")
    text = a.text.replace("4×107", "4×10^7")
    import dataclasses
    st = a.studies[0]
    arms = (dataclasses.replace(st.arms[0], dose="4×10^7 cells/dose"), st.arms[1])
    store.save(dataclasses.replace(a, text=text, studies=(dataclasses.replace(st, arms=arms),)))
    assert not [r for r in checks_of(store) if "exponent" in (r["message"] or "")]


def test_dose_check_flags_lost_exponent_without_extraction_flag(tmp_path):
    import dataclasses
    a = example_article("html")
    st = a.studies[0]
    arms = (dataclasses.replace(st.arms[0], flags=()), st.arms[1])
    store = Store(tmp_path / "d.db")
    store.save(dataclasses.replace(a, studies=(dataclasses.replace(st, arms=arms),)))
    rows = [r for r in checks_of(store) if r["subject"] == "arms"]
    assert [(r["check"], r["status"], r["expected"]) for r in rows] == [
        ("number_format", "flag", "4×10^7")]


def test_check_report_groups_by_outcome(example_store):
    report = check_store(example_store)
    assert not report.failed
    doc = report.documents[0]
    names = [g["outcome"] for g in doc["groups"]]
    assert names[0] is None  # study-level first
    assert any("reinfection" in (n or "") for n in names)
    text = report.format()
    assert "FLAG  denominator_change" in text and "PASS" not in text
    assert "PASS  effect_recomputed" in report.format(show_pass=True)
    json.dumps(report.to_dict())


# --- single checks on small hand-written passages -------------------------------------------

def two_arm(tmp_path, text, results=(), effects=(), n=(60, 60), kind="binary", study=None,
            name="outcome"):
    """Store a two-arm trial whose values are quoted from ``text``; return the check rows.

    ``results``: (arm, statistic, value, quote); ``effects``: dicts of Effect fields with a
    ``quote``.  Arms are "A" (intervention) and "B" (control).
    """
    q = Quoter(text)
    arms = (Arm("A", q(text[:1]), role="intervention", n_randomized=n[0]),
            Arm("B", q(text[:1]), role="control", n_randomized=n[1]))
    res = tuple(ArmResult(a, s, v, q(quote)) for a, s, v, quote in results)
    effs = tuple(Effect(prov=q(f.pop("quote")), comparison=("A", "B"), **f)
                 for f in map(dict, effects))
    out = Outcome(name, q(text[:1]), kind=kind, results=res, effects=effs)
    st = Study(q(text[:1]), design="rct", arms=arms, outcomes=(out,), **(study or {}))
    store = Store(tmp_path / "one.db")
    store.save(Article(path="one.txt", sha256="1" * 64, format="text", text=text,
                       studies=(st,)))
    return checks_of(store)


def bad(rows):
    return [(r["check"], r["status"]) for r in rows if r["status"] != "pass"]


def test_mean_difference_reproduced_by_welch(tmp_path):
    # Welch: t = 24/9.596 = 2.50, df = 116.9, p = 0.0138, 95% CI 24 ± 1.98×9.596 = 5.0 to 43.0
    text = ("6MWD 412 (SD 50) vs 388 (SD 55) m; mean difference 24 m, 95% CI 5.0 to 43.0; "
            "p=0.014")
    rows = two_arm(tmp_path, text, [("A", "mean", 412, "412"), ("A", "sd", 50, "50"),
                                    ("B", "mean", 388, "388"), ("B", "sd", 55, "55")],
                   [dict(measure="MD", value=24, ci_low=5.0, ci_high=43.0, p_value=0.014,
                         p_relation="=",
                         quote="mean difference 24 m, 95% CI 5.0 to 43.0; p=0.014")],
                   n=(60, 60), kind="continuous")
    assert bad(rows) == []
    p = [r for r in rows if r["check"] == "p_recomputed"][0]
    assert "Welch's t test" in p["message"] and "412 (SD 50, n=60)" in p["message"]
    assert [r["status"] for r in rows if r["check"] == "ci_recomputed"] == ["pass"]


def test_standard_errors_printed_as_sds_are_flagged(tmp_path):
    # the same trial with each arm's standard error (50/√60, 55/√60) printed as its SD
    text = "412 (SD 6.45) vs 388 (SD 7.10); mean difference 24, 95% CI 5.0 to 43.0; p=0.014"
    rows = two_arm(tmp_path, text, [("A", "mean", 412, "412"), ("A", "sd", 6.45, "6.45"),
                                    ("B", "mean", 388, "388"), ("B", "sd", 7.1, "7.10")],
                   [dict(measure="MD", value=24, ci_low=5.0, ci_high=43.0, p_value=0.014,
                         p_relation="=",
                         quote="mean difference 24, 95% CI 5.0 to 43.0; p=0.014")],
                   n=(60, 60), kind="continuous")
    flags = {r["check"]: r["message"] for r in rows if r["status"] == "flag"}
    assert "standard errors" in flags["ci_recomputed"]
    assert "standard errors" in flags["p_recomputed"]


def test_adjusted_odds_ratio_is_not_recomputed_from_crude_counts(tmp_path):
    text = "20/60 vs 10/60; adjusted OR 2.60 (1.08 to 6.26); p=0.033"
    rows = two_arm(tmp_path, text, [("A", "events", 20, "20/60"), ("A", "total", 60, "20/60"),
                                    ("B", "events", 10, "10/60"), ("B", "total", 60, "10/60")],
                   [dict(measure="aOR", value=2.6, ci_low=1.08, ci_high=6.26, p_value=0.033,
                         p_relation="=", quote="adjusted OR 2.60 (1.08 to 6.26); p=0.033")])
    assert bad(rows) == []
    assert not [r for r in rows if r["check"] in ("effect_recomputed", "p_recomputed")]


def test_events_with_percent_name_the_denominator(tmp_path):
    text = "23 (47.9%) vs 10 (16.7%)"
    rows = two_arm(tmp_path, text, [("A", "events", 23, "23"), ("A", "percent", 47.9, "47.9%"),
                                    ("B", "events", 10, "10"), ("B", "percent", 16.7, "16.7%")],
                   n=(49, 60))
    assert bad(rows) == [("denominator_change", "flag")]
    msg = [r["message"] for r in rows if r["status"] == "flag"][0]
    assert "23/48" in msg and "n=49" in msg


@pytest.mark.parametrize("effect, check", [
    (dict(measure="OR", value=1.5, ci_low=2.1, ci_high=0.9, quote="1.5 (2.1 to 0.9)"),
     "number_format"),
    (dict(measure="OR", value=2.5, ci_low=1.1, ci_high=2.1, quote="2.5 (1.1 to 2.1)"),
     "estimate_in_ci"),
    (dict(measure="RR", value=1.2, ci_low=0.8, ci_high=1.8, p_value=278, p_relation="=",
          quote="1.2 (0.8 to 1.8); p=0278"), "number_format"),
    (dict(measure="HR", value=-0.4, quote="HR -0.4"), "number_format"),
])
def test_impossible_numbers_fail(tmp_path, effect, check):
    text = effect["quote"]
    rows = two_arm(tmp_path, text, effects=[effect])
    assert (check, "fail") in bad(rows)


def test_dropped_decimal_p_names_both_readings(tmp_path):
    text = "1.2 (0.8 to 1.8); p=0278"
    rows = two_arm(tmp_path, text, effects=[dict(measure="RR", value=1.2, ci_low=0.8,
                                                 ci_high=1.8, p_value=278, p_relation="=",
                                                 quote=text)])
    msg = [r["message"] for r in rows if r["status"] == "fail"][0]
    assert "278 printed as '0278', 0.278?" in msg


def test_arm_sizes_and_allocation(tmp_path):
    text = "randomized 2:1, 120 patients: 60 vs 70"
    rows = two_arm(tmp_path, text, n=(60, 70),
                   study=dict(n_randomized=120, allocation_ratio="2:1"))
    got = {r["check"]: r for r in rows}
    assert got["arm_sizes_total"]["status"] == "fail"
    assert "60 + 70 = 130 exceed the 120 randomized" in got["arm_sizes_total"]["message"]
    assert got["allocation_ratio"]["status"] == "flag"


def test_p_and_ci_disagree(tmp_path):
    text = "OR 2.10 (1.30 to 3.39); p=0.41"
    rows = two_arm(tmp_path, text, effects=[dict(measure="OR", value=2.1, ci_low=1.3,
                                                 ci_high=3.39, p_value=0.41, p_relation="=",
                                                 quote=text)])
    row = [r for r in rows if r["check"] == "p_ci_consistency"][0]
    assert row["status"] == "fail" and "excludes 1 but p = 0.41" in row["message"]


def test_swapped_arms_show_as_inverted_ratio(tmp_path):
    text = "10/60 vs 20/60; OR 2.50 (1.05 to 5.96)"
    rows = two_arm(tmp_path, text, [("A", "events", 10, "10/60"), ("A", "total", 60, "10/60"),
                                    ("B", "events", 20, "20/60"), ("B", "total", 60, "20/60")],
                   [dict(measure="OR", value=2.5, ci_low=1.05, ci_high=5.96,
                         quote="OR 2.50 (1.05 to 5.96)")])
    row = [r for r in rows if r["check"] == "effect_recomputed"][0]
    assert row["status"] == "flag" and "inverted" in row["message"]


def test_standard_errors_labelled_as_such_are_converted(tmp_path):
    text = "412 (SE 6.45) vs 388 (SE 7.10); mean difference 24, 95% CI 5.0 to 43.0; P ≤ 0.014"
    rows = two_arm(tmp_path, text, [("A", "mean", 412, "412"), ("A", "se", 6.45, "6.45"),
                                    ("B", "mean", 388, "388"), ("B", "se", 7.1, "7.10")],
                   [dict(measure="MD", value=24, ci_low=5.0, ci_high=43.0, p_value=0.014,
                         p_relation="≤", quote="mean difference 24, 95% CI 5.0 to 43.0; P ≤ 0.014")],
                   n=(60, 60), kind="continuous")
    assert bad(rows) == []
    p = [r for r in rows if r["check"] == "p_recomputed"][0]
    assert "SE 6.45, so SD 49.96" in p["message"] and "p < 0.014" in p["message"]


def test_a_checker_bug_is_recorded_not_fatal(tmp_path, monkeypatch):
    import corpus.checks as checks

    def broken(doc):
        raise ZeroDivisionError("boom")
        yield  # pragma: no cover

    monkeypatch.setattr(checks, "CHECKERS", (broken,) + checks.CHECKERS[1:])
    store = Store(tmp_path / "b.db")
    store.save(example_article())
    rows = checks_of(store, check="check_error")
    assert [r["status"] for r in rows] == ["flag"]
    assert "ZeroDivisionError: boom" in rows[0]["message"]
    assert checks_of(store, check="effect_recomputed")  # the other checkers still ran


def test_subgroup_percentages_are_not_held_to_the_arm_size(tmp_path):
    text = "In patients aged 65 years or older, 41.2% vs 23.5% (p=0.28)"
    q = Quoter(text)
    arms = (Arm("A", q("I"), role="intervention", n_randomized=100),
            Arm("B", q("I"), role="control", n_randomized=100))
    out = Outcome("response", q("I"), subgroup="aged 65 years or older", kind="binary",
                  results=(ArmResult("A", "percent", 41.2, q("41.2%")),
                           ArmResult("B", "percent", 23.5, q("23.5%"))),
                  effects=(Effect(None, q("p=0.28"), p_value=0.28, p_relation="=",
                                  comparison=("A", "B")),))
    store = Store(tmp_path / "s.db")
    store.save(Article(path="s.txt", sha256="5" * 64, format="text", text=text,
                       studies=(Study(q("I"), arms=arms, outcomes=(out,)),)))
    rows = checks_of(store)
    assert not [r for r in rows if r["subject"] == "arm_results"]
    assert not [r for r in rows if r["check"] == "p_recomputed"]


def test_an_arm_whose_percentages_share_another_denominator_gets_one_flag(tmp_path):
    # safety table: every percentage of arm A is of 112 analysed, not the 115 randomized
    events = (72, 16, 13, 7)
    text = "; ".join(f"{e} ({100 * e / 112:.1f}%) vs {e} ({100 * e / 110:.1f}%)" for e in events)
    q = Quoter(text)
    arms = (Arm("A", q(text[:1]), role="intervention", n_randomized=115),
            Arm("B", q(text[:1]), role="control", n_randomized=110))
    outs = []
    for i, e in enumerate(events):
        pa, pb = f"{100 * e / 112:.1f}%", f"{100 * e / 110:.1f}%"
        after = text.split("; ")[i]
        outs.append(Outcome(f"adverse event {i}", q(after), results=(
            ArmResult("A", "events", e, q(f"{e} (", after)),
            ArmResult("A", "percent", float(pa[:-1]), q(pa, after)),
            ArmResult("B", "events", e, q(f"vs {e}", after)),
            ArmResult("B", "percent", float(pb[:-1]), q(pb, after)))))
    store = Store(tmp_path / "c.db")
    store.save(Article(path="c.txt", sha256="c" * 64, format="text", text=text,
                       studies=(Study(q(text[:1]), arms=arms, outcomes=tuple(outs)),)))
    flags = [r for r in checks_of(store) if r["status"] != "pass"]
    assert [(r["subject"], r["check"]) for r in flags] == [("arms", "denominator_change")]
    assert "4 percentages fit the denominator 112, not the stored arm size n=115" in \
        flags[0]["message"]


def test_extraction_flag_names_never_collide_with_check_names():
    # run_checks replaces rows by check name, so an extractor Flag must use its own names
    import extractor

    root = Path(extractor.__file__).parent
    names = set()
    for path in root.rglob("*.py"):
        src = path.read_text(encoding="utf-8")
        names |= set(re.findall(r'Flag\(\s*"([a-z_]+)"', src))
        names |= set(re.findall(r'Flag\([^)]*?check\s*=\s*"([a-z_]+)"', src, re.S))
    assert "exponent_loss" in names
    assert not names & CHECK_NAMES


@pytest.mark.parametrize("measure, value, quote", [
    ("RRR", 50.0, "RRR 50%"),        # 1 − (10/60)/(20/60) = 0.5
    ("NNT", 6.0, "NNT 6"),           # 1/|10/60 − 20/60| = 6
    ("RD", -16.7, "RD -16.7"),       # percentage points
])
def test_rrr_nnt_and_rd_recomputed(tmp_path, measure, value, quote):
    text = f"10/60 vs 20/60; {quote}"
    rows = two_arm(tmp_path, text, [("A", "events", 10, "10/60"), ("A", "total", 60, "10/60"),
                                    ("B", "events", 20, "20/60"), ("B", "total", 60, "20/60")],
                   [dict(measure=measure, value=value, quote=quote)])
    got = [r for r in rows if r["check"] == "effect_recomputed"]
    assert [r["status"] for r in got] == ["pass"], got


@pytest.mark.parametrize("mean, status", [(1.37, "flag"), (1.36, "pass")])
def test_grim_for_means_of_counts(tmp_path, mean, status):
    # 28 participants: a mean of whole numbers is k/28 — 1.357 or 1.393, never 1.37
    text = f"mean number of exacerbations {mean:.2f} vs 2.00"
    rows = two_arm(tmp_path, text, [("A", "mean", mean, f"{mean:.2f}"),
                                    ("B", "mean", 2.0, "2.00")], n=(28, 30),
                   kind="continuous", name="number of exacerbations")
    grim = [r for r in rows if r["check"] == "grim"]
    assert [r["status"] for r in grim] == [status, "pass"]
    if status == "flag":
        assert "1.3571, 1.3929" in grim[0]["message"]


def test_grim_is_silent_for_scores_and_large_n(tmp_path):
    text = "pain score 4.37 vs 5.00"
    rows = two_arm(tmp_path, text, [("A", "mean", 4.37, "4.37"), ("B", "mean", 5.0, "5.00")],
                   n=(28, 30), kind="continuous", name="pain score")
    assert not [r for r in rows if r["check"] == "grim"]


def test_a_ratio_limit_rounded_to_zero_is_a_flag(tmp_path):
    text = "OR 0.05 (0.00 to 0.80)"
    rows = two_arm(tmp_path, text, effects=[dict(measure="OR", value=0.05, ci_low=0.0,
                                                 ci_high=0.8, quote=text)])
    assert bad(rows) == [("number_format", "flag")]


def test_p_check_over_many_candidate_tables_reports_the_first_reproducing_one():
    """Counts rebuilt from 0-decimal percentages of 10,000-patient arms give 100 candidate
    tables a side: the χ² tests decide (Fisher's exact test is left out over
    FISHER_MAX_TABLES tables), and the first table a test reproduces is reported."""
    from types import SimpleNamespace

    from corpus import effectchecks as ec
    from extractor import stats

    c1 = [(k, 10_000) for k in range(4950, 5050)]   # "50%"
    c2 = [(k, 10_000) for k in range(5150, 5250)]   # "52%"
    combos = [(x, y) for x in c1 for y in c2]
    assert len(combos) > ec.FISHER_MAX_TABLES
    want = stats.chi2_p(5000, 5000, 5200, 4800)
    e = {"id": 1, "p_value": round(want, 3), "p_relation": "=", "quote": f"p = {round(want, 3)}"}
    rows = list(ec._check_p_counts(SimpleNamespace(id=1), e, combos, "50% vs 52%", "death: OR"))
    assert [r["status"] for r in rows] == ["pass"]
    assert "Fisher" not in rows[0]["message"]
    # the first table in candidate order that a χ² test reproduces is the one named
    h = stats.half_unit(3)
    first = next((x, y) for x, y in combos
                 if any(abs(f(x[0], x[1] - x[0], y[0], y[1] - y[0]) - e["p_value"]) <= h * (1 + 1e-9)
                        for f in (stats.chi2_p, lambda *t: stats.chi2_p(*t, correction=True))))
    assert f"from {first[0][0]}/10000 vs {first[1][0]}/10000" in rows[0]["message"]
