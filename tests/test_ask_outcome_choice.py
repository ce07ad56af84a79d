"""Which stored outcome answers a question: change against values after treatment, and a
whole comparison against parts of it (outcomes written for these tests)."""
from corpus.ask import Asker, Question, _match_outcomes

from ask_helpers import Idx


def outcome(i, name, timepoint=None, results=()):
    return dict(id=i, study_id=1, name=name, timepoint=timepoint, subgroup=None, is_primary=None,
                results=[dict(arm_id=a, statistic=k, value=v, derived=0) for a, k, v in results], effects=[])


def ask(idx, text):
    return Question(doc="1", outcome=text, intervention="a", comparator="b")


def best(idx, text):
    return _match_outcomes(idx, ask(idx, text))[0][1]


TABLE = [outcome(1, "Craving score", "Baseline"), outcome(2, "Craving score", "Week 8"),
         outcome(3, "Craving score, Change from baseline"),
         outcome(4, "Sleep latency, min", "Week 8"), outcome(5, "Sleep latency, min, Change")]


def test_values_after_treatment_unless_the_question_names_a_change():
    idx = Idx(TABLE)
    assert best(idx, "craving score")["id"] == 2
    assert best(idx, "sleep latency")["id"] == 4
    # a change said in other words than "change" still asks for the stored change
    for q in ("the mean reduction of craving score", "improvement in craving score",
              "change in craving from baseline", "craving score decrease"):
        assert best(idx, q)["id"] == 3, q
    assert best(idx, "the reduction of sleep latency")["id"] == 5


def test_a_change_word_is_not_a_word_of_the_outcome():
    # "improvement in the HAM-A" and the table's "HAM-A change (%)" name one measure; a prose
    # phrase with the change word is no closer to the question than the table row
    idx = Idx([outcome(1, "improvement in HAM-A score"), outcome(2, "HAM-A change (%)")],
              {"HAM-A": "Hamilton Anxiety Rating Scale"})
    ranked = _match_outcomes(idx, ask(idx, "The improvement in Hamilton Anxiety Rating Scale (HAM-A)"))
    assert abs(ranked[0][0] - ranked[1][0]) < 1e-9


ARM_A = {"id": 10, "label": "A"}
ARM_B = {"id": 11, "label": "B"}


def choose(cands):
    return Asker._choose([(1.0, o) for o in cands], ask(None, "x"), ARM_A, ARM_B)


def test_a_whole_comparison_over_the_same_values_read_in_part():
    prose = outcome(1, "recovery time", results=[(10, "mean", 7.5), (11, "mean", 11.2)])
    table = outcome(2, "recovery time", results=[(10, "mean", 7.5), (10, "sd", 2.1),
                                                 (11, "mean", 11.2), (11, "sd", 4.0)])
    assert choose([prose, table])["id"] == 2
    # a percent read from a sentence does not contradict a mean of the table
    pct = outcome(3, "improvement in HAM-A score", results=[(10, "percent", 58.1), (11, "percent", 30.4)])
    change = outcome(4, "HAM-A change (%)", results=[(10, "mean", 58.1), (10, "sd", 12.0),
                                                      (11, "mean", 30.4), (11, "sd", 15.5)])
    assert choose([pct, change])["id"] == 4


def test_readings_that_disagree_are_not_chosen_by_their_completeness():
    # the same words for an overall and a subgroup result: the whole one is not preferred
    overall = outcome(1, "revision rate", results=[(10, "percent", 31.0), (11, "percent", 40.0)])
    subgroup = outcome(2, "revision rate", results=[(10, "events", 3), (10, "total", 12), (10, "percent", 25.0),
                                                    (11, "events", 5), (11, "total", 9), (11, "percent", 55.6)])
    assert choose([overall, subgroup])["id"] == 1
    # nor when only one arm is whole
    half = outcome(3, "recovery time", results=[(10, "mean", 7.5), (10, "sd", 2.1), (11, "mean", 11.2)])
    bare = outcome(4, "recovery time", results=[(10, "mean", 7.5), (11, "mean", 11.2)])
    assert choose([bare, half])["id"] == 4


