"""Where a relation's content and source begin and end (issue 14): a concession that is a
report of its own, a short reply that goes on with the quotation before it, the words before a
parenthetical cue, a publisher's note that reports nothing, and the dateline that opens a
story."""

from __future__ import annotations

import pytest

from tests.transforms.quotes.helpers import find, indirect


@pytest.mark.parametrize(
    ("text", "first", "second", "second_cue"),
    [
        (
            "Lena Park said the rules were fair to farmers, though she noted the costs were high.",
            "the rules were fair to farmers",
            "the costs were high",
            "noted",
        ),
        (
            "Lena Park said the rules were fair to farmers, although her deputy argued the costs were high.",
            "the rules were fair to farmers",
            "the costs were high",
            "argued",
        ),
        # a report coordinated with the reported clause is its own relation too
        (
            "One interviewee said people changed their minds and several said they wanted the politicians "
            "to stop ignoring them.",
            "people changed their minds",
            "they wanted the politicians to stop ignoring them",
            "said",
        ),
    ],
)
def test_a_concession_with_its_own_report_ends_the_reported_clause(run, text, first, second, second_cue):
    rows = run(text)
    assert indirect(rows, first)["quote_text"] == first
    assert indirect(rows, second)["cue"] == second_cue


@pytest.mark.parametrize(
    ("text", "reply", "expected_type"),
    [
        ("“I would,” Mia Lund said. “I would, Donald.”", "I would, Donald.", "direct"),
        ("“We are ready for the vote tomorrow,” Mia Lund said. “Absolutely ready.”", "Absolutely ready.", "direct"),
        # a short quotation in another paragraph, or a lone word, stays a term
        ("“I would,” Mia Lund said.\n\nThe crowd shouted “Donald!” at the stage.", "Donald!", "term"),
        ("“I would,” Mia Lund said. “Fine.”", "Fine.", "term"),
    ],
)
def test_short_reply_goes_on_with_the_quotation_before_it(run, text, reply, expected_type):
    rows = run(text)
    r = find(rows, reply)
    assert r["quote_type"] == expected_type
    if expected_type == "direct":
        assert r["speaker_text"] == "Mia Lund" and r["cue"] == "said"


def test_a_parenthetical_cue_reports_its_clause_whatever_order_the_parse_gives(run):
    # the parse hangs "who" on "understand", after the words between: a non-projective subtree
    rows = run(
        "''Perhaps they can help a white visitor understand the anger of a demonstrator,'' Mr. Obama said. "
        "And perhaps, he said, it could help a black visitor see the efforts of police officers who, "
        "''in fits and starts, are struggling to understand and trying to do the right thing.''"
    )
    assert indirect(rows, "could help")["quote_text"].startswith("it could help a black visitor")


def test_words_before_a_parenthetical_cue_are_the_reports_first_fragment(run):
    rows = run("If the talks fail to persuade, Mr. Ortiz argues, there are other tools in the toolbox.")
    frags = sorted(r["quote_text"] for r in rows if r["quote_type"] == "indirect" and r["cue"] == "argues")
    assert frags == ["If the talks fail to persuade", "there are other tools in the toolbox"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Editor's note: Senator Brandt has repeatedly pledged to cut taxes for every family.", []),
        ("Editor’s note: Senator Brandt has repeatedly pledged to cut taxes for every family.", []),
        ("Senator Brandt has repeatedly pledged to cut taxes for every family.", ["has repeatedly pledged"]),
    ],
)
def test_a_publishers_note_reports_nothing(run, text, expected):
    assert [r["cue"] for r in run(text) if r["quote_type"] == "indirect"] == expected


@pytest.mark.parametrize(
    ("text", "fragment", "content", "speaker"),
    [
        (
            "WASHINGTON (AP) — The new tariffs will hurt farmers, the senator said on Monday.",
            "tariffs",
            "The new tariffs will hurt farmers",
            "the senator",
        ),
        (
            "CHARLOTTE - Mayor Ruth Okafor said the curfew would end on Sunday.",
            "curfew",
            "the curfew would end on Sunday",
            "Mayor Ruth Okafor",
        ),
        # capitals without a dash set off by spaces are no dateline
        (
            "US-China trade talks will resume in May, officials said.",
            "trade talks",
            "US-China trade talks will resume in May",
            "officials",
        ),
        (
            "NATO allies will meet in June, Jens Stoltenberg said.",
            "allies",
            "NATO allies will meet in June",
            "Jens Stoltenberg",
        ),
    ],
)
def test_the_dateline_is_no_ones_words(run, text, fragment, content, speaker):
    r = indirect(run(text), fragment)
    assert r["quote_text"] == content and r["speaker_text"] == speaker


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        # the parse ran the clause before into the subject: the source starts after it
        (
            "The airport and nearby hotel were both evacuated and local police warned people in the "
            "general vicinity to stay inside.",
            "people in the general vicinity",
            "local police",
        ),
        # a participle before a title is no clause
        (
            "Retired Air Force general Lloyd Newton said the base would close next year.",
            "the base would close",
            "Retired Air Force general Lloyd Newton",
        ),
    ],
)
def test_the_source_phrase_holds_no_clause_before_its_head(run, text, fragment, speaker):
    assert indirect(run(text), fragment)["speaker_text"] == speaker
