"""The learned part of answering a comparison: a sentence ranker, a re-ranker and a direction
classifier.

All are trained offline (``benchmarks/train_ask.py``, scikit-learn and LightGBM, the ``[train]``
extra) and shipped as plain JSON (``data/compare/model.json``: feature names, coefficients and
tree nodes, no pickles), so answering needs neither of them nor a network.  When the file is absent
:func:`load` returns ``None`` and :mod:`corpus.ask` uses the rules alone; a file without a
re-ranker orders the sentences by the linear ranker.

The re-ranker (:class:`Trees`, gradient-boosted trees, pointwise or trained to order each
question's candidates) scores the rules' best candidate
sentences and table rows of a question from :func:`rerank_features`: the ranker's features,
what the sentence prints (p-values, intervals, effect measures), what kind of text it is
(a glossary, a legend, a method, a hedged or cited statement), and features that compare it
with the other candidates and its neighbours (``corpus.ask.Asker._context_features``: the
outcome's words found by stem, the question's time point, the rules' score and rank).

Features are built here, for training and answering alike:

* ranking (:func:`rank_features`): how much of the question's outcome and arms a sentence
  names, p-values, significance and comparative words, section, length;
* direction (:func:`direction_features`): the sentence with the arms and the outcome masked
  (``INTV``, ``CTRL``, ``OUTC``; numbers as ``NUM``) as word uni- and bigrams, plus the rule
  reading of :func:`extractor.compare.direction.read_sentence` (its label and cues), so the
  model learns which arm is higher from the words around the masks, not from drug names; and
  the finding of the stored effect of the question's outcome, apart where the sentence says
  the difference is significant but not which way ("differed significantly (p = 0.004)").
"""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Optional

from . import direction as D
from .text import DATA

__all__ = ["Model", "Trees", "load", "rank_features", "rerank_features", "direction_features", "MODEL_PATH"]

MODEL_PATH = DATA / "model.json"
SECTIONS = ("abstract", "results", "discussion", "methods", "introduction", "conclusions", "conclusion")
_WORD = re.compile(r"INTV|CTRL|OUTC|[a-z]+|[<>=≤≥±]|\d+(?:[.,·]\d+)?")


@lru_cache(maxsize=8192)
def _rank_text(text: str) -> dict[str, float]:
    """The ranker's features of the text alone (kept for the other questions of a document)."""
    return {
        "nodiff": 1.0 if D.cues()["no_difference"].search(text) else 0.0,
        "vs": 1.0 if re.search(r"\bvs\.?\b|\bversus\b|\bcompared\s+(?:with|to)\b|\bthan\b", text, re.I) else 0.0,
        "sig_word": 1.0 if re.search(r"\bsignifican", text, re.I) else 0.0,
        "cite": 1.0 if re.search(r"\[\d|\(\s*[A-Z][a-z]+\s+et\s+al", text) else 0.0,
        "aim": 1.0 if re.search(r"\b(?:aim|objective|purpose|hypothes|we\s+(?:sought|investigated|assessed|evaluated|compared))", text, re.I) else 0.0,
        "measured": 1.0 if re.search(r"\b(?:was|were)\s+(?:measured|assessed|recorded|evaluated|defined|calculated|collected)\b|\bprimary\s+(?:end\s*point|outcome)\s+(?:was|is)\b", text, re.I) else 0.0,
    }


def rank_features(f: dict, section: Optional[str], text: str) -> dict[str, float]:
    """The ranker's features of one sentence (``f``: the overlap scores of :mod:`corpus.ask`)."""
    x = {k: float(v) for k, v in f.items()}
    x["o2"] = f["o"] ** 2
    x["o_x_sig"] = f["o"] * (f["sig"] + f["p"])
    x["o_x_arms"] = f["o"] * min(1.0, f["i"] + f["c"])
    x["both_arms"] = 1.0 if f["i"] > 0 and f["c"] > 0 else 0.0
    x["sec_" + (section if section in SECTIONS else "other")] = 1.0
    x.update(_rank_text(text))
    for k in ("o_rel", "bi_rel", "o_bi"):
        if k in f:
            x[k + "_x_p"] = f[k] * (f["p"] + f["sig"] + f["cmp"]) / 3
    if "pos" in f:
        x["pos_early"] = 1.0 if f["pos"] < 0.1 else 0.0
        x["abs_x_o"] = f["o"] if section == "abstract" else 0.0
    return x


