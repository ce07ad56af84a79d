"""Per-arm numbers from sentences are stored only when the text says whose each value is and
what it is: values written after their group's name ("control = 61.2 ± 5.1, ..."), no guessed
arm for a value the text leaves unnamed, no number that no word describes."""
from extractor.context import Context
from extractor.source import Source
from extractor.trials import extract_studies

THREE = ("Sixty older adults were randomly assigned to a control group (n = 20), a decaffeinated tea "
         "group (n = 20) or a green tea group (n = 20). ")


def _outcomes(lead, text):
    s, = extract_studies(Context(source=Source.from_text(lead + text)))
    return s.outcomes


def _stats(o):
    return {(r.arm, r.statistic): r.value for r in o.results}


def test_values_written_after_their_groups_names_go_to_those_groups():
    outs = _outcomes(THREE, "Walking speed at the first visit did not differ between groups (control = "
                            "61.20 ± 5.10, decaffeinated = 70.40 ± 6.30, green tea = 66.80 ± 4.90 m/min, "
                            "P = 0.081), whereas it differed at the second visit (control = 60.10 ± 5.60, "
                            "decaffeinated = 71.00 ± 5.90, and green tea = 75.20 ± 6.10 m/min, P = 0.004).")
    got = [_stats(o) for o in outs if o.results]
    assert got == [
        {("control", "mean"): 61.2, ("control", "sd"): 5.1, ("decaffeinated tea", "mean"): 70.4,
         ("decaffeinated tea", "sd"): 6.3, ("green tea", "mean"): 66.8, ("green tea", "sd"): 4.9},
        {("control", "mean"): 60.1, ("control", "sd"): 5.6, ("decaffeinated tea", "mean"): 71.0,
         ("decaffeinated tea", "sd"): 5.9, ("green tea", "mean"): 75.2, ("green tea", "sd"): 6.1},
    ]


def test_a_labelled_list_whose_names_are_not_all_arms_is_not_read():
    outs = _outcomes(THREE, "Resting heart rate was similar (decaffeinated = 71 ± 8, green tea = 70 ± 9, "
                            "all participants = 72 ± 8 bpm, P = 0.41).")
    assert not [r for o in outs for r in o.results]


def test_fewer_arms_named_than_values_given_stores_no_value():
    # three values, two arms named: which value is the control's is not said
    outs = _outcomes(THREE, "The proportions reaching the walking target with decaffeinated tea and green "
                            "tea were 40%, 55% and 20%, respectively.")
    assert not [r for o in outs for r in o.results]


def test_numbers_no_word_describes_are_not_stored():
    outs = _outcomes("Adults were randomly assigned to rehabilitation or usual care. ",
                     "Referral counts differed between the rehabilitation group and the usual care "
                     "group (14 and 9; P = 0.03).")
    assert not [r for o in outs for r in o.results]


def test_measurements_tied_to_their_arms_are_kept_without_a_statistic_word():
    outs = _outcomes("Adults were randomly assigned to rehabilitation or usual care. ",
                     "The annual fall rate was 0.84 in the rehabilitation group and 1.37 in the usual "
                     "care group.")
    o, = [o for o in outs if o.results]
    assert {(r.arm, r.value) for r in o.results} == {("rehabilitation", 0.84), ("usual care", 1.37)}


def test_numbers_listed_under_arm_names_without_a_unit_or_statistic_are_not_stored():
    # counts of something the sentence does not name as an outcome
    outs = _outcomes("Adults were randomly assigned to rehabilitation or usual care. ",
                     "Of the 307 referrals screened (rehabilitation: 196, usual care: 111), 250 were "
                     "eligible.")
    assert not [r for o in outs for r in o.results]


def test_a_duration_alone_is_no_arm_value():
    outs = _outcomes("Adults with knee osteoarthritis were randomly assigned to fish oil 1 g/day or fish "
                     "oil 3 g/day. ", "Enrolled participants were randomized to take either 1 g or 3 g of "
                                      "fish oil daily for a total of 84 days.")
    assert not [r for o in outs for r in o.results]


TWO = "Adults with knee pain were randomly assigned to naproxen or placebo. "


def _study(lead, text):
    s, = extract_studies(Context(source=Source.from_text(lead + text)))
    return s


def test_a_sample_size_calculation_gives_neither_sizes_nor_results():
    text = ("Assuming response rates of 40% with naproxen and 20% with placebo, 82 patients per group were "
            "required to detect this difference with 80% power (two-sided alpha 0.05).")
    s = _study(TWO, text)
    assert not [o for o in s.outcomes if o.results]
    assert all(a.n_randomized is None and a.n_analyzed is None for a in s.arms)


def test_a_trial_not_powered_for_an_outcome_still_reports_it():
    s = _study(TWO, "While the trial was not powered to detect a difference in time to flare, there were no "
                    "differences between arms (median 61 days with naproxen vs. 64 days with placebo).")
    o, = [o for o in s.outcomes if o.results]
    assert _stats(o) == {("naproxen", "median"): 61, ("placebo", "median"): 64}
    s = _study(TWO, "Rescue medication was required by 12 of 60 patients (20%) given naproxen and 21 of 61 "
                    "(34%) given placebo.")
    o, = [o for o in s.outcomes if o.results]
    assert _stats(o)[("placebo", "events")] == 21


TWO_DIETS = ("Adults with obesity were randomly assigned to a low-calorie diet (LCD) or a low-fat diet (LFD). ")


def test_a_comparative_over_values_below_zero_does_not_decide_whose_value_is_whose():
    # "greater" weight loss is the larger loss, the value further below zero: the values go to
    # the arms in the order the sentence gives them, not by which is larger
    outs = _outcomes(TWO_DIETS, "At 6 months, weight loss was greater in the LCD group (-5.02 ± 3.43 kg vs. "
                                "-4.10 ± 2.60 kg; p = 0.002) compared to the LFD group.")
    got = [_stats(o) for o in outs if o.results]
    assert got == [{("LCD", "mean"): -5.02, ("LCD", "sd"): 3.43, ("LFD", "mean"): -4.1, ("LFD", "sd"): 2.6}]


def test_a_pair_of_values_after_each_arms_name_is_within_that_arm():
    # before and after treatment in each arm: no value of one arm is stored for the other
    outs = _outcomes(TWO_DIETS, "Body weight did not change significantly compared to baseline: in the LCD "
                                "group (82.4 ± 9.1 vs 80.2 ± 8.7 kg; P = 0.21) and in the LFD group (81.9 ± "
                                "10.2 vs 81.1 ± 9.8 kg; P = 0.64), respectively.")
    assert not [r for o in outs for r in o.results]
    # one pair after both names is one value of each arm
    outs = _outcomes(TWO_DIETS, "Body weight fell faster with LCD vs LFD (3.1 ± 0.9 vs 5.8 ± 1.2 months to a 5% loss).")
    assert {(r.arm, r.value) for o in outs for r in o.results if r.statistic == "mean"} == {("LCD", 3.1), ("LFD", 5.8)}
