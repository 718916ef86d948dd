"""Numerals in running text: digits, number words, scale words, fractions, ordinals, vague amounts.

``numbers_in(text)`` yields every numeral it can read, with its character span and value; it
knows nothing about units or meaning. ``quantities`` decides which numerals are quantities and
what they measure. Everything here is regular expressions compiled once at import plus a few
dictionary look-ups, so a pass over an article costs well under a millisecond.

Conventions:

* ``value`` has the scale word applied: "56.2 billion" is 56.2e9, "2bn" is 2e9, "1.5k" is 1500.
* Vague amounts ("thousands", "dozens of", "tens of thousands") get ``vague=True`` and the
  interval the word allows: "thousands" is 2,000..9,999 (one thousand is not "thousands"),
  "dozens" 24..143, "hundreds" 200..999, "tens of thousands" 20,000..99,999.
* Fractions ("one-fifth", "a third of", "1/16", "half") have ``kind="fraction"`` and a value
  between 0 and 1; ordinals ("1,000th") have ``kind="ordinal"`` and the cardinal value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {"hundred": 100.0, "thousand": 1e3, "lakh": 1e5, "million": 1e6, "crore": 1e7,
          "billion": 1e9, "trillion": 1e12}  # lakh and crore: South Asian English
# Scale abbreviations glued to digits or after a space: "2bn", "$13.6M", "4.3M sales", "£1tn".
# A lone "m" is ambiguous with metres; quantities decides it from the currency in front.
SCALE_ABBR = {
    "k": 1e3, "K": 1e3, "thousand": 1e3,
    "m": 1e6, "M": 1e6, "mn": 1e6, "mln": 1e6, "MM": 1e6, "mil": 1e6,
    "b": 1e9, "B": 1e9, "bn": 1e9, "bln": 1e9, "Bn": 1e9, "BN": 1e9,
    "tn": 1e12, "trn": 1e12, "tr": 1e12, "T": 1e12, "Tn": 1e12,
}  # fmt: skip
FRACTION_WORDS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
    "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
}  # fmt: skip
UNICODE_FRACTIONS = {"½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75, "⅕": 0.2,
                     "⅛": 0.125}
# Vague plurals: the interval each allows, as (low, high) multiples of nothing (absolute).
VAGUE_WORDS = {
    "dozens": (24.0, 143.0), "scores": (40.0, 199.0), "hundreds": (200.0, 999.0),
    "thousands": (2e3, 9999.0), "millions": (2e6, 999_999_999.0),
    "billions": (2e9, 999_999_999_999.0), "trillions": (2e12, 999_999_999_999_999.0),
}  # fmt: skip
# "several hundred", "a few thousand": the multiplier's own interval.
FEW_WORDS = {"a few": (2.0, 5.0), "several": (3.0, 9.0), "a couple of": (2.0, 3.0),
             "a couple": (2.0, 3.0)}

_ONES_RE = "|".join(sorted(ONES, key=len, reverse=True))
_TENS_RE = "|".join(TENS)
_UNIT19 = "one|two|three|four|five|six|seven|eight|nine"
_WORD_RE = rf"(?:(?:{_TENS_RE})(?:[-\s](?:{_UNIT19}))?|{_ONES_RE})"
_SCALE_RE = "hundred|thousand|lakh|million|crore|billion|trillion"
_FRAC_RE = "|".join(sorted(FRACTION_WORDS, key=len, reverse=True))
# Digits with thousands separators (comma, thin or no-break space) or plain, and decimals.
DIGITS_RE = r"(?:\d{1,3}(?:[,\u202f\u00a0]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"

_LETTERS = re.compile(r"[a-z]+")
_HALF_A = re.compile(r"(?i)half[ \u00a0]+an?[ \u00a0]+(dozen|hundred|thousand|million|billion)\b")
# One word of a written-out numeral, with what separates it from the previous word.
_NUMWORD = re.compile(r"(?P<sep>\s+and\s+|\s+|-)?(?P<w>[A-Za-z]+)\b")
_DIGITNUM = re.compile(
    rf"""(?x)
    (?P<sign>[-−]|minus[-\s]|\+)?
    (?P<digits>{DIGITS_RE})
    (?:
        (?P<sci>\s?(?:×\s?10\s?(?:\^|\*\*)?|x\s?10\s?(?:\^|\*\*))\s?(?P<exp>[-−]?\d{{1,3}}))
      | (?P<uni>[½⅓⅔¼¾⅕⅛])
      | (?P<ord>st|nd|rd|th)\b
    )?
    (?P<scales>(?:\s*-?\s*(?:{_SCALE_RE})\b|\s*dozen\b)*)
    """,
    re.IGNORECASE,
)
# "one-fifth", "two thirds", "a third", "three-quarters", "half", "1/16", "1⁄32".
_FRACTION = re.compile(
    rf"""(?ix)
    (?:(?P<num>{_WORD_RE}|an?)[-\s]+(?P<den>{_FRAC_RE})\b
      | (?<![\w/])(?P<dn>\d{{1,3}})\s?[/⁄](?P<dd>\d{{1,3}})(?![\w/])
      | \b(?P<half>half)(?=\s+(?:of|the|a|an|his|her|its|their|our|all|that|this)\b))
    """,
)
_VAGUE = re.compile(
    r"""(?ix)
    \b(?:
        (?P<tens>tens|hundreds)\s+of\s+(?P<big>thousands|millions|billions)
      | (?P<few>a\s+few|several|a\s+couple(?:\s+of)?)
        \s+(?P<fscale>dozen|hundred|thousand|million|billion)
      | (?P<plural>dozens|scores|hundreds|thousands|millions|billions|trillions)
    )\b
    """,
)
# Where a numeral may start: digits, a sign, a number word, "a"/"an" before a scale, fractions
# and vague words. The parsers above then read it from there.
_START = re.compile(
    rf"""(?ix)
    (?<![\w.,])(?<![\d%]\s)[-−+](?=\.?\d)
  | \bminus[-\s](?=\.?\d)
  | (?<![\d.,])\d
  | (?<![\w.,])\.(?=\d)
  | [½⅓⅔¼¾⅕⅛]
  | \b(?=[abdefhmnostz])  # first letters of the words below: a cheap test at most positions
    (?:{_ONES_RE}|{_TENS_RE}|an?(?=\s+(?:{_SCALE_RE}|dozen|{_FRAC_RE})\b)
       |half|tens\s+of|hundreds|thousands|millions|billions|trillions|dozens|scores
       |several(?=\s+(?:dozen|hundred|thousand|million|billion))
       |a\s+(?:few|couple)(?=\s+(?:of\s+)?(?:dozen|hundred|thousand|million|billion)))\b
    """,
)


@dataclass(slots=True)
class Numeral:
    """One numeral as read from the text; ``value`` has scale words applied."""

    start: int
    end: int
    value: float
    kind: str = "cardinal"  # cardinal | ordinal | fraction | vague
    high: float | None = None  # vague amounts: the top of the interval the word allows
    scaled: bool = False  # a scale word or abbreviation multiplied the digits
    scale: float = 1.0  # the factor it multiplied them by
    digits: bool = True  # written with digits (False: words)
    integer_digits: str = ""  # the digits as written, for year and identifier tests
    decimals: int = 0
    signed: bool = False  # carried an explicit sign or "minus"


def words_value(words: list[str]) -> float | None:
    """Value of number words: ["three", "hundred", "and", "twenty"] -> 320."""
    total, current, seen = 0.0, 0.0, False
    for raw in words:
        w = raw.lower()
        if w in ("and", "a", "an"):
            if w != "and":
                current = current or 1.0
            continue
        if w in ONES:
            current += ONES[w]
        elif w in TENS:
            current += TENS[w]
        elif w == "hundred":
            current = (current or 1.0) * 100
        elif w == "dozen":
            current = (current or 1.0) * 12
        elif w in SCALES:
            total += (current or 1.0) * SCALES[w]
            current = 0.0
        elif w == "half":
            current += 0.5
        else:
            return None
        seen = True
    return total + current if seen else None


def _scale_of(scales: str) -> float:
    factor = 1.0
    for w in _LETTERS.findall(scales.lower()):
        factor *= 12 if w == "dozen" else SCALES[w]
    return factor


def _digits(text: str, m: re.Match) -> Numeral:
    raw = m.group("digits")
    plain = raw.replace(",", "").replace("\u202f", "").replace("\u00a0", "")
    value = float(plain)
    if m.group("sci"):
        value *= 10.0 ** int(m.group("exp").replace("−", "-"))
    if m.group("uni"):
        value += UNICODE_FRACTIONS[m.group("uni")]
    sign = m.group("sign") or ""
    if sign and sign != "+":
        value = -value
    scales = m.group("scales") or ""
    factor = _scale_of(scales) if scales.strip() else 1.0
    decimals = len(plain.split(".")[1]) if "." in plain else 0
    return Numeral(
        start=m.start(), end=m.end(), value=value * factor,
        kind="ordinal" if m.group("ord") else "cardinal", scaled=factor != 1.0, scale=factor,
        integer_digits=plain.split(".")[0], decimals=decimals, signed=bool(sign),
    )  # fmt: skip


def _fraction(m: re.Match) -> Numeral | None:
    if m.group("half"):
        return Numeral(start=m.start(), end=m.end(), value=0.5, kind="fraction", digits=False)
    if m.group("dn"):
        den = int(m.group("dd"))
        if den == 0:
            return None
        return Numeral(start=m.start(), end=m.end(), value=int(m.group("dn")) / den,
                       kind="fraction")
    num = words_value([m.group("num")]) if m.group("num").lower() not in ("a", "an") else 1
    if num is None:
        return None
    den = FRACTION_WORDS[m.group("den").lower()]
    return Numeral(start=m.start(), end=m.end(), value=num / den, kind="fraction", digits=False)


def _vague(m: re.Match) -> Numeral:
    if m.group("tens"):
        big = VAGUE_WORDS[m.group("big").lower()][0] / 2  # thousands -> 1000
        mult = (20.0, 99.0) if m.group("tens").lower() == "tens" else (200.0, 999.0)
        low, high = mult[0] * big, (mult[1] + 1) * big - 1
    elif m.group("few"):
        few = FEW_WORDS[" ".join(m.group("few").lower().split())]
        s = m.group("fscale").lower()
        unit = 12.0 if s == "dozen" else SCALES[s]
        low, high = few[0] * unit, few[1] * unit
    else:
        low, high = VAGUE_WORDS[m.group("plural").lower()]
    return Numeral(start=m.start(), end=m.end(), value=low, high=high, kind="vague",
                   digits=False)


def read_at(text: str, pos: int) -> Numeral | None:
    """The numeral starting at ``pos``, or None when none starts there."""
    m = _VAGUE.match(text, pos)
    if m:
        return _vague(m)
    m = _HALF_A.match(text, pos)
    if m:  # "half a dozen", "half a million"
        scale = 12.0 if m.group(1).lower() == "dozen" else SCALES[m.group(1).lower()]
        return Numeral(start=pos, end=m.end(), value=0.5 * scale, scaled=True, scale=scale,
                       digits=False)
    m = _FRACTION.match(text, pos)
    if m:
        # "one third" must win over the cardinal "one"; "1/16" over "1".
        frac = _fraction(m)
        if frac is not None:
            return frac
    m = _DIGITNUM.match(text, pos)
    if m:
        return _digits(text, m)
    if text[pos] in UNICODE_FRACTIONS:
        return Numeral(start=pos, end=pos + 1, value=UNICODE_FRACTIONS[text[pos]],
                       kind="fraction")
    return _read_words(text, pos)


def _read_words(text: str, pos: int) -> Numeral | None:
    """A written-out cardinal: "eleven", "three hundred and twenty thousand", "a million".

    After a plain number word only a scale word may follow ("two five-year terms" is two
    numerals, not seven); after a scale word a smaller number word may follow.
    """
    words: list[str] = []
    end, prev = pos, ""
    for m in _NUMWORD.finditer(text, pos):
        if m.start() != end or (m.group("sep") and "\n" in m.group("sep")):
            break
        w, sep = m.group("w").lower(), m.group("sep") or ""
        is_num = w in ONES or w in TENS
        is_scale = w in SCALES or w == "dozen"
        if not words:
            ok = is_num or (w in ("a", "an") and _next_is_scale(text, m.end()))
        elif prev in ("a", "an"):
            ok = is_scale and not sep.strip()
        elif prev in ONES or prev in TENS:
            ok = (is_scale and "and" not in sep) or (
                prev in TENS and w in ONES and ONES[w] < 10 and "and" not in sep)
        else:  # after a scale word
            ok = (is_num or is_scale) and not (is_scale and "and" in sep)
        if not ok:
            break
        words.append(w)
        end, prev = m.end(), w
    if not words or words[-1] in ("a", "an"):
        return None
    value = words_value(words)
    if value is None:
        return None
    scaled = any(w in SCALES or w == "dozen" for w in words)
    return Numeral(start=pos, end=end, value=value, scaled=scaled, digits=False)


def _next_is_scale(text: str, pos: int) -> bool:
    m = _NUMWORD.match(text, pos)
    return bool(m) and m.group("w").lower() in (*SCALES, "dozen")


def numbers_in(text: str, start: int = 0, end: int | None = None) -> Iterator[Numeral]:
    """Every numeral in ``text[start:end]``, left to right, without overlaps."""
    end = len(text) if end is None else end
    pos = start
    while True:
        m = _START.search(text, pos, end)
        if not m:
            return
        num = read_at(text, m.start())
        if num is None or num.end <= num.start:
            pos = m.end() if m.end() > m.start() else m.start() + 1
            continue
        yield num
        pos = num.end
