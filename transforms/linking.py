"""Cross-article event identity: event mentions (`fact_event` rows) linked into real-world
events (`dim_event`), the step GDELT does not take (its event table counts coverage).

Mentions are taken in date order; each joins the first open event whose leader (its first
mention) it matches, else it leads a new one. Two mentions match when all hold
(the parameters are data: `seeds/lexicons/event_linking.csv`):

* the same kind of report: both happened (asserted or historical) or both not yet, and the
  same negation;
* the same PLOVER type, or a pair listed as compatible;
* the same actors: no side (source, target) names two different actors or countries, and
  at least one side is a named actor in common (a side one report leaves out is unknown,
  not different). For a symmetric type (CONSULT, AGREE, ...) "A meets B" is "B meets A";
* dates that agree: two event dates within the coarser one's window; a report with no event
  date published from that window before the other's event date to a week after it; two
  undated reports published within two days; two reports with no date at all (an undated
  corpus) may link;
* the same place when both have one;
* different articles: an in-article cluster (`event_cluster_id`) moves as one, and a
  report repeated in the leader's own article joins once another article has linked.

Pure Polars in, Polars out. `event_key` is a hash of the leader mention's id: a new run
attaches new mentions to existing events without changing their keys, unless a new mention
is dated before an event's leader.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

import polars as pl

from transforms.schemas import DIM_EVENT

# the mention columns linking reads (built by the caller from fact_event, dim_article, dim_actor)
MENTION = {
    "event_id": pl.Utf8, "article_id": pl.Utf8, "event_type": pl.Utf8, "source_actor_id": pl.Utf8,
    "target_actor_id": pl.Utf8, "source_country": pl.Utf8, "target_country": pl.Utf8, "event_date": pl.Date,
    "date_granularity": pl.Utf8, "published_date": pl.Date, "location_country": pl.Utf8, "place_id": pl.Utf8,
    "modality": pl.Utf8, "is_negated": pl.Boolean, "event_cluster_id": pl.Utf8, "publisher_id": pl.Utf8,
    "start_char": pl.Int64,
}  # fmt: skip


@dataclass(frozen=True)
class LinkRules:
    window_days: dict[str, int]
    symmetric: frozenset[str]
    happened: frozenset[str]
    compatible: frozenset[tuple[str, str]]
    link_undated: bool = False  # two mentions with no date at all (nor their articles) may link

    @classmethod
    def from_tables(cls, tables: dict[str, pl.DataFrame]) -> LinkRules:
        rows = tables["event_linking"].to_dicts()

        def kind(k: str) -> list[dict]:
            return [r for r in rows if r["kind"] == k]

        pairs = {(r["word"], r["value"]) for r in kind("compatible_type")}
        return cls(
            window_days={r["word"]: int(r["value"]) for r in kind("window_days")},
            symmetric=frozenset(r["word"] for r in kind("symmetric_type")),
            happened=frozenset(r["word"] for r in kind("happened")),
            compatible=frozenset(pairs | {(b, a) for a, b in pairs}),
            link_undated=any(r["word"] == "both_undated" and r["value"] == "1" for r in kind("undated")),
        )

    def types_match(self, a: str, b: str) -> bool:
        return a == b or (a, b) in self.compatible

    def window(self, granularity: str) -> int:
        return self.window_days.get(granularity, self.window_days["published"])


@dataclass
class _Unit:
    """One in-article cluster of mentions (or one mention): what linking moves as a whole."""

    leader: dict
    mentions: list[dict] = field(default_factory=list)

    @property
    def article_id(self) -> str:
        return self.leader["article_id"]


def _date(m: dict) -> tuple[dt.date | None, str]:
    if m["event_date"] is not None:
        return m["event_date"], m["date_granularity"] or "day"
    return m["published_date"], "published"


def _side(m: dict, side: str) -> tuple[str | None, str | None]:
    return m[f"{side}_actor_id"], m[f"{side}_country"]


def _same_side(a: tuple, b: tuple) -> bool | None:
    """True: the same actor or country; None: absent on one or both (unknown); False: both
    given and different."""
    (actor_a, country_a), (actor_b, country_b) = a, b
    if (actor_a is None and country_a is None) or (actor_b is None and country_b is None):
        return None
    if actor_a is not None and actor_a == actor_b:
        return True
    return country_a is not None and country_a == country_b


def _actors_match(a: dict, b: dict, symmetric: bool) -> bool:
    sides = [(_side(a, "source"), _side(b, "source")), (_side(a, "target"), _side(b, "target"))]
    orders = [sides]
    if symmetric:
        orders.append([(_side(a, "source"), _side(b, "target")), (_side(a, "target"), _side(b, "source"))])
    for pairs in orders:
        same = [_same_side(x, y) for x, y in pairs]
        named = any(x[0] is not None and x[0] == y[0] for x, y in pairs)
        if all(s is not False for s in same) and named:
            return True
    return False


def _dates_match(a: dict, b: dict, rules: LinkRules) -> bool:
    """Two event dates: within the coarser one's window. An event date and a report with none
    of its own: the report is published from the event's window before it to `reported` days
    after it. Two publication dates: within `published` days. No date at all: `both_undated`."""
    (da, ga), (db, gb) = _date(a), _date(b)
    if da is None or db is None:
        return rules.link_undated and da is None and db is None
    if (ga == "published") != (gb == "published"):
        (event, grain), report = ((da, ga), db) if gb == "published" else ((db, gb), da)
        return -rules.window(grain) <= (report - event).days <= rules.window("reported")
    return abs((da - db).days) <= max(rules.window(ga), rules.window(gb))


def _places_match(a: dict, b: dict) -> bool:
    for col in ("place_id", "location_country"):
        if a[col] is not None and b[col] is not None:
            return a[col] == b[col]
    return True


def _kind(m: dict, rules: LinkRules) -> tuple[bool, bool]:
    return m["modality"] in rules.happened, bool(m["is_negated"])


def mentions_match(a: dict, b: dict, rules: LinkRules) -> bool:
    """The linking rule for two mentions of different articles (see the module docstring)."""
    return (
        a["article_id"] != b["article_id"]
        and _kind(a, rules) == _kind(b, rules)
        and rules.types_match(a["event_type"], b["event_type"])
        and _actors_match(a, b, a["event_type"] in rules.symmetric and b["event_type"] in rules.symmetric)
        and _dates_match(a, b, rules)
        and _places_match(a, b)
    )


def _units(mentions: pl.DataFrame) -> list[_Unit]:
    """In-article clusters, each led by its first mention, in date order (then id)."""
    units: dict[tuple, _Unit] = {}
    for m in mentions.sort("article_id", "start_char", "event_id").iter_rows(named=True):
        key = (m["article_id"], m["event_cluster_id"] or m["event_id"])
        units.setdefault(key, _Unit(leader=m)).mentions.append(m)
    return sorted(units.values(), key=lambda u: (_date(u.leader)[0] or dt.date.max, u.leader["event_id"]))


def _conform(mentions: pl.DataFrame) -> pl.DataFrame:
    """The MENTION columns (one the warehouse does not have yet is NULL)."""
    missing = [pl.lit(None, dtype=t).alias(c) for c, t in MENTION.items() if c not in mentions.columns]
    return mentions.with_columns(missing).select(list(MENTION)).cast(MENTION)


def _hid(prefix: str, *parts) -> str:
    return prefix + hashlib.sha1("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:16]


def _joins(event: list[_Unit], unit: _Unit, rules: LinkRules) -> bool:
    """A unit joins an event when it matches the event's leader; a report repeated in the
    leader's own article joins it only when another article already links to it."""
    if unit.article_id == event[0].article_id:
        return len({u.article_id for u in event}) > 1 and mentions_match(
            event[0].leader, unit.leader | {"article_id": None}, rules
        )
    return mentions_match(event[0].leader, unit.leader, rules)


