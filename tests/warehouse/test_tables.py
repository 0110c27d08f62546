"""The table registry (warehouse/tables.yml) and what is made from it: the DDL with its
comments and constraints, the data dictionary, and a fact table added by one entry."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from warehouse import tables
from warehouse.connection import connect

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = {
    "VARCHAR": "x",
    "JSON": "{}",
    "INTEGER": 1,
    "BIGINT": 1,
    "DOUBLE": 0.5,
    "BOOLEAN": True,
    "DATE": dt.date(2021, 4, 2),
    "TIMESTAMP": dt.datetime(2021, 4, 2, 12),
}


@pytest.fixture
def con(warehouse_spec):
    c = connect(warehouse_spec)
    yield c
    c.close()


@pytest.fixture
def file_con(tmp_path):
    c = connect(tmp_path / "w.duckdb")
    yield c
    c.close()


def test_every_column_of_every_published_table_has_a_comment(con):
    rows = con.execute(
        "SELECT table_name, column_name, comment FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name = 'main' "
        "AND table_name IN (SELECT table_name FROM duckdb_tables())"
    ).fetchall()
    assert len(rows) > 250
    assert [(t, c) for t, c, text in rows if not text] == []
    table_comments = dict(
        con.execute(
            "SELECT table_name, comment FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = 'main'"
        ).fetchall()
    )
    assert all(table_comments.values()), [t for t, text in table_comments.items() if not text]


def test_the_warehouse_has_exactly_the_registry_tables_and_types(con):
    published = {t.name: t for t in tables.published_tables()}
    have = {}
    for t, c, typ in con.execute(
        "SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE database_name = current_database() "
        "AND schema_name = 'main' AND table_name IN (SELECT table_name FROM duckdb_tables())"
    ).fetchall():
        have.setdefault(t, {})[c] = typ
    assert set(have) == set(published)
    for name, t in published.items():
        assert have[name] == {c.name: c.type for c in t.columns}, name


def test_every_quarantine_table_exists_on_a_clean_warehouse(con):
    names = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert {f"quarantine_{t}" for t in tables.checked_tables()} <= names
    assert con.execute("SELECT count(*) FROM quarantine_fact_quote").fetchone() == (0,)


def _row(t: tables.Table, **values) -> dict:
    row = {}
    for c in t.columns:
        row[c.name] = c.enum[0] if c.enum else SAMPLE[c.type]
    return row | values


def _insert(con, t: tables.Table, row: dict) -> None:
    cols = ", ".join(f'"{c}"' for c in row)
    con.execute(f'INSERT INTO "{t.name}" ({cols}) VALUES ({", ".join("?" for _ in row)})', list(row.values()))


ENUMERATED = [(t.name, c.name) for t in tables.registry().values() for c in t.columns if c.enum]


def test_the_enumerated_columns_are_the_ones_analysts_filter_on():
    assert {
        ("fact_quote", "quote_type"),
        ("fact_event", "modality"),
        ("dim_actor", "actor_type"),
        ("etl_run", "status"),
        ("ingest_ledger", "status"),
    } <= set(ENUMERATED)


@pytest.mark.parametrize(("table_name", "column"), ENUMERATED)
def test_an_enumerated_column_rejects_an_unknown_value(file_con, table_name, column):
    """A DuckDB file's CHECK constraint (a lake has none: there the quality gate's enum
    expectation is the check, tests/test_quality.py)."""
    t = tables.table(table_name)
    _insert(file_con, t, _row(t))  # every known value is accepted
    with pytest.raises(duckdb.ConstraintException):
        _insert(file_con, t, _row(t, **{k: f"other-{k}" for k in t.key}, **{column: "not-a-known-value"}))


def test_an_older_warehouse_gets_the_columns_added_since(tmp_path):
    path = tmp_path / "old.duckdb"
    old = duckdb.connect(str(path))
    old.execute(
        "CREATE TABLE dim_article (article_id VARCHAR PRIMARY KEY, external_id VARCHAR NOT NULL, "
        "source_path VARCHAR NOT NULL, body VARCHAR NOT NULL)"
    )
    old.execute("INSERT INTO dim_article VALUES ('art_1', 'a', 'a.txt', 'text')")
    old.close()
    con = connect(path)
    cols = [r[0] for r in con.execute("DESCRIBE dim_article").fetchall()]
    assert cols[:4] == ["article_id", "external_id", "source_path", "body"]
    assert {"language", "published_date", "run_id"} <= set(cols)
    assert con.execute("SELECT article_id, language FROM dim_article").fetchall() == [("art_1", None)]
    con.close()


def test_the_data_dictionary_matches_the_registry():
    doc = ROOT / "docs" / "schema.md"
    assert doc.read_text() == tables.schema_markdown(), "docs/schema.md is stale: run `dateline schema`"


def test_the_data_dictionary_lists_every_column_and_join():
    text = tables.schema_markdown()
    for t in tables.registry().values():
        assert f"## {t.name}" in text
        for c in t.columns:
            assert f"| `{c.name}` |" in text
            if c.references:
                assert f"| `{t.name}.{c.name}` | `{c.references}` |" in text


def test_the_polars_schemas_of_the_transforms_come_from_the_registry():
    from transforms import schemas

    assert schemas.FACT_QUOTE == tables.polars_schema("fact_quote")
    assert list(schemas.DIM_ARTICLE) == tables.table("dim_article").column_names


def test_the_load_order_puts_every_referenced_table_first():
    order = tables.load_order()
    for t in tables.registry().values():
        for c in t.columns:
            if c.referenced_table and c.referenced_table != t.name:
                assert order.index(c.referenced_table) < order.index(t.name), (t.name, c.name)
    refresh = tables.refresh_order()
    assert refresh.index("fact_quote") < refresh.index("dim_article") < refresh.index("dim_publisher")


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("  kind: fact\n  description: d\n  columns:\n    a: {type: TEXT, description: d}\n", "type 'TEXT'"),
        ("  kind: fact\n  description: d\n  columns:\n    a: {type: VARCHAR}\n", "needs a description"),
        (
            "  kind: fact\n  description: d\n  columns:\n"
            "    a: {type: VARCHAR, description: d, references: nowhere.id}\n",
            "references nowhere.id",
        ),
        (
            "  kind: fact\n  description: d\n  key: [b]\n  columns:\n    a: {type: VARCHAR, description: d}\n",
            "key names",
        ),
        ("  kind: cube\n  description: d\n  columns: {}\n", "kind must be"),
        ("  kind: fact\n  description: d\n  colums: {}\n", "unknown field"),
    ],
)
def test_a_wrong_registry_entry_is_refused_with_its_name(tmp_path, monkeypatch, entry, message):
    path = tmp_path / "tables.yml"
    path.write_text(tables.REGISTRY_FILE.read_text() + "\nfact_broken:\n" + entry)
    monkeypatch.setenv("DATELINE_TABLES", str(path))
    with pytest.raises(tables.RegistryError, match=message) as err:
        tables.registry()
    assert "fact_broken" in str(err.value)


THROWAWAY = """
fact_sentence:
  kind: fact
  description: "Body sentences (a throwaway table: tests/warehouse/test_tables.py)."
  key: [sentence_id]
  load: insert
  article_child: true
  refresh: true
  extractor: tests.warehouse.sentence_extractor:sentence_rows
  id: {column: sentence_id, prefix: sen_, from: [article_id, start_char]}
  offsets: {start: start_char, end: end_char, text: sentence_text, section: section}
  columns:
    sentence_id: {type: VARCHAR, description: "Hash of (article, start)."}
    article_id: {type: VARCHAR, not_null: true, references: dim_article.article_id, description: "The article."}
    section: {type: VARCHAR, not_null: true, enum: [title, body, caption], description: "Where it is."}
    sentence_index: {type: INTEGER, not_null: true, description: "Its number."}
    start_char: {type: INTEGER, not_null: true, description: "Start offset."}
    end_char: {type: INTEGER, not_null: true, description: "End offset."}
    sentence_text: {type: VARCHAR, not_null: true, description: "The sentence."}
    token_count: {type: INTEGER, description: "Tokens in it."}
    first_actor_id: {type: VARCHAR, references: dim_actor.actor_id, description: "The first actor named in it."}
