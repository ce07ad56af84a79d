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


def _named(text):
    s, = extract_studies(Context(source=Source.from_text(LEAD + text)))
    return [(o.name, sorted((r.arm, r.statistic, r.value) for r in o.results)) for o in s.outcomes if o.results]


def test_a_difference_between_the_arms_is_of_the_measure_the_sentence_before_named():
    got = _named("The cough score did not change significantly from baseline: in the budesonide group (7.2 ± 3.9 "
                 "vs 5.0 ± 2.9 points; P = 0.958) and in the placebo group (7.8 ± 3.4 vs 6.4 ± 3.1 points; "
                 "P = 0.137), respectively. A statistically significant difference was observed between "
                 "budesonide and placebo group: (5.0 ± 2.9 vs 6.4 ± 3.1 points; P = 0.022), at day 30.")
    assert got == [("cough score", [("budesonide", "mean", 5.0), ("budesonide", "sd", 2.9),
                                    ("placebo", "mean", 6.4), ("placebo", "sd", 3.1)])]


def test_a_difference_in_a_named_measure_takes_nothing_from_the_sentence_before():
    got = _named("The cough score did not change. There was a significant difference between the groups in "
                 "sputum volume (5.0 ± 2.9 vs 6.4 ± 3.1 ml; P = 0.022).")
    assert not [name for name, _ in got if name == "cough score"]


def test_a_difference_between_two_times_is_no_difference_between_the_arms():
    got = _named("The cough score did not change. There were no differences between mean cough and sputum scores "
                 "before and 4 hours after the first budesonide dose (14.3 ± 2.6 versus 14.6 ± 3.5 points).")
    assert not [name for name, _ in got if name == "cough score"]


def test_a_statistic_pair_before_the_measure_is_no_part_of_its_name():
    # "The mean and standard deviation of X were ...": the statistics the sentence gives are not
    # words of the outcome's name (nor is "Mean ± SD" or "mean and median")
    got = _named("The mean and standard deviation of the cough score were 5.0 ± 2.9 and 6.4 ± 3.1 in the "
                 "budesonide and placebo groups, respectively (P = 0.02).")
    assert [name for name, _ in got] == ["cough score"]
    got = _named("Mean ± SD cough severity was 5.0 ± 2.9 in the budesonide group and 6.4 ± 3.1 in the "
                 "placebo group (P = 0.02).")
    assert [name for name, _ in got] == ["cough severity"]
