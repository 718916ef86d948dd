"""Reading files, directories, archives, JSONL and standard input into raw documents."""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from consilience.config import Settings
from consilience.ingest import STDIN_SOURCE, file_type, read_one, read_sources
from consilience.records import IngestError, RawDocument

HTML = (
    b"<!doctype html><html><head><title>Lenmoor dam cracks</title></head><body>"
    b"<article><h1>Lenmoor dam cracks</h1><p>Inspectors found three cracks in the dam wall "
    b"on Tuesday, the water board said.</p></article></body></html>"
)
TEXT = b"Lenmoor dam cracks\n\nInspectors found three cracks in the dam wall on Tuesday.\n"


def _read(*inputs, settings: Settings | None = None, **kwargs):
    return list(read_sources([str(i) for i in inputs], settings or Settings(), **kwargs))


def _errors(items):
    return [(i.source, i.reason) for i in items if isinstance(i, IngestError)]


# --------------------------------------------------------------------------- plain files


@pytest.mark.parametrize(
    ("name", "data", "kind", "content_type"),
    [
        ("story.txt", TEXT, "text", "text/plain"),
        ("story.md", b"# Lenmoor dam cracks\n\nThree *cracks*.", "markdown", "text/markdown"),
        ("story.html", HTML, "html", "text/html"),
        ("STORY.HTM", HTML, "html", "text/html"),
        ("story.xhtml", HTML, "html", "text/html"),
    ],
)
def test_single_file_becomes_one_document(tmp_path, name, data, kind, content_type):
    path = tmp_path / name
    path.write_bytes(data)

    (doc,) = _read(path)

    assert isinstance(doc, RawDocument)
    assert doc.source == str(path)
    assert doc.data == data
    assert (doc.kind, doc.content_type) == (kind, content_type)
    assert doc.encoding is None  # files declare no charset: extract detects it


def test_bytes_pass_through_untouched_whatever_their_encoding(tmp_path):
    path = tmp_path / "latin.txt"
    data = "Café on the quay reopens\n\nThe café reopened.".encode("cp1252")
    path.write_bytes(data)

    (doc,) = _read(path)

    assert doc.data == data


def test_gzipped_html_is_decompressed(tmp_path):
    path = tmp_path / "story.html.gz"
    path.write_bytes(gzip.compress(HTML))

    (doc,) = _read(path)

    assert doc.data == HTML and doc.kind == "html"
    assert file_type("a/b/story.htm.gz") == ("html", True)
    assert file_type("crawl.warc.gz") == ("warc", False)


@pytest.mark.parametrize(
    "damage",
    [lambda gz: gz[:-12], lambda gz: gz[:10] + b"\x00\xff" * 20 + gz[50:], lambda gz: b"PK" + gz],
    ids=["truncated", "garbled", "not-gzip"],
)
def test_corrupt_gzip_is_a_clear_error(tmp_path, damage):
    path = tmp_path / "story.html.gz"
    path.write_bytes(damage(gzip.compress(HTML * 20)))

    assert _errors(_read(path))[0][0] == str(path)
    assert "corrupt gzip" in _errors(_read(path))[0][1]


def test_gzip_bomb_is_stopped_at_the_cap(tmp_path):
    path = tmp_path / "bomb.html.gz"
    path.write_bytes(gzip.compress(b"<p>" + b"a" * 5_000_000))

    ((source, reason),) = _errors(_read(path, settings=Settings(max_bytes=100_000)))

    assert source == str(path)
    assert reason == "decompressed size is over the 100,000 bytes limit"


def test_missing_path(tmp_path):
    missing = tmp_path / "nowhere.html"

    assert _errors(_read(missing)) == [(str(missing), "no such file or directory")]


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n "])
def test_empty_files_are_errors(tmp_path, content):
    path = tmp_path / "blank.txt"
    path.write_bytes(content)

    assert _errors(_read(path)) == [(str(path), "empty file")]


def test_oversized_file_is_refused_from_its_size_alone(tmp_path):
    path = tmp_path / "huge.html"
    with open(path, "wb") as fh:
        fh.truncate(6 * 1024**3)  # sparse: reading it would take minutes and gigabytes

    assert _errors(_read(path)) == [(str(path), "file is 6.0 GB, over the 20.0 MB limit")]


