"""When ``evidence ask`` gives per-arm numbers and when it withholds them: the arms the question
names, the time point it names (in digits or words), values at entry, and which of several
readings at the last time point answers (stored outcomes and arms written for these tests)."""
from corpus.ask import Asker, Question, _doubt, _names_arm, _same_time, _times


class Idx:
    """The parts of a document index that the number checks read."""

    def __init__(self, arms, abbrev=None):
        self.arms = arms
        self.abbrev = abbrev or {}
        self.outcomes = []

    def weight(self, t):
        return 1.0


def arm(i, label, role="intervention", intervention=None, study=1):
    return dict(id=i, study_id=study, label=label, role=role, n_randomized=None, n_analyzed=None,
                intervention=intervention or label, dose=None)


def outcome(i, name, timepoint=None, results=(), subgroup=None):
    return dict(id=i, study_id=1, name=name, timepoint=timepoint, subgroup=subgroup, is_primary=None,
                results=[dict(arm_id=a, statistic=k, value=v, derived=0) for a, k, v in results], effects=[])


def q(out, i, c):
    return Question(doc="1", outcome=out, intervention=i, comparator=c)


MEAN_SD = [(1, "mean", 24.1), (1, "sd", 6.2), (2, "mean", 27.9), (2, "sd", 5.8)]


def test_time_points_in_digits_and_in_words():
    assert _times("HbA1c after three months") == _times("HbA1c at 3 months") == _times("3-month HbA1c")
    assert _times("week 12") == _times("12 weeks") == _times("12-wk")
    assert _same_time(_times("1 year"), _times("12 months"))
    assert _same_time(_times("26 weeks"), _times("6 months"))
    assert not _same_time(_times("6 months"), _times("3 months"))
    assert _times("30 min") != _times("30 months")  # minutes are not months
    assert _times("pain score") == set()


def test_arms_named_by_words_roles_and_abbreviations():
    idx = Idx([arm(1, "HIIT", intervention="high-intensity interval training"),
               arm(2, "Usual care", role="control")], {"HIIT": "high-intensity interval training"})
    a, c = idx.arms
    assert _names_arm(idx, a, "supervised high-intensity interval training")
    assert _names_arm(idx, c, "usual care only")
    assert _names_arm(idx, c, "no exercise (control)")  # a control word for the stored control
    assert not _names_arm(idx, a, "aerobic walking programme")


def test_two_arms_answer_by_role_when_the_question_names_neither():
    # a trial of two arms stored as "intervention" and "control": the roles decide
    idx = Idx([arm(1, "intervention"), arm(2, "control", role="control")])
    a, c = idx.arms
    o = outcome(1, "Anxiety score", "Week 8", MEAN_SD)
    assert _doubt(idx, q("anxiety score", "mindfulness course", "waiting list"), a, c, o) is None


def test_an_arm_unnamed_among_more_than_two_is_withheld():
    idx = Idx([arm(1, "Group A"), arm(2, "Group B"), arm(3, "Group C", role="control")])
    a, b, _ = idx.arms
    o = outcome(1, "Anti-HBs titre", results=MEAN_SD)
    why = _doubt(idx, q("antibody titre", "vaccine plus adjuvant", "vaccine alone"), a, b, o)
    assert why and "3 arms" in why


def test_a_side_naming_the_other_sides_arm_is_withheld():
    # both sides of the question name the one drug arm; the doses they compare are no stored arms
    idx = Idx([arm(1, "metformin"), arm(2, "placebo", role="control")])
    a, c = idx.arms
    o = outcome(1, "Fasting glucose", results=MEAN_SD)
    why = _doubt(idx, q("fasting glucose", "metformin 2000 mg daily", "metformin 500 mg daily"), a, c, o)
    assert why and "'metformin' of the other side" in why
    # an add-on trial names the control in both sides: the intervention adds to it
    idx = Idx([arm(1, "Intervention"), arm(2, "Usual care", role="control")])
    a, c = idx.arms
    assert _doubt(idx, q("fasting glucose", "text-message coaching plus usual care", "usual care"), a, c, o) is None
    # a side that denies the other's words ("without ...") is the other arm of two, though it names
    # the intervention arm's words
    idx = Idx([arm(1, "Peer forum"), arm(2, "Control", role="control")])
    a, c = idx.arms
    assert _doubt(idx, q("self-efficacy", "with a peer forum experience", "without a peer forum experience"),
                  a, c, o) is None
    assert _doubt(idx, q("self-efficacy", "peer forum", "no peer forum"), a, c, o) is None
    # ... not a denial of words the other side does not say
    why = _doubt(idx, q("self-efficacy", "text messages", "without a peer forum experience"), a, c, o)
    assert why and "'Peer forum' of the other side" in why


