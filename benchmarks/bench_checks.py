"""Benchmark of the consistency checks.

1. The seeded test bed (tests/checkbed.py): clean trial reports and reports with one injected
   error each; prints sensitivity (errors flagged or failed), specificity (clean reports with no
   flag or fail), detection per error kind, and the speed of the checks (checks/s, documents/s).
2. Real articles (optional, default ../shared/corpus/rct-dev/txt): extracts them with the
   pipeline and prints how many check rows of each status each check produced, and every fail.

Usage: python benchmarks/bench_checks.py [--clean N] [--errors N] [--seeds 1 2 3] [--corpus DIR]
"""
from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

import checkbed  # noqa: E402
from corpus import Store  # noqa: E402
from corpus.checks import run_checks  # noqa: E402


def bench_bed(n_clean: int, n_errors: int, seeds: list[int]) -> None:
    print(f"test bed: {n_clean} clean + {n_errors} error cases per seed, seeds {seeds}")
    tot = collections.Counter()
    per = collections.defaultdict(lambda: [0, 0])
    for seed in seeds:
        r = checkbed.evaluate(checkbed.generate(n_clean, n_errors, seed=seed))
        clean_ok = round(r["specificity"] * n_clean)
        err_ok = round(r["sensitivity"] * n_errors)
        tot.update(clean=n_clean, clean_ok=clean_ok, errors=n_errors, err_ok=err_ok,
                   checks=r["checks"], docs=r["cases"])
        tot["seconds"] += r["seconds"]
        for k, frac in r["per_error"].items():
            a, b = map(int, frac.split("/"))
            per[k][0] += a
            per[k][1] += b
        print(f"  seed {seed}: sensitivity {r['sensitivity']:.3f}, specificity "
              f"{r['specificity']:.3f}")
        for cid, kind, note in r["missed"]:
            print(f"    missed case {cid} ({kind}): {note}")
        for cid, rows in r["false_positives"]:
            print(f"    false positive case {cid}: {rows[0][0]}: {rows[0][1]}")
    print(f"sensitivity {tot['err_ok'] / tot['errors']:.3f} ({tot['err_ok']}/{tot['errors']})")
    print(f"specificity {tot['clean_ok'] / tot['clean']:.3f} ({tot['clean_ok']}/{tot['clean']})")
    for k, (a, b) in sorted(per.items()):
        print(f"  {k:<22} {a}/{b}")
    print(f"speed: {tot['checks'] / tot['seconds']:,.0f} checks/s, "
          f"{tot['docs'] / tot['seconds']:,.0f} documents/s "
          f"({tot['checks']} check rows over {tot['docs']} documents in {tot['seconds']:.2f} s)")


def bench_corpus(folder: Path) -> None:
    from extractor.pipeline import extract

    files = sorted(p for p in folder.iterdir() if p.is_file())
    if not files:
        print(f"no files in {folder}")
        return
    store = Store(":memory:")
    ids = []
    t0 = time.perf_counter()
    for f in files:
        ids.append(store.save(extract(f)).document_id)
    t_extract = time.perf_counter() - t0
    t0 = time.perf_counter()
    rows = []
    for i in ids:
        rows += store.transaction(lambda conn, i=i: run_checks(conn, i))
    t_checks = time.perf_counter() - t0
    by = collections.defaultdict(collections.Counter)
    for r in rows:
        by[r["check"]][r["status"]] += 1
    print(f"\nreal articles: {len(files)} from {folder} (extracted in {t_extract:.1f} s, "
          f"checked in {t_checks * 1000:.0f} ms)")
    for name, c in sorted(by.items()):
        print(f"  {name:<24} pass {c['pass']:>3}  flag {c['flag']:>3}  fail {c['fail']:>3}")
    for r in rows:
        if r["status"] == "fail":
            print(f"  FAIL doc {r['document_id']} {r['check']}: {r['message']}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clean", type=int, default=150)
    ap.add_argument("--errors", type=int, default=150)
    ap.add_argument("--seeds", type=int, nargs="+", default=[20261125, 1, 2, 3])
    ap.add_argument("--corpus", type=Path,
                    default=ROOT.parent / "shared" / "corpus" / "rct-dev" / "txt")
    a = ap.parse_args(argv)
    bench_bed(a.clean, a.errors, a.seeds)
    if a.corpus and a.corpus.is_dir():
        bench_corpus(a.corpus)
    else:
        print(f"\n(no corpus at {a.corpus}; skipped the real-article part)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
