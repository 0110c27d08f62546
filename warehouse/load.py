"""The load: a run's chunks are committed to a staging schema as they come, and published
into the warehouse in one final transaction, or not at all.

Committing each chunk keeps the writer's memory flat over a run of any size (DuckDB holds
a transaction's uncommitted rows in memory); staging them apart keeps the warehouse as it
was until the run's last step, so a crash anywhere, SIGKILL included, leaves the previous
state, and the next run throws the dead run's staged rows away.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field

import duckdb
import polars as pl

from warehouse import lake
from warehouse import tables as registry
from warehouse.connection import create_search_indexes, table_counts

# From the registry (warehouse/tables.yml): tables a --full-refresh empties (children
# first; etl_run and dq_result keep their history), and the facts that go when their
# article is replaced.
DATA_TABLES = registry.refresh_order()
ARTICLE_CHILDREN = registry.article_children()
ARTICLE_TABLES = (*ARTICLE_CHILDREN, "dim_article")
STAGE = "stage"  # the staging schema of a DuckDB file (a lake stages in its own file: lake.attach_stage)


class PublishConflict(RuntimeError):
    """Another run published into the lake first (or its SQLite catalog was busy): nothing
    of this run was published; its staged chunks are kept, so the publish can be retried."""


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
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _incoming")
    finally:
        con.unregister("_incoming")


def _merge(
    con: duckdb.DuckDBPyConnection,
    table: str,
    source: str,
    columns: list[str],
    key: tuple[str, ...],
    keep: tuple[str, ...] = (),
) -> int:
    """Upsert the rows of `source` (a table or a registered frame) into a warehouse table
    by `key`, leaving its `keep` columns as they were; the rows written. MERGE, not ON
    CONFLICT: a lake's tables have no primary key, and the file's take it the same way."""
    names = ", ".join(f'"{c}"' for c in columns)
    on = " AND ".join(f'w."{k}" = s."{k}"' for k in key)
    sets = [c for c in columns if c not in key and c not in keep]
    matched = ("WHEN MATCHED THEN UPDATE SET " + ", ".join(f'"{c}" = s."{c}"' for c in sets) + " ") if sets else ""
    values = ", ".join(f's."{c}"' for c in columns)
    row = con.execute(
        f"MERGE INTO {table} AS w USING (SELECT {names} FROM {source}) AS s ON {on} "
        f"{matched}WHEN NOT MATCHED THEN INSERT ({names}) VALUES ({values})"
    ).fetchone()
    return row[0] if row else 0


def _upsert(
    con: duckdb.DuckDBPyConnection, table: str, df: pl.DataFrame, key: tuple[str, ...], keep: tuple[str, ...] = ()
) -> None:
    if df.height == 0:
        return
    con.register("_incoming", df.to_arrow())
    try:
        _merge(con, table, "_incoming", df.columns, key, keep)
    finally:
        con.unregister("_incoming")


def _update(con: duckdb.DuckDBPyConnection, table: str, rows: pl.DataFrame) -> None:
    """Set columns of published rows, matched on the table's key (the other columns of `rows`)."""
    key = registry.table(table).key
    cols = [c for c in rows.columns if c not in key]
    if rows.height == 0 or not cols:
        return
    con.register("_updates", rows.to_arrow())
    try:
        sets = ", ".join(f'"{c}" = u."{c}"' for c in cols)
        match = " AND ".join(f'main."{table}"."{k}" = u."{k}"' for k in key)
        con.execute(f'UPDATE main."{table}" SET {sets} FROM _updates u WHERE {match}')
    finally:
        con.unregister("_updates")


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
    con.execute(f"DELETE FROM dim_actor_alias WHERE {_orphan_actors()}")
    con.execute(f"DELETE FROM actor_role WHERE {_orphan_actors()}")
    con.execute(f"DELETE FROM dim_actor WHERE {_orphan_actors()}")


def _orphan_actors() -> str:
    """Actors no fact points to any more (every fact column that joins to dim_actor, from
    the registry): their only article was replaced."""
    used = " UNION ".join(
        f'SELECT "{c.name}" FROM "{t.name}" WHERE "{c.name}" IS NOT NULL'
        for t in registry.registry().values()
        if t.kind == "fact"
        for c in t.references_to("dim_actor")
    )
    return f"actor_id NOT IN ({used})"


