"""Which claims of a story are about the same thing.

Alignment is a scored pairing of claims followed by a cautious clustering:

- a pair's *score* (0–1) says how sure we are that two claims talk about the same thing:
  what each claim is about, the sentence around it (sentence embeddings) and the entities
  it names. Values never raise the score, so a shared unit alone aligns nothing.
- a count of a *generic* noun ("140 people", "2,500 residents") says nothing about what
  happened to those people: the clause that governs the number must say the same thing
  (killed / treated in hospital / spent the night in tents) before two such counts are one
  figure, and a conflict needs that predicate recognised, not merely guessed.
- clusters grow from the best pairs down (single-link on the trigger pair), but a merge is
  refused when any pair across the two clusters is *inadmissible* (complete-link on a lower
  floor). That keeps chains from joining two different things through a third.

The kinds differ only in their score and admissibility functions (see ``crosscheck.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from consilience.records import Analysis, Article, Claim, Mention

# Alignment thresholds on the 0–1 pair score. LINK starts a group, FLOOR is what every pair
# inside a group must reach, STRICT is what two claims whose values exclude each other must
# reach to be judged together (and so to make a conflict).
LINK = 0.55
FLOOR = 0.40
STRICT = 0.72
WINDOW_WORDS = 8
# Clause similarity (sentence model) at which two predicates of generic counts are the same
# thing, and below which they are different things; in between we do not know.
PREDICATE_SAME = 0.60
PREDICATE_APART = 0.40

Encoder = Callable[[list[str]], np.ndarray]

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")
_STOP_WORDS = (
    """a an the and or but of to in on at by for from with as into onto over under about
    is are was were be been being has have had do does did will would shall should can could
    may might must it its it's this that these those there here he she they them his her
    their our we you your i me my who whom which what when where why how than then so such
    not no nor also just only very more most much many some any all each both few other
    said says say says told according up out off again further once if while after before
    during since until because through against between among per via themselves itself"""
)
STOP_WORDS = frozenset(_STOP_WORDS.split())
_NEGATION = re.compile(
    r"\b(not|no|never|none|nobody|nothing|neither|nor|without|"
    r"declined|declines|decline|refused|refuses|refuse|denied|denies|deny|"
    r"yet\s+to|failed\s+to|fails\s+to)\b|n[’']t\b",
    re.IGNORECASE,
)


def tokens(text: str) -> list[str]:
    """Lower-cased words with a light plural stem, for overlap measures."""
    out = []
    for w in _WORD.findall(text.lower().replace("’", "'")):
        w = w.strip("'-")
        if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        if w:
            out.append(w)
    return out


def content_tokens(text: str) -> set[str]:
    return {w for w in tokens(text) if w not in STOP_WORDS and not _NEGATION.fullmatch(w)}


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def containment(a: set[str], b: set[str]) -> float:
    """Share of the smaller set found in the larger: a truncated quote scores 1."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def negated(text: str) -> bool:
    return bool(_NEGATION.search(text))


def name_parts(name: str) -> list[str]:
    """The words of a name a text may use alone: "Ana Saltes" -> Ana, Saltes."""
    return [w for w in re.findall(r"[^\W\d_][\w'’-]*", name) if len(w) > 2 and w[0].isupper()]


def last_named(text: str, name: str) -> int:
    """Where ``name`` (or a part of it) last occurs in ``text``, or -1."""
    found = [m.start() for part in name_parts(name)
             for m in re.finditer(rf"\b{re.escape(part)}\b", text)]
    return max(found, default=-1)


_BYLINE = re.compile(r"^(?:by|updated|published|posted|last\s+updated)\s+(.*)$", re.IGNORECASE)
# lower-case words a byline may hold besides names and dates ("By Ana Reyes and Li Wen,
# staff writer"); any other lower-case word makes it a sentence ("By allowing strikes, …")
_BYLINE_WORDS = frozenset(tokens(
    "and of the de van von da in at for staff writer reporter correspondent editor am pm "
    "gmt utc a m p"))
