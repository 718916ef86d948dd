"""Cross-check of words rather than numbers: quotes and factual statements.

Quotes: one quote reaches outlets truncated, paraphrased or translated differently ("Rockets
speak for themselves" / "the missiles will speak for themselves"). Wordings are grouped by
the best of three measures — fuzzy substring match (truncation), shared content words and
sentence embeddings (paraphrase, translation) — helped by a shared speaker.

A quote given to two different speakers is a conflict only when both attributions are firm:
both speakers named in the quote's own sentence ("…,” said Governor Ana Saltes), or two
clearly different people (a full name or an office, never a place's name) each the nearest
person before an inferred attribution ("…,” he said). An attribution inferred from a pronoun
or a previous quote is not firm when the other outlet's speaker is named closer to the quote
(the pronoun may be theirs), and a partial name ("Saltes" / "Ana Saltes") is the same person.
An unnamed speaker ("a senior official") beside a named one is no conflict either, since the
unnamed one may be the same person. Because naming the wrong speaker is a serious charge,
wordings given to clashing speakers must be near-identical before they count as one quote.

Statements: the same fact told in different words is one check that lists every article.
A contradiction is called only in the clearest form: two sentences about the same thing,
sharing their content words and entities, one of which negates what the other asserts
("X has commented" / "X has declined to comment").
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import combinations

import numpy as np
from rapidfuzz import fuzz

from consilience.align import (
    FLOOR,
    StoryContext,
    cluster,
    containment,
    content_tokens,
    jaccard,
    last_named,
    negated,
)
from consilience.records import Check, Claim
from consilience.verdicts import by_source, make_check, outlet, single_note

QUOTE_LINK = 0.60
QUOTE_OTHER_SPEAKER = 0.88  # two named speakers: only near-identical words make one quote
MIN_CONTESTED_WORDS = 5
PRONOUN_REACH = 2000  # characters before a quote where an inferred speaker was named
_NOT_A_PERSON = {"GPE", "LOC", "FAC", "ORG", "NORP"}
STATEMENT_LINK = 0.80
STATEMENT_FLOOR = 0.68
SHARED_FACT_BONUS = 0.08
CONTRADICTION_SIM = 0.62
CONTRADICTION_WORDS = 0.45

_NON_WORD = re.compile(r"[^\w\s]+")


def _plain(text: str) -> str:
    return " ".join(_NON_WORD.sub(" ", text.lower().replace("’", "'")).split())


def same_person(a: str, b: str) -> bool:
    """Two renderings of one name: "Zelensky", "Volodymyr Zelenskyy", "President Zelensky".

    Surnames decide, with fuzzy spelling: transliterations differ by a letter or two.
    """
    pa, pb = _plain(a), _plain(b)
    if not pa or not pb:
        return False
    if pa == pb or pa in pb or pb in pa:
        return True
    la, lb = pa.split()[-1], pb.split()[-1]
    return la == lb or fuzz.ratio(la, lb) >= 85


def quote_similarity(a: Claim, b: Claim, ctx: StoryContext) -> float:
    """How likely two quoted passages are wordings of one quote (0–1)."""
    ta, tb = _plain(a.text), _plain(b.text)
    if not ta or not tb:
        return 0.0
    if ta == tb:
        return 1.0
    best = ctx.similarity(a.text, b.text)
    if min(len(ta.split()), len(tb.split())) >= 3:
        # a truncated quote is a substring of the fuller one
        best = max(best, fuzz.partial_ratio(ta, tb) / 100 - 0.05)
    ca, cb = content_tokens(a.text), content_tokens(b.text)
    if min(len(ca), len(cb)) >= 2:
        best = max(best, containment(ca, cb) * 0.95)
    return best


def _named(claim: Claim) -> str | None:
    return claim.speaker.strip() if claim.speaker and claim.speaker.strip() else None


# --------------------------------------------------------------------------- attribution


def explicit(claim: Claim, ctx: StoryContext) -> bool:
    """The speaker is named in the quote's own sentence, outside the quoted words.

    The analyzer's ``attribution`` says so when it recorded it; older analyses did not, and
    then the speaker's name in the sentence is the evidence.
    """
    how = getattr(claim, "attribution", None)
    if how is not None:
        return how == "explicit"
    art = ctx.articles.get(claim.article_id)
    if art is None or not _named(claim):
        return False
    outside = (art.text[claim.sentence_start:claim.start] + " "
               + art.text[claim.end:claim.sentence_end])
    return last_named(outside, claim.speaker or "") >= 0


def _displaced(claim: Claim, other: str, ctx: StoryContext) -> bool:
    """The other speaker is named nearer before the quote than this claim's own speaker:
    the pronoun or the running quote may be theirs."""
    art = ctx.articles.get(claim.article_id)
    if art is None:
        return True
    before = art.text[max(0, claim.start - PRONOUN_REACH):claim.start]
    return last_named(before, other) > last_named(before, claim.speaker or "")


def clear_person(name: str, ctx: StoryContext) -> bool:
    """Named as a person in the story by a full name or with an office, never as a place or
    an organisation (a town mistaken for a speaker is not)."""
    person = False
    for mentions in ctx.mentions.values():
        for m in mentions:
            if m.label in _NOT_A_PERSON and _plain(name) in (_plain(m.text), _plain(m.canonical)):
                return False
            if m.label == "PERSON" and (same_person(m.canonical, name)
                                        or same_person(m.text, name)):
                person = person or len(m.text.split()) > 1 or bool(m.role)
    return person


def speakers_clash(a: Claim, b: Claim, ctx: StoryContext) -> bool:
    """Two attributions of one quote that cannot both be right (see the module docstring)."""
    na, nb = _named(a), _named(b)
    if not (na and nb) or same_person(na, nb) or ctx.source(a) == ctx.source(b):
        return False
    if explicit(a, ctx) and explicit(b, ctx):
        return True
    firm = ((explicit(a, ctx) or not _displaced(a, nb, ctx))
            and (explicit(b, ctx) or not _displaced(b, na, ctx)))
    return firm and clear_person(na, ctx) and clear_person(nb, ctx)


# --------------------------------------------------------------------------- quotes


def quote_checks(claims: list[Claim], ctx: StoryContext) -> list[Check]:
    if len({ctx.source(c) for c in claims}) > 1:
        ctx.embed([c.text for c in claims])

    def score(i: int, j: int) -> float:
        s = quote_similarity(claims[i], claims[j], ctx)
        a, b = _named(claims[i]), _named(claims[j])
        if a and b and same_person(a, b):
            s = min(1.0, s + 0.1)
        return s

    def admissible(i: int, j: int, s: float) -> bool:
        a, b = _named(claims[i]), _named(claims[j])
        if a and b and not same_person(a, b):
            # a phrase of a few words ("red line") is common property, not one person's quote
            long_enough = min(len(_plain(claims[i].text).split()),
                              len(_plain(claims[j].text).split())) >= MIN_CONTESTED_WORDS
            if not long_enough or ctx.source(claims[i]) == ctx.source(claims[j]):
                return False
            if speakers_clash(claims[i], claims[j], ctx):
                return s >= QUOTE_OTHER_SPEAKER
        return s >= FLOOR + 0.1

    groups = cluster(len(claims), score, QUOTE_LINK, admissible,
                     lambda i, j: claims[i].article_id != claims[j].article_id)
    return [_judge_quote([claims[i] for i in g], ctx) for g in groups]


def _speakers(claims: list[Claim], ctx: StoryContext) -> list[tuple[str, Claim]]:
    """One entry per distinct named speaker, with the claim that names them most firmly;
    speakers named in the quote's own sentence first."""
    ranked = sorted(claims, key=lambda c: not explicit(c, ctx))
    out: list[tuple[str, Claim]] = []
    for c in ranked:
        name = _named(c)
        if name and not any(same_person(name, known) for known, _ in out):
            out.append((name, c))
    return out


