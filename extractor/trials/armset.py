"""One set of arms per trial: the randomised groups as the text and the table headers define
them, each a single canonical arm with its aliases.

Candidates come from the randomisation sentence and its relatives (:func:`.arms.find_arms`)
and from the header rows of the article's tables (``Placebo (n = 29)``: sibling column
headers that are no statistic, time or role label).  The set is chosen, never mixed at random:

* prose arms are kept when they are names (a phrase that opens with a verb, a preposition or a
  relative pronoun, or runs past a few words, names no arm);
* table groups name the arms when prose gives fewer than two names, or when the prose names
  do not cover the groups the tables report (the tables are where the results are); a prose
  arm that matches a table group becomes its alias and lends it its description;
* every header name of a group — in any table — becomes an alias of its arm, so later tables
  and sentences find it.

:func:`label_matcher` answers "which arm does this header or stub name?" for the table
reader: exact aliases, then a unique mention, then shared distinctive words.
"""
from __future__ import annotations

import re
from typing import Callable, Optional

from .. import fastre
from ..model import Table
from .arms import ArmInfo, ArmMatcher, bracket_groups, is_control
from .headers import Label
from .lexicon import load

__all__ = ["is_name", "choose_arms", "label_matcher"]

_NOT_NAME_START = fastre.lazy(
    r"^(?:groups?\s*:|arms?\s*:|(?:which|who|whom|whose|that|including|included|include|undergo\w*|then|than|of|in|on|at|by|for|from|with|"
    r"without|to|into|and|or|but|as|if|when|while|were|was|is|are|be|been|being|had|has|have|do|did|does|it|its|"
    r"this|these|those|there|their|they|we|our|after|before|during|between|among|both|each|either|neither|"
    r"approximately|about|participate\w*|randomly|allocated|assigned|receiv\w*|"
    r"subject'?s?|patients?'?\s|lack|risk|implement\w*|contamination)\b)", re.I)
_VERBISH = fastre.lazy(r"\b(?:was|were|is|are|been|being|had|has|have|will|would|could|should|may|might|did|does|"
                      r"which|who|that|received|underwent|included|allocated|assigned|randomi[sz]ed|study|trial|"
                      r"multi-?cent(?:er|re)|open[- ]label|double[- ]blind|single[- ]blind|phase)\b|\bin\s+(?:a|an|the)\b", re.I)
_STOP = {"the", "a", "an", "of", "and", "or", "with", "plus", "group", "groups", "arm", "arms", "n", "no",
         "patients", "participants", "subjects", "treatment", "treated", "condition", "cohort", "in", "for",
         "to", "on", "by", "mg", "g", "ml", "kg", "day", "daily", "d", "iu", "µg", "μg", "mcg", "vs"}


_UNIT_ONLY = fastre.lazy(r"(?:\d[\d.,]*\s*)?(?:mg|g|µg|μg|mcg|ng|ml|mL|L|IU|U|units?|Gy|cGy|mSv|mmol|mEq|%)"
                        r"(?:\s*/\s*(?:kg|day|d|dose|m2|m\^?2|h|hr|min|week|wk))*", re.I)


_TIME_ONLY = fastre.lazy(r"(?:(?:at|by|through|until|after|before|on|in)\s+)?(?:the\s+)?(?:weeks?|wks?|days?|months?|years?|hours?|visits?)"
                        r"\s*\d+(?:\s*(?:,|and|or|to|-|–)\s*\d+)*", re.I)


_FRAGMENT = fastre.lazy(
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|once|twice|thrice|\d+)?\s*"
    r"(?:(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+)|(?:times?|x)?\s*(?:per|a|each|every|/)\s*"
    r"(?:day|week|wk|month|year|session)|times?|doses?|dosages?)", re.I)


def is_name(label: str) -> bool:
    """Whether a prose arm label reads as a group's name, not an arbitrary phrase."""
    lab = label.strip()
    if not lab or not re.search(r"[A-Za-z]{2}", lab):
        return False
    if _NOT_NAME_START.match(lab):
        return False
    if _UNIT_ONLY.fullmatch(lab):
        return False  # "mg", "Gy": the unit of a dose that names no group
    if _FRAGMENT.fullmatch(lab):
        return False  # "two", "times per week", "dose": a count, frequency or dose word, no group
    if _TIME_ONLY.fullmatch(lab):
        return False  # "week 24" of "at week 14 (...), week 24 (...)": a time point, no group
    words = re.findall(r"[\w'-]+", lab)
    if len(words) > 7:
        return False
    if _VERBISH.search(lab):
        return False
    return True


def _words(s: str) -> set[str]:
    out = set()
    for w in re.findall(r"[A-Za-z][\w+-]*|\d+(?:\.\d+)?", s.lower()):
        w = w.strip("-")
        if w in _STOP or len(w) < 2 and not w.isdigit():
            continue
        out.add(w[:-1] if len(w) > 4 and w.endswith("s") and not w.endswith("ss") else w)
    return out


