"""What ``group`` compares articles by: embeddings, names and numbers, words, dates.

For every article (a node) this module builds:

- the embedding of its title and lead, where a news report says what happened, to whom and
  where (``consilience.embed``);
- its names and numbers ("keys"), and its content words, each as a TF-IDF row, so that a
  rare name or word shared by two articles counts for more than a common one;
- its publication date as a day number.

Rarity (the IDF weight) blends two counts. Within the batch, a word in many of the articles
tells them apart less: in a store full of one election, the candidate's name is common. But a
batch of a few articles knows little: passed five reports of one earthquake, batch rarity
calls "earthquake" and the town's name common (every article has them) and the words each
report alone uses rare, so the reports look unlike each other. So the batch's document
frequency is blended with a background one, the share of documents of ``length`` tokens that
would hold the word given its frequency in general English (wordfreq's list, shipped inside
that package): the background counts as ``docs`` documents more. A small batch then weighs
words as English does (an earthquake is rare news, "said" is not), a large one by its own
counts. With ``docs = 0`` this is plain batch TF-IDF. Words the English list does not know
(most names, words of other languages) count as rare until the batch is large enough to show
otherwise. The weights of the blend were chosen on ecbplus-dev (``bench/stories.py``).
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from consilience import embed
from consilience.records import Analysis, Article

# Entity labels that name a particular thing; dates and quantities come in through numbers.
NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "NORP", "PRODUCT", "WORK_OF_ART", "LAW"}
)
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’']?\s+(?=[\"“‘'(]?[A-Z0-9])")
_CAPITALIZED = re.compile(r"\b[A-Z][\w’'&-]*[\w]|\b[A-Z]\b")
_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]")  # two letters or more, inner ' and - kept
# Figures that can tell two events apart: "6.1", "1,200", "81st", "2009". Bare single digits
# ("3 people") are too common to tell anything; keys() drops them.
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(st|nd|rd|th)?\b")
# Frequency given to a term the English list does not know: rarer than anything it lists
# (its rarest entries are about 1e-8), but not zero, so a made-up name is not infinitely rare.
_UNKNOWN_FREQUENCY = 1e-9


@dataclass(frozen=True, kw_only=True)
class Background:
    """How much the background frequency weighs against the batch's own counts."""

    docs: float  # pseudo-documents the background is worth; 0 turns it off
    length: float  # tokens of a background document


@dataclass(kw_only=True)
class Features:
    vectors: np.ndarray  # normalized embedding of title + lead, one row a node
    keys: sparse.csr_matrix  # TF-IDF rows over names and numbers, L2-normalized
    has_keys: np.ndarray  # bool: rows with at least one key
    words: sparse.csr_matrix  # TF-IDF rows over the words of title and text
    has_words: np.ndarray
    days: np.ndarray  # publication date as a day number; NaN when unknown


def features(
    nodes: list[Article],
    analyses: dict[str, Analysis],
    *,
    lead_sentences: int,
    background: Background,
) -> Features:
    vectors = embed.encode([lead_text(a, analyses.get(a.id), lead_sentences) for a in nodes],
                           persist=True)
    names = _one_name_per_entity(analyses)
    keys, has_keys = key_matrix([keys_of(a, analyses.get(a.id), names) for a in nodes], background)
    words, has_words = key_matrix([words_of(a) for a in nodes], background)
    days = np.array([_day(a.published) for a in nodes], dtype=np.float64)
    return Features(
        vectors=vectors, keys=keys, has_keys=has_keys, words=words, has_words=has_words, days=days
    )


# --------------------------------------------------------------------------- text


def _sentences(article: Article, analysis: Analysis | None) -> list[str]:
    text = article.text
    if analysis is not None and analysis.sentences:
        return [text[s:e] for s, e in analysis.sentences]
    return [s for s in SENTENCE_END.split(text) if s.strip()]


def lead_text(article: Article, analysis: Analysis | None, lead_sentences: int) -> str:
    """Title and first sentences: where a news report says what happened, to whom, where."""
    sentences = [s.strip() for s in _sentences(article, analysis)]
    title = article.title.strip()
    if sentences and title and sentences[0].startswith(title):
        sentences = sentences[1:]  # some extractors keep the headline as the first line
    lead = " ".join(sentences[:lead_sentences])
    if title and title[-1] not in ".!?:":
        title += "."
    return f"{title} {lead}".strip()


def _one_name_per_entity(analyses: dict[str, Analysis]) -> dict[str, str]:
    """The analyze stage's set-wide names ("Zelenskyy" and "Volodymyr Zelensky" as one), read
    only: the caller's analyses are not rewritten."""
    if not analyses:
        return {}
    from consilience.analyze.canonical import canonicalize_entities  # loads spaCy: defer

    return canonicalize_entities([analyses[k] for k in sorted(analyses)])


