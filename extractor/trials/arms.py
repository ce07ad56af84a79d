"""Trial arms: found in the randomization sentence ("randomized 2:1 to receive ... MSC (...) or
placebo"), in group-size statements ("49 [MSC] and 29 [placebo]", "MSC group (n=49)"), and in
table headers; each with its role, sizes, dose, route and schedule.

Arms are matched again in result sentences through their aliases (label, long form, short
form, "the X group/arm", "X recipients").
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Optional

from .. import fastre
from .lexicon import load, pairs, rx, rx_any, rx_list
from .numbers import find_doses
from .text import split_top

__all__ = ["ArmInfo", "find_arms", "assign_sizes", "ArmMatcher", "is_control", "bracket_groups"]

_SEG_SPLIT = fastre.lazy(r"\s*(?:,\s*(?:or|and)\s+|,\s+|\s+or\s+|\s+versus\s+|\s+vs\.?\s+|\s+and\s+(?=(?:\d{1,3}(?:,\d{3})+|\d+)\s+(?:\w+\s+)?to\s)|\s+and\s+(?=(?:(?:\d{1,3}(?:,\d{3})+|\d+)\s+(?:to\s+)?)?(?:a\s+|an\s+|the\s+|matching\s+)?(?:placebo|sham|usual|standard|control|no\s)))", re.I)


@dataclass
class ArmInfo:
    label: str
    start: int
    end: int
    role: Optional[str] = None
    n_randomized: Optional[int] = None
    n_analyzed: Optional[int] = None
    intervention: Optional[str] = None
    dose: Optional[str] = None
    dose_value: Optional[float] = None
    dose_unit: Optional[str] = None
    dose_span: Optional[tuple[int, int]] = None
    dose_intended: Optional[str] = None
    exponent_lost: bool = False
    route: Optional[str] = None
    schedule: Optional[str] = None
    aliases: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)  # other names the text gives it ("group S", a table header)
    from_mentions: bool = False  # found only as "the X group" (no sentence lists the arms)


# a whole count followed by an event noun ("418 episodes", "57 severe falls")
_EVENT_COUNT = fastre.lazy(r"(?<![\d.,])\d[\d,]*\s+(?:(?!(?:patients?|participants?|subjects?|people|women|men|children|adults|"
                          r"had|have|has|were|was|with|in|of|and|or)\b)[A-Za-z][\w-]*\s+){0,2}?"
                          + rx("results", "event_nouns").pattern + r"\b", re.I)


def is_control(text: str) -> bool:
    return bool(rx_any("arms", "control_labels").search(text))


def _clean_label(seg: str) -> str:
    s = re.sub(r"\s*[\(\[][^\)\]]*[\)\]]", "", seg).strip(" ,;:.")
    s = rx("arms", "delivery_prefix").sub("", s)
    bare = re.sub(rx("arms", "label_suffix").pattern, "", s, flags=re.I).strip(" ,;:.")
    # "no treatment" is a label, "no" is not: keep the suffix when only a modifier would remain
    s = bare if bare.lower() not in load("arms")["label_needs_head"] else s.strip(" ,;:.")
    s = re.sub(r"^(?:receive|receiving|either|the|a|an)\s+", "", s, flags=re.I)
    if s.count(")") > s.count("(") or s.count("]") > s.count("["):
        s = re.sub(r"\s*[)\]]+$", "", s)  # "(one of: ..., or intramuscular glucagon)": the list's own bracket
    return s.strip()


def _short_of(long: str, abbreviations: dict[str, str]) -> Optional[str]:
    lw = long.lower().rstrip("s")
    for short, lf in abbreviations.items():
        lfl = lf.lower().rstrip("s")
        if lfl == lw or (len(lw) > 6 and lfl.endswith(lw)):
            return short
    return None


def _resolve(label: str, abbreviations: dict[str, str]) -> tuple[str, Optional[str]]:
    """``(label, intervention long form)``: short forms are preferred as labels."""
    bare = label.rstrip("s") if label.endswith("s") and label[:-1].isupper() else label
    if bare in abbreviations:
        return bare, abbreviations[bare]
    short = _short_of(label, abbreviations)
    if short:
        return short, label
    return label, None


def _route(text: str) -> Optional[str]:
    for value, pat in pairs("arms", "route"):
        if pat.search(text):
            return value
    return None


def _schedule(text: str) -> Optional[str]:
    for pat in rx_list("arms", "schedule"):
        m = pat.search(text)
        if m:
            return m.group(0)
    return None


#: "189 patients were treated with propolis cream": a count and what that group was given
_COUNTED_CLAUSE = fastre.lazy(
    r"(?<![\d.,])(?P<n>\d{1,3}(?:,\d{3})+|\d+)\s+(?:patients|participants|subjects|children|women|men|adults|infants|persons)\s+"
    r"(?:were|was)\s+(?:treated\s+with|given|assigned\s+to|allocated\s+to|randomi[sz]ed\s+to|randomi[sz]ed\s+to\s+receive)\s+"
    r"(?:the\s+|a\s+|an\s+)?(?P<x>[A-Za-z][^,;:.()]{1,58}?)(?=\s*(?:[,;.]|\(|$|\s+and\s+\d))", re.I)


def _counted_clauses(text: str, a: int, b: int, abbreviations: dict[str, str]) -> list[ArmInfo]:
    """Arms of a randomisation sentence that gives each group as its own clause ("... were
    randomized: 189 patients were treated with propolis cream, 190 patients were treated with
    aciclovir cream"): two to six clauses joined by commas or "and", each an arm with its
    randomised size."""
    if not re.search(r"randomi[sz]", text[a:b], re.I):
        return []
    ms = list(_COUNTED_CLAUSE.finditer(text, a, b))
    if len(ms) < 2 or len(ms) > 6:
        return []
    for m1, m2 in zip(ms, ms[1:]):
        gap = text[m1.end():m2.start()]
        if not re.fullmatch(r"\s*(?:\([^()]{0,60}\)\s*)?(?:[,;]\s*(?:and\s+|while\s+|whereas\s+)?|\s+and\s+)", gap):
            return []
    if len({m["x"].lower() for m in ms}) != len(ms):
        return []
    arms = []
    for m in ms:
        label, long = _resolve(m["x"].strip(), abbreviations)
        arm = ArmInfo(label=label, start=m.start("x"), end=m.end("x"), intervention=long or m["x"].strip())
        if text[arm.start:arm.end] != arm.label:
            arm.label = text[arm.start:arm.end]
        arm.n_randomized = int(m["n"].replace(",", ""))
        arms.append(arm)
    return arms


#: a bracket naming the group a segment describes: "(bench-press group, n = 9)", "(ModHT group)"
_NAMED_IN_BRACKET = fastre.lazy(r"\(\s*(?P<name>[A-Za-z][\w+/-]*(?:\s+[\w+/-]+){0,2}?\s+(?:group|arm))\s*"
                                r"(?:[,;]\s*[nN]\s*=\s*(?P<n>\d+)\s*)?\)")


_GIVEN = (r"(?:(?:was|were|is|are)\s+)?(?:received|receiving|given|administered|treated\s+with|underwent|undergoing|"
          r"performed|used|took|got|assigned\s+to|allocated\s+to)\s+")
#: "one group (n = 62) was administered X and the other (n = 63), Y"; "One group received X.
#: The second group received Y": a group defined by what it is given, then the other one
_ONE_GROUP = fastre.lazy(r"\b(?:[Oo]ne|[Tt]he\s+first)\s+(?:group|arm)\s*(?P<b>\([^()]{0,40}\))?\s*,?\s*" + _GIVEN +
                         r"(?P<x>[^.;]{3,240}?)(?=\s*(?:[,;]\s*(?:and\s+|while\s+|whereas\s+)?|\s+and\s+|\s+while\s+|"
                         r"\s+whereas\s+|\.\s+)(?:the|The)\s+(?:other|second)\b)")
_OTHER_GROUP = fastre.lazy(r"(?:the|The)\s+(?:other|second)(?:\s+(?:group|arm|one))?\s*(?P<b>\([^()]{0,40}\))?\s*,?\s*(?:"
                           + _GIVEN + r")?(?P<x>[^.;]{3,240}?)(?=[.;](?:\s|$)|$)")
#: where the name of what a group is given ends: its make-up, timing or dose schedule follows
_GIVEN_TAIL = fastre.lazy(r"\s+(?:consisting|containing|comprising|composed|which|that|who|for|during|until|over|from|"
                          r"twice|once|thrice|daily|every|each|pre-?\s*operatively|post-?\s*operatively|at\s+(?:a|the|\d))\b.*$", re.I)
_ALLOCATION = fastre.lazy(r"\brandom|\ballocat|\bassign|\bdivided\b", re.I)
_GENERIC_GROUP = fastre.lazy(r"(?:the\s+)?(?:intervention|control|experimental|experiment|treatment|treated|active|study|"
                             r"comparison|comparator|reference|test|first|second|third|other)\s+(?:group|arm)", re.I)
_SIZE_IN = fastre.lazy(r"\b[nN]\s*=\s*(\d+)")


def _bracket_name(seg: str) -> Optional[re.Match]:
    """The bracket in ``seg`` that names its group ("(bench-press group, n = 9)"), unless it
    names only a role ("(experimental group)") or several groups ("(each group)")."""
    m = _NAMED_IN_BRACKET.search(seg)
    if m is None or _GENERIC_GROUP.fullmatch(m["name"]) or re.search(r"(?i)\b(?:each|both|all|per)\b", m["name"]):
        return None
    return m


def _one_and_other(text: str, a: int, b: int, b2: int, abbreviations: dict[str, str], sup_ranges) -> list[ArmInfo]:
    """The two arms of "one group ... the other ..." in the sentence ``text[a:b]`` (the other
    may be defined in the next sentence, up to ``b2``), each named by what it is given."""
    m1 = _ONE_GROUP.search(text, a, b2)
    if not m1 or m1.start() >= b:
        return []
    m2 = _OTHER_GROUP.match(text, m1.end() + len(re.match(r"[\s,;.]*(?:and\s+|while\s+|whereas\s+)?", text[m1.end():]).group()), b2)
    if not m2:
        return []
    arms = []
    for m in (m1, m2):
        seg = m["x"]
        named = _bracket_name(seg)
        n = _SIZE_IN.search(m["b"] or "")
        size = n.group(1) if n else None  # "one group (n = 62)", else "(X group, n = 9)"
        if named:
            label, at = named["name"], m.start("x") + named.start("name")
            size = size or named["n"]
        else:
            label = _GIVEN_TAIL.sub("", _strip_regimen(_clean_label(seg))).strip(" ,;:")
            at = text.find(label, m.start("x"), m.end("x")) if label else -1
        if not label or at < 0 or len(label) > 60 or not re.search(r"[A-Za-z]{2}", label):
            return []
        lab, long = _resolve(label, abbreviations)
        if text[at:at + len(lab)] != lab:
            lab = label
        arm = ArmInfo(label=lab, start=at, end=at + len(lab), intervention=long or _clean_label(seg) or label,
                      n_randomized=int(size) if size else None)
        _describe(arm, text, m.start("x"), m.end("x"), sup_ranges)
        arms.append(arm)
    if arms[0].label.lower() == arms[1].label.lower():
        return []
    return arms


#: what follows "randomized" when the sentence names the strata of the randomisation
_STRATA = fastre.lazy(r"\s*(?:in\s+relation\s+to|according\s+to|with\s+respect\s+to|stratified\s+(?:by|for|according)|based\s+on)\s", re.I)


def find_arms(text: str, sentences: list[tuple[int, int]], abbreviations: dict[str, str],
              sup_ranges: tuple[tuple[int, int], ...] = ()) -> list[ArmInfo]:
    """Arms of the study described in ``text`` (see the module docstring)."""
    arms: list[ArmInfo] = []
    lead = rx_list("arms", "randomization_lead")
    stop = rx("arms", "segment_stop")
    prev = None
    for a, b in sentences:
        if arms:
            break  # the first sentence that lists two arms or more decides
        before, prev = (prev if prev is not None else a), a
        sent = text[a:b]
        arms = _counted_clauses(text, a, b, abbreviations)
        if arms:
            break
        if re.search(r"(?i)\b(?:one|first)\s+(?:group|arm)\b", sent) and \
                _ALLOCATION.search(text, before, b):
            nxt = next((y for x, y in sentences if x >= b), b)
            arms = _one_and_other(text, a, b, nxt, abbreviations, sup_ranges)
            if arms:
                break
        m = None
        for pat in lead:
            m = pat.search(sent)
            if m:
                break
        if not m:
            continue
        rest_start = a + m.end()
        rest = text[rest_start:b]
        if _STRATA.match(rest) or _STRATA.search(m.group()):
            continue  # "randomized in relation to the type of surgery, ...": strata, no arms
        st = _find_stop(rest, stop)
        rest = rest[:st]
        # "... a pen or no pen during their first invitation": a time frame after the last
        # alternative applies to all arms ("music during the operation or no music" keeps it)
        last_or = max((m.end() for m in re.finditer(r"\s(?:or|versus|vs\.?)\s", rest)), default=-1)
        if last_or >= 0:
            m = _TIME_FRAME.search(rest, last_or)
            if m:
                rest = rest[:m.start()]
        ei = _EITHER.search(rest)
        if ei and ei.start() > 0 and rest[:ei.start()].count("(") == rest[:ei.start()].count(")") \
                and re.search(r"\s(?:or|versus|vs\.?)\s", rest[ei.end():]):
            # "... to receive fluoroscopically guided epidural injection, through either the PIL
            # or TF approach": the alternatives are what follows "either"
            alts = [rest[ei.end() + x:ei.end() + y] for x, y in split_top(rest[ei.end():], _SEG_SPLIT)]
            if len(alts) >= 2 and all(re.search(r"[A-Za-z]{2}", _strip_regimen(_clean_label(s_))) and
                                      not re.fullmatch(r"[\d.,\s]*(?:mg|g|µg|μg|mcg|ml|IU)\b.*", s_.strip())
                                      for s_ in alts):
                rest_start += ei.end()
                rest = rest[ei.end():]
        not_arm = rx("arms", "not_arm_segment")
        prev_end, last_alt = 0, False
        for sa, sb in split_top(rest, _SEG_SPLIT):
            seg = rest[sa:sb]
            sep, prev_end = rest[prev_end:sa], sb
            if not_arm.match(seg.strip()):
                for arm in arms:  # "..., given subcutaneously for 68 weeks": applies to every arm
                    _describe(arm, text, rest_start + sa, rest_start + sb, sup_ranges, only_missing=True)
                continue
            if arms and re.match(r"(?:followed\s+by|and\s+then|then)\s", seg.strip(), re.I):
                # "a bolus of ropivacaine, followed by a continuous infusion (PVB group)": the
                # sequence goes on with the arm before; a bracket at its end names that arm
                named = _bracket_name(seg)
                prev_arm = arms[-1]
                if named and not prev_arm.label.lower().endswith((" group", " arm")):
                    at = rest_start + sa + named.start("name")
                    prev_arm.intervention = prev_arm.intervention or prev_arm.label
                    prev_arm.label, prev_arm.start, prev_arm.end = named["name"], at, at + len(named["name"])
                    if named["n"] and prev_arm.n_randomized is None:
                        prev_arm.n_randomized = int(named["n"])
                continue
            if last_alt and re.fullmatch(r"\s*,\s*", sep):
                break  # "A (n = 9) or B (n = 9), performed 3 sets ...": the list closed with its "or"
            last_alt = last_alt or bool(re.search(r"\b(?:or|versus|vs)\b", sep))
            named = _bracket_name(seg)
            if named:
                # "bench press at 40%1RM (bench-press group, n = 9)": the bracket names the group
                # the segment describes
                ls = rest_start + sa + named.start("name")
                arm = ArmInfo(label=named["name"], start=ls, end=ls + len(named["name"]),
                              intervention=_clean_label(seg[:named.start()]) or named["name"],
                              n_randomized=int(named["n"]) if named["n"] else None)
                _describe(arm, text, rest_start + sa, rest_start + sb, sup_ranges)
                arms.append(arm)
                continue
            label = _clean_label(seg)
            label = _strip_regimen(label)
            if not label or len(label) > 60 or not re.search(r"[A-Za-z]", label):
                continue
            lab_at = rest.find(label, sa)
            ls = rest_start + (lab_at if lab_at >= 0 else sa)
            label, long = _resolve(label, abbreviations)
            arm = ArmInfo(label=label, start=ls, end=ls + len(text[ls:ls + len(label)]) if lab_at >= 0 else rest_start + sb,
                          intervention=long or label)
            if text[arm.start:arm.end] != label:
                arm.end = arm.start + len(label) if text[arm.start:arm.start + len(label)] == label else rest_start + sb
            _describe(arm, text, rest_start + sa, rest_start + sb, sup_ranges)
            arms.append(arm)
        _complete_suspended(arms)
        if len(arms) < 2:
            arms = []
        elif arms[-1].schedule and re.match(r"for\s+\d", arms[-1].schedule):
            # "... to drug X or placebo for 8 weeks": the duration closes the list, all arms share it
            for arm in arms[:-1]:
                arm.schedule = arm.schedule or arms[-1].schedule
    if not arms:
        arms = bracket_groups(text)
    if not arms:
        arms = _arms_from_enumeration(text, sentences, abbreviations)
    if not arms:
        arms = _arms_from_group_mentions(text, sentences, abbreviations)
    for arm in arms:
        arm.role = "control" if is_control(arm.label) or is_control(arm.intervention or "") else "intervention"
    if len(arms) == 2 and all(a.role == "intervention" for a in arms):
        # two active arms: by the reporting convention the comparator is named last
        arms[1].role = "control"
    elif len(arms) == 2 and all(a.role == "control" for a in arms):
        # "hypertonic saline or normal saline": both read as controls, the one named first is not
        arms[0].role = "intervention"
    return arms


_SUSPENDED = fastre.lazy(r"^[A-Za-z][\w]*-$")
_HYPHENED = fastre.lazy(r"^[A-Za-z][\w]*-(?P<tail>[A-Za-z].*)$")


def _complete_suspended(arms: list[ArmInfo]) -> None:
    """A suspended hyphen ("genotype- or phenotype-directed treatment") names the first arm by
    the second one's ending: "genotype-" is the "genotype-directed treatment" arm.  The quote stays the
    printed word; the completed name is the label."""
    for i, arm in enumerate(arms[:-1]):
        if not _SUSPENDED.match(arm.label):
            continue
        m = _HYPHENED.match(arms[i + 1].label)
        if not m:
            continue
        printed, full = arm.label, arm.label + m["tail"]
        # the two heads tell the arms apart ("genotype vs. phenotype")
        arm.names.add(printed.rstrip("-"))
        arms[i + 1].names.add(arms[i + 1].label[: m.start("tail") - 1])
        arm.label = full
        if arm.intervention in (None, printed):
            arm.intervention = full


_COUNT_WORDS = {"ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20, "twenty-five": 25, "thirty": 30,
                "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
                "hundred": 100}
# "N [patients] received/were given/were treated with [schedule] [amount of] ARM": the schedule
# and the amount are the rules' own (arms.json schedule, dose_units)
_REGIMEN = (r"(?P<regimen>(?:(?:" + "|".join(p.pattern for p in rx_list("arms", "schedule")) + r")[\s,]+)?"
            r"(?:(?:\d+(?:\.\d+)?)\s*" + rx("arms", "dose_units").pattern + r"(?:\s*/\s*kg)?\s+of\s+)?)")
_ENUM = fastre.compile(
    r"(?P<n>(?:\d{1,3}(?:,\d{3})+|\d+)|" + "|".join(_COUNT_WORDS) + r")\s+(?:[A-Za-z][\w-]*\s+){0,5}?(?:were\s+|was\s+)?"
    r"(?:received|receiving|given|treated\s+with|assigned\s+to|allocated\s+to|took)\s+" + _REGIMEN +
    r"(?P<arm>[^,;.]+?)(?=\s*(?:,|;|\.(?:\s|$)|\s+and\s+(?:\d|[Tt]\w+\s+were)|\s+as\s+part|\s+for\s|\s+during\s|$))",
    re.I)


def _arms_from_enumeration(text: str, sentences, abbreviations) -> list[ArmInfo]:
    """Arms listed with their sizes: "Forty patients received oral rehydration solution (ORS),
    40 were given twice daily 10 mg of zinc (ZN), and 40 were treated with a placebo syrup (PS)"."""
    for a, b in sentences:
        found = []
        for m in _ENUM.finditer(text, a, b):
            seg = m["arm"]
            label = _strip_regimen(_clean_label(seg))
            short = re.search(r"\(\s*([A-Za-z][\w-]{0,9})\s*\)", seg)
            if short and short.group(1) in abbreviations:
                label = short.group(1)
                ls = m.start("arm") + short.start(1)
            else:
                at = seg.find(label)
                ls = m.start("arm") + max(at, 0)
            if not label or not re.search(r"[A-Za-z]{2}", label) or len(label) > 60:
                continue
            if re.search(r"\d\s*(?:and|or|to|[-–,])\s*$", text[max(a, m.start() - 12):m.start()]) \
                    or re.match(r"(?:the\s+)?same\b", seg.strip(), re.I):
                continue  # "grade 3 and 4 tonsils received the same": a list of grades, no group's size
            n = m["n"].lower()
            size = _COUNT_WORDS.get(n) or int(n.replace(",", "")) if not n.isalpha() or n in _COUNT_WORDS else None
            lab, long = _resolve(label, abbreviations)
            arm = ArmInfo(label=lab, start=ls, end=ls + len(lab), intervention=long or label, n_randomized=size)
            if text[arm.start:arm.end] != arm.label:
                arm.start, arm.end = m.start("arm"), m.end("arm")
                arm.label = text[arm.start:arm.end]
            _describe(arm, text, m.start("regimen"), m.end("arm"), ())
            found.append(arm)
        if len(found) >= 2 and len({x.label.lower() for x in found}) == len(found):
            return found
    return []


_GROUP_MENTION = fastre.lazy(r"\b(?:the|an?)\s+(?P<label>[A-Za-z][\w\-+]*(?:\s+[\w\-+]+){0,3}?)\s+(?:group|arm)s?\b", re.I)
_NOT_LABEL = fastre.lazy(r"^(?:same|two|three|both|each|other|either|treatment|study|age|intervention\s+and\s+control|all|first|second|respective)\b", re.I)


_COUNT_TO_THE = fastre.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)\s+(?:\w+\s+)?(?:to|in)\s+the\s+", re.I)


