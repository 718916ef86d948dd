"""Named entities of an article: spaCy's NER, its common errors on news fixed, one name each.

Per parsed piece, ``find_mentions`` keeps people, organizations, places and products, trims
what NER over-includes (a leading "the", a trailing "'s", a title before a name), records the
office a title names ("Ukrainian President …" → "president of Ukraine"), and repairs
labels news text often gets wrong: an acronym read as a person ("ATACMS"), a place read as a
product before "region". Role descriptions without a name ("the Ukrainian president") become
mentions of their own.

Over the whole article, ``resolve_mentions`` gives every mention a canonical name: aliases
and demonyms from the gazetteer ("U.S." → "United States", "Ukrainian" → "Ukraine"), last
names to the full name used nearby ("Kovalenko" → "Marta Kovalenko"), spelling variants by
fuzzy match, acronyms to the name they abbreviate, role descriptions to the person who
holds the office in the article. Title-case headings are read only for names the body
confirms (NER invents entities from capitalized headline words), and repeats of a known
name NER missed are added. The cross-article step is in ``consilience.analyze.canonical``.

Label repairs that the small model needs on news with unfamiliar names:

* a person title before capitalized names makes them a person, whatever NER made of them
  ("Governor Ana Saltes", "Kyiv MP Mariia Ionova", "opposition leader Marco Dell'Aria"); a
  role word that others share ("leader", "minister") needs a first name and a surname;
* a "person" right after a preposition of place ("in Lumeira", "near Tolvik") or after
  "the town of" is a place;
* a "person" named with an event or law word ("World War III", "the Harbour Act") is an
  EVENT or a LAW. A Roman numeral alone decides nothing: "Charles III" is a person;
* a "person" in lower case ("salami") or a lone plural noun ("Strikes are not made with
  words") is no name at all;
* a one-word "person" before a weapon or vehicle noun is a product ("Abrams tanks",
  "another Patriot missile battery").

A title that says what someone does gives the mention its role, whether it is an office
the gazetteer lists ("Prime Minister …" → prime minister) or a title of its own ("Governor
Ana Saltes" → governor, "Sen." → senator, "opposition leader …" → opposition leader).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from consilience.analyze.gazetteer import (
    EVENT_WORDS,
    HONORIFICS,
    LAW_WORDS,
    NAME_SUFFIXES,
    ORGANIZATIONS,
    PERSON_TITLES,
    ROLE_WORDS,
    country_of,
    key,
)
from consilience.analyze.roles import OFFICE_LAST_TOKENS, office_before, title_role
from consilience.records import Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

KEPT_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "PRODUCT", "EVENT", "FAC", "LAW"}
)
_PLACE_NOUNS = frozenset(
    {"region", "oblast", "province", "city", "district", "county", "village", "town", "port"}
)
_PRODUCT_NOUNS = frozenset(
    {"missile", "system", "rocket", "jet", "tank", "drone", "launcher", "aircraft", "vaccine"}
)
_LABEL_RANK = {
    "PERSON": 0,
    "GPE": 1,
    "ORG": 2,
    "LOC": 3,
    "NORP": 4,
    "EVENT": 5,
    "FAC": 6,
    "PRODUCT": 7,
    "LAW": 8,
}
_NOT_NAME_ENTS = frozenset({"GPE", "NORP", "LOC", "DATE", "TIME", "CARDINAL", "ORDINAL",
                            "MONEY", "QUANTITY", "PERCENT"})
_MAX_NAME_TOKENS = 3
_PLACE_PREPS = frozenset({"in", "near", "outside", "across", "throughout"})
NAME_MATCH = 88  # rapidfuzz ratio above which two surnames are one spelling apart


@dataclass
class RawMention:
    """A mention before the article-wide pass names it. Offsets are the article's."""

    start: int
    end: int
    text: str
    label: str
    role: str | None = None
    heading: bool = False
    office_only: bool = False  # "the Ukrainian president": an office standing for a person


# --------------------------------------------------------------------------- per piece


def _is_heading(sent: Span) -> bool:
    """A title-case line with no closing punctuation: NER is unreliable there."""
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    if not words or sent.text.rstrip()[-1:] in ".!\"”'’:":
        return False
    return sum(t.text[0].isupper() for t in words) >= 0.7 * len(words)