_NEGATION = re.compile(r"^\s*(?:no|non|without)\b[\s-]*|\b(?:without|not)\s", re.I)


def _negated(label: str) -> bool:
    """Whether an arm's name is the absence of something ("no pen", "without feedback")."""
    return _NEGATION.search(label) is not None


#: "PI-based", "insulin-only": the first part names what the arm is given
_HEAD_OF = re.compile(r"\b([A-Za-z][\w+]*)-(?:based|containing|only|alone|treated|group|arm)\b", re.I)


def _initials(name: str) -> str:
    """The initials of a name's words, hyphenated parts apart ("non-nucleoside reverse
    transcriptase inhibitor" -> "nnrti")."""
    return "".join(w[0] for w in re.split(r"[\s/-]+", name.lower()) if w and w[0].isalpha())


def _arm_words(arm: ArmInfo, abbrev: dict[str, str]) -> set[str]:
    names = {arm.label, arm.intervention or ""} | set(arm.aliases) | set(arm.names)
    ws = set()
    for n in names:
        ws |= _words(n)
        ws |= {m.group(1).lower() for m in _HEAD_OF.finditer(n) if m.group(1).lower() not in _STOP}
        init = _initials(n)
        for short, long in abbrev.items():
            if short.lower() == n.lower().strip():
                ws |= _words(long)
            elif long.lower() == n.lower().strip() or len(short) >= 3 and short.isupper() and short.lower() == init:
                # the short form of the arm's name (also when the detector cut its long form)
                ws.add(short.lower())
    return ws


def _names(arm: ArmInfo) -> list[str]:
    return [arm.label] + sorted(arm.aliases) + sorted(arm.names)


def _letter_name(name: str) -> Optional[str]:
    """``"b"`` of a name that is only "Group B" / "arm 2" / "the group B", else None."""
    m = re.fullmatch(r"\s*(?:the\s+)?(?:group|arm|cohort)\s*([A-Z]|\d{1,2}|I{1,3}|IV)\s*", name, re.I)
    return m.group(1).lower() if m else None


def _first_marks(marks: set[str], n: int) -> bool:
    """Whether ``marks`` are the first ``n`` letters, numbers or roman numerals ({a, b},
    {1, 2, 3}): the groups of an n-arm trial, none skipped."""
    for seq in ("abcdefghij", [str(i) for i in range(1, 11)], ["i", "ii", "iii", "iv"]):
        if marks == set(list(seq)[:n]):
            return True
    return False


#: a short form in a header: a token with two capitals at least ("TOS", "S-Mg", "mEOC")
_SHORT_TOKEN = re.compile(r"(?<![\w+-])(?=[\w+-]*?[A-Z][\w+-]*?[A-Z])[A-Za-z][\w+-]*")


