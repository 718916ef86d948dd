"""End-to-end speed and memory of `consilience check`, as a ratio to trafilatura extraction.

    .venv/bin/python bench/pipeline.py [--data ../shared/eval] [--lines 100] [--runs 3]
                                       [--corpus neus|pages|both] [--out FILE]

Two corpora, each measured on its own:

* ``neus``: the first ``--lines`` events of neus-val (three outlets each, so 3 × lines
  articles) plus ``examples/``. Each neus article (a lead paragraph or two) is written as a
  small HTML page — a site header, navigation, a related-links box and a footer around the
  article — so both systems read the same files. These pages are far lighter than real
  ones, so trafilatura is very fast on them: the ratio here is a worst case.
* ``pages``: the 83 real news pages of the article-extraction set (``html/*.html.gz``), as
  they were served: what extraction costs on real pages.

Timed in the same run, median of ``--runs``:

* the anchor: trafilatura.extract on every page, in this process;
* ``consilience check`` on the folder, each run in a fresh process with a fresh database —
  ingest, extract, clean, dedup, analyze, embed, group, cross-check and all four report
  formats, model loading included (what a user waits for). Peak memory is that process's
  max RSS.

Prints articles per second for both and the cost ratio per article; then what the two
models cost by themselves on the same articles (spaCy's parse, and the sentence model on the
article leads that grouping compares) and what a fresh process pays before its first
article (Python, the libraries, both models): the floor under any pipeline built on them.
``--out`` writes the JSON report of the last run.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | {outlet}</title>
<meta property="og:site_name" content="{outlet}"><meta property="og:title" content="{title}">
</head><body>
<header><a href="/">{outlet}</a><nav><a href="/news">News</a> <a href="/politics">Politics</a>
<a href="/business">Business</a> <a href="/opinion">Opinion</a> <a href="/sport">Sport</a></nav>
</header>
<main><article><h1>{title}</h1>
{paragraphs}
</article>
<aside><h3>More stories</h3><ul><li><a href="/a">Markets close higher</a></li>
<li><a href="/b">Weather warning for the weekend</a></li></ul></aside></main>
<footer><p>&copy; {outlet}. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>
"""


def neus_articles(folder: Path, lines: int) -> list[dict]:
    """Articles of the first ``lines`` neus-val events: three outlets per line."""
    out = []
    with (folder / "val.source").open(encoding="utf-8") as f:
        for n, line in enumerate(f):
            if n >= lines:
                break
            for k, part in enumerate(line.split(" [SEP] ")):
                if "ARTICLE=>" not in part:
                    continue
                title, body = part.split("ARTICLE=>", 1)
                title = title.replace("TITLE=>", "").strip().rstrip(".")
                out.append({"name": f"neus-{n:03d}-{k}", "outlet": f"outlet{k}",
                            "title": title, "text": body.strip()})
    return out


def write_corpus(articles: list[dict], folder: Path) -> list[Path]:
    pages = []
    for a in articles:
        sentences = [s.strip() for s in a["text"].replace(". ", ".\n").splitlines() if s.strip()]
        # three sentences a paragraph, as news sites break their copy
        paras = "\n".join(f"<p>{html.escape(' '.join(sentences[i:i + 3]))}</p>"
                          for i in range(0, len(sentences), 3))
        path = folder / f"{a['name']}.html"
        path.write_text(PAGE.format(title=html.escape(a["title"]),
                                    outlet=html.escape(a["outlet"]), paragraphs=paras),
                        encoding="utf-8")
        pages.append(path)
    for example in sorted((ROOT / "examples").iterdir()):
        shutil.copy(example, folder / example.name)
        if example.suffix in (".html", ".htm"):
            pages.append(folder / example.name)
    return pages


def copy_pages(folder: Path, target: Path) -> list[Path]:
    pages = []
    for page in sorted((folder / "html").glob("*.html.gz")):
        shutil.copy(page, target / page.name)
        pages.append(target / page.name)
    return pages


