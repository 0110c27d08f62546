"""Entity spans: the small model's spans cut, relabelled by layout and cues, and trimmed."""

from __future__ import annotations

import pytest

from tests.transforms.actors.support import actor_of

WIRE_LINES = (
    "Anna Kowalczyk ( Poland ) beat Maria Lopez ( Spain ) 6-4 6-2 .\n"
    "Results : Oakridge 3 Millbrook 1 , Eastwick 2 Lowfield 0 .\n"
    "Postponed : Oakridge v Eastwick .\n"
    "WARSAW 1996-08-30 M. Nowak said the talks would go on ."
)


# invented wire-style lines: nationality in brackets, a results row, a fixture, a dateline
@pytest.mark.parametrize(
    ("surface", "nth", "actor_type"),
    [
        ("Anna Kowalczyk", 0, "person"),
        ("Maria Lopez", 0, "person"),
        ("Poland", 0, "country"),  # the bracketed nationality stays a country
        ("Oakridge", 0, "organization"),
        ("Millbrook", 0, "organization"),
        ("Lowfield", 0, "organization"),
        ("Eastwick", 1, "organization"),
        ("M. Nowak", 0, "person"),
    ],
)
def test_layout_patterns_fix_small_model_labels(run, surface, nth, actor_type):
    assert actor_of(run(WIRE_LINES), surface, nth).actor_type == actor_type


def test_dateline_is_a_place_and_spans_are_cut_at_numbers(run):
    aa = run(WIRE_LINES)
    assert actor_of(aa, "WARSAW").country_code == "POL"
    assert all(not any(c.isdigit() for c in m.text) for m in aa.mentions)  # spans cut at numbers


def test_org_cues_and_poll_lines(run):
    aa = run(
        "Italian tyre giant Pirelli on Friday announced the deal. Pirelli said it was pleased. "
        "Obama shares the view of his aides."
    )
    assert {aa.actors[m.actor_key].actor_type for m in aa.mentions if m.text == "Pirelli"} == {"organization"}
    assert actor_of(aa, "Obama").actor_type == "person"  # "shares" as a verb is no cue
    aa = run("Hillary Clinton and Donald Trump were close. Poll : Trump 45 percent , Clinton 43 percent , 12 .")
    assert actor_of(aa, "Trump").actor_type == "person" and actor_of(aa, "Clinton").actor_type == "person"


def test_org_spans_keep_their_names(run):
    aa = run(
        "The U.N. Security Council met on Friday. The refusal led to U.N. sanctions on Libya. "
        "Russia 's Interfax news agency reported the vote."
    )
    assert actor_of(aa, "U.N. Security Council").actor_type == "organization"
    assert actor_of(aa, "U.N.").actor_type == "organization"  # "U.N." is not an initial or a title
    assert actor_of(aa, "Russia").key == "country:RUS"
    assert "Interfax" in [m.text for m in aa.mentions]  # trailing common nouns trimmed


def test_interviewer_turn_label_is_no_actor(run):
    aa = run(
        "Interview with Zara Kay\n\n((WN)) What are the struggles of a Muslim woman?\n\n"
        "((Zara Kay)) I think there is bigotry. The WN team met her in Melbourne."
    )
    wn = [m for m in aa.mentions if m.text == "WN"]
    assert len(wn) <= 1 and all(m.start_char > 100 for m in wn)  # the label gives none; prose may
    assert actor_of(aa, "Zara Kay", 1).actor_type == "person"  # the interviewee's label stays


def test_interviewee_turn_label_is_a_person_and_so_is_its_name_elsewhere(run):
    aa = run(
        "Open source game developer Perttu Ahola talks about Minetest with Wikinews\n\n"
        "((WN)) How did the project start?\n\n((Perttu Ahola)) I think it started as a hobby."
    )
    assert {aa.actors[m.actor_key].actor_type for m in aa.mentions if m.text == "Perttu Ahola"} == {"person"}