def test_values_at_entry_answer_only_a_question_about_entry():
    idx = Idx([arm(1, "Yoga"), arm(2, "Stretching", role="control")])
    a, c = idx.arms
    pre = outcome(1, "Pain intensity", "Pre-test", MEAN_SD)
    assert "before treatment" in _doubt(idx, q("pain intensity", "yoga", "stretching"), a, c, pre)
    assert _doubt(idx, q("baseline pain intensity", "yoga", "stretching"), a, c, pre) is None
    # "post-randomisation" is no time before treatment
    post = outcome(2, "Pain intensity", "16 weeks post-randomisation", MEAN_SD)
    assert _doubt(idx, q("pain intensity", "yoga", "stretching"), a, c, post) is None


def test_another_time_point_than_the_question_names_is_withheld():
    idx = Idx([arm(1, "Yoga"), arm(2, "Stretching", role="control")])
    a, c = idx.arms
    o = outcome(1, "Pain intensity", "6 months", MEAN_SD)
    assert "another time point" in _doubt(idx, q("pain intensity at 12 weeks", "yoga", "stretching"), a, c, o)
    assert _doubt(idx, q("pain intensity at 26 weeks", "yoga", "stretching"), a, c, o) is None
    assert _doubt(idx, q("pain intensity after six months", "yoga", "stretching"), a, c, o) is None
    assert _doubt(idx, q("pain intensity", "yoga", "stretching"), a, c, o) is None


def test_the_last_time_point_and_its_first_reading():
    # the same measure in two tables (all participants, then completers) at two time points:
    # the last time point, as printed first; a closer outcome name found lower in the
    # candidates is no later time point
    a, c = {"id": 1, "label": "A"}, {"id": 2, "label": "B"}
    t1 = outcome(1, "Depression score", "3 month", MEAN_SD)
    t2 = outcome(2, "Depression score", "6 month", MEAN_SD)
    t1b = outcome(3, "Depression score", "3 month", [(1, "mean", 20.0), (1, "sd", 6.0), (2, "mean", 21.0), (2, "sd", 6.1)])
    t2b = outcome(4, "Depression score", "6 month", [(1, "mean", 19.0), (1, "sd", 6.0), (2, "mean", 22.0), (2, "sd", 6.1)])
    rem = outcome(5, "remission of depression", "6-month", [(1, "percent", 30.0), (2, "percent", 19.0)])
    good = [(0.56, t1), (0.56, t2), (0.56, t1b), (0.56, t2b), (0.52, rem)]
    assert Asker._choose(good, q("depression score", "A", "B"), a, c) is t2
    assert Asker._choose(good, q("depression score at 3 months", "A", "B"), a, c) is t1


def test_of_periods_ending_at_the_last_time_the_whole_one():
    # counts over the first months, the rest of the year, and the whole year: a question naming
    # no time point is answered by the whole period, wherever it is printed
    a, c = {"id": 1, "label": "A"}, {"id": 2, "label": "B"}
    counts = lambda x, y: [(1, "events", x), (1, "group_size", 120), (2, "events", y), (2, "group_size", 118)]
    early = outcome(1, "patients readmitted", "0-3 months", counts(11, 19))
    rest = outcome(2, "patients readmitted", "4-12 months", counts(15, 22))
    whole = outcome(3, "patients readmitted", "0-12 months", counts(24, 37))
    good = [(0.6, early), (0.6, rest), (0.6, whole)]
    assert Asker._choose(good, q("readmission", "A", "B"), a, c) is whole
    # a period and a time point ending together: the first printed, as before
    point = outcome(4, "patients readmitted", "12 months", counts(23, 35))
    assert Asker._choose([(0.6, rest), (0.6, point)], q("readmission", "A", "B"), a, c) is rest


def test_a_comparison_with_baseline_is_no_comparison_of_arms():
    # "X against baseline" asks for a change within the arm: the other arm's numbers do not answer
    idx = Idx([arm(1, "sertraline"), arm(2, "placebo", role="control")])
    a, c = idx.arms
    o = outcome(1, "HbA1c", "3 months", MEAN_SD)
    for comparator in ("baseline", "pre-treatment values", "before treatment"):
        why = _doubt(idx, q("HbA1c after three months", "sertraline 50 mg", comparator), a, c, o)
        assert why and "not an arm" in why, comparator
    assert _doubt(idx, q("HbA1c after three months", "sertraline 50 mg", "placebo"), a, c, o) is None


def test_a_name_that_says_before_treatment():
    idx = Idx([arm(1, "etanercept"), arm(2, "placebo", role="control")])
    a, c = idx.arms
    o = outcome(1, "swollen joint count at screening", None, MEAN_SD)
    assert "before treatment" in _doubt(idx, q("swollen joint count", "etanercept", "placebo"), a, c, o)
    o = outcome(2, "swollen joint count at week 24", None, MEAN_SD)
    assert _doubt(idx, q("swollen joint count", "etanercept", "placebo"), a, c, o) is None


