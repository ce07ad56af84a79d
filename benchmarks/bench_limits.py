"""Size limits benchmark: time and peak memory of ``evidence extract`` on large inputs.

Four generated inputs, each at two sizes, so that linearity shows in the figures:

* ``table``   an HTML article with one results table of N rows (4 cells each), N = 4,000 and
  8,000;
* ``tables``  an HTML article made of many small results tables (caption, header, 4 rows),
  about 1 MB and 2 MB of HTML;
* ``pdf``     a text PDF of N pages (fpdf2: a heading and about 2,600 characters of prose per
  page, a small table at the top of every tenth page), N = 200 and 400;
* ``text``    a plain-text file on one line (no line break at all): a short trial report, then
  review prose (sentences of 8-30 words, a number now and then), 25 MB and 50 MB.

Each run is ``evidence extract FILE --db NEW.db --quiet`` in its own process (the store write
included).  Printed per run: input size, the extraction time the command reports (its own
clock, process start excluded), wall time, peak resident memory of the process (``wait4``
rusage), and per input kind the ratio time(large) / time(small) — about 2.0 when linear — and
whether the peak stays within 300 MB.

Usage::

    .venv/bin/python benchmarks/bench_limits.py [--only table,tables,pdf,text] [--small]

``--small`` runs a tenth of every size (a quick check that everything still runs).
"""
from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from reliability_helpers import evidence_command  # noqa: E402

PEAK_LIMIT_MB = 300

_WORDS = ("the patients in both groups were followed for adverse events and the primary outcome "
          "was assessed by investigators who did not know the allocation while secondary outcomes "
          "included quality of life hospital admissions and the need for rescue medication during "
          "follow-up these findings are consistent with earlier trials although the confidence "
          "intervals were wide and the populations differed in age severity and background therapy "
          "further research should examine long-term safety cost and adherence in routine care").split()

REPORT = ("Colchicine for recurrent pericarditis: a randomized, double-blind, placebo-controlled "
          "trial. In this trial, 240 adults were randomly assigned to colchicine 0.5 mg twice daily "
          "(n = 120) or placebo (n = 120). Recurrence at 18 months occurred in 22 of 120 patients "
          "(18.3%) in the colchicine group and 41 of 120 (34.2%) in the placebo group (odds ratio "
          "0.43, 95% CI 0.24-0.79; p = 0.006). ")


def prose(rng: random.Random, chars: int) -> str:
    """Review prose of about ``chars`` characters on one line: sentences of 8-30 words, one in
    twelve with a number or a percentage."""
    out, n = [], 0
    while n < chars:
        words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 30))]
        if rng.random() < 1 / 12:
            words.insert(rng.randint(1, len(words) - 1), rng.choice(
                [f"{rng.randint(2, 900)}", f"{rng.randint(1, 99)}%", f"({rng.randint(1, 40)} weeks)"]))
        s = " ".join(words).capitalize() + ". "
        out.append(s)
        n += len(s)
    return "".join(out)


def make_text(path: Path, mb: float, seed: int = 1) -> None:
    rng = random.Random(seed)
    target = int(mb * 1_000_000)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(REPORT)
        written = len(REPORT)
        while written < target:  # in 1 MB chunks: the generator itself stays small
            chunk = prose(rng, min(1_000_000, target - written))
            fh.write(chunk)
            written += len(chunk)


def make_table(path: Path, rows: int) -> None:
    body = "".join(f"<tr><td>Outcome {i}: symptom score at week {i % 52 + 1}</td>"
                   f"<td>{i % 97}/{120 + i % 13} ({(i % 97) / (120 + i % 13) * 100:.1f})</td>"
                   f"<td>{(i * 7) % 89}/{118 + i % 11} ({(i * 7) % 89 / (118 + i % 11) * 100:.1f})</td>"
                   f"<td>0.{i % 99:02d}</td></tr>\n" for i in range(rows))
    path.write_text(
        "<html><head><title>Colchicine trial: all outcomes</title></head><body>"
        f"<h1>Colchicine for recurrent pericarditis</h1><p>{REPORT}</p><h2>Results</h2>"
        "<table><caption>Table 2. Outcomes, n/N (%)</caption><tr><th>Outcome</th>"
        "<th>Colchicine (n = 120)</th><th>Placebo (n = 120)</th><th>P</th></tr>\n"
        f"{body}</table></body></html>", encoding="utf-8")


