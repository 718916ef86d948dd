"""Dates in an article, resolved against its publication date.

Two steps. ``find_dates`` picks candidate spans (spaCy's DATE entities, plus a pattern pass for
the weekday and month phrases the small model misses), and ``parse_date`` reads one phrase
into a ``DateValue``: an ISO date as precise as the words allow ("2024", "2024-08",
"2024-11-17", an interval "2023-12-01/2024-03-31"), its precision, and whether it could be
anchored. Relative phrases ("on Sunday", "in August", "last week") need the publication
date; without one they stay unresolved (``resolved=False``), with their precision and
words, never guessed. A month named without a year keeps what the words do say, in the
ISO 8601 form for a month or a day of an unknown year: "in August" is "--08" and "on
August 17" "--08-17" (precision "month" and "day"), so that two undated reports of "August"
can still be compared; weekdays, "yesterday", "last week", seasons and ranges give no date.

Conventions (shared with the timeline and cross-check):

* "on Sunday" is the Sunday on or before publication; "in August" the latest August not
  after it. Looking forward instead: "next", a future or modal clause ("will meet on
  Sunday", "could fall in March", "is set to open in May", "plans to leave in June"), and
  for a month without a year also the simple present ("who takes office in January", "it
  is harder to agree in January"), which news uses for what is scheduled. Headings are not
  read that way (headlines tell the past in the present), nor "since January", nor
  weekdays ("Quake hits on Sunday" is the past).
* A week is given as the ISO date of its Monday with precision "week"; a decade as its
  first year with precision "decade"; "late 2024" is "2024" (precision year).
* An offset from a dated event ("two days after Sunday's vote") is resolved from that date.
  An offset from an undated one ("two months before X takes office") dates the *event*
  when the sentence speaks of now (present tense) and publication is known, else stays
  unresolved; either way ``about`` holds the event and ``scope`` is "event" (the date is
  the event's, not the sentence's). ``value``/``unit`` give the offset (negative: before),
  and its figure stays a duration of its own ("two months", about "time before X takes
  office"), so that a report that says "two months left in his term" can be compared.

dateparser reads the numeric and unusual absolute forms, with a fixed base so the result
never depends on today's date; the rules here handle the rest, which it gets wrong
("the 1990s" comes back as today) or cannot anchor the way news needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from consilience.analyze.grammar import describe_predicate, is_future, is_present, main_verb
from consilience.records import Claim, Precision

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}
WEEKDAYS = {
    d: i
    for i, d in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "several": None, "few": None, "a few": None,
}  # fmt: skip
_UNIT_PRECISION: dict[str, Precision] = {
    "day": "day",
    "week": "week",
    "month": "month",
    "year": "year",
    "decade": "decade",
}
_SEASONS = ("spring", "summer", "autumn", "fall", "winter")

_MONTH_RE = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ORD = r"(?:st|nd|rd|th)?"
_DAY_MONTH_YEAR = re.compile(
    rf"(?:(?P<part>early|mid|late)[- ]?)?(?:(?P<d1>\d{{1,2}}){_ORD}\s+(?:of\s+)?)?"
    rf"(?P<month>{_MONTH_RE})(?:\s+(?P<d2>\d{{1,2}}){_ORD}\b)?,?(?:\s+(?:of\s+)?(?P<year>\d{{4}}))?"
)
_WHICH = re.compile(r"(last|next|coming|this) (?=[a-z])")
_YEAR = re.compile(r"(?:(?:early|mid|late)[- ]?)?(?P<year>\d{4})")
_DECADE = re.compile(r"(?:early|mid|late)?[- ]?(?P<dec>\d{3})0'?s")
_AGO = re.compile(r"(?P<n>\d+|[a-z]+(?: few)?) (?P<unit>day|week|month|year)s? ago")
_RELATIVE_UNIT = re.compile(
    r"(?:(?:earlier|later) )?(?P<which>last|this|next|coming|past) "
    r"(?P<unit>week|weekend|month|year)"
)
_WEEKDAY = re.compile(
    r"(?:(?P<which>last|this|next|past|coming) )?(?P<day>monday|tuesday|wednesday|thursday"
    r"|friday|saturday|sunday)(?: (?:morning|afternoon|evening|night))?"
)
_SEASON = re.compile(
    r"(?:(?P<which>last|this|next) )?(?P<season>spring|summer|autumn|fall|winter)"
    r"(?: (?:of )?(?P<year>\d{4}))?"
)
_TIME_OF_DAY = re.compile(
    r"\b(?:at )?(?:\d{1,2}(?:[.:]\d{2})?\s*[ap]\.?m\.?|\d{1,2}[.:]\d{2}|noon|midnight)\b"
)
_YEAR_SPAN = re.compile(r"\b\d{4}\s*[-–/]\s*\d{2}\b(?![-/]\d)")  # "2012–13": a season, not a date
_RANGE_SPLIT = re.compile(r"\s+(?:to|through|until|till|and)\s+|\s*[–—]\s*|\s+-\s+")
_LEAD = re.compile(
    r"^(?:the|on|in|at|since|by|until|till|from|during|of|before|after|as of|just|only|"
    r"around|about|some|nearly|almost|early on)\s+"
)
# Capitalized words before a number that make it a label, not a year ("Section 2024").
_LABEL_WORD = re.compile(r"[A-Z][A-Za-z.]*$")

_CANDIDATES = re.compile(
    rf"\b(?:(?:last|this|next) )?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    rf"|\b(?:yesterday|today|tomorrow|tonight|last night)\b"
    rf"|\b(?:\d{{1,2}}{_ORD} (?:of )?)?(?:January|February|March|April|May|June|July|August"
    rf"|September|October|November|December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
    rf"(?: \d{{1,2}}{_ORD}\b)?(?:,? \d{{4}}\b)?"
    rf"|\b\d{{4}}-\d{{2}}-\d{{2}}\b"
    rf"|\b(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)"
    rf" (?:day|week|month|year)s? ago\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateValue:
    """What a date phrase means. ``date`` is None when it cannot be anchored."""

    date: str | None
    precision: Precision | None
    resolved: bool
    event: str | None = None  # "Donald Trump takes office" for an offset from an event
    offset: float | None = None  # signed offset from ``event``, in ``unit``s
    unit: str | None = None


def published_date(value: str | None) -> date | None:
    """The article's publication day from an ISO string (a time part is ignored)."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


