"""Quantities, money and counts in a parsed article, as claims tied to their exact words.

``find_quantities(doc)`` reads every figure in a spaCy ``Doc`` and returns one ``Claim`` per
figure: "up to 190 miles" (a quantity), "$56.2 billion" (money), "more than 10,000 North Korean
troops" (a count). Each claim carries the exact span (hedge word and unit included), the value
as written with scale words applied, the unit, the hedge as a ``qualifier``, the interval the
words allow in canonical units (``Normalized``), what the figure measures (``about``, see
``measures``; lengths and durations first by ``extent``: "range of missile", "distance of
epicentre", "time left in term") and whether it is a total, a running total, a new amount
or a change (``scope``).

Qualifiers, from the words in front of (or after) the number:

* up_to: "up to", "as many as", "as much as", "as high as", "a maximum of"
* more_than: "more than", "over", "above", "upwards of", "in excess of", "just over"
* less_than: "less than", "fewer than", "under", "below", "sub-"
* at_least: "at least", "no less than", "a minimum of", "or more", "10,000+"
* at_most: "nearly", "almost", "just under", "close to" — the value is a ceiling the figure
  comes close to: ``Normalized`` gets [0.9 × value, value]; "no more than", "at most", "or
  less" cap the figure without saying it comes close: [None, value]
* about: "about", "approximately", "around", "roughly", "some", "an estimated", "~", "or so"
  — ``Normalized`` gets ±10 %
* exact otherwise ("just", "only", "exactly" change nothing).

Units (``Claim.unit``): quantities use short symbols ("km", "mi", "kg", "°C", "km/h", "percent",
see ``units``) and normalize with pint to "m", "kg", "s", "K", "m/s", …; money uses ISO 4217
codes ("USD", "EUR", "GBP"; subunits "cent", "pence") and normalizes to the main unit of its
currency; counts use the lemma of the counted noun ("troop") and normalize to "count"; a rate
appends its denominator ("USD/bbl", "test/day"). Fractions ("one-fifth of the country", "one in
five adults") are quantities with unit "fraction" and a value between 0 and 1; ages ("aged 65",
"a 20-year-old", "Senard, 65,") are quantities in years about "age". Vague amounts ("thousands",
"dozens") have ``vague=True``, ``value``/``value_high`` and ``Normalized.low``/``high`` set to
the interval the word allows. Changes read as two figures: "rose from 240 to 273" gives 240
with scope "previous" and 273; "rose 7% to $2.3 billion" gives 7% with scope "change".

Earthquake magnitudes ("a magnitude 6.4 earthquake", "a 6.4-magnitude quake", "measured at
magnitude 6.4", "4.2 on the Richter scale") are quantities with unit "magnitude" (normalized
"magnitude": a dimensionless scale, compared as written) about "magnitude of <event>"
("magnitude of earthquake", "magnitude of aftershock"). A category on a named scale
("Category 4 hurricane", "level 3 alert") stays a label, not a quantity: its steps are classes
whose meaning depends on a scale we do not know, and its sentence is still a statement.

Numbers that are not quantities are skipped: years, dates next to a month name, clock times,
phone numbers, season spans ("2012–13"), decades, list numbering, section and model numbers
("Section 427", "F-16", "M270"), scores ("2-0") and bare numbers that count nothing. Figures
that are stated but claim nothing are not claims: "one" as a pronoun or in an idiom ("one of
the best", "no one", "with one arm tied behind their back") and rhetoric counts ("two
things"); ``every_mention=True`` keeps them for datasets that annotate every figure.

The whole pass is regular expressions and dictionary look-ups over the text plus a glance at
the parse around each figure: it adds no model run and costs a small fraction of the parse.
"""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import replace
from itertools import pairwise
from typing import TYPE_CHECKING

from consilience.analyze import extent, measures, money, units
from consilience.analyze.figures import Figure, read_figure, read_per
from consilience.analyze.numbers import numbers_in
from consilience.analyze.quantity_filters import blocked_spans, looks_like_year
from consilience.records import Claim, Normalized

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["find_quantities", "quantities_in"]

