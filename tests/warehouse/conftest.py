"""The warehouse tests run on every backend: a DuckDB file and a DuckLake (SQLite catalog).
(The PostgreSQL catalog is tested with a real server: tests/drills/test_lake_scale_out.py.)"""

import pytest

BACKENDS = ("duckdb-file", "ducklake-sqlite")


@pytest.fixture(params=BACKENDS)
def warehouse_spec(request, tmp_path) -> str:
    """A fresh warehouse of each backend, as `--warehouse` takes it."""
    if request.param == "duckdb-file":
        return str(tmp_path / "w.duckdb")
    return f"ducklake:sqlite:{tmp_path / 'lake.sqlite'}"