# --------------------------------------------------------------------------- arithmetic


def _shift_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    return date(d.year + y, m + 1, 1)


def _week(d: date) -> str:
    return (d - timedelta(days=d.weekday())).isoformat()


def _iso(d: date, precision: Precision) -> str:
    if precision == "year":
        return f"{d.year:04d}"
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if precision == "week":
        return _week(d)
    if precision == "decade":
        return f"{d.year // 10 * 10:04d}"
    return d.isoformat()


def _offset(pub: date, n: int, unit: str) -> date:
    if unit == "day":
        return pub + timedelta(days=n)
    if unit == "week":
        return pub + timedelta(weeks=n)
    if unit == "month":
        return _shift_months(pub, n)
    return date(pub.year + n, 1, 1)


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS.get(word)


# --------------------------------------------------------------------------- phrase rules


def _relative_word(t: str, pub: date | None) -> DateValue | None:
    days = {
        "today": 0,
        "tonight": 0,
        "this morning": 0,
        "this afternoon": 0,
        "this evening": 0,
        "earlier today": 0,
        "yesterday": -1,
        "last night": -1,
        "tomorrow": 1,
        "the day before yesterday": -2,
        "day before yesterday": -2,
        "present day": 0,
        "present": 0,
    }
    if t not in days:
        return None
    if pub is None:
        return DateValue(None, "day", False)
    return DateValue((pub + timedelta(days=days[t])).isoformat(), "day", True)


def _ago(t: str, pub: date | None) -> DateValue | None:
    m = _AGO.fullmatch(t)
    if not m:
        return None
    n = _number(m["n"])
    precision = _UNIT_PRECISION[m["unit"]]
    if n is None or pub is None:
        return DateValue(None, precision, False)
    return DateValue(_iso(_offset(pub, -n, m["unit"]), precision), precision, True)


def _relative_unit(t: str, pub: date | None, future: bool) -> DateValue | None:
    m = _RELATIVE_UNIT.fullmatch(t)
    if not m or m["which"] == "past":  # "the past week" is a stretch of time, not a date
        return None
    unit = "week" if m["unit"] == "weekend" else m["unit"]
    precision = _UNIT_PRECISION[unit]
    if pub is None:
        return DateValue(None, precision, False)
    step = {"last": -1, "this": 0, "next": 1, "coming": 1}[m["which"]]
    return DateValue(_iso(_offset(pub, step, unit), precision), precision, True)


