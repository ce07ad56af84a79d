"""Reading results tables as data: the cell grammar, the header grammar, every table layout
the reader knows (tables built for the tests as the readers build them), and the contract
that table cells and the values stored from them agree."""
from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.model import Provenance, Table, TableCell
from extractor.pipeline import extract
from extractor.trials.armset import is_name, label_matcher
from extractor.trials.arms import ArmInfo, ArmMatcher
from extractor.trials.cells import assign, find_specs, read_cell, strip_markers
from extractor.trials.headers import find_time, legend_abbreviations, read_label
from extractor.trials.numbers import parse_number
from extractor.trials.tablereader import header_arm_labels, is_baseline_table, read_results_table

HERE = Path(__file__).parent
TRIALS = HERE / "data" / "trials"


# --------------------------------------------------------------------------------------------
# The cell grammar
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, shape, values", [
    ("151 (63)", "N(N)", [151, 63]),
    ("1.25±0.91 (0–2)†", "N±N(N-N)", [1.25, 0.91, 0, 2]),
    ("−3.0 (16.8)", "N(N)", [-3.0, 16.8]),
    ("–0.3 ± 1.5", "N±N", [-0.3, 1.5]),
    ("36.5% (93/255)", "N%(N/N)", [36.5, 93, 255]),
    ("1\u2009184/8\u2009425 (14%)", "N/N(N%)", [1184, 8425, 14]),
    ("0.052 - 0.058", "N-N", [0.052, 0.058]),
    ("(−11.0 to 4.9)", "(N-N)", [-11.0, 4.9]),
    ("245 (230, 260)", "N(N,N)", [245, 230, 260]),
    ("4·5 (1·2)", "N(N)", [4.5, 1.2]),
    ("53,5", "N", [53.5]),
    ("0.65^c", "N", [0.65]),
    ("− 6 ± 23.3", "N±N", [-6.0, 23.3]),
    ("(− 2.1 to 3.0)", "(N-N)", [-2.1, 3.0]),
    ("2 (1.5)*", "N(N)", [2, 1.5]),
])
def test_cells_read_numbers_and_shape(text, shape, values):
    c = read_cell(text)
    assert c.shape == shape
    assert [n.value for n in c.nums] == pytest.approx(values)


def test_cells_keep_offsets_of_each_number():
    text = "Arm: 12 (40.0) of 30"
    c = read_cell(text[5:14], base=5)
    assert [text[n.start:n.end] for n in c.nums] == ["12", "40.0"]


def test_cells_that_report_nothing_and_sizes_and_p_inside():
    for t in ("NR", "NA", "–", "n/a", "not reported"):
        assert read_cell(t).missing
    c = read_cell("55.7 (20.2) N=98")
    assert (c.shape, c.n.value) == ("N(N)", 98)
    c = read_cell("60% (28.9 ± 7) *P = 0.04")
    assert c.p.value == 0.04 and c.shape == "N%(N±N)"
    assert read_cell("1 (<1)").nums[1].rel == "<"


@pytest.mark.parametrize("label, slots", [
    ("n (%)", [("events", "percent")]),
    ("No. (%)", [("events", "percent")]),
    ("n/N (%)", [("events", "total", "percent")]),
    ("Mean ± SD", [("mean", "sd")]),
    ("mean (SD)", [("mean", "sd")]),
    ("LS mean (SE)", [("mean", "se")]),
    ("Median [IQR]", [("median", "iqr_low", "iqr_high")]),
    ("median (range)", [("median", "range_low", "range_high")]),
    ("Mean (95% CI)", [("mean", "ci_low", "ci_high")]),
    ("% (n)", [("percent", "events")]),
    ("Age, mean years (SD)", [("mean", "sd")]),
    ("Number of patients, n (%)", [("events", "percent")]),
    ("Data are mean ± SD or n (%)", [("mean", "sd"), ("events", "percent")]),
    ("Group P2.5 (n=43)", []),
])
def test_statistic_labels(label, slots):
    assert [s.slots for s in find_specs(label)] == slots


def test_a_cell_takes_the_label_whose_shape_it_has():
    specs = find_specs("Values are mean ± SD or median (IQR)")
    assert assign(read_cell("7.2 ± 1.1"), specs) == [("mean", 7.2), ("sd", 1.1)]
    assert assign(read_cell("4 (2–7)"), specs) == [("median", 4), ("iqr_low", 2), ("iqr_high", 7)]
    assert assign(read_cell("12 (40.0)"), find_specs("n (%)")) == [("events", 12), ("percent", 40.0)]
    # a censored percentage is no value
    assert assign(read_cell("1 (<1)"), find_specs("n (%)")) == [("events", 1)]


@pytest.mark.parametrize("label", ["n or mean", "n, mean", "No. or median"])
def test_one_number_under_a_count_or_a_mean_label_is_never_guessed(label):
    # a lone "12" under "n or mean" is a count or a mean: not read (and never an error)
    got = assign(read_cell("12"), find_specs(label))
    assert got is None or [s for s, _ in got] in (["median"],)


_signed = st.floats(min_value=-9999, max_value=9999, allow_nan=False).map(lambda x: round(x, 2))
_sd = st.floats(min_value=0, max_value=999, allow_nan=False).map(lambda x: round(x, 2))


def _print(x: float, minus: str) -> str:
    s = f"{abs(x):.2f}"
    return (minus if x < 0 else "") + s


@settings(max_examples=200, deadline=None)
@given(_signed, _sd, st.sampled_from(["{m} ± {s}", "{m}±{s}", "{m} ({s})", "{m} (SD {s})"]),
       st.sampled_from(["-", "−", "–"]))
def test_mean_and_sd_read_back_in_any_printing(mean, sd, layout, minus):
    cell = read_cell(layout.format(m=_print(mean, minus), s=_print(sd, minus)))
    got = assign(cell, find_specs("mean ± SD"))
    assert got is not None
    assert got[0] == ("mean", pytest.approx(mean)) and got[1] == ("sd", pytest.approx(sd))


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=20000), st.data())
def test_counts_and_percentages_read_back(n, data):
    k = data.draw(st.integers(min_value=0, max_value=n))
    pct = round(100.0 * k / n, 1)
    grouped = f"{k:,}".replace(",", "\u2009")
    for text in (f"{k} ({pct})", f"{grouped} ({pct}%)", f"{k}/{n} ({pct})"):
        got = dict(assign(read_cell(text), find_specs("n (%) or n/N (%)")) or [])
        assert got["events"] == k and math.isclose(got["percent"], pct)


def test_markers_never_stay_in_names():
    assert strip_markers("Dosing interruptions,^b n (%)") == "Dosing interruptions, n (%)"
    assert strip_markers("self-e^fficacy score*†") == "self-efficacy score"
    assert strip_markers("BMI, kg/m^2") == "BMI, kg/m2"
    assert strip_markers("Analysis of covariance* (A–B)") == "Analysis of covariance (A–B)"
    # a raised number after a name is a footnote mark, after a short unit its exponent
    assert strip_markers("Group A^1") == "Group A"
    assert strip_markers("Placebo^2 (n = 24)") == "Placebo (n = 24)"
    assert read_label("Group B^2, mean").rest == "Group B"
    assert strip_markers("Platelets, cells/mm^3") == "Platelets, cells/mm3"
    assert strip_markers("VO2, ml/min^-1") == "VO2, ml/min-1"


