"""Fetching single URLs against a real HTTP server on 127.0.0.1: pages, errors, limits."""

from __future__ import annotations

import gzip
import socket
import time

import httpx
import pytest

from consilience.config import Settings
from consilience.errors import FetchError, InputError, TooLargeError
from consilience.fetch import fetch, human_size, parse_content_type
from consilience.ingest import read_sources
from consilience.records import IngestError, RawDocument

PAGE = (
    b"<!doctype html><html><head><title>Ferry strike ends in Brightwater</title></head>"
    b"<body><article><h1>Ferry strike ends in Brightwater</h1>"
    b"<p>Crews of the Brightwater ferry returned to work on Tuesday after nine days.</p>"
    b"</article></body></html>"
)

FAST = Settings(fetch_timeout=3.0)


def _free_port() -> int:
    """A port nothing listens on: bind, read the number, close."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_fetch_page_keeps_body_url_headers_and_declared_charset(http_server):
    url = http_server.route("/fetch/page", PAGE, content_type="text/html; charset=ISO-8859-1")

    doc = fetch(url, FAST)

    assert doc.data == PAGE
    assert doc.kind == "html"
    assert doc.source == url and doc.url == url
    assert doc.content_type == "text/html"
    assert doc.encoding == "iso-8859-1"
    assert doc.headers["content-type"] == "text/html; charset=ISO-8859-1"
    assert doc.fetched_at and doc.fetched_at[:4].isdigit()
    sent = [headers for path, headers in http_server.requests if path == "/fetch/page"]
    assert sent[-1]["user-agent"] == FAST.user_agent


def test_plain_text_and_markdown_get_their_kind(http_server):
    text = http_server.route("/fetch/notes.txt", b"Ferry strike ends\n\nCrews returned.",
                             content_type="text/plain")
    md = http_server.route("/fetch/notes.md", b"# Ferry strike ends\n\nCrews returned.",
                           content_type="text/markdown; charset=utf-8")

    assert fetch(text, FAST).kind == "text"
    doc = fetch(md, FAST)
    assert doc.kind == "markdown" and doc.encoding == "utf-8"


def test_gzip_content_encoding_is_decoded(http_server):
    url = http_server.route("/fetch/gzipped", gzip.compress(PAGE),
                            headers={"Content-Encoding": "gzip"})

    assert fetch(url, FAST).data == PAGE


@pytest.mark.parametrize(
    ("status", "expected"), [(404, "HTTP 404 Not Found"), (500, "HTTP 500 Internal Server Error")]
)
def test_http_error_status_is_a_fetch_error_naming_the_url(http_server, status, expected):
    url = http_server.route(f"/fetch/status{status}", b"nope", status=status)

    with pytest.raises(FetchError) as info:
        fetch(url, FAST)

    assert info.value.source == url
    assert info.value.reason == expected
    assert str(info.value) == f"{url}: {expected}"


def test_redirect_chain_is_followed_to_the_final_url(http_server):
    final = http_server.route("/fetch/final", PAGE)
    http_server.redirect("/fetch/hop2", "/fetch/final", status=301)
    http_server.redirect("/fetch/hop1", http_server.url("/fetch/hop2"), status=307)
    start = http_server.redirect("/fetch/hop0", "/fetch/hop1")

    doc = fetch(start, FAST)

    assert doc.source == start
    assert doc.url == final
    assert doc.data == PAGE


def test_redirect_loop_stops_at_max_redirects(http_server):
    http_server.redirect("/fetch/loop-a", "/fetch/loop-b")
    start = http_server.redirect("/fetch/loop-b", "/fetch/loop-a")

    with pytest.raises(FetchError, match=r"too many redirects \(more than 3\)"):
        fetch(start, Settings(max_redirects=3, fetch_timeout=3.0))

    hops = [path for path, _ in http_server.requests if path.startswith("/fetch/loop-")]
    assert len(hops) == 4  # the first request and three redirects, then it stops


def test_chain_longer_than_max_redirects_fails_even_with_a_lenient_client(http_server):
    http_server.route("/fetch/far", PAGE)
    http_server.redirect("/fetch/far1", "/fetch/far")
    start = http_server.redirect("/fetch/far2", "/fetch/far1")

    with httpx.Client(max_redirects=50) as client, pytest.raises(FetchError, match="redirects"):
        fetch(start, Settings(max_redirects=1, fetch_timeout=3.0), client)


def test_slow_server_times_out_quickly(http_server):
    url = http_server.route("/fetch/slow", PAGE, delay=3.0)

    started = time.monotonic()
    with pytest.raises(FetchError, match=r"timed out after 0\.3 s"):
        fetch(url, Settings(fetch_timeout=0.3))

    assert time.monotonic() - started < 2.0


def test_declared_oversized_body_is_refused_before_reading(http_server):
    url = http_server.route("/fetch/big", b"x" * 50_000)

    with pytest.raises(TooLargeError) as info:
        fetch(url, Settings(max_bytes=10_000, fetch_timeout=3.0))

    assert "50,000 bytes" in info.value.reason and "10,000 bytes limit" in info.value.reason


def test_endless_body_is_cut_off_at_the_cap_while_streaming(http_server):
    url = http_server.route("/fetch/endless", endless=True, content_type="text/html")

    started = time.monotonic()
    with pytest.raises(TooLargeError, match=r"over the 1\.0 MB limit"):
        fetch(url, Settings(max_bytes=1024 * 1024, fetch_timeout=5.0))

    assert time.monotonic() - started < 4.0


@pytest.mark.parametrize("content_type", ["image/png", "application/pdf",
                                          "application/octet-stream"])
def test_unusable_content_types_are_refused_with_the_type_named(http_server, content_type):
    url = http_server.route(f"/fetch/typed-{content_type.replace('/', '-')}", b"\x89PNG\r\n",
                            content_type=content_type)

    with pytest.raises(FetchError) as info:
        fetch(url, FAST)

    assert info.value.reason.startswith(f"unsupported content type {content_type}")


def test_feed_and_xhtml_content_types_are_accepted(http_server):
    rss = http_server.route("/fetch/feed", b"<rss version='2.0'><channel/></rss>",
                            content_type="application/rss+xml")
    xhtml = http_server.route("/fetch/page.xhtml", PAGE, content_type="application/xhtml+xml")

    assert fetch(rss, FAST).content_type == "application/rss+xml"
    assert fetch(xhtml, FAST).kind == "html"


def test_gzip_body_is_accepted_only_where_asked_for(http_server):
    body = gzip.compress(b"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'/>")
    url = http_server.route("/fetch/sitemap.xml.gz", body, content_type="application/x-gzip")

    with pytest.raises(FetchError, match="application/x-gzip"):
        fetch(url, FAST)
    doc = fetch(url, FAST, allow_gzip=True)
    assert doc.data.startswith(b"<urlset")


def test_empty_body_is_an_error(http_server):
    url = http_server.route("/fetch/empty", b"  \n")

    with pytest.raises(FetchError, match="empty response"):
        fetch(url, FAST)


def test_connection_refused_names_the_url():
    url = f"http://127.0.0.1:{_free_port()}/nothing"

    with pytest.raises(FetchError) as info:
        fetch(url, FAST)

    assert info.value.source == url
    assert info.value.reason == "cannot connect: connection refused"


def test_non_http_urls_are_refused():
    with pytest.raises(FetchError, match="unsupported URL scheme"):
        fetch("ftp://files.example.invalid/story.html", FAST)


def test_fetch_errors_are_input_errors_the_cli_can_report():
    assert issubclass(FetchError, InputError) and issubclass(TooLargeError, InputError)


def test_read_sources_reports_each_bad_url_and_goes_on(http_server):
    good = http_server.route("/fetch/batch-good", PAGE)
    missing = http_server.url("/fetch/batch-missing")
    refused = f"http://127.0.0.1:{_free_port()}/x"
    image = http_server.route("/fetch/batch.png", b"\x89PNG", content_type="image/png")

    items = list(read_sources([missing, refused, image, good, good], FAST))

    assert [type(i) for i in items] == [IngestError, IngestError, IngestError, RawDocument]
    assert items[0].source == missing and items[0].reason == "HTTP 404 Not Found"
    assert items[1].reason == "cannot connect: connection refused"
    assert "image/png" in items[2].reason
    assert items[3].source == good and items[3].data == PAGE


def test_xml_pages_that_are_not_feeds(http_server):
    xhtml = http_server.route("/fetch/page-as-xml", b"<?xml version='1.0'?>" + PAGE[15:],
                              content_type="application/xml")
    other = http_server.route("/fetch/catalog.xml", b"<catalog><part>bolt</part></catalog>",
                              content_type="application/xml")

    page, error = read_sources([xhtml, other], FAST)

    assert isinstance(page, RawDocument) and page.kind == "html" and page.url == xhtml
    assert (error.source, error.reason) == (other, "not an RSS or Atom feed")


def test_read_sources_uses_the_given_client_and_leaves_it_open(http_server):
    url = http_server.route("/fetch/own-client", PAGE)
    with httpx.Client() as client:
        docs = list(read_sources([url], FAST, client=client))
        assert not client.is_closed
    assert docs[0].data == PAGE


def test_content_type_parsing_and_sizes():
    assert parse_content_type('text/HTML; Charset="UTF-8"') == ("text/html", "utf-8")
    assert parse_content_type("application/rss+xml") == ("application/rss+xml", None)
    assert parse_content_type(None) == (None, None)
    assert human_size(20 * 1024 * 1024) == "20.0 MB"
    assert human_size(512) == "512 bytes"
