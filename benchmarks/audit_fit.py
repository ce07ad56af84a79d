"""Rule literals that occur in exactly one development document.

A rule written against one development article tends to quote it: an outcome name, a phrase
of its methods, the name of its comparator. This script lists the literal words and phrases of
the project's rules that occur in exactly one development document, with that document, so a
reviewer can ask of each whether it is general.

Rules read:

- JSON rule files under ``extractor/data/**`` and ``corpus/data/**``: every string value (keys
  starting with ``_`` are documentation and skipped), except learned models (:data:`LEARNED`);
- the pattern code of ``extractor/``: string literals passed to ``re`` functions (pieces of
  concatenated patterns included), string literals in tuples, lists, sets and dicts, module-level
  string constants, and strings compared with ``==``/``in`` (docstrings and error messages are
  not rules).

Each literal is split into the literal words and phrases a match needs: a regular expression is
parsed (``re._parser``), literal characters are joined into phrases, ``\\s``, ``[- ]`` and the
like read as a space, small character classes (``[sz]``), alternatives and optional groups are
expanded into their variants, and anything else (``\\d``, ``[^,;]{3,60}``, look-arounds) ends a
phrase. A phrase counts when it has a word of three letters or more.

A phrase occurs in a document when the document's text (lower-cased, every run of characters
other than letters and digits read as one space) contains it starting at a word start (the
phrase may end inside a word, as stems like ``hospitali[sz]`` do).

Development documents (``devcorpus.documents()``): rct-dev texts, refs-dev reference strings and
PDF texts, ei-dev ``train`` articles and the shared example; never ei-dev ``validation``. An
article that is in two corpora (an rct-dev text is also an ei-dev article) counts once.

Phrases on the list that were reviewed and kept are in ``audit_fit_allow.tsv`` (phrase, where,
reason): they are printed as ``kept`` with their reason; ``--check`` exits 1 when a listed
phrase has no entry there.

Usage: ``python benchmarks/audit_fit.py [--shared DIR] [--all] [--check] [--json]``
"""
from __future__ import annotations

import argparse
import ast
import bisect
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import devcorpus  # noqa: E402

try:
    from re import _parser as sre_parse  # Python >= 3.11
    from re import _constants as sre_c
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as sre_c  # type: ignore
    import sre_parse  # type: ignore

ROOT = devcorpus.ROOT
ALLOW = Path(__file__).resolve().parent / "audit_fit_allow.tsv"
MAX_VARIANTS = 64
_NORM = re.compile(r"[^0-9a-z]+")


def norm(s: str) -> str:
    return _NORM.sub(" ", s.lower()).strip()


# -- literals of a regular expression ----------------------------------------------------------
_SPACE_CATS = {sre_c.CATEGORY_SPACE}


def _is_spaceish(op, av) -> bool:
    """``\\s``, ``[- ]``, ``[\\s-]``, ``-``: read as a space between words."""
    if op is sre_c.LITERAL:
        return chr(av) in " -\t\n"
    if op is sre_c.IN:
        items = [(o, a) for o, a in av if o is not sre_c.NEGATE]
        if any(o is sre_c.NEGATE for o, _ in av):
            return False
        return all((o is sre_c.LITERAL and chr(a) in " -\t\n‐–—_/") or (o is sre_c.CATEGORY and a in _SPACE_CATS)
                   for o, a in items) and bool(items)
    return False


def _class_letters(av) -> list[str] | None:
    """The letters of a small character class (``[sz]``, ``[Ll]``), else None."""
    if any(o is not sre_c.LITERAL for o, _ in av):
        return None
    chars = sorted({chr(a).lower() for _, a in av})
    if len(chars) > 3 or not all(c.isalnum() for c in chars):
        return None
    return chars