_CI = re.compile(r"\bCIs?\b|confidence\s+interval|\bcredible\s+interval", re.I)
_MEASURE = re.compile(r"\b(?:a?OR|RR|HR|IRR|A?RD|MD|SMD|WMD|NNT)\b|odds\s+ratio|risk\s+ratio|hazard\s+ratio|"
                      r"relative\s+risk|mean\s+difference|risk\s+difference", re.I)
_NEGATION = re.compile(r"\b(?:no|not|neither|nor|without|non)\b|n't\b", re.I)
_GROUPS = re.compile(r"\b(?:groups?|arms?|cohorts?)\b", re.I)
_BETWEEN = re.compile(r"\bbetween\b|\bboth\b|\beither\b|\bamong\b", re.I)
# "RRT, renal replacement therapy; CVVH, ..." / "FEV1 = forced expiratory volume": a glossary
_DEFINITION = re.compile(r"(?<![\w-])[A-Z][A-Za-z0-9-]{0,12}[A-Z0-9][A-Za-z0-9-]*\s*(?:=|:|,)\s*[a-z]")
_LEGEND = re.compile(r"^\s*Abbreviations?\b|^\s*(?:Table|Fig(?:ure)?\.?)\s*[\dIVX]|\b(?:data|values|results)\s+(?:are|were)\s+"
                     r"(?:expressed|presented|shown|given|reported)\b", re.I)
_BASELINE = re.compile(r"\bbaseline\b|\bat\s+(?:entry|enrol(?:l)?ment|randomi[sz]ation|admission|inclusion)\b|"
                       r"\bpre-?(?:treatment|intervention|operative|randomi[sz]ation)\b", re.I)
_PURPOSE = re.compile(r"\bwe\s+(?:determined|examined|studied|tested|hypothesi[sz]ed|aimed|report|describe|"
                      r"conducted|performed|designed)\b|\b(?:this|the\s+present|our)\s+(?:study|trial)\s+"
                      r"(?:aimed|was\s+designed|investigated|examined|evaluated|compared|assessed)", re.I)
_HEDGE = re.compile(r"\b(?:may|might|could|suggests?|suggested|likely|possibl[ey]|perhaps|hypothes)", re.I)
_OTHERS = re.compile(r"\b(?:previous(?:ly)?|prior|other\s+(?:studies|trials|authors)|has\s+been|have\s+been"
                     r"\s+(?:reported|shown|described))\b|\bet\s+al\b", re.I)
_METHOD = re.compile(r"\b(?:randomi[sz]ed|allocated|assigned|enrolled|recruited|eligible|inclusion|exclusion|"
                     r"protocol|questionnaire|scale|measured|assessed|calculated|defined|analy[sz]ed)\b", re.I)


@lru_cache(maxsize=8192)
def _text_features(text: str) -> dict[str, float]:
    """The features of :func:`rerank_features` that depend on the text alone (kept for the
    other questions about the same document)."""
    x: dict[str, float] = {}
    ps = D.p_values(text)
    x["n_p"] = min(len(ps), 5) / 5
    x["p_low"] = 1.0 if any(v < 0.05 for _, v, _ in ps) else 0.0
    x["p_high"] = 1.0 if any(v >= 0.05 for _, v, _ in ps) else 0.0
    x["ci"] = 1.0 if _CI.search(text) else 0.0
    x["measure"] = 1.0 if _MEASURE.search(text) else 0.0
    x["pm"] = 1.0 if "±" in text else 0.0
    x["pct"] = min(text.count("%"), 6) / 6
    x["neg"] = 1.0 if _NEGATION.search(text) else 0.0
    x["groups"] = 1.0 if _GROUPS.search(text) else 0.0
    x["between"] = 1.0 if _BETWEEN.search(text) else 0.0
    x["defs"] = min(len(_DEFINITION.findall(text)), 6) / 6
    x["semis"] = min(text.count(";") + text.count("="), 6) / 6
    x["legend"] = 1.0 if _LEGEND.search(text) else 0.0
    x["hedge"] = 1.0 if _HEDGE.search(text) else 0.0
    x["others"] = 1.0 if _OTHERS.search(text) else 0.0
    x["method"] = 1.0 if _METHOD.search(text) else 0.0
    x["ntok"] = min(len(text.split()), 120) / 120
    x["cues_sig"] = 1.0 if D.cues()["significant"].search(text) else 0.0
    x["baseline"] = 1.0 if _BASELINE.search(text) else 0.0
    x["purpose"] = 1.0 if _PURPOSE.search(text) else 0.0
    return x