def link_mentions(mentions: pl.DataFrame, rules: LinkRules) -> list[list[_Unit]]:
    """Events as lists of units, the first unit's leader leading the event. Candidates are
    the events whose leader names one of the mention's actors (a match needs one)."""
    events: list[list[_Unit]] = []
    by_actor: dict[str, list[int]] = {}
    units = _units(_conform(mentions))
    repeats = []  # repeats in an event's own article, waiting for another article to link first
    for unit in units:
        target = next((i for i in _candidates(unit, by_actor) if _joins(events[i], unit, rules)), None)
        if target is not None:
            events[target].append(unit)
        elif any(_repeat_of(events[i], unit, rules) for i in _candidates(unit, by_actor)):
            repeats.append(unit)
        else:
            _lead(unit, events, by_actor)
    for unit in repeats:
        target = next((i for i in _candidates(unit, by_actor) if _joins(events[i], unit, rules)), None)
        if target is None:
            _lead(unit, events, by_actor)
        else:
            events[target].append(unit)
    return events


def _actors(unit: _Unit) -> set[str]:
    return {a for a in (unit.leader["source_actor_id"], unit.leader["target_actor_id"]) if a is not None}


def _candidates(unit: _Unit, by_actor: dict[str, list[int]]) -> list[int]:
    return sorted({i for a in _actors(unit) for i in by_actor.get(a, ())})


