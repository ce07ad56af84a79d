"""A forest-plot preview (SVG) of what a meta-analysis of the store would pool.

``evidence export --to forest -o forest.svg [--measure OR|RR|MD|SMD]`` draws one panel per
measure × outcome × time point × subgroup: a row per study (its author–year label, the
comparison, the estimate and its 95% CI), and, where two or more studies share the panel, the
inverse-variance pooled estimate (random effects, DerSimonian–Laird) as a diamond with I².
The rows are exactly those of ``--to metafor --measure M`` (:func:`corpus.tables.measure_rows`),
so the picture shows what would be pooled, not a new analysis.  Ratios are drawn on a log axis.

The SVG is deterministic: the same store gives the same bytes (matplotlib's ``svg.hashsalt`` is
fixed and no date is written).  It is a preview for a meeting, not a publication figure.
"""
from __future__ import annotations

import io
import math
from typing import Optional, TextIO

from .tables import MEASURES, Refusal, _norm, _report, effect_table, measure_rows

__all__ = ["forest_groups", "write_forest"]


def forest_groups(conn, document_ids=None, measure: Optional[str] = None
                  ) -> tuple[list[dict], list[Refusal]]:
    """Panels to draw: ``{"measure", "outcome", "timepoint", "subgroup", "rows", "pooled"}``.

    ``rows`` are :func:`~corpus.tables.measure_rows` rows; ``pooled`` is a
    :class:`~extractor.stats.Pooled` (analysis scale) when the panel has two or more rows.
    Without ``measure``, every measure is tried and a comparison appears under the first
    measure that can use it (OR, RR, MD, SMD), so nothing is drawn twice.
    """
    from extractor.stats import pool_inverse_variance

    comps, refused = effect_table(conn, document_ids)
    measures = [measure.upper()] if measure else list(MEASURES)
    used: set = set()
    groups: dict[tuple, dict] = {}
    skipped_all: dict = {}
    for m in measures:
        rows, skipped = measure_rows(comps, m)
        for s in skipped:
            skipped_all.setdefault((s.document_id, s.outcome, s.timepoint, s.subgroup, s.comparison), s)
        for r in rows:
            k = (r["document_id"], r["outcome"], r["timepoint"], r["subgroup"], r["comparison"])
            if k in used:
                continue
            used.add(k)
            g = groups.setdefault((m, _norm(r["outcome"]), _norm(r["timepoint"]), _norm(r["subgroup"])), {
                "measure": m, "outcome": r["outcome"], "timepoint": r["timepoint"],
                "subgroup": r["subgroup"], "rows": [], "pooled": None})
            g["rows"].append(r)
    for g in groups.values():
        if len(g["rows"]) >= 2:
            g["pooled"] = pool_inverse_variance([r["yi"] for r in g["rows"]],
                                                [r["vi"] for r in g["rows"]], random=True)
    unused = [s for k, s in skipped_all.items() if k not in used]
    return list(groups.values()), refused + unused


def _cut(s: str, n: int) -> str:
    s = " ".join(str(s or "").split())
    return s if len(s) <= n else s[: n - 1].rstrip() + "…"


def _fmt(v: float) -> str:
    return f"{v:.2f}" if abs(v) < 100 else f"{v:.0f}"


