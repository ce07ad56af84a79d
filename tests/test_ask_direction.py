"""The sentence rules of ``evidence ask`` (extractor.compare.direction), on sentences written for
these tests: significance with negations and hedges, comparatives, the arm that is the subject."""
import pytest

from extractor.compare.direction import (DECREASED, INCREASED, NO_DIFF, Terms, arm_labels, baseline_only,
                                         change_label,
                                         column_change, effect_change, mask, mentions, p_values, read_sentence,
                                         row_order)
from corpus.ask import Question
from extractor.compare.text import content, expand, norm, token_f1

T = Terms.build("serum ferritin", "iron sucrose infusion", "oral ferrous sulfate")


@pytest.mark.parametrize("sentence, label", [
    # negations and hedges: no significant difference
    ("Serum ferritin did not differ between the iron sucrose and ferrous sulfate groups.", NO_DIFF),
    ("At week 12, serum ferritin was similar in both arms (P = 0.38).", NO_DIFF),
    ("Iron sucrose was non-inferior to oral ferrous sulfate for serum ferritin.", NO_DIFF),
    ("There was a trend towards higher serum ferritin with iron sucrose (p = 0.07).", NO_DIFF),
    ("Serum ferritin was not significantly different between groups.", NO_DIFF),
    ("No statistically significant difference in serum ferritin was found (p=0.21).", NO_DIFF),
    ("The infusion failed to raise serum ferritin relative to oral sulfate.", NO_DIFF),
    # comparatives, intervention as subject
    ("Serum ferritin was significantly higher in the iron sucrose group than in the ferrous "
     "sulfate group (P < 0.001).", INCREASED),
    ("Iron sucrose infusion significantly increased serum ferritin compared with ferrous "
     "sulfate (p = 0.002).", INCREASED),
    ("Serum ferritin fell significantly more with iron sucrose than with oral iron (p=0.01).", DECREASED),
    # the comparator as subject flips the reading
    ("Patients given ferrous sulfate had significantly higher serum ferritin than those given "
     "iron sucrose (P = 0.004).", DECREASED),
    ("Compared with iron sucrose, oral ferrous sulfate produced significantly lower serum "
     "ferritin (p < 0.05).", INCREASED),
    # a fronted reference arm
    ("Compared with ferrous sulfate, iron sucrose led to a significantly lower serum ferritin "
     "(P=0.03).", DECREASED),
])
def test_sentence_labels(sentence, label):
    assert read_sentence(sentence, T, "serum ferritin").label == label


def test_significance_without_direction_is_no_answer():
    r = read_sentence("Serum ferritin changed significantly (p < 0.01).", T)
    assert r.label is None and r.significant is True


def test_numbers_in_arm_order_give_the_direction():
    r = read_sentence("Serum ferritin: iron sucrose 212 vs ferrous sulfate 148 ng/mL (P = 0.001).", T)
    assert r.label == INCREASED
    r = read_sentence("Serum ferritin: ferrous sulfate 212 vs iron sucrose 148 ng/mL (P = 0.001).", T)
    assert r.label == DECREASED


def test_placebo_and_control_words_name_the_comparator():
    t = Terms.build("relapse", "lithium", "placebo")
    assert read_sentence("Relapse was significantly less frequent with lithium than with placebo "
                         "(p = 0.01).", t).label == DECREASED
    assert read_sentence("The control group relapsed significantly more often than the lithium "
                         "group (p = 0.01).", Terms.build("relapse", "lithium", "placebo control")).label == DECREASED


def test_mentions_and_mask():
    s = "Serum ferritin rose with iron sucrose but not with ferrous sulfate."
    found = mentions(s, T)
    assert [m.role for m in found] == ["O", "I", "C"]
    assert mask(s, found) == " OUTC  rose with  INTV  but not with  CTRL ."


def test_nothing_in_either_group_is_no_difference():
    """An event that happened in neither arm ("no ... in either group") is no difference; a
    comparison elsewhere in the sentence still reads as one."""
    t = Terms.build("displacement of the device", "nitrous oxide", "oxygen and air")
    for s in ("There was no evidence of displacement of the device in either group.",
              "No displacement of the device occurred in any of the groups.",
              "No patient in either group developed displacement of the device."):
        assert read_sentence(s, t, "displacement of the device").label == NO_DIFF, s
    s = ("Displacement of the device was significantly less frequent with nitrous oxide than with "
         "oxygen and air (2% vs 9%, p = 0.01); no other complication occurred in either group.")
    assert read_sentence(s, t, "displacement of the device").label == DECREASED


def test_p_values():
    assert [(p, r) for _, p, r in p_values("p = 0.03; P<0.001; p ≥ 0.05; P = 2 × 10−4")] == \
        [(0.03, "="), (0.001, "<"), (0.05, ">"), (0.0002, "=")]


def test_effect_change():
    assert effect_change("HR", 0.7, 0.55, 0.9, None, None) == (-1, True)
    assert effect_change("MD", 2.5, -0.4, 5.4, None, None) == (0, False)
    assert effect_change("difference", 3.1, None, None, 0.01, "=") == (1, True)
    assert effect_change(None, None, None, None, 0.2, "=") == (0, False)
    assert effect_change(None, None, None, None, None, None) == (None, None)
    assert change_label(-1, None) is None


def test_text_helpers():
    assert norm("Oesophageal") == norm("esophageal")
    assert norm("randomisation") == norm("randomization")
    assert norm("haemorrhages") == "hemorrhage"
    # British -our endings only after a stem of two letters or more: "hours" and "four" are
    # words of their own, not "hors" and "for" (a stop word)
    assert norm("Hours") == norm("hour") == "hour"
    assert norm("four") == "four" and norm("your") == "your"
    assert norm("colour") == norm("color") and norm("odours") == norm("odor")
    assert expand("FEV1 at week 8", {"FEV1": "forced expiratory volume in 1 s"}).endswith(
        "(forced expiratory volume in 1 s)")
    assert expand("forced expiratory volume in 1 s", {"FEV1": "forced expiratory volume in 1 s"}).endswith("(FEV1)")
    assert token_f1("a b c", "a b d") == pytest.approx(2 / 3)


def test_abbreviations_with_hyphens_and_digits_expand():
    ab = {"IL-6": "interleukin-6", "sICAM-1": "soluble intercellular adhesion molecule-1"}
    assert expand("IL-6 (pg/mL)", ab).endswith("(interleukin-6)")
    assert expand("Change in sICAM-1, ng/mL", ab).endswith("(soluble intercellular adhesion molecule-1)")
    # a longer name that starts like the abbreviation is another analyte
    assert expand("IL-60 at day 3", ab) == "IL-60 at day 3"
    assert expand("IL-6.5 ratio", ab) == "IL-6.5 ratio"


def test_acronyms_spelled_out_by_the_question():
    from extractor.compare.text import spelled_out
    assert spelled_out("HADS anxiety", "Hospital Anxiety and Depression Scale anxiety") == \
        {"HADS": "Hospital Anxiety and Depression Scale"}
    assert spelled_out("ADL score", "activities of daily living") == {"ADL": "activities of daily living"}
    assert spelled_out("PONV", "post-operative nausea and vomiting") == {"PONV": "post-operative nausea and vomiting"}
    # letters that do not follow word starts in order are no spelling-out
    assert spelled_out("DBP", "blood pressure, diastolic") == {}
    assert spelled_out("ADL", "daily activities", {"ADL": "activities of daily living"}) == {}
    # acronyms keep their final S ("HADS" is not the plural of "HAD")
    assert norm("HADS") == "hads" and norm("scales") == "scale"


def test_character_references_in_questions_are_resolved_for_matching():
    from corpus.ask import _plain
    q = Question(doc="x", outcome="HbA1c&nbsp;&lt;&nbsp;7.0% at 6&amp;nbsp;months", intervention="A &amp; B",
                 comparator="placebo")
    p = _plain(q)
    assert (p.outcome, p.intervention) == ("HbA1c < 7.0% at 6 months", "A & B")
    assert _plain(p) is p


def test_words_of_one_stem_match_outcomes():
    from corpus.ask import _stem_match
    assert _stem_match({"response", "final"}, {"responder"}) == {"response"}
    assert _stem_match({"hypertension"}, {"hypertensive", "crisis"}) == {"hypertension"}
    # short words match only as written
    assert _stem_match({"pain"}, {"painful"}) == set()


def test_a_question_about_a_change_in_a_unit_prefers_that_stored_change():
    from corpus.ask import _match_outcomes

    class Idx:
        abbrev = {"SBP": "systolic blood pressure"}
        outcomes = [dict(id=i, name=n, timepoint=t, subgroup=None, results=[1], effects=[])
                    for i, (n, t) in enumerate([("SBP, mmHg", "Baseline"), ("SBP, mmHg", "Week 12"),
                                                ("SBP, mmHg, Change", None), ("SBP, mmHg, Change (%)", None)])]

        def weight(self, t):
            return 1.0

    def best(outcome):
        return _match_outcomes(Idx(), Question(doc="x", outcome=outcome, intervention="a", comparator="b"))[0][1]["name"]

    assert best("systolic blood pressure changes (%)") == "SBP, mmHg, Change (%)"
    assert best("change in systolic blood pressure (mmHg)") == "SBP, mmHg, Change"
    # values at entry are not what a comparison asks for, unless the question says so
    Idx.outcomes = [dict(id=i, name="SBP, mmHg", timepoint=t, subgroup=None, results=[1], effects=[])
                    for i, t in enumerate(["Week 12", "Baseline"])]
    ranked = _match_outcomes(Idx(), Question(doc="x", outcome="systolic blood pressure", intervention="a", comparator="b"))
    assert ranked[0][1]["timepoint"] == "Week 12" and ranked[0][0] > ranked[1][0]
    ranked = _match_outcomes(Idx(), Question(doc="x", outcome="baseline systolic blood pressure", intervention="a", comparator="b"))
    assert ranked[0][1]["timepoint"] == "Baseline"


