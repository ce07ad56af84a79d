"""PDF table reader: the grid of cells on tables set the way journals set them
(``tests/pdftablegrids.py``, generated with fpdf2): multi-line header cells with footnote
markers, a header cell set a little higher than its neighbours, a label centred across two value
columns, a continued table whose next page opens with a bold section row under the repeated
header, a table whose two-line header alone ends a page, rows of many lines (booktabs and a
full grid), a continued table whose next page leaves columns empty, a table beside a margin
banner whose tail sits apart, header labels set flush left over values set flush right, a section
row alone at the foot of a page under the header, grid rows whose values stand level with
the second line of their stub, a sentence whose last line reads "Table 1." above the table, arm
labels in bold over their size in plain type, a rule under a spanning label above more rows of
bold labels, two stub columns, rows going on over a page without the header printed again, and
captions under a figure's label or a paragraph across the page, a caption and a label row
alone at the foot of a page, values level with the second line of their stub under booktabs
rules, a header label over several columns whose second line is centred under its first, a
grid padded so that its rows stand more than two lines apart, groups of rows set apart by a
blank, cells of running text that wrap (with a paragraph of their own) under one rule, and
labels set flush left, about as wide as their narrow columns, over values set flush right, and
a stub label over two lines beside two header rows, a column labelled on the second alone, and
a narrow stub column of its own for the rows under a group label, set a little way in (or far
in, on a page whose rows have no stub across both stub columns), and counts with their
percentage as one cell, flush left in a narrow count column, reaching past where the
percentages start, and a page break inside a group of rows set in under its label, and tables
printed as pictures (a bar chart under the caption, on the same page or the next) beside a table
of shaded cells, and a second block of rows under a bold header of its own whose labels span a
column of means and one of SDs, and a caption with nothing under it in the page's third quarter
over a table on the next page under a chart, and a full grid whose header of three lines and a
section row alone end a page, and group labels on three lines spanning four rows of one line, and
bold subtotal rows holding the only values of a column, and a wrapped interval whose first line
carries a raised marker set high, and section rows whose label runs across a column of values
beside their P value, and a header label in a column of its own that no body row fills, and rows
set in under a row of values or under group labels alone (a stub column of their own), and a
stub label centred over short stubs, and stubs centred in their column beside a label set right
of its column's values."""
import pytest

import pdftablegrids  # tests/ is on the path
from extractor.readers import read

MAKERS = {
    "superscript-header": pdftablegrids.superscript_header_pdf,
    "offset-header": pdftablegrids.offset_header_pdf,
    "centred-label": pdftablegrids.centred_label_pdf,
    "section-row-continued": pdftablegrids.section_row_continued_pdf,
    "header-at-page-foot": pdftablegrids.header_at_page_foot_pdf,
    "wrapped-rows": pdftablegrids.wrapped_rows_pdf,
    "wrapped-grid": pdftablegrids.wrapped_grid_pdf,
    "sparse-continued": pdftablegrids.sparse_continued_pdf,
    "banner-tail": pdftablegrids.banner_tail_pdf,
    "flush-header": pdftablegrids.flush_header_pdf,
    "section-row-at-foot": pdftablegrids.section_row_at_foot_pdf,
    "grid-stub-lines": pdftablegrids.grid_stub_lines_pdf,
    "callout-line": pdftablegrids.callout_line_pdf,
    "group-header": pdftablegrids.group_header_pdf,
    "spanning-label-rule": pdftablegrids.spanning_label_rule_pdf,
    "two-stub-columns": pdftablegrids.two_stub_columns_pdf,
    "continued-without-header": pdftablegrids.continued_without_header_pdf,
    "captions-under-labels": pdftablegrids.captions_under_labels_pdf,
    "label-row-at-foot": pdftablegrids.label_row_at_foot_pdf,
    "stub-lines-booktabs": pdftablegrids.stub_lines_booktabs_pdf,
    "spanning-label-lines": pdftablegrids.spanning_label_lines_pdf,
    "padded-grid": pdftablegrids.padded_grid_pdf,
    "grouped-blank-rows": pdftablegrids.grouped_blank_rows_pdf,
    "text-cells": pdftablegrids.text_cells_pdf,
    "wide-labels": pdftablegrids.wide_labels_pdf,
    "stub-beside-header-rows": pdftablegrids.stub_beside_header_rows_pdf,
    "indented-stub-column": pdftablegrids.indented_stub_column_pdf,
    "indented-stub-continued": pdftablegrids.indented_stub_continued_pdf,
    "flush-left-pairs": pdftablegrids.flush_left_pairs_pdf,
    "indented-run-on": pdftablegrids.indented_run_on_pdf,
    "chart-table": pdftablegrids.chart_table_pdf,
    "block-headers": pdftablegrids.block_headers_pdf,
    "caption-over-blank": pdftablegrids.caption_over_blank_pdf,
    "grid-header-at-foot": pdftablegrids.grid_header_at_foot_pdf,
    "tall-stub": pdftablegrids.tall_stub_pdf,
    "bold-subtotals": pdftablegrids.bold_subtotals_pdf,
    "raised-marker-wrap": pdftablegrids.raised_marker_wrap_pdf,
    "section-p-values": pdftablegrids.section_p_values_pdf,
    "header-only-column": pdftablegrids.header_only_column_pdf,
    "indented-under-values": pdftablegrids.indented_under_values_pdf,
    "group-labels-only": pdftablegrids.group_labels_only_pdf,
    "centred-stub-label": pdftablegrids.centred_stub_label_pdf,
    "offset-labels": pdftablegrids.offset_labels_pdf,
}


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    root = tmp_path_factory.mktemp("tablegrids")
    out = {}
    for name, make in MAKERS.items():
        path = root / f"{name}.pdf"
        path.write_bytes(make())
        src = read(path)
        for t in src.tables:
            for c in t.cells:
                assert src.text[c.prov.char_start:c.prov.char_end] == c.text
        out[name] = src.tables
    return out


