"""Unit tests of the trial-extraction parsers and rules (numbers, values, effects, design,
derived counts, arm pairing) on hand-built contexts."""
import math

import pytest
from hypothesis import given, settings, strategies as st

from extractor.context import Context
from extractor.source import Source, SourceBuilder
from extractor.trials import extract_studies
from extractor.trials.derive import derive_counts
from extractor.trials.design import find_design
from extractor.trials.effects import find_effects, find_p_values
from extractor.trials.numbers import find_doses, parse_number
from extractor.trials.values import parse_value
from extractor import stats


@pytest.mark.parametrize("text,value", [
    ("1,106", 1106.0), ("0·03", 0.03), ("−0.5", -0.5), (".001", 0.001),
    ("4×10^7", 4e7), ("4 x 10(7)", 4e7), ("4x10E7", 4e7), ("4 × 10⁷", 4e7),
    ("2.1×10−4", 2.1e-4), ("2.1e-4", 2.1e-4), ("1.5 × 10^-3", 1.5e-3),
])
def test_parse_number(text, value):
    assert math.isclose(parse_number(text), value, rel_tol=1e-12)


@pytest.mark.parametrize("text,value,unit,lost", [
    ("4×107 cells/dose", 4e7, "cells/dose", True),
    ("4×10^7 cells/dose", 4e7, "cells/dose", False),
    ("4 x 10(7) cells/kg", 4e7, "cells/kg", False),
    ("2x10E14 vg/kg", 2e14, "vg/kg", False),
    ("1 × 10⁶ cells/kg", 1e6, "cells/kg", False),
    ("10 mg once daily", 10.0, "mg", False),
])
def test_find_doses(text, value, unit, lost):
    d = find_doses(text)[0]
    assert (d.value, d.unit, d.exponent_lost) == (value, unit, lost)


def test_exponent_in_superscript_span_is_not_a_loss():
    # a reader that lost the caret but kept the superscript span: the span says it was an exponent
    d = find_doses("4×107 cells/dose", sup_ranges=((4, 5),))[0]
    assert d.value == 4e7 and not d.exponent_lost


def test_mg_per_ml_is_a_concentration_not_a_dose():
    assert find_doses("32.1 ± 6.4 ng/mL") == []


@pytest.mark.parametrize("text,p,rel", [
    ("p=0.028", 0.028, "="), ("P < .001", 0.001, "<"), ("p = 2.1×10−4", 2.1e-4, "="),
    ("P=0·03", 0.03, "="), ("p≤0.05", 0.05, "<"), ("P value = 0.41", 0.41, "="),
])
def test_p_values(text, p, rel):
    (_, _, got, relation), = find_p_values(text)
    assert math.isclose(got, p) and relation == rel


@pytest.mark.parametrize("text,measure,value,lo,hi,level", [
    ("HR 0.75 (95% CI 0.61–0.92)", "HR", 0.75, 0.61, 0.92, 95.0),
    ("odds ratio, 1.45; 95% CI, 1.10 to 1.91", "OR", 1.45, 1.10, 1.91, 95.0),
    ("hazard ratio, 0.69; 95% confidence interval [CI], 0.53 to 0.88", "HR", 0.69, 0.53, 0.88, 95.0),
    ("RR 0·62, 90% CI 0·39–0·98", "RR", 0.62, 0.39, 0.98, 90.0),
    ("mean difference −2.3 (95% CI, −4.1 to −0.5)", "MD", -2.3, -4.1, -0.5, 95.0),
    ("SMD −0.45 (95% CI −0.70 to −0.20)", "SMD", -0.45, -0.70, -0.20, 95.0),
])
def test_effects(text, measure, value, lo, hi, level):
    h = find_effects(text)[0]
    assert (h.measure, h.value, h.ci_low, h.ci_high, h.ci_level) == (measure, value, lo, hi, level)


def test_no_significant_difference_is_not_a_difference_estimate():
    assert [h.measure for h in find_effects("there was no significant difference (p=0.41)")] == [None]


@pytest.mark.parametrize("text,parts", [
    ("23/49 (46.9%)", [("events", 23), ("total", 49), ("percent", 46.9)]),
    ("23 of 49 (46.9%)", [("events", 23), ("total", 49), ("percent", 46.9)]),
    ("11·7% (24/206)", [("percent", 11.7), ("events", 24), ("total", 206)]),
    ("n=22", [("events", 22)]),
    ("7.2 ± 1.1", [("mean", 7.2), ("sd", 1.1)]),
    ("7.2 (SD 1.1)", [("mean", 7.2), ("sd", 1.1)]),
    ("median 430 (IQR 300–510)", [("median", 430), ("iqr_low", 300), ("iqr_high", 510)]),
    ("6 days (range 2-14)", [("median", 6), ("range_low", 2), ("range_high", 14)]),
    ("46.94 percent", [("percent", 46.94)]),
    # the spread named between the numbers, with no bracket
    ("0.7 SD 8.4", [("mean", 0.7), ("sd", 8.4)]),
    ("mean 12.5, SD = 3.25", [("mean", 12.5), ("sd", 3.25)]),
    ("4.4 SEM 0.6", [("mean", 4.4), ("se", 0.6)]),
    # a labelled spread with the range after it in the same bracket
    ("mean of 5.10 (SD = 2.05; range = 1 to 12)", [("mean", 5.10), ("sd", 2.05)]),
    ("6.3 (SE 0.4, median 6)", [("mean", 6.3), ("se", 0.4)]),
])
def test_values(text, parts):
    assert [(p.statistic, p.value) for p in parse_value(text).parts] == parts


