"""What a figure measures, read from spaCy's dependency parse: counted nouns, ``about``, scope.

Conventions (shared with the cross-check, which aligns claims by ``about``):

* counts: ``about`` is the counted noun phrase as written, lower case, with its adjectives and
  compounds but without determiners or the number ("north korean troops", "civilians",
  "new seasons"); ``Claim.unit`` is the lemma of its head noun ("troop").
* magnitudes: "magnitude of <event>" ("magnitude of earthquake", "magnitude of aftershock"),
  see ``magnitude_of``.
* quantities and money: ``about`` is the lemma of the noun the figure measures, followed by
  " of <owner>" when the parse names whose it is: "a range of up to 190 miles" → "range",
  "the missile has a range of 300 km" → "range of missile", "190-mile-range missiles" →
  "range of missile", "$56.2 billion in aid" → "aid", "a $150,000 contract" → "contract".
  A hedge the parser reads as a preposition still leaves the noun before it measured
  ("weapons with ranges over 250 km" → "range of weapon"); a "with" phrase belongs to the
  noun it hangs from, the object right before it, or the subject of the clause it opens
  ("With a range of 300 km, the rockets …" → "range of rocket"). Lengths and durations
  are first read by ``extent`` (ranges, distances, time left).
  When no noun is found, the object of the verb the figure depends on when the figure
  comes in a phrase after it ("put its depth at 35 km" → "depth", "estimated the toll at
  41" → "toll"), else the verb's subject ("Revenue rose to $7.36 billion" → "revenue"; a
  subject "it"/"they" is read as the previous sentence's subject), else that verb's lemma
  ("cost"), else "". A figure that is what someone says ("a limited number — some say
  less than 60") measures a noun of amount in the clause commented on ("number"), never
  the saying; with none, "".
* ordinals: the noun, and whose it is when the words say so: "its 1,000th day" in "the
  blockade, now nearing its 1,000th day" → "day of blockade".
* scope: "total" ("a total of", "in total", "overall"), "so far" ("so far", "to date",
  "since …"), "new" ("another", "additional", "new", "more"), "change" (an amount of change:
  "rose 5%", "up 19 cents", "by $43.6 billion"), "previous" (the starting value of
  "from X to Y" after a verb of change); None otherwise.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_NOUNS = {"NOUN", "PROPN"}
_CHANGE_VERBS = {
    "rise", "fall", "drop", "climb", "jump", "gain", "lose", "slide", "slip", "plunge",
    "plummet", "soar", "surge", "increase", "decrease", "grow", "shrink", "decline", "add",
    "cut", "lower", "reduce", "boost", "tumble", "sink", "rally", "dip", "ease",
    "advance", "retreat", "slump", "spike", "rebound", "edge", "inch", "swell", "widen",
    "narrow", "expand", "contract", "revise", "shed", "trim", "lift", "creep",
    "balloon", "double", "halve", "slow", "accelerate",
}  # fmt: skip
# Verbs that move a value "from X to Y" without making "X" alone an amount of change.
_FROM_TO_VERBS = {"raise", "lift", "hike", "move", "go", "shift", "change", "extend", "push",
                  "bump", "upgrade", "downgrade", "increase", "decrease", "lower", "reduce"}
_CHANGE_NOUNS = {
    "increase", "decrease", "rise", "fall", "drop", "cut", "reduction", "decline", "growth",
    "gain", "loss", "jump", "hike", "boost", "surge", "slump", "dip", "uptick", "change",
}  # fmt: skip
_NEW_WORDS = {"another", "additional", "new", "more", "extra", "further", "fresh"}
_TOTAL_WORDS = {"total", "overall", "altogether", "cumulative", "combined", "aggregate"}
_SO_FAR = ("so far", "to date", "thus far", "as of", "since the start", "since the beginning",
           "up to now", "until now", "so far this year")
# "since 2022", "since the invasion": a running total; "since they left" may be a cause.
_SINCE_RE = re.compile(r"\bsince\b(?![ \u00a0]+(?:he|she|they|we|i|you|it|this|that)\b)")
_TOTAL_RE = re.compile(r"\b(?:in total|altogether|in all)\b")  # "a total of" is local
_DEICTIC = {"last", "next", "this", "that", "coming", "same"}
# Prepositions that bring a value to a verb's object: "put its depth at", "raised the age
# to", "cut the rate by", "sold the unit for".
_VALUE_PREPS = {"at", "to", "by", "from", "for"}
_HEDGE_PREPS = {"over", "under", "above", "below", "around", "about"}
# Verbs whose object is what someone says a figure is ("some say less than 60"): the figure
# measures something named in the clause they comment on, never the saying.
_SPEECH_VERBS = {"say", "estimate", "believe", "think", "reckon", "suggest", "claim", "guess",
                 "argue", "insist", "report", "tell"}
# Nouns that stand for an amount of something ("a limited number", "the total").
_AMOUNT_NOUNS = {"number", "amount", "quantity", "total", "figure", "count", "supply",
                 "stock", "stockpile", "handful", "share", "portion", "tally", "toll"}


def span_tokens(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Indices of the first and last tokens overlapping characters ``start:end``."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.start, span.end - 1


def root_token(doc: Doc, first: int, last: int) -> Token:
    """The token of ``first..last`` whose head lies outside the span."""
    for i in range(last, first - 1, -1):
        h = doc[i].head.i
        if h < first or h > last or h == i:
            return doc[i]
    return doc[last]


def _np_text(doc: Doc, head: Token, after: int) -> str:
    """The counted noun phrase: modifiers of ``head`` after token ``after``, and head."""
    out: list[str] = []
    prev: Token | None = None
    for t in doc[after + 1 : head.i + 1]:
        if t.i != head.i and not _in_hyphen_word(t) and (
                t.pos_ in ("DET", "PUNCT", "PRON", "CCONJ", "ADP", "VERB")
                or t.dep_ in ("det", "poss", "quantmod", "cc")):
            continue  # "300 recorded songs" counts songs
        if not out and t.text == "-":
            continue  # "13-person": the number's own hyphen
        if t.lower_ in ("more", "fewer", "less") and doc[t.i - 1].lower_ == "or":
            continue  # "40 or fewer families": the hedge, not the families' kind
        if out and not (prev is not None and prev.i == t.i - 1 and not prev.whitespace_):
            out.append(" ")
        out.append(t.text)
        prev = t
    return "".join(out).lower()


def _in_hyphen_word(t: Token) -> bool:
    """Is ``t`` a piece of a hyphenated word ("mail-in", "all-consuming", "first-team")?"""
    doc = t.doc
    if t.text == "-":
        return not t.whitespace_ and t.i > 0 and not doc[t.i - 1].whitespace_
    before = t.i > 1 and doc[t.i - 1].text == "-" and not doc[t.i - 1].whitespace_ \
        and not doc[t.i - 2].whitespace_
    after = t.i + 1 < len(doc) and doc[t.i + 1].text == "-" and not t.whitespace_ \
        and not doc[t.i + 1].whitespace_
    return before or after


def _past_hyphen_word(doc: Doc, h: Token) -> Token:
    """"8,329 mail-in ballots": when the parse stops inside a hyphenated word, the noun after."""
    j = h.i
    while j + 2 < len(doc) and doc[j + 1].text == "-" and _in_hyphen_word(doc[j + 1]):
        j += 2
    if j == h.i:
        return h
    if doc[j].pos_ in _NOUNS:
        return doc[j]  # "3 co-founders"
    found = _first_noun_after(doc, j, strict=True)
    return found[0] if found else h


def counted_noun(doc: Doc, first: int, last: int, *, via_of: bool) -> tuple[Token, str] | None:
    """The noun a bare number counts, and its noun phrase; None when it counts nothing.

    ``via_of`` reads "thousands of troops", "one of the best speakers": the noun after "of".
    """
    nxt = last + 1
    if via_of:
        if nxt < len(doc) and doc[nxt].lower_ == "of":
            pobj = [c for c in doc[nxt].children if c.dep_ == "pobj"]
            if pobj and (pobj[0].pos_ == "NOUN" or pobj[0].tag_ == "NNPS"
                         or pobj[0].ent_type_ == "NORP"):
                return pobj[0], _np_text(doc, pobj[0], nxt)
            return _first_noun_after(doc, nxt, names=True)
        return None
    t = doc[last]
    h = t.head
    if nxt < len(doc) and doc[nxt].pos_ == "NUM" and any(ch.isdigit() for ch in doc[nxt].text):
        return None  # "one 52,000 barrel-a-day refinery": the count is of the next figure
    if h.pos_ == "PROPN" and h.tag_ != "NNPS" and h.ent_type_ != "NORP" and (
            len(h.text) == 1 or t.text.isdigit()):
        return None  # "1.3 A", "9 E 71st St": a letter or a name, not a count
    if (t.dep_ in ("nummod", "amod", "compound", "quantmod", "nmod", "npadvmod")
            and h.pos_ in _NOUNS and last < h.i <= last + 6 and _only_modifiers(doc, last, h)):
        h = _past_hyphen_word(doc, h)
        found = h, _np_text(doc, h, last)
    else:
        found = _first_noun_after(doc, last, strict=True)
    if found and any(t.lower_ in _DEICTIC for t in doc[last + 1 : found[0].i]):
        return None  # "2.1 last year": the noun is a time expression of its own
    return found


def _only_modifiers(doc: Doc, last: int, head: Token) -> bool:
    """Only adjectives, nouns and glued hyphens between a number and its noun."""
    for t in doc[last + 1 : head.i]:
        if _in_hyphen_word(t):
            continue
        if t.pos_ not in ("ADJ", "NOUN", "PROPN", "PUNCT", "ADV", "NUM", "VERB", "CCONJ"):
            return False
        if t.pos_ == "PUNCT" and (t.text != "-" or t.whitespace_):
            return False
    return True


def entity_beyond(doc: Doc, first: int, last: int) -> bool:
    """Does the named entity at token ``first`` run past ``first..last`` with more words?"""
    i = first
    while i > 0 and doc[i].ent_iob_ == "I":
        i -= 1
    j = last
    while j + 1 < len(doc) and doc[j + 1].ent_iob_ == "I":
        j += 1
    return any(doc[k].is_alpha for k in (*range(i, first), *range(last + 1, j + 1)))


def is_name_part(doc: Doc, first: int, last: int) -> bool:
    """Digits inside a name: after a proper noun ("iPhone 11", "S&P 500", "Lang 20") or
    before a singular one ("575 Wilbraham Road", "737 Max", "90049 ZIP Code")."""
    if first > 0:
        prev = doc[first - 1]
        if not doc[first].text.isdigit():
            return False  # "0.5 WAR", "1,307,000 Americans": model numbers are plain digits
        if (prev.pos_ == "PROPN" and prev.whitespace_ and prev.ent_type_ not in (
                "NORP", "DATE", "MONEY", "QUANTITY") and prev.text[:1].isupper()
                and not prev.is_sent_start):
            return True
    if last + 1 < len(doc) and doc[last].text.isdigit():
        nxt = doc[last + 1]
        if (nxt.pos_ == "PROPN" and nxt.text[:1].isupper() and nxt.tag_ != "NNPS"
                and nxt.ent_type_ != "NORP" and doc[last].whitespace_):
            return True
    return False


def _first_noun_after(doc: Doc, after: int, strict: bool = False, names: bool = False
                      ) -> tuple[Token, str] | None:
    for t in doc[after + 1 : after + 7]:
        if (names and t.pos_ == "PROPN") or (t.lower_ == "and" and names):
            continue  # "dozens of Kia and Hyundai vehicles"
        if _in_hyphen_word(t) and t.i + 1 < len(doc) and _in_hyphen_word(doc[t.i + 1]):
            continue  # "mail-in ballots": not the last piece of the hyphenated word
        if t.pos_ in _NOUNS and not (t.dep_ == "compound" and t.head.i > t.i):
            if t.pos_ == "PROPN" and t.tag_ != "NNPS" and t.ent_type_ != "NORP":
                return None  # "737 Max", "787 Dreamliner": a name, not a count
            return t, _np_text(doc, t, after)
        if t.lower_ in ("and", "or") and t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "ADJ":
            continue  # "4.3M digital and physical sales"
        if t.pos_ not in ("ADJ", "DET", "NOUN", "PROPN", "ADV", "PUNCT", "NUM") or (
            strict and t.pos_ == "DET"
        ) or t.text in (",", ";", ":", "(", ")", ".") or (t.pos_ == "PUNCT" and t.whitespace_):
            return None
    return None


def noun_after(doc: Doc, last: int) -> tuple[Token, str] | None:
    """The noun phrase a fraction is of: "one-fifth of the country", "one in five adults"."""
    i = last + 1
    if i < len(doc) and doc[i].lower_ == "of":
        i += 1
    return _first_noun_after(doc, i - 1, names=False)


def lemma(t: Token) -> str:
    return (t.lemma_ if t.pos_ == "NOUN" else t.text).lower()


def noun_lemma(t: Token) -> str:
    """Lower-case singular of a counted noun; plural proper nouns ("Prizes") lose their -s;
    a hyphenated noun keeps its first pieces ("co-founders" -> "co-founder")."""
    i = t.i
    while (i > 1 and _in_hyphen_word(t.doc[i - 1]) and t.doc[i - 1].text == "-"
           and not t.doc[i - 2].like_num):  # "three-point" counts points
        i -= 2
    prefix = t.doc[i : t.i].text.lower() if i < t.i else ""
    return prefix + _singular(t)


def _singular(t: Token) -> str:
    if t.tag_ == "NNPS" or (t.ent_type_ == "NORP" and t.text.endswith("s")):
        w = t.text.lower()
        for suffix, repl in (("ies", "y"), ("sses", "ss"), ("shes", "sh"), ("ches", "ch"),
                             ("s", "")):
            if w.endswith(suffix) and len(w) > len(suffix) + 1:
                return w[: -len(suffix)] + repl
        return w
    return t.lemma_.lower()


def compound(t: Token, skip: range = range(0)) -> str:
    """A noun with the compound nouns in front of it: "death toll", "interest rate"."""
    mods = [c for c in t.children if c.dep_ == "compound" and c.i < t.i and c.pos_ in _NOUNS
            and c.i not in skip and not c.like_num]
    return " ".join([_hyphen_word(c).lower() for c in mods] + [lemma(t)])


def _hyphen_word(t: Token) -> str:
    """The whole hyphenated word ``t`` ends: "long-term" for "term"."""
    i = t.i
    while i > 1 and t.doc[i - 1].text == "-" and _in_hyphen_word(t.doc[i - 1]):
        i -= 2
    return t.doc[i : t.i + 1].text


def owner_of(t: Token, skip: range) -> str:
    """Whose attribute ``t`` is: its possessor, an "of" object, or what has it."""
    for c in t.children:
        if c.dep_ == "poss" and c.pos_ in _NOUNS:
            return lemma(c)
        if c.dep_ == "prep" and c.lower_ == "of":
            for p in c.children:
                if p.dep_ == "pobj" and p.pos_ in _NOUNS and p.i not in skip:
                    return compound(p)
    h = t.head
    if t.dep_ in ("dobj", "attr") and h.lemma_ in ("have", "boast", "carry", "reach"):
        subj = [c for c in h.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in _NOUNS]
        if subj:
            return lemma(subj[0])
    if t.dep_ == "pobj" and h.lower_ == "with":
        holder = _with_holder(h)
        return lemma(holder) if holder is not None else ""
    return ""


def _with_holder(with_: Token) -> Token | None:
    """What a "with" phrase describes: the noun it hangs from ("missiles with a range of"),
    the object right before it when the parser hung it on the verb ("fire weapons with
    ranges over 250 km"), or the subject of a clause it opens ("With a range of 300 km,
    the rockets can reach …")."""
    h = with_.head
    if h.pos_ in _NOUNS:
        return h
    if h.pos_ not in ("VERB", "AUX"):
        return None
    before = with_.doc[with_.i - 1] if with_.i > 0 else None
    if before is not None and before.dep_ == "dobj" and before.head.i == h.i \
            and before.pos_ in _NOUNS:
        return before
    if with_.i < h.i:
        return next((c for c in h.children if c.dep_ in ("nsubj", "nsubjpass")
                     and c.pos_ in _NOUNS), None)
    return None


def _with_owner(t: Token, skip: range) -> str:
    owner = owner_of(t, skip)
    base = compound(t, skip)
    return f"{base} of {owner}" if owner and owner != base else base


def measured(doc: Doc, first: int, last: int) -> str:
    """What a quantity or money figure in tokens ``first..last`` measures (see module doc)."""
    skip = range(first, last + 1)
    root = root_token(doc, first, last)
    # "over $56.2 billion in aid, nearly $60 billion": a figure in apposition or a list
    # measures what its head figure measures.
    if root.dep_ in ("appos", "conj") and root.head.i < first and root.head.like_num | (
            root.head.ent_type_ in ("MONEY", "QUANTITY", "PERCENT", "CARDINAL")):
        h = root.head
        return measured(doc, h.left_edge.i if h.left_edge.i <= h.i else h.i, h.i)
    # "$56.2 billion in aid", "8 miles of new tunnels"
    for c in root.rights:
        if c.dep_ == "prep" and c.lower_ in ("in", "of", "for", "on") and c.i > last:
            pobj = [p for p in c.children if p.dep_ == "pobj" and p.pos_ == "NOUN"]
            if pobj and pobj[0].ent_type_ not in ("DATE", "TIME"):
                return compound(pobj[0])
    h = root.head
    # "a range of up to 190 miles", "a fine of $10.5 million"
    if root.dep_ == "pobj" and h.lower_ == "of" and h.head.pos_ == "NOUN" and h.head.i < first:
        return _with_owner(h.head, skip)
    # "ranges over 250 kilometers", "salaries above $90,000": the parser reads the hedge as
    # a preposition of the noun right before it, which is what the figure measures
    if root.dep_ == "pobj" and h.lower_ in _HEDGE_PREPS and h.head.pos_ == "NOUN" \
            and h.head.i == h.i - 1:
        return _with_owner(h.head, skip)
    # "190-mile-range missiles", "a $150,000 contract", "a 750 meter swim"
    if root.dep_ in ("compound", "amod", "nmod", "nummod", "npadvmod") and h.i > last \
            and h.pos_ == "NOUN":
        chain = [h]
        while chain[-1].dep_ == "compound" and chain[-1].head.i > chain[-1].i \
                and chain[-1].head.pos_ in _NOUNS:
            chain.append(chain[-1].head)
        if len(chain) > 1:
            return f"{lemma(chain[0])} of {lemma(chain[-1])}"
        return _with_owner(h, skip)
    return _from_verb(root)


def _from_verb(root: Token) -> str:
    """What the verb a figure depends on gives a value to: its object when the figure
    comes in a phrase after it ("put its depth at 35 km", "estimated the toll at 41",
    "raised the age to 21"), else its subject ("the toll stood at 41"), a pronoun subject
    read as the previous sentence's ("It rose to 41"), else the verb's lemma ("cost")."""
    t = root
    prep = ""
    for _ in range(3):
        if t.dep_ in ("pobj",) and t.head.dep_ in ("prep", "agent"):
            prep = prep or t.head.lower_
            t = t.head.head
            continue
        if t.pos_ in ("VERB", "AUX", "ADJ", "ADV") or t.dep_ == "ROOT":
            break
        t = t.head
    if t.pos_ not in ("VERB", "AUX"):
        return ""
    if prep in _VALUE_PREPS:
        obj = next((c for c in t.children if c.dep_ == "dobj" and c.pos_ == "NOUN"), None)
        if obj is not None:
            return _with_owner(obj, range(0))
    if root.dep_ == "dobj" and root.head.i == t.i:  # "set aside €150m for emergency relief"
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ in ("for", "on", "in") and c.i > root.i:
                pobj = [p for p in c.children if p.dep_ == "pobj" and p.pos_ == "NOUN"]
                if pobj and pobj[0].ent_type_ not in ("DATE", "TIME"):
                    return compound(pobj[0])
    if _says_the_figure(t, root):
        return _said_of(t, root)
    for c in t.children:
        if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in _NOUNS:
            return _with_owner(c, range(0))
        if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("it", "they"):
            earlier = antecedent(c)
            if earlier is not None:
                return _with_owner(earlier, range(0))
    return t.lemma_.lower() if t.pos_ == "VERB" else ""


def _says_the_figure(verb: Token, figure: Token) -> bool:
    """Is the figure what the verb's subject says ("some say less than 60"), rather than
    those who say it ("70 percent of voters say") or what a passive puts a value on ("the
    population is estimated at 40,000")?"""
    if verb.lemma_.lower() not in _SPEECH_VERBS or figure.dep_ in ("nsubj", "nsubjpass"):
        return False
    return not any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _said_of(verb: Token, figure: Token) -> str:
    """What a figure someone says measures: "a limited number — some say less than 60":
    a noun of amount in the clause the saying comments on, before the figure; else ""."""
    clauses = [c for c in verb.children if c.dep_ in ("ccomp", "parataxis", "advcl")]
    if verb.dep_ in ("parataxis", "ccomp", "conj") and verb.head.i != verb.i:
        clauses.append(verb.head)
    for clause in clauses:
        for t in clause.subtree:
            if t.i < figure.i and t.pos_ == "NOUN" and t.lemma_.lower() in _AMOUNT_NOUNS:
                return _with_owner(t, range(figure.i, figure.i + 1))
    return ""


def ordinal_of(doc: Doc, last: int, noun: str) -> str:
    """``about`` of an ordinal count ("its 1,000th day"): the noun, and whose it is when
    the words say so ("day of blockade" for "the blockade, now nearing its 500th day")."""
    t = doc[last]
    owner = owner_of(t, range(0))
    if not owner:
        poss = next((c for c in t.children if c.dep_ == "poss"), None)
        if poss is not None and poss.lower_ in ("its", "their"):
            holder = _holder_of(t)
            owner = lemma(holder) if holder is not None else ""
    return f"{noun} of {owner}" if owner and owner != noun else noun


def _holder_of(t: Token) -> Token | None:
    """What "its" refers to from ``t``: the noun its clause describes, else its subject."""
    for _ in range(4):
        h = t.head
        if h.i == t.i:
            return None
        if t.dep_ in ("acl", "relcl", "appos") and h.pos_ in _NOUNS:
            return h
        if h.pos_ in ("VERB", "AUX"):
            subj = next((c for c in h.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and subj.pos_ in _NOUNS:
                return subj
        t = h
    return None


def antecedent(pronoun: Token) -> Token | None:
    """The noun subject of the sentence before ``pronoun``'s, in the same parsed piece."""
    start = pronoun.sent.start
    if start == 0:
        return None
    sent = pronoun.doc[start - 1].sent
    # the main clause's subject: hanging from the root, or from an auxiliary the parser
    # made its head ("The bridge was closed": "bridge" under "was")
    return next(
        (
            t
            for t in sent
            if t.dep_ in ("nsubj", "nsubjpass")
            and t.pos_ in _NOUNS
            and sent.root in (t.head, t.head.head)
        ),
        None,
    )


# Seismic events a magnitude is read for, under the name the about uses.
_SEISMIC = {
    "earthquake": "earthquake", "quake": "earthquake", "temblor": "earthquake",
    "tremor": "earthquake", "shock": "earthquake", "mainshock": "earthquake",
    "aftershock": "aftershock", "foreshock": "foreshock",
}  # fmt: skip


def magnitude_of(doc: Doc, first: int, last: int) -> str:
    """``about`` of a magnitude reading: "magnitude of <event>" for the event it qualifies.

    The event is the noun the reading modifies ("a magnitude 6.4 earthquake", "a
    6.4-magnitude quake"), the noun it is "of" ("an earthquake of magnitude 5.8"), what has
    it ("the quake had a magnitude of 5.8"), else the nearest seismic noun in the sentence
    ("the main quake, which the institute measured at magnitude 6.4"). Seismic nouns take
    one name ("quake" → "earthquake") so that reports align; with no event, "magnitude".
    """
    root = root_token(doc, first, last)
    h = root.head
    found: list[Token] = []
    if h.pos_ == "NOUN" and h.i > last:
        found.append(h)
    if root.dep_ == "pobj" and h.lower_ == "of" and h.head.pos_ == "NOUN":
        found.append(h.head)
    if root.dep_ in ("dobj", "attr") and h.pos_ in ("VERB", "AUX"):
        found += [c for c in h.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "NOUN"]
    for t in found:
        if t.lemma_.lower() in _SEISMIC:
            return f"magnitude of {_SEISMIC[t.lemma_.lower()]}"
    sent = doc[first].sent
    nearby = sorted(
        (t for t in sent if t.lemma_.lower() in _SEISMIC and not first <= t.i <= last),
        key=lambda t: (t.i > last, abs(t.i - first)),  # before the reading first, then after
    )
    if nearby:
        return f"magnitude of {_SEISMIC[nearby[0].lemma_.lower()]}"
    named = [t for t in found if t.lemma_.lower() != "magnitude"]
    return f"magnitude of {lemma(named[0])}" if named else "magnitude"


def scope(doc: Doc, first: int, last: int, sent_start: int, sentence: str) -> str | None:
    """Whether the figure is a total, a running total, a new amount or a change (module doc).

    ``first..last`` are the tokens of the whole claim, hedge and unit included; ``sentence``
    is the lower-cased text of its sentence.
    """
    before = doc[max(sent_start, first - 3) : first]
    words = [t.lower_ for t in before]
    if any(w in _NEW_WORDS for w in words[-2:]) or (
        last + 1 < len(doc) and doc[last + 1].lower_ == "more"
    ):
        return "new"
    if any(w in _TOTAL_WORDS for w in words):
        return "total"
    root = root_token(doc, first, last)
    change = _change(root)
    if change:
        return change
    for t in root.head.children:
        if t.dep_ == "amod" and t.lower_ in _NEW_WORDS and t.i > last:
            return "new"
    if any(w in sentence for w in _SO_FAR) or _SINCE_RE.search(sentence):
        return "so far"
    if _TOTAL_RE.search(sentence):
        return "total"
    return None


def changed_by_verb(doc: Doc, i: int) -> bool:
    """Does a verb of change govern the number at token ``i`` ("raised … from 18 to 21")?"""
    t = doc[i]
    for _ in range(6):
        if t.head.i == t.i:
            break
        t = t.head
        verdict = _change_verb(t)
        if verdict is not None:
            return verdict
    # The parser often hangs "from X to Y" on a later verb ("raising the age to buy
    # tobacco from 18 to 21"): read the clause before the number, right to left.
    for t in reversed(doc[max(0, i - 12) : i]):
        if (t.is_punct and t.text in ",;:()") or t.is_sent_start:
            break
        verdict = _change_verb(t)
        if verdict is not None:
            return verdict
    return False


def _change_verb(t: Token) -> bool | None:
    """True for a verb of change, False for a verb of range ("range", "vary"), else None."""
    word = t.lemma_.lower()
    if word in ("range", "vary", "span"):
        return False
    if t.pos_ == "VERB" and (word in _CHANGE_VERBS or word in _FROM_TO_VERBS):
        return True
    return None


def _change(root: Token) -> str | None:
    """"change" for an amount of change, "previous" for "from X" after a verb of change."""
    t = root
    prep = None
    if t.dep_ == "pobj" and t.head.dep_ == "prep":
        prep = t.head.lower_
        t = t.head.head
    elif (t.dep_ in ("npadvmod", "advmod") and t.head.lower_ in ("up", "down")) or (
            t.i > 0 and t.doc[t.i - 1].lower_ in ("up", "down") and t.dep_ != "pobj"):
        return "change"  # "up 9.4 per cent", "shares down 2%"
    else:
        t = t.head  # "dropped 7%": the word the figure depends on
    verb = t if t.pos_ in ("VERB", "AUX") else None
    if verb is None or verb.lemma_.lower() not in _CHANGE_VERBS:
        if prep in ("by", "of") and t.pos_ == "NOUN" and t.lemma_.lower() in _CHANGE_NOUNS:
            return "change"  # "an increase of 5%", "a cut by 20 percent"
        return None
    if prep is None and root.dep_ in ("dobj", "npadvmod", "advmod", "nummod", "attr"):
        return "change"
    if prep == "by":
        return "change"
    if prep == "from":
        return "previous"
    return None
