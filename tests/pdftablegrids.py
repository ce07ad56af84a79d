"""Tables set the way journals set them, for the PDF table reader tests (fpdf2, nothing downloaded).

Each function returns the bytes of a one- or two-page PDF holding a paragraph of text, a table
under its caption and a paragraph after it:

* :func:`superscript_header_pdf` — booktabs rules; a header cell on two lines whose first line
  ends in a raised footnote marker, and body values with markers;
* :func:`offset_header_pdf` — a stub header cell set a little higher than the arm labels beside
  it (a cell aligned differently), over a second header row of sub-labels;
* :func:`centred_label_pdf` — unruled; a body row whose label for two value columns (``Mean
  (SD)``) is centred across them, between rows of values in both;
* :func:`section_row_continued_pdf` — a long ruled table that runs on to the next page, where
  the repeated header is followed by a bold section row;
* :func:`wrapped_rows_pdf` — booktabs rules; few rows, each over several lines (a long stub that
  wraps, a mean over its SD, an interval broken after its dash), header cells on two lines;
* :func:`wrapped_grid_pdf` — a full grid (every cell boxed) with two header rows set in bold and
  cells that wrap over up to four lines;
* :func:`sparse_continued_pdf` — a table that runs on to the next page, where the rows printed
  there leave some columns empty;
* :func:`banner_tail_pdf` — a table across the page beside a running title set up the left
  margin, whose last few glyphs (a marker, a colon, an ellipsis) sit apart from the rest;
* :func:`flush_header_pdf` — header labels set flush left over values set flush right, the
  labels of the columns beside reaching close to the values on their left;
* :func:`section_row_at_foot_pdf` — a table whose header and first section row alone end a
  page (under the rule below the header), its rows following on the next page;
* :func:`grid_stub_lines_pdf` — a full grid where a stub runs over two lines and the values
  of its row stand level with its second line;
* :func:`callout_line_pdf` — two columns of text over a table across the page, one column's
  sentence wrapping so that its last line reads "Table 1." (a callout, not the caption);
* :func:`indented_stub_continued_pdf` — rows set in far under a group label (a stub column of
  their own) on a page with no stub across both stub columns, the table running on;
* :func:`flush_left_pairs_pdf` — a count with its percentage as one cell, flush left in a narrow
  count column, reaching past where the percentage column starts.
* :func:`indented_run_on_pdf` — a page break inside a group of rows set in under its label:
  the next page opens with rows set in, their label on the page before.
* :func:`raised_marker_wrap_pdf` — rows whose stub and interval wrap onto a second line set
  tight under the first, the interval's first line carrying a raised footnote marker set high
  (its glyph reaching above the line's other glyphs).
* :func:`section_p_values_pdf` — unruled; section rows of a long label and its P value (the
  label running across the first column of values) between rows of a cell in every column.
* :func:`header_only_column_pdf` — a header label (and the label under it) standing in a
  column of its own between the stubs and the values, which no body row fills.
* :func:`indented_under_values_pdf` — rows set in (a stub column of their own) under a row
  whose label, from the left edge, has values of its own.
* :func:`group_labels_only_pdf` — rows set in under group labels where no row of values
  starts at the left edge.
* :func:`centred_stub_label_pdf` — the stub's label centred over a wide stub column of short
  stubs, no rules.
* :func:`offset_labels_pdf` — stubs centred in a narrow stub column (numbers, then ``TOTAL``),
  and a label set right of its column's values, inside the blank before the next column.

The texts are written for the tests (a made-up trial of a hydration protocol).
"""
from __future__ import annotations

from fpdf import FPDF

from pdflayouts import _wrap  # tests/ is on the path

FONT = "Helvetica"
INTRO = ("Adults scheduled for elective day surgery were randomly assigned to an early oral hydration "
         "protocol or to usual care; the tables give the outcomes recorded by the ward nurses.")
OUTRO = ("Both groups tolerated the fluids well, and no patient needed an intravenous line for "
         "dehydration before discharge from the day surgery unit.")


def _new() -> FPDF:
    pdf = FPDF(unit="pt", format="letter")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    return pdf


def _para(pdf: FPDF, y: float, text: str, x0: float = 60, width: float = 490) -> float:
    pdf.set_font(FONT, "", 10)
    words, cur = text.split(), ""
    for w in words:
        cand = (cur + " " + w).strip()
        if pdf.get_string_width(cand) > width and cur:
            pdf.text(x0, y, cur)
            y += 13
            cur = w
        else:
            cur = cand
    if cur:
        pdf.text(x0, y, cur)
        y += 13
    return y + 8


def _caption(pdf: FPDF, y: float, label: str, caption: str, x0: float = 60) -> float:
    pdf.set_font(FONT, "B", 9)
    pdf.text(x0, y, label)
    w = pdf.get_string_width(label + " ")
    pdf.set_font(FONT, "", 9)
    pdf.text(x0 + w, y, caption)
    return y + 8


def _cell(pdf: FPDF, x: float, y: float, text: str, size: float, bold: bool = False, width: float = 0.0,
          centre: bool = False, sup: tuple = (0.65, 0.35)) -> None:
    """``text`` at baseline ``y``; ``^a`` sets ``a`` as a raised marker (``sup``: its size and
    how far it is raised, in parts of ``size``); centred in ``width``."""
    style = "B" if bold else ""
    parts = []
    for k, piece in enumerate(text.split("^")):
        if k == 0:
            parts.append((piece, False))
        else:
            parts.append((piece[:1], True))
            parts.append((piece[1:], False))

    scale, rise = sup

    def measure(piece: str, raised: bool) -> float:
        pdf.set_font(FONT, style, size * scale if raised else size)
        return pdf.get_string_width(piece)

    if centre:
        x += (width - sum(measure(p, s) for p, s in parts)) / 2
    for piece, raised in parts:
        if not piece:
            continue
        pdf.set_font(FONT, style, size * scale if raised else size)
        pdf.text(x, y - (size * rise if raised else 0), piece)
        x += pdf.get_string_width(piece)


def _rule(pdf: FPDF, x0: float, x1: float, y: float, weight: float = 0.6) -> None:
    pdf.set_line_width(weight)
    pdf.line(x0, y, x1, y)


def _columns(x0: float, widths: tuple) -> tuple[list, float]:
    """The columns' text positions (3 pt in from each left edge) and the table's right edge."""
    return [x0 + sum(widths[:k]) + 3 for k in range(len(widths))], x0 + sum(widths)


def _head(pdf: FPDF, x0: float, x1: float, xs: list, y: float, cells, size: float, lead: float = 0.0,
          gap: float = 5) -> float:
    """A booktabs header: a heavy rule at ``y``, the bold ``cells`` (a label, or its lines ``lead``
    apart) on the next baseline, a light rule ``gap`` below it; returns the first row's baseline."""
    _rule(pdf, x0, x1, y, 0.9)
    y += 3 + size
    for k, cell in enumerate(cells):
        _wrapped(pdf, xs[k], y, [cell] if isinstance(cell, str) else cell, size, lead, bold=True)
    y += gap
    _rule(pdf, x0, x1, y, 0.4)
    return y + 4 + size


def _body(pdf: FPDF, xs: list, y: float, rows, size: float, step: float) -> float:
    """One line per row from baseline ``y``, ``step`` apart (empty or None cells left blank);
    returns the baseline after the last row."""
    for r in rows:
        for k, t in enumerate(r):
            if t is not None:
                _cell(pdf, xs[k], y, t, size)
        y += step
    return y


def _wrapped(pdf: FPDF, x: float, y: float, lines: list, size: float, lead: float, bold: bool = False) -> None:
    for j, line in enumerate(lines):
        _cell(pdf, x, y + j * lead, line, size, bold=bold)


def _wrapped_body(pdf: FPDF, xs: list, y: float, rows, size: float, lead: float) -> float:
    """Rows of cells of several lines (a list of lines per cell; empty lines left blank) from
    baseline ``y``; returns the baseline after the last row."""
    for row in rows:
        for k, lines in enumerate(row):
            for j, line in enumerate(lines):
                if line:
                    _cell(pdf, xs[k], y + j * lead, line, size)
        y += lead * max(len(c) for c in row) + 3.5
    return y


def superscript_header_pdf() -> bytes:
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    y = _caption(pdf, y + 6, "Table 2", "Secondary outcomes at discharge")
    x0, widths, size, lead = 60, (190, 110, 110, 80), 8, 9.5
    xs, x1 = _columns(x0, widths)
    head = [["Outcome"], ["Early hydration^a", "(n = 121)"], ["Usual care^a", "(n = 119)"], ["P value^b"]]
    y = _head(pdf, x0, x1, xs, y, head, size, lead, gap=lead + 4)
    rows = [("Nausea, n (%)", "18 (14.9)^c", "31 (26.1)", "0.04"),
            ("Vomiting, n (%)", "6 (5.0)", "11 (9.2)", "0.21"),
            ("Satisfaction score, mean (SD)", "8.1 (1.2)", "7.4 (1.6)", "<0.001"),
            ("Time to first drink, min", "35 (20-55)", "95 (60-140)^c", "<0.001"),
            ("Discharged within 6 h, n (%)", "97 (80.2)", "78 (65.5)", "0.01")]
    y = _body(pdf, xs, y, rows, size, lead + 4)
    _rule(pdf, x0, x1, y - size, 0.9)
    pdf.set_font(FONT, "", 7)
    pdf.text(x0, y + 2, "a Intention-to-treat population. b Chi-squared or t test. c Two patients missing.")
    _para(pdf, y + 30, OUTRO)
    return bytes(pdf.output())


