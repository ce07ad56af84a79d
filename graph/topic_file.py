"""Topics defined by the user: a topics file (``--topics FILE``) and topics given on the command
line (``--add-topic NAME=TERM,TERM``), validated, without touching the installed package.

The file is JSON or TOML (by suffix) with a list of topics::

    # my-topics.toml
    include_default = false          # true: keep the shipped topics (after these)

    [[topics]]
    name = "sglt2"                   # id: lower-case letters, digits, - and _
    label = "SGLT2 inhibitors"       # shown in legends (default: the name)
    colour = "#2ca02c"               # #rrggbb (default: the next free colour of a palette)
    keywords = ["empagliflozin", "dapagliflozin", "SGLT2 inhibitor"]   # phrases, any case
    abbreviations = ["SGLT2i"]       # whole tokens, case as written
    mesh = ["Sodium-Glucose Transporter 2 Inhibitors"]   # MeSH headings (inverted ones too)
    dois = ["10.1056/NEJMoa1504720", "10.2337/dc*"]      # these works (a trailing * = prefix)
    journals = ["Diabetes Care"]     # every paper of these journals

    [weights]                        # optional: score of one match per source (0..1)
    title = 0.9

``terms`` and ``synonyms`` (the names in the shipped ``graph/data/topics.json``) and
``cooccurrence`` (pairs of term lists that must occur together) are accepted too.  A topic needs a
name and at least one rule.  Topics earlier in the file win a node's colour when it has several.

Every mistake is a coded error (``E073``) naming the file, the topic and the key.
"""
from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Iterable, Optional

from .errors import TopicFileError
from .topics import DEFAULT_WEIGHTS, TOPICS_PATH, Topic, TopicSet, load_topics

__all__ = ["load_topic_file", "parse_topic_option", "topic_set", "PALETTE", "RULE_KEYS"]

# Colour-blind-safer categorical colours (Tableau 10 without its grey), then a few more.
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
           "#ff9da7", "#9c755f", "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b")
RULE_KEYS = ("terms", "keywords", "abbreviations", "synonyms", "mesh", "dois", "journals")
TOPIC_KEYS = ("name", "label", "colour", "color", "cooccurrence") + RULE_KEYS
TOP_KEYS = ("topics", "weights", "include_default", "_comment", "comment")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
HINT = "see 'Topics' in the README for the file format (graph/data/topics.json is an example)"


def _fail(where: str, what: str) -> TopicFileError:
    return TopicFileError(f"{where}: {what}", hint=HINT)


def _strings(value, where: str, key: str) -> list[str]:
    if isinstance(value, str) or not isinstance(value, list):
        raise _fail(where, f"'{key}' must be a list of strings, not {type(value).__name__}")
    for i, v in enumerate(value):
        if not isinstance(v, str) or not v.strip():
            raise _fail(where, f"'{key}' item {i + 1} must be a non-empty string")
    return [v.strip() for v in value]


def _check_topic(d, i: int, src: str) -> dict:
    where = f"{src}: topic {i + 1}"
    if not isinstance(d, dict):
        raise _fail(where, "each topic must be a table/object with a 'name' and rules")
    name = d.get("name")
    if name is not None:
        where += f" ({name!r})"
    unknown = sorted(set(d) - set(TOPIC_KEYS))
    if unknown:
        raise _fail(where, f"unknown key(s) {', '.join(map(repr, unknown))}; "
                           f"known: {', '.join(TOPIC_KEYS)}")
    if not isinstance(name, str) or not _NAME.match(name):
        raise _fail(where, "'name' must be lower-case letters, digits, '-' or '_' (e.g. \"sglt2\")")
    out = {"name": name}
    label = d.get("label", name)
    if not isinstance(label, str) or not label.strip():
        raise _fail(where, "'label' must be a non-empty string")
    out["label"] = " ".join(label.split())
    colour = d.get("colour", d.get("color"))
    if colour is not None:
        if not isinstance(colour, str) or not _COLOUR.match(colour):
            raise _fail(where, f"'colour' must be #rrggbb, not {colour!r}")
        out["colour"] = colour.lower()
    for key in RULE_KEYS:
        if key in d:
            out[key] = _strings(d[key], where, key)
    if "cooccurrence" in d:
        pairs = d["cooccurrence"]
        if not isinstance(pairs, list) or not all(isinstance(p, list) and len(p) == 2 for p in pairs):
            raise _fail(where, "'cooccurrence' must be a list of pairs of term lists")
        out["cooccurrence"] = [[_strings(g, where, "cooccurrence") for g in p] for p in pairs]
    if not any(out.get(k) for k in RULE_KEYS + ("cooccurrence",)):
        raise _fail(where, f"no rule: give at least one of {', '.join(RULE_KEYS)}")
    for key in ("terms", "keywords", "synonyms", "mesh"):
        for term in out.get(key, ()):
            if not re.search(r"[A-Za-z0-9]", term):
                raise _fail(where, f"'{key}' item {term!r} has no letter or digit")
    return out


