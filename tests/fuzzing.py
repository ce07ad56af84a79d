"""Shared pieces of the fuzz tests: hypothesis settings and a per-input time bound."""
from __future__ import annotations

import os
import signal
import threading
from contextlib import contextmanager

from hypothesis import HealthCheck, settings

# Bounded and derandomized: the suite stays fast and a failure reproduces on the next run.
# FUZZ_EXAMPLES=5000 pytest tests/test_fuzz_*.py digs deeper (by hand, before a release).
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
FUZZ_SLOW = settings(FUZZ, max_examples=max(15, EXAMPLES // 4))

HANG_SECONDS = 20.0
"""An input taking longer than this is a hang (a catastrophic regex, an endless loop), not
slowness: every input here is small and normally takes milliseconds."""


class Hang(AssertionError):
    """Raised inside the code under test when one input exceeds :data:`HANG_SECONDS`."""


@contextmanager
def bounded(seconds: float = HANG_SECONDS, what: str = "input"):
    """Fail with :class:`Hang` when the body runs longer than ``seconds`` (main thread only)."""
    if threading.current_thread() is not threading.main_thread():  # pragma: no cover
        yield
        return

    def alarm(signum, frame):
        raise Hang(f"{what} took more than {seconds:g} s: a hang")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