def label_matcher(arms: list[ArmInfo], matcher: ArmMatcher, abbrev: dict[str, str],
                  expand: bool = True) -> Callable[[Label], Optional[ArmInfo]]:
    """``f(label) -> arm`` for table headers and stubs; ``expand`` reads a header that is a
    short form the document defines as its long form (off while the arms are chosen: a prose
    arm matched only through a header's long form keeps no better name than the header)."""
    words = [(a, _arm_words(a, abbrev)) for a in arms]
    cache: dict[str, Optional[ArmInfo]] = {}

    def arm_of(lab: Label) -> Optional[ArmInfo]:
        rest = lab.rest
        if not rest or lab.role in ("p", "effect", "ci", "test", "total"):
            return None
        if rest in cache:
            return cache[rest]
        cache[rest] = got = _find(rest)
        return got

    def _by_words(text: str, rest: str) -> Optional[ArmInfo]:
        lw = _words(text)
        if not lw:
            return None
        best, second, best_arm = 0.0, 0.0, None
        neg = _negated(text)
        acronym = bool(re.fullmatch(r"\W*[A-Z][A-Z0-9]{2,}\W*", rest))
        for a, aw in words:
            if not aw or _negated(a.label) != neg and not (acronym and lw <= aw):
                continue  # "Pen" is not the "no pen" arm, nor "No pen" the "pen" arm (an acronym
                # of the arm's own name, "NNRTI" of "non-nucleoside ...", spells the "non" in)
            common = lw & aw
            if not common or all(w.replace(".", "").isdigit() for w in common):
                continue  # a number alone ("Grade 2" beside "Group 2") names no arm
            score = len(common) / len(lw) + len(common) / len(aw)
            if score > best:
                best, second, best_arm = score, best, a
            elif score > second:
                second = score
        if best_arm is not None and best >= 0.9 and best - second >= 0.3 and \
                len(lw & _arm_words(best_arm, abbrev)) >= 0.5 * len(lw):
            return best_arm
        return None

    def _find(rest: str) -> Optional[ArmInfo]:
        rest = re.sub(r"[‘’“”\"']", "", rest)
        r = re.sub(r"[*_^¤†‡§]+", "", rest).strip(" .,;:()")
        r = re.sub(r"\s*\((?:[^()]*)\)\s*$", "", r) if matcher.arm_for(r) is None else r
        # a header that is a short form the document defines ("C-Mg", "TOS") names what its
        # long form names
        long = (abbrev.get(r) or abbrev.get(re.sub(r"\s*\([^()]*\)\s*$", "", r))) if expand else None
        if expand and long is None:
            # short forms inside the header spelled out ("TOS group", "DSME + DSMS")
            spelled = _SHORT_TOKEN.sub(lambda m: abbrev.get(m.group(), m.group()), r)
            long = spelled if spelled != r else None
        for cand in (r, re.sub(r"\s+(?:group|arm|condition|cohort|patients|participants|subjects)s?$", "", r, flags=re.I),
                     re.sub(r"^(?:the\s+)?(?:group|arm)\s*[:-]?\s*", "", r, flags=re.I), long):
            a = matcher.arm_for(cand) if cand else None
            if a is not None:
                return a
        # "No Morphine" over a column mentions the "Patients With Morphine" arm's word but names
        # the other arm ("Patients Without Morphine"): a mention counts only for an arm with a
        # name that is a negation exactly when the header is one
        neg = _negated(r)
        ms = [m for m in matcher.mentions(rest) if any(_negated(n) == neg for n in _names(m[2]))]
        if len({id(m[2]) for m in ms}) >= 2:
            return None  # "Feedback–Control", "A vs B": a comparison, no one arm
        if ms and len({id(m[2]) for m in ms}) == 1:
            covered = sum(e - s for s, e, _ in ms)
            if covered >= 0.34 * len(re.sub(r"\s+", "", rest)) or len(ms) >= 1 and len(_words(rest)) <= 3:
                return ms[0][2]
        # "Group A" / "Arm 2" / a bare "A" over a column: a letter or number naming one arm
        m = re.fullmatch(r"(?:(?:group|arm|cohort)\s*)?([A-Z]|\d{1,2}|I{1,3}|IV)\b(?(1).*|)", r, re.I) \
            if re.fullmatch(r"(?:(?:group|arm|cohort)\s*[A-Z0-9IV]{1,3}\b.*|[A-Z]|\d)", r, re.I) else None
        if m:
            key = m.group(1).lower()
            # an arm named exactly "Group B" first: an alias that runs on into another arm's
            # name ("... and group B (based on weight)") does not make "B" ambiguous
            exact = [a for a in arms if any(_letter_name(n) == key for n in _names(a))]
            if len(exact) == 1:
                return exact[0]
            hits = [a for a in arms if any(re.search(rf"\b(?:group|arm|cohort)\s*{re.escape(key)}\b", n, re.I) for n in _names(a))]
            if len(hits) == 1:
                return hits[0]
            if not hits:
                # every arm but one is named by another letter ("group B" only): the one
                # left is "group A"
                lettered = [{_letter_name(n) for n in _names(a)} - {None} for a in arms]
                bare = [a for a, ls in zip(arms, lettered) if not ls]
                taken = {x for ls in lettered for x in ls}
                if len(arms) >= 2 and len(bare) == 1 and all(len(ls) == 1 for ls in lettered if ls) and \
                        _first_marks(taken | {key}, len(arms)):
                    return bare[0]
        for text in (rest, long) if long else (rest,):
            got = _by_words(text, rest)
            if got is not None:
                return got
        return None

    return arm_of


_GENERIC = r"(?:the\s+)?(?:intervention|control|experimental|treatment|active|study|comparison)(?:\s+(?:group|arm|condition))?"
_TRIM = fastre.lazy(r"\s+(?:in|at|on|during|for|over|from)\s+(?:a|an|the)\b.*$|,.*$", re.I)


_LEAD = fastre.lazy(r"^(?:(?:of\s+)?(?:one\s+of\s+)?(?:(?:two|three|four|five|\d)\s+)?(?:groups?|arms?|treatments?|conditions?|regimens?|interventions?|strategies)\s*:\s*|.*?\beither\s+)?(?:(?:a|an|the)\s+)?", re.I)
_TAIL = fastre.lazy(r"\s+(?:(?:installed|given|administered|delivered|provided|applied|taken|consumed|used|started|continued)\b|in\s+(?:their|his|her|each|the|a|an)\b|for\s+(?:a|the|\d)|during\b|until\b|twice\b|once\b|daily\b).*$", re.I)


