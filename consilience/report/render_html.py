"""The report as one self-contained HTML file: inline CSS, no scripts, nothing from the network.

The template (``consilience/templates/report.html.j2``) is rendered with autoescaping on:
article text is untrusted input. Citations link to the articles within the page; each
article's full text is shown with the figures, dates and quotes the cross-check compared
marked in the colour of their verdict.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from consilience.report.view import (
    FURNITURE,
    VERDICT_LABEL,
    StoryView,
    headline,
    short,
    view,
)

_MARKED = {"quantity", "money", "count", "date", "quote"}


@lru_cache(maxsize=1)
def _template():
    import jinja2  # deferred: only the HTML output needs it

    text = (resources.files("consilience") / "templates" / "report.html.j2").read_text(
        encoding="utf-8")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=False, lstrip_blocks=False)
    return env.from_string(text)


def render_html(report: dict, *, title: str = "Briefing") -> str:
    """The whole report as one HTML document."""
    stories = []
    for story in report.get("stories", []):
        v = view(story)
        key_facts = len({i for row in story.get("coverage", [])
                         for i in row.get("reports", []) + row.get("omits", [])})
        stories.append({"v": v, "headline": headline(v), "key_facts": key_facts,
                        "articles": _articles(v)})
    return _template().render(title=title, stories=stories, labels=VERDICT_LABEL, short=short,
                              schema=report.get("schema", ""))


def _articles(v: StoryView) -> list[dict]:
    marks = _marks(v.story)
    out = []
    for a in v.story.get("articles", []):
        data = dict(a)
        if not str(data.get("url") or "").startswith(("http://", "https://")):
            data["url"] = None  # never turn a stored string into a javascript: link
        removed = a.get("removed", [])
        out.append({
            "data": data,
            "spam": [r for r in removed if r.get("reason") not in FURNITURE],
            "furniture": list(dict.fromkeys(FURNITURE[r["reason"]] for r in removed
                                            if r.get("reason") in FURNITURE)),
            "number": v.numbers[a["id"]],
            "original": v.numbers.get(a.get("duplicate_of") or "", "?"),
            "words": len(a.get("text", "").split()),
            "paragraphs": _paragraphs(a.get("text", ""), marks.get(a["id"], [])),
        })
    return out


def _marks(story: dict) -> dict[str, list[tuple[int, int, str, str]]]:
    """Per article: (start, end, verdict, tooltip) of compared claims, without overlaps."""
    claims = {c["id"]: c for c in story.get("claims", [])}
    found: dict[str, list[tuple[int, int, str, str]]] = {}
    for k in story.get("checks", []):
        if k["kind"] not in _MARKED:
            continue
        for cid in k["claim_ids"]:
            c = claims.get(cid)
            if c is not None:
                tip = f"{VERDICT_LABEL[k['verdict']]}: {k['explanation']}"
                found.setdefault(c["article_id"], []).append(
                    (c["start"], c["end"], k["verdict"], tip))
    for aid, spans in found.items():
        spans.sort()
        kept: list[tuple[int, int, str, str]] = []
        for span in spans:
            if not kept or span[0] >= kept[-1][1]:
                kept.append(span)
        found[aid] = kept
    return found


def _paragraphs(text: str, marks: list[tuple[int, int, str, str]]) -> list[list[dict]]:
    """The text cut into paragraphs of plain and marked segments."""
    paras: list[list[dict]] = []
    pos = 0
    for block in text.split("\n"):
        start, end = pos, pos + len(block)
        pos = end + 1
        if not block.strip():
            continue
        segs: list[dict] = []
        cursor = start
        for s, e, verdict, tip in marks:
            if s < start or e > end:
                continue
            if s > cursor:
                segs.append({"text": text[cursor:s], "verdict": None})
            segs.append({"text": text[s:e], "verdict": verdict, "title": tip})
            cursor = e
        if cursor < end:
            segs.append({"text": text[cursor:end], "verdict": None})
        paras.append(segs)
    return paras
