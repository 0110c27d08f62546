"""`dateline migrate --to ducklake:...`: a DuckDB file warehouse copied into a new lake,
with its ids and its run history, in one snapshot.

The lake's `etl_run` keeps every run of the file; the last one gets the migration's
snapshot id (the lake holds the state that run left), the earlier ones none (their states
were never snapshots). Every published table is copied, the quarantine tables too, and
the counts are checked against the file's before the commit."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from warehouse import lake
from warehouse import tables as registry
from warehouse.connection import connect, writer_lock


class MigrationRefused(RuntimeError):
    """The target lake already holds runs: a migration fills a new lake only."""


SOURCE = "migrate_source"


def migrate_to_lake(source: str | os.PathLike, target: str) -> dict[str, int]:
    """Copy the file warehouse `source` into the new lake `target`; rows per table."""
    source = Path(source)
    if not source.is_file():
        raise FileNotFoundError(f"warehouse not found: {source}")
    if not lake.is_lake_spec(target):
        raise lake.LakeError(f"{target}: migrate copies into a DuckLake (ducklake:sqlite:PATH or ducklake:postgres:…)")
    with writer_lock(source):  # no run writes the file meanwhile
        con = connect(target)
        try:
            if con.execute("SELECT count(*) FROM etl_run").fetchone()[0]:
                raise MigrationRefused(f"{target} already holds runs: migrate into a new lake")
            con.execute(f"ATTACH '{source.absolute()!s}' AS {SOURCE} (READ_ONLY)")
            return _copy_tables(con, str(source))
        finally:
            con.close()


def _copy_tables(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, int]:
    have = _source_tables(con)
    counts = {}
    con.execute("BEGIN TRANSACTION")
    try:
        for t in registry.published_tables():
            if t.name in have:
                counts[t.name] = _copy_table(con, t, have[t.name])
        _mark_last_run(con, f"dateline migrate from {source}")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return counts


def _source_tables(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    rows = con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = ? AND schema_name = 'main'",
        [SOURCE],
    ).fetchall()
    out: dict[str, set[str]] = {}
    for t, c in rows:
        out.setdefault(t, set()).add(c)
    return out


def _copy_table(con: duckdb.DuckDBPyConnection, t: registry.Table, source_columns: set[str]) -> int:
    """The columns both sides have (a file from before a column was added leaves it NULL);
    the copy must hold exactly the file's rows."""
    cols = ", ".join(f'"{c.name}"' for c in t.columns if c.name in source_columns)
    con.execute(f'INSERT INTO main."{t.name}" ({cols}) SELECT {cols} FROM {SOURCE}.main."{t.name}"')
    copied = con.execute(f'SELECT count(*) FROM main."{t.name}"').fetchone()[0]
    expected = con.execute(f'SELECT count(*) FROM {SOURCE}.main."{t.name}"').fetchone()[0]
    if copied != expected:
        raise RuntimeError(f"{t.name}: {copied} rows copied, {expected} in the file")
    return copied


def _mark_last_run(con: duckdb.DuckDBPyConnection, message: str) -> None:
    """The migration's snapshot is named after the file's last run (`--as-of` finds it)."""
    last = con.execute("SELECT run_id FROM etl_run ORDER BY started_at DESC LIMIT 1").fetchone()
    if last:
        snapshot = lake.claim_head(con, last[0], message)
        con.execute("UPDATE etl_run SET snapshot_id = ? WHERE run_id = ?", [snapshot, last[0]])
