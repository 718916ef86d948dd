"""Group articles into stories: one story for each real-world event.

Two articles belong together when these signals agree well enough:

- what they are about: the cosine of sentence embeddings of title and lead (``embed``);
- which rare words they share: TF-IDF over the words of title and text, the classic
  news-clustering signal, which keeps the specific terms that embeddings blur into a topic;
- whom and what they name: the people, places and organisations they mention, and the numbers
  they give (a magnitude, a death toll, "81st"), weighted by rarity (TF-IDF over these keys);
  this is what tells two earthquakes or two award ceremonies apart, where topic words agree;
- when they were published: dates months apart lower the score, unknown dates are neutral.

The pair score is ``(1 - wn - ww) * embedding + wn * names + ww * words - time``; stories are
formed by average linkage, merging while the mean score between two groups stays at or above a
threshold. Any group is held together by at least one pair at or above the threshold, so
clustering runs separately inside each connected component of those pairs: the cost is
quadratic only in the size of a component, not of the whole batch. Rarity is measured within
the batch (the articles passed in, stored ones included), so the larger the store, the better
it knows which names are common.

Stability: inputs are sorted by id and the story id hashes the smallest member id, so the same
articles in any order give the same stories. With ``existing`` stories, their members stay put,
two existing stories never merge, and new articles join one (keeping its id and title) or found
new stories. Duplicates (``Article.duplicate_of``) always join their original's story and weigh
nothing in its scores: a copy counts once, as it does for sources.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from consilience import embed
from consilience.errors import ConfigError
from consilience.records import Analysis, Article, Story, short_hash

# Entity labels that name a particular thing; dates and quantities come in through numbers.
NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "NORP", "PRODUCT", "WORK_OF_ART", "LAW"}
)
_PSEUDO = "\x00story:"  # node ids standing for a stored story whose articles were not passed


@dataclass(frozen=True, kw_only=True)
class GroupParams:
    """The knobs of ``group``. Defaults were chosen once, globally, on ecbplus-dev."""

    threshold: float = 0.375  # mean pair score at which two groups merge
    entity_weight: float = 0.3  # share of the score given to shared names and numbers
    word_weight: float = 0.3  # share given to shared rare words; embeddings get the rest
    time_weight: float = 0.5  # taken off the score for dates a year or more apart
    time_grace_days: int = 7  # a developing story is covered for days: no penalty within
    lead_sentences: int = 5  # sentences of the text embedded after the title
    chunk: int = 1024  # rows scored at once when looking for linked pairs (memory bound)

    def __post_init__(self) -> None:
        shares = (self.entity_weight, self.word_weight)
        if min(shares) < 0 or sum(shares) >= 1:
            raise ConfigError(
                f"entity_weight and word_weight must be >= 0 and leave a share for the "
                f"embeddings (got {self.entity_weight} and {self.word_weight})"
            )
        if self.chunk < 1 or self.lead_sentences < 0:
            raise ConfigError("chunk must be at least 1 and lead_sentences at least 0")


DEFAULT_PARAMS = GroupParams()


@dataclass(kw_only=True)
class _Features:
    vectors: np.ndarray  # normalized embedding of title + lead, one row a node
    keys: sparse.csr_matrix  # TF-IDF rows over names and numbers, L2-normalized
    has_keys: np.ndarray  # bool: rows with at least one key
    words: sparse.csr_matrix  # TF-IDF rows over the words of title and text
    has_words: np.ndarray
    days: np.ndarray  # publication date as a day number; NaN when unknown


def group(
    articles: list[Article],
    analyses: dict[str, Analysis] | None = None,
    existing: list[Story] | None = None,
    *,
    params: GroupParams | None = None,
) -> list[Story]:
    """Stories of ``articles``: existing ones (extended) first kept, then new ones.

    ``analyses`` (by article id) supply named entities with canonical names; without them a
    cheap capitalized-word heuristic stands in. ``existing`` are stories stored by an earlier
    run: pass their articles in ``articles`` too so new ones can be compared with them; a
    stored story none of whose articles are passed is matched on its title alone. Every
    existing story is returned, grown or not. Stories come largest first, then by id.
    """
    params = params or DEFAULT_PARAMS
    analyses = analyses or {}
    existing = sorted(existing or [], key=lambda s: s.id)
    nodes = _nodes(articles, existing)
    if not nodes:
        return [Story(id=s.id, title=s.title, article_ids=list(s.article_ids)) for s in existing]
    features = _features(nodes, analyses, params)
    initial, owner = _initial_clusters(nodes, existing)
    clusters = _cluster(features, initial, owner, _weights(nodes, initial), params)
    return _stories(nodes, features, clusters, existing)


# --------------------------------------------------------------------------- nodes


def _nodes(articles: Iterable[Article], existing: list[Story]) -> list[Article]:
    """Articles sorted by id (each once), plus a title-only stand-in per unmatched story."""
    by_id: dict[str, Article] = {}
    for a in articles:
        by_id.setdefault(a.ensure_ids().id, a)
    nodes = [by_id[i] for i in sorted(by_id)]
    for story in existing:
        if not any(i in by_id for i in story.article_ids):
            nodes.append(Article(id=_PSEUDO + story.id, source="", outlet="", title=story.title))
    return nodes


def _initial_clusters(
    nodes: list[Article], existing: list[Story]
) -> tuple[list[list[int]], dict[int, Story]]:
    """Clusters fixed before any scoring: stored stories, and duplicates with originals.

    Returns the clusters (lists of node indices) and, for clusters holding a stored story,
    that story by cluster index. A node listed in two stored stories stays in the first.
    """
    index = {a.id: i for i, a in enumerate(nodes)}
    parent = list(range(len(nodes)))
    story_of: dict[int, Story] = {}  # root -> stored story

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri == rj or (ri in story_of and rj in story_of):
            return  # stored stories are never merged
        if rj in story_of:
            ri, rj = rj, ri
        parent[rj] = ri

    first_story: dict[str, Story] = {}
    for story in existing:
        for aid in story.article_ids:
            first_story.setdefault(aid, story)
    for story in existing:
        present = _present(story, index)
        members = [i for i in present if first_story.get(nodes[i].id, story) is story]
        if not members:  # every article it lists is held by an earlier stored story
            continue
        story_of.setdefault(find(members[0]), story)
        for i in members[1:]:
            union(members[0], i)
    for i, a in enumerate(nodes):
        original = a.duplicate_of
        if original in index:
            union(index[original], i)
        elif original in first_story:  # the original is stored but was not passed in
            union(_present(first_story[original], index)[0], i)

    groups: dict[int, list[int]] = {}
    for i in range(len(nodes)):
        groups.setdefault(find(i), []).append(i)
    clusters = sorted(groups.values())
    owner = {c: story_of[find(m[0])] for c, m in enumerate(clusters) if find(m[0]) in story_of}
    return clusters, owner


def _weights(nodes: list[Article], initial: list[list[int]]) -> np.ndarray:
    """Weight of each node in a group's mean score: 0 for a copy whose original is in its
    group. Copies count once, as for sources, and a copy whose extraction went wrong does not
    drag its original's story apart."""
    weight = np.ones(len(nodes))
    for members in initial:
        present = {nodes[i].id for i in members}
        for i in members:
            if nodes[i].duplicate_of in present:
                weight[i] = 0.0
        if not weight[members].any():  # copies of each other only: every one counts
            weight[members] = 1.0
    return weight


