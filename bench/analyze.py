"""Speed of the analyze stage beside trafilatura extraction of the same texts.

    .venv/bin/python bench/analyze.py [--runs 5] [--data DIR ...] [--out claims.json]

Reads the texts in ../shared/seeds and examples/ (plain text as is; HTML is extracted
first), then, in the same process and the same run, times:

* trafilatura.extract on each text wrapped as simple HTML paragraphs (the anchor),
* spaCy's pipeline alone over the same texts (what the model costs by itself),
* consilience.analyze.analyze_many over the texts as articles.

Each is the median of ``--runs`` timed runs after one warm-up. Prints articles per second,
the ratio of analyze to each anchor, and peak memory (tracemalloc peak of one analyze
pass, and the process's max RSS). ``--out`` writes every analysis (claims, mentions) as JSON.
This is a benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import html
import json
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from consilience.analyze import analyze_many  # noqa: E402
from consilience.analyze.nlp import load  # noqa: E402
from consilience.records import Article, to_dict  # noqa: E402

DEFAULT_DATA = [ROOT.parent / "shared" / "seeds", ROOT / "examples"]


def read_texts(dirs: list[Path]) -> list[tuple[str, str]]:
    """(name, text) for every readable file under ``dirs``."""
    import trafilatura

    texts = []
    for d in dirs:
        if not d.is_dir():
            continue
        for path in sorted(p for p in d.rglob("*") if p.is_file()):
            raw = path.read_text(encoding="utf-8", errors="replace")
            if path.suffix.lower() in (".html", ".htm"):
                raw = trafilatura.extract(raw) or ""
            elif path.suffix.lower() not in (".txt", ".md", ""):
                continue
            if raw.strip():
                texts.append((str(path.relative_to(d.parent)), raw))
    return texts


def as_html(text: str) -> str:
    paras = "".join(f"<p>{html.escape(p)}</p>\n" for p in text.splitlines() if p.strip())
    return f"<html><head><title>t</title></head><body><article>{paras}</article></body></html>"


def timed(fn, runs: int) -> float:
    fn()  # warm-up: model loads, caches fill
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--data", type=Path, action="append", help="folder of texts (repeatable)")
    ap.add_argument("--out", type=Path, help="write the analyses as JSON here")
    args = ap.parse_args(argv)

    import trafilatura

    texts = read_texts(args.data or DEFAULT_DATA)
    if not texts:
        print("no texts found", file=sys.stderr)
        return 1
    pages = [as_html(t) for _, t in texts]
    articles = [
        Article(
            source=name,
            outlet=Path(name).stem,
            title=t.splitlines()[0][:200],
            text=t,
            published=None,
            language="en",
        ).ensure_ids()
        for name, t in texts
    ]
    nlp = load()
    n = len(texts)
    chars = sum(len(t) for _, t in texts)

    t_extract = timed(lambda: [trafilatura.extract(p) for p in pages], args.runs)
    t_spacy = timed(lambda: list(nlp.pipe(t for _, t in texts)), args.runs)
    t_analyze = timed(lambda: list(analyze_many(articles)), args.runs)

    tracemalloc.start()
    analyses = list(analyze_many(articles))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux

    report(n, chars, analyses, args.runs, (t_extract, t_spacy, t_analyze), peak, rss)
    if args.out:
        args.out.write_text(
            json.dumps([to_dict(a) for a in analyses], indent=1, ensure_ascii=False)
        )
        print(f"analyses written to {args.out}")
    return 0


def report(n, chars, analyses, runs, times, peak, rss) -> None:
    """Print the table: seconds, articles per second and the ratio to the anchor."""
    t_extract, t_spacy, t_analyze = times
    claims = sum(len(a.claims) for a in analyses)
    print(f"{n} articles, {chars:,} characters, {claims} claims; median of {runs} runs\n")
    print(f"{'step':<28}{'seconds':>10}{'articles/s':>12}{'× extract':>11}")
    for name, t in (
        ("trafilatura.extract (anchor)", t_extract),
        ("spaCy pipeline alone", t_spacy),
        ("analyze_many", t_analyze),
    ):
        print(f"{name:<28}{t:>10.3f}{n / t:>12.1f}{t / t_extract:>11.1f}")
    print(
        f"\nanalyze / trafilatura: {t_analyze / t_extract:.1f}×   "
        f"analyze / spaCy alone: {t_analyze / t_spacy:.2f}×"
    )
    print(
        f"peak traced memory in one analyze pass: {peak / 2**20:.1f} MiB; "
        f"process max RSS: {rss:.0f} MiB"
    )


if __name__ == "__main__":
    raise SystemExit(main())
