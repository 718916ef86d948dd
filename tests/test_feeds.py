"""Feeds and sitemaps: parsing them, and following their links on a real local server."""

from __future__ import annotations

import gzip
import io
import socket

import pytest

from consilience.config import Settings
from consilience.errors import FormatError
from consilience.feeds import iso_date, parse_feed, parse_sitemap, sniff
from consilience.ingest import feed_documents, read_sources
from consilience.records import IngestError, RawDocument

FAST = Settings(fetch_timeout=3.0)


def _page(title: str, body: str) -> bytes:
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>{body}</p></article></body></html>"
    ).encode()


def _rss(base: str, items: list[dict]) -> bytes:
    parts = []
    for item in items:
        content = item.get("content")
        encoded = f"<content:encoded><![CDATA[{content}]]></content:encoded>" if content else ""
        parts.append(
            f"<item><title>{item['title']}</title><link>{base}{item['path']}</link>"
            f"<description>{item.get('summary', 'Short teaser.')}</description>{encoded}"
            f"<pubDate>{item.get('date', 'Tue, 12 Mar 2024 09:15:00 +0000')}</pubDate>"
            f"<dc:creator>{item.get('author', 'Mara Quill')}</dc:creator></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        "<title>The Harbor Gazette</title><link>https://gazette.example.invalid/</link>"
        + "".join(parts)
        + "</channel></rss>"
    ).encode()


ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Valley Courier</title>
  <entry>
    <title>Dam inspection finds cracks</title>
    <link rel="alternate" href="https://courier.example.invalid/dam"/>
    <published>2024-03-12T23:40:00-05:00</published>
    <author><name>Ilse Marrow</name></author>
    <summary>Cracks were found.</summary>
    <content type="html">&lt;p&gt;Inspectors found three cracks in the Lenmoor dam wall on
      Tuesday, the water board said, and ordered the reservoir lowered.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Reservoir level lowered</title>
    <link href="https://courier.example.invalid/reservoir"/>
    <updated>2024-03-13T08:00:00Z</updated>
    <summary>The reservoir will be lowered by two metres over a week.</summary>
  </entry>
</feed>
"""

RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://ledger.example.invalid/"><title>Northern Ledger</title></channel>
  <item rdf:about="https://ledger.example.invalid/bridge">
    <title>Bridge reopens</title><link>https://ledger.example.invalid/bridge</link>
    <dc:date>2024-03-10</dc:date>
  </item>
</rdf:RDF>
"""

SITEMAP_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
NEWS_NS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'


def _urlset(urls: list[str], news: bool = False) -> bytes:
    rows = []
    for url in urls:
        extra = (
            "<news:news><news:publication><news:name>Quay Weekly</news:name>"
            "<news:language>en</news:language></news:publication>"
            "<news:publication_date>2024-03-11T18:00:00+01:00</news:publication_date>"
            "<news:title>Harbour cranes idle</news:title></news:news>"
            if news
            else ""
        )
        rows.append(f"<url><loc>{url}</loc><lastmod>2024-03-20</lastmod>{extra}</url>")
    return f'<?xml version="1.0"?><urlset {SITEMAP_NS} {NEWS_NS}>{"".join(rows)}</urlset>'.encode()


# --------------------------------------------------------------------------- parsing


def test_rss_entries_carry_title_date_author_and_feed_title():
    feed = parse_feed(
        _rss("https://gazette.example.invalid", [
            {"title": "Ferry strike ends", "path": "/ferry",
             "date": "Sun, 17 Nov 2024 23:30:00 -0500"},
        ]),
        "gazette.xml",
    )

    assert feed.title == "The Harbor Gazette"
    entry = feed.entries[0]
    assert entry.link == "https://gazette.example.invalid/ferry"
    assert entry.title == "Ferry strike ends"
    # The date is the one printed in the feed's own time zone, not the UTC date.
    assert entry.published == "2024-11-17"
    assert entry.author == "Mara Quill"
    assert entry.content is None  # a one-line teaser is not the article


def test_atom_entries_and_full_content():
    feed = parse_feed(ATOM, "courier.atom")

    assert feed.title == "Valley Courier"
    dam, reservoir = feed.entries
    assert (dam.title, dam.published, dam.author) == (
        "Dam inspection finds cracks", "2024-03-12", "Ilse Marrow")
    assert "three cracks in the Lenmoor dam" in dam.content
    assert reservoir.published == "2024-03-13"
    assert reservoir.content is None


def test_rss_1_0_rdf_feed_is_read():
    feed = parse_feed(RDF, "ledger.rdf")

    assert feed.title == "Northern Ledger"
    assert [(e.link, e.published) for e in feed.entries] == [
        ("https://ledger.example.invalid/bridge", "2024-03-10")]


def test_relative_links_resolve_against_the_feed_url():
    feed = parse_feed(_rss("", [{"title": "A", "path": "/news/a"}]), "x",
                      base_url="https://gazette.example.invalid/feed.xml")

    assert feed.entries[0].link == "https://gazette.example.invalid/news/a"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"this is not xml at all", "malformed feed"),
        (b"<html><body><p>A page</p></body></html>", "not an RSS or Atom feed"),
        (b"<rss version='2.0'><channel><title>T</title><<<", "malformed feed"),
    ],
)
def test_broken_or_foreign_documents_are_format_errors(data, message):
    with pytest.raises(FormatError) as info:
        parse_feed(data, "bad.xml")

    assert info.value.source == "bad.xml"
    assert message in info.value.reason