def test_prose_means_with_the_spread_named_between_the_numbers_go_to_their_arms():
    text = ("Relaxation training for tension headache: a randomised trial\n\nMethods\n"
            "Eighty adults were randomised to relaxation training (n = 40) or waiting list (n = 40).\n\n"
            "Results\nThe mean reduction of headache days was larger with relaxation training "
            "(waiting list 0.9 SD 3.4 vs. relaxation training 3.6 SD 4.1).\n")
    from extractor.context import Context
    from extractor.source import Source
    from extractor.trials import extract_studies
    study, = extract_studies(Context(source=Source.from_text(text)))
    got = {(r.arm, r.statistic): r.value for o in study.outcomes for r in o.results}
    assert got[("waiting list", "mean")] == 0.9 and got[("waiting list", "sd")] == 3.4
    assert got[("relaxation training", "mean")] == 3.6 and got[("relaxation training", "sd")] == 4.1


def test_count_with_percent_needs_context_when_the_sign_is_missing():
    assert [p.statistic for p in parse_value("12 (40)", paren_as="count_pct").parts] == ["events", "percent"]
    assert [p.statistic for p in parse_value("12 (40)").parts] == ["mean", "sd"]


# -- derived counts ------------------------------------------------------------------------
def test_derivation_of_the_shared_example():
    assert (derive_counts(46.94, "46.94", 49).events, derive_counts(34.48, "34.48", 29).events) == (23, 10)
    d = derive_counts(67.86, "67.86", 29)
    assert (d.events, d.total, d.arm_size_fits) == (19, 28, False)
    assert "n=29" in d.derivation
    assert (derive_counts(11.54, "11.54", 49).total, derive_counts(5.26, "5.26", 29).total) == (26, 19)


def test_ambiguous_percentages_are_not_rebuilt():
    assert derive_counts(67, "67", 750) is None  # several counts round to 67% of 750
    assert derive_counts(50, "50", 49) is None   # none fits 49 and several smaller totals do


@settings(max_examples=300, deadline=None)
@given(n=st.integers(1, 400), data=st.data(), dec=st.integers(0, 2))
def test_a_rebuilt_count_always_prints_as_the_reported_percentage(n, data, dec):
    e = data.draw(st.integers(0, n))
    pct = round(100.0 * e / n, dec)
    written = f"{pct:.{dec}f}"
    d = derive_counts(float(written), written, n)
    if d is None:
        return
    assert stats.counts_for_percent(float(written), d.total, dec) == [d.events]
    assert d.total <= n and d.total >= math.ceil(n / 2)
    if d.arm_size_fits:
        assert d.total == n and d.events == e


# -- design ---------------------------------------------------------------------------------
@pytest.mark.parametrize("text,written,days", [
    ("Median follow-up was 1,106 days.", "Median follow-up was 1,106 days", 1106),
    ("with follow-up conducted over 3 years", "follow-up conducted over 3 years", 1095.75),
    ("Patients were followed up for 18 months.", "followed up for 18 months", 547.875),
    ("a 12-week follow-up visit", "12-week follow-up", 84),
])
def test_follow_up(text, written, days):
    d = find_design(text)
    assert d.follow_up.value == written and d.follow_up_days == days


def test_the_most_specific_follow_up_wins():
    d = find_design("follow-up conducted over 3 years. Median follow-up was 1,106 days.")
    assert d.follow_up_days == 1106


@pytest.mark.parametrize("text,ratio", [
    ("randomized 2:1 to receive", "2:1"), ("in a 1:1 ratio", "1:1"),
    ("randomly assigned (3:1) to", "3:1"), ("a 1:1:1 randomisation", "1:1:1"),
])
def test_allocation_ratio(text, ratio):
    assert find_design(text).allocation_ratio.value == ratio


def test_time_of_day_is_not_a_ratio():
    assert find_design("Doses were given at 10:30 every morning.").allocation_ratio is None


@pytest.mark.parametrize("text,reg", [
    ("ClinicalTrials.gov number, NCT03036150.", "NCT03036150"),
    ("(ChiCTR2000029308)", "ChiCTR2000029308"),
    ("ISRCTN98765432", "ISRCTN98765432"),
    ("EudraCT number 2014-001234-56", "2014-001234-56"),
    ("ACTRN12620000445976", "ACTRN12620000445976"),
])
def test_registration(text, reg):
    assert find_design(text).registration.value == reg


def test_a_bare_eudract_shaped_number_needs_its_name():
    assert find_design("call 2014-001234-56 for details").registration is None


# -- whole passages on hand-built contexts --------------------------------------------------
def _studies(text):
    from extractor.readers.texttables import text_tables

    src = Source.from_text(text)
    src.tables = text_tables(src)  # as the text reader finds them
    return extract_studies(Context(source=src))


def test_fronted_comparator_gives_the_first_value_to_the_subject_arm():
    s, = _studies("Patients were randomized to MSC or placebo. Compared with the placebo arm, the MSC arm "
                  "had a lower reinfection rate (53.06 percent vs 67.86 percent; OR, 0.54).")
    o, = s.outcomes
    got = {(r.arm, r.value) for r in o.results if r.statistic == "percent"}
    assert got == {("MSC", 53.06), ("placebo", 67.86)}
    assert o.effects[0].direction == "favours_intervention"


def test_respectively_pairs_in_the_order_the_arms_are_named():
    s, = _studies("Adults were randomized to drug A or placebo. Response rates were 30% and 50% in the "
                  "placebo and drug A groups, respectively.")
    o, = s.outcomes
    assert {(r.arm, r.value) for r in o.results} == {("placebo", 30.0), ("drug A", 50.0)}


def test_a_labelled_interval_alone_is_never_an_arms_value():
    s, = _studies("Adults were randomized to drug A or placebo. Ferritin rose in the drug A group "
                  "(from 41 to 66 ng/ml; 95% CI 12.5, 37.1) and did not change with placebo "
                  "(difference 1.2; 95% CI −0.4, 2.8).")
    values = {r.value for o in s.outcomes for r in o.results}
    assert not values & {12.5, 37.1, -0.4, 2.8}
    # an arm's own interval stays with its value
    s, = _studies("Adults were randomized to drug A or placebo. Ferritin was 66 ng/ml (95% CI 58, 74) "
                  "with drug A and 50 ng/ml (95% CI 43, 57) with placebo.")
    o, = s.outcomes
    assert {(r.arm, r.statistic, r.value) for r in o.results if r.statistic.startswith("ci")} == {
        ("drug A", "ci_low", 58.0), ("drug A", "ci_high", 74.0), ("placebo", "ci_low", 43.0), ("placebo", "ci_high", 57.0)}


