"""Reader registry, sniffing, plain text and HTML readers."""
import codecs

import pytest

from extractor.errors import EmptyFile, FileMissing, TooLarge, UndecodableText, UnsupportedFormat
from extractor.readers import READERS, SUFFIXES, detect_format, read, sniff


def test_registry_covers_every_suffix_format():
    assert set(SUFFIXES.values()) <= set(READERS)


@pytest.mark.parametrize(
    "head, fmt",
    [
        (b"%PDF-1.4\n%\xe2\xe3", "pdf"),
        (b"\n\n  %PDF-1.7", "pdf"),
        (b'<?xml version="1.0"?>\n<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.2//EN" "x.dtd">\n<article>', "jats"),
        (b'<article xmlns:xlink="http://www.w3.org/1999/xlink" article-type="research-article">', "jats"),
        (b"\xef\xbb\xbf<!DOCTYPE html><html lang=en>", "html"),
        (b"<div><p>Some text</p></div>", "html"),
        (b"Results: 12 of 40 patients", None),
        (b"\x89PNG\r\n\x1a\n", None),
    ],
)
def test_sniff(head, fmt):
    assert sniff(head) == fmt


def test_content_wins_over_suffix(tmp_path, data_dir):
    pdf_as_txt = tmp_path / "article.txt"
    pdf_as_txt.write_bytes((data_dir / "msc-long-covid-news.pdf").read_bytes())
    assert detect_format(pdf_as_txt, pdf_as_txt.read_bytes()) == "pdf"
    html_as_dat = tmp_path / "page.dat"
    html_as_dat.write_bytes((data_dir / "msc-long-covid-news.html").read_bytes())
    assert detect_format(html_as_dat, html_as_dat.read_bytes()) == "html"


def test_unknown_format_lists_supported_suffixes(tmp_path):
    f = tmp_path / "table.docx"
    f.write_bytes(b"PK\x03\x04 zip content")
    with pytest.raises(UnsupportedFormat) as info:
        read(f)
    assert info.value.code == "E002"
    assert ".pdf" in str(info.value) and ".xml" in str(info.value) and ".txt" in str(info.value)


def test_missing_path_and_directory(tmp_path):
    with pytest.raises(FileMissing) as info:
        read(tmp_path / "nope.pdf")
    assert info.value.code == "E001"
    with pytest.raises(FileMissing, match="directory"):
        read(tmp_path)


@pytest.mark.parametrize("name", ["empty.pdf", "empty.txt", "empty.html", "empty.xml"])
def test_zero_byte_files(tmp_path, name):
    f = tmp_path / name
    f.write_bytes(b"")
    with pytest.raises(EmptyFile) as info:
        read(f)
    assert info.value.code == "E011"


def test_size_limit_can_be_raised(tmp_path):
    f = tmp_path / "big.txt"
    f.write_text("Word. " * 40000)
    with pytest.raises(TooLarge, match="max-mb"):
        read(f, max_mb=0.1)
    assert read(f, max_mb=1).text.startswith("Word.")


# -- plain text -------------------------------------------------------------------------------


def test_text_keeps_characters_and_normalises_newlines(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes("Methods\r\nWe randomly assigned 40 patients (4×10⁷ cells).\r\nResults\rAll recovered.\n".encode("utf-8"))
    src = read(f)
    assert src.text == "Methods\nWe randomly assigned 40 patients (4×10⁷ cells).\nResults\nAll recovered.\n"
    heads = [src.text[h.start:h.end] for h in src.spans["heading"]]
    assert heads == ["Methods", "Results"]


@pytest.mark.parametrize(
    "encoding, bom",
    [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE), ("cp1252", b"")],
)
def test_text_encodings(tmp_path, encoding, bom):
    body = "Patients’ median age was 64 years; 53 % were women – a typical cohort. Le traitement a réussi.\n"
    f = tmp_path / "a.txt"
    f.write_bytes(bom + body.encode(encoding))
    assert read(f).text == body


def test_binary_named_txt_is_undecodable(tmp_path):
    f = tmp_path / "image.txt"
    f.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(UndecodableText) as info:
        read(f)
    assert info.value.code == "E015"
    g = tmp_path / "noise.txt"
    g.write_bytes(bytes([7, 8, 14, 15, 16, 17, 27, 127]) * 300)
    with pytest.raises(UndecodableText):
        read(g)


def test_shared_example_text(data_dir):
    src = read(data_dir / "msc-long-covid-news.txt")
    assert src.format == "text" and src.pages is None and src.boxes is None
    assert "4×107 cells/dose" in src.text
    heads = [src.text[h.start:h.end] for h in src.spans["heading"]]
    assert heads == ["Reinfection rate", "New treatment modalities warranted"]