# --------------------------------------------------------------------------------------------
# The header grammar
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("raw, rest, n", [
    # the letter of a group's name is no count "N"
    ("Group N (n=27)", "Group N", 27),
    ("Group N", "Group N", None),
    ("Group P-N (n = 15)", "Group P-N", 15),
    ("Arm N, n = 40", "Arm N", 40),
])
def test_a_group_named_by_the_letter_n(raw, rest, n):
    lab = read_label(raw)
    assert (lab.rest, lab.n, lab.specs) == (rest, n, [])


def test_a_count_column_after_a_group_name_stays_a_count():
    assert read_label("Placebo N").specs[0].slots == ("events",)
    assert read_label("N (%)").specs[0].slots == ("events", "percent")


@pytest.mark.parametrize("label, rest, n, time, role", [
    ("Sunitinib (N = 238)", "Sunitinib", 238, None, None),
    ("Group 1 (Magnesium, n = 64)", "Group 1 (Magnesium)", 64, None, None),
    ("Feedback n = 17", "Feedback", 17, None, None),
    ("6 months, mean (SD)", "", None, "6 months", None),
    ("Postoperative 1st day", "", None, "Postoperative 1st day", None),
    ("Postoperative arrhythmia", "Postoperative arrhythmia", None, None, None),
    ("6-minute walk distance, m", "6-minute walk distance, m", None, None, None),
    ("HbA1c at 12 weeks", "HbA1c", None, "12 weeks", None),
    ("P value^a", None, None, None, "p"),
    ("P- value", None, None, None, "p"),
    ("Hazard ratio (95% CI)", None, None, None, "effect"),
    ("12 hr", "", None, "12 hr", None),
    ("Total (N = 269)", "Total", 269, None, "total"),
    ("Total losses (g/kg/h)", "Total losses (g/kg/h)", None, None, None),
    ("N", None, None, None, "size"),
    ("95% CI", None, None, None, "ci"),
    ("Post-test 2", "", None, "Post-test 2", None),
    ("Follow-up 1, mean (SD)", "", None, "Follow-up 1", None),
    ("Post 12 weeks", "Post", None, "12 weeks", None),
    ("Post 1.5", "Post 1.5", None, None, None),
    ("Recurrent goitre [no (%)]", "Recurrent goitre", None, None, None),
    ("No (%)", None, None, None, None),
    ("Defecation frequency (mean ± SD)", "Defecation frequency", None, None, None),
    ("Stool frequency, mean (SD)", "Stool frequency", None, None, None),
    ("White blood cell count (/nl)", "White blood cell count (/nl)", None, None, None),
    ("Platelet count", "Platelet count", None, None, None),
    ("Adverse events, count", "Adverse events", None, None, None),
])
def test_header_labels(label, rest, n, time, role):
    lab = read_label(label)
    if rest is not None:
        assert lab.rest == rest
    assert (lab.n, lab.time, lab.role) == (n, time, role)


def test_measures_of_estimate_columns_are_case_exact_abbreviations():
    assert read_label("OR (95% CI)").measure == "OR"
    assert read_label("Mean (SD) or median [IQR]").role is None  # "or" is no odds ratio
    assert read_label("Mean RRT dose, mL/kg/hr").role is None  # "hr" is no hazard ratio


def test_time_points_in_prose_clauses():
    assert find_time("in the active group after intake", anywhere=True)[2] == "after intake"
    assert find_time("in the active group after intake") is None


def test_abbreviations_defined_in_table_legends():
    t = Table(prov=Provenance(0, 1, "x"), caption="Pain scores",
              footnotes="VAS = visual analogue scale; RR risk ratio, CI confidence interval\n"
                        "^a Abbreviations: BMI, body mass index")
    assert legend_abbreviations([t]) == {"VAS": "visual analogue scale", "RR": "risk ratio",
                                         "CI": "confidence interval", "BMI": "body mass index"}


# --------------------------------------------------------------------------------------------
# Tables built as the readers build them
# --------------------------------------------------------------------------------------------
class _Doc:
    """Text and a Table whose cells point into it; ``rows`` are lists of cell texts (a
    ``(text, colspan)`` pair spans columns, ``None`` is a position a span covers)."""

    def __init__(self, rows, header_rows=1, caption=None, footnotes=None, prefix=""):
        self.text = prefix + (f"Table 2. {caption}\n" if caption else "")
        cells = []
        ncols = max(sum(c[1] if isinstance(c, tuple) else 1 for c in r if c is not None) for r in rows)
        for r, row in enumerate(rows):
            col = 0
            for c in row:
                if c is None:
                    col += 1
                    continue
                text, span = c if isinstance(c, tuple) else (c, 1)
                start = len(self.text)
                self.text += text
                cells.append(TableCell(r, col, text, Provenance(start, start + len(text), text),
                                       col_span=span, is_header=r < header_rows))
                self.text += "\t"
                col += span
            self.text += "\n"
        self.text += (footnotes or "") + "\n"
        self.table = Table(prov=Provenance(0, len(self.text), self.text), label="Table 2", caption=caption,
                           footnotes=footnotes, n_rows=len(rows), n_cols=ncols, cells=tuple(cells))


def _arms(*labels):
    arms = [ArmInfo(label=lab, start=0, end=0, intervention=lab) for lab in labels]
    for a in arms:
        a.role = "control" if lab_is_control(a.label) else "intervention"
    if len(arms) == 2 and all(a.role == "intervention" for a in arms):
        arms[1].role = "control"
    return arms


def lab_is_control(label):
    return bool(re.search(r"placebo|control|usual", label, re.I))


def _read(doc, arms):
    matcher = ArmMatcher(arms, {})
    return read_results_table(doc.table, doc.text, arms, label_matcher(arms, matcher, {}))


def _values(reading):
    return {(o.name, o.timepoint, o.subgroup, r.arm.label, r.statistic): r.value for o in reading.outcomes
            for r in o.results}


def _provenance_holds(doc, reading):
    for o in reading.outcomes:
        for r in o.results:
            assert parse_number(doc.text[r.start:r.end]) == pytest.approx(r.value)


def test_arms_as_columns_with_sizes_statistics_and_estimates():
    doc = _Doc([["Outcome", "Drug X (n = 50)", "Placebo (n = 48)", "Difference (95% CI)", "P"],
                ["Responders, n (%)", "30 (60.0)", "18 (37.5)", "22.5 (3.4 to 41.6)", "0.03"],
                ["Pain score, mean ± SD", "3.1 ± 1.2", "4.0 ± 1.4", "−0.9 (−1.4 to −0.4)", "<0.001"]])
    arms = _arms("Drug X", "placebo")
    r = _read(doc, arms)
    v = _values(r)
    assert v[("Responders", None, None, "Drug X", "events")] == 30
    assert v[("Responders", None, None, "placebo", "percent")] == 37.5
    assert v[("Pain score", None, None, "placebo", "sd")] == 1.4
    pain = next(o for o in r.outcomes if o.name == "Pain score")
    e, = pain.effects
    assert (e.hit.measure, e.hit.value, e.hit.ci_low, e.hit.ci_high, e.hit.p_value, e.hit.p_relation) == \
        ("difference", -0.9, -1.4, -0.4, 0.001, "<")
    assert [a.label for a in e.arms] == ["Drug X", "placebo"]
    assert [(s.arm.label, s.n) for s in r.sizes] == [("Drug X", 50), ("placebo", 48)]
    _provenance_holds(doc, r)


