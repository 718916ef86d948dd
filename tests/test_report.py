"""The report: the consilience.report/1 contract and what each rendering shows a reader.

Fictional story: a dam spillway gate failed at Lake Orvend in the (fictional) Hesk valley.
"""

from __future__ import annotations

import json
import re

import pytest
from rich.console import Console

from consilience.records import Removed
from consilience.report import build_report, render_html, render_markdown, render_terminal

pytestmark = pytest.mark.usefixtures("sentence_encoder")

LEDGER = (
    "A spillway gate of the Orvend dam failed on 3 March, flooding farms in the Hesk valley. "
    "About 1,200 residents were evacuated from four villages. "
    "The water rose by 2 metres in the village of Sarn within an hour. "
    "“We saw the gate bend like paper,” said dam engineer Pia Lund."
)
WIRE = (
    "The Orvend dam's spillway gate gave way in March, and farms in the Hesk valley were "
    "flooded. "
    "Officials evacuated 3,400 residents from the valley's villages. "
    "“We watched the gate bend like paper,” engineer Pia Lund told reporters. "
    "The operator, Hesk Power, has declined to comment."
)
COURIER = (
    "Farms in the Hesk valley flooded after a spillway gate at the Orvend dam failed. "
    "The river crested at 6.5 feet in Sarn. "
    "Hesk Power has promised an inquiry."
)


@pytest.fixture
def report(story_kit):
    ledger = story_kit.article("Hesk Ledger", LEDGER, published="2032-03-04")
    wire = story_kit.article("Northgate Wire", WIRE, published="2032-03-05", removed=[
        Removed(text="📖 Related: Ten best lakes for a summer swim", reason="related-link")])
    copy = story_kit.article("Quillfield Daily", WIRE, published="2032-03-05", duplicate_of=wire)
    courier = story_kit.article("Valmora Courier <b>", COURIER, published="2032-03-05")
    story_kit.claim(ledger, "on 3 March", "date", date="2032-03-03", precision="day",
              about="spillway gate failed")
    for art in (wire, copy):
        story_kit.claim(art, "in March", "date", date="2032-03", precision="month",
                  about="spillway gate failed")
        story_kit.figure(art, "3,400 residents", 3400, None, kind="count",
                   about="residents evacuated")
        story_kit.claim(art, "We watched the gate bend like paper", "quote", speaker="Pia Lund")
    story_kit.figure(ledger, "About 1,200 residents", 1200, None, kind="count", qualifier="about",
               about="residents evacuated")
    story_kit.figure(ledger, "2 metres", 2, "m", about="rise of the water in Sarn")
    story_kit.figure(courier, "6.5 feet", 6.5, "ft", about="rise of the water in Sarn")
    story_kit.claim(ledger, "We saw the gate bend like paper", "quote", speaker="Pia Lund")
    for art in (ledger, wire, copy, courier):
        story_kit.every_sentence(art)
    checks = story_kit.check()
    parts = [(story_kit.story("Orvend dam gate fails"), list(story_kit.articles),
              list(story_kit.analyses.values()), checks)]
    return build_report(parts)


def story_of(report):
    return report["stories"][0]


def check_with(story, text, kind=None):
    claims = {c["id"]: c for c in story["claims"]}
    return next(k for k in story["checks"] if kind in (None, k["kind"])
                and any(text in claims[i]["text"] for i in k["claim_ids"]))


# --------------------------------------------------------------------------- the JSON contract


def test_contract_shape(report):
    assert report["schema"] == "consilience.report/1"
    story = story_of(report)
    assert {"id", "title", "articles", "claims", "checks", "summary", "timeline"} <= set(story)
    for a in story["articles"]:
        assert {"id", "outlet", "url", "source", "title", "published", "language",
                "duplicate_of", "text", "removed"} <= set(a)
    for c in story["claims"]:
        assert {"id", "article_id", "kind", "text", "start", "end", "about", "value", "unit",
                "qualifier", "normalized", "speaker"} <= set(c)
    for k in story["checks"]:
        assert {"id", "kind", "about", "verdict", "claim_ids", "article_ids",
                "independent_sources", "consensus", "explanation"} <= set(k)
    for s in story["summary"]:
        assert set(s) >= {"text", "article_ids"}
    for t in story["timeline"]:
        assert set(t) >= {"date", "text", "article_ids"}
    assert json.loads(json.dumps(report)) == report