# -- HTML -------------------------------------------------------------------------------------


def test_shared_example_html(data_dir):
    src = read(data_dir / "msc-long-covid-news.html")
    assert src.format == "html"
    assert src.title == "MSC therapy shows long-term benefits in severe COVID-19"
    assert src.text.startswith("MSC therapy shows long-term benefits in severe COVID-19\nMedical news · Respiratory medicine\nA recent")
    assert "(4×10^7 cells/dose on days 0, 3, and 6)" in src.text
    (sup,) = src.spans["sup"]
    assert src.text[sup.start - 1:sup.end] == "^7"
    heads = [(src.text[h.start:h.end], h.attrs["level"]) for h in src.spans["heading"]]
    assert heads == [
        ("MSC therapy shows long-term benefits in severe COVID-19", 1),
        ("Reinfection rate", 2),
        ("New treatment modalities warranted", 2),
    ]
    assert "font-family" not in src.text  # <style> dropped


HTML_PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">
<title>Trial of drug X | Journal of Things</title>
<script>var tracking = "do not read me";</script></head>
<body><nav><a href="/">Home</a> <a href="/about">About</a></nav>
<header>Journal banner</header>
<article><h1>Trial of drug X</h1>
<h2>Results</h2>
<p>Mortality was 12&nbsp;% vs 18&nbsp;% (OR 0.62, 95% CI 0.41&ndash;0.93)<sup>12,13</sup>.
Patients&#8217; scores rose.</p>
<table><thead><tr><th>Outcome</th><th>Drug X (n=40)</th><th>Placebo (n=38)</th></tr></thead>
<tbody><tr><td>Death</td><td>5 (12.5)</td><td>7 (18.4)</td></tr>
<tr><td>IL-6, 10<sup>3</sup> pg/mL</td><td>2.1</td><td>3.4</td></tr></tbody></table>
<p>Caf\xe9 staff helped.</p></article>
<aside>Related articles</aside><footer>Copyright</footer>
</body></html>"""


def test_html_structure_and_encoding(tmp_path):
    f = tmp_path / "page.html"
    f.write_bytes(HTML_PAGE.encode("cp1252"))
    src = read(f)
    t = src.text
    assert src.title == "Trial of drug X"
    for dropped in ("tracking", "Home", "Journal banner", "Related articles", "Copyright"):
        assert dropped not in t
    assert "Mortality was 12 % vs 18 % (OR 0.62, 95% CI 0.41–0.93)^12,13. Patients’ scores rose." in t
    assert "Café staff helped." in t
    assert "Outcome\tDrug X (n=40)\tPlacebo (n=38)\nDeath\t5 (12.5)\t7 (18.4)\nIL-6, 10^3 pg/mL\t2.1\t3.4\n" in t
    rows = src.spans["table_row"]
    assert len(rows) == 3 and len(src.spans["table"]) == 1
    cells = [t[c.start:c.end] for c in src.spans["table_cell"]]
    assert cells[:3] == ["Outcome", "Drug X (n=40)", "Placebo (n=38)"]
    assert [t[s.start:s.end] for s in src.spans["sup"]] == ["12,13", "3"]
    assert [t[h.start:h.end] for h in src.spans["heading"]] == ["Trial of drug X", "Results"]


def test_html_ordered_lists_carry_their_numbers(tmp_path):
    f = tmp_path / "refs.html"
    f.write_text(
        "<html><body><h2>References</h2><ol><li>Smith J. A trial. Lancet. 2020;1:1-2.</li>"
        "<li>Doe A. Another. BMJ. 2019;2:3.</li></ol>"
        "<ol start='7'><li>Seventh.</li><li value='10'>Tenth.</li><li>Eleventh.</li></ol>"
        "<ul><li>Bullet</li></ul></body></html>",
        encoding="utf-8",
    )
    src = read(f)
    assert src.text == (
        "References\n1. Smith J. A trial. Lancet. 2020;1:1-2.\n2. Doe A. Another. BMJ. 2019;2:3.\n"
        "7. Seventh.\n10. Tenth.\n11. Eleventh.\nBullet\n"
    )


PANDOC = """# Abstract ## Background Night shifts disturb sleep. ## Methods We compared 31 and 28 nurses. # Results ## Study participants Of the 3,208 admissions screened, 1,764 (55.0%) were eligible. Table [1](#) shows them. ## RESEARCH DESIGN AND METHODS A total of 59 nurses were enrolled.
::: caption
Characteristics of the admissions by year and ward, a teaching
hospital in the north of England, 2015-2019.
:::
  ------------------------------ ----------------- -----------------
  Characteristics                Ward 1 (n = 612)  Ward 2 (n = 587)
   Sex, female                   341 (55.7)        302 (51.4)
   Diabetes^a^                   97 (16)           121 (21)
  ------------------------------ ----------------- -----------------
