"""A reviewer's question answered from the store: outcome, intervention, comparator → answer.

:func:`answer` takes one :class:`Question` (a document, an outcome, an intervention and a
comparator, in the reviewer's words) and returns a plain dict: the direction
(``significantly increased`` / ``significantly decreased`` / ``no significant difference`` of
the outcome in the intervention arm relative to the comparator, or ``None`` with ``why``), the
stored outcome and arms it rests on with their per-arm numbers, the effect estimate, and the
evidence (sentences, best first, each with its provenance).

How a question meets the store:

* **Outcome.** The question's outcome and each stored outcome name are compared as normal forms
  (spelling variants, singular/plural; :mod:`extractor.compare.text`) with the document's
  abbreviations expanded both ways; rarer words of the document weigh more.  Words of the
  question that name a time point choose among outcomes stored at several time points; else
  the primary outcome, else the last time point.  Other close candidates are listed.
* **Arms.** The question's intervention and comparator against each stored arm's label,
  intervention, dose and abbreviations, and against its role ("placebo", "control"); a
  question whose intervention is the stored control flips the stored direction.
* **Sentences.** Every sentence of the document is scored for the question (outcome words,
  arm words, significance language, section); the best are read by
  :func:`extractor.compare.direction.read_sentence`, and, when the shipped model is present,
  ranked and classified by :mod:`extractor.compare.model` (its re-ranker reorders the rules'
  best candidates, knowing also how each compares with the others and what its neighbours say).
  A table row is read with its columns' headings (``table_cells``), which bind its value
  columns to the question's arms ("Enoxaparin (n = 120)", "Control"), so the row alone says
  which arm is higher.

The store is only read.  A batch keeps each document's index in memory while it lasts
(:class:`Asker`).
"""
from __future__ import annotations

import bisect
import csv
import html
import io
import json
import math
import re
from collections import Counter, OrderedDict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional

from extractor import stats
from extractor.compare import direction as D
from extractor.compare.text import UNIT_AFTER as _UNIT_AFTER, UNIT_DAYS as _UNIT_DAYS, acronyms, content, expand, norm
from extractor.compare.text import same_time as _same_time, spelled_out, time_spans as _time_spans, time_unit as _unit
from extractor.compare.text import times as _times, tokens, units, words
from extractor.trials.derive import absent_event

from . import confidence as C
from .errors import DocumentNotFound, QuestionError

__all__ = ["Question", "Asker", "answer", "read_questions", "FIELDS", "NUMBER_KEYS", "csv_row",
           "CSV_COLUMNS", "render"]

FIELDS = ("doc", "outcome", "intervention", "comparator")
NUMBER_KEYS = ("events", "total", "percent", "mean", "sd", "median", "iqr_low", "iqr_high")
_SECTION_WEIGHT = {"abstract": 1.0, "results": 0.8, "discussion": 0.1, "conclusions": 0.5,
                   "conclusion": 0.5, "methods": -0.6, "introduction": -0.8, None: 0.0}
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.·]\d+)?")
_TIME = re.compile(r"\b(\d+(?:\.\d+)?)\s*-?\s*(h|hours?|hrs?|d|days?|wk|weeks?|mo|months?|y|yrs?|years?|min|minutes?)\b", re.I)


@dataclass
class Question:
    """One comparison to answer; ``extra`` holds any other fields of the input, passed through."""

    doc: str
    outcome: str
    intervention: str
    comparator: str
    extra: dict = field(default_factory=dict)
    line: Optional[int] = None

    def echo(self) -> dict:
        out = dict(self.extra)
        out.update(doc=self.doc, outcome=self.outcome, intervention=self.intervention,
                   comparator=self.comparator)
        return out


def _plain(q: Question) -> Question:
    """The question's texts with character references resolved ("6&nbsp;month",
    "HbA1c&nbsp;&lt;&nbsp;7.0%" copied from a web page) and spaces collapsed, for matching."""
    def clean(t: str) -> str:
        if "&" in t:
            for _ in range(2):  # "&amp;nbsp;" was escaped twice
                t = html.unescape(t)
        return " ".join(t.split())
    texts = (clean(q.outcome), clean(q.intervention), clean(q.comparator))
    if texts == (q.outcome, q.intervention, q.comparator):
        return q
    return replace(q, outcome=texts[0], intervention=texts[1], comparator=texts[2])


# --------------------------------------------------------------------------------------------
# Reading questions
# --------------------------------------------------------------------------------------------
def read_questions(path: str | Path) -> Iterator[Question | QuestionError]:
    """The questions of a ``.jsonl`` or ``.csv`` file, in order; a bad line yields a
    :class:`~corpus.errors.QuestionError` naming it (the other lines are still read)."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise QuestionError(f"cannot read {path}: {exc.strerror or exc}", path=str(path)) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise QuestionError(f"{path} is not UTF-8 text", "save it as UTF-8 and retry",
                            path=str(path)) from exc
    suffix = p.suffix.lower()
    if suffix == ".csv":
        yield from _csv_questions(text, str(path))
    elif suffix in (".jsonl", ".ndjson", ".json"):
        yield from _jsonl_questions(text, str(path))
    else:
        raise QuestionError(f"{path}: questions are read from .jsonl or .csv files",
                            "rename the file with the suffix of its format", path=str(path))


def _question(obj: Any, where: str, line: int) -> Question | QuestionError:
    if not isinstance(obj, dict):
        return QuestionError(f"{where}: expected an object with fields {', '.join(FIELDS)}",
                             line=line)
    missing = [f for f in FIELDS if not isinstance(obj.get(f), (str, int)) or not str(obj.get(f)).strip()]
    if missing:
        return QuestionError(f"{where}: missing {', '.join(missing)}", line=line)
    extra = {k: v for k, v in obj.items() if k not in FIELDS}
    return Question(str(obj["doc"]).strip(), str(obj["outcome"]).strip(),
                    str(obj["intervention"]).strip(), str(obj["comparator"]).strip(), extra, line)


def _jsonl_questions(text: str, path: str) -> Iterator[Question | QuestionError]:
    for i, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield QuestionError(f"{path} line {i}: not JSON ({exc.msg})", line=i)
            continue
        yield _question(obj, f"{path} line {i}", i)


def _csv_questions(text: str, path: str) -> Iterator[Question | QuestionError]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        return
    except csv.Error as exc:
        raise QuestionError(f"{path} line 1: {exc}", line=1) from exc
    missing = [f for f in FIELDS if f not in header]
    if missing:
        raise QuestionError(f"{path} line 1: the header lacks {', '.join(missing)}",
                            f"the header needs the columns {', '.join(FIELDS)}", line=1)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield QuestionError(f"{path} line {reader.line_num}: {exc}", line=reader.line_num)
            continue
        if not any(c.strip() for c in row):
            continue
        n = reader.line_num
        if len(row) != len(header):
            yield QuestionError(f"{path} line {n}: {len(row)} fields where the header has {len(header)}",
                                line=n)
            continue
        yield _question(dict(zip(header, row)), f"{path} line {n}", n)


# --------------------------------------------------------------------------------------------
# One document, indexed for questions
# --------------------------------------------------------------------------------------------
@dataclass
class _Sentence:
    id: int
    seq: int
    section: Optional[str]
    page: Optional[int]
    char_start: int
    char_end: int
    text: str
    norms: frozenset
    tab: bool
    bigrams: frozenset = frozenset()
    pos: float = 0.0  # position in the document, 0 (first) to 1 (last)
    k: int = 0  # index in DocIndex.sentences
    cont: bool = False  # continues the paragraph of the sentence before it (same section, no line break)
    # a table row: the column heading of each of its cells (tab-separated), "" for none
    header: Optional[tuple] = None
    _stems: Optional[frozenset] = None

    _static: Optional[dict] = None

    @property
    def static(self) -> dict[str, float]:
        """The ranking features of the sentence alone (p-values, significance and comparative
        words, table, section, length, numbers, position), computed once."""
        if self._static is None:
            text = self.text
            self._static = {
                "p": 1.0 if D.p_values(text) else 0.0,
                "sig": 1.0 if re.search(r"signific|differ|similar|comparable", text, re.I) else 0.0,
                "cmp": 1.0 if re.search(r"\b(?:higher|lower|greater|less|more|fewer|increas|decreas|reduc|improv|better|worse)", text, re.I) else 0.0,
                "tab": 1.0 if self.tab else 0.0,
                "row": 1.0 if "\t" in text else 0.0,
                "sec": _SECTION_WEIGHT.get(self.section, 0.0),
                "len": min(len(text), 600) / 600,
                "nums": min(len(_NUMBER.findall(text)), 10) / 10,
                "pos": self.pos,
                "base_nd": 1.0 if D.baseline_only(text) else 0.0,
            }
        return self._static

    @property
    def stems(self) -> frozenset:
        """The sentence's normal forms cut to their first six letters (:func:`_stem`)."""
        if self._stems is None:
            self._stems = frozenset(_stem(w) for w in self.norms)
        return self._stems


