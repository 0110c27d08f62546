"""The quality gate on tiny frames: one corruption of each kind.

Critical failures (duplicate key, dangling foreign key) stop the load; warnings (offset
out of range, bad enumeration value, future date) move the failing rows to quarantine and
let the good rows load, and every result lands in dq_result."""

import datetime as dt

import duckdb
import polars as pl
import pytest

from dateline import quality
from transforms.schemas import FACT_QUOTE
from transforms.staging import DIM_ARTICLE
from warehouse.connection import connect
from warehouse.load import LoadPayload, load_run

DIM_ACTOR = {"actor_id": pl.Utf8, "name": pl.Utf8, "actor_type": pl.Utf8, "country_code": pl.Utf8, "sector": pl.Utf8}
BODY = "Pompeo said “we made progress” on Saturday."
PARAMS = quality.suite_parameters({"iso3": ["USA", "PRK"], "sectors": ["GOV"], "event_types": ["CONSULT"]},
                                  today=dt.date(2026, 11, 24))


def article(aid="art_1", published=dt.date(2021, 4, 2), body=BODY):
    return {"article_id": aid, "external_id": aid, "source_path": f"{aid}.txt", "title": None, "author": None,
            "publisher_id": None, "publisher": None, "url": None, "published_date": published, "body": body,
            "content_hash": "0" * 64, "word_count": len(body.split()), "ingested_at": dt.datetime(2026, 1, 1),
            "run_id": "run_x"}


def quote(qid="quo_1", aid="art_1", start=18, end=31, text="we made progress", qtype="direct", speaker="act_p"):
    return {"quote_id": qid, "article_id": aid, "section": "body", "sentence_index": 0, "quote_text": text,
            "quote_type": qtype, "start_char": start, "end_char": end, "speaker_actor_id": speaker,
            "speaker_text": "Pompeo", "speaker_start": 0, "speaker_end": 6, "cue": "said", "addressee_actor_id": None,
            "attribution_method": "explicit", "confidence": 0.9}


def tables(articles=None, quotes=None, actors=None):
    start = BODY.index("we made")
    qs = quotes if quotes is not None else [quote(start=start, end=start + len("we made progress"))]
    return {
        "dim_article": pl.DataFrame(articles or [article()], schema=DIM_ARTICLE, orient="row"),
        "dim_actor": pl.DataFrame(actors or [{"actor_id": "act_p", "name": "Mike Pompeo", "actor_type": "person",
                                               "country_code": "USA", "sector": "GOV"}], schema=DIM_ACTOR, orient="row"),
        "fact_quote": pl.DataFrame(qs, schema=FACT_QUOTE, orient="row"),
    }


def run(t):
    return quality.validate_tables(t, None, "run_t", parameters=PARAMS)


def test_clean_frames_pass():
    out = run(tables())
    assert out.critical_failures == [] and out.warnings == []
    assert out.dq_rows.height == out.checks_run > 20 and out.dq_rows["success"].all()


def test_duplicate_key_is_critical():
    t = tables()
    t["fact_quote"] = pl.concat([t["fact_quote"], t["fact_quote"]])
    out = run(t)
    assert ("fact_quote", "expect_column_values_to_be_unique(quote_id)", 2) in out.critical_failures


def test_dangling_foreign_key_is_critical():
    start = BODY.index("we made")
    out = run(tables(quotes=[quote(start=start, end=start + 16, speaker="act_missing")]))
    assert [f[:2] for f in out.critical_failures] == [("fact_quote", "expect_column_values_to_be_in_set(_chk_speaker_fk)")]


def test_warnings_quarantine_only_the_failing_rows():
    start = BODY.index("we made")
    good = quote("quo_good", start=start, end=start + 16)
    bad_offset = quote("quo_off", start=500, end=520)
    bad_enum = quote("quo_enum", start=start, end=start + 16, qtype="rumour")
    future = article("art_future", published=dt.date(2031, 1, 1))
    out = run(tables(articles=[article(), future], quotes=[good, bad_offset, bad_enum, quote("quo_f", aid="art_future",
                                                                                                start=start, end=start + 16)]))
    assert out.critical_failures == []
    warned = {(t, e) for t, e, _ in out.warnings}
    assert ("fact_quote", "expect_column_values_to_be_in_set(_chk_offsets)") in warned
    assert ("fact_quote", "expect_column_values_to_be_in_set(quote_type)") in warned
    assert ("dim_article", "expect_column_values_to_be_between(published_date)") in warned
    assert out.tables["fact_quote"]["quote_id"].to_list() == ["quo_good"]
    assert out.tables["dim_article"]["article_id"].to_list() == ["art_1"]
    q = dict(zip(out.quarantine["fact_quote"]["quote_id"], out.quarantine["fact_quote"]["expectation"], strict=True))
    assert "_chk_offsets" in q["quo_off"] and "quote_type" in q["quo_enum"]
    assert q["quo_f"] == "parent article quarantined"


def test_warning_rows_land_in_quarantine_tables_and_dq_result(tmp_path):
    start = BODY.index("we made")
    out = run(tables(quotes=[quote("quo_good", start=start, end=start + 16), quote("quo_enum", start=start,
                                                                                     end=start + 16, qtype="rumour")]))
    con = connect(tmp_path / "w.duckdb")
    run_row = {"run_id": "run_t", "started_at": dt.datetime(2026, 1, 1), "status": "succeeded_with_warnings"}
    tables_ = {k: v for k, v in out.tables.items()}
    load_run(con, LoadPayload(run=run_row, tables={**tables_, "dq_result": out.dq_rows}, quarantine=out.quarantine))
    assert con.execute("select quote_id from fact_quote").fetchall() == [("quo_good",)]
    assert con.execute("select quote_id, expectation, run_id from quarantine_fact_quote").fetchall() == [
        ("quo_enum", "expect_column_values_to_be_in_set(quote_type)", "run_t")]
    failed = con.execute("select table_name, severity, unexpected_count from dq_result where not success").fetchall()
    assert failed == [("fact_quote", "warning", 1)]
    con.close()


def test_failed_load_rolls_back_everything(tmp_path):
    db = tmp_path / "w.duckdb"
    con = connect(db)
    first = tables()
    load_run(con, LoadPayload(run={"run_id": "r1", "started_at": dt.datetime(2026, 1, 1), "status": "succeeded"},
                              tables=first))
    before = con.execute("select * from dim_article").fetchall(), con.execute("select * from fact_quote").fetchall()

    def crash(_con):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        load_run(con, LoadPayload(run={"run_id": "r2", "started_at": dt.datetime(2026, 1, 1), "status": "succeeded"},
                                  tables=tables(articles=[article("art_2")]), full_refresh=True), before_commit=crash)
    con.close()
    ro = duckdb.connect(str(db), read_only=True)
    assert (ro.execute("select * from dim_article").fetchall(), ro.execute("select * from fact_quote").fetchall()) == before
    assert ro.execute("select run_id from etl_run").fetchall() == [("r1",)]
