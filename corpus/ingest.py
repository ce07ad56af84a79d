"""Batch ingest: files, folders and globs in; one transaction per document; failures recorded.

>>> from corpus import Store
>>> report = ingest(["no/such/file.pdf"], Store(":memory:"))
>>> report.failed, report.items[0]["code"]
(1, 'E001')

:func:`ingest` expands its inputs (:func:`expand`), skips files whose bytes are already stored
by the current extractor version (so an interrupted batch resumes where it stopped), extracts
the rest with :func:`extractor.extract` — in worker processes when ``workers > 1`` — and saves
each article from this process, the single writer, in input order, so ``workers=N`` gives the
same store as ``workers=1``.  A file that cannot be read becomes a ``failures`` row and the batch
goes on (``strict=True`` stops at the first).
"""
from __future__ import annotations

import collections
import gc
import glob
import hashlib
import itertools
import os
import pickle
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Optional, Sequence

import extractor
from extractor.errors import EvidenceError, FileMissing, UnsafeLink, UnsupportedFormat

from .errors import InternalError
from .store import Store, storable

if TYPE_CHECKING:  # the process pools are imported by the batches that use them
    from concurrent.futures import ProcessPoolExecutor

__all__ = ["Input", "IngestReport", "expand", "ingest", "file_sha256", "supported_suffixes"]

#: Suffixes a folder is searched for when the readers do not publish their registry.
DEFAULT_SUFFIXES = (".pdf", ".html", ".htm", ".xhtml", ".xml", ".nxml", ".txt", ".text", ".md")
GLOB_CHARS = set("*?[")


def supported_suffixes() -> tuple[str, ...]:
    """The file suffixes the readers accept (``extractor.readers.SUFFIXES`` when published)."""
    try:
        from extractor import readers
    except ImportError:  # readers not installed yet: fall back to the documented formats
        return DEFAULT_SUFFIXES
    found = getattr(readers, "SUFFIXES", None)
    return tuple(sorted(found)) if found else DEFAULT_SUFFIXES


@dataclass(frozen=True)
class Input:
    """One file to read, or an input that could not be expanded (``error`` set)."""

    path: str
    error: Optional[EvidenceError] = None


def expand(paths: Iterable[str | os.PathLike]) -> list[Input]:
    """Files, folders (recursive, supported suffixes, sorted) and globs, in the order given.

    A path listed twice is read once.  A missing path, a glob matching nothing and a folder
    holding no supported file become :class:`Input` items carrying their coded error.  Inside
    a folder, a symbolic link is followed only to a file inside that folder: a link leading
    outside it or in a loop (E018) and a broken link (E001) are inputs carrying their error,
    so each gets a ``failures`` row (a file named on the command line is read wherever it is).
    """
    suffixes = supported_suffixes()
    out: list[Input] = []
    seen: set[str] = set()

    def add(p: str, error: Optional[EvidenceError] = None) -> None:
        if error is None:
            key = os.path.realpath(p)
            if key in seen:
                return
            seen.add(key)
        out.append(Input(p, error))

    def folder(d: Path) -> None:
        root = Path(os.path.realpath(d))
        files: list[tuple[str, Optional[EvidenceError]]] = []
        for f in d.rglob("*"):  # symbolic links to folders are not descended into
            if f.suffix.lower() not in suffixes or \
                    any(part.startswith(".") for part in f.relative_to(d).parts):
                continue
            problem = _link_problem(f, root, d) if f.is_symlink() else None
            if problem is not None or f.is_file():
                files.append((str(f), problem))
        files.sort()
        if not files:
            add(str(d), UnsupportedFormat(
                f"no supported file in folder {d}",
                f"the readers take {', '.join(suffixes)}", path=str(d)))
        for f, problem in files:
            add(f, problem)

    for raw in paths:
        p = str(raw)
        if os.path.isdir(p):
            folder(Path(p))
        elif os.path.isfile(p):
            add(p)
        elif GLOB_CHARS & set(p):
            matches = sorted(glob.glob(p, recursive=True))
            if not matches:
                add(p, FileMissing(f"no file matches {p}", path=p))
            for m in matches:
                folder(Path(m)) if os.path.isdir(m) else add(m)
        else:
            add(p, FileMissing(f"no such file: {p}", path=p))
    return out