def test_an_acronym_with_a_lower_case_prefix_is_spelled_out_by_the_question():
    # the document never defines "hs-CRP"; the question spells it out
    idx = Idx([outcome(1, "hs-CRP, mg/L")])
    ranked = _match_outcomes(idx, ask(idx, "high-sensitivity C-reactive protein (hs-CRP) level"))
    assert ranked and ranked[0][0] > 0.9


def test_reporting_words_and_values_at_entry_in_names_read_from_sentences():
    idx = Idx([outcome(1, "Baseline plasma hs-CRP levels"),
               outcome(2, "significantly lower hs-CRP levels at 24 h compared with the placebo group")])
    assert best(idx, "hs-CRP")["id"] == 2
    # a question about the values at entry still finds them
    assert best(idx, "baseline hs-CRP")["id"] == 1


def test_an_arm_without_an_answering_outcome_gives_no_numbers():
    from corpus.ask import _arm_numbers
    arm = {"id": 10, "label": "Active yoghurt", "n_randomized": 22, "n_analyzed": 21}
    # the arm's sizes are numbers of a comparison only when an outcome answers it
    assert _arm_numbers(arm, None) == {"arm_id": 10, "label": "Active yoghurt"}
    o = outcome(1, "stool weight", results=[(10, "mean", 144.2), (10, "sd", 39.1)])
    assert _arm_numbers(arm, o) == {"arm_id": 10, "label": "Active yoghurt", "n_randomized": 22,
                                    "n_analyzed": 21, "mean": 144.2, "sd": 39.1}


def test_a_unit_with_a_power_is_not_a_word_of_the_outcome():
    # "Fat mass, m2, Change (%)" from a table stub and "fat mass loss" read from a sentence:
    # the stub's unit does not make the table row a narrower reading than the prose phrase
    idx = Idx([outcome(1, "Trunk fat area loss", results=[(10, "percent", -2.0)]),
               outcome(2, "Trunk fat area, cm2, Change (%)", results=[(10, "mean", -2.0), (10, "sd", 9.1)])])
    assert best(idx, "changes in trunk fat area (%)")["id"] == 2
    idx = Idx([outcome(1, "Body mass index, kg m−2", "Week 12"), outcome(2, "Body mass index, kg·m-2, Change")])
    ranked = _match_outcomes(idx, ask(idx, "body mass index"))
    assert [o["id"] for _, o in ranked] == [1, 2] and ranked[0][0] > 0.9


def test_generic_words_of_an_outcome_in_either_number():
    # "per patient", "total", "quantity" say how the measure is counted, not what it is: a
    # stub with them fits a question with others
    idx = Idx([outcome(1, "Total units of platelets transfused per patient (ml)")])
    assert _match_outcomes(idx, ask(idx, "the quantity of platelets transfused"))[0][0] >= 0.5
    idx = Idx([outcome(1, "Participants with a relapse"), outcome(2, "Relapse")])
    ranked = _match_outcomes(idx, ask(idx, "relapse"))
    assert abs(ranked[0][0] - ranked[1][0]) < 1e-9


def test_an_abbreviation_spelled_out_in_the_store_is_not_asked_for_again():
    # the table prints "≥1 COPD exacerbation"; the question repeats neither "COPD" nor its long
    # form: the long form's four words do not push the row below the threshold
    idx = Idx([outcome(1, "≥1 COPD exacerbation"), outcome(2, "Hospital admission")],
              {"COPD": "chronic obstructive pulmonary disease"})
    s, o = _match_outcomes(idx, ask(idx, "The percentage of patients with ≥1 exacerbation"))[0]
    assert o["id"] == 1 and s >= 0.5
    # an abbreviation the question does spell out is still found through its long form
    s, o = _match_outcomes(idx, ask(idx, "exacerbations of chronic obstructive pulmonary disease"))[0]
    assert o["id"] == 1 and s >= 0.5
    # and a row sharing no word with the question is still no match
    assert all(o["id"] != 2 for _, o in _match_outcomes(idx, ask(idx, "The percentage of patients with ≥1 exacerbation")))


