"""The sentence rules of ``evidence ask`` (extractor.compare.direction), on sentences written for
these tests: significance with negations and hedges, comparatives, the arm that is the subject."""
import pytest

from extractor.compare.direction import (DECREASED, INCREASED, NO_DIFF, Terms, change_label,
                                         effect_change, mask, mentions, p_values, read_sentence)
from extractor.compare.text import expand, norm, token_f1

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
    assert expand("FEV1 at week 8", {"FEV1": "forced expiratory volume in 1 s"}).endswith(
        "(forced expiratory volume in 1 s)")
    assert expand("forced expiratory volume in 1 s", {"FEV1": "forced expiratory volume in 1 s"}).endswith("(FEV1)")
    assert token_f1("a b c", "a b d") == pytest.approx(2 / 3)