def read_page(path: Path) -> str:
    data = path.read_bytes()
    return (gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8", "replace")


def time_anchor(pages: list[Path], runs: int) -> float:
    import trafilatura

    docs = [read_page(p) for p in pages]
    trafilatura.extract(docs[0])  # warm-up
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        for d in docs:
            trafilatura.extract(d)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def run_check(folder: Path, work: Path) -> tuple[float, float, dict]:
    """One `consilience check` in a fresh process and database: seconds, max RSS MiB, report."""
    db, out = work / "bench.db", work / "report.json"
    for stale in work.glob("bench.db*"):
        stale.unlink()
    cmd = [sys.executable, "-m", "consilience", "check", str(folder), "--db", str(db),
           "--out-dir", str(work / "briefing"), "--format", "json", "-o", str(out)]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t
    # exit code 1 with a report means some inputs were refused (a few neus "articles" are a
    # single short sentence): that is the tool working, not the benchmark failing
    if os.waitstatus_to_exitcode(status) not in (0, 1) or not out.exists():
        sys.exit(f"check failed: {proc.stderr.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, json.loads(out.read_text(encoding="utf-8"))


def measure(label: str, corpus: Path, pages: list[Path], work: Path, runs: int) -> dict:
    anchor = time_anchor(pages, runs)
    results = [run_check(corpus, work) for _ in range(runs)]
    report = results[-1][2]
    return {"label": label, "files": len(list(corpus.iterdir())), "pages": len(pages),
            "anchor": anchor, "seconds": statistics.median(r[0] for r in results),
            "rss": max(r[1] for r in results), "report": report,
            "articles": sum(len(s["articles"]) for s in report["stories"]),
            "stories": len(report["stories"]), "floor": model_floor(work / "bench.db", runs)}


def model_floor(db: Path, runs: int) -> dict:
    """What the two models cost by themselves on this corpus, loaded beforehand: spaCy
    parsing every stored text (one process, one core) and the sentence model encoding the
    article leads that grouping compares. No pipeline can cost less than what it must run."""
    from analyze import timed  # bench/analyze.py: warm-up, then the median of the runs

    from consilience import Consilience, embed
    from consilience.analyze.nlp import load
    from consilience.group import DEFAULT_PARAMS
    from consilience.group_features import lead_text

    c = Consilience(str(db))
    articles = c.articles()
    analyses = c.store.analyses(a.id for a in articles)
    leads = [lead_text(a, analyses[a.id], DEFAULT_PARAMS.lead_sentences)
             for a in articles if a.id in analyses]
    nlp, model = load(), embed.load()
    c.close()

    startup = [sys.executable, "-c", "import consilience.cli, consilience.pipeline; "
               "from consilience.analyze.nlp import load; from consilience import embed; "
               "load(); embed.load()"]
    return {"spacy": timed(lambda: list(nlp.pipe(a.text for a in articles)), runs),
            "leads": timed(lambda: model.encode(leads), runs), "backend": embed.backend(),
            "startup": timed(lambda: subprocess.run(startup, check=True), runs)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "eval")
    ap.add_argument("--lines", type=int, default=100, help="neus-val events (3 articles each)")
    ap.add_argument("--corpus", choices=("neus", "pages", "both"), default="both")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", type=Path, help="write the JSON report of the last run here")
    args = ap.parse_args(argv)

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for label in ("neus", "pages"):
            if args.corpus not in (label, "both"):
                continue
            work = Path(tmp) / label
            corpus = work / "corpus"
            corpus.mkdir(parents=True)
            if label == "neus":
                pages = write_corpus(neus_articles(args.data / "neus-val", args.lines), corpus)
                name = f"neus-val first {args.lines} events + examples (light pages)"
            else:
                pages = copy_pages(args.data / "article-extraction", corpus)
                name = "article-extraction news pages (real pages)"
            rows.append(measure(name, corpus, pages, work, args.runs))

    print(f"median of {args.runs} runs; check runs in a fresh process and database each time "
          "(model loading included)\n")
    print("| corpus | articles | stories | trafilatura art/s | check art/s | "
          "cost per article vs trafilatura | check peak RSS |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        per_anchor = r["anchor"] / r["pages"]
        per_check = r["seconds"] / r["articles"]
        print(f"| {r['label']} | {r['articles']} | {r['stories']} | "
              f"{r['pages'] / r['anchor']:.1f} | {r['articles'] / r['seconds']:.2f} | "
              f"**{per_check / per_anchor:.1f}×** | {r['rss']:.0f} MiB |")
    print("\nThe models by themselves (loaded beforehand, median of the runs), same ratio:\n")
    print("| corpus | start-up: Python, libraries, both models | spaCy parse, one process | "
          "sentence model on the leads only |")
    print("|---|---:|---:|---:|")
    for r in rows:
        per_anchor = r["anchor"] / r["pages"]
        n = r["articles"]
        f = r["floor"]
        print(f"| {r['label']} | {f['startup'] / n / per_anchor:.1f}× ({f['startup']:.1f} s) | "
              f"{f['spacy'] / n / per_anchor:.1f}× | "
              f"{f['leads'] / n / per_anchor:.1f}× ({f['backend']}) |")
    if args.out:
        args.out.write_text(json.dumps([r["report"] for r in rows], ensure_ascii=False,
                                       indent=1))
        print(f"\nreports written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
