"""Which stored outcome gives ``evidence ask``'s per-arm numbers when the outcome matched to the
question holds only part of them: a fuller reading of the same numbers (a sentence's percentages
and a table's counts), or, when the matched outcome gives the arms no number at all, the outcome
holding whole numbers that fits the question best (stored outcomes and arms written for these
tests)."""
from corpus.ask import Asker, Question

from ask_helpers import Idx


def arm(i, label, role="intervention"):
    return dict(id=i, study_id=1, label=label, role=role, n_randomized=None, n_analyzed=None,
                intervention=label, dose=None)


def outcome(i, name, results=(), timepoint=None, subgroup=None):
    return dict(id=i, study_id=1, name=name, timepoint=timepoint, subgroup=subgroup, is_primary=None,
                results=[dict(arm_id=a, statistic=k, value=v, derived=0) for a, k, v in results], effects=[])


ARMS = [arm(1, "nasal spray"), arm(2, "placebo", role="control")]
Q = Question(doc="1", outcome="relapse in the moderate disease subgroup", intervention="nasal spray",
             comparator="placebo")


def source(chosen, *others):
    idx = Idx([chosen, *others], ARMS)
    good = [(1.0, chosen)] + [(0.8, o) for o in others]
    return Asker._numbers_outcome(idx, Q, chosen, good, *ARMS)


def test_a_table_row_restating_a_sentences_percentages_gives_the_counts():
    said = outcome(1, "relapse", [(1, "percent", 30.0), (2, "percent", 55.0)], subgroup="moderate disease")
    row = outcome(2, "Relapse", [(1, "events", 6), (1, "total", 20), (1, "percent", 30.0),
                                 (2, "events", 11), (2, "total", 20), (2, "percent", 55.0)], subgroup="moderate")
    assert source(said, row) is row


def test_a_row_with_other_percentages_is_another_reading():
    said = outcome(1, "relapse", [(1, "percent", 30.0), (2, "percent", 55.0)])
    other = outcome(2, "Relapse", [(1, "events", 9), (1, "total", 40), (1, "percent", 22.5),
                                   (2, "events", 19), (2, "total", 40), (2, "percent", 47.5)])
    assert source(said, other) is said
    # nor a row sharing no statistic with the matched one (a mean against percentages)
    scores = outcome(3, "Relapse score", [(1, "mean", 3.1), (1, "sd", 1.2), (2, "mean", 4.0), (2, "sd", 1.1)])
    assert source(said, scores) is said
    # two fuller readings that disagree with each other: neither
    row1 = outcome(4, "Relapse", [(1, "events", 6), (1, "total", 20), (1, "percent", 30.0),
                                  (2, "events", 11), (2, "total", 20), (2, "percent", 55.0)])
    row2 = outcome(5, "Relapse", [(1, "events", 12), (1, "total", 40), (1, "percent", 30.0),
                                  (2, "events", 22), (2, "total", 40), (2, "percent", 55.0)])
    assert source(said, row1, row2) is said


def test_an_outcome_without_numbers_takes_the_one_holding_them():
    effect_only = outcome(1, "relapse")  # a sentence stating a hazard ratio, no per-arm number
    row = outcome(2, "Relapse", [(1, "events", 6), (1, "total", 20), (2, "events", 11), (2, "total", 20)])
    assert source(effect_only, row) is row
    # an outcome with whole numbers of its own keeps them
    own = outcome(3, "relapse", [(1, "events", 7), (1, "total", 21), (2, "events", 10), (2, "total", 19)])
    assert source(own, row) is own
    # an outcome stating part of the numbers (a median) is not replaced by another measure
    median = outcome(4, "relapse", [(1, "median", 3.0), (2, "median", 4.0)])
    assert source(median, row) is median


def test_the_answer_names_the_outcome_its_numbers_come_from():
    from corpus.ask import render
    a = {"outcome": "relapse", "intervention": "nasal spray", "comparator": "placebo", "document_id": 1,
         "answer": None, "outcome_id": 1, "outcome_name": "relapse", "timepoint": None,
         "numbers_outcome": {"outcome_id": 2, "name": "Relapse", "timepoint": "Week 12", "subgroup": "moderate"}}
    assert "numbers from: Relapse at Week 12 (moderate) (outcome 2)" in render(a)


def test_the_event_is_matched_before_a_row_counting_its_absence():
    from corpus.ask import _match_outcomes
    absent = outcome(1, "No relapse", [(1, "events", 14), (1, "total", 20), (2, "events", 9), (2, "total", 20)])
    event = outcome(2, "relapse", [(1, "events", 6), (1, "total", 20), (2, "events", 11), (2, "total", 20)])
    for stored in ([absent, event], [event, absent]):  # whichever is stored first
        ranked = _match_outcomes(Idx(stored, ARMS), Q)
        assert ranked[0][1] is event and ranked[0][0] > ranked[1][0]
    # a question on the absence takes the row counting it
    q = Question(doc="1", outcome="no relapse", intervention="nasal spray", comparator="placebo")
    assert _match_outcomes(Idx([event, absent], ARMS), q)[0][1] is absent
