"""The analyze stage: every figure, date, named actor and quote of an article, as claims.

    analyze(article) -> Analysis
    analyze_many(articles, batch_size=64) -> Iterator[Analysis]
    claims_in(text, published=None, article_id="") -> list[Claim]
    canonicalize_entities(analyses) -> dict[str, str]
    apply_canonical(analyses, mapping) -> analyses

Every claim points at its exact words (``article.text[c.start:c.end] == c.text``), carries
the bounds of its sentence and the canonical names of the entities in it. The text reaches
spaCy one paragraph at a time (``segment``), through one ``nlp.pipe`` stream shared by all
articles, so memory stays bounded on a 5 MB page and the model runs once per piece. Each
piece is read by the extractors (dates, entities, quantities, quotes, statements) and
dropped; what needs the whole article (names, speakers, which sentences are quotes) is
settled when its last piece is through. An article in a language we cannot read is kept
with ``analyzed=False`` and a reason, never analyzed wrongly; an article whose analysis
fails is reported the same way and the batch goes on.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Iterable, Iterator

from consilience.analyze import dates, entities, language, quotes, segment, statements
from consilience.analyze.canonical import apply_canonical, canonicalize_entities
from consilience.analyze.quantities import find_quantities
from consilience.records import Analysis, Article, Claim

__all__ = ["analyze", "analyze_many", "apply_canonical", "canonicalize_entities", "claims_in"]

log = logging.getLogger(__name__)

_END = ""  # the empty piece that tells the stream an article is complete
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})


def _for_model(text: str) -> str:
    """The text as the model reads it: curly apostrophes straightened.

    The small English model was trained on straight apostrophes and mis-tags "It’s" and
    "Biden’s"; one character for one keeps every offset valid.
    """
    return text.translate(_APOSTROPHES)


class _ArticleRun:
    """What is known about one article while its pieces go through the model."""

    def __init__(self, article: Article, piece_limit: int):
        self.article = article
        self.text = article.text or ""
        self.piece_limit = piece_limit
        self.lang, self.reason = language.check(article.language, self.text)
        self.published = dates.published_date(article.published)
        self.paragraphs = list(segment.paragraphs(self.text)) if self.reason is None else []
        self.quote_marks = quotes.find_quote_marks(self.text, self.paragraphs)
        self._quote_starts = [q.start for q in self.quote_marks]
        self.sentences: list[tuple[int, int]] = []
        self.raw_mentions: list[entities.RawMention] = []
        self.claims: list[Claim] = []  # dates and quantities
        self.quote_facts: list[quotes.QuoteFacts] = []
        self.colon: dict[int, quotes.Speaker] = {}
        self.subjects: list[int] = []  # clause subjects, for he/she
        self.sentence_facts: list[statements.SentenceFacts] = []

    def pieces(self) -> Iterator[tuple[int, str]]:
        if self.reason is None:
            for offset, piece in segment.pieces(self.text, self.piece_limit):
                if not segment.is_byline(piece):  # who wrote it and when: no claim
                    yield offset, piece

    def read(self, doc, offset: int) -> None:
        """Take what the extractors find in one parsed piece."""
        if self.reason is not None:
            return
        try:
            self._read(doc, offset)
        except Exception as err:  # one bad article must not stop a batch
            log.exception("analyze failed on %s", self.article.source)
            self.reason = f"analysis failed: {type(err).__name__}: {err}"

    def _read(self, doc, offset: int) -> None:
        end = offset + (doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0)
        lo = bisect.bisect_left(self._quote_starts, offset)
        hi = bisect.bisect_left(self._quote_starts, end)
        marks = self.quote_marks[lo:hi]
        rel_marks = [(q.start - offset, q.end - offset) for q in marks]
        spans = segment.sentence_spans(doc)
        sents = [doc.char_span(s, e, alignment_mode="expand") for s, e in spans]
        sents = [s for s in sents if s is not None and len(s)]
        self.sentences += [(s + offset, e + offset) for s, e in spans]
        for m in entities.find_mentions(doc, offset, sents):
            m.text = self.text[m.start : m.end]
            self.raw_mentions.append(m)
        found = _outside_dates(dates.find_dates(doc, self.published), self._quantities(doc))
        for c in found:
            c.start += offset
            c.end += offset
            words = self.text[c.start : c.end]
            if _for_model(words) == c.text:
                c.text = words  # the model read straightened apostrophes
            c.sentence_start = c.sentence_end = 0  # set over the article's sentences
            self.claims.append(c)
        self.quote_facts += quotes.read_quotes(doc, sents, offset, marks)
        self.colon.update(quotes.colon_speakers(sents, offset, marks))
        self.subjects += quotes.subject_heads(sents, offset)
        self.sentence_facts += statements.read_statements(doc, sents, offset, rel_marks)

    def _quantities(self, doc) -> list[Claim]:
        """Figures from the quantities extractor; its failure costs only its own claims."""
        try:
            return find_quantities(doc)
        except Exception:
            log.exception("quantities failed on a piece of %s", self.article.source)
            return []

    def finish(self) -> Analysis:
        analysis = Analysis(
            article_id=self.article.id,
            language=self.lang,
            analyzed=self.reason is None,
            reason=self.reason,
        )
        if self.reason is not None:
            return analysis
        try:
            self._finish(analysis)
        except Exception as err:
            log.exception("analyze failed on %s", self.article.source)
            return Analysis(
                article_id=self.article.id,
                language=self.lang,
                analyzed=False,
                reason=f"analysis failed: {type(err).__name__}: {err}",
            )
        return analysis

    def _finish(self, analysis: Analysis) -> None:
        mentions = entities.resolve_mentions(self.raw_mentions, self.text)
        quote_claims = quotes.attribute(
            self.quote_facts, self.colon, mentions, self.text, self.subjects
        )
        statement_claims = statements.finish_statements(
            self.sentence_facts,
            quote_claims,
            [c for c in self.claims if c.kind == "date"],
            self.text,
        )
        analysis.sentences = self.sentences
        analysis.mentions = mentions
        analysis.claims = self._complete(self.claims + quote_claims + statement_claims, mentions)

    def _complete(self, claims: list[Claim], mentions) -> list[Claim]:
        """Ids, sentence bounds and entities; claims whose words do not match are dropped.

        One span of words makes one claim: when two extractors claim the same words, the
        more specific kind wins (``_KIND_ORDER``).
        """
        starts = [s for s, _ in self.sentences]
        m_starts = [m.start for m in mentions]
        linked = statements.pronoun_antecedents(self.sentence_facts)
        linked_starts = [s for s, _, _, _ in linked]
        out: dict[tuple[int, int], Claim] = {}
        for c in sorted(claims, key=lambda c: (c.start, c.end, _KIND_ORDER.index(c.kind))):
            if self.text[c.start : c.end] != c.text or c.start >= c.end:
                log.warning(
                    "dropping %s claim whose offsets do not match its text: %r", c.kind, c.text[:60]
                )
                continue
            if (c.start, c.end) in out:
                continue
            if not c.sentence_end:
                k = max(bisect.bisect_right(starts, c.start) - 1, 0)
                last = max(bisect.bisect_right(starts, max(c.end - 1, c.start)) - 1, k)
                if self.sentences:
                    c.sentence_start, c.sentence_end = self.sentences[k][0], self.sentences[last][1]
                else:
                    c.sentence_start, c.sentence_end = c.start, c.end
            c.entities = entities.names_between(
                mentions, m_starts, c.sentence_start, c.sentence_end
            )
            k = bisect.bisect_right(linked_starts, c.start) - 1
            if k >= 0 and c.start < linked[k][1]:  # "It opened on Saturday": what "it" is
                for name in entities.names_between(mentions, m_starts, *linked[k][2:]):
                    if name not in c.entities:
                        c.entities.append(name)
            c.article_id = self.article.id
            c.ensure_id()
            out[(c.start, c.end)] = c
        return list(out.values())


_BEFORE_AFTER = re.compile(r"\b(?:before|after)\b")
_LEADING_DET = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_KIND_ORDER = ("date", "money", "quantity", "count", "quote", "statement")


def _outside_dates(found_dates: list[Claim], figures: list[Claim]) -> list[Claim]:
    """Dates, and the figures that are not words of a date.

    A duration is a quantity ("for two months": 2 month) and "three weeks ago" a date only.
    An offset from an event ("two months before the vote") is both: a date, and a duration
    about "time before the vote", so that it can be compared with "two months left" in a
    report that gives no date.
    """
    kept = []
    for f in figures:
        inside = next((d for d in found_dates if d.start <= f.start and f.end <= d.end), None)
        if inside is None:
            kept.append(f)
            continue
        own = inside.start + _offset_words(inside)
        if f.end > own:
            kept.append(f)  # a figure of the event itself ("after the council freed two …")
        elif inside.unit is not None and f.kind == "quantity" and f.unit == inside.unit:
            rel, _, event = inside.text[own - inside.start :].partition(" ")
            f.about = f"time {rel} {_short_event(event)}"
            kept.append(f)
    return found_dates + kept


_EVENT_WORDS = 8
_LOOSE_END = frozenset({"a", "an", "the", "of", "to", "and", "or", "in", "on", "at", "for", "its",
                        "his", "her", "their", "with", "by"})


def _short_event(event: str) -> str:
    """The event an offset counts from, short enough to be an ``about``: its first clause,
    at most eight words, without a leading article ("the Tarvel vote" → "Tarvel vote")."""
    words = _LEADING_DET.sub("", re.split(r"[,;:(—–]", event, maxsplit=1)[0].strip()).split()
    words = words[:_EVENT_WORDS]
    while len(words) > 1 and words[-1].lower() in _LOOSE_END:
        words.pop()
    return " ".join(words)


def _offset_words(d: Claim) -> int:
    """How many characters of a date claim are its own words: all of them, except for an
    offset from an event, whose event ("… after the council freed two hostages") may hold
    figures of its own."""
    if d.unit is None:
        return len(d.text)
    m = _BEFORE_AFTER.search(d.text)
    return m.start() if m else len(d.text)


def analyze_many(
    articles: Iterable[Article],
    batch_size: int = 64,
    *,
    nlp=None,
    piece_limit: int = segment.DEFAULT_LIMIT,
) -> Iterator[Analysis]:
    """Analyses of ``articles``, in order, through one batched spaCy stream.

    ``batch_size`` is how many pieces (paragraphs) spaCy parses at once. ``nlp`` defaults to
    the shared model; tests and tools may hand in another pipeline with the same labels.
    """
    if nlp is None:
        from consilience.analyze.nlp import load

        nlp = load()

    def stream() -> Iterator[tuple[str, tuple[_ArticleRun, int]]]:
        for article in articles:
            run = _ArticleRun(article, piece_limit)
            for offset, piece in run.pieces():
                yield _for_model(piece), (run, offset)
            yield _END, (run, -1)

    for doc, (run, offset) in nlp.pipe(stream(), as_tuples=True, batch_size=batch_size):
        if offset < 0:
            yield run.finish()
        else:
            run.read(doc, offset)


def analyze(article: Article, *, nlp=None, piece_limit: int = segment.DEFAULT_LIMIT) -> Analysis:
    """The claims, mentions and sentences of one article."""
    return next(analyze_many([article], nlp=nlp, piece_limit=piece_limit))


def claims_in(text: str, published: str | None = None, article_id: str = "") -> list[Claim]:
    """Claims of a plain text, dates resolved against ``published`` (YYYY-MM-DD) if given."""
    article = Article(
        id=article_id, source="<text>", outlet="", title="", text=text, published=published
    )
    return analyze(article).claims
