"""Numbers ``evidence ask`` withholds because the evidence for them is weak: an outcome that
names the opposite measure of the question's, values a name says are those before treatment,
and events and group sizes rebuilt from a percentage on a denominator that is not the arm's
(stored outcomes and arms written for these tests)."""
from corpus.ask import Question, _arm_numbers, _doubt, _far_denominator, _match_outcomes, _opposed
from extractor.compare.text import norm

from ask_helpers import Idx


def outcome(i, name, timepoint=None, results=()):
    return dict(id=i, study_id=1, name=name, timepoint=timepoint, subgroup=None, is_primary=None,
                results=[dict(arm_id=a, statistic=k, value=v, derived=d) for a, k, v, d in results], effects=[])


def arm(i, label, role="intervention", n_randomized=None, n_analyzed=None):
    return dict(id=i, study_id=1, label=label, role=role, n_randomized=n_randomized, n_analyzed=n_analyzed,
                intervention=label, dose=None)


def q(out, i="drug", c="placebo"):
    return Question(doc="1", outcome=out, intervention=i, comparator=c)


MEAN_SD = [(1, "mean", 2.2, 0), (1, "sd", 0.45, 0), (2, "mean", 2.63, 0), (2, "sd", 0.76, 0)]


def names(idx, question):
    return [o["name"] for _, o in _match_outcomes(idx, question)]


def test_opposite_qualifiers_tell_two_measures_apart():
    w = lambda t: {norm(x) for x in t.split()}  # noqa: E731
    assert _opposed(w("high density lipoprotein cholesterol"), w("low density lipoprotein cholesterol"))
    assert _opposed(w("nights without relief medication"), w("days without relief medication"))
    assert _opposed(w("diastolic blood pressure"), w("systolic blood pressure"))
    assert not _opposed(w("systolic blood pressure"), w("systolic blood pressure at week 12"))
    # a name holding both words of a pair ("positive and negative syndrome scale") opposes nothing
    assert not _opposed(w("positive and negative syndrome scale"), w("negative subscale of the positive and negative syndrome scale"))


def test_an_outcome_of_the_opposite_measure_is_no_match():
    # the abbreviations spell out to names differing by one word only
    abbrev = {"HDL-C": "high density lipoprotein cholesterol", "LDL-C": "low density lipoprotein cholesterol"}
    idx = Idx([outcome(1, "LDL-C", "6 months", MEAN_SD)], abbrev=abbrev)
    assert names(idx, q("HDL-C level")) == []
    assert names(idx, q("LDL-C level")) == ["LDL-C"]
    idx = Idx([outcome(1, "days with no use of relief medication", None, MEAN_SD)])
    assert names(idx, q("the number of nights with no use of relief medication")) == []
    assert names(idx, q("the number of days with no use of relief medication")) == ["days with no use of relief medication"]


def test_a_name_opening_with_the_time_before_treatment_is_withheld():
    idx = Idx(arms=[arm(1, "TOS"), arm(2, "single-incision sling", role="control")])
    a, c = idx.arms
    o = outcome(1, "Preoperatively, mean daily pad usage", None, MEAN_SD)
    why = _doubt(idx, q("mean daily pad usage", "TOS", "single-incision sling"), a, c, o)
    assert why and "before treatment" in why
    # ... unless the question asks for it; and a name adjusted for baseline is a result
    assert _doubt(idx, q("preoperative mean daily pad usage", "TOS", "single-incision sling"), a, c, o) is None
    o = outcome(2, "Baseline-adjusted HbA1c", None, MEAN_SD)
    assert _doubt(idx, q("HbA1c", "TOS", "single-incision sling"), a, c, o) is None


def test_counts_rebuilt_on_a_denominator_far_from_the_arm_are_not_given():
    # 8.33% fits no count of 32; the extractor stored 2/24 as derived: another population
    a = arm(1, "ETI", n_randomized=32, n_analyzed=32)
    o = outcome(1, "adverse effects", None, [(1, "percent", 8.33, 0), (1, "events", 2, 1), (1, "total", 24, 1)])
    # the percentage alone is given, without the arm's sizes: they are not its denominator
    assert _arm_numbers(a, o) == {"arm_id": 1, "label": "ETI", "percent": 8.33}
    assert "fits no count of its 32" in _far_denominator(a, o)
    # a denominator one short of the arm (a drop-out) is the arm's analysed group
    a = arm(1, "A", n_randomized=11)
    o = outcome(1, "response", None, [(1, "percent", 60.0, 0), (1, "events", 6, 1), (1, "total", 10, 1)])
    assert _arm_numbers(a, o)["events"] == 6 and _arm_numbers(a, o)["total"] == 10
    assert _far_denominator(a, o) is None
    # printed counts are never withheld by this rule
    a = arm(1, "ETI", n_analyzed=32)
    o = outcome(1, "adverse effects", None, [(1, "events", 2, 0), (1, "total", 24, 0)])
    assert _arm_numbers(a, o)["total"] == 24 and _far_denominator(a, o) is None


