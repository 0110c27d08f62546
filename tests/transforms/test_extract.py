"""The one NLP pass and what comes out of it (transforms/extract.py): every fact table the
registry names an extractor for, staged with article-local actor keys, then assembled with
warehouse actor ids, content ids and the registry's schema."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from transforms import extract
from transforms.doc_model import TITLE_SEPARATOR
from warehouse import tables as registry

TITLE = "Pompeo meets Kim in Pyongyang"
BODY = (
    "US Secretary of State Mike Pompeo met North Korean leader Kim Jong Un in Pyongyang on Saturday. "
    "“We made progress,” Pompeo told reporters. He said the talks would continue."
)
ARTICLE = {"article_id": "art_1", "title": TITLE, "body": BODY, "published_date": dt.date(2018, 7, 7), "language": "en"}


@pytest.fixture(scope="module")
def staged(nlp, lexicons):
    articles = pl.DataFrame([ARTICLE], schema=extract.EXTRACT_INPUT)
    text, _ = extract.analysed_text(TITLE, BODY)
    return extract.extract_docs(articles, [nlp(text)], lexicons)


@pytest.fixture(scope="module")
def assembled(staged):
    from transforms import actors as actors_mod

    resolution = actors_mod.resolve_actors(
        staged["stg_local_actor"],
        pl.DataFrame(schema=actors_mod.DIM_ACTOR),
        pl.DataFrame(schema=actors_mod.DIM_ACTOR_ALIAS),
    )
    return extract.assemble_facts(staged, resolution.key_map), resolution


@pytest.mark.parametrize(
    ("title", "body", "text", "offset"),
    [
        ("Headline", "Body.", "Headline" + TITLE_SEPARATOR + "Body.", len("Headline") + len(TITLE_SEPARATOR)),
        (None, "Body.", "Body.", 0),
        ("", "Body.", "Body.", 0),
    ],
)
def test_analysed_text(title, body, text, offset):
    assert extract.analysed_text(title, body) == (text, offset)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (0, 6, ("title", 0, 6)),
        (len(TITLE) + len(TITLE_SEPARATOR), len(TITLE) + len(TITLE_SEPARATOR) + 2, ("body", 0, 2)),
    ],
)
def test_to_section(start, end, expected):
    assert extract.to_section(start, end, len(TITLE) + len(TITLE_SEPARATOR)) == expected


def test_every_registered_extractor_gives_a_staged_table(staged):
    facts = registry.fact_extractors()
    assert set(facts) >= {"fact_actor_mention", "fact_quote", "fact_event"}
    for name, t in facts.items():
        df = staged[f"stg_{name}"]
        assert df.schema == {c: typ for c, typ in t.polars_schema.items() if c != t.id["column"]}, name
    assert staged["stg_fact_quote"].height >= 2 and staged["stg_fact_event"].height >= 1


def test_staged_facts_carry_article_local_actor_keys(staged):
    keys = set(staged["stg_local_actor"]["actor_key"].to_list())
    speakers = set(staged["stg_fact_quote"]["speaker_actor_id"].drop_nulls().to_list())
    assert speakers and speakers <= keys


def test_assembled_facts_have_the_registry_schema_ids_and_warehouse_actors(assembled):
    facts, resolution = assembled
    actor_ids = set(resolution.actors["actor_id"].to_list())
    for name, t in registry.fact_extractors().items():
        df = facts[name]
        assert df.schema == t.polars_schema, name
        assert df[t.id["column"]].is_unique().all() and df[t.id["column"]].str.starts_with(t.id["prefix"]).all()
        for c in t.references_to("dim_actor"):
            assert set(df[c.name].drop_nulls().to_list()) <= actor_ids, (name, c.name)
    pompeo = resolution.actors.filter(pl.col("name") == "Mike Pompeo")["actor_id"].to_list()
    direct = facts["fact_quote"].filter(pl.col("quote_type") == "direct")
    assert direct["speaker_actor_id"].to_list() == pompeo
    assert direct["quote_text"].to_list() == ["We made progress"]


def test_an_id_comes_from_the_registry_columns_before_actor_resolution(staged, assembled):
    facts, _ = assembled
    q = staged["stg_fact_quote"].row(0, named=True)
    expected = extract._hid("quo_", q["article_id"], q["section"], q["start_char"], q["end_char"], q["quote_type"])
    assert facts["fact_quote"]["quote_id"][0] == expected


def test_a_key_the_resolver_did_not_map_gives_no_actor(staged):
    facts = extract.assemble_facts(
        staged, pl.DataFrame(schema={"article_id": pl.Utf8, "actor_key": pl.Utf8, "actor_id": pl.Utf8})
    )
    assert facts["fact_quote"]["speaker_actor_id"].null_count() == facts["fact_quote"].height


def test_dim_date_rows():
    rows = extract.dim_date_rows([dt.date(2021, 4, 2), None, dt.date(2021, 4, 2)])
    assert rows.schema == registry.polars_schema("dim_date")
    assert rows.row(0, named=True) == {
        "date_key": dt.date(2021, 4, 2),
        "year": 2021,
        "quarter": 2,
        "month": 4,
        "day": 2,
        "iso_week": 13,
        "day_of_week": 5,
        "month_name": "April",
        "day_name": "Friday",
    }