def make_tables(path: Path, mb: float) -> None:
    target = int(mb * 1_000_000)
    parts, n, t = [], 0, 0
    while n < target:
        rows = "".join(f"<tr><td>Outcome {t}.{i}</td><td>{(t + i) % 97}/120</td>"
                       f"<td>{(t * i + 3) % 89}/118</td><td>0.{(t + i) % 99:02d}</td></tr>"
                       for i in range(4))
        part = (f"<h3>Subgroup {t}</h3><p>Outcomes in subgroup {t}.</p><table><caption>Table "
                f"{t + 2}. Events, n/N</caption><tr><th>Outcome</th><th>Colchicine (n = 120)</th>"
                f"<th>Placebo (n = 120)</th><th>P</th></tr>{rows}</table>\n")
        parts.append(part)
        n += len(part)
        t += 1
    path.write_text("<html><head><title>Colchicine trial: subgroups</title></head><body>"
                    f"<h1>Colchicine for recurrent pericarditis</h1><p>{REPORT}</p>"
                    + "".join(parts) + "</body></html>", encoding="utf-8")


def make_pdf(path: Path, pages: int, seed: int = 2) -> None:
    from fpdf import FPDF

    rng = random.Random(seed)
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(20, 20, 20)
    for p in range(pages):
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 13)
        pdf.cell(0, 8, f"{p + 1}. " + (REPORT.split(":")[0] if p == 0 else f"Section {p + 1}"),
                 new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 10)
        if p % 10 == 9:  # a small results table at the top of every tenth page
            for r in range(4):
                for c, w in enumerate((70, 35, 35, 20)):
                    val = ("Outcome", "Colchicine", "Placebo", "P")[c] if r == 0 else \
                        (f"Outcome {p}.{r}", f"{(p + r) % 90}/120", f"{(p * r) % 80}/118",
                         f"0.{(p + r) % 99:02d}")[c]
                    pdf.cell(w, 6, val, border=1)
                pdf.ln(6)
            pdf.ln(3)
        text = (REPORT if p == 0 else "") + prose(rng, 2600 if p % 10 != 9 else 2200)
        pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def run(path: Path, workdir: Path) -> dict:
    """``evidence extract PATH`` in a fresh process: reported time, wall time, peak RSS."""
    db = workdir / f"{path.stem}.db"
    for f in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        if f.exists():
            f.unlink()
    t0 = time.perf_counter()
    proc = subprocess.Popen(evidence_command() + ["extract", str(path), "--db", str(db),
                                                  "--max-mb", "1000", "--max-pages", "5000"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    m = re.search(r" in ([\d.]+) s", err)
    return {"ok": proc.returncode == 0 and "1 document stored" in err,
            "seconds": float(m.group(1)) if m else float("nan"), "wall": wall,
            "peak_mb": usage.ru_maxrss / 1024, "mb": path.stat().st_size / 1e6,
            "error": "" if proc.returncode == 0 else err.strip().splitlines()[-1:]}


KINDS = {
    # kind: (unit, small size, large size, maker, file suffix)
    "table": ("rows", 4000, 8000, make_table, ".html"),
    "tables": ("MB", 1.0, 2.0, make_tables, ".html"),
    "pdf": ("pages", 200, 400, make_pdf, ".pdf"),
    "text": ("MB", 25.0, 50.0, make_text, ".txt"),
}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default=",".join(KINDS), help="kinds to run (comma-separated)")
    ap.add_argument("--small", action="store_true", help="a tenth of every size")
    args = ap.parse_args(argv)
    scale = 0.1 if args.small else 1.0
    try:
        load = os.getloadavg()
        print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")
    except OSError:
        pass
    ok = True
    with tempfile.TemporaryDirectory(prefix="bench-limits-") as tmp:
        work = Path(tmp)
        for kind in args.only.split(","):
            unit, small, large, maker, suffix = KINDS[kind]
            results = []
            for size in (small, large):
                size = type(size)(size * scale) if unit != "MB" else size * scale
                path = work / f"{kind}-{size}{suffix}"
                t = time.perf_counter()
                maker(path, size)
                made = time.perf_counter() - t
                r = run(path, work)
                results.append(r)
                print(f"{kind:6s} {size:>8g} {unit:5s} {r['mb']:7.2f} MB input: "
                      f"extract {r['seconds']:7.1f} s (wall {r['wall']:6.1f} s), "
                      f"peak {r['peak_mb']:5.0f} MB{'' if r['ok'] else '  FAILED ' + str(r['error'])}"
                      f"   [generated in {made:.1f} s]", flush=True)
                path.unlink()
                ok &= r["ok"]
            a, b = results
            ratio = b["seconds"] / a["seconds"] if a["seconds"] else float("nan")
            peak_ok = max(a["peak_mb"], b["peak_mb"]) <= PEAK_LIMIT_MB
            print(f"{kind:6s} time ratio large/small {ratio:.2f} (2.00 = linear), peak "
                  f"{'within' if peak_ok else 'OVER'} {PEAK_LIMIT_MB} MB", flush=True)
            ok &= peak_ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