def _clash(claims: list[Claim], ctx: StoryContext) -> tuple[Claim, Claim] | None:
    """Two claims whose speakers clash, originals before syndicated copies."""
    ranked = sorted(claims, key=lambda c: c.article_id != ctx.source(c))
    for i, a in enumerate(ranked):
        for b in ranked[i + 1:]:
            if speakers_clash(a, b, ctx):
                return a, b
    return None


def _judge_quote(claims: list[Claim], ctx: StoryContext) -> Check:
    wordings = Counter(c.text.strip() for c in claims)
    top = max(wordings.values())
    wording = max((w for w, n in wordings.items() if n == top), key=len)
    speakers = _speakers(claims, ctx)
    unnamed = next((c.speaker_description for c in claims if c.speaker_description), None)
    who = speakers[0][0] if speakers else (unnamed or "unnamed speaker")
    about = f"quote by {who}"
    if len(by_source(claims, ctx)) == 1:
        return make_check("quote", claims, ctx, "single_source", f"“{wording}” — {who}",
                          single_note(claims, ctx), about=about)
    clash = _clash(claims, ctx)
    if clash:
        (ca, cb), (sa, sb) = clash, (_named(clash[0]), _named(clash[1]))
        return make_check(
            "quote", claims, ctx, "conflict", f"“{wording}” — {sa} or {sb}?",
            f"{outlet(ca, ctx)} attributes these words to {sa}, {outlet(cb, ctx)} to {sb}.",
            about=f"quote by {sa} or {sb}")
    doubt = ""
    if len(speakers) > 1:
        name, c = speakers[1]
        doubt = (f" {outlet(c, ctx)} gives them to {name}, but only by inference from the text "
                 "around the quote, not firmly enough to call it a different speaker.")
    plain = [_plain(w) for w in wordings]
    n = len(by_source(claims, ctx))
    if all(p in q or q in p for p in plain for q in plain):
        how = "the same words" if len(set(plain)) == 1 else "the same words, some truncated"
        return make_check("quote", claims, ctx, "agree", f"“{wording}” — {who}",
                          f"{n} independent sources quote {who} with {how}.{doubt}",
                          about=about)
    return make_check("quote", claims, ctx, "compatible", f"“{wording}” — {who}",
                      f"{n} independent sources quote {who} in {len(wordings)} different "
                      f"wordings (paraphrase or translation) of one statement.{doubt}",
                      about=about)


