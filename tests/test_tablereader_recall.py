"""Per-arm numbers a results table prints that were never stored, or stored as the wrong
statistic: cell formats a legend cannot override, and table structures read by their shape."""
from __future__ import annotations

from extractor.trials.armset import label_matcher
from extractor.trials.arms import ArmInfo, ArmMatcher
from extractor.trials.cells import assign, find_specs, read_cell
from extractor.trials.tablereader import read_results_table

from test_tablereader import _Doc


def _spans_in(text):
    """``at(s, start=0)``: the offsets of ``s`` in ``text`` (its first place from ``start``)."""
    def at(s, start=0):
        i = text.index(s, start)
        return i, i + len(s)
    return at


def _arm(label, role, aliases=()):
    a = ArmInfo(label=label, start=0, end=0, intervention=label, role=role)
    a.aliases.update(aliases)
    return a


def _read(doc, arms):
    matcher = ArmMatcher(arms, {})
    return read_results_table(doc.table, doc.text, arms, label_matcher(arms, matcher, {}), [])


def _values(reading):
    return {(o.name, o.timepoint, r.arm.label, r.statistic): r.value for o in reading.outcomes for r in o.results}


# --------------------------------------------------------------------------------------------
# Cell formats
# --------------------------------------------------------------------------------------------
def test_a_bracketed_percent_is_a_share_even_under_a_legend_that_says_mean_sd():
    # a legend (strict reading) naming mean (SD) first never turns "814 (71%)" into a mean and an SD
    specs = find_specs("Data are mean (SD) or n (%)")
    assert assign(read_cell("814 (71%)"), specs, strict=True) == [("events", 814), ("percent", 71)]
    assert assign(read_cell("814 (71%)"), find_specs("mean (SD)"), strict=True) is None
    # a mean printed in percent keeps its spread in percent: still a mean and an SD
    assert assign(read_cell("25.3% (4.1%)"), find_specs("mean (SD)"), strict=True) == [("mean", 25.3), ("sd", 4.1)]


def test_counts_with_percent_signs_in_a_table_whose_footnote_says_mean_sd_first():
    doc = _Doc([["", "Drug (n=410)", "Placebo (n=405)", "Odds ratio (95% CI)"],
                ["Primary outcome, day 90", "", "", ""],
                ["Dead or dependent", "214 (52%)", "236 (58%)", "0.78 (0.59 to 1.03)"],
                ["Length of stay, days", "21.4 (18.2)", "22.9 (19.0)", ""]],
               footnotes="Data are mean (SD) or n (%), unless otherwise stated.")
    drug, pbo = _arm("Drug", "intervention"), _arm("Placebo", "control")
    v = _values(_read(doc, [drug, pbo]))
    got = {k[2:]: x for k, x in v.items() if k[0].startswith("Dead")}
    assert got[("Drug", "events")] == 214 and got[("Placebo", "percent")] == 58
    assert not any(s in ("mean", "sd") for _, s in got)
    assert v[("Length of stay, days", None, "Drug", "sd")] == 18.2


def test_a_stub_naming_the_spread_alone_makes_the_pair_a_mean_and_that_spread():
    assert assign(read_cell("70 (9)"), find_specs("Heart rate, bpm (SD)")) == [("mean", 70), ("sd", 9)]
    assert assign(read_cell("7.2 ± 0.4"), find_specs("HbA1c, % ± SE")) == [("mean", 7.2), ("se", 0.4)]
    # a count and its share stays so; one number under "SD" is the SD column of "Mean | SD"
    assert assign(read_cell("9 (35%)"), find_specs("Heart rate, bpm (SD)")) is None
    assert assign(read_cell("9.1"), find_specs("SD")) == [("sd", 9.1)]


