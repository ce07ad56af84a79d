"""Group sizes read from prose: counts spelled out, CONSORT sentences and crossover completers."""
from __future__ import annotations

import pytest

from extractor.context import Context
from extractor.source import Source
from extractor.trials import extract_studies
from extractor.trials.sizes import crossover_sizes, is_crossover, spelled_counts


def _study(text):
    from extractor.readers.texttables import text_tables

    src = Source.from_text(text)
    src.tables = text_tables(src)
    s, = extract_studies(Context(source=src))
    return s, src.text


def _sizes(study):
    return {a.label: (a.n_randomized, a.n_analyzed) for a in study.arms}


def _quotes(study, text):
    """Each arm size's quote, as the store keeps it."""
    return {(a.label, f): a.prov for a in study.arms for f in ("n_randomized", "n_analyzed")}


def test_counts_of_people_spelled_out_keep_their_width():
    text = ("Thirty-six patients in the A group and thirty-five eligible patients in the B group; twelve weeks; "
            "one patient died; six in the A arm had a rash.")
    got, spans = spelled_counts(text)
    assert len(got) == len(text)
    assert got.startswith("36         patients") and "35          eligible patients" in got
    # durations, counts under five and counts that name no people (events, perhaps) stay words
    assert "twelve weeks" in got and "one patient" in got and "six in the A arm" in got
    assert [text[s:e] for s, e in spans.items()] == ["Thirty-six", "thirty-five"]


def test_arm_sizes_spelled_out_are_read():
    s, text = _study("Adults with chronic pain were randomised to drug X or placebo for 12 weeks. Twenty subjects "
                     "were randomized to drug X and nineteen subjects to placebo. Pain scores were 3.1 ± 1.2 with drug X "
                     "and 4.0 ± 1.4 with placebo.")
    assert _sizes(s) == {"drug X": (20, None), "placebo": (19, None)}


def test_completers_of_a_crossover_trial_are_each_treatment_s_size():
    s, text = _study("In this double-blind, placebo-controlled crossover trial, adults with chronic pain were "
                     "randomised to drug X or placebo for 4 weeks each. Thirty patients were randomised and 25 patients "
                     "completed both periods. Pain scores were 3.1 ± 1.2 with drug X and 4.0 ± 1.4 with placebo.")
    assert {a.label: a.n_analyzed for a in s.arms} == {"drug X": 25, "placebo": 25}
    assert s.n_analyzed == 25  # everyone had both treatments: no sum over the arms


def test_completers_spelled_out_quote_the_word():
    text = ("A randomised crossover trial compared drug X with placebo. Twenty-five volunteers completed the "
            "study.")
    spelled, words = spelled_counts(text)

    class Arm:
        def __init__(self, label):
            self.label, self.n_randomized, self.n_analyzed = label, None, None

    arms = [Arm("drug X"), Arm("placebo")]
    got = crossover_sizes(arms, spelled, [(0, len(text))], words)
    assert [(a.label, n, text[s:e]) for a, _, n, s, e in got] == [("drug X", 25, "Twenty-five"), ("placebo", 25, "Twenty-five")]


def test_completers_of_a_parallel_trial_or_of_a_sequence_group_are_no_treatment_s_size():
    assert not is_crossover("Patients were randomised to drug X or placebo; crossover to drug X was allowed "
                            "after progression.")
    assert is_crossover("In this randomised, double-blind, two-period crossover study ...")
    s, _ = _study("Adults with chronic pain were randomised to drug X or placebo for 12 weeks. Fifty patients "
                  "completed the study. Pain scores were 3.1 ± 1.2 with drug X and 4.0 ± 1.4 with placebo.")
    assert all(a.n_analyzed is None for a in s.arms)
    # two different numbers of completers: no size
    s, _ = _study("In this crossover trial, adults were randomised to drug X or placebo for 4 weeks each. 25 "
                  "patients completed both periods; 22 patients completed all study visits. Pain "
                  "scores were 3.1 ± 1.2 with drug X and 4.0 ± 1.4 with placebo.")
    assert all(a.n_analyzed is None for a in s.arms)


