"""Choose the ei-dev articles of the per-arm gold set (a fixed random sample, drawn once).

The per-arm gold (``benchmarks/perarm/gold/<PMCID>.json``) covers 32 articles of ei-dev's
``train`` split and 32 of its ``validation`` split, drawn uniformly at random with a fixed seed
(``SEED``) from the articles that have at least one comparison in ``prompts.jsonl``.  Run it to
see the draw; ``--write`` stores it in ``benchmarks/perarm/articles.json``.

``--more N`` draws N further ``train`` articles (never ``validation``): the ``train`` articles not
in the first draw, sorted, shuffled with a second fixed seed (``MORE_SEED``), first N taken.  A
shuffle keeps the order stable, so a larger N only appends articles.  ``--write`` stores them
under ``train_more`` (split ``train``), leaving the first draw as it is.

``--from M`` keeps only the draw's articles after the first M, and ``--key`` names the list they are
stored under, so a later extension of the same draw is kept apart from the articles already
annotated: ``--more 50 --from 30 --key train_more2`` stores articles 31 to 50 of the draw under
``train_more2`` and leaves ``train_more`` (the first 30) as it is; ``--more 100 --from 50 --key
train_more3`` stores articles 51 to 100 under ``train_more3``; ``--more 150 --from 100 --key
train_more4`` stores articles 101 to 150 under ``train_more4``; ``--more 180 --from 150 --key
train_more5`` stores articles 151 to 180 under ``train_more5``; ``--more 210 --from 180 --key
train_more6`` stores articles 181 to 210 under ``train_more6``; ``--more 240 --from 210 --key
train_more7`` stores articles 211 to 240 under ``train_more7``; ``--more 270 --from 240 --key
train_more8`` stores articles 241 to 270 under ``train_more8``; ``--more 300 --from 270 --key
train_more9`` stores articles 271 to 300 under ``train_more9``; ``--more 330 --from 300 --key
train_more10`` stores articles 301 to 330 under ``train_more10``; ``--more 360 --from 330 --key
train_more11`` stores articles 331 to 360 under ``train_more11``; ``--more 390 --from 360 --key
train_more12`` stores articles 361 to 390 under ``train_more12``; ``--more 420 --from 390 --key
train_more13`` stores articles 391 to 420 under ``train_more13``; ``--more 450 --from 420 --key
train_more14`` stores articles 421 to 450 under ``train_more14``; ``--more 480 --from 450 --key
train_more15`` stores articles 451 to 480 under ``train_more15``; ``--more 510 --from 480 --key
train_more16`` stores articles 481 to 510 under ``train_more16``; ``--more 540 --from 510 --key
train_more17`` stores articles 511 to 540 under ``train_more17``.

    python benchmarks/perarm/select_articles.py [--write]
    python benchmarks/perarm/select_articles.py --more 27 [--write]
    python benchmarks/perarm/select_articles.py --more 50 --from 30 --key train_more2 [--write]
    python benchmarks/perarm/select_articles.py --more 100 --from 50 --key train_more3 [--write]
    python benchmarks/perarm/select_articles.py --more 150 --from 100 --key train_more4 [--write]
    python benchmarks/perarm/select_articles.py --more 180 --from 150 --key train_more5 [--write]
    python benchmarks/perarm/select_articles.py --more 210 --from 180 --key train_more6 [--write]
    python benchmarks/perarm/select_articles.py --more 240 --from 210 --key train_more7 [--write]
    python benchmarks/perarm/select_articles.py --more 270 --from 240 --key train_more8 [--write]
    python benchmarks/perarm/select_articles.py --more 300 --from 270 --key train_more9 [--write]
    python benchmarks/perarm/select_articles.py --more 330 --from 300 --key train_more10 [--write]
    python benchmarks/perarm/select_articles.py --more 360 --from 330 --key train_more11 [--write]
    python benchmarks/perarm/select_articles.py --more 390 --from 360 --key train_more12 [--write]
    python benchmarks/perarm/select_articles.py --more 420 --from 390 --key train_more13 [--write]
    python benchmarks/perarm/select_articles.py --more 450 --from 420 --key train_more14 [--write]
    python benchmarks/perarm/select_articles.py --more 480 --from 450 --key train_more15 [--write]
    python benchmarks/perarm/select_articles.py --more 510 --from 480 --key train_more16 [--write]
    python benchmarks/perarm/select_articles.py --more 540 --from 510 --key train_more17 [--write]
"""
from __future__ import annotations

import argparse
import json
import os
import random
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
_SHARED = Path(os.environ.get("EVIDENCE_SHARED") or HERE.parents[2] / "shared")
if not _SHARED.is_dir():  # a worktree under /work/wt/<name>
    _SHARED = HERE.parents[3] / "shared"
EI_DEV = _SHARED / "corpus" / "ei-dev"
SEED = 20261203
PER_SPLIT = 32
MORE_SEED = 20261204


def _articles(ei_dev: Path) -> dict[str, set[str]]:
    """The article ids of each split that have a comparison and a JATS file."""
    by_split: dict[str, set[str]] = defaultdict(set)
    with open(ei_dev / "prompts.jsonl", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if (ei_dev / "nxml" / f"{d['article']}.nxml").exists():
                by_split[d["split"]].add(d["article"])
    return by_split


def draw(ei_dev: Path = EI_DEV, per_split: int = PER_SPLIT, seed: int = SEED) -> dict[str, list[str]]:
    """``{"train": [...], "validation": [...]}``: the sampled article ids, in draw order."""
    by_split = _articles(ei_dev)
    rng = random.Random(seed)
    return {split: rng.sample(sorted(by_split[split]), per_split) for split in ("train", "validation")}


def draw_more(n: int, ei_dev: Path = EI_DEV, seed: int = MORE_SEED) -> list[str]:
    """The next ``n`` ``train`` articles, outside the first draw, in draw order."""
    first = set(draw(ei_dev)["train"])
    rest = sorted(_articles(ei_dev)["train"] - first)
    random.Random(seed).shuffle(rest)
    return rest[:n]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="store the draw in articles.json")
    ap.add_argument("--more", type=int, metavar="N", help="draw N further train articles (train_more)")
    ap.add_argument("--from", dest="start", type=int, default=0, metavar="M",
                    help="with --more: keep only the articles after the first M of the draw")
    ap.add_argument("--key", default="train_more", help="with --more: the list of articles.json to store them under")
    args = ap.parse_args()
    path = HERE / "articles.json"
    if args.more is not None:
        more = draw_more(args.more)[args.start:]
        print(json.dumps({args.key: more}, indent=1))
        if args.write:
            stored = json.loads(path.read_text(encoding="utf-8"))
            if args.key in ("seed", "more_seed", "train", "validation"):
                raise SystemExit(f"--key {args.key!r} would overwrite the first draw")
            stored["more_seed"] = MORE_SEED
            stored[args.key] = more
            path.write_text(json.dumps(stored, indent=1) + "\n")
        return
    chosen = draw()
    print(json.dumps(chosen, indent=1))
    if args.write:
        stored = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        stored.update(seed=SEED, **chosen)
        path.write_text(json.dumps(stored, indent=1) + "\n")


if __name__ == "__main__":
    main()
