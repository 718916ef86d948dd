"""Clean stage: take in-body boilerplate and injected spam out of an article's text.

Extraction keeps what sits inside an article's body, and that includes lines that are not
the article: "Related: <another story>", "Sign up for our newsletter", share buttons,
copyright notices, the title repeated as the first line, and headlines of other stories
pasted between paragraphs by content farms. Each one is removed as a whole line (or, for a
cue trailing a paragraph, as the tail of one) and kept as a ``Removed`` record with its reason
and its offsets in ``extracted_text``, so nothing disappears unseen.

Three kinds of evidence, the last deliberately timid:

* **repetition** — the title repeated as the first body line, a prose paragraph said twice.
* **cues** — what the line says about itself: a link cue ("Read more:", "See also", "You may
  also like"), a sign-up or support appeal, a share bar, a credit or copyright notice. A cue
  alone on a line also takes the list of headline-shaped lines right after it, and a heading
  whose whole section was an appeal goes with it.
* **topic** — a headline-shaped line with no cue is removed only when it stands alone among
  paragraphs, looks like the headline of another story (title case, a "Kicker: headline"
  shape, a "[VIDEO]" tag) and none of its distinctive words occur in the article's
  paragraphs. A real subheading ("Why the vote matters now") shares words with its article,
  or has too few distinctive words to judge, and stays. An emoji-led "label: headline" line
  needs less: most of its distinctive words foreign to the article.

Reasons: duplicate-title, duplicate-paragraph, related-link, read-more, emoji-link,
off-topic-headline, newsletter, self-promotion, social-share, author-contact, copyright,
credit, boilerplate. The off-topic check runs on English (or undetected) text only: its
everyday-word list is English.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache

from consilience.language import EVERYDAY_ENGLISH, count_words
from consilience.records import Article, Removed

__all__ = ["clean"]


@dataclass
class _Line:
    text: str
    start: int
    end: int
    reason: str | None = None
    cut: int | None = None  # offset in ``text`` where a removed trailing cue begins


def clean(article: Article) -> Article:
    """Return ``article`` with ``text`` cleaned and ``removed`` listing what was taken out.

    Works from ``extracted_text`` (``text`` when that is empty), so cleaning twice gives the
    same result. ``id`` and ``content_hash`` are recomputed from the clean text.
    """
    source = article.extracted_text or article.text
    lines = _split_lines(source)
    _mark_duplicate_title(lines, article.title)
    _mark_repeated_paragraphs(lines)
    _mark_cues(lines)
    if (article.language or "en") == "en":
        _mark_off_topic(lines)
    _mark_orphan_headings(lines)
    _mark_trailing_cues(lines)
    removed: list[Removed] = []
    kept: list[str] = []
    for line in lines:
        if line.reason:
            removed.append(
                Removed(text=line.text, reason=line.reason, start=line.start, end=line.end)
            )
        elif line.cut is not None:
            cut = line.start + line.cut
            removed.append(
                Removed(text=source[cut : line.end], reason="read-more", start=cut, end=line.end)
            )
            kept.append(line.text[: line.cut].rstrip())
        else:
            kept.append(line.text)
    cleaned = dataclasses.replace(
        article,
        extracted_text=source,
        text="\n".join(kept),
        removed=removed,
        id="",
        content_hash="",
    )
    return cleaned.ensure_ids()


def _split_lines(text: str) -> list[_Line]:
    """Non-blank lines with their offsets, leading and trailing spaces left out."""
    lines = []
    for match in re.finditer(r"[^\n]+", text):
        raw = match.group(0)
        stripped = raw.strip()
        if stripped:
            start = match.start() + (len(raw) - len(raw.lstrip()))
            lines.append(_Line(stripped, start, start + len(stripped)))
    return lines


# --------------------------------------------------------------------------- shapes and words

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_LIST_MARK = re.compile(r"^(?:[-*•·‣▪►▸»–—]|\d{1,3}[.)])\s+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _headline_shaped(text: str, max_words: int = 20) -> bool:
    """Short, and not closed like a sentence: how headlines, headings and link texts look."""
    body = _LIST_MARK.sub("", text)
    if not 1 <= count_words(body) <= max_words:
        return False
    end = body.rstrip("\"'”’)]»|*")[-1:]
    return end not in ".,;:" or body.endswith(("...", "…"))


def _title_case(text: str) -> bool:
    """Most longer words capitalized: the house style of headlines, not of prose."""
    long_words = [w for w in _words(text) if len(w) >= 4]
    if len(long_words) < 3:
        return False
    capitals = sum(1 for w in long_words if w[0].isupper())
    return capitals >= 0.7 * len(long_words)


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """A crude English stem, enough to match 'strikes' with 'striking' and 'voters' with
    'voter': plural and verb endings off, then a final 'e' ("approve" ~ "approved")."""
    w = word.lower().replace("’", "'")
    w = re.sub(r"'s?$", "", w)
    for suffix, repl in (
        ("ies", "y"),
        ("sses", "ss"),
        ("xes", "x"),
        ("ches", "ch"),
        ("shes", "sh"),
        ("ing", ""),
        ("ed", ""),
        ("ly", ""),
        ("s", ""),
    ):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and not w.endswith(("ss", "us", "is")):
            w = w[: len(w) - len(suffix)] + repl
            break
    return w[:-1] if w.endswith("e") and len(w) > 4 else w


def _content_stems(text: str) -> set[str]:
    """Stems of the distinctive words: no function words, no everyday vocabulary."""
    stems = set()
    for word in _words(text):
        low = word.lower().replace("’", "'")
        if len(low) < 3 or low in EVERYDAY_ENGLISH or _stem(low) in EVERYDAY_ENGLISH:
            continue
        stems.add(_stem(low))
    return stems


# --------------------------------------------------------------------------- duplicate title


def _mark_duplicate_title(lines: list[_Line], title: str) -> None:
    """The title repeated as the first (or second, after a kicker) line of the body."""
    # "Headline | Outlet", "Outlet - Headline": the body repeats only the headline part.
    parts = re.split(r"\s+[|–—:-]{1,2}\s+", title or "")
    targets = [t for t in (_norm_tokens(p) for p in [title or "", *parts]) if len(t) >= 2]
    if not targets:
        return
    for line in lines[:2]:
        if line.reason or not _headline_shaped(line.text, max_words=40):
            continue
        tokens = _norm_tokens(line.text)
        if tokens and any(_same_title(tokens, target) for target in targets):
            line.reason = "duplicate-title"
            return


def _norm_tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _same_title(line: list[str], title: list[str]) -> bool:
    """Equal, or one inside the other covering most of it ("Title | Outlet" vs "Title")."""
    if line == title:
        return True
    short, long_ = (line, title) if len(line) <= len(title) else (title, line)
    if len(short) < 3 or len(short) < 0.6 * len(long_):
        return False
    n = len(short)
    return any(long_[i : i + n] == short for i in range(len(long_) - n + 1))


# A prose paragraph this long said twice is a page artefact (a teaser above the body, a block
# rendered for two layouts). Short lines, list items and table rows repeat for real.
_MIN_REPEAT_WORDS = 12


def _mark_repeated_paragraphs(lines: list[_Line]) -> None:
    """Every later copy of a prose paragraph that already appeared word for word."""
    seen: set[tuple[str, ...]] = set()
    for line in lines:
        if (
            line.reason
            or count_words(line.text) < _MIN_REPEAT_WORDS
            or _LIST_MARK.match(line.text)
            or line.text.startswith("|")
            or _headline_shaped(line.text, max_words=1000)
        ):
            continue
        key = tuple(_norm_tokens(line.text))
        if key in seen:
            line.reason = "duplicate-paragraph"
        seen.add(key)


# --------------------------------------------------------------------------- cues

# Up to a few leading symbols: emoji, arrows, bullets, brackets ("📖 Related:", "» See also").
_LEAD = r"^[\W_]{0,4}?\s*"
_SEP = r"\s*(?:[:|»›>→–—-]+|\.{3}|…)\s*"
# Cues that only ever introduce a link, and cues that may also open a sentence of prose
# ("In other news: the council…", "Up next: a vote"), whose link text must then look like one.
_RELATED = (
    r"related(?:\s+(?:stories|story|articles?|posts?|coverage|content|reading|news|links?"
    r"|topics?|videos?))?|see\s+also|also\s+see"
    r"|you\s+(?:may|might|could|will|would)\s+(?:also\s+)?(?:like|love|enjoy|be\s+interested"
    r"(?:\s+in)?|want\s+to\s+(?:read|see|watch))"
    r"|recommended(?:\s+(?:for\s+you|reading|stories|articles|videos))?"
    r"|don['’]?t\s+miss|must\s+(?:read|see|watch)"
)
_WEAK = (
    r"more\s+(?:from|on|about|in)\s+[^:|]{1,50}|more\s+(?:stories|news|coverage|headlines"
    r"|videos)|more|see\s+more|trending(?:\s+(?:now|stories|news|today))?"
    r"|popular(?:\s+(?:now|stories|today))?|most\s+(?:read|popular|viewed|shared|watched)"
    r"|editor['’]?s\s+picks?|top\s+stories|latest\s+(?:news|stories|headlines)|in\s+other\s+"
    r"news|in\s+case\s+you\s+missed\s+it|also\s+on\s+[^:|]{1,40}|explore\s+more"
    r"|watch\s+(?:next|more|now)|up\s+next"
)
_READ_MORE = (
    r"read\s+(?:more|also|next|the\s+full\s+(?:story|article))|also\s+read"
    r"|continue\s+reading|keep\s+reading|full\s+story|click\s+here\s+to\s+read(?:\s+more)?"
)
_TAGS = r"tags|topics|filed\s+under|categories|category|keywords"
_CUE_LINE = re.compile(
    _LEAD + rf"(?:(?P<related>{_RELATED})|(?P<readmore>{_READ_MORE})|(?P<weak>{_WEAK})"
    rf"|(?P<tags>{_TAGS}))"
    rf"(?:(?P<sep>{_SEP})(?P<rest>.*))?$",
    re.IGNORECASE,
)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
# The words of a dateline: numbers, months, weekdays, "a.m.", "at", time zones.
_DATE_WORD = (
    rf"\d[\d:./-]*(?:st|nd|rd|th)?|{_MONTH}\.?|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?"
    r"|[ap]\.?m\.?|at|on|by|gmt|utc|bst|cet|cest|e[sd]?t|p[sd]?t|c[sd]?t|ist|aest|jst"
)
_CUE_REASON = {
    "related": "related-link",
    "readmore": "read-more",
    "weak": "related-link",
    "tags": "boilerplate",
}

# Lines that are a quotation are somebody's words, never the outlet's appeal or notice.
_QUOTE_OPENING = re.compile(r"^[\"“‘'«„]")


def _rule(reason: str, max_words: int, *alternatives: str) -> tuple[str, re.Pattern[str], int]:
    """A pattern family: the reason, the longest line (in words) it may take, its regexes."""
    return reason, re.compile("|".join(alternatives), re.IGNORECASE), max_words


_IMPERATIVE = r"^\W{0,3}(?:sign\s+up|subscribe|register|join|get|receive|don['’]?t\s+miss)\b"
_SOCIAL = (
    r"twitter|x|facebook|instagram|linkedin|tiktok|youtube|threads|telegram|whatsapp|bluesky"
    r"|mastodon|snapchat|pinterest|flipboard|google\s+news"
)
_SHARE_WORDS = (
    r"share|tweet|e-?mail|print|facebook|twitter|x|whatsapp|linkedin|pinterest|reddit"
    r"|messenger|telegram|copy\s+link|copy|link|save|flipboard|pocket|sms"
)

# fmt: off
_PATTERNS: tuple[tuple[str, re.Pattern[str], int], ...] = (
    _rule("newsletter", 70,
          # "Sign up for our morning newsletter", "Get the latest right in your inbox"
          _IMPERATIVE + r".{0,160}\b(?:newsletters?|inbox|e-?mail\s+(?:updates|alerts|list)"
          r"|(?:news|breaking[- ]news)\s+alerts|(?:daily|morning|evening|weekly)\s+"
          r"(?:briefing|digest|edition))\b",
          r"\bour\s+(?:[\w-]+\s+){0,3}newsletters?\b",
          r"\b(?:to|in|into)\s+your\s+inbox\b"),
    _rule("self-promotion", 70,
          r"(?:^\W{0,3}|\b(?:please|help|can|to)\s+)support\s+(?:our|independent|quality"
          r"|local|public[- ]service)\s+(?:[\w-]+\s+)?journalism\b",
          r"^\W{0,3}(?:please\s+)?(?:consider\s+)?(?:support|donate\s+to)\s+(?:us|our\s+work)\b",
          r"^\W{0,3}become\s+an?\s+(?:member|subscriber|patron|supporter)\b",
          r"^\W{0,3}if\s+you\s+(?:enjoyed|liked|value|appreciate|found)\s+(?:reading\b|(?:this"
          r"|our)\s+(?:article|story|piece|post|journalism|work|reporting|newsletter|content))",
          r"^\W{0,3}(?:subscribe\s+(?:now|today|here)|subscribers?\s+get|get\s+(?:unlimited"
          r"|full|digital|premium|instant)\s+access)\b",
          # "… for as little as $2 a week", "12 issues for £11.99": a subscription offer
          r"^(?=.*\bfor\s+as\s+little\s+as\b)(?=.*\b(?:subscri\w*|membership|access|issues)\b)",
          r"\b\d+\s+issues\s+for\s+(?:just\s+|only\s+)?[$£€]",
          r"\bclick\s+here\s+(?:to|for)\s+(?:subscribe|sign\s+up|more\s+information|details"
          r"|buy|order)",
          r"^\W{0,3}(?:download|get)\s+(?:our|the\s+[\w-]+(?:\s+[\w-]+)?)\s+app\b"),
    _rule("social-share", 40,
          r"^\W{0,3}(?:follow|like|find|join)\s+(?:us|@\w+|him|her|them|[\w.'’&-]+(?:\s+"
          rf"[\w.'’&()@-]+){{0,6}})\s+on\s+(?:{_SOCIAL})\b"),
    _rule("social-share", 6, r"^\W{0,3}share\s+(?:this|on|via|the|article|story)(?:\s+[\w-]+)"
          r"{0,4}[\s:]*$"),
    _rule("social-share", 12, rf"^(?:(?:{_SHARE_WORDS})\b[\W_]*){{1,10}}$"),
    _rule("author-contact", 40,
          r"(?:^\W{0,3}(?:write\s+to|contact|e-?mail|reach|send|have\s+a\s+tip|got\s+a\s+tip"
          r"|tips?\b|questions?\b)|\b(?:may|can)\s+be\s+reached\b|\b(?:reach|contact)\s+(?:him"
          r"|her|them|us|the\s+(?:writer|author|reporter)))"
          r".{0,200}(?:[\w.+-]+@[\w-]+\.\w|@\w{2,}|\+?\d[\d\s().-]{7,}\d)"),
    _rule("copyright", 10, r"^\W{0,2}copyright\b(?=.*\b(?:19|20)\d\d\b)"),
    _rule("copyright", 60,
          r"^\W{0,2}(?:©|\(c\)\s|copyright\s*(?:©|\(c\)))",
          r"\ball\s+rights\s+reserved\b",
          r"\bnon-?commercial\s+use\s+only\b",
          r"\bmay\s+not\s+be\s+(?:\w+,?\s+){0,4}(?:or\s+)?(?:published|reproduced"
          r"|redistributed|rewritten|broadcast|copied)\b"),
    _rule("credit", 12,
          r"^\W{0,2}(?:(?:cover|top|header|main|lead|featured)\s+)?(?:photo(?:graph)?s?|images?"
          r"|pictures?|illustrations?|graphics?|video|footage|credits?|sources?)(?:\s+(?:credits?"
          r"|courtesy(?:\s+of)?|by|source|via))?\s*[:|/]\s*\S",
          r"^\W{0,2}(?:photo|image|picture)s?\s+(?:by|courtesy\s+of|via)\s"),
    _rule("credit", 8,
          r"\b(?:getty\s+images|shutterstock|ap\s+photo|afp\s+via|istock|alamy|reuters/"
          r"|epa-efe)\b"),
    _rule("boilerplate", 8,
          r"^\d*\s*comments?\W*$",
          r"^\W{0,3}(?:leave|post|add|write|view|show|hide|load|read)\s+(?:a\s+|the\s+|all\s+"
          r"|\d+\s+)?comments?\b",
          r"^(?:tell\s+us\s+what\s+you\s+think|have\s+your\s+say|join\s+the\s+(?:conversation"
          r"|discussion)|what\s+do\s+you\s+think\?)\W*$"),
    _rule("boilerplate", 10,
          r"^\W{0,2}(?:advertisement|advertising|sponsored(?:\s+content)?|story\s+continues\s+"
          r"(?:below|after)(?:\s+(?:this\s+)?(?:advertisement|ad))?|continue\s+reading(?:\s+"
          r"(?:the\s+main\s+story|below))?|skip\s+(?:to\s+(?:main\s+)?content|ad|advertisement)"
          r"|loading|print(?:\s+(?:this\s+)?(?:article|page|story))?|order\s+reprints?"
          r"|reprints?(?:\s+(?:&|and)\s+permissions)?|back\s+to\s+top|(?:an\s+)?error\s+(?:has"
          r"\s+)?occurred.*|something\s+went\s+wrong.*|please\s+try\s+again(?:\s+later)?"
          r"|this\s+(?:article|story)\s+(?:has\s+been|was)\s+sent\s+to|save\s+(?:for\s+later"
          r"|article|story)|listen\s+to\s+this\s+(?:article|story)|\d+\s+min(?:ute)?s?\s+read"
          r"|reading\s+time\W.*)\W*$",
          # "Updated at 4:15 p.m.", "Published: 12 March 2024": a time or a date, nothing else
          r"^\W{0,2}(?:last\s+)?(?:updated|published|posted|modified)(?:\s+(?:on|at))?\s*:?\s*"
          rf"(?=.*\d)(?:(?:{_DATE_WORD})(?:\s+|[,|–-]\s*|$))+$"),
    # "Listen: https://…", "Download: https://…": a button's label and its link. A bare
    # address alone may be a source the article cites, so it stays.
    _rule("boilerplate", 5, r"^\W{0,2}(?:[^\s:]+\s+){0,2}[^\s:]+\s*:\s*(?:https?://|www\.)\S+\W*$"),
    _rule("boilerplate", 20,
          r"^(?:this\s+(?:article|story|post|piece)\s+(?:was\s+|is\s+)?)?(?:originally|first)"
          r"\s+(?:published|appeared|posted|ran)\s+(?:on|in|at|by)\b"),
)
# fmt: on

# After a cue alone on its line ("You may also like…"), at most this many link lines follow.
_MAX_RUN = 10


def _mark_cues(lines: list[_Line]) -> None:
    """Lines that say what they are: link cues, appeals, share bars, notices."""
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.reason:
            i += 1
            continue
        header = _mark_cue_line(line)
        if header:
            i = _mark_run(lines, i + 1, line.reason or "related-link", tags=header == "tags")
            continue
        words = count_words(line.text)
        rules = () if _QUOTE_OPENING.match(line.text) else _PATTERNS
        for reason, pattern, max_words in rules:
            if words <= max_words and pattern.search(line.text):
                line.reason = reason
                break
        i += 1


def _mark_cue_line(line: _Line) -> str | None:
    """Mark a link-cue line; return the cue kind when the cue stands alone (a list header)."""
    match = _CUE_LINE.match(line.text)
    if not match:
        return None
    kind = next(k for k in _CUE_REASON if match.group(k))
    rest = (match.group("rest") or "").strip()
    if not rest:
        # The cue alone, maybe closed by ":" or "…": a header for the link list below it.
        # Closed by a full stop it is a sentence ("More on that below.").
        if line.text.endswith(".") and not line.text.endswith("..."):
            return None
        line.reason = _CUE_REASON[kind]
        return "tags" if kind == "tags" else "links"
    if kind == "tags":
        # "Tags: a, b, c" is a list of labels; "Topics: the council met…" is prose.
        if _label_list(rest) or (count_words(rest) <= 6 and _headline_shaped(rest)):
            line.reason = _CUE_REASON[kind]
    elif (kind != "weak" and count_words(rest) <= 40) or _headline_shaped(rest, max_words=40):
        line.reason = _CUE_REASON[kind]
    return None


def _mark_run(lines: list[_Line], i: int, reason: str, tags: bool) -> int:
    """Mark the link lines under a cue header; return the index after them.

    A lone headline-shaped line right before a paragraph it shares words with is more likely
    the article's next subheading than a link, so a run of one is checked for that. Under a
    "Tags" header only one line of labels is taken.
    """
    if tags:
        if i < len(lines) and not lines[i].reason and _label_list(lines[i].text):
            lines[i].reason = reason
            return i + 1
        return i
    start = i
    while i < len(lines) and i - start < _MAX_RUN and not lines[i].reason:
        if not _headline_shaped(lines[i].text, max_words=25):
            break
        i += 1
    lone = i - start == 1 and i < len(lines)
    if lone and _content_stems(lines[start].text) & _content_stems(lines[i].text):
        return start
    for line in lines[start:i]:
        line.reason = reason
    return i


def _label_list(text: str) -> bool:
    """ "harbor, council, Lindenport": short labels separated by commas or bars."""
    items = [item.strip() for item in re.split(r"[,|;]", text) if item.strip()]
    return len(items) >= 2 and all(count_words(x) <= 6 and not x.endswith(".") for x in items)


def _mark_trailing_cues(lines: list[_Line]) -> None:
    """ "… she said. READ MORE: Another story" — a cue pasted onto the end of a paragraph."""
    for line in lines:
        if line.reason:
            continue
        match = _TRAILING_CUE.search(line.text)
        if match and _headline_shaped(match.group("tail"), max_words=20):
            line.cut = match.start("cue")


_TRAILING_CUE = re.compile(
    r"(?<=[.!?\"”’])\s+(?P<cue>(?:read\s+more|read\s+also|also\s+read|see\s+also|related)"
    r"\s*:\s*(?P<tail>.+))$",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------- topic

# Context must be this large before a line can be judged off-topic against it.
_MIN_CONTEXT_STEMS = 30


def _mark_off_topic(lines: list[_Line]) -> None:
    """Headlines of other stories, and emoji-led link lines, that share no words with the
    article around them."""
    context: dict[str, int] = {}
    for line in lines:
        if not line.reason and not _headline_shaped(line.text):
            for stem in _content_stems(line.text):
                context[stem] = context.get(stem, 0) + 1
    if len(context) < _MIN_CONTEXT_STEMS:
        return
    for i, line in enumerate(lines):
        if line.reason:
            continue
        emoji_rest = _emoji_led(line.text)
        if emoji_rest is not None:
            stems = _content_stems(emoji_rest)
            known = sum(1 for s in stems if s in context)
            if (
                _headline_shaped(emoji_rest, max_words=25)
                and len(stems) >= 2
                and known <= len(stems) / 3
            ):
                line.reason = "emoji-link"
        elif i > 0 and _other_headline(line.text) and _between_paragraphs(lines, i):
            stems = _content_stems(line.text)
            known = sum(1 for s in stems if s in context)
            if len(stems) >= 4 and known <= 0.2 * len(stems):
                line.reason = "off-topic-headline"


def _between_paragraphs(lines: list[_Line], i: int) -> bool:
    """An inserted headline stands alone among paragraphs; a line among other short lines
    is part of a list (tour dates, a Q&A, credits) and is not judged."""
    before = next((lines[j] for j in range(i - 1, -1, -1) if not lines[j].reason), None)
    after = next((lines[j] for j in range(i + 1, len(lines)) if not lines[j].reason), None)
    return all(x is None or not _headline_shaped(x.text) for x in (before, after))


def _other_headline(text: str) -> bool:
    """Shaped like the headline of a story: title case, a "Kicker: headline", or a tag."""
    if _LIST_MARK.match(text) or not _headline_shaped(text) or count_words(text) < 4:
        return False
    if text[0] in "([{":  # "(Reporting by …)": a note in brackets, not a headline
        return False
    kicker = re.match(r"^[^:]{3,60}:\s+(\S+\s+){2,}\S+", text)
    tagged = re.search(r"\[[A-Z][A-Z ]+\]\W*$", text)
    return _title_case(text) or bool(kicker) or bool(tagged)


def _emoji_led(text: str) -> str | None:
    """The text after a leading emoji (and an optional "Label:"), or None without one."""
    pos = 0
    while pos < len(text) and (_is_emoji(text[pos]) or text[pos] in "\ufe0f\u200d "):
        pos += 1
    if pos == 0 or not any(_is_emoji(c) for c in text[:pos]):
        return None
    rest = text[pos:].strip()
    label = re.match(r"^[^:]{1,30}:\s+", rest)
    return rest[label.end() :] if label else rest


def _is_emoji(char: str) -> bool:
    cp = ord(char)
    return (
        0x1F000 <= cp <= 0x1FAFF
        or 0x2600 <= cp <= 0x27BF
        or 0x2B00 <= cp <= 0x2BFF
        or 0x2190 <= cp <= 0x21FF
        or 0x2300 <= cp <= 0x23FF
        or 0x25A0 <= cp <= 0x25FF
    )


# Removed blocks that come with a title of their own ("Something to consider", "Stay
# informed"): appeals and link boxes, not notices or credits.
_BOX_REASONS = {"newsletter", "self-promotion", "related-link", "read-more", "social-share"}


def _mark_orphan_headings(lines: list[_Line]) -> None:
    """A heading whose whole section was an appeal or a link box goes with it."""
    for i, line in enumerate(lines):
        if line.reason or not _is_heading(line.text) or any(c.isdigit() for c in line.text):
            continue
        j = i + 1
        while j < len(lines) and lines[j].reason in _BOX_REASONS:
            j += 1
        section_ends = j == len(lines) or (not lines[j].reason and _is_heading(lines[j].text))
        if j > i + 1 and section_ends:
            line.reason = lines[i + 1].reason


def _is_heading(text: str) -> bool:
    if _LIST_MARK.match(text) or count_words(text) > 6:
        return False
    return _headline_shaped(text) and text.rstrip("\"'”’)")[-1:] not in "?!.…"
