"""A legend that names a centre and its spread apart ("Data are expressed as mean and standard
deviation") describes cells printed "56.6 ± 9.2" as well as "56.6 (9.2)"; sections of arm
columns whose rows are the occasions ("Pre-training", "Post-training").  Texts written for
these tests, in JATS, HTML and plain text."""
from __future__ import annotations

import pytest

from extractor.context import Context
from extractor.pipeline import extract_data
from extractor.source import Source
from extractor.trials import extract_studies

_ROWS = [("Knee flexion", "101.2±12.4", "99.8±13.0", "104.9±11.7^*", "100.3±12.2"),
         ("Shoulder abduction", "142.0±18.3", "139.5±17.9", "150.6±16.1^*", "140.2±18.8")]

_LEGEND = "Values are expressed as mean and standard deviation. *P &lt; 0.05 vs pre-training."


def _jats() -> str:
    body = "".join(
        f'<tr><td colspan="3">{name}</td></tr>'
        f"<tr><td>Pre-training</td><td>{a0}</td><td>{b0}</td></tr>"
        f"<tr><td>Post-training</td><td>{a1.replace('^*', '<sup>*</sup>')}</td><td>{b1}</td></tr>"
        for name, a0, b0, a1, b1 in _ROWS)
    return f"""<?xml version="1.0"?>
<article><front><article-meta><title-group><article-title>Stretching twice or three times a week: a randomised trial</article-title></title-group></article-meta></front>
<body><sec><title>Methods</title><p>Older adults were randomly assigned to stretching three times a week (S3, n = 30) or twice a week (S2, n = 31).</p></sec>
<sec><title>Results</title><p>Range of motion improved with S3 (Table 2).</p>
<table-wrap id="t2"><label>Table 2</label><caption><p>Range of motion (degrees) before and after 12 weeks of stretching</p></caption>
<table><thead><tr><th>Joint movement</th><th>S3 (n = 30)</th><th>S2 (n = 31)</th></tr></thead>
<tbody>{body}</tbody></table>
<table-wrap-foot><p>{_LEGEND}</p></table-wrap-foot></table-wrap>
</sec></body></article>
"""


def _html() -> str:
    body = "".join(
        f'<tr><td colspan="3">{name}</td></tr>'
        f"<tr><td>Pre-training</td><td>{a0}</td><td>{b0}</td></tr>"
        f"<tr><td>Post-training</td><td>{a1.replace('^*', '<sup>*</sup>')}</td><td>{b1}</td></tr>"
        for name, a0, b0, a1, b1 in _ROWS)
    return f"""<!DOCTYPE html><html><head><title>Stretching twice or three times a week: a randomised trial</title></head><body>
<h1>Stretching twice or three times a week: a randomised trial</h1>
<h2>Methods</h2><p>Older adults were randomly assigned to stretching three times a week (S3, n = 30) or twice a week (S2, n = 31).</p>
<h2>Results</h2><p>Range of motion improved with S3 (Table 2).</p>
<table><caption>Table 2. Range of motion (degrees) before and after 12 weeks of stretching</caption>
<thead><tr><th>Joint movement</th><th>S3 (n = 30)</th><th>S2 (n = 31)</th></tr></thead>
<tbody>{body}</tbody><tfoot><tr><td colspan="3">{_LEGEND}</td></tr></tfoot></table>
</body></html>
"""


def _text() -> str:
    lines = ["Stretching twice or three times a week: a randomised trial", "", "Methods",
             "Older adults were randomly assigned to stretching three times a week (S3, n = 30) or twice a week (S2, n = 31).",
             "", "Results", "Range of motion improved with S3 (Table 2).", "",
             "Table 2. Range of motion (degrees) after 12 weeks of stretching",
             "Joint movement\tS3 (n = 30)\tS2 (n = 31)"]
    for name, a0, b0, a1, b1 in _ROWS:
        lines += [f"{name}\t{a1.replace('^', '')}\t{b1}"]
    lines += [_LEGEND, ""]
    return "\n".join(lines)


def _post(study):
    return {o.name: sorted((r.arm, r.statistic, r.value) for r in o.results if r.statistic in ("mean", "sd"))
            for o in study.outcomes if o.results and (o.timepoint or "").lower().startswith("post")}


def _check(study):
    got = _post(study)
    knee = next((v for n, v in got.items() if n.lower().startswith("knee flexion")), None)
    assert knee is not None, {o.name: o.timepoint for o in study.outcomes}
    by = {(a.split()[0], s): v for a, s, v in knee}
    assert by.get(("S3", "mean")) == 104.9 and by.get(("S3", "sd")) == 11.7, knee
    assert by.get(("S2", "mean")) == 100.3 and by.get(("S2", "sd")) == 12.2, knee
    # the entry occasion is a time point of the outcome, not an outcome of its own
    assert not any(o.name.lower().startswith("pre-training") for o in study.outcomes), [o.name for o in study.outcomes]


@pytest.mark.parametrize("fmt", ["xml", "html"])
def test_a_legend_naming_mean_and_sd_apart_reads_plus_minus_cells(fmt):
    data = _jats() if fmt == "xml" else _html()
    art = extract_data(data.encode(), f"trial.{fmt}")
    s, = art.studies
    _check(s)


def test_a_legend_naming_mean_and_sd_apart_reads_plus_minus_cells_in_a_text_grid():
    from extractor.readers.texttables import text_tables

    src = Source.from_text(_text())
    src.tables = text_tables(src)
    assert len(src.tables) == 1
    s, = extract_studies(Context(source=src))
    got = {o.name: sorted((r.arm, r.statistic, r.value) for r in o.results if r.statistic in ("mean", "sd"))
           for o in s.outcomes if o.results}
    knee = next((v for n, v in got.items() if n.lower().startswith("knee flexion")), None)
    assert knee is not None, {o.name: o.timepoint for o in s.outcomes}
    by = {(a.split()[0], st): v for a, st, v in knee}
    assert by.get(("S3", "mean")) == 104.9 and by.get(("S3", "sd")) == 11.7, knee


def test_range_of_motion_names_a_measure_not_a_statistic():
    from extractor.trials.cells import find_specs

    assert find_specs("Range of motion (degrees)") == []
    assert [sp.slots for sp in find_specs("Median (range)")] == [("median", "range_low", "range_high")]


def test_a_header_giving_people_and_eyes_gives_the_eyes_as_the_group_size():
    from extractor.trials.headers import read_label

    # a column printed over both counts holds values per eye: the eyes are its size
    lab = read_label("DHA group (12 subjects, 24 eyes)")
    assert (lab.rest, lab.n) == ("DHA group", 24)
    assert (read_label("Controls (12 subjects; 24 eyes)").rest, read_label("Controls (12 eyes)").n) == ("Controls", 12)
    assert read_label("Placebo (30 patients)").n == 30
    # other counts in brackets are no size
    assert read_label("Drug (12 subjects, 3 centres)").n is None
    # a dose list in brackets is no size
    assert read_label("Group A (2, 4 mg)").n is None
