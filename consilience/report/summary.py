"""The briefing: a few sentences of the articles themselves, chosen for what outlets share.

Sentences are extracted, never written: each is the exact text of one article, and cites
every article that carries its facts according to the cross-check (a statement told in other
words elsewhere, a figure or quote another outlet gives too).

A sentence's score adds three things:

- *support*: how many independent sources carry the facts it states (via the checks), so
  that facts several outlets share come first;
- *centrality*: how close it is to what every other outlet wrote (for each other source,
  its most similar sentence, averaged) and to the centroid of the whole story;
- *position*: news is written top-down, so an early sentence weighs a little more.

Selection is greedy with a redundancy bar (too similar, or carrying a fact of a sentence
already chosen), so the briefing does not say one thing twice. A sentence holding a fact the
sources disagree on is left out: the briefing is for what is established, the differences
have their own section. A briefing is never longer than three quarters of the longest
report's usable sentences (three at least), whatever ``max_sentences`` allows.

Read out of its article, "“Rockets speak for themselves,” he said" does not say who spoke.
When the analyzer resolved the pronoun (a quote's ``speaker``), the name follows it in
brackets: "he [Ana Reyes] said". That insertion is the only change ever made to the words;
each entry also carries the exact span it was taken from (``Extract.start``/``end``). A
sentence that opens on a pronoun nothing resolves ("He gave …", "It caused …") weighs less,
and bylines and datelines ("By Ana Reyes, 3 May", "PORT KESSEL (CP) —") are never used.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from consilience.align import STOP_WORDS, byline, last_named, tokens
from consilience.records import Analysis, Article, Check, Cited, Claim
from consilience.verdicts import close, date_relation, figure

Encoder = Callable[[list[str]], np.ndarray]

MIN_WORDS = 6
MAX_WORDS = 60
REDUNDANT = 0.78  # two sentences this similar say the same thing: keep one
W_SUPPORT, W_CROSS, W_CENTROID, W_POSITION = 1.0, 1.0, 0.5, 0.35
W_DANGLING = 0.3  # a sentence opening on a pronoun nobody resolved reads badly alone
MIN_SENTENCES = 3
BRIEF_SHARE = 0.75  # of the usable sentences of the longest original report

_PRONOUN = re.compile(r"\b(?:he|she|He|She)\b")
_OPENING_PRONOUN = re.compile(r"^[\"“‘]?(?:He|She|They|It|Its|His|Her|Their|This|These|Those)\b")
# "PORT KESSEL, Aldoria (CP) — A strong earthquake …": the dateline is not the sentence
# (matched at the sentence's start with ``Pattern.match(text, pos)``, hence no "^")
_DATELINE_PREFIX = re.compile(
    r"[A-Z][A-Z .'’-]+(?:,\s*[A-Z][\w .'’-]*)?\s*(?:\([\w .]+\))?\s*[—–]\s*")

_SPLIT = re.compile(r"(?<=[.!?])([\"”’)\]]?)\s+(?=[\"“‘(\[]?[A-Z0-9])")
_END = re.compile(r"[.!?][\"”’)\]]?$")


@dataclass
class Candidate:
    article_id: str
    source: str  # independent source (original article id)
    start: int
    end: int
    text: str
    index: int  # position of the sentence in its article
    article_ids: list[str] = field(default_factory=list)
    checks: set[str] = field(default_factory=set)  # multi-source checks of its claims
    support: int = 1
    disputed: bool = False
    score: float = 0.0
    shown: str = ""  # the text a reader sees: ``text`` with a speaker named after a pronoun
    dangling: bool = False  # opens on a pronoun that nothing resolves


@dataclass(kw_only=True)
class Extract(Cited):
    """A briefing sentence and the exact span of the article it was taken from."""

    article_id: str
    start: int
    end: int


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans by punctuation, for articles the analyzer did not split."""
    spans = []
    for para in re.finditer(r"[^\n]+", text):
        start = para.start()
        for m in _SPLIT.finditer(para.group()):
            spans.append((start, para.start() + m.start() + len(m.group(1))))
            start = para.start() + m.end()
        if start < para.end():
            spans.append((start, para.end()))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def usable(text: str) -> bool:
    """A sentence a briefing can use: a whole statement, neither a heading nor a question."""
    words = text.split()
    if not MIN_WORDS <= len(words) <= MAX_WORDS or not _END.search(text):
        return False
    if text.rstrip("\"”’)").endswith("?") or not (text[0].isupper() or text[0] in "\"“‘"):
        return False
    if byline(text):
        return False
    return text.count("“") == text.count("”") and text.count('"') % 2 == 0