def write_forest(conn, out: TextIO, document_ids=None, err: Optional[TextIO] = None,
                 measure: Optional[str] = None) -> int:
    """Write the forest-plot SVG; return the number of study rows drawn."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Polygon

    if measure and measure.upper() not in MEASURES:
        from .exports import ExportOptionError
        raise ExportOptionError(f"unknown measure {measure!r}", f"use one of: {', '.join(MEASURES)}")
    groups, refused = forest_groups(conn, document_ids, measure)
    z = 1.959963984540054
    lines = sum(len(g["rows"]) + (2 if g["pooled"] else 1) + 1 for g in groups) or 2
    with matplotlib.rc_context({"svg.hashsalt": "evidence-forest", "font.size": 10,
                                "font.family": "DejaVu Sans", "svg.fonttype": "none"}):
        fig_h = max(2.0, 0.28 * lines + 1.0)
        fig, ax = plt.subplots(figsize=(11, fig_h))
        ax.set_axis_off()
        ax.set_xlim(0, 1)
        ax.set_ylim(lines + 0.5, -0.5)
        y = 0
        n = 0
        if not groups:
            ax.text(0.5, 0.5, "nothing to pool: no comparison has counts, means/SDs with n, or an "
                    "estimate with a confidence interval", ha="center", va="center")
        for g in groups:
            log = MEASURES[g["measure"]][2]
            shown = [(r["yi"], r["yi"] - z * math.sqrt(r["vi"]), r["yi"] + z * math.sqrt(r["vi"]))
                     for r in g["rows"]]
            if g["pooled"]:
                p = g["pooled"]
                shown.append((p.value, p.ci_low, p.ci_high))
            lo = min(s[1] for s in shown)
            hi = max(s[2] for s in shown)
            null = 0.0
            lo, hi = min(lo, null), max(hi, null)
            pad = (hi - lo) * 0.05 or 0.5
            lo, hi = lo - pad, hi + pad
            x0, x1 = 0.47, 0.78  # the plot's horizontal band, in axes units

            def X(v):
                return x0 + (v - lo) / (hi - lo) * (x1 - x0)

            head = _cut(f"{g['outcome']}" + "".join(f" · {t}" for t in (g["timepoint"], g["subgroup"]) if t), 90)
            ax.text(0.0, y, head, fontweight="bold", va="center")
            ax.text(x1 + 0.01, y, f"{g['measure']} (95% CI)", fontweight="bold", va="center")
            top = y + 0.5
            y += 1
            for r in g["rows"]:
                c_lo, c_hi = r["yi"] - z * math.sqrt(r["vi"]), r["yi"] + z * math.sqrt(r["vi"])
                ax.text(0.0, y, _cut(r["slab"], 30), va="center")
                ax.text(0.235, y, _cut(r["comparison"], 40), va="center", fontsize=8, color="#444444")
                ax.plot([X(c_lo), X(c_hi)], [y, y], color="black", lw=1)
                ax.plot([X(r["yi"])], [y], marker="s", color="black", ms=5)
                val = (math.exp if log else float)
                ax.text(x1 + 0.01, y, f"{_fmt(val(r['yi']))} [{_fmt(val(c_lo))}, {_fmt(val(c_hi))}]"
                        + ("" if r.get("source") != "reported" else " (reported)"), va="center", fontsize=9)
                y += 1
                n += 1
            if g["pooled"]:
                p = g["pooled"]
                ax.add_patch(Polygon([(X(p.ci_low), y), (X(p.value), y - 0.3), (X(p.ci_high), y),
                                      (X(p.value), y + 0.3)], closed=True, color="#1f4e79"))
                ax.text(0.0, y, f"Pooled (random effects, k={p.k}, I²={p.i2 * 100:.0f}%)", va="center",
                        fontstyle="italic")
                val = (math.exp if log else float)
                ax.text(x1 + 0.01, y, f"{_fmt(val(p.value))} [{_fmt(val(p.ci_low))}, {_fmt(val(p.ci_high))}]",
                        va="center", fontsize=9, fontweight="bold")
                y += 1
            ax.plot([X(null), X(null)], [top, y - 0.5], color="#888888", lw=0.8, ls="--")
            ax.text(X(null), y - 0.2, "1" if log else "0", ha="center", va="center", fontsize=8, color="#666666")
            y += 1
        fig.tight_layout()
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": "evidence"})
        plt.close(fig)
    out.write(buf.getvalue())
    _report(refused, err)
    return n


def _register() -> None:
    from .exports import register

    register("forest", ".svg", write_forest,
             "forest plot (SVG) of what would be pooled, per measure, outcome and time point")


_register()
