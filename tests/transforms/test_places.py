"""The gazetteer and the place rule (transforms/places.py): the place-name gold set
(tests/gold/places.jsonl), names in their many forms, and the frames the flow gives it."""

from __future__ import annotations

import json
import math
from pathlib import Path

import polars as pl
import pytest

from transforms import places

GOLD = Path(__file__).resolve().parents[1] / "gold" / "places.jsonl"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


@pytest.fixture(scope="module")
def gaz(reference_tables):
    return places.gazetteer(reference_tables)


def _matches(place, expected: dict | None) -> bool:
    if expected is None or place is None:
        return expected is None and place is None
    if "geonameid" in expected and place.geonameid != expected["geonameid"]:
        return False
    checks = {"country": place.country_code, "adm1": place.adm1_code, "kind": place.kind}
    return all(checks[k] == v for k, v in expected.items() if k in checks)


def score_gold(gaz) -> tuple[float, list[str]]:
    """Share of the gold names resolved as expected, and the misses."""
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    misses = []
    for r in rows:
        got = places.resolve_place(r["name"], r["context"], gazetteer=gaz)
        if not _matches(got, r["expected"]):
            misses.append(f"{r['name']} {r['context']}: got {got and (got.name, got.country_code, got.adm1_code)}")
    return 1 - len(misses) / len(rows), misses


def test_the_gold_names_score_at_least_90_percent(gaz):
    rows = GOLD.read_text(encoding="utf-8").splitlines()
    assert len(rows) >= 30
    score, misses = score_gold(gaz)
    print(f"places gold: {score:.3f}", *misses, sep="\n  ")
    assert score >= 0.9, misses


def test_names_in_other_forms_resolve_alike(gaz):
    hanoi = places.resolve_place("Hanoi", gazetteer=gaz)
    for form in ("HANOI", "hanoi", "Hà Nội", "Ha Noi"):
        assert places.resolve_place(form, gazetteer=gaz) == hanoi
    assert places.resolve_place("The Hague", gazetteer=gaz) == places.resolve_place("Den Haag", gazetteer=gaz)
    assert places.resolve_place("U.S.", gazetteer=gaz).kind == "country"
    assert places.resolve_place("Asia", gazetteer=gaz) is None  # a continent, never a Philippine town
    assert places.resolve_place("St. Louis", gazetteer=gaz).adm1_code == "US.MO"  # "St." is "Saint"
    assert places.resolve_place("Saint Louis", gazetteer=gaz).adm1_code == "US.MO"
    assert places.resolve_place("Bombay", gazetteer=gaz).name == "Mumbai"  # a large city's former name
    # an entry's own name before another's alternate: the state, not Des Plaines (once "Maine")
    assert places.resolve_place("Maine", ["USA"], gazetteer=gaz).kind == "admin1"
    area = places.resolve_place("Area", gazetteer=gaz)  # a small town's variant names are not indexed
    assert area is None or area.name == "Area"
    assert places.resolve_place("", gazetteer=gaz) is None


def test_countries_sit_on_their_geonames_points(gaz):
    """A country is placed at its GeoNames (Factbook) point, not at its capital."""
    vietnam = places.resolve_place("Vietnam", gazetteer=gaz)
    assert vietnam.kind == "country" and vietnam.place_id == "geo_1562822"
    assert haversine_km(vietnam.latitude, vietnam.longitude, 16.16667, 107.83333) < 1
    singapore = places.resolve_place("Singapore", gazetteer=gaz)
    assert (
        singapore.country_code == "SGP" and haversine_km(singapore.latitude, singapore.longitude, 1.28967, 103.85) < 50
    )


def test_the_own_country_and_the_article_countries_come_first(gaz):
    # the actor tables' country for the name (a hint) or the article's countries
    assert places.resolve_place("Birmingham", gazetteer=gaz).country_code == "GBR"
    assert places.resolve_place("Birmingham", ["USA"], gazetteer=gaz).adm1_code == "US.AL"
    assert places.resolve_place("Birmingham", ["USA"], gazetteer=gaz, country_hint="GBR").country_code == "GBR"
    # a region's point is the centre of population of its cities
    georgia = places.resolve_place("Georgia", ["USA"], gazetteer=gaz)
    assert haversine_km(georgia.latitude, georgia.longitude, 33.7490, -84.3880) < 150  # near Atlanta


def test_event_places_use_the_article_and_the_place_actor(gaz):
    events = pl.DataFrame(
        {
            "article_id": ["a1", "a1", "a2", "a2"],
            "location_name": ["Birmingham", None, "Birmingham", "the Korean Peninsula"],
            "location_country": ["GBR", None, None, None],
            "location_actor_id": ["loc:b", None, "loc:b", None],
        }
    )
    actors = pl.DataFrame(
        {
            "article_id": ["a1", "a1", "a2", "a2"],
            "actor_key": ["loc:b", "person:x", "loc:b", "person:y"],
            "name": ["Birmingham", "X", "Birmingham", "Y"],
            "actor_type": ["location", "person", "location", "person"],
            "country_code": ["GBR", "GBR", None, "USA"],
        }
    )
    ids, found = places.event_places(events, actors, gaz)
    assert ids[1] is None and ids[3] is None
    assert found[ids[0]].country_code == "GBR"
    assert found[ids[2]].adm1_code == "US.AL"  # the article's other actor is American
    assert places.dim_place_rows(found.values()).height == 2


def test_actor_places_for_locations_and_countries(gaz):
    actors = pl.DataFrame(
        {
            "actor_id": ["act_country_VNM", "act_1", "act_2"],
            "name": ["Vietnam", "Pyongyang", "Mike Pompeo"],
            "actor_type": ["country", "location", "person"],
            "country_code": ["VNM", "PRK", "USA"],
            "sector": [None, None, "GOV"],
        }
    )
    out, found = places.actor_places(actors, gaz)
    assert out["place_id"].to_list() == ["geo_1562822", "geo_1871859", None]
    assert set(found) == {"geo_1562822", "geo_1871859"}