def rows(table) -> list[list]:
    return [[c.text if c else None for c in row] for row in table.grid()]


def test_two_line_header_cells_with_markers_are_one_header_row(tables):
    (t,) = tables["superscript-header"]
    assert (t.label, t.n_rows, t.n_cols) == ("Table 2", 6, 4)
    g = rows(t)
    assert g[0] == ["Outcome", "Early hydration^a (n = 121)", "Usual care^a (n = 119)", "P value^b"]
    assert {c.row for c in t.cells if c.is_header} == {0}
    assert g[1] == ["Nausea, n (%)", "18 (14.9)^c", "31 (26.1)", "0.04"]
    assert g[4] == ["Time to first drink, min", "35 (20-55)", "95 (60-140)^c", "<0.001"]


def test_header_cell_set_higher_than_its_neighbours_shares_their_row(tables):
    (t,) = tables["offset-header"]
    assert (t.n_rows, t.n_cols) == (5, 6)
    g = rows(t)
    assert g[0][:4] == ["Time point", "Early hydration", "Usual care", "Effect estimate"]
    assert g[1] == [None, None, None, "Difference", "95% CI", "P value"]
    assert g[2] == ["Discharge at 6 h", "80.2%", "65.5%", "14.7", "3.5 to 25.9", "0.01"]
    assert {c.row for c in t.cells if c.is_header} == {0, 1}


def test_label_centred_across_two_columns_leaves_them_apart(tables):
    (t,) = tables["centred-label"]
    assert t.n_cols == 4
    g = rows(t)
    assert g[0] == ["Measure", "Early hydration", "Usual care", "P value"]
    assert g[2] == ["Day 0", "3 (2-5)", "4 (3-6)", "0.02"]
    assert g[6] == ["Day 1", "8.4 (1.1)", "8.0 (1.3)", "0.09"]
    assert g[4][0] == "Comfort score" and "Mean (SD)" in g[4][1:3]


def test_bold_section_row_under_a_repeated_header_is_kept(tables):
    (t,) = tables["section-row-continued"]
    assert (t.label, t.n_rows, t.n_cols) == ("Table 5", 14, 4)
    g = rows(t)
    assert g[0] == ["Event", "Early hydration (n = 121)", "Usual care (n = 119)", "P value"]
    assert [r[0] for r in g[1:]] == [
        "Gastrointestinal events", "Nausea", "Vomiting", "Abdominal bloating", "Diarrhoea",
        "Cardiovascular events", "Hypotension", "Palpitations", "Syncope",
        "Other events", "Headache", "Dizziness", "Urinary retention"]
    assert g[11] == ["Headache", "12 (9.9)", "15 (12.6)", "0.50"]
    assert {c.prov.page for c in t.cells} == {1, 2}
    # the repeated header is read once
    assert sum(1 for c in t.cells if c.text == "Event") == 1