_LEAD_DOSE = fastre.lazy(r"^(?:\d[\d.,]*\s*)?(?:mg|g|grams?|µg|μg|mcg|ml|mL|IU|units?|tablets?|capsules?|drops?)(?:\s*/\s*(?:day|d|kg|week|dose))?\s+(?:of\s+)?(?=[A-Za-zα-ω])")


def _trimmed(arm: ArmInfo, text: str) -> Optional[ArmInfo]:
    """The arm with its label cut before a trailing phrase ("DMARD + MTX in an open-label
    ..." -> "DMARD + MTX") or after a leading list word ("groups: a periarticular LIA and
    FNB" -> "periarticular LIA and FNB"), or None when no name remains."""
    dose = _LEAD_DOSE.match(arm.label)
    if dose and len(arm.label) > dose.end() + 2:
        # "6 grams/day dextrose": the dose has its own fields; the name is what is given
        arm.start += dose.end()
        arm.label = arm.label[dose.end():]
        if arm.intervention and arm.intervention.endswith(arm.label):
            arm.intervention = arm.label
    if is_name(arm.label):
        return arm
    lead = _LEAD.match(arm.label)
    if lead and lead.end() and is_name(arm.label[lead.end():]):
        arm.start += lead.end()
        arm.label = arm.label[lead.end():]
        dose = _LEAD_DOSE.match(arm.label)
        if dose and len(arm.label) > dose.end() + 2:
            arm.start += dose.end()
            arm.label = arm.label[dose.end():]
        if arm.intervention and arm.intervention.endswith(arm.label):
            arm.intervention = arm.label
        return arm
    tail = _TAIL.sub("", arm.label).strip(" ,;:")
    if tail and tail != arm.label and is_name(tail) and text[arm.start:arm.start + len(tail)] == tail:
        arm.label, arm.end = tail, arm.start + len(tail)  # "... units installed in their kitchen"
        if arm.intervention and arm.intervention.startswith(tail):
            arm.intervention = tail
        return arm
    cut = _TRIM.sub("", arm.label).strip(" ,;:")
    if cut and cut != arm.label and is_name(cut) and text[arm.start:arm.start + len(cut)] == cut:
        arm.label = cut
        arm.end = arm.start + len(cut)
        if arm.intervention and arm.intervention.startswith(cut):
            arm.intervention = cut
        return arm
    return None


def _attested(arms: list[ArmInfo], tables: list[Table], text: str, abbrev: dict[str, str]) -> list[ArmInfo]:
    """The arms named again outside the sentence that listed them (in the text or a table
    header); an arm never named again is a phrase of that sentence, no group."""
    if len(arms) < 3:
        return arms
    matcher = ArmMatcher(arms, abbrev)
    seen: dict[int, int] = {id(a): 0 for a in arms}
    lo = min(a.start for a in arms)
    hi = max(a.end for a in arms)
    for s, e, arm in matcher.mentions(text):
        if lo - 300 <= s <= hi + 300:
            continue
        seen[id(arm)] += 1
    kept = [a for a in arms if seen[id(a)] > 0]
    return kept if len(kept) >= 2 else arms


_ALIAS_AFTER = fastre.lazy(r"\s*(?:group|arm)?\s*[(\[]\s*(?P<alias>(?:group|arm|cohort)\s*[A-Z0-9][\w.+-]{0,5})\s*[,;)\]]", re.I)


_DEFINES = fastre.lazy(
    r"\s*(?:\(\s*n\s*=\s*(?P<n0>\d+)\s*\)\s*)?(?::|,|\s)\s*(?:(?P<n>\d+)\s+(?:patients|participants|subjects|children|women|men)\s+)?"
    r"(?:(?:were|was)\s+)?(?:received|given|treated\s+with|assigned\s+to|allocated\s+to|underwent|took|performed|trained|practi[sc]ed)?\s*"
    r"(?P<what>[^.;:]{4,200}?)(?=[.;]|,\s+(?:which|and|who|from|for|during|until|given|administered|while|whereas)\b|"
    r",\s+(?:group|arm|cohort)\s*[A-Z0-9][\w.+-]{0,5}\s*[(:]|$)", re.I)

#: a sentence about the patients a group lost (exclusions, dropouts, losses to follow-up,
#: deaths): it names the groups, never what they were given
_LOSSES = fastre.lazy(r"\bexclu(?:ded|sion)|\bwithdr[ea]w|\blost\s+to\s+follow|\bdiscontinu|\bdropped\s+out|\bdrop-?outs?\b|"
                      r"\bdied\b|\bdeaths?\b|\bcrossed\s+over|\bdid\s+not\s+(?:complete|receive|attend)", re.I)

#: a group named by a code of letters and digits ("G2x", "T1", "GA2"), no word
_CODE_LABEL = fastre.lazy(r"[A-Z]{1,3}\d{1,2}[a-z]{0,2}")

