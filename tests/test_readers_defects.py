"""Regression tests for reader defects, one per defect, on PDFs generated here (fpdf2, matplotlib)."""
from __future__ import annotations

import re

import pypdfium2 as pdfium
import pytest
from fpdf import FPDF

from extractor.readers import read

DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"


def _fpdf(lines: list[tuple[str, float]], size: float = 10, font: str = "Helvetica") -> bytes:
    """One page; each ``(text, char_spacing)`` on its own line."""
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    if font == "DejaVu":
        pdf.add_font("DejaVu", "", DEJAVU)
    pdf.set_font(font, size=size)
    y = 80
    for text, spacing in lines:
        pdf.set_char_spacing(spacing)
        pdf.set_xy(60, y)
        pdf.cell(0, size * 1.2, text)
        y += size * 2.2
    return bytes(pdf.output())


def _provenance_holds(src) -> None:
    for m in re.finditer(r"\S+", src.text):
        prov = src.provenance(m.start(), m.end())
        assert src.text[prov.char_start:prov.char_end] == prov.quote == m.group(0)
        assert prov.page == 1 and prov.bbox is not None


# -- 1. words split inside ("f indings") -----------------------------------------------------------


def test_words_split_inside_ligatures(tmp_path):
    """Ligature glyphs (ﬁ, ﬀ, ﬂ, ﬃ) read as their letters, each with its own share of the box."""
    pytest.importorskip("fpdf")
    import os

    if not os.path.exists(DEJAVU):
        pytest.skip("DejaVu font not installed")
    path = tmp_path / "lig.pdf"
    path.write_bytes(_fpdf([("These \ufb01ndings a\ufb00ect the \ufb02ow of o\ufb03cial \ufb01gures.", 0)], font="DejaVu"))
    src = read(path)
    assert src.text.strip() == "These findings affect the flow of official figures."
    i = src.text.index("findings")
    f, fi, n = src.boxes[i], src.boxes[i + 1], src.boxes[i + 2]
    # the ligature's box is split: f then i, side by side, and n after both
    assert f[0] < f[2] == pytest.approx(fi[0]) and fi[2] <= n[0] + 0.01
    j = src.text.index("official")
    boxes = [src.boxes[k] for k in range(j, j + len("official"))]
    assert all(a[0] < b[0] for a, b in zip(boxes, boxes[1:]))  # ﬃ split in three, in order
    _provenance_holds(src)