def test_end_of_treatment_is_taken_over_a_later_follow_up_and_said():
    from corpus.ask import _end_of_treatment

    post = outcome(1, "Intrinsic motivation", "Post-test", MEAN_SD)
    later = outcome(2, "Intrinsic motivation", "4 months", MEAN_SD)
    before = outcome(3, "Intrinsic motivation", "Pre-test", MEAN_SD)
    good = [(1.0, post), (1.0, later), (0.95, before)]
    end, note = _end_of_treatment(q("intrinsic motivation"), later, good)
    assert end is post and "end of treatment taken ('Post-test')" in note and "also reported at '4 months'" in note
    assert _end_of_treatment(q("intrinsic motivation"), post, good)[0] is post
    # a question naming a time point, or a primary endpoint marked, decides
    assert _end_of_treatment(q("intrinsic motivation at 4 months"), later, good) is None
    assert _end_of_treatment(q("intrinsic motivation at follow-up"), later, good) is None
    assert _end_of_treatment(q("intrinsic motivation"), dict(later, is_primary=1), good) is None
    # readings at several times after surgery, none the end of a treatment: the last answers
    a = outcome(4, "Pain", "Postoperative 1st hour", MEAN_SD)
    b = outcome(5, "Pain", "Postoperative 1st day", MEAN_SD)
    assert _end_of_treatment(q("pain"), b, [(1.0, a), (1.0, b)]) is None
    # only the end of treatment and the values at entry: nothing to choose between
    assert _end_of_treatment(q("intrinsic motivation"), post, [(1.0, post), (0.95, before)]) is None


def test_a_time_to_an_event_and_the_event_are_two_measures():
    idx = Idx([outcome(1, "time to PR", None, MEAN_SD)], abbrev={"PR": "pain relief"})
    assert names(idx, q("pain relief (PR) within 2 h after dosing")) == []
    assert names(idx, q("median time to pain relief")) == ["time to PR"]
    idx = Idx([outcome(1, "Atrial fibrillation", None, MEAN_SD)])
    assert names(idx, q("revealing time of atrial fibrillation")) == []
    assert names(idx, q("atrial fibrillation")) == ["Atrial fibrillation"]
    # "at any time", "first-time", a time point and a dosing frequency name no time measure
    idx = Idx([outcome(1, "rash at any time and of any grade", None, MEAN_SD),
               outcome(2, "first-time insertion success", None, MEAN_SD)])
    assert names(idx, q("rash")) == ["rash at any time and of any grade"]
    assert names(idx, q("insertion success")) == ["first-time insertion success"]
    # a time spelled out by the document's abbreviation
    idx = Idx([outcome(1, "TBUT", None, MEAN_SD)], abbrev={"TBUT": "tear film break-up time"})
    assert names(idx, q("tear film break-up time (TBUT)")) == ["TBUT"]


def test_a_geometric_mean_is_not_given_as_the_mean():
    from types import SimpleNamespace

    from corpus.ask import _arithmetic

    text = "Stored water was better in intervention households (geometric mean 3 vs. 181 TTC/100 mL, p<0.001)."
    sent = SimpleNamespace(char_start=100, text=text)
    idx = SimpleNamespace(sentence_at=lambda off: sent if 100 <= off < 100 + len(text) else None)
    at = 100 + text.index("3 vs")
    o = dict(id=1, results=[dict(arm_id=1, statistic="mean", value=3.0, derived=0, char_start=at),
                            dict(arm_id=2, statistic="mean", value=181.0, derived=0, char_start=at + 5),
                            dict(arm_id=1, statistic="total", value=61, derived=0, char_start=10)])
    assert [(r["arm_id"], r["statistic"]) for r in _arithmetic(idx, o)["results"]] == [(1, "total")]
    # an arithmetic mean in the same kind of sentence is kept
    text2 = text.replace("geometric mean", "mean")
    sent2 = SimpleNamespace(char_start=100, text=text2)
    idx2 = SimpleNamespace(sentence_at=lambda off: sent2)
    assert _arithmetic(idx2, o) is o