def test_one_arm_per_sentence_in_consecutive_sentences_is_one_outcome():
    s, = _studies("Adults were randomized to iron sucrose or oral iron. In the iron sucrose group, ferritin "
                  "increased (from 21.4 ± 8.0 to 96.2 ± 30.5 ng/ml). In the oral iron group, ferritin levels "
                  "changed little (from 22.0 ± 7.7 to 35.1 ± 12.9 ng/ml).")
    o, = s.outcomes
    iv, oral = (a.label for a in s.arms)
    assert {(r.arm, r.statistic, r.value) for r in o.results} == {
        (iv, "mean", 96.2), (iv, "sd", 30.5), (oral, "mean", 35.1), (oral, "sd", 12.9)}
    # a sentence apart, or about another measure, they stay unpaired (and unstored)
    s, = _studies("Adults were randomized to iron sucrose or oral iron. In the iron sucrose group, ferritin "
                  "increased (from 21.4 ± 8.0 to 96.2 ± 30.5 ng/ml). In the oral iron group, haemoglobin "
                  "changed little (from 11.0 ± 0.7 to 11.5 ± 0.9 g/dl).")
    assert not s.outcomes


def test_a_sentence_opening_on_the_next_time_point_continues_the_outcome():
    s, = _studies("Patients were randomised to group therapy or usual care. At T1, the HAM-D score fell in the "
                  "group therapy arm (14.2 ± 5.1) and rose with usual care (17.9 ± 6.0) (p = 0.03). At T2, "
                  "both groups had improved (12.8 ± 4.7 versus 15.5 ± 5.5; p = 0.06).")
    got = {(o.name, o.timepoint): {(r.arm, r.statistic): r.value for r in o.results} for o in s.outcomes}
    assert got[("HAM-D score", "T2")][("group therapy", "mean")] == 12.8
    assert got[("HAM-D score", "T2")][("usual care", "sd")] == 5.5
    assert got[("HAM-D score", "T1")][("usual care", "mean")] == 17.9
    # a sentence that names no time point of its own does not borrow the outcome
    s, = _studies("Patients were randomised to group therapy or usual care. At T1, the HAM-D score fell in the "
                  "group therapy arm (14.2 ± 5.1) and rose with usual care (17.9 ± 6.0). Both groups were "
                  "similar (12.8 ± 4.7 versus 15.5 ± 5.5).")
    assert [o.timepoint for o in s.outcomes] == ["T1"]


def test_each_pair_of_values_takes_the_time_point_before_it():
    s, = _studies("Patients were randomised to nystatin or no prophylaxis. The colonisation index was similar at "
                  "T0 (P = 0.36) but differed at T6 (median 0.14 and 0.33, respectively; P = 0.002) and at T9 "
                  "(median 0.00 and 0.28, respectively; P < 0.001).")
    got = {o.timepoint: sorted(r.value for r in o.results) for o in s.outcomes}
    assert got == {"T6": [0.14, 0.33], "T9": [0.0, 0.28]}


@pytest.mark.parametrize("sentence, name, first, second", [
    # what the participants did is the outcome, not who they are
    ("More participants in the coaching group stopped smoking by the 6-month visit (41/120 vs 22/118).",
     "stopped smoking", ("coaching", 41.0), ("usual care", 22.0)),
    ("Fewer patients given coaching needed rescue inhalers (12/120 vs 25/118).",
     "needed rescue inhalers", ("coaching", 12.0), ("usual care", 25.0)),
    # an arm closing the phrase is not part of the outcome's name
    ("More patients reported dizziness with coaching (15/120 vs 6/118).",
     "reported dizziness", ("coaching", 15.0), ("usual care", 6.0)),
    # the one arm named after "than"/"compared with" is the comparator: its value is second
    ("Quit rates were higher in the coached smokers compared with the usual care group (34.2 vs. 18.6%).",
     "Quit rates", ("coaching", 34.2), ("usual care", 18.6)),
    ("Relapse was less frequent than with usual care (11.0% vs 19.5%).",
     "Relapse", ("coaching", 11.0), ("usual care", 19.5)),
])
def test_prose_names_and_arm_order(sentence, name, first, second):
    s, = _studies("Smokers were randomised to coaching or usual care. " + sentence)
    o, = s.outcomes
    assert o.name == name
    main = {r.arm: r.value for r in o.results if r.statistic in ("events", "percent")}
    assert main == dict([first, second])


def test_medians_with_quartiles_in_any_printing():
    s, = _studies("Adults were randomised to escitalopram or placebo. The median change in waist during "
                  "escitalopram vs placebo was 1 (0; 3) cm vs −1 (−2; 0) cm, respectively, P = 0.005. The median "
                  "time to first relapse was 7.7 weeks, (Q1 = 3.7, Q3 = 10.7) with escitalopram vs. 7.1 weeks "
                  "(Q1 = 4.6, Q3 = 11.7) with placebo.")
    got = {o.name: {(r.arm, r.statistic): r.value for r in o.results} for o in s.outcomes}
    assert got["change in waist"] == {("escitalopram", "median"): 1.0, ("escitalopram", "iqr_low"): 0.0,
                                      ("escitalopram", "iqr_high"): 3.0, ("placebo", "median"): -1.0,
                                      ("placebo", "iqr_low"): -2.0, ("placebo", "iqr_high"): 0.0}
    relapse = next(v for k, v in got.items() if "relapse" in k)
    assert relapse[("placebo", "iqr_high")] == 11.7 and relapse[("escitalopram", "median")] == 7.7


