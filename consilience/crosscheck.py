"""Cross-check: align the claims of a story's articles and give each group a verdict.

``crosscheck(story, articles, analyses, canonical)`` returns one :class:`Check` per thing the
story's reports say: a figure, a date, a quote or a factual statement, with the claims (and
so the articles) that carry it and a verdict:

- agree: the same value within rounding after unit conversion, the same date, the same words;
- compatible: different precision or hedges that do not exclude each other;
- conflict: both cannot be true;
- single_source: one independent source only (a syndicated copy and its original are one).

A wrong conflict misleads a reader more than a missed one, so a conflict needs two claims
from different sources that are clearly about the same thing (a strict alignment score)
and values that exclude each other even after rounding and hedges. Claims of one article
never conflict with each other: an article that gives "$56.2 billion so far" and later "a
total of nearly $60 billion" is telling a story over time.
"""

from __future__ import annotations

from collections import Counter

from consilience.align import (
    FLOOR,
    LINK,
    STRICT,
    Encoder,
    StoryContext,
    byline,
    cluster,
    context_score,
    generic_count,
    informative_about,
    story_claims,
)
from consilience.crosscheck_text import quote_checks, statement_checks
from consilience.records import Analysis, Article, Check, Claim, Story
from consilience.verdicts import (
    Figure,
    by_source,
    close,
    converted,
    date_relation,
    days_apart,
    describe,
    figure,
    format_date,
    is_relative,
    make_check,
    outlet,
    overlap,
    same_value,
    single_note,
    source_clash,
)

_NUMERIC = ("quantity", "money", "count")
VALUE_BONUS = 0.08
DATE_LINK = 0.60
_PRECISION_LEVEL = {"day": 0, "month": 1, "year": 2, "decade": 3}
_VERDICT_ORDER = {"conflict": 0, "agree": 1, "compatible": 2, "single_source": 3}
_KIND_ORDER = {"quantity": 0, "money": 1, "count": 2, "date": 3, "quote": 4, "statement": 5}


def crosscheck(story: Story, articles: list[Article], analyses: list[Analysis],
               canonical: dict[str, str] | None = None, *,
               encoder: Encoder | None = None) -> list[Check]:
    """Checks for everything the story's articles claim, conflicts first.

    ``articles`` may hold more than the story's own; only those in ``story.article_ids``
    count. ``encoder`` replaces the sentence model (``consilience.embed.encode``).
    """
    wanted = set(story.article_ids)
    members = [a for a in articles if a.id in wanted]
    members.sort(key=lambda a: story.article_ids.index(a.id))
    ctx = StoryContext.build(members, encoder, analyses)
    claims = story_claims(members, analyses, canonical)
    # a byline's date is when the piece was written, not an event it reports
    dates = [c for c in claims if c.kind == "date" and c.date and not byline(ctx.sentence(c))]
    _prefetch(claims, dates, ctx)
    checks: list[Check] = []
    for kind in _NUMERIC:
        checks += _numeric_checks([c for c in claims if c.kind == kind], ctx)
    checks += _date_checks(dates, ctx)
    checks += quote_checks([c for c in claims if c.kind == "quote"], ctx)
    checks += statement_checks([c for c in claims if c.kind == "statement"], ctx,
                               _disputes(checks, claims), _shared(checks, claims))
    checks.sort(key=lambda k: (_VERDICT_ORDER[k.verdict], -k.independent_sources,
                               _KIND_ORDER[k.kind], k.id))
    return checks


# --------------------------------------------------------------------------- shared


def _scopes_differ(a: Claim, b: Claim) -> bool:
    """A "new" package and a running total are different figures, never one thing."""
    scopes = {a.scope, b.scope} - {None}
    return len(scopes) == 2 and "new" in scopes


def _disputes(checks: list[Check], claims: list[Claim]) -> dict[tuple[str, int], set[str]]:
    """Sentences holding one side of a conflict: (article, sentence start) -> "check|value".

    Two sentences that give different sides of one conflict are not the same statement,
    however alike their words.
    """
    by_id = {c.id: c for c in claims}
    out: dict[tuple[str, int], set[str]] = {}
    for k in checks:
        if k.verdict != "conflict":
            continue
        for cid in k.claim_ids:
            c = by_id[cid]
            side = c.date if c.kind == "date" else describe(c)
            out.setdefault((c.article_id, c.sentence_start), set()).add(f"{k.id}|{side}")
    return out


def _shared(checks: list[Check], claims: list[Claim]) -> dict[tuple[str, int], set[str]]:
    """Sentences holding a figure or date that several sources agree on or that fit:
    (article, sentence start) -> "verdict|check|value" of each."""
    by_id = {c.id: c for c in claims}
    out: dict[tuple[str, int], set[str]] = {}
    for k in checks:
        if k.verdict in ("agree", "compatible") and k.kind != "quote":
            for cid in k.claim_ids:
                c = by_id[cid]
                value = c.date if c.kind == "date" else describe(c, written=False)
                out.setdefault((c.article_id, c.sentence_start), set()).add(
                    f"{k.verdict}|{k.id}|{value}")
    return out