def _present(story: Story, index: dict[str, int]) -> list[int]:
    """Node indices standing for a stored story: its passed articles, or its stand-in."""
    found = [index[i] for i in story.article_ids if i in index]
    return found or [index[_PSEUDO + story.id]]


# --------------------------------------------------------------------------- features

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’']?\s+(?=[\"“‘'(]?[A-Z0-9])")
_CAPITALIZED = re.compile(r"\b[A-Z][\w’'&-]*[\w]|\b[A-Z]\b")
_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]")  # two letters or more, inner ' and - kept
# Figures that can tell two events apart: "6.1", "1,200", "81st", "2009". Bare single digits
# ("3 people") are too common to tell anything; _keys drops them.
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(st|nd|rd|th)?\b")


def _features(nodes: list[Article], analyses: dict[str, Analysis], p: GroupParams) -> _Features:
    vectors = embed.encode([_lead_text(a, analyses.get(a.id), p.lead_sentences) for a in nodes])
    names = _one_name_per_entity(analyses)
    keys, has_keys = _key_matrix([_keys(a, analyses.get(a.id), names) for a in nodes])
    words, has_words = _key_matrix([_words(a) for a in nodes])
    days = np.array([_day(a.published) for a in nodes], dtype=np.float64)
    return _Features(
        vectors=vectors, keys=keys, has_keys=has_keys, words=words, has_words=has_words, days=days
    )


def _sentences(article: Article, analysis: Analysis | None) -> list[str]:
    text = article.text
    if analysis is not None and analysis.sentences:
        return [text[s:e] for s, e in analysis.sentences]
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def _lead_text(article: Article, analysis: Analysis | None, lead_sentences: int) -> str:
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


