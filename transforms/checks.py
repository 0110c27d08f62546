"""Derived check columns for the quality gate (pure Polars).

GX 1.x has no Polars support and its SQL path to DuckDB is fragile, so row-level rules that
need another table (foreign keys, offsets into the body, event date vs published date) are
computed here as boolean `_chk_*` columns; the GX suites in `expectations/` assert them.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

QUOTE_CHARS = "\"“”„«»"


def _texts(articles: pl.DataFrame) -> pl.DataFrame:
    # unique: a duplicated article key is its own (critical) failure and must not multiply
    # the fact rows joined to it
    return articles.select("article_id", "title", "body", "published_date").unique("article_id", keep="first",
                                                                                   maintain_order=True)


def _offsets_ok(df: pl.DataFrame, articles: pl.DataFrame, text_col: str, start: str = "start_char",
                end: str = "end_char", name: str = "_chk_offsets") -> pl.DataFrame:
    joined = df.join(_texts(articles), on="article_id", how="left")
    ok = []
    for r in joined.select("section", "title", "body", start, end, text_col).iter_rows():
        section, title, body, s, e, text = r
        src = title if section == "title" else body
        ok.append(src is not None and s is not None and e is not None and 0 <= s <= e <= len(src) and src[s:e] == text)
    return df.with_columns(pl.Series(name, ok, dtype=pl.Boolean))


def _fk(df: pl.DataFrame, col: str, keys: set[str], name: str) -> pl.DataFrame:
    return df.with_columns((pl.col(col).is_null() | pl.col(col).is_in(list(keys))).alias(name))


def prepare_for_checks(tables: dict[str, pl.DataFrame], known: dict[str, set[str]],
                       today: dt.date) -> dict[str, pl.DataFrame]:
    """Add `_chk_*` columns. `known` holds keys already in the warehouse
    ({"article_id": ..., "actor_id": ...}) so incremental loads can reference them."""
    out = dict(tables)
    articles = tables.get("dim_article")
    article_ids = set(known.get("article_id", set())) | set(articles["article_id"].to_list() if articles is not None else [])
    actor_ids = set(known.get("actor_id", set()))
    if "dim_actor" in tables:
        actor_ids |= set(tables["dim_actor"]["actor_id"].to_list())

    if articles is not None:
        has_quotes = set()
        for t in ("fact_quote",):
            if t in tables:
                has_quotes |= set(tables[t]["article_id"].to_list())
        ev = tables.get("fact_event")
        per_article = (ev.group_by("article_id").len("_n") if ev is not None
                       else pl.DataFrame(schema={"article_id": pl.Utf8, "_n": pl.UInt32}))
        articles = articles.join(per_article, on="article_id", how="left").with_columns(
            pl.col("_n").fill_null(0).cast(pl.Float64).alias("_chk_events_per_article")).drop("_n")
        out["dim_article"] = articles.with_columns(
            (~pl.col("body").str.contains(f"[{QUOTE_CHARS}][^{QUOTE_CHARS}\n]{{3,}}[{QUOTE_CHARS}]")
             | pl.col("article_id").is_in(list(has_quotes)) | pl.lit("fact_quote" not in tables)
             ).alias("_chk_quotes_found"),
        )
    if "fact_actor_mention" in tables:
        df = _fk(tables["fact_actor_mention"], "actor_id", actor_ids, "_chk_actor_fk")
        df = _fk(df, "article_id", article_ids, "_chk_article_fk")
        out["fact_actor_mention"] = _offsets_ok(df, articles, "text")
    if "fact_quote" in tables:
        df = _fk(tables["fact_quote"], "speaker_actor_id", actor_ids, "_chk_speaker_fk")
        df = _fk(df, "addressee_actor_id", actor_ids, "_chk_addressee_fk")
        df = _fk(df, "article_id", article_ids, "_chk_article_fk")
        out["fact_quote"] = _offsets_ok(df, articles, "quote_text")
    if "fact_event" in tables:
        df = _fk(tables["fact_event"], "source_actor_id", actor_ids, "_chk_source_fk")
        df = _fk(df, "target_actor_id", actor_ids, "_chk_target_fk")
        df = _fk(df, "article_id", article_ids, "_chk_article_fk")
        df = _offsets_ok(df, articles, "trigger_text")
        pub = articles.select("article_id", pl.col("published_date").alias("_pub"))
        df = df.join(pub, on="article_id", how="left").with_columns(
            (pl.col("event_date").is_null() | pl.col("modality").is_in(["future", "hypothetical"])
             | pl.col("_pub").is_null() | (pl.col("event_date") <= pl.col("_pub"))).alias("_chk_date_not_after_published")
        ).drop("_pub")
        out["fact_event"] = df
    if "dim_actor_alias" in tables:
        out["dim_actor_alias"] = _fk(tables["dim_actor_alias"], "actor_id", actor_ids, "_chk_actor_fk")
    if "actor_role" in tables:
        df = _fk(tables["actor_role"], "actor_id", actor_ids, "_chk_actor_fk")
        out["actor_role"] = _fk(df, "article_id", article_ids, "_chk_article_fk")
    if "ingest_ledger" in tables:
        out["ingest_ledger"] = tables["ingest_ledger"].with_columns(
            ((pl.col("status") != "loaded") | pl.col("article_id").is_in(list(article_ids))).alias("_chk_article_fk"))
    return out
