"""Name types of wire copy the small model gets wrong (`transforms.actors.companies`, `news`,
`patterns`, `span_rules`): companies with a legal form and their short names, acronyms in
brackets, table rows the parser runs together, datelines with a region or a split date, team
nicknames and riders' teams, cricket scorecards, titled names read as organisations, British
counties and cities, demonyms and country names typed as peoples, and portfolios before an
office. Invented lines in the wire's layout."""

from __future__ import annotations

import pytest

from tests.transforms.actors.support import actor_of


def _labels(aa, surface: str) -> set[str]:
    return {m.label for m in aa.mentions if m.text == surface}


def _types(aa, surface: str) -> set[str | None]:
    return {aa.actors[m.actor_key].actor_type if m.actor_key else None for m in aa.mentions if m.text == surface}


@pytest.mark.parametrize(
    ("text", "surface", "actor_type"),
    [
        # a legal form makes the name a company, and its short name too
        (
            "Marco Ferri , chairman of Delvecchio SpA , said Delvecchio would grow . Delvecchio Cables has "
            "sales of $ 3 billion .",
            "Delvecchio SpA",
            "organization",
        ),
        (
            "Marco Ferri , chairman of Delvecchio SpA , said Delvecchio would grow . Delvecchio Cables has "
            "sales of $ 3 billion .",
            "Delvecchio Cables",
            "organization",
        ),
        (
            "Kessler said it would buy the Vantor plant . Kessler International Inc will pay $ 90 million . "
            "Kessler was up 1/8 .",
            "Kessler",
            "organization",
        ),
        # an acronym in brackets after an organisation made of its initials
        (
            "Officers of the Central Narcotics Bureau ( CNB ) seized heroin . The CNB said it was pure .",
            "CNB",
            "organization",
        ),
        # a wire dateline with a region, and with a date the tokenizer split
        ("Talks end .\nKHASAVYURT , Russia 1996-08-31\nRussian envoy Alexander Lebed said .", "KHASAVYURT", "location"),
        # a team's nickname after "the" in a team-sports story
        (
            "BASEBALL - RESULTS .\nMilwaukee struck out two in defeating the Royals on Friday .",
            "Royals",
            "organization",
        ),
        # a rider's team after the rider and the country
        (
            "CYCLING - TOUR RESULTS .\n1. Jesper Moller ( Denmark ) TVM 4:12:33\n2. Tom Berg ( Norway ) TVM 1:33",
            "TVM",
            "organization",
        ),
        # a name the model took for a building, used as a side in a team-sports story
        (
            "SOCCER - ROTOR FANS LOCKED OUT .\nMOSCOW 1996-08-30\nDespite the defeat , Rotor are well placed "
            "with 11 games to play .",
            "Rotor",
            "organization",
        ),
        # a county the model took for a person is the place, or the team when a side
        ("Floods closed roads across Nottinghamshire on Monday .", "Nottinghamshire", "location"),
        ("CRICKET - COUNTY MATCH .\nNottinghamshire reached 214 as Kent took four wickets .", "Kent", "organization"),
    ],
)
def test_wire_names_get_their_type(run, text, surface, actor_type):
    assert _types(run(text), surface) == {actor_type}


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        # a cue made one "Walbrook" an ORG ("Walbrook shares"): the other mentions follow
        (
            "Walbrook shares fell . Walbrook said it would close , and Walbrook expects a loss .",
            [(0, 1, "ORG"), (4, 5, "PERSON"), (11, 12, "PERSON")],
            ["ORG", "ORG", "ORG"],
        ),
        # unless the word is in a person's full name in the article
        (
            "Walbrook shares fell . John Walbrook said it would close , and Walbrook expects a loss .",
            [(0, 1, "ORG"), (4, 6, "PERSON"), (12, 13, "PERSON")],
            ["ORG", "PERSON", "PERSON"],
        ),
    ],
)
def test_a_cued_company_name_spreads_to_its_namesakes(nlp, lexicon, text, ents, expected):
    from types import SimpleNamespace

    from transforms.actors.companies import company_names

    t = SimpleNamespace(ctx=SimpleNamespace(doc=nlp(text)), ents=list(ents), forced=[ents[0]])
    company_names(t, lexicon)
    assert [lab for _, _, lab in sorted(t.ents)] == expected


