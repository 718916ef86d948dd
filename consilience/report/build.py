"""The report model: the ``consilience.report/1`` dict that every renderer reads.

``build_report`` turns stories with their articles, analyses and checks into the JSON shape
DESIGN.md fixes (fields may be added, never renamed). Besides the contract's ``articles``,
``claims``, ``checks``, ``summary`` and ``timeline``, each story carries ``coverage`` (which
multi-source facts each outlet reports or leaves out) and ``counts`` (checks per verdict);
each claim carries the exact ``sentence`` it sits in, so a reader sees it in context.

A summary entry's ``text`` is the article's own sentence, except that a pronoun standing for
a quote's speaker may be followed by the speaker's name in brackets ("he [Ana Reyes] said");
its ``extract`` gives the article and the exact span (``start``/``end`` into that article's
``text``) the sentence was taken from.

Renderers work from this dict alone, so a report read back from JSON renders the same.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from consilience.records import Analysis, Article, Check, Cited, Claim, Story, to_dict
from consilience.report.summary import Encoder, summarize

SCHEMA = "consilience.report/1"
StoryParts = tuple[Story, list[Article], list[Analysis], list[Check]]


def build_report(stories: Sequence[StoryParts], *, encoder: Encoder | None = None,
                 summary_sentences: int = 7) -> dict:
    """The ``consilience.report/1`` dict for the given stories, in the given order."""
    return {
        "schema": SCHEMA,
        "stories": [story_report(*parts, encoder=encoder, summary_sentences=summary_sentences)
                    for parts in stories],
    }


def story_report(story: Story, articles: list[Article], analyses: list[Analysis],
                 checks: list[Check], *, encoder: Encoder | None = None,
                 summary_sentences: int = 7) -> dict:
    members = _members(story, articles)
    order = {a.id: i for i, a in enumerate(members)}
    # claims are listed in the story's order of articles, however the caller sorted them
    analyses = sorted((a for a in analyses if a.article_id in order),
                      key=lambda a: order[a.article_id])
    by_id = {a.id: a for a in members}
    claims = [c.ensure_id() for an in analyses if an.analyzed for c in an.claims]
    summary = summarize(members, analyses, checks, max_sentences=summary_sentences,
                        encoder=encoder)
    return {
        "id": story.id,
        "title": story.title,
        "articles": [article_dict(a) for a in members],
        "claims": [claim_dict(c, by_id.get(c.article_id)) for c in claims],
        "checks": [to_dict(k) for k in checks],
        "summary": [{"text": s.text, "article_ids": s.article_ids,
                     "extract": {"article_id": s.article_id, "start": s.start, "end": s.end}}
                    for s in summary],
        "timeline": [{"date": t.date, "text": t.text, "article_ids": t.article_ids}
                     for t in timeline(members, claims, checks)],
        "coverage": coverage(members, checks),
        "counts": dict(Counter(k.verdict for k in checks)),
    }


def _members(story: Story, articles: list[Article]) -> list[Article]:
    """The story's articles in the story's order (unknown ids are skipped, not invented)."""
    by_id = {a.id: a for a in articles}
    return [by_id[i] for i in story.article_ids if i in by_id]


def article_dict(a: Article) -> dict:
    return {
        "id": a.id, "outlet": a.outlet, "url": a.url, "source": a.source, "title": a.title,
        "author": a.author, "published": a.published, "language": a.language,
        "duplicate_of": a.duplicate_of, "similarity": a.similarity, "text": a.text,
        "removed": [{"text": r.text, "reason": r.reason, "start": r.start, "end": r.end}
                    for r in a.removed],
    }


def claim_dict(c: Claim, article: Article | None) -> dict:
    sentence = ""
    if article is not None and c.sentence_end > c.sentence_start:
        sentence = article.text[c.sentence_start:c.sentence_end].strip()
    norm = c.normalized
    return {
        "id": c.id, "article_id": c.article_id, "kind": c.kind, "text": c.text,
        "start": c.start, "end": c.end, "about": c.about, "value": c.value,
        "value_high": c.value_high, "unit": c.unit, "qualifier": c.qualifier,
        "normalized": (None if norm is None else
                       {"value": norm.value, "unit": norm.unit, "low": norm.low,
                        "high": norm.high}),
        "vague": c.vague, "scope": c.scope, "speaker": c.speaker,
        "speaker_description": c.speaker_description,
        "attribution": getattr(c, "attribution", None), "date": c.date,
        "precision": c.precision, "resolved": c.resolved, "entities": list(c.entities),
        "sentence": sentence or c.text, "sentence_start": c.sentence_start,
        "sentence_end": c.sentence_end,
    }


def timeline(articles: list[Article], claims: list[Claim], checks: list[Check]) -> list[Cited]:
    """Dated events, oldest first: one entry per date check (per date, when sources differ).

    The text is the exact sentence the date stands in, from the first article that gives the
    most precise form of the date; relative dates were resolved by analyze against each
    article's publication date, and unresolved ones are left out rather than guessed. A bare
    year from a single source is left out too: it dates background, not the story's events.
    """
    by_id = {c.id: c for c in claims}
    order = {a.id: i for i, a in enumerate(articles)}
    texts = {a.id: a.text for a in articles}
    entries: list[Cited] = []
    for k in checks:
        if k.kind != "date":
            continue
        dated = [by_id[i] for i in k.claim_ids
                 if i in by_id and by_id[i].date and by_id[i].resolved]
        if not dated:
            continue
        groups = _by_date(dated) if k.verdict == "conflict" else [dated]
        for group in groups:
            best = max(group, key=lambda c: (len(c.date or ""), -order.get(c.article_id, 0)))
            if len(best.date or "") <= 4 and k.independent_sources < 2:
                continue  # "in 2024" from one outlet is background, not an event to list
            text = texts[best.article_id][best.sentence_start:best.sentence_end].strip()
            ids = list(dict.fromkeys(c.article_id for c in sorted(
                group, key=lambda c: order.get(c.article_id, 0))))
            entries.append(Cited(text=text or best.text, article_ids=ids, date=best.date))
    entries.sort(key=lambda e: (e.date or "", order.get(e.article_ids[0], 0)))
    return entries


def _by_date(claims: list[Claim]) -> list[list[Claim]]:
    groups: dict[str, list[Claim]] = {}
    for c in claims:
        groups.setdefault(c.date or "", []).append(c)
    return list(groups.values())


def coverage(articles: list[Article], checks: list[Check]) -> list[dict]:
    """For each article: which key facts (checks with two or more sources) it reports."""
    key = [k for k in checks if k.independent_sources >= 2]
    out = []
    for a in articles:
        reports = [k.id for k in key if a.id in k.article_ids]
        out.append({
            "article_id": a.id, "outlet": a.outlet,
            "reports": reports,
            "omits": [k.id for k in key if a.id not in k.article_ids],
            "single_source": sum(1 for k in checks if k.verdict == "single_source"
                                 and a.id in k.article_ids),
        })
    return out