@pytest.mark.parametrize("name, words", [
    ("Fasting glucose (mg/dL)", ["fasting", "glucose"]),
    ("Body weight (kg)", ["body", "weight"]),
    ("HbA1c, %", ["hba1c"]),
    ("Dialysis dose, mL/kg/h", ["dialysis", "dose"]),
    ("Length of stay, days (LOS)", ["length", "stay", "los"]),
    ("Waist, cm, Change (%)", ["waist"]),
    # a word in brackets that is not a unit stays
    ("Visual analog scale (pain)", ["visual", "analog", "scale", "pain"]),
    ("Interleukin (IL-8)", ["interleukin", "il", "8"]),
])
def test_units_are_not_outcome_words(name, words):
    assert content(name, outcome=True) == words


# -- the reading decomposed: clause, compound comparatives, arm order, estimates, table rows --

@pytest.mark.parametrize("sentence, label", [
    # the clause that names the outcome carries its significance
    ("Serum ferritin was significantly higher with iron sucrose (p = 0.002), whereas haemoglobin "
     "did not differ between the groups.", INCREASED),
    ("Haemoglobin rose significantly with iron sucrose (p = 0.01), but serum ferritin did not "
     "differ between the groups.", NO_DIFF),
    # compound comparatives: the modifier times the change noun
    ("Iron sucrose produced a significantly greater reduction in serum ferritin than ferrous "
     "sulfate (p = 0.03).", DECREASED),
    ("Iron sucrose was associated with significantly smaller increases in serum ferritin than "
     "ferrous sulfate (P < 0.001).", DECREASED),
    ("Serum ferritin showed a significantly less pronounced decline with iron sucrose than with "
     "ferrous sulfate (p = 0.04).", INCREASED),
    # one arm named, whatever stands between: it is the subject
    ("Serum ferritin was significantly higher once patients switched to iron sucrose (p < 0.01).",
     INCREASED),
    # no arm named: the intervention's effect
    ("Serum ferritin was significantly reduced at week 12 (p = 0.02).", DECREASED),
    # per-arm numbers before each arm's name
    ("Serum ferritin was 212 ng/mL in the iron sucrose group and 148 ng/mL in the ferrous sulfate "
     "group (P = 0.001).", INCREASED),
    ("Serum ferritin reached 96 ng/mL with ferrous sulfate and 131 ng/mL with iron sucrose "
     "(p = 0.003).", INCREASED),
    # an estimate printed in the sentence: its side of the null and its CI
    ("For serum ferritin the mean difference was 41 ng/mL (95% CI 12 to 70).", INCREASED),
    ("Serum ferritin below 30 ng/mL: OR 0.54 (95% CI 0.33 to 0.88).", DECREASED),
    ("For serum ferritin the mean difference was 6 ng/mL (95% CI -9 to 21).", NO_DIFF),
    # p without a relation sign; "no significant relationship"
    ("Serum ferritin was 188 vs 176 ng/mL (P 0.41).", NO_DIFF),
    ("There was no significant relationship between the iron formulation and serum ferritin.", NO_DIFF),
])
def test_decomposed_readings(sentence, label):
    assert read_sentence(sentence, T, "serum ferritin").label == label


def test_a_table_row_ends_with_its_p_value():
    from extractor.compare.direction import row_p_values
    assert read_sentence("Serum ferritin, ng/mL\t212 ± 40\t148 ± 35\t0.31", T).label == NO_DIFF
    row = "Serum ferritin, ng/mL\t212 ± 40\t148 ± 35\t<0.001*"
    assert row_p_values(row) == [(row.index("<0.001"), 0.001, "<")]
    # the same row with its cells joined by spaces
    assert row_p_values("Serum ferritin 212 ± 40 148 ± 35 0.02")[0][1:] == (0.02, "=")
    # a sentence is no row
    assert row_p_values("Ferritin rose in 12 of 40 and 9 of 41 patients over 2 years.") == []


def test_clauses_and_focus():
    from extractor.compare.direction import clauses, focus
    s = "Haemoglobin rose with iron sucrose; serum ferritin did not differ, whereas transferrin fell."
    assert [s[a:b] for a, b in clauses(s)] == ["Haemoglobin rose with iron sucrose",
                                               " serum ferritin did not differ",
                                               " transferrin fell."]
    a, b = focus(s, mentions(s, T))
    assert s[a:b] == " serum ferritin did not differ"


def test_bare_numbers_name_an_arm_only_when_nothing_else_does():
    t = Terms.build("LDL cholesterol", "atorvastatin 40 mg for 12 weeks", "placebo for 12 weeks")
    assert "40" not in t.I and "12" not in t.I and "atorvastatin" in t.I
    t = Terms.build("LDL cholesterol", "atorvastatin 40 mg", "atorvastatin 10 mg")
    assert t.I == {"40"} and t.C == {"10"}


def test_direction_features_of_a_written_sentence():
    from extractor.compare.model import direction_features, rank_features
    x = direction_features("Haemoglobin rose with iron sucrose (p = 0.01), but serum ferritin was "
                           "significantly lower with iron sucrose than with ferrous sulfate (p = 0.02).",
                           T, "serum ferritin")
    assert x["rule:" + DECREASED] == 1.0
    assert x["state:True_-1"] == 1.0
    assert x["rf:scope=clause"] == 1.0
    assert x["rf:cmp_down_I_subject"] == 1.0
    assert x["cw:INTV"] == 1.0 and x["cb:than_with"] == 1.0  # the outcome's clause, masked
    assert "w:iron" not in x and "w:sucrose" not in x  # arm names are masked
    f = {"o": 0.8, "o_all": 0.8, "i": 1.0, "c": 0.5, "o_bi": 1.0, "o_rel": 1.0, "o_top": 1.0,
         "bi_rel": 1.0, "p": 1.0, "sig": 1.0, "cmp": 1.0, "tab": 0.0, "row": 0.0, "sec": 1.0,
         "len": 0.2, "nums": 0.2, "pos": 0.05}
    r = rank_features(f, "abstract", "Serum ferritin was lower with iron sucrose (p = 0.02).")
    assert r["sec_abstract"] == 1.0 and r["both_arms"] == 1.0 and r["pos_early"] == 1.0
    assert r["o_rel_x_p"] == pytest.approx(1.0) and r["abs_x_o"] == pytest.approx(0.8)


def test_model_combines_the_best_sentences_and_the_stored_finding():
    from types import SimpleNamespace

    from extractor.compare.model import Model
    classes = [DECREASED, INCREASED, NO_DIFF]
    data = {"ranker": {"features": ["o"], "coef": [1.0], "intercept": 0.0},
            "direction": {"classes": classes,
                          "features": [f"rule:{DECREASED}", f"rule:{INCREASED}", f"rule:{NO_DIFF}"],
                          "coef": [[2.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 2.0]],
                          "intercept": [0.0, 0.0, 0.0]},
            "top_k": 2, "temperature": 1.0, "stored_weight": 0.0}
    up = SimpleNamespace(text="Serum ferritin was significantly higher with iron sucrose than with "
                              "ferrous sulfate (p = 0.01).")
    same = SimpleNamespace(text="Serum ferritin did not differ between the groups (p = 0.62).")
    ranked = [(2.0, up, {}), (0.0, same, {})]
    label, conf, cue = Model(data).decide("serum ferritin", T, ranked)
    assert label == INCREASED and 0.5 < conf < 1.0 and "p = 0.01" in cue
    # the second sentence weighs less (its rank score is lower) ...
    assert Model(dict(data, top_k=1)).decide("serum ferritin", T, ranked)[1] > conf
    # ... and the stored effect's finding can tip the balance
    assert Model(dict(data, stored_weight=0.2)).decide("serum ferritin", T, ranked, NO_DIFF)[0] == INCREASED
    assert Model(dict(data, stored_weight=1.0)).decide("serum ferritin", T, ranked, NO_DIFF)[0] == NO_DIFF
    assert Model(data).decide("serum ferritin", T, []) == (None, 0.0, "")


def test_the_stored_finding_is_a_feature_of_a_sentence_that_gives_no_direction():
    from types import SimpleNamespace

    from extractor.compare.model import Model, direction_features
    # significant, no direction word, no values: the stored finding is read beside it
    t = "The difference in serum ferritin between the groups was significant (p = 0.004)."
    x = direction_features(t, T, "serum ferritin", stored=DECREASED)
    assert x["stored:" + DECREASED] == 1.0 and x["stored_nodir:" + DECREASED] == 1.0
    # a sentence that says which way: the stored finding is a feature, not a "no direction" one
    t2 = "Serum ferritin was significantly higher with iron sucrose than with ferrous sulfate (p = 0.01)."
    x = direction_features(t2, T, "serum ferritin", stored=DECREASED)
    assert x["stored:" + DECREASED] == 1.0 and not any(k.startswith("stored_nodir") for k in x)
    assert not any(k.startswith("stored") for k in direction_features(t, T, "serum ferritin"))
    # the classifier weighs it: Model.decide hands the stored finding to the features
    classes = [DECREASED, INCREASED, NO_DIFF]
    data = {"ranker": {"features": ["o"], "coef": [1.0], "intercept": 0.0},
            "direction": {"classes": classes,
                          "features": [f"stored_nodir:{DECREASED}", f"stored_nodir:{INCREASED}"],
                          "coef": [[3.0, 0.0, 0.0], [0.0, 3.0, 0.0]],
                          "intercept": [0.0, 0.5, 0.0]},
            "top_k": 1, "temperature": 1.0, "stored_weight": 0.0}
    ranked = [(1.0, SimpleNamespace(text=t), {})]
    assert Model(data).decide("serum ferritin", T, ranked)[0] == INCREASED
    assert Model(data).decide("serum ferritin", T, ranked, DECREASED)[0] == DECREASED


