"""extractor.stats: known values from the literature and hypothesis properties."""
import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from extractor import stats

cells = st.integers(min_value=0, max_value=200)
positive = st.integers(min_value=1, max_value=200)


# --- known values --------------------------------------------------------------------------

def test_shared_example_ct_normalisation():
    # 46.94% of 49 and 34.48% of 29 rebuild 23/49 and 10/29; OR 1.68, chi2 p 0.2819.
    assert stats.counts_for_percent(46.94, 49, 2) == [23]
    assert stats.counts_for_percent(34.48, 29, 2) == [10]
    assert round(stats.odds_ratio(23, 26, 10, 19).value, 2) == 1.68
    assert round(stats.chi2_p(23, 26, 10, 19), 4) == 0.2819
    assert round(stats.chi2_p(23, 26, 10, 19, correction=True), 4) != 0.2819
    assert round(stats.fisher_p(23, 26, 10, 19), 4) != 0.2819


def test_shared_example_denominators():
    assert stats.counts_for_percent(67.86, 29, 2) == []
    assert stats.counts_for_percent(67.86, 28, 2) == [19]
    assert stats.counts_for_percent(11.54, 49, 2) == []
    assert stats.counts_for_percent(5.26, 29, 2) == []
    assert (3, 26) in stats.denominators_for_percent(11.54, 2, max_total=49)
    assert (1, 19) in stats.denominators_for_percent(5.26, 2, max_total=29)


def test_truncation_is_opt_in():
    assert stats.counts_for_percent(66.66, 3, 2) == []
    assert stats.counts_for_percent(66.67, 3, 2) == [2]
    assert stats.counts_for_percent(66.66, 3, 2, truncated=True) == [2]
    assert stats.counts_for_percent(66.67, 3, 2, truncated=True) == []


def test_rounding_ties_fit_both_ways():
    # 1/8 = 12.5 %: printed 13 (half up) or 12 (half even) both fit at 0 decimals.
    assert stats.counts_for_percent(13, 8, 0) == [1]
    assert stats.counts_for_percent(12, 8, 0) == [1]


def test_decimals_of_formats():
    assert stats.decimals_of("P < .001") == 3
    assert stats.decimals_of("−0.50") == 2
    assert stats.decimals_of("(46·94%)") == 2
    assert stats.decimals_of("no number") == 0
    assert stats.decimals_of(1e-05) == 5


def test_grim_brown_heathers_example():
    # Brown & Heathers: a mean of 5.19 from 28 integer responses is impossible.
    assert not stats.grim_mean(5.19, 28, 2)
    assert stats.grim_mean(5.18, 28, 2)
    assert stats.grim_mean(5.19, 28, 2, items=3)  # 84 responses: 436/84 = 5.1905


def test_against_scipy():
    sp = pytest.importorskip("scipy.stats")
    for t in ([[23, 26], [10, 19]], [[3, 17], [9, 11]], [[0, 12], [5, 7]], [[40, 60], [25, 75]]):
        (a, b), (c, d) = t
        x2, p = sp.chi2_contingency(t, correction=False)[:2]
        assert math.isclose(stats.chi2_p(a, b, c, d), p, rel_tol=1e-9)
        p_yates = sp.chi2_contingency(t, correction=True)[1]
        assert math.isclose(stats.chi2_p(a, b, c, d, correction=True), p_yates, rel_tol=1e-9)
        assert math.isclose(stats.fisher_p(a, b, c, d), sp.fisher_exact(t)[1], rel_tol=1e-9)


def test_zero_cells_use_haldane():
    e = stats.odds_ratio(0, 20, 5, 15)
    assert e.corrected
    assert math.isclose(e.value, (0.5 * 15.5) / (20.5 * 5.5))
    assert stats.chi2_test(0, 0, 3, 4) == (pytest.approx(math.nan, nan_ok=True),) * 2


def test_bad_input():
    with pytest.raises(ValueError):
        stats.odds_ratio(-1, 2, 3, 4)
    with pytest.raises(ValueError):
        stats.se_from_ci(0, 2)
    with pytest.raises(ValueError):
        stats.z_from_p(0)


# --- properties ----------------------------------------------------------------------------

@given(cells, cells, cells, cells, st.sampled_from([0.9, 0.95, 0.99]))
def test_ratio_estimates_inside_their_ci(a, b, c, d, level):
    for fn in (stats.odds_ratio, stats.risk_ratio):
        e = fn(a, b, c, d, level)
        assert e.ci_low <= e.value <= e.ci_high
        assert e.corrected == (0 in (a, b, c, d))
        assert stats.ci_log_symmetry(e.value, e.ci_low, e.ci_high) < 1e-6