# "PORT KESSEL, Aldoria (CP) —": the place and agency a wire story opens with
_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]+(?:,\s*[A-Z][\w .'’-]*)?\s*(?:\([\w .]+\))?\s*[—–-]*$")
BYLINE_WORDS = 12


def byline(text: str) -> bool:
    """A byline or dateline ("By Ana Reyes, 3 May 2031", "PORT KESSEL (CP) —"): who wrote
    the piece, where and when, not something it reports."""
    text = " ".join(text.split())
    if not text or len(text.split()) > BYLINE_WORDS:
        return False
    if _DATELINE.match(text):
        return True
    m = _BYLINE.match(text)
    return bool(m) and all(w[0].isupper() or w[0].isdigit() or set(tokens(w)) <= _BYLINE_WORDS
                           for w in re.findall(r"[^\s,;|·•—–-]+", m.group(1)))


def _default_encoder(texts: list[str]) -> np.ndarray:
    from consilience.embed import encode  # deferred: loads the sentence model

    return encode(texts)


@dataclass
class StoryContext:
    """What alignment needs to know about a story besides the claims themselves."""

    articles: dict[str, Article]
    root: dict[str, str]  # article id -> id of its original (syndicated copies count once)
    order: dict[str, int]  # article id -> position in the story
    sentences: dict[str, str] = field(default_factory=dict)  # claim id -> its sentence
    encoder: Encoder = _default_encoder
    mentions: dict[str, list[Mention]] = field(default_factory=dict)  # article id -> mentions
    _vectors: dict[str, np.ndarray] = field(default_factory=dict)
    _clauses: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, articles: Sequence[Article], encoder: Encoder | None = None,
              analyses: Sequence[Analysis] = ()) -> StoryContext:
        by_id = {a.id: a for a in articles}
        root = {a.id: root_of(a.id, by_id) for a in articles}
        order = {a.id: i for i, a in enumerate(articles)}
        mentions = {an.article_id: list(an.mentions) for an in analyses
                    if an.article_id in by_id}
        return cls(articles=by_id, root=root, order=order,
                   encoder=encoder or _default_encoder, mentions=mentions)

    def clause(self, claim: Claim) -> str:
        """The clause of its sentence that governs the claim (see :func:`clause_bounds`)."""
        if claim.id not in self._clauses:
            art = self.articles.get(claim.article_id)
            text = claim.text
            if art is not None and claim.sentence_end > claim.sentence_start:
                s, e = clause_bounds(art.text, claim.sentence_start, claim.sentence_end,
                                     claim.start, claim.end)
                text = " ".join(art.text[s:e].split()).strip(" .,:;") or claim.text
            self._clauses[claim.id] = text
        return self._clauses[claim.id]

    def sentence(self, claim: Claim) -> str:
        if claim.id not in self.sentences:
            art = self.articles.get(claim.article_id)
            text = ""
            if art is not None and claim.sentence_end > claim.sentence_start:
                text = art.text[claim.sentence_start:claim.sentence_end].strip()
            self.sentences[claim.id] = text or claim.text
        return self.sentences[claim.id]

    def window(self, claim: Claim, words: int = WINDOW_WORDS) -> str:
        """The claim with a few words either side, within its sentence: the clause it is in.

        Long sentences carry several facts; the words next to a figure say what it counts.
        """
        art = self.articles.get(claim.article_id)
        if art is None or claim.sentence_end <= claim.sentence_start:
            return claim.text
        left = [m.start() for m in re.finditer(r"\S+", art.text[claim.sentence_start:claim.start])]
        right = [m.end() for m in re.finditer(r"\S+", art.text[claim.end:claim.sentence_end])]
        start = claim.sentence_start + (left[-words] if len(left) >= words else 0)
        end = claim.end + (right[min(words, len(right)) - 1] if right else 0)
        return " ".join(art.text[start:end].split())

    def embed(self, texts: Sequence[str]) -> None:
        """Encode the texts not seen yet, in one batch (the model is the slow part)."""
        new = sorted({t for t in texts if t and t not in self._vectors})
        if new:
            vecs = np.asarray(self.encoder(new), dtype=np.float32)
            norms = np.linalg.norm(vecs, axis=1, keepdims=True)
            vecs = vecs / np.where(norms == 0, 1.0, norms)
            self._vectors.update(zip(new, vecs, strict=True))

    def matrix(self, texts: Sequence[str]) -> np.ndarray:
        """Cosine similarity of every text with every other, as one matrix."""
        self.embed(texts)
        known = [self._vectors[t] for t in texts if t]
        if not known:
            return np.zeros((len(texts), len(texts)), dtype=np.float32)
        blank = np.zeros_like(known[0])  # an empty text is like nothing
        vecs = np.stack([self._vectors[t] if t else blank for t in texts])
        return vecs @ vecs.T

    def similarity(self, a: str, b: str) -> float:
        if not a or not b:
            return 0.0
        if a == b:
            return 1.0
        self.embed([a, b])
        return float(np.dot(self._vectors[a], self._vectors[b]))

    def source(self, claim: Claim) -> str:
        return self.root.get(claim.article_id, claim.article_id)


def root_of(article_id: str, by_id: dict[str, Article]) -> str:
    """Follow ``duplicate_of`` links to the original; cycles and missing links stop the walk."""
    seen = {article_id}
    current = article_id
    while True:
        art = by_id.get(current)
        if art is None or not art.duplicate_of or art.duplicate_of in seen:
            return current
        current = art.duplicate_of
        seen.add(current)


def story_claims(articles: Sequence[Article], analyses: Sequence[Analysis],
                 canonical: dict[str, str] | None) -> list[Claim]:
    """The claims of the story's analysed articles, with canonical entity and speaker names,
    in the articles' order (whatever order the analyses come in: ties between claims go the
    same way in every run).

    Claims are copied, never changed in place: the analyses belong to the caller.
    """
    import dataclasses

    canon = canonical or {}
    order = {a.id: i for i, a in enumerate(articles)}
    out = []
    for analysis in sorted(analyses, key=lambda an: order.get(an.article_id, len(order))):
        if analysis.article_id not in order or not analysis.analyzed:
            continue
        for claim in analysis.claims:
            c = dataclasses.replace(
                claim,
                article_id=claim.article_id or analysis.article_id,
                entities=[canon.get(e, e) for e in claim.entities],
                speaker=canon.get(claim.speaker, claim.speaker) if claim.speaker else None,
            )
            out.append(c.ensure_id())
    return out


def cluster(n: int, score: Callable[[int, int], float], link: float,
            admissible: Callable[[int, int, float], bool],
            candidate: Callable[[int, int], bool] | None = None) -> list[list[int]]:
    """Group items 0..n-1: merge on pairs scoring ``link`` or more, best first, when every
    pair across the two groups is admissible.

    ``candidate(i, j)`` says which pairs may start a merge (by default all); other pairs are
    scored only when a merge needs their admissibility, since scoring costs embeddings.
    """
    scores: dict[tuple[int, int], float] = {}

    def scored(i: int, j: int) -> float:
        if (i, j) not in scores:
            scores[(i, j)] = score(i, j)
        return scores[(i, j)]

    candidates = []
    for i in range(n):
        for j in range(i + 1, n):
            if candidate is None or candidate(i, j):
                s = scored(i, j)
                if s >= link:
                    candidates.append((s, i, j))
    candidates.sort(key=lambda t: (-t[0], t[1], t[2]))
    group = list(range(n))
    members = {i: [i] for i in range(n)}
    for _s, i, j in candidates:
        gi, gj = group[i], group[j]
        if gi == gj:
            continue
        if not all(admissible(min(x, y), max(x, y), scored(min(x, y), max(x, y)))
                   for x in members[gi] for y in members[gj]):
            continue
        for x in members[gj]:
            group[x] = gi
        members[gi].extend(members.pop(gj))
    return sorted((sorted(m) for m in members.values()), key=lambda m: m[0])


_NAME = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]+(?:[-\s][A-Z][a-z]+)*")
# "Russia's movement of [over 50,000 troops]": the owner named just before the figure
_OWNER = re.compile(r"\b([A-Z][\w.]*(?:\s[A-Z][\w.]*)*)[’']s\s+\w+\s+(?:of\s+)?$")


