"""What a title says a person is: the office or role a mention carries.

``office_before`` reads an office the gazetteer lists, with the country that qualifies it
("Ukrainian President …" → "president of Ukraine", "Ukraine's prime minister" → "prime
minister of Ukraine"); ``title_role`` reads the role of a title that is no listed office
("Governor Ana Saltes" → governor, "Sen." → senator, "opposition leader …" → opposition
leader). Both look at the tokens right before a name; ``entities`` decides what is a name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from consilience.analyze.gazetteer import OFFICES, ROLE_WORDS, TITLE_ROLES, country_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Words that make another title of a title of its own ("Attorney General", "Vice Admiral").
_TITLE_KINDS = frozenset({"attorney", "surgeon", "solicitor", "inspector", "brigadier", "vice",
                          "rear", "deputy", "assistant", "acting", "former", "chief", "lord",
                          "district", "circuit", "federal", "supreme", "state"})
# Offices keyed by their spaCy tokens joined with spaces ("president - elect").
OFFICE_KEYS = {" ".join(o.replace("-", " - ").split()): o for o in OFFICES}
_MAX_OFFICE_TOKENS = max(len(k.split()) for k in OFFICE_KEYS)
OFFICE_LAST_TOKENS = frozenset(k.split()[-1] for k in OFFICE_KEYS)


def office_before(doc: Doc, end: int) -> tuple[int, str] | None:
    """An office title ending right before token ``end``, with its country if named.

    Returns (first token of the title and its qualifier, role string such as
    "president of Ukraine").
    """
    for n in range(_MAX_OFFICE_TOKENS, 0, -1):
        start = end - n
        if start < 0:
            continue
        office = OFFICE_KEYS.get(" ".join(doc[start:end].text.lower().replace("-", " - ").split()))
        if office is None:
            continue
        country, q_start = qualifier(doc, start)
        return q_start, f"{office} of {country}" if country else office
    return None


def qualifier(doc: Doc, start: int) -> tuple[str | None, int]:
    """The country an office belongs to: 'Ukrainian', 'U.S.', "Ukraine's" before it."""
    i = start - 1
    if i >= 0 and doc[i].tag_ == "POS":
        i -= 1
    if i < 0 or doc[i].ent_type_ not in ("NORP", "GPE"):
        return None, start
    j = i
    while j > 0 and doc[j - 1].ent_type_ == doc[i].ent_type_ and doc[j].ent_iob_ == "I":
        j -= 1
    text = doc[j : i + 1].text
    return country_of(text) or text, j


def title_role(doc: Doc, i: int) -> str | None:
    """The role a title right before token ``i`` gives when it is no listed office:
    "Governor Ana Saltes" → governor, "Sen. Ray Holm" → senator, "opposition leader Marco
    Dell'Aria" → opposition leader, "Attorney General …" → attorney general, "Lt. Col. …" →
    lieutenant colonel, "Polish official …" → official of Poland. Up to two words in front
    of the title say what kind it is; abbreviations are spelled out."""
    k = _word_before(doc, i)
    if k < 0:
        return None
    word = doc[k].lower_.rstrip(".")
    if word not in TITLE_ROLES and word not in ROLE_WORDS:
        return None
    kinds: list[str] = []
    k = _word_before(doc, k)
    while k >= 0 and len(kinds) < 2 and _kind_word(doc[k], word):
        kinds.insert(0, doc[k].lower_.rstrip("."))
        k = _word_before(doc, k)
    role = " ".join(TITLE_ROLES.get(w, w) for w in [*kinds, word])
    # "Ukrainian official" is an official of Ukraine, "Russia adviser" one who advises on
    # Russia: before a shared role word only a demonym says whose the role is
    if k >= 0 and doc[k].ent_type_ in ("NORP", "GPE") and (
            word in TITLE_ROLES or doc[k].ent_type_ == "NORP" or doc[k].pos_ == "ADJ"):
        country = country_of(doc[k].text)
        if country:
            return f"{role} of {country}"
    return role


def _kind_word(t: Token, title: str) -> bool:
    """Does ``t`` say what kind of ``title`` it is? A shared role word takes any plain word
    ("opposition leader", "health minister"); a title of its own only words that make
    another title of it ("Attorney General", "Lt. Col."), not a place NER missed ("Tarvel
    MP")."""
    if t.pos_ not in ("NOUN", "PROPN", "ADJ") or t.ent_type_ or not t.text.rstrip(".").isalpha():
        return False
    if title in ROLE_WORDS and title not in TITLE_ROLES:
        return True
    word = t.lower_.rstrip(".")
    return word in TITLE_ROLES or word in ROLE_WORDS or word in _TITLE_KINDS


def _word_before(doc: Doc, i: int) -> int:
    """The token before ``i``, past the full stop of an abbreviation ("Col" "." "Ana")."""
    k = i - 1
    if k > 0 and doc[k].text == "." and not doc[k - 1].whitespace_:
        k -= 1
    return k