#: "a group that performed RT two times per week (n=32; group "G2x")": the clause before a
#: bracket naming the group defines it
_GROUP_THAT = (r"\b(?:a|an|the|one|another)\s+(?:group|arm)\s+(?:that|which|who|whose\s+members)\s+(?P<what>[^();.]{4,160}?)\s*"
               r"\([^()]{0,40}?(?:\b(?:group|arm)\s+)?[\"'‘’“”]?{label}[\"'‘’“”]?\s*\)")


def _sentence_around(text: str, at: int) -> str:
    a = max(text.rfind(". ", 0, at), text.rfind(".\n", 0, at), text.rfind("\n", 0, at)) + 1
    m = re.compile(r"[.!?](?=\s|$)|\n").search(text, at)
    return text[a:m.start() if m else len(text)]


def _definition(arm: ArmInfo, text: str, skip: list[tuple[int, int]] = ()) -> None:
    """A group named by a letter, number or code ("Group A", "G2x") takes its description
    from where the text defines it ("Group A: 11 patients received 2 ml (40 μg) of the
    vaccine ...", "G2x performed two sessions per week", "a group that performed RT twice
    a week (group G2x)"); a sentence about the patients a group lost defines no group."""
    if arm.intervention != arm.label or not (
            re.fullmatch(r"(?:group|arm|cohort)\s*[A-Z0-9][\w.+-]{0,5}", arm.label, re.I) or _CODE_LABEL.fullmatch(arm.label)):
        return
    lab = re.escape(arm.label)
    for m in re.finditer(_GROUP_THAT.replace("{label}", lab), text):
        if any(a <= m.start() < b for a, b in skip) or _LOSSES.search(_sentence_around(text, m.start())):
            continue
        arm.intervention = m["what"].strip(" ,")
        return
    for m in re.finditer(rf"(?<![\w]){lab}(?![\w-])", text, re.I):
        if any(a <= m.start() < b for a, b in skip):
            continue  # a table row is no definition
        mm = _DEFINES.match(text, m.end())
        if not mm or not (text[m.end():m.end() + 2].lstrip().startswith((":", "(")) or mm["n"] or
                          re.match(r"\s*(?:\d+\s+\w+\s+)?(?:were|was)?\s*(?:received|given|treated|assigned|allocated|underwent|took|performed|trained|practi[sc]ed)",
                                   text[m.end():], re.I)):
            continue
        if _LOSSES.search(_sentence_around(text, m.start())):
            continue  # "Three patients from group N (n=27) ... were excluded": no definition
        what = mm["what"].strip(" ,")
        if len(what) >= 4 and re.search(r"[A-Za-z]{3}", what):
            arm.intervention = what
            n = mm["n"] or mm["n0"]
            if n and arm.n_randomized is None:
                arm.n_randomized = int(n)
            return


def _letter_alias(arm: ArmInfo, text: str) -> None:
    """"an SNB and FNB group (group S, n = 17)": "group S" names the arm too; so does "Group I"
    of "Group I (Control) was given conservative management"."""
    for m in re.finditer(re.escape(arm.label), text):
        mm = _ALIAS_AFTER.match(text, m.end())
        if mm:
            arm.names.add(re.sub(r"\s+", " ", mm["alias"]))
            return
    bracketed = r"\(\s*(?i:" + re.escape(arm.label) + r")\s*\)"
    named = re.compile(r"(?<![\w-])((?:[Gg]roup|GROUP|[Aa]rm|ARM|[Cc]ohort)\s+(?:[A-Z]|[1-6]|I{1,3}|IV))\s*" + bracketed)
    if "(" in arm.label or ")" in arm.label:
        m = named.search(text)
    else:
        # the name ends with "(label)": searched only just before each, in order (the first
        # found is the leftmost in the text, since a name holds no bracket)
        m = None
        for b in re.finditer(bracketed, text):
            m = named.search(text, _name_start(text, b.start()), b.end())
            if m:
                break
    if m:
        arm.names.add(re.sub(r"\s+", " ", m.group(1)))


def _name_start(text: str, at: int) -> int:
    """Where a name "Group A" / "arm 2" / "Cohort III" standing before ``text[at]`` (spaces
    between) starts at the earliest: a word of at most 6 letters, spaces, 1 to 3 characters,
    spaces."""
    i = at
    while i > 0 and text[i - 1].isspace():
        i -= 1
    k = 0
    while i > 0 and k < 3 and not text[i - 1].isspace():
        i -= 1
        k += 1
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return max(0, i - 6)


# a letter of its own (a drug's initial: "Group T" for tolvaptan), a number, a roman numeral;
# never a blood group
_LETTER_MENTION = fastre.compile(r"(?<![Bb]lood\s)\b(?:[Gg]roup|GROUP|[Aa]rm|ARM|[Cc]ohort)\s+(?P<k>[A-Z]|[1-6]|I{1,3}|IV)\b(?!\s*[-–]\s*\d)(?![-–/][A-Za-z])")


