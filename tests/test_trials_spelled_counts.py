"""Per-arm counts as reports print them in prose: counts spelled out before a total in digits
("four of 313"), a second comparison joined by "as was", grade and stage numbers that are part
of a name, and a sentence restating a table row under a fuller name."""
from pathlib import Path

import pytest

from extractor.context import Context
from extractor.pipeline import extract
from extractor.source import Source
from extractor.trials import extract_studies
from extractor.trials.values import find_values

LEAD = "Adults with COPD were randomly assigned to roflumilast or placebo. "


def _outcomes(text):
    s, = extract_studies(Context(source=Source.from_text(LEAD + text)))
    return s.outcomes


def _numbers(o):
    return {(r.arm, r.statistic): r.value for r in o.results}


@pytest.mark.parametrize("text, parts", [
    ("four of 313", [("events", 4), ("total", 313)]),
    ("1% [four of 313]", [("percent", 1), ("events", 4), ("total", 313)]),
    ("Twelve of 40 patients (30%)", [("events", 12), ("total", 40), ("percent", 30)]),
])
def test_a_count_spelled_out_before_a_total_in_digits(text, parts):
    v, = find_values(text)
    assert [(p.statistic, p.value) for p in v.parts] == parts
    assert text[v.parts[0].start:v.parts[0].end].lower() in ("four", "1", "twelve")


@pytest.mark.parametrize("text", ["one of the two groups", "someone of 3 sites said so"])
def test_number_words_without_a_total_are_no_counts(text):
    assert not [v for v in find_values(text) if v.form == "events_total"]


def test_a_second_comparison_joined_by_as_was_names_its_own_outcome():
    a, b = _outcomes("Grade 3 or 4 nausea was more common with roflumilast than placebo (9% [19 of 208] vs "
                     "2% [four of 203], p=0.002), as was weight loss (21% [44 of 208] vs 6% [12 of 203], p<0.001).")
    assert a.name == "Grade 3 or 4 nausea"
    assert _numbers(a) == {("roflumilast", "percent"): 9, ("roflumilast", "events"): 19, ("roflumilast", "total"): 208,
                           ("placebo", "percent"): 2, ("placebo", "events"): 4, ("placebo", "total"): 203}
    assert b.name == "weight loss"
    assert _numbers(b)[("placebo", "events")] == 12


def test_the_number_of_a_grade_is_part_of_the_name_not_a_value():
    o, = _outcomes("21% (44 of 208) of patients assigned roflumilast had nausea of grade 1–2 versus 8% "
                   "(16 of 203) for placebo (p<0.001).")
    assert o.name == "nausea of grade 1–2"
    assert _numbers(o) == {("roflumilast", "percent"): 21, ("roflumilast", "events"): 44, ("roflumilast", "total"): 208,
                           ("placebo", "percent"): 8, ("placebo", "events"): 16, ("placebo", "total"): 203}


def test_a_sentence_restating_a_row_gives_the_row_its_fuller_name(tmp_path):
    html = """<html><head><title>Roflumilast in COPD: a randomised trial</title></head><body><article>
<h1>Roflumilast in COPD: a randomised trial</h1>
<h2>Methods</h2><p>Adults with COPD were randomly assigned to roflumilast (n = 210) or placebo (n = 205).</p>
<h2>Results</h2><p>Grade 3 or 4 nausea was more common with roflumilast than placebo (9% [19 of 208] vs 2%
[four of 203], p=0.002).</p>
<table><caption>Table 2. Adverse events among patients who took the study drug</caption>
<thead><tr><th></th><th>Roflumilast (N=208)</th><th>Placebo (N=203)</th><th>p value</th></tr></thead>
<tbody><tr><td colspan="4">Specific adverse events (grade 3 or 4 only)</td></tr>
<tr><td>Nausea</td><td>19 (9%)</td><td>4 (2%)</td><td>0.002</td></tr>
<tr><td>Headache</td><td>6 (3%)</td><td>5 (2%)</td><td>0.8</td></tr>
</tbody></table></article></body></html>"""
    path = tmp_path / "trial.html"
    path.write_text(html, encoding="utf-8")
    art = extract(path)
    outs = {o.name: o for s in art.studies for o in s.outcomes}
    nausea = outs["Grade 3 or 4 nausea"]
    assert art.text[nausea.prov.char_start:nausea.prov.char_end] == "Grade 3 or 4 nausea"
    # the values are the table's cells, stored once
    assert [r.value for r in nausea.results if r.statistic == "events"] == [19, 4]
    table_at = art.text.index("Specific adverse events")
    assert all(r.prov.char_start > table_at and art.text[r.prov.char_start:r.prov.char_end] == r.prov.quote
               for r in nausea.results)
    assert "Nausea" not in outs and "Headache" in outs


