"""Cut an article's text into bounded pieces for the model, and tidy sentence spans.

spaCy's memory grows with the length of one ``Doc`` (the parser and NER keep per-token state
for the whole text), so a 5 MB page must never reach the model in one piece. We hand it one
paragraph at a time: news paragraphs are short, a sentence never crosses a paragraph break,
and headings stay on their own. A paragraph longer than ``limit`` is cut at the last sentence
end before the limit, else at whitespace, else hard. Every piece is an exact slice of the text,
so offsets shift back by simple addition.

``is_byline`` tells a byline or a time stamp on a line of its own ("By Paul Okafor, 16 October
2025", "Ines Maro | 3 May 2025", "Updated: 4 May 2025, 10:12 GMT", "November 17, 2024") from
a sentence: such a line says who wrote the article and when, which is no claim of the story.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

DEFAULT_LIMIT = 10_000  # characters; far below spaCy's max_length (1,000,000)

_LINE_END = ".!?:;\"'”’)]…"
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")
# Text left as a heading or item line ends without terminal punctuation: keep it apart.
_BULLET = re.compile(r"\s*(?:[-•*▪●◦·]|\d{1,3}[.)])\s+")


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each paragraph: lines, re-joined where text was hard-wrapped.

    A line joins the previous one only when that one stops mid-sentence (no terminal
    punctuation) and this one starts in lower case: that is a wrapped line, not a heading
    followed by a paragraph.
    """
    start: int | None = None
    end = 0
    prev_line = ""
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        if not line.strip():
            continue
        stripped_prev = prev_line.rstrip()
        wrapped = (
            start is not None
            and stripped_prev
            and stripped_prev[-1] not in _LINE_END
            and line.lstrip()[:1].islower()
            and not _BULLET.match(line)
        )
        if wrapped:
            end = m.end()
        else:
            if start is not None:
                yield start, end
            start, end = m.start(), m.end()
        prev_line = line
    if start is not None:
        yield start, end


def _cut(text: str, start: int, end: int, limit: int) -> Iterator[tuple[int, int]]:
    """Split one over-long paragraph into slices of at most ``limit`` characters."""
    while end - start > limit:
        window = text[start : start + limit]
        cut = 0
        for m in _SENTENCE_END.finditer(window):
            cut = m.end()
        if cut < limit // 4:  # no sentence end in reach: fall back on whitespace
            space = max(window.rfind(" "), window.rfind("\n"), window.rfind("\t"))
            cut = space + 1 if space > limit // 4 else limit
        yield start, start + cut
        start += cut
    if end > start:
        yield start, end


def pieces(text: str, limit: int = DEFAULT_LIMIT) -> Iterator[tuple[int, str]]:
    """(offset, piece) for every paragraph (or slice of one); ``text[offset:...] == piece``."""
    if limit < 16:
        raise ValueError("piece limit must be at least 16 characters")
    for p_start, p_end in paragraphs(text):
        for s, e in _cut(text, p_start, p_end, limit):
            piece = text[s:e]
            if piece.strip():
                yield s, piece


_OPENERS = "\"“‘'"


def sentence_spans(doc) -> list[tuple[int, int]]:
    """Sentence (start, end) relative to ``doc.text``, whitespace trimmed.

    The parser often hands a closing quote mark to the next sentence ('…holds. ” Then');
    we give it back to the sentence it closes.
    """
    text = doc.text
    spans: list[list[int]] = []
    for sent in doc.sents:
        s, e = sent.start_char, sent.end_char
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s >= e:
            continue
        if spans and text[s] in "”’\"'" and _closes_previous(text, spans[-1], s):
            k = s
            while k < e and text[k] in "”’\"'":
                k += 1
            spans[-1][1] = k
            s = k
            while s < e and text[s].isspace():
                s += 1
            if s >= e:
                continue
        spans.append([s, e])
    return [(s, e) for s, e in spans]


def _closes_previous(text: str, prev: list[int], pos: int) -> bool:
    """Whether the quote mark at ``pos`` closes a quote opened in the previous sentence."""
    if text[pos] == "”" or text[pos] == "’":
        return True
    before = text[prev[0] : pos]
    # A straight quote closes when the previous sentence left one open (odd count).
    return before.count(text[pos]) % 2 == 1


_NAME_WORD = r"(?:[A-Z][\w'’.-]*|de|van|von|der|da|al|bin|la|le|di)"
_NAMES = rf"[A-Z][\w'’.-]*(?:[ \t]+{_NAME_WORD})*(?:[ \t]*(?:,|and|&)[ \t]*[A-Z][\w'’.-]*" \
    rf"(?:[ \t]+{_NAME_WORD})*)*"
_BYLINE = re.compile(
    rf"[ \t]*(?:(?:By|BY|Written by|Words by|Reporting by|Report by)[ \t]+{_NAMES}"
    rf"(?P<tail>[ \t]*(?:[,|•·–—-][ \t]*.*)?)"
    rf"|{_NAMES}[ \t]*[|•·][ \t]*(?P<dated>.*\d.*)"
    rf"|(?:(?:Last[ \t]+)?[Uu]pdated|Published|Posted|First[ \t]+published)(?:[ \t]+on)?:?"
    rf"[ \t]+(?P<stamp>.*\d.*))[ \t]*"
)
_BYLINE_MAX = 160
# Lower-case words a byline's tail may hold besides names, dates and times.
_TAIL_WORDS = frozenset(
    {"and", "of", "the", "at", "in", "on", "for", "updated", "published", "posted", "am",
     "pm", "a.m.", "p.m.", "gmt", "utc", "bst", "cet", "est", "edt", "pst", "min", "mins",
     "read", "staff", "reporter", "correspondent", "writer", "editor", "st", "nd", "rd",
     "th"}
)  # fmt: skip
_NOT_NAMES = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
     "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december", "the", "then", "now", "late", "early", "mid", "noon"}
)  # fmt: skip


# A date alone on its line ("November 17, 2024", "Sun 17 Nov 2024 10:30 GMT", "2024-11-17"):
# when the piece was published, as extract reads it, not a date of the story.
_STAMP_WORD = (r"(?:\d{1,4}(?:st|nd|rd|th)?|\d{1,2}[:.]\d{2}|\d{4}-\d{2}-\d{2}|[ap]\.?m\.?|at"
               r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
               r"|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?|gmt|utc|bst|cet|cest|e[sd]t|p[sd]t)")
_DATE_ALONE = re.compile(rf"(?i)[ \t]*{_STAMP_WORD}(?:[ \t,/|–-]+{_STAMP_WORD}){{1,7}}[ \t.]*")
_HAS_MONTH = re.compile(r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b"
                        r"|\d{4}-\d{2}-\d{2}")


def is_byline(line: str) -> bool:
    """Whether a paragraph is only a byline or a time stamp (module docstring)."""
    if len(line) > _BYLINE_MAX or "\n" in line.strip():
        return False
    if _DATE_ALONE.fullmatch(line) and _HAS_MONTH.search(line) and re.search(r"\d", line):
        return True
    m = _BYLINE.fullmatch(line)
    if not m:
        return False
    words = line.split()
    first_name = words[1] if words[0] in ("By", "BY") else words[0]
    if first_name.lower().strip(",.") in _NOT_NAMES:
        return False  # "By Tuesday, rescuers had …", "By March 2025, …"
    tail = m.group("tail") or m.group("dated") or m.group("stamp") or ""
    lower = re.findall(r"(?<![\w'’])[a-z][\w.'’]*", tail)
    return all(w.lower() in _TAIL_WORDS for w in lower)
