"""Binary results given in sentences: counts that open their sentence with the outcome said of
them after the arms ("19 of 22 ... in group 1 and 19 of 21 ... in group 2 were still in
remission"), an outcome named after who is counted ("the number of patients who required ..."),
the complement of "the most frequent adverse event was ...", and a count with its share after
"reported for" (no duration)."""
import pytest

from extractor.context import Context
from extractor.source import Source
from extractor.trials import extract_studies

LEAD = "Adults with COPD were randomly assigned to roflumilast or placebo. "


def _outcomes(text):
    s, = extract_studies(Context(source=Source.from_text(LEAD + text)))
    return s.outcomes


def _counts(o):
    return {(r.arm, r.statistic): r.value for r in o.results if r.statistic in ("events", "total") and not r.derived}


@pytest.mark.parametrize("text,name,counts", [
    ("At 12 months, 18 of 40 (45.0%) patients in the roflumilast group and 9 of 41 (22.0%) in the placebo "
     "group were still in remission.", "remission",
     {("roflumilast", "events"): 18, ("roflumilast", "total"): 40, ("placebo", "events"): 9, ("placebo", "total"): 41}),
    ("Thirty-one of 40 (77.5%) patients in the roflumilast group and 22 of 41 (53.7%) patients in the placebo "
     "group ultimately stopped smoking (p = 0.03).", "stopped smoking",
     {("roflumilast", "events"): 31, ("roflumilast", "total"): 40, ("placebo", "events"): 22, ("placebo", "total"): 41}),
])
def test_counts_opening_the_sentence_take_the_outcome_said_of_them(text, name, counts):
    o, = _outcomes(text)
    assert o.name == name
    assert _counts(o) == counts


@pytest.mark.parametrize("text", [
    "Thirty-eight of 40 (95%) patients in the roflumilast group and 39 of 41 (95%) in the placebo group "
    "completed the study.",
    "Twenty of 40 (50%) patients in the roflumilast group and 21 of 41 (51%) in the placebo group were women.",
    "Twelve of 40 (30%) patients in the roflumilast group and 15 of 41 (37%) in the placebo group were not "
    "in remission.",
])
def test_flow_demographics_and_negated_predicates_name_no_outcome(text):
    assert not _outcomes(text)


@pytest.mark.parametrize("text,name,events", [
    ("The total number of patients displaying dyspnoea was 16 (39%) in the placebo group and 11 (28%) in the "
     "roflumilast group (P = 0.3).", "displaying dyspnoea", {"placebo": 16, "roflumilast": 11}),
    ("The number of patients who required rescue inhalers was 14 (35%) in the roflumilast group and 20 (49%) "
     "in the placebo group.", "required rescue inhalers", {"roflumilast": 14, "placebo": 20}),
])
def test_an_outcome_named_after_who_is_counted(text, name, events):
    o, = _outcomes(text)
    assert o.name == name
    assert {a: v for (a, st), v in _counts(o).items() if st == "events"} == events


def test_the_most_frequent_event_is_the_complement():
    o, = _outcomes("The most frequent adverse event was diarrhoea (9.5% of roflumilast patients compared with "
                   "2.4% of placebo patients; P = 0.01).")
    assert o.name == "diarrhoea"
    assert {r.arm: r.value for r in o.results if r.statistic == "percent"} == {"roflumilast": 9.5, "placebo": 2.4}


def test_a_count_with_its_share_after_reported_for_is_no_duration():
    o, = _outcomes("Adverse events were reported for 40.5% (81/200) of roflumilast and 44.0% (88/200) of "
                   "placebo patients (p = 0.48).")
    assert _counts(o) == {("roflumilast", "events"): 81, ("roflumilast", "total"): 200,
                          ("placebo", "events"): 88, ("placebo", "total"): 200}


def test_the_arm_closing_an_object_with_as_compared_to_is_cut_from_the_name():
    s, = extract_studies(Context(source=Source.from_text(
        "Children with typhoid fever were randomly assigned to gatifloxacin or cefixime. In the PP group, 19 out "
        "of 70 (27%) patients who completed the 7-day trial had acute clinical failure in the cefixime "
        "recipients as compared to 1 out of 88 (1%) in the gatifloxacin recipients (p<0.001).")))
    o, = s.outcomes
    assert o.name == "acute clinical failure"
    assert _counts(o) == {("cefixime", "events"): 19, ("cefixime", "total"): 70,
                          ("gatifloxacin", "events"): 1, ("gatifloxacin", "total"): 88}


