"""The staged load: chunks are committed to the staging schema, the warehouse tables change
only in the final transaction, and a dead run's staged rows never reach them."""

import datetime as dt

import duckdb
import polars as pl

from tests.test_quality import DIM_ACTOR, article, tables
from warehouse.connection import connect
from warehouse.load import STAGE, LoadPayload, LoadSession, load_run

RUN = {"started_at": dt.datetime(2026, 1, 1), "status": "succeeded"}


def _actor(aid, name, country="USA"):
    return pl.DataFrame([{"actor_id": aid, "name": name, "actor_type": "person", "country_code": country,
                          "sector": "GOV"}], schema=DIM_ACTOR, orient="row")


def _count(con, table):
    return con.execute(f"select count(*) from {table}").fetchone()[0]


def _seeded(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    load_run(con, LoadPayload(run={"run_id": "r1", **RUN}, tables=tables()))
    return con


def test_a_staged_chunk_is_committed_but_not_published(tmp_path):
    con = _seeded(tmp_path)
    session = LoadSession(con, "r2")
    session.begin()
    session.stage(tables={"dim_article": tables(articles=[article("art_2")])["dim_article"]})
    # committed: another connection of this process sees the staged row, not a published one
    assert _count(con, f"{STAGE}.dim_article") == 1
    assert [r[0] for r in con.execute("select article_id from main.dim_article").fetchall()] == ["art_1"]
    assert sorted(session.known_state()["articles"]["article_id"].to_list()) == ["art_1", "art_2"]
    session.finish({"run_id": "r2", **RUN})
    assert sorted(r[0] for r in con.execute("select article_id from dim_article").fetchall()) == ["art_1", "art_2"]
    assert not con.execute("select count(*) from information_schema.tables where table_schema = ?",
                           [STAGE]).fetchone()[0]


def test_a_dead_runs_staged_rows_are_dropped_by_the_next_run(tmp_path):
    db = tmp_path / "w.duckdb"
    con = _seeded(tmp_path)
    dead = LoadSession(con, "r_dead")
    dead.begin()
    dead.stage(tables={"dim_article": tables(articles=[article("art_dead")])["dim_article"]})
    con.close()  # the run dies here: its chunk is in the file, staged
    ro = duckdb.connect(str(db), read_only=True)
    assert ro.execute("select article_id from dim_article").fetchall() == [("art_1",)]
    ro.close()
    con = connect(db)
    session = LoadSession(con, "r3")
    session.begin()
    assert session.known_state()["articles"]["article_id"].to_list() == ["art_1"]
    session.finish({"run_id": "r3", **RUN})
    assert con.execute("select article_id from dim_article").fetchall() == [("art_1",)]


def test_an_actor_staged_twice_keeps_its_last_row_and_replaces_the_warehouse_row(tmp_path):
    con = _seeded(tmp_path)  # act_p, Mike Pompeo, USA
    session = LoadSession(con, "r2")
    session.begin()
    key = ("actor_id",)
    session.stage(upserts={"dim_actor": (_actor("act_p", "Mike Pompeo", "GBR"), key)})
    session.stage(upserts={"dim_actor": (_actor("act_p", "Michael Pompeo", "USA"), key)})
    known = session.known_state()["actors"]
    assert known.select("actor_id", "name").rows() == [("act_p", "Michael Pompeo")]
    session.finish({"run_id": "r2", **RUN})
    assert con.execute("select name, country_code from dim_actor").fetchall() == [("Michael Pompeo", "USA")]


def test_replaced_articles_go_only_when_the_run_is_published(tmp_path):
    con = _seeded(tmp_path)
    session = LoadSession(con, "r2")
    session.begin(delete_article_ids=["art_1"])
    assert session.known_state()["articles"].height == 0  # as the run will leave it
    assert _count(con, "dim_article") == 1  # still there for readers until the commit
    session.abort()
    session.finish({"run_id": "r2", **RUN})
    assert _count(con, "dim_article") == 0 and _count(con, "fact_quote") == 0


def test_every_checked_table_has_its_quarantine_table_from_the_start(tmp_path):
    from expectations.spec import SUITES

    con = connect(tmp_path / "w.duckdb")
    names = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
    assert {f"quarantine_{t}" for t in SUITES} <= names
    cols = [r[0] for r in con.execute("describe quarantine_fact_quote").fetchall()]
    assert cols[-2:] == ["expectation", "run_id"] and "quote_id" in cols
    assert _count(con, "quarantine_fact_quote") == 0