# --------------------------------------------------------------------------- numbers


def _prefetch(claims: list[Claim], dates: list[Claim], ctx: StoryContext) -> None:
    """Encode, in one call, every text the story's alignment will compare with the model.

    The model is the slow part, and it sorts and batches one long list better than a few
    short ones. A story of one independent source asks for nothing here (see
    ``_context_texts`` and ``statement_checks``).
    """
    texts = []
    for kind in _NUMERIC:
        pairs = [(c, f) for c in claims if c.kind == kind and (f := figure(c)) is not None]
        texts += _context_texts([c for c, _ in pairs], [f.unit for _, f in pairs], ctx)
    texts += _context_texts(dates, ["date"] * len(dates), ctx)
    for kind in ("quote", "statement"):
        same = [c for c in claims if c.kind == kind]
        if len({ctx.source(c) for c in same}) > 1:
            texts += [c.text for c in same]
    ctx.embed(texts)


def _context_texts(claims: list[Claim], keys: list[str], ctx: StoryContext) -> list[str]:
    """The texts ``context_score`` compares with the model, for the claims that have a claim
    of the same key (unit) from another independent source to compare with; most figures of
    a story have none. A syndicated copy repeats its original's sentences word for word,
    which compare without the model; the few it reworded are encoded when a pair asks."""
    sources: dict[str, set[str]] = {}
    for c, key in zip(claims, keys, strict=True):
        sources.setdefault(key, set()).add(ctx.source(c))
    todo = [c for c, key in zip(claims, keys, strict=True) if len(sources[key]) > 1]
    # the sentence and the words around the figure always; the clause only between two
    # counts of a generic noun; the ``about`` only when it says something
    return [t for c in todo for t in (
        ctx.sentence(c), ctx.window(c), ctx.clause(c) if generic_count(c) else "",
        c.about if informative_about(c) else "") if t]


def _numeric_checks(claims: list[Claim], ctx: StoryContext) -> list[Check]:
    pairs = [(c, f) for c in claims if (f := figure(c)) is not None]
    items = [c for c, _ in pairs]
    figs = [f for _, f in pairs]

    def score(i: int, j: int) -> float:
        if figs[i].unit != figs[j].unit or _scopes_differ(items[i], items[j]):
            return 0.0
        s = context_score(items[i], items[j], ctx)
        # Among things the context cannot tell apart, the same number is the likelier match;
        # the bonus is too small to align claims on their value alone.
        return s + VALUE_BONUS if s > 0 and close(figs[i], figs[j]) else s

    def admissible(i: int, j: int, s: float) -> bool:
        if ctx.source(items[i]) == ctx.source(items[j]):
            # One source gives one thing once, or twice in two units ("190 miles (300 km)"),
            # or repeats its vague words ("thousands of troops"); two different numbers from
            # one source are two different things.
            same = close(figs[i], figs[j]) or (
                figs[i].shape == figs[j].shape == "vague"
                and (figs[i].low, figs[i].high) == (figs[j].low, figs[j].high))
            return same and s >= FLOOR
        if overlap(figs[i], figs[j]):
            return s >= FLOOR
        # Vague words far from a figure are neither the same claim nor a contradiction.
        return "vague" not in (figs[i].shape, figs[j].shape) and s >= STRICT

    groups = cluster(len(items), score, LINK, admissible, lambda i, j: (
        figs[i].unit == figs[j].unit and items[i].article_id != items[j].article_id))
    return [_judge_numeric([items[i] for i in g], [figs[i] for i in g], ctx) for g in groups]


_SHAPE_RANK = {"point": 0, "range": 0, "upper": 1, "lower": 1, "vague": 2}


def _precision(f: Figure) -> tuple[int, float]:
    """Sort key, most precise first: a figure, then a bound ("more than"), then vague words."""
    return _SHAPE_RANK[f.shape], f.high - f.low


def _judge_numeric(claims: list[Claim], figs: list[Figure], ctx: StoryContext) -> Check:
    kind = claims[0].kind
    sources = by_source(claims, ctx)
    narrowest = min(range(len(claims)), key=lambda i: (_precision(figs[i]), ctx.order.get(
        claims[i].article_id, 0)))
    units = list(dict.fromkeys(c.unit for c in claims if c.unit))
    if len(sources) == 1:
        return make_check(kind, claims, ctx, "single_source", _consensus(claims[narrowest], units),
                      single_note(claims, ctx))
    clash = source_clash(sources, lambda i, j: not overlap(figs[i], figs[j]))
    if clash:
        a, b = claims[clash[0]], claims[clash[1]]
        return make_check(kind, claims, ctx, "conflict",
                      f"sources differ: {describe(a)} vs {describe(b)}",
                      f"{outlet(a, ctx)} says {describe(a)} but {outlet(b, ctx)} says "
                      f"{describe(b)}; the figures exclude each other even allowing for "
                      "rounding and hedges.")
    n = len(sources)
    if all(same_value(figs[i], figs[j]) for i in range(len(figs)) for j in range(i + 1, len(figs))):
        rep = _representative(claims)
        how = " after unit conversion" if kind == "quantity" and len(units) > 1 else ""
        return make_check(kind, claims, ctx, "agree", _consensus(rep, units),
                      f"{n} independent sources give the same figure within rounding{how}.")
    variants = list(dict.fromkeys(describe(c) for c in claims))
    return make_check(kind, claims, ctx, "compatible", _consensus(_common(claims, figs), units),
                  f"The {n} sources word it differently ({'; '.join(variants[:4])}), but the "
                  "figures do not exclude each other once precision and hedges are counted.")


