"""News name rules (`transforms.actors.news`): calendar words and slugs, competitions,
demonyms before names, geographic words, sports teams, dictionary names; and a person's
country from a demonym or an appositive. Invented sentences."""

from __future__ import annotations

import pytest

from tests.transforms.actors.support import actor_of


def _texts(aa) -> set[str]:
    return {m.text for m in aa.mentions}


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("SOCCER - Oakridge beat Millbrook on Friday .", "SOCCER"),
        ("On Monday , AUGUST 30 , the talks resumed in Warsaw .", "AUGUST"),
        ("Attendance : 12,000 .", "Attendance"),
        ("Women 's 100 metres : 1. Anna Kowalczyk ( Poland ) 11.02", "Women"),
    ],
)
def test_calendar_words_and_slugs_are_no_names(run, text, absent):
    assert absent not in _texts(run(text))


@pytest.mark.parametrize(
    ("text", "event"),
    [
        ("Millbrook were knocked out of last year 's UEFA Cup by Oakridge .", "UEFA"),
        ("He has three career PGA Tour victories .", "PGA"),
        ("Results from the Eastwick Grand Prix on Friday :", "Eastwick"),
    ],
)
def test_competition_words_are_not_actors(run, text, event):
    assert not any(event in m.text for m in run(text).mentions)


@pytest.mark.parametrize(
    ("text", "person", "country"),
    [
        ("North Korea released American college student Otto Warmbier in 2017 .", "Otto Warmbier", "USA"),
        ("American Dennis Mitchell outclassed Donovan Bailey . Mitchell won in 10.08 .", "Dennis Mitchell", "USA"),
        ("Ali Musa , the Nigerian foreign minister , said no .", "Ali Musa", "NGA"),
        ("The British historian Alan Percivale died on Friday .", "Alan Percivale", "GBR"),
    ],
)
def test_demonym_title_and_apposition_give_the_person_country(run, text, person, country):
    a = actor_of(run(text), person)
    assert (a.actor_type, a.country_code) == ("person", country)


def test_demonym_descriptor_is_no_group(run):
    aa = run("North Korea released American college student Otto Warmbier in 2017 .")
    assert not any(a.actor_type == "group" for a in aa.actors.values())


@pytest.mark.parametrize(
    ("text", "surface", "actor_type"),
    [
        (
            "Two decades ago there were more penguins at Punta Tombo . Punta Tombo is a breeding site in Argentina .",
            "Punta Tombo",
            "location",
        ),
        ("Play resumed at Grace Road after lunch .", "Grace Road", "location"),
        ("Prince Norodom Ranariddh met the envoy .", "Norodom Ranariddh", "person"),
    ],
)
def test_geographic_words_and_dictionary_names(run, text, surface, actor_type):
    assert actor_of(run(text), surface).actor_type == actor_type


SPORT = (
    "CRICKET - MILLBROOK CLOSE IN ON TITLE .\n"
    "Leeds reached 372 and took a lead of 82 . Rain stopped play in Leeds after tea .\n"
    "England beat Pakistan by 107 runs ."
)


@pytest.mark.parametrize(
    ("surface", "nth", "actor_type"),
    [
        ("Leeds", 0, "organization"),  # a side in a team-sports story
        ("Leeds", 1, "location"),  # the venue
        ("England", 0, "country"),  # a national side stays the country
    ],
)
def test_sports_teams(run, surface, nth, actor_type):
    assert actor_of(run(SPORT), surface, nth).actor_type == actor_type
