"""Arm sizes only from statements of this trial's groups: not a planned size of a power
calculation, not the digits of a p-value, and from a table's footnote wherever the reader set
the table (JATS floats after the reference list)."""
from extractor.context import Context
from extractor.pipeline import extract_data
from extractor.source import Source
from extractor.trials import extract_studies

LEAD = "Adults with asthma were randomly assigned to the budesonide group or the placebo group. "


def _arms(text):
    s, = extract_studies(Context(source=Source.from_text(LEAD + text)))
    return {a.label: (a.n_randomized, a.n_analyzed) for a in s.arms}


def test_a_planned_size_per_group_is_no_arm_size():
    sizes = _arms("Assuming a response of 30% with placebo, we calculated that we needed 52 participants per group "
                  "to detect a 25% difference between the groups.")
    assert all(v == (None, None) for v in sizes.values()), sizes


def test_the_digits_of_a_p_value_are_no_arm_size():
    sizes = _arms("Symptom scores fell following treatment (6.1±2.0 vs. 3.2±1.9, p<0.001 in the budesonide group; "
                  "6.3±2.2 vs. 5.8±2.1, p=0.004 in the placebo group).")
    assert all(v == (None, None) for v in sizes.values()), sizes


def test_analysed_sizes_in_words_and_digits():
    sizes = _arms("Fifty-seven patients (91.9%) had a follow-up spirometry: 29 in the budesonide group and 28 in the "
                  "placebo group.")
    assert sizes == {"budesonide": (None, 29), "placebo": (None, 28)}


_JATS = """<?xml version="1.0"?>
<article><front><article-meta><title-group><article-title>Budesonide in adult asthma: a randomised trial</article-title>
</title-group></article-meta></front>
<body><sec><title>Methods</title><p>Adults with asthma were randomly assigned to the budesonide group or the placebo
group.</p></sec>
<sec><title>Results</title><p>Exacerbations were fewer with budesonide (Table 2).</p></sec></body>
<back><ref-list><title>References</title>
<ref id="r1"><mixed-citation>Smith A, Jones B. Inhaled steroids in asthma. Thorax. 2001;56:1-5.</mixed-citation></ref>
</ref-list></back>
<floats-group><table-wrap id="t2"><label>Table 2</label><caption><p>Exacerbations at 12 weeks</p></caption>
<table><thead><tr><th></th><th>Budesonide</th><th>Placebo</th><th>P</th></tr></thead>
<tbody><tr><td>Any exacerbation, n (%)</td><td>4 (13.8)</td><td>10 (35.7)</td><td>0.07</td></tr></tbody></table>
<table-wrap-foot><fn id="f1"><p>Fifty-seven patients completed the study: 29 in the budesonide group and 28 in the
placebo group.</p></fn></table-wrap-foot></table-wrap></floats-group>
</article>
"""


def test_a_footnote_of_a_table_after_the_references_gives_the_analysed_sizes():
    art = extract_data(_JATS.encode(), "trial.xml")
    s, = art.studies
    assert {a.label: a.n_analyzed for a in s.arms} == {"budesonide": 29, "placebo": 28}
    # the reference list itself is still no source of numbers
    assert not any("Thorax" in (o.name or "") for o in s.outcomes)


def test_a_trade_mark_sign_ends_a_name_with_its_size():
    text = ("A total of 60 children were randomly assigned to receive ProSeal (n = 30) or Air-Q™ (n = 30) for "
            "airway management. Leak pressure was higher with ProSeal (24.1 ± 3.2 vs 19.8 ± 2.9 cmH2O, P < 0.001).")
    s, = extract_studies(Context(source=Source.from_text(text)))
    assert [(a.label, a.n_randomized) for a in s.arms] == [("ProSeal", 30), ("Air-Q™", 30)]