"""


def test_pandoc_markdown_text(tmp_path):
    from extractor.pipeline import extract_source
    from extractor.readers.text import text_source

    src = text_source(PANDOC)
    t = src.text
    heads = [(t[h.start:h.end], h.attrs["level"]) for h in src.spans["heading"]]
    assert heads == [("Abstract", 1), ("Background", 2), ("Methods", 2), ("Results", 1), ("Study participants", 2),
                     ("RESEARCH DESIGN AND METHODS", 2)]
    rows = [t[r.start:r.end] for r in src.spans["table_row"]]
    assert rows[1].startswith("Sex, female") and len(rows) == 3
    cells = [t[c.start:c.end] for c in src.spans["table_cell"] if src.spans["table_row"][2].start <= c.start < src.spans["table_row"][2].end]
    assert cells == ["Diabetes^a^", "97 (16)", "121 (21)"]
    assert [t[s.start:s.end] for s in src.spans["sup"]] == ["a"]
    a = extract_source(src, use_nlp=False)
    texts = [s.text for s in a.sentences]
    # headings run into the text are sentences of their own; the wrapped caption is one sentence
    assert "Of the 3,208 admissions screened, 1,764 (55.0%) were eligible." in texts
    assert "Study participants" in texts and "#" not in texts and "##" not in texts
    assert "Characteristics of the admissions by year and ward, a teaching\nhospital in the north of England, 2015-2019." in texts
    assert not any(x.startswith(":::") or x.startswith("---") for x in texts)
    secs = [(s.name, s.heading) for s in a.sections if s.heading]
    assert secs[:4] == [("abstract", "Abstract"), ("abstract", "Background"), ("abstract", "Methods"), ("results", "Results")]
    assert ("results", "Study participants") in secs
    for s in a.sentences:
        assert a.text[s.prov.char_start:s.prov.char_end] == s.text


def test_html_article_header_is_kept_site_header_dropped(tmp_path):
    f = tmp_path / "a.html"
    f.write_text(
        "<html><body><header>Site banner</header><div role='navigation'>Menu</div>"
        "<main><article><header><h1>Aspirin after stroke</h1><p>J Smith, A Doe</p></header>"
        "<p>We randomized 200 patients.</p><footer><p>Funding: none.</p></footer></article></main>"
        "<footer>© Publisher</footer></body></html>",
        encoding="utf-8",
    )
    src = read(f)
    assert src.text == "Aspirin after stroke\nJ Smith, A Doe\nWe randomized 200 patients.\nFunding: none.\n"
    assert src.title == "Aspirin after stroke"


def test_html_title_block_with_the_abstract_outside_an_article_element_is_kept(tmp_path):
    f = tmp_path / "a.html"
    f.write_text(
        "<html><body><div class='running'>Journal of Bone Care</div>"
        "<header><nav>Home</nav>Site banner</header>"
        "<header><h1>Exercise after hip fracture</h1><p class='authors'>K Lee, M Ortiz</p>"
        "<section class='abstract'><h2>Abstract</h2><p>We randomized 80 adults to exercise or usual care.</p>"
        "</section></header><section><h2>Methods</h2><p>Adults were recruited in 2019.</p></section>"
        "</body></html>",
        encoding="utf-8",
    )
    src = read(f)
    assert "We randomized 80 adults to exercise or usual care." in src.text
    assert "Exercise after hip fracture" in src.text
    assert "Site banner" not in src.text and "Home" not in src.text


def test_html_in_page_links_are_xref_spans(tmp_path):
    f = tmp_path / "a.html"
    f.write_text(
        "<html><body><h1>Aspirin after stroke</h1>"
        "<p>Recurrence fell by a fifth<sup><a href='#B1'>1</a>,<a href='#B2'>2</a></sup> (see <a href='#T1'>Table 1</a>)"
        " and bleeding rose [<a href='#B2'>2</a>].</p>"
        "<div id='T1'><table><tr><td>x</td></tr></table></div>"
        "<h2>References</h2><ol><li id='B1'>Smith J. Lancet. 2020;1:1.</li><li id='B2'>Doe A. BMJ. 2019;2:3.</li></ol>"
        "</body></html>",
        encoding="utf-8",
    )
    src = read(f)
    t = src.text
    assert "Recurrence fell by a fifth^1,2 (see Table 1) and bleeding rose [2]." in t
    xrefs = [(t[x.start:x.end], x.attrs["rid"], x.attrs["ref_type"]) for x in src.spans["xref"]]
    assert xrefs == [("1", "B1", "bibr"), ("2", "B2", "bibr"), ("Table 1", "T1", None), ("2", "B2", "bibr")]
