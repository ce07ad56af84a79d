"""Header levels of results tables: a sub-header repeated under every outcome divides the
outcomes, and a header that negates an arm's treatment names the other arm."""
from extractor.pipeline import extract_data

_ROWS_HEAD = """<?xml version="1.0"?>
<article><front><article-meta><title-group><article-title>Dexamethasone before third molar surgery: a
randomised trial</article-title></title-group></article-meta></front>
<body><sec><title>Methods</title><p>Sixty patients were randomly allocated to Group I (dexamethasone with
ibuprofen) or Group II (ibuprofen alone).</p></sec>
<sec><title>Results</title><p>Group I had less swelling (Table 2).</p>
<table-wrap id="t2"><label>Table 2</label><caption><p>Pain, swelling and mouth opening after surgery</p></caption>
<table><thead>
<tr><th rowspan="2">Group</th><th rowspan="2">n</th>{parents}</tr>
<tr>{leaves}</tr></thead>
<tbody>
<tr><td>Group I</td><td>30</td><td>1.2 &#xB1; 0.4</td><td>0.8 &#xB1; 0.3</td><td>21.5 &#xB1; 1.6</td><td>20.9 &#xB1; 1.4</td></tr>
<tr><td>Group II</td><td>30</td><td>2.6 &#xB1; 0.9</td><td>1.9 &#xB1; 0.7</td><td>23.1 &#xB1; 1.8</td><td>22.4 &#xB1; 1.5</td></tr>
</tbody></table></table-wrap></sec></body></article>
"""


def _rows_study(parents, leaves):
    xml = _ROWS_HEAD.format(parents="".join(f'<th colspan="2">{p}</th>' for p in parents),
                            leaves="".join(f"<th>{x}</th>" for x in leaves))
    art = extract_data(xml.encode(), "trial.xml")
    s, = art.studies
    return s


def test_a_sub_header_repeated_under_each_outcome_is_its_occasion_and_the_header_above_names_it():
    s = _rows_study(["Pain score (VAS)", "Swelling (mm)"], ["D1", "D2", "D1", "D2"])
    got = {(o.name, o.timepoint): {(r.arm, r.statistic): r.value for r in o.results}
           for o in s.outcomes if o.results and o.name != "n"}
    assert set(got) == {("Pain score (VAS)", "D1"), ("Pain score (VAS)", "D2"),
                        ("Swelling (mm)", "D1"), ("Swelling (mm)", "D2")}
    v = got[("Swelling (mm)", "D2")]
    assert v[("Group I", "mean")] == 20.9 and v[("Group II", "sd")] == 1.5


def test_sub_headers_that_differ_under_each_header_keep_naming_their_columns():
    s = _rows_study(["Pain score (VAS)", "Swelling (mm)"], ["At rest", "On chewing", "Cheek", "Jaw"])
    names = {o.name for o in s.outcomes if o.results}
    assert {"At rest", "On chewing", "Cheek", "Jaw"} <= names


_NEG = """<?xml version="1.0"?>
<article><front><article-meta><title-group><article-title>Clonidine during cardiac surgery: a randomised
trial</article-title></title-group></article-meta></front>
<body><sec><title>Methods</title><p>Patients were randomised in a 1:1 ratio before induction.</p></sec>
<sec><title>Results</title>
<table-wrap id="t1"><label>Table 1</label><caption><p>Characteristics of the patients</p></caption>
<table><thead><tr><th>Characteristic</th><th>Patients With Clonidine (n = 50)</th>
<th>Patients Without Clonidine (n = 48)</th></tr></thead>
<tbody><tr><td>Age, years</td><td>64 &#xB1; 9</td><td>63 &#xB1; 10</td></tr>
<tr><td>Male sex</td><td>31 (62)</td><td>30 (63)</td></tr></tbody></table></table-wrap>
<table-wrap id="t2"><label>Table 2</label><caption><p>Events within 30 days</p></caption>
<table><thead><tr><th>Event</th><th>Clonidine</th><th>No Clonidine</th><th>P</th></tr></thead>
<tbody><tr><td>Atrial fibrillation</td><td>9/50 (18.0)</td><td>17/48 (35.4)</td><td>0.05</td></tr>
<tr><td>Delirium</td><td>4/50 (8.0)</td><td>6/48 (12.5)</td><td>0.46</td></tr></tbody></table></table-wrap>
</sec></body></article>
"""


def test_a_header_negating_the_treatment_names_the_arm_without_it():
    art = extract_data(_NEG.encode(), "trial.xml")
    s, = art.studies
    o, = [o for o in s.outcomes if o.name == "Atrial fibrillation"]
    v = {(r.arm, r.statistic): r.value for r in o.results}
    assert v[("Patients With Clonidine", "events")] == 9
    assert v[("Patients Without Clonidine", "events")] == 17


