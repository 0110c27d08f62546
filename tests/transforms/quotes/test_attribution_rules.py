"""Attribution rules tuned on PolNeAR dev (issue 14): one attribution per word, frames that
stop at the sentence a quotation ends, manner adverbs in cues, gerund speakers, glued dash
bylines, the outermost reporter of a partial quotation, "according to" on odd parses, verbs
that may carry a quoted fragment, and the edges of reported content."""

from __future__ import annotations

import pytest

from tests.transforms.quotes.helpers import find


def _cues(rows, kind="indirect"):
    return [r["cue"] for r in rows if r["quote_type"] == kind]


@pytest.mark.parametrize(
    "text, cue, not_cue",
    [
        ("Senator Tom Reed said he supports the plan to build a new bridge over the river.", "said", "supports"),
        ("Mike Pompeo said the North wants to close the testing site by the end of the year.", "said", "wants"),
        ("The governor said she believes the economy will recover by next spring.", "said", "believes"),
    ],
)
def test_speech_inside_reported_content_is_not_a_second_quote(run, text, cue, not_cue):
    cues = _cues(run(text))
    assert cue in cues and not any(not_cue in c for c in cues)


@pytest.mark.parametrize(
    "text, quote, speaker, cue",
    [
        (
            "In a statement, Husted said the court's decision \"will effectively force us to put voters back on the "
            'rolls." He said the state would appeal the ruling.',
            "will effectively force",
            "Husted",
            "said",
        ),
        (
            'Brafman said, "The zeal with which this case was brought is unusual." He added, "In this case things '
            'happened that are not ordinary."',
            "The zeal",
            "Brafman",
            "said",
        ),
    ],
)
def test_a_quotation_that_ends_its_sentence_keeps_its_own_cue(run, text, quote, speaker, cue):
    r = find(run(text), quote)
    assert r["speaker_text"] == speaker and r["cue"] == cue


@pytest.mark.parametrize(
    "text, cue",
    [
        ("Marc Morial forcefully told reporters that not voting was not a viable strategy.", "forcefully told"),
        ("Clinton sharply criticized the plan to cut taxes for the richest families.", "sharply criticized"),
        ("The mayor also said that the bridge would reopen on Monday.", "also said"),
        ("Companies complain bitterly that taxes are too high.", "complain bitterly"),
        ("The council then ruled that the vote was valid.", "then ruled"),
    ],
)
def test_manner_adverbs_belong_to_the_cue(run, text, cue):
    assert cue in _cues(run(text))


@pytest.mark.parametrize(
    "text, cue, speaker",
    [
        (
            "President Barack Obama responded to the mother by saying his refusal was a manufactured issue.",
            "saying",
            "President Barack Obama",
        ),
        (
            "After saying her right foot was badly swollen, Hillary Clinton went to the hospital for tests.",
            "saying",
            "Hillary Clinton",
        ),
    ],
)
def test_a_gerund_under_a_preposition_shares_the_subject(run, text, cue, speaker):
    rows = [r for r in run(text) if r["cue"] == cue]
    assert rows and rows[0]["speaker_text"] == speaker


def test_accused_of_saying_is_not_the_accusers_words(run):
    rows = [r for r in run("Trump accused Clinton of saying the election was rigged.") if r["cue"] == "saying"]
    assert all(r["speaker_text"] != "Trump" for r in rows)


def test_a_dash_glued_to_the_closing_mark_names_the_speaker(run):
    rows = run("“He makes simple blanket statements about people he knows nothing about.”― Pamela Padilla")
    r = find(rows, "blanket statements")
    assert r["speaker_text"] == "Pamela Padilla" and r["cue"] == "―"


@pytest.mark.parametrize(
    "text, quote, speaker, cue",
    [
        (
            "Clinton says it underscores that Trump is “temperamentally unfit to be commander-in-chief.”",
            "temperamentally unfit",
            "Clinton",
            "says",
        ),
        # a quotation the parse splits in two is read from the root of each piece
        (
            "Meanwhile, the paper attacked the senator, saying he “has offended many voters, and he has neither the "
            "temperament nor the judgment to lead.”",
            "has offended many voters",
            "the paper",
            "saying",
        ),
    ],
)
def test_a_partial_quotation_belongs_to_the_outermost_reporter(run, text, quote, speaker, cue):
    r = find(run(text), quote)
    assert r["speaker_text"] == speaker and r["cue"] == cue