def test_arms_as_rows_with_a_size_column_and_an_odds_ratio_column():
    doc = _Doc([["Group", "N", "Remission, n (%)", "OR (95% CI)"],
                ["Drug X", "50", "21 (42.0)", "2.1 (0.9–4.8)"],
                ["Placebo", "48", "12 (25.0)", "1.00"]])
    r = _read(doc, _arms("Drug X", "placebo"))
    v = _values(r)
    assert v[("Remission", None, None, "Drug X", "events")] == 21
    assert v[("Remission", None, None, "placebo", "total")] == 48
    o, = r.outcomes
    assert [(e.hit.measure, e.hit.value) for e in o.effects] == [("OR", 2.1)]
    assert {s.arm.label: s.n for s in r.sizes} == {"Drug X": 50, "placebo": 48}


def test_time_points_and_subgroups_spanning_arm_columns():
    doc = _Doc([["", ("Week 4", 2), ("Week 12", 2)],
                ["", "Drug X", "Placebo", "Drug X", "Placebo"],
                ["FEV1, L, mean (SD)", "2.31 (0.40)", "2.20 (0.42)", "2.35 (0.41)", "2.18 (0.45)"]], header_rows=2)
    v = _values(_read(doc, _arms("Drug X", "placebo")))
    assert v[("FEV1, L", "Week 4", None, "Drug X", "mean")] == 2.31
    assert v[("FEV1, L", "Week 12", None, "placebo", "sd")] == 0.45
    doc = _Doc([["", ("Children", 2), ("Adults", 2)],
                ["", "Drug X", "Placebo", "Drug X", "Placebo"],
                ["Relapse, n (%)", "3 (15.0)", "7 (35.0)", "4 (10.0)", "9 (22.5)"]], header_rows=2)
    v = _values(_read(doc, _arms("Drug X", "placebo")))
    assert v[("Relapse", None, "Children", "placebo", "events")] == 7
    assert v[("Relapse", None, "Adults", "Drug X", "percent")] == 10.0


def test_statistics_split_over_sub_columns():
    doc = _Doc([["", ("Drug X", 3), ("Placebo", 3)],
                ["Visit", "n", "%", "Mean days", "n", "%", "Mean days"],
                ["Month 3", "14", "28.0", "6.2", "22", "44.0", "8.9"]], header_rows=2, caption="Sick leave by group")
    v = _values(_read(doc, _arms("Drug X", "placebo")))
    assert v[("Sick leave", "Month 3", None, "Drug X", "events")] == 14
    assert v[("Sick leave", "Month 3", None, "placebo", "percent")] == 44.0
    assert v[("Sick leave, days", "Month 3", None, "placebo", "mean")] == 8.9


def test_a_statistic_column_beside_an_arm_column_belongs_to_that_arm():
    # no spanning arm header: "Drug X, mean (95% CI) | SD | Placebo, mean (95% CI) | SD", and
    # numbered stubs under a "Visit" stub header are time points of the caption's outcome
    doc = _Doc([["Visit", "Drug X mean (95% CI)", "SD", "Placebo mean (95% CI)", "SD", "P"],
                ["1", "5.2 (4.6–5.8)", "1.9", "5.0 (4.4–5.6)", "2.1", "0.62"],
                ["2", "6.4 (5.9–6.9)", "1.7", "5.1 (4.5–5.7)", "2.0", "0.003"]],
               caption="Mean exercise self-efficacy score (0–10) by group")
    r = _read(doc, _arms("Drug X", "placebo"))
    v = _values(r)
    assert v[("Mean exercise self-efficacy score (0–10)", "Visit 2", None, "Drug X", "mean")] == 6.4
    assert v[("Mean exercise self-efficacy score (0–10)", "Visit 2", None, "Drug X", "sd")] == 1.7
    assert v[("Mean exercise self-efficacy score (0–10)", "Visit 2", None, "placebo", "sd")] == 2.0
    assert v[("Mean exercise self-efficacy score (0–10)", "Visit 1", None, "placebo", "ci_high")] == 5.6
    assert len(r.outcomes) == 2
    _provenance_holds(doc, r)
    # a statistic column with no arm on its left stays unread
    doc = _Doc([["Outcome", "SD", "Drug X", "Placebo"],
                ["Pain", "1.1", "3.0", "4.0"]])
    assert ("Pain", None, None, "Drug X", "sd") not in _values(_read(doc, _arms("Drug X", "placebo")))


def test_a_short_label_never_names_the_arm_that_negates_it():
    # arms "attractive pen" and "no pen"; the table says "Pen" and "No pen"
    doc = _Doc([["", "Total N", "Responders, n (%)", "OR (95% CI)"],
                ["Pen", "63", "39 (61.9)", "1.85 (0.91–3.77)"],
                ["No pen", "62", "29 (46.8)", "1.00"]])
    arms = [ArmInfo(label="attractive pen", start=0, end=0, intervention="attractive pen"),
            ArmInfo(label="no pen", start=0, end=0, intervention="no pen")]
    arms[0].role, arms[1].role = "intervention", "control"
    v = _values(_read(doc, arms))
    assert v[("Responders", None, None, "attractive pen", "events")] == 39
    assert v[("Responders", None, None, "no pen", "events")] == 29


def test_section_rows_with_generic_children_are_one_outcome():
    doc = _Doc([["Variable", "Drug X (N = 120)", "Placebo (N = 118)", "Hazard ratio", "95% CI", "P"],
                ["Progression-free survival", "", "", "", "", ""],
                ["Events, n (%)", "70 (58)", "84 (71)", "", "", ""],
                ["Median, months", "7.4", "5.1", "0.72", "0.52–0.99", "0.04"],
                ["95% CI", "6.0–8.8", "4.2–6.3", "", "", ""]])
    r = _read(doc, _arms("Drug X", "placebo"))
    o, = r.outcomes
    assert o.name == "Progression-free survival"
    got = {(x.arm.label, x.statistic): x.value for x in o.results}
    assert got[("Drug X", "events")] == 70 and got[("placebo", "median")] == 5.1
    assert got[("placebo", "ci_low")] == 4.2
    e, = o.effects
    assert (e.hit.measure, e.hit.value, e.hit.ci_low, e.hit.ci_high, e.hit.p_value) == ("HR", 0.72, 0.52, 0.99, 0.04)