def test_two_line_header_alone_at_the_foot_of_a_page_is_one_row(tables):
    (t,) = tables["header-at-page-foot"]
    assert (t.label, t.n_rows, t.n_cols) == ("Table 6", 5, 4)
    g = rows(t)
    assert g[0] == ["Cause of death", "Early hydration (n = 121)", "Usual care (n = 119)", "Rate ratio"]
    assert g[1] == ["Cardiac", "4 (3.3)", "6 (5.0)", "0.66"]
    assert {c.prov.page for c in t.cells if c.is_header} == {1}
    assert {c.prov.page for c in t.cells if not c.is_header} == {2}


def test_rows_of_many_lines_under_booktabs_rules_are_one_row_each(tables):
    (t,) = tables["wrapped-rows"]
    assert (t.label, t.n_rows, t.n_cols) == ("Table 7", 5, 5)
    g = rows(t)
    assert g[0] == ["Outcome", "Early hydration (n = 121)", "Usual care (n = 119)", "Risk or rate ratio (95% CI)", "P"]
    assert g[2] == ["Number of days with nausea in patients with at least one episode", "2.1 (1.4)", "3.4 (2.2)",
                    "0.62 (0.41-0.93)", "0.02"]
    assert g[4][0] == "Proportion of patients discharged the same day, of all patients treated"
    assert {c.row for c in t.cells if c.is_header} == {0}


def test_full_grid_with_wrapped_cells_keeps_both_header_rows(tables):
    (t,) = tables["wrapped-grid"]
    assert (t.label, t.n_rows, t.n_cols) == ("Table 8", 5, 6)
    g = rows(t)
    assert {c.row for c in t.cells if c.is_header} == {0, 1}
    assert [c.text for c in t.cells if c.row == 0] == ["Outcome", "Early hydration", "Usual care", "Risk ratio"]
    assert [c.col for c in t.cells if c.row == 0] == [0, 1, 3, 5]
    assert g[1] == [None, "n (%)", "Mean (SD)", "n (%)", "Mean (SD)", "(95% CI)"]
    assert g[3] == ["Number of days with nausea in patients with at least one episode", "-", "2.1 (1.4)", "-",
                    "3.4 (2.2)", "0.62 (0.41-0.93)"]


def test_continued_table_keeps_its_columns_where_the_next_page_leaves_some_empty(tables):
    (t,) = tables["sparse-continued"]
    assert (t.label, t.n_rows, t.n_cols) == ("Table 9", 5, 6)
    g = rows(t)
    assert g[3] == ["Thirst score", None, "3.1", None, "4.2", "0.02"]
    assert g[4] == ["Pain score", None, "2.4", None, "2.6", "0.40"]
    assert {c.prov.page for c in t.cells if c.row == 4} == {2}


def test_margin_banner_tail_stays_out_of_the_table(tables):
    (t,) = tables["banner-tail"]
    assert (t.label, t.n_rows, t.n_cols) == ("Table 10", 5, 4)
    g = rows(t)
    assert g[0] == ["Characteristic", "Early hydration", "Usual care", "P"]
    assert g[4] == ["Non-smokers", "72 (59.5)", "70 (58.8)", "0.91"]


def test_header_labels_flush_left_over_values_flush_right_keep_their_columns(tables):
    (t,) = tables["flush-header"]
    assert (t.label, t.n_rows, t.n_cols) == ("Table 11", 6, 5)
    assert [c.text for c in t.cells if c.row == 0] == ["Variable", "Baseline", "6-Month Follow-up", "Mean", "t (P)"]
    assert [c.col for c in t.cells if c.row == 0] == [0, 1, 2, 3, 4]
    assert rows(t)[2] == ["Total steps/week", "40,579 (22,631)", "52,951 (24,240)", "12,372", "9.11 (<.001)"]


