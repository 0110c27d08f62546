"""transforms.token_table and the context's sentences: the lists and bounds the rules read
instead of spaCy's Token and Span objects hold exactly what those objects would give."""

from __future__ import annotations

import pytest

from transforms.context import ArticleContext

TEXTS = [
    "Talks resume\n\nNorth Korea's envoy said “we are ready” on Monday.  Officials in Seoul didn't reply.",
    "WASHINGTON (AP) — The U.S. Senate voted 52-48.\nIt's over, she said: 'done'.\n\n\n© AFP / Handout",
    "Ce n'était pas mal du tout 😀, a-t-il dit.   Anne-Gaelle Sidot won 6-2 .",
    "",
]


@pytest.fixture(scope="module", params=TEXTS)
def parsed(request, nlp):
    doc = nlp(request.param)
    return doc, ArticleContext(doc, None, source_text=request.param)


def test_token_lists_are_what_the_tokens_say(parsed):
    doc, ctx = parsed
    toks = ctx.toks
    assert toks.words == [t.text for t in doc]
    assert toks.lowers == [t.lower_ for t in doc]
    assert toks.starts == [t.idx for t in doc]
    assert toks.spaced == [bool(t.whitespace_) for t in doc]
    assert toks.sent_starts == [t.is_sent_start is True for t in doc]
    assert [toks.end(i) for i in range(len(doc))] == [t.idx + len(t) for t in doc]


def test_span_text_is_the_span_text(parsed):
    doc, ctx = parsed
    n = len(doc)
    for start, end in [(0, 1), (0, n), (1, 3), (2, 2), (3, 1), (n - 2, n)]:
        assert ctx.toks.span_text(start, end) == doc[start:end].text


def test_sentences_are_doc_sents(parsed):
    doc, ctx = parsed
    sents = list(doc.sents)
    assert [(s.start, s.end, s.start_char, s.end_char) for s in ctx.sents] == [
        (s.start, s.end, s.start_char, s.end_char) for s in sents
    ]
    assert ctx.sentence_texts() == [s.text for s in sents]
    assert [(s.start, s.end) for s in ctx.sents[1:]] == [(s.start, s.end) for s in sents[1:]]
    for t in doc:
        assert ctx.sent_bounds(t.i) == (t.sent.start, t.sent.end)
