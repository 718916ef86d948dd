"""The sections a reader sees, derived from one story of the report dict.

Every renderer (Markdown, HTML, terminal) shows the same sections in the same order, so the
grouping lives here once: agreed facts, differences side by side, single-source claims,
quotes with their wordings, timeline, coverage by outlet, removed spam. Articles are cited by
their number in the story (1-based, in story order).

What clean removed falls in two kinds. Injected spam (related links, "read more", newsletter
appeals, off-topic headlines) is listed line by line: it says something about the outlet.
Page furniture (the title repeated as the first line of the body, share buttons, copyright
lines) is no spam and would bury it, so it is counted per kind, not listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

VERDICT_LABEL = {
    "agree": "agree",
    "compatible": "compatible",
    "conflict": "conflict",
    "single_source": "single source",
}


@dataclass
class Side:
    """One article's side of a difference: its exact sentence and the words that differ."""

    number: int
    outlet: str
    sentence: str
    claim: str
    copies: list[int] = field(default_factory=list)  # syndicated copies saying the same


@dataclass
class Wording:
    text: str
    speaker: str
    numbers: list[int]


# Reasons of clean that are page furniture rather than injected content, as a reader says it.
FURNITURE = {
    "duplicate-title": "title repeated as the first line",
    "duplicate-paragraph": "paragraph printed twice",
    "social-share": "share buttons",
    "author-contact": "author contact line",
    "copyright": "copyright notice",
    "credit": "photo or agency credit",
    "boilerplate": "page boilerplate",
}


@dataclass
class Spam:
    """One injected line removed from an article."""

    number: int
    outlet: str
    reason: str
    text: str


@dataclass
class Furniture:
    """One kind of page furniture and the articles it was removed from."""

    label: str
    count: int
    numbers: list[int]


@dataclass
class StoryView:
    story: dict
    numbers: dict[str, int]
    outlets: dict[str, str]
    agreed: list[dict] = field(default_factory=list)  # figures and dates
    agreed_statements: list[dict] = field(default_factory=list)
    differences: list[tuple[dict, list[Side]]] = field(default_factory=list)
    single: list[dict] = field(default_factory=list)
    quotes: list[tuple[dict, list[Wording]]] = field(default_factory=list)
    coverage: list[dict] = field(default_factory=list)
    spam: list[Spam] = field(default_factory=list)
    furniture: list[Furniture] = field(default_factory=list)
    independent: int = 0

    def cite(self, article_ids: list[str]) -> list[int]:
        return sorted({self.numbers[a] for a in article_ids if a in self.numbers})


def view(story: dict) -> StoryView:
    articles = story.get("articles", [])
    v = StoryView(
        story=story,
        numbers={a["id"]: i + 1 for i, a in enumerate(articles)},
        outlets={a["id"]: a.get("outlet") or a["id"] for a in articles},
    )
    v.independent = sum(1 for a in articles if not a.get("duplicate_of"))
    claims = {c["id"]: c for c in story.get("claims", [])}
    for check in story.get("checks", []):
        verdict = check["verdict"]
        if check["kind"] == "quote":
            v.quotes.append((check, _wordings(check, claims, v)))
        elif verdict == "conflict":
            v.differences.append((check, _sides(check, claims, v)))
        elif verdict == "single_source":
            v.single.append(check)
        elif check["kind"] == "statement":
            v.agreed_statements.append(check)
        else:
            v.agreed.append(check)
    v.agreed.sort(key=lambda k: -k["independent_sources"])
    v.agreed_statements.sort(key=lambda k: -k["independent_sources"])
    # figures and dates first: they are what a reader checks; statements after
    v.single.sort(key=lambda k: k["kind"] == "statement")
    v.quotes.sort(key=lambda q: (q[0]["verdict"] != "conflict", -q[0]["independent_sources"]))
    v.spam, v.furniture = _removed(articles, v.numbers, v.outlets)
    key = {k["id"]: k for k in story.get("checks", [])}
    for row in story.get("coverage", []):
        v.coverage.append({
            **row,
            "number": v.numbers.get(row["article_id"], 0),
            "omitted": [key[i] for i in row.get("omits", []) if i in key],
        })
    return v


