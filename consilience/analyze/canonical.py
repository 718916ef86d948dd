"""One name per real entity across a set of articles.

Each article already names its mentions consistently (``entities.resolve_mentions``); across
articles the same person may be "Volodymyr Zelensky" in one, "Zelenskyy" in another and
only "the Ukrainian president" in a third. ``canonicalize_entities`` maps every canonical
name used in any of the analyses to one name per entity:

* people: same surname up to spelling (rapidfuzz), compatible first names, same suffix
  ("Trump Jr." stays apart from "Donald Trump"); a lone surname joins the full name only
  when exactly one person in the set carries it, even where one article's model read it
  as an organization ("Brandt said" beside "Governor Ilka Brandt");
* other names: same lookup key, or one spelling apart when long enough to be safe;
* offices ("president of Ukraine") left unlinked in their article: the one person the set
  gives that office.

``apply_canonical`` also drops a pronoun-resolved speaker the set names as a place.

The representative is a full name when there is one, the spelling used by the most articles
(then most mentions, then alphabetical), so the choice is stable for the same input.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz

from consilience.analyze.entities import name_parts, same_person, same_surname
from consilience.analyze.gazetteer import country_of, key
from consilience.records import Analysis

_OTHER_MATCH = 95  # fuzzy ratio for non-person names ("Missile System" ~ "Missile Systems")
_OTHER_MIN_LEN = 10


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _stats(analyses: Iterable[Analysis]):
    articles: Counter = Counter()
    mentions: Counter = Counter()
    labels: dict[str, Counter] = defaultdict(Counter)
    roles: dict[str, set[str]] = defaultdict(set)  # office -> people holding it
    offices: set[str] = set()  # canonicals that are an unlinked office
    for a in analyses:
        seen = set()
        for m in a.mentions:
            mentions[m.canonical] += 1
            labels[m.canonical][m.label] += 1
            seen.add(m.canonical)
            if m.role and m.canonical == m.role:
                offices.add(m.canonical)
            elif m.role and m.label == "PERSON":
                roles[m.role].add(m.canonical)
        articles.update(seen)
    return articles, mentions, labels, roles, offices


def _label(labels: Counter) -> str:
    return labels.most_common(1)[0][0] if labels else ""


_MISREAD = frozenset({"ORG", "FAC", "PRODUCT", "NORP", "WORK_OF_ART"})


def _surnames_misread(names: list[str], people: list[str], labels) -> list[str]:
    """Lone words the model read as a company or a building in one article that are the
    surname of a person another article names in full ("Brandt said" beside "Governor
    Ilka Brandt"): the rule ``entities`` applies within an article, across the set."""
    surnames = {name_parts(p)[0][-1].lower() for p in people if len(name_parts(p)[0]) >= 2}
    return [
        n
        for n in names
        if " " not in n
        and not n.isupper()
        and n.lower() in surnames
        and _label(labels[n]) in _MISREAD
        and country_of(n) is None
    ]


def _group_people(people: list[str], union: _Union) -> None:
    full = [p for p in people if len(name_parts(p)[0]) >= 2]
    by_surname: dict[str, list[str]] = defaultdict(list)
    for p in full:
        by_surname[name_parts(p)[0][-1][:2].lower()].append(p)
    for group in by_surname.values():  # blocking: spelling variants share two first letters
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if same_person(a, b):
                    union.union(a, b)
    for p in people:
        words, suffix = name_parts(p)
        if len(words) != 1:
            continue
        fits = {
            union.find(f)
            for f in by_surname.get(words[0][:2].lower(), [])
            if name_parts(f)[1] == suffix and same_surname(name_parts(f)[0][-1], words[0])
        }
        if len(fits) == 1:
            union.union(p, fits.pop())


def _group_others(others: list[str], labels: dict[str, Counter], union: _Union) -> None:
    by_key: dict[str, str] = {}
    for o in others:
        k = key(o)
        if k in by_key:
            union.union(o, by_key[k])
        else:
            by_key[k] = o
    long = sorted(k for k in by_key if len(k) >= _OTHER_MIN_LEN)
    for i, a in enumerate(long):
        for b in long[i + 1 : i + 40]:  # sorted: near spellings sit close together
            if fuzz.ratio(a, b) >= _OTHER_MATCH and (
                _label(labels[by_key[a]]) == _label(labels[by_key[b]])
            ):
                union.union(by_key[a], by_key[b])


def canonicalize_entities(analyses: list[Analysis]) -> dict[str, str]:
    """Map every mention canonical in ``analyses`` to one canonical name per real entity."""
    articles, mentions, labels, roles, offices = _stats(analyses)
    union = _Union()
    names = sorted(mentions)
    people = [n for n in names if _label(labels[n]) == "PERSON" and n not in offices]
    people += _surnames_misread(names, people, labels)
    others = [n for n in names if n not in set(people) and n not in offices]
    _group_people(people, union)
    _group_others(others, labels, union)
    for office in offices:
        holders = {union.find(p) for p in roles.get(office, ())}
        if not holders and " of " not in office:
            holders = {
                union.find(p) for r, ps in roles.items() if r.split(" of ")[0] == office for p in ps
            }
        if len(holders) == 1:
            union.union(office, holders.pop())
    groups: dict[str, list[str]] = defaultdict(list)
    for n in names:
        groups[union.find(n)].append(n)
    mapping: dict[str, str] = {}
    for members in groups.values():
        named = [m for m in members if m not in offices] or members
        rep = min(named, key=lambda m: (len(name_parts(m)[0]) < 2, -articles[m], -mentions[m], m))
        for m in members:
            mapping[m] = rep
    return mapping


_PLACES = frozenset({"GPE", "LOC", "FAC"})


def apply_canonical(analyses: list[Analysis], mapping: dict[str, str]) -> list[Analysis]:
    """Rewrite mentions, claim entities and speakers with the set-wide names, in place.

    A speaker found only through a pronoun or a previous quote is dropped when the set
    mostly names it as a place: one article's model may read a town as a person
    ("… in Lumeira. '…,' she said"), the others show what it is.
    """
    labels: dict[str, Counter] = defaultdict(Counter)
    for a in analyses:
        for m in a.mentions:
            m.canonical = mapping.get(m.canonical, m.canonical)
            labels[m.canonical][m.label] += 1
    for a in analyses:
        for c in a.claims:
            if c.speaker:
                c.speaker = mapping.get(c.speaker, c.speaker)
                place = _label(labels.get(c.speaker, Counter())) in _PLACES
                if place and c.attribution in ("pronoun", "previous"):
                    c.speaker, c.attribution = None, None
            names = []
            for e in c.entities:
                e = mapping.get(e, e)
                if e not in names:
                    names.append(e)
            c.entities = names
    return analyses
