"""What a table reports: characteristics at entry (arm sizes only), results, or both, and the
values stored from each kind, in JATS and in plain text.  Texts written for these tests."""
from __future__ import annotations

from extractor.context import Context
from extractor.model import Provenance, Table, TableCell
from extractor.pipeline import extract_data
from extractor.source import Source
from extractor.trials import extract_studies
from extractor.trials.tablereader import table_kind


def _table(caption, rows):
    cells = []
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cells.append(TableCell(row=r, col=c, text=text, is_header=r == 0, prov=Provenance(None, 0, 0, text)))
    return Table(label="Table 1", caption=caption, cells=tuple(cells), n_rows=len(rows), n_cols=len(rows[0]),
                 prov=Provenance(None, 0, 0, ""))


HEAD = ["", "Exercise (n = 40)", "Usual care (n = 41)"]


def test_a_caption_that_says_baseline_without_naming_characteristics():
    t = _table("Baseline information on the participating clinics", [HEAD, ["Clinic staff, mean (SD)", "12.1 (3.0)", "11.8 (2.7)"]])
    assert table_kind(t) == "baseline"


def test_a_baseline_caption_with_a_compound_word_is_still_baseline():
    # "post-stroke" is a patient characteristic, not a later time point
    t = _table("Baseline characteristics of the patients, including post-stroke interval and walking speed",
               [HEAD, ["Post-stroke interval, months", "7.2 (2.1)", "6.9 (2.4)"]])
    assert table_kind(t) == "baseline"


def test_baseline_and_later_time_points_make_an_outcome_table():
    rows = [["", "Exercise week 0", "Exercise week 12", "Usual care week 0", "Usual care week 12"],
            ["Walking speed, m/s", "0.61 (0.2)", "0.80 (0.2)", "0.63 (0.2)", "0.66 (0.2)"]]
    assert table_kind(_table("Walking speed at baseline and after 12 weeks", rows)) == "outcome"
    assert table_kind(_table("Gait measures at baseline, 6 and 12 weeks", rows)) == "outcome"
    # "baseline" in a later sentence of the legend (a covariate) says nothing of the table
    assert table_kind(_table("Gait measures of completers. Differences were adjusted for the baseline value.",
                             [HEAD, ["Walking speed, m/s", "0.80 (0.2)", "0.66 (0.2)"]])) == "outcome"


def test_results_grouped_by_a_baseline_characteristic_are_no_baseline_table():
    # "according to baseline severity": the results are split by a characteristic at entry,
    # not measured at entry
    rows = [HEAD, ["Patients with >=1 exacerbation, n (%)", "4 (10.0)", "9 (22.0)"],
            ["Mild disease, n/N (%)", "1/20 (5.0)", "4/21 (19.0)"]]
    assert table_kind(_table("Exacerbations by treatment and according to baseline disease severity", rows)) == "outcome"
    assert table_kind(_table("Falls by baseline walking speed", rows)) == "outcome"
    assert table_kind(_table("Baseline walking speed and falls history", rows)) == "baseline"


def test_characteristics_beside_results_keep_the_results_only():
    t = _table("Baseline characteristics and primary outcome",
               [HEAD, ["Age, years", "61.0 (8.1)", "60.2 (7.7)"], ["Walking speed, week 12", "0.80 (0.21)", "0.66 (0.19)"]])
    assert table_kind(t) == "mixed"


_TEXT = """A randomised trial of exercise

Methods
Stroke survivors were randomised to exercise or usual care.

Results
Table 1. Baseline information on the participants
\tExercise (n = 40)\tUsual care (n = 41)
Barthel index, mean (SD)\t63.4 (9.1)\t62.8 (8.7)
Living alone, n (%)\t18 (45.0)\t19 (46.3)
Time since stroke, months, mean (SD)\t7.2 (2.1)\t6.9 (2.4)

Table 2. Walking speed and balance at 12 weeks
\tExercise (n = 40)\tUsual care (n = 41)
Walking speed, m/s, mean (SD)\t0.80 (0.21)\t0.66 (0.19)
Falls, n (%)\t4 (10.0)\t9 (22.0)
"""

_JATS = """<?xml version="1.0"?>
<article><front><article-meta><title-group><article-title>A randomised trial of exercise</article-title></title-group></article-meta></front>
<body><sec><title>Methods</title><p>Stroke survivors were randomised to exercise or usual care.</p></sec>
<sec><title>Results</title><p>Walking improved (Tables 1 and 2).</p>
<table-wrap id="t1"><label>Table 1</label><caption><p>Baseline information on the participants</p></caption>
<table><thead><tr><th></th><th>Exercise (n = 40)</th><th>Usual care (n = 41)</th></tr></thead>
<tbody><tr><td>Barthel index, mean (SD)</td><td>63.4 (9.1)</td><td>62.8 (8.7)</td></tr>
<tr><td>Living alone, n (%)</td><td>18 (45.0)</td><td>19 (46.3)</td></tr>
<tr><td>Time since stroke, months, mean (SD)</td><td>7.2 (2.1)</td><td>6.9 (2.4)</td></tr></tbody></table></table-wrap>
<table-wrap id="t2"><label>Table 2</label><caption><p>Walking speed and balance at 12 weeks</p></caption>
<table><thead><tr><th></th><th>Exercise (n = 40)</th><th>Usual care (n = 41)</th></tr></thead>
<tbody><tr><td>Walking speed, m/s, mean (SD)</td><td>0.80 (0.21)</td><td>0.66 (0.19)</td></tr>
<tr><td>Falls, n (%)</td><td>4 (10.0)</td><td>9 (22.0)</td></tr></tbody></table></table-wrap>
</sec></body></article>
"""