def test_section_row_alone_at_the_foot_of_a_page_is_a_row_not_a_note(tables):
    (t,) = tables["section-row-at-foot"]
    assert (t.label, t.n_rows, t.n_cols) == ("Table 12", 7, 4)
    g = rows(t)
    assert [r[0] for r in g] == ["Characteristic", "Sex", "Male", "Female", "Smoking", "Current", "Never"]
    assert g[3] == ["Female", "127 (73.0)", "123 (70.7)", None]
    assert t.footnotes in (None, "")


def test_grid_values_level_with_the_second_line_of_their_stub_share_its_row(tables):
    (t,) = tables["grid-stub-lines"]
    assert (t.label, t.n_rows, t.n_cols) == ("Table 13", 6, 3)
    g = rows(t)
    assert g[2] == ["Parity 0", "36 (44.4)", "33 (41.8)"]
    assert g[4] == ["Delivery position Supine", "58 (71.6)", "60 (75.9)"]
    assert g[5] == ["Lateral", "17 (21.0)", "13 (16.5)"]


def test_sentence_ending_in_a_table_callout_is_no_caption(tables):
    (t,) = tables["callout-line"]
    assert (t.label, t.caption, t.n_rows, t.n_cols) == ("Table 1", "Patients at baseline", 4, 4)
    g = rows(t)
    assert g[0] == ["Characteristic", "Early hydration", "Usual care", "P"]
    assert g[3] == ["Current smokers", "20 (16.5)", "23 (19.3)", "0.57"]


def test_bold_label_over_its_plain_second_line_is_one_header_cell(tables):
    (t,) = tables["group-header"]
    assert (t.label, t.n_rows, t.n_cols) == ("Table 14", 5, 5)
    g = rows(t)
    assert [c.text for c in t.cells if c.row == 0] == ["Early hydration (n = 121)", "Usual care (n = 119)"]
    assert g[1] == [None, "before", "after", "before", "after"]
    assert g[2] == ["Thirst score, mean (SD)", "5.1 (2.0)", "2.2 (1.4)", "5.3 (2.1)", "4.6 (1.9)"]
    assert {c.row for c in t.cells if c.is_header} == {0, 1}


def test_bold_label_rows_under_the_rule_below_a_spanning_label_stay_in_the_header(tables):
    (t,) = tables["spanning-label-rule"]
    assert (t.label, t.n_rows, t.n_cols) == ("Table 15", 6, 7)
    g = rows(t)
    assert {c.row for c in t.cells if c.is_header} == {0, 1, 2}
    assert g[2] == ["Premedication", "Rate (%)", "Adjusted OR (95% CI)", "Rate (%)", "Adjusted OR (95% CI)", "Rate (%)",
                    "Adjusted OR (95% CI)"]
    assert g[4] == ["Ondansetron", "10.9", "0.5 (0.3-0.9)", "8.2", "0.6 (0.3-1.1)", "2.9", "0.8 (0.2-2.6)"]
    assert [c.col for c in t.cells if c.row == 1] == [1, 3, 5]


def test_rows_spanning_two_stub_columns_leave_them_apart(tables):
    (t,) = tables["two-stub-columns"]
    assert (t.label, t.n_rows, t.n_cols) == ("Table 16", 6, 5)
    g = rows(t)
    assert g[0] == [None, None, "Early hydration", "Usual care", "Overall"]
    assert g[1] == ["Offered a telephone reminder, n (%)", None, "158 (47.6)", "84 (46.4)", "242 (47.2)"]
    assert g[3] == ["Replies to the first letter", "Positive", "68 (43.0)", "34 (40.5)", "102 (42.1)"]
    assert g[5] == [None, "No reply", "50 (31.6)", "35 (41.7)", "85 (35.1)"]


