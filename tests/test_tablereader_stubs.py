"""Row stubs of results tables: an outcome named once over the occasions printed in a second
stub column, and a count label in square brackets after the outcome's name."""
from extractor.pipeline import extract_data

_ARTICLE = """<?xml version="1.0"?>
<article><front><article-meta><title-group><article-title>{title}</article-title></title-group></article-meta></front>
<body><sec><title>Methods</title><p>{methods}</p></sec>
<sec><title>Results</title><p>The outcomes are shown in Table 2.</p>
<table-wrap id="t2"><label>Table 2</label><caption><p>{caption}</p></caption>
<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></table-wrap></sec></body></article>
"""


def _outcomes(head, rows, caption, title="A randomised trial", methods=""):
    xml = _ARTICLE.format(title=title, methods=methods, caption=caption, head=head, rows=rows)
    s, = extract_data(xml.encode(), "trial.xml").studies
    return {(o.name, o.timepoint): {(r.arm, r.statistic): r.value for r in o.results} for o in s.outcomes if o.results}


def _tr(*cells):
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def test_numbered_occasions_under_an_outcome_named_once_are_time_points_of_that_outcome():
    head = "<th>Measure</th><th>Time point</th><th>Story group (n = 30)</th><th>Control group (n = 31)</th><th>P</th>"
    rows = (_tr("Word knowledge", "Pre-test", "20.7 (8.37)", "20.2 (7.34)", ".250")
            + _tr("", "Post-test 1", "28.2 (5.87)", "23.4 (7.91)", "")
            + _tr("", "Post-test 2", "34.1 (8.14)", "29.7 (9.92)", "")
            + _tr("Reading", "Pre-test", "12.3 (4.70)", "12.9 (2.95)", ".982")
            + _tr("", "Post-test 1", "14.1 (3.37)", "13.7 (3.64)", ""))
    got = _outcomes(head, rows, "Mean (SD) scores by time point and group",
                    methods="Children were randomly assigned to the story group (n = 30) or the control group (n = 31).")
    assert set(got) == {("Word knowledge", "Pre-test"), ("Word knowledge", "Post-test 1"),
                        ("Word knowledge", "Post-test 2"), ("Reading", "Pre-test"), ("Reading", "Post-test 1")}
    v = got[("Word knowledge", "Post-test 2")]
    assert (v[("story", "mean")], v[("story", "sd")], v[("control", "mean")], v[("control", "sd")]) == (34.1, 8.14, 29.7, 9.92)


def test_a_count_label_in_square_brackets_says_what_the_cells_hold_beside_p_columns_naming_arms():
    head = ("<th></th><th>TE</th><th>P TE versus PE</th><th>PE</th><th>P PE versus LE</th><th>LE</th>"
            "<th>P TE versus LE</th>")
    rows = (_tr("Recurrence [no (%)]", "1 (0.6)", "&lt;0.001", "15 (8.6)", "&lt;0.001", "39 (22.3)", "&lt;0.001")
            + _tr("Reoperation [no (%)]", "1 (0.6)", "0.070", "5 (2.9)", "0.019", "14 (8.0)", "&lt;0.001"))
    got = _outcomes(head, rows, "Recurrence and reoperation at 10 years",
                    title="Three operations for goitre: a randomised trial",
                    methods="Patients were randomly assigned to total excision (TE), partial excision (PE) or limited excision (LE).")
    # the caption's one time point ("at 10 years") is the rows' time point
    assert set(got) == {("Recurrence", "10 years"), ("Reoperation", "10 years")}
    v = got[("Reoperation", "10 years")]
    assert (v[("PE", "events")], v[("PE", "percent")], v[("LE", "events")], v[("TE", "events")]) == (5, 2.9, 14, 1)


