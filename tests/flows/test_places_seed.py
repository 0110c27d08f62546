"""Places on the map in the loaded seed warehouse (issue 19): the seed events in Singapore and
Vietnam and the seeds' Pyongyang resolve to their GeoNames entries, within 50 km."""

from __future__ import annotations

from tests.conftest import query
from tests.transforms.test_places import haversine_km

# GeoNames' own entries (https://www.geonames.org/<id>): latitude, longitude
GEONAMES = {
    "Pyongyang": (1871859, 39.03385, 125.75432),  # the city
    "Singapore": (1880251, 1.36667, 103.8),  # the city-state (the country entry)
    "Vietnam": (1562822, 16.16667, 107.83333),  # the country
}
SINGAPORE_CITY = (1.28967, 103.85007)  # GeoNames 1880252, the city entry inside the city-state


def _event_places(db) -> dict[str, list[tuple]]:
    rows = query(
        db,
        """select e.location_name, p.geonameid, p.latitude, p.longitude
           from fact_event e join dim_place p using (place_id)""",
    )
    out: dict[str, list[tuple]] = {}
    for name, *place in rows:
        out.setdefault(name, []).append(tuple(place))
    return out


def test_the_seed_places_resolve_within_50_km_of_their_geonames_entries(seed_warehouse):
    db, _ = seed_warehouse
    events = _event_places(db)
    assert {"Singapore", "Vietnam"} <= set(events)  # the events the seeds place there
    for name in GEONAMES.keys() & events.keys():
        gid, lat, lon = GEONAMES[name]
        for got_id, got_lat, got_lon in events[name]:
            assert got_id == gid, name
            assert haversine_km(got_lat, got_lon, lat, lon) < 50, name
    # no seed event is coded in Pyongyang (the sentences that name it give none); its actor is placed
    (pyongyang,) = query(
        db,
        """select p.geonameid, p.latitude, p.longitude from dim_actor a
           join dim_place p using (place_id) where a.name = 'Pyongyang'""",
    )
    gid, lat, lon = GEONAMES["Pyongyang"]
    assert pyongyang[0] == gid and haversine_km(pyongyang[1], pyongyang[2], lat, lon) < 50
    singapore = events["Singapore"][0]
    assert haversine_km(singapore[1], singapore[2], *SINGAPORE_CITY) < 50


def test_every_place_reference_resolves_and_the_view_maps_it(seed_warehouse):
    db, _ = seed_warehouse
    dangling = query(
        db,
        """select count(*) from (
               select place_id from fact_event union all select place_id from dim_actor
           ) r where place_id is not null and place_id not in (select place_id from dim_place)""",
    )
    assert dangling == [(0,)]
    mapped = query(db, "select place_name, latitude, longitude from v_actor_events where place = 'Vietnam'")
    assert mapped and all(name == "Vietnam" and lat is not None and lon is not None for name, lat, lon in mapped)
