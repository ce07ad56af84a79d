"""Results tables and result sentences read by their shape: arms named by a letter, a column
of group sizes headed by the people it counts, measurement occasions in the header, a group
header that starts over the stub column, arms named by an acronym of their name, and counts
of people written with the noun that names them."""
from __future__ import annotations

from extractor.pipeline import extract_data
from extractor.trials.armset import label_matcher
from extractor.trials.arms import ArmInfo, ArmMatcher
from extractor.trials.headers import read_label
from extractor.trials.tablereader import read_results_table, table_kind

from test_tablereader import _Doc


def _arm(label, role, aliases=(), intervention=None):
    a = ArmInfo(label=label, start=0, end=0, intervention=intervention or label, role=role)
    a.aliases.update(aliases)
    return a


def _read(doc, arms, abbrev=None):
    matcher = ArmMatcher(arms, abbrev or {})
    return read_results_table(doc.table, doc.text, arms, label_matcher(arms, matcher, abbrev or {}), [])


def _values(reading):
    return {(o.name, o.timepoint, r.arm.label, r.statistic): r.value for o in reading.outcomes for r in o.results}


# --------------------------------------------------------------------------------------------
# Arms named by a letter, group sizes headed by the people they count
# --------------------------------------------------------------------------------------------
def test_a_letter_names_the_arm_called_exactly_so_even_when_another_alias_runs_on_into_it():
    # the first arm's alias swallowed the second arm's name ("... and group B (...)")
    a = _arm("Group A", "intervention", {"group a", "(lean mass dosing) and group b (weight dosing)"})
    b = _arm("Group B", "control", {"group b", "(weight dosing)"})
    of = label_matcher([a, b], ArmMatcher([a, b], {}), {})
    assert of(read_label("A")) is a
    assert of(read_label("B")) is b
    assert of(read_label("Group B")) is b


def test_the_one_arm_without_a_letter_is_the_letter_the_others_do_not_take():
    a = _arm("oral nutritional supplement", "intervention")
    b = _arm("placebo", "control", {"group b"})
    of = label_matcher([a, b], ArmMatcher([a, b], {}), {})
    assert of(read_label("Group A")) is a
    assert of(read_label("Group B")) is b
    assert of(read_label("Group C")) is None


def test_a_column_of_patients_counted_with_a_bare_n_gives_group_sizes_not_events():
    assert read_label("Patients (n)").role == "size"
    assert read_label("Subjects, n").role == "size"
    assert read_label("Deaths (n)").role != "size"
    doc = _Doc([["Group", "Patients (n)", "Time to sedation (s)", "Recovery time (min)"],
                ["A", "31", "62.4 ± 7.1", "8.2 ± 1.9"],
                ["B", "29", "55.0 ± 6.3", "11.6 ± 2.4"],
                ["P", "", "<0.01", "<0.01"]],
               footnotes="Data are mean ± standard deviation.")
    a = _arm("Group A", "intervention", {"group a"})
    b = _arm("Group B", "control", {"group b"})
    r = _read(doc, [a, b])
    assert r.arms_as == "rows"
    v = _values(r)
    assert v[("Recovery time (min)", None, "Group A", "mean")] == 8.2
    assert v[("Recovery time (min)", None, "Group B", "sd")] == 2.4
    assert v[("Recovery time (min)", None, "Group A", "total")] == 31
    assert not any(name.startswith("Patients") for name, *_ in v)
    assert {(s.arm.label, s.n) for s in r.sizes} == {("Group A", 31), ("Group B", 29)}