FORMULA = "Infants were randomly assigned to the new formula (NF) or the standard formula (SF). "


def _by_name(outcomes):
    return {o.name: o for o in outcomes}


def test_the_complement_of_a_no_event_count_is_the_event_derived_with_its_formula():
    got = _by_name(extract_studies(Context(source=Source.from_text(
        FORMULA + "After 3 weeks, no painful defecation was reported in 7 of 20 (35%) NF infants and 5 of 15 "
                  "(33%) SF infants.")))[0].outcomes)
    o = got["painful defecation"]
    assert {(r.arm, r.statistic): r.value for r in o.results} == {
        ("NF", "events"): 13, ("NF", "total"): 20, ("SF", "events"): 10, ("SF", "total"): 15}
    # the events are rebuilt; the totals are the row's own, as printed
    assert {(r.arm, r.statistic) for r in o.results if r.derived} == {("NF", "events"), ("SF", "events")}
    ev = next(r for r in o.results if r.arm == "NF" and r.statistic == "events")
    assert ev.derivation.startswith("20 − 7 = 13: the complement of 'no painful defecation'")
    assert o.timepoint == got["no painful defecation"].timepoint and not o.effects


def test_no_complement_without_a_denominator_or_beside_the_event_s_own_numbers():
    # counts without a total, and arms of unknown size: no denominator
    s, = extract_studies(Context(source=Source.from_text(
        FORMULA + "No relapse occurred in 12 NF infants and 9 SF infants.")))
    assert "relapse" not in _by_name(s.outcomes)
    # the event's own count is printed: it is not rebuilt
    s, = extract_studies(Context(source=Source.from_text(
        FORMULA + "No vomiting was seen in 15 of 20 (75%) NF infants and 9 of 15 (60%) SF infants. Vomiting "
                  "was seen in 4 of 20 (20%) NF infants and 6 of 15 (40%) SF infants.")))
    o = _by_name(s.outcomes).get("Vomiting")
    assert o is not None and not any(r.derived for r in o.results)
    assert [x.name.lower() for x in s.outcomes].count("vomiting") == 1


KNEE = "Adults with knee pain were randomly assigned to arthroscopy or physiotherapy. "


@pytest.mark.parametrize("text,name", [
    ("No postoperative bleeding occurred with either procedure.", "postoperative bleeding"),
    ("There was no allergic reaction observed in any of the participants.", "allergic reaction"),
    ("Overall, no wound infection was recorded in any of the patients.", "wound infection"),
])
def test_an_event_no_patient_of_any_arm_had_is_zero_in_every_arm(text, name):
    s, = extract_studies(Context(source=Source.from_text(KNEE + text)))
    o, = s.outcomes
    assert (o.name, o.kind) == (name, "binary")
    assert {r.arm: (r.statistic, r.value) for r in o.results} == {
        "arthroscopy": ("events", 0), "physiotherapy": ("events", 0)}


@pytest.mark.parametrize("text", [
    "No significant differences were observed in either group.",
    "No patients were lost to follow-up in either group.",
    "No change in pain scores was observed in either group.",
])
def test_no_difference_change_or_person_is_no_event(text):
    s, = extract_studies(Context(source=Source.from_text(KNEE + text)))
    assert not s.outcomes


def test_a_count_of_one_person_with_its_share():
    """Who is counted may be one person ("1 patient (2.5%)", "one woman"), as well as several."""
    o, = _outcomes("Pneumonia occurred in 1 patient (2.5%) in the roflumilast group and in 6 patients (14.6%) in "
                   "the placebo group.")
    got = {(r.arm, r.statistic): r.value for r in o.results if r.statistic in ("events", "percent")}
    assert got == {("roflumilast", "events"): 1, ("roflumilast", "percent"): 2.5,
                   ("placebo", "events"): 6, ("placebo", "percent"): 14.6}
