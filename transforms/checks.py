"""Derived check columns for the quality gate (pure Polars).

GX 1.x has no Polars support and its SQL path to DuckDB is fragile, so row-level rules that
need another table are computed here as boolean `_chk_*` columns, and the GX suites in
`expectations/` assert them. The generic ones come from the table registry
(warehouse/tables.yml): a foreign key resolves (`_chk_<name>_fk`), a span's offsets give its
text (`_chk_offsets`). The rest belong to one table each (`TABLE_CHECKS`).
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from warehouse import tables as registry

QUOTE_CHARS = '"“”„«»'
OFFSETS_CHECK = "_chk_offsets"


def fk_check_name(column: str) -> str:
    """`speaker_actor_id` -> `_chk_speaker_fk`, `article_id` -> `_chk_article_fk`."""
    stem = column.removesuffix("_id")
    return f"_chk_{stem.removesuffix('_actor') or stem}_fk"


def _texts(articles: pl.DataFrame) -> pl.DataFrame:
    # unique: a duplicated article key is its own (critical) failure and must not multiply
    # the fact rows joined to it
    return articles.select("article_id", "title", "body").unique("article_id", keep="first", maintain_order=True)


def _offsets_ok(df: pl.DataFrame, articles: pl.DataFrame, offsets: dict) -> pl.DataFrame:
    """True where (title if section = 'title' else body)[start:end] is the row's text."""
    start, end, text, section = offsets["start"], offsets["end"], offsets["text"], offsets["section"]
    joined = df.join(_texts(articles), on="article_id", how="left")
    ok = []
    for sec, title, body, s, e, t in joined.select(section, "title", "body", start, end, text).iter_rows():
        src = title if sec == "title" else body
        ok.append(src is not None and s is not None and e is not None and 0 <= s <= e <= len(src) and src[s:e] == t)
    return df.with_columns(pl.Series(OFFSETS_CHECK, ok, dtype=pl.Boolean))


def _referenced_keys(ref: str, tables: dict[str, pl.DataFrame], known: dict[str, set]) -> set:
    """Keys of `table.column` the run will leave: those already in the warehouse (`known`,
    by table) and those in this batch."""
    table, _, column = ref.partition(".")
    if table not in known and table not in tables:
        raise KeyError(
            f"the quality gate has no keys of {table} to check a reference to {ref} against "
            "(mark it reference_checked: false in warehouse/tables.yml if it is written later)"
        )
    keys = set(known.get(table, set()))
    if table in tables:
        keys |= set(tables[table][column].drop_nulls().to_list())
    return keys


def _with_foreign_keys(
    df: pl.DataFrame, name: str, tables: dict[str, pl.DataFrame], known: dict[str, set]
) -> pl.DataFrame:
    checks = []
    for c in registry.table(name).columns:
        if not c.gated_reference:
            continue
        if c.name not in df.columns or df[c.name].null_count() == df.height:  # nothing to resolve
            checks.append(pl.lit(True).alias(fk_check_name(c.name)))
            continue
        ok = pl.col(c.name).is_null() | pl.col(c.name).is_in(list(_referenced_keys(c.references, tables, known)))
        for col, value in c.references_when.items():  # the reference holds on these rows only
            ok = ok | (pl.col(col) != value)
        checks.append(ok.fill_null(True).alias(fk_check_name(c.name)))
    return df.with_columns(checks) if checks else df


def _article_checks(df: pl.DataFrame, tables: dict[str, pl.DataFrame], today: dt.date) -> pl.DataFrame:
    """An article whose body holds a quotation gave at least one quote; events per article."""
    has_quotes = set(tables["fact_quote"]["article_id"].to_list()) if "fact_quote" in tables else set()
    ev = tables.get("fact_event")
    per_article = (
        ev.group_by("article_id").len("_n")
        if ev is not None
        else pl.DataFrame(schema={"article_id": pl.Utf8, "_n": pl.UInt32})
    )
    return (
        df.join(per_article, on="article_id", how="left")
        .with_columns(
            pl.col("_n").fill_null(0).cast(pl.Float64).alias("_chk_events_per_article"),
            (
                ~pl.col("body").str.contains(f"[{QUOTE_CHARS}][^{QUOTE_CHARS}\n]{{3,}}[{QUOTE_CHARS}]")
                | pl.col("article_id").is_in(list(has_quotes))
                | pl.lit("fact_quote" not in tables)
            ).alias("_chk_quotes_found"),
        )
        .drop("_n")
    )


def _event_date_checks(df: pl.DataFrame, tables: dict[str, pl.DataFrame], today: dt.date) -> pl.DataFrame:
    """An asserted or historical event does not happen after its article was published."""
    pub = tables["dim_article"].select("article_id", pl.col("published_date").alias("_pub"))
    return (
        df.join(pub, on="article_id", how="left")
        .with_columns(
            (
                pl.col("event_date").is_null()
                | pl.col("modality").is_in(["future", "hypothetical"])
                | pl.col("_pub").is_null()
                | (pl.col("event_date") <= pl.col("_pub"))
            ).alias("_chk_date_not_after_published")
        )
        .drop("_pub")
    )


TABLE_CHECKS = {"dim_article": _article_checks, "fact_event": _event_date_checks}


def prepare_for_checks(
    tables: dict[str, pl.DataFrame], known: dict[str, set], today: dt.date
) -> dict[str, pl.DataFrame]:
    """Add the `_chk_*` columns to every registered table of the batch. `known` holds the
    keys already in the warehouse by table ({"dim_article": ..., "dim_actor": ...}), so
    an incremental load can reference them. Facts with offsets come with their articles."""
    out = dict(tables)
    for name, df in tables.items():
        if name not in registry.registry():
            continue
        df = _with_foreign_keys(df, name, tables, known)
        offsets = registry.table(name).offsets
        if offsets:
            df = _offsets_ok(df, tables["dim_article"], offsets)
        if name in TABLE_CHECKS:
            df = TABLE_CHECKS[name](df, tables, today)
        out[name] = df
    return out
