"""The command line as a user meets it: exit codes, usage, help and fail-fast input checks."""

import argparse
import json
import os
import subprocess
import sys

import pytest

from dateline.cli import EXIT_NOINPUT, build_parser
from tests.conftest import PROJECT_ROOT, SEEDS, query


def _cli(*args, timeout=300):
    return subprocess.run(
        [sys.executable, "-m", "dateline.cli", *args],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env=dict(os.environ),
        timeout=timeout,
    )


def test_run_on_a_missing_path_exits_66_and_creates_nothing(tmp_path):
    db = tmp_path / "wh" / "w.duckdb"
    r = _cli("run", str(SEEDS), str(tmp_path / "nope"), "--warehouse", str(db))
    assert r.returncode == EXIT_NOINPUT == 66
    assert f"error: {tmp_path / 'nope'}: path does not exist" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "wh").exists()


def test_a_folder_with_nothing_readable_exits_66(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "notes.docx").write_bytes(b"PK")
    r = _cli("run", str(tmp_path / "in"), "--warehouse", str(tmp_path / "w.duckdb"))
    assert r.returncode == 66 and "no readable input files" in r.stderr
    assert not (tmp_path / "w.duckdb").exists()


def test_a_refused_run_is_ledgered_in_an_existing_warehouse(tmp_path):
    from warehouse.connection import connect
    from warehouse.load import record_refused_run

    db = tmp_path / "w.duckdb"
    connect(db).close()
    record_refused_run(connect(db), ["news/", "/nope"], [("/nope", "path does not exist")], run_id="run_x")
    assert query(db, "select source_path, status, reason, first_run_id from ingest_ledger") == [
        ("/nope", "rejected", "path does not exist", "run_x")
    ]
    assert query(db, "select status, records_rejected from etl_run") == [("refused", 1)]


def test_export_without_a_warehouse_is_one_line_and_creates_nothing(tmp_path):
    r = _cli("export", str(tmp_path / "out"), "--warehouse", str(tmp_path / "nope.duckdb"))
    assert r.returncode == 66
    assert r.stderr.strip().count("\n") == 0 and "warehouse not found" in r.stderr
    assert not (tmp_path / "out").exists() and not (tmp_path / "nope.duckdb").exists()


def test_sql_without_a_warehouse_is_one_line(tmp_path):
    r = _cli("sql", "--warehouse", str(tmp_path / "nope.duckdb"), "-c", "select 1")
    assert r.returncode == 66 and r.stderr.startswith("error: ") and r.stderr.strip().count("\n") == 0


def test_an_unknown_option_prints_the_commands_own_usage():
    r = _cli("run", "--bogus")
    assert r.returncode == 2
    assert r.stderr.startswith("usage: dateline run ") and "unrecognized arguments: --bogus" in r.stderr


def test_version():
    from importlib.metadata import version

    r = _cli("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"dateline {version('dateline')}"


def _commands(parser):
    for name, sub in parser.subcommands.items():
        yield name, sub
        for action in sub._actions:  # eval's own sub-commands
            if isinstance(action, argparse._SubParsersAction):
                for sub_name, subsub in action.choices.items():
                    yield f"{name} {sub_name}", subsub


@pytest.mark.parametrize(
    ("name", "sub"), list(_commands(build_parser())), ids=lambda x: x if isinstance(x, str) else ""
)
def test_every_command_has_an_example_and_every_option_help(name, sub):
    text = sub.format_help()
    assert "examples:" in text and "dateline " in text.split("examples:")[1], name
    for action in sub._actions:
        if action.option_strings and action.dest != "help":
            assert action.help, f"{name} {action.option_strings[0]} has no help"


def test_serve_runs_into_a_ducklake_unless_told_otherwise():
    from dateline.cli import serve_parameters

    parse = build_parser().parse_args
    default = serve_parameters(parse(["serve", "--cron", "* * * * *"]))
    assert default["warehouse"].startswith("ducklake:sqlite:") and default["warehouse"].endswith("lake.sqlite")
    assert "paths" not in default  # the flow's default: the seeds
    chosen = serve_parameters(parse(["serve", "news/", "--cron", "* * * * *", "--warehouse", "w.duckdb"]))
    assert chosen == {"paths": ["news/"], "warehouse": "w.duckdb"}


def test_top_level_help_lists_the_exit_codes():
    text = build_parser().format_help()
    for code in ("0 ", "2 ", "3 ", "66", "75"):
        assert f"  {code}" in text


def test_run_summary_as_json(tmp_path):
    r = _cli("run", str(SEEDS), "--warehouse", str(tmp_path / "w.duckdb"), "--json")
    assert r.returncode == 0, r.stderr[-2000:]
    summary = json.loads(r.stdout[r.stdout.index("{") :])
    assert summary["run_id"].startswith("run_")


def test_a_terminal_run_shows_the_bar_without_prefect_info_lines(tmp_path):
    import pty

    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "dateline.cli", "run", str(SEEDS), "--warehouse", str(tmp_path / "w.duckdb")],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=PROJECT_ROOT,
        env=dict(os.environ),
    )
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    assert proc.wait(timeout=300) == 0, out.decode(errors="replace")[-3000:]
    text = out.decode(errors="replace")
    assert "NLP + extraction" in text
    assert "| INFO" not in text and "View at" not in text
    assert "run history:" in text


def test_a_lake_exports_every_table_as_parquet(tmp_path):
    """`dateline export` reads a DuckLake as it reads a file (the lake's tables, not its state)."""
    import polars as pl

    from tests.warehouse.test_load import _seeded

    spec = f"ducklake:sqlite:{tmp_path / 'lake.sqlite'}"
    _seeded(spec).close()
    out = tmp_path / "out"
    r = _cli("export", str(out), "--warehouse", spec)
    assert r.returncode == 0, r.stderr
    assert pl.read_parquet(out / "dim_article.parquet")["article_id"].to_list() == ["art_1"]
    assert (out / "etl_run.parquet").exists() and not (out / "state.parquet").exists()


def test_run_with_no_dask_scheduler_at_the_address_exits_69(tmp_path, monkeypatch):
    """A --runner dask run whose scheduler never answers: one clear line, exit 69
    (EX_UNAVAILABLE), and nothing published (a failed run leaves the warehouse as it was)."""
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT", "2s")
    db = tmp_path / "w.duckdb"
    r = _cli("run", str(SEEDS), "--warehouse", str(db), "--runner", "dask", "--address", f"tcp://127.0.0.1:{port}")
    assert r.returncode == 69, r.stderr
    assert f"error: no Dask scheduler answered at tcp://127.0.0.1:{port}" in r.stderr
    assert query(db, "select count(*) from dim_article") == [(0,)]
    assert query(db, "select count(*) from etl_run") == [(0,)]
