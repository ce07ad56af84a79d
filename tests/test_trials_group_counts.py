"""Counts of a group's people or cases read by their grammar: counts found "in" people ("detected
in 3 cases in the A group and 18 cases in the B group"), cases "of" an event, small counts
spelled out ("three cases of hypoxemia in the A group and one in the B group"), each arm's value
in brackets after its name ("between the A (6/20; 30%) and B (8/20; 40%) groups"), sentences that
only count each group's people ("There were 39 patients in the A group and 41 in the B group"),
and percentages printed truncated rather than rounded."""
import pytest

from extractor.context import Context
from extractor.source import Source
from extractor.trials import extract_studies
from extractor.trials.derive import derive_counts
from extractor.trials.sizes import spelled_events

LEAD = "Methods\nChildren were randomized to receive ketorolac or saline (control).\n\nResults\n"


def _study(text):
    src = Source.from_text(LEAD + text)
    s, = extract_studies(Context(source=src))
    return s, src.text


def _events(o):
    return {r.arm: r.value for r in o.results if r.statistic == "events" and not r.derived}


def _counts(o):
    """``{(arm, statistic): value}`` of an outcome's events and totals (derived ones included)."""
    return {(r.arm, r.statistic): r.value for r in o.results if r.statistic in ("events", "total")}


def _only_outcome(text):
    """The one outcome of the one study of a whole article ``text``."""
    s, = extract_studies(Context(source=Source.from_text(text)))
    o, = s.outcomes
    return o


@pytest.mark.parametrize("text,name,events", [
    ("Intact tubes were detected in 3 cases in the control group and 18 cases in the ketorolac group (P < 0.001).",
     "Intact tubes", {"saline": 3, "ketorolac": 18}),
    ("There were 3 cases of mild hypoxemia in the ketorolac group and 1 in the control group (p=0.362).",
     "mild hypoxemia", {"ketorolac": 3, "saline": 1}),
    ("There were three cases of mild hypoxemia in the ketorolac group and one in the control group (p=0.362).",
     "mild hypoxemia", {"ketorolac": 3, "saline": 1}),
    ("Mild hypoxemia occurred in three patients in the ketorolac group and none in the control group.",
     "Mild hypoxemia", {"ketorolac": 3, "saline": 0}),
])
def test_counts_of_cases_in_each_group_are_events(text, name, events):
    s, full = _study(text)
    o, = s.outcomes
    assert o.name == name
    assert _events(o) == events
    for r in o.results:  # a count spelled out quotes its whole word
        assert r.prov.quote == full[r.prov.char_start:r.prov.char_end]
        assert r.prov.quote in {"3", "1", "18", "three", "one", "none"}


def test_spelled_counts_are_rewritten_only_before_a_group():
    text = "One patient withdrew. Three cases of rash in the A group and one in the B group; one-year follow-up."
    got, spans = spelled_events(text)
    assert len(got) == len(text)
    assert "3     cases of rash" in got and "and 1   in the B group" in got
    assert got.startswith("One patient withdrew") and "one-year" in got
    assert [text[a:b] for a, b in spans.items()] == ["Three", "one"]


@pytest.mark.parametrize("text", [
    "A total of 80 children were enrolled in 3 centres in the ketorolac group and 2 in the control group.",
    "Thirty patients were randomized in the ketorolac group and twenty in the control group.",
])
def test_counts_of_people_in_flow_sentences_stay_no_results(text):
    s, _ = _study(text)
    assert not [o for o in s.outcomes if o.kind == "binary"]


def test_each_arm_s_value_in_brackets_after_its_name():
    s, _ = _study("Overall, 14/40 children (35%) vomited, with no significant (P = .507) vomiting rate difference "
                  "between the ketorolac (6/20 children; 30%) and control (8/20; 40%) groups.")
    o, = [o for o in s.outcomes if o.results]
    assert o.name == "vomiting rate"
    assert _counts(o) == {
        ("ketorolac", "events"): 6, ("ketorolac", "total"): 20, ("saline", "events"): 8, ("saline", "total"): 20}


def test_a_sentence_counting_each_group_s_people_sizes_the_arms():
    s, full = _study("There were 39 patients in the control group and 41 in the ketorolac group. Emergence agitation "
                     "was seen in 16 (41%) in the control group and 13 (32%) in the ketorolac group (P = 0.526).")
    assert {a.label: a.n_randomized for a in s.arms} == {"ketorolac": 41, "saline": 39}
    o, = s.outcomes  # each count's denominator is now its arm's size
    assert _events(o) == {"saline": 16, "ketorolac": 13}


@pytest.mark.parametrize("text", [
    "There were 3 patients in the control group and 4 in the ketorolac group.",
    "There were 39 patients in the control group and 41 in the ketorolac group who vomited.",
])
def test_few_people_or_a_predicate_after_the_groups_size_nothing(text):
    s, _ = _study(text)
    assert all(a.n_randomized is None and a.n_analyzed is None for a in s.arms)


