"""transforms.events.roles: source, target and place of an event."""

from __future__ import annotations

import pytest

from tests.transforms.events.support import find


def test_against_target_and_threat(code):
    r = find(code("President Bush threatened further action against Russia."), "THREATEN")
    assert r["target_key"] == "country:RUS"


def test_demand_target_is_the_subject_of_the_demanded_clause(code):
    r = find(code("Trump demanded that Pyongyang dismantle its nuclear facilities."), "DEMAND", "demanded")
    assert "trump" in r["source_key"] and r["target_key"] in {"country:PRK", "location:pyongyang"}


def test_passive_agent_is_the_source(code):
    r = find(code("Three protesters were arrested by the Kenyan police in Nairobi."), "COERCE")
    assert r["source_key"] is not None and "KEN" in r["source_key"]


def test_compound_subject_gives_one_event_per_actor_in_one_cluster(code):
    rows = [r for r in code("France and Germany criticized Russia on Monday.") if r["event_type"] == "DISAPPROVE"]
    assert {r["source_key"] for r in rows} == {"country:FRA", "country:DEU"}
    assert {r["target_key"] for r in rows} == {"country:RUS"}
    assert len({r["event_cluster_key"] for r in rows}) == 1


def test_place_is_linked_with_its_country(code):
    import datetime as dt

    r = find(code("Trump met Kim Jong Un in Singapore on June 12."), "CONSULT")
    assert r["location_text"] == "Singapore" and r["location_country"] == "SGP"
    assert r["event_date"] == dt.date(2020, 6, 12)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Trump met Kim Jong Un in Singapore on June 12.", "Singapore"),
        # the place of another noun, or of a clause that describes a noun, is not the meeting's
        ("In the first talks since the summit in Singapore, Pompeo met with Kim Yong Chol.", None),
        ("Pompeo met with Kim Yong Chol to discuss the agreement signed in Singapore.", None),
        ("Pompeo met with Kim Yong Chol about the agreement that was signed in Singapore.", None),
    ],
)
def test_an_event_is_placed_only_where_the_sentence_puts_it(code, text, place):
    r = next(r for r in code(text) if r["trigger_text"].startswith("met"))
    assert r["location_text"] == place


def test_repeated_reports_share_a_cluster(code):
    rows = code("Trump met Kim Jong Un in Singapore. Later, Trump met Kim Jong Un again to sign the agreement.")
    meets = [r for r in rows if r["event_type"] == "CONSULT"]
    assert len(meets) == 2 and len({r["event_cluster_key"] for r in meets}) == 1


def test_a_reflexive_object_is_not_a_target(code):
    rows = code("Hungary defended itself against Russia.")
    assert rows and all(r["target_key"] != "country:HUN" for r in rows)


def test_a_named_person_acts_alone_not_with_the_party_that_modifies_the_name(code):
    rows = code("However, backbench Labour MP Karen Buck warned against proposed changes in such benefits.")
    assert rows and {r["source_key"] for r in rows} == {"person:karen buck"}
