"""The load: every table of a run written in one transaction, or nothing at all."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import duckdb
import polars as pl

from warehouse.connection import create_search_indexes, create_views, table_counts

# Tables rebuilt by --full-refresh (etl_run and dq_result keep their history).
DATA_TABLES = (
    "fact_event", "fact_quote", "fact_actor_mention", "actor_role", "dim_actor_alias", "dim_actor",
    "dim_article", "dim_publisher", "dim_date", "ingest_ledger",
)
# Facts that hang off an article and go when the article is replaced.
ARTICLE_CHILDREN = ("fact_event", "fact_quote", "fact_actor_mention", "actor_role")


@dataclass
class LoadPayload:
    run: dict  # the etl_run row (row_counts filled in here)
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)  # plain inserts
    upserts: dict[str, tuple[pl.DataFrame, tuple[str, ...]]] = field(default_factory=dict)  # table -> (rows, key)
    delete_article_ids: list[str] = field(default_factory=list)
    full_refresh: bool = False
    quarantine: dict[str, pl.DataFrame] = field(default_factory=dict)  # table -> failing rows (+ expectation)


def _insert(con: duckdb.DuckDBPyConnection, table: str, df: pl.DataFrame) -> None:
    if df.height == 0:
        return
    con.register("_incoming", df.to_arrow())
    try:
        con.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM _incoming')
    finally:
        con.unregister("_incoming")


def _upsert(con: duckdb.DuckDBPyConnection, table: str, df: pl.DataFrame, key: tuple[str, ...],
            keep: tuple[str, ...] = ()) -> None:
    if df.height == 0:
        return
    cols = [c for c in df.columns if c not in key and c not in keep]
    con.register("_incoming", df.to_arrow())
    try:
        action = ("DO UPDATE SET " + ", ".join(f'"{c}" = excluded."{c}"' for c in cols)) if cols else "DO NOTHING"
        con.execute(
            f'INSERT INTO "{table}" ({", ".join(df.columns)}) SELECT {", ".join(df.columns)} FROM _incoming '
            f'ON CONFLICT ({", ".join(key)}) {action}'
        )
    finally:
        con.unregister("_incoming")


def _quarantine(con: duckdb.DuckDBPyConnection, table: str, rows: pl.DataFrame, run_id: str) -> None:
    if rows.height == 0:
        return
    q = f"quarantine_{table}"
    rows = rows.with_columns(pl.lit(run_id).alias("run_id"))
    con.register("_incoming", rows.to_arrow())
    try:
        con.execute(f'CREATE TABLE IF NOT EXISTS "{q}" AS SELECT * FROM _incoming WITH NO DATA')
        con.execute(f'INSERT INTO "{q}" BY NAME SELECT * FROM _incoming')
    finally:
        con.unregister("_incoming")


def _refresh_actor_stats(con: duckdb.DuckDBPyConnection) -> None:
    """first_seen/last_seen/mention_count come from the facts; actors left without any
    mention (their only article was replaced) are removed with their aliases."""
    con.execute("""
        UPDATE dim_actor SET mention_count = s.n, first_seen = s.f, last_seen = s.l
        FROM (
            SELECT a.actor_id, count(m.mention_id) AS n, min(d.published_date) AS f, max(d.published_date) AS l
            FROM dim_actor a
            LEFT JOIN fact_actor_mention m ON m.actor_id = a.actor_id
            LEFT JOIN dim_article d ON d.article_id = m.article_id
            GROUP BY a.actor_id
        ) s
        WHERE dim_actor.actor_id = s.actor_id
    """)
    orphan = """actor_id NOT IN (SELECT actor_id FROM fact_actor_mention WHERE actor_id IS NOT NULL
                UNION SELECT speaker_actor_id FROM fact_quote WHERE speaker_actor_id IS NOT NULL
                UNION SELECT source_actor_id FROM fact_event WHERE source_actor_id IS NOT NULL
                UNION SELECT target_actor_id FROM fact_event WHERE target_actor_id IS NOT NULL)"""
    con.execute(f"DELETE FROM dim_actor_alias WHERE {orphan}")
    con.execute(f"DELETE FROM actor_role WHERE {orphan}")
    con.execute(f"DELETE FROM dim_actor WHERE {orphan}")


def load_run(con: duckdb.DuckDBPyConnection, payload: LoadPayload, before_commit=None) -> dict[str, int]:
    """Write a run atomically. Returns row counts per table after the load.

    `before_commit` is a hook for the crash drills (called inside the transaction)."""
    run_id = payload.run["run_id"]
    con.execute("BEGIN TRANSACTION")
    try:
        if payload.full_refresh:
            for t in DATA_TABLES:
                con.execute(f'DELETE FROM "{t}"')
        if payload.delete_article_ids:
            ids = pl.DataFrame({"article_id": payload.delete_article_ids})
            con.register("_gone", ids.to_arrow())
            for t in ARTICLE_CHILDREN + ("dim_article",):
                con.execute(f'DELETE FROM "{t}" WHERE article_id IN (SELECT article_id FROM _gone)')
            con.unregister("_gone")
        for table, (rows, key) in payload.upserts.items():
            keep = ("first_run_id",) if table == "ingest_ledger" else ()
            _upsert(con, table, rows, key, keep)
        for table, rows in payload.tables.items():
            _insert(con, table, rows)
        for table, rows in payload.quarantine.items():
            _quarantine(con, table, rows, run_id)
        _refresh_actor_stats(con)
        create_views(con)
        create_search_indexes(con)
        counts = table_counts(con)
        run = dict(payload.run)
        run["row_counts"] = json.dumps(counts, sort_keys=True)
        _insert(con, "etl_run", pl.DataFrame([run]))
        counts["etl_run"] = counts.get("etl_run", 0) + 1
        if before_commit is not None:
            before_commit(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return counts