def test_stored_roles_break_ties_between_arms_the_question_fits_equally():
    from types import SimpleNamespace

    from corpus.ask import Question, _match_arms

    def arm(i, label, role):
        return {"id": i, "study_id": 1, "label": label, "role": role, "n_randomized": None,
                "n_analyzed": None, "intervention": None, "dose": None}

    # the control arm is listed first and both arms are "fermented milk" to the question's words
    idx = SimpleNamespace(arms=[arm(1, "control fermented milk", "control"),
                                arm(2, "active fermented milk", "intervention")], abbrev={})
    q = Question(doc="1", outcome="stool weight", intervention="fermented milk with Lactobacillus strain",
                 comparator="fermented milk")
    ai, ac, flipped = _match_arms(idx, q)
    assert (ai["id"], ac["id"], flipped) == (2, 1, False)
    # a question that asks the control against the intervention keeps its order
    q = Question(doc="1", outcome="stool weight", intervention="control fermented milk",
                 comparator="active fermented milk")
    ai, ac, flipped = _match_arms(idx, q)
    assert (ai["id"], ac["id"]) == (1, 2)


def test_control_named_by_a_generic_word_is_the_control():
    # "control" and "standard" are generic arm words, yet they say which arm is the control
    t = Terms.build("wound infection", "silver dressing", "control group (standard gauze, SG)")
    assert t.c_is_control and not t.i_is_control
    r = read_sentence("Wound infection occurred in 6 patients (9%) in the silver dressing group and "
                      "in 15 patients (22%) in the control group (p = 0.03).", t, "wound infection")
    assert r.label == DECREASED


def test_comparison_alone_names_no_arm():
    t = Terms.build("bone density", "alendronate", "placebo")
    found = mentions("A pairwise comparison showed that the comparison group lost bone.", t)
    assert [m.role for m in found if m.role in "IC"] == ["C"]
    r = read_sentence("A pairwise comparison showed significantly greater bone density with "
                      "alendronate than with placebo (P = 0.02).", t, "bone density")
    assert r.label == INCREASED


def test_study_groups_name_the_intervention():
    t = Terms.build("pain score", "wound infiltration", "control")
    r = read_sentence("Both study groups reported significantly lower pain scores than the control "
                      "group (P < 0.01).", t, "pain score")
    assert r.label == DECREASED


def test_role_word_inside_the_outcome_names_no_arm():
    t = Terms.build("glycaemic control", "closed-loop insulin", "usual care")
    found = mentions("Glycaemic control improved in the closed-loop group.", t)
    assert not [m for m in found if m.role == "C"]


def test_subject_is_not_an_earlier_mention_of_the_reference_arm():
    # the reference ("than controls") is after the comparative; the earlier mention of the
    # controls (inside the numbers) is not the subject of "less"
    t = Terms.build("time to diagnosis", "genomic sequencing", "standard testing controls")
    r = read_sentence("Time to diagnosis (11 days in cases vs. 95 days in controls) was "
                      "significantly less in cases than controls (p = 0.02).", t, "time to diagnosis")
    assert r.label == DECREASED


@pytest.mark.parametrize("sentence, label", [
    ("Patients given the nasal spray recovered significantly faster than those given placebo "
     "(p = 0.004).", DECREASED),
    ("Recovery was significantly delayed with the nasal spray compared with placebo (P = 0.01).",
     INCREASED),
])
def test_speed_words_of_a_time_outcome(sentence, label):
    t = Terms.build("time to recovery", "nasal spray", "placebo")
    assert read_sentence(sentence, t, "time to recovery").label == label


def test_speed_words_of_other_outcomes_keep_their_sense():
    t = Terms.build("walking speed", "treadmill training", "placebo")
    r = read_sentence("Patients walked significantly faster after treadmill training than after "
                      "placebo (p = 0.03).", t, "walking speed")
    assert r.label == INCREASED


def test_more_effective_is_better_not_more():
    t = Terms.build("nausea", "ondansetron", "metoclopramide")
    r = read_sentence("Ondansetron was significantly more effective than metoclopramide against "
                      "nausea (p = 0.02).", t, "nausea")
    assert r.label == DECREASED


def test_comparative_said_of_the_outcome_wins_over_a_nearer_one():
    t = Terms.build("catheter malposition", "ultrasound guidance", "palpation")
    r = read_sentence("First-pass success was significantly lower and catheter malposition was "
                      "significantly higher with palpation than with ultrasound guidance "
                      "(p < 0.01).", t, "catheter malposition")
    assert r.label == DECREASED


def test_change_word_of_the_outcome_name_is_read_last():
    t = Terms.build("increase in body weight", "olanzapine", "placebo")
    r = read_sentence("The increase in body weight was significantly smaller with olanzapine "
                      "than with placebo (p = 0.01).", t, "increase in body weight")
    assert r.label == DECREASED
    r = read_sentence("Olanzapine led to a significant increase in body weight compared with "
                      "placebo (p = 0.01).", t, "increase in body weight")
    assert r.label == INCREASED


def test_reference_in_a_longer_than_phrase():
    t = Terms.build("headache relief", "sumatriptan", "other triptans")
    r = read_sentence("Significantly more patients reached headache relief with sumatriptan than "
                      "patients taking the other triptans (p = 0.003).", t, "headache relief")
    assert r.label == INCREASED
    r = read_sentence("Headache relief was significantly less frequent than when the patients "
                      "used other triptans (p = 0.003).", t, "headache relief")
    assert r.label == DECREASED


def test_comparator_named_only_as_the_contrast():
    t = Terms.build("anxiety score", "guided breathing", "usual care")
    r = read_sentence("Anxiety scores decreased significantly after the sessions (p = 0.002), "
                      "whereas no such change was seen in the usual care group.", t, "anxiety score")
    assert r.label == DECREASED


@pytest.mark.parametrize("sentence, label", [
    # a value right after each arm
    ("Mean operating time was 31.5 ± 6.2 (22–41) minutes in the laparoscopic group and "
     "44.0 ± 8.1 (30–58) minutes in the open surgery group (p < 0.01).", DECREASED),
    # a value right before each arm, percentages
    ("Readmission occurred in 12.5% of patients who were given laparoscopic repair compared to "
     "27.0% of those given open surgery (P = 0.01).", DECREASED),
    # fractions are counts: the percentages are compared
    ("Open surgery was converted in 9/40 (22%) of patients whereas laparoscopic repair was "
     "converted in 3/41 (7%) of patients (P = 0.04).", DECREASED),
])
def test_one_value_per_arm(sentence, label):
    t = Terms.build("operating time", "laparoscopic repair", "open surgery")
    assert read_sentence(sentence, t, "operating time").label == label


def test_values_of_different_kinds_are_not_compared():
    t = Terms.build("operating time", "laparoscopic repair", "open surgery")
    r = read_sentence("The laparoscopic group needed 35 minutes while open surgery needed 40% "
                      "more time (P = 0.02).", t, "operating time")
    assert "num_loose" not in " ".join(r.features)


@pytest.mark.parametrize("sentence, label", [
    # "compared with" names the reference wherever it stands
    ("As compared to the weeks on oral ferrous sulfate, serum ferritin was increased "
     "(186 vs. 121 ng/mL, p<0.01).", INCREASED),
    ("Iron sucrose, compared with ferrous sulfate, gave significantly lower serum ferritin "
     "at week 8 (p = 0.02).", DECREASED),
    ("When compared with the iron sucrose arm, serum ferritin was significantly higher in the "
     "ferrous sulfate arm (P = 0.004).", DECREASED),
])
def test_compared_with_names_the_reference_before_the_comparative(sentence, label):
    assert read_sentence(sentence, T, "serum ferritin").label == label


@pytest.mark.parametrize("sentence, label", [
    # the change is the subject, the comparative its predicate
    ("The decrease in serum ferritin was significantly greater in the iron sucrose group than "
     "in the ferrous sulfate group (P = 0.01).", DECREASED),
    ("After 12 weeks, the mean reduction in serum ferritin with iron sucrose was significantly "
     "smaller than with ferrous sulfate (p = 0.03).", INCREASED),
    ("The increase in serum ferritin was more pronounced in the iron sucrose arm than in the "
     "ferrous sulfate arm (p < 0.001).", INCREASED),
])
def test_a_change_compared_as_the_subject(sentence, label):
    assert read_sentence(sentence, T, "serum ferritin").label == label


def test_a_change_inside_the_outcome_or_a_proportion_is_no_compound():
    t = Terms.build("pain reduction", "naproxen", "placebo")
    # the change word is the outcome's own name: "higher" is said of the proportion
    assert read_sentence("The share of patients with a pain reduction of 50% was significantly "
                         "higher with naproxen than with placebo (p = 0.01).", t, "pain reduction").label == INCREASED
    assert read_sentence("Proportions of patients with a decrease in serum ferritin were "
                         "significantly higher with iron sucrose than with ferrous sulfate (p = 0.01).",
                         T, "serum ferritin").label == INCREASED


