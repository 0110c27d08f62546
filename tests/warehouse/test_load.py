"""The staged load: chunks are committed to the staging schema, the warehouse tables change
only in the final transaction, and a dead run's staged rows never reach them.

On a fresh warehouse of each backend per test (tests/warehouse/conftest.py: a DuckDB file,
a DuckLake), through warehouse.connection.connect (the registry's DDL), with the small
frames of tests/test_quality.py."""

import datetime as dt

import polars as pl
import pytest

from tests.test_quality import BODY, DIM_ACTOR, article, quote, tables
from transforms.ledger import LEDGER
from warehouse.connection import connect
from warehouse.load import LoadPayload, LoadSession, load_run

RUN = {"started_at": dt.datetime(2026, 1, 1), "status": "succeeded"}
START = BODY.index("we made")


def _run(run_id):
    return {"run_id": run_id, **RUN}


def _actor(aid, name, country="USA"):
    return pl.DataFrame(
        [{"actor_id": aid, "name": name, "actor_type": "person", "country_code": country, "sector": "GOV"}],
        schema=DIM_ACTOR,
        orient="row",
    )


def _chunk(k):
    """One chunk's tables: article art_k, its quote, and its speaker act_k."""
    aid = f"art_{k}"
    return tables(
        articles=[article(aid)],
        actors=[
            {
                "actor_id": f"act_{k}",
                "name": f"Person {k}",
                "actor_type": "person",
                "country_code": "USA",
                "sector": "GOV",
            }
        ],
        quotes=[quote(f"quo_{k}", aid=aid, start=START, end=START + 16, speaker=f"act_{k}")],
    )


def _ledger(action):
    return pl.DataFrame(
        [
            {
                "ledger_id": "led_1",
                "source_path": "art_1.txt",
                "record_no": 0,
                "source_format": "txt",
                "external_id": "art_1",
                "raw_hash": "r",
                "content_hash": "0" * 64,
                "article_id": "art_1",
                "status": "loaded",
                "action": action,
                "reason": None,
            }
        ],
        schema=LEDGER,
        orient="row",
    )


def _count(con, table):
    return con.execute(f"select count(*) from {table}").fetchone()[0]


def _ids(con, sql):
    return sorted(r[0] for r in con.execute(sql).fetchall())


def _dump(con):
    """Every row of every warehouse table."""
    names = _ids(
        con,
        "select table_name from information_schema.tables where table_catalog = current_database() "
        "and table_schema = 'main' and table_type = 'BASE TABLE'",
    )
    return {t: sorted(con.execute(f'select * from main."{t}"').fetchall(), key=repr) for t in names}


def _staged_tables(con):
    """Tables in a run's stage: the file's `stage` schema, or a lake run's attached stage file."""
    return _ids(
        con, "select table_name from duckdb_tables() where schema_name = 'stage' or database_name = 'run_stage'"
    )


def _seeded(warehouse_spec):
    con = connect(warehouse_spec)
    load_run(con, LoadPayload(run=_run("r1"), tables=tables()))  # art_1, act_p, quo_1
    return con


def test_a_staged_chunk_is_committed_but_not_published(warehouse_spec):
    con = _seeded(warehouse_spec)
    with LoadSession(con, "r2") as session:
        session.stage(tables={"dim_article": tables(articles=[article("art_2")])["dim_article"]})
        # committed: another connection of this process sees the staged row, not a published one
        assert _count(con, f"{session.stage_name}.dim_article") == 1
        assert _ids(con, "select article_id from main.dim_article") == ["art_1"]
        assert sorted(session.known_state()["articles"]["article_id"].to_list()) == ["art_1", "art_2"]
        session.finish(_run("r2"))
    assert _ids(con, "select article_id from dim_article") == ["art_1", "art_2"]
    assert _staged_tables(con) == []


