"""A small trial report built by hand from :mod:`extractor.model` records (store and CLI tests).

Every provenance is found in the text by :func:`prov`, so the invariant
``text[char_start:char_end] == quote`` holds by construction and a store test can check that it
survives the round trip through SQLite.
"""
from __future__ import annotations

import hashlib

from extractor.model import (Arm, ArmResult, Article, Citation, Effect, Flag, Outcome, Provenance,
                             Reference, Section, Sentence, Study)

TEXT = (
    "Umbilical cord MSCs for long COVID: a randomized trial\n"
    "Results\n"
    "In this double-blind trial, 98 patients were randomized 2:1 to MSCs (n=66) or placebo (n=32).^1\n"
    "MSCs were given at 4×10^7 cells on days 0, 3 and 6.\n"
    "Fatigue improved in 46.94% vs 28.13% of patients (OR 2.27, 95% CI 0.91–5.66; p=0.08).^2\n"
    "References\n"
    "1. Smith J, Doe A. Stem cells for fatigue. Lancet. 2021;397(10270):101-110. doi:10.1016/S0140-6736(21)00001-1\n"
    "2. Lee K. Long COVID outcomes. BMJ. 2022;376:e068993.\n"
)


def prov(quote: str, nth: int = 0, page: int | None = None, bbox=None) -> Provenance:
    """The provenance of the ``nth`` occurrence of ``quote`` in :data:`TEXT`."""
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(quote, start + 1)
    return Provenance(start, start + len(quote), quote, page, bbox)


def sentences() -> tuple[Sentence, ...]:
    out, start = [], 0
    for seq, line in enumerate(TEXT.splitlines(keepends=True)):
        body = line.rstrip("\n")
        out.append(Sentence(seq, body, Provenance(start, start + len(body), body, 1),
                            "results" if 1 < seq < 5 else None))
        start += len(line)
    return tuple(out)


def article(*, path: str = "trial.txt", version: str = "0.1.0", text: str = TEXT,
            extra_flag: bool = False) -> Article:
    """The hand-made article; ``text`` other than :data:`TEXT` changes only the sha256."""
    flag = Flag("exponent", "flag", "4×107 read as 4×10^7 (superscript lost?)", "4e7", "4×107")
    arms = (
        Arm("MSCs", prov("MSCs (n=66)"), role="intervention", n_randomized=66,
            intervention="umbilical cord MSCs", dose="4×10^7 cells", dose_value=4e7,
            dose_unit="cells", schedule="days 0, 3 and 6", flags=(flag,) if extra_flag else ()),
        Arm("placebo", prov("placebo (n=32)"), role="control", n_randomized=32,
            intervention="placebo"),
    )
    outcome = Outcome(
        "fatigue improved", prov("Fatigue improved"), kind="binary", primary=True,
        results=(
            ArmResult("MSCs", "percent", 46.94, prov("46.94%"), unit="%"),
            ArmResult("placebo", "percent", 28.13, prov("28.13%"), unit="%"),
            ArmResult("MSCs", "events", 31, prov("46.94%"), derived=True,
                      derivation="round(46.94% × 66) = 31"),
        ),
        effects=(Effect("OR", prov("OR 2.27, 95% CI 0.91–5.66; p=0.08"), value=2.27,
                        ci_low=0.91, ci_high=5.66, ci_level=0.95, p_value=0.08, p_relation="=",
                        significant=False, comparison=("MSCs", "placebo"),
                        flags=(Flag("ci_symmetry", "pass", "log-symmetric CI"),)),),
    )
    study = Study(prov("double-blind trial"), design="rct", randomized=True,
                  blinding="double-blind", control="placebo", allocation_ratio="2:1",
                  n_randomized=98, arms=arms, outcomes=(outcome,))
    refs = (
        Reference(1, TEXT.splitlines()[6], prov(TEXT.splitlines()[6]),
                  authors=({"family": "Smith", "given": "J"}, {"family": "Doe", "given": "A"}),
                  title="Stem cells for fatigue", journal="Lancet", journal_iso="Lancet",
                  year=2021, volume="397", issue="10270", first_page="101", last_page="110",
                  doi="10.1016/S0140-6736(21)00001-1", label="1"),
        Reference(2, TEXT.splitlines()[7], prov(TEXT.splitlines()[7]),
                  authors=({"family": "Lee", "given": "K"},), title="Long COVID outcomes",
                  journal="BMJ", journal_iso="BMJ", year=2022, volume="376",
                  article_number="e068993", label="2"),
    )
    cites = (Citation(1, "^1", prov("^1"), sentence_seq=2),
             Citation(2, "^2", prov("^2"), sentence_seq=4))
    sections = (Section("results", "Results", prov("Results")),
                Section("references", "References", prov("References")))
    return Article(
        path=path, sha256=hashlib.sha256(text.encode()).hexdigest(), format="text", text=TEXT,
        pages=1, title="Umbilical cord MSCs for long COVID: a randomized trial", kind="primary",
        extractor_version=version, sentences=sentences(), sections=sections, studies=(study,),
        references=refs, citations=cites,
        flags=(Flag("title", "pass", "title found on line 1"),), meta={"source": "hand-made"},
    )