log = logging.getLogger(__name__)
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_OPEN_PAREN = re.compile(r"[ \u00a0]*[(\[][ \u00a0]*")
_FROM_END = re.compile(r"(?i)\bfrom[ \u00a0]*$")
_TO_END = re.compile(r"(?i)\bto[ \u00a0]*$")
_BARE_OK_BEFORE = re.compile(r"(?i)\b(?:to|at|from|than|by|reached|hit|totalled|totaled|"
                             r"estimates?[ \u00a0]+of|total[ \u00a0]+of|tally[ \u00a0]+of|"
                             r"toll[ \u00a0]+of)[ \u00a0]*$")
_ABOUT_TOL = 0.10  # "about 300" allows ±10 %
_NEARLY_TOL = 0.10  # "nearly 60" allows 54..60


def quantities_in(text: str) -> list[Claim]:
    """Parse ``text`` with the shared model and return its quantity claims."""
    from consilience.analyze.nlp import load

    return find_quantities(load()(text))


def find_quantities(doc: Doc, *, every_mention: bool = False) -> list[Claim]:
    """Quantity, money and count claims in ``doc``; offsets are relative to ``doc.text``.

    A figure can be stated without being a claim: "one of the best speakers", "with one arm
    tied behind their back", "two things to know" (see ``_counts_something``). These are
    left out unless ``every_mention`` asks for every figure the text states, as datasets of
    quantity mentions (NewsQuant) annotate them.
    """
    text = doc.text
    nums = list(numbers_in(text))
    if not nums:
        return []
    blocked = blocked_spans(text, [(n.start, n.end) for n in nums])
    nums = [n for n in nums if not _covered(blocked, n.start)]
    sents = [(s.start_char, s.end_char, s.start, s.end) for s in doc.sents]
    starts = [s[0] for s in sents]
    figures: list[Figure] = []
    i = 0
    while i < len(nums):
        n = nums[i]
        if figures and n.start < figures[-1].end:
            i += 1  # read already, as part of the previous figure ("5ft 7in")
            continue
        sent = sents[max(0, bisect.bisect_right(starts, n.start) - 1)]
        try:
            fig, used = read_figure(text, nums, i, sent[1])
            parts = _split_change(doc, text, fig) if fig is not None else []
            figures += [
                p for p in (_attach_context(doc, text, p, sent, every_mention) for p in parts) if p
            ]
        except Exception:  # one unreadable figure must not cost the article its others
            log.warning("skipped a figure at %d: %r", n.start, text[n.start : n.end + 20],
                        exc_info=True)
            used = 1
        i += used
    _share_parentheticals(text, figures)
    _inherit_units(text, figures)
    claims = []
    for f in figures:
        sent = sents[max(0, bisect.bisect_right(starts, f.start) - 1)]
        claims.append(_to_claim(doc, text, f, sent))
    return claims


def _split_change(doc: Doc, text: str, fig: Figure) -> list[Figure]:
    """"raised the age from 18 to 21" is a change between two values, not a range 18-21;
    "prices range from $370,000 to $5.5 million" and "homes from $750,000 to $1 million" are
    ranges. A verb of change governing "from" decides."""
    if fig.split_at is None or fig.num2 is None or fig.high is None:
        return [fig]
    if not _FROM_END.search(text, max(0, fig.start - 8), fig.start):
        return [fig]
    toks = measures.span_tokens(doc, fig.num.start, fig.num.end)
    if toks is None or not measures.changed_by_verb(doc, toks[0]):
        return [fig]
    a_end, b_start = fig.split_at
    before = replace(fig, end=a_end, high=None, split_at=None, scope="previous")
    after = replace(fig, start=b_start, num=fig.num2, value=fig.high, high=None, split_at=None,
                    qualifier="exact", num_end=0, scope="", scaled=fig.num2.scaled,
                    scale=fig.num2.scale)  # scope "": the level now, no scope
    return [before, after]


def _covered(blocked: list[tuple[int, int]], pos: int) -> bool:
    k = bisect.bisect_right(blocked, (pos, float("inf"))) - 1
    return k >= 0 and blocked[k][0] <= pos < blocked[k][1]


# --------------------------------------------------------------------------- context