def test_an_acronym_the_question_defines_names_a_stored_outcome_of_that_acronym_alone():
    # the table's rows are "K6" at two visits; the question spells the scale out and gives the
    # acronym in brackets, which the document never defined
    rows = [outcome(1, "K6", "3 month"), outcome(2, "Slope of change in K6 (points/month)")]
    idx = Idx(rows)
    ranked = _match_outcomes(idx, ask(idx, "Kessler psychological distress scale (K6)"))
    assert ranked[0][1]["id"] == 1 and ranked[0][0] >= 0.5
    # a name that says more than the acronym is another measure of it: not lifted
    assert [s for s, o in ranked if o["id"] == 2][0] < 0.5


def test_of_one_outcome_at_several_time_points_the_one_the_text_restates_answers():
    def at(i, tp, a, b, told=False):
        o = outcome(i, "Seroconversion rate", tp, [(1, "percent", a), (2, "percent", b)])
        o["text_restates"] = told
        return o
    q = Question(doc="1", outcome="seroconversion rate", intervention="a", comparator="b")
    # the text quotes the 1-month values: that time point, not the last one
    assert Asker._choose([(0.9, at(1, "1 month", 60, 70, True)), (0.9, at(2, "6 months", 20, 60))], q)["id"] == 1
    # the text quotes none of them: the last time point, as before
    assert Asker._choose([(0.9, at(1, "1 month", 60, 70)), (0.9, at(2, "6 months", 20, 60))], q)["id"] == 2
    # the question's own time point still decides
    q6 = Question(doc="1", outcome="seroconversion rate at 6 months", intervention="a", comparator="b")
    assert Asker._choose([(0.9, at(1, "1 month", 60, 70, True)), (0.9, at(2, "6 months", 20, 60))], q6)["id"] == 2


def test_abbreviated_time_points_read_as_written_out():
    from corpus.ask import _times
    four_weeks, six_months, twelve_weeks = 28.0, round(6 * 365.25 / 12, 4), 84.0
    for text, days in (("wk 4", four_weeks), ("4-wk", four_weeks), ("W4", four_weeks), ("week-4", four_weeks),
                       ("mo 6", six_months), ("6.month", six_months), ("6 mos", six_months),
                       ("Month 6", six_months), ("12-wk", twelve_weeks), ("wks 12", twelve_weeks)):
        assert _times(text) == {days}, text
    for text in ("vitamin D3", "6 m walk", "10 mg", "W/kg"):
        assert _times(text) == set(), text


def test_the_question_time_point_chooses_among_time_points_and_is_no_outcome_word():
    # a table prints its visits abbreviated; the question writes them out
    idx = Idx([outcome(1, "Body weight (kg)", "W4"), outcome(2, "Body weight (kg)", "W12"),
               outcome(3, "Lean mass (kg)", "W12")])
    assert best(idx, "body weight at 12 weeks")["id"] == 2
    assert best(idx, "body weight after 4 weeks")["id"] == 1
    # the time point is not a word the outcome's name must repeat: the outcome named as asked,
    # without a stored time point, answers before a prose fragment stored at that time
    idx = Idx([outcome(1, "lost between 5-", "1 year"), outcome(2, "weight loss"),
               outcome(3, "weight loss", "6 months")])
    assert best(idx, "weight loss at 1 year")["id"] == 2
    # ... and the words of a stored time point equal to the question's still count as found
    idx = Idx([outcome(1, "Death from any cause", "day 90"), outcome(2, "Mortality in hospital")])
    assert best(idx, "mortality at 90 days")["id"] == 1


