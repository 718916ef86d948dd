"""Small readings of spaCy's parse shared by the extractors.

``describe_predicate`` turns a clause into a short key ("authorize Ukraine to use missiles")
that lets the cross-check put side by side sentences that say the same kind of thing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# Verbs that report speech or thought; their complement holds what was said, not what is.
REPORTING_VERBS = frozenset(
    [
        "say",
        "tell",
        "state",
        "add",
        "argue",
        "insist",
        "claim",
        "warn",
        "write",
        "note",
        "explain",
        "declare",
        "announce",
        "ask",
        "reply",
        "answer",
        "respond",
        "confirm",
        "deny",
        "admit",
        "acknowledge",
        "stress",
        "emphasize",
        "emphasise",
        "call",
        "describe",
        "put",
        "tweet",
        "post",
        "suggest",
        "urge",
        "promise",
        "vow",
        "predict",
        "conclude",
        "recall",
        "remark",
        "report",
        "allege",
        "assert",
        "maintain",
        "contend",
        "caution",
        "complain",
        "concede",
        "comment",
        "testify",
        "observe",
        "point",
        "believe",
        "think",
        "reiterate",
        "repeat",
        "pledge",
        "signal",
        "indicate",
    ]
)

_OBJECT_DEPS = ("dobj", "attr", "oprd", "acomp", "dative")
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj", "expl")
_MAX_WORDS = 7


def main_verb(token: Token) -> Token:
    """The verb a token hangs from (itself when it is one)."""
    seen = 0
    while token.pos_ not in ("VERB", "AUX") and token.head is not token and seen < 40:
        token = token.head
        seen += 1
    return token


# Modal auxiliaries look ahead ("could rise in January") unless a perfect follows them
# ("may have happened in January"); "wo" and "ca" are how "won't" and "can't" tokenize.
_MODALS = frozenset(
    {"will", "'ll", "’ll", "shall", "would", "could", "might", "may", "can", "should", "must",
     "wo", "ca", "going"}
)  # fmt: skip
# Verbs whose complement has not happened yet: "is set to open", "plans to", "prepares to".
_PLAN_VERBS = frozenset(
    {"schedule", "plan", "expect", "due", "set", "prepare", "intend", "aim", "hope", "seek",
     "propose", "threaten", "pledge", "vow", "promise"}
)  # fmt: skip
_PERFECT = frozenset({"have", "has", "had", "'ve", "’ve"})
_CLIMB = ("xcomp", "ccomp", "advcl", "conj")


def _aux(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in ("aux", "auxpass")]


def is_future(token: Token) -> bool:
    """Whether the clause around ``token`` speaks of the future ("will meet on Sunday",
    "could rise in January", "is set to open in March", "prepares to leave in January")."""
    verb = main_verb(token)
    for _ in range(4):
        aux = _aux(verb)
        if verb.tag_ == "VBN" and any(a.lower_ in _PERFECT for a in aux):
            return False  # "would have opened in May", "had planned to": looking back
        if any(a.dep_ == "aux" and a.lower_ in _MODALS for a in aux):
            return True
        if verb.lemma_ in _PLAN_VERBS and verb.tag_ != "VBD":
            return True
        if verb.dep_ not in _CLIMB or verb.head.i == verb.i:
            break
        verb = verb.head
    return False


def is_present(token: Token) -> bool:
    """Whether the clause around ``token`` is in the simple present ("who takes office in
    January", "it is harder to agree in January"); the perfect and the past are not."""
    verb = main_verb(token)
    for _ in range(4):
        aux = _aux(verb)
        if verb.tag_ == "VBD" or any(a.tag_ == "VBD" or a.lower_ in _PERFECT for a in aux):
            return False
        if verb.tag_ == "VBN" and not aux:
            return False  # "the report, published in January, shows": a past participle
        if verb.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in aux):
            return True
        if verb.dep_ not in (*_CLIMB, "relcl", "acl", "pcomp") or verb.head.i == verb.i:
            return False
        verb = main_verb(verb.head)
    return False


def _phrase(token: Token) -> str:
    """A noun phrase cut down to its compounds and head: 'U.S.-supplied missiles' → 'missiles'."""
    parts = [c for c in token.children if c.dep_ == "compound" and c.i < token.i]
    parts.append(token)
    words = []
    for t in parts:
        words.append(t.text if t.pos_ == "PROPN" or t.ent_type_ else t.lower_)
    return " ".join(words)


def describe_predicate(verb: Token) -> str:
    """Short key for the clause headed by ``verb``: negation, lemma, particle, object."""
    words: list[str] = []
    if any(c.dep_ == "neg" for c in verb.children):
        words.append("not")
    words.append(verb.lemma_.lower() if verb.lemma_ else verb.lower_)
    words += [c.lower_ for c in verb.children if c.dep_ == "prt"]
    obj = next((c for c in verb.children if c.dep_ in _OBJECT_DEPS), None)
    if obj is not None:
        words.append(_phrase(obj))
    xcomp = next(
        (c for c in verb.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None
    )
    if xcomp is not None:
        words += ["to", xcomp.lemma_.lower()]
        x_obj = next((c for c in xcomp.children if c.dep_ in _OBJECT_DEPS), None)
        if x_obj is not None:
            words.append(_phrase(x_obj))
    elif obj is None:
        prep = next((c for c in verb.children if c.dep_ in ("prep", "agent")), None)
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
        if pobj is not None:
            words += [prep.lower_, _phrase(pobj)]
    return " ".join(words[:_MAX_WORDS])


def clause_head(sent: Span) -> Token:
    """The verb that carries a sentence's claim.

    A reporting verb ("officials said that …") frames the claim rather than making it, so
    we step into its complement when it has one.
    """
    root = sent.root
    if root.lemma_ in REPORTING_VERBS:
        comp = next((c for c in root.children if c.dep_ == "ccomp"), None)
        if comp is not None:
            return comp
    return root


def subject_of(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in _SUBJECT_DEPS), None)