def own_names(claim: Claim, ctx: StoryContext | None = None) -> set[str]:
    """Names that say whose figure it is: inside the claim's words ("50,000 *Russian*
    soldiers") or owning the phrase it ends ("*Russia's* movement of 50,000 troops")."""
    from consilience.verdicts import to_base_units  # a capitalized unit is not a name

    names = {m.group().lower() for m in _NAME.finditer(claim.text)
             if to_base_units(1.0, m.group().lower()) is None}
    art = ctx.articles.get(claim.article_id) if ctx else None
    if art is not None:
        left = art.text[max(claim.sentence_start, claim.start - 60):claim.start]
        owner = _OWNER.search(left)
        if owner:
            names.add(owner.group(1).lower())
    return names


def _related(a: set[str], b: set[str]) -> bool:
    """Some name of one is a form of some name of the other ("Russia" / "Russian")."""
    stems_a = {w[:4] for name in a for w in name.split()}
    stems_b = {w[:4] for name in b for w in name.split()}
    return bool(stems_a & stems_b)


# --------------------------------------------------------------------------- clauses

# Where a clause ends: punctuation that separates clauses (a comma only before a space, so
# "2,500" stays whole) and the words that open a new clause or a reporting frame.
_CLAUSE_BREAK = re.compile(
    r"[;—–“”\"]|[,:](?=\s)|\b(?:and|but|while|whereas|as|after|before|when|which|who|whom|where|"
    r"because|although|though|that|said|says|say|told|tells|according\s+to|including)\b",
    re.IGNORECASE,
)


