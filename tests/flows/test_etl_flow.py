"""The etl flow under prefect_test_harness: seeds, idempotency, the quality gate, locks."""

import datetime as dt
import shutil

import pytest

from tests.conftest import SEEDS, query

pytestmark = pytest.mark.usefixtures("prefect_harness")

TITLE_000 = "Pompeo Insists Talks With North Korea ‘Productive,’ But ‘There’s Still More Work To Be Done’"


def test_seeds_load_two_articles(seed_warehouse):
    db, summary = seed_warehouse
    rows = {
        r[0][:3]: r[1:]
        for r in query(
            db,
            """
        select external_id, title, author, published_date, body from dim_article order by external_id""",
        )
    }
    assert set(rows) == {"000", "002"}
    title, author, published, body = rows["000"]
    assert title == TITLE_000 and author == "Ryan Pickrell" and published is None
    assert "Send tips to" not in body and "Follow Ryan on Twitter" not in body
    title, author, published, body = rows["002"]
    assert published == dt.date(2021, 4, 2) and not body.startswith("date")
    assert summary["actions"]["new"] == 2 and summary["nlp_articles"] == 2
    assert query(db, "select status, action from ingest_ledger order by source_path") == [("loaded", "new")] * 2


def _snapshot(db):
    tables = [
        r[0]
        for r in query(
            db,
            "select table_name from information_schema.tables where table_schema='main' "
            "and table_type='BASE TABLE' and table_name not in ('etl_run','dq_result')",
        )
    ]
    snap = {}
    for t in sorted(tables):
        key = {
            "dim_article": "article_id",
            "dim_actor": "actor_id",
            "fact_actor_mention": "mention_id",
            "fact_quote": "quote_id",
            "fact_event": "event_id",
        }.get(t)
        snap[t] = (
            query(db, f"select count(*) from {t}")[0][0],
            [r[0] for r in query(db, f"select {key} from {t} order by 1")] if key else None,
        )
    return snap


def _seeded_copy(seed_warehouse, tmp_path):
    """A copy of the session's seed warehouse (the seeds loaded once by the flow)."""
    db = tmp_path / "w.duckdb"
    shutil.copy(seed_warehouse[0], db)
    return db


def test_rerun_is_idempotent_and_skips_nlp(tmp_path, seed_warehouse):
    from flows.etl import etl

    db = _seeded_copy(seed_warehouse, tmp_path)
    before = _snapshot(db)
    second = etl(paths=[str(SEEDS)], warehouse=str(db))
    assert _snapshot(db) == before
    assert second["nlp_articles"] == 0 and second["actions"]["unchanged"] == 2
    runs = query(db, "select nlp_articles, articles_new, articles_unchanged from etl_run order by started_at")
    assert runs == [(2, 2, 0), (0, 0, 2)]


def test_seed_actors_and_events_in_the_warehouse(seed_warehouse):
    db, _ = seed_warehouse
    actors = {
        n: (t, c, i) for i, n, t, c in query(db, "select actor_id, name, actor_type, country_code from dim_actor")
    }
    assert actors["Mike Pompeo"][:2] == ("person", "USA") and actors["Donald Trump"][:2] == ("person", "USA")
    assert actors["Kim Jong Un"][:2] == ("person", "PRK") and actors["Kim Yong Chol"][:2] == ("person", "PRK")
    assert [n for n in actors if "pompeo" in n.lower()] == ["Mike Pompeo"]
    aliases = {
        a for (a,) in query(db, "select alias from dim_actor_alias where actor_id = ?", [actors["Mike Pompeo"][2]])
    }
    assert {"Pompeo", "Mike Pompeo"} <= aliases
    assert "Kim Jong-un" in {
        a for (a,) in query(db, "select alias from dim_actor_alias where actor_id = ?", [actors["Kim Jong Un"][2]])
    }
    pairs = set(
        query(
            db,
            """select e.event_type, s.name, t.country_code, e.is_negated from fact_event e
                             join dim_actor s on s.actor_id = e.source_actor_id
                             join dim_actor t on t.actor_id = e.target_actor_id""",
        )
    )
    assert ("THREATEN", "Donald Trump", "PRK", False) in pairs and ("DEMAND", "Donald Trump", "PRK", False) in pairs
    assert ("CONSULT", "Mike Pompeo", "PRK", True) in pairs  # the meeting with Kim Jong Un that did not happen
    assert query(db, "select event_date, date_granularity from fact_event where trigger_text = 'tests'") == [
        (dt.date(2021, 3, 1), "month")
    ]


