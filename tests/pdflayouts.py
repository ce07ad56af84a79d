"""Journal-like PDF layouts for the PDF reader tests, generated with fpdf2 (nothing downloaded).

Each function returns the bytes of a small article set the way journals print them:

* :func:`three_column_pdf` — a one-column title block and abstract over three columns of body
  text that run over two pages, a paragraph broken across a column, a running title set
  vertically in the left margin of every page, and a three-column numbered reference list with
  hanging indents;
* :func:`table_pdf` — two columns of text with a table spanning both columns between them
  (ruled with booktabs lines, or unruled with a bold header), a multi-line cell and footnotes;
* :func:`continued_table_pdf` — a long table that runs onto the next page and repeats its header
  row there;
* :func:`superscript_pdf` — citation markers after words and punctuation, markers followed by a
  word, and an exponent (``4×10^7``).

The texts are written for the tests (a made-up trial of a hydration protocol).
"""
from __future__ import annotations

from fpdf import FPDF

__all__ = ["three_column_pdf", "table_pdf", "continued_table_pdf", "superscript_pdf", "BODY", "REFERENCES"]

FONT = "Helvetica"

BODY = [
    ("Introduction", [
        "Dehydration after day surgery delays discharge and is common in older patients. Oral fluids "
        "are cheap, yet protocols that start them early have rarely been compared with usual care in a "
        "randomized design.",
        "We therefore compared an early oral hydration protocol with usual care in adults after elective "
        "day surgery, with discharge within six hours as the primary outcome and nausea, vomiting and "
        "patient satisfaction as secondary outcomes.",
    ]),
    ("Methods", [
        "Adults aged 18 to 80 years scheduled for elective day surgery under general anaesthesia were "
        "eligible. Patients with renal failure, heart failure or a fluid restriction were excluded. "
        "Participants were randomly assigned in a 1:1 ratio using sealed opaque envelopes prepared by "
        "a statistician who had no other role in the study.",
        "In the intervention group nurses offered 200 ml of water or clear juice every thirty minutes "
        "from arrival in the recovery ward until discharge. The control group received fluids on request "
        "only. Nurses recorded every drink, every episode of nausea and the time of discharge.",
        "The sample size of 240 patients gave 80% power to detect an absolute difference of 15 "
        "percentage points in discharge within six hours at a two-sided alpha of 0.05.",
    ]),
    ("Results", [
        "Of 262 patients screened, 240 were randomized: 121 to early hydration and 119 to usual care. "
        "Discharge within six hours occurred in 98 of 121 patients in the intervention group and in 79 of "
        "119 patients in the control group. Nausea was reported by 14 and 27 patients respectively.",
        "Satisfaction scores were higher with early hydration, with a mean of 8.6 against 7.9 on a "
        "ten-point scale. No serious adverse events were recorded in either group during the study.",
    ]),
    ("Discussion", [
        "An early oral hydration protocol increased the proportion of patients discharged within six "
        "hours and reduced nausea. The protocol needs no equipment and little nursing time, and can be "
        "adopted by any day surgery unit that already records fluid intake.",
    ]),
]

REFERENCES = [
    "Alder K, Brun P. Fluid balance after ambulatory surgery. Br J Anaesth. 2015;114:210-8.",
    "Casey M, Dunn R, Ebbe S. Early drinking and nausea in day surgery: a cohort study. Anaesthesia. 2016;71:55-61.",
    "Fahey T. Discharge criteria in ambulatory care. Curr Opin Anaesthesiol. 2017;30:702-7.",
    "Gould D, Hart L. Thirst and comfort in the recovery ward. J Perianesth Nurs. 2018;33:14-22.",
    "Ishak N, Jones W, Kern A, Lund B. Oral fluids before anaesthesia: a systematic review. Cochrane Database Syst Rev. 2019;7:CD004423.",
    "Mayer F. Postoperative nausea: risk scores revisited. Anesth Analg. 2014;118:85-93.",
    "Novak P, Olsen J. Sealed envelopes and allocation concealment. Trials. 2012;13:102.",
    "Perez C, Quinn M, Rossi G. Patient satisfaction in day surgery. BMJ Open. 2020;10:e034512.",
    "Smith J, Tan E. Sample size for binary outcomes. Stat Med. 2013;32:4012-20.",
    "Ueda H, Vance R, Wolf T. Intravenous versus oral fluids after surgery. Lancet. 2021;397:1212-20.",
    "Xu Y, Young A. Usual care as a comparator in nursing trials. Int J Nurs Stud. 2017;70:1-9.",
    "Zhou L. Reporting adverse events in pragmatic trials. J Clin Epidemiol. 2019;108:14-21.",
]


