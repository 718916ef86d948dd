"""Plain typed records that flow between pipeline stages.

Every stage takes and returns these records and nothing else, so a stage can run alone over
stored data (and later inside Ray Data). Records hold data only: no behaviour beyond small,
pure conveniences. ``to_dict`` gives the JSON shape used by ``--jsonl`` and the report.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

ClaimKind = Literal["quantity", "money", "count", "date", "quote", "statement"]
Qualifier = Literal["exact", "about", "up_to", "more_than", "less_than", "at_least", "at_most"]
Verdict = Literal["agree", "compatible", "conflict", "single_source"]
Precision = Literal["day", "week", "month", "year", "decade"]  # week: ISO date of its Monday
# How a quote's speaker was found: "explicit" named with the verb of saying that introduces the
# quote (same sentence, or an "X said:" sentence right before it); "pronoun" a he/she/it
# resolved to an earlier name; "previous" carried over from the quote just before;
# "description" an unnamed speaker kept as words ("a senior official").
Attribution = Literal["explicit", "pronoun", "previous", "description"]


def short_hash(*parts: str, length: int = 16) -> str:
    """Stable content id: the same inputs give the same id on every machine and run."""
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()[:length]


def to_dict(record: Any) -> Any:
    """JSON-ready dict of a record (nested records and lists included)."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {f.name: to_dict(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if isinstance(record, list | tuple):
        return [to_dict(r) for r in record]
    if isinstance(record, dict):
        return {k: to_dict(v) for k, v in record.items()}
    return record


# --------------------------------------------------------------------------- ingest


@dataclass(kw_only=True)
class SourceHints:
    """What the source told us about a document before we parsed it.

    Feed entries, JSONL lines and HTTP responses know a title, an outlet or a date; extract
    prefers what it finds in the document itself and falls back on these.
    """

    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) or None
    author: str | None = None
    url: str | None = None
    text: str | None = None  # JSONL lines and feeds may carry the text already extracted
    language: str | None = None


@dataclass(kw_only=True)
class RawDocument:
    """One document as read from a source: bytes plus what is known about it."""

    source: str  # the path, URL or "path#record" it was read from; shown to users
    data: bytes
    kind: Literal["html", "text", "markdown"] = "html"
    url: str | None = None
    content_type: str | None = None
    encoding: str | None = None  # declared by HTTP header or container, if any
    fetched_at: str | None = None  # ISO timestamp
    headers: dict[str, str] = field(default_factory=dict)
    hints: SourceHints = field(default_factory=SourceHints)


@dataclass(kw_only=True)
class IngestError:
    """One input that could not be read; the batch goes on without it."""

    source: str
    reason: str


# --------------------------------------------------------------------------- extract / clean


@dataclass(kw_only=True)
class Removed:
    """A span that clean took out of the extracted text, and why.

    ``start``/``end`` point into ``Article.extracted_text`` (the text before cleaning).
    """

    text: str
    reason: str  # related-link | read-more | emoji-link | newsletter | self-promotion |
    # off-topic-headline | duplicate-title | boilerplate | ...
    start: int = 0
    end: int = 0


@dataclass(kw_only=True)
class Article:
    """An extracted and cleaned article. ``text`` is what every claim span points into."""

    id: str = ""
    source: str
    url: str | None = None
    outlet: str
    title: str
    author: str | None = None
    published: str | None = None  # YYYY-MM-DD, or None when unknown
    language: str | None = None
    text: str = ""  # clean text
    extracted_text: str = ""  # text before clean; Removed spans point here
    removed: list[Removed] = field(default_factory=list)
    fetched_at: str | None = None
    content_hash: str = ""  # hash of the normalized clean text: exact-duplicate key
    duplicate_of: str | None = None
    similarity: float | None = None  # to duplicate_of, when near-duplicate

    def ensure_ids(self) -> Article:
        """Fill ``content_hash`` and ``id`` from the content.

        The id hashes outlet, title and clean text: re-adding the same report from anywhere
        gives the same id (idempotent), while the same wire text carried by another outlet is
        a different article that dedup links to its original.
        """
        if not self.content_hash:
            norm = " ".join(self.text.lower().split())
            self.content_hash = short_hash(norm, length=32)
        if not self.id:
            self.id = short_hash(self.outlet, self.title, self.content_hash)
        return self

    @property
    def words(self) -> int:
        return len(self.text.split())


# --------------------------------------------------------------------------- analyze


@dataclass(kw_only=True)
class Normalized:
    """A value in SI / canonical units; ``low``/``high`` bound what the words allow."""

    value: float | None
    unit: str  # "m", "kg", "s", "USD", "count", "percent", ... (a pint unit or a currency)
    low: float | None = None
    high: float | None = None


@dataclass(kw_only=True)
class Mention:
    """A named entity mention in an article, with its canonical name."""

    text: str
    start: int
    end: int
    label: str  # PERSON | ORG | GPE | LOC | NORP | PRODUCT | EVENT | FAC | ...
    canonical: str
    role: str | None = None  # office named or carried: "president of Ukraine"


@dataclass(kw_only=True)
class Claim:
    """One atomic thing an article asserts, tied to its exact words.

    ``text == article.text[start:end]`` always holds. Fields that do not apply to a kind are
    left at their defaults.
    """

    id: str = ""
    article_id: str = ""
    kind: ClaimKind
    text: str
    start: int
    end: int
    about: str = ""
    value: float | None = None
    value_high: float | None = None  # second bound of a stated range ("50 or 60", "2012-13")
    unit: str | None = None  # unit as written, normalized spelling ("km", "mi", "USD")
    qualifier: Qualifier = "exact"
    normalized: Normalized | None = None
    speaker: str | None = None  # quotes: canonical speaker name
    speaker_description: str | None = None  # "a senior U.S. official" when unnamed
    attribution: Attribution | None = None  # quotes: how the speaker was found (see above)
    date: str | None = None  # date claims (and statements' dates): ISO, as precise as known
    precision: Precision | None = None
    resolved: bool = True  # False: relative date with no publication date to anchor it
    vague: bool = False  # "thousands", "dozens": a range, not a number
    sentence_start: int = 0
    sentence_end: int = 0
    entities: list[str] = field(default_factory=list)  # canonical names in the sentence
    scope: str | None = None  # e.g. "total", "so far", "new": figures at different times

    def ensure_id(self) -> Claim:
        if not self.id:
            self.id = short_hash(self.article_id, self.kind, str(self.start), str(self.end))
        return self


@dataclass(kw_only=True)
class Analysis:
    """The analyze stage's output for one article."""

    article_id: str
    language: str | None
    analyzed: bool  # False when the language is not supported: stored, never silently wrong
    reason: str | None = None
    sentences: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)


# --------------------------------------------------------------------------- group / check / report


@dataclass(kw_only=True)
class Story:
    id: str
    title: str
    article_ids: list[str]


@dataclass(kw_only=True)
class Check:
    id: str
    kind: ClaimKind
    about: str
    verdict: Verdict
    claim_ids: list[str]
    article_ids: list[str]
    independent_sources: int
    consensus: str
    explanation: str


@dataclass(kw_only=True)
class Cited:
    """A sentence of the briefing or timeline with the articles it comes from."""

    text: str
    article_ids: list[str]
    date: str | None = None
