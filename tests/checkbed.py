"""A seeded test bed for the consistency checks: realistic two-arm trials, clean or with one
injected reporting error, as :class:`~extractor.model.Article` objects with provenance.

Every case is a short results paragraph ("... occurred in 23 of 49 (46.9%) patients in the
drug group and 10 of 29 (34.5%) in the placebo group (odds ratio 1.68, 95% CI 0.65 to 4.34;
p=0.28) ...") written from numbers drawn at random: arm sizes from a total and an allocation
ratio, events from a control risk and a true odds ratio, means and SDs for a continuous
outcome.  Clean cases report everything the way a careful article does (percentages rounded,
Wald intervals, p from χ² or Fisher); error cases change one thing the way articles get it
wrong (arms swapped, a wrong CI bound, a dropped decimal point, a percentage of the wrong
denominator, a truncated percentage, a wrong p, an inverted odds ratio, a wrong arm size, a
typo in a mean difference, an estimate outside its interval).

>>> cases = generate(4, 4, seed=1)
>>> [c.kind == "clean" for c in cases]
[True, True, True, True, False, False, False, False]
"""
from __future__ import annotations

import dataclasses
import hashlib
import math
import random
import time
from dataclasses import dataclass

from extractor import stats
from extractor.model import Arm, ArmResult, Article, Effect, Outcome, Provenance, Study

ERRORS = ("swapped_arms", "wrong_ci_bound", "dropped_decimal", "wrong_denominator",
          "truncated_percent", "wrong_p", "or_inverted", "wrong_arm_size",
          "md_typo", "estimate_outside_ci", "claim_contradicts_p", "se_printed_as_sd")

DRUGS = ("dapagliflozin", "tocilizumab", "dexamethasone", "semaglutide", "apixaban",
         "mesenchymal stem cells", "nirmatrelvir", "baricitinib", "metformin", "ivermectin")
BINARY = ("death from any cause", "hospitalization", "clinical response", "remission",
          "major bleeding", "treatment failure", "recurrence", "mechanical ventilation")
CONTINUOUS = (("6-minute walk distance", "m", 380, 80, 0), ("HbA1c", "%", 7.4, 1.1, 1),
              ("SF-36 physical score", "points", 45, 12, 1), ("systolic blood pressure",
                                                              "mm Hg", 138, 15, 1))


@dataclass(frozen=True)
class Case:
    """One generated article: ``kind`` is ``clean`` or the injected error's name."""

    id: int
    kind: str
    article: Article
    note: str = ""


class _Text:
    """Builds a text while handing out provenance for the values written into it."""

    def __init__(self):
        self.parts: list[str] = []
        self.n = 0

    def add(self, s: str) -> None:
        self.parts.append(s)
        self.n += len(s)

    def val(self, s: str) -> Provenance:
        p = Provenance(self.n, self.n + len(s), s)
        self.add(s)
        return p

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _pct(x: float, dec: int, truncate: bool = False) -> float:
    if truncate:
        f = 10 ** dec
        return math.floor(x * f + 1e-9) / f
    return float(f"{x:.{dec}f}")


def _f(x: float, dec: int) -> str:
    return f"{x:.{dec}f}"


def _p_text(p: float) -> tuple[str, float, str]:
    """How an article prints a p-value: (text, value, relation)."""
    if p < 0.001:
        return "p<0.001", 0.001, "<"
    dec = 3 if p < 0.01 else 2 if p >= 0.1 else 3
    return f"p={p:.{dec}f}", float(f"{p:.{dec}f}"), "="


@dataclass
class _Trial:
    n1: int
    n2: int
    ratio: str
    e1: int
    e2: int
    dec: int
    style: str  # "events" (e of n (x%)), "npct" (e (x%)) or "percent" (x% only)
    measure: str  # OR, RR, RD
    test: str  # chi2, yates, fisher
    drug: str
    outcome: str
    cont: tuple | None
    d1: int = 0  # dropouts (randomized but not analysed)
    d2: int = 0
    hr: bool = False
    p_style: str = "p="
    m1: float = 0.0
    m2: float = 0.0
    sd1: float = 0.0
    sd2: float = 0.0


