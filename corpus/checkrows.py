"""What the consistency checks read and how they word it: the rules file, one document's
stored trial rows indexed for the checks, and the number formatting used in messages.

Shared by :mod:`corpus.checks` (per-arm percentages, studies and arms) and
:mod:`corpus.effectchecks` (effect estimates); not a public interface.
"""
from __future__ import annotations

import json
import math
import re
import sqlite3
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from extractor import stats

__all__ = ["rules", "RULES_PATH"]

RULES_PATH = Path(__file__).with_name("data") / "checks.json"
_NUM = re.compile(r"(?<![\w.])[-−–]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:[.·]\d+)?")


@lru_cache(maxsize=1)
def rules() -> dict:
    """The check rules (``corpus/data/checks.json``), loaded once."""
    data = json.loads(RULES_PATH.read_text(encoding="utf-8"))
    m = data["measures"]
    for key in ("odds_ratio", "risk_ratio", "risk_difference", "relative_risk_reduction", "nnt",
                "ratio", "difference",
                "wald_symmetric_difference", "adjusted"):
        m[key] = frozenset(m[key])
    data["exponent_re"] = re.compile(data["exponent_loss"]["pattern"])
    data["grim_re"] = re.compile(data["grim"]["outcome_pattern"], re.I)
    return data


def _measure_key(measure: Optional[str]) -> str:
    return re.sub(r"[\s.\-_'’]+", "", measure or "").upper()


def _fmt(x: Optional[float], digits: int = 4) -> str:
    """A number for a message: integers without decimals, others to ``digits`` significant."""
    if x is None:
        return "?"
    if isinstance(x, float) and (math.isnan(x) or math.isinf(x)):
        return str(x)
    if float(x) == int(x) and abs(x) < 1e12:
        return str(int(x))
    return f"{x:.{digits}g}" if abs(x) < 1e-3 else f"{x:.{digits}f}".rstrip("0").rstrip(".")


def _p(x: float) -> str:
    return "nan" if x is None or math.isnan(x) else (f"{x:.2g}" if x < 0.0001 else f"{x:.4f}")


@lru_cache(maxsize=4096)
def _decimals(quote: Optional[str], value: Optional[float]) -> int:
    """Decimals with which ``value`` was printed in ``quote`` (falls back to the float)."""
    if value is None:
        return 0
    if quote:
        for m in _NUM.finditer(quote):
            tok = m.group(0)
            if not any(ch.isdigit() for ch in tok):
                continue
            clean = tok.replace(",", "").replace("·", ".").lstrip("-−–")
            try:
                if math.isclose(float(clean), abs(value), rel_tol=1e-9, abs_tol=1e-12):
                    return stats.decimals_of(tok)
            except ValueError:
                continue
    return stats.decimals_of(float(value))


_RELATION = {"=": "=", "==": "=", "<": "<", "≤": "<", "<=": "<", "=<": "<", ">": ">", "≥": ">",
             ">=": ">", "=>": ">"}