def test_time_points_under_an_outcome_whose_row_names_only_the_sd():
    doc = _Doc([["", "Nurse-led care (n = 31)", "Usual care (n = 30)", "P value"],
                [("Resting heart rate, bpm (SD)", 4)],
                ["Month 0", "71 (10)", "70 (8)", "0.88"],
                ["Month 6", "66 (7)", "70 (12)", "0.21"],
                [("Smokers, n (%)", 4)],
                ["Month 6", "4 (13)", "6 (20)", "0.51"]])
    nurse, usual = _arm("Nurse-led care", "intervention"), _arm("Usual care", "control")
    v = _values(_read(doc, [nurse, usual]))
    assert v[("Resting heart rate, bpm", "Month 6", "Nurse-led care", "mean")] == 66
    assert v[("Resting heart rate, bpm", "Month 6", "Usual care", "sd")] == 12
    assert v[("Smokers", "Month 6", "Usual care", "events")] == 6


def test_a_glossary_naming_both_spreads_leaves_unlabelled_pairs_read_as_mean_sd():
    rows = [["", "Combination (N = 46)", "Monotherapy (N = 45)"],
            ["Systolic BP", "", ""],
            [" Baseline", "152.52 (9.85)", "151.33 (8.99)"],
            [" Week 8", "132.05 (17.45)", "134.63 (18.70)"],
            [" LSM (SE)", "−21.89 (2.44)", "−19.61 (2.66)"]]
    arms = [_arm("Combination", "intervention"), _arm("Monotherapy", "control")]
    both = _Doc(rows, footnotes="SBP systolic blood pressure, SD standard deviation, LSM least square mean, SE standard error")
    v = _values(_read(both, arms))
    assert v[("Systolic BP", "Week 8", "Combination", "mean")] == 132.05
    assert v[("Systolic BP", "Week 8", "Monotherapy", "sd")] == 18.7
    # a legend naming the standard error alone: the unlabelled pairs may be SEs, left unread
    se = _Doc(rows, footnotes="Values are mean (SE).")
    assert not any(s == "sd" for *_, s in _values(_read(se, arms)))


def test_rows_under_a_section_of_entry_data_are_outcomes_where_the_table_gives_them_again_later():
    doc = _Doc([["", "All (n = 41)", ("Sertraline (n = 21)", 2), ("Placebo (n = 20)", 2)],
                ["", "", "Pre-treatment", "12 weeks", "Pre-treatment", "12 weeks"],
                [("Clinical data", 6)],
                [" Age (years)", "30 (6)", "31 (6)", "", "29 (7)", ""],
                [" Waist (cm)", "101 (12)", "100 (12)", "98 (11)*", "103 (13)", "104 (12)"],
                [("Fasting blood samples", 6)],
                [" Insulin (pmol/L)", "139 (66)", "164 (107)", "120 (51)", "144 (74)", "143 (65)"]],
               header_rows=2, footnotes="Data presented as mean (SD).")
    arms = [_arm("Sertraline", "intervention"), _arm("Placebo", "control")]
    v = _values(_read(doc, arms))
    assert v[("Waist (cm)", "12 weeks", "Sertraline", "mean")] == 98
    assert v[("Waist (cm)", "12 weeks", "Placebo", "sd")] == 12
    assert v[("Insulin (pmol/L)", "12 weeks", "Placebo", "mean")] == 143
    assert not any(name.startswith("Age") for name, *_ in v)  # printed at entry only
    # the same section in a table of entry data alone stays no outcome
    base = _Doc([["", "Sertraline (n = 21)", "Placebo (n = 20)"], [("Clinical data", 3)],
                 [" Waist (cm)", "100 (12)", "103 (13)"], [" BMI (kg/m2)", "35.7 (6.7)", "35.9 (6.5)"]])
    assert not _read(base, arms).outcomes


def _spanning_rows(doc, label, n):
    """``doc`` with the stub cell ``label`` spanning ``n`` rows (the rows below print None there)."""
    from dataclasses import replace
    cells = tuple(replace(c, row_span=n) if c.text == label else c for c in doc.table.cells)
    doc.table = replace(doc.table, cells=cells)
    return doc


