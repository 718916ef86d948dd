"""decode: bytes to text, with encodings verified rather than believed."""

from __future__ import annotations

import codecs
import gzip
import zipfile
from io import BytesIO

import pytest

from consilience.decode import declared_charset, decode
from consilience.errors import DecodeError, InputError

TEXT = "Renée’s café on the quay reopened — “crème brûlée” is back at €6."


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_byte_order_mark_decides_and_is_dropped(bom, encoding):
    # A BOM outranks a wrong declaration.
    assert decode(bom + TEXT.encode(encoding), "iso-8859-1", "f.txt") == TEXT


def test_utf16_without_bom_is_recognised():
    assert decode(TEXT.encode("utf-16-le"), None, "f.txt") == TEXT
    assert decode(TEXT.encode("utf-16-be"), None, "f.txt") == TEXT


def test_plain_utf8_and_ascii():
    assert decode(TEXT.encode("utf-8"), None, "f.txt") == TEXT
    assert decode(b"Harbor vote", None, "f.txt") == "Harbor vote"
    assert decode(b"", None, "f.txt") == ""


def test_declared_utf8_that_is_really_windows_1252():
    assert decode(TEXT.encode("cp1252"), "text/html; charset=UTF-8", "page") == TEXT


def test_declared_latin1_that_is_really_utf8():
    assert decode(TEXT.encode("utf-8"), "ISO-8859-1", "page") == TEXT


def test_latin1_label_means_windows_1252():
    # Curly quotes and the euro sign live in 0x80-0x9F, which Latin-1 proper maps to controls.
    assert decode(TEXT.encode("cp1252"), "latin-1", "page") == TEXT


def test_undeclared_windows_1252():
    assert decode(TEXT.encode("cp1252"), None, "page") == TEXT


def test_meta_charset_is_read_from_the_bytes():
    russian = "Городской совет одобрил выпуск облигаций для ремонта гавани."
    page = b'<html><head><meta charset="windows-1251"></head><body>'
    page += russian.encode("cp1251") + b"</body></html>"
    assert russian in decode(page, None, "page.html")


def test_content_type_without_charset_leaves_the_meta_to_speak():
    # Central European letters: read as the Western default they would come out wrong.
    polish = "Rada miejska zatwierdziła obligacje na odbudowę portu; żeglarze świętują."
    page = b'<html><head><meta charset="windows-1250"></head><body>'
    page += polish.encode("cp1250") + b"</body></html>"
    assert polish in decode(page, "text/html", "page.html")
    assert polish in decode(page, "text/html; charset=bogus", "page.html")


def test_http_header_charset():
    greek = "Το δημοτικό συμβούλιο ενέκρινε την έκδοση ομολόγων για το λιμάνι."
    assert decode(greek.encode("cp1253"), "text/plain; charset=windows-1253", "u") == greek


def test_undeclared_cyrillic_is_guessed():
    russian = "Городской совет одобрил выпуск облигаций для ремонта старой гавани в понедельник."
    assert decode(russian.encode("cp1251"), None, "f.txt") == russian


def test_undeclared_central_european_text_is_not_read_as_western():
    polish = "Rada miejska zatwierdziła obligacje na odbudowę portu; żeglarze świętują."
    assert decode(polish.encode("cp1250"), None, "f.txt") == polish


def test_mostly_utf8_with_a_stray_windows_1252_byte():
    data = TEXT.encode("utf-8") + " Naïve pricing.".encode("cp1252")
    assert decode(data, None, "f.txt") == TEXT + " Naïve pricing."


def _as_browsers_misread(data: bytes) -> str:
    """Windows-1252 as browsers apply it: its five undefined bytes become C1 controls."""
    return "".join(
        chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252") for b in data
    )


def test_declared_latin1_utf8_page_with_one_stray_byte():
    data = TEXT.encode("utf-8") + " Naïve pricing.".encode("cp1252")
    assert decode(data, "text/html; charset=iso-8859-1", "page") == TEXT + " Naïve pricing."


def test_double_encoded_utf8_is_repaired():
    mojibake = _as_browsers_misread(TEXT.encode("utf-8")).encode("utf-8")
    assert "Ã©" in mojibake.decode("utf-8")
    assert decode(mojibake, "utf-8", "f.txt") == TEXT


def test_mojibake_inside_good_text_is_repaired_in_place():
    bad = _as_browsers_misread("Renée’s café".encode())
    data = f"Über den Hafen: {bad} — 5 €".encode()
    assert decode(data, None, "f.txt") == "Über den Hafen: Renée’s café — 5 €"


def test_unknown_declared_label_is_ignored():
    assert decode(TEXT.encode("utf-8"), "charset=no-such-thing", "f.txt") == TEXT
    assert declared_charset("text/html; charset=no-such-thing") is None
    assert declared_charset('text/html; charset="Shift_JIS"') == "shift_jis"


def _zip_bytes() -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("story.txt", "Harbor vote")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01", "a PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "a JPEG image"),
        (b"GIF89a\x01\x00\x01\x00\x80\x00", "a GIF image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document"),
        (gzip.compress(b"Harbor vote"), "GZIP-compressed data"),
    ],
)
def test_binary_formats_are_named(data, what):
    with pytest.raises(DecodeError) as err:
        decode(data, "text/html; charset=utf-8", "download.bin")
    assert str(err.value) == f"download.bin: binary data (looks like {what}), not text"
    assert isinstance(err.value, InputError)
    assert err.value.source == "download.bin"


def test_zip_archive_is_named():
    with pytest.raises(DecodeError, match="looks like a ZIP archive"):
        decode(_zip_bytes(), None, "bundle.docx")


def test_nul_bytes_outside_utf16_are_binary():
    with pytest.raises(DecodeError, match="NUL"):
        decode(b"Harbor\x00vote\x00\x00\x00\x01\x02 results", None, "f.dat")


def test_control_characters_are_binary():
    data = bytes(range(1, 9)) * 40 + b"some text"
    with pytest.raises(DecodeError, match="control characters"):
        decode(data, None, "f.dat")


def test_text_that_happens_to_start_like_a_magic_number():
    # "BZh" and "ID3" open bzip2 and MP3 files, but here they open ordinary words.
    assert decode(b"ID3 tags were missing from the files.", None, "f.txt").startswith("ID3")
    assert decode(b"BZh is not a word.", None, "f.txt") == "BZh is not a word."
