"""Which test texts resemble a development or held-out corpus document?

Test texts are written for the tests; none may be copied or paraphrased from
``../shared/corpus`` or ``../shared/examples`` (the shared example article itself is kept in
``tests/data`` and is allowed there). This script reads every text a test uses — files under
``tests/data`` (text, HTML, XML; PDFs through their text layer), string literals of
``tests/*.py`` and the doctests of the package modules — and compares each with every corpus
document (``devcorpus.documents(validation=True)``: the scan only reports matches, it reads no
article to write rules) by two signals:

- shared word 6-grams (lower-cased word tokens): copied wording;
- shared pairs of result numbers in the same order (decimals of three or more significant
  digits, ``n/N``, thousands; each number
  paired with the next three): a passage rebuilt around one article's results, even when
  reworded (single numbers match any long article by chance; ordered pairs do not).

It prints, per test text with a signal above the thresholds, the best-matching document and
the shared material. Usage: ``python benchmarks/scan_test_texts.py [--shared DIR] [--min-grams N]``
"""
from __future__ import annotations

import argparse
import ast
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import devcorpus  # noqa: E402

ROOT = devcorpus.ROOT
N = 6
_WORD = re.compile(r"[a-z0-9]+(?:[.·][0-9]+)?")
_DISTINCT = re.compile(r"(?<![\w.])(?:\d+[.·]\d+|\d+/\d+|\d{1,3},\d{3}(?:,\d{3})*)(?![\w])")
_COMMON_NUMBERS = {"0.05", "0.01", "0.001", "0.0001", "1.0", "0.5", "2.0", "1.5", "0.1", "0.2", "1/2", "24/7"}


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def grams(text: str) -> set[int]:
    return set(gram_text(text))


def gram_text(text: str) -> dict[int, str]:
    w = words(text)
    out = {}
    for i in range(len(w) - N + 1):
        g = " ".join(w[i:i + N])
        out[hash(g)] = g
    return out


def distinct_numbers(text: str) -> set[tuple[str, str]]:
    """Ordered pairs of result numbers, each with the next three."""
    seq = [m.replace("·", ".") for m in _DISTINCT.findall(text)]
    # at least three significant digits ("27.4", "0.281", "69/115"; not "0.9"), no DOI prefix
    seq = [x for x in seq if x not in _COMMON_NUMBERS and not re.match(r"10\.\d{4,}$", x)
           and len(re.sub(r"^[0.]+", "", x).replace(".", "")) >= 3]
    return {(a, b) for i, a in enumerate(seq) for b in seq[i + 1:i + 4] if a != b}


def _markup_text(raw: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", raw))


def test_texts() -> list[tuple[str, str]]:
    """``(where, text)`` for every text the tests use."""
    out = []
    data = ROOT / "tests" / "data"
    for p in sorted(data.rglob("*")):
        if p.suffix in (".txt", ".md"):
            out.append((str(p.relative_to(ROOT)), p.read_text(encoding="utf-8", errors="replace")))
        elif p.suffix in (".html", ".xml", ".nxml"):
            out.append((str(p.relative_to(ROOT)), _markup_text(p.read_text(encoding="utf-8", errors="replace"))))
        elif p.suffix == ".pdf":
            try:
                out.append((str(p.relative_to(ROOT)), devcorpus._pdf_text(p)))
            except Exception:  # noqa: BLE001 - a deliberately broken PDF has no text to compare
                pass
    for p in sorted((ROOT / "tests").glob("*.py")):
        tree = ast.parse(p.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) >= 40:
                out.append((f"{p.relative_to(ROOT)}:{node.lineno}", node.value))
            elif isinstance(node, ast.JoinedStr):
                s = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
                if len(s) >= 40:
                    out.append((f"{p.relative_to(ROOT)}:{node.lineno}", s))
    for pkg in ("extractor", "corpus", "graph"):
        for p in sorted((ROOT / pkg).rglob("*.py")):
            tree = ast.parse(p.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
                    doc = ast.get_docstring(node, clean=False)
                    if doc and ">>>" in doc:
                        lineno = getattr(node, "lineno", 1)
                        out.append((f"{p.relative_to(ROOT)}:{lineno} (doctest)", doc))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=None)
    ap.add_argument("--min-grams", type=int, default=3, help="report from this many shared 6-grams")
    ap.add_argument("--min-numbers", type=int, default=2, help="report from this many shared ordered number pairs")
    a = ap.parse_args(argv)
    tests = test_texts()
    tgrams = [grams(t) for _, t in tests]
    tnums = [distinct_numbers(t) for _, t in tests]
    wanted = set().union(*tgrams)
    by_gram: dict[int, list[int]] = defaultdict(list)
    for i, g in enumerate(tgrams):
        for h in g:
            by_gram[h].append(i)
    best_g: dict[int, tuple[int, str, set]] = {}
    best_n: dict[int, tuple[int, str, set]] = {}
    ndocs = 0
    for doc_id, text in devcorpus.documents(a.shared, validation=True):
        ndocs += 1
        shared_g = grams(text) & wanted
        hits: dict[int, set] = defaultdict(set)
        for h in shared_g:
            for i in by_gram[h]:
                hits[i].add(h)
        for i, hs in hits.items():
            if len(hs) > best_g.get(i, (0, "", set()))[0]:
                best_g[i] = (len(hs), doc_id, hs)
        dnums = distinct_numbers(text)
        for i, nums in enumerate(tnums):
            if len(nums) >= a.min_numbers:
                common = nums & dnums
                if len(common) > best_n.get(i, (0, "", set()))[0]:
                    best_n[i] = (len(common), doc_id, common)
    print(f"== {len(tests)} test texts against {ndocs} corpus documents")
    flagged = 0
    for i, (where, text) in enumerate(tests):
        g = best_g.get(i, (0, "", set()))
        n = best_n.get(i, (0, "", set()))
        hit_g = g[0] >= a.min_grams
        hit_n = n[0] >= a.min_numbers
        if not (hit_g or hit_n):
            continue
        example = (g[1] or n[1]).startswith("examples/")
        flagged += not example
        share = g[0] / max(len(tgrams[i]), 1)
        print(f"{'[shared example, kept in tests/data] ' if example else ''}{where}: 6-grams {g[0]}/{len(tgrams[i])} ({share:.0%}) best {g[1] or '-'}; "
              f"number pairs {n[0]}/{len(tnums[i])} best {n[1] or '-'} {sorted(n[2])[:4] if n[0] else ''}")
        snippet = re.sub(r"\s+", " ", text)[:160]
        print(f"    text: {snippet}")
        if g[0]:
            gt = gram_text(text)
            print(f"    shared: {' | '.join(sorted(gt[h] for h in g[2])[:4])}")
    print(f"== {flagged} test texts over the thresholds (besides quotes of the shared example)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
