"""transforms.context: sections, the quote mask, sentence lookups and lemma repair."""

from __future__ import annotations

import pytest

from transforms.context import find_sections, lemma_candidates
from transforms.doc_model import TITLE_SEPARATOR


@pytest.mark.parametrize(
    "word, expected",
    [
        ("harrumphed", "harrumph"),
        ("quipped", "quip"),
        ("tried", "try"),
        ("promises", "promise"),
        ("hoping", "hope"),
        ("averred", "aver"),
    ],
)
def test_lemma_candidates(word, expected):
    assert expected in lemma_candidates(word)


CAPTION = "© AFP 2021 / Handout / KCTV This screen grab image taken from North Korean broadcaster KCTV shows a launch"


def test_sections_mark_the_title_and_captions(lexicons):
    from transforms.context import caption_patterns

    title, body = "Talks resume", f"Officials met on Monday.\n\n{CAPTION}\n\nThey spoke for an hour."
    text = title + TITLE_SEPARATOR + body
    secs = find_sections(text, len(title) + len(TITLE_SEPARATOR), caption_patterns(lexicons.vocab))
    assert [(s.name, text[s.start : s.end].strip()) for s in secs] == [
        ("title", title),
        ("body", "Officials met on Monday."),
        ("caption", CAPTION),
        ("body", "They spoke for an hour."),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Photo: Reuters",
        "(c) Getty Images 2020",
        "Image: A protester in Hong Kong",
        "AFP/ File photo of the summit",
        "Protesters march in London / Reuters",
        # a credit line naming the one pictured: "Susan Rice Image: White House", "Jo JorgensenImage: …"
        "Susan Rice Image: White House",
        "Jo JorgensenImage: Jo Jorgensen for President",
    ],
)
def test_caption_lines(lexicons, line):
    from transforms.context import caption_patterns

    assert [s.name for s in find_sections(line, 0, caption_patterns(lexicons.vocab))] == ["caption"]


@pytest.mark.parametrize(
    "line",
    [
        "The Photo Agency said on Monday it would close.",
        "Reuters reported that talks had stalled.",
        "He said 50/50 was a fair split.",
        "The image of the summit stayed with voters: a handshake, then silence.",
    ],
)
def test_body_lines_are_not_captions(lexicons, line):
    from transforms.context import caption_patterns

    assert [s.name for s in find_sections(line, 0, caption_patterns(lexicons.vocab))] == ["body"]


def test_context_lookups(analyse):
    text = "Kim met Pompeo. “We will talk,” he said.\n\nTalks went on."
    ctx = analyse(text)
    said = next(t for t in ctx.doc if t.lower_ == "said")
    assert ctx.sent_index(said) == 1 and ctx.sent_index_at(said.idx) == 1
    assert ctx.in_quote(next(t for t in ctx.doc if t.lower_ == "talk")) and not ctx.in_quote(said)
    assert (
        ctx.text[ctx.quote_spans[0].start : ctx.quote_spans[0].end] == "We will talk"
    )  # the comma stands for a full stop
    assert ctx.coref.pronoun(next(t for t in ctx.doc if t.lower_ == "he")) is not None


@pytest.mark.parametrize(
    ("lemma", "forms", "not_forms"),
    [
        ("hop", {"hops", "hopped", "hopping"}, {"hoped", "hoping", "hopes"}),
        ("push", {"pushes", "pushed", "pushing"}, {"pushs"}),
        ("hope", {"hopes", "hoped", "hoping"}, {"hopped"}),
        ("try", {"tries", "tried", "trying"}, {"tryed"}),
        ("visit", {"visits", "visited", "visiting"}, {"visitted"}),
        ("stop", {"stopped", "stopping"}, {"stoped"}),
        ("see", {"sees", "seeing"}, set()),
    ],
)
def test_regular_inflections(lemma, forms, not_forms):
    from transforms.context import regular_inflections

    got = regular_inflections(lemma)
    assert forms <= got and not (not_forms & got)


@pytest.mark.parametrize(
    ("text", "word", "lemma"),
    [
        ("The minister hoped that the talks would resume.", "hoped", "hope"),
        ("The minister is hoping that the talks resume.", "hoping", "hope"),
        ("The rabbit hopped over the fence.", "hopped", "hop"),
        ("The ministers stopped the talks.", "stopped", "stop"),
    ],
)
def test_a_verb_gets_the_known_lemma_its_form_belongs_to(analyse, text, word, lemma):
    ctx = analyse(text)
    (tok,) = [t for t in ctx.doc if t.text == word]
    assert tok.lemma_ == lemma
