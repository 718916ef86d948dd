"""The analyze stage on several cores: articles split across worker processes.

Why: spaCy's parse plus our extractors are the largest cost of ``check`` on real news pages,
one article at a time on one core. Articles are independent, so they are parsed side by side
(``consilience.parallel``); the analyses that come back are small records, in the articles'
order, and identical to a one-process run (the same model, the same code). The model is
loaded before the workers fork, so they share its memory pages instead of loading it again.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from consilience.parallel import default_workers, ordered_map
from consilience.records import Analysis, Article

# Below this much text a worker's start and the records' round trip cost more than they save
# (a fork costs ~30 ms, spaCy parses ~50k characters a second).
MIN_CHARS = 40_000
CHUNK_CHARS = 20_000  # per task: small enough to balance the workers, large for batching


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


def forks(articles: Sequence[Article], workers: int | None = None, *,
          min_chars: int = MIN_CHARS, chunk_chars: int = CHUNK_CHARS) -> bool:
    """Whether ``analyze_parallel`` would spread these articles over worker processes."""
    workers = default_workers() if workers is None else workers
    # two chunks at least: one chunk is one task, and one task gains nothing from a pool
    return (workers >= 2 and sum(len(a.text or "") for a in articles) >= min_chars
            and len(chunks(articles, chunk_chars)) >= 2)


def _analyze_chunk(articles: list[Article]) -> list[Analysis]:
    from consilience.analyze import analyze_many

    return list(analyze_many(articles))


# Touches every lazily loaded part of the analyzer: pint's unit registry (~0.6 s), dateparser's
# English data (~0.4 s), the unit and lemma caches.
_WARM_UP = Article(
    id="warm-up", source="<warm-up>", outlet="", title="", published="2024-03-04",
    text=("On 03/04/2024 the Harbour Board said it had spent $2.5 million on 12 km of sea wall, "
          "about 40% more than planned. \"We will finish by June,\" its chair, Ana Ruiz, said."))


def _warm_up() -> None:
    from consilience.analyze import analyze_many, dates

    list(analyze_many([_WARM_UP]))
    dates.load_parser()  # used only for unusual date forms, so not always by the text above


def analyze_parallel(articles: Sequence[Article], workers: int | None = None, *,
                     min_chars: int = MIN_CHARS, chunk_chars: int = CHUNK_CHARS,
                     ) -> Iterator[Analysis]:
    """Analyses of ``articles``, in order, spread over ``workers`` processes (one process
    when the batch holds fewer than ``min_chars`` characters)."""
    from consilience.analyze import analyze_many
    from consilience.analyze.nlp import load

    if not forks(articles, workers, min_chars=min_chars, chunk_chars=chunk_chars):
        yield from analyze_many(articles)
        return
    load()  # before the fork: every worker inherits the loaded model ...
    _warm_up()  # ... and the lazily built tables, instead of each building its own
    for analyses in ordered_map(_analyze_chunk, chunks(articles, chunk_chars), workers,
                                min_items=2):
        yield from analyses
