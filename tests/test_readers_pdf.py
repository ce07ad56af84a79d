"""PDF reader: reading order, superscripts, hyphens, running headers, the character map, bad files."""
import math

import pytest

from extractor import extract
from extractor.errors import CorruptFile, EncryptedFile, NoTextLayer, TooLarge
from extractor.readers import read
from extractor.readers.pdf import _quality_flags
from tests.badfiles import encrypt_pdf, make_image_pdf
from tests.pdfmaker import one_column_pdf, paper_pdf


@pytest.fixture(scope="module")
def paper(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "paper.pdf"
    path.write_bytes(paper_pdf(pages=3))
    return read(path)


# -- the shared example ---------------------------------------------------------------------------


def test_two_column_example_reads_column_by_column(data_dir):
    two = read(data_dir / "msc-long-covid-news-2col.pdf")
    one = read(data_dir / "msc-long-covid-news.pdf")
    html = read(data_dir / "msc-long-covid-news.html")
    assert two.pages == 1 and one.pages == 2
    # the title spans both columns and comes first; then the left column, then the right
    assert two.text.startswith("MSC therapy shows long-term benefits in severe COVID-19\nMedical news · Respiratory medicine\n")
    assert two.text == one.text == html.text
    left = two.text.index("A recent study suggests")
    right = two.text.index("“Collectively, these findings")
    assert left < right


def test_example_superscript_exponent(data_dir):
    src = read(data_dir / "msc-long-covid-news.pdf")
    (sup,) = src.spans["sup"]
    assert src.text[sup.start - 5:sup.end] == "4×10^7"
    seven, ten = src.boxes[sup.start], src.boxes[sup.start - 3]
    assert src.boxes[sup.start - 1] is None  # the inserted caret has no box
    assert seven[3] < ten[3] - 1  # raised: its bottom is above the baseline of "10"
    assert seven[3] - seven[1] < 0.9 * (ten[3] - ten[1])  # and smaller


def test_every_character_maps_to_page_and_box(data_dir):
    src = read(data_dir / "msc-long-covid-news.pdf")
    assert len(src.boxes) == len(src.text)
    inserted = {"\n", " ", "^"}
    for i, ch in enumerate(src.text):
        box = src.boxes[i]
        if ch in inserted and box is None:
            continue
        assert box is not None, (i, ch)
        x0, top, x1, bottom = box
        assert 0 <= x0 <= x1 <= 612 and 0 <= top <= bottom <= 792 and not math.isnan(x0)
    page2 = src.text.index("Reinfection rate")
    assert src.page_of(0) == 1 and src.page_of(len(src.text) - 1) == 2
    prov = src.provenance(page2, page2 + len("Reinfection rate"))
    assert prov.quote == "Reinfection rate" and prov.bbox is not None


def test_doi_and_title_from_metadata(data_dir):
    a = extract(data_dir / "msc-long-covid-news.pdf")
    assert a.title == "MSC therapy shows long-term benefits in severe COVID-19"
    assert a.pages == 2 and a.format == "pdf"
    assert a.doi is None  # the DOI printed in the body belongs to the cited study


# -- a generated three-page two-column paper ------------------------------------------------------


def test_running_header_and_page_numbers_are_dropped(paper):
    assert "Journal of Critical Care Trials" not in paper.text
    assert paper.meta["dropped_lines"] == 6
    for line in paper.text.split("\n"):
        assert not line.strip().isdigit()


def test_columns_and_pages_in_order(paper):
    t = paper.text
    assert t.startswith("Adjunctive cell therapy in sepsis: a randomized trial\nBackground\nSepsis remains")
    assert paper.title == "Adjunctive cell therapy in sepsis: a randomized trial"
    starts = [0] + paper.page_starts
    for p, start in enumerate(starts):
        end = starts[p + 1] if p + 1 < len(starts) else len(t)
        page = t[start:end]
        assert page.index("Background") < page.index("Sepsis remains") < page.index("Methods") < page.index("Patients received")
    heads = [t[h.start:h.end] for h in paper.spans["heading"]]
    assert heads.count("Methods") == 3 and heads.count("Background") == 3


def test_hyphenated_line_breaks(paper):
    t = paper.text
    assert "adjunctive therapies were small" in t  # a lowercase continuation: hyphen removed
    assert "pragmatic double-blind trial with a long-term follow-up" in t  # compound words keep it
    assert "The SARS-CoV-2 status" in t  # a capital or digit continues: keep it
    assert "the non-randomized cohort" in t
    assert "--" not in t


def test_superscripts_in_generated_paper(paper):
    t = paper.text
    assert "Patients received 4×10^7 cells per kilogram" in t
    assert "28.5% in the placebo group.^12\n" in t
    assert [t[s.start:s.end] for s in paper.spans["sup"]] == ["7", "12"] * 3


def test_paragraph_lines_are_joined_with_spaces(tmp_path):
    f = tmp_path / "one.pdf"
    f.write_bytes(one_column_pdf([
        "Participants were randomly assigned to receive the study drug or a",
        "matching placebo for twelve weeks.",
        "",
        "The primary outcome was the change in the score.",
    ], title="A trial of something useful"))
    src = read(f)
    assert src.text == (
        "A trial of something useful\n"
        "Participants were randomly assigned to receive the study drug or a matching placebo for twelve weeks.\n"
        "The primary outcome was the change in the score.\n"
    )
    assert src.title == "A trial of something useful"



def test_identifier_broken_at_a_full_line_goes_on_without_a_space(tmp_path):
    """A DOI too long for its line, broken where the line ran out, reads as one token; a DOI
    that ended with its line keeps the space before a PubMed id on the next."""
    f = tmp_path / "doi.pdf"
    f.write_bytes(one_column_pdf([
        "References",
        "1. Davey MJ, Teubner D.",
        "Magnesium in atrial",
        "fibrillation. Ann Emerg",
        "Med 2005;45:347-53.",
        "10.1016/j.annemergmed.2004.09.0",
        "13 PMID: 15795711",
        "2. Lee K. Fluids after",
        "day surgery. Ann Emerg",
        "Med 2005;45:350-52.",
        "10.1016/j.annemergmed.2004.09.1",
        "24583875",
    ]))
    src = read(f)
    assert "347-53. 10.1016/j.annemergmed.2004.09.013 PMID: 15795711\n" in src.text
    assert "350-52. 10.1016/j.annemergmed.2004.09.1 24583875\n" in src.text
    refs = extract(f).references
    assert [r.doi for r in refs] == ["10.1016/j.annemergmed.2004.09.013", "10.1016/j.annemergmed.2004.09.1"]


def test_line_end_hyphen_between_two_words_stays(tmp_path):
    """A hyphen at a line end stays between two words printed elsewhere inside lines, after a
    single letter or an acronym; it goes inside a word broken by the typesetter."""
    f = tmp_path / "hyphen.pdf"
    f.write_bytes(one_column_pdf([
        "The cell cycle was read in each sample, and the cell-",
        "cycle arrest was scored by two readers blind to the thera-",
        "pies given, with CHX varnish or with a varnish free of CHX-",
        "containing gels, rinsed in perfluoro-n-octane or in pure n-",
        "octane before the count.",
    ]))
    text = read(f).text
    assert "the cell-cycle arrest" in text
    assert "to the therapies given" in text
    assert "free of CHX-containing gels" in text
    assert "in pure n-octane before" in text

# -- bad files ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fraction", [0.02, 0.5, 0.9])
def test_truncated_pdf(tmp_path, data_dir, fraction):
    data = (data_dir / "msc-long-covid-news.pdf").read_bytes()
    f = tmp_path / "cut.pdf"
    f.write_bytes(data[: int(len(data) * fraction)])
    with pytest.raises(CorruptFile) as info:
        read(f)
    assert info.value.code == "E013" and "PDFium" not in info.value.hint


def test_not_a_pdf_named_pdf(tmp_path):
    f = tmp_path / "fake.pdf"
    f.write_bytes(b"GIF89a binary junk" * 10)
    with pytest.raises(CorruptFile):
        read(f)


def test_encrypted_pdf(tmp_path):
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(encrypt_pdf(paper_pdf(1), "secret"))
    with pytest.raises(EncryptedFile) as info:
        read(locked)
    assert info.value.code == "E014"
    # an owner password only (empty user password) opens without asking
    open_ = tmp_path / "owner-only.pdf"
    open_.write_bytes(encrypt_pdf(paper_pdf(1), ""))
    assert "adjunctive therapies were small" in read(open_).text


def test_image_only_pdf(tmp_path):
    f = tmp_path / "scan.pdf"
    f.write_bytes(make_image_pdf())
    with pytest.raises(NoTextLayer) as info:
        read(f)
    assert info.value.code == "E012" and "OCR" in str(info.value)


def test_page_limit(tmp_path):
    f = tmp_path / "long.pdf"
    f.write_bytes(paper_pdf(pages=3))
    with pytest.raises(TooLarge, match="--max-pages"):
        read(f, max_pages=2)
    assert read(f, max_pages=3).pages == 3


def test_pdf_named_txt_is_read_as_pdf(tmp_path, data_dir):
    f = tmp_path / "article.txt"
    f.write_bytes((data_dir / "msc-long-covid-news-2col.pdf").read_bytes())
    a = extract(f)
    assert a.format == "pdf" and a.pages == 1
    assert a.title == "MSC therapy shows long-term benefits in severe COVID-19"


def test_text_layer_quality_flag():
    (flag,) = _quality_flags("garbled", bad_map=40, sampled=100)
    assert flag.check == "text_layer_quality" and flag.status == "flag" and "40 of 100" in flag.message
    assert _quality_flags("A clean text layer.", bad_map=0, sampled=100) == []
    (flag,) = _quality_flags("x\ufffd" * 50, bad_map=0, sampled=0)
    assert flag.check == "text_layer_quality"


def test_record_maker_builds_the_records_the_classes_build():
    """The fast maker of frozen records (used by the PDF reader for table cells) gives the object the dataclass's own
    constructor gives (fields, their order, equality, hash, pickling), and falls back to the
    class when the names are not the class's fields."""
    import pickle

    from extractor.model import Provenance, TableCell
    from extractor.model import record_maker
    from extractor.source import Span

    prov_kw = dict(char_start=3, char_end=9, quote="12 (4%)", page=2, bbox=(1.0, 2.5, 30.25, 9.0))
    cell_kw = dict(row=1, col=2, text="12 (4%)", prov=Provenance(**prov_kw), row_span=1, col_span=2, is_header=False,
                   lines=())
    span_kw = dict(start=3, end=9, label="table_cell", attrs={"column": 2})
    for cls, kw in ((Provenance, prov_kw), (TableCell, cell_kw), (Span, span_kw)):
        make = record_maker(cls, tuple(kw))
        assert make is not cls
        fast, slow = make(**kw), cls(**kw)
        assert type(fast) is cls and fast == slow and repr(fast) == repr(slow)
        assert list(vars(fast).items()) == list(vars(slow).items())
        assert pickle.loads(pickle.dumps(fast)) == slow
        assert hash(fast) == hash(slow)
    assert record_maker(Provenance, ("char_start", "char_end", "quote")) is Provenance
