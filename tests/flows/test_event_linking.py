"""Cross-article events through the flow: two differently worded reports of one meeting by
two publishers are one dim_event with two sources, and a re-run changes no count."""

from __future__ import annotations

import json

import pytest

from tests.conftest import query

REPORTS = [
    {"id": "reuters-1", "publisher": "Reuters", "published": "2019-02-28",
     "title": "Trump and Kim meet in Hanoi",
     "text": "U.S. President Donald Trump met North Korean leader Kim Jong Un in Hanoi on Thursday. "
             "The two leaders shook hands at the Metropole hotel before their talks."},
    {"id": "ap-7", "publisher": "Associated Press", "published": "2019-02-28",
     "title": "Second summit opens in Vietnam",
     "text": "Kim Jong Un met Donald Trump in the Vietnamese capital on Thursday for a second summit. "
             "Officials said the meeting began shortly after nine."},
]  # fmt: skip

COUNTS = (
    "SELECT (SELECT count(*) FROM dim_event), (SELECT count(*) FROM fact_event), "
    "(SELECT sum(num_mentions) FROM dim_event), (SELECT sum(num_sources) FROM dim_event)"
)


@pytest.fixture(scope="module")
def linked(prefect_harness, tmp_path_factory):
    from flows.etl import etl

    folder = tmp_path_factory.mktemp("reports")
    (folder / "reports.jsonl").write_text("\n".join(json.dumps(r) for r in REPORTS) + "\n")
    warehouse = tmp_path_factory.mktemp("lake") / "w.duckdb"  # never inside the input folder
    etl(paths=[str(folder)], warehouse=str(warehouse))
    return folder, warehouse


def test_two_publishers_reporting_one_meeting_give_one_event_with_two_sources(linked):
    _, warehouse = linked
    rows = query(warehouse, "SELECT num_mentions, num_articles, num_sources, event_type FROM dim_event "
                            "WHERE num_articles > 1")  # fmt: skip
    assert rows == [(2, 2, 2, "CONSULT")]
    # every mention points at an event, and the event's mentions are counted right
    assert query(warehouse, "SELECT count(*) FROM fact_event WHERE event_key IS NULL "
                            "OR event_key NOT IN (SELECT event_key FROM dim_event)") == [(0,)]  # fmt: skip
    assert query(warehouse, "SELECT count(*) FROM fact_event")[0][0] == query(
        warehouse, "SELECT sum(num_mentions) FROM dim_event")[0][0]  # fmt: skip
    pair = query(warehouse, "SELECT events, mentions, most_sources FROM v_events_daily WHERE event_type = 'CONSULT' "
                            "AND source_country = 'USA' AND target_country = 'PRK'")  # fmt: skip
    assert pair == [(1, 2, 2)]  # one real-world event per day, not two mentions


def test_a_rerun_changes_no_count(linked):
    from flows.etl import etl

    folder, warehouse = linked
    before = query(warehouse, COUNTS)
    keys = query(warehouse, "SELECT event_id, event_key FROM fact_event ORDER BY event_id")
    etl(paths=[str(folder)], warehouse=str(warehouse))
    etl(paths=[str(folder)], warehouse=str(warehouse), full_refresh=True)
    assert query(warehouse, COUNTS) == before
    assert query(warehouse, "SELECT event_id, event_key FROM fact_event ORDER BY event_id") == keys