def offset_header_pdf() -> bytes:
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    y = _caption(pdf, y + 6, "Table 3", "Effect of early hydration on the primary outcome")
    x0, widths, size, lead = 60, (130, 120, 110, 60, 80, 60), 8, 9.5
    xs, x1 = _columns(x0, widths)
    _rule(pdf, x0, x1, y, 0.9)
    y += 13 + size
    # the stub label sits a line higher than the arm labels beside it (a cell aligned otherwise)
    _cell(pdf, xs[0], y - 9.0, "Time point", size, bold=True)
    _cell(pdf, xs[1], y, "Early hydration", size, bold=True)
    _cell(pdf, xs[2], y, "Usual care", size, bold=True)
    _cell(pdf, xs[3], y, "Effect estimate", size, bold=True)
    y += lead + 4
    _cell(pdf, xs[3], y, "Difference", size, bold=True)
    _cell(pdf, xs[4], y, "95% CI", size, bold=True)
    _cell(pdf, xs[5], y, "P value", size, bold=True)
    y += 4
    _rule(pdf, x0, x1, y, 0.4)
    y += 4 + size
    rows = [("Discharge at 6 h", "80.2%", "65.5%", "14.7", "3.5 to 25.9", "0.01"),
            ("Discharge at 8 h", "93.4%", "86.6%", "6.8", "-0.6 to 14.2", "0.08"),
            ("Discharge at 24 h", "99.2%", "98.3%", "0.9", "-1.9 to 3.7", "0.62")]
    y = _body(pdf, xs, y, rows, size, lead + 4)
    _rule(pdf, x0, x1, y - size, 0.9)
    _para(pdf, y + 20, OUTRO)
    return bytes(pdf.output())


def centred_label_pdf() -> bytes:
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    y = _caption(pdf, y + 6, "Table 4", "Scores by group and visit")
    x0, widths, size, lead = 60, (150, 90, 90, 70), 8, 13
    xs, _ = _columns(x0, widths)
    y += 4 + size
    for k, t in enumerate(("Measure", "Early hydration", "Usual care", "P value")):
        _cell(pdf, xs[k], y, t, size, bold=True)
    y += lead
    blocks = [("Thirst score", "Median (IQR)", [("Day 0", "3 (2-5)", "4 (3-6)", "0.02"), ("Day 1", "2 (1-3)", "3 (2-4)", "0.04")]),
              ("Comfort score", "Mean (SD)", [("Day 0", "7.9 (1.4)", "7.1 (1.8)", "0.01"), ("Day 1", "8.4 (1.1)", "8.0 (1.3)", "0.09")]),
              ("Fatigue score", "Mean (SD)", [("Day 0", "3.2 (1.9)", "3.6 (2.0)", "0.27"), ("Day 1", "2.1 (1.5)", "2.4 (1.7)", "0.33")])]
    for label, stat, rows in blocks:
        _cell(pdf, xs[0], y, label, size, bold=True)
        # the statistic centred across the two arm columns
        _cell(pdf, xs[1] - 3, y, stat, size, bold=True, width=widths[1] + widths[2], centre=True)
        y = _body(pdf, xs, y + lead, rows, size, lead)
    _para(pdf, y + 20, OUTRO)
    return bytes(pdf.output())


def section_row_continued_pdf() -> bytes:
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    y = _para(pdf, y, OUTRO)
    y = _caption(pdf, 560, "Table 5", "Adverse events by group")
    x0, widths, size, lead = 60, (220, 110, 110, 60), 8, 12
    xs, x1 = _columns(x0, widths)
    header = ("Event", "Early hydration (n = 121)", "Usual care (n = 119)", "P value")

    sections = [("Gastrointestinal events", [("Nausea", "18 (14.9)", "31 (26.1)", "0.04"),
                                             ("Vomiting", "6 (5.0)", "11 (9.2)", "0.21"),
                                             ("Abdominal bloating", "9 (7.4)", "4 (3.4)", "0.17"),
                                             ("Diarrhoea", "2 (1.7)", "1 (0.8)", "0.57")]),
                ("Cardiovascular events", [("Hypotension", "3 (2.5)", "7 (5.9)", "0.19"),
                                           ("Palpitations", "1 (0.8)", "2 (1.7)", "0.55"),
                                           ("Syncope", "0", "1 (0.8)", "0.31")]),
                ("Other events", [("Headache", "12 (9.9)", "15 (12.6)", "0.50"),
                                  ("Dizziness", "7 (5.8)", "10 (8.4)", "0.43"),
                                  ("Urinary retention", "2 (1.7)", "3 (2.5)", "0.64")])]
    y = _head(pdf, x0, x1, xs, y, header, size)
    for name, rows in sections:
        if y > 700:  # the page ends at a section: the table goes on under its header repeated
            _rule(pdf, x0, x1, y - size, 0.9)
            pdf.add_page()
            y = _head(pdf, x0, x1, xs, 60, header, size)
        _cell(pdf, xs[0], y, name, size, bold=True)
        y = _body(pdf, xs, y + lead, rows, size, lead)
    _rule(pdf, x0, x1, y - size, 0.9)
    _para(pdf, y + 20, INTRO)
    return bytes(pdf.output())


def header_at_page_foot_pdf() -> bytes:
    """A table whose caption and two-line header end page 1; its rows follow on page 2 under the
    header printed again."""
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    for _ in range(3):
        y = _para(pdf, y, OUTRO)
    x0, widths, size, lead = 60, (200, 110, 110, 70), 8, 9.5
    xs, x1 = _columns(x0, widths)
    head = [["Cause of death"], ["Early hydration", "(n = 121)"], ["Usual care", "(n = 119)"], ["Rate ratio"]]

    _caption(pdf, 700, "Table 6", "Deaths by cause")
    _head(pdf, x0, x1, xs, 708, head, size, lead, gap=lead + 4)
    pdf.add_page()
    y = _head(pdf, x0, x1, xs, 60, head, size, lead, gap=lead + 4)
    rows = [("Cardiac", "4 (3.3)", "6 (5.0)", "0.66"), ("Respiratory", "2 (1.7)", "3 (2.5)", "0.66"),
            ("Infection", "1 (0.8)", "2 (1.7)", "0.49"), ("Other", "0", "1 (0.8)", "-")]
    y = _body(pdf, xs, y, rows, size, lead + 4)
    _rule(pdf, x0, x1, y - size, 0.9)
    _para(pdf, y + 20, INTRO)
    return bytes(pdf.output())


#: rows of the wrapped tables: a stub over several lines, cells of one to three lines
WRAPPED_ROWS = [
    (["At least one", "episode of", "nausea"], ["18", "(14.9)"], ["31", "(26.1)"], ["0.57 (0.34-", "0.95)"], ["0.03"]),
    (["Number of days", "with nausea in", "patients with at", "least one", "episode"], ["2.1", "(1.4)"], ["3.4", "(2.2)"],
     ["0.62 (0.41-", "0.93)"], ["0.02"]),
    (["Time to first", "oral intake,", "hours"], ["1.5", "(0.8)"], ["4.2", "(1.9)"], ["-2.7 (-3.1 to", "-2.3)"], ["<0.001"]),
    (["Proportion of", "patients", "discharged the", "same day, of", "all patients", "treated"], ["0.80", "(0.40)"],
     ["0.66", "(0.48)"], ["1.22 (1.05-", "1.41)"], ["0.01"]),
]
WRAPPED_HEAD = (["Outcome"], ["Early hydration", "(n = 121)"], ["Usual care", "(n = 119)"], ["Risk or rate ratio", "(95% CI)"], ["P"])


def wrapped_rows_pdf() -> bytes:
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    y = _caption(pdf, y + 6, "Table 7", "Outcomes in the first day after surgery")
    x0, widths, size, lead = 60, (150, 90, 90, 110, 50), 8, 9.6
    xs, x1 = _columns(x0, widths)
    y = _head(pdf, x0, x1, xs, y, WRAPPED_HEAD, size, lead, gap=lead + 4)
    y = _wrapped_body(pdf, xs, y, WRAPPED_ROWS, size, lead)
    _rule(pdf, x0, x1, y - size, 0.9)
    _para(pdf, y + 20, OUTRO)
    return bytes(pdf.output())


def wrapped_grid_pdf() -> bytes:
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    y = _caption(pdf, y + 6, "Table 8", "Outcomes in the first day after surgery")
    x0, widths, size, lead, pad = 60, (150, 45, 45, 45, 45, 110), 8, 9.6, 3
    edges = [x0 + sum(widths[:k]) for k in range(len(widths) + 1)]
    xs = [e + 3 for e in edges[:-1]]
    pdf.set_line_width(0.5)
    top = y

    def box_row(y: float, cells: dict, n_lines: int, bold: bool = False) -> float:
        """``cells``: first column -> (span, lines); boxes drawn around each cell."""
        h = n_lines * lead + 2 * pad
        for k, (span, lines) in cells.items():
            pdf.rect(edges[k], y, edges[k + span] - edges[k], h)
            _wrapped(pdf, xs[k], y + pad + size, lines, size, lead, bold=bold)
        return y + h

    y = box_row(y, {0: (1, ["Outcome"]), 1: (2, ["Early hydration"]), 3: (2, ["Usual care"]), 5: (1, ["Risk ratio"])}, 1, True)
    y = box_row(y, {0: (1, [""]), 1: (1, ["n", "(%)"]), 2: (1, ["Mean", "(SD)"]), 3: (1, ["n", "(%)"]), 4: (1, ["Mean", "(SD)"]),
                    5: (1, ["(95% CI)"])}, 2, True)
    body = [(["At least one episode of", "nausea"], ["18", "(14.9)"], ["-"], ["31", "(26.1)"], ["-"], ["0.57 (0.34-", "0.95)"]),
            (["Number of days with", "nausea in patients with", "at least one episode"], ["-"], ["2.1", "(1.4)"], ["-"],
             ["3.4", "(2.2)"], ["0.62 (0.41-", "0.93)"]),
            (["Proportion of patients", "discharged the same", "day, of all patients", "treated"], ["97", "(80.2)"], ["-"],
             ["78", "(65.5)"], ["-"], ["1.22 (1.05-", "1.41)"])]
    for row in body:
        y = box_row(y, {k: (1, lines) for k, lines in enumerate(row)}, max(len(c) for c in row))
    assert y > top
    _para(pdf, y + 20, OUTRO)
    return bytes(pdf.output())


