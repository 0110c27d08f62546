"""The warehouse's one read-write connection, and read-only access for everyone else.

Two backends, chosen by the warehouse spec:
- a DuckDB file (`warehouse/dateline.duckdb`, the default): a run holds an exclusive lock
  file beside the database for its whole length, so a second `dateline run` fails fast
  with a clear message; DuckDB's own file lock covers the other direction (a reader
  holding the file open makes the writer fail with a clear message);
- a DuckLake (`ducklake:sqlite:PATH`, `ducklake:postgres:CONNINFO`, warehouse/lake.py):
  readers never block the writer, runs on other inputs may overlap, and their publishes
  are serialised (a lock beside a SQLite catalog; a conflict and a retry everywhere).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from warehouse import lake

VIEWS_SQL = Path(__file__).with_name("views.sql")


class WarehouseLocked(RuntimeError):
    """Another process holds the warehouse."""


def _lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


is_lake_spec = lake.is_lake_spec


def exists(warehouse: str | os.PathLike) -> bool:
    """A DuckDB file on disk, a lake's SQLite catalog on disk (a PostgreSQL one is asked)."""
    if lake.is_lake_spec(warehouse):
        return lake.LakeSpec.parse(str(warehouse)).exists()
    return Path(warehouse).is_file()


def reader_attach_sql(warehouse: str, snapshot: int | None = None) -> list[str]:
    """The lines a plain `duckdb` CLI runs to read a lake (read-only, at a snapshot if
    given), with the extensions from the packages (README: "Reading a DuckLake")."""
    spec = lake.LakeSpec.parse(warehouse)
    ext = lake.duckdb_config()["extension_directory"]
    return [
        f"SET autoinstall_known_extensions = false; SET extension_directory = '{ext}'",
        lake.attach_sql(spec, read_only=True, snapshot=snapshot) + "; USE lake",
    ]


def snapshot_of_run(warehouse: str, run_id: str) -> int | None:
    """The lake snapshot a run published: etl_run's record, checked against the snapshot's
    commit message (which wins if a concurrent commit moved it)."""
    con = connect(warehouse, read_only=True)
    try:
        row = con.execute("SELECT snapshot_id FROM etl_run WHERE run_id = ?", [run_id]).fetchone()
        if row is None:
            return None
        return lake.snapshot_of_run(con, run_id) or row[0]
    finally:
        con.close()


def anchor(warehouse: str | os.PathLike) -> Path:
    """The file a warehouse's lock, reports and run files sit beside: the DuckDB file, or
    the lake's SQLite catalog (`<state>/lakes/<db>.lake` for a PostgreSQL catalog)."""
    if lake.is_lake_spec(warehouse):
        return lake.LakeSpec.parse(str(warehouse)).anchor()
    return Path(warehouse)


@contextlib.contextmanager
def writer_lock(warehouse: str | os.PathLike) -> Iterator[None]:
    """Hold the single-writer lock of a DuckDB file for the duration of a run (non-blocking).
    A lake has none: runs overlap, and `publish_lock` serialises their commits."""
    if lake.is_lake_spec(warehouse):
        yield
        return
    with _flock(_lock_path(Path(warehouse)), wait_seconds=0, what=f"dateline run: {warehouse}"):
        yield


@contextlib.contextmanager
def publish_lock(warehouse: str | os.PathLike, wait_seconds: float = 600.0) -> Iterator[None]:
    """A lake's publishes on one machine, one at a time (a SQLite catalog takes one writer;
    a later publish waits here rather than failing on a busy catalog). Across machines
    (PostgreSQL) the lake's conflict check and the publish's retry serialise them."""
    spec = lake.LakeSpec.parse(str(warehouse)) if lake.is_lake_spec(warehouse) else None
    if spec is None or spec.sqlite_path is None:
        yield
        return
    path = spec.sqlite_path.with_name(spec.sqlite_path.name + ".publish.lock")
    with _flock(path, wait_seconds=wait_seconds, what=f"a publish into {warehouse}"):
        yield


