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

from collections.abc import Iterable
from functools import cache

import polars as pl

STG_ARTICLE_TONE = {"article_id": pl.Utf8, "tone": pl.Float64}


@cache
def analyser():
    """The process's one VADER analyser (its lexicon is built once, ~2 ms)."""
    from vader import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def tone(text: str | None) -> float:
    """VADER's compound score of one text (0.0 for an empty one)."""
    if not text or not text.strip():
        return 0.0
    return analyser().polarity_scores(text)["compound"]


def mean_tone(sentences: Iterable[str]) -> float:
    """The mean compound score of the sentences that hold a letter or a digit (0.0 for none)."""
    scores = [tone(s) for s in sentences if any(ch.isalnum() for ch in s)]
    return round(sum(scores) / len(scores), 4) if scores else 0.0
