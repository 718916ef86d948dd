"""Ingest: from any pile of news reports to RawDocuments, the first stage of the pipeline.

``read_sources`` takes what a user types on the command line — files, directories, ``-``
for standard input, URLs of pages, RSS/Atom feeds and sitemaps — and yields one
``RawDocument`` per document found, or one ``IngestError`` per input (or record, or line)
that cannot be read. It never raises for bad input: one broken file or dead link is
reported and the batch goes on.

What each input becomes:

- ``.html .htm .xhtml .txt .md``: one document each; ``NAME.gz`` of any of these (and of
  ``.jsonl``, ``.xml``) is decompressed first.
- ``.warc`` / ``.warc.gz``: one document per archived page (see ``consilience.warc``).
- ``.jsonl``: one document per line (see ``consilience.jsonl``); a bad line is an error
  named ``file.jsonl:LINE``.
- ``.xml .rss .atom`` (or any XML whose root says so): feeds and sitemaps, whose links are
  fetched; a feed entry that carries the full article is used when its link fails.
- Directories are walked recursively in name order; hidden entries and files of other
  types are skipped. The same file, URL or directory is read once however often named.

The whole-file size cap (``settings.max_bytes``) is checked before reading; WARC and JSONL
files are streamed, so the cap applies to each record or line instead.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import stat
import sys
from collections.abc import Callable, Container, Iterable, Iterator
from typing import BinaryIO

import httpx

from consilience.config import DEFAULT, Settings
from consilience.errors import InputError, TooLargeError
from consilience.feeds import (
    Feed,
    FeedEntry,
    Sitemap,
    parse_feed,
    parse_sitemap,
    root_element,
    sniff,
)
from consilience.fetch import (
    fetch,
    fetch_many,
    gunzip_capped,
    human_size,
    is_feed_type,
    make_client,
    sniff_kind,
)
from consilience.jsonl import read_jsonl
from consilience.records import IngestError, RawDocument
from consilience.warc import read_warc

__all__ = [
    "FILE_TYPES",
    "STDIN_SOURCE",
    "feed_documents",
    "fetch",
    "file_type",
    "read_one",
    "read_sources",
]

log = logging.getLogger(__name__)

Item = RawDocument | IngestError

FILE_TYPES: dict[str, str] = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".warc": "warc",
    ".xml": "xml",
    ".rss": "xml",
    ".atom": "xml",
}
_CONTENT_TYPES = {"html": "text/html", "text": "text/plain", "markdown": "text/markdown"}
_EXPECTED = ".html .htm .xhtml .txt .md .jsonl .warc .warc.gz .xml .rss .atom, or NAME.gz"
STDIN_SOURCE = "<stdin>"
# A sitemap index may point at indexes; real sites nest one or two levels, loops go forever.
MAX_SITEMAP_DEPTH = 3


def read_sources(
    inputs: Iterable[str],
    settings: Settings = DEFAULT,
    *,
    client: httpx.Client | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[RawDocument | IngestError]:
    """Yield a RawDocument for every document found in ``inputs``, an IngestError for each
    input that cannot be read. Never raises for bad input.

    ``inputs`` are paths, directories, ``-`` (read ``stdin``, by default
    ``sys.stdin.buffer``) or http(s) URLs. ``client`` is used for every fetch; when None,
    one is made on first need and closed when the iteration ends.
    """
    session = _Session(settings, client, stdin)
    try:
        for given in inputs:
            item = os.fspath(given) if isinstance(given, os.PathLike) else str(given)
            yield from _guarded(item, lambda item=item: session.read(item))
    finally:
        session.close()


def read_one(
    item: str,
    settings: Settings = DEFAULT,
    *,
    client: httpx.Client | None = None,
    stdin: BinaryIO | None = None,
) -> list[RawDocument | IngestError]:
    """Everything one input yields, as a list (a feed or an archive yields many)."""
    return list(read_sources([item], settings, client=client, stdin=stdin))


def feed_documents(
    feed: Feed,
    settings: Settings = DEFAULT,
    *,
    client: httpx.Client | None = None,
    skip: Container[str] = (),
) -> Iterator[RawDocument | IngestError]:
    """Documents for the entries of an already parsed feed, except links in ``skip``.

    ``watch`` polls a feed with ``parse_feed`` and passes the links it already holds, so
    only new entries are fetched.
    """
    session = _Session(settings, client, None)
    try:
        yield from _guarded(feed.source, lambda: session.feed(feed, skip=skip))
    finally:
        session.close()


def file_type(path: str) -> tuple[str | None, bool]:
    """``(type, gzipped)`` from a file name: ``"a.html.gz"`` → ``("html", True)``.

    The type is one of the values of ``FILE_TYPES``, or None for files we do not read.
    WARC readers handle their own gzip, so ``.warc.gz`` is ``("warc", False)``.
    """
    name = os.path.basename(path).lower()
    if name.endswith(".warc.gz"):
        return "warc", False
    gzipped = name.endswith(".gz")
    if gzipped:
        name = name[:-3]
    return FILE_TYPES.get(os.path.splitext(name)[1]), gzipped


def _guarded(source: str, produce: Callable[[], Iterator[Item]]) -> Iterator[Item]:
    """Run one input's reader; whatever goes wrong becomes an IngestError for that input."""
    try:
        yield from produce()
    except InputError as exc:
        yield IngestError(source=exc.source, reason=exc.reason)
    except OSError as exc:
        yield IngestError(source=source, reason=_os_reason(exc))
    except Exception as exc:  # one bad input must never stop the batch
        log.exception("unexpected failure reading %s", source)
        yield IngestError(source=source, reason=f"unexpected {type(exc).__name__}: {exc}")


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    return exc.strerror or str(exc)