def _weekday(t: str, pub: date | None, future: bool) -> DateValue | None:
    m = _WEEKDAY.fullmatch(t)
    if not m:
        return None
    if pub is None:
        return DateValue(None, "day", False)
    wd = WEEKDAYS[m["day"]]
    which = m["which"]
    if which in ("next", "coming") or (future and which != "last"):
        ahead = (wd - pub.weekday()) % 7
        if which == "next" and ahead == 0:
            ahead = 7
        return DateValue((pub + timedelta(days=ahead)).isoformat(), "day", True)
    back = (pub.weekday() - wd) % 7
    if which == "last" and back == 0:
        back = 7
    return DateValue((pub - timedelta(days=back)).isoformat(), "day", True)


def _month_phrase(t: str, pub: date | None, future: bool) -> DateValue | None:
    which = _WHICH.match(t)
    if which:  # "next January" looks forward and "last January" back, whatever the tense
        t, future = t[which.end() :], which.group(1) in ("next", "coming")
    m = _DAY_MONTH_YEAR.fullmatch(t)
    if not m or (which and m["year"]):
        return None
    month = MONTHS[m["month"].rstrip(".")]
    day_s = m["d1"] or m["d2"]
    day = int(day_s) if day_s else None
    if m["part"] and day:
        return None
    precision: Precision = "day" if day else "month"
    year = int(m["year"]) if m["year"] else None
    if year is None:
        if pub is None:  # the month is known, its year is not: "--08", "--08-17"
            partial = f"--{month:02d}" + (f"-{day:02d}" if day else "")
            return DateValue(partial, precision, False)
        year = pub.year
        if future and (month, day or 1) < (pub.month, pub.day if day else 1):
            year += 1
        elif not future and (month, day or 1) > (pub.month, pub.day if day else 1):
            year -= 1
    try:
        when = date(year, month, day or 1)
    except ValueError:
        return None
    return DateValue(_iso(when, precision), precision, True)


def _year_phrase(t: str) -> DateValue | None:
    m = _YEAR.fullmatch(t)
    if m and 1800 <= int(m["year"]) <= 2100:
        return DateValue(m["year"], "year", True)
    m = _DECADE.fullmatch(t)
    if m:
        return DateValue(f"{m['dec']}0", "decade", True)
    return None


def _season(t: str, pub: date | None) -> DateValue | None:
    m = _SEASON.fullmatch(t)
    if not m:
        return None
    if m["year"]:
        return DateValue(m["year"], "year", True)
    if pub is None:
        return DateValue(None, "year", False)
    year = pub.year + {"last": -1, "next": 1}.get(m["which"] or "", 0)
    return DateValue(str(year), "year", True)


@lru_cache(maxsize=1)
def _dateparser():
    from dateparser.date import DateDataParser

    # A fixed base: dateparser fills missing parts from it, and output must not depend on
    # the day the program runs. Phrases without a year never reach it.
    return DateDataParser(
        languages=["en"],
        settings={"RELATIVE_BASE": datetime(2000, 1, 1), "PREFER_DAY_OF_MONTH": "first"},
    )


def load_parser() -> None:
    """Build dateparser's parser now (its English data takes ~0.4 s), e.g. before a fork."""
    _dateparser()


def _absolute_by_dateparser(t: str) -> DateValue | None:
    """Numeric and unusual absolute dates ("17/11/2024", "2024-11-17", "Nov 17th 2024")."""
    year = re.search(r"\b(\d{4})\b", t)
    if not year:
        return None
    data = _dateparser().get_date_data(t)
    when = data.date_obj
    if when is None or when.year != int(year.group(1)):
        return None
    precision: Precision = data.period if data.period in ("day", "month", "year") else "day"
    return DateValue(_iso(when.date(), precision), precision, True)


def _single(t: str, pub: date | None, future: bool) -> DateValue | None:
    for rule in (
        lambda: _relative_word(t, pub),
        lambda: _ago(t, pub),
        lambda: _relative_unit(t, pub, future),
        lambda: _weekday(t, pub, future),
        lambda: _month_phrase(t, pub, future),
        lambda: _year_phrase(t),
        lambda: _season(t, pub),
    ):
        value = rule()
        if value is not None:
            return value
    if re.search(r"\d", t) and re.search(rf"\b{_MONTH_RE}|\d[/-]\d", t):
        return _absolute_by_dateparser(t)
    return None


