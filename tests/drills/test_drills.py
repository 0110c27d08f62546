"""Reliability drills: bad inputs, a crash mid-load, concurrent writers and readers, caps.

Each drill ends in a clear message and an intact warehouse; no good article is lost."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT, SEEDS, query

pytestmark = pytest.mark.usefixtures("prefect_harness")

GOOD = "Officials in Geneva said on Monday that the talks would continue next week."


def _cli(*args, env=None, timeout=300):
    return subprocess.run(
        [sys.executable, "-m", "dateline.cli", *args],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env={**os.environ, **(env or {})},
        timeout=timeout,
    )


def _bad_corpus(root: Path) -> Path:
    d = root / "bad"
    d.mkdir()
    (d / "empty.txt").write_text("")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (d / "latin1.txt").write_bytes(f"{GOOD} It cost £5 in the caf\xe9.".encode("latin-1"))
    (d / "cp1252.txt").write_bytes(f"{GOOD} “Yes,” he said – twice.".encode("cp1252"))
    (d / "bom.txt").write_bytes(b"\xef\xbb\xbf" + f"Ministers met in Oslo. {GOOD}".encode())
    (d / "lines.jsonl").write_text(
        "\n".join(
            [
                json.dumps({"id": "j1", "text": "A first good line about Paris."}),
                '{"id": "j2", "text": broken',
                json.dumps({"id": "j3", "text": "A third good line about Rome."}),
            ]
        )
    )
    (d / "original.txt").write_text(f"Talks in Vienna ended. {GOOD}")
    (d / "zz-copy-of-original.txt").write_text(f"Talks in Vienna ended. {GOOD}")
    (d / "headline-only.txt").write_text("Minister Resigns Over Budget Row\n")
    (d / "unbalanced.txt").write_text(
        f'The minister said "we will never agree and left. {GOOD}\n\nNext paragraph here.'
    )
    (d / "nav.html").write_text("<html><body><nav><a href='/'>Home</a><a href='/b'>Blog</a></nav></body></html>")
    return d


def test_bad_input_corpus(tmp_path):
    bad = _bad_corpus(tmp_path)
    db = tmp_path / "w.duckdb"
    missing = tmp_path / "does-not-exist"
    r = _cli("run", str(bad), str(missing), "--warehouse", str(db), "--allow-missing")
    assert r.returncode == 0, r.stderr[-2000:]
    assert f"error: {missing}: path does not exist" in r.stderr
    ledger = {
        Path(p).name + (f"#{n}" if n else ""): (s, reason)
        for p, n, s, reason in query(db, "select source_path, record_no, status, reason from ingest_ledger")
    }
    assert ledger["empty.txt"] == ("rejected", "empty text")
    assert ledger["binary.txt"] == ("rejected", "binary content (not text)")
    assert ledger["latin1.txt"][0] == "loaded" and "decoded as" in ledger["latin1.txt"][1]
    assert ledger["cp1252.txt"][0] == "loaded" and "cp1252" in ledger["cp1252.txt"][1]
    assert ledger["bom.txt"] == ("loaded", "utf-8 with BOM")
    assert ledger["lines.jsonl#2"][0] == "rejected" and "not valid JSON" in ledger["lines.jsonl#2"][1]
    assert ledger["zz-copy-of-original.txt"][0] == "duplicate"  # files are read in sorted order
    assert "original.txt" in ledger["zz-copy-of-original.txt"][1]
    assert ledger["headline-only.txt"][0] in ("loaded", "rejected")
    assert ledger["nav.html"][0] == "rejected" and "no main text" in ledger["nav.html"][1]
    assert ledger["does-not-exist"] == ("rejected", "path does not exist")
    loaded = {r[0] for r in query(db, "select external_id from dim_article")}
    for name in ("latin1", "cp1252", "bom", "j1", "j3", "original", "unbalanced"):
        assert name in loaded
    # Unbalanced quotation marks never swallow the rest of the article.
    body = query(db, "select body from dim_article where external_id = 'unbalanced'")[0][0]
    spans = query(
        db,
        "select q.end_char - q.start_char from fact_quote q join dim_article a using (article_id) "
        "where a.external_id = 'unbalanced'",
    )
    assert all(n < len(body) for (n,) in spans)


@pytest.mark.slow
def test_fifty_megabyte_single_line_file(tmp_path):
    d = tmp_path / "big"
    d.mkdir()
    words = ("Officials met in Geneva and said the talks went well . " * 10).encode()
    with open(d / "huge.txt", "wb") as fh:
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(words)
    (d / "small.txt").write_text(GOOD)
    db = tmp_path / "w.duckdb"
    r = _cli("run", str(d), "--warehouse", str(db), "--max-article-chars", "20000")
    assert r.returncode == 0, r.stderr[-2000:]
    ((status, reason),) = query(db, "select status, reason from ingest_ledger where source_path like '%huge.txt'")
    assert status == "loaded" and "truncated from" in reason
    assert query(db, "select max(length(body)) from dim_article")[0][0] <= 20000
    # The file-size cap, through the same reader the CLI uses (`--max-file-mb 10`).
    from dateline.sources import Caps, read_inputs

    raw = read_inputs(sorted(d.iterdir()), Caps(max_file_bytes=10 * 1024 * 1024))
    rows = {Path(r["source_path"]).name: r["error"] for r in raw.iter_rows(named=True)}
    assert "over the cap" in rows["huge.txt"] and rows["small.txt"] is None


def test_unreadable_folder(tmp_path, monkeypatch):
    from dateline import sources

    d = tmp_path / "locked"
    d.mkdir()
    (d / "a.txt").write_text(GOOD)
    d.chmod(0)
    try:
        if os.geteuid() == 0:
            # Permission bits don't bind root: make the OS answer as it would for a user.
            real_access = os.access
            monkeypatch.setattr(sources.os, "access", lambda p, m: False if Path(p) == d else real_access(p, m))
        files, problems = sources.discover([d, SEEDS])
        assert problems == [(str(d), "folder is not readable (permission denied)")]
        assert len(files) == 2
    finally:
        d.chmod(0o755)


def _wait_for(path: Path, proc, timeout=240):
    t0 = time.monotonic()
    while not path.exists():
        if proc.poll() is not None:
            raise AssertionError(f"process ended early: {proc.stderr.read()[-3000:]}")
        if time.monotonic() - t0 > timeout:
            raise AssertionError("timed out")
        time.sleep(0.2)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """The seeds loaded once by the CLI; each drill works on its own copy of the file."""
    db = tmp_path_factory.mktemp("seeded") / "w.duckdb"
    r = _cli("run", str(SEEDS), "--warehouse", str(db))
    assert r.returncode == 0, r.stderr[-2000:]
    return db


def _copy(src: Path, dest_dir: Path) -> Path:
    dest = dest_dir / "w.duckdb"
    shutil.copy(src, dest)
    return dest


def test_sigkill_during_load_leaves_previous_run(tmp_path, seeded):
    db = _copy(seeded, tmp_path)
    before = {
        t: query(db, f"select count(*) from {t}")[0][0]
        for t in (
            "dim_article",
            "dim_actor",
            "fact_actor_mention",
            "fact_quote",
            "fact_event",
            "ingest_ledger",
            "etl_run",
        )
    }
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "new.txt").write_text("Secretary of State Mike Pompeo met officials in Tokyo on Monday. " + GOOD)
    flag = tmp_path / "in-load"
    proc = subprocess.Popen(
        [sys.executable, "-m", "dateline.cli", "run", str(SEEDS), str(extra), "--warehouse", str(db)],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "DATELINE_DRILL_PAUSE_IN_LOAD": str(flag)},
        start_new_session=True,
    )
    _wait_for(flag, proc)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    after = {t: query(db, f"select count(*) from {t}")[0][0] for t in before}
    assert after == before
    r = _cli("run", str(SEEDS), str(extra), "--warehouse", str(db))
    assert r.returncode == 0, r.stderr[-2000:]
    assert query(db, "select count(*) from dim_article")[0][0] == 3
    assert query(db, "select count(*) - count(distinct mention_id) from fact_actor_mention")[0][0] == 0
    assert query(db, "select count(*) - count(distinct article_id) from dim_article")[0][0] == 0


def test_second_run_while_loading_is_refused(tmp_path):
    db = tmp_path / "w.duckdb"
    flag = tmp_path / "in-load"
    first = subprocess.Popen(
        [sys.executable, "-m", "dateline.cli", "run", str(SEEDS), "--warehouse", str(db)],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "DATELINE_DRILL_PAUSE_IN_LOAD": str(flag)},
        start_new_session=True,
    )
    try:
        _wait_for(flag, first)
        r = _cli("run", str(SEEDS), "--warehouse", str(db))
        assert r.returncode == 75
        assert "warehouse is locked by another process" in r.stderr and "Traceback" not in r.stderr
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()


def test_reader_holding_the_file_gives_a_clear_message(tmp_path, seeded):
    db = _copy(seeded, tmp_path)
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb,time;c=duckdb.connect({str(db)!r},read_only=True);print('open',flush=True);time.sleep(120)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout.readline().strip() == "open"
        r = _cli("run", str(SEEDS), "--warehouse", str(db))
        assert r.returncode == 75, r.stderr[-2000:]
        assert "warehouse is locked by another process" in r.stderr and "Traceback" not in r.stderr
    finally:
        reader.kill()
        reader.wait()
    assert _cli("run", str(SEEDS), "--warehouse", str(db)).returncode == 0
