"""Binary results, arms and group sizes as trial reports nobody wrote rules for give them: a
count bound to the arm of its own clause before "compared with", a share and its count printed
apart ("33% of patients (25/75)"), a subgroup defined by its state at baseline, a legend's
"numbers with percentages", the table's groups when the listing sentence names no group, a time
point or a list of characteristics that is no arm, a total column that is no group, and a size
above the randomised one that counts another population."""
import pytest

from extractor.context import Context
from extractor.source import Source
from extractor.trials import extract_studies
from extractor.trials.armset import is_name
from extractor.trials.cells import find_specs


def _study(text):
    from extractor.readers.texttables import text_tables

    src = Source.from_text(text)
    src.tables = text_tables(src)
    s, = extract_studies(Context(source=src))
    return s


def _counts(o):
    return {(r.arm, r.statistic): r.value for r in o.results if r.statistic in ("events", "total") and not r.derived}


LEAD = ("Etanercept in psoriatic arthritis: a randomised placebo-controlled trial\n\n"
        "Methods: Patients were randomised to etanercept (N=88) or placebo (N=90).\n\n")


def test_a_count_before_compared_with_is_the_arm_of_its_own_clause():
    s = _study(LEAD + "A significantly greater percentage of patients treated with etanercept achieved the primary "
                      "endpoint of ACR50 response at week 16 (41/88, 47%) compared with patients treated with placebo "
                      "(17/90, 19%; p<0.001).")
    o, = [o for o in s.outcomes if _counts(o)]
    assert "ACR50" in o.name and "percentage" not in o.name
    assert _counts(o) == {("etanercept", "events"): 41, ("etanercept", "total"): 88,
                          ("placebo", "events"): 17, ("placebo", "total"): 90}


def test_a_share_and_its_count_printed_apart_are_one_value_in_a_baseline_defined_subgroup():
    s = _study(LEAD + "Based on the function criterion, 38% of patients (29/76) had HAQ <0.5 at week 16 in the "
                      "etanercept group compared with 12% (10/81) in the placebo group (p=0.001) among patients "
                      "with HAQ ≥0.5 at baseline.")
    o, = [o for o in s.outcomes if _counts(o)]
    assert _counts(o) == {("etanercept", "events"): 29, ("etanercept", "total"): 76,
                          ("placebo", "events"): 10, ("placebo", "total"): 81}
    assert {(r.arm, r.value) for r in o.results if r.statistic == "percent"} == {("etanercept", 38), ("placebo", 12)}


def test_a_legend_s_numbers_with_percentages_are_counts_with_their_share():
    legend = ("Categorical data are presented as numbers with percentages in round parentheses. Continuous data "
              "are presented as the median and IQR in squared parentheses.")
    assert [sp.slots for sp in find_specs(legend)][0] == ("events", "percent")
    # a centre and its spread joined by "with" are left to the legend's pairing, as before
    assert [sp.slots for sp in find_specs("Data are means with standard deviations and n (%).")] == [
        ("mean",), ("sd",), ("events", "percent")]


def test_a_table_under_such_a_legend_gives_counts_not_medians():
    from test_tablereader import _Doc, _arms, _read, _values

    doc = _Doc([["Outcome", "Lipid A (n = 60)", "Lipid B (n = 62)", "P"],
                ["Cholestasis", "7 (12)", "15 (24)", ".09"],
                ["Day of onset", "21 [12-35]", "19 [10-40]", ".80"]],
               footnotes="Categorical data are presented as numbers with percentages in round parentheses. "
                         "Continuous data are presented as the median and IQR in squared parentheses.")
    v = _values(_read(doc, _arms("Lipid A", "Lipid B")))
    assert v[("Cholestasis", None, None, "Lipid A", "events")] == 7
    assert v[("Cholestasis", None, None, "Lipid B", "percent")] == 24
    assert not any(k[4] == "median" and k[0] == "Cholestasis" for k in v)
    assert v[("Day of onset", None, None, "Lipid A", "median")] == 21


def test_the_table_s_groups_when_the_listing_sentence_names_none():
    s = _study("Home repairs for children with asthma: a randomised trial\n\n"
               "Families randomized to the repair group had a home repair performed. Families randomized to the "
               "control group were given information, but were given no tangible resources, materials, or advice "
               "to do so. The repair group and the control group were seen every 3 months.\n\n"
               "Table 3 Emergency visits\n"
               "| Outcome | Control (n = 31) | Repair (n = 27) | P |\n"
               "|---|---|---|---|\n"
               "| ≥ 1 emergency visit, n (%) | 11 (35.5) | 4 (14.8) | 0.07 |\n")
    assert sorted(a.label for a in s.arms) == ["Control", "Repair"]
    assert {a.label: a.n_analyzed for a in s.arms} == {"Control": 31, "Repair": 27}


@pytest.mark.parametrize("label", ["week 24", "week 52", "at week 14", "day 3", "months 6 and 12"])
def test_a_time_point_is_no_arm(label):
    assert not is_name(label)


@pytest.mark.parametrize("label", ["golimumab 50 mg", "placebo", "group 2", "standard care"])
def test_names_stay_names(label):
    assert is_name(label)


def test_a_list_of_characteristics_after_the_groups_is_no_arm():
    s = _study("Matrix therapy for tendon injury in horses: a randomized trial\n\n"
               "Horses were randomly assigned into matrix (n = 14) or saline (n = 8) treatment groups and no "
               "significant differences in age, genders, duration of injury, affected forelimb, centers of "
               "investigation and lameness grades were observed between treatment groups. The saline group "
               "and the matrix group were examined at each visit.")
    assert sorted(a.label.split()[0] for a in s.arms) == ["matrix", "saline"]