def test_words_split_inside_matplotlib(tmp_path):
    """Text drawn by matplotlib (Type 3 and Type 42 fonts, kerned pairs) reads as pdfium's own text."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    line = "These findings affect the flow of fluid in official offices; fifty fjords waffle. AVATAR Tyre"
    for fonttype in (3, 42):
        path = tmp_path / f"mpl{fonttype}.pdf"
        with matplotlib.rc_context({"pdf.fonttype": fonttype}), PdfPages(path) as pdf:
            fig = Figure(figsize=(8.27, 11.69))
            for k, (size, weight) in enumerate([(9, "normal"), (12, "bold"), (6, "normal")]):
                fig.text(0.05, 0.9 - 0.05 * k, line, fontsize=size, family="DejaVu Sans", weight=weight)
            pdf.savefig(fig)
        src = read(path)
        raw = pdfium.PdfDocument(str(path))[0].get_textpage().get_text_range()
        assert src.text.split() == raw.split() == line.split() * 3
        # matplotlib shapes "fi", "fl", "ffl" into ligatures: every letter still has a box of its
        # own, left to right within each word
        for m in re.finditer(r"\S+", src.text):
            xs = [src.boxes[k][0] for k in range(m.start(), m.end())]
            assert all(a < b for a, b in zip(xs, xs[1:])), (fonttype, m.group(0))
        _provenance_holds(src)


# -- 2. letter-spaced labels ------------------------------------------------------------------------


def _tracked_pdf() -> bytes:
    """Labels set letter by letter with tracking (as journal templates draw "RESEARCH ARTICLE"),
    next to normal text and real one-letter words."""
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)

    def tracked(x: float, y: float, text: str, track: float) -> None:
        for ch in text:
            if ch != " ":
                pdf.text(x, y, ch)
            x += pdf.get_string_width(ch) + track

    tracked(60, 80, "RESEARCH ARTICLE", 1.5)
    tracked(400, 80, "Open Access", 0.0)
    tracked(60, 130, "STUDY PROTOCOL", 2.0)
    tracked(60, 180, "A B C trial of drug X in adults", 0.0)
    tracked(60, 230, "Randomised trial of inhaled budesonide", 0.25)
    return bytes(pdf.output())


def test_letter_spaced_labels(tmp_path):
    """A tracked label (pdfium: "R ESE A R C H A R T I C LE") reads as its words."""
    path = tmp_path / "tracked.pdf"
    path.write_bytes(_tracked_pdf())
    raw = pdfium.PdfDocument(str(path))[0].get_textpage().get_text_range()
    assert "RESEARCH" not in raw and "PROTOCOL" not in raw  # the defect is pdfium's spacing
    src = read(path)
    text = " ".join(src.text.split())
    assert re.search(r"\bRESEARCH ARTICLE\b", text)
    assert re.search(r"\bSTUDY PROTOCOL\b", text)
    assert "Open Access" in text
    assert "A B C trial of drug X in adults" in text  # real one-letter words stay apart
    assert "Randomised trial of inhaled budesonide" in text  # light tracking: word spaces kept
    _provenance_holds(src)


# -- 5. one-line author-year reference entries ------------------------------------------------------

_ONE_LINE_ENTRIES = [
    "Andersen, K. 2012. Vitamin D in critical illness. Oxford: Oxford University Press",
    "Baker T, Chen L, 2015, Early mobilisation after cardiac surgery, Wiley, London",
    "Carter, M. J. (2009) Oxytocin release and restraint stress in rats. In: Hormones and behaviour",
    "Davies R 2018. Long-term outcomes of sepsis survivors. PhD thesis, University of Bristol",
    "Ellis, H. (2020). Probiotics for ventilator-associated pneumonia. Available at www.who.int",
    "Fischer G (2011) Hydrocortisone in septic shock: a cohort study. Chest 139: 1000-1011",
]


def _one_line_reference_pdf() -> bytes:
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 12)
    pdf.set_xy(60, 60)
    pdf.cell(0, 14, "Early mobilisation after sepsis: a randomised trial")
    pdf.set_font("Helvetica", size=9)
    pdf.set_xy(60, 90)
    pdf.cell(0, 11, "We did a trial (Andersen 2012; Baker and Chen 2015). It was done well (Fischer 2011).")
    pdf.set_font("Helvetica", "B", 10)
    pdf.set_xy(60, 110)
    pdf.cell(0, 12, "References")
    pdf.set_font("Helvetica", size=9)
    for k, entry in enumerate(_ONE_LINE_ENTRIES):  # flush left, no hanging indent, no blank line
        pdf.set_xy(60, 128 + 11.5 * k)
        pdf.cell(0, 11, entry)
    return bytes(pdf.output())


def test_author_year_one_line_entries_read_in_order(tmp_path):
    """The reader keeps each one-line entry whole and in order in the reference section."""
    path = tmp_path / "refs.pdf"
    path.write_bytes(_one_line_reference_pdf())
    src = read(path)
    region = src.text[src.text.index("References"):]
    flat = " ".join(region.split())
    assert flat == "References " + " ".join(_ONE_LINE_ENTRIES)


def test_author_year_one_line_entries_split(tmp_path):
    from extractor import extract

    path = tmp_path / "refs.pdf"
    path.write_bytes(_one_line_reference_pdf())
    refs = extract(path).references
    assert [" ".join(r.raw.split()) for r in refs] == _ONE_LINE_ENTRIES


@pytest.mark.parametrize("name, body", [
    ("lig.txt", "These \ufb01ndings a\ufb00ect the \ufb02ow of o\ufb03cial data.\n"),
    ("lig.html", "<html><body><p>These \ufb01ndings a\ufb00ect the \ufb02ow of o\ufb03cial data.</p></body></html>"),
    ("lig.xml", '<?xml version="1.0"?><article><front><article-meta><title-group><article-title>A trial'
                "</article-title></title-group></article-meta></front><body><sec><title>Results</title>"
                "<p>These \ufb01ndings a\ufb00ect the \ufb02ow of o\ufb03cial data.</p></sec></body></article>"),
])
def test_words_split_inside_ligature_code_points(tmp_path, name, body):
    """Ligature code points in text, HTML and JATS are written as their letters."""
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    src = read(path)
    assert "These findings affect the flow of official data." in src.text
    assert not re.search("[\ufb00-\ufb06]", src.text)
