"""Dump the confidence features of ``evidence ask``'s per-arm numbers on the per-arm train gold.

One row per gold record of an ei-dev **train** article (the articles under ``held_out`` in
``perarm/articles.json`` and every validation article are skipped, never asked) whose answer
returns per-arm numbers, asked with no confidence model (nothing withheld): the features of
:func:`corpus.confidence.features`, the article (the group of the cross-validation), the
record's kind, and bench_perarm's comparison (``returned``, ``returned_ok``, ``exact``,
``complete``; ``right`` = every returned number equals the gold).

Reads the newest cached JATS store (``benchmarks/out/perarm-jats-*.db``, as
``bench_perarm.py --reuse``; it extracts the articles when there is none).  Writes a TSV
(default ``benchmarks/out/confidence-train.tsv``) that ``train_confidence.py`` reads.

Usage: ``python benchmarks/confidence_dump.py [--out FILE]``
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bench_perarm as B  # noqa: E402
from benchstore import corpus_store, doc_ids  # noqa: E402

from corpus.ask import Asker, Question  # noqa: E402
from corpus.confidence import FEATURES  # noqa: E402

COLUMNS = ("article", "kind", "outcome", "returned", "returned_ok", "right", "complete", "exact") + FEATURES


def rows(reuse: bool = True) -> list[dict]:
    fmt = B.formats()["jats"]
    arts = [a for a in fmt.gold() if a.get("split") == "train" and a["article"] not in B.held_out()]
    paths = {a["article"]: fmt.path(a) for a in arts}
    paths = {k: p for k, p in paths.items() if p is not None and Path(p).is_file()}
    store = corpus_store("perarm-jats", sorted(paths.values()), reuse=reuse)
    ids = doc_ids(store)
    asker = Asker(store, confidence=None)
    out = []
    for a in arts:
        did = ids.get(Path(paths[a["article"]]).stem) if a["article"] in paths else None
        if did is None:
            continue
        for rec in a["records"]:
            if rec.get("excluded"):
                continue
            ans = asker.answer(Question(str(did), rec["outcome"], rec["intervention"], rec["comparator"]))
            f = asker.last_features
            if f is None:
                continue
            s = B.score_record(rec, ans)
            out.append({"article": a["article"], "kind": rec.get("outcome_type"), "outcome": rec["outcome"],
                        "returned": s["returned"], "returned_ok": s["returned_ok"],
                        "right": int(s["returned"] > 0 and s["returned_ok"] == s["returned"]),
                        "complete": int(s["complete"]), "exact": int(s["exact"]), **f})
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=str(HERE / "out" / "confidence-train.tsv"))
    args = ap.parse_args(argv)
    data = rows()
    with open(args.out, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, COLUMNS, delimiter="\t", extrasaction="ignore")
        w.writeheader()
        for r in data:
            w.writerow({k: (f"{v:.4g}" if isinstance(v, float) else v) for k, v in r.items()})
    scored = [r for r in data if r["returned"]]
    print(f"{len(data)} answers with numbers ({len(scored)} with scored numbers, "
          f"{sum(r['right'] for r in scored)} right) from {len({r['article'] for r in data})} train articles -> {args.out}")


if __name__ == "__main__":
    main()
