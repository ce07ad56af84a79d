"""Per-arm numbers in sentences whose structure binds the values to the arms: counts coordinated
before the noun they share ("142 and 115 deaths in the A and B groups, respectively"), one mean
stated for both arms ("2.24 ± 0.06 mm in both groups"), and labelled lists of changes
("(A group: from 0.91 ± 0.39 to 0.81 ± 0.38 cm, P = 0.001; B group: from ...)")."""
from extractor.context import Context
from extractor.source import Source
from extractor.trials import extract_studies

LEAD = "Adults with chronic cough were randomly assigned to inhaled budesonide (n = 44) or placebo (n = 43). "


def _outcomes(text, lead=LEAD):
    s, = extract_studies(Context(source=Source.from_text(lead + text)))
    return [(o.name, sorted((r.arm, r.statistic, r.value) for r in o.results)) for o in s.outcomes if o.results]


def test_coordinated_counts_share_the_noun_after_the_last():
    got = _outcomes("There were 14 and 25 exacerbations in the budesonide and placebo groups, respectively "
                    "(hazard ratio 0.56, 95% CI 0.29-1.07).")
    assert got == [("exacerbations", [("budesonide", "events", 14), ("placebo", "events", 25)])]


def test_coordinated_counts_of_a_longer_event_phrase():
    got = _outcomes("We observed 31 and 45 sudden deaths in the budesonide and placebo groups, respectively.")
    assert [r for _, rs in got for r in rs] == [("budesonide", "events", 31), ("placebo", "events", 45)]


def test_coordinated_numbers_of_people_are_no_events():
    # "14 and 25 patients ... were analysed": group sizes, not counts of an outcome
    got = _outcomes("The 40 and 41 patients in the budesonide and placebo groups, respectively, were analysed.")
    assert not [r for _, rs in got for r in rs if r[1] == "events"]


def test_one_mean_stated_for_both_arms():
    got = _outcomes("The mean incision size was 2.24 ± 0.06 mm in both groups (P = 0.75).")
    assert got == [("incision size", [("budesonide", "mean", 2.24), ("budesonide", "sd", 0.06),
                                      ("placebo", "mean", 2.24), ("placebo", "sd", 0.06)])]


def test_a_share_or_a_count_in_both_groups_is_not_copied_to_each_arm():
    assert _outcomes("Cough relapse was 14% in both groups.") == []
    assert _outcomes("Three patients in both groups had a rash.") == []


def test_both_arms_combined_is_no_value_of_each():
    assert _outcomes("The cough score fell by 12.1 ± 3.0 in both groups combined.") == []


def test_a_labelled_list_of_changes_keeps_the_value_after_to():
    got = _outcomes("Muscle thickness increased (budesonide group: from 0.91 ± 0.39 to 0.81 ± 0.38 cm, P = 0.001; "
                    "placebo group: from 1.40 ± 0.64 to 1.11 ± 0.56 cm, P = 0.004).")
    assert got == [("Muscle thickness", [("budesonide", "mean", 0.81), ("budesonide", "sd", 0.38),
                                         ("placebo", "mean", 1.11), ("placebo", "sd", 0.56)])]


def test_a_labelled_list_names_no_bracket():
    got = _outcomes("Vastus thickness (budesonide: 0.81 ± 0.38 cm, placebo: 1.11 ± 0.56 cm, P = 0.004).")
    assert [n for n, _ in got] == ["Vastus thickness"]


NUMBERED = ("Eyes were randomly assigned to torsional phacoemulsification (group I, n = 79) or longitudinal "
            "phacoemulsification (group II, n = 60). ")


def test_groups_named_by_numerals_after_one_plural_head():
    got = _outcomes("The corneal thickness in groups I and II was 562.6 ± 33.7 and 560.9 ± 29.9, respectively.",
                    NUMBERED)
    assert got == [("corneal thickness", [("longitudinal phacoemulsification", "mean", 560.9),
                                          ("longitudinal phacoemulsification", "sd", 29.9),
                                          ("torsional phacoemulsification", "mean", 562.6),
                                          ("torsional phacoemulsification", "sd", 33.7)])]


