"""The GX suites: one per checked table of the registry (warehouse/tables.yml).

Each suite is the table's generic expectations (expectations/generic.py: key, NOT NULL,
enumerations, foreign keys, offsets) followed by the ones that belong to that table alone,
listed here. `dateline dq init` writes the suites into the GX file context under
`expectations/gx/` (committed); runs read them from there.

`severity` is GX's own: `critical` fails the run and loads nothing; `warning` loads the good
rows and copies the failing ones to `quarantine_<table>` (unless `meta.quarantine` is false,
for table-level sanity checks that report without setting rows aside). Dynamic values
(today's date, the ISO3 list, the event types) are suite parameters (`{"$PARAMETER": name}`)
filled in at run time.
"""

from __future__ import annotations

from expectations.generic import CRITICAL, WARNING, expectation, generic_expectations, holds, param
from warehouse import tables as registry

E = expectation

TONE_IN_RANGE = E("expect_column_values_to_be_between", WARNING, "tone (VADER compound) is between -1 and 1.",
                  column="tone", min_value=-1, max_value=1)  # fmt: skip

TABLE_EXPECTATIONS: dict[str, list[dict]] = {
    "dim_article": [
        E("expect_column_value_lengths_to_be_between", CRITICAL, "The body is not empty.", column="body", min_value=1),
        E(
            "expect_column_values_to_match_regex",
            CRITICAL,
            "content_hash is a SHA-256 in hex.",
            column="content_hash",
            regex=r"^[0-9a-f]{64}$",
        ),
        E(
            "expect_column_values_to_match_regex",
            WARNING,
            "language is an ISO 639 code.",
            column="language",
            regex=r"^[a-z]{2,3}$",
        ),
        E(
            "expect_column_values_to_be_between",
            WARNING,
            "published_date is after 1900 and not in the future.",
            column="published_date",
            min_value=param("min_published"),
            max_value=param("today"),
        ),
        holds(
            "_chk_quotes_found",
            WARNING,
            "An article with a quotation in its body gave at least one quote.",
            quarantine=False,
        ),
        E(
            "expect_column_mean_to_be_between",
            WARNING,
            "Events per article stay under the ceiling on average "
            "(more means the event coder is firing on everything).",
            quarantine=False,
            column="_chk_events_per_article",
            min_value=0,
            max_value=param("max_events_per_article"),
        ),
        TONE_IN_RANGE,
    ],
    "fact_quote": [
        E(
            "expect_column_values_to_be_null",
            WARNING,
            "A scare-quoted term has no speaker.",
            column="speaker_actor_id",
            row_condition='quote_type=="term"',
            condition_parser="pandas",
        ),
        # the share of real quotes without a speaker must not jump
        E(
            "expect_column_values_to_not_be_null",
            WARNING,
            "Most quotes (other than terms) have a speaker.",
            quarantine=False,
            column="speaker_text",
            mostly=param("min_speaker_share"),
            row_condition='quote_type!="term"',
            condition_parser="pandas",
        ),
        E(
            "expect_column_values_to_be_between",
            WARNING,
            "confidence is between 0 and 1.",
            column="confidence",
            min_value=0,
            max_value=1,
        ),
        TONE_IN_RANGE,
    ],
    "fact_event": [
        holds(
            "_chk_date_not_after_published",
            WARNING,
            "An asserted or historical event's date is not after its article's publication.",
        ),
        E(
            "expect_column_values_to_be_between",
            WARNING,
            "goldstein is between -10 and 10 (the Goldstein scale).",
            column="goldstein",
            min_value=-10,
            max_value=10,
        ),
    ],
    "dim_date": [
        E(
            "expect_column_values_to_be_between",
            CRITICAL,
            "month is between 1 and 12.",
            column="month",
            min_value=1,
            max_value=12,
        )
    ],
}


def suites() -> dict[str, list[dict]]:
    """table -> its expectations, for every checked table of the registry."""
    return {
        name: generic_expectations(registry.table(name)) + TABLE_EXPECTATIONS.get(name, [])
        for name in registry.checked_tables()
    }


SUITES: dict[str, list[dict]] = suites()


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