def _link_problem(link: Path, root: Path, folder: Path) -> Optional[EvidenceError]:
    """Why the symbolic link ``link`` found in ``folder`` (real path ``root``) is not read."""
    try:
        target = Path(os.path.realpath(link, strict=True))
    except FileNotFoundError:
        return FileMissing(f"{link} is a broken link (its target {os.readlink(link)} does not "
                           "exist)", "fix or remove the link", path=str(link))
    except OSError as exc:  # ELOOP: a link that leads back to itself
        return UnsafeLink(f"{link} is a symbolic link in a loop ({exc.strerror})",
                          "fix or remove the link", path=str(link))
    if not target.is_relative_to(root):
        return UnsafeLink(f"{link} links to {target}, outside the folder {folder}: not followed",
                          path=str(link))
    return None


def file_sha256(path: str) -> str:
    """The sha256 of a file's bytes, read in chunks (cheap next to extraction)."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


@dataclass
class IngestReport:
    """What a batch did.  ``items`` has one dict per input, in input order."""

    stored: int = 0
    unchanged: int = 0
    replaced: int = 0
    failed: int = 0
    pages: int = 0
    sentences: int = 0
    seconds: float = 0.0
    stopped: bool = False  # strict mode stopped at a failure
    items: list[dict] = field(default_factory=list)
    #: works whose topic tags may have changed (cited by, or being, a stored document)
    works: set[int] = field(default_factory=set)

    @property
    def inputs(self) -> int:
        return len(self.items)

    def summary(self) -> str:
        """``3 documents stored (1 unchanged), 5 pages, 120 sentences, 1 failure in 1.2 s``."""
        def n(k, word):
            return f"{k} {word}{'' if k == 1 else 's'}"
        kept = f"{self.unchanged} unchanged"
        if self.replaced:
            kept += f", {self.replaced} replaced"
        return (f"{n(self.stored + self.replaced, 'document')} stored ({kept}), "
                f"{n(self.pages, 'page')}, {n(self.sentences, 'sentence')}, "
                f"{n(self.failed, 'failure')} in {self.seconds:.1f} s")

    def to_dict(self) -> dict:
        return {"stored": self.stored, "unchanged": self.unchanged, "replaced": self.replaced,
                "failed": self.failed, "pages": self.pages, "sentences": self.sentences,
                "seconds": round(self.seconds, 3), "stopped": self.stopped,
                "documents": self.items}


PARENT_POLL_SECONDS = 1.0
#: about what loading a reader takes (the PDF reader, with numpy and pypdfium2): the read-ahead
#: is left to finish when the files it has left would take less
READER_LOAD_SECONDS = 0.1
#: the most files read ahead (far more than are read while the rules load)
READ_AHEAD_FILES = 256
#: files in flight per worker process (see :func:`_run_pool`)
WINDOW = 6
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _worker_init(parent_pid: int, warm: bool = False) -> None:
    """Workers ignore SIGINT (the parent alone decides to stop: no traceback from workers) and
    die with their parent, however it ends (SIGKILL, SIGTERM, a crash); a worker that was not
    forked from a warmed parent loads the extractor's tables now (``warm``)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent_pid)
    if warm:
        extractor.warm_up()