def test_chunks_staged_one_by_one_are_all_published_by_finish(warehouse_spec):
    con = _seeded(warehouse_spec)
    before = _dump(con)
    with LoadSession(con, "r2") as session:
        for k in (2, 3, 4):
            session.stage(*session.as_loaded(_chunk(k)))
            assert _dump(con) == before  # each chunk committed to the stage only
        assert sorted(session.known_state()["articles"]["article_id"]) == ["art_1", "art_2", "art_3", "art_4"]
        assert sorted(session.known_state()["actors"]["actor_id"]) == ["act_2", "act_3", "act_4", "act_p"]
        counts = session.finish(_run("r2"))
    assert _ids(con, "select article_id from dim_article") == ["art_1", "art_2", "art_3", "art_4"]
    assert _ids(con, "select quote_id from fact_quote") == ["quo_1", "quo_2", "quo_3", "quo_4"]
    assert _ids(con, "select actor_id from dim_actor") == ["act_2", "act_3", "act_4", "act_p"]
    assert _ids(con, "select run_id from etl_run") == ["r1", "r2"]
    assert counts["dim_article"] == 4 and counts["fact_quote"] == 4 and counts["etl_run"] == 2
    assert _staged_tables(con) == []


def test_the_registry_says_what_is_upserted_and_on_which_key(warehouse_spec):
    con = connect(warehouse_spec)
    session = LoadSession(con, "r1")
    inserts, upserts = session.as_loaded({**tables(), "ingest_ledger": _ledger("new")})
    assert set(inserts) == {"dim_article", "fact_quote"}
    assert {t: key for t, (_, key) in upserts.items()} == {"ingest_ledger": ("ledger_id",), "dim_actor": ("actor_id",)}
    assert list(upserts) == ["ingest_ledger", "dim_actor"]  # registry order


@pytest.mark.parametrize("staged", [False, True], ids=["upserted-at-finish", "staged-with-a-chunk"])
def test_a_ledger_upsert_keeps_first_run_id_and_moves_last_run_id(warehouse_spec, staged):
    con = _seeded(warehouse_spec)
    runs = (("r2", dt.datetime(2026, 1, 2), "new"), ("r3", dt.datetime(2026, 2, 1), "unchanged"))
    for run_id, started_at, action in runs:
        with LoadSession(con, run_id, started_at=started_at) as session:
            inserts, upserts = session.as_loaded({"ingest_ledger": _ledger(action)})
            if staged:
                session.stage(inserts, upserts)
                session.finish(_run(run_id))
            else:
                session.finish(_run(run_id), inserts, upserts)
    rows = con.execute("select ledger_id, first_run_id, last_run_id, updated_at, action from ingest_ledger").fetchall()
    assert rows == [("led_1", "r2", "r3", dt.datetime(2026, 2, 1), "unchanged")]


def test_an_actor_staged_twice_keeps_its_last_row_and_replaces_the_warehouse_row(warehouse_spec):
    con = _seeded(warehouse_spec)  # act_p, Mike Pompeo, USA
    key = ("actor_id",)
    with LoadSession(con, "r2") as session:
        session.stage(upserts={"dim_actor": (_actor("act_p", "Mike Pompeo", "GBR"), key)})
        session.stage(upserts={"dim_actor": (_actor("act_p", "Michael Pompeo", "USA"), key)})
        known = session.known_state()["actors"]
        assert known.select("actor_id", "name").rows() == [("act_p", "Michael Pompeo")]
        session.finish(_run("r2"))
    assert con.execute("select name, country_code from dim_actor").fetchall() == [("Michael Pompeo", "USA")]


def test_replaced_articles_go_only_when_the_run_is_published(warehouse_spec):
    con = _seeded(warehouse_spec)
    with LoadSession(con, "r2", delete_article_ids=["art_1"]) as session:
        assert session.known_state()["articles"].height == 0  # as the run will leave it
        assert _count(con, "dim_article") == 1  # still there for readers until the commit
        session.abort()  # nothing open: harmless
        session.finish(_run("r2"))
    assert _count(con, "dim_article") == 0 and _count(con, "fact_quote") == 0