# --------------------------------------------------------------------------------------------
# Measurement occasions in the header
# --------------------------------------------------------------------------------------------
def test_a_first_and_a_later_occasion_in_the_header_make_an_outcome_table_whatever_the_caption_says():
    rows = [[("", 1), ("Grip strength (kg)", 2), ("Gait speed (m/s)", 2)],
            ["", "T0", "T1", "T0", "T1"],
            ["Group A", "21.4 ± 5.2", "24.9 ± 5.0", "0.81 ± 0.20", "0.95 ± 0.18"],
            ["Group B", "22.0 ± 4.8", "22.3 ± 4.6", "0.84 ± 0.22", "0.83 ± 0.21"]]
    cap = "Grip strength and gait speed within groups and between groups (ANCOVA with baseline as covariate)"
    doc = _Doc(rows, header_rows=2, caption=cap)
    assert table_kind(doc.table) == "outcome"
    single = _Doc([["", "Group A", "Group B"], ["Age, years", "71 ± 6", "72 ± 5"], ["Women, n (%)", "18 (60)", "16 (64)"]],
                  caption="Characteristics of the participants at baseline")
    assert table_kind(single.table) == "baseline"
    a = _arm("oral nutritional supplement", "intervention")
    b = _arm("placebo", "control", {"group b"})
    v = _values(_read(doc, [a, b]))
    assert v[("Grip strength (kg)", "T1", "oral nutritional supplement", "mean")] == 24.9
    assert v[("Gait speed (m/s)", "T1", "placebo", "sd")] == 0.21


def test_pre_and_post_columns_are_occasions_too():
    rows = [[("", 1), ("Exercise", 2), ("Stretching", 2)],
            ["", "Pre", "Post", "Pre", "Post"],
            ["Pain (VAS, mm)", "61 ± 12", "38 ± 15", "60 ± 13", "51 ± 14"]]
    doc = _Doc(rows, header_rows=2, caption="Pain at baseline and after the programme")
    assert table_kind(doc.table) == "outcome"


# --------------------------------------------------------------------------------------------
# A group header that starts over the stub column
# --------------------------------------------------------------------------------------------
def test_a_group_header_spanning_the_stub_and_its_arm_columns_labels_those_columns():
    rows = [[("+ NSBB", 4), ("+ Nitrate", 4)],
            [("(n = 16)", 4), ("(n = 19)", 4)],
            ["Parameter", "Month 0", "Month 6", "p, trend", "Month 0", "Month 6", "p, trend", "p, interaction"],
            ["Portal pressure, mmHg", "18.2 (3.1)", "14.9 (2.8)", "0.001", "18.0 (3.4)", "16.7 (3.0)", "0.04", "0.02"],
            ["Heart rate, bpm", "81 (9)", "66 (8)", "0.001", "80 (10)", "78 (9)", "0.41", "0.001"]]
    doc = _Doc(rows, header_rows=3, footnotes="Values are mean (SD).")
    a = _arm("non-selective beta blocker", "intervention")
    b = _arm("nitrate-based regimen", "control")
    # the abbreviation detector kept only the end of the long form
    r = _read(doc, [a, b], {"NSBB": "selective beta blocker"})
    v = _values(r)
    assert v[("Portal pressure, mmHg", "Month 6", "non-selective beta blocker", "mean")] == 14.9
    assert v[("Portal pressure, mmHg", "Month 6", "nitrate-based regimen", "mean")] == 16.7
    assert v[("Heart rate, bpm", "Month 0", "nitrate-based regimen", "sd")] == 10
    assert {(s.arm.label, s.n) for s in r.sizes} == {("non-selective beta blocker", 16), ("nitrate-based regimen", 19)}


def test_a_header_spanning_the_whole_width_stays_a_title():
    rows = [[("Outcomes at discharge", 3)],
            ["", "Drug X", "Placebo"],
            ["Length of stay, days", "6.1 ± 2.0", "7.4 ± 2.6"]]
    doc = _Doc(rows, header_rows=2, footnotes="Mean ± SD.")
    r = _read(doc, [_arm("Drug X", "intervention"), _arm("placebo", "control")])
    v = _values(r)
    assert v[("Length of stay, days", None, "Drug X", "mean")] == 6.1