def _die_with_parent(parent_pid: int) -> None:
    """End this process when ``parent_pid`` ends.

    On Linux the kernel sends SIGKILL when the parent exits (``prctl(PR_SET_PDEATHSIG)``); on
    every system a daemon thread also checks once a second that the parent is still the one
    that started this worker (an orphan is adopted by another process) and exits if not.
    """
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no prctl: the watchdog below still works
            pass
    if os.getppid() != parent_pid:  # the parent died before the line above took effect
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(PARENT_POLL_SECONDS)
            if os.getppid() != parent_pid:
                os._exit(1)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop a pool at once (on interrupt): terminate its workers, drop queued work."""
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        if proc.is_alive():
            proc.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


def _caught(path: str, exc: Exception) -> EvidenceError:
    """The error one file's ``exc`` is stored as: a coded error keeps its code (and learns the
    path), anything else is an internal error naming its type."""
    if isinstance(exc, EvidenceError):
        if exc.path is None:
            exc.path = path
        return exc
    return InternalError(f"{type(exc).__name__}: {exc}", path=path)


def _extract(path: str, options: dict, data: Optional[bytes] = None, read=None):
    """Extract one file (or its ``data`` read elsewhere, or finish the ``read`` half done by
    :func:`_read`); never raises (runs in worker processes, results must pickle)."""
    try:
        if read is not None:
            from extractor.pipeline import extract_source

            source, sha256, segmented = pickle.loads(read) if isinstance(read, bytes) else read
            return extract_source(source, path=path, sha256=sha256, segmented=segmented), None
        if data is not None:
            from extractor.pipeline import extract_data

            return extract_data(data, path, **options), None
        return extractor.extract(path, **options), None
    except Exception as exc:  # noqa: BLE001 - one bad file must never stop the batch
        return None, _caught(path, exc)


def _read(path: str, options: dict):
    """The first half of extracting one file (:func:`extractor.pipeline.read`: reader,
    sentences), pickled; never raises (runs in the read-ahead process).

    The batch's process only hands what was read on to a worker: kept as the bytes of its
    pickle, it is neither rebuilt there nor pickled again (rebuilding a source's objects in
    the process that is loading the language pipeline at that moment delays every worker's
    start), and the worker unpickles it once (:func:`_extract`).
    """
    try:
        from extractor.pipeline import read

        return pickle.dumps(read(path, **options), pickle.HIGHEST_PROTOCOL), None
    except Exception as exc:  # noqa: BLE001 - one bad file must never stop the batch
        return None, _caught(path, exc)


#: :func:`extractor.extract` as this module found it; the read-ahead splits it in two halves
#: (:func:`extractor.pipeline.read`, ``extract_source``), so it is used only when ``extract``
#: is still this function (not replaced by a caller's own)
_EXTRACT = extractor.extract


class _ReadAhead:
    """Files read in light processes while this one loads the language pipeline and the rules.

    Reading (PDF layout, XML, character maps) and splitting into sentences need neither spaCy
    nor the rules, whose loading (:func:`extractor.warm_up`) is the longest step before the
    first document; processes forked before it read the batch's files in the meantime, in
    input order.  :meth:`stop`, called once the rules are loaded, keeps what was read in
    :attr:`results` and the reads still in progress in :attr:`pending` (the warmed workers
    finish those files as each read ends, :func:`_chain`, and extract the others whole),
    drops the reads not started and lets those processes end once their reads are done,
    without waiting for them.
    """

    def __init__(self, items: list, options: dict, processes: int) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.items = items  # plan items (Input, sha256, None)
        self.pool = ProcessPoolExecutor(
            max_workers=processes, mp_context=multiprocessing.get_context("fork"),
            initializer=_worker_init, initargs=(os.getpid(),))
        self.futures = [self.pool.submit(_read, item[0].path, options) for item in items]
        self.started = time.monotonic()
        #: ``{id(plan item): (read, error)}`` of the files read, once stopped
        self.results: dict = {}
        #: ``{id(plan item): future}`` of the reads in progress when stopped
        self.pending: dict = {}

    def unread(self) -> list:
        """The plan items not read yet."""
        return [item for item, fut in zip(self.items, self.futures) if not fut.done()]

    def seconds_left(self) -> float:
        """How long reading the rest would take at the pace so far."""
        done = sum(fut.done() for fut in self.futures)
        left = len(self.futures) - done
        return 0.0 if not left else float("inf") if not done else \
            (time.monotonic() - self.started) / done * left

    def stop(self, finish: bool = False) -> None:
        """Keep what was read and the reads in progress, drop the rest (or read it first:
        ``finish``); the processes end when their reads are done."""
        if finish:
            self.pool.shutdown(wait=True)
        else:
            for fut in reversed(self.futures):  # the last first: none of them starts meanwhile
                fut.cancel()
            self.pool.shutdown(wait=False)
        for item, fut in zip(self.items, self.futures):
            if not fut.done():
                self.pending[id(item)] = fut
            elif not fut.cancelled() and fut.exception() is None:
                self.results[id(item)] = fut.result()

    def abort(self) -> None:
        _stop(self.pool)


def _chain(pool: "ProcessPoolExecutor", reading, path: str, options: dict):
    """A future of the extraction of ``path`` in ``pool``, started when its read in progress
    (``reading``, a read-ahead future) ends: from what was read, or whole when the read did
    not end with a result (the read-ahead process lost)."""
    from concurrent.futures import Future

    out: Future = Future()

    def settle(fut) -> None:
        try:
            try:
                read, error = fut.result()
            except BaseException:  # noqa: BLE001 - the read-ahead process ended: read again
                read, error = None, None
            if error is not None:
                out.set_result((None, error))
                return
            inner = pool.submit(_extract, path, options) if read is None else \
                pool.submit(_extract, path, options, None, read)
        except BaseException as exc:  # noqa: BLE001 - the pool is shut down or broken
            out.set_exception(exc)
            return

        def done(f) -> None:
            if f.cancelled():
                out.cancel() or out.set_exception(RuntimeError("cancelled"))
            elif f.exception() is not None:
                out.set_exception(f.exception())
            else:
                out.set_result(f.result())
        inner.add_done_callback(done)

    reading.add_done_callback(settle)
    return out


def _forks() -> bool:
    """Whether worker processes are forked here (POSIX other than macOS)."""
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"


def ingest(
    paths: Sequence[str | os.PathLike | Input],
    store: Store,
    *,
    force: bool = False,
    strict: bool = False,
    workers: int = 1,
    options: Optional[dict] = None,
    progress: Optional[Callable[[dict], None]] = None,
    dask: Optional[str] = None,
) -> IngestReport:
    """Extract and store every input; return counts and one status per input.

    Parameters
    ----------
    paths
        Files, folders, globs (or :class:`Input` items from :func:`expand`).
    store
        The writable :class:`~corpus.store.Store`.
    force
        Re-extract and replace documents whose bytes are already stored.
    strict
        Stop at the first failure (it is still recorded in ``failures``).
    workers
        Extraction processes; the store is written from this process only, in input order.
    options
        Keyword options passed to :func:`extractor.extract` (``max_pages``, ``max_mb``...).
    progress
        Called with each input's item dict as soon as it is done (stored or failed).
    dask
        A Dask scheduler address (``tcp://host:8786``) or ``"local"`` (a LocalCluster of
        ``workers`` processes on this machine): documents are read here and their bytes sent
        to the Dask workers, which extract them; this process stays the one writer, in input
        order, with the same sha256 skip (see :mod:`corpus.scaleout`).
    """
    t0 = time.perf_counter()
    options = {k: v for k, v in (options or {}).items() if v is not None}
    if all(isinstance(p, Input) for p in paths):
        inputs = list(paths)
    else:
        inputs = expand(paths)
    report = IngestReport()
    current = extractor.__version__

    # 1. cheap pass: hash every file, decide what needs extracting
    plan: list[tuple[Input, Optional[str], Optional[EvidenceError]]] = []
    for inp in inputs:
        if inp.error is not None:
            plan.append((inp, None, inp.error))
            continue
        try:
            sha = file_sha256(inp.path)
        except OSError as exc:
            plan.append((inp, None, FileMissing(f"cannot read {inp.path} ({exc.strerror})",
                                                path=inp.path)))
            continue
        plan.append((inp, sha, None))

    def finish(item: dict) -> None:
        report.items.append(item)
        if progress is not None:
            progress(item)

    def fail(inp: Input, sha: Optional[str], err: BaseException) -> None:
        row = store.record_failure(inp.path, sha, err)
        report.failed += 1
        finish({"path": inp.path, "status": "failed", "sha256": sha, "code": row["code"],
                "message": row["message"]})
        if strict:
            report.stopped = True

    def save(inp: Input, sha: str, article) -> None:
        try:
            res = store.save(article, force=force)
        except EvidenceError:  # the store itself failed (locked, read-only): stop the batch
            raise
        except Exception as exc:  # noqa: BLE001 - one document's rows never stop a batch
            fail(inp, sha, InternalError(f"could not store {inp.path}: "
                                         f"{type(exc).__name__}: {exc}", path=inp.path))
            return
        setattr(report, res.status, getattr(report, res.status) + 1)
        report.works.update(res.works)
        if res.status != "unchanged":
            report.pages += res.pages or 0
            report.sentences += res.sentences
        finish({"path": inp.path, "status": res.status, "sha256": res.sha256,
                "document_id": res.document_id, "pages": res.pages,
                "sentences": res.sentences})

    def already(sha: str) -> Optional[int]:
        if force:
            return None
        row = store.conn.execute(
            "SELECT id FROM documents WHERE sha256 = ? AND extractor_version IS ?",
            (sha, current)).fetchone()
        return row[0] if row else None

    def handle_known(inp, sha, err) -> bool:
        """Inputs decided without extraction; True when handled."""
        if err is not None:
            fail(inp, sha, err)
            return True
        doc_id = already(sha)
        if doc_id is not None:
            store.transaction(lambda c: c.execute("DELETE FROM failures WHERE path = ?",
                                                  (storable(inp.path),)))
            report.unchanged += 1
            finish({"path": inp.path, "status": "unchanged", "sha256": sha,
                    "document_id": doc_id})
            return True
        return False

    try:
        if dask:
            from .scaleout import dask_pool

            _run_pool(plan, workers, options, lambda sha: already(sha) is not None, handle_known, save,
                      fail, report, make_pool=lambda: dask_pool(dask, workers))
        elif workers <= 1:
            _run_serial(plan, options, handle_known, save, fail, report)
        else:
            _run_pool(plan, workers, options, lambda sha: already(sha) is not None, handle_known, save,
                      fail, report)
    finally:
        report.seconds = time.perf_counter() - t0
    return report


def _run_serial(plan, options, handle_known, save, fail, report) -> None:
    """Extract and save in this process, in input order.

    Once the first document is extracted, what extraction loads on first use (the language
    pipeline, the rules, their tables) is moved out of the garbage collector's reach for the
    rest of the batch, as the workers of a pool are forked with it frozen: a
    full collection would otherwise go over all of them again for the few objects a document
    leaves (about 2% of a JATS batch's time).  It is collectable again after the batch.  The
    collector is paused while the first document loads all that (as in
    :func:`extractor.pipeline.warm_up`: a fifth of that CPU), and the objects are frozen
    before it is on again.
    """
    froze = False
    first = True
    try:
        for inp, sha, err in plan:
            if report.stopped:
                break
            if handle_known(inp, sha, err):
                continue
            resume = first and gc.isenabled()  # the first document loads it all: paused
            first = False
            if resume:
                gc.disable()
            try:
                article, error = _extract(inp.path, options)
                save(inp, sha, article) if error is None else fail(inp, sha, error)
                del article
                if error is None and not froze and not gc.get_freeze_count():
                    gc.freeze()
                    froze = True
            finally:
                if resume:
                    gc.enable()
    finally:
        if froze:
            gc.unfreeze()


def _pool(workers: int, formats: Optional[set[str]] = None,
          ahead: Optional["_ReadAhead"] = None) -> ProcessPoolExecutor:
    """Extraction processes that ignore Ctrl-C and never outlive this process.

    Where processes can be forked (Linux and other POSIX systems), this process loads the
    extractor's tables and models first (:func:`extractor.warm_up`, the readers of
    ``formats`` only when given) and the workers are forked from it, so they start with
    everything loaded and share those pages (the objects loaded are moved out of the garbage
    collector's reach, so its passes in a worker do not copy them); elsewhere each worker
    loads them once when it starts.  With a read-ahead (``ahead``), only the readers of the
    files it has not read are loaded, and it is stopped before any worker starts.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if _forks():
        from extractor.pipeline import collector_paused

        with collector_paused():
            _load_for_pool(formats, ahead)
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_worker_init, initargs=(os.getpid(),))
        pool.submit(os.getpid)  # a forking pool starts all its workers at the first submit
        return pool
    return ProcessPoolExecutor(max_workers=workers, initializer=_worker_init,
                               initargs=(os.getpid(), True))


