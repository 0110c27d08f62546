"""Layout rules of wire copy (`transforms.actors.patterns`, `spans`, `news`): team sheets,
scorers, venues, "the town of X", hyphenated names, names cut at a line break, sports
competitions, table headers, listed cities the model took for people, fixture lines, tennis
set scores, clubs in brackets, team positions, sides in a results headline, a press review's
newspaper titles and a bureau's sign-off. Invented lines in the wire's layout."""

from __future__ import annotations

import pytest

from tests.transforms.actors.support import actor_of

TEAM_SHEET = (
    "SOCCER - MILLBROOK NAME SQUAD .\n"
    "Teams :\n"
    "Millbrook - 1 - Tomas Varga ; 2 - Ivo Brandt , 5 - Pavel Klimek ( 14 - Jan Horak 87th ) , "
    "8 - Marek Sova .\n"
    "Scorers :\n"
    "Millbrook - Cosmo Vitale ( 31st ) , Dario Lentz ( 75th )"
)

HEADLINE_FIXTURE = (
    "RUGBY LEAGUE - HALIFAX BEAT LEEDS 30-12 IN SEMIFINAL .\n"
    "HALIFAX 1996-08-31\n"
    "Halifax beat Leeds 30-12 in the semifinal on Saturday ."
)
PRESS_DIGEST = (
    "PRESS DIGEST - Kenya - Sept 2 .\n"
    "NAIROBI 1996-09-02\n"
    "These are the leading stories in the Kenyan press on Monday .\n"
    "DAILY NATION\n"
    "- The shilling fell against the dollar ."
)


@pytest.mark.parametrize(
    ("text", "surface", "actor_type"),
    [
        (TEAM_SHEET, "Pavel Klimek", "person"),  # a shirt number and a dash before the name
        (TEAM_SHEET, "Marek Sova", "person"),
        (TEAM_SHEET, "Jan Horak", "person"),  # a substitute with his minute
        (TEAM_SHEET, "Cosmo Vitale", "person"),  # a scorer with the minute
        (
            "CRICKET - COUNTY RESULTS .\nAt Lowbridge : Eastshire beat Westshire by nine wickets .",
            "Lowbridge",
            "location",
        ),  # the venue after "at" in a team-sports story
        ("BASEBALL - RESULTS .\nBOSTON AT OAKLAND", "OAKLAND", "location"),
        ("BASEBALL - SCHEDULE .\nKANSAS CITY AT DETROIT\nBOSTON AT OAKLAND", "KANSAS CITY", "organization"),
        ("BASEBALL - SCHEDULE .\nKANSAS CITY AT DETROIT\nBOSTON AT OAKLAND", "BOSTON", "organization"),
        (HEADLINE_FIXTURE, "HALIFAX", "organization"),  # a side next to a result verb in a headline
        ("BASEBALL - SMITH HOMERS TWICE AS ROYALS BEAT TIGERS .", "ROYALS", "organization"),
        ("CRICKET - SRI LANKA BEAT AUSTRALIA BY FOUR WICKETS .", "AUSTRALIA", "country"),  # a national side
        ("CRICKET - COUNTY ROUND-UP .\nKent and Essex both face tense finishes .", "Essex", "organization"),
        (PRESS_DIGEST, "DAILY NATION", "organization"),  # a newspaper's title line in a press review
        ("The bank held rates on Friday .\n-- Warsaw Newsroom +48 22 653 9700", "Warsaw Newsroom", "organization"),
        ("Police in the town of Okpara said the corporal had been arrested .", "Okpara", "location"),
        (
            "TENNIS - RESULTS .\nAnne-Marie Dufresne ( France ) beat Laxmi Poruri ( U.S. ) 6-2 6-1",
            "Anne-Marie Dufresne",
            "person",
        ),  # the whole hyphenated name
        (
            "TENNIS - RESULTS .\nAnne-Marie Dufresne ( France ) beat Laxmi Poruri ( U.S. ) 6-2 6-1",
            "Laxmi Poruri",
            "person",
        ),  # a set score is no team's score
        (
            "SOCCER - POLISH RESULTS .\nSokol Kamen 3 Hutnik Lesno 0\nAmica Dobra 1 Gornik Lesno 2",
            "Gornik Lesno",
            "organization",
        ),  # a side of a fixture line, though the model read a person
        (
            "SOCCER - DUTCH SQUAD .\n"
            "Defenders - Frank Olsen ( Ajax ) , John Veldman ( PSV ) , Marco Lind ( Feyenoord ) .",
            "PSV",
            "organization",
        ),  # the club in brackets after a player
        ("The 20-year-old Norwich striker Keith Barlow scored twice .", "Norwich", "organization"),  # a team position
    ],
)
def test_wire_layout_labels(run, text, surface, actor_type):
    assert actor_of(run(text), surface).actor_type == actor_type


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Jim Adams\nWASHINGTON 1996-08-30\nThe talks resumed .", "Jim Adams\nWASHINGTON"),  # no name crosses a line
        ("BASEBALL - MAJOR LEAGUE RESULTS THURSDAY .", "MAJOR LEAGUE"),  # a competition in sports copy
        ("BASEBALL - STANDINGS .\nEASTERN DIVISION\nW L PCT GB\nNEW YORK 75 59 .560 -", "W L"),  # a table header
        ("MARTELA H1 PROFIT FIM 6.3 MLN VS 21.0 MLN .", "MLN"),
        ("Bonds fell after the August Chicago NAPM rose 8.8 points .", "August"),  # a month with its article
    ],
)
def test_wire_words_are_no_names(run, text, absent):
    assert not any(absent in m.text for m in run(text).mentions)


def test_a_listed_city_the_model_took_for_a_person_is_the_place(run):
    aa = run("Russian troops left Grozny on Friday , and Grozny was quiet .")
    assert all(a.actor_type != "person" for m in aa.mentions if m.text == "Grozny" for a in [aa.actors[m.actor_key]])


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        ("Patricia Djate-Taillard won", 3, 4, "Djate-Taillard"),  # the model's span began after the hyphen
        ("She left Urus-Martan today", 2, 3, "Urus-Martan"),  # ... or ended before it
        ("Inzamam-ul-Haq scored", 0, 1, "Inzamam-ul-Haq"),  # to the last capitalised word
        ("the London-based group", 1, 2, "London"),  # a compound adjective stays out
        ("SOUTH AFRICA - RUGBY", 0, 2, "SOUTH AFRICA"),  # a spaced dash is no hyphen
    ],
)
def test_spans_are_widened_to_whole_hyphenated_names(nlp, text, start, end, expected):
    from transforms.actors.spans import _whole_words
    from transforms.context import ArticleContext

    doc = nlp.make_doc(text)
    s, e = _whole_words(ArticleContext(doc, None).toks, start, end)
    assert doc[s:e].text == expected
