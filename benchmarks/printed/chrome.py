"""Print rendered articles to PDF with headless Chromium, cached by the HTML's hash."""
from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from .render import Rendered, render

__all__ = ["EI_DEV", "OUT", "KINDS", "Printed", "chromium", "draw", "nxml_path", "path", "print_html", "printed", "split_of"]

REPO = Path(__file__).resolve().parents[2]
EI_DEV = Path(os.environ.get("EI_DEV", REPO.parent.parent / "shared" / "corpus" / "ei-dev"))
if not EI_DEV.exists():
    EI_DEV = REPO.parent / "shared" / "corpus" / "ei-dev"
OUT = REPO / "benchmarks" / "out" / "printed"
SEED = 14


def chromium() -> Optional[str]:
    """The Chromium binary (``$CHROMIUM``, else chromium/chromium-browser on the PATH)."""
    for cand in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser"),
                 shutil.which("google-chrome")):
        if cand and Path(cand).exists():
            return cand
    return None


@lru_cache(maxsize=1)
def _splits() -> dict[str, str]:
    out = {}
    with open(EI_DEV / "prompts.jsonl", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            out[d["article"]] = d["split"]
    return out


def split_of(pmcid: str) -> Optional[str]:
    return _splits().get(pmcid)


def nxml_path(pmcid: str) -> Path:
    return EI_DEV / "nxml" / f"{pmcid}.nxml"


def full_text(pmcid: str) -> bool:
    """Whether the article's JATS has a full text: body paragraphs (not scanned pages only)
    and a reference list."""
    try:
        data = nxml_path(pmcid).read_bytes()
    except OSError:
        return False
    body = data.find(b"<body")
    return body >= 0 and data.count(b"<p", body) >= 8 and b"<ref-list" in data and b"scanned-pages" not in data


def draw(split: str, n: int, seed: int = SEED) -> list[str]:
    """``n`` full-text article ids of ``split``, drawn uniformly with a fixed seed (the same
    every run; a draw of more articles starts with the same ones)."""
    ids = sorted(a for a, s in _splits().items() if s == split)
    rng = random.Random(seed)
    rng.shuffle(ids)
    return [a for a in ids if full_text(a)][:n]


def print_html(html_file: Path, pdf: Path, timeout: float = 180) -> None:
    """Print ``html_file`` to ``pdf`` with headless Chromium (no header/footer, no network)."""
    exe = chromium()
    if exe is None:
        raise RuntimeError("headless Chromium not found: install it (apt-get install chromium) or set $CHROMIUM")
    with tempfile.TemporaryDirectory(prefix="printed-chrome-") as profile:
        tmp = pdf.with_suffix(".tmp.pdf")
        cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={tmp}",
               html_file.resolve().as_uri()]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout)
        if not tmp.exists() or tmp.stat().st_size == 0:
            raise RuntimeError(f"Chromium printed nothing for {html_file}")
        tmp.replace(pdf)


@dataclass
class Printed:
    pmcid: str
    columns: int
    gold: Rendered
    html_path: Path
    pdf: Optional[Path]  # None when printing was not asked for or Chromium is missing


def printed(pmcid: str, columns: int, *, out: Path = OUT, pdf: bool = True, nxml: Optional[Path] = None) -> Printed:
    """Render ``pmcid`` (or the JATS file ``nxml``) in ``columns`` columns; print it unless the
    cached PDF is current."""
    gold = render(nxml or nxml_path(pmcid), columns)
    out.mkdir(parents=True, exist_ok=True)
    stem = out / f"{pmcid}-{columns}col"
    html_path = stem.with_suffix(".html")
    digest = hashlib.sha256(gold.html.encode("utf-8")).hexdigest()
    if not html_path.exists() or html_path.read_text(encoding="utf-8") != gold.html:
        html_path.write_text(gold.html, encoding="utf-8")
    if not pdf:
        return Printed(pmcid, columns, gold, html_path, None)
    pdf_path = stem.with_suffix(".pdf")
    stamp = stem.with_suffix(".sha256")
    if not (pdf_path.exists() and stamp.exists() and stamp.read_text().strip() == digest):
        print_html(html_path, pdf_path)
        stamp.write_text(digest + "\n")
    return Printed(pmcid, columns, gold, html_path, pdf_path)


#: the kinds :func:`path` gives: the HTML page, and the PDF in one, two or three columns
KINDS = {"html": 1, "pdf": 1, "pdf-2col": 2, "pdf-3col": 3}


def path(nxml: Path, kind: str) -> Optional[Path]:
    """The printed form ``kind`` (:data:`KINDS`) of the JATS article ``nxml``, rendered and
    printed on first use (``None`` for a PDF when Chromium is missing)."""
    nxml = Path(nxml)
    cols = KINDS[kind]
    if kind == "html":
        return printed(nxml.stem, cols, pdf=False, nxml=nxml).html_path
    if chromium() is None:
        return None
    return printed(nxml.stem, cols, nxml=nxml).pdf
