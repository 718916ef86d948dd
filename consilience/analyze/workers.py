"""The analyze stage on several cores: articles split across worker processes.

Why: spaCy's parse plus our extractors are the largest cost of ``check`` on real news pages
(about 12 s of 40 on 83 pages, ``bench/pipeline.py``), and they run one article at a time
on one core. Articles are independent, so a pool of worker processes parses them side by
side; the analyses that come back are small records, in the articles' order, and identical
to a one-process run (the same model, the same code).

The workers are forked after the parent has loaded the model, so they share its memory
pages instead of loading it again (about 2 s and 100 MB each). Where fork is unavailable,
or the batch is too small to repay a process, the parent does the work itself.
Ctrl-C stops the parent, which ends the workers: they ignore the signal themselves so that
only one process reports it.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
from collections.abc import Iterator, Sequence

from consilience.records import Analysis, Article

log = logging.getLogger(__name__)

# Below this much text a worker's start and the records' round trip cost more than they save
# (a fork costs ~30 ms, spaCy parses ~50k characters a second).
MIN_CHARS = 40_000
CHUNK_CHARS = 20_000  # per task: small enough to balance the workers, large for batching


def default_workers() -> int:
    """``$CONSILIENCE_WORKERS``, else one per core (at most 4: memory grows with each)."""
    explicit = os.environ.get("CONSILIENCE_WORKERS", "").strip()
    if explicit:
        try:
            return max(1, int(explicit))
        except ValueError:
            log.warning("CONSILIENCE_WORKERS=%r is not a whole number: one per core", explicit)
    return max(1, min(os.cpu_count() or 1, 4))


def chunks(articles: Sequence[Article], size: int = CHUNK_CHARS) -> list[list[Article]]:
    """Consecutive runs of articles of about ``size`` characters (an article is never split)."""
    out: list[list[Article]] = []
    current: list[Article] = []
    chars = 0
    for a in articles:
        current.append(a)
        chars += len(a.text or "")
        if chars >= size:
            out.append(current)
            current, chars = [], 0
    if current:
        out.append(current)
    return out


def _quiet() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _analyze_chunk(articles: list[Article]) -> list[Analysis]:
    from consilience.analyze import analyze_many

    return list(analyze_many(articles))


def analyze_parallel(articles: Sequence[Article], workers: int | None = None, *,
                     min_chars: int = MIN_CHARS, chunk_chars: int = CHUNK_CHARS,
                     ) -> Iterator[Analysis]:
    """Analyses of ``articles``, in order, spread over ``workers`` processes (one process
    when the batch holds fewer than ``min_chars`` characters)."""
    from consilience.analyze import analyze_many
    from consilience.analyze.nlp import load

    workers = default_workers() if workers is None else workers
    parts = chunks(articles, chunk_chars)
    total = sum(len(a.text or "") for a in articles)
    if workers < 2 or len(parts) < 2 or total < min_chars or (
            "fork" not in multiprocessing.get_all_start_methods()):
        yield from analyze_many(articles)
        return
    load()  # before the fork: every worker inherits the loaded model
    pool = multiprocessing.get_context("fork").Pool(min(workers, len(parts)), _quiet)
    try:
        for analyses in pool.imap(_analyze_chunk, parts):
            yield from analyses
    except BaseException:
        pool.terminate()  # Ctrl-C or a failure here: nothing left to wait for
        raise
    else:
        pool.close()
    finally:
        pool.join()
