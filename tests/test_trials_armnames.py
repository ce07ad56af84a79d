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


@pytest.mark.parametrize("text, arms", [
    # the alternatives are what follows "either"; the shared head before it names no arm
    ("Sixty adults with sciatica were enrolled. The patients were randomized to receive an epidural "
     "steroid injection, through either the caudal or the interlaminar approach. Relief at 3 weeks "
     "occurred in 19/30 vs 17/30.",
     [("caudal", "intervention"), ("interlaminar approach", "control")]),
    # a maker in brackets, then "at 30 mg": the adjunct is no part of the name
    ("Volunteers were randomized to receive either omeprazole (Norvik Pharma) at 20 mg or "
     "rabeprazole (Tessa Labs) at 10 mg via infusion. Healing occurred in 20/30 vs 18/30.",
     [("omeprazole", "intervention"), ("rabeprazole", "control")]),
    # a duration after the last alternative, a purpose after an arm
    ("Patients with sepsis were randomized to atorvastatin 40 mg or placebo (1:1) for up to 28 days. "
     "Death occurred in 5/40 vs 8/41.",
     [("atorvastatin", "intervention"), ("placebo", "control")]),
    ("Adults were randomly allocated to receive the Ambu mask for airway management or the classic "
     "mask. Leaks occurred in 4/30 vs 9/30.",
     [("Ambu mask", "intervention"), ("classic mask", "control")]),
    # what tells two arms apart stays in their names
    ("Migraine patients were randomized to rizatriptan for the first attack or rizatriptan for the "
     "second attack. Pain freedom at 2 h was 40/90 vs 35/88.",
     [("rizatriptan for the first attack", "intervention"), ("rizatriptan for the second attack", "control")]),
])
def test_arm_names_lose_adjuncts_after_the_name(text, arms):
    assert _study_arms(text) == arms


def test_a_randomised_trial_is_no_randomisation_sentence():
    # "a randomized controlled trial ... referring to <a hospital>, <a country>": the hospital and
    # the country are no arms
    text = ("This research is a randomized controlled trial conducted on 80 women with a tubal pregnancy "
            "referring to Sina teaching hospital of Tabriz city, Iran during 2014 - 2015. Treatment "
            "succeeded in 31 of 40 women in the two-dose group and 27 of 40 in the one-dose group.")
    labels = [label for label, _ in _study_arms(text)]
    assert not any("hospital" in x or "Iran" in x for x in labels)


def test_letter_groups_win_over_a_phrase_before_group():
    # no sentence lists the arms; "Group P" and "Group C" are named on purpose, "the pneumatic
    # compression group" once in the discussion
    text = ("This study was a randomized clinical trial conducted in a teaching hospital. In Group P "
            "(n = 35), a pneumatic pump was applied to the legs; Group C (n = 38) received no pump. "
            "Hypotension occurred in 8 patients of Group P and 15 of Group C. In the discussion, "
            "hypotension in the pneumatic compression group was lower than in the control group.")
    assert [label for label, _ in _study_arms(text)] == ["Group P", "Group C"]


def test_a_list_of_grades_is_no_enumeration_of_arms():
    text = ("Sixty patients were enrolled in this randomised trial. Grade 1 and 2 tonsils received the "
            "laser beam in 4 points, and grade 3 and 4 tonsils received the same in 6 points. Bleeding "
            "was rare.")
    labels = [label for label, _ in _study_arms(text)]
    assert not any("points" in x for x in labels)


_LETTER_TABLE = """<?xml version="1.0"?>
<article><front><article-meta><title-group><article-title>A leg pump against hypotension: a randomised trial</article-title>
</title-group></article-meta></front>
<body><sec><title>Methods</title><p>This study was a randomized clinical trial conducted in a teaching hospital.
Women were divided into a leg pump group (Group P) or a control group (Group C) by simple random sampling.</p></sec>
<sec><title>Results</title><p>Hypotension was less frequent in the P group (Table 2). Ephedrine use was lower in the
leg pump group than in the C group.</p>
<table-wrap id="t2"><label>Table 2</label><caption><p>Hypotension after spinal anaesthesia</p></caption>
<table><thead><tr><th></th><th>Group P (n=35)</th><th>Group C (n=38)</th><th>P</th></tr></thead>
<tbody><tr><td>Hypotension, n (%)</td><td>7 (20.0)</td><td>19 (50.0)</td><td>0.01</td></tr></tbody></table>
</table-wrap></sec></body>
</article>
"""


def test_letter_groups_of_the_tables_win_over_phrases_before_group():
    from extractor.pipeline import extract_data
    s, = extract_data(_LETTER_TABLE.encode(), "trial.xml").studies
    assert [(a.label, a.n_randomized or a.n_analyzed) for a in s.arms] == [("Group P", 35), ("Group C", 38)]


def test_groups_defined_in_square_brackets_with_their_short_forms():
    # the listing sentence names no group ("to receive zinc ... on the days of chemotherapy"); the
    # results define them in brackets with their short forms and sizes
    text = ("Zinc-deficient patients were randomized before chemotherapy to receive zinc (as zinc sulfate) by "
            "mouth on each of the days of the chemotherapy cycle, or to receive no supplement. "
            "A total of 70 patients had been randomized, 33 of which received zinc [zinc group, ZnG] and 37 "
            "serving as controls [control group, CG]. Mucositis of grade 2 or more occurred in 7 of 33 "
            "patients in the ZnG and 15 of 37 in the CG.")
    from extractor.context import Context
    from extractor.source import Source
    from extractor.trials import extract_studies
    s, = extract_studies(Context(source=Source.from_text(text)))
    assert [(a.label, a.role, a.n_randomized) for a in s.arms] == [("ZnG", "intervention", 33), ("CG", "control", 37)]


