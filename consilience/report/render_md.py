"""The report as Markdown: the same sections as the HTML briefing, citations like [1][3].

Article numbers refer to the numbered list of articles at the end of each story.
"""

from __future__ import annotations

from consilience.report.view import (
    VERDICT_LABEL,
    StoryView,
    brackets,
    furniture_line,
    headline,
    short,
    view,
)

MAX_SINGLE_STATEMENTS = 40  # past this, the count is shown and the JSON holds the rest


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _quote(text: str) -> str:
    return " ".join(text.split())


def render_markdown(report: dict) -> str:
    """The whole report as one Markdown document."""
    lines = ["# Briefing", ""]
    stories = report.get("stories", [])
    if not stories:
        lines.append("No stories.")
    for story in stories:
        lines += _story(view(story))
    return "\n".join(lines).rstrip() + "\n"


def _story(v: StoryView) -> list[str]:
    s = v.story
    out = [f"## {s.get('title') or 'Untitled story'}", "", f"*{headline(v)}*", ""]
    if s.get("summary"):
        out += ["### Summary", ""]
        out += [f"- {_quote(x['text'])} {brackets(v.cite(x['article_ids']))}" for x in s["summary"]]
        out.append("")
    if v.agreed or v.agreed_statements:
        out += ["### Agreed facts", ""]
    if v.agreed:
        out += ["| Fact | Consensus | Verdict | Sources | Articles |", "|---|---|---|---|---|"]
        for k in v.agreed:
            out.append(f"| {_cell(k['about'])} | {_cell(k['consensus'])} | "
                       f"{VERDICT_LABEL[k['verdict']]} | {k['independent_sources']} | "
                       f"{brackets(v.cite(k['article_ids']))} |")
        out.append("")
    if v.agreed_statements:
        out += [f"- {_quote(k['consensus'])} — {k['independent_sources']} sources "
                f"{brackets(v.cite(k['article_ids']))}" for k in v.agreed_statements]
        out.append("")
    if v.differences:
        out += ["### Differences", ""]
        for k, sides in v.differences:
            out += [f"#### {_cell(k['about'])}", "", f"{k['explanation']}", ""]
            out += [f"- **{s.outlet}** [{s.number}]: “{_quote(s.sentence)}”"
                    + (f" (also in copies {brackets(s.copies)})" if s.copies else "")
                    for s in sides]
            out.append("")
    out += _single(v)
    out += _quotes(v)
    out += _timeline(v)
    out += _coverage(v)
    out += _articles(v)
    return out


def _single(v: StoryView) -> list[str]:
    if not v.single:
        return []
    out = ["### Single-source claims", ""]
    statements = [k for k in v.single if k["kind"] == "statement"]
    others = [k for k in v.single if k["kind"] != "statement"]
    for k in others:
        out.append(f"- {k['kind']}: **{_cell(k['consensus'])}** — {_cell(k['about'])} "
                   f"{brackets(v.cite(k['article_ids']))}")
    for k in statements[:MAX_SINGLE_STATEMENTS]:
        out.append(f"- {_quote(k['consensus'])} {brackets(v.cite(k['article_ids']))}")
    if len(statements) > MAX_SINGLE_STATEMENTS:
        out.append(f"- … and {len(statements) - MAX_SINGLE_STATEMENTS} more single-source "
                   "statements (all are in the JSON report).")
    return [*out, ""]


def _quotes(v: StoryView) -> list[str]:
    if not v.quotes:
        return []
    out = ["### Quotes", ""]
    for k, wordings in v.quotes:
        out.append(f"- **{_cell(k['about'])}** ({VERDICT_LABEL[k['verdict']]}): "
                   f"{k['explanation']}")
        out += [f"  - “{_quote(w.text)}” — {w.speaker} {brackets(w.numbers)}" for w in wordings]
    return [*out, ""]


def _timeline(v: StoryView) -> list[str]:
    items = v.story.get("timeline", [])
    if not items:
        return []
    out = ["### Timeline", ""]
    out += [f"- **{t['date']}** — {_quote(t['text'])} {brackets(v.cite(t['article_ids']))}"
            for t in items]
    return [*out, ""]


def _coverage(v: StoryView) -> list[str]:
    if not v.coverage:
        return []
    total = len({k["id"] for row in v.coverage for k in row["omitted"]} |
                {i for row in v.coverage for i in row["reports"]})
    out = ["### Coverage by outlet", "", "| # | Outlet | Key facts reported | Leaves out |",
           "|---|---|---|---|"]
    for row in v.coverage:
        left = "; ".join(_cell(short(k)) for k in row["omitted"][:6])
        if len(row["omitted"]) > 6:
            left += f"; … {len(row['omitted']) - 6} more"
        out.append(f"| {row['number']} | {_cell(row['outlet'])} | "
                   f"{len(row['reports'])} of {total} | {left or '—'} |")
    return [*out, ""]


def _articles(v: StoryView) -> list[str]:
    out = ["### Articles", ""]
    for a in v.story.get("articles", []):
        n = v.numbers[a["id"]]
        where = a.get("url") or a.get("source") or ""
        meta = ", ".join(x for x in (a.get("published"), a.get("language")) if x)
        line = f"{n}. **{_cell(a.get('outlet') or '')}** — {_cell(a.get('title') or '')}"
        line += f" ({meta})" if meta else ""
        line += f" <{where}>" if where else ""
        if a.get("duplicate_of"):
            line += f" — syndicated copy of [{v.numbers.get(a['duplicate_of'], '?')}]"
        out.append(line)
    out.append("")
    if v.spam or v.furniture:
        out += ["### Removed from articles", ""]
        out += [f"- [{r.number}] {_cell(r.outlet)} — {r.reason}: “{r.text}”" for r in v.spam]
        if not v.spam:
            out.append("No injected spam found.")
        if v.furniture:
            out += ["", f"Page furniture, not spam: {furniture_line(v)}."]
        out.append("")
    return out
