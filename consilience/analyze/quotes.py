"""Direct quotes and who said them.

Three steps, because quote marks live in the raw text while speakers live in the parse:

1. ``find_quote_marks`` pairs quote marks over the raw text of each paragraph: curly and
   straight, double and single (an apostrophe between letters is not a quote mark). A
   paragraph that leaves a quote open and a next one that opens again is the newspaper
   convention for a quote running over paragraphs.
2. ``read_quotes`` looks at each quote in its parsed piece: the speech verb outside the marks
   in the quote's sentences ("he said", "said X", "according to X", "X argues, '…'",
   "as X put it"), or a sentence ending in a colon just before it, and the verb's subject.
3. ``attribute`` (whole article) turns subjects into canonical names through the article's
   mentions, resolves he/she to the nearest person before who is the subject of a clause
   (else the nearest person: "Governor Ana Saltes said … '…,' she said" is Saltes even with
   a town named in between), lets a quote with no verb of its own continue the previous
   speaker's, and keeps an unnamed speaker as a description ("a senior U.S. official").
   Each quote records how its speaker was found (``Claim.attribution``): "explicit",
   "pronoun", "previous" or "description"; None when no speaker was found.

A quote needs a speech verb or must be a whole sentence of its own: one or two words in quote
marks with no verb of saying are scare quotes ("a 'red line'"), and a capitalized phrase
without a verb is a title ("the documentary '20 Days'"). Claim text is the quoted words
without the marks or a trailing comma.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from consilience.analyze.entities import clean_name
from consilience.analyze.gazetteer import HONORIFICS
from consilience.analyze.grammar import REPORTING_VERBS
from consilience.records import Attribution, Claim, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

SPEECH_VERBS = REPORTING_VERBS - {"think", "believe", "signal", "indicate", "point"}
_PRONOUNS = {"he": "PERSON", "she": "PERSON", "it": "ORG"}
_SPEAKER_LABELS = frozenset({"PERSON", "ORG", "GPE"})
_CONTINUE_GAP = 300  # characters between two quotes of one speaker, attribution included
_DESCRIPTION_TOKENS = 10
_PRONOUN_REACH = 2000  # characters back to look for the person "he" or "she" refers to


@dataclass
class QuoteMarks:
    """A quoted passage: ``start``/``end`` bound the words inside the marks (article offsets)."""

    start: int
    end: int
    continues: bool = False  # left open at a paragraph end, picked up by the next paragraph


@dataclass
class Speaker:
    """What the parse says about who spoke; names are resolved over the whole article."""

    verb: str
    verb_at: int
    head_start: int = -1  # the subject's head word, to be matched against mentions
    head_end: int = -1
    pronoun: str | None = None
    description: str | None = None
    name_start: int = -1  # a name in apposition: "a spokesman, Ivan Petrov, said"
    name_end: int = -1
    proper: str | None = None  # the subject is a proper name NER did not call a speaker


@dataclass
class QuoteFacts:
    marks: QuoteMarks
    sentence_start: int
    sentence_end: int
    speaker: Speaker | None = None
    words: int = 0
    has_verb: bool = False
    titleish: bool = False
    extras: dict = field(default_factory=dict)


# --------------------------------------------------------------------------- raw text


def _opens(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-/:") and not after.isspace()


def _closes(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or not after.isalnum())


def _pairs(text: str, start: int, end: int, marks: tuple[str, str, str]) -> tuple[list, int | None]:
    """Pair one family of quote marks (open, close, ambiguous) within text[start:end]."""
    opener, closer, plain = marks
    found: list[tuple[int, int]] = []
    open_at: int | None = None
    for i in range(start, end):
        ch = text[i]
        if ch not in marks:
            continue
        if ch in (opener, plain) and _opens(text, i) and (ch == opener or open_at is None):
            open_at = i
        elif ch in (closer, plain) and _closes(text, i) and open_at is not None:
            if ch == closer and text[i - 1].isalpha() and i + 1 < end and text[i + 1].isalpha():
                continue  # an apostrophe: "don’t"
            found.append((open_at, i))
            open_at = None
    return found, open_at


def find_quote_marks(text: str, paragraphs: list[tuple[int, int]]) -> list[QuoteMarks]:
    """Every quoted passage, paragraph by paragraph (see the module docstring)."""
    quotes: list[QuoteMarks] = []
    for k, (p_start, p_end) in enumerate(paragraphs):
        doubles, left_open = _pairs(text, p_start, p_end, ("“", "”", '"'))
        spans = list(doubles)
        if left_open is not None and k + 1 < len(paragraphs):
            nxt = text[paragraphs[k + 1][0] : paragraphs[k + 1][0] + 1]
            if nxt in ("“", '"'):
                spans.append((left_open, p_end))
        inside = [(s, e) for s, e in spans]
        singles, _ = _pairs(text, p_start, p_end, ("‘", "’", "'"))
        for s, e in singles:
            if not any(a <= s <= b for a, b in inside):
                spans.append((s, e))
        for s, e in sorted(spans):
            q = _inner(text, s, e, e == p_end and text[e - 1] not in '”"')
            if q is not None:
                quotes.append(q)
    return quotes


def _inner(text: str, open_at: int, close_at: int, continues: bool) -> QuoteMarks | None:
    s, e = open_at + 1, close_at
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:"):
        e -= 1
    words = text[s:e].split()
    if text[e - 1 : e] == "." and (len(words) <= 2 or text[s].islower()) and text[e - 2] != ".":
        e -= 1  # 'called it "reckless."': the period ends the sentence, not the words
    if e - s < 1 or not any(ch.isalnum() for ch in text[s:e]):
        return None
    return QuoteMarks(s, e, continues)


# --------------------------------------------------------------------------- in the parse


def _inside(pos: int, quotes: list[QuoteMarks]) -> bool:
    return any(q.start - 1 <= pos < q.end + 1 for q in quotes)


def _subject(verb: Token) -> Token | None:
    if verb.lemma_ == "accord":  # "according to X"
        to = next((c for c in verb.children if c.lower_ == "to"), None)
        return next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
    for v in (verb, verb.head if verb.dep_ in ("conj", "advcl") else None):
        if v is None:
            continue
        subj = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and subj.tag_ in ("WP", "WDT") and v.dep_ == "relcl":
            return v.head  # "according to Mayor Varga, who called it …": who is Varga
        if subj is not None:
            return subj
    return None


def _describe(subj: Token) -> str:
    """The subject's words, cut before a relative clause: 'a senior U.S. official'."""
    cut = [
        c for c in subj.children if c.dep_ in ("relcl", "acl", "appos", "punct") and c.i > subj.i
    ]
    end = min([c.left_edge.i for c in cut], default=subj.right_edge.i + 1)
    tokens = [t for t in subj.doc[subj.left_edge.i : end]][:_DESCRIPTION_TOKENS]
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    return subj.doc[tokens[0].i : tokens[-1].i + 1].text if tokens else subj.text


