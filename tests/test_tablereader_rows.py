"""Rows of results tables: who a row counts, category rows under the row that asks the
question, sections of characteristics at entry, and no counts rebuilt beside printed ones."""
from extractor.pipeline import extract_data

_HEAD = """<?xml version="1.0"?>
<article><front><article-meta><title-group><article-title>Community health visits for newborn care: a cluster
randomised trial</article-title></title-group></article-meta></front>
<body><sec><title>Methods</title><p>Twenty villages were randomly assigned to the home-visit group or the control group
(10 clusters in each group).</p></sec>
<sec><title>Results</title><p>Care practices improved (Table 2).</p>
<table-wrap id="t2"><label>Table 2</label><caption><p>{caption}</p></caption>
<table><thead><tr><th></th><th>Home-visit group</th><th>Control group</th><th>P</th></tr></thead>
<tbody>{rows}</tbody></table></table-wrap></sec></body></article>
"""


def _study(rows, caption="Newborn care practices at the end of the trial"):
    art = extract_data(_HEAD.format(rows=rows, caption=caption).encode(), "trial.xml")
    s, = art.studies
    return s


def _vals(o):
    return {(r.arm, r.statistic): r.value for r in o.results}


def test_a_row_naming_the_people_it_counts_counts_events_and_no_counts_are_rebuilt_beside_them():
    s = _study("<tr><td>Women attending four or more antenatal consultations</td><td>2410 (24%)</td>"
               "<td>1980 (19%)</td><td>0.01</td></tr>")
    o, = [o for o in s.outcomes if o.results]
    v = _vals(o)
    assert v[("home-visit", "events")] == 2410 and v[("control", "events")] == 1980
    assert not any(r.derived for r in o.results)


def test_episodes_with_their_percentage_keep_the_printed_count_only():
    s = _study("<tr><td>Postnatal visits</td><td>2410 (24%)</td><td>1980 (19%)</td><td>0.01</td></tr>")
    o, = [o for o in s.outcomes if o.results]
    assert not any(r.derived for r in o.results)
    assert {r.statistic for r in o.results} == {"count", "percent"}


def _names(s):
    return {o.name for o in s.outcomes if o.results}


def test_answers_under_a_question_row_are_named_by_the_question():
    s = _study("<tr><td>Did the mother breastfeed within one hour?</td><td></td><td></td><td></td></tr>"
               "<tr><td>&#x2003;Yes</td><td>612 (61.2%)</td><td>455 (45.5%)</td><td>0.01</td></tr>"
               "<tr><td>&#x2003;No</td><td>388 (38.8%)</td><td>545 (54.5%)</td><td></td></tr>")
    assert _names(s) == {"Did the mother breastfeed within one hour?: Yes",
                         "Did the mother breastfeed within one hour?: No"}


def test_categories_whose_percentages_fill_each_arm_are_named_by_their_row():
    s = _study("<tr><td>Place of delivery, n (%)</td><td></td><td></td><td></td></tr>"
               "<tr><td>&#x2003;Home</td><td>540 (54.0)</td><td>610 (61.0)</td><td>0.02</td></tr>"
               "<tr><td>&#x2003;Health facility</td><td>460 (46.0)</td><td>390 (39.0)</td><td></td></tr>")
    assert _names(s) == {"Place of delivery: Home", "Place of delivery: Health facility"}


def test_events_listed_under_a_heading_keep_their_own_names():
    s = _study("<tr><td>Illness in the first month, n (%)</td><td></td><td></td><td></td></tr>"
               "<tr><td>&#x2003;Fever</td><td>210 (21.0)</td><td>260 (26.0)</td><td>0.03</td></tr>"
               "<tr><td>&#x2003;Breathing difficulty</td><td>90 (9.0)</td><td>120 (12.0)</td><td>0.04</td></tr>")
    assert _names(s) == {"Fever", "Breathing difficulty"}


def test_rows_under_a_section_of_characteristics_at_entry_are_no_outcomes_and_pre_post_are_times():
    s = _study("<tr><td>Baseline characteristics</td><td></td><td></td><td></td></tr>"
               "<tr><td>&#x2003;Mothers aged under 20, n (%)</td><td>120 (12.0)</td><td>131 (13.1)</td><td>0.5</td></tr>"
               "<tr><td>Outcomes</td><td></td><td></td><td></td></tr>"
               "<tr><td>&#x2003;Knowledge score<sup>a</sup>Pre, mean (SD)</td><td>11.2 (3.1)</td><td>11.0 (3.3)</td><td>0.6</td></tr>"
               "<tr><td>&#x2003;Knowledge score Post, mean (SD)</td><td>15.8 (2.9)</td><td>12.1 (3.0)</td><td>0.001</td></tr>",
               caption="Knowledge of newborn care before and after the home visits")
    got = {(o.name, o.timepoint) for o in s.outcomes if o.results}
    assert got == {("Knowledge score", "Pre"), ("Knowledge score", "Post")}