def test_change_rows_name_the_change_of_the_outcome_above():
    doc = _Doc([["", "Drug X (n = 30)", "Placebo (n = 30)"],
                ["Weight, kg", "", ""],
                ["Baseline", "81.2 (9.0)", "80.4 (8.7)"],
                ["Week 24", "77.0 (8.8)", "79.9 (8.9)"],
                ["Change", "−4.2 (2.1)", "−0.5 (1.9)"]], caption="Body weight. Values are mean (SD).")
    v = _values(_read(doc, _arms("Drug X", "placebo")))
    assert v[("Weight, kg", "Baseline", None, "Drug X", "mean")] == 81.2
    assert v[("Weight, kg", "Week 24", None, "placebo", "sd")] == 8.9
    assert v[("Weight, kg, Change", None, None, "Drug X", "mean")] == -4.2


def test_two_arms_in_one_column():
    doc = _Doc([["Variable", "Pre-test; Yoga (control)", "Post-test; Yoga (control)"],
                ["Stress score", "21.2±4.1 (20.8±3.9)", "15.0±3.6 (20.1±4.2)"]], caption="Values are mean ± SD.")
    v = _values(_read(doc, _arms("yoga", "control")))
    assert v[("Stress score", "Post-test", None, "yoga", "mean")] == 15.0
    assert v[("Stress score", "Post-test", None, "control", "sd")] == 4.2


def test_a_header_repeated_part_way_down_starts_a_new_part():
    doc = _Doc([["Contact", "Drug X 0-3 months m (SD)", "Placebo 0-3 months m (SD)"],
                ["Visits", "3.4 (1.2)", "2.6 (1.3)"],
                ["", "Drug X 4-12 months m (SD)", "Placebo 4-12 months m (SD)"],
                ["Visits", "2.5 (2.3)", "2.4 (2.6)"]])
    v = _values(_read(doc, _arms("Drug X", "placebo")))
    assert v[("Visits", "0-3 months", None, "Drug X", "mean")] == 3.4
    assert v[("Visits", "4-12 months", None, "placebo", "sd")] == 2.6


def test_baseline_tables_give_sizes_only():
    doc = _Doc([["Characteristic", "Drug X (n = 60)", "Placebo (n = 58)"],
                ["Age, years, mean (SD)", "54.1 (8.2)", "55.0 (7.9)"],
                ["Women, n (%)", "31 (51.7)", "29 (50.0)"]], caption="Baseline characteristics")
    assert is_baseline_table(doc.table)
    r = _read(doc, _arms("Drug X", "placebo"))
    assert r.outcomes == [] and [s.n for s in r.sizes] == [60, 58]


def test_cells_no_label_describes_are_read_only_when_unambiguous():
    # no legend: "12 (40.0)" is a count when 12 of the column's 30 is 40.0%
    doc = _Doc([["", "Drug X (n = 30)", "Placebo (n = 30)"], ["Nausea", "12 (40.0)", "5 (16.7)"]])
    v = _values(_read(doc, _arms("Drug X", "placebo")))
    assert v[("Nausea", None, None, "Drug X", "events")] == 12
    # "mean (SD), median (IQR)" over "25 (7.75)": either reading fits, none is stored
    doc = _Doc([["", "Drug X", "Placebo"], ["Hospital stay, days", "25 (7.75)", "24 (11.0)"]],
               footnotes="Data are mean (SD), median (interquartile range), or n (%).")
    assert _read(doc, _arms("Drug X", "placebo")).outcomes == []
    # nothing said at all: mean (SD) by convention, and flagged as assumed
    doc = _Doc([["", "Drug X", "Placebo"], ["Weight, kg", "81.5 (13.2)", "82.3 (19.9)"]])
    o, = _read(doc, _arms("Drug X", "placebo")).outcomes
    assert {r.statistic for r in o.results} == {"mean", "sd"} and all(r.note for r in o.results)


def test_a_mean_and_sd_with_a_bracket_around_the_mean_are_read_as_mean_and_sd():
    # "mean ± SD (range)", "mean ± SD [95% CI]", "mean ± SD (median, range)" where no label
    # says more than "mean": the mean and its SD, the bracket read no further
    doc = _Doc([["", "Sling A", "Sling B", "p value"],
                ["Daily pads after surgery (mean)", "0.30±0.57 (0-2)", "0.55±0.68 (0-2)", "p=0.192"],
                ["Weight change, kg", "−3.9 ± 3.3 [−4.8, −3.1]", "−3.1 ± 2.6 [−3.8, −2.3]", "0.04"],
                ["Walking distance, m", "69.4±4.1 (69.0, 65–82)", "70.1±4.5 (70.0, 65–84)", "0.5"]])
    r = _read(doc, _arms("Sling A", "Sling B"))
    v = _values(r)
    assert v[("Daily pads after surgery", None, None, "Sling A", "mean")] == 0.30
    assert v[("Daily pads after surgery", None, None, "Sling B", "sd")] == 0.68
    assert v[("Weight change, kg", None, None, "Sling A", "mean")] == -3.9
    assert v[("Weight change, kg", None, None, "Sling B", "sd")] == 2.6
    assert v[("Walking distance, m", None, None, "Sling A", "sd")] == 4.1
    assert not any(k[4].startswith(("range", "ci", "median")) for k in v)
    _provenance_holds(doc, r)
    # a bracket that does not hold the mean is no range or interval of it: not read
    doc = _Doc([["", "Sling A", "Sling B"], ["Pads", "4.3±0.8 (1-2)", "4.1±0.7 (1-2)"]])
    assert _read(doc, _arms("Sling A", "Sling B")).outcomes == []


def test_the_one_time_point_a_caption_names_is_the_time_point_of_every_outcome_of_the_table():
    rows = [["", "Drug X (n = 23)", "Placebo (n = 20)"], ["HDL-C, mmol/L", "1.45 (0.40)", "1.19 (0.23)"],
            ["LDL-C, mmol/L", "2.20 (0.45)", "2.63 (0.76)"]]
    doc = _Doc(rows, caption="Lipids in children treated with drug X or placebo for 6 months. Values are mean (SD).")
    v = _values(_read(doc, _arms("Drug X", "placebo")))
    assert v[("HDL-C, mmol/L", "6 months", None, "Drug X", "mean")] == 1.45
    assert v[("LDL-C, mmol/L", "6 months", None, "placebo", "sd")] == 0.76
    # several time points, or a change between two, name no one time of the rows
    for caption in ("Lipids at 3 and 6 months. Values are mean (SD).",
                    "Lipids at baseline and after 6 months. Values are mean (SD).", "Lipids. Values are mean (SD)."):
        v = _values(_read(_Doc(rows, caption=caption), _arms("Drug X", "placebo")))
        assert v and all(k[1] is None for k in v), caption
    # a time point of the headers is kept
    doc = _Doc([["", "Drug X week 12", "Placebo week 12"], ["HDL-C, mmol/L", "1.45 (0.40)", "1.19 (0.23)"]],
               caption="Lipids after treatment for 6 months. Values are mean (SD).")
    assert {k[1] for k in _values(_read(doc, _arms("Drug X", "placebo")))} == {"week 12"}


