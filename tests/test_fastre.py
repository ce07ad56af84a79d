"""extractor.fastre: patterns that skip text where they cannot match find exactly what re finds."""
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor import fastre
from extractor.trials.lexicon import DATA_DIR

PATTERNS = [
    (r"\bNCT\d{8}\b", re.I),
    (r"(?<![\d,])(?P<n>\d+)\s+(?:were|was)\s+randomi[sz]ed", re.I),
    (r"\b(?:single|double|triple)[- ]blind(?:ed)?\b", re.I),
    (r"(?<=EudraCT )\d{4}-\d{6}-\d{2}\b", re.I),
    (r"\b(?:an?\s)?placebo(?:[- ]controlled)?\b", re.I),
    (r"^placebo", re.I),
    (r"^placebo", re.I | re.M),
    (r"(?:HR|hazard ratio)\s*[=:]?\s*\d", 0),
    (r"(?i:odds) ratio", 0),
    (r"Odds(?-i: Ratio)", re.I),
    (r"(?:follow(?:ed)?[- ]up|over)\s+(?:\w+\s+){0,3}?(?P<num>\d+)\s+(?:weeks|months)", re.I),
    (r"(?:ab)+c?(?=x)", re.I),
    (r"k[i ]s", re.I),
    (r"(?:a|)", 0),
    # alternatives searched only where their words are; words standing before the match
    (r"(?<=EudraCT )\d{4}|(?<=EudraCT number )\d{4}-\d{6}|\btrial\s+(?:no|number)\b", re.I),
    (r"\bdouble[- ]blind|(?<!no )\bplacebo\b|ratio\s*=|[|]\s*x|\(?hazard\)?", re.I),
    (r"\bNCT\d{8}|placebo|odds|\d+\s+were", 0),
    # words far into a match: tried only in the run of the pattern's characters before them
    (r"(?<![\d,])(?P<n>\d+)\s+(?:[A-Za-z][\w-]*\s+){0,2}?(?:patients|men)\s+(?:\w+\s+){0,3}(?:were|was)\s+randomi[sz]ed", re.I),
    (r"(?:\d+|one|two)[ -](?:weeks?|months?)\s+follow[- ]up\b", re.I),
    (r"[A-Z]\w*\s+(?i:patients)", 0),
]
WORDS = ["NCT01234567", "nct12345678", "placebo", "Placebo-controlled", "a placebo", "double-blind",
         "12 were randomised", "EudraCT 2012-001234-56", "HR = 0.7", "hazard ratio 1.2", "odds ratio",
         "Odds Ratio", "ODDS ratio", "followed up for 12 weeks", "over the next 6 months", "ababx",
         "KIS", "\u212ai s", "EudraCT number 2012-001234", "trial no", "no placebo", "ratio =", "| x",
         "(hazard)", "\u017f", "ki\u017f", "\u0130", "junction", "1,234", "\n", " ", "-", "x",
         "3 men were randomised", "120 adult patients were randomized", "women", "treatment", "two-week follow-up",
         "6 months follow up", "Adult Patients", "12,", "."]


def _same(rx, fast, text, pos=0, endpos=None):
    args = (pos,) if endpos is None else (pos, endpos)
    want = rx.search(text, *args)
    got = fast.search(text, *args)
    assert (want and (want.span(), want.groups())) == (got and (got.span(), got.groups()))
    assert [m.span() for m in rx.finditer(text, *args)] == [m.span() for m in fast.finditer(text, *args)]
    assert rx.findall(text, *args) == fast.findall(text, *args)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS) | st.text(max_size=6), min_size=20, max_size=120),
       st.integers(0, 400), st.integers(0, 800))
def test_fast_patterns_find_what_re_finds(parts, pos, span):
    text = " ".join(parts)
    for pattern, flags in PATTERNS:
        rx, fast = re.compile(pattern, flags), fastre.compile(pattern, flags)
        _same(rx, fast, text)
        _same(rx, fast, text, pos, pos + span)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS) | st.text(max_size=6), min_size=2, max_size=120),
       st.integers(0, 400), st.integers(0, 800))
def test_a_pattern_set_leaves_out_only_patterns_without_a_match(parts, pos, span):
    text = " ".join(parts)
    fast = [fastre.compile(p, f) for p, f in PATTERNS] + [re.compile(p, f) for p, f in PATTERNS[:4]]
    rules = fastre.PatternSet(fast)
    for args in ((), (pos, pos + span)):
        given_ = rules.candidates(text, *args)
        assert [p for p in fast if any(p is g for g in given_)] == list(given_)  # in order
        for p in fast:
            if p.search(text, *args) is not None:
                assert any(p is g for g in given_), p.pattern
        sentence = text[pos:pos + 120]  # a short text of its own
        given_ = rules.candidates(sentence)
        for p in fast:
            if p.search(sentence) is not None:
                assert any(p is g for g in given_), p.pattern


