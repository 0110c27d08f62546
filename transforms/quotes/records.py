"""What the quote stages produce: `QuoteRecord`, and its public row shape `STG_QUOTE`."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

STG_QUOTE = {
    "sentence_index": pl.Int64,
    "quote_text": pl.Utf8,
    "quote_type": pl.Utf8,
    "start_char": pl.Int64,
    "end_char": pl.Int64,
    "speaker_key": pl.Utf8,
    "speaker_text": pl.Utf8,
    "speaker_start": pl.Int64,
    "speaker_end": pl.Int64,
    "cue": pl.Utf8,
    "addressee_key": pl.Utf8,
    "attribution_method": pl.Utf8,
    "confidence": pl.Float64,
}
QUOTE_TYPES = ("direct", "partial", "indirect", "term")


@dataclass
class QuoteRecord:
    """One extracted quotation; `row()` is the public dict. The private fields let the
    evaluator rebuild whole attribution relations (one cue, possibly several content pieces)."""

    sentence_index: int
    start: int
    end: int
    quote_type: str
    speaker: tuple[int, int] | None = None
    speaker_key: str | None = None
    cue: tuple[int, int] | None = None
    addressee_key: str | None = None
    method: str | None = None
    confidence: float = 0.5
    relation_content: tuple[int, int] | None = None  # enclosing reported clause of a partial
    outer: tuple[int, int] | None = None  # span including the quotation marks
    extras: dict = field(default_factory=dict)

    def row(self, text: str) -> dict:
        sp = self.speaker
        return {
            "sentence_index": self.sentence_index,
            "quote_text": text[self.start : self.end],
            "quote_type": self.quote_type,
            "start_char": self.start,
            "end_char": self.end,
            "speaker_key": self.speaker_key,
            "speaker_text": text[sp[0] : sp[1]] if sp else None,
            "speaker_start": sp[0] if sp else None,
            "speaker_end": sp[1] if sp else None,
            "cue": text[self.cue[0] : self.cue[1]] if self.cue else None,
            "addressee_key": self.addressee_key,
            "attribution_method": self.method,
            "confidence": round(float(self.confidence), 3),
        }
