"""Events the actor rules of issue 13 unblock: the political-actor gate now sees the sector of
a person titled in a clause or named after a title the tagger missed, and unnamed state
agents ("Federal authorities", "police") are sources. Each row failed before."""

from __future__ import annotations

import pytest

from tests.transforms.events.support import find


@pytest.mark.parametrize(
    ("text", "event_type", "trigger", "source"),
    [
        (
            "Federal authorities are investigating the shooting as domestic terrorism.",
            "INVESTIGATE",
            "investigating",
            "group:federal authorities",
        ),
        (
            "John Hickenlooper, who was a candidate in the Democratic primaries, ended his campaign yesterday.",
            "RETREAT",
            "ended",
            "person:john hickenlooper",
        ),
        (
            "Pierluisi was sworn in following the resignation of Governor Ricardo Rosselló Nevares due to a scandal.",
            "RETREAT",
            "resignation",
            "person:ricardo rosselló nevares",
        ),
        ("Authorities on Monday arrested twelve people in Tamil Nadu, India.", "COERCE", "arrested", "group:INDGOV"),
    ],
)
def test_event_with_a_newly_political_actor(code, text, event_type, trigger, source):
    assert find(code(text), event_type, trigger)["source_key"] == source


def test_private_person_still_not_political(code):
    assert not [r for r in code("John Quillon ended his campaign yesterday.") if r["event_type"] == "RETREAT"]
