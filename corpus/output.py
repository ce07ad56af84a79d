"""Files written for the user: one output-path guard and one CSV cell rule for every writer.

Every file ``evidence`` writes (``evidence export -o``, ``evidence graph -o`` and the Python
writers behind them) goes through :func:`atomic_output` or :func:`write_output`:

* the store itself (and its ``-wal``/``-shm``/``-journal`` files) and any existing SQLite
  database are refused (:class:`OutputIsDatabase`, E044), even with ``force``;
* an existing file is refused unless ``force`` (:class:`OutputExists`, E042);
* a missing or read-only folder, or a folder given as the file, is refused
  (:class:`OutputNotWritable`, E043) before anything is read or computed;
* the data go to a temporary file in the target folder, renamed over the target only when the
  writer finished: an error half-way leaves an existing file as it was and no partial file.

Every CSV (graph CSV, effect tables, ``--csv``/``--tsv`` listings) writes its cells with
:func:`csv_cell`: a text that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``,
tab or carriage return first, OWASP's list) gets a leading ``'``, numbers stay numbers, and
control characters (terminal escape sequences among them) are written as ``\\xNN``.

>>> csv_cell("=HYPERLINK(\\"http://x\\")"), csv_cell("-0.25"), csv_cell(-0.25), csv_cell("a\\x1b[31m")
('\\'=HYPERLINK("http://x")', '-0.25', -0.25, 'a\\\\x1b[31m')
"""
from __future__ import annotations

import csv
import os
import re
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterable, Iterator, Optional, Sequence

from .errors import OutputError, OutputExists, OutputIsDatabase, OutputNotWritable

__all__ = ["OutputError", "OutputIsDatabase", "OutputExists", "OutputNotWritable",
           "check_output", "atomic_output", "write_output", "folder_writable", "csv_cell", "CsvWriter",
           "terminal_safe", "SQLITE_MAGIC", "PLAIN_TEXT"]

SQLITE_MAGIC = b"SQLite format 3\x00"
_STORE_SIDE_FILES = ("", "-wal", "-shm", "-journal")


def _is_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return os.path.realpath(a) == os.path.realpath(b)


def check_output(path: str | os.PathLike, *, force: bool = False,
                 protect: Iterable[str | os.PathLike] = ()) -> Path:
    """Refuse ``path`` as an output file when writing there would destroy something.

    Parameters
    ----------
    path
        The file to be written.
    force
        Replace an existing file (never a SQLite database).
    protect
        Files that must never be written: the store being read (its ``-wal``, ``-shm`` and
        ``-journal`` files are protected with it).

    Raises
    ------
    OutputIsDatabase
        E044, ``path`` is a protected file or any SQLite database.
    OutputExists
        E042, ``path`` exists and ``force`` is false.
    OutputNotWritable
        E043, ``path`` is a folder, or its folder is missing or not writable.
    """
    p = Path(path)
    for store in protect:
        if str(store) == ":memory:":
            continue
        for side in _STORE_SIDE_FILES:
            if _same_file(p, Path(str(store) + side)):
                raise OutputIsDatabase(f"{p} is the evidence store being read", path=str(p))
    if p.is_dir():
        raise OutputNotWritable(f"{p} is a folder", "give a file name for the output",
                                path=str(p))
    if p.exists() or p.is_symlink():
        if _is_sqlite(p):
            raise OutputIsDatabase(f"{p} is a SQLite database", path=str(p))
        if not force:
            raise OutputExists(f"{p} exists", path=str(p))
    folder = p.parent
    if not folder.is_dir():
        raise OutputNotWritable(f"cannot write {p}: folder {folder} does not exist", path=str(p))
    if not folder_writable(folder):
        raise OutputNotWritable(f"cannot write {p}: folder {folder} is read-only", path=str(p))
    return p


def folder_writable(folder: str | os.PathLike) -> bool:
    """True when a file can be created in ``folder`` (tried, so that a folder made immutable,
    where even root cannot write, counts as read-only)."""
    import tempfile  # with random and shutil: only an output file or an unopenable store needs it

    try:
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


def _temporary(p: Path, binary: bool) -> tuple[int, str]:
    import tempfile

    try:
        return tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent or ".")
    except OSError as exc:
        raise OutputNotWritable(f"cannot write {p}: {exc.strerror or exc}", path=str(p)) from None