def _is_http(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


class _Session:
    """State of one ``read_sources`` call: the HTTP client and what was already read."""

    def __init__(self, settings: Settings, client: httpx.Client | None, stdin: BinaryIO | None):
        self.settings = settings
        self._client = client
        self._own_client: httpx.Client | None = None
        self._stdin = stdin
        self._stdin_read = False
        self.seen_files: set[tuple[int, int]] = set()
        self.seen_dirs: set[tuple[int, int]] = set()
        self.seen_urls: set[str] = set()

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._own_client = self._client = make_client(self.settings)
        return self._client

    def close(self) -> None:
        if self._own_client is not None:
            self._own_client.close()
            self._own_client = self._client = None

    def read(self, item: str) -> Iterator[Item]:
        if item == "-":
            yield from self.stdin()
        elif _is_http(item):
            yield from self.url(item)
        elif "://" in item:
            scheme = item.split("://", 1)[0]
            yield IngestError(source=item, reason=f"unsupported URL scheme {scheme!r}")
        else:
            yield from self.path(item)

    # ----------------------------------------------------------------- files

    def path(self, name: str) -> Iterator[Item]:
        """An explicitly named path: a directory, or a file that must be of a known type."""
        try:
            info = os.stat(name)
        except FileNotFoundError:
            reason = "broken symbolic link" if os.path.islink(name) else "no such file or directory"
            yield IngestError(source=name, reason=reason)
            return
        if stat.S_ISDIR(info.st_mode):
            yield from self.directory(name, info)
        elif not stat.S_ISREG(info.st_mode):
            yield IngestError(source=name, reason="not a regular file")
        elif file_type(name)[0] is None and not self._sniffed_listing(name, info):
            suffix = os.path.splitext(name)[1] or "no extension"
            yield IngestError(
                source=name, reason=f"unsupported file type ({suffix}; expected {_EXPECTED})"
            )
        else:
            yield from self.file(name, info)

    def _sniffed_listing(self, name: str, info: os.stat_result) -> bool:
        """A feed or sitemap saved under any name is still read as one."""
        if info.st_size == 0 or info.st_size > self.settings.max_bytes:
            return False
        with open(name, "rb") as fh:
            return sniff(fh.read(8192)) is not None

    def directory(self, root: str, info: os.stat_result) -> Iterator[Item]:
        """Files of known types under ``root``, in name order; hidden entries skipped."""
        key = (info.st_dev, info.st_ino)
        if key in self.seen_dirs:
            return  # named twice, or a symbolic link looping back to an ancestor
        self.seen_dirs.add(key)
        try:
            with os.scandir(root) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as exc:
            yield IngestError(source=root, reason=_os_reason(exc))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            yield from _guarded(entry.path, lambda entry=entry: self._dir_entry(entry))

    def _dir_entry(self, entry: os.DirEntry[str]) -> Iterator[Item]:
        try:
            info = os.stat(entry.path)
        except OSError as exc:
            # A dangling or looping link is worth a word only if it looks like an input.
            if file_type(entry.name)[0] is not None:
                reason = _os_reason(exc)
                if isinstance(exc, FileNotFoundError):
                    reason = "broken symbolic link"
                yield IngestError(source=entry.path, reason=reason)
            return
        if stat.S_ISDIR(info.st_mode):
            yield from self.directory(entry.path, info)
        elif stat.S_ISREG(info.st_mode) and file_type(entry.name)[0] is not None:
            yield from self.file(entry.path, info)

    def file(self, name: str, info: os.stat_result) -> Iterator[Item]:
        key = (info.st_dev, info.st_ino)
        if key in self.seen_files:
            return
        self.seen_files.add(key)
        if info.st_size == 0:
            yield IngestError(source=name, reason="empty file")
            return
        kind, gzipped = file_type(name)
        if kind == "warc":
            yield from read_warc(name, self.settings)
        elif kind == "jsonl":
            yield from read_jsonl(name, self.settings, gzipped=gzipped)
        else:
            yield from self._whole_file(name, info, kind, gzipped)

    def _whole_file(
        self, name: str, info: os.stat_result, kind: str | None, gzipped: bool
    ) -> Iterator[Item]:
        limit = self.settings.max_bytes
        if info.st_size > limit:
            raise TooLargeError(
                name, f"file is {human_size(info.st_size)}, over the {human_size(limit)} limit"
            )
        with open(name, "rb") as fh:
            data = fh.read(limit + 1)
        if gzipped:
            data = gunzip_capped(name, data, limit)
        if not data.strip():
            raise InputError(name, "empty file")
        if kind in _CONTENT_TYPES:
            yield RawDocument(source=name, data=data, kind=kind, content_type=_CONTENT_TYPES[kind])
        else:
            yield from self.listing(data, name, base_url=None)

    # ----------------------------------------------------------------- stdin and URLs

    def stdin(self) -> Iterator[Item]:
        if self._stdin_read:
            return
        self._stdin_read = True
        stream = self._stdin if self._stdin is not None else sys.stdin.buffer
        limit = self.settings.max_bytes
        data = stream.read(limit + 1)
        if len(data) > limit:
            raise TooLargeError(STDIN_SOURCE, f"input is over the {human_size(limit)} limit")
        if not data.strip():
            raise InputError(STDIN_SOURCE, "empty input")
        if sniff(data) is not None:
            yield from self.listing(data, STDIN_SOURCE, base_url=None)
        else:
            yield RawDocument(source=STDIN_SOURCE, data=data, kind=sniff_kind(data))

    def url(self, url: str) -> Iterator[Item]:
        if url in self.seen_urls:
            return
        self.seen_urls.add(url)
        doc = fetch(url, self.settings, self.client, allow_gzip=True)
        if sniff(doc.data) is not None or (
            is_feed_type(doc.content_type) and root_element(doc.data) != "html"
        ):
            yield from self.listing(doc.data, url, base_url=doc.url)
        else:
            yield doc

    def listing(self, data: bytes, source: str, base_url: str | None) -> Iterator[Item]:
        """Expand a feed or a sitemap; other XML is tried as a feed for feedparser's verdict."""
        if sniff(data) == "sitemap":
            yield from self.sitemap(parse_sitemap(data, source, base_url), depth=0)
        elif root_element(data) == "html":
            yield RawDocument(source=source, data=data, kind="html", url=base_url)
        else:
            yield from self.feed(parse_feed(data, source, base_url))

    # ----------------------------------------------------------------- feeds and sitemaps

    def feed(self, feed: Feed, skip: Container[str] = ()) -> Iterator[Item]:
        if feed.problem:
            yield IngestError(
                source=feed.source,
                reason=f"malformed feed ({feed.problem}); entries recovered: {len(feed.entries)}",
            )
        if not feed.entries:
            yield IngestError(source=feed.source, reason="feed has no entries")
            return
        todo: list[FeedEntry] = []
        for entry in feed.entries:
            if entry.link and _is_http(entry.link):
                if entry.link in self.seen_urls or entry.link in skip:
                    continue
                self.seen_urls.add(entry.link)
            todo.append(entry)
        links = [e.link for e in todo if e.link and _is_http(e.link)]
        with contextlib.closing(fetch_many(links, self.settings, self.client)) as fetched:
            for entry in todo:
                outcome = next(fetched)[1] if entry.link and _is_http(entry.link) else None
                yield _entry_document(entry, feed, outcome)

    def sitemap(self, sitemap: Sitemap, depth: int) -> Iterator[Item]:
        if not sitemap.entries:
            yield IngestError(source=sitemap.source, reason="sitemap lists no URLs")
            return
        if sitemap.is_index and depth >= MAX_SITEMAP_DEPTH:
            yield IngestError(source=sitemap.source, reason="sitemap indexes nested too deeply")
            return
        entries = []
        for entry in sitemap.entries:
            if not _is_http(entry.loc):
                yield IngestError(source=entry.loc, reason="not an http(s) URL")
            elif entry.loc not in self.seen_urls:
                self.seen_urls.add(entry.loc)
                entries.append(entry)
        urls = [e.loc for e in entries]
        fetched = fetch_many(urls, self.settings, self.client, allow_gzip=sitemap.is_index)
        with contextlib.closing(fetched):
            for entry, (url, outcome) in zip(entries, fetched, strict=True):
                if isinstance(outcome, InputError):
                    yield IngestError(source=outcome.source, reason=outcome.reason)
                elif sitemap.is_index:
                    if sniff(outcome.data) != "sitemap":
                        yield IngestError(source=url, reason="not a sitemap")
                        continue
                    child = parse_sitemap(outcome.data, url, outcome.url)
                    yield from _guarded(url, lambda child=child: self.sitemap(child, depth + 1))
                elif sniff(outcome.data) is not None:
                    yield IngestError(source=url, reason="a feed or sitemap, not an article")
                else:
                    outcome.hints = entry.hints
                    yield outcome


def _entry_document(
    entry: FeedEntry, feed: Feed, outcome: RawDocument | InputError | None
) -> RawDocument | IngestError:
    """The fetched page of a feed entry, else the entry's own full content, else the error."""
    hints = entry.hints(feed)
    if isinstance(outcome, RawDocument):
        if sniff(outcome.data) is None:
            outcome.hints = hints
            return outcome
        reason = "the link leads to a feed or sitemap, not an article"
    elif isinstance(outcome, InputError):
        reason = outcome.reason
    elif entry.link:
        reason = f"entry link {entry.link!r} is not an http(s) URL, and the entry has no content"
    else:
        reason = "feed entry has no link and no content"
    fetched = entry.link and _is_http(entry.link)
    source = entry.link if fetched else f"{feed.source}#{entry.index}"
    if entry.content:
        if fetched:
            log.info("%s: %s; using the content carried by the feed", source, reason)
        kind = "text" if entry.content_type == "text/plain" else "html"
        return RawDocument(
            source=source,
            data=entry.content.encode("utf-8", "replace"),
            kind=kind,
            url=entry.link,
            content_type=entry.content_type,
            encoding="utf-8",
            hints=hints,
        )
    return IngestError(source=source, reason=reason)
