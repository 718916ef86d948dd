"""The library API: the verbs of the CLI as plain Python, over one store.

    from consilience import Consilience
    c = Consilience("consilience.db")
    summary = c.add(["reports/", "https://example.org/feed.xml"])
    report = c.check(["reports/"])          # the consilience.report/1 dict

Stages are called here and nowhere else in sequence; each stage module knows nothing of the
store or of the other stages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Literal

from .clean import clean
from .config import DEFAULT, Settings
from .dedup import Deduper, pick_original, signature
from .errors import InputError
from .extract import extract
from .ingest import read_sources
from .parallel import ordered_map
from .records import Analysis, Article, IngestError, RawDocument, Story
from .store import Store

# Bump when the analyze stage's output changes: stored analyses of an older version are redone.
ANALYZER_VERSION = "1"

Status = Literal["added", "skipped", "duplicate", "failed"]


@dataclass
class Outcome:
    """What happened to one input document."""

    source: str
    status: Status
    article: Article | None = None
    reason: str | None = None


@dataclass
class AddSummary:
    added: int = 0
    skipped: int = 0  # already stored
    duplicates: int = 0  # stored, and marked as a copy of another article
    failed: list[IngestError] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)  # every article these inputs hold

    def count(self, outcome: Outcome) -> None:
        if outcome.status == "failed":
            self.failed.append(IngestError(source=outcome.source, reason=outcome.reason or ""))
            return
        if outcome.status == "added":
            self.added += 1
        elif outcome.status == "duplicate":
            self.duplicates += 1
        else:
            self.skipped += 1
        if outcome.article and outcome.article.id not in self.article_ids:
            self.article_ids.append(outcome.article.id)

    def line(self) -> str:
        return (f"{self.added} added, {self.skipped} already stored, "
                f"{self.duplicates} marked as duplicates, {len(self.failed)} failed")


def _extract_one(item: RawDocument | IngestError, settings: Settings) -> Article | IngestError:
    if isinstance(item, IngestError):
        return item
    try:
        return clean(extract(item, settings)).ensure_ids()
    except InputError as exc:
        return IngestError(source=exc.source, reason=exc.reason)
    except (ValueError, TypeError, LookupError, RecursionError, UnicodeError) as exc:
        # A parser tripping on one odd document must not stop the batch: report it.
        return IngestError(source=item.source, reason=f"could not be extracted ({exc!r})")


def extract_documents(inputs: Iterable[str], settings: Settings = DEFAULT, *,
                      workers: int | None = None,
                      **read_options) -> Iterator[Article | IngestError]:
    """Ingest, extract and clean, with no database: one Article or IngestError per document,
    in input order. Documents are extracted in ``workers`` processes when there are several
    (see ``consilience.parallel``; one per core by default)."""
    from .language import load_model

    load_model()  # before any fork: the workers share it
    yield from ordered_map(partial(_extract_one, settings=settings),
                           read_sources(inputs, settings, **read_options), workers)


class Consilience:
    """One consilience database and the verbs that work on it."""

    def __init__(self, db: str | Store = DEFAULT.db, settings: Settings = DEFAULT):
        self.settings = settings
        self.store = db if isinstance(db, Store) else Store(db)
        self._deduper: Deduper | None = None

    def close(self) -> None:
        self.store.close()

    # ------------------------------------------------------------------ add

    @property
    def deduper(self) -> Deduper:
        if self._deduper is None:
            self._deduper = Deduper(self.settings.near_duplicate_threshold)
            self._deduper.load(list(self.store.minhashes()))
        return self._deduper

    def add_iter(self, inputs: Iterable[str], **read_options) -> Iterator[Outcome]:
        """Add documents one by one, yielding what happened to each (for progress bars)."""
        for item in extract_documents(inputs, self.settings, **read_options):
            if isinstance(item, IngestError):
                self.store.record_failure(item.source, item.reason)
                yield Outcome(item.source, "failed", reason=item.reason)
            else:
                yield self._store_article(item)

    def add(self, inputs: Iterable[str], on_outcome: Callable[[Outcome], None] | None = None,
            **read_options) -> AddSummary:
        summary = AddSummary()
        for outcome in self.add_iter(inputs, **read_options):
            summary.count(outcome)
            if on_outcome:
                on_outcome(outcome)
        return summary

    def _store_article(self, article: Article) -> Outcome:
        if self.store.has_article(article.id):
            return Outcome(article.source, "skipped", article=article)
        sig = signature(article.text)
        exact = self.store.same_content(article.content_hash)
        near = self.deduper.candidates(sig) if not exact else []
        similarity = 1.0 if exact else (near[0].similarity if near else None)
        candidates = exact or self.store.articles([m.original_id for m in near])
        original = pick_original(article, candidates)
        relink: list[str] = []
        if original is not None:
            article.duplicate_of = original.duplicate_of or original.id
            article.similarity = similarity
        elif candidates:
            # the new article predates what we hold: the stored ones become its copies
            relink = sorted({c.duplicate_of or c.id for c in candidates})
        self.store.add_article(article, sig.to_bytes(), relink=relink)
        self.deduper.add(article.id, sig)
        status: Status = "duplicate" if article.duplicate_of else "added"
        return Outcome(article.source, status, article=article)

    # ------------------------------------------------------------------ read

    def articles(self, ids: Iterable[str] | None = None) -> list[Article]:
        return self.store.articles(ids)

    def stories(self) -> list[Story]:
        return self.store.stories()

    # ------------------------------------------------------------------ analyze

    def analyze(self, ids: Iterable[str] | None = None, *,
                on_analysis: Callable[[Article, Analysis], None] | None = None,
                ) -> dict[str, Analysis]:
        """Analyses of these articles (all when None), computing the missing or stale ones;
        ``on_analysis`` hears of each one computed, as soon as it is stored."""
        articles = self.store.articles(ids)
        self._analyze(self._unanalyzed(articles), on_analysis)
        return self.store.analyses(a.id for a in articles)

    def _unanalyzed(self, articles: list[Article]) -> list[Article]:
        versions = self.store.analysis_versions(a.id for a in articles)
        return [a for a in articles if versions.get(a.id) != ANALYZER_VERSION]

    def _analyze(self, todo: list[Article],
                 on_analysis: Callable[[Article, Analysis], None] | None = None) -> None:
        if not todo:
            return  # nothing to do loads nothing: the report of stored stories needs no spaCy
        from .analyze.workers import analyze_parallel

        for article, analysis in zip(todo, analyze_parallel(todo), strict=True):
            self.store.save_analysis(analysis, ANALYZER_VERSION)
            if on_analysis:
                on_analysis(article, analysis)

    def claims(self, ref: str) -> tuple[Article, Analysis]:
        article_id = self.store.resolve_article(ref)
        return self.store.get_article(article_id), self.analyze([article_id])[article_id]

    # ------------------------------------------------------------------ stories and report

    def group(self) -> list[Story]:
        """Group every stored article into stories; new articles join stories stored earlier."""
        from . import embed
        from .analyze.workers import forks
        from .group import DEFAULT_PARAMS, group
        from .group_features import lead_text

        articles = self.store.articles()
        todo = self._unanalyzed(articles)
        if forks(todo):
            # worker processes already keep every core busy: a background encoder would only
            # contend with them (measured slower than encoding the leads afterwards)
            self._analyze(todo)
        else:
            # The sentence model loads and encodes each new article's lead in the background
            # while spaCy analyses the next ones: the two models then share the two cores.
            with embed.ahead() as early:
                self._analyze(todo, on_analysis=lambda a, an: (
                    early.submit([lead_text(a, an, DEFAULT_PARAMS.lead_sentences)])))
        analyses = self.store.analyses(a.id for a in articles)
        with embed.backed_by(self.store):  # stored articles' vectors are read, not recomputed
            stories = group(articles, analyses, existing=self.store.stories())
        self.store.save_stories(stories)
        return self.store.stories()

    def report(self, story_ids: Iterable[str] | None = None) -> dict:
        """The consilience.report/1 dict for these stories (all when None)."""
        from .analyze import apply_canonical, canonicalize_entities
        from .crosscheck import crosscheck
        from .report import build_report

        stories = self.store.stories(story_ids)
        parts = []
        for story in stories:
            articles = self.store.articles(story.article_ids)
            analyses_by_id = self.analyze(story.article_ids)
            analyses = [analyses_by_id[a.id] for a in articles if a.id in analyses_by_id]
            canonical = canonicalize_entities(analyses)
            # one name per real entity across the story: speakers and entities in the report
            # read the same whichever outlet spelled them how
            apply_canonical(analyses, canonical)
            checks = crosscheck(story, articles, analyses, canonical)
            parts.append((story, articles, analyses, checks))
        return build_report(parts)

    def check(self, inputs: Iterable[str], on_outcome: Callable[[Outcome], None] | None = None,
              **read_options) -> tuple[dict, AddSummary]:
        """The main job: add, analyze, group, cross-check; the report covers these inputs."""
        summary = self.add(inputs, on_outcome=on_outcome, **read_options)
        stories = self.group()
        wanted = set(summary.article_ids)
        ids = [s.id for s in stories if wanted.intersection(s.article_ids)]
        return self.report(ids), summary
