"""Read JSON Lines files of articles into RawDocuments, one per line.

Each line is an object with ``title``, ``text`` or ``html``, and optionally ``url``,
``outlet``, ``published``, ``author`` and ``language``; these become the document's hints.
A bad line is reported as ``file.jsonl:LINE`` with the reason, and the following lines are
still read. Files are streamed, so the size cap applies to each line, not to the file.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from typing import IO

from consilience.config import DEFAULT, Settings
from consilience.errors import FormatError, InputError
from consilience.feeds import iso_date
from consilience.fetch import human_size
from consilience.records import IngestError, RawDocument, SourceHints

__all__ = ["FIELDS", "parse_line", "read_jsonl"]

FIELDS = ("title", "text", "html", "url", "outlet", "published", "author", "language")


def read_jsonl(
    path: str, settings: Settings = DEFAULT, *, gzipped: bool = False
) -> Iterator[RawDocument | IngestError]:
    """One document per non-blank line of ``path``; errors name ``path:LINE``.

    Raises ``FormatError`` for corrupt gzip and ``OSError`` if the file cannot be opened.
    """
    limit = settings.max_bytes
    found = False
    try:
        with gzip.open(path, "rb") if gzipped else open(path, "rb") as fh:
            for number, line in _capped_lines(fh, limit):
                source = f"{path}:{number}"
                if line is None:
                    found = True
                    yield IngestError(
                        source=source, reason=f"line is over the {human_size(limit)} limit"
                    )
                    continue
                if not line.strip():
                    continue
                found = True
                try:
                    yield parse_line(line, source)
                except InputError as exc:
                    yield IngestError(source=exc.source, reason=exc.reason)
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise FormatError(path, f"corrupt gzip data ({exc})") from exc
    if not found:
        yield IngestError(source=path, reason="empty file")


def _capped_lines(fh: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """Numbered lines of a binary file; a line longer than ``limit`` comes back as None
    without ever being held whole in memory."""
    number = 0
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := fh.readline(1024 * 1024)) and not rest.endswith(b"\n"):
                pass
            yield number, None
            continue
        yield number, line


def parse_line(line: bytes, source: str) -> RawDocument:
    """One JSONL line as a document; raises ``FormatError`` saying what is wrong with it."""
    try:
        record = json.loads(line.strip())
    except UnicodeDecodeError as exc:
        raise FormatError(source, "invalid JSON (not UTF-8 text)") from exc
    except json.JSONDecodeError as exc:
        raise FormatError(source, f"invalid JSON ({exc.msg} at column {exc.colno})") from exc
    if not isinstance(record, dict):
        raise FormatError(source, f"expected a JSON object, found {type(record).__name__}")
    for name in FIELDS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise FormatError(source, f"field '{name}' must be a string")
    fields = {name: (record.get(name) or "").strip() or None for name in FIELDS}
    title, text, html = fields["title"], fields["text"], fields["html"]
    if text is None and html is None:
        raise FormatError(source, "no 'text' or 'html' field")
    hints = SourceHints(
        title=title,
        outlet=fields["outlet"],
        published=iso_date(fields["published"]),
        author=fields["author"],
        url=fields["url"],
        text=text,
        language=fields["language"],
    )
    if html is not None:
        data, kind, content_type = html, "html", "text/html"
    elif title and not text.startswith(title):
        # Plain text documents carry their title on the first line; keep that true here.
        data, kind, content_type = f"{title}\n\n{text}", "text", "text/plain"
    else:
        data, kind, content_type = text, "text", "text/plain"
    return RawDocument(
        source=source,
        data=data.encode("utf-8", "replace"),
        kind=kind,
        url=hints.url,
        content_type=content_type,
        encoding="utf-8",
        hints=hints,
    )