@contextmanager
def atomic_output(path: str | os.PathLike, *, binary: bool = False, force: bool = False,
                  protect: Iterable[str | os.PathLike] = ()) -> Iterator[IO]:
    """Open a temporary file next to ``path``; it replaces ``path`` when the block succeeds.

    The checks of :func:`check_output` run first.  On any exception the temporary file is
    removed and ``path`` is left as it was.
    """
    p = check_output(path, force=force, protect=protect)
    fd, tmp = _temporary(p, binary)
    try:
        mode = "wb" if binary else "w"
        kw = {} if binary else {"encoding": "utf-8", "newline": ""}
        with os.fdopen(fd, mode, **kw) as fh:
            yield fh
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600: give the usual permissions
        os.replace(tmp, p)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_output(path: str | os.PathLike, data: str | bytes, *, force: bool = False,
                 protect: Iterable[str | os.PathLike] = ()) -> Path:
    """Write ``data`` to ``path`` through :func:`atomic_output`; return the path."""
    with atomic_output(path, binary=isinstance(data, bytes), force=force,
                       protect=protect) as fh:
        fh.write(data)
    return Path(path)


# -- figures ------------------------------------------------------------------------------------
#: matplotlib settings under which every figure written for the user is drawn: labels are data
#: (titles, outcome names, journal names), drawn as written.  With math parsing on, "$5 vs $10"
#: would be set as TeX and an invalid "$\\frac{$" would fail the whole export.
PLAIN_TEXT = {"text.parse_math": False, "text.usetex": False}


# -- cells --------------------------------------------------------------------------------------
# C0 controls but tab/newline/carriage return, DEL, and C1 controls (0x9b is a one-byte CSI)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)*|\.\d+)(?:[eE][+-]?\d+)?%?")


def _escape_control(m: re.Match) -> str:
    return f"\\x{ord(m.group()):02x}"


def csv_cell(value):
    """``value`` as a CSV cell a spreadsheet opens as data, never as a formula.

    ``None`` is an empty cell; numbers (and texts that are just a number, such as ``-0.25``)
    are kept; a text starting with ``= + - @``, a tab or a carriage return gets a leading
    ``'`` (OWASP, "CSV injection"); control characters become ``\\xNN``.
    """
    if value is None:
        return ""
    t = type(value)
    if t is str:
        if not value.startswith(_FORMULA_START) and _CONTROL.search(value) is None:
            return value  # the common case: nothing to change
    elif t is int or t is float or t is bool:
        return value
    if isinstance(value, (bool, int, float)):
        return value
    text = _CONTROL.sub(_escape_control, str(value))
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        text = "'" + text
    return text


class CsvWriter:
    """A ``csv`` writer whose every cell goes through :func:`csv_cell`.

    ``columns`` are written as the header row; :meth:`writerow` takes a dict (missing keys are
    empty, extra keys ignored) or a sequence in column order.
    """

    def __init__(self, out: IO[str], columns: Sequence[str], *, dialect: str = "excel",
                 header: bool = True):
        self.columns = list(columns)
        self._w = csv.writer(out, dialect=dialect, lineterminator="\n")
        if header:
            self._w.writerow([csv_cell(c) for c in self.columns])

    def writerow(self, row) -> None:
        if isinstance(row, dict):
            row = [row.get(c) for c in self.columns]
        self._w.writerow([csv_cell(v) for v in row])

    def write_cells(self, cells: Sequence) -> None:
        """Write a row whose cells :func:`csv_cell` has already made."""
        self._w.writerow(cells)

    def writerows(self, rows: Iterable) -> None:
        for r in rows:
            self.writerow(r)


def terminal_safe(text: Optional[str]) -> str:
    """``text`` with control characters (escape sequences) shown as ``\\xNN``; newlines and
    tabs kept.  For everything printed to a terminal: file names, titles, messages.

    >>> terminal_safe("paper\\x1b]0;pwned\\x07.pdf\\n")
    'paper\\\\x1b]0;pwned\\\\x07.pdf\\n'
    """
    if not text:
        return "" if text is None else text
    return _TERMINAL.sub(_escape_control, text)
