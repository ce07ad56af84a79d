"""A stand-in for the document index :mod:`corpus.ask` reads (stored outcomes, arms and the
document's abbreviations, every word weighing the same), for tests that write their own."""


class Idx:
    """The parts of a document index that matching and the number checks read."""

    def __init__(self, outcomes=(), arms=(), abbrev=None):
        self.outcomes = list(outcomes)
        self.arms = list(arms)
        self.abbrev = abbrev or {}

    def weight(self, t):
        return 1.0