def test_an_acronym_spelling_an_arms_name_names_it_and_a_negated_name_is_no_obstacle():
    a = _arm("non-selective beta blocker", "intervention")
    b = _arm("nitrate-based regimen", "control")
    of = label_matcher([a, b], ArmMatcher([a, b], {}), {"NSBB": "selective beta blocker"})
    assert of(read_label("NSBB")) is a
    assert of(read_label("Nitrate")) is b
    # a plain word still never names the arm whose name negates it
    c = _arm("no pen", "control")
    d = _arm("attractive pen", "intervention")
    of2 = label_matcher([d, c], ArmMatcher([d, c], {}), {})
    assert of2(read_label("Pen")) is d


def test_a_column_spelling_out_an_arm_named_by_its_short_form_names_that_arm():
    # the arm is "TOS" (the text defines it), the other arm's name shares the column's last word
    abbrev = {"TOS": "transobturator midurethral sling", "S-Mg": "septic with magnesium"}
    a = _arm("TOS", "intervention", intervention="transobturator midurethral sling")
    b = _arm("single-incision sling", "control")
    of = label_matcher([a, b], ArmMatcher([a, b], abbrev), abbrev)
    assert of(read_label("Transobturator Sling")) is a
    assert of(read_label("Single-Incision Sling")) is b
    assert of(read_label("Sling")) is None  # both arms' names hold it
    doc = _Doc([["", "Transobturator Sling", "Single-Incision Sling", "p value"],
                ["Postoperative symptom score (mean)", "3.80±1.20", "6.10±1.50", "p=0.002"]])
    v = _values(_read(doc, [a, b], abbrev))
    assert v[("Postoperative symptom score", None, "TOS", "mean")] == 3.8
    assert v[("Postoperative symptom score", None, "single-incision sling", "sd")] == 1.5
    # a header that is a short form the document defines is read as its long form
    c = _arm("sham operation", "control")
    d = _arm("septic rats given magnesium", "intervention")
    of2 = label_matcher([c, d], ArmMatcher([c, d], abbrev), abbrev)
    assert of2(read_label("S-Mg")) is d
    assert of2(read_label("S-Mg (8)")) is d


def test_short_forms_inside_a_header_are_spelled_out_and_a_number_alone_names_no_arm():
    abbrev = {"OLM": "olmesartan", "HCTZ": "hydrochlorothiazide", "AZL": "azilsartan"}
    a = _arm("azilsartan plus chlorthalidone", "intervention")
    b = _arm("olmesartan plus hydrochlorothiazide", "control")
    of = label_matcher([a, b], ArmMatcher([a, b], abbrev), abbrev)
    assert of(read_label("OLM/HCTZ")) is b
    assert of(read_label("AZL + chlorthalidone")) is a
    # "Grade 2" shares only its number with "Group 2": no arm
    c = _arm("Arm 1", "intervention", intervention="vaccine at standard dose")
    d = _arm("Group 2", "control")
    of2 = label_matcher([c, d], ArmMatcher([c, d], {}), {})
    assert of2(read_label("Grade 2")) is None
    assert of2(read_label("Group 2")) is d


# --------------------------------------------------------------------------------------------
# Result sentences
# --------------------------------------------------------------------------------------------
_ARTICLE = """<?xml version="1.0"?>
<article><front><article-meta><title-group><article-title>Hyperbaric oxygen after crush injury: a randomised
controlled trial</article-title></title-group></article-meta></front>
<body><sec><title>Methods</title><p>Patients with crush injury of the leg were randomly assigned to daily HBO sessions
(hyperbaric oxygen at 2.4 atmospheres) or to {control}.</p></sec>
<sec><title>Results</title><p>{results}</p></sec></body></article>
"""


def _prose(results, control="standard wound care (control)"):
    art = extract_data(_ARTICLE.format(results=results, control=control).encode(), "trial.xml")
    s, = art.studies
    return s, {(o.name, r.arm, r.statistic): r.value for o in s.outcomes for r in o.results}