def _letter_groups(text: str) -> list[ArmInfo]:
    """Groups the text names by letter or number ("group A", "group B") when nothing else
    names the arms: each named at least twice, two to six of them."""
    seen: dict[str, list] = {}
    for m in _LETTER_MENTION.finditer(text):
        seen.setdefault(m["k"], []).append(m)
    keys = [k for k, ms in seen.items() if len(ms) >= 2]
    if not 2 <= len(keys) <= 6:
        return []
    arms = []
    for k in sorted(keys, key=lambda k: seen[k][0].start()):
        m = seen[k][0]
        arms.append(ArmInfo(label=m.group(), start=m.start(), end=m.end(), intervention=m.group(), role="intervention"))
    for a in arms:
        _definition(a, text)
    return arms


def _split_pair(arm: ArmInfo, text: str, abbrev: dict[str, str]) -> Optional[list[ArmInfo]]:
    m = re.search(r"\s(?:and|or|versus|vs\.?)\s", arm.label)
    left, right = arm.label[:m.start()].strip(), arm.label[m.end():].strip()
    if not (is_name(left) and is_name(right)):
        return None
    out = []
    for lab, at in ((left, arm.start), (right, arm.start + m.end())):
        lab = re.sub(r"\s*\([^()]*\)\s*$", "", lab).strip() or lab
        if text[at:at + len(lab)] != lab:
            return None
        short = next((k for k, v in abbrev.items() if v.lower() == lab.lower()), None)
        out.append(ArmInfo(label=short or lab, start=at, end=at + len(lab), intervention=lab,
                           role="control" if is_control(lab) else "intervention"))
        if short:
            out[-1].names.add(lab)
    if all(a.role == "intervention" for a in out):
        out[1].role = "control"
    return out


#: what follows a name in the sentence that lists the arms: when, how or for how long it is
#: given ("lansoprazole (maker) at 30 mg", "placebo for up to 14 days", "palonosetron before
#: anesthesia", "I-Gel for airway management") — no part of the group's name
_ADJUNCT = fastre.lazy(r"\s+(?:at|for|before|after|via|within|regardless|providing|"
                       r"(?:intra|pre|post|peri)-?operatively)\b.*$", re.I)
#: a word that cannot end a name ("5-fluorouracil with", "a bolus of", "etanercept as either")
_DANGLING = fastre.lazy(r"(?:\s+(?:of|with|as|by|to|in|on|at|for|either|the|a|an|and|or))+$")


def _without_adjuncts(arms: list[ArmInfo], text: str) -> None:
    """Cut each prose arm's label before a trailing adjunct or a dangling function word, when
    a name remains and the cut names stay apart ("rizatriptan for first attack" and
    "rizatriptan for second attack" keep what tells them apart)."""
    cuts = []
    for a in arms:
        cut = _DANGLING.sub("", _ADJUNCT.sub("", a.label)).strip(" ,;:")
        if not cut or not re.search(r"[A-Za-z]{2}", cut) or text[a.start:a.start + len(cut)] != cut \
                or cut.count("(") != cut.count(")"):
            cut = a.label
        cuts.append(cut)
    if len({c.lower() for c in cuts}) < len(cuts):
        return
    for a, cut in zip(arms, cuts):
        if cut != a.label:
            if a.intervention and a.intervention.startswith(a.label):
                a.intervention = cut
            a.label, a.end = cut, a.start + len(cut)


def choose_arms(prose: list[ArmInfo], tables: list[Table], text: str, abbrev: dict[str, str]) -> list[ArmInfo]:
    """The trial's arms: the prose arms, the table groups, or the prose arms with the table
    groups' names as aliases (see the module docstring); each with the letter or number the
    text gives it ("Group I (Control)") as another name."""
    arms = _choose_arms(prose, tables, text, abbrev)
    for a in arms:
        if not any(_letter_name(n) for n in a.names) and not _letter_name(a.label):
            _letter_alias(a, text)
    _addon_roles(arms)
    return arms


_ADDON = r"\s*(?:\+|plus\b|with\b|and\b|in\s+addition\s+to\b|combined\s+with\b|added\s+to\b)\s*"


def _addon_roles(arms: list[ArmInfo]) -> None:
    """Of two arms where one is the other with something added ("routine care plus text
    message support" and "routine care", "SWT + TAU" and "TAU"), the one with the addition is
    the intervention and the other its control, whatever words they hold."""
    if len(arms) != 2:
        return
    for a, b in (arms, arms[::-1]):
        base = re.escape(b.label.strip())
        if len(b.label.strip()) >= 2 and a.label.strip().lower() != b.label.strip().lower() and (
                re.fullmatch(rf"{base}{_ADDON}\S.*", a.label.strip(), re.I) or
                re.fullmatch(rf".*\S{_ADDON}{base}", a.label.strip(), re.I)):
            a.role, b.role = "intervention", "control"
            return


