"""The expectations every table gets from its registry entry (warehouse/tables.yml): the
key is present and unique, NOT NULL columns are filled, enumerated columns hold known
values, foreign keys resolve, and a span's offsets give its text.

expectations/spec.py adds the ones that belong to one table."""

from __future__ import annotations

from transforms.checks import OFFSETS_CHECK, fk_check_name
from warehouse.tables import Column, Table

CRITICAL, WARNING = "critical", "warning"


def expectation(kind: str, severity: str, description: str, quarantine: bool = True, **kwargs) -> dict:
    """One expectation: GX's native `severity` and `description`; `meta.quarantine` is ours
    (false: a warning that reports without setting rows aside)."""
    meta = {} if quarantine else {"quarantine": False}
    return {"type": kind, "kwargs": kwargs, "severity": severity, "description": description, "meta": meta}


def param(name: str) -> dict:
    return {"$PARAMETER": name}


def holds(check: str, severity: str, description: str, quarantine: bool = True) -> dict:
    """A derived `_chk_*` column (transforms/checks.py) is true on every row."""
    return expectation(
        "expect_column_values_to_be_in_set", severity, description, quarantine, column=check, value_set=[True]
    )


def _key(t: Table) -> list[dict]:
    out = [
        expectation(
            "expect_column_values_to_not_be_null", CRITICAL, f"{c} is never null: it is part of the key.", column=c
        )
        for c in t.key
    ]
    if len(t.key) == 1:
        out.append(
            expectation(
                "expect_column_values_to_be_unique",
                CRITICAL,
                f"{t.key[0]} is unique: one row per key.",
                column=t.key[0],
            )
        )
    elif t.key:
        out.append(
            expectation(
                "expect_compound_columns_to_be_unique",
                CRITICAL,
                f"({', '.join(t.key)}) is unique: one row per key.",
                column_list=list(t.key),
            )
        )
    return out


def _not_null(t: Table) -> list[dict]:
    return [
        expectation(
            "expect_column_values_to_not_be_null",
            CRITICAL,
            f"{c.name} is never null (NOT NULL in the warehouse).",
            column=c.name,
        )
        for c in t.columns
        if c.not_null and not c.set_by_load and c.default is None and c.name not in t.key
    ]


def _values(c: Column) -> list[dict]:
    """An enumerated column holds its values: listed in the registry, or a reference table's."""
    if c.enum:
        allowed, says = list(c.enum), f"one of: {', '.join(c.enum)}"
    elif c.enum_ref:
        allowed, says = param(c.enum_ref), f"a known value from seeds/reference ({c.enum_ref})"
    else:
        return []
    return [expectation("expect_column_values_to_be_in_set", c.severity, f"{c.name} is {says}.", column=c.name,
                        value_set=allowed)]  # fmt: skip


def _reference(c: Column) -> list[dict]:
    if not c.gated_reference:
        return []
    when = "".join(f" on rows where {k} = {v}" for k, v in c.references_when.items())
    return [holds(fk_check_name(c.name), c.severity, f"{c.name} is null or joins to {c.references}{when}.")]


def _offsets(t: Table) -> list[dict]:
    if not t.offsets:
        return []
    o = t.offsets
    # a span that does not give its text is set aside, never loaded, and never stops a run
    return [
        holds(
            OFFSETS_CHECK,
            WARNING,
            f"{o['text']} is exactly the title or body from {o['start']} to {o['end']} (by {o['section']}).",
        )
    ]


def generic_expectations(t: Table) -> list[dict]:
    return (
        _key(t)
        + _not_null(t)
        + [e for c in t.columns for e in _values(c)]
        + [e for c in t.columns for e in _reference(c)]
        + _offsets(t)
    )