def test_the_other_of_two_named_groups_is_the_unnamed_arm():
    t = Terms.build("infarct size", "remote ischaemic conditioning", "sevoflurane")
    s = ("Infarct size was 14.2 ± 6.1% in the desflurane group and 19.8 ± 7.0% in the sevoflurane "
         "group (p = 0.004).")
    assert mask(s, mentions(s, t)).split().count("INTV") == 1
    assert read_sentence(s, t, "infarct size").label == DECREASED
    # three groups, or both arms already named: nothing is added
    s3 = ("Infarct size was 14.2% in the desflurane group, 16.0% in the propofol group and 19.8% in "
          "the sevoflurane group (p = 0.004).")
    assert "INTV" not in mask(s3, mentions(s3, t))
    s2 = "Infarct size did not differ between the two groups (p = 0.41)."
    assert all(m.role == "O" for m in mentions(s2, t))


@pytest.mark.parametrize("sentence", [
    "Serum ferritin increased significantly from baseline in both groups (p < 0.01), with no "
    "significant difference between the two groups.",
    "Serum ferritin rose significantly from baseline in the iron sucrose group (p = 0.02); however, "
    "comparison with control was not statistically significant.",
])
def test_a_change_within_the_groups_is_not_a_difference_between_them(sentence):
    assert read_sentence(sentence, T, "serum ferritin").label == NO_DIFF


def test_a_difference_between_groups_with_a_baseline_still_counts():
    s = ("Serum ferritin was significantly higher in the iron sucrose group than in the ferrous "
         "sulfate group at week 12 (p = 0.003), while the groups were similar at baseline.")
    assert read_sentence(s, T, "serum ferritin").label == INCREASED


def test_p_of_exactly_005_with_significance_words():
    s = "Serum ferritin was significantly higher with iron sucrose than with ferrous sulfate (P = 0.05)."
    assert read_sentence(s, T, "serum ferritin").label == INCREASED
    s = "Serum ferritin was higher with iron sucrose than with ferrous sulfate (P = 0.05)."
    assert read_sentence(s, T, "serum ferritin").label == NO_DIFF


def _idx_of(outcomes):
    class Idx:
        abbrev = {}

        def weight(self, t):
            return 1.0
    idx = Idx()
    idx.outcomes = outcomes
    return idx


def _res(arm, **stats):
    return [dict(arm_id=arm, statistic=k, value=v, derived=0) for k, v in stats.items()]


def test_a_subgroup_the_question_names_is_part_of_the_match():
    from corpus.ask import _match_outcomes

    outs = [dict(id=1, name="Relapse rates", timepoint=None, subgroup=None, results=[1], effects=[]),
            dict(id=2, name="Relapse rates", timepoint=None, subgroup="who responded during induction",
                 results=[1], effects=[])]

    def best(outcome):
        return _match_outcomes(_idx_of(outs), Question(doc="x", outcome=outcome, intervention="a", comparator="b"))[0][1]["id"]

    assert best("relapse rates") == 1
    assert best("relapse rates in patients who responded to induction") == 2


def test_of_two_readings_of_one_outcome_the_one_with_whole_numbers_answers():
    from corpus.ask import Asker

    pct = dict(id=1, name="Relapse rates", timepoint=None, subgroup=None, is_primary=None,
               results=_res(7, percent=39.0) + _res(8, percent=38.0), effects=[])
    whole = dict(id=2, name="Relapse rates", timepoint=None, subgroup=None, is_primary=None,
                 results=_res(7, events=9, total=23, percent=39.0) + _res(8, events=6, total=16, percent=38.0),
                 effects=[])
    other = dict(id=3, name="Relapse rates", timepoint=None, subgroup=None, is_primary=None,
                 results=_res(7, percent=56.0) + _res(8, percent=26.0), effects=[])
    q = Question(doc="x", outcome="relapse rates", intervention="a", comparator="b")
    assert Asker._choose([(0.9, pct), (0.9, whole)], q)["id"] == 2
    assert Asker._choose([(0.9, other), (0.9, pct), (0.9, whole)], q)["id"] == 2
    # no partial reading states the whole one's values: another population, not preferred
    assert Asker._choose([(0.9, other), (0.9, whole)], q)["id"] == 3
    assert Asker._choose([(0.9, whole), (0.9, pct)], q)["id"] == 2
    # a clearly better-named reading is not passed over for whole numbers
    assert Asker._choose([(0.9, pct), (0.6, whole)], q)["id"] == 1


def test_arm_sizes_are_given_only_beside_a_number_of_the_outcome():
    from corpus.ask import _arm_numbers

    arm = {"id": 7, "label": "Drug X", "n_randomized": 60, "n_analyzed": 58}
    counted = dict(results=_res(7, events=12, percent=20.7) + _res(8, events=20, percent=35.1))
    assert _arm_numbers(arm, counted) == {"arm_id": 7, "label": "Drug X", "n_randomized": 60, "n_analyzed": 58,
                                          "events": 12, "percent": 20.7}
    # an outcome reported by a p-value alone, or no outcome matched: no group size is claimed
    assert _arm_numbers(arm, dict(results=[])) == {"arm_id": 7, "label": "Drug X"}
    assert _arm_numbers(arm, None) == {"arm_id": 7, "label": "Drug X"}
    # numbers for the other arm only
    assert _arm_numbers(arm, dict(results=_res(8, mean=3.1, sd=1.0))) == {"arm_id": 7, "label": "Drug X"}


def test_a_question_about_pooled_arms_of_a_factorial_trial_gets_no_arm_numbers():
    from types import SimpleNamespace

    from corpus.ask import Question, _match_arms, _pooled

    def arm(i, label):
        return {"id": i, "study_id": 1, "label": label, "role": "intervention", "n_randomized": None,
                "n_analyzed": None, "intervention": None, "dose": None}

    idx = SimpleNamespace(arms=[arm(1, "Booklet Self-paced"), arm(2, "Booklet Coached"),
                                arm(3, "Website Self-paced"), arm(4, "Website Coached")], abbrev={})
    q = Question(doc="1", outcome="steps per day", intervention="booklet", comparator="website")
    ai, ac, _ = _match_arms(idx, q)
    assert _pooled(idx, q, ai, ac) is True
    # a question naming one arm of each factor level is about those arms
    q = Question(doc="1", outcome="steps per day", intervention="booklet, coached", comparator="website, self-paced")
    ai, ac, _ = _match_arms(idx, q)
    assert (ai["id"], ac["id"]) == (2, 3) and _pooled(idx, q, ai, ac) is False
    # one side naming two arms alike while the other names one arm is left to the first arm
    idx = SimpleNamespace(arms=[arm(1, "Low dose IV"), arm(2, "Low dose oral"), arm(3, "Low dose oral + B12")],
                          abbrev={})
    q = Question(doc="1", outcome="ferritin", intervention="low dose IV", comparator="low dose oral")
    ai, ac, _ = _match_arms(idx, q)
    assert _pooled(idx, q, ai, ac) is False


def test_an_answer_about_pooled_arms_says_why_it_has_no_numbers(tmp_path):
    from corpus import Store
    from corpus.ask import Asker, Question
    from corpus.ingest import ingest

    doc = tmp_path / "factorial.txt"
    doc.write_text(
        "Booklets or a website, self-paced or coached, for walking: a factorial randomised trial\n\n"
        "Methods\nAdults (n = 160) were randomised to booklet self-paced, booklet coached, website "
        "self-paced or website coached (40 each).\n\nResults\n"
        "Daily steps were 6120 ± 1450 with booklet self-paced, 6480 ± 1390 with booklet coached, "
        "5710 ± 1520 with website self-paced and 5980 ± 1480 with website coached.\n", encoding="utf-8")
    store = Store(tmp_path / "e.db")
    ingest([str(doc)], store)
    a = Asker(store, model=None).answer(Question(doc=str(doc), outcome="daily steps", intervention="booklet",
                                                comparator="website"))
    assert a["outcome_name"] == "Daily steps"
    for side in ("intervention_arm", "comparator_arm"):
        assert set(a[side]) == {"arm_id", "label"}  # the arm, none of its numbers
    assert "several stored arms" in a["why"]
    # one arm on each side gets that arm's numbers
    a = Asker(store, model=None).answer(Question(doc=str(doc), outcome="daily steps", intervention="booklet coached",
                                                comparator="website coached"))
    assert (a["intervention_arm"]["mean"], a["comparator_arm"]["mean"]) == (6480, 5980)


# "a vs b": the values with their spread and unit, which arm each one is
BP = Terms.build("systolic blood pressure", "nurse-led titration", "usual care")


@pytest.mark.parametrize("sentence, label", [
    # the spread and the unit in either order do not hide the pair
    ("Nurse-led titration lowered systolic blood pressure significantly compared with usual care "
     "(128.4 ± 9.2 mmHg vs. 135.0 ± 10.1 mmHg, p = 0.004).", DECREASED),
    # "compared with B, A ..." lists the subject's value first
    ("Compared with usual care, systolic blood pressure fell further with nurse-led titration "
     "(126 ± 11 vs 133 ± 12 mmHg, P = 0.02).", DECREASED),
    # the arms named after the pair say the order
    ("Systolic blood pressure differed significantly (133.1 vs 127.6 mmHg, usual care vs "
     "nurse-led titration, respectively; p = 0.01).", DECREASED),
    # thousands separators
    ("Systolic blood pressure load was lower with nurse-led titration than with usual care "
     "(1,215 vs 1,480 mmHg·h; p = 0.03).", DECREASED),
])
def test_a_pair_of_values_and_its_arms(sentence, label):
    assert read_sentence(sentence, BP, "systolic blood pressure").label == label


def test_a_pair_of_values_follows_the_subject_of_the_comparison():
    from extractor.compare.direction import _numbers_change
    s = ("Compared with usual care, nurse-led titration changed systolic blood pressure "
         "(126 vs 133 mmHg, P = 0.02).")
    assert _numbers_change(s, mentions(s, BP), "I") == -1
    assert _numbers_change(s, mentions(s, BP)) == 1  # without a subject: the arms' order in the sentence