def test_the_arm_named_with_a_comparative_holds_the_value_it_says():
    s, = _studies("Patients were randomised to nicorandil or control. Both groups had raised troponin levels "
                  "compared with baseline values, with significantly higher troponin found in the control group "
                  "(0.41±0.12 ng/ml vs. 0.78±0.20 ng/ml, P<0.05).")
    o, = s.outcomes
    got = {(r.arm, r.statistic): (r.value, r.unit) for r in o.results}
    assert got[("control", "mean")] == (0.78, "ng/ml") and got[("nicorandil", "mean")] == (0.41, "ng/ml")
    assert got[("control", "sd")] == (0.20, "ng/ml")
    assert "troponin" in o.name


def test_increase_in_names_the_outcome_and_a_value_takes_the_arm_phrase_after_it():
    s, = _studies("Children were randomised to growth hormone or control. At the 6-month visit, there was a "
                  "significant increase in IGF-1 in the growth hormone group compared with the control group "
                  "(402.5 ± 120.3 vs. 251.0 ± 98.7 ng/mL, P = 0.001). Catch-up growth showed 64.2% were responders "
                  "(height SDS > 0.3) in the growth hormone group versus 21% in the control group (P < 0.01).")
    got = {o.name: {(r.arm, r.statistic): r.value for r in o.results} for o in s.outcomes}
    assert got["IGF-1"][("growth hormone", "mean")] == 402.5 and got["IGF-1"][("control", "sd")] == 98.7
    catch = next(v for k, v in got.items() if k.startswith("Catch-up growth"))
    assert catch == {("growth hormone", "percent"): 64.2, ("control", "percent"): 21.0}


def test_sample_size_assumptions_are_not_results():
    s, = _studies("Adults were randomised to drug A or placebo. Assuming response rates of 40% with drug A and "
                  "20% with placebo, 90 patients per group gave 80% power to detect the difference. Response "
                  "was 38% with drug A vs 22% with placebo.")
    o, = s.outcomes
    assert {r.value for r in o.results if r.statistic == "percent"} == {38.0, 22.0}


@pytest.mark.parametrize("sentence, spread", [
    ("Fatigue scores (mean ± SEM) were 5.2 ± 0.3 with drug A vs 6.1 ± 0.4 with placebo.", "se"),
    ("Fatigue was lower with drug A (least squares mean [SE], 2.2 [0.3] vs 3.1 [0.4]; P = 0.01).", "se"),
    ("Fatigue (mean [SD]) was 2.2 [0.3] with drug A vs 3.1 [0.4] with placebo.", "sd"),
    # a standard error named after the values is another number's
    ("Fatigue was 2.2 ± 0.3 with drug A vs 3.1 ± 0.4 with placebo (SE of the difference 0.5).", "sd"),
])
def test_a_spread_labelled_as_a_standard_error_is_stored_as_one(sentence, spread):
    s, = _studies("Adults were randomised to drug A or placebo. " + sentence)
    o, = s.outcomes
    got = {(r.arm, r.statistic): r.value for r in o.results}
    assert got[("drug A", spread)] == 0.3 and got[("placebo", spread)] == 0.4
    assert got[("drug A", "mean")] in (5.2, 2.2)


@pytest.mark.parametrize("methods, spread", [
    ("Results are presented as mean value ± standard error (SE).", "se"),
    ("Data are expressed as mean ± SEM.", "se"),
    # a text that states SDs too (or states nothing) keeps the usual reading of ±
    ("Data are expressed as mean ± SD or mean ± SEM where stated.", "sd"),
    ("Fatigue was scored weekly.", "sd"),
])
def test_a_spread_the_methods_state_as_a_standard_error_is_stored_as_one(methods, spread):
    s, = _studies("Adults were randomised to drug A or placebo. " + methods +
                  " Fatigue was 2.2 ± 0.3 with drug A and 3.1 ± 0.4 with placebo.")
    got = {(r.arm, r.statistic): r.value for o in s.outcomes for r in o.results}
    assert got[("drug A", spread)] == 0.3 and got[("placebo", spread)] == 0.4
    assert got[("drug A", "mean")] == 2.2


def test_a_percent_sign_printed_once_covers_the_pair_but_not_a_spread():
    s, = _studies("Smokers were randomised to coaching or usual care. Abstinence was 34.2 vs. 18.6% at "
                  "6 months. Weight gain was 2.1% ± 1.4 and 1.2% ± 1.1 with coaching and usual care, respectively.")
    got = {(o.name, r.arm, r.statistic, r.value) for o in s.outcomes for r in o.results}
    assert ("Abstinence", "coaching", "percent", 34.2) in got
    assert ("Abstinence", "usual care", "percent", 18.6) in got
    assert not any(v == 1.4 and st == "percent" for _, _, st, v in got)


def test_exponent_loss_is_flagged_on_the_arm():
    s, = _studies("100 participants were randomized 2:1 to receive three IV infusions of MSC "
                  "(4×107 cells/dose on days 0, 3, and 6) or placebo.")
    msc = s.arms[0]
    assert (msc.label, msc.dose_value, msc.dose_unit, msc.route, msc.schedule) == (
        "MSC", 4e7, "cells/dose", "intravenous", "on days 0, 3, and 6")
    flag, = msc.flags
    assert (flag.check, flag.status, flag.expected, flag.reported) == ("exponent_loss", "flag", "4×10^7", "4×107")
    assert flag.message == "dose '4×107' read as 4×10^7: the superscript was probably lost"


def test_superscript_exponent_is_read_without_a_flag():
    b = SourceBuilder("html")
    b.add("100 participants were randomized 2:1 to receive three IV infusions of MSC (4×10")
    b.add_sup("7")
    b.add(" cells/dose on days 0, 3, and 6) or placebo.")
    s, = extract_studies(Context(source=b.build()))
    assert s.arms[0].dose_value == 4e7 and s.arms[0].flags == ()