def _keys(article: Article, analysis: Analysis | None, names: dict[str, str]) -> list[str]:
    """Names and numbers of an article, one entry per occurrence (counts weigh in).

    Capitalized words are always taken (they cover the headline, which analyses do not, and
    a surname alone matches the full name); the analysis adds each entity's canonical name,
    which links the spellings and aliases it has resolved ("U.S." and "United States").
    """
    keys = ["e:" + w.lower() for w in _capitalized_words(f"{article.title}\n{article.text}")]
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


def _words(article: Article) -> list[str]:
    """Content words of title and text: lexical overlap, the classic news-clustering signal,
    catches the specific terms ("vote-a-rama", "Jones Act") that embeddings blur into a topic."""
    text = f"{article.title}\n{article.text}".lower()
    words = (w.removesuffix("'s").removesuffix("’s") for w in _WORD.findall(text))
    return [w for w in words if w not in ENGLISH_STOP_WORDS]


def _capitalized_words(text: str) -> list[str]:
    """Capitalized words that are not common words: a stand-in for named entities.

    Used when no analysis is at hand. "The", "But" or "He" at a sentence start are dropped
    through the stop-word list; what remains is mostly names, places and organisations.
    """
    return [w for w in _CAPITALIZED.findall(text) if w.lower() not in ENGLISH_STOP_WORDS]


def _key_matrix(docs: list[list[str]]) -> tuple[sparse.csr_matrix, np.ndarray]:
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
    idf = np.log((1 + len(docs)) / (1 + df)) + 1.0
    m = m @ sparse.diags(idf)
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    has = norms > 0
    m = sparse.diags(np.where(has, 1.0 / np.where(has, norms, 1.0), 0.0)) @ m
    return sparse.csr_matrix(m), has


def _day(published: str | None) -> float:
    try:
        return float(date.fromisoformat((published or "")[:10]).toordinal())
    except ValueError:
        return math.nan


# --------------------------------------------------------------------------- scores


def _scores(f: _Features, rows: np.ndarray, cols: np.ndarray, p: GroupParams) -> np.ndarray:
    """Pair scores of nodes ``rows`` against nodes ``cols`` (dense, float64)."""
    w_emb = 1.0 - p.entity_weight - p.word_weight
    score = w_emb * (f.vectors[rows] @ f.vectors[cols].T).astype(np.float64)
    weight = np.full((len(rows), len(cols)), w_emb)
    # A signal missing on either side (no names at all, no text) says nothing either way:
    # the others share its weight.
    for matrix, present, w in (
        (f.keys, f.has_keys, p.entity_weight),
        (f.words, f.has_words, p.word_weight),
    ):
        both = present[rows][:, None] & present[cols][None, :]
        score += np.where(both, w * (matrix[rows] @ matrix[cols].T).toarray(), 0.0)
        weight += np.where(both, w, 0.0)
    score /= weight
    gap = np.abs(f.days[rows][:, None] - f.days[cols][None, :])
    late = np.maximum(np.nan_to_num(gap, nan=0.0) - p.time_grace_days, 0.0)
    # linear in the gap: a month apart costs a little (a trial is covered for weeks), half a
    # year about half, a year the full weight (the next edition of an annual event)
    penalty = np.minimum(late / (365.0 - p.time_grace_days), 1.0)
    return score - p.time_weight * penalty