def test_explicit_file_of_unknown_type_is_an_error(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7 binary")

    ((source, reason),) = _errors(_read(path))

    assert source == str(path)
    assert reason.startswith("unsupported file type (.pdf; expected .html")


def test_unreadable_file_is_reported_and_the_batch_goes_on(tmp_path):
    # Root reads any file, so a root test run drops to "nobody" for the read itself.
    folder = Path(tempfile.mkdtemp())
    try:
        folder.chmod(0o755)
        locked = folder / "locked.html"
        locked.write_bytes(HTML)
        locked.chmod(0)
        fine = folder / "fine.txt"
        fine.write_bytes(TEXT)
        fine.chmod(0o644)
        items = _read_as_nobody([locked, fine, folder])
    finally:
        shutil.rmtree(folder)

    assert _errors(items) == [(str(locked), "permission denied")]
    assert [i.source for i in items if isinstance(i, RawDocument)] == [str(fine)]


def _read_as_nobody(inputs):
    if os.geteuid() != 0:
        return _read(*inputs)
    if not hasattr(os, "seteuid"):
        pytest.skip("cannot drop root privileges here")
    os.seteuid(65534)
    try:
        return _read(*inputs)
    finally:
        os.seteuid(0)


# --------------------------------------------------------------------------- directories


def test_directory_is_walked_in_name_order_skipping_hidden_and_unknown_files(tmp_path):
    root = tmp_path / "pile"
    (root / "b-sub" / "deeper").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "c.txt").write_bytes(TEXT)
    (root / "a.html").write_bytes(HTML)
    (root / "b-sub" / "x.md").write_bytes(b"# Note\n\nA note.")
    (root / "b-sub" / "deeper" / "y.htm").write_bytes(HTML)
    (root / ".hidden.html").write_bytes(HTML)
    (root / ".git" / "inside.html").write_bytes(HTML)
    (root / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (root / "notes.docx").write_bytes(b"PK\x03\x04")

    items = _read(root)

    assert [i.source for i in items] == [
        str(root / "a.html"),
        str(root / "b-sub" / "deeper" / "y.htm"),
        str(root / "b-sub" / "x.md"),
        str(root / "c.txt"),
    ]


def test_bad_files_inside_a_directory_are_reported_one_by_one(tmp_path):
    (tmp_path / "a.html").write_bytes(HTML)
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.html.gz").write_bytes(b"\x1f\x8b\x08garbage")
    (tmp_path / "d.txt").write_bytes(TEXT)

    items = _read(tmp_path)

    assert [type(i).__name__ for i in items] == [
        "RawDocument", "IngestError", "IngestError", "RawDocument"]
    assert items[1].reason == "empty file"
    assert "corrupt gzip" in items[2].reason


def test_symlink_loops_do_not_hang_or_repeat(tmp_path):
    root = tmp_path / "pile"
    root.mkdir()
    (root / "story.html").write_bytes(HTML)
    (root / "back-up").symlink_to(root, target_is_directory=True)  # a directory loop
    (root / "loop-a.html").symlink_to(root / "loop-b.html")  # a file loop
    (root / "loop-b.html").symlink_to(root / "loop-a.html")
    (root / "dangling.txt").symlink_to(root / "gone.txt")
    (root / "dangling.jpg").symlink_to(root / "gone.jpg")

    items = _read(root)

    assert [i.source for i in items if isinstance(i, RawDocument)] == [str(root / "story.html")]
    assert _errors(items) == [
        (str(root / "dangling.txt"), "broken symbolic link"),
        (str(root / "loop-a.html"), "symbolic link loop"),
        (str(root / "loop-b.html"), "symbolic link loop"),
    ]


def test_named_symlink_loop_is_an_error(tmp_path):
    (tmp_path / "a.html").symlink_to(tmp_path / "b.html")
    (tmp_path / "b.html").symlink_to(tmp_path / "a.html")

    assert _errors(_read(tmp_path / "a.html")) == [(str(tmp_path / "a.html"), "symbolic link loop")]


def test_the_same_file_is_read_once_however_it_is_named(tmp_path):
    path = tmp_path / "story.html"
    path.write_bytes(HTML)
    (tmp_path / "alias.html").symlink_to(path)

    items = _read(path, tmp_path, path, tmp_path / "alias.html", tmp_path)

    assert [i.source for i in items] == [str(path)]


def test_hidden_file_named_explicitly_is_read(tmp_path):
    path = tmp_path / ".draft.txt"
    path.write_bytes(TEXT)

    assert [i.source for i in _read(path)] == [str(path)]


# --------------------------------------------------------------------------- WARC


def _http(status: str, content_type: str | None) -> StatusAndHeaders:
    headers = [("Content-Type", content_type)] if content_type else []
    return StatusAndHeaders(status, [*headers, ("Server", "test")], protocol="HTTP/1.1")


def _warc_records(gz: bool) -> list[bytes]:
    """Each record written on its own, so tests can damage one and keep the rest."""
    gazette, courier = "http://gazette.example.invalid", "http://courier.example.invalid"
    specs = [
        ("warcinfo", None, None, None),
        ("response", f"{gazette}/dam", _http("200 OK", "text/html; charset=windows-1252"), HTML),
        ("response", f"{gazette}/logo.png", _http("200 OK", "image/png"), b"\x89PNG"),
        ("request", f"{gazette}/dam", None, b"GET /dam HTTP/1.1\r\n\r\n"),
        ("response", f"{gazette}/old", _http("301 Moved", "text/html"), b"moved"),
        ("response", f"{courier}/dam", _http("200 OK", "text/html"), HTML),
        ("response", f"{courier}/notes", _http("200 OK", "text/plain"), TEXT),
        ("resource", "file:///mirror/dam.html", None, HTML),
    ]
    out = []
    for rec_type, uri, http, body in specs:
        buf = io.BytesIO()
        writer = WARCWriter(buf, gzip=gz)
        if rec_type == "warcinfo":
            record = writer.create_warcinfo_record("test.warc", {"software": "consilience-tests"})
        else:
            record = writer.create_warc_record(
                uri, rec_type, payload=io.BytesIO(body), http_headers=http,
                warc_content_type="text/html" if rec_type == "resource" else None,
                warc_headers_dict={"WARC-Date": "2024-03-12T10:00:00Z"},
            )
        writer.write_record(record)
        out.append(buf.getvalue())
    return out


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_warc_pages_become_documents_named_by_record(tmp_path, gz):
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(b"".join(_warc_records(gz)))

    items = _read(path)

    assert [i.source for i in items] == [f"{path}#2", f"{path}#6", f"{path}#7", f"{path}#8"]
    first = items[0]
    assert first.url == "http://gazette.example.invalid/dam"
    assert first.data == HTML and first.kind == "html"
    assert first.content_type == "text/html" and first.encoding == "windows-1252"
    assert first.fetched_at == "2024-03-12T10:00:00Z"
    assert first.headers["server"] == "test"
    assert items[2].kind == "text" and items[2].data == TEXT
    assert items[3].url == "file:///mirror/dam.html"


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_malformed_warc_record_is_reported_and_reading_goes_on(tmp_path, gz):
    records = _warc_records(gz)
    if gz:
        records[5] = records[5][:10] + b"\x00\x13\x37" * 40 + records[5][130:]
    else:
        records[5] = records[5].replace(b"WARC/1.0", b"WARX/9.9", 1)
    path = tmp_path / ("broken.warc.gz" if gz else "broken.warc")
    path.write_bytes(b"".join(records))

    items = _read(path)

    assert [i.source for i in items] == [f"{path}#2", f"{path}#6", f"{path}#7", f"{path}#8"]
    assert isinstance(items[1], IngestError)
    assert items[1].reason.startswith("malformed WARC record")
    assert items[2].data == TEXT


def test_truncated_warc_record_is_reported(tmp_path):
    path = tmp_path / "cut.warc"
    path.write_bytes(b"".join(_warc_records(False)[:2])[:-60])

    items = _read(path)

    assert _errors(items) == [
        (f"{path}#2", "malformed WARC record (shorter than its Content-Length)")]


def test_warc_with_a_bad_http_status_line(tmp_path):
    records = _warc_records(False)
    records[1] = records[1].replace(b"HTTP/1.1 200 OK", b"HTTZ nonsense!!")
    path = tmp_path / "odd.warc"
    path.write_bytes(b"".join(records))

    items = _read(path)

    assert items[0].source == f"{path}#2"
    assert "bad HTTP status line" in items[0].reason
    assert len([i for i in items if isinstance(i, RawDocument)]) == 3


def test_whole_file_gzip_warc_is_read_too(tmp_path):
    path = tmp_path / "recompressed.warc.gz"
    path.write_bytes(gzip.compress(b"".join(_warc_records(False))))

    items = _read(path)

    assert [i.source for i in items] == [f"{path}#2", f"{path}#6", f"{path}#7", f"{path}#8"]


def test_warc_record_over_the_cap_is_reported_alone(tmp_path):
    path = tmp_path / "big.warc"
    path.write_bytes(b"".join(_warc_records(False)))

    items = _read(path, settings=Settings(max_bytes=len(HTML) - 1))

    assert _errors(items)[0] == (f"{path}#2", f"payload over the {len(HTML) - 1:,} bytes limit")
    assert [i.source for i in items if isinstance(i, RawDocument)] == [f"{path}#7"]


def test_not_a_warc_and_an_archive_without_pages(tmp_path):
    fake = tmp_path / "fake.warc"
    fake.write_bytes(HTML)
    quiet = tmp_path / "quiet.warc.gz"
    quiet.write_bytes(_warc_records(True)[0])

    items = _read(fake, quiet)

    assert items[0].source == str(fake)
    assert items[0].reason.startswith("not a readable WARC file")
    assert _errors(items)[1] == (str(quiet), "no HTML or text pages in this archive")


# --------------------------------------------------------------------------- JSONL


def _jsonl(path: Path, lines: list) -> None:
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n")


def test_jsonl_lines_become_documents_with_hints(tmp_path):
    path = tmp_path / "wire.jsonl"
    _jsonl(path, [
        {"title": "Dam cracks found", "text": "Inspectors found three cracks.",
         "url": "https://wire.example.invalid/1", "outlet": "Wire Service",
         "published": "2024-03-12T09:00:00+01:00", "author": "Ilse Marrow"},
        "",
        {"title": "Reservoir lowered", "html": "<p>The reservoir was lowered.</p>"},
    ])

    first, second = _read(path)

    assert first.source == f"{path}:1" and second.source == f"{path}:3"
    assert first.kind == "text"
    assert first.data == b"Dam cracks found\n\nInspectors found three cracks."
    assert first.url == "https://wire.example.invalid/1"
    assert first.hints.title == "Dam cracks found"
    assert first.hints.text == "Inspectors found three cracks."
    assert (first.hints.outlet, first.hints.published, first.hints.author) == (
        "Wire Service", "2024-03-12", "Ilse Marrow")
    assert second.kind == "html" and second.data == b"<p>The reservoir was lowered.</p>"
    assert second.encoding == "utf-8"


def test_bad_jsonl_lines_are_named_and_the_rest_continue(tmp_path):
    path = tmp_path / "mixed.jsonl"
    _jsonl(path, [
        {"title": "Good one", "text": "A fine report."},
        '{"title": "Broken", "text": "no closing brace"',
        '["a", "list"]',
        {"title": "No body"},
        {"title": "Wrong type", "text": 42},
        {"title": "Good two", "text": "Another report."},
    ])

    items = _read(path)

    assert [i.source for i in items if isinstance(i, RawDocument)] == [f"{path}:1", f"{path}:6"]
    assert _errors(items) == [
        (f"{path}:2", "invalid JSON (Expecting ',' delimiter at column 47)"),
        (f"{path}:3", "expected a JSON object, found list"),
        (f"{path}:4", "no 'text' or 'html' field"),
        (f"{path}:5", "field 'text' must be a string"),
    ]


def test_gzipped_jsonl_and_overlong_lines(tmp_path):
    path = tmp_path / "wire.jsonl.gz"
    lines = [json.dumps({"text": "x" * 500}), json.dumps({"text": "Short report."})]
    path.write_bytes(gzip.compress("\n".join(lines).encode()))

    items = _read(path, settings=Settings(max_bytes=200))

    assert _errors(items) == [(f"{path}:1", "line is over the 200 bytes limit")]
    assert items[1].data == b"Short report."


def test_whitespace_only_jsonl_is_empty(tmp_path):
    path = tmp_path / "nothing.jsonl"
    path.write_text("\n\n   \n")

    assert _errors(_read(path)) == [(str(path), "empty file")]


# --------------------------------------------------------------------------- stdin and batches


def test_stdin_html_and_text_are_sniffed():
    (html,) = read_one("-", stdin=io.BytesIO(HTML))
    (text,) = read_one("-", stdin=io.BytesIO(TEXT))

    assert (html.source, html.kind, html.data) == (STDIN_SOURCE, "html", HTML)
    assert (text.kind, text.data) == ("text", TEXT)


def test_stdin_is_read_once_and_empty_stdin_is_an_error():
    assert len(_read("-", "-", stdin=io.BytesIO(TEXT))) == 1
    assert _errors(_read("-", stdin=io.BytesIO(b" \n"))) == [(STDIN_SOURCE, "empty input")]


def test_oversized_stdin_is_refused():
    items = _read("-", stdin=io.BytesIO(b"a" * 1000), settings=Settings(max_bytes=100))

    assert _errors(items) == [(STDIN_SOURCE, "input is over the 100 bytes limit")]


def test_one_bad_input_never_stops_the_batch(tmp_path):
    good = tmp_path / "good.html"
    good.write_bytes(HTML)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    other = tmp_path / "other.txt"
    other.write_bytes(TEXT)

    items = _read(tmp_path / "missing.html", good, "gopher://old.example.invalid/1", empty, other)

    assert [(type(i).__name__, i.source) for i in items] == [
        ("IngestError", str(tmp_path / "missing.html")),
        ("RawDocument", str(good)),
        ("IngestError", "gopher://old.example.invalid/1"),
        ("IngestError", str(empty)),
        ("RawDocument", str(other)),
    ]
    assert items[2].reason == "unsupported URL scheme 'gopher'"