def clause_bounds(text: str, sentence_start: int, sentence_end: int, start: int,
                  end: int) -> tuple[int, int]:
    """The span of the clause around ``text[start:end]`` within its sentence.

    "…killing at least 37 people and leaving more than 2,000 residents without shelter":
    the clause of "at least 37 people" is "killing at least 37 people", the words that say
    what the number counts and what happened to it.
    """
    breaks = list(_CLAUSE_BREAK.finditer(text, sentence_start, start))
    left = breaks[-1].end() if breaks else sentence_start
    after = _CLAUSE_BREAK.search(text, end, sentence_end)
    right = after.start() if after else sentence_end
    opened = text.rfind("(", left, start)
    if opened >= 0 and ")" not in text[opened:start]:
        # an aside in brackets ("(one big boom)") is its own clause; a conversion beside it,
        # "12 miles (20 kilometers)", is not inside one and keeps the words around it
        closed = text.find(")", end, right)
        left, right = opened + 1, closed if closed >= 0 else right
    return left, right


# --------------------------------------------------------------------------- what is counted

# Nouns that say who was counted but not what happened to them: "140 people" may be killed,
# treated in hospital or sleeping in tents. PEOPLE are one another's synonyms in a count;
# the other generic nouns count a part ("12 children" among "37 people") or another unit
# ("300 families"), so they match only themselves.
PEOPLE = frozenset(tokens(
    "people persons person individuals residents inhabitants citizens civilians locals "
    "villagers humans victims population others ones"))
GENERIC_NOUNS = PEOPLE | frozenset(tokens("men women children kids adults families households"))
# Words of an ``about`` that name no particular thing: "number of people" is about people.
_FILLER = frozenset(tokens("number total figure amount count estimate tally some"))

# Predicates of counted people that news reports word in many ways; each family is one
# thing that happened to them. Used only for generic nouns, where the noun tells nothing.
_PREDICATES = {
    "killed": r"kill\w*|dead|deaths?|died|dies|dying|fatalit\w*|perish\w*|lost\s+(?:their|"
              r"his|her)\s+lives?|lives\s+(?:were\s+|have\s+been\s+)?lost|death\s+toll|toll",
    "injured": r"injur\w*|wound\w*|hurt|hospital\w*|treated|in\s+(?:a\s+)?critical",
    "missing": r"missing|unaccounted",
    "displaced": r"evacuat\w*|displac\w*|homeless\w*|shelter\w*|tents?|fled|flee\w*|"
                 r"moved\s+out|relocat\w*|rehoused|camps?|without\s+homes?",
    "detained": r"arrest\w*|detain\w*|custody|jail\w*|imprison\w*",
    "rescued": r"rescued|pulled\s+(?:alive|out)|saved",
}
_PREDICATE = re.compile("|".join(f"(?P<{k}>\\b(?:{v})\\b)" for k, v in _PREDICATES.items()),
                        re.IGNORECASE)


def counted_noun(claim: Claim) -> str | None:
    """What a count counts: the noun ending its words ("140 *people*"), else the last word
    of its ``about`` ("number of *people*"); None when neither names anything."""
    words = [w for w in tokens(claim.text) if w.isalpha()]
    if words:
        return words[-1]
    about = [w for w in tokens(claim.about) if w.isalpha()]
    return about[-1] if about else None


def generic_count(claim: Claim) -> bool:
    """A count whose noun does not say what the figure is about (see GENERIC_NOUNS)."""
    if claim.kind != "count":
        return False
    noun = counted_noun(claim)
    return noun is None or noun in GENERIC_NOUNS