# --------------------------------------------------------------------------- statements


def contradicts(a: Claim, b: Claim, ctx: StoryContext) -> bool:
    """One sentence negates what the other asserts about the same thing."""
    if negated(a.text) == negated(b.text):
        return False
    if ctx.similarity(a.text, b.text) < CONTRADICTION_SIM:
        return False
    if a.entities and b.entities and not set(a.entities) & set(b.entities):
        return False
    return jaccard(content_tokens(a.text), content_tokens(b.text)) >= CONTRADICTION_WORDS


def _sides_differ(a: Claim, b: Claim, disputes: dict[tuple[str, int], set[str]]) -> bool:
    """The two sentences hold different sides of one conflict found among figures or dates."""
    da = disputes.get((a.article_id, a.sentence_start), set())
    db = disputes.get((b.article_id, b.sentence_start), set())
    if not da or not db:
        return False
    checks_a = {d.split("|", 1)[0] for d in da}
    checks_b = {d.split("|", 1)[0] for d in db}
    return bool(checks_a & checks_b) and not da & db


def _carry_one_fact(a: Claim, b: Claim, shared: dict[tuple[str, int], set[str]]) -> bool:
    """Two sentences carry the same value of an agreed figure or date, and no figure of
    theirs differs ("at least 37" beside "41" is two statements, however alike the words)."""
    fa = shared.get((a.article_id, a.sentence_start), set())
    fb = shared.get((b.article_id, b.sentence_start), set())
    checks_a = {f.split("|")[1] for f in fa}
    checks_b = {f.split("|")[1] for f in fb}
    common = checks_a & checks_b
    same = {f for f in fa & fb if f.split("|")[1] in common}
    if {f.split("|")[1] for f in same} != common:
        return False
    return any(f.startswith("agree|") for f in same)


def _mutual_best(claims: list[Claim], sims: np.ndarray) -> set[tuple[int, int]]:
    """Pairs (i < j) where each sentence is the other's closest in the other's article.

    One story's sentences are all alike to a sentence model; a fact told by two outlets is
    the best match of each in the other, while a sentence that is merely on topic is not.
    """
    by_article: dict[str, list[int]] = {}
    for i, c in enumerate(claims):
        by_article.setdefault(c.article_id, []).append(i)
    best: dict[tuple[int, str], int] = {}
    for i in range(len(claims)):
        for aid, members in by_article.items():
            if aid != claims[i].article_id:
                best[(i, aid)] = max(members, key=lambda j: sims[i, j])
    return {(i, j) for (i, aid), j in best.items()
            if i < j and best.get((j, claims[i].article_id)) == i}


