"""Cross-article resolution: every (article, local actor key) gets a warehouse actor_id, and
roles are keyed by it. Pure Polars in, Polars out."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass

import polars as pl

from transforms.actors.lexicon import norm
from transforms.schemas import ACTOR_ROLE, DIM_ACTOR, DIM_ACTOR_ALIAS

KEY_MAP = {"article_id": pl.Utf8, "actor_key": pl.Utf8, "actor_id": pl.Utf8}
STG_LOCAL_ACTOR = {
    "article_id": pl.Utf8,
    "actor_key": pl.Utf8,
    "name": pl.Utf8,
    "actor_type": pl.Utf8,
    "country_code": pl.Utf8,
    "sector": pl.Utf8,
    "aliases": pl.List(pl.Utf8),
    "published_date": pl.Date,
}
STG_ACTOR_ROLE = {
    "article_id": pl.Utf8,
    "actor_key": pl.Utf8,
    "role": pl.Utf8,
    "country_code": pl.Utf8,
    "sector": pl.Utf8,
    "as_of_date": pl.Date,
}


@dataclass
class ActorResolution:
    key_map: pl.DataFrame  # KEY_MAP
    actors: pl.DataFrame  # DIM_ACTOR rows to insert or update
    aliases: pl.DataFrame  # DIM_ACTOR_ALIAS rows not known yet


def actor_id(actor_type: str, name: str, country_code: str | None = None) -> str:
    """Stable id: countries by ISO3, everything else by type and normalised name."""
    if actor_type == "country" and country_code:
        return f"act_country_{country_code}"
    return "act_" + hashlib.sha1(f"{actor_type}|{norm(name)}".encode()).hexdigest()[:16]


def _is_partial(name: str) -> bool:
    return len(norm(name).split()) < 2


def _link_surnames(rows: list[dict], ids: list[str], known_type: dict[str, str], known_aliases: pl.DataFrame) -> None:
    """A one-word person name joins the one person whose aliases (known, or this batch's
    full names) hold it; with none or several it stays its own actor."""
    person_alias: dict[str, set[str]] = {}  # alias (norm) -> person actor ids
    for aid, alias in known_aliases.iter_rows():
        if known_type.get(aid) == "person":
            person_alias.setdefault(norm(alias), set()).add(aid)
    for aid, r in zip(ids, rows, strict=True):
        if r["actor_type"] == "person" and not _is_partial(r["name"]):
            for alias in [r["name"], *(r["aliases"] or [])]:
                person_alias.setdefault(norm(alias), set()).add(aid)
    for i, r in enumerate(rows):
        if r["actor_type"] == "person" and _is_partial(r["name"]):
            owners = person_alias.get(norm(r["name"]), set()) - {ids[i]}
            if len(owners) == 1:
                ids[i] = next(iter(owners))


def _commonest(rs: list[dict], col: str) -> str | None:
    c = Counter(r[col] for r in rs if r[col])
    return min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] if c else None


def _dim_rows(
    rows: list[dict], ids: list[str], known_actors: pl.DataFrame, known_aliases: pl.DataFrame
) -> tuple[list[dict], set[tuple[str, str]]]:
    """One DIM_ACTOR row per touched actor (the known name wins, else the commonest full name;
    country and sector: known if set, else the commonest value) and its new aliases."""
    known_rows = {r["actor_id"]: r for r in known_actors.iter_rows(named=True)}
    groups: dict[str, list[dict]] = {}
    for aid, r in zip(ids, rows, strict=True):
        groups.setdefault(aid, []).append(r)
    out, alias_rows = [], set()
    known_alias_set = set(known_aliases.iter_rows())
    for aid in sorted(groups):
        rs = groups[aid]
        k = known_rows.get(aid)
        full = [r for r in rs if not _is_partial(r["name"])] or rs
        out.append(
            {
                "actor_id": aid,
                "name": k["name"] if k else _commonest(full, "name"),
                "actor_type": k["actor_type"] if k else _commonest(rs, "actor_type"),
                "country_code": (k and k["country_code"]) or _commonest(rs, "country_code"),
                "sector": (k and k["sector"]) or _commonest(rs, "sector"),
            }
        )
        for r in rs:
            for alias in {r["name"], *(r["aliases"] or [])}:
                if alias and (aid, alias) not in known_alias_set:
                    alias_rows.add((aid, alias))
    return out, alias_rows


def resolve_actors(
    local_actors: pl.DataFrame, known_actors: pl.DataFrame, known_aliases: pl.DataFrame
) -> ActorResolution:
    """Give every (article, local key) a warehouse actor_id.

    Same type and normalised name -> same actor, in any article and any run. A one-word
    person name ("Pompeo") joins the person whose aliases (known, or from this batch) hold
    it when exactly one person does; otherwise it stays its own actor."""
    local = local_actors.cast(STG_LOCAL_ACTOR)
    known_actors = known_actors.cast(DIM_ACTOR)
    known_aliases = known_aliases.cast(DIM_ACTOR_ALIAS)
    known_type = dict(zip(known_actors["actor_id"], known_actors["actor_type"], strict=True))
    rows = list(local.iter_rows(named=True))
    ids: list[str] = [actor_id(r["actor_type"], r["name"], r["country_code"]) for r in rows]
    _link_surnames(rows, ids, known_type, known_aliases)
    key_map = pl.DataFrame(
        {"article_id": [r["article_id"] for r in rows], "actor_key": [r["actor_key"] for r in rows], "actor_id": ids},
        schema=KEY_MAP,
    ).unique(["article_id", "actor_key"], keep="first", maintain_order=True)
    out, alias_rows = _dim_rows(rows, ids, known_actors, known_aliases)
    return ActorResolution(
        key_map=key_map,
        actors=pl.DataFrame(out, schema=DIM_ACTOR, orient="row"),
        aliases=pl.DataFrame(sorted(alias_rows), schema=DIM_ACTOR_ALIAS, orient="row"),
    )


def build_actor_roles(stg_actor_role: pl.DataFrame, key_map: pl.DataFrame) -> pl.DataFrame:
    """Roles per article, keyed by warehouse actor_id (ACTOR_ROLE)."""
    roles = stg_actor_role.cast(STG_ACTOR_ROLE)
    km = key_map.cast(KEY_MAP).unique(["article_id", "actor_key"], keep="first")
    return (
        roles.join(km, on=["article_id", "actor_key"], how="inner")
        .filter(pl.col("actor_id").is_not_null() & pl.col("role").is_not_null())
        .select(list(ACTOR_ROLE))
        .cast(ACTOR_ROLE)
        .unique(["actor_id", "role", "article_id"], keep="first", maintain_order=True)
    )