def test_claim_without_numbers_attaches_to_the_last_outcome():
    s, = _studies("Patients were randomized to MSC or placebo. The 6-minute walking distance (6MWD) results "
                  "were similar between the MSC and placebo arms (median 430 vs 420 m). Despite the numerical "
                  "improvement with MSC, the between-arm difference was not statistically significant.")
    o, = s.outcomes
    e, = o.effects
    assert (e.measure, e.significant, e.direction) == (None, False, "no_difference")
    assert {r.unit for r in o.results} == {"m"} and {r.statistic for r in o.results} == {"median"}


def test_text_without_a_trial_yields_nothing():
    assert _studies("In 2019, 45% of adults had a chronic condition (page 12).") == []


def test_every_record_quotes_its_source():
    text = ("In this double-blind trial, 200 adults were randomized to drug A or placebo. Mortality was "
            "10.5% vs 12.0% (OR 0.86, 95% CI 0.61 to 1.21; P=0.39).")
    for s in _studies(text):
        records = [s, *s.arms, *s.outcomes, *(r for o in s.outcomes for r in o.results),
                   *(e for o in s.outcomes for e in o.effects)]
        for r in records:
            assert text[r.prov.char_start:r.prov.char_end] == r.prov.quote


# -- robustness ------------------------------------------------------------------------------
_WORDS = st.sampled_from(["randomized", "to", "placebo", "or", "MSC", "group", "vs", "(", ")", "%", "±",
                          "n=", "12", "3.4", "1,106", "p=0.03", "OR", "95% CI", "0.5–1.2", ";", ",", ".",
                          "respectively", "and", "median", "days", "the", "×10", "^7", "cells/dose", "\n"])


@settings(max_examples=150, deadline=None)
@given(st.lists(_WORDS, max_size=60).map(" ".join) | st.text(max_size=300))
def test_any_text_gives_records_with_valid_provenance(text):
    for s in _studies(text):
        for r in [s, *s.arms, *s.outcomes, *(x for o in s.outcomes for x in (*o.results, *o.effects))]:
            assert text[r.prov.char_start:r.prov.char_end] == r.prov.quote


def test_label_prefixed_lists_pair_each_value_with_its_arm():
    s, = _studies("Adults were randomly assigned to placebo, sertraline, or escitalopram. Nausea was reported by 97 "
                  "participants (sertraline, 41/98 [41.8%]; escitalopram, 33/101 [32.7%]; placebo, 23/99 [23.2%]).")
    o, = s.outcomes
    got = {(r.arm, r.statistic): r.value for o in s.outcomes for r in o.results}
    assert got[("sertraline", "events")] == 41 and got[("escitalopram", "total")] == 101
    assert got[("placebo", "percent")] == 23.2


def test_arms_listed_with_their_sizes():
    s, = _studies("We enrolled 120 children with acute diarrhoea in a double-blind trial with random allocation. Forty "
                  "patients received oral rehydration solution (ORS), 40 were given twice daily 10 mg of zinc "
                  "syrup (ZS), and 40 were treated with a placebo syrup (PS). The mean duration of diarrhoea was "
                  "61.2 ± 20.4, 52.8 ± 18.9 and 66.0 ± 22.7 hours in children given ORS, ZS and PS respectively.")
    assert [(a.label, a.n_randomized) for a in s.arms] == [("ORS", 40), ("ZS", 40), ("PS", 40)]
    assert s.arms[1].dose_value == 10 and s.arms[1].schedule == "twice daily"
    assert s.arms[2].role == "control"
    o, = s.outcomes
    assert [(r.arm, r.value) for r in o.results if r.statistic == "mean"] == [("ORS", 61.2), ("ZS", 52.8), ("PS", 66.0)]


def test_an_estimate_names_its_own_outcome():
    s, = _studies("Patients were randomized to drug A or placebo. The hazard ratio for death was 0.75 "
                  "(95% CI 0.61 to 0.92) with drug A.")
    o, = s.outcomes
    e, = o.effects
    assert (o.name, o.kind, o.results) == ("death", "time-to-event", ())
    assert (e.measure, e.value, e.ci_low, e.ci_high, e.significant, e.direction) == (
        "HR", 0.75, 0.61, 0.92, True, "favours_intervention")


def test_html_table_with_column_groups_gives_subgroups():
    from extractor.readers.tables import tables_from_spans

    b = SourceBuilder("html")
    b.add("Patients were randomized to drug A or placebo.\n")
    rows = [["", "Children", "", "Adults", ""],
            ["Outcome", "Drug A (n=20)", "Placebo (n=21)", "Drug A (n=40)", "Placebo (n=39)"],
            ["Response, n (%)", "12 (60.0)", "7 (33.3)", "25 (62.5)", "15 (38.5)"]]
    t0 = b.offset
    for row in rows:
        r0 = b.offset
        for k, cell in enumerate(row):
            c0, c1 = b.add(cell) if cell else (b.offset, b.offset)
            b.mark(c0, c1, "table_cell", column=k)
            b.add("\t")
        b.mark(r0, b.offset, "table_row")
        b.newline()
    b.mark(t0, b.offset, "table")
    src = b.build()
    src.tables = tables_from_spans(src)  # a reader that marks rows and cells gets table records
    s, = extract_studies(Context(source=src))
    got = {(o.subgroup, r.arm, r.statistic): r.value for o in s.outcomes for r in o.results if not r.derived}
    assert got[("Children", "drug A", "events")] == 12 and got[("Adults", "placebo", "percent")] == 38.5


# -- general rules found by the held-out passages (tests/data/trials/heldout*) ------------------
def _values(study):
    return {(o.name, r.arm, r.statistic): r.value for o in study.outcomes for r in o.results if not r.derived}


def test_respectively_without_arm_names_takes_the_arms_in_their_introduced_order():
    s, = _studies("Children were randomized to zinc (n = 90) or placebo (n = 88). "
                  "Diarrhoea lasted longer than 7 days in 8.9% and 17.0%, respectively.")
    got = _values(s)
    assert got[("Diarrhoea", "zinc", "percent")] == 8.9 and got[("Diarrhoea", "placebo", "percent")] == 17.0