_MARKED = """<?xml version="1.0"?>
<article><front><article-meta><title-group><article-title>Iron supplements in pregnancy: a randomised
placebo-controlled trial</article-title></title-group></article-meta></front>
<body><sec><title>Methods</title><p>Women were randomly assigned to iron or placebo.</p></sec>
<sec><title>Results</title><p>Outcomes are shown in Table 2.</p>
<table-wrap id="t2"><label>Table 2</label><caption><p>Outcomes at delivery</p></caption>
<table><thead><tr><th>Outcome</th><th>Iron (N=120)</th><th>Placebo (N=118)</th></tr></thead>
<tbody>
<tr><td>Birthweight (kg)<sup>&#x3A8;</sup></td><td>3.05 (0.41)</td><td>2.98 (0.44)</td></tr>
<tr><td>Cord hemoglobin (g/dL)<sup>&#x3A8;</sup></td><td>16.8, 2.1</td><td>16.1, 2.4</td></tr>
<tr><td>Cord ferritin (ng/ml)<sup>*</sup></td><td>152.0, 98.5</td><td>131.4, 90.2</td></tr>
<tr><td>Preterm birth<sup>&#x3A6;</sup></td><td>9 (7.5%)</td><td>12 (10.2%)</td></tr>
</tbody></table>
<table-wrap-foot><fn><label>&#x3A8;</label><p>Mean (standard deviation), t-test.</p></fn>
<fn><label>*</label><p>Median, interquartile range, Wilcoxon test.</p></fn>
<fn><label>&#x3A6;</label><p>Number (%), chi-square test.</p></fn></table-wrap-foot></table-wrap>
</sec></body></article>
"""


def _marked():
    art = extract_data(_MARKED.encode(), "trial.xml")
    s, = art.studies
    return {o.name: {(r.arm, r.statistic): r.value for r in o.results} for o in s.outcomes if o.results}


def test_a_row_marker_takes_the_statistic_its_footnote_states():
    got = _marked()
    bw = got["Birthweight (kg)"]
    assert bw[("iron", "mean")] == 3.05 and bw[("placebo", "sd")] == 0.44
    assert not any(stat.startswith("iqr") or stat == "median" for _, stat in bw)


def test_a_mean_and_its_sd_printed_apart_by_a_comma_are_read_where_the_row_says_mean_sd():
    hb = _marked()["Cord hemoglobin (g/dL)"]
    assert hb[("iron", "mean")] == 16.8 and hb[("iron", "sd")] == 2.1
    assert hb[("placebo", "mean")] == 16.1 and hb[("placebo", "sd")] == 2.4


def test_a_comma_pair_under_a_median_note_is_never_read_as_a_mean():
    got = _marked()
    ferritin = got.get("Cord ferritin (ng/ml)", {})
    assert not any(stat in ("mean", "sd") for _, stat in ferritin)


def test_marker_notes_are_read_per_marker_and_notes_naming_no_statistic_give_none():
    from extractor.trials.tablereader import label_markers, marker_specs
    got = marker_specs("\u03a8\nMean (Standard deviation), T-test\n*\nP < 0.05 against placebo\n"
                       "^a Median (IQR)\nGP, general practitioner")
    assert [sp.slots for sp in got["\u03a8"]] == [("mean", "sd")]
    assert got["a"][0].slots[0] == "median"
    assert "*" not in got
    assert label_markers("Birthweight (Kg)^\u03a8") == ["\u03a8"]
    assert label_markers("Any MACE^a,b") == ["a", "b"]


_STAT_ROWS = """<?xml version="1.0"?>
<article><front><article-meta><title-group><article-title>Etoricoxib for dental pain: a randomised
placebo-controlled trial</article-title></title-group></article-meta></front>
<body><sec><title>Methods</title><p>Patients were randomly assigned to etoricoxib or placebo.</p></sec>
<sec><title>Results</title><p>Pain intensity fell more with etoricoxib (Table 2).</p>
<table-wrap id="t2"><label>Table 2</label><caption><p>Pain at 4 hours after the first dose</p></caption>
<table><thead><tr><th>Pain relief score (VAS, mm)</th><th>Etoricoxib (n = 60)</th><th>Placebo (n = 58)</th></tr></thead>
<tbody><tr><td>Mean &#xB1; SD</td><td>21.4 &#xB1; 14.2</td><td>11.9 &#xB1; 12.5</td></tr>
<tr><td>Median (range)</td><td>19.0 (-8.0, 60.5)</td><td>10.5 (-12.0, 49.0)</td></tr></tbody></table></table-wrap>
</sec></body></article>
"""


def test_rows_naming_only_a_statistic_measure_the_outcome_the_stub_header_names():
    s, = extract_data(_STAT_ROWS.encode(), "trial.xml").studies
    got = {}
    for o in s.outcomes:
        for r in o.results:
            got.setdefault(o.name, {})[(r.arm, r.statistic)] = r.value
    name, = [n for n in got if "Pain relief score" in n]
    v = got[name]
    assert v[("etoricoxib", "mean")] == 21.4 and v[("placebo", "sd")] == 12.5
    assert v[("etoricoxib", "median")] == 19.0