def test_rows_going_on_over_a_page_without_the_header_join_the_table(tables):
    (t,) = tables["continued-without-header"]
    assert (t.label, t.n_rows, t.n_cols) == ("Table 17", 5, 5)
    g = rows(t)
    assert g[1] == [None, "Day 0", "Day 1", "Day 0", "Day 1"]
    assert g[2] == ["Oral fluids, mL", "640 (210)", "1450 (380)", "220 (150)", "1390 (400)"]
    assert g[4] == ["Urine output, mL", "520 (200)", "1310 (350)", "470 (210)", "1280 (370)"]
    assert {c.prov.page for c in t.cells if c.row >= 2} == {2}
    assert {c.row for c in t.cells if c.is_header} <= {0, 1}
    assert [c.text for c in t.cells if c.row == 0] == ["Early hydration", "Usual care"]


def test_captions_under_a_figure_label_or_a_paragraph_start_their_own_tables(tables):
    first, second = tables["captions-under-labels"]
    assert (first.label, first.n_rows, first.n_cols) == ("Table 18", 4, 4)
    assert (second.label, second.n_rows, second.n_cols) == ("Table 19", 3, 4)
    assert rows(second)[1] == ["Nausea", "18 (14.9)", "31 (26.1)", "0.04"]
    assert {c.prov.page for c in second.cells} == {2}


def test_caption_and_a_label_row_alone_at_the_foot_of_a_page_start_the_table(tables):
    (t,) = tables["label-row-at-foot"]
    assert (t.label, t.n_rows, t.n_cols) == ("Table 20", 5, 2)
    g = rows(t)
    assert g[0] == ["Questions about fluids", None]
    assert g[1] == ["How much did you drink before surgery?", "Any amount under 500 mL"]
    assert g[3] == ["Questions about food", None]
    assert [c.prov.page for c in t.cells if c.row == 0] == [1]


def test_values_level_with_the_second_line_of_their_stub_share_its_row_under_booktabs_rules(tables):
    (t,) = tables["stub-lines-booktabs"]
    assert (t.label, t.n_rows, t.n_cols) == ("Table 21", 6, 3)
    g = rows(t)
    assert g[2] == ["Parity 0", "36 (44.4)", "33 (41.8)"]
    assert g[3] == ["1", "29 (35.8)", "32 (40.5)"]
    assert g[4] == ["Delivery position Supine", "58 (71.6)", "60 (75.9)"]


def test_second_line_of_a_header_label_over_several_columns_stays_in_its_cell(tables):
    (t,) = tables["spanning-label-lines"]
    assert (t.label, t.n_rows, t.n_cols) == ("Table 22", 5, 5)
    assert [(c.col, c.text) for c in t.cells if c.row == 0] == [(1, "Scores after two weeks of early hydration")]
    assert rows(t)[1] == ["Scale", "Mean", "SD", "P value", "Baseline"]


def test_rows_of_a_padded_grid_go_on_across_the_blank_under_a_tall_stub(tables):
    (t,) = tables["padded-grid"]
    assert (t.label, t.n_rows, t.n_cols) == ("Table 23", 4, 4)
    g = rows(t)
    assert g[2] == ["Patients who drank within two hours of their operation, n (%)", "102 (84.3)", "12 (10.1)", "<0.001"]
    assert g[3] == ["Drinks refused, n", "4", "1", "0.37"]


def test_groups_of_rows_set_apart_by_a_blank_stay_in_the_table_one_row_a_line(tables):
    (t,) = tables["grouped-blank-rows"]
    assert (t.label, t.n_rows, t.n_cols) == ("Table 24", 9, 4)
    g = rows(t)
    assert g[1] == ["Arrival on the ward", "5.2", "5.3", "-0.1"]
    assert g[4] == ["End of surgery", "3.9", "6.6", "-2.7"]
    assert g[5] == ["Recovery room", "2.4", "4.4", "-2.0"]
    assert g[8] == ["Discharge", "1.9", "3.0", "-1.1"]


def test_cells_of_running_text_that_wrap_are_one_cell_each(tables):
    (t,) = tables["text-cells"]
    assert (t.label, t.n_rows, t.n_cols) == ("Table 25", 3, 2)
    g = rows(t)
    assert [r[0] for r in g] == ["Step 1: Evening before", "Step 2: Morning of surgery", "Step 3: Recovery"]
    assert g[0][1].endswith("before the operation. Drinks allowed: water, clear apple juice.")
    assert g[2][1].endswith("recovery chart. Vomiting: the drinks stop for one hour, the anaesthetist is called if it "
                            "happens twice, and the patient is offered water again once the nausea has settled.")
    assert not t.footnotes