def _attach_context(doc: Doc, text: str, fig: Figure, sent: tuple[int, int, int, int],
                    every_mention: bool = False) -> Figure | None:
    """Counted noun, years and labels for bare numbers, ``about`` from the parse."""
    toks = measures.span_tokens(doc, fig.num.start, max(fig.num.end, fig.end))
    if toks is None:
        return None
    first, last = toks
    n = fig.num
    if doc[first].ent_type_ in _TITLE_ENTS and measures.entity_beyond(doc, first, last):
        return None  # "20 Days in Mariupol", "Catch-22": part of a title or a name
    if _capitalized_unit(text, fig, sent):
        return None  # "60 Minutes", "28 Days Later": a title outside a title-case headline
    if fig.kind == "count" and n.kind != "ordinal":
        num_last = measures.span_tokens(doc, n.start, _count_end(fig))
        last_num = num_last[1] if num_last else last
        if n.digits and measures.is_name_part(doc, first, last_num):
            return None  # "iPhone 11 Pro", "575 Wilbraham Road", "S&P 500"
        if _is_one(fig) and fig.via_of and not every_mention:
            return None  # "one of the most formidable weapons": a partitive, not a count
        found = measures.counted_noun(doc, first, last_num, via_of=fig.via_of)
        if looks_like_year(n, fig, doc, text, first, found):
            return None
        if found is None and fig.vague:
            return None
        if found is not None and not (every_mention or _counts_something(doc, fig, first,
                                                                         found[0])):
            return None
        if found is not None:
            _count_of(doc, text, fig, found, first, sent[1])
        elif not _bare_allowed(doc, text, fig, first, last):
            return None
        else:
            fig.about = "age" if fig.age else measures.measured(doc, first, last)
    elif fig.kind == "count":  # ordinals: "its 1,000th day"
        fig.about = measures.ordinal_of(doc, last, fig.noun) if fig.noun else ""
    elif fig.unit == "fraction":  # "one-fifth of the country", "one in five adults"
        found = measures.noun_after(doc, last)
        fig.about = found[1] if found else measures.measured(doc, first, last)
        if found and found[0].idx + len(found[0].text) <= sent[1]:
            fig.end = max(fig.end, found[0].idx + len(found[0].text))
    elif fig.unit == "magnitude":
        fig.about = measures.magnitude_of(doc, first, last)
    else:
        fig.about = "age" if fig.age else (_extent_about(doc, fig, first, last)
                                           or measures.measured(doc, first, last))
    return fig


def _extent_about(doc: Doc, fig: Figure, first: int, last: int) -> str | None:
    """A range, a distance or the time left (see ``extent``), before ``measures`` asks."""
    if fig.per or not fig.unit:
        return None
    dimension = units.normalized_unit(fig.unit)
    if dimension == "m":
        return extent.length_about(doc, first, last)
    if dimension == "s":
        return extent.duration_about(doc, first, last)
    return None


def _is_one(fig: Figure) -> bool:
    n = fig.num
    return not n.digits and n.value == 1 and fig.high is None and n.kind == "cardinal"


def _counts_something(doc: Doc, fig: Figure, first: int, noun) -> bool:
    """Whether a number and its noun are a count a report could confirm or contradict.

    Rhetoric counts nothing ("two things", "one fundamental question"), and "one" is mostly
    a pronoun or an idiom ("no one", "the one that", "with one arm tied behind their back",
    "(one big boom)"): a count of one is kept as a clause's subject or object, or after a
    preposition other than at/in/on ("one person died", "killed one civilian", "charged
    with one count", "the death of one soldier").
    """
    if noun.lemma_.lower() in _RHETORIC_NOUNS:
        return False
    if not _is_one(fig):
        return True
    if first > 0 and doc[first - 1].lower_ in _ONE_AS_PRONOUN:
        return False
    if noun.lemma_.lower() in _BODY_PARTS:
        return False
    if noun.dep_ in ("nsubj", "nsubjpass", "dobj", "attr"):
        return True
    # "charged with one count", "the death of one soldier"; not "at one point", "in one
    # case", "on one hand"
    return noun.dep_ == "pobj" and noun.head.lower_ not in _IDIOM_PREPS