@pytest.mark.parametrize("sentence", [
    # time points, p-values and labels joined by "and" are not two arms' values
    "At days 4 and 7, systolic blood pressure was significantly reduced with nurse-led titration "
    "compared with usual care (p < 0.01).",
    "Systolic blood pressure was 142 and 131 mmHg before and after nurse-led titration.",
    "Items 2 and 5 of the questionnaire favoured nurse-led titration over usual care for systolic "
    "blood pressure (p = 0.02 and 0.04).",
])
def test_numbers_that_are_not_a_pair_of_values(sentence):
    from extractor.compare.direction import _VS_NUMS, _pair_of_values
    assert not [m for m in _VS_NUMS.finditer(sentence) if _pair_of_values(sentence, m)]


def test_a_pair_of_one_arm_over_time_points_is_not_the_comparison():
    s = ("By 12 and 24 hours, 41.2% and 70.5% of patients given nurse-led titration versus 30.3% "
         "and 52.9% of those in usual care reached the systolic blood pressure target (p = 0.03).")
    assert read_sentence(s, BP, "systolic blood pressure target").change in (1, None)


@pytest.mark.parametrize("outcome, label", [
    ("overall survival", INCREASED),  # fewer deaths per unit of time: a longer survival
    ("time to relapse", INCREASED),
    ("relapse-free survival", INCREASED),
    ("mortality", DECREASED),
])
def test_a_hazard_ratio_of_a_time_to_an_event(outcome, label):
    t = Terms.build(outcome, "maintenance chemotherapy", "observation")
    s = (f"For {outcome}, maintenance chemotherapy was compared with observation "
         "(hazard ratio 0.71, 95% CI 0.58 to 0.87; p = 0.001).")
    assert read_sentence(s, t, outcome).label == label


def test_values_without_arm_names_are_kept_in_written_order():
    r = read_sentence("Systolic blood pressure at 12 weeks: 129 vs 137 mmHg (p = 0.002).", BP,
                      "systolic blood pressure")
    assert "num_written_order=-1" in r.features and r.label is None


def test_better_of_an_outcome_without_a_known_polarity_names_the_arm():
    t = Terms.build("water clarity", "ceramic filter", "no filter")
    r = read_sentence("Water clarity was significantly better with the ceramic filter than with no "
                      "filter (p < 0.001).", t, "water clarity")
    assert any(f.startswith("better_I_") for f in r.features)


@pytest.mark.parametrize("sentence, label", [
    ("Rates of restenosis (50% diameter stenosis or more) were significantly lower with nurse-led "
     "titration than with usual care (8% vs 31%, P = 0.012).", DECREASED),
    ("Systolic blood pressure fell by more than 10 mmHg in significantly fewer patients given usual "
     "care than nurse-led titration (p = 0.02).", INCREASED),
])
def test_a_bound_of_a_quantity_is_no_comparative(sentence, label):
    t = Terms.build("restenosis" if "restenosis" in sentence else "systolic blood pressure fall",
                    "nurse-led titration", "usual care")
    assert read_sentence(sentence, t, "").label == label


def test_the_values_of_the_fullest_mention_of_the_outcome():
    t = Terms.build("two-year overall survival rate", "maintenance chemotherapy", "observation")
    s = ("The two-year relapse rates were 41.0% and 62.5% with maintenance chemotherapy and "
         "observation, respectively (p = 0.01), and the two-year overall survival rates were 78.2% "
         "and 60.4%, respectively (p = 0.03).")
    assert read_sentence(s, t, "two-year overall survival rate").label == INCREASED


def test_the_subject_found_before_the_comparative_is_named_apart():
    r = read_sentence("In the nurse-led titration arm systolic blood pressure was significantly lower "
                      "(p = 0.01).", BP, "systolic blood pressure")
    assert r.label == DECREASED and "cmp_down_I_prior" in r.features
    r = read_sentence("Systolic blood pressure was significantly lower in the nurse-led titration arm "
                      "than with usual care (p = 0.01).", BP, "systolic blood pressure")
    assert r.label == DECREASED and "cmp_down_I_subject" in r.features


def test_an_arm_called_by_its_group_label():
    # the question names each arm's label ("(group II)"); the sentence uses the labels alone
    t = Terms.build("incidence of bradycardia", "clonidine premedication (group I)",
                    "midazolam premedication (group II)")
    assert t.i_labels == {"I"} and t.c_labels == {"II"}
    s = ("Nausea was infrequent in both groups, while bradycardia was significantly more "
         "frequent in group II (P < 0.05).")
    r = read_sentence(s, t, "incidence of bradycardia")
    assert r.label == DECREASED and "cmp_up_C_subject" in r.features
    # labels known from the stored arms (aliases) count as well
    # ("a" is a stop word: "group A" names no arm by its words)
    t = Terms.build("emergence agitation score", "intranasal ketamine", "saline spray",
                    ("Group A",), ("Group B",))
    s = "The emergence agitation score was significantly lower in group A compared to group B (p = 0.003)."
    assert read_sentence(s, t, "emergence agitation score").label == DECREASED
    assert read_sentence(s.replace("group A compared to group B", "group B compared to group A"), t,
                         "emergence agitation score").label == INCREASED


def test_a_label_both_arms_share_names_neither():
    t = Terms.build("pain", "group A: lidocaine patch", "group A: placebo patch")
    assert not t.i_labels and not t.c_labels


@pytest.mark.parametrize("sentence, label", [
    # "no difference" said of the groups at entry does not answer for the result
    ("Serum ferritin was similar in the two groups at baseline, but at week 12 it was significantly "
     "higher with iron sucrose (p = 0.003).", INCREASED),
    ("At baseline, serum ferritin did not differ between the groups; after treatment it was "
     "significantly lower with iron sucrose than with ferrous sulfate (P < 0.01).", DECREASED),
    # the groups' characteristics alike at entry say nothing of the result
    ("Baseline characteristics, including serum ferritin, were comparable between the iron sucrose "
     "and ferrous sulfate groups.", None),
    ("Serum ferritin was comparable between the groups at week 12.", NO_DIFF),
    # ... unless the words cover the result as well
    ("Serum ferritin was similar in both groups at baseline and at week 12.", NO_DIFF),
    ("Serum ferritin did not differ between the groups at baseline or after treatment.", NO_DIFF),
    ("Either at baseline or after 12 weeks, no significant difference in serum ferritin was seen "
     "between the groups.", NO_DIFF),
    ("The group difference in serum ferritin adjusted for baseline values was not statistically "
     "significant.", NO_DIFF),
])
def test_no_difference_at_baseline(sentence, label):
    assert read_sentence(sentence, T, "serum ferritin").label == label


@pytest.mark.parametrize("sentence", [
    # a change within each arm was significant, the comparison between the arms was not
    "Serum ferritin rose significantly in both the iron sucrose and the ferrous sulfate groups "
    "(p < 0.01); there were no significant differences between groups.",
    "Serum ferritin increased significantly in the iron sucrose group (p = 0.02). However, the "
    "comparison with control was not statistically significant.",
    "There was a significant time effect for serum ferritin (p < 0.01), which increased in both "
    "regimens, with no differences between conditions.",
])
def test_a_change_within_the_arms_is_no_difference_between_them(sentence):
    r = read_sentence(sentence, T, "serum ferritin")
    assert r.label == NO_DIFF and "within_sig_between_nodiff" in r.features


def test_one_arm_change_with_a_comparison_elsewhere_keeps_its_direction():
    s = ("Serum ferritin increased significantly more with iron sucrose than with ferrous sulfate "
         "(p = 0.01), although the comparison of haemoglobin with control was not significant.")
    assert read_sentence(s, Terms.build("serum ferritin", "iron sucrose", "placebo control"),
                         "serum ferritin").label == INCREASED


def test_the_arm_after_a_clause_break_is_no_subject():
    t = Terms.build("cuff pressure", "nitrous oxide (group N)", "oxygen in air (group A)")
    s = ("In group N there was a significant increase in cuff pressure over time (P < 0.001) "
         "while in group A it remained stable.")
    assert read_sentence(s, t, "cuff pressure").label == INCREASED


def test_an_enumeration_marker_closes_no_aside():
    t = Terms.build("exacerbation count", "creatine supplement (group A)", "placebo (group B)")
    s = ("Group A patients also showed significant: 1) improvement in dyspnoea (p < 0.05); "
         "2) improvement in quality of life; 3) exacerbation count decrease (p < 0.02).")
    r = read_sentence(s, t, "exacerbation count")
    assert r.label == DECREASED and "cmp_down_I_prior" in r.features


def test_the_p_value_nearest_after_a_mention_of_the_outcome():
    # the outcome's words also name another measure earlier in the sentence
    t = Terms.build("pain scale", "probiotic", "placebo")
    s = ("Subjects given the probiotic had a borderline improvement in the patient pain assessment "
         "(P = .052) and a significant improvement in the pain scale (P = .046) vs placebo.")
    r = read_sentence(s, t, "pain scale")
    assert r.significant is True and "P = .046" in r.cue


def test_a_change_within_both_arms_alone_is_marked():
    t = Terms.build("HbA1c", "vildagliptin", "glimepiride")
    r = read_sentence("HbA1c was also reduced significantly in both groups at 12 weeks (P < 0.01).", t, "HbA1c")
    assert "within_only" in r.features
    r = read_sentence("HbA1c was reduced significantly more with vildagliptin than with glimepiride "
                      "in both groups of age (P < 0.01).", t, "HbA1c")
    assert "within_only" not in r.features


