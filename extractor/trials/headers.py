"""Header grammar: what a table's header cell or row stub says about the cells it labels.

A label (``Sunitinib (N = 238)``, ``Events, n (%)``, ``6 months, mean (SD)``, ``P value``,
``Hazard ratio (95% CI)``, ``Total``, ``Week 8``) is read into its parts:

* a group size (``n = 49``, ``(N = 238)``, ``(n)``-free ``(49 patients)``);
* statistic labels (:func:`extractor.trials.cells.find_specs`);
* a time point (``Baseline``, ``Week 8``, ``24 h``, ``Postoperative 1st day``, ``T2``) and
  whether the values are changes (``Change from baseline``, ``Δ``);
* a role: a p-value, effect-estimate, CI or test-statistic column, a total column, a
  size column (``N``);
* the rest: an arm's name or an outcome's name, without footnote markers.

>>> l = read_label("Sunitinib (N = 238)")
>>> l.rest, l.n
('Sunitinib', 238)
>>> l = read_label("6 months, mean (SD^c)")
>>> l.time, [s.slots for s in l.specs], l.rest
('6 months', [('mean', 'sd')], '')
>>> read_label("P value^a").role, read_label("Hazard ratio (95% CI)").measure, read_label("Total (N = 269)").role
('p', 'HR', 'total')
>>> read_label("Dosing interruptions,^b n (%)").rest, read_label("6-minute walk distance, m").time
('Dosing interruptions', None)
>>> read_label("LS mean ± SE change from baseline").change
True
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Optional

from .. import fastre
from .cells import Spec, find_specs, strip_markers
from .lexicon import load, pairs

__all__ = ["Label", "read_label", "find_time", "is_generic", "is_size_word", "legend_abbreviations"]


@dataclass
class Label:
    """A header cell or row stub read by the header grammar."""

    raw: str  # the label as printed
    text: str  # without footnote markers
    rest: str  # the name left once size, statistics, time and role words are read
    n: Optional[int] = None
    n_span: Optional[tuple[int, int]] = None  # offsets of the size's digits in ``raw``
    specs: list[Spec] = field(default_factory=list)
    time: Optional[str] = None
    change: bool = False
    role: Optional[str] = None  # p, effect, ci, test, total, size
    measure: Optional[str] = None  # for an effect column: OR, RR, HR, MD, difference, ...

    @property
    def empty(self) -> bool:
        return not self.rest and not self.specs and not self.time and not self.role and self.n is None


@lru_cache(maxsize=1)
def _g() -> dict:
    d = load("tables")
    return {
        "size": fastre.lazy(d["size_in_label"]),
        "time": [re.compile(p, re.I) for p in d["timepoint"]],
        "named": [re.compile(p, re.I) for p in d["timepoint_named"]],
        "change": fastre.lazy(d["change"], re.I),
        "p": fastre.lazy(d["p_column"], re.I),
        "effect": fastre.lazy(d["effect_column"], re.I),
        "effect_abbrev": fastre.lazy(d["effect_abbrev"]),
        "measure_abbrev": [(n, re.compile(rf"(?<![\w/])(?:{p})(?![\w/])")) for n, p in d["measure_abbrev"]],
        "ci": fastre.lazy(d["ci_column"], re.I),
        "test": fastre.lazy(d["test_column"], re.I),
        "total": fastre.lazy(d["total_column"], re.I),
        "size_col": fastre.lazy(d["size_column"], re.I),
        "generic": fastre.lazy(d["generic_stub"], re.I),
    }


_SEP = r"[\s,;:–—\-/()\[\]]"
_LEAD_WORDS = fastre.lazy(r"^(?:at|after|by|from|to|in|on|over|during|through|until|of|the)\s+", re.I)


_RIGHT_OK = fastre.lazy(r"\s*(?:$|[,;:–—()\[\]/]|-\s|\b(?:after|post|follow|later|of\s+(?:treatment|follow|therapy)))", re.I)
_ONLY_LINKS = fastre.lazy(rf"{_SEP}|\b(?:at|after|by|from|to|of|the|and|vs|versus|time|point)\b", re.I)


def find_time(text: str, whole: bool = False, anywhere: bool = False) -> Optional[tuple[int, int, str]]:
    """``(start, end, time point)`` of a time point in ``text``, else None.

    A time with a number or an ordinal ("Week 8", "24 h", "3 months follow-up", "1st day")
    stands anywhere a separator or the end follows it ("HbA1c at 12 weeks", but not
    "6-minute walk distance"); a named time ("Baseline", "Post-treatment", "Follow-up") must be
    the whole label or end at a separator ("Baseline, mean (SD)"), so "Postoperative
    arrhythmia" names an outcome.  ``whole``: the time must be all of ``text``; ``anywhere``:
    a named time may follow any word (a clause of prose: "... in group B after intake").
    """
    for named, rxs in ((False, _g()["time"]), (True, _g()["named"])):
        for rx in rxs:
            for m in rx.finditer(text):
                a, b = m.start("tp"), m.end("tp")
                if a >= 2 and text[a - 1] == "-" and (text[a - 2].isupper() or text[a - 2].isdigit()):
                    continue  # the part of an acronym after its hyphen ("EQ-5D"), no time point
                before, after = text[:a], text[b:]
                if re.search(r"(?:[<>≤≥≦≧]|\b(?:under|over|below|above|aged?))\s*$", before, re.I):
                    continue  # "≤24 mo", "aged 6 months": an age band, not a time point
                bare = not _ONLY_LINKS.sub("", before + after).strip()
                if whole and not bare:
                    continue
                if not bare:
                    if not _RIGHT_OK.match(after):
                        continue
                    if named and not anywhere and before.strip() and not re.search(r"[,;:(\[]\s*$|\b(?:at|after|from|of)\s+$", before, re.I) \
                            and not (re.match(r"\s*(?:$|[,;:(\[])", after) and re.fullmatch(r"pre|post|baseline", text[a:b].strip(), re.I)):
                        continue  # ("PHQ Post": a bare "pre", "post" or "baseline" closing a label is its time)
                return a, b, text[a:b].strip()
    return None


def _measure(text: str) -> Optional[str]:
    """The estimate a column header names: abbreviations as written (``OR``, not "or"),
    words in any case."""
    for name, rx in _g()["measure_abbrev"]:
        if rx.search(text):
            return name
    for name, rx in pairs("results", "measures"):
        if rx.search(re.sub(r"(?<![\w/])[A-Za-z]{2,3}(?![\w/])", lambda m: m.group() if m.group().isupper() else " ", text)):
            return name
    return None


def _bare_n_of_people(core: str, specs) -> bool:
    """``Patients (n)``, ``Subjects, n``, ``n (patients)``: a column of group sizes whose
    statistic is the bare ``n`` (a count of people is the group's size, not a count of
    events)."""
    if len(specs) != 1 or specs[0].slots != ("events",) or specs[0].text.strip().lower() != "n":
        return False
    a, b = specs[0].spans[0]
    left = re.sub(r"\(\s*\)|\[\s*\]", "", core[:a] + core[b:]).strip(" ,;:")
    bracketed = re.fullmatch(r"\(\s*([^()]+?)\s*\)|\[\s*([^\[\]]+?)\s*\]", left)
    if bracketed:
        left = bracketed[1] or bracketed[2]  # "n (patients)": the people the n counts, in brackets
    return bool(left) and bool(_g()["size_col"].match(left))


def is_size_word(text: str) -> bool:
    """Whether a header's words name a group size alone ("Patients", "No. of patients",
    "Sample size")."""
    return bool(_g()["size_col"].match(text))


#: what stands before a group's letter in its name ("Group N", "Group P-N", "arm N")
_BEFORE_LETTER = re.compile(r"\b(?:group|arm|cohort)\s+(?:[A-Za-z0-9]{1,3}[-–/])?$", re.I)


def _group_letter(work: str, sp) -> bool:
    """Whether a statistic read as a count "N" is the letter of a group's name ("Group N
    (n=27)", "Group P-N"): one letter after "group", no statistic."""
    if len(sp.spans) != 1 or sp.text.strip() not in ("N", "n"):
        return False
    a, b = sp.spans[0]
    return bool(_BEFORE_LETTER.search(work[:a])) and not re.match(r"\s*[(=]", work[b:])