def test_micrometres_are_a_unit_between_coordinated_values():
    got = _outcomes("The postoperative CCT was 562.6 ± 33.7 μm (increased by 28.1 ± 23.6 μm) and 560.9 ± 29.9 μm "
                    "(increased by 24.0 ± 24 μm) in groups I and II, respectively (P = 0.68).", NUMBERED)
    assert [r for _, rs in got for r in rs if r[1] == "mean"] == [
        ("longitudinal phacoemulsification", "mean", 560.9), ("torsional phacoemulsification", "mean", 562.6)]


def test_the_n_written_after_each_arms_mean_is_its_group_size():
    got = _outcomes("Synovitis scores fell in the budesonide group (mean change (SD): −0.44 (1.47), n=25) versus the "
                    "placebo group (−0.12 (1.07), n=23).")
    assert got == [("Synovitis scores", [("budesonide", "mean", -0.44), ("budesonide", "sd", 1.47), ("budesonide", "total", 25),
                                         ("placebo", "mean", -0.12), ("placebo", "sd", 1.07), ("placebo", "total", 23)])]
    got = _outcomes("The cough score fell by 2.1 ± 1.0 (n = 40) with budesonide and by 0.9 ± 1.1 (n = 38) with placebo.")
    assert got == [("cough score", [("budesonide", "mean", 2.1), ("budesonide", "sd", 1.0), ("budesonide", "total", 40),
                                    ("placebo", "mean", 0.9), ("placebo", "sd", 1.1), ("placebo", "total", 38)])]


def test_an_arm_size_after_the_arm_name_is_not_taken_for_the_value_before():
    got = _outcomes("Cough scores were 2.1 ± 1.0 in the budesonide group (n = 40) and 3.9 ± 1.1 in the placebo group (n = 38).")
    assert not [r for _, rs in got for r in rs if r[1] == "total"]


def _arms(text):
    s, = extract_studies(Context(source=Source.from_text(text)))
    return [(a.label, a.n_randomized, a.n_analyzed) for a in s.arms]


def test_a_size_after_the_dose_and_schedule_of_an_arm():
    got = _arms("A total of 3152 patients with heart failure were randomized to either losartan 50 mg once daily "
                "(n = 1578) or captopril 50 mg three times daily (n = 1574). There were 142 and 115 deaths in the "
                "losartan and captopril groups, respectively.")
    assert got == [("losartan", 1578, None), ("captopril", 1574, None)]


def test_eyes_counted_before_each_group_are_its_analysed_size():
    got = _arms("Eyes were randomly assigned to torsional phacoemulsification (group I) or longitudinal "
                "phacoemulsification (group II). The data used for the statistical analysis included 139 eyes of "
                "82 patients: 79 eyes in group I and 60 eyes in group II. The incision was 2.24 ± 0.06 mm in both groups.")
    assert got == [("torsional phacoemulsification", None, 79), ("longitudinal phacoemulsification", None, 60)]


def test_a_listed_numeral_that_alone_names_an_arm_gives_way_to_the_list():
    lead = "Eyes were randomly assigned to the Group I (torsional, n = 79) or the Group II (longitudinal, n = 60). "
    got = _outcomes("With surgery, the mean increase in pachymetry was 28.1 ± 23.6 μm and 24.0 ± 24.0 μm in groups I and II, "
                    "respectively (P = 0.1).", lead)
    assert got == [("increase in pachymetry", [("Group I", "mean", 28.1), ("Group I", "sd", 23.6),
                                               ("Group II", "mean", 24.0), ("Group II", "sd", 24.0)])]


def test_a_word_of_another_arms_name_inside_one_arms_phrase_gives_way():
    lead = ("The patients were randomly divided into two groups: 30 patients received garments made of anion textile "
            "(group A), while the other 22 patients received garments made of pure cotton (group B). ")
    got = _outcomes("In patients from group A who wore the anion textile garment, the mean eczema index decreased from "
                    "47.2±14.0 to 36.1±16.5 (p<0.0001). In contrast, the mean eczema index of the subjects in group B, "
                    "who wore the pure cotton textile garment, decreased only slightly from 41.8±16.3 to 37.7±17.2 "
                    "(p=0.0839).", lead)
    assert got == [("eczema index", [("garments made of anion textile", "mean", 36.1), ("garments made of anion textile", "sd", 16.5),
                                     ("garments made of pure cotton", "mean", 37.7), ("garments made of pure cotton", "sd", 17.2)])]
