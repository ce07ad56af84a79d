"""Which way a comparison went, read from one sentence or from one effect estimate.

A sentence is read knowing which words name the intervention arm, the comparator arm and the
outcome (:class:`Terms`, matched by :func:`mentions`).  Significance comes from p-values (the
one nearest the outcome) and from words with their negations and hedges ("did not differ",
"was similar", "non-inferior", "a trend towards" read as no significant difference); the
direction from comparatives and change words ("lower", "increased", "fewer") and from which
arm is the subject of the comparison ("lower in the X group than in Y", "Compared with Y, X
reduced ...", "X: 20 vs Y: 24"); a table row's values from the columns its headings bind to
the arms (:func:`column_change`).  The phrase lists are data (``data/compare/cues.json``).

>>> t = Terms.build("pain score", "acupuncture", "sham acupuncture")
>>> read_sentence("Pain scores were significantly lower in the acupuncture group than in the "
...               "sham group (p = 0.01).", t).label
'significantly decreased'
>>> read_sentence("Compared with acupuncture, sham treatment resulted in higher pain scores "
...               "(P<0.001).", t).label
'significantly decreased'
>>> read_sentence("Pain scores did not differ between the groups (p = 0.41).", t).label
'no significant difference'
>>> effect_change("OR", 0.62, 0.45, 0.85, None, None)
(-1, True)
"""
from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Optional

from .. import fastre
from .text import DATA, norm, same_time, times, tokens, words

__all__ = ["Terms", "label_definitions", "Mention", "Reading", "mentions", "mask", "read_sentence", "effect_change", "clauses", "focus",
           "arm_labels", "baseline_only", "column_change", "arm_columns", "column_p",
           "change_label", "stored_direction", "finding", "p_values", "LABELS"]

INCREASED, DECREASED, NO_DIFF = "significantly increased", "significantly decreased", "no significant difference"
LABELS = (INCREASED, DECREASED, NO_DIFF)
RATIO = {"OR", "RR", "HR", "IRR", "aOR", "aHR", "ratio", "rate ratio", "GMR", "SHR"}


@lru_cache(maxsize=None)
def cues() -> dict:
    with open(DATA / "cues.json", encoding="utf-8") as fh:
        data = json.load(fh)
    return {k: re.compile("|".join(f"(?:{p})" for p in v), re.I) for k, v in data.items()
            if not k.startswith("_")}


_TOK = fastre.lazy(r"[A-Za-z0-9\u00C0-\u024F\u0370-\u03FF]+(?:[.·]\d+)?")


@dataclass
class Terms:
    """The words that name each side of a question: ``I`` (intervention), ``C`` (comparator),
    ``O`` (outcome), as normal forms; ``phrases`` are whole aliases (arm labels, abbreviations)."""

    I: set[str] = field(default_factory=set)
    C: set[str] = field(default_factory=set)
    O: set[str] = field(default_factory=set)
    c_is_control: bool = False
    i_is_control: bool = False
    # the short labels an arm is called by ("group II", "arm B"): read as that arm's name
    i_labels: frozenset = frozenset()
    c_labels: frozenset = frozenset()

    @classmethod
    def build(cls, outcome: str, intervention: str, comparator: str,
              i_aliases: tuple[str, ...] = (), c_aliases: tuple[str, ...] = ()) -> "Terms":
        stop = words("stopwords") | words("generic_arm_words")
        def arm_words(*texts):
            out = set()
            for t in texts:
                for w in tokens(t):
                    n = norm(w)
                    if n not in stop:
                        out.add(n)
            return out
        iw = arm_words(intervention, *i_aliases)
        cw = arm_words(comparator, *c_aliases)
        # bare numbers (doses, durations) name an arm only when nothing else tells the arms apart
        for side, other in ((iw, cw), (cw, iw)):
            nums = {w for w in side if w.replace(".", "").replace(",", "").isdigit()}
            if nums and side - nums - other:
                side -= nums
        shared = iw & cw
        ow = {norm(w) for w in tokens(outcome)} - words("stopwords") - words("generic_outcome_words")
        # a word of the outcome names the outcome, not an arm that has other words ("pain" of
        # "topical lidocaine for pain" when the outcome is "mean pain"; "insulin" of "open-loop
        # insulin delivery" when it is "plasma insulin"); unless the outcome names both arms
        # ("preferring the HC to the MC formulation") or the word is both arms'
        own = [side & ow - shared for side in (iw, cw)]
        if not (own[0] and own[1]):
            for side, o in zip((iw, cw), own):
                if o and side - ow - shared:
                    side -= o
        ctrl = {norm(w) for w in words("control_words")}
        # "control", "standard", "usual" are generic arm words (dropped above) that still say
        # the arm is the control: the role is read from all the words of the arm's text
        def all_words(*texts):
            return {norm(w) for t in texts for w in tokens(t)}
        ci_all, cc_all = all_words(intervention), all_words(comparator)
        t = cls(I=iw - shared, C=cw - shared, O=ow - (iw | cw))
        t.c_is_control = bool(cc_all & ctrl) or not (cw - shared)
        t.i_is_control = bool(ci_all & ctrl) and not t.c_is_control
        if not t.I and t.C:  # "X plus placebo" vs "placebo": the shared words are the intervention
            t.I = iw - {norm(w) for w in words("control_words")}
        il, cl = _labels(intervention, *i_aliases), _labels(comparator, *c_aliases)
        t.i_labels, t.c_labels = frozenset(il - cl), frozenset(cl - il)
        return t

    def with_defined_labels(self, defs: dict[str, list[str]]) -> "Terms":
        """These terms with the short labels a document defines (:func:`label_definitions`)
        read as the arm whose words the definitions name: "dexmedetomidine (group D) or
        placebo (group P)" makes "group D" the intervention of a dexmedetomidine-vs-placebo
        question.  A label whose definitions name both arms, or neither, is left out."""
        ctrl = {norm(w) for w in words("control_words")}
        il, cl = set(self.i_labels), set(self.c_labels)
        known = il | cl
        for lab, texts in defs.items():
            if lab in known:
                continue
            sides = set()
            for txt in texts:
                # words, not numbers, units or letters ("2 hr", "group C = 4")
                ws = {norm(w) for w in tokens(txt) if len(w) > 2 and w.isalpha()}
                i_hit, c_hit = bool(ws & self.I), bool(ws & self.C)
                if not (i_hit or c_hit) and ws & ctrl:
                    if self.c_is_control:
                        c_hit = True
                    elif self.i_is_control:
                        i_hit = True
                if i_hit != c_hit:
                    sides.add("I" if i_hit else "C")
                elif i_hit:
                    sides.add("both")
            if sides == {"I"}:
                il.add(lab)
            elif sides == {"C"}:
                cl.add(lab)
        if il == self.i_labels and cl == self.c_labels:
            return self
        return replace(self, i_labels=frozenset(il), c_labels=frozenset(cl))


# an arm's short label: "group II", "Group B", "arm 2", "group NS" (up to three capitals, a
# Roman numeral or a number)
_LABEL = r"(?P<label>VIII|[A-Z]{1,3}|\d{1,2})"
_ARM_LABEL = fastre.lazy(r"\b(?i:groups?|arms?)\s+" + _LABEL + r"(?![\w+-])")
# the further labels of a list after "groups A": "groups A and B", "groups I, II and III"
_MORE_LABELS = fastre.lazy(r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)(?P<label>VIII|[A-Z]{1,3}|\d{1,2})(?![\w+-])"
                           r"(?!\s*(?:%|mg|g|ml|mL|h|hours?|days?|weeks?|months?|years?|patients|participants|subjects)\b)")


def arm_labels(text: str) -> list[tuple[str, int, int]]:
    """The short arm labels ``text`` names, each ``(label, start, end)`` with the span that
    names it: "group B" (the whole phrase), and each further label of a list ("groups A and
    B" names A by "groups A" and B by "B")."""
    out = []
    for m in _ARM_LABEL.finditer(text):
        out.append((m["label"], m.start(), m.end()))
        plural = re.match(r"(?i:groups|arms)", m.group(0)) is not None
        pos, more = m.end(), []
        while (n := _MORE_LABELS.match(text, pos)) is not None:
            more.append((n["label"], n.start("label"), n.end("label"), n.group(0)))
            pos = n.end()
        # after "group" a list is one only when it ends in "and"/"or" ("Group G, O and D")
        if more and (plural or re.search(r"\b(?:and|or)\b|&", more[-1][3])):
            out += [x[:3] for x in more]
    return out


def _labels(*texts: str) -> set[str]:
    """The short labels (:func:`arm_labels`) ``texts`` call an arm by."""
    return {lab for t in texts for lab, _, _ in arm_labels(t or "")}


# a text that defines an arm's short label: "dexmedetomidine (group D)", "group P (placebo)",
# "Group B received placebo"
_DEF_OPEN = fastre.lazy(r"\(\s*$")
_DEF_CLOSE = fastre.lazy(r"\s*(?:\)|[,;:])")
_DEF_AFTER = fastre.lazy(r"\s*(?:\((?P<text>[^()\n]{2,60})\)|"
                         r"(?::|\b(?:received|receiving|was\s+given|were\s+given|given|was\s+treated\s+with|"
                         r"were\s+treated\s+with|consisted\s+of)\b)\s*(?P<text2>(?:[^.;()\n]|\.(?=\d)){2,60}))")
_DEF_STOP = "()\n;:"
# the last item of a list before a defined label: "dexmedetomidine (group D) or placebo (group P)"
_DEF_CUT = fastre.lazy(r".*(?:,|\bor\b|\band\b|\bvs\.?|\bversus\b|\bto\b|\binto\b|\bwith\b)\s*", re.I | re.S)


def label_definitions(texts) -> dict[str, list[str]]:
    """``{label: [defining text, ...]}`` of the short arm labels ``texts`` define: the words
    just before "(group D)", inside "group P (placebo)", or after "Group B received"."""
    out: dict[str, list[str]] = {}
    for t in texts:
        for m in _ARM_LABEL.finditer(t):
            txt = ""
            if _DEF_OPEN.search(t, max(0, m.start() - 3), m.start()) and _DEF_CLOSE.match(t, m.end()):
                o = t.rindex("(", 0, m.start())
                k = o
                while k > 0 and o - k < 80 and t[k - 1] not in _DEF_STOP:
                    k -= 1
                txt = t[k:o]
                cut = _DEF_CUT.match(txt)
                if cut is not None:
                    txt = txt[cut.end():]
                txt = " ".join(txt.split()[-6:])
            else:
                d = _DEF_AFTER.match(t, m.end())
                if d is not None:
                    txt = " ".join((d["text"] or d["text2"] or "").split()[:6])
            if txt:
                out.setdefault(m["label"], []).append(txt)
    return out


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    role: str  # I, C or O


_ROLE_I = fastre.lazy(r"\b(?:intervention|treatment|experimental|active|study[- ]drug|verum|treated|study)\s+(?:groups?|arms?|conditions?|patients|participants|phases?|periods?)\b", re.I)
_ROLE_TRIAL = fastre.lazy(r"\btrial\s+(?:groups?|arms?)\b", re.I)
# "comparison" names an arm only as "comparison group" ("a pairwise comparison" does not)
_ROLE_C = fastre.lazy(r"\b(?:control|placebo|sham|usual[- ]care|standard[- ]care|vehicle|untreated)(?:\s+(?:groups?|arms?|conditions?|patients|participants|subjects|phases?|periods?))?\b"
                     r"|\bcomparison\s+(?:groups?|arms?|conditions?)\b|\bcontrols\b", re.I)