def test_three_arms_with_respectively_and_a_clause_median():
    s, = _studies("Adults were randomised to drug A, drug B or placebo. Over a median of 2.0 years, "
                  "strokes occurred in 3.1%, 3.4% and 4.8% of participants, respectively. "
                  "The median hospital stay was 5.5, 6.0 and 6.5 days, respectively.")
    got = _values(s)
    assert got[("strokes", "drug A", "percent")] == 3.1 and got[("strokes", "placebo", "percent")] == 4.8
    assert got[("hospital stay", "drug B", "median")] == 6.0


def test_counts_with_thousands_separators_and_a_noun_before_the_percentage():
    s, = _studies("Patients were randomly assigned to aspirin or placebo. Major bleeding occurred in 87 of "
                  "2,013 patients (4.3%) in the aspirin group and in 70 of 2,021 patients (3.5%) in the placebo group. "
                  "Stroke occurred in 40 patients (2.0%) in the aspirin group and 52 patients (2.6%) in the placebo group.")
    got = _values(s)
    assert got[("Major bleeding", "aspirin", "total")] == 2013 and got[("Major bleeding", "placebo", "events")] == 70
    assert got[("Stroke", "aspirin", "events")] == 40 and got[("Stroke", "placebo", "percent")] == 2.6


def test_the_start_of_a_from_to_change_is_not_a_result():
    s, = _studies("Patients were randomized to drug X or placebo. Systolic pressure fell from 151 (12) to 138 (11) mm Hg "
                  "with drug X versus 150 (13) to 147 (12) mm Hg with placebo (P<0.001).")
    stats = {(r.arm, r.statistic, r.value) for o in s.outcomes for r in o.results}
    assert ("drug X", "mean", 138.0) in stats and ("placebo", "mean", 147.0) in stats
    assert not any(v in (151.0, 150.0) for _, _, v in stats)


def test_outcome_name_is_the_endpoint_noun_phrase():
    s, = _studies("Patients were randomized to drug X or placebo.\nResults The primary outcome, death or dialysis "
                  "at 12 months, occurred in 20.1% and 25.3% of patients, respectively.")
    assert s.outcomes[0].name == "death or dialysis" and s.outcomes[0].timepoint == "12 months"


def test_a_results_table_with_arms_as_rows():
    s, = _studies("Patients were randomized to budesonide or placebo.\n\n"
                  "Group\tN\tResponse, n (%)\tFEV1, mean (SD), L\n"
                  "Budesonide\t120\t66 (55.0)\t2.41 (0.52)\n"
                  "Placebo\t118\t41 (34.7)\t2.22 (0.55)\n")
    got = _values(s)
    assert got[("Response", "budesonide", "events")] == 66 and got[("Response", "placebo", "percent")] == 34.7
    assert {a.label: a.n_analyzed for a in s.arms} == {"budesonide": 120, "placebo": 118}


def test_a_count_or_frequency_fragment_is_no_arm_so_the_table_groups_name_the_arms():
    # "either two (...) or three (...) times per week": "two" and "times per week" name no group
    s, = _studies("Sixty older adults were randomly assigned to perform walking either two (n=30; group \u201cW2\u201d), "
                  "or three (n=30; group \u201cW3\u201d) times per week.\n\n"
                  "Table 2. Gait after training\n"
                  "Outcome\tW2 (n=30)\tW3 (n=30)\n"
                  "Gait speed, m/s\t1.12 \u00b1 0.21\t1.19 \u00b1 0.18\n")
    assert [a.label for a in s.arms] == ["W2", "W3"]
    got = _values(s)
    assert got[("Gait speed, m/s", "W2", "mean")] == 1.12 and got[("Gait speed, m/s", "W3", "sd")] == 0.18


def test_a_count_frequency_or_dose_word_alone_is_no_arm_name():
    from extractor.trials.armset import is_name
    assert not any(is_name(x) for x in ("two", "four", "times per week", "twice a day", "dose", "3 times/week"))
    assert all(is_name(x) for x in ("placebo", "vitamin A", "Group 2", "twice-daily dosing"))


def test_baseline_ages_and_sex_are_not_outcomes():
    s, = _studies("We randomly assigned 300 patients to drug X or placebo. The mean age was 61.2 years (SD 8.0) "
                  "in the drug X group and 60.5 years (SD 7.7) in the placebo group; 98 (65.3%) and 95 (63.3%) "
                  "patients, respectively, were women.")
    assert s.outcomes == ()


def test_two_trials_in_one_text_are_two_studies():
    got = _studies("Two trials are reported. In trial 1, 80 patients were randomized to yoga or usual care; "
                   "pain scores were 3.1 and 4.0, respectively (P = 0.01). In trial 2, 60 patients were "
                   "randomized to yoga or stretching; pain scores were 3.5 and 3.6, respectively (P = 0.80).")
    assert [[a.label for a in s.arms] for s in got] == [["yoga", "usual care"], ["yoga", "stretching"]]
    assert [len(s.outcomes) for s in got] == [1, 1]


def test_a_short_form_in_an_outcome_name_reads_as_its_long_form_for_direction():
    s, = _studies("Adolescents were randomized to drug X or placebo. The primary outcome was the change in the "
                  "Hamilton Anxiety Inventory for Youth (HAIY) score. The HAIY score at week 8 was 14.2 (SD 5.1) "
                  "with drug X vs 18.9 (SD 6.0) with placebo (P = 0.002).")
    o = next(o for o in s.outcomes if "HAIY" in o.name)
    assert [e.direction for e in o.effects] == ["favours_intervention"]


def test_sizes_of_arms_randomly_assigned_one_after_the_other():
    s, = _studies("Methods. In this randomised trial, adults were allocated to the ketamine group or the "
                  "saline group. Results. Overall, 41 adults were randomly assigned to the "
                  "ketamine group, and 39 were assigned to the saline group. Pain at 24 hours was 2.1 in the "
                  "ketamine group and 3.4 in the saline group (p = 0.01).")
    assert [(a.label, a.n_randomized) for a in s.arms] == [("ketamine", 41), ("saline", 39)]