def test_sizes_with_their_share_and_sizes_after_a_bare_label():
    s, _ = _study("Households were randomised to a water filter or usual practice. Of the 120 households enrolled, "
                  "59 (49%) were allocated to the control group and 61 (51%) households were allocated to the "
                  "water filter group. Diarrhoea prevalence was 4.1% with the water filter and 7.0% with usual practice.")
    assert _sizes(s) == {"water filter": (61, None), "usual practice": (59, None)}
    s, _ = _study("Women with incontinence were randomized to drug X or placebo. A total of 250 participants were "
                  "randomized to the treatments (drug X n = 124, placebo n = 126). Leakage episodes fell by 3.1 ± 1.2 "
                  "with drug X and 2.0 ± 1.4 with placebo.")
    assert _sizes(s) == {"drug X": (124, None), "placebo": (126, None)}


def test_counts_of_an_arm_s_events_are_no_size():
    s, _ = _study("Sixty-one patients were randomised to cisplatin and 61 to no further treatment (nihil group). "
                  "Seven patients presented a second neoplasm during follow-up: six in the nihil arm. Six of these "
                  "patients were in the nihil arm. Survival was 29 months in the cisplatin arm and 27 months in "
                  "the nihil arm.")
    assert all(a.n_analyzed in (None, 61) for a in s.arms)


def test_an_analysed_size_under_half_the_randomised_one_is_a_subgroup_s():
    s, _ = _study("Women with incontinence were randomized to drug X or placebo. A total of 250 participants were "
                  "randomized to the treatments (drug X n = 124, placebo n = 126). Between the 4-month and 1-year "
                  "follow-ups, five participants underwent surgery (drug X group n = 2; placebo group n = 3). "
                  "Leakage episodes fell by 3.1 ± 1.2 with drug X and 2.0 ± 1.4 with placebo.")
    assert _sizes(s) == {"drug X": (124, None), "placebo": (126, None)}


@pytest.mark.parametrize("header", ["n", "No.", "Patients", "No. of patients", "Patients, n", "Number of subjects"])
def test_a_size_column_under_each_arm_gives_the_outcome_s_group_sizes(header):
    from test_tablereader import _Doc, _arms, _read, _values

    doc = _Doc([["", ("Drug X", 2), ("Placebo", 2), "P"], ["Outcome", header, "Mean (SD)", header, "Mean (SD)", ""],
                ["Pain score", "29", "3.1 (1.2)", "27", "4.0 (1.4)", "0.01"]], header_rows=2)
    v = _values(_read(doc, _arms("Drug X", "placebo")))
    assert {k[3:]: x for k, x in v.items() if k[4] in ("total", "events", "mean")} == {
        ("Drug X", "total"): 29, ("placebo", "total"): 27, ("Drug X", "mean"): 3.1, ("placebo", "mean"): 4.0}


def test_a_flow_sentence_gives_the_randomised_and_the_analysed_size_of_each_arm():
    s, _ = _study("Adults were randomised to drug X or placebo. Of the 40 patients randomised to drug X, 36 completed "
                  "the study, as did 35 of the 40 assigned to placebo. Pain was 3.1 ± 1.2 with drug X and 4.0 ± 1.4 "
                  "with placebo.")
    assert _sizes(s) == {"drug X": (40, 36), "placebo": (40, 35)}
    assert (s.n_randomized, s.n_analyzed) == (80, 71)


def test_a_count_followed_by_its_verb_of_allocation_is_the_randomised_size():
    s, _ = _study("Adults were randomised to drug X or placebo. Overall, 40 patients were assigned to drug X and 38 "
                  "were assigned to placebo, and 71 completed the study. Pain was 3.1 ± 1.2 with drug X and 4.0 ± 1.4 "
                  "with placebo.")
    assert _sizes(s) == {"drug X": (40, None), "placebo": (38, None)}


def test_the_count_that_received_each_arm_sizes_arms_no_statement_sized():
    s, _ = _study("Adults with back pain were randomised to TF injection or PIL injection. In this cohort of 64 "
                  "patients, 32 patients received TF injection and 30 received epidural through PIL injection. Pain "
                  "fell by 3.1 ± 1.2 with TF injection and 2.0 ± 1.4 with PIL injection.")
    assert _sizes(s) == {"TF injection": (32, None), "PIL injection": (30, None)}
    # counts of patients given rescue or additional treatment are events, not sizes
    s, _ = _study("Adults were randomised to drug X or placebo. Five patients received rescue analgesia with drug X "
                  "and 9 received placebo. Pain was 3.1 ± 1.2 with drug X and 4.0 ± 1.4 with placebo.")
    assert _sizes(s) == {"drug X": (None, None), "placebo": (None, None)}


