"""Tone: lexicon-based sentiment (VADER's compound score, -1 most negative .. +1 most positive)
from `nltk-vader-sentiment`, which ships VADER's lexicon as Python data (nothing is downloaded
or read from disk at run time).

- a quote's tone is the compound score of its text (`fact_quote.tone`);
- an article's tone is the mean of the compound scores of its sentences, title and body
  (spaCy's sentences, the ones `sentence_index` counts; a sentence without a letter or a digit
  is left out), or 0.0 when it has none (`dim_article.tone`). VADER saturates on long texts
  (a whole article scores near -1 or +1), so the article is scored sentence by sentence.

Both are computed in the NLP worker, where the parse's sentences are at hand: about 2 ms an
article on Wikinews (23 sentences), against ~140 ms for its parse. One analyser per process.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

import polars as pl

STG_ARTICLE_TONE = {"article_id": pl.Utf8, "tone": pl.Float64}


@cache
def analyser():
    """The process's one VADER analyser (its lexicon is built once, ~2 ms)."""
    from vader import SentimentIntensityAnalyzer
    from vader.data.emoji import EMOJI

    class Analyser(SentimentIntensityAnalyzer):
        """VADER's own scores, its scans skipped where they cannot change them: the phrase
        scans join every window of a sentence (~40% of the scoring time) to find one of the
        few phrases, which need all their words in it; the emoji scan is `_AsciiEmoji`; a
        sentence with no scored word (two in five) skips the score arithmetic. They override
        VADER's private methods: check them when the package's version changes."""

        def __init__(self):
            super().__init__()
            self._multiword_phrases = _Phrases(self.multiword)
            self._idiom_phrases = _Phrases(self.idioms)
            self._emoji = _AsciiEmoji(self._emoji, EMOJI)

        def _match_multiword(self, lowered):
            if not self._multiword_phrases.within(lowered):
                return {}, frozenset()
            return super()._match_multiword(lowered)

        def _laden_idioms(self, lowered):
            if not self._idiom_phrases.within(lowered):
                return []
            return super()._laden_idioms(lowered)

        def _score_valence(self, sentiments, text):
            if sentiments and not any(sentiments):  # no word scored: VADER's own neutral result
                return {"neg": 0.0, "neu": 1.0, "pos": 0.0, "compound": 0.0}
            return super()._score_valence(sentiments, text)

    return Analyser()


class _AsciiEmoji:
    """VADER's emoji translator, short-cut on ASCII text. No emoji is ASCII, so there the
    translator only strips the text, and only when it holds a character an emoji starts with
    (a digit, "#"): a quarter of news sentences, which it reads a character at a time."""

    def __init__(self, translator, emoji):
        self.translator = translator
        firsts = sorted({e[0] for e in emoji if e and e[0].isascii()})
        # one regex scan for the ASCII first characters, not a set test per character
        self.ascii_firsts = re.compile("[" + re.escape("".join(firsts)) + "]") if firsts else None
        self.usable = not any(e.isascii() for e in emoji)

    def translate(self, text: str) -> str:
        if not (self.usable and text.isascii()):
            return self.translator.translate(text)
        return text if self.ascii_firsts is None or not self.ascii_firsts.search(text) else text.strip()


class _Phrases:
    """Phrases of space-separated words, and whether one has all its words in a sentence."""

    def __init__(self, phrases):
        split = [p.split(" ") for p in phrases]
        self.words = [frozenset(w) for w in split]
        # a phrase is in a sentence only if its longest word (the last of equal ones: "in the
        # red" -> "red") is: one set test rules out most sentences
        self.keys = frozenset(max(reversed(w), key=len) for w in split)

    def within(self, words: list[str]) -> bool:
        if self.keys.isdisjoint(words):
            return False
        present = set(words)
        return any(p <= present for p in self.words)


def tone(text: str | None) -> float:
    """VADER's compound score of one text (0.0 for an empty one)."""
    if not text or not text.strip():
        return 0.0
    return analyser().polarity_scores(text)["compound"]


def mean_tone(sentences: Iterable[str]) -> float:
    """The mean compound score of the sentences that hold a letter or a digit (0.0 for none)."""
    scores = [tone(s) for s in sentences if any(ch.isalnum() for ch in s)]
    return round(sum(scores) / len(scores), 4) if scores else 0.0