def test_a_long_table_of_arms_by_time_point_is_read_one_time_point_at_a_time():
    rows = [["Group", "Time point", "N", "Mean ± SD"],
            ["Active", "Before", "18", "5.5 ± 1.5"],
            [None, "10 minutes into treatment", "18", "2.6 ± 1.8"],
            [None, "15 minutes post", "18", "1.2 ± 1.0"],
            ["Sham", "Before", "17", "4.9 ± 2.1"],
            [None, "10 minutes into treatment", "17", "4.6 ± 2.6"],
            [None, "15 minutes post", "17", "3.9 ± 2.1"]]
    doc = _Doc(rows, caption="VAS pain scores by treatment group and time point")
    doc = _spanning_rows(_spanning_rows(doc, "Active", 3), "Sham", 3)
    arms = [_arm("Active", "intervention"), _arm("Sham", "control")]
    r = _read(doc, arms)
    v = _values(r)
    name = "VAS pain scores"
    assert v[(name, "15 minutes post", "Active", "mean")] == 1.2
    assert v[(name, "15 minutes post", "Sham", "sd")] == 2.1
    assert v[(name, "15 minutes post", "Sham", "total")] == 17
    assert v[(name, "10 minutes into treatment", "Active", "mean")] == 2.6
    assert v[(name, "Before", "Sham", "mean")] == 4.9
    # the same rows with the arm printed on every row read alike
    flat = [[c if c is not None else rows[i - (i - 1) % 3][0] for c in row] if i else row for i, row in enumerate(rows)]
    assert _values(_read(_Doc(flat, caption="VAS pain scores by treatment group and time point"), arms)) == v


def test_an_arm_printed_twice_at_one_time_point_is_not_read_as_one():
    rows = [["Group", "Time point", "Pain relief"],
            ["Active", "2 hours", "16"], ["Active", "2 hours", "89%"],
            ["Sham", "2 hours", "2"], ["Sham", "2 hours", "17%"]]
    arms = [_arm("Active", "intervention"), _arm("Sham", "control")]
    v = _values(_read(_Doc(rows, caption="Pain relief"), arms))
    assert not any(k[1] == "2 hours" and k[3] == "events" and x in (89, 17) for k, x in v.items())


def test_a_header_size_that_does_not_give_the_printed_share_is_no_total_of_the_count():
    doc = _Doc([["", "Drug (n=1161)", "Placebo (n=1164)"],
                ["Haematoma expansion", "265 (25%)", "304 (29%)"],
                ["Death", "101 (9%)", "123 (11%)"]])
    arms = [_arm("Drug", "intervention"), _arm("Placebo", "control")]
    v = _values(_read(doc, arms))
    # 265 of 1161 is 22.8%: the 25% counts another denominator (those scanned)
    assert v[("Haematoma expansion", None, "Drug", "events")] == 265
    assert ("Haematoma expansion", None, "Drug", "total") not in v
    # 101 of 1161 is 8.7%, printed 9%: the header's size is the count's total
    assert v[("Death", None, "Drug", "total")] == 1161
    assert v[("Death", None, "Placebo", "total")] == 1164


def test_a_sentence_restating_a_table_count_gives_the_count_its_denominator():
    from extractor.trials.merge import merge_prose
    from extractor.trials.results import OutcomeDraft, ResultDraft

    text = "Expansion\t265 (25%)\t304 (29%)\nHaematoma expansion occurred in 265 of 1054 and 304 of 1058 patients."
    drug, pbo = _arm("Drug", "intervention"), _arm("Placebo", "control")

    at = _spans_in(text)
    t = OutcomeDraft(name="Expansion", start=0, end=9)
    t.results = [ResultDraft(drug, "events", 265, *at("265")), ResultDraft(drug, "percent", 25, *at("25")),
                 ResultDraft(pbo, "events", 304, *at("304")), ResultDraft(pbo, "percent", 29, *at("29"))]
    s0 = text.index("Haematoma")
    p = OutcomeDraft(name="Haematoma expansion", start=s0, end=s0 + 19)
    p.results = [ResultDraft(drug, "events", 265, *at("265", s0)), ResultDraft(drug, "total", 1054, *at("1054")),
                 ResultDraft(pbo, "events", 304, *at("304", s0)), ResultDraft(pbo, "total", 1058, *at("1058"))]
    out = merge_prose([t], [p], text)
    assert out == [t]  # stored once, as the table's
    totals = {(r.arm.label, r.value, text[r.start:r.end]) for r in t.results if r.statistic == "total"}
    assert totals == {("Drug", 1054, "1054"), ("Placebo", 1058, "1058")}