def test_patients_who_completed_some_cycles_are_no_analysed_size():
    s, _ = _study("Adults were randomised to cisplatin or no further treatment (nihil group). Of the 61 patients "
                  "assigned to the cisplatin arm, 47 (77.0%) completed 3 or more cycles. Survival was 29 months in "
                  "the cisplatin arm and 27 months in the nihil arm.")
    assert all(a.n_analyzed != 47 for a in s.arms)


def test_arms_as_rows_with_a_size_column_in_each_time_point_group():
    from test_tablereader import _Doc, _arms, _read, _values

    doc = _Doc([["Group", ("Baseline", 3), ("Week 12", 3)], ["", "n", "Mean", "SD", "n", "Mean", "SD"],
                ["Drug X", "30", "5.1", "1.0", "29", "3.1", "1.2"], ["Placebo", "31", "5.0", "1.1", "27", "4.0", "1.4"]],
               header_rows=2, caption="Pain score")
    v = _values(_read(doc, _arms("Drug X", "placebo")))
    totals = {(k[1], k[3]): x for k, x in v.items() if k[4] == "total"}
    assert totals == {("Baseline", "Drug X"): 30, ("Baseline", "placebo"): 31,
                      ("Week 12", "Drug X"): 29, ("Week 12", "placebo"): 27}


def test_size_columns_under_a_header_naming_the_statistic_of_their_neighbours():
    # "Mean ± SD change" spans "N | 1 month | N | 3 months": each N sizes the values on its right
    from test_tablereader import _Doc, _arms, _read, _values

    doc = _Doc([["Group", ("Mean ± SD change from baseline", 4)], ["", "N", "1 month", "N", "3 months"],
                ["Drug X", "91", "0.45 ± 0.43", "130", "0.49 ± 0.49"],
                ["Placebo", "28", "0.27 ± 0.46", "38", "0.26 ± 0.45"]],
               header_rows=2, caption="Visual acuity score")
    v = _values(_read(doc, _arms("Drug X", "placebo")))
    totals = {(k[1], k[3]): x for k, x in v.items() if k[4] == "total"}
    assert totals == {("1 month", "Drug X"): 91, ("1 month", "placebo"): 28,
                      ("3 months", "Drug X"): 130, ("3 months", "placebo"): 38}
    # the size columns are no outcome of their own (no "events" read from them)
    assert not any(k[4] == "events" for k in v)
    means = {(k[1], k[3]): x for k, x in v.items() if k[4] == "mean"}
    assert means == {("1 month", "Drug X"): 0.45, ("1 month", "placebo"): 0.27,
                     ("3 months", "Drug X"): 0.49, ("3 months", "placebo"): 0.26}


def test_a_size_before_the_group_it_sizes_and_one_size_for_each_group():
    s, _ = _study("Adults were randomised to drug X 2 g daily (n = 40; experimental group) or no supplementation "
                  "(n = 38; control group). Resistin fell to 2.9 ± 0.8 with drug X and was 4.3 ± 0.9 with no "
                  "supplementation.")
    assert _sizes(s) == {"drug X": (40, None), "no supplementation": (38, None)}
    s, _ = _study("Adults were randomised to drug X or placebo. Values are mean ± SD; N = 38 in each group. Pain was "
                  "3.1 ± 1.2 with drug X and 4.0 ± 1.4 with placebo.")
    assert _sizes(s) == {"drug X": (None, 38), "placebo": (None, 38)}


def test_a_row_counting_the_patients_treated_gives_each_arm_s_size():
    from test_tablereader import _Doc, _arms, _read

    doc = _Doc([["Characteristic", "Drug X", "Placebo"], ["Number of patients treated", "15", "14"],
                ["Age, years", "54 ± 8", "55 ± 7"]], caption="Baseline characteristics")
    assert [(z.arm.label, z.n) for z in _read(doc, _arms("Drug X", "placebo")).sizes] == [("Drug X", 15), ("placebo", 14)]


def test_the_count_that_received_what_a_bracketed_arm_label_names_sizes_that_arm():
    # the arm is named by the label in brackets after the treatment it received
    s, _ = _study("Twenty-two patients received drug X 0.5 mg every other week (group 1) and 21 received drug X "
                  "0.5 mg weekly (group 2). At the end of follow-up, 19 of 22 (86.3%) subjects in group 1 and 19 of "
                  "21 (90.4%) in group 2 stayed in remission.")
    assert _sizes(s) == {"group 1": (22, None), "group 2": (21, None)}


