"""Group articles into stories: one story for each real-world event.

Two articles belong together when these signals agree well enough (``group_features``):

- what they are about: the cosine of sentence embeddings of title and lead (``embed``);
- which rare words they share: TF-IDF over the words of title and text, the classic
  news-clustering signal, which keeps the specific terms that embeddings blur into a topic;
- whom and what they name: the people, places and organisations they mention, and the numbers
  they give (a magnitude, a death toll, "81st"), weighted by rarity (TF-IDF over these keys);
  this is what tells two earthquakes or two award ceremonies apart, where topic words agree;
- when they were published: dates months apart lower the score, unknown dates are neutral.

Rarity blends the batch's own counts (the articles passed in, stored ones included) with how
common a word is in English at large, so a batch of five reports of one event still sees that
the event's words are rare news (see ``group_features``).

The pair score is ``(1 - wn - ww) * embedding + wn * names + ww * words - time``; stories are
formed by average linkage, merging while the mean score between two groups stays at or above a
threshold. Any group is held together by at least one pair at or above the threshold, so
clustering runs separately inside each connected component of those pairs: the cost is
quadratic only in the size of a component, not of the whole batch.

Then an article left on its own joins the story it is closest to (mean score) when that is
at least ``attach_threshold`` and beats its next best story or lone article by
``attach_margin``. A report that frames the event its own way (an opinion lead, another
angle) scores below the threshold against each member, yet clearly nearer this story than
any other; an article near several stories, or near none, stays alone. The decisions are
taken all at once from the stories average linkage gave, so they do not depend on order.

Settings (``GroupParams``) are global, one for every batch, chosen once on ecbplus-dev
(``bench/stories.py``); neus-val is scored with the same ones.

Stability: inputs are sorted by id and the story id hashes the smallest member id, so the same
articles in any order give the same stories. With ``existing`` stories, their members stay put,
two existing stories never merge, and new articles join one (keeping its id and title) or found
new stories. Duplicates (``Article.duplicate_of``) always join their original's story and weigh
nothing in its scores: a copy counts once, as it does for sources.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from consilience import embed
from consilience.errors import ConfigError
from consilience.group_features import SENTENCE_END, Background, Features, features
from consilience.records import Analysis, Article, Story, short_hash

_PSEUDO = "\x00story:"  # node ids standing for a stored story whose articles were not passed


@dataclass(frozen=True, kw_only=True)
class GroupParams:
    """The knobs of ``group``. Defaults were chosen once, globally, on ecbplus-dev."""

    threshold: float = 0.375  # mean pair score at which two groups merge
    entity_weight: float = 0.3  # share of the score given to shared names and numbers
    word_weight: float = 0.3  # share given to shared rare words; embeddings get the rest
    # taken off the score for dates a year or more apart: more than 1 - threshold, so even
    # word-for-word alike reports a year apart (an annual event's template) stay apart.
    # Neither benchmark has dates: set by that reasoning, not measured.
    time_weight: float = 0.75
    time_grace_days: int = 7  # a developing story is covered for days: no penalty within
    lead_sentences: int = 5  # sentences of the text embedded after the title
    background_docs: float = 100.0  # documents English word frequencies count as; 0: batch only
    background_length: float = 300.0  # tokens of one such document
    attach_threshold: float | None = 0.25  # a lone article joins its nearest story from here;
    attach_margin: float = 0.03  # ... when it beats the next best by this; None: never
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
        if self.background_docs < 0 or self.background_length <= 0 or self.attach_margin < 0:
            raise ConfigError(
                "background_docs and attach_margin must be >= 0 and background_length > 0"
            )


DEFAULT_PARAMS = GroupParams()


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
    found = features(
        nodes,
        analyses,
        lead_sentences=params.lead_sentences,
        background=Background(docs=params.background_docs, length=params.background_length),
    )
    initial, owner = _initial_clusters(nodes, existing)
    weight = _weights(nodes, initial)
    clusters = _cluster(found, initial, owner, weight, params)
    if params.attach_threshold is not None:
        clusters = _attach_lone(found, clusters, weight, params)
    return _stories(nodes, found, clusters, existing)


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


# --------------------------------------------------------------------------- scores


def _scores(f: Features, rows: np.ndarray, cols: np.ndarray, p: GroupParams) -> np.ndarray:
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


def _linked_pairs(f: Features, p: GroupParams) -> tuple[np.ndarray, np.ndarray]:
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
    f: Features,
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


def _attach_lone(
    f: Features,
    clusters: list[tuple[list[int], Story | None]],
    weight: np.ndarray,
    p: GroupParams,
) -> list[tuple[list[int], Story | None]]:
    """Lone articles join the story they are clearly nearest, if near enough (module
    docstring). Every decision is taken on the clusters as given, so none depends on another
    or on order; a lone article only joins a story of two articles or more, or a stored one,
    so two lone articles never pull each other in."""
    mass = np.array([weight[members].sum() for members, _ in clusters])
    lone = [c for c, (_, story) in enumerate(clusters) if story is None and mass[c] <= 1]
    target = np.array([story is not None or mass[c] > 1 for c, (_, story) in enumerate(clusters)])
    if not lone or not target.any():
        return clusters
    n = len(f.vectors)
    owner = np.empty(n, dtype=np.int64)
    for c, (members, _) in enumerate(clusters):
        owner[members] = c
    member = sparse.csr_matrix((weight, (np.arange(n), owner)), shape=(n, len(clusters)))
    rows = np.concatenate([clusters[c][0] for c in lone])
    row_of = np.repeat(np.arange(len(lone)), [len(clusters[c][0]) for c in lone])
    lone_member = sparse.csr_matrix(
        (weight[rows], (np.arange(len(rows)), row_of)), shape=(len(rows), len(lone))
    )
    # weighted sum of pair scores of each lone cluster with every cluster, a chunk at a time
    total = np.zeros((len(lone), len(clusters)))
    for start in range(0, len(rows), p.chunk):
        part = slice(start, start + p.chunk)
        total += lone_member[part].T @ (member.T @ _scores(f, rows[part], np.arange(n), p).T).T
    mean = total / np.outer(mass[lone], mass)
    first, last = _day_spans(f, clusters)
    joins: dict[int, list[int]] = {}
    for k, c in enumerate(lone):
        row = mean[k]
        row[c] = -np.inf
        # Reports of one event framed differently are published together: one dated apart
        # from a story (a follow-up, next year's edition) must reach the threshold itself.
        apart = (first[c] > last + p.time_grace_days) | (last[c] < first - p.time_grace_days)
        eligible = np.where(target & ~apart, row, -np.inf)
        best = int(np.argmax(eligible))
        runner_up = np.max(np.delete(row, best))
        if eligible[best] >= p.attach_threshold and eligible[best] - runner_up >= p.attach_margin:
            joins.setdefault(best, []).append(c)
    joined = {c for cs in joins.values() for c in cs}
    return [
        (sorted(members + [i for c in joins.get(t, []) for i in clusters[c][0]]), story)
        for t, (members, story) in enumerate(clusters)
        if t not in joined
    ]


def _day_spans(
    f: Features, clusters: list[tuple[list[int], Story | None]]
) -> tuple[np.ndarray, np.ndarray]:
    """First and last known publication day of each cluster (NaN when none is dated, which
    compares as neither before nor after anything)."""
    first = np.full(len(clusters), np.nan)
    last = np.full(len(clusters), np.nan)
    for c, (members, _) in enumerate(clusters):
        days = f.days[members]
        if not np.isnan(days).all():
            first[c], last[c] = np.nanmin(days), np.nanmax(days)
    return first, last


def _average_linkage(
    f: Features,
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
    f: Features,
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
        first = SENTENCE_END.split(articles[0].text.strip(), maxsplit=1)[0]
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
