"""Group sizes the size statements of :mod:`.arms` do not read by themselves.

* :func:`spelled_counts` — counts of people spelled out ("Thirty-six patients in the A group and
  thirty-five in the B group"), rewritten as digits of the same width so that every size pattern
  reads them; :func:`word_span` gives back the word's own span for provenance.
* :func:`spelled_events` — counts of any size spelled out where they count people or cases in a
  group ("three cases of hypoxemia in the A group and one in the B group"), rewritten the same
  way for the reading of results.
* :func:`crossover_sizes` — in a crossover trial every participant has every treatment, so the
  participants who completed the periods ("25 patients completed both periods") are each
  treatment's analysed size.
* :func:`consort_sizes` — "Of the 40 patients randomised to A, 36 completed the study": the
  randomised and the analysed size of the arm named between them.
* :func:`received_sizes` — "32 patients received A and 30 received B", for arms nothing else sized.
"""
from __future__ import annotations

import re
from typing import Optional

from .. import fastre
from .values import WORD_COUNT, word_count

__all__ = ["spelled_counts", "spelled_events", "word_span", "is_crossover", "crossover_sizes", "received_sizes", "consort_sizes"]

# who or what follows a count of people (never a unit of time, dose or events)
_PEOPLE = (r"patients|participants|subjects|volunteers|children|infants|neonates|newborns|women|men|"
           r"adults|people|persons|individuals|students|mothers|households|lambs|dogs|animals|eyes")
_SPELLED = fastre.lazy(r"(?<![\w-])(?P<w>" + WORD_COUNT + r")(?=\s+(?:[a-z][\w-]*\s+){0,2}?(?:" + _PEOPLE + r")\b)",
                       re.I)


def spelled_counts(text: str) -> tuple[str, dict[int, int]]:
    """``text`` with each count of people of five or more spelled out ("Thirty-six patients",
    "Twenty eligible subjects"; not "six in the A arm", which may count events) written in digits, padded with
    spaces to the word's width so that every offset stays; and the ``{start: end}`` of each
    rewritten word."""
    return _in_digits(text, ((m, word_count(m["w"])) for m in _SPELLED.finditer(text)), least=5)


def _in_digits(text: str, found, least: int = 0) -> tuple[str, dict[int, int]]:
    """``text`` with each ``(match, n)`` of ``found`` (a spelled count and its value, ``n`` at
    least ``least``) written in digits padded with spaces to the word's width, so that every
    offset stays; and the ``{start: end}`` of each rewritten word."""
    out = []
    spans: dict[int, int] = {}
    at = 0
    for m, n in found:
        if n is None or n < least:
            continue
        digits = str(n)
        if len(digits) > len(m["w"]):
            continue
        out.append(text[at:m.start()])
        out.append(digits.ljust(len(m["w"])))
        spans[m.start()] = m.end()
        at = m.end()
    if not spans:
        return text, spans
    out.append(text[at:])
    return "".join(out), spans


# a count spelled out (or "none") that counts the people or cases of a group: right before "in
# the A group", or before who it counts and then the group ("three cases of hypoxemia in the A
# group", "one in the B group", "three patients in the A arm")
_SPELLED_IN_GROUP = fastre.compile(
    r"(?<![\w-])(?P<w>" + WORD_COUNT + r"|none\b)(?![-‐])(?=\s+(?:(?:[a-z][\w-]*\s+){0,2}?(?:" + _PEOPLE +
    r"|cases|episodes)\b[^.;:]{0,80}?)?\s*(?:in|among)\s+(?:the\s+)?[^.;:]{1,40}?\s(?:group|arm)s?\b)", re.I)


_OF_BEFORE = fastre.lazy(r"\bof\s+(?:the\s+)?$", re.I)


