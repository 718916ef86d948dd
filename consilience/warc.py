"""Read web archives (WARC, plain or gzip) into RawDocuments, one per archived page.

Every ``response`` (or ``resource``) record whose payload is HTML or text becomes a document
named ``archive.warc.gz#N``, N being the record's 1-based position in the archive; images,
scripts, redirects and error pages are skipped because they hold no article. A broken
record is reported as an ``IngestError`` for that record, and reading resumes at the next
record boundary found in the file, so one damaged record does not lose the rest of a crawl.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import logging
import re
from collections.abc import Iterator
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator

from consilience.config import DEFAULT, Settings
from consilience.fetch import HTML_TYPES, TEXT_TYPES, human_size, kind_for, parse_content_type
from consilience.records import IngestError, RawDocument

__all__ = ["read_warc"]

log = logging.getLogger(__name__)

_GZIP_MAGIC = b"\x1f\x8b\x08"
_PLAIN_MAGIC = re.compile(rb"(?:^|\n)(WARC/1\.[01]\r?\n)")
_SCAN_CHUNK = 1024 * 1024
_PAGE_TYPES = HTML_TYPES | TEXT_TYPES.keys()


def read_warc(
    path: str, settings: Settings = DEFAULT, *, source: str | None = None
) -> Iterator[RawDocument | IngestError]:
    """Yield a document for every archived HTML/text page in the WARC file at ``path``.

    ``source`` is the name shown to users (defaults to ``path``). Raises ``OSError`` only if
    the file cannot be opened; everything wrong inside the archive is yielded as errors.
    """
    name = source or path
    with open(path, "rb") as fh:
        gzipped = fh.read(3) == _GZIP_MAGIC
        reader = _Reader(fh, name, settings, gzipped)
        yield from reader.records()
        if reader.single_gzip:
            # ``gzip file.warc`` makes one gzip member of the whole archive: warcio cannot
            # seek in it, but it reads fine as one decompressed stream.
            fh.seek(0)
            with gzip.GzipFile(fileobj=fh) as stream:
                yield from reader.stream_records(stream)
        if reader.found == 0 and reader.failures == 0:
            yield IngestError(source=name, reason="no HTML or text pages in this archive")


class _Reader:
    """Walks one archive, counting records so that every document and error can be named."""

    def __init__(self, fh: IO[bytes], name: str, settings: Settings, gzipped: bool):
        self.fh = fh
        self.name = name
        self.settings = settings
        self.gzipped = gzipped
        self.number = 0  # records seen so far, good or bad
        self.found = 0
        self.failures = 0
        self.single_gzip = False

    def records(self) -> Iterator[RawDocument | IngestError]:
        """Iterate from the start; on a broken record, report it and skip to the next one."""
        offset: int | None = 0
        resynced = False
        while offset is not None:
            self.fh.seek(offset)
            iterator = ArchiveIterator(self.fh)
            parsed_here = False
            next_offset: int | None = None
            for item in _safe_iter(iterator):
                if isinstance(item, Exception):
                    if "non-chunked gzip" in str(item):
                        self.single_gzip = True
                        return
                    next_offset = self._resync(offset + 1)
                    # A resync that lands on a false boundary fails at once: stay quiet
                    # until a real record parses, so one damaged stretch is one error.
                    if parsed_here or not resynced:
                        hopeless = self.number == 0 and next_offset is None
                        yield self._broken(item, whole_file=hopeless)
                    break
                parsed_here = True
                self.number += 1
                doc = self._document(item)
                if doc is not None:
                    yield doc
                offset = iterator.get_record_offset() + iterator.get_record_length()
            offset, resynced = next_offset, True

    def stream_records(self, stream: IO[bytes]) -> Iterator[RawDocument | IngestError]:
        """Read a single-member gzip archive; records already read by ``records`` are skipped."""
        skip = self.number
        self.number = 0
        for item in _safe_iter(ArchiveIterator(stream)):
            if isinstance(item, Exception):
                yield self._broken(item, whole_file=False)
                return
            self.number += 1
            if self.number > skip:
                doc = self._document(item)
                if doc is not None:
                    yield doc

    def _broken(self, exc: Exception, *, whole_file: bool) -> IngestError:
        self.failures += 1
        reason = _describe(exc)
        if whole_file:
            return IngestError(source=self.name, reason=f"not a readable WARC file ({reason})")
        self.number += 1
        return IngestError(
            source=f"{self.name}#{self.number}", reason=f"malformed WARC record ({reason})"
        )

    def _resync(self, start: int) -> int | None:
        """Offset of the next plausible record start at or after ``start``, or None."""
        self.fh.seek(start)
        base, tail = start, b""
        while True:
            chunk = self.fh.read(_SCAN_CHUNK)
            if not chunk:
                return None
            window = tail + chunk
            origin = base - len(tail)
            if self.gzipped:
                hit = window.find(_GZIP_MAGIC)
                if hit >= 0:
                    return origin + hit
            else:
                match = _PLAIN_MAGIC.search(window)
                if match and origin + match.start(1) >= start:
                    return origin + match.start(1)
            tail = window[-16:]
            base += len(chunk)

    def _document(self, record: Any) -> RawDocument | IngestError | None:
        """A document for a page record, an error for a broken one, None for anything else."""
        source = f"{self.name}#{self.number}"
        if record.rec_type not in ("response", "resource"):
            return None
        http = record.http_headers if record.rec_type == "response" else None
        if http is not None:
            status = http.get_statuscode() or ""
            if not (status.isdigit() and len(status) == 3):
                self.failures += 1
                return IngestError(
                    source=source,
                    reason=f"malformed WARC record (bad HTTP status line {http.statusline!r})",
                )
            if not status.startswith("2"):
                return None  # redirects and error pages carry no article
            header = http.get_header("Content-Type")
        else:
            header = record.rec_headers.get_header("Content-Type")
        mime, charset = parse_content_type(header)
        if mime is not None and mime not in _PAGE_TYPES:
            return None
        return self._payload(record, source, mime, charset, http)

    def _payload(
        self, record: Any, source: str, mime: str | None, charset: str | None, http: Any
    ) -> RawDocument | IngestError | None:
        limit = self.settings.max_bytes
        try:
            data = record.content_stream().read(limit + 1)
        except Exception as exc:  # bad chunking or content-encoding inside one record
            self.failures += 1
            return IngestError(source=source, reason=f"malformed WARC record ({_describe(exc)})")
        if len(data) > limit:
            self.failures += 1
            return IngestError(source=source, reason=f"payload over the {human_size(limit)} limit")
        if _truncated(record):
            self.failures += 1
            return IngestError(
                source=source, reason="malformed WARC record (shorter than its Content-Length)"
            )
        if not data.strip():
            return None  # an empty 200 response: nothing to read, nothing lost
        self.found += 1
        headers: dict[str, str] = {}
        for key, value in http.headers if http is not None else []:
            key = key.lower()
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        return RawDocument(
            source=source,
            data=data,
            kind=kind_for(mime, data),
            url=record.rec_headers.get_header("WARC-Target-URI"),
            content_type=mime,
            encoding=charset,
            fetched_at=record.rec_headers.get_header("WARC-Date"),
            headers=headers,
        )


def _safe_iter(iterator: ArchiveIterator) -> Iterator[Any]:
    """Records of ``iterator``; a parse failure is yielded as the exception, then iteration ends."""
    records = iter(iterator)
    while True:
        try:
            # warcio prints a multi-line warning straight to stderr when a record's
            # Content-Length is off; the record still parses, so keep it to the debug log
            # instead of breaking the CLI's one-line-per-problem output.
            with contextlib.redirect_stderr(io.StringIO()) as noise:
                record = next(records)
            if noise.getvalue():
                log.debug("warcio: %s", " ".join(noise.getvalue().split()))
        except StopIteration:
            return
        except Exception as exc:  # warcio raises several unrelated types for damaged input
            log.debug("WARC parse failure: %r", exc)
            yield exc
            return
        if record.format != "warc":
            # warcio also reads the older ARC format, and takes any line of five words for
            # an ARC header: in a WARC file that is damage, not a record.
            yield ValueError("the record does not start with a WARC header")
            return
        yield record


def _truncated(record: Any) -> bool:
    """True when the archive ended before the record's declared Content-Length."""
    raw = record.raw_stream
    if not hasattr(raw, "limit"):
        return False
    while raw.read(_SCAN_CHUNK):
        pass
    return raw.limit > 0


def _describe(exc: Exception) -> str:
    """A one-line, printable reason; warcio messages may quote binary garbage."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= 100 else text[:97] + "..."