def _choose_arms(prose: list[ArmInfo], tables: list[Table], text: str, abbrev: dict[str, str]) -> list[ArmInfo]:
    named = [x for x in (_trimmed(a, text) for a in prose) if x is not None]
    _without_adjuncts(named, text)
    if len(named) == 1 and re.search(r"\s(?:and|or|versus|vs\.?)\s", named[0].label):
        # "randomized into two groups: YLSP and conventional lifestyle program (CLSP), and
        # follow-up was done ...": the one name left is the two groups joined by "and"
        named = _split_pair(named[0], text, abbrev) or named
    if named != prose:
        prose = named if len(named) >= 2 else []
        if not prose:
            # the listing sentence named no groups; brackets may ("[selenium group, SeG]")
            prose = bracket_groups(text)
            for a in prose:
                a.role = "control" if is_control(a.label) or is_control(a.intervention or "") else "intervention"
            if len(prose) == 2 and all(a.role == "intervention" for a in prose):
                prose[1].role = "control"
    prose = _attested(prose, tables, text, abbrev)
    for a in prose:
        _letter_alias(a, text)
    groups = _table_groups(tables)
    if len(prose) < 2 and not groups:
        prose = _letter_groups(text) or prose
    elif not groups and prose and all(a.from_mentions for a in prose):
        # "the pneumatic compression group" beside "Group M (n = 35)" and "Group C": groups named
        # by letter are named on purpose, a phrase before "group" may be any phrase
        prose = _letter_groups(text) or prose
    if not groups:
        return prose
    if prose and all(a.from_mentions for a in prose) and all(_letter_name(name) for name, _, _ in groups):
        # "Group M (n = 35)" and "Group C (n = 38)" head the tables; "the M group", "the
        # pneumatic compression group" of the prose are other names of the same groups
        prose = []
    if prose:
        matcher = ArmMatcher(prose, abbrev)
        arm_of = label_matcher(prose, matcher, abbrev, expand=False)
        hits = []
        for name, _, _ in groups:
            from .headers import read_label
            hits.append(arm_of(read_label(name)))
        if any(h is None for h in hits):
            hits = [h or _received_by(name, prose, text) for (name, _, _), h in zip(groups, hits)]
        if all(h is not None for h in hits) and len({id(h) for h in hits}) == len(hits):
            for (name, _, _), arm in zip(groups, hits):
                arm.names.add(name)
            return prose
        if len(prose) >= len(groups) and sum(h is not None for h in hits) >= len(groups) - 0:
            return prose
        generic = all(re.fullmatch(_GENERIC, a.label.strip(), re.I) for a in prose)
        if generic and len(groups) == len(prose):
            # "the intervention group" and "the control group" of the text are the table's
            # two groups: the one that reads as a control is the control, else in order
            ctrl = [g for g in groups if is_control(g[0])]
            order = sorted(prose, key=lambda a: a.role == "control")
            if ctrl and len(prose) == 2:
                groups = [g for g in groups if g is not ctrl[0]] + ctrl
            for (name, _, _), arm in zip(groups, order):
                arm.names.add(name)
            return prose
        pw = set().union(*(_words(a.label) | _words(a.intervention or "") for a in prose))
        related = sum(1 for name, _, _ in groups if _words(name) & pw)
        if not generic and related * 2 < len(groups) and \
                not (all(_named_as_group(name, text) for name, _, _ in groups)
                     and not any(_named_as_group(a.label, text) for a in prose)):
            # the tables' groups are other groups (regions, sexes, ...), not these arms; unless
            # the text calls each of them a group ("Control (n = 33)" and "Remediation (n = 29)"
            # head the tables, "the remediation group" and "the control group" run through the
            # text) and none of the prose arms ("resources, materials, or advice to do so")
            return prose
    # the table groups name the arms
    arms: list[ArmInfo] = []
    for name, cell, n in groups:
        name = name.strip("‘’“”\"' ")
        desc = None
        m = re.fullmatch(r"(?P<head>.+?)\s*\((?P<desc>[^()]+)\)", name)
        if m and _LETTER_MENTION.fullmatch(m["head"]):
            name, desc = m["head"], m["desc"]  # "Group 1 (Magnesium)": the group, its treatment
        at = cell.content.find(name)
        start = cell.prov.char_start + at if at >= 0 and not cell.lines else cell.prov.char_start
        end = start + len(name) if text[start:start + len(name)] == name else cell.prov.char_end
        label = name if text[start:end] == name else text[start:end]
        arm = ArmInfo(label=label, start=start, end=end, intervention=desc or abbrev.get(label, label))
        if desc:
            arm.names.add(desc)
        arms.append(arm)
    if prose:
        matcher = ArmMatcher(arms, abbrev)
        arm_of = label_matcher(arms, matcher, abbrev)
        from .headers import read_label
        for p in prose:
            a = arm_of(read_label(p.label))
            if a is not None:
                a.names.add(p.label)
                a.names |= p.names
                if a.intervention == a.label and p.intervention and p.intervention != p.label:
                    a.intervention = p.intervention
                for f in ("dose", "dose_value", "dose_unit", "dose_span", "route", "schedule", "n_randomized"):
                    if getattr(a, f) is None and getattr(p, f) is not None:
                        setattr(a, f, getattr(p, f))
                if p.role == "control" and (is_control(p.label) or is_control(p.intervention or "")):
                    a.role = "control"
    skip = [(t.prov.char_start, t.prov.char_end) for t in tables]
    for a in arms:
        _definition(a, text, skip)
        if a.role is None or (a.role == "control" and not (is_control(a.label) or is_control(a.intervention or ""))):
            a.role = "control" if is_control(a.label) or is_control(a.intervention or "") else "intervention"
    if len(arms) == 2 and all(a.role == "intervention" for a in arms):
        arms[1].role = "control"
    elif len(arms) >= 2 and all(a.role == "control" for a in arms):
        arms[0].role = "intervention"
    return arms