def sparse_continued_pdf() -> bytes:
    """Four value columns; the page break leaves one row for the next page, whose count
    columns are empty (its values are means)."""
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    for _ in range(3):
        y = _para(pdf, y, OUTRO)
    x0, widths, size, lead = 60, (170, 70, 70, 70, 70, 50), 8, 12
    xs, x1 = _columns(x0, widths)
    header = ("Outcome", "Early, n (%)", "Early, mean", "Usual, n (%)", "Usual, mean", "P")
    _caption(pdf, 640, "Table 9", "Recovery after surgery")
    y = _head(pdf, x0, x1, xs, 648, header, size)
    rows = [("Nausea", "18 (14.9)", "", "31 (26.1)", "", "0.04"),
            ("Vomiting", "6 (5.0)", "", "11 (9.2)", "", "0.21"),
            ("Thirst score", "", "3.1", "", "4.2", "0.02"),
            ("Pain score", "", "2.4", "", "2.6", "0.40")]
    y = _body(pdf, xs, y, rows[:3], size, lead)
    _rule(pdf, x0, x1, y - size, 0.9)
    pdf.add_page()
    y = _head(pdf, x0, x1, xs, 60, header, size)
    y = _body(pdf, xs, y, rows[3:], size, lead)
    _rule(pdf, x0, x1, y - size, 0.9)
    _para(pdf, y + 20, INTRO)
    return bytes(pdf.output())


def banner_tail_pdf() -> bytes:
    """A running title up the left margin: its words stack glyph on glyph, but its tail (``a:
    a…``, wrapped back to the foot of the margin) is set apart, right after it in the text."""
    pdf = _new()
    pdf.set_font(FONT, "", 7)
    with pdf.rotation(90, 30, 740):
        pdf.text(30, 740, "Journal of Perioperative Nursing - Early oral hydration after day surgery")
    with pdf.rotation(90, 30, 200):
        pdf.text(30, 200, "a: a.")
    y = _para(pdf, 80, INTRO)
    y = _caption(pdf, y + 6, "Table 10", "Patients at baseline")
    x0, widths, size, lead = 60, (220, 110, 110, 50), 8, 12
    xs, x1 = _columns(x0, widths)
    y = _head(pdf, x0, x1, xs, y, ("Characteristic", "Early hydration", "Usual care", "P"), size)
    y = _body(pdf, xs, y, [("Age, years", "54 (12)", "56 (13)", "0.22"), ("Women", "61 (50.4)", "58 (48.7)", "0.79"),
                           ("Current smokers", "20 (16.5)", "23 (19.3)", "0.57"),
                           ("Non-smokers", "72 (59.5)", "70 (58.8)", "0.91")], size, lead)
    _rule(pdf, x0, x1, y - size, 0.9)
    _para(pdf, y + 20, OUTRO)
    return bytes(pdf.output())


def flush_header_pdf() -> bytes:
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    y = _caption(pdf, y + 6, "Table 11", "Change from baseline to six months")
    x0, size, lead = 60, 8, 11
    # column edges; header labels start 4 pt in from the left edge, values end 4 pt in from the right
    edges = [60, 170, 232, 320, 372, 440]
    x1 = edges[-1]
    _rule(pdf, x0, x1, y, 0.9)
    y += 3 + size
    heads = [["Variable"], ["Baseline", "Mean (SD)"], ["6-Month Follow-up", "Mean (SD)"], ["Mean", "Change"], ["t (P)"]]
    for k, lines in enumerate(heads):
        _wrapped(pdf, edges[k] + 4, y, lines, size, lead, bold=True)
    y += lead + 4
    _rule(pdf, x0, x1, y, 0.4)
    y += 4 + size
    body = [("Total steps/week", "40,579 (22,631)", "52,951 (24,240)", "12,372", "9.11 (<.001)"),
            ("Energy intake/day", "2092 (1030)", "1534 (691)", "-558", "-9.45 (<.001)"),
            ("Fat, % of energy", "36.7 (6.9)", "28.5 (7.0)", "-8.2", "-13.96 (<.001)"),
            ("Fruit servings/day", "1.3 (1.0)", "2.2 (1.2)", "0.9", "10.39 (<.001)")]
    for row in body:
        _cell(pdf, edges[0] + 4, y, row[0], size)
        for k, t in enumerate(row[1:], 1):
            pdf.set_font(FONT, "", size)
            _cell(pdf, edges[k + 1] - 4 - pdf.get_string_width(t), y, t, size)
        y += lead
    _rule(pdf, x0, x1, y - size, 0.9)
    _para(pdf, y + 20, OUTRO)
    return bytes(pdf.output())


def section_row_at_foot_pdf() -> bytes:
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    for _ in range(3):
        y = _para(pdf, y, OUTRO)
    x0, widths, size, lead = 60, (200, 110, 110, 70), 8, 12
    xs, x1 = _columns(x0, widths)
    header = ("Characteristic", "Early hydration", "Usual care", "P")
    _caption(pdf, 700, "Table 12", "Patients at baseline")
    y = _head(pdf, x0, x1, xs, 708, header, size)
    _cell(pdf, xs[0], y, "Sex", size)
    pdf.add_page()
    y = _head(pdf, x0, x1, xs, 60, header, size)
    y = _body(pdf, xs, y, [("Male", "47 (27.0)", "51 (29.3)", "0.63"), ("Female", "127 (73.0)", "123 (70.7)", ""),
                           ("Smoking", "", "", ""), ("Current", "20 (11.5)", "23 (13.2)", "0.57"),
                           ("Never", "154 (88.5)", "151 (86.8)", "")], size, lead)
    _rule(pdf, x0, x1, y - size, 0.9)
    _para(pdf, y + 20, INTRO)
    return bytes(pdf.output())


def grid_stub_lines_pdf() -> bytes:
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    y = _caption(pdf, y + 6, "Table 13", "Labour and delivery")
    x0, widths, size, lead, pad = 60, (170, 100, 100), 8, 9.6, 3
    edges = [x0 + sum(widths[:k]) for k in range(len(widths) + 1)]
    pdf.set_line_width(0.5)

    def box_row(y: float, cells: list, n_lines: int, bold: bool = False) -> float:
        """``cells``: per column, the lines from the top of the cell (``""`` leaves a line blank)."""
        h = n_lines * lead + 2 * pad
        for k, lines in enumerate(cells):
            pdf.rect(edges[k], y, edges[k + 1] - edges[k], h)
            for j, line in enumerate(lines):
                if line:
                    _cell(pdf, edges[k] + 3, y + pad + size + j * lead, line, size, bold=bold)
        return y + h

    y = box_row(y, [["Characteristic"], ["Cooling (n = 81)"], ["No cooling (n = 79)"]], 1, True)
    y = box_row(y, [["Maternal age, mean (SD)"], ["32.5 (5.6)"], ["32.4 (5.6)"]], 1)
    y = box_row(y, [["Parity", "0"], ["", "36 (44.4)"], ["", "33 (41.8)"]], 2)
    y = box_row(y, [["1"], ["29 (35.8)"], ["32 (40.5)"]], 1)
    y = box_row(y, [["Delivery position", "Supine"], ["", "58 (71.6)"], ["", "60 (75.9)"]], 2)
    y = box_row(y, [["Lateral"], ["17 (21.0)"], ["13 (16.5)"]], 1)
    _para(pdf, y + 20, OUTRO)
    return bytes(pdf.output())


def callout_line_pdf() -> bytes:
    pdf = _new()
    pdf.set_font(FONT, "", 10)
    left = ["Adults scheduled for elective", "day surgery were randomly", "assigned to early oral", "hydration or usual care."]
    right = ["Both groups were alike at", "entry; their characteristics", "are presented in", "Table 1."]
    for k, (a, b) in enumerate(zip(left, right)):
        pdf.text(60, 80 + 13 * k, a)
        pdf.text(360, 80 + 13 * k, b)
    y = _caption(pdf, 80 + 13 * 4 + 4, "Table 1", "Patients at baseline")
    x0, widths, size, lead = 60, (200, 110, 110, 60), 8, 12
    xs, x1 = _columns(x0, widths)
    y = _head(pdf, x0, x1, xs, y, ("Characteristic", "Early hydration", "Usual care", "P"), size)
    y = _body(pdf, xs, y, [("Age, years", "54 (12)", "56 (13)", "0.22"), ("Women", "61 (50.4)", "58 (48.7)", "0.79"),
                           ("Current smokers", "20 (16.5)", "23 (19.3)", "0.57")], size, lead)
    _rule(pdf, x0, x1, y - size, 0.9)
    _para(pdf, y + 20, OUTRO)
    return bytes(pdf.output())


