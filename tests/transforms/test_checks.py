"""The derived `_chk_*` columns the quality gate asserts (transforms/checks.py), one rule per
row of a table: the generic ones from the registry (foreign keys, offsets) and the ones
of one table (quotes found, event dates)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from tests.test_quality import BODY, article, quote, tables
from transforms.checks import fk_check_name, prepare_for_checks
from transforms.schemas import FACT_EVENT, INGEST_LEDGER

TODAY = dt.date(2026, 11, 30)
START = BODY.index("we made")


@pytest.mark.parametrize(
    ("column", "check"),
    [
        ("article_id", "_chk_article_fk"),
        ("actor_id", "_chk_actor_fk"),
        ("speaker_actor_id", "_chk_speaker_fk"),
        ("location_actor_id", "_chk_location_fk"),
        ("event_type", "_chk_event_type_fk"),
    ],
)
def test_a_foreign_key_check_is_named_after_its_column(column, check):
    assert fk_check_name(column) == check


def _quote_checks(known=None, **changes):
    t = tables(quotes=[quote(start=START, end=START + 16) | changes])
    return prepare_for_checks(t, known or {}, TODAY)["fact_quote"].row(0, named=True)


@pytest.mark.parametrize(
    ("changes", "known", "expected"),
    [
        ({}, None, {"_chk_article_fk": True, "_chk_speaker_fk": True, "_chk_addressee_fk": True, "_chk_offsets": True}),
        ({"speaker_actor_id": None}, None, {"_chk_speaker_fk": True}),  # unresolved is allowed
        ({"speaker_actor_id": "act_nobody"}, None, {"_chk_speaker_fk": False}),
        (
            {"speaker_actor_id": "act_known"},
            {"dim_actor": {"act_known"}},
            {"_chk_speaker_fk": True},
        ),  # in the warehouse
        ({"addressee_actor_id": "act_nobody"}, None, {"_chk_addressee_fk": False}),
        ({"article_id": "art_9"}, None, {"_chk_article_fk": False}),
        ({"article_id": "art_9"}, {"dim_article": {"art_9"}}, {"_chk_article_fk": True}),
        ({"start_char": START + 1}, None, {"_chk_offsets": False}),
        ({"end_char": len(BODY) + 5}, None, {"_chk_offsets": False}),
        ({"section": "title"}, None, {"_chk_offsets": False}),  # the article has no title
    ],
)
def test_quote_checks(changes, known, expected):
    row = _quote_checks(known, **changes)
    assert {k: row[k] for k in expected} == expected


def test_offsets_read_the_title_for_a_title_section():
    art = article() | {"title": "Pompeo in Pyongyang"}
    t = tables(articles=[art], quotes=[quote(start=0, end=6, text="Pompeo") | {"section": "title"}])
    assert prepare_for_checks(t, {}, TODAY)["fact_quote"]["_chk_offsets"].to_list() == [True]


def _ledger(status, article_id):
    row = {c: None for c in INGEST_LEDGER} | {
        "ledger_id": "led_1",
        "source_path": "a.txt",
        "record_no": 0,
        "status": status,
        "action": "new",
        "article_id": article_id,
    }
    return pl.DataFrame([row], schema=INGEST_LEDGER, orient="row")


@pytest.mark.parametrize(
    ("status", "article_id", "ok"),
    [
        ("loaded", "art_1", True),
        ("loaded", "art_gone", False),
        ("duplicate", "art_gone", True),  # the reference holds on loaded rows only
        ("rejected", None, True),
    ],
)
def test_a_ledger_row_that_loaded_points_at_an_article(status, article_id, ok):
    out = prepare_for_checks({"ingest_ledger": _ledger(status, article_id)}, {"dim_article": {"art_1"}}, TODAY)
    assert out["ingest_ledger"]["_chk_article_fk"].to_list() == [ok]


def test_a_reference_the_gate_cannot_see_is_an_error_not_a_pass():
    with pytest.raises(KeyError, match="no keys of dim_article"):
        prepare_for_checks({"ingest_ledger": _ledger("loaded", "art_1")}, {}, TODAY)


@pytest.mark.parametrize(
    ("body", "quotes", "found"),
    [
        (BODY, "one", True),
        (BODY, "none", False),  # a quotation in the body and no quote extracted
        ("Pompeo met Kim on Saturday.", "none", True),
    ],
)
def test_quotes_found(body, quotes, found):
    qs = [quote(start=START, end=START + 16)] if quotes == "one" else []
    t = tables(articles=[article(body=body)], quotes=qs)
    assert prepare_for_checks(t, {}, TODAY)["dim_article"]["_chk_quotes_found"].to_list() == [found]


def _event(event_date, modality):
    row = {c: None for c in FACT_EVENT} | {
        "event_id": "evt_1",
        "article_id": "art_1",
        "section": "body",
        "sentence_index": 0,
        "event_type": "CONSULT",
        "is_negated": False,
        "modality": modality,
        "event_date": event_date,
        "trigger_text": "said",
        "start_char": 7,
        "end_char": 11,
        "evidence": BODY,
    }
    return pl.DataFrame([row], schema=FACT_EVENT, orient="row")


@pytest.mark.parametrize(
    ("event_date", "modality", "ok"),
    [
        (dt.date(2021, 4, 1), "asserted", True),
        (dt.date(2021, 4, 3), "asserted", False),  # after the article was published
        (dt.date(2021, 4, 3), "future", True),
        (None, "asserted", True),
    ],
)
def test_an_asserted_event_is_not_dated_after_its_article(event_date, modality, ok):
    t = tables() | {"fact_event": _event(event_date, modality)}
    out = prepare_for_checks(t, {}, TODAY)
    assert out["fact_event"]["_chk_date_not_after_published"].to_list() == [ok]
    assert out["dim_article"]["_chk_events_per_article"].to_list() == [1.0]
