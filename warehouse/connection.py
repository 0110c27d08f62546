"""The warehouse's one read-write connection, and read-only access for everyone else.

A run holds an exclusive lock file beside the database for its whole length, so a second
`dateline run` fails fast with a clear message instead of colliding at load time.
DuckDB's own file lock then covers the other direction: a reader holding the file open
(e.g. `duckdb -readonly` in another terminal) makes the writer fail with a clear message.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

VIEWS_SQL = Path(__file__).with_name("views.sql")


class WarehouseLocked(RuntimeError):
    """Another process holds the warehouse."""


def _lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


@contextlib.contextmanager
def writer_lock(db_path: str | os.PathLike) -> Iterator[None]:
    """Hold the single-writer lock for the duration of a run (non-blocking)."""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    lock = _lock_path(db_path)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "unknown"
                raise WarehouseLocked(
                    f"warehouse is locked by another process (dateline run, pid {holder}): {db_path}"
                ) from None
            raise
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
    db_path: str | os.PathLike, read_only: bool = False, lock_wait_seconds: float = 5.0
) -> duckdb.DuckDBPyConnection:
    """Open the warehouse; the read-write connection also applies the DDL and the views."""
    db_path = Path(db_path)
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


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """The registry's DDL (warehouse/tables.yml: tables, quarantine tables, columns added
    since), then its comments where the warehouse's differ (a COMMENT is a catalog write)."""
    from warehouse import tables

    con.execute(tables.ddl())
    _upgrade_json_columns(con, tables)
    have = {
        (t, c): (text or "")
        for t, c, text in con.execute(
            "SELECT table_name, NULL, comment FROM duckdb_tables() WHERE schema_name = 'main' "
            "UNION ALL SELECT table_name, column_name, comment FROM duckdb_columns() WHERE schema_name = 'main'"
        ).fetchall()
    }
    changed = [tables.comment_sql(t, c, text) for (t, c), text in tables.comments().items() if have.get((t, c)) != text]
    if changed:
        con.execute("\n".join(changed))


def _upgrade_json_columns(con: duckdb.DuckDBPyConnection, tables) -> None:
    """A warehouse built when JSON columns were VARCHAR gets them as JSON (the text is kept)."""
    json_cols = {(t.name, c.name) for t in tables.published_tables() for c in t.columns if c.type == "JSON"}
    have = con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'main' AND data_type = 'VARCHAR'"
    ).fetchall()
    for t, c in json_cols & set(have):
        con.execute(f'ALTER TABLE "{t}" ALTER COLUMN "{c}" TYPE JSON')


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    if VIEWS_SQL.exists():
        con.execute(VIEWS_SQL.read_text())


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    names = [
        r[0]
        for r in con.execute(
            "select table_name from information_schema.tables where table_schema = 'main' "
            "and table_type = 'BASE TABLE' order by table_name"
        ).fetchall()
    ]
    return {n: con.execute(f'select count(*) from "{n}"').fetchall()[0][0] for n in names}


def fts_extension_path() -> str | None:
    """The fts extension shipped by the `duckdb-extension-fts` package (no download)."""
    try:
        import duckdb_extension_fts
    except ImportError:
        return None
    found = sorted(
        Path(duckdb_extension_fts.__file__).parent.glob(f"extensions/v{duckdb.__version__}/fts.duckdb_extension")
    )
    return str(found[0]) if found else None


def load_fts(con: duckdb.DuckDBPyConnection) -> bool:
    path = fts_extension_path()
    if not path:
        return False
    con.execute(f"LOAD '{path}'")
    return True


def create_search_indexes(con: duckdb.DuckDBPyConnection) -> bool:
    """BM25 full-text indexes over article titles/bodies and quotes (rebuilt per load).

    Query them with fts_main_dim_article.match_bm25(article_id, 'words') and
    fts_main_fact_quote.match_bm25(quote_id, 'words') after `LOAD fts` (dateline sql does it)."""
    if not load_fts(con):
        return False
    con.execute("PRAGMA create_fts_index('dim_article', 'article_id', 'title', 'body', overwrite=1)")
    con.execute("PRAGMA create_fts_index('fact_quote', 'quote_id', 'quote_text', overwrite=1)")
    return True
