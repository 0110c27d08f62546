"""The connection module: warehouse specs, and the locks that keep writers apart."""

import subprocess
import sys
import time

import pytest

from warehouse import connection, lake


@pytest.mark.parametrize(
    ("spec", "is_lake", "anchor_name"),
    [
        ("w/dateline.duckdb", False, "dateline.duckdb"),
        ("ducklake:sqlite:w/lake.sqlite", True, "lake.sqlite"),
        ("ducklake:postgres:dbname=news host=db.internal", True, "news.lake"),
    ],
)
def test_a_warehouse_spec_names_its_backend_and_the_file_its_reports_sit_beside(spec, is_lake, anchor_name):
    assert connection.is_lake_spec(spec) is is_lake
    assert connection.anchor(spec).name == anchor_name


@pytest.mark.parametrize("spec", ["ducklake:mysql:x", "ducklake:sqlite:", "ducklake:"])
def test_an_unknown_lake_spec_is_refused_with_the_forms_it_takes(spec):
    with pytest.raises(lake.LakeError, match="ducklake:sqlite:PATH or ducklake:postgres:CONNINFO"):
        lake.LakeSpec.parse(spec)


def test_a_new_sqlite_lake_keeps_its_files_beside_the_catalog(tmp_path):
    spec = f"ducklake:sqlite:{tmp_path / 'news.sqlite'}"
    con = connection.connect(spec)
    data_path = con.execute("select value from ducklake_options('lake') where option_name = 'data_path'").fetchone()
    assert data_path[0].rstrip("/") == str(tmp_path / "news.files")
    con.close()


def test_a_lake_reader_cannot_open_a_lake_that_does_not_exist(tmp_path):
    with pytest.raises(FileNotFoundError, match="run `dateline run` first"):
        connection.connect(f"ducklake:sqlite:{tmp_path / 'none.sqlite'}", read_only=True)
    assert not (tmp_path / "none.sqlite").exists()


def test_a_publish_into_a_sqlite_lake_waits_for_another_processes_publish(tmp_path):
    """A SQLite catalog takes one writer: publishes on one machine take turns (the second
    waits, and gives up with a clear message when told not to wait long)."""
    spec = f"ducklake:sqlite:{tmp_path / 'lake.sqlite'}"
    holder = subprocess.Popen(
        [sys.executable, "-c", f"""
import sys, time
sys.path.insert(0, {str(connection.Path(__file__).resolve().parents[2])!r})
from warehouse.connection import publish_lock
with publish_lock({spec!r}):
    print("held", flush=True)
    time.sleep(2)
"""],
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(connection.WarehouseLocked, match="a publish into"):
        with connection.publish_lock(spec, wait_seconds=0.3):
            pass
    t0 = time.monotonic()
    with connection.publish_lock(spec, wait_seconds=30):
        waited = time.monotonic() - t0
    holder.wait(timeout=10)
    assert 0.5 < waited < 10


def test_a_file_warehouse_has_no_past_snapshots(tmp_path):
    with pytest.raises(ValueError, match="only a DuckLake warehouse keeps past snapshots"):
        connection.connect(tmp_path / "w.duckdb", snapshot=1)
