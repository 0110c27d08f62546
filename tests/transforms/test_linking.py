"""Cross-article event identity (transforms/linking.py): which mentions are one real-world
event, as tables of (change to a mention, expected), and the counts of dim_event."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from transforms import linking

D = dt.date(2019, 2, 28)


@pytest.fixture(scope="module")
def rules(reference_tables):
    return linking.LinkRules.from_tables(reference_tables)


def mention(eid="e1", article="a1", **changes) -> dict:
    base = {
        "event_id": eid, "article_id": article, "event_type": "CONSULT", "source_actor_id": "trump",
        "target_actor_id": "kim", "source_country": "USA", "target_country": "PRK", "event_date": D,
        "date_granularity": "day", "published_date": D, "location_country": "VNM", "place_id": None,
        "modality": "asserted", "is_negated": False, "event_cluster_id": None, "publisher_id": f"pub_{article}",
        "start_char": 0,
    }  # fmt: skip
    return base | changes


@pytest.mark.parametrize(
    ("changes", "linked"),
    [
        ({}, True),
        (
            {"source_actor_id": "kim", "target_actor_id": "trump", "source_country": "PRK", "target_country": "USA"},
            True,
        ),
        ({"event_type": "ACCUSE"}, False),
        ({"event_type": "DISAPPROVE"}, False),
        ({"is_negated": True}, False),
        ({"modality": "future"}, False),
        ({"modality": "historical"}, True),
        ({"event_date": D + dt.timedelta(days=1)}, True),
        ({"event_date": D + dt.timedelta(days=9)}, False),
        ({"event_date": dt.date(2019, 2, 1), "date_granularity": "month"}, True),
        ({"event_date": None, "published_date": D + dt.timedelta(days=2)}, True),
        ({"location_country": "SGP"}, False),
        ({"location_country": None}, True),
        ({"target_actor_id": "moon", "target_country": "KOR"}, False),
        ({"target_actor_id": "kim_yo_jong", "target_country": "PRK"}, True),  # same country on that side
        ({"source_actor_id": None, "target_actor_id": None}, False),  # countries alone: no named actor in common
        ({"target_actor_id": None, "target_country": None}, True),  # a side one report leaves out is unknown
        ({"event_date": None, "published_date": D + dt.timedelta(days=6)}, True),  # reported within a week
        ({"event_date": None, "published_date": D + dt.timedelta(days=9)}, False),
        ({"event_date": None, "published_date": D - dt.timedelta(days=3)}, False),  # published before it happened
        ({"article_id": "a1"}, False),  # the same article: its in-article cluster decides
    ],
)
def test_two_mentions_are_one_event(rules, changes, linked):
    assert linking.mentions_match(mention(), mention("e2", "a2", **changes), rules) is linked


def test_two_reports_with_no_date_at_all_may_link(rules):
    undated = {"event_date": None, "date_granularity": None, "published_date": None}
    assert linking.mentions_match(mention(**undated), mention("e2", "a2", **undated), rules)
    assert not linking.mentions_match(mention(**undated), mention("e2", "a2"), rules)  # one is dated


def test_a_report_repeated_in_one_article_joins_once_another_article_linked(rules):
    rows = [mention(), mention("e1b", start_char=90), mention("e2", "a2")]
    assert _links(rows, rules).dim_event["num_mentions"].to_list() == [3]
    alone = [mention(), mention("e1b", start_char=90)]  # no other article: two events, as the article says
    assert _links(alone, rules).dim_event.height == 2


def test_a_one_sided_type_keeps_its_direction(rules):
    a = mention(event_type="ACCUSE")
    b = mention("e2", "a2", event_type="ACCUSE", source_actor_id="kim", target_actor_id="trump",
                source_country="PRK", target_country="USA")  # fmt: skip
    assert not linking.mentions_match(a, b, rules)


def test_compatible_types_link(rules):
    assert linking.mentions_match(mention(event_type="DEMAND"), mention("e2", "a2", event_type="REQUEST"), rules)


def _links(rows, rules):
    return linking.link_events(pl.DataFrame(rows, schema=linking.MENTION, orient="row"), rules)


def test_two_publishers_on_one_meeting_are_one_event_with_two_sources(rules):
    links = _links([mention(), mention("e2", "a2", event_date=None, published_date=D + dt.timedelta(days=1))], rules)
    assert links.dim_event.height == 1
    row = links.dim_event.row(0, named=True)
    assert (row["num_mentions"], row["num_articles"], row["num_sources"]) == (2, 2, 2)
    assert row["event_date"] == D and row["first_seen"] == D and row["last_seen"] == D + dt.timedelta(days=1)
    assert links.event_keys["event_key"].n_unique() == 1


def test_one_publisher_twice_is_one_source(rules):
    links = _links([mention(), mention("e2", "a2", publisher_id="pub_a1")], rules)
    assert links.dim_event["num_sources"].to_list() == [1]


def test_an_in_article_cluster_moves_as_one_and_counts_its_mentions(rules):
    rows = [mention(event_cluster_id="c1"), mention("e1b", event_cluster_id="c1", start_char=50),
            mention("e2", "a2")]  # fmt: skip
    links = _links(rows, rules)
    assert links.dim_event["num_mentions"].to_list() == [3]
    assert links.dim_event["num_articles"].to_list() == [2]


def test_keys_stay_when_later_mentions_arrive(rules):
    first = _links([mention(), mention("e2", "a2")], rules)
    later = _links([mention(), mention("e2", "a2"), mention("e3", "a3", event_date=D + dt.timedelta(days=1))], rules)
    assert set(first.dim_event["event_key"]) == set(later.dim_event["event_key"])
    assert later.dim_event["num_articles"].to_list() == [3]


def test_linking_is_deterministic_whatever_the_row_order(rules):
    rows = [mention(), mention("e2", "a2"), mention("e3", "a3", event_type="ACCUSE"), mention("e4", "a4")]
    a = _links(rows, rules).event_keys.sort("event_id")
    b = _links(rows[::-1], rules).event_keys.sort("event_id")
    assert a.equals(b)


def test_no_mentions_no_events(rules):
    links = _links([], rules)
    assert links.dim_event.height == 0 and links.event_keys.height == 0
