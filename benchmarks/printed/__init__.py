"""ei-dev JATS articles printed as journal-style PDFs, with the JATS as their gold.

Benchmarks import this package to get the same printed articles::

    sys.path.insert(0, "benchmarks")   # a site package also calls itself "benchmarks"
    from printed import draw, printed

    for pmcid in draw("train", 40):
        p = printed(pmcid, columns=3)   # renders the HTML, prints it once, caches both
        p.pdf, p.html_path, p.gold      # paths under benchmarks/out/printed/, the Rendered gold
    path(nxml, "pdf-2col")              # the same by JATS path and kind (html, pdf, pdf-2col, pdf-3col)

:func:`render` (JATS → HTML and gold) needs nothing but lxml; printing needs headless Chromium
(``/usr/bin/chromium`` or ``$CHROMIUM``).  The articles are read in place from
``../shared/corpus/ei-dev/nxml`` (``$EI_DEV`` overrides it); outputs live in the git-ignored
``benchmarks/out/printed/``.
"""
from .render import LAYOUTS, GoldRef, GoldTable, Rendered, render
from .chrome import EI_DEV, KINDS, OUT, Printed, chromium, draw, nxml_path, path, print_html, printed, split_of

__all__ = ["LAYOUTS", "GoldRef", "GoldTable", "Rendered", "render", "EI_DEV", "KINDS", "OUT", "Printed", "chromium",
           "draw", "nxml_path", "path", "print_html", "printed", "split_of"]