def test_labels_about_as_wide_as_their_columns_stay_over_their_own_values(tables):
    (t,) = tables["wide-labels"]
    assert (t.label, t.n_rows, t.n_cols) == ("Table 26", 4, 5)
    g = rows(t)
    assert g[0] == ["Score", "Water (n = 40)", "Water+juice (n = 41)", "Juice+tea+milk (n = 39)", "Water+tea+milk (n = 40)"]
    assert [c.col_span for c in t.cells if c.row == 0] == [1, 1, 1, 1, 1]
    assert g[2] == ["Dry mouth", "3.3", "2.9", "2.1", "2.5"]


def test_column_labels_level_with_a_stubs_second_line_open_the_second_header_row(tables):
    (t,) = tables["stub-beside-header-rows"]
    assert (t.label, t.n_rows, t.n_cols) == ("Table 27", 5, 6)
    assert [(c.col, c.col_span, c.text) for c in t.cells if c.row == 0] == [
        (0, 1, "Side effect reported"), (1, 2, "Week 1 after birth"), (3, 2, "Weeks 2-4 after birth")]
    assert [(c.col, c.text) for c in t.cells if c.row == 1] == [(1, "n/N"), (2, "%"), (3, "n/N"), (4, "%"), (5, "Rate ratio")]
    assert {c.row for c in t.cells if c.is_header} == {0, 1}
    assert rows(t)[3] == ["Nausea or vomiting", "5/45", "11.1", "3/45", "6.7", "1.67 (0.42-6.58)"]


def test_rows_set_in_under_a_group_label_stand_in_a_stub_column_of_their_own(tables):
    (t,) = tables["indented-stub-column"]
    assert (t.label, t.n_rows, t.n_cols) == ("Table 28", 8, 4)
    g = rows(t)
    assert g[1] == ["Age, years, mean (SD)", None, "54.2 (11.0)", "53.8 (12.1)"]
    assert [(c.col, c.text) for c in t.cells if c.row == 3] == [(0, "Education, n (%)")]
    assert g[4] == [None, "Primary school", "30 (24.8)", "33 (27.7)"]
    assert g[7] == ["Smokers, n (%)", None, "18 (14.9)", "21 (17.6)"]


def test_rows_set_far_in_keep_their_stub_column_over_the_page(tables):
    (t,) = tables["indented-stub-continued"]
    assert (t.label, t.n_rows, t.n_cols) == ("Table 29", 9, 4)
    g = rows(t)
    assert [(c.col, c.text) for c in t.cells if c.row == 1] == [(0, "Education, n (%)")]
    assert g[2] == [None, "Primary school", "30 (24.8)", "33 (27.7)"]
    assert g[5] == ["Age, years, mean (SD)", None, "54.2 (11.0)", "53.8 (12.1)"]
    assert g[8] == [None, "Former", "25 (20.7)", "22 (18.5)"]


def test_counts_with_percentages_reaching_the_next_column_stay_in_theirs(tables):
    (t,) = tables["flush-left-pairs"]
    assert (t.label, t.n_rows, t.n_cols) == ("Table 30", 8, 6)
    g = rows(t)
    assert g[0] == ["Reason", "n", "%", "n", "%", "P"]
    assert g[1] == ["Cardiac", "2", "5.7", "1", "2.9", "0.72"]
    assert g[6] == ["Male sex", "17 (49.0)", None, "22 (63.0)", None, "0.34"]


def test_rows_set_in_at_the_top_of_a_page_go_on_under_the_label_before(tables):
    (t,) = tables["indented-run-on"]
    assert (t.label, t.n_rows, t.n_cols) == ("Table 31", 9, 4)
    g = rows(t)
    assert g[3] == [None, "Primary school", "30 (24.8)", "33 (27.7)"]
    assert g[4] == [None, "Secondary school", "62 (51.2)", "57 (47.9)"]
    assert [(c.col, c.text) for c in t.cells if c.row == 6] == [(0, "Smoking, n (%)")]
    assert g[8] == ["Women, n (%)", None, "61 (50.4)", "58 (48.7)"]