@pytest.mark.parametrize("where", ["between-chunks", "in-the-final-transaction"])
def test_an_exception_in_the_block_leaves_the_warehouse_as_it_was(warehouse_spec, where):
    con = _seeded(warehouse_spec)
    before = _dump(con)

    def crash(_con=None):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):  # re-raised by the session
        with LoadSession(con, "r2", full_refresh=True, delete_article_ids=["art_1"]) as session:
            session.stage(*session.as_loaded(_chunk(2)))
            if where == "between-chunks":
                crash()
            session.finish(_run("r2"), *session.as_loaded({"ingest_ledger": _ledger("changed")}), before_commit=crash)
    assert _dump(con) == before
    assert _staged_tables(con) == []
    # the next run starts from the warehouse alone: nothing of the failed one
    with LoadSession(con, "r3") as session:
        assert session.known_state()["articles"]["article_id"].to_list() == ["art_1"]
        session.finish(_run("r3"))
    assert _ids(con, "select article_id from dim_article") == ["art_1"]
    assert _ids(con, "select run_id from etl_run") == ["r1", "r3"]


def test_leaving_the_block_without_finish_publishes_nothing(warehouse_spec):
    con = _seeded(warehouse_spec)
    before = _dump(con)
    with LoadSession(con, "r2", delete_article_ids=["art_1"]) as session:
        session.stage(*session.as_loaded(_chunk(2)))
        assert _staged_tables(con)
    assert _dump(con) == before
    assert _staged_tables(con) == []


def test_a_dead_runs_staged_rows_are_dropped_by_the_next_run(warehouse_spec):
    con = _seeded(warehouse_spec)
    dead = LoadSession(con, "r_dead")
    dead.begin()  # entered, never left: the process dies
    dead.stage(tables={"dim_article": tables(articles=[article("art_dead")])["dim_article"]})
    con.close()  # the run dies here: its chunk is in the file, staged
    ro = connect(warehouse_spec, read_only=True)
    assert ro.execute("select article_id from dim_article").fetchall() == [("art_1",)]
    ro.close()
    con = connect(warehouse_spec)
    with LoadSession(con, "r3") as session:
        assert session.known_state()["articles"]["article_id"].to_list() == ["art_1"]
        session.finish(_run("r3"))
    assert con.execute("select article_id from dim_article").fetchall() == [("art_1",)]


def test_every_checked_table_has_its_quarantine_table_from_the_start(warehouse_spec):
    from expectations.spec import SUITES

    con = connect(warehouse_spec)
    names = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    assert {f"quarantine_{t}" for t in SUITES} <= names
    cols = [r[0] for r in con.execute("describe quarantine_fact_quote").fetchall()]
    assert cols[-2:] == ["expectation", "run_id"] and "quote_id" in cols
    assert _count(con, "quarantine_fact_quote") == 0


# a DuckLake: one run, one snapshot; publishes that meet take turns ---------------------


@pytest.fixture
def lake_spec(tmp_path):
    return f"ducklake:sqlite:{tmp_path / 'lake.sqlite'}"


def _snapshots(con):
    return con.execute("select snapshot_id, commit_extra_info from ducklake_snapshots('lake') order by 1").fetchall()


def test_a_published_run_is_one_lake_snapshot_recorded_in_etl_run(lake_spec):
    con = _seeded(lake_spec)
    before = _snapshots(con)
    with LoadSession(con, "r2") as session:
        for k in (2, 3):
            session.stage(*session.as_loaded(_chunk(k)))
        assert _snapshots(con) == before  # staged chunks are outside the lake
        session.finish(_run("r2"))
    after = _snapshots(con)
    assert after[: len(before)] == before and len(after) == len(before) + 1
    assert after[-1][1] == '{"run_id": "r2"}'
    assert con.execute("select snapshot_id from etl_run where run_id = 'r2'").fetchone() == (after[-1][0],)
    assert _staged_tables(con) == []


def test_a_failed_run_leaves_no_lake_snapshot(lake_spec):
    con = _seeded(lake_spec)
    before = _snapshots(con)

    def crash(_con=None):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        with LoadSession(con, "r2", delete_article_ids=["art_1"]) as session:
            session.stage(*session.as_loaded(_chunk(2)))
            session.finish(_run("r2"), before_commit=crash)
    assert _snapshots(con) == before