def planner_state(con: duckdb.DuckDBPyConnection, ledger_schema: dict, article_schema: dict) -> dict[str, pl.DataFrame]:
    """The ledger and the article keys as the warehouse holds them, in the planner's schemas
    (the columns are the schemas' keys)."""

    def frame(table: str, schema: dict) -> pl.DataFrame:
        return con.execute(f'SELECT {", ".join(schema)} FROM "{table}"').pl().cast(schema)

    return {"ledger": frame("ingest_ledger", ledger_schema), "articles": frame("dim_article", article_schema)}


_MENTION_EVENT_COLUMNS = ("event_id", "article_id", "event_type", "source_actor_id", "target_actor_id", "event_date",
                          "date_granularity", "location_country", "place_id", "modality", "is_negated",
                          "event_cluster_id", "start_char")  # fmt: skip


def event_mentions_sql(rows=lambda table, columns: f'SELECT {columns} FROM main."{table}"') -> str:
    """SQL for the event mentions linking reads: each fact_event row with its article's
    publication date and publisher and its actors' countries. `rows(table, columns)` gives a
    table's rows (the published ones by default; a load session's as the run will leave them)."""
    event_cols = [c for c in _MENTION_EVENT_COLUMNS if c in registry.table("fact_event").column_names]
    return f"""
        WITH e AS ({rows("fact_event", ", ".join(event_cols))}),
             a AS ({rows("dim_article", "article_id, published_date, publisher_id")}),
             ac AS ({rows("dim_actor", "actor_id, country_code")})
        SELECT e.*, a.published_date, a.publisher_id, s.country_code AS source_country,
               t.country_code AS target_country
        FROM e JOIN a USING (article_id)
        LEFT JOIN ac s ON s.actor_id = e.source_actor_id
        LEFT JOIN ac t ON t.actor_id = e.target_actor_id"""


def reset_stage(con: duckdb.DuckDBPyConnection) -> None:
    """An empty staging schema in a DuckDB file. Rows left there by a run that died go with
    it: they were never published."""
    con.execute(f"DROP SCHEMA IF EXISTS {STAGE} CASCADE")
    con.execute(f"CREATE SCHEMA {STAGE}")