def test_a_column_of_all_participants_is_no_group():
    from extractor.trials.armset import _table_groups
    from test_tablereader import _Doc

    doc = _Doc([["Variable", "Overall (n = 22)", "Control group (n = 8)", "Treatment group (n = 14)", "p-value"],
                ["Age, years", "5.4 ± 1.4", "5.1 ± 1.2", "5.6 ± 1.5", "0.4"]])
    assert [(n, k) for n, _, k in _table_groups([doc.table])] == [("Control group", 8), ("Treatment group", 14)]


def test_a_size_above_the_randomised_one_counts_another_population():
    s = _study(LEAD + "Seven patients were excluded from the efficacy analyses but kept in the safety analyses. "
                      "Adverse events occurred in 40 of the etanercept (N=92) and in 38 of the placebo (N=93) "
                      "patients.")
    assert {a.label: (a.n_randomized, a.n_analyzed) for a in s.arms} == {"etanercept": (88, None),
                                                                         "placebo": (90, None)}


def test_the_absence_of_a_treatment_in_a_size_s_bracket_sizes_the_control():
    s = _study("Nicorandil before PCI: a randomized trial\n\n"
               "A total of 200 patients were randomized to the nicorandil (10 mg, given 2 days before PCI, n=98) "
               "and control (no nicorandil, n=102) groups. Troponin was 0.21 ± 0.05 in the nicorandil group and "
               "0.34 ± 0.07 in the control group.")
    assert {a.label: a.n_randomized for a in s.arms}.get("control") == 102
    assert all(a.n_randomized != 102 for a in s.arms if a.label != "control")


def test_the_strata_of_the_randomisation_are_no_arms():
    s = _study("Coffee after colectomy: a randomized study\n\n"
               "Sixty patients were randomized in relation to the type of resection surgery, etiology of disease "
               "and in relation to whether they were smokers or not. The first group of thirty patients was given "
               "coffee, while the second group got tea. The coffee group had its first stool after 61 ± 7 hours "
               "and the tea group after 75 ± 6 hours. Nausea was less frequent in the coffee group than in the "
               "tea group.")
    assert sorted(a.label for a in s.arms) == ["coffee", "tea"]


@pytest.mark.parametrize("listing,base,addon", [
    ("routine care or routine care plus text message support", "routine care", "routine care plus text message support"),
    ("usual care alone or exercise added to usual care", "usual care alone", None),
])
def test_the_arm_with_something_added_is_the_intervention(listing, base, addon):
    s = _study("Text messages for diabetes: a randomised trial\n\n"
               f"Subjects were randomised to receive either {listing}. Of these, 201 were allocated to the "
               "intervention and 190 were allocated to the control group.")
    roles = {a.label: a.role for a in s.arms}
    if addon:
        assert roles == {base: "control", addon: "intervention"}
    else:
        assert len(roles) == 2


def test_a_randomisation_scheme_after_the_arms_is_no_arm():
    s = _study("Valerian for insomnia: a randomised trial\n\n"
               "Participants were allocated to valerian or placebo according to a pre-determined randomisation "
               "scheme, using a computerised procedure. Sleep improved in 15 of 120 with valerian and in 6 of 118 "
               "with placebo.")
    assert sorted(a.label for a in s.arms) == ["placebo", "valerian"]


def test_a_value_set_against_the_other_by_than_is_the_other_arm_s():
    s = _study("Zinc for diarrhoea: a randomized trial\n\nChildren were randomized to zinc or placebo.\n\n"
               "Recovery by day 5 was more frequent with zinc (62%, 31 of 50) than in children given the dummy "
               "syrup (40%, 20 of 50; p = 0.03).")
    o, = [o for o in s.outcomes if _counts(o)]
    assert _counts(o) == {("zinc", "events"): 31, ("zinc", "total"): 50,
                          ("placebo", "events"): 20, ("placebo", "total"): 50}


def test_a_footnote_n_sizes_each_arm_where_the_shares_agree():
    from test_tablereader import _Doc, _arms, _read

    rows = [["Variables", "Single dose", "Double dose", "P"],
            ["Overall success", "26 (69)", "30 (79)", "0.29"],
            ["Need for surgery", "7 (19)", "2 (6)", "0.23"]]
    doc = _Doc(rows, footnotes="^aData are presented as No. (%).\n^bN = 38.")
    r = _read(doc, _arms("Double dose", "Single dose"))
    assert sorted((s.arm.label, s.n) for s in r.sizes) == [("Double dose", 38), ("Single dose", 38)]
    assert all(doc.text[s.start:s.end] == "38" for s in r.sizes)
    # a total of both arms: the shares do not agree with it
    doc = _Doc(rows, footnotes="^aData are presented as No. (%).\n^bN = 76.")
    assert _read(doc, _arms("Double dose", "Single dose")).sizes == []


def test_a_randomisation_sentence_of_counted_clauses_gives_the_arms_and_their_sizes():
    s = _study("Propolis for cold sores: a randomized two-arm study\n\n"
               "Patients in the papular stage were randomized: 189 patients were treated with propolis cream, "
               "190 patients were treated with aciclovir cream (intention-to-treat population). Healing by day 5 "
               "was seen in 151 of 189 with propolis cream and in 120 of 190 with aciclovir cream.")
    assert {a.label: a.n_randomized for a in s.arms} == {"propolis cream": 189, "aciclovir cream": 190}