def test_two_counts_left_for_analysis_size_the_arms_in_the_order_they_were_defined():
    # "leaving 29 and 30 patients for analysis" (no "respectively"): the arms in their order
    s, _ = _study("Sixty-two adults with back pain were randomised to drug X or placebo. Three patients withdrew, "
                  "leaving 29 and 30 patients for analysis. Pain was 3.1 ± 1.2 with drug X and 4.0 ± 1.4 with placebo.")
    assert _sizes(s) == {"drug X": (None, 29), "placebo": (None, 30)}


def test_one_count_in_each_group_that_was_included_or_received_its_treatment():
    s, _ = _study("Children were randomised to drug X or placebo. During the study period 30 children were included "
                  "in each group; all completed the study. Pain was 3.1 ± 1.2 with drug X and 4.0 ± 1.4 with placebo.")
    assert _sizes(s) == {"drug X": (None, 30), "placebo": (None, 30)}
    s, _ = _study("Adults were randomised to drug X or placebo. 20 participants in each group received the designated "
                  "intervention. Pain was 3.1 ± 1.2 with drug X and 4.0 ± 1.4 with placebo.")
    assert _sizes(s) == {"drug X": (None, 20), "placebo": (None, 20)}
    # a count of the patients of each group with an event is no group size
    s, _ = _study("Adults were randomised to drug X or placebo. 3 patients in each group had nausea. Pain was "
                  "3.1 ± 1.2 with drug X and 4.0 ± 1.4 with placebo.")
    assert _sizes(s) == {"drug X": (None, None), "placebo": (None, None)}


def test_a_sentence_s_size_under_half_the_table_header_s_is_a_subgroup_s():
    s, text = _study("Adults were randomised to drug X or placebo.\n"
                     "Table 1 Outcomes\n"
                     "Parameter\tDrug X N = 30\tPlacebo N = 32\tP value\n"
                     "Hospital stay, days\t1.17 ± 0.47\t2.12 ± 0.35\t0.001\n"
                     "Pain score\t3.1 ± 1.2\t4.0 ± 1.4\t0.02\n"
                     "Mild hematuria was present in a total of 17 patients (drug X group, n = 7; and placebo group, "
                     "n = 10), and resolved before study completion.")
    assert _sizes(s) == {"drug X": (None, 30), "placebo": (None, 32)}


def test_numbers_printed_again_with_their_group_sizes_give_them_their_sizes():
    s, text = _study("Adults were randomised to drug X or placebo. The mean change (SD) in synovitis from baseline to "
                     "Month 4 was -0.44 (1.47) with drug X and 0.52 (1.38) with placebo (p=0.10).\n"
                     "Results\nFrom baseline to Month 4, a reduction in wrist synovitis score was seen for the drug X "
                     "group (mean change (SD): -0.44 (1.47), n=25) compared with worsening for the placebo group "
                     "(mean change (SD): 0.52 (1.38), n=23).")
    for o in s.outcomes:
        if any(r.statistic == "mean" for r in o.results):
            totals = {r.arm: (r.value, r.derived, text[r.prov.char_start:r.prov.char_end]) for r in o.results
                      if r.statistic == "total"}
            assert {k: v[0] for k, v in totals.items()} == {"drug X": 25, "placebo": 23}, o.name
            assert all(q in ("25", "23") for _, _, q in totals.values())


def test_a_row_of_sizes_atop_an_outcome_table_gives_the_rows_below_it_their_sizes():
    from test_tablereader import _Doc, _arms, _read, _values

    doc = _Doc([["", "Drug X", "Placebo", "P"], ["Subjects, n", "65", "64", ""],
                ["Pain score, mean ± SD", "3.1 ± 1.2", "4.0 ± 1.4", "0.01"],
                ["Fatigue score, mean ± SD", "2.2 ± 0.9", "2.9 ± 1.1", "0.04"]],
               caption="Secondary outcomes at 12 weeks")
    v = _values(_read(doc, _arms("Drug X", "placebo")))
    assert {(k[0][:5],) + k[3:]: x for k, x in v.items() if k[4] == "total"} == {
        ("Pain ", "Drug X", "total"): 65, ("Pain ", "placebo", "total"): 64,
        ("Fatig", "Drug X", "total"): 65, ("Fatig", "placebo", "total"): 64}
