"""Extract stage: a raw document (HTML, plain text or Markdown) becomes an Article.

The main text comes out as **one paragraph per line**: paragraphs, headings and list items
are separated by a single newline, and no line is empty. Every later stage (clean's removed
spans, analyze's claim spans) counts characters in that layout.

HTML goes through trafilatura (main text, title, author, site name) and htmldate (the
publication date). Plain text and Markdown are read here: the first line is the title when
it looks like one, Markdown markup is reduced to its text, and YAML front matter gives title,
date and author. What the document says wins over the source's hints; hints fill the gaps.

A document with no article in it (a login form, an empty page, a page of links, a few
words) raises ``NoArticleError`` naming the source.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath
from urllib.parse import urlsplit

from lxml import etree

from consilience.config import DEFAULT, Settings
from consilience.decode import decode
from consilience.errors import NoArticleError, TooLargeError
from consilience.language import count_words, detect_language
from consilience.records import Article, RawDocument

__all__ = ["extract", "tidy_lines"]

log = logging.getLogger(__name__)

# A line this long or longer is prose, not a navigation item or a heading.
_PROSE_WORDS = 10
# A login form on a page with fewer words than this is the page's whole point.
_LOGIN_PAGE_WORDS = 150
_TITLE_MAX_WORDS = 25
_TITLE_MAX_CHARS = 250
_DERIVED_TITLE_WORDS = 12


@dataclass
class _Found:
    """What the document itself says about itself (None: it says nothing)."""

    text: str
    title: str | None = None
    author: str | None = None
    sitename: str | None = None
    published: str | None = None
    url: str | None = None
    language: str | None = None


def extract(raw: RawDocument, settings: Settings = DEFAULT) -> Article:
    """Turn ``raw`` into an Article whose ``text`` and ``extracted_text`` hold the main text.

    Raises ``TooLargeError`` over ``settings.max_bytes``, ``DecodeError`` for binary data and
    ``NoArticleError`` when there is no article text in the document.
    """
    if len(raw.data) > settings.max_bytes:
        raise TooLargeError(
            raw.source, f"{len(raw.data)} bytes, over the {settings.max_bytes}-byte limit"
        )
    kind, content = _content(raw)
    if kind == "html":
        found = _from_html(content, raw)
    else:
        found = _from_text(content, markdown_input=kind == "markdown")
    _require_article(found.text, raw.source, settings)
    hints = raw.hints
    url = raw.url or hints.url or found.url
    title = found.title or _clean_title(hints.title) or _derive_title(found.text)
    return Article(
        source=raw.source,
        url=url,
        outlet=_outlet(hints.outlet, found.sitename, url, raw.source),
        title=title,
        author=found.author or hints.author,
        published=_iso_date(found.published) or _iso_date(hints.published),
        language=detect_language(found.text, found.language or hints.language),
        text=found.text,
        extracted_text=found.text,
        fetched_at=raw.fetched_at,
    )


def tidy_lines(text: str) -> str:
    """Normalize text to the stage's layout: NFC, single spaces, one paragraph per line."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
_SPACES = re.compile(r"[^\S\n]+")


def _content(raw: RawDocument) -> tuple[str, str]:
    """The document's kind and decoded text; feed-carried text stands in for empty bytes."""
    if raw.data.strip() or not raw.hints.text:
        header = next((v for k, v in raw.headers.items() if k.lower() == "content-type"), None)
        declared = raw.encoding or raw.content_type or header
        text = decode(raw.data, declared, raw.source)
        if raw.kind == "text" and _WHOLE_PAGE.match(text.lstrip()[:20]):
            return "html", text  # a saved web page under a .txt name
        if raw.kind == "text" and _MARKDOWN_SIGNS.search(text[:5000]):
            return "markdown", text  # Markdown under a .txt name: its markup is not text
        return raw.kind, text
    text = raw.hints.text
    looks_html = re.search(r"<(p|div|br|article|span|h[1-6])\b", text, re.IGNORECASE)
    return ("html" if looks_html else raw.kind), text


# A front-matter fence or a "# heading" first, or several inline links.
_MARKDOWN_SIGNS = re.compile(r"\A\s*(?:---\n|#{1,6} \S)|(?:\]\(https?://[^)]*\).*?){2}", re.S)


# --------------------------------------------------------------------------- HTML


# Measured with bench/extraction.py: reader comments are not the article, and trafilatura's
# fallback extractors (readability, jusText) cost time and, on news pages, precision.
_TRAFILATURA_OPTIONS = {"include_comments": False, "fast": True}


