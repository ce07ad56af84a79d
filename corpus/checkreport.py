"""The report of ``evidence check``: checks re-run and grouped by document and outcome.

>>> from corpus import Store
>>> report = check_store(Store(":memory:"))
>>> report.counts, report.failed
({'pass': 0, 'flag': 0, 'fail': 0}, False)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Optional

__all__ = ["CheckReport", "check_store"]

_ORDER = {"fail": 0, "flag": 1, "pass": 2}

_GROUP_SQL = """
SELECT c.id, c.document_id, c.subject, c.subject_id, c."check", c.status, c.expected,
       c.reported, c.message,
       coalesce(ar.outcome_id, ef.outcome_id,
                CASE WHEN c.subject = 'outcomes' THEN c.subject_id END) AS outcome_id
  FROM checks c
  LEFT JOIN arm_results ar ON c.subject = 'arm_results' AND ar.id = c.subject_id
  LEFT JOIN effects ef ON c.subject = 'effects' AND ef.id = c.subject_id
 WHERE c.document_id = ?
 ORDER BY c.id
"""


@dataclass
class CheckReport:
    """Check rows of some documents, grouped for reading.

    ``documents`` is a list of ``{"id", "path", "counts", "groups"}`` where each group is
    ``{"outcome", "outcome_id", "checks": [row, ...]}`` (``outcome`` None for the study,
    arms and document-level checks), failures first.
    """

    documents: list[dict] = field(default_factory=list)

    @property
    def counts(self) -> dict:
        """Number of check rows by status over all documents."""
        out = {"pass": 0, "flag": 0, "fail": 0}
        for d in self.documents:
            for k, v in d["counts"].items():
                out[k] = out.get(k, 0) + v
        return out

    @property
    def failed(self) -> bool:
        """True when any check has status ``fail`` (``evidence check`` then exits 3)."""
        return self.counts.get("fail", 0) > 0

    def to_dict(self) -> dict:
        return {"counts": self.counts, "failed": self.failed, "documents": self.documents}

    def format(self, show_pass: bool = False) -> str:
        """A readable report; passes are counted, and listed only with ``show_pass``."""
        lines = []
        for d in self.documents:
            c = d["counts"]
            lines.append(f"document {d['id']}  " + (f"{d['label']}  " if d.get("label") else "")
                         + f"{d['path']}  —  {c.get('fail', 0)} fail, "
                         f"{c.get('flag', 0)} flag, {c.get('pass', 0)} pass")
            for g in d["groups"]:
                shown = [r for r in g["checks"] if show_pass or r["status"] != "pass"]
                if not shown:
                    continue
                lines.append(f"  {g['outcome'] or 'study design, arms and formatting'}")
                for r in shown:
                    msg = r["message"] or ""
                    name = g.get("name")
                    if name and msg.startswith(name) and msg[len(name):len(name) + 1] in ":,":
                        msg = msg[len(name) + 1:].lstrip()  # the group line names the outcome
                    lines.append(f"    {r['status'].upper():<4}  {r['check']}: {msg}")
            if not any(r["status"] != "pass" for g in d["groups"] for r in g["checks"]) \
                    and not show_pass:
                lines.append("  all checks pass")
        t = self.counts
        lines.append(f"{len(self.documents)} document(s): {t['fail']} fail, {t['flag']} flag, "
                     f"{t['pass']} pass")
        return "\n".join(lines)


def _outcome_label(o: dict) -> str:
    label = f"outcome: {o['name']}"
    if o.get("timepoint"):
        label += f" at {o['timepoint']}"
    if o.get("subgroup"):
        label += f" [{o['subgroup']}]"
    return label


def check_store(store, documents: Optional[Iterable] = None, *, rerun: bool = True
                ) -> CheckReport:
    """Run the consistency checks again and report them by document and outcome.

    Parameters
    ----------
    store : corpus.store.Store
        The evidence store.
    documents : iterable of str or int, optional
        Documents to check (id, sha256 prefix or path fragment, as
        :meth:`~corpus.store.Store.document` accepts); all when omitted.
    rerun : bool
        Recompute the checks first (one transaction per document); a read-only store is only
        read.

    Returns
    -------
    CheckReport
    """
    from .checks import run_checks

    if documents:
        ids = [store.document(ref)["id"] for ref in documents]
    else:
        ids = [d["id"] for d in store.documents()]
    ids = list(dict.fromkeys(ids))
    if rerun and not store.readonly:
        for doc_id in ids:
            store.transaction(lambda conn, i=doc_id: run_checks(conn, i))
    report = CheckReport()
    for doc_id in ids:
        path, label = next((r["path"], r["label"]) for r in store.rows(
            "SELECT path, label FROM documents WHERE id = ?", (doc_id,)))
        outcomes = {o["id"]: o for o in store.rows(
            "SELECT o.id, o.name, o.timepoint, o.subgroup FROM outcomes o JOIN studies s "
            "ON s.id = o.study_id WHERE s.document_id = ?", (doc_id,))}
        groups: dict = {}
        counts = {"pass": 0, "flag": 0, "fail": 0}
        for r in store.rows(_GROUP_SQL, (doc_id,)):
            counts[r["status"]] = counts.get(r["status"], 0) + 1
            oid = r.pop("outcome_id")
            o = outcomes.get(oid)
            g = groups.setdefault(oid if o else None, {
                "outcome": _outcome_label(o) if o else None, "outcome_id": oid if o else None,
                "name": o["name"] if o else None, "checks": []})
            g["checks"].append(r)
        ordered = sorted(groups.values(), key=lambda g: (g["outcome_id"] is not None,
                                                         g["outcome_id"] or 0))
        for g in ordered:
            g["checks"].sort(key=lambda r: (_ORDER.get(r["status"], 3), r["id"]))
        report.documents.append({"id": doc_id, "label": label, "path": path, "counts": counts,
                                 "groups": ordered})
    return report