def test_chart_under_a_table_caption_is_no_grid_of_cells(tables):
    got = {t.label: t for t in tables["chart-table"]}
    # the charts' tick values, legends and visit labels are read as no table's cells
    assert all(not t.cells for label, t in got.items() if label != "Table 33")
    t = got["Table 33"]  # cells on their shading stay a table
    assert (t.n_rows, t.n_cols) == (4, 3)
    assert rows(t)[2] == ["Satisfied", "27 (22.3)", "41 (34.5)"]


def test_chart_labels_are_marked_figure_text(tmp_path):
    path = tmp_path / "chart.pdf"
    path.write_bytes(pdftablegrids.chart_table_pdf())
    src = read(path)
    inside = " ".join(src.text[s.start:s.end] for s in src.spans_of("figure_text"))
    for label in ("Day 3", "Usual care", "Days after surgery"):
        assert inside.count(label) == 2


def test_bold_header_of_a_second_block_leaves_its_columns_apart(tables):
    (t,) = tables["block-headers"]
    assert (t.label, t.n_cols) == ("Table 35", 6)
    g = rows(t)
    assert g[2] == ["Thirst score", "-2.1", "(1.4)", "-0.6", "(1.2)", "<0.001"]
    assert g[5] == ["Per protocol"] + [None] * 5
    assert g[6] == [None, "Protocol arm (n = 104)", None, "Usual care (n = 111)", None, "P value"]
    assert g[9] == ["Weight, kg", "0.3", "(0.9)", "0.1", "(0.8)", "0.33"]


def test_caption_over_a_blank_starts_the_table_on_the_next_page_below_a_chart(tables):
    (t,) = tables["caption-over-blank"]
    assert (t.label, t.n_rows, t.n_cols) == ("Table 37", 4, 4)
    g = rows(t)
    assert g[0] == ["Education", "Protocol, n (%)", "Usual care, n (%)", "P value"]
    assert g[1] == ["Primary school", "30 (24.8)", "33 (27.7)", "0.61"]
    assert {c.prov.page for c in t.cells} == {2}


def test_grid_header_of_three_lines_alone_at_the_foot_of_a_page_is_one_row(tables):
    (t,) = tables["grid-header-at-foot"]
    assert (t.label, t.n_rows, t.n_cols) == ("Table 38", 5, 3)
    g = rows(t)
    assert g[0] == [None, "Protocol group n = 121 No. (%)", "Usual care n = 119 No. (%)"]
    assert g[1] == ["Infants", None, None]
    assert g[2] == ["Fed within an hour", "88 (72.7)", "61 (51.3)"]


def test_third_line_of_a_label_spanning_rows_stays_in_its_cell(tables):
    (t,) = tables["tall-stub"]
    assert (t.label, t.n_rows, t.n_cols) == ("Table 39", 9, 5)
    g = rows(t)
    assert g[1] == ["Patients on the protocol before surgery", "M", "54.2", "2.1", "420"]
    assert g[2] == [None, "SD", "11.0", "1.4", "130"]
    assert g[5][0] == "Patients given usual care before surgery"


def test_bold_subtotal_rows_of_values_keep_their_column(tables):
    (t,) = tables["bold-subtotals"]
    assert (t.label, t.n_rows, t.n_cols) == ("Table 40", 10, 5)
    g = rows(t)
    assert g[0] == ["Event", "Protocol (n = 121)", "Usual care (n = 119)", "Rate ratio (95% CI)", "P value"]
    assert g[3] == ["Subtotal: gastrointestinal", "25 (20.7)", "40 (33.6)", "0.62 (0.40-0.95)", "0.03"]
    assert g[6] == ["Subtotal: cardiovascular", "5 (4.1)", "6 (5.0)", "0.82 (0.26-2.62)", "0.74"]


