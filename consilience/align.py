"""Which claims of a story are about the same thing.

Alignment is a scored pairing of claims followed by a cautious clustering:

- a pair's *score* (0–1) says how sure we are that two claims talk about the same thing:
  what each claim is about, the sentence around it (sentence embeddings) and the entities
  it names. Values never raise the score, so a shared unit alone aligns nothing.
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

from consilience.records import Analysis, Article, Claim

# Alignment thresholds on the 0–1 pair score. LINK starts a group, FLOOR is what every pair
# inside a group must reach, STRICT is what two claims whose values exclude each other must
# reach to be judged together (and so to make a conflict).
LINK = 0.55
FLOOR = 0.40
STRICT = 0.72
WINDOW_WORDS = 8

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
_STOP = frozenset(_STOP_WORDS.split())
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
    return {w for w in tokens(text) if w not in _STOP and not _NEGATION.fullmatch(w)}


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
    _vectors: dict[str, np.ndarray] = field(default_factory=dict)

    @classmethod
    def build(cls, articles: Sequence[Article], encoder: Encoder | None = None) -> StoryContext:
        by_id = {a.id: a for a in articles}
        root = {a.id: root_of(a.id, by_id) for a in articles}
        order = {a.id: i for i, a in enumerate(articles)}
        return cls(articles=by_id, root=root, order=order,
                   encoder=encoder or _default_encoder)

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
    """The claims of the story's analysed articles, with canonical entity and speaker names.

    Claims are copied, never changed in place: the analyses belong to the caller.
    """
    import dataclasses

    canon = canonical or {}
    wanted = {a.id for a in articles}
    out = []
    for analysis in analyses:
        if analysis.article_id not in wanted or not analysis.analyzed:
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


def context_score(a: Claim, b: Claim, ctx: StoryContext) -> float:
    """How sure we are that two claims are about the same thing, from words around them.

    The analyzer's ``about`` is strong evidence when it is informative and noise when it is
    not (a bare verb), so the score is the better of an about-led and a sentence-led
    reading. Names inside the claims' own words that differ ("Russian soldiers" / "North
    Korean troops") mean two different things whatever the context says.
    """
    na, nb = own_names(a, ctx), own_names(b, ctx)
    if na and nb and not _related(na, nb):
        return 0.0
    sent = max(ctx.similarity(ctx.sentence(a), ctx.sentence(b)),
               ctx.similarity(ctx.window(a), ctx.window(b)))
    ents = jaccard(set(a.entities), set(b.entities))
    by_sentence = 0.80 * sent + 0.20 * ents
    if a.about and b.about:
        about = max(ctx.similarity(a.about, b.about),
                    jaccard(content_tokens(a.about), content_tokens(b.about)))
        return max(by_sentence, 0.55 * about + 0.30 * sent + 0.15 * ents)
    return by_sentence