@contextlib.contextmanager
def _flock(lock: Path, wait_seconds: float, what: str) -> Iterator[None]:
    """An exclusive lock on `lock`, waited for up to `wait_seconds`; the holder's pid is
    written into it for the message the next one gets."""
    lock.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "unknown"
                    raise WarehouseLocked(f"warehouse is locked by another process ({what}, pid {holder})") from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _explain_lock_error(exc: duckdb.Error, db_path: Path) -> WarehouseLocked | None:
    msg = str(exc)
    if "lock" not in msg.lower():
        return None
    pid = re.search(r"PID (\d+)", msg)
    who = f" (pid {pid.group(1)})" if pid else ""
    return WarehouseLocked(
        f"warehouse is locked by another process{who}: {db_path}. "
        "Close other DuckDB sessions on this file (e.g. a `duckdb` CLI) and retry."
    )


def connect(
    warehouse: str | os.PathLike, read_only: bool = False, lock_wait_seconds: float = 5.0, snapshot: int | None = None
) -> duckdb.DuckDBPyConnection:
    """Open the warehouse; the read-write connection also applies the DDL and the views.
    `snapshot`: a lake as it was at that snapshot (read-only)."""
    if lake.is_lake_spec(warehouse):
        spec = lake.LakeSpec.parse(str(warehouse))
        con = lake.open_lake(spec, read_only=read_only or snapshot is not None, snapshot=snapshot)
        if not (read_only or snapshot is not None):
            _apply_lake_schema(con, warehouse)
        return con
    if snapshot is not None:
        raise ValueError(f"{warehouse} is a DuckDB file: only a DuckLake warehouse keeps past snapshots")
    db_path = Path(warehouse)
    if read_only and not db_path.exists():
        raise FileNotFoundError(f"warehouse not found: {db_path} (run `dateline run` first)")
    if not read_only:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    # A reader that holds the file for a moment (a quick query) is waited for, briefly;
    # one that keeps it open gets a clear message, not a traceback.
    delay, waited = 0.1, 0.0
    while True:
        try:
            con = duckdb.connect(str(db_path), read_only=read_only)
            break
        except duckdb.Error as exc:
            locked = _explain_lock_error(exc, db_path)
            if locked is None:
                raise
            if waited >= lock_wait_seconds:
                raise locked from None
            time.sleep(delay)
            waited += delay
            delay = min(delay * 2, 1.0)
    if not read_only:
        apply_schema(con)
        create_views(con)  # a clean or older warehouse has every view from its first writer
    return con


def schema_version() -> str:
    """A hash of everything the schema step writes (a lake applies it when this changes)."""
    from warehouse import tables

    text = tables.ddl(lake=True) + repr(list(tables.comments().items())) + _views_sql()
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _apply_lake_schema(con: duckdb.DuckDBPyConnection, warehouse: str | os.PathLike, attempts: int = 5) -> None:
    """Tables, comments and views in one snapshot, only when the schema changed since the
    lake last got it (each catalog write is a snapshot: a run must not make empty ones).
    Under the publish lock (a SQLite catalog takes one writer at a time); across machines,
    two that apply it at once conflict and the later one finds it applied."""
    for attempt in range(attempts):
        try:
            if _lake_schema_is_current(con):
                return
            with publish_lock(warehouse):
                _apply_lake_schema_once(con)
            return
        except duckdb.Error as exc:
            with contextlib.suppress(duckdb.Error):
                con.execute("ROLLBACK")
            if (not lake.is_conflict(exc) and "already exists" not in str(exc)) or attempt == attempts - 1:
                raise
            time.sleep(0.3 * (attempt + 1))


def _lake_schema_is_current(con: duckdb.DuckDBPyConnection) -> bool:
    return lake.meta_value(con, "schema_version") == schema_version()


