"""Briefing benchmark on neus-val: our summary selection against two baselines, ROUGE F1.

Each line of ``val.source`` is one event told by three outlets; it becomes one story of
three articles. Our system runs the real path (analyze -> crosscheck -> summarize); the
lead baseline takes the first sentences of the first article, the centroid baseline the
sentences closest to the embedding centroid of all three. All three get the same word budget
(by default the median length of the roundups) and are cut to exactly that many words, then
scored against the roundup of ``val.target`` (its ARTICLE part) with ROUGE-1/2/L F1,
stemming on.

    .venv/bin/python bench/summary.py --data ../shared/eval/neus-val [--limit N] [--out F]

Speed is stories per second of our path (analysis, cross-check, summary), the median of
``--runs`` passes with the embedding cache emptied before each.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from consilience import embed  # noqa: E402
from consilience.crosscheck import crosscheck  # noqa: E402
from consilience.records import Analysis, Article, Story  # noqa: E402
from consilience.report.summary import split_sentences, summarize  # noqa: E402

SYSTEMS = ("consilience", "lead", "centroid")


def parse_line(i: int, line: str) -> Story | None:
    """Articles of one source line, as a story (the articles are kept on the story object)."""
    articles = []
    for k, part in enumerate(line.strip().split(" [SEP] ")):
        title, _, body = part.partition("ARTICLE=>")
        title = title.replace("TITLE=>", "").strip()
        body = body.strip()
        if not body:
            continue
        articles.append(Article(source=f"neus-val:{i}:{k}", outlet=f"outlet {k + 1}",
                                title=title, text=body, language="en").ensure_ids())
    if not articles:
        return None
    story = Story(id=f"neus-{i}", title=articles[0].title, article_ids=[a.id for a in articles])
    story.articles = articles  # type: ignore[attr-defined]
    return story


def target_text(line: str) -> str:
    return line.partition("ARTICLE=>")[2].strip() or line.strip()


def cut(texts: list[str], budget: int) -> str:
    return " ".join(" ".join(texts).split()[:budget])


def analyses_for(articles: list[Article], use_analyzer: bool) -> list[Analysis]:
    if use_analyzer:
        from consilience.analyze import analyze_many

        return list(analyze_many(articles))
    return [Analysis(article_id=a.id, language="en", analyzed=True,
                     sentences=split_sentences(a.text)) for a in articles]


def sentences_of(articles: list[Article], analyses: list[Analysis]) -> list[list[str]]:
    by_id = {a.article_id: a for a in analyses}
    out = []
    for art in articles:
        an = by_id.get(art.id)
        spans = an.sentences if an and an.sentences else split_sentences(art.text)
        out.append([t for s, e in spans if (t := art.text[s:e].strip())])
    return out


def ours(story: Story, analyses: list[Analysis], budget: int) -> str:
    articles = story.articles  # type: ignore[attr-defined]
    checks = crosscheck(story, articles, analyses)
    cited = summarize(articles, analyses, checks, max_sentences=50, max_words=budget)
    return cut([c.text for c in cited], budget)


def lead(sentences: list[list[str]], budget: int) -> str:
    return cut(sentences[0], budget)


def centroid(sentences: list[list[str]], budget: int) -> str:
    flat = [s for per in sentences for s in per]
    vecs = embed.encode(flat)
    centre = embed.mean_vector(vecs)
    order = np.argsort(-(vecs @ centre), kind="stable")
    chosen, words = [], 0
    for i in order:
        if words >= budget:
            break
        chosen.append(int(i))
        words += len(flat[i].split())
    return cut([flat[i] for i in sorted(chosen)], budget)


def run(stories: list[Story], budget: int, use_analyzer: bool) -> tuple[dict, float]:
    """Summaries of every system for every story, and our path's time in seconds."""
    embed.clear_cache()
    outs: dict[str, list[str]] = {s: [] for s in SYSTEMS}
    ours_time = 0.0
    for story in stories:
        articles = story.articles  # type: ignore[attr-defined]
        t0 = time.perf_counter()
        analyses = analyses_for(articles, use_analyzer)
        outs["consilience"].append(ours(story, analyses, budget))
        ours_time += time.perf_counter() - t0
        sentences = sentences_of(articles, analyses)
        outs["lead"].append(lead(sentences, budget))
        outs["centroid"].append(centroid(sentences, budget))
    return outs, ours_time


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", default=str(ROOT.parent / "shared" / "eval" / "neus-val"))
    p.add_argument("--limit", type=int, default=None, help="first N lines only")
    p.add_argument("--words", type=int, default=None,
                   help="word budget (default: median length of the targets)")
    p.add_argument("--runs", type=int, default=3, help="passes for the speed median")
    p.add_argument("--no-analyzer", action="store_true",
                   help="ablation: sentences only, no claims and so no cross-check support")
    p.add_argument("--out", help="write every line's summaries and scores as JSONL")
    p.add_argument("--threads", type=int, default=None,
                   help="torch threads (on a shared machine, 1 is often faster)")
    args = p.parse_args(argv)
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)

    from rouge_score import rouge_scorer

    data = Path(args.data)
    sources = (data / "val.source").read_text(encoding="utf-8").splitlines()
    targets = (data / "val.target").read_text(encoding="utf-8").splitlines()
    pairs = list(zip(sources, targets, strict=True))[: args.limit]
    stories, refs = [], []
    for i, (src, tgt) in enumerate(pairs):
        story = parse_line(i, src)
        if story is not None:
            stories.append(story)
            refs.append(target_text(tgt))
    lengths = [len(r.split()) for r in refs]
    budget = args.words or int(statistics.median(lengths))

    outs, t = run(stories, budget, not args.no_analyzer)
    times = [t] + [run(stories, budget, not args.no_analyzer)[1] for _ in range(args.runs - 1)]
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    table = {s: {"rouge1": [], "rouge2": [], "rougeL": []} for s in SYSTEMS}
    rows = []
    for i, ref in enumerate(refs):
        row = {"line": i, "target": ref}
        for s in SYSTEMS:
            sc = scorer.score(ref, outs[s][i])
            for m in table[s]:
                table[s][m].append(sc[m].fmeasure)
            row[s] = {"text": outs[s][i], **{m: round(sc[m].fmeasure, 4) for m in sc}}
        rows.append(row)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")

    analyzer = "no analyzer (ablation)" if args.no_analyzer else "real analyzer"
    print(f"neus-val: {len(stories)} stories, budget {budget} words "
          f"(targets: median {statistics.median(lengths):.0f}, mean "
          f"{statistics.mean(lengths):.1f}); {analyzer}")
    print(f"{'system':<14}{'ROUGE-1':>9}{'ROUGE-2':>9}{'ROUGE-L':>9}")
    for s in SYSTEMS:
        means = [100 * statistics.mean(table[s][m]) for m in ("rouge1", "rouge2", "rougeL")]
        print(f"{s:<14}" + "".join(f"{x:>9.2f}" for x in means))
    med = statistics.median(times)
    print(f"speed (ours: analyze + crosscheck + summary): {len(stories) / med:.2f} stories/s "
          f"(median of {len(times)} runs: {', '.join(f'{x:.1f}s' for x in times)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
