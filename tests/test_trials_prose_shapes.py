"""Per-arm numbers in sentence shapes that reports print often: counts spelled out ("thirty-nine
of 41", "five of nine subjects", "two out of 40"), a whole SD in brackets beside decimal ones
("6.9 [2]"), and two values set against each other before the arms are named after them
("lower (5.5 vs 6.9) with B compared to A")."""
from extractor.context import Context
from extractor.source import Source
from extractor.trials import extract_studies
from extractor.trials.values import find_values

LEAD = "Adults with chronic cough were randomly assigned to inhaled budesonide (n = 44) or placebo (n = 43). "


def _results(text):
    s, = extract_studies(Context(source=Source.from_text(LEAD + text)))
    return [sorted((r.arm, r.statistic, r.value) for r in o.results) for o in s.outcomes if o.results]


def _parts(text):
    return [[(p.statistic, p.value) for p in v.parts] for v in find_values(text)]


def test_counts_spelled_out_with_tens_and_out_of():
    assert _parts("Forty-one of 44 (93.2%)") == [[("events", 41), ("total", 44), ("percent", 93.2)]]
    assert _parts("twenty two out of 43 patients") == [[("events", 22), ("total", 43)]]


def test_a_total_spelled_out_is_read_before_who_it_counts_or_a_percentage():
    assert _parts("three of eleven participants") == [[("events", 3), ("total", 11)]]
    assert _parts("four out of the seven calves (57%)") == [[("events", 4), ("total", 7), ("percent", 57)]]
    # no word for who is counted: a phrase, not a count
    assert _parts("one of the two sites") == []
    assert _parts("two of three doses") == []


def test_spelled_counts_of_each_arm_compared():
    got = _results("Seven of eleven subjects in the budesonide group compared with 3 of 10 subjects in "
                   "the placebo group had a cough relapse.")
    assert got == [[("budesonide", "events", 7), ("budesonide", "total", 11),
                    ("placebo", "events", 3), ("placebo", "total", 10)]]


def test_tens_spelled_out_at_the_start_of_a_sentence():
    got = _results("Thirty-one of 44 (70.5%) patients in the budesonide group and 21 of 43 (48.8%) patients "
                   "in the placebo group experienced a cough relapse.")
    assert got == [[("budesonide", "events", 31), ("budesonide", "percent", 70.5), ("budesonide", "total", 44),
                    ("placebo", "events", 21), ("placebo", "percent", 48.8), ("placebo", "total", 43)]]


def test_a_whole_sd_in_brackets_beside_decimal_ones():
    assert _parts("8.4 [3] s") == [[("mean", 8.4), ("sd", 3)]]
    got = _results("Cough counts were higher with budesonide than with placebo (12.6 [3.15] vs. 10.1 [4] "
                   "coughs per hour, P = 0.01).")
    assert got == [[("budesonide", "mean", 12.6), ("budesonide", "sd", 3.15),
                    ("placebo", "mean", 10.1), ("placebo", "sd", 4)]]


def test_a_bracketed_number_after_a_whole_number_stays_a_citation():
    assert _parts("in 2011 [7]") == [[("value", 2011)], [("value", 7)]]
    got = _results("Cough counts fell to 12 [7] in the budesonide group and 10 [8] in the placebo group.")
    assert not [r for rs in got for r in rs if r[1] == "sd"]


def test_arms_named_after_the_values_they_are_set_against():
    got = _results("Cough severity was significantly higher (6.2 [1.4] vs. 4.9 [1.1] points, P = 0.003) and "
                   "sleep duration mean [SD] was significantly lower (5.1 [1.2] vs. 6.6 [2] h, P = 0.001) "
                   "with placebo compared to budesonide.")
    assert got == [
        [("budesonide", "mean", 4.9), ("budesonide", "sd", 1.1), ("placebo", "mean", 6.2), ("placebo", "sd", 1.4)],
        [("budesonide", "mean", 6.6), ("budesonide", "sd", 2), ("placebo", "mean", 5.1), ("placebo", "sd", 1.2)],
    ]