def _check(study):
    names = {o.name for o in study.outcomes if o.results}
    assert any(n.startswith("Walking speed") for n in names) and any(n.startswith("Falls") for n in names)
    assert not any(w in n for n in names for w in ("Barthel", "Living alone", "Time since stroke")), names
    # the baseline table still gives the arms' sizes
    assert sorted(a.n_analyzed or a.n_randomized for a in study.arms) == [40, 41]


def test_a_baseline_table_beside_an_outcome_table_in_plain_text():
    from extractor.readers.texttables import text_tables

    src = Source.from_text(_TEXT)
    src.tables = text_tables(src)
    assert len(src.tables) == 2
    s, = extract_studies(Context(source=src))
    _check(s)


def test_a_baseline_table_beside_an_outcome_table_in_jats():
    art = extract_data(_JATS.encode(), "trial.xml")
    s, = art.studies
    _check(s)


def test_a_sample_size_calculation_gives_no_results():
    src = Source.from_text("Adults were randomised to drug X or placebo. A sample of 60 patients per group was required "
                           "to have an 80% chance of detecting a difference of 15% between drug X and placebo. "
                           "This calculation was based on a response of 40% with placebo and 55% with drug X.")
    st = extract_studies(Context(source=src))
    assert all(not o.results for s in st for o in s.outcomes)


def test_group_sizes_written_n_equals_are_no_event_counts():
    src = Source.from_text("Students were randomised to tutorials or lectures. Students were allocated to one of two "
                           "groups (tutorials: n = 47 and lectures: n = 36). The pass rate was 81% with tutorials and "
                           "64% with lectures (P = 0.04).")
    s, = extract_studies(Context(source=src))
    events = [(o.name, r.value) for o in s.outcomes for r in o.results if r.statistic == "events"]
    assert not any(v in (47, 36) for _, v in events), events


def test_a_count_written_n_equals_beside_an_outcome_stays_a_count():
    src = Source.from_text("Patients were randomised to drug X (n = 60) or placebo (n = 58). Serious infections were "
                           "as common with drug X as with placebo (n = 9 vs 8; P = 0.81).")
    s, = extract_studies(Context(source=src))
    events = sorted(r.value for o in s.outcomes for r in o.results if r.statistic == "events")
    assert events == [8, 9], [(o.name, [(r.statistic, r.value) for r in o.results]) for o in s.outcomes]


def test_a_table_of_what_the_compared_products_are_made_of_gives_neither_sizes_nor_outcomes():
    head = ["", "Fortified milk", "Control milk"]
    rows = [head, ["Energy (kcal)", "66", "64"], ["Protein (g)", "3.4", "3.3"]]
    assert table_kind(_table("Composition of the fortified milk and the control milk (per 100 mL)", rows)) == "composition"
    assert table_kind(_table("Nutritional constituents of the key foods in the two diets", rows)) == "composition"
    # body composition is measured, and a caption announcing results stays an outcome table
    assert table_kind(_table("Body composition of the participants at 12 weeks", rows)) == "outcome"
    assert table_kind(_table("Changes in body composition of the two diet groups", rows)) == "outcome"
    assert table_kind(_table("Composition of the study diets and outcomes at 12 weeks", rows)) == "outcome"


_MIXED = """<?xml version="1.0"?>
<article><front><article-meta><title-group><article-title>A randomised trial of a walking programme</article-title></title-group></article-meta></front>
<body><sec><title>Methods</title><p>Adults with type 2 diabetes were randomised to a walking programme or usual care.</p></sec>
<sec><title>Results</title><p>Weight fell with walking (Table 1).</p>
<table-wrap id="t1"><label>Table 1</label><caption><p>Characteristics of the participants at baseline and after the programme</p></caption>
<table><thead><tr><th>Variables</th><th>Walking (n = 30)</th><th>Usual care (n = 31)</th><th>P</th></tr></thead>
<tbody><tr><td>Age (years)</td><td>57.2 &#xb1; 7.9</td><td>58.0 &#xb1; 8.3</td><td>0.70</td></tr>
<tr><td>Weight (kg) Baseline</td><td>81.4 &#xb1; 9.8</td><td>80.9 &#xb1; 10.2</td><td>0.84</td></tr>
<tr><td>After</td><td>78.1 &#xb1; 9.5</td><td>80.6 &#xb1; 10.0</td><td>0.33</td></tr>
<tr><td>Height (cm)</td><td>168.3 &#xb1; 7.1</td><td>167.9 &#xb1; 8.0</td><td>0.83</td></tr></tbody></table></table-wrap>
</sec></body></article>
"""


