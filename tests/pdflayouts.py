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
  word, and an exponent (``4×10^7``);
* :func:`grouped_table_pdf` — a table with a two-row header (arm labels spanning an n and a %
  column each) and two stub columns (group labels on rows of their own left of the row labels),
  ruled with a bold header, or with neither rules nor weight (the header found by position);
* :func:`landscape_table_pdf` — a wide table turned a quarter turn on an upright page;
* :func:`line_numbers_pdf` — a manuscript with every line numbered in the margin;
* :func:`footnote_pdf` — page footnotes under a short rule, the paragraph above them running on
  to the next page;
* :func:`caption_over_text_pdf` — a table caption low on a page with no table under it (the
  table printed as an image, or elsewhere), a heading and two columns of text after it, then a
  page of three columns ending in a numbered reference list;
* :func:`reference_list_tail_pdf` — a two-column numbered reference list whose last page holds
  two lines in the left column and three in the right;
* :func:`heading_low_pdf` — a table across the page, then two columns at the page foot: the heading
  "References" set low in the left column, the list's first entry beside it in the right column
  starting above the heading's line; the list goes on in two columns on the next page;
* :func:`reference_list_pdf` — unnumbered hanging-indent reference lists: author–year entries,
  some ending in a word, or citations without punctuation; a wide list of one-line entries with
  group authors and a margin banner beside it.

