"""Comparator wordings: a saline, vehicle, sham, supportive-care or no-treatment arm is the
control arm, and — when the text has no design cue of its own — names the study's control type."""
import pytest

from extractor.context import Context
from extractor.source import Source
from extractor.trials import extract_studies
from extractor.trials.design import control_from_arm


def _study(text):
    s, = extract_studies(Context(source=Source.from_text(text)))
    return s


@pytest.mark.parametrize("text,control,control_label", [
    ("A total of 212 adults with septic shock were randomly assigned to receive intravenous "
     "hydrocortisone or normal saline.", "placebo", "normal saline"),
    ("Women with rosacea were randomized to ivermectin foam or vehicle foam once daily for 12 weeks.",
     "placebo", "vehicle foam"),
    ("Patients undergoing knee arthroscopy were randomly allocated to a nerve block or a sham "
     "procedure.", "sham", "sham procedure"),
    ("Ninety-six patients were randomized to radiotherapy plus best supportive care or best "
     "supportive care alone.", "usual care", "best supportive care"),
    ("We randomly assigned 410 children to zinc drops or no treatment.", "no treatment", "no treatment"),
    ("Adults with influenza were randomized to the antiviral or standard-of-care management.",
     "standard care", "standard-of-care management"),
])
def test_comparator_arm_is_the_control_and_names_the_study_control(text, control, control_label):
    s = _study(text)
    roles = {a.label: a.role for a in s.arms}
    assert roles[control_label] == "control"
    assert sorted(roles.values()) == ["control", "intervention"]
    assert s.control == control


def test_a_design_cue_in_the_text_wins_over_the_arm_label():
    s = _study("In this double-blind, placebo-controlled trial, adults were randomized to drug Q or "
               "0.9% saline.")
    assert s.control == "placebo" and [a.role for a in s.arms] == ["intervention", "control"]
    s = _study("In this open-label trial of usual care, patients were randomized to a nurse-led "
               "clinic or best supportive care.")
    assert s.control == "usual care"


def test_vehicle_controlled_is_a_design_cue():
    s = _study("This vehicle-controlled study randomized 80 patients to gel A or gel B.")
    assert s.control == "placebo"


def test_two_active_arms_name_no_control_type():
    s = _study("Patients were randomized to drug A or drug B.")
    assert s.control is None and s.arms[1].role == "control"


def test_route_adjective_opens_an_arm_but_a_route_adverb_does_not():
    s = _study("Patients were randomized to oral montelukast or placebo, given orally for 6 weeks.")
    assert [a.label for a in s.arms] == ["montelukast", "placebo"]


@pytest.mark.parametrize("label,value", [
    ("physiological saline", "placebo"), ("matching capsules", "placebo"), ("waitlist", "waiting list"),
    ("no intervention", "no treatment"), ("observation", "no treatment"), ("routine care", "usual care"),
    ("conventional therapy", "standard care"), ("metformin", None), ("salmeterol", None),
    ("observational cohort", None),
])
def test_control_type_from_an_arm_label(label, value):
    assert control_from_arm(label) == value


@pytest.mark.parametrize("text,control", [
    ("Children with bronchiolitis were randomized to nebulized hypertonic saline or normal saline.", "saline"),
    ("Patients in the emergency department were randomly assigned to lactated Ringer's solution or saline.",
     "saline"),
    ("Patients with migraine were randomly assigned to intravenous metoclopramide or saline.", "placebo"),
])
def test_saline_against_another_fluid_is_an_active_comparator(text, control):
    s = _study(text)
    assert s.control == control and s.arms[-1].role == "control"
