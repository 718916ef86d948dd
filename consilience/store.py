"""The store: the only module that speaks SQL.

One SQLite file by default (``consilience.db``); a ``postgresql+psycopg://`` URL works through
the same code. The schema is created and migrated by Alembic on open. Every write that
belongs to one document (an article with its removed spans, or an analysis with its mentions
and claims) is one transaction: a crash or Ctrl-C leaves either all of it or none of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, delete, event, func, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from . import schema as t
from .errors import NotFoundError, StoreError
from .records import Analysis, Article, Claim, Mention, Normalized, Removed, Story


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _url(db: str) -> str:
    if db.startswith(("postgresql://", "postgres://")):
        # psycopg 3 is the driver we ship; SQLAlchemy's bare scheme means psycopg2
        return "postgresql+psycopg://" + db.split("://", 1)[1]
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser()}"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    # WAL lets a reader (`consilience articles`) run while `add` writes; busy_timeout waits
    # for the other writer instead of failing at once.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


class Store:
    """A consilience database. ``Store("consilience.db")`` or ``Store("postgresql+psycopg://…")``."""

    def __init__(self, db: str = "consilience.db"):
        self.db = db
        url = _url(db)
        try:
            if url.startswith("sqlite:///"):
                path = Path(url.removeprefix("sqlite:///"))
                if str(path) != ":memory:" and path.parent and not path.parent.exists():
                    raise StoreError(f"{db}: cannot open database: folder {path.parent} "
                                     "does not exist")
            self.engine: Engine = create_engine(url, future=True)
            if self.engine.dialect.name == "sqlite":
                event.listen(self.engine, "connect", _sqlite_pragmas)
            self._migrate()
        except StoreError:
            raise
        except (SQLAlchemyError, OSError) as exc:
            raise StoreError(f"{db}: cannot open database: {_reason(exc)}") from exc

    # ------------------------------------------------------------------ setup

    def _migrate(self) -> None:
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
        with self.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _tx(self) -> Iterator[Connection]:
        try:
            with self.engine.begin() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.db}: {_reason(exc)}") from exc

    # ------------------------------------------------------------------ articles

    def has_article(self, article_id: str) -> bool:
        with self._tx() as conn:
            row = conn.execute(select(t.articles.c.id).where(t.articles.c.id == article_id))
            return row.first() is not None

    def same_content(self, content_hash: str) -> list[Article]:
        """Stored articles whose clean text is exactly this one's (originals first)."""
        with self._tx() as conn:
            rows = conn.execute(
                select(t.articles).where(t.articles.c.content_hash == content_hash)
                .order_by(t.articles.c.added_at, t.articles.c.id)
            ).mappings().all()
            return [_article(r, []) for r in rows]

    def add_article(self, article: Article, minhash: bytes | None = None,
                    relink: Iterable[str] = ()) -> None:
        """Insert one article with its removed spans, in one transaction.

        ``relink``: ids of stored articles that now count as copies of this one (it turned
        out to be the original); they and their own copies are pointed at it.
        """
        relink = list(relink)
        with self._tx() as conn:
            conn.execute(insert(t.articles).values(
                **_article_row(article), added_at=now(), minhash=minhash))
            if article.removed:
                conn.execute(insert(t.removed), [
                    {"article_id": article.id, "position": i, "text": r.text,
                     "reason": r.reason, "start": r.start, "end": r.end}
                    for i, r in enumerate(article.removed)])
            if relink:
                conn.execute(update(t.articles)
                             .where(t.articles.c.duplicate_of.in_(relink))
                             .values(duplicate_of=article.id))
                conn.execute(update(t.articles).where(t.articles.c.id.in_(relink))
                             .values(duplicate_of=article.id))

    def get_article(self, article_id: str) -> Article:
        found = self.articles([article_id])
        if not found:
            raise NotFoundError(f"no stored article with id {article_id!r}")
        return found[0]

    def articles(self, ids: Iterable[str] | None = None) -> list[Article]:
        """Stored articles (all, or these ids), oldest first, with their removed spans."""
        with self._tx() as conn:
            q = select(t.articles).order_by(t.articles.c.added_at, t.articles.c.id)
            if ids is not None:
                q = q.where(t.articles.c.id.in_(list(ids)))
            rows = conn.execute(q).mappings().all()
            removed: dict[str, list[Removed]] = {}
            q = select(t.removed).order_by(t.removed.c.article_id, t.removed.c.position)
            if ids is not None:
                q = q.where(t.removed.c.article_id.in_([r["id"] for r in rows]))
            for r in conn.execute(q).mappings():
                removed.setdefault(r["article_id"], []).append(
                    Removed(text=r["text"], reason=r["reason"], start=r["start"], end=r["end"]))
            return [_article(r, removed.get(r["id"], [])) for r in rows]

    def resolve_article(self, ref: str) -> str:
        """Full article id from an id or a unique prefix of one (as users type them)."""
        return self._resolve(t.articles.c.id, "article", ref)

    def _resolve(self, column, kind: str, ref: str) -> str:
        with self._tx() as conn:
            rows = conn.execute(select(column).where(column.startswith(ref)).limit(2)).all()
        if not rows:
            raise NotFoundError(f"no stored {kind} with id {ref!r}")
        if len(rows) > 1:
            raise NotFoundError(f"{kind} id {ref!r} is ambiguous: give more characters")
        return rows[0][0]

    def minhashes(self) -> Iterator[tuple[str, bytes]]:
        with self._tx() as conn:
            rows = conn.execute(select(t.articles.c.id, t.articles.c.minhash)
                                .where(t.articles.c.minhash.is_not(None))).all()
        yield from ((r[0], r[1]) for r in rows)

    def count_articles(self) -> int:
        with self._tx() as conn:
            return conn.execute(select(func.count()).select_from(t.articles)).scalar_one()

    # ------------------------------------------------------------------ analyses

    def save_analysis(self, analysis: Analysis, version: str) -> None:
        """Replace an article's analysis, mentions and claims in one transaction."""
        aid = analysis.article_id
        with self._tx() as conn:
            for table in (t.claims, t.mentions, t.analyses):
                conn.execute(delete(table).where(table.c.article_id == aid))
            conn.execute(insert(t.analyses).values(
                article_id=aid, language=analysis.language, analyzed=analysis.analyzed,
                reason=analysis.reason, sentences=[list(s) for s in analysis.sentences],
                version=version, analyzed_at=now()))
            if analysis.mentions:
                conn.execute(insert(t.mentions), [
                    {"article_id": aid, "position": i, "text": m.text, "start": m.start,
                     "end": m.end, "label": m.label, "canonical": m.canonical,
                     "role": m.role}
                    for i, m in enumerate(analysis.mentions)])
            if analysis.claims:
                conn.execute(insert(t.claims), [
                    _claim_row(c, aid, i) for i, c in enumerate(analysis.claims)])

    def analysis_versions(self, ids: Iterable[str]) -> dict[str, str]:
        with self._tx() as conn:
            rows = conn.execute(select(t.analyses.c.article_id, t.analyses.c.version)
                                .where(t.analyses.c.article_id.in_(list(ids)))).all()
        return {r[0]: r[1] for r in rows}

    def analyses(self, ids: Iterable[str]) -> dict[str, Analysis]:
        ids = list(ids)
        with self._tx() as conn:
            out = {r["article_id"]: Analysis(
                article_id=r["article_id"], language=r["language"], analyzed=r["analyzed"],
                reason=r["reason"], sentences=[tuple(s) for s in r["sentences"]])
                for r in conn.execute(select(t.analyses)
                                      .where(t.analyses.c.article_id.in_(ids))).mappings()}
            for r in conn.execute(select(t.mentions).where(t.mentions.c.article_id.in_(ids))
                                  .order_by(t.mentions.c.article_id, t.mentions.c.position)
                                  ).mappings():
                if r["article_id"] in out:
                    out[r["article_id"]].mentions.append(Mention(
                        text=r["text"], start=r["start"], end=r["end"], label=r["label"],
                        canonical=r["canonical"], role=r["role"]))
            for r in conn.execute(select(t.claims).where(t.claims.c.article_id.in_(ids))
                                  .order_by(t.claims.c.article_id, t.claims.c.position)
                                  ).mappings():
                if r["article_id"] in out:
                    out[r["article_id"]].claims.append(_claim(r))
        return out

    # ------------------------------------------------------------------ stories

    def save_stories(self, stories: Iterable[Story]) -> None:
        """Store stories and their members; an article belongs to one story at a time."""
        stamp = now()
        with self._tx() as conn:
            for s in stories:
                exists = conn.execute(select(t.stories.c.id).where(t.stories.c.id == s.id)
                                      ).first()
                if exists:
                    conn.execute(update(t.stories).where(t.stories.c.id == s.id)
                                 .values(title=s.title, updated_at=stamp))
                else:
                    conn.execute(insert(t.stories).values(id=s.id, title=s.title,
                                                          created_at=stamp, updated_at=stamp))
                conn.execute(delete(t.story_articles)
                             .where(t.story_articles.c.article_id.in_(s.article_ids)))
                conn.execute(insert(t.story_articles), [
                    {"article_id": a, "story_id": s.id} for a in s.article_ids])
            # a story whose articles all moved elsewhere is gone
            conn.execute(delete(t.stories).where(
                t.stories.c.id.not_in(select(t.story_articles.c.story_id))))

    def stories(self, ids: Iterable[str] | None = None) -> list[Story]:
        with self._tx() as conn:
            q = select(t.stories).order_by(t.stories.c.created_at, t.stories.c.id)
            if ids is not None:
                q = q.where(t.stories.c.id.in_(list(ids)))
            rows = conn.execute(q).mappings().all()
            members: dict[str, list[str]] = {}
            for r in conn.execute(select(t.story_articles)
                                  .order_by(t.story_articles.c.article_id)):
                members.setdefault(r.story_id, []).append(r.article_id)
        return [Story(id=r["id"], title=r["title"], article_ids=members.get(r["id"], []))
                for r in rows]

    def resolve_story(self, ref: str) -> str:
        return self._resolve(t.stories.c.id, "story", ref)

    # ------------------------------------------------------------------ vectors

    def get_vectors(self, keys: list[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        with self._tx() as conn:
            for i in range(0, len(keys), 500):  # stay under SQLite's bound-parameter limit
                rows = conn.execute(select(t.vectors.c.key, t.vectors.c.vector)
                                    .where(t.vectors.c.key.in_(keys[i:i + 500])))
                found.update({r[0]: bytes(r[1]) for r in rows})
        return found

    def put_vectors(self, vectors: dict[str, bytes]) -> None:
        if not vectors:
            return
        with self._tx() as conn:
            known = set()
            keys = list(vectors)
            for i in range(0, len(keys), 500):
                known.update(r[0] for r in conn.execute(
                    select(t.vectors.c.key).where(t.vectors.c.key.in_(keys[i:i + 500]))))
            new = [{"key": k, "vector": v} for k, v in vectors.items() if k not in known]
            if new:
                conn.execute(insert(t.vectors), new)

    # ------------------------------------------------------------------ failures

    def record_failure(self, source: str, reason: str) -> None:
        with self._tx() as conn:
            conn.execute(insert(t.failures).values(source=source, reason=reason, at=now()))


# ---------------------------------------------------------------------- row <-> record


def _reason(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig or exc).splitlines()[0]


def _article_row(a: Article) -> dict[str, Any]:
    return {"id": a.id, "source": a.source, "url": a.url, "outlet": a.outlet, "title": a.title,
            "author": a.author, "published": a.published, "language": a.language,
            "text": a.text, "extracted_text": a.extracted_text, "fetched_at": a.fetched_at,
            "content_hash": a.content_hash, "duplicate_of": a.duplicate_of,
            "similarity": a.similarity, "words": a.words}


def _article(r: Any, removed: list[Removed]) -> Article:
    return Article(id=r["id"], source=r["source"], url=r["url"], outlet=r["outlet"],
                   title=r["title"], author=r["author"], published=r["published"],
                   language=r["language"], text=r["text"], extracted_text=r["extracted_text"],
                   removed=removed, fetched_at=r["fetched_at"], content_hash=r["content_hash"],
                   duplicate_of=r["duplicate_of"], similarity=r["similarity"])


def _claim_row(c: Claim, article_id: str, position: int) -> dict[str, Any]:
    n = c.normalized
    row = {"id": c.id, "article_id": article_id, "position": position, "kind": c.kind,
           "text": c.text, "start": c.start, "end": c.end, "about": c.about or "",
           "value": c.value, "value_high": c.value_high, "unit": c.unit,
           "qualifier": c.qualifier, "norm_value": n.value if n else None,
           "norm_unit": n.unit if n else None, "norm_low": n.low if n else None,
           "norm_high": n.high if n else None, "speaker": c.speaker,
           "speaker_description": c.speaker_description, "date": c.date,
           "precision": c.precision, "resolved": c.resolved, "vague": c.vague,
           "sentence_start": c.sentence_start, "sentence_end": c.sentence_end,
           "entities": list(c.entities), "scope": c.scope}
    # fields added to Claim after this schema are kept in `extra`, not dropped
    extra = {k: v for k, v in vars(c).items()
             if k not in row and k not in ("normalized", "article_id")}
    row["extra"] = extra or None
    return row


def _claim(r: Any) -> Claim:
    normalized = None
    if r["norm_unit"] is not None:
        normalized = Normalized(value=r["norm_value"], unit=r["norm_unit"],
                                low=r["norm_low"], high=r["norm_high"])
    fields = {k: r[k] for k in ("id", "article_id", "kind", "text", "start", "end", "about",
                                "value", "value_high", "unit", "qualifier", "speaker",
                                "speaker_description", "date", "precision", "resolved",
                                "vague", "sentence_start", "sentence_end", "entities",
                                "scope")}
    claim = Claim(**fields, normalized=normalized)
    for k, v in (r["extra"] or {}).items():
        if hasattr(claim, k):
            setattr(claim, k, v)
    return claim