class _Doc(FPDF):
    banner = ""

    def header(self):
        if self.banner:  # a running title set vertically in the left margin
            self.set_font(FONT, "", 7)
            with self.rotation(90, 24, 520):
                self.text(24, 520, self.banner)


def _new(banner: str = "") -> _Doc:
    pdf = _Doc(unit="pt", format="letter")
    pdf.banner = banner
    pdf.set_auto_page_break(False)
    pdf.set_title("Early oral hydration after day surgery: a randomized trial")
    return pdf


def _wrap(pdf: FPDF, text: str, width: float) -> list[str]:
    words, lines, cur = text.split(), [], ""
    for w in words:
        cand = (cur + " " + w).strip()
        if pdf.get_string_width(cand) > width and cur:
            lines.append(cur)
            cur = w
        else:
            cur = cand
    if cur:
        lines.append(cur)
    return lines


class _Flow:
    """Text flowing through columns and pages: ``columns`` is a list of ``(x, width)``."""

    def __init__(self, pdf: _Doc, columns, top: float, bottom: float = 740, first_top: float | None = None):
        self.pdf, self.columns, self.top, self.bottom = pdf, columns, top, bottom
        self.col = 0
        self.page_top = first_top if first_top is not None else top  # under the title block on page 1
        self.y = self.page_top

    def advance(self, lead: float) -> None:
        if self.y + lead > self.bottom:
            self.col += 1
            if self.col == len(self.columns):
                self.pdf.add_page()
                self.col = 0
                self.page_top = self.top
            self.y = self.page_top

    def heading(self, text: str, size: float = 10.5) -> None:
        self.advance(size * 3)
        self.pdf.set_font(FONT, "B", size)
        x, _ = self.columns[self.col]
        self.y += size * 0.6
        self.pdf.text(x, self.y + size, text)
        self.y += size * 1.6

    def paragraph(self, text: str, size: float = 9, lead: float = 11.5, hang: float = 0.0, label: str = "") -> None:
        self.pdf.set_font(FONT, "", size)
        x, width = self.columns[self.col]
        lines = _wrap(self.pdf, text, width - hang)
        for k, line in enumerate(lines):
            self.advance(lead)
            x, width = self.columns[self.col]
            if k == 0 and label:
                self.pdf.text(x, self.y + size, label)
            _justified(self.pdf, x + hang, self.y + size, line, width - hang, last=k + 1 == len(lines))
            self.y += lead
        self.y += lead * 0.5


def _justified(pdf: FPDF, x: float, y: float, line: str, width: float, last: bool) -> None:
    """Set a line flush on both sides (the last line of a paragraph flush left)."""
    words = line.split()
    if last or len(words) < 2:
        pdf.text(x, y, line)
        return
    room = width - sum(pdf.get_string_width(w) for w in words)
    gap = room / (len(words) - 1)
    for w in words:
        pdf.text(x, y, w)
        x += pdf.get_string_width(w) + gap


def _title_block(pdf: _Doc, x0: float, width: float) -> float:
    pdf.set_font(FONT, "B", 17)
    pdf.text(x0, 80, "Early oral hydration after day surgery: a randomized trial")
    pdf.set_font(FONT, "", 9.5)
    pdf.text(x0, 100, "Anna Berg, Tomas Lind, Maria Sand")
    pdf.set_font(FONT, "B", 9.5)
    pdf.text(x0, 124, "Abstract")
    pdf.set_font(FONT, "", 9)
    y = 128
    abstract = ("Background: Dehydration delays discharge after day surgery. Methods: 240 adults were randomized "
                "to an early oral hydration protocol or usual care. Results: More patients were discharged within "
                "six hours with early hydration (98/121 vs 79/119). Conclusions: Early oral hydration is simple "
                "and speeds discharge.")
    for line in _wrap(pdf, abstract, width):
        pdf.text(x0, y + 9, line)
        y += 11.5
    pdf.line(x0, y + 8, x0 + width, y + 8)
    return y + 20