def same_noun(a: Claim, b: Claim) -> bool:
    """Two counts count the same kind of thing (an unknown noun does not say otherwise)."""
    na, nb = counted_noun(a), counted_noun(b)
    return na is None or nb is None or na == nb or (na in PEOPLE and nb in PEOPLE)


def informative_about(claim: Claim) -> set[str]:
    """The words of the claim's ``about`` that say what it is about.

    An about that only repeats the unit ("hour" for "48 hours"), a generic noun, a filler
    word or the name of an entity in the sentence (who said it, not what it measures) says
    nothing: the empty set.
    """
    words = content_tokens(claim.about) - GENERIC_NOUNS - _FILLER
    if claim.kind != "count":
        words -= set(tokens(claim.text)) | set(tokens(claim.unit or ""))
    named = {w for e in claim.entities for w in tokens(e)}
    if words and words <= named:
        return set()
    return {w for w in words if not w.isdigit()}


def predicate_family(clause: str, anchor: str) -> str | None:
    """The family of the predicate nearest to ``anchor`` (the claim's words) in its clause."""
    at = clause.find(anchor)
    centre = at + len(anchor) // 2 if at >= 0 else len(clause) // 2
    found = [(abs((m.start() + m.end()) // 2 - centre), m.lastgroup)
             for m in _PREDICATE.finditer(clause)]
    return min(found)[1] if found else None


def predicate_relation(a: Claim, b: Claim, ctx: StoryContext) -> str:
    """Whether two counts say the same thing happened: same | different | unknown.

    A recognised family on both sides decides; otherwise the sentence model compares the
    clauses, and the middle ground stays unknown.
    """
    ca, cb = ctx.clause(a), ctx.clause(b)
    fa, fb = predicate_family(ca, a.text), predicate_family(cb, b.text)
    if fa and fb:
        return "same" if fa == fb else "different"
    sim = ctx.similarity(ca, cb)
    if sim >= PREDICATE_SAME:
        return "same"
    return "different" if sim < PREDICATE_APART else "unknown"


def about_similarity(a: Claim, b: Claim, ctx: StoryContext) -> float | None:
    """How alike two claims' ``about`` are, or None when neither says what it is about.

    When only one does, the other's clause may spell it out ("at a depth of 10 km" beside
    "the institute put its depth at 35 km", whose about names the institute).
    """
    ta, tb = informative_about(a), informative_about(b)
    if ta and tb:
        return max(ctx.similarity(a.about, b.about), jaccard(ta, tb))
    for known, other in ((ta, b), (tb, a)):
        if known and known <= content_tokens(ctx.clause(other)):
            return 1.0
    return None


def _generic_score(a: Claim, b: Claim, ctx: StoryContext, sent: float, ents: float) -> float:
    """Score of two counts at least one of which counts a generic noun (see the module doc)."""
    if not same_noun(a, b):
        return 0.0
    relation = predicate_relation(a, b, ctx)
    if relation == "different":
        return 0.0
    about = 1.0 if relation == "same" else ctx.similarity(ctx.clause(a), ctx.clause(b))
    s = max(0.80 * sent + 0.20 * ents, 0.55 * about + 0.30 * sent + 0.15 * ents)
    # a predicate we only guess at may group figures that fit, never oppose them
    return s if relation == "same" else min(s, STRICT - 0.01)


def context_score(a: Claim, b: Claim, ctx: StoryContext) -> float:
    """How sure we are that two claims are about the same thing, from words around them.

    The analyzer's ``about`` is strong evidence when it is informative and noise when it is
    not (a bare verb, the unit's name, a generic noun), so the score is the better of an
    about-led and a sentence-led reading. Names inside the claims' own words that differ
    ("Russian soldiers" / "North Korean troops") mean two different things whatever the
    context says; counts of generic nouns must agree on what happened (``_generic_score``).
    """
    na, nb = own_names(a, ctx), own_names(b, ctx)
    if na and nb and not _related(na, nb):
        return 0.0
    sent = max(ctx.similarity(ctx.sentence(a), ctx.sentence(b)),
               ctx.similarity(ctx.window(a), ctx.window(b)))
    ents = jaccard(set(a.entities), set(b.entities))
    if generic_count(a) or generic_count(b):
        return _generic_score(a, b, ctx, sent, ents)
    by_sentence = 0.80 * sent + 0.20 * ents
    about = about_similarity(a, b, ctx)
    if about is None:
        return by_sentence
    return max(by_sentence, 0.55 * about + 0.30 * sent + 0.15 * ents)