def _statement_similarities(claims: list[Claim], ctx: StoryContext) -> np.ndarray:
    """Sentence-model similarity of the statements, as a matrix.

    In a story of one independent source only an original and its syndicated copies can
    pair, and they mostly repeat each other word for word: those pairs are 1 without the
    model, a reworded sentence is encoded only beside a sentence of another article that
    shares a content word with it, and every other pair stays 0, below every threshold. So a
    story told by one article costs no encoding at all.
    """
    texts = [c.text for c in claims]
    if len({ctx.source(c) for c in claims}) > 1:
        return ctx.matrix(texts)
    sims = np.zeros((len(texts), len(texts)), dtype=np.float32)
    words = [content_tokens(t) for t in texts]
    reworded = []
    for i, j in combinations(range(len(claims)), 2):
        if claims[i].article_id == claims[j].article_id:
            continue
        if texts[i] == texts[j]:
            sims[i, j] = sims[j, i] = 1.0
        elif words[i] & words[j]:
            reworded.append((i, j))
    ctx.embed([texts[k] for pair in reworded for k in pair])
    for i, j in reworded:
        sims[i, j] = sims[j, i] = ctx.similarity(texts[i], texts[j])
    return sims


def statement_checks(claims: list[Claim], ctx: StoryContext,
                     disputes: dict[tuple[str, int], set[str]] | None = None,
                     shared: dict[tuple[str, int], set[str]] | None = None) -> list[Check]:
    """Checks of factual sentences. ``disputes`` holds the sentences carrying sides of a
    conflict among figures or dates, ``shared`` the sentences carrying a figure or date
    several sources agree on (both keyed by article and sentence start, see crosscheck)."""
    sims = _statement_similarities(claims, ctx)
    disputes = disputes or {}
    shared = shared or {}
    mutual = _mutual_best(claims, sims)
    opposed: set[tuple[int, int]] = set()
    for i in range(len(claims)):
        for j in range(i + 1, len(claims)):
            if (ctx.source(claims[i]) != ctx.source(claims[j])
                    and sims[i, j] >= CONTRADICTION_SIM
                    and contradicts(claims[i], claims[j], ctx)):
                opposed.add((i, j))

    def score(i: int, j: int) -> float:
        if (i, j) in opposed:
            return 1.0  # judged together, so that the reader sees both sides
        if (claims[i].article_id == claims[j].article_id
                or _sides_differ(claims[i], claims[j], disputes)):
            return 0.0  # an article states a fact once; sides of a conflict are not one fact
        s = float(sims[i, j])
        if _carry_one_fact(claims[i], claims[j], shared):
            s += SHARED_FACT_BONUS
        return s if (i, j) in mutual else min(s, STATEMENT_LINK - 0.01)

    def admissible(i: int, j: int, s: float) -> bool:
        return (i, j) in opposed or s >= STATEMENT_FLOOR

    checks = []
    for g in cluster(len(claims), score, STATEMENT_LINK, admissible):
        pairs = [(i, j) for i in g for j in g if (i, j) in opposed]
        checks.append(_judge_statement([claims[i] for i in g], pairs, claims, ctx))
    return checks


def _judge_statement(group: list[Claim], opposed: list[tuple[int, int]], claims: list[Claim],
                     ctx: StoryContext) -> Check:
    sources = by_source(group, ctx)
    rep = _central(group, ctx)
    if len(sources) == 1:
        return make_check("statement", group, ctx, "single_source", rep.text,
                          single_note(group, ctx))
    if opposed:
        a, b = claims[opposed[0][0]], claims[opposed[0][1]]
        return make_check("statement", group, ctx, "conflict", "sources contradict each other",
                          f"{outlet(a, ctx)} says “{a.text.strip()}” but {outlet(b, ctx)} says "
                          f"“{b.text.strip()}”.")
    return make_check("statement", group, ctx, "agree", rep.text,
                      f"{len(sources)} independent sources state this in their own words.")


def _central(group: list[Claim], ctx: StoryContext) -> Claim:
    """The wording closest to all the others: the best single sentence for the fact."""
    if len(group) <= 2:
        return group[0]
    return max(group, key=lambda c: sum(ctx.similarity(c.text, o.text) for o in group))