def test_a_stored_name_that_is_the_questions_bracketed_short_name():
    # a table of tidal breathing indices, each row named by its short name only; the question
    # spells the index out and gives the short name in brackets
    rows = ["PTEF (ml/s)", "TEF10 (ml/s)", "TEF50 (ml/s)", "25/PT", "Tidal volume (ml)", "TI/TE", "tPTEF/tE"]
    idx = Idx([outcome(i, n, None, MEAN_SD) for i, n in enumerate(rows, 1)])
    assert names(idx, q("ratio of the tidal expiratory flow at 25% of the remaining tidal volume to "
                         "PTEF (25/PT)"))[:1] == ["25/PT"]
    # a ratio of two times, and the ratio of inspiratory to expiratory time: the long form's
    # "time" and "inspiratory" do not tell the named row from the measure asked
    assert names(idx, q("ratio of time to peak tidal expiratory flow to expiratory time (tPTEF/tE)")) == ["tPTEF/tE"]
    assert names(idx, q("inspiratory to expiratory time ratio (TI/TE)")) == ["TI/TE"]
    # the other rows keep their own names
    assert names(idx, q("tidal expiratory flow at 10% (TEF10)"))[:1] == ["TEF10 (ml/s)"]
    # a name holding more than the short name is not the question's measure by that name
    idx = Idx([outcome(1, "25/PT at rest, corrected for age", None, MEAN_SD)])
    assert names(idx, q("inspiratory to expiratory time ratio (TI/TE)")) == []


def test_a_verb_saying_the_event_happened_is_no_word_of_the_outcome():
    # "patients who developed complications" and "complications" name one outcome: a sentence's
    # "developed" (or "experienced", "observed", "occurred") no more than its "significantly"
    question = q("the number of patients with postoperative complications")
    for verb in ("developed", "experienced", "observed"):
        idx = Idx([outcome(1, f"{verb} complications", None, MEAN_SD), outcome(2, "complications", None, MEAN_SD)])
        (s1, _), (s2, _) = _match_outcomes(idx, question)
        assert s1 == s2
    idx = Idx([outcome(1, "complications occurred", None, MEAN_SD), outcome(2, "complications", None, MEAN_SD)])
    (s1, _), (s2, _) = _match_outcomes(idx, question)
    assert s1 == s2


def test_a_word_of_the_time_before_treatment_is_no_word_of_the_outcome():
    # "agility test" asked; the table prints the agility times at "Pre-test" and at "4 months":
    # the "test" of "Pre-test" is no reason to take the values before treatment
    idx = Idx([outcome(1, "Agility", "Pre-test", MEAN_SD), outcome(2, "Agility", "4 months", MEAN_SD)])
    (s1, o1), (s2, _) = _match_outcomes(idx, q("agility test"))[:2]
    assert o1["timepoint"] == "4 months" and s1 > s2
    # a question about the values at entry still finds them by that word
    idx = Idx([outcome(1, "Score", "Pre-test", MEAN_SD), outcome(2, "Score", "Post-test", MEAN_SD)])
    assert _match_outcomes(idx, q("pre-test score"))[0][1]["timepoint"] == "Pre-test"


def test_a_table_caption_gives_its_rows_their_time_point():
    from extractor.trials.tablereader import _caption_time
    assert _caption_time("Comparison of SCL-90, IL-2 and cortisol between groups before the intervention.") == \
        "before the intervention"
    assert _caption_time("Comparison of SCL-90, IL-2 and cortisol between groups after the intervention.") == \
        "after the intervention"
    assert _caption_time("Outcome measures, postintervention") == "postintervention"
    assert _caption_time("Pre-test comparisons of knowledge and attitudes") == "Pre-test"
    # several time points, a change, a follow-up, or none: no one time point for every row
    for cap in ("Outcomes at baseline and after 12 weeks of training", "Changes from baseline to the end of the study",
                "Characteristics at inclusion, at the end of the intervention and after 10 years",
                "Secondary end points", "Baseline-adjusted outcomes", None):
        assert _caption_time(cap) is None, cap