# Nouns a writer counts to structure an argument, not to report a fact.
_RHETORIC_NOUNS = {"thing", "question", "reason", "way", "lesson", "takeaway", "scenario",
                   "option", "factor", "idea", "fact"}
_ONE_AS_PRONOUN = {"no", "the", "any", "every", "each", "this", "that", "which", "another",
                   "some"}
_BODY_PARTS = {"arm", "hand", "eye", "foot", "leg", "ear", "finger", "head"}
_IDIOM_PREPS = {"at", "in", "on"}


def _capitalized_unit(text: str, fig: Figure, sent: tuple[int, int, int, int]) -> bool:
    word = fig.unit_text
    if fig.unit == "magnitude":
        return False  # "Magnitude 6.4 earthquake …": a scale named before its reading
    if len(word) < 3 or not word[0].isupper() or not word[1:].islower() or fig.unit in (
            "°C", "°F", "K"):
        return False  # "GWh" is a symbol, "Celsius" a name
    words = _WORD.findall(text, sent[0], sent[1])
    capitalized = sum(w[0].isupper() for w in words)
    return capitalized < 0.6 * len(words)  # a sentence, not a headline in title case


def _count_of(doc: Doc, text: str, fig: Figure, found: tuple, first: int, limit: int
              ) -> None:
    """Attach the counted noun; a noun that is a unit ("517 rushing yards") makes a quantity."""
    head, phrase = found
    head_end = head.idx + len(head.text)
    if fig.per is None:  # the span runs to the counted noun: "10,000 North Korean troops"
        fig.end = max(fig.end, head_end)
        fig.end = read_per(text, fig, fig.end, limit)  # "3,000 tests per day"
    u = units.unit_at(text, head.idx)
    if u and u[1] == head_end and len(u[2]) > 2 and fig.currency is None:
        fig.kind, fig.unit = "quantity", u[0]
        fig.about = measures.measured(doc, first, head.i)
        return
    fig.noun, fig.about = measures.noun_lemma(head), phrase


def _inherit_units(text: str, figures: list[Figure]) -> None:
    """"from 208 pounds to 193", "from 14-18 mpg to 24": the bare end takes the unit."""
    for a, b in pairwise(figures):
        between = text[a.end : b.start]
        if (b.kind != "count" or b.noun is not None or b.vague or a.kind == "count"
                or len(between) > 60 or any(ch.isdigit() for ch in between)
                or not _TO_END.search(between) or "." in between
                or not _FROM_END.search(text, max(0, a.start - 8), a.start)):
            continue  # "rose 8.15% to 3.65": the level is not a percentage
        b.kind, b.unit, b.currency, b.sub, b.per = a.kind, a.unit, a.currency, a.sub, a.per
        b.age, b.about = a.age, a.about


def _count_end(fig: Figure) -> int:
    return max(fig.num.end, fig.num_end) if fig.high is None else fig.end


def _bare_allowed(doc: Doc, text: str, fig: Figure, first: int, last: int) -> bool:
    """A number that counts no noun is kept only where it reads as an amount."""
    n = fig.num
    if _is_age(doc, first, last):
        fig.kind, fig.unit, fig.age = "quantity", "year", True
        return True
    # the tagger calls many small numbers dates; a split change ("from 18 to 21") is a value
    small = n.value < 10000 and fig.scope is None
    names = _NAME_ENTS if small else _NAME_ENTS - {"DATE", "TIME"}
    if any(doc[i].ent_type_ in names for i in range(first, last + 1)):
        return False
    if (fig.scaled and n.digits) or fig.qualifier != "exact" or fig.high is not None:
        return not (n.value == 1 and not n.digits)
    return bool(_BARE_OK_BEFORE.search(text, max(0, fig.start - 20), fig.start))


_TITLE_ENTS = {"WORK_OF_ART", "LAW", "EVENT"}
_NAME_ENTS = {"ORG", "PRODUCT", "LAW", "FAC", "WORK_OF_ART", "EVENT", "PERSON", "GPE", "LOC",
              "TIME", "DATE"}