def three_column_pdf() -> bytes:
    """Title block and abstract over three columns of text, a margin banner, 3-column references."""
    pdf = _new("Journal of Ambulatory Care · Early oral hydration after day surgery")
    pdf.add_page()
    x0, width, gutter = 60, 500, 16
    colw = (width - 2 * gutter) / 3
    cols = [(x0 + k * (colw + gutter), colw) for k in range(3)]
    top = _title_block(pdf, x0, width)
    flow = _Flow(pdf, cols, 60, bottom=420, first_top=top)
    for head, paras in BODY:
        flow.heading(head)
        for p in paras:
            flow.paragraph(p)
    # the reference list on a page of its own, three columns, numbered with a hanging indent
    pdf.add_page()
    flow = _Flow(pdf, cols, 60, bottom=200)
    flow.heading("References")
    for k, ref in enumerate(REFERENCES, 1):
        flow.paragraph(ref, size=7.5, lead=9.5, hang=12, label=f"{k}.")
    return bytes(pdf.output())


ROWS = [
    ("Discharge within 6 h, n (%)", "98 (81.0)", "79 (66.4)", "0.01"),
    ("Nausea, n (%)", "14 (11.6)", "27 (22.7)", "0.02"),
    ("Vomiting, n (%)", "6 (5.0)", "11 (9.2)", "0.19"),
    ("Satisfaction score, mean (SD)", "8.6 (1.1)", "7.9 (1.4)", "<0.001"),
    ("Time to first drink, min, median (IQR)", "35 (30-45)", "95 (60-140)", "<0.001"),
]
HEADER = ("Outcome", "Early hydration (n = 121)", "Usual care (n = 119)", "P value")


def _table(pdf: FPDF, x0: float, y: float, widths, header, rows, *, ruled: bool, size: float = 8,
           label: str = "Table 1", caption: str = "Outcomes by group", footnote: str = "",
           wrap_first: bool = True, page_bottom: float = 740, repeat_header: bool = True) -> float:
    """Draw a table at ``y``; returns the y under it.  Rows that do not fit continue on a new page,
    with the header row repeated."""
    lead = size * 1.3
    width = sum(widths)

    def caption_line(y: float) -> float:
        pdf.set_font(FONT, "B", size + 1)
        pdf.text(x0, y + size + 1, label)
        w = pdf.get_string_width(label + " ")
        pdf.set_font(FONT, "", size + 1)
        pdf.text(x0 + w, y + size + 1, caption)
        return y + lead + 6

    def rule(y: float, weight: float = 0.8) -> None:
        if ruled:
            pdf.set_line_width(weight)
            pdf.line(x0, y, x0 + width, y)

    def row(y: float, cells, bold: bool = False) -> float:
        pdf.set_font(FONT, "B" if bold else "", size)
        height = 1
        wrapped = []
        for k, (c, w) in enumerate(zip(cells, widths)):
            lines = _wrap(pdf, c, w - 8) if (wrap_first or k) else [c]
            wrapped.append(lines)
            height = max(height, len(lines))
        for k, lines in enumerate(wrapped):
            x = x0 + sum(widths[:k]) + 3
            for j, line in enumerate(lines):
                pdf.text(x, y + size + j * lead, line)
        return y + height * lead + 4

    def head(y: float) -> float:
        rule(y)
        y = row(y + 3, header, bold=not ruled)
        rule(y - 1, 0.4)
        return y + 2

    y = caption_line(y)
    y = head(y)
    for cells in rows:
        if y + 2 * lead > page_bottom:
            rule(y)
            pdf.add_page()
            y = 60
            if repeat_header:
                y = head(y)
        y = row(y, cells)
    rule(y)
    if footnote:
        pdf.set_font(FONT, "", size - 1)
        for line in _wrap(pdf, footnote, width):
            pdf.text(x0, y + size + 2, line)
            y += lead
    return y + 12


def table_pdf(ruled: bool = True) -> bytes:
    """Two columns of text, a table spanning both columns, two more columns of text."""
    pdf = _new()
    pdf.add_page()
    x0, width, gutter = 60, 500, 20
    colw = (width - gutter) / 2
    cols = [(x0, colw), (x0 + colw + gutter, colw)]
    top = _title_block(pdf, x0, width)
    flow = _Flow(pdf, cols, top, bottom=top + 120)
    flow.heading("Methods")
    for p in BODY[1][1][:2]:
        flow.paragraph(p)
    y = top + 130
    y = _table(pdf, x0, y, (200, 110, 110, 80), HEADER, ROWS, ruled=ruled,
               footnote="SD, standard deviation; IQR, interquartile range. P values from chi-squared tests "
                        "for counts and t tests for scores.")
    flow = _Flow(pdf, cols, y, bottom=740)
    flow.heading("Results")
    for p in BODY[2][1]:
        flow.paragraph(p)
    flow.heading("Discussion")
    for p in BODY[3][1]:
        flow.paragraph(p)
    return bytes(pdf.output())