def test_claim_spans_point_into_the_clean_text(report):
    story = story_of(report)
    texts = {a["id"]: a["text"] for a in story["articles"]}
    for c in story["claims"]:
        assert texts[c["article_id"]][c["start"]:c["end"]] == c["text"]
        assert c["text"] in c["sentence"]


def test_removed_spam_is_kept_in_the_report(report):
    wire = story_of(report)["articles"][1]
    assert wire["removed"][0]["reason"] == "related-link"
    assert "Related" in wire["removed"][0]["text"]


def test_verdicts_in_the_report(report):
    story = story_of(report)
    evac = check_with(story, "3,400 residents", "count")
    assert evac["verdict"] == "conflict"
    water = check_with(story, "6.5 feet", "quantity")
    assert water["verdict"] == "agree" and water["independent_sources"] == 2
    quote = check_with(story, "bend like paper", "quote")
    assert quote["verdict"] == "compatible" and quote["independent_sources"] == 2
    declined = check_with(story, "declined to comment")
    assert declined["verdict"] == "single_source" and declined["independent_sources"] == 1
    assert len(declined["article_ids"]) == 2  # the wire and its copy


def test_timeline_is_dated_sorted_and_cited(report):
    timeline = story_of(report)["timeline"]
    assert timeline
    assert [t["date"] for t in timeline] == sorted(t["date"] for t in timeline)
    gate = timeline[0]
    assert gate["date"] == "2032-03-03"  # the most precise date of the compatible ones
    assert "spillway gate" in gate["text"]
    assert len(gate["article_ids"]) == 3


def test_coverage_names_what_each_outlet_leaves_out(report):
    story = story_of(report)
    coverage = {row["outlet"]: row for row in story["coverage"]}
    courier = coverage["Valmora Courier <b>"]
    quote = check_with(story, "bend like paper", "quote")
    assert quote["id"] in courier["omits"]
    assert quote["id"] in coverage["Hesk Ledger"]["reports"]


# --------------------------------------------------------------------------- renderings


def test_markdown_sections_and_citations(report):
    md = render_markdown(report)
    for heading in ("## Orvend dam gate fails", "### Summary", "### Agreed facts",
                    "### Differences", "### Single-source claims", "### Quotes",
                    "### Timeline", "### Coverage by outlet", "### Removed from articles"):
        assert heading in md
    assert re.search(r"^- .+ \[\d\](\[\d\])*$", md, re.MULTILINE)  # cited summary lines
    diff = md.split("### Differences")[1].split("\n### ")[0]
    assert "**Northgate Wire** [2]: “Officials evacuated 3,400 residents" in diff
    assert "**Hesk Ledger** [1]: “About 1,200 residents" in diff
    assert "📖 Related: Ten best lakes for a summer swim" in md


def test_html_is_self_contained_escaped_and_linked(report):
    page = render_html(report)
    assert page.startswith("<!doctype html>")
    assert "<script" not in page.lower()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "Valmora Courier &lt;b&gt;" in page and "Valmora Courier <b>" not in page
    targets = set(re.findall(r'href="#([^"]+)"', page))
    ids = set(re.findall(r'id="([^"]+)"', page))
    assert targets and targets <= ids
    assert "Officials evacuated 3,400 residents from the valley" in page
    assert "Ten best lakes" in page
    # the compared figures are marked in each article's text, coloured by verdict
    assert re.search(r'<mark class="m-conflict" title="conflict: [^"]*">3,400 residents</mark>',
                     page)
    assert re.search(r'<mark class="m-agree" [^>]*>6.5 feet</mark>', page)


def test_terminal_briefing(report):
    console = Console(record=True, width=140, color_system=None)
    render_terminal(report, console)
    out = console.export_text()
    assert "Orvend dam gate fails" in out
    assert "Summary" in out and "Differences" in out and "Coverage by outlet" in out
    assert "3,400 residents" in out
    assert "conflict" in out
    assert "related-link: 📖 Related: Ten best lakes" in out


