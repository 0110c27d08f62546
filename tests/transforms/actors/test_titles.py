"""Titles and roles, and the country and sector they give a person."""

from __future__ import annotations

import pytest

from tests.transforms.actors.support import actor_of


def test_surname_links_to_full_name_and_titles_become_roles(run):
    aa = run("Secretary of State Mike Pompeo arrived on Monday. Pompeo said the talks went well.")
    full, short = actor_of(aa, "Mike Pompeo"), actor_of(aa, "Pompeo")
    assert full is short and full.name == "Mike Pompeo"
    assert {"Pompeo", "Mike Pompeo"} <= full.aliases
    assert full.country_code == "USA"  # US-office rule: Secretary of State, no other country
    assert ("Secretary of State", None, "GOV") in full.roles
    assert [m.role for m in aa.mentions if m.text == "Mike Pompeo"] == ["Secretary of State"]


# invented names, so the people list cannot help: only the office rules decide
@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        (
            "Secretary of State Mary Quillfeather spoke on Monday. The U.S. will help.",
            "Mary Quillfeather",
            "USA",
        ),  # a US-only office
        (
            "Poland mourned on Sunday. President Jan Wiercinski visited the site in Poland.",
            "Jan Wiercinski",
            "POL",
        ),  # generic office: the focus country
        (
            "President Tom Harrowgate met reporters. The U.S. economy grew.",
            "Tom Harrowgate",
            "USA",
        ),  # US-style title, the US named
        ("Prime Minister Sam Kettleby met reporters on Monday.", "Sam Kettleby", None),  # nothing says which country
        (
            "Prime Minister of Slovakia Igor Matovič tests positive for COVID-19\n\n"
            "He met President of France Emmanuel Macron at a summit in France. Prime Minister Igor Matovič "
            "posted a message on Friday.",
            "Igor Matovič",
            "SVK",
        ),  # "Title of Country Name" the model tagged ORG: the country is the title's
    ],
)
def test_office_rules_for_a_person_country(run, text, name, country):
    assert actor_of(run(text), name).country_code == country


def test_place_in_a_title_stays_in_the_role(run):
    aa = run("The Mayor of Koszalin Piotr Jedlinski said the rooms would be checked.")
    p = actor_of(aa, "Piotr Jedlinski")
    assert p.name == "Piotr Jedlinski" and p.roles[0][0] == "Mayor of Koszalin"


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


def test_a_title_before_and_an_honorific_is_another_persons(run):
    # "the prime minister and Mr Brown": two people; the title is not Mr Brown's
    aa = run("Tony Blair met Gordon Brown. Michael Howard accused the prime minister and Mr Brown of squabbling.")
    assert not [r for r in actor_of(aa, "Gordon Brown").roles if "minister" in (r[0] or "").lower()]
    # ... while "and" inside one title joins its words
    aa = run("Trade and Industry Secretary Patricia Hewitt spoke on Monday.")
    assert [m.role for m in aa.mentions if m.text == "Patricia Hewitt"] == ["Trade and Industry Secretary"]
