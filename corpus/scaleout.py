"""Extraction on a Dask cluster (``evidence extract --dask ADDRESS``), one writer here.

The batch runs as with ``--workers`` (:func:`corpus.ingest.ingest`): this process hashes every
input, skips what the store holds (sha256), and saves each result in input order, one
transaction per document — so the store is the same as a local run's, row for row, and an
interrupted batch resumes the same way.  What changes is where documents are extracted: this
process reads each file and sends its bytes to a Dask worker (no shared disk needed), which runs
:func:`extractor.pipeline.extract_data` and sends the article back.  At most two documents per
worker thread are in flight, so memory stays flat however large the batch.

``--dask local`` starts a ``distributed.LocalCluster`` of ``--workers`` processes on this
machine; any other value is a scheduler address (``tcp://host:8786``).  Each worker loads the
extractor's tables and models once, when it joins (:class:`WarmUp`).

Needs the ``dask`` extra: ``pip install 'trialevidence[dask]'``.
"""
from __future__ import annotations

import concurrent.futures as cf
from typing import Optional

from extractor.errors import EvidenceError

from .errors import ClusterError

__all__ = ["dask_pool", "DaskPool", "WarmUp"]

#: seconds to wait for a scheduler (and its first worker) before giving up
CONNECT_TIMEOUT = 30


def _warm_up() -> None:
    import extractor

    extractor.warm_up()


try:  # the plugin class needs distributed; the module imports without it
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # pragma: no cover - exercised only without the extra
    WorkerPlugin = object


class WarmUp(WorkerPlugin):
    """A worker plugin: load the extractor's tables and models when a worker starts."""

    name = "evidence-warm-up"

    def setup(self, worker) -> None:
        from extractor import recache

        recache.install()  # as the command's own process does (see cli.py)
        _warm_up()


class DaskPool:
    """The executor :func:`corpus.ingest._run_pool` drives: ``submit(_extract, path, options)``
    reads the file here and sends its bytes to a worker; ``workers`` is the number of worker
    threads (the in-flight window is twice that)."""

    def __init__(self, client, cluster=None):
        self.client = client
        self.cluster = cluster
        self.workers = max(1, sum(client.nthreads().values()))

    def submit(self, fn, path: str, options: dict) -> cf.Future:
        from extractor.readers import ReadOptions, load

        try:
            data, _fmt = load(path, ReadOptions(**options))
        except EvidenceError as exc:  # missing, empty, too large: recorded as a local run would
            done: cf.Future = cf.Future()
            if exc.path is None:
                exc.path = path
            done.set_result((None, exc))
            return done
        future = self.client.submit(fn, path, options, data, pure=False)
        out: cf.Future = cf.Future()

        def relay(f):
            try:
                out.set_result(f.result())
            except BaseException as exc:  # noqa: BLE001 - a lost worker: handed to the batch
                out.set_exception(exc)

        future.add_done_callback(relay)
        out._dask_future = future  # keep it referenced (a released future is cancelled)
        return out

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        try:
            self.client.close()
        finally:
            if self.cluster is not None:
                self.cluster.close()


def dask_pool(address: str, workers: int = 1) -> DaskPool:
    """A :class:`DaskPool` on the scheduler at ``address``, or on a new LocalCluster of
    ``workers`` single-threaded processes when ``address`` is ``"local"``."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ClusterError("--dask needs Dask's distributed scheduler, which is not installed",
                           "pip install 'trialevidence[dask]'") from exc
    cluster: Optional[object] = None
    try:
        if address == "local":
            # no dashboard; the scheduler's own HTTP endpoint on a free port, not 8787, so a
            # second cluster on the machine neither clashes nor warns
            cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                   dashboard_address=None, scheduler_kwargs={"dashboard_address": ":0"})
            client = Client(cluster)
        else:
            client = Client(address, timeout=CONNECT_TIMEOUT)
        client.register_plugin(WarmUp())
        client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
    return DaskPool(client, cluster)