def _from_html(page: str, raw: RawDocument) -> _Found:
    import trafilatura
    from trafilatura.utils import load_html

    if not _WHOLE_PAGE.search(page[:2000]):
        # A fragment (a feed entry's content): trafilatura expects a whole document.
        page = f"<html><body><article>{page}</article></body></html>"
    try:
        tree = load_html(page) if page.strip() else None
        if tree is None:
            raise NoArticleError(raw.source, "empty or unreadable HTML, no article in it")
        # Read what trafilatura's cleaning would throw away before handing it the tree.
        has_login = bool(tree.xpath("//input[@type='password']"))
        page_lang = tree.get("lang") or tree.get("xml:lang")
        doc = trafilatura.bare_extraction(
            tree, url=raw.url or raw.hints.url, with_metadata=True, **_TRAFILATURA_OPTIONS
        )
    except (ValueError, TypeError, LookupError, AttributeError, etree.LxmlError) as err:
        # A page that trips the parser must not stop the batch; say which page and why.
        log.warning("trafilatura failed on %s: %r", raw.source, err)
        raise NoArticleError(raw.source, f"HTML that could not be parsed ({err})") from err
    text = tidy_lines(doc.text or "") if doc is not None else ""
    if not text:
        raise NoArticleError(raw.source, "no article text found in the HTML")
    if has_login and count_words(text) < _LOGIN_PAGE_WORDS and _LOGIN_WORDS.search(text):
        raise NoArticleError(raw.source, "a login page, no article in it")
    return _Found(
        text=text,
        title=_clean_title(doc.title),
        author=_clean_meta(doc.author),
        sitename=_clean_meta(doc.sitename),
        published=doc.date,
        url=doc.url,
        language=page_lang,
    )


_WHOLE_PAGE = re.compile(r"<(?:!doctype|html|head|body)\b", re.IGNORECASE)
_LOGIN_WORDS = re.compile(
    r"\b(?:password|sign(?:ed)?[ -]in|log(?:ged)?[ -]in|username|e-?mail address)\b", re.I
)


def _require_article(text: str, source: str, settings: Settings) -> None:
    words = count_words(text)
    if words < settings.min_article_words:
        noun = "word" if words == 1 else "words"
        raise NoArticleError(source, f"only {words} {noun} of text, too few for an article")
    prose = sum(n for n in (count_words(line) for line in text.splitlines()) if n >= _PROSE_WORDS)
    if prose < settings.min_article_words:
        raise NoArticleError(
            source, "only headings, links or menu items, no paragraph of article text"
        )


# --------------------------------------------------------------------------- text and Markdown


def _from_text(text: str, markdown_input: bool) -> _Found:
    meta: dict[str, str] = {}
    heading_title = None
    if markdown_input:
        meta, text = _front_matter(text)
        heading_title, lines = _markdown_lines(text)
    else:
        lines = _paragraphs(text)
    lines = [line for line in tidy_lines("\n".join(lines)).splitlines() if line]
    title = _clean_title(meta.get("title"))
    if heading_title and title:
        # Front matter named the title; the opening heading stays text (clean drops it as a
        # duplicate when it merely repeats the title).
        lines.insert(0, heading_title)
    elif heading_title:
        # A Markdown "# heading" at the top is a title whatever its punctuation.
        title = _clean_title(heading_title)
    elif lines and len(lines) > 1 and _looks_like_title(lines[0]):
        title = title or _clean_title(lines[0])
        lines = lines[1:]
    return _Found(
        text="\n".join(lines),
        title=title,
        author=_clean_meta(meta.get("author")),
        published=meta.get("date") or _dated_line(lines),
        url=meta.get("url"),
        language=meta.get("lang") or meta.get("language"),
    )