def _named_as_group(name: str, text: str) -> bool:
    """Whether the text calls ``name`` a group at least twice ("the remediation group",
    "Group A"), beyond a table header."""
    name = re.sub(r"\s*\([^()]*\)\s*$", "", name.strip("‘’“”\"' ")).strip()
    if len(name) < 2 or not re.search(r"[A-Za-z]{2}", name):
        return False
    if re.search(r"\b(?:group|arm|cohort)\b", name, re.I):
        pat = rf"(?<![\w-]){re.escape(name)}(?![\w-])"
    else:
        pat = rf"(?<![\w-]){re.escape(name)}\s+(?:group|arm|cohort)s?\b"
    return len(re.findall(pat, text, re.I)) >= 2


def _received_by(name: str, prose: list[ArmInfo], text: str) -> Optional[ArmInfo]:
    """The prose arm that the table's group ``name`` ("A1") is said to receive: "the A1 group
    received 1-week free NRT", "A2 (n = 278): 2-week free NRT supplies".  Only when the text
    says so of exactly one arm."""
    if not re.fullmatch(r"[\w.+-]{1,12}", name):
        return None
    found = set()
    pat = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])(?:\s+(?:group|arm))?\s*(?:\([^()]{{0,30}}\))?\s*"
                     r"(?::|(?:was|were)\s+(?:given|assigned\s+to|allocated\s+to|treated\s+with)|received|got|underwent)\s+(?P<what>[^.;]{3,160})")
    for m in pat.finditer(text):
        what = m["what"].lower()
        arms = [a for a in prose if any(what.startswith(n.lower()) for n in {a.label} | a.names if len(n) >= 3)]
        if len(arms) == 1:
            found.add(id(arms[0]))
            got = arms[0]
    return got if len(found) == 1 else None


def _base(name: str) -> str:
    """"Group 1 (Magnesium)" and "Group 1" are one group: its letter or number names it."""
    m = re.match(r"\s*((?:group|arm|cohort)\s*(?:[A-Z]|\d{1,2}|I{1,3}|IV))\b", name, re.I)
    return (m.group(1) if m else name).lower()


def _table_groups(tables: list[Table]) -> list[tuple[str, object, Optional[int]]]:
    """The group names of the tables' headers: the set printed most often (results tables
    count double), ``[(name, first cell, n)]``; of the ways a set is printed ("Group 1
    (Magnesium, n = 64)", "Group 1"), the one with sizes and the fullest names."""
    seen: dict[tuple[str, ...], list] = {}
    for t in tables:
        from .tablereader import header_arm_labels, is_baseline_table  # loaded with the first table

        row = header_arm_labels(t)
        if len(row) < 2:
            continue
        key = tuple(_base(n) for n, _, _ in row)
        w = 1 if is_baseline_table(t) else 2
        if key in seen:
            seen[key][0] += w
            seen[key][1].append(row)
        else:
            seen[key] = [w, [row]]
    if not seen:
        return []
    _, rows = max(seen.values(), key=lambda v: v[0])
    best = max(rows, key=lambda r: (sum(n is not None for _, _, n in r), sum(len(x) for x, _, _ in r)))
    if len(best) >= 3 and all(n is not None for _, _, n in best):
        # "Overall population (n = 22)" beside "Control group (n = 8)" and "Treatment group
        # (n = 14)": the column of all participants is no group
        total = sum(n for _, _, n in best)
        best = [g for g in best if 2 * g[2] != total] if sum(2 * g[2] == total for g in best) == 1 else best
    return best
