"""The actor lexicon: reference tables (the Phoenix converter's output) and hand-kept words."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from transforms import actors as A

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("Russia", "RUS"),
        ("Germany", "DEU"),
        ("North Korean", "PRK"),
        ("North Koreans", "PRK"),
        ("Britain", "GBR"),  # a hand-kept country name (actor_extras.csv)
        ("Texas", None),  # a province, not a country
        ("French", "FRA"),  # a demonym of another stem (actor_extras.csv)
        ("Cincinnati", None),  # Phoenix files it as a USA synonym: a place, no demonym
        ("Milan", None),
    ],
)
def test_country_names(lexicon, text, iso3):
    assert lexicon.country_of(text) == iso3


def test_places_and_capitals(lexicon):
    assert lexicon.places["texas"] == "USA"
    assert lexicon.places["cincinnati"] == "USA" and lexicon.places["tehran"] == "IRN"
    assert lexicon.capitals["pyongyang"] == "PRK"


def test_hand_kept_words_come_from_the_vocabulary(lexicon):
    assert lexicon.title_sectors["senator"] == "LEG" and lexicon.title_sectors["vice"] is None
    assert "former" in lexicon.title_words and "mr." in lexicon.honorifics
    assert "secretary of state" in lexicon.us_offices and "president" in lexicon.us_style_offices
    assert lexicon.orgs["pentagon"] == ("USA", "MIL") and lexicon.agents["troops"] == "MIL"
    assert "giant" in lexicon.org_cue_before and "shares" in lexicon.org_cue_after


@pytest.mark.parametrize(
    ("name", "normal"),
    [("Kim Jong-un", "kim jong un"), ("Kim Jong Un", "kim jong un"), ("Trump's", "trump"), ("the U.S.", "us")],
)
def test_norm(name, normal):
    assert A.norm(name) == normal


@pytest.mark.parametrize(
    ("synonym", "country", "demonym"),
    [
        ("IRAQI", "IRAQ", True),
        ("NORTH KOREAN", "NORTH KOREA", True),
        ("AFGHAN", "AFGHANISTAN", True),
        ("RUSSIAN", "RUSSIAN FEDERATION", True),
        ("CINCINNATI", "UNITED STATES", False),  # a city filed among the country's synonyms
        ("TEHRAN", "IRAN", False),
        ("KAZAKSTAN", "KAZAKHSTAN", False),  # a misspelt name
        ("TUNIS", "TUNISIA", False),  # the capital
        ("PORT SUDAN", "SUDAN", False),
        ("FRENCH", "FRANCE", False),  # another stem: a hand-kept demonym instead
    ],
)
def test_phoenix_demonyms(synonym, country, demonym):
    from dateline.refdata import phoenix

    assert phoenix.is_demonym(synonym, country) is demonym


def test_phoenix_converter(shared_data, tmp_path):
    from dateline.refdata import phoenix

    assert phoenix.main(["--phoenix", str(shared_data / "phoenix_dictionaries"), "--out", str(tmp_path)]) == 0
    t = {p.stem: pl.read_csv(p, infer_schema_length=0) for p in tmp_path.glob("*.csv")}
    assert set(t) == {
        "countries",
        "country_synonyms",
        "capitals",
        "agents",
        "organizations",
        "people",
        "iso3",
        "sectors",
    }
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
    for name in t:
        committed = ROOT / "seeds/reference" / f"{name}.csv"
        assert committed.read_text(encoding="utf-8") == (tmp_path / f"{name}.csv").read_text(encoding="utf-8"), name