class _Runs:
    """Phrases being built: ``cur`` holds the variants of the run in progress."""

    def __init__(self):
        self.done: list[set[str]] = []
        self.cur: set[str] = {""}

    def cat(self, variants: set[str]) -> None:
        new = {a + b for a in self.cur for b in variants}
        if len(new) > MAX_VARIANTS:
            self.brk()
            new = set(variants)
        self.cur = new

    def brk(self) -> None:
        if self.cur != {""}:
            self.done.append(self.cur)
        self.cur = {""}

    def result(self) -> list[set[str]]:
        self.brk()
        return self.done


def _walk(items, runs: _Runs) -> None:
    for op, av in items:
        if op is sre_c.LITERAL:
            runs.cat({" " if chr(av) in "-\t\n" else chr(av)})
        elif op is sre_c.AT:
            continue  # \b, ^, $: zero width
        elif op is sre_c.IN:
            if _is_spaceish(op, av):
                runs.cat({" "})
                continue
            letters = _class_letters(av)
            if letters:
                runs.cat(set(letters))
            else:
                runs.brk()
        elif op is sre_c.SUBPATTERN:
            _walk(av[-1], runs)
        elif op is sre_c.BRANCH:
            alts = [_sub(alt) for alt in av[1]]
            if all(len(a) == 1 for a in alts):
                runs.cat(set().union(*(a[0] for a in alts)))
            else:
                runs.brk()
                for a in alts:
                    runs.done.extend(a)
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, getattr(sre_c, "POSSESSIVE_REPEAT", None)):
            lo, hi, body = av
            body = list(body)
            if len(body) == 1 and _is_spaceish(*body[0]) or (
                    len(body) == 1 and body[0][0] is sre_c.IN and
                    any(o is sre_c.CATEGORY and a in _SPACE_CATS for o, a in body[0][1])):
                runs.cat({" "})  # "with\\s*the": words apart in any text worth matching
                continue
            inner = _sub(body)
            if lo == 0 and hi == 1 and len(inner) == 1:
                runs.cat(inner[0] | {""})
            elif lo == 1 and hi == 1 and len(inner) == 1:
                runs.cat(inner[0])
            else:
                runs.brk()
                runs.done.extend(inner)
        else:  # \d, \w, ., look-arounds, group references, ...
            runs.brk()


def _sub(items) -> list[set[str]]:
    r = _Runs()
    _walk(items, r)
    return r.result()


def regex_phrases(pattern: str) -> set[str]:
    """The literal words and phrases of ``pattern`` (see the module docstring)."""
    try:
        parsed = sre_parse.parse(pattern, re.I)
        runs = _sub(list(parsed))
        texts = {t for run in runs for t in run}
    except (re.error, RecursionError, OverflowError, TypeError, ValueError):
        texts = set(re.split(r"[\\()\[\]{}|?*+^$.]+", pattern))
    out = set()
    for t in texts:
        n = norm(t)
        if n and re.search(r"[a-z]{3}", n):
            out.add(n)
    return out


# -- where the literals are ---------------------------------------------------------------------
@dataclass
class Literal:
    text: str  # the rule string as written
    where: str  # file:key or file:line
    phrases: set[str] = field(default_factory=set)


def json_literals(path: Path) -> list[Literal]:
    rel = path.relative_to(ROOT).as_posix()
    out: list[Literal] = []

    def walk(x, key: str) -> None:
        if isinstance(x, dict):
            for k, v in x.items():
                if not str(k).startswith("_"):
                    walk(v, f"{key}.{k}" if key else str(k))
        elif isinstance(x, list):
            for i, v in enumerate(x):
                walk(v, f"{key}[{i}]")
        elif isinstance(x, str):
            out.append(Literal(x, f"{rel}:{key}"))
    walk(json.loads(path.read_text(encoding="utf-8")), "")
    return out


_IDENTIFIER = re.compile(r"^(?:[a-z][a-z0-9]*(?:[_-][a-z0-9]+)+|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)$")
_RE_FUNCS = {"compile", "search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer"}


