"""Outcomes with their per-arm results and effects, read sentence by sentence.

For each sentence: value tokens (``46.94 percent``, ``23/49``, ``7.2 ± 1.1``, ``median 430``)
are found, numbers that are not results are dropped (doses, ages, dates, sample sizes,
follow-up times, effect estimates, p-values and CIs), tokens joined by ``vs``/``versus``/
``and``/``compared with`` form comparison groups, and each group's values are paired with the
arms in the order the sentence names them ("MSC vs placebo"; "Compared with the placebo arm,
the MSC arm had ..." puts MSC first; "..., respectively").  Lone tokens take the arm named in
their own clause ("46.94 percent of MSC recipients").  The outcome name, time point and
subgroup come from the text around each group; effects and claims ("no significant
differences", "similar") attach to the group they follow, or to the last outcome when a
sentence only reports an estimate or a claim.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from .. import fastre
from ..compare.text import content
from .arms import ArmInfo, ArmMatcher
from .effects import EffectHit, find_cis, find_effects
from .lexicon import load, rx, rx_any, rx_list
from .numbers import find_doses, parse_number
from .text import split_top
from .values import Part, Value, find_values

__all__ = ["ResultDraft", "EffectDraft", "OutcomeDraft", "ResultReader"]


@dataclass
class ResultDraft:
    arm: ArmInfo
    statistic: str
    value: float
    start: int
    end: int
    unit: Optional[str] = None
    note: Optional[str] = None  # a reading the source does not state (flagged on the stored value)
    from_header: bool = False  # a group size read from a table header ("Placebo (n = 29)")
    loose: bool = False  # a number no word describes nor ties to its arm (kept for direction only)
    derivation: Optional[str] = None  # a number rebuilt by arithmetic (stored as derived, with this formula)


@dataclass
class EffectDraft:
    hit: Optional[EffectHit]
    start: int
    end: int
    significant: Optional[bool] = None
    direction: Optional[str] = None
    claim: Optional[str] = None  # the words a verbal claim was read from
    arms: Optional[tuple] = None  # (arm, arm) the estimate compares, when its source names them


@dataclass
class OutcomeDraft:
    name: str
    start: int
    end: int
    timepoint: Optional[str] = None
    subgroup: Optional[str] = None
    kind: Optional[str] = None
    primary: Optional[bool] = None
    results: list[ResultDraft] = field(default_factory=list)
    effects: list[EffectDraft] = field(default_factory=list)
    sentence: int = 0
    higher: Optional[bool] = None  # the words say the intervention arm is higher (True)/lower
    change_is_reduction: bool = False  # per-arm values are reductions ("decreased by")
    flags: list = field(default_factory=list)  # checks found while reading (extractor.model.Flag)


# "(control = 61.2 ± 5.1, decaffeinated = 70.4 ...": a short name, then "=" or ":", then the value
_LABEL_BEFORE = fastre.lazy(r"(?:^|[(,;]|\band\b)\s*(?P<lab>[A-Za-z][^=:;,()\d]{0,40}?)\s*[=:]\s*$")
_TIME_UNIT = fastre.lazy(r"(?:sec(?:ond)?|min(?:ute)?|h(?:ou)?r|day|week|wk|month|mo|year|yr)s?", re.I)
_CONTROL_LABEL = fastre.lazy(r"(?:the\s+)?(?:controls?|placebo|usual\s+care|standard\s+care)(?:\s+(?:group|arm))?", re.I)
_CONNECT = fastre.lazy(r"^\s*(?:,?\s*(?:vs\.?|versus|v\.?|and|compared\s+(?:with|to)|as\s+against)\s*|,\s*|\s*/\s*)$", re.I)
_VERB = fastre.lazy(r"\b(?:was|were|is|are|occurred|lasted|persisted|resolved|recurred|happened|did|had|has|have|remained|improved|declined|increased|decreased|reached|differed|showed|achieved|rose|fell|dropped|changed|tended)\b", re.I)
_FRONTED = fastre.lazy(r"^(?:(?:results?|findings|methods|conclusions?|interpretation|outcomes?)\s*[:.]?\s+)?(?:(?:at|after|by|in|during|over|of\s+note|overall|however|moreover|similarly|in\s+addition|notably|importantly|compared\s+(?:with|to)|relative\s+to|among|for|on|at\s+\w+)\b[^,]{0,80},\s*)+", re.I)
_COMPARATIVE = fastre.lazy(r"\b(?:lower|higher|greater|smaller|shorter|longer|fewer|more|less|reduced|increased|improved|better|worse|similar|comparable|earlier|later)\s+(?P<name>[^()\[\];]{3,90}?)\s*$", re.I)
_REGARDING = fastre.lazy(r"\b(?:regarding|in\s+terms\s+of|with\s+respect\s+to|with\s+regard\s+to|concerning|for\s+the\s+outcome\s+of)\s+(?P<name>[^()\[\];]{3,90}?)\s*$", re.I)
_OBJECT = fastre.lazy(r"\b(?:had|achieved|experienced|developed|reported|showed|attained|reached|required|underwent)\s+(?P<name>[^()\[\];,.]{3,80})", re.I)
_EVENT_NOUN = fastre.lazy(r"\s+(?P<name>(?:(?!(?:patients?|participants?|subjects?|people|women|men|children|adults|"
                         r"had|have|has|were|was|with|in|of|and|or)\b)[A-Za-z][\w-]*\s+){0,2}?"
                         + rx("results", "event_nouns").pattern + r")\b", re.I)
_CASES_OF = fastre.lazy(r"\s+(?:cases|episodes)\s+of\s+(?P<name>(?!the\s|these\s)[A-Za-z][^,;:()\[\]\d]{2,60}?)"
                       r"(?=\s+(?:in|among|with|for|on|after|during|was|were)\s|\s*[,;:(]|\s*$)", re.I)
_BAD_NAME = fastre.lazy(r"^(?:with|between|in|among|for|of|to|than|from|on|at|by|the\s+(?:two|three|both)|both|each|all|this|that|these|those|it|they|there|patients?|participants?|subjects?|groups?|arms?|common|frequent|likely|often|prevalent)\b(?!-)", re.I)
_NAME_STRIP_HEAD = fastre.lazy(r"^(?:(?:results?\s*:|the|a|an|its|their|our|overall|(?:proportion|percentage|number|rates?)\s+of\s+(?:patients|participants|subjects)\s+(?:with|who\s+(?:had|achieved|reached|showed))|(?:mean|median|average)s?\s*(?:and|±|\+/-|/|,)\s*(?:(?:the\s+)?(?:standard\s+(?:deviations?|errors?)|SDs?|SEs?|SEMs?|IQRs?|interquartile\s+ranges?|ranges?|medians?|means?))(?:\s+(?:of|for))?|mean\s*\(\s*(?:SD|SE|SEM)\s*\)|median\s*\(\s*(?:IQR|range)\s*\)|mean|median|average|total(?=\s+(?:number|count|of)\b)|proportion\s+of|percentage\s+of|rates?\s+of|number\s+of|incidence\s+of)\s+)+", re.I)
_NAME_STRIP_TAIL = fastre.lazy(r"\s+(?:results?|values?|data|findings|outcomes?|measures?|scores?\s+results)$", re.I)
# "the primary outcome": the generic noun is the name when only a qualifier precedes it
_QUALIFIER_ONLY = fastre.lazy(r"^\s*(?:(?:co-?)?primary|secondary|main|key|composite|exploratory|efficacy|safety|(?:pre-?)?specified)(?:\s+(?:composite|efficacy|safety))?\s*$", re.I)
_CITE = fastre.lazy(r"\[[^\]]*\d{4}[^\]]*\]|\[\d+(?:[,–-]\s*\d+)*\]")
# a mean with its SD in brackets ("17.7 [4.03]"); a bracketed whole number right after a decimal
_BRACKET_SD = fastre.lazy(r"\d[.·]\d+\s?\[\s*\d*[.·]\d+\s*\]")
_WHOLE_SD = fastre.lazy(r"\[\d{1,3}\]")
_DECIMAL_BEFORE = fastre.lazy(r"\d[.·]\d+\s?$")
# a change named by its noun, its start and end in brackets after it: "resistin concentration
# reduction (from 4.3 ± 1.5 to " (the name's words: no article, connective or verb)
_CHANGE_NOUN_FROM = fastre.compile(r"(?P<name>(?:(?<![\w-])(?!(?:both|and|or|with|the|a|an|in|of|for|was|were|is|are|had|has|showed|by)\b)[A-Za-z][\w-]*\s+){1,5}"
                                r"(?:reductions?|increases?|decreases?|declines?|rises?|falls?|drops?|changes?|improvements?|gains?|losses?))"
                                r"\s*\(\s*from\s+[^()]{1,40}?\s+to\s*$", re.I)
_SIZE_AFTER = fastre.lazy(r"^\s*(?:patients|participants|subjects|persons|people|individuals|women|men|children|adults|infants|cases|eyes|centers|centres|sites|hospitals|countries|trials|studies)\b", re.I)
_EVENT_VERB = fastre.lazy(r"\b(?:occurred|experienced|developed|died|had|reported|required|suffered)\b", re.I)
# counts of people that are counts of events by their grammar, whatever the verb: the people
# something was found "in" ("was detected in 3 cases in the A group and 18 cases in the B
# group"), or cases "of" something ("there were 3 cases of hypoxemia in the A group")
_COUNTED_IN = fastre.lazy(r"(?<![\w-])in\s+\d[\d,]*\s+(?:[a-z][\w-]*\s+)?(?:patients|participants|subjects|persons|people|"
                          r"individuals|women|men|children|adults|infants|cases|eyes)\b(?!\s+(?:were|was)\s+"
                          r"(?:randomi[sz]ed|assigned|allocated|enrolled|included))|"
                          r"(?<![\d.,])\d[\d,]*\s+(?:cases|episodes)\s+of\s+(?!the\s|these\s|them\b|whom\b)", re.I)
_FLOW = fastre.lazy(r"\b(?:completed|withdr[ea]w|discontinued\s+the\s+study|lost\s+to\s+follow|were\s+included|excluded|screened|enrolled|randomi[sz]ed|assigned|analy[sz]ed)\b", re.I)
_BASELINE_SENTENCE = fastre.compile(r"\b(?:at\s+baseline|baseline\s+(?:characteristics|values?|levels?|scores?|data|surveys?)|demographic)", re.I)
# the level of an interval in any spelling ("95% CIs", "[95% IC", "95% confidence limits") and the
# number of a group's name ("in Arm 1", "Group 2") are no values (nor the level written after the
# interval: "CI 95%: 7.56-343.73"); nor are an assay's
# coefficients of variation ("intra-assay and inter-assay CVs 3.3% and 5.6%")
_NOT_A_VALUE = fastre.lazy(r"\b9[059](?:\.\d)?\s*%\s*(?:CIs|IC|C\.I\.|confidence\s+(?:intervals|limits)|credib\w*|prediction)\b[^;)\]]*|"
                           r"\b(?:arms?|groups?|cohorts?)\s+\d{1,2}(?![\d.,·%])|"
                           r"\b(?:CI|C\.I\.|confidence\s+intervals?)\s*,?\s*9[059](?:\.\d)?\s*%|"
                           r"\b(?:intra|inter)-?assay\b.*$|"
                           # a coefficient of variation ("CVs were < 8%"), not a cardiovascular outcome ("CV mortality")
                           r"\bCVs?\b(?=\s*(?:[<>≤≥=:,(]|\d|(?:was|were|is|are|of|below|under|ranged|less|lower\s+than)\b))[^.;]*", re.I)
_FROM_BASELINE = fastre.compile(r"\bfrom\s+baseline\b|\bchanges?\s+(?:from|since|over)\b|\bbaseline\s+to\b|"
                             r"\b(?:compared|relative)\s+(?:with|to)\s+(?:the\s+|their\s+)?baseline\b|"
                             # "... at week 12 among patients with BASFI ≥2 at baseline": a subgroup
                             # defined by its state at entry, not the state at entry
                             r"\b(?:among|in)\s+(?:the\s+)?(?:patients|participants|subjects|those)\s+(?:with|who\s+had)\s+(?:[^.;()]|\.\d){1,60}?\s+at\s+baseline\b", re.I)
_FOR_OUTCOME = fastre.compile(r"\b(?:ratio|difference|risk|reduction)\s+(?:for|of|in)\s+(?!means\b|medians\b)(?P<name>[^,;()\[\]]{3,60}?)\s*(?:\b(?:was|were|is)\b|,|:|=|\()", re.I)
_ASSOCIATED = fastre.lazy(r"\b(?:was|were|is|are)\s+associated\s+with\s+(?:an?\s+)?(?:(?:significantly|statistically\s+significantly)\s+)?"
                          r"(?:lower|higher|greater|reduced|increased|smaller|larger|decreased)\s+(?P<name>[^()\[\];,]{3,80}?)\s*$", re.I)
_CI_LEVEL = fastre.lazy(r"\b9[059](?:\.\d)?\s*%(?=\s*(?:confidence|credible|CI)\b)", re.I)
_THRESHOLD = fastre.lazy(r"(?<![Pp]\s)(?<![Pp])[≤≥<>]\s*$")
_START_OF_CHANGE = fastre.lazy(r"\s*(?:%|(?!compared\b|relative\b)[A-Za-z/]{1,8})?\s*to\s+[-−–]?\d[\d.,·]*\s*(?:%|[A-Za-z/]{1,8}\s*)?[(±]")
_NEW_CLAUSE = fastre.lazy(r"(?:[;,]\s*|\s)(?:whereas|while|but)\s+(?:the\s+)?(?P<subj>[A-Za-z][^,;()\[\]]{2,60}?)\s+" + _VERB.pattern, re.I)
_AS_WAS = fastre.lazy(r"(?:^|[,;)]\s*)as\s+(?:was|were|did|is|are)\s+(?P<name>[A-Za-z][^()\[\];,]{2,80}?)\s*$", re.I)
_DIFFERENCE_IN = fastre.lazy(r"\bdiffer(?:ences?|ed)\s+(?:significantly\s+)?(?:in|of|for|with\s+respect\s+to|regarding)\s+(?:the\s+)?(?P<name>[^()\[\];,]{3,80}?)(?:\s+(?:between|among|across|amongst)\s+(?:the\s+)?(?:two\s+|three\s+|study\s+|treatment\s+)?(?:groups?|arms)\b|\s+between\s+(?:the\s+)?[\w+/-]+(?:\s+[\w+/-]+){0,4}?\s+(?:and|vs\.?|versus)\s|\s+by\s+(?:the\s+)?(?:treatment\s+|study\s+)?(?:arms?|groups?|allocation)\b)", re.I)
# "no significant mortality rate difference between the A (...": the outcome named before "difference"
_NAMED_DIFFERENCE = fastre.compile(r"(?<![\w-])(?!(?:no|not|a|an|the|any|significant|statistically|non-?significant|"
                                r"there|was|were|with)\b)(?P<name>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,3}?)\s+"
                                r"differences?\s+between\s+(?:the\s+)?[^()\[\];,]{1,60}$", re.I)
# a group named by one word right before its bracketed value, after "in"/"than"/"vs"
_UNNAMED_BEFORE = fastre.lazy(r"\b(?:in|than|vs\.?|versus|and|with)\s+(?:the\s+)?(?P<w>[A-Za-z][\w-]*(?:\s+(?:group|arm))?)\s*[(\[]\s*$", re.I)
_SE_WORD = fastre.lazy(r"\b(?:SEM|SE|s\.e\.(?:m\.)?|standard\s+errors?(?:\s+of\s+the\s+mean)?)\b")
_SD_WORD = fastre.lazy(r"\b(?:SD|s\.d\.|standard\s+deviations?)\b")
_CHANGE_IN = fastre.lazy(r"\b(?:there\s+(?:was|were)|showed|had|with)\s+(?:an?\s+)?(?:(?:statistically\s+)?(?:significant|marked|greater|larger|"
                         r"smaller|slight|modest)\s+)?(?:increase|decrease|reduction|rise|fall|improvement|decline|drop|elevation)s?\s+"
                         r"(?:in|of)\s+(?:the\s+)?(?P<name>[^()\[\];,]{2,60}?)\s+(?=in\s+(?:the\s+)?|among\s|with\s|for\s|after\s|at\s|$)", re.I)
# an arm's name followed by what of it was measured ("propofol infusion rate", "insulin
# dose", "morphine consumption"): an outcome named after the arm's own treatment
_DRUG_MEASURE = fastre.lazy(r"\s+(?:[\w-]+\s+){0,2}(?:rates?|doses?|dosages?|consumption|requirements?|use|usage|"
                            r"infusions?|concentrations?|levels?|exposure|amounts?|intake)\b", re.I)
_EMPTY_NAME_WORDS = frozenset((
    "level", "levels", "value", "values", "score", "scores", "rate", "rates", "concentration", "concentrations",
    "found", "observed", "seen", "measured", "noted", "recorded", "detected", "reported", "result", "results",
    "the", "a", "an", "mean", "median", "overall", "significantly", "significant", "statistically", "were", "was",
    "in", "of", "at", "both", "all", "these", "those", "differences", "difference", "changes", "change", "more", "less",
    "than", "there", "again", "however"))
# who a count counts: one list for every pattern of this module that names them
_PEOPLE = r"patients|participants|subjects|people|persons|children|adults|women|men|mothers|individuals|infants|neonates"
_WHO_DID = fastre.lazy(rf"(?:{_PEOPLE})\b"
                       r"(?:\s+(?:in|of|on|from|receiving|given|allocated(?:\s+to)?|assigned(?:\s+to)?|randomi[sz]ed\s+to|treated\s+with)\s+"
                       r"(?:the\s+)?[^,;()]{1,50}?(?:\s+(?:group|arm|condition)s?)?)?\s+"
                       r"(?P<rest>(?:(?!(?:were|was|is|are)\b)[a-z]+ed|had|achieved|experienced|developed|reported|required|"
                       r"underwent|took|used|received|needed)\b.+)$", re.I)
_POPULATION = fastre.lazy(rf"\b(?:{_PEOPLE})\b", re.I)
# "patients displaying EA", "patients who required rescue analgesia": who is counted heads the
# phrase, what they did or had is the outcome (a flow or allocation verb is no outcome)
_WHO_HEAD = fastre.lazy(rf"^(?:the\s+)?(?:{_PEOPLE})\s+"
                        r"(?:who\s+|that\s+)?(?P<rest>(?!(?:randomi[sz]ed|assigned|allocated|included|enrolled|treated|recruited|"
                        r"excluded|analy[sz]ed|completed|received|receiving|given|allocated|followed|withdrew|withdrawn)\b)"
                        r"(?:[a-z]{3,}(?:ing|ed)|had|with)\b.+)$", re.I)
# "... and 19 of 21 (90.4%) in group 2 were still in remission": what is said of counts that open
# their sentence (the verb, after who is counted and their arm); the name ends before a time,
# a comparison or a bracket
_PREDICATE = fastre.lazy(r"(?P<pre>[^.;:()\[\]]{0,90}?)(?<![\w-])(?P<verb>(?:were|was)\s+(?:(?:[a-z]+ly|still|also|all|both|then|later)\s+)*(?:in\s+)?|"
                         r"(?:(?:[a-z]+ly|still|also|all|both|then|later)\s+)?(?=[a-z]{3,}ed\s))(?!(?:not|no|never|neither)\b)(?P<name>[A-Za-z][^,;:()\[\]]{1,70}?)"
                         r"(?=\s*(?:$|[,;:(\[]|\.(?:\s|$)|\b(?:by|at|after|during|within|on|following|before|compared|than|versus|vs|"
                         r"whereas|while|but|and|with)\b))", re.I)
# what may stand between such counts and their verb: who is counted, their arm's words
_WHO_GAP = fastre.lazy(rf"[\s,]*(?:(?:{_PEOPLE}|cases|eyes|in|of|on|with|among|receiving|the|group|groups|arm|arms|respectively|each)\b[\s,]*)*", re.I)
# a predicate that tells how many were counted, not what happened to them
_NOT_PREDICATE = fastre.lazy(r"^(?:female|male|women|men|aged|older|younger|white|black|smokers|eligible|included|enrolled|"
                             r"randomi[sz]ed|assigned|allocated|treated|analy[sz]ed|lost|withdrawn|excluded|followed|recruited|"
                             r"available|evaluable|assessed|given|receiving|received|available)\b", re.I)
# "No adverse events occurred in either group", "There was no wound infection observed in any of
# our patients": an event none of the participants of any arm had (a difference, a change, an
# effect or a person is no event)
_NONE_IN_ANY = fastre.lazy(r"(?:[^,;]{0,40},\s*)?(?:there\s+(?:was|were)\s+)?(?P<no>no)\s+(?P<name>(?!(?:significant|statistical|statistically|"
                           r"differences?|changes?|effects?|improvements?|worsening|benefits?|patients?|participants?|subjects?|"
                           r"one|other|further|more|data|evidence|correlations?|associations?|interactions?|trend|case\s+of\s+loss)\b)"
                           r"[A-Za-z][\w/ -]{2,60}?)\s+(?:(?:was|were|has\s+been|have\s+been|had\s+been)\s+)?"
                           r"(?:observed|occurred|reported|seen|noted|recorded|detected|developed|experienced|encountered)\s+"
                           r"(?:in|with|among|for)\s+(?:either|any|both|all)(?:\s+of)?\s+(?:our\s+|the\s+)?(?:(?:two|three|study|treatment)\s+)?"
                           r"(?:groups?|arms?|patients?|participants?|subjects?|techniques?|procedures?|treatments?|children|infants|women|men)\b", re.I)
# "the most common adverse event was headache": the complement is the outcome
#: a subject that only counts people ("a significantly greater percentage (of patients)")
_SHARE_ONLY = fastre.lazy(r"(?:(?:a|an|the|significantly|statistically|numerically|greater|higher|larger|lower|smaller|more|fewer|"
                          r"percentage|proportion|number|share|fraction|rate)\s*)+(?:of\s+(?:the\s+)?[\w-]+)?", re.I)
_MOST_COMMON = fastre.lazy(r"(?:the\s+)?(?:most|least)\s+(?:common(?:ly\s+\w+)?|frequent(?:ly\s+\w+)?|prevalent)\b[^()\[\];]*$", re.I)
# "251 events occurred (EOC 110, mEOC+P 141)", "77.5% of patients (30 of 40 in A and 32 of 40
# in B) had died", "21 deaths (A: 12; B: 9)": a total, a few words, then a bracket that breaks it
# down by arm (each item an arm's name and its count, count of N or percentage)
_NUM = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?"
_BREAKDOWN = fastre.lazy(rf"(?<![\w.,/])(?P<total>{_NUM})\s*(?P<tpct>%)?(?P<mid>(?:\s+(?!(?:in|among|with|for|and|vs|versus)\b)[A-Za-z][\w-]*){{0,4}})\s*"
                         r"\((?P<body>[^()]*(?:\([^()]*\)[^()]*)*)\)", re.I)
_ITEM_SPLIT = fastre.lazy(r"\s*(?:;|,(?!\d{3}\b)(?:\s*and\b)?|\band\b|\bvs\.?|\bversus\b)\s*", re.I)
_ITEM_TAIL = rf"(?:\s*(?:of|/)\s*(?P<tot>{_NUM}))?\s*(?P<ipct>%)?(?:\s*[(\[]\s*(?P<pct>{_NUM})\s*%\s*[)\]])?"
_ITEM_LABEL_FIRST = fastre.lazy(rf"^(?:in\s+)?(?:the\s+)?(?P<lab>[^\d:=]{{1,40}}?)\s*[:=,]?\s*(?P<val>{_NUM}){_ITEM_TAIL}\s*$", re.I)
_ITEM_VALUE_FIRST = fastre.lazy(rf"^(?P<val>{_NUM}){_ITEM_TAIL}\s+(?:patients\s+|participants\s+|subjects\s+)?(?:in|for|with|among|on)\s+(?:the\s+)?(?P<lab>[^\d:=]{{1,40}}?)\s*$", re.I)
_AFTER_BREAKDOWN = fastre.lazy(r"\s*(?:(?:had|have|has|were|was)\s+(?:(?:[a-z]+ly|already|still|also|been)\s+)*)?(?P<name>[a-z][^,;:()\[\]\d]{2,60}?)(?=\s*(?:$|[,;:(\[]|\.(?:\s|$)|\b(?:by|at|after|during|within|on|following|before|compared|than|versus|vs|whereas|while|but|and|with)\b))", re.I)
_YEAR = fastre.lazy(r"^(?:19|20)\d\d$")
_SIZE_GAP = fastre.lazy(r"\s*(?:[A-Za-zμµ%/]{1,8}\s*)?(?:[,;]\s*|\(\s*)", re.I)
_FROM_TO_BEFORE = fastre.lazy(r"\bfrom\s+[-−–]?\d[^;:=()\[\]]{0,40}?\s+to\s+$", re.I)
_ITEM_P = fastre.lazy(r"^\s*(?:[^\d\s;,()=]{1,10}\s*)?,?\s*[Pp]\s*[=<>≤]\s*0?[.·]\d+(?=\s*;|\s*$)")
_BOTH_GROUPS = fastre.lazy(r"\s*(?:[A-Za-zμ/%]{1,10}\s*)?(?:in|for|among|with)\s+(?:both|each|the\s+two|either)\s+(?:of\s+the\s+)?"
                           r"(?:treatment\s+|study\s+)?(?:groups?|arms?)\b(?!\s+(?:combined|together|pooled))", re.I)
_DIGIT = fastre.lazy(r"\d")
# a sentence whose subject is only a difference between the arms, up to the values' bracket: "A
# statistically significant difference was observed between A and B: (", "There was a significant
# difference between the groups (" (no measure named: "in X", "for X", "regarding X")
_DIFFERENCE_ONLY = re.compile(r"(?:there\s+(?:was|were)\s+)?(?:an?\s+|no\s+)?(?:(?:statistically|clinically|highly)\s+)?"
                              r"(?:(?:significant|non-?significant)\s+)?differences?\s+(?:(?:was|were)\s+(?:observed|found|seen|noted|detected)\s+)?"
                              r"between\b(?P<between>(?:(?!\b(?:in|for|regarding|of|on|with)\b)[^()\[\];.])*)[(\[]?\s*$", re.I)
# the clauses of a sentence whose lone values each take the arm their own clause names; a value
# set against the next arm ("(mean 11.7 ± 4.8 days) of RI in comparison with the control group
# (mean 14.4 ± 6.3)") ends its clause at the connective, with the few words "of" the outcome
# between (not "in the A group", which names the value's own arm)
_CLAUSE_SPLIT = re.compile(r";\s*|,\s*(?:whereas|while|but|compared\s+with|and)\s+|\s+whereas\s+|\s+while\s+|"
                           r"(?<=[)%\d])(?:\s+of\s+[^\d;,()]{1,30}?)?\s+(?:compared\s+(?:with|to)|in\s+comparison\s+(?:with|to)|"
                           r"relative\s+to|versus|vs\.?|than)\s+", re.I)


@lru_cache(maxsize=None)
def _not_value_rules() -> fastre.PatternSet:
    """The rules :meth:`ResultReader._not_values` runs over a sentence after the time points,
    in order."""
    rules = rx_list("design", "follow_up") + rx_list("arms", "schedule") + \
        (rx("results", "subgroup"), rx("results", "category_numbers"), rx("results", "threshold_numbers"))
    return fastre.PatternSet(rules)


@lru_cache(maxsize=None)
def _rule_set(name: str, key: str) -> fastre.PatternSet:
    """The patterns of a rule list (:func:`rx_list`) as a :class:`fastre.PatternSet`."""
    return fastre.PatternSet(rx_list(name, key))


@lru_cache(maxsize=None)
def _ci(pattern: str) -> re.Pattern:
    """A rule pattern compiled case-insensitively, once."""
    return re.compile(pattern, re.I)


@lru_cache(maxsize=None)
def _ci_set(key: str) -> fastre.PatternSet:
    """The rule list ``key`` of the results rules, each compiled case-insensitively (:func:`_ci`),
    as a :class:`fastre.PatternSet`: only the rules whose words a stretch holds are searched."""
    return fastre.PatternSet([_ci(p) for p in load("results")[key]])


@lru_cache(maxsize=4096)
def _cue_direction(name: str) -> Optional[bool]:
    """Whether a lower value is better for an outcome of this name (with the long forms of its
    short forms): the longest cue word decides, a specific cue ("PHQ-9", "anxiety") before a
    generic one ("score", "event"); read once per name (the rules do not change in a run)."""
    data = load("results")
    generic = set(data.get("generic_direction_cues", ()))

    def best(key, specific):
        return max((len(m.group(0)) for p in data[key] if (p not in generic) == specific
                    for m in _ci(p).finditer(name)), default=0)
    low, high = best("lower_is_better", True), best("higher_is_better", True)
    if low == high == 0:
        low, high = best("lower_is_better", False), best("higher_is_better", False)
    if low == high:
        return None
    return low > high


#: the words opening an aside on the value before it: "562.6 ± 33.7 μm (increased by 28.1 ± 23.6 μm)"
_ASIDE_OPEN = fastre.lazy(r"\(\s*(?:an?\s+)?(?:(?:mean|median)\s+)?(?:(?:increased|decreased|reduced|changed|improved|rose|fell|dropped)\s+by|"
                          r"(?:increase|decrease|reduction|change|improvement|rise|fall|drop|gain|loss)s?\s+(?:of|by|from)\b)", re.I)
#: a value named a change after it, set after an arm's value in the same bracket: "(5.6 ± 3.6 mmHg; 41% change)"
_CHANGE_AFTER = fastre.lazy(r"\s*(?:change|reduction|decrease|increase|improvement|rise|fall|drop)\b", re.I)


def _without_asides(text: str, values: list[Value], start: int) -> tuple[list[Value], list[tuple[int, int]]]:
    """``values`` (of the sentence from ``start``) without those of an aside on another value,
    and the asides' brackets: a bracket opened right after a value that says how it changed ("562.6 ± 33.7 μm (increased by 28.1 ± 23.6 μm) and 560.9 ±
    29.9 μm (increased by 24.0 ± 24 μm) in groups I and II, respectively"), or a value named a
    change after an arm's value in the same bracket ("(5.6 ± 3.6 mmHg; 41% change)"). Such a
    value describes its neighbour; counted as one of the arms' values, it breaks the pairing of
    values with arms."""
    out, spans = [], []
    for k, v in enumerate(values):
        op = text.rfind("(", start, v.start)
        inside = op >= 0 and ")" not in text[op:v.start]
        prev = values[k - 1] if k else None
        if inside and prev is not None and prev.end <= op and len(text[prev.end:op]) <= 12 and \
                not re.search(r"[\d()\[\];]", text[prev.end:op]) and _ASIDE_OPEN.match(text, op):
            close = text.find(")", v.end)
            if close >= 0 and "(" not in text[v.end:close]:
                spans.append((op, close + 1))
            continue  # "(increased by 28.1 ± 23.6 μm)" after a value
        if inside and prev is not None and op < prev.start and re.fullmatch(r"\s*[;,]\s*", text[prev.end:v.start]) \
                and _CHANGE_AFTER.match(text, v.end):
            continue  # "; 41% change" after the arm's value in its bracket
        out.append(v)
    return out, spans


def _result_key(od: OutcomeDraft) -> tuple:
    """What makes two outcomes the same reading: their per-arm values and their subgroup."""
    return tuple(sorted((r.arm.label, r.statistic, r.value) for r in od.results)), od.subgroup


def _shared_percent(text: str, values: list[Value]) -> list[Value]:
    """"(79.0 vs. 27.3% very satisfied)": a bare number paired with a percentage by "vs",
    "versus" or "and" is a percentage too (the sign is printed once, after the pair)."""
    out = list(values)
    for i in range(len(out) - 2, -1, -1):
        v1, v2 = out[i], out[i + 1]
        if v1.form == "plain" and v2.form == "pct" and len(v1.parts) == 1 and not v1.parts[0].unit and \
                re.fullmatch(r"\s*(?:vs\.?|versus|v\.?|and)\s*", text[v1.end:v2.start]) and \
                0 <= v1.parts[0].value <= 100 and not re.search(r"(?:±|\+/-|\bSD|\bSE|%)\s*$", text[max(0, v1.start - 8):v1.start]) \
                and not re.match(r"\s*(?:±|\+/-)", text[v2.end:v2.end + 4]):
            p = v1.parts[0]
            out[i] = Value(v1.start, v1.end, (Part("percent", p.value, p.start, p.end, "%"),), "pct")
    return out


class ResultReader:
    """Reads outcomes from sentences of one document (keeps the running state)."""

    def __init__(self, text: str, arms: list[ArmInfo], matcher: ArmMatcher,
                 exclude: list[tuple[int, int]], abbreviations: Optional[dict[str, str]] = None):
        self.text = text
        self.abbreviations = abbreviations or {}
        self.arms = arms
        self.matcher = matcher
        self.exclude = sorted(exclude)
        self.outcomes: list[OutcomeDraft] = []
        self._index: dict[tuple, list[OutcomeDraft]] = {}  # _result_key -> outcomes (_duplicate)
        self._indexed = 0
        self.last: list[OutcomeDraft] = []
        self.last_seq = -10
        self.last_order: list[ArmInfo] = []
        self.last_order_seq = -10
        self.pending: Optional[tuple[int, OutcomeDraft]] = None  # a lone arm's outcome of the last sentence
        # first value of a labelled list (its offsets: a value's id() is reused once it is
        # freed, so an id would also name a later sentence's value) -> its arms
        self._forced: dict[tuple[int, int], list[ArmInfo]] = {}
        self._asides: list[tuple[int, int]] = []  # brackets of asides on a value (see _without_asides)
        self._n_of: dict[int, Value] = {}  # id(value) -> the "n = 25" written right after it (see _own_sizes)
        self._tied = False  # the last order came from arms named next to each value
        self._spans: dict[int, tuple[int, int]] = {}  # sentence -> its (start, end), as read
        self.seq = 0
        self.data = load("results")
        self._lower_better_of: dict[str, Optional[bool]] = {}
        self._time_matches_of: dict[tuple[int, int], list] = {}  # (a, b) -> _time_matches
        # "se" when the text says its "mean ± x" values are means and standard errors (and
        # names no SD there): see :func:`doc_spread`
        self.doc_spread: Optional[str] = None

    # -- helpers -----------------------------------------------------------------------------
    def _total_is_size(self, v: Value) -> bool:
        """"116 (46%) of 254 patients in the A group": a count with its share whose total alone
        was read as the arm's size; the count is a result all the same."""
        parts = {p.statistic: p for p in v.parts}
        if v.form != "events_total" or set(parts) != {"events", "total", "percent"}:
            return False
        return self._excluded(parts["total"].start, parts["total"].end) and \
            not any(self._excluded(p.start, p.end) for k, p in parts.items() if k != "total")

    def _excluded(self, a: int, b: int) -> bool:
        return any(x < b and a < y for x, y in self.exclude)

    def _negative(self, start: int, form: Optional[str] = None) -> bool:
        before = self.text[max(0, start - 25):start]
        m = rx_any("results", "negative_contexts").search(before)
        if m is not None and form in ("mean_sd", "events_total", "count_pct") and re.fullmatch(r"\W*(?:for|over|during|within)\s*", m.group(0), re.I):
            return False  # a mean ± SD, a count with its share ("reported for 40.5% (122/301)") is no duration
        return m is not None

    def _lower_better(self, name: str) -> Optional[bool]:
        """Whether a lower value is better for this outcome; the longest cue word decides
        ("anxiety scores": "anxiety" beats the generic "score"), in the name and in the long
        forms of the short forms it contains (read once per name and document)."""
        if name not in self._lower_better_of:
            self._lower_better_of[name] = self._read_lower_better(name)
        return self._lower_better_of[name]

    def _read_lower_better(self, name: str) -> Optional[bool]:
        # a short form in the name reads as its long form too: "CDRS-R total score" is a
        # "Children's Depression Rating Scale" score (the cue "depressi" decides)
        longs = [lf for sf, lf in self.abbreviations.items()
                 if len(sf) >= 2 and sf in name and re.search(rf"(?<![\w-]){re.escape(sf)}(?![\w])", name)]
        return _cue_direction(" ".join([name, *longs]))

    # -- one sentence ------------------------------------------------------------------------
    def _not_values(self, a: int, b: int, hits: list[EffectHit]) -> list[tuple[int, int]]:
        """Spans of ``text[a:b]`` whose numbers are no per-arm results: effect estimates,
        citations, doses, time points, follow-up times, schedules and subgroups."""
        text = self.text
        local_ex: list[tuple[int, int]] = []
        for h in hits:
            local_ex.append((h.start, h.end))
        bracket_sd = _BRACKET_SD.search(text, a, b) is not None
        for m in _CITE.finditer(text, a, b):
            if bracket_sd and _WHOLE_SD.match(text, m.start()) and _DECIMAL_BEFORE.search(text, max(a, m.start() - 12), m.start()):
                continue  # "(5.5 [1.6] vs. 6.9 [2] ml/kg)": a whole SD beside bracketed ones, no citation
            local_ex.append((m.start(), m.end()))
        for d in find_doses(text[a:b], a):
            if re.search(r"(?:±|\+/[-−]|\+-|\bSD)\s*$", text[max(a, d.start - 5):d.start]):
                continue  # "3.9 ± 2.1 g/kg/d": a spread, not a dose
            local_ex.append((d.start, d.end))
        # time points (their "tp" group), follow-up times, schedules, subgroups, categories
        # ("diarrhoea of grade 1–2", "stage III") and thresholds ("a reduction by at least 50%
        # between ..."): the rules whose words the sentence holds
        for matches in self._time_matches(a, b):
            for m in matches:
                local_ex.append((m.start("tp"), m.end("tp")))
        for pat in _not_value_rules().candidates(text, a, b):
            for m in pat.plain.finditer(text, a, b):  # (its words are there: searched plainly)
                local_ex.append((m.start(), m.end()))
        return local_ex

    def _time_matches(self, a: int, b: int) -> list[list[re.Match]]:
        """Each time-point rule's matches in ``text[a:b]``, in the rules' order (read once per
        stretch: a sentence's values, outcomes and groups all ask)."""
        got = self._time_matches_of.get((a, b))
        if got is None:
            given = {id(p) for p in _rule_set("results", "timepoint").candidates(self.text, a, b)}
            got = [list(p.plain.finditer(self.text, a, b)) if id(p) in given else []
                   for p in rx_list("results", "timepoint")]
            self._time_matches_of[(a, b)] = got
        return got

    def read(self, seq: int, a: int, b: int) -> None:
        text = self.text
        self.seq = seq
        self._spans[seq] = (a, b)
        # (a rule list searched as one pattern only where one of its rules' words stands)
        if (_BASELINE_SENTENCE.search(text, a, b) or _rule_set("results", "baseline_cues").candidates(text, a, b)
                and rx_any("results", "baseline_cues").search(text, a, b)) \
                and not _FROM_BASELINE.search(text, a, b):
            return  # baseline characteristics (ages, sex, scores at entry) are not outcomes
        if _rule_set("design", "sample_size_calculation").candidates(text, a, b) and \
                rx_any("design", "sample_size_calculation").search(text, a, b):
            return  # a sample size calculation's assumed rates and means are no results
        if len(self.arms) >= 2 and self._none_in_any(seq, a, b):
            return
        if not _DIGIT.search(text, a, b):
            # no number: no value, estimate or p-value to read (each of their patterns needs a
            # digit), only a claim for the last outcome
            self._effects_only(seq, a, b, [], self._claim(a, b))
            return
        hits = [h for h in find_effects(text, a, b)]
        found = find_values(text, a, b, paren_as="count_pct")
        taken = self._breakdowns(seq, a, b) if found else []
        if taken:
            found = [v for v in found if not any(x <= v.start < y for x, y in taken)]
        local_ex = self._not_values(a, b, hits) if found else []
        # numbers that start inside an interval's level and bounds ("(95% CIs 5.5–6.0 and 3.0–3.3)"),
        # a group's name ("in Arm 1") or an assay's precision; a value that merely holds one
        # ("7.0 (95% CI 6.3–7.6)") stays
        lead_ex = [(m.start(), m.end()) for m in _NOT_A_VALUE.finditer(text, a, b)] if found else []
        # "means with 95% confidence interval, ...": the level of an interval named in words
        lead_ex += [(m.start(), m.end()) for m in _CI_LEVEL.finditer(text, a, b)] if found else []
        # a labelled interval standing alone ("; 95% CI −0.07, 0.37)") bounds a difference, not
        # an arm's value; an arm's own interval ("7.0 (95% CI 6.3–7.6)") starts with its value
        cis = [(x, y) for x, y, *_ in find_cis(text, a, b)] if found else []
        values = []
        sizes: list[Value] = []
        for v in found:
            if self._excluded(v.start, v.end) and not self._total_is_size(v) or \
                    any(x < v.end and v.start < y for x, y in local_ex) or any(x <= v.start < y for x, y in lead_ex):
                if v.form == "n_eq":
                    sizes.append(v)  # read as an arm's size; may be the size of the value before it
                continue
            if any(x <= v.start and v.end <= y for x, y in cis):
                continue
            if v.form == "plain":
                p = v.parts[0]
                tok = text[p.start:p.end]
                if _YEAR.match(tok) and not p.unit:
                    continue
                if _SIZE_AFTER.match(text[v.end:v.end + 20]) or _SIZE_AFTER.match(text[p.end:p.end + 20]):
                    if not ((_EVENT_VERB.search(text, a, b) or _COUNTED_IN.search(text, a, b))
                            and not _FLOW.search(text, a, b)):
                        continue
                    v = Value(v.start, v.end, (Part("events", p.value, p.start, p.end, None),), "n_eq")
            if v.form == "n_eq" and self._is_size(v):
                sizes.append(v)  # "(n = 40)": a group size, or the size of the value before it
                continue
            if _START_OF_CHANGE.match(text, v.end) and v.form != "plain":
                continue  # "fell from 8.1 (0.9) to 7.2 (1.0)": the value before "to" is the start
            if v.form in ("pct", "plain") and _THRESHOLD.search(text, max(a, v.start - 3), v.start):
                continue  # "a LVEF ≤ 30%": a cut-off in the outcome's definition, no result
            values.append(v)
        # "Over 52 weeks, 212 exacerbations ...": a value in a negative context joins no group
        # ("for 12 weeks" is a duration, "for 196.6 ± 22.2 vs ..." a mean and SD)
        values = [v for v in values if not self._negative(v.start, v.form)]
        values = _shared_percent(text, values)
        values, self._asides = _without_asides(text, values, a)
        values = self._own_sizes(values, sizes)
        groups = self._labelled_lists(self._group(values), a)
        if not self.matcher.mentions(text, a, b) and not (self.last_order and seq - self.last_order_seq <= 1):
            # no arm named here: only an explicit two-arm comparison ("5.2% vs 6.8%") is read,
            # in the conventional order (intervention first)
            # in the conventional order (intervention first), or one value per arm closed by
            # "respectively" (the arms in the order the study introduced them)
            groups = [g for g in groups if len(self.arms) == 2 and len(g) == 2
                      and re.search(r"\b(?:vs\.?|versus|v\.?)\s", text[g[0].end:g[1].start])
                      or self._respectively(g) or len(g) == 1 and self._both_groups(g[0], b)]
        claim = self._claim(a, b)
        if not groups:
            self._effects_only(seq, a, b, hits, claim)
            return
        made: list[OutcomeDraft] = []
        prev_end = a
        prev_name: Optional[tuple[str, int, int]] = None
        for gi, g in enumerate(groups):
            gstart = g[0].start
            open_paren = text.rfind("(", prev_end, gstart)
            anchor = open_paren if open_paren >= 0 and not text[open_paren + 1:gstart].strip(" :,;") or (open_paren >= 0 and re.fullmatch(r"\(\s*(?:median|mean|n\s*=)?\s*", text[open_paren:gstart], re.I)) else gstart
            tied = False
            if len(g) >= 2:
                self._tied = False
                order = self._order(prev_end, anchor, a, g, b)
                if not order:
                    continue
                pairs = list(zip(order, g))
                # arms named next to each value, or two values set against each other
                # ("lower fall rate (1.2 vs 2.1 falls per person-year)")
                tied = self._tied or (len(g) == 2 and re.search(
                    r"\b(?:vs\.?|versus|v\.|compared\s+(?:with|to))\s", text[g[0].end:g[1].start], re.I) is not None)
            elif self._both_groups(g[0], b):
                # "the incision was 2.24 ± 0.06 mm in both groups": one value stated for each arm
                pairs = [(arm, g[0]) for arm in self.arms]
                tied = True
            else:
                arm = self._clause_arm(a, b, g[0]) or self._set_against(made, g[0])
                if arm is None:
                    continue
                pairs = [(arm, g[0])]
            event = self._event_noun(g)
            name = self._name(a, prev_end, anchor, g, prev_name) or event
            if name is None and gi == 0:
                name = self._continued(seq, a, anchor) or self._previous_subject(seq, a, anchor)
            if name is None:
                continue
            if not event and self._event_noun(g, name[0]):
                event = name  # "Exacerbations: 120 in the A group vs 160 in the B group"
            prev_name = name
            window = text[prev_end:anchor]
            sub = self._subgroup(window) if prev_end > a or not made else None
            if not made and sub is None:  # the first outcome of the sentence: its opening clause
                sub = self._subgroup(text[a:anchor])
            od = OutcomeDraft(name=name[0], start=name[1], end=name[2], sentence=seq)
            times = self._times(a, b)
            if len({tp for _, tp in times}) > 1:
                # "similar at T0 (P = 0.36), ... at T6 (median 0.14 and 0.33), at T9 (...)":
                # each group at the time point nearest before it
                before = [tp for at, tp in times if at < anchor]
                od.timepoint = before[-1] if before else (self._group_time(g, b) or self._timepoint(a, b))
            else:
                od.timepoint = self._timepoint(a, b) or self._group_time(g, b)
            od.subgroup = sub
            if re.search(r"\bprimary\s+(?:end\s*-?\s*point|outcome)", text[a:b], re.I):
                od.primary = True
            elif re.search(r"\bsecondary\s+(?:end\s*-?\s*point|outcome)", text[a:b], re.I):
                od.primary = False
            stat_word = self._stat_word(text[max(a, prev_end):anchor]) or self._stat_word(text[a:anchor])
            base_stat, base_unit = ("events", None) if event else (None, None)
            for arm, v in pairs:
                for p in v.parts:
                    if p.statistic != "value":
                        base_stat = base_stat or p.statistic
                    base_unit = base_unit or p.unit
            clause = text[max(a, prev_end):anchor]
            clause = clause[clause.rfind(", ") + 1:] if ", " in clause else clause
            local_word = self._stat_word(clause)  # the values' own clause, not "Over a median of 3 years,"
            # "10 days (95% CI 9-11) ... vs 15 days (13-18)": an unlabelled interval takes the
            # kind its sibling states (CI or range) rather than the IQR default
            stated = {p.statistic for v in g for p in v.parts if p.statistic in ("ci_low", "range_low")}
            stated = stated.pop()[:-4] if len(stated) == 1 else None
            se_label = _SE_WORD.search(text, a, g[0].start) is not None and not _SD_WORD.search(text, a, g[0].start)
            for arm, v in pairs:
                bare = v.form == "median_iqr" and not re.search(r"IQR|interquartile|Q1|range|CI", text[v.start:v.end], re.I)
                for p in v.parts:
                    stat = p.statistic
                    if stat == "sd" and (se_label or (self.doc_spread == "se" and "±" in text[v.start:v.end])) and \
                            not _SD_WORD.search(text, v.start, v.end):
                        stat = "se"  # "(mean ± SEM) were 5.2 ± 0.3 ...": a standard error; so is
                        # "5.2 ± 0.3" where the text says "Results are presented as mean ± SE"
                    elif bare and stated and stat in ("iqr_low", "iqr_high"):
                        stat = stated + stat[3:]
                    elif stat == "mean" and v.form == "median_iqr" and local_word == "median" and \
                            p is v.parts[0] and not re.search(r"\b(?:mean|average)\b", text[v.start:v.end], re.I):
                        stat = "median"  # "the median time was 92 h (95% CI 84-114)": the interval
                        # is the median's (an interval no word names is otherwise taken as a mean's)
                    elif stat == "percent" and v.form == "pct" and local_word in ("mean", "median"):
                        stat = local_word  # "mean change in bodyweight was −14.9%": a mean, in %
                    elif stat == "value":
                        stat = base_stat if base_stat in ("median", "mean", "events", "percent") else (stat_word or "value")
                    unit = p.unit or (base_unit if p.statistic in ("value", "median", "mean", "iqr_low", "iqr_high", "range_low", "range_high", "sd") else None)
                    if stat in ("events", "total"):
                        unit = None
                    if stat == "percent" or p.statistic == "percent":
                        unit = "%"
                    # a number no word describes ("group A: 12, group B: 14") is kept only
                    # where it has a unit (other than a duration: "for a total of 90 days" is
                    # a schedule) or the text ties each value to its arm ("0.20 in the A group,
                    # 0.27 in the B group", "1.2 vs 2.1 falls per person-year"); otherwise it
                    # only tells which arm is higher
                    loose = stat == "value" and not tied and (not unit or _TIME_UNIT.fullmatch(unit) is not None)
                    od.results.append(ResultDraft(arm, stat, p.value, p.start, p.end, unit, loose=loose))
                size = self._n_of.get(id(v))
                if size is not None and all(id(x) in self._n_of for _, x in pairs):
                    # each arm's value with its own n: the outcome's group size on that arm
                    sp = size.parts[0]
                    od.results.append(ResultDraft(arm, "total", sp.value, sp.start, sp.end))
            od.kind = self._kind(od, text[a:b])
            od.higher = self._higher(text[prev_end:anchor] or text[a:anchor])
            od.change_is_reduction = bool(re.search(r"\b(?:decreas|reduc|declin|fell|dropped|lost)\w*\s+(?:by|of)\b|\breductions?\s+(?:in|of)\b", text[a:anchor], re.I))
            made.append(od)
            prev_end = g[-1].end
        if not made:
            self._effects_only(seq, a, b, hits, claim)
            return
        made = self._merge_singles(made)
        if len(self.arms) >= 2:
            made = self._pair_across(made, seq, hits, len(values))
            # a value for one arm only is not a comparison a reviewer can use (and is most
            # often a within-arm or baseline number): keep it only with an effect estimate
            made = [od for od in made if len({r.arm.label for r in od.results}) >= 2
                    or any(h.measure for h in hits)]
            if not made:
                self._effects_only(seq, a, b, hits, claim)
                return
        # effects: each to the group it follows
        for h in hits:
            target = made[0]
            for od in made:
                if min(r.start for r in od.results) <= h.start:
                    target = od
            self._add_effect(target, EffectDraft(h, h.start, h.end))
        if claim:
            for od in made:
                if not any(e.hit and e.hit.measure for e in od.effects):
                    self._add_claim(od, claim)
                else:
                    for e in od.effects:
                        if e.significant is None:
                            e.significant = claim[2]
        for od in made:
            self._finish_effects(od)
        kept = []
        for od in made:
            dup = self._duplicate(od)
            if dup is None:
                self.outcomes.append(od)
                kept.append(od)
            else:
                for e in od.effects:
                    if not dup.effects:
                        dup.effects.append(e)
                kept.append(dup)
        self.last = kept
        self.last_seq = seq

    def _breakdowns(self, seq: int, a: int, b: int) -> list[tuple[int, int]]:
        """A total broken down by arm in the bracket after it ("251 events occurred (EOC 110,
        mEOC+P 141)", "77.5% of patients (30 of 40 in A and 32 of 40 in B) had died", "21 deaths
        (A: 12; B: 9)"): when each item of the bracket names one of the trial's arms (every arm
        once) with a count, a count of N or a percentage, and the counts add up to the total
        where both are stated, each arm gets its value for the outcome the clause names (the
        event noun after the total, else what is said after the bracket).  Returns the spans
        read, which the reading by connectives then skips."""
        text = self.text
        spans: list[tuple[int, int]] = []
        if len(self.arms) < 2:
            return spans
        for m in _BREAKDOWN.finditer(text, a, b):
            items = _ITEM_SPLIT.split(m["body"])
            if len(items) != len(self.arms) or any(not x.strip() for x in items):
                continue
            parsed = []
            pos = m.start("body")
            for it in items:
                at = text.find(it, pos, m.end("body"))
                if at < 0:
                    break
                pos = at + len(it)
                im = _ITEM_LABEL_FIRST.match(it) or _ITEM_VALUE_FIRST.match(it)
                if im is None:
                    break
                arm = self._label_arm(re.sub(r"\s+(?:group|arm)$", "", im["lab"].strip(), flags=re.I))
                if arm is None:
                    break
                parsed.append((arm, im, at))
            if len(parsed) != len(items) or len({id(x[0]) for x in parsed}) != len(parsed):
                continue
            total = parse_number(m["total"])
            vals = [parse_number(im["val"]) for _, im, _ in parsed]
            pct_items = [bool(im["ipct"]) for _, im, _ in parsed]
            if any(pct_items) and not all(pct_items):
                continue
            counts = not any(pct_items)
            if not counts and not (m["tpct"] and min(vals) <= total <= max(vals)):
                continue  # arms' percentages break down an overall percentage lying between them
            if counts and any(not x.is_integer() for x in vals):
                continue
            if counts and not m["tpct"] and sum(vals) != total:
                continue  # the bracket does not break this number down
            if counts and m["tpct"] and all(im["tot"] for _, im, _ in parsed):
                n = sum(parse_number(im["tot"]) for _, im, _ in parsed)
                if not n or abs(100 * sum(vals) / n - total) > 0.6:
                    continue
            # the outcome: an event noun after the total ("251 events", "21 deaths"), else the
            # predicate after the bracket ("... had died")
            name = None
            ev = _EVENT_NOUN.match(text, m.end("total")) if not m["tpct"] else None
            if ev and ev.end() <= m.start("body"):
                name = (ev["name"], ev.start("name"), ev.end("name"))
            else:
                am = _AFTER_BREAKDOWN.match(text, m.end(), b)
                # who completed, was analysed or has data missing is the trial's flow, no outcome
                if am and not _NOT_PREDICATE.match(am["name"]) and not _FLOW.search(text, m.end(), b) and \
                        not re.match(r"(?:missing|incomplete|unavailable)\b", am["name"], re.I):
                    name = self._clean_name(am["name"], am.start("name"))
            if name is None:
                continue
            od = OutcomeDraft(name=name[0], start=name[1], end=name[2], sentence=seq, kind="binary")
            od.timepoint = self._timepoint(a, b)
            for (arm, im, at), val in zip(parsed, vals):
                vs, ve = at + im.start("val"), at + im.end("val")
                od.results.append(ResultDraft(arm, "percent" if not counts else "events", val, vs, ve,
                                              "%" if not counts else None))
                if im["tot"]:
                    od.results.append(ResultDraft(arm, "total", parse_number(im["tot"]), at + im.start("tot"), at + im.end("tot")))
                if im["pct"]:
                    od.results.append(ResultDraft(arm, "percent", parse_number(im["pct"]), at + im.start("pct"), at + im.end("pct"), "%"))
            if self._duplicate(od) is None:
                self.outcomes.append(od)
                self.last, self.last_seq = [od], seq
            spans.append((m.start(), m.end()))
        return spans

    def _none_in_any(self, seq: int, a: int, b: int) -> bool:
        """"No postoperative complications occurred in either group": an outcome with no events
        in every arm (read from the word "no"; each arm's size is its denominator)."""
        text = self.text
        m = _NONE_IN_ANY.match(text, a, b)
        if m is None:
            return False
        name = self._clean_name(m["name"], m.start("name"))
        if name is None:
            return False
        no = m.start("no")
        od = OutcomeDraft(name=name[0], start=name[1], end=name[2], sentence=seq, kind="binary")
        od.timepoint = self._timepoint(a, b)
        od.results = [ResultDraft(arm, "events", 0.0, no, no + 2) for arm in self.arms]
        self.outcomes.append(od)
        self.last, self.last_seq = [od], seq
        return True

    # -- grouping ----------------------------------------------------------------------------
    def _is_size(self, v: Value) -> bool:
        before = self.text[max(0, v.start - 40):v.start]
        after = self.text[v.end:v.end + 12]
        if re.search(r"\(\s*$", before) and re.match(r"\s*\)", after):
            lead = before.rstrip(" (")
            if re.search(r"(?:group|arm|cohort|\w+)\s*$", lead) and not re.search(r"\b(?:vs|versus)\b", after):
                return True
        return False

    def _blank_asides(self, a: int, b: int) -> str:
        """``text[a:b]`` with the asides on values inside it blanked ("2.1 ± 1.0 (n = 40) with A")."""
        s = self.text[a:b]
        for x, y in self._asides:
            if a <= x and y <= b:
                s = s[:x - a] + " " * (y - x) + s[y - a:]
        return s

    def _own_sizes(self, values: list[Value], sizes: list[Value]) -> list[Value]:
        """``n = 25`` written right after a mean ("−0.44 (1.47), n=25", "2.1 ± 1.0 (n = 40)"): the
        number of people that value is of, the outcome's size for its arm (recorded in
        ``self._n_of``), not a value of its own; its span is an aside for the grouping."""
        self._n_of = {}
        out: list[Value] = []
        extra = {id(v) for v in sizes}
        for v in sorted(values + sizes, key=lambda x: x.start):
            prev = out[-1] if out else None
            if v.form == "n_eq" and prev is not None and prev.form in ("mean_sd", "mean_paren", "median_iqr") \
                    and id(prev) not in self._n_of and _SIZE_GAP.fullmatch(self.text, prev.end, v.start) \
                    and float(v.parts[0].value).is_integer():
                self._n_of[id(prev)] = v
                close = re.match(r"\s*\)", self.text[v.end:v.end + 5]) if "(" in self.text[prev.end:v.start] else None
                self._asides.append((prev.end, v.end + (close.end() if close else 0)))
                continue
            if id(v) not in extra:
                out.append(v)
        return out

    def _group(self, values: list[Value]) -> list[list[Value]]:
        groups: list[list[Value]] = []
        for v in values:
            if groups:
                last = groups[-1][-1]
                gap = self.text[last.end:v.start]
                for x, y in self._asides:  # an aside on the value before is no word between the two
                    if last.end <= x and y <= v.start:
                        gap = gap.replace(self.text[x:y], " ", 1)
                if (_CONNECT.match(gap) or self._arm_gap(gap)) and self._compatible(groups[-1][0], v):
                    groups[-1].append(v)
                    continue
            groups.append([v])
        out = []
        for g in groups:
            if len(g) == 1 and g[0].form == "plain" and not g[0].parts[0].unit and g[0].parts[0].statistic == "value":
                continue  # a lone bare number is never a result
            out.append(g)
        return out

    def _label_arm(self, label: str) -> Optional[ArmInfo]:
        """The arm a list label names ("decaffeinated", "the control group"), else None."""
        arms = {id(m[2]): m[2] for m in self.matcher.mentions(label)}
        if len(arms) == 1:
            return next(iter(arms.values()))
        if not arms and _CONTROL_LABEL.fullmatch(label.strip()):
            ctrl = [x for x in self.arms if x.role == "control"]
            return ctrl[0] if len(ctrl) == 1 else None
        return None

    def _labelled_lists(self, groups: list[list[Value]], a: int) -> list[list[Value]]:
        """Values each written after a name and "=" or ":" ("control = 61.2 ± 5.1,
        decaffeinated = 70.4 ± 6.3, green tea = 66.8 ± 4.9"): the names, not the grouping by
        connectives, say which values go together and whose each is.  A run of such values
        where two or more names are arms is one group, its arms in the names' order; when a
        name of the run is no arm of the study, or two name the same arm, the run is not read."""
        text = self.text
        flat = [v for g in groups for v in g]
        labels: list[Optional[str]] = []
        starts: list[int] = []
        fr_items: list[bool] = []
        prev = a
        for v in flat:
            # "(A group: from 0.91 ± 0.39 to 0.81 ± 0.38 cm; B group: from ...)": the label
            # stands before the change, its value after "to"
            fr = _FROM_TO_BEFORE.search(text, max(prev, v.start - 70), v.start)
            end = fr.start() if fr else v.start
            m = _LABEL_BEFORE.search(text, max(prev, end - 50), end)
            labels.append(m.group("lab") if m else None)
            starts.append(m.start() if m else v.start)
            fr_items.append(bool(fr and m))
            prev = v.end
        if sum(1 for x in labels if x) < 2:
            return groups
        runs: list[list[int]] = []
        for i, lab in enumerate(labels):
            if lab is None:
                continue
            # a p-value closing the item before ("..., P = 0.001; B group: ...") does not part the list
            gap = _ITEM_P.sub("", text[flat[i - 1].end:starts[i]], 1) if i else ""
            if runs and runs[-1][-1] == i - 1 and not re.search(r"\d|[.;]\s|\)|=", gap) or \
                    runs and runs[-1][-1] == i - 1 and fr_items[i] and re.fullmatch(r"\s*;\s*", gap):
                runs[-1].append(i)
            else:
                runs.append([i])
        drop: set[int] = set()
        new_groups: dict[int, list[Value]] = {}
        for run in runs:
            got = [self._label_arm(labels[i]) for i in run]
            if sum(1 for x in got if x is not None) < 2:
                continue
            if None in got or len({id(x) for x in got}) < len(got):
                drop.update(id(flat[i]) for i in run)
                continue
            g = [flat[i] for i in run]
            self._forced[(g[0].start, g[0].end)] = got
            drop.update(id(v) for v in g)
            new_groups[id(g[0])] = g
        if not drop:
            return groups
        out: list[list[Value]] = []
        for g in groups:
            rest = [v for v in g if id(v) not in drop]
            for v in g:
                if id(v) in new_groups:
                    out.append(new_groups[id(v)])
            if rest:
                out.append(rest)
        out.sort(key=lambda g: g[0].start)
        return out

    def _arm_gap(self, gap: str) -> bool:
        """``in the A group and`` / ``with A vs`` / ``of A recipients and``: one arm between two values."""
        ms = self.matcher.mentions(gap)
        if len(ms) != 1 or len(gap) > 90:
            return False
        rest = gap[:ms[0][0]] + " " + gap[ms[0][1]:]
        if re.fullmatch(r"\s*[;,]\s*(?:and\s+)?(?:in\s+|for\s+|with\s+)?(?:the\s+)?", gap[:ms[0][0]]) and \
                re.fullmatch(r"(?:\s+(?:group|arm)s?)?\s*[,:]?\s*\(?\s*", gap[ms[0][1]:]):
            return True  # label-prefixed values: "(drug A, 12/40 [30.0%]; placebo, 20/41 [48.8%])"
        if re.fullmatch(r"\s*[)\]]\s*,?\s*(?:and|vs\.?|versus|or|than|compared\s+(?:with|to))\s+(?:in\s+)?(?:the\s+)?", gap[:ms[0][0]]) and \
                re.fullmatch(r"(?:\s+(?:group|arm)s?)?\s*[(\[]\s*", gap[ms[0][1]:]):
            return True  # each value in brackets after its arm: "between the A (6/20; 30%) and B (8/20; 40%) groups"
        if re.fullmatch(r"\s*[)\]]?\s*,?\s*(?:was|were|is|are)\s+(?:(?:significantly|slightly|much|markedly|not)\s+)?[a-z]+er\s+than\s+"
                        r"(?:(?:that|those)\s+(?:of|in|for)\s+)?(?:the\s+)?", gap[:ms[0][0]]) and \
                re.fullmatch(r"(?:\s+(?:group|arm)s?)?\s*[(\[]\s*", gap[ms[0][1]:]):
            return True  # "... (0.28 ± 0.89) was lower than that of the B group (0.49 ± 1.17)": one value set against the other
        if len(self.arms) >= 3 and re.fullmatch(r"[\s(]*(?:in|with|among|of|for)?\s*(?:the\s+)?", gap[:ms[0][0]]) and re.fullmatch(r"(?:\s+(?:group|arm)s?)?\)?\s*,\s*(?:and\s+)?(?:in\s+|with\s+|of\s+)?", gap[ms[0][1]:]):
            return True
        # "31 deaths occurred in A and 45 in B", "3 cases of hypoxemia in A and 1 in B": the unit stated once
        m = _EVENT_NOUN.match(rest) or _CASES_OF.match(rest)
        rest = rx("results", "arm_gap_verbs").sub(" ", rest[m.end():] if m else rest)
        rest = re.sub(r"\b(?:patients?|participants?|subjects?|recipients?|cases|women|men|children|infants|adults|people|persons|individuals|in|with|among|of|for|receiving|given|treated|assigned|allocated|randomi[sz]ed|taking|to|on|during|the|group|arm|period|phase|[a-z]+\s+days?|months?|weeks?|points?|%|,)\b", " ", rest, flags=re.I)
        return bool(re.fullmatch(r"[\s,()%]*(?:and|vs\.?|v\.?|versus|(?:as\s+)?compared(?:\s+(?:with|to))?|but|while|whereas)[\s,]*(?:in|of|with|among)?[\s]*(?:the\s+)?", rest.strip(" ,") + " ", re.I)) if re.search(r"\b(?:and|vs\.?|v\.?|versus|compared|but|while|whereas)(?:\b|\s)", rest, re.I) else False

    @staticmethod
    def _compatible(a: Value, b: Value) -> bool:
        fam = {"events_total": "c", "count_pct": "c", "n_eq": "c", "pct": "p", "mean_sd": "m",
               "mean_paren": "m", "median_iqr": "m", "plain": "x"}
        fa, fb = fam[a.form], fam[b.form]
        return fa == fb or "x" in (fa, fb) and not ({fa, fb} & {"p"}) or (fa, fb) in {("c", "p"), ("p", "c")}

    # -- arms --------------------------------------------------------------------------------
    def _adjacent(self, g: list[Value], sent_end: int) -> Optional[list[ArmInfo]]:
        """Arms named right after (or right before) each value: "29 (9.7%) in the A group and
        56 (18.9%) in the B group", "12.2 months with A vs 9.4 months with B"."""
        text = self.text
        for side in ("after", "before"):
            got = []
            for k, v in enumerate(g):
                if side == "after":
                    lim = g[k + 1].start if k + 1 < len(g) else min(sent_end, v.end + 60)
                    seg_end = lim
                    m = re.search(r"[;.]\s|\(", text[v.end:seg_end])
                    if m and side == "after" and m.group(0) != "(":
                        seg_end = v.end + m.start()
                    # "(control = 79.3, decaffeinated = 89.1)": a name followed by "=" or ":"
                    # labels the value after it, never the one before
                    ms = [x for x in self.matcher.mentions(text, v.end, seg_end) if x[0] - v.end <= 45
                          and not re.match(r"\s*(?:group|arm)?\s*[=:]", text[x[1]:x[1] + 12], re.I)]
                    if ms and re.search(r"\d", self._blank_asides(v.end, ms[0][0])):
                        ms = []
                else:
                    lo = g[k - 1].end if k else max(0, v.start - 40)
                    ms = [x for x in self.matcher.mentions(text, lo, v.start) if v.start - x[1] <= 25]
                    ms = ms[-1:]
                    if not ms and len(g) == 2 and len(self.arms) == 2:
                        um = _UNNAMED_BEFORE.search(text, lo, v.start)
                        if um:  # "higher in cases (32%, 7 of 22) than controls (0%, 0 of 23)"
                            got.append(self._label_arm(um["w"]))
                            continue
                if not ms:
                    break
                got.append(ms[0][2])
            if side == "before" and len(got) == 2 and got.count(None) == 1:
                # one arm named by a word the study never used for it: the other arm
                known = next(a for a in got if a is not None)
                other = next(a for a in self.arms if a is not known)
                got = [a if a is not None else other for a in got]
            if len(got) == len(g) and None not in got and len({id(a) for a in got}) == len(got):
                return got
        return None

    def _order(self, prev_end: int, anchor: int, sent_start: int, g: list[Value], sent_end: int = 0) -> list[ArmInfo]:
        text = self.text
        forced = self._forced.get((g[0].start, g[0].end))
        if forced is not None:
            return forced  # a labelled list: its names say whose each value is
        adj = self._adjacent(g, sent_end or len(text))
        if adj:
            self._tied = True
            return adj
        mentions = self.matcher.mentions(text, prev_end, anchor)
        if len(g) == 2 and len(self.arms) == 2 and mentions and \
                self._own_pairs(mentions[-1], g, sent_start, sent_end or len(text)):
            return []  # a pair of values within each arm (before and after), not one per arm
        if len({id(m[2]) for m in mentions}) < min(2, len(g)):
            mentions = self.matcher.mentions(text, sent_start, anchor) or mentions
        # "the propofol infusion rate was lower in the combination group (...)": an arm's name
        # that names what was measured is no arm the values are given for
        own = [m for m in mentions if not _DRUG_MEASURE.match(text, m[1])]
        if own and len(own) < len(mentions):
            mentions = own
        after = text[g[-1].end:g[-1].end + 120]
        if re.match(r"[^.;]*?\brespectively\b", after) and len({id(m[2]) for m in mentions}) < len(g):
            # "were 6.2% and 11.9% in the A and B groups, respectively"; arms named before the
            # values but fewer than the values are kept (and the values are then not read)
            mentions = self.matcher.mentions(text, g[-1].end, g[-1].end + 120) or (mentions if len(self.arms) > 2 else [])
        if not mentions and len(g) == 2:
            got = self._named_after(g, sent_end or len(text))
            if got:
                self.last_order, self.last_order_seq = got, self.seq
                return got
        order: list[ArmInfo] = []
        first_fronted = None
        only = len({id(m[2]) for m in mentions}) == 1
        if only and len(g) == 2 and len(self.arms) == 2:
            got = self._by_comparative(mentions[-1], g, sent_start)  # the mention nearest the values
            if got:
                self.last_order, self.last_order_seq = got, self.seq
                return got
        for k, (s, e, arm) in enumerate(mentions):
            pre = text[max(sent_start, s - 25):s]
            if re.search(r"(?:compared\s+(?:with|to)|relative\s+to|versus|vs\.?|than(?:\s+(?:with|in|among|for|on))?|over|against)\s+(?:the\s+)?$", pre, re.I):
                if k == 0 and re.search(r"^\s*(?:compared|relative)", text[sent_start:s] + " ", re.I) or (k == 0 and len(mentions) > 1 and re.search(r"(?:compared\s+(?:with|to)|relative\s+to)\s+(?:the\s+)?$", pre, re.I)):
                    first_fronted = arm
                    continue
                if only and len(g) == 2 and len(self.arms) == 2 and not re.search(r"^\s*(?:compared|relative)", text[sent_start:s] + " ", re.I):
                    # "higher in the surgery group compared to the NSM group (79.0 vs 27.3%)":
                    # the one arm named is the comparator, its value comes second
                    first_fronted = arm
                    continue
            if arm not in order:
                order.append(arm)
        if first_fronted is not None and first_fronted not in order:
            if not order and len(g) == 2 and len(self.arms) == 2:
                order.append(next(a for a in self.arms if a is not first_fronted))
            order.append(first_fronted)
        if not order and self._respectively(g):
            order = list(self.arms)  # "... were 6.2% and 11.9%, respectively": as introduced
        if not order and self.last_order:
            order = list(self.last_order)
        if order and len(order) < len(g) and not (len(g) == 2 and len(self.arms) == 2):
            # "(control = 79.3, decaffeinated = 89.1, caffeine = 84.5)" with one name not read,
            # "with A/B, A alone and B alone ... respectively": the text names fewer arms than
            # it gives values; which value belongs to the unnamed arm is a guess, so none is kept
            return []
        for arm in self._default_order():
            if len(order) >= len(g):
                break
            if arm not in order:
                order.append(arm)
        if order:
            self.last_order = order
            self.last_order_seq = self.seq
        return order[:len(g)]

    def _named_after(self, g: list[Value], sent_end: int) -> Optional[list[ArmInfo]]:
        """"lower (5.5 [1.6] vs. 6.9 [2] ml/kg, P = 0.002) with B compared to A": two values set
        against each other before any arm is named, the arms named after them in the same order
        ("with B compared to A", "in B than in A", "for B versus A")."""
        text = self.text
        if not re.search(r"\b(?:vs\.?|versus|v\.|compared\s+(?:with|to))\s", text[g[0].end:g[1].start], re.I):
            return None
        close = re.match(r"(?:[^()\[\];.]|\.(?=\d))*?[)\]]", text[g[-1].end:sent_end])
        if close is None:
            return None  # the values are not in a bracket that closes before the arms
        pos = g[-1].end + close.end()
        ms = self.matcher.mentions(text, pos, sent_end)
        if len(ms) < 2 or ms[0][2] is ms[1][2]:
            return None
        (s1, e1, arm1), (s2, e2, arm2) = ms[0], ms[1]
        # "higher (a vs b) and Y lower (c vs d) with B compared to A": the arms of both pairs
        if not re.fullmatch(r"(?:\s*,?\s+and\s+(?:[^()\[\];.]|\[[A-Za-z. ]+\]){0,80}?\([^()]*\))?\s*(?:(?:and|respectively)\s+)?(?:with|in|for|among|on|by|using|after)\s+(?:the\s+)?", text[pos:s1], re.I) or \
                not re.fullmatch(r"[™®]?(?:\s+(?:groups?|arms?|recipients))?\s*,?\s*(?:compared\s+(?:with|to)|relative\s+to|than|versus|vs\.?|v\.?|over|against)"
                                 r"\s+(?:(?:with|in|for|among|on|by|using|after)\s+)?(?:the\s+)?", text[e1:s2], re.I):
            return None
        return [arm1, arm2]

    def _own_pairs(self, mention, g: list[Value], sent_start: int, sent_end: int) -> bool:
        """"in the A group (247.2 ± 32.9 vs 252.0 ± 24.9 μm; P = 0.958) and in the B group (250.8
        ± 34 vs 264.0 ± 34.1 μm; P = 0.137)": each arm is named right before a pair of its own,
        the values before and after treatment within that arm, not one value of each arm."""
        text = self.text
        if not re.fullmatch(r"[\s\w-]{0,20}?[(\[:]\s*", text[mention[1]:g[0].start]):
            return False
        for _, e, arm in self.matcher.mentions(text, sent_start, sent_end):
            m = re.match(r"[\s\w-]{0,20}?[(\[:]\s*(?P<v>[-−]?\d)[^()\[\];]{0,40}?\s(?:vs\.?|versus)\s",
                         text[e:sent_end], re.I)
            # the other arm's own pair, not this one ("with A vs B (3 vs 18 months)")
            if arm is not mention[2] and m and not g[0].start <= e + m.start("v") < g[-1].end:
                return True
        return False

    def _by_comparative(self, mention, g: list[Value], sent_start: int) -> Optional[list[ArmInfo]]:
        """"significantly higher levels found in the control group (5.85 ± 1.32 vs. 9.63 ±
        0.67)": the one arm named with a comparative holds the value the comparative says
        (the higher of the two here), the other arm the other value."""
        s, e, arm = mention
        before = self.text[max(sent_start, s - 60):s]
        m = re.search(r"\b(?P<up>higher|greater|larger|longer|more|increased)\b|\b(?P<down>lower|smaller|shorter|less|fewer|reduced|decreased)\b",
                      before, re.I)
        if m is None or re.search(r"\b(?:than|compared|versus|vs)\b", before[m.end():], re.I) or \
                not re.search(r"\b(?:in|with|among|for|on)\s+(?:the\s+)?$", before):
            # "the B group had a longer mean recovery time (7.9 vs 10.5)": the arm is the subject
            after = self.text[e:g[0].start]
            m = re.match(r"(?:\s+(?:group|arm)s?)?\s+(?:had|has|showed|experienced|achieved|reported|required|needed|"
                         r"(?:was|were)\s+associated\s+with|resulted\s+in|led\s+to|produced|yielded)\s+"
                         r"(?:an?\s+)?(?:(?:statistically\s+)?significantly\s+)?(?:(?P<up>higher|greater|larger|longer|more|increased)|"
                         r"(?P<down>lower|smaller|shorter|less|fewer|reduced|decreased))\b[^()\[\];]{0,80}?[(\[:]?\s*$", after, re.I)
            if m is None or re.search(r"\b(?:than|compared|versus|vs)\b", after, re.I) or \
                    not re.search(r"(?:^|[(\[:]|\bthe|^\s*(?:treatment|therapy)\s+with|^\s*(?:the\s+)?(?:use|administration)\s+of)\s*$",
                                  self.text[max(sent_start, s - 30):s], re.I):
                return None  # the arm opens its clause ("The B group had", "..., the B group had",
                # "Treatment with B was associated with a lower ...")
        vals = []
        for v in g:
            main = next((p.value for p in v.parts if p.statistic in ("mean", "median", "percent", "events", "value")), None)
            vals.append(main)
        if None in vals or vals[0] == vals[1] or min(vals) < 0:
            # "weight loss was greater in the A group (-5.02 vs. -4.1 kg)": with values below
            # zero a comparative may speak of the size of a loss, not of the value
            return None
        other = next(a for a in self.arms if a is not arm)
        high_first = vals[0] > vals[1]
        arm_first = high_first if m["up"] else not high_first
        return [arm, other] if arm_first else [other, arm]

    def _respectively(self, g: list[Value]) -> bool:
        """One value per arm of the study followed, in the same clause, by "respectively"."""
        return len(self.arms) >= 2 and len(g) == len(self.arms) and \
            re.match(r"[^.;]{0,100}?\brespectively\b", self.text[g[-1].end:g[-1].end + 120]) is not None

    def _default_order(self) -> list[ArmInfo]:
        return [a for a in self.arms if a.role != "control"] + [a for a in self.arms if a.role == "control"]

    def _set_against(self, made: list[OutcomeDraft], v: Value) -> Optional[ArmInfo]:
        """The other arm of a two-arm trial for a value set against the last one of the sentence
        by "than", "versus" or "compared with" where no arm is named ("rWGS was associated with
        more diagnoses (31%, 10 of 32) than standard tests alone (3%, 1 of 33)")."""
        if len(self.arms) != 2 or not made or not made[-1].results:
            return None
        prev = made[-1]
        arms = {id(r.arm) for r in prev.results}
        if len(arms) != 1:
            return None
        end = max(r.end for r in prev.results)
        if end > v.start or self.matcher.mentions(self.text, end, v.start):
            return None
        gap = self.text[end:v.start]
        if len(gap) > 80 or not re.match(r"[)\]]?\s*,?\s*(?:than|versus|vs\.?|compared\s+(?:with|to)|as\s+against)\s", gap, re.I):
            return None
        return next(x for x in self.arms if id(x) not in arms)

    def _both_groups(self, v: Value, sent_end: int) -> bool:
        """A mean written once for the two arms of a two-arm study: "was 2.24 ± 0.06 mm in both
        groups", "12.1 (3.4) in each arm" (a count is not: "3 patients in both groups" may be the
        two arms' total; nor a share, most often rounded to look the same)."""
        if len(self.arms) != 2 or v.form not in ("mean_sd", "mean_paren"):
            return False
        return _BOTH_GROUPS.match(self.text, v.end, sent_end) is not None

    def _clause_arm(self, a: int, b: int, v: Value) -> Optional[ArmInfo]:
        text = self.text
        # "... treated with A achieved X (33/91, 36%) compared with patients treated with B
        # (14/94, 15%)": the value before "compared with" is the first clause's
        clauses = split_top(text[a:b], _CLAUSE_SPLIT)
        for ca, cb in clauses:
            ca, cb = a + ca, a + cb
            if ca <= v.start < cb:
                ms = self.matcher.mentions(text, ca, cb)
                if not ms:
                    return None
                # "74.7% ... in the ELAD group versus 47% in the control group": the arm
                # phrase right after a value is its own
                after = re.match(r"[^\d;()]{0,30}?\b(?:in|with|among|for|on|receiving)\s+(?:the\s+)?", text[v.end:cb])
                if after:
                    nxt = next((m for m in ms if m[0] == v.end + after.end()), None)
                    if nxt is not None:
                        return nxt[2]
                # (an aside right after the value, "2.1 ± 1.0 (n = 40) with A", is not between them)
                vend = next((y for x, y in self._asides if x == v.end), v.end)
                best = min(ms, key=lambda m: min(abs(m[0] - vend), abs(v.start - m[1])))
                return best[2]
        return None

    # -- names, time points, subgroups ------------------------------------------------------------
    def _clean_name(self, s: str, start: int) -> Optional[tuple[str, int, int]]:
        raw = s
        s2 = s.rstrip(" ,;:([")  # "Vastus CSD (A group: 0.81 ± 0.38, ...)": the bracket opens the values
        m = _NAME_STRIP_HEAD.match(s2)
        off = m.end() if m else 0
        s2 = s2[off:]
        t = _NAME_STRIP_TAIL.search(s2)
        if t and not _QUALIFIER_ONLY.match(s2[:t.start()]):
            s2 = s2[:t.start()]
        s2 = s2.strip(" ,;:")
        s2 = self._trim_name(s2)
        w = _WHO_HEAD.match(s2)
        if w:  # "patients who required rescue analgesia": what they did is the outcome
            s2 = re.sub(r"^with\s+", "", w["rest"], flags=re.I)
        if len(s2) < 2 or not re.search(r"[A-Za-z]{2}", s2) or _BAD_NAME.match(s2) or s2[0].isdigit() and not re.match(r"\d+-", s2):
            return None
        if re.search(r"(?<![≥≤<>])(?<![≥≤<>] )(?<!least )(?<!than )(?<!over )(?<!below )(?<!under )\b\d+(?:\.\d+)?\s*(?:%|percent)", s2):
            return None  # a value, not a threshold in the name ("reduction by at least 50%", "≥50%")
        ms = self.matcher.mentions(s2)
        for _ in range(2):  # "change in waist during drug A vs placebo": both arms
            if not (ms and ms[0][0] > 0 and re.fullmatch(r"\s*(?:groups?|arms?|patients|participants|recipients)?\s*", s2[ms[-1][1]:])):
                break
            # "reported headache with drug A": the arm closing the phrase is not the outcome
            # (nor are arms coordinated before it: "CCT in groups I and II")
            k = len(ms) - 1
            while k and re.fullmatch(r"\s*(?:,\s*)?(?:(?:and|or|&)\s+)?", s2[ms[k - 1][1]:ms[k][0]]) and ms[k - 1][1] <= ms[k][0]:
                k -= 1
            ms = ms[:k] + [ms[k]]
            cut = re.sub(r"(?:\s+(?:with|in|among|for|on|receiving|than|versus|vs\.?|the|and|or|during|after|following|"
                         r"under|using|compared\s+(?:to|with)|recipients|patients|participants|subjects|those|of|given|"
                         r"(?:allocated|assigned|randomi[sz]ed)(?:\s+to)?|treated|did|do|does|"
                         r"relative\s+to|when|where|as|between(?:\s+\w+)?))+\s*$", "", " " + s2[:ms[-1][0]]).strip()
            if cut == s2[:ms[-1][0]].strip():
                break
            if len(re.findall(r"[A-Za-z]{3,}", cut)) == 0:
                return None  # "compared to the control group": no outcome named
            s2 = cut.rstrip(" ,;:")
            ms = self.matcher.mentions(s2)
        if ms and (ms[0][0] == 0 and not _DRUG_MEASURE.match(s2[ms[0][1]:])
                   or sum(e - s for s, e, _ in ms) > 0.5 * len(s2)):
            return None  # the arm itself, not an outcome ("propofol infusion rate" is one)
        if all(w.lower() in _EMPTY_NAME_WORDS for w in re.findall(r"[A-Za-z]+", s2)):
            return None  # "levels found": names no measure
        lead = raw.find(s2)
        return s2, start + lead, start + lead + len(s2)

    def _trim_name(self, s: str) -> str:
        """The endpoint's noun phrase: without a section label ("Results Death ..."), the
        generic head of an appositive ("the primary outcome, X" -> X) and a trailing time
        point or per-patient phrase (the time point has its own field)."""
        m = rx("results", "name_section_label", 0).match(s)
        if m:
            s = re.sub(r"^(?:the|an?)\s+", "", s[m.end():], flags=re.I)
        m = rx("results", "name_appositive").match(s)
        if m:
            s = m["name"].strip(" ,;:")
        for pat in rx_list("results", "name_trim_tail"):
            m = pat.search(s)
            if m and m.start() > 2:
                s = s[:m.start()].rstrip(" ,;:")
        return s

    def _name(self, sent_start: int, prev_end: int, anchor: int, g, prev_name) -> Optional[tuple[str, int, int]]:
        text = self.text
        window = text[prev_end:anchor]
        m = _CHANGE_NOUN_FROM.search(window)
        if m:  # "both resistin reduction (from 4.3 ± 1.5 to 2.9 ± 0.8) and ascorbate increase (from ..."
            got = self._clean_name(m["name"], prev_end + m.start("name"))
            if got:
                return got
        m = _ASSOCIATED.search(window)
        if m and self.matcher.mentions(window, 0, m.start()):
            # "Treatment with A was associated with a lower frequency of X (...)": the arm is
            # the subject, what it lowered is the outcome
            got = self._clean_name(m["name"], prev_end + m.start("name"))
            if got:
                return got
        for rxx in (_COMPARATIVE, _REGARDING):
            m = rxx.search(window)
            if m:
                # "more patients in the intervention group continued antidepressants": what
                # they did is the outcome, not who they are
                pm = _WHO_DID.match(m["name"]) if rxx is _COMPARATIVE else None
                if pm:
                    got = self._clean_name(pm["rest"], prev_end + m.start("name") + pm.start("rest"))
                    if got:
                        return got
                got = self._clean_name(m["name"], prev_end + m.start("name"))
                if got:
                    return got
        if prev_name is not None:
            # "X was more common with A than B (...), as was Y (...)": the second clause names its own
            m = _AS_WAS.search(window)
            if m:
                got = self._clean_name(m["name"], prev_end + m.start("name"))
                if got:
                    return got
            # "..., whereas opioid consumption did not differ (41 vs 44)": a new clause names its own
            m = _NEW_CLAUSE.search(window)
            if m:
                got = self._clean_name(m["subj"], prev_end + m.start("subj"))
                if got:
                    return got
            return prev_name
        semi = text.rfind("; ", sent_start, anchor)
        if semi >= 0 and text.count("(", sent_start, semi) == text.count(")", sent_start, semi):
            sent_start = semi + 2  # "... were randomised to A or B; headache days fell ...": own clause
        head = text[sent_start:anchor]
        m = _DIFFERENCE_IN.search(head)
        if m:  # "no significant differences in wet weight of feces between groups (...)"
            got = self._clean_name(m["name"], sent_start + m.start("name"))
            if got:
                return got
        m = _NAMED_DIFFERENCE.search(head)
        if m:  # "no significant mortality rate difference between the A (6/20; 30%) and B (...) groups"
            got = self._clean_name(m["name"], sent_start + m.start("name"))
            if got:
                return got
        m = _CHANGE_IN.search(head)
        if m:  # "there was a significant increase in IGF-1 in the rhGH group compared with ..."
            got = self._clean_name(m["name"], sent_start + m.start("name"))
            if got:
                return got
        fm = _FRONTED.match(head)
        subj_start = fm.end() if fm else 0
        vm = _VERB.search(head, subj_start)
        th = re.match(r"\s+that\s+", head[vm.end():]) if vm else None
        if th:  # "evaluation showed that intact tubes were detected in ...": the clause after "that"
            vm2 = _VERB.search(head, vm.end() + th.end())
            if vm2:
                subj_start, vm = vm.end() + th.end(), vm2
        if vm and vm.group(0).lower() in ("was", "were", "is", "are") and _MOST_COMMON.match(head[subj_start:vm.start()]):
            # "The most frequent adverse event was diarrhoea (9.5% vs 2.4%)": the complement
            got = self._clean_name(head[vm.end():], sent_start + vm.end())
            if got:
                return got
        if vm:
            got = self._clean_name(head[subj_start:vm.start()], sent_start + subj_start)
            if got and _SHARE_ONLY.fullmatch(got[0]):
                got = None  # "a greater percentage of patients treated with A achieved X": X is the outcome
            if got and not _POPULATION.search(got[0]):
                return got
            cut = head.rfind(", ", subj_start, vm.start())
            if cut >= 0 and head.count("(", subj_start, cut) == head.count(")", subj_start, cut):
                # a long fronted clause ("In patients who responded during the first trial
                # (≥20% less pain), TKR rates were ..."): the subject follows its comma
                sub = self._clean_name(head[cut + 2:vm.start()], sent_start + cut + 2)
                if sub and not _POPULATION.search(sub[0]):
                    return sub
            # "nearly half the patients no longer had depression": the object is the outcome
            om = _OBJECT.search(head, vm.start())
            obj = self._clean_name(om["name"], sent_start + om.start("name")) \
                if om and not re.match(r"\w+ed\b|been\b|become\b", om["name"]) else None
            if obj or got:
                return obj or got
        if not vm and head[subj_start:].strip() and all(v.form in ("mean_sd", "mean_paren", "median_iqr") for v in g):
            # no verb before a mean with its spread: the subject names the outcome, up to the
            # arm it is given for ("The pain score of the A group (0.28 ± 0.89) was lower than
            # ...") or the words introducing the value ("the pain score with a mean of 0.28 ...")
            subj = head[subj_start:]
            ms = self.matcher.mentions(subj)
            if ms:
                subj = re.sub(r"\s+(?:of|in|for|among|with)\s+(?:the\s+)?$", "", subj[:ms[0][0]], flags=re.I)
            subj = re.sub(r"\s+(?:with|at)\s+an?\s*$", "", subj, flags=re.I)
            got = self._clean_name(subj, sent_start + subj_start) if subj.strip() else None
            if got and not _POPULATION.search(got[0]) and not self.matcher.mentions(got[0]):
                return got
        # object of the clause the group sits in: "... of MSC recipients had normal CT images"
        clause_end = len(text)
        for m in re.finditer(r"[;.]\s|,\s*(?:but|whereas|while)\s", text[g[-1].end:]):
            clause_end = g[-1].end + m.start()
            break
        m = _OBJECT.search(text, g[0].end, min(clause_end, g[-1].end + 150))
        if m:
            # "... had diarrhoea of grade 1–2 versus 8% (24 of 313) for placebo": the object ends
            # where the comparison goes on
            obj = re.split(r"\s+(?:as\s+)?(?:versus|vs\.?|v\.|compared\s+(?:with|to)|than)\s", m["name"], maxsplit=1)[0]
            got = self._clean_name(obj, m.start("name"))
            if got:
                return got
        got = self._predicate(g, clause_end) if not head[subj_start:].strip() else None
        if got:
            return got
        m = re.fullmatch(r"(?P<name>[A-Za-z][^:;.()]{2,80}?)\s*:\s*", head[subj_start:])
        if m:  # "Return to work by 4 weeks: 36/48 (75%) vs 27/47 (57%)"
            got = self._clean_name(m["name"], sent_start + subj_start + m.start("name"))
            if got:
                return got
        m = re.search(r"\b(?:rates?|incidence|proportion|number|percentage)\s+of\s+(?P<name>[^()\[\];,]{3,60}?)\s*\b(?:was|were|is|in|among|with)\b", head, re.I)
        if m:
            return self._clean_name(m["name"], sent_start + m.start("name"))
        return None

    def _predicate(self, g, clause_end: int) -> Optional[tuple[str, int, int]]:
        """"Thirty-nine of 41 (95%) patients in group 1 and 40 of 43 (93%) in group 2 ultimately
        passed stones", "... were still in remission": counts that open their sentence are its
        subject; what the verb after them (and after who is counted and their arms) says of them
        is the outcome."""
        text = self.text
        start = g[-1].end
        m = _PREDICATE.match(text, start, min(clause_end, start + 200))
        if m is None:
            return None
        gap = m["pre"]
        for s_, e_, _ in reversed(self.matcher.mentions(gap)):
            gap = gap[:s_] + " " + gap[e_:]
        if not _WHO_GAP.fullmatch(gap) or _NOT_PREDICATE.match(m["name"]) or _FLOW.search(m["name"]):
            return None
        return self._clean_name(m["name"], m.start("name"))

    def _continued(self, seq: int, a: int, anchor: int) -> Optional[tuple[str, int, int]]:
        """The outcome of the sentence before, for a sentence that opens on another time
        point and names nothing ("At T1, the BPRS decreased ... At T2, both groups had
        improved (49.8 ± 20.7 versus 55.2 ± 21.0)")."""
        if self.last_seq != seq - 1 or len({od.name for od in self.last}) != 1:
            return None
        tp = self._timepoint(a, anchor)
        if tp is None or self.text.find(tp, a, a + 40) < 0 or tp == self.last[0].timepoint:
            return None
        od = self.last[0]
        return od.name, od.start, od.end

    def _previous_subject(self, seq: int, a: int, anchor: int) -> Optional[tuple[str, int, int]]:
        """The subject of the sentence before, for a sentence whose only subject is a difference
        between the arms ("The central retinal thickness did not change from baseline ... . A
        significant difference was observed between A and B: (252.0 ± 24.9 vs 264.0 ± 34.1 μm)"):
        the measure the difference is of."""
        m = _DIFFERENCE_ONLY.match(self.text, a, anchor)
        if m is None or seq - 1 not in self._spans:
            return None
        # between the arms, not between two times or measures ("between mean SAP and DAP before
        # and 4 hours after initiation of A")
        between = m["between"]
        if not (len({id(x[2]) for x in self.matcher.mentions(between)}) >= 2 or
                re.fullmatch(r"\s*the\s+(?:two\s+|treatment\s+|study\s+)?(?:groups|arms)\s*[:,]?\s*", between, re.I)):
            return None
        pa, pb = self._spans[seq - 1]
        prev = self.text[pa:pb]
        fm = _FRONTED.match(prev)
        s0 = fm.end() if fm else 0
        vm = _VERB.search(prev, s0)
        if vm is None:
            return None
        got = self._clean_name(prev[s0:vm.start()], pa + s0)
        if got is None or _POPULATION.search(got[0]) or self.matcher.mentions(got[0]):
            return None
        return got

    def _event_noun(self, g: list[Value], name: Optional[str] = None) -> Optional[tuple[str, int, int]]:
        """``418 episodes occurred in A and 560 in B``: whole counts whose first one is followed
        by an event noun (``event_nouns``) are event counts; the noun phrase names the outcome."""
        if len(g) < 2 or any(v.form not in ("plain", "n_eq") or len(v.parts) != 1 for v in g):
            return None
        if any(not float(v.parts[0].value).is_integer() or v.parts[0].unit not in (None, g[0].parts[0].unit)
               for v in g):
            return None
        # "3 cases of mild hypoxemia in the A group and 1 in the B group": what the cases are of
        m = _CASES_OF.match(self.text, g[0].parts[0].end)
        if m and name is None:
            return m["name"], m.start("name"), m.end("name")
        if any(v.form != "plain" for v in g):
            return None
        if name is not None:  # the outcome's own name is an event noun and the counts carry no unit
            ok = all(v.parts[0].unit is None for v in g) and re.search(r"\b" + rx("results", "event_nouns").pattern + r"$", name.strip(), re.I)
            return (name, 0, 0) if ok else None
        at = g[0].parts[0].end
        m = _EVENT_NOUN.match(self.text, at)
        if not m and all(re.fullmatch(r"\s*(?:,\s*(?:and\s+)?|and\s+|or\s+)", self.text[x.end:y.start])
                         for x, y in zip(g, g[1:])):
            # "142 and 115 sudden deaths in the A and B groups, respectively": coordinated counts
            # share the noun written once, after the last of them
            m = _EVENT_NOUN.match(self.text, g[-1].parts[0].end)
        if not m:
            return None
        return m["name"], m.start("name"), m.end("name")

    def _group_time(self, g: list[Value], b: int) -> Optional[str]:
        """A time point closing a pair of values: "... 304.4 ± 128.7 g in the active group
        after FM intake;" (up to the next semicolon or bracket)."""
        from .headers import find_time
        tail = self.text[g[-1].end:b]
        m = re.search(r"[;)\]]|\.\s", tail)
        tail = tail[:m.start()] if m else tail
        if len(tail) > 80:
            return None
        got = find_time(tail, anywhere=True)
        return got[2] if got else None

    def _times(self, a: int, b: int) -> list[tuple[int, str]]:
        """Every time point the sentence states, with where, in order."""
        out = []
        for matches in self._time_matches(a, b):
            for m in matches:
                out.append((m.start("tp"), re.sub(r"\s+", " ", m["tp"]).strip()))
        return sorted(set(out))

    def _timepoint(self, a: int, b: int) -> Optional[str]:
        """The first time point of the first rule that finds one."""
        for matches in self._time_matches(a, b):
            if matches:
                return re.sub(r"\s+", " ", matches[0]["tp"]).strip()
        return None

    def _subgroup(self, window: str) -> Optional[str]:
        if rx("results", "whole_population").search(window):
            return None
        m = rx("results", "subgroup").search(window)
        if m:
            return next(x for x in (m["sub"], m["sub2"], m["sub3"], m["sub4"]) if x).strip()
        return None

    def _stat_word(self, s: str) -> Optional[str]:
        found = None
        for stat, pat in self.data["claim_statistics"].items():
            m = None
            for m in _ci(pat).finditer(s):
                pass
            if m and (found is None or m.start() > found[1]):
                found = (stat, m.start())
        return found[0] if found else None

    def _kind(self, od: OutcomeDraft, sentence: str) -> Optional[str]:
        stats_ = {r.statistic for r in od.results}
        units = {r.unit for r in od.results if r.unit}
        timed = units & set(self.data["time_units"])
        if timed:
            named = od.name + " " + sentence
            if any(_ci(p).search(named) for p in self.data["time_to_event_cues"]):
                return "time-to-event"
        if stats_ & {"percent", "events", "total"}:
            return "binary"
        if stats_ & {"mean", "median", "sd", "se", "iqr_low", "range_low"}:
            return "continuous"
        if timed:
            return "continuous"
        return None

    def _higher(self, window: str) -> Optional[bool]:
        hi = lo = -1
        for p in _ci_set("higher_words").candidates(window):  # (rules whose words are there)
            for m in p.finditer(window):
                hi = max(hi, m.start())
        for p in _ci_set("lower_words").candidates(window):
            for m in p.finditer(window):
                lo = max(lo, m.start())
        if hi < 0 and lo < 0:
            return None
        return hi > lo

    # -- effects and claims --------------------------------------------------------------------
    def _claim(self, a: int, b: int) -> Optional[tuple[int, int, bool]]:
        s = self.text[a:b]
        if re.search(r"\bbaseline\b|\bdemographic", s, re.I):
            return None
        # (the rules whose words the sentence holds, read on the document's text)
        for p in _rule_set("results", "not_significant_words").candidates(self.text, a, b):
            m = p.plain.search(s)
            if m:
                return (a + m.start(), a + m.end(), False)
        for p in _rule_set("results", "significant_words").candidates(self.text, a, b):
            m = p.plain.search(s)
            if m:
                return (a + m.start(), a + m.end(), True)
        return None

    def _add_effect(self, od: OutcomeDraft, e: EffectDraft) -> None:
        od.effects.append(e)

    def _add_claim(self, od: OutcomeDraft, claim) -> None:
        for e in od.effects:
            if e.hit is None or e.hit.measure is None:
                if e.significant is None:
                    e.significant = claim[2]
                if e.hit is None:
                    return
        if any(e.hit is None for e in od.effects):
            return
        od.effects.append(EffectDraft(None, claim[0], claim[1], significant=claim[2],
                                      claim=self.text[claim[0]:claim[1]]))

    def _effects_only(self, seq: int, a: int, b: int, hits: list[EffectHit], claim) -> None:
        named = _FOR_OUTCOME.search(self.text, a, b)
        if not self.last or seq - self.last_seq > 2 or (named and any(h.measure for h in hits)):
            self._estimate_outcome(seq, a, b, hits)
            return
        between = re.search(r"\b(?:between|arms?|groups?|difference|compar|treatment|vs|versus)\b", self.text[a:b], re.I)
        target = self.last[-1]
        used = False
        for h in hits:
            if h.measure is None and not between:
                continue
            self._add_effect(target, EffectDraft(h, h.start, h.end))
            used = True
        if claim and (between or used):
            for od in self.last:
                if any(e.hit and e.hit.measure for e in od.effects):
                    for e in od.effects:
                        if e.significant is None:
                            e.significant = claim[2]
                else:
                    self._add_claim(od, claim)
            used = True
        if used:
            for od in self.last:
                self._finish_effects(od)
            self.last_seq = seq

    def _estimate_outcome(self, seq: int, a: int, b: int, hits: list[EffectHit]) -> None:
        """A sentence that reports only an estimate for a named outcome ("greater total physical
        activity (adjusted difference in means 359.76; 95% CI 74.87 to 644.65)" or "the hazard
        ratio for death was 0.75"): an outcome without per-arm values, with its effect."""
        text = self.text
        measured = [h for h in hits if h.measure and h.value is not None]
        if not measured or not self.matcher.mentions(text, a, b):
            return
        h = measured[0]
        anchor = text.rfind("(", a, h.start)
        anchor = anchor if anchor >= 0 and h.start - anchor < 40 else h.start
        name = None
        m = _FOR_OUTCOME.search(text, a, b)
        if m and m.start() <= h.end:
            name = self._clean_name(m["name"], m.start("name"))
        if name is None:
            window = text[a:anchor]
            for rxx in (_COMPARATIVE, _REGARDING):
                mm = rxx.search(window)
                if mm:
                    name = self._clean_name(mm["name"], a + mm.start("name"))
                    if name:
                        break
        if name is None:
            return
        od = OutcomeDraft(name=name[0], start=name[1], end=name[2], sentence=seq)
        od.timepoint = self._timepoint(a, b)
        od.subgroup = self._subgroup(text[a:anchor])
        od.kind = "time-to-event" if h.measure == "HR" else ("binary" if h.measure in ("OR", "RR", "RD", "IRR", "NNT") else
                                                             "continuous" if h.measure in ("MD", "SMD", "median difference") else None)
        od.higher = self._higher(text[a:anchor])
        od.effects.append(EffectDraft(h, h.start, h.end))
        self._finish_effects(od)
        if od.effects[0].direction is None and od.effects[0].significant and od.higher is not None:
            lb = self._lower_better(od.name)
            if lb is not None:
                od.effects[0].direction = "favours_intervention" if od.higher != lb else "favours_control"
        self.outcomes.append(od)
        self.last = [od]
        self.last_seq = seq

    def _finish_effects(self, od: OutcomeDraft) -> None:
        lower_better = self._lower_better(od.name)
        inter = [r for r in od.results if r.arm.role != "control" and r.statistic in ("percent", "mean", "median", "events", "value")]
        ctrl = [r for r in od.results if r.arm.role == "control" and r.statistic in ("percent", "mean", "median", "events", "value")]
        # a verbal claim merged into a numeric effect: keep one effect per estimate
        numeric = [e for e in od.effects if e.hit and e.hit.measure]
        if numeric:
            verbal = [e for e in od.effects if e.hit is None]
            for v in verbal:
                for e in numeric:
                    if e.significant is None:
                        e.significant = v.significant
                od.effects.remove(v)
        for e in od.effects:
            h = e.hit
            if h is not None and e.significant is None:
                e.significant = self._significance(h)
            if e.significant is False:
                e.direction = "no_difference"
                continue
            if e.significant is None and (h is None or h.measure is None):
                continue
            up: Optional[bool] = None
            lb = lower_better
            if lb is not None and od.change_is_reduction:
                lb = not lb  # "decreased by 5.1 days": a larger reduction is the better value
            if h is not None and (h.measure == "HR" or h.measure in ("RR", "IRR") and od.kind == "time-to-event"):
                # a hazard ratio is about the event: fewer deaths/progressions is better unless
                # the event is a good one (recovery, response, discharge)
                lb = not re.search(r"recover|respon|remission|healing|discharge|resolution|cure", od.name, re.I)
            if h is not None and h.measure in ("OR", "RR", "HR", "IRR") and h.value is not None and h.value != 1:
                up = h.value > 1
            elif h is not None and h.measure and h.value is not None and h.value != 0 and not inter:
                up = h.value > 0
            elif inter and ctrl:
                iv, cv = inter[0].value, ctrl[0].value
                up = iv > cv if iv != cv else None
            elif od.higher is not None:
                up = od.higher
            if up is None or lb is None:
                continue
            e.direction = "favours_intervention" if up != lb else "favours_control"

    @staticmethod
    def _significance(h: EffectHit) -> Optional[bool]:
        if h.p_value is not None:
            if h.p_relation == "<":
                return h.p_value <= 0.05
            if h.p_relation == ">":
                return False if h.p_value >= 0.05 else None
            return h.p_value < 0.05
        if h.ci_low is not None and h.ci_high is not None and h.measure:
            null = 1.0 if h.measure in ("OR", "RR", "HR", "IRR") else 0.0
            return not (h.ci_low <= null <= h.ci_high)
        return None

    def _pair_across(self, made: list[OutcomeDraft], seq: int, hits: list[EffectHit], n_values: int) -> list[OutcomeDraft]:
        """One arm's value per sentence in consecutive sentences ("In the vitamin C group,
        resistin fell from 4.3 ± 1.5 to 2.9 ± 0.8 ng/ml. In the control group, resistin levels
        did not change (from 4.2 ± 1.0 to 4.3 ± 0.9 ng/ml).") are one outcome when the two
        name the same thing, at the same time point, with the same statistics."""
        pending, self.pending = self.pending, None
        if any(h.measure for h in hits):
            return made
        if len(made) == 1 and n_values == 1 and len({r.arm.label for r in made[0].results}) == 1 \
                and pending is not None and pending[0] == seq - 1:
            # the one earlier value of the same thing ("In A, X fell (...) and Y rose (...).
            # In B, X did not change (...)": X of B goes with X of A, Y stays alone)
            same = [p for p in pending[1] if self._same_single(p, made[0])]
            if len(same) == 1:
                first, od = same[0], made[0]
                first.results.extend(od.results)
                first.effects.extend(od.effects)
                if first.timepoint is None:
                    first.timepoint = od.timepoint
                return [first]
        if made and n_values == len(made) and all(len({r.arm.label for r in od.results}) == 1 for od in made) \
                and len({od.results[0].arm.label for od in made}) == 1:
            self.pending = (seq, list(made))  # one arm's values, each waiting for the other arm's
        return made

    @staticmethod
    def _same_single(a: OutcomeDraft, b: OutcomeDraft) -> bool:
        if {r.arm.label for r in a.results} & {r.arm.label for r in b.results} or len({r.arm.label for r in a.results}) != 1:
            return False
        if {r.statistic for r in a.results} != {r.statistic for r in b.results} or a.subgroup != b.subgroup:
            return False
        if a.timepoint and b.timepoint and a.timepoint != b.timepoint:
            return False
        # the outcome words of both names (stop words and generic ones like "levels" out)
        wa, wb = set(content(a.name, outcome=True)), set(content(b.name, outcome=True))
        return bool(wa and wb) and len(wa & wb) >= 0.5 * min(len(wa), len(wb))

    def _merge_singles(self, made: list[OutcomeDraft]) -> list[OutcomeDraft]:
        """Lone values of one sentence ("46.9% of A ...; 34.5% of B ...") are one outcome."""
        out: list[OutcomeDraft] = []
        for od in made:
            if out and self._share_and_count(out[-1], od):
                # "33% of patients (25/75)": one arm's share and its count, given apart
                out[-1].results.extend(od.results)
                out[-1].effects.extend(od.effects)
                continue
            if out and len(od.results) and len(out[-1].results) and \
                    {r.arm.label for r in od.results}.isdisjoint({r.arm.label for r in out[-1].results}) and \
                    {r.statistic for r in od.results} == {r.statistic for r in out[-1].results} and \
                    len({r.arm.label for r in out[-1].results}) == 1 and od.subgroup in (out[-1].subgroup, None):
                # the second value's own clause names no subgroup: it is the first one's
                out[-1].results.extend(od.results)
                out[-1].effects.extend(od.effects)
                continue
            out.append(od)
        return out

    @staticmethod
    def _share_and_count(first: OutcomeDraft, od: OutcomeDraft) -> bool:
        """Whether ``od`` holds the count of the one arm whose share ``first`` holds, or the
        share of its count ("33% of patients (25/75)", "25 patients (33%)" read as two values):
        one arm, a percent on one side and events with their total on the other."""
        arms = {r.arm.label for r in first.results} | {r.arm.label for r in od.results}
        if len(arms) != 1 or not first.results or not od.results or od.subgroup not in (first.subgroup, None):
            return False
        a = sorted({r.statistic for r in first.results})
        b = sorted({r.statistic for r in od.results})
        return sorted([a, b]) == [["events", "total"], ["percent"]]

    def _duplicate(self, od: OutcomeDraft) -> Optional[OutcomeDraft]:
        """The first outcome already read with the same per-arm values and subgroup.

        Looked up in an index of the outcomes read so far (extended with those appended since
        the last call), so a table of thousands of rows is not compared row against row.
        """
        key = _result_key(od)
        if len(self.outcomes) < self._indexed:  # the list was cut: index it again
            self._index, self._indexed = {}, 0
        for o in self.outcomes[self._indexed:]:
            self._index.setdefault(_result_key(o), []).append(o)
        self._indexed = len(self.outcomes)
        for o in self._index.get(key, ()):
            if _result_key(o) == key:  # still the same values (outcomes are not edited once read)
                return o
        return None


_STATED_AS = fastre.lazy(r"\b(?:presented|expressed|reported|given|shown|summari[sz]ed|described)\s+(?:as|by|using|with)\b",
                         re.I)


def doc_spread(text: str, sents) -> Optional[str]:
    """``"se"`` when the text states that its means are given with standard errors ("Results
    are presented as mean value ± standard error (SE)", "Data are expressed as mean ± SEM")
    and no such statement names a standard deviation; else None (the ``±`` of a sentence is
    then read as an SD, the usual reading)."""
    said = set()
    for a, b in sents:
        if b - a > 400 or not _STATED_AS.search(text, a, b) or not re.search(r"\bmean", text[a:b], re.I):
            continue
        if _SE_WORD.search(text, a, b):
            said.add("se")
        if _SD_WORD.search(text, a, b):
            said.add("sd")
    return "se" if said == {"se"} else None