SCORECARD = (
    "CRICKET - TEST SCOREBOARD .\nPakistan first innings\nSaeed Anwar c Knight b Croft 47\n"
    "Rashid Latif lbw b Gough 12\nBowling : Dharmasena 9-0-49-1 , Vaas 10-0-41-2"
)


@pytest.mark.parametrize(
    ("text", "surface", "actor_type"),
    [
        (SCORECARD, "Knight", "person"),  # the fielder after "c"
        (SCORECARD, "Croft", "person"),  # the bowler after "b", though a score follows
        (SCORECARD, "Gough", "person"),
        (SCORECARD, "Dharmasena", "person"),  # a bowler before his figures
        # a name right after a title head, though the model read an organisation
        ("The decision is final , State Department spokesman Glyn Davies said on Friday .", "Glyn Davies", "person"),
        ("The senior Polish archbishop Wojciech Polak said he was disturbed .", "Wojciech Polak", "person"),  # REL
        # a person's title in apposition, an honorific, "of" an organisation, a person's surname
        (
            "Tomasz Kubiak, a fire service spokesman, told Agence France-Presse the male victim is in intensive "
            'care with "severe burns".',
            "Tomasz Kubiak",
            "person",
        ),
        (
            "Nils-Erik Haagenrud of Rogaland Fire and Rescue said no personnel would be sent into the building.",
            "Nils-Erik Haagenrud",
            "person",
        ),
        ("Dr Martisius told Wikinews the tools were small.", "Martisius", "person"),
        (
            "Christopher Gallego-Lazo, also an undergraduate, tested the glue. Gallego-Lazo found that slight "
            "changes in these bonds could alter the strength of the glue.",
            "Gallego-Lazo",
            "person",
        ),
    ],
)
def test_scorecards_and_titled_names_are_people(run, text, surface, actor_type):
    assert _types(run(text), surface) == {actor_type}


def test_table_rows_the_parser_runs_together_are_scored_sides(run):
    text = (
        "SOCCER - ENGLISH LEAGUE RESULTS .\nResults of English soccer matches\non Saturday :\nDivision one\n"
        "Bradford 1 Tranmere 0\nGrimsby 0 Portsmouth 1\nOldham 3 Ipswich 3\nReading 2 Stoke 2\n"
        "Postponed : Birmingham v Barnsley , Manchester City v Charlton\n"
        "Playing Sunday : Queens Park Rangers v Bolton\nDivision two\nBlackpool 0 Wycombe 0"
    )
    aa = run(text)
    assert actor_of(aa, "Tranmere").actor_type == "organization"
    assert actor_of(aa, "Stoke").actor_type == "organization"


@pytest.mark.parametrize(
    ("text", "surface", "label"),
    [
        ("The Briton , who lost his title in March , was beaten again .", "Briton", "NORP"),  # a listed demonym
        ("Around 100 Russian and Ukrainian miners were waiting to fly home .", "Ukrainian", "NORP"),
        ("The Scots are not really a great team , the coach said .", "Scots", "NORP"),  # a plural demonym
        ("Tajikistan , which borders Afghanistan , signed the deal .", "Tajikistan", "GPE"),  # a country tagged NORP
    ],
)
def test_demonyms_are_peoples_and_country_names_are_countries(run, text, surface, label):
    assert _labels(run(text), surface) == {label}


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Protesters held Education Minister Nagoum Yamassoum hostage .", "Education"),
        ("A senior trade advisor to Agriculture Secretary Dan Glickman said no .", "Agriculture"),
        # nor is a title's word that modifies a common noun
        (
            "The law failed, she said.\n\n\nState legislators supporting the law argued it was to prevent voter fraud.",
            "State",
        ),
    ],
)
def test_a_portfolio_before_an_office_is_no_organisation(run, text, absent):
    assert absent not in {m.text for m in run(text).mentions}


def test_a_city_named_in_the_dateline_and_as_a_region_keeps_its_place(run):
    aa = run("Quake shakes coast .\nARLINGTON , Texas 1996-08-31\nA strong quake shook the coast on Saturday .")
    assert _types(aa, "ARLINGTON") == {"location"}


def test_lexicon_reads_places_demonyms_legal_forms_and_office_heads(lexicon):
    assert lexicon.places["nottinghamshire"] == "GBR"
    assert lexicon.demonyms["briton"] == "GBR" and "briton" not in lexicon.places
    assert {"spa", "inc", "plc"} <= lexicon.org_suffixes
    assert "minister" in lexicon.office_heads
