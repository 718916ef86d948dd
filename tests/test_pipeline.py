"""Adding documents: what a user of `consilience add` / `Consilience.add` observes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from consilience.pipeline import Consilience, extract_documents

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

WIRE = """Dam spillway fails above Vireton, 600 people evacuated

VIRETON (Northern Wire) — The spillway of the Kalna dam gave way on Saturday evening, sending
water into the lower streets of Vireton and forcing about 600 people from their homes, the
regional water authority said.

Engineers had warned for two years that the concrete channel was cracked. The authority said
the main wall of the dam was holding and that the reservoir was being lowered by opening the
bottom gates, at about 40 cubic metres a second.

"We are watching the wall hour by hour," said Ilse Moravec, the authority's chief engineer.
Schools in the town will stay closed on Monday.
"""


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_examples_are_stored_with_syndicated_copy_linked(tmp_path):
    c = Consilience(str(tmp_path / "c.db"))
    summary = c.add([str(EXAMPLES)])
    assert summary.failed == []
    assert summary.added + summary.duplicates == len(c.articles()) == 6
    by_outlet = {a.outlet: a for a in c.articles()}
    wire, copy = by_outlet["Continental Press"], by_outlet["Kessel Daily Herald"]
    assert copy.duplicate_of == wire.id and wire.duplicate_of is None
    farm = next(a for a in c.articles() if a.outlet.startswith("newsbuzz"))
    assert "Related:" not in farm.text and "Read more:" not in farm.text
    assert {r.reason for r in farm.removed} >= {"related-link", "read-more"}


def test_adding_again_changes_nothing(tmp_path):
    db = str(tmp_path / "c.db")
    Consilience(db).add([str(EXAMPLES)])
    before = [(a.id, a.duplicate_of) for a in Consilience(db).articles()]
    again = Consilience(db).add([str(EXAMPLES)])
    assert (again.added, again.duplicates, again.skipped) == (0, 0, 6)
    assert [(a.id, a.duplicate_of) for a in Consilience(db).articles()] == before


def test_copy_added_before_its_original_is_relinked(tmp_path):
    copy_text = WIRE.replace("Dam spillway fails above Vireton, 600 people evacuated",
                             "Vireton flooded as dam spillway collapses") + \
        "\nOur correspondent saw fire engines pumping water from the market square.\n"
    copy = _write(tmp_path / "in", "valley-gazette.txt", copy_text)
    wire = _write(tmp_path / "in", "northern-wire.txt", WIRE)
    c = Consilience(str(tmp_path / "c.db"))
    c.add([str(copy)])
    c.add([str(wire)])  # shorter, same (unknown) date: counts as the original
    arts = {a.outlet: a for a in c.articles()}
    assert arts["valley-gazette"].duplicate_of == arts["northern-wire"].id
    assert arts["northern-wire"].duplicate_of is None


def test_bad_inputs_are_reported_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "in"
    _write(folder, "good.txt", WIRE)
    _write(folder, "empty.txt", "")
    (folder / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    c = Consilience(str(tmp_path / "c.db"))
    summary = c.add([str(folder), str(tmp_path / "missing.txt")])
    assert summary.added == 1
    failed = {Path(f.source).name: f.reason for f in summary.failed}
    assert set(failed) == {"empty.txt", "image.html", "missing.txt"}
    assert "binary" in failed["image.html"]
    assert [a.outlet for a in c.articles()] == ["good"]


def test_interrupted_batch_keeps_what_was_stored_and_rerun_finishes(tmp_path):
    db = str(tmp_path / "c.db")
    inputs = tmp_path / "in"
    shutil.copytree(EXAMPLES, inputs)
    seen = []

    def stop_after_two(outcome):
        seen.append(outcome)
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        Consilience(db).add([str(inputs)], on_outcome=stop_after_two)
    stored = Consilience(db).articles()
    assert len(stored) == 2 and all(a.text for a in stored)
    rest = Consilience(db).add([str(inputs)])
    assert rest.skipped == 2 and rest.added + rest.duplicates == 4
    assert len(Consilience(db).articles()) == 6


def test_extract_documents_needs_no_database(tmp_path):
    path = _write(tmp_path, "northern-wire.txt", WIRE)
    (article,) = list(extract_documents([str(path)]))
    assert article.title == "Dam spillway fails above Vireton, 600 people evacuated"
    assert article.outlet == "northern-wire"
    assert "Ilse Moravec" in article.text
    assert not (tmp_path / "consilience.db").exists()
