"""Header and legend grammar: a bracket giving people and eyes ("DHA group (12 subjects,
24 eyes)") gives the group and its size; "Range of motion" names a measure, not the range
statistic.  Labels and a table written for these tests."""
from __future__ import annotations

from extractor.pipeline import extract_data
from extractor.trials.cells import find_specs
from extractor.trials.headers import read_label


def test_a_header_giving_people_and_eyes_gives_the_eyes_as_the_group_size():
    # a column printed over both counts holds values per eye: the eyes are its size
    lab = read_label("DHA group (12 subjects, 24 eyes)")
    assert (lab.rest, lab.n) == ("DHA group", 24)
    assert (read_label("Controls (12 subjects; 24 eyes)").rest, read_label("Controls (12 eyes)").n) == ("Controls", 12)
    assert read_label("Placebo (30 patients)").n == 30
    # other counts in brackets are no size
    assert read_label("Drug (12 subjects, 3 centres)").n is None
    assert read_label("Group A (2, 4 mg)").n is None


def test_range_of_motion_names_a_measure_not_a_statistic():
    assert find_specs("Range of motion (degrees)") == []
    assert find_specs("range of movement") == []
    assert [sp.slots for sp in find_specs("Median (range)")] == [("median", "range_low", "range_high")]
    assert [sp.slots for sp in find_specs("Mean, range")] == [("mean", "range_low", "range_high")]


_JATS = """<?xml version="1.0"?>
<article><front><article-meta><title-group><article-title>Omega-3 supplements in macular disease: a randomised trial</article-title></title-group></article-meta></front>
<body><sec><title>Methods</title><p>Patients were randomly assigned to DHA supplementation or no supplement (controls).</p></sec>
<sec><title>Results</title><p>Macular sensitivity rose with DHA (Table 2).</p>
<table-wrap id="t2"><label>Table 2</label><caption><p>Macular function at 90 days</p></caption>
<table><thead><tr><th>Variable</th><th>DHA group (12 subjects, 24 eyes)</th><th>Controls (12 subjects, 24 eyes)</th><th>P</th></tr></thead>
<tbody><tr><td>Macular sensitivity, dB</td><td>27.3 &#xb1; 2.3</td><td>25.8 &#xb1; 2.6</td><td>0.03</td></tr>
<tr><td>Macular integrity index</td><td>51.6 &#xb1; 35.9</td><td>71.8 &#xb1; 35.7</td><td>0.04</td></tr></tbody></table>
<table-wrap-foot><p>Values are mean &#xb1; SD.</p></table-wrap-foot></table-wrap>
</sec></body></article>
"""


def test_arm_columns_headed_by_people_and_eyes_give_values_per_eye():
    art = extract_data(_JATS.encode(), "trial.xml")
    s, = art.studies
    got = {o.name: sorted((r.arm.split()[0].lower(), r.statistic, r.value) for r in o.results)
           for o in s.outcomes if o.results}
    sens = next((v for n, v in got.items() if n.startswith("Macular sensitivity")), None)
    assert sens is not None, got
    assert ("dha", "mean", 27.3) in sens and ("dha", "sd", 2.3) in sens, sens
    assert ("no", "mean", 25.8) in sens and ("no", "sd", 2.6) in sens, sens
    assert {v for a, st, v in sens if st == "total"} <= {24.0}, sens
