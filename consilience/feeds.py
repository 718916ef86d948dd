"""Read RSS/Atom feeds and XML sitemaps into lists of links with what they say about each.

Parsing only: nothing here touches the network. ``ingest`` fetches the links and turns each
entry into a RawDocument carrying the entry's title, date, author and the feed's title as
hints. ``sniff`` tells a feed from a sitemap (or an XHTML page) by its root element, so a
feed served with a wrong extension or content type is still recognised.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Literal
from urllib.parse import urljoin

import feedparser

from consilience.errors import FormatError
from consilience.records import SourceHints

__all__ = [
    "Feed",
    "FeedEntry",
    "Sitemap",
    "SitemapEntry",
    "iso_date",
    "parse_feed",
    "parse_sitemap",
    "root_element",
    "sniff",
]

_FEED_ROOTS = frozenset({"rss", "feed", "rdf"})
_SITEMAP_ROOTS = frozenset({"urlset", "sitemapindex"})
_PROLOG = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)", re.DOTALL | re.IGNORECASE)
_ELEMENT = re.compile(rb"\s*<([A-Za-z_][\w.:-]*)")
_TAGS = re.compile(r"<[^>]+>")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def root_element(data: bytes) -> str | None:
    """Local name of the first element, lower-cased (``rss``, ``feed``, ``urlset``, ``html``)."""
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", "ignore").encode("utf-8")
    head = head.removeprefix(b"\xef\xbb\xbf")
    pos = 0
    while match := _PROLOG.match(head, pos):
        pos = match.end()
    match = _ELEMENT.match(head, pos)
    if not match:
        return None
    return match.group(1).decode("ascii", "ignore").rsplit(":", 1)[-1].lower()


def sniff(data: bytes) -> Literal["feed", "sitemap"] | None:
    """``"feed"`` for RSS/Atom, ``"sitemap"`` for ``<urlset>``/``<sitemapindex>``, else None."""
    root = root_element(data)
    if root in _FEED_ROOTS:
        return "feed"
    if root in _SITEMAP_ROOTS:
        return "sitemap"
    return None


def iso_date(value: str | None) -> str | None:
    """The calendar date of an RSS (RFC 822) or Atom (ISO 8601) timestamp, as YYYY-MM-DD.

    The date is taken in the timestamp's own time zone: a story filed late on the 17th in
    New York was published on the 17th, even though it was already the 18th in UTC.
    """
    if not value or not value.strip():
        return None
    text = value.strip()
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        pass
    match = _ISO_DAY.match(text)
    if match:
        try:
            return date(*(int(g) for g in match.groups())).isoformat()
        except ValueError:
            return None
    return None


def visible_length(html: str) -> int:
    """Rough length of the text a reader would see in an HTML fragment."""
    return len(" ".join(_TAGS.sub(" ", html).split()))


@dataclass(kw_only=True)
class FeedEntry:
    """One item of a feed: where the article lives and what the feed says about it."""

    index: int  # 1-based position in the feed
    link: str | None
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    author: str | None = None
    content: str | None = None  # full article body carried by the feed, when it carries one
    content_type: str = "text/html"

    def hints(self, feed: Feed) -> SourceHints:
        return SourceHints(
            title=self.title,
            outlet=feed.title,
            published=self.published,
            author=self.author,
            url=self.link,
        )


@dataclass(kw_only=True)
class Feed:
    source: str
    title: str | None
    entries: list[FeedEntry] = field(default_factory=list)
    problem: str | None = None  # set when the XML was broken but entries could be recovered


def parse_feed(data: bytes, source: str, base_url: str | None = None) -> Feed:
    """Parse RSS 0.9x/1.0/2.0 or Atom bytes; relative links resolve against ``base_url``.

    Raises ``FormatError`` when the bytes are not a feed, or are so broken that no entry
    could be recovered. A feed that is broken but still yields entries is returned with
    ``problem`` set, so the caller can both use the entries and report the damage.
    """
    headers = {"content-location": base_url} if base_url else {}
    parsed = feedparser.parse(data, response_headers=headers)
    problem = _xml_problem(parsed)
    if not parsed.get("version") and not parsed.entries:
        if problem:
            raise FormatError(source, f"malformed feed: {problem}")
        raise FormatError(source, "not an RSS or Atom feed")
    if problem and not parsed.entries:
        raise FormatError(source, f"malformed feed: {problem}")
    title = _clean(parsed.feed.get("title"))
    entries = [_entry(i, e, base_url) for i, e in enumerate(parsed.entries, start=1)]
    return Feed(source=source, title=title, entries=entries, problem=problem)


def _xml_problem(parsed: Any) -> str | None:
    """The XML error feedparser recovered from, if any; encoding mismatches are not errors."""
    if not parsed.get("bozo"):
        return None
    exc = parsed.get("bozo_exception")
    if isinstance(exc, feedparser.CharacterEncodingOverride | feedparser.NonXMLContentType):
        return None
    # No line number: feedparser sometimes prepends a declaration, so its count may be off.
    return str(getattr(exc, "getMessage", lambda: str(exc))()) or type(exc).__name__


def _entry(index: int, entry: Any, base_url: str | None) -> FeedEntry:
    link = entry.get("link") or None
    if link and base_url:
        link = urljoin(base_url, link)
    content, content_type = _full_content(entry)
    published = iso_date(entry.get("published")) or iso_date(entry.get("updated"))
    if published is None:
        # feedparser understands more date formats than we do, but only in UTC.
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = date(*stamp[:3]).isoformat() if stamp else None
    return FeedEntry(
        index=index,
        link=link,
        title=_clean(entry.get("title")),
        published=published,
        author=_clean(entry.get("author")),
        content=content,
        content_type=content_type,
    )


def _full_content(entry: Any) -> tuple[str | None, str]:
    """The entry's body when the feed carries the whole article, not just a teaser.

    ``content:encoded`` and Atom ``<content>`` count when at least as long as the summary
    (feedparser copies Atom content into ``summary`` when there is no separate summary).
    """
    bodies = [c for c in entry.get("content") or [] if (c.get("value") or "").strip()]
    if not bodies:
        return None, "text/html"
    best = max(bodies, key=lambda c: visible_length(c["value"]))
    if visible_length(best["value"]) < visible_length(entry.get("summary") or ""):
        return None, "text/html"
    kind = best.get("type") or "text/html"
    return best["value"], ("text/plain" if kind == "text/plain" else "text/html")


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    text = " ".join(value.split())
    return text or None


@dataclass(kw_only=True)
class SitemapEntry:
    loc: str
    hints: SourceHints = field(default_factory=SourceHints)


@dataclass(kw_only=True)
class Sitemap:
    source: str
    is_index: bool  # True for <sitemapindex>: its entries are more sitemaps
    entries: list[SitemapEntry] = field(default_factory=list)


def parse_sitemap(data: bytes, source: str, base_url: str | None = None) -> Sitemap:
    """Parse a ``<urlset>`` or ``<sitemapindex>``; Google News tags become hints.

    Raises ``FormatError`` for XML that does not parse or is not a sitemap.
    """
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise FormatError(source, f"malformed sitemap: {exc}") from exc
    name = _local(root.tag)
    if name not in _SITEMAP_ROOTS:
        raise FormatError(source, f"not a sitemap (root element <{name}>)")
    child = "sitemap" if name == "sitemapindex" else "url"
    entries = []
    for node in root:
        if _local(node.tag) != child:
            continue
        loc = _text(node, "loc")
        if not loc:
            continue
        loc = urljoin(base_url, loc) if base_url else loc
        entries.append(SitemapEntry(loc=loc, hints=_news_hints(node, loc)))
    return Sitemap(source=source, is_index=name == "sitemapindex", entries=entries)


def _news_hints(node: ET.Element, loc: str) -> SourceHints:
    """Google News sitemaps name the article's title, date, outlet and language."""
    hints = SourceHints(url=loc)
    for news in node.iter():
        if _local(news.tag) != "news":
            continue
        hints.title = _clean(_text(news, "title"))
        hints.published = iso_date(_text(news, "publication_date"))
        for publication in news:
            if _local(publication.tag) == "publication":
                hints.outlet = _clean(_text(publication, "name"))
                hints.language = _clean(_text(publication, "language"))
    return hints


def _text(node: ET.Element, name: str) -> str | None:
    for child in node:
        if _local(child.tag) == name and child.text:
            return child.text.strip()
    return None


def _local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1].lower()
