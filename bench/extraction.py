"""Benchmark: main-text extraction from news HTML, ours against plain trafilatura.

Runs consilience's extract + clean and ``trafilatura.extract`` with default settings (the
anchor) over the same pages in the same run, scores both with the article-extraction
benchmark's own metric, and prints precision, recall, F1 and pages per second for each, with
the ratios. Speed is the median of ``--runs`` timed passes; quality does not vary by run.

    .venv/bin/python bench/extraction.py --data ../shared/eval/article-extraction \\
        [--runs 3] [--out predictions.json]

The metric (the benchmark's own): tokens are ``re.findall(r"\\w+", text)``; each text is the
multiset of its token 4-grams; per page, tp = shared 4-grams, fp and fn = the excess on each
side; precision = mean over pages of tp/(tp+fp), recall = mean of tp/(tp+fn), both 1.0 on a
page where fp = fn = 0; F1 = 2PR/(P+R) of the two means.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from consilience.clean import clean  # noqa: E402
from consilience.errors import InputError  # noqa: E402
from consilience.extract import extract  # noqa: E402
from consilience.records import RawDocument  # noqa: E402

Page = tuple[str, str, bytes]  # id, url, html bytes


def shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = re.findall(r"\w+", text)
    return Counter(tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3))


def page_scores(pred: str, true: str) -> tuple[float, float]:
    """Precision and recall of one page, as the benchmark defines them."""
    p, t = shingles(pred), shingles(true)
    tp = sum((p & t).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    if fp == 0 and fn == 0:
        return 1.0, 1.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall


def score(preds: dict[str, str], truth: dict[str, str]) -> tuple[float, float, float]:
    pairs = [page_scores(preds.get(k, ""), truth[k]) for k in truth]
    precision = statistics.fmean(p for p, _ in pairs)
    recall = statistics.fmean(r for _, r in pairs)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def ours(page: Page) -> str:
    page_id, url, data = page
    raw = RawDocument(source=f"{page_id}.html", data=data, kind="html", url=url)
    try:
        return clean(extract(raw)).text
    except InputError:
        return ""


def anchor(page: Page) -> str:
    import trafilatura

    return trafilatura.extract(page[2]) or ""


def timed(fn: Callable[[Page], str], pages: list[Page]) -> tuple[dict[str, str], float]:
    start = time.perf_counter()
    out = {page[0]: fn(page) for page in pages}
    return out, time.perf_counter() - start


def load(data_dir: Path) -> tuple[list[Page], dict[str, str]]:
    truth_raw = json.loads((data_dir / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth_raw):
        html = gzip.decompress((data_dir / "html" / f"{page_id}.html.gz").read_bytes())
        pages.append((page_id, truth_raw[page_id].get("url"), html))
    return pages, {k: v["articleBody"] for k, v in truth_raw.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/eval/article-extraction")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, help="write our outputs as {id: text} JSON")
    args = parser.parse_args(argv)
    pages, truth = load(args.data)
    # Warm up both sides (imports, language model) outside the timed passes.
    ours(pages[0])
    anchor(pages[0])
    times: dict[str, list[float]] = {"consilience": [], "trafilatura": []}
    outputs: dict[str, dict[str, str]] = {}
    for _ in range(max(1, args.runs)):
        # Alternate the two so that load from other processes falls on both alike.
        for name, fn in (("trafilatura", anchor), ("consilience", ours)):
            outputs[name], seconds = timed(fn, pages)
            times[name].append(seconds)
    if args.out:
        args.out.write_text(json.dumps(outputs["consilience"], ensure_ascii=False, indent=1))
    rows = {}
    for name in ("consilience", "trafilatura"):
        precision, recall, f1 = score(outputs[name], truth)
        speed = len(pages) / statistics.median(times[name])
        rows[name] = (precision, recall, f1, speed)
    empty = {name: sum(1 for text in out.values() if not text) for name, out in outputs.items()}
    print(
        f"{len(pages)} pages, median of {max(1, args.runs)} runs; pages with nothing extracted:"
        f" consilience {empty['consilience']}, trafilatura {empty['trafilatura']}"
    )
    print(f"{'system':<22}{'precision':>10}{'recall':>10}{'F1':>10}{'pages/s':>10}")
    labels = {"consilience": "consilience", "trafilatura": "trafilatura (anchor)"}
    for name, (precision, recall, f1, speed) in rows.items():
        print(f"{labels[name]:<22}{precision:>10.4f}{recall:>10.4f}{f1:>10.4f}{speed:>10.1f}")
    ours_row, anchor_row = rows["consilience"], rows["trafilatura"]
    print(
        f"{'ratio ours/anchor':<22}{ours_row[0] / anchor_row[0]:>10.3f}"
        f"{ours_row[1] / anchor_row[1]:>10.3f}{ours_row[2] / anchor_row[2]:>10.3f}"
        f"{ours_row[3] / anchor_row[3]:>10.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