def spelled_events(text: str) -> tuple[str, dict[int, int]]:
    """``text`` with each count spelled out that counts the people or cases of a group ("three
    cases of mild hypoxemia in the A group and one in the B group", "none in the B arm") written
    in digits, padded with spaces to the word's width so that every offset stays; and the
    ``{start: end}`` of each rewritten word (a value read at ``start`` quotes the whole word).

    Counts of any size are rewritten here (a count of events is often below five); who is
    counted, and the group, must follow."""
    def found():
        for m in _SPELLED_IN_GROUP.finditer(text):
            if _OF_BEFORE.search(text, max(0, m.start() - 12), m.start()):
                continue  # "six of the eight children in the A group": a total, read with its count
            yield m, 0 if m["w"].lower() == "none" else word_count(m["w"])
    return _in_digits(text, found())


def word_span(spans: dict[int, int], start: int, end: int) -> tuple[int, int]:
    """The span of a size read at ``start..end`` of the rewritten text: the whole spelled word
    when the digits stand for one."""
    return start, spans.get(start, end)


# the trial's own design: a crossover trial, not a crossover between arms ("crossed over")
_CROSSOVER_DESIGN = fastre.compile(
    r"\bcross-?over\s+(?:design|trial|study|fashion|manner|protocol|sequence|comparison)\b|"
    r"\b(?:randomi[sz]ed|blind(?:ed)?|placebo-controlled|controlled|two-period|three-period|two-way|three-way|"
    r"[2-4]-way|[2-4]-period|balanced|within-subjects?)[\s,]+(?:[\w-]+[\s,]+){0,4}?cross-?over\b", re.I)


def is_crossover(text: str) -> bool:
    """Whether the text describes its trial as a crossover ("a randomised, double-blind,
    crossover trial", "in a crossover design")."""
    return _CROSSOVER_DESIGN.search(text) is not None


# "25 patients completed both periods", "25 of the 30 participants completed the study",
# "all 12 volunteers completed both treatment arms"
_COMPLETED = fastre.compile(
    r"(?<![\d.,\w-])(?:all\s+)?(?P<n>\d{1,4})\s+(?:of\s+(?:the\s+|these\s+)?\d{1,4}\s+)?(?:[a-z][\w-]*\s+){0,2}?"
    r"(?:(?:" + _PEOPLE + r")\s+)?(?:\([^()]{0,30}\)\s+)?"
    r"(?:successfully\s+)?(?:completed|finished)\s+(?:(?:both|all|each|the|two|three|four|study|trial|treatment|"
    r"intervention|experimental|crossover|cross-over)\s+)*"
    r"(?:periods?|phases?|arms?|treatments?|conditions?|sessions?|visits?|study|trial|protocol|legs?|interventions?)\b",
    re.I)
_SEQUENCE = fastre.lazy(r"\bthen\b|\bfollowed\s+by\b|\bsequence\b|→|\S\s+[–-]\s+\S", re.I)
_NOT = fastre.lazy(r"\b(?:not|never|failed\s+to|without)\s+(?:\w+\s+)?$", re.I)


def crossover_sizes(arms, text: str, sents, spans: Optional[dict[int, int]] = None) -> list[tuple]:
    """Each treatment's analysed size in a crossover trial: the one number of participants a
    sentence says completed the periods ("Thirty were randomised; 25 completed both periods"),
    given to every arm that has no analysed size yet. ``text`` may be the digit-rewritten text
    of :func:`spelled_counts` (``spans`` its words). Returns ``(arm, "n_analyzed", n, start,
    end)`` for provenance; nothing when the sentences give two different numbers."""
    if len(arms) < 2 or not is_crossover(text):
        return []
    hits = []
    for a, b in sents:
        if b - a > 500:
            continue
        for m in _COMPLETED.finditer(text, a, b):
            if _NOT.search(text[a:m.start("n")]) or re.search(r"\b(?:not|never)\b", m.group(), re.I):
                continue
            hits.append((int(m["n"]), m.start("n"), m.end("n")))
    if not hits or len({n for n, _, _ in hits}) != 1:
        return []
    n, s, e = hits[0]
    s, e = word_span(spans or {}, s, e)
    out = []
    for arm in arms:
        if _SEQUENCE.search(arm.label):
            continue  # a sequence group ("A then B") holds part of the participants
        if arm.n_analyzed is None and (arm.n_randomized is None or arm.n_randomized >= n):
            arm.n_analyzed = n
            out.append((arm, "n_analyzed", n, s, e))
    return out


