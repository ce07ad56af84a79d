"""Results tables laid out long: one row per outcome and arm ("Outcome | Group | n | Mean ± SD"),
the outcome printed once beside its first arm's row and spanning (or left blank over) the rows
of the other arms."""
from extractor.pipeline import extract_data
from extractor.trials.headers import read_label

_JATS = """<?xml version="1.0"?>
<article><front><article-meta><title-group><article-title>Home exercise for knee osteoarthritis: a
randomised trial</article-title></title-group></article-meta></front>
<body><sec><title>Methods</title><p>Sixty patients were randomly assigned to the exercise group or the
control group.</p></sec>
<sec><title>Results</title><p>Pain and function improved more with exercise (Table 2).</p>
<table-wrap id="t2"><label>Table 2</label><caption><p>Outcomes after 12 weeks</p></caption>
<table><thead><tr><th>Outcome</th><th>Group</th><th>{n}</th><th>Mean &#xB1; SD</th></tr></thead>
<tbody>
<tr><td rowspan="2">Pain (VAS)</td><td>Exercise group</td><td>30</td><td>3.1 &#xB1; 1.2</td></tr>
<tr><td>Control group</td><td>29</td><td>4.6 &#xB1; 1.5</td></tr>
<tr><td rowspan="2">WOMAC function</td><td>Exercise group</td><td>30</td><td>21.4 &#xB1; 6.3</td></tr>
<tr><td>Control group</td><td>28</td><td>27.9 &#xB1; 7.1</td></tr>
</tbody></table></table-wrap></sec></body></article>
"""

_TEXT = """Home exercise for knee osteoarthritis: a randomised trial

Methods
Sixty patients were randomly assigned to the exercise group or the control group.

Results
Table 2. Knee pain and function at baseline and after 12 weeks. Values are mean ± SD.

  Outcome           Group            Baseline        Week 12
  ----------------- ---------------- --------------- ---------------
  Pain (VAS)        Exercise group   6.2 ± 1.4       3.1 ± 1.2
                    Control group    6.0 ± 1.5       4.6 ± 1.5
  WOMAC function    Exercise group   38.5 ± 8.2      21.4 ± 6.3
                    Control group    37.9 ± 7.7      27.9 ± 7.1

Pain fell more with exercise than with control.
"""


def _outcomes(data: bytes, name: str):
    art = extract_data(data, name)
    s, = art.studies
    return {(o.name, o.timepoint): {(r.arm, r.statistic): r.value for r in o.results}
            for o in s.outcomes if o.results}


def test_an_outcome_spanning_the_rows_of_its_arms_names_each_arms_values():
    got = _outcomes(_JATS.format(n="n").encode(), "trial.xml")
    assert set(got) == {("Pain (VAS)", "12 weeks"), ("WOMAC function", "12 weeks")}
    pain = got[("Pain (VAS)", "12 weeks")]
    assert (pain[("exercise", "mean")], pain[("exercise", "sd")]) == (3.1, 1.2)
    assert (pain[("control", "mean")], pain[("control", "sd")]) == (4.6, 1.5)
    womac = got[("WOMAC function", "12 weeks")]
    assert (womac[("exercise", "mean")], womac[("control", "mean")]) == (21.4, 27.9)
    # the size printed in the outcome's own row (28 of the 29 controls) is its total
    assert womac[("control", "total")] == 28


def test_a_size_column_headed_n_patients_counts_the_group_not_events():
    assert read_label("n (patients)").role == "size"
    assert read_label("N (participants)").role == "size"
    assert read_label("n (events)").role != "size"
    got = _outcomes(_JATS.format(n="n (patients)").encode(), "trial.xml")
    assert set(got) == {("Pain (VAS)", "12 weeks"), ("WOMAC function", "12 weeks")}
    assert not any(stat == "events" for vals in got.values() for _, stat in vals)
    assert got[("WOMAC function", "12 weeks")][("control", "total")] == 28


def test_an_outcome_over_blank_cells_below_it_names_the_rows_of_its_arms_at_each_time():
    got = _outcomes(_TEXT.encode(), "trial.txt")
    assert set(got) == {("Pain (VAS)", "Baseline"), ("Pain (VAS)", "Week 12"),
                        ("WOMAC function", "Baseline"), ("WOMAC function", "Week 12")}
    assert got[("Pain (VAS)", "Week 12")][("control", "mean")] == 4.6
    assert got[("WOMAC function", "Baseline")][("exercise", "sd")] == 8.2
    assert got[("WOMAC function", "Week 12")][("control", "sd")] == 7.1


def test_an_outcome_printed_beside_its_first_arm_is_no_arm_when_its_name_reads_as_one():
    # "Metabolic control | Exercise group | ...": the inner stub names the arm; the outer label,
    # though it ends in "control", names the outcome of the rows beside and under it
    rows = ("<tr><td>Metabolic control</td><td>Exercise group</td><td>30</td><td>3.1 &#xB1; 1.2</td></tr>"
            "<tr><td></td><td>Control group</td><td>29</td><td>4.6 &#xB1; 1.5</td></tr>"
            "<tr><td>WOMAC function</td><td>Exercise group</td><td>30</td><td>21.4 &#xB1; 6.3</td></tr>"
            "<tr><td></td><td>Control group</td><td>28</td><td>27.9 &#xB1; 7.1</td></tr>")
    start, end = _JATS.index("<tbody>") + len("<tbody>"), _JATS.index("</tbody>")
    got = _outcomes((_JATS[:start] + rows + _JATS[end:]).format(n="n").encode(), "trial.xml")
    assert set(got) == {("Metabolic control", "12 weeks"), ("WOMAC function", "12 weeks")}
    mc = got[("Metabolic control", "12 weeks")]
    assert (mc[("exercise", "mean")], mc[("exercise", "sd")]) == (3.1, 1.2)
    assert (mc[("control", "mean")], mc[("control", "sd")]) == (4.6, 1.5)