def _removed(articles: list[dict], numbers: dict[str, int],
             outlets: dict[str, str]) -> tuple[list[Spam], list[Furniture]]:
    """Removed lines split into spam (listed) and page furniture (counted per kind)."""
    spam: list[Spam] = []
    furniture: dict[str, Furniture] = {}
    for a in articles:
        for r in a.get("removed", []):
            label = FURNITURE.get(r.get("reason", ""))
            if label is None:  # an unknown reason is shown, never hidden
                spam.append(Spam(numbers[a["id"]], outlets[a["id"]], r.get("reason", ""),
                                 " ".join(str(r.get("text", "")).split())))
                continue
            kind = furniture.setdefault(label, Furniture(label, 0, []))
            kind.count += 1
            if numbers[a["id"]] not in kind.numbers:
                kind.numbers.append(numbers[a["id"]])
    return spam, list(furniture.values())


def brackets(numbers: list[int]) -> str:
    """Article numbers as the text formats cite them: [1][3]."""
    return "".join(f"[{n}]" for n in numbers)


def furniture_line(v: StoryView) -> str:
    """"title repeated as the first line [1][2]; share buttons (3) [4]": one line for all."""
    parts = []
    for f in v.furniture:
        times = f" ({f.count}×)" if f.count > len(f.numbers) else ""
        parts.append(f"{f.label}{times} {brackets(f.numbers)}")
    return "; ".join(parts)


def short(check: dict, words: int = 10) -> str:
    """A check named in a few words: its ``about``, or the start of its statement."""
    text = check["about"] if check["kind"] != "statement" else check["consensus"]
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _sides(check: dict, claims: dict[str, dict], v: StoryView) -> list[Side]:
    """One side per original article; a syndicated copy's identical sentence joins its
    original's side as a citation instead of repeating the words."""
    copy_of = {a["id"]: a.get("duplicate_of") for a in v.story.get("articles", [])}
    found = [c for cid in check["claim_ids"] if (c := claims.get(cid)) is not None]
    found.sort(key=lambda c: bool(copy_of.get(c["article_id"])))  # originals first
    sides: list[Side] = []
    for c in found:
        sentence = c.get("sentence") or c["text"]
        number = v.numbers.get(c["article_id"], 0)
        same = next((s for s in sides if s.sentence == sentence and s.claim == c["text"]), None)
        if same is not None:
            if number != same.number and number not in same.copies:
                same.copies.append(number)
            continue
        sides.append(Side(number=number, outlet=v.outlets.get(c["article_id"], c["article_id"]),
                          sentence=sentence, claim=c["text"]))
    sides.sort(key=lambda s: s.number)
    return sides


def _wordings(check: dict, claims: dict[str, dict], v: StoryView) -> list[Wording]:
    found: dict[tuple[str, str], Wording] = {}
    for cid in check["claim_ids"]:
        c = claims.get(cid)
        if c is None:
            continue
        speaker = c.get("speaker") or c.get("speaker_description") or "unnamed"
        if c.get("speaker") and c.get("attribution") in ("pronoun", "previous"):
            speaker += " (inferred)"  # "he said" resolved by us, not named by the outlet
        w = found.setdefault((c["text"].strip(), speaker),
                             Wording(text=c["text"].strip(), speaker=speaker, numbers=[]))
        n = v.numbers.get(c["article_id"])
        if n and n not in w.numbers:
            w.numbers.append(n)
    return list(found.values())


def headline(v: StoryView) -> str:
    """One line: how many articles and sources, and the verdict counts."""
    articles = len(v.story.get("articles", []))
    counts = v.story.get("counts") or {}
    parts = [f"{articles} article{'s' if articles != 1 else ''} from {v.independent} "
             f"independent source{'s' if v.independent != 1 else ''}"]
    for verdict in ("agree", "compatible", "conflict", "single_source"):
        if counts.get(verdict):
            parts.append(f"{counts[verdict]} {VERDICT_LABEL[verdict]}")
    return " · ".join(parts)