def test_arms_named_after_the_values_with_than():
    got = _results("The relapse rate was lower (9.1% vs 27.9%) in the placebo group than in the budesonide group.")
    assert [(arm, v) for rs in got for arm, stat, v in rs if stat == "percent"] == [("budesonide", 27.9), ("placebo", 9.1)]


def test_one_arm_per_sentence_pairs_with_the_same_measure_of_several():
    got = _results("In the budesonide group, treatment was associated with both cough score reduction (from "
                   "6.1 ± 1.4 to 3.2 ± 1.1 points; 95% CI −3.4, −2.4) and sputum volume decrease (from 12.5 ± "
                   "3.0 to 8.1 ± 2.6 ml; 95% CI −5.6, −3.2). In the placebo group, cough scores did not change "
                   "significantly (from 6.0 ± 1.5 to 5.8 ± 1.3 points; 95% CI −0.6, 0.2).")
    assert got == [[("budesonide", "mean", 3.2), ("budesonide", "sd", 1.1),
                    ("placebo", "mean", 5.8), ("placebo", "sd", 1.3)]]


def test_a_lone_arm_value_with_no_match_in_the_next_sentence_stays_unpaired():
    got = _results("In the budesonide group, treatment was associated with both cough score reduction (from "
                   "6.1 ± 1.4 to 3.2 ± 1.1 points) and sputum volume decrease (from 12.5 ± 3.0 to 8.1 ± 2.6 ml). "
                   "In the placebo group, the peak flow did not change (from 410 ± 60 to 405 ± 58 l/min).")
    assert got == []


def test_cv_naming_a_cardiovascular_outcome_is_no_coefficient_of_variation():
    got = _results("Over ten years, CV mortality was lower in the budesonide group compared to the placebo "
                   "group (31/190 vs. 52/188; P = 0.01).")
    assert got == [[("budesonide", "events", 31), ("budesonide", "total", 190),
                    ("placebo", "events", 52), ("placebo", "total", 188)]]
    assert _results("Assay CVs were 4.1% with budesonide and 3.9% with placebo samples.") == []


def test_a_count_after_the_group_its_percentage_names():
    # "44.5% in the placebo group (19 of 43 patients)": the count in brackets after the group is
    # that percentage's count (an actuarial rate may differ from the raw count by a point or so)
    got = _results("The actuarial incidence of a cough relapse in the budesonide group was 15.9% (7 of 44 "
                   "patients) compared to 45.2% in the placebo group (19 of 43 patients) (p = 0.01).")
    assert got == [[("budesonide", "events", 7), ("budesonide", "percent", 15.9), ("budesonide", "total", 44),
                    ("placebo", "events", 19), ("placebo", "percent", 45.2), ("placebo", "total", 43)]]
    # a count that gives another percentage is another number
    assert _parts("12.0% in the placebo group (19 of 43 patients)") == [[("percent", 12.0)], [("events", 19), ("total", 43)]]


def test_a_count_and_its_percentage_after_a_semicolon_or_who_is_counted():
    assert _parts("(6/20 dogs; 30%)") == [[("events", 6), ("total", 20), ("percent", 30)]]
    assert _parts("14/40 patients (35%)") == [[("events", 14), ("total", 40), ("percent", 35)]]
    # a percentage the count does not give stays apart, and so does one set against it
    assert _parts("(6/20; 45%)") == [[("events", 6), ("total", 20)], [("percent", 45)]]
    assert _parts("6/20 vs (30%)") == [[("events", 6), ("total", 20)], [("percent", 30)]]
    got = _results("Cough relapse did not differ between the budesonide group (9/44; 20.5%) and the placebo "
                   "group (13/43; 30.2%).")
    assert got == [[("budesonide", "events", 9), ("budesonide", "percent", 20.5), ("budesonide", "total", 44),
                    ("placebo", "events", 13), ("placebo", "percent", 30.2), ("placebo", "total", 43)]]


