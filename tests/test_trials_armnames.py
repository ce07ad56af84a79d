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


def _study_arms(text):
    from extractor.context import Context
    from extractor.source import Source
    from extractor.trials import extract_studies

    studies = extract_studies(Context(source=Source.from_text(text)))
    return [(a.label, a.role) for s in studies for a in s.arms]


@pytest.mark.parametrize("text, arms", [
    # a time frame after the last alternative applies to every arm
    ("Clinics (n = 80) were randomised to receive a printed reminder or no reminder during their "
     "first audit cycle. Audit completion was 30/40 vs 21/40.",
     [("printed reminder", "intervention"), ("no reminder", "control")]),
    # ... but one inside an arm's own name stays there
    ("Patients were randomised to hear music during the operation or no music. Anxiety was lower "
     "with music (12/50 vs 20/50).",
     [("hear music during the operation", "intervention"), ("no music", "control")]),
    # a maker's name in nested brackets leaves no bracket behind
    ("Adults were randomly assigned to receive either 2 mg buccal midazolam (Calmora Labs) or 5 mg "
     "rectal diazepam (Restiva Gel [Northfield Pharma]) (12) during the first seizure. Recurrence "
     "occurred in 12/40 vs 9/40.",
     [("buccal midazolam", "intervention"), ("rectal diazepam", "control")]),
    # the sentence's own verb after the list ends it: the time points it lists are no arms
    ("Smokers, who were randomised to receive three coaching calls or three leaflet mailings, were "
     "followed up at baseline, the end of the course, and 12 months later. Quit rates were 20/90 vs 11/88.",
     [("coaching calls", "intervention"), ("leaflet mailings", "control")]),
])
def test_arm_lists_end_where_the_alternatives_end(text, arms):
    got = _study_arms(text)
    if arms is not None:
        assert got == arms
    assert not any(label.endswith((")", "]")) for label, _ in got)


def test_groups_named_by_any_capital_letter():
    # a drug's initial names the group ("Group M" for magnesium, "Group S" for saline)
    text = ("This randomised study enrolled 60 adults undergoing knee surgery. In Group M (n = 30), "
            "magnesium sulfate was infused over 20 min. Group S patients (n = 28) received the same volume "
            "of saline. Pain at 24 h was lower in Group M than in Group S (3.1 ± 1.2 vs. 4.4 ± 1.5, P = 0.002).")
    assert [label for label, _ in _study_arms(text)] == ["Group M", "Group S"]
    from extractor.context import Context
    from extractor.source import Source
    from extractor.trials import extract_studies
    study, = extract_studies(Context(source=Source.from_text(text)))
    # a population noun between the group and its size ("Group S patients (n = 28)")
    assert [a.n_randomized or a.n_analyzed for a in study.arms] == [30, 28]
    # blood groups name no arm
    text = ("Patients were randomised to fresh or stored red cells. Blood group O donors and blood group A "
            "donors were matched; blood group O was the commonest and blood group A the next.")
    assert not any(label.startswith(("group", "Group")) for label, _ in _study_arms(text))