def keys_of(article: Article, analysis: Analysis | None, names: dict[str, str]) -> list[str]:
    """Names and numbers of an article, one entry per occurrence (counts weigh in).

    Capitalized words are always taken (they cover the headline, which analyses do not, and
    a surname alone matches the full name); the analysis adds each entity's canonical name,
    which links the spellings and aliases it has resolved ("U.S." and "United States").
    Headline words in title case ("Judge Blocks Abortion Law") come in too: measured on
    ecbplus-dev and neus-val, keeping only the ones the body confirms as names did worse,
    as shared headline nouns are good evidence of one event.
    """
    keys = ["e:" + w.lower() for w in capitalized_words(f"{article.title}\n{article.text}")]
    if analysis is not None and analysis.analyzed:
        keys += [
            "e:" + names.get(m.canonical, m.canonical).lower()
            for m in analysis.mentions
            if m.label in NAME_LABELS
        ]
    for digits, ordinal in _NUMBER.findall(f"{article.title}\n{article.text}"):
        value = digits.replace(",", "")
        if len(value) > 1 or ordinal:
            keys.append(f"n:{value}{ordinal}")
    return keys


def words_of(article: Article) -> list[str]:
    """Content words of title and text: lexical overlap, the classic news-clustering signal,
    catches the specific terms ("vote-a-rama", "Jones Act") that embeddings blur into a topic."""
    text = f"{article.title}\n{article.text}".lower()
    words = (w.removesuffix("'s").removesuffix("’s") for w in _WORD.findall(text))
    return [w for w in words if w not in ENGLISH_STOP_WORDS]


def capitalized_words(text: str) -> list[str]:
    """Capitalized words that are not common words: a stand-in for named entities.

    Used when no analysis is at hand. "The", "But" or "He" at a sentence start are dropped
    through the stop-word list; what remains is mostly names, places and organisations.
    """
    return [w for w in _CAPITALIZED.findall(text) if w.lower() not in ENGLISH_STOP_WORDS]


def _day(published: str | None) -> float:
    try:
        return float(date.fromisoformat((published or "")[:10]).toordinal())
    except ValueError:
        return math.nan


# --------------------------------------------------------------------------- rarity


@functools.lru_cache(maxsize=200_000)
def background_frequency(term: str) -> float:
    """Share of the tokens of general English text that are ``term`` (a key's text, without
    its "e:"/"n:" prefix). Several words ("tomas brevik") are looked up as a phrase, which is
    rarer than its rarest word; numbers by their digits ("2009" as a year-like figure)."""
    from wordfreq import word_frequency  # deferred: reads its list (~0.2 s) on first use

    return max(word_frequency(term, "en"), _UNKNOWN_FREQUENCY)


def idf(keys: list[str], df: np.ndarray, n: int, background: Background) -> np.ndarray:
    """Rarity weight of each key (>= 1): smoothed IDF over the batch's ``n`` documents plus
    ``background.docs`` background ones, in which a key is expected in the share of documents
    its English frequency gives."""
    if background.docs > 0:
        freq = np.array([background_frequency(k.partition(":")[2] or k) for k in keys])
        expected = background.docs * -np.expm1(-background.length * freq)
    else:
        expected = np.zeros(len(keys))
    return np.log((1 + n + background.docs) / (1 + df + expected)) + 1.0


def key_matrix(
    docs: list[list[str]], background: Background
) -> tuple[sparse.csr_matrix, np.ndarray]:
    """L2-normalized TF-IDF rows over keys; sublinear counts so one name said ten times does
    not drown the rest. Smoothed IDF keeps every weight at 1 or more: in a small batch where
    every article names the same person, that shared name must still count."""
    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for r, doc in enumerate(docs):
        for key, n in sorted(Counter(doc).items()):
            rows.append(r)
            cols.append(vocab.setdefault(key, len(vocab)))
            vals.append(1.0 + math.log(n))
    shape = (len(docs), max(len(vocab), 1))
    m = sparse.csr_matrix((vals, (rows, cols)), shape=shape, dtype=np.float64)
    df = np.bincount(m.indices, minlength=shape[1])
    weights = np.ones(shape[1])
    if vocab:
        weights = idf(list(vocab), df, len(docs), background)
    m = m @ sparse.diags(weights)
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    has = norms > 0
    m = sparse.diags(np.where(has, 1.0 / np.where(has, norms, 1.0), 0.0)) @ m
    return sparse.csr_matrix(m), has