def name_speakers(text: str, start: int, claims: Sequence[Claim]) -> tuple[str, bool]:
    """The sentence ``text`` (at ``start`` in its article) with the speaker's name in brackets
    after the pronoun that stands for them, and whether its opening pronoun is resolved.

    Only a quote whose speaker the analyzer named, and whose sentence does not name them
    already, gets the insertion: "“…,” he [Ana Reyes] said" or "She [Ana Reyes] said: “…”".
    """
    for c in claims:
        if c.kind != "quote" or not c.speaker or not start <= c.start < c.end <= start + len(
                text):
            continue
        q_start, q_end = c.start - start, c.end - start
        if last_named(text[:q_start] + " " + text[q_end:], c.speaker) >= 0:
            continue
        after = _PRONOUN.search(text, q_end, min(len(text), q_end + 40))
        before = list(_PRONOUN.finditer(text, 0, q_start))
        found = after or (before[-1] if before else None)
        if found is None:
            continue
        shown = f"{text[:found.end()]} [{c.speaker}]{text[found.end():]}"
        return shown, True
    return text, False


def candidates(articles: Sequence[Article], analyses: Sequence[Analysis],
               checks: Sequence[Check]) -> list[Candidate]:
    """Usable sentences of the original articles, with support and citations from checks."""
    by_analysis = {a.article_id: a for a in analyses}
    ids = {a.id for a in articles}
    root = {a.id: (a.duplicate_of if a.duplicate_of in ids else a.id) for a in articles}
    claim_check = {cid: k for k in checks for cid in k.claim_ids}
    by_claim = {c.id: c for an in analyses for c in an.claims}
    out = []
    for art in articles:
        if root[art.id] != art.id:
            continue  # a syndicated copy says what its original says
        analysis = by_analysis.get(art.id)
        spans = analysis.sentences if analysis and analysis.sentences else split_sentences(
            art.text)
        claims = analysis.claims if analysis else []
        for index, (s, e) in enumerate(spans):
            s, e = _trim(art.text, s, e)
            dateline = _DATELINE_PREFIX.match(art.text, s, e)
            if dateline and dateline.end() < e:
                s = dateline.end()
            text = art.text[s:e]
            if not usable(text):
                continue
            cand = Candidate(art.id, art.id, s, e, text, index, [art.id])
            cand.shown, resolved = name_speakers(text, s, claims)
            cand.dangling = bool(_OPENING_PRONOUN.match(text)) and not resolved
            inside = [(c, claim_check[c.id]) for c in claims
                      if c.id in claim_check and s <= c.start and c.end <= e]
            _cite(cand, inside, by_claim, root, [a.id for a in articles])
            out.append(cand)
    return out


def _cite(cand: Candidate, inside: list[tuple[Claim, Check]], by_claim: dict[str, Claim],
          root: dict[str, str], order: list[str]) -> None:
    cited = {cand.article_id}
    for claim, k in inside:
        if k.verdict == "conflict":
            cand.disputed = True
        elif k.verdict == "compatible":
            # Compatible figures and dates may differ ("at least 37" dead, then "41"; said on
            # Tuesday, then on Wednesday): the sentence cites the articles that give its own
            # number within rounding, or its own date at any precision, not the others.
            others = [o for cid in k.claim_ids if (o := by_claim.get(cid)) is not None]
            cited.update(o.article_id for o in others if _says_the_same(claim, o))
            cand.checks.add(k.id)
        elif k.verdict != "single_source":
            cited.update(k.article_ids)
            cand.checks.add(k.id)
        else:
            cited.update(k.article_ids)  # its syndicated copies carry it too
    cand.article_ids = [a for a in order if a in cited]
    cand.support = len({root.get(a, a) for a in cited})


def _says_the_same(a: Claim, b: Claim) -> bool:
    """Whether ``b`` gives what ``a`` gives, as far as citing goes: wordings of one quote
    or statement do; figures and dates must match (see ``_cite``)."""
    if a.kind not in ("quantity", "money", "count", "date"):
        return True
    if a.kind == "date" or b.kind == "date":
        return bool(a.date and b.date) and date_relation(a.date, b.date) != "differ"
    fa, fb = figure(a), figure(b)
    return fa is not None and fb is not None and close(fa, fb)