def test_sizes_of_a_subgroup_printed_beside_its_results_are_not_the_arms_sizes():
    s, = _studies("We randomly assigned 212 patients to receive drug A and 208 to receive placebo. "
                  "In patients with a skin reaction, median survival was 9.1 months for drug A (n=23) "
                  "versus 5.0 months for placebo (n=9).")
    assert [(a.label, a.n_randomized, a.n_analyzed) for a in s.arms] == [("drug A", 212, None), ("placebo", 208, None)]


def test_the_arm_of_usual_care_alone_is_named_by_usual_care_and_its_abbreviation():
    from extractor.trials.arms import ArmInfo, ArmMatcher
    arms = [ArmInfo(label="usual care plus the coaching programme", start=0, end=0),
            ArmInfo(label="usual care only", start=0, end=0)]
    m = ArmMatcher(arms, {"UC": "usual care"})
    assert m.arm_for("UC") is arms[1] and m.arm_for("usual care") is arms[1]
    assert m.arm_for("only") is None and m.arm_for("plus") is None


def test_counts_labelled_by_arm_with_their_percentage_after_a_comma():
    s, = _studies("Adults with knee pain were randomised to drug K or saline. Overall, there were no "
                  "differences in knee replacement rates by treatment arm (drug K: 9/23, 39% vs. saline: "
                  "6/16, 38%, p = 0.92).")
    o, = s.outcomes
    assert o.name == "knee replacement rates"
    assert [(r.arm, r.statistic, r.value) for r in o.results] == [
        ("drug K", "events", 9), ("drug K", "total", 23), ("drug K", "percent", 39),
        ("saline", "events", 6), ("saline", "total", 16), ("saline", "percent", 38)]


def test_a_percentage_after_a_count_is_its_own_only_when_it_agrees():
    from extractor.trials.values import find_values
    text = "relapse in 9/23, 39% and 6/16, 60% of the rest"
    got = [(text[v.start:v.end], v.form) for v in find_values(text)]
    assert got == [("9/23, 39%", "events_total"), ("6/16", "events_total"), ("60%", "pct")]


def test_the_arm_a_comparative_is_said_of_as_subject_holds_the_value_it_says():
    # the values printed control first: the comparative, not the order of mention, places them
    s, = _studies("Adults were randomly assigned to the lidocaine group or the saline group. The lidocaine group "
                  "had a significantly shorter time to first analgesic request (51.3 ± 8.2 min vs 42.1 ± 9.0 min, "
                  "p = 0.01).")
    o, = s.outcomes
    assert [(r.arm, r.statistic, r.value) for r in o.results] == [
        ("saline", "mean", 51.3), ("saline", "sd", 8.2), ("lidocaine", "mean", 42.1), ("lidocaine", "sd", 9.0)]


def test_an_arm_closing_the_outcome_phrase_is_cut_with_its_connecting_words():
    s, = _studies("Patients were randomised to drug A or placebo. The response rate for the recipients of drug A "
                  "was 43/195 (22%) and 57/194 (29%) for placebo.")
    o, = s.outcomes
    assert o.name == "response rate"
    assert [(r.arm, r.statistic, r.value) for r in o.results][:2] == [("drug A", "events", 43), ("drug A", "total", 195)]


def test_percentages_with_their_counts_in_square_brackets_and_arms_after_given():
    s, = _studies("We randomly assigned 350 patients to receive drug B and 320 to receive placebo. More patients "
                  "assigned drug B had a rash than did those assigned placebo (56% [188 of 334] vs 15% [46 of 313]; "
                  "p<0.0001). Severe diarrhoea occurred in 28 of 334 patients given drug B and 4 of 313 given placebo.")
    rash, diarrhoea = s.outcomes
    assert rash.name == "had a rash"
    assert [(r.arm, r.statistic, r.value) for r in rash.results] == [
        ("drug B", "percent", 56), ("drug B", "events", 188), ("drug B", "total", 334),
        ("placebo", "percent", 15), ("placebo", "events", 46), ("placebo", "total", 313)]
    assert [(r.arm, r.statistic, r.value) for r in diarrhoea.results] == [
        ("drug B", "events", 28), ("drug B", "total", 334), ("placebo", "events", 4), ("placebo", "total", 313)]


def test_the_same_size_for_each_group_after_a_noun():
    s, = _studies("Adults were randomised to yoga or to a waiting list. At the end of the study there were "
                  "30 participants in each group who contributed data to these analyses.")
    assert [(a.label, a.n_analyzed) for a in s.arms] == [("yoga", 30), ("waiting list", 30)]


def test_a_sample_size_calculation_gives_no_arm_its_size():
    s, = _studies("Adults were randomised to drug C or placebo. A sample size of 60 patients per group was "
                  "required to detect a 20% reduction. In total, 58 patients were randomly assigned to the drug C "
                  "group and 57 to the placebo group.")
    assert [(a.label, a.n_randomized) for a in s.arms] == [("drug C", 58), ("placebo", 57)]


def test_the_analysed_count_of_those_randomised_is_the_numerator():
    s, = _studies("Older adults were randomised to tai chi or to a control group. Follow-up data were available "
                  "for 15 of the 20 subjects in the tai chi group and 17 of the 20 subjects in the control group.")
    assert [(a.label, a.n_analyzed) for a in s.arms] == [("tai chi", 15), ("control", 17)]


def _prose_study(text):
    from extractor.context import Context
    from extractor.source import Source
    from extractor.trials import extract_studies
    study, = extract_studies(Context(source=Source.from_text(text)))
    return study