def _trim(span: Span) -> Span | None:
    while len(span) and (span[0].lower_ in ("the", "a", "an") or span[0].is_punct):
        span = span[1:]
    while len(span) and (span[-1].tag_ == "POS" or (span[-1].is_punct and span[-1].text != ".")):
        span = span[:-1]
    return span if len(span) else None


def _person_span(span: Span) -> tuple[Span, str | None]:
    """Strip honorifics from a PERSON span; return it with the office its title names."""
    doc = span.doc
    i = span.start
    while i < span.end - 1 and doc[i].lower_.rstrip(".") in HONORIFICS:
        i += 1
    office = office_before(doc, i)
    role = office[1] if office else title_role(doc, i)
    after = span.end
    if role and " of " not in role and after + 1 < len(doc) and doc[after].lower_ == "of":
        place = doc[after + 1]
        ent = next((e for e in doc.ents if e.start <= place.i < e.end), None)
        if ent is not None and (ent.label_ == "GPE" or country_of(ent.text)):
            # "President Marta Kovalenko of Moldova"
            role = f"{role} of {country_of(ent.text) or clean_name(ent.text)}"
    return doc[i : span.end], role


def _person_misread(span: Span) -> str | None:
    """The label of a "person" whose words say it is a place, an event or a law."""
    doc = span.doc
    words = {t.lower_ for t in span}
    if words & EVENT_WORDS:
        return "EVENT"  # "World War III"
    if words & LAW_WORDS:
        return "LAW"
    nxt = doc[span.end] if span.end < len(doc) else None
    if len(span) == 1 and nxt is not None and nxt.lemma_.lower() in _PRODUCT_NOUNS:
        return "PRODUCT"  # "Abrams tanks", "another Patriot missile battery"
    prev = doc[span.start - 1] if span.start else None
    if len(span) == 1 and span[0].tag_ == "NNS" and (
            prev is None or span[0].is_sent_start or prev.tag_ == "``" or prev.text in "“‘("):
        # "Strikes are not made with words": a plural noun capitalized because it opens a
        # sentence; mid-sentence ("Figgins said") the capital still marks a name
        return "NOUN"
    nxt = doc[span.end] if span.end < len(doc) else None
    if prev is None or (nxt is not None and nxt.tag_ == "POS"):
        return None  # "in Varga's view": the name owns something, it is no place
    if prev.lower_ in _PLACE_PREPS and prev.dep_ == "prep":
        return "GPE"  # "the harbour wall in Lumeira"
    if (
        prev.lower_ == "of"
        and span.start >= 2
        and doc[span.start - 2].lemma_.lower() in _PLACE_NOUNS
    ):
        return "GPE"  # "the town of Lumeira"
    return None


def _fix_label(span: Span, label: str) -> str:
    label = _repair_label(span, label)
    if label == "PERSON" and not _titled(span):
        return _person_misread(span) or label
    return label


def _repair_label(span: Span, label: str) -> str:
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    if (
        nxt is not None
        and nxt.lemma_.lower() in _PLACE_NOUNS
        and label in ("PERSON", "PRODUCT", "ORG", "FAC", "WORK_OF_ART")
    ):
        return "GPE"  # "the Kursk region"
    if len(span) > 1 and span[-1].lower_.rstrip(".") in NAME_SUFFIXES and span[0].is_title:
        return "PERSON"  # "Varga Jr." read as a product
    if (
        label != "PERSON"
        and len(span) > 1
        and span[0].lower_.rstrip(".") in PERSON_TITLES
        and all(t.is_title or t.is_punct for t in span[1:])
    ):
        return "PERSON"  # "Mayor Ilse Varga" read as an organization
    if label in ("PERSON", "ORG") and span.text.isupper() and len(span.text) >= 3:
        # An all-capitals name before "missiles" or "launchers" is a weapon; an all-capitals
        # "person" is an acronym, so an organization.
        if nxt is not None and nxt.lemma_.lower() in _PRODUCT_NOUNS:
            return "PRODUCT"
        return "ORG"
    place = country_of(span.text)
    if place in ORGANIZATIONS:
        return "ORG"
    if place and label in ("PERSON", "ORG", "FAC", "PRODUCT"):
        return "GPE"
    return label


