"""Polars schemas of the published tables, from the table registry (warehouse/tables.yml),
so a transform's frame and the warehouse's DDL cannot drift apart.

A transform that fills only some of a table's columns names them; their types still come
from the registry."""

from warehouse.tables import polars_schema


def columns_of(table: str, *columns: str) -> dict:
    """The registry's schema of `table`, restricted to `columns` (in that order)."""
    schema = polars_schema(table)
    return {c: schema[c] for c in columns}


DIM_ARTICLE = polars_schema("dim_article")
DIM_PUBLISHER = polars_schema("dim_publisher")
DIM_DATE = polars_schema("dim_date")
FACT_ACTOR_MENTION = polars_schema("fact_actor_mention")
FACT_QUOTE = polars_schema("fact_quote")
FACT_EVENT = polars_schema("fact_event")
DQ_RESULT = polars_schema("dq_result")
DIM_PLACE = polars_schema("dim_place")
DIM_EVENT = polars_schema("dim_event")
# what the actor resolver writes (first_seen, last_seen and mention_count come at load)
DIM_ACTOR = columns_of("dim_actor", "actor_id", "name", "actor_type", "country_code", "sector")
DIM_ACTOR_ALIAS = polars_schema("dim_actor_alias")
ACTOR_ROLE = polars_schema("actor_role")
# what the planner writes (the load stamps first_run_id, last_run_id and updated_at)
INGEST_LEDGER = columns_of(
    "ingest_ledger",
    "ledger_id",
    "source_path",
    "record_no",
    "source_format",
    "external_id",
    "raw_hash",
    "content_hash",
    "article_id",
    "status",
    "action",
    "reason",
)