def read_label(raw: str) -> Label:
    """Read one header cell or stub (see the module docstring)."""
    lab = _read_label(raw)
    # a copy: the reading of a label is read once per process (tables repeat their headers
    # and stubs: "Placebo", "n (%)", "P value"), and a caller may change its copy
    return replace(lab, specs=list(lab.specs))


_FORMAT_MARKS = re.compile("[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


@lru_cache(maxsize=8192)
def _read_label(raw: str) -> Label:
    g = _g()
    text = strip_markers(raw)
    lab = Label(raw=raw, text=text, rest=text)
    work = text
    m = g["size"].search(raw)
    if m:
        grp = "n" if m["n"] else ("n2" if m["n2"] else "n3")
        lab.n = int(re.sub(r"[,  ]", "", m[grp]))
        lab.n_span = (m.start(grp), m.end(grp))
        mm = g["size"].search(work)
        if mm:
            work = (work[:mm.start()] + " " + work[mm.end():]).strip()
            work = re.sub(r"\s*[,;]\s*(?=[)\]])", "", work)
            work = re.sub(r"\(\s*\)|\[\s*\]", "", work).strip()
            if work.count(")") > work.count("("):
                work = re.sub(r"\)\s*$", "", work).strip()
    lab.specs = [sp for sp in find_specs(work) if not _group_letter(work, sp)]
    lab.change = bool(g["change"].search(work))
    core = work.strip(" ,;:")
    whole_time = find_time(core, whole=True) if core else None
    if whole_time:
        pass  # "12 hr" is a time, not a hazard ratio
    elif g["p"].match(core):
        lab.role = "p"
    elif g["ci"].match(core):
        lab.role = "ci"
    elif g["test"].match(core):
        lab.role = "test"
    elif (g["size_col"].match(core) or _bare_n_of_people(core, lab.specs)) and not lab.specs[1:]:
        lab.role = "size"
    elif g["total"].match(core):
        lab.role = "total"
    elif (g["effect"].search(core) or g["effect_abbrev"].search(core)) and not re.search(r"\bfrom\s+baseline\b", core, re.I):
        lab.role = "effect"
        lab.measure = _measure(core) or "difference"
    # the name: statistics and the time point taken out
    rest = work
    cuts = sorted((a, b) for s in lab.specs for a, b in s.spans)
    for a, b in reversed(cuts):
        rest = rest[:a] + " " * (b - a) + rest[b:]
    # (the "±" left between a statistic's cut words is no word after the time point: "12 weeks
    # mean ± SD" is at 12 weeks)
    t = find_time(re.sub(r"±|\+/-", lambda m: " " * len(m.group()), rest))
    if t:
        lab.time = t[2]
        rest = rest[:t[0]] + " " + rest[t[1]:]
        # "Visit 5 – Visit 1", "Week 12 − baseline": the change between two time points
        t2 = find_time(rest)
        if t2 and t2[0] > t[0] and re.fullmatch(r"\s*[–—−-]\s*", rest[t[0] + 1:t2[0]]):
            lab.change = True
            rest = rest[:t[0]] + " " + rest[t2[1]:]
    # invisible format marks (right-to-left and zero-width marks: "n=23 \u200f(Mean±SD\u200f)")
    # hold no words: blanked so that the brackets they sit in empty out
    rest = _FORMAT_MARKS.sub(" ", rest)
    rest = re.sub(r"(?:^|\s)(?:±|\+/-|/|or|and)(?=\s|$)", " ", rest)
    for _ in range(2):  # "[no (%)]": the emptied round brackets leave empty square ones
        rest = re.sub(r"\(\s*[%,;]?\s*\)|\[\s*\]", " ", rest)
    rest = re.sub(r"\s*[,;]\s*\)", ")", rest)
    rest = re.sub(r"\s*[,;:]\s*(?=[,;:]|$)", "", rest)
    rest = re.sub(r"\s{2,}", " ", rest).strip(" ,;:–—-/(")
    if rest.count("(") < rest.count(")"):
        rest = rest.rstrip(")").strip()
    if t:
        rest = _LEAD_WORDS.sub("", rest)
        rest = re.sub(r"\s+(?:at|to|after|by|from|in|on|of|over|during)$", "", rest, flags=re.I)
        # "At week 24": the preposition of the time point alone is no name
        rest = re.sub(r"^(?:at|after|by|from|to|in|on|over|during|through|until|of|the)$", "", rest.strip(), flags=re.I)
    lab.rest = rest.strip(" ,;:")
    return lab


def is_generic(label: Label) -> bool:
    """A stub that names no outcome by itself (``Events, n (%)``, ``Median, months``, ``95%
    CI``, ``Total``, ``Yes``, ``Grade 3``): its parent row names the outcome."""
    rest = label.rest
    if not rest or label.role in ("ci", "p", "test"):
        return True
    if _g()["generic"].match(rest):
        return True
    # a unit alone ("months", "mmHg", "%")
    return bool(re.fullmatch(r"[\W\d]*|(?:in\s+)?(?:months?|weeks?|days?|hours?|hrs?|h|years?|min|minutes?|mmHg|mm\s?Hg|%|kg|cm|mm|m|g|mg|ml|mL|L|score|points?|units?|[a-zµμ]{1,4}/[a-zA-Zµμ0-9]{1,4})", rest, re.I))


_LEGEND_ABBR = fastre.lazy(
    r"(?:^|[;.,]\s*|\n|Abbreviations?\s*:\s*)(?P<s>[A-Z][A-Za-z0-9α-ω\-/]{0,9}(?:\s[A-Z][A-Za-z0-9\-]{0,5}(?=\s*[,=:]))?)"
    r"\s*(?:,|=|:|\s)\s*(?P<l>[A-Za-z][A-Za-z0-9\-' ]{3,80}?)\s*(?=;|\.(?:\s|$)|,\s*[A-Z][A-Za-z0-9\-]{0,9}\s*[,=:\s]|\n|$)")


def _abbreviates(short: str, long: str) -> bool:
    """The short form's letters appear in order in the long form, the first at a word start
    (Schwartz and Hearst's test)."""
    s = [c for c in short.lower() if c.isalnum()]
    lw = long.lower()
    if not s or len(lw) <= len(s) or not lw.startswith(s[0]):
        return False
    i = 0
    for ch in s:
        i = lw.find(ch, i)
        if i < 0:
            return False
        i += 1
    return True


def without_definitions(legend: str) -> str:
    """``legend`` with its abbreviation definitions blanked ("SD standard deviation, LSM least
    square mean, SE standard error"): a glossary says what a short form means, not what the
    table's cells hold, so its statistic words are no label of the cells.  Offsets are kept."""
    out = legend
    for m in _LEGEND_ABBR.finditer(legend):
        short, long = m["s"].strip(), " ".join(m["l"].split())
        if len(short) >= 2 and any(c.isupper() for c in short) and short.lower() != long.lower() and \
                _abbreviates(short, long):
            a, b = m.start("s"), m.end("l")
            out = out[:a] + " " * (b - a) + out[b:]
    return out


def legend_abbreviations(tables) -> dict[str, str]:
    """``{short: long}`` defined in table captions and footnotes ("VAS = visual analogue
    scale", "RR risk ratio, CI confidence interval", "Abbreviations: BMI, body mass index")."""
    out: dict[str, str] = {}
    for t in tables:
        for part in (t.footnotes or "").splitlines() + [t.caption or ""]:
            for m in _LEGEND_ABBR.finditer(strip_markers(part) if "^" in part else part):
                short, long = m["s"].strip(), " ".join(m["l"].split())
                if short.lower() == long.lower() or not any(c.isupper() for c in short) or len(short) < 2:
                    continue
                if _abbreviates(short, long) and short not in out:
                    out[short] = long
    return out
