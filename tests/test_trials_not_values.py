"""Numbers of a results sentence that are no arm's value: an interval's level and bounds in
other spellings ("95% CIs", "[95% IC"), the number in a group's name ("in Arm 1"), an assay's
coefficients of variation, and a baseline survey's figures."""
from extractor.context import Context
from extractor.source import Source
from extractor.trials import extract_studies


def _outcomes(lead, text):
    s, = extract_studies(Context(source=Source.from_text(lead + text)))
    return [o for o in s.outcomes if o.results]


LEAD = "Eighteen men were randomly assigned to Arm 1 (vaccine alone) or Arm 2 (vaccine plus booster). "


def test_the_number_of_a_group_is_no_value():
    o, = _outcomes(LEAD, "Time to progression did not differ between the arms (median 148 days in Arm 1 vs. 171 "
                         "days in Arm 2).")
    assert {(r.arm, r.statistic, r.value) for r in o.results} == {("Arm 1", "median", 148), ("Arm 2", "median", 171)}


def test_interval_bounds_after_a_plural_level_are_no_arm_values():
    lead = "Adults with hypertension were randomly assigned to intensive or standard treatment. "
    got = _outcomes(lead, "Mean systolic and diastolic differences between intensive and standard treatment were "
                          "6.1/2.9 mmHg (95% CIs 5.4–6.8 mmHg and 2.5–3.3 mmHg, respectively).")
    assert not any(r.value in (95, 5.4, 6.8, 2.5, 3.3) for o in got for r in o.results)


def test_an_arms_own_interval_stays():
    lead = "Adults with hypertension were randomly assigned to intensive or standard treatment. "
    o, = _outcomes(lead, "Systolic pressure at 12 months was 121.4 mmHg (95% CI 119.8–123.0) with intensive "
                         "treatment and 134.2 mmHg (95% CI 132.5–135.9) with standard treatment.")
    assert {(r.arm, r.statistic): r.value for r in o.results}[("intensive", "mean")] == 121.4


def test_an_assays_coefficients_of_variation_and_a_baseline_survey_are_no_results():
    lead = "Adults with obesity were randomly assigned to vitamin D or placebo. "
    assert not _outcomes(lead, "Serum leptin was measured by ELISA (intra-assay and inter-assay CVs respectively "
                               "4.2% and 6.8%).")
    lead = "Forty villages were randomly assigned to the intervention or control arm. "
    assert not _outcomes(lead, "According to the baseline survey, stillbirths were slightly less frequent in the "
                               "intervention villages than in the control villages (38.1 vs 40.6 per 1000 births).")