@pytest.mark.parametrize("text, arms", [
    # "one group ... and the other ...": each group named by what it is given, sizes from brackets
    ("A total of 118 adults with hip osteoarthritis were randomly divided into two groups: one group "
     "(n=60) was administered naproxen SR once daily and the other (n=58), naproxen immediate release "
     "twice a day for 6 weeks. Pain scores fell in both groups.",
     [("naproxen SR", 60), ("naproxen immediate release", 58)]),
    # ... the other group defined in the next sentence
    ("Forty adolescents were randomized 1:1 into two groups (n = 20). One group received the triple "
     "therapy consisting of omeprazole 20 mg and clarithromycin 250 mg twice daily for 14 days. The second "
     "group received the quadruple therapy consisting of omeprazole, bismuth and two antibiotics.",
     [("triple therapy", None), ("quadruple therapy", None)]),
])
def test_one_group_and_the_other_group(text, arms):
    from extractor.context import Context
    from extractor.source import Source
    from extractor.trials import extract_studies

    studies = extract_studies(Context(source=Source.from_text(text)))
    got = [(a.label, a.n_randomized) for s in studies for a in s.arms]
    assert got == arms
    for s in studies:
        for a in s.arms:
            assert text[a.prov.char_start:a.prov.char_end] == a.label


def test_a_group_named_in_its_own_bracket():
    # the bracket after each alternative names its group; the clause after the list is no arm
    text = ("Twenty students were randomly assigned to one of two training groups: rowing at 60% of "
            "maximum (rowing group, n = 10) or cycling at the same load (cycling group, n = 10), "
            "performed 3 sessions per week. Strength rose more with rowing.")
    assert _study_arms(text) == [("rowing group", "intervention"), ("cycling group", "control")]


def test_randomly_distributed_into_groups_lists_the_groups():
    text = ("Of the mothers referred to the clinics, 80 were randomly distributed into two groups: "
            "counselling (n=40) and control (n=40). Attitude scores rose with counselling.")
    assert [a for a, _ in _study_arms(text)] == ["counselling", "control"]


def test_allocation_verb_after_another_verb_of_the_subject():
    text = ("Adults with dry eye were included in a prospective controlled study and assigned (1:1) to the "
            "omega-3 supplementation group or the control group. Tear break-up time rose from 4.1 (1.2) s to "
            "6.0 (1.5) s in the omega-3 group only.")
    assert [a for a, _ in _study_arms(text)] == ["omega-3 supplementation", "control"]


def test_a_group_named_by_part_of_another_groups_name_is_that_group():
    from extractor.trials.arms import _arms_from_group_mentions

    text = ("Scores rose in the zinc supplementation group. The zinc supplementation group had fewer "
            "infections than the control group. The control group had more visits. Only the zinc group "
            "gained weight; in the supplementation group, appetite also improved. The zinc group slept "
            "better and the supplementation group missed fewer days.")
    sents = [(0, len(text))]
    arms = _arms_from_group_mentions(text, sents, {})
    assert [a.label for a in arms] == ["zinc supplementation", "control"]
    assert {"zinc", "supplementation"} <= arms[0].names


def _defined(text, label):
    from extractor.trials.armset import _definition
    arm = _arm(text, label)
    _definition(arm, text)
    return arm


def test_a_sentence_about_lost_patients_defines_no_group():
    text = ("Two patients from group L (n=24), one patient from group M (n=25) and one from group K (n=25) "
            "were excluded from the analysis because the block failed. "
            "The patients were allocated into three groups: Group L (n = 25): femoral block with a short bevel "
            "needle, Group M (n = 25): femoral block with a long bevel needle, Group K (n = 25): femoral block "
            "with a long bevel needle and a catheter.")
    arm = _defined(text, "group L")
    assert arm.intervention == "femoral block with a short bevel needle", arm.intervention
    arm = _defined(text, "group M")
    assert arm.intervention == "femoral block with a long bevel needle", arm.intervention
    # only the sentence about exclusions names group Q: it stays its label
    text = "One patient from group Q (n=20) withdrew consent, and group R lost two. Group Q and group R were similar."
    assert _defined(text, "group Q").intervention == "group Q"


def test_a_group_named_by_a_code_takes_what_it_did():
    text = ("Forty older men were randomly assigned to one of two groups: a group that cycled two times per week "
            "(n=20; group \u201cC2w\u201d) or a group that cycled four times per week (n=20; group \u201cC4w\u201d). "
            "C2w cycled on Mondays and Thursdays, while C4w cycled on four weekdays.")
    assert _defined(text, "C2w").intervention == "cycled two times per week"
    assert _defined(text, "C4w").intervention == "cycled four times per week"
    text = "Both groups improved (C2w = +12%, C4w = +15%). C2w trained on a cycle ergometer for 30 minutes, while C4w rested."
    assert _defined(text, "C2w").intervention == "on a cycle ergometer for 30 minutes"
    # a word is no code: "CBT" keeps its own name
    assert _defined("CBT performed better than waiting list.", "CBT").intervention == "CBT"