"""


def _project_copy(dest: Path) -> Path:
    ignore = shutil.ignore_patterns(
        ".venv",
        ".state",
        ".git",
        "reports",
        "uncommitted",
        "*.duckdb*",
        "__pycache__",
        ".pytest_cache",
        ".hypothesis",
        "work",
    )
    shutil.copytree(ROOT, dest, ignore=ignore)
    return dest


@pytest.mark.slow
def test_a_fact_table_added_by_its_registry_entry_alone_is_loaded_and_checked(tmp_path):
    """In a copy of the project, one entry appended to tables.yml (its extractor is a test
    module): `dateline dq init` and `dateline run` give a checked, commented, loaded table."""
    project = _project_copy(tmp_path / "project")
    registry = project / "warehouse" / "tables.yml"
    registry.write_text(registry.read_text() + THROWAWAY)
    env = {
        **os.environ,
        "PYTHONPATH": str(project),
        "DATELINE_STATE_DIR": str(tmp_path / "state"),
        "DATELINE_REPORTS_DIR": str(tmp_path / "reports"),
    }
    env.pop("DATELINE_TABLES", None)
    warehouse = tmp_path / "w.duckdb"
    for args in (["dq", "init"], ["run", str(ROOT / "seeds" / "articles"), "--warehouse", str(warehouse)]):
        done = subprocess.run(
            [sys.executable, "-m", "dateline.cli", *args],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr[-3000:]
    assert (project / "expectations" / "gx" / "expectations" / "fact_sentence.json").exists()
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        n, n_actor, bad_offsets = con.execute(
            "SELECT count(*), count(first_actor_id), count(*) FILTER (WHERE substr(a.body, s.start_char + 1, "
            "s.end_char - s.start_char) <> s.sentence_text) FROM fact_sentence s JOIN dim_article a USING (article_id)"
        ).fetchone()
        assert n > 20 and n_actor > 5 and bad_offsets == 0
        # its actors are warehouse actors, not the article-local keys
        assert con.execute(
            "SELECT count(*) FROM fact_sentence WHERE first_actor_id IS NOT NULL AND first_actor_id "
            "NOT IN (SELECT actor_id FROM dim_actor)"
        ).fetchone() == (0,)
        checks = dict(
            con.execute("SELECT expectation, success FROM dq_result WHERE table_name = 'fact_sentence'").fetchall()
        )
        assert checks["expect_column_values_to_be_in_set(_chk_first_fk)"] is True
        assert checks["expect_column_values_to_be_in_set(_chk_offsets)"] is True
        assert checks["expect_column_values_to_be_unique(sentence_id)"] is True
        assert (
            con.execute(
                "SELECT comment FROM duckdb_columns() WHERE table_name = 'fact_sentence' "
                "AND column_name = 'first_actor_id'"
            )
            .fetchone()[0]
            .endswith("Joins to dim_actor.actor_id.")
        )
        assert con.execute("SELECT count(*) FROM quarantine_fact_sentence").fetchone() == (0,)
    finally:
        con.close()


def test_an_older_warehouse_gets_its_json_columns_as_json(tmp_path):
    path = tmp_path / "old.duckdb"
    old = duckdb.connect(str(path))
    old.execute(
        "CREATE TABLE etl_run (run_id VARCHAR PRIMARY KEY, started_at TIMESTAMP NOT NULL, "
        "status VARCHAR NOT NULL, row_counts VARCHAR)"
    )
    old.execute("""INSERT INTO etl_run VALUES ('run_1', '2021-04-02', 'succeeded', '{"dim_article": 2}')""")
    old.close()
    con = connect(path)
    types = dict(
        con.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'etl_run'").fetchall()
    )
    assert types["row_counts"] == "JSON" and types["stage_seconds"] == "JSON"
    assert con.execute("SELECT row_counts->>'dim_article' FROM etl_run").fetchone() == ("2",)
    con.close()
