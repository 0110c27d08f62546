"""The table registry (`tables.yml`): one entry per published table, and what is made from it.

Read by every layer that needs a table's shape: the DDL and comments applied at connect
(`ddl`, `comment_statements`), the Polars schemas (`Table.polars_schema`), the load
(`upsert_keys`, `article_children`, `refresh_order`), the generic expectations
(expectations/generic.py), the derived check columns (transforms/checks.py) and
docs/schema.md (`schema_markdown`, written by `dateline schema`).

Pure: no DuckDB here (transforms/ read it too). `DATELINE_TABLES` names another registry
file (a test adds a throwaway table to a copy).
"""

from __future__ import annotations

import functools
import importlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import yaml

REGISTRY_FILE = Path(__file__).with_name("tables.yml")
KINDS = ("dim", "fact", "run", "quality")
SEVERITIES = ("critical", "warning")
LOADS = ("insert", "upsert", "replace")
_POLARS = {
    "VARCHAR": pl.Utf8,
    "JSON": pl.Utf8,
    "INTEGER": pl.Int64,
    "BIGINT": pl.Int64,
    "DOUBLE": pl.Float64,
    "BOOLEAN": pl.Boolean,
    "DATE": pl.Date,
    "TIMESTAMP": pl.Datetime("us"),
}


class RegistryError(ValueError):
    """tables.yml says something impossible (an unknown type, a reference to nothing)."""


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    not_null: bool = False
    default: str | None = None
    set_by_load: bool = False
    enum: tuple[str, ...] = ()
    enum_ref: str | None = None
    references: str | None = None  # "table.column"
    references_when: dict = field(default_factory=dict)
    reference_checked: bool = True
    severity: str = "critical"

    @property
    def polars_type(self) -> pl.DataType:
        return _POLARS[self.type]

    @property
    def referenced_table(self) -> str | None:
        return self.references.split(".")[0] if self.references else None

    @property
    def gated_reference(self) -> bool:
        """A reference the quality gate checks (the referenced keys exist when it runs)."""
        return bool(self.references) and self.reference_checked

    def comment(self) -> str:
        text = self.description.rstrip()
        if self.enum:
            text += f" One of: {', '.join(self.enum)}."
        if self.enum_ref:
            text += f" Values from seeds/reference ({self.enum_ref})."
        if self.references:
            text += f" Joins to {self.references}."
        return text


@dataclass(frozen=True)
class Table:
    name: str
    kind: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    load: str = "insert"
    keep_on_upsert: tuple[str, ...] = ()
    article_child: bool = False
    refresh: bool = False
    checked: bool = True
    offsets: dict = field(default_factory=dict)
    extractor: str | None = None
    id: dict = field(default_factory=dict)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def polars_schema(self) -> dict[str, pl.DataType]:
        return {c.name: c.polars_type for c in self.columns}

    @property
    def upsert_key(self) -> tuple[str, ...] | None:
        return self.key if self.load == "upsert" else None

    def references_to(self, table: str) -> list[Column]:
        return [c for c in self.columns if c.referenced_table == table]

    def extractor_function(self):
        """The function `module:function` that gives this fact table's rows for one article."""
        module, _, name = self.extractor.partition(":")
        return getattr(importlib.import_module(module), name)


def _column(name: str, spec: dict, table: str) -> Column:
    unknown = set(spec) - set(Column.__dataclass_fields__)
    if unknown:
        raise RegistryError(f"{table}.{name}: unknown field(s) {sorted(unknown)}")
    if spec.get("type") not in _POLARS:
        raise RegistryError(f"{table}.{name}: type {spec.get('type')!r} is not one of {sorted(_POLARS)}")
    if not spec.get("description"):
        raise RegistryError(f"{table}.{name}: every column needs a description")
    if spec.get("severity", "critical") not in SEVERITIES:
        raise RegistryError(f"{table}.{name}: severity must be one of {SEVERITIES}")
    spec = {
        **spec,
        "enum": tuple(spec.get("enum") or ()),
        "default": None if spec.get("default") is None else str(spec["default"]),
    }
    return Column(name=name, **spec)


