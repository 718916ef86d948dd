"""What a length or a duration is the extent of: a range, a distance, the time left.

``measures`` reads what a figure measures from the noun it sizes or the verb it depends on.
For lengths and durations the words that say what is measured often lie elsewhere, and the
cross-check aligns claims by ``about``, so these readings come first (``None`` from a
function here means it has no reading and ``measures.measured`` decides).

Conventions:

* A length that is how far something reaches is its **range**, about "range of <thing>"
  (the lemma of the thing, as ``measures`` writes "range of missile"):

  - the figure sizes a noun that exists because of a range: "the 300km kill zone of the
    rockets", "a 50-mile strike radius", "within striking distance", "its 80 km reach";
  - "N km away" or "from N km away" with a verb of reach before it in the same clause
    (hit, strike, fire, target, reach, launch, shoot, intercept, detect, …): "can hit
    depots 80 miles away", "hitting a building from 300 kilometers away". The thing is
    the verb's instrument ("with drones"), else its subject ("it"/"they" read as the
    previous sentence's subject, a relative "that"/"which" as the noun it describes), else
    the noun a clause like "capable of hitting" describes; with none, "range".

* Any other "N km away", "N km south of X", "N miles off X" places something: about
  "distance of <what is placed>" (the clause's subject: "the epicentre lay 20 km south of
  the city" → "distance of epicentre"), else "distance". A comma between a verb of reach
  and the figure ends the clause: "rockets hit Tolvik, 40 km away" places Tolvik.

* A duration that is what remains is "time left", with what it is left in or before:
  "two months left in his term" → "time left in term", "ten days to go until the vote" →
  "time left until vote". A duration that offsets an event ("two months before Omar
  Reyes takes over") is also a date; its figure's about is "time before <event>", set in
  ``consilience.analyze`` where the date and the figure meet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from consilience.analyze import measures

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_NOUNS = {"NOUN", "PROPN"}
# Nouns a length sizes when it is how far something reaches, with the words that make them
# so ("kill zone", "strike radius", "striking distance"); "reach" needs no such word.
_REACH_HEADS = {"zone", "radius", "envelope", "umbrella", "bubble", "distance", "footprint"}
_REACH_WORDS = {"kill", "killing", "strike", "striking", "firing", "fire", "engagement",
                "attack", "threat", "target", "targeting", "danger", "lethal"}
_REACH_VERBS = {"hit", "strike", "target", "reach", "fire", "launch", "shoot", "attack",
                "engage", "destroy", "kill", "intercept", "detect", "spot", "track", "bomb",
                "shell", "hunt"}
# Words after a length that place something: "20 km south of", "30 km off the coast".
_PLACING = {"north", "south", "east", "west", "northeast", "northwest", "southeast",
            "southwest", "north-east", "north-west", "south-east", "south-west",
            "off", "offshore", "inland", "upstream", "downstream", "outside"}
_LEFT = {"left", "remaining", "remain"}
_RELATIVE = {"that", "which", "who"}
_CLAUSE_END = {",", ";", ":", "—", "–", "(", "."}


def length_about(doc: Doc, first: int, last: int) -> str | None:
    """``about`` of a length figure in tokens ``first..last``, or None (module doc)."""
    root = measures.root_token(doc, first, last)
    noun = _sized_noun(root, first, last)
    if noun is not None and _reaches(noun):
        owner = measures.owner_of(noun, range(first, last + 1))
        return f"range of {owner}" if owner else "range"
    j = _after(doc, last)
    if j is None:
        return None
    word = doc[j].lower_
    if word == "away":
        verb = _reach_verb(doc, first)
        if verb is not None:
            doer = _doer(verb)
            return f"range of {measures.lemma(doer)}" if doer is not None else "range"
    if word == "away" or word in _PLACING:
        placed = _placed(doc[j], root, first)
        return f"distance of {measures.lemma(placed)}" if placed is not None else "distance"
    return None


def duration_about(doc: Doc, first: int, last: int) -> str | None:
    """``about`` of a duration that is the time left ("two months left in his term")."""
    j = _after(doc, last)
    if j is None:
        return None
    t = doc[j]
    if t.lower_ == "to" and j + 1 < len(doc) and doc[j + 1].lower_ == "go":
        t = doc[j + 1]  # "ten days to go until the vote"
    elif t.lower_ not in _LEFT:
        return None
    nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
    if nxt is None or nxt.lower_ not in ("in", "before", "until", "till", "of", "on"):
        return "time left"
    pobj = next((c for c in nxt.children if c.dep_ == "pobj" and c.pos_ in _NOUNS), None)
    if pobj is not None:
        return f"time left {nxt.lower_} {measures.compound(pobj)}"
    if nxt.dep_ == "mark" and nxt.head.i > nxt.i:  # "… to go before Omar Reyes takes over"
        words = [c.text for c in doc[nxt.i + 1 : nxt.head.right_edge.i + 1] if not c.is_punct]
        return f"time left {nxt.lower_} " + " ".join(words)
    return "time left"


def _sized_noun(root: Token, first: int, last: int) -> Token | None:
    """The noun a figure sizes: "a 300km kill zone", "a strike radius of 50 km"."""
    h = root.head
    if root.dep_ in ("compound", "amod", "nmod", "nummod", "npadvmod") and h.i > last \
            and h.pos_ == "NOUN":
        return h
    if root.dep_ == "pobj" and h.lower_ == "of" and h.head.pos_ == "NOUN" and h.head.i < first:
        return h.head
    return None


def _reaches(noun: Token) -> bool:
    """Is ``noun`` how far something reaches ("kill zone", "strike radius", "reach")?"""
    word = noun.lemma_.lower()
    if word == "reach":
        return True
    if word not in _REACH_HEADS:
        return False
    return any(c.i < noun.i and c.dep_ in ("amod", "compound", "nmod")
               and (c.lower_ in _REACH_WORDS or c.lemma_.lower() in _REACH_WORDS)
               for c in noun.children)


def _after(doc: Doc, last: int) -> int | None:
    """The token after a figure, past a conversion in brackets ("300 km (186 miles) away")."""
    j = last + 1
    if j < len(doc) and doc[j].text == ")":
        j += 1  # the figure was the conversion itself
    elif j < len(doc) and doc[j].text == "(":
        close = next((k for k in range(j + 1, min(len(doc), j + 10)) if doc[k].text == ")"),
                     None)
        if close is None:
            return None
        j = close + 1
    return j if j < len(doc) else None


def _reach_verb(doc: Doc, first: int) -> Token | None:
    """A verb of reach before the figure in the same clause."""
    start = doc[first].sent.start
    for t in reversed(doc[max(start, first - 12) : first]):
        if t.text in _CLAUSE_END:
            return None
        if t.pos_ == "VERB" and t.lemma_.lower() in _REACH_VERBS:
            return t
    return None


def _doer(verb: Token) -> Token | None:
    """What reaches that far: the verb's instrument, subject, or the noun it describes."""
    tool = _instrument(verb)
    if tool is not None:
        return tool
    t = verb
    for _ in range(6):
        subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            return _subject(t, subj)
        if t.dep_ in ("amod", "acl", "relcl") and t.head.pos_ in _NOUNS:
            return t.head  # "weapons capable of hitting", "missiles able to strike"
        if t.head.i == t.i:
            return None
        t = t.head
    return None