@given(cells, positive, cells, positive)
def test_risk_difference_inside_ci(a, b, c, d):
    e = stats.risk_difference(a, b, c, d)
    assert e.ci_low - 1e-12 <= e.value <= e.ci_high + 1e-12
    assert -1 <= e.value <= 1


@given(positive, positive, positive, positive)
def test_or_symmetry_under_arm_swap(a, b, c, d):
    # Swapping the arms inverts the ratio; the p-values do not change.
    assert math.isclose(stats.odds_ratio(a, b, c, d).value * stats.odds_ratio(c, d, a, b).value,
                        1.0, rel_tol=1e-9)
    assert math.isclose(stats.chi2_p(a, b, c, d), stats.chi2_p(c, d, a, b), rel_tol=1e-9)
    assert math.isclose(stats.fisher_p(a, b, c, d), stats.fisher_p(c, d, a, b), rel_tol=1e-9)


@given(cells, cells, cells, cells)
def test_p_values_are_probabilities(a, b, c, d):
    p_f = stats.fisher_p(a, b, c, d)
    assert 0.0 <= p_f <= 1.0
    p = stats.chi2_p(a, b, c, d)
    p_c = stats.chi2_p(a, b, c, d, correction=True)
    if math.isnan(p):
        assert 0 in (a + b, c + d, a + c, b + d)
    else:
        assert 0.0 <= p <= p_c <= 1.0


@given(st.floats(min_value=0.01, max_value=100), st.floats(min_value=0.01, max_value=3),
       st.sampled_from([0.9, 0.95, 0.99]))
def test_p_from_ci_round_trips_through_se(estimate, se, level):
    low, high = stats.ci_from_se(estimate, se, level)
    assert math.isclose(stats.se_from_ci(low, high, level), se, rel_tol=1e-6)
    expected = stats.p_from_z(math.log(estimate) / se)
    assert math.isclose(stats.p_from_ci(estimate, low, high, level), expected,
                        rel_tol=1e-6, abs_tol=1e-12)
    assert stats.ci_log_symmetry(estimate, low, high) < 1e-6


@given(st.floats(min_value=-50, max_value=50), st.floats(min_value=0.01, max_value=10))
def test_p_from_ci_for_differences(estimate, se):
    low, high = stats.ci_from_se(estimate, se, ratio=False)
    p = stats.p_from_ci(estimate, low, high, ratio=False)
    assert (p < 0.05) == (low > 0 or high < 0) or math.isclose(p, 0.05, rel_tol=1e-6)


@given(st.floats(min_value=1e-12, max_value=1.0))
def test_z_and_p_are_inverse(p):
    assert math.isclose(stats.p_from_z(stats.z_from_p(p)), p, rel_tol=1e-6, abs_tol=1e-15)


@given(st.integers(min_value=1, max_value=2000), st.data(), st.integers(0, 3))
def test_counts_for_percent_finds_the_true_count_and_only_fitting_ones(total, data, decimals):
    events = data.draw(st.integers(0, total))
    percent = round(100 * events / total, decimals)
    found = stats.counts_for_percent(percent, total, decimals)
    assert events in found
    for e in found:
        assert abs(100 * e / total - percent) <= 0.5 * 10 ** -decimals + 1e-9
    # every count outside the list does not fit
    near = set(range(max(0, events - 3), min(total, events + 3) + 1)) - set(found)
    for e in near:
        assert abs(100 * e / total - percent) > 0.5 * 10 ** -decimals - 1e-9


@given(st.integers(min_value=1, max_value=300), st.data())
def test_denominators_for_percent_contains_truth(total, data):
    events = data.draw(st.integers(0, total))
    percent = round(100 * events / total, 2)
    pairs = stats.denominators_for_percent(percent, 2, max_total=300)
    assert (events, total) in pairs
    assert all(stats.counts_for_percent(percent, n, 2) for _, n in pairs)


@given(st.integers(min_value=1, max_value=200), st.integers(min_value=1, max_value=5),
       st.data(), st.integers(1, 3))
def test_grim_accepts_every_true_mean(n, items, data, decimals):
    total = data.draw(st.integers(0, 10 * n * items))
    mean = round(total / (n * items), decimals)
    assert stats.grim_mean(mean, n, decimals, items)