def _table(name: str, spec: dict) -> Table:
    unknown = set(spec) - set(Table.__dataclass_fields__)
    if unknown:
        raise RegistryError(f"{name}: unknown field(s) {sorted(unknown)}")
    if spec.get("load", "insert") not in LOADS:
        raise RegistryError(f"{name}: load must be one of {LOADS}")
    if spec.get("kind") not in KINDS:
        raise RegistryError(f"{name}: kind must be one of {KINDS}")
    columns = tuple(_column(c, s, name) for c, s in (spec.get("columns") or {}).items())
    names = {c.name for c in columns}
    for part in ("key", "keep_on_upsert"):
        missing = set(spec.get(part) or ()) - names
        if missing:
            raise RegistryError(f"{name}: {part} names unknown column(s) {sorted(missing)}")
    if spec.get("extractor") and set(spec.get("id") or {}) != {"column", "prefix", "from"}:
        raise RegistryError(f"{name}: a table with an extractor needs id: {{column, prefix, from}}")
    id_columns = {(spec.get("id") or {}).get("column")} | set((spec.get("id") or {}).get("from") or ())
    missing = (set((spec.get("offsets") or {}).values()) | id_columns - {None}) - names
    if missing:
        raise RegistryError(f"{name}: offsets or id name unknown column(s) {sorted(missing)}")
    return Table(
        **{
            **spec,
            "name": name,
            "columns": columns,
            "key": tuple(spec.get("key") or ()),
            "keep_on_upsert": tuple(spec.get("keep_on_upsert") or ()),
        }
    )


def _check_references(tables: dict[str, Table]) -> None:
    for t in tables.values():
        for c in t.columns:
            if not c.references:
                continue
            ref_table, _, ref_col = c.references.partition(".")
            if ref_table not in tables or ref_col not in tables[ref_table].column_names:
                raise RegistryError(f"{t.name}.{c.name}: references {c.references}, which is not in the registry")


def registry_path() -> Path:
    return Path(os.environ.get("DATELINE_TABLES") or REGISTRY_FILE)


@functools.cache
def _load(path: Path) -> dict[str, Table]:
    raw = yaml.safe_load(path.read_text()) or {}
    tables = {name: _table(name, spec) for name, spec in raw.items()}
    _check_references(tables)
    return tables


def registry() -> dict[str, Table]:
    """Every published table, in the registry's order."""
    return _load(registry_path())


def table(name: str) -> Table:
    return registry()[name]


def polars_schema(name: str) -> dict[str, pl.DataType]:
    return table(name).polars_schema


def upsert_keys() -> dict[str, tuple[str, ...]]:
    return {t.name: t.upsert_key for t in registry().values() if t.upsert_key}


def article_children() -> tuple[str, ...]:
    return tuple(t.name for t in registry().values() if t.article_child)


def checked_tables() -> tuple[str, ...]:
    return tuple(t.name for t in registry().values() if t.checked)


def fact_extractors() -> dict[str, Table]:
    """Fact tables whose rows an extractor gives, article by article."""
    return {t.name: t for t in registry().values() if t.extractor}


def load_order() -> list[str]:
    """Tables with every referenced table before them (parents first)."""
    tables, done, order = registry(), set(), []

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in done:
            return
        if name in path:
            raise RegistryError(f"reference cycle: {' -> '.join((*path, name))}")
        for c in tables[name].columns:
            if c.referenced_table and c.referenced_table != name:
                visit(c.referenced_table, (*path, name))
        done.add(name)
        order.append(name)

    for name in tables:
        visit(name, ())
    return order


def refresh_order() -> tuple[str, ...]:
    """Tables a full refresh empties, children first (so no row outlives what it joins to)."""
    return tuple(t for t in reversed(load_order()) if registry()[t].refresh)


# DDL -----------------------------------------------------------------------------------


def _sql_list(values) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def _column_ddl(c: Column, constraints: bool = True, checks: bool = True) -> str:
    sql = f'"{c.name}" {c.type}'
    if not constraints:
        return sql
    if c.not_null:
        sql += " NOT NULL"
    if c.default is not None:
        sql += f" DEFAULT {c.default}"
    if c.enum and checks:
        sql += f' CHECK ("{c.name}" IN ({_sql_list(c.enum)}))'
    return sql


def create_table_sql(t: Table, lake: bool = False) -> str:
    """`lake`: DuckLake keeps NOT NULL and defaults but has no CHECK or PRIMARY KEY; there
    the load's MERGE keeps keys unique and the quality gate checks the enumerations."""
    parts = [_column_ddl(c, checks=not lake) for c in t.columns]
    if t.key and not lake:
        parts.append(f"PRIMARY KEY ({', '.join(t.key)})")
    return f'CREATE TABLE IF NOT EXISTS "{t.name}" (\n    ' + ",\n    ".join(parts) + "\n);"