def test_an_occasion_each_arm_names_in_its_own_words_is_one_time_point_of_both_arms():
    head = ("<th></th><th>Intervention (n = 37)</th><th>Intervention (n = 37)</th><th>Control (n = 36)</th>"
            "<th>Control (n = 36)</th></tr><tr><th></th><th>Baseline</th><th>Post-test</th><th>Baseline</th>"
            "<th>Post-intervention</th>")
    rows = (_tr("Interest score [mean (s.d.)]", "2.82 (0.53)", "3.90 (0.44)", "3.03 (0.46)", "3.42 (0.41)")
            + _tr("Warmth score [mean (s.d.)]", "2.44 (0.46)", "3.66 (0.62)", "2.69 (0.53)", "2.77 (0.61)"))
    got = _outcomes(head, rows, "Ratings at baseline and after the programme by group",
                    methods="Schools were randomly assigned to the intervention group or the control group.")
    assert set(got) == {("Interest score", "Baseline"), ("Interest score", "Post-test"),
                        ("Warmth score", "Baseline"), ("Warmth score", "Post-test")}
    v = got[("Interest score", "Post-test")]
    assert (v[("intervention", "mean")], v[("intervention", "sd")], v[("control", "mean")], v[("control", "sd")]) == \
        (3.9, 0.44, 3.42, 0.41)


def test_a_row_labelled_n_whose_cells_hold_shares_and_counts_is_an_outcome_not_group_sizes():
    head = "<th></th><th>Formula A (n = 15)</th><th>Formula B (n = 20)</th><th>P</th>"
    rows = (_tr("Stool frequency (mean ± SD)", "4.9 ± 2.5", "5.6 ± 2.8", "0.36")
            + _tr("Softer stools (n)", "50% (5/10)", "90% (9/10)", "0.14")
            + _tr("Weight gain, n", "14", "19", "")
            + _tr("&#x2003;Mean (SD)", "120 (10)", "125 (11)", ""))
    got = _outcomes(head, rows, "Clinical efficacy after the first period",
                    methods="Infants were randomly assigned to formula A or formula B.")
    assert set(got) == {("Stool frequency", None), ("Softer stools", None), ("Weight gain", None)}
    v = got[("Softer stools", None)]
    assert (v[("formula A", "events")], v[("formula A", "total")], v[("formula B", "events")], v[("formula B", "total")]) == \
        (5, 10, 9, 10)
    assert got[("Weight gain", None)][("formula B", "total")] == 19


def test_a_numbered_stub_whose_footnote_mark_says_postoperative_days_is_a_time_point():
    head = "<th></th><th></th><th>Group 1</th><th>Group 2</th><th>P value</th>"
    rows = (_tr("Magnesium (mg/dL)", "Preoperative", "1.9 ± 0.3", "1.9 ± 0.2", "NS")
            + _tr("", "1*", "3.1 ± 0.7", "1.6 ± 0.2", "0.02")
            + _tr("", "3*", "2.9 ± 0.6", "1.7 ± 0.2", "0.04"))
    xml = _ARTICLE.format(title="Magnesium after heart surgery: a randomised trial", caption="Magnesium values of patients",
                          methods="Patients were randomly assigned to Group 1 (magnesium) or Group 2 (placebo).",
                          head=head, rows=rows)
    xml = xml.replace("</table></table-wrap>",
                      "</table><table-wrap-foot><p>*Postoperative days; NS, not significant.</p></table-wrap-foot></table-wrap>")
    s, = extract_data(xml.encode(), "trial.xml").studies
    got = {(o.name, o.timepoint): {(r.arm, r.statistic): r.value for r in o.results} for o in s.outcomes if o.results}
    assert set(got) == {("Magnesium (mg/dL)", "Preoperative"), ("Magnesium (mg/dL)", "Postoperative days 1"),
                        ("Magnesium (mg/dL)", "Postoperative days 3")}
    assert got[("Magnesium (mg/dL)", "Postoperative days 3")][("Group 1", "mean")] == 2.9


def test_a_group_named_by_a_code_in_the_tables_is_the_arm_the_text_says_it_received():
    # "the K1 group received 4-week nicotine patches": the header "K1 (N = 120)" is that arm
    methods = ("Smokers were randomly allocated into two groups (K1 and K2). Participants in the K1 group "
               "received 4-week nicotine patches, and the K2 group received 8-week nicotine patches.")
    head = "<th>Outcome</th><th>K1 (N = 120) n (%)</th><th>K2 (N = 118) n (%)</th><th>P</th>"
    rows = (_tr("Abstinent at 6 months", "31 (25.8)", "45 (38.1)", "0.04")
            + _tr("Reduced smoking by half", "22 (18.3)", "20 (16.9)", "0.78"))
    got = _outcomes(head, rows, "Smoking outcomes by group", methods=methods)
    abst = got[("Abstinent", "6 months")]
    assert abst[("4-week nicotine patches", "events")] == 31
    assert abst[("8-week nicotine patches", "events")] == 45