def mentions(text: str, terms: Terms) -> list[Mention]:
    """Spans of ``text`` naming the intervention (I), the comparator (C) or the outcome (O)."""
    labelled = []
    if terms.i_labels or terms.c_labels:
        for lab, a, b in arm_labels(text):
            role = "I" if lab in terms.i_labels else "C" if lab in terms.c_labels else None
            if role is not None:
                labelled.append(Mention(a, b, role))
    toks = [(m.start(), m.end(), norm(m.group(0))) for m in _TOK.finditer(text)]
    if labelled:
        toks = [t for t in toks if not any(m.start < t[1] and t[0] < m.end for m in labelled)]
    roles = []
    for s, e, n in toks:
        r = "I" if n in terms.I else "C" if n in terms.C else "O" if n in terms.O else None
        roles.append(r)
    out: list[Mention] = []
    i = 0
    while i < len(toks):
        r = roles[i]
        if r is None:
            i += 1
            continue
        j = i
        while j + 1 < len(toks) and roles[j + 1] == r and toks[j + 1][0] - toks[j][1] <= 3:
            j += 1
        out.append(Mention(toks[i][0], toks[j][1], r))
        i = j + 1
    out += labelled
    # a role word inside the outcome's words ("glycaemic control") names no arm
    covered = [(m.start, m.end) for m in out]
    # an unnamed "trial group" is the intervention only against a named control group
    role_i = [_ROLE_I] + ([_ROLE_TRIAL] if _ROLE_C.search(text) else [])
    for rx, role in ((_ROLE_C, "C" if not terms.i_is_control else "I"),
                     *((r, "I" if not terms.i_is_control else "C") for r in role_i)):
        for m in rx.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in covered):
                continue
            if role == "C" and not (terms.c_is_control or terms.i_is_control):
                continue
            out.append(Mention(m.start(), m.end(), role))
            covered.append((m.start(), m.end()))
    out.sort(key=lambda m: m.start)
    return _other_group(text, out)


# "the propofol group", "group 2": a group named by one or two words, or by a short label after "group"
_GROUP_NAME = fastre.lazy(r"\b(?:the\s+)?(?P<name>(?:[\w+-]+\s+)?[\w+-]+)\s+(?:group|arm)\b(?!\s*[A-Z0-9]{1,3}\b)"
                          r"|\b(?:group|arm)\s+(?P<label>[A-Z0-9]{1,3}|I{1,3}|IV)\b(?!\s+(?:group|arm)\b)")
_NOT_A_NAME = fastre.lazy(r"^(?:the|two|both|each|either|one|other|same|all|three|four|whole|age|every|study|treatment|"
                          r"respective|this|that|these|a|an|per|individual|control|intervention|placebo|"
                          r"experimental|comparison|sham|active|allocated|assigned|randomi[sz]ed|between|of|in|"
                          r"and|or|vs|versus|than|with|for)$", re.I)


def _other_group(text: str, found: list[Mention]) -> list[Mention]:
    """``found`` plus the second of exactly two groups a sentence names when the first is one
    of the question's arms and the other arm is not named: the unnamed group is the other arm
    ("34 mm in the propofol group and 43 mm in the sevoflurane group", the question naming
    sevoflurane alone)."""
    arms = [m for m in found if m.role in "IC"]
    roles = {m.role for m in arms}
    if len(roles) != 1:
        return found
    names: dict[str, tuple[int, int]] = {}
    for g in _GROUP_NAME.finditer(text):
        key = "label" if g["label"] else "name"
        a, b = g.span(key)
        words = g[key].split()
        if key == "name":
            while words and _NOT_A_NAME.match(words[0]):
                a += len(words[0]) + (len(g[key]) - len(g[key].lstrip()))
                a = text.index(words[1], a) if len(words) > 1 else b
                words = words[1:]
            if not words or any(_NOT_A_NAME.match(w) for w in words):
                continue
        names.setdefault(" ".join(words).lower(), (a, b))
    if len(names) != 2:
        return found
    spans = list(names.values())
    named = [any(m.start < b and a < m.end for m in arms) for a, b in spans]
    if sum(named) != 1:
        return found
    a, b = spans[named.index(False)]
    if any(m.start < b and a < m.end for m in found):
        return found
    other = "C" if roles.pop() == "I" else "I"
    return sorted(found + [Mention(a, b, other)], key=lambda m: m.start)


_MASK = {"I": " INTV ", "C": " CTRL ", "O": " OUTC "}


def mask(text: str, found: list[Mention]) -> str:
    """``text`` with each mention replaced by ``INTV``, ``CTRL`` or ``OUTC``."""
    out, pos = [], 0
    for m in sorted(found, key=lambda m: m.start):
        if m.start < pos:
            continue
        out.append(text[pos:m.start])
        out.append(_MASK[m.role])
        pos = m.end
    out.append(text[pos:])
    return "".join(out)


_P = fastre.lazy(r"(?<![A-Za-z])[Pp]\s*(?:[- ]?values?)?\s*(?:(?P<rel>[<>=≤≥⩽⩾]|&lt;|&gt;|<=|>=)|:|(?=\s+0?[.·]\d))\s*(?P<num>0?[.·]\d+|\d(?:[.·]\d+)?\s*[x×]\s*10\s*[-−–]\s*\d+|1(?:\.0+)?)", re.I)
_P_NS = fastre.lazy(r"(?<![A-Za-z])[Pp]\s*(?:=|:)?\s*(?:NS|n\.s\.)", re.I)


def p_values(text: str) -> list[tuple[int, float, str]]:
    """``(offset, p, relation)`` for every p-value printed in ``text``."""
    out = []
    for m in _P.finditer(text):
        num = m["num"].replace("·", ".").replace(" ", "")
        try:
            if "10" in num and ("x" in num or "×" in num):
                base, exp = re.split(r"[x×]10", num)
                p = float(base) * 10 ** -int(re.sub(r"[-−–]", "", exp))
            else:
                p = float(num)
        except ValueError:
            continue
        rel = {"≤": "<", "<=": "<", "⩽": "<", "&lt;": "<", "≥": ">", ">=": ">", "⩾": ">", "&gt;": ">"}.get(m["rel"], m["rel"] or "=")
        if 0 <= p <= 1:
            out.append((m.start(), p, rel))
    for m in _P_NS.finditer(text):
        out.append((m.start(), 1.0, "="))
    return sorted(out)


_ROW_P = fastre.lazy(r"^\s*(?P<rel>[<>=≤≥])?\s*(?P<num>0?[.·]\d+|1(?:[.·]0+)?)\s*[*†‡§¶#^a-z,]*\s*$|^\s*(?P<ns>N\.?S\.?|n\.s\.?)\s*$")


_NUMS = fastre.lazy(r"(?<![\w.])[-−]?\d+(?:[.·]\d+)?")
_ALPHA = fastre.lazy(r"\b[A-Za-z]{3,}\b")


def row_p_values(text: str) -> list[tuple[int, float, str]]:
    """The p-value of a table row (cells separated by tabs) printed as its last cell without
    "p" ("Mean arterial pressure\t75 ± 11\t79 ± 11\t0.26"), as :func:`p_values` gives them."""
    if "\t" in text:
        cells = text.rstrip().split("\t")
    elif len(_NUMS.findall(text)) >= 4 and len(_ALPHA.findall(text)) <= 8:
        cells = text.rstrip().rsplit(None, 1)  # a row whose cells were joined by spaces
        cells = ["", *cells]
    else:
        return []
    if len(cells) < 3:
        return []
    m = _ROW_P.match(cells[-1])
    if not m:
        return []
    at = len(text.rstrip()) - len(cells[-1])
    if m["ns"]:
        return [(at, 1.0, "=")]
    rel = {"≤": "<", "≥": ">"}.get(m["rel"] or "=", m["rel"] or "=")
    p = float(m["num"].replace("·", "."))
    return [(at, p, rel)] if 0 <= p <= 1 else []


_CELL_VALUE = fastre.lazy(r"^\s*(?P<v>[-−+]?\d+(?:[.·]\d+)?)(?:\s*/\s*\d+)?\s*(?:\((?P<pct>\d+(?:[.·]\d+)?)\s*%\s*\))?")


def row_order(text: str) -> Optional[int]:
    """``+1``/``-1``/``0``: whether the first value column of a table row (cells separated by
    tabs) is larger than the second ("Length of stay (days)\t1.3 (1–4)\t3.2 (1–7)\t0.04": -1);
    a count with its percentage ("98/2006 (4.9%)") is read as the percentage; None when the
    row has no two value cells before its p-value."""
    if "\t" not in text:
        return None
    cells = text.rstrip().split("\t")[1:]
    if cells and _ROW_P.match(cells[-1]):
        cells = cells[:-1]
    vals = []
    for c in cells:
        m = _CELL_VALUE.match(c)
        if not m:
            return None
        vals.append(_num(m["pct"] or m["v"].lstrip("+")))
        if len(vals) == 2:
            return 0 if vals[0] == vals[1] else (1 if vals[0] > vals[1] else -1)
    return None


# a column heading that names an arm by its role alone ("Intervention (n = 102)", "Placebo group")
_HEAD_ROLE = {
    "I": fastre.lazy(r"^\s*(?:the\s+)?(?:intervention|treatment|treated|experimental|active|study)(?:\s+(?:groups?|arms?))?"
                     r"\s*(?:$|\(|,|n\s*=)", re.I),
    "C": fastre.lazy(r"^\s*(?:the\s+)?(?:control|controls|placebo|sham|usual[- ]care|standard[- ]care)(?:\s+(?:groups?|arms?))?"
                     r"\s*(?:$|\(|,|n\s*=)", re.I),
}


# a heading with a group's size ("Placebo (n = 45)", "Control (n)"), and one of all the groups
_ARM_SIZE = fastre.lazy(r"\(\s*n\s*(?:=\s*\d[\d,]*\s*)?\)|\bn\s*=\s*\d", re.I)
_ALL_ARMS = fastre.lazy(r"^\s*(?:total|all|overall|whole|entire|combined\s+(?:groups|sample|cohort))\b", re.I)


# the heading of a column of values at entry ("Baseline", "Pre", "T0", "Week 0") or of the
# group's size ("Control n"): not the outcome's value after treatment
_ENTRY_HEAD = fastre.lazy(r"\b(?:baseline|base\s+line|pre-?(?:treatment|intervention|test|operative|op|study|trial|randomi[sz]ation)?"
                          r"|before(?:\s+(?:treatment|intervention|surgery))?|at\s+entry|T0|(?:week|wk|day|month|visit)\s*0)\b"
                          r"(?!\s*(?:[-–~]|to)\s*\w)", re.I)