def test_a_sentence_denominator_the_table_share_does_not_confirm_is_not_taken():
    from extractor.trials.merge import merge_prose
    from extractor.trials.results import OutcomeDraft, ResultDraft

    # "10/6 vs. 2/22" (responders/non-responders) misread as counts of totals
    text = "Responders\t10 (62%)\t2 (8%)\nResponders: 10/6 vs. 2/22."
    g1, g2 = _arm("Group 1", "intervention"), _arm("Group 2", "control")
    s0 = text.index("Responders:")

    at = _spans_in(text)
    t = OutcomeDraft(name="Responders", start=0, end=10)
    t.results = [ResultDraft(g1, "events", 10, *at("10")), ResultDraft(g1, "percent", 62, *at("62")),
                 ResultDraft(g2, "events", 2, *at("2 (")), ResultDraft(g2, "percent", 8, *at("8%"))]
    p = OutcomeDraft(name="Responders", start=s0, end=s0 + 10)
    p.results = [ResultDraft(g1, "events", 10, *at("10", s0)), ResultDraft(g1, "total", 6, *at("6", s0)),
                 ResultDraft(g2, "events", 2, *at("2/", s0)), ResultDraft(g2, "total", 22, *at("22", s0))]
    merge_prose([t], [p], text)
    assert not any(r.statistic == "total" for r in t.results)


def test_arm_rows_under_repeated_header_rows_are_read_block_by_block():
    rows = [["CGI-S", "n", "Adjusted mean change (SE)", "Difference", "p"],
            ["Placebo", "99", "−1.71 (0.12)", "—", "—"],
            ["Sertraline", "101", "−1.88 (0.12)", "0.18", "0.224"],
            ["CGI-I response", "Proportion responders", "%", "Odds ratio", "p"],
            ["Placebo", "62/99", "62.6", "—", "—"],
            ["Sertraline", "79/101", "78.2", "0.465", "0.017"]]
    arms = [_arm("Sertraline", "intervention"), _arm("Placebo", "control")]
    v = _values(_read(_Doc(rows, caption="Secondary efficacy outcomes at week 8"), arms))
    resp = {(k[2], k[3]): x for k, x in v.items() if k[0].startswith("CGI-I response")}
    assert resp[("Sertraline", "events")] == 79 and resp[("Sertraline", "total")] == 101
    assert resp[("Placebo", "events")] == 62 and resp[("Placebo", "total")] == 99
    assert any(k[0].startswith("CGI-S") and k[2:] == ("Sertraline", "mean") and x == -1.88 for k, x in v.items())


def test_a_ci_column_named_by_its_method_holds_an_estimate_interval_not_arm_values():
    from extractor.trials.headers import read_label
    assert read_label("Wald 95% CI").role == "ci"
    assert read_label("Exact 95% CI").role == "ci"
    assert read_label("Mean 95% CI").role != "ci"  # a mean and its interval per arm
    rows = [["CGI-I response", "Proportion responders", "Odds ratio", "Wald 95% CI"],
            ["Placebo", "62/99", "—", "—"],
            ["Sertraline", "79/101", "0.465", "0.249 to 0.871"]]
    arms = [_arm("Sertraline", "intervention"), _arm("Placebo", "control")]
    v = _values(_read(_Doc(rows, caption="Response at week 8"), arms))
    assert not any(k[3] in ("ci_low", "ci_high") for k in v)
    assert any(k[2:] == ("Sertraline", "events") and x == 79 for k, x in v.items())
