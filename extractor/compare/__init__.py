"""Reading a reviewer's comparison (outcome, intervention, comparator) from an article's text.

* :mod:`.text` — tokens and normal forms (spelling variants, singular/plural), abbreviations
  expanded, token overlap;
* :mod:`.direction` — significance and direction of a comparison from one sentence (negations,
  hedges, comparatives, the arm that is the subject) or from one effect estimate;
* :mod:`.model` — the learned sentence ranker and direction classifier (weights shipped as
  JSON in ``data/compare/model.json``; the rules work without them).

Pure text in, plain values out: no SQLite here (the store side is :mod:`corpus.ask`).
"""
from .direction import LABELS, Reading, Terms, change_label, effect_change, mask, mentions, read_sentence
from .text import content, expand, norm, token_f1, tokens

__all__ = ["LABELS", "Reading", "Terms", "change_label", "effect_change", "mask", "mentions",
           "read_sentence", "content", "expand", "norm", "token_f1", "tokens"]