def group_header_pdf() -> bytes:
    """Booktabs rules; arm labels centred over two sub-columns each (baseline, 6 months), in
    bold with the arm size on a second line in plain type, stubs that wrap."""
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    y = _caption(pdf, y + 6, "Table 14", "Thirst before and after surgery")
    x0, widths, size, lead = 60, (130, 70, 70, 70, 70), 8, 9.6
    xs, x1 = _columns(x0, widths)
    _rule(pdf, x0, x1, y, 0.9)
    y += 3 + size
    for k, (arm, n) in enumerate((("Early hydration", "(n = 121)"), ("Usual care", "(n = 119)"))):
        _cell(pdf, xs[1 + 2 * k] - 3, y, arm, size, bold=True, width=widths[1] + widths[2], centre=True)
        _cell(pdf, xs[1 + 2 * k] - 3, y + lead, n, size, width=widths[1] + widths[2], centre=True)
    y += lead + 3 + lead
    for k, t in enumerate(("before", "after", "before", "after"), 1):
        _cell(pdf, xs[k], y, t, size)
    y += 4
    _rule(pdf, x0, x1, y, 0.4)
    y += 4 + size
    body = [(["Thirst score, mean", "(SD)"], ["5.1 (2.0)"], ["2.2 (1.4)"], ["5.3 (2.1)"], ["4.6 (1.9)"]),
            (["Dry mouth, n (%)"], ["60 (49.6)"], ["21 (17.4)"], ["58 (48.7)"], ["49 (41.2)"]),
            (["Asked for a drink", "before 2 h, n (%)"], ["70 (57.9)"], ["33 (27.3)"], ["69 (58.0)"], ["71 (59.7)"])]
    y = _wrapped_body(pdf, xs, y, body, size, lead)
    _rule(pdf, x0, x1, y - size, 0.9)
    _para(pdf, y + 20, OUTRO)
    return bytes(pdf.output())


def spanning_label_rule_pdf() -> bytes:
    """Booktabs rules; a bold label spanning the value columns with the header rule right under
    it, then two rows of bold labels (outcomes over two columns each, then the columns' own
    labels on several lines) before the plain rows of values, in narrow columns."""
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    y = _caption(pdf, y + 6, "Table 15", "Outcomes by type of premedication")
    x0, widths, size, lead = 60, (110, 40, 60, 40, 60, 40, 60), 8, 9.6
    xs, x1 = _columns(x0, widths)
    _rule(pdf, x0, x1, y, 0.9)
    y += 3 + size
    _cell(pdf, xs[1], y, "Individual outcomes", size, bold=True)
    y += 4
    _rule(pdf, x0, x1, y, 0.4)
    y += 4 + size
    for k, lines in ((1, ["Nausea at", "discharge"]), (3, ["Vomiting at", "discharge"]), (5, ["Readmission"])):
        _wrapped(pdf, xs[k], y, lines, size, lead, bold=True)
    y += 2 * lead + 3
    heads = [["Premedication"], ["Rate", "(%)"], ["Adjusted", "OR (95%", "CI)"], ["Rate", "(%)"], ["Adjusted", "OR (95%", "CI)"],
             ["Rate", "(%)"], ["Adjusted", "OR (95%", "CI)"]]
    for k, lines in enumerate(heads):
        _wrapped(pdf, xs[k], y, lines, size, lead, bold=True)
    y += 3 * lead + 3
    body = [("None", "19.5", "1.0", "15.1", "1.0", "3.4", "1.0"),
            ("Ondansetron", "10.9", "0.5 (0.3-0.9)", "8.2", "0.6 (0.3-1.1)", "2.9", "0.8 (0.2-2.6)"),
            ("Dexamethasone", "12.4", "0.6 (0.4-1.0)", "9.9", "0.7 (0.4-1.3)", "3.1", "0.9 (0.3-2.7)")]
    pdf.set_font(FONT, "", size)
    for row in body:
        for k, t in enumerate(row):
            _cell(pdf, xs[k], y, t, size)
        y += lead + 3.5
    _rule(pdf, x0, x1, y - size, 0.9)
    _para(pdf, y + 20, OUTRO)
    return bytes(pdf.output())


def two_stub_columns_pdf() -> bytes:
    """No rules, a bold header; two stub columns: a group label (on several lines) in the
    first with its rows' labels in the second, and rows whose label spans both."""
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    y = _caption(pdf, y + 6, "Table 16", "Replies to the invitation letter")
    x0, widths, size, lead = 60, (90, 80, 80, 80, 80), 8, 9.6
    xs, _ = _columns(x0, widths)
    y += 4 + size
    for k, t in enumerate(("Early hydration", "Usual care", "Overall"), 2):
        _cell(pdf, xs[k], y, t, size, bold=True)
    y += lead + 4
    rows = [([["Offered a telephone reminder, n (%)"]], ["158 (47.6)"], ["84 (46.4)"], ["242 (47.2)"]),
            ([["Offered a written reminder only, n (%)"]], ["174 (52.4)"], ["97 (53.6)"], ["271 (52.8)"])]
    for label, *vals in rows:
        _cell(pdf, xs[0], y, label[0][0], size)
        for k, v in enumerate(vals, 2):
            _cell(pdf, xs[k], y, v[0], size)
        y += lead + 4
    _wrapped(pdf, xs[0], y, ["Replies to the", "first letter"], size, lead)
    for sub, vals in (("Positive", ("68 (43.0)", "34 (40.5)", "102 (42.1)")), ("Negative", ("40 (25.3)", "15 (17.9)", "55 (22.8)")),
                      ("No reply", ("50 (31.6)", "35 (41.7)", "85 (35.1)"))):
        _cell(pdf, xs[1], y, sub, size)
        for k, v in enumerate(vals, 2):
            _cell(pdf, xs[k], y, v, size)
        y += lead + 4
    _para(pdf, y + 20, OUTRO)
    return bytes(pdf.output())


def continued_without_header_pdf() -> bytes:
    """Booktabs rules; a table whose caption and two header rows (an empty stub header) end
    page 1, its rows going on at the top of page 2 without the header printed again."""
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    for _ in range(3):
        y = _para(pdf, y, OUTRO)
    x0, widths, size, lead = 60, (150, 80, 80, 80, 80), 8, 12
    xs, x1 = _columns(x0, widths)
    _caption(pdf, 690, "Table 17", "Fluid intake by group")
    y = 698
    _rule(pdf, x0, x1, y, 0.9)
    y += 3 + size
    for k, arm in enumerate(("Early hydration", "Usual care")):
        _cell(pdf, xs[1 + 2 * k] - 3, y, arm, size, bold=True, width=widths[1] + widths[2], centre=True)
    y += lead
    for k, t in enumerate(("Day 0", "Day 1", "Day 0", "Day 1"), 1):
        _cell(pdf, xs[k], y, t, size, bold=True)
    pdf.add_page()
    rows = [("Oral fluids, mL", "640 (210)", "1450 (380)", "220 (150)", "1390 (400)"),
            ("Intravenous fluids, mL", "310 (190)", "90 (120)", "880 (260)", "150 (170)"),
            ("Urine output, mL", "520 (200)", "1310 (350)", "470 (210)", "1280 (370)")]
    y = _body(pdf, xs, 60, rows, size, lead)
    _rule(pdf, x0, x1, y - size, 0.9)
    _para(pdf, y + 20, INTRO)
    return bytes(pdf.output())


def captions_under_labels_pdf() -> bytes:
    """A table whose caption sits right under a figure's label line ("Fig. (2)"), and two
    tables with the same header, the second at the top of page 2 under a paragraph across the
    page and its own caption."""
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    for _ in range(3):
        y = _para(pdf, y, OUTRO)
    pdf.set_font(FONT, "B", 9)
    pdf.text(60, 560, "Fig. (2)")
    x0, widths, size, lead = 60, (200, 110, 110, 70), 8, 12
    xs, x1 = _columns(x0, widths)
    header = ("Variable", "Early hydration", "Usual care", "P")
    y = _caption(pdf, 574, "Table 18", "Patients at baseline")
    y = _head(pdf, x0, x1, xs, y, header, size)
    y = _body(pdf, xs, y, [("Age, years", "54 (12)", "56 (13)", "0.22"), ("Women", "61 (50.4)", "58 (48.7)", "0.79"),
                           ("Body mass index", "27.1 (4.0)", "26.8 (4.2)", "0.57")], size, lead)
    _rule(pdf, x0, x1, y - size, 0.9)
    pdf.add_page()
    y = _para(pdf, 60, OUTRO)
    y = _caption(pdf, y + 6, "Table 19", "Outcomes at discharge")
    y = _head(pdf, x0, x1, xs, y, header, size)
    y = _body(pdf, xs, y, [("Nausea", "18 (14.9)", "31 (26.1)", "0.04"), ("Vomiting", "6 (5.0)", "11 (9.2)", "0.21")], size, lead)
    _rule(pdf, x0, x1, y - size, 0.9)
    _para(pdf, y + 20, INTRO)
    return bytes(pdf.output())


def label_row_at_foot_pdf() -> bytes:
    """No rules and no header: a caption and the table's first row (a group label) alone end
    page 1; the rows of two cells follow at the top of page 2."""
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    for _ in range(3):
        y = _para(pdf, y, OUTRO)
    x0, widths, size, lead = 60, (230, 230), 8, 12
    xs, _ = _columns(x0, widths)
    _caption(pdf, 722, "Table 20", "Questions asked at discharge and the answers counted as correct")
    _cell(pdf, xs[0], 740, "Questions about fluids", size)
    pdf.add_page()
    _body(pdf, xs, 60, [("How much did you drink before surgery?", "Any amount under 500 mL"),
                        ("When did you last drink?", "Within two hours of surgery"),
                        ("Questions about food", ""),
                        ("When did you last eat?", "Six hours or more before surgery")], size, lead)
    _para(pdf, 130, INTRO)
    return bytes(pdf.output())


def stub_lines_booktabs_pdf() -> bytes:
    """Booktabs rules; a stub over two lines ("Parity" over "0") whose row's values stand level
    with its second line, between rows of one line."""
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    y = _caption(pdf, y + 6, "Table 21", "Labour and delivery")
    x0, widths, size, lead = 60, (170, 100, 100), 8, 9.6
    xs, x1 = _columns(x0, widths)
    y = _head(pdf, x0, x1, xs, y, ("Characteristic", "Cooling (n = 81)", "No cooling (n = 79)"), size)
    rows = [(["Maternal age, mean (SD)"], ["32.5 (5.6)"], ["32.4 (5.6)"]),
            (["Parity", "0"], ["", "36 (44.4)"], ["", "33 (41.8)"]),
            (["1"], ["29 (35.8)"], ["32 (40.5)"]),
            (["Delivery position", "Supine"], ["", "58 (71.6)"], ["", "60 (75.9)"]),
            (["Lateral"], ["17 (21.0)"], ["13 (16.5)"])]
    y = _wrapped_body(pdf, xs, y, rows, size, lead)
    _rule(pdf, x0, x1, y - size, 0.9)
    _para(pdf, y + 20, OUTRO)
    return bytes(pdf.output())