def test_a_caption_naming_the_phase_before_or_after_treatment_times_every_outcome_of_the_table():
    rows = [["", "Drug X (n = 23)", "Placebo (n = 20)"], ["Anxiety score", "41.2 (6.3)", "40.8 (5.9)"]]
    for caption, when in (("Anxiety of the two groups before the intervention", "before the intervention"),
                          ("Anxiety of the two groups after the intervention", "after the intervention"),
                          ("Outcome measures, postintervention. Values are mean (SD).", "postintervention"),
                          ("Anxiety of the two groups at the end of the study", "end of the study")):
        v = _values(_read(_Doc(rows, caption=caption), _arms("Drug X", "placebo")))
        assert v[("Anxiety score", when, None, "Drug X", "mean")] == 41.2, caption
    # a change, or the phases before and after together, time no row
    for caption in ("Changes in anxiety after the intervention", "Anxiety before and after the intervention"):
        v = _values(_read(_Doc(rows, caption=caption), _arms("Drug X", "placebo")))
        assert v and all(k[1] is None for k in v), caption
    # a time point of the headers is kept
    doc = _Doc([["", "Drug X week 4", "Placebo week 4"], ["Anxiety score", "41.2 (6.3)", "40.8 (5.9)"]],
               caption="Anxiety of the two groups after the intervention")
    assert {k[1] for k in _values(_read(doc, _arms("Drug X", "placebo")))} == {"week 4"}


def test_a_one_number_bracket_under_the_methods_mean_sd_or_median_iqr_is_the_sd():
    # the methods say "mean (SD) or median (IQR)" of every figure of the article: a bracket of
    # one number is an SD (an IQR is printed as its two quartiles); the table's own legend
    # saying both still leaves it unread (see above)
    doc = _Doc([["", "Drug X (n = 23)", "Placebo (n = 20)"], ["HDL-C, mmol/L", "1.45 (0.40)", "1.19 (0.23)"],
                ["Hospital stay, days", "6 (4–9)", "7 (5–11)"]])
    arms = _arms("Drug X", "placebo")
    said = find_specs("Data are presented as mean (standard deviation) or median (interquartile range).")
    r = read_results_table(doc.table, doc.text, arms, label_matcher(arms, ArmMatcher(arms, {}), {}), said)
    v = _values(r)
    assert v[("HDL-C, mmol/L", None, None, "Drug X", "sd")] == 0.40
    assert v[("Hospital stay, days", None, None, "placebo", "iqr_high")] == 11
    _provenance_holds(doc, r)


def test_a_caption_size_is_every_arm_s_size_in_a_crossover_trial_only():
    rows = [["", "Placebo", "", "Drug X", ""], ["", "Baseline", "Week 8", "Baseline", "Week 8"],
            ["Pulse wave velocity, cm/s", "1598 ± 240", "1607 ± 260", "1622 ± 230", "1592 ± 249"]]
    caption = "Changes from baseline to week 8 in the drug X and placebo periods (n=37)"
    arms = _arms("Drug X", "placebo")
    doc = _Doc(rows, header_rows=2, caption=caption, prefix="A randomised, double-blind crossover trial.\n")
    r = _read(doc, arms)
    assert sorted((s.arm.label, s.n) for s in r.sizes) == [("Drug X", 37), ("placebo", 37)]
    assert all(doc.text[s.start:s.end] == "37" for s in r.sizes)
    # in a parallel-group trial the caption's size is everyone's, not each arm's
    doc = _Doc(rows, header_rows=2, caption=caption, prefix="A randomised, double-blind parallel-group trial.\n")
    assert _read(doc, _arms("Drug X", "placebo")).sizes == []


def test_a_glossary_of_abbreviations_in_the_notes_is_no_statistic_label():
    # "LSM least squares mean, SE standard error" defines two short forms: it does not say
    # the cells are mean (SE)
    notes = "HR heart rate, SD standard deviation, LSM least squares mean, SE standard error, BP blood pressure"
    doc = _Doc([["", "Drug X (n = 60)", "Placebo (n = 58)"], ["Heart rate, week 12", "71.4 (9.8)", "75.0 (10.6)"]],
               footnotes=notes)
    v = _values(_read(doc, _arms("Drug X", "placebo")))
    assert not any(k[4] == "se" for k in v)
    # a row that says what it holds still does
    doc = _Doc([["", "Drug X (n = 60)", "Placebo (n = 58)"], ["Heart rate", "", ""],
                ["LSM (SE)", "−4.1 (1.2)", "−0.6 (1.3)"]], footnotes=notes)
    v = _values(_read(doc, _arms("Drug X", "placebo")))
    assert {k[3:]: x for k, x in v.items() if k[4] != "total"} == {("Drug X", "mean"): -4.1, ("Drug X", "se"): 1.2,
                                                ("placebo", "mean"): -0.6, ("placebo", "se"): 1.3}
    # a sentence of the notes that states the statistic is still read
    doc = _Doc([["", "Drug X (n = 60)", "Placebo (n = 58)"], ["Heart rate, week 12", "71.4 (1.3)", "75.0 (1.4)"]],
               footnotes="Values are mean (SE). SE standard error, HR heart rate")
    v = _values(_read(doc, _arms("Drug X", "placebo")))
    assert v[("Heart rate", "week 12", None, "Drug X", "se")] == 1.3


def test_a_lone_number_is_no_median_when_the_notes_give_medians_with_ranges():
    doc = _Doc([["", "Laparoscopic (n = 40)", "Open (n = 38)"],
                ["Operating time", "185 (140–260)", "120 (90–210)"],
                ["Unit cost of a stapler, EUR", "1,240", "310"]],
               footnotes="Data are numbers or median values with ranges in parentheses.")
    v = _values(_read(doc, _arms("Laparoscopic", "Open")))
    assert v[("Operating time", None, None, "Laparoscopic", "median")] == 185
    assert v[("Operating time", None, None, "Open", "range_high")] == 210
    assert not any(k[0].startswith("Unit cost") for k in v)


def test_counts_of_things_other_than_participants_are_counts():
    doc = _Doc([["", "Drug X (n = 100)", "Placebo (n = 100)"], ["Diarrhoea episodes", "141", "188"]],
               caption="Episodes over the study. Values are numbers (n).")
    v = _values(_read(doc, _arms("Drug X", "placebo")))
    assert ("Diarrhoea episodes", None, None, "Drug X", "count") in v
    assert not any(k[4] == "events" for k in v)


def test_group_names_printed_in_headers():
    doc = _Doc([["", "Group A (n = 20)", "Group B (n = 21)", "P"], ["Score", "1", "2", "0.5"]])
    assert [(n, k) for n, _, k in header_arm_labels(doc.table)] == [("Group A", 20), ("Group B", 21)]
    doc = _Doc([["", "Group L", "Group S"], ["", "(n = 16)", "(n = 17)"], ["Score", "1", "2"]], header_rows=2)
    assert [(n, k) for n, _, k in header_arm_labels(doc.table)] == [("Group L", 16), ("Group S", 17)]


def test_prose_phrases_are_no_arm_names():
    for label in ("including those colonised at admission", "undergo laparoscopic", "groups: a drug",
                  "multicenter study", "which was approximately 12 weeks", "mg", "Gy", "mg/kg", "20 mg"):
        assert not is_name(label), label
    for label in ("placebo", "Group P7.5", "ETN + MTX", "usual care plus exercise"):
        assert is_name(label), label


