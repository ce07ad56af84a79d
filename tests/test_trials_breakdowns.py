"""A total broken down by arm in the bracket after it ("251 events occurred (A 110, B 141)",
"77.5% of patients (30 of 40 in A and 32 of 40 in B) had died", "21 deaths (A: 12; B: 9)"):
each arm of the trial gets its own value for the outcome the clause names."""
import pytest

from extractor.context import Context
from extractor.source import Source
from extractor.trials import extract_studies

LEAD = "Adults with COPD were randomly assigned to roflumilast or placebo. "


def _outcomes(text):
    s, = extract_studies(Context(source=Source.from_text(LEAD + text)))
    return s.outcomes


def _values(o, stat="events"):
    return {r.arm: r.value for r in o.results if r.statistic == stat}


@pytest.mark.parametrize("text,name,counts", [
    ("In total, 251 exacerbations occurred (roflumilast 110, placebo 141).", "exacerbations",
     {"roflumilast": 110, "placebo": 141}),
    ("There were 21 deaths (roflumilast: 12; placebo: 9).", "deaths", {"roflumilast": 12, "placebo": 9}),
    ("Over the year, 1,204 falls were recorded (roflumilast 580 and placebo 624).", "falls",
     {"roflumilast": 580, "placebo": 624}),
])
def test_a_total_of_events_broken_down_by_arm(text, name, counts):
    o, = _outcomes(text)
    assert o.name == name
    assert _values(o) == counts
    assert o.kind == "binary"


def test_a_percentage_broken_down_into_counts_of_each_arm():
    o, = _outcomes("At 12 months, 77.5% of patients (30 of 40 in the roflumilast group and 32 of 40 in the "
                   "placebo group) had died.")
    assert o.name == "died"
    assert _values(o) == {"roflumilast": 30, "placebo": 32}
    assert _values(o, "total") == {"roflumilast": 40, "placebo": 40}


def test_two_breakdowns_in_one_sentence_give_two_clean_outcome_names():
    os_ = _outcomes("At a median follow-up of 30 months, 86.3% of patients (35 patients in the roflumilast group "
                    "and 34 patients in the placebo group) had PD and 72.5% of patients (29 patients in the "
                    "roflumilast group and 29 patients in the placebo group) had died.")
    assert {o.name: _values(o) for o in os_} == {"PD": {"roflumilast": 35, "placebo": 34},
                                                 "died": {"roflumilast": 29, "placebo": 29}}


@pytest.mark.parametrize("text", [
    # the counts do not add up to the total: no breakdown of it
    "In total, 300 exacerbations occurred (roflumilast 110, placebo 141).",
    # the bracket's names are no arms of the trial
    "In total, 251 exacerbations occurred (men 110, women 141).",
])
def test_a_bracket_that_is_no_breakdown_by_arm_is_not_read_as_one(text):
    assert not any(_values(o) == {"roflumilast": 110, "placebo": 141} for o in _outcomes(text))


def test_percentages_of_each_arm_break_down_an_overall_percentage():
    o, = _outcomes("Overall, 14.0% of patients were hospitalised (roflumilast 12.0%, placebo 16.0%).")
    assert _values(o, "percent") == {"roflumilast": 12.0, "placebo": 16.0}
    assert not any(_values(o, "percent") == {"roflumilast": 12.0, "placebo": 16.0}
                   for o in _outcomes("The difference was 1.5 (roflumilast 12.0%, placebo 16.0%)."))


@pytest.mark.parametrize("text", [
    "A further 7 patients (4 in the roflumilast group, 3 in the placebo group) have missing diary data.",
    "In all, 405 people (202 in the roflumilast group and 203 in the placebo group) returned the diary and "
    "were included in the analyses.",
])
def test_counts_of_the_trial_flow_broken_down_by_arm_are_no_outcome(text):
    assert not any(_values(o) for o in _outcomes(text))