def test_without_numbered_time_points_the_reading_after_treatment_answers():
    # "Pre-test | Post-test" columns of one table and the same measure, no time point, in a
    # table of differences: the value after treatment, not whatever was stored last
    whole = [(10, "mean", 30.2), (10, "sd", 5.8), (11, "mean", 30.7), (11, "sd", 5.7)]
    pre = outcome(1, "BMI", "Pre-test", whole)
    post = outcome(2, "BMI", "Post-test", whole)
    diff = outcome(3, "BMI", None, whole)
    assert choose([pre, post, diff])["id"] == 2
    assert choose([diff, outcome(4, "BMI", "After", whole), pre])["id"] == 4
    # named time points with no number keep the last one printed ("T1", "T2")
    assert choose([outcome(5, "BPRS", "T1", whole), outcome(6, "BPRS", "T2", whole)])["id"] == 6
    # a change the question does not ask for comes after the value at entry: neither answers
    change = outcome(7, "BMI, change", None, whole)
    assert choose([change, pre])["id"] == 1


def test_a_duration_in_a_measure_spelled_out_for_its_acronym_is_no_time_point():
    # the table prints "Distance in 6MWT (m)" before and after; the question spells the test
    # out ("six-minute walk test"): a name of the measure, not a time point of 6 minutes
    rows = [outcome(1, "Distance in 6MWT (m)", "Before"), outcome(2, "Distance in 6MWT (m)", "After"),
            outcome(3, "Lactate (mmol/L)", "After")]
    idx = Idx(rows)
    ranked = _match_outcomes(idx, ask(idx, "the distance walked in the six-minute walk test"))
    assert ranked[0][1]["id"] == 2 and ranked[0][0] >= 0.5
    # ... the document's own abbreviation too
    idx = Idx(rows, {"6MWT": "6-minute walk test"})
    assert best(idx, "distance in the 6-minute walk test")["id"] == 2
    # a time point the question names of another outcome still counts as one
    idx = Idx([outcome(1, "Lactate (mmol/L)", "After"), outcome(2, "Lactate (mmol/L)", "6 minutes")])
    assert best(idx, "lactate at 6 minutes")["id"] == 2


def test_a_question_naming_an_acronym_and_its_long_form_finds_either():
    # "HbA1c (glycated haemoglobin)": the table prints the acronym alone, undefined
    idx = Idx([outcome(1, "HbA1c", "Week 12"), outcome(2, "Fasting glucose", "Week 12")])
    got = _match_outcomes(idx, ask(idx, "HbA1c (glycated haemoglobin)"))
    assert got[0][1]["id"] == 1 and got[0][0] >= 0.9
    # ... or the long form alone
    idx = Idx([outcome(1, "Glycated haemoglobin", "Week 12"), outcome(2, "Fasting glucose", "Week 12")])
    assert best(idx, "HbA1c (glycated haemoglobin)")["id"] == 1
    # a unit in brackets is no long form
    idx = Idx([outcome(1, "HbA1c", "Week 12")])
    assert _match_outcomes(idx, ask(idx, "FPG (mmol/L)")) == []


def test_events_of_one_grade_are_a_narrower_reading_than_the_events():
    # "serious adverse events" and "moderate parkinsonism" are parts of the events asked for
    idx = Idx([outcome(1, "serious adverse events"), outcome(2, "adverse events")])
    got = _match_outcomes(idx, ask(idx, "adverse events"))
    assert got[0][1]["id"] == 2 and got[1][0] <= got[0][0] - 0.15
    idx = Idx([outcome(1, "moderate symptoms of parkinsonism")])
    assert all(s < 0.5 for s, _ in _match_outcomes(idx, ask(idx, "parkinsonism")))
    # ... unless the question names the grade
    assert best(idx, "moderate parkinsonism")["id"] == 1
    idx = Idx([outcome(1, "Grade 3-4 neutropenia"), outcome(2, "Neutropenia")])
    assert best(idx, "neutropenia")["id"] == 2
    assert best(idx, "grade 3-4 neutropenia")["id"] == 1