def _td(text, rowspan=1, colspan=1):
    return f'<td rowspan="{rowspan}" colspan="{colspan}">{text}</td>'


def test_a_label_row_closing_an_outcome_block_spanned_by_its_name_is_no_parent_of_the_next_outcome():
    # "Weight | Period" spanning its rows, the block closed by an "ANOVA" row with a note
    # across the arm columns and no values; a "Δ(0–8 wk)" row is the change of that outcome
    head = "<th>Variable</th><th>Period</th><th>Tea group (n = 20)</th><th>Placebo group (n = 20)</th><th>p</th>"
    rows = ""
    for name, vals in (("Weight, kg", ("70.1 ± 8.2", "71.0 ± 7.9", "68.4 ± 8.0", "70.6 ± 7.7", "−1.7 ± 1.2", "−0.4 ± 1.1")),
                       ("Waist, cm", ("90.2 ± 6.1", "91.0 ± 5.8", "88.1 ± 6.0", "90.7 ± 5.5", "−2.1 ± 1.9", "−0.3 ± 1.4"))):
        rows += ("<tr>" + _td(name, rowspan=4) + _td("0 weeks") + _td(vals[0]) + _td(vals[1]) + _td("") + "</tr>"
                 + "<tr>" + _td("8 weeks") + _td(vals[2]) + _td(vals[3]) + _td("0.21") + "</tr>"
                 + "<tr>" + _td("Δ(0–8 weeks)") + _td(vals[4]) + _td(vals[5]) + _td("0.01") + "</tr>"
                 + "<tr>" + _td("ANOVA") + _td("Period X group interaction: p = 0.04", colspan=3) + "</tr>")
    got = _outcomes(head, rows, "Outcomes before and after 8 weeks",
                    methods="Adults were randomly assigned to the tea group (n = 20) or the placebo group (n = 20).")
    assert ("Waist, cm", "8 weeks") in got and ("Waist, cm", "0 weeks") in got
    assert not any(name == "ANOVA" for name, _ in got)
    v = got[("Waist, cm", "8 weeks")]
    assert (v[("tea", "mean")], v[("placebo", "mean")]) == (88.1, 90.7)
    changes = [k for k in got if k[0].startswith("Waist, cm, Δ")]
    assert len(changes) == 1 and got[changes[0]][("tea", "mean")] == -2.1


def test_a_group_the_text_numbers_in_roman_numerals_is_that_arm_in_a_group_column():
    # "Group I (Control) ... Group II (Rhubarb)": the rows "I" and "II" under the stub header
    # "Group" are those arms; the header's "12 weeks mean ± SD" is the time point
    methods = ("Patients were randomly allocated to a control group or a rhubarb group. Group I (Control) was given conservative management "
               "while Group II (Rhubarb) received conservative management along with rhubarb capsules.")
    head = "<th>Parameter</th><th>Group</th><th>0 week mean ± SD</th><th>12 weeks mean ± SD</th>"
    rows = ("<tr>" + _td("Urea (mg/dL)", rowspan=2) + _td("I") + _td("107.2 ± 35.9") + _td("79.8 ± 24.8") + "</tr>"
            + "<tr>" + _td("II") + _td("108.9 ± 42.7") + _td("72.3 ± 20.9") + "</tr>")
    got = _outcomes(head, rows, "Renal function before and after 12 weeks of treatment", methods=methods)
    v = got[("Urea (mg/dL)", "12 weeks")]
    assert (v[("control", "mean")], v[("control", "sd")], v[("rhubarb", "mean")]) == (79.8, 24.8, 72.3)
    assert got[("Urea (mg/dL)", "0 week")][("rhubarb", "mean")] == 108.9