# --------------------------------------------------------------------------------------------
# The contract: every value read from a table is the number its cell prints
# --------------------------------------------------------------------------------------------
_CONTRACT_DOCS = sorted(p for p in TRIALS.iterdir() if p.suffix in (".txt", ".html", ".xml")) + \
    sorted((HERE / "data" / "jats").glob("*.xml"))


@pytest.mark.parametrize("path", _CONTRACT_DOCS, ids=[p.name for p in _CONTRACT_DOCS])
def test_table_cells_and_stored_values_agree(path):
    art = extract(path)
    cells = [(c.prov.char_start, c.prov.char_end, c) for t in art.tables for c in t.cells]
    for s in art.studies:
        for o in s.outcomes:
            for r in o.results:
                p = r.prov
                assert art.text[p.char_start:p.char_end] == p.quote
                inside = [c for a, b, c in cells if a <= p.char_start and p.char_end <= b]
                if not inside or r.derived:
                    continue
                assert parse_number(p.quote) == pytest.approx(r.value), (o.name, r)
                # the number is one the cell grammar reads from its cell
                cell = inside[0]
                nums = [n for n in read_cell(cell.text, cell.prov.char_start).nums] + \
                    [x for x in (read_cell(cell.text, cell.prov.char_start).n,) if x is not None]
                assert any(n.start == p.char_start and n.end == p.char_end for n in nums) or \
                    p.quote.strip() in cell.text, (o.name, r)


def test_the_one_arm_a_header_leaves_unnamed_is_the_label_beside_the_named_arm():
    # "Lakeside" is a programme name the text never defines; "Waitlist" names the control arm
    doc = _Doc([["", ("Baseline", 2), ("Mid-point", 2), ("Final", 2)],
                ["", "Waitlist", "Lakeside", "Waitlist", "Lakeside", "Waitlist", "Lakeside"],
                ["Responders, n (%)", "10 (33.3)", "9 (30.0)", "8 (26.7)", "4 (13.3)", "9 (30.0)", "3 (10.0)"]],
               header_rows=2)
    v = _values(_read(doc, _arms("home exercise classes", "waitlist")))
    assert v[("Responders", "Final", None, "home exercise classes", "events")] == 3
    assert v[("Responders", "Final", None, "waitlist", "events")] == 9
    assert v[("Responders", "Mid-point", None, "home exercise classes", "percent")] == 13.3


def test_no_arm_is_guessed_for_a_label_that_is_not_an_arm():
    # "All" pools the arms; with three arms and one unnamed, no column is given to it
    doc = _Doc([["", "Waitlist", "All"], ["Falls, n (%)", "10 (33.3)", "19 (31.7)"]])
    assert _values(_read(doc, _arms("home exercise classes", "waitlist"))) == {}
    doc = _Doc([["", "Waitlist", "Lakeside"], ["Falls, n (%)", "10 (33.3)", "9 (30.0)"]])
    assert _values(_read(doc, _arms("home exercise classes", "stretching", "waitlist"))) == {}


def test_the_stub_header_names_the_outcome_of_its_time_point_rows():
    doc = _Doc([["Anti-TPO titre", "Drug X (n = 30)", "Placebo (n = 30)", "P"],
                ["Visit 1", "28.1 ± 5.0", "27.9 ± 4.8", "0.8"],
                ["Visit 4", "21.3 ± 4.1", "26.0 ± 4.4", "0.01"],
                ["Change in anti-TPO titre", "", "", ""],
                ["Visit 4 – Visit 1", "− 6.8 ± 3.2", "− 1.9 ± 3.0", "0.02"]])
    v = _values(_read(doc, _arms("Drug X", "placebo")))
    assert v[("Anti-TPO titre", "Visit 4", None, "Drug X", "mean")] == 21.3
    assert v[("Anti-TPO titre", "Visit 1", None, "placebo", "sd")] == 4.8
    change = {k: x for k, x in v.items() if k[0].startswith("Change in anti-TPO titre")}
    assert change[("Change in anti-TPO titre, Visit 4 – Visit 1", "Visit 4", None, "Drug X", "mean")] == -6.8
    # a generic stub header ("Outcome", "Time point") names nothing
    doc = _Doc([["Time point", "Drug X", "Placebo"], ["Week 4", "2.1 (0.4)", "2.0 (0.5)"]])
    assert all(o.name != "Time point" for o in _read(doc, _arms("Drug X", "placebo")).outcomes)


def test_a_stub_naming_two_time_points_is_the_change_between_them():
    lab = read_label("Visit 5 – Visit 1")
    assert (lab.time, lab.change, lab.rest) == ("Visit 5", True, "")
    lab = read_label("Week 12 - baseline")
    assert (lab.time, lab.change, lab.rest) == ("Week 12", True, "")
    lab = read_label("Days 1-7")
    assert (lab.time, lab.change) == ("Days 1-7", False)
    assert read_label("Mid-point").time == "Mid-point"


def test_a_time_point_header_with_its_statistic_after_it_is_that_time_point():
    # "12 weeks mean ± SD" over each arm's rows: the cells are at 12 weeks, their statistic
    # the mean and SD; the "±" between the statistic's words is no word after the time
    for text, time in (("12 weeks mean ± SD", "12 weeks"), ("0 week\nmean ± SD", "0 week"),
                       ("Week 12, mean +/- SD", "Week 12")):
        lab = read_label(text)
        assert (lab.time, lab.rest, [s.slots for s in lab.specs]) == (time, "", [("mean", "sd")]), text
    assert read_label("HbA1c mean ± SD").time is None


def test_a_change_row_under_a_time_point_row_is_the_change_to_that_time():
    doc = _Doc([["", "Drug X (n = 40)", "Placebo (n = 41)"],
                ["Headache days", "", ""],
                ["Baseline", "6.1 ± 2.0", "6.0 ± 2.2"],
                ["8\u2009w", "3.9 ± 2.4", "4.8 ± 2.5"],
                ["Improvement from baseline", "−2.2 ± 2.1", "−1.2 ± 2.3"],
                ["Follow-up period", "3.5 ± 2.6", "4.9 ± 2.4"],
                ["Improvement from baseline", "−2.6 ± 2.5", "−1.1 ± 2.6"]])
    v = _values(_read(doc, _arms("Drug X", "placebo")))
    assert v[("Headache days", "8\u2009w", None, "Drug X", "mean")] == 3.9
    assert v[("Headache days, Improvement from baseline", "8\u2009w", None, "Drug X", "mean")] == -2.2
    assert v[("Headache days, Improvement from baseline", "Follow-up period", None, "placebo", "sd")] == 2.6


