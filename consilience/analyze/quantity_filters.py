"""Numbers that are not quantities: dates, times, phone numbers, years, labels and model names.

``blocked_spans(text)`` finds, in one pass of compiled regular expressions, the character
spans whose digits must never become quantities: clock times ("2.15pm", "10:30"), dates next
to a month or weekday name ("17 November", "Nov. 17", "Friday 17"), numeric dates, phone
numbers, season spans ("2012–13"), decades ("the 1990s"), list numbering at the start of a
line ("1. Deter …"), numbers after a label word ("Section 427", "Article 5", "category 4",
"No. 10", "#1") and web addresses. Dates are the dates module's business, not ours.

``is_identifier`` rejects digits glued to letters ("F-16", "S-70", "M270", "Bulsae-4",
"COVID-19") unless a currency sign is glued there ("US$5", "PS2.7m"), and
``looks_like_year`` tells "in 2024" and "the 2022 invasion" from "2000 troops".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from consilience.analyze.numbers import Numeral

_MONTHS = (r"(?:January|February|March|April|May|June|July|August|September|October|"
           r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)")
_DAYS = (r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Tues|Wed|Thu|"
         r"Thur|Thurs|Fri|Sat|Sun)")
_S = r"[ \u00a0]"
_LABELS = (
    r"sections?|articles?|chapters?|clauses?|paragraphs?|para|rules?|items?|pages?|vol|volume"
    r"|episodes?|ep|seasons?|levels?|category|categories|cat|grades?|stages?|phases?|round"
    r"|game|games|channel|gates?|platforms?|unit|units|apt|apartment|suite|room|rooms|flight"
    r"|route|highway|interstate|track|version|model|type|class|tier|division|district|zone"
    r"|ward|precinct|sector|station|terminal|exit|pier|seat|row|form|schedule|annex|appendix"
    r"|figure|fig|table|step|part|title|amendment|resolution|proposition|prop|lot|plot"
    r"|week|day|matchday|gameweek|hole|lap|group|pool|generation|gen"
    r"|psalm|verse|lane|block|building|bay|berth|door|top|bottom"
)
_BLOCK = re.compile(
    rf"""(?x)
    (?P<time>\b\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:{_S}?(?:[ap]\.?{_S}?m\b\.?|[AP]\.?M\b\.?))?
      | \b\d{{1,2}}(?:[.:]\d{{2}})?{_S}?(?:[ap]\.{_S}?m\.|[ap]m\b|[AP]\.?M\b\.?))
  | (?P<date>\b{_MONTHS}\.?,?{_S}+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?{_S}+\d{{4}}\b)?
      | \b\d{{1,2}}(?:st|nd|rd|th)?{_S}+(?:of{_S}+)?{_MONTHS}\b\.?(?:,?{_S}+\d{{4}}\b)?
      | \b{_MONTHS}\.?,?{_S}+(?:of{_S}+)?\d{{4}}\b
      | \b{_DAYS}\.?,?{_S}+(?:the{_S}+)?\d{{1,2}}(?:st|nd|rd|th)?\b(?![.,]\d|{_S}*(?:%|per))
      | \b\d{{4}}-\d{{1,2}}-\d{{1,2}}\b
      | \b\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}\b
      | \b\d{{1,2}}/\d{{1,2}}\b(?!{_S}+of\b)(?!{_S}*(?:%|per|of))
      | \b24/7\b)
  | (?P<phone>\+\d{{1,3}}[\s.-]?\(?\d{{1,4}}\)?(?:[\s.-]?\d{{2,4}}){{2,4}}\b
      | \(\d{{2,5}}\){_S}?\d{{3,4}}[\s.-]?\d{{3,4}}\b
      | \b(?:1-)?\d{{3}}[.-]\d{{3}}[.-]\d{{4}}\b
      | (?i:\b(?:call|phone|tel|telephone|fax|hotline|mobile|whatsapp)\b\.?:?{_S}*)
        [\d(][\d\s().-]{{6,}}\d)
  | (?P<season>\b(?:1[5-9]|20)\d{{2}}{_S}?[-–—/]{_S}?(?:\d{{2}}|(?:1[5-9]|20)\d{{2}})\b)
  | (?P<decade>(?:\b(?:1[0-9]|20)?|')\d0'?s\b)
  | (?P<list>(?m:^)[ \t]*\(?\d{{1,2}}[.)](?=[ \t]+\S))
  | (?P<label>(?i:\b(?:{_LABELS}))\.?{_S}?\d+(?![.,]?\d)(?:[a-z]\b)?
        (?:{_S}?(?:-|–|and|to|&){_S}?\d+)?
      | \b(?:No|Nos|Nr|Number)\.?{_S}?\d+
      | [#№]{_S}?\d+)
  | (?P<web>https?://\S+|www\.\S+|\b[\w.+-]+@[\w-]+\.[\w.]+)
    """
)
_PERCENT_AFTER = re.compile(r"[ \u00a0]*(?:%|per[ \u00a0]?cent|percent)")
_WORD_END = re.compile(r"[A-Za-z]+$")
_CODE_TAIL = re.compile(r"-[A-Z0-9]{1,4}\b")
# A date, phone number or label reaches at most this far from its digits.
_REACH = 40
# Letters that may sit right before digits without making them a model name or code.
_PREFIX_OK = {"sub", "minus"}


def blocked_spans(text: str, around: list[tuple[int, int]] | None = None
                  ) -> list[tuple[int, int]]:
    """Sorted character spans whose digits are not quantities (module docstring).

    ``around`` limits the search to windows around these (start, end) spans, the numerals:
    numbers are sparse in prose, so this scans a small part of a long article.
    """
    windows = [(0, len(text))] if around is None else _windows(around, len(text))
    spans: list[tuple[int, int]] = []
    for lo, hi in windows:
        for m in _BLOCK.finditer(text, lo, hi):
            if m.lastgroup == "label" and _PERCENT_AFTER.match(text, m.end()):
                continue  # "a level 5 per cent higher" is a percentage, not a label
            spans.append((m.start(), m.end()))
    return spans


def _windows(around: list[tuple[int, int]], size: int) -> list[tuple[int, int]]:
    """Merged windows reaching ``_REACH`` characters either side of each span."""
    out: list[tuple[int, int]] = []
    for s, e in around:
        lo, hi = max(0, s - _REACH), min(size, e + _REACH)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def is_identifier(text: str, n: Numeral) -> bool:
    """Digits that belong to a name or code: "F-16", "M270", "Bulsae-4", "COVID -19"."""
    s = n.start
    if s > 0 and text[s - 1].isalpha():
        return True
    if s > 1 and text[s - 1] in "-‑" and (text[s - 2].isalnum()):
        word = _WORD_END.search(text, max(0, s - 12), s - 1)
        return not (word and word.group(0).lower() in _PREFIX_OK)
    if n.signed and text[s] in "-−" and s > 1 and text[s - 1] == " " and text[s - 2].isupper():
        return True  # "COVID -19"
    if n.end + 1 < len(text) and text[n.end] == "." and text[n.end + 1].isdigit():
        return True  # "version 1.2.3", an IP address
    if n.end < len(text) and text[n.end] in "-‑" and n.end + 1 < len(text):
        nxt = text[n.end + 1]
        return nxt.isupper() and not text[n.start : n.end].isalpha() and _code_tail(text, n.end)
    return False


def _code_tail(text: str, pos: int) -> bool:
    """"4-A", "737-MAX": digits, a hyphen, then capitals and digits only."""
    return bool(_CODE_TAIL.match(text, pos, pos + 6))


def looks_like_year(n: Numeral, fig, doc: Doc, text: str, first: int,
                    found: tuple[Token, str] | None) -> bool:
    """A four-digit number between 1100 and 2099 with no unit, currency or plural noun."""
    if not _year_digits(text, n, fig.scaled):
        return False
    if fig.high is not None:
        return 1100 <= fig.high <= 2099 and fig.high == int(fig.high)  # "between 1600 and 1900"
    if found is not None:
        head = found[0]
        before = doc[first - 1].lower_ if first > 0 else ""
        plural = head.tag_ in ("NNS", "NNPS")
        return not plural or before in ("the", "its", "this", "their", "his", "her", "our",
                                        "'s", "’s", "in", "of", "since", "by")
    return True


def _year_digits(text: str, n: Numeral, scaled: bool) -> bool:
    raw = text[n.start : n.end]
    return (n.digits and n.kind == "cardinal" and not scaled and not n.signed
            and raw.isdigit() and len(raw) == 4 and 1100 <= n.value <= 2099)