def spanning_label_lines_pdf() -> bytes:
    """Booktabs rules; a bold header label over three columns on two lines, its second line
    centred under the first, over bold column labels."""
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    y = _caption(pdf, y + 6, "Table 22", "Scores after two weeks")
    x0, widths, size, lead = 60, (130, 60, 60, 60, 80), 8, 9.6
    xs, x1 = _columns(x0, widths)
    _rule(pdf, x0, x1, y, 0.9)
    y += 3 + size
    _cell(pdf, xs[1], y, "Scores after two weeks of early", size, bold=True)
    _cell(pdf, xs[1] - 3, y + lead, "hydration", size, bold=True, width=sum(widths[1:4]), centre=True)
    y += 2 * lead + 3
    for k, t in enumerate(("Scale", "Mean", "SD", "P value", "Baseline"), 0):
        _cell(pdf, xs[k], y, t, size, bold=True)
    y += 4
    _rule(pdf, x0, x1, y, 0.4)
    y += 4 + size
    y = _body(pdf, xs, y, [("Thirst", "3.1", "1.2", "0.02", "5.0"), ("Hunger", "4.4", "1.9", "0.31", "4.8"),
                           ("Comfort", "7.9", "1.4", "0.01", "6.2")], size, lead + 3.5)
    _rule(pdf, x0, x1, y - size, 0.9)
    _para(pdf, y + 20, OUTRO)
    return bytes(pdf.output())


def padded_grid_pdf() -> bytes:
    """A full grid with generous cell padding (the rows stand further apart than two lines):
    a row whose stub runs over four lines, its values on the first, between rows of one line."""
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    y = _caption(pdf, y + 6, "Table 23", "Fluids taken before surgery")
    x0, widths, size, lead, pad = 60, (110, 90, 90, 60), 7, 8.4, 12
    edges = [x0 + sum(widths[:k]) for k in range(len(widths) + 1)]
    xs = [e + 3 for e in edges[:-1]]
    pdf.set_line_width(0.5)

    def box_row(y: float, cells: list, bold: bool = False) -> float:
        h = max(len(c) for c in cells) * lead + 2 * pad
        for k, lines in enumerate(cells):
            pdf.rect(edges[k], y, widths[k], h)
            _wrapped(pdf, xs[k], y + pad + size, lines, size, lead, bold=bold)
        return y + h

    y = box_row(y, [["Measure"], ["Early hydration"], ["Usual care"], ["P value"]], True)
    for row in ([["Volume drunk, mL"], ["420 (130)"], ["95 (60)"], ["<0.001"]],
                [["Patients who", "drank within two", "hours of their", "operation, n (%)"], ["102 (84.3)"], ["12 (10.1)"], ["<0.001"]],
                [["Drinks refused, n"], ["4"], ["1"], ["0.37"]]):
        y = box_row(y, row)
    _para(pdf, y + 20, OUTRO)
    return bytes(pdf.output())


def grouped_blank_rows_pdf() -> bytes:
    """Unruled; groups of rows set apart by a blank as tall as three lines, no group labels."""
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    y = _caption(pdf, y + 6, "Table 24", "Thirst scores on the ward")
    x0, widths, size, lead = 60, (140, 80, 80, 80), 8, 10
    xs, _ = _columns(x0, widths)
    for k, t in enumerate(("Time", "Early hydration", "Usual care", "Difference")):
        _cell(pdf, xs[k], y + 12, t, size, bold=True)
    y += 12 + lead + 2
    y = _body(pdf, xs, y, [("Arrival on the ward", "5.2", "5.3", "-0.1"), ("Before induction", "3.1", "6.0", "-2.9"),
                           ("Before incision", "3.4", "6.3", "-2.9"), ("End of surgery", "3.9", "6.6", "-2.7")], size, lead)
    y += 3 * lead
    y = _body(pdf, xs, y, [("Recovery room", "2.4", "4.4", "-2.0"), ("Ward, first hour", "2.1", "3.6", "-1.5"),
                           ("Ward, second hour", "2.0", "3.2", "-1.2"), ("Discharge", "1.9", "3.0", "-1.1")], size, lead)
    _para(pdf, y + 24, OUTRO)
    return bytes(pdf.output())


def text_cells_pdf() -> bytes:
    """Booktabs rules; a protocol table of two columns: a narrow stub that wraps and a wide
    column of running text in each row (a paragraph that wraps, then a paragraph of its own),
    the rows set apart by their padding; a rule over the rows, none under them; no header row."""
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    for _ in range(4):
        y = _para(pdf, y, OUTRO)
    y = _caption(pdf, y + 6, "Table 25", "Steps of the hydration protocol")
    x0, widths, size, lead = 60, (90, 400), 8, 9.4
    xs, x1 = _columns(x0, widths)
    _rule(pdf, x0, x1, y, 0.9)
    y += 4 + size
    rows = [(["Step 1:", "Evening before"], _lines(pdf, "The nurse telephones the patient to explain the protocol, checks which "
                                                   "drinks are allowed at home and answers the questions that the patient or "
                                                   "the family may have about fasting before the operation.", size, 392)
             + ["Drinks allowed: water, clear apple juice."]),
            (["Step 2:", "Morning of", "surgery"], _lines(pdf, "On arrival the patient is offered up to 400 mL of a clear drink, "
                                                          "recorded on the fluid chart with the time it was finished, and the "
                                                          "anaesthetist is told when the last drink was taken.", size, 392)),
            (["Step 3:", "Recovery"], _lines(pdf, "Once awake and free of nausea the patient is offered sips of water, then a "
                                             "cup of tea or juice, and the nurse notes any vomiting in the hour after the first "
                                             "drink on the recovery chart.", size, 392)
             + _lines(pdf, "Vomiting: the drinks stop for one hour, the anaesthetist is called if it happens twice, and the "
                      "patient is offered water again once the nausea has settled.", size, 392))]
    for stub, text in rows:
        _wrapped(pdf, xs[0], y, stub, size, lead)
        _wrapped(pdf, xs[1], y, text, size, lead)
        y += lead * max(len(stub), len(text)) + 5
    _para(pdf, y + 20, OUTRO)
    return bytes(pdf.output())


def _lines(pdf: FPDF, text: str, size: float, width: float) -> list:
    """``text`` broken into lines no wider than ``width`` at ``size``."""
    pdf.set_font(FONT, "", size)
    return _wrap(pdf, text, width)


def wide_labels_pdf() -> bytes:
    """Booktabs rules; narrow arm columns whose labels, set flush left on two lines, are about
    as wide as their columns, over values set flush right: a label starts left of the band
    between its values and the values of the column before it, beside that column's label."""
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    y = _caption(pdf, y + 6, "Table 26", "Thirst by the drink offered")
    x0, widths, size, lead = 60, (110, 64, 64, 64, 64), 8, 9.6
    xs, x1 = _columns(x0, widths)
    head = (["Score"], ["Water", "(n = 40)"], ["Water+juice", "(n = 41)"], ["Juice+tea+milk", "(n = 39)"],
            ["Water+tea+milk", "(n = 40)"])
    y = _head(pdf, x0, x1, xs, y, head, size, lead, gap=lead + 4)
    pdf.set_font(FONT, "", size)
    for row in (("Thirst", "5.1", "4.2", "3.9", "4.0"), ("Dry mouth", "3.3", "2.9", "2.1", "2.5"),
                ("Hunger", "6.0", "5.8", "5.1", "5.5")):
        _cell(pdf, xs[0], y, row[0], size)
        for k, t in enumerate(row[1:], 1):
            _cell(pdf, xs[k] + widths[k] - 6 - pdf.get_string_width(t), y, t, size)
        y += lead + 2
    _rule(pdf, x0, x1, y - size, 0.9)
    _para(pdf, y + 20, OUTRO)
    return bytes(pdf.output())


def stub_beside_header_rows_pdf() -> bytes:
    """Booktabs rules; a stub label over two lines beside two header rows: time points centred
    over two columns each on its first line, and under them (set a little apart) the column
    labels, level with the stub's second line, with a last column labelled on that line
    alone; body rows whose values wrap."""
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    y = _caption(pdf, y + 6, "Table 27", "Side effects reported by week")
    x0, widths, size, lead = 60, (110, 50, 50, 50, 50, 90), 8, 9.4
    xs, x1 = _columns(x0, widths)
    _rule(pdf, x0, x1, y, 0.9)
    y += 3 + size
    _cell(pdf, xs[0], y, "Side effect", size, bold=True)
    _cell(pdf, xs[0], y + lead, "reported", size, bold=True)
    for k, t in ((1, "Week 1 after birth"), (3, "Weeks 2-4 after birth")):
        _cell(pdf, xs[k] - 3, y, t, size, bold=True, width=widths[k] + widths[k + 1], centre=True)
    for k, t in enumerate(("n/N", "%", "n/N", "%", "Rate ratio"), 1):
        _cell(pdf, xs[k], y + lead + 2.5, t, size, bold=True)
    y += lead + 2.5 + 4
    _rule(pdf, x0, x1, y, 0.4)
    y += 4 + size
    body = [(["Headache"], ["11/45"], ["24.4"], ["7/45"], ["15.6"], ["1.57 (0.66-", "3.72)"]),
            (["Nausea or", "vomiting"], ["5/45"], ["11.1"], ["3/45"], ["6.7"], ["1.67 (0.42-", "6.58)"]),
            (["Rash"], ["2/45"], ["4.4"], ["1/45"], ["2.2"], ["2.00 (0.19-", "21.2)"])]
    y = _wrapped_body(pdf, xs, y, body, size, lead)
    _rule(pdf, x0, x1, y - size, 0.9)
    _para(pdf, y + 20, OUTRO)
    return bytes(pdf.output())