def _is_age(doc: Doc, first: int, last: int) -> bool:
    """"Senard, 65, now faces": a number set off by commas right after a person's name."""
    if first < 2 or last + 1 >= len(doc):
        return False
    name, comma, after = doc[first - 2], doc[first - 1], doc[last + 1]
    return (comma.text == "," and after.text == "," and name.pos_ == "PROPN"
            and doc[first].like_num and 0 < float(doc[first].text.replace(",", "") or 0) < 120
            if doc[first].text.replace(",", "").replace(".", "").isdigit() else False)


def _share_parentheticals(text: str, figures: list[Figure]) -> None:
    """"up to 190 miles (300 kilometers)": the conversion shares the hedge and the subject."""
    for a, b in pairwise(figures):
        between = text[a.end : b.start]
        if not _OPEN_PAREN.fullmatch(between):
            continue
        if a.kind != b.kind:
            continue
        if a.kind == "quantity" and units.normalized_unit(a.unit or "") != units.normalized_unit(
                b.unit or ""):
            continue
        if b.qualifier == "exact":
            b.qualifier = a.qualifier
        if a.about:
            b.about = a.about


# --------------------------------------------------------------------------- claims


def _to_claim(doc: Doc, text: str, f: Figure, sent: tuple[int, int, int, int]) -> Claim:
    toks = measures.span_tokens(doc, f.start, f.end)
    first, last = toks if toks else (sent[2], sent[2])
    if f.scope is not None:  # decided while reading ("" for none)
        scope = f.scope or None
    else:
        scope = measures.scope(doc, first, last, sent[2], text[sent[0] : sent[1]].lower())
    if f.num.kind == "ordinal":
        scope = scope or "so far"
    if f.age:
        scope = None  # "Zelensky, 46, said …": an age is no running total
    if f.num.signed and text[f.num.start] == "+":
        scope = "change"
    unit, norm = _units_of(f, scope)
    return Claim(
        kind=f.kind, text=text[f.start : f.end], start=f.start, end=f.end,
        about=f.about, value=f.value, value_high=f.high, unit=unit,
        qualifier=f.qualifier, normalized=norm, vague=f.vague,
        sentence_start=sent[0], sentence_end=sent[1], scope=scope,
    )  # fmt: skip


def _units_of(f: Figure, scope: str | None) -> tuple[str | None, Normalized]:
    """``Claim.unit`` and the normalized value and interval."""
    per = f"/{f.per}" if f.per else ""
    high = f.high
    if f.kind == "money":
        if f.sub:
            code, factor = money.SUBUNITS[f.sub]
            code = f.currency or code
            unit, v, h = f.sub, f.value * factor, high * factor if high is not None else None
            return unit + per, _interval(v, h, f.qualifier, code + per, f.ceiling)
        return (f.currency or "") + per, _interval(f.value, high, f.qualifier,
                                                   (f.currency or "") + per, f.ceiling)
    if f.kind == "quantity" and f.unit not in (None, "fraction"):
        diff = scope == "change"
        v, nu = units.normalize(f.value, f.unit, difference=diff)
        h = units.normalize(high, f.unit, difference=diff)[0] if high is not None else None
        return f.unit + per, _interval(v, h, f.qualifier, nu + per, f.ceiling)
    if f.kind == "quantity":
        return "fraction", _interval(f.value, high, f.qualifier, "fraction", f.ceiling)
    return (f.noun + per) if f.noun else None, _interval(f.value, high, f.qualifier,
                                                          "count" + per, f.ceiling)


def _interval(v: float, h: float | None, qualifier: str, unit: str,
              ceiling: bool = False) -> Normalized:
    """The interval the words allow (module docstring)."""
    top = h if h is not None else v
    lo, hi = min(v, top), max(v, top)
    low: float | None
    high: float | None
    if qualifier == "about":
        low, high = lo - abs(lo) * _ABOUT_TOL, hi + abs(hi) * _ABOUT_TOL
    elif qualifier == "at_most":
        low, high = (None if ceiling else lo - abs(lo) * _NEARLY_TOL), hi
    elif qualifier in ("up_to", "less_than"):
        low, high = None, hi
    elif qualifier in ("more_than", "at_least"):
        low, high = lo, None
    else:
        low, high = lo, hi
    return Normalized(value=v, unit=unit, low=low, high=high)