@settings(max_examples=200)
@given(st.floats(min_value=0.05, max_value=20), st.floats(min_value=0.05, max_value=1.5),
       st.integers(1, 3))
def test_rounded_wald_intervals_are_symmetric_within_rounding(est, se, decimals):
    low, high = stats.ci_from_se(est, se)
    r = [round(x, decimals) for x in (est, low, high)]
    assume(min(r) > 0)
    assert stats.ci_symmetric_within_rounding(*r, decimals)


def _fisher_reference(a, b, c, d):
    r1, r2, c1 = a + b, c + d, a + c
    lo, hi = max(0, c1 - r2), min(r1, c1)
    w = {x: math.comb(r1, x) * math.comb(r2, c1 - x) for x in range(lo, hi + 1)}
    return sum(v for v in w.values() if v <= w[a]) / sum(w.values())


@given(st.integers(0, 60), st.integers(0, 60), st.integers(0, 60), st.integers(0, 60))
def test_fisher_recurrence_matches_binomial_coefficients(a, b, c, d):
    assert math.isclose(stats.fisher_p(a, b, c, d), min(1.0, _fisher_reference(a, b, c, d))
                        if a + b + c + d else 1.0, rel_tol=1e-12)


def test_t_tests_against_scipy():
    sp = pytest.importorskip("scipy.stats")
    for m1, s1, n1, m2, s2, n2 in ((10, 2, 20, 8.5, 2.5, 25), (380, 80, 150, 365, 95, 148),
                                   (7.4, 1.1, 12, 7.9, 0.6, 9)):
        w = sp.ttest_ind_from_stats(m1, s1, n1, m2, s2, n2, equal_var=False)
        t, df, _ = stats.welch_t(m1, s1, n1, m2, s2, n2)
        assert math.isclose(t, w.statistic) and math.isclose(stats.t_p(t, df), w.pvalue,
                                                             rel_tol=1e-9)
        p = sp.ttest_ind_from_stats(m1, s1, n1, m2, s2, n2, equal_var=True)
        t, df, _ = stats.pooled_t(m1, s1, n1, m2, s2, n2)
        assert math.isclose(t, p.statistic) and math.isclose(stats.t_p(t, df), p.pvalue,
                                                             rel_tol=1e-9)


@given(st.floats(0.001, 1.0), st.floats(0.5, 500))
def test_t_p_decreases_towards_normal(p, df):
    z = stats.z_from_p(p)
    assert stats.t_p(z, df) >= p * (1 - 1e-9)
    assert 0.0 <= stats.t_p(z, df) <= 1.0


@given(st.floats(0.1, 50), st.floats(0.1, 50), st.floats(1e-6, 1 - 1e-6))
def test_betainc_symmetry(a, b, x):
    # I_x(a, b) = 1 - I_{1-x}(b, a)
    assert math.isclose(stats.betainc(a, b, x), 1 - stats.betainc(b, a, 1 - x), abs_tol=1e-9)


@given(st.sampled_from([0.8, 0.9, 0.95, 0.99]), st.floats(1, 1e6))
def test_t_quantile_inverts_t_p(level, df):
    q = stats.t_quantile(level, df)
    assert math.isclose(stats.t_p(q, df), 1 - level, rel_tol=1e-7)


def test_fisher_large_table_tolerance_is_on_the_probability_scale():
    # a table a little more likely than the observed one lies within a tolerance that grew with
    # the size of the log-weights; R's 1 + 1e-7 on the probability scale leaves it out
    exact = _fisher_reference(134, 277, 785, 1042)
    assert math.isclose(stats.fisher_p(134, 277, 785, 1042), exact, rel_tol=1e-6)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 1500), st.integers(0, 1500), st.integers(0, 1500), st.integers(0, 1500))
def test_fisher_large_tables_in_floating_point_match_exact_weights(a, b, c, d):
    # above _FISHER_EXACT_MAX participants the p-value is summed from log-probabilities;
    # it must agree with the exact integer weights
    assume(a + b + c + d > stats._FISHER_EXACT_MAX)
    exact = min(1.0, _fisher_reference(a, b, c, d))
    assert math.isclose(stats.fisher_p(a, b, c, d), exact, rel_tol=1e-6, abs_tol=1e-300)


def test_fisher_large_table_against_scipy():
    sp = pytest.importorskip("scipy.stats")
    t = [[1210, 1190], [1150, 1260]]
    assert math.isclose(stats.fisher_p(1210, 1190, 1150, 1260), sp.fisher_exact(t)[1], rel_tol=1e-6)
