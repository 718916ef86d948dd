"""Initial schema: articles, removed spans, analyses, mentions, claims, stories, failures.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("outlet", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("author", sa.Text),
        sa.Column("published", sa.String(10)),
        sa.Column("language", sa.String(8)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("extracted_text", sa.Text, nullable=False),
        sa.Column("fetched_at", sa.String(32)),
        sa.Column("content_hash", sa.String(32), nullable=False),
        sa.Column("duplicate_of", sa.String(32), sa.ForeignKey("articles.id"), nullable=True),
        sa.Column("similarity", sa.Float),
        sa.Column("added_at", sa.String(32), nullable=False),
        sa.Column("words", sa.Integer, nullable=False),
        sa.Column("minhash", sa.LargeBinary),
    )
    op.create_index("ix_articles_content_hash", "articles", ["content_hash"])
    op.create_index("ix_articles_duplicate_of", "articles", ["duplicate_of"])
    op.create_table(
        "removed",
        sa.Column("article_id", sa.String(32),
                  sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("reason", sa.String(64), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
    )
    op.create_table(
        "analyses",
        sa.Column("article_id", sa.String(32),
                  sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("language", sa.String(8)),
        sa.Column("analyzed", sa.Boolean, nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("sentences", sa.JSON, nullable=False),
        sa.Column("version", sa.String(32), nullable=False),
        sa.Column("analyzed_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "mentions",
        sa.Column("article_id", sa.String(32),
                  sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("label", sa.String(16), nullable=False),
        sa.Column("canonical", sa.Text, nullable=False),
    )
    op.create_table(
        "claims",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("article_id", sa.String(32),
                  sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("about", sa.Text, nullable=False),
        sa.Column("value", sa.Float),
        sa.Column("value_high", sa.Float),
        sa.Column("unit", sa.Text),
        sa.Column("qualifier", sa.String(16), nullable=False),
        sa.Column("norm_value", sa.Float),
        sa.Column("norm_unit", sa.Text),
        sa.Column("norm_low", sa.Float),
        sa.Column("norm_high", sa.Float),
        sa.Column("speaker", sa.Text),
        sa.Column("speaker_description", sa.Text),
        sa.Column("date", sa.String(10)),
        sa.Column("precision", sa.String(8)),
        sa.Column("resolved", sa.Boolean, nullable=False),
        sa.Column("vague", sa.Boolean, nullable=False),
        sa.Column("sentence_start", sa.Integer, nullable=False),
        sa.Column("sentence_end", sa.Integer, nullable=False),
        sa.Column("entities", sa.JSON, nullable=False),
        sa.Column("scope", sa.Text),
        sa.Column("extra", sa.JSON),
    )
    op.create_index("ix_claims_article", "claims", ["article_id"])
    op.create_table(
        "stories",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "story_articles",
        sa.Column("article_id", sa.String(32),
                  sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("story_id", sa.String(32),
                  sa.ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
    )
    op.create_index("ix_story_articles_story", "story_articles", ["story_id"])
    op.create_table(
        "failures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    for table in ("failures", "story_articles", "stories", "claims", "mentions", "analyses",
                  "removed", "articles"):
        op.drop_table(table)
