"""What counts as an attribution (issue 14): speech cues only, noun cues, coordinated cues,
"cited X as saying", quotative "be like", description speakers, and where no quote is sought."""

from __future__ import annotations

import pytest

from tests.transforms.quotes.helpers import find, indirect


@pytest.mark.parametrize(
    "text",
    [
        "One is it shows us that humans are not as rational as we like to think.",
        "The licence matters here, since we're talking about the user of a program.",
        "Our team propose to attract essential services to the new district.",
        "The mayor intended to close the old park before the winter.",
    ],
)
def test_non_speech_words_are_not_cues(run, text):
    assert [r["cue"] for r in run(text) if r["quote_type"] == "indirect"] == []


def test_description_with_modifiers_is_the_person_whose_role_matches(run):
    rows = run(
        "Donald Trump, the former president, met Mike Pompeo, the former secretary of state, in Hanoi.\n\n"
        "Pompeo spoke to reporters on Monday.\n\n"
        "The former US president just walked out of the summit after he reportedly said the United States "
        "would never lift sanctions."
    )
    r = indirect(rows, "would never lift sanctions")
    assert r["speaker_text"] == "he" and r["speaker_key"] == "person:donald trump"


def test_noun_cue_with_possessive_source(run):
    r = indirect(
        run("The candidate's claim that the economy was booming drew scorn from economists."), "the economy was booming"
    )
    assert r["cue"] == "claim" and r["speaker_text"].startswith("The candidate")


def test_cited_as_saying_is_the_cited_persons_speech(run):
    rows = run("Reuters cited a senior official as saying the talks had collapsed.")
    r = indirect(rows, "the talks had collapsed")
    assert r["cue"] == "saying" and r["speaker_text"] == "a senior official"
    assert not any(r["cue"] == "cited" for r in rows)


def test_quotative_be_like_is_its_subjects_speech(run):
    r = indirect(run("The teenagers are like, this is the best summer ever."), "the best summer ever")
    assert r["cue"] == "are like" and r["speaker_text"] == "The teenagers"


def test_coordinated_cues_are_two_relations_of_one_speaker(run):
    rows = run("Dana Whitfield said the plan was costly and added that it would fail.")
    said, added = indirect(rows, "the plan was costly"), indirect(rows, "it would fail")
    assert said["quote_text"] == "the plan was costly" and said["cue"] == "said"
    assert added["cue"] == "added" and added["speaker_text"] == "Dana Whitfield"


def test_content_takes_coordinated_that_clauses(run):
    r = indirect(
        run("Dana Whitfield said that the plan was costly, that it would raise taxes and that voters would reject it."),
        "the plan was costly",
    )
    assert r["quote_text"].endswith("voters would reject it")


def test_no_quotes_from_captions_or_interviewer_questions(run):
    rows = run(
        "Wikinews: Did you say the budget was too small for the city?\n\n"
        "Smith: I said the budget was too small, and I stand by it.\n\n"
        "Photo: The mayor said the new bridge would open in May."
    )
    texts = [r["quote_text"] for r in rows]
    assert any("budget was too small" in t for t in texts)
    assert not any("bridge" in t for t in texts) and not any("for the city" in t for t in texts)


def test_a_bracketed_interviewer_label_opens_the_interviewers_line(run):
    # Wikinews transcripts label turns "((WN))" and "((Name))"; what the interviewer relates in
    # a statement (no question mark) is not a quote the transcript reports
    rows = run(
        "((WN)) The mayor said the city needs a new stadium.\n\n"
        "((Dana Whitfield)) I said the stadium would cost too much."
    )
    texts = [r["quote_text"] for r in rows]
    assert any("would cost too much" in t for t in texts)
    assert not any("new stadium" in t for t in texts)


def test_i_in_an_answer_is_the_interviewee_its_turn_label_names(run):
    rows = run(
        "Wikinews spoke to the biologist Dana Whitfield about her study.\n\n"
        "((WN)) What did you find?\n\n"
        "((Dana Whitfield)) I think the rats prefer the warmer cage.\n\n"
        "It took a long time. I learned that they sleep more in winter."
    )
    assert indirect(rows, "rats prefer")["speaker_key"] == "person:dana whitfield"
    assert indirect(rows, "sleep more")["speaker_key"] == "person:dana whitfield"  # the turn goes on
    # outside a transcript, "I" stays no one
    assert indirect(run("I think the rats prefer the warmer cage."), "rats prefer")["speaker_key"] is None


def test_a_name_and_colon_opening_a_paragraph_reports_the_rest(run):
    rows = run("Dana Whitfield: The Budget Talks Will Fail\n\nSenator Dana Whitfield spoke to reporters on Monday.")
    r = indirect(rows, "Budget Talks")
    assert r["cue"] == ":" and r["speaker_text"] == "Dana Whitfield" and r["quote_text"] == "The Budget Talks Will Fail"
    r = indirect(run("Poll: Voters Back the New Stadium\n\nA poll of voters was published on Monday."), "Voters Back")
    assert r["speaker_text"] == "Poll"
    # a label that names no speaker
    rows = run("The Latest: Storm Closes the Coast Road\n\nThe storm hit the coast on Monday.")
    assert not [r for r in rows if r["cue"] == ":"]


def test_a_colon_paragraph_introduces_the_quotation_below(run):
    rows = run("The mayor continued:\n\n“We will rebuild the bridge, and we will do it this year.”")
    r = find(rows, "rebuild the bridge")
    assert r["cue"] == "continued" and r["speaker_text"] == "The mayor"
