"""DuckLake drills, with the real parts: an analyst reading while a run loads, time travel,
and the scale-out: a PostgreSQL catalog (a throwaway server) with a real Dask cluster
(scheduler and workers as their own processes), two runs one after the other and then at
the same time."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests import services
from tests.conftest import PROJECT_ROOT, SEEDS
from warehouse import tables as registry
from warehouse.connection import connect

# every keyed table but the run history, with its key (no key may repeat: nothing duplicated)
KEYS = {
    t.name: " || '|' || ".join(f'"{k}"' for k in t.key)
    for t in registry.registry().values()
    if t.key and t.name != "etl_run"
}


def _cli(*args, env=None, timeout=600) -> subprocess.CompletedProcess:
    return subprocess.run(
        _argv(*args), capture_output=True, text=True, cwd=PROJECT_ROOT, env=_env(env), timeout=timeout
    )


def _argv(*args) -> list[str]:
    return [sys.executable, "-m", "dateline.cli", *args]


def _env(extra=None) -> dict:
    return {**os.environ, "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "WARNING", **(extra or {})}


def _counts(spec: str) -> dict[str, int]:
    con = connect(spec, read_only=True)
    try:
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in ("fact_event", "dim_article")}
    finally:
        con.close()


def _runs(spec: str) -> list[tuple]:
    con = connect(spec, read_only=True)
    try:
        return con.execute(
            "select run_id, status, snapshot_id, row_counts from etl_run order by snapshot_id"
        ).fetchall()
    finally:
        con.close()


READER = textwrap.dedent("""
    import json, os, sys, time
    sys.path.insert(0, {root!r})
    from warehouse.connection import connect
    con = connect({spec!r}, read_only=True)  # held open for the whole drill
    seen, errors = [], []
    print("reading", flush=True)
    while not os.path.exists({stop!r}):
        try:
            counts = list(con.execute(
                "select (select count(*) from fact_event), (select count(*) from dim_article), "
                "(select count(*) from etl_run)").fetchone())
            if not seen or seen[-1] != counts:
                seen.append(counts)
        except Exception as exc:
            errors.append(str(exc))
        time.sleep(0.05)
    json.dump({{"seen": seen, "errors": errors}}, open({out!r}, "w"))