def _encode(encoder: Encoder | None, texts: list[str]) -> np.ndarray:
    if encoder is None:
        from consilience.embed import encode as encoder  # deferred: loads the model
    vecs = np.asarray(encoder(texts), dtype=np.float32)
    return _normalized(vecs)


def _normalized(vecs: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    return vecs / np.where(norms == 0, 1.0, norms)


def word_vectors(texts: list[str]) -> np.ndarray:
    """TF-IDF rows of the texts' content words, weighted over these texts alone, normalized.

    The words an article keeps coming back to are what it is about; a word in every
    sentence (the outlet's name in a byline-heavy page) says little.
    """
    counts = [Counter(w for w in tokens(t) if w not in STOP_WORDS) for t in texts]
    vocab = {w: i for i, w in enumerate(sorted(set().union(*counts)))}
    df = np.zeros(len(vocab), dtype=np.float32)
    tf = np.zeros((len(texts), len(vocab)), dtype=np.float32)
    for row, c in enumerate(counts):
        for w, n in c.items():
            tf[row, vocab[w]] = n
            df[vocab[w]] += 1
    idf = np.log((1 + len(texts)) / (1 + df)) + 1.0
    return _normalized(tf * idf)


def score(cands: list[Candidate], vecs: np.ndarray) -> None:
    """Fill each candidate's score from support, cross-outlet centrality and position."""
    sources = sorted({c.source for c in cands})
    n_src = len(sources)
    sims = vecs @ vecs.T
    per_source = [np.array([c.source == s for c in cands]) for s in sources]
    means = [vecs[m].mean(axis=0) for m in per_source]
    centroid = np.mean(means, axis=0)
    centroid /= np.linalg.norm(centroid) or 1.0
    for i, c in enumerate(cands):
        others = [sims[i][m].max() for s, m in zip(sources, per_source, strict=True)
                  if s != c.source]
        cross = float(np.mean(others)) if others else 0.0
        support = (c.support - 1) / (n_src - 1) if n_src > 1 else 0.0
        c.score = (W_SUPPORT * support + W_CROSS * cross + W_CENTROID * float(vecs[i] @ centroid)
                   + W_POSITION / (1 + c.index) - W_DANGLING * c.dangling)


def select(cands: list[Candidate], vecs: np.ndarray, max_sentences: int,
           max_words: int | None) -> list[int]:
    """Indices of the chosen candidates, best first, with no two saying the same thing."""
    chosen: list[int] = []
    words = 0
    for i in sorted(range(len(cands)), key=lambda i: -cands[i].score):
        if len(chosen) >= max_sentences or (max_words is not None and words >= max_words):
            break
        if cands[i].disputed:
            continue
        if any(float(vecs[i] @ vecs[j]) >= REDUNDANT or cands[i].checks & cands[j].checks
               for j in chosen):
            continue
        chosen.append(i)
        words += len(cands[i].text.split())
    return chosen


def summarize(articles: Sequence[Article], analyses: Sequence[Analysis],
              checks: Sequence[Check], *, max_sentences: int = 7,
              max_words: int | None = None, encoder: Encoder | None = None) -> list[Extract]:
    """The briefing of one story: up to ``max_sentences`` cited sentences (and, when given,
    stopping once ``max_words`` is reached), facts shared by more sources first."""
    cands = candidates(articles, analyses, checks)
    if not cands:
        return []
    # a briefing is shorter than its longest report: two short reports of one small event
    # make a few sentences, not nearly every sentence either wrote
    longest = max(Counter(c.source for c in cands).values())
    max_sentences = min(max_sentences, max(MIN_SENTENCES, math.ceil(BRIEF_SHARE * longest)))
    texts = [c.text for c in cands]
    # One independent source has no other outlet to compare with: centrality within the
    # article is a matter of the words it keeps using, and the sentence model is not needed.
    one_source = len({c.source for c in cands}) == 1
    vecs = word_vectors(texts) if one_source else _encode(encoder, texts)
    score(cands, vecs)
    chosen = select(cands, vecs, max_sentences, max_words)
    order = {a.id: i for i, a in enumerate(articles)}
    # A briefing reads best with shared facts first, then in each article's own order.
    chosen.sort(key=lambda i: (-cands[i].support, order[cands[i].article_id], cands[i].index))
    return [Extract(text=cands[i].shown or cands[i].text, article_ids=cands[i].article_ids,
                    article_id=cands[i].article_id, start=cands[i].start, end=cands[i].end)
            for i in chosen]