def indented_stub_column_pdf() -> bytes:
    """Booktabs rules; a narrow empty stub column: rows whose label spans both stub columns
    start at the left edge, a group label stands on a row of its own there, and the labels of
    its rows start in the second stub column, a little way in."""
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    y = _caption(pdf, y + 6, "Table 28", "Patients at inclusion")
    x0, widths, size, lead = 60, (9, 160, 90, 90), 8, 11
    xs, x1 = _columns(x0, widths)
    y = _head(pdf, x0, x1, xs, y, ("Characteristic", "", "Early hydration", "Usual care"), size)
    rows = [("Age, years, mean (SD)", None, "54.2 (11.0)", "53.8 (12.1)"), ("Women, n (%)", None, "61 (50.4)", "58 (48.7)"),
            ("Education, n (%)", None, None, None), (None, "Primary school", "30 (24.8)", "33 (27.7)"),
            (None, "Secondary school", "62 (51.2)", "57 (47.9)"), (None, "University", "29 (24.0)", "29 (24.4)"),
            ("Smokers, n (%)", None, "18 (14.9)", "21 (17.6)")]
    y = _body(pdf, xs, y, rows, size, lead)
    _rule(pdf, x0, x1, y - size, 0.9)
    _para(pdf, y + 20, OUTRO)
    return bytes(pdf.output())


def indented_stub_continued_pdf() -> bytes:
    """Booktabs rules; a table that runs on to the next page under its header printed again.
    Its first page holds a group label and the rows under it, set in by more than five times
    the size (a stub column of their own, empty on the rows of the group label); the next page
    shows a row whose stub spans both stub columns, from the left edge."""
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    for _ in range(3):
        y = _para(pdf, y, OUTRO)
    x0, widths, size, lead = 60, (45, 110, 90, 90), 8, 12
    xs, x1 = _columns(x0, widths)
    header = ("Characteristic", "", "Early hydration", "Usual care")
    _caption(pdf, 650, "Table 29", "Patients at inclusion")
    y = _head(pdf, x0, x1, xs, 658, header, size)
    first = [("Education, n (%)", "", "", ""), ("", "Primary school", "30 (24.8)", "33 (27.7)"),
             ("", "Secondary school", "62 (51.2)", "57 (47.9)"), ("", "University", "29 (24.0)", "29 (24.4)")]
    y = _body(pdf, xs, y, first, size, lead)
    _rule(pdf, x0, x1, y - size, 0.9)
    pdf.add_page()
    y = _head(pdf, x0, x1, xs, 60, header, size)
    rest = [("Age, years, mean (SD)", "", "54.2 (11.0)", "53.8 (12.1)"), ("Smoking, n (%)", "", "", ""),
            ("", "Current", "18 (14.9)", "21 (17.6)"), ("", "Former", "25 (20.7)", "22 (18.5)")]
    y = _body(pdf, xs, y, rest, size, lead)
    _rule(pdf, x0, x1, y - size, 0.9)
    _para(pdf, y + 20, OUTRO)
    return bytes(pdf.output())


def flush_left_pairs_pdf() -> bytes:
    """Unruled but for booktabs rules; each arm has a narrow count column and a percentage
    column, and a few rows give a count with its percentage as one cell set flush left in the
    count column, reaching past where the percentages of the other rows start."""
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    y = _caption(pdf, y + 6, "Table 30", "Reasons for admission")
    x0, widths, size, lead = 60, (130, 25, 55, 25, 55, 40), 8, 12
    xs, x1 = _columns(x0, widths)
    y = _head(pdf, x0, x1, xs, y, ("Reason", "n", "%", "n", "%", "P"), size)
    rows = [("Cardiac", "2", "5.7", "1", "2.9", "0.72"), ("Hepatic", "7", "20.0", "6", "17.1", ""),
            ("Infection", "3", "8.6", "8", "22.9", ""), ("Respiratory", "13", "37.1", "11", "31.4", ""),
            ("Total", "35", "100.0", "35", "100.0", ""), ("Male sex", "17 (49.0)", "", "22 (63.0)", "", "0.34"),
            ("Smokers", "12 (34.3)", "", "14 (40.0)", "", "0.62")]
    y = _body(pdf, xs, y, rows, size, lead)
    _rule(pdf, x0, x1, y - size, 0.9)
    _para(pdf, y + 20, OUTRO)
    return bytes(pdf.output())


def indented_run_on_pdf() -> bytes:
    """Booktabs rules; a table that runs on to the next page under its header printed again,
    the page break falling inside a group: the next page opens with rows set in a little way
    (a stub column of their own) whose group label stands on the page before."""
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    for _ in range(3):
        y = _para(pdf, y, OUTRO)
    x0, widths, size, lead = 60, (12, 150, 90, 90), 8, 12
    xs, x1 = _columns(x0, widths)
    header = ("Characteristic", "", "Early hydration", "Usual care")
    _caption(pdf, 662, "Table 31", "Patients at inclusion")
    y = _head(pdf, x0, x1, xs, 670, header, size)
    first = [("Age, years, mean (SD)", "", "54.2 (11.0)", "53.8 (12.1)"), ("Education, n (%)", "", "", ""),
             ("", "Primary school", "30 (24.8)", "33 (27.7)")]
    y = _body(pdf, xs, y, first, size, lead)
    _rule(pdf, x0, x1, y - size, 0.9)
    pdf.add_page()
    y = _head(pdf, x0, x1, xs, 60, header, size)
    rest = [("", "Secondary school", "62 (51.2)", "57 (47.9)"), ("", "University", "29 (24.0)", "29 (24.4)"),
            ("Smoking, n (%)", "", "", ""), ("", "Current", "18 (14.9)", "21 (17.6)"),
            ("Women, n (%)", "", "61 (50.4)", "58 (48.7)")]
    y = _body(pdf, xs, y, rest, size, lead)
    _rule(pdf, x0, x1, y - size, 0.9)
    _para(pdf, y + 20, OUTRO)
    return bytes(pdf.output())


def _chart(pdf: FPDF, x0: float, y0: float) -> float:
    """A small bar chart drawn from ``y0``: a legend (keys and names) at the top right, tick
    values left of the axis, bars for two groups over four visits, visit labels and an axis
    title under it; returns the y under it."""
    pdf.set_fill_color(90, 90, 90)
    for i, name in enumerate(("Protocol", "Usual care")):
        pdf.rect(x0 + 250, y0 + 12 * i, 7, 7, style="F")
        _cell(pdf, x0 + 262, y0 + 7 + 12 * i, name, 8)
    base = y0 + 110
    _rule(pdf, x0 + 40, x0 + 240, base, 1.0)
    pdf.line(x0 + 40, base, x0 + 40, y0 + 20)
    for k, v in enumerate((0, 25, 50, 75, 100)):
        _cell(pdf, x0 + 20, base + 3 - 0.85 * v, str(v), 8)
    for j in range(4):
        for g in range(2):
            h = 30 + (17 * j + 29 * g) % 55
            pdf.rect(x0 + 48 + 48 * j + 18 * g, base - h, 16, h, style="F")
        _cell(pdf, x0 + 50 + 48 * j, base + 12, f"Day {j + 1}", 8)
    _cell(pdf, x0 + 100, base + 26, "Days after surgery", 8)
    return base + 36


def chart_table_pdf() -> bytes:
    """Tables printed as pictures: a caption over a bar chart (tick values, a legend, visit
    labels: no cells), a caption that ends page 1 over a chart at the top of page 2, and a table
    of shaded cells (its text on the shading) under a caption, which stays a table."""
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    y = _caption(pdf, y + 6, "Table 32", "Thirst scores by day (a picture of the original table)")
    y = _chart(pdf, 80, y + 6)
    y = _para(pdf, y + 10, OUTRO)
    y = _caption(pdf, y + 6, "Table 33", "Satisfaction with the protocol")
    x0, widths, size = 60, (200, 120, 120), 8
    xs, x1 = _columns(x0, widths)
    y += 6
    for r, row in enumerate((("Answer", "Protocol (n = 121)", "Usual care (n = 119)"),
                             ("Very satisfied", "88 (72.7)", "61 (51.3)"),
                             ("Satisfied", "27 (22.3)", "41 (34.5)"),
                             ("Not satisfied", "6 (5.0)", "17 (14.3)"))):
        pdf.set_fill_color(225, 225, 225) if r % 2 == 0 else pdf.set_fill_color(245, 245, 245)
        for k, t in enumerate(row):
            pdf.rect(x0 + sum(widths[:k]), y, widths[k], 13, style="F")
            _cell(pdf, xs[k], y + 9.5, t, size, bold=r == 0)
        y += 13
    y = _para(pdf, y + 14, OUTRO)
    y = _para(pdf, max(y, 640), INTRO)
    _caption(pdf, 738, "Table 34", "Pain scores by day (a picture of the original table)")
    pdf.add_page()
    y = _chart(pdf, 80, 60)
    _para(pdf, y + 14, OUTRO)
    return bytes(pdf.output())


