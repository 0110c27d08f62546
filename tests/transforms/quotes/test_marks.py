"""transforms.quotes.marks: pairing quotation marks, and quotes read from marks alone."""

from __future__ import annotations

import pytest

from tests.transforms.quotes.helpers import find
from transforms import quotes as qm
from transforms.doc_model import TITLE_SEPARATOR


def test_quote_spans_pure_function():
    text = "“One,” he said, “two.”\n\n“Three"
    spans = qm.find_quote_spans(text)
    assert [text[s.start : s.end] for s in spans] == ["One", "two.", "Three"]
    assert spans[-1].close_mark is None


def test_two_apostrophes_are_a_double_mark(run):
    text = "Mike Pompeo arrived in Seoul.\n\n''We will keep talking to our partners,'' Pompeo said."
    spans = qm.find_quote_spans(text)
    assert len(spans) == 1
    q = spans[0]
    assert text[q.open_mark : q.outer_end] == "''We will keep talking to our partners,''"
    r = find(run(text), "keep talking")
    assert r["quote_text"] == "We will keep talking to our partners"
    assert r["quote_type"] == "direct" and r["speaker_key"] == "person:mike pompeo"


def test_apostrophes_in_words_stay_apostrophes():
    text = "The players' union said it won't strike."
    assert qm.find_quote_spans(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "He said “this never closes.\n\nA second paragraph about something else entirely.\n\nAnd a third one.",
        "A stray closing mark” here.\n\n“Fine,” she said.",
        "“",
        "”",
        '"',
        "Nothing quoted at all.",
        "",
        'Odd "straight marks " everywhere " in this paragraph.\n\nNext paragraph stays free.',
    ],
)
def test_unbalanced_marks_never_crash_or_swallow(run, text):
    rows = run(text)
    paras = [p for p in text.split("\n\n")]
    for r in rows:
        if r["quote_type"] != "indirect":
            assert "\n" not in r["quote_text"]  # bounded by its paragraph
    if text.startswith("He said"):
        assert find(rows, "this never closes")["quote_text"] == "this never closes."
        assert not any("second paragraph" in r["quote_text"] for r in rows)
    assert paras is not None


def test_scare_quotes_are_terms(run):
    rows = run(
        "Negotiators bristled at terms like “complete,” “verifiable,” and “irreversible” during the talks. "
        'The country will change its policy of "threatening" its neighbours.'
    )
    for w in ("complete", "verifiable", "irreversible", "threatening"):
        r = find(rows, w)
        assert r["quote_type"] == "term" and r["speaker_key"] is None and r["speaker_text"] is None


def test_headline_quote(run):
    title = "Pompeo Insists Talks ‘Productive,’ But ‘There’s Still More Work To Be Done’"
    rows = run(title + TITLE_SEPARATOR + "Secretary of State Mike Pompeo left North Korea on Saturday.")
    r = find(rows, "Still More Work")
    assert r["start_char"] < len(title) and r["speaker_key"] == "person:mike pompeo"
    assert "There’s Still More Work To Be Done" == r["quote_text"]  # the apostrophe is not a mark


@pytest.mark.parametrize(
    "text, contents",
    [
        # a quotation inside a quotation with the same marks is part of its words
        (
            "“The council wants what it calls “order” in every park, and nobody asked us.” ― Ana Ruiz",
            ["The council wants what it calls “order” in every park, and nobody asked us."],
        ),
        # two quotations side by side stay two
        ("“Yes,” she said, “and “no” too.” “Fine.”", ["Yes", "and “no” too.", "Fine."]),
        # an opening mark never closed still ends at the next opening mark
        ("He said “yes and “no” and left.", ["yes and “no” and left.", "no"]),
    ],
)
def test_nested_quotations_with_the_same_marks(text, contents):
    assert [text[s.start : s.end] for s in qm.find_quote_spans(text)] == contents


def test_a_nested_quotation_keeps_the_dash_speaker(run):
    r = find(
        run("“The council wants what it calls “order” in every park, and nobody asked us.” ― Ana Ruiz"), "every park"
    )
    assert r["cue"] == "―" and r["speaker_text"] == "Ana Ruiz"