def test_a_truncated_percentage_gives_its_count_marked_as_truncated():
    d = derive_counts(70.96, "70.96", 62)  # 44/62 = 70.967…%, printed 70.96
    assert (d.events, d.total, d.arm_size_fits) == (44, 62, False)
    assert "truncated" in d.derivation
    # no decimals: a chance fit is too likely, nothing is rebuilt by truncation
    assert derive_counts(66, "66", 3) is None or derive_counts(66, "66", 3).total != 3
    # a rounded fit is still preferred
    assert derive_counts(70.97, "70.97", 62).derivation.endswith("(44/62 = 70.97%)")


def test_what_a_finding_showed_names_the_outcome_and_a_ci_level_after_ci_is_no_value():
    s, _ = _study("On the other hand, specimen evaluation after removal of the bag showed that intact tubes were "
                  "detected in 3 cases in the control group and 18 cases in the ketorolac group (P < 0.001, OR: 51.0, "
                  "CI 95%: 7.56-343.73).")
    o, = s.outcomes
    assert o.name == "intact tubes"
    assert _events(o) == {"saline": 3, "ketorolac": 18}
    assert not [r for r in o.results if r.statistic == "percent"]


def test_a_share_then_its_count_in_one_bracket_is_one_value():
    from extractor.trials.values import find_values
    text = "higher in cases (32%, 7 of 22) than controls (0%, 0 of 23; difference, 32%)"
    got = [[(p.statistic, p.value) for p in v.parts] for v in find_values(text)][:2]
    assert got == [[("percent", 32), ("events", 7), ("total", 22)], [("percent", 0), ("events", 0), ("total", 23)]]
    # a comma between a share and a count that does not give it keeps them apart
    assert len(find_values("(32%, 2 of 22)")) == 2


def test_cases_and_controls_in_brackets_pair_with_the_two_arms():
    o = _only_outcome("Methods\nInfants were randomized to rWGS or standard genetic tests.\n\nResults\nThe rate of "
                      "neonatal diagnosis was higher in cases (32%, 7 of 22) than controls (0%, 0 of 23; difference, "
                      "32% [95% CI, 11-53%]; p = 0.004).\n")
    assert _counts(o) == {
        ("rWGS", "events"): 7, ("rWGS", "total"): 22,
        ("standard genetic tests", "events"): 0, ("standard genetic tests", "total"): 23}


def test_a_count_with_its_share_of_a_total_is_one_value():
    from extractor.trials.values import find_values
    text = ("expansion in the A group (265 [25%] of 1054 participants) than in the B group (304 [29%] of 1058 "
            "participants); 12 (40%) of the 30 children; 5 (20%) of 3 weeks; 12 (40%) of 10")
    got = [(text[v.start:v.end], v.form) for v in find_values(text)]
    assert got[:3] == [("265 [25%] of 1054", "events_total"), ("304 [29%] of 1058", "events_total"),
                       ("12 (40%) of the 30", "events_total")]
    # a number after "of" that the share does not fit is no denominator
    assert ("5 (20%)", "count_pct") in got and ("12 (40%)", "count_pct") in got


def test_a_count_whose_total_is_the_arm_s_size_is_still_a_result():
    o = _only_outcome("Methods\nPatients were randomised to drug A or placebo.\n\nResults\n116 (46%) of 254 "
                      "patients in the drug A group had a complete or partial response compared with 100 (42%) of "
                      "238 patients in the placebo group (odds ratio 1.16, 95% CI 0.81-1.66, p=0.42).\n")
    assert o.name == "complete or partial response"
    assert _counts(o) == {
        ("drug A", "events"): 116, ("drug A", "total"): 254, ("placebo", "events"): 100, ("placebo", "total"): 238}


def test_a_total_spelled_out_after_of_keeps_its_word():
    got, spans = spelled_events("Six of the eight children in the A group and one of 15 in the B group")
    assert "eight children" in got and not spans


def test_a_count_of_the_people_of_a_group_is_events_of_a_total():
    o = _only_outcome("Methods\nPatients were randomised to drug A or placebo.\n\nResults\nAt week 8, the symptoms "
                      "had ceased in 5 of the 7 subjects in the drug A group, whereas they had ceased in 0 of the 2 "
                      "subjects in the placebo group.\n")
    assert _counts(o) == {
        ("drug A", "events"): 5, ("drug A", "total"): 7, ("placebo", "events"): 0, ("placebo", "total"): 2}


def test_truncation_is_not_assumed_where_a_chance_fit_is_likely():
    # 52.3% of 548 fits no count by rounding; at one decimal some count of 548 fits a truncated
    # 52.3% half the time by chance: nothing is rebuilt at the arm size
    d = derive_counts(52.3, "52.3", 548)
    assert d is None or "truncated" not in d.derivation


def test_a_count_and_its_percentage_fix_the_total_the_arm_size_does_not():
    o = _only_outcome("Methods\nDrug A was prescribed to group 1 (n=41), and placebo to group 2 (n=44).\n\n"
                      "Results\nThe patients who required analgesics were 8 (19.5%) in group 1 and 13 (30.2%) in "
                      "group 2 (p=0.31).\n")
    totals = [r for r in o.results if r.statistic == "total"]
    # group 1's size gives 19.5%; group 2's does not (13/44 = 29.5%), only 43 does
    assert [(r.arm, r.value, r.derived) for r in totals] == [("group 2", 43, True)]
    assert "13/43" in totals[0].derivation and "n=44" in totals[0].derivation
