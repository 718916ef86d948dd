"""What two reports of the same thing say about each other: agree, compatible or conflict.

The cross-check aligns claims (``align.py``); this module judges them. Numbers become
intervals in normalized units, widened by the precision the writer used and by their
hedges, so that rounding and wording never read as disagreement:

- *agree*: the same value within rounding ("190 miles", "300 km", "186 miles"). The tight
  tolerance is half a step of the last significant digit the writer gave, capped at 5 % so
  that "300" (which may be rounded to the hundred) does not swallow "250".
- *compatible*: the loose intervals overlap. Loose intervals take the whole rounding step,
  1 % for the rounding of converted units, the hedges ("up to" is everything below, "about"
  is ±10 %) and, for vague words ("thousands"), a range wide enough that only a figure far
  outside it excludes them.
- *conflict*: the loose intervals are disjoint: both cannot be true.

Dates compare as ISO prefixes; quotes and statements have their own small rules at the end.
"""

from __future__ import annotations

import calendar
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from consilience.align import informative_about, tokens
from consilience.records import Check, Claim, short_hash

if TYPE_CHECKING:
    from consilience.align import StoryContext

INF = math.inf
TIGHT_CAP = 0.05  # agreement never tolerates more than 5 % between two figures
CONVERSION_SLACK = 0.01  # "186 miles" is a rounded conversion of "300 km"
ABOUT_SPREAD = 0.10  # "about", "nearly", "approximately": ±10 %
VAGUE_SPREAD = 3.0  # "thousands" (2,000-9,999) does not exclude "more than 10,000"

_UPPER = {"up_to", "at_most", "less_than"}
_LOWER = {"more_than", "at_least"}
_WORDS = {
    "exact": "",
    "about": "about ",
    "up_to": "up to ",
    "more_than": "more than ",
    "less_than": "less than ",
    "at_least": "at least ",
    "at_most": "at most ",
}
_PLURAL = {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century",
           "person", "mile", "foot", "inch", "yard", "metre", "meter", "kilometre", "kilometer"}
_CURRENCY = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}
_UNIT_FIRST = {"magnitude"}  # scales named before their value


@dataclass(frozen=True)
class Figure:
    """A numeric claim as intervals in normalized units."""

    unit: str  # normalized unit: claims in different units are never compared
    point: float | None  # central value, None for vague words
    low: float  # loose interval: what the words allow at all
    high: float
    tol: float  # tight tolerance around ``point`` for agreement
    shape: str  # point | upper | lower | range | vague
    point_high: float | None = None  # upper end of a stated range


def rounding_step(value: float) -> float:
    """The step of the last significant digit: 190 -> 10, 56.2e9 -> 1e8, 186 -> 1."""
    if not value or not math.isfinite(value):
        return 1.0
    exponent = Decimal(repr(float(abs(value)))).normalize().as_tuple().exponent
    return 10.0 ** int(exponent)


def _base(claim: Claim) -> tuple[float | None, str]:
    """The claim's value and unit in normalized (SI / canonical) terms."""
    norm = claim.normalized
    if norm is not None and norm.value is not None:
        return float(norm.value), norm.unit
    if claim.value is None:
        return None, (norm.unit if norm else (claim.unit or ""))
    converted = to_base_units(claim.value, claim.unit)
    if converted is not None:
        return converted
    return float(claim.value), claim.unit or ""


@lru_cache(maxsize=256)
def _pint_base(unit: str) -> tuple[float, str] | None:
    """Factor and base unit of a unit as written, or None when pint does not know it."""
    try:
        q = _ureg().Quantity(1.0, unit).to_base_units()
    except Exception:  # pint raises many types for unknown or odd units
        return None
    return float(q.magnitude), f"{q.units:~}"


def _ureg():
    # the analyzer's registry: building one costs ~0.7 s, and a second would hold the same
    from consilience.analyze.units import registry

    return registry()


def to_base_units(value: float, unit: str | None) -> tuple[float, str] | None:
    if not unit:
        return None
    found = _pint_base(unit)
    if found is None:
        return None
    factor, base = found
    return value * factor, base


def figure(claim: Claim) -> Figure | None:
    """The claim as a :class:`Figure`, or None when it carries no usable number."""
    v, unit = _base(claim)
    norm = claim.normalized
    if claim.vague:
        low = norm.low if norm and norm.low is not None else v
        high = norm.high if norm and norm.high is not None else (v * 10 if v else None)
        if low is None or high is None:
            return None
        return Figure(unit=unit, point=None, low=low / 2, high=high * VAGUE_SPREAD, tol=0.0,
                      shape="vague")
    if v is None:
        return None
    factor = v / claim.value if claim.value else 1.0
    half = rounding_step(claim.value if claim.value is not None else v) * abs(factor) / 2
    loose = half + CONVERSION_SLACK * abs(v)
    tol = max(min(half, TIGHT_CAP * abs(v)), CONVERSION_SLACK * abs(v) / 2)
    q = claim.qualifier
    if claim.value_high is not None and q == "exact":
        vh = claim.value_high * factor
        half_h = rounding_step(claim.value_high) * abs(factor) / 2
        return Figure(unit=unit, point=v, point_high=vh, low=v - loose,
                      high=vh + half_h + CONVERSION_SLACK * abs(vh), tol=tol, shape="range")
    if q in _UPPER:
        return Figure(unit=unit, point=v, low=-INF, high=v + loose, tol=tol, shape="upper")
    if q in _LOWER:
        return Figure(unit=unit, point=v, low=v - loose, high=INF, tol=tol, shape="lower")
    spread = max(loose, ABOUT_SPREAD * abs(v)) if q == "about" else loose
    return Figure(unit=unit, point=v, low=v - spread, high=v + spread, tol=tol, shape="point")