def test_a_characteristic_measured_again_after_treatment_is_an_outcome_of_a_mixed_table():
    art = extract_data(_MIXED.encode(), "trial.xml")
    s, = art.studies
    got = {(o.name, o.timepoint): sorted((r.arm.lower(), r.statistic, r.value) for r in o.results)
           for o in s.outcomes if o.results}
    assert [v for (n, t), v in got.items() if n.startswith("Weight") and t == "After"] == [
        [("usual care", "mean", 80.6), ("usual care", "sd", 10.0), ("walking programme", "mean", 78.1),
         ("walking programme", "sd", 9.5)]], got
    # characteristics given once, at entry, stay no outcomes
    assert not any(n.startswith(("Age", "Height")) for n, _ in got), got


def _p_table(caption, ps):
    rows = [["", "Nerve block A (n = 29)", "Nerve block B (n = 29)", "P"]]
    names = ["Procedure time (min)", "Sensory onset (min)", "Motor onset (min)", "Block duration (min)", "Age (years)"]
    for name, p in zip(names, ps):
        rows.append([name, "8.1 ± 1.4", "5.0 ± 1.4", p])
    cells = [TableCell(row=r, col=c, text=text, is_header=r == 0, prov=Provenance(0, len(text), text))
             for r, row in enumerate(rows) for c, text in enumerate(row)]
    return Table(label="Table 2", caption=caption, cells=tuple(cells), n_rows=len(rows), n_cols=len(rows[0]),
                 prov=Provenance(0, 0, ""))


def test_groups_that_differ_on_most_rows_are_compared_after_treatment():
    # randomised groups differ at entry on about one row in twenty: a "characteristics" table
    # whose p-values are mostly significant compares the groups after treatment
    assert table_kind(_p_table("Sensory and motor block characteristics", ["0.000", "<0.001", "0.02", "0.31"])) == "mixed"
    assert table_kind(_p_table("Patient characteristics", ["p = 0.001", "P < 0.05", "0.48"])) == "mixed"
    # one significant row of several is chance at entry: still a baseline table
    assert table_kind(_p_table("Patient characteristics", ["0.001", "0.44", "0.61", "0.28"])) == "baseline"
    assert table_kind(_p_table("Baseline characteristics", ["0.04", "0.44", "0.61", "0.28", "0.03"])) == "baseline"
    # no p-value column: the caption decides
    t = _table("Patient characteristics", [HEAD, ["Procedure time (min)", "8.1 ± 1.4", "5.0 ± 1.4"]])
    assert table_kind(t) == "baseline"


_DIFFER_JATS = """<?xml version="1.0"?>
<article><front><article-meta><title-group><article-title>Echogenic needles for axillary block: a randomised trial</article-title></title-group></article-meta></front>
<body><sec><title>Methods</title><p>Patients were randomised to an echogenic needle or a conventional needle.</p></sec>
<sec><title>Results</title><p>The block was quicker to perform with the echogenic needle (Table 1).</p>
<table-wrap id="t1"><label>Table 1</label><caption><p>Block characteristics</p></caption>
<table><thead><tr><th></th><th>Echogenic needle (n = 30)</th><th>Conventional needle (n = 31)</th><th>P</th></tr></thead>
<tbody><tr><td>Age (years)</td><td>44.1 &#xb1; 9.0</td><td>45.3 &#xb1; 8.7</td><td>0.61</td></tr>
<tr><td>Duration of block procedure (min)</td><td>4.8 &#xb1; 1.2</td><td>8.1 &#xb1; 1.4</td><td>&lt;0.001</td></tr>
<tr><td>Sensory block onset (min)</td><td>8.3 &#xb1; 1.0</td><td>11.0 &#xb1; 1.5</td><td>0.000</td></tr></tbody></table></table-wrap>
</sec></body></article>
"""


def test_a_characteristics_table_whose_groups_differ_gives_its_results():
    art = extract_data(_DIFFER_JATS.encode(), "trial.xml")
    s, = art.studies
    got = {o.name: sorted((r.arm.lower(), r.statistic, r.value) for r in o.results) for o in s.outcomes if o.results}
    name = next((n for n in got if n.startswith("Duration of block procedure")), None)
    assert name is not None, got
    assert ("echogenic needle", "mean", 4.8) in got[name] and ("conventional needle", "sd", 1.4) in got[name], got
    # a characteristic at entry stays no outcome
    assert not any(n.startswith("Age") for n in got), got
