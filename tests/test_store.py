"""The store keeps what it is given, in one transaction per document, across reopenings."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from consilience import store as store_module
from consilience.errors import NotFoundError, StoreError
from consilience.records import Analysis, Article, Claim, Mention, Normalized, Removed, Story
from consilience.store import Store


def _article(title="Harbour fire", text="A fire broke out at the harbour on Monday night.",
             outlet="Coast Post") -> Article:
    return Article(source=f"{outlet}.html", outlet=outlet, title=title, text=text,
                   extracted_text=text + "\nRead more: other things",
                   removed=[Removed(text="Read more: other things", reason="read-more",
                                    start=len(text) + 1, end=len(text) + 24)]).ensure_ids()


def test_article_round_trip_survives_reopening(tmp_path):
    db = str(tmp_path / "c.db")
    a = _article()
    Store(db).add_article(a, b"sig")
    again = Store(db).get_article(a.id)
    assert again.text == a.text and again.title == a.title and again.outlet == "Coast Post"
    assert [(r.text, r.reason) for r in again.removed] == [("Read more: other things",
                                                            "read-more")]
    assert again.extracted_text[again.removed[0].start:again.removed[0].end] == \
        again.removed[0].text


def test_schema_is_managed_by_alembic(tmp_path):
    db = tmp_path / "c.db"
    Store(str(db))
    with sqlite3.connect(db) as conn:
        (version,) = conn.execute("select version_num from alembic_version").fetchone()
    assert version == "0003"


def test_failed_write_leaves_nothing_half_stored(tmp_path):
    store = Store(str(tmp_path / "c.db"))
    a = _article()
    a.removed.append(a.removed[0])  # same position twice: the second insert violates the key
    a.removed[1] = Removed(text="x", reason="y", start=0, end=1)
    store.add_article(a)
    b = _article(title="Other", text="Something else entirely happened in the valley.")
    b.duplicate_of = "no-such-article"  # foreign key violation inside the transaction
    with pytest.raises(StoreError):
        store.add_article(b)
    assert [x.id for x in store.articles()] == [a.id]


def test_analysis_replaces_previous_one(tmp_path):
    store = Store(str(tmp_path / "c.db"))
    a = _article()
    store.add_article(a)
    at = a.text.index("Monday")
    claim = Claim(article_id=a.id, kind="date", text="Monday", start=at, end=at + 6,
                  normalized=Normalized(value=1.0, unit="count", low=1.0, high=1.0)).ensure_id()
    mention = Mention(text="harbour", start=22, end=29, label="FAC", canonical="Harbour",
                      role="port of the town")
    for _ in range(2):
        store.save_analysis(Analysis(article_id=a.id, language="en", analyzed=True,
                                     sentences=[(0, len(a.text))], mentions=[mention],
                                     claims=[claim]), version="1")
    got = store.analyses([a.id])[a.id]
    assert len(got.claims) == 1 and got.claims[0].normalized.unit == "count"
    assert got.claims[0].text == a.text[at:at + 6]
    assert got.mentions == [mention]
    assert store.analysis_versions([a.id]) == {a.id: "1"}


def test_stories_move_articles_and_drop_empty_stories(tmp_path):
    store = Store(str(tmp_path / "c.db"))
    a, b = _article(), _article(title="Second", text="The harbour fire was put out by noon.")
    store.add_article(a)
    store.add_article(b)
    store.save_stories([Story(id="s1", title="one", article_ids=[a.id]),
                        Story(id="s2", title="two", article_ids=[b.id])])
    store.save_stories([Story(id="s1", title="one", article_ids=sorted([a.id, b.id]))])
    assert [(s.id, sorted(s.article_ids)) for s in store.stories()] == \
        [("s1", sorted([a.id, b.id]))]


def test_ids_resolve_from_prefixes(tmp_path):
    store = Store(str(tmp_path / "c.db"))
    a = _article()
    store.add_article(a)
    assert store.resolve_article(a.id[:6]) == a.id
    with pytest.raises(NotFoundError, match="no stored article"):
        store.resolve_article("zzzz")


def test_database_in_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        Store(str(tmp_path / "nope" / "c.db"))


def test_file_that_is_not_a_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "c.db"
    bad.write_text("this is a text file, not a database\n" * 100)
    with pytest.raises(StoreError, match=r"c\.db: cannot open database"):
        Store(str(bad))


def test_older_database_is_migrated_without_losing_articles(tmp_path):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    db = tmp_path / "old.db"
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(store_module.__file__).parent / "migrations"))
    with create_engine(f"sqlite:///{db}").begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    with sqlite3.connect(db) as conn:
        conn.execute("insert into articles (id, source, outlet, title, text, extracted_text, "
                     "content_hash, added_at, words) values ('a1', 's', 'o', 't', 'body text', "
                     "'body text', 'h', '2025-01-01', 2)")
    store = Store(str(db))
    assert [a.text for a in store.articles()] == ["body text"]
    with sqlite3.connect(db) as conn:
        columns = {row[1] for row in conn.execute("pragma table_info(mentions)")}
    assert "role" in columns


def test_vectors_are_kept_once_per_key(tmp_path):
    store = Store(str(tmp_path / "c.db"))
    store.put_vectors({"a" * 32: b"\x00\x01", "b" * 32: b"\x02"})
    store.put_vectors({"a" * 32: b"\xff"})  # same key again: the first vector stays
    assert store.get_vectors(["a" * 32, "b" * 32, "c" * 32]) == {"a" * 32: b"\x00\x01",
                                                                "b" * 32: b"\x02"}