def test_trial_and_study_name_no_arm():
    # a trial of reminder letters run inside two host trials whose names were stored as its arms
    idx = Idx([arm(1, "CARE", intervention="Colchicine After Revascularisation Trial"),
               arm(2, "HEART", role="control", intervention="Heart failure Exercise And Rehabilitation Trial"),
               arm(3, "PACE", intervention="Physical Activity and Cognition Study")])
    a, c, _ = idx.arms
    o = outcome(1, "Consent to take part", results=[(1, "events", 40), (1, "total", 300), (2, "events", 31), (2, "total", 290)])
    why = _doubt(idx, q("consent", "trial invitation letter with a voucher", "standard trial invitation letter"), a, c, o)
    assert why and "names nothing of the stored arm 'CARE'" in why


def test_the_side_printing_the_longer_label_gets_that_arm():
    # "r-hGH/r-IGF1" holds "r-hGH": the side that prints "(...; r-hGH/r-IGF1)" asks about the combination
    # even when its spelled-out words also fit the other arm's long form
    from corpus.ask import _match_arms
    idx = Idx([arm(1, "r-hGH/r-IGF1"),
               arm(2, "r-hGH", role="control", intervention="recombinant human growth hormone")])
    ai, ac, _ = _match_arms(idx, q("height velocity",
                                   "recombinant human growth hormone plus recombinant IGF-1 (r-hGH/r-IGF1)",
                                   "r-hGH monotherapy"))
    assert (ai["label"], ac["label"]) == ("r-hGH/r-IGF1", "r-hGH")


def test_a_percentage_of_the_randomised_arm_gives_that_group_size():
    from corpus.ask import _arm_numbers

    arm = {"id": 1, "label": "Drug", "n_randomized": 200, "n_analyzed": 191}

    def row(ev, pct):
        return {"results": [{"arm_id": 1, "statistic": "events", "value": ev, "derived": 0},
                            {"arm_id": 1, "statistic": "percent", "value": pct, "derived": 0}]}

    # "19 (9.5)": 19/200 is 9.5%, 19/191 would be 9.9%
    got = _arm_numbers(arm, row(19.0, 9.5))
    assert got["total"] == 200 and "total" in got["derived"]
    # "19 (9.9)": the analysed number, the default, is left to the reader
    assert "total" not in _arm_numbers(arm, row(19.0, 9.9))
    # both sizes reproduce the percentage: nothing decides
    assert "total" not in _arm_numbers(dict(arm, n_analyzed=199), row(2.0, 1))


def test_end_of_treatment_numbers_are_taken_over_a_later_follow_up_and_said(monkeypatch):
    # the outcome at the end of treatment and at a 4-month follow-up, no primary endpoint and
    # no time point in the question: the end-of-treatment numbers, and the answer says so
    from corpus.ask import render

    idx = Idx([arm(1, "motivational interviewing"), arm(2, "usual care", role="control")])
    idx.sentence_at = lambda pos: None
    a, c = idx.arms
    post = outcome(1, "Intrinsic motivation", "Post-test", MEAN_SD)
    later = outcome(2, "Intrinsic motivation", "4 months",
                    [(1, "mean", 23.2), (1, "sd", 6.0), (2, "mean", 21.4), (2, "sd", 5.7)])
    before = outcome(3, "Intrinsic motivation", "Pre-test",
                     [(1, "mean", 20.3), (1, "sd", 5.9), (2, "mean", 20.8), (2, "sd", 6.1)])
    good = [(1.0, post), (1.0, later), (0.95, before)]
    asker = Asker.__new__(Asker)

    def answer(question, chosen=later, primary=None):
        ctx = dict(ai=a, ac=c, flipped=False, chosen=dict(chosen, is_primary=primary) if primary else chosen,
                   good=good, ranked=[], stored=None)
        monkeypatch.setattr(asker, "prepare", lambda idx_, q_: ctx, raising=False)
        monkeypatch.setattr(asker, "_decide", lambda idx_, q_, ctx_: (None, "no sentence", []), raising=False)
        monkeypatch.setattr(Idx, "id", 1, raising=False)
        return asker._answer(idx, question)

    ans = answer(q("intrinsic motivation", "motivational interviewing", "usual care"))
    assert ans["numbers_withheld"] is None
    assert (ans["intervention_arm"]["mean"], ans["comparator_arm"]["mean"]) == (24.1, 27.9)
    assert ans["timepoint"] == "4 months"  # the outcome matched stays the one the direction is read from
    assert ans["numbers_outcome"]["timepoint"] == "Post-test"
    assert "end of treatment taken ('Post-test')" in ans["numbers_note"]
    assert "also reported at '4 months'" in ans["numbers_note"]
    assert "numbers: end of treatment taken ('Post-test'); also reported at '4 months'" in render(ans)
    # a question naming the follow-up gets its numbers, with no note
    ans = answer(q("intrinsic motivation at 4 months", "motivational interviewing", "usual care"))
    assert ans["intervention_arm"]["mean"] == 23.2 and ans["numbers_note"] is None
    # a primary endpoint marked at the follow-up decides first
    ans = answer(q("intrinsic motivation", "motivational interviewing", "usual care"), primary=1)
    assert ans["intervention_arm"]["mean"] == 23.2 and ans["numbers_note"] is None