""")


@pytest.mark.slow
def test_a_reader_holding_the_lake_open_sees_whole_runs_only(shared_data, tmp_path):
    """The drill: an analyst's connection stays open and queries in a loop while a run
    loads Wikinews into the same lake. The run exits 0; the reader sees the counts from
    before the run until its commit, then the new ones, and nothing in between."""
    spec = f"ducklake:sqlite:{tmp_path / 'lake.sqlite'}"
    assert _cli("run", str(SEEDS), "--warehouse", spec).returncode == 0
    before = _counts(spec)
    stop, out = tmp_path / "stop", tmp_path / "reader.json"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER.format(root=str(PROJECT_ROOT), spec=spec, stop=str(stop), out=str(out))],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert reader.stdout.readline().strip() == "reading"
    run = _cli("run", str(shared_data / "wikinews"), "--warehouse", spec)
    assert run.returncode == 0, run.stderr[-2000:]
    time.sleep(0.5)
    stop.touch()
    reader.wait(timeout=30)
    seen = json.loads(out.read_text())
    after = _counts(spec)
    assert after["dim_article"] > before["dim_article"]
    assert seen["errors"] == []
    assert seen["seen"] == [
        [before["fact_event"], before["dim_article"], 1],
        [after["fact_event"], after["dim_article"], 2],
    ]


def test_sql_as_of_a_run_opens_the_lake_as_that_run_left_it(tmp_path):
    spec = f"ducklake:sqlite:{tmp_path / 'lake.sqlite'}"
    one = tmp_path / "one"
    one.mkdir()
    (one / "a.txt").write_text("Officials in Geneva said on Monday that the talks would continue next week.")
    assert _cli("run", str(one), "--warehouse", spec).returncode == 0
    assert _cli("run", str(SEEDS), "--warehouse", spec).returncode == 0
    (first_run, _, first_snapshot, first_counts), (_, _, second_snapshot, _) = _runs(spec)
    assert second_snapshot > first_snapshot
    sql = "select (select count(*) from dim_article), (select count(*) from fact_quote), (select count(*) from etl_run)"
    past = _cli("sql", "--warehouse", spec, "--as-of", first_run, "-csv", "-noheader", "-c", sql)
    assert past.returncode == 0, past.stderr
    counts = json.loads(first_counts)
    assert past.stdout.split() == [f"{counts['dim_article']},{counts['fact_quote']},1"]
    now = _cli("sql", "--warehouse", spec, "-csv", "-noheader", "-c", sql)
    assert now.stdout.split() == [f"{counts['dim_article'] + 2},{_table_count(spec, 'fact_quote')},2"]
    unknown = _cli("sql", "--warehouse", spec, "--as-of", "run_nope", "-c", "select 1")
    assert unknown.returncode == 66 and "no published run 'run_nope'" in unknown.stderr


def _table_count(spec: str, table: str) -> int:
    con = connect(spec, read_only=True)
    try:
        return con.execute(f"select count(*) from {table}").fetchone()[0]
    finally:
        con.close()


# PostgreSQL catalog + a real Dask cluster ---------------------------------------------------


@pytest.fixture(scope="module")
def postgres():
    if services.postgres_bindir() is None:
        pytest.skip("PostgreSQL is not installed (.ci/run installs Debian's postgresql)")
    with services.postgres_cluster() as pg:
        yield pg


@pytest.fixture(scope="module")
def dask_address(tmp_path_factory):
    with services.dask_cluster(tmp_path_factory.mktemp("dask"), workers=2) as address:
        yield address


def _inputs(tmp_path: Path) -> tuple[Path, Path]:
    """Two different inputs: one seed article each."""
    a, b = tmp_path / "input_a", tmp_path / "input_b"
    for folder, seed in zip((a, b), sorted(SEEDS.glob("*.txt")), strict=True):
        folder.mkdir()
        (folder / seed.name).write_text(seed.read_text())
    return a, b


def _lake_run(spec: str, data: Path, address: str, inputs: Path) -> list[str]:
    return _argv(
        "run", str(inputs), "--warehouse", spec, "--data-path", str(data), "--runner", "dask", "--address", address
    )


def _contents(spec: str) -> dict[str, list[str]]:
    con = connect(spec, read_only=True)
    try:
        return {t: [r[0] for r in con.execute(f"select {k} from {t} order by 1").fetchall()] for t, k in KEYS.items()}
    finally:
        con.close()


@pytest.mark.slow
def test_a_postgres_catalog_lake_with_a_dask_cluster_takes_runs_in_turn_and_at_once(postgres, dask_address, tmp_path):
    """Two runs on different inputs, one after the other into one lake, then at the same time
    into another: both lakes hold the same rows under the same ids, no key twice, and each
    run is its own snapshot (concurrent publishes are serialised: the later one retries)."""
    a, b = _inputs(tmp_path)
    sequential = postgres.lake_spec("lake_sequential")
    for inputs in (a, b):
        r = subprocess.run(
            _lake_run(sequential, tmp_path / "seq_data", dask_address, inputs),
            capture_output=True,
            text=True,
            cwd=PROJECT_ROOT,
            env=_env(),
            timeout=600,
        )
        assert r.returncode == 0, r.stderr[-3000:]
    together = postgres.lake_spec("lake_together")
    procs = [
        subprocess.Popen(
            _lake_run(together, tmp_path / "together_data", dask_address, inputs),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=PROJECT_ROOT,
            env=_env(),
        )
        for inputs in (a, b)
    ]
    results = [(p.wait(timeout=600), p.stderr.read()) for p in procs]
    assert [code for code, _ in results] == [0, 0], [err[-3000:] for _, err in results]

    seq, tog = _contents(sequential), _contents(together)
    assert tog == seq  # nothing lost, nothing extra, the same ids
    assert all(len(ids) == len(set(ids)) for ids in tog.values())  # no key twice
    assert len(seq["dim_article"]) == 2
    for spec in (sequential, together):
        assert _dangling_event_keys(spec) == 0  # the links were built on the lake as it was published
        runs = _runs(spec)
        assert [status for _, status, _, _ in runs] == ["succeeded", "succeeded"]
        snapshots = [sid for _, _, sid, _ in runs]
        assert len(set(snapshots)) == 2 and None not in snapshots


def _dangling_event_keys(spec: str) -> int:
    con = connect(spec, read_only=True)
    try:
        sql = "select count(*) from fact_event where event_key not in (select event_key from dim_event)"
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


@contextlib.contextmanager
def _two_staged_runs(postgres, tmp_path, database: str):
    """A new PostgreSQL-catalog lake seeded with run r1, and two runs' sessions on their own
    connections, each with a chunk staged: ra (art_2) and rb (art_3)."""
    from tests.warehouse.test_load import _chunk, _seeded
    from warehouse.load import LoadSession

    spec = postgres.lake_spec(database)
    os.environ["DATELINE_LAKE_DATA_PATH"] = str(tmp_path / f"{database}_data")
    try:
        con_a, con_b = _seeded(spec), connect(spec)
    finally:
        del os.environ["DATELINE_LAKE_DATA_PATH"]
    with LoadSession(con_a, "ra") as sa, LoadSession(con_b, "rb") as sb:
        sa.stage(*sa.as_loaded(_chunk(2)))
        sb.stage(*sb.as_loaded(_chunk(3)))
        yield sa, sb


def test_publishes_that_meet_in_a_postgres_lake_take_turns(postgres, tmp_path):
    """While run A's publishing transaction is open, run B publishes first: A's commit then
    fails DuckLake's conflict check with nothing written and its stage kept, and publishing
    it again lands both runs' rows exactly once, each run its own snapshot."""
    from tests.warehouse.test_load import _ids, _run
    from warehouse.load import PublishConflict

    with _two_staged_runs(postgres, tmp_path, "lake_turns") as (sa, sb):
        with pytest.raises(PublishConflict):
            sa.finish(_run("ra"), before_commit=lambda _con: sb.finish(_run("rb")))
        assert _ids(sb.con, "select article_id from dim_article") == ["art_1", "art_3"]
        sa.finish(_run("ra"))
        con = sa.con
        assert _ids(con, "select article_id from dim_article") == ["art_1", "art_2", "art_3"]
        assert _ids(con, "select quote_id from fact_quote") == ["quo_1", "quo_2", "quo_3"]
        runs = con.execute("select run_id, snapshot_id from etl_run where run_id <> 'r1' order by 2").fetchall()
        assert [r for r, _ in runs] == ["rb", "ra"]
        snapshots = dict(
            con.execute("select commit_extra_info, snapshot_id from ducklake_snapshots('lake')").fetchall()
        )
        assert [(r, snapshots[f'{{"run_id": "{r}"}}']) for r, _ in runs] == runs


def test_a_publish_built_on_reads_another_run_has_outdated_is_refused_until_read_again(postgres, tmp_path):
    """The run tables (the event links above all) are built from reads of the lake before the
    publishing transaction: if another run published in between, the publish writes nothing
    and says so, and a publish built on fresh reads lands."""
    from tests.warehouse.test_load import _ids, _run, _snapshots, _staged_tables
    from warehouse.load import PublishConflict

    with _two_staged_runs(postgres, tmp_path, "lake_pinned") as (sa, sb):
        con_a = sa.con
        sa.pin_state()  # run A reads what its publish is built from
        sb.finish(_run("rb"))  # run B publishes meanwhile
        before = _snapshots(con_a)
        with pytest.raises(PublishConflict, match="published since this run read"):
            sa.finish(_run("ra"))
        assert _snapshots(con_a) == before and _staged_tables(con_a)  # nothing written, stage kept
        sa.pin_state()
        sa.finish(_run("ra"))
    assert _ids(con_a, "select article_id from dim_article") == ["art_1", "art_2", "art_3"]