def test_a_sentence_naming_the_arms_by_the_acronym_of_a_word_in_their_name_is_read():
    text = ("Peak creatine kinase ± SD was 1840 ± 610 U/L in the HBO group and 2390 ± 720 U/L in the control group "
            "(P = 0.03).")
    s, v = _prose(text, control="standard wound care")
    arms = {a.label for a in s.arms}
    hbo, = [x for x in arms if "HBO" in x and x != "HBO"]
    ctl = next(x for x in arms if x != hbo)
    assert v[("Peak creatine kinase", hbo, "mean")] == 1840
    assert v[("Peak creatine kinase", ctl, "sd")] == 720


def test_counts_of_cases_with_their_percentages_are_events():
    text = ("Compartment syndrome was found in 6 cases (15%) in the HBO group and in 13 cases (33%) in the control group.")
    s, v = _prose(text)
    got = {(arm, st): val for (name, arm, st), val in v.items() if name.lower().startswith("compartment syndrome")}
    assert sorted(val for (arm, st), val in got.items() if st == "events") == [6, 13]
    assert sorted(val for (arm, st), val in got.items() if st == "percent") == [15, 33]


def test_an_arm_as_subject_of_associated_with_a_lower_rate_and_a_cut_off_in_the_name():
    text = ("Treatment with HBO was associated with a lower frequency of a pain score ≥ 7 (9 patients (22%) "
            "compared to 17 patients (41%), P = 0.04).")
    s, v = _prose(text)
    hbo, = [a.label for a in s.arms if "HBO" in a.label]
    ctl, = [a.label for a in s.arms if a.label != hbo]
    assert v[("frequency of a pain score ≥ 7", hbo, "events")] == 9
    assert v[("frequency of a pain score ≥ 7", ctl, "events")] == 17
    assert v[("frequency of a pain score ≥ 7", ctl, "percent")] == 41
    assert not any(val == 7 for (_, _, st), val in v.items() if st != "events")


def test_a_cut_off_percentage_after_a_comparison_sign_is_no_result():
    text = ("Treatment with HBO was associated with a lower frequency of a muscle oxygen saturation ≤ 60% "
            "(8 patients (20%) compared to 15 patients (37%), P = 0.05).")
    s, v = _prose(text)
    assert sorted(val for (_, _, st), val in v.items() if st == "percent") == [20, 37]


def test_a_mean_and_sd_after_for_is_no_duration_and_an_interval_level_in_words_is_no_value():
    text = ("Cumulative morphine consumption at 24 h differed between the control group and the HBO group "
            "(values are means with 95% confidence interval, consumption at 24 h for 41.2 ± 6.3 vs. 33.8 ± 5.1 mg, "
            "P = 0.02).")
    s, v = _prose(text)
    hbo, = [a.label for a in s.arms if "HBO" in a.label]
    ctl, = [a.label for a in s.arms if a.label != hbo]
    got = {(arm, st): val for (name, arm, st), val in v.items()}
    assert got[(ctl, "mean")] == 41.2 and got[(hbo, "mean")] == 33.8
    assert got[(hbo, "sd")] == 5.1
    assert 95 not in got.values()
    # a duration after "for" stays no value
    s2, v2 = _prose("Wound closure took place after treatment for 14 days in the HBO group and for 21 days in the control group.")
    assert 14 not in v2.values()


_TWO_MEASURES = """<?xml version="1.0"?>
<article><front><article-meta><title-group><article-title>Intradermal versus intramuscular hepatitis A vaccination
in dialysis patients: a randomised trial</article-title></title-group></article-meta></front>
<body><sec><title>Methods</title><p>Forty patients were randomly assigned to group A (intramuscular vaccine, n = 20)
or group B (intradermal vaccine, n = 20).</p></sec>
<sec><title>Results</title><p>Responses are shown in Table 2.</p>
<table-wrap id="t2"><label>Table 2</label><caption><p>Response to vaccination by route</p></caption>
<table><thead><tr><th>Vaccine groups</th><th>Response rate at 2 months (antibody level, mIU/mL)</th>
<th>Response rate at 8 months (antibody level, mIU/mL)</th></tr></thead>
<tbody>{rows}</tbody></table>
<table-wrap-foot><p>Response rate: share of patients with an antibody level above 10 mIU/mL.</p></table-wrap-foot>
</table-wrap></sec></body></article>
"""


