"""Fetch one URL into a RawDocument, safely.

Everything that can go wrong on the network becomes a typed ``InputError`` naming the URL:
``FetchError`` for refused connections, timeouts, HTTP errors, redirect loops and content
types we cannot use; ``TooLargeError`` for bodies over ``settings.max_bytes``. The size cap
is enforced while the body streams in, so a huge or endless response never sits in memory.

Redirects are followed here rather than by httpx so that ``settings.max_redirects`` holds
even for a client the caller built with other defaults.
"""

from __future__ import annotations

import re
import time
import zlib
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Literal

import httpx

from consilience.config import DEFAULT, Settings
from consilience.errors import FetchError, FormatError, InputError, TooLargeError
from consilience.records import RawDocument

__all__ = [
    "fetch",
    "fetch_many",
    "human_size",
    "make_client",
    "parse_content_type",
    "sniff_kind",
]

Kind = Literal["html", "text", "markdown"]

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES: dict[str, Kind] = {
    "text/plain": "text",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
}
XML_TYPES = frozenset({"application/xml", "text/xml"})
GZIP_TYPES = frozenset({"application/gzip", "application/x-gzip", "application/octet-stream"})
ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.1"
)
# Feed fetches run a few at a time: enough to hide latency, few enough to be polite to a site.
FETCH_WORKERS = 4

_CHARSET = re.compile(r"""charset\s*=\s*["']?([^"';\s]+)""", re.IGNORECASE)
_HTML_HINT = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|title|meta|p|div|article|section|h[1-6]|br|span|a\s)"
    rb"[\s>/]",
    re.IGNORECASE,
)


def human_size(n: int) -> str:
    """A byte count as people read it in an error message."""
    if n < 1024 * 1024:
        return f"{n:,} bytes"
    if n < 1024**3:
        return f"{n / 1024**2:.1f} MB"
    return f"{n / 1024**3:.1f} GB"


def parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    """``"text/html; charset=UTF-8"`` → ``("text/html", "utf-8")``; missing parts are None."""
    if not value:
        return None, None
    mime = value.split(";", 1)[0].strip().lower() or None
    match = _CHARSET.search(value)
    return mime, (match.group(1).lower() if match else None)


def sniff_kind(data: bytes) -> Kind:
    """HTML when the first few kilobytes carry HTML tags, plain text otherwise."""
    return "html" if _HTML_HINT.search(data[:4096]) else "text"


def is_feed_type(mime: str | None) -> bool:
    """XML media types that may carry a feed, a sitemap or an XHTML page."""
    if mime is None:
        return False
    return mime in XML_TYPES or (mime.startswith("application/") and mime.endswith("+xml"))


def kind_for(mime: str | None, data: bytes) -> Kind:
    """Document kind from its media type, sniffing the bytes when the type says nothing."""
    if mime in HTML_TYPES:
        return "html"
    if mime in TEXT_TYPES:
        return TEXT_TYPES[mime]
    if is_feed_type(mime):
        return "html"  # XHTML pages are XML; feeds and sitemaps are expanded before extract
    return sniff_kind(data)


def make_client(settings: Settings = DEFAULT) -> httpx.Client:
    """An httpx client with the settings' timeout and User-Agent; the caller closes it."""
    return httpx.Client(
        timeout=httpx.Timeout(settings.fetch_timeout),
        headers={"User-Agent": settings.user_agent, "Accept": ACCEPT},
        follow_redirects=False,
    )


def fetch(
    url: str,
    settings: Settings = DEFAULT,
    client: httpx.Client | None = None,
    *,
    allow_gzip: bool = False,
) -> RawDocument:
    """GET ``url`` and return its body as a RawDocument.

    Raises ``FetchError`` (unreachable, timed out, HTTP error status, too many redirects,
    unsupported content type, empty body) or ``TooLargeError`` (over ``settings.max_bytes``).
    The document's ``source`` is ``url`` as given; ``url`` is where redirects ended.
    ``allow_gzip`` also accepts gzip bodies (``sitemap.xml.gz``), returned decompressed and
    still under the cap. Without ``client``, a temporary one is made and closed.
    """
    if client is None:
        with make_client(settings) as own:
            return fetch(url, settings, own, allow_gzip=allow_gzip)
    if not url.lower().startswith(("http://", "https://")):
        raise FetchError(url, "unsupported URL scheme (expected http or https)")
    deadline = time.monotonic() + settings.fetch_timeout
    try:
        request = client.build_request(
            "GET",
            url,
            headers={"User-Agent": settings.user_agent, "Accept": ACCEPT},
            timeout=httpx.Timeout(settings.fetch_timeout),
        )
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        raise FetchError(url, f"invalid URL ({exc})") from exc
    redirects = 0
    while True:
        response = _send(client, request, url, settings)
        try:
            if response.next_request is None:
                return _read_response(url, response, settings, deadline, allow_gzip)
            redirects += 1
            if redirects > settings.max_redirects:
                raise FetchError(url, f"too many redirects (more than {settings.max_redirects})")
            request = response.next_request
            if request.url.scheme not in ("http", "https"):
                raise FetchError(url, f"redirected to an unsupported URL: {request.url}")
        finally:
            response.close()


def _send(
    client: httpx.Client, request: httpx.Request, url: str, settings: Settings
) -> httpx.Response:
    try:
        return client.send(request, stream=True, follow_redirects=False)
    except httpx.HTTPError as exc:
        raise _network_error(url, exc, settings) from exc


