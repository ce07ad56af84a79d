"""Arm names cut out of the phrase that introduced them (extractor.trials.armset._trimmed)."""
import pytest

from extractor.trials.armset import _trimmed
from extractor.trials.arms import ArmInfo


def _arm(text, label):
    start = text.index(label)
    return ArmInfo(label=label, start=start, end=start + len(label), intervention=label)


@pytest.mark.parametrize("text, label, name", [
    # a leading dose belongs to the dose fields, not to the name
    ("Participants took 4 grams/day inulin or placebo.", "4 grams/day inulin", "inulin"),
    ("one of two groups: 20 mg melatonin", "groups: 20 mg melatonin", "melatonin"),
    # how the intervention was given is not its name
    ("Homes received exercise bikes installed in their bedroom for 12 weeks.",
     "exercise bikes installed in their bedroom for 12 weeks", "exercise bikes"),
    ("to either the walking programme", "either the walking programme", "walking programme"),
])
def test_arm_names_lose_doses_and_trailing_phrases(text, label, name):
    arm = _trimmed(_arm(text, label), text)
    assert arm is not None
    assert arm.label == name
    assert text[arm.start:arm.start + len(arm.label)] == name


def test_a_name_that_is_already_a_name_stays():
    text = "the aspirin group"
    arm = _trimmed(_arm(text, "aspirin"), text)
    assert arm.label == "aspirin"