def test_an_interval_after_a_median_named_in_its_clause_is_the_medians():
    # an interval no word names is a mean's, unless the values' own clause says they are medians
    got = _results("At the last visit, the median time to cough resolution was 6 days (95% CI, 4–8 days) for "
                   "budesonide and 11 days (95% CI, 9–14 days) for placebo.")
    assert got == [[("budesonide", "ci_high", 8), ("budesonide", "ci_low", 4), ("budesonide", "median", 6),
                    ("placebo", "ci_high", 14), ("placebo", "ci_low", 9), ("placebo", "median", 11)]]
    # a median of the follow-up in an opening clause names no value of the sentence
    got = _results("Over a median follow-up of 2 years, the cough score was 3.2 (95% CI 2.8–3.6) with budesonide "
                   "and 4.1 (95% CI 3.7–4.5) with placebo.")
    assert [r for r in got[0] if r[1] in ("mean", "median")] == [("budesonide", "mean", 3.2), ("placebo", "mean", 4.1)]


def test_a_mean_with_its_sd_after_a_plus_minus_sign_in_brackets():
    assert _parts("6.2 h/day (±2.7, 1.9–12)") == [[("mean", 6.2), ("sd", 2.7)]]
    assert _parts("a mean of 0.28 (± 0.89)") == [[("mean", 0.28), ("sd", 0.89)]]
    assert _parts("14 (+/- 2.9; range 8 to 20)") == [[("mean", 14), ("sd", 2.9)]]
    # a whole number in brackets read as a count stays a count with its percentage
    assert [[(p.statistic, p.value) for p in v.parts] for v in find_values("12 (40)", paren_as="count_pct")] == \
        [[("events", 12), ("percent", 40)]]
    got = _results("Inhaler use was 6.2 puffs/day (±2.7, 1–12) with budesonide and 8.0 puffs/day (±3.1, 2–14) "
                   "with placebo.")
    assert got == [[("budesonide", "mean", 6.2), ("budesonide", "sd", 2.7),
                    ("placebo", "mean", 8.0), ("placebo", "sd", 3.1)]]


def test_an_aside_on_a_value_is_no_value_of_an_arm():
    # a bracket saying how the value changed, after each arm's value
    got = _results("The cough score at week 4 was 5.6 ± 3.3 points (reduced by 2.1 ± 1.6) and 7.0 ± 2.9 points "
                   "(reduced by 0.9 ± 1.4) in the budesonide and placebo groups, respectively (P = 0.04).")
    assert got == [[("budesonide", "mean", 5.6), ("budesonide", "sd", 3.3),
                    ("placebo", "mean", 7.0), ("placebo", "sd", 2.9)]]
    # a percentage named a change after the arm's value in its bracket
    got = _results("The cough score fell more in the budesonide group (2.6 ± 1.3 points; 31% change) than in the "
                   "placebo group (1.0 ± 0.9; 12% change; P = 0.03).")
    assert got == [[("budesonide", "mean", 2.6), ("budesonide", "sd", 1.3),
                    ("placebo", "mean", 1.0), ("placebo", "sd", 0.9)]]


def test_one_arms_value_set_against_the_others_with_than():
    # "(v1) was lower than that of the B group (v2)": the subject before the first value names
    # the outcome up to its arm, and the comparison joins the two values
    got = _results("The cough score of the budesonide group (2.8 ± 0.9) was lower than that of the placebo group "
                   "(3.9 ± 1.2).")
    assert got == [[("budesonide", "mean", 2.8), ("budesonide", "sd", 0.9),
                    ("placebo", "mean", 3.9), ("placebo", "sd", 1.2)]]
    got = _results("In the budesonide group, the cough score with a mean of 2.8 (± 0.9) was lower than that of the "
                   "placebo group (3.9 ± 1.2), but the difference was not significant (P = 0.25).")
    assert got == [[("budesonide", "mean", 2.8), ("budesonide", "sd", 0.9),
                    ("placebo", "mean", 3.9), ("placebo", "sd", 1.2)]]