def _load_for_pool(formats, ahead) -> None:
    """What :func:`_pool` loads before forking the workers (the collector paused), frozen."""
    if ahead is None:
        extractor.warm_up(formats)
    else:
        extractor.warm_up(())  # the language pipeline and the rules
        # the last few files are read to the end rather than a reader loaded for them
        finish = ahead.seconds_left() <= READER_LOAD_SECONDS
        if not finish:  # read on while those files' readers load
            from extractor.readers import READERS

            needed = _formats(ahead.unread())
            for fmt in READERS if needed is None else needed:
                READERS[fmt]  # imports the reader module
            from extractor.pipeline import load_tables

            load_tables()  # those readers' own tables (the PDF library's bindings)
        ahead.stop(finish)
    # no full collection first (a pass over every object loaded, and it finds next to
    # nothing after the warm-up).  The objects stay frozen here too while the batch runs
    # (see :func:`_run_pool`): a full collection in the writer would otherwise go over
    # all of them again (about 0.1 s each time) for the few objects a document leaves
    gc.freeze()


def _formats(plan) -> Optional[set[str]]:
    """The formats a batch's file names suggest (markup suffixes stand for HTML and JATS both,
    the content decides); None when a name suggests none."""
    from extractor.readers import SUFFIXES

    out: set[str] = set()
    for inp, _, err in plan:
        if err is not None:
            continue
        fmt = SUFFIXES.get(os.path.splitext(inp.path)[1].lower())
        if fmt is None:
            return None
        out.update(("html", "jats") if fmt in ("html", "jats") else (fmt,))
    return out