def test_two_counts_split_by_a_slash_under_a_category_pair():
    doc = _Doc([["", "Group 1 (n = 16)", "Group 2 (n = 24)", "P"],
                ["", "Mean ± SD", "Mean ± SD", ""],
                ["Responders (yes/no)", "10/6", "2/22", "0.0004"],
                ["Sex (female/male)", "9/7", "15/9", "ns"],
                ["Relapse, n/N", "3/16", "8/24", "0.3"]], header_rows=2)
    v = _values(_read(doc, _arms("Group 1", "Group 2")))
    assert v[("Responders (yes/no)", None, None, "Group 1", "events")] == 10
    # the group's size from its header, never the "no" count
    assert v[("Responders (yes/no)", None, None, "Group 1", "total")] == 16
    assert not [k for k in v if k[0].startswith("Sex")]
    assert v[("Relapse", None, None, "Group 2", "events")] == 8
    assert v[("Relapse", None, None, "Group 2", "total")] == 24


def test_a_count_with_its_percentage_under_a_mean_column_is_a_count():
    # the column says "Mean ± SD" for most rows; a responder row prints "n (x%)" in it
    doc = _Doc([["", ("Drug X (n = 60)", 2), ("Placebo (n = 30)", 2), "P"],
                ["", "Mean ± SD", "95% CI", "Mean ± SD", "95% CI", ""],
                ["Pain-free days", "", "", "", "", ""],
                ["Week 8", "5.2 ± 1.9", "(4.7, 5.7)", "4.1 ± 2.2", "(3.3, 4.9)", "0.02"],
                ["Responders (≥50% less pain)", "", "", "", "", ""],
                ["Week 8", "45 (75.0%)", "—", "12 (40.0%)", "—", "0.001"]], header_rows=2)
    v = _values(_read(doc, _arms("Drug X", "placebo")))
    assert v[("Pain-free days", "Week 8", None, "Drug X", "mean")] == 5.2
    assert v[("Responders (≥50% less pain)", "Week 8", None, "Drug X", "events")] == 45
    assert v[("Responders (≥50% less pain)", "Week 8", None, "placebo", "percent")] == 40.0
    assert not [k for k in v if k[0].startswith("Responders") and k[4] in ("mean", "sd")]


def test_a_row_counting_participants_counts_events_even_when_it_names_days():
    doc = _Doc([["", "Drug X (n = 60)", "Placebo (n = 30)", "P"],
                ["Headache days per month, mean ± SD", "3.1 ± 1.2", "4.0 ± 1.4", "0.01"],
                ["Responder rate (headache days), n (%)", "45 (75.0)", "12 (40.0)", "0.001"],
                ["Days with rescue medication, n (%)", "310 (12.1)", "402 (15.3)", "0.2"]])
    v = _values(_read(doc, _arms("Drug X", "placebo")))
    assert v[("Responder rate (headache days)", None, None, "Drug X", "events")] == 45
    assert not [k for k in v if k[0].startswith("Responder") and k[4] == "count"]
    # days themselves are counted, not participants
    assert v[("Days with rescue medication", None, None, "placebo", "count")] == 402
    assert not [k for k in v if k[0].startswith("Days") and k[4] == "events"]


def test_two_counts_under_a_category_pair_column_when_arms_are_rows():
    doc = _Doc([["Group", "N", "Responders (yes/no)", "Sex (female/male)", "Relapse, n/N"],
                ["Group 1", "16", "10/6", "9/7", "3/16"],
                ["Group 2", "24", "2/22", "15/9", "8/24"]])
    v = _values(_read(doc, _arms("Group 1", "Group 2")))
    assert v[("Responders (yes/no)", None, None, "Group 1", "events")] == 10
    assert v[("Responders (yes/no)", None, None, "Group 2", "events")] == 2
    assert v.get(("Responders (yes/no)", None, None, "Group 1", "total")) in (None, 16)
    assert not [k for k in v if k[0].startswith("Sex")]
    assert v[("Relapse", None, None, "Group 2", "events")] == 8


@pytest.mark.parametrize("stub", ["Number of participants", "n", "Subjects"])
def test_a_row_of_sizes_under_arm_columns_gives_the_arm_sizes(stub):
    doc = _Doc([["", "Active yoghurt", "Control yoghurt"],
                [stub, "21", "20"],
                ["Age, years, mean (SD)", "44.2 (9.1)", "45.0 (8.8)"],
                ["Women, n (%)", "11 (52.4)", "12 (60.0)"]], caption="Characteristics of the participants at entry")
    r = _read(doc, _arms("Active yoghurt", "Control yoghurt"))
    assert [(s.arm.label, s.n) for s in r.sizes] == [("Active yoghurt", 21), ("Control yoghurt", 20)]
    assert [doc.text[s.start:s.end] for s in r.sizes] == ["21", "20"]


def test_a_size_cell_with_invisible_direction_marks_gives_every_arm_its_size():
    # right-to-left marks around the statistic ("n=23 \u200f(Mean±SD\u200f)") hold no words
    assert read_label("n=23 \u200f(Mean±SD\u200f)").rest == ""
    assert read_label("\u200bPlacebo\u200b (n = 12)").rest == "Placebo"
    doc = _Doc([["", ("Study group", 2), ""],
                ["Duration of symptoms (day)", "Kefir", "Plain milk", "p"],
                ["", "n=23 \u200f(Mean±SD\u200f)", "n=21 \u200f(Mean±SD\u200f)", ""],
                ["Cough (day)", "2.0±2.4", "2.9±3.3", "0.348"],
                ["Wheeze (day)", "0.5±0.9", "1.6±1.7", "0.008"]], caption="Duration of symptoms by group")
    r = _read(doc, _arms("Kefir", "Plain milk"))
    assert sorted((s.arm.label, s.n) for s in r.sizes) == [("Kefir", 23), ("Plain milk", 21)]


def test_sizes_in_the_headers_win_over_a_row_of_sizes_and_outcome_counts_are_no_sizes():
    doc = _Doc([["", "Active yoghurt (n = 22)", "Control yoghurt (n = 20)"],
                ["Number of participants", "21", "20"],
                ["Age, years, mean (SD)", "44.2 (9.1)", "45.0 (8.8)"]], caption="Characteristics at entry")
    r = _read(doc, _arms("Active yoghurt", "Control yoghurt"))
    assert [(s.arm.label, s.n) for s in r.sizes] == [("Active yoghurt", 22), ("Control yoghurt", 20)]
    doc = _Doc([["", "Active yoghurt", "Control yoghurt"],
                ["Number of participants with diarrhoea", "3", "7"],
                ["Stool weight, g, mean (SD)", "144.2 (39.1)", "125.0 (48.8)"]], caption="Outcomes")
    r = _read(doc, _arms("Active yoghurt", "Control yoghurt"))
    assert r.sizes == []


