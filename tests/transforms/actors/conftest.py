"""Fixtures of the actor tests: the compiled lexicon, and `run` (text -> ArticleActors, with
the mention contract every consumer relies on checked on the way)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def lexicon(lexicons):
    return lexicons.actors


@pytest.fixture(scope="module")
def run(analyse):
    def _run(text: str):
        ctx = analyse(text)
        doc, aa = ctx.doc, ctx.actors
        for m in aa.mentions:  # the contract every consumer relies on
            assert m.text == doc.text[m.start_char : m.end_char]
            assert 0 <= m.sentence_index < len(list(doc.sents))
        return aa

    return _run
