"""Work spread over forked worker processes, results in input order.

Why: extraction and analysis handle one document at a time, independently, and each runs on
one core; a 2-core machine sits half idle through the two longest stages of ``check``. The
workers are forked, so they start with whatever the parent has loaded (a model, parsers,
lookup tables) instead of loading it again, and what crosses between processes is plain
records. Where fork is unavailable, with one worker, or for a handful of items, the work
stays in this process: the same function, the same results.

Ctrl-C stops the parent, which ends the workers; they ignore the signal themselves so that
only one process reports it.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain, islice
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")


def default_workers() -> int:
    """``$CONSILIENCE_WORKERS``, else one per core (at most 4: memory grows with each)."""
    explicit = os.environ.get("CONSILIENCE_WORKERS", "").strip()
    if explicit:
        try:
            return max(1, int(explicit))
        except ValueError:
            log.warning("CONSILIENCE_WORKERS=%r is not a whole number: one per core", explicit)
    return max(1, min(os.cpu_count() or 1, 4))


def _quiet() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def ordered_map(fn: Callable[[T], R], items: Iterable[T], workers: int | None = None, *,
                min_items: int = 4) -> Iterator[R]:
    """``fn`` over ``items``, results in order; in worker processes once there are at least
    ``min_items`` items (``fn`` and the items must pickle).

    Items are read lazily and at most a few per worker are in flight, so a long stream (a
    feed, a WARC file) never sits in memory whole.
    """
    workers = default_workers() if workers is None else workers
    it = iter(items)
    head = list(islice(it, min_items))
    if workers < 2 or len(head) < min_items or (
            "fork" not in multiprocessing.get_all_start_methods()):
        yield from map(fn, chain(head, it))
        return
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_quiet)
    pending: deque[Future] = deque()
    try:
        for item in chain(head, it):
            pending.append(pool.submit(fn, item))
            while len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except BaseException:
        # Ctrl-C, a failure, or the caller stopped reading: drop what has not started, and
        # wait for the item each worker holds (a second or so). Not waiting leaves the
        # executor's feeder thread writing to closed pipes at exit (tracebacks on stderr);
        # Pool.terminate() can wait forever on a queue lock an idle worker holds.
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown()