class LoadSession:
    """One run's load, a context manager:

        with LoadSession(con, run_id, full_refresh=..., delete_article_ids=...) as session:
            session.stage(...)   # each chunk, committed to the staging schema
            session.finish(run)  # publishes the run in one transaction

    Nothing is visible in the warehouse tables until `finish` commits. Leaving the block
    without `finish` (an exception, which is re-raised, or not) rolls back and drops the
    staged rows; a crash leaves them for the next run's `begin` to drop. Either way the
    warehouse tables stay exactly as they were before the run.

    A DuckDB file stages in its `stage` schema; a lake in a DuckDB file of the run's own
    (a lake transaction writes one database, and runs may overlap), and its publish is one
    snapshot, named after the run, whose id goes into etl_run.snapshot_id."""

    # run bookkeeping columns a table's rows get from the session (`as_loaded`) when the registry has them
    RUN_STAMPS = ("first_run_id", "last_run_id", "updated_at")

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        run_id: str,
        *,
        full_refresh: bool = False,
        delete_article_ids: list[str] | None = None,
        started_at=None,
    ):
        self.con, self.run_id, self.started_at = con, run_id, started_at
        self.full_refresh = full_refresh
        self.delete_article_ids: list[str] = list(delete_article_ids or [])
        # any article (or its facts) written or deleted
        self.articles_changed = bool(full_refresh or self.delete_article_ids)
        self.staged: dict[str, tuple[str, ...] | None] = {}  # staged table -> upsert key (None: inserts)
        self.finished = False
        self.in_lake = lake.is_lake(con)
        # where the chunks are staged: (catalog, schema)
        self.stage_at = (lake.STAGE_ALIAS, "main") if self.in_lake else (None, STAGE)
        self.stage_path = None  # a lake run's stage file
        self.snapshot_id: int | None = None  # the lake snapshot `finish` published
        self.pinned_snapshot: int | None = None  # the lake snapshot the run's last reads saw (`pin_state`)

    @property
    def stage_name(self) -> str:
        catalog, schema = self.stage_at
        return f"{catalog}.{schema}" if catalog else schema

    def begin(self) -> None:
        """An empty stage (a dead run's staged rows go)."""
        if self.in_lake:
            self.stage_path = lake.attach_stage(self.con)
        else:
            reset_stage(self.con)
        self._checkpoint_stage()

    def _checkpoint_stage(self) -> None:
        """Staged rows into the file now: a crash would otherwise leave a WAL that a
        read-only reader (the analyst's CLI) cannot replay. (A lake is never checkpointed
        here: that is its maintenance, not a flush.)"""
        self.con.execute(f"CHECKPOINT {lake.STAGE_ALIAS}" if self.in_lake else "CHECKPOINT")

    def pin_state(self) -> None:
        """Note the lake snapshot the reads that build the publish see (linking reads every
        event mention): a publish that finds the lake moved on since raises PublishConflict,
        so its caller reads and builds again. (A DuckDB file has one writer: nothing to pin.)"""
        if self.in_lake:
            self.pinned_snapshot = lake.current_snapshot(self.con)

    def _check_pinned(self) -> None:
        if self.pinned_snapshot is not None and lake.current_snapshot(self.con) != self.pinned_snapshot:
            raise PublishConflict("another run published since this run read the lake")

    def _reopen(self) -> None:
        """A new connection to the lake, with this run's stage attached again: a commit that
        failed on a busy SQLite catalog leaves the old connection holding the catalog's lock."""
        spec = lake.spec_of(self.con)
        lake.detach_stage(self.con, None)  # the file stays: it holds the run's chunks
        self.con.close()
        self.con = lake.open_lake(spec)
        lake.attach_stage(self.con, self.stage_path)

    def close(self) -> None:
        self.con.close()

    def _drop_stage(self) -> None:
        if self.in_lake:
            lake.detach_stage(self.con, self.stage_path)
            self.stage_path = None
        else:
            reset_stage(self.con)

    def __enter__(self) -> LoadSession:
        self.begin()
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if not self.finished:
            self.discard()
        return False  # an exception goes on

    def discard(self) -> None:
        """Roll back, and drop what this run staged (best effort: the next `begin` drops it too)."""
        self.abort()
        try:
            self._drop_stage()
        except duckdb.Error:
            pass
        self.staged = {}

    def as_loaded(
        self, rows: dict[str, pl.DataFrame]
    ) -> tuple[dict[str, pl.DataFrame], dict[str, tuple[pl.DataFrame, tuple[str, ...]]]]:
        """`rows` split as the registry loads them: (inserts, upserts with their key), upserts in
        registry order; a table with run columns (`RUN_STAMPS`) gets this run's id and time."""
        import datetime as dt

        now = self.started_at or dt.datetime.now(dt.UTC).replace(tzinfo=None)
        stamps = {
            "first_run_id": pl.lit(self.run_id),
            "last_run_id": pl.lit(self.run_id),
            "updated_at": pl.lit(now, dtype=pl.Datetime("us")),
        }
        reg = registry.registry()

        def stamped(t: str, df: pl.DataFrame) -> pl.DataFrame:
            cols = reg[t].column_names if t in reg else []
            return df.with_columns(**{c: stamps[c] for c in self.RUN_STAMPS if c in cols})

        keys = registry.upsert_keys()
        upserts = {t: (stamped(t, rows[t]), key) for t, key in keys.items() if t in rows}
        return {t: stamped(t, df) for t, df in rows.items() if t not in keys}, upserts

    @contextlib.contextmanager
    def _gone(self) -> Iterator[None]:
        """`_gone`: the ids of the articles this run replaces, registered for a query."""
        ids = pl.DataFrame({"article_id": self.delete_article_ids}, schema={"article_id": pl.Utf8})
        self.con.register("_gone", ids.to_arrow())
        try:
            yield
        finally:
            self.con.unregister("_gone")

    def _rows(self, table: str, columns: str) -> str:
        """SQL for `columns` of `table` as the run will leave it: the warehouse rows that
        survive its deletions, then the staged rows (a staged row replaces its key)."""
        if self.full_refresh:
            live = f'SELECT {columns} FROM main."{table}" WHERE false'
        elif table == "dim_article":
            live = f'SELECT {columns} FROM main."{table}" WHERE article_id NOT IN (SELECT article_id FROM _gone)'
        else:
            live = f'SELECT {columns} FROM main."{table}"'
        if table not in self.staged:
            return live
        staged = f'SELECT {columns} FROM {self.stage_name}."{table}"'
        key = self.staged[table]
        if key:
            k = ", ".join(key)
            live = f'SELECT * FROM ({live}) WHERE ({k}) NOT IN (SELECT ({k}) FROM {self.stage_name}."{table}")'
        return f"{staged} UNION ALL {live}"

    def known_state(self) -> dict[str, pl.DataFrame]:
        """Keys and actors as the run will leave them (the chunks staged so far included)."""
        with self._gone():

            def frame(table: str, columns: str) -> pl.DataFrame:
                return self.con.execute(self._rows(table, columns)).pl()

            return {
                "articles": frame("dim_article", "article_id"),
                "actors": frame("dim_actor", "actor_id, name, actor_type, country_code, sector"),
                "aliases": frame("dim_actor_alias", "actor_id, alias"),
            }

    def event_mentions(self) -> pl.DataFrame:
        """Every event mention as the run will leave it, with what linking reads of its
        article (publication date, publisher) and actors (countries)."""
        with self._gone():
            return self.con.execute(event_mentions_sql(self._rows)).pl()

    def _stage_rows(self, table: str, rows: pl.DataFrame, key: tuple[str, ...] | None) -> None:
        """A staged table is made from the first rows it gets, so it holds exactly the
        columns the run writes (the warehouse fills in its defaults at publish)."""
        if rows.height == 0:
            return
        name = f'{self.stage_name}."{table}"'
        if table not in self.staged:
            self.con.register("_incoming", rows.to_arrow())
            try:
                self.con.execute(f"CREATE TABLE {name} AS SELECT * FROM _incoming WITH NO DATA")
            finally:
                self.con.unregister("_incoming")
            if key:
                self.con.execute(f"ALTER TABLE {name} ADD PRIMARY KEY ({', '.join(key)})")
            self.staged[table] = key
        (_upsert(self.con, name, rows, key) if key else _insert(self.con, name, rows))

    def stage(
        self,
        tables: dict[str, pl.DataFrame] | None = None,
        upserts: dict[str, tuple[pl.DataFrame, tuple[str, ...]]] | None = None,
        quarantine: dict[str, pl.DataFrame] | None = None,
    ) -> None:
        """Commit one chunk's rows to the staging schema."""
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            for table, (rows, key) in (upserts or {}).items():
                self._stage_rows(table, rows, key)
            for table, rows in (tables or {}).items():
                self._stage_rows(table, rows, None)
            for table, rows in (quarantine or {}).items():
                self._stage_rows(f"quarantine_{table}", rows.with_columns(pl.lit(self.run_id).alias("run_id")), None)
            con.execute("COMMIT")
            self._checkpoint_stage()
        except BaseException:
            self.abort()
            self.staged = {t: k for t, k in self.staged.items() if self._stage_exists(t)}
            raise

    def _stage_exists(self, table: str) -> bool:
        catalog, schema = self.stage_at
        return bool(
            self.con.execute(
                "SELECT count(*) FROM duckdb_tables() WHERE database_name = coalesce(?, current_database()) "
                "AND schema_name = ? AND table_name = ?",
                [catalog, schema, table],
            ).fetchone()[0]
        )

    def finish(
        self,
        run: dict,
        tables: dict[str, pl.DataFrame] | None = None,
        upserts: dict[str, tuple[pl.DataFrame, tuple[str, ...]]] | None = None,
        before_commit=None,
        updates: dict[str, pl.DataFrame] | None = None,
        quarantine: dict[str, pl.DataFrame] | None = None,
    ) -> dict[str, int]:
        """Publish the run in one transaction: the deletions, the staged chunks, the run's
        own tables (`tables`, `upserts`; a `replace` table is emptied first) and the rows
        their validation set aside (`quarantine`), column updates of published rows by key
        (`updates`: the event keys of every mention), the statistics and indexes, and its
        etl_run row. In a lake, a commit that loses to another run's
        raises PublishConflict with the stage kept: call `finish` again."""
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            counts = self._publish(run, tables, upserts, before_commit, updates, quarantine or {})
            con.execute("COMMIT")
        except BaseException as exc:
            self.abort()
            if isinstance(exc, PublishConflict):
                raise
            if self.in_lake and lake.is_conflict(exc):
                self._reopen()
                raise PublishConflict(f"another run published into the lake first: {exc}") from exc
            raise
        self.finished = True
        if self.in_lake:
            self._drop_stage()  # after the commit: a lake transaction writes the lake only
        return counts

    def _publish(self, run, tables, upserts, before_commit, updates, quarantine) -> dict[str, int]:
        con = self.con
        self._check_pinned()
        self._delete_replaced()
        self._publish_stage()
        for table, rows in quarantine.items():
            _insert(con, f'main."quarantine_{table}"', rows.with_columns(pl.lit(self.run_id).alias("run_id")))
        for table, (rows, key) in (upserts or {}).items():
            keep = registry.table(table).keep_on_upsert
            _upsert(con, f'main."{table}"', rows, key, keep)
        for table, rows in (tables or {}).items():
            if registry.table(table).load == "replace":
                con.execute(f'DELETE FROM main."{table}"')
            _insert(con, f'main."{table}"', rows)
        for table, rows in (updates or {}).items():
            _update(con, table, rows)
        if self.articles_changed:  # an unchanged re-run leaves actor stats and search indexes as they are
            _refresh_actor_stats(con)
            create_search_indexes(con)
        counts = table_counts(con)
        run = dict(run)
        run["row_counts"] = json.dumps(counts, sort_keys=True)
        if self.in_lake:
            self.snapshot_id = run["snapshot_id"] = lake.claim_head(con, self.run_id)
        _insert(con, "main.etl_run", pl.DataFrame([run]))
        counts["etl_run"] = counts.get("etl_run", 0) + 1
        if before_commit is not None:
            before_commit(con)
        return counts

    def _delete_replaced(self) -> None:
        con = self.con
        if self.full_refresh:
            for t in DATA_TABLES:
                con.execute(f'DELETE FROM main."{t}"')
        if self.delete_article_ids:
            with self._gone():
                for t in ARTICLE_TABLES:
                    con.execute(f'DELETE FROM main."{t}" WHERE article_id IN (SELECT article_id FROM _gone)')

    def _publish_stage(self) -> None:
        """Move the staged chunks into the warehouse tables, in the final transaction (an
        upsert keeps the registry's `keep_on_upsert` columns, as in `finish`)."""
        con, reg = self.con, registry.registry()
        for t, key in self.staged.items():
            source = f'{self.stage_name}."{t}"'
            cols = [r[0] for r in con.execute(f"DESCRIBE {source}").fetchall()]
            if key:
                n = _merge(con, f'main."{t}"', source, cols, key, reg[t].keep_on_upsert if t in reg else ())
            else:
                names = ", ".join(f'"{c}"' for c in cols)
                n = con.execute(f'INSERT INTO main."{t}" ({names}) SELECT {names} FROM {source}').fetchone()[0]
            self.articles_changed |= t in ARTICLE_TABLES and n > 0
        if not self.in_lake:
            reset_stage(con)

    def abort(self) -> None:
        try:
            self.con.execute("ROLLBACK")
        except duckdb.Error:
            pass  # no transaction open any more