# "32 patients received A", "the subsequent 20 consecutive female patients underwent the A procedure":
# the count, then who (a few words), then the verb of treatment right before the arm's name
_RECEIVED = fastre.lazy(
    r"(?<![\d.,/·])(?P<n>\d{1,3}(?:,\d{3})+|\d+)(?!\s*%)(?!\s*\(\s*\d)\s+(?:[a-z][\w-]*\s+){0,4}?(?:were\s+)?"
    r"(?:received|underwent|were\s+treated\s+with|were\s+given|were\s+managed\s+with)\s+"
    r"(?:(?:the|a|an)\s+)?(?:(?:[\w-]+\s+){0,2}?|[\w-](?:[^();,.%]|\.(?=\d)){0,60}?\(\s*)$", re.I)
_NOT_SIZES = fastre.compile(r"withdr[ea]w|lost\s+to\s+follow|discontinu|dropped\s+out|excluded|died|crossed\s+over|"
                         r"\badditional\b|\brescue\b|\bfurther\b|\bonly\b|\bat\s+least\b|\bmore\s+than\b|\bfewer\b|%", re.I)


def received_sizes(arms, text: str, sents, matcher, spans: Optional[dict[int, int]] = None) -> list[tuple]:
    """Sizes of arms no statement has sized, from one sentence that says for every arm how
    many participants received it ("32 patients received TF epidural injection and 32 received
    epidural through PIL"; "22 patients received drug X weekly (group 1) and 21 received ... (group
    2)": the arm named in brackets after what was received; "first 20 patients underwent the TOS procedure and the subsequent 20
    patients underwent the single-incision sling"; "There were 39 patients in the control group
    and 41 in the ketorolac group."). Every arm must be named right after its
    own count and verb, each count once; a sentence about withdrawals, rescue or additional
    treatment, or with percentages (counts of events), gives none. Returns ``(arm,
    "n_randomized", n, start, end)``."""
    if len(arms) < 2 or any(a.n_randomized is not None or a.n_analyzed is not None for a in arms):
        return []
    for a, b in sents:
        if b - a > 400 or _NOT_SIZES.search(text, a, b):
            continue
        sent = text[a:b]
        got: dict[int, tuple] = {}
        used = set()
        for ms, me, arm in matcher.mentions(sent):
            m = _RECEIVED.search(sent[max(0, ms - 120):ms])
            if not m or id(arm) in got:
                continue
            s_ = max(0, ms - 120) + m.start("n")
            if s_ in used:
                continue
            used.add(s_)
            got[id(arm)] = (arm, int(m["n"].replace(",", "")), s_, s_ + len(m["n"]))
        if len(got) != len(arms):
            got = _counted_in_groups(sent, matcher)
        if len(got) != len(arms):
            continue
        out = []
        for arm, n, s_, e_ in got.values():
            s2, e2 = word_span(spans or {}, a + s_, a + e_)
            arm.n_randomized = n
            out.append((arm, "n_randomized", n, s2, e2))
        return out
    return []


# "There were 39 patients in the control group and 41 in the ketorolac group.": a sentence that
# only counts the people of each group (it opens with the count or "there were", and ends with
# the last group's name)
_THERE_WERE = fastre.lazy(r"\s*(?:there\s+were\s+)?(?=\d)", re.I)
_IN_THE = fastre.lazy(r"(?<![\d.,/·])(?P<n>\d{1,3}(?:,\d{3})+|\d+)(?!\s*%)\s+(?:(?:[a-z][\w-]*\s+)?(?:" + _PEOPLE +
                      r")\s+)?(?:were\s+)?in\s+(?:the\s+)?$", re.I)
