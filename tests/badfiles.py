"""Generate every bad (and awkward-but-valid) input the reliability tests feed to ``evidence``.

Nothing here is downloaded or copied from elsewhere: each fixture is built from a few bytes of
code, so the suite ships small and a reviewer can read exactly what each file contains.  The
benchmark ``benchmarks/bench_batch.py`` uses :func:`make_batch` from this module as well.

>>> pdf = make_pdf([["Hello world"]])
>>> pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
True
>>> len(trial_text(3)) > 400
True
"""
from __future__ import annotations

import io
import os
import random
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "Case",
    "make_pdf",
    "make_image_pdf",
    "encrypt_pdf",
    "trial_text",
    "trial_html",
    "make_bad_inputs",
    "make_good_inputs",
    "make_batch",
    "make_not_sqlite",
]


@dataclass(frozen=True)
class Case:
    """One input file and what ``evidence extract`` must do with it.

    ``code`` is the coded error expected (``None``: the file must be stored); ``contains`` are
    strings the stored text must contain when it is stored; ``options`` are extra CLI options.
    """

    name: str
    path: Path
    code: str | None
    contains: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    options: tuple[str, ...] = field(default_factory=tuple)


# --------------------------------------------------------------------------------------------
# A minimal PDF writer (text in Helvetica, one stream per page, an exact xref table).
# --------------------------------------------------------------------------------------------


def _pdf_escape(line: str) -> bytes:
    raw = line.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _assemble(objects: list[bytes], *, break_xref: bool = False) -> bytes:
    """Join numbered ``objects`` (1-based, object 1 is the catalog) into a PDF file."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref_at = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        if break_xref:  # every entry points into the middle of nowhere
            off = (off * 7 + 13) % max(xref_at, 1)
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % (xref_at + 17 if break_xref else xref_at))
    return out.getvalue()


def make_pdf(pages: list[list[str]], *, break_xref: bool = False) -> bytes:
    """A PDF with one page per item of ``pages``, each a list of text lines (Letter, 11 pt).

    With ``break_xref`` the cross-reference table and ``startxref`` point to wrong offsets while
    the objects themselves are intact: a reader that rebuilds the table can still read it.
    """
    n = len(pages)
    # 1 catalog, 2 pages, 3 font, then (page, content) pairs.
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, lines in enumerate(pages):
        stream = io.BytesIO()
        stream.write(b"BT\n/F1 11 Tf\n14 TL\n72 720 Td\n")
        for line in lines:
            stream.write(b"(" + _pdf_escape(line) + b") Tj T*\n")
        stream.write(b"ET\n")
        data = stream.getvalue()
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(data) + data + b"endstream")
    return _assemble(objects, break_xref=break_xref)


def make_image_pdf(text: str = "A scanned page") -> bytes:
    """A PDF whose only page is a picture of text (a scan): no text layer at all."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (850, 1100), "white")
    draw = ImageDraw.Draw(img)
    for row in range(20):
        draw.text((60, 60 + 45 * row), f"{text} - line {row + 1}", fill="black")
    buf = io.BytesIO()
    img.save(buf, format="PDF", resolution=100.0)
    return buf.getvalue()