def _speaker(verb: Token, offset: int) -> Speaker | None:
    subj = _subject(verb)
    if subj is None:
        return None
    sp = Speaker(
        verb="according to" if verb.lemma_ == "accord" else verb.lemma_.lower(),
        verb_at=verb.idx + offset,
    )
    head = subj
    if subj.ent_type_:
        ent = next(e for e in subj.doc.ents if e.start <= subj.i < e.end)
        sp.head_start, sp.head_end = ent.start_char + offset, ent.end_char + offset
    else:
        sp.head_start, sp.head_end = head.idx + offset, head.idx + len(head) + offset
    low = subj.lower_
    if low in ("he", "she", "it", "they", "we", "i"):
        sp.pronoun = low
        return sp
    appos = next((c for c in subj.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
    if appos is not None:
        ent = next(e for e in subj.doc.ents if e.start <= appos.i < e.end)
        sp.name_start, sp.name_end = ent.start_char + offset, ent.end_char + offset
    if subj.pos_ == "PROPN":
        ent = next((e for e in subj.doc.ents if e.start <= subj.i < e.end), None)
        sp.proper = ent.text if ent is not None else _compound_name(subj)
    else:
        sp.description = _describe(subj)
    return sp


def _compound_name(subj: Token) -> str:
    """'Ana Saltes' for the subject 'Saltes' of 'Governor Ana Saltes said': the proper nouns
    after a title. Without a title the subject alone: a capitalized word before a name
    may be a common noun opening the sentence ("Developer Valve said")."""
    words = [c for c in subj.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
    titled = False
    while words and words[0].lower_.rstrip(".") in HONORIFICS:
        words.pop(0)
        titled = True
    return " ".join(t.text for t in [*words, subj]) if titled else subj.text


def subject_heads(sents: list[Span], offset: int) -> list[int]:
    """Article offsets of every clause subject's head word, for resolving he and she."""
    return [
        t.idx + offset for sent in sents for t in sent if t.dep_ in ("nsubj", "nsubjpass")
    ]


def _acts(sent: Span, offset: int, quotes: list[QuoteMarks]) -> list[Speaker]:
    acts = []
    for t in sent:
        if t.pos_ not in ("VERB", "AUX") or _inside(t.idx + offset, quotes):
            continue
        lemma = t.lemma_.lower()
        if lemma == "put" and not any(c.lower_ == "it" for c in t.children):
            continue  # only "as X put it"
        if lemma == "point" and any(c.dep_ == "prt" and c.lower_ == "out" for c in t.children):
            lemma = "note"  # "pointed out that …"
        if lemma in SPEECH_VERBS or (lemma == "accord" and t.lower_ == "according"):
            sp = _speaker(t, offset)
            if sp is not None:
                acts.append(sp)
    return acts


def read_quotes(
    doc: Doc, sents: list[Span], offset: int, quotes: list[QuoteMarks]
) -> list[QuoteFacts]:
    """Per-piece facts about the quotes that start inside it (speaker still unresolved)."""
    facts = []
    sent_starts = [s.start_char for s in sents]
    size = len(doc.text)  # Doc.text joins every token: read it once
    for q in quotes:
        s_rel, e_rel = q.start - offset, min(q.end - offset, size)
        if s_rel < 0 or s_rel >= size or not sents:
            continue
        first = max(bisect.bisect_right(sent_starts, s_rel) - 1, 0)
        last = max(bisect.bisect_right(sent_starts, max(e_rel - 1, s_rel)) - 1, first)
        span = doc.char_span(s_rel, e_rel, alignment_mode="expand")
        words = [t for t in span if not t.is_punct] if span is not None else []
        f = QuoteFacts(q, sents[first].start_char + offset, sents[last].end_char + offset)
        f.words = len(words)
        f.has_verb = any(t.pos_ in ("VERB", "AUX") and t.dep_ != "amod" for t in words)
        f.titleish = bool(words) and sum(t.text[:1].isupper() for t in words) > 0.6 * len(words)
        acts = [a for k in range(first, last + 1) for a in _acts(sents[k], offset, quotes)]
        if not acts and first > 0 and sents[first - 1].text.rstrip().endswith(":"):
            acts = _acts(sents[first - 1], offset, quotes)  # 'She said:' then the quote
        whole = f.words >= 3 and f.has_verb
        if span is not None and not whole:
            # A partial quote must sit in what the verb reports, not beside it:
            # 'called the plan "reckless"' yes, 'called it X and a "red line" was crossed' no.
            acts = [
                a
                for a in acts
                if a.verb in ("put", "according to") or _governs(doc, a.verb_at - offset, span.root)
            ]
            before = doc[span.start - 2 : span.start] if span.start else None
            if f.words <= 2 and before is not None and any(t.pos_ == "DET" for t in before):
                acts = []  # 'a "red line"': a word or two set off inside a noun phrase
        if acts:
            f.speaker = min(
                acts, key=lambda a: min(abs(a.verb_at - q.start), abs(a.verb_at - q.end))
            )
        facts.append(f)
    return facts


def _governs(doc: Doc, verb_char: int, token: Token) -> bool:
    """Whether ``token`` hangs from the verb at ``verb_char`` without crossing to a
    coordinated clause or into the verb's subject."""
    for _ in range(30):
        if token.idx == verb_char:
            return True
        if token.dep_ in ("nsubj", "nsubjpass") and token.head.idx == verb_char:
            return False
        if (token.dep_ == "conj" and token.pos_ in ("VERB", "AUX")) or token.head is token:
            return False
        token = token.head
    return False


def colon_speakers(sents: list[Span], offset: int, quotes: list[QuoteMarks]) -> dict[int, Speaker]:
    """Speakers of sentences ending in a colon, keyed by where the sentence ends.

    A quote that opens the next paragraph belongs to them ("The minister said:" ¶ "…").
    """
    out = {}
    for sent in sents:
        if sent.text.rstrip().endswith(":"):
            acts = _acts(sent, offset, quotes)
            if acts:
                out[sent.start_char + len(sent.text.rstrip()) + offset] = acts[-1]
    return out


# --------------------------------------------------------------------------- whole article


class _Names:
    """Mentions by position: who a subject is, and the nearest person before a pronoun."""

    def __init__(
        self, mentions: list[Mention], quotes: list[QuoteMarks], subjects: list[int] = ()
    ):
        self.subjects = sorted(subjects)
        spans = sorted((q.start, q.end) for q in quotes)
        q_starts = [s for s, _ in spans]

        def quoted(pos: int) -> bool:
            k = bisect.bisect_right(q_starts, pos) - 1
            return k >= 0 and pos < spans[k][1]

        self.mentions = [m for m in mentions if not quoted(m.start)]
        self.starts = [m.start for m in self.mentions]
        self.all = mentions
        self.all_starts = [m.start for m in mentions]

    def at(self, start: int, end: int, labels=_SPEAKER_LABELS) -> Mention | None:
        k = bisect.bisect_right(self.all_starts, end) - 1
        while k >= 0 and self.all[k].end > start - 40:
            m = self.all[k]
            if m.start < end and m.end > start and (labels is None or m.label in labels):
                return m
            k -= 1
        return None

    def other_person_between(self, start: int, end: int, speaker: str | None) -> bool:
        """Whether someone else is named between two quotes (then the second is not a
        continuation of the first speaker's)."""
        k = bisect.bisect_left(self.starts, start)
        while k < len(self.mentions) and self.mentions[k].start < end:
            m = self.mentions[k]
            if m.label == "PERSON" and m.canonical != speaker:
                return True
            k += 1
        return False

    def any_at(self, start: int, end: int) -> Mention | None:
        return self.at(start, end, labels=None)

    def _is_subject(self, m: Mention) -> bool:
        k = bisect.bisect_left(self.subjects, m.start)
        return k < len(self.subjects) and self.subjects[k] < m.end

    def before(self, pos: int, label: str) -> Mention | None:
        """What a pronoun at ``pos`` refers to: the nearest ``label`` mention before it that
        is a clause's subject (speakers are), else the nearest one at all."""
        nearest = None
        k = bisect.bisect_left(self.starts, pos) - 1
        while k >= 0 and pos - self.mentions[k].start < _PRONOUN_REACH:
            m = self.mentions[k]
            if m.label == label and (label != "PERSON" or not m.role or m.canonical != m.role):
                if self._is_subject(m):
                    return m
                nearest = nearest or m
            k -= 1
        return nearest


_Resolved = tuple[str | None, str | None, Attribution | None]  # speaker, description, how


def _resolve(sp: Speaker, names: _Names) -> _Resolved:
    """(canonical speaker, description, attribution) for a parsed subject."""
    if sp.name_start >= 0:
        m = names.at(sp.name_start, sp.name_end)
        if m is not None:
            return m.canonical, None, "explicit"
    if sp.pronoun:
        label = _PRONOUNS.get(sp.pronoun)
        m = names.before(sp.head_start, label) if label else None
        return (m.canonical, None, "pronoun") if m is not None else (None, None, None)
    m = names.at(sp.head_start, sp.head_end)
    if m is not None and (sp.description is None or m.label == "PERSON"):
        return m.canonical, None, "explicit"
    if sp.proper:  # 'Ionova argues': a name NER mislabelled is still the speaker's name
        m = names.any_at(sp.head_start, sp.head_end)
        return (m.canonical if m is not None else clean_name(sp.proper)), None, "explicit"
    if sp.description:
        return None, sp.description, "description"
    return None, None, None


def _accepted(f: QuoteFacts) -> bool:
    if f.speaker is not None:
        return True
    # No verb of saying: only a whole sentence in quote marks is a quote; a word or two is
    # a scare quote and a capitalized verbless phrase is a title.
    return f.words >= 3 and f.has_verb and not f.titleish


def attribute(
    facts: list[QuoteFacts],
    colon: dict[int, Speaker],
    mentions: list[Mention],
    text: str,
    subjects: list[int] = (),
) -> list[Claim]:
    """Quote claims with canonical speakers (see the module docstring).

    ``subjects`` are the article offsets of clause subjects (``subject_heads``).
    """
    names = _Names(mentions, [f.marks for f in facts], subjects)
    claims: list[Claim] = []
    prev: tuple[int, str | None, str | None, str] | None = None  # end, speaker, description, verb
    for f in sorted(facts, key=lambda f: f.marks.start):
        q = f.marks
        if f.speaker is None:
            k = q.start - 1  # the opening mark; the colon sentence ends just before it
            while k > 0 and text[k - 1].isspace():
                k -= 1
            f.speaker = colon.get(k)
        if not _accepted(f):
            continue
        how: Attribution | None = None
        if f.speaker is not None:
            speaker, description, how = _resolve(f.speaker, names)
            verb = f.speaker.verb
        elif (
            prev is not None
            and q.start - prev[0] <= _CONTINUE_GAP
            and not names.other_person_between(prev[0], q.start, prev[1])
        ):
            speaker, description, verb = prev[1], prev[2], prev[3]
            how = "previous" if speaker or description else None
        else:
            speaker, description, verb = None, None, ""
        claims.append(
            Claim(
                kind="quote",
                text=text[q.start : q.end],
                start=q.start,
                end=q.end,
                about=verb,
                speaker=speaker,
                speaker_description=description,
                attribution=how,
                sentence_start=f.sentence_start,
                sentence_end=f.sentence_end,
            )
        )
        prev = (q.end, speaker, description, verb)
    return claims