def _draw(rng: random.Random) -> _Trial:
    while True:
        ratio = rng.choices(("1:1", "2:1", "3:1"), (7, 2, 1))[0]
        r = int(ratio[0])
        total = rng.randint(40, 600)
        n1 = round(total * r / (r + 1)) + rng.randint(-1, 1)
        n2 = total - n1
        d1, d2 = ((rng.randint(0, n1 // 12), rng.randint(0, n2 // 12)) if rng.random() < 0.4
                  else (0, 0))
        p0 = rng.uniform(0.05, 0.6)
        true_or = math.exp(rng.choice((-1, 1)) * rng.uniform(0.2, 1.1))
        odds1 = p0 / (1 - p0) * true_or
        p1 = odds1 / (1 + odds1)
        e1 = sum(rng.random() < p1 for _ in range(n1 - d1))
        e2 = sum(rng.random() < p0 for _ in range(n2 - d2))
        if 0 in (e1, e2, n1 - d1 - e1, n2 - d2 - e2):
            continue
        est = stats.odds_ratio(e1, n1 - d1 - e1, e2, n2 - d2 - e2).value
        if abs(math.log(est)) < 0.12:  # an OR that prints as 1.00 cannot show inversion
            continue
        cont = rng.choice(CONTINUOUS) if rng.random() < 0.6 else None
        t = _Trial(n1, n2, ratio, e1, e2, rng.choice((0, 1, 1, 1, 2, 2)),
                   rng.choice(("events", "events", "percent", "npct")),
                   rng.choices(("OR", "RR", "RD"), (6, 3, 1))[0],
                   rng.choices(("chi2", "yates", "fisher"), (6, 2, 2))[0],
                   rng.choice(DRUGS), rng.choice(BINARY), cont, d1, d2,
                   rng.random() < 0.3, rng.choice(("p=", "P = ", "p = ")))
        if cont:
            _, _, mu, sd, dec = cont
            t.m1 = round(mu + rng.gauss(0, sd / 4), dec)
            t.m2 = round(mu + rng.gauss(0, sd / 4), dec)
            t.sd1 = round(sd * rng.uniform(0.8, 1.2), dec)
            t.sd2 = round(sd * rng.uniform(0.8, 1.2), dec)
        return t


def _render(t: _Trial, err: str | None, rng: random.Random, cid: int) -> tuple[Article, str]:
    """Write the paragraph and its records, injecting ``err`` on the way."""
    note = ""
    T = _Text()
    r1, r2, e1, e2 = t.n1, t.n2, t.e1, t.e2
    n1, n2 = r1 - t.d1, r2 - t.d2  # analysed
    total = r1 + r2
    arm_n1 = r1
    if err == "wrong_arm_size":
        arm_n1 = r1 + rng.choice((-1, 1)) * rng.randint(3, 9)
        note = f"arm size {r1} printed as {arm_n1}"
    T.add(f"In this randomized, double-blind, placebo-controlled trial, {total} patients were "
          f"randomized {t.ratio} to {t.drug} (n=")
    a1p = T.val(str(arm_n1))
    T.add(") or placebo (n=")
    a2p = T.val(str(r2))
    T.add("). ")
    if t.d1 or t.d2:
        T.add("Of them, ")
        T.val(str(n1))
        T.add(" and ")
        T.val(str(n2))
        T.add(" completed follow-up and were analysed. ")
    # -- binary outcome -------------------------------------------------------------------
    dec = t.dec
    pc1, pc2 = _pct(100 * e1 / n1, dec), _pct(100 * e2 / n2, dec)
    if err == "truncated_percent":
        cands = [(i, _pct(100 * e / n, dec, truncate=True)) for i, (e, n) in
                 enumerate(((e1, n1), (e2, n2)))]
        cands = [(i, v) for i, v in cands if v != (pc1, pc2)[i]]
        if not cands:
            return None, ""
        i, v = cands[0]
        note = f"percent truncated: {(pc1, pc2)[i]} -> {v}"
        pc1, pc2 = (v, pc2) if i == 0 else (pc1, v)
    if err == "wrong_denominator":
        i = rng.randrange(2)
        e, n = ((e1, n1), (e2, n2))[i]
        wrong = rng.choice([n + d for d in (-3, -2, -1, 1, 2, 4) if n + d > e] + [(n2, n1)[i]])
        v = _pct(100 * e / wrong, dec)
        if v == (pc1, pc2)[i]:
            return None, ""
        note = f"percent of arm {i + 1} from {e}/{wrong} instead of {e}/{n}"
        pc1, pc2 = (v, pc2) if i == 0 else (pc1, v)
    show = [(e1, n1, pc1), (e2, n2, pc2)]
    if err == "swapped_arms":
        show = show[::-1]
        note = "per-arm results swapped between the arms"
    if err == "dropped_decimal" and rng.random() < 0.4:
        i = rng.randrange(2)
        e, n, pc = show[i]
        bad = float(_f(pc, dec).replace(".", ""))
        if bad <= 100:
            bad = bad * 10 ** (3 - len(str(int(bad))))
        show[i] = (e, n, bad)
        note = f"percent {pc} printed as {bad:g}"
        err_done = True
    else:
        err_done = False
    T.add(f"The primary outcome, {t.outcome} at 12 months, occurred in ")
    res = []
    for k, ((e, n, pc), label) in enumerate(zip(show, ("drug", "placebo"))):
        if t.style == "events":
            ep = T.val(str(e))
            T.add(" of ")
            tp = T.val(str(n))
            T.add(" (")
            pp = T.val(f"{pc:.{dec}f}%" if pc < 1000 else f"{pc:g}%")
            T.add(")")
            res += [ArmResult(label, "events", e, ep), ArmResult(label, "total", n, tp)]
        elif t.style == "npct":
            ep = T.val(str(e))
            T.add(" (")
            pp = T.val(f"{pc:.{dec}f}%" if pc < 1000 else f"{pc:g}%")
            T.add(") patients")
            res.append(ArmResult(label, "events", e, ep))
        else:
            pp = T.val(f"{pc:.{dec}f}%" if pc < 1000 else f"{pc:g}%")
            T.add(" of patients")
        res.append(ArmResult(label, "percent", pc, pp))
        T.add(" in the drug group and " if k == 0 else " in the placebo group ")
    # effect from the true counts
    tab = (e1, n1 - e1, e2, n2 - e2)
    fn = {"OR": stats.odds_ratio, "RR": stats.risk_ratio, "RD": stats.risk_difference}[t.measure]
    est = fn(*tab)
    if t.measure == "RD":
        v, lo, hi, edec = 100 * est.value, 100 * est.ci_low, 100 * est.ci_high, 1
        word = "risk difference"
        unit = " percentage points"
    else:
        v, lo, hi, edec = est.value, est.ci_low, est.ci_high, 2
        word = {"OR": "odds ratio", "RR": "relative risk"}[t.measure]
        unit = ""
    v, lo, hi = (round(x, edec) for x in (v, lo, hi))
    p = {"chi2": lambda: stats.chi2_p(*tab), "yates": lambda: stats.chi2_p(*tab, True),
         "fisher": lambda: stats.fisher_p(*tab)}[t.test]()
    measure = t.measure
    if t.measure == "OR" and err is None and rng.random() < 0.2:
        # an adjusted odds ratio (logistic regression): not the crude OR, Wald CI and p
        log_a = math.log(est.value) + rng.uniform(-0.2, 0.2)
        v, lo, hi = (round(math.exp(log_a + k * 1.96 * est.se), 2) for k in (0, -1, 1))
        p = stats.p_from_z(log_a / est.se)
        measure, word = "aOR", "adjusted odds ratio"
    ptxt, pval, prel = _p_text(p)
    ptxt = ptxt.replace("p=", t.p_style) if prel == "=" else ptxt
    if t.p_style == "P = " and prel == "=" and pval < 0.1 and rng.random() < 0.5:
        ptxt = ptxt.replace("0.", ".")  # the JAMA habit: P = .03
    if err == "or_inverted":
        if t.measure == "RD":
            v, lo, hi = -v, -hi, -lo
        else:
            v, lo, hi = round(1 / v, 2), round(1 / hi, 2), round(1 / lo, 2)
        note = f"{t.measure} inverted"
    if err == "wrong_ci_bound":
        which = rng.randrange(2)
        if which:
            hi = round(hi + rng.choice((1, -1)) * max(abs(hi - v) * rng.uniform(0.4, 0.8),
                                                   3 * 10 ** -edec), edec)
            hi = max(hi, v + 10 ** -edec)
        else:
            lo = round(lo + rng.choice((1, -1)) * max(abs(v - lo) * rng.uniform(0.4, 0.8),
                                                   3 * 10 ** -edec), edec)
            lo = min(lo, v - 10 ** -edec)
            if t.measure != "RD":
                lo = max(lo, 0.01)
        note = "a confidence limit changed"
    if err == "estimate_outside_ci":
        v, lo = lo, v  # estimate printed where the lower limit belongs, and vice versa
        lo, hi = (lo, hi) if lo <= hi else (hi, lo)
        if lo <= v <= hi:
            v = round(hi * 1.25 + 10 ** -edec, edec)
        note = "estimate outside its interval"
    if err == "wrong_p":
        if prel == "<":
            ptxt, pval, prel = "p=0.21", 0.21, "="
        else:
            new = pval / 10 if pval >= 0.05 else min(0.99, pval * 10 + 0.1)
            d = 3 if new < 0.01 else 2 if new >= 0.1 else 3
            new = float(f"{new:.{d}f}")
            ptxt, pval = f"p={new:.{d}f}", new
        note = f"p changed to {ptxt}"
    if err == "dropped_decimal" and not err_done:
        if prel == "=" and rng.random() < 0.5:
            digits = ptxt.split("=")[1].replace(".", "").lstrip("0") or "0"
            ptxt, pval = f"p={digits}", float(digits)
            note = f"p printed as {ptxt}"
        else:
            s = _f(hi, edec)
            hi = float(s.replace(".", "").replace("-", "")) * (1 if hi >= 0 else -1)
            note = f"upper limit printed as {hi:g}"
    T.add("(")
    vtxt, lotxt, hitxt = (f"{x:.{edec}f}" if abs(x) < 1000 else f"{x:g}" for x in (v, lo, hi))
    q0 = T.n
    T.add(f"{word} {vtxt}{unit}, 95% CI {lotxt} to {hitxt}; {ptxt}")
    eq = T.text[q0:]
    T.add("). ")
    sig = pval < 0.05 if prel == "=" else (pval <= 0.05 if prel == "<" else False)
    if err == "claim_contradicts_p":
        sig = not sig
        note = f"text claims {'a' if sig else 'no'} significant difference with {ptxt}"
    T.add("The difference was " + ("" if sig else "not ") + "statistically significant. ")
    effects = (Effect(measure, Provenance(q0, q0 + len(eq), eq), value=v, ci_low=lo,
                      ci_high=hi, ci_level=0.95, p_value=pval, p_relation=prel,
                      significant=sig, comparison=("drug", "placebo")),)
    outcomes = [Outcome(t.outcome, res[0].prov, timepoint="12 months", kind="binary",
                        results=tuple(res), effects=effects)]
    # -- continuous outcome ---------------------------------------------------------------
    if t.cont or err in ("md_typo", "se_printed_as_sd"):
        name, unit_c, mu, sd, cdec = t.cont or CONTINUOUS[0]
        if not t.cont:
            t.m1, t.m2 = mu + 12, float(mu)
            t.sd1 = t.sd2 = float(sd)
        se = math.sqrt(t.sd1 ** 2 / n1 + t.sd2 ** 2 / n2)
        md = t.m1 - t.m2
        md_r, l_r, h_r = (round(x, cdec) for x in (md, md - 1.96 * se, md + 1.96 * se))
        pc_txt, pc_val, pc_rel = _p_text(stats.p_from_z(md / se))
        if err == "md_typo":
            s = _f(abs(md_r), cdec)
            digits = s.replace(".", "")
            if len(digits) >= 2 and digits[-1] != digits[-2]:
                sw = digits[:-2] + digits[-1] + digits[-2]
            else:
                sw = str(int(digits) + 3)
            new = float(sw) / (10 ** cdec) * (1 if md_r >= 0 else -1)
            shift = new - md_r
            md_r, l_r, h_r = round(new, cdec), round(l_r + shift, cdec), round(h_r + shift, cdec)
            note = f"mean difference {md:.{cdec}f} printed as {md_r}"
        sd1_p, sd2_p = t.sd1, t.sd2
        if err == "se_printed_as_sd":
            sd1_p = round(t.sd1 / math.sqrt(n1), cdec + 1)
            sd2_p = round(t.sd2 / math.sqrt(n2), cdec + 1)
            note = f"standard errors {sd1_p}, {sd2_p} printed as SDs"
        T.add(f"The mean {name} was ")
        m1p = T.val(_f(t.m1, cdec))
        T.add(f" {unit_c} (SD ")
        s1p = T.val(_f(sd1_p, cdec + (err == "se_printed_as_sd")))
        T.add(f") with {t.drug} and ")
        m2p = T.val(_f(t.m2, cdec))
        T.add(f" {unit_c} (SD ")
        s2p = T.val(_f(sd2_p, cdec + (err == "se_printed_as_sd")))
        T.add(") with placebo (")
        q0 = T.n
        T.add(f"mean difference {_f(md_r, cdec)} {unit_c}, 95% CI {_f(l_r, cdec)} to "
              f"{_f(h_r, cdec)}; {pc_txt}")
        eq = T.text[q0:]
        T.add("). ")
        outcomes.append(Outcome(name, m1p, timepoint="12 months", kind="continuous", results=(
            ArmResult("drug", "mean", t.m1, m1p, unit=unit_c),
            ArmResult("placebo", "mean", t.m2, m2p, unit=unit_c),
            ArmResult("drug", "sd", sd1_p, s1p, unit=unit_c),
            ArmResult("placebo", "sd", sd2_p, s2p, unit=unit_c)),
            effects=(Effect("MD", Provenance(q0, q0 + len(eq), eq), value=md_r, ci_low=l_r,
                            ci_high=h_r, ci_level=0.95, p_value=pc_val, p_relation=pc_rel,
                            comparison=("drug", "placebo")),)))
    # -- a time-to-event outcome: HR with a Wald CI and a log-rank p ---------------------
    if t.hr:
        d_1, d_2 = max(5, e1), max(5, e2)
        se = math.sqrt(1 / d_1 + 1 / d_2)
        loghr = rng.gauss(0, 0.35)
        h, hl, hh = (round(math.exp(x), 2) for x in (loghr, loghr - 1.96 * se,
                                                      loghr + 1.96 * se))
        if hl > 0:
            p_lr = min(1.0, stats.p_from_z(loghr / se) * rng.uniform(0.8, 1.25))
            htxt, hval, hrel = _p_text(p_lr)
            T.add("Time to first ")
            hp = T.val("event")
            q0 = T.n
            T.add(f": hazard ratio {h:.2f}, 95% CI {hl:.2f} to {hh:.2f}; {htxt}")
            eq = T.text[q0 + 2:]
            T.add(". ")
            outcomes.append(Outcome("time to first event", hp, kind="time-to-event", effects=(
                Effect("HR", Provenance(q0 + 2, q0 + 2 + len(eq), eq), value=h, ci_low=hl,
                       ci_high=hh, ci_level=0.95, p_value=hval, p_relation=hrel,
                       comparison=("drug", "placebo")),)))
    text = T.text
    a1, a2 = (n1, n2) if (t.d1 or t.d2) else (None, None)
    arms = (Arm("drug", a1p, role="intervention", n_randomized=arm_n1, n_analyzed=a1,
                intervention=t.drug),
            Arm("placebo", a2p, role="control", n_randomized=r2, n_analyzed=a2,
                intervention="placebo"))
    study = Study(Provenance(0, 10, text[:10]), design="rct", randomized=True,
                  blinding="double-blind", control="placebo", allocation_ratio=t.ratio,
                  n_randomized=total, n_analyzed=(n1 + n2) if a1 else None, arms=arms,
                  outcomes=tuple(outcomes))
    sha = hashlib.sha256(f"{cid}:{text}".encode()).hexdigest()
    return Article(path=f"checkbed/{cid:04d}-{err or 'clean'}.txt", sha256=sha, format="text",
                   text=text, kind="primary", studies=(study,)), note


def generate(n_clean: int = 150, n_error: int = 150, seed: int = 20261125) -> list[Case]:
    """``n_clean`` clean cases, then ``n_error`` cases cycling through :data:`ERRORS`."""
    rng = random.Random(seed)
    cases: list[Case] = []
    while len(cases) < n_clean:
        art, _ = _render(_draw(rng), None, rng, len(cases))
        cases.append(Case(len(cases), "clean", art))
    k = 0
    while len(cases) < n_clean + n_error:
        err = ERRORS[k % len(ERRORS)]
        art, note = _render(_draw(rng), err, rng, len(cases))
        if art is None:  # the error would not change what is printed: draw another trial
            continue
        cases.append(Case(len(cases), err, art, note))
        k += 1
    return cases


def evaluate(cases: list[Case], store=None) -> dict:
    """Save every case, run the checks, and score them.

    A clean case is a false positive when any check flags or fails; an error case is detected
    when any check does.  Returns sensitivity, specificity, per-error detection, the missed and
    falsely flagged cases, the number of check rows and the seconds spent in the checks.
    """
    from corpus import Store
    from corpus.checks import CHECK_NAMES, run_checks

    store = store or Store(":memory:")
    ids = [store.save(c.article).document_id for c in cases]
    t0 = time.perf_counter()
    n_rows = 0
    found = {}
    for c, doc_id in zip(cases, ids):
        rows = store.transaction(lambda conn, i=doc_id: run_checks(conn, i))
        n_rows += len(rows)
        found[c.id] = [r for r in rows if r["status"] != "pass" and r["check"] in CHECK_NAMES]
    seconds = time.perf_counter() - t0
    clean = [c for c in cases if c.kind == "clean"]
    bad = [c for c in cases if c.kind != "clean"]
    fp = [c for c in clean if found[c.id]]
    miss = [c for c in bad if not found[c.id]]
    per = {}
    for c in bad:
        d = per.setdefault(c.kind, [0, 0])
        d[0] += bool(found[c.id])
        d[1] += 1
    return {
        "sensitivity": (len(bad) - len(miss)) / len(bad) if bad else math.nan,
        "specificity": (len(clean) - len(fp)) / len(clean) if clean else math.nan,
        "per_error": {k: f"{a}/{b}" for k, (a, b) in sorted(per.items())},
        "false_positives": [(c.id, [(r["check"], r["message"]) for r in found[c.id]])
                            for c in fp],
        "missed": [(c.id, c.kind, c.note) for c in miss],
        "checks": n_rows,
        "seconds": seconds,
        "cases": len(cases),
    }


__all__ = ["Case", "ERRORS", "generate", "evaluate"]
_ = dataclasses  # kept for callers that tweak cases with dataclasses.replace
