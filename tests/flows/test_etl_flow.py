"""The etl flow under prefect_test_harness: seeds, idempotency, the quality gate, locks."""

import datetime as dt
import shutil

import pytest

from tests.conftest import SEEDS, query

pytestmark = pytest.mark.usefixtures("prefect_harness")

TITLE_000 = "Pompeo Insists Talks With North Korea ‘Productive,’ But ‘There’s Still More Work To Be Done’"


def test_seeds_load_two_articles(seed_warehouse):
    db, summary = seed_warehouse
    rows = {r[0][:3]: r[1:] for r in query(db, """
        select external_id, title, author, published_date, body from dim_article order by external_id""")}
    assert set(rows) == {"000", "002"}
    title, author, published, body = rows["000"]
    assert title == TITLE_000 and author == "Ryan Pickrell" and published is None
    assert "Send tips to" not in body and "Follow Ryan on Twitter" not in body
    title, author, published, body = rows["002"]
    assert published == dt.date(2021, 4, 2) and not body.startswith("date")
    assert summary["actions"]["new"] == 2 and summary["nlp_articles"] == 2
    assert query(db, "select status, action from ingest_ledger order by source_path") == [("loaded", "new")] * 2


def _snapshot(db):
    tables = [r[0] for r in query(db, "select table_name from information_schema.tables where table_schema='main' "
                                      "and table_type='BASE TABLE' and table_name not in ('etl_run','dq_result')")]
    snap = {}
    for t in sorted(tables):
        key = {"dim_article": "article_id", "dim_actor": "actor_id", "fact_actor_mention": "mention_id",
               "fact_quote": "quote_id", "fact_event": "event_id"}.get(t)
        snap[t] = (query(db, f"select count(*) from {t}")[0][0],
                   [r[0] for r in query(db, f"select {key} from {t} order by 1")] if key else None)
    return snap


def test_rerun_is_idempotent_and_skips_nlp(tmp_path):
    from flows.etl import etl

    db = tmp_path / "w.duckdb"
    etl(paths=[str(SEEDS)], warehouse=str(db))
    before = _snapshot(db)
    second = etl(paths=[str(SEEDS)], warehouse=str(db))
    assert _snapshot(db) == before
    assert second["nlp_articles"] == 0 and second["actions"]["unchanged"] == 2
    runs = query(db, "select nlp_articles, articles_new, articles_unchanged from etl_run order by started_at")
    assert runs == [(2, 2, 0), (0, 0, 2)]


def test_critical_failure_loads_nothing(tmp_path, monkeypatch):
    from flows import etl as etl_mod

    db = tmp_path / "w.duckdb"
    etl_mod.etl(paths=[str(SEEDS)], warehouse=str(db))
    before = _snapshot(db)
    runs_before = query(db, "select count(*) from etl_run")
    extra = tmp_path / "more"
    extra.mkdir()
    (extra / "x.txt").write_text("A brand new article about the talks in Geneva.\n")
    real = etl_mod.staging.build_dim_article

    def duplicate_key(*a, **k):  # corrupt: the same article_id twice
        df = real(*a, **k)
        return df.vstack(df)

    monkeypatch.setattr(etl_mod.staging, "build_dim_article", duplicate_key)
    with pytest.raises(etl_mod.DataQualityError, match="expect_column_values_to_be_unique"):
        etl_mod.etl(paths=[str(SEEDS), str(extra)], warehouse=str(db))
    assert _snapshot(db) == before
    assert query(db, "select count(*) from etl_run") == runs_before


def test_second_writer_gets_a_clear_locked_error(tmp_path, capsys):
    from dateline.cli import EXIT_LOCKED, main
    from warehouse.connection import writer_lock

    db = tmp_path / "w.duckdb"
    with writer_lock(db):
        assert main(["run", str(SEEDS), "--warehouse", str(db)]) == EXIT_LOCKED
    err = capsys.readouterr().err
    assert "warehouse is locked by another process" in err and "Traceback" not in err


def test_bad_inputs_are_ledgered_and_good_ones_load(tmp_path):
    from flows.etl import etl

    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(next(SEEDS.glob("002_*.txt")), inputs / "good.txt")
    shutil.copy(next(SEEDS.glob("002_*.txt")), inputs / "same-again.txt")
    (inputs / "empty.txt").write_text("")
    (inputs / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 10)
    (inputs / "latin1.txt").write_bytes("Prices rose to £5 in the caf\xe9 says the report.".encode("latin-1"))
    (inputs / "lines.jsonl").write_text('{"text": "One good line about talks."}\nnot json\n{"text": "Another good line."}\n')
    db = tmp_path / "w.duckdb"
    summary = etl(paths=[str(inputs), str(tmp_path / "missing")], warehouse=str(db))
    ledger = {(r[0].rsplit("/", 1)[-1], r[1]): (r[2], r[3]) for r in query(
        db, "select source_path, record_no, status, reason from ingest_ledger")}
    assert ledger[("binary.txt", 0)][0] == "rejected"
    assert ledger[("empty.txt", 0)] == ("rejected", "empty text")
    assert ledger[("lines.jsonl", 2)][0] == "rejected" and "not valid JSON" in ledger[("lines.jsonl", 2)][1]
    assert ledger[("same-again.txt", 0)][0] == "duplicate"
    assert ledger[("latin1.txt", 0)][0] == "loaded" and "cp1252" in ledger[("latin1.txt", 0)][1]
    assert ledger[("missing", 0)] == ("rejected", "path does not exist")
    assert query(db, "select count(*) from dim_article")[0][0] == 4  # good, latin1, 2 JSONL lines
    assert summary["records"] == 9
