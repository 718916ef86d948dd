"""The report in the terminal: one Rich panel per story, tables for the sections.

The terminal shows the briefing at a glance; long lists (single-source statements, the
timeline) are cut with a count of what is left, since the HTML and JSON hold everything.
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from consilience.report.view import (
    VERDICT_LABEL,
    StoryView,
    brackets,
    furniture_line,
    headline,
    short,
    view,
)

STYLE = {"agree": "green", "compatible": "yellow", "conflict": "bold red",
         "single_source": "dim"}
MAX_ROWS = 12


def _verdict(verdict: str) -> Text:
    return Text(VERDICT_LABEL[verdict], style=STYLE[verdict])


def render_terminal(report: dict, console: Console) -> None:
    """Print every story of the report to ``console``."""
    stories = report.get("stories", [])
    if not stories:
        console.print("No stories.")
    for story in stories:
        v = view(story)
        # soft_wrap off whatever the console's default: a panel's lines must wrap inside it,
        # not run past its border and be cropped
        console.print(Panel(Group(*_story(v)), title=Text(story.get("title") or "Untitled story",
                                                          style="bold"),
                            subtitle=headline(v), title_align="left", subtitle_align="left"),
                      soft_wrap=False)


def _more(rows: int) -> Text:
    return Text(f"… and {rows} more (see the HTML or JSON report)", style="dim italic")


def _story(v: StoryView) -> list:
    parts: list = []
    summary = v.story.get("summary", [])
    if summary:
        text = Text()
        for i, s in enumerate(summary):
            text.append(f"{i + 1}. {' '.join(s['text'].split())} ")
            text.append(brackets(v.cite(s["article_ids"])), style="cyan")
            text.append("\n")
        parts += [Text("Summary", style="bold underline"), text]
    if v.agreed:
        table = Table("Fact", "Consensus", "Verdict", "Src", "Articles", title="Agreed facts",
                      title_justify="left", expand=True)
        for k in v.agreed[:MAX_ROWS]:
            table.add_row(k["about"], k["consensus"], _verdict(k["verdict"]),
                          str(k["independent_sources"]), brackets(v.cite(k["article_ids"])))
        parts.append(table)
        if len(v.agreed) > MAX_ROWS:
            parts.append(_more(len(v.agreed) - MAX_ROWS))
    if v.agreed_statements:
        table = Table("Statement", "Src", "Articles", title="Agreed statements",
                      title_justify="left", expand=True)
        for k in v.agreed_statements[:MAX_ROWS]:
            table.add_row(" ".join(k["consensus"].split()), str(k["independent_sources"]),
                          brackets(v.cite(k["article_ids"])))
        parts.append(table)
        if len(v.agreed_statements) > MAX_ROWS:
            parts.append(_more(len(v.agreed_statements) - MAX_ROWS))
    parts += _differences(v)
    parts += _quotes(v)
    parts += _single(v)
    parts += _timeline(v)
    parts += _coverage(v)
    parts += _removed(v)
    return parts


def _removed(v: StoryView) -> list:
    """What clean took out of the articles: spam line by line, page furniture counted."""
    if not v.spam and not v.furniture:
        return []
    text = Text()
    for r in v.spam[:MAX_ROWS]:
        text.append(f"[{r.number}] {r.reason}: ", style="bold")
        text.append(r.text[:120] + "\n")
    if len(v.spam) > MAX_ROWS:
        text.append(f"… and {len(v.spam) - MAX_ROWS} more (see the HTML or JSON report)\n",
                    style="dim italic")
    if not v.spam:
        text.append("No injected spam found.\n")
    if v.furniture:
        text.append(f"Page furniture, not spam: {furniture_line(v)}\n", style="dim")
    return [Text("Removed from articles", style="bold underline"), text]


def _differences(v: StoryView) -> list:
    if not v.differences:
        return []
    table = Table("About", "Outlet", "What it says", title="Differences", title_justify="left",
                  expand=True, show_lines=True)
    for k, sides in v.differences:
        for i, side in enumerate(sides):
            sentence = Text(" ".join(side.sentence.split()))
            sentence.highlight_words([side.claim], style="bold red")
            copies = f" (also {brackets(side.copies)})" if side.copies else ""
            table.add_row(k["about"] if i == 0 else "", f"{side.outlet} [{side.number}]{copies}",
                          sentence)
    return [table]


def _quotes(v: StoryView) -> list:
    if not v.quotes:
        return []
    table = Table("Speaker", "Wordings", "Verdict", title="Quotes", title_justify="left",
                  expand=True, show_lines=True)
    for k, wordings in v.quotes[:MAX_ROWS]:
        text = Text()
        for w in wordings:
            text.append(f"“{' '.join(w.text.split())}” ")
            text.append(f"{w.speaker} {brackets(w.numbers)}\n", style="cyan")
        table.add_row(k["about"].removeprefix("quote by "), text, _verdict(k["verdict"]))
    out: list = [table]
    if len(v.quotes) > MAX_ROWS:
        out.append(_more(len(v.quotes) - MAX_ROWS))
    return out


def _single(v: StoryView) -> list:
    figures = [k for k in v.single if k["kind"] != "statement"]
    if not figures:
        return []
    table = Table("Kind", "Claim", "About", "Article", title="Single-source figures and dates",
                  title_justify="left", expand=True)
    for k in figures[:MAX_ROWS]:
        table.add_row(k["kind"], k["consensus"], k["about"], brackets(v.cite(k["article_ids"])))
    out: list = [table]
    statements = len(v.single) - len(figures)
    rest = len(figures) - MAX_ROWS
    if rest > 0 or statements:
        out.append(Text(f"… {max(rest, 0)} more figures and {statements} single-source "
                        "statements in the HTML and JSON reports", style="dim italic"))
    return out


def _timeline(v: StoryView) -> list:
    items = v.story.get("timeline", [])
    if not items:
        return []
    table = Table("Date", "Event", "Articles", title="Timeline", title_justify="left",
                  expand=True)
    for t in items[:MAX_ROWS]:
        table.add_row(t["date"], " ".join(t["text"].split()), brackets(v.cite(t["article_ids"])))
    out: list = [table]
    if len(items) > MAX_ROWS:
        out.append(_more(len(items) - MAX_ROWS))
    return out


def _coverage(v: StoryView) -> list:
    if not v.coverage:
        return []
    table = Table("#", "Outlet", "Key facts", "Leaves out", "Removed", title="Coverage by outlet",
                  title_justify="left", expand=True)
    removed = {a["id"]: len(a.get("removed", [])) for a in v.story.get("articles", [])}
    total = len({i for row in v.coverage for i in row["reports"] + row["omits"]})
    for row in v.coverage:
        left = "; ".join(short(k, 8) for k in row["omitted"][:4])
        if len(row["omitted"]) > 4:
            left += f"; … {len(row['omitted']) - 4} more"
        table.add_row(str(row["number"]), row["outlet"], f"{len(row['reports'])} of {total}",
                      left or "—", str(removed.get(row["article_id"], 0)))
    return [table]