def rerank_features(f: dict, section: Optional[str], text: str) -> dict[str, float]:
    """The re-ranker's features of one candidate: those of :func:`rank_features` plus what the
    sentence prints (p-values below and above 0.05, confidence intervals, effect measures,
    ± and % signs, negation), how it names the arms (groups, "between"), whether it reads as a
    glossary of abbreviations, a table or figure legend, a hedged or cited statement, or a
    method, and its length in words."""
    x = rank_features(f, section, text)
    x.update(_text_features(text))
    return x


class Trees:
    """A boosted tree ensemble (exported from scikit-learn's histogram gradient boosting or
    LightGBM's ranker) that scores many candidates at once with numpy: all trees are walked
    level by level."""

    def __init__(self, data: dict):
        import numpy as np

        self.np = np
        self.features = list(data["features"])
        self.col = {name: j for j, name in enumerate(self.features)}
        self.baseline = float(data["baseline"])
        trees = data["trees"]
        width = max(len(t["feature"]) for t in trees)
        shape = (len(trees), width)
        self.feature = np.zeros(shape, dtype=np.int64)
        self.threshold = np.zeros(shape)
        self.left = np.zeros(shape, dtype=np.int64)
        self.right = np.zeros(shape, dtype=np.int64)
        self.value = np.zeros(shape)
        for i, t in enumerate(trees):
            n = len(t["feature"])
            leaf = np.array(t["leaf"], dtype=bool)
            idx = np.arange(n)
            self.feature[i, :n] = t["feature"]
            self.threshold[i, :n] = t["threshold"]
            # a leaf points to itself, so walking further keeps it
            self.left[i, :n] = np.where(leaf, idx, t["left"])
            self.right[i, :n] = np.where(leaf, idx, t["right"])
            self.value[i, :n] = t["value"]
        self.depth = int(data["depth"])
        self.rows = np.arange(len(trees))[:, None]

    def matrix(self, xs: list[dict[str, float]]):
        X = self.np.zeros((len(xs), len(self.features)))
        col = self.col
        for i, x in enumerate(xs):
            for k, v in x.items():
                j = col.get(k)
                if j is not None:
                    X[i, j] = v
        return X

    def scores(self, X):
        """The ensemble's raw score (log-odds) of each row of ``X``."""
        np = self.np
        n = X.shape[0]
        node = np.zeros((self.feature.shape[0], n), dtype=np.int64)
        cand = np.arange(n)[None, :]
        for _ in range(self.depth):
            feat = self.feature[self.rows, node]
            go_left = X[cand, feat] <= self.threshold[self.rows, node]
            node = np.where(go_left, self.left[self.rows, node], self.right[self.rows, node])
        return self.baseline + self.value[self.rows, node].sum(axis=0)


def _lower_words(masked: str) -> str:
    return re.sub(r"(?<![A-Z])[A-Z]+[a-z]*", lambda m: m.group(0) if m.group(0) in ("INTV", "CTRL", "OUTC") else m.group(0).lower(), masked)


def direction_features(text: str, terms: "D.Terms", outcome: str = "",
                       header: Optional[tuple[str, ...]] = None,
                       stored: Optional[str] = None) -> dict[str, float]:
    """The direction classifier's features of one sentence for one question (``header``: of a
    table row, its cells' column headings, see :func:`extractor.compare.direction.column_change`;
    ``stored``: the finding of the stored effect of the question's outcome, one of
    :data:`extractor.compare.direction.LABELS`, which the classifier weighs against the
    sentence, most where the sentence says the difference is significant but not which way)."""
    found = D.mentions(text, terms)
    masked = D.mask(text, found)
    toks = ["NUM" if t[0].isdigit() else t for t in _WORD.findall(_lower_words(masked))]
    x: dict[str, float] = {}
    for i, t in enumerate(toks):
        x["w:" + t] = 1.0
        if i:
            x["b:" + toks[i - 1] + "_" + t] = 1.0
    # the words of the clause that names the outcome, apart
    a, b = D.focus(text, found)
    if (a, b) != (0, len(text)):
        ctoks = ["NUM" if t[0].isdigit() else t for t in _WORD.findall(_lower_words(D.mask(text[a:b], [
            D.Mention(m.start - a, m.end - a, m.role) for m in found if a <= m.start and m.end <= b])))]
        for i, t in enumerate(ctoks):
            x["cw:" + t] = 1.0
            if i:
                x["cb:" + ctoks[i - 1] + "_" + t] = 1.0
    r = D.read_sentence(text, terms, outcome, found, header)
    x["rule:" + (r.label or "none")] = 1.0
    x[f"state:{r.significant}_{r.change}"] = 1.0
    if "\t" in text:
        x["table_row"] = 1.0
        x[f"table_row_rule:{r.label}"] = 1.0
    for feat in r.features:
        x["rf:" + feat] = 1.0
    if r.change is not None:
        x[f"rule_change:{r.change}"] = 1.0
    if r.significant is not None:
        x[f"rule_sig:{r.significant}"] = 1.0
    roles = "".join(m.role for m in found if m.role in "IC")
    x["order:" + re.sub(r"(.)\1+", r"\1", roles)[:3]] = 1.0
    if stored:
        x["stored:" + stored] = 1.0
        if r.significant and not r.change:
            x["stored_nodir:" + stored] = 1.0
    return x


