"""The actor rules that give political actors their sector or country (issue 13 recall): a
postpositive "General" in a title, a demonym + plural name as a people, an organisation's
head noun, a name the tagger missed after a title, roles said in a clause, a demonym in an
appositive, and unnamed state agents. Each table row failed before its rule."""

from __future__ import annotations

import pytest

from tests.transforms.actors.support import actor_of


@pytest.mark.parametrize(
    ("text", "name", "sector"),
    [
        ("Attorney General William Barr criticised the ruling.", "William Barr", "GOV"),
        ("UN Secretary-General Antonio Guterres condemned the attack.", "Antonio Guterres", "GOV"),
        ("Secretary General Jens Stoltenberg condemned the attack.", "Jens Stoltenberg", "GOV"),
        ("Lieutenant General Mark Hertling spoke on Monday.", "Mark Hertling", "MIL"),  # still a general
    ],
)
def test_postpositive_general_is_no_head(run, text, name, sector):
    assert actor_of(run(text), name).sector == sector


@pytest.mark.parametrize(
    ("text", "name", "atype", "country"), [("Bosnian Serbs rejected the plan.", "Bosnian Serbs", "group", "BIH")]
)
def test_demonym_and_plural_name_is_a_people(run, text, name, atype, country):
    a = actor_of(run(text), name)
    assert (a.actor_type, a.country_code) == (atype, country)


@pytest.mark.parametrize(
    ("text", "name", "country", "sector"),
    [
        ("Toronto Police face allegations they failed to react.", "Toronto Police", "CAN", "COP"),
        ("The European Community imposed sanctions on Iraq.", "European Community", None, "IGO"),
        ("The ILO criticised the plan.", "ILO", None, "IGO"),
    ],
)
def test_organisation_sector_from_its_head_or_the_list(run, text, name, country, sector):
    a = actor_of(run(text), name)
    assert (a.country_code, a.sector) == (country, sector)


def test_acronym_is_the_organisation_it_abbreviates(run):
    aa = run("The National Telecommunications Commission (NTC) ordered the network off air. The NTC said so.")
    assert actor_of(aa, "NTC") is actor_of(aa, "National Telecommunications Commission")


@pytest.mark.parametrize(
    ("text", "name", "sector"),
    [
        (
            "Pierluisi was sworn in after the resignation of Governor Ricardo Rosselló Nevares due to a scandal.",
            "Ricardo Rosselló Nevares",
            "GOV",
        )
    ],
)
def test_untagged_name_after_a_title(run, text, name, sector):
    a = actor_of(run(text), name)
    assert (a.actor_type, a.sector) == ("person", sector)


@pytest.mark.parametrize(
    ("text", "name", "sector"),
    [
        (
            "John Hickenlooper, who was a candidate in the Democratic primaries, ended his campaign yesterday.",
            "John Hickenlooper",
            "PTY",
        ),
        ("Maria Quillon has served as mayor of Denver since 2019, said John Hickenlooper.", "Maria Quillon", "GOV"),
        ("Maria Quillon is the daughter of the president, said John Hickenlooper.", "Maria Quillon", None),
    ],
)
def test_role_said_in_a_clause(run, text, name, sector):
    assert actor_of(run(text), name).sector == sector


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Sirhan Sirhan, an ethnic Palestinian from Jordan, opposed the plan.", "Sirhan Sirhan", "PSE"),
        ("Jane Quillon, a Canadian citizen, was arrested in Beijing.", "Jane Quillon", "CAN"),
    ],
)
def test_demonym_in_an_appositive_gives_the_country(run, text, name, country):
    assert actor_of(run(text), name).country_code == country


@pytest.mark.parametrize(
    ("text", "surface", "country", "sector"),
    [
        ("State prosecutors charged the suspect with murder.", "State prosecutors", None, "JUD"),
        ("Federal authorities are investigating the shooting.", "Federal authorities", None, "GOV"),
        ("Police said the gunman surrendered.", "Police", None, "COP"),
        ("The head of the UK's counter terror police spoke on Sunday.", "counter terror police", "GBR", "COP"),
        ("Authorities arrested twelve people in Tamil Nadu, India.", "Authorities", "IND", "GOV"),  # the one country
        # a state body is one when a country owns it
        ("Burundi's government announced that the president had died.", "government", "BDI", "GOV"),
        ("The government of Burundi announced that the president had died.", "government", "BDI", "GOV"),
        ("Iran's army said the plane was bringing meat from Kyrgyzstan.", "army", "IRN", "MIL"),
    ],
)
def test_unnamed_state_agent_is_an_actor(run, text, surface, country, sector):
    a = actor_of(run(text), surface)
    assert (a.actor_type, a.country_code, a.sector) == ("group", country, sector)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Private investigators questioned him.", "investigators"),  # a private modifier
        ("A police raid removed various items.", "police"),  # a modifier, not a head
        ("Toronto Police made an arrest. The police said more would follow.", "police"),  # the resolver's
        ("Congress will fund the U.S. federal government through September.", "government"),  # no owner
        ("The government said the plan would go ahead.", "government"),
    ],
)
def test_no_nominal_agent(run, text, word):
    aa = run(text)
    assert not any(m.label == "NOMINAL" and m.text.lower().endswith(word) for m in aa.mentions)