def _after_counts(text: str, lengths: set[int]) -> dict[int, set[str]]:
    """``{n: the lower-cased n characters after each "120 to the ", "35 patients in the "}``:
    whether a label follows such a count is one set lookup instead of a search of the whole
    text per label."""
    ends = [m.end() for m in _COUNT_TO_THE.finditer(text)]
    return {n: {text[e:e + n].lower() for e in ends} for n in lengths}


def _arms_from_group_mentions(text: str, sentences, abbreviations) -> list[ArmInfo]:
    """Arms named as "the X group" when no randomization sentence lists them: labels named
    at least twice (or once with a size), at most four, in order of first mention."""
    seen: dict[str, list] = {}
    for m in _GROUP_MENTION.finditer(text):
        label = m["label"].strip()
        label = re.sub(r"^(?:\w+\s+)*?(?:to|in|into|of|with|from|and|or|the)\s+", "", label, flags=re.I) if re.search(r"\b(?:to|in|into|of|with|from|and|or|the)\s", label) else label
        label = re.sub(r"^(?:the|an?)\s+", "", label, flags=re.I)
        if not label or _NOT_LABEL.match(label) or len(label) > 40:
            continue
        key = label.lower()
        seen.setdefault(key, []).append((m.start("label") + m["label"].find(label), label))
    cands = [(v[0][0], v[0][1], len(v)) for k, v in seen.items()]
    # a label named once counts beside a control named in the same sentence ("418 episodes
    # occurred in the xylitol arm and 560 in the control arm"), or after a count ("120 to the
    # xylitol"); both looked up in indexes built in one pass over the text
    starts = getattr(sentences, "starts", None) or [a for a, _ in sentences]

    def sentence_of(offset: int) -> Optional[int]:
        k = bisect_right(starts, offset) - 1
        return k if k >= 0 and sentences[k][0] <= offset < sentences[k][1] else None

    ctrl_sents = {sentence_of(c[0]) for c in cands if is_control(c[1])} - {None}
    counted = _after_counts(text, {len(c[1]) for c in cands if c[2] < 2})
    cands = [c for c in cands if c[2] >= 2 or c[1].lower() in counted.get(len(c[1]), ())
             or sentence_of(c[0]) in ctrl_sents]
    cands.sort()
    # a generic "control" beside a named control (TAU, placebo, usual care) is the same arm
    named_ctrl = [c for c in cands if is_control(c[1]) and c[1].lower() not in ("control", "controls")]
    if named_ctrl:
        cands = [c for c in cands if c[1].lower() not in ("control", "controls")]
    # "the DHA group" and "the supplementation group" beside "the DHA supplementation group":
    # a label whose words are all in another label's names that arm, no arm of its own
    words = {c[1].lower(): set(re.findall(r"[\w+-]+", c[1].lower())) for c in cands}
    part_of = {}
    for c in cands:
        wider = [d for d in cands if d is not c and words[c[1].lower()] < words[d[1].lower()]]
        if len(wider) == 1:
            part_of[c[1].lower()] = wider[0][1].lower()
    parts = {}
    for k, v in part_of.items():
        if v not in part_of:
            parts.setdefault(v, []).append(k)
    cands = [c for c in cands if c[1].lower() not in part_of or part_of[c[1].lower()] in part_of]
    if len(cands) < 2:
        return []
    arms = []
    for start, label, _ in cands[:4]:
        lab, long = _resolve(label, abbreviations)
        arms.append(ArmInfo(label=lab if lab in text[start:start + len(label)] else label, start=start,
                            end=start + len(label), intervention=long or label))
        arms[-1].names.update(parts.get(label.lower(), ()))
    for a in arms:
        a.from_mentions = True
        if text[a.start:a.end] != a.label:
            a.label = text[a.start:a.end]
    return arms