def encrypt_pdf(pdf: bytes, user_password: str, owner_password: str = "owner-secret") -> bytes:
    """``pdf`` encrypted (RC4-128, the common default) with the given passwords (pypdf)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=user_password, owner_password=owner_password,
                   algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _wrap(text: str, width: int = 88) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines


# --------------------------------------------------------------------------------------------
# Realistic trial write-ups with varied numbers (every seed gives different bytes).
# --------------------------------------------------------------------------------------------

_DRUGS = [
    ("mesenchymal stem cells", "intravenous infusion", "1×10^6 cells/kg"),
    ("dexamethasone", "oral", "6 mg once daily"),
    ("nirmatrelvir-ritonavir", "oral", "300/100 mg twice daily"),
    ("metformin", "oral", "500 mg twice daily"),
    ("colchicine", "oral", "0.5 mg twice daily"),
    ("tocilizumab", "intravenous", "8 mg/kg"),
]
_CONDITIONS = ["long COVID", "acute respiratory distress syndrome", "post-COVID fatigue",
               "type 2 diabetes", "community-acquired pneumonia", "knee osteoarthritis"]
_OUTCOMES = ["6-minute walk distance", "fatigue score", "all-cause mortality",
             "hospital readmission", "symptom resolution", "quality of life (EQ-5D)"]
_BLINDING = ["double-blind", "open-label", "single-blind", "triple-blind"]


def trial_text(seed: int) -> str:
    """A news-style or abstract-style report of a two-arm randomized trial.

    The numbers are consistent (percentages match events/totals) and vary with ``seed``.
    """
    rng = random.Random(seed)
    drug, route, dose = rng.choice(_DRUGS)
    condition = rng.choice(_CONDITIONS)
    outcome = rng.choice(_OUTCOMES)
    blinding = rng.choice(_BLINDING)
    n_i, n_c = rng.randint(20, 400), rng.randint(20, 400)
    e_i, e_c = rng.randint(1, n_i - 1), rng.randint(1, n_c - 1)
    p_i, p_c = 100 * e_i / n_i, 100 * e_c / n_c
    odds = (e_i / (n_i - e_i)) / (e_c / (n_c - e_c))
    low, high = odds / rng.uniform(1.3, 2.5), odds * rng.uniform(1.3, 2.5)
    p = rng.choice(["p=0.%03d" % rng.randint(1, 999), "P < .001", "p = 0.04"])
    weeks = rng.choice([4, 8, 12, 24, 52])
    nct = "NCT%08d" % rng.randint(1, 99_999_999)
    return (
        f"{drug.capitalize()} for {condition}: a randomized, {blinding}, placebo-controlled trial "
        f"(report {seed})\n\n"
        f"Background. Treatment options for {condition} remain limited. "
        f"We tested whether {drug} improves {outcome}.\n\n"
        f"Methods. In this {blinding} trial ({nct}), {n_i + n_c} adults with {condition} were "
        f"randomly assigned to {drug} ({dose}, {route}) or placebo. The primary endpoint was "
        f"{outcome} at {weeks} weeks. Follow-up lasted {weeks} weeks.\n\n"
        f"Results. {outcome.capitalize()} improved in {e_i}/{n_i} patients ({p_i:.1f}%) in the "
        f"{drug} group vs {e_c}/{n_c} ({p_c:.1f}%) in the placebo group (odds ratio {odds:.2f}, "
        f"95% CI {low:.2f}-{high:.2f}; {p}). Adverse events were similar between groups "
        f"({rng.randint(5, 40)}% vs {rng.randint(5, 40)}%).\n\n"
        f"Conclusions. Among adults with {condition}, {drug} was associated with a difference in "
        f"{outcome} at {weeks} weeks. Larger trials are needed.\n\n"
        f"References\n"
        f"1. Smith J, Lee K. {drug.capitalize()} in {condition}. N Engl J Med. "
        f"{2000 + seed % 24};{300 + seed % 90}({1 + seed % 12}):{100 + seed % 800}-{900 + seed % 99}. "
        f"doi:10.1056/NEJMoa{2000000 + seed}\n"
        f"2. Chen W, et al. Outcomes of {condition}. Lancet. {2010 + seed % 14};{390 + seed % 20}:"
        f"{1000 + seed % 900}-{1900 + seed % 99}.\n"
    )


def trial_html(seed: int, *, encoding: str = "utf-8", declare: bool = True,
               scripts: bool = True) -> bytes:
    """:func:`trial_text` as an HTML page (with scripts, styles and navigation to be dropped)."""
    title, _, rest = trial_text(seed).partition("\n\n")
    paras = "".join(f"<p>{p.replace(chr(10), '<br>')}</p>\n" for p in rest.split("\n\n"))
    head = f'<meta charset="{encoding}">' if declare else ""
    junk = ("<script>var tracking = 'SCRIPT-NOISE'; document.write('SCRIPT-NOISE');</script>"
            "<style>p { color: red } /* STYLE-NOISE */</style>") if scripts else ""
    page = (f"<!DOCTYPE html><html><head>{head}<title>{title}</title>{junk}</head><body>"
            f"<nav>NAV-NOISE Home | About</nav><article><h1>{title}</h1>\n{paras}</article>"
            f"{junk}</body></html>")
    return page.encode(encoding)


# --------------------------------------------------------------------------------------------
# The fixtures.
# --------------------------------------------------------------------------------------------

_UMLAUT_TEXT = ("Müller and Groß reported a randomized trial in Zürich. The mean difference was "
                "2.5 ± 0.8 points (95% CI 1.0–4.0; p = 0.002) after 12 weeks of therapy.\n")


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


ESCAPE_NAME = "esc\x1b]0;owned\x07\x1b[2J"
"""A file name with an OSC window-title sequence and a clear-screen sequence."""


def make_bad_inputs(directory: os.PathLike | str) -> dict[str, Case]:
    """Write every bad or awkward input into ``directory``; return the cases by name.

    Cases with ``code=None`` are awkward but valid (odd encodings, an encrypted PDF whose user
    password is empty, a PDF with a broken xref table that a reader can rebuild): they must be
    stored with the right text.
    """
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    rng = random.Random(8)
    good_pdf = make_pdf([_wrap(trial_text(101))])
    cases: list[Case] = []

    def add(name, data, code, **kw):
        cases.append(Case(name=name, path=_write(d / name, data) if data is not None
                          else d / name, code=code, **kw))

    add("zero-byte.pdf", b"", "E011")
    add("zero-byte.txt", b"", "E011")
    # The header and the start of the first object only: no page survives.
    add("truncated.pdf", good_pdf[:120], "E013")
    add("corrupt.pdf", b"%PDF-1.7\n" + bytes(rng.getrandbits(8) for _ in range(3000)), "E013")
    add("encrypted.pdf", encrypt_pdf(good_pdf, "secret"), "E014")
    add("encrypted-empty-password.pdf", encrypt_pdf(good_pdf, ""), None,
        contains=("randomized",))
    add("image-only.pdf", make_image_pdf(), "E012")
    add("broken-xref.pdf", make_pdf([_wrap(trial_text(102))], break_xref=True), None,
        contains=("randomized",))
    add("many-pages.pdf", make_pdf([[f"Page {i + 1} of a long supplement."] for i in range(12)]),
        "E017", options=("--max-pages", "5"))
    add("big.txt", ("A randomized trial of colchicine. " * 400).encode(), "E017",
        options=("--max-mb", "0.01"))
    add("cp1252.html", trial_html(103, encoding="windows-1252").replace(
        b"</article>", "<p>Caf\u00e9 na\u00efve \u2013 \u201cquoted\u201d</p></article>"
        .encode("windows-1252")), None, contains=("Café naïve", "“quoted”"),
        absent=("SCRIPT-NOISE", "STYLE-NOISE"))
    add("shift-jis.html",
        ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">'
         "<title>臨床試験</title></head><body><p>無作為化比較試験の結果、主要評価項目に有意差は"
         "なかった。</p><p>A randomized trial in Tokyo enrolled 120 patients.</p>"
         "<script>var x = 'SCRIPT-NOISE';</script></body></html>").encode("shift_jis"), None,
        contains=("無作為化比較試験", "120 patients"), absent=("SCRIPT-NOISE",))
    add("utf16-bom.html", "\ufeff".encode("utf-16-le") + trial_html(104, declare=False)
        .decode("utf-8").encode("utf-16-le"), None, contains=("randomized",),
        absent=("SCRIPT-NOISE",))
    add("binary.txt", bytes(rng.getrandbits(8) for _ in range(4096)), "E015")
    add("latin1.txt", _UMLAUT_TEXT.replace("–", "-").encode("latin-1"), None,
        contains=("Müller", "Groß", "2.5 ± 0.8"))
    add("not-well-formed.xml",
        b'<?xml version="1.0"?>\n<article xmlns:xlink="http://www.w3.org/1999/xlink">'
        b"<front><article-meta><title-group><article-title>A trial</article-title>"
        b"</title-group></article-meta></front><body><sec><p>Unclosed paragraph "
        b"<italic>with a dangling tag</sec></body>", "E016")
    add("does-not-exist.pdf", None, "E001")
    # Hostile XML: an external entity must not be resolved (nothing leaks from the disk), an
    # entity bomb must be refused, an external DTD must not be fetched (no network).
    secret = _write(d / "secret" / "token.txt", b"SECRET-TOKEN-8f3a")
    add("external-entity.xml",
        (f'<?xml version="1.0"?>\n<!DOCTYPE article [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
         f"<article><front><article-meta><title-group><article-title>An entity test"
         f"</article-title></title-group></article-meta></front><body><sec><title>Results"
         f"</title><p>Leak: &xxe; end. A randomized trial enrolled 20 patients.</p></sec>"
         f"</body></article>").encode(), None, contains=("randomized trial enrolled",),
        absent=("SECRET-TOKEN",))
    bomb = "".join(f'<!ENTITY e{i} "{("&e%d;" % (i - 1)) * 10 if i else "lol"}">'
                   for i in range(10))
    add("entity-bomb.xml", (f'<?xml version="1.0"?>\n<!DOCTYPE article [{bomb}]>'
                            f"<article><body><p>&e9;</p></body></article>").encode(), "E016")
    add("external-dtd.xml",
        b'<?xml version="1.0"?>\n<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal '
        b'Publishing DTD v1.2 20190208//EN" "http://jats.nlm.nih.gov/publishing/1.2/'
        b'JATS-journalpublishing1.dtd">\n<article><body><sec><title>Methods</title><p>A trial '
        b"randomized 40 patients to two arms.</p></sec></body></article>", None,
        contains=("randomized 40 patients",))
    # Markup with no text at all.
    add("scripts-only.html", b"<html><head><script>var a = 1;</script><style>p {}</style>"
        b"</head><body><script>track()</script>\n \n</body></html>", "E011")
    # Nesting deeper than libxml2's limits (255 levels; 2,048 with its "huge" option): nothing
    # after the limit may be lost silently.  Legacy pages leave <font> tags open (400 levels),
    # or nest thousands of <div>s; a table inside a table inside... cannot be unwrapped.
    add("unclosed-font.html", ("<html><body>" + "".join(
        f"<p><font face=Arial>Paragraph {i}: patients improved." for i in range(400))
        + "</body></html>").encode(), None, contains=("Paragraph 0:", "Paragraph 399:"))
    add("deep-nesting.html", b"<html><body>" + b"<div>" * 10_000 + b"<p>Deep.</p>"
        + b"</div>" * 10_000 + b"<p>After the divs.</p></body></html>", None,
        contains=("Deep.", "After the divs."))
    add("deep-tables.html", b"<html><body>" + b"<table><tr><td>" * 3000 + b"cell"
        + b"</td></tr></table>" * 3000 + b"</body></html>", "E017")
    add("deep-sections.xml", ("<article><body>" + "<sec><p>" * 700 + "Deep text of a trial."
                              + "</p></sec>" * 700 + "<p>After the sections.</p></body></article>")
        .encode(), None, contains=("Deep text of a trial.", "After the sections."))
    add("too-deep.xml", b"<article><body>" + b"<p>" * 3000 + b"Deep." + b"</p>" * 3000
        + b"</body></article>", "E017")
    # Entities: the JATS DTD's names come from the bundled table (the DTD is never read), an
    # undeclared or external one is left out (never kept as literal "&name;"), and an HTML
    # DOCTYPE's internal subset shows neither "]>" nor its entities.
    add("jats-entities.xml",
        b'<?xml version="1.0"?>\n<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal '
        b'Publishing DTD v1.2 20190208//EN" "JATS-journalpublishing1.dtd">\n<article><front>'
        b"<article-meta><title-group><article-title>Zinc&ndash;placebo trial</article-title>"
        b"</title-group></article-meta></front><body><sec><title>Results</title><p>Relapse: OR "
        b"0.48 (95% CI 0.14&ndash;1.41; p&equals;0.17); &alpha; &le; 0.05; &b.beta; &agr;.</p>"
        b"</sec></body></article>", None,
        contains=("Zinc\u2013placebo", "0.14\u20131.41; p=0.17", "\u03b1 \u2264 0.05", "\U0001d6c3",
                  "\u03b1."), absent=("&ndash;", "&equals;", "ndash"))
    add("undeclared-entity.xml",
        (f'<?xml version="1.0"?>\n<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal '
         f'Publishing DTD v1.2 20190208//EN" "JATS-journalpublishing1.dtd" [<!ENTITY xxe SYSTEM '
         f'"{secret.as_uri()}"><!ENTITY trial "the ZEST trial">]>\n<article><front><article-meta>'
         f"<title-group><article-title>Entities &xxe;&nosuch; in a title</article-title>"
         f"</title-group></article-meta></front><body><p>In &trial;, 40 patients were randomized"
         f" &nosuch;&xxe;to two arms.</p></body></article>").encode(), None,
        contains=("Entities in a title", "In the ZEST trial, 40 patients were randomized to two"),
        absent=("&xxe;", "&nosuch;", "SECRET-TOKEN"))
    add("doctype-subset.html",
        (f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]><html><head><title>A '
         f"trial</title></head><body><p>Results &xxe;were similar in 40 patients.</p>"
         f"</body></html>").encode(), None, contains=("Results were similar",),
        absent=("]>", "&xxe;", "SECRET-TOKEN"))
    add("whitespace.txt", b" \n\t\n   \r\n", "E011")
    # A file name that is not UTF-8 (a Latin-1 name copied from an old drive).
    name = os.fsdecode(b"caf\xe9-trial.txt")
    add(name, _UMLAUT_TEXT.encode("utf-8"), None, contains=("Müller",))
    # File names carrying terminal escape sequences (set the window title, clear the screen):
    # reported and listed, but the sequences never reach the terminal.
    add(ESCAPE_NAME + ".pdf", b"", "E011")
    add(ESCAPE_NAME + ".txt", ("Escaped name. " + _UMLAUT_TEXT).encode("utf-8"), None,
        contains=("Escaped name. Müller",))
    return {c.name: c for c in cases}


def make_good_inputs(directory: os.PathLike | str, n: int, *, start: int = 0) -> list[Path]:
    """``n`` distinct good documents (txt, html, pdf in turn) from :func:`trial_text`."""
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        kind = i % 3
        if kind == 0:
            paths.append(_write(d / f"trial-{i:05d}.txt", trial_text(i).encode()))
        elif kind == 1:
            paths.append(_write(d / f"trial-{i:05d}.html", trial_html(i)))
        else:
            text = trial_text(i)
            pages = [_wrap(p) for p in text.split("\n\n") if p.strip()]
            half = max(1, len(pages) // 2)
            paths.append(_write(d / f"trial-{i:05d}.pdf",
                                make_pdf([sum(pages[:half], []), sum(pages[half:], [])])))
    return paths


_BAD_MAKERS = [
    ("zero", ".pdf", lambda i, r: b""),
    ("corrupt", ".pdf", lambda i, r: b"%PDF-1.5\n" + r.randbytes(2000)),
    ("binary", ".txt", lambda i, r: r.randbytes(3000)),
    ("broken", ".xml", lambda i, r: b"<article><body><p>unclosed %d</body>" % i),
    ("truncated", ".pdf", lambda i, r: make_pdf([_wrap(trial_text(10_000_000 + i))])[:150]),
]


def make_batch(directory: os.PathLike | str, n: int, *, bad_every: int = 10,
               seed: int = 0) -> tuple[list[Path], list[Path]]:
    """A synthetic batch of ``n`` files: every ``bad_every``-th one is bad (of several kinds).

    Returns ``(good, bad)`` lists of paths; every good file has unique bytes.
    """
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    good, bad = [], []
    for i in range(n):
        if bad_every and i % bad_every == bad_every - 1:
            label, suffix, maker = _BAD_MAKERS[(i // bad_every) % len(_BAD_MAKERS)]
            bad.append(_write(d / f"bad-{label}-{i:05d}{suffix}", maker(i, rng)))
        else:
            good.extend(make_good_inputs(d, 1, start=seed * 1_000_000 + i))
    return good, bad


def make_not_sqlite(path: os.PathLike | str) -> Path:
    """A file that is clearly not a SQLite database (a text file named like a store)."""
    return _write(Path(path), b"this is a notes file, not an evidence store\n" * 20)


def lock_store(path: os.PathLike | str) -> sqlite3.Connection:
    """Open ``path`` and hold an exclusive write lock until the returned connection closes."""
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=0.1,
                           check_same_thread=False)  # a test may release it from a timer
    conn.execute("BEGIN EXCLUSIVE")
    return conn