def overlap(a: Figure, b: Figure) -> bool:
    """Both can be true: the loose intervals meet."""
    return a.unit == b.unit and a.low <= b.high and b.low <= a.high


def close(a: Figure, b: Figure) -> bool:
    """The same number within rounding, however hedged: "up to 300 km" and "186 miles"."""
    if a.unit != b.unit or a.point is None or b.point is None:
        return False
    return abs(a.point - b.point) <= max(a.tol, b.tol)


def same_value(a: Figure, b: Figure) -> bool:
    """The same figure within rounding, said the same way (both exact, both "up to", ...)."""
    if a.unit != b.unit or a.shape != b.shape or a.shape == "vague":
        return False
    if a.point is None or b.point is None:
        return False
    tol = max(a.tol, b.tol)
    if abs(a.point - b.point) > tol:
        return False
    if a.shape == "range":
        return abs((a.point_high or 0) - (b.point_high or 0)) <= tol
    return True


# --------------------------------------------------------------------------- formatting


def _number(x: float) -> str:
    """A number as a reader writes it: 10,000; 56.2; 186."""
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:,.3g}" if abs(x) >= 1 else f"{x:.3g}"


def _scaled(x: float) -> str:
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(x) >= size:
            return f"{_number(round(x / size, 3))} {word}"
    return _number(round(x, 2))


def _sig3(x: float) -> float:
    if x == 0:
        return 0.0
    return round(x, -math.floor(math.log10(abs(x))) + 2)


# Hedges as writers put them; shown as written, since "nearly 1,200" and "at most 1,200"
# (the qualifier it is judged by) do not read the same.
_HEDGE = re.compile(
    r"^(nearly|almost|around|about|roughly|approximately|some|over|more\s+than|less\s+than|"
    r"fewer\s+than|under|up\s+to|at\s+least|at\s+most|an\s+estimated|close\s+to|"
    r"just\s+over|just\s+under)\s", re.IGNORECASE)


def describe(claim: Claim, written: bool = True) -> str:
    """The claim's figure in words: "up to 300 km", "$56.2 billion", "nearly 1,200".

    ``written=False`` words the hedge by its qualifier ("at most 1,200"), so that claims
    judged alike are described alike when counting which wording most sources use.
    """
    if claim.vague or claim.value is None:
        return claim.text
    hedge = _HEDGE.match(claim.text) if written and claim.qualifier != "exact" else None
    words = (" ".join(hedge.group(1).lower().split()) + " " if hedge
             else _WORDS.get(claim.qualifier, ""))
    unit = claim.unit or ""
    value = _scaled(claim.value)
    if claim.value_high is not None:
        value = f"{value}–{_scaled(claim.value_high)}"
    if unit in _CURRENCY:
        return f"{words}{_CURRENCY[unit]}{value}"
    if claim.kind == "money" and unit:
        return f"{words}{value} {unit}"
    if unit in ("", "count") or claim.kind == "count":
        return f"{words}{value}"
    if unit in ("percent", "%"):
        return f"{words}{value}%"
    if unit in _UNIT_FIRST:  # "magnitude 6.4", as a seismologist writes it
        return f"{words}{unit} {value}"
    if unit == "fraction":
        return f"{words}{_number(round(claim.value * 100, 1))}%"
    if unit in _PLURAL and claim.value != 1:
        unit += "s"  # "2 months", but "190 mi"
    return f"{words}{value} {unit}"


def converted(claim: Claim, units: list[str]) -> list[str]:
    """The claim's value converted into each of ``units`` ("≈186 mi"), where pint can."""
    out = []
    if claim.value is None or not claim.unit or claim.kind != "quantity":
        return out
    for unit in units:
        if unit == claim.unit:
            continue
        try:
            q = _ureg().Quantity(float(claim.value), claim.unit).to(unit)
        except Exception:  # unknown or incompatible unit: say nothing rather than guess
            continue
        out.append(f"≈{_number(_sig3(float(q.magnitude)))} {unit}")
    return out


# --------------------------------------------------------------------------- dates


_MONTHS = calendar.month_name[1:]


def format_date(iso: str) -> str:
    """ISO partial date in words: 2024-11-17 -> 17 November 2024, 2024-08 -> August 2024;
    a month or day whose year neither the text nor a publication date gives (``--08``,
    ``--08-05``) says so, rather than guess one."""
    if iso.startswith("--"):
        month_day = iso[2:].split("-")
        try:
            month = _MONTHS[int(month_day[0]) - 1]
            day = f"{int(month_day[1])} " if len(month_day) > 1 else ""
        except (ValueError, IndexError):
            return iso
        return f"{day}{month} (year not given)"
    parts = iso.split("-")
    try:
        if len(parts) >= 3:
            return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        pass
    return iso


