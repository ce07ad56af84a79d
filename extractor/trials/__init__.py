"""Trial extraction: design, arms, outcomes, per-arm results and effects, with provenance.

``extract_studies(ctx)`` reads a :class:`~extractor.context.Context` and returns
:class:`~extractor.model.Study` records.  The work is rule-based (patterns are data files in
``extractor/data/trials/``) and split by noun:

* :mod:`.design` — randomization, blinding, control, ratio, phase, registration, n, follow-up;
* :mod:`.arms` — arms from the randomization sentence, group sizes, aliases for matching;
* :mod:`.sizes` — group sizes spelled out in words, flow sentences ("Of the 40 randomised to A, 36
  completed the study"), the counts that received each arm, and a crossover trial's completers;
* :mod:`.results` — outcomes with per-arm values paired to arms, effects and verbal claims;
* :mod:`.tables` — results tables with arms as columns (HTML/JATS spans or plain-text grids);
* :mod:`.derive` — events/totals rebuilt from percentages (marked ``derived``);
* :mod:`.numbers`, :mod:`.values`, :mod:`.effects` — the number, value and estimate parsers.

Every record carries a Provenance made by ``ctx.source.provenance``; derived numbers carry the
provenance of the percentage they were rebuilt from, ``derived=True`` and the formula.
"""
from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from typing import Callable, Optional

from .. import fastre
from ..context import Context
from ..compare.direction import finding, stored_direction
from ..model import Arm, ArmResult, Effect, Flag, Outcome, Provenance, SentenceList, Study
from .arms import ArmInfo, ArmMatcher, another_population, assign_sizes, find_arms
from .derive import complement_outcomes, denominator_of, derive_counts
from .design import Found, control_from_arm, find_design
from .results import EffectDraft, OutcomeDraft, ResultDraft, ResultReader, doc_spread
from .tables import read_tables
from .armset import choose_arms, label_matcher
from .cells import find_specs
from .merge import merge_prose
from .lexicon import load, rx_list
from .sizes import consort_sizes, crossover_sizes, received_sizes, spelled_counts, spelled_events, word_span
from .text import find_abbreviations, split_sentences

__all__ = ["extract_studies"]

_OTHER_TRIALS = {"introduction", "discussion"}
_SKIP_SECTIONS = {"references", "bibliography", "acknowledgements", "acknowledgments", "funding",
                  "disclosures", "conflicts", "author contributions"}


def _sentences(ctx: Context) -> "_Spans":
    sl = ctx.sentences
    # a table set after the reference list (the floats of a JATS article) keeps its caption
    # and footnotes: they describe this trial's tables ("31 in the A group and 30 in the B group")
    in_table = _covering((t.prov.char_start, t.prov.char_end) for t in ctx.source.tables
                         if t.prov is not None and t.prov.char_end > t.prov.char_start)
    if isinstance(sl, SentenceList):  # offsets straight from the arrays: no record per sentence
        spans = ((a, b) for i, (a, b) in enumerate(sl.spans())
                 if (sl.section_of(i) or "").lower() not in _SKIP_SECTIONS or in_table(a, b))
    elif sl:
        spans = ((s.prov.char_start, s.prov.char_end) for s in sl
                 if (s.section or "").lower() not in _SKIP_SECTIONS
                 or in_table(s.prov.char_start, s.prov.char_end))
    else:
        spans = split_sentences(ctx.source.text)
    return _Spans(_bounded(ctx.source.text, spans))


class _Spans(Sequence):
    """``(start, end)`` pairs kept in two arrays (a list of tuples costs ~120 bytes a sentence:
    too much for texts of hundreds of thousands of sentences); reads as a list of tuples."""

    def __init__(self, pairs):
        self.starts, self.ends = array("q"), array("q")
        for a, b in pairs:
            self.starts.append(a)
            self.ends.append(b)

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return list(zip(self.starts[i], self.ends[i]))
        return self.starts[i], self.ends[i]

    def __iter__(self):
        return zip(self.starts, self.ends)


_MAX_SENTENCE = 800