def normalize_phrase(text: str) -> str:
    t = " ".join(text.lower().replace("’", "'").split())
    t = _TIME_OF_DAY.sub(" ", t)
    t = " ".join(t.replace(",", " ").split()) if not re.search(r"\d,\s*\d{4}", t) else t
    t = re.sub(r"\s+", " ", t).strip(" .,;:")
    while True:
        stripped = _LEAD.sub("", t)
        if stripped == t:
            return t
        t = stripped


def _coarser(a: Precision | None, b: Precision | None) -> Precision | None:
    order = ["day", "week", "month", "year", "decade"]
    if a is None or b is None:
        return a or b
    return a if order.index(a) >= order.index(b) else b


def _range(t: str, pub: date | None, future: bool) -> DateValue | None:
    parts = _RANGE_SPLIT.split(t, maxsplit=1)
    if len(parts) != 2:
        return None
    left, right = normalize_phrase(parts[0]), normalize_phrase(parts[1])
    b = _single(right, pub, future)
    if b is None:
        return None
    a = _single(left, pub, future)
    if a is None and left.isdigit() and b.date and b.precision == "day":
        a = DateValue(f"{b.date[:8]}{int(left):02d}", "day", True)  # "1 to 5 March 2024"
    elif (
        a is not None and a.date and b.date and len(a.date) < len(b.date) and a.precision == "month"
    ):
        a = _single(f"{left} {b.date[:4]}", pub, future) or a  # "March to May 2024"
    elif a is not None and b.date and not re.search(r"\d{4}", left) and re.search(r"\d{4}", right):
        a = _single(f"{left} {b.date[:4]}", pub, future) or a  # "1 December to 31 March 2024"
    if a is None:
        return None
    if a.resolved and b.resolved and a.date and b.date:
        return DateValue(f"{a.date}/{b.date}", _coarser(a.precision, b.precision), True)
    return DateValue(None, _coarser(a.precision, b.precision), False)


def parse_date(
    text: str, published: date | None = None, *, future: bool = False
) -> DateValue | None:
    """Read one date phrase; None when it is not a date (a duration, a label, a time)."""
    if _YEAR_SPAN.search(text):
        return None
    t = normalize_phrase(text)
    if not t or (t.isdigit() and len(t) != 4):
        return None
    value = _single(t, published, future)
    if value is None and _RANGE_SPLIT.search(t):
        value = _range(t, published, future)
    return value


# --------------------------------------------------------------------------- in a parsed text

_DURATION = re.compile(r"(?P<n>\d+|[a-z]+(?: few)?) (?P<unit>day|week|month|year)s?")
_TRIM_LEAD = frozenset(
    ["the", "just", "only", "about", "nearly", "almost", "some", "around", "roughly"]
)
_NOT_DATE_NEIGHBOURS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "FAC", "PRODUCT", "LAW"})