@pytest.mark.parametrize("outcome, sentence, label", [
    # "in favour of X": X fared better; lower or higher follows from the outcome's polarity
    ("wound infection rate", "Infection rates differed significantly in favour of the "
     "honey dressing group (p = 0.01).", DECREASED),
    ("wound infection rate", "Infection rates differed significantly in favour of the "
     "saline gauze group (p = 0.01).", INCREASED),
    ("walking distance", "Walking distance differed significantly between arms, favouring "
     "honey dressing (P = 0.004).", INCREASED),
    ("walking distance", "The mean difference in walking distance was 41 m in favor of "
     "saline gauze (p < 0.001).", DECREASED),
    # "recurrence-free survival" is a survival: higher is better
    ("recurrence-free survival", "The hazard ratio was 0.61 (p = 0.003) in favour of the "
     "honey dressing group.", INCREASED),
])
def test_favour_reads_the_better_arm(outcome, sentence, label):
    t = Terms.build(outcome, "honey dressing", "saline gauze")
    assert read_sentence(sentence, t, outcome).label == label


def test_favour_of_an_outcome_of_unknown_polarity_is_left_unread():
    t = Terms.build("serum zinc", "honey dressing", "saline gauze")
    r = read_sentence("Serum zinc differed significantly in favour of the honey dressing "
                      "group (p = 0.02).", t, "serum zinc")
    assert r.label is None and "better_I_favour" in r.features


def test_lesser_is_a_lower_word():
    assert read_sentence("Serum ferritin was significantly lesser in the iron sucrose group "
                         "than in the ferrous sulfate group (P = 0.01).", T,
                         "serum ferritin").label == DECREASED


def test_unnamed_trial_group_against_a_named_control_group():
    t = Terms.build("hand grip strength", "resistance band training", "usual care control")
    s = ("After 12 weeks hand grip strength was 31.2 ± 4.1 kg in the trial group and "
         "27.5 ± 4.6 kg in the control group, a significant difference (P = 0.012).")
    assert read_sentence(s, t, "hand grip strength").label == INCREASED
    # without a control group named, "trial group" names no arm
    assert [m.role for m in mentions("The trial group met weekly.", t)] == []


def test_rules_read_the_arm_that_fared_better_when_the_polarity_is_unknown(tmp_path):
    """Without a model, a significant improvement said of one arm answers for an outcome whose
    polarity the lexicon does not know, read as higher being better (the arm that fared better
    is the one whose value rose); an outcome known to be better lower reads the other way."""
    from corpus import Store
    from corpus.ask import Asker, Question, _better_side
    from corpus.ingest import ingest

    t = Terms.build("mental health", "parenting booklet", "waiting list")
    r = read_sentence("Parents given the parenting booklet showed a significant improvement in mental "
                      "health compared with the waiting list (p = 0.003).", t, "mental health")
    assert r.label is None and _better_side(r) == "I"
    r = read_sentence("The difference in mental health was significant in favour of the waiting list "
                      "(p = 0.02).", t, "mental health")
    assert _better_side(r) == "C"
    assert _better_side(read_sentence("Mental health improved significantly in both groups (p < 0.01).",
                                      t, "mental health")) is None
    doc = tmp_path / "booklet.txt"
    doc.write_text(
        "A parenting booklet for parents of toddlers: a randomised trial\n\n"
        "Methods\nParents (n = 120) were randomised to a parenting booklet or a waiting list.\n\n"
        "Results\nParents given the parenting booklet showed a significant improvement in mental "
        "health compared with the waiting list (p = 0.003). Sleep quality was significantly better "
        "on the waiting list than with the parenting booklet (p = 0.04). Anxiety was significantly "
        "lower with the parenting booklet than on the waiting list (p = 0.01).\n", encoding="utf-8")
    store = Store(tmp_path / "b.db")
    ingest([str(doc)], store)
    asker = Asker(store, model=None)
    a = asker.answer(Question(doc=str(doc), outcome="mental health", intervention="parenting booklet",
                              comparator="waiting list"))
    assert a["answer"] == INCREASED and "higher taken as better" in a["why"]
    a = asker.answer(Question(doc=str(doc), outcome="sleep quality", intervention="parenting booklet",
                              comparator="waiting list"))
    assert a["answer"] == DECREASED
    a = asker.answer(Question(doc=str(doc), outcome="anxiety", intervention="parenting booklet",
                              comparator="waiting list"))
    assert a["answer"] == DECREASED and "higher taken as better" not in a["why"]


def test_phase_and_period_are_generic_arm_words():
    """A crossover's arms are called phases or periods: "the control phase" is the comparator
    and "the treatment period" the intervention, and "phase" names neither arm by itself."""
    t = Terms.build("mean glucose", "closed-loop insulin delivery for two days",
                    "one-day control phase with open-loop pump therapy")
    assert "phase" not in t.C and "period" not in t.I
    s = ("Mean glucose was significantly lower during the treatment period than during the "
         "control phase (p = 0.01).")
    assert read_sentence(s, t, "mean glucose").label == DECREASED
    s = ("Mean glucose was significantly higher in the control phase than in the treatment "
         "period (P < 0.05).")
    assert read_sentence(s, t, "mean glucose").label == DECREASED


def test_group_letters_the_text_defines_name_the_arms():
    """"dexmedetomidine (group D) or placebo (group P)": the letters are read as the arms
    they are defined as, though no stored arm carries them; a letter defined as both arms,
    or as neither, is left unread."""
    from extractor.compare.direction import label_definitions
    defs = label_definitions([
        "Children were randomly allocated to receive dexmedetomidine 0.3 µg/kg (group D) or "
        "normal saline (group P, n = 40) before extubation.",
        "Group K received ketamine 0.5 mg/kg.",
        "Group X (dexmedetomidine plus saline) was a pilot cohort."])
    assert defs["D"] == ["receive dexmedetomidine 0.3 µg/kg"]
    assert defs["P"] == ["normal saline"] and defs["K"] == ["ketamine 0.5 mg/kg"]
    t = Terms.build("emergence agitation", "dexmedetomidine", "saline").with_defined_labels(defs)
    assert t.i_labels == {"D"} and t.c_labels == {"P"}
    s = ("Emergence agitation was significantly less frequent in group D than in group P "
         "(12% vs 38%, p = 0.004).")
    assert read_sentence(s, t, "emergence agitation").label == DECREASED
    s = "The incidence of emergence agitation was significantly higher in group P (p < 0.01)."
    assert read_sentence(s, t, "emergence agitation").label == DECREASED
    # a placebo-controlled question reads "placebo (group P)" as its comparator
    t = Terms.build("nausea", "ondansetron", "placebo").with_defined_labels(
        label_definitions(["Patients received ondansetron (group O) or placebo (group P)."]))
    assert t.i_labels == {"O"} and t.c_labels == {"P"}


@pytest.mark.parametrize("outcome, label", [
    ("time to first analgesic request", INCREASED),
    ("morphine consumption", DECREASED),
])
def test_coordinated_comparatives_go_to_their_own_subjects(outcome, label):
    """"X and Y were lower and longer": X is lower, Y longer."""
    t = Terms.build(outcome, "peritubal bupivacaine infiltration", "control")
    s = ("Morphine consumption and the time to first analgesic request were significantly lower "
         "and longer in the study group (p < 0.05).")
    assert read_sentence(s, t, outcome).label == label


def test_labels_of_several_capitals_and_lists_of_labels():
    # "group NS" is a label as much as "group B"
    t = Terms.build("mean arterial pressure", "ephedrine bolus (group EP)", "normal saline (group NS)")
    assert t.i_labels == {"EP"} and t.c_labels == {"NS"}
    s = "Mean arterial pressure was significantly higher in group NS than in group EP (p = 0.01)."
    assert read_sentence(s, t, "mean arterial pressure").label == DECREASED
    # "groups A and B" names both arms, each by its own letter
    t = Terms.build("emergence agitation score", "intranasal ketamine", "saline spray",
                    ("Group A",), ("Group B",))
    found = mentions("The agitation score did not differ between groups A and B (p = 0.41).", t)
    assert {m.role for m in found} >= {"I", "C"}
    assert [lab for lab, _, _ in arm_labels("groups I, II, and III")] == ["I", "II", "III"]
    # a number after the list word is no label
    assert [lab for lab, _, _ in arm_labels("groups A and 20 patients")] == ["A"]


@pytest.mark.parametrize("sentence, expected", [
    ("Baseline characteristics were similar in the two groups (Table 1).", True),
    ("At baseline, serum ferritin did not differ between the groups (p = 0.4).", True),
    ("There were no significant differences in age, sex or serum ferritin among the three groups "
     "at baseline (all P > 0.05).", True),
    ("The groups were comparable at entry.", True),
    # a result, or a baseline clause followed by the result
    ("Serum ferritin did not differ between the groups at week 12 (p = 0.4).", False),
    ("The groups were similar at baseline, but after 12 weeks serum ferritin was significantly "
     "lower with iron sucrose.", False),
    ("Serum ferritin was higher with iron sucrose (p = 0.01).", False),
])
def test_a_statement_of_no_difference_at_baseline_only(sentence, expected):
    assert baseline_only(sentence) is expected


@pytest.mark.parametrize("sentence", [
    "Mean pain was 32 mm in patients in the lozenge group and 49 mm in patients in the spray group "
    "(p = 0.004).",
    "Sore throat pain was significantly lower (2.1 vs 3.4, P = 0.01) with the lozenge than with the spray.",
    "For the lozenge phases, throat pain scores were significantly lower (21 ± 3 vs. 35 ± 6 mm, P = 0.02).",
])
def test_a_word_of_the_outcome_names_the_outcome_not_the_arm(sentence):
    # the comparator's "throat pain" is what it treats: in the sentence it is the outcome
    t = Terms.build("mean sore throat pain", "benzydamine lozenge", "lidocaine spray for throat pain")
    assert {"pain", "throat"} <= t.O and not {"pain", "throat"} & t.C
    assert read_sentence(sentence, t, "mean sore throat pain").label == DECREASED


