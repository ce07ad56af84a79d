"""Reader benchmark: our readers against raw pypdfium2 text extraction and pdfplumber.

Reads the shared example (every format) and the PDFs of a corpus folder in place, and prints per
file and in total: pages, CPU seconds (best of ``--repeat`` runs), pages/s, the ratio to raw
pypdfium2 text extraction of the same file (open, load every page, build its text page, get its
text: the floor any pdfium-based reader pays), the ratio to pdfplumber's ``extract_text`` of the
same file, and peak memory (Python heap via tracemalloc while reading the file, and the
process's peak resident set size).

    .venv/bin/python benchmarks/bench_readers.py [--corpus DIR] [--examples DIR] [--repeat 3]
                                                 [--no-pdfplumber]
"""
from __future__ import annotations

import argparse
import gc
import logging
import resource
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from extractor.errors import EvidenceError  # noqa: E402
from extractor.readers import read  # noqa: E402


def best_of(fn, repeat: int) -> float:
    """Best CPU time of ``repeat`` runs (CPU time of this process: other load on the machine
    inflates wall-clock times unevenly, which would make the ratios noise)."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return best


def interleaved(a, b, repeat: int) -> tuple[float, float]:
    """Best CPU times of ``a`` and ``b`` measured in alternation (same conditions for both)."""
    ta = tb = float("inf")
    for _ in range(repeat):
        ta = min(ta, best_of(a, 1))
        tb = min(tb, best_of(b, 1))
    return ta, tb


def raw_pdfium(path: Path) -> int:
    """Raw pypdfium2 text extraction of every page (the speed baseline); the page count."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    n = len(doc)
    for i in range(n):
        page = doc[i]
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
    doc.close()
    return n


def plumber(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            page.extract_text()


def peak_heap(fn) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 1048576
    finally:
        tracemalloc.stop()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus" / "refs-dev" / "pdfs")
    ap.add_argument("--examples", type=Path, default=REPO / "tests" / "data")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-pdfplumber", action="store_true", help="skip pdfplumber (about 0.1-0.5 s a page)")
    args = ap.parse_args(argv)
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # pdfplumber's colour-space warnings

    files = sorted(args.examples.glob("msc-long-covid-news*.*")) + sorted((args.examples / "jats").glob("*.xml"))
    if args.corpus.is_dir():
        files += sorted(args.corpus.glob("*.pdf"))
    else:
        print(f"(corpus folder {args.corpus} not found: examples only)", file=sys.stderr)

    head = f"{'file':42} {'fmt':5} {'pages':>5} {'sec':>7} {'pages/s':>8} {'×pdfium':>8} {'×plumber':>9} {'heap MB':>8}  notes"
    print(head)
    print("-" * len(head))
    tot = {"pages": 0, "ours": 0.0, "raw": 0.0, "plumber": 0.0, "plumber_ours": 0.0}
    worst_ratio = 0.0
    for path in files:
        try:
            src = read(path)
        except EvidenceError as exc:
            print(f"{path.name[:42]:42} {'-':5} {'-':>5} {'-':>7} {'-':>8} {'-':>8} {'-':>9} {'-':>8}  {exc.code}")
            continue
        if src.format == "pdf":
            ours, raw = interleaved(lambda: read(path), lambda: raw_pdfium(path), args.repeat)
        else:
            ours = best_of(lambda: read(path), args.repeat)
        heap = peak_heap(lambda: read(path))
        notes = []
        if src.meta.get("flags"):
            notes.append(",".join(f.check for f in src.meta["flags"]))
        if src.meta.get("dropped_lines"):
            notes.append(f"{src.meta['dropped_lines']} header/footer lines dropped")
        if src.format != "pdf":
            print(f"{path.name[:42]:42} {src.format:5} {'-':>5} {ours:7.3f} {'-':>8} {'-':>8} {'-':>9} {heap:8.1f}  {'; '.join(notes)}")
            continue
        ratio = ours / raw
        worst_ratio = max(worst_ratio, ratio)
        pl = "-"
        if not args.no_pdfplumber:
            t_pl = best_of(lambda: plumber(path), 1)
            pl = f"{t_pl / ours:8.1f}x"
            tot["plumber"] += t_pl
            tot["plumber_ours"] += ours
        tot["pages"] += src.pages
        tot["ours"] += ours
        tot["raw"] += raw
        print(f"{path.name[:42]:42} {'pdf':5} {src.pages:5d} {ours:7.3f} {src.pages / ours:8.1f} {ratio:7.2f}x {pl:>9} {heap:8.1f}  {'; '.join(notes)}")
    print("-" * len(head))
    if tot["pages"]:
        pl = f"{tot['plumber'] / tot['plumber_ours']:8.1f}x" if tot["plumber"] else "-"
        print(f"{'total (PDF)':42} {'pdf':5} {tot['pages']:5d} {tot['ours']:7.3f} {tot['pages'] / tot['ours']:8.1f} "
              f"{tot['ours'] / tot['raw']:7.2f}x {pl:>9}")
        print(f"\nreader time / raw pypdfium2 text: total {tot['ours'] / tot['raw']:.2f}x, worst file {worst_ratio:.2f}x (target ≤ 3x)")
        if tot["plumber"]:
            print(f"pdfplumber extract_text / reader: {tot['plumber'] / tot['plumber_ours']:.1f}x slower")
    print(f"peak resident memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