def test_third_article_reuses_actors_and_keeps_ids(tmp_path, seed_warehouse):
    from flows.etl import etl

    db = _seeded_copy(seed_warehouse, tmp_path)
    ids_before = set(query(db, "select actor_id, name from dim_actor"))
    third = tmp_path / "third"
    third.mkdir()
    (third / "003.txt").write_text(
        'Pompeo met Japanese officials in Tokyo on Sunday. "We made progress," Pompeo said.\n'
    )
    etl(paths=[str(SEEDS), str(third)], warehouse=str(db))
    ids_after = set(query(db, "select actor_id, name from dim_actor"))
    assert ids_before <= ids_after  # every actor keeps its id
    assert [n for _, n in ids_after if "pompeo" in n.lower()] == ["Mike Pompeo"]
    speaker = query(
        db,
        """select a.name from fact_quote q join dim_article d using (article_id)
                           join dim_actor a on a.actor_id = q.speaker_actor_id where d.external_id = '003'""",
    )
    assert speaker == [("Mike Pompeo",)]


def test_critical_failure_loads_nothing(tmp_path, monkeypatch, seed_warehouse):
    from flows import etl as etl_mod

    db = _seeded_copy(seed_warehouse, tmp_path)
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
    # the failure is an event on the API, for a user's automation to act on
    events = _events_named(etl_mod.DQ_FAILED_EVENT)
    assert any(
        f["expectation"].startswith("expect_column_values_to_be_unique") for e in events for f in e.payload["failures"]
    )
    assert _events_named(etl_mod.RUN_FAILED_EVENT)


def _events_named(name: str, timeout: float = 20.0):
    """Events of that name read back from the test API (they are sent asynchronously)."""
    import time

    from prefect.client.orchestration import get_client
    from prefect.events.filters import EventFilter, EventNameFilter, EventOccurredFilter
    from prefect.events.worker import EventsWorker

    EventsWorker.drain_all(timeout=10)
    flt = EventFilter(
        event=EventNameFilter(name=[name]),
        occurred=EventOccurredFilter(since=__import__("datetime").datetime(2020, 1, 1)),
    )
    deadline = time.monotonic() + timeout
    with get_client(sync_client=True) as client:
        while True:
            events = client.read_events(flt, limit=50).events
            if events or time.monotonic() > deadline:
                return events
            time.sleep(0.5)


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
    (inputs / "lines.jsonl").write_text(
        '{"text": "One good line about talks."}\nnot json\n{"text": "Another good line."}\n'
    )
    db = tmp_path / "w.duckdb"
    summary = etl(paths=[str(inputs), str(tmp_path / "missing")], warehouse=str(db))
    ledger = {
        (r[0].rsplit("/", 1)[-1], r[1]): (r[2], r[3])
        for r in query(db, "select source_path, record_no, status, reason from ingest_ledger")
    }
    assert ledger[("binary.txt", 0)][0] == "rejected"
    assert ledger[("empty.txt", 0)] == ("rejected", "empty text")
    assert ledger[("lines.jsonl", 2)][0] == "rejected" and "not valid JSON" in ledger[("lines.jsonl", 2)][1]
    assert ledger[("same-again.txt", 0)][0] == "duplicate"
    assert ledger[("latin1.txt", 0)][0] == "loaded" and "cp1252" in ledger[("latin1.txt", 0)][1]
    assert ledger[("missing", 0)] == ("rejected", "path does not exist")
    assert query(db, "select count(*) from dim_article")[0][0] == 4  # good, latin1, 2 JSONL lines
    assert summary["records"] == 9


def test_worker_pool_gives_the_same_warehouse(tmp_path, seed_warehouse):
    """--n-process 2 (spawned workers parse and extract), one article a chunk, loads exactly what
    one process loads in one chunk."""
    from flows.etl import etl

    baseline, _ = seed_warehouse
    db = tmp_path / "pool.duckdb"
    summary = etl(paths=[str(SEEDS)], warehouse=str(db), n_process=2, batch_size=1, chunk_size=1)  # two chunks
    assert summary["nlp_articles"] == 2
    assert _snapshot(db) == _snapshot(baseline)


def test_the_pool_is_sized_by_batches_not_chunks(tmp_path, monkeypatch):
    """Two batches in one chunk are two batches for the pool: with one worker process per
    batch wanted, the run gets its pool (a one-batch run parses in the flow process)."""
    from contextlib import nullcontext

    from flows import nlp_pool
    from flows.etl import etl

    asked = []

    def spy(settings, lexicons, n_batches):
        asked.append(n_batches)
        return nullcontext(None)  # then parse in the flow process, one batch at a time

    monkeypatch.setattr(nlp_pool, "nlp_pool", spy)
    summary = etl(paths=[str(SEEDS)], warehouse=str(tmp_path / "w.duckdb"), n_process=2, batch_size=1)
    assert summary["nlp_articles"] == 2 and asked == [2]


