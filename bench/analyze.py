"""Speed and memory of the analyze stage, as a ratio to trafilatura extraction in the same run.

    .venv/bin/python bench/analyze.py [--runs 5] [--pages DIR] [--data DIR ...] [--out FILE]

Two corpora, each timed in the same process and the same run:

* **news pages** (default ``../shared/eval/article-extraction``): real news HTML. The anchor
  is trafilatura extracting each page (what "extracting it" costs); we then analyze the
  text trafilatura gave. This is the comparison the target is stated in: analyzing an
  article should cost no more than 8 times extracting it.
* **seeds and examples** (``../shared/seeds`` and ``examples/``): plain texts, so the anchor
  is trafilatura on each text wrapped as simple HTML paragraphs — a much cheaper extraction
  than a real page, shown for completeness.

For each: trafilatura (anchor); spaCy's pipeline alone on the same texts, as shipped and as
``consilience.analyze.nlp.load`` runs it (rule components replaced, same annotations, see
``fastrules``); ``analyze_many`` in this process; and ``analyze_parallel`` over one worker
process per core (what ``check`` runs for a batch this size). Median of ``--runs`` after one
warm-up. Peak memory: tracemalloc peak of one analyze pass and the process's max RSS.
``--out`` writes every analysis (claims, mentions) as JSON. A benchmark, not a test: it
asserts nothing.
"""

from __future__ import annotations

import argparse
import gzip
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
from consilience.analyze.workers import analyze_parallel  # noqa: E402
from consilience.parallel import default_workers  # noqa: E402
from consilience.records import Article, to_dict  # noqa: E402

DEFAULT_PAGES = ROOT.parent / "shared" / "eval" / "article-extraction"
DEFAULT_DATA = [ROOT.parent / "shared" / "seeds", ROOT / "examples"]


def read_pages(folder: Path) -> list[tuple[str, str]]:
    """(name, html) of every news page in the extraction benchmark's folder."""
    return [(p.name, gzip.decompress(p.read_bytes()).decode("utf-8", "replace"))
            for p in sorted((folder / "html").glob("*.html.gz"))]


def read_texts(dirs: list[Path]) -> list[tuple[str, str]]:
    """(name, text) for every plain-text or HTML file under ``dirs`` (HTML extracted first)."""
    import trafilatura

    texts = []
    for d in dirs:
        for path in sorted(p for p in d.rglob("*") if p.is_file()) if d.is_dir() else []:
            raw = path.read_text(encoding="utf-8", errors="replace")
            if path.suffix.lower() in (".html", ".htm"):
                raw = trafilatura.extract(raw) or ""
            elif path.suffix.lower() not in (".txt", ".md"):
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


def measure(label: str, pages: list[str], runs: int) -> tuple[dict, list]:
    """Time extraction of ``pages``, spaCy and analyze over the extracted texts."""
    import trafilatura

    texts = [trafilatura.extract(p) or "" for p in pages]
    articles = [Article(source=f"{label}#{i}", outlet=label, title=t.splitlines()[0][:200]
                        if t else "", text=t, language="en").ensure_ids()
                for i, t in enumerate(texts) if t.strip()]
    import spacy

    from consilience.analyze.nlp import MODEL

    nlp, stock = load(), spacy.load(MODEL)
    row = {
        "corpus": label, "articles": len(articles),
        "characters": sum(len(a.text) for a in articles),
        "extract": timed(lambda: [trafilatura.extract(p) for p in pages], runs),
        "stock": timed(lambda: list(stock.pipe(a.text for a in articles)), runs),
        "spacy": timed(lambda: list(nlp.pipe(a.text for a in articles)), runs),
        "analyze": timed(lambda: list(analyze_many(articles)), runs),
        "workers": timed(lambda: list(analyze_parallel(articles)), runs),
    }
    tracemalloc.start()
    analyses = list(analyze_many(articles))
    row["peak_mib"] = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    row["claims"] = sum(len(a.claims) for a in analyses)
    return row, analyses


def report(rows: list[dict], runs: int) -> None:
    print(f"median of {runs} runs; ratios are per article, against trafilatura in the same run\n")
    print(f"| corpus | articles | claims | trafilatura art/s | spaCy as shipped | spaCy (ours) | "
          f"analyze | analyze art/s | analyze, {default_workers()} workers | analyze peak MiB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        n = r["articles"]
        print(f"| {r['corpus']} | {n} | {r['claims']} | {n / r['extract']:.1f} | "
              f"{r['stock'] / r['extract']:.1f}× | {r['spacy'] / r['extract']:.1f}× | "
              f"**{r['analyze'] / r['extract']:.1f}×** | {n / r['analyze']:.1f} | "
              f"{r['workers'] / r['extract']:.1f}× | {r['peak_mib']:.0f} |")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nprocess max RSS: {rss:.0f} MiB (model, both corpora, all runs)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--pages", type=Path, default=DEFAULT_PAGES,
                    help="folder of the article-extraction benchmark (html/*.html.gz)")
    ap.add_argument("--data", type=Path, action="append", help="folder of texts (repeatable)")
    ap.add_argument("--out", type=Path, help="write the analyses as JSON here")
    args = ap.parse_args(argv)

    rows, analyses = [], []
    pages = read_pages(args.pages)
    if pages:
        row, found = measure("news pages", [h for _, h in pages], args.runs)
        rows.append(row)
        analyses += found
    texts = read_texts(args.data or DEFAULT_DATA)
    if texts:
        row, found = measure("seeds + examples", [as_html(t) for _, t in texts], args.runs)
        rows.append(row)
        analyses += found
    if not rows:
        print("no pages or texts found", file=sys.stderr)
        return 1
    report(rows, args.runs)
    if args.out:
        args.out.write_text(json.dumps([to_dict(a) for a in analyses], indent=1,
                                       ensure_ascii=False))
        print(f"analyses written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