def test_a_raised_marker_glued_to_a_word_leaves_the_word():
    from extractor.trials.cells import strip_markers
    assert strip_markers("PHQ^bPre, mean (SD)") == "PHQ Pre, mean (SD)"
    assert strip_markers("Dosing interruptions,^b n (%)") == "Dosing interruptions, n (%)"


def test_indented_rows_under_a_row_with_values_are_its_parts_and_age_bands_are_no_times():
    s = _study("<tr><td>Diarrhoea episodes</td><td>1210</td><td>1342</td><td>0.04</td></tr>"
               "<tr><td>&#x2003;&lt;12 mo</td><td>502</td><td>560</td><td>0.2</td></tr>"
               "<tr><td>&#x2003;≥12 mo</td><td>708</td><td>782</td><td>0.06</td></tr>"
               "<tr><td>Measles</td><td>4</td><td>9</td><td>0.16</td></tr>",
               caption="Illness during follow-up, n")
    got = {(o.name, o.timepoint) for o in s.outcomes if o.results}
    assert got == {("Diarrhoea episodes", None), ("Diarrhoea episodes: <12 mo", None),
                   ("Diarrhoea episodes: ≥12 mo", None), ("Measles", None)}


def test_a_row_holding_only_the_p_value_of_its_group_names_the_category_rows_under_it():
    # "Referred to hospital by birth weight, g | | | 0.04": the arms' cells blank, the p value
    # the whole group's; the rows under it (indented or not) are its categories
    for pad in ("&#x2003;", ""):
        s = _study("<tr><td>Infants referred to hospital</td><td>70 (7%)</td><td>92 (9%)</td><td>0.10</td></tr>"
                   "<tr><td>Infants referred to hospital by birth weight, g</td><td></td><td></td><td>0.04</td></tr>"
                   f"<tr><td>{pad}&lt; 2500</td><td>31 (3%)</td><td>52 (5%)</td><td></td></tr>"
                   f"<tr><td>{pad}2500 - 3500</td><td>12 (1%)</td><td>25 (3%)</td><td></td></tr>"
                   f"<tr><td>{pad}&gt; 3500</td><td>4 (0.4%)</td><td>9 (1%)</td><td></td></tr>",
                   caption="Referrals during the first month")
        by = {o.name: _vals(o) for o in s.outcomes if o.results}
        name = "Infants referred to hospital by birth weight, g"
        assert set(by) == {"Infants referred to hospital", f"{name}: < 2500", f"{name}: 2500 - 3500", f"{name}: > 3500"}
        assert by[f"{name}: 2500 - 3500"][("home-visit", "events")] == 12
        assert by[f"{name}: > 3500"][("control", "events")] == 9
        assert by["Infants referred to hospital"][("control", "events")] == 92


def test_rows_indented_under_a_section_row_are_no_parts_of_the_valued_row_above_the_section():
    s = _study("<tr><td>Infections, n (%)</td><td></td><td></td><td></td></tr>"
               "<tr><td>&#x2003;Skin</td><td>12 (40.0%)</td><td>9 (30.0%)</td><td>0.57</td></tr>"
               "<tr><td>Chest</td><td>18 (60.0%)</td><td>21 (70.0%)</td><td></td></tr>"
               "<tr><td>Severity of diarrhoea, n (%)</td><td></td><td></td><td>0.02</td></tr>"
               "<tr><td>&#x2003;Mild</td><td>3 (10.0%)</td><td>11 (36.7%)</td><td></td></tr>"
               "<tr><td>&#x2003;Severe</td><td>14 (45.2%)</td><td>8 (25.8%)</td><td></td></tr>",
               caption="Illness during follow-up")
    assert not any(n.startswith("Chest:") for n in _names(s))



def test_weeks_with_illness_out_of_the_person_weeks_observed_are_no_events_of_a_group_size():
    head = _HEAD.replace("<thead><tr><th></th><th>Home-visit group</th><th>Control group</th><th>P</th></tr></thead>",
                         "<thead><tr><th></th><th colspan=\"2\">% Weeks with diarrhoea of the person-weeks observed</th>"
                         "<th>P</th></tr><tr><th></th><th>Home-visit group</th><th>Control group</th><th></th></tr></thead>")
    art = extract_data(head.format(rows="<tr><td>Children &lt;2 years</td><td>6.6% (40/608)</td><td>13.6% (72/530)</td>"
                                        "<td>0.001</td></tr>", caption="Diarrhoea during follow-up").encode(), "trial.xml")
    s, = art.studies
    o, = [o for o in s.outcomes if o.results]
    v = _vals(o)
    assert v[("home-visit", "count")] == 40 and v[("control", "count")] == 72
    assert not any(st in ("events", "total") for _, st in v)