def test_an_arm_named_only_by_words_of_the_outcome_keeps_them():
    t = Terms.build("serum vitamin D", "vitamin D", "placebo")
    assert t.I and t.C


@pytest.mark.parametrize("row, order", [
    ("Hospital stay (days)\t2.4 (range, 1–5)\t4.1 (range, 2–9)\tP = 0.03", -1),
    ("Deaths\t41/1210 (3.4%)\t67/1198 (5.6%)\t0.61 (0.42-0.90)\t0.01", -1),
    ("Change in weight (kg)\t+2.6 (1.1)\t-0.8 (1.4)\t0.002", 1),
    ("Falls with injury\t6\t6\t0.99", 0),
    ("Sex\tmale\tfemale", None),
    ("Hospital stay 2.4 days and 4.1 days", None),
])
def test_row_order_reads_the_first_two_value_columns(row, order):
    assert row_order(row) == order


def test_a_table_row_gives_the_order_of_its_values_as_a_feature():
    r = read_sentence("Hospital stay (days)\t2.4 (range, 1–5)\t4.1 (range, 2–9)\tP = 0.03",
                      Terms.build("hospital stay", "early mobilisation", "bed rest"), "hospital stay")
    assert "num_row_order=-1" in r.features


@pytest.mark.parametrize("sentence, label", [
    # two time points of each arm: the first of each list are compared, not the two of one arm
    ("Early and late pain scores in the block group were 3.1 and 2.2 compared with 5.8 and 3.0 in "
     "the control group (P < 0.001 and P = 0.02), respectively.", DECREASED),
    ("Early and late pain scores were 4.2 and 2.9 in the block group versus 3.1 and 2.0 in the "
     "control group (p = 0.01).", INCREASED),
    # two doses of the intervention against one control value
    ("At week 8 both doses of the nerve block lowered pain (-2.6 and -2.9 versus -1.4 in the "
     "control group; both p < 0.01).", DECREASED),
])
def test_lists_of_values_compare_their_first_values(sentence, label):
    t = Terms.build("pain", "nerve block", "control")
    assert read_sentence(sentence, t, "pain").label == label


def test_a_time_point_before_an_arm_is_no_value_of_that_arm():
    t = Terms.build("pain", "nerve block", "control")
    s = ("Pain at 2 and 6 hours in the block group was 3.1 ± 1.2 and 2.2 ± 0.9 compared with "
         "5.8 ± 1.6 and 3.0 ± 1.1 in the control group (P < 0.001 and P = 0.02), respectively.")
    assert read_sentence(s, t, "pain").label == DECREASED
    # a duration printed before each arm is that arm's value
    s = "Length of stay was 9.5 days in the block group and 14.7 days in the control group (p = 0.01)."
    assert read_sentence(s, t, "length of stay").label == DECREASED


def test_an_outcome_that_names_both_arms_leaves_their_words_to_the_arms():
    t = Terms.build("patients preferring the HC formulation to the MC formulation",
                    "high-concentration formulation (HC)", "medium-concentration formulation (MC)")
    assert "hc" in t.I and "mc" in t.C


def test_a_word_of_both_arms_stays_out_of_the_outcome():
    t = Terms.build("mean consultation time", "telephone consultation", "face-to-face consultation")
    assert "consultation" not in t.O | t.I | t.C


HEPARIN = Terms.build("wound haematoma", "enoxaparin", "unfractionated heparin")
HEAD = ("Outcome", "Heparin (n = 118)", "Enoxaparin (n = 120)", "P")


@pytest.mark.parametrize("row, header, change", [
    # the columns are bound to the arms by their headings, whatever their order
    ("Wound haematoma\t13 (11.0%)\t4 (3.3%)\t0.02", HEAD, -1),
    ("Wound haematoma\t4 (3.3%)\t13 (11.0%)\t0.02", ("", "Enoxaparin", "Heparin", "P"), -1),
    ("Wound haematoma\t13 (11.0%)\t4 (3.3%)\t0.02", ("", "Enoxaparin", "Heparin", "P"), 1),
    ("Length of stay, days\t9.1 (3.2)\t9.1 (3.0)\t0.45", HEAD, 0),
    # headings that name no arm, or one arm twice, or a cell without a value: unread
    ("Wound haematoma\t13 (11.0%)\t4 (3.3%)\t0.02", ("", "Group 1", "Group 2", "P"), None),
    ("Wound haematoma\t13\t4\t2", ("", "Enoxaparin day 10", "Enoxaparin day 30", "Heparin"), None),
    ("Wound haematoma\tnone\t4 (3.3%)\t0.02", HEAD, None),
    ("Wound haematoma\t13 (11.0%)\t4 (3.3%)\t0.02", None, None),
    # the comparator's column headed by its role alone, the intervention's by its name
    ("Wound haematoma\t4 (3.3%)\t13 (11.0%)\t0.02", ("", "Enoxaparin (n = 120)", "Control (n = 118)", "P"), -1),
])
def test_column_change_binds_the_value_columns_to_the_arms_by_their_headings(row, header, change):
    assert column_change(row, header, HEPARIN) == change


def test_a_table_row_with_its_headings_reads_the_direction():
    row = "Wound haematoma\t13 (11.0%)\t4 (3.3%)\t0.02"
    r = read_sentence(row, HEPARIN, "wound haematoma", header=HEAD)
    assert r.label == DECREASED and "num_columns=-1" in r.features
    # asked the other way round, the same row reads the other way
    flipped = Terms.build("wound haematoma", "unfractionated heparin", "enoxaparin")
    assert read_sentence(row, flipped, "wound haematoma", header=HEAD).label == INCREASED
    # without its headings the row's significance alone is no answer
    assert read_sentence(row, HEPARIN, "wound haematoma").label is None
    assert read_sentence("Length of stay, days\t9.1 (3.2)\t8.8 (3.0)\t0.45", HEPARIN, "length of stay",
                         header=HEAD).label == NO_DIFF


def test_columns_headed_by_the_arms_roles():
    t = Terms.build("falls with injury", "home exercise programme", "usual care")
    row = "Falls with injury\t3\t15\t0.002"
    assert column_change(row, ("", "Intervention (n = 102)", "Control (n = 97)", "p value"), t) == -1
    assert column_change(row, ("", "Control group", "Intervention group", "p value"), t) == 1
    # two columns headed by the comparator's role: which one is unsaid
    assert column_change(row, ("", "Intervention", "Control A", "Control B"), t) is None


# which arm each value of "a vs b" belongs to, and what is no value
@pytest.mark.parametrize("terms, sentence, change", [
    # a spread typed "+/-" belongs to its value: the pair is 412 vs 368, not 35 vs 368
    (("peak flow", "salbutamol", "placebo"),
     "Peak flow differed significantly between groups (412 +/- 35 vs. 368 +/- 40 L/min, placebo vs. "
     "salbutamol, respectively; p = 0.003).", -1),
    # the arms listed before values given "respectively"
    # (whatever order the sentence named them in before)
    (("pain scores", "ketamine", "saline"),
     "Ketamine or saline was given after surgery; in the saline and ketamine groups, pain scores at six "
     "hours were 4.6 and 2.1, respectively (P = 0.002).", -1),
    (("pain scores", "ketamine", "saline"),
     "Saline or ketamine was given after surgery; in the ketamine and saline groups, pain scores at six "
     "hours were 4.6 and 2.1, respectively (P = 0.002).", 1),
    # the arms listed as the pair's label
    (("office systolic pressure", "telemonitoring", "usual care"),
     "Telemonitoring was offered to half of the patients; office systolic pressure at one year (usual care "
     "vs. telemonitoring: 141.2 vs. 133.5 mmHg; p = 0.02).", -1),
    # one arm right before the pair, the other right after it
    (("preterm birth", "drug Q", "drug R"),
     "Drug R and drug Q were compared. Preterm birth differed significantly: mothers given drug Q, 18.4% "
     "compared with 9.1% among those given drug R (p < 0.001).", 1),
    # a number glued to an arm's name by a hyphen is part of the name ("XR-002"), no value
    (("tumour uptake ratio", "agent XR", "gadoterate"),
     "The tumour uptake ratio differed between agent XR-002 and gadoterate (0.62 and 0.30, respectively, "
     "P < 0.001).", 1),
])
def test_values_of_a_pair_go_to_their_arms(terms, sentence, change):
    r = read_sentence(sentence, Terms.build(*terms), terms[0])
    assert f"num_change={change}" in r.features
    assert r.change == change


def test_a_unit_exponent_is_no_value():
    # "mL·min^−1 vs. 12.5": the −1 is the unit's exponent, not the first value of a pair
    t = Terms.build("clearance", "cyclosporine", "tacrolimus")
    r = read_sentence("Clearance differed significantly (18.2 ± 2.1 mL·min^−1 vs. 12.5 ± 1.9 mL·min^−1 for "
                      "cyclosporine and tacrolimus, respectively; p = 0.01).", t, "clearance")
    assert "num_change=-1" not in r.features and r.label != DECREASED