def _apply_lake_schema_once(con: duckdb.DuckDBPyConnection) -> None:
    if _lake_schema_is_current(con):
        return  # another process applied it while this one waited
    version = schema_version()
    con.execute("BEGIN TRANSACTION")
    lake.ensure_meta(con)
    apply_schema(con, in_lake=True)
    create_views(con)
    lake.init_head(con)
    lake.set_meta(con, "schema_version", version)
    con.execute(f"CALL {lake.ALIAS}.set_commit_message('dateline', 'schema {version}')")
    con.execute("COMMIT")


def apply_schema(con: duckdb.DuckDBPyConnection, in_lake: bool = False) -> None:
    """The registry's DDL (warehouse/tables.yml: tables, quarantine tables, columns added
    since), then its comments where the warehouse's differ (a COMMENT is a catalog write)."""
    from warehouse import tables

    con.execute(tables.ddl(lake=in_lake))
    if not in_lake:
        _upgrade_json_columns(con, tables)
    have = {
        (t, c): (text or "")
        for t, c, text in con.execute(
            "SELECT table_name, NULL, comment FROM duckdb_tables() "
            "WHERE database_name = current_database() AND schema_name = 'main' "
            "UNION ALL SELECT table_name, column_name, comment FROM duckdb_columns() "
            "WHERE database_name = current_database() AND schema_name = 'main'"
        ).fetchall()
    }
    changed = [tables.comment_sql(t, c, text) for (t, c), text in tables.comments().items() if have.get((t, c)) != text]
    if changed:
        con.execute("\n".join(changed))


def _upgrade_json_columns(con: duckdb.DuckDBPyConnection, tables) -> None:
    """A warehouse built when JSON columns were VARCHAR gets them as JSON (the text is kept)."""
    json_cols = {(t.name, c.name) for t in tables.published_tables() for c in t.columns if c.type == "JSON"}
    have = con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = current_database() "
        "AND schema_name = 'main' AND data_type = 'VARCHAR'"
    ).fetchall()
    for t, c in json_cols & set(have):
        con.execute(f'ALTER TABLE "{t}" ALTER COLUMN "{c}" TYPE JSON')


def _views_sql() -> str:
    return VIEWS_SQL.read_text() if VIEWS_SQL.exists() else ""


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    if VIEWS_SQL.exists():
        con.execute(_views_sql())


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    names = [
        r[0]
        for r in con.execute(
            "select table_name from information_schema.tables where table_catalog = current_database() "
            "and table_schema = 'main' and table_type = 'BASE TABLE' order by table_name"
        ).fetchall()
    ]
    return {n: con.execute(f'select count(*) from "{n}"').fetchall()[0][0] for n in names}


def fts_extension_path() -> str | None:
    """The fts extension shipped by the `duckdb-extension-fts` package (no download)."""
    found = lake.package_extension("duckdb_extension_fts")
    return str(found) if found else None


def load_fts(con: duckdb.DuckDBPyConnection) -> bool:
    path = fts_extension_path()
    if not path:
        return False
    con.execute(f"LOAD '{path}'")
    return True


def create_search_indexes(con: duckdb.DuckDBPyConnection) -> bool:
    """BM25 full-text indexes over article titles/bodies and quotes (rebuilt per load).

    Query them with fts_main_dim_article.match_bm25(article_id, 'words') and
    fts_main_fact_quote.match_bm25(quote_id, 'words') after `LOAD fts` (dateline sql does it).
    A lake has none: DuckLake stores tables and views, not the index's macros."""
    if lake.is_lake(con) or not load_fts(con):
        return False
    con.execute("PRAGMA create_fts_index('dim_article', 'article_id', 'title', 'body', overwrite=1)")
    con.execute("PRAGMA create_fts_index('fact_quote', 'quote_id', 'quote_text', overwrite=1)")
    return True
