"""Shared helpers of the event tests: `code(text)` runs the ETL's actors and events on a
sentence and checks every row against the `STG_EVENT` contract; `run(text)` runs actors,
quotes and events in the ETL's order."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from tests.transforms.events.support import PUB
from transforms import events as ev
from transforms import quotes as quotes_mod


@pytest.fixture(scope="module")
def tables(reference_tables):
    return reference_tables


@pytest.fixture(scope="module")
def code(analyse, lexicons):
    def _code(text: str, published: dt.date | None = PUB):
        ctx = analyse(text, published)
        rows = ev.extract_events(ctx, lexicons.events)
        pl.DataFrame(rows, schema=ev.STG_EVENT, orient="row")  # the schema holds
        for r in rows:
            assert set(r) == set(ev.STG_EVENT)
            assert r["trigger_text"] == text[r["start_char"] : r["end_char"]]
            assert r["modality"] in ev.MODALITIES
            assert 0 <= r["confidence"] <= 1
        names = {k: a.name for k, a in ctx.actors.actors.items()}
        for r in rows:  # readable actor names for the assertions
            r["source"] = names.get(r["source_key"])
            r["target"] = names.get(r["target_key"])
        return rows

    return _code


@pytest.fixture(scope="module")
def run(analyse, lexicons):
    """The ETL's order: actors, quotes (they note the speakers "I" goes back to), events."""

    def _run(text: str):
        ctx = analyse(text)
        quotes_mod.extract_quotes(ctx)
        return ev.extract_events(ctx, lexicons.events)

    return _run