def test_rule_patterns_find_what_re_finds_on_a_long_text():
    """Every pattern of the trial rules, on a text that holds many of their words."""
    import json

    text = " ".join(WORDS * 12) + " " + " ".join(
        "In this double-blind, placebo-controlled phase 2 trial (NCT04012345), 120 patients were "
        "randomly assigned in a 1:1 ratio; 113 were included in the analysis. Median follow-up was "
        "14 months. The primary outcome occurred in 12 (20%) vs 18 (30%); HR 0.62 (95% CI 0.41-0.93), "
        "p = 0.02.".split())
    count = 0
    every = []
    for path in sorted(DATA_DIR.glob("*.json")):
        stack = [json.loads(path.read_text(encoding="utf-8"))]
        while stack:
            v = stack.pop()
            if isinstance(v, dict):
                stack.extend(v.values())
            elif isinstance(v, list):
                stack.extend(v)
            elif isinstance(v, str):
                try:
                    rx = re.compile(v, re.I)
                except re.error:
                    continue
                count += 1
                fast = fastre.compile(v, re.I)
                _same(rx, fast, text)
                for a in range(0, len(text), 173):
                    _same(rx, fast, text, a, a + 300)
                    _same(rx, fast, text, a, a + 120)  # a sentence of a long text
                    _same(rx, fast, text[a:a + 120])  # a sentence on its own
                every.append(fast)
    assert count > 100
    # the rules as one set: a rule left out of a sentence has no match there
    rules = fastre.PatternSet(every)
    for a in range(0, len(text), 173):
        for args in ((text, a, a + 120), (text, a, a + 300), (text[a:a + 120],)):
            given_ = {id(p) for p in rules.candidates(*args)}
            assert all(id(p) in given_ for p in every if p.search(*args) is not None)


def test_required_words():
    assert fastre.required_words(r"\bNCT\d{8}\b", re.I) == (("nct", 0, True),)
    assert fastre.required_words(r"(?:HR|hazard ratio)\s*=") == (("HR", 0, False), ("hazard ratio", 0, False))
    assert fastre.required_words(r"\d+(?:mg|g)?") is None
    assert fastre.required_words(r"(?:a|)") is None
    # a case-insensitive word inside a case-sensitive pattern is looked for in lower case
    assert fastre.required_words(r"(?i:odds) ratio") == ((" ratio", 4, False),)


def test_spans():
    every, starts = fastre._read_spans(r"(?<![\d,])\d+\s+(?:[a-z]+\s+)?patients", re.I)
    assert re.fullmatch(every, "12 adult patients 3", re.I) and not re.fullmatch(every, "12. patients", re.I)
    assert re.fullmatch(starts, "1") and not re.fullmatch(starts, "a")
    assert fastre._read_spans(r"[^.]+ patients", re.I) is None  # any character but one
    assert fastre._read_spans(r"(?:\d+)? patients", re.I)[1] == r"[\d\U00000020]"
    assert fastre._read_spans(r"(?:a|)", 0) is None  # an empty match


def test_a_fast_pattern_keeps_the_pattern_interface():
    fast = fastre.compile(r"(?P<n>\d+) patients", re.I)
    assert fast.pattern == r"(?P<n>\d+) patients" and fast.flags & re.I and fast.groupindex == {"n": 1}
    assert fast.sub("N", "12 patients") == "N" and fast.match("3 Patients")["n"] == "3"


def test_a_lazy_pattern_compiles_on_first_use_and_is_the_plain_pattern():
    lazy = fastre.lazy(r"(?P<n>\d+)\s*mg", re.I)
    assert lazy.pattern == r"(?P<n>\d+)\s*mg" and "_rx" not in vars(lazy)
    assert lazy.search("dose 20 MG")["n"] == "20" and "_rx" in vars(lazy)
    assert lazy == re.compile(r"(?P<n>\d+)\s*mg", re.I) and lazy.flags == re.compile("", re.I).flags
    assert [m.span() for m in lazy.finditer("1 mg, 2mg")] == [(0, 4), (6, 9)]
    assert lazy.sub("N", "5 mg") == "N" and lazy.groupindex == {"n": 1}


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(WORDS) | st.text(max_size=6), min_size=20, max_size=120),
       st.integers(0, 400), st.integers(0, 800))
def test_a_pattern_after_its_lead_finds_what_it_finds_alone(parts, pos, span):
    text = " ".join(parts)
    extra = [(r"\bodds\s+ratios?\b|\bOR\b|\b(?:an?\s)?placebo", re.I), (r"\d+|(?i:k)m", 0),
             (r"(?<!\w)(?:mg|kg)/d|%|\bK", re.I)]
    led = 0
    for pattern, flags in PATTERNS + extra:
        lead = fastre.lead(pattern, flags)
        led += bool(lead)
        rx, ahead = re.compile(pattern, flags), re.compile(lead + "(?:" + pattern + ")", flags)
        for args in ((0,), (pos, pos + span)):
            assert [(m.span(), m.groups()) for m in rx.finditer(text, *args)] == \
                [(m.span(), m.groups()) for m in ahead.finditer(text, *args)]
    assert led >= 10


def test_start_class():
    assert fastre.start_class(r"(?:mg|kg)/d|%") == r"[\U0000006d\U0000006b\U00000025]"
    assert re.fullmatch(fastre.start_class(r"\bK", re.I), "\u212a", re.I)  # the Kelvin sign
    assert fastre.start_class(r"(?:a|)b?") is None  # an empty match
    assert fastre.start_class(r"[^a]b") is None  # any character but one
    assert fastre.start_class(r"(?i:a)b") is None  # a case-insensitive group in a sensitive pattern
    assert fastre.lead(r"\bOR\b|\bodds", re.I).startswith(r"\b(?=")
    assert fastre.lead(r"\bOR\b|odds", re.I).startswith("(?=")