class _Doc:
    """One document's trial rows, indexed for the checks."""

    def __init__(self, conn: sqlite3.Connection, document_id: int):
        self.id = document_id

        def q(sql: str, *params) -> list[dict]:
            cur = conn.execute(sql, params)
            cols = [c[0] for c in cur.description]
            return [dict(zip(cols, r)) for r in cur]

        self.studies = q("SELECT * FROM studies WHERE document_id = ? ORDER BY id", document_id)
        sids = [s["id"] for s in self.studies] or [-1]
        marks = ",".join("?" * len(sids))
        self.arms = {a["id"]: a for a in q(f"SELECT * FROM arms WHERE study_id IN ({marks})"
                                           " ORDER BY id", *sids)}
        self.outcomes = q(f"SELECT * FROM outcomes WHERE study_id IN ({marks}) ORDER BY id", *sids)
        self.outcome = {o["id"]: o for o in self.outcomes}
        oids = [o["id"] for o in self.outcomes] or [-1]
        omarks = ",".join("?" * len(oids))
        self.results: dict[int, list[dict]] = defaultdict(list)
        self.result_arm: dict[int, Optional[int]] = {}
        for r in q(f"SELECT * FROM arm_results WHERE outcome_id IN ({omarks}) ORDER BY id", *oids):
            self.results[r["outcome_id"]].append(r)
            self.result_arm[r["id"]] = r["arm_id"]
        self.effects: dict[int, list[dict]] = defaultdict(list)
        for e in q(f"SELECT * FROM effects WHERE outcome_id IN ({omarks}) ORDER BY id", *oids):
            e["p_relation"] = _RELATION.get((e["p_relation"] or "=").strip(), "=")
            self.effects[e["outcome_id"]].append(e)
        self.arm_flags = {(r["subject_id"], r["check"]) for r in q(
            'SELECT subject_id, "check" FROM checks WHERE document_id = ? AND subject = \'arms\'',
            document_id)}
        self.study_arms: dict[int, list[dict]] = defaultdict(list)
        for a in self.arms.values():
            self.study_arms[a["study_id"]].append(a)

    # -- helpers over the rows ------------------------------------------------------------------
    @staticmethod
    def arm_n(arm: Optional[dict]) -> Optional[int]:
        if not arm:
            return None
        n = arm.get("n_analyzed") or arm.get("n_randomized")
        return int(n) if n else None

    def arm_n_range(self, arm: Optional[dict]) -> Optional[tuple[int, int]]:
        """The arm's analysed size as a range: exact when stated, else from the trial's totals.

        When only the trial says that fewer were analysed than randomized, the arm lost
        between 0 and all of the difference.
        """
        n = self.arm_n(arm)
        if not n:
            return None
        if arm.get("n_analyzed"):
            return n, n
        st = next((s for s in self.studies if s["id"] == arm["study_id"]), None)
        if st and st["n_randomized"] and st["n_analyzed"] and st["n_analyzed"] < st["n_randomized"]:
            return max(2, n - (st["n_randomized"] - st["n_analyzed"])), n
        return n, n

    def stat(self, outcome_id: int, arm_id: int, names: Iterable[str]) -> Optional[dict]:
        """The arm's result row of one of ``names`` (reported rows before derived ones)."""
        names = set(names)
        rows = [r for r in self.results.get(outcome_id, ()) if r["arm_id"] == arm_id
                and (r["statistic"] or "").lower() in names and r["value"] is not None]
        rows.sort(key=lambda r: bool(r["derived"]))
        return rows[0] if rows else None

    def comparison(self, outcome: dict, effect: Optional[dict] = None
                   ) -> tuple[Optional[dict], Optional[dict]]:
        """The (intervention, control) arms an effect compares."""
        if effect and effect.get("intervention_arm_id") and effect.get("control_arm_id"):
            return self.arms.get(effect["intervention_arm_id"]), self.arms.get(
                effect["control_arm_id"])
        arms = self.study_arms.get(outcome["study_id"], [])
        iv = [a for a in arms if a["role"] == "intervention"]
        ct = [a for a in arms if a["role"] == "control"]
        if len(iv) == 1 and len(ct) == 1:
            return iv[0], ct[0]
        if len(arms) == 2 and not (iv and ct):
            return arms[0], arms[1]
        return None, None

    def counts(self, outcome_id: int, arm: Optional[dict]) -> tuple[list[tuple[int, int]], str]:
        """Candidate ``(events, total)`` pairs of one arm and where they come from.

        ``reported`` (events and total printed), ``derived`` (rebuilt by the extractor),
        ``percent`` (rebuilt here from a percentage and the arm size), ``assumed`` (events
        printed, the arm size taken as denominator) or ``none``.
        """
        if not arm:
            return [], "none"
        st = rules()["statistics"]
        ev = self.stat(outcome_id, arm["id"], st["events"])
        tot = self.stat(outcome_id, arm["id"], st["total"])
        n = self.arm_n(arm)
        if ev and tot:
            src = "derived" if ev["derived"] or tot["derived"] else "reported"
            e, t = int(round(ev["value"])), int(round(tot["value"]))
            return ([(e, t)], src) if 0 <= e <= t and t > 0 else ([], "none")
        if self.outcome[outcome_id]["subgroup"]:
            return [], "none"  # the arm's size is not the subgroup's
        pct = self.stat(outcome_id, arm["id"], st["percent"])
        if pct:
            dec = _decimals(pct["quote"], pct["value"])
            for size in (arm.get("n_analyzed"), arm.get("n_randomized")):
                fits = stats.counts_for_percent(pct["value"], int(size), dec) if size else []
                if fits:
                    return [(e, int(size)) for e in fits], "percent"
        if ev and n and 0 <= ev["value"] <= n:
            return [(int(round(ev["value"])), n)], "assumed"
        return [], "none"


def _row(doc: _Doc, subject: str, subject_id: int, check: str, status: str, message: str,
         expected=None, reported=None) -> dict:
    return {"document_id": doc.id, "subject": subject, "subject_id": subject_id,
            "check": check, "status": status,
            "expected": None if expected is None else str(expected),
            "reported": None if reported is None else str(reported), "message": message}


def _pairs(x: list[tuple[int, int]]) -> str:
    return " or ".join(f"{e}/{t}" for e, t in x)



def _table(ev1: tuple[int, int], ev2: tuple[int, int]) -> tuple[int, int, int, int]:
    """The 2×2 cells ``a, b, c, d`` of two ``(events, total)`` pairs."""
    return ev1[0], ev1[1] - ev1[0], ev2[0], ev2[1] - ev2[0]