def test_truncated_feed_keeps_what_it_can_and_reports_the_damage(http_server, tmp_path):
    page = http_server.route("/feed0/kept", _page("Kept", "This entry survived."))
    path = tmp_path / "truncated.xml"
    path.write_bytes(_rss(http_server.url(""), [{"title": "Kept", "path": "/feed0/kept"}])[:-40])

    feed = parse_feed(path.read_bytes(), str(path))
    items = list(read_sources([str(path)], FAST))

    assert feed.problem and [e.title for e in feed.entries] == ["Kept"]
    error, doc = items
    assert error.source == str(path)
    assert error.reason.startswith("malformed feed (")
    assert error.reason.endswith("entries recovered: 1")
    assert doc.source == page


def test_sitemap_with_news_tags_gives_hints():
    sitemap = parse_sitemap(_urlset(["https://quay.example.invalid/cranes"], news=True), "s.xml")

    assert not sitemap.is_index
    entry = sitemap.entries[0]
    assert entry.loc == "https://quay.example.invalid/cranes"
    assert (entry.hints.title, entry.hints.outlet, entry.hints.published,
            entry.hints.language) == ("Harbour cranes idle", "Quay Weekly", "2024-03-11", "en")


def test_malformed_sitemap_is_a_format_error():
    with pytest.raises(FormatError, match="malformed sitemap"):
        parse_sitemap(b"<urlset><url><loc>https://a.invalid/</loc></url>", "s.xml")


def test_sniff_tells_feeds_from_sitemaps_and_pages():
    assert sniff(b"\xef\xbb\xbf<?xml version='1.0'?><!-- c --><rss/>") == "feed"
    assert sniff(ATOM) == "feed"
    assert sniff(RDF) == "feed"
    assert sniff(_urlset([])) == "sitemap"
    assert sniff(b"<sitemapindex/>") == "sitemap"
    assert sniff(b"<!DOCTYPE html><html></html>") is None
    assert sniff("<?xml version='1.0'?><rss/>".encode("utf-16")) == "feed"


@pytest.mark.parametrize(
    ("raw", "day"),
    [
        ("Tue, 12 Mar 2024 09:15:00 GMT", "2024-03-12"),
        ("2024-03-12T23:40:00-05:00", "2024-03-12"),
        ("2024-03-12T10:00:00Z", "2024-03-12"),
        ("2024-03-12", "2024-03-12"),
        ("2024-02-30", None),
        ("next Tuesday", None),
        ("", None),
        (None, None),
    ],
)
def test_iso_date(raw, day):
    assert iso_date(raw) == day


# --------------------------------------------------------------------------- following links


def _serve_feed(server, prefix: str) -> str:
    """A feed whose entries point back at pages on the same server, one of them dead."""
    server.route(f"/{prefix}/ferry", _page("Ferry strike ends", "Crews returned on Tuesday."))
    server.route(f"/{prefix}/dam", _page("Dam inspected", "Three cracks were found."))
    long_body = "<p>" + "The council met until midnight to agree the budget. " * 8 + "</p>"
    feed = _rss(server.url(""), [
        {"title": "Ferry strike ends", "path": f"/{prefix}/ferry"},
        {"title": "Budget agreed", "path": f"/{prefix}/gone-with-content", "content": long_body},
        {"title": "Dam inspected", "path": f"/{prefix}/dam", "author": "Ilse Marrow"},
        {"title": "Vanished story", "path": f"/{prefix}/gone"},
    ])
    return server.route(f"/{prefix}/feed.xml", feed, content_type="application/rss+xml")


def test_feed_url_yields_each_linked_page_with_entry_hints(http_server):
    feed_url = _serve_feed(http_server, "feed1")

    items = list(read_sources([feed_url], FAST))

    assert [type(i) for i in items] == [RawDocument, RawDocument, RawDocument, IngestError]
    ferry, budget, dam, gone = items
    assert ferry.source == http_server.url("/feed1/ferry")
    assert b"Crews returned on Tuesday." in ferry.data
    assert ferry.hints.title == "Ferry strike ends"
    assert ferry.hints.outlet == "The Harbor Gazette"
    assert ferry.hints.published == "2024-03-12"
    assert ferry.hints.author == "Mara Quill"
    assert dam.hints.author == "Ilse Marrow"
    # The dead link's entry carried the whole article: it is used instead of the page.
    assert budget.source == http_server.url("/feed1/gone-with-content")
    assert b"The council met until midnight" in budget.data
    assert budget.kind == "html" and budget.hints.title == "Budget agreed"
    # The dead link with only a teaser is reported, named by its link.
    assert gone.source == http_server.url("/feed1/gone")
    assert gone.reason == "HTTP 404 Not Found"


