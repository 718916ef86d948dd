"""Table definitions (SQLAlchemy Core). The store and the Alembic migrations share them.

Kept apart from store.py so a migration can import the metadata without the store's logic.
Text columns hold what users read; JSON columns hold small lists that are never queried
by their contents.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("source", Text, nullable=False),
    Column("url", Text),
    Column("outlet", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("author", Text),
    Column("published", String(10)),
    Column("language", String(8)),
    Column("text", Text, nullable=False),
    Column("extracted_text", Text, nullable=False),
    Column("fetched_at", String(32)),
    Column("content_hash", String(32), nullable=False),
    Column("duplicate_of", String(32), ForeignKey("articles.id"), nullable=True),
    Column("similarity", Float),
    Column("added_at", String(32), nullable=False),
    Column("words", Integer, nullable=False),
    Column("minhash", LargeBinary),  # MinHash signature: rebuilds the LSH index without re-hashing
    Index("ix_articles_content_hash", "content_hash"),
    Index("ix_articles_duplicate_of", "duplicate_of"),
)

removed = Table(
    "removed",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"),
           primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("reason", String(64), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
)

analyses = Table(
    "analyses",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"),
           primary_key=True),
    Column("language", String(8)),
    Column("analyzed", Boolean, nullable=False),
    Column("reason", Text),
    Column("sentences", JSON, nullable=False),
    Column("version", String(32), nullable=False),
    Column("analyzed_at", String(32), nullable=False),
)

mentions = Table(
    "mentions",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"),
           primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("label", String(16), nullable=False),
    Column("canonical", Text, nullable=False),
    Column("role", Text),
)

claims = Table(
    "claims",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"),
           nullable=False),
    Column("position", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("about", Text, nullable=False, default=""),
    Column("value", Float),
    Column("value_high", Float),
    Column("unit", Text),
    Column("qualifier", String(16), nullable=False, default="exact"),
    Column("norm_value", Float),
    Column("norm_unit", Text),
    Column("norm_low", Float),
    Column("norm_high", Float),
    Column("speaker", Text),
    Column("speaker_description", Text),
    Column("date", String(10)),
    Column("precision", String(8)),
    Column("resolved", Boolean, nullable=False, default=True),
    Column("vague", Boolean, nullable=False, default=False),
    Column("sentence_start", Integer, nullable=False, default=0),
    Column("sentence_end", Integer, nullable=False, default=0),
    Column("entities", JSON, nullable=False),
    Column("scope", Text),
    Column("extra", JSON),  # fields added to Claim later, kept without a migration
    Index("ix_claims_article", "article_id"),
)

stories = Table(
    "stories",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("title", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
)

story_articles = Table(
    "story_articles",
    metadata,
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"),
           primary_key=True),
    Column("story_id", String(32), ForeignKey("stories.id", ondelete="CASCADE"),
           nullable=False),
    Index("ix_story_articles_story", "story_id"),
)

failures = Table(
    "failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", String(32), nullable=False),
)

vectors = Table(
    "vectors",
    metadata,
    Column("key", String(32), primary_key=True),  # hash of model + text (see embed.py)
    Column("vector", LargeBinary, nullable=False),  # float32 little-endian
)