def test_raised_marker_does_not_part_a_wrapped_interval_from_its_row(tables):
    (t,) = tables["raised-marker-wrap"]
    assert (t.label, t.n_rows, t.n_cols) == ("Table 41", 11, 6)
    g = rows(t)
    assert g[0] == ["Outcome", "Arm", "Arrival", "Change", "Difference (95% CI)", "P value"]
    assert g[1] == ["Thirst", None, None, None, None, None]
    assert g[2] == ["Thirst score at arrival", "P", "5.1 ± 1.2", "-2.0 ± 1.1", "-1.40^d (-1.90, -0.90)", "<0.001"]
    assert g[3] == [None, "U", "5.0 ± 1.3", "-0.6 ± 1.2", None, None]
    assert g[4] == ["Thirst score at discharge", "P", "3.1 ± 1.0", "-0.2 ± 0.9", "-0.30^d (-0.62, 0.02)", "0.07"]
    assert g[9] == ["Headache score at arrival", "P", "2.2 ± 1.9", "-0.9 ± 1.3", "-0.50^d (-0.89, -0.11)", "0.01"]


def test_section_labels_running_across_a_column_leave_the_columns_apart(tables):
    (t,) = tables["section-p-values"]
    assert (t.label, t.n_rows, t.n_cols) == ("Table 42", 16, 4)
    g = rows(t)
    assert g[0] == ["Characteristic", "Number of patients", "Percent who accepted", "P value"]
    assert g[1] == ["Age at admission (in years), by band", None, None, "0.59"]
    assert g[2] == ["18-39", "185", "91.6", "."]
    assert g[13] == ["Fasting time before arrival at the unit", None, None, "0.25"]
    assert g[15] == ["6 h or more", "291", "91.5", "."]


def test_header_label_over_no_body_cells_has_a_column_of_its_own(tables):
    (t,) = tables["header-only-column"]
    assert (t.label, t.n_rows, t.n_cols) == ("Table 43", 8, 7)
    g = rows(t)
    assert g[0] == ["Parameters", "Thirst at arrival", "Low", None, "Medium", "High", "P value"]
    assert g[1] == [None, "Protocol", "Early", "Usual", "Early", "Usual", None]
    assert g[3] == ["Age (years)", None, "35.0", "48.0", "48.5", "50.5", "0.61"]


def test_rows_set_in_under_a_row_of_values_stand_in_a_stub_column_of_their_own(tables):
    (t,) = tables["indented-under-values"]
    assert (t.label, t.n_rows, t.n_cols) == ("Table 44", 10, 4)
    g = rows(t)
    assert g[1] == ["Age, years, mean (SD)", None, "54.2 (11.0)", "53.8 (12.1)"]
    assert g[2] == [None, ">70", "28 (23.1)", "25 (21.0)"]
    assert [(c.col, c.text) for c in t.cells if c.row == 4] == [(0, "Ethnic origin")]
    assert g[9] == [None, "6-12", "79 (65.3)", "61 (51.3)"]


def test_rows_all_set_in_under_group_labels_stand_in_a_stub_column_of_their_own(tables):
    (t,) = tables["group-labels-only"]
    assert (t.label, t.n_rows, t.n_cols) == ("Table 45", 8, 5)
    assert [(c.col, c.text) for c in t.cells if c.row == 0] == [
        (0, "Event"), (2, "Early hydration"), (3, "Usual care"), (4, "P value")]
    g = rows(t)
    assert g[1] == [None, "Deaths", "6 (11%)", "6 (11%)", "1.00"]
    assert [(c.col, c.text) for c in t.cells if c.row == 2] == [(0, "Hospital admissions")]
    assert g[7] == [None, "Number of visits", "20", "8", "0.03"]


def test_stub_label_centred_over_short_stubs_keeps_its_column(tables):
    (t,) = tables["centred-stub-label"]
    assert (t.label, t.n_rows, t.n_cols) == ("Table 46", 6, 3)
    g = rows(t)
    assert g[0] == ["Observation", "Protocol", "Usual care"]
    assert g[4] == ["Stools per day", "1.3 ± 0.5", "1.1 ± 0.2"]


def test_centred_stubs_and_a_label_right_of_its_values_keep_their_columns(tables):
    (t,) = tables["offset-labels"]
    assert (t.label, t.n_rows, t.n_cols) == ("Table 47", 7, 4)
    g = rows(t)
    assert g[0] == ["Study", "Hazard ratio", "95% CI", "P value"]
    assert g[1] == ["1", "1.12", "1.06-1.18", "<0.001"]
    assert g[6] == ["TOTAL", "1.41", "1.20-1.66", "<0.001"]
