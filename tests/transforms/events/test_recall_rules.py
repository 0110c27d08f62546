"""Senses and role rules added for recall on the article gold, each on its own sentences:
"called for X to" (a clause mark as the preposition), `civil_trigger` (a plea, a confession,
a police interview by any named person), "found X unconstitutional", "leaders including X"
and "a lawsuit filed by X against Y"."""

from __future__ import annotations

import pytest

from tests.transforms.events.support import find

CODED = [
    # (text, event type, trigger, source key, target key; None: not checked)
    ("The German chancellor called for Greek officials to cut spending.", "DEMAND", "called", None, None),
    ("The French president called for the European Union to lift the tariffs.", "DEMAND", "called", None,
     "organization:european union"),
    ("John Smith pleaded guilty to the robbery at the district court.", "CONCEDE", "pleaded", None, None),
    ("Maria Lopez was interviewed by police about the fire.", "INVESTIGATE", "interviewed", None, None),
    ("The Mexican Supreme Court found the 2010 protest law unconstitutional.", "REJECT", "found", None, None),
    ("The Kenyan Supreme Court ruled the election law unconstitutional.", "REJECT", "ruled", None, None),
    ("Tributes were paid by diplomats including the Canadian Foreign Minister Jane Doe.", "SUPPORT", "paid",
     None, None),
    ("A judge heard a lawsuit filed by the Brazilian Senate against the Brazilian president.", "COERCE",
     "lawsuit", None, None),
]

NOT_CODED = [
    ("The German chancellor called the plan a mistake.", "DEMAND"),
    ("John Smith found the house empty.", "REJECT"),
    ("The Kenyan Supreme Court ruled on the appeal on Monday.", "REJECT"),
    ("John Smith apologized to his neighbour for the noise.", "CONCEDE"),
]


@pytest.mark.parametrize(("text", "event_type", "trigger", "source", "target"), CODED)
def test_recall_rule_codes(code, text, event_type, trigger, source, target):
    r = find(code(text), event_type, trigger)
    if source is not None:
        assert r["source_key"] == source
    if target is not None:
        assert r["target_key"] == target


@pytest.mark.parametrize(("text", "event_type"), NOT_CODED)
def test_recall_rule_does_not_code(code, text, event_type):
    assert not [r for r in code(text) if r["event_type"] == event_type]