def _candidates(doc: Doc) -> list[Span]:
    """DATE entities and pattern matches, overlapping ones merged, edges trimmed."""
    intervals = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "DATE"]
    for m in _CANDIDATES.finditer(doc.text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None or any(t.ent_type_ in _NOT_DATE_NEIGHBOURS for t in span):
            continue  # "Theresa May", "the March on Rome"
        word = m.group().split()[0].rstrip(".")
        if word.lower() in MONTHS and not word[0].isupper():
            continue  # "may" and "march" in lower case are a verb
        if m.group().lower() in MONTHS and not _month_context(span):
            continue  # a bare "May" or "March" is a date only after a preposition
        intervals.append((span.start_char, span.end_char))
    merged: list[list[int]] = []
    for s, e in sorted(intervals):
        if merged and s < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    spans = []
    for s, e in merged:
        span = doc.char_span(s, e, alignment_mode="expand")
        while span is not None and len(span) > 1 and span[0].lower_ in _TRIM_LEAD:
            span = span[1:]
        while span is not None and len(span) > 1 and (span[-1].is_punct or span[-1].tag_ == "POS"):
            span = span[:-1]
        if span is not None and len(span):
            spans.append(span)
    return spans


_MONTH_CONTEXT = frozenset(
    {"in", "since", "until", "till", "by", "during", "from", "of", "last", "next", "this",
     "early", "late", "mid", "before", "after", "through", "to", "between", "and"}
)  # fmt: skip


def _month_context(span: Span) -> bool:
    prev = span.doc[span.start - 1] if span.start > 0 else None
    return prev is not None and prev.lower_ in _MONTH_CONTEXT


def _is_label_number(span: Span) -> bool:
    """'Section 2024', 'Flight 2024': a capitalized noun before a lone number names a thing."""
    if not (len(span) == 1 and span[0].like_num) or span.start == 0:
        return False
    prev = span.doc[span.start - 1]
    return (
        prev.pos_ in ("NOUN", "PROPN")
        and bool(_LABEL_WORD.fullmatch(prev.text))
        and prev.lower_.rstrip(".") not in MONTHS
    )


def _event_offset(span: Span, pub: date | None) -> tuple[Span, DateValue] | None:
    """'two months before Donald Trump takes office': an offset from an event."""
    m = _DURATION.fullmatch(normalize_phrase(span.text))
    doc = span.doc
    if not m or span.end >= len(doc) or doc[span.end].lower_ not in ("before", "after"):
        return None
    rel = doc[span.end]
    n = _number(m["n"])
    unit = m["unit"]
    head = (
        rel.head
        if rel.dep_ == "mark"
        else next((c for c in rel.children if c.dep_ == "pobj"), None)
    )
    if head is None or n is None:
        return None
    event_tokens = [t for t in head.subtree if t.i > rel.i]
    if not event_tokens:
        return None
    end = max(t.i for t in event_tokens) + 1
    while end > rel.i + 1 and doc[end - 1].is_punct:
        end -= 1
    whole = doc[span.start : end]
    event_text = doc[rel.i + 1 : end].text
    sign = -1 if rel.lower_ == "before" else 1
    precision = _UNIT_PRECISION[unit]
    inner = [e for e in doc.ents if e.label_ == "DATE" and rel.i < e.start and e.end <= end]
    for ent in inner:  # "two days after Sunday's vote": the event itself is dated
        value = parse_date(ent.text, pub, future=is_future(ent.root))
        if value is not None and value.resolved and value.date and "/" not in value.date:
            anchor = date.fromisoformat((value.date + "-01-01")[:10])
            when = _offset(anchor, sign * n, unit)
            coarse = _coarser(precision, value.precision)
            return whole, DateValue(_iso(when, coarse), coarse, True, None, float(sign * n), unit)
    root = span.sent.root
    speaks_of_now = root.tag_ in ("VBZ", "VBP") and not any(c.tag_ == "VBN" for c in root.children)
    if pub is not None and speaks_of_now:
        when = _offset(pub, -sign * n, unit)  # now is n units before the event
        return whole, DateValue(
            _iso(when, precision), precision, True, event_text, float(sign * n), unit
        )
    return whole, DateValue(None, precision, False, event_text, float(sign * n), unit)


_MONTH_NO_YEAR = re.compile(rf"(?i)\b{_MONTH_RE}(?!.*\d{{4}})")
_HEADING_END = ".!?…\"”'’)"


def _looks_ahead(span: Span) -> bool:
    """Whether a phrase without a year points forward from publication (module docstring)."""
    if is_future(span.root):
        return True
    before = {t.lower_ for t in span.doc[max(0, span.start - 2) : span.start]}
    if before & {"since", "from", "than"} or not _MONTH_NO_YEAR.search(span.text):
        return False  # "since January", "lower than in January": measured from the past
    heading = span.sent.text.rstrip()[-1:] not in _HEADING_END
    return not heading and is_present(span.root)


def find_dates(doc: Doc, published: date | None) -> list[Claim]:
    """Date claims in ``doc``; offsets relative to ``doc.text``."""
    claims: list[Claim] = []
    for span in _candidates(doc):
        if _is_label_number(span):
            continue
        found = _event_offset(span, published)
        if found is not None:
            span, value = found
        else:
            value = parse_date(span.text, published, future=_looks_ahead(span))
        if value is None:
            continue
        verb = main_verb(span.root)
        about = value.event or (describe_predicate(verb) if verb.pos_ in ("VERB", "AUX") else "")
        claims.append(
            Claim(
                kind="date",
                text=span.text,
                start=span.start_char,
                end=span.end_char,
                date=value.date,
                precision=value.precision,
                resolved=value.resolved,
                about=about,
                value=value.offset,
                unit=value.unit,
                scope="event" if value.event else None,
            )
        )
    return claims