def _two_measure_study(rows):
    s, = extract_data(_TWO_MEASURES.format(rows=rows).encode(), "trial.xml").studies
    return {(o.name, o.timepoint, r.arm, r.statistic): r.value for o in s.outcomes for r in o.results
            if r.statistic != "total"}


def test_a_cell_printing_a_percentage_and_a_mean_with_its_spread_gives_two_outcomes():
    got = _two_measure_study(
        "<tr><td>Group A (intramuscular)</td><td>55% (41.2 &#x000b1; 9) *P = 0.04</td><td>30% (19.5 &#x000b1; 6)</td></tr>"
        "<tr><td>Group B (intradermal)</td><td>75% (133.4 &#x000b1; 61.8)</td><td>65% (70 &#x000b1; 12)</td></tr>")
    assert got[("Response rate", "2 months", "group A", "percent")] == 55
    assert got[("Response rate", "8 months", "group B", "percent")] == 65
    name = "antibody level, mIU/mL"
    assert got[(name, "2 months", "group A", "mean")] == 41.2 and got[(name, "2 months", "group A", "sd")] == 9
    assert got[(name, "2 months", "group B", "mean")] == 133.4 and got[(name, "2 months", "group B", "sd")] == 61.8
    assert got[(name, "8 months", "group A", "mean")] == 19.5 and got[(name, "8 months", "group B", "sd")] == 12


def test_a_bracketed_name_over_cells_of_one_measure_stays_one_outcome():
    got = _two_measure_study(
        "<tr><td>Group A (intramuscular)</td><td>41.2 &#x000b1; 9</td><td>19.5 &#x000b1; 6</td></tr>"
        "<tr><td>Group B (intradermal)</td><td>133.4 &#x000b1; 61.8</td><td>70 &#x000b1; 12</td></tr>")
    names = {k[0] for k in got}
    assert len(names) == 1 and "antibody level" in next(iter(names))  # one outcome, its header whole
    assert {k[1:] for k in got} == {(t, arm, st) for t in ("2 months", "8 months") for arm in ("group A", "group B")
                                    for st in ("mean", "sd")}


def test_a_lone_number_in_an_incidence_row_under_a_median_or_number_legend_is_a_count():
    # "Values are median or number (%)": a whole number beside "Incidence of ..." counts the
    # participants; beside a measure it stays the median the legend allows
    doc = _Doc([["Variables", "Group A (n=30)", "Group B (n=32)", "p-value"],
                ["Incidence of bradycardia", "2", "7", "0.09"],
                ["Vasopressor required", "0", "4", "0.11"],
                ["Lowest heart rate (beats/min)", "61", "58", "0.40"],
                ["Incidence of nausea", "3(10%)", "8(25%)", "0.12"]],
               caption="Intraoperative events", footnotes="Values are median or number (%).")
    arms = [_arm("Group A", "intervention"), _arm("Group B", "control")]
    v = _values(_read(doc, arms))
    assert v[("Incidence of bradycardia", None, "Group A", "events")] == 2
    assert v[("Incidence of bradycardia", None, "Group B", "events")] == 7
    assert v[("Vasopressor required", None, "Group B", "events")] == 4
    assert v[("Lowest heart rate (beats/min)", None, "Group A", "median")] == 61
    assert ("Lowest heart rate (beats/min)", None, "Group P", "events") not in v
    assert v[("Incidence of nausea", None, "Group B", "events")] == 8
    assert v[("Incidence of nausea", None, "Group B", "percent")] == 25