def _instrument(verb: Token) -> Token | None:
    """"hit depots with drones": the noun after "with", which the parser hangs on the verb
    or on its object."""
    holders = [verb, *(c for c in verb.children if c.dep_ == "dobj")]
    for h in holders:
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ == "with":
                tool = next((p for p in c.children if p.dep_ == "pobj" and p.pos_ in _NOUNS),
                            None)
                if tool is not None:
                    return tool
    return None


def _subject(verb: Token, subj: Token) -> Token | None:
    if subj.pos_ in _NOUNS:
        return subj
    if subj.lower_ in ("it", "they"):
        return measures.antecedent(subj)
    if subj.lower_ in _RELATIVE and verb.dep_ == "relcl" and verb.head.pos_ in _NOUNS:
        return verb.head
    return None  # "we", "you", "some": no thing of the story


def _placed(word: Token, root: Token, first: int) -> Token | None:
    """What a distance places: the noun it follows after a comma ("hit Tolvik, 40 km
    away"), the noun it describes ("a town 40 km away"), else the subject of its clause
    ("the epicentre lay 20 km south")."""
    doc = word.doc
    if first > 1 and doc[first - 1].text == "," and doc[first - 2].pos_ in _NOUNS:
        return doc[first - 2]
    t = word
    for _ in range(4):
        if t.pos_ in ("VERB", "AUX"):
            subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            return _subject(t, subj) if subj is not None else None
        if t.pos_ in _NOUNS and t.i != root.i and t.i != word.i:
            return t  # "Tolvik, 40 km away"
        if t.head.i == t.i:
            return None
        t = t.head
    return None
