"""Choose the ei-dev articles of the per-arm gold set (a fixed random sample, drawn once).

The per-arm gold (``benchmarks/perarm/gold/<PMCID>.json``) covers 32 articles of ei-dev's
``train`` split and 32 of its ``validation`` split, drawn uniformly at random with a fixed seed
from the articles that have at least one comparison in ``prompts.jsonl``.  Run it to see the
draw; ``--write`` stores it in ``benchmarks/perarm/articles.json``.

    python benchmarks/perarm/select_articles.py [--write]
"""
from __future__ import annotations

import argparse
import json
import random
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
EI_DEV = HERE.parents[2] / "shared" / "corpus" / "ei-dev"
SEED = 20261203
PER_SPLIT = 32


def draw(ei_dev: Path = EI_DEV, per_split: int = PER_SPLIT, seed: int = SEED) -> dict[str, list[str]]:
    """``{"train": [...], "validation": [...]}``: the sampled article ids, in draw order."""
    by_split: dict[str, set[str]] = defaultdict(set)
    with open(ei_dev / "prompts.jsonl", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if (ei_dev / "nxml" / f"{d['article']}.nxml").exists():
                by_split[d["split"]].add(d["article"])
    rng = random.Random(seed)
    return {split: rng.sample(sorted(by_split[split]), per_split) for split in ("train", "validation")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="store the draw in articles.json")
    args = ap.parse_args()
    chosen = draw()
    print(json.dumps(chosen, indent=1))
    if args.write:
        (HERE / "articles.json").write_text(json.dumps({"seed": SEED, **chosen}, indent=1) + "\n")


if __name__ == "__main__":
    main()