def block_headers_pdf() -> bytes:
    """No rules; two blocks of rows under a label, each under its own bold header row whose arm labels (with
    their size, on two lines in the second block) span a column of means and a column of SDs set
    apart; the second block's header stands among the rows."""
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    y = _caption(pdf, y + 6, "Table 35", "Change from admission to discharge")
    size, step = 8, 11
    stub, arms, p_x = 63, (200, 290), 390
    blocks = (("All patients", ("Protocol (n = 121)", "Usual care (n = 119)"),
               (("Thirst score", "-2.1", "(1.4)", "-0.6", "(1.2)", "<0.001"),
                ("Nausea score", "-0.8", "(1.1)", "-0.3", "(1.0)", "0.02"),
                ("Weight, kg", "0.2", "(0.9)", "0.1", "(0.8)", "0.41"))),
              ("Per protocol", ("Protocol arm (n = 104)", "Usual care (n = 111)"),
               (("Thirst score", "-2.3", "(1.3)", "-0.6", "(1.2)", "<0.001"),
                ("Nausea score", "-0.9", "(1.1)", "-0.3", "(1.1)", "0.01"),
                ("Weight, kg", "0.3", "(0.9)", "0.1", "(0.8)", "0.33"))))
    for k, (name, labels, rows) in enumerate(blocks):
        if k == 0:
            for x, label in zip(arms, labels):
                _cell(pdf, x, y, label, size, bold=True)
            _cell(pdf, p_x, y, "P value", size, bold=True)
            y += step
        _cell(pdf, stub, y, name, size)
        y += step
        if k == 1:
            for x, label in zip(arms, labels):
                _wrapped(pdf, x, y, label.split(" (", 1)[0:1] + ["(" + label.split(" (", 1)[1]], size, 9, bold=True)
            _cell(pdf, p_x, y, "P value", size, bold=True)
            y += step + 9
        for row in rows:
            _cell(pdf, stub, y, row[0], size)
            for j, x in enumerate(arms):
                _cell(pdf, x, y, row[1 + 2 * j], size)
                _cell(pdf, x + 34, y, row[2 + 2 * j], size)
            _cell(pdf, p_x, y, row[5], size)
            y += step
    _para(pdf, y + 14, OUTRO)
    return bytes(pdf.output())




def caption_over_blank_pdf() -> bytes:
    """A caption with nothing under it in the page's third quarter (the table did not fit
    there), and on the next page a chart (a figure's drawing) above the table's rows."""
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    for _ in range(8):
        y = _para(pdf, y, OUTRO)
    _caption(pdf, max(y + 6, 560), "Table 37", "Education of the patients by group")
    pdf.add_page()
    y = _chart(pdf, 80, 60)
    x0, widths, size = 60, (180, 110, 110, 90), 8
    xs, x1 = _columns(x0, widths)
    y = _head(pdf, x0, x1, xs, y + 16, ("Education", "Protocol, n (%)", "Usual care, n (%)", "P value"), size)
    y = _body(pdf, xs, y, [("Primary school", "30 (24.8)", "33 (27.7)", "0.61"),
                           ("Secondary school", "62 (51.2)", "57 (47.9)", ""),
                           ("University", "29 (24.0)", "29 (24.4)", "")], size, 12)
    _rule(pdf, x0, x1, y - size, 0.9)
    _para(pdf, y + 16, OUTRO)
    return bytes(pdf.output())


def grid_header_at_foot_pdf() -> bytes:
    """A full grid whose header (labels over three lines, set tight) and a section row alone
    end page 1; page 2 repeats the header over the rows."""
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    for _ in range(10):
        y = _para(pdf, y, OUTRO)
    x0, widths, size, lead, pad = 60, (200, 110, 110), 7.5, 9.6, 1.5
    edges = [x0 + sum(widths[:k]) for k in range(len(widths) + 1)]
    xs = [e + 4 for e in edges[:-1]]
    pdf.set_line_width(0.5)

    def box_row(y: float, cells: list) -> float:
        h = max(len(c) for c in cells) * lead + 2 * pad
        for k, lines in enumerate(cells):
            pdf.rect(edges[k], y, widths[k], h)
            _wrapped(pdf, xs[k], y + pad + size, lines, size, lead)
        return y + h

    head = [[""], ["Protocol", "group n = 121", "No. (%)"], ["Usual care", "n = 119", "No. (%)"]]
    y = _caption(pdf, 700, "Table 38", "Feeding on the ward by group")
    y = box_row(y, head)
    box_row(y, [["Infants"], [""], [""]])
    pdf.add_page()
    y = box_row(60, head)
    for row in (("Fed within an hour", "88 (72.7)", "61 (51.3)"), ("Fed by bottle", "12 (9.9)", "20 (16.8)"),
                ("Fed on demand", "97 (80.2)", "70 (58.8)")):
        y = box_row(y, [[t] for t in row])
    _para(pdf, y + 20, OUTRO)
    return bytes(pdf.output())


def tall_stub_pdf() -> bytes:
    """No rules, a bold header; each group's label (on three lines, set tight) spans its four
    rows of one line (mean, SD, minimum, maximum), set further apart than the label's lines."""
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    y = _caption(pdf, y + 6, "Table 39", "Descriptive statistics by group")
    size, lead, step = 7.5, 9.6, 12.6
    xs = (63, 150, 200, 260, 320)
    for x, t in zip(xs, ("Group", "Statistic", "Age, years", "Thirst score", "Fluids, mL")):
        _cell(pdf, x, y, t, size, bold=True)
    y += step
    for label, values in ((("Patients on the", "protocol before", "surgery"), (("M", "54.2", "2.1", "420"), ("SD", "11.0", "1.4", "130"),
                                                                             ("Min", "23", "0", "150"), ("Max", "79", "6", "900"))),
                          (("Patients given", "usual care before", "surgery"), (("M", "53.8", "5.9", "95"), ("SD", "12.1", "1.9", "60"),
                                                                                ("Min", "25", "2", "0"), ("Max", "80", "10", "300")))):
        _wrapped(pdf, xs[0], y, list(label), size, lead)
        for row in values:
            for x, t in zip(xs[1:], row):
                _cell(pdf, x, y, t, size)
            y += step
    _para(pdf, y + 14, OUTRO)
    return bytes(pdf.output())


def bold_subtotals_pdf() -> bytes:
    """No rules, a bold header; bold subtotal rows of values hold the only P values of the last
    column (a bold row of values is a row of the body, not a block's header)."""
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    y = _caption(pdf, y + 6, "Table 40", "Adverse events by cause")
    size, step = 8, 12
    xs = (63, 190, 290, 390, 490)
    for x, t in zip(xs, ("Event", "Protocol (n = 121)", "Usual care (n = 119)", "Rate ratio (95% CI)", "P value")):
        _cell(pdf, x, y, t, size, bold=True)
    y += step
    for row, bold in ((("Nausea", "18 (14.9)", "31 (26.1)", "0.57 (0.34-0.96)", ""), False),
                      (("Vomiting", "7 (5.8)", "9 (7.6)", "0.76 (0.29-1.98)", ""), False),
                      (("Subtotal: gastrointestinal", "25 (20.7)", "40 (33.6)", "0.62 (0.40-0.95)", "0.03"), True),
                      (("Hypotension", "3 (2.5)", "4 (3.4)", "0.74 (0.17-3.24)", ""), False),
                      (("Palpitations", "2 (1.7)", "2 (1.7)", "0.98 (0.14-6.88)", ""), False),
                      (("Subtotal: cardiovascular", "5 (4.1)", "6 (5.0)", "0.82 (0.26-2.62)", "0.74"), True),
                      (("Headache", "12 (9.9)", "15 (12.6)", "0.79 (0.39-1.60)", ""), False),
                      (("Dizziness", "6 (5.0)", "5 (4.2)", "1.18 (0.37-3.77)", ""), False),
                      (("Urinary retention", "1 (0.8)", "2 (1.7)", "0.49 (0.05-5.35)", ""), False)):
        for x, t in zip(xs, row):
            if t:
                _cell(pdf, x, y, t, size, bold=bold)
        y += step
    _para(pdf, y + 14, OUTRO)
    return bytes(pdf.output())


def raised_marker_wrap_pdf() -> bytes:
    """Booktabs rules; per outcome a row of the protocol arm (stub and interval on two lines set
    tight, the interval's estimate carrying a raised marker set high: ``-1.40^d (-1.90,`` over
    ``-0.90)``) and a row of the usual-care arm, under section rows of one label."""
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    y = _caption(pdf, y + 6, "Table 41", "Change from arrival to discharge by arm")
    x0, widths, size, lead, step = 60, (130, 30, 55, 55, 82, 40), 8, 10.4, 12.8
    xs, x1 = _columns(x0, widths)
    y = _head(pdf, x0, x1, xs, y, ["Outcome", "Arm", "Arrival", "Change", "Difference (95% CI)", "P value"], size)
    marker = (0.7, 0.5)
    for section, outcomes in (("Thirst", ((("Thirst score at", "arrival"), ("5.1 ± 1.2", "-2.0 ± 1.1"), ("5.0 ± 1.3", "-0.6 ± 1.2"),
                                           ("-1.40^d (-1.90,", "-0.90)"), "<0.001"),
                                          (("Thirst score at", "discharge"), ("3.1 ± 1.0", "-0.2 ± 0.9"), ("4.4 ± 1.2", "0.1 ± 1.0"),
                                           ("-0.30^d (-0.62,", "0.02)"), "0.07"))),
                              ("Comfort", ((("Comfort score at", "arrival"), ("6.2 ± 1.8", "1.1 ± 1.4"), ("6.0 ± 1.7", "0.3 ± 1.5"),
                                            ("0.80^d (0.35,", "1.25)"), "<0.001"),
                                           (("Headache score at", "arrival"), ("2.2 ± 1.9", "-0.9 ± 1.3"), ("2.4 ± 2.0", "-0.4 ± 1.2"),
                                            ("-0.50^d (-0.89,", "-0.11)"), "0.01")))):
        _cell(pdf, xs[0], y, section, size)
        y += step
        for stub, protocol, usual, interval, p in outcomes:
            for k, t in enumerate((stub[0], "P", protocol[0], protocol[1], interval[0], p)):
                _cell(pdf, xs[k], y, t, size, sup=marker)
            _cell(pdf, xs[0], y + lead, stub[1], size)
            _cell(pdf, xs[4], y + lead, interval[1], size)
            y += lead + step
            for k, t in ((1, "U"), (2, usual[0]), (3, usual[1])):
                _cell(pdf, xs[k], y, t, size)
            y += step
    _rule(pdf, x0, x1, y - size, 0.9)
    pdf.set_font(FONT, "", 7)
    pdf.text(x0, y + 2, "d Adjusted for the score at arrival.")
    _para(pdf, y + 30, OUTRO)
    return bytes(pdf.output())