_SIZE_HEAD = fastre.lazy(r"^\s*(?:n|no\.?|number|participants|patients|subjects)\s*$", re.I)
def arm_columns(header: Optional[tuple[str, ...]], terms: "Terms", outcome: str = "") -> Optional[dict[str, int]]:
    """``{"I": k, "C": k}``: the value column of each of the question's arms in a table whose
    cells' headings are ``header`` ("" for none), or None when the headings do not bind one
    column to each arm.  A heading names an arm by its words ("LMWH (n = 2006)"), by its
    role alone ("Placebo", "Intervention (n = 102)"), or as the one other column headed with a
    group's size.  When an arm heads several columns (time points, before and after), the
    columns of values at entry ("Baseline", "Pre", "T0") and of group sizes ("Control n") are
    left out; of the rest, the one at the time the question's outcome names ("at week 8"),
    else, when the arms head as many columns each (blocks of time points), the last one (the
    end of follow-up); columns of two doses against one comparator stay unbound."""
    if not header:
        return None
    cols: dict[str, list[int]] = {"I": [], "C": []}
    for k, h in enumerate(header):
        if not k or not h:
            continue
        roles = {m.role for m in mentions(h, terms) if m.role in "IC"}
        if len(roles) == 1:
            cols[roles.pop()].append(k)
    for want in ("C", "I") if not (cols["I"] or cols["C"]) else ("C" if cols["I"] else "I",):
        if cols[want]:
            continue
        # an arm's column headed by its role alone ("Intervention (n = 102)", "Control"), when
        # no heading names that arm by its words
        word = ("C" if want == "I" else "I") if terms.i_is_control else want
        named = [k for k, h in enumerate(header) if k and h and _HEAD_ROLE[word].match(h)
                 and k not in cols["I"] + cols["C"]]
        if named and (len(named) == 1 or len(named) == len(cols["C" if want == "I" else "I"])):
            cols[want] = named
            break
    if bool(cols["I"]) != bool(cols["C"]):
        # the table has two arm columns, headed with their sizes ("Social media (n = 12)"),
        # and one is bound: the other is the other arm's
        bound = cols["I"] + cols["C"]
        arms = [k for k, h in enumerate(header) if k and _ARM_SIZE.search(h) and not _ALL_ARMS.match(h)]
        rest = [k for k in arms if k not in bound]
        if len(bound) == 1 and len(arms) == 2 and len(rest) == 1:
            cols["C" if cols["I"] else "I"] = rest
    if not (cols["I"] and cols["C"]):
        return None
    if len(cols["I"]) == 1 and len(cols["C"]) == 1:
        return {"I": cols["I"][0], "C": cols["C"][0]}
    def later(ks: list[int]) -> list[int]:
        keep = [k for k in ks if not _ENTRY_HEAD.search(header[k]) and not _SIZE_HEAD.match(_without_arm(header[k], terms))]
        return keep or ks
    got = {r: later(ks) for r, ks in cols.items()}
    want = times(outcome)
    if want and all(len(ks) > 1 for ks in got.values()):
        at = {r: [k for k in ks if same_time(times(header[k]), want)] for r, ks in got.items()}
        if all(len(ks) == 1 for ks in at.values()):
            return {"I": at["I"][0], "C": at["C"][0]}
    if len(got["I"]) == 1 and len(got["C"]) == 1:
        return {"I": got["I"][0], "C": got["C"][0]}
    if len(got["I"]) == len(got["C"]) and len(cols["I"]) == len(cols["C"]):
        return {"I": got["I"][-1], "C": got["C"][-1]}
    return None


def _without_arm(h: str, terms: "Terms") -> str:
    """A heading with the arm's words, its role words and its size taken out ("Control n" -> "n")."""
    for m in sorted(mentions(h, terms), key=lambda m: -m.start):
        h = h[:m.start] + " " + h[m.end:]
    h = _ARM_SIZE.sub(" ", h)
    h = re.sub(r"(?i)\b(?:groups?|arms?|intervention|control|placebo|treatment)\b", " ", h)
    return " ".join(h.split())


_P_HEAD = fastre.lazy(r"(?:^|\s)(?:p|p[- ]?values?|sig\.?)\s*(?:[\^*†‡§a-z]{0,3})?\s*$", re.I)


def column_p(text: str, header: Optional[tuple[str, ...]], cols: dict[str, int]) -> Optional[tuple[float, str]]:
    """``(p, relation)`` of a table row's p-value column that follows the arms' columns ``cols``
    (the first one after both: with blocks of time points, the chosen block's), or None."""
    if not header or "\t" not in text:
        return None
    cells = text.rstrip().split("\t")
    if len(cells) != len(header):
        return None
    for k in range(max(cols.values()) + 1, len(header)):
        if _P_HEAD.search(header[k] or ""):
            m = _ROW_P.match(cells[k])
            if not m:
                return None
            if m["ns"]:
                return 1.0, "="
            rel = {"≤": "<", "≥": ">"}.get(m["rel"] or "=", m["rel"] or "=")
            return _num(m["num"]), rel
    return None


def column_change(text: str, header: Optional[tuple[str, ...]], terms: "Terms", outcome: str = "") -> Optional[int]:
    """``+1``/``-1``/``0``: whether a table row's value (cells separated by tabs) is larger in
    the intervention's column than in the comparator's, the columns bound to the arms by their
    headings (``header``: the heading of each cell of the row, "" for none; "LMWH (n=2006)"
    names the intervention of an LMWH question; see :func:`arm_columns`, which ``outcome``'s
    time point helps); a count with its percentage ("98/2006 (4.9%)") is read as the
    percentage.  None when the headings name no column of each arm, or a column's cell holds
    no value.

    >>> t = Terms.build("mortality", "enoxaparin", "heparin")
    >>> column_change("Mortality\\t98/2006 (4.9%)\\t132/2027 (6.5%)\\t0.03",
    ...               ("", "Heparin", "Enoxaparin", "P"), t)
    1
    """
    if not header or "\t" not in text:
        return None
    cells = text.rstrip().split("\t")
    if len(cells) != len(header):
        return None
    cols = arm_columns(header, terms, outcome)
    if cols is None:
        return None
    vals = {}
    for role, k in cols.items():
        m = _CELL_VALUE.match(cells[k])
        if not m:
            return None
        vals[role] = _num(m["pct"] or m["v"].lstrip("+"))
    if vals["I"] == vals["C"]:
        return 0
    return 1 if vals["I"] > vals["C"] else -1


def _p_significant(p: float, rel: str) -> Optional[bool]:
    if rel == "<":
        return p <= 0.05
    if rel == ">":
        return False if p >= 0.05 else None
    return p < 0.05


@dataclass(frozen=True)
class Reading:
    """What a sentence says about the comparison."""

    label: Optional[str]  # one of LABELS, or None
    significant: Optional[bool] = None
    change: Optional[int] = None  # +1 intervention higher, -1 lower, 0 none, None unknown
    cue: str = ""  # the words or numbers the reading rests on
    features: tuple[str, ...] = ()


_CLAUSE = fastre.lazy(r";|\.\s+(?=[A-Z])|,?\s+(?:but|whereas|while|although|though|however|yet)\b|,\s*(?:and\s+)?(?:that|those)\s+of\b", re.I)