# --------------------------------------------------------------------------------------------
# Header grammar of results tables not written for the rules: short mean labels in cells of
# their own, analysis qualifiers, size sub-columns, acronyms with hyphens, long time points
# --------------------------------------------------------------------------------------------
def test_a_bare_m_beside_sd_is_the_mean_and_unadjusted_columns_are_the_outcome_itself():
    doc = _Doc([["", ("Week 0", 2), ("Week 16", 2), ("Week 16", 2)],
                ["Measure", "", "", ("Unadjusted", 2), ("Adjusted", 2)],
                ["", "M", "SD", "M", "SD", "M", "SE"],
                ["Waist (cm)", "", "", "", "", "", ""],
                ["Coaching", "101.4", "12.2", "97.9", "11.8", "98.3", ".51"],
                ["Leaflet", "99.8", "13.0", "99.1", "12.6", "99.6", ".55"]], header_rows=3)
    v = _values(_read(doc, _arms("Coaching", "Leaflet")))
    assert v[("Waist (cm)", "Week 0", None, "Coaching", "mean")] == 101.4
    assert v[("Waist (cm)", "Week 16", None, "Leaflet", "mean")] == 99.1
    assert v[("Waist (cm)", "Week 16", None, "Leaflet", "sd")] == 12.6
    assert v[("Waist (cm), adjusted", "Week 16", None, "Coaching", "se")] == 0.51
    # "M" with no spread beside it stays a label ("Sex, M" is no mean)
    assert not read_label("M").specs


def test_an_n_sub_column_beside_means_is_the_arm_size_of_that_time_point():
    doc = _Doc([["", ("12 weeks post-randomisation", 4), ("24 weeks post-randomisation", 4)],
                ["", ("Group therapy", 2), ("Waiting list", 2), ("Group therapy", 2), ("Waiting list", 2)],
                ["", "n", "Mean (SD)", "n", "Mean (SD)", "n", "Mean (SD)", "n", "Mean (SD)"],
                ["GAD-7 total", "21", "8.1 (4.0)", "19", "11.7 (4.9)", "20", "7.4 (3.8)", "15", "11.2 (5.3)"],
                ["SF-12 mental", "21", "44.2 (9.1)", "18", "39.0 (10.2)", "19", "45.0 (8.7)", "15", "40.3 (9.9)"]],
               header_rows=3)
    r = _read(doc, _arms("Group therapy", "Waiting list"))
    v = _values(r)
    assert v[("GAD-7 total", "12 weeks post-randomisation", None, "Group therapy", "mean")] == 8.1
    assert v[("GAD-7 total", "12 weeks post-randomisation", None, "Waiting list", "total")] == 19
    assert v[("GAD-7 total", "24 weeks post-randomisation", None, "Waiting list", "total")] == 15
    assert v[("SF-12 mental", "12 weeks post-randomisation", None, "Waiting list", "total")] == 18
    assert not any(k[-1] == "events" for k in v)
    _provenance_holds(doc, r)
    # beside its "%" the "n" counts events
    doc = _Doc([["", ("Group therapy", 2), ("Waiting list", 2)],
                ["", "n", "%", "n", "%"],
                ["Remission", "12", "57.1", "5", "26.3"]], header_rows=2)
    v = _values(_read(doc, _arms("Group therapy", "Waiting list")))
    assert v[("Remission", None, None, "Waiting list", "events")] == 5


@pytest.mark.parametrize("label, rest, time", [
    ("CIS-R Scores", "CIS-R Scores", None),
    ("EQ-5D*", "EQ-5D", None),
    ("SD-score of height", "SD-score of height", None),
    ("16 weeks post-randomisation", "", "16 weeks post-randomisation"),
    ("8 weeks after randomization", "", "8 weeks after randomization"),
    ("Week 8", "", "Week 8"),
])
def test_acronyms_with_hyphens_are_names_and_long_time_points_are_times(label, rest, time):
    lab = read_label(label)
    assert (lab.rest, lab.time, lab.specs) == (rest, time, [])


def test_rows_naming_who_answered_take_the_caption_as_the_outcome():
    doc = _Doc([["", "Drug X", "Placebo"],
                ["Patient", "71.2 (18.4)", "40.3 (21.0)"],
                ["Partner", "80.1 (10.2)", "22.6 (12.5)"]], caption="Treatment satisfaction scores")
    v = _values(_read(doc, _arms("Drug X", "placebo")))
    assert v[("Treatment satisfaction scores", None, "Patient", "Drug X", "mean")] == 71.2
    assert v[("Treatment satisfaction scores", None, "Partner", "placebo", "sd")] == 12.5
    assert not any(k[0] in ("Patient", "Partner") for k in v)


def test_rows_under_an_analysis_set_are_the_captions_outcome_in_that_set_and_its_subgroups():
    doc = _Doc([["", ("Drug X", 2), ("Placebo", 2), "P"],
                ["", "n", "Mean (SD)", "n", "Mean (SD)", ""],
                [("Intention-to-treat", 6)],
                [" Overall", "210", "5.1 (3.2)", "205", "5.6 (3.4)", "0.12"],
                [" Age <40 years", "90", "5.9 (3.0)", "88", "6.3 (3.1)", "0.40"],
                [("Per-protocol", 6)],
                [" Overall", "180", "5.3 (3.1)", "172", "5.8 (3.5)", "0.15"]], header_rows=2,
               caption="Embryos transferred")
    v = _values(_read(doc, _arms("Drug X", "placebo")))
    name = "Embryos transferred"
    assert v[(name, None, None, "Drug X", "mean")] == 5.1  # the primary analysis set: the whole population
    assert v[(name, None, "Age <40 years", "placebo", "mean")] == 6.3
    assert v[(name, None, "Per-protocol", "Drug X", "mean")] == 5.3
    assert not any(k[0] in ("Intention-to-treat", "Per-protocol", "Age <40 years") for k in v)


def test_rows_under_a_respondent_section_keep_their_own_names():
    doc = _Doc([["", "Drug X", "Placebo"],
                ["Patients", "", ""],
                ["Pain score", "3.1 (1.2)", "4.0 (1.4)"]], caption="Outcomes at week 8")
    v = _values(_read(doc, _arms("Drug X", "placebo")))
    assert v[("Pain score", "week 8", None, "Drug X", "mean")] == 3.1


def test_a_time_point_stub_leaves_no_preposition_as_a_name():
    lab = read_label("At week 24")
    assert (lab.time, lab.rest) == ("week 24", "")
    assert read_label("After 10 years").rest == ""


def test_a_row_of_sizes_under_a_row_of_values_gives_that_rows_group_sizes():
    doc = _Doc([["", "Drug X", "Placebo"],
                ["Patient", "71.2 (18.4)", "40.3 (21.0)"],
                ["", "(N = 44)", "(N = 41)"],
                ["Partner", "80.1 (10.2)", "22.6 (12.5)"],
                ["", "(N = 15)", "(N = 13)"]], caption="Treatment satisfaction scores")
    r = _read(doc, _arms("Drug X", "placebo"))
    v = _values(r)
    name = "Treatment satisfaction scores"
    assert v[(name, None, "Patient", "placebo", "total")] == 41
    assert v[(name, None, "Partner", "Drug X", "total")] == 15
    _provenance_holds(doc, r)


def test_a_size_in_the_header_stays_the_size_of_values_with_other_sizes_under_them():
    doc = _Doc([["", "Drug X (n = 120)", "Placebo (n = 118)"],
                ["Weight gain (kg)", "7.1 ± 3.0", "8.0 ± 3.2"],
                ["", "n = 131", "n = 127"]], caption="Weight")
    v = _values(_read(doc, _arms("Drug X", "placebo")))
    assert v[("Weight gain (kg)", None, None, "Drug X", "total")] == 120