The texts are written for the tests (a made-up trial of a hydration protocol).
"""
from __future__ import annotations

from typing import Optional

from fpdf import FPDF

__all__ = ["three_column_pdf", "table_pdf", "continued_table_pdf", "superscript_pdf", "figure_pdf", "grouped_table_pdf",
           "landscape_table_pdf", "line_numbers_pdf", "footnote_pdf", "reference_list_pdf", "table_then_columns_pdf",
           "reference_list_over_pages_pdf", "caption_over_text_pdf", "reference_list_tail_pdf", "heading_low_pdf", "BODY",
           "REFERENCES", "ROWS", "HEADER",
           "AUTHOR_YEAR_REFERENCES", "UNPUNCTUATED_REFERENCES", "GROUP_AUTHOR_REFERENCES"]

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

    def paragraph(self, text: str, size: float = 9, lead: float = 11.5, hang: float = 0.0, label: str = "",
                  justify: bool = True) -> None:
        self.pdf.set_font(FONT, "", size)
        x, width = self.columns[self.col]
        lines = _wrap(self.pdf, text, width - hang)
        for k, line in enumerate(lines):
            self.advance(lead)
            x, width = self.columns[self.col]
            if k == 0 and label:
                self.pdf.text(x, self.y + size, label)
            _justified(self.pdf, x + hang, self.y + size, line, width - hang, last=not justify or k + 1 == len(lines))
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
           wrap_first: bool = True, page_bottom: float = 740, repeat_header: bool = True,
           footnote_width: Optional[float] = None) -> float:
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
        for line in _wrap(pdf, footnote, footnote_width or width):
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


def _continued_table(widths, header, rows, **table) -> bytes:
    """A results paragraph, a table set low on page 1 that runs on to page 2, and a discussion."""
    pdf = _new()
    pdf.add_page()
    x0, width = 60, 500
    top = _title_block(pdf, x0, width)
    flow = _Flow(pdf, [(x0, width)], top, bottom=740)
    flow.heading("Results")
    flow.paragraph(BODY[2][1][0])
    y = _table(pdf, x0, 560, widths, header, rows, ruled=True, **table)
    flow = _Flow(pdf, [(x0, width)], y, bottom=740)
    flow.heading("Discussion")
    flow.paragraph(BODY[3][1][0])
    return bytes(pdf.output())


def continued_table_pdf() -> bytes:
    """A 30-row table that starts low on page 1 and continues on page 2 under a repeated header."""
    rows = [(f"Centre {k:02d}", str(8 + (k * 7) % 13), str(6 + (k * 5) % 11), f"0.{(k * 37) % 90 + 10}")
            for k in range(1, 31)]
    return _continued_table((200, 110, 110, 80), ("Centre", "Early hydration, n", "Usual care, n", "P value"), rows,
                            label="Table 2", caption="Patients discharged within six hours by centre",
                            footnote="Counts are patients discharged within six hours of arrival in the recovery ward.")


def continued_narrow_table_pdf() -> bytes:
    """A table narrower than the text that runs on to page 2, with a note under it set across
    the whole text width (wider than the table's cells)."""
    rows = [(f"Ward {k:02d}", f"{10 + k % 7}.{k % 10} ± {2 + k % 3}.{k % 9}", f"{9 + k % 5}.{k % 8} ± {2 + k % 4}.{k % 7}")
            for k in range(1, 31)]
    return _continued_table((200, 110, 110), ("Ward", "Early hydration", "Usual care"), rows,
                            label="Table 3", caption="Hours to discharge by ward",
                            footnote="Values are mean ± standard deviation of the hours from arrival in the recovery "
                                     "ward to discharge; wards are numbered in the order they joined the trial.",
                            footnote_width=500)


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


# -- tables with richer headers, a turned table ----------------------------------------------------

GROUPS = [
    ("Sex", [("Female", "64", "52.9", "61", "51.3"), ("Male", "57", "47.1", "58", "48.7")]),
    ("Age group", [("18 to 40 years", "39", "32.2", "44", "37.0"), ("41 to 80 years", "82", "67.8", "75", "63.0")]),
    ("Surgery", [("Orthopaedic", "48", "39.7", "45", "37.8"), ("General", "73", "60.3", "74", "62.2")]),
]
ARMS = ("Early hydration (n = 121)", "Usual care (n = 119)")


def _grouped_table(pdf: FPDF, y: float, *, ruled: bool, bold_header: bool, label: str, caption: str) -> float:
    """A table whose two header rows are a stub label and two arm labels each spanning an 'n'
    and a '%' column (under a short rule each when ruled), and whose body has the group labels
    (Sex, Age group) on rows of their own in a stub column left of the row labels."""
    size, lead = 8, 10.4
    cols = [60, 130, 290, 355, 425, 490, 560]  # stub of groups, stub of rows, four value columns

    def rule(y: float, x0: float = 60, x1: float = 560, weight: float = 0.8) -> None:
        if ruled:
            pdf.set_line_width(weight)
            pdf.line(x0, y, x1, y)

    pdf.set_font(FONT, "B", size + 1)
    pdf.text(60, y + size + 1, label)
    w = pdf.get_string_width(label + " ")
    pdf.set_font(FONT, "", size + 1)
    pdf.text(60 + w, y + size + 1, caption)
    y += lead + 8
    rule(y)
    y += 3
    pdf.set_font(FONT, "B" if bold_header else "", size)
    pdf.text(cols[0] + 3, y + size, "Characteristic")
    for k, arm in enumerate(ARMS):
        a, b = cols[2 + 2 * k], cols[4 + 2 * k]
        pdf.text((a + b - pdf.get_string_width(arm)) / 2, y + size, arm)
        rule(y + lead + 1, a + 4, b - 4, 0.4)
    y += lead + 4
    for k, lab in enumerate(("n", "%", "n", "%")):
        pdf.text(cols[2 + k] + 3, y + size, lab)
    y += lead + 3
    rule(y, weight=0.4)
    y += 3
    pdf.set_font(FONT, "", size)
    for group, rows in GROUPS:
        pdf.text(cols[0] + 3, y + size, group)
        y += lead + 4
        for row in rows:
            for k, cell in enumerate(row):
                pdf.text(cols[1 + k] + 3, y + size, cell)
            y += lead + 4
    rule(y)
    return y + 14


def grouped_table_pdf(ruled: bool = True) -> bytes:
    """Text, then a table with a two-row header (a label over each arm's n and % columns) and
    two stub columns (group labels on rows of their own, row labels), then more text; ruled
    with booktabs lines and a bold header, or with neither (the header found by position)."""
    pdf = _new()
    pdf.add_page()
    x0, width = 60, 500
    top = _title_block(pdf, x0, width)
    flow = _Flow(pdf, [(x0, width)], top, bottom=top + 80)
    flow.heading("Results")
    flow.paragraph(BODY[2][1][0])
    y = _grouped_table(pdf, flow.y + 10, ruled=ruled, bold_header=ruled, label="Table 1",
                       caption="Baseline characteristics by group")
    flow = _Flow(pdf, [(x0, width)], y, bottom=740)
    flow.paragraph(BODY[2][1][1])
    return bytes(pdf.output())


LANDSCAPE_HEADER = ("Adverse event", "Week 1", "Week 2", "Week 4", "Week 8", "Week 12")
LANDSCAPE_ROWS = [
    ("Nausea", "14", "9", "5", "3", "2"),
    ("Headache", "11", "8", "6", "4", "4"),
    ("Dizziness on standing", "7", "6", "3", "2", "1"),
    ("Oedema of the ankles", "3", "4", "4", "2", "2"),
    ("Urinary frequency", "9", "7", "4", "3", "3"),
]


def landscape_table_pdf() -> bytes:
    """A page of text, then a page holding a wide table turned a quarter turn (read from the
    bottom of the page upwards, as journals set landscape tables on upright pages)."""
    pdf = _new()
    pdf.add_page()
    x0, width = 60, 500
    top = _title_block(pdf, x0, width)
    flow = _Flow(pdf, [(x0, width)], top, bottom=740)
    flow.heading("Results")
    for p in BODY[2][1]:
        flow.paragraph(p)
    pdf.add_page()
    with pdf.rotation(90, 306, 396):  # the table drawn on a landscape sheet centred on the page
        _table(pdf, 26, 236, (200, 76, 76, 76, 76, 76), LANDSCAPE_HEADER, LANDSCAPE_ROWS, ruled=True, label="Table 3",
               caption="Adverse events by week of follow-up", footnote="Counts are patients reporting the event.")
    return bytes(pdf.output())


# -- manuscripts and footnotes ----------------------------------------------------------------------


def line_numbers_pdf() -> bytes:
    """A manuscript page: one column of text with every line numbered in the left margin."""
    pdf = _new()
    pdf.add_page()
    x0, width = 90, 440
    y, n = 72, 0
    for head, paras in BODY[:3]:
        for text, size, style in [(head, 10.5, "B")] + [(p, 9.5, "") for p in paras]:
            pdf.set_font(FONT, style, size)
            for line in _wrap(pdf, text, width):
                n += 1
                pdf.set_font(FONT, style, size)
                pdf.text(x0, y + size, line)
                pdf.set_font(FONT, "", 7)
                pdf.text(60 - pdf.get_string_width(str(n)), y + size, str(n))
                y += 13
            y += 6
    return bytes(pdf.output())


FOOTNOTES = [
    "* Corresponding author: Anna Berg, Department of Surgery, Lakeside Hospital.",
    "** Tomas Lind and Maria Sand contributed equally to this work and share the last authorship of the article.",
]


def footnote_pdf() -> bytes:
    """Text whose last paragraph on page 1 runs on to page 2, with page footnotes under a short
    rule at the foot of page 1."""
    pdf = _new()
    pdf.add_page()
    x0, width = 60, 500
    top = _title_block(pdf, x0, width)
    flow = _Flow(pdf, [(x0, width)], top, bottom=740)
    for head, paras in BODY[:2]:
        flow.heading(head)
        for p in paras:
            flow.paragraph(p, size=10, lead=13)
    flow.heading("Results")
    # a paragraph broken over the page: three lines at the foot of page 1, the rest on page 2
    pdf.set_font(FONT, "", 10)
    lines = _wrap(pdf, RUNNING, width)
    y = flow.y
    for line in lines[:3]:
        _justified(pdf, x0, y + 10, line, width, last=False)
        y += 13
    pdf.set_line_width(0.5)
    pdf.line(x0, y + 14, x0 + 120, y + 14)
    pdf.set_font(FONT, "", 7.5)
    fy = y + 17
    for note in FOOTNOTES:
        for j, line in enumerate(_wrap(pdf, note, width)):
            pdf.text(x0 + (0 if j == 0 else 6), fy + 7.5, line)
            fy += 9.5
    pdf.add_page()
    pdf.set_font(FONT, "", 10)
    y = 72
    for j, line in enumerate(lines[3:]):
        _justified(pdf, x0, y + 10, line, width, last=j + 4 == len(lines))
        y += 13
    flow = _Flow(pdf, [(x0, width)], y + 6, bottom=740)
    flow.heading("Discussion")
    flow.paragraph(BODY[3][1][0], size=10, lead=13)
    return bytes(pdf.output())


#: the paragraph :func:`footnote_pdf` breaks over its page
RUNNING = " ".join(BODY[2][1])


# -- reference lists without numbers -----------------------------------------------------------------

AUTHOR_YEAR_REFERENCES = [
    "Alder K, Brun P (2015) Fluid balance after ambulatory surgery. Br J Anaesth 114:210-218",
    "Altman DG (1991) Practical statistics for medical research. London: Chapman and Hall",
    "Casey M, Dunn R, Ebbe S (2016) Early drinking and nausea in day surgery: a cohort study. Anaesthesia 71:55-61",
    "Department of Health (2018) Day surgery: operational guide. London: Stationery Office",
    "Fahey T (2017) Discharge criteria in ambulatory care. Curr Opin Anaesthesiol 30:702-707",
    "Gould D, Hart L (2018) Thirst and comfort in the recovery ward. J Perianesth Nurs 33:14-22",
    "Mayer F (2014) Postoperative nausea: risk scores revisited. Anesth Analg 118:85-93",
    "Novak P, Olsen J (2012) Allocation concealment in practice. Oxford: Oxford University Press",
    "Perez C, Quinn M, Rossi G (2020) Patient satisfaction in day surgery: a survey of 40 units in three countries. BMJ Open 10:e034512",
    "World Health Organization (2019) Guidelines on fluids in surgical care. Geneva: World Health Organization",
    "Xu Y, Young A (2017) Usual care as a comparator in nursing trials. Int J Nurs Stud 70:1-9",
]

UNPUNCTUATED_REFERENCES = [
    "Alder K Brun P Fluid balance after ambulatory surgery Br J Anaesth 2015 114 210 218",
    "Casey M Dunn R Ebbe S Early drinking and nausea in day surgery a cohort study Anaesthesia 2016 71 55 61",
    "Casey M Dunn R Oral fluids in the recovery ward and the time to discharge of older patients after day surgery J Adv Nurs 2017 73 1120 1128",
    "Fahey T Discharge criteria in ambulatory care Curr Opin Anaesthesiol 2017 30 702 707",
    "Gould D Hart L Thirst and comfort in the recovery ward J Perianesth Nurs 2018 33 14 22",
    "Mayer F Postoperative nausea risk scores revisited Anesth Analg 2014 118 85 93",
    "Novak P Olsen J Sealed envelopes and allocation concealment Trials 2012 13 102",
    "Perez C Quinn M Rossi G Patient satisfaction in day surgery BMJ Open 2020 10 e034512",
    "Xu Y Young A Usual care as a comparator in nursing trials Int J Nurs Stud 2017 70 1 9",
]


def _hanging_list(pdf: _Doc, flow: _Flow, entries, size: float = 8, lead: float = 10, hang: float = 14) -> None:
    """Entries flush left, their further lines indented (no labels), no space between them
    (an entry's ``\n`` breaks its line there)."""
    pdf.set_font(FONT, "", size)
    for text in entries:
        x, width = flow.columns[flow.col]
        if "\n" in text:
            lines = text.split("\n")
        else:
            first = _wrap(pdf, text, width)
            lines = [first[0]] + _wrap(pdf, " ".join(first[1:]), width - hang) if len(first) > 1 else first
        for k, line in enumerate(lines):
            flow.advance(lead)
            x, width = flow.columns[flow.col]
            pdf.text(x + (hang if k else 0), flow.y + size, line)
            flow.y += lead


#: a one-column list without punctuation or numbers: group authors, entries ending in a word,
#: most entries on one line, one whose second line opens with a place and a year
GROUP_AUTHOR_REFERENCES = [
    "Department of Health Day surgery operational guide 2018 London Stationery Office",
    "Alder K Brun P Fluid balance after ambulatory surgery Br J Anaesth 2015 114 210 218",
    "Berg A Lind T Thirst after anaesthesia In Hart L Recovery ward nursing 2009 Oxford Blackwell Scientific Ltd",
    "NICE Guideline Development Group Perioperative care in adults 2020 Manchester National Institute for Health",
    "Royal College of Anaesthetists Day case anaesthesia: the second report of the working party on ambulatory care\n"
    "Council Report CR12 Blackwood, Edinburgh, 1995",
    "Casey M Dunn R Ebbe S Early drinking and nausea in day surgery a cohort study Anaesthesia 2016 71 55 61",
    "Scandinavian Day Surgery Study Group Oral fluids in 4000 patients Acta Anaesthesiol Scand 2011 55 9 15",
    "Mayer F Postoperative nausea risk scores revisited Anesth Analg 2014 118 85 93",
]


def reference_list_pdf(entries=AUTHOR_YEAR_REFERENCES, width: float = 240, banner: str = "") -> bytes:
    """The end of the discussion, then an unnumbered reference list with hanging indents in a
    column as narrow as a two-column journal's (author-year entries, some ending in a word; or
    citations without punctuation), or as wide as the page; ``banner`` is set up the left
    margin of the (single) page."""
    pdf = _new(banner)
    pdf.add_page()
    x0 = 60
    top = _title_block(pdf, x0, 500)
    flow = _Flow(pdf, [(x0, width)], top, bottom=740)
    flow.heading("Discussion")
    flow.paragraph(BODY[3][1][0])
    flow.heading("References")
    _hanging_list(pdf, flow, entries)
    return bytes(pdf.output())


def table_then_columns_pdf(notes: bool = True) -> bytes:
    """Body text, an unruled table and its notes in a smaller font (or no notes), then, a line's
    gap below, a reference list in three columns (a font between the notes' and the body's)
    whose second and third columns start above its heading."""
    pdf = _new()
    pdf.add_page()
    x0 = 60
    flow = _Flow(pdf, [(x0, 500)], 60, bottom=740)
    for p in BODY[1][1] + BODY[2][1]:  # body text in a larger font above the table
        flow.paragraph(p, size=10, lead=12.5)
    y = _table(pdf, x0, flow.y + 10, (200, 110, 110, 80), HEADER, ROWS, ruled=False, size=8.5 if notes else 8,
               footnote="SD, standard deviation; IQR, interquartile range. P values from chi-squared tests "
                        "for counts and t tests for scores, two-sided, without adjustment for multiple outcomes."
               if notes else "")
    pdf.set_font(FONT, "", 9)
    colw = 160
    for k, ref in enumerate(REFERENCES[:6]):
        col = 1 + k // 3
        for j, line in enumerate(_wrap(pdf, ref, colw)[:2]):
            pdf.text(x0 + col * (colw + 10) + (12 if j else 0), y + 9 + (2 * (k % 3) + j) * 10.5, line)
    pdf.set_font(FONT, "B", 12.5)
    pdf.text(x0, y + 22, "References")
    pdf.set_font(FONT, "", 9)
    for j, line in enumerate(_wrap(pdf, REFERENCES[6], colw)[:2]):
        pdf.text(x0 + (12 if j else 0), y + 38 + j * 10.5, line)
    return bytes(pdf.output())


def reference_list_over_pages_pdf() -> bytes:
    """A paragraph that ends in a web address (no full stop), then an unnumbered hanging-indent
    reference list whose entries run on to the next page, where an entry opens the page."""
    pdf = _new()
    pdf.add_page()
    x0, width, hang, size, lead = 60, 240, 14, 8, 10
    y = 80.0
    pdf.set_font(FONT, "", size)  # back matter in the list's font
    for line in ("The pre-publication history for this paper can be", "accessed here:", "http://www.example.org/hydration/prepub"):
        pdf.text(x0, y, line)
        y += lead
    pdf.set_font(FONT, "B", 10.5)
    y += 12
    pdf.text(x0, y, "References")
    y += 16
    pdf.set_font(FONT, "", size)
    entries = UNPUNCTUATED_REFERENCES
    for k, text in enumerate(entries):
        if k == 1:  # one entry on the first page, the list goes on at the top of the next
            pdf.add_page()
            y = 72.0
        first = _wrap(pdf, text, width)
        lines = [first[0]] + _wrap(pdf, " ".join(first[1:]), width - hang) if len(first) > 1 else first
        for j, line in enumerate(lines):
            pdf.text(x0 + (hang if j else 0), y, line)
            y += lead
    return bytes(pdf.output())


def caption_over_text_pdf() -> bytes:
    """Two columns of text, a table caption across the page low on it with no table under it,
    a heading and two more columns of text; on the next page three columns of text and a
    numbered reference list with hanging indents."""
    pdf = _new()
    pdf.add_page()
    x0, width, gutter = 60, 500, 16
    colw = (width - gutter) / 2
    flow = _Flow(pdf, [(x0, colw), (x0 + colw + gutter, colw)], 60, bottom=590)
    for head, paras in BODY[:2]:
        flow.heading(head)
        for p in paras:
            flow.paragraph(p)
    pdf.set_font(FONT, "B", 9)
    pdf.text(x0, 612, "Table 2")
    pdf.set_font(FONT, "", 9)
    pdf.text(x0 + 40, 612, "Discharge within six hours, nausea, vomiting and satisfaction by group (intention to treat)")
    flow = _Flow(pdf, [(x0, colw), (x0 + colw + gutter, colw)], 60, bottom=740, first_top=622)
    flow.heading(BODY[2][0])
    flow.paragraph(BODY[2][1][0])
    pdf.add_page()
    colw = (width - 2 * gutter) / 3
    flow = _Flow(pdf, [(x0 + k * (colw + gutter), colw) for k in range(3)], 60, bottom=400)
    flow.paragraph(BODY[2][1][1], justify=False)  # lines set flush left (one stretch of text each)
    flow.heading(BODY[3][0])
    flow.paragraph(BODY[3][1][0], justify=False)
    flow.heading("References")
    for k, ref in enumerate(REFERENCES, 1):
        flow.paragraph(ref, size=9, lead=11.5, hang=16, label=f"{k}.", justify=False)
    return bytes(pdf.output())


def reference_list_tail_pdf() -> bytes:
    """A numbered reference list in two columns over two pages; the second page holds only the
    list's tail: the end of an entry (two lines, the last one short) in the left column and
    the last entry (three lines) in the right."""
    pdf = _new()
    pdf.add_page()
    x0, width, gutter = 60, 500, 24
    colw = (width - gutter) / 2
    cols = [(x0, colw), (x0 + colw + gutter, colw)]
    flow = _Flow(pdf, cols, 60, bottom=740)
    flow.heading("References")
    tail = ("Vance R, Ueda H, Wolf T, Xu Y. Intravenous versus oral fluids after day surgery in older adults: "
            "a randomized comparison of discharge times. Lancet. 2021;397:1212-20. PMID: 33712345.")
    last = ("Zhou L, Young A. Reporting adverse events and withdrawals in pragmatic nursing trials of fluid "
            "protocols: a review. J Clin Epidemiol. 2019;108:14-21.")
    entries = REFERENCES[:11] + [tail, last]
    pdf.set_font(FONT, "", 9)
    k = 0
    while k < 11:  # the first eleven entries fill the first page
        flow.paragraph(entries[k], size=9, lead=11.5, hang=16, label=f"{k + 1}.", justify=False)
        k += 1
    lines = _wrap(pdf, tail[:-len(" discharge times. Lancet. 2021;397:1212-20. PMID: 33712345.")], colw - 16) + [
        "discharge times. Lancet. 2021;397:1212-20.", "PMID: 33712345."]
    flow.col, flow.y = 1, 600
    for j, line in enumerate(lines[:-2]):  # entry 12 opens low in the right column ...
        if j == 0:
            pdf.text(cols[1][0], flow.y + 9, "12.")
        pdf.text(cols[1][0] + 16, flow.y + 9, line)
        flow.y += 11.5
    pdf.add_page()  # ... and ends on the next page, beside the last entry
    pdf.text(cols[0][0] + 16, 69, lines[-2])
    pdf.text(cols[0][0] + 16, 80.5, lines[-1])
    for j, line in enumerate(_wrap(pdf, last, colw - 16)):
        if j == 0:
            pdf.text(cols[1][0], 69, "13.")
        pdf.text(cols[1][0] + 16, 69 + 11.5 * j, line)
    return bytes(pdf.output())


#: the list of :func:`heading_low_pdf`: its first entry runs over three lines of a column
HEADING_LOW_REFERENCES = [
    "Abbott K Brun P Lund B Fluid balance and the time to discharge after ambulatory surgery in older adults "
    "Br J Anaesth 2015 114 210 218"] + UNPUNCTUATED_REFERENCES[1:]


def heading_low_pdf() -> bytes:
    """A table across the page, then at the foot of the page two columns: the heading "References"
    in the left one, set lower than the first lines of the right one, which opens the list (an
    unnumbered hanging-indent list without punctuation); the list runs on in two columns on the
    next page."""
    pdf = _new()
    pdf.add_page()
    x0, width, gutter = 60, 500, 24
    colw = (width - gutter) / 2
    _table(pdf, x0, 500, (200, 110, 110, 80), HEADER, ROWS, ruled=True)
    pdf.set_font(FONT, "B", 11)
    pdf.text(x0, 712, "References")
    right = _Flow(pdf, [(x0 + colw + gutter, colw), (x0, colw), (x0 + colw + gutter, colw)], 60, bottom=740, first_top=690)
    _hanging_list(pdf, right, HEADING_LOW_REFERENCES[:1])
    right.pdf.add_page()
    flow = _Flow(pdf, [(x0, colw), (x0 + colw + gutter, colw)], 60, bottom=140)
    _hanging_list(pdf, flow, HEADING_LOW_REFERENCES[1:])
    return bytes(pdf.output())


#: the entries :func:`reference_sublists_pdf` sets under its sub-list headings
FURTHER_READING = [
    "Hart L (2009) Recovery ward nursing. Oxford: Blackwell Scientific",
    "Royal College of Nursing (2013) Fluids and nutrition after surgery: a guide for nurses. London: RCN",
]
PREPUB_NOTE = "The pre-publication history for this paper can be accessed here: http://www.example.org/hydration/prepub"


def reference_sublists_pdf() -> bytes:
    """Two columns: the end of the discussion, a numbered reference list with hanging indents,
    then two headings of the list's own, set bold and a little larger than the list ("Further
    reading" over two unnumbered author–year entries, "Pre-publication history" over one
    unnumbered note)."""
    pdf = _new()
    pdf.add_page()
    x0, width, gutter = 60, 500, 18
    colw = (width - gutter) / 2
    flow = _Flow(pdf, [(x0, colw), (x0 + colw + gutter, colw)], 60, bottom=740)
    flow.heading("Discussion")
    flow.paragraph(BODY[3][1][0])
    flow.heading("References")
    for k, ref in enumerate(REFERENCES, 1):
        flow.paragraph(ref, size=8, lead=10, hang=14, label=f"{k}.", justify=False)
    for head, entries in (("Further reading", FURTHER_READING), ("Pre-publication history", [PREPUB_NOTE])):
        flow.heading(head, size=10)
        for ref in entries:
            flow.paragraph(ref, size=8, lead=10, hang=14 if entries is FURTHER_READING else 0, justify=False)
    return bytes(pdf.output())