def _run_pool(plan, workers, options, known, handle_known, save, fail, report, make_pool=None) -> None:
    """Extract in ``workers`` processes; save results in input order from this process.

    At most ``WINDOW × workers`` files are in flight (extracting, or extracted and waiting for
    an earlier file to be saved first), so memory stays flat on large batches and one long
    file at the head does not leave the other workers idle.  A
    worker that dies (a crash in a native library, out of memory) breaks the pool: the file at
    the head is rerun alone in a fresh pool and recorded as E099 if it breaks that one too.
    """
    frozen = gc.get_freeze_count()
    try:
        _run_pool_frozen(plan, workers, options, known, handle_known, save, fail, report, make_pool)
    finally:
        if not frozen:  # what :func:`_pool` froze is collectable again (garbage frozen meanwhile too)
            gc.unfreeze()


def _run_pool_frozen(plan, workers, options, known, handle_known, save, fail, report, make_pool) -> None:
    from concurrent.futures.process import BrokenProcessPool

    queue = collections.deque(plan)
    window: collections.deque = collections.deque()
    formats = _formats(plan)
    done_reading: dict = {}
    reading: dict = {}
    if make_pool is None and _forks() and extractor.extract is _EXTRACT:
        todo = (item for item in plan if item[2] is None and not known(item[1]))
        ahead = _ReadAhead(list(itertools.islice(todo, READ_AHEAD_FILES)), options, max(1, workers - 1))
        try:
            pool = _pool(workers, formats, ahead)
        except BaseException:
            ahead.abort()
            raise
        done_reading = ahead.results
        reading = ahead.pending
    else:
        pool = make_pool() if make_pool is not None else _pool(workers, formats)
    workers = getattr(pool, "workers", workers)
    try:
        while queue or window:
            while queue and len(window) < WINDOW * workers and not report.stopped:
                item = queue.popleft()
                inp, sha, err = item
                # failures and already-stored files are settled when they reach the head, so
                # the report lists inputs in order whatever finishes first
                fut = None
                if err is None and not known(sha):
                    read, read_error = done_reading.pop(id(item), (None, None))
                    if read_error is not None:
                        err = read_error
                    elif id(item) in reading:  # its read is still in progress
                        fut = _chain(pool, reading.pop(id(item)), inp.path, options)
                    else:
                        fut = pool.submit(_extract, inp.path, options) if read is None else \
                            pool.submit(_extract, inp.path, options, None, read)
                window.append((inp, sha, err, fut))
            if not window or report.stopped:
                break
            inp, sha, err, fut = window.popleft()
            if fut is None:
                if not handle_known(inp, sha, err):
                    article, error = _extract(inp.path, options)
                    save(inp, sha, article) if error is None else fail(inp, sha, error)
                continue
            try:
                article, error = fut.result()
            except BrokenProcessPool if make_pool is None else ():
                # Some file in flight killed its worker.  Requeue the others and rerun the head
                # alone: if it breaks a fresh pool by itself it is the culprit.
                pool.shutdown(cancel_futures=True)
                queue.extendleft(reversed([(i, s, e) for i, s, e, _ in window]))
                window.clear()
                pool = _pool(workers, formats)
                try:
                    article, error = pool.submit(_extract, inp.path, options).result()
                except BrokenProcessPool:
                    pool.shutdown(cancel_futures=True)
                    pool = _pool(workers, formats)
                    article, error = None, InternalError(
                        f"the extraction process died while reading {inp.path} "
                        "(a crash in a native library, or out of memory)", path=inp.path)
            except (KeyboardInterrupt, EvidenceError):
                raise
            except Exception as exc:  # noqa: BLE001 - a Dask worker lost with the document
                article, error = None, InternalError(
                    f"the extraction failed in a worker while reading {inp.path}: "
                    f"{type(exc).__name__}: {exc}", path=inp.path)
            save(inp, sha, article) if error is None else fail(inp, sha, error)
    except BaseException:  # KeyboardInterrupt, a store error: do not wait for work in flight
        _stop(pool)
        raise
    pool.shutdown(wait=True, cancel_futures=True)  # --strict may leave queued work behind
