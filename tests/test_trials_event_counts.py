"""Counts of events given per arm with the unit stated once ("N <events> occurred in the A arm
and M in the B arm"): each count is the arm's number of events and the noun names the outcome."""
import pytest

from extractor.context import Context
from extractor.source import Source
from extractor.trials import extract_studies

LEAD = "Adults with COPD were randomly assigned to roflumilast or placebo. "


def _outcomes(text):
    s, = extract_studies(Context(source=Source.from_text(LEAD + text)))
    return s.outcomes


def _events(o):
    return {r.arm: r.value for r in o.results if r.statistic == "events"}


@pytest.mark.parametrize("text,name,counts", [
    ("Over the 12 months, 1,204 moderate exacerbations occurred in the roflumilast group and 1,377 in "
     "the placebo group.", "moderate exacerbations", {"roflumilast": 1204, "placebo": 1377}),
    ("Twenty-six weeks after randomization, 57 falls were reported in the roflumilast arm, compared "
     "with 81 in the placebo arm.", "falls", {"roflumilast": 57, "placebo": 81}),
    ("There were 9 deaths in the placebo group and 4 in the roflumilast group.", "deaths",
     {"placebo": 9, "roflumilast": 4}),
    ("In total, 33 hospital admissions were recorded in the roflumilast group versus 52 in the "
     "placebo group (rate ratio 0.63; 95% CI 0.41 to 0.97).", "hospital admissions",
     {"roflumilast": 33, "placebo": 52}),
])
def test_counts_per_arm_with_the_event_noun_stated_once(text, name, counts):
    o, = _outcomes(text)
    assert o.name == name
    assert _events(o) == counts
    assert all(r.unit is None for r in o.results)


def test_the_effect_of_an_event_count_sentence_joins_the_counts():
    o, = _outcomes("Overall, 140 episodes occurred in the roflumilast group and 210 in the placebo group "
                   "(rate ratio 0.67; 95% CI 0.54 to 0.83).")
    e, = o.effects
    assert (e.measure, e.value, e.comparison) == ("RR", 0.67, ("roflumilast", "placebo"))


@pytest.mark.parametrize("text", [
    "A total of 40 patients in the roflumilast group and 42 in the placebo group completed the study.",
    "Visits were scheduled at 4 and 12 weeks.",
])
def test_participant_counts_and_schedules_are_not_event_counts(text):
    assert not any(r.statistic == "events" for o in _outcomes(text) for r in o.results)


def test_an_event_noun_as_the_outcome_name_makes_bare_counts_events():
    o, = _outcomes("Moderate or severe exacerbations: 74 in the roflumilast arm vs 96 in the placebo arm.")
    assert _events(o) == {"roflumilast": 74, "placebo": 96}
    o, = _outcomes("Dyspnoea scores: 14 in the roflumilast arm vs 17 in the placebo arm.")
    assert not _events(o)


def test_fewer_episodes_favour_the_intervention():
    o, = _outcomes("During the study, 61 wheezing episodes occurred in the roflumilast group and 95 in the "
                   "placebo group (incidence rate ratio 0.64; 95% CI 0.46 to 0.89).")
    assert o.effects[0].direction == "favours_intervention"


def test_a_percentage_of_the_randomised_arm_when_no_count_of_the_analysed_arm_gives_it():
    # 210 and 205 randomised, 198 and 190 analysed: 10.5% is no count of 198 (20/198 = 10.1%,
    # 21/198 = 10.6%) but is 22/210; 18.5% is 38/205
    from extractor.context import Context
    from extractor.source import Source
    from extractor.trials import extract_studies
    text = ("Adults with COPD were randomly assigned to roflumilast or placebo; 210 patients were randomised "
            "to roflumilast and 205 to placebo. A total of 198 patients in the roflumilast group and 190 in the "
            "placebo group completed the study and were analysed. The percentage of patients with ≥1 "
            "exacerbation was reduced (roflumilast 10.5%; placebo 18.5%; p = 0.02).")
    s, = extract_studies(Context(source=Source.from_text(text)))
    assert {a.label: (a.n_randomized, a.n_analyzed) for a in s.arms} == {"roflumilast": (210, 198), "placebo": (205, 190)}
    o = next(o for o in s.outcomes if any(r.statistic == "percent" for r in o.results))
    got = {(r.arm, r.statistic): r.value for r in o.results if r.derived}
    assert got == {("roflumilast", "events"): 22, ("roflumilast", "total"): 210,
                   ("placebo", "events"): 38, ("placebo", "total"): 205}