def test_renderings_from_json_match(report):
    again = json.loads(json.dumps(report))
    assert render_markdown(again) == render_markdown(report)
    assert render_html(again) == render_html(report)


def test_empty_report_renders():
    empty = build_report([])
    assert empty == {"schema": "consilience.report/1", "stories": []}
    assert "No stories." in render_markdown(empty)
    assert "No stories." in render_html(empty)


# --------------------------------------------------------------------------- what a reader sees


@pytest.fixture
def furnished(story_kit):
    """Two reports whose title was repeated as their first line; one also carried spam."""
    ledger = story_kit.article("Hesk Ledger", LEDGER, published="2032-03-04", removed=[
        Removed(text="Orvend dam gate fails", reason="duplicate-title")])
    wire = story_kit.article("Northgate Wire", WIRE, published="2032-03-05", removed=[
        Removed(text="Dam gate gives way at Lake Orvend", reason="duplicate-title"),
        Removed(text="👉 Read more: Ten best lakes for a summer swim", reason="read-more"),
        Removed(text="Share on social media", reason="social-share"),
        Removed(text="Share this story", reason="social-share")])
    for art in (ledger, wire):
        story_kit.every_sentence(art)
    parts = [(story_kit.story("Orvend dam gate fails"), list(story_kit.articles),
              list(story_kit.analyses.values()), story_kit.check())]
    return build_report(parts)


def test_page_furniture_is_counted_and_spam_listed(furnished):
    md = render_markdown(furnished)
    removed = md.split("### Removed from articles")[1]
    assert "read-more: “👉 Read more: Ten best lakes for a summer swim”" in removed
    assert ("Page furniture, not spam: title repeated as the first line [1][2]; "
            "share buttons (2×) [2].") in removed
    assert "Dam gate gives way at Lake Orvend" not in removed  # counted, not listed
    console = Console(record=True, width=140, color_system=None)
    render_terminal(furnished, console)
    out = console.export_text()
    assert "read-more: 👉 Read more: Ten best lakes" in out
    assert "Page furniture, not spam: title repeated as the first line [1][2]" in out
    assert "duplicate-title" not in out
    page = render_html(furnished)
    assert "duplicate-title" not in page
    assert re.search(r"Page furniture, not spam: title repeated as the first line"
                     r'<a class="cite" href="#s0-a1">\[1\]</a>', page)


def test_summary_entries_point_at_their_exact_words(report):
    story = story_of(report)
    texts = {a["id"]: a["text"] for a in story["articles"]}
    for entry in story["summary"]:
        where = entry["extract"]
        assert where["article_id"] in entry["article_ids"]
        assert texts[where["article_id"]][where["start"]:where["end"]] == entry["text"]


def test_figures_are_named_by_their_clause_when_the_about_is_bare(story_kit):
    a = story_kit.article("Hesk Ledger", "Officials said 140 people were treated in hospital.")
    b = story_kit.article("Northgate Wire", "The gate failure left 140 people in hospital.")
    for art in (a, b):
        story_kit.figure(art, "140 people", 140, None, kind="count", about="people")
    parts = [(story_kit.story(), list(story_kit.articles), list(story_kit.analyses.values()),
              story_kit.check())]
    check = next(k for k in story_of(build_report(parts))["checks"] if k["kind"] == "count")
    assert check["verdict"] == "agree"
    assert check["about"] == "140 people were treated in hospital"


def test_terminal_wraps_long_lines_inside_the_panel(report):
    # the CLI's console soft-wraps by default; the briefing must still wrap in its panel
    console = Console(record=True, width=60, color_system=None, soft_wrap=True)
    render_terminal(report, console)
    lines = console.export_text().splitlines()
    assert all(len(line) <= 60 for line in lines)
    flat = " ".join(" ".join(line.strip("│ ").split()) for line in lines)
    summary = flat.split("Summary", 1)[1].split("Agreed facts", 1)[0]
    for entry in story_of(report)["summary"]:
        assert " ".join(entry["text"].split()) in summary  # whole, not cropped at the border


def test_a_copy_joins_its_original_side_of_a_difference(report):
    diff = render_markdown(report).split("### Differences")[1].split("\n### ")[0]
    assert "(also in copies [3])" in diff
    assert "**Quillfield Daily**" not in diff  # its words are the wire's: not said twice
