"""Per-arm numbers of lone values set against each other across a sentence's clauses: the value
in the clause that names one arm, a connective ("in comparison with", "relative to", "than"),
and the other arm with its own value ("children treated with A showed a shorter duration (mean
11.7 ± 4.8 days) of cough in comparison with the B group (mean 14.4 ± 6.3)")."""
from extractor.context import Context
from extractor.source import Source
from extractor.trials import extract_studies

LEAD = "Adults with chronic cough were randomly assigned to inhaled budesonide (n = 44) or placebo (n = 43). "


def _results(text):
    s, = extract_studies(Context(source=Source.from_text(LEAD + text)))
    return [sorted((r.arm, r.statistic, r.value) for r in o.results) for o in s.outcomes if o.results]


BOTH = [("budesonide", "mean", 11.7), ("budesonide", "sd", 4.8), ("placebo", "mean", 14.4), ("placebo", "sd", 6.3)]


def test_arm_in_the_subject_and_the_other_after_in_comparison_with():
    got = _results("Children treated with budesonide showed a significantly reduced duration (mean 11.7 ± 4.8 "
                   "days) of cough in comparison with the placebo group (mean 14.4 ± 6.3) (p = 0.037).")
    assert got == [BOTH]


def test_value_right_before_relative_to_and_than():
    got = _results("Patients treated with budesonide had a shorter cough duration (mean 11.7 ± 4.8 days) "
                   "relative to patients given placebo (mean 14.4 ± 6.3 days).")
    assert got == [BOTH]
    got = _results("Patients treated with budesonide coughed for fewer days (11.7 ± 4.8) than the "
                   "placebo group (14.4 ± 6.3), P = 0.04.")
    assert got == [BOTH]


def test_two_values_of_one_arm_in_comparison_with_no_arm_stay_unread():
    # both values in the clause of one arm and nothing named after the connective: no pair
    got = _results("In the budesonide group, cough duration fell (mean 11.7 ± 4.8 days) in comparison "
                   "with baseline (mean 14.4 ± 6.3 days).")
    assert not [r for rs in got for r in rs if r[0] == "placebo"]


def test_the_arm_named_between_the_value_and_the_connective_stays_in_its_clause():
    got = _results("Based on the remission criteria, 33% of patients (15/44) had a cough score below 2 at week "
                   "12 in the budesonide group compared with 11% (5/43) in the placebo group (p = 0.001).")
    counts = [(arm, stat, v) for rs in got for arm, stat, v in rs if stat in ("events", "total")]
    assert counts == [("budesonide", "events", 15), ("budesonide", "total", 44),
                      ("placebo", "events", 5), ("placebo", "total", 43)]