def test_an_outcome_named_after_an_arms_drug_and_two_clauses_with_their_own_outcomes():
    study = _prose_study(
        "Analgesia after knee replacement: a randomised trial\n\nMethods\n"
        "A total of 90 patients were randomly assigned to the morphine group (n = 45) or the "
        "combination group (n = 45).\n\nResults\n"
        "The mean morphine consumption was lower in the combination group (21.4±6.2 mg vs 30.8±7.5 mg, "
        "p<0.001), but the combination group had a longer mean time to first mobilisation "
        "(26.1±5.0 hours vs 22.7±4.6 hours, p=0.01).\n")
    # "A total of 90" is both arms together, not the morphine group's size
    assert [(a.label, a.n_randomized) for a in study.arms] == [("morphine", 45), ("combination", 45)]
    got = {(o.name, r.arm, r.statistic): r.value for o in study.outcomes for r in o.results}
    assert got[("morphine consumption", "combination", "mean")] == 21.4
    assert got[("morphine consumption", "morphine", "sd")] == 7.5
    # the second clause's values are its own outcome's, the arm it names holds the longer time
    assert not any(name.startswith("longer") for name, _, _ in got)
    assert [v for (name, arm, st), v in got.items() if arm == "combination" and st == "mean"
            and "mobilisation" in name] == [26.1]


def test_an_outcome_available_for_some_patients_of_each_arm_takes_those_as_its_group_sizes():
    s, = _studies("Methods. Patients with a first stroke were randomized to drug K infusion or no infusion. "
                  "Results. Of the 300 patients who underwent randomization, 152 were assigned to drug K "
                  "infusion. Gait speed measurements were available in 131 patients (86%) treated with drug "
                  "K and in 125 (84%) of the controls. The mean gait speed was 0.81 ± 0.22 m/s in the drug K "
                  "group and 0.74 ± 0.25 m/s in the control group (P = 0.02). The mean grip strength was "
                  "21.4 ± 6.1 kg in the drug K group and 20.2 ± 6.5 kg in the control group (P = 0.10).")
    by_name = {o.name: {(r.arm, r.statistic): r.value for r in o.results} for o in s.outcomes}
    gait = next(v for k, v in by_name.items() if "gait speed" in k)
    assert gait[("drug K infusion", "mean")] == 0.81
    assert (gait[("drug K infusion", "total")], gait[("no infusion", "total")]) == (131, 125)
    # an outcome the sentence does not name keeps the arms' sizes
    grip = next(v for k, v in by_name.items() if "grip strength" in k)
    assert not [k for k in grip if k[1] == "total"]


def test_the_patients_a_time_point_included_per_arm_are_the_group_sizes_of_its_outcomes():
    s, = _studies("Methods. Sixty adults were randomised to the coaching group or the control group. "
                  "Results. The final assessment, T2, included 52 of 60 patients (87%), 27 in the coaching "
                  "group and 25 in the control group. At T2, the mean HADS score was 8.1 ± 3.2 in the coaching "
                  "group and 10.4 ± 3.9 in the control group (P = 0.02).")
    o = next(o for o in s.outcomes if "HADS" in o.name)
    assert o.timepoint == "T2"
    v = {(r.arm, r.statistic): r.value for r in o.results}
    assert v[("coaching", "mean")] == 8.1
    assert (v[("coaching", "total")], v[("control", "total")]) == (27, 25)


def test_the_value_pattern_with_its_looks_ahead_finds_what_it_finds_without():
    # the looks ahead that let the engine skip words and the unit alternatives (values.py) are
    # no rule: the pattern finds the same tokens, with the same groups, on every text fixture
    import re
    from pathlib import Path

    from extractor.trials.values import _value_rx
    plain, guarded = _value_rx(guarded=False), _value_rx()
    assert guarded.pattern != plain.pattern
    data = Path(__file__).parent / "data"
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(data.rglob("*"))
             if p.suffix in (".txt", ".xml", ".html") and p.is_file()]
    texts.append("five of the nine patients (55.6%), n = 22, median 430 (IQR 300–510) m, "
                 "mean 7.2 ± 1.1 mg/dl, 12 (40%), thirty-nine of 120, −0.5 kg, 1,210 ms, ſix of 10")
    assert len(texts) > 50
    for text in texts:
        for a, b in zip(plain.finditer(text), guarded.finditer(text)):
            assert (a.span(), a.groupdict()) == (b.span(), b.groupdict())
        assert len(plain.findall(text)) == len(guarded.findall(text))
    assert re.search(r"\(\?=\[", guarded.pattern)


def test_number_patterns_opening_with_a_digit_find_what_their_look_behind_form_finds():
    # numbers.py writes "(?<!X)\d+" as "\d(?<!X\d)\d*" (the engine then skips to digits itself):
    # the same matches, with the same groups, on every text fixture and on generated texts
    import re
    from pathlib import Path

    from extractor.trials.numbers import LOST_RX, SCI_RX, _dose_patterns
    data = Path(__file__).parent / "data"
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(data.rglob("*"))
             if p.suffix in (".txt", ".xml", ".html") and p.is_file()]
    texts += ["4×107 cells/dose, 4 x 10(7), 4x10E7, 2.1e-4, x12 mg, 1.5mg 3.12 mg x3 10 mg .5 mg",
              "12345678901234567890×105 cells", "a5 mg, _7 mg, ^8 mg, ×9 mg, X10 mg, 3·5 mg"]
    for rx, flags, head in ((SCI_RX, 0, r"(?<![\d.·])"), (LOST_RX, 0, r"(?<![\d.·])"),
                            (_dose_patterns()[1], re.I, r"(?<![\w.^×x])")):
        look = head[4:-1]
        assert f"\\d(?<!{look}\\d)\\d*" in rx.pattern
        plain = re.compile(rx.pattern.replace(f"\\d(?<!{look}\\d)\\d*", "\\d+", 1).replace("(?P<", head + "(?P<", 1), flags)
        assert plain.pattern.startswith(head)
        for text in texts:
            assert [(m.span(), m.groupdict()) for m in rx.finditer(text)] == \
                [(m.span(), m.groupdict()) for m in plain.finditer(text)]
