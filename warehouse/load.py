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
ARTICLE_TABLES = ARTICLE_CHILDREN + ("dim_article",)


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


class LoadSession:
    """One run's transaction, written to chunk by chunk so memory stays flat.

    Nothing is visible to other connections until `finish` commits; `abort` (or a crash)
    leaves the warehouse exactly as it was before the run."""

    def __init__(self, con: duckdb.DuckDBPyConnection, run_id: str):
        self.con, self.run_id = con, run_id
        self.articles_changed = False  # any article (or its facts) written or deleted

    def begin(self, full_refresh: bool = False, delete_article_ids: list[str] | None = None) -> None:
        con = self.con
        con.execute("BEGIN TRANSACTION")
        self.articles_changed = bool(full_refresh or delete_article_ids)
        if full_refresh:
            for t in DATA_TABLES:
                con.execute(f'DELETE FROM "{t}"')
        if delete_article_ids:
            ids = pl.DataFrame({"article_id": delete_article_ids})
            con.register("_gone", ids.to_arrow())
            for t in ARTICLE_CHILDREN + ("dim_article",):
                con.execute(f'DELETE FROM "{t}" WHERE article_id IN (SELECT article_id FROM _gone)')
            con.unregister("_gone")

    def known_state(self) -> dict[str, pl.DataFrame]:
        """Keys and actors as this transaction sees them (earlier chunks included)."""
        def frame(sql: str) -> pl.DataFrame:
            return self.con.execute(sql).pl()

        return {
            "articles": frame("select article_id from dim_article"),
            "actors": frame("select actor_id, name, actor_type, country_code, sector from dim_actor"),
            "aliases": frame("select actor_id, alias from dim_actor_alias"),
        }

    def write(self, tables: dict[str, pl.DataFrame] | None = None,
              upserts: dict[str, tuple[pl.DataFrame, tuple[str, ...]]] | None = None,
              quarantine: dict[str, pl.DataFrame] | None = None) -> None:
        for table, (rows, key) in (upserts or {}).items():
            keep = ("first_run_id",) if table == "ingest_ledger" else ()
            _upsert(self.con, table, rows, key, keep)
        for table, rows in (tables or {}).items():
            _insert(self.con, table, rows)
            self.articles_changed |= table in ARTICLE_TABLES and rows.height > 0
        for table, rows in (quarantine or {}).items():
            _quarantine(self.con, table, rows, self.run_id)

    def finish(self, run: dict, before_commit=None) -> dict[str, int]:
        con = self.con
        if self.articles_changed:  # an unchanged re-run leaves actor stats and search indexes as they are
            _refresh_actor_stats(con)
            create_search_indexes(con)
        create_views(con)
        counts = table_counts(con)
        run = dict(run)
        run["row_counts"] = json.dumps(counts, sort_keys=True)
        _insert(con, "etl_run", pl.DataFrame([run]))
        counts["etl_run"] = counts.get("etl_run", 0) + 1
        if before_commit is not None:
            before_commit(con)
        con.execute("COMMIT")
        return counts

    def abort(self) -> None:
        try:
            self.con.execute("ROLLBACK")
        except duckdb.Error:
            pass  # no transaction open any more


def load_run(con: duckdb.DuckDBPyConnection, payload: LoadPayload, before_commit=None) -> dict[str, int]:
    """Write a whole run atomically in one call (small loads and tests)."""
    session = LoadSession(con, payload.run["run_id"])
    session.begin(payload.full_refresh, payload.delete_article_ids)
    try:
        session.write(payload.tables, payload.upserts, payload.quarantine)
        return session.finish(payload.run, before_commit)
    except BaseException:
        session.abort()
        raise