def _paragraphs(text: str) -> list[str]:
    """Plain text to one paragraph per line, joining hard-wrapped lines back together.

    Blank lines separate blocks. Inside a block each line stays a paragraph (lists, short
    paragraphs one per line), unless the block looks hard-wrapped: several lines of similar,
    medium length with no list markers, as an e-mail or a terminal-width file has them.
    """
    blocks = re.split(r"\n[^\S\n]*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    out: list[str] = []
    for block in blocks:
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if _hard_wrapped(lines):
            out.append(" ".join(lines))
        else:
            out.extend(lines)
    return out


_LIST_ITEM = re.compile(r"^(?:[-*•·‣▪–+]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s")


def _hard_wrapped(lines: list[str]) -> bool:
    if len(lines) < 2 or any(_LIST_ITEM.match(line) for line in lines):
        return False
    body = lines[:-1]  # the last line of a wrapped paragraph may be any length
    longest = max(len(line) for line in body)
    if not (40 <= longest <= 100 and all(len(line) >= 0.6 * longest for line in body)):
        return False
    # Wrapping cuts sentences anywhere; short paragraphs one per line end on a stop.
    open_ends = sum(1 for line in body if line.rstrip("\"'”’)")[-1:] not in ".!?:;")
    return open_ends >= len(body) / 2


def _looks_like_title(line: str) -> bool:
    """A short line without a closing sentence stop reads as a headline."""
    words = count_words(line)
    if not words or words > _TITLE_MAX_WORDS or len(line) > _TITLE_MAX_CHARS:
        return False
    if _LIST_ITEM.match(line):
        return False
    last = line.rstrip("\"'”’)»]」』")[-1:]
    if last in ".;,:。":
        return False
    # A question or exclamation is a headline when short; longer, it is the lead sentence.
    return not (last in "?!？！" and words > 15)


# A sentence ends at a stop after a word with two lower-case letters: "U.S." and "Mr." do not
# end one. CJK full stops always do.
_FIRST_SENTENCE = re.compile(r"(?<=[a-z]{2}[.!?])\s+(?=[A-Z0-9\"“‘'])|(?<=[。！？])")


def _derive_title(text: str) -> str:
    """A short title from the first paragraph, for documents that have none."""
    first = text.split("\n", 1)[0]
    sentence = _FIRST_SENTENCE.split(first, maxsplit=1)[0].strip()
    words = sentence.split()
    if count_words(sentence) <= _DERIVED_TITLE_WORDS:
        return sentence.rstrip(" .。")
    if len(words) > _DERIVED_TITLE_WORDS:
        return " ".join(words[:_DERIVED_TITLE_WORDS]).rstrip(" ,;:—–-") + "…"
    return sentence[: 2 * _DERIVED_TITLE_WORDS].rstrip("、，, ") + "…"  # unspaced script


# A plain-text report often says when it was published in a line near its top: a date alone
# ("November 17, 2024"), a label ("Published: 17 November 2024"), a byline ("By Ana Reyes,
# 17 Nov 2024") or a wire dateline ("PORT KESSEL, Oct. 14, 2025 (CP) —"). Only a full date
# counts: "KYIV, Nov 17 (Reuters) -" has no year, and a year is never guessed.
_DATE_LINES = 5
_MONTH_NUMBER = {m.lower(): i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_MONTH_WORD = (r"(?P<m>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
               r"|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?")
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_WEEKDAY_WORD = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_FULL_DATE = (
    rf"{_WEEKDAY_WORD}(?:{_DAY}\s+(?:of\s+)?{_MONTH_WORD},?\s+(?P<y>\d{{4}})"
    rf"|{_MONTH_WORD.replace('<m>', '<m2>')}\s+{_DAY.replace('<d>', '<d2>')},?\s+(?P<y2>\d{{4}})"
    r"|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2}))"
)
_TIME_AFTER = r"(?:[,\s]+(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?"
_DATED = (
    re.compile(rf"(?i)^(?:(?:first\s+)?(?:published|posted|dated?)(?:\s+on)?\s*[:\-–—]?\s*)?"
               rf"{_FULL_DATE}{_TIME_AFTER}\.?$"),
    re.compile(rf"(?i)^by\s+[^|•·]{{2,80}}?\s*[,|•·–—-]\s*{_FULL_DATE}{_TIME_AFTER}\.?$"),
    re.compile(rf"^[A-Z][A-Z'’. -]{{1,40}}(?:,\s*[A-Z][A-Za-z'’. -]{{1,40}})?,\s*(?i:{_FULL_DATE})"
               r"\s*(?:\([^)]{1,40}\))?\s*[-–—]"),
)


def _dated_line(lines: list[str]) -> str | None:
    """The publication date a line near the top of a plain-text report gives, as ISO."""
    for line in lines[:_DATE_LINES]:
        for pattern in _DATED:
            m = pattern.match(line)
            if m:
                return _date_of(m)
    return None


def _date_of(m: re.Match[str]) -> str | None:
    g = m.groupdict()
    try:
        if g["y3"]:
            return dt.date(int(g["y3"]), int(g["m3"]), int(g["d3"])).isoformat()
        word = (g["m"] or g["m2"]).lower()[:3]
        year, day = int(g["y"] or g["y2"]), int(g["d"] or g["d2"])
        return dt.date(year, _MONTH_NUMBER[word], day).isoformat()
    except (ValueError, KeyError):
        return None  # "31 February", "Mayday 2024": no date after all


# --------------------------------------------------------------------------- Markdown

_FRONT_MATTER = re.compile(
    r"\A(---|\+\+\+)[^\S\n]*\n(.*?)\n(?:---|\.\.\.|\+\+\+)[^\S\n]*(?:\n|\Z)", re.S
)
_FRONT_FIELD = re.compile(r"^([A-Za-z_][\w-]*)\s*[:=]\s*(.+?)\s*$")
_FRONT_KEYS = {"published": "date", "pubdate": "date", "authors": "author", "link": "url"}


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """YAML (---) or TOML (+++) front matter: its simple ``key: value`` fields and the rest.

    Only flat scalar fields matter here (title, date, author, url, lang); lists and nested
    maps are skipped rather than parsed half-right.
    """
    text = text.lstrip("\ufeff")
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta: dict[str, str] = {}
    for line in match.group(2).splitlines():
        field = _FRONT_FIELD.match(line)
        if not field:
            continue
        key = field.group(1).lower()
        value = field.group(2).strip().strip("\"'")
        if value and value[0] not in "[{|>":
            meta.setdefault(_FRONT_KEYS.get(key, key), value)
    return meta, text[match.end() :]


_ATX = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^ {0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_MD_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_LINK_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s+\S+")


def _markdown_lines(text: str) -> tuple[str | None, list[str]]:
    """Markdown to plain lines (one paragraph, heading, item or table row each).

    Returns the title when the document opens with a heading, and the other lines.
    """
    reader = _MarkdownReader()
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        reader.feed(line)
    reader.flush()
    return reader.title, reader.out


class _MarkdownReader:
    """Line-by-line Markdown reader: paragraphs are joined, block markup is dropped."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.para: list[str] = []
        self.title: str | None = None
        self.in_fence = False

    def flush(self) -> None:
        if self.para:
            self.out.append(_inline_markdown(" ".join(self.para)))
            self.para.clear()

    def heading(self, text: str) -> None:
        # The document's first block, if a heading, is its title.
        if not self.out and self.title is None:
            self.title = text
        else:
            self.out.append(text)

    def feed(self, line: str) -> None:
        if _FENCE.match(line):
            self.flush()
            self.in_fence = not self.in_fence
            return
        if self.in_fence:
            if line.strip():
                self.out.append(line.strip())
            return
        line = re.sub(r"^\s*(?:>\s?)+", "", line)  # blockquote markers
        setext = _SETEXT.match(line)
        if setext and self.para and (setext.group(1)[0] == "=" or len(setext.group(1)) >= 2):
            heading = _inline_markdown(" ".join(self.para))
            self.para.clear()
            self.heading(heading)
            return
        if not line.strip() or any(p.match(line) for p in (_RULE, _LINK_DEF, _TABLE_RULE)):
            self.flush()
            return
        atx = _ATX.match(line)
        if atx:
            self.flush()
            self.heading(_inline_markdown(atx.group(2)))
            return
        if line.lstrip().startswith("|"):  # a table row: its cells on one line
            self.flush()
            line = " | ".join(c.strip() for c in line.strip().strip("|").split("|"))
        elif _MD_ITEM.match(line):
            self.flush()
            line = _MD_ITEM.sub("", line)
        self.para.append(line.strip())
        if line.endswith(("  ", "\\")) or line.startswith("|"):  # hard break or table row
            self.flush()


_MD_INLINE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images: not text of the article
    (re.compile(r"\[\^[^\]]+\]"), ""),  # footnote references
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # [text](url)
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # [text][ref]
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>"), r"\1"),  # <autolinks>
    (re.compile(r"</?(?:p|div|br|td|th|tr|li|table|ul|ol|h[1-6])\b[^>]*>", re.I), " "),
    (re.compile(r"</?[A-Za-z][^>]*>"), ""),  # inline HTML tags
    (re.compile(r"`+([^`]+)`+"), r"\1"),  # code spans
    (re.compile(r"(\*\*\*|___)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),  # not snake_case
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])"), r"\1"),  # backslash escapes
)


def _inline_markdown(text: str) -> str:
    for pattern, replacement in _MD_INLINE:
        text = pattern.sub(replacement, text)
    return html.unescape(text).strip()  # Markdown may carry "&amp;" and "&nbsp;"


# --------------------------------------------------------------------------- metadata


def _clean_title(title: str | None) -> str | None:
    if not title:
        return None
    title = _SPACES.sub(" ", unicodedata.normalize("NFC", title)).strip()
    return title or None


def _clean_meta(value: str | None) -> str | None:
    value = _clean_title(value)
    return value if value and value.lower() not in {"none", "null", "unknown"} else None


def _outlet(hint: str | None, sitename: str | None, url: str | None, source: str) -> str:
    """hints, else the page's site name, else the URL's domain, else the file's stem."""
    for name in (_clean_meta(hint), sitename):
        if name:
            return name
    if url:
        host = urlsplit(url if "//" in url else "//" + url).hostname or ""
        host = host.removeprefix("www.")
        if host:
            return host
    path = source.split("#", 1)[0]
    if "//" in path:
        host = (urlsplit(path).hostname or "").removeprefix("www.")
        if host:
            return host
    return PurePath(path).stem or source


_DATE_PREFIX = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})")


def _iso_date(value: str | None) -> str | None:
    """YYYY-MM-DD from an ISO date or timestamp; anything else is no date at all."""
    if not value:
        return None
    match = _DATE_PREFIX.match(str(value))
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups())).isoformat()
    except ValueError:
        return None