def _network_error(url: str, exc: Exception, settings: Settings) -> FetchError:
    """One readable reason for whatever httpx raised."""
    if isinstance(exc, httpx.TimeoutException):
        return FetchError(url, f"timed out after {settings.fetch_timeout:g} s")
    if isinstance(exc, httpx.ConnectError):
        text = str(exc)
        lowered = text.lower()
        if "refused" in lowered:
            return FetchError(url, "cannot connect: connection refused")
        if any(m in lowered for m in ("name or service", "nodename nor servname", "name resol")):
            return FetchError(url, "cannot connect: unknown host name")
        return FetchError(url, f"cannot connect: {text or type(exc).__name__}")
    if isinstance(exc, httpx.UnsupportedProtocol):
        return FetchError(url, "unsupported URL scheme (expected http or https)")
    if isinstance(exc, httpx.DecodingError):
        return FetchError(url, f"cannot decode the response body: {exc}")
    if isinstance(exc, httpx.RemoteProtocolError):
        return FetchError(url, f"broken HTTP response: {exc}")
    return FetchError(url, f"network error: {exc or type(exc).__name__}")


def _read_response(
    url: str, response: httpx.Response, settings: Settings, deadline: float, allow_gzip: bool
) -> RawDocument:
    if response.status_code >= 300:
        phrase = response.reason_phrase or httpx.codes.get_reason_phrase(response.status_code)
        raise FetchError(url, f"HTTP {response.status_code} {phrase}".rstrip())
    mime, charset = parse_content_type(response.headers.get("content-type"))
    gzipped = allow_gzip and mime in GZIP_TYPES
    if mime and not gzipped and not _acceptable(mime):
        raise _wrong_type(url, mime)
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > settings.max_bytes:
        raise TooLargeError(
            url,
            f"response is {human_size(int(declared))}, "
            f"over the {human_size(settings.max_bytes)} limit",
        )
    data = _read_capped(url, response, settings, deadline)
    if allow_gzip and data[:2] == b"\x1f\x8b":
        data = gunzip_capped(url, data, settings.max_bytes)
        mime = None if gzipped else mime
    elif gzipped:
        raise _wrong_type(url, mime)  # only a gzip body excuses a binary content type
    if not data.strip():
        raise FetchError(url, "empty response")
    return RawDocument(
        source=url,
        data=data,
        kind=kind_for(mime, data),
        url=str(response.url),
        content_type=mime,
        encoding=charset,
        fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
        headers=dict(response.headers),
    )


def _wrong_type(url: str, mime: str | None) -> FetchError:
    return FetchError(
        url, f"unsupported content type {mime} (expected HTML, plain text or an RSS/Atom feed)"
    )


def _acceptable(mime: str) -> bool:
    return mime in HTML_TYPES or mime in TEXT_TYPES or is_feed_type(mime)


def _read_capped(url: str, response: httpx.Response, settings: Settings, deadline: float) -> bytes:
    """Read the (decoded) body chunk by chunk, stopping as soon as it passes the cap."""
    chunks: list[bytes] = []
    total = 0
    try:
        for chunk in response.iter_bytes():
            total += len(chunk)
            if total > settings.max_bytes:
                raise TooLargeError(
                    url, f"response is over the {human_size(settings.max_bytes)} limit"
                )
            chunks.append(chunk)
            # A server that trickles bytes never trips the read timeout; bound the whole fetch.
            if time.monotonic() > deadline:
                raise FetchError(url, f"timed out after {settings.fetch_timeout:g} s")
    except httpx.HTTPError as exc:
        raise _network_error(url, exc, settings) from exc
    return b"".join(chunks)


def gunzip_capped(source: str, data: bytes, max_bytes: int) -> bytes:
    """Decompress gzip ``data`` without letting a gzip bomb grow past ``max_bytes``."""
    decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    out: list[bytes] = []
    total = 0
    pending = data
    try:
        while pending:
            chunk = decompressor.decompress(pending, 1024 * 1024)
            total += len(chunk)
            if total > max_bytes:
                raise TooLargeError(
                    source, f"decompressed size is over the {human_size(max_bytes)} limit"
                )
            out.append(chunk)
            pending = decompressor.unconsumed_tail
            if decompressor.eof and decompressor.unused_data:
                # Concatenated gzip members are one file to gzip(1); read them the same way.
                pending = decompressor.unused_data
                decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    except zlib.error as exc:
        raise FormatError(source, f"corrupt gzip data ({exc})") from exc
    if not decompressor.eof:
        raise FormatError(source, "corrupt gzip data (truncated)")
    return b"".join(out)


def fetch_many(
    urls: Iterable[str],
    settings: Settings,
    client: httpx.Client,
    *,
    allow_gzip: bool = False,
) -> Iterator[tuple[str, RawDocument | InputError]]:
    """Fetch ``urls`` a few at a time, yielding ``(url, document or error)`` in input order.

    At most ``2 * FETCH_WORKERS`` fetches are in flight or waiting to be consumed, so a
    sitemap of fifty thousand URLs never holds fifty thousand bodies in memory.
    """
    pool = ThreadPoolExecutor(FETCH_WORKERS, thread_name_prefix="consilience-fetch")
    window: deque[tuple[str, Future[RawDocument]]] = deque()

    def settle(url: str, future: Future[RawDocument]) -> tuple[str, RawDocument | InputError]:
        try:
            return url, future.result()
        except InputError as exc:
            return url, exc
        except Exception as exc:  # a bug in one fetch must not end the other fetches
            return url, FetchError(url, f"unexpected {type(exc).__name__}: {exc}")

    try:
        for url in urls:
            window.append(
                (url, pool.submit(fetch, url, settings, client, allow_gzip=allow_gzip))
            )
            if len(window) >= 2 * FETCH_WORKERS:
                yield settle(*window.popleft())
        while window:
            yield settle(*window.popleft())
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