def _read(path: Path):
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TopicFileError(f"topics file not found: {path}", hint="check the path given to --topics")
    except (OSError, UnicodeDecodeError) as e:
        raise TopicFileError(f"cannot read topics file {path}: {e}", hint="save it as UTF-8 text")
    if path.suffix.lower() == ".toml":
        import tomllib

        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            raise _fail(str(path), f"not valid TOML ({e})")
    try:
        return json.loads(text)
    except ValueError as e:
        raise _fail(str(path), f"not valid JSON ({e}); use a .toml suffix for TOML")


def load_topic_file(path) -> tuple[list[dict], dict, bool]:
    """Read and validate a topics file: (topic definitions, weights, include_default)."""
    path = Path(path)
    src = str(path)
    data = _read(path)
    if not isinstance(data, dict) or not isinstance(data.get("topics"), list) or not data["topics"]:
        raise _fail(src, "expected a non-empty list 'topics' ([[topics]] tables in TOML)")
    unknown = sorted(set(data) - set(TOP_KEYS))
    if unknown:
        raise _fail(src, f"unknown key(s) {', '.join(map(repr, unknown))}; known: {', '.join(TOP_KEYS[:3])}")
    weights = data.get("weights", {})
    if not isinstance(weights, dict):
        raise _fail(src, "'weights' must be a table/object")
    for k, v in weights.items():
        if k not in DEFAULT_WEIGHTS:
            raise _fail(src, f"unknown weight {k!r}; known: {', '.join(DEFAULT_WEIGHTS)}")
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= 1:
            raise _fail(src, f"weight {k!r} must be a number from 0 to 1")
    include = data.get("include_default", False)
    if not isinstance(include, bool):
        raise _fail(src, "'include_default' must be true or false")
    topics = [_check_topic(d, i, src) for i, d in enumerate(data["topics"])]
    seen: set[str] = set()
    for t in topics:
        if t["name"] in seen:
            raise _fail(src, f"topic name {t['name']!r} is defined twice")
        seen.add(t["name"])
    return topics, weights, include


def parse_topic_option(text: str) -> dict:
    """A topic given on the command line: ``NAME=TERM,TERM`` or ``NAME[#rrggbb]=...``; terms
    that look like DOIs (``10.xxxx/...``) are DOI rules.

    >>> parse_topic_option("sglt2#2ca02c=empagliflozin, dapagliflozin,10.1056/NEJMoa1504720")
    {'name': 'sglt2', 'label': 'sglt2', 'colour': '#2ca02c', 'keywords': ['empagliflozin', 'dapagliflozin'], 'dois': ['10.1056/NEJMoa1504720']}
    """
    head, sep, body = text.partition("=")
    if not sep:
        raise TopicFileError(f"--add-topic {text!r}: expected NAME=TERM[,TERM...]",
                             hint="e.g. --add-topic 'sglt2=empagliflozin,dapagliflozin'")
    name, _, colour = head.strip().partition("#")
    terms = [t.strip() for t in body.split(",") if t.strip()]
    d: dict = {"name": name.strip(), "label": name.strip()}
    if colour:
        d["colour"] = "#" + colour
    kw = [t for t in terms if not re.match(r"^(?:doi:|https?://(?:dx\.)?doi\.org/)?10\.\d{4,}/", t, re.I)]
    dois = [t for t in terms if t not in kw]
    if kw:
        d["keywords"] = kw
    if dois:
        d["dois"] = dois
    return _check_topic(d, 0, f"--add-topic {text!r}")


def topic_set(path: Optional[str] = None, added: Iterable[str] = ()) -> Optional[TopicSet]:
    """The topics of a graph: command-line topics first, then the file's, then (without a file,
    or with ``include_default = true``) the shipped ones.  None when the user gave none."""
    added = [parse_topic_option(a) for a in added]
    if not path and not added:
        return None
    weights = dict(DEFAULT_WEIGHTS)
    defs: list[dict] = list(added)
    include = True
    if path:
        topics, w, include = load_topic_file(path)
        weights.update(w)
        defs += topics
    if include:
        shipped = json.loads(Path(TOPICS_PATH).read_text(encoding="utf-8"))
        weights = {**load_topics().weights, **weights} if not path else weights
        defs += [t for t in shipped["topics"] if t["name"] not in {d["name"] for d in defs}]
    names = [d["name"] for d in defs]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise TopicFileError(f"topic {dup[0]!r} is defined twice (command line and file)",
                             hint="give each topic one name")
    used = {d["colour"] for d in defs if d.get("colour")}
    free = itertools.chain([c for c in PALETTE if c not in used], itertools.cycle(PALETTE))
    for d in defs:
        if not d.get("colour"):
            d["colour"] = next(free)
    return TopicSet(tuple(Topic.from_dict(d, i) for i, d in enumerate(defs)), weights)