def quarantine_table(t: Table) -> Table:
    """`quarantine_<table>`: the table's columns without constraints (a failing value is why
    a row is there), then the failed expectation and the run that set the row aside."""
    extra = (
        Column("expectation", "VARCHAR", "The expectation(s) the row failed, or 'parent article quarantined'."),
        Column("run_id", "VARCHAR", "The run that set the row aside."),
    )
    cols = tuple(Column(c.name, c.type, c.description) for c in t.columns if c.name not in ("expectation", "run_id"))
    return Table(
        name=f"quarantine_{t.name}",
        kind="quality",
        columns=cols + extra,
        description=f"Rows of {t.name} a warning-severity expectation set aside (empty when none was).",
    )


def published_tables() -> list[Table]:
    """The registry's tables and a quarantine table for every checked one."""
    tables = list(registry().values())
    return tables + [quarantine_table(t) for t in tables if t.checked]


def ddl(lake: bool = False) -> str:
    """Idempotent DDL for a new or older warehouse: tables, then any column added since."""
    statements = []
    for t in published_tables():
        statements.append(create_table_sql(t, lake))
        # a warehouse built before a column was added gets it (without its constraints)
        statements += [
            f'ALTER TABLE "{t.name}" ADD COLUMN IF NOT EXISTS {_column_ddl(c, constraints=False)};' for c in t.columns
        ]
    return "\n".join(statements)


def _quote_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def comments() -> dict[tuple[str, str | None], str]:
    """(table, column or None) -> comment, for every published table and column."""
    out = {}
    for t in published_tables():
        out[(t.name, None)] = t.description.rstrip()
        out |= {(t.name, c.name): c.comment() for c in t.columns}
    return out


def comment_sql(table_name: str, column: str | None, text: str) -> str:
    target = f'TABLE "{table_name}"' if column is None else f'COLUMN "{table_name}"."{column}"'
    return f"COMMENT ON {target} IS {_quote_text(text)};"


# docs/schema.md ------------------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _column_row(t: Table, c: Column) -> str:
    notes = []
    if c.name in t.key:
        notes.append("key")
    if c.not_null:
        notes.append("not null")
    if c.enum:
        notes.append("one of " + ", ".join(f"`{v}`" for v in c.enum))
    if c.enum_ref:
        notes.append(f"from seeds/reference ({c.enum_ref})")
    if c.references:
        notes.append(f"→ `{c.references}`")
    return f"| `{c.name}` | {c.type} | {_cell(c.description)} | {'; '.join(notes)} |"


def schema_markdown() -> str:
    """The data dictionary: every table, its columns, keys and joins."""
    tables = registry()
    lines = [
        "# The dateline warehouse: data dictionary",
        "",
        "Written by `dateline schema` from `warehouse/tables.yml`; do not edit by hand "
        "(a test checks that it matches the registry). The same text is in the warehouse: "
        "`SELECT table_name, column_name, comment FROM duckdb_columns() WHERE schema_name = 'main'`.",
        "",
        "Every checked table `t` has a `quarantine_t` with its columns plus `expectation` and `run_id`: "
        "the rows a warning-severity expectation set aside.",
        "",
        "| table | kind | key | load | what it holds |",
        "| --- | --- | --- | --- | --- |",
    ]
    lines += [
        f"| [`{t.name}`](#{t.name}) | {t.kind} | {', '.join(t.key) or '—'} | {t.load} | {_cell(t.description)} |"
        for t in tables.values()
    ]
    lines += ["", "## Join keys", "", "| from | to |", "| --- | --- |"]
    lines += [f"| `{t.name}.{c.name}` | `{c.references}` |" for t in tables.values() for c in t.columns if c.references]
    for t in tables.values():
        lines += ["", f"## {t.name}", "", t.description.rstrip(), ""]
        facts = [f"kind {t.kind}", f"loaded by {t.load}" + (f" on ({', '.join(t.key)})" if t.upsert_key else "")]
        if t.article_child:
            facts.append("replaced with its article")
        if t.offsets:
            facts.append(f"`{t.offsets['text']}` = (title or body)[`{t.offsets['start']}`:`{t.offsets['end']}`]")
        lines += [
            "; ".join(facts) + ".",
            "",
            "| column | type | description | constraints |",
            "| --- | --- | --- | --- |",
        ]
        lines += [_column_row(t, c) for c in t.columns]
    return "\n".join(lines) + "\n"