class DocIndex:
    """What answering needs from one document, read once."""

    def __init__(self, store, doc_id: int):
        conn = store.conn
        self.id = doc_id
        meta = conn.execute("SELECT meta, text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        doc_text = (meta[1] if meta else None) or ""
        try:
            self.abbrev = dict((json.loads(meta[0]) if meta and meta[0] else {}).get("abbreviations") or {})
        except (ValueError, TypeError, AttributeError):
            self.abbrev = {}
        self.sentences: list[_Sentence] = []
        self._label_defs: Optional[dict[str, list[str]]] = None
        self._acronyms: Optional[dict[str, list[int]]] = None
        df: Counter = Counter()
        cache: dict[str, str] = {}
        for sid, seq, section, page, a, b, text in conn.execute(
                "SELECT id, seq, section, page, char_start, char_end, text FROM sentences "
                "WHERE document_id = ? ORDER BY seq", (doc_id,)):
            if (section or "") in ("references", "acknowledgements", "funding"):
                continue
            seq_norms = [cache[t] if t in cache else cache.setdefault(t, norm(t)) for t in tokens(text)]
            ns = frozenset(seq_norms)
            df.update(ns)
            tab = text.count("\n") >= 2 or bool(re.match(r"\s*Table\s+\d", text))
            self.sentences.append(_Sentence(sid, seq, section, page, a, b, text, ns, tab,
                                            frozenset(zip(seq_norms, seq_norms[1:]))))
        n = max(len(self.sentences), 1)
        prev = None
        for k, s in enumerate(self.sentences):
            s.pos = k / n
            s.k = k
            # the same paragraph: the same section and no line break between the two sentences
            s.cont = (prev is not None and prev.section == s.section and prev.char_end is not None
                      and s.char_start is not None and 0 <= s.char_start - prev.char_end <= 3
                      and "\n" not in doc_text[prev.char_end:s.char_start] and not s.tab and not prev.tab)
            prev = s
        if any("\t" in s.text for s in self.sentences):
            _row_headers(conn, doc_id, self.sentences)
        self.idf = {t: math.log(1 + n / c) for t, c in df.items()}
        self.default_idf = math.log(1 + n)
        self.arms = [dict(zip(("id", "study_id", "label", "role", "n_randomized", "n_analyzed",
                                "intervention", "dose"), r)) for r in conn.execute(
            "SELECT a.id, a.study_id, a.label, a.role, a.n_randomized, a.n_analyzed, a.intervention, a.dose "
            "FROM arms a JOIN studies s ON s.id = a.study_id WHERE s.document_id = ? ORDER BY a.id",
            (doc_id,))]
        self.outcomes = [dict(zip(("id", "study_id", "name", "timepoint", "subgroup", "kind",
                                    "is_primary", "page", "char_start", "char_end", "quote"), r))
                         for r in conn.execute(
            "SELECT o.id, o.study_id, o.name, o.timepoint, o.subgroup, o.kind, o.is_primary, "
            "o.page, o.char_start, o.char_end, o.quote FROM outcomes o JOIN studies s ON s.id = o.study_id "
            "WHERE s.document_id = ? ORDER BY o.id", (doc_id,))]
        by_id = {o["id"]: o for o in self.outcomes}
        for o in self.outcomes:
            o["results"], o["effects"] = [], []
        if by_id:
            marks = ",".join("?" * len(by_id))
            for r in conn.execute(
                    f"SELECT outcome_id, arm_id, statistic, value, derived, page, char_start, char_end, quote "
                    f"FROM arm_results WHERE outcome_id IN ({marks}) ORDER BY id", list(by_id)):
                by_id[r[0]]["results"].append(dict(zip(("outcome_id", "arm_id", "statistic", "value", "derived",
                                                        "page", "char_start", "char_end", "quote"), r)))
            for r in conn.execute(
                    f"SELECT outcome_id, id, measure, value, ci_low, ci_high, ci_level, p_value, p_relation, "
                    f"significant, direction, finding, reported_as, intervention_arm_id, control_arm_id, "
                    f"page, char_start, char_end, quote FROM effects WHERE outcome_id IN ({marks}) "
                    f"ORDER BY id", list(by_id)):
                by_id[r[0]]["effects"].append(dict(zip(
                    ("outcome_id", "id", "measure", "value", "ci_low", "ci_high", "ci_level", "p_value",
                     "p_relation", "significant", "direction", "finding", "reported_as",
                     "intervention_arm_id", "control_arm_id", "page", "char_start", "char_end", "quote"), r)))
            # outcomes whose values a sentence of the text restates (the sentence was merged
            # into the table's reading): the time point the article's text reports
            restated = {r[0] for r in conn.execute(
                f"SELECT subject_id FROM checks WHERE subject = 'outcomes' AND \"check\" = 'prose_table_agree' "
                f"AND status = 'pass' AND subject_id IN ({marks})", list(by_id))}
            for o in self.outcomes:
                o["text_restates"] = o["id"] in restated

    @property
    def label_defs(self) -> dict[str, list[str]]:
        """The short arm labels the text defines ("dexmedetomidine (group D)"), read once."""
        if self._label_defs is None:
            self._label_defs = D.label_definitions(s.text for s in self.sentences)
        return self._label_defs

    @property
    def acronyms(self) -> dict[str, list[int]]:
        """``{acronym: indices of the sentences that write it}``, read once."""
        if self._acronyms is None:
            self._acronyms = {}
            for s in self.sentences:
                for a in dict.fromkeys(acronyms(s.text)):
                    self._acronyms.setdefault(a, []).append(s.k)
        return self._acronyms

    def weight(self, t: str) -> float:
        return self.idf.get(t, self.default_idf)

    def sentence_at(self, offset: int) -> Optional[_Sentence]:
        for s in self.sentences:
            if s.char_start <= offset < s.char_end:
                return s
        return None


# --------------------------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------------------------
def _row_headers(conn, doc_id: int, sentences: list[_Sentence]) -> None:
    """Set ``header`` of the table rows among ``sentences`` (text with tabs): the heading of
    each cell's column, the texts of the table's heading cells that span it, top to bottom
    ("Enoxaparin (n=2006) Events"); a row that is itself a heading gets none."""
    cells = conn.execute(
        "SELECT c.table_id, c.row, c.col, c.col_span, c.is_header, c.text, c.char_start "
        "FROM table_cells c JOIN tables t ON t.id = c.table_id WHERE t.document_id = ? "
        "ORDER BY c.table_id, c.row, c.col", (doc_id,)).fetchall()
    if not cells:
        return
    heads: dict[int, list[tuple[int, int, str]]] = {}
    starts: list[tuple[int, int, int, int]] = []  # (char_start, table, column, is_header)
    for tid, _row, col, span, is_header, text, start in cells:
        if is_header and (text or "").strip():
            heads.setdefault(tid, []).append((col, col + max(span or 1, 1), " ".join(text.split())))
        if start is not None:
            starts.append((start, tid, col, is_header))
    if not heads:
        return
    starts.sort()
    keys = [c[0] for c in starts]
    for s in sentences:
        if "\t" not in s.text or s.char_start is None:
            continue
        i = bisect.bisect_left(keys, s.char_start)
        inside = []
        while i < len(starts) and starts[i][0] < s.char_end:
            inside.append(starts[i])
            i += 1
        if not inside or any(c[3] for c in inside) or len({c[1] for c in inside}) != 1:
            continue
        tid = inside[0][1]
        # the offset of each tab-separated part of the row's text
        parts, pos = [], 0
        for part in s.text.split("\t"):
            parts.append(pos)
            pos += len(part) + 1
        header = [""] * len(parts)
        for start, _, col, _ in inside:
            k = bisect.bisect_right(parts, start - s.char_start) - 1
            if 0 <= k < len(header) and not header[k]:
                header[k] = " ".join(t for a, b, t in heads.get(tid, ()) if a <= col < b)
        if any(header):
            s.header = tuple(header)


def _wset(text: str, *, outcome: bool = False, arm: bool = False) -> set[str]:
    return set(content(text, outcome=outcome, arm=arm))


def _weights(q: set[str], idx: DocIndex) -> tuple[dict[str, float], float]:
    w = {t: idx.weight(t) for t in q}
    return w, sum(w.values())


def _share(weights: tuple[dict[str, float], float], s: frozenset) -> float:
    """:func:`_overlap` with the question words' weights computed once."""
    w, tot = weights
    if not tot:
        return 0.0
    return sum(v for t, v in w.items() if t in s) / tot


def _overlap(q: set[str], s: frozenset | set, idx: DocIndex) -> float:
    """Share of the question words' weight found in ``s``."""
    if not q:
        return 0.0
    tot = sum(idx.weight(t) for t in q)
    return sum(idx.weight(t) for t in q if t in s) / tot if tot else 0.0


def _arm_words(idx: DocIndex, arm: dict) -> set[str]:
    names = " ".join(x for x in (arm["label"], arm["intervention"], arm["dose"]) if x)
    return _wset(expand(names, idx.abbrev), arm=True)


def _arm_fit(idx: DocIndex, arm: dict, qw: set[str]) -> float:
    """How well the words ``qw`` of a question's arm name ``arm`` (shares of both sides)."""
    if not qw:
        return 0.0
    aw = _arm_words(idx, arm)
    return len(qw & aw) / max(len(aw), 1) + len(qw & aw) / max(len(qw), 1)


def _pooled(idx: DocIndex, q: Question, ai: Optional[dict], ac: Optional[dict]) -> bool:
    """Whether the question asks about arms pooled, which no one arm's numbers answer: its
    intervention and its comparator each name two stored arms by the same words ("ePaper"
    against "Mobile" in a factorial trial of arms "ePaper Solo", "ePaper Team", "Mobile Solo"
    and "Mobile Team"). One side alone naming two arms by the same words
    ("20 µg ID" for "20 µg ID" and "20 µg ID + levamisole") is a question the words leave
    open, answered as before by the first arm."""
    for arm, other, text in ((ai, ac, q.intervention), (ac, ai, q.comparator)):
        if arm is None:
            return False
        qw = _wset(expand(text, idx.abbrev), arm=True)
        named = qw & _arm_words(idx, arm)
        if not named or not any(a is not arm and a is not other and a["study_id"] == arm["study_id"]
                                and qw & _arm_words(idx, a) == named for a in idx.arms):
            return False
    return True


# words that name no arm of their own ("a trial invitation letter" and an arm called "FAST",
# spelled out as "... Streamlined Trial")
_TRIAL_WORDS = frozenset(("trial", "study"))


def _names_arm(idx: DocIndex, arm: dict, text: str) -> bool:
    """Whether the words ``text`` of one side of a question name ``arm``: a word of its label,
    intervention or dose (abbreviations expanded, words of one stem alike), or a control word
    ("placebo", "usual care") for an arm stored as the control."""
    qw = _wset(expand(text, idx.abbrev), arm=True) - _TRIAL_WORDS
    if _stem_match(qw, _arm_words(idx, arm)):
        return True
    return arm.get("role") == "control" and bool(_wset(text) & {norm(w) for w in words("control_words")})


def _literal(label: str, text: str) -> bool:
    return bool(label) and re.search(r"(?<![\w-])" + re.escape(label) + r"(?![\w-])", text, re.I) is not None


def _names_most_specific(idx: DocIndex, arm: dict, side: str) -> bool:
    """Whether one side of a question prints ``arm``'s label, and that label holds another arm's
    ("... (r-hFSH/r-hLH)" names the arm "r-hFSH/r-hLH", not "r-hFSH" whose words it shares)."""
    label = (arm.get("label") or "").strip()
    if len(label) < 2 or not _literal(label, side):
        return False
    return any(o is not arm and o["study_id"] == arm["study_id"] and len((o.get("label") or "").strip()) >= 2
               and len(o["label"].strip()) < len(label) and _literal(o["label"].strip(), label)
               for o in idx.arms)


def _match_arms(idx: DocIndex, q: Question) -> tuple[Optional[dict], Optional[dict], bool]:
    """``(intervention arm, comparator arm, flipped)`` among the stored arms of one study."""
    if not idx.arms:
        return None, None, False
    qi = _wset(expand(q.intervention, idx.abbrev), arm=True)
    qc = _wset(expand(q.comparator, idx.abbrev), arm=True)
    ctrl_words = {norm(w) for w in words("control_words")}
    qi_ctrl = bool(_wset(q.intervention) & ctrl_words)
    qc_ctrl = bool(_wset(q.comparator) & ctrl_words)

    def score(arm, qw, q_is_ctrl, side):
        s = _arm_fit(idx, arm, qw)
        if arm["role"] == "control" and q_is_ctrl:
            s += 0.5
        if _names_most_specific(idx, arm, side):
            s += 0.5
        return s

    best = (-1.0, None, None)
    for a in idx.arms:
        for c in idx.arms:
            if a is c or a["study_id"] != c["study_id"]:
                continue
            s = score(a, qi, qi_ctrl, q.intervention) + score(c, qc, qc_ctrl, q.comparator)
            if a["role"] != "control" and c["role"] == "control" and not (qi_ctrl and not qc_ctrl):
                # the usual question asks intervention against control: the stored roles break
                # ties between arms the question's words fit equally ("FM + L. gasseri" vs "FM")
                s += 0.2
            if s > best[0]:
                best = (s, a, c)
    _, ai, ac = best
    if ai is None:
        return None, None, False
    if best[0] <= 0 and len(idx.arms) >= 2:
        # nothing in the question names an arm: the roles decide (intervention vs control)
        inter = next((a for a in idx.arms if a["role"] != "control"), None)
        ctrl = next((a for a in idx.arms if a["role"] == "control" and inter and a["study_id"] == inter["study_id"]), None)
        if inter and ctrl:
            ai, ac = (ctrl, inter) if qi_ctrl and not qc_ctrl else (inter, ctrl)
    flipped = ai.get("role") == "control" and ac.get("role") != "control"
    return ai, ac, flipped


# the share of the outcome's weight an acronym's long form must name
ACRONYM_SHARE = 0.8
_STAT_ACRONYMS = frozenset(("SD", "SE", "SEM", "CI", "CRI", "OR", "HR", "RR", "RD", "MD", "SMD", "WMD", "IQR", "NS",
                            "ITT", "PP", "ANOVA", "ANCOVA", "AUC", "NNT", "ARR", "RRR", "LS", "LSM", "BL"))


def _by_acronym(idx: DocIndex, named: dict[int, dict], outcome: str, ws: tuple) -> list[tuple[dict, "_Sentence"]]:
    """Candidates that name the outcome only by an acronym ("AEs were reported for 40.5%" of
    the outcome "adverse effects"): an abbreviation the document defines whose long form
    shares an outcome word, or an acronym the outcome's words spell out by their initials.
    Their overlap features are computed with the long form's words added (``abbr`` = 1)."""
    w_o, w_all, w_i, w_c = ws
    # the long form names most of the outcome ("HDL" is no "very low-density lipoprotein")
    found = {short: long for short, long in idx.abbrev.items() if short in idx.acronyms
             and _share(w_o, frozenset(_wset(long))) >= ACRONYM_SHARE}
    # an acronym the document defines, or a statistical one ("SD" is no "Scale for
    # Depression"), is not read from the outcome's initials
    found.update(spelled_out(" ".join(a for a in idx.acronyms if a.rstrip("s").upper() not in _STAT_ACRONYMS),
                             outcome, idx.abbrev))
    extra = []
    for short, long in found.items():
        lw = frozenset(_wset(long) | {norm(t) for t in tokens(long)})
        if _share(w_o, lw) < ACRONYM_SHARE:
            continue
        for k in idx.acronyms.get(short, ()):
            if k in named:
                continue
            s = idx.sentences[k]
            ns = s.norms | lw
            f = {"o": _share(w_o, ns), "o_all": _share(w_all, ns), "i": _share(w_i, ns), "c": _share(w_c, ns),
                 "o_bi": 0.0, "abbr": 1.0}
            if f["o"] <= 0:
                continue
            named[k] = f
            extra.append((f, s))
    return extra


# every sentence with a p-value, a significance or a comparative word matches (a superset of
# the ``p``, ``sig`` and ``cmp`` features of ``_Sentence.static``)
_MAY_COMPARE = re.compile(r"signific|differ|similar|comparable|higher|lower|greater|less|more|fewer|increas|"
                          r"decreas|reduc|improv|better|worse|(?<![A-Za-z])p[\s\-v<>=≤≥⩽⩾&:]", re.I)
# how many sentences back, within its paragraph, a sentence that names no outcome may take the
# outcome of
BACK_WINDOW = 2


def _referring_back(idx: DocIndex, named: dict[int, dict], w_i, w_c) -> list[tuple[dict, "_Sentence"]]:
    """Candidates that name no word of the outcome but report a comparison (a p-value, a
    significance or comparative word) in the paragraph of a sentence that names it, within
    :data:`BACK_WINDOW` sentences before ("Pain scores were lower with A than with B. This
    difference was significant (P = 0.01)."): they take that sentence's outcome share as
    ``o_back`` (``back`` = 1), their own outcome features stay 0.  Candidates of the
    paragraph that share only other words of the question get ``o_back`` too.  The first
    sentence under a heading that names the outcome ("Mortality") takes it as well.  Only
    the re-ranker weighs these candidates (without it :meth:`Asker.rank` leaves them out: the
    rules would read "Sleep quality was better with B" after a sentence about pain as well)."""
    extra = []
    sents = idx.sentences
    for k in sorted(named):
        src = named[k]
        if src["o"] <= 0:
            continue
        heading = _heading(sents[k].text)
        for j in range(k + 1, min(k + 1 + BACK_WINDOW, len(sents))):
            s = sents[j]
            if not s.cont and not (heading and j == k + 1 and s.section == sents[k].section):
                break
            if j in named:
                if named[j]["o"] > 0:
                    break  # a sentence naming the outcome starts its own reference
                named[j].setdefault("o_back", src["o"])
                continue
            if not _MAY_COMPARE.search(s.text):
                continue  # (a cheap test before the sentence's features)
            st = s.static
            if not (st["p"] or st["sig"] or st["cmp"]):
                continue
            ns = s.norms
            f = {"o": 0.0, "o_all": 0.0, "i": _share(w_i, ns), "c": _share(w_c, ns), "o_bi": 0.0,
                 "back": 1.0, "o_back": src["o"]}
            named[j] = f
            extra.append((f, s))
    return extra


def _heading(text: str) -> bool:
    """A heading or run-in title: a few words ending without a full stop ("Mortality",
    "Effects on vascular mortality")."""
    t = text.strip()
    return bool(t) and "\n" not in t and "\t" not in t and len(t.split()) <= 10 and t[-1] not in ".;,)]"


def _rule_score(f: dict) -> float:
    """The hand-weighted score of a candidate sentence (a feature of the re-ranker)."""
    return (3.0 * f["o"] + 0.5 * f["o_all"] + 0.6 * (f["i"] + f["c"]) + 0.5 * f["p"]
            + 0.6 * f["sig"] + 0.3 * f["cmp"] + f["sec"] - 0.8 * f["tab"] - 0.3 * f["len"])


# without a model: a statement that the groups were alike at baseline yields to the results
_BASELINE_PENALTY = 1.0


def _rules_order(f: dict) -> float:
    """The order of the candidate sentences without a shipped model: :func:`_rule_score`
    less a penalty for a statement of no difference at baseline only
    (:func:`extractor.compare.direction.baseline_only`)."""
    return _rule_score(f) - _BASELINE_PENALTY * f.get("base_nd", 0.0)


def _timepoint_words(text: str) -> set[str]:
    return {f"{float(m.group(1)):g}{m.group(2)[0].lower()}" for m in _TIME.finditer(text)}


# a period ending at a time point: "0-12 months", "4 to 12 weeks" (the start in the same unit)
_PERIOD = re.compile(r"\b(\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(\d+(?:\.\d+)?)\s*" + _UNIT_AFTER + r"\b", re.I)


def _period_start(timepoint: Optional[str]) -> Optional[float]:
    """The start, in days, of the period ``timepoint`` names ("4-12 months" → 4 months), or
    None when it names no period."""
    m = _PERIOD.search(timepoint or "")
    return round(float(m.group(1)) * _UNIT_DAYS[_unit(m.group(3))], 4) if m else None


_BASELINE_TIME = re.compile(r"\bbaseline\b|\bpre-?(?:treatment|intervention|operative|test|op)\b|\bbefore\b|"
                            r"\b(?:at\s+)?(?:entry|enrol(?:l)?ment|randomi[sz]ation|admission)\b|^\s*(?:T0|day\s*0|week\s*0|pre)\s*$", re.I)
_CHANGE = re.compile(r"\bchanges?\b|\bchanged\b|Δ|\bdelta\b|\bfrom\s+baseline\b|"
                     r"\b(?:improvements?|reductions?|decreases?|increases?|declines?)\s+(?:in|of|from)\b|"
                     r"\b(?:improvements?|reductions?|decreases?|increases?|declines?)\s*(?:$|[,;(])", re.I)
# the words that say a value is a change ("change in", "reduction of", "improvement from
# baseline"): they choose between the stored change and the stored values, and are not words
# of the outcome itself ("improvement in HDRS" and "HDRS change" name one measure)
_CHANGE_WORDS = re.compile(r"\b(?:changes?|changed|improvements?|reductions?|decreases?|increases?|declines?|"
                           r"delta)\b(?:\s+(?:from|since|over|vs\.?|versus|relative\s+to)\s+(?:the\s+)?baseline\b)?|"
                           r"\bfrom\s+baseline\b|Δ", re.I)


# a name that says its values are those before treatment ("tender joints at screening")
_ENTRY_NAME = re.compile(r"\b(?:at|before|prior\s+to)\s+(?:the\s+)?(?:baseline|screening|study\s+entry|entry|"
                         r"enrol(?:l)?ment|inclusion|randomi[sz]ation)\b", re.I)
# words beside "baseline" in a question's arm that still name no arm ("the baseline values")
_BEFORE_WORDS = frozenset(norm(w) for w in ("value", "values", "level", "levels", "measurement", "score",
                                            "scores", "period", "visit", "assessment", "same", "patients",
                                            "participants", "subjects"))


def _at_entry(timepoint: Optional[str]) -> bool:
    """Whether a stored time point is the one before treatment ("Baseline", "Pre-test", "At
    randomisation", a time point zero: "Month 0", "W0", "Day 0"; not "15 weeks
    post-randomisation")."""
    if not timepoint:
        return False
    if _times(timepoint) == {0.0}:
        return True
    return _BASELINE_TIME.search(timepoint) is not None and \
        re.search(r"\bpost\b|\bpost-|\bafter\b|\bfollow", timepoint, re.I) is None


def _stem(w: str) -> str:
    return w[:6] if len(w) >= 7 and w.isalpha() else w


def _stem_match(a: set[str], b: set[str]) -> set[str]:
    """The words of ``a`` found in ``b`` by their first six letters (words of seven letters
    or more: "responders" and "response", "hypertensive" and "hypertension")."""
    keys = {_stem(w) for w in b}
    return {w for w in a if w in b or _stem(w) in keys}


# words a sentence reports a result with ("significantly elevated hs-CRP levels compared
# with ...", "5 patients developed complications"), which an outcome's name read from that
# sentence keeps: not words of the outcome
_REPORTING = frozenset(norm(w) for w in (
    "significantly", "significant", "statistically", "markedly", "slightly", "compared",
    "elevated", "higher", "lower", "greater", "smaller", "increased", "decreased", "reduced",
    "improved", "worsened", "better", "worse", "similar", "comparable", "different",
    "developed", "experienced", "observed", "occurred"))
# a name that says its values are those at entry ("Baseline serum ferritin")
_BEFORE_TREATMENT = (r"pre-?(?:treatment|intervention|operative|randomi[sz]ation)(?:ly)?|"
                     r"at\s+(?:baseline|entry|admission|randomi[sz]ation)")
_BASELINE_NAME = re.compile(rf"^\s*(?:baseline|initial|{_BEFORE_TREATMENT})\b", re.I)
# a name that opens with the time before treatment ("Preoperatively, mean daily pad usage",
# "Baseline HbA1c"; not "baseline-adjusted", nor "initial response" which may be a result)
_ENTRY_START = re.compile(rf"^\s*(?:baseline(?![\s-]*(?:adjusted|corrected|to\b))|{_BEFORE_TREATMENT})\b", re.I)
# qualifiers that name opposite measures of one quantity: "HDL" and "LDL" cholesterol spelled
# out ("high" / "low density lipoprotein"), "days" and "nights" without relief medication,
# systolic and diastolic pressure. A stored outcome naming one of a pair for a question naming
# the other (and neither naming both) is another measure, however many words they share.
_CONTRASTS = tuple((norm(a), norm(b)) for a, b in (
    ("high", "low"), ("upper", "lower"), ("systolic", "diastolic"), ("day", "night"),
    ("daytime", "nighttime"), ("diurnal", "nocturnal"), ("left", "right"), ("maximum", "minimum"),
    ("max", "min"), ("inspiratory", "expiratory"), ("inspiration", "expiration"),
    ("anterior", "posterior"), ("superior", "inferior"), ("proximal", "distal"),
    ("positive", "negative"), ("morning", "evening"), ("fasting", "postprandial"),
    ("peak", "trough"), ("ipsilateral", "contralateral"), ("internal", "external"),
    ("active", "passive"), ("acute", "chronic")))


# a name that is a time or duration ("time to pain relief", "revealing time of atrial
# fibrillation", "duration of illness"; not "at any time", "first-time", "time point", "three
# times daily")
_TIME_MEASURE = re.compile(r"(?<![-\w])(?<!any\s)times?\b(?![-\s]*(?:points?|frames?|weighted|daily|a\s+day|per\b|weekly|a\s+week))|"
                           r"\bdurations?\b|\blatency\b", re.I)


def _opposed(q: set[str], o: set[str]) -> Optional[tuple[str, str]]:
    """The pair of opposite qualifiers ``(question's, outcome's)`` that tells the question's
    measure from the stored outcome's, or None."""
    for a, b in _CONTRASTS:
        for x, y in ((a, b), (b, a)):
            if x in q and y in o and y not in q and x not in o:
                return x, y
    return None


def _unchanged(text: str) -> str:
    """``text`` without the words that say its value is a change (:data:`_CHANGE_WORDS`)."""
    return _CHANGE_WORDS.sub(" ", text) if _CHANGE_WORDS.search(text) else text


# a question that names its measure and then its acronym in brackets ("Kessler's
# psychological distress scale (K6)", "peak tidal expiratory flow (PTEF)"): the long form, the
# acronym (a single token with a capital letter or a digit after its first letter), or a short
# name of several such parts joined by "/" or "-" ("... to PTEF (25/PT)", "(TPTEF/TE)"), with a
# capital letter somewhere ("(IU/L)" is one too; "(mg/kg)", "(Placebo)" are none)
_OWN_ACRONYM = re.compile(r"^(.*?[A-Za-z].*?)\s*\(\s*("
                          r"[A-Za-z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*"
                          r"|(?=[^()\s]*[A-Z])[A-Za-z0-9]+(?:[/-][A-Za-z0-9]+)+)\s*\)")


# a question that is an acronym (a single token with a capital letter or a digit after its
# first letter) followed by its long form of several words in brackets
_ACRONYM_FIRST = re.compile(r"^\s*([A-Za-z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)\s*"
                            r"\(\s*([^()]*[A-Za-z][^()]*\s[^()]*?)\s*\)\s*$")


# words of one clinical meaning that share no stem: an outcome asked as "mortality" is the
# stored "Death" / "ALL DEATHS" / "died" (a death is counted by any of them)
_KIN = {w: "death" for w in ("death", "deaths", "died", "dead", "mortality", "mortalities",
                             "fatality", "fatalities")}


def _kin_match(a: set[str], b: set[str]) -> set[str]:
    """The words of ``a`` found in ``b`` by :func:`_stem_match` or as words of one meaning
    (:data:`_KIN`: "mortality" and "death")."""
    found = _stem_match(a, b)
    keys = {_KIN[w.lower()] for w in b if w.lower() in _KIN}
    return found | {w for w in a if _KIN.get(w.lower()) in keys} if keys else found


# a chemical element's symbol in a laboratory outcome's name ("K (mEq/L)", "Serum Na+",
# "Ca2+"): the element's name a question asks with ("serum potassium"). Case-sensitive, a
# token of its own ("K6", "vitamin K", "CA 19-9" are none)
_ELEMENTS = {"Na": "sodium", "K": "potassium", "Ca": "calcium", "Mg": "magnesium", "Cl": "chloride",
             "Fe": "iron", "Zn": "zinc", "Cu": "copper", "Li": "lithium", "Se": "selenium"}
_ELEMENT = re.compile(r"(?<![\w.-])(?<!vitamin )(?<!Vitamin )(" + "|".join(_ELEMENTS) +
                      r")(?:\d?[+-]{1,2}|\d\+)?(?![\w-])")


def _element_words(text: str) -> tuple[set[str], set[str]]:
    """``(symbols' normal forms, elements' names)`` of the element symbols ``text`` writes."""
    syms = {m.group(1) for m in _ELEMENT.finditer(text)}
    return {norm(x) for x in syms}, {norm(_ELEMENTS[x]) for x in syms}


def _fit(qo: set[str], ow: set[str], idx: DocIndex) -> float:
    """How well a stored outcome's words ``ow`` name the question's outcome words ``qo``: the
    harmonic mean of the shares of each side's weight found on the other (words of one stem
    or of one meaning match), 0 when they share no word."""
    qs, os_ = _stem_match(qo, ow), _stem_match(ow, qo)
    if not qs & ow and not os_ & qo:
        # no word shared as written: words of one meaning only when they are all the
        # question asks ("mortality" for "Death"; not "vascular mortality" for "All deaths")
        qs, os_ = _kin_match(qo, ow), _kin_match(ow, qo)
        if not any(w.lower() in _KIN for w in qs) or qs != qo:
            return 0.0
    r = _overlap(qo, ow | qs, idx)
    p = _overlap(ow, qo | os_, idx)
    return 2 * r * p / (r + p) if r + p else 0.0


def _without_times(text: str) -> str:
    """``text`` without the time points it names ("weight loss at 1 year" → "weight loss at"),
    or ``text`` itself when nothing else is left."""
    spans = _time_spans(text)
    if not spans:
        return text
    out, last = [], 0
    for a, b, _ in spans:
        out.append(text[last:a])
        last = b
    out.append(text[last:])
    rest = " ".join(out)
    return rest if _wset(rest, outcome=True) else text


def _name_time(o: dict) -> Optional[float]:
    """The one time point (days) a stored outcome's name prints ("Mini Cal: Twelve weeks"),
    or None (none, or several: "Mortality at 28 and 90 days")."""
    t = _times(o["name"] or "")
    return next(iter(t)) if len(t) == 1 else None


_TRAILING_BRACKET = re.compile(r"\s*[(\[]([^()\[\]]*)[)\]]\s*$")


def _qualifier_words(name: str, qo: set[str], timepoint: Optional[str] = None) -> set[str]:
    """The words of a stored outcome's name that qualify its measure and are no words of the
    question (``qo``): the time points the name prints ("Mini Cal: Twelve weeks") and its
    trailing brackets ("visual acuity change (logMAR)", "HTLV-I proviral load (log10
    copies/10 PBMCs)"); a bracket sharing a word with the question is kept, and a time point
    other than the stored ``timepoint`` is kept (the name then says more than its time point)."""
    kept, dropped = name, []
    while True:
        m = _TRAILING_BRACKET.search(kept)
        if not m or not kept[:m.start()].strip():
            break
        inner = _wset(m.group(1), outcome=True)
        if _stem_match(inner, qo):
            break
        dropped.append(m.group(1))
        kept = kept[:m.start()]
    spans = _time_spans(kept)
    own = _times(timepoint or "")
    if len({d for _, _, d in spans}) == 1 and (not own or _same_time(own, {spans[0][2]})):
        dropped += [kept[a:b] for a, b, _ in spans]
    words_kept = _wset(_without_times(kept), outcome=True)
    extra = set()
    for d in dropped:
        extra |= _wset(d, outcome=True)
    return extra - words_kept - qo


def _match_outcomes(idx: DocIndex, q: Question) -> list[tuple[float, dict]]:
    def outcome_words(text: str) -> set[str]:
        return (_wset(expand(text, idx.abbrev), outcome=True) or _wset(q.outcome)) - _REPORTING

    # the question's time point chooses among the stored time points (q_times below), and is
    # no word of its outcome: "weight loss at 1 year" names the outcome "weight loss"
    q_text = _without_times(_unchanged(q.outcome))
    qo = outcome_words(q_text)
    # ... except for a stored outcome at that very time point, whose time point's words are
    # found ("Mortality at 90 days" and "Death from any cause" at "day 90")
    q_all = outcome_words(_unchanged(q.outcome))
    sym, elem = _element_words(q.outcome)
    if elem:  # "serum K" asked: its element's name
        qo, q_all = (qo - sym) | elem, (q_all - sym) | elem
    q_times = _times(q.outcome)
    q_change = _CHANGE.search(q.outcome) is not None
    q_units = units(q.outcome)
    q_base = _BASELINE_TIME.search(q.outcome) is not None
    q_long = expand(q_text, idx.abbrev)
    q_present = absent_event(q_text) is None  # the question asks of the event, not of its absence
    m = _OWN_ACRONYM.search(q_text)
    q_short = ((_wset(m.group(1), outcome=True) - _REPORTING, m.group(2), {norm(t) for t in tokens(m.group(2))})
               if m and m.group(2) not in idx.abbrev and _wset(m.group(1), outcome=True) else None)
    # a question that names its measure by an acronym and spells it out in brackets ("HbA1c
    # (glycosylated haemoglobin)", "QoL-AD (Quality of Life – Alzheimer's Disease)"): either
    # part names the measure, and a stored name is found by either
    m = _ACRONYM_FIRST.search(q_text)
    q_alias = [w for w in (outcome_words(m.group(1)), outcome_words(m.group(2))) if w] \
        if m and m.group(1) not in idx.abbrev else []
    out = []
    for o in idx.outcomes:
        name = _unchanged(o["name"] or "")
        ow = _wset(expand(name, idx.abbrev), outcome=True) or _wset(name)
        # the question defines a short name the document does not ("Kessler's psychological
        # distress scale (K6)", "... to PTEF (25/PT)") and the stored name is that short name
        # alone ("K6", "K6 score", "25/PT", "TI/TE"): the question's own definition of the name,
        # which no qualifier or time word of its long form then tells from another measure
        named_short = bool(q_short) and {norm(t) for t in tokens(name)} >= q_short[2] and \
            bool(ow - _REPORTING) and ow - _REPORTING <= q_short[2]
        # an acronym the document never defined, spelled out by the question ("BPRS" for
        # "Brief Psychiatric Rating Scale"), or the other way round
        local = spelled_out(name, q.outcome, idx.abbrev)
        if local:
            ow |= _wset(expand(name, local), outcome=True)
        # a duration that is part of the measure's name, its acronym in the stored name ("6MWT"
        # for the question's "six-minute walking test", "24-h UP"): words of the outcome, no
        # time point the stored outcome would have to state
        long_times = _times(expand(name, {**idx.abbrev, **local})) if q_times else set()
        measure_time = bool(long_times) and _same_time(q_times, long_times) and not _times(name)
        local = spelled_out(q.outcome, name, idx.abbrev)
        if local:
            ow |= {norm(s) for s in local}
        # ... so the question's long form is found (not for a name that says more of it, "Slope
        # of decline in FEV1": another measure of the same quantity)
        if named_short:
            ow |= q_short[0]
        ow -= _REPORTING
        sym, elem = _element_words(name)
        if elem:  # "K (mEq/L)" stored: the potassium a question asks of
            ow = (ow - sym) | elem
        if not ow or not qo:
            continue
        own = set(ow)
        if _opposed(qo, ow) and not named_short:
            continue  # "high density lipoprotein" asked, "low density lipoprotein" stored
        if (_TIME_MEASURE.search(q_long) is None) != (_TIME_MEASURE.search(expand(name, idx.abbrev)) is None) \
                and not named_short:
            continue  # "pain relief within 2 h" asked, "time to pain relief" stored: another measure
        # a question word the stored time point states ("final" response rate, "Final
        # reminder") is found; words of one stem ("responders", "response") match
        if o["timepoint"] and (q_base or not _at_entry(o["timepoint"])):
            ow |= qo & _wset(o["timepoint"])  # (not the "test" of "Pre-test" for an "agility test")
        sub_named = False
        if o["subgroup"]:
            # a subgroup the question names ("... in the severe osteoarthritis subset") is part
            # of what it asks: the words it names count as the outcome's
            sw = _wset(expand(o["subgroup"], idx.abbrev), outcome=True) - {"subset", "subgroup", "stratum"}
            named = _stem_match(sw, qo) if sw else set()
            sub_named = bool(named)
            ow = ow | named
        # the name as printed, without the long forms of its abbreviations: "≥1 COPD
        # exacerbation" asked as "≥1 exacerbation" is not the less that outcome for the words
        # of "chronic obstructive pulmonary disease" the question does not repeat
        plain = (_wset(name, outcome=True) - _REPORTING) | (ow - own)
        s = max(_fit(qo, ow, idx), _fit(qo, plain, idx) if plain and plain != ow else 0.0,
                *(_fit(a, ow, idx) for a in q_alias))
        # the name without the words that qualify the measure rather than name it: a time
        # point it prints ("Mini Cal: Twelve weeks") and a trailing bracket the question does
        # not echo ("(logMAR)", "(log10 copies/10 PBMCs)": a unit or scale)
        extra = _qualifier_words(name, qo, o["timepoint"]) if not measure_time else set()
        if extra and ow - extra:
            s = max(s, _fit(qo, ow - extra, idx))
        if q_all != qo and o["timepoint"] and _same_time(q_times, _times(o["timepoint"])):
            s = max(s, _fit(q_all, ow | (q_all & _wset(o["timepoint"])), idx))
        if measure_time:
            s = max(s, _fit(q_all, ow, idx))
        if s <= 0.0:
            continue
        if o["subgroup"] and not sub_named:
            s -= 0.15  # a subgroup the question does not name: a narrower reading than asked for
        if _GRADES.search(name) and not _GRADES.search(q.outcome):
            s -= 0.15  # ... and so are the events of one grade ("serious adverse events" for "adverse events")
        o_times = _times(" ".join(x for x in (o["timepoint"] or "", o["name"] or "")))
        if measure_time:
            pass
        elif q_times and o_times:
            s += 0.1 if _same_time(q_times, o_times) else -0.3
        elif q_times:
            s -= 0.15  # the question names a time point the stored outcome does not state
        if o["results"] or o["effects"]:
            s += 0.05
        o_change = _CHANGE.search(" ".join(x for x in (o["name"] or "", o["timepoint"] or "") if x)) is not None
        if q_change and o_change:
            s += 0.1  # "WC changes (%)": the stored change, not the values at each visit
        elif o_change and not q_change:
            s -= 0.06  # ... and the values after treatment when the question names no change
        if q_units and q_units & units(name):
            s += 0.05  # ... and the change in %, not in cm
        if (absent_event(name) is None) != q_present:
            s -= 0.05  # "No relapse" for a question on relapse (or the other way): the complement
        if not q_base and (_BASELINE_TIME.search(o["timepoint"] or "") or _at_entry(o["timepoint"])
                           or (_name_time(o) == 0.0 and not q_times)):
            s -= 0.1  # values at entry ("Baseline", "Month 0", a name "...: W0") are not what a
            # comparison of the arms asks for
        elif not q_base and _BASELINE_NAME.search(o["name"] or ""):
            s -= 0.3  # ... nor values a sentence names as those at entry
        out.append((s, o))
    out.sort(key=lambda x: -x[0])
    return out


#: a grade of severity a name restricts its events to ("serious adverse events", "moderate
#: parkinsonism", "grade 3-4 neutropenia", "major bleeding"): the events of one grade are a part
#: of the events a question without a grade asks for
_GRADES = re.compile(r"\b(?:serious|severe|moderate|mild|major|minor|life[- ]threatening|"
                     r"grades?\s*(?:[1-5IV]+|≥\s*\d)(?:\s*(?:-|–|to|/|and|or)\s*[1-5IV]+)?)\b", re.I)


#: a question's side that is the absence of something ("no exercise", "without feedback", "non-users")
_DENIAL = re.compile(r"^\W*(?:no|non|without)\b|\b(?:without|not)\s", re.I)


def _doubt(idx: DocIndex, q: Question, ai: Optional[dict], ac: Optional[dict], chosen: dict) -> Optional[str]:
    """Why the stored numbers of ``chosen`` may not answer ``q``, or None: the numbers are then
    withheld, since a reviewer is better served by no number than by a wrong one.

    * an arm the question does not name, when the roles cannot decide (the trial has more than
      two arms), or when the question's words name the other side's arm ("salbutamol low dose"
      against the arms "salbutamol" and "placebo");
    * an outcome stored at the time point before treatment, for a question that does not ask
      for it;
    * an outcome stored at another time point than the one the question names."""
    for side, text in (("intervention", q.intervention), ("comparator", q.comparator)):
        if _BASELINE_TIME.search(text) and not _wset(_BASELINE_TIME.sub(" ", text), arm=True) - _BEFORE_WORDS:
            return f"the question's {side} {text!r} is a time point, not an arm: a comparison within each arm"
    if ai is not None and ac is not None:
        n_arms = sum(1 for a in idx.arms if a["study_id"] == ai["study_id"])
        for side, arm, other, text, other_text in (("intervention", ai, ac, q.intervention, q.comparator),
                                                   ("comparator", ac, ai, q.comparator, q.intervention)):
            if _names_arm(idx, arm, text):
                continue
            if n_arms > 2:
                return (f"the question's {side} names nothing of the stored arm {arm['label']!r}, "
                        f"and the trial has {n_arms} arms")
            # "CBT plus usual care" against "usual care": the side that adds to the other names
            # the other's arm and is still the other arm of two
            adds = _wset(text, arm=True) > _wset(other_text, arm=True)
            # "without a social media experience" against "with a social media experience": the
            # side that denies the other's words names them by denying them, and is the other arm
            denies = _DENIAL.search(text) is not None and _DENIAL.search(other_text) is None and \
                _wset(text, arm=True) <= _wset(other_text, arm=True)
            if not adds and not denies and _names_arm(idx, other, text):
                return (f"the question's {side} names the stored arm {other['label']!r} of the other side, "
                        f"not {arm['label']!r}")
    half = _one_of_two(idx, q.outcome, chosen)
    if half:
        return half
    o_when = " ".join(x for x in (chosen["timepoint"] or "", chosen["name"] or "") if x)
    if not _BASELINE_TIME.search(q.outcome) and (_at_entry(chosen["timepoint"]) or _ENTRY_NAME.search(chosen["name"] or "")
                                                 or _ENTRY_START.search(chosen["name"] or "")
                                                 or (_name_time(chosen) == 0.0 and not _times(q.outcome))):
        return f"the stored outcome is measured at {chosen['timepoint'] or chosen['name']!r}, before treatment"
    qt, ot = _times(q.outcome), _times(o_when)
    if qt and ot and not _same_time(qt, ot):
        return f"the question names another time point than the stored {o_when!r}"
    return None


# the word joining two measures a question asks of together ("incidence of GDM and
# preeclampsia", "IBS-SSS or IBS-QOL"), outside brackets
_JOINED = re.compile(r"\s+(?:and|as\s+well\s+as)\s+(?![^()]*\))", re.I)
# a visit's label ("T1", "V2") in a question's time point ("after 6 months (T1) and after 1 year (T2)")
_VISIT_WORDS = frozenset(("after", "before", "during", "at", "end", "follow", "followup", "up"))


def _one_of_two(idx: DocIndex, text: str, chosen: dict) -> Optional[str]:
    """Why the numbers of ``chosen`` do not answer a question joining two measures, or None:
    the question's outcome is two measures joined by "and" ("incidence of GDM and
    preeclampsia", "pregnancy rates and live birth rate") and the stored outcome names one of
    them only: the numbers of one measure are not those of both. ("X or Y" is left alone: most
    often one composite event, "dead or dependent", that a stored name may shorten.) Two time
    points joined ("after 6 months (T1) and after 1 year (T2)") are no two measures."""
    parts = _JOINED.split(_without_times(_unchanged(text)))
    if len(parts) != 2:
        return None
    words = [{w for w in _wset(expand(re.sub(r"\([^()]*\)", " ", p), idx.abbrev), outcome=True) - _REPORTING
              if w.lower() not in _VISIT_WORDS and not re.fullmatch(r"[a-z]\d+", w.lower())} for p in parts]
    if not all(words):
        return None
    name = " ".join(x for x in (chosen["name"] or "", chosen["timepoint"] or "") if x)
    ow = _wset(expand(name, idx.abbrev), outcome=True) | _wset(name, outcome=True)
    found = [bool(_stem_match(w, ow)) for w in words]
    if found.count(True) != 1:
        return None
    missing = parts[found.index(False)].strip()
    return f"the question joins two measures and the stored {chosen['name']!r} names one only, not {missing!r}"


#: a time point that is the end of the treatment period ("Post-test", "End of BWLP",
#: "post-intervention", "immediately after treatment")
_END_OF_TREATMENT = re.compile(r"\bpost[- ]?(?:test|intervention|treatment|training|programm?e?|trial)\b|"
                               r"\bend\s+of\b|\bimmediately\s+after\b|"
                               r"\bafter\s+(?:the\s+)?(?:intervention|treatment|training|programm?e?)\b", re.I)


# a time point after treatment written without a number ("Post-test", "After", "End of study")
_AFTER_TIME = re.compile(r"^\W*(?:after|post|final|end|later|follow[- ]?up)\b|\bpost[- ]|\bfollow[- ]?up\b", re.I)


def _after_rank(timepoint: Optional[str]) -> int:
    """How late a time point with no number is: 3 after treatment ("Post-test", "After",
    "End of treatment"), 2 another named one ("T2", "Visit 3"), 1 none stated, 0 at entry
    ("Pre-test", "Baseline")."""
    if not timepoint:
        return 1
    if _at_entry(timepoint):
        return 0
    return 3 if _END_OF_TREATMENT.search(timepoint) or _AFTER_TIME.search(timepoint) else 2


def _end_of_treatment(q: Question, chosen: dict, good: list[tuple[float, dict]]) -> Optional[tuple[dict, str]]:
    """The end-of-treatment reading of ``chosen``'s outcome and a note saying so, when the
    outcome is reported both at the end of treatment and at a later follow-up, the question
    names neither, and the article marks neither as the primary endpoint; else None.

    The per-arm numbers are then taken at the end of treatment, the reading reviewers take in
    most such trials, and the answer says so ("end of treatment taken; also reported at 4
    months"): a stated default, not a silent guess. A primary endpoint marked, or a time point
    the question names, decides first."""
    if chosen.get("is_primary") or _times(q.outcome) or _END_OF_TREATMENT.search(q.outcome) or \
            re.search(r"\bfollow", q.outcome, re.I):
        return None
    top = good[0][0] if good else 0.0
    same = [o for s, o in good if s >= top - 0.05 and (o["name"] or "").lower() == (chosen["name"] or "").lower()
            and o["timepoint"] and not _at_entry(o["timepoint"])]
    ends = [o for o in same if _END_OF_TREATMENT.search(o["timepoint"])]
    later = [o for o in same if not _END_OF_TREATMENT.search(o["timepoint"])]
    if not ends or not later or any(o.get("is_primary") for o in same):
        return None
    end = chosen if chosen in ends else ends[0]
    return end, (f"end of treatment taken ({end['timepoint']!r}); also reported at {later[-1]['timepoint']!r}, "
                 f"the question names neither and no primary endpoint decides")


# --------------------------------------------------------------------------------------------
# Answering
# --------------------------------------------------------------------------------------------
def _fmt(v: Optional[float]) -> str:
    if v is None:
        return ""
    return f"{v:g}" if abs(v) >= 1e-3 or v == 0 else f"{v:.2g}"


def _arm_numbers(arm: Optional[dict], outcome: Optional[dict]) -> Optional[dict]:
    """The arm's numbers for ``outcome``, with the arm's sizes (the denominators a reviewer
    takes when the outcome prints none) only when the outcome gives the arm a count or a mean: a
    comparison reported as a p-value alone, or in a figure, gets no group size either, and
    neither does a percentage printed alone (the article does not say of how many patients it
    is the share; the arm's size beside it would be a guess of that denominator)."""
    if arm is None:
        return None
    out = {"arm_id": arm["id"], "label": arm["label"]}
    if outcome is not None and any(r["arm_id"] == arm["id"] and r["statistic"] in NUMBER_KEYS
                                   for r in outcome["results"]):
        for k in ("n_randomized", "n_analyzed"):
            if arm.get(k) is not None:
                out[k] = arm[k]
    if outcome is not None:
        far = _far_denominator(arm, outcome)
        for r in outcome["results"]:
            if r["arm_id"] == arm["id"] and r["statistic"] in NUMBER_KEYS and r["statistic"] not in out:
                if r["derived"] and far:
                    continue
                v = r["value"]
                out[r["statistic"]] = int(v) if r["statistic"] in ("events", "total") and v == int(v) else v
                if r["derived"]:
                    out.setdefault("derived", []).append(r["statistic"])
        total = _percent_base(arm, out)
        if total is not None:
            out["total"] = total
            out.setdefault("derived", []).append("total")
        if not any(out.get(k) is not None for k in _SIZED):
            # a median, a range, a percentage or a total alone: the arm's sizes are the
            # denominators of no count or mean the outcome gives it
            out.pop("n_randomized", None)
            out.pop("n_analyzed", None)
    return out


#: the per-arm numbers the arm's size is the denominator of (events, a mean); a percentage
#: alone names no denominator (the arm's size beside it made binary value precision on the
#: per-arm train gold 0.892 rather than 0.915)
_SIZED = ("events", "mean")
#: the per-arm numbers of a comparison: withheld on both arms when only one arm has them
_COMPARED = ("events", "total", "mean", "sd", "n_randomized", "n_analyzed")


def _one_sided(arms: tuple[Optional[dict], Optional[dict]]) -> Optional[str]:
    """Why the events, means and group sizes of the two arms' numbers (:func:`_arm_numbers`)
    are withheld, or None: one arm has events or a mean and the other has neither (a count
    the outcome's reading found for one arm only, the other arm's number being in a figure, a
    p-value, or another sentence). Half a comparison is not a comparison a reviewer can
    enter; the numbers are removed from both arms (a percentage or a median stays)."""
    has = [a is not None and (a.get("events") is not None or a.get("mean") is not None) for a in arms]
    if has[0] == has[1] or None in arms:
        return None
    for a in arms:
        for k in _COMPARED:
            a.pop(k, None)
        if a.get("derived"):
            a["derived"] = [k for k in a["derived"] if k not in _COMPARED]
            if not a["derived"]:
                del a["derived"]
    side = "intervention" if has[0] else "comparator"
    return f"only the {side} arm has events or a mean for this outcome: no comparison to give"


def _percent_base(arm: dict, numbers: dict) -> Optional[int]:
    """The arm's size that a count printed with its percentage and no total was computed on
    ("19 (9.5)" in an arm of 200 randomised and 191 analysed: 19/200), when it is the number
    randomised and the number analysed does not reproduce the percentage; else None (the
    analysed number is the group size a reviewer takes by default)."""
    ev, pct = numbers.get("events"), numbers.get("percent")
    nr, na = arm.get("n_randomized"), arm.get("n_analyzed")
    if ev is None or pct is None or "total" in numbers or not nr or not na or nr == na:
        return None
    places = stats.decimals_of(pct)
    fits = [n for n in (na, nr) if stats.rounds_to(100 * ev / n, pct, places)]
    return nr if fits == [nr] else None


_GEOMETRIC = re.compile(r"\bgeometric(?:al)?\s+means?\b", re.I)


def _arithmetic(idx: DocIndex, outcome: Optional[dict]) -> Optional[dict]:
    """``outcome`` without the means (and their SDs) its sentence calls geometric ("geometric
    mean 3 vs. 181 TTC/100 mL"): a geometric mean is not the mean a reviewer's form asks for,
    and the spread printed beside it is not an SD."""
    if outcome is None:
        return None
    drop = set()
    for r in outcome["results"]:
        if r["statistic"] != "mean" or r.get("char_start") is None:
            continue
        sent = idx.sentence_at(r["char_start"])
        if sent is not None and _GEOMETRIC.search(sent.text[:max(0, r["char_start"] - sent.char_start)]):
            drop.add(r["arm_id"])
    if not drop:
        return outcome
    return dict(outcome, results=[r for r in outcome["results"]
                                  if not (r["arm_id"] in drop and r["statistic"] in ("mean", "sd"))])


#: how far (share of the arm's size) a denominator rebuilt from a percentage alone may lie from
#: the arm's size: one or two drop-outs, not another population
_DERIVED_SPAN = 0.1


def _far_denominator(arm: dict, outcome: dict) -> Optional[str]:
    """Why the events and group size rebuilt from the arm's percentage are not given, or None.

    A percentage that no count of the arm's size reproduces was computed on some other
    denominator; the extractor then stores the one denominator below the arm's size that fits.
    When it lies far from the arm's size (8.33% read as 2/24 in an arm of 32), the percentage is
    of another population (episodes, samples, a subgroup) or not a share of participants at all
    (a percentage change): a reviewer is given the percentage, not a count made up for it."""
    n = arm.get("n_analyzed") or arm.get("n_randomized")
    if not n:
        return None
    for r in outcome["results"]:
        if r["arm_id"] == arm["id"] and r["statistic"] == "total" and r["derived"] and \
                abs(r["value"] - n) > _DERIVED_SPAN * n:
            return (f"the percentage of {arm['label']!r} fits no count of its {n} patients, only one of "
                    f"{r['value']:g}: events and group size not given")
    return None


def _whole_arms(o: dict) -> int:
    """How many arms of a stored outcome have whole numbers: events with their total, or a
    mean with its SD."""
    stats: dict[int, set] = {}
    for r in o["results"]:
        stats.setdefault(r["arm_id"], set()).add(r["statistic"])
    return sum(1 for st in stats.values() if {"events", "total"} <= st or {"mean", "sd"} <= st)


def _complete(outcome: dict, *arms: dict) -> bool:
    """Whether ``outcome`` holds, for each of ``arms``, a mean with its SD or events with
    their group size."""
    for arm in arms:
        stats = {r["statistic"] for r in outcome["results"] if r["arm_id"] == arm["id"]}
        if not ({"mean", "sd"} <= stats or {"events", "total"} <= stats):
            return False
    return True


def _agree(a: dict, b: dict, *arms: dict) -> bool:
    """Whether outcomes ``a`` and ``b`` state the same value wherever both state a statistic
    for one of ``arms``."""
    for arm in arms:
        va = {r["statistic"]: r["value"] for r in a["results"] if r["arm_id"] == arm["id"]}
        for r in b["results"]:
            if r["arm_id"] == arm["id"] and r["statistic"] in va and \
                    not math.isclose(va[r["statistic"]], r["value"], rel_tol=1e-9, abs_tol=1e-9):
                return False
    return True


_BETTER_ARM = re.compile(r"^better_([IC])_")


def _better_side(r: D.Reading) -> Optional[str]:
    """The arm (``"I"`` or ``"C"``) a significant reading without a label says fared better
    ("significantly improved in the X group", "in favour of X") when the outcome's polarity is
    unknown, or None."""
    if r.label or r.significant is not True:
        return None
    for f in r.features:
        m = _BETTER_ARM.match(f)
        if m:
            return m.group(1)
    return None


def _effect_view(e: Optional[dict]) -> Optional[dict]:
    if e is None or e.get("measure") is None and e.get("p_value") is None:
        return None
    return {k: e[k] for k in ("measure", "value", "ci_low", "ci_high", "p_value") if e.get(k) is not None} | \
        ({"p_relation": e["p_relation"]} if e.get("p_value") is not None else {})


class Asker:
    """Answers questions over one store, keeping recent documents' indexes in memory."""

    #: the confidence model of the per-arm numbers (:mod:`corpus.confidence`), None withholds nothing
    confidence: Any = None
    #: the confidence features of the last answer that returned numbers (for training)
    last_features: Optional[dict] = None

    def __init__(self, store, *, model: Any = "auto", cache_size: int = 64, confidence: Any = "auto"):
        self.store = store
        self._docs: OrderedDict[int, DocIndex] = OrderedDict()
        self._resolved: dict[str, int] = {}
        self.cache_size = cache_size
        # every ranking feature computed even when the model in use does not read them (training)
        self.all_features = False
        if model == "auto":
            from extractor.compare import model as M
            model = M.load()
        self.model = model
        if confidence == "auto":
            confidence = C.load()
        self.confidence = confidence

    def index(self, doc_id: int) -> DocIndex:
        idx = self._docs.get(doc_id)
        if idx is None:
            idx = DocIndex(self.store, doc_id)
            self._docs[doc_id] = idx
            if len(self._docs) > self.cache_size:
                self._docs.popitem(last=False)
        else:
            self._docs.move_to_end(doc_id)
        return idx

    def resolve(self, doc: str) -> int:
        """The document id of ``doc`` (id, sha256 prefix or path fragment), or E024."""
        if doc not in self._resolved:
            self._resolved[doc] = self.store.document(doc)["id"]
        return self._resolved[doc]

    # -- one question ---------------------------------------------------------------------------
    def answer(self, q: Question) -> dict:
        doc_id = self.resolve(q.doc)
        idx = self.index(doc_id)
        out = self._answer(idx, _plain(q))
        out.update(q.echo())  # the question as given
        return out

    def _terms(self, idx: DocIndex, q: Question, ai, ac) -> D.Terms:
        i_alias, c_alias = [], []
        for arm, al in ((ai, i_alias), (ac, c_alias)):
            if arm is None:
                continue
            al.append(arm["label"] or "")
            if arm["label"] in idx.abbrev:
                al.append(idx.abbrev[arm["label"]])
        i_text = expand(q.intervention, idx.abbrev)
        c_text = expand(q.comparator, idx.abbrev)
        terms = D.Terms.build(expand(q.outcome, idx.abbrev), i_text, c_text, tuple(i_alias), tuple(c_alias))
        return terms.with_defined_labels(idx.label_defs)

    def rank(self, idx: DocIndex, q: Question, terms: D.Terms) -> list[tuple[float, _Sentence, dict]]:
        """Sentences scored for the question, best first (``(score, sentence, features)``).

        A sentence is a candidate when it shares a word with the question's outcome or, when
        a re-ranker orders the candidates, names it by an acronym (:func:`_by_acronym`) or
        reports a comparison in the paragraph of a sentence (or under a heading) that names it
        (:func:`_referring_back`); its
        features (:func:`extractor.compare.model.rank_features` adds more) say how much of the
        outcome it names (weighted by the words' rarity in the document, relative to the best
        candidate, and as word pairs in order), how much of each arm, whether it prints
        p-values, significance or comparative words and numbers, where it is (section,
        position) and whether it is a table row."""
        q_full = expand(q.outcome, idx.abbrev)
        q_seq = [norm(t) for t in tokens(q_full)]
        qo = _wset(q_full, outcome=True) or _wset(q.outcome)
        qo_all = _wset(q_full)
        stop = words("stopwords")
        q_bi = {(a, b) for a, b in zip(q_seq, q_seq[1:]) if a not in stop or b not in stop}
        qi, qc = terms.I, terms.C
        w_o, w_all, w_i, w_c = (_weights(x, idx) for x in (qo, qo_all, qi, qc))
        q_stems = {t: _stem(t) for t in qo}
        q_times = _timepoint_words(q.outcome)
        out = []
        for s in idx.sentences:
            ns = s.norms
            if ns.isdisjoint(w_all[0]) and ns.isdisjoint(w_o[0]):
                continue
            f = {
                "o": _share(w_o, ns),
                "o_all": _share(w_all, ns),
                "i": _share(w_i, ns),
                "c": _share(w_c, ns),
                "o_bi": len(q_bi & s.bigrams) / len(q_bi) if q_bi else 0.0,
            }
            out.append((f, s))
        if not out:
            return []
        reranked = self.model is not None and getattr(self.model, "reranker", None) is not None
        if reranked or self.all_features:
            # candidates only the re-ranker weighs (the rules would read a sentence about
            # another outcome as well as one referring back)
            named = {s.k: f for f, s in out}
            out += _by_acronym(idx, named, q.outcome, (w_o, w_all, w_i, w_c))
            out += _referring_back(idx, named, w_i, w_c)
        top_o = max(f["o"] for f, _ in out) or 1.0
        top_bi = max(f["o_bi"] for f, _ in out) or 1.0
        scored = []
        for f, s in out:
            f["o_rel"] = f["o"] / top_o
            f["o_top"] = 1.0 if f["o"] >= top_o else 0.0
            f["bi_rel"] = f["o_bi"] / top_bi
            f.update(s.static)
            scored.append([0.0, s, f])
        if reranked:
            self._context_features(idx, scored, qo, q_stems, w_o, q_times, (w_i, w_c))
            # the re-ranker reads the rules' best candidates (as many as it was trained on);
            # the others follow in the rules' order
            scored.sort(key=lambda r: -r[2]["rule"])
            head = scored[:self.model.rerank_candidates]
            for row, score in zip(head, self.model.rerank_scores([(f, s.section, s.text) for _, s, f in head])):
                row[0] = score
            low = min((r[0] for r in head), default=0.0)
            for i, row in enumerate(scored[len(head):]):
                row[0] = low - 1.0 - i * 1e-6
        else:
            if self.all_features:
                self._context_features(idx, scored, qo, q_stems, w_o, q_times, (w_i, w_c))
            for row in scored:
                f, s = row[2], row[1]
                if self.model is not None:
                    row[0] = self.model.rank_score(f, s.section, s.text)
                else:
                    row[0] = _rules_order(f)
        scored = [tuple(r) for r in scored]
        scored.sort(key=lambda x: -x[0])
        return scored

    @staticmethod
    def _context_features(idx: DocIndex, scored: list, qo: set[str], q_stems: dict[str, str],
                          w_o: tuple[dict[str, float], float], q_times: set[str],
                          w_arms: tuple = ()) -> None:
        """Features of each candidate that need the others or the document around it: the
        outcome's words found by stem and by count, the outcome's and arms' words found
        through the document's abbreviations (a sentence writing "LVEF" names "left
        ventricular ejection fraction"), the question's time point, the rule score and its
        rank among the candidates, the outcome share's rank, and how much of the outcome the
        sentences just before and after name."""
        w, tot = w_o
        n_q = max(len(qo), 1)
        by_k = {}
        asked = set(w) | {t for wa in w_arms for t in wa[0]}
        pairs = []
        for short, long in idx.abbrev.items():
            sw = _wset(short) or {norm(t) for t in tokens(short)}
            lw = _wset(long)
            if sw and lw and (sw | lw) & asked:
                pairs.append((frozenset(sw), frozenset(lw)))
        for _, s, f in scored:
            stems = s.stems
            ns = s.norms
            if pairs:
                extra = set()
                for sw, lw in pairs:
                    if sw <= ns:
                        extra |= lw
                    elif lw <= ns:
                        extra |= sw
                ns = ns | extra
            f["o_x"] = _share(w_o, ns)
            for key, wa in zip(("i_x", "c_x"), w_arms):
                f[key] = _share(wa, ns)
            f["o_stem"] = (sum(v for t, v in w.items() if t in s.norms or q_stems.get(t, t) in stems) / tot
                           if tot else 0.0)
            f["o_n"] = len(qo & s.norms) / n_q
            f["o_miss"] = float(len(qo - s.norms - {t for t in qo if q_stems.get(t, t) in stems}))
            if q_times:
                s_times = _timepoint_words(s.text)
                f["time_hit"] = 1.0 if q_times & s_times else 0.0
                f["time_other"] = 1.0 if s_times - q_times else 0.0
            f["rule"] = _rule_score(f)
            by_k[s.k] = f["o"]
        for key, name in (("rule", "rule_rank"), ("o", "o_rank"), ("o_stem", "stem_rank"), ("o_x", "ox_rank")):
            order = sorted(range(len(scored)), key=lambda i: -scored[i][2][key])
            for r, i in enumerate(order):
                scored[i][2][name] = 1.0 / (1 + r)
        best_rule = max(f["rule"] for _, _, f in scored)
        for _, s, f in scored:
            f["rule_gap"] = best_rule - f["rule"]
            f["prev_o"] = by_k.get(s.k - 1, 0.0)
            f["next_o"] = by_k.get(s.k + 1, 0.0)
        f_n = float(len(scored))
        for _, _, f in scored:
            f["n_cands"] = min(f_n, 200.0) / 200

    def prepare(self, idx: DocIndex, q: Question) -> dict:
        """What answering ``q`` rests on: the matched arms (``ai``, ``ac``, ``flipped``), the
        stored outcome (``chosen``, with the other candidates in ``good``), the question's
        words (``terms``), the ranked sentences (``ranked``) and the stored effect's reading
        (``stored``: ``(label, why, effect)`` or None)."""
        ai, ac, flipped = _match_arms(idx, q)
        cands = _match_outcomes(idx, q)
        good = [(s, o) for s, o in cands if s >= 0.5 and (ai is None or o["study_id"] == ai["study_id"])]
        chosen = self._choose(good, q, ai, ac)
        terms = self._terms(idx, q, ai, ac)
        ranked = self.rank(idx, q, terms)
        stored = self._stored_direction(chosen, ai, ac) if chosen else None
        return {"ai": ai, "ac": ac, "flipped": flipped, "chosen": chosen, "good": good,
                "terms": terms, "ranked": ranked, "stored": stored}

    def _decide(self, idx: DocIndex, q: Question, ctx: dict):
        """``(label, why, evidence sentences)`` from the ranked sentences and the stored effect."""
        ranked, terms, stored = ctx["ranked"], ctx["terms"], ctx["stored"]
        stored_label = stored[0] if stored is not None else None
        label, why, evidence = None, "", []
        if self.model is not None and ranked:
            label, conf, cue = self.model.decide(q.outcome, terms, ranked, stored_label)
            if label is not None:
                n = min(len(ranked), self.model.top_k)
                why = f"model {conf:.2f} over the best {n} sentences" if n > 1 else \
                    f"model {conf:.2f} over the one sentence about this outcome"
                if cue:
                    why += f"; {cue}"
                if stored_label is not None:
                    why += f"; stored effect {'agrees' if stored_label == label else 'says ' + stored_label}"
                    detail = (stored[1] or "").removeprefix("stored effect").lstrip(": ")
                    if detail:
                        why += f" ({detail})"
                return label, why, [ranked[0][1]]
        reading = better = None
        for _, s, _ in ranked[:3]:
            r = D.read_sentence(s.text, terms, q.outcome, header=s.header)
            if r.label:
                reading = (s, r.label, r.cue)
                break
            side = _better_side(r)
            if side is not None and better is None:
                better = (s, D.INCREASED if side == "I" else D.DECREASED, r.cue)
        if reading is not None:
            s, label, cue = reading
            why = f"read from the sentence: {cue}" if cue else "read from the sentence"
            evidence.append(s)
        elif better is not None:
            # a significant "improved"/"better" said of one arm, the outcome's polarity unknown:
            # the arm that fared better is read as the higher one
            s, label, cue = better
            why = f"read from the sentence: {cue} (the arm that fared better; higher taken as better)"
            evidence.append(s)
        elif stored_label is not None:
            label, why = stored_label, stored[1]
            effect = stored[2]
            s = idx.sentence_at(effect["char_start"]) if effect and effect.get("char_start") is not None else None
            if s is not None:
                evidence.append(s)
        if label is None:
            why = ("no sentence names this outcome" if not ranked else
                   "the sentences about this outcome state no significance or direction")
        return label, why, evidence

    def _answer(self, idx: DocIndex, q: Question) -> dict:
        ctx = self.prepare(idx, q)
        ai, ac, flipped, chosen, good = ctx["ai"], ctx["ac"], ctx["flipped"], ctx["chosen"], ctx["good"]
        ranked, stored = ctx["ranked"], ctx["stored"]
        effect = stored[2] if stored is not None else None
        pooled = _pooled(idx, q, ai, ac)  # numbers of one arm do not answer for arms pooled
        doubt = None if chosen is None or pooled else _doubt(idx, q, ai, ac, chosen)
        # the outcome the numbers are read at: the chosen one, or its end-of-treatment reading
        # when it is also reported at a later follow-up and nothing decides between them
        base, note = chosen, None
        eot = None if chosen is None or pooled or doubt else _end_of_treatment(q, chosen, good)
        if eot is not None:
            base, note = eot
            doubt = _doubt(idx, q, ai, ac, base) if base is not chosen else None
        # the outcome whose numbers are given: that one, or a reading of it that holds the arms' numbers
        source = None if pooled or doubt else Asker._numbers_outcome(idx, q, base, good, ai, ac)
        if note is None and source is not None and source is not chosen:
            eot = _end_of_treatment(q, source, good)
            note = eot[1] if eot is not None and eot[0] is source else None
        if source is not None and source is not base and not _END_OF_TREATMENT.search(source["timepoint"] or ""):
            note = None  # the numbers are another reading's, not the end of treatment's
        numbers_of = _arithmetic(idx, source)
        label, why, evidence = self._decide(idx, q, ctx)
        for _, s, _ in ranked[:3]:
            if s not in evidence:
                evidence.append(s)
        arms_numbers = (_arm_numbers(ai, numbers_of), _arm_numbers(ac, numbers_of))
        if doubt is None and source is not None:
            doubt = _one_sided(arms_numbers)
        self.last_features = None
        if doubt is None and source is not None and any(
                a is not None and any(a.get(k) is not None for k in NUMBER_KEYS) for a in arms_numbers):
            # numbers the confidence model finds likely wrong are withheld, saying why
            self.last_features = C.features(idx, q, good, chosen, source, ai, ac, arms_numbers)
            if self.confidence is not None:
                judged = self.confidence.judge(self.last_features)
                if judged.withhold:
                    for a in arms_numbers:
                        C.strip_numbers(a)
                    doubt = judged.reason
        out = q.echo()
        out.update({
            "document_id": idx.id,
            "answer": label,
            "outcome_id": chosen["id"] if chosen else None,
            "outcome_name": chosen["name"] if chosen else None,
            "timepoint": chosen["timepoint"] if chosen else None,
            "intervention_arm": arms_numbers[0],
            "comparator_arm": arms_numbers[1],
            "effect": _effect_view(effect),
            "evidence": [{"quote": s.text, "page": s.page, "char_start": s.char_start,
                          "char_end": s.char_end, "section": s.section} for s in evidence[:3]],
            "other_outcomes": [{"outcome_id": o["id"], "name": o["name"], "timepoint": o["timepoint"]}
                               for _, o in good if o is not chosen][:5],
            "why": why,
            "numbers_withheld": doubt,
            "numbers_note": note if source is not None else None,
        })
        if source is not None and source is not chosen:
            # the per-arm numbers are a fuller reading of the outcome than the one matched
            out["numbers_outcome"] = {"outcome_id": source["id"], "name": source["name"],
                                      "timepoint": source["timepoint"], "subgroup": source["subgroup"]}
        if flipped:
            out["why"] += " (the question's intervention is the stored control arm)"
        if pooled and chosen is not None:
            out["why"] += " (each side names several stored arms: no one arm's numbers answer it)"
        if chosen is not None and not pooled and not doubt:
            far = [w for w in (_far_denominator(a, chosen) for a in (ai, ac) if a is not None) if w]
            if far:
                out["why"] += " (" + "; ".join(far) + ")"
        return out

    @staticmethod
    def _choose(good: list[tuple[float, dict]], q: Question, ai: Optional[dict] = None,
                ac: Optional[dict] = None) -> Optional[dict]:
        if not good:
            return None
        if ai is not None and ac is not None:
            # among outcomes that fit the question equally, one that holds a whole comparison
            # (mean and SD, or events and group size, on both arms) over one that holds parts
            # of it (the same outcome read from a sentence that gave no SD): only when their
            # numbers agree, else they are different readings (subgroups, time points) and the
            # choice is not the numbers' to make
            top = good[0][0]
            near = [(s, o) for s, o in good if s >= top - 0.05]
            full = [(s, o) for s, o in near if _complete(o, ai, ac)]
            if full and len(full) < len(near) and all(_agree(o, full[0][1], ai, ac) for _, o in near):
                good = full
        top = good[0][0]
        near = [o for s, o in good if s >= top - 0.05]
        if len(near) == 1:
            return near[0]
        qt = _times(q.outcome)
        if qt:
            hit = [o for o in near if _same_time(qt, _times(o["timepoint"] or "")
                                                 or ({_name_time(o)} - {None}))]
            if hit:
                return hit[0]
        # readings of one outcome (a sentence giving percentages, another the counts behind
        # them): the one with whole per-arm numbers (events of a total, mean with SD), when a
        # partial reading states the same values (else they may be different populations)
        def restated(o):
            arms = [{"id": a} for a in {r["arm_id"] for r in o["results"]}]
            return any(p is not o and _whole_arms(p) < 2 and p["results"] and _agree(p, o, *arms) for p in near)
        whole = [o for o in near if _whole_arms(o) >= 2 and restated(o)]
        if whole and len(whole) < len(near):
            near = whole
            if len(near) == 1:
                return near[0]
        prim = [o for o in near if o["is_primary"]]
        if prim:
            return prim[0]
        pool = [o for o in near if o["results"]] or near
        if not any(o["timepoint"] for o in pool):
            # readings whose names print their time points ("Mini Cal: Two weeks", "Mini Cal:
            # Twelve weeks"): the last one, as of readings with stored time points
            named = [_name_time(o) for o in pool]
            if None not in named and len(set(named)) > 1:
                return pool[named.index(max(named))]
            return pool[0]
        # one outcome at several time points, the text restating the values of one of them:
        # the time point the article's text reports (before the last one by default)
        told = [o for o in pool if o.get("text_restates") and o["timepoint"]]
        if len(told) == 1 and len({(o["timepoint"] or "").lower() for o in pool}) > 1:
            return told[0]
        # the last time point; of several readings at that time point (two tables, two
        # populations), the first one the article prints; of periods all ending then
        # ("4-12 months", "0-12 months"), the whole one
        last = pool[-1]
        when = [max(_times(o["timepoint"] or "") or {-1.0}) for o in pool]
        if max(when) < 0:
            # no time point with a number ("Pre-test | Post-test" beside a reading with none):
            # the reading after treatment, then one with no time point, the one at entry last
            # (of readings with no time point, a change only when the question asks for one,
            # and the first the article prints: no order of time tells them apart)
            q_change = _CHANGE.search(q.outcome) is not None
            rank = [_after_rank(o["timepoint"]) - (2 if not q_change and _CHANGE.search(o["name"] or "") else 0)
                    for o in pool]
            top_rank = [o for o, k in zip(pool, rank) if k == max(rank)]
            last = top_rank[-1] if max(rank) > 1 else top_rank[0]
        else:
            last = pool[when.index(max(when))]
            ending = [o for o, w in zip(pool, when) if w == max(when)]
            starts = [_period_start(o["timepoint"]) for o in ending]
            if len(set(starts)) > 1 and None not in starts:
                last = ending[starts.index(min(starts))]
        return next(o for o in pool if (o["timepoint"] or "").lower() == (last["timepoint"] or "").lower()
                    and _times(o["timepoint"] or "") == _times(last["timepoint"] or ""))

    @staticmethod
    def _numbers_outcome(idx: DocIndex, q: Question, chosen: Optional[dict], good: list[tuple[float, dict]],
                         ai: Optional[dict], ac: Optional[dict]) -> Optional[dict]:
        """The stored outcome whose per-arm numbers answer ``q``: ``chosen`` when it holds whole
        numbers (events with their total, or a mean with its SD) for both arms. Else another
        outcome that fits the question (score of :func:`_match_outcomes` 0.5 or more) and holds
        them, when it is

        * a fuller reading of ``chosen``: for each arm it states at least one of ``chosen``'s
          statistics, and every one it states alike ("40%" and "83%" of a sentence, "4/10 (40%)"
          and "5/6 (83%)" of a table); or
        * the one :meth:`_choose` takes among the outcomes holding whole numbers, when
          ``chosen`` gives the arms no number at all (a sentence stating only an effect);

        and no doubt (:func:`_doubt`) withholds its numbers; of an outcome reported both at the end
        of treatment and at a later follow-up with nothing to decide, the end-of-treatment reading
        (:func:`_end_of_treatment`). The outcome the direction is read from stays ``chosen``."""
        if chosen is None or ai is None or ac is None or _complete(chosen, ai, ac):
            return chosen
        whole = [(s, o) for s, o in good if o is not chosen and _complete(o, ai, ac)]
        if not whole:
            return chosen
        arm_ids = (ai["id"], ac["id"])
        own = [r for r in chosen["results"] if r["arm_id"] in arm_ids and r["statistic"] in NUMBER_KEYS]
        if own:
            def restates(o):
                return all(any(r["arm_id"] == a and r["statistic"] in {x["statistic"] for x in own if x["arm_id"] == a}
                               for r in o["results"]) for a in arm_ids) and _agree(chosen, o, ai, ac)
            fuller = [(s, o) for s, o in whole if restates(o)]
            alt = fuller[0][1] if fuller and all(_agree(o, fuller[0][1], ai, ac) for _, o in fuller) else None
        else:
            alt = Asker._choose(whole, q, ai, ac)
        if alt is not None and (eot := _end_of_treatment(q, alt, whole)) is not None:
            alt = eot[0]
        if alt is None or _doubt(idx, q, ai, ac, alt):
            return chosen
        return alt

    @staticmethod
    def _stored_direction(o: dict, ai: Optional[dict], ac: Optional[dict]):
        """``(label, why, effect)`` from the outcome's stored effect and per-arm values."""
        best = None
        for e in o["effects"]:
            if e["p_value"] is not None or e["ci_low"] is not None or e["significant"] is not None:
                best = e
                break
        if best is None:
            best = o["effects"][0] if o["effects"] else None
        if best is None:
            return None
        vals = {}
        for r in o["results"]:
            if r["statistic"] in ("percent", "mean", "median", "events") and r["arm_id"] not in vals:
                vals[r["arm_id"]] = r["value"]
        iv = vals.get(ai["id"]) if ai else None
        cv = vals.get(ac["id"]) if ac else None
        measure = best["measure"]
        value = best["value"]
        # the effect's own orientation: intervention vs control arm as stored
        flip = bool(ai and best["control_arm_id"] == ai["id"])
        if best.get("finding") in D.LABELS:
            label = best["finding"]
            if flip and label != D.NO_DIFF:
                label = D.INCREASED if label == D.DECREASED else D.DECREASED
        else:
            change, sig = D.effect_change(measure, value, best["ci_low"], best["ci_high"], best["p_value"],
                                          best["p_relation"], iv, cv)
            if sig is None and best["significant"] is not None:
                sig = bool(best["significant"])
            if change and flip and (iv is None or measure):
                change = -change
            label = D.change_label(change, sig)
        why = ""
        if label:
            bits = []
            if measure and value is not None:
                bits.append(f"{measure} {_fmt(value)}")
            if best["p_value"] is not None:
                bits.append(f"p {best['p_relation'] or '='} {_fmt(best['p_value'])}")
            why = "stored effect: " + ", ".join(bits) if bits else "stored effect"
        return label, why, best


def answer(store, question: Question, *, model: Any = "auto") -> dict:
    """One question answered from ``store`` (see :class:`Asker` for batches)."""
    return Asker(store, model=model).answer(question)


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------
CSV_COLUMNS = ["doc", "outcome", "intervention", "comparator", "document_id", "answer",
               "outcome_id", "outcome_name", "timepoint",
               *[f"intervention_{k}" for k in ("arm_id", "label") + NUMBER_KEYS],
               *[f"comparator_{k}" for k in ("arm_id", "label") + NUMBER_KEYS],
               "effect_measure", "effect_value", "effect_ci_low", "effect_ci_high", "effect_p_value",
               "evidence_quote", "evidence_page", "evidence_char_start", "evidence_char_end", "why",
               "numbers_withheld", "numbers_note"]


def csv_row(a: dict, extra: Iterable[str] = ()) -> dict:
    """One answer flattened to the columns of :data:`CSV_COLUMNS` (plus ``extra`` fields)."""
    row = {k: a.get(k) for k in ("doc", "outcome", "intervention", "comparator", "document_id",
                                  "answer", "outcome_id", "outcome_name", "timepoint")}
    for side in ("intervention", "comparator"):
        arm = a.get(f"{side}_arm") or {}
        for k in ("arm_id", "label") + NUMBER_KEYS:
            row[f"{side}_{k}"] = arm.get(k)
    eff = a.get("effect") or {}
    for k in ("measure", "value", "ci_low", "ci_high", "p_value"):
        row[f"effect_{k}"] = eff.get(k)
    ev = (a.get("evidence") or [{}])[0] if a.get("evidence") else {}
    for k in ("quote", "page", "char_start", "char_end"):
        row[f"evidence_{k}"] = ev.get(k)
    row["why"] = a.get("why")
    row["numbers_withheld"] = a.get("numbers_withheld")
    row["numbers_note"] = a.get("numbers_note")
    for k in extra:
        row[k] = a.get(k)
    return row


def render(a: dict) -> str:
    """An answer as a few readable lines."""
    lines = [f"{a['outcome']} — {a['intervention']} vs {a['comparator']} (document {a['document_id']})",
             f"  answer: {a['answer'] or 'not stated'}" + (f" — {a['why']}" if a.get("why") else "")]
    if a.get("outcome_id"):
        tp = f" at {a['timepoint']}" if a.get("timepoint") else ""
        lines.append(f"  outcome: {a['outcome_name']}{tp} (outcome {a['outcome_id']})")
    for side in ("intervention", "comparator"):
        arm = a.get(f"{side}_arm")
        if arm:
            nums = ", ".join(f"{k} {_fmt(arm[k])}" for k in NUMBER_KEYS if k in arm)
            lines.append(f"  {side}: {arm['label']}" + (f": {nums}" if nums else ""))
    src = a.get("numbers_outcome")
    if src:
        tp = f" at {src['timepoint']}" if src.get("timepoint") else ""
        sub = f" ({src['subgroup']})" if src.get("subgroup") else ""
        lines.append(f"  numbers from: {src['name']}{tp}{sub} (outcome {src['outcome_id']})")
    if a.get("numbers_withheld"):
        lines.append(f"  numbers withheld: {a['numbers_withheld']}")
    if a.get("numbers_note"):
        lines.append(f"  numbers: {a['numbers_note']}")
    eff = a.get("effect")
    if eff:
        bits = []
        if eff.get("measure"):
            bits.append(f"{eff['measure']} {_fmt(eff.get('value'))}")
        if eff.get("ci_low") is not None:
            bits.append(f"CI {_fmt(eff['ci_low'])} to {_fmt(eff['ci_high'])}")
        if eff.get("p_value") is not None:
            bits.append(f"p {eff.get('p_relation') or '='} {_fmt(eff['p_value'])}")
        lines.append("  effect: " + ", ".join(bits))
    for ev in (a.get("evidence") or [])[:1]:
        where = f"p. {ev['page']}, " if ev.get("page") else ""
        q = " ".join(ev["quote"].split())
        lines.append(f"  evidence ({where}chars {ev['char_start']}-{ev['char_end']}): {q}")
    return "\n".join(lines)