def test_rows_alike_in_tables_before_and_after_treatment_are_told_apart():
    from corpus.ask import Asker
    from extractor.trials.tablereader import _caption_time

    # the time points the table reader stores from the two tables' captions
    before = outcome(1, "Anxiety", _caption_time("Scores of the two groups before the intervention"), MEAN_SD)
    after = outcome(2, "Anxiety", _caption_time("Scores of the two groups after the intervention"),
                    [(1, "mean", 1.5, 0), (1, "sd", 0.4, 0), (2, "mean", 2.5, 0), (2, "sd", 0.7, 0)])
    assert (before["timepoint"], after["timepoint"]) == ("before the intervention", "after the intervention")
    idx = Idx([before, after], arms=[arm(1, "drug"), arm(2, "placebo", role="control")])
    a, c = idx.arms
    good = [(s, o) for s, o in _match_outcomes(idx, q("Anxiety"))]
    assert Asker._choose(good, q("Anxiety"), a, c) is after
    assert "before treatment" in _doubt(idx, q("Anxiety"), a, c, before)


def test_words_that_qualify_a_stored_name_do_not_count_against_it():
    from corpus.ask import _qualifier_words
    w = lambda t: {norm(x) for x in t.split()}  # noqa: E731
    assert _qualifier_words("visual acuity change (logMAR)", w("visual acuity")) == {"logmar"}
    assert _qualifier_words("Mini Cal: Twelve weeks", w("mini cal score")) == {"twelve", "week"}
    # a bracket the question echoes, several time points, or another time point than the stored one stay
    assert _qualifier_words("Pain (on movement)", w("pain on movement")) == set()
    assert _qualifier_words("Mortality rates at 28 and 90 days", w("mortality rates"), "28 days") == set()
    # the measure in a bracket of its own, the name then empty, is the name
    assert _qualifier_words("(kg)", set()) == set()


def test_a_change_with_its_scale_in_brackets_answers_a_question_on_the_change():
    idx = Idx([outcome(1, "VA", "3 months", MEAN_SD),
               outcome(2, "visual acuity change (logMAR)", "3 months", MEAN_SD)],
              abbrev={"VA": "visual acuity"})
    assert names(idx, q("Mean improvement in visual acuity (VA)"))[0] == "visual acuity change (logMAR)"


def test_readings_whose_names_print_their_time_points_are_chosen_by_them():
    from corpus.ask import Asker
    a, c = arm(1, "drug"), arm(2, "placebo", role="control")
    two = outcome(1, "Mini Cal: Two weeks", None, MEAN_SD)
    twelve = outcome(2, "Mini Cal: Twelve weeks", None, MEAN_SD)
    idx = Idx([two, twelve], arms=[a, c])
    for question, want in (("mini-CAL score at 2 weeks", two), ("mini-CAL score at 12 weeks", twelve),
                           ("mini-CAL score", twelve)):
        good = [(s, o) for s, o in _match_outcomes(idx, q(question)) if s >= 0.5]
        assert Asker._choose(good, q(question), a, c) is want, question


def test_an_arm_size_is_given_only_with_a_number_it_is_the_denominator_of():
    a = arm(1, "drug", n_randomized=40, n_analyzed=38)
    o = outcome(1, "overall survival", None, [(1, "median", 11.2, 0)])
    assert _arm_numbers(a, o) == {"arm_id": 1, "label": "drug", "median": 11.2}
    # a percentage printed alone does not say of how many patients it is the share: the arm's
    # sizes beside it would be a guessed denominator
    o = outcome(1, "response", None, [(1, "percent", 45.0, 0)])
    assert _arm_numbers(a, o) == {"arm_id": 1, "label": "drug", "percent": 45.0}
    # ... a count with its percentage keeps them
    o = outcome(1, "response", None, [(1, "events", 17, 0), (1, "percent", 45.0, 0)])
    assert _arm_numbers(a, o)["n_analyzed"] == 38
    o = outcome(1, "pain", None, [(1, "mean", 3.1, 0), (1, "sd", 1.2, 0)])
    assert _arm_numbers(a, o)["n_randomized"] == 40