def test_feed_file_on_disk_follows_its_links(http_server, tmp_path):
    feed_url = _serve_feed(http_server, "feed2")
    path = tmp_path / "saved-feed.rss"
    path.write_bytes(http_server.routes["/feed2/feed.xml"]["body"])

    items = list(read_sources([str(path)], FAST))

    assert feed_url.endswith("feed.xml")
    assert [i.source for i in items if isinstance(i, RawDocument)] == [
        http_server.url("/feed2/ferry"), http_server.url("/feed2/gone-with-content"),
        http_server.url("/feed2/dam")]


def test_feed_saved_without_an_extension_is_sniffed(http_server, tmp_path):
    http_server.route("/feed3/bridge", _page("Bridge reopens", "Traffic flows again."))
    path = tmp_path / "ledger-feed"
    path.write_bytes(RDF.replace(b"https://ledger.example.invalid", http_server.url("/feed3")
                                 .encode()))

    (doc,) = read_sources([str(path)], FAST)

    assert doc.source == http_server.url("/feed3/bridge")
    assert doc.hints.outlet == "Northern Ledger"


def test_atom_feed_uses_content_when_a_link_is_unreachable(tmp_path):
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}".encode()
    path = tmp_path / "courier.atom"
    path.write_bytes(ATOM.replace(b"https://courier.example.invalid", dead))

    items = list(read_sources([str(path)], Settings(fetch_timeout=2.0)))

    dam, reservoir = items
    assert isinstance(dam, RawDocument) and b"three cracks in the Lenmoor dam" in dam.data
    assert dam.hints.author == "Ilse Marrow"
    assert isinstance(reservoir, IngestError)
    assert reservoir.reason == "cannot connect: connection refused"


def test_feed_on_standard_input(http_server):
    _serve_feed(http_server, "feed7")
    body = http_server.routes["/feed7/feed.xml"]["body"]

    items = list(read_sources(["-"], FAST, stdin=io.BytesIO(body)))

    assert [i.source for i in items][:1] == [http_server.url("/feed7/ferry")]
    assert items[0].hints.outlet == "The Harbor Gazette"


def test_malformed_feed_url_is_one_clear_error(http_server):
    url = http_server.route("/feed4/broken.xml", b"<rss version='2.0'><channel><<<",
                            content_type="application/rss+xml")

    (error,) = read_sources([url], FAST)

    assert error.source == url
    assert error.reason.startswith("malformed feed")


def test_feed_without_entries_is_reported(tmp_path):
    path = tmp_path / "quiet.xml"
    path.write_bytes(b"<rss version='2.0'><channel><title>Quiet</title></channel></rss>")

    (error,) = read_sources([str(path)])

    assert error.reason == "feed has no entries"


def test_feed_documents_skips_links_already_known(http_server):
    _serve_feed(http_server, "feed5")
    feed = parse_feed(http_server.routes["/feed5/feed.xml"]["body"], "feed5")
    known = {http_server.url("/feed5/ferry"), http_server.url("/feed5/gone"),
             http_server.url("/feed5/gone-with-content")}

    items = list(feed_documents(feed, FAST, skip=known))

    assert [i.source for i in items] == [http_server.url("/feed5/dam")]


def test_sitemap_url_brings_its_pages(http_server):
    a = http_server.route("/map1/a", _page("Cranes idle", "Harbour cranes stood idle."))
    b = http_server.route("/map1/b", _page("Cranes restart", "The cranes restarted."))
    missing = http_server.url("/map1/missing")
    url = http_server.route("/map1/sitemap.xml", _urlset([a, b, missing], news=True),
                            content_type="application/xml")

    items = list(read_sources([url], FAST))

    assert [i.source for i in items] == [a, b, missing]
    assert items[0].hints.title == "Harbour cranes idle"
    assert items[0].hints.outlet == "Quay Weekly"
    assert isinstance(items[2], IngestError) and items[2].reason == "HTTP 404 Not Found"


def test_sitemap_index_with_a_gzipped_child(http_server, tmp_path):
    page = http_server.route("/map2/story", _page("Lock repaired", "The canal lock works."))
    http_server.route("/map2/news.xml.gz", gzip.compress(_urlset([page])),
                      content_type="application/octet-stream")
    index = (f'<sitemapindex {SITEMAP_NS}><sitemap><loc>{http_server.url("/map2/news.xml.gz")}'
             "</loc></sitemap></sitemapindex>").encode()
    path = tmp_path / "sitemap_index.xml"
    path.write_bytes(index)

    (doc,) = read_sources([str(path)], FAST)

    assert doc.source == page and b"The canal lock works." in doc.data


def test_empty_sitemap_is_reported(tmp_path):
    path = tmp_path / "sitemap.xml"
    path.write_bytes(_urlset([]))

    (error,) = read_sources([str(path)])

    assert error.source == str(path) and error.reason == "sitemap lists no URLs"


def test_a_page_named_in_a_feed_and_on_the_command_line_is_read_once(http_server):
    feed_url = _serve_feed(http_server, "feed6")
    ferry = http_server.url("/feed6/ferry")

    items = list(read_sources([ferry, feed_url], FAST))

    assert [i.source for i in items].count(ferry) == 1