def clauses(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the clauses of ``text``: split at semicolons, sentence stops and
    contrasting conjunctions ("but", "whereas", "while", "although", "however")."""
    out, pos = [], 0
    for m in _CLAUSE.finditer(text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return out or [(0, len(text))]


def focus(text: str, found: list[Mention]) -> tuple[int, int]:
    """The clause that names the outcome most (the first on a tie); the whole text when no
    clause names it."""
    cl = clauses(text)
    if len(cl) == 1:
        return cl[0]
    best, score = (0, len(text)), 0
    for a, b in cl:
        n = sum(m.end - m.start for m in found if m.role == "O" and a <= m.start < b)
        if n > score:
            best, score = (a, b), n
    return best


def _sig_reading(text: str, found: list[Mention]) -> tuple[Optional[bool], str, list[str]]:
    feats = []
    c = cues()
    a, b = focus(text, found)
    scope = "clause" if (a, b) != (0, len(text)) else "sentence"
    ps_all = p_values(text) or row_p_values(text)
    nd_all = _no_difference(text, 0, len(text))
    sg_all = c["significant"].search(text)
    if scope == "clause":
        ps = [p for p in ps_all if a <= p[0] < b]
        nd = _no_difference(text, a, b)
        sg = c["significant"].search(text, a, b)
        if not ps and nd is None and sg is None:
            # the outcome's clause says nothing of significance: the next clause often does
            # ("X was lower in A, p = 0.01")
            scope = "sentence"
            ps, nd, sg = [p for p in ps_all if p[0] >= a] or ps_all, nd_all, sg_all
    else:
        ps, nd, sg = ps_all, nd_all, sg_all
    feats.append("scope=" + scope)
    o_pos = [m.start for m in found if m.role == "O" and m.start >= a]
    sig_p = None
    cue = ""
    if ps:
        if o_pos and len(ps) > 1:
            # the p-value nearest after a mention of the outcome
            o_end = [m.end for m in found if m.role == "O" and m.start >= a]
            after = [(p[0] - e, p) for p in ps for e in o_end if p[0] >= e]
            pick = min(after)[1] if after else ps[-1]
        else:
            pick = ps[0]
        sig_p = _p_significant(pick[1], pick[2])
        if sig_p is False and pick[1] == 0.05 and pick[2] == "=" and sg is not None and nd is None:
            sig_p = True  # "significantly higher (p = 0.05)": the authors' threshold included it
        mm = _P.match(text, pick[0]) or _P_NS.match(text, pick[0])
        cue = mm.group(0) if mm else ""
        feats.append(f"p_sig={sig_p}")
        if len({_p_significant(p, r) for _, p, r in ps}) > 1:
            feats.append("p_mixed")
    if len({_p_significant(p, r) for _, p, r in ps_all}) > 1:
        feats.append("p_mixed_sentence")
    if nd:
        feats.append("w_nodiff")
        feats.append("w_nodiff:" + re.sub(r"\W+", "_", nd.group(0).lower())[:24])
    elif nd_all:
        feats.append("w_nodiff_elsewhere")
    if sg:
        feats.append("w_sig")
    elif sg_all:
        feats.append("w_sig_elsewhere")
    if nd and (sig_p is not True or (sg is None)):
        return False, nd.group(0), feats
    within = _WITHIN.search(text) is not None
    if within and not _COMPARING.search(text) and not _BETWEEN_GROUPS.search(text):
        feats.append("within_only")  # "reduced significantly in both groups": no comparison of the arms
    if (sig_p or sg) and (within or len({m.role for m in found if m.role in "IC"}) == 1):
        # a change within the groups was significant, the comparison between them was not
        # ("increased in both groups (p < 0.05), with no difference between groups";
        # "increased in the A group (p = 0.02); the comparison with control was not significant")
        for m in c["no_difference"].finditer(text):
            x, y = max(0, m.start() - 40), min(len(text), m.end() + 60)
            if not within and (_COMPARING.search(text, 0, x) or _COMPARING.search(text, y)
                               or not _said_of_it(text, found, m.start())):
                # one arm named: a comparison elsewhere, or "no difference" said of another thing
                continue
            if _BETWEEN_GROUPS.search(text, max(0, m.start() - 40), min(len(text), m.end() + 60)):
                feats.append("within_sig_between_nodiff")
                return False, m.group(0), feats
    if sig_p is not None:
        return sig_p, cue, feats
    if sg:
        return True, sg.group(0), feats
    return None, "", feats


# a statement about the groups at entry: "similar at baseline", "at baseline, X did not differ"
# ... but not "at baseline and at week 12", "at baseline or after treatment": the result as well
_AND_LATER = (r"(?!\s*,?\s*(?:and|or|nor|as\s+well\s+as)\s+(?:at|after|during|throughout|over|post|following|"
              r"follow-up|the\s+end|weeks?|months?|days?|\d))")
_BASELINE_AFTER = fastre.lazy(r"^[^.;]{0,40}?\b(?:at\s+(?:the\s+)?(?:baseline|study\s+entry|entry|randomi[sz]ation|enrol?lment|inclusion)"
                              r"|before\s+(?:the\s+)?(?:intervention|treatment|randomi[sz]ation|education|training|surgery|therapy)"
                              r"|pre-?(?:intervention|treatment|randomi[sz]ation))\b"
                              + _AND_LATER, re.I)
_BASELINE_BEFORE = fastre.lazy(r"\b(?:at\s+(?:the\s+)?baseline|at\s+(?:study\s+)?entry|in\s+(?:the\s+)?pre-?(?:intervention|treatment)\s+phase)\b"
                               r"(?!\s+(?:or|and)\b)[^.;]{0,40}$", re.I)


# "baseline characteristics were similar", "comparable at baseline", "well balanced at entry"
_BASELINE_ALIKE = fastre.lazy(
    r"\b(?:baseline|demographic|clinical|pre-?(?:treatment|operative|intervention))\s+(?:[\w-]+\s+){0,3}?"
    r"(?:characteristics|data|variables|values|parameters|measures|features)\b[^.;]{0,60}?\b(?:were|was|are|is)\s+"
    r"(?:(?:all|well|very|quite|largely|generally|statistically)\s+)?(?:similar|comparable|balanced|matched|equivalent|homogeneous|alike)\b"
    r"|\b(?:similar|comparable|balanced|matched|equivalent|homogeneous|alike)\s+(?:[\w-]+\s+){0,3}?at\s+(?:the\s+)?(?:baseline|entry|study\s+entry|randomi[sz]ation|enrol?lment|inclusion)\b" + _AND_LATER, re.I)


def _no_difference(text: str, a: int, b: int):
    """The first "no difference" words of ``text[a:b]`` that are not said of the groups at
    baseline ("the groups were similar at baseline, but at 12 weeks X was significantly
    higher"), or None."""
    alike = None
    for m in cues()["no_difference"].finditer(text, a, b):
        if _BASELINE_AFTER.match(text[m.end():m.end() + 60]) or _BASELINE_BEFORE.search(text, max(0, m.start() - 60), m.start()):
            continue
        if alike is None:
            alike = [x.span() for x in _BASELINE_ALIKE.finditer(text)]
        if any(x <= m.start() < y for x, y in alike):  # "baseline characteristics were similar"
            continue
        return m
    return None


def baseline_only(text: str) -> bool:
    """Whether the sentence's statement that the groups do not differ is said of them at
    baseline only ("the groups were similar at baseline", "baseline characteristics were
    comparable", "no differences in age or X among the groups at entry"), not of a result:
    every "no difference" cue in it is said of the groups at entry, and no later clause turns
    to the result ("..., but after 12 weeks X was lower")."""
    spans = [(m.start(), m.end()) for m in _BASELINE_ALIKE.finditer(text)]
    ends = [b for _, b in spans]
    for m in cues()["no_difference"].finditer(text):
        if any(a <= m.start() < b for a, b in spans) or _BASELINE_AFTER.match(text[m.end():m.end() + 60]) \
                or _BASELINE_BEFORE.search(text, max(0, m.start() - 60), m.start()):
            ends.append(m.end())
            continue
        stop = re.search(r"[;.](?:\s|$)", text[m.end():])
        rest = text[m.end():m.end() + stop.start()] if stop else text[m.end():]
        at = _AT_ENTRY.search(rest)
        if at is None:
            return False
        ends.append(m.end() + at.end())
    if not ends:
        return False
    return _TURN_TO_RESULT.search(text, max(ends)) is None


_AT_ENTRY = fastre.lazy(r"\bat\s+(?:the\s+)?(?:baseline|entry|study\s+entry|randomi[sz]ation|enrol?lment|inclusion|admission)\b"
                        r"|\bbefore\s+(?:the\s+)?(?:intervention|treatment|randomi[sz]ation|surgery|therapy)\b", re.I)
_TURN_TO_RESULT = fastre.lazy(r"\b(?:but|however|whereas|while|although|after|following|thereafter|post-?(?:treatment|operative|intervention))\b"
                              r"|\bat\s+(?:the\s+end|weeks?|months?|days?|\d)", re.I)


# the words that may stand before "no difference" in a clause that refers back to the
# comparison ("However, the comparison with control was not significant", "all P < 0.01),
# without differences among the groups"), not to another outcome
_BACK_WORDS = frozenset("""however but yet although though whereas while and the a this these it which there was were
is are all both p comparison comparisons compared difference differences between-group group groups with to
control controls placebo overall""".split())


def _said_of_it(text: str, found: list[Mention], pos: int) -> bool:
    """Whether the "no difference" words at ``pos`` are said of the outcome: their clause names
    it, or nothing but :data:`_BACK_WORDS` stands before them in the clause (not "whereas
    haemoglobin did not differ")."""
    for a, b in clauses(text):
        if a <= pos < b:
            if any(m.role == "O" and a <= m.start < b for m in found):
                return True
            return all(w.lower() in _BACK_WORDS for w in re.findall(r"[A-Za-z][\w-]*", text[a:pos]))
    return False


_WITHIN = fastre.lazy(r"\bin\s+(?:both|all|each)\s+(?:(?:the|two|three)\s+)?(?:groups|arms|conditions)\b"
                      r"|\bin\s+both\s+(?:the\s+)?[\w+-]+(?:\s+[\w+-]+)?\s+and\s+(?:the\s+)?[\w+-]+(?:\s+[\w+-]+)?\s+(?:groups|arms)\b"
                      r"|\b(?:both|the\s+two|all\s+(?:the\s+)?(?:three|four))\s+(?:groups|arms|diets|regimens|treatments|interventions)\s+(?:were|was|showed|had|led|resulted|produced|improved|reduced|increased|decreased)\b|\bfrom\s+(?:the\s+)?baseline\b|\bover\s+time\b"
                      r"|\btime\s+effect\b|\bbefore\s+and\s+after\b|\bpre-?\s*(?:to|and|vs\.?)\s*-?\s*post|\bwithin[- ]groups?\b"
                      r"|\bcompared\s+(?:with|to)\s+(?:the\s+)?(?:baseline|pre-?\w*)\b|\brespective\s+(?:preoperative\s+|baseline\s+)?values\b", re.I)
_BETWEEN_GROUPS = fastre.lazy(r"\bbetween[- ](?:the\s+)?(?:two\s+|three\s+|both\s+|treatment\s+|study\s+)?(?:groups?|arms|conditions|treatments|diets|regimens|interventions)\b|\bbetween-group"
                              r"|\bamong\s+(?:the\s+)?(?:\w+\s+)?groups\b|\bgroup\s+differences?\b|\b(?:comparison|compared)\s+(?:with|to)\s+(?:the\s+)?control\b", re.I)


def _arm_at(found: list[Mention], start: int, end: int) -> Optional[Mention]:
    for m in found:
        if m.role in "IC" and start <= m.start < end:
            return m
    return None


# the arm named in a "than" or "compared with" phrase a few words on is the reference
# ("than patients taking other triptans", "as compared to the nights with placebo")
_THAN_PHRASE = re.compile(r"\b(?:than|compared\s+(?:with|to)|relative\s+to)\s+(?:(?!(?:than|and|or|but|whereas|while|vs|versus)\b)[\w-]+\s+){0,5}$", re.I)
# "compared with", "in comparison to", "relative to" introduce the reference wherever the
# phrase stands ("As compared to the nights with B, X was increased"; "A, compared with B,
# had lower X"), unlike "than" and "vs", which name it after the comparative
_COMPARED_PHRASE = re.compile(r"\b(?:compared|comparison)\s+(?:with|to)\s+(?:(?!(?:than|and|or|but|whereas|while|vs|versus|in)\b)[\w-]+\s+){0,4}$"
                              r"|\b(?:compared|comparison)\s+(?:with|to)\s+(?:the\s+|those\s+)?(?:in\s+)?(?:the\s+)?$"
                              r"|\brelative\s+to\s+(?:the\s+)?$", re.I)


_LIST_MARK = re.compile(r"(?:(?<=[\s:;,])|^)(?:\d{1,2}|[a-z]|[ivx]{1,4})\)")


def _in_aside(text: str, end: int, pos: int) -> bool:
    """Whether ``text[end:pos]`` closes a bracket it did not open (a mention that ends at
    ``end`` is inside parentheses that close before ``pos``)."""
    depth = 0
    # the markers of an enumeration ("1) ... 2) ...") close no bracket
    for ch in _LIST_MARK.sub("", text[end:pos]):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
            if depth < 0:
                return True
    return False


def _subject_role(text: str, found: list[Mention], pos: int, end: int) -> tuple[Optional[str], str]:
    """The arm that is higher/lower at the comparative word ``text[pos:end]``: ``(role, how)``."""
    c = cues()
    arms = [m for m in found if m.role in "IC"]
    if not arms:
        return None, ""
    ref = subj = None
    how = "subject"
    for m in arms:
        before = text[max(0, m.start - 40):m.start]
        if c["reference_before_arm"].search(before) or _THAN_PHRASE.search(text[max(0, m.start - 60):m.start]):
            if m.start > pos or _COMPARED_PHRASE.search(text[max(0, m.start - 60):m.start]) or re.search(r"^\s*(?:compared|in\s+comparison|relative)", text[max(0, m.start - 40):m.start], re.I) or text[:m.start].strip() == "" or re.search(r"(?:^|[.;]\s*)(?:compared|relative|in\s+comparison)\s+(?:with|to)\s+(?:the\s+)?$", text[max(0, m.start - 40):m.start], re.I):
                ref = ref or m
    # the arm right after the comparative ("lower in the X group", "more common with X")
    for m in arms:
        if m is ref:
            continue
        gap = text[end:m.start]
        if 0 <= m.start - end <= 60 and c["subject_before_arm"].search(gap) and not re.search(r"\bthan\b|\bcompared\b|\bvs\b|\bversus\b", gap, re.I) \
                and not _CLAUSE.search(gap):  # "increased (p < 0.01), while in B it remained stable"
            subj = m
            break
    if subj is None:
        # the nearest arm before the comparative that is not the reference
        # (a mention inside parentheses is an aside, not the subject: "X (20 in A vs 30 in B)
        # was lower in A than in B")
        prior = [m for m in arms if m.end <= pos and m is not ref and not _in_aside(text, m.end, pos)]
        if prior:
            subj = prior[-1]
            how = "prior"
    if subj is not None and ref is not None and subj.role == ref.role:
        ref = None
    if subj is not None:
        return subj.role, how
    if ref is not None:
        return ("C" if ref.role == "I" else "I"), "reference"
    roles = {m.role for m in arms}
    if len(roles) == 1:
        # one arm named after the comparative, neither its subject nor its reference: the
        # intervention ("shorter after drinking coffee") is the subject; the comparator named
        # alone is most often the contrast ("decreased ..., whereas no change in the placebo
        # group"): the intervention is the subject there too
        role = roles.pop()
        return "I", "only" if role == "I" else "contrast"
    return None, ""


# "a vs b": each value with its unit and spread in either order ("83.2 ± 10.5 mmHg vs. 74.5",
# "12 mg/dL (3.1) versus 9.8", "93.4%, SD 7.1 vs 72.0%"), thousands separators kept ("3,155")
_NUMBER = r"[-−]?\d{{1,3}}(?:,\d{{3}})+(?![\d,])(?:[.·]\d+)?|[-−]?\d+(?:[.·]\d+)?"
_UNIT = r"(?:\s*%|\s*[a-zA-Zµμ][a-zA-Zµμ/0-9²³]*(?:\s*/\s*[a-zA-Z0-9]+)?)?"
# a spread is a bracket, "± 4.1" (also typed "+/- 4.1", "+- 4.1") or ", SD 4.1"
_SPREAD = r"(?:\s*(?:\([^()]*\)|\[[^\[\]]*\]|(?:±|\+/?-)\s*\d+(?:[.·]\d+)?\s*%?|,\s*SD\s*\d+(?:[.·]\d+)?\s*%?))?"
# no value starts after a unit's exponent or a minus sign the number would have taken
# ("mL^−1 vs. 15.8", "5-10 vs 12")
_VS_NUMS = fastre.lazy(r"(?<![\w.,·±/^\-−])(?P<a>" + _NUMBER.format() + ")" + _UNIT + _SPREAD + _UNIT
                       + r"\s*(?:,\s*)?(?P<sep>vs\.?|versus|compared\s+(?:with|to)|and|v\.)\s*(?P<b>" + _NUMBER.format() + ")", re.I)
_RESPECTIVELY = fastre.lazy(r"\brespectively\b", re.I)


_NUM_AFTER = fastre.lazy(r"^(?![-−‐]\w)\s*(?:group|arm)?\s*[:=,(]?\s*(?:\(?n\s*=\s*\d+\)?\s*[:,]?\s*)?(?P<v>[-−]?\d+(?:[.·]\d+)?)(?!\s*(?:mg|g|µg|mcg|ml|mL|IU)\b)")


# a value, its unit, its spread or bracket, and the preposition that leads to the arm:
# "31.2 ± 4.1 kg in the", "12% (5/41) of patients in the"
_BEFORE_UNIT = r"(?:%|[a-zA-Zµμ/]+(?:/[a-zA-Z]+)?)"
_TO_ARM = r"(?:of|in|for|among|with|on|from|after|by)"
_NUM_BEFORE = fastre.lazy(rf"(?P<v>[-−]?\d+(?:[.·]\d+)?)\s*{_BEFORE_UNIT}?\s*(?:\([^()]{{0,40}}\)|"
                          rf"±\s*\d+(?:[.·]\d+)?(?:\s*{_BEFORE_UNIT}(?=\s+{_TO_ARM}\s))?)?\s*{_TO_ARM}\s+"
                          r"(?:the\s+|those\s+|patients\s+|participants\s+|subjects\s+)*$")


def _num(v: str) -> float:
    return float(v.replace("−", "-").replace("·", ".").replace(",", ""))


# a time point before an arm's name: "at 6 hours in the", "at 2 and 6 h in the"
_TIME_POINT = fastre.lazy(r"\b(?:at|after|within|by|until|over|during)\s+(?:\d+(?:[.·]\d+)?\s*(?:,|and|or|to|-|–)\s*)*\d+(?:[.·]\d+)?\s*"
                          r"(?:h|hrs?|hours?|min(?:utes?)?|days?|weeks?|wk|months?|mo|years?|yr)\b", re.I)


class _ListPair:
    """The first values of two lists compared ("a1 and a2 vs b1 and b2"), read like a match
    of :data:`_VS_NUMS` (``m["a"]``, ``m["b"]``, ``m["sep"]``, ``m.start()``, ``m.end()``)."""

    def __init__(self, first, second):
        self._g = {"a": first["a"], "b": second["b"], "sep": second["sep"]}
        self._spans = {0: (first.start(), second.end()), "a": first.span("a"), "b": second.span("b"),
                       "sep": second.span("sep")}

    def __getitem__(self, key):
        return self._g[key]

    def start(self, group=0):
        return self._spans[group][0]

    def end(self, group=0):
        return self._spans[group][1]


def _value_pairs(text: str) -> list:
    """The "a vs b" matches of ``text``; two values joined by "and" that are the first list of
    a comparison ("4.6 and 3.4 in A compared with 7.1 and 4.4 in B", "−26 and −28 versus −21")
    are two time points or statistics of one side, not two arms: the first value of each side
    is compared instead (4.6 vs 7.1)."""
    out = []
    end = -1
    for m in _VS_NUMS.finditer(text):
        if m.start() < end:
            continue
        if m["sep"].lower() == "and":
            n = _VS_NUMS.match(text, m.start("b"))
            if n is not None and n["sep"].lower() != "and":
                out.append(_ListPair(m, n))
                end = n.end()
                continue
        out.append(m)
    return out


# a list of three or more values ("88%, 76% and 44%", "370.6 ± 121.6 mg, 220.9 ± 92.5 mg and 240.7 mg")
_VALUE_ITEM = r"(?<![\w.,·±/^\-−])(?:" + _NUMBER.format() + ")" + _UNIT + _SPREAD + _UNIT
_VALUE_LIST = fastre.lazy(_VALUE_ITEM + r"(?:\s*,\s*" + _VALUE_ITEM + r")+\s*,?\s*(?:and|&)\s+" + _VALUE_ITEM, re.I)
_LIST_NUMBER = fastre.lazy(r"(?<![\w.,·±/^\-−])(?:" + _NUMBER.format() + ")")


def _respective_change(text: str, terms: Terms) -> Optional[int]:
    """``+1``/``-1``/``0`` from a list of values given to a list of labelled arms in order
    ("88%, 76% and 44% in Group G, O and D, respectively", "in groups 1, 2 and 3 were 370,
    221 and 241 mg, respectively"): three or more values, as many labels; each value is its
    label's arm's, and the question's arms must lie wholly on one side of each other (all the
    intervention's labels above, or below, all the comparator's).  None when the sentence has
    no such list or the lists do not match."""
    if not (terms.i_labels and terms.c_labels) or not _RESPECTIVELY.search(text):
        return None
    labels = arm_labels(text)
    for r in _RESPECTIVELY.finditer(text):
        lo = max((m.end() for m in _SENTENCE_BREAK.finditer(text, 0, r.start())), default=0)
        # not the list of labels itself ("groups 1, 2 and 3")
        lists = [m for m in _VALUE_LIST.finditer(text, lo, r.start())
                 if not any(m.start() <= a < m.end() for _, a, _ in labels)]
        if not lists:
            continue
        vl = lists[-1]
        # each item's first number is its value (a spread or a unit's digits come after it)
        vals, pos = [], vl.start()
        for item in re.split(r"\s*,\s*(?:and\s+|&\s*)?|\s*,?\s*(?:and|&)\s+", vl.group(0)):
            n = _LIST_NUMBER.search(item)
            if n is None:
                break
            vals.append(_num(n.group(0)))
        # the labels of one list: consecutive, within the clause, before "respectively"
        labs = [x for x in labels if lo <= x[1] < r.start()]
        if len(vals) < 3 or len(labs) != len(vals):
            continue
        i_vals = [v for (lab, _, _), v in zip(labs, vals) if lab in terms.i_labels]
        c_vals = [v for (lab, _, _), v in zip(labs, vals) if lab in terms.c_labels]
        if not i_vals or not c_vals:
            continue
        if min(i_vals) > max(c_vals):
            return 1
        if max(i_vals) < min(c_vals):
            return -1
        if set(i_vals) == set(c_vals) and len(set(i_vals)) == 1:
            return 0
        return None
    return None


def _numbers_change(text: str, found: list[Mention], first: Optional[str] = None, anchor: int = 0) -> Optional[int]:
    """``+1``/``-1`` when the sentence prints each arm's value right after its name
    ("A 212 vs B 148"), right before it ("37% in the A group and 21% in the B group"), or
    as "a vs b" (:func:`_pair_order` says which arm each value is; ``first``: the arm a
    comparative makes the subject, whose value a comparison lists first; the first pair after
    ``anchor``, the outcome's mention, when there is one: "recurrence was 53% and 87%, and
    survival 93% and 47%, respectively")."""
    arms = [m for m in found if m.role in "IC"]
    after: dict[str, float] = {}
    before: dict[str, float] = {}
    for k, m in enumerate(arms):
        nxt = arms[k + 1].start if k + 1 < len(arms) else len(text)
        mm = _NUM_AFTER.match(text[m.end:min(nxt, m.end + 30)])
        if mm and m.role not in after:
            after[m.role] = _num(mm["v"])
        prev = arms[k - 1].end if k else 0
        lo = max(prev, m.start - 60)
        mb = _NUM_BEFORE.search(text[lo:m.start])
        if mb and _TIME_POINT.search(text, max(0, lo + mb.start() - 20), lo + mb.end()):
            mb = None  # a time point ("pain at 2 and 6 hours in the A group"), no value
        if mb and m.role not in before:
            before[m.role] = _num(mb["v"])
    for got in (after, before):
        if len(got) == 2:
            if got["I"] == got["C"]:
                return 0
            return 1 if got["I"] > got["C"] else -1
    if len({m.role for m in arms}) != 2:
        return None
    pairs = [m for m in _value_pairs(text) if _pair_of_values(text, m)]
    # "a vs b" over "a and b" ("44% and 73% of patients given A versus 29% and 56% given B":
    # the "and" joins two time points of one arm)
    pairs = [m for m in pairs if m.start() >= anchor] or pairs
    vs = [m for m in pairs if m["sep"].lower() != "and"]
    m = (vs or pairs or [None])[0]
    if m is None:
        return None
    a, b = _num(m["a"]), _num(m["b"])
    if a == b:
        return 0
    lead = _pair_order(text, arms, m.start(), m.end(), first)
    up = a > b
    if lead == "C":
        up = not up
    return 1 if up else -1


_PAIR_NOT_VALUES = fastre.lazy(r"(?:[=<>≤≥]|\b(?:at|on|days?|weeks?|months?|years?|min|minutes?|hours?|h|visits?|PODs?|times?|points?|statements?|items?|grades?|stages?|groups?|arms?|doses?|levels?|of)\s*)\s*$", re.I)
_TIME_UNIT = fastre.lazy(r"\s*(?:h|hrs?|hours?|min(?:utes?)?|days?|weeks?|wk|months?|mo|years?|yr)\b", re.I)
_COMPARING = fastre.lazy(r"\b(?:vs\.?|versus|compared|comparison|than|relative\s+to)\b", re.I)
_BEFORE_AFTER = fastre.lazy(r"[^;]{0,40}?\b(?:before|pre-?\w*|baseline)\b[^;]{0,20}?\b(?:and|to|vs\.?|versus)\s+(?:after|post-?\w*|end)\b", re.I)


def _pair_of_values(text: str, m) -> bool:
    """Whether the "a vs b" match ``m`` pairs two values (not time points, p-values or
    labels: "at days 4 and 7", "p = 0.02 and 0.04", "statements 1 and 3"; not a value before
    and after treatment in one arm)."""
    if _PAIR_NOT_VALUES.search(text[max(0, m.start() - 15):m.start()]):
        return False
    if re.search(r"\b[Pp]\b|[Pp]\s*[=<>]", text[m.end("a"):m.start("sep")]):
        return False
    if m["sep"].lower() == "and":
        if _BEFORE_AFTER.match(text, m.end()) or _TIME_UNIT.match(text, m.end()):
            return False
        # "a and b" are two arms' values when "respectively" says so or nothing else in the
        # sentence compares ("44% and 73% of A versus 29% and 56% of B": two times of one arm)
        stop = _CLAUSE.search(text, m.end())
        if not _RESPECTIVELY.search(text, m.end(), stop.start() if stop else len(text)) and _COMPARING.search(text):
            return False
    return True


def _unassigned_pair(text: str) -> Optional[int]:
    """``+1``/``-1``: whether the first value of the sentence's "a vs b" is the larger, when
    no arm name says whose values they are (most reports list the intervention first)."""
    pairs = [m for m in _value_pairs(text) if _pair_of_values(text, m) and m["sep"].lower() != "and"]
    if not pairs:
        return None
    a, b = _num(pairs[0]["a"]), _num(pairs[0]["b"])
    return 0 if a == b else (1 if a > b else -1)


def _pair_order(text: str, arms: list[Mention], start: int, end: int, first: Optional[str]) -> str:
    """The arm whose value comes first in the pair ``text[start:end]``: the arms' order when
    both are named after the pair in its clause ("(9.4 vs 6.2 mm, A vs. B, respectively)"),
    else the subject of the comparison (``first``: "A had lower X than B (a vs b)",
    "Compared with B, A reduced X (a vs b)"), else the order the sentence names the arms in."""
    stop = _CLAUSE.search(text, end)
    lim = min(stop.start() if stop else len(text), end + 80)
    later = [m.role for m in arms if end <= m.start < lim]
    if len(set(later)) == 2 and (_RESPECTIVELY.search(text, end, min(len(text), lim + 20))
                                 or not any(m.start < start for m in arms)):
        return later[0]
    listed = _listed_before(text, arms, start, end)
    if listed is not None:
        return listed
    if first in ("I", "C"):
        return first
    around = _arms_around(text, arms, start, end)
    if around is not None:
        return around
    return arms[0].role


# the arms listed for the values that follow: "A vs. B: 136 vs. 131", "A vs B, 12 vs 9"
_LABELS_END = fastre.lazy(r"^\s*[:,]?\s*(?:\(\s*)?$")


_SENTENCE_BREAK = fastre.lazy(r";|\.\s+(?=[A-Z])")


def _listed_before(text: str, arms: list[Mention], start: int, end: int) -> Optional[str]:
    """The arm whose value comes first when the arms are listed before the pair and the list
    gives the values' order: the pair ends in "respectively" ("in the A and B groups were 9.8
    and 14.3 min, respectively") or the list is the pair's label ("(A vs. B: 136 vs. 131)").
    Each role is placed at its last mention before the pair, after the last semicolon or
    sentence stop."""
    lo = max((m.end() for m in _SENTENCE_BREAK.finditer(text, 0, start)), default=0)
    last: dict[str, int] = {}
    for m in arms:
        if lo <= m.start and m.end <= start:
            last[m.role] = m.start
    if len(last) != 2:
        return None
    order = sorted(last, key=last.get)
    tail = text[end:end + 25]
    resp = _RESPECTIVELY.search(tail)
    if resp is not None and not re.search(r"[;.]\s", tail[:resp.start()]):
        return order[0]
    second = max(last.values())
    m2 = next(m for m in arms if m.start == second)
    if _LABELS_END.match(text[m2.end:start]) and re.search(r"\b(?:vs\.?|versus|v\.?)\s*$|/\s*$|\band\s*$",
                                                           text[max(lo, last[order[0]]):m2.start]):
        return order[0]
    return None


def _arms_around(text: str, arms: list[Mention], start: int, end: int) -> Optional[str]:
    """The arm named right before a pair whose other value is named right after it with the
    other arm ("those given A, 26% compared with 12% among those given B"): no other arm
    between, both within the pair's clause."""
    before = [m for m in arms if m.end <= start and start - m.end <= 40]
    after = [m for m in arms if m.start >= end and m.start - end <= 60]
    if not before or not after:
        return None
    b, a = before[-1], after[0]
    if b.role == a.role or _CLAUSE.search(text, b.end, start) or _CLAUSE.search(text, end, a.start):
        return None
    return b.role


_VALUE = re.compile(r"(?<![\w.·/−–-])(?P<neg>[-−])?(?P<v>\d+(?:[.·]\d+)?)(?![\d.·]|\s*/\s*\d|:\d)(?P<pct>\s*%)?(?!\s*(?:mg|g|µg|mcg|ml|mL|IU|kg|CI|confidence|credible)\b)(?!-?\s*(?:weeks?|days?|months?|years?|hours?|h|min)\b\s+(?:after|of|later|post))")
_NOT_VALUE_BEFORE = re.compile(r"(?:\bn\s*=|±|\bSD|\b[Pp]\s*[<=>≤≥]|\b(?:week|day|month|year|visit|period|T|group|arm|grade|stage|phase|Table|Figure|Fig\.?|dose\s+of|aged?)\s*)\s*$", re.I)
_BREAK = re.compile(r"\b(?:than|compared|vs|versus|whereas|while|but|differences?|ratio|CI)\b|[;]", re.I)


def _arm_value(text: str, a: int, b: int, first: bool) -> Optional[tuple[float, bool]]:
    """The first (``first``) or last number of ``text[a:b]`` that reads as a value (not a
    sample size, a dose, a day or a table number): ``(value, is_percentage)``."""
    hits = []
    for m in _VALUE.finditer(text, a, b):
        if _NOT_VALUE_BEFORE.search(text[max(a, m.start() - 12):m.start()]):
            continue
        pct = bool(m["pct"])
        if not first and not pct and _in_aside(text, m.end(), b):
            continue  # before the arm, a number in brackets is a range or a count
        hits.append((_num(m["v"]) * (-1 if m["neg"] else 1), pct))
    if not hits:
        return None
    # a percentage is the value when there is one ("19 of 70 (27%) patients in A")
    pcts = [h for h in hits if h[1]] or hits
    return pcts[0] if first else pcts[-1]


def _loose_numbers_change(text: str, arms: list[Mention]) -> Optional[int]:
    """``+1``/``-1`` from one value per arm in a sentence that names each arm once: the
    number right after each arm ("in the A group was 9.5 days and in the B group, 14.7
    days") or right before it ("22% of patients given A compared with 38% of those given B");
    both arms' values of one kind (percentages or not), and on the same side of their arm."""
    for side in ("after", "before"):
        got: dict[str, tuple[float, bool]] = {}
        for k, m in enumerate(arms):
            if side == "after":
                lim = arms[k + 1].start if k + 1 < len(arms) else len(text)
                end = min(lim, m.end + 45)
                seg = _BREAK.search(text, m.end, end)
                val = _arm_value(text, m.end, seg.start() if seg else end, True)
            else:
                lim = arms[k - 1].end if k else 0
                start = max(lim, m.start - 60)
                breaks = list(_BREAK.finditer(text, start, m.start))
                val = _arm_value(text, breaks[-1].end() if breaks else start, m.start, False)
            if val is not None and m.role not in got:
                got[m.role] = val
        if len(got) == 2 and got["I"][1] == got["C"][1]:
            if got["I"][0] == got["C"][0]:
                return 0
            return 1 if got["I"][0] > got["C"][0] else -1
    return None


@lru_cache(maxsize=None)
def _better_cues() -> tuple[tuple[re.Pattern, ...], tuple[re.Pattern, ...]]:
    """The "lower is better" and "higher is better" cue patterns, compiled once (a hundred
    patterns passed to ``re`` as strings fall out of its cache between documents)."""
    from ..trials.lexicon import load

    data = load("results")
    return (tuple(re.compile(p, re.I) for p in data["lower_is_better"]),
            tuple(re.compile(p, re.I) for p in data["higher_is_better"]))


# the absence of a lower-is-better thing is higher-is-better: "time without troublesome
# dyskinesia", "free of itching", "pain-free"
_ABSENT = fastre.lazy(r"\b(?:without|free\s+(?:of|from)|absence\s+of|no)\s+(?:[\w-]+\s+){0,2}$", re.I)


def _lower_better(outcome_text: str, reading: bool = False) -> Optional[bool]:
    """Whether a lower value of the outcome is better (its longest lower-is-better cue is
    longer than its longest higher-is-better one), None when neither or a tie.  ``reading``:
    for reading a sentence's "improved"/"better", the sentence reader's further measure words
    (``lower_is_better`` of ``data/compare/cues.json``: swelling, discomfort, itching, reaction
    time, ...) count too; the stored effects' direction keeps the results lexicon alone."""
    lower, higher = _better_cues()
    high = max((len(m.group(0)) for p in higher for m in p.finditer(outcome_text)), default=0)
    if not reading:
        low = max((len(m.group(0)) for p in lower for m in p.finditer(outcome_text)), default=0)
    else:
        low = 0
        for m in itertools.chain((m for p in lower for m in p.finditer(outcome_text)),
                                 cues()["lower_is_better"].finditer(outcome_text)):
            if _ABSENT.search(outcome_text, max(0, m.start() - 40), m.start()):
                high = max(high, len(m.group(0)))  # "time without dyskinesia", "free of itching"
            else:
                low = max(low, len(m.group(0)))
    if low == high:
        return None
    return low > high


_COMPOUND = fastre.lazy(
    r"\b(?P<mod>greater|larger|bigger|more|higher|stronger|smaller|less|lesser|lower|weaker)\s+"
    r"(?:(?:mean|median|average|absolute|relative|overall|significant|marked|pronounced|and\s+\w+)\s+){0,2}"
    r"(?P<noun>decreases?|reductions?|declines?|falls?|drops?|losses?|increases?|rises?|gains?|elevations?"
    r"|improvements?|deteriorations?|worsening)\b", re.I)
_MOD_SIGN = {"greater": 1, "larger": 1, "bigger": 1, "more": 1, "higher": 1, "stronger": 1,
             "smaller": -1, "less": -1, "lesser": -1, "lower": -1, "weaker": -1}


# the change is the subject and the comparative its predicate: "the decrease in X was
# significantly greater in A than in B", "the reduction in X was more pronounced in A"
_CHANGE_SUBJECT = fastre.lazy(
    r"(?<!\bof\s)(?<!\bwith\s)(?<!\bfor\s)(?<!\bin\s)\b(?:the|a|an)\s+(?:(?:mean|median|average|absolute|relative|overall|observed)\s+)?"
    r"(?P<noun>decreases?|reductions?|declines?|falls?|drops?|losses?|increases?|rises?|gains?|elevations?"
    r"|improvements?|deteriorations?|worsening)\s+(?:from\s+baseline\s+)?(?:in|of)\s+[^;:.()\[\]]{1,100}?\b(?:was|were|is|are)"
    r"\s+(?:(?:\w+ly|also|much|far|even|still)\s+){0,2}(?P<mod>greater|larger|bigger|higher|stronger|smaller|less|lesser|lower"
    r"|weaker|more(?=\s+(?:pronounced|marked|evident|prominent)\b))\b", re.I)


def _compounds(text: str):
    """``(match, sign)`` of compound comparatives: "a greater reduction" (-1), "smaller
    increases" (-1), "less decline" (+1), "greater improvement" (+2: better), also with the
    change as the subject ("the reduction in X was greater in A": -1)."""
    for m in itertools.chain(_COMPOUND.finditer(text), _CHANGE_SUBJECT.finditer(text)):
        mod = _MOD_SIGN[m["mod"].lower()]
        noun = m["noun"].lower()
        if noun.startswith(("improv",)):
            base = 2
        elif noun.startswith(("deterior", "worsen")):
            base = -2
        elif noun.startswith(("decreas", "reduc", "declin", "fall", "drop", "loss")):
            base = -1
        else:
            base = 1
        yield m, mod * base


# every measure name of extractor/data/trials/results.json contains one of these
_MAYBE_ESTIMATE = fastre.lazy(r"ratio|differen|\ba?(?:OR|RR|HR|IRR|A?RD|MD|SMD|NNT)\b|Cohen|needed", re.I)
_HAZARD = {"HR", "aHR", "SHR"}
# a time to an event: its hazard ratio is the rate of the event, the inverse of the time
_TIME_TO_EVENT = re.compile(r"\btime\b|\bduration\b|\bsurviv|\b[\w-]*[- ]free\b|\b(?:[PDEROC]FS|OS)\b|\blatency\b"
                            r"|\bdays?\s+(?:to|until)\b|\bonset\b|\bdelay\b", re.I)
_DIFF_MEASURES = {"MD", "SMD", "difference", "RD", "median difference", "mean difference", "ARR", "WMD"}


def _estimate(text: str, anchor: int = 0, outcome: str = "") -> Optional[tuple[int, Optional[bool], str]]:
    """``(change, significant, words)`` of the effect estimate printed nearest after
    ``anchor`` (a ratio above or below 1, a difference above or below 0; significance from its
    p-value, else its CI), or None when the sentence prints none.  A hazard ratio of a time to
    an event (``outcome`` "overall survival", "time to relapse") says the opposite of the
    time: fewer events per unit of time (HR below 1) are a longer time."""
    if not _MAYBE_ESTIMATE.search(text):
        return None
    from ..trials.effects import find_effects

    hits = [h for h in find_effects(text) if h.measure and h.value is not None]
    if not hits:
        return None
    after = [h for h in hits if h.start >= anchor]
    h = (after or hits)[0]
    ratio = h.measure in RATIO or h.measure.endswith("R") and h.measure not in _DIFF_MEASURES
    null = 1.0 if ratio else 0.0
    change = 0 if h.value == null else (1 if h.value > null else -1)
    if outcome and h.measure in _HAZARD and _TIME_TO_EVENT.search(outcome):
        change = -change
    sig = None
    if h.p_value is not None:
        sig = _p_significant(h.p_value, h.p_relation or "=")
    elif h.ci_low is not None and h.ci_high is not None:
        sig = not (min(h.ci_low, h.ci_high) <= null <= max(h.ci_low, h.ci_high))
    return change, sig, text[h.start:h.end]


_PREDICATE = re.compile(r"^[^,;.()\[\]]{0,50}?\b(?:was|were|is|are|became|remained|being|appeared|seemed)\s+(?:(?:\w+ly|also|much|far|even|still)\s+){0,3}$", re.I)
_ATTRIBUTE = re.compile(r"^\s*(?:(?!(?:and|or|but|than|in|of|with|for|to|at|by|on|was|were|is|are|had|has|the)\b)[\w-]+\s+){0,2}$", re.I)


# "in favour of X", "favouring X", "favored X": X fared better
_FAVOUR = fastre.lazy(r"\b(?:in\s+favou?r\s+of|favou?r(?:ing|ed|s)?)\s+(?:the\s+|those\s+)?$", re.I)


def _favoured(text: str, found: list[Mention]) -> Optional[tuple[str, str]]:
    """``(role, words)`` of the one arm a sentence says was favoured ("differences in favour
    of the yoga group", "favouring ivacaftor"), or None when it names none or several."""
    got = []
    for m in found:
        if m.role not in "IC":
            continue
        f = _FAVOUR.search(text, max(0, m.start - 40), m.start)
        if f is not None:
            got.append((m.role, text[f.start():m.end]))
    if len({r for r, _ in got}) != 1:
        return None
    return got[0]


def _attached(text: str, o_spans: list[tuple[int, int]], a: int, b: int) -> bool:
    """Whether the comparative ``text[a:b]`` is said of an outcome mention: its predicate
    ("OUTC was significantly lower") or its attribute ("lower OUTC")."""
    for x, y in o_spans:
        if y <= a and _PREDICATE.match(text[y:a]):
            return True
        if b <= x and _ATTRIBUTE.match(text[b:x]):
            return True
    return False


# an outcome that is a time: speed words say the opposite of its size ("recovered faster")
_TIME_OUTCOME = re.compile(r"\btime\b|\bduration\b|\blatency\b|\bdays?\s+(?:to|until)\b|\blength\s+of\b|\bonset\b|\bdelay\b", re.I)
_SPEED = re.compile(r"faster|quicker|sooner|earlier|slower|later|delayed|more\s+rapid(?:ly)?", re.I)


# a comparative that bounds a quantity: "more than 20%", "less than 2 cm", "50% stenosis or more"
_BOUND_AFTER = fastre.lazy(r"\s+than\s+(?:[<>≤≥~]\s*)?(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|half|twice)", re.I)
_BOUND_BEFORE = fastre.lazy(r"\d\s*%?\s*(?:[\w-]+\s+){0,3}or\s+$", re.I)


# coordinated predicates of coordinated subjects: "X and Y were significantly lower and longer"
_COORD = fastre.lazy(r"\b(?:were|was|are|is|being|remained)\s+(?:(?:\w+ly|also|much|even)\s+){0,3}"
                     r"(?P<c1>[\w-]+)\s+and\s+(?:(?:\w+ly)\s+)?(?P<c2>[\w-]+)\b", re.I)
_SUBJECT_AND = fastre.lazy(r"\band\b|,", re.I)


def _coordinated(text: str, o_spans: list[tuple[int, int]], cands: list) -> list:
    """``cands`` with, of two coordinated comparatives said of two coordinated subjects ("doses
    of morphine and the time to first demand were significantly lower and longer"), the one of
    the outcome's conjunct preferred and the other dropped (each subject takes its own)."""
    if not o_spans or len(cands) < 2:
        return cands
    for m in _COORD.finditer(text):
        first = [c for c in cands if c[1] == m.start("c1")]
        second = [c for c in cands if c[1] == m.start("c2")]
        if not first or not second:
            continue
        start = max(text.rfind(";", 0, m.start()), text.rfind(". ", 0, m.start())) + 1
        subject = text[start:m.start()]
        joins = [j.start() + start for j in _SUBJECT_AND.finditer(subject)]
        outs = [x for x, y in o_spans if start <= x and y <= m.start()]
        if not joins or not outs:
            continue
        last = joins[-1]
        in_second = all(x > last for x in outs)
        in_first = all(x < last for x in outs)
        if in_second == in_first:
            continue
        keep, drop = (second, first) if in_second else (first, second)
        return [(c[0] - 2000, *c[1:]) if c in keep else c for c in cands if c not in drop]
    return cands


# "..., compared to A but not B", "significantly longer versus placebo with X 60 mg, but not
# with X 30 mg": the arm after "but not" is one the comparison did not reach
_BUT_NOT = fastre.lazy(r"\bbut\s+not\s+(?:(?:with|for|in|to|vs\.?|versus|compared\s+(?:with|to)|than|the|those|on|after)\s+){0,3}$", re.I)
_TO_BASELINE = fastre.lazy(r"\s*(?:with|to)?\s*(?:the\s+)?(?:baseline|pre-?\w*|before|initial)\b", re.I)
_COMPARED_TO = fastre.lazy(r"\b(?:compared|comparison|versus|vs\.?|than|relative\s+to)\b", re.I)


def _but_not_arm(text: str, found: list[Mention]) -> Optional[tuple[str, str]]:
    """``(role, words)`` when a significant comparison is said of another arm and "but not"
    names one of the question's arms ("X fell significantly with A compared to B but not C",
    the question asking of A against C): the difference with that arm is not significant.  The
    comparison before "but not" must have its own reference ("compared to B", "versus placebo"),
    whose first arm named is not the excepted one; a change within the groups ("decreased in A
    but not in the placebo group") has none, and is left alone."""
    for m in found:
        if m.role not in "IC":
            continue
        bn = _BUT_NOT.search(text, max(0, m.start - 60), m.start)
        if bn is None:
            continue
        # a comparison of the arms, not with baseline, and not inside brackets of values
        # ("(AUC: 441 versus 186)")
        cmp_words = [c for c in _COMPARED_TO.finditer(text, 0, bn.start())
                     if not _TO_BASELINE.match(text, c.end()) and not _in_aside(text, c.end(), bn.start())]
        if not cmp_words:
            return None
        ref = [x for x in found if x.role in "IC" and cmp_words[-1].end() <= x.start < bn.start()]
        if ref and ref[0].role == m.role:
            return None
        # the excepted arm's words named before as well ("with X 60 mg, but not with X 30 mg"):
        # which one the question means is unsaid
        if any(x.role == m.role and x.end <= bn.start() for x in found):
            return None
        # a significant p-value said of the excepted arm reads as significant
        rest = text[m.end:m.end + 40]
        ps = p_values(rest)
        if ps and _p_significant(ps[0][1], ps[0][2]):
            return None
        return m.role, text[bn.start():m.end]
    return None


def read_sentence(text: str, terms: Terms, outcome: str = "",
                  found: Optional[list[Mention]] = None,
                  header: Optional[tuple[str, ...]] = None) -> Reading:
    """The comparison a sentence reports, for the arms and outcome of ``terms`` (``found``:
    the :func:`mentions` of ``text``, when already known; ``header``: for a table row, the
    heading of each of its cells, which binds the value columns to the arms, see
    :func:`column_change`)."""
    if found is None:
        found = mentions(text, terms)
    sig, sig_cue, feats = _sig_reading(text, found)
    if header and "\t" in text and not p_values(text):
        # a table row's p-value is the one of the arms' columns' block ("Week 4 ... P"), not
        # always the row's last cell
        cols = arm_columns(header, terms, outcome)
        cp = column_p(text, header, cols) if cols else None
        if cp is not None and _p_significant(*cp) is not None and _p_significant(*cp) != sig:
            sig = _p_significant(*cp)
            sig_cue = f"p {cp[1]} {cp[0]:g}"
            feats.append(f"p_column={sig}")
    c = cues()
    change = None
    how = ""
    # the comparative nearest the outcome mention decides
    o_pos = [m.start for m in found if m.role == "O"]
    # the fullest mention of the outcome (the first of the longest), not a stray word of it
    # ("After OUTC, ... had significant reductions in BMI ..., and OUTC increased")
    fullest = max((m for m in found if m.role == "O"), key=lambda m: m.end - m.start, default=None)
    anchor = fullest.start if fullest else 0
    o_spans = [(m.start, m.end) for m in found if m.role == "O"]

    def in_outcome(a: int, b: int) -> bool:
        return any(x <= a and b <= y for x, y in o_spans)

    cands = []
    # a change word that is the outcome's own name ("pain reduction") makes no compound
    compound = [(m.start(), m.end(), sign) for m, sign in _compounds(text)
                if not any(x < m.end("noun") and m.start("noun") < y for x, y in o_spans)]
    for a, b, sign in compound:
        cands.append((abs(a - anchor), a, b, sign, text[a:b]))
    judged = []  # "better"/"worse" words, which outrank a change word they contain ("more effective")
    time_outcome = bool(_TIME_OUTCOME.search(outcome)) if outcome else False
    for key, sign in (("better", 2), ("worse", -2), ("up", 1), ("down", -1)):
        for m in c[key].finditer(text):
            if any(a <= m.start() < b for a, b, _ in compound):
                continue
            if _BOUND_AFTER.match(text, m.end()) or _BOUND_BEFORE.search(text, max(0, m.start() - 40), m.start()):
                continue  # a bound of a quantity ("more than 20%", "50% stenosis or more"), no comparison
            # a change word of the outcome's own name ("increase in weight") is read only
            # when the sentence has no other
            far = 1000 if in_outcome(m.start(), m.end()) else 0
            if abs(sign) == 1 and any(a <= m.start() < b for a, b in judged):
                continue
            if abs(sign) == 2:
                judged.append((m.start(), m.end()))
            elif time_outcome and _SPEED.fullmatch(m.group(0)):
                # "faster", "earlier" of a time ("time to recovery") is a shorter time
                sign = -sign
            cands.append((far + abs(m.start() - anchor), m.start(), m.end(), sign, m.group(0)))
    # a comparative said of the outcome ("the rate of X was significantly higher", "lower X")
    # outranks a nearer one said of something else ("success was lower and X was higher")
    cands = [(d - 500 if _attached(text, o_spans, a, b) else d, a, b, sign, w) for d, a, b, sign, w in cands]
    cands = _coordinated(text, o_spans, cands)
    cands.sort()
    word = ""
    subject = None
    favoured = _favoured(text, found)
    if favoured is not None:
        # "in favour of X" says which arm fared better; whether better is higher or lower
        # follows from the outcome's polarity, and is left unread when that is unknown
        role, w = favoured
        lb = _lower_better(outcome or text, reading=True)
        if lb is None:
            feats.append("better_unknown_polarity")
            feats.append(f"better_{role}_favour")
        else:
            change = (-1 if lb else 1) * (1 if role == "I" else -1)
            word = w
            feats.append(f"cmp_{'up' if (change > 0) == (role == 'I') else 'down'}_{role}_favour")
            cands = []
    for _, s, e, sign, w in cands[:3]:
        role, how = _subject_role(text, found, s, e)
        if role is not None and how in ("subject", "prior", "reference") and subject is None:
            subject = role
        if role is None:
            continue
        if abs(sign) == 2:
            lb = _lower_better(outcome or text, reading=True)
            if lb is None:
                feats.append("better_unknown_polarity")
                # which arm fared better, for a reader that knows the outcome's polarity
                feats.append(f"better_{'I' if (sign > 0) == (role == 'I') else 'C'}_{how}")
                continue
            sign = (-1 if lb else 1) * (1 if sign > 0 else -1)
        change = sign if role == "I" else -sign
        word = w
        feats.append(f"cmp_{'up' if sign > 0 else 'down'}_{role}_{how}")
        break
    # the values of the fullest mention of the outcome ("recurrence rates were 53% and 87%, and
    # the one-year survival rates 93% and 47%")
    fullest = max((m for m in found if m.role == "O"), key=lambda m: m.end - m.start, default=None)
    num = _respective_change(text, terms)
    if num is not None:
        feats.append(f"num_respective={num}")
    else:
        num = _numbers_change(text, found, subject, fullest.start if fullest else 0)
    if num is not None:
        feats.append(f"num_change={num}")
        if change is None:
            change = num if num else None
            word = word or "the numbers"
    est = _estimate(text, anchor, outcome)
    if est is not None:
        est_change, est_sig, est_text = est
        feats.append(f"est_change={est_change}")
        if est_sig is not None:
            feats.append(f"est_sig={est_sig}")
        if sig is None and est_sig is not None:
            sig, sig_cue = est_sig, est_text
        if change is None and est_change:
            change, word = est_change, est_text
    if change is None:
        arms = [m for m in found if m.role in "IC"]
        if len({m.role for m in arms}) == 2:
            loose = _loose_numbers_change(text, arms)
            if loose is not None:
                feats.append(f"num_loose={loose}")
                change = loose or None
                word = word or "the numbers"
    if change is None and header:
        col = column_change(text, header, terms, outcome)
        if col is not None:
            feats.append(f"num_columns={col}")
            change = col or None
            word = word or "the table's columns"
    if change is None:
        unassigned = _unassigned_pair(text)
        if unassigned is not None:
            feats.append(f"num_written_order={unassigned}")
        else:
            row = row_order(text)
            if row is not None:
                feats.append(f"num_row_order={row}")
    if change is None and cands and not any(m.role in "IC" for m in found):
        # no arm named ("Triglycerides were significantly reduced"): the sentence reports the
        # intervention's effect
        for _, s, e, sign, w in cands[:1]:
            if abs(sign) == 2:
                lb = _lower_better(outcome or text, reading=True)
                if lb is None:
                    break
                sign = (-1 if lb else 1) * (1 if sign > 0 else -1)
            change, word = sign, w
            feats.append(f"cmp_{'up' if sign > 0 else 'down'}_I_default")
    if sig is True:
        excepted = _but_not_arm(text, found)
        if excepted is not None:
            feats.append("but_not_" + excepted[0])
            sig, sig_cue = False, excepted[1]
    if sig is False:
        return Reading(NO_DIFF, False, 0, sig_cue, tuple(feats))
    if sig is True and change:
        lab = INCREASED if change > 0 else DECREASED
        return Reading(lab, True, change, f"{word}; {sig_cue}".strip("; "), tuple(feats))
    return Reading(None, sig, change, sig_cue or word, tuple(feats))


def effect_change(measure: Optional[str], value: Optional[float], ci_low: Optional[float],
                  ci_high: Optional[float], p_value: Optional[float], p_relation: Optional[str],
                  inter: Optional[float] = None, ctrl: Optional[float] = None
                  ) -> tuple[Optional[int], Optional[bool]]:
    """``(change, significant)`` of an effect: ``change`` is +1 when the outcome is higher in
    the intervention arm, -1 when lower, 0 for no difference, None when unknown; ``significant``
    from the p-value, else from whether the CI excludes the null.

    >>> effect_change("MD", -4.1, -7.9, -0.3, 0.03, "=")
    (-1, True)
    >>> effect_change("RR", 1.1, 0.8, 1.5, None, None)
    (0, False)
    >>> effect_change(None, None, None, None, 0.01, "<", inter=12.0, ctrl=20.0)
    (-1, True)
    """
    sig = None
    if p_value is not None:
        sig = _p_significant(p_value, p_relation or "=")
    elif ci_low is not None and ci_high is not None and measure:
        null = 1.0 if measure in RATIO or measure.endswith("R") else 0.0
        sig = not (ci_low <= null <= ci_high)
    if sig is False:
        return 0, False
    change = None
    if measure and value is not None:
        null = 1.0 if measure in RATIO or measure.endswith("R") else 0.0
        if value != null:
            change = 1 if value > null else -1
    if change is None and inter is not None and ctrl is not None and inter != ctrl:
        change = 1 if inter > ctrl else -1
    return change, sig


def stored_direction(measure: Optional[str], value: Optional[float], ci_low: Optional[float],
                     ci_high: Optional[float], p_value: Optional[float], p_relation: Optional[str],
                     inter: Optional[float], ctrl: Optional[float], significant: Optional[bool],
                     outcome: str) -> Optional[str]:
    """The ``effects.direction`` of an effect: ``no_difference``; ``favours_intervention`` or
    ``favours_control`` when the outcome's name tells whether lower is better; else
    ``increased`` or ``decreased`` (the outcome in the intervention arm relative to the
    control); None when the effect says neither significance nor direction.

    >>> stored_direction("RR", 0.8, 0.7, 0.9, None, None, None, None, None, "mortality")
    'favours_intervention'
    >>> stored_direction("MD", 3.2, 1.1, 5.3, None, None, None, None, None, "serum ferritin")
    'increased'
    >>> stored_direction(None, None, None, None, None, None, 12.0, 20.0, True, "ferritin")
    'decreased'
    """
    change, sig = effect_change(measure, value, ci_low, ci_high, p_value, p_relation, inter, ctrl)
    if sig is None:
        sig = significant
    if sig is False:
        return "no_difference"
    if not sig or not change:
        return None
    lb = _lower_better(outcome) if outcome else None
    if lb is None:
        return "increased" if change > 0 else "decreased"
    return "favours_intervention" if (change < 0) == lb else "favours_control"


def finding(measure: Optional[str], value: Optional[float], ci_low: Optional[float],
            ci_high: Optional[float], p_value: Optional[float], p_relation: Optional[str],
            inter: Optional[float] = None, ctrl: Optional[float] = None,
            significant: Optional[bool] = None, direction: Optional[str] = None,
            outcome: str = "", higher: Optional[bool] = None) -> Optional[str]:
    """The ``effects.finding`` of an effect: what happened to the outcome in the intervention
    arm relative to the control — ``significantly increased``, ``significantly decreased`` or
    ``no significant difference`` (:data:`LABELS`), or None when the effect does not say.

    Significance comes from the p-value, else from whether the CI excludes the null, else from
    ``significant`` (the words); the change from the estimate (above or below its null), else
    from the two arms' values (``inter``, ``ctrl``: one statistic of each arm), else from the
    words (``higher``: the text says the intervention arm is higher), else from ``direction``
    (``favours_*``) when the outcome's name tells whether lower is better.

    >>> finding("RR", 0.8, 0.7, 0.9, None, None)
    'significantly decreased'
    >>> finding("MD", 1.2, -0.3, 2.7, None, None)
    'no significant difference'
    >>> finding(None, None, None, None, 0.01, "<", inter=31.0, ctrl=22.5)
    'significantly increased'
    >>> finding(None, None, None, None, None, None, significant=True,
    ...         direction="favours_intervention", outcome="mortality")
    'significantly decreased'
    >>> finding(None, None, None, None, None, None, significant=True) is None
    True
    """
    change, sig = effect_change(measure, value, ci_low, ci_high, p_value, p_relation, inter, ctrl)
    if sig is None:
        sig = significant
    if sig is None and direction == "no_difference":
        sig = False
    if sig is False:
        return NO_DIFF
    if not sig:
        return None
    if not change and higher is not None:
        change = 1 if higher else -1
    if not change and direction in ("favours_intervention", "favours_control") and outcome:
        lb = _lower_better(outcome)
        if lb is not None:
            good = direction == "favours_intervention"
            change = -1 if good == lb else 1
    return change_label(change, True)


def change_label(change: Optional[int], significant: Optional[bool]) -> Optional[str]:
    """The answer label of a change and a significance (None when either is unknown).

    >>> change_label(1, True), change_label(-1, True), change_label(None, False)
    ('significantly increased', 'significantly decreased', 'no significant difference')
    """
    if significant is False:
        return NO_DIFF
    if significant and change:
        return INCREASED if change > 0 else DECREASED
    return None
