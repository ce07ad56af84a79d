"""Small realistic PDFs for the PDF reader tests, generated with fpdf2 (nothing downloaded).

:func:`paper_pdf` lays out a multi-page research article: a running header and footer with a
page number on every page, a title spanning the page, two columns of justified body text with
words hyphenated at line ends, a superscript exponent and citation superscripts, and a
"Methods" heading.  The text of each column is known, so tests can check the reading order.
"""
from __future__ import annotations

from fpdf import FPDF

__all__ = ["paper_pdf", "one_column_pdf", "LEFT", "RIGHT"]

# Column texts.  "~" marks where a word is broken with a hyphen at a line end; "|" forces a
# line break there (so tests control exactly where breaks fall).
LEFT = [
    "Background",
    "Sepsis remains a leading cause of death in intensive care units worldwide.|Previous trials of "
    "adjunctive thera~pies were small and most were single-centre studies.|We therefore designed a "
    "pragmatic double~blind trial with a long~term follow-up of all participants.",
]
RIGHT = [
    "Methods",
    "Patients received 4×10^7 cells per kilogram on days 0, 3 and 6.|Mortality at day 28 was 21.9% "
    "in the treatment group and 28.5% in the placebo group.^12|The SARS-CoV~2 status of every patient "
    "was recorded at baseline and the non~randomized cohort was analysed separately.",
]


class _Paper(FPDF):
    def header(self):
        self.set_font("Helvetica", "", 8)
        self.set_xy(40, 20)
        self.cell(0, 8, "Journal of Critical Care Trials 2021;12:345-356")

    def footer(self):
        self.set_font("Helvetica", "", 8)
        self.set_xy(290, 760)
        self.cell(20, 8, str(self.page_no()))


def _write_block(pdf: FPDF, x: float, y: float, width: float, blocks: list[str], size: float = 10) -> float:
    """Write heading + paragraphs at (x, y) within ``width``; return the y after the block."""
    lead = size * 1.35
    for k, block in enumerate(blocks):
        if k == 0:
            pdf.set_font("Helvetica", "B", size + 3)
            pdf.set_xy(x, y)
            pdf.cell(width, lead, block)
            y += lead * 1.6
            continue
        pdf.set_font("Helvetica", "", size)
        for line in block.split("|"):
            # fill lines word by word, breaking at "~" when a word does not fit
            words = line.split(" ")
            cur = ""
            pending = []
            for w in words:
                pending.append(w)
            out_lines: list[str] = []
            for w in pending:
                if "~" in w:
                    head, tail = w.split("~", 1)
                    candidate = (cur + " " + head + "-").strip()
                    out_lines.append(candidate)
                    cur = tail
                    continue
                candidate = (cur + " " + w).strip()
                if pdf.get_string_width(candidate.replace("^", "")) > width and cur:
                    out_lines.append(cur)
                    cur = w
                else:
                    cur = candidate
            if cur:
                out_lines.append(cur)
            for text in out_lines:
                _write_line(pdf, x, y, text, size)
                y += lead
            y += lead * 0.8  # paragraph spacing
    return y


def _write_line(pdf: FPDF, x: float, y: float, text: str, size: float) -> None:
    """One line; ``^run`` is set as a superscript (smaller, raised)."""
    pdf.set_xy(x, y)
    parts = text.split("^")
    pdf.set_font("Helvetica", "", size)
    pdf.cell(pdf.get_string_width(parts[0]), size * 1.35, parts[0])
    for part in parts[1:]:
        # the superscript is the leading run of digits, the rest continues at normal size
        run = ""
        while part and part[0].isdigit():
            run, part = run + part[0], part[1:]
        pdf.set_font("Helvetica", "", size * 0.62)
        pdf.set_xy(pdf.get_x(), y - size * 0.38)
        pdf.cell(pdf.get_string_width(run), size * 1.35, run)
        pdf.set_font("Helvetica", "", size)
        pdf.set_xy(pdf.get_x(), y)
        pdf.cell(pdf.get_string_width(part), size * 1.35, part)


def paper_pdf(pages: int = 3) -> bytes:
    """A ``pages``-page two-column article with a running header and page-number footer."""
    pdf = _Paper(unit="pt", format="letter")
    pdf.set_auto_page_break(False)
    pdf.set_title("Adjunctive cell therapy in sepsis: a randomized trial")
    for p in range(pages):
        pdf.add_page()
        y = 60
        if p == 0:
            pdf.set_font("Helvetica", "B", 20)
            pdf.set_xy(40, y)
            pdf.cell(532, 26, "Adjunctive cell therapy in sepsis: a randomized trial")
            y += 50
        _write_block(pdf, 40, y, 250, LEFT)
        _write_block(pdf, 322, y, 250, RIGHT)
    return bytes(pdf.output())


def one_column_pdf(lines: list[str], *, title: str | None = None) -> bytes:
    """A one-page, one-column PDF of the given lines (Helvetica 11 pt, 15 pt leading)."""
    pdf = FPDF(unit="pt", format="letter")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    y = 72
    if title:
        pdf.set_font("Helvetica", "B", 18)
        pdf.set_xy(72, y)
        pdf.cell(468, 24, title)
        y += 40
    pdf.set_font("Helvetica", "", 11)
    for line in lines:
        if line:
            pdf.set_xy(72, y)
            pdf.cell(468, 15, line)
        y += 15
    return bytes(pdf.output())
