"""Bytes to text: the one place that decides which encoding a document is in.

Web pages and files lie about their encoding often enough that a declaration is evidence, not
truth. The order of trust, strongest first:

1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE);
2. the bytes being valid UTF-8 with non-ASCII characters in them: random single-byte text is
   almost never valid UTF-8, so this beats a declared Latin-1 or Windows-1252;
3. UTF-8 that is mostly valid but carries a few stray bytes (pages stitched together from
   two sources), over a Western label: each stray byte is read as Windows-1252;
4. a declared charset (HTTP header, container, or an HTML ``<meta>``) that decodes cleanly;
   Latin-1 and ASCII labels mean Windows-1252, as in browsers;
5. a guess by charset-normalizer, with Windows-1252 as the Western default unless that
   leaves symbols stuck inside words.

Binary data (images, PDFs, archives, anything full of control characters) raises
``DecodeError`` naming what it looks like. Text that was already double-encoded (UTF-8 read as
Windows-1252 and saved again: "cafÃ©") is repaired, never passed on silently.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from consilience.errors import DecodeError

__all__ = ["declared_charset", "decode"]

# Magic numbers of the binary formats a crawler or a user is most likely to hand us by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x1f\x8b", "GZIP-compressed data"),
    (b"BZh", "BZIP2-compressed data"),  # textual magics: checked for binary bytes below
    (b"\xfd7zXZ\x00", "XZ-compressed data"),
    (b"(\xb5/\xfd", "Zstandard-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "an executable (ELF)"),
    (b"\x00\x00\x01\x00", "an icon file"),
    (b"OggS", "an Ogg audio or video file"),
    (b"ID3", "an MP3 audio file"),
    (b"\x1aE\xdf\xa3", "a WebM or Matroska video"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 LE first: its BOM begins with the UTF-16 LE one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Control characters that real text does not contain (tab, LF, CR, FF and ESC excluded).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27)) + b"\x7f"
_MAX_CONTROL_SHARE = 0.05

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)

# Labels that browsers treat as Windows-1252 (WHATWG Encoding): a page that says Latin-1
# means Windows-1252, whose 0x80-0x9F range holds curly quotes and dashes.
_WESTERN = {"latin-1", "iso8859-1", "ascii", "cp1252"}

# Signs of UTF-8 that was decoded as Windows-1252 and encoded again: "Ã©", "â€™", "Ã¼".
_MOJIBAKE = re.compile(
    "[ÂÃ][\u0080-\u00bf\u2018-\u203a\u0152-\u0178\u02c6\u02dc\u2122\u20ac]"
    "|â€[\u0080-\u00bf\u2018-\u203a\u0153\u02dc\u2122\u20ac\"']"
)


def decode(data: bytes, declared: str | None, source: str) -> str:
    """Decode ``data`` to text, trusting ``declared`` only as far as the bytes agree.

    ``declared`` is a charset label or a whole Content-Type value (``text/html;
    charset=utf-8``); HTML ``<meta>`` declarations are read from the bytes themselves.
    Raises ``DecodeError`` for binary data or bytes no encoding explains.
    """
    if not data:
        return ""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _finish(_strict(data[len(bom) :], encoding, source), source)
    _reject_binary(data, source)
    utf16 = _sniff_utf16(data)
    if utf16:
        return _finish(_strict(data, utf16, source), source)
    if b"\x00" in data:
        raise DecodeError(source, "binary data (contains NUL bytes), not text")
    return _finish(_decode_8bit(data, declared), source)


def declared_charset(declared: str | None, data: bytes = b"") -> str | None:
    """The Python codec name of a declared charset, from a label, a header or ``<meta>``.

    A Content-Type without a charset (``text/html``) declares nothing, and an unknown label
    counts as no declaration: a typo in a header must not stop the page's own ``<meta>``.
    """
    labels = []
    if declared:
        match = _HEADER_CHARSET.search(declared)
        if match:
            labels.append(match.group(1))
        elif "/" not in declared and ";" not in declared:
            labels.append(declared.strip())
    if data:
        match = _META_CHARSET.search(data[:8192])
        if match:
            labels.append(match.group(1).decode("ascii", "ignore"))
    for label in labels:
        try:
            return codecs.lookup(label.strip().strip("\"'")).name
        except LookupError:
            continue
    return None


def _decode_8bit(data: bytes, declared: str | None) -> str:
    """Decode data with no BOM and no NUL bytes (every 8-bit or multibyte encoding)."""
    try:
        return data.decode("utf-8")  # pure ASCII included
    except UnicodeDecodeError:
        pass
    valid, stray = _utf8_shape(data)
    # Mostly UTF-8 with a few stray single-byte characters (pages stitched from two sources):
    # keep the UTF-8 and read each stray byte as Windows-1252, rather than mangling the
    # whole document. This also overrules a Western label, the most common wrong one.
    mostly_utf8 = valid >= 2 * stray
    charset = declared_charset(declared, data)
    if charset in _WESTERN and not mostly_utf8:
        return data.decode("cp1252", errors="consilience-cp1252")
    if (
        charset
        and charset not in _WESTERN
        and not charset.startswith(("utf-8", "utf-16", "utf-32"))
    ):
        # (a UTF-16/32 label on data with no NUL bytes is a page saved again as 8-bit)
        try:
            return data.decode(charset)
        except UnicodeDecodeError:
            pass  # the declaration is wrong; fall through to the bytes' own evidence
    if mostly_utf8:
        return data.decode("utf-8", errors="consilience-cp1252")
    return _guess(data)


def _guess(data: bytes) -> str:
    """Neither UTF-8 nor declared: ask charset-normalizer, defaulting to Windows-1252.

    Western text is by far the most common undeclared 8-bit text, so Windows-1252 wins
    unless the detector's choice reads as another script, or Windows-1252 leaves symbols
    stuck inside words ("zatwierdzi³a" is Polish read with the wrong code page).
    """
    from charset_normalizer import from_bytes

    western = data.decode("cp1252", errors="consilience-cp1252")
    best = _prefer_windows(list(from_bytes(data[:200_000])))
    if best is None:
        return western
    name = codecs.lookup(best).name
    if name in _WESTERN or name.startswith(("utf-16", "utf-32")):
        return western
    try:
        text = data.decode(name)
    except UnicodeDecodeError:
        return western
    if _other_script(text):
        return text
    odd_western = _odd_in_words(western)
    if odd_western >= 2 and _odd_in_words(text) < odd_western / 2:
        return text
    return western


_TOUCHING_LETTER = re.compile(r"(?<=[^\W\d_])[^\x00-\x7f]|[^\x00-\x7f](?=[^\W\d_])")
# Apostrophes, hyphens, quotes and Spanish opening marks do touch letters in good text.
_TOUCH_OK = set("’‘´`·‐‑–—“”«»„‚¿¡")


def _odd_in_words(text: str) -> int:
    """Symbols and superscripts stuck to letters ("zatwierdzi³a", "œwiêtuj¹"): what a wrong
    Latin code page leaves where a letter should be."""
    return sum(
        1
        for c in _TOUCHING_LETTER.findall(text)
        if c not in _TOUCH_OK and not unicodedata.category(c).startswith(("L", "M"))
    )


def _prefer_windows(matches: list) -> str | None:
    """The detector's best encoding, but a Windows code page when one fits as well: Mac and
    DOS code pages score alike on short texts and are far rarer in the wild."""
    if not matches:
        return None
    best = matches[0]
    for match in matches:
        if match.encoding.startswith("cp125") and match.chaos <= best.chaos + 0.02:
            return match.encoding
    return best.encoding


def _other_script(text: str) -> bool:
    """True when the non-ASCII letters are mostly of one non-Latin script, never mixed
    with Latin inside a word (which is what a wrong code page produces)."""
    letters = [c for c in text if ord(c) > 127 and c.isalpha()]
    if not letters:
        return False
    latin = sum(1 for c in letters if unicodedata.name(c, "").startswith("LATIN"))
    if latin > 0.2 * len(letters):
        return False
    mixed = sum(
        1
        for word in re.findall(r"[^\W\d_]+", text)
        if not word.isascii() and any(c.isascii() for c in word)
    )
    return mixed <= 0.02 * max(1, len(letters))


def _utf8_shape(data: bytes) -> tuple[int, int]:
    """Count valid non-ASCII UTF-8 sequences and bytes that fit no UTF-8 sequence."""
    valid = stray = 0
    pos = 0
    while True:
        try:
            text = data[pos:].decode("utf-8")
        except UnicodeDecodeError as err:
            valid += _non_ascii(data[pos : pos + err.start].decode("utf-8"))
            stray += 1
            pos += err.start + 1
            if stray > 10_000:  # certainly not UTF-8; no need to walk the rest
                return valid, stray
            continue
        return valid + _non_ascii(text), stray


def _non_ascii(text: str) -> int:
    return 0 if text.isascii() else len(_NON_ASCII.findall(text))


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _cp1252_fallback(err: UnicodeError) -> tuple[str, int]:
    """Codec error handler: read undecodable bytes as Windows-1252 (Latin-1 where undefined)."""
    if not isinstance(err, UnicodeDecodeError):
        raise err
    chunk = err.object[err.start : err.end]
    return "".join(_byte_cp1252(b) for b in chunk), err.end


def _byte_cp1252(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        # 0x81, 0x8D, 0x8F, 0x90, 0x9D: undefined in Windows-1252; browsers show the C1 code.
        return chr(byte)


def _c1_to_byte(err: UnicodeError) -> tuple[bytes, int]:
    """Encode error handler: the C1 codes that stand in for Windows-1252's undefined bytes
    (as browsers decode them) go back to those bytes, so "â€\x9d" can become "”" again."""
    if not isinstance(err, UnicodeEncodeError):
        raise err
    chunk = err.object[err.start : err.end]
    if all(ord(c) in _CP1252_UNDEFINED for c in chunk):
        return bytes(ord(c) for c in chunk), err.end
    raise err


_CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}

codecs.register_error("consilience-cp1252", _cp1252_fallback)
codecs.register_error("consilience-c1", _c1_to_byte)


def _strict(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise DecodeError(
            source, f"not valid {encoding.upper()} text (bad byte at offset {err.start})"
        ) from err


def _reject_binary(data: bytes, source: str) -> None:
    head = data[:64]
    for magic, what in _MAGIC:
        # A magic made of letters ("BZh", "ID3", "OggS") could open a text too; those
        # formats always carry binary bytes right after it.
        if data.startswith(magic) and (not magic.isalnum() or _has_binary(head)):
            raise DecodeError(source, f"binary data (looks like {what}), not text")
    if data[8:12] == b"WEBP" and data.startswith(b"RIFF"):
        raise DecodeError(source, "binary data (looks like a WebP image), not text")
    if data[4:8] == b"ftyp":
        raise DecodeError(source, "binary data (looks like an MP4 or QuickTime video), not text")


def _has_binary(chunk: bytes) -> bool:
    return any(b in _CONTROL_BYTES or b == 0 for b in chunk)


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: NUL in every other byte of mostly-ASCII text."""
    sample = data[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")


def _finish(text: str, source: str) -> str:
    """Repair double-encoded UTF-8 and refuse text that is mostly control characters."""
    controls = len(_CONTROL_CHARS.findall(text, 0, 20000))
    if controls > _MAX_CONTROL_SHARE * min(len(text), 20000):
        raise DecodeError(source, "binary data (many control characters), not text")
    if _MOJIBAKE.search(text):
        text = _repair_mojibake(text)
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _repair_mojibake(text: str) -> str:
    """Undo one round of UTF-8-read-as-Windows-1252, if that makes the text cleaner."""
    try:
        fixed = text.encode("cp1252", errors="consilience-c1").decode("utf-8", errors="strict")
    except UnicodeError:
        # Mixed text: repair only the runs that are mojibake, leave the rest as it is.
        return _MOJIBAKE_RUN.sub(_fix_run, text)
    return fixed if len(_MOJIBAKE.findall(fixed)) < len(_MOJIBAKE.findall(text)) else text


_MOJIBAKE_RUN = re.compile(
    "(?:[ÂÃâ][\u0080-\u00ff\u0152-\u0178\u02c6\u02dc\u2013-\u203a\u20ac\u2122]+)+"
)


def _fix_run(match: re.Match[str]) -> str:
    run = match.group(0)
    try:
        return run.encode("cp1252", errors="consilience-c1").decode("utf-8")
    except UnicodeError:
        return run
