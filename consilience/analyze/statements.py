"""Sentences that assert a fact, as ``statement`` claims a cross-check can compare.

Per parsed piece, ``read_statements`` keeps sentences that could be checked against another
report and says why it drops the others: questions, imperatives ("Watch the launchers"),
headings and fragments (no closing punctuation, no finite verb, under four words), and the
reader-addressed filler and opinion of content farms ("Honestly, the timing was
everything.", anything in the first or second person outside quote marks). Each kept
sentence gets ``about``: its main predicate in a few words ("authorize Ukraine to use
missiles"), stepping through a reporting verb to what was reported.

Over the whole article, ``finish_statements`` drops sentences that are mostly a quote (the
quote claim carries them) and adds the sentence's entities and its first date. A sentence
whose subject is "it" or "they" ("It opened on Saturday") also takes the entities of the
previous sentence's subject (``pronoun_antecedents``); its ``about`` stays the predicate,
as for every statement, so that it still lines up with "The bridge opened on Saturday".
A dateline opening a paragraph ("PORT KESSEL, Aldoria (CP) — ") is no part of the statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from consilience.analyze.grammar import clause_head, describe_predicate, subject_of
from consilience.records import Claim

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

_BULLET = re.compile(r"(?:[-•*▪●◦·]|\(?\d{1,3}[.)]|[a-z][.)])\s+")
# "Logistics: It forced …": a list item's label is not part of what it says.
_LABEL = re.compile(r"[A-Z][\w'’-]*(?: [\w'’-]+){0,3}:\s+")
# "PORT KESSEL, Aldoria (CP) — ", "WASHINGTON (AP) - ": where and from whom, before the news.
_DATELINE = re.compile(
    r"[A-Z][A-Z'’.-]{2,}(?:[ -][A-Z][A-Z'’.-]+)*(?:,[ \t]+[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*)*)?"
    r"(?:[ \t]+\([A-Za-z.&/ ]{1,24}\))?[ \t]+[—–-]{1,2}[ \t]+"
)
_CLOSING = ".!…\"”'’)"
_FIRST_SECOND_PERSON = frozenset(
    {
        "i",
        "me",
        "my",
        "mine",
        "we",
        "us",
        "our",
        "ours",
        "you",
        "your",
        "yours",
        "i'm",
        "we're",
        "you're",
        "let's",
    }
)
_FILLER_OPENERS = frozenset(
    {
        "honestly",
        "basically",
        "frankly",
        "wait",
        "look",
        "well",
        "sure",
        "obviously",
        "clearly",
        "seriously",
        "anyway",
        "so",
        "okay",
        "ok",
        "yes",
        "no",
        "imagine",
    }
)
_INFORMAL = frozenset({"kinda", "sorta", "gonna", "wanna", "stuff", "literally", "totally"})
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
_MIN_WORDS = 4
_QUOTE_SHARE = 0.5  # a sentence more than half quote is the quote's, not a statement


@dataclass
class SentenceFacts:
    start: int
    end: int
    about: str = ""
    reason: str | None = None  # why it is not a statement; None when it is one
    subject: tuple[int, int] | None = None  # the main clause's noun subject (article offsets)
    pronoun: bool = False  # the main clause's subject is "it" or "they"


def _trimmed(sent: Span) -> tuple[int, int]:
    """Sentence bounds without a leading bullet or list number."""
    text = sent.text
    s, e = 0, len(text.rstrip())
    while s < e and text[s].isspace():
        s += 1
    m = _BULLET.match(text, s) or _DATELINE.match(text, s)
    if m:
        s = m.end()
    m = _LABEL.match(text, s)
    if m and m.end() < e:
        s = m.end()
    return sent.start_char + s, sent.start_char + e


def _outside(tokens, quotes: list[tuple[int, int]]):
    return [t for t in tokens if not any(a - 1 <= t.idx < b + 1 for a, b in quotes)]


def _reason(sent: Span, text: str, quotes: list[tuple[int, int]]) -> str | None:
    words = [t for t in sent if t.is_alpha or t.like_num]
    if len(words) < _MIN_WORDS:
        return "fragment"
    stripped = text.rstrip()
    if stripped.rstrip("\"”'’)").endswith("?"):
        return "question"
    if stripped[-1:] not in _CLOSING:
        return "heading"
    if not any(t.tag_ in _FINITE_TAGS for t in sent):
        return "fragment"
    root = sent.root
    first = words[0]
    if root.tag_ == "VB" and not any(
        c.dep_ in ("nsubj", "nsubjpass", "expl", "aux", "auxpass") for c in root.children
    ):
        return "imperative"  # "Watch the launchers.", "As it shifts, keep an eye on …"
    if (
        first.lower_ in _FILLER_OPENERS
        and first.i + 1 < len(sent.doc)
        and sent.doc[first.i + 1].is_punct
    ):
        return "filler"
    outside = _outside(sent, quotes)
    if any(t.lower_.replace("’", "'") in _FIRST_SECOND_PERSON for t in outside):
        return "opinion"
    if any(t.lower_ in _INFORMAL for t in outside):
        return "opinion"
    subj = subject_of(root)
    if (
        subj is not None
        and subj.tag_ in ("PRP", "DT", "EX")
        and not any(t.ent_type_ or t.like_num for t in outside)
    ):
        return "vague"  # "That is some heavy stuff.": nothing another report could confirm
    return None


def read_statements(
    doc: Doc, sents: list[Span], offset: int, quotes: list[tuple[int, int]]
) -> list[SentenceFacts]:
    """Every sentence of the piece, with ``about`` or the reason it is not a statement.

    ``quotes`` are (start, end) of quoted words, relative to ``doc.text``.
    """
    out = []
    text = doc.text  # Doc.text joins every token: read it once
    for sent in sents:
        s, e = _trimmed(sent)
        if s >= e:
            continue
        sent = doc.char_span(s, e, alignment_mode="expand") or sent
        facts = SentenceFacts(s + offset, e + offset)
        _read_subject(sent, offset, facts)
        facts.reason = _reason(sent, text[s:e], quotes)
        if facts.reason is None:
            head = clause_head(sent)
            if any(a <= head.idx < b for a, b in quotes):
                facts.reason = "quote"  # '"…," she said': the quote claim carries it
            else:
                facts.about = describe_predicate(head)
        out.append(facts)
    return out


def _read_subject(sent: Span, offset: int, facts: SentenceFacts) -> None:
    subj = subject_of(sent.root)
    if subj is None:
        return
    if subj.lower_ in ("it", "they"):
        # "It is hard to say whether …" points at no earlier thing
        root = sent.root
        facts.pronoun = not (
            root.lemma_ == "be" and any(c.dep_ in ("ccomp", "xcomp") for c in root.children)
        )
    elif subj.pos_ in ("NOUN", "PROPN"):
        left, right = subj.left_edge, subj.right_edge
        facts.subject = (left.idx + offset, right.idx + len(right) + offset)


def pronoun_antecedents(sentences: list[SentenceFacts]) -> list[tuple[int, int, int, int]]:
    """(start, end, antecedent start, antecedent end) for every sentence whose subject is
    "it" or "they": the noun subject of the sentence before it ("The Orlova bridge was
    repaired. It opened on Saturday."), carried through a run of such sentences."""
    out = []
    last: tuple[int, int] | None = None
    for f in sentences:
        if f.pronoun and last is not None:
            out.append((f.start, f.end, *last))
        elif not f.pronoun:
            last = f.subject
    return out


def finish_statements(
    sentences: list[SentenceFacts], quotes: list[Claim], dates: list[Claim], text: str
) -> list[Claim]:
    """Statement claims for the kept sentences; entities are added by the caller."""
    claims = []
    q_sorted = sorted((q.start, q.end) for q in quotes)
    d_sorted = sorted((d for d in dates if d.scope != "event"), key=lambda d: d.start)
    qi = di = 0
    for f in sentences:
        if f.reason is not None:
            continue
        while qi < len(q_sorted) and q_sorted[qi][1] <= f.start:
            qi += 1
        quoted = 0
        for s, e in q_sorted[qi:]:
            if s >= f.end:
                break
            quoted += max(0, min(e, f.end) - max(s, f.start))
        if quoted > _QUOTE_SHARE * (f.end - f.start):
            continue
        while di < len(d_sorted) and d_sorted[di].start < f.start:
            di += 1
        date = d_sorted[di] if di < len(d_sorted) and d_sorted[di].end <= f.end else None
        claims.append(
            Claim(
                kind="statement",
                text=text[f.start : f.end],
                start=f.start,
                end=f.end,
                about=f.about,
                date=date.date if date else None,
                precision=date.precision if date else None,
                resolved=date.resolved if date else True,
                sentence_start=f.start,
                sentence_end=f.end,
            )
        )
    return claims