GERMAN = """Scholz trifft Macron in Paris

Bundeskanzler Olaf Scholz ist am Donnerstag in Paris mit dem französischen Präsidenten Emmanuel Macron
zusammengekommen. "Wir stehen fest an der Seite der Ukraine", sagte Scholz nach dem Treffen im Élysée-Palast.
Beide Regierungen kündigten an, im März neue Gespräche über die gemeinsame Verteidigungspolitik zu führen.
"""
FRENCH = """Macron reçoit le chancelier allemand à l'Élysée

Le président Emmanuel Macron a reçu jeudi le chancelier Olaf Scholz à Paris. « Nous devons agir ensemble »,
a déclaré le président français à l'issue de la rencontre. Les deux dirigeants ont accusé la Russie de
menacer la sécurité de l'Europe et ont promis une aide supplémentaire à l'Ukraine.
"""


def test_other_languages_load_with_metadata_and_no_facts(tmp_path, seed_warehouse):
    """A German and a French article: loaded with their language, never parsed by the English
    model (no actors, quotes or events), and the ledger says why."""
    from flows.etl import etl

    db = _seeded_copy(seed_warehouse, tmp_path)
    inputs = tmp_path / "foreign"
    inputs.mkdir()
    (inputs / "de.txt").write_text(GERMAN, encoding="utf-8")
    (inputs / "fr.txt").write_text(FRENCH, encoding="utf-8")
    summary = etl(paths=[str(SEEDS), str(inputs)], warehouse=str(db))
    assert summary["nlp_articles"] == 0
    rows = query(
        db,
        """select d.external_id, d.language, d.title, l.reason,
                          (select count(*) from fact_actor_mention m where m.article_id = d.article_id),
                          (select count(*) from fact_quote q where q.article_id = d.article_id),
                          (select count(*) from fact_event e where e.article_id = d.article_id)
                        from dim_article d join ingest_ledger l using (article_id)
                        where d.external_id in ('de', 'fr') order by 1""",
    )
    assert [r[:2] for r in rows] == [("de", "de"), ("fr", "fr")]
    assert rows[0][2] == "Scholz trifft Macron in Paris"
    assert [r[3] for r in rows] == ["language de: no model", "language fr: no model"]
    assert all(r[4:] == (0, 0, 0) for r in rows)
    assert query(db, "select count(*) from dim_article where language = 'en'")[0][0] == 2  # the seeds


@pytest.mark.parametrize(
    ("n", "workers", "expected"),
    [
        (0, 2, []),
        (5, 2, [5]),
        (64, 2, [16, 16, 16, 16]),  # a small run: quarter batches, so both workers get some
        (300, 1, [64, 64, 64, 64, 44]),  # one worker: no tail to balance
        (300, 2, [64, 64] + [16] * 10 + [12]),  # the last two full batches' worth split in four
    ],
)
def test_batches_end_in_quarter_batches_so_the_workers_finish_together(n, workers, expected):
    from flows.chunks import _batch_sizes

    assert _batch_sizes(n, 64, workers) == expected


def test_batches_never_straddle_chunks_and_only_the_last_chunk_has_the_tail():
    from flows.chunks import _chunk_batch_sizes

    plan = _chunk_batch_sizes([1000, 1000, 93], 64, 2)
    assert [sum(p) for p in plan] == [1000, 1000, 93]
    assert plan[0] == [64] * 15 + [40] and plan[1] == plan[0]
    assert plan[2] == [16] * 5 + [13]


@pytest.mark.parametrize(
    ("n", "size", "starts"),
    [
        (2093, 1000, [0, 1046]),  # two even chunks, not 1,000 + 1,000 + 93: a chunk costs a validation round
        (1499, 1000, [0]),  # under 1.5 chunks: one
        (1500, 1000, [0, 750]),
        (3000, 1000, [0, 1000, 2000]),
        (5, 1000, [0]),
        (2, 1, [0, 1]),
    ],
)
def test_chunks_are_about_chunk_size_and_even(n, size, starts):
    from flows.chunks import _chunk_starts

    assert _chunk_starts(n, size) == starts
    bounds = [*starts[1:], n]
    assert all(e - s < 1.5 * size for s, e in zip(starts, bounds, strict=True))