def _lead(unit: _Unit, events: list[list[_Unit]], by_actor: dict[str, list[int]]) -> None:
    for a in _actors(unit):
        by_actor.setdefault(a, []).append(len(events))
    events.append([unit])


def _repeat_of(event: list[_Unit], unit: _Unit, rules: LinkRules) -> bool:
    """The unit repeats, in the leader's own article, an event no other article has yet."""
    leader = event[0].leader
    return unit.article_id == leader["article_id"] and mentions_match(leader, unit.leader | {"article_id": None}, rules)


def _event_row(units: list[_Unit]) -> dict:
    leader = units[0].leader
    mentions = [m for u in units for m in u.mentions]
    dated = [m["event_date"] for m in mentions if m["event_date"] is not None]
    published = [m["published_date"] for m in mentions if m["published_date"] is not None]
    return {
        "event_key": _hid("evk_", leader["event_id"]), "leader_event_id": leader["event_id"],
        "event_type": leader["event_type"], "source_actor_id": leader["source_actor_id"],
        "target_actor_id": leader["target_actor_id"], "event_date": min(dated) if dated else None,
        "location_country": next((m["location_country"] for m in mentions if m["location_country"]), None),
        "place_id": next((m["place_id"] for m in mentions if m["place_id"]), None),
        "first_seen": min(published) if published else None, "last_seen": max(published) if published else None,
        "num_mentions": len(mentions), "num_articles": len({m["article_id"] for m in mentions}),
        "num_sources": len({m["publisher_id"] or m["article_id"] for m in mentions}),
    }  # fmt: skip


@dataclass
class Links:
    event_keys: pl.DataFrame  # event_id -> event_key, for every mention
    dim_event: pl.DataFrame  # DIM_EVENT


def link_events(mentions: pl.DataFrame, rules: LinkRules) -> Links:
    """Every mention's event_key, and one dim_event row per real-world event."""
    events = link_mentions(mentions, rules)
    keys = [(m["event_id"], _hid("evk_", ev[0].leader["event_id"])) for ev in events for u in ev for m in u.mentions]
    return Links(
        event_keys=pl.DataFrame(keys, schema={"event_id": pl.Utf8, "event_key": pl.Utf8}, orient="row"),
        dim_event=pl.DataFrame([_event_row(ev) for ev in events], schema=DIM_EVENT, orient="row"),
    )