class Model:
    """The shipped linear models (see the module docstring)."""

    def __init__(self, data: dict):
        rk = data["ranker"]
        self.rank_w = dict(zip(rk["features"], rk["coef"]))
        self.rank_b = rk["intercept"]
        self.reranker = Trees(data["reranker"]) if data.get("reranker") else None
        self.rerank_candidates = int((data.get("reranker") or {}).get("candidates", 120))
        dr = data["direction"]
        self.classes = dr["classes"]
        self.dir_w = {f: w for f, w in zip(dr["features"], dr["coef"])}
        self.dir_b = dr["intercept"]
        self.top_k = data.get("top_k", 1)
        self.temperature = data.get("temperature", 1.0)
        self.stored_weight = data.get("stored_weight", 0.0)

    def rank_score(self, f: dict, section: Optional[str], text: str) -> float:
        return self.rank_score_x(rank_features(f, section, text))

    def rerank_scores(self, cands: list[tuple[dict, Optional[str], str]]) -> list[float]:
        """The re-ranker's scores of candidates ``(features, section, text)`` of one question
        (the features with those of ``corpus.ask.Asker._context_features``)."""
        if not cands:
            return []
        X = self.reranker.matrix([rerank_features(f, sec, text) for f, sec, text in cands])
        return [float(v) for v in self.reranker.scores(X)]

    def rank_score_x(self, x: dict[str, float]) -> float:
        """The ranker's score of a sentence's :func:`rank_features`."""
        return self.rank_b + sum(self.rank_w.get(k, 0.0) * v for k, v in x.items())

    def probabilities(self, x: dict[str, float]) -> list[float]:
        z = list(self.dir_b)
        for k, v in x.items():
            w = self.dir_w.get(k)
            if w is not None:
                for j in range(len(z)):
                    z[j] += w[j] * v
        m = max(z)
        e = [math.exp(v - m) for v in z]
        s = sum(e)
        return [v / s for v in e]

    def decide(self, outcome: str, terms: "D.Terms", ranked: list, stored: Optional[str] = None
               ) -> tuple[Optional[str], float, str]:
        """``(label, confidence, cue)`` from the best-ranked sentences (``(score, sentence,
        features)``, best first) and the stored effect's finding (``stored``).

        Each of the ``top_k`` sentences is read by the classifier; their class probabilities
        are averaged with weights ``softmax(rank score / temperature)``, the stored finding
        adds ``stored_weight`` to its label, and the best label wins."""
        if not ranked:
            return None, 0.0, ""
        top = ranked[:max(1, self.top_k)]
        t = max(self.temperature, 1e-6)
        m = max(r[0] for r in top)
        ws = [math.exp((r[0] - m) / t) for r in top]
        z = sum(ws)
        total = [0.0] * len(self.classes)
        cue = ""
        for w, (_, s, _) in zip(ws, top):
            x = direction_features(s.text, terms, outcome, getattr(s, "header", None), stored)
            p = self.probabilities(x)
            total = [a + w / z * b for a, b in zip(total, p)]
        if stored in self.classes:
            total[self.classes.index(stored)] += self.stored_weight
        z = sum(total)
        total = [v / z for v in total]
        j = max(range(len(total)), key=total.__getitem__)
        r = D.read_sentence(top[0][1].text, terms, outcome, header=getattr(top[0][1], "header", None))
        if r.label == self.classes[j] and r.cue:
            cue = r.cue
        return self.classes[j], total[j], cue

@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> Optional[Model]:
    with open(path, encoding="utf-8") as fh:
        return Model(json.load(fh))


def load(path: Path | str | None = None) -> Optional[Model]:
    """The shipped model, or ``None`` when its file is absent (the rules answer alone)."""
    p = Path(path) if path else MODEL_PATH
    if not p.is_file():
        return None
    return _load(str(p), p.stat().st_mtime)
