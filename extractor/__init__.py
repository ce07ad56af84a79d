"""`extractor`: a file in, typed records out.

>>> from extractor import extract            # doctest: +SKIP
>>> article = extract("tests/data/msc-long-covid-news.pdf")  # doctest: +SKIP

Readers per format build a :class:`~extractor.source.Source` (text plus a per-character map to
page and box); a spaCy pipeline (``spacy.blank("en")`` + rules + scispacy's abbreviation
detector) finds sentences, trials, results and references; everything comes back as the frozen
dataclasses of :mod:`extractor.model`.  This package knows nothing of SQLite.
"""
__version__ = "0.1.0"


def extract(path, **options):
    """Read ``path`` and return an :class:`~extractor.model.Article` (see :mod:`extractor.pipeline`)."""
    from .pipeline import extract as _extract

    return _extract(path, **options)


def warm_up(formats=None) -> None:
    """Load the tables and models extraction needs, once (see :func:`extractor.pipeline.warm_up`)."""
    from .pipeline import warm_up as _warm_up

    _warm_up(formats)