def date_relation(a: str, b: str) -> str:
    """How two ISO partial dates relate: same | contains (one is more precise) | differ."""
    if a == b:
        return "same"
    if a.startswith(b) or b.startswith(a):
        return "contains"
    return "differ"


_RELATIVE = re.compile(
    r"\b(yesterday|today|tomorrow|tonight|last\s+\w+|this\s+\w+|next\s+\w+|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|ago)\b",
    re.IGNORECASE,
)


def is_relative(text: str) -> bool:
    """Words that a reader resolves against the publication date ("on Sunday", "yesterday")."""
    return bool(_RELATIVE.search(text))


def days_apart(a: str, b: str) -> int | None:
    from datetime import date

    try:
        return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)
    except ValueError:
        return None


# --------------------------------------------------------------------------- checks


def make_check(kind: str, claims: list[Claim], ctx: StoryContext, verdict: str, consensus: str,
           explanation: str, about: str | None = None) -> Check:
    claims = sorted(claims, key=lambda c: (ctx.order.get(c.article_id, 0), c.start))
    article_ids = list(dict.fromkeys(c.article_id for c in claims))
    return Check(
        id=short_hash(*sorted(c.id for c in claims)),
        kind=kind,  # type: ignore[arg-type]
        about=about if about is not None else about_of(claims, ctx),
        verdict=verdict,  # type: ignore[arg-type]
        claim_ids=[c.id for c in claims],
        article_ids=article_ids,
        independent_sources=len({ctx.source(c) for c in claims}),
        consensus=consensus,
        explanation=explanation,
    )


_FIGURES = ("quantity", "money", "count")
ABOUT_WORDS = 14
DATE_CLAUSE_WORDS = 5


def _bare(claim: Claim) -> bool:
    """A figure's ``about`` that says no more than the figure's own words ("people" for "140
    people", "hour" for "48 hours", the name of who gave it): no label for a reader."""
    words = informative_about(claim)
    return not words or (claim.kind == "count" and words <= set(tokens(claim.text)))


def about_of(claims: list[Claim], ctx: StoryContext) -> str:
    """What a check is about, for a reader: the analyzer's ``about`` most claims share, or,
    when it is bare (see ``_bare``), the clause that governs the figure ("killing at least
    37 people", "140 people were being treated in hospital")."""
    figures = [c for c in claims if c.kind in _FIGURES]
    if claims[0].kind == "date":
        # a date's about is a verb and its object ("strike Aldoria"); the clause around the
        # date says it better when it is a clause at all ("in 1987" is not)
        clause = ctx.clause(claims[0])
        if DATE_CLAUSE_WORDS <= len(clause.split()) <= ABOUT_WORDS:
            return clause
    named = Counter(c.about.strip() for c in claims
                    if c.about.strip() and not (c.kind in _FIGURES and _bare(c)))
    if named:
        return named.most_common(1)[0][0]
    if figures:
        clauses = [ctx.clause(c) for c in figures]
        fitting = [t for t in clauses if len(t.split()) <= ABOUT_WORDS]
        return fitting[0] if fitting else _cut(min(clauses, key=len), ABOUT_WORDS)
    return _cut(ctx.sentence(claims[0]), 12)


def _cut(text: str, words: int) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def outlet(claim: Claim, ctx: StoryContext) -> str:
    art = ctx.articles.get(claim.article_id)
    return art.outlet if art else claim.article_id


def by_source(claims: list[Claim], ctx: StoryContext) -> dict[str, list[int]]:
    """Claim indices per independent source, the original article's claims first (so that
    an explanation names the outlet that wrote the words, not one that copied them)."""
    out: dict[str, list[int]] = {}
    for i, c in enumerate(claims):
        out.setdefault(ctx.source(c), []).append(i)
    for src, members in out.items():
        members.sort(key=lambda i: claims[i].article_id != src)
    return out


def single_note(claims: list[Claim], ctx: StoryContext) -> str:
    copies = len({c.article_id for c in claims}) - 1
    original = next((c for c in claims if c.article_id == ctx.source(c)), claims[0])
    text = f"Only {outlet(original, ctx)} reports this"
    if copies:
        text += f" (carried by {copies} syndicated cop{'y' if copies == 1 else 'ies'} too)"
    return text + "."


def source_clash(sources: dict[str, list[int]],
                 excludes: Callable[[int, int], bool]) -> tuple[int, int] | None:
    """Two sources every pair of whose claims exclude each other, or None.

    A source whose figures include one that fits the other source is not in conflict with it:
    an article may give a figure at two moments of the story.
    """
    keys = list(sources)
    for x in range(len(keys)):
        for y in range(x + 1, len(keys)):
            pairs = [(i, j) for i in sources[keys[x]] for j in sources[keys[y]]]
            if pairs and all(excludes(i, j) for i, j in pairs):
                return pairs[0]
    return None