_EITHER = re.compile(r"(?<=\s)either\s+", re.I)
_BRACKET_GROUP = fastre.lazy(r"[\[(]\s*(?P<long>[A-Za-z][^\[\](),;.]{0,40}?\s(?:group|arm))\s*,\s*"
                             r"(?P<short>[A-Za-z][\w+-]{0,9})\s*[\])]", re.I)
_LAST_COUNT = fastre.lazy(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(?![\d.,]*\s*%)(?!\s*(?:mg|µg|μg|g|ml|mL|years?|days?|weeks?|months?)\b)")


def bracket_groups(text: str) -> list[ArmInfo]:
    """Arms defined in brackets with their short forms, two or more in one sentence:
    "39 of which received Se [selenium group, SeG] and 42 serving as controls [control
    group, CG]" -> SeG (selenium group, 39) and CG (control group, 42)."""
    by_sentence: dict[int, list] = {}
    for m in _BRACKET_GROUP.finditer(text):
        if m["short"].lower() in ("n", "group", "arm") or re.match(r"\s*=", text[m.end("short"):]):
            continue
        start = max(text.rfind(". ", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        by_sentence.setdefault(start, []).append(m)
    for start, ms in sorted(by_sentence.items()):
        if len(ms) < 2 or len({m["short"].lower() for m in ms}) < len(ms):
            continue
        arms = []
        prev = start
        for m in ms:
            counts = list(_LAST_COUNT.finditer(text, prev, m.start()))
            n = int(counts[-1].group(1).replace(",", "")) if counts else None
            long = m["long"].strip()
            arm = ArmInfo(label=m["short"], start=m.start("short"), end=m.end("short"), intervention=long,
                          n_randomized=n)
            arm.names.add(long)
            arms.append(arm)
            prev = m.end()
        return arms
    return []


_TIME_FRAME = re.compile(r"\s+(?:during|throughout)\s+(?:the|their|his|her|its|each|a|an)\s")


def _find_stop(rest: str, stop: re.Pattern) -> int:
    depth = 0
    for i, ch in enumerate(rest):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            if depth == 0:
                return i  # "randomized (541 A, 521 B)": the list closes with its parenthesis
            depth -= 1
        elif depth == 0:
            m = stop.match(rest, i)
            if m:
                return i
    return len(rest)


def _strip_regimen(label: str) -> str:
    """"semaglutide 2.4 mg once weekly" -> "semaglutide" (dose and schedule have their fields)."""
    cut = len(label)
    for d in find_doses(label):
        cut = min(cut, d.start)
    for pat in rx_list("arms", "schedule"):
        m = pat.search(label)
        if m:
            cut = min(cut, m.start())
    out = label[:cut].strip(" ,;:")
    return out if re.search(r"[A-Za-z]{2}", out) else label


def _describe(arm: ArmInfo, text: str, a: int, b: int, sup_ranges, only_missing: bool = False) -> None:
    seg = text[a:b]
    if only_missing:
        arm.route = arm.route or _route(seg)
        arm.schedule = arm.schedule or _schedule(seg)
        return
    doses = find_doses(seg, a, sup_ranges)
    if doses:
        d = doses[0]
        arm.dose, arm.dose_value, arm.dose_unit = d.written, d.value, d.unit
        arm.dose_span = (d.start, d.end)
        arm.exponent_lost, arm.dose_intended = d.exponent_lost, d.intended
    arm.route = _route(seg)
    arm.schedule = _schedule(seg)


# -- sizes -------------------------------------------------------------------------------------
_BRACKET_N = fastre.lazy(r"(?P<n>(?:\d{1,3}(?:,\d{3})+|\d+))\s*(?:\[(?P<lab>[^\]\d][^\]]{0,40})\]|(?:in\s+the\s+|to\s+the\s+|on\s+)?(?P<lab2>[A-Za-z][\w\-+/]*(?:\s[\w\-+/]+){0,2}?)\s+(?:group|arm)s?\b)")


_N_BEFORE_ARM = fastre.lazy(r"(?<![\d.,])(?P<n>(?:\d{1,3}(?:,\d{3})+|\d+))\s+(?:(?:patients|participants|subjects|women|men|children|infants|adults|eyes|volunteers|individuals|were|was|allocated|assigned|randomly|randomi[sz]ed|to|receive|receiving|the|in)\s+){0,6}$", re.I)
_DIGIT = fastre.lazy(r"\d")
# "35 of the": the count before another ("35 of the 40 assigned to placebo")
_K_OF = fastre.lazy(r"(?<![\d.,])(?P<k>\d{1,3}(?:,\d{3})+|\d+)\s+of\s+(?:the\s+)?$")
# a count followed by the verb of allocation ("40 patients randomised to", "67 were randomly assigned")
_RAND_AFTER = fastre.lazy(r"\s+(?:(?:patients|participants|subjects|women|men|children|infants|adults)\s+)?(?:who\s+)?"
                          r"(?:were\s+)?(?:randomly\s+)?(?:randomi[sz]ed|assigned|allocated)\b", re.I)
# one size for every arm: "30 per group", "20 participants in each group", "30 children were
# included in each group", "40 were randomised to each arm"
_EACH_GROUP = fastre.lazy(
    r"\(?(?P<n>(?:\d{1,3}(?:,\d{3})+|\d+))\s+(?:(?:patients|participants|subjects|women|men|children|adults|infants)\s+)?"
    r"(?:per|in\s+each|to\s+each|for\s+each)\s+(?:group|arm)\)?|"
    r"(?P<n2>(?:\d{1,3}(?:,\d{3})+|\d+))\s+(?:(?:patients|participants|subjects|women|men|children|adults|infants)\s+)?"
    r"(?:were\s+)?(?:(?:assigned|allocated|randomi[sz]ed)\s+to|(?:included|enrolled|analy[sz]ed)\s+in)\s+each\s+(?:group|arm)")
# what "20 participants in each group" did, saying they are its members: received the allocated
# treatment, completed or were analysed ("... received the designated intervention")
_EACH_RECEIVED = fastre.lazy(r"\s+(?:received|underwent|completed|finished|were\s+(?:treated|analy[sz]ed|included|evaluated))\b", re.I)
# a sample-size calculation: the planned numbers, not the trial's
_SIZE_CUE = fastre.compile(r"\b[nN]\*?\s*=|\bgroups?\b|\barms?\b|\bper\b|\beach\b|\d\s*\[|\(\s*\d|allocated|assigned|randomi[sz]", re.I)


def _label_arm(label: str, matcher: "ArmMatcher") -> Optional[ArmInfo]:
    """The arm a size pattern's label ends with ("were in the placebo" -> placebo): the
    longest tail of its words that names an arm in full; a population noun after the arm
    ("Group T patients (n = 20)") is not part of it."""
    words = label.strip().split()
    if len(words) > 1 and re.fullmatch(r"(?:patients|participants|subjects|children|women|men|adults|infants|cases)",
                                       words[-1], re.I):
        words = words[:-1]
    for k in range(len(words)):
        arm = matcher.arm_for(" ".join(words[k:]), partial=False)
        if arm:
            if k and re.fullmatch(r"no|without|non", words[k - 1], re.I):
                # "control (no trimetazidine, n=124)": the absence of a treatment is the control's
                ctrl = [a for a in matcher.arms if a.role == "control" and a is not arm]
                return ctrl[0] if len(ctrl) == 1 else None
            return arm
    return None


#: what may follow a dose before a group size: "50 mg three times daily (n = 1574)"
_DOSE_TAIL = fastre.lazy(r"(?:\s*/\s*(?:d|day|kg))?(?:\s+(?:once|twice|thrice|three|four|times|every|\d+|h|hours?|days?|weeks?|"
                         r"daily|a|per|day|week|weekly|b\.?i\.?d\.?|t\.?i\.?d\.?|q\.?d\.?|orally|intravenously|"
                         r"for|i\.v\.|p\.o\.)\b\.?){0,6}\s*$", re.I)


def _dosed_arm(sent: str, end: int, matcher: "ArmMatcher") -> Optional[ArmInfo]:
    """The arm named before a dose and its schedule that end at ``end`` ("randomized to
    losartan 50 mg once daily (n = 1578)": losartan), else None."""
    lo = max(0, end - 90)
    doses = [d for d in find_doses(sent[lo:end]) if _DOSE_TAIL.fullmatch(sent, lo + d.end, end)]
    if not doses:
        return None
    d = doses[-1]
    words = sent[lo:lo + d.start].split()[-3:]
    return _label_arm(" ".join(words), matcher) if words else None


def another_population(arm: ArmInfo, n: int) -> bool:
    """Whether a size ``n`` read for ``arm`` counts another population than its analysed one:
    a little above its randomised size (at most a quarter above), as a safety set that keeps the
    patients the efficacy analysis excluded ("randomised to A (N=91)" beside an adverse-event
    table's "A (N=95)").  Far above it, the randomised size is the misread one."""
    return bool(arm.n_randomized) and arm.n_randomized < n <= 1.25 * arm.n_randomized


def assign_sizes(arms: list[ArmInfo], text: str, sentences: list[tuple[int, int]], matcher: "ArmMatcher") -> list[tuple[ArmInfo, str, int, int, int]]:
    """Fill ``n_randomized``/``n_analyzed`` from group-size statements; returns what was read
    as ``(arm, field, n, start, end)`` for provenance."""
    found = []
    pats = rx_list("arms", "group_size")
    for a, b in sentences:
        if not _DIGIT.search(text, a, b):
            continue  # every size is read from digits
        sent = text[a:b]
        for pat in rx_list("arms", "respectively_sizes"):
            # "leaving 365 and 368 patients, respectively, in the primary analysis": the arms
            # in the order the study introduced them
            for m in pat.finditer(sent):
                ns = re.findall(r"\d{1,3}(?:,\d{3})+|\d+", m["ns"])
                if len(ns) != len(arms) or matcher.mentions(sent, m.start(), m.end()):
                    continue
                at = m.start("ns")
                for arm, n in zip(arms, ns):
                    s_ = sent.index(n, at)
                    at = s_ + len(n)
                    if arm.n_analyzed is None:
                        arm.n_analyzed = int(n.replace(",", ""))
                        found.append((arm, "n_analyzed", arm.n_analyzed, a + s_, a + at))
        if not _SIZE_CUE.search(sent):
            continue
        if fastre.search(r"withdr[ea]w|lost\s+to\s+follow|discontinu|dropped\s+out|excluded|died|crossed\s+over", sent, re.I) \
                or _EVENT_COUNT.search(sent) or rx_any("design", "sample_size_calculation").search(sent):
            continue  # "57 falls occurred in the A arm and 81 in the B arm": counts of events, not sizes
        rand_cue = fastre.search(r"randomi[sz]|assigned|allocated|enrolled", sent, re.I)
        anal_cue = fastre.search(r"evaluat|analy[sz]|follow|complet|included", sent, re.I)
        field_name = "n_randomized" if rand_cue and not anal_cue else "n_analyzed"
        explicit = bool(rand_cue or anal_cue)
        hits = []
        for m in _BRACKET_N.finditer(sent) if explicit else ():
            lab = m["lab"] or m["lab2"]
            arm = matcher.arm_for(lab, partial=False)
            if arm and not re.match(r"\s*(?:[a-z]+\s+)?\(\s*\d+(?:\.\d+)?\s*%", sent[m.end("n"):]) and \
                    not re.search(r"[.\d]$", sent[:m.start("n")]):
                hits.append((arm, m.start("n"), m.end("n"), m["n"]))
        listed = []  # "1,210 allocated to receive A and 1,196 B", "(1,190 A; 1,184 B)"
        for ms, me, arm in matcher.mentions(sent) if explicit else ():
            if matcher.arm_for(sent[ms:me], partial=False) is None and arm.label.lower() not in sent[ms:me].lower():
                continue
            lo = max(0, ms - 60, max((e for _, e, _ in matcher.mentions(sent, 0, ms)), default=0))
            mm = _N_BEFORE_ARM.search(sent[lo:ms])
            if mm:
                listed.append((arm, lo + mm.start("n"), lo + mm.end("n"), mm["n"]))
                of = _K_OF.search(sent[:lo + mm.start("n")])
                if of and anal_cue:  # "35 of the 40 assigned to placebo completed": 35 analysed
                    listed.append((arm, of.start("k"), of.end("k"), of["k"]))
        if len({id(x[0]) for x in listed}) >= 2 and len({x[1] for x in listed}) == len(listed):
            hits.extend(listed)
        for pat in pats if explicit else pats[:2]:
            for m in pat.finditer(sent):
                of = re.search(r"(?<![\d.,])(?P<k>\d+)\s+of\s+(?:the\s+)?$", sent[:m.start("n")])
                if of:  # "data were available for 15 of the 20 subjects in the A group": 15 analysed
                    arm = _label_arm(m["label"], matcher)
                    if arm is not None and anal_cue:
                        hits.append((arm, of.start("k"), of.end("k"), of["k"]))
                    continue
                if m.start("label") > m.start("n") and re.search(r"\b(?:or|and|versus|vs)\b|[,;\d]", m["label"]):
                    continue  # "1589 patients were allocated to the A or control group": all the arms
                if re.search(r"\b(?:total\s+of|overall|all(?:\s+the)?)\s+$", sent[:m.start("n")], re.I):
                    continue  # "A total of 120 patients were assigned to the A group (n = 60) or ...": all
                arm = _label_arm(m["label"], matcher) or _dosed_arm(sent, m.end("label"), matcher)
                if arm is not None:
                    hits.append((arm, m.start("n"), m.end("n"), m["n"]))
        m = _EACH_GROUP.search(sent) if "per" in sent or "each" in sent else None  # (every match holds one of the two words)
        if m and re.search(r"\d\s*(?:[–-]|to)\s*$", sent[:m.start("n" if m["n"] else "n2")]):
            m = None  # "26–30 participants per group": a range, no arm's size
        if m and (explicit or re.search(r"per\s+group", sent) or _EACH_RECEIVED.match(sent, m.end()) or
                  re.search(r"\b[nN]\s*=\s*$", sent[:m.start("n" if m["n"] else "n2")])):  # "N = 38 in each group"
            g = "n" if m["n"] else "n2"
            for arm in arms:
                hits.append((arm, m.start(g), m.end(g), m[g]))
        seen = set()
        for arm, s, e, n in sorted(hits, key=lambda h: h[1]):
            if (s, e) in seen and not re.search(r"per\s+group|each", sent):
                continue
            if (id(arm), s, e) in seen:
                continue
            seen.add((s, e))
            seen.add((id(arm), s, e))
            if (s, e) in {(x[1], x[2]) for x in hits if x[0] is not arm} and not re.search(r"per\s+group|each", sent):
                continue
            # the verb right after the count says which size it is ("40 assigned to placebo", of a
            # sentence about completion, is still the number randomised)
            fld = "n_randomized" if _RAND_AFTER.match(sent, e) else field_name
            if getattr(arm, fld) is None:
                setattr(arm, fld, int(n.replace(",", "")))
                found.append((arm, fld, int(n.replace(",", "")), a + s, a + e))
    # an analysed size under half the arm's randomised size is a subgroup's, not the arm's: a size
    # printed beside a result ("for drug (n=17) versus placebo (n=11)"), or in a sentence about
    # follow-up ("Internet group n = 2; Postal group n = 3" underwent surgery)
    # an analysed size a little above it counts another population (another_population), unless
    # the sentence that gave the randomised size gave this one too (one of the two is then
    # misread, and which is unknown)
    rand_at = {id(f[0]): f[3] for f in found if f[1] == "n_randomized"}

    def same_sentence(x: int, y: Optional[int]) -> bool:
        return y is not None and any(a <= x < b and a <= y < b for a, b in sentences)

    drop = {i for i in range(len(found)) if found[i][0].n_randomized and found[i][1] == "n_analyzed"
            and (found[i][2] < 0.5 * found[i][0].n_randomized or
                 another_population(found[i][0], found[i][2])
                 and not same_sentence(found[i][3], rand_at.get(id(found[i][0]))))}
    for i in drop:
        arm = found[i][0]
        if arm.n_analyzed == found[i][2]:
            arm.n_analyzed = None
    return [f for i, f in enumerate(found) if i not in drop]


_GENERIC_ACTIVE = ("intervention", "experimental", "active treatment", "treatment")


_GENERIC_TAIL = re.compile(r"(?:\s*\([^()]*\))+\s*$|\s+(?:intervention|group|arm|condition|regimen|cohort)s?\s*$", re.I)


def _name_core(name: str) -> str:
    """An arm's name without a bracketed or generic tail ("Standard approach (control
    group)", "standard approach group" -> "standard approach")."""
    core = name.strip().lower()
    while True:
        cut = _GENERIC_TAIL.sub("", core).strip()
        if cut == core or not cut:
            return core
        core = cut


def _full_words(arm: ArmInfo, abbreviations: dict[str, str]) -> set[str]:
    """The words of an arm's label, its intervention and the long form of a label that is an
    abbreviation ("TOS" -> "transobturator midurethral sling")."""
    out = set()
    for n in (arm.label, arm.intervention or "", abbreviations.get(arm.label, "")):
        out.update(re.findall(r"[\w\-]+", n.lower()))
    return out


_ARTICLE_HEAD = re.compile(r"^(?:the|a|an)\s+")
_GROUP_TAIL = re.compile(r"\s+(?:group|arm|cohort|recipients)$")
_MENTION_TAIL = re.compile(r"\s+(?:group|arm|cohort|recipients|patients|participants|condition)s?$", re.I)


#: "groups I and II", "arms A, B and C": arms named by letters or numbers after one plural head
_GROUPS_LISTED = re.compile(r"\b(?P<head>[Gg]roups|[Aa]rms)\s+(?P<first>[A-Z]{1,3}|\d{1,2})(?:\s*,\s*(?:[A-Z]{1,3}|\d{1,2}))*"
                            r"\s*,?\s+(?:and|&)\s+(?:[A-Z]{1,3}|\d{1,2})\b(?![\w-])")
_LIST_LABEL = re.compile(r"(?<=[\s,])(?:[A-Z]{1,3}|\d{1,2})\b(?![\w-])")


class ArmMatcher:
    """Finds mentions of the study's arms in text through their aliases."""

    def __init__(self, arms: list[ArmInfo], abbreviations: dict[str, str]):
        self.arms = arms
        alias: dict[str, ArmInfo] = {}
        partial: set[str] = set()
        generic_only: set[str] = set()  # generic words that name an arm only with "group"/"arm"
        for arm in arms:
            names = {arm.label, arm.intervention or arm.label} | arm.names
            if arm.label in abbreviations:
                names.add(abbreviations[arm.label])
            cores = {_name_core(n) for n in names if n}
            for short, long in abbreviations.items():
                if long.lower() == arm.label.lower() or _name_core(long) in cores:
                    names.add(short)  # "CLF" of "controlled limited formula (intervention group)"
            # "usual care only" beside "usual care plus X": "usual care" (and "UC") alone name it
            # (two arms only: in a factorial trial "information" is in two arms' names)
            base = re.sub(r"\s+(?:only|alone)$", "", arm.label, flags=re.I).strip()
            if base != arm.label and base and len(arms) == 2 and all(o.label.lower() != base.lower() for o in arms):
                names.add(base)
                names.update(short for short, long in abbreviations.items() if long.lower() == base.lower())
            if arm.role == "control":
                names.add("control")
            elif [o.role for o in arms].count("control") == 1 and [o.role != "control" for o in arms].count(True) == 1:
                own = {n.lower() for n in names if n}
                generic = {g for g in _GENERIC_ACTIVE if g not in own}
                names.update(generic)  # "the intervention group" of a two-arm trial
                generic_only.update(generic)
            stop = set(load("arms")["alias_stop"])
            words = re.findall(r"[\w\-]+", arm.label)
            if len(words) > 1:
                for w in words:
                    lw = w.lower()
                    if (len(lw) < 4 and not re.fullmatch(r"[A-Z][A-Z0-9]+", w)) or lw in stop:
                        continue  # a short word is a name only as an acronym ("GIK infusion")
                    # the other arms' full names too: "sling" of "single-incision sling" is also
                    # in "TOS" (transobturator midurethral sling), so it names neither arm alone
                    sharing = [o for o in arms if o is not arm and lw in _full_words(o, abbreviations)]
                    # "stimulation" is shared with "sham stimulation": the bare word names the
                    # active arm when every other arm sharing it is a control
                    if not sharing or (arm.role != "control" and all(o.role == "control" for o in sharing)):
                        partial.add(w.lower())
                        names.add(w)
            for n in names:
                if n:
                    alias[n.lower()] = arm
                    arm.aliases.add(n.lower())
        self.alias = alias
        self.generic_only = generic_only
        self.partial = partial - {n for a in arms for n in (a.label.lower(),)}
        parts = sorted(alias, key=len, reverse=True)
        if parts:
            # "balanced-crystalloids group" names the "balanced crystalloids" arm
            body = "|".join(re.escape(p).replace("\\ ", "[\\s-]").replace("\\-", "[\\s-]") for p in parts)
            self.rx = re.compile(rf"(?<![\w-])(?:{body})(?:s|es)?(?![\w-])(?:\s+(?:group|arm|cohort|recipients|patients|participants|condition)s?\b)?", re.I)
        else:
            self.rx = None
        # built once: arm_for reads the aliases with hyphens as spaces
        self._spaced = {k.replace("-", " "): k for k in alias}

    def arm_for(self, label: str, partial: bool = True) -> Optional[ArmInfo]:
        """The arm named ``label``; ``partial=False`` refuses one-word parts of longer labels
        ("Lifestyle" for "Lifestyle Advice"), as group sizes need the full name."""
        lab = _ARTICLE_HEAD.sub("", label.strip().lower())
        lab = _GROUP_TAIL.sub("", lab)
        for key in (lab, lab.rstrip("s")):
            if key in self.alias and (partial or key not in self.partial):
                return self.alias[key]
        spaced = self._spaced
        for key in (lab.replace("-", " "), lab.rstrip("s").replace("-", " ")):
            if key in spaced and (partial or spaced[key] not in self.partial):
                return self.alias[spaced[key]]
        return None

    def mentions(self, text: str, start: int = 0, end: Optional[int] = None) -> list[tuple[int, int, ArmInfo]]:
        if self.rx is None:
            return []
        end = len(text) if end is None else end
        out = []
        for m in self.rx.finditer(text, start, end):
            core = _MENTION_TAIL.sub("", m.group(0))
            if core.lower() in self.generic_only and core == m.group(0):
                continue  # "intervention" alone is no arm; "the intervention group" is
            arm = self.arm_for(core) or self.arm_for(core.rstrip("s"))
            if arm:
                out.append((m.start(), m.end(), arm))
        for m in _GROUPS_LISTED.finditer(text, start, end):
            # "in groups I and II, respectively": one plural head shared by the arms' letters
            head = m["head"][:-1]
            spans = [(m.start(), m.end("first"))] + [(x.start(), x.end()) for x in _LIST_LABEL.finditer(text, m.end("first"), m.end())]
            arms = [self.arm_for(f"{head} {text[s:e].split()[-1]}", partial=False) for s, e in spans]
            if None in arms or len({id(a) for a in arms}) < len(arms):
                continue
            # the list's own letters ("II" alone may be an alias of "Group II") give way to it
            out = [x for x in out if not (x[0] < m.end() and m.start() < x[1])]
            out.extend((s, e, a) for (s, e), a in zip(spans, arms))
        out.sort(key=lambda x: x[0])
        return self._one_name_runs(text, out) if len(out) > 1 else out

    def _one_name_runs(self, text: str, out: list) -> list:
        """Mentions written next to each other are one name ("the pure cotton textile garment":
        "pure" and "cotton" of one arm, "textile" a word of another arm's name): a one-word
        alias of another arm than the run's other words name gives way to them."""
        runs, cur = [], [out[0]]
        for x in out[1:]:
            if re.fullmatch(r"[\s-]+", text[cur[-1][1]:x[0]]):
                cur.append(x)
            else:
                runs.append(cur)
                cur = [x]
        runs.append(cur)
        keep = []
        for run in runs:
            arms = {id(x[2]) for x in run}
            if len(arms) > 1:
                count = {a: sum(1 for x in run if id(x[2]) == a) for a in arms}
                best = max(count.values())
                major = [a for a, c in count.items() if c == best]
                if len(major) == 1:
                    # only the other arms' one-word partial aliases give way
                    run = [x for x in run if id(x[2]) == major[0] or text[x[0]:x[1]].lower() not in self.partial]
            keep.extend(run)
        return keep