def find_mentions(doc: Doc, offset: int = 0, sents: list[Span] | None = None) -> list[RawMention]:
    """Entity and role mentions in one parsed piece, in the article's coordinates."""
    heading_ranges = [(s.start, s.end) for s in (sents or doc.sents) if _is_heading(s)]

    def in_heading(i: int) -> bool:
        return any(s <= i < e for s, e in heading_ranges)

    titled = _titled_names(doc)
    spans = [(ent, ent.label_) for ent in doc.ents if not _overlaps(ent, titled)]
    spans += [(t, "PERSON") for t in titled]
    found: list[RawMention] = []
    for ent, ent_label in sorted(spans, key=lambda p: p[0].start):
        if ent_label not in KEPT_LABELS:
            continue
        span = _trim(ent)
        if span is None:
            continue
        label = _fix_label(span, ent_label)
        if label not in KEPT_LABELS:
            continue
        role = None
        if label == "PERSON":
            span, role = _person_span(span)
            if span is None or not any(t.is_alpha for t in span):
                continue
            if not span.text[:1].isupper():
                continue  # "salami": a lower-case word is not a name
        found.append(
            RawMention(
                span.start_char + offset,
                span.end_char + offset,
                span.text,
                label,
                role,
                in_heading(span.start),
            )
        )
    found += _office_mentions(doc, offset, in_heading)
    _roles_by_apposition(doc, found, offset)
    return found


def _is_title_word(t) -> bool:
    return t.lower_.rstrip(".") in PERSON_TITLES or t.lower_ in ROLE_WORDS


def _name_token(t) -> bool:
    """A word that can be part of a person's name: a capitalized proper noun, not a place."""
    text = t.text
    return (
        t.pos_ == "PROPN"
        and text[:1].isupper()
        and not (len(text) > 2 and text.isupper())
        and any(ch.isalpha() for ch in text)
        and t.ent_type_ not in _NOT_NAME_ENTS
        and t.lower_.rstrip(".") not in HONORIFICS
    )


def _titled(span: Span) -> bool:
    """Whether a person title stands right before (or at the start of) ``span``."""
    doc = span.doc
    return _is_title_word(span[0]) or (span.start > 0 and _is_title_word(doc[span.start - 1]))


def _titled_names(doc: Doc) -> list[Span]:
    """'Governor Ana Saltes', 'Kyiv MP Mariia Ionova': the names after a person title.

    A person-only title ("Governor", "MP", "Senator") takes one name or more; a role word
    others share ("leader", "minister") takes two or more. A run of more than three
    capitalized words is a name of something else ("Minister of …" never starts one).
    """
    out: list[Span] = []
    i = 0
    while i < len(doc):
        t = doc[i]
        if not _is_title_word(t):
            i += 1
            continue
        j = i + 1
        while j < len(doc) and _is_title_word(doc[j]) and doc[j].text[:1].isupper():
            j += 1  # "Prime Minister", "Secretary General"
        k = j
        while k < len(doc) and _name_token(doc[k]):
            k += 1
        needed = 1 if doc[j - 1].lower_.rstrip(".") in PERSON_TITLES else 2
        if needed <= k - j <= _MAX_NAME_TOKENS:
            if k < len(doc) and doc[k].lower_.rstrip(".") in NAME_SUFFIXES:
                k += 1  # "King Charles III", "Senator Ray Holm Jr."
            out.append(doc[j:k])
        i = max(k, i + 1)
    return out


def _overlaps(span: Span, others: list[Span]) -> bool:
    return any(o.start < span.end and span.start < o.end for o in others)


def _office_mentions(doc: Doc, offset: int, in_heading) -> list[RawMention]:
    """'the Ukrainian president', "Ukraine's prime minister": offices standing for a person."""
    out = []
    for t in doc:
        if t.lower_ not in OFFICE_LAST_TOKENS:
            continue
        nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
        if t.ent_type_ == "PERSON" or (nxt is not None and nxt.ent_type_ == "PERSON"):
            continue  # a title before a name: the name's mention carries it
        found = office_before(doc, t.i + 1)
        if found is None:
            continue
        q_start, role = found
        if " of " not in role and (q_start == 0 or doc[q_start - 1].lower_ != "the"):
            continue  # "a president", "president" in a list: no one in particular
        span = doc[q_start : t.i + 1]
        out.append(
            RawMention(
                span.start_char + offset,
                span.end_char + offset,
                span.text,
                "PERSON",
                role,
                in_heading(t.i),
                office_only=True,
            )
        )
    return out