@pytest.mark.parametrize(
    "text, content, source",
    [
        (
            "Clinton beats Trump by 46 percent to 42 percent, according to the poll.",
            "Clinton beats Trump by 46 percent to 42 percent",
            "the poll",
        ),
        (
            "Donald Trump repeatedly demeaned women with sexist language, according to show insiders.",
            "Donald Trump repeatedly demeaned women with sexist language",
            "show insiders",
        ),
        # a clause that is a report of its own is still what "according to" qualifies (PolNeAR nests them)
        (
            "Officials have said the bridge will stay closed, according to lawyers for the city.",
            "Officials have said the bridge will stay closed",
            "lawyers for the city",
        ),
    ],
)
def test_according_to_on_odd_parses(run, text, content, source):
    rows = [r for r in run(text) if r["quote_type"] == "indirect" and r["cue"] == "according to"]
    assert rows and rows[0]["quote_text"] == content and rows[0]["speaker_text"] == source


@pytest.mark.parametrize(
    "text, quote, quote_type",
    [
        ("As a reality TV boss on “The Apprentice,” Donald Trump repeatedly demeaned women.", "The Apprentice", "term"),
        ("The group had seized the “super PACs” of its rivals last year.", "super PACs", "term"),
        ("At the rally Donald Trump likened the senator to a “vicious snake” again.", "vicious snake", "partial"),
    ],
)
def test_only_attitude_verbs_carry_a_quoted_fragment(run, text, quote, quote_type):
    rows = [r for r in run(text) if r["quote_text"] == quote]
    assert rows and rows[0]["quote_type"] == quote_type


@pytest.mark.parametrize(
    "text, content",
    [
        ("But the economic weapons, he added, are like nuclear bombs that cannot be used.", "the economic weapons"),
        ("The governor urged them to leave the coast before the storm.", "to leave the coast before the storm"),
    ],
)
def test_reported_content_edges(run, text, content):
    assert content in [r["quote_text"] for r in run(text) if r["quote_type"] == "indirect"]


@pytest.mark.parametrize(
    "text, verb, expected",
    [
        ("Donald Trump repeatedly demeaned women.", "demeaned", False),
        ("The group had seized the offices.", "seized", False),
        ("Trump likened the senator to a snake.", "likened", True),
        ("Clinton criticized the plan.", "criticized", True),
    ],
)
def test_which_verbs_may_carry_a_quoted_fragment(analyse, text, verb, expected):
    from transforms.quotes.direct import _attitude_verb

    ctx = analyse(text)
    tok = next(t for t in ctx.doc if t.text == verb)
    assert _attitude_verb(ctx, tok) is expected


@pytest.mark.parametrize(
    "text, cue",
    [
        ("The senator continues to insist that the audit was political.", "continues to insist"),
        ("Sanders said the plan was weak, going on to say that voters wanted a change.", "going on to say"),
    ],
)
def test_a_verb_that_goes_on_with_the_speech_is_part_of_the_cue(run, text, cue):
    assert cue in _cues(run(text))


def test_a_clause_that_merely_follows_another_verb_is_not_a_catenative_cue(run):
    cues = _cues(run("Mass protests continue in the capital as the unions support the strike."))
    assert not any(c.startswith("continue") for c in cues)


def test_a_quoted_name_beside_a_reported_clause_is_not_content(run):
    rows = run("Mike Pence told “Morning Edition” that the plan was “a disaster.”")
    assert find(rows, "Morning Edition")["quote_type"] == "term"
    assert find(rows, "a disaster")["cue"] == "told"


def test_coordinated_partial_quotations_share_the_reported_clause(analyse):
    from transforms import quotes as qm

    text = "The senator is claiming that fraud is “a big problem in this country” but “nobody talks about it.”"
    parts = [r for r in qm.analyse_quotes(analyse(text)) if r.quote_type == "partial"]
    s, e = parts[-1].relation_content
    assert text[s:e] == "that fraud is “a big problem in this country” but “nobody talks about it.”"


def test_a_verb_left_without_a_subject_takes_the_name_right_before_it(run):
    rows = run(
        "In a 2016 meeting with the editorial board of the Washington Post Trump said that the alliance was obsolete."
    )
    r = next(r for r in rows if r["quote_type"] == "indirect" and r["cue"] == "said")
    assert r["quote_text"] == "that the alliance was obsolete" and r["speaker_text"].endswith("Trump")


@pytest.mark.parametrize(
    "text",
    [
        # a nested report cut from its subject ("said a man …") is no content of "according to"
        "According to The Telegraph, witnesses said a man approached the group with a knife.",
        "The officers arrived later, according to police, who said the store had been evacuated.",
    ],
)
def test_according_to_never_reports_a_headless_report(run, text):
    rows = [r for r in run(text) if r["cue"] and r["cue"].lower() == "according to"]
    assert all(not r["quote_text"].lower().startswith(("said", "who")) for r in rows), rows