def continued_table_pdf() -> bytes:
    """A 30-row table that starts low on page 1 and continues on page 2 under a repeated header."""
    pdf = _new()
    pdf.add_page()
    x0, width = 60, 500
    top = _title_block(pdf, x0, width)
    flow = _Flow(pdf, [(x0, width)], top, bottom=740)
    flow.heading("Results")
    flow.paragraph(BODY[2][1][0])
    rows = [(f"Centre {k:02d}", str(8 + (k * 7) % 13), str(6 + (k * 5) % 11), f"0.{(k * 37) % 90 + 10}")
            for k in range(1, 31)]
    y = _table(pdf, x0, 560, (200, 110, 110, 80), ("Centre", "Early hydration, n", "Usual care, n", "P value"), rows,
               ruled=True, label="Table 2", caption="Patients discharged within six hours by centre",
               footnote="Counts are patients discharged within six hours of arrival in the recovery ward.")
    flow = _Flow(pdf, [(x0, width)], y, bottom=740)
    flow.heading("Discussion")
    flow.paragraph(BODY[3][1][0])
    return bytes(pdf.output())


def superscript_pdf() -> bytes:
    """Citation markers and an exponent, set as raised small glyphs."""
    pdf = _new()
    pdf.add_page()
    x, y, size = 72, 100, 11
    lines = [
        [("The effect of fluids was small", ""), ("3", "sup"), (" in earlier trials of day surgery.", "")],
        [("Nausea fell in both groups,", ""), ("4,5", "sup"), (" and five minutes of rest helped.", "")],
        [("Cultures grew 4×10", ""), ("7", "sup"), (" colony-forming units per millilitre.", "")],
        [("Self-efficacy", ""), ("6", "sup"), (" and comfort were measured on day one.", "")],
    ]
    for parts in lines:
        cx = x
        for text, kind in parts:
            if kind == "sup":
                pdf.set_font(FONT, "", size * 0.62)
                pdf.text(cx, y - size * 0.38, text)
            else:
                pdf.set_font(FONT, "", size)
                pdf.text(cx, y, text)
            cx += pdf.get_string_width(text)
        y += size * 1.5
    return bytes(pdf.output())


def figure_pdf() -> bytes:
    """Body text, a bar chart drawn with vector graphics (tick values, axis titles, a legend)
    above its 'Figure 1' caption, more body text, and a note set once up the right margin."""
    pdf = _new()
    pdf.add_page()
    x0, width = 72, 468
    flow = _Flow(pdf, [(x0, width)], 72, bottom=740)
    flow.heading("Results")
    flow.paragraph(BODY[2][1][0])
    # the chart: axes, bars, tick labels, axis titles, legend
    ox, oy = 120, 330  # origin (x, baseline of the bars)
    pdf.set_line_width(0.8)
    pdf.line(ox, oy, ox + 300, oy)
    pdf.line(ox, oy, ox, oy - 120)
    pdf.set_font(FONT, "", 7)
    for k, v in enumerate((0, 25, 50, 75, 100)):
        pdf.text(ox - 16, oy - k * 28 + 2, str(v))
    for k, (a, b) in enumerate(((81, 66), (88, 77), (70, 59))):
        x = ox + 30 + k * 90
        pdf.set_fill_color(120, 120, 120)
        pdf.rect(x, oy - a * 1.1, 20, a * 1.1, style="F")
        pdf.set_fill_color(30, 30, 30)
        pdf.rect(x + 22, oy - b * 1.1, 20, b * 1.1, style="F")
        pdf.text(x + 6, oy + 10, f"Day {k + 1}")
    pdf.set_fill_color(120, 120, 120)
    pdf.rect(ox + 310, oy - 118, 6, 6, style="F")
    pdf.text(ox + 320, oy - 112, "Usual care")
    pdf.set_fill_color(30, 30, 30)
    pdf.rect(ox + 310, oy - 106, 6, 6, style="F")
    pdf.text(ox + 320, oy - 100, "Early hydration")
    pdf.set_font(FONT, "", 8)
    pdf.text(ox + 110, oy + 24, "Day after surgery")
    pdf.set_font(FONT, "", 9)
    pdf.text(x0, oy + 44, "Figure 1. Patients discharged within six hours, by group and day of surgery.")
    flow = _Flow(pdf, [(x0, width)], oy + 64, bottom=740)
    flow.paragraph(BODY[2][1][1])
    pdf.set_font(FONT, "", 7)
    with pdf.rotation(90, 575, 600):
        pdf.text(575, 600, "Received 3 March 2021; accepted 9 May 2021")
    return bytes(pdf.output())
