"""`dateline migrate`: a DuckDB file warehouse copied into a new lake with its ids and runs."""

import pytest

from tests.warehouse.test_load import _chunk, _dump, _run, _seeded
from warehouse.connection import connect
from warehouse.load import LoadSession
from warehouse.migrate import MigrationRefused, migrate_to_lake


@pytest.fixture
def file_warehouse(tmp_path):
    """Two runs in a DuckDB file: the seeded one and a second chunk."""
    path = str(tmp_path / "w.duckdb")
    con = _seeded(path)
    with LoadSession(con, "r2") as session:
        session.stage(*session.as_loaded(_chunk(2)))
        session.finish({**_run("r2"), "started_at": _run("r2")["started_at"].replace(day=2)})
    before = _dump(con)
    con.close()
    return path, before


def test_a_file_warehouse_migrates_into_a_lake_with_every_row_id_and_run(file_warehouse, tmp_path):
    path, before = file_warehouse
    spec = f"ducklake:sqlite:{tmp_path / 'lake.sqlite'}"
    counts = migrate_to_lake(path, spec)
    assert counts["dim_article"] == 2 and counts["etl_run"] == 2
    con = connect(spec, read_only=True)
    after = _dump(con)
    # every table and row, ids included; etl_run differs only in the last run's snapshot id
    assert {t: rows for t, rows in after.items() if t != "etl_run"} == {
        t: rows for t, rows in before.items() if t != "etl_run"
    }
    runs = con.execute("select run_id, snapshot_id from etl_run order by started_at").fetchall()
    migration = con.execute("select max(snapshot_id) from ducklake_snapshots('lake')").fetchone()[0]
    assert runs == [("r1", None), ("r2", migration)]
    con.close()


def test_a_migration_fills_a_new_lake_only(file_warehouse, tmp_path):
    path, _ = file_warehouse
    spec = f"ducklake:sqlite:{tmp_path / 'lake.sqlite'}"
    migrate_to_lake(path, spec)
    with pytest.raises(MigrationRefused, match="already holds runs"):
        migrate_to_lake(path, spec)


def test_a_migration_needs_a_file_and_a_lake(tmp_path):
    with pytest.raises(FileNotFoundError, match="warehouse not found"):
        migrate_to_lake(tmp_path / "none.duckdb", f"ducklake:sqlite:{tmp_path / 'lake.sqlite'}")
    (tmp_path / "w.duckdb").write_bytes(b"")
    with pytest.raises(ValueError, match="migrate copies into a DuckLake"):
        migrate_to_lake(tmp_path / "w.duckdb", str(tmp_path / "other.duckdb"))