def _linked_pairs(f: _Features, p: GroupParams) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i < j) scoring at or above the threshold, found a chunk of rows at a time."""
    n = len(f.vectors)
    everyone = np.arange(n)
    found_i, found_j = [], []
    for start in range(0, n, p.chunk):
        rows = everyone[start : start + p.chunk]
        s = _scores(f, rows, everyone, p)
        i, j = np.nonzero(s >= p.threshold)
        keep = rows[i] < j
        found_i.append(rows[i][keep])
        found_j.append(j[keep])
    return np.concatenate(found_i), np.concatenate(found_j)


# --------------------------------------------------------------------------- clustering


def _cluster(
    f: _Features,
    initial: list[list[int]],
    owner: dict[int, Story],
    weight: np.ndarray,
    p: GroupParams,
) -> list[tuple[list[int], Story | None]]:
    """Final clusters of node indices, each with the stored story it holds (if any): the
    initial clusters grown and merged by average linkage."""
    n = len(f.vectors)
    i, j = _linked_pairs(f, p)
    # initial clusters are held together whatever their scores
    for members in initial:
        i = np.concatenate([i, np.full(len(members) - 1, members[0])])
        j = np.concatenate([j, np.asarray(members[1:], dtype=np.int64)])
    graph = sparse.coo_matrix((np.ones(len(i)), (i, j)), shape=(n, n))
    _, component = connected_components(graph, directed=False)

    by_component: dict[int, list[int]] = {}
    for c, members in enumerate(initial):
        by_component.setdefault(int(component[members[0]]), []).append(c)
    final: list[tuple[list[int], Story | None]] = []
    for cluster_ids in by_component.values():
        groups = [initial[c] for c in cluster_ids]
        stored = [owner.get(c) for c in cluster_ids]
        final += _average_linkage(f, groups, stored, weight, p)
    return final


def _average_linkage(
    f: _Features,
    groups: list[list[int]],
    stored: list[Story | None],
    weight: np.ndarray,
    p: GroupParams,
) -> list[tuple[list[int], Story | None]]:
    """Merge the closest pair of groups while their mean pair score reaches the threshold.

    Two groups that each hold a stored story never merge. Ties go to the lowest indices,
    which are in id order, so the result does not depend on input order.
    """
    if len(groups) == 1:
        return [(groups[0], stored[0])]
    nodes = np.asarray([i for g in groups for i in g])
    owner = np.repeat(np.arange(len(groups)), [len(g) for g in groups])
    # weighted membership, node x group: sparse, as stored stories can hold thousands
    member = sparse.csr_matrix(
        (weight[nodes], (np.arange(len(nodes)), owner)), shape=(len(nodes), len(groups))
    )
    # Sum of pair scores between every two groups, a chunk of node rows at a time, so a
    # component of many stored articles never needs its whole node-by-node matrix.
    total = np.zeros((len(groups), len(groups)))
    for start in range(0, len(nodes), p.chunk):
        rows = slice(start, start + p.chunk)
        total += member[rows].T @ (member.T @ _scores(f, nodes[rows], nodes, p).T).T
    size = np.asarray(member.sum(axis=0)).ravel()
    alive = np.ones(len(groups), dtype=bool)
    locked = np.array([st is not None for st in stored])
    while True:
        mean = total / np.outer(size, size)
        blocked = ~(alive[:, None] & alive[None, :]) | (locked[:, None] & locked[None, :])
        np.fill_diagonal(blocked, True)
        mean[blocked] = -np.inf
        a, b = divmod(int(np.argmax(mean)), len(groups))
        if mean[a, b] < p.threshold:
            break
        a, b = min(a, b), max(a, b)
        total[a, :] += total[b, :]
        total[:, a] += total[:, b]
        size[a] += size[b]
        alive[b] = False
        locked[a] |= locked[b]
        groups[a] = groups[a] + groups[b]
        stored[a] = stored[a] or stored[b]
    return [(sorted(groups[g]), stored[g]) for g in np.flatnonzero(alive)]


# --------------------------------------------------------------------------- stories


def _stories(
    nodes: list[Article],
    f: _Features,
    clusters: list[tuple[list[int], Story | None]],
    existing: list[Story],
) -> list[Story]:
    stories: list[Story] = []
    grown: dict[str, Story] = {}
    for members, story in clusters:
        members = [i for i in members if not nodes[i].id.startswith(_PSEUDO)]
        real = [nodes[i] for i in members]
        if story is not None:
            known = set(story.article_ids)
            added = [a.id for a in _chronological(real) if a.id not in known]
            grown[story.id] = Story(
                id=story.id, title=story.title, article_ids=[*story.article_ids, *added]
            )
        elif real:
            founder = min(a.id for a in real)
            stories.append(
                Story(
                    id=short_hash("story", founder),
                    title=_title(real, f.vectors[members]),
                    article_ids=[a.id for a in _chronological(real)],
                )
            )
    kept = [
        grown.get(s.id) or Story(id=s.id, title=s.title, article_ids=list(s.article_ids))
        for s in existing
    ]
    return sorted([*kept, *stories], key=lambda s: (-len(s.article_ids), s.id))


def _chronological(articles: list[Article]) -> list[Article]:
    return sorted(articles, key=lambda a: (a.published is None, a.published or "", a.id))


def _title(articles: list[Article], vectors: np.ndarray) -> str:
    """Title of the article nearest the story's centroid: the report that best stands for
    the whole coverage. Originals before copies; ties go to the earliest, then lowest id."""
    titled = [k for k, a in enumerate(articles) if a.title.strip()]
    if not titled:
        first = _SENTENCE_END.split(articles[0].text.strip(), maxsplit=1)[0]
        return first[:120]
    closeness = embed.similarity(vectors, embed.mean_vector(vectors)).ravel()
    best = min(
        titled,
        key=lambda k: (
            articles[k].duplicate_of is not None,
            -round(float(closeness[k]), 4),
            articles[k].published is None,
            articles[k].published or "",
            articles[k].id,
        ),
    )
    return articles[best].title.strip()