def _concat_pattern(node) -> str | None:
    """A pattern built by ``+`` from literals and other expressions ('.' stands for the others)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "." for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        a, b = _concat_pattern(node.left), _concat_pattern(node.right)
        return (a if a is not None else ".") + (b if b is not None else ".")
    return None


def python_literals(path: Path) -> list[Literal]:
    rel = path.relative_to(ROOT).as_posix()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                docstrings.add(id(first.value))
    skip: set[int] = set(docstrings)
    for node in tree.body:  # __all__ names functions, not text
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            skip.update(id(sub) for sub in ast.walk(node.value))
    for node in ast.walk(tree):  # messages of exceptions and warnings are no rules
        if isinstance(node, ast.Raise) or (isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute))
                                           and (getattr(node.func, "id", None) or getattr(node.func, "attr", "")).endswith(("Error", "Exception", "warn", "Warning"))):
            for sub in ast.walk(node):
                skip.add(id(sub))
    out: list[Literal] = []
    taken: set[int] = set()

    def add(text: str, node) -> None:
        if _IDENTIFIER.match(text):
            return  # a field, key or tag name ("ci_high", "article-title"), not a cue
        out.append(Literal(text, f"{rel}:{node.lineno}"))

    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _RE_FUNCS \
                and isinstance(node.func.value, ast.Name) and node.func.value.id in ("re", "regex") and node.args:
            pat = _concat_pattern(node.args[0])
            if pat is not None:
                add(pat, node.args[0])
                for sub in ast.walk(node.args[0]):
                    taken.add(id(sub))
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            for elt in node.elts:
                if isinstance(elt, ast.Constant) and isinstance(elt.value, str) and id(elt) not in skip:
                    add(elt.value, elt)
                    taken.add(id(elt))
        elif isinstance(node, ast.Dict):
            for k in [*node.keys, *node.values]:
                if isinstance(k, ast.Constant) and isinstance(k.value, str) and id(k) not in skip:
                    add(k.value, k)
                    taken.add(id(k))
        elif isinstance(node, ast.Compare):
            for c in node.comparators:
                if isinstance(c, ast.Constant) and isinstance(c.value, str):
                    add(c.value, c)
                    taken.add(id(c))
    for node in tree.body:  # module-level constants: NAME = "..." or NAME = "..." + ...
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None and id(node.value) not in taken:
            pat = _concat_pattern(node.value)
            if pat is not None:
                add(pat, node.value)
    return out


#: learned models, not rules: their vocabulary is the features a classifier was fitted on
#: (benchmarks/train_ask.py, cross-validated within ei-dev train and measured on validation)
LEARNED = {"extractor/data/compare/model.json"}


def rule_literals() -> list[Literal]:
    lits: list[Literal] = []
    for base in (ROOT / "extractor" / "data", ROOT / "corpus" / "data"):
        for p in sorted(base.rglob("*.json")):
            if p.relative_to(ROOT).as_posix() in LEARNED:
                continue
            lits += json_literals(p)
    for p in sorted((ROOT / "extractor").rglob("*.py")):
        if p.name != "errors.py":
            lits += python_literals(p)
    for lit in lits:
        lit.phrases = regex_phrases(lit.text)
    return lits


# -- documents ----------------------------------------------------------------------------------
class Index:
    """Word index of the normalised development documents."""

    def __init__(self, docs: list[tuple[str, str]]):
        self.ids = [d for d, _ in docs]
        # one article may be in two corpora (an rct-dev text is also an ei-dev article): it
        # counts once
        self.article = [re.sub(r"^(?:rct-dev|ei-dev)/(PMC\d+).*$", r"\1", d) for d in self.ids]
        self.texts = [" " + norm(t) + " " for _, t in docs]
        post: dict[str, set[int]] = defaultdict(set)
        for i, t in enumerate(self.texts):
            for w in set(t.split()):
                post[w].add(i)
        self.post = post
        self.vocab = sorted(post)

    def _prefixed(self, stem: str) -> set[int]:
        out: set[int] = set()
        i = bisect.bisect_left(self.vocab, stem)
        while i < len(self.vocab) and self.vocab[i].startswith(stem):
            out |= self.post[self.vocab[i]]
            i += 1
        return out

    def docs_with(self, phrase: str, limit: int = 2) -> list[str]:
        """Articles containing ``phrase`` at a word start (at most ``limit`` are looked for),
        each named by its documents ("PMC1216327 (rct-dev, ei-dev)")."""
        words = phrase.split()
        cand = self._prefixed(words[-1])
        for w in words[:-1]:
            cand &= self.post.get(w, set())
            if not cand:
                return []
        needle = " " + phrase
        found: dict[str, list[str]] = {}
        for i in sorted(cand):
            if len(words) == 1 or needle in self.texts[i]:
                found.setdefault(self.article[i], []).append(self.ids[i])
                if len(found) > limit:
                    break
        return [ids[0] if len(ids) == 1 else f"{art} ({', '.join(x.split('/')[0] for x in ids)})"
                for art, ids in list(found.items())[:limit]]


def load_allow(path: Path = ALLOW) -> dict[str, str]:
    """``{phrase: reason}`` from the allow-list (tab-separated: phrase, where, reason)."""
    out = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) >= 3 and parts[0] != "phrase":
                out[norm(parts[0])] = parts[2].strip()
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=None)
    ap.add_argument("--all", action="store_true", help="also print the phrases kept in the allow-list")
    ap.add_argument("--check", action="store_true", help="exit 1 when a listed phrase is not in the allow-list")
    ap.add_argument("--json", action="store_true", help="print the list as JSON")
    a = ap.parse_args(argv)
    lits = rule_literals()
    docs = list(devcorpus.documents(a.shared))
    index = Index(docs)
    allow = load_allow()
    by_phrase: dict[str, list[str]] = defaultdict(list)
    for lit in lits:
        for ph in lit.phrases:
            if lit.where not in by_phrase[ph]:
                by_phrase[ph].append(lit.where)
    counts = {0: 0, 1: 0, 2: 0}
    listed = []
    for ph in sorted(by_phrase):
        found = index.docs_with(ph)
        counts[min(len(found), 2)] += 1
        if len(found) == 1:
            listed.append((ph, found[0], by_phrase[ph], allow.get(ph)))
    # "after a mean follow up of" adds nothing to "after a mean follow up" (same rule, same document)
    short = {(p, d) for p, d, _, _ in listed}
    listed = [x for x in listed if not any((x[0][:k].rstrip(), x[1]) in short
                                           for k in [m.start() for m in re.finditer(" ", x[0])])]
    if a.json:
        print(json.dumps([{"phrase": p, "document": d, "where": w, "kept_because": r} for p, d, w, r in listed],
                         indent=1, ensure_ascii=False))
    else:
        for ph, doc, where, reason in listed:
            if reason and not a.all:
                continue
            tag = f"kept: {reason}" if reason else "NOT REVIEWED"
            print(f"{ph!r:40s} {doc:42s} {', '.join(where[:3])}{' ...' if len(where) > 3 else ''}  [{tag}]")
    kept = sum(1 for x in listed if x[3])
    print(f"== {len(lits)} rule literals, {len(by_phrase)} distinct phrases, {len(docs)} development documents")
    print(f"== phrases in no document {counts[0]}, in two or more {counts[2]}, in exactly one {counts[1]}; "
          f"listed {len(listed)} (a longer phrase of the same rule in the same document is not listed): "
          f"kept with a reason {kept}, not reviewed {len(listed) - kept}")
    stale = sorted(set(allow) - {x[0] for x in listed})
    if stale:
        print(f"== allow-list entries no longer on the list: {', '.join(stale)}")
    return 1 if a.check and len(listed) - kept else 0


if __name__ == "__main__":
    sys.exit(main())
