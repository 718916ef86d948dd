"""The command line as a user runs it: real processes, exit codes, one line per bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def run(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "consilience", *args], cwd=cwd, input=stdin,
                          capture_output=True, timeout=300)


def test_add_then_articles_lists_outlets_and_duplicates(tmp_path):
    done = run("add", str(EXAMPLES), "--db", "x.db", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert b"5 added, 0 already stored, 1 marked as duplicates, 0 failed" in done.stderr
    listed = run("articles", "--db", "x.db", "--json", cwd=tmp_path)
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert {r["outlet"] for r in rows} >= {"Continental Press", "Kessel Daily Herald",
                                           "The Meridian Observer", "Island Voice"}
    copy = next(r for r in rows if r["outlet"] == "Kessel Daily Herald")
    wire = next(r for r in rows if r["outlet"] == "Continental Press")
    assert copy["duplicate_of"] == wire["id"]


def test_bad_inputs_give_one_line_each_and_nonzero_exit(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blob.txt").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    done = run("add", "empty.txt", "blob.txt", "nowhere.html",
               str(EXAMPLES / "sanvera-quake.jsonl"), "--db", "x.db", cwd=tmp_path)
    assert done.returncode == 1
    errors = done.stderr.decode()
    assert "Traceback" not in errors
    failed = [line for line in errors.splitlines() if line.startswith("failed:")]
    assert len(failed) == 3
    assert any("empty.txt" in line and "empty" in line.split("empty.txt", 1)[1] for line in failed)
    assert any("blob.txt" in line and "PDF" in line for line in failed)
    assert any("nowhere.html" in line for line in failed)
    assert "2 added" in errors


def test_extract_jsonl_has_the_documented_fields(tmp_path):
    done = run("extract", str(EXAMPLES / "newsbuzz-daily-quake.txt"), "--jsonl", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    (row,) = [json.loads(line) for line in done.stdout.splitlines()]
    for key in ("source", "title", "outlet", "published", "text", "removed"):
        assert key in row
    assert row["title"] == "Aldoria Earthquake: Everything We Know So Far"
    reasons = {r["reason"] for r in row["removed"]}
    assert "related-link" in reasons
    assert all(r["text"] not in row["text"] for r in row["removed"] if len(r["text"]) > 40)


def test_extract_reads_standard_input(tmp_path):
    text = (b"Library reopens after flood repairs\n\nThe central library of Dornick reopened "
            b"on Monday after eight months of repairs, the town council said.\n")
    done = run("extract", "-", "--jsonl", cwd=tmp_path, stdin=text)
    assert done.returncode == 0, done.stderr
    (row,) = [json.loads(line) for line in done.stdout.splitlines()]
    assert row["title"] == "Library reopens after flood repairs"


def test_unopenable_database_is_one_clear_line(tmp_path):
    (tmp_path / "x.db").write_text("not a database " * 200)
    done = run("articles", "--db", "x.db", cwd=tmp_path)
    assert done.returncode == 1
    assert b"Traceback" not in done.stderr
    assert b"x.db: cannot open database" in done.stderr


def test_ctrl_c_mid_batch_leaves_a_consistent_database_and_rerun_finishes(tmp_path):
    import signal
    import sqlite3
    import time

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(150):
        (folder / f"report-{i:03d}.txt").write_text(
            f"Ferry timetable changes in port number {i}\n\nThe harbour office of port {i} "
            f"said on Monday that the morning ferry would leave {i % 50 + 5} minutes later "
            f"from next week, after complaints from {i * 7 + 20} commuters about missed "
            "connections with the regional trains.\n", encoding="utf-8")
    db = tmp_path / "x.db"
    proc = subprocess.Popen([sys.executable, "-m", "consilience", "add", str(folder), "--db",
                             str(db)], cwd=tmp_path, stderr=subprocess.PIPE)
    stored = 0
    deadline = time.monotonic() + 120
    while stored < 5 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=5) as conn:
                    stored = conn.execute("select count(*) from articles").fetchone()[0]
            except sqlite3.OperationalError:  # schema not created yet
                pass
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert b"Traceback" not in stderr
    if proc.returncode == 130:  # the batch was still running when interrupted
        assert b"interrupted" in stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        rows = conn.execute("select count(*) from articles").fetchone()[0]
        orphans = conn.execute("select count(*) from removed where article_id not in "
                               "(select id from articles)").fetchone()[0]
    assert rows >= 5 and orphans == 0
    done = run("add", str(folder), "--db", str(db), cwd=tmp_path)
    assert done.returncode == 0
    assert f" {rows} already stored".encode() in done.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from articles").fetchone()[0] == 150
