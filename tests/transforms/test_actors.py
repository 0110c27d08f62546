"""Actor canonicalisation: one inline text per rule, the cross-article resolver, and the
seed acceptance test (both seed articles through the same code path as the ETL)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from transforms import actors as A
from transforms.doc_model import TITLE_SEPARATOR
from transforms.staging import parse_article_text

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def lexicon(lexicons):
    return lexicons.actors


@pytest.fixture(scope="module")
def run(analyse):
    def _run(text: str):
        ctx = analyse(text)
        doc, aa = ctx.doc, ctx.actors
        for m in aa.mentions:  # the contract every consumer relies on
            assert m.text == doc.text[m.start_char:m.end_char]
            assert 0 <= m.sentence_index < len(list(doc.sents))
        return aa
    return _run


def actor_of(aa, surface: str, nth: int = 0):
    ms = [m for m in aa.mentions if m.text == surface]
    assert len(ms) > nth, f"no mention {surface!r} in {[m.text for m in aa.mentions]}"
    key = ms[nth].actor_key
    return aa.actors[key] if key else None


def test_demonym_is_its_country(run):
    aa = run("The North Korean delegation said nothing. Seoul was silent, and North Korean media agreed.")
    korean = [m for m in aa.mentions if m.text.startswith("North Korean")]
    assert korean and all(aa.actors[m.actor_key].country_code == "PRK" for m in korean)


def test_country_plus_agent_is_a_group(run):
    aa = run("North Korean officials met the envoy in Panmunjom on Tuesday.")
    g = actor_of(aa, "North Korean officials")
    assert (g.actor_type, g.country_code, g.sector) == ("group", "PRK", "GOV")
    assert aa.actor_at(aa.mentions[0].start_char, aa.mentions[0].end_char) == g.key


def test_capital_as_government_is_the_country(run):
    aa = run("Pyongyang wanted the sanctions lifted first. The envoy later departed Pyongyang by plane.")
    gov = actor_of(aa, "Pyongyang", 0)
    place = actor_of(aa, "Pyongyang", 1)
    assert (gov.actor_type, gov.country_code) == ("country", "PRK")
    assert (place.actor_type, place.country_code) == ("location", "PRK")


def test_surname_links_to_full_name_and_titles_become_roles(run):
    aa = run("Secretary of State Mike Pompeo arrived on Monday. Pompeo said the talks went well.")
    full, short = actor_of(aa, "Mike Pompeo"), actor_of(aa, "Pompeo")
    assert full is short and full.name == "Mike Pompeo"
    assert {"Pompeo", "Mike Pompeo"} <= full.aliases
    assert full.country_code == "USA"  # US-office rule: Secretary of State, no other country
    assert ("Secretary of State", None, "GOV") in full.roles
    assert [m.role for m in aa.mentions if m.text == "Mike Pompeo"] == ["Secretary of State"]


def test_office_rules_for_a_person_country(run):
    # invented names, so the people list cannot help: only the office rules decide
    aa = run("Secretary of State Mary Quillfeather spoke on Monday. The U.S. will help.")
    assert actor_of(aa, "Mary Quillfeather").country_code == "USA"  # a US-only office
    aa = run("Poland mourned on Sunday. President Jan Wiercinski visited the site in Poland.")
    assert actor_of(aa, "Jan Wiercinski").country_code == "POL"  # generic office: the focus country
    aa = run("President Tom Harrowgate met reporters. The U.S. economy grew.")
    assert actor_of(aa, "Tom Harrowgate").country_code == "USA"  # US-style title, the US named
    aa = run("The Mayor of Koszalin Piotr Jedlinski said the rooms would be checked.")
    p = actor_of(aa, "Piotr Jedlinski")
    assert p.name == "Piotr Jedlinski" and p.roles[0][0] == "Mayor of Koszalin"
    aa = run("Prime Minister Sam Kettleby met reporters on Monday.")
    assert actor_of(aa, "Sam Kettleby").country_code is None  # nothing says which country


def test_former_president_and_possessive(run):
    aa = run("It was former President Donald Trump's decision. Trump later spoke to reporters.")
    trump = actor_of(aa, "Donald Trump")
    assert trump.name == "Donald Trump" and trump.country_code == "USA" and trump.actor_type == "person"
    assert any(r[0] == "former President" for r in trump.roles)
    assert actor_of(aa, "Trump") is trump


def test_leader_title_gives_country_and_hyphen_variants_unify(run):
    aa = run("North Korean leader Kim Jong Un watched the launch. Kim Jong-un later visited a factory.")
    kim = actor_of(aa, "Kim Jong Un")
    assert kim.country_code == "PRK" and ("North Korean leader", "PRK", "GOV") in kim.roles
    assert actor_of(aa, "Kim Jong-un") is kim and "Kim Jong-un" in kim.aliases
    assert not any(a.actor_type == "group" for a in aa.actors.values())  # a title, not a group


def test_appositive_role(run):
    aa = run("Pompeo met with Kim Yong Chol, the North Korean leader's right-hand man, for talks.")
    kyc = actor_of(aa, "Kim Yong Chol")
    assert kyc.country_code == "PRK"
    assert any(r[0].startswith("North Korean leader") and r[1] == "PRK" for r in kyc.roles)


def test_namesakes_stay_apart_and_bare_kim_follows_focus(run):
    aa = run("Kim Yong Chol met Mike Pompeo in New York. Later Kim Jong Un arrived. "
             "Kim waved at the crowd. Nothing happened for weeks. The weather was fine. "
             "Officials were calm. Kim was not seen.")
    kyc, kju = actor_of(aa, "Kim Yong Chol"), actor_of(aa, "Kim Jong Un")
    assert kyc is not kju
    assert actor_of(aa, "Kim", 0) is kju  # the Kim mentioned last, one sentence back
    assert [m for m in aa.mentions if m.text == "Kim"][1].actor_key is None  # nobody in focus


def test_only_kim_in_article_is_linked(run):
    aa = run("North Korean leader Kim Jong Un met the envoy. Days later, Chairman Kim left.")
    m = [m for m in aa.mentions if m.text == "Kim"]
    assert m and aa.actors[m[0].actor_key].name == "Kim Jong Un" and m[0].role == "Chairman"


def test_the_us_is_a_country(run):
    aa = run("Officials said the U.S. would respond, and the United States did.")
    us = [m for m in aa.mentions if m.text in ("U.S.", "United States")]
    assert us and {aa.actors[m.actor_key].key for m in us} == {"country:USA"}


def test_layout_patterns_fix_small_model_labels(run):
    # invented wire-style lines: nationality in brackets, a results row, a fixture, a dateline
    aa = run("Anna Kowalczyk ( Poland ) beat Maria Lopez ( Spain ) 6-4 6-2 .\n"
             "Results : Oakridge 3 Millbrook 1 , Eastwick 2 Lowfield 0 .\n"
             "Postponed : Oakridge v Eastwick .\n"
             "WARSAW 1996-08-30 M. Nowak said the talks would go on .")
    assert actor_of(aa, "Anna Kowalczyk").actor_type == "person"
    assert actor_of(aa, "Maria Lopez").actor_type == "person"
    assert actor_of(aa, "Poland").actor_type == "country"  # the bracketed nationality stays a country
    for team in ("Oakridge", "Millbrook", "Lowfield"):
        assert actor_of(aa, team).actor_type == "organization", team
    assert actor_of(aa, "Eastwick", 1).actor_type == "organization"
    assert actor_of(aa, "WARSAW").country_code == "POL"
    assert actor_of(aa, "M. Nowak").actor_type == "person"
    assert all(not any(c.isdigit() for c in m.text) for m in aa.mentions)  # spans cut at numbers


def test_org_cues_and_poll_lines(run):
    aa = run("Italian tyre giant Pirelli on Friday announced the deal. Pirelli said it was pleased. "
             "Obama shares the view of his aides.")
    assert {aa.actors[m.actor_key].actor_type for m in aa.mentions if m.text == "Pirelli"} == {"organization"}
    assert actor_of(aa, "Obama").actor_type == "person"  # "shares" as a verb is no cue
    aa = run("Hillary Clinton and Donald Trump were close. Poll : Trump 45 percent , Clinton 43 percent , 12 .")
    assert actor_of(aa, "Trump").actor_type == "person" and actor_of(aa, "Clinton").actor_type == "person"


def test_org_spans_keep_their_names(run):
    aa = run("The U.N. Security Council met on Friday. The refusal led to U.N. sanctions on Libya. "
             "Russia 's Interfax news agency reported the vote.")
    assert actor_of(aa, "U.N. Security Council").actor_type == "organization"
    assert actor_of(aa, "U.N.").actor_type == "organization"  # "U.N." is not an initial or a title
    assert actor_of(aa, "Russia").key == "country:RUS"
    assert "Interfax" in [m.text for m in aa.mentions]  # trailing common nouns trimmed


def test_country_names_and_places(lexicon):
    assert lexicon.country_of("Russia") == "RUS" and lexicon.country_of("Germany") == "DEU"
    assert lexicon.country_of("North Korean") == "PRK" and lexicon.country_of("North Koreans") == "PRK"
    assert lexicon.country_of("Britain") == "GBR"
    assert lexicon.country_of("Texas") is None and lexicon.places["texas"] == "USA"  # a province, not a country
    assert lexicon.capitals["pyongyang"] == "PRK"


def test_phoenix_converter(shared_data, tmp_path):
    from dateline.refdata import phoenix

    assert phoenix.main(["--phoenix", str(shared_data / "phoenix_dictionaries"), "--out", str(tmp_path)]) == 0
    t = {p.stem: pl.read_csv(p, infer_schema_length=0) for p in tmp_path.glob("*.csv")}
    assert set(t) == {"countries", "country_synonyms", "capitals", "agents", "organizations", "people", "iso3",
                      "sectors"}
    assert sum(p.stat().st_size for p in tmp_path.glob("*.csv")) < 2_000_000
    countries = dict(t["countries"].iter_rows())
    assert countries["PRK"] == "North Korea" and countries["DEU"] == "Germany" and "RUS" in countries
    syn = {r[0]: r[1:] for r in t["country_synonyms"].iter_rows()}
    assert syn["North Korean"] == ("PRK", "demonym") and syn["Russia"][0] == "RUS"
    assert dict(t["capitals"].iter_rows())["Pyongyang"] == "PRK"
    agents = dict(t["agents"].iter_rows())
    assert agents["minister"] == "GOV" and agents["army"] == "MIL"
    people = {r[0]: r[1:] for r in t["people"].iter_rows()}
    assert people["Vladimir Putin"] == ("RUS", "GOV") and people["Kim Jong Il"] == ("PRK", "GOV")
    assert set(t["iso3"]["iso3"]) >= {"USA", "PRK", "KOR", "RUS"} and "GOV" in set(t["sectors"]["sector"])
    # the committed CSVs are this converter's output
    committed = ROOT / "seeds/reference/countries.csv"
    assert committed.read_text(encoding="utf-8") == (tmp_path / "countries.csv").read_text(encoding="utf-8")


def test_norm():
    assert A.norm("Kim Jong-un") == A.norm("Kim Jong Un") == "kim jong un"
    assert A.norm("Trump's") == "trump" and A.norm("the U.S.") == "us"


# ------------------------------------------------------------------ resolution (pure Polars)

def _local(rows):
    return pl.DataFrame([{"country_code": None, "sector": None, "published_date": dt.date(2021, 4, 2), **r}
                         for r in rows], schema=A.STG_LOCAL_ACTOR, orient="row")


EMPTY_ACTORS = pl.DataFrame(schema=A.DIM_ACTOR)
EMPTY_ALIASES = pl.DataFrame(schema=A.DIM_ACTOR_ALIAS)


def test_resolve_same_name_same_actor_and_stable_ids():
    rows = [
        {"article_id": "a1", "actor_key": "person:mike pompeo", "name": "Mike Pompeo", "actor_type": "person",
         "country_code": "USA", "aliases": ["Mike Pompeo", "Pompeo"]},
        {"article_id": "a2", "actor_key": "person:mike pompeo", "name": "Mike Pompeo", "actor_type": "person",
         "aliases": ["Mike Pompeo"]},
        {"article_id": "a2", "actor_key": "country:PRK", "name": "North Korea", "actor_type": "country",
         "country_code": "PRK", "aliases": ["North Korea"]},
    ]
    r1 = A.resolve_actors(_local(rows), EMPTY_ACTORS, EMPTY_ALIASES)
    r2 = A.resolve_actors(_local(rows[::-1]), EMPTY_ACTORS, EMPTY_ALIASES)
    assert r1.key_map.sort("article_id", "actor_key").equals(r2.key_map.sort("article_id", "actor_key"))
    assert r1.actors.height == 2 and r1.actors.filter(pl.col("actor_type") == "person")["country_code"].to_list() == ["USA"]
    assert "act_country_PRK" in r1.actors["actor_id"].to_list()
    assert set(r1.key_map.schema.items()) == set(A.KEY_MAP.items())


def test_resolve_surname_attaches_via_known_alias_only_when_unambiguous():
    known = pl.DataFrame([{"actor_id": "act_p1", "name": "Mike Pompeo", "actor_type": "person", "country_code": "USA",
                           "sector": "GOV"}, {"actor_id": "act_k1", "name": "Kim Jong Un", "actor_type": "person",
                                              "country_code": "PRK", "sector": None},
                          {"actor_id": "act_k2", "name": "Kim Yong Chol", "actor_type": "person",
                           "country_code": "PRK", "sector": None}], schema=A.DIM_ACTOR, orient="row")
    aliases = pl.DataFrame({"actor_id": ["act_p1", "act_p1", "act_k1", "act_k2"],
                            "alias": ["Mike Pompeo", "Pompeo", "Kim", "Kim"]}, schema=A.DIM_ACTOR_ALIAS)
    local = _local([{"article_id": "a3", "actor_key": "person:pompeo", "name": "Pompeo", "actor_type": "person",
                     "aliases": ["Pompeo"]},
                    {"article_id": "a3", "actor_key": "person:kim", "name": "Kim", "actor_type": "person",
                     "aliases": ["Kim"]}])
    res = A.resolve_actors(local, known, aliases)
    km = dict(zip(res.key_map["actor_key"], res.key_map["actor_id"], strict=True))
    assert km["person:pompeo"] == "act_p1"
    assert km["person:kim"] not in ("act_k1", "act_k2")  # two known Kims: stays apart
    assert res.actors.filter(pl.col("actor_id") == "act_p1")["name"].to_list() == ["Mike Pompeo"]
    assert res.aliases.filter(pl.col("actor_id") == "act_p1").height == 0  # nothing new


def test_build_actor_roles():
    roles = pl.DataFrame([{"article_id": "a1", "actor_key": "person:x", "role": "President", "country_code": "USA",
                           "sector": "GOV", "as_of_date": dt.date(2020, 1, 1)},
                          {"article_id": "a1", "actor_key": "person:unknown", "role": "Senator", "country_code": None,
                           "sector": "LEG", "as_of_date": dt.date(2020, 1, 1)}], schema=A.STG_ACTOR_ROLE, orient="row")
    km = pl.DataFrame({"article_id": ["a1"], "actor_key": ["person:x"], "actor_id": ["act_x"]}, schema=A.KEY_MAP)
    out = A.build_actor_roles(roles, km)
    assert out.schema == pl.Schema(A.ACTOR_ROLE) and out.rows() == [("act_x", "President", "USA", "GOV", "a1",
                                                                      dt.date(2020, 1, 1))]


# ------------------------------------------------------------------ seed acceptance

def _stg_for(texts: dict[str, str], analyse) -> pl.DataFrame:
    rows = []
    for aid, text in texts.items():
        aa = analyse(text).actors
        rows += [{"article_id": aid, "actor_key": a.key, "name": a.name, "actor_type": a.actor_type,
                  "country_code": a.country_code, "sector": a.sector, "aliases": sorted(a.aliases),
                  "published_date": dt.date(2021, 4, 2)} for a in aa.actors.values()]
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

    pompeo, trump, kju, kyc, nk = (one(n) for n in ("Mike Pompeo", "Donald Trump", "Kim Jong Un", "Kim Yong Chol",
                                                     "North Korea"))
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
