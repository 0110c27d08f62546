"""The warehouse as a DuckLake: a catalog in SQLite (one machine, several processes) or
PostgreSQL (a team, many machines) and the data as Parquet files under a DATA_PATH.

Readers never block the writer here: every commit is a snapshot, and a reader sees the
last snapshot committed when its query started. A run publishes in one transaction, so
one `dateline run` is one snapshot. The extensions load from the `duckdb-extension-*`
packages' files, through an extension folder of links (nothing downloads).
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dateline import settings

PREFIX = "ducklake:"
ALIAS = "lake"  # the lake's catalog name in a dateline connection
STAGE_ALIAS = "run_stage"  # the run's staging database beside the lake (a DuckDB file)
META_SCHEMA = "lake_meta"  # its `state` table, key/value: the schema version applied, the last run published
# extension name DuckDB autoloads -> the package that ships it
EXTENSION_PACKAGES = {
    "ducklake": "duckdb_extension_ducklake",
    "sqlite_scanner": "duckdb_extension_sqlite",
    "postgres_scanner": "duckdb_extension_postgres",
    "fts": "duckdb_extension_fts",
}
# a commit another writer got in first (DuckLake's conflict check) or a busy SQLite catalog
_CONFLICT = re.compile(r"Transaction conflict|database is locked|could not serialize|deadlock", re.I)


class LakeError(ValueError):
    """A lake spec that cannot be used (unknown catalog, missing data path)."""


@dataclass(frozen=True)
class LakeSpec:
    """`ducklake:sqlite:PATH` or `ducklake:postgres:CONNINFO` (libpq key=value pairs)."""

    catalog: str  # sqlite | postgres
    target: str  # the SQLite file, or the PostgreSQL connection string

    @classmethod
    def parse(cls, spec: str) -> LakeSpec:
        rest = spec[len(PREFIX) :]
        catalog, _, target = rest.partition(":")
        if catalog not in ("sqlite", "postgres") or not target.strip():
            raise LakeError(f"unknown warehouse {spec!r}: use ducklake:sqlite:PATH or ducklake:postgres:CONNINFO")
        if catalog == "sqlite":
            target = str(Path(target).expanduser().absolute())
        return cls(catalog, target.strip())

    @property
    def uri(self) -> str:
        return f"{PREFIX}{self.catalog}:{self.target}"

    @property
    def sqlite_path(self) -> Path | None:
        return Path(self.target) if self.catalog == "sqlite" else None

    def default_data_path(self) -> str | None:
        """`<catalog folder>/<catalog stem>.files/` for a SQLite catalog; none for PostgreSQL
        (many machines must agree on it: give it)."""
        p = self.sqlite_path
        return str(p.with_name(p.stem + ".files")) + os.sep if p else None

    def anchor(self) -> Path:
        """A file path the lake's reports and run files sit beside: the SQLite catalog, or
        `<state>/lakes/<database name>` for PostgreSQL."""
        if self.sqlite_path:
            return self.sqlite_path
        db = re.search(r"(?:dbname|database)=(\S+)", self.target)
        return settings.state_dir().absolute() / "lakes" / ((db.group(1) if db else "postgres") + ".lake")

    def exists(self) -> bool:
        return self.sqlite_path.exists() if self.sqlite_path else True


def is_lake_spec(spec: str | os.PathLike) -> bool:
    return str(spec).startswith(PREFIX)


@functools.cache
def extension_dir() -> Path:
    """A DuckDB extension folder whose files are links to the packages' extensions, so
    DuckDB autoloads ducklake, sqlite, postgres and fts from them (and downloads nothing)."""
    version = duckdb.__version__
    platform = duckdb.execute("SELECT platform FROM pragma_platform()").fetchone()[0]
    root = settings.state_dir().absolute() / "duckdb-extensions"
    folder = root / f"v{version}" / platform
    folder.mkdir(parents=True, exist_ok=True)
    for name, package in EXTENSION_PACKAGES.items():
        link = folder / f"{name}.duckdb_extension"
        if link.exists():
            continue
        source = package_extension(package)
        if source is None:
            continue
        tmp = folder / f".{name}.{uuid.uuid4().hex}"
        try:
            tmp.symlink_to(source)
        except OSError:
            shutil.copyfile(source, tmp)
        os.replace(tmp, link)  # atomic: two processes may race here
    return root


def package_extension(package: str) -> Path | None:
    """The extension file a `duckdb-extension-*` package ships for this DuckDB."""
    try:
        module = __import__(package)
    except ImportError:
        return None
    found = sorted(Path(module.__file__).parent.glob(f"extensions/v{duckdb.__version__}/*.duckdb_extension"))
    return found[0] if found else None


def duckdb_config() -> dict:
    return {
        "extension_directory": str(extension_dir()),
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": True,
    }


def attach_sql(
    spec: LakeSpec, *, alias: str = ALIAS, read_only: bool = False, snapshot: int | None = None, data_path=None
) -> str:
    options = []
    if data_path:
        options.append(f"DATA_PATH '{sql_text(str(data_path))}'")
    if read_only:
        options.append("READ_ONLY")
    if snapshot is not None:
        options.append(f"SNAPSHOT_VERSION {int(snapshot)}")
    opts = f" ({', '.join(options)})" if options else ""
    return f"ATTACH '{sql_text(spec.uri)}' AS {alias}{opts}"


def sql_text(s: str) -> str:
    """`s` inside a SQL string literal."""
    return s.replace("'", "''")


def open_lake(spec: LakeSpec, *, read_only: bool = False, snapshot: int | None = None) -> duckdb.DuckDBPyConnection:
    """A connection whose default catalog is the lake (`USE lake`): the warehouse's SQL
    (`main."table"`) runs unchanged. A new lake gets its data path at creation."""
    if read_only and not spec.exists():
        raise FileNotFoundError(f"warehouse not found: {spec.uri} (run `dateline run` first)")
    if spec.sqlite_path and not read_only:
        spec.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    for attempt in range(5):
        con = duckdb.connect(config=duckdb_config())
        try:
            _attach(con, spec, read_only, snapshot)
            break
        except duckdb.Error as exc:
            con.close()
            # two processes creating one new lake: the one that lost finds it made
            if "Failed to initialize DuckLake" not in str(exc) or attempt == 4:
                raise
            time.sleep(0.5 * (attempt + 1))
        except BaseException:
            con.close()
            raise
    con.execute(f"USE {ALIAS}")
    return con


def spec_of(con: duckdb.DuckDBPyConnection) -> LakeSpec:
    """The lake a connection has attached as `lake`."""
    path = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = ?", [ALIAS]).fetchone()[0]
    return LakeSpec.parse(PREFIX + path)


def _attach(con: duckdb.DuckDBPyConnection, spec: LakeSpec, read_only: bool, snapshot: int | None) -> None:
    try:
        con.execute(attach_sql(spec, read_only=read_only, snapshot=snapshot))
    except duckdb.Error as exc:
        if "data_path is not set" not in str(exc):
            raise
        if read_only:
            raise FileNotFoundError(f"warehouse not found: {spec.uri} (run `dateline run` first)") from None
        # a new lake: its data files go where DATELINE_LAKE_DATA_PATH (--data-path) says
        data_path = os.environ.get("DATELINE_LAKE_DATA_PATH") or spec.default_data_path()
        if not data_path:
            raise LakeError(f"{spec.uri}: a new PostgreSQL-catalog lake needs --data-path") from None
        con.execute(attach_sql(spec, data_path=data_path))


def is_lake(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the connection's default catalog is a DuckLake."""
    row = con.execute("SELECT type FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    return bool(row) and row[0] == "ducklake"


def is_conflict(exc: BaseException) -> bool:
    """A commit that lost to another writer's (or found the SQLite catalog busy): retry it."""
    return isinstance(exc, duckdb.Error) and bool(_CONFLICT.search(str(exc)))


# the run's bookkeeping in the lake --------------------------------------------------------


def ensure_meta(con: duckdb.DuckDBPyConnection) -> None:
    """The lake's own state, in a schema of its own (the analyst's `main` holds the
    warehouse tables only)."""
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {META_SCHEMA}")
    con.execute(f"CREATE TABLE IF NOT EXISTS {META_SCHEMA}.state (key VARCHAR NOT NULL, value VARCHAR)")


def meta_value(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    """A key's value; None in a lake without its state table yet (a new one)."""
    made = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = ? AND table_name = 'state'",
        [META_SCHEMA],
    ).fetchone()[0]
    if not made:
        return None
    row = con.execute(f"SELECT value FROM {META_SCHEMA}.state WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def set_meta(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    """Delete and insert: two transactions setting the same key conflict when the row was
    there before both (a delete of nothing conflicts with nothing: `init_head`), so the
    later one's commit fails and is retried (that is what serialises publishes)."""
    con.execute(f"DELETE FROM {META_SCHEMA}.state WHERE key = ?", [key])
    con.execute(f"INSERT INTO {META_SCHEMA}.state VALUES (?, ?)", [key, value])


def init_head(con: duckdb.DuckDBPyConnection) -> None:
    """The head row every publish replaces, made with the schema (before any publish)."""
    if meta_value(con, "head_run_id") is None:
        set_meta(con, "head_run_id", "")


def current_snapshot(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute(f"SELECT id FROM {ALIAS}.current_snapshot()").fetchone()[0]


def claim_head(con: duckdb.DuckDBPyConnection, run_id: str, message: str | None = None) -> int:
    """Inside a run's publishing transaction: mark the lake's head as this run's, name the
    snapshot after it, and give the snapshot id the commit will get (the head's update
    makes a concurrent publish conflict, so nothing commits in between)."""
    set_meta(con, "head_run_id", run_id)
    con.execute(
        f"CALL {ALIAS}.set_commit_message('dateline', ?, extra_info => ?)",
        [message or f"dateline run {run_id}", f'{{"run_id": "{run_id}"}}'],
    )
    return current_snapshot(con) + 1


def snapshot_of_run(con: duckdb.DuckDBPyConnection, run_id: str) -> int | None:
    """The snapshot a run published (from the snapshot's commit message, the authority)."""
    row = con.execute(
        f"SELECT max(snapshot_id) FROM ducklake_snapshots('{ALIAS}') WHERE commit_extra_info = ?",
        [f'{{"run_id": "{run_id}"}}'],
    ).fetchone()
    return row[0] if row else None


# the run's staging database -------------------------------------------------------------


def stage_dir() -> Path:
    return settings.state_dir().absolute() / "lake-stage"


def attach_stage(con: duckdb.DuckDBPyConnection, path: Path | None = None) -> Path:
    """A fresh DuckDB file for this run's staged chunks (or the run's own `path` again),
    attached as `run_stage`. A lake transaction writes one database only, so the chunks
    cannot be staged in the lake; and a run's own file lets runs on other inputs stage at
    the same time."""
    if path is None:
        folder = stage_dir()
        folder.mkdir(parents=True, exist_ok=True)
        _drop_dead_stages(folder)
        path = folder / f"stage-{os.getpid()}-{uuid.uuid4().hex[:8]}.duckdb"
    con.execute(f"ATTACH '{sql_text(str(path))}' AS {STAGE_ALIAS}")
    return path


def detach_stage(con: duckdb.DuckDBPyConnection, path: Path | None) -> None:
    with contextlib.suppress(duckdb.Error):
        con.execute(f"DETACH {STAGE_ALIAS}")
    if path is not None:
        for p in (path, path.with_name(path.name + ".wal")):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()


def _drop_dead_stages(folder: Path) -> None:
    """Stage files of runs whose process is gone (killed mid-run): never published."""
    for p in folder.glob("stage-*.duckdb*"):
        pid = int(p.name.split("-")[1])
        if not _alive(pid):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