def load_run(con: duckdb.DuckDBPyConnection, payload: LoadPayload, before_commit=None) -> dict[str, int]:
    """Write a whole run atomically in one call (small loads and tests): the article tables
    and actors staged as one chunk, the rest written at publish."""
    chunk = (*ARTICLE_TABLES, "dim_actor", "dim_actor_alias")
    with LoadSession(
        con, payload.run["run_id"], full_refresh=payload.full_refresh, delete_article_ids=payload.delete_article_ids
    ) as session:
        session.stage(
            {t: df for t, df in payload.tables.items() if t in chunk},
            {t: u for t, u in payload.upserts.items() if t in chunk},
            payload.quarantine,
        )
        return session.finish(
            payload.run,
            {t: df for t, df in payload.tables.items() if t not in chunk},
            {t: u for t, u in payload.upserts.items() if t not in chunk},
            before_commit,
        )


def record_refused_run(
    con: duckdb.DuckDBPyConnection, paths: list[str], problems: list[tuple[str, str]], run_id: str | None = None
) -> str:
    """A run refused before it started (an input path missing): its inputs' ledger rows and
    an etl_run row with status `refused`, in one transaction. Nothing else changes."""
    import datetime as dt

    from transforms.ledger import ledger_id, new_run_id, rejected_row

    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    run_id = run_id or new_run_id(now)
    ledger = pl.DataFrame(
        [
            {
                **rejected_row(
                    {"ledger_id": ledger_id(p, 0), "source_path": p, "record_no": 0, "source_format": "unknown"}, reason
                ),
                "first_run_id": run_id,
                "last_run_id": run_id,
                "updated_at": now,
            }
            for p, reason in problems
        ]
    )
    run = {
        "run_id": run_id,
        "started_at": now,
        "finished_at": now,
        "status": "refused",
        "input_paths": json.dumps(paths),
        "records_seen": 0,
        "records_rejected": len(problems),
    }
    con.execute("BEGIN TRANSACTION")
    try:
        _upsert(
            con,
            "main.ingest_ledger",
            ledger,
            registry.table("ingest_ledger").key,
            keep=registry.table("ingest_ledger").keep_on_upsert,
        )
        if lake.is_lake(con):
            run["snapshot_id"] = lake.claim_head(con, run_id)
        _insert(con, "main.etl_run", pl.DataFrame([run]))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return run_id
