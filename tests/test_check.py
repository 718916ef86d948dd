"""The main job end to end on the shipped examples, as a user of `consilience check` sees it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from consilience.pipeline import Consilience

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """`consilience check examples/` run once as a real process; its outputs."""
    work = tmp_path_factory.mktemp("check")
    done = subprocess.run(
        [sys.executable, "-m", "consilience", "check", str(EXAMPLES), "--db",
         str(work / "c.db"), "--out-dir", str(work / "out"), "--format", "json"],
        capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr.decode()
    return work, json.loads(done.stdout), done.stderr.decode()


def _story(report, word):
    return next(s for s in report["stories"] if word in s["title"] or any(
        word in a["title"] for a in s["articles"]))


def test_writes_all_briefing_formats(checked):
    work, report, stderr = checked
    for name in ("briefing.html", "briefing.md", "briefing.json"):
        assert (work / "out" / name).stat().st_size > 1000
    assert json.loads((work / "out" / "briefing.json").read_text()) == report
    html = (work / "out" / "briefing.html").read_text()
    assert "<script src=" not in html and "http://" not in html.split("<body", 1)[0]
    assert "5 added, 0 already stored, 1 marked as duplicates, 0 failed" in stderr


def test_contract_shape(checked):
    _, report, _ = checked
    assert report["schema"] == "consilience.report/1"
    for story in report["stories"]:
        assert {"id", "title", "articles", "claims", "checks", "summary", "timeline"} <= set(story)
        texts = {a["id"]: a["text"] for a in story["articles"]}
        for a in story["articles"]:
            assert {"id", "outlet", "url", "source", "title", "published", "language",
                    "duplicate_of", "text", "removed"} <= set(a)
        for c in story["claims"]:
            assert texts[c["article_id"]][c["start"]:c["end"]] == c["text"]
            assert c["kind"] in ("quantity", "money", "count", "date", "quote", "statement")
        claim_ids = {c["id"] for c in story["claims"]}
        for check in story["checks"]:
            assert check["verdict"] in ("agree", "compatible", "conflict", "single_source")
            assert set(check["claim_ids"]) <= claim_ids
            assert set(check["article_ids"]) <= set(texts)
        for line in story["summary"] + story["timeline"]:
            assert line["article_ids"] and set(line["article_ids"]) <= set(texts)


def test_two_different_earthquakes_are_two_stories(checked):
    _, report, _ = checked
    assert len(report["stories"]) == 2
    aldoria, sanvera = _story(report, "Aldoria"), _story(report, "Sanvera")
    assert len(aldoria["articles"]) == 4 and len(sanvera["articles"]) == 2


def test_syndicated_copy_counts_once(checked):
    _, report, _ = checked
    story = _story(report, "Aldoria")
    by_outlet = {a["outlet"]: a for a in story["articles"]}
    copy = by_outlet["Kessel Daily Herald"]
    assert copy["duplicate_of"] == by_outlet["Continental Press"]["id"]
    money = [c for c in story["checks"] if c["kind"] == "money" and "150" in c["consensus"]]
    assert money and money[0]["verdict"] == "agree"
    # wire + copy + Observer + content farm: four articles, three independent sources
    assert money[0]["independent_sources"] == 3


def test_spam_is_out_of_the_text_and_shown_as_removed(checked):
    _, report, _ = checked
    farm = next(a for a in _story(report, "Aldoria")["articles"]
                if a["outlet"].startswith("newsbuzz"))
    assert "Celebrity Homes" not in farm["text"] and "Smartphones" not in farm["text"]
    reasons = {r["reason"] for r in farm["removed"]}
    assert {"related-link", "read-more", "newsletter"} <= reasons


def test_quote_given_to_two_speakers_is_flagged(checked):
    _, report, _ = checked
    story = _story(report, "Aldoria")
    quotes = [c for c in story["checks"] if c["kind"] == "quote"]
    critical = next(c for c in quotes if "48 hours" in c["consensus"])
    assert critical["verdict"] == "conflict"
    assert "Tomas Reiner" in critical["explanation"] and "Elena Varga" in critical["explanation"]


def test_story_ids_are_stable_across_runs_and_orders(checked, tmp_path):
    _, report, _ = checked
    first = sorted(s["id"] for s in report["stories"])
    files = sorted(EXAMPLES.iterdir(), reverse=True)
    for f in files:
        shutil.copy(f, tmp_path / f.name)
    c = Consilience(str(tmp_path / "other.db"))
    for f in files:  # one by one, in reverse order
        c.add([str(tmp_path / f.name)])
    c.group()
    assert sorted(s.id for s in c.stories()) == first


def test_checking_again_adds_nothing_and_gives_the_same_report(checked):
    work, report, _ = checked
    done = subprocess.run(
        [sys.executable, "-m", "consilience", "check", str(EXAMPLES), "--db",
         str(work / "c.db"), "--no-files", "--format", "json"],
        capture_output=True, timeout=600)
    assert done.returncode == 0
    assert b"0 added, 6 already stored" in done.stderr
    again = json.loads(done.stdout)
    assert [s["id"] for s in again["stories"]] == [s["id"] for s in report["stories"]]
    assert [c["verdict"] for s in again["stories"] for c in s["checks"]] == \
        [c["verdict"] for s in report["stories"] for c in s["checks"]]