def section_p_values_pdf() -> bytes:
    """No rules, a plain header; each characteristic's label runs well past where the counts
    start, its P value on its line in the last column; its categories below fill every column
    (the P value column with a dot)."""
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    y = _para(pdf, y, OUTRO)
    y = _para(pdf, y, INTRO)
    y = _caption(pdf, y + 6, "Table 42", "Acceptance of the protocol by characteristic")
    size, step = 8, 12.7
    xs = (63, 180, 260, 380)
    for x, t in zip(xs, ("Characteristic", "Number of patients", "Percent who accepted", "P value")):
        _cell(pdf, x, y, t, size)
    y += step
    for label, p, rows in (("Age at admission (in years), by band", "0.59", (("18-39", "185", "91.6"), ("40-59", "143", "91.8"),
                                                                             ("60+", "134", "92.8"))),
                           ("Ward of admission for the day surgery", "<0.001", (("North", "166", "92.6"), ("South", "162", "85.6"),
                                                                                 ("East", "176", "97.0"))),
                           ("Previous operations under general anaesthesia", "<0.001", (("None", "32", "84.4"), ("One", "148", "90.5"),
                                                                                         ("Two or more", "200", "92.4"))),
                           ("Fasting time before arrival at the unit", "0.25", (("Under 6 h", "292", "92.3"), ("6 h or more", "291", "91.5")))):
        _cell(pdf, xs[0], y, label, size)
        _cell(pdf, xs[3], y, p, size)
        y += step
        for row in rows:
            for x, t in zip(xs, row + (".",)):
                _cell(pdf, x, y, t, size)
            y += step
    y = _para(pdf, y + 14, OUTRO)
    y = _para(pdf, y, INTRO)
    _para(pdf, y, OUTRO)
    return bytes(pdf.output())


def header_only_column_pdf() -> bytes:
    """Booktabs rules; two header rows: a stub label, then over the arms a label of the grouping
    ("Thirst at arrival", and "Protocol" under it) in a column of its own, left of the arms'
    columns, which no body row fills."""
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    y = _caption(pdf, y + 6, "Table 43", "Characteristics by thirst at arrival and protocol")
    x0, x1, size, step = 60, 560, 8, 12.7
    xs = (63, 130, 230, 290, 350, 410, 480)
    _rule(pdf, x0, x1, y, 0.9)
    y += 3 + size
    for x, t in zip(xs, ("Parameters", "Thirst at arrival", "Low", None, "Medium", "High", "P value")):
        if t:
            _cell(pdf, x, y, t, size, bold=True)
    y += step
    for x, t in zip(xs[1:], ("Protocol", "Early", "Usual", "Early", "Usual", None)):
        if t:
            _cell(pdf, x, y, t, size, bold=True)
    y += 5
    _rule(pdf, x0, x1, y, 0.4)
    y += 4 + size
    for row in (("Patients (n)", "39", "37", "64", "44", ""), ("Age (years)", "35.0", "48.0", "48.5", "50.5", "0.61"),
                ("Weight (kg)", "55.0", "59.5", "54.1", "50.0", "0.06"), ("Thirst score", "1.8", "1.7", "1.8", "1.6", "0.17"),
                ("Fluids (mL)", "241", "244", "238", "255", "0.70"), ("Nausea (n)", "3", "5", "6", "5", "0.34")):
        _cell(pdf, xs[0], y, row[0], size)
        for x, t in zip(xs[2:], row[1:]):
            if t:
                _cell(pdf, x, y, t, size)
        y += step
    _rule(pdf, x0, x1, y - size, 0.9)
    _para(pdf, y + 20, OUTRO)
    return bytes(pdf.output())


def indented_under_values_pdf() -> bytes:
    """Booktabs rules; a narrow empty stub column: rows of a characteristic with its own values
    start at the left edge, and the rows of its categories under it start in the second stub
    column, a little way in (``Age, years`` with its mean, then ``>70`` set in)."""
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    y = _caption(pdf, y + 6, "Table 44", "Patients at inclusion")
    x0, widths, size, lead = 60, (10, 170, 90, 90), 8, 11
    xs, x1 = _columns(x0, widths)
    y = _head(pdf, x0, x1, xs, y, ("", "", "Protocol (n = 121)", "Usual care (n = 119)"), size)
    rows = [("Age, years, mean (SD)", None, "54.2 (11.0)", "53.8 (12.1)"), (None, ">70", "28 (23.1)", "25 (21.0)"),
            ("Women, n (%)", None, "61 (50.4)", "58 (48.7)"), ("Ethnic origin", None, None, None),
            (None, "White", "98 (81.0)", "99 (83.2)"), (None, "Other", "23 (19.0)", "20 (16.8)"),
            ("Fasting time, h, median (IQR)", None, "6.1 (5.0-7.2)", "11.8 (10.1-13.0)"), (None, "<6", "42 (34.7)", "3 (2.5)"),
            (None, "6-12", "79 (65.3)", "61 (51.3)")]
    y = _body(pdf, xs, y, rows, size, lead)
    _rule(pdf, x0, x1, y - size, 0.9)
    _para(pdf, y + 20, OUTRO)
    return bytes(pdf.output())


def group_labels_only_pdf() -> bytes:
    """Booktabs rules; a narrow empty stub column under the stub's header label: group labels
    on rows of their own at the left edge, and every row of values under them set in, in the
    second stub column (no row of values starts at the left edge)."""
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    y = _caption(pdf, y + 6, "Table 45", "Events by month 12")
    x0, widths, size, lead = 60, (10, 170, 90, 90, 60), 8, 11
    xs, x1 = _columns(x0, widths)
    y = _head(pdf, x0, x1, xs, y, ("Event", "", "Early hydration", "Usual care", "P value"), size)
    rows = [(None, "Deaths", "6 (11%)", "6 (11%)", "1.00"), ("Hospital admissions", None, None, None, None),
            (None, "Number of patients", "11 (20%)", "12 (23%)", "0.81"), (None, "Number of admissions", "22", "21", "1.00"),
            ("Emergency visits", None, None, None, None), (None, "Number of patients", "11 (20%)", "7 (13%)", "0.44"),
            (None, "Number of visits", "20", "8", "0.03")]
    y = _body(pdf, xs, y, rows, size, lead)
    _rule(pdf, x0, x1, y - size, 0.9)
    _para(pdf, y + 20, OUTRO)
    return bytes(pdf.output())


def centred_stub_label_pdf() -> bytes:
    """No rules; the stub column's label and the arms' labels centred over their columns, the
    stubs short beside a wide stub column (the stub's label stands clear inside the blank
    between the stubs and the values, with no label left of it)."""
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    y = _caption(pdf, y + 6, "Table 46", "Observations by the patients")
    size, step = 8, 12.7
    x0, widths = 60, (240, 90, 90)
    xs = [x0 + sum(widths[:k]) for k in range(len(widths))]
    for x, w, t in zip(xs, widths, ("Observation", "Protocol", "Usual care")):
        _cell(pdf, x, y, t, size, width=w, centre=True)
    y += step
    for row in (("Abdominal pain", "3", "3"), ("Daily defecation", "90", "81"), ("No defecation", "10", "19"),
                ("Stools per day", "1.3 ± 0.5", "1.1 ± 0.2"), ("Discomfort", "0", "2")):
        _cell(pdf, xs[0] + 3, y, row[0], size)
        for x, w, t in zip(xs[1:], widths[1:], row[1:]):
            _cell(pdf, x, y, t, size, width=w, centre=True)
        y += step
    _para(pdf, y + 14, OUTRO)
    return bytes(pdf.output())


def offset_labels_pdf() -> bytes:
    """Booktabs rules; stubs (study numbers, then ``TOTAL``) centred in a narrow stub column, and
    a column whose values are set flush left under its label set further right, centred over a
    wide column (a label standing inside the blank between that column's values and the next)."""
    pdf = _new()
    y = _para(pdf, 80, INTRO)
    y = _caption(pdf, y + 6, "Table 47", "Discharge within 6 h by study and its hazard ratio")
    x0, x1, size, step = 60, 560, 8, 12.7
    _rule(pdf, x0, x1, y, 0.9)
    y += 3 + size
    stub_w = 40
    for x, t in ((x0, "Study"), (250, "Hazard ratio"), (380, "95% CI"), (470, "P value")):
        _cell(pdf, x, y, t, size, bold=True, width=stub_w if x == x0 else 0, centre=x == x0)
    y += 5
    _rule(pdf, x0, x1, y, 0.4)
    y += 4 + size
    for row in (("1", "1.12", "1.06-1.18", "<0.001"), ("2", "2.04", "1.26-3.29", "0.004"), ("3", "1.32", "0.87-2.01", "0.19"),
                ("4", "1.59", "1.09-2.32", "0.02"), ("5", "1.38", "0.92-2.06", "0.12"), ("TOTAL", "1.41", "1.20-1.66", "<0.001")):
        _cell(pdf, x0, y, row[0], size, width=stub_w, centre=True)
        for x, t in zip((200, 380, 470), row[1:]):
            _cell(pdf, x, y, t, size)
        y += step
    _rule(pdf, x0, x1, y - size, 0.9)
    _para(pdf, y + 20, OUTRO)
    return bytes(pdf.output())