def _roles_by_apposition(doc: Doc, found: list[RawMention], offset: int) -> None:
    """'The Ukrainian president, Volodymyr Zelenskyy, …': the name takes the office."""
    offices = {m.end - offset: m for m in found if m.office_only}
    for m in found:
        if m.label != "PERSON" or m.office_only or m.role:
            continue
        span = doc.char_span(m.start - offset, m.end - offset, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        other = root.head if root.dep_ == "appos" else None
        if other is None:
            other = next((c for c in root.children if c.dep_ == "appos"), None)
        if other is not None and other.idx + len(other) in offices:
            m.role = offices[other.idx + len(other)].role


# --------------------------------------------------------------------------- whole article


def clean_name(text: str) -> str:
    """Display form of a name: single spaces, straight apostrophes, no leading 'the'."""
    name = " ".join(text.replace("’", "'").split())
    name = re.sub(r"^(?:the|The)\s+", "", name)
    return re.sub(r"'s$", "", name)


def name_parts(name: str) -> tuple[list[str], str]:
    """(name words without a suffix, suffix) — 'Donald Trump Jr.' → (['Donald', 'Trump'], 'jr')."""
    words = name.split()
    suffix = ""
    if len(words) > 1 and words[-1].lower().rstrip(".") in NAME_SUFFIXES:
        suffix = words.pop().lower().rstrip(".")
    return words, suffix


def same_surname(a: str, b: str) -> bool:
    if a.lower() == b.lower():
        return True
    return min(len(a), len(b)) >= 5 and fuzz.ratio(a.lower(), b.lower()) >= NAME_MATCH


def same_person(a: str, b: str) -> bool:
    """Whether two full names are spellings of one person ('Zelenskyy' ~ 'Zelensky')."""
    (wa, sa), (wb, sb) = name_parts(a), name_parts(b)
    if sa != sb or not wa or not wb or not same_surname(wa[-1], wb[-1]):
        return False
    if len(wa) == 1 or len(wb) == 1:
        return True
    fa, fb = wa[0].lower(), wb[0].lower()
    return fa[0] == fb[0] and (len(fa) <= 2 or len(fb) <= 2 or fuzz.ratio(fa, fb) >= 75)


def _base_canonical(m: RawMention) -> str:
    if m.office_only:
        return m.role or clean_name(m.text)
    if m.label in ("GPE", "LOC", "NORP", "ORG", "FAC"):
        place = country_of(m.text)
        if place:
            return place
    return clean_name(m.text)


def _drop_unconfirmed_headings(raw: list[RawMention]) -> list[RawMention]:
    """Keep heading mentions only for names the body also uses (by key or surname)."""
    body_keys = {key(_base_canonical(m)) for m in raw if not m.heading}
    body_words = {w for k in body_keys for w in k.split()}
    kept = []
    for m in raw:
        k = key(_base_canonical(m))
        if not m.heading or k in body_keys or (len(k.split()) == 1 and k in body_words):
            kept.append(m)
    return kept


def _propagate(raw: list[RawMention], text: str) -> list[RawMention]:
    """Later uses of a known person's name that NER left untagged ('… Okafor argues')."""
    names: set[str] = set()
    for m in raw:
        if m.label == "PERSON" and not m.office_only:
            words, _ = name_parts(clean_name(m.text))
            if words and len(words[-1]) >= 3 and words[-1][0].isupper():
                names.add(words[-1])
    if not names:
        return []
    pattern = re.compile(
        r"(?<![\w-])(?:"
        + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        + r")(?![\w-])"
    )
    covered = sorted((m.start, m.end) for m in raw)
    starts = [s for s, _ in covered]
    added = []
    for hit in pattern.finditer(text):
        k = bisect.bisect_right(starts, hit.start()) - 1
        if k >= 0 and covered[k][1] > hit.start():
            continue
        added.append(RawMention(hit.start(), hit.end(), hit.group(), "PERSON"))
    return added


def _vote_labels(raw: list[RawMention], canon: list[str]) -> None:
    """One label per name across the article: the majority, people first on a tie."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for m in raw:
        votes[key(m.text)][m.label] += 1
    surnames = {
        name_parts(c)[0][-1].lower()
        for m, c in zip(raw, canon, strict=True)
        if m.label == "PERSON" and len(name_parts(c)[0]) > 1
    }
    for m, c in zip(raw, canon, strict=True):
        if m.office_only:
            continue
        k = key(m.text)
        misread = m.label in ("FAC", "ORG", "PRODUCT", "WORK_OF_ART", "GPE", "LOC", "NORP")
        if k in surnames and misread and country_of(c) is None:
            m.label = "PERSON"  # "Kovalenko" read as a building, once the article named her
            continue
        counts = votes[k]
        m.label = min(counts, key=lambda lab: (-counts[lab], _LABEL_RANK.get(lab, 9)))


def _link_people(raw: list[RawMention], canon: list[str]) -> None:
    """Full names merged across spellings; lone surnames to the nearest full name before."""
    rep_of: dict[str, str] = {}  # each full spelling -> the first spelling of that person
    reps: list[str] = []
    by_surname: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    for i, (m, c) in enumerate(zip(raw, canon, strict=True)):
        words, suffix = name_parts(c)
        if m.label != "PERSON" or m.office_only or len(words) < 2:
            continue
        if c not in rep_of:
            rep_of[c] = next((r for r in reps if same_person(r, c)), c)
            if rep_of[c] == c:
                reps.append(c)
        canon[i] = rep_of[c]
        by_surname[(words[-1].lower(), suffix)].append((m.start, rep_of[c]))
    for i, (m, c) in enumerate(zip(raw, canon, strict=True)):
        words, suffix = name_parts(c)
        if m.label != "PERSON" or m.office_only or len(words) != 1:
            continue
        fits = by_surname.get((words[0].lower(), suffix))
        if fits is None:  # a spelling variant: compare with each distinct surname once
            fits = sorted(
                f
                for (surname, sfx), found in by_surname.items()
                if sfx == suffix and same_surname(surname, words[0])
                for f in found
            )
        if fits:
            k = bisect.bisect_left(fits, (m.start, ""))
            canon[i] = (fits[k - 1] if k > 0 else fits[0])[1]


def _link_acronyms(raw: list[RawMention], canon: list[str]) -> None:
    """'ISW' → 'Institute for the Study of War' when the article spells both."""
    by_initials: dict[str, str] = {}
    for m, c in zip(raw, canon, strict=True):
        words = [w for w in c.split() if w[:1].isupper()]
        if m.label == "ORG" and len(words) >= 2:
            by_initials.setdefault("".join(w[0] for w in words), c)
    for i, (m, c) in enumerate(zip(raw, canon, strict=True)):
        if m.label in ("ORG", "GPE") and c.isupper() and c in by_initials:
            canon[i] = by_initials[c]


def _link_offices(raw: list[RawMention], canon: list[str]) -> None:
    """'the Ukrainian president' → the person this article gives that office."""
    holders: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for m, c in zip(raw, canon, strict=True):
        if m.role and not m.office_only:
            holders[m.role].append((m.start, c))
            holders[m.role.split(" of ")[0]].append((m.start, c))
    for i, m in enumerate(raw):
        if not m.office_only or not m.role:
            continue
        fits = holders.get(m.role, [])
        if " of " not in m.role and len({c for _, c in fits}) > 1:
            continue  # "the president" with two presidents in the story: leave it
        if fits:
            before = [f for f in fits if f[0] <= m.start]
            canon[i] = (before[-1] if before else fits[0])[1]


def resolve_mentions(raw: list[RawMention], text: str) -> list[Mention]:
    """Canonical names for an article's mentions (see the module docstring)."""
    raw = _drop_unconfirmed_headings(raw)
    raw = sorted(raw + _propagate(raw, text), key=lambda m: (m.start, -m.end))
    canon = [_base_canonical(m) for m in raw]
    _vote_labels(raw, canon)
    _link_people(raw, canon)
    _link_acronyms(raw, canon)
    _link_offices(raw, canon)
    return [
        Mention(text=m.text, start=m.start, end=m.end, label=m.label, canonical=c, role=m.role)
        for m, c in zip(raw, canon, strict=True)
    ]


def names_between(mentions: list[Mention], starts: list[int], start: int, end: int) -> list[str]:
    """Canonical names of the mentions inside [start, end), in order, each once.

    ``starts`` is the sorted list of mention starts (kept by the caller for bisection).
    """
    out: list[str] = []
    for k in range(bisect.bisect_left(starts, start), len(mentions)):
        m = mentions[k]
        if m.start >= end:
            break
        if m.end <= end and m.canonical not in out:
            out.append(m.canonical)
    return out
