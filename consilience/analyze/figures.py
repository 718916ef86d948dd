"""Reading one figure from the text: hedge, currency, number, scale, unit, range, rate.

``read_figure(text, nums, i, limit)`` starts at the numeral ``nums[i]`` and reads outwards
over the characters around it: a hedge in front ("up to", "nearly"), a currency sign ("$",
"US$", "€"), a scale abbreviation ("bn", "m"), a currency word or unit after ("euros", "km",
"per cent"), a second number that makes a range ("50 or 60", "$3 billion to $5 billion"), a
rate ("per barrel", "a month") and a hedge after ("or more"). It returns a ``Figure``; the
parse is consulted later, in ``quantities``, for what the figure counts or measures.

Everything here is compiled regular expressions anchored at known positions: no scanning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from consilience.analyze import money, units
from consilience.analyze.numbers import Numeral
from consilience.analyze.quantity_filters import is_identifier

_HEDGES = {
    "up_to": ["up to", "as many as", "as much as", "as high as", "as long as", "as far as",
              "a maximum of", "maximum of", "a max of"],
    "at_most": ["nearly", "almost", "just under", "just below", "just shy of", "shy of",
                "no more than", "not more than", "at most", "not quite", "approaching",
                "close to"],
    "more_than": ["more than", "over", "above", "upwards of", "upward of", "in excess of",
                  "greater than", "higher than", "just over", "just above", "well over",
                  "well above", "north of", "over than", "exceeding", "beyond", "more then"],
    "less_than": ["less than", "fewer than", "under", "below", "lower than", "sub-",
                  "less then"],
    "at_least": ["at least", "no less than", "no fewer than", "not less than",
                 "a minimum of", "minimum of", "a minimum"],
    "about": ["about", "approximately", "approx.", "approx", "around", "roughly", "some",
              "an estimated", "estimated", "circa", "ca.", "c.", "~", "≈", "about ~",
              "on the order of", "in the region of", "something like", "an approximate",
              "the equivalent of"],
}  # fmt: skip
_HEDGE_OF = {p: q for q, phrases in _HEDGES.items() for p in phrases}
# at_most hedges that cap a figure without saying it comes close ("no more than 60" allows
# 10); the others ("nearly 60") put it just under the value.
_CEILINGS = {"no more than", "not more than", "at most", "less", "fewer", "under", "below"}
# A scale named before its reading: "magnitude 6.4", "magnitude-5.1", "a magnitude of 5.8".
_SCALE_BEFORE = re.compile(r"(?i)\b(?P<w>magnitude)(?:[ \u00a0]*-[ \u00a0]*|[ \u00a0]+"
                           r"(?:of[ \u00a0]+)?)$")
_HEDGE_RE = re.compile(
    r"(?i)(?<![\w-])(?P<h>"
    + "|".join(re.escape(p) for p in sorted(_HEDGE_OF, key=len, reverse=True))
    + r")[ \u00a0]*$"
)
_POST_HEDGE = re.compile(
    r"(?i)(?P<h>[ \u00a0]+or[ \u00a0]+(?:more|higher|above|over|so|thereabouts|less|fewer|"
    r"under|below)\b|\+(?![\d\w])|-?odd\b|-plus\b)"
)
_POST_QUALIFIER = {"more": "at_least", "higher": "at_least", "above": "at_least",
                   "over": "at_least", "+": "at_least", "plus": "at_least", "so": "about",
                   "thereabouts": "about", "odd": "about", "less": "at_most",
                   "fewer": "at_most", "under": "at_most", "below": "at_most"}
_SCALE_AFTER = re.compile(r"(?P<sp> ?)(?P<s>bn|mn|mln|bln|trn|tn|MM|Bn|BN|k|K|M|m|b|B)(?![A-Za-z])")
_SCALE_FACTOR = {"bn": 1e9, "Bn": 1e9, "BN": 1e9, "bln": 1e9, "b": 1e9, "B": 1e9, "mn": 1e6,
                 "mln": 1e6, "MM": 1e6, "m": 1e6, "M": 1e6, "k": 1e3, "K": 1e3, "tn": 1e12,
                 "trn": 1e12}
_RANGE_SEP = re.compile(r"(?i)[ \u00a0]*(?P<sep>-|–|—|to-|to|or|and|through)[ \u00a0]*")
_PER = re.compile(r"(?i)[ \u00a0-]*(?P<p>per\b|an?\b|/|each\b)[ \u00a0-]*")
_NOT_RATE = re.compile(r"(?i)[ \u00a0]+(?:ago|earlier|later|before|after|on|from)\b")
_PER_NOUNS = {
    "share", "barrel", "person", "head", "capita", "unit", "piece", "kilo", "night", "seat",
    "ticket", "dose", "pack", "box", "bottle", "user", "subscriber", "employee", "student",
    "household", "family", "passenger", "game", "episode", "month", "year", "week", "day",
    "hour", "minute", "ounce", "gallon", "litre", "liter", "tonne", "ton", "pound", "gram",
    "mile", "kilometre", "kilometer", "acre", "visit", "trip", "item", "vehicle", "car",
    "square foot", "square metre", "square meter", "sq m", "sq ft", "mmbtu", "mwh", "kwh",
}  # fmt: skip
_PER_NOUN_RE = re.compile(
    r"(?i)(?P<n>" + "|".join(re.escape(n) for n in sorted(_PER_NOUNS, key=len, reverse=True))
    + r")(?:e?s)?\b(?![ \u00a0]+(?:ago|earlier|later|before|after)\b)"
)
_BY_BEFORE = re.compile(r"(?i)\b(?:by|up|down)[ \u00a0]*$")
_AGE_BEFORE = re.compile(r"(?i)\b(?:aged|age[ \u00a0]+of|ages[ \u00a0]+of)[ \u00a0]*$")
# A unit and the smaller unit that may follow it in one figure, with how many make one.
_COMPOUND = {"ft": ("in", 12.0), "h": ("min", 60.0), "min": ("s", 60.0), "lb": ("oz", 16.0),
             "day": ("h", 24.0), "year": ("month", 12.0)}
_COMPOUND_NUM = re.compile(r"(?:[ \u00a0]|,[ \u00a0]|[ \u00a0]and[ \u00a0])?(\d{1,2}(?:\.\d+)?)")
_US_AFTER = re.compile(r"[ \u00a0]+U\.?S\.?(?![\w$])")
_PLURALS = {"people", "children", "men", "women", "sheep", "fish", "staff", "personnel"}
_METRE_EVENTS = {"hurdles", "heats", "finals", "freestyle", "metres", "meters"}
_NEXT_WORD = re.compile(r"[ \u00a0]+([a-z]+)")
_BETWEEN_END = re.compile(r"(?i)\bbetween[ \u00a0]*$")
_AGE = re.compile(r"(?i)[ \u00a0]?-?[ \u00a0]?old\b")
_OF = re.compile(r"(?i)[ \u00a0]+(?:of|the)\b")
_OF_A = re.compile(r"(?i)[ \u00a0]+(?:of[ \u00a0]+)?(?:an?|one)[ \u00a0]+"
                   r"(?:(?:US|U\.S\.|imperial|metric|British)[ \u00a0]+)?")
_IN_OF = re.compile(r"(?i)[ \u00a0]+(?:in|out[ \u00a0]+of)[ \u00a0]+")
_ORDINAL_NOUN = re.compile(r"(?i)[ \u00a0-]+(?P<n>day|week|month|year|anniversary)s?\b")


@dataclass(slots=True)
class Figure:
    """A figure while it is being read; becomes a Claim."""

    start: int
    end: int
    num: Numeral
    value: float
    high: float | None = None
    qualifier: str = "exact"
    currency: str | None = None
    sub: str | None = None  # money subunit: cent, pence, p, sen
    unit: str | None = None  # canonical unit of measurement
    per: str | None = None  # "per barrel", "a month": the denominator
    kind: str = "count"
    vague: bool = False
    num_end: int = 0  # where the numeral and its scale abbreviation end ("2.7m")
    noun: str | None = None  # counts: lemma of the counted noun
    about: str = ""
    age: bool = False
    via_of: bool = False  # "thousands of troops", "one of the best": noun after "of"
    scaled: bool = False  # a scale word or abbreviation multiplied the digits
    scale: float = 1.0
    unit_text: str = ""  # the unit as written
    # "X to Y": where X's words end, where Y's begin, and Y's numeral, so that a change
    # ("raised the age from 18 to 21") can be split back into two figures
    split_at: tuple[int, int] | None = None
    num2: Numeral | None = None
    scope: str | None = None  # decided while reading (a split change); None: ask the parse
    ceiling: bool = False  # an at_most hedge that is a bare cap ("no more than", "or less")


def _start(n: Numeral, start: int, currency: str | None) -> Figure:
    return Figure(start=start, end=n.end, num=n, value=n.value, currency=currency,
                  scaled=n.scaled, scale=n.scale)


def read_figure(text: str, nums: list[Numeral], i: int, limit: int) -> tuple[Figure | None, int]:
    """Read the figure that starts with ``nums[i]``; returns it (or None) and numerals used."""
    n = nums[i]
    cur = money.currency_before(text, n.start)
    left = cur[1] if cur else n.start
    scale = _SCALE_BEFORE.search(text, max(0, left - 16), left) if cur is None else None
    if cur is None and scale is None and is_identifier(text, n):
        return None, 1
    fig = _start(n, left, cur[0] if cur else None)
    h = _HEDGE_RE.search(text, max(0, left - 24), left)
    if h:
        fig.qualifier = _HEDGE_OF[h.group("h").lower()]
        fig.ceiling = h.group("h").lower() in _CEILINGS
        fig.start = h.start("h")
        scale = scale or _SCALE_BEFORE.search(text, max(0, fig.start - 16), fig.start)
    if scale and n.kind == "cardinal":  # "magnitude 6.4", "a magnitude of about 6"
        fig.unit, fig.unit_text = "magnitude", scale.group("w")
        fig.start = min(fig.start, scale.start("w"))
    if n.kind == "vague":
        fig.vague, fig.high = True, n.high
    if _AGE_BEFORE.search(text, max(0, fig.start - 20), fig.start):
        fig.age, fig.unit = True, "year"  # "over the age of 21", "aged 65"
    pos = _read_units(text, fig, n, n.end, limit)
    if pos == n.end and pos < len(text) and text[pos].isalpha() and n.digits:
        return None, 1  # "5G", "4K", "3D", "M21 9AB": digits glued to a code
    used = 1
    ratio = _ratio(text, nums, i, pos, limit)
    if ratio is not None:  # "one in five adults", "one out of three Germans"
        fig.value, fig.unit, fig.kind = ratio, "fraction", "quantity"
        fig.end = nums[i + 1].end
        return fig, 2
    if i + 1 < len(nums) and n.kind in ("cardinal", "vague") and not fig.age:
        pos, used = _read_range(text, fig, nums, i, pos, limit)
    pos = read_per(text, fig, pos, limit)
    post = _POST_HEDGE.match(text, pos, limit)
    if post and fig.qualifier == "exact":
        word = post.group("h").strip(" \u00a0-").split()[-1].lower()
        fig.qualifier = _POST_QUALIFIER.get(word, fig.qualifier)
        fig.ceiling = word in _CEILINGS
        pos = post.end()
    fig.end = pos
    return (_classify(text, fig, limit), used)


def _ratio(text: str, nums: list[Numeral], i: int, pos: int, limit: int) -> float | None:
    """"one in five", "3 out of 10": the fraction one number makes of the next."""
    n = nums[i]
    if pos != n.end or i + 1 >= len(nums) or n.kind != "cardinal" or n.scaled:
        return None
    m = _IN_OF.match(text, pos, limit)
    n2 = nums[i + 1]
    if not m or n2.start != m.end() or n2.kind != "cardinal" or n2.scaled:
        return None
    if not (0 < n.value < n2.value <= 1000) or n2.value != int(n2.value):
        return None
    if units.unit_at(text, n2.end) or money.currency_after(text, n2.end, scaled=False):
        return None
    return n.value / n2.value


def _read_units(text: str, fig: Figure, n: Numeral, pos: int, limit: int) -> int:
    """Scale abbreviation, currency word or unit after a numeral; returns where it ends."""
    if n.kind == "ordinal":
        m = _ORDINAL_NOUN.match(text, pos, limit)
        if m:  # "its 1,000th day": the span runs to the noun, as for counts
            fig.noun, pos = m.group("n").lower(), m.end()
        return pos
    if n.digits and not fig.scaled and n.kind == "cardinal":
        m = _SCALE_AFTER.match(text, pos, limit)
        if m and _scale_applies(text, m, fig):
            fig.value *= _SCALE_FACTOR[m.group("s")]
            fig.scaled, fig.scale = True, _SCALE_FACTOR[m.group("s")]
            pos = m.end()
    fig.num_end = pos
    after = money.currency_after(text, pos, scaled=fig.scaled)
    if after and after[1] <= limit and (fig.currency is None or after[2] == "main"):
        code, end, kind = after
        if kind == "sub":
            fig.sub = code
        elif fig.currency is None:
            fig.currency = code
        pos = end
    if fig.currency:
        us = _US_AFTER.match(text, pos, limit)  # "$76 US a barrel"
        return us.end() if us else pos
    if fig.sub is None and n.kind in ("cardinal", "vague", "fraction"):
        u = units.unit_at(text, pos)
        if u and u[1] <= limit:
            fig.unit, pos, fig.unit_text = u[0], u[1], u[2]
            age = _AGE.match(text, pos, limit)
            if age and fig.unit in ("year", "month", "week", "day"):
                fig.age, pos = True, age.end()
            pos = _read_compound(text, fig, pos, limit)
    return pos


def _read_compound(text: str, fig: Figure, pos: int, limit: int) -> int:
    """"5ft 7in", "3h 15min", "2 hours 30 minutes": a second, smaller unit adds to the first."""
    small = _COMPOUND.get(fig.unit or "")
    if small is None:
        return pos
    m = _COMPOUND_NUM.match(text, pos, limit)
    if not m:
        return pos
    u = units.unit_at(text, m.end())
    if not u or u[0] != small[0] or u[1] > limit:
        return pos
    fig.value += float(m.group(1)) / small[1]
    return u[1]


def _scale_applies(text: str, m: re.Match, fig: Figure) -> bool:
    """Is the letter after the digits a scale ("$2.7m", "2bn") rather than a unit ("37m")?"""
    s, spaced = m.group("s"), bool(m.group("sp"))
    if s in ("bn", "mn", "mln", "bln", "trn", "tn", "MM", "Bn", "BN"):
        return True
    if spaced:
        return False
    if s in ("b", "B"):
        return fig.currency is not None
    if s == "M":
        return True
    # "m", "k": a million or a thousand after a currency sign or before a currency word or a
    # plural noun; otherwise metres ("37m") or a code ("4K screen", "10k run")
    if fig.currency is not None:
        return True
    if money.currency_after(text, m.end(), scaled=True):
        return True
    nxt = _NEXT_WORD.match(text, m.end(), m.end() + 30)
    if not nxt or units.unit_at(text, m.end()) is not None:
        return False
    word = nxt.group(1)
    # "2.7m people", "4m users" are millions; "100m sprint", "400m hurdles" are metres
    return (word.endswith("s") or word in _PLURALS) and word not in _METRE_EVENTS


def _read_range(text: str, fig: Figure, nums: list[Numeral], i: int, pos: int,
                limit: int) -> tuple[int, int]:
    """"50 or 60", "10-15", "$3 billion to $5 billion", "between 5% and 6%"."""
    n, n2 = nums[i], nums[i + 1]
    sep = _RANGE_SEP.match(text, pos, limit)
    if not sep or n2.start > limit or n2.kind not in ("cardinal",) or (n2.signed and sep.group(
            "sep") not in ("to", "and", "or")):
        return pos, 1
    word = sep.group("sep").lower()
    cur2 = money.currency_before(text, n2.start)
    gap_end = cur2[1] if cur2 else n2.start
    if gap_end != sep.end() or (cur2 and fig.currency and cur2[0] != fig.currency):
        return pos, 1
    if word == "and" and not _BETWEEN_END.search(text, max(0, fig.start - 9), fig.start):
        return pos, 1
    second = _start(n2, n2.start, fig.currency or (cur2[0] if cur2 else None))
    pos2 = _read_units(text, second, n2, n2.end, limit)
    if fig.unit and second.unit and fig.unit != second.unit:
        return pos, 1
    if (fig.sub or second.sub) and fig.sub != second.sub and fig.unit is None:
        return pos, 1
    if _different_kinds(fig, second) or (
            _BY_BEFORE.search(text, max(0, fig.start - 6), fig.start)
            and (fig.unit or fig.currency) and second.value > 3 * abs(fig.value)):
        # "up 9.4 per cent to $84", "increased by $43.6 billion to $419.2 billion": a change
        # and the level it reached, not a range ("fell by 1 to 1.5 degrees" is one).
        return pos, 1
    low, high = fig.value, second.value
    if second.scaled and not fig.scaled and n.digits == n2.digits and low * second.scale <= high:
        low *= second.scale  # "1 to 2 thousand", "US $89 to $93 billion"
    if word in ("-", "–", "—") and n.digits and low >= high and not fig.unit and not second.unit:
        return pos, 1  # "2-0", "89-89": a score, not a range
    if word == "or" and not (low < high <= low * 10):
        return pos, 1
    if word in ("to", "through", "to-") and low > high:
        return pos, 1  # "from 208 pounds to 193": two values; measures reads the change
    fig.value, fig.high = low, high
    if word in ("to", "to-"):
        fig.split_at, fig.num2 = (pos, gap_end), n2
    fig.unit = fig.unit or second.unit
    fig.sub = fig.sub or second.sub
    fig.currency = fig.currency or second.currency
    fig.age = fig.age or second.age
    if second.vague:
        fig.vague = True
    return pos2, 2


def _different_kinds(a: Figure, b: Figure) -> bool:
    money_a, money_b = bool(a.currency or a.sub), bool(b.currency or b.sub)
    if money_a != money_b:
        return True
    return bool(a.unit and b.unit and a.unit != b.unit) or bool(
        (a.unit and money_b) or (b.unit and money_a))


def read_per(text: str, fig: Figure, pos: int, limit: int) -> int:
    """"$58.24 per barrel", "$3,500 a month", "3,000 tests per day": the denominator."""
    m = _PER.match(text, pos, limit)
    if not m or m.end() == pos:
        return pos
    word = m.group("p").lower()
    if fig.unit and units.normalized_unit(fig.unit) in ("m/s", "km/L", "Hz"):
        return pos  # already a rate
    u = units.unit_at(text, m.end())
    if u and u[1] <= limit and u[0] not in ("percent", "times", "m", "in"):
        if word in ("a", "an") and _NOT_RATE.match(text, u[1]):
            return pos  # "$6.78 billion a year earlier"
        fig.per = u[0]
        return u[1]
    if word in ("a", "an") and fig.currency is None and fig.sub is None and fig.unit is None:
        return pos  # "10 a day" without a unit reads as a count, see _attach_context
    nm = _PER_NOUN_RE.match(text, m.end(), limit)
    if nm and (word in ("per", "/", "each") or fig.currency or fig.sub):
        fig.per = nm.group("n").lower()
        return nm.end()
    return pos


def _classify(text: str, fig: Figure, limit: int) -> Figure | None:
    """Decide the kind; drop fractions without "of" and ordinals that count nothing."""
    n = fig.num
    if fig.currency or fig.sub:
        fig.kind = "money"
    elif fig.unit or fig.age:
        fig.kind = "quantity"
    elif n.kind == "fraction":
        of_unit = _OF_A.match(text, fig.end, limit)
        u = units.unit_at(text, of_unit.end()) if of_unit else None
        if u and u[1] <= limit:  # "1/16 of a US pint", "half a mile": a part of a unit
            fig.kind, fig.unit, fig.end = "quantity", u[0], u[1]
            return fig
        if not _OF.match(text, fig.end, limit):
            return None
        fig.kind, fig.unit = "quantity", "fraction"
    elif n.kind == "ordinal":
        if fig.noun is None:
            return None
        fig.kind = "count"
    else:
        fig.kind = "count"
        fig.via_of = n.kind == "vague" or (
            not n.digits and n.value == 1 and bool(_OF.match(text, fig.end, limit)))
    return fig