def test_subgroups_named_by_a_subset_or_by_who_the_patients_are():
    lead = "Adults with knee osteoarthritis were randomly assigned to LMWF-5A or saline. "
    o, = _outcomes_with(lead, "In the severe KL4 subset (n = 16), treatment with LMWF-5A resulted in a lower rate "
                              "of knee replacement compared to saline (40% (4/10) vs. 83% (5/6), p = 0.15).")
    assert o.subgroup == "severe KL4 subset"
    assert _numbers(o)[("LMWF-5A", "events")] == 4 and _numbers(o)[("saline", "total")] == 6
    # the second value's clause names no subgroup: it shares the first one's
    o, = _outcomes_with(lead, "Knee replacement rates were lower with LMWF-5A in patients who responded to "
                              "treatment (14% with LMWF-5A, vs. 100% with saline, p = 0.03).")
    assert o.subgroup == "who responded to treatment"
    assert _numbers(o) == {("LMWF-5A", "percent"): 14, ("saline", "percent"): 100}


def test_the_subject_after_a_long_opening_clause_names_the_outcome():
    lead = "Adults with knee osteoarthritis were randomly assigned to LMWF-5A or saline. "
    o, = _outcomes_with(lead, "In patients who responded to treatment during the earlier 12-week trial (≥20% "
                              "reduction in pain), knee replacement rates were lower in the LMWF-5A arm compared "
                              "to the saline arm (14% (1/7) vs. 100% (3/3), p = 0.03).")
    assert o.name == "knee replacement rates"
    assert o.subgroup.startswith("who responded to treatment")
    assert _numbers(o)[("LMWF-5A", "events")] == 1 and _numbers(o)[("saline", "events")] == 3


def _outcomes_with(lead, text):
    s, = extract_studies(Context(source=Source.from_text(lead + text)))
    return s.outcomes


def test_a_threshold_inside_a_name_is_part_of_the_name():
    o, = _outcomes("There was a significant difference in the proportion of patients with a reduction of "
                   "exacerbation days by at least 50% between the roflumilast group and the placebo group at "
                   "follow-up (71.2% versus 52.4%, P = 0.014).")
    assert o.name == "reduction of exacerbation days by at least 50%"
    assert _numbers(o) == {("roflumilast", "percent"): 71.2, ("placebo", "percent"): 52.4}


def test_a_subgroups_percentage_is_never_turned_into_counts_of_the_whole_arm():
    lead = "Adults with COPD were randomly assigned to roflumilast (n = 50) or placebo (n = 50). "
    o, = _outcomes_with(lead, "Exacerbations were less frequent with roflumilast in patients who smoked "
                              "(24% with roflumilast vs. 46% with placebo, p = 0.03).")
    assert o.subgroup == "who smoked"
    assert {r.statistic for r in o.results} == {"percent"}
    # the whole arm's percentage is rebuilt into counts, marked derived with its formula
    o, = _outcomes_with(lead, "Exacerbations were less frequent with roflumilast (24% with roflumilast vs. "
                              "46% with placebo, p = 0.03).")
    ev = [r for r in o.results if r.statistic == "events"]
    assert [r.value for r in ev] == [12, 23] and all(r.derived and "× 50" in r.derivation for r in ev)


@pytest.mark.parametrize("text, parts", [
    ("Nine patients (18.4%)", [("events", 9), ("percent", 18.4)]),
    ("two (4.1%)", [("events", 2), ("percent", 4.1)]),
])
def test_a_count_spelled_out_before_its_percentage(text, parts):
    v, = find_values(text)
    assert [(p.statistic, p.value) for p in v.parts] == parts
    assert text[v.parts[0].start:v.parts[0].end].lower() in ("nine", "two")


def test_number_words_inside_other_words_are_no_counts():
    assert [v.form for v in find_values("none (0%) of the patients")] == ["pct"]


def test_a_suspended_hyphen_names_both_arms_and_spelled_counts_are_their_events():
    lead = ("Eighty adults with stable angina were randomly assigned to genotype- or phenotype-guided "
            "antiplatelet therapy. ")
    o, = _outcomes_with(lead, "Seven patients (17.5%) in the genotype-guided group and two (5.0%) in the "
                              "phenotype-guided group had a bleeding event at day 28 (p=0.15).")
    assert o.name in ("a bleeding event", "bleeding event")
    assert _numbers(o) == {("genotype-guided antiplatelet therapy", "events"): 7,
                           ("genotype-guided antiplatelet therapy", "percent"): 17.5,
                           ("phenotype-guided antiplatelet therapy", "events"): 2,
                           ("phenotype-guided antiplatelet therapy", "percent"): 5.0,
                           # the totals each count and its percentage fix (7/17.5% and 2/5.0%: 40)
                           ("genotype-guided antiplatelet therapy", "total"): 40,
                           ("phenotype-guided antiplatelet therapy", "total"): 40}
    assert all(r.derived for r in o.results if r.statistic == "total")
    ev = next(r for r in o.results if r.statistic == "events")
    assert ev.prov.quote == "Seven"