def _bounded(text: str, spans):
    """Sentences longer than any real one (a table or list read without stops) are cut at
    spaces into pieces of at most ``_MAX_SENTENCE`` characters, keeping the work per sentence
    bounded (the pairing rules look across a sentence several times)."""
    for a, b in spans:
        while b - a > _MAX_SENTENCE:
            cut = text.rfind(" ", a + _MAX_SENTENCE // 2, a + _MAX_SENTENCE)
            cut = cut if cut > a else a + _MAX_SENTENCE
            yield a, cut
            a = cut
            while a < b and text[a].isspace():
                a += 1
        if b > a:
            yield a, b


def _abbreviations(ctx: Context) -> dict[str, str]:
    found = find_abbreviations(ctx.source.text)
    found.update({k: v for k, v in (ctx.abbreviations or {}).items() if k and v})
    # keep definitions that look like one: a short form with a capital or digit, a long form
    # of words (table layouts can make "Exercise (control)" look like one)
    return {k: v for k, v in found.items()
            if re.search(r"[A-Z0-9]", k) and not re.search(r"[()\[\];\n]|\s{2,}", v) and len(v) > len(k)}


def extract_studies(ctx: Context) -> list[Study]:
    """The trial(s) reported in ``ctx`` (an empty list when the text reports none).

    Parameters
    ----------
    ctx : extractor.context.Context
        The document: source text with structure spans, sentences, sections, abbreviations.

    Returns
    -------
    list of extractor.model.Study
        One study per trial: a text that reports two or more trials in turn ("In trial 1,
        ...  In trial 2, ...", see ``study_markers`` in ``design.json``) gives one study per
        trial, each read from its own part of the text only; otherwise at most one study.
    """
    src = ctx.source
    text = src.text
    sents = _sentences(ctx)
    # sentences of the Introduction and Discussion speak of other trials as often as of this
    # one: their numbers never count as this trial's sizes or results
    elsewhere = _covering((x.prov.char_start, x.prov.char_end) for x in ctx.sentences
                          if (x.section or "").lower() in _OTHER_TRIALS)
    abbrev = _abbreviations(ctx)
    sup = tuple((s.start, s.end) for s in src.spans_of("sup"))
    tables = list(read_tables(src))
    parts = _trial_parts(text, sents)
    if len(parts) >= 2:
        studies = []
        for a, b in parts:
            # the other trials' text is blanked (same length: offsets and provenance hold)
            masked = " " * a + text[a:b] + " " * (len(text) - b)
            st = _one_study(src, masked, [(x, y) for x, y in sents if a <= x < b], abbrev, sup, elsewhere,
                            [t for t in tables if a <= t.start < b],
                            [t for t in src.tables if a <= t.prov.char_start < b])
            if st is not None and st.arms:
                studies.append(st)
        if len(studies) >= 2:
            return studies
    st = _one_study(src, text, sents, abbrev, sup, elsewhere, tables, list(src.tables))
    return [st] if st is not None else []


def _trial_parts(text: str, sents: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``(start, end)`` of each trial's part when sentences open with two or more distinct
    trial markers ("In trial 1,", "Study 2:", "In the second trial,"); else ``[]``."""
    marks = []
    for a, b in sents:
        for pat in rx_list("design", "study_markers"):
            m = pat.match(text, a, b)
            if m:
                marks.append((a, m["which"].lower()))
                break
    if len({w for _, w in marks}) < 2 or len({w for _, w in marks}) != len(marks):
        return []
    ends = [a for a, _ in marks[1:]] + [len(text)]
    return [(a, e) for (a, _), e in zip(marks, ends)]


def _inside(tables) -> Callable[[int], bool]:
    """``inside(offset)``: whether ``offset`` lies in one of ``tables`` (see :func:`_covering`)."""
    covers = _covering((t.start, t.end) for t in tables)
    return lambda offset: covers(offset, offset + 1)


def _covering(spans) -> Callable[[int, int], bool]:
    """``covers(a, b)``: whether one of ``spans`` holds all of ``a..b`` (a binary search over
    their starts with the furthest end so far; a scan of every span per sentence was
    quadratic on documents with thousands of tables or sentences)."""
    ordered = sorted(spans)
    starts = [a for a, _ in ordered]
    reach = list(accumulate((b for _, b in ordered), max))

    def covers(a: int, b: int) -> bool:
        k = bisect_right(starts, a) - 1
        return k >= 0 and reach[k] >= b

    return covers


def _doc_specs(text: str, sents) -> list:
    """Statistic labels the text states for its data ("Continuous variables are presented as
    mean ± SD and categorical variables as n (%)")."""
    cue = re.compile(load("tables")["legend_stat_cue"], re.I)
    out = []
    for a, b in sents:
        s = text[a:b]
        if len(s) > 400 or not re.search(r"\b(?:mean|median|SD|IQR|n\s*\(\s*%)", s, re.I):
            continue
        if not re.search(r"\b(?:presented|expressed|reported|given|shown|summari[sz]ed|described)\s+(?:as|by|using|with)\b", s, re.I):
            continue
        if cue.search(s):
            for sp in find_specs(s):
                if len(sp.slots) >= 2 and sp not in out:
                    out.append(sp)
    return out


def _one_study(src, text: str, sents, abbrev, sup, elsewhere, tables, model_tables) -> Optional[Study]:
    design = find_design(text)
    prose = find_arms(text, sents, abbrev, sup)
    arms = choose_arms(prose, model_tables, text, abbrev)
    if not arms and not prose:
        from .tables import arms_from_tables
        arms = arms_from_tables(tables, text, abbrev)
    if design.control is None:
        # no design cue in the text ("placebo-controlled"...): the control arm's label names it
        for arm in arms:
            others = tuple(o.intervention or o.label for o in arms if o is not arm)
            value = (control_from_arm(arm.label, others) or control_from_arm(arm.intervention or "", others)
                     if arm.role == "control" else None)
            if value:
                design.control = Found(value, arm.start, arm.end)
                break
    matcher = ArmMatcher(arms, abbrev)
    own = [x for x in sents if not elsewhere(*x)]
    spelled, words = spelled_counts(text)
    sizes = consort_sizes(arms, spelled, own, matcher, words) if arms else []
    sizes += [(arm, f, n, *word_span(words, s_, e_)) for arm, f, n, s_, e_ in assign_sizes(arms, spelled, own, matcher)] if arms else []
    table_outcomes = []
    if arms:
        arm_of = label_matcher(arms, matcher, abbrev)
        dspecs = _doc_specs(text, sents)
        for t in model_tables:
            from .tablereader import read_results_table  # loaded with the first table

            reading = read_results_table(t, text, arms, arm_of, dspecs)
            for sz in reading.sizes:
                # a table's size a little above the arm's randomised size counts another
                # population (a safety set): not the arm's
                if sz.arm.n_analyzed is None and not another_population(sz.arm, sz.n):
                    sz.arm.n_analyzed = sz.n
                    sizes.append((sz.arm, "n_analyzed", sz.n, sz.start, sz.end))
                elif sz.arm.n_randomized is None and sz.arm.n_analyzed is not None and sz.arm.n_analyzed < 0.5 * sz.n:
                    # a sentence's size under half the table's is a subgroup's ("hematuria in 17
                    # patients (Group 1, n = 7; ...)"), as under half the randomised size
                    sizes = [x for x in sizes if not (x[0] is sz.arm and x[1] == "n_analyzed")]
                    sz.arm.n_analyzed = sz.n
                    sizes.append((sz.arm, "n_analyzed", sz.n, sz.start, sz.end))
            table_outcomes.extend(reading.outcomes)
        for od in table_outcomes:
            # a header's group size is the outcome's own total only where it differs from the arm's
            od.results = [r for r in od.results if not (r.from_header and r.value == (r.arm.n_analyzed or r.arm.n_randomized))]
    if arms:
        cross = crossover_sizes(arms, spelled, own, words)
        if cross and design.n_analyzed is None:
            design.n_analyzed = Found(cross[0][2], cross[0][3], cross[0][4])  # everyone had every treatment
        sizes += cross
        sizes += received_sizes(arms, spelled, own, matcher, words)
    exclude = [(f.start, f.end) for f in (design.n_randomized, design.n_analyzed, design.follow_up,
                                          design.allocation_ratio, design.registration, design.phase) if f]
    exclude += [(s, e) for _, _, _, s, e in sizes]
    exclude += [a.dose_span for a in arms if a.dose_span]
    in_table = _inside(tables)
    # results read with small counts spelled out in digits ("three cases ... and one in ..."),
    # each value quoting its whole word
    ev_text, ev_words = spelled_events(text) if arms else (text, {})
    reader = ResultReader(ev_text, arms, matcher, exclude, abbrev)
    reader.doc_spread = doc_spread(text, sents)
    if arms:
        for seq, (a, b) in enumerate(sents):
            if in_table(a) or elsewhere(a, b):
                continue
            reader.read(seq, a, b)
    for od in reader.outcomes if ev_words else ():
        for r in od.results:
            if r.start in ev_words:
                r.end = ev_words[r.start]
        if ev_text[od.start:od.end] == od.name and any(od.start <= w < od.end for w in ev_words):
            od.name = text[od.start:od.end]  # a name keeps its words ("three", not "3    ")
    for od in reader.outcomes:
        # "(group A, n = 47; group B, n = 36)": a group size written as such is no count of events;
        # "tumorigenesis (n = 22 vs 21)", a count beside the outcome with no group named, stays
        od.results = [r for r in od.results if not (r.statistic == "events" and _GROUP_N_EQUALS.search(text, max(0, r.start - 48), r.start))]
    for od in table_outcomes:
        reader._finish_effects(od)
    reader.outcomes = merge_prose(table_outcomes, reader.outcomes, text)
    reader.outcomes = complement_outcomes(reader.outcomes, text)
    if len(arms) >= 2:
        _outcome_sizes(reader.outcomes, arms, matcher, text, [x for x in own if not in_table(x[0])])
        _shared_totals(reader.outcomes)
    if not arms and not design.randomized and not reader.outcomes:
        return None
    if not arms and design.first_cue() is None:
        return None
    return _study(src, design, arms, reader.outcomes, sizes)


# a sentence saying for how many patients of each arm an outcome was available or analysed
_AVAILABLE = fastre.compile(r"\b(?:available|obtained|analy[sz]ed|evaluable|assessable|included)\b", re.I)
# a count of patients: an integer that is no percentage, with its share beside it ("419 (88%)")
_PEOPLE_N = re.compile(r"(?<![\d.,])(?P<n>\d{1,3}(?:,\d{3})+|\d+)(?![\d.,])(?!\s*%)(?:\s*\(\s*\d+(?:\.\d+)?\s*%\s*\))?")
# words between a count and the arm it belongs to ("419 patients (88%) treated with", "404 of the")
_N_TO_ARM = re.compile(r"\s*(?:(?:patients|participants|subjects|women|men|children|infants|adults|cases|"
                       r"treated|randomi[sz]ed|allocated|assigned|receiving|who|received|were|with|to|in|of|on|"
                       r"the|group|arm)\s+){0,6}$", re.I)


def _name_keys(name: str) -> list[str]:
    """What names an outcome in a sentence: its name, or an abbreviation in it ("LVEF",
    "CK-MB" of "Peak CK-MB")."""
    keys = [name.strip()]
    keys += [w for w in re.findall(r"[A-Za-z0-9][\w\-]*[A-Za-z0-9]", name) if sum(ch.isupper() for ch in w) >= 2]
    return [k for k in keys if len(k) >= 2]


def _names_time(subject: str, time: Optional[str]) -> bool:
    """Whether a sentence's subject names the time point of an outcome ("the one-year
    assessment, T2, included 55 patients, 29 in ... and 26 in ...": the sizes at T2)."""
    return bool(time) and re.search(r"(?<![\w-])" + re.escape(time.strip()) + r"(?![\w-])", subject, re.I) is not None


def _outcome_sizes(outcomes, arms: list[ArmInfo], matcher: ArmMatcher, text: str, sents) -> None:
    """Group sizes of an outcome from a sentence that gives, for the outcome or the time point
    it names, the patients of each arm it was available or analysed for ("LVEF measurements were available in
    419 patients (88%) treated with GIK and in 404 (87%) of the controls"): stored as the
    outcome's totals where its numbers have none, as the denominators a reviewer takes."""
    for a, b in sents:
        if b - a > 400 or not _AVAILABLE.search(text, a, b):
            continue
        sent = text[a:b]
        nums = list(_PEOPLE_N.finditer(sent))
        if len(nums) < len(arms):
            continue
        got: dict[int, tuple[ArmInfo, int, int, int]] = {}
        used = set()
        for ms, me, arm in matcher.mentions(sent):
            before = [m for m in nums if m.end() <= ms]
            if not before or id(arm) in got:
                continue
            m = before[-1]
            if m.start() in used or not _N_TO_ARM.fullmatch(re.sub(r"\(\s*\d+(?:\.\d+)?\s*%\s*\)", " ", sent[m.end():ms])):
                continue
            n = int(m["n"].replace(",", ""))
            if n <= 0 or (arm.n_randomized and n > arm.n_randomized):
                continue
            used.add(m.start())
            got[id(arm)] = (arm, n, a + m.start("n"), a + m.end("n"))
        if len(got) != len(arms):
            continue
        subject = sent[:min(m.start() for m in nums)]
        for od in outcomes:
            if od.subgroup or not (any(re.search(r"(?<![\w-])" + re.escape(k) + r"(?![\w-])", subject,
                                                 0 if k != od.name.strip() else re.I) for k in _name_keys(od.name))
                                   or _names_time(subject, od.timepoint)):
                continue
            have = {id(r.arm) for r in od.results if r.statistic == "total"}
            with_numbers = {id(r.arm) for r in od.results if r.statistic != "total"}
            if have or len(with_numbers) < 2 or any(a <= r.start < b for r in od.results):
                continue  # numbers read from this very sentence are its counts, not an outcome's
            for arm, n, s_, e_ in got.values():
                od.results.append(ResultDraft(arm, "total", float(n), s_, e_))


#: the pairs of per-arm numbers that, printed alike in two places, are one result ("−0.44 (1.47)")
_PAIRS = (("mean", "sd"), ("events", "percent"))


def _shared_totals(outcomes) -> None:
    """Group sizes of an outcome whose numbers are printed again elsewhere with them: the
    abstract's "mean change (SD) -0.44 (1.47) vs 0.52 (1.38)" and the results' "(mean change
    (SD): -0.44 (1.47), n=25) ... (0.52 (1.38), n=23)" are one result, so the abstract's reading
    takes the results' sizes, stored as derived and quoting the size where it is printed. Every
    arm the outcome gives a pair of numbers must find the same pair, with a size, in one other
    outcome of the same subgroup and time point (when both name one)."""
    def pairs(od):
        got = {}
        for a, b in _PAIRS:
            for r in od.results:
                if r.statistic != a or r.derivation is not None:
                    continue
                other = next((x for x in od.results if x.arm is r.arm and x.statistic == b and x.derivation is None), None)
                if other is not None and id(r.arm) not in got:
                    got[id(r.arm)] = (a, r.value, other.value, r.start)
        return got

    sized = []
    for od in outcomes:
        totals = {id(r.arm): r for r in od.results if r.statistic == "total" and r.derivation is None}
        if totals:
            sized.append((od, pairs(od), totals))
    for od in outcomes:
        if any(r.statistic == "total" for r in od.results):
            continue
        mine = pairs(od)
        if len(mine) < 2:
            continue
        for other, theirs, totals in sized:
            if other is od or (other.subgroup or None) != (od.subgroup or None) or \
                    (od.timepoint and other.timepoint and od.timepoint.strip().lower() != other.timepoint.strip().lower()):
                continue
            if not all(k in theirs and k in totals and theirs[k][:3] == v[:3] and theirs[k][3] != v[3]
                       for k, v in mine.items()):
                continue
            for k in mine:
                t = totals[k]
                od.results.append(ResultDraft(t.arm, "total", t.value, t.start, t.end,
                                              derivation="the group size printed with the same numbers elsewhere"))
            break


# "n =" after a group's label ("group A: n =", "control group, n =", "lectures: n =") in the same bracket
_GROUP_N_EQUALS = re.compile(r"(?:\b(?:groups?|arms?|cohorts?)\b[^()\[\];=]{0,16}?|[^\s()\[\];,:=][:,]\s*)\b[nN]\s*=\s*$")


def _prov(src, start: int, end: int) -> Provenance:
    return src.provenance(start, end)


def _study(src, design, arms: list[ArmInfo], outcomes: list[OutcomeDraft], sizes) -> Study:
    text = src.text
    cue = design.first_cue()
    if cue is None and arms:
        cue = (arms[0].start, arms[0].end)
    if cue is None:
        cue = (0, min(len(text), 1))
    n_an = design.n_analyzed.value if design.n_analyzed else None
    if n_an is None and arms and all(a.n_analyzed for a in arms):
        n_an = sum(a.n_analyzed for a in arms)
    n_rand = design.n_randomized.value if design.n_randomized else None
    if n_rand is None and arms and all(a.n_randomized for a in arms):
        n_rand = sum(a.n_randomized for a in arms)
    randomized = design.randomized.value if design.randomized else None
    design_name = None
    if randomized and (len(arms) >= 2 or design.control):
        design_name = "rct"
    elif randomized is False and len(arms) >= 2:
        design_name = "non-randomized controlled"
    built_arms = tuple(_arm(src, a) for a in arms)
    built_outcomes = []
    for od in outcomes:
        o = _outcome(src, od)
        if od.results and not o.results and not o.effects:
            continue  # only numbers no word describes, and nothing else: no outcome to store
        built_outcomes.append(o)
    built_outcomes = tuple(built_outcomes)
    return Study(
        prov=_prov(src, *cue),
        design=design_name,
        randomized=randomized,
        blinding=design.blinding.value if design.blinding else None,
        control=design.control.value if design.control else None,
        allocation_ratio=design.allocation_ratio.value if design.allocation_ratio else None,
        phase=design.phase.value if design.phase else None,
        n_randomized=n_rand,
        n_analyzed=n_an,
        follow_up=design.follow_up.value if design.follow_up else None,
        follow_up_days=design.follow_up_days,
        registration=design.registration.value if design.registration else None,
        arms=built_arms,
        outcomes=built_outcomes,
    )


def _arm(src, a: ArmInfo) -> Arm:
    flags = ()
    if a.exponent_lost and a.dose:
        flags = (Flag(check="exponent_loss", status="flag",
                      message=f"dose '{a.dose.split()[0]}' read as {a.dose_intended}: the superscript was probably lost",
                      expected=a.dose_intended, reported=a.dose.split()[0]),)
    return Arm(label=a.label, prov=_prov(src, a.start, a.end), role=a.role,
               n_randomized=a.n_randomized, n_analyzed=a.n_analyzed, intervention=a.intervention,
               dose=a.dose, dose_value=a.dose_value, dose_unit=a.dose_unit, route=a.route,
               schedule=a.schedule, flags=flags)


def _outcome(src, od: OutcomeDraft) -> Outcome:
    results = []
    reported = {(r.arm.label, r.statistic) for r in od.results}
    for r in od.results:
        if r.loose:
            # a number no word describes (no %, ±, "mean", "n/N", no event noun, no unit) and
            # no arm name stands next to: which statistic it is, and often whether it is a
            # result at all, is unknown; it still tells which arm is higher for the effect's
            # direction, but is not stored
            continue
        flags = (Flag(check="statistic_assumed", status="flag", message=r.note),) if r.note else ()
        results.append(ArmResult(arm=r.arm.label, statistic=r.statistic, value=r.value,
                                 prov=_prov(src, r.start, r.end), unit=r.unit, flags=flags,
                                 derived=r.derivation is not None, derivation=r.derivation))
    for r in od.results:
        if r.statistic != "percent" or (r.arm.label, "events") in reported or (r.arm.label, "count") in reported:
            continue  # the count is printed: no count is rebuilt beside it
        tot = next((x.value for x in od.results if x.arm is r.arm and x.statistic == "total"), None)
        if not tot and od.subgroup:
            continue  # a subgroup's percentage: the arm's size is not its denominator
        n = int(tot) if tot else (r.arm.n_analyzed or r.arm.n_randomized)
        d = derive_counts(r.value, src.text[r.start:r.end], n) if n else None
        if not tot and (d is None or not d.arm_size_fits) and r.arm.n_randomized and r.arm.n_randomized != n:
            # no count of the analysed arm gives the percentage: an intention-to-treat percentage
            # of the randomised arm ("9.5%" of 200 randomised, 191 analysed, is 19/200)
            itt = derive_counts(r.value, src.text[r.start:r.end], r.arm.n_randomized)
            if itt is not None and itt.arm_size_fits:
                d = itt
        if d is None or (tot and d.total != int(tot)):
            continue
        p = _prov(src, r.start, r.end)
        results.append(ArmResult(arm=r.arm.label, statistic="events", value=float(d.events), prov=p,
                                 derived=True, derivation=d.derivation))
        if not tot:
            results.append(ArmResult(arm=r.arm.label, statistic="total", value=float(d.total), prov=p,
                                     derived=True, derivation=d.derivation))
    for r in od.results:
        # "13 (30.2%)" in an arm of 44: the count and its percentage fix the total they were
        # computed on (43), where the arm's size does not reproduce the percentage
        if r.statistic != "percent" or od.subgroup or (r.arm.label, "total") in reported:
            continue
        ev = next((x for x in od.results if x.arm is r.arm and x.statistic == "events"), None)
        if ev is None or not float(ev.value).is_integer():
            continue
        got = denominator_of(int(ev.value), r.value, src.text[r.start:r.end], r.arm.n_analyzed or r.arm.n_randomized)
        if got is not None:
            results.append(ArmResult(arm=r.arm.label, statistic="total", value=float(got[0]),
                                     prov=_prov(src, r.start, r.end), derived=True, derivation=got[1]))
    effects = tuple(_effect(src, od, e) for e in od.effects)
    return Outcome(name=od.name, prov=_prov(src, od.start, od.end), timepoint=od.timepoint,
                   subgroup=od.subgroup, kind=od.kind, primary=od.primary,
                   results=tuple(results), effects=effects, flags=tuple(od.flags))


def _direction(od: OutcomeDraft, e: EffectDraft) -> Optional[str]:
    """The effect's direction: the reading rules' own, else from its estimate, CI, p-value and
    the two arms' values (:func:`extractor.compare.direction.stored_direction`)."""
    if e.direction is not None:
        return e.direction
    stats = ("percent", "mean", "median", "events")
    iv = next((r.value for r in od.results if r.arm.role != "control" and r.statistic in stats), None)
    cv = next((r.value for r in od.results if r.arm.role == "control" and r.statistic in stats), None)
    h = e.hit
    found = stored_direction(h.measure if h else None, h.value if h else None, h.ci_low if h else None,
                             h.ci_high if h else None, h.p_value if h else None,
                             h.p_relation if h else None, iv, cv, e.significant, od.name)
    # ``direction`` speaks of which arm is favoured; a change without a known better way
    # (increased / decreased) says nothing about that
    return found if found in ("favours_intervention", "favours_control", "no_difference") else None


def _finding(od: OutcomeDraft, e: EffectDraft, direction: Optional[str]) -> Optional[str]:
    """The effect's finding: the outcome in the intervention arm relative to the control
    (significantly increased / decreased, no significant difference), from its estimate, CI and
    p-value, one statistic of both arms, and the words (:func:`extractor.compare.direction.finding`)."""
    iv = cv = None
    for stat in ("percent", "mean", "median", "events", "value"):
        i = next((r.value for r in od.results if r.arm.role != "control" and r.statistic == stat), None)
        c = next((r.value for r in od.results if r.arm.role == "control" and r.statistic == stat), None)
        if i is not None and c is not None:
            iv, cv = (-i, -c) if od.change_is_reduction else (i, c)
            break
    h = e.hit
    return finding(h.measure if h else None, h.value if h else None, h.ci_low if h else None,
                   h.ci_high if h else None, h.p_value if h else None, h.p_relation if h else None,
                   iv, cv, e.significant, direction, od.name, od.higher)


def _effect(src, od: OutcomeDraft, e: EffectDraft) -> Effect:
    h = e.hit
    inter = next((r.arm.label for r in od.results if r.arm.role != "control"), None)
    ctrl = next((r.arm.label for r in od.results if r.arm.role == "control"), None)
    comparison = (inter, ctrl) if inter and ctrl else None
    if e.arms is not None:
        comparison = (e.arms[0].label, e.arms[1].label)
    direction = _direction(od, e)
    if h is None:
        return Effect(measure=None, prov=_prov(src, e.start, e.end), significant=e.significant,
                      direction=direction, finding=_finding(od, e, direction), reported_as=e.claim,
                      comparison=comparison)
    return Effect(measure=h.measure, prov=_prov(src, h.start, h.end), value=h.value,
                  ci_low=h.ci_low, ci_high=h.ci_high, ci_level=h.ci_level, p_value=h.p_value,
                  p_relation=h.p_relation, significant=e.significant, direction=direction,
                  finding=_finding(od, e, direction), reported_as=src.text[h.start:h.end],
                  comparison=comparison)
