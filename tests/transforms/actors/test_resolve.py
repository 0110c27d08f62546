"""Cross-article resolution (pure Polars), and the seed acceptance test: both seed articles
through the same code path as the ETL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from transforms import actors as A
from transforms.doc_model import TITLE_SEPARATOR
from transforms.staging import parse_article_text

ROOT = Path(__file__).resolve().parents[3]


def _local(rows):
    return pl.DataFrame(
        [{"country_code": None, "sector": None, "published_date": dt.date(2021, 4, 2), **r} for r in rows],
        schema=A.STG_LOCAL_ACTOR,
        orient="row",
    )


EMPTY_ACTORS = pl.DataFrame(schema=A.DIM_ACTOR)
EMPTY_ALIASES = pl.DataFrame(schema=A.DIM_ACTOR_ALIAS)


def test_resolve_same_name_same_actor_and_stable_ids():
    rows = [
        {
            "article_id": "a1",
            "actor_key": "person:mike pompeo",
            "name": "Mike Pompeo",
            "actor_type": "person",
            "country_code": "USA",
            "aliases": ["Mike Pompeo", "Pompeo"],
        },
        {
            "article_id": "a2",
            "actor_key": "person:mike pompeo",
            "name": "Mike Pompeo",
            "actor_type": "person",
            "aliases": ["Mike Pompeo"],
        },
        {
            "article_id": "a2",
            "actor_key": "country:PRK",
            "name": "North Korea",
            "actor_type": "country",
            "country_code": "PRK",
            "aliases": ["North Korea"],
        },
    ]
    r1 = A.resolve_actors(_local(rows), EMPTY_ACTORS, EMPTY_ALIASES)
    r2 = A.resolve_actors(_local(rows[::-1]), EMPTY_ACTORS, EMPTY_ALIASES)
    assert r1.key_map.sort("article_id", "actor_key").equals(r2.key_map.sort("article_id", "actor_key"))
    assert r1.actors.height == 2 and r1.actors.filter(pl.col("actor_type") == "person")["country_code"].to_list() == [
        "USA"
    ]
    assert "act_country_PRK" in r1.actors["actor_id"].to_list()
    assert set(r1.key_map.schema.items()) == set(A.KEY_MAP.items())


def test_resolve_surname_attaches_via_known_alias_only_when_unambiguous():
    known = pl.DataFrame(
        [
            {
                "actor_id": "act_p1",
                "name": "Mike Pompeo",
                "actor_type": "person",
                "country_code": "USA",
                "sector": "GOV",
            },
            {
                "actor_id": "act_k1",
                "name": "Kim Jong Un",
                "actor_type": "person",
                "country_code": "PRK",
                "sector": None,
            },
            {
                "actor_id": "act_k2",
                "name": "Kim Yong Chol",
                "actor_type": "person",
                "country_code": "PRK",
                "sector": None,
            },
        ],
        schema=A.DIM_ACTOR,
        orient="row",
    )
    aliases = pl.DataFrame(
        {"actor_id": ["act_p1", "act_p1", "act_k1", "act_k2"], "alias": ["Mike Pompeo", "Pompeo", "Kim", "Kim"]},
        schema=A.DIM_ACTOR_ALIAS,
    )
    local = _local(
        [
            {
                "article_id": "a3",
                "actor_key": "person:pompeo",
                "name": "Pompeo",
                "actor_type": "person",
                "aliases": ["Pompeo"],
            },
            {"article_id": "a3", "actor_key": "person:kim", "name": "Kim", "actor_type": "person", "aliases": ["Kim"]},
        ]
    )
    res = A.resolve_actors(local, known, aliases)
    km = dict(zip(res.key_map["actor_key"], res.key_map["actor_id"], strict=True))
    assert km["person:pompeo"] == "act_p1"
    assert km["person:kim"] not in ("act_k1", "act_k2")  # two known Kims: stays apart
    assert res.actors.filter(pl.col("actor_id") == "act_p1")["name"].to_list() == ["Mike Pompeo"]
    assert res.aliases.filter(pl.col("actor_id") == "act_p1").height == 0  # nothing new


def test_build_actor_roles():
    roles = pl.DataFrame(
        [
            {
                "article_id": "a1",
                "actor_key": "person:x",
                "role": "President",
                "country_code": "USA",
                "sector": "GOV",
                "as_of_date": dt.date(2020, 1, 1),
            },
            {
                "article_id": "a1",
                "actor_key": "person:unknown",
                "role": "Senator",
                "country_code": None,
                "sector": "LEG",
                "as_of_date": dt.date(2020, 1, 1),
            },
        ],
        schema=A.STG_ACTOR_ROLE,
        orient="row",
    )
    km = pl.DataFrame({"article_id": ["a1"], "actor_key": ["person:x"], "actor_id": ["act_x"]}, schema=A.KEY_MAP)
    out = A.build_actor_roles(roles, km)
    assert out.schema == pl.Schema(A.ACTOR_ROLE) and out.rows() == [
        ("act_x", "President", "USA", "GOV", "a1", dt.date(2020, 1, 1))
    ]


def _stg_for(texts: dict[str, str], analyse) -> pl.DataFrame:
    """The stage rows the extractor writes for these articles (transforms/extract.py)."""
    from transforms.extract import _actor_rows

    rows = [r for aid, text in texts.items() for r in _actor_rows(analyse(text, dt.date(2021, 4, 2)), aid)[0]]
    return pl.DataFrame(rows, schema=A.STG_LOCAL_ACTOR, orient="row")


def test_seed_acceptance(analyse):
    texts = {}
    for p in sorted((ROOT / "seeds/articles").glob("*.txt")):
        art = parse_article_text(p.read_text(encoding="utf-8"))
        texts[p.stem] = art["title"] + TITLE_SEPARATOR + art["body"] if art["title"] else art["body"]
    assert len(texts) == 2
    res = A.resolve_actors(_stg_for(texts, analyse), EMPTY_ACTORS, EMPTY_ALIASES)
    actors, aliases = res.actors, res.aliases

    def one(name):
        hit = actors.filter(pl.col("name") == name)
        assert hit.height == 1, (name, hit)
        return hit.row(0, named=True)

    def aliases_of(aid):
        return set(aliases.filter(pl.col("actor_id") == aid)["alias"].to_list())

    pompeo, trump, kju, kyc, nk = (
        one(n) for n in ("Mike Pompeo", "Donald Trump", "Kim Jong Un", "Kim Yong Chol", "North Korea")
    )
    assert actors.filter(pl.col("name").str.contains("Pompeo")).height == 1
    assert {"Pompeo", "Mike Pompeo"} <= aliases_of(pompeo["actor_id"])
    assert "Kim Jong-un" in aliases_of(kju["actor_id"])
    assert kju["actor_id"] != kyc["actor_id"]
    for p in (pompeo, trump):
        assert (p["actor_type"], p["country_code"]) == ("person", "USA")
    for p in (kju, kyc):
        assert (p["actor_type"], p["country_code"]) == ("person", "PRK")
    assert (nk["actor_type"], nk["country_code"]) == ("country", "PRK")
    # every Pompeo mention in both seeds is mapped to that one actor
    km = res.key_map.filter(pl.col("actor_id") == pompeo["actor_id"])
    assert km["article_id"].n_unique() == 2

    # a later run: an article that only says "Pompeo" adds no new Pompeo actor
    third = _stg_for({"a3": "Former Secretary of State Pompeo spoke in Iowa on Friday."}, analyse)
    res3 = A.resolve_actors(third, actors, aliases)
    ids = dict(zip(res3.key_map["actor_key"], res3.key_map["actor_id"], strict=True))
    assert ids.get("person:pompeo") == pompeo["actor_id"]
    assert res3.actors.filter(pl.col("name").str.contains("Pompeo"))["actor_id"].to_list() == [pompeo["actor_id"]]