def _common(claims: list[Claim], figs: list[Figure]) -> Claim:
    """What most sources say, leaving vague words aside; on a tie, the more precise."""
    counts = Counter(describe(c, written=False) for c, f in zip(claims, figs, strict=True)
                     if f.shape != "vague")
    if not counts:
        return claims[0]
    ranked = sorted(range(len(claims)), key=lambda i: (
        -counts.get(describe(claims[i], written=False), 0), _precision(figs[i])))
    return claims[ranked[0]]


def _representative(claims: list[Claim]) -> Claim:
    """The wording most sources use; on a tie, the first in story order."""
    counts = Counter(describe(c, written=False) for c in claims)
    best = max(counts.values())
    return next(c for c in claims if counts[describe(c, written=False)] == best)


def _consensus(claim: Claim, units: list[str]) -> str:
    text = describe(claim)
    extra = converted(claim, units)
    return f"{text} ({', '.join(extra)})" if extra else text


# --------------------------------------------------------------------------- dates


def _dates_exclude(a: Claim, b: Claim) -> bool:
    """Two resolved dates for one event that cannot both be right."""
    if not (a.resolved and b.resolved) or date_relation(a.date, b.date) != "differ":
        return False
    apart = days_apart(a.date, b.date)
    # "yesterday" and "on Sunday" resolve against publication dates that may straddle a
    # midnight somewhere: one day apart between relative dates is not a contradiction.
    return not (apart is not None and apart <= 1 and (is_relative(a.text) or is_relative(b.text)))


def _level(c: Claim) -> int:
    """0 for a day, 1 a month, 2 a year, 3 a decade (from the ISO form when not given)."""
    if c.precision in _PRECISION_LEVEL:
        return _PRECISION_LEVEL[c.precision]
    return {4: 2, 7: 1}.get(len(c.date or ""), 0)


def _precision_gap(a: Claim, b: Claim) -> int:
    return abs(_level(a) - _level(b))


def _date_checks(claims: list[Claim], ctx: StoryContext) -> list[Check]:
    def score(i: int, j: int) -> float:
        return context_score(claims[i], claims[j], ctx)

    def admissible(i: int, j: int, s: float) -> bool:
        a, b = claims[i], claims[j]
        excl = _dates_exclude(a, b)
        if ctx.source(a) == ctx.source(b):
            return not excl and s >= FLOOR
        if excl or _precision_gap(a, b) > 1:
            # "2024" contains every day of that year: only a strong context makes it the same
            # event as "17 November 2024"
            return s >= STRICT
        return s >= FLOOR

    checks = []
    different = lambda i, j: claims[i].article_id != claims[j].article_id  # noqa: E731
    for g in cluster(len(claims), score, DATE_LINK, admissible, different):
        group = [claims[i] for i in g]
        checks.append(_judge_dates(group, ctx))
    return checks


def _judge_dates(claims: list[Claim], ctx: StoryContext) -> Check:
    precise = max(claims, key=lambda c: (len(c.date or ""), -ctx.order.get(c.article_id, 0)))
    consensus = format_date(precise.date or "")
    sources = by_source(claims, ctx)
    if len(sources) == 1:
        return make_check("date", claims, ctx, "single_source", consensus, single_note(claims, ctx))
    clash = source_clash(sources, lambda i, j: _dates_exclude(claims[i], claims[j]))
    if clash:
        a, b = claims[clash[0]], claims[clash[1]]
        return make_check("date", claims, ctx, "conflict",
                      f"sources differ: {format_date(a.date)} vs {format_date(b.date)}",
                      f"{outlet(a, ctx)} dates it {format_date(a.date)} but "
                      f"{outlet(b, ctx)} {format_date(b.date)}.")
    dates = {c.date for c in claims}
    if len(dates) == 1:
        return make_check("date", claims, ctx, "agree", consensus,
                      f"{len(sources)} independent sources give the same date.")
    return make_check("date", claims, ctx, "compatible", consensus,
                  "The sources give the date at different precision ("
                  + ", ".join(format_date(d) for d in sorted(dates)) + ") or one day apart "
                  "after resolving relative dates; none excludes another.")