def test_half_a_comparison_is_withheld():
    from corpus.ask import _one_sided
    a, c = arm(1, "drug", n_analyzed=30), arm(2, "placebo", role="control", n_analyzed=31)
    # a count for one arm only (the other arm's number in a figure): neither arm's count is given
    o = outcome(1, "efficacy", None, [(1, "events", 18, 0), (1, "percent", 60.0, 0), (2, "percent", 45.2, 0)])
    nums = (_arm_numbers(a, o), _arm_numbers(c, o))
    why = _one_sided(nums)
    assert why and "only the intervention arm" in why
    assert nums == ({"arm_id": 1, "label": "drug", "percent": 60.0}, {"arm_id": 2, "label": "placebo", "percent": 45.2})
    # both arms counted, or neither: nothing withheld
    o = outcome(1, "efficacy", None, [(1, "events", 18, 0), (2, "events", 14, 0)])
    nums = (_arm_numbers(a, o), _arm_numbers(c, o))
    assert _one_sided(nums) is None and nums[0]["events"] == 18 and nums[1]["n_analyzed"] == 31
    assert _one_sided(({"arm_id": 1}, {"arm_id": 2})) is None


def test_a_death_asked_as_mortality_matches_only_when_nothing_else_is_asked():
    events = [(1, "events", 8, 0), (2, "events", 8, 0)]
    idx = Idx([outcome(1, "Death", None, events), outcome(2, "Intraventricular hemorrhage", None, events)])
    assert names(idx, q("mortality")) == ["Death"]
    idx = Idx([outcome(1, "ALL DEATHS", None, events)])
    assert names(idx, q("mortality")) == ["ALL DEATHS"]
    # a narrower question ("vascular mortality") is not answered by every death
    assert names(idx, q("vascular mortality")) == []


def test_an_element_symbol_names_the_element_a_laboratory_question_asks_of():
    idx = Idx([outcome(1, "K (mEq/L)", "12 weeks", MEAN_SD), outcome(2, "Na (mEq/L)", "12 weeks", MEAN_SD)])
    assert names(idx, q("serum potassium"))[0] == "K (mEq/L)"
    assert names(idx, q("serum sodium"))[0] == "Na (mEq/L)"
    # a letter that is no symbol of its own ("vitamin K", "K6") names no element
    idx = Idx([outcome(1, "vitamin K", None, MEAN_SD), outcome(2, "K6 score", None, MEAN_SD)])
    assert names(idx, q("serum potassium")) == []


def test_values_at_time_point_zero_are_those_before_treatment():
    from corpus.ask import _at_entry

    assert _at_entry("Month 0") and _at_entry("Day 0") and _at_entry("W0")
    assert not _at_entry("Month 6") and not _at_entry("0-12 months")
    idx = Idx(arms=[arm(1, "rosehip"), arm(2, "placebo", role="control")])
    a, c = idx.arms
    # a table printing its visits in the row stub ("Body fat area (cm2): W0 ... W12")
    w0 = outcome(1, "Body fat area (cm2): W0", None, MEAN_SD)
    w12 = outcome(2, "Body fat area (cm2): W12", None, MEAN_SD)
    why = _doubt(idx, q("body fat area", "rosehip", "placebo"), a, c, w0)
    assert why and "before treatment" in why
    assert _doubt(idx, q("body fat area", "rosehip", "placebo"), a, c, w12) is None
    idx = Idx([w0, w12])
    assert names(idx, q("body fat area"))[0] == "Body fat area (cm2): W12"


def test_a_question_joining_two_measures_gets_no_numbers_of_one():
    idx = Idx([outcome(1, "Gestational diabetes (GDM)", None, MEAN_SD)], arms=[arm(1, "drug"), arm(2, "placebo", role="control")],
              abbrev={"GDM": "gestational diabetes mellitus"})
    a, c = idx.arms
    o = idx.outcomes[0]
    why = _doubt(idx, q("incidence of GDM and preeclampsia"), a, c, o)
    assert why and "names one only" in why and "preeclampsia" in why
    # a stored name holding both measures answers it; so does one measure asked alone
    both = outcome(2, "GDM and preeclampsia", None, MEAN_SD)
    assert _doubt(idx, q("incidence of GDM and preeclampsia"), a, c, both) is None
    assert _doubt(idx, q("incidence of GDM"), a, c, o) is None
    # two time points joined are no two measures; "or" most often joins one composite event
    bprs = outcome(3, "BPRS global score", "6 months", MEAN_SD)
    assert _doubt(idx, q("BPRS global score after 6 months (T1) and after 1 year (T2)"), a, c, bprs) is None
    sudden = outcome(4, "sudden deaths", None, MEAN_SD)
    assert _doubt(idx, q("sudden deaths or resuscitated cardiac arrests"), a, c, sudden) is None
