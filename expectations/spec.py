"""The source of the GX suites: one suite per published table.

`dateline dq init` writes these into the GX file context under `expectations/gx/` (the
committed files); runs read the suites from there. Each expectation carries
`meta.severity`: `critical` fails the run and loads nothing; `warning` loads the good rows
and copies the failing ones to `quarantine_<table>` (unless `meta.quarantine` is false, for
table-level sanity checks that report without setting rows aside).

Dynamic values (today's date, the ISO3 list, the event types) are suite parameters
(`{"$PARAMETER": name}`) filled in at run time.
"""

from __future__ import annotations

CRITICAL, WARNING = "critical", "warning"


def E(kind: str, severity: str, quarantine: bool = True, **kwargs) -> dict:
    meta = {"severity": severity}
    if not quarantine:
        meta["quarantine"] = False
    return {"type": kind, "kwargs": kwargs, "meta": meta}


def key(*cols: str) -> list[dict]:
    out = [E("expect_column_values_to_not_be_null", CRITICAL, column=c) for c in cols]
    if len(cols) == 1:
        out.append(E("expect_column_values_to_be_unique", CRITICAL, column=cols[0]))
    else:
        out.append(E("expect_compound_columns_to_be_unique", CRITICAL, column_list=list(cols)))
    return out


def true(col: str, severity: str, quarantine: bool = True) -> dict:
    return E("expect_column_values_to_be_in_set", severity, quarantine, column=col, value_set=[True])


def in_set(col: str, values, severity: str = WARNING) -> dict:
    return E("expect_column_values_to_be_in_set", severity, column=col, value_set=values)


def param(name: str) -> dict:
    return {"$PARAMETER": name}


SECTIONS = ["title", "body", "caption"]
ACTOR_TYPES = ["person", "organization", "country", "location", "group"]
QUOTE_TYPES = ["direct", "partial", "indirect", "term"]
MODALITIES = ["asserted", "future", "hypothetical", "historical"]
GRANULARITIES = ["day", "month", "year"]

SUITES: dict[str, list[dict]] = {
    "dim_article": [
        *key("article_id"),
        E("expect_column_values_to_not_be_null", CRITICAL, column="body"),
        E("expect_column_value_lengths_to_be_between", CRITICAL, column="body", min_value=1),
        E("expect_column_values_to_match_regex", CRITICAL, column="content_hash", regex=r"^[0-9a-f]{64}$"),
        E("expect_column_values_to_match_regex", WARNING, column="language", regex=r"^[a-z]{2,3}$"),
        E("expect_column_values_to_be_between", WARNING, column="published_date",
          min_value=param("min_published"), max_value=param("today")),
        true("_chk_quotes_found", WARNING, quarantine=False),
        E("expect_column_mean_to_be_between", WARNING, quarantine=False, column="_chk_events_per_article",
          min_value=0, max_value=param("max_events_per_article")),
    ],
    "dim_actor": [
        *key("actor_id"),
        E("expect_column_values_to_not_be_null", CRITICAL, column="name"),
        in_set("actor_type", ACTOR_TYPES, CRITICAL),
        in_set("country_code", param("iso3"), CRITICAL),
        in_set("sector", param("sectors"), CRITICAL),
    ],
    "dim_actor_alias": [*key("actor_id", "alias"), true("_chk_actor_fk", CRITICAL)],
    "actor_role": [true("_chk_actor_fk", CRITICAL), true("_chk_article_fk", CRITICAL),
                   in_set("country_code", param("iso3"), WARNING)],
    "fact_actor_mention": [
        *key("mention_id"),
        true("_chk_article_fk", CRITICAL),
        true("_chk_actor_fk", CRITICAL),
        in_set("section", SECTIONS, CRITICAL),
        true("_chk_offsets", WARNING),
    ],
    "fact_quote": [
        *key("quote_id"),
        true("_chk_article_fk", CRITICAL),
        true("_chk_speaker_fk", CRITICAL),
        true("_chk_addressee_fk", CRITICAL),
        in_set("quote_type", QUOTE_TYPES, WARNING),
        true("_chk_offsets", WARNING),
        E("expect_column_values_to_be_null", WARNING, column="speaker_actor_id",
          row_condition='quote_type=="term"', condition_parser="pandas"),
        # Share of real quotes without a resolved speaker must not jump.
        E("expect_column_values_to_not_be_null", WARNING, quarantine=False, column="speaker_text",
          mostly=param("min_speaker_share"), row_condition='quote_type!="term"', condition_parser="pandas"),
        E("expect_column_values_to_be_between", WARNING, column="confidence", min_value=0, max_value=1),
    ],
    "fact_event": [
        *key("event_id"),
        true("_chk_article_fk", CRITICAL),
        true("_chk_source_fk", CRITICAL),
        true("_chk_target_fk", CRITICAL),
        in_set("event_type", param("event_types"), WARNING),
        in_set("modality", MODALITIES, WARNING),
        in_set("date_granularity", GRANULARITIES, WARNING),
        in_set("location_country", param("iso3"), WARNING),
        true("_chk_offsets", WARNING),
        true("_chk_date_not_after_published", WARNING),
        E("expect_column_values_to_not_be_null", CRITICAL, column="is_negated"),
    ],
    "dim_event_type": [*key("event_type")],
    "dim_date": [*key("date_key"),
                 E("expect_column_values_to_be_between", CRITICAL, column="month", min_value=1, max_value=12)],
    "ingest_ledger": [
        *key("ledger_id"),
        in_set("status", ["loaded", "duplicate", "rejected"], CRITICAL),
        in_set("action", ["new", "changed", "unchanged", "duplicate", "rejected"], CRITICAL),
        true("_chk_article_fk", CRITICAL),
    ],
}


def columns_checked(table: str, available: list[str]) -> list[str]:
    """The columns of `table` its suite reads (named in kwargs or a row condition), in the
    frame's order; validation hands GX only these (a wide text column costs on every filter)."""
    import re

    named: set[str] = set()
    for e in SUITES.get(table, []):
        kw = e["kwargs"]
        named |= {kw[k] for k in ("column", "column_A", "column_B") if k in kw}
        named |= set(kw.get("column_list") or [])
        named |= set(re.findall(r"[A-Za-z_]\w*", kw.get("row_condition") or ""))
    return [c for c in available if c in named]
