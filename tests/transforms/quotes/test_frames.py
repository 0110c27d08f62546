"""transforms.quotes.frames and .direct: the cue next to a quotation, the verb an embedded one
hangs from, and continuation."""

from __future__ import annotations

import pytest

from tests.transforms.quotes.helpers import find
from transforms import quotes as qm


def test_speaker_after_curly_and_before_straight(run):
    rows = run(
        "Mike Pompeo visited Tokyo on Monday.\n\n“The talks went well,” Pompeo said.\n\n"
        'On Tuesday Pompeo said: "We will keep talking to our partners in the region."'
    )
    a, b = find(rows, "talks went well"), find(rows, "keep talking")
    assert a["quote_text"] == "The talks went well"  # content only, no marks or comma
    for r in (a, b):
        assert r["quote_type"] == "direct" and r["speaker_key"] == "person:mike pompeo"
        assert r["speaker_text"] == "Pompeo" and r["cue"] == "said"


def test_inverted_and_according_to(run):
    rows = run(
        "Mike Pompeo arrived in Seoul.\n\n“We are making progress on every front,” said Pompeo.\n\n"
        "“The sanctions will stay in place for now,” according to Pompeo."
    )
    assert find(rows, "every front")["speaker_key"] == "person:mike pompeo"
    r = find(rows, "sanctions will stay")
    assert r["speaker_key"] == "person:mike pompeo" and r["cue"] == "according to"


def test_split_quote_both_halves_and_told_addressee(run):
    rows = run(
        "Mike Pompeo met Kim Yong Chol in the capital.\n\n"
        "“We will produce an outcome,” Kim Yong Chol told Pompeo, “and we will keep our word.”"
    )
    first, second = find(rows, "produce an outcome"), find(rows, "keep our word")
    for r in (first, second):
        assert r["speaker_key"] == "person:kim yong chol" and r["cue"] == "told"
        assert r["addressee_key"] == "person:mike pompeo"


def test_multi_sentence_and_next_paragraph(run):
    text = (
        "Mike Pompeo spoke to reporters in Tokyo.\n\n"
        "“We were trying to lower the tension. We wanted a rational discussion,” Pompeo said. "
        "“It was quite the experience.\n\n"
        "“Nobody could have prepared me for it.”"
    )
    rows = run(text)
    multi = find(rows, "lower the tension")
    assert "rational discussion" in multi["quote_text"]  # one quote over two sentences
    cont = find(rows, "quite the experience")
    assert cont["speaker_key"] == "person:mike pompeo" and cont["attribution_method"] == "continuation"
    assert "Nobody" not in cont["quote_text"]  # bounded at the paragraph end
    nxt = find(rows, "Nobody could have")
    assert nxt["speaker_key"] == "person:mike pompeo" and nxt["attribution_method"] == "continuation"
    # the cue stays with its own paragraph: the next paragraph has none
    assert cont["cue"] == "said" and nxt["cue"] is None


@pytest.mark.parametrize(
    "text, cue",
    [
        (
            "Mike Pompeo visited Tokyo. Pompeo has repeatedly said the sanctions will stay in place.",
            "has repeatedly said",
        ),
        ("The senator also noted that the budget was balanced last year.", "also noted"),
        ("The mayor did not say that the budget was balanced last year.", "did not say"),
        ("Elizabeth Warren called for a moratorium on new charter schools.", "called for"),
    ],
)
def test_cue_takes_auxiliaries_adverbs_and_particles(run, text, cue):
    rows = run(text)
    assert any(r["cue"] == cue for r in rows), [r["cue"] for r in rows]


def test_partial_inside_reported_speech(run):
    rows = run(
        "Secretary of State Mike Pompeo wrapped up his visit to Pyongyang on Saturday, insisting that "
        "the two sides made “a great deal of progress.”"
    )
    r = find(rows, "great deal of progress")
    assert r["quote_type"] == "partial" and r["speaker_key"] == "person:mike pompeo"


def test_partial_relation_content_runs_to_the_closing_mark(analyse):
    text = "Mike Pompeo said the country has become “more open than it was a year ago.”"
    recs = qm.analyse_quotes(analyse(text))
    part = next(r for r in recs if r.quote_type == "partial")
    s, e = part.relation_content
    assert text[s:e] == "the country has become “more open than it was a year ago.”"


@pytest.mark.parametrize(
    "text, quote, cue, speaker",
    [
        # the verb that ends a colon frame is the cue, not the colon
        (
            "Senator Jane Doe walked out of the hearing.\n\nShe gloated: “I told you the plan would fail.”",
            "the plan would fail",
            "gloated",
            "She",
        ),
        # so is a speech verb with an object of its own
        (
            "The Daily Ledger reveals the numbers: “Of the 900 permits issued last year, 600 went to one company.”",
            "900 permits",
            "reveals",
            "The Daily Ledger",
        ),
        # a clause the parse hangs from the cue after the quotation does not take the quotation away
        (
            "“We are done,” the coach said of the long season, during which he felt the club would rise "
            "and its supporters would finally return.",
            "We are done",
            "said",
            "the coach",
        ),
        # a quoted word the parse reads as a second subject: the name after the quotation speaks
        (
            "“The budget is solid. Not perfect, but solid. One of the most careful plans of the whole "
            "decade,” Rep. Elena Marsh (D-Md.) said on Tuesday.",
            "budget is solid",
            "said",
            "Rep. Elena Marsh (D-Md.)",
        ),
        # verbs of speech that introduce a quotation (quote_cue rows of speech_verbs.csv)
        (
            "“Why is this bank still open?” Senator Jane Doe demanded.",
            "bank still open",
            "demanded",
            "Senator Jane Doe",
        ),
        ("The crowd chanted, “Let them vote!”", "Let them vote", "chanted", "The crowd"),
        ("“Keep your eyes on the road,” Ms. Vell sings.", "Keep your eyes", "sings", "Ms. Vell"),
    ],
)
def test_the_verb_that_introduces_a_quotation_is_its_cue(run, text, quote, cue, speaker):
    r = find(run(text), quote)
    assert r["quote_type"] == "direct" and r["cue"] == cue and r["speaker_text"] == speaker


def test_an_adjectival_participle_is_no_cue(run):
    rows = run("The report lists a few telling facts: “Of the 900 permits issued last year, 600 went to one company.”")
    assert find(rows, "900 permits")["cue"] != "telling"


def test_a_no_break_space_stays_inside_the_cue(run):
    rows = run("The governor has\u00a0acknowledged the risk of flooding.")
    assert any(r["cue"] == "has\u00a0acknowledged" for r in rows), [r["cue"] for r in rows]


def test_a_cue_after_a_quotation_that_reports_a_later_one_is_not_its_cue(run):
    # "but he said that … “Y”" reports Y: the quotation before it is the first speaker's words
    rows = run(
        'Kerr Putney, the police chief, said that the footage did not give "absolute definitive visual '
        'evidence that would confirm that a person is pointing a gun," but he said that the footage '
        '"supports what we\'ve heard" about what happened.'
    )
    first, second = find(rows, "absolute definitive"), find(rows, "supports what")
    assert first["quote_type"] == "partial" and first["speaker_text"] == "Kerr Putney, the police chief"
    assert second["speaker_text"] == "he"
