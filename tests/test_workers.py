"""The analyze stage on several processes gives what one process gives, in order."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest

from consilience.analyze import analyze_many
from consilience.analyze.workers import analyze_parallel, chunks
from consilience.parallel import default_workers
from consilience.pipeline import extract_documents
from consilience.records import Article

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

pytestmark = pytest.mark.slow


def _articles() -> list[Article]:
    found = [a for a in extract_documents([str(EXAMPLES)]) if isinstance(a, Article)]
    assert len(found) >= 5
    return found


def test_workers_give_the_same_analyses_in_the_same_order():
    articles = _articles()
    alone = [asdict(a) for a in analyze_many(articles)]
    # one article a task, two workers: every article crosses a process boundary
    spread = [asdict(a) for a in analyze_parallel(articles, 2, min_chars=0, chunk_chars=1)]
    assert [a["article_id"] for a in spread] == [a.id for a in articles]
    assert spread == alone
    assert any(a["claims"] for a in spread)


def test_a_small_batch_is_analysed_in_this_process(monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("a pool was started for a small batch")

    articles = _articles()[:2]
    monkeypatch.setattr("consilience.parallel.ProcessPoolExecutor", no_pool)
    assert [a.article_id for a in analyze_parallel(articles, 2)] == [a.id for a in articles]


def test_chunks_keep_order_and_never_split_an_article():
    articles = [Article(id=str(i), source="s", outlet="o", title="t", text="x" * n)
                for i, n in enumerate([5, 30, 2, 2, 40, 1])]
    parts = chunks(articles, 10)
    assert [[a.id for a in p] for p in parts] == [["0", "1"], ["2", "3", "4"], ["5"]]


def test_the_worker_count_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("CONSILIENCE_WORKERS", "3")
    assert default_workers() == 3
    monkeypatch.setenv("CONSILIENCE_WORKERS", "many")
    assert default_workers() >= 1  # a typo costs a warning, not the run


def test_extraction_in_workers_gives_the_same_articles_and_errors_in_order(tmp_path):
    for example in sorted(EXAMPLES.iterdir()):
        (tmp_path / example.name).write_bytes(example.read_bytes())
    (tmp_path / "broken.html.gz").write_bytes(b"not gzip at all")
    (tmp_path / "empty.txt").write_text("   ")
    inputs = [str(p) for p in sorted(tmp_path.iterdir())]

    def seen(workers):
        return [(type(x).__name__, x.source, getattr(x, "id", None) or getattr(x, "reason", ""))
                for x in extract_documents(inputs, workers=workers)]

    alone, spread = seen(1), seen(2)
    assert spread == alone
    assert [kind for kind, *_ in spread].count("IngestError") == 2
    assert [kind for kind, *_ in spread].count("Article") >= 5


def _square_or_fail(n: int) -> int:
    if n == 13:
        raise ValueError("unlucky")
    return n * n


def test_ordered_map_keeps_order_and_passes_a_failure_on():
    from consilience.parallel import ordered_map

    assert list(ordered_map(_square_or_fail, range(12), 2)) == [n * n for n in range(12)]
    with pytest.raises(ValueError, match="unlucky"):
        list(ordered_map(_square_or_fail, range(20), 2))
