"""Precision and recall rules of the dev gold's error analysis, each as (text, expected) rows:
a noun that names again an event the article has coded is the same event; "charge X ... with"
when the parser hangs "with" on another noun; "outlaw" needs an actor to act on; a verb of
proposing codes a request only when it puts forward an action (a probe, talks)."""

from __future__ import annotations

import pytest

COUNTS = [
    # (text, type, number of events of that type)
    # a nominal restatement of a coded event is that event, once
    (
        "Governor Ricardo Rosselló resigned on August 2. Pedro Pierluisi was sworn in as governor following "
        "Rosselló's resignation.",
        "RETREAT",
        1,
    ),
    # a modifier of its own can name another event of the kind: both kept
    (
        "Senator Marco Rubio criticized the deal on Monday. Rubio's criticism surprised the White House.",
        "DISAPPROVE",
        1,
    ),
    # a modifier of its own, or another day, can name another event of the kind: both kept
    (
        "Senator Marco Rubio criticized the deal on Monday. Rubio's sharp criticism surprised the White House.",
        "DISAPPROVE",
        2,
    ),
    (
        "Senator Marco Rubio criticized the deal on May 3, 2021. Rubio's criticism on June 8, 2021 surprised the "
        "White House.",
        "DISAPPROVE",
        2,
    ),
    # another source is another event
    (
        "Senator Marco Rubio criticized the deal on Monday. Senator Ted Cruz's criticism surprised the White House.",
        "DISAPPROVE",
        2,
    ),
]


@pytest.mark.parametrize("text, event_type, n", COUNTS)
def test_a_restated_event_is_coded_once(run, text, event_type, n):
    rows = run(text)
    spans = {(r["start_char"], r["end_char"]) for r in rows if r["event_type"] == event_type}
    assert len(spans) == n, [(r["event_type"], r["trigger_text"], r["source_key"]) for r in rows]


CASES = [
    # (text, type, trigger, expected)
    # "with" hung on the noun of another preposition still frames the charge
    ("State prosecutors charged the suspect in the shooting with capital murder.", "COERCE", "charged", True),
    ("Federal prosecutors charged the gunman in the attack on the mall with terrorism.", "COERCE", "charged", True),
    # a phrase before the verb is not its preposition: no call on anyone
    (
        "During an interview on CBS on Wednesday, Senator Bernie Sanders called Joe Biden a decent man.",
        "DEMAND",
        "called",
        False,
    ),
    # outlawing a practice acts on no actor; outlawing a group does
    ("For a time, California outlawed the death penalty.", "COERCE", "outlawed", False),
    ("The government of Egypt outlawed the Muslim Brotherhood in 2013.", "COERCE", "outlawed", True),
    # proposing an action is a request; suggesting a fact is not
    ("Mayor John Tory on Tuesday suggested a broader probe into the police.", "DEMAND", "suggested", True),
    ("Mayor John Tory on Tuesday suggested a broader probe may be required.", "DEMAND", "suggested", True),
    ("Mayor John Tory on Tuesday suggested a broader probe may be required.", "INVESTIGATE", "suggested", False),
    ("Senator Ted Cruz suggested that the plan was flawed.", "DEMAND", "suggested", False),
]


@pytest.mark.parametrize("text, event_type, trigger, expected", CASES)
def test_trigger_frames(run, text, event_type, trigger, expected):
    rows = run(text)
    hit = any(r["event_type"] == event_type and r["trigger_text"].startswith(trigger) for r in rows)
    assert hit is expected, [(r["event_type"], r["trigger_text"], r["source_key"]) for r in rows]
