"""The same store on PostgreSQL, through a database URL.

The test starts its own server (initdb + pg_ctl on 127.0.0.1, an ephemeral port) and stops
it; it is skipped where PostgreSQL's server binaries are not installed.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from consilience.pipeline import Consilience
from consilience.records import Analysis, Claim, Mention, Story

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _pg_bin() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return versions[-1].parent if versions else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def pg_url():
    bindir = _pg_bin()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries are not installed")
    # not under pytest's tmp folder: that one is private to our user, and the server may
    # have to run as another (initdb refuses to run as root)
    top = Path(tempfile.mkdtemp(prefix="consilience-pg-"))
    data = top / "data"
    port = _free_port()
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_user:
        shutil.chown(top, "postgres")
    subprocess.run([*as_user, str(bindir / "initdb"), "-D", str(data), "-A", "trust",
                    "-U", "consilience", "--no-sync"], check=True, capture_output=True)
    subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-w", "-l",
                    str(data / "log"), "-o",
                    f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off",
                    "start"], check=True, capture_output=True)
    try:
        yield f"postgresql://consilience@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast",
                        "stop"], capture_output=True)
        shutil.rmtree(top, ignore_errors=True)


def test_articles_claims_and_stories_round_trip_on_postgres(pg_url):
    c = Consilience(pg_url)
    summary = c.add([str(EXAMPLES)])
    assert summary.failed == [] and summary.added + summary.duplicates == 6
    again = Consilience(pg_url).add([str(EXAMPLES)])
    assert again.skipped == 6 and again.added == 0
    by_outlet = {a.outlet: a for a in c.articles()}
    wire, copy = by_outlet["Continental Press"], by_outlet["Kessel Daily Herald"]
    assert copy.duplicate_of == wire.id
    start = wire.text.index("Elena Varga")
    claim = Claim(article_id=wire.id, kind="quote", text=wire.text[start:start + 11],
                  start=start, end=start + 11, speaker="Elena Varga").ensure_id()
    c.store.save_analysis(Analysis(article_id=wire.id, language="en", analyzed=True,
                                   sentences=[(0, 10)], claims=[claim], mentions=[Mention(
                                       text="Elena Varga", start=start, end=start + 11,
                                       label="PERSON", canonical="Elena Varga")]), "test")
    got = c.store.analyses([wire.id])[wire.id]
    assert got.claims[0].speaker == "Elena Varga" and got.sentences == [(0, 10)]
    c.store.save_stories([Story(id="s1", title="quake", article_ids=[wire.id, copy.id])])
    assert sorted(c.stories()[0].article_ids) == sorted([wire.id, copy.id])