def test_table_columns_bound_by_their_group_sizes():
    # a heading of a role ("Control (n = 13)") binds one arm; the table's only other column with
    # a group's size is the other arm's
    t = Terms.build("acceptance of illness", "web forum access", "waiting list")
    row = "Acceptance of illness\t3.15 ± 0.51\t3.65 ± 0.53\t0.03"
    assert column_change(row, ("", "Control (n = 13)", "Online group (n = 12)", "p-value"), t) == 1
    assert column_change(row, ("", "Online group (n = 12)", "Control (n = 13)", "p-value"), t) == -1
    # a column of all the patients is no arm's
    t = Terms.build("pulmonary artery pressure", "alteplase infusion", "usual regimen")
    row = "PAP at discharge (mmHg)\t33.0 ± 9.2\t31.5 ± 9.1\t34.5 ± 9.2\t0.018"
    assert column_change(row, ("", "Total (n = 50)", "Alteplase group (n = 25)", "Heparin group (n = 25)",
                               "P value"), t) == -1
    # three groups with sizes: which one is the comparator is unsaid
    assert column_change(row, ("", "Low dose (n = 50)", "Alteplase group (n = 25)", "Heparin group (n = 25)",
                               "P value"), t) is None


@pytest.mark.parametrize("outcome, sentence, label", [
    # "improved"/"better" of a lower-is-better measure is a decrease of it
    ("facial swelling", "Ketorolac was significantly superior to paracetamol for facial swelling "
                        "on day 2 (P = 0.01).", DECREASED),
    ("itching", "Patients using the menthol cream reported significantly better relief of itching than "
                "those using the emollient (p = 0.003).", DECREASED),
    ("negative emotions", "The coaching group achieved a significant improvement in negative emotions "
                          "compared with the leaflet group (p = 0.02).", DECREASED),
    # the absence of such a thing is higher-is-better
    ("time without troublesome dyskinesia", "The coaching group achieved a significantly greater improvement "
                                            "in time without troublesome dyskinesia than the leaflet group "
                                            "(p = 0.02).", INCREASED),
    # a higher-is-better measure keeps "improved" as an increase
    ("walking distance", "The coaching group achieved a significant improvement in walking distance "
                         "compared with the leaflet group (p = 0.02).", INCREASED),
])
def test_better_of_a_lower_is_better_measure(outcome, sentence, label):
    arms = {"facial swelling": ("ketorolac", "paracetamol"), "itching": ("menthol cream", "emollient")}
    t = Terms.build(outcome, *arms.get(outcome, ("coaching", "leaflet")))
    assert read_sentence(sentence, t, outcome).label == label


def test_the_lower_is_better_words_of_the_reader_leave_stored_directions_alone():
    from extractor.compare.direction import stored_direction
    # "swelling" is the sentence reader's word, not the results lexicon's
    assert stored_direction("MD", -1.2, -2.0, -0.4, None, None, None, None, None, "facial swelling") == "decreased"


@pytest.mark.parametrize("sentence, label", [
    # "similar" of other findings or of other studies says nothing of this comparison
    ("Similar to observations in earlier cohorts, serum ferritin was significantly higher in the iron "
     "sucrose group than in the ferrous sulfate group (P < 0.01).", INCREASED),
    ("Similar results were observed for transferrin; serum ferritin was significantly lower with iron "
     "sucrose than with ferrous sulfate (p = 0.02).", DECREASED),
    ("Serum ferritin was significantly higher with iron sucrose than with ferrous sulfate (p = 0.01), "
     "similar to previous reports.", INCREASED),
    # ... but "similar to that of" the other arm is no difference
    ("Serum ferritin with iron sucrose was similar to that with ferrous sulfate (p = 0.44).", NO_DIFF),
])
def test_similar_of_other_findings_is_no_statement_of_no_difference(sentence, label):
    assert read_sentence(sentence, T, "serum ferritin").label == label


def test_significantly_high_or_low_compares():
    t = Terms.build("rescue antiemetic", "granisetron (group G)", "saline (group D)")
    assert read_sentence("Rescue antiemetic use was significantly low in Group G compared with Group D "
                         "(P < 0.05).", t, "rescue antiemetic").label == DECREASED
    assert read_sentence("Rescue antiemetic use was significantly high in Group D compared to Group G "
                         "(P < 0.05).", t, "rescue antiemetic").label == DECREASED


def test_a_list_after_one_group_word_names_each_label():
    assert [x[0] for x in arm_labels("in Group G, O and D, respectively")] == ["G", "O", "D"]
    # no "and": a label and something else
    assert [x[0] for x in arm_labels("Group A, B received")] == ["A"]


@pytest.mark.parametrize("terms, sentence, label", [
    (("complete response", "granisetron (group G)", "saline (group D)"),
     "A complete response occurred in 88%, 76% and 44% in Group G, O and D respectively; P = 0.002.", INCREASED),
    (("tramadol consumption", "bupivacaine (group 2)", "saline (group 1)"),
     "Cumulative tramadol consumption at 24 hours was 370.6 ± 121.6 mg, 220.9 ± 92.5 mg and "
     "240.7 ± 110.4 mg in groups 1, 2 and 3, respectively (p < 0.001).", DECREASED),
    (("tramadol consumption", "bupivacaine (group 2)", "saline (group 1)"),
     "In groups 1, 2 and 3, cumulative tramadol consumption was 370.6, 220.9 and 240.7 mg, "
     "respectively (p < 0.001).", DECREASED),
])
def test_a_list_of_values_given_to_a_list_of_labelled_arms(terms, sentence, label):
    r = read_sentence(sentence, Terms.build(*terms), terms[0])
    assert r.label == label
    assert any(f.startswith("num_respective=") for f in r.features)


def test_the_comparative_nearest_the_fullest_mention_of_the_outcome():
    # a word of the outcome in another measure's name ("LDL cholesterol") is no anchor: the
    # comparative nearest the outcome's fullest mention decides
    t = Terms.build("HDL cholesterol level", "growth hormone", "no treatment")
    s = ("At 6 months, LDL cholesterol decreased (2.20 ± 0.45 vs. 2.63 ± 0.76 mmol/L, P = 0.027) and HDL "
         "cholesterol level increased (1.45 ± 0.40 vs. 1.19 ± 0.23 mmol/L, P = 0.016) in the growth hormone "
         "group compared with the control group.")
    assert read_sentence(s, t, "HDL cholesterol level").label == INCREASED


def test_arm_columns_of_blocks_of_time_points():
    from extractor.compare.direction import arm_columns, column_p
    t = Terms.build("fat mass at week 4", "calcium and vitamin D", "control")
    header = ("", "Week 4 Calcium+D (n = 26)", "Week 4 Control (n = 25)", "Week 4 P",
              "Week 12 Calcium+D (n = 22)", "Week 12 Control (n = 21)", "Week 12 P")
    row = "Fat mass (kg)\t−1.7 ± 1.7\t−1.0 ± 1.1\t0.13\t−2.8 ± 1.3\t−1.8 ± 1.3\t0.02"
    # the question's time point chooses the block, and its p-value
    assert arm_columns(header, t, "fat mass at week 4") == {"I": 1, "C": 2}
    assert column_p(row, header, {"I": 1, "C": 2}) == (0.13, "=")
    assert read_sentence(row, t, "fat mass at week 4", header=header).label == NO_DIFF
    # no time point: the last block (the end of follow-up)
    assert arm_columns(header, t, "fat mass") == {"I": 4, "C": 5}
    assert read_sentence(row, t, "fat mass", header=header).label == DECREASED


def test_arm_columns_leave_out_values_at_entry_and_group_sizes():
    from extractor.compare.direction import arm_columns
    t = Terms.build("body weight", "wellness programme", "standard care")
    header = ("", "Wellness programme (n=60) Baseline", "Wellness programme (n=60) 3-month",
              "Standard care (n=66) Baseline", "Standard care (n=66) 3-month", "p")
    assert arm_columns(header, t, "body weight") == {"I": 2, "C": 4}
    t = Terms.build("weight", "counselling", "control")
    header = ("Outcome", "Control n", "Control Mean (SD)", "Counselling n", "Counselling Mean (SD)", "P")
    assert arm_columns(header, t, "weight") == {"I": 4, "C": 2}
    # two doses against one comparator: which dose is unsaid
    t = Terms.build("pain", "dexmedetomidine", "saline")
    header = ("", "Dexmedetomidine 0.5 µg/kg", "Dexmedetomidine 1 µg/kg", "Saline", "P")
    assert arm_columns(header, t, "pain") is None


@pytest.mark.parametrize("terms, sentence, label", [
    # the comparison reached another arm, "but not" the question's comparator
    (("triglycerides", "nurse-led care", "motivational interviewing"),
     "Triglycerides decreased significantly with nurse-led care when compared to usual care but not "
     "motivational interviewing.", NO_DIFF),
    (("depression scores", "nurse-led care", "motivational interviewing"),
     "Depression scores were significantly lower with nurse-led care compared to usual care (p = 0.009) but not "
     "motivational interviewing (p = 0.195).", NO_DIFF),
    # the comparison with the question's comparator itself stays significant
    (("depression scores", "nurse-led care", "usual care"),
     "Depression scores were significantly lower with nurse-led care compared to usual care (p = 0.009) but not "
     "motivational interviewing (p = 0.195).", DECREASED),
    # a change within the groups ("but not in the placebo group") is no excepted comparison
    (("HbA1c", "exenatide", "placebo"),
     "HbA1c decreased significantly from baseline in the exenatide group but not in the placebo group.", DECREASED),
])
def test_but_not_an_arm_after_a_comparison_with_another(terms, sentence, label):
    assert read_sentence(sentence, Terms.build(*terms), terms[0]).label == label


def test_but_not_an_arm_after_a_comparison_with_baseline():
    t = Terms.build("IL1Ra levels", "liver support", "standard care")
    r = read_sentence("IL1Ra levels were elevated compared with baseline significantly in liver support patients "
                      "(P < 0.05), but not in standard care patients.", t, "IL1Ra levels")
    assert r.significant is True and not any(f.startswith("but_not") for f in r.features)