_LIST_END = fastre.lazy(r"(?:\s+(?:group|arm)s?)?\s*(?:,\s*respectively\s*)?[.;]?\s*$", re.I)


def _counted_in_groups(sent: str, matcher) -> dict[int, tuple]:
    """``{id(arm): (arm, n, start, end)}`` of a sentence that only counts the people of each
    group ("There were 39 patients in the control group and 41 in the ketorolac group."), else
    ``{}``: every count right before its group's name, the first one with who it counts, nothing
    after the last group (a verb there would make the counts events)."""
    if not _THERE_WERE.match(sent):
        return {}
    got: dict[int, tuple] = {}
    prev = 0
    ms = matcher.mentions(sent)
    for k, (s0, e0, arm) in enumerate(ms):
        m = _IN_THE.search(sent, prev, s0)
        if not m or id(arm) in got or m.end() != s0:
            return {}
        if not got and not re.search(_PEOPLE, m.group(), re.I):
            return {}
        n = int(m["n"].replace(",", ""))
        if n < 5:
            return {}  # a handful is more often a count of events than a group
        got[id(arm)] = (arm, n, m.start("n"), m.end("n"))
        prev = e0
    if not ms or not _LIST_END.fullmatch(sent, ms[-1][1]):
        return {}
    return got


_OF_THE = fastre.lazy(r"\b(?:of|from)\s+(?:the|these|those|all)?\s*(?P<n>\d{1,3}(?:,\d{3})+|\d+)\s+(?:(?:" + _PEOPLE +
                      r")\s+)?(?:who\s+were\s+|initially\s+|originally\s+)?(?:randomly\s+)?(?:randomi[sz]ed|assigned|allocated)\s+"
                      r"(?:to|into)\s+(?:(?:the|a)\s+)?(?:[\w-]+\s+){0,2}?$", re.I)
_THEN_KEPT = fastre.lazy(r"(?:\s+(?:group|arm))?\s*,\s*(?P<n>\d{1,3}(?:,\d{3})+|\d+)(?!\s*%)\s+(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s+)?"
                         r"(?:(?:" + _PEOPLE + r")\s+)?(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s+)?"
                         r"(?:(?:completed|finished)\s+(?:the\s+)?(?:study|trial|follow-?up|protocol)|"
                         r"were\s+(?:analy[sz]ed|included|evaluated|assessed|followed\s+up)|"
                         r"remained\s+in\s+the\s+(?:study|trial)|had\s+(?:complete|evaluable)\s+data)\b", re.I)


def consort_sizes(arms, text: str, sents, matcher, spans: Optional[dict[int, int]] = None) -> list[tuple]:
    """Randomised and analysed sizes from a flow sentence that names the arm between them ("Of
    the 40 patients randomised to drug X, 36 completed the study"): the first is the arm's
    randomised size, the second its analysed size. Returns ``(arm, field, n, start, end)``."""
    out = []
    for a, b in sents:
        if b - a > 500 or not _DIGITS_OF.search(text, a, b):
            continue
        sent = text[a:b]
        for ms, me, arm in matcher.mentions(sent):
            lo = max(0, ms - 120)
            m = _OF_THE.search(sent[lo:ms])
            k = _THEN_KEPT.match(sent, me) if m else None
            if not k:
                continue
            nr, na = int(m["n"].replace(",", "")), int(k["n"].replace(",", ""))
            if not 0 < na <= nr:
                continue
            if arm.n_randomized is None:
                arm.n_randomized = nr
                out.append((arm, "n_randomized", nr, *word_span(spans or {}, a + lo + m.start("n"), a + lo + m.end("n"))))
            if arm.n_analyzed is None:
                arm.n_analyzed = na
                out.append((arm, "n_analyzed", na, *word_span(spans or {}, a + k.start("n"), a + k.end("n"))))
    return out


_DIGITS_OF = fastre.lazy(r"\b(?:of|from)\s+(?:the|these|those|all)?\s*\d", re.I)
